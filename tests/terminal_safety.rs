//! Whatever the input holds, what rungs prints is safe to show on a
//! terminal: control characters (ESC, BEL, NUL, CR, newlines inside a
//! line), DEL, C1 and Unicode bidi controls from assessments, file names
//! and folder names reach stdout and stderr as visible `\u{1b}` escapes,
//! and the caret under a snippet still points at the right character.
//! Everything runs through the real binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{EXAMPLE_X, Fixture};

/// The Unicode bidi controls and line separators, which must never be
/// printed as themselves (listed here, not taken from the code under
/// test).
const BIDI: [char; 14] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{2028}', '\u{2029}',
];

/// Asserts `bytes` (all a stream printed) hold no byte below 0x20 but
/// `\n`, no DEL, and, decoded, no C1 control and no bidi control.
fn assert_printable(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for (i, &b) in bytes.iter().enumerate() {
        assert!(
            b == b'\n' || (b >= 0x20 && b != 0x7f),
            "{what}: byte {b:#04x} at {i} in:\n{text}"
        );
    }
    for c in text.chars() {
        assert!(
            !('\u{80}'..='\u{9f}').contains(&c) && !BIDI.contains(&c),
            "{what}: {c:?} in:\n{text}"
        );
    }
}

/// The worked example with a rating holding ESC, BEL, NUL, a right-to-left
/// override and a CR (written as YAML escapes, so the file stays valid
/// YAML and the message quotes the decoded value).
fn evil_rating() -> String {
    EXAMPLE_X.replace("c2: largely", r#"c2: "lar\e[2J\e]0;pwned\a\0\u202E\rgely""#)
}

#[test]
fn control_characters_in_a_value_are_escaped_in_every_diagnostic() {
    let site = Fixture::worked_example();
    site.write("content/assessments/x.yaml", evil_rating());
    // Raw control characters in the source itself: the snippet line.
    site.write(
        "content/assessments/z.yaml",
        "organization: {id: z, name: \"Z\x1b[2J\x07\u{202e}\x7f\u{9b}\"}\n",
    );
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        assert_printable(&run.0.stderr, command);
        assert_printable(&run.0.stdout, command);
        let err = run.stderr();
        for expected in [
            r"unknown rating `lar\u{1b}[2J\u{1b}]0;pwned\u{7}\u{0}\u{202e}\u{d}gely`",
            "content/assessments/x.yaml:7:",
            "content/assessments/z.yaml:1:",
            r"\u{1b}",
        ] {
            assert!(err.contains(expected), "`{expected}` in:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!site.public().exists(), "nothing was built");
}

#[test]
fn colour_codes_are_the_only_escapes() {
    let site = Fixture::worked_example();
    site.write("content/assessments/x.yaml", evil_rating());
    let run = site.run(&["check", "--color", "always"]);
    assert_eq!(run.code(), 1);
    let mut err = run.stderr();
    assert!(err.contains("\x1b[1;31merror\x1b[0m"), "{err}");
    for code in ["1;31", "1;34", "1;36", "1", "0"] {
        err = err.replace(&format!("\x1b[{code}m"), "");
    }
    assert_printable(err.as_bytes(), "--color always");
    assert!(err.contains(r"lar\u{1b}[2J"), "{err}");
}

#[test]
fn the_caret_points_at_its_character_after_escapes_and_wide_characters() {
    let site = Fixture::worked_example();
    site.write(
        "content/assessments/x.yaml",
        EXAMPLE_X.replace(
            "c: {criteria: {c1: full, c2: largely, c3: partial}}",
            "c: {criteria: {c1: 漢\u{202e}, c2: bad, c3: partial}}",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert_printable(&run.0.stderr, "stderr");
    let err = run.stderr();
    // `漢` takes two columns and the escaped override eight: the caret of
    // the second problem sits under the `b` of `bad`.
    let expected = "\
error: unknown rating `bad`
 --> content/assessments/x.yaml:7:30 (at `capabilities.c.criteria.c2`)
  |
7 |   c: {criteria: {c1: 漢\\u{202e}, c2: bad, c3: partial}}
  |                                      ^
";
    assert!(err.contains(expected), "expected\n{expected}\nin\n{err}");
    // The first problem quotes the escaped value, its caret under `漢`.
    assert!(
        err.contains(
            "error: unknown rating `漢\\u{202e}`\n \
             --> content/assessments/x.yaml:7:22 (at `capabilities.c.criteria.c1`)\n  \
             |\n\
             7 |   c: {criteria: {c1: 漢\\u{202e}, c2: bad, c3: partial}}\n  \
             |                      ^\n"
        ),
        "{err}"
    );
}

#[test]
fn the_caret_follows_a_raw_escape_and_a_tab() {
    let site = Fixture::worked_example();
    // A raw ESC inside a quoted value is invalid YAML: the parser points
    // at it, after a tab (shown as spaces to the next stop of four).
    site.write(
        "content/assessments/x.yaml",
        EXAMPLE_X.replace("target: 3", "target:\t\t\"漢\x1b\""),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert_printable(&run.0.stderr, "stderr");
    let err = run.stderr();
    let lines: Vec<&str> = err.lines().collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("3 | ")) else {
        panic!("no snippet of line 3 in:\n{err}")
    };
    assert_eq!(lines[at], "3 | target:     \"漢\\u{1b}\"", "{err}");
    let column = lines[0..at]
        .iter()
        .rev()
        .find_map(|l| l.rsplit_once(":3:").map(|(_, c)| c))
        .and_then(|c| c.split_whitespace().next()?.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no column in:\n{err}"));
    // The caret goes under the character at that column: count the
    // terminal columns of everything before it.
    let source_line = "target:\t\t\"漢\x1b\"";
    let before: String = source_line.chars().take(column - 1).collect();
    let shown_before = match before.as_str() {
        "target:" => 7,
        "target:\t" => 8,
        "target:\t\t" => 12,
        "target:\t\t\"" => 13,
        "target:\t\t\"漢" => 15,
        other => panic!("unexpected column {column}: {other:?}"),
    };
    assert_eq!(lines[at + 1], format!("  | {}^", " ".repeat(shown_before)));
}

#[test]
fn a_file_name_with_escape_and_newline_is_escaped() {
    let site = Fixture::worked_example();
    let name = "content/assessments/ev\x1b[2Jil\nforged: line\u{202e}.yaml";
    site.write(name, EXAMPLE_X.replace("target: 3", "targt: 3"));
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_printable(&run.0.stderr, "stderr");
    let err = run.stderr();
    assert!(
        err.contains(r" --> content/assessments/ev\u{1b}[2Jil\u{a}forged: line\u{202e}.yaml:3:1"),
        "{err}"
    );
    assert!(!err.lines().any(|l| l.starts_with("forged")), "{err}");
}

#[test]
fn json_output_escapes_them_too_and_keeps_the_value() {
    let site = Fixture::worked_example();
    site.write("content/assessments/x.yaml", evil_rating());
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_printable(&run.0.stdout, "stdout");
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    let message = json["problems"][0]["message"].as_str().unwrap_or_default();
    assert_eq!(
        message,
        "unknown rating `lar\x1b[2J\x1b]0;pwned\x07\0\u{202e}\rgely`"
    );
}

#[test]
fn summary_lines_and_privacy_lines_escape_paths_and_values() {
    // Six assessments in sector `a`, three in a sector with control
    // characters: that one is withheld, and `-v` says so.
    let mut files = Vec::new();
    for i in 0..9 {
        let sector = if i < 6 { "a" } else { r"evil\e[2J\u202Ex" };
        let text = common::one_capability_assessment(
            &format!("o-{i}"),
            "O",
            "placeholder",
            "2025",
            1.0 + 0.05 * f64::from(i),
            Some(true),
        )
        .replace("\"placeholder\"", &format!("\"{sector}\""));
        files.push((format!("o-{i}.yaml"), text));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(common::ONE_CAPABILITY_MODEL, &refs);
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n",
    );
    // The output folder's own name may not hold control characters, but
    // the folder it is in may.
    let parent = site.path().join("par\x1b[2J\nbuilt: forged");
    fs::create_dir_all(&parent).expect("mkdir");
    let out = parent.join("out");
    let run = site.run(&["build", "-v", "--output", &out.to_string_lossy()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_printable(&run.0.stdout, "stdout");
    assert_printable(&run.0.stderr, "stderr");
    let stdout = run.stdout();
    assert!(
        stdout.contains(r"par\u{1b}[2J\u{a}built: forged/out in "),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"privacy: cohort 2025 sector "evil\u{1b}[2J\u{202e}x" withheld"#),
        "{stdout}"
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn init_messages_escape_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("new\x1b]0;pwned\x07\nsite");
    let run = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .arg("init")
        .arg(&target)
        .output()
        .expect("run rungs init");
    assert_eq!(run.status.code(), Some(0));
    assert_printable(&run.stdout, "stdout");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(r"new\u{1b}]0;pwned\u{7}\u{a}site"),
        "{stdout}"
    );
    assert!(target.join("site.yaml").is_file());
    // A folder that is not empty: the problem names it, escaped.
    let run = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .arg("init")
        .arg(&target)
        .output()
        .expect("run rungs init");
    assert_eq!(run.status.code(), Some(1));
    assert_printable(&run.stderr, "stderr");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains(r"new\u{1b}]0;pwned\u{7}\u{a}site"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// `rungs serve` prints the problems of a failed build, and the folder it
/// serves, escaped.
#[test]
fn serve_prints_problems_escaped() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site\x1b[2J");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example");
    for f in [
        "site.yaml",
        "content/model.yaml",
        "content/assessments/y.yaml",
    ] {
        let to = site.join(f);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(fixture.join(f), to).expect("copy");
    }
    fs::write(site.join("content/assessments/x.yaml"), evil_rating()).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["serve", "--port", "0"])
        .arg(&site)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rungs serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let _child = Kill(child);
    let (tx, lines) = std::sync::mpsc::channel();
    for (stream, reader) in [
        ("stdout", Box::new(stdout) as Box<dyn std::io::Read + Send>),
        ("stderr", Box::new(stderr)),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            // Split at `\n` only, keeping every other byte.
            for line in BufReader::new(reader).split(b'\n') {
                let Ok(line) = line else { break };
                if tx.send((stream, line)).is_err() {
                    break;
                }
            }
        });
    }
    let mut seen = Vec::new();
    let (mut failed, mut serving) = (false, false);
    while !(failed && serving) {
        let (stream, line) = lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| {
                panic!(
                    "rungs serve printed no more within 20 s:\n{}",
                    String::from_utf8_lossy(&seen)
                )
            });
        assert_printable(&line, stream);
        failed |= line.starts_with(b"build failed");
        serving |= line.starts_with(b"serving ");
        seen.extend_from_slice(&line);
        seen.push(b'\n');
    }
    let text = String::from_utf8_lossy(&seen);
    assert!(text.contains(r"lar\u{1b}[2J"), "{text}");
    assert!(text.contains(r"site\u{1b}[2J at http://"), "{text}");
}
