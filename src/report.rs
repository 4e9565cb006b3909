//! Published reports: the assessments that get a page and an export row.

use crate::assessment::Assessment;
use crate::score::AssessmentScores;

/// One published assessment with its scores and its place in the site.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Its scores.
    pub scores: &'a AssessmentScores,
    /// Its page, relative to the site root, such as `organizations/acme/2025/`.
    pub url_path: String,
}

/// The URL path of an organisation's page.
pub fn organization_path(org: &str) -> String {
    format!("organizations/{org}/")
}

/// The URL path of one report.
pub fn report_path(org: &str, period: &str) -> String {
    format!("organizations/{org}/{period}/")
}

/// The published assessments, in the site's order (organisation id, then
/// period). Unpublished ones count only in aggregates and never get a page.
pub fn published<'a>(
    assessments: &'a [Assessment],
    scores: &'a [AssessmentScores],
) -> Vec<Report<'a>> {
    assessments
        .iter()
        .zip(scores)
        .filter(|(a, _)| a.publish)
        .map(|(assessment, scores)| Report {
            assessment,
            scores,
            url_path: report_path(&assessment.organization.id, &assessment.period),
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
