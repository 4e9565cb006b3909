//! The charts of each page, drawn from the same numbers as the tables
//! beside them. Only published cohorts reach here (see [`Benchmarks`]).

use serde::Serialize;

use crate::analysis::benchmark::{Benchmarks, Cohort};
use crate::analysis::report::Report;
use crate::analysis::stats::{PeerBand, Summary};
use crate::charts::{self, Band, BarRow, BoxRow, BoxStats, RadarAxis, Series, StackRow, Svg};
use crate::domain::model::Model;
use crate::text::number::format_score;

/// A chart ready for a template (`partials/chart.html`): the SVG and the
/// same numbers as a table.
#[derive(Serialize)]
pub struct ChartView {
    /// The inline SVG, escaped and sanitised by the chart module.
    pub markup: String,
    /// Short title, for the figure caption.
    pub title: String,
    /// Text description with the key numbers.
    pub description: String,
    /// The chart's numbers.
    pub table: DataTable,
}

/// A chart's numbers as a table.
#[derive(Serialize, Default)]
pub struct DataTable {
    /// Column headers; the first column labels the rows.
    pub headers: Vec<String>,
    /// Rows of formatted cells.
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    fn new(headers: &[&str]) -> Self {
        DataTable {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

fn chart(svg: Svg, table: DataTable) -> ChartView {
    ChartView {
        markup: svg.markup,
        title: svg.title,
        description: svg.description,
        table,
    }
}

/// A score as pages show it, or a dash.
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), format_score)
}

/// A cohort's quartiles as the charts draw them (charts know no statistics).
fn band(s: PeerBand) -> Band {
    Band {
        q1: s.q1,
        median: s.median,
        q3: s.q3,
    }
}

/// A five-number summary and mean as a box plot draws them.
fn box_stats(s: &Summary) -> BoxStats {
    BoxStats {
        min: s.min,
        q1: s.q1,
        median: s.median,
        q3: s.q3,
        max: s.max,
        mean: s.mean,
    }
}

/// The charts of one report. Neither carries a data table: the report's
/// dimension table and capability grid print the same numbers beside them.
#[derive(Serialize)]
pub struct ReportCharts {
    /// Dimension scores against the peers.
    pub radar: ChartView,
    /// Every capability's score with the peer band and the target, in
    /// model order: one chart, so capabilities compare across dimensions.
    pub capabilities: ChartView,
}

/// Draws the charts of `report`.
pub fn report_charts(model: &Model, report: &Report<'_>) -> ReportCharts {
    let an = &report.analysis;
    let s = report.scores;
    let max = f64::from(model.max_level());
    let peers = an.peers;
    let axes: Vec<RadarAxis> = model
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| RadarAxis {
            label: dim.name.clone(),
            value: s.dimensions[d].as_ref().map(|x| x.score),
            peers: peers
                .and_then(|p| p.dimensions[d].as_ref())
                .map(|s| band(PeerBand::from(s))),
        })
        .collect();
    // The dimension table beside the radar and the capability grid below
    // the bars print every number the charts draw, so the charts' text
    // alternatives say what they show and point there.
    let peers_said = if peers.is_some() {
        " against the peers' median and middle half"
    } else {
        ""
    };
    let radar = chart(
        charts::radar("radar", "Dimension scores against the peers", &axes, max).with_description(
            &format!(
                "The score of each dimension{peers_said}; the dimension table gives the numbers."
            ),
        ),
        DataTable::default(),
    );

    let target = f64::from(an.to_target.target);
    let rows: Vec<BarRow> = model
        .capabilities()
        .enumerate()
        .map(|(i, (_, cap))| BarRow {
            label: cap.name.clone(),
            value: s.capabilities[i].as_ref().map(|x| x.score),
            peers: peers
                .and_then(|p| p.capabilities[i].as_ref())
                .map(|s| band(PeerBand::from(s))),
            target: Some(target),
        })
        .collect();
    let capabilities = chart(
        charts::bullet_bars("capabilities", "Capability scores", &rows, max).with_description(
            &format!(
                "The score of every capability{peers_said}, and the target, level {}; the capability table gives the numbers.",
                an.to_target.target
            ),
        ),
        DataTable::default(),
    );
    ReportCharts {
        radar,
        capabilities,
    }
}

/// The charts of an organisation's page.
#[derive(Serialize)]
pub struct HistoryCharts {
    /// See [`trend_chart`].
    pub trend: Option<ChartView>,
}

