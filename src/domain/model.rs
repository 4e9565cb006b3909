//! The maturity model: levels, dimensions, capabilities and their
//! requirements (formats.md), as [`crate::input::model`] reads them from
//! `content/model.yaml`.

use std::collections::HashMap;

use serde::Serialize;

/// How levels and scores follow from level satisfaction (scoring.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A level counts when it and every lower level are met to the threshold.
    Gated,
    /// Additive: the score is the sum of level satisfactions (OWASP SAMM).
    Mean,
}

impl Method {
    /// Every method, with the name used in `model.yaml`.
    pub const ALL: [(&'static str, Method); 2] = [("gated", Method::Gated), ("mean", Method::Mean)];

    /// The name used in `model.yaml`.
    pub fn name(self) -> &'static str {
        Method::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("gated", |(n, _)| n)
    }
}

/// A maturity model, validated.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    /// The model's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its version, if given.
    pub version: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// θ: the satisfaction a level needs to count (0 < θ <= 1).
    pub threshold: f64,
    /// The scoring method.
    pub scoring: Method,
    /// Rating names and their values, in file order.
    pub ratings: Vec<Rating>,
    /// Levels in ascending order; level 0 only if the model names it.
    pub levels: Vec<Level>,
    /// Dimensions in model order.
    pub dimensions: Vec<Dimension>,
    /// What the model calls its parts (`terms:`), where it does not use
    /// rungs' own words.
    #[serde(skip_serializing_if = "Terms::is_empty")]
    pub terms: Terms,
}

/// `terms:` in a model: the names pages give a dimension, a capability, a
/// criterion and a level (OWASP SAMM: business function, security
/// practice, activity, maturity level), in the singular and the plural.
/// A part left out keeps the string table's word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Terms {
    /// What a dimension is called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Term>,
    /// What a capability is called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capability: Option<Term>,
    /// What a criterion is called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<Term>,
    /// What a level is called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Term>,
}

/// One term, as written in a sentence (lower case where the language has
/// case): `security practice`, `security practices`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The singular.
    pub one: String,
    /// The plural.
    pub other: String,
}

impl Terms {
    /// The parts of a model, with the name of each in `terms:`.
    pub const PARTS: [&'static str; 4] = ["dimension", "capability", "criterion", "level"];

    /// Whether the model names none of its parts.
    pub fn is_empty(&self) -> bool {
        Terms::PARTS.iter().all(|p| self.get(p).is_none())
    }

    /// The term for `part` (one of [`Terms::PARTS`]), if the model gives one.
    pub fn get(&self, part: &str) -> Option<&Term> {
        match part {
            "dimension" => self.dimension.as_ref(),
            "capability" => self.capability.as_ref(),
            "criterion" => self.criterion.as_ref(),
            "level" => self.level.as_ref(),
            _ => None,
        }
    }
}

/// A named rating on the criterion scale.
#[derive(Clone, Debug, Serialize)]
pub struct Rating {
    /// Its name, such as `largely`.
    pub name: String,
    /// Its value in [0, 1].
    pub value: f64,
    /// How readers see it, when not by its name (`Fully met` for `full`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Rating {
    /// How readers see the rating: its label, else its name.
    pub fn shown(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// One maturity level.
#[derive(Clone, Debug, Serialize)]
pub struct Level {
    /// 0..=K.
    pub number: u32,
    /// The level's name shown to readers.
    pub name: String,
    /// Markdown description.
    pub description: Option<String>,
}

/// A dimension: a weighted group of capabilities.
#[derive(Clone, Debug, Serialize)]
pub struct Dimension {
    /// Its id (a slug).
    pub id: String,
    /// The dimension's name shown to readers.
    pub name: String,
    /// Weight relative to the other dimensions.
    pub weight: f64,
    /// Markdown description.
    pub description: Option<String>,
    /// Capabilities in model order.
    pub capabilities: Vec<Capability>,
}

/// A capability: what an assessment rates.
#[derive(Clone, Debug, Serialize)]
pub struct Capability {
    /// Its id (a slug).
    pub id: String,
    /// The capability's name shown to readers.
    pub name: String,
    /// Weight relative to the other capabilities of its dimension.
    pub weight: f64,
    /// Markdown description.
    pub description: Option<String>,
    /// Requirements of levels 1..=K, at index level - 1.
    pub requirements: Vec<Requirement>,
}

/// What one level of a capability requires.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Requirement {
    /// One Markdown text, rated as a whole (form A or B).
    Text(String),
    /// Weighted criteria, each rated on its own (form C).
    Criteria(Vec<Criterion>),
}

impl Requirement {
    /// The criteria of this level; empty for a text requirement.
    pub fn criteria(&self) -> &[Criterion] {
        match self {
            Requirement::Text(_) => &[],
            Requirement::Criteria(c) => c,
        }
    }
}

/// One criterion of a level.
#[derive(Clone, Debug, Serialize)]
pub struct Criterion {
    /// Its id (a slug).
    pub id: String,
    /// Markdown text.
    pub text: String,
    /// Weight relative to the other criteria of the level.
    pub weight: f64,
}

/// Where a capability sits in the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapabilityIndex {
    /// Index of its dimension.
    pub dimension: usize,
    /// Index within the dimension.
    pub within: usize,
    /// Index across the whole model, in model order.
    pub flat: usize,
}

/// Where a criterion sits in a capability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CriterionIndex {
    /// Where the capability that holds the criterion is.
    pub capability: CapabilityIndex,
    /// Its level, 1..=K.
    pub level: u32,
    /// Index within the level.
    pub within: usize,
}

