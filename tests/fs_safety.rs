//! Nothing outside the output is ever touched, and nothing but regular
//! files inside the site is ever read, through the real binary: symbolic
//! links as the output folder or at the names of rungs' temporary folders
//! are refused and their targets left alone; pipes, devices and sockets as
//! the output are refused and left in place; pipes and devices as inputs
//! are refused without hanging; a `site.yaml` linked out of the site is
//! refused without being quoted; problems with `output` name site.yaml;
//! static files named with `\` are refused by name.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt as _, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{Fixture, run_with_watchdog, snapshot};

/// Every run here takes a second at most; a run still going after this
/// hangs (a named pipe opened for reading waits for a writer for ever).
const WATCHDOG: Duration = Duration::from_secs(30);

/// `rungs <command> --color never <site> [more]`, killed (and the test
/// failed) if it runs past [`WATCHDOG`].
fn rungs(command: &str, site: &Path, more: &[&std::ffi::OsStr]) -> Output {
    run_with_watchdog(
        Command::new(env!("CARGO_BIN_EXE_rungs"))
            .arg(command)
            .args(["--color", "never"])
            .arg(site)
            .args(more),
        WATCHDOG,
    )
}

/// `rungs build` with `-o out`.
fn build_into(site: &Path, out: &Path) -> Output {
    rungs("build", site, &["-o".as_ref(), out.as_os_str()])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the run failed with status 1 and said each of `expected`.
fn assert_refused(o: &Output, expected: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit status:\n{err}");
    for e in expected {
        assert!(err.contains(e), "`{e}` missing from:\n{err}");
    }
    assert!(err.contains("= help: "), "no help in:\n{err}");
    err
}

/// The entries beside `out` whose names start like rungs' temporary
/// folders (`.<out>.rungs-`).
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

/// A folder outside every site, holding files a build must never touch.
fn precious() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
    fs::write(dir.path().join("keep.txt"), "keep").expect("write");
    fs::write(dir.path().join("sub/index.html"), "not rungs'").expect("write");
    let before = snapshot(dir.path());
    (dir, before)
}

