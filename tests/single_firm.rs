//! One firm's own site (issue #21, docs/single-firm.md): a site whose
//! assessments are all of one organisation, or `mode: organization`, has
//! the firm's history and latest result as its home page, and neither
//! benchmark nor organisation list pages, nor links to them. A second
//! firm under `mode: organization` is an error naming its file;
//! `mode: benchmark` keeps the benchmark pages for one firm.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Fixture, ONE_CAPABILITY_MODEL, one_capability_assessment};
use rungs::domain::output::MemorySink;
use rungs::pipeline::{self, Memo};

/// Acme over three periods, one capability of K = 4, so each overall
/// score is `level + progress`: 1.50, 2.25, 3.75.
const ACME: [(&str, f64); 3] = [("2023", 1.5), ("2024", 2.25), ("2025", 3.75)];

fn acme_site(site_yaml: &str) -> Fixture {
    let files: Vec<(String, String)> = ACME
        .iter()
        .map(|(period, score)| {
            (
                format!("acme/{period}.yaml"),
                one_capability_assessment("acme", "Acme Ltd", "energy", period, *score, None),
            )
        })
        .collect();
    let f = Fixture::with_owned(ONE_CAPABILITY_MODEL, &files);
    f.write("site.yaml", site_yaml);
    f
}

const SITE: &str = "title: Acme's maturity\nbase_url: https://example.org/acme/\n";

/// Every output file, by its path relative to `dir` with `/` separators.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::tree(dir)
}

