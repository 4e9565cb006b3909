//! A benchmark published by another rungs site, used as the reference of
//! this one (`benchmark.reference`): the published figures of its cohorts
//! as [`crate::input::reference`] reads them from its `benchmarks.json`.
//!
//! It holds only what that site published: cohorts it withheld are absent,
//! and there are no members or raw scores, so a report compared with it
//! shows a position within quartiles, never a percentile.

use serde::Serialize;

/// What a report shows of its peers' statistics for one score: how many
/// peers have it, their median and their middle half.
///
/// Report pages get only this (a cohort's own page has the full
/// statistics): a cohort's mean and extremes move with every edit of any
/// member, its quartiles seldom do, so `rungs serve` renders the members'
/// reports again only when what they show changed (`render::memo`
/// fingerprints exactly this). It is also all a published benchmark gives
/// of a capability.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PeerBand {
    /// How many peers have the score.
    pub n: usize,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// The published benchmark of another site, checked against this site's
/// model.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceBenchmark {
    /// The file it was read from, relative to the site.
    pub path: String,
    /// The `min_cohort_size` the publishing site applied.
    pub min_cohort_size: usize,
    /// Its published cohorts, in the file's order.
    pub cohorts: Vec<ReferenceCohort>,
}

/// One published cohort of the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceCohort {
    /// Its period.
    pub period: String,
    /// Its attribute and value; `None` for the "all" cohort.
    pub group: Option<(String, String)>,
    /// How many assessments its figures count.
    pub n: usize,
    /// The overall score's quartiles.
    pub score: PeerBand,
    /// Per dimension of the model, in model order (`None`: withheld).
    pub dimensions: Vec<Option<PeerBand>>,
    /// Per capability of the model, in model order (`None`: withheld).
    pub capabilities: Vec<Option<PeerBand>>,
}
