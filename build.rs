//! Records where this rungs comes from, so that `rungs init` can write a
//! workflow that installs exactly this rungs (issue #18). The result is the
//! compile-time variable `RUNGS_BUILD_SOURCE`, one of:
//!
//! - the value of `RUNGS_BUILD_SOURCE` in the build's environment, when set
//!   (a release build names its own source);
//! - `crates.io`, when cargo builds rungs from the crate registry (its
//!   sources are unpacked under a `registry/src` folder);
//! - `git:<URL>#<COMMIT>`, when the sources are a clean git checkout whose
//!   `origin` is a remote address (or, failing that, the package's
//!   `repository`): `cargo install --git URL --rev COMMIT` builds the same;
//! - `unknown:<why>` otherwise (uncommitted changes to what the binary is
//!   made of, no git, no address).
//!
//! These are the forms `rungs init --rungs-source` takes.
//!
//! Only local commands run (`git`); nothing is downloaded.

use std::path::Path;
use std::process::Command;

/// What the binary is made of: a change elsewhere (tests, docs) leaves it
/// the commit's.
const BUILT_FROM: &[&str] = &[
    "src",
    "templates",
    "themes",
    "content",
    "i18n",
    "examples/sites",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
];

fn main() {
    println!("cargo:rerun-if-env-changed=RUNGS_BUILD_SOURCE");
    // The repository's HEAD and index, where git keeps them: in a
    // worktree, `.git` is a file naming a folder elsewhere.
    let git_dir = Command::new("git")
        .args(["rev-parse", "--absolute-git-dir"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|d| d.trim().to_owned())
        .unwrap_or_else(|| ".git".to_owned());
    let git_files = [format!("{git_dir}/HEAD"), format!("{git_dir}/index")];
    for watched in git_files
        .iter()
        .map(String::as_str)
        .chain(BUILT_FROM.iter().copied())
    {
        if Path::new(watched).exists() {
            println!("cargo:rerun-if-changed={watched}");
        }
    }
    let source = std::env::var("RUNGS_BUILD_SOURCE")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(detect);
    println!("cargo:rustc-env=RUNGS_BUILD_SOURCE={source}");
    // The same list, for the tests that check the recorded source.
    println!("cargo:rustc-env=RUNGS_BUILT_FROM={}", BUILT_FROM.join(" "));
}

fn detect() -> String {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let unix = dir.replace('\\', "/");
    if unix.contains("/registry/src/") {
        return "crates.io".to_owned();
    }
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let Some(top) = git(&["rev-parse", "--show-toplevel"]) else {
        return "unknown:not built from a git checkout or from crates.io".to_owned();
    };
    if Path::new(&top) != Path::new(&dir) && !Path::new(&dir).starts_with(&top) {
        return "unknown:not built from a git checkout or from crates.io".to_owned();
    }
    let Some(commit) = git(&["rev-parse", "HEAD"]).filter(|c| c.len() == 40) else {
        return "unknown:the git checkout has no commit".to_owned();
    };
    let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
    status.extend(BUILT_FROM);
    match git(&status) {
        Some(changes) if changes.is_empty() => {}
        _ => return format!("unknown:built from commit {commit} with uncommitted changes"),
    }
    let origin = git(&["remote", "get-url", "origin"]);
    let remote = origin.as_deref().and_then(remote_address).or_else(|| {
        std::env::var("CARGO_PKG_REPOSITORY")
            .ok()
            .and_then(|u| remote_address(&u))
    });
    match (remote, origin) {
        (Some(url), _) => format!("git:{url}#{commit}"),
        (None, Some(origin)) => format!(
            "unknown:commit {commit} has no remote address: its origin {origin} is not one a runner can clone"
        ),
        (None, None) => format!("unknown:commit {commit} has no remote address (no origin)"),
    }
}

/// `url` as an address another machine can clone: https as it is, and
/// `git@host:owner/repo` as `https://host/owner/repo`; a local path is
/// none.
fn remote_address(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with("https://") {
        return Some(url.to_owned());
    }
    if let Some(rest) = url.strip_prefix("git@")
        && let Some((host, path)) = rest.split_once(':')
    {
        return Some(format!("https://{host}/{path}"));
    }
    if let Some(rest) = url.strip_prefix("ssh://git@") {
        return Some(format!("https://{rest}"));
    }
    None
}
