//! `rungs init DIR` writes a site that builds with no edits, and never
//! overwrites anything.

mod common;

use std::process::Command;

fn rungs(args: &[&std::ffi::OsStr]) -> common::Run {
    common::Run(
        Command::new(env!("CARGO_BIN_EXE_rungs"))
            .args(args)
            .output()
            .expect("run rungs"),
    )
}

#[test]
fn init_then_build_works_with_no_edits() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("x");
    let r = rungs(&["init".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("rungs build"), "tells the next step");
    for f in [
        "site.yaml",
        "content/model.yaml",
        "content/pages/methodology.md",
        ".github/workflows/pages.yml",
        ".gitignore",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let r = rungs(&["build".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let public = site.join("public");
    assert!(public.join("index.html").is_file());
    assert!(public.join("methodology/index.html").is_file());
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/results.json")).unwrap())
            .unwrap();
    assert!(results["assessments"].as_array().unwrap().len() >= 8);
    let r = rungs(&["check".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let r = rungs(&["init".as_ref(), dir.path().as_os_str()]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("the folder is not empty"),
        "{}",
        r.stderr()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[cfg(unix)]
#[test]
fn init_refuses_a_symbolic_link_and_writes_nothing_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link = dir.path().join("site");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let r = rungs(&["init".as_ref(), link.as_os_str()]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("symbolic link"), "{}", r.stderr());
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}
