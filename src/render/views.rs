//! What templates see: plain, serialisable views of the site, with Markdown
//! already turned into safe HTML and every number computed in Rust.
//!
//! Templates only lay out finished values; they never aggregate (an
//! aggregate in a template is what makes other generators slow on big sites).

use serde::Serialize;

use crate::analysis::benchmark::Cohort;
use crate::analysis::report::Report;
use crate::analysis::score::AssessmentScores;
use crate::analysis::stats::PeerBand;
use crate::domain::EPSILON;
use crate::domain::assessment::{Assessment, Form};
use crate::domain::config::Labels;
use crate::domain::model::{Model, Requirement};
use crate::domain::page::Page;
use crate::domain::site::Site;
use crate::domain::strings::StringTable;
use crate::text::markdown;

/// The name of level `n` in the model, or the string table's name for an
/// unnamed level 0 ("Below level 1").
pub fn level_name<'a>(model: &'a Model, t: &'a StringTable, n: u32) -> &'a str {
    model
        .level(n)
        .map_or_else(|| t.text("common.below_level_1"), |l| l.name.as_str())
}

/// A cohort as readers know it, in the words of `t`: "all", or
/// "sector: automotive" with the attribute's and the value's labels.
pub fn cohort_label(cohort: &Cohort, t: &StringTable) -> String {
    group_label(cohort.group.as_ref(), t)
}

/// [`cohort_label`] of a cohort's group (`None`: "all").
pub fn group_label(group: Option<&crate::analysis::benchmark::Group>, t: &StringTable) -> String {
    match group {
        None => t.text("common.cohort_all").to_owned(),
        Some(g) => t.fill(
            "common.cohort_label",
            &[("attribute", &g.shown_attribute), ("value", &g.shown_value)],
        ),
    }
}

/// A date written `YYYY-MM-DD` as the string table's `format.date` writes
/// it (`{year}`, `{month}` and `{day}`, or `{mm}` and `{dd}` with their
/// leading zero: `2025-03-01`, `2025年3月1日`); any other text as it is.
pub fn format_date(date: &str, t: &StringTable) -> String {
    let mut parts = date.splitn(3, '-');
    let (Some(year), Some(mm), Some(dd)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(mm, 2) && digits(dd, 2)) {
        return date.to_owned();
    }
    let month = mm.strip_prefix('0').unwrap_or(mm);
    let day = dd.strip_prefix('0').unwrap_or(dd);
    t.fill(
        "format.date",
        &[
            ("year", year),
            ("month", month),
            ("day", day),
            ("mm", mm),
            ("dd", dd),
        ],
    )
}

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's title from `site.yaml`.
    pub title: &'a str,
    /// The description as HTML.
    pub description_html: Option<String>,
    /// Canonical base URL, ending in `/`.
    pub base_url: &'a str,
    /// The `lang` of every page (a BCP 47 tag from `site.yaml`).
    pub language: &'a str,
    /// `rungs <version>`.
    pub generator: &'a str,
    /// One firm's own site ([`Site::single_organization`]): the navigation
    /// leaves out the benchmarks and the organisations.
    pub single_organization: bool,
    /// Whether reports are compared with a reference benchmark
    /// (`benchmark.reference`).
    pub reference: bool,
}

/// `nav` in every template: the content pages.
#[derive(Serialize)]
pub struct NavItem<'a> {
    /// URL path without slashes around it.
    pub path: &'a str,
    /// The content page's title, as the navigation shows it.
    pub title: &'a str,
    /// The content page's one-line description, if it has one.
    pub description: Option<&'a str>,
}

/// `model` in every template.
#[derive(Serialize)]
pub struct ModelView<'a> {
    /// The model's id from `model.yaml`.
    pub id: &'a str,
    /// The model's name shown to readers.
    pub name: &'a str,
    /// The model's version, if `model.yaml` gives one.
    pub version: Option<&'a str>,
    /// Description as HTML.
    pub description_html: Option<String>,
    /// `gated` or `mean`.
    pub scoring: &'static str,
    /// The threshold θ: the satisfaction a level needs to be reached (scoring.md §3).
    pub threshold: f64,
    /// θ in percent, for prose.
    pub threshold_percent: String,
    /// K, the highest level of the model.
    pub max_level: u32,
    /// Number of capabilities.
    pub capability_count: usize,
    /// The rating scale assessments use for criteria, lowest first.
    pub ratings: &'a [crate::domain::model::Rating],
    /// Levels, 0 first when named.
    pub levels: Vec<LevelView<'a>>,
    /// Every dimension, in model order.
    pub dimensions: Vec<DimensionView<'a>>,
}

/// A level.
#[derive(Serialize)]
pub struct LevelView<'a> {
    /// The level number, 0 to K.
    pub number: u32,
    /// The level's name in the model.
    pub name: &'a str,
    /// Description as HTML.
    pub description_html: Option<String>,
}

/// A dimension of the model.
#[derive(Serialize)]
pub struct DimensionView<'a> {
    /// The dimension id (its page is `model/<id>/`).
    pub id: &'a str,
    /// The dimension name shown to readers.
    pub name: &'a str,
    /// The dimension's weight in the overall score, as the model gives it.
    pub weight: f64,
    /// Description as HTML.
    pub description_html: Option<String>,
    /// Its capabilities, in model order.
    pub capabilities: Vec<CapabilityView<'a>>,
}

/// A capability of the model.
#[derive(Serialize)]
pub struct CapabilityView<'a> {
    /// The capability id (its anchor is `cap-<id>`).
    pub id: &'a str,
    /// The capability name shown to readers.
    pub name: &'a str,
    /// Weight within its dimension.
    pub weight: f64,
    /// Description as HTML.
    pub description_html: Option<String>,
    /// One entry per level 1..K.
    pub requirements: Vec<RequirementView<'a>>,
}

