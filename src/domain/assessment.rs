//! One assessment: an organisation in one period, every capability of the
//! model in one of four forms (formats.md), as [`crate::input::assessment`]
//! reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// The keys of an assessment's top level, in the order formats.md gives them.
pub const ASSESSMENT_KEYS: &[&str] = &[
    "organization",
    "period",
    "assessed_on",
    "assessor",
    "method",
    "target",
    "publish",
    "summary",
    "capabilities",
];
/// The keys of a capability's input (its four forms and their companions).
pub const FORM_KEYS: &[&str] = &[
    "level",
    "progress",
    "levels",
    "criteria",
    "not_applicable",
    "reason",
    "evidence",
];
/// One assessment, validated against the model.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// The file it came from, relative to the site.
    pub file: String,
    /// Who was assessed.
    pub organization: Organization,
    /// The period, such as `2025` (sorted in natural order).
    pub period: String,
    /// When the assessment was made (`YYYY-MM-DD`).
    pub assessed_on: Option<String>,
    /// Who assessed.
    pub assessor: Option<String>,
    /// Self-assessment or third-party.
    pub method: Option<AssessmentMethod>,
    /// The target level for the roadmap.
    pub target: Option<u32>,
    /// Whether the assessment has a public report (site default applied).
    pub publish: bool,
    /// Markdown summary.
    pub summary: Option<String>,
    /// One input per capability, in model order.
    pub capabilities: Vec<CapabilityInput>,
    /// A fingerprint of the file's text ([`crate::domain::fingerprint::of_bytes`]),
    /// when something needs it: with `file`, the model and
    /// `publish_reports` it determines every field above, so `rungs serve`
    /// can tell an unchanged assessment cheaply. Set by
    /// [`crate::input::validate::validate_with`] only, so a plain build hashes
    /// nothing.
    pub source: Option<u64>,
    /// Where in a table the assessment was given, when it was a row of one
    /// (then `file` is the table): for problems that name the row.
    pub row: Option<TableRow>,
}

/// A row of a table of assessments: the sheet of a workbook (none in a
/// CSV file) and the row, from 1 as a spreadsheet counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableRow {
    /// The workbook's sheet.
    pub sheet: Option<String>,
    /// The row.
    pub row: usize,
}

impl Assessment {
    /// A published assessment of `organization` for `period` with nothing
    /// but its capability inputs: no file, date, assessor, method, target
    /// or summary. For scoring outside a site, as the sample generator does.
    pub fn new(
        organization: Organization,
        period: String,
        capabilities: Vec<CapabilityInput>,
    ) -> Self {
        Assessment {
            file: String::new(),
            organization,
            period,
            assessed_on: None,
            assessor: None,
            method: None,
            target: None,
            publish: true,
            summary: None,
            capabilities,
            source: None,
            row: None,
        }
    }
}

/// The assessed organisation.
#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    /// Stable id across periods (a slug).
    pub id: String,
    /// Display name (any Unicode).
    pub name: String,
    /// Further attributes, such as sector, size and region.
    pub attributes: BTreeMap<String, String>,
}

/// Who made the assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AssessmentMethod {
    /// The organisation assessed itself.
    #[serde(rename = "self")]
    SelfAssessed,
    /// An independent assessor.
    #[serde(rename = "third-party")]
    ThirdParty,
}

impl AssessmentMethod {
    /// The spelling used in files and exports.
    pub fn name(self) -> &'static str {
        match self {
            AssessmentMethod::SelfAssessed => "self",
            AssessmentMethod::ThirdParty => "third-party",
        }
    }
}

/// How one capability was assessed, with its evidence.
#[derive(Clone, Debug)]
pub struct CapabilityInput {
    /// The form and its values.
    pub form: Form,
    /// Markdown evidence.
    pub evidence: Option<String>,
}

/// The four forms of `formats.md`.
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    /// A: achieved level, plus progress toward the next.
    Level {
        /// Achieved level, 0..=K.
        level: u32,
        /// Progress toward the next level, 0 <= p < θ.
        progress: f64,
    },
    /// B: satisfaction per level; index k - 1 holds level k.
    Levels(Vec<f64>),
    /// C: a rating per criterion, by level then criterion order; `None` is unrated.
    Criteria(Vec<Vec<Option<f64>>>),
    /// D: not applicable.
    NotApplicable {
        /// Why, in Markdown.
        reason: Option<String>,
    },
}

impl Form {
    /// Whether the capability counts in aggregates.
    pub fn is_applicable(&self) -> bool {
        !matches!(self, Form::NotApplicable { .. })
    }
}
