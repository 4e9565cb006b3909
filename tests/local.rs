//! `rungs build --local`: the output works opened from disk. Every link to
//! a page of the site names a file (`…/index.html`), never a folder, and a
//! browser opening the files goes from the home page to a report and back
//! without a directory listing (issue #18).

mod common;

use std::path::Path;
use std::process::Command;

/// Every relative `href` and `action` of the pages below `public`, with
/// the page it is on.
fn relative_links(public: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in [" href=\"", " action=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                let path = value.split(['#', '?']).next().unwrap();
                let external = path.starts_with('/') || path.contains(':');
                if !external && !path.is_empty() {
                    links.push((entry.path().to_owned(), path.to_owned()));
                }
            }
        }
    }
    links
}

#[test]
fn a_local_build_names_a_file_in_every_link() {
    let (_dir, public) = common::build_example_site(&["-q", "--local"]);
    let links = relative_links(&public);
    assert!(links.len() > 10_000, "{} links", links.len());
    for (page, link) in &links {
        assert!(
            !link.ends_with('/'),
            "{}: a folder link {link}",
            page.display()
        );
        let target = page.parent().unwrap().join(link);
        assert!(target.is_file(), "{}: {link} is not a file", page.display());
    }
    // A default build keeps its clean folder URLs.
    let (_dir, clean) = common::build_example_site(&["-q"]);
    assert!(relative_links(&clean).iter().any(|(_, l)| l.ends_with('/')));
    assert!(
        std::fs::read_to_string(clean.join("index.html"))
            .unwrap()
            .contains("href=\"model/\"")
    );
}

#[test]
fn a_local_build_browses_from_disk_to_a_report_and_back() {
    let Some(harness) = common::browser_harness() else {
        return;
    };
    let (_dir, public) = common::build_example_site(&["-q", "--local"]);
    let run = Command::new("node")
        .arg(harness.join("local.mjs"))
        .arg("--site")
        .arg(&public)
        .output()
        .expect("node runs");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "browsing from disk failed:\n{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.contains("9 pages from disk"), "{out}");
}
