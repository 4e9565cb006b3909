//! `rungs serve`'s incremental rebuilds (`rungs::pipeline::build_remembering`):
//! after every kind of edit, a build that reuses the previous build's work
//! writes exactly the files of a build from scratch, and it reuses the
//! pages of the organisations the edit does not touch.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use common::Fixture;
use rungs::domain::output::MemorySink;
use rungs::input::model;
use rungs::pipeline::{self, Memo};
use rungs::sample::{self, SampleOptions};

type Files = BTreeMap<String, Vec<u8>>;

/// A site of 40 sample organisations over two periods, with sector and
/// size cohorts of about five to ten members.
fn site() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "site.yaml",
        "title: Incremental\nbase_url: https://example.org/sub/\nbenchmark:\n  cohorts: [sector, size]\n  min_cohort_size: 5\n",
    );
    f.write("content/model.yaml", rungs::domain::builtin::DEFAULT_MODEL);
    let model = model::parse("content/model.yaml", rungs::domain::builtin::DEFAULT_MODEL)
        .expect("the default model is valid");
    let options = SampleOptions {
        organizations: 40,
        periods: vec!["2024".to_owned(), "2025".to_owned()],
        seed: 7,
    };
    // An hour old, so that `load::ReadMemo` trusts the files it has read
    // (a file modified in the last seconds is always read again).
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for file in sample::generate(&model, &options) {
        let rel = format!("content/assessments/{}", file.path);
        f.write(&rel, &file.text);
        std::fs::File::options()
            .write(true)
            .open(f.path().join(&rel))
            .and_then(|file| file.set_modified(an_hour_ago))
            .expect("set the time");
    }
    f
}

/// A build from scratch, in memory.
fn fresh(f: &Fixture) -> Files {
    let sources = rungs::pipeline::load(f.path()).expect("the site loads");
    let (site, scores) = pipeline::compile(sources).expect("the site is valid");
    let sink = MemorySink::default();
    pipeline::render_site(&site, &scores, &site.config.base_url, &sink).expect("the site renders");
    sink.into_files()
}

/// A build that reuses `memo`, in memory.
fn remembered(f: &Fixture, memo: &mut Memo) -> Files {
    let sources =
        rungs::pipeline::load_remembering(f.path(), &mut memo.read).expect("the site loads");
    let sink = MemorySink::default();
    pipeline::build_remembering(sources, &sink, memo).expect("the site builds");
    sink.into_files()
}

/// Asserts that an incremental build equals a fresh one, naming the first
/// file that differs.
fn assert_same(incremental: &Files, scratch: &Files, after: &str) {
    let a: Vec<&String> = incremental.keys().collect();
    let b: Vec<&String> = scratch.keys().collect();
    assert_eq!(a, b, "after {after}: the incremental build has other files");
    for (path, bytes) in incremental {
        assert!(
            bytes == &scratch[path],
            "after {after}: `{path}` differs from a build from scratch"
        );
    }
}

/// Finds a published assessment file with a criterion rated `full`.
fn a_rating(f: &Fixture) -> (String, String) {
    for entry in walkdir::WalkDir::new(f.path().join("content/assessments")) {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        if text.contains("publish: false") {
            continue;
        }
        let found = text
            .lines()
            .find(|l| l.trim_end().ends_with(": \"full\"") && l.starts_with("      "));
        if found.is_some() {
            let rel = entry
                .path()
                .strip_prefix(f.path())
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            return (rel, text.clone());
        }
    }
    panic!("no criterion rated `full` in the sample")
}

