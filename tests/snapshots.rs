//! Snapshot tests of what the command line prints: the full standard
//! error of `rungs check` (or `build`) for representative bad inputs, the
//! `--format json` report of one, and the worked example's
//! `data/results.json`, each compared with a reviewed `.snap` file in
//! `tests/snapshots/`. So a wrong line, column, caret, gutter width, help
//! text, sort order or summary line fails a test, not only a missing
//! phrase. Everything runs through the real binary, with colours off.
//!
//! Update the snapshots after an intended change with `cargo insta review`,
//! or `INSTA_UPDATE=always cargo test --test snapshots` and a look at the
//! diff. Under `CI=true` insta writes nothing and a missing or different
//! snapshot fails.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{EXAMPLE_MODEL, EXAMPLE_X, EXAMPLE_Y, Fixture, run_with_watchdog};

/// Exit status for invalid input (`EXIT_INVALID` of cli.rs).
const EXIT_INVALID: i32 = 1;

/// Long enough for a debug build on a slow machine, short of a hang.
const WATCHDOG: Duration = Duration::from_secs(120);

/// What stands for the temporary site folder in a snapshot.
const SITE: &str = "[SITE]";

/// What stands for the temporary output folder in a snapshot.
const OUT: &str = "[OUT]";

/// What one run printed, with temporary paths and timings replaced.
struct Printed {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `rungs <args> <site>` with colours off. Standard error is a pipe,
/// which alone turns colour off (`--color auto`); `NO_COLOR` makes sure of
/// it whatever the environment of the test says.
fn run(site: &Path, args: &[&str]) -> Printed {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(args)
        .arg(site)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    let out = run_with_watchdog(&mut cmd, WATCHDOG);
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.contains(&0x1b),
            "{name} holds an escape: colour was not off:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = |bytes: &[u8]| normalize(&String::from_utf8_lossy(bytes), &[(site, SITE)]);
    Printed {
        code: out.status.code().unwrap_or(-1),
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

/// Makes printed text the same on every machine and run: each folder of
/// `paths` (a temporary folder, whose name is random) is replaced by its
/// stand-in, both as given and with symbolic links resolved (macOS's
/// `/var` is `/private/var`), and every duration in milliseconds, such as
/// the `(301 ms)` of a summary line, becomes `[N] ms`. No snapshot here
/// holds a time yet (problems are printed without one); the filter is for
/// the first that does.
fn normalize(text: &str, paths: &[(&Path, &str)]) -> String {
    let mut text = text.to_owned();
    for (path, stand_in) in paths {
        let mut spellings = vec![path.display().to_string()];
        if let Ok(real) = path.canonicalize() {
            spellings.push(real.display().to_string());
        }
        // The longer spelling first, so neither eats part of the other.
        spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for s in spellings {
            text = text.replace(&s, stand_in);
        }
    }
    filter_milliseconds(&text)
}

/// Replaces the number of every `<digits> ms` with `[N]`.
fn filter_milliseconds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" ms") {
        let (head, tail) = rest.split_at(at);
        let number = head.trim_end_matches(|c: char| c.is_ascii_digit());
        let whole_word = !tail[3..].starts_with(|c: char| c.is_alphanumeric())
            && !number.ends_with(|c: char| c.is_alphanumeric() || c == '.');
        if number.len() < head.len() && whole_word {
            out.push_str(number);
            out.push_str("[N]");
        } else {
            out.push_str(head);
        }
        out.push_str(" ms");
        rest = &tail[3..];
    }
    out.push_str(rest);
    out
}

/// Snapshots `text` as `tests/snapshots/<name>.snap`, with `description`
/// (the input and the command) in its header for the reviewer.
///
/// insta compares with trailing whitespace trimmed and `\r\n` read as
/// `\n`, so the end of the text and its line breaks are checked here: one
/// `\n` ends the last line, and there is no carriage return.
fn assert_snapshot(name: &str, description: &str, text: &str) {
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n") && !text.ends_with(" \n"),
        "{name}: the text must end with one line break:\n{text:?}"
    );
    assert!(
        !text.contains('\r'),
        "{name}: a carriage return in:\n{text:?}"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// The worked example with `break_it` applied: `rungs <command>` must
/// fail with exit status 1, print nothing on standard output, and print
/// exactly the snapshot `name` on standard error.
fn bad_input(name: &str, description: &str, command: &str, break_it: impl FnOnce(&Fixture)) {
    let site = Fixture::worked_example();
    break_it(&site);
    let printed = run(site.path(), &[command]);
    assert_eq!(
        printed.code, EXIT_INVALID,
        "exit status for invalid input:\n{}",
        printed.stderr
    );
    assert_eq!(printed.stdout, "", "problems go to standard error");
    assert!(!printed.stderr.contains("panicked"), "{}", printed.stderr);
    assert_snapshot(
        name,
        &format!("rungs {command}: {description}"),
        &printed.stderr,
    );
}

#[test]
fn yaml_syntax_error() {
    bad_input(
        "yaml_syntax_error",
        "an unclosed flow mapping in x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                "organization: {id: x, name: X\nperiod: 2025\n",
            )
        },
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    bad_input(
        "unknown_key_with_did_you_mean",
        "`targt:` for `target:` in x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("target: 3", "targt: 3"),
            )
        },
    );
}

