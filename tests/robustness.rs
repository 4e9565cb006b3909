//! Robustness through the real binary: hostile and huge input fails fast
//! with a clear message and leaves the previous output alone, a build
//! killed half-way leaves the previous output alone and is cleaned up by
//! the next one, and the output does not depend on the order or nesting of
//! the input files nor on the number of threads.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{Fixture, assert_same_tree, run_with_watchdog, tree};
use rungs::sample::{SampleFile, SampleOptions};

/// Only catches hangs: every run here takes seconds at most.
const WATCHDOG: Duration = Duration::from_secs(60);

fn rungs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rungs"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `rungs <command> --color never <site> [more]`, under the watchdog.
fn run(command: &str, site: &Path, more: &[&str]) -> Output {
    run_with_watchdog(
        rungs()
            .arg(command)
            .args(["--color", "never"])
            .arg(site)
            .args(more),
        WATCHDOG,
    )
}

/// The hidden folders a build keeps beside its output (`.out.rungs-*`).
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    let prefix = format!(".{}.rungs-", name.unwrap_or_default());
    let parent = out.parent().expect("output has a parent");
    let mut found: Vec<String> = fs::read_dir(parent)
        .expect("read the output's parent")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    found.sort();
    found
}

// ---------- hostile and huge files through the CLI ----------

/// The "billion laughs": ten levels of ten aliases, 10^10 values once
/// expanded, in 1 KB.
fn alias_bomb() -> String {
    let mut s =
        String::from("organization: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        s.push_str(&format!("level{i}: &l{i} [{refs}]\n"));
    }
    s
}