/// Makes a named pipe at `path`.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Makes the character device `major:minor` at `path` with `mknod`, or says
/// why it cannot (it needs root, or CAP_MKNOD).
fn mknod(path: &Path, major: u32, minor: u32) -> Result<(), String> {
    let out = Command::new("mknod")
        .arg(path)
        .arg("c")
        .arg(major.to_string())
        .arg(minor.to_string())
        .output()
        .map_err(|e| format!("cannot run mknod: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

// ---------- the output folder ----------

#[test]
fn a_symlinked_output_folder_is_refused_and_its_target_left_alone() {
    let site = Fixture::worked_example();
    let content = site.path().join("content");
    let content_before = snapshot(&content);
    let (outside, outside_before) = precious();
    let around = tempfile::tempdir().expect("temp dir");

    // `-o` at a link to the site's content, and to a folder elsewhere.
    for (target, what) in [
        (&content, "content"),
        (&outside.path().to_path_buf(), "outside"),
    ] {
        let link = around.path().join(format!("to-{what}"));
        symlink(target, &link).expect("link");
        let o = build_into(site.path(), &link);
        assert_refused(
            &o,
            &[
                "error: the output folder is a symbolic link",
                &format!("--> {}", link.display()),
                "never follows a link",
            ],
        );
        assert!(!stderr(&o).contains("built"), "{}", stderr(&o));
        assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
        assert_eq!(leftovers(&link), Vec::<String>::new(), "{what}");
        // Written with a trailing `/`, the kernel would follow the link.
        let slash = PathBuf::from(format!("{}/", link.display()));
        assert_refused(
            &build_into(site.path(), &slash),
            &["error: the output folder is a symbolic link"],
        );
    }
    assert_eq!(snapshot(&content), content_before, "the site's content");
    assert_eq!(
        snapshot(outside.path()),
        outside_before,
        "the outside folder"
    );

    // A link committed as `public`: a plain `rungs build` refuses it.
    symlink(&content, site.public()).expect("link");
    let o = rungs("build", site.path(), &[]);
    assert_refused(
        &o,
        &[
            "error: the output folder is a symbolic link",
            &format!("--> {}", site.public().display()),
        ],
    );
    assert_eq!(snapshot(&content), content_before, "the site's content");
    fs::remove_file(site.public()).expect("unlink");

    // A link on the way to the output leading into the site's content.
    symlink(&content, around.path().join("via")).expect("link");
    let o = build_into(site.path(), &around.path().join("via/public"));
    assert_refused(
        &o,
        &["the output folder overlaps the site's input `content` (through a symbolic link)"],
    );
    assert_eq!(
        snapshot(&content),
        content_before,
        "nothing written into content"
    );
    assert!(!content.join("public").exists());
}

#[test]
fn links_at_staging_and_leftover_names_are_refused_and_their_targets_left_alone() {
    let site = Fixture::worked_example();
    let content = site.path().join("content");
    let content_before = snapshot(&content);
    let (outside, outside_before) = precious();
    site.build();
    let output_before = snapshot(&site.public());

    for name in [".public.rungs-staging-1", ".public.rungs-old-1"] {
        for target in [&content, &outside.path().to_path_buf()] {
            // With the output in place, and without it (when a killed
            // build's previous output would be put back).
            for output_there in [true, false] {
                let aside = site.path().join("public-aside");
                if !output_there {
                    fs::rename(site.public(), &aside).expect("move the output aside");
                }
                let link = site.path().join(name);
                symlink(target, &link).expect("link");
                let o = rungs("build", site.path(), &[]);
                assert_refused(
                    &o,
                    &[
                        "error: a symbolic link has the name of one of rungs' temporary folders",
                        &format!("--> {}", link.display()),
                        "never follows, moves or deletes what it did not make",
                    ],
                );
                assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
                assert_eq!(
                    fs::read_link(&link).expect("read link"),
                    *target,
                    "the link is not moved"
                );
                assert_eq!(
                    fs::symlink_metadata(site.public()).is_ok(),
                    output_there,
                    "{name}"
                );
                fs::remove_file(&link).expect("unlink");
                if !output_there {
                    fs::rename(&aside, site.public()).expect("put the output back");
                }
            }
        }
    }
    assert_eq!(snapshot(&content), content_before, "the site's content");
    assert_eq!(
        snapshot(outside.path()),
        outside_before,
        "the outside folder"
    );
    assert_eq!(
        snapshot(&site.public()),
        output_before,
        "the previous output"
    );

    // A folder of someone else's at such a name is refused and kept.
    let stranger = site.path().join(".public.rungs-old-2");
    fs::create_dir(&stranger).expect("mkdir");
    fs::write(stranger.join("notes.txt"), "mine").expect("write");
    assert_refused(
        &rungs("build", site.path(), &[]),
        &[
            "error: a folder that rungs did not make has the name of one of rungs' temporary folders",
        ],
    );
    assert_eq!(
        fs::read_to_string(stranger.join("notes.txt")).expect("read"),
        "mine"
    );
    fs::remove_dir_all(&stranger).expect("rm");

    // A FIFO at such a name is refused and left in place.
    let pipe = site.path().join(".public.rungs-staging-3");
    mkfifo(&pipe);
    assert_refused(
        &rungs("build", site.path(), &[]),
        &["error: a named pipe (FIFO) has the name of one of rungs' temporary folders"],
    );
    assert!(
        fs::symlink_metadata(&pipe)
            .expect("pipe")
            .file_type()
            .is_fifo()
    );
    fs::remove_file(&pipe).expect("rm");

    // An empty folder loses nothing: it is removed and the build goes on,
    // leaving no temporary folder and no marker in the output.
    fs::create_dir(site.path().join(".public.rungs-staging-4")).expect("mkdir");
    site.build();
    assert_eq!(leftovers(&site.public()), Vec::<String>::new());
    assert!(!site.public().join(rungs::domain::output::MARKER).exists());
    assert_eq!(snapshot(&content), content_before, "the site's content");
}

#[test]
fn a_fifo_socket_or_device_as_the_output_is_refused_and_left_in_place() {
    let site = Fixture::worked_example();
    let around = tempfile::tempdir().expect("temp dir");
    let pipe = around.path().join("pipe");
    mkfifo(&pipe);
    let socket_path = around.path().join("socket");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).expect("bind");
    let mut cases = vec![(pipe, "a named pipe (FIFO)"), (socket_path, "a socket")];
    let device = around.path().join("null");
    match mknod(&device, 1, 3) {
        Ok(()) => cases.push((device, "a character device")),
        Err(why) => eprintln!("skipping the device case: mknod failed: {why}"),
    }
    for (out, kind) in &cases {
        let before = fs::symlink_metadata(out).expect("exists").file_type();
        let o = build_into(site.path(), out);
        assert_refused(
            &o,
            &[
                &format!("error: the output path is {kind}, not a folder"),
                &format!("--> {}", out.display()),
            ],
        );
        let after = fs::symlink_metadata(out).expect("still there").file_type();
        assert_eq!(before, after, "{kind} left in place");
        assert_eq!(
            leftovers(out),
            Vec::<String>::new(),
            "{kind}: nothing moved aside"
        );
    }
    // Only the special files themselves are there: nothing was created.
    assert_eq!(
        fs::read_dir(around.path()).expect("read").count(),
        cases.len()
    );
}

// ---------- special files as inputs ----------

#[test]
fn special_files_as_inputs_are_refused_without_hanging() {
    let cases = [
        ("site.yaml", "site.yaml"),
        ("content/model.yaml", "content/model.yaml"),
        ("content/assessments/x.yaml", "content/assessments/x.yaml"),
        ("content/pages/about.md", "content/pages/about.md"),
        ("templates/base.html", "templates/base.html"),
        ("static/feed.xml", "static/feed.xml"),
        (
            "themes/default/static/extra.css",
            "themes/default/static/extra.css",
        ),
    ];
    for (path, shown) in cases {
        let site = Fixture::worked_example();
        let at = site.path().join(path);
        if let Some(parent) = at.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        let _ = fs::remove_file(&at);
        mkfifo(&at);
        for command in ["build", "check"] {
            let o = rungs(command, site.path(), &[]);
            assert_refused(
                &o,
                &[
                    &format!(
                        "error: the file is a named pipe (FIFO), not a regular file\n --> {shown}"
                    ),
                    "rungs reads only regular files",
                ],
            );
        }
        assert!(!site.public().exists(), "{path}: nothing written");
    }

    // A device inside the site (/dev/zero's numbers) as an assessment.
    let site = Fixture::worked_example();
    let zero = site.path().join("content/assessments/zero.yaml");
    match mknod(&zero, 1, 5) {
        Ok(()) => {
            assert_refused(
                &rungs("build", site.path(), &[]),
                &[
                    "error: the file is a character device, not a regular file\n --> content/assessments/zero.yaml",
                ],
            );
        }
        Err(why) => eprintln!("skipping the device case: mknod failed: {why}"),
    }

    // A link inside the site to a pipe is a pipe; a link to a regular
    // file inside the site still works.
    let site = Fixture::worked_example();
    mkfifo(&site.path().join("content/pipe"));
    symlink("../pipe", site.path().join("content/assessments/p.yaml")).expect("link");
    assert_refused(
        &rungs("build", site.path(), &[]),
        &[
            "error: the file is a named pipe (FIFO), not a regular file\n --> content/assessments/p.yaml",
        ],
    );
    fs::remove_file(site.path().join("content/assessments/p.yaml")).expect("rm");
    fs::rename(
        site.path().join("content/assessments/y.yaml"),
        site.path().join("content/y.yaml"),
    )
    .expect("move");
    symlink("../y.yaml", site.path().join("content/assessments/y.yaml")).expect("link");
    fs::remove_file(site.path().join("content/pipe")).expect("rm");
    site.build();
}

#[test]
fn site_yaml_linked_out_of_the_site_is_refused_without_quoting_it() {
    let outside = tempfile::tempdir().expect("temp dir");
    // Valid YAML with a secret, and broken YAML whose error would quote
    // its line: neither may reach the output of rungs.
    for text in [
        "title: SECRET-TITLE\nbase_url: /\n",
        "password: SECRET-PASSWORD [unclosed\n",
    ] {
        fs::write(outside.path().join("secret.yaml"), text).expect("write");
        let site = Fixture::worked_example();
        fs::remove_file(site.path().join("site.yaml")).expect("rm");
        symlink(
            outside.path().join("secret.yaml"),
            site.path().join("site.yaml"),
        )
        .expect("link");
        for format in ["text", "json"] {
            let o = rungs(
                "build",
                site.path(),
                &["--format".as_ref(), format.as_ref()],
            );
            let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
            assert_eq!(o.status.code(), Some(1), "{all}");
            assert!(
                all.contains("the file is a link to a place outside the site folder"),
                "{all}"
            );
            assert!(all.contains("site.yaml"), "{all}");
            assert!(
                !all.contains("SECRET"),
                "the outside file is quoted:\n{all}"
            );
        }
        assert!(!site.public().exists());
    }
}

// ---------- where the output is chosen ----------

#[test]
fn problems_with_output_in_site_yaml_name_site_yaml() {
    let long = "x".repeat(240);
    let cases: [(&str, &str); 6] = [
        ("a/.", "`a/.` has an empty or `.` part"),
        (&long, "the output folder name is 240 bytes long"),
        (
            "content",
            "the output folder overlaps the site's input `content/assessments`",
        ),
        ("site.yaml/x", "which is not a folder"),
        (".git/out", "the output folder is inside a `.git` folder"),
        (
            "templates",
            "the output folder overlaps the site's input `templates`",
        ),
    ];
    for (output, message) in cases {
        let site = Fixture::worked_example();
        site.write(
            "site.yaml",
            format!("title: Fixture\nbase_url: /\noutput: '{output}'\n"),
        );
        let before = snapshot(site.path());
        let o = rungs("build", site.path(), &[]);
        let err = assert_refused(&o, &[message, "(at `output`)"]);
        assert!(
            err.contains("--> site.yaml"),
            "{output}: site.yaml not named:\n{err}"
        );
        assert!(
            !err.contains("rungs-staging"),
            "{output}: a staging path:\n{err}"
        );
        assert_eq!(snapshot(site.path()), before, "{output}: nothing written");
        assert_eq!(
            fs::read_dir(site.path()).expect("read").count(),
            2,
            "{output}: only site.yaml and content"
        );
    }

    // Given with `-o`, the same problem names the path given.
    let site = Fixture::worked_example();
    let out = site.path().join("content");
    let err = assert_refused(
        &build_into(site.path(), &out),
        &["the output folder overlaps the site's input `content/assessments`"],
    );
    assert!(err.contains(&format!("--> {}", out.display())), "{err}");
}

// ---------- static file names ----------

#[test]
fn static_files_named_with_a_backslash_are_refused_by_name() {
    let site = Fixture::worked_example();
    site.write("static/..\\evil.txt", "x");
    site.write("static/sub/..\\..\\up.txt", "x");
    let before = snapshot(site.path());
    for command in ["build", "check"] {
        let o = rungs(command, site.path(), &[]);
        let err = assert_refused(
            &o,
            &[
                "error: the file name `..\\evil.txt` contains `\\`, which browsers and Windows read as a folder separator\n --> static/..\\evil.txt",
                "error: the file name `sub/..\\..\\up.txt` contains `\\`",
                "rename the file",
            ],
        );
        assert!(!err.contains("bug in rungs"), "{err}");
    }
    assert_eq!(snapshot(site.path()), before, "nothing written");
    assert!(!site.public().exists());
}
