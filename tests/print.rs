//! Printing (issue #21): the largest report of the example site and its
//! roadmap, in English and in Chinese, printed to PDF by headless Chromium
//! (`tests/browser/print.mjs`) on A4 and on Letter, in both built-in
//! themes. Read back with poppler's `pdfinfo` and `pdftotext`:
//!
//! - a report prints on at most 4 pages, a roadmap on at most 3;
//! - page 1 of a report holds the executive summary (its heading and the
//!   key figures' labels);
//! - every page names the organisation and the period in its running
//!   header, and prints its number as `n / N`.
//!
//! The PDFs are kept in `target/print/` to look at. Needs what
//! `tests/browser.rs` needs plus `poppler-utils` (all in `.ci/run`);
//! skipped locally with a message without them, failing under CI.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tools this test drives, or `None` (with a message) to skip.
fn tools() -> Option<PathBuf> {
    let harness = common::browser_harness()?;
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    if !poppler {
        assert!(
            std::env::var_os("CI").is_none(),
            "the print test needs pdftotext and pdfinfo (poppler-utils) under CI (see .ci/run)"
        );
        eprintln!("skipping the print test: install poppler-utils");
        return None;
    }
    Some(harness)
}

/// The report page (`organizations/<org>/<period>/`) with the most bytes:
/// the organisation with the most content.
fn largest_report(site: &Path) -> String {
    let mut best = (0, String::new());
    for org in std::fs::read_dir(site.join("organizations")).unwrap() {
        let org = org.unwrap().path();
        for period in std::fs::read_dir(&org).into_iter().flatten() {
            let period = period.unwrap().path();
            let len = std::fs::metadata(period.join("index.html")).map_or(0, |m| m.len());
            if len > best.0 && period.join("roadmap/index.html").is_file() {
                let rel = period.strip_prefix(site).unwrap().to_string_lossy();
                best = (len, format!("{}/", rel.replace('\\', "/")));
            }
        }
    }
    assert!(best.0 > 0, "the example site has a report with a roadmap");
    best.1
}

/// The text of `pdf`, one string per page (pdftotext ends each with a form feed).
fn pages_of(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The page count pdfinfo reads from `pdf`'s catalogue.
fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count for {}", pdf.display()))
}

/// What a page of `page` shows in the <title>-independent parts: the
/// organisation's name and the period, read from the built HTML.
fn name_and_period(site: &Path, page: &str) -> (String, String) {
    let html = std::fs::read_to_string(site.join(page).join("index.html")).unwrap();
    let h1 = html
        .split("<h1>")
        .nth(1)
        .and_then(|s| s.split("</h1>").next())
        .unwrap();
    let name = h1.replace("&amp;", "&");
    let period = page
        .trim_end_matches('/')
        .trim_end_matches("/roadmap")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    (name, period)
}

/// Prints `pages` of `site` on A4 and Letter into `out`, and checks every PDF.
fn print_and_check(
    harness: &Path,
    site: &Path,
    out: &Path,
    pages: &[String],
    summary: &[(&str, &str)],
) {
    let run = Command::new("node")
        .arg(harness.join("print.mjs"))
        .arg("--site")
        .arg(site)
        .args(["--base", "/"])
        .arg("--out")
        .arg(out)
        .args(["--pages", &pages.join(","), "--formats", "A4,Letter"])
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "printing failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    for page in pages {
        let roadmap = page.ends_with("roadmap/");
        let (name, period) = name_and_period(site, page);
        for format in ["A4", "Letter"] {
            let file = out.join(format!(
                "{}-{format}.pdf",
                page.trim_end_matches('/')
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            ));
            let count = page_count(&file);
            let most = if roadmap { 3 } else { 4 };
            assert!(
                (1..=most).contains(&count),
                "{page} prints on {count} {format} pages, more than {most}: {}",
                file.display()
            );
            let texts = pages_of(&file);
            assert_eq!(texts.len(), count, "{}: one text per page", file.display());
            for (i, text) in texts.iter().enumerate() {
                let n = i + 1;
                let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
                assert!(
                    head.contains(&name) && head.contains(&period),
                    "{page} ({format}) page {n} names {name:?} and {period} at its top:\n{head}"
                );
                // pdftotext may drop the spaces around the slash.
                let squeezed: String = text.split_whitespace().collect();
                assert!(
                    squeezed.contains(&format!("{n}/{count}")),
                    "{page} ({format}) page {n} prints \"{n} / {count}\":\n{text}"
                );
            }
            if !roadmap {
                let lang = if page.starts_with("zh-cn/") {
                    "zh"
                } else {
                    "en"
                };
                for (l, want) in summary {
                    if *l == lang {
                        assert!(
                            texts[0].contains(want),
                            "{page} ({format}) page 1 holds the summary's {want:?}:\n{}",
                            texts[0]
                        );
                    }
                }
            }
        }
    }
}

