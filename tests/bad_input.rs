//! Every kind of bad input listed in formats.md: the build fails with exit
//! status 1, the message names the file and the problem, and the previous
//! output is left exactly as it was.

mod common;

use common::{EXAMPLE_MODEL, EXAMPLE_X, Fixture, snapshot};

/// Builds the worked example, applies `break_it`, builds again and checks
/// the failure. Returns stderr for further assertions.
fn fails(break_it: impl FnOnce(&Fixture), expected: &[&str]) -> String {
    let site = Fixture::worked_example();
    site.build();
    let before = snapshot(&site.public());
    assert!(!before.is_empty());
    break_it(&site);
    let run = site.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "exit status 1 for invalid input:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&site.public()),
        before,
        "previous output must be unchanged"
    );
    // `check` reports the same problems.
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 1);
    err
}

#[test]
fn yaml_syntax_error() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                "organization: {id: x, name: X\nperiod: 2025\n",
            )
        },
        &["content/assessments/x.yaml:", "invalid YAML"],
    );
}

#[test]
fn wrong_type() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("target: 3", "target: [3]"),
            )
        },
        &[
            "content/assessments/x.yaml:3:9",
            "expected a whole number, found a list",
            "(at `target`)",
        ],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("target: 3", "targt: 3"),
            )
        },
        &[
            "content/assessments/x.yaml:3:1",
            "unknown key `targt`",
            "did you mean `target`?",
        ],
    );
}

#[test]
fn missing_required_field() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("period: \"2025\"\n", ""),
            )
        },
        &[
            "content/assessments/x.yaml",
            "missing required key `period`",
        ],
    );
}

#[test]
fn duplicate_assessment_for_organisation_and_period() {
    fails(
        |s| s.write("content/assessments/x-copy.yaml", EXAMPLE_X),
        &[
            "content/assessments/x.yaml",
            "duplicate assessment",
            "content/assessments/x-copy.yaml",
            "organisation `x` for period `2025`",
        ],
    );
}

#[test]
fn duplicate_capability_id_in_model() {
    fails(
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL.replace("{id: b, name: B", "{id: a, name: B"),
            )
        },
        &["content/model.yaml:14:", "duplicate id `a`"],
    );
}

#[test]
fn unknown_capability_with_suggestion() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("  a: {level", "  aa: {level"),
            )
        },
        &[
            "content/assessments/x.yaml:5:3",
            "unknown capability `aa`",
            "did you mean `a`?",
            "capability missing: a",
        ],
    );
}

#[test]
fn unknown_criterion() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("c3: partial", "c33: partial"),
            )
        },
        &[
            "content/assessments/x.yaml:7:",
            "unknown criterion `c33` for capability `c`",
            "did you mean `c3`?",
        ],
    );
}

#[test]
fn level_above_the_model() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("level: 2, progress: 0.5", "level: 7"),
            )
        },
        &[
            "content/assessments/x.yaml:5:",
            "level 7 is above the model's highest level 3",
            "(at `capabilities.a.level`)",
        ],
    );
}

#[test]
fn unknown_level_in_levels_form() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("{1: 1, 2: 0.6}", "{1: 1, 4: 0.6}"),
            )
        },
        &[
            "content/assessments/x.yaml:6:",
            "level 4 is above the model's highest level 3",
        ],
    );
}

#[test]
fn value_out_of_range() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("{1: 1, 2: 0.6}", "{1: 1.2, 2: 0.6}"),
            )
        },
        &[
            "content/assessments/x.yaml:6:",
            "1.2 is out of range: expected a number from 0 to 1",
        ],
    );
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("progress: 0.5", "progress: 0.8"),
            )
        },
        &["progress 0.8 is out of range", "write `level: 3`"],
    );
}

#[test]
fn capability_in_two_forms() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "b: {levels: {1: 1, 2: 0.6}}",
                    "b: {level: 1, levels: {1: 1, 2: 0.6}}",
                ),
            )
        },
        &[
            "content/assessments/x.yaml:6:",
            "given in 2 forms at once: level, levels",
        ],
    );
}

#[test]
fn capability_missing() {
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("  b: {levels: {1: 1, 2: 0.6}}\n", ""),
            )
        },
        &[
            "content/assessments/x.yaml:5:",
            "capability missing: b",
            "not_applicable: true",
        ],
    );
}