/// What one level of a capability requires.
#[derive(Serialize)]
pub struct RequirementView<'a> {
    /// The level this requirement is for.
    pub level: u32,
    /// That level's name in the model.
    pub level_name: &'a str,
    /// The requirement text as HTML, when it is a single text.
    pub text_html: Option<String>,
    /// The criteria, when it has them.
    pub criteria: Vec<CriterionView<'a>>,
}

/// A criterion.
#[derive(Serialize)]
pub struct CriterionView<'a> {
    /// The criterion id (its anchor is `crit-<id>`).
    pub id: &'a str,
    /// Text as HTML.
    pub text_html: String,
    /// The criterion's weight within its requirement.
    pub weight: f64,
}

/// The model's requirement texts as HTML, rendered once per build and
/// borrowed by every report and roadmap (Markdown costs tens of
/// microseconds a text; a site has thousands of reports).
pub struct ModelHtml {
    /// By capability (model order), then level - 1.
    levels: Vec<Vec<LevelHtml>>,
}

/// One level of one capability.
struct LevelHtml {
    /// A text requirement.
    text: Option<String>,
    /// Criteria, in model order.
    criteria: Vec<String>,
}

impl ModelHtml {
    /// Renders every requirement of `model`.
    pub fn new(model: &Model) -> Self {
        ModelHtml {
            levels: model
                .capabilities()
                .map(|(_, cap)| {
                    cap.requirements
                        .iter()
                        .map(|r| LevelHtml {
                            text: match r {
                                Requirement::Text(t) => Some(markdown::to_html(t)),
                                Requirement::Criteria(_) => None,
                            },
                            criteria: r
                                .criteria()
                                .iter()
                                .map(|c| markdown::to_html(&c.text))
                                .collect(),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// The HTML of a text requirement.
    pub fn text(&self, capability: usize, level: u32) -> &str {
        self.level(capability, level)
            .and_then(|l| l.text.as_deref())
            .unwrap_or("")
    }

    /// The HTML of a criterion.
    pub fn criterion(&self, capability: usize, level: u32, index: usize) -> &str {
        self.level(capability, level)
            .and_then(|l| l.criteria.get(index))
            .map_or("", String::as_str)
    }

    fn level(&self, capability: usize, level: u32) -> Option<&LevelHtml> {
        self.levels
            .get(capability)?
            .get((level as usize).checked_sub(1)?)
    }
}

fn md(text: Option<&str>) -> Option<String> {
    text.map(markdown::to_html)
}

/// Formats a number for prose without trailing zeros (`0.8`, `80`).
pub fn plain_number(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl<'a> ModelView<'a> {
    /// Builds the model view; Markdown is rendered once per build here.
    pub fn new(model: &'a Model) -> Self {
        ModelView {
            id: &model.id,
            name: &model.name,
            version: model.version.as_deref(),
            description_html: md(model.description.as_deref()),
            scoring: model.scoring.name(),
            threshold: model.threshold,
            threshold_percent: plain_number(model.threshold * 100.0),
            max_level: model.max_level(),
            capability_count: model.capability_count(),
            ratings: &model.ratings,
            levels: model
                .levels
                .iter()
                .map(|l| LevelView {
                    number: l.number,
                    name: &l.name,
                    description_html: md(l.description.as_deref()),
                })
                .collect(),
            dimensions: model
                .dimensions
                .iter()
                .map(|d| DimensionView {
                    id: &d.id,
                    name: &d.name,
                    weight: d.weight,
                    description_html: md(d.description.as_deref()),
                    capabilities: d
                        .capabilities
                        .iter()
                        .map(|c| CapabilityView {
                            id: &c.id,
                            name: &c.name,
                            weight: c.weight,
                            description_html: md(c.description.as_deref()),
                            requirements: c
                                .requirements
                                .iter()
                                .zip(1u32..)
                                .map(|(r, level)| RequirementView {
                                    level,
                                    level_name: model.level_name(level),
                                    text_html: match r {
                                        Requirement::Text(t) => Some(markdown::to_html(t)),
                                        Requirement::Criteria(_) => None,
                                    },
                                    criteria: r
                                        .criteria()
                                        .iter()
                                        .map(|k| CriterionView {
                                            id: &k.id,
                                            text_html: markdown::to_html(&k.text),
                                            weight: k.weight,
                                        })
                                        .collect(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Navigation entries for the content pages.
pub fn nav(pages: &[Page]) -> Vec<NavItem<'_>> {
    pages
        .iter()
        .map(|p| NavItem {
            path: &p.path,
            title: &p.title,
            description: p.description.as_deref(),
        })
        .collect()
}

/// A scope's level and score.
#[derive(Serialize)]
pub struct ScoreView<'a> {
    /// The level reached, 0 to K.
    pub level: u32,
    /// That level's name in the model.
    pub level_name: &'a str,
    /// The score, between 0 and K (shown rounded down, never up to the next level).
    pub score: f64,
}

/// An attribute of an organisation.
#[derive(Serialize)]
pub struct AttributeView<'a> {
    /// The attribute as the assessment names it (`sector`).
    pub name: &'a str,
    /// The organisation's value of it (`machinery`).
    pub value: &'a str,
}

/// The organisation of a report.
#[derive(Serialize)]
pub struct OrganizationView<'a> {
    /// The organisation's id (its pages are under `organizations/<id>/`).
    pub id: &'a str,
    /// The organisation's name shown to readers.
    pub name: &'a str,
    /// Attributes, sorted by name.
    pub attributes: Vec<AttributeView<'a>>,
    /// The organisation's page, relative to the site root.
    pub url: String,
}

/// `report` on a report page.
#[derive(Serialize)]
pub struct ReportView<'a> {
    /// The organisation assessed.
    pub organization: OrganizationView<'a>,
    /// The period the assessment is for.
    pub period: &'a str,
    /// Date of the assessment (`YYYY-MM-DD`).
    pub assessed_on: Option<&'a str>,
    /// The same date as the site's language writes it ([`format_date`]).
    pub assessed_on_text: Option<String>,
    /// Who assessed, if the assessment says.
    pub assessor: Option<&'a str>,
    /// `self` or `third-party`.
    pub method: Option<&'static str>,
    /// The level the organisation aims for, if it sets one.
    pub target: Option<u32>,
    /// Target level name.
    pub target_name: Option<&'a str>,
    /// Summary as HTML.
    pub summary_html: Option<String>,
    /// The report's own URL path.
    pub url: String,
    /// Overall level and score.
    pub overall: ScoreView<'a>,
    /// Dimensions with their capabilities.
    pub dimensions: Vec<DimensionReport<'a>>,
    /// The peer cohort and the report's place in it.
    pub peers: Option<PeersView<'a>>,
    /// At most five lagging capabilities, weakest first.
    pub weak_links: Vec<WeakLinkView<'a>>,
    /// Progress toward the roadmap's target level.
    pub to_target: ToTargetView<'a>,
    /// Change since the previous published report.
    pub change: Option<ChangeView<'a>>,
    /// The roadmap page.
    pub roadmap_url: String,
    /// Number of roadmap phases (0 when the target is reached).
    pub roadmap_phases: usize,
    /// What the roadmap's first phase takes; `None` when the target is
    /// reached.
    pub next: Option<NextLevelView<'a>>,
    /// Whether any capability has evidence or a reason for not applying,
    /// so the report has an "Evidence and notes" section.
    pub has_notes: bool,
}

/// The peer cohort of a report.
#[derive(Serialize)]
pub struct PeersView<'a> {
    /// `all`, or `sector: automotive`.
    pub label: String,
    /// The peer cohort's page, relative to the site root; `None` for a
    /// cohort of the reference benchmark, which has no page here.
    pub url: Option<String>,
    /// Whether the figures are the reference benchmark's
    /// (`benchmark.reference`): published quartiles, without the scores a
    /// percentile needs.
    pub reference: bool,
    /// The period of the peer cohort (the report's own).
    pub period: &'a str,
    /// Members counted in the peer cohort.
    pub n: usize,
    /// The peer cohort's overall score: median and middle half.
    pub score: PeerBand,
    /// Where the report's overall score lies among the peers' published
    /// quartiles: `top` (above the third quartile), `upper` (above the
    /// median, up to the third quartile), `median` (at it), `lower` (from
    /// the first quartile, below the median) or `bottom` (below the first
    /// quartile).
    pub position: &'static str,
    /// Percentile rank of this report as a whole number, shown only among
    /// at least [`PERCENTILE_MIN_PEERS`] peers: among fewer, one peer moves
    /// it by five points or more, so a figure like 95.5 claims a precision
    /// the group does not have, and the quarter is what pages say instead
    /// (docs/scoring.md). The exact value stays in `data/results.json`.
    pub percentile: Option<String>,
}

/// The smallest peer cohort whose percentile pages show (see
/// [`PeersView::percentile`]).
pub const PERCENTILE_MIN_PEERS: usize = 20;

/// Where `score` lies among quartiles `band` (see [`PeersView::position`]).
pub fn peer_position(score: f64, band: &PeerBand) -> &'static str {
    if score > band.q3 + EPSILON {
        "top"
    } else if score > band.median + EPSILON {
        "upper"
    } else if score >= band.median - EPSILON {
        "median"
    } else if score >= band.q1 - EPSILON {
        "lower"
    } else {
        "bottom"
    }
}

/// What the first phase of the roadmap takes: the next level and the
/// capabilities to raise to it, most urgent first.
#[derive(Serialize)]
pub struct NextLevelView<'a> {
    /// The level the first phase reaches.
    pub level: u32,
    /// Its name in the model.
    pub name: &'a str,
    /// How many capabilities must be raised to reach it.
    pub steps: usize,
    /// The names of the first (at most three) of them.
    pub first: Vec<&'a str>,
}

/// A weak link.
#[derive(Serialize)]
pub struct WeakLinkView<'a> {
    /// The capability id of the weak link.
    pub id: &'a str,
    /// The capability name shown to readers.
    pub name: &'a str,
    /// The organisation's score of the capability.
    pub score: f64,
    /// Peer median, when compared with peers.
    pub peer_median: Option<f64>,
    /// Gap below the peer median.
    pub gap: Option<f64>,
}

/// Progress toward the target level.
#[derive(Serialize)]
pub struct ToTargetView<'a> {
    /// The target level.
    pub target: u32,
    /// The target level's name in the model.
    pub name: &'a str,
    /// Percent of the target reached overall; pages show it after
    /// [`ToTargetView::levels_to_go`], so it cannot read as nearly there.
    pub percent: String,
    /// Whole levels between the overall level and the target: 0 when the
    /// target is reached. A score 90 % of the way to level 4 is still a
    /// full level short of it, and this says so.
    pub levels_to_go: u32,
}

/// Change since the previous published report.
#[derive(Serialize)]
pub struct ChangeView<'a> {
    /// The previous period.
    pub period: &'a str,
    /// The previous published report, relative to the site root.
    pub url: String,
    /// Overall score change.
    pub overall: f64,
}

/// A share in [0, 1] as a percent, rounded down (100 only when reached).
pub fn format_percent(share: f64) -> String {
    crate::text::number::percent_down(share)
        .clamp(0.0, 100.0)
        .to_string()
}

/// A dimension in a report.
#[derive(Serialize)]
pub struct DimensionReport<'a> {
    /// The dimension id, as in the model.
    pub id: &'a str,
    /// The dimension name shown to readers.
    pub name: &'a str,
    /// False when every capability is not applicable.
    pub applicable: bool,
    /// Level (0 when not applicable).
    pub level: u32,
    /// Score (0 when not applicable).
    pub score: f64,
    /// Score as a share of K, in percent, for bars.
    pub percent: String,
    /// The peers' statistics for this dimension, when published.
    pub peers: Option<PeerBand>,
    /// Percent of the target level reached (`1 - gap / target`).
    pub to_target: Option<String>,
    /// Score change since the previous published report.
    pub change: Option<f64>,
    /// The organisation's result for each capability, in model order.
    pub capabilities: Vec<CapabilityReport<'a>>,
}

/// A capability in a report.
#[derive(Serialize)]
pub struct CapabilityReport<'a> {
    /// The capability id, as in the model.
    pub id: &'a str,
    /// The capability name shown to readers.
    pub name: &'a str,
    /// False when not applicable.
    pub applicable: bool,
    /// The level reached in the capability.
    pub level: u32,
    /// The capability score, between 0 and K.
    pub score: f64,
    /// W_c: share of the overall score.
    pub overall_weight: f64,
    /// Satisfaction per level.
    pub levels: Vec<SatisfactionView<'a>>,
    /// Evidence as HTML.
    pub evidence_html: Option<String>,
    /// Why it is not applicable, as HTML.
    pub reason_html: Option<String>,
    /// The peers' statistics for this capability, when published.
    pub peers: Option<PeerBand>,
    /// Whether it is one of the report's weak links.
    pub weak: bool,
}

/// Satisfaction of one level.
#[derive(Serialize)]
pub struct SatisfactionView<'a> {
    /// The level whose requirement is measured.
    pub level: u32,
    /// That level's name in the model.
    pub level_name: &'a str,
    /// s_k in [0, 1].
    pub value: f64,
    /// s_k in percent, rounded down.
    pub percent: u32,
    /// Whether s_k reaches the threshold.
    pub met: bool,
    /// The cell's shade in the report's capability × level grid, light to
    /// dark: 0 nothing met, 1 under half, 2 half or more but short of the
    /// threshold, 3 met. Four steps, as a C2M2 grid has, so each reads
    /// apart on screen and in grey print; the percent is always written too.
    pub shade: u8,
}

/// The grid shade of satisfaction `v`, `met` when it reaches the
/// threshold (see [`SatisfactionView::shade`]).
fn shade(v: f64, met: bool) -> u8 {
    if met {
        3
    } else if v >= 0.5 - EPSILON {
        2
    } else if v > EPSILON {
        1
    } else {
        0
    }
}

/// Percent of `x` in `[0, max]`, for bar widths.
fn percent_of(x: f64, max: f64) -> String {
    if max <= 0.0 {
        return "0".to_owned();
    }
    format!("{:.1}", (x / max * 100.0).clamp(0.0, 100.0))
}

impl<'a> ReportView<'a> {
    /// Builds the view of one report, in the words of `t`.
    pub fn new(
        model: &'a Model,
        labels: &'a Labels,
        t: &'a StringTable,
        report: &'a Report<'a>,
    ) -> Self {
        let a: &Assessment = report.assessment;
        let s: &AssessmentScores = report.scores;
        let max = f64::from(model.max_level());
        let an = &report.analysis;
        let mut flat = 0;
        let dimensions: Vec<DimensionReport<'_>> = model
            .dimensions
            .iter()
            .zip(&s.dimensions)
            .enumerate()
            .map(|(d, (dim, scored))| {
                let capabilities = dim
                    .capabilities
                    .iter()
                    .map(|cap| {
                        let i = flat;
                        flat += 1;
                        let input = &a.capabilities[i];
                        let scored = s.capabilities[i].as_ref();
                        let levels = scored.map_or_else(Vec::new, |sc| {
                            sc.vector
                                .iter()
                                .zip(1u32..)
                                .map(|(v, level)| {
                                    let met = *v >= model.threshold - EPSILON;
                                    SatisfactionView {
                                        level,
                                        level_name: level_name(model, t, level),
                                        value: *v,
                                        percent: ((v * 100.0) + EPSILON).floor() as u32,
                                        met,
                                        shade: shade(*v, met),
                                    }
                                })
                                .collect()
                        });
                        let reason_html = match &input.form {
                            Form::NotApplicable { reason } => md(reason.as_deref()),
                            _ => None,
                        };
                        CapabilityReport {
                            id: &cap.id,
                            name: &cap.name,
                            applicable: scored.is_some(),
                            level: scored.map_or(0, |x| x.level),
                            score: scored.map_or(0.0, |x| x.score),
                            overall_weight: s.overall_weights[i],
                            levels,
                            evidence_html: md(input.evidence.as_deref()),
                            reason_html,
                            peers: an.peers.and_then(|p| p.capability(i)),
                            weak: an.weak_links.iter().any(|w| w.capability == i),
                        }
                    })
                    .collect();
                DimensionReport {
                    id: &dim.id,
                    name: &dim.name,
                    applicable: scored.is_some(),
                    level: scored.as_ref().map_or(0, |x| x.level),
                    score: scored.as_ref().map_or(0.0, |x| x.score),
                    percent: percent_of(scored.as_ref().map_or(0.0, |x| x.score), max),
                    peers: an.peers.and_then(|p| p.dimension(d)),
                    to_target: an
                        .to_target
                        .dimensions
                        .get(d)
                        .copied()
                        .flatten()
                        .map(format_percent),
                    change: an
                        .change
                        .as_ref()
                        .and_then(|c| c.dimensions.get(d).copied().flatten()),
                    capabilities,
                }
            })
            .collect();
        let has_notes = dimensions
            .iter()
            .flat_map(|d| &d.capabilities)
            .any(|c| c.evidence_html.is_some() || c.reason_html.is_some());
        ReportView {
            has_notes,
            organization: OrganizationView {
                id: &a.organization.id,
                name: &a.organization.name,
                attributes: a
                    .organization
                    .attributes
                    .iter()
                    .map(|(k, v)| AttributeView {
                        name: labels.attribute(k),
                        value: labels.value(k, v),
                    })
                    .collect(),
                url: crate::render::routes::organization(&a.organization.id),
            },
            period: &a.period,
            assessed_on: a.assessed_on.as_deref(),
            assessed_on_text: a.assessed_on.as_deref().map(|d| format_date(d, t)),
            assessor: a.assessor.as_deref(),
            method: a.method.map(|m| m.name()),
            target: a.target,
            target_name: a.target.map(|n| level_name(model, t, n)),
            summary_html: md(a.summary.as_deref()),
            url: crate::render::routes::report_of(report),
            overall: ScoreView {
                level: s.overall.level,
                level_name: level_name(model, t, s.overall.level),
                score: s.overall.score,
            },
            dimensions,
            peers: an.peers.map(|p| {
                let score = p.score();
                PeersView {
                    label: group_label(p.group(), t),
                    url: p.cohort().map(crate::render::routes::cohort),
                    reference: p.cohort().is_none(),
                    period: p.period(),
                    n: p.n(),
                    position: peer_position(s.overall.score, &score),
                    score,
                    percentile: an
                        .percentile
                        .filter(|_| p.n() >= PERCENTILE_MIN_PEERS)
                        .map(|x| format!("{:.0}", x.floor())),
                }
            }),
            weak_links: an
                .weak_links
                .iter()
                .filter_map(|w| {
                    let (_, cap) = model.capabilities().nth(w.capability)?;
                    Some(WeakLinkView {
                        id: &cap.id,
                        name: &cap.name,
                        score: w.score,
                        peer_median: w.peer_median,
                        gap: w.peer_median.map(|m| m - w.score),
                    })
                })
                .collect(),
            to_target: ToTargetView {
                target: an.to_target.target,
                name: level_name(model, t, an.to_target.target),
                percent: format_percent(an.to_target.overall),
                levels_to_go: an.to_target.target.saturating_sub(s.overall.level),
            },
            change: an.change.as_ref().map(|c| ChangeView {
                period: &c.previous_period,
                url: crate::render::routes::report(&a.organization.id, &c.previous_period),
                overall: c.overall,
            }),
            roadmap_url: crate::render::routes::roadmap(&a.organization.id, &a.period),
            roadmap_phases: an.roadmap.phases.len(),
            next: an.roadmap.phases.first().map(|phase| NextLevelView {
                level: phase.level,
                name: level_name(model, t, phase.level),
                steps: phase.steps.len(),
                first: phase
                    .steps
                    .iter()
                    .take(3)
                    .filter_map(|st| model.capabilities().nth(st.capability))
                    .map(|(_, cap)| cap.name.as_str())
                    .collect(),
            }),
        }
    }
}

/// One period in an organisation's history.
#[derive(Serialize)]
pub struct HistoryEntry<'a> {
    /// The period of this report of the organisation.
    pub period: &'a str,
    /// Report URL path.
    pub url: &'a str,
    /// The overall level that report reached.
    pub level: u32,
    /// The overall score of that report.
    pub score: f64,
    /// Whether this is the report being shown.
    pub current: bool,
}

/// One period of an organisation's page: the overall result of that
/// period's report, the change since the one before, and where to read it.
#[derive(Serialize)]
pub struct PeriodRow<'a> {
    /// The period of the report.
    pub period: &'a str,
    /// The report's page, relative to the site root.
    pub url: String,
    /// Its roadmap's page, relative to the site root.
    pub roadmap_url: String,
    /// The overall level reached.
    pub level: u32,
    /// That level's name in the model.
    pub level_name: &'a str,
    /// The overall score.
    pub score: f64,
    /// The change of the overall score since the previous published
    /// report, `None` for the first.
    pub change: Option<f64>,
}

/// An organisation's published reports as the rows of its page, newest
/// first (`history` is in period order), in the words of `t`.
pub fn organization_history<'a>(
    model: &'a Model,
    t: &'a StringTable,
    history: &[&'a Report<'a>],
) -> Vec<PeriodRow<'a>> {
    let mut rows: Vec<PeriodRow<'a>> = history
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (org, period) = (&r.assessment.organization.id, &r.assessment.period);
            PeriodRow {
                period,
                url: crate::render::routes::report(org, period),
                roadmap_url: crate::render::routes::roadmap(org, period),
                level: r.scores.overall.level,
                level_name: level_name(model, t, r.scores.overall.level),
                score: r.scores.overall.score,
                change: i
                    .checked_sub(1)
                    .map(|p| r.scores.overall.score - history[p].scores.overall.score),
            }
        })
        .collect();
    rows.reverse();
    rows
}