/// The report and roadmap pages to print: English and Chinese.
fn pages(report: &str) -> Vec<String> {
    vec![
        report.to_owned(),
        format!("{report}roadmap/"),
        format!("zh-cn/{report}"),
        format!("zh-cn/{report}roadmap/"),
    ]
}

/// The executive summary on page 1: its heading and key figures' labels.
const SUMMARY: &[(&str, &str)] = &[
    ("en", "Summary"),
    ("en", "LEVEL"),
    ("en", "SCORE"),
    ("en", "TARGET"),
    ("zh", "概要"),
];

#[test]
fn the_largest_report_and_its_roadmap_print_on_a4_and_letter_with_running_headers() {
    let Some(harness) = tools() else {
        return;
    };
    let (_dir, site) = common::build_example_site(&[]);
    let report = largest_report(&site);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/print/default");
    print_and_check(&harness, &site, &out, &pages(&report), SUMMARY);
}

#[test]
fn the_print_theme_prints_the_same_report_within_the_same_pages() {
    let Some(harness) = tools() else {
        return;
    };
    // The example site with `theme: print`: its inputs copied, one line added.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = dir.path().join("site");
    for part in ["content", "templates", "themes", "i18n"] {
        if root.join(part).is_dir() {
            copy_dir(&root.join(part), &copy.join(part));
        }
    }
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(copy.join("site.yaml"), format!("{yaml}\ntheme: print\n")).unwrap();
    let public = dir.path().join("public");
    let run = common::rungs(&[
        OsStr::new("build"),
        OsStr::new("-o"),
        public.as_os_str(),
        copy.as_os_str(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report = largest_report(&public);
    let out = root.join("target/print/print");
    // The print theme's key-figure labels are small capitals, not capitals.
    print_and_check(
        &harness,
        &public,
        &out,
        &pages(&report),
        &[("en", "Summary"), ("zh", "概要")],
    );
}

/// Copies the folder `from` to `to`, recursively (regular files only).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn chart_data_tables_that_the_next_table_repeats_are_marked_and_not_printed() {
    let (_dir, site) = common::build_example_site(&[]);
    let org = std::fs::read_dir(site.join("organizations"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .find(|p| std::fs::read_to_string(p).is_ok_and(|h| h.contains("class=\"chart-data")))
        .expect("an organisation page with a chart data table");
    let html = std::fs::read_to_string(&org).unwrap();
    assert!(
        html.contains("<details class=\"chart-data chart-data-twin\">"),
        "{}: the history chart's table is marked as repeated by the history table",
        org.display()
    );
    let cohort = std::fs::read_to_string(site.join("benchmarks/index.html")).unwrap();
    assert!(
        cohort.contains("chart-data chart-data-twin"),
        "the levels chart's table is marked"
    );
    // The home page's level chart has no such table after it: it keeps its data table.
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    if home.contains("class=\"chart-data") {
        assert!(
            !home.contains("chart-data-twin"),
            "the home page's chart keeps its table"
        );
    }
    for theme in ["default", "print"] {
        let css = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/{theme}/static/style.css")),
        )
        .unwrap();
        let print = &css[css.find("@media print").expect("a print block")..];
        assert!(
            print.contains(".chart-data-twin { display: none; }"),
            "{theme}: marked chart data tables are hidden in print"
        );
        assert!(
            !print.contains("break-before: page"),
            "{theme}: no forced page break in print"
        );
    }
}