#[test]
fn missing_required_key() {
    bad_input(
        "missing_required_key",
        "x.yaml without `period`",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("period: \"2025\"\n", ""),
            )
        },
    );
}

#[test]
fn rating_out_of_range() {
    bad_input(
        "rating_out_of_range",
        "a level satisfaction of 1.2 in x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("{1: 1, 2: 0.6}", "{1: 1.2, 2: 0.6}"),
            )
        },
    );
}

#[test]
fn level_key_under_two_spellings() {
    bad_input(
        "level_key_under_two_spellings",
        "level 1 given as `1:` and as `\"1\":` in x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "{levels: {1: 1, 2: 0.6}}",
                    "{levels: {1: 1, \"1\": 0.5, 2: 0.6}}",
                ),
            )
        },
    );
}

#[test]
fn unknown_capability_in_an_assessment() {
    bad_input(
        "unknown_capability_in_an_assessment",
        "capability `aa` for `a` in x.yaml (so `a` is missing too)",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("  a: {level", "  aa: {level"),
            )
        },
    );
}

#[test]
fn weights_that_overflow() {
    bad_input(
        "weights_that_overflow",
        "dimension weights 1.7e308 and 1.7e308 in the model (a two-digit line number)",
        "check",
        |s| {
            s.write(
                "content/model.yaml",
                EXAMPLE_MODEL
                    .replace("weight: 2", "weight: 1.7e308")
                    .replace(
                        "  - id: d2\n    name: D2\n",
                        "  - id: d2\n    name: D2\n    weight: 1.7e308\n",
                    ),
            )
        },
    );
}

#[test]
fn page_without_front_matter() {
    bad_input(
        "page_without_front_matter",
        "content/pages/notes.md with Markdown only",
        "check",
        |s| s.write("content/pages/notes.md", "# Notes\n\nText.\n"),
    );
}

#[test]
fn template_syntax_error() {
    bad_input(
        "template_syntax_error",
        "an unclosed `{{` on line 2 of templates/page.html",
        "check",
        |s| s.write("templates/page.html", "<p>\n  {{ page.title }\n</p>\n"),
    );
}

#[test]
fn template_include_cycle() {
    bad_input(
        "template_include_cycle",
        "404.html includes a.html, which includes b.html, which includes a.html",
        "check",
        |s| {
            s.write("templates/404.html", "{% include \"a.html\" %}");
            s.write("templates/a.html", "a{% include \"b.html\" %}");
            s.write("templates/b.html", "b\n  {% include \"a.html\" %}");
        },
    );
}

#[test]
fn output_folder_overlapping_an_input() {
    // The message names the output folder by its absolute path: the
    // temporary site folder is replaced by [SITE].
    bad_input(
        "output_folder_overlapping_an_input",
        "`output: content` in site.yaml",
        "build",
        |s| {
            s.write(
                "site.yaml",
                "title: Fixture\nbase_url: https://example.org/sub/\noutput: content\n",
            )
        },
    );
}

#[test]
fn output_of_the_wrong_type() {
    bad_input(
        "output_of_the_wrong_type",
        "`output: [public]` in site.yaml",
        "build",
        |s| {
            s.write(
                "site.yaml",
                "title: Fixture\nbase_url: https://example.org/sub/\noutput: [public]\n",
            )
        },
    );
}

#[test]
fn site_yaml_missing() {
    // The message names the site folder as given, an absolute temporary
    // path: replaced by [SITE].
    let site = Fixture::empty();
    let printed = run(site.path(), &["check"]);
    assert_eq!(printed.code, EXIT_INVALID, "{}", printed.stderr);
    assert_eq!(printed.stdout, "");
    assert!(printed.stderr.contains(SITE), "{}", printed.stderr);
    assert_snapshot(
        "site_yaml_missing",
        "rungs check: an empty folder",
        &printed.stderr,
    );
}

