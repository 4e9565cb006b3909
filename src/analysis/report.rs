//! Published reports: the assessments that get a page and an export row.

use rayon::prelude::*;

use crate::analysis::benchmark::Benchmarks;
use crate::analysis::roadmap::{self, Analysis, Audience};
use crate::analysis::score::AssessmentScores;
use crate::domain::assessment::Assessment;
use crate::domain::site::Site;

/// One published assessment with its scores, analysis and place in the site.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// Index in `Site::assessments`.
    pub index: usize,
    /// The assessment published.
    pub assessment: &'a Assessment,
    /// Its scores (scoring.md §1–3).
    pub scores: &'a AssessmentScores,
    /// Peers, percentile, weak links, roadmap and progress.
    pub analysis: Analysis<'a>,
}

/// The published assessments, in the site's order (organisation id, then
/// period), each analysed against its peers. Unpublished ones count only in
/// aggregates and never get a page.
pub fn published<'a>(
    site: &'a Site,
    scores: &'a [AssessmentScores],
    benchmarks: &'a Benchmarks,
) -> Vec<Report<'a>> {
    reports_for(site, scores, benchmarks, Audience::Public)
}

/// Every assessment, published or not, analysed for its organisation
/// alone (`private_reports`): compared only with published figures, with
/// no percentile, and its change since its own previous assessment.
pub fn private<'a>(
    site: &'a Site,
    scores: &'a [AssessmentScores],
    benchmarks: &'a Benchmarks,
) -> Vec<Report<'a>> {
    reports_for(site, scores, benchmarks, Audience::Organization)
}

/// The reports `audience` gets: the public every published assessment,
/// an organisation each of its own.
fn reports_for<'a>(
    site: &'a Site,
    scores: &'a [AssessmentScores],
    benchmarks: &'a Benchmarks,
    audience: Audience,
) -> Vec<Report<'a>> {
    // Each analysis is independent (weak links, a roadmap, percentiles):
    // on every core, in the site's order.
    site.assessments
        .par_iter()
        .enumerate()
        .filter(|(_, a)| a.publish || audience == Audience::Organization)
        .map(|(index, assessment)| Report {
            index,
            assessment,
            scores: &scores[index],
            analysis: roadmap::analyse_for(site, scores, benchmarks, index, audience),
        })
        .collect()
}

/// The attribute names any of these reports' organisations has, sorted.
pub fn attribute_names<'a>(reports: impl IntoIterator<Item = &'a Report<'a>>) -> Vec<&'a str> {
    let names: std::collections::BTreeSet<&str> = reports
        .into_iter()
        .flat_map(|r| {
            r.assessment
                .organization
                .attributes
                .keys()
                .map(String::as_str)
        })
        .collect();
    names.into_iter().collect()
}
