//! What templates see: plain, serialisable views of the site, with Markdown
//! already turned into safe HTML and every number computed in Rust.
//!
//! Templates only lay out finished values; they never aggregate (an
//! aggregate in a template is what makes other generators slow on big sites).

use serde::Serialize;

use crate::assessment::{Assessment, Form};
use crate::markdown;
use crate::model::{Model, Requirement};
use crate::pages::Page;
use crate::report::{Report, organization_path};
use crate::score::{AssessmentScores, EPSILON};
use crate::validate::Site;

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// The description as HTML.
    pub description_html: Option<String>,
    /// Canonical base URL, ending in `/`.
    pub base_url: &'a str,
    /// Language tag.
    pub language: &'a str,
    /// `rungs <version>`.
    pub generator: &'a str,
}

/// `nav` in every template: the content pages.
#[derive(Serialize)]
pub struct NavItem<'a> {
    /// URL path without slashes around it.
    pub path: &'a str,
    /// Page title.
    pub title: &'a str,
    /// Page description.
    pub description: Option<&'a str>,
}

/// `model` in every template.
#[derive(Serialize)]
pub struct ModelView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Version.
    pub version: Option<&'a str>,
    /// Description as HTML.
    pub description_html: Option<String>,
    /// `gated` or `mean`.
    pub scoring: &'static str,
    /// θ.
    pub threshold: f64,
    /// θ in percent, for prose.
    pub threshold_percent: String,
    /// K.
    pub max_level: u32,
    /// Number of capabilities.
    pub capability_count: usize,
    /// Rating scale.
    pub ratings: &'a [crate::model::Rating],
    /// Levels, 0 first when named.
    pub levels: Vec<LevelView<'a>>,
    /// Dimensions.
    pub dimensions: Vec<DimensionView<'a>>,
}

/// A level.
#[derive(Serialize)]
pub struct LevelView<'a> {
    /// Number.
    pub number: u32,
    /// Name.
    pub name: &'a str,
    /// Description as HTML.
    pub description_html: Option<String>,
}

/// A dimension of the model.
#[derive(Serialize)]
pub struct DimensionView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Weight.
    pub weight: f64,
    /// Description as HTML.
    pub description_html: Option<String>,
    /// Capabilities.
    pub capabilities: Vec<CapabilityView<'a>>,
}

/// A capability of the model.
#[derive(Serialize)]
pub struct CapabilityView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
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
    /// Level number.
    pub level: u32,
    /// Level name.
    pub level_name: &'a str,
    /// The requirement text as HTML, when it is a single text.
    pub text_html: Option<String>,
    /// The criteria, when it has them.
    pub criteria: Vec<CriterionView<'a>>,
}

/// A criterion.
#[derive(Serialize)]
pub struct CriterionView<'a> {
    /// Id.
    pub id: &'a str,
    /// Text as HTML.
    pub text_html: String,
    /// Weight.
    pub weight: f64,
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
    /// Level.
    pub level: u32,
    /// Level name.
    pub level_name: &'a str,
    /// Score.
    pub score: f64,
}

/// An attribute of an organisation.
#[derive(Serialize)]
pub struct AttributeView<'a> {
    /// Attribute name.
    pub name: &'a str,
    /// Its value.
    pub value: &'a str,
}

/// The organisation of a report.
#[derive(Serialize)]
pub struct OrganizationView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Attributes, sorted by name.
    pub attributes: Vec<AttributeView<'a>>,
    /// Its page.
    pub url: String,
}

/// `report` on a report page.
#[derive(Serialize)]
pub struct ReportView<'a> {
    /// Who.
    pub organization: OrganizationView<'a>,
    /// When.
    pub period: &'a str,
    /// Date of the assessment.
    pub assessed_on: Option<&'a str>,
    /// Assessor.
    pub assessor: Option<&'a str>,
    /// `self` or `third-party`.
    pub method: Option<&'static str>,
    /// Target level.
    pub target: Option<u32>,
    /// Target level name.
    pub target_name: Option<&'a str>,
    /// Summary as HTML.
    pub summary_html: Option<String>,
    /// The report's own URL path.
    pub url: &'a str,
    /// Overall level and score.
    pub overall: ScoreView<'a>,
    /// Dimensions with their capabilities.
    pub dimensions: Vec<DimensionReport<'a>>,
}

/// A dimension in a report.
#[derive(Serialize)]
pub struct DimensionReport<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// False when every capability is not applicable.
    pub applicable: bool,
    /// Level (0 when not applicable).
    pub level: u32,
    /// Score (0 when not applicable).
    pub score: f64,
    /// Score as a share of K, in percent, for bars.
    pub percent: String,
    /// Capabilities.
    pub capabilities: Vec<CapabilityReport<'a>>,
}

/// A capability in a report.
#[derive(Serialize)]
pub struct CapabilityReport<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// False when not applicable.
    pub applicable: bool,
    /// Level.
    pub level: u32,
    /// Score.
    pub score: f64,
    /// W_c: share of the overall score.
    pub overall_weight: f64,
    /// Satisfaction per level.
    pub levels: Vec<SatisfactionView<'a>>,
    /// Criteria ratings (form C only).
    pub criteria: Vec<RatedCriterion<'a>>,
    /// Evidence as HTML.
    pub evidence_html: Option<String>,
    /// Why it is not applicable, as HTML.
    pub reason_html: Option<String>,
}