#[test]
fn incremental_builds_equal_builds_from_scratch_after_every_kind_of_edit() {
    let f = site();
    let mut memo = Memo::default();

    let first = remembered(&f, &mut memo);
    assert_same(&first, &fresh(&f), "the first build");
    let organizations = memo.pages.len();
    let files = memo.read.len();
    assert!(files >= 60, "{files} assessment files remembered");
    assert!(organizations >= 30, "{organizations} organisations");
    assert_eq!(memo.pages.reused(), 0, "nothing to reuse the first time");

    // Nothing changed: every organisation is reused.
    let again = remembered(&f, &mut memo);
    assert_same(&again, &first, "no change");
    assert_eq!(memo.pages.reused(), organizations);

    // A comment: the file's text changed, its data did not.
    let (file, text) = a_rating(&f);
    f.write(&file, format!("{text}# reviewed\n"));
    let commented = remembered(&f, &mut memo);
    assert_same(&commented, &fresh(&f), "a comment");
    assert_eq!(memo.pages.reused(), organizations - 1);

    // Ratings: the organisation's report and its cohorts change; the
    // organisations compared with other cohorts are reused. (Every `full`
    // becomes `none`, so the cohorts' medians move whichever statistics
    // the privacy rule withholds.)
    f.write(&file, text.replace(": \"full\"", ": \"none\""));
    let rated = remembered(&f, &mut memo);
    assert_same(&rated, &fresh(&f), "a changed rating");
    let reused = memo.pages.reused();
    assert!(
        reused > 0 && reused < organizations - 1,
        "{reused} of {organizations} reused after a changed rating"
    );
    let changed: Vec<&String> = rated
        .iter()
        .filter(|(path, bytes)| commented.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.iter().any(|p| p.starts_with("organizations/")),
        "the rating changed no report: {changed:?}"
    );

    // An invalid file fails the build; fixing it builds as from scratch.
    f.write(&file, "organization: [\n");
    let sources =
        rungs::pipeline::load_remembering(f.path(), &mut memo.read).expect("the site loads");
    assert!(pipeline::build_remembering(sources, &MemorySink::default(), &mut memo).is_err());
    f.write(&file, &text);
    assert_same(&remembered(&f, &mut memo), &fresh(&f), "a fixed file");

    // A new organisation, and one removed.
    let new = text
        .replacen("id: \"", "id: \"zz-new-", 1)
        .replacen("name: \"", "name: \"New ", 1);
    f.write("content/assessments/zz-new.yaml", &new);
    assert_same(&remembered(&f, &mut memo), &fresh(&f), "a new organisation");
    std::fs::remove_file(f.path().join(&file)).expect("remove");
    assert_same(
        &remembered(&f, &mut memo),
        &fresh(&f),
        "a removed assessment",
    );

    // Site-wide edits render every organisation again.
    f.write(
        "site.yaml",
        "title: Renamed\nbase_url: https://example.org/sub/\nbenchmark:\n  cohorts: [sector, size]\n  min_cohort_size: 5\n",
    );
    assert_same(&remembered(&f, &mut memo), &fresh(&f), "a new title");
    assert_eq!(memo.pages.reused(), 0);
    let report = rungs::domain::builtin::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "report.html")
        .map(|(_, text)| *text)
        .expect("a built-in report template");
    f.write(
        "templates/report.html",
        report.replacen(
            "{% block content %}",
            "{% block content %}<!-- custom -->",
            1,
        ),
    );
    let custom = remembered(&f, &mut memo);
    assert_same(&custom, &fresh(&f), "a template override");
    assert_eq!(memo.pages.reused(), 0);
    // So does a site's own interface string.
    f.write("i18n/en.yaml", "report:\n  summary: Overview\n");
    let strings = remembered(&f, &mut memo);
    assert_same(&strings, &fresh(&f), "a site's string");
    assert_eq!(memo.pages.reused(), 0);
    assert!(
        strings
            .iter()
            .filter(|(p, _)| p.starts_with("organizations/") && p.ends_with("/index.html"))
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(">Overview</h2>")),
        "the site's string shows"
    );
    assert!(
        custom
            .iter()
            .filter(|(p, _)| p.starts_with("organizations/") && p.ends_with("/index.html"))
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("<!-- custom -->")),
        "the override shows"
    );
}
