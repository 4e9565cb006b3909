//! Every page of the example site and of a fixture site with hostile text
//! is valid HTML5, as the Nu Html Checker (vnu.jar) judges it.
//!
//! `.ci/run` installs the checker (npm package `vnu-jar`, run with Java) and
//! sets `RUNGS_VNU_JAR`. Without it the test is skipped locally with a
//! message, and fails under CI, so CI can never pass without checking.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu() -> Option<PathBuf> {
    let jar = std::env::var_os("RUNGS_VNU_JAR").map(PathBuf::from);
    match jar {
        Some(j) if j.is_file() => Some(j),
        _ if std::env::var_os("CI").is_some() => {
            panic!("RUNGS_VNU_JAR must point at vnu.jar under CI (see .ci/run)")
        }
        _ => {
            eprintln!(
                "skipping HTML validation: set RUNGS_VNU_JAR to vnu.jar (npm package vnu-jar) to run it"
            );
            None
        }
    }
}

fn assert_valid(jar: &Path, dir: &Path) {
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--also-check-svg"])
        .arg(dir)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "invalid HTML in {}:\n{report}",
        dir.display()
    );
}

#[test]
fn example_and_fixture_sites_are_valid_html5() {
    let Some(jar) = vnu() else { return };
    let (_dir, public) = common::build_example_site(&[]);
    assert_valid(&jar, &public);

    let site = hostile_site();
    assert_valid(&jar, &site.public());
}

/// A site whose texts try to break out of their HTML context.
fn hostile_site() -> common::Fixture {
    let site = common::Fixture::new(
        common::EXAMPLE_MODEL,
        &[(
            "x.yaml",
            "organization: {id: x, name: \"R&D <Ops> \\\"quoted\\\" </td></table><script>alert(1)</script>\", sector: \"a<b\"}
period: '2025'
assessor: \"<img src=x onerror=alert(1)>\"
summary: \"<em>fine</em> <div onclick='x'>not fine</div> [link](javascript:alert(1))\"
capabilities:
  a: {level: 1, evidence: \"</details><h1>x</h1>\"}
  b: {not_applicable: true, reason: \"<iframe src=x></iframe>\"}
  c: {criteria: {c1: full}}
",
        )],
    );
    site.build();
    site
}

#[test]
fn hostile_text_stays_text() {
    let site = hostile_site();
    let report = site.output("organizations/x/2025/index.html");
    for payload in [
        "<script>alert",
        "<iframe",
        "<img src=x",
        "<div onclick",
        "javascript:",
        "<h1>x</h1>",
    ] {
        assert!(
            !report.contains(payload),
            "`{payload}` escaped out of its text"
        );
    }
    assert!(report.contains("<em>fine</em>"), "harmless markup stays");
    assert!(report.contains("R&amp;D &lt;Ops&gt;"), "names are escaped");
}