/// A row of the organisation list, or of the home page's latest reports.
#[derive(Serialize)]
pub struct LatestReport<'a> {
    /// The organisation's name shown to readers.
    pub name: &'a str,
    /// The period of its latest published report.
    pub period: &'a str,
    /// Report URL path.
    pub url: String,
    /// The overall level of that report.
    pub level: u32,
    /// That level's name in the model.
    pub level_name: &'a str,
    /// The overall score of that report.
    pub score: f64,
    /// `self` or `third-party`.
    pub method: Option<&'static str>,
}

impl<'a> LatestReport<'a> {
    /// The row for one report, in the words of `t`.
    pub fn new(model: &'a Model, t: &'a StringTable, r: &'a Report<'a>) -> Self {
        LatestReport {
            name: &r.assessment.organization.name,
            period: &r.assessment.period,
            url: crate::render::routes::report_of(r),
            level: r.scores.overall.level,
            level_name: level_name(model, t, r.scores.overall.level),
            score: r.scores.overall.score,
            method: r.assessment.method.map(|m| m.name()),
        }
    }
}

/// A row of the organisation list.
#[derive(Serialize)]
pub struct OrganizationRow<'a> {
    /// The organisation's name shown to readers.
    pub name: &'a str,
    /// The organisation's page, relative to the site root.
    pub url: String,
    /// Values of the list's attribute columns (empty when absent).
    pub attribute_values: Vec<&'a str>,
    /// Its latest published report.
    pub latest: LatestReport<'a>,
}

