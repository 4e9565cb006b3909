//! `rungs init DIR` writes a site that builds with no edits, and never
//! overwrites anything.

mod common;

use common::rungs;

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
    // The sample's attribute values are shown by their labels.
    let list = std::fs::read_to_string(public.join("organizations/index.html")).unwrap();
    assert!(
        list.contains(">Latin America<") && list.contains(">Chemicals<"),
        "labels"
    );
    assert!(!list.contains(">latam<"));
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

#[test]
fn a_site_in_a_repository_sub_folder_gets_its_workflow_at_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let site = repo.join("docs/benchmark");
    let r = rungs(&["init".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("working-directory: docs/benchmark"));
    assert!(workflow.contains("path: docs/benchmark/public"));
    assert!(!site.join(".github").exists(), "no second copy in the site");
    assert!(
        r.stdout().contains("its publishing workflow:"),
        "{}",
        r.stdout()
    );

    // A repository with that workflow already keeps it: the new one goes
    // into the site folder, and init says so.
    let other = repo.join("other");
    let r = rungs(&["init".as_ref(), other.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap(),
        workflow,
        "never overwritten"
    );
    let kept = std::fs::read_to_string(other.join(".github/workflows/pages.yml")).unwrap();
    assert!(kept.contains("working-directory: other"));
    assert!(
        r.stderr().contains("merge it there by hand"),
        "{}",
        r.stderr()
    );

    // A folder name a workflow cannot hold as it is is refused.
    let odd = repo.join("my site");
    let r = rungs(&["init".as_ref(), odd.as_os_str()]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(!odd.exists());
}

#[test]
fn init_for_gitlab_writes_a_pages_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("x");
    let r = rungs(&[
        "init".as_ref(),
        site.as_os_str(),
        "--host".as_ref(),
        "gitlab".as_ref(),
        "--rungs-source".as_ref(),
        "crates.io".as_ref(),
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let ci = std::fs::read_to_string(site.join(".gitlab-ci.yml")).unwrap();
    assert!(
        ci.starts_with("# Builds the site with rungs and publishes it on GitLab Pages.\npages:\n")
    );
    assert!(ci.contains(concat!(
        "cargo install rungs --locked --version ",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(!site.join(".github").exists());
}