/// The worked example, built once into `out` inside it, and the bytes that
/// build wrote.
fn built_worked_example() -> (Fixture, PathBuf, BTreeMap<String, Vec<u8>>) {
    let site = Fixture::worked_example();
    let out = site.path().join("out");
    let o = run("build", site.path(), &["-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = tree(&out);
    assert!(before.contains_key("index.html"));
    (site, out, before)
}

/// Runs `build` and `check` on a site holding one bad file and asserts
/// each exits with status 1, names the file, says what is wrong and how to
/// fix it, and leaves the previous output as it was.
fn assert_refused(
    site: &Fixture,
    out: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    expected: &[&str],
) -> String {
    let mut shown = String::new();
    for command in ["build", "check"] {
        let started = Instant::now();
        let out_arg = out.to_string_lossy();
        let more: &[&str] = if command == "build" {
            &["-o", &out_arg]
        } else {
            &[]
        };
        let o = run(command, site.path(), more);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{command}:\n{err}");
        for e in expected {
            assert!(err.contains(e), "{command}: `{e}` missing from:\n{err}");
        }
        assert!(err.contains("= help: "), "{command}: no help in:\n{err}");
        assert!(
            err.trim_end().ends_with("error: 1 problem in 1 file"),
            "{command}: one problem expected:\n{err}"
        );
        assert_same_tree(before, &tree(out), command);
        assert_eq!(leftovers(out), Vec::<String>::new(), "{command}");
        eprintln!("{command}: exit 1 in {:?}", started.elapsed());
        shown = err;
    }
    shown
}

#[test]
fn an_alias_bomb_is_refused_at_once_with_its_line() {
    let (site, out, before) = built_worked_example();
    site.write("content/assessments/bomb.yaml", alias_bomb());
    let err = assert_refused(
        &site,
        &out,
        &before,
        &[
            "error: the document expands aliases too far",
            "--> content/assessments/bomb.yaml:",
            "alias bombs",
        ],
    );
    // The line is one of the file's, shown with its text.
    let line: usize = err
        .split("--> content/assessments/bomb.yaml:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line number in:\n{err}"));
    assert!((2..=10).contains(&line), "line {line}:\n{err}");
    assert!(err.contains(&format!("{line} | level")), "{err}");

    // The same file as JSON, for editors and CI.
    let o = run("check", site.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let problem = &json["problems"][0];
    assert_eq!(problem["file"], "content/assessments/bomb.yaml");
    assert_eq!(problem["line"], line);
    assert_eq!(problem["message"], "the document expands aliases too far");
}

#[test]
fn deep_nesting_is_refused_without_crashing() {
    // Nesting past the parser's limit once overflowed the stack of the
    // threads that parse assessments, which aborted rungs (exit 134).
    let (site, out, before) = built_worked_example();
    for i in 0..8 {
        let depth = 60 + i;
        site.write(
            &format!("content/assessments/deep-{i}.yaml"),
            format!("organization: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        );
    }
    let o = run("build", site.path(), &["-o", &out.to_string_lossy()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("error: the document is nested too deeply")
            .count(),
        8,
        "{err}"
    );
    assert!(
        err.contains("--> content/assessments/deep-0.yaml:1:"),
        "{err}"
    );
    assert_same_tree(&before, &tree(&out), "deep nesting");
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let (site, out, before) = built_worked_example();
    // A real assessment whose evidence someone pasted a log into.
    let head = "organization: {id: huge, name: Huge}\nperiod: \"2025\"\ncapabilities:\n  a:\n    level: 1\n    evidence: \"";
    let mut text = String::with_capacity(50 * 1024 * 1024 + 200);
    text.push_str(head);
    let line = "2025-06-30T12:00:00 INFO everything is fine, nothing to see here\\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    text.truncate(50 * 1024 * 1024 - 2);
    text.push_str("\"\n");
    assert_eq!(text.len(), 50 * 1024 * 1024);
    site.write("content/assessments/huge.yaml", &text);
    let err = assert_refused(
        &site,
        &out,
        &before,
        &[
            "error: the file is 50 MB; rungs reads text files of at most 16 MB",
            "--> content/assessments/huge.yaml\n",
            "put large documents into `static/`",
        ],
    );
    assert!(err.len() < 2000, "the file is not echoed:\n{err}");
}

#[test]
fn a_file_under_the_size_limit_with_too_many_values_is_refused() {
    // 15 MB of repeated criteria: under the file limit, over the value limit.
    let (site, out, before) = built_worked_example();
    let mut text =
        String::from("organization: {id: many, name: Many}\nperiod: \"2025\"\nsummary:\n");
    while text.len() < 15 * 1024 * 1024 {
        text.push_str("  - {a1: full, a2: partial, a3: none, a4: largely}\n");
    }
    site.write("content/assessments/many.yaml", &text);
    assert_refused(
        &site,
        &out,
        &before,
        &[
            "error: the document is too large: more than 250,000 values",
            "--> content/assessments/many.yaml:",
        ],
    );
}

// ---------- sample sites ----------

/// Writes a site with the default model and pages and the sample
/// assessments of `organizations` organisations over three periods;
/// `place` decides where each assessment file goes and in which order they
/// are created. Returns the number of assessments.
fn sample_site(
    dir: &Path,
    organizations: usize,
    place: impl Fn(Vec<SampleFile>) -> Vec<(String, String)>,
) -> usize {
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, text).expect("write");
    };
    write(
        "site.yaml",
        "title: Robustness\nbase_url: https://example.org/sub/\nbenchmark:\n  cohorts: [sector, size]\n",
    );
    write("content/model.yaml", rungs::domain::builtin::DEFAULT_MODEL);
    for (name, text) in rungs::domain::builtin::DEFAULT_PAGES {
        write(&format!("content/pages/{name}"), text);
    }
    let model =
        rungs::input::model::parse("content/model.yaml", rungs::domain::builtin::DEFAULT_MODEL)
            .unwrap_or_else(|e| panic!("the default model parses: {e:?}"));
    let files = rungs::sample::generate(
        &model,
        &SampleOptions {
            organizations,
            seed: 7,
            ..SampleOptions::default()
        },
    );
    let placed = place(files);
    let n = placed.len();
    for (path, text) in placed {
        write(&format!("content/assessments/{path}"), &text);
    }
    n
}

/// The generator's own layout (`<period>/<org>-<period>.yaml`) and order.
fn as_generated(files: Vec<SampleFile>) -> Vec<(String, String)> {
    files.into_iter().map(|f| (f.path, f.text)).collect()
}

/// The same files created in reverse order, in another nesting:
/// `by-org/<first letter>/<org>/<period>.yaml`, with a few at the top.
fn reversed_and_renested(files: Vec<SampleFile>) -> Vec<(String, String)> {
    let mut placed: Vec<(String, String)> = files
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let (period, name) = f.path.split_once('/').expect("<period>/<name>");
            let stem = name.trim_end_matches(".yaml");
            let path = if i % 7 == 0 {
                format!("{stem}.yml")
            } else {
                let first = &stem[..1];
                format!("by-org/{first}/{stem}/{period}.yaml")
            };
            (path, f.text)
        })
        .collect();
    placed.reverse();
    placed
}

fn build_into(site: &Path, out: &Path, threads: &str) -> Output {
    run_with_watchdog(
        rungs()
            .args(["build", "-q", "--color", "never"])
            .arg(site)
            .arg("-o")
            .arg(out)
            .env("RAYON_NUM_THREADS", threads),
        WATCHDOG * 3,
    )
}

// ---------- reproducibility ----------

#[test]
fn output_depends_on_neither_file_order_nor_nesting_nor_threads() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let n = sample_site(&a, 100, as_generated);
    assert_eq!(sample_site(&b, 100, reversed_and_renested), n);
    assert!(n >= 250, "a few hundred assessments, got {n}");
    // The copies really differ in layout.
    assert!(a.join("content/assessments/2025").is_dir());
    assert!(!b.join("content/assessments/2025").exists());
    assert!(b.join("content/assessments/by-org").is_dir());

    let mut outputs = Vec::new();
    for (site, threads) in [(&a, "1"), (&a, "4"), (&b, "4"), (&b, "1")] {
        let out = tmp.path().join(format!(
            "out-{}-{threads}",
            site.file_name().unwrap().to_string_lossy()
        ));
        let o = build_into(site, &out, threads);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        outputs.push((
            format!("{} with {threads} thread(s)", site.display()),
            tree(&out),
        ));
    }
    let (first_name, first) = &outputs[0];
    let reports = first
        .keys()
        .filter(|k| k.starts_with("organizations/") && k.ends_with("/roadmap/index.html"))
        .count();
    assert!(reports >= n / 2, "{reports} reports of {n} assessments");
    for (name, files) in &outputs[1..] {
        assert_same_tree(first, files, &format!("{first_name} vs {name}"));
    }
}

