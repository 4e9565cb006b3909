//! Input that is valid to YAML but means something twice, or nothing a
//! computer can compute with, or hides behind an editor's byte order
//! mark: through the real binary, each is read as the author meant it or
//! refused with a message naming the place, and a refused build leaves
//! the previous output as it was.

mod common;

use common::{EXAMPLE_MODEL, EXAMPLE_X, EXAMPLE_Y, Fixture, snapshot};

/// The byte order mark some editors write at the start of UTF-8 files.
const BOM: &str = "\u{feff}";

/// Builds the worked example, applies `break_it`, builds again and checks
/// that the build fails with exit status 1, prints every `expected` text,
/// and leaves the previous output alone. Returns standard error.
fn refused(break_it: impl FnOnce(&Fixture), expected: &[&str]) -> String {
    let site = Fixture::worked_example();
    site.build();
    let before = snapshot(&site.public());
    break_it(&site);
    let run = site.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "exit status 1 expected:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the previous output must be left as it was"
    );
    err
}

#[test]
fn a_byte_order_mark_is_read_past_in_every_kind_of_file() {
    let site = Fixture::worked_example();
    site.write(
        "site.yaml",
        format!("{BOM}title: Marked site\nbase_url: https://example.org/sub/\n"),
    );
    site.write("content/model.yaml", format!("{BOM}{EXAMPLE_MODEL}"));
    site.write("content/assessments/x.yaml", format!("{BOM}{EXAMPLE_X}"));
    site.write("content/assessments/y.yaml", format!("{BOM}{EXAMPLE_Y}"));
    site.write(
        "content/pages/notes.md",
        format!("{BOM}---\ntitle: Marked page\norder: 1\n---\n\n# Notes\n\nText.\n"),
    );
    site.write(
        "content/pages/windows.md",
        format!("{BOM}---\r\ntitle: Windows page\r\n---\r\nText.\r\n"),
    );
    // A template saved by a Windows editor: the mark would otherwise be
    // printed where the template is used, in the middle of a page.
    site.write(
        "templates/partials/chart.html",
        format!("{BOM}{}", include_str!("../templates/partials/chart.html")),
    );
    site.build();
    let page = site.output("notes/index.html");
    assert!(page.contains("<title>Marked page"), "{page}");
    assert!(page.contains("Marked site"), "{page}");
    assert!(
        site.output("windows/index.html")
            .contains("<title>Windows page")
    );
    let results = site.results();
    assert!(results.to_string().contains("Example X"), "{results}");
    // No output holds the mark.
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(BOM), "{} holds a BOM", path.display());
    }
}

#[test]
fn problems_in_a_marked_file_are_placed_as_the_author_sees_them() {
    let err = refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                format!(
                    "{BOM}{}",
                    EXAMPLE_X.replace(
                        "organization: {id: x, name: Example X, sector: automotive}",
                        "organization: {id: x, name: Example X, extra: [1]}"
                    )
                ),
            );
            s.write(
                "content/pages/notes.md",
                format!("{BOM}---\ntitle: T\ntitel: x\n---\n"),
            );
        },
        &[
            "content/assessments/x.yaml:1:47",
            "expected text, found a list",
            "content/pages/notes.md:3:1",
            "unknown key `titel`",
        ],
    );
    assert!(!err.contains(BOM), "{err}");
}