/// `pager` of `organizations.html`: where one page of the list of
/// organisations stands among all of them. Numbers count from 1.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Pager {
    /// This page's number.
    pub current: usize,
    /// How many pages the list has (1 when it fits on one; at least 1).
    pub pages: usize,
    /// The position in the whole list of this page's first organisation
    /// (0 when there is none).
    pub first: usize,
    /// The position of this page's last organisation (0 when none).
    pub last: usize,
    /// How many organisations the whole list has.
    pub total: usize,
    /// The previous page, relative to the site root; none on the first.
    pub prev: Option<String>,
    /// The next page; none on the last.
    pub next: Option<String>,
    /// The page links to show, in order: the first and last pages and
    /// those within [`Pager::WINDOW`] of this one, with a gap (`number`
    /// and `url` none) where pages are left out. Empty for one page.
    pub links: Vec<PagerLink>,
}

/// One entry of [`Pager::links`].
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct PagerLink {
    /// The page's number, or none for a gap.
    pub number: Option<usize>,
    /// The page, relative to the site root, or none for a gap.
    pub url: Option<String>,
    /// Whether it is the page shown.
    pub current: bool,
}

impl Pager {
    /// How many pages either side of the current one are linked.
    pub const WINDOW: usize = 2;

    /// Page `current` of a list of `total` items, `per_page` to a page,
    /// with each page's URL from `url`.
    pub fn new(
        current: usize,
        total: usize,
        per_page: usize,
        url: impl Fn(usize) -> String,
    ) -> Pager {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let current = current.clamp(1, pages);
        let first = ((current - 1) * per_page + 1).min(total);
        let last = (current * per_page).min(total);
        let mut links = Vec::new();
        if pages > 1 {
            let mut shown = 0;
            for n in 1..=pages {
                if n != 1 && n != pages && n.abs_diff(current) > Self::WINDOW {
                    continue;
                }
                // A gap of one page shows that page rather than a gap.
                if n - shown == 2 {
                    links.push(PagerLink::page(n - 1, false, &url));
                } else if n - shown > 2 {
                    links.push(PagerLink {
                        number: None,
                        url: None,
                        current: false,
                    });
                }
                links.push(PagerLink::page(n, n == current, &url));
                shown = n;
            }
        }
        Pager {
            current,
            pages,
            first,
            last,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < pages).then(|| url(current + 1)),
            links,
        }
    }
}