/// The values of every `href="…"` in `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// `href` on the page at output path `page`, resolved to an output file
/// path (`…/index.html` for a folder), or `None` for an external link or
/// an anchor on the page itself.
fn resolve(page: &str, href: &str) -> Option<String> {
    if href.starts_with('#') || href.contains("://") {
        return None;
    }
    let href = href.split('#').next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's file name
    for segment in href.split('/') {
        match segment {
            ".." => {
                assert!(parts.pop().is_some(), "{page}: `{href}` leaves the site");
            }
            "" | "." => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.is_empty() || href.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

#[test]
fn one_firm_over_three_periods_has_its_history_as_home_and_no_benchmark_pages() {
    let f = acme_site(SITE);
    f.build();
    let out = files(&f.public());

    // Its pages: the home page, each report and roadmap, the model, search.
    for page in [
        "index.html",
        "organizations/acme/2023/index.html",
        "organizations/acme/2024/roadmap/index.html",
        "organizations/acme/2025/index.html",
        "model/index.html",
        "search/index.html",
        "404.html",
    ] {
        assert!(out.contains_key(page), "{page} is written");
    }
    // Not a benchmark of itself, nor a list of one organisation, nor its
    // page twice (the home page is the organisation's page).
    for path in out.keys() {
        assert!(!path.starts_with("benchmarks/"), "{path} is written");
    }
    assert!(!out.contains_key("organizations/index.html"));
    assert!(!out.contains_key("organizations/acme/index.html"));

    // The home page: the firm's latest report in full, then its history
    // with the trend chart, the scores worked out by hand above.
    let home = f.output("index.html");
    assert!(home.contains("<h1>Acme Ltd</h1>"), "{home}");
    assert!(home.contains("Maturity report · 2025"), "{home}");
    assert!(
        home.contains("with a score of 3.75 of 4"),
        "the latest overall score: {home}"
    );
    assert!(
        home.contains("id=\"by-capability\""),
        "the whole report: {home}"
    );
    assert!(home.contains("id=\"history\""), "then the history: {home}");
    assert!(home.contains("class=\"chart chart-trend\""), "{home}");
    assert!(
        home.contains("Overall: 2023 1.50, 2024 2.25, 2025 3.75"),
        "the trend chart's description: {home}"
    );
    // The history: one row per period with its change (2.25 − 1.50 and
    // 3.75 − 2.25), each linking to its report and roadmap.
    for (period, _) in ACME {
        assert!(
            home.contains(&format!(
                "<a href=\"organizations/acme/{period}/\">{period}</a>"
            )),
            "{period} in the history: {home}"
        );
        assert!(home.contains(&format!("href=\"organizations/acme/{period}/roadmap/\"")));
    }
    assert!(home.contains("+0.75") && home.contains("+1.50"), "{home}");
    assert!(home.contains("<a href=\"organizations/acme/2025/roadmap/\">see the roadmap</a>"));

    // The report is one step below the home page, without a trail
    // through lists that are not there; its roadmap's trail leads home
    // and to the report. The report's link to all the organisation's
    // reports leads home too.
    let report = f.output("organizations/acme/2025/index.html");
    assert!(!report.contains("class=\"breadcrumbs\""), "{report}");
    let roadmap = f.output("organizations/acme/2025/roadmap/index.html");
    let crumbs = roadmap
        .split("<nav class=\"breadcrumbs\"")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("the roadmap has breadcrumbs");
    assert_eq!(
        hrefs(crumbs),
        ["../../../../", "../../../../organizations/acme/2025/"],
        "{crumbs}"
    );
    assert!(
        report.contains("<a href=\"../../../\">All 3 reports of Acme Ltd</a>"),
        "{report}"
    );

    // No page links to a benchmark or an organisation list, and every
    // internal link of every page resolves to a written file (the
    // build's own link check passed too).
    let mut links = 0;
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).expect("pages are UTF-8");
        for href in hrefs(html) {
            assert!(!href.contains("benchmarks/"), "{path} links to {href}");
            let Some(target) = resolve(path, href) else {
                continue;
            };
            let target = if path == "404.html" {
                // The 404 page's links are absolute, below the base path.
                href.strip_prefix("/acme/")
                    .map(|h| resolve("index.html", h).unwrap_or_default())
                    .unwrap_or(target)
            } else {
                target
            };
            assert!(
                target != "organizations/index.html" && target != "organizations/acme/index.html",
                "{path} links to {href}"
            );
            assert!(
                out.contains_key(&target),
                "{path}: `{href}` → {target} is not written"
            );
            links += 1;
        }
    }
    assert!(links > 100, "{links} internal links checked");

    // The sitemap lists the home page and the reports, no list page.
    let sitemap = f.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/acme/</loc>"));
    assert!(
        sitemap.contains("<loc>https://example.org/acme/organizations/acme/2025/roadmap/</loc>")
    );
    assert!(!sitemap.contains("benchmarks/"), "{sitemap}");
    assert!(!sitemap.contains("<loc>https://example.org/acme/organizations/</loc>"));
    assert!(!sitemap.contains("<loc>https://example.org/acme/organizations/acme/</loc>"));
    assert_eq!(sitemap.matches("<loc>").count(), 10, "{sitemap}");

    // The search index finds the firm at the home page, and every entry
    // leads to a written page.
    let index: serde_json::Value =
        serde_json::from_str(&f.output("search/index.json")).expect("the index is JSON");
    let docs = index["docs"].as_array().expect("docs");
    let firm: Vec<&serde_json::Value> = docs.iter().filter(|d| d["k"] == "organization").collect();
    assert_eq!(firm.len(), 1);
    assert_eq!(firm[0]["t"], "Acme Ltd");
    assert_eq!(firm[0]["u"], "");
    for d in docs {
        let u = d["u"].as_str().expect("a url");
        let target = resolve("index.html", u).expect("an internal url");
        assert!(out.contains_key(&target), "search entry `{u}` → {target}");
        assert!(!u.starts_with("benchmarks/") && !u.starts_with("organizations/"));
    }

    // The exports still hold every report; no cohort is published.
    let results = f.results();
    let rows = results["assessments"].as_array().expect("assessments");
    assert_eq!(rows.len(), 3);
    let benchmarks: serde_json::Value =
        serde_json::from_str(&f.output("data/benchmarks.json")).expect("JSON");
    assert_eq!(benchmarks["cohorts"], serde_json::json!([]));
    assert!(!home.contains("data/benchmarks.json"), "no footer link");
}

#[test]
fn one_firm_in_two_languages_has_its_home_in_each() {
    let f = acme_site(&format!("{SITE}languages: [en, zh-CN]\n"));
    f.build();
    let zh = f.output("zh-cn/index.html");
    assert!(zh.contains("<h1>Acme Ltd</h1>"), "{zh}");
    assert!(zh.contains("3.75"), "{zh}");
    assert!(zh.contains("class=\"chart chart-trend\""));
    assert!(zh.contains("href=\"organizations/acme/2025/\""), "{zh}");
    assert!(!zh.contains("benchmarks/\""), "{zh}");
    let out = files(&f.public());
    assert!(out.contains_key("zh-cn/organizations/acme/2025/index.html"));
    assert!(!out.keys().any(|p| p.contains("benchmarks/")));
    assert!(!out.contains_key("zh-cn/organizations/index.html"));
}

#[test]
fn mode_organization_refuses_a_second_firm_and_keeps_the_output() {
    let f = acme_site(SITE);
    f.write(
        "content/assessments/zeta.yaml",
        one_capability_assessment("zeta", "Zeta", "energy", "2025", 2.0, None),
    );
    // Two firms, no mode: a benchmark site with its list of organisations.
    f.build();
    assert!(f.output("organizations/index.html").contains("Zeta"));
    assert!(f.public().join("benchmarks/index.html").is_file());
    let before = files(&f.public());

    f.write("site.yaml", format!("{SITE}mode: organization\n"));
    let run = f.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("content/assessments/zeta.yaml"), "{err}");
    assert!(err.contains("(at `organization.id`)"), "{err}");
    assert!(
        err.contains(
            "this assessment is of organisation `zeta`, but site.yaml says `mode: organization` and `content/assessments/acme/2023.yaml` is of organisation `acme`"
        ),
        "{err}"
    );
    assert!(err.contains("remove `mode: organization`"), "{err}");
    assert!(err.contains("1 problem in 1 file"), "{err}");
    assert_eq!(files(&f.public()), before, "the previous output stays");
}

