//! The example site in headless Chromium (Debian's `chromium`, driven by
//! `playwright-core`), built with `--base-url https://owner.github.io/repo/`
//! and served under `/repo/` as GitHub Pages serves it. One page of every
//! type the README lists (home, model, a dimension, the benchmark, a
//! period's benchmark, a cohort, the organisations, an organisation, a
//! report, its roadmap, a Markdown page, search with and without results,
//! and `404.html`), taken from what the build wrote, and the Chinese
//! twins of the home, model, report, roadmap, benchmark, a Markdown page
//! and a search in Chinese (issue #19), is loaded in light,
//! dark and print modes and on a 390-pixel phone, and:
//!
//! - logs no console error or page error, and makes no failed request, no
//!   request answered with an HTTP error and no request off the site;
//! - in light and in dark mode (which has colours of its own), has no
//!   `serious` or `critical` violation of axe-core's WCAG 2.0, 2.1 and 2.2
//!   A and AA rules and best practices (`tests/browser/axe.mjs`, shared with
//!   `tests/search.rs`), and no chart text below WCAG AA contrast with what
//!   the chart draws under it, which axe cannot judge in SVG;
//! - on the phone shows no chart text under 11 CSS pixels or outside its
//!   chart and no chart wider than the screen, and on the desktop has every
//!   fluid chart as wide as its column (`tests/browser/charts.mjs`).
//!
//! The harness reports how many audits it ran and the test checks that
//! count, so a page that was not audited fails it. Screenshots are kept in
//! `target/screenshots/` as test artifacts.
//!
//! Needs Debian's `chromium` and `npm ci --prefix tests/browser` (both
//! done by `.ci/run`). Without them the test is skipped locally with a
//! message, and fails under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn every_page_type_loads_cleanly_under_a_sub_path_in_light_dark_and_print() {
    let Some(harness) = common::browser_harness() else {
        return;
    };
    let (_dir, site) = common::build_example_site(&["--base-url", "https://owner.github.io/repo/"]);

    // One page of every type of the README's "What a build writes", taken
    // from what the build wrote.
    let rel = |p: &Path| {
        let r = p
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        format!("{r}/")
    };
    let has_index = |p: &Path| p.join("index.html").is_file();
    let dimension = first_dir(&site.join("model"), has_index).expect("a dimension page");
    let period = first_dir(&site.join("benchmarks"), has_index).expect("a period's benchmark");
    let cohort = dirs(&site.join("benchmarks"))
        .into_iter()
        .flat_map(|period| dirs(&period))
        .flat_map(|attribute| dirs(&attribute))
        .find(|value| has_index(value))
        .expect("a published cohort");
    let report = dirs(&site.join("organizations"))
        .into_iter()
        .filter(|org| has_index(org))
        .flat_map(|org| dirs(&org))
        .find(|report| has_index(report) && report.join("roadmap/index.html").is_file())
        .expect("a published report with a roadmap");
    let org = report.parent().unwrap();
    let pages = [
        String::new(),
        "model/".into(),
        rel(&dimension),
        "benchmarks/".into(),
        rel(&period),
        rel(&cohort),
        "organizations/".into(),
        rel(org),
        rel(&report),
        format!("{}roadmap/", rel(&report)),
        "methodology/".into(),
        "search/".into(),
        // The results, with matched words marked, in light and dark.
        "search/?q=supply".into(),
        "404.html".into(),
        // The Chinese site (issue #19): its home, model, a report and its
        // roadmap, the benchmarks, a page, and a search in Chinese, with
        // the Chinese fonts of .ci/run.
        "zh-cn/".into(),
        "zh-cn/model/".into(),
        format!("zh-cn/{}", rel(&report)),
        format!("zh-cn/{}roadmap/", rel(&report)),
        "zh-cn/benchmarks/".into(),
        "zh-cn/methodology/".into(),
        "zh-cn/search/?q=数据管理".into(),
    ];
    for page in &pages {
        let page = page.split_once('?').map_or(page.as_str(), |(path, _)| path);
        let file = if page.ends_with('/') || page.is_empty() {
            site.join(page).join("index.html")
        } else {
            site.join(page)
        };
        assert!(file.is_file(), "{} was built", file.display());
    }
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let run = Command::new("node")
        .arg(harness.join("run.mjs"))
        .args(["--site"])
        .arg(&site)
        .args(["--base", "/repo/", "--out"])
        .arg(&shots)
        .args(["--pages", &pages.join(",")])
        .args(["--modes", "light,dark,print,phone", "--axe", "light,dark"])
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "browser check failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    // axe really ran: once per page in light and once in dark mode.
    let summary = String::from_utf8_lossy(&run.stdout);
    let audits = format!("{} axe audits (light, dark)", pages.len() * 2);
    assert!(summary.contains(&audits), "expected {audits} in: {summary}");
    // The charts were measured: the report, the organisation and the
    // benchmark pages have hundreds of chart texts between them.
    let measured: usize = summary
        .split(" chart texts measured")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(measured > 200, "chart texts measured in: {summary}");
    for mode in ["light", "dark", "print", "phone"] {
        for name in ["home", "benchmarks", "organizations"] {
            let png = shots.join(format!("{name}-{mode}.png"));
            let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
            assert!(
                bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
                "{} is a real screenshot",
                png.display()
            );
        }
    }
}

/// The sub-folders of `dir`, by name.
fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    entries
}

/// The first sub-folder of `dir` (by name) that satisfies `want`.
fn first_dir(dir: &Path, want: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    dirs(dir).into_iter().find(|p| want(p))
}