impl PagerLink {
    fn page(n: usize, current: bool, url: impl Fn(usize) -> String) -> PagerLink {
        PagerLink {
            number: Some(n),
            url: Some(url(n)),
            current,
        }
    }
}

/// Site-wide figures for the home page.
#[derive(Serialize)]
pub struct SiteStats<'a> {
    /// Published reports on the site, all periods.
    pub published: usize,
    /// Organisations with a published report.
    pub organizations: usize,
    /// Periods with a published report, in natural order.
    pub periods: Vec<&'a str>,
}

impl<'a> SiteView<'a> {
    /// The `site` variable.
    pub fn new(site: &'a Site, base_url: &'a str, generator: &'a str) -> Self {
        SiteView {
            title: &site.config.title,
            description_html: md(site.config.description.as_deref()),
            base_url,
            language: &site.config.language,
            generator,
            single_organization: site.single_organization(),
            reference: site.reference.is_some(),
        }
    }
}

/// `roadmap` on a roadmap page.
#[derive(Serialize)]
pub struct RoadmapView<'a> {
    /// The level the roadmap leads to.
    pub target: u32,
    /// The target level's name in the model.
    pub target_name: &'a str,
    /// Where the target comes from: `assessment` or `site`.
    pub target_source: &'static str,
    /// Current overall level.
    pub level: u32,
    /// The current level's name in the model.
    pub level_name: &'a str,
    /// Whether priorities account for peers.
    pub with_peers: bool,
    /// Phases in order.
    pub phases: Vec<PhaseView<'a>>,
}

