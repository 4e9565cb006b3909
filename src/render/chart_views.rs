//! The charts of each page, drawn from the same numbers as the tables
//! beside them. Only published cohorts reach here (see [`Benchmarks`]).

use serde::Serialize;

use crate::analysis::benchmark::{Benchmarks, Cohort};
use crate::analysis::report::Report;
use crate::analysis::stats::{PeerBand, Summary};
use crate::charts::{
    self, Band, BarRow, BoxRow, BoxStats, RadarAxis, Series, StackRow, Svg, Words,
};
use crate::domain::model::Model;
use crate::domain::strings::StringTable;
use crate::render::views::{cohort_label, level_name};
use crate::text::number::format_score;

/// The words charts draw, from the site's string table.
pub fn words(t: &StringTable) -> Words<'_> {
    Words {
        no_data: t.text("chart.no_data"),
        score: t.text("chart.score"),
        this_assessment: t.text("chart.this_assessment"),
        peer_median: t.text("chart.peer_median"),
        peers_middle_half: t.text("chart.peers_middle_half"),
        target: t.text("chart.target"),
        lowest_to_highest: t.text("chart.lowest_to_highest"),
        middle_half: t.text("common.middle_half"),
        median: t.text("common.median"),
        mean: t.text("common.mean"),
        shaded_middle_half: t.text("chart.shaded_middle_half"),
        shade_by_median: t.text("chart.shade_by_median"),
        n_a: t.text("chart.n_a"),
        n_a_note: t.text("chart.n_a_note"),
        withheld: t.text("common.withheld"),
        no_responses: t.text("chart.no_responses"),
        no_responses_text: t.text("chart.no_responses_text"),
        level_n: t.text("common.level_n"),
        n_total: t.text("chart.n_total"),
        scale: t.text("chart.scale"),
        target_every_row: t.text("chart.target_every_row"),
        target_level: t.text("chart.target_level"),
        value: t.text("chart.value"),
        value_not_applicable: t.text("chart.value_not_applicable"),
        value_no_data: t.text("chart.value_no_data"),
        labelled: t.text("chart.labelled"),
        bar_peers: t.text("chart.bar_peers"),
        bar_target: t.text("chart.bar_target"),
        radar_scale: t.text("chart.radar_scale"),
        radar_peers: t.text("chart.radar_peers"),
        box_row: t.text("chart.box_row"),
        levels_row: t.text("chart.levels_row"),
        levels_share: t.text("chart.levels_share"),
        heatmap_scale: t.text("chart.heatmap_scale"),
        trend_scale: t.text("chart.trend_scale"),
        trend_band: t.text("chart.trend_band"),
        open: t.text("chart.open"),
        close: t.text("chart.close"),
        part_sep: t.text("chart.part_sep"),
        list_sep: t.text("format.list_sep"),
        full_stop: t.text("chart.full_stop"),
    }
}

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
    /// A table whose headers are the strings of `keys`.
    fn new(t: &StringTable, keys: &[&str]) -> Self {
        DataTable {
            headers: keys.iter().map(|k| t.text(k).to_owned()).collect(),
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

/// Draws the charts of `report`, in the words of `t`.
pub fn report_charts(model: &Model, t: &StringTable, report: &Report<'_>) -> ReportCharts {
    let words = words(t);
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
            peers: peers.and_then(|p| p.dimension(d)).map(band),
        })
        .collect();
    // The dimension table beside the radar and the capability grid below
    // the bars print every number the charts draw, so the charts' text
    // alternatives say what they show and point there.
    let with_peers = |key: &'static str, peers_key: &'static str| {
        if peers.is_some() { peers_key } else { key }
    };
    let radar = chart(
        charts::radar("radar", t.text("chart.radar_title"), &axes, max, &words).with_description(
            t.text(with_peers(
                "chart.radar_description",
                "chart.radar_description_peers",
            )),
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
            peers: peers.and_then(|p| p.capability(i)).map(band),
            target: Some(target),
        })
        .collect();
    let title = t.text("chart.capabilities_title");
    let description = t.fill(
        with_peers(
            "chart.capabilities_description",
            "chart.capabilities_description_peers",
        ),
        &[("target", &an.to_target.target.to_string())],
    );
    let capabilities = chart(
        charts::bullet_bars("capabilities", title, &rows, max, &words)
            .with_description(&description),
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
/// with fewer than two reports. In the words of `t`.
pub fn trend_chart(model: &Model, t: &StringTable, history: &[&Report<'_>]) -> Option<ChartView> {
    if history.len() < 2 {
        return None;
    }
    let max = f64::from(model.max_level());
    let periods: Vec<String> = history
        .iter()
        .map(|r| r.assessment.period.clone())
        .collect();
    let mut series = vec![Series {
        label: t.text("chart.overall").to_owned(),
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
    let mut headers = vec![t.text("chart.series").to_owned()];
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
        charts::trend(
            "trend",
            t.text("chart.history_title"),
            &periods,
            &series,
            max,
            &words(t),
        ),
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

fn level_names(model: &Model, t: &StringTable) -> Vec<String> {
    (0..=model.max_level())
        .map(|l| format!("{l} {}", level_name(model, t, l)))
        .collect()
}

fn stack(label: String, c: &Cohort) -> StackRow {
    StackRow {
        label,
        counts: c.levels.iter().map(|l| l.count).collect(),
    }
}

/// Draws the charts of a cohort. With `overview`, the level distribution and
/// heatmap compare every published cohort of the period. In the words of
/// `t`.
pub fn cohort_charts(
    model: &Model,
    t: &StringTable,
    benchmarks: &Benchmarks,
    cohort: &Cohort,
    overview: bool,
) -> CohortCharts {
    let words = words(t);
    let max = f64::from(model.max_level());
    let trend: Vec<&Cohort> = benchmarks.trend(cohort.group.as_ref()).collect();
    let peers: Vec<&Cohort> = benchmarks.of_period(&cohort.period).collect();
    let rows: Vec<StackRow> = if overview {
        peers.iter().map(|c| stack(cohort_label(c, t), c)).collect()
    } else {
        trend.iter().map(|c| stack(c.period.clone(), c)).collect()
    };
    let names = level_names(model, t);
    let mut headers = vec![
        t.text(if overview {
            "common.cohort"
        } else {
            "common.period"
        })
        .to_owned(),
    ];
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
        charts::level_distribution(
            "levels",
            t.text("common.level_distribution"),
            &names,
            &rows,
            &words,
        ),
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
    let mut table = DataTable::new(
        t,
        &[
            "common.dimension",
            "common.minimum",
            "common.first_quartile",
            "common.median",
            "common.third_quartile",
            "common.maximum",
            "common.mean",
        ],
    );
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
        charts::box_plots("boxes", t.text("chart.boxes_title"), &boxes, max, &words),
        table,
    );
    let trend = (trend.len() > 1).then(|| {
        let periods: Vec<String> = trend.iter().map(|c| c.period.clone()).collect();
        let series = [Series {
            label: t.text("chart.median_overall").to_owned(),
            points: trend.iter().map(|c| Some(c.score.median)).collect(),
            band: Some(
                trend
                    .iter()
                    .map(|c| Some((c.score.q1, c.score.q3)))
                    .collect(),
            ),
        }];
        let mut table = DataTable::new(
            t,
            &[
                "common.period",
                "common.first_quartile",
                "common.median",
                "common.third_quartile",
            ],
        );
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
                t.text("chart.cohort_trend_title"),
                &periods,
                &series,
                max,
                &words,
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
                    cohort_label(c, t),
                    c.dimensions
                        .iter()
                        .map(|s| s.as_ref().map(|s| s.median))
                        .collect(),
                )
            })
            .collect();
        let mut headers = vec![t.text("common.cohort").to_owned()];
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
                t.text("chart.heatmap_title"),
                &columns,
                &rows,
                max,
                &words,
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
