//! The example site in headless Chromium, served under a sub-path as GitHub
//! Pages serves it: every page type loads with no console error, no failed
//! request and no external request, in light, dark and print modes.
//! Screenshots are kept in `target/screenshots/` as test artifacts.
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
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["build", "--base-url", "https://owner.github.io/repo/", "-o"])
        .arg(&site)
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // One page of every type, taken from what the build wrote.
    let report = first_dir(&site.join("organizations"), |p| {
        p.join("index.html").is_file()
    })
    .and_then(|org| first_dir(&org, |p| p.join("roadmap/index.html").is_file()))
    .expect("a published report with a roadmap");
    let report = report
        .strip_prefix(&site)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let cohort = first_dir(&site.join("benchmarks"), |p| p.is_dir())
        .and_then(|period| first_dir(&period, |p| p.is_dir()))
        .and_then(|attr| first_dir(&attr, |p| p.join("index.html").is_file()))
        .expect("a published cohort");
    let cohort = cohort
        .strip_prefix(&site)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let pages = [
        String::new(),
        "model/".into(),
        "model/system-design/".into(),
        "benchmarks/".into(),
        format!("{cohort}/"),
        "organizations/".into(),
        format!("{report}/"),
        format!("{report}/roadmap/"),
        "methodology/".into(),
        "search/".into(),
        "404.html".into(),
    ];
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let run = Command::new("node")
        .arg(harness.join("run.mjs"))
        .args(["--site"])
        .arg(&site)
        .args(["--base", "/repo/", "--out"])
        .arg(&shots)
        .args(["--pages", &pages.join(",")])
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "browser check failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    for mode in ["light", "dark", "print"] {
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

/// The first sub-folder of `dir` (by name) that satisfies `want`.
fn first_dir(dir: &Path, want: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    entries.into_iter().find(|p| want(p))
}
