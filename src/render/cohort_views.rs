//! What benchmark templates see: published cohorts with their statistics,
//! trends, sector roadmaps and the period heatmap. Built only from
//! [`Benchmarks`], which holds no suppressed cohort.

use serde::Serialize;

use crate::analysis::benchmark::{Benchmarks, Cohort};
use crate::analysis::roadmap;
use crate::analysis::score::AssessmentScores;
use crate::analysis::stats::Summary;
use crate::domain::model::Model;
use crate::domain::strings::StringTable;
use crate::render::views::{cohort_label, level_name};

/// One cohort's page.
#[derive(Serialize)]
pub struct CohortView<'a> {
    /// `all`, or `sector: automotive`.
    pub label: String,
    /// The period the cohort belongs to, as assessments name it (`2025`).
    pub period: &'a str,
    /// The attribute as readers see it (its label in site.yaml, else as
    /// written), `None` for all.
    pub attribute: Option<&'a str>,
    /// The value as readers see it (its label, else as written), `None`
    /// for all.
    pub value: Option<&'a str>,
    /// Page URL path.
    pub url: String,
    /// Members the statistics count.
    pub n: usize,
    /// Members assessed, counted or not.
    pub assessed: usize,
    /// Unpublished members left out of the statistics (scoring.md §5).
    pub left_out: usize,
    /// Overall score statistics.
    pub score: &'a Summary,
    /// Level distribution, every level 0..K.
    pub levels: Vec<LevelRow<'a>>,
    /// Statistics of each dimension score, in model order; a withheld one is empty.
    pub dimensions: Vec<StatRow<'a>>,
    /// Statistics of each capability score, in model order; a withheld one is empty.
    pub capabilities: Vec<StatRow<'a>>,
    /// Self-assessed and third-party members.
    pub methods: MethodView,
    /// The sector roadmap.
    pub sector_roadmap: Vec<SectorLevelView<'a>>,
    /// The same cohort in every period where it is published.
    pub trend: Vec<TrendPoint<'a>>,
}

/// A level and how many members reach it.
#[derive(Serialize)]
pub struct LevelRow<'a> {
    /// The level number, 0 to K.
    pub level: u32,
    /// The level's name in the model.
    pub name: &'a str,
    /// Members at that level.
    pub count: usize,
    /// Share in percent (one decimal).
    pub percent: String,
}

/// Statistics of a dimension or capability.
#[derive(Serialize)]
pub struct StatRow<'a> {
    /// The dimension or capability id, as in the model (anchors use it).
    pub id: &'a str,
    /// The dimension or capability name shown to readers.
    pub name: &'a str,
    /// The dimension page it belongs to.
    pub dimension: &'a str,
    /// `None` when withheld (too few members have it).
    pub stats: Option<&'a Summary>,
}

/// Members by assessment method.
#[derive(Serialize)]
pub struct MethodView {
    /// Members the organisation assessed itself.
    pub self_assessed: usize,
    /// Members an independent assessor assessed.
    pub third_party: usize,
    /// Members whose assessment names no method.
    pub unspecified: usize,
    /// Median of self-assessments.
    pub self_median: Option<f64>,
    /// Median of third-party assessments.
    pub third_party_median: Option<f64>,
}

/// One level of the sector roadmap.
#[derive(Serialize)]
pub struct SectorLevelView<'a> {
    /// The level to reach.
    pub level: u32,
    /// The level's name in the model.
    pub name: &'a str,
    /// The level below's name.
    pub from_name: &'a str,
    /// Members at the level below.
    pub members: usize,
    /// Capabilities most often below the level.
    pub capabilities: Vec<SectorCapability<'a>>,
}

/// A capability in the sector roadmap.
#[derive(Serialize)]
pub struct SectorCapability<'a> {
    /// The capability id, as in the model.
    pub id: &'a str,
    /// The capability name shown to readers.
    pub name: &'a str,
    /// Its dimension's id.
    pub dimension: &'a str,
    /// How many members stand below the level in it.
    pub count: usize,
    /// The same in percent of the members at the level below.
    pub percent: String,
}

