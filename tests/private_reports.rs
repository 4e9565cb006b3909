//! Private reports (`private_reports`, `rungs build --private-reports DIR`)
//! through the binary: one self-contained file per assessment, published
//! or not, beside an aggregates-only public site; the folder's rules; and
//! attacks on the files: no other organisation's name, id or scores.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::Fixture;

/// A copy of this repository's example site with `publish_reports: false`:
/// the public site carries only the benchmark.
fn aggregates_only_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        dir.path().join("site.yaml"),
        format!("{config}\npublish_reports: false\n"),
    )
    .unwrap();
    for folder in ["content", "i18n"] {
        copy_tree(&root.join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every `(organisation id, period)` of the site's assessments, read from
/// the YAML files themselves.
fn assessments_of(site: &Path) -> BTreeSet<(String, String, String)> {
    let mut all = BTreeSet::new();
    for entry in walk(&site.join("content/assessments")) {
        let text = fs::read_to_string(&entry).unwrap();
        let value: serde_json::Value = plain_fields(&text);
        all.insert((
            value["id"].clone().as_str().unwrap().to_owned(),
            value["name"].clone().as_str().unwrap().to_owned(),
            value["period"].clone().as_str().unwrap().to_owned(),
        ));
    }
    all
}

/// The organisation's id and name and the period of an assessment file,
/// read line by line (the example's files write them plainly).
fn plain_fields(text: &str) -> serde_json::Value {
    let field = |key: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .map(|v| v.trim().trim_matches('"').to_owned())
            .unwrap_or_default()
    };
    serde_json::json!({ "id": field("id"), "name": field("name"), "period": field("period") })
}

/// The YAML files below `dir`, sorted.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = walk_all(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// [`aggregates_only_example`] built with its private reports into its
/// `private` folder: the site, that folder and what the build printed.
fn built_with_private_reports() -> (tempfile::TempDir, std::path::PathBuf, common::Run) {
    let site = aggregates_only_example();
    let private = site.path().join("private");
    let run = common::rungs(&[
        "build".as_ref(),
        site.path().as_os_str(),
        "--private-reports".as_ref(),
        private.as_os_str(),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    (site, private, run)
}

#[test]
fn every_assessment_gets_its_file_and_the_public_site_names_no_organisation() {
    let (site, private, run) = built_with_private_reports();
    let expected = assessments_of(site.path());
    assert!(expected.len() > 200, "the example has its assessments");
    assert!(
        run.stdout()
            .contains(&format!("{} private reports into", expected.len()))
            || run
                .stderr()
                .contains(&format!("{} private reports into", expected.len())),
        "{}{}",
        run.stdout(),
        run.stderr()
    );

    let mut files = BTreeSet::new();
    for org in fs::read_dir(&private).unwrap() {
        let org = org.unwrap();
        if !org.file_type().unwrap().is_dir() {
            continue;
        }
        for f in fs::read_dir(org.path()).unwrap() {
            let f = f.unwrap().path();
            files.insert(format!(
                "{}/{}",
                org.file_name().to_string_lossy(),
                f.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    let wanted: BTreeSet<String> = expected
        .iter()
        .map(|(id, _, period)| format!("{id}/{period}.html"))
        .collect();
    assert_eq!(files, wanted, "one file per organisation and period");
    assert_eq!(
        fs::read_to_string(private.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*"),
        "the folder ignores itself in Git"
    );

    // The public site is aggregates only: no organisation is named there.
    let public = site.path().join("public");
    let mut public_text = String::new();
    for f in walk_all(&public) {
        if f.extension()
            .is_some_and(|e| e == "html" || e == "json" || e == "csv" || e == "xml")
        {
            public_text.push_str(&fs::read_to_string(&f).unwrap());
        }
    }
    for (id, name, _) in &expected {
        assert!(
            !public_text.contains(&format!("organizations/{id}/")),
            "{id} has a public page"
        );
        assert!(
            !public_text.contains(&html_escaped(name)),
            "{name} is named in public/"
        );
    }

    // Each private report names its own organisation and no other.
    let names: Vec<(String, String)> = expected
        .iter()
        .map(|(id, name, _)| (id.clone(), name.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for (id, name, period) in &expected {
        let text = fs::read_to_string(private.join(format!("{id}/{period}.html"))).unwrap();
        assert!(
            text.contains(&html_escaped(name)),
            "{id}/{period} names its organisation"
        );
        for (other_id, other) in &names {
            if other_id == id || name.contains(other.as_str()) {
                continue;
            }
            assert!(
                !text.contains(&html_escaped(other)),
                "{id}/{period} names {other}"
            );
            assert!(
                !text.contains(&format!("/{other_id}/")),
                "{id}/{period} links {other_id}"
            );
        }
        assert!(!text.contains("<script"), "{id}/{period} has a script");
        assert!(
            !text.contains("<link rel=\"stylesheet\""),
            "{id}/{period} loads a stylesheet"
        );
        assert!(
            text.contains("id=\"roadmap\""),
            "{id}/{period} holds its roadmap"
        );
    }
}

fn walk_all(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk_all(&p));
        } else {
            out.push(p);
        }
    }
    out
}

const MODEL: &str = "id: one
name: One capability
scoring: mean
levels: [{number: 1, name: L1}, {number: 2, name: L2}, {number: 3, name: L3}, {number: 4, name: L4}]
dimensions:
  - id: d
    name: D
    capabilities:
      - {id: c, name: C, requirements: {1: a, 2: b, 3: c, 4: d}}
";

/// Eight firms of one sector, two of them withheld from the public site
/// (and so left out of the cohort's figures: fewer than k), with scores no
/// published figure equals (the quartiles of the six published scores
/// interpolate between them).
const FIRMS: [(&str, f64, bool); 8] = [
    ("anvil", 1.13, true),
    ("bolt", 1.47, false),
    ("crane", 2.09, true),
    ("drill", 2.71, false),
    ("easel", 3.29, true),
    ("forge", 3.61, true),
    ("gauge", 1.73, true),
    ("hinge", 2.57, true),
];

fn firm(id: &str, score: f64, publish: bool) -> String {
    common::one_capability_assessment(
        id,
        &format!("Firm {id}"),
        "metal",
        "2025",
        score,
        Some(publish),
    )
}

/// The text a reader sees, without the inline stylesheet and the charts'
/// drawing (whose numbers are coordinates, and whose values the tables
/// beside them print).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let tail = &rest[i..];
        let skip_to = |end: &str| tail.find(end).map_or(tail.len(), |j| j + end.len());
        let next = if tail.starts_with("<style") {
            skip_to("</style>")
        } else if tail.starts_with("<svg") {
            common::svg_element_len(tail).unwrap_or(tail.len())
        } else {
            skip_to(">")
        };
        rest = &tail[next..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_private_report_contains_another_firms_score() {
    let files: Vec<(String, String)> = FIRMS
        .iter()
        .map(|(id, score, publish)| (format!("{id}.yaml"), firm(id, *score, *publish)))
        .collect();
    let f = Fixture::with_owned(MODEL, &files);
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\nprivate_reports: private\n",
    );
    f.build();
    let results = f.results();
    let published: Vec<&str> = results["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["organization"].as_str().unwrap())
        .collect();
    assert_eq!(
        published,
        ["anvil", "crane", "easel", "forge", "gauge", "hinge"]
    );
    for (id, score, _) in FIRMS {
        let html = fs::read_to_string(f.path().join(format!("private/{id}/2025.html"))).unwrap();
        let text = visible_text(&html).replace(" .", ".");
        assert!(
            text.contains(&format!("{score:.2}")),
            "{id} shows its own score"
        );
        for (other, other_score, _) in FIRMS {
            if other == id {
                continue;
            }
            assert!(
                !text.contains(&format!("{other_score:.2}")),
                "{id}'s private report shows {other}'s score {other_score:.2}"
            );
            assert!(
                !html.contains(&format!("Firm {other}")),
                "{id}'s report names {other}"
            );
        }
        // Compared with the published cohort (n = 6, median 2.33), and
        // with no percentile, which the public report of a published firm
        // may show but is not a published figure.
        assert!(
            text.contains("Among the 6 assessments of sector: metal in 2025"),
            "{text}"
        );
        assert!(
            text.contains("median 2.33, middle half 1.82–3.11"),
            "{id}: median (2.09 + 2.57) / 2, quartiles at 1.25 and 3.75 of 0..5"
        );
        assert!(
            !text.contains("percentile"),
            "{id}: no percentile in a private report"
        );
    }
}

#[test]
fn the_folder_is_refused_where_the_output_or_an_input_is_and_kept_on_failure() {
    let files: Vec<(String, String)> = FIRMS
        .iter()
        .map(|(id, score, publish)| (format!("{id}.yaml"), firm(id, *score, *publish)))
        .collect();
    let f = Fixture::with_owned(MODEL, &files);
    let outside = tempfile::tempdir().unwrap();
    let private = outside.path().join("reports");
    let private_arg = private.to_str().unwrap();
    let site = f.path().to_str().unwrap();

    for (dir, what) in [
        (
            f.path().join("public/private"),
            "overlaps the public output",
        ),
        (f.path().join("public"), "overlaps the public output"),
        (
            f.path().join("content/assessments/private"),
            "overlaps the site's input",
        ),
        (f.path().join("content"), "overlaps the site's input"),
    ] {
        let run = common::rungs(&["build", site, "--private-reports", dir.to_str().unwrap()]);
        assert_eq!(run.code(), 1, "{}: {}", dir.display(), run.stderr());
        assert!(
            run.stderr().contains(what),
            "{}: {}",
            dir.display(),
            run.stderr()
        );
        assert!(
            !f.path().join("public").exists(),
            "nothing written for {}",
            dir.display()
        );
    }
    f.write(
        "site.yaml",
        "title: T\nbase_url: /\nprivate_reports: public/p\n",
    );
    let run = f.run(&["build"]);
    assert!(
        run.stderr()
            .contains("error: the private reports folder overlaps the public output"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("site.yaml (at `private_reports`)"),
        "{}",
        run.stderr()
    );

    // A good build, then a failing one: the folder stays as it was.
    f.write("site.yaml", "title: T\nbase_url: /\n");
    let run = common::rungs(&["build", site, "--private-reports", private_arg]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let before = common::tree(&private);
    assert_eq!(
        before.keys().filter(|k| k.ends_with(".html")).count(),
        FIRMS.len()
    );
    f.write("content/assessments/bad.yaml", "organization: {id: bad}\n");
    let run = common::rungs(&["build", site, "--private-reports", private_arg]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        common::tree(&private),
        before,
        "the previous reports stay untouched"
    );
}

#[test]
fn one_private_report_renders_every_chart_from_disk_with_the_network_blocked() {
    let Some(harness) = common::browser_harness() else {
        return;
    };
    let (_site, private, _) = built_with_private_reports();
    // The largest file: the report with the most to show.
    let file = walk_all(&private)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap();
    // Bytes: the theme's stylesheet inline and two inline charts.
    let bytes = fs::metadata(&file).unwrap().len();
    assert!(bytes < 120_000, "{}: {bytes} bytes", file.display());
    let out = Command::new("node")
        .arg(harness.join("private.mjs"))
        .arg("--file")
        .arg(&file)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}: {stdout}{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2 charts drawn from disk with 1 request"),
        "{stdout}"
    );
}
