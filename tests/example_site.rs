//! The repository root is itself an example site: it must check and build,
//! with a report page per published assessment and none for the others.

mod common;

use std::path::Path;
use std::process::Command;

/// The most any page may weigh (issue #17).
const PAGE_BUDGET: u64 = 200 * 1024;

/// The most a published assessment may cost on average in one language,
/// all its pages counted (report, roadmap, its share of the
/// organisation's page). 45 KB in one language; the example site is built
/// in two, and each page carries some 450 bytes of links to its twin (two
/// absolute `hreflang` links and the switcher), about 1 KB an assessment.
const ASSESSMENT_BUDGET: u64 = 46 * 1024;

/// The most an organisation's page may weigh: a history table and a
/// trend chart, never a copy of a report (which weighs some 80 KB).
const ORGANIZATION_PAGE_BUDGET: usize = 20 * 1024;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn repository_root_checks_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .arg("check")
        .arg(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems"));
}

#[test]
fn repository_root_builds_every_published_report() {
    let (_dir, public) = common::build_example_site(&[]);

    for file in [
        "index.html",
        "data/results.json",
        "data/results.csv",
        "data/model.json",
        "model/index.html",
        "organizations/index.html",
        "404.html",
        ".nojekyll",
        "style.css",
    ] {
        assert!(public.join(file).is_file(), "{file} missing");
    }

    let sources = rungs::pipeline::load(root()).unwrap();
    let (site, _) = rungs::pipeline::compile(sources).unwrap();
    let published = site.assessments.iter().filter(|a| a.publish).count();
    let unpublished = site.assessments.len() - published;
    assert!(published >= 10, "the example publishes a dozen reports");
    assert!(
        unpublished >= 1,
        "the example has an unpublished assessment"
    );

    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/results.json")).unwrap())
            .unwrap();
    assert_eq!(results["assessments"].as_array().unwrap().len(), published);
    for a in &site.assessments {
        let page = public.join(format!(
            "organizations/{}/{}/index.html",
            a.organization.id, a.period
        ));
        assert_eq!(
            page.is_file(),
            a.publish,
            "{} {}",
            a.organization.id,
            a.period
        );
        if a.publish {
            let html = std::fs::read_to_string(&page).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(
                html.contains(&a.organization.name.replace('&', "&amp;")),
                "report names the organisation"
            );
            // The percent to target (site.md) comes after the whole levels
            // still to go, or the target reads as reached.
            assert!(
                html.contains("level to go, score at ")
                    || html.contains("levels to go, score at ")
                    || html.contains("<span class=\"kpi-sub\">reached</span>"),
                "{}: the target in levels and percent",
                a.organization.id
            );
        }
    }
    // Each organisation's page is its history: it names its latest
    // published report and links to it, without copying it (so it stays
    // small), and does not repeat the name (which may end with a full
    // stop, as in "Ltd.").
    let mut latest = std::collections::BTreeMap::new();
    for a in site.assessments.iter().filter(|a| a.publish) {
        let period = latest.entry(&a.organization.id).or_insert(&a.period);
        if a.period > **period {
            *period = &a.period;
        }
    }
    for (org, period) in latest {
        let html = std::fs::read_to_string(public.join(format!("organizations/{org}/index.html")))
            .unwrap();
        assert!(html.contains(&format!("Latest: {period}")), "{org}");
        assert!(
            html.contains(&format!("href=\"../../organizations/{org}/{period}/\"")),
            "{org}: links to its latest report"
        );
        assert!(
            html.contains(&format!(
                "href=\"../../organizations/{org}/{period}/roadmap/\""
            )),
            "{org}: links to its latest roadmap"
        );
        assert!(
            html.len() <= ORGANIZATION_PAGE_BUDGET,
            "{org}: the organisation page is {} bytes, over its budget of {ORGANIZATION_PAGE_BUDGET}",
            html.len()
        );
        assert!(!html.contains(".. "), "{org}: a doubled full stop");
    }
    // No page passes the page budget, so every page loads on a phone.
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let size = entry.metadata().unwrap().len();
            assert!(
                size <= PAGE_BUDGET,
                "{} is {size} bytes, over the page budget of {PAGE_BUDGET}",
                entry.path().display()
            );
        }
    }
    // The bytes a published assessment costs the site: its report, its
    // roadmap and its share of its organisation's page. Issue #17 asks
    // for 40 KB on average; what stands between is content (the roadmap
    // prints every unmet criterion's text, some 6 KB), see
    // docs/performance.md. This holds the ground gained (52 KB before).
    let mut reports = 0u64;
    let mut bytes = 0u64;
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    for a in site.assessments.iter().filter(|a| a.publish) {
        let report = public.join(format!("organizations/{}/{}", a.organization.id, a.period));
        bytes += size(&report.join("index.html")) + size(&report.join("roadmap/index.html"));
        reports += 1;
    }
    let organizations: std::collections::BTreeSet<&str> = site
        .assessments
        .iter()
        .filter(|a| a.publish)
        .map(|a| a.organization.id.as_str())
        .collect();
    for org in organizations {
        bytes += size(&public.join(format!("organizations/{org}/index.html")));
    }
    let per_assessment = bytes / reports;
    eprintln!("{reports} published assessments, {per_assessment} bytes each on average");
    assert!(
        per_assessment <= ASSESSMENT_BUDGET,
        "a published assessment costs {per_assessment} bytes, over {ASSESSMENT_BUDGET}"
    );
    // Every dimension of the model has its page.
    for d in &site.model.dimensions {
        assert!(public.join(format!("model/{}/index.html", d.id)).is_file());
    }
    // Content pages are built.
    for p in &site.pages {
        assert!(public.join(format!("{}/index.html", p.path)).is_file());
    }
}