/// The default rating scale of `formats.md`.
pub const DEFAULT_RATINGS: [(&str, f64); 4] = [
    ("full", 1.0),
    ("largely", 0.8),
    ("partial", 0.5),
    ("none", 0.0),
];

/// The default threshold θ.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

impl Model {
    /// K, the highest level.
    pub fn max_level(&self) -> u32 {
        self.levels.last().map_or(0, |l| l.number)
    }

    /// The level with this number, if the model has it.
    pub fn level(&self, number: u32) -> Option<&Level> {
        self.levels.iter().find(|l| l.number == number)
    }

    /// The name of a level, with a fallback for an unnamed level 0.
    pub fn level_name(&self, number: u32) -> &str {
        self.level(number)
            .map_or("Below level 1", |l| l.name.as_str())
    }

    /// Every capability in model order, with its place.
    pub fn capabilities(&self) -> impl Iterator<Item = (CapabilityIndex, &Capability)> {
        let mut flat = 0;
        self.dimensions
            .iter()
            .enumerate()
            .flat_map(move |(d, dim)| {
                dim.capabilities.iter().enumerate().map(move |(w, cap)| {
                    let index = CapabilityIndex {
                        dimension: d,
                        within: w,
                        flat: 0,
                    };
                    (index, cap)
                })
            })
            .map(move |(mut index, cap)| {
                index.flat = flat;
                flat += 1;
                (index, cap)
            })
    }

    /// Number of capabilities.
    pub fn capability_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.capabilities.len()).sum()
    }

    /// The value of a rating name.
    pub fn rating(&self, name: &str) -> Option<f64> {
        self.ratings
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.value)
    }
}

/// Fast look-ups by id, built once per model.
#[derive(Clone, Debug, Default)]
pub struct ModelIndex {
    capabilities: HashMap<String, CapabilityIndex>,
    criteria: HashMap<String, CriterionIndex>,
    /// Capability ids in model order (for suggestions).
    pub capability_ids: Vec<String>,
}

impl ModelIndex {
    /// Indexes the capabilities and criteria of `model`.
    pub fn new(model: &Model) -> Self {
        let mut index = ModelIndex::default();
        for (ci, cap) in model.capabilities() {
            index.capabilities.insert(cap.id.clone(), ci);
            index.capability_ids.push(cap.id.clone());
            for (li, req) in cap.requirements.iter().enumerate() {
                for (within, crit) in req.criteria().iter().enumerate() {
                    index.criteria.insert(
                        crit.id.clone(),
                        CriterionIndex {
                            capability: ci,
                            level: u32::try_from(li + 1).unwrap_or(u32::MAX),
                            within,
                        },
                    );
                }
            }
        }
        index
    }

    /// The place of a capability.
    pub fn capability(&self, id: &str) -> Option<CapabilityIndex> {
        self.capabilities.get(id).copied()
    }

    /// The place of a criterion.
    pub fn criterion(&self, id: &str) -> Option<CriterionIndex> {
        self.criteria.get(id).copied()
    }
}
