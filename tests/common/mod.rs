//! Shared helpers for integration tests: fixture sites in temporary
//! folders, and running the real `rungs` binary on them.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The worked example model of scoring.md §4.
pub const EXAMPLE_MODEL: &str = include_str!("../fixtures/worked-example/content/model.yaml");

/// Assessment X of scoring.md §4, with target 3.
pub const EXAMPLE_X: &str = include_str!("../fixtures/worked-example/content/assessments/x.yaml");

/// Assessment Y of scoring.md §4.
pub const EXAMPLE_Y: &str = include_str!("../fixtures/worked-example/content/assessments/y.yaml");

/// A one-capability model with K = 4, so `level + progress` is the score.
pub const ONE_CAPABILITY_MODEL: &str = "id: one
name: One capability
levels: [{number: 1, name: L1}, {number: 2, name: L2}, {number: 3, name: L3}, {number: 4, name: L4}]
dimensions:
  - id: d
    name: D
    capabilities:
      - {id: c, name: C, requirements: {1: a, 2: b, 3: c, 4: d}}
";

/// One assessment of [`ONE_CAPABILITY_MODEL`] scoring `score`; `publish`
/// `None` leaves the key out, so `publish_reports` of site.yaml decides.
pub fn one_capability_assessment(
    id: &str,
    name: &str,
    sector: &str,
    period: &str,
    score: f64,
    publish: Option<bool>,
) -> String {
    let level = score.floor();
    let progress = if level < 4.0 {
        format!(", progress: {}", score - level)
    } else {
        String::new()
    };
    let publish = publish.map_or_else(String::new, |p| format!("publish: {p}\n"));
    format!(
        "organization: {{id: {id}, name: {name:?}, sector: {sector:?}}}\nperiod: \"{period}\"\n{publish}capabilities:\n  c: {{level: {level}{progress}}}\n"
    )
}

