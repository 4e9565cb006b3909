//! Input that is valid to YAML but means something twice, or nothing a
//! computer can compute with, or hides behind an editor's byte order
//! mark: through the real binary, each is read as the author meant it or
//! refused with a message naming the place, and a refused build leaves
//! the previous output as it was.

mod common;

use common::{EXAMPLE_MODEL, EXAMPLE_X, EXAMPLE_Y, Fixture, snapshot};

/// The byte order mark some editors write at the start of UTF-8 files.
const BOM: &str = "\u{feff}";

/// Builds the worked example, applies `break_it`, builds again and checks
/// that the build fails with exit status 1, prints every `expected` text,
/// and leaves the previous output alone. Returns standard error.
fn refused(break_it: impl FnOnce(&Fixture), expected: &[&str]) -> String {
    let site = Fixture::worked_example();
    site.build();
    let before = snapshot(&site.public());
    break_it(&site);
    let run = site.run(&["build"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "exit status 1 expected:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the previous output must be left as it was"
    );
    err
}

#[test]
fn a_byte_order_mark_is_read_past_in_every_kind_of_file() {
    let site = Fixture::worked_example();
    site.write(
        "site.yaml",
        format!("{BOM}title: Marked site\nbase_url: https://example.org/sub/\n"),
    );
    site.write("content/model.yaml", format!("{BOM}{EXAMPLE_MODEL}"));
    site.write("content/assessments/x.yaml", format!("{BOM}{EXAMPLE_X}"));
    site.write("content/assessments/y.yaml", format!("{BOM}{EXAMPLE_Y}"));
    site.write(
        "content/pages/notes.md",
        format!("{BOM}---\ntitle: Marked page\norder: 1\n---\n\n# Notes\n\nText.\n"),
    );
    site.write(
        "content/pages/windows.md",
        format!("{BOM}---\r\ntitle: Windows page\r\n---\r\nText.\r\n"),
    );
    site.build();
    let page = site.output("notes/index.html");
    assert!(page.contains("<title>Marked page"), "{page}");
    assert!(page.contains("Marked site"), "{page}");
    assert!(
        site.output("windows/index.html")
            .contains("<title>Windows page")
    );
    let results = site.results();
    assert!(results.to_string().contains("Example X"), "{results}");
    // No output holds the mark.
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(BOM), "{} holds a BOM", path.display());
    }
}

#[test]
fn problems_in_a_marked_file_are_placed_as_the_author_sees_them() {
    let err = refused(
        |s| {
            s.write(
                "content/assessments/x.yaml",
                format!(
                    "{BOM}{}",
                    EXAMPLE_X.replace(
                        "organization: {id: x, name: Example X, sector: automotive}",
                        "organization: {id: x, name: Example X, extra: [1]}"
                    )
                ),
            );
            s.write(
                "content/pages/notes.md",
                format!("{BOM}---\ntitle: T\ntitel: x\n---\n"),
            );
        },
        &[
            "content/assessments/x.yaml:1:47",
            "expected text, found a list",
            "content/pages/notes.md:3:1",
            "unknown key `titel`",
        ],
    );
    assert!(!err.contains(BOM), "{err}");
}