/// A roadmap phase.
#[derive(Serialize)]
pub struct PhaseView<'a> {
    /// Phase number, from 1.
    pub number: usize,
    /// The level it reaches.
    pub level: u32,
    /// The name of the level this phase reaches.
    pub name: &'a str,
    /// Steps, highest priority first.
    pub steps: Vec<StepView<'a>>,
}

/// A roadmap step.
#[derive(Serialize)]
pub struct StepView<'a> {
    /// The capability id of the step.
    pub id: &'a str,
    /// The capability name shown to readers.
    pub name: &'a str,
    /// Its dimension's id.
    pub dimension: &'a str,
    /// The capability's level now.
    pub level: u32,
    /// The capability's score now.
    pub score: f64,
    /// W_c · (g − score) · (1 + max(0, peer median − score)): the weighted gap
    /// to the phase's level, larger where peers are ahead (scoring.md §7).
    pub priority: f64,
    /// Requirements not fully met.
    pub unmet: Vec<UnmetView<'a>>,
}

/// `html` without its paragraph tags when it is one paragraph: a list
/// item holds it inline, with its status after it.
fn inline(html: &str) -> &str {
    crate::text::markdown::single_paragraph(html).unwrap_or(html)
}

/// A requirement not fully met.
#[derive(Serialize)]
pub struct UnmetView<'a> {
    /// Criterion id, when it is a criterion.
    pub criterion: Option<&'a str>,
    /// The requirement's text as HTML (the level's text, or the criterion's),
    /// without paragraph tags when it is one paragraph.
    pub text_html: &'a str,
    /// Its current rating or satisfaction, as a label.
    pub status: String,
}