/// The organisation's overall and dimension scores over its published
/// reports (`history`, in period order), with their numbers as a table:
/// the history table beside it shows only the overall figures. `None`
/// with fewer than two reports.
pub fn trend_chart(model: &Model, history: &[&Report<'_>]) -> Option<ChartView> {
    if history.len() < 2 {
        return None;
    }
    let max = f64::from(model.max_level());
    let periods: Vec<String> = history
        .iter()
        .map(|r| r.assessment.period.clone())
        .collect();
    let mut series = vec![Series {
        label: "Overall".to_owned(),
        points: history
            .iter()
            .map(|r| Some(r.scores.overall.score))
            .collect(),
        band: None,
    }];
    for (d, dim) in model.dimensions.iter().enumerate() {
        series.push(Series {
            label: dim.name.clone(),
            points: history
                .iter()
                .map(|r| r.scores.dimensions[d].as_ref().map(|x| x.score))
                .collect(),
            band: None,
        });
    }
    let mut headers = vec!["Series".to_owned()];
    headers.extend(periods.iter().cloned());
    let mut table = DataTable {
        headers,
        rows: Vec::new(),
    };
    for s in &series {
        let mut row = vec![s.label.clone()];
        row.extend(s.points.iter().map(|p| num(*p)));
        table.row(row);
    }
    Some(chart(
        charts::trend("trend", "Scores over the periods", &periods, &series, max),
        table,
    ))
}

/// The charts of a cohort page or a period overview.
#[derive(Serialize)]
pub struct CohortCharts {
    /// Level distribution: of each published cohort of the period (overview)
    /// or of this cohort in each period (cohort page).
    pub levels: ChartView,
    /// Box plots of the dimension scores.
    pub boxes: ChartView,
    /// Median and middle half over the periods.
    pub trend: Option<ChartView>,
    /// Cohort x dimension medians (overview only).
    pub heatmap: Option<ChartView>,
}

fn level_names(model: &Model) -> Vec<String> {
    (0..=model.max_level())
        .map(|l| format!("{l} {}", model.level_name(l)))
        .collect()
}

fn stack(label: String, c: &Cohort) -> StackRow {
    StackRow {
        label,
        counts: c.levels.iter().map(|l| l.count).collect(),
    }
}

/// Draws the charts of a cohort. With `overview`, the level distribution and
/// heatmap compare every published cohort of the period.
pub fn cohort_charts(
    model: &Model,
    benchmarks: &Benchmarks,
    cohort: &Cohort,
    overview: bool,
) -> CohortCharts {
    let max = f64::from(model.max_level());
    let trend: Vec<&Cohort> = benchmarks.trend(cohort.group.as_ref()).collect();
    let peers: Vec<&Cohort> = benchmarks.of_period(&cohort.period).collect();
    let rows: Vec<StackRow> = if overview {
        peers.iter().map(|c| stack(c.label(), c)).collect()
    } else {
        trend.iter().map(|c| stack(c.period.clone(), c)).collect()
    };
    let names = level_names(model);
    let mut headers = vec![if overview {
        "Cohort".to_owned()
    } else {
        "Period".to_owned()
    }];
    headers.extend(names.iter().cloned());
    let mut table = DataTable {
        headers,
        rows: Vec::new(),
    };
    for r in &rows {
        let mut row = vec![r.label.clone()];
        row.extend(r.counts.iter().map(usize::to_string));
        table.row(row);
    }
    let levels = chart(
        charts::level_distribution("levels", "Level distribution", &names, &rows),
        table,
    );
    let boxes: Vec<BoxRow> = model
        .dimensions
        .iter()
        .zip(&cohort.dimensions)
        .map(|(d, s)| BoxRow {
            label: d.name.clone(),
            stats: s.as_ref().map(box_stats),
        })
        .collect();
    let mut table = DataTable::new(&[
        "Dimension",
        "Minimum",
        "First quartile",
        "Median",
        "Third quartile",
        "Maximum",
        "Mean",
    ]);
    for b in &boxes {
        let s = b.stats.as_ref();
        table.row(vec![
            b.label.clone(),
            num(s.map(|s| s.min)),
            num(s.map(|s| s.q1)),
            num(s.map(|s| s.median)),
            num(s.map(|s| s.q3)),
            num(s.map(|s| s.max)),
            num(s.map(|s| s.mean)),
        ]);
    }
    let boxes = chart(
        charts::box_plots("boxes", "Dimension scores", &boxes, max),
        table,
    );
    let trend = (trend.len() > 1).then(|| {
        let periods: Vec<String> = trend.iter().map(|c| c.period.clone()).collect();
        let series = [Series {
            label: "Median overall score".to_owned(),
            points: trend.iter().map(|c| Some(c.score.median)).collect(),
            band: Some(
                trend
                    .iter()
                    .map(|c| Some((c.score.q1, c.score.q3)))
                    .collect(),
            ),
        }];
        let mut table = DataTable::new(&["Period", "First quartile", "Median", "Third quartile"]);
        for c in &trend {
            table.row(vec![
                c.period.clone(),
                format_score(c.score.q1),
                format_score(c.score.median),
                format_score(c.score.q3),
            ]);
        }
        chart(
            charts::trend(
                "trend",
                "Overall score over the periods",
                &periods,
                &series,
                max,
            ),
            table,
        )
    });
    let heatmap = overview.then(|| {
        let columns: Vec<String> = model.dimensions.iter().map(|d| d.name.clone()).collect();
        let rows: Vec<(String, Vec<Option<f64>>)> = peers
            .iter()
            .map(|c| {
                (
                    c.label(),
                    c.dimensions
                        .iter()
                        .map(|s| s.as_ref().map(|s| s.median))
                        .collect(),
                )
            })
            .collect();
        let mut headers = vec!["Cohort".to_owned()];
        headers.extend(columns.iter().cloned());
        let mut table = DataTable {
            headers,
            rows: Vec::new(),
        };
        for (label, cells) in &rows {
            let mut row = vec![label.clone()];
            row.extend(cells.iter().map(|c| num(*c)));
            table.row(row);
        }
        chart(
            charts::heatmap(
                "heatmap",
                "Median score by cohort and dimension",
                &columns,
                &rows,
                max,
            ),
            table,
        )
    });
    CohortCharts {
        levels,
        boxes,
        trend,
        heatmap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_reach_the_charts_unchanged() {
        let s = Summary::of(&mut [1.0, 2.0, 3.0, 4.0, 5.0]).expect("values");
        let b = box_stats(&s);
        assert_eq!(
            (b.min, b.q1, b.median, b.q3, b.max, b.mean),
            (1.0, 2.0, 3.0, 4.0, 5.0, 3.0)
        );
        let band = band(PeerBand::from(&s));
        assert_eq!((band.q1, band.median, band.q3), (2.0, 3.0, 4.0));
    }
}