/// A cohort in one period.
#[derive(Serialize)]
pub struct TrendPoint<'a> {
    /// The period of this point of the trend.
    pub period: &'a str,
    /// The cohort's page in that period, relative to the site root.
    pub url: String,
    /// Members counted in that period.
    pub n: usize,
    /// The overall score statistics of that period.
    pub score: &'a Summary,
    /// Whether this is the page being shown.
    pub current: bool,
}

fn percent(count: usize, n: usize) -> String {
    if n == 0 {
        return "0.0".to_owned();
    }
    format!("{:.1}", count as f64 * 100.0 / n as f64)
}

impl<'a> CohortView<'a> {
    /// The view of one cohort, in the words of `t`.
    pub fn new(
        model: &'a Model,
        t: &'a StringTable,
        benchmarks: &'a Benchmarks,
        cohort: &'a Cohort,
        scores: &[AssessmentScores],
    ) -> Self {
        let caps: Vec<(&str, &str, &str)> = model
            .capabilities()
            .map(|(ci, c)| {
                (
                    c.id.as_str(),
                    c.name.as_str(),
                    model.dimensions[ci.dimension].id.as_str(),
                )
            })
            .collect();
        CohortView {
            label: cohort_label(cohort, t),
            period: &cohort.period,
            attribute: cohort.shown_attribute(),
            value: cohort.shown_value(),
            url: crate::render::routes::cohort(cohort),
            n: cohort.n(),
            assessed: cohort.assessed,
            left_out: cohort.left_out(),
            score: &cohort.score,
            levels: cohort
                .levels
                .iter()
                .map(|l| LevelRow {
                    level: l.level,
                    name: level_name(model, t, l.level),
                    count: l.count,
                    percent: percent(l.count, cohort.n()),
                })
                .collect(),
            dimensions: model
                .dimensions
                .iter()
                .zip(&cohort.dimensions)
                .map(|(d, s)| StatRow {
                    id: &d.id,
                    name: &d.name,
                    dimension: &d.id,
                    stats: s.as_ref(),
                })
                .collect(),
            capabilities: caps
                .iter()
                .zip(&cohort.capabilities)
                .map(|(&(id, name, dimension), s)| StatRow {
                    id,
                    name,
                    dimension,
                    stats: s.as_ref(),
                })
                .collect(),
            methods: MethodView {
                self_assessed: cohort.methods.self_assessed,
                third_party: cohort.methods.third_party,
                unspecified: cohort.methods.unspecified,
                self_median: cohort.methods.self_median,
                third_party_median: cohort.methods.third_party_median,
            },
            sector_roadmap: roadmap::sector_roadmap(model, cohort, scores)
                .into_iter()
                .map(|l| SectorLevelView {
                    level: l.level,
                    name: level_name(model, t, l.level),
                    from_name: level_name(model, t, l.level - 1),
                    members: l.members,
                    capabilities: l
                        .capabilities
                        .iter()
                        .map(|&(c, count)| SectorCapability {
                            id: caps[c].0,
                            name: caps[c].1,
                            dimension: caps[c].2,
                            count,
                            percent: percent(count, l.members),
                        })
                        .collect(),
                })
                .collect(),
            trend: benchmarks
                .trend(cohort.group.as_ref())
                .map(|c| TrendPoint {
                    period: &c.period,
                    url: crate::render::routes::cohort(c),
                    n: c.n(),
                    score: &c.score,
                    current: c.period == cohort.period,
                })
                .collect(),
        }
    }
}