impl<'a> RoadmapView<'a> {
    /// The roadmap of one report, in the words of `t`.
    pub fn new(
        model: &'a Model,
        html: &'a ModelHtml,
        t: &'a StringTable,
        report: &'a Report<'a>,
    ) -> Self {
        let r = &report.analysis.roadmap;
        // Looked up once: a roadmap lists dozens of unmet criteria.
        let (rated, not_rated, level_met) = (
            t.text("roadmap.rated"),
            t.text("roadmap.not_rated"),
            t.text("roadmap.level_met"),
        );
        let rating_label = |x: f64| -> String {
            let rating = model
                .ratings
                .iter()
                .find(|rt| (rt.value - x).abs() < EPSILON)
                .map_or_else(|| plain_number(x), |rt| rt.shown().to_owned());
            crate::text::fill(rated, &[("rating", &rating)])
        };
        RoadmapView {
            target: r.target,
            target_name: level_name(model, t, r.target),
            target_source: if report.assessment.target.is_some() {
                "assessment"
            } else {
                "site"
            },
            level: report.scores.overall.level,
            level_name: level_name(model, t, report.scores.overall.level),
            with_peers: report.analysis.peers.is_some(),
            phases: r
                .phases
                .iter()
                .enumerate()
                .map(|(n, phase)| PhaseView {
                    number: n + 1,
                    level: phase.level,
                    name: level_name(model, t, phase.level),
                    steps: phase
                        .steps
                        .iter()
                        .filter_map(|st| {
                            let (ci, cap) = model.capabilities().nth(st.capability)?;
                            let requirement = cap.requirements.get(phase.level as usize - 1)?;
                            Some(StepView {
                                id: &cap.id,
                                name: &cap.name,
                                dimension: &model.dimensions[ci.dimension].id,
                                level: st.level,
                                score: st.score,
                                priority: st.priority,
                                unmet: st
                                    .unmet
                                    .iter()
                                    .flat_map(|u| match u {
                                        crate::analysis::roadmap::Unmet::Criterion {
                                            index,
                                            rating,
                                        } => {
                                            let c = requirement.criteria().get(*index);
                                            vec![UnmetView {
                                                criterion: c.map(|c| c.id.as_str()),
                                                text_html: inline(html.criterion(
                                                    st.capability,
                                                    phase.level,
                                                    *index,
                                                )),
                                                status: rating.map_or_else(
                                                    || not_rated.to_owned(),
                                                    rating_label,
                                                ),
                                            }]
                                        }
                                        crate::analysis::roadmap::Unmet::Level { satisfaction } => {
                                            let status = crate::text::fill(
                                                level_met,
                                                &[("percent", &format_percent(*satisfaction))],
                                            );
                                            match requirement {
                                                Requirement::Text(_) => vec![UnmetView {
                                                    criterion: None,
                                                    text_html: inline(
                                                        html.text(st.capability, phase.level),
                                                    ),
                                                    status,
                                                }],
                                                Requirement::Criteria(cs) => cs
                                                    .iter()
                                                    .enumerate()
                                                    .map(|(j, c)| UnmetView {
                                                        criterion: Some(&c.id),
                                                        text_html: inline(html.criterion(
                                                            st.capability,
                                                            phase.level,
                                                            j,
                                                        )),
                                                        status: status.clone(),
                                                    })
                                                    .collect(),
                                            }
                                        }
                                    })
                                    .collect(),
                            })
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::benchmark::Benchmarks;
    use crate::analysis::report::published;
    use crate::analysis::score::AssessmentScores;

    /// The worked example of scoring.md §4, loaded, scored and analysed.
    fn worked() -> (Site, Vec<AssessmentScores>) {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example");
        let sources = crate::pipeline::load(&root).expect("the worked example loads");
        crate::pipeline::compile(sources).expect("the worked example is valid")
    }

    #[test]
    fn the_model_view_keeps_model_order_and_names_levels() {
        let (site, _) = worked();
        let view = ModelView::new(&site.model);
        let ids: Vec<&str> = view.dimensions.iter().map(|d| d.id).collect();
        let model_ids: Vec<&str> = site
            .model
            .dimensions
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, model_ids);
        assert_eq!(view.max_level, site.model.max_level());
        assert_eq!(
            view.threshold_percent,
            plain_number(site.model.threshold * 100.0)
        );
        let first = &view.dimensions[0].capabilities[0];
        // Requirements are for levels 1.., each with its name.
        for (i, r) in first.requirements.iter().enumerate() {
            assert_eq!(r.level, i as u32 + 1);
            assert_eq!(r.level_name, site.model.level_name(r.level));
        }
    }

    #[test]
    fn dates_levels_and_cohorts_are_written_in_the_sites_language() {
        let terms = crate::domain::model::Terms::default();
        let en = crate::input::strings::builtin("en").0.with_terms(&terms);
        let zh = crate::input::strings::builtin("zh-CN").0.with_terms(&terms);
        assert_eq!(format_date("2025-03-01", &en), "2025-03-01");
        assert_eq!(format_date("2025-03-01", &zh), "2025年3月1日");
        assert_eq!(format_date("2025-12-31", &zh), "2025年12月31日");
        for odd in ["2025", "2025-3-1", "not-a-date", "2025-03-01x"] {
            assert_eq!(format_date(odd, &zh), odd, "{odd} as it is");
        }
        let (site, _) = worked();
        let model = &site.model;
        assert!(
            model.level(0).is_none(),
            "the worked example names no level 0"
        );
        assert_eq!(level_name(model, &en, 0), "Below level 1");
        assert_eq!(level_name(model, &zh, 0), "未达等级 1");
        assert_eq!(level_name(model, &zh, 1), model.level_name(1));
        // Cohort labels: tests/languages.rs checks them on a built site.
    }

    #[test]
    fn plain_numbers_drop_trailing_zeros() {
        assert_eq!(plain_number(80.0), "80");
        assert_eq!(plain_number(62.5), "62.5");
        assert_eq!(plain_number(1.0 / 3.0), "0.3333");
    }

    #[test]
    fn a_report_view_shows_the_scores_and_the_urls_of_its_pages() {
        let (site, scores) = worked();
        let benchmarks = Benchmarks::compute(&site, &scores);
        let reports = published(&site, &scores, &benchmarks);
        let x = reports
            .iter()
            .find(|r| r.assessment.organization.id == "x")
            .expect("x is published");
        let view = ReportView::new(&site.model, &site.config.labels, &site.strings, x);
        assert_eq!(view.organization.name, "Example X");
        assert_eq!(view.period, "2025");
        assert_eq!(view.target, Some(3));
        assert_eq!(view.url, "organizations/x/2025/");
        assert_eq!(view.roadmap_url, "organizations/x/2025/roadmap/");
        assert_eq!(view.organization.url, "organizations/x/");
        assert_eq!(view.overall.level, x.scores.overall.level);
        assert_eq!(view.overall.score, x.scores.overall.score);
        assert_eq!(view.dimensions.len(), site.model.dimensions.len());
        // The target reads in whole levels: x is at its overall level, 3 is
        // its target, and a score near the next level is still short of it.
        assert_eq!(view.to_target.levels_to_go, 3 - x.scores.overall.level);
        assert!(view.to_target.levels_to_go > 0);
        let latest = LatestReport::new(&site.model, &site.strings, x);
        assert_eq!(
            (latest.name, latest.url.as_str(), latest.score),
            ("Example X", "organizations/x/2025/", x.scores.overall.score)
        );
        // The roadmap view lists the analysis' steps, by capability id.
        let html = ModelHtml::new(&site.model);
        let roadmap = RoadmapView::new(&site.model, &html, &site.strings, x);
        assert_eq!(roadmap.target, 3);
        let steps: Vec<Vec<&str>> = roadmap
            .phases
            .iter()
            .map(|p| p.steps.iter().map(|s| s.id).collect())
            .collect();
        let flat: Vec<&str> = site
            .model
            .dimensions
            .iter()
            .flat_map(|d| d.capabilities.iter().map(|c| c.id.as_str()))
            .collect();
        let expected: Vec<Vec<&str>> = x
            .analysis
            .roadmap
            .phases
            .iter()
            .map(|p| p.steps.iter().map(|s| flat[s.capability]).collect())
            .collect();
        assert_eq!(steps, expected);
        assert!(!steps.is_empty());
    }

    #[test]
    fn the_navigation_lists_pages_in_the_site_order() {
        let page = |path: &str, title: &str| Page {
            file: format!("content/pages/{path}.md"),
            path: path.into(),
            title: title.into(),
            description: None,
            order: None,
            body: String::new(),
        };
        let pages = [page("methodology", "Method"), page("guides/setup", "Setup")];
        let nav = nav(&pages);
        let got: Vec<(&str, &str)> = nav.iter().map(|n| (n.path, n.title)).collect();
        assert_eq!(got, [("methodology", "Method"), ("guides/setup", "Setup")]);
    }

    /// The numbers a pager shows, 0 for a gap.
    fn shown(current: usize, pages: usize) -> Vec<usize> {
        Pager::new(current, pages * 10, 10, |n| format!("p{n}/"))
            .links
            .iter()
            .map(|l| l.number.unwrap_or(0))
            .collect()
    }

    #[test]
    fn a_pager_shows_the_ends_and_a_window_around_the_page() {
        assert_eq!(shown(1, 1), Vec::<usize>::new());
        assert_eq!(shown(1, 3), [1, 2, 3]);
        assert_eq!(shown(1, 400), [1, 2, 3, 0, 400]);
        assert_eq!(shown(200, 400), [1, 0, 198, 199, 200, 201, 202, 0, 400]);
        assert_eq!(shown(400, 400), [1, 0, 398, 399, 400]);
        // A gap of one page shows the page instead.
        assert_eq!(shown(4, 7), [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(shown(5, 9), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(shown(6, 12), [1, 0, 4, 5, 6, 7, 8, 0, 12]);
    }

    #[test]
    fn a_pager_counts_its_page_and_links_its_neighbours() {
        let url = |n: usize| format!("p{n}/");
        let p = Pager::new(3, 1201, 250, url);
        assert_eq!((p.pages, p.first, p.last, p.total), (5, 501, 750, 1201));
        assert_eq!(p.prev.as_deref(), Some("p2/"));
        assert_eq!(p.next.as_deref(), Some("p4/"));
        let current: Vec<usize> = p
            .links
            .iter()
            .filter(|l| l.current)
            .filter_map(|l| l.number)
            .collect();
        assert_eq!(current, [3]);
        let p = Pager::new(5, 1201, 250, url);
        assert_eq!((p.first, p.last, p.next), (1001, 1201, None));
        let p = Pager::new(1, 0, 250, url);
        assert_eq!(
            (p.pages, p.first, p.last, p.prev, p.next),
            (1, 0, 0, None, None)
        );
        assert!(p.links.is_empty());
        let p = Pager::new(1, 250, 250, url);
        assert_eq!((p.pages, p.first, p.last), (1, 1, 250));
    }
}
