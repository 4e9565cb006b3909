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