/// A period's overview: its "all" cohort, every published cohort, and the
/// heatmap of cohort x dimension medians.
#[derive(Serialize)]
pub struct PeriodView<'a> {
    /// The period whose benchmarks the page shows.
    pub period: &'a str,
    /// Every period with a published benchmark, for navigation.
    pub periods: Vec<PeriodLink<'a>>,
    /// Published cohorts, grouped by attribute.
    pub groups: Vec<AttributeGroup<'a>>,
    /// Dimension names, the heatmap's columns.
    pub heatmap_columns: Vec<&'a str>,
    /// One row per published cohort of the period, "all" first.
    pub heatmap: Vec<HeatmapRow>,
}

/// A link to a period's benchmark.
#[derive(Serialize)]
pub struct PeriodLink<'a> {
    /// The period the link leads to.
    pub period: &'a str,
    /// That period's benchmarks page, relative to the site root.
    pub url: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// The published cohorts of one attribute.
#[derive(Serialize)]
pub struct AttributeGroup<'a> {
    /// The attribute the cohorts are grouped by (`sector`, or its label).
    pub attribute: &'a str,
    /// One link per published value of the attribute, in the value's order.
    pub cohorts: Vec<CohortLink<'a>>,
}

/// A link to a cohort with its headline numbers.
#[derive(Serialize)]
pub struct CohortLink<'a> {
    /// The attribute value as readers see it: its label in site.yaml, else
    /// as the assessments spell it.
    pub value: &'a str,
    /// The cohort's page, relative to the site root.
    pub url: String,
    /// Members counted in the cohort.
    pub n: usize,
    /// Median overall score.
    pub median: f64,
}

/// A heatmap row: a cohort's median per dimension.
#[derive(Serialize)]
pub struct HeatmapRow {
    /// The cohort as readers know it (`sector: machinery`).
    pub label: String,
    /// The cohort's page, relative to the site root.
    pub url: String,
    /// Members counted in the cohort.
    pub n: usize,
    /// Median per dimension (`None` when withheld), with a 0..4 shade.
    pub cells: Vec<Option<HeatCell>>,
}

/// One heatmap cell.
#[derive(Serialize)]
pub struct HeatCell {
    /// The cohort's median score of this dimension.
    pub median: f64,
    /// Shade class 0..=4 by median relative to K.
    pub shade: u32,
}

impl<'a> PeriodView<'a> {
    /// The overview of `period`, in the words of `t`.
    pub fn new(
        model: &'a Model,
        t: &StringTable,
        benchmarks: &'a Benchmarks,
        period: &'a str,
    ) -> Self {
        let k = f64::from(model.max_level().max(1));
        let cohorts: Vec<&Cohort> = benchmarks.of_period(period).collect();
        PeriodView {
            period,
            periods: benchmarks
                .periods
                .iter()
                .filter(|p| benchmarks.all(p).is_some())
                .map(|p| PeriodLink {
                    period: p,
                    url: crate::render::routes::benchmark_period(p),
                    current: p == period,
                })
                .collect(),
            groups: benchmarks
                .attributes
                .iter()
                .map(|attr| AttributeGroup {
                    attribute: cohorts
                        .iter()
                        .find(|c| c.attribute() == Some(attr.as_str()))
                        .and_then(|c| c.shown_attribute())
                        .unwrap_or(attr),
                    cohorts: cohorts
                        .iter()
                        .filter(|c| c.attribute() == Some(attr.as_str()))
                        .map(|c| CohortLink {
                            value: c.shown_value().unwrap_or(""),
                            url: crate::render::routes::cohort(c),
                            n: c.n(),
                            median: c.score.median,
                        })
                        .collect(),
                })
                .filter(|g| !g.cohorts.is_empty())
                .collect(),
            heatmap_columns: model.dimensions.iter().map(|d| d.name.as_str()).collect(),
            heatmap: cohorts
                .iter()
                .map(|c| HeatmapRow {
                    label: cohort_label(c, t),
                    url: crate::render::routes::cohort(c),
                    n: c.n(),
                    cells: c
                        .dimensions
                        .iter()
                        .map(|s| {
                            s.as_ref().map(|s| HeatCell {
                                median: s.median,
                                shade: ((s.median / k * 5.0).floor() as u32).min(4),
                            })
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
