//! The command line as a user meets it: help, version, quiet and verbose
//! runs, colours, JSON output for editors and CI.

mod common;

use common::Fixture;

use common::rungs;

#[test]
fn help_for_every_command_and_version() {
    let r = rungs(&["--version"]);
    assert_eq!(r.code(), 0);
    assert_eq!(
        r.stdout().trim(),
        concat!("rungs ", env!("CARGO_PKG_VERSION"))
    );
    for cmd in ["build", "check", "init", "questionnaire"] {
        let r = rungs(&[cmd, "--help"]);
        assert_eq!(r.code(), 0, "{cmd}");
        assert!(r.stdout().contains("Usage: rungs"), "{cmd}: {}", r.stdout());
    }
    let r = rungs(&["--help"]);
    for option in ["--quiet", "--verbose", "--color", "--format"] {
        assert!(r.stdout().contains(option), "{option}");
    }
    assert_eq!(rungs(&["frobnicate"]).code(), 2);
    assert_eq!(rungs(&["--color", "sometimes", "check"]).code(), 2);
}

#[test]
fn a_build_says_what_it_wrote_and_stays_quiet_when_asked() {
    let site = Fixture::worked_example();
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 0);
    let line = r.stdout();
    assert!(line.starts_with("built 2 assessments, "), "{line}");
    for part in [" pages, ", " charts, ", " files, ", " ms"] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(
        r.stderr().is_empty(),
        "no progress bars when not a terminal: {}",
        r.stderr()
    );
    let r = site.run(&["build", "-q"]);
    assert_eq!(r.code(), 0);
    assert!(r.stdout().is_empty() && r.stderr().is_empty());
    let r = site.run(&["-v", "check"]);
    for stage in ["loading", "validating", "scoring", "rendering"] {
        assert!(r.stderr().contains(stage), "{stage} timing: {}", r.stderr());
    }
}

#[test]
fn json_format_for_editors_and_ci() {
    let site = Fixture::worked_example();
    let r = site.run(&["--format", "json", "check"]);
    assert_eq!(r.code(), 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).expect("one JSON document");
    assert_eq!(v["ok"], true);
    assert_eq!(v["assessments"], 2);
    // A site this small fits every host: no warning, and none on stderr.
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert!(!r.stderr().contains("warning"), "{}", r.stderr());
    site.write(
        "content/assessments/x.yaml",
        common::EXAMPLE_X.replace("level: 2, progress: 0.5", "level: 9"),
    );
    let r = site.run(&["--format", "json", "build"]);
    assert_eq!(r.code(), 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).expect("one JSON document");
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert_eq!(p["file"], "content/assessments/x.yaml");
    assert_eq!(p["line"], 5);
    assert_eq!(p["key_path"], "capabilities.a.level");
    assert_eq!(p["message"], "level 9 is above the model's highest level 3");
    assert_eq!(p["help"], "use a level from 0 to 3");
}

#[test]
fn colour_only_when_wanted() {
    let site = Fixture::worked_example();
    site.write(
        "content/assessments/x.yaml",
        common::EXAMPLE_X.replace("target: 3", "targt: 3"),
    );
    let always = site.run(&["--color", "always", "check"]);
    assert!(
        always.stderr().contains("\x1b[1;31merror\x1b[0m"),
        "{}",
        always.stderr()
    );
    let never = site.run(&["--color", "never", "check"]);
    assert!(!never.stderr().contains('\x1b'));
    // Not a terminal: auto means plain text.
    let auto = site.run(&["check"]);
    assert!(!auto.stderr().contains('\x1b'));
    assert!(
        auto.stderr().contains("3 | targt: 3\n  |"),
        "caret snippet: {}",
        auto.stderr()
    );
}