// ---------- a killed build ----------

/// Renames one organisation in every file of it, so a build changes its
/// pages.
#[cfg(unix)]
fn rename_an_organization(site: &Path) -> String {
    let assessments = site.join("content/assessments");
    let mut renamed = None;
    for entry in walkdir::WalkDir::new(&assessments).sort_by_file_name() {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = fs::read_to_string(entry.path()).expect("read");
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("  id: "))
            .expect("an organization id")
            .to_owned();
        let target = renamed.get_or_insert_with(|| id.clone());
        if *target != id {
            continue;
        }
        let changed: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("  name: ") {
                    "  name: \"Renamed Robustness Ltd\"".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect();
        fs::write(entry.path(), changed.join("\n") + "\n").expect("write");
    }
    renamed
        .expect("an organization")
        .trim_matches('"')
        .to_owned()
}

/// Starts a build and kills it with SIGKILL while it writes into its
/// staging folder. `Ok(staging)` if it was killed mid-build, `Err(())` if
/// the build finished before it could be killed.
#[cfg(unix)]
fn kill_mid_build(site: &Path, out: &Path) -> Result<PathBuf, ()> {
    use std::os::unix::process::ExitStatusExt;
    let mut child = rungs()
        .args(["build", "-q", "--color", "never"])
        .arg(site)
        .arg("-o")
        .arg(out)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start rungs");
    // write.rs: the staging folder is `.<output>.rungs-staging-<pid>`,
    // beside the output.
    let name = out
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let staging = out.with_file_name(format!(".{name}.rungs-staging-{}", child.id()));
    let started = Instant::now();
    let files_at_kill = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert_eq!(status.code(), Some(0), "the build failed");
            return Err(());
        }
        if started.elapsed() > WATCHDOG * 3 {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the build still ran after {:?}: killed (a hang?)",
                WATCHDOG * 3
            );
        }
        // Kill once it has written a few files, long before it is done.
        if staging.is_dir() {
            let files = walkdir::WalkDir::new(&staging)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .count();
            if files >= 10 {
                break files;
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    if status.signal() != Some(9) {
        // It finished between the last look and the kill.
        assert_eq!(status.code(), Some(0), "the build failed");
        return Err(());
    }
    // Killed before it could commit or clean up: its staging folder stays.
    assert!(
        staging.is_dir(),
        "killed with {files_at_kill} files written, yet no staging folder"
    );
    eprintln!(
        "killed the build after {:?}, with {files_at_kill}+ files in its staging folder",
        started.elapsed()
    );
    Ok(staging)
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up() {
    // A site large enough that rendering takes a while; bigger on a retry
    // if a build finishes before it can be killed.
    for organizations in [100, 300, 900] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let site = tmp.path().join("site");
        let out = tmp.path().join("out");
        sample_site(&site, organizations, as_generated);
        let o = build_into(&site, &out, "2");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let first = tree(&out);
        assert_eq!(leftovers(&out), Vec::<String>::new());

        let renamed = rename_an_organization(&site);
        let Ok(staging) = kill_mid_build(&site, &out) else {
            eprintln!(
                "the build of {organizations} organisations finished before the kill; retrying larger"
            );
            continue;
        };
        assert_same_tree(&first, &tree(&out), "the output after a killed build");
        let staging_name = staging.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(leftovers(&out), vec![staging_name]);

        // The next build removes the leftover and writes the new site,
        // the same as a build into a fresh folder.
        let o = build_into(&site, &out, "2");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(leftovers(&out), Vec::<String>::new(), "leftover removed");
        let second = tree(&out);
        let fresh = tmp.path().join("fresh");
        let o = build_into(&site, &fresh, "2");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_same_tree(&tree(&fresh), &second, "rebuilt vs fresh");
        let page = format!("organizations/{renamed}/index.html");
        let text = String::from_utf8_lossy(&second[&page]);
        assert!(text.contains("Renamed Robustness Ltd"), "{page}");
        assert_ne!(first[&page], second[&page]);
        return;
    }
    panic!("every build finished before it could be killed");
}