#[test]
fn a_level_given_twice_in_an_assessment_is_refused() {
    // One line: `1` and `"1"`, which YAML holds apart.
    refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "{levels: {1: 1, 2: 0.6}}",
                    "{levels: {1: 1, \"1\": 0.5, 2: 0.6}}",
                ),
            )
        },
        &[
            "error: level 1 is given twice: at line 6 as `1` and at line 6 as `\"1\"`",
            "content/assessments/x.yaml:6:",
            "(at `capabilities.b.levels.1`)",
            "help: `1` and `\"1\"` both name level 1: keep one of them",
        ],
    );
    // Leading zeros and a `+` name the same level too.
    refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "  b: {levels: {1: 1, 2: 0.6}}",
                    "  b:\n    levels:\n      1: 1\n      2: 0.6\n      01: 0.2\n      '+2': 0.1",
                ),
            )
        },
        &[
            "level 1 is given twice: at line 8 as `1` and at line 10 as `01`",
            "content/assessments/x.yaml:10:7",
            "level 2 is given twice: at line 9 as `2` and at line 11 as `'+2'`",
            "content/assessments/x.yaml:11:7",
        ],
    );
    // `1` and `+1` are one integer to YAML: a duplicate key, with both lines.
    refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "  b: {levels: {1: 1, 2: 0.6}}",
                    "  b:\n    levels:\n      1: 1\n      +1: 0.2",
                ),
            )
        },
        &[
            "duplicate key `1`: at line 8 as `1` and at line 9 as `+1`",
            "content/assessments/x.yaml:9:7",
        ],
    );
}

#[test]
fn a_level_given_twice_in_the_models_requirements_is_refused() {
    let err = refused(
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL.replace(
                    "requirements: {1: a1, 2: a2, 3: a3}",
                    "requirements: {1: a1, 2: a2, 3: a3, \"1\": replaced}",
                ),
            )
        },
        &[
            "level 1 is given twice: at line 13 as `1` and at line 13 as `\"1\"`",
            "(at `dimensions[0].capabilities[0].requirements.1`)",
        ],
    );
    assert!(err.contains("content/model.yaml:13:"), "{err}");
}

#[test]
fn a_criterion_or_capability_given_twice_under_two_spellings_is_refused() {
    // Ids that look like numbers: `2025` is an integer to YAML, `"2025"` text.
    let model = EXAMPLE_MODEL
        .replace("{id: c1, text: c one}", "{id: \"2025\", text: c one}")
        .replace("{id: b, name: B,", "{id: \"7\", name: B,");
    let x = EXAMPLE_X
        .replace("c1: full", "2025: full, \"2025\": none")
        .replace(
            "  b: {levels: {1: 1, 2: 0.6}}",
            "  7: {levels: {1: 1}}\n  \"7\": {level: 3}",
        );
    let y = EXAMPLE_Y.replace(
        "  b: {not_applicable: true}",
        "  \"7\": {not_applicable: true}",
    );
    let site = Fixture::new(&model, &[("x.yaml", &x), ("y.yaml", &y)]);
    let run = site.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    for expected in [
        "capability `7` is given twice: at line 6 as `7` and at line 7 as `\"7\"`",
        "content/assessments/x.yaml:7:3",
        "criterion `2025` is given twice: at line 8 as `2025` and at line 8 as `\"2025\"`",
        "(at `capabilities.c.criteria.2025`)",
    ] {
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
    assert!(!site.public().exists(), "nothing is written");
    // Written once, either spelling works.
    let x = EXAMPLE_X.replace("c1: full", "\"2025\": full").replace(
        "  b: {levels: {1: 1, 2: 0.6}}",
        "  7: {levels: {1: 1, 2: 0.6}}",
    );
    let site = Fixture::new(&model, &[("x.yaml", &x), ("y.yaml", &y)]);
    site.build();
}

/// The worked example's model with dimension weights `d1` and `d2`.
fn with_dimension_weights(d1: &str, d2: &str) -> String {
    EXAMPLE_MODEL
        .replace("weight: 2", &format!("weight: {d1}"))
        .replace(
            "  - id: d2\n    name: D2\n",
            &format!("  - id: d2\n    name: D2\n    weight: {d2}\n"),
        )
}

#[test]
fn weights_that_add_up_past_the_largest_number_are_refused() {
    // Each is finite; their sum is not. This used to give the score NaN
    // in results.csv and null in results.json, with exit status 0.
    refused(
        |s| {
            s.write(
                "content/model.yaml",
                with_dimension_weights("1.7e308", "1.7e308"),
            )
        },
        &[
            "error: the weights of the dimensions add up to more than the largest number (1.8e308)",
            "content/model.yaml:17:13 (at `dimensions[1].weight`)",
            "help: weights only count relative to their siblings: use smaller weights such as 1, 2, 3",
        ],
    );
    refused(
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL.replace(
                    "[{id: c1, text: c one}, {id: c2, text: c two}]",
                    "[{id: c1, text: c one, weight: 1e308}, {id: c2, text: c two, weight: 1e308}]",
                ),
            )
        },
        &[
            "the weights of the criteria of level 1 add up to more than the largest number (1.8e308)",
            "(at `dimensions[1].capabilities[0].requirements.1[1].weight`)",
        ],
    );
    refused(
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL
                    .replace("{id: a, name: A,", "{id: a, name: A, weight: 1e308,")
                    .replace("{id: b, name: B,", "{id: b, name: B, weight: 1e308,"),
            )
        },
        &[
            "the weights of the capabilities of dimension `d1` add up to more than the largest number (1.8e308)",
            "content/model.yaml:14:",
        ],
    );
    // A weight too small to compute with, written as such.
    refused(
        |s| s.write("content/model.yaml", with_dimension_weights("1e-320", "1")),
        &[
            "weight 1e-320 is too small to compute with",
            "content/model.yaml:11:13 (at `dimensions[0].weight`)",
        ],
    );
}