#[test]
fn file_not_utf8() {
    // An unreadable file hides no other problem.
    fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                b"organization: {id: x, name: \xe9}\n",
            );
            s.write(
                "content/assessments/y.yaml",
                common::EXAMPLE_Y.replace("level: 1}", "level: 5}"),
            );
        },
        &[
            "content/assessments/x.yaml:1:",
            "not UTF-8",
            "content/assessments/y.yaml:4:14",
            "level 5 is above",
        ],
    );
}

#[test]
fn no_assessments_is_said_only_when_there_are_none() {
    // Only unreadable files: that is the problem, not "no assessments".
    let err = fails(
        |s| {
            for f in ["x.yaml", "y.yaml"] {
                std::fs::remove_file(s.path().join("content/assessments").join(f)).unwrap();
            }
            s.write("content/assessments/x.yaml", b"organization: \xe9\n");
        },
        &["content/assessments/x.yaml", "not UTF-8"],
    );
    assert!(!err.contains("there are no assessments"), "{err}");
    // An empty folder.
    fails(
        |s| {
            std::fs::remove_file(s.path().join("content/assessments/x.yaml")).unwrap();
            std::fs::remove_file(s.path().join("content/assessments/y.yaml")).unwrap();
        },
        &["content/assessments", "there are no assessments"],
    );
}

#[test]
fn template_that_fails_to_render() {
    let err = fails(
        |s| {
            s.write("templates/report.html", "{% extends \"base.html\" %}{% block content %}{{ report.nonexistent.field }}{% endblock content %}")
        },
        &[
            "templates/report.html",
            "template error",
            "/organizations/x/2025/index.html",
            "report.html",
        ],
    );
    assert!(err.contains(":1:"), "line of the template: {err}");
}

#[test]
fn template_with_syntax_error() {
    fails(
        |s| s.write("templates/page.html", "{% if %}"),
        &["templates/page.html:1:", "template error"],
    );
}

#[test]
fn every_problem_of_every_file_in_one_run() {
    let err = fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X
                    .replace("target: 3", "targt: 3")
                    .replace("level: 2, progress: 0.5", "level: 9"),
            );
            s.write("content/assessments/y.yaml", "organization: {id: y, name: Y}\nperiod: '2025'\ncapabilities: {a: {level: 1}, b: {level: 1}, c: {level: 1}, d: {level: 1}}\n");
            s.write("site.yaml", "title: Fixture\nbase_url: https://example.org/sub/\nbenchmark: {min_cohort_size: 5, cohort: [size]}\n");
        },
        &[],
    );
    // site.yaml problems stop the build before anything else is read.
    assert!(
        err.contains("site.yaml:3:")
            && err.contains("unknown key `cohort`")
            && err.contains("did you mean `cohorts`?"),
        "{err}"
    );

    let err = fails(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X
                    .replace("target: 3", "targt: 3")
                    .replace("level: 2, progress: 0.5", "level: 9"),
            );
            s.write("content/assessments/y.yaml", "organization: {id: y, name: Y}\nperiod: '2025'\ncapabilities: {a: {level: 1}, b: {level: 1}, c: {level: 1}, d: {level: 1}}\n");
        },
        &[
            "x.yaml:3:1",
            "unknown key `targt`",
            "x.yaml:5:",
            "level 9 is above",
            "y.yaml:3:",
            "unknown capability `d`",
            "error: 3 problems in 2 files",
        ],
    );
    // Problems are listed file by file, top to bottom.
    let first_x = err.find("x.yaml:3:1").unwrap();
    let second_x = err.find("x.yaml:5:").unwrap();
    let first_y = err.find("y.yaml:3:").unwrap();
    assert!(first_x < second_x && second_x < first_y, "{err}");
}

#[test]
fn usage_errors_exit_with_two() {
    let site = Fixture::worked_example();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code(), 2);
    let r = site.run(&["build", "--base-url", "not a url"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("--base-url"));
}

#[test]
fn missing_site_yaml_says_what_to_do() {
    let site = Fixture::empty();
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("no site.yaml in"), "{}", r.stderr());
    assert!(r.stderr().contains("rungs init"), "{}", r.stderr());
}

#[test]
fn output_folder_must_not_be_the_site() {
    let site = Fixture::worked_example();
    let r = site.run(&["build", "-o", site.path().to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("the output folder is the site folder"),
        "{}",
        r.stderr()
    );
    assert!(site.path().join("site.yaml").exists());
}
