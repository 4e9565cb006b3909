//! Every URL of the site, decided here and nowhere else. Paths are
//! relative to the site root and end in `/` (a folder with an
//! `index.html`); templates prefix them with the page's `root`.

use crate::analysis::benchmark::Cohort;
use crate::analysis::report::Report;

/// The model's page.
pub const MODEL: &str = "model/";
/// The list of organisations.
pub const ORGANIZATIONS: &str = "organizations/";
/// The benchmarks of the latest period.
pub const BENCHMARKS: &str = "benchmarks/";
/// The search page.
pub const SEARCH: &str = "search/";

/// A dimension's page: `model/d1/`.
pub fn dimension(id: &str) -> String {
    format!("model/{id}/")
}

/// A period's benchmarks: `benchmarks/2025/`.
pub fn benchmark_period(period: &str) -> String {
    format!("benchmarks/{period}/")
}

/// A content page's URL from its path below `content/pages` without the
/// extension (`guides/setup` → `guides/setup/`).
pub fn page(path: &str) -> String {
    format!("{path}/")
}

/// Page `n` (from 1) of the list of organisations: page 1 is
/// [`ORGANIZATIONS`], page n ≥ 2 is `organizations/_page/n/`. Organisation
/// ids match `[a-z0-9][a-z0-9-]*`, so no id can be `_page` and the list's
/// pages never collide with an organisation's page `organizations/<id>/`.
pub fn organizations_page(n: usize) -> String {
    if n <= 1 {
        ORGANIZATIONS.to_owned()
    } else {
        format!("organizations/_page/{n}/")
    }
}

/// An organisation's page: `organizations/acme/`.
pub fn organization(org: &str) -> String {
    format!("organizations/{org}/")
}

/// One report: `organizations/acme/2025/`.
pub fn report(org: &str, period: &str) -> String {
    format!("organizations/{org}/{period}/")
}

/// The page of a published report, as [`report`] gives it.
pub fn report_of(r: &Report<'_>) -> String {
    report(&r.assessment.organization.id, &r.assessment.period)
}

/// A report's roadmap: `organizations/acme/2025/roadmap/`.
pub fn roadmap(org: &str, period: &str) -> String {
    format!("organizations/{org}/{period}/roadmap/")
}

/// A cohort's page: `benchmarks/2025/` for a period's whole cohort,
/// `benchmarks/2025/sector/energie/` for a group, by the value's slug.
pub fn cohort(c: &Cohort) -> String {
    match &c.group {
        None => benchmark_period(&c.period),
        Some(g) => format!("benchmarks/{}/{}/{}/", c.period, g.attribute, g.slug),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_folders_below_the_root() {
        assert_eq!(organization("acme"), "organizations/acme/");
        assert_eq!(report("acme", "2025-q2"), "organizations/acme/2025-q2/");
        assert_eq!(roadmap("acme", "2025"), "organizations/acme/2025/roadmap/");
        assert_eq!(dimension("d1"), "model/d1/");
        assert_eq!(benchmark_period("2025"), "benchmarks/2025/");
        assert_eq!(page("guides/setup"), "guides/setup/");
    }

    #[test]
    fn the_list_pages_never_meet_an_organisation() {
        assert_eq!(organizations_page(1), ORGANIZATIONS);
        assert_eq!(organizations_page(2), "organizations/_page/2/");
        assert_eq!(organizations_page(40), "organizations/_page/40/");
        // `_` is not allowed in an id, so no organisation's page is there,
        // not even one whose id is `page`.
        assert_ne!(organization("page"), organizations_page(2));
        assert!(!organizations_page(2).starts_with(&organization("page")));
        assert!(!crate::text::slug::is_id("_page"));
    }
}