#[test]
fn huge_ratings_are_out_of_range_and_named_as_written() {
    refused(
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL.replace(
                    "threshold: 0.8",
                    "threshold: 0.8\nratings: {full: 1e308, none: 0}",
                ),
            )
        },
        &[
            "1e308 is out of range: expected a number from 0 to 1",
            "(at `ratings.full`)",
        ],
    );
    refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X
                    .replace("c1: full", "c1: 1.7e308")
                    .replace("{level: 2, progress: 0.5}", "{level: 2, progress: 1e308}"),
            )
        },
        &[
            "1.7e308 is out of range: expected a number from 0 to 1",
            "progress 1e308 is out of range",
        ],
    );
}

#[test]
fn extreme_weights_that_are_accepted_give_finite_scores_in_every_output() {
    for method in ["gated", "mean"] {
        for (d1, d2) in [
            ("8e307", "8e307"),
            ("1e308", "1e-300"),
            ("2.3e-308", "2.3e-308"),
        ] {
            let model = with_dimension_weights(d1, d2).replace(
                "threshold: 0.8",
                &format!("threshold: 0.8\nscoring: {method}"),
            );
            let site = Fixture::new(&model, &[("x.yaml", EXAMPLE_X), ("y.yaml", EXAMPLE_Y)]);
            site.build();
            let csv = site.output("data/results.csv");
            for bad in ["NaN", "nan", "inf"] {
                assert!(!csv.contains(bad), "{method} {d1} {d2}: {bad} in\n{csv}");
            }
            // Scores are numbers in results.json, never null.
            let results = site.results();
            let scores = results.to_string();
            assert!(scores.contains("\"score\":"), "{scores}");
            assert!(
                !scores.contains("\"score\":null"),
                "{method} {d1} {d2}: {scores}"
            );
            for (file, bytes) in snapshot(&site.public()) {
                let generated = ["html", "json", "csv", "svg", "xml"]
                    .iter()
                    .any(|ext| file.extension().is_some_and(|e| e == *ext));
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !generated
                        || !["NaN", "Infinity", ",inf", ",-inf", "\"inf"]
                            .iter()
                            .any(|bad| text.contains(bad)),
                    "{method} {d1} {d2}: {}",
                    file.display()
                );
            }
        }
    }
    // Equal huge weights weigh as equal small ones: 2^1020 is scaled by
    // an exact power of two to 1, so every number is the same to the bit.
    let huge = Fixture::new(
        &with_dimension_weights("1.1235582092889474e307", "1.1235582092889474e307"),
        &[("x.yaml", EXAMPLE_X), ("y.yaml", EXAMPLE_Y)],
    );
    let one = Fixture::new(
        &with_dimension_weights("1", "1"),
        &[("x.yaml", EXAMPLE_X), ("y.yaml", EXAMPLE_Y)],
    );
    huge.build();
    one.build();
    assert_eq!(
        huge.output("data/results.csv"),
        one.output("data/results.csv")
    );
}