/// Satisfaction of one level.
#[derive(Serialize)]
pub struct SatisfactionView<'a> {
    /// Level number.
    pub level: u32,
    /// Level name.
    pub level_name: &'a str,
    /// s_k in [0, 1].
    pub value: f64,
    /// s_k in percent, rounded down.
    pub percent: u32,
    /// Whether s_k reaches the threshold.
    pub met: bool,
}

/// A criterion with its rating.
#[derive(Serialize)]
pub struct RatedCriterion<'a> {
    /// Level.
    pub level: u32,
    /// Id.
    pub id: &'a str,
    /// Text as HTML.
    pub text_html: String,
    /// Whether it was rated.
    pub rated: bool,
    /// The rating, 0 when not rated.
    pub rating: f64,
    /// The rating's name when it matches one, else the number.
    pub rating_label: String,
}

/// Percent of `x` in `[0, max]`, for bar widths.
fn percent_of(x: f64, max: f64) -> String {
    if max <= 0.0 {
        return "0".to_owned();
    }
    format!("{:.1}", (x / max * 100.0).clamp(0.0, 100.0))
}

impl<'a> ReportView<'a> {
    /// Builds the view of one report.
    pub fn new(model: &'a Model, report: &'a Report<'a>) -> Self {
        let a: &Assessment = report.assessment;
        let s: &AssessmentScores = report.scores;
        let max = f64::from(model.max_level());
        let mut flat = 0;
        let dimensions = model
            .dimensions
            .iter()
            .zip(&s.dimensions)
            .map(|(dim, scored)| {
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
                                .map(|(v, level)| SatisfactionView {
                                    level,
                                    level_name: model.level_name(level),
                                    value: *v,
                                    percent: ((v * 100.0) + EPSILON).floor() as u32,
                                    met: *v >= model.threshold - EPSILON,
                                })
                                .collect()
                        });
                        let criteria = match &input.form {
                            Form::Criteria(ratings) => cap
                                .requirements
                                .iter()
                                .zip(1u32..)
                                .flat_map(|(req, level)| {
                                    let given = ratings.get(level as usize - 1);
                                    req.criteria().iter().enumerate().map(move |(j, k)| {
                                        let rating =
                                            given.and_then(|g| g.get(j).copied().flatten());
                                        RatedCriterion {
                                            level,
                                            id: &k.id,
                                            text_html: markdown::to_html(&k.text),
                                            rated: rating.is_some(),
                                            rating: rating.unwrap_or(0.0),
                                            rating_label: rating.map_or_else(String::new, |r| {
                                                model
                                                    .ratings
                                                    .iter()
                                                    .find(|x| x.value == r)
                                                    .map_or_else(
                                                        || plain_number(r),
                                                        |x| x.name.clone(),
                                                    )
                                            }),
                                        }
                                    })
                                })
                                .collect(),
                            _ => Vec::new(),
                        };
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
                            criteria,
                            evidence_html: md(input.evidence.as_deref()),
                            reason_html,
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
                    capabilities,
                }
            })
            .collect();
        ReportView {
            organization: OrganizationView {
                id: &a.organization.id,
                name: &a.organization.name,
                attributes: a
                    .organization
                    .attributes
                    .iter()
                    .map(|(k, v)| AttributeView { name: k, value: v })
                    .collect(),
                url: organization_path(&a.organization.id),
            },
            period: &a.period,
            assessed_on: a.assessed_on.as_deref(),
            assessor: a.assessor.as_deref(),
            method: a.method.map(|m| m.name()),
            target: a.target,
            target_name: a.target.map(|t| model.level_name(t)),
            summary_html: md(a.summary.as_deref()),
            url: &report.url_path,
            overall: ScoreView {
                level: s.overall.level,
                level_name: model.level_name(s.overall.level),
                score: s.overall.score,
            },
            dimensions,
        }
    }
}

/// One period in an organisation's history.
#[derive(Serialize)]
pub struct HistoryEntry<'a> {
    /// Period.
    pub period: &'a str,
    /// Report URL path.
    pub url: &'a str,
    /// Level.
    pub level: u32,
    /// Score.
    pub score: f64,
    /// Whether this is the report being shown.
    pub current: bool,
}

/// A row of the organisation list, or of the home page's latest reports.
#[derive(Serialize)]
pub struct LatestReport<'a> {
    /// Organisation name.
    pub name: &'a str,
    /// Period.
    pub period: &'a str,
    /// Report URL path.
    pub url: &'a str,
    /// Level.
    pub level: u32,
    /// Level name.
    pub level_name: &'a str,
    /// Score.
    pub score: f64,
    /// `self` or `third-party`.
    pub method: Option<&'static str>,
}

impl<'a> LatestReport<'a> {
    /// The row for one report.
    pub fn new(model: &'a Model, r: &'a Report<'a>) -> Self {
        LatestReport {
            name: &r.assessment.organization.name,
            period: &r.assessment.period,
            url: &r.url_path,
            level: r.scores.overall.level,
            level_name: model.level_name(r.scores.overall.level),
            score: r.scores.overall.score,
            method: r.assessment.method.map(|m| m.name()),
        }
    }
}

/// A row of the organisation list.
#[derive(Serialize)]
pub struct OrganizationRow<'a> {
    /// Organisation name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Values of the list's attribute columns (empty when absent).
    pub attribute_values: Vec<&'a str>,
    /// Its latest published report.
    pub latest: LatestReport<'a>,
}

/// Site-wide figures for the home page.
#[derive(Serialize)]
pub struct SiteStats<'a> {
    /// Published reports.
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
        }
    }
}