#[test]
fn wide_characters_before_the_error() {
    // Six CJK characters, two columns each on a terminal, before the
    // error on the same line: the column counts characters (47), the
    // caret stands under the `[` on screen.
    bad_input(
        "wide_characters_before_the_error",
        "a CJK name before a list where text belongs, on one line of x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "{id: x, name: Example X, sector: automotive}",
                    "{id: x, name: \"日本語の会社\", sector: [automotive]}",
                ),
            )
        },
    );
}

#[test]
fn tab_before_the_error() {
    // A tab counts one column in the position and is shown up to the next
    // tab stop, with the caret still under its character.
    bad_input(
        "tab_before_the_error",
        "a tab before a list where text belongs, on one line of x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace(
                    "{id: x, name: Example X, sector: automotive}",
                    "{id: x,\tname: Example X, sector: [automotive]}",
                ),
            )
        },
    );
}

#[test]
fn control_characters_are_escaped() {
    // ESC, BEL and a right-to-left override in a rating (YAML escapes, so
    // the file is valid YAML): printed as visible escapes.
    bad_input(
        "control_characters_are_escaped",
        "a rating holding ESC, BEL and U+202E in x.yaml",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X.replace("c2: largely", r#"c2: "lar\e[2J\a\u202Egely""#),
            )
        },
    );
}

#[test]
fn several_problems_in_several_files() {
    // Sorted by file, then position, and counted on the last line.
    bad_input(
        "several_problems_in_several_files",
        "two problems in x.yaml, one in y.yaml, one in a page",
        "check",
        |s| {
            s.write(
                "content/assessments/x.yaml",
                EXAMPLE_X
                    .replace("target: 3", "targt: 3")
                    .replace("level: 2, progress: 0.5", "level: 9"),
            );
            s.write(
                "content/assessments/y.yaml",
                EXAMPLE_Y.replace(
                    "  b: {not_applicable: true}\n",
                    "  b: {not_applicable: true}\n  d: {level: 1}\n",
                ),
            );
            s.write(
                "content/pages/notes.md",
                "---\ntitle: Notes\ntitel: Notes\n---\n\nText.\n",
            );
        },
    );
}

#[test]
fn check_format_json() {
    // The whole document on standard output, as editors and CI read it.
    let site = Fixture::worked_example();
    site.write(
        "content/assessments/x.yaml",
        EXAMPLE_X.replace(
            "{levels: {1: 1, 2: 0.6}}",
            "{levels: {1: 1, \"1\": 0.5, 2: 0.6}}",
        ),
    );
    site.write(
        "content/assessments/y.yaml",
        EXAMPLE_Y.replace("level: 1}", "level: 5}"),
    );
    let printed = run(site.path(), &["check", "--format", "json"]);
    assert_eq!(printed.code, EXIT_INVALID, "{}", printed.stdout);
    assert_eq!(
        printed.stderr, "",
        "with --format json everything goes to stdout"
    );
    assert_snapshot(
        "check_format_json",
        "rungs check --format json: level 1 twice in x.yaml, level 5 in y.yaml",
        &printed.stdout,
    );
}

#[test]
fn worked_example_results_json() {
    // Built from the committed fixture into a temporary folder; the file
    // holds no path and no time, so nothing needs replacing.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example");
    let out = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    let printed = run(
        &fixture,
        &[
            "build",
            "-q",
            "-o",
            output.to_str().expect("UTF-8 temp path"),
        ],
    );
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let results =
        std::fs::read_to_string(output.join("data/results.json")).expect("data/results.json");
    assert!(
        !results.contains(&*out.path().to_string_lossy()),
        "{results}"
    );
    // The file as published, byte for byte: its layout is part of the
    // contract (formats.md).
    assert_snapshot(
        "worked_example_results_json",
        "data/results.json of tests/fixtures/worked-example, as written",
        &results,
    );
    // The same document pretty-printed, one value a line, so a changed
    // number shows as one changed line when a snapshot is reviewed.
    let value: serde_json::Value = serde_json::from_str(&results).expect("results.json is JSON");
    assert_snapshot(
        "worked_example_results_json_pretty",
        "data/results.json of tests/fixtures/worked-example, pretty-printed",
        &format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON")),
    );
}

#[test]
fn normalize_replaces_temporary_paths_and_milliseconds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "checked 2 assessments: no problems (301 ms)\nbuilt into {}/public in 96 ms\n  loading 2 ms\n5 msgs, v1.5 ms, 12 mss\n",
        dir.path().display()
    );
    assert_eq!(
        normalize(&text, &[(dir.path(), OUT)]),
        "checked 2 assessments: no problems ([N] ms)\nbuilt into [OUT]/public in [N] ms\n  loading [N] ms\n5 msgs, v1.5 ms, 12 mss\n"
    );
}