#[test]
fn mode_organization_and_mode_benchmark_decide_over_the_count() {
    // `mode: organization` with the firm's only file: its own site.
    let f = acme_site(&format!("{SITE}mode: organization\n"));
    f.build();
    assert!(f.output("index.html").contains("<h1>Acme Ltd</h1>"));
    assert!(!f.public().join("benchmarks").exists());

    // `mode: benchmark`: one firm's assessments, yet a benchmark site
    // (an association's first member), with every usual page.
    let f = acme_site(&format!("{SITE}mode: benchmark\n"));
    f.build();
    let home = f.output("index.html");
    assert!(home.contains("<h1>Acme&#39;s maturity</h1>"), "{home}");
    assert!(home.contains("href=\"benchmarks/\""), "{home}");
    assert!(f.output("organizations/index.html").contains("Acme Ltd"));
    assert!(
        f.output("organizations/acme/index.html")
            .contains("<h1>Acme Ltd</h1>")
    );
    assert!(f.public().join("benchmarks/index.html").is_file());

    // `mode: auto` is the default, written out.
    let f = acme_site(&format!("{SITE}mode: auto\n"));
    f.build();
    assert!(f.output("index.html").contains("<h1>Acme Ltd</h1>"));
}

#[test]
fn an_unknown_mode_is_named_with_its_line_and_the_values() {
    let f = acme_site(&format!("{SITE}mode: firm\n"));
    let run = f.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("`firm` is not a site mode"), "{err}");
    assert!(err.contains("site.yaml:3:7"), "{err}");
    assert!(
        err.contains("mode: organization") && err.contains("mode: benchmark"),
        "{err}"
    );
    assert!(!f.public().exists());
}

/// A build from scratch, in memory.
fn fresh(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let sources = pipeline::load(f.path()).expect("the site loads");
    let (site, scores) = pipeline::compile(sources).expect("the site is valid");
    let sink = MemorySink::default();
    pipeline::render_site(&site, &scores, &site.config.base_url, &sink).expect("renders");
    sink.into_files()
}

/// A build that reuses `memo` (as `rungs serve` does), in memory.
fn remembered(f: &Fixture, memo: &mut Memo) -> BTreeMap<String, Vec<u8>> {
    let sources = pipeline::load_remembering(f.path(), &mut memo.read).expect("loads");
    let sink = MemorySink::default();
    pipeline::build_remembering(sources, &sink, memo).expect("builds");
    sink.into_files()
}

#[test]
fn a_second_firm_turns_the_site_into_a_benchmark_in_serve_too() {
    let f = acme_site(SITE);
    let mut memo = Memo::default();
    let first = remembered(&f, &mut memo);
    assert_eq!(first, fresh(&f));
    assert!(!first.contains_key("organizations/acme/index.html"));

    // Acme's pages do not change by its own files, but by the site's
    // kind: its report's breadcrumbs now lead through the list.
    f.write(
        "content/assessments/zeta.yaml",
        one_capability_assessment("zeta", "Zeta", "energy", "2025", 2.0, None),
    );
    let second = remembered(&f, &mut memo);
    assert_eq!(second, fresh(&f), "the same as a build from scratch");
    assert!(second.contains_key("organizations/acme/index.html"));
    assert!(second.contains_key("organizations/index.html"));
    let report =
        String::from_utf8_lossy(&second["organizations/acme/2025/index.html"]).into_owned();
    assert!(
        report.contains("href=\"../../../organizations/\""),
        "{report}"
    );

    std::fs::remove_file(f.path().join("content/assessments/zeta.yaml")).expect("remove");
    let third = remembered(&f, &mut memo);
    assert_eq!(third, first, "back to one firm's own site");
}

#[test]
fn one_firm_with_nothing_published_keeps_the_sites_own_home_page() {
    // Every assessment withheld: no organisation page to put at the root,
    // so the site's own home page says none is published, and still no
    // page of benchmarks of itself or a list (whose links would break).
    let f = acme_site(&format!("{SITE}publish_reports: false\n"));
    f.build();
    let home = f.output("index.html");
    assert!(home.contains("<h1>Acme&#39;s maturity</h1>"), "{home}");
    assert!(home.contains("No report is published."), "{home}");
    assert!(!home.contains("organizations/") && !home.contains("benchmarks/"));
    let out = files(&f.public());
    assert!(
        !out.keys()
            .any(|p| p.starts_with("organizations/") || p.starts_with("benchmarks/"))
    );
    assert_eq!(f.results()["assessments"], serde_json::json!([]));
}