/// A site in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty site folder.
    pub fn empty() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A site with `site.yaml`, the model and the given assessments.
    pub fn new(model: &str, assessments: &[(&str, &str)]) -> Self {
        let f = Fixture::empty();
        f.write(
            "site.yaml",
            "title: Fixture\nbase_url: https://example.org/sub/\n",
        );
        f.write("content/model.yaml", model);
        fs::create_dir_all(f.path().join("content/assessments")).expect("mkdir");
        for (name, text) in assessments {
            f.write(&format!("content/assessments/{name}"), text);
        }
        f
    }

    /// [`Fixture::new`] with assessments made at run time, as (file name,
    /// text) pairs.
    pub fn with_owned(model: &str, assessments: &[(String, String)]) -> Self {
        let refs: Vec<(&str, &str)> = assessments
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        Fixture::new(model, &refs)
    }

    /// The worked example: X and Y.
    pub fn worked_example() -> Self {
        Fixture::new(
            EXAMPLE_MODEL,
            &[("x.yaml", EXAMPLE_X), ("y.yaml", EXAMPLE_Y)],
        )
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).expect("mkdir");
        }
        fs::write(p, text).expect("write");
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Reads an output file as text.
    pub fn output(&self, rel: &str) -> String {
        fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `rungs <args> <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
        cmd.args(args).arg(self.path());
        Run(cmd.output().expect("run rungs"))
    }

    /// Builds and asserts success.
    pub fn build(&self) -> Run {
        let r = self.run(&["build"]);
        assert_eq!(r.code(), 0, "build failed:\n{}", r.stderr());
        r
    }

    /// `data/results.json`, parsed.
    pub fn results(&self) -> serde_json::Value {
        serde_json::from_str(&self.output("data/results.json")).expect("results.json is JSON")
    }
}

/// The outcome of running the binary.
pub struct Run(pub Output);

impl Run {
    /// Exit code.
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
}

/// Every file below `dir`, with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    files
}

/// Asserts `a` and `b` are equal within 1e-9.
pub fn assert_close(a: &serde_json::Value, b: f64, what: &str) {
    let a = a
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {a} is not a number"));
    assert!((a - b).abs() < 1e-9, "{what}: {a} != {b}");
}

/// The browser-test harness folder, when Chromium and playwright-core are
/// installed (`.ci/run` installs both). Skipped locally with a note when
/// they are missing; under CI that is a failure.
pub fn browser_harness() -> Option<PathBuf> {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let ready = harness.join("node_modules/playwright-core").is_dir() && chromium.is_file();
    match (ready, std::env::var_os("CI").is_some()) {
        (true, _) => Some(harness),
        (false, true) => panic!(
            "browser tests need chromium and `npm ci --prefix tests/browser` under CI (see .ci/run)"
        ),
        (false, false) => {
            eprintln!(
                "skipping a browser test: install chromium and run `npm ci --prefix tests/browser`"
            );
            None
        }
    }
}

/// Runs `tests/browser/search.mjs` of `harness` ([`browser_harness`]) on
/// the built site `site`, served under `/repo/`, with `cases` (see the
/// script), and fails with its report when a search goes wrong.
pub fn search_in_browser(harness: &Path, site: &Path, cases: &serde_json::Value) {
    let run = Command::new("node")
        .arg(harness.join("search.mjs"))
        .arg("--site")
        .arg(site)
        .args(["--base", "/repo/", "--cases", &cases.to_string()])
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "search in the browser failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every file below `dir`, by its path relative to `dir` (with `/`), with
/// its bytes: for comparing the outputs of builds in different folders.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("cannot walk {}: {e}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("below dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Asserts two trees (see [`tree`]) hold the same files with the same
/// bytes, naming the first difference instead of dumping megabytes.
pub fn assert_same_tree(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).take(5).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).take(5).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: different files: only in the first {only_a:?}, only in the second {only_b:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).take(5).collect();
    assert!(differ.is_empty(), "{what}: different bytes in {differ:?}");
}

/// Runs `cmd` to its end and returns what it printed. A watchdog against
/// hangs, not a timing assertion: a command still running after `limit`
/// is killed and the test fails.
pub fn run_with_watchdog(cmd: &mut Command, limit: std::time::Duration) -> Output {
    use std::io::{Read, Seek};
    let mut out = tempfile::tempfile().expect("temp file");
    let mut err = tempfile::tempfile().expect("temp file");
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(out.try_clone().expect("clone"))
        .stderr(err.try_clone().expect("clone"))
        .spawn()
        .expect("start the command");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still ran after {limit:?}: killed (a hang?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |f: &mut fs::File| {
        let mut bytes = Vec::new();
        f.rewind().expect("rewind");
        f.read_to_end(&mut bytes).expect("read output");
        bytes
    };
    Output {
        status,
        stdout: read(&mut out),
        stderr: read(&mut err),
    }
}

/// Runs the rungs under test with `args` and keeps what it printed.
pub fn rungs<A: AsRef<std::ffi::OsStr>>(args: &[A]) -> Run {
    Run(Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(args)
        .output()
        .expect("run rungs"))
}

/// Builds this repository's example site (its root) with `args` before
/// `-o` into a fresh folder, and returns the folder's owner and the
/// output; panics with rungs' messages when the build fails.
pub fn build_example_site(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(&public)
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, public)
}

/// The length of the `<svg>` element `s` starts with, through its own
/// `</svg>`: charts nest viewports (markers, stretched shapes) inside their
/// root. `None` when it is never closed.
pub fn svg_element_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let open = s[at..].find("<svg").map(|i| at + i);
        let close = s[at..].find("</svg>").map(|i| at + i)?;
        match open {
            Some(o) if o < close => {
                depth += 1;
                at = o + 4;
            }
            _ => {
                depth = depth.checked_sub(1)?;
                at = close + 6;
                if depth == 0 {
                    return Some(at);
                }
            }
        }
    }
}
