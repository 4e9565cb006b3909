//! Every inline SVG chart of a built site parses as XML, carries its
//! accessible name, and hostile labels stay text.

mod common;

use common::Fixture;

const HOSTILE: &str =
    "R&D <Ops> </text><script>alert(1)</script> ]]> 東方精密 with a very long name that cannot fit";

fn hostile_site() -> Fixture {
    let model = format!(
        "id: m
name: M
levels: [{{number: 1, name: One}}, {{number: 2, name: Two}}, {{number: 3, name: Three}}]
dimensions:
  - id: d1
    name: {h:?}
    capabilities:
      - {{id: a, name: {h:?}, requirements: {{1: t, 2: t, 3: t}}}}
      - {{id: b, name: B, requirements: {{1: t, 2: t, 3: t}}}}
  - id: d2
    name: Second
    capabilities:
      - {{id: c, name: C, requirements: {{1: t, 2: t, 3: t}}}}
",
        h = HOSTILE
    );
    let mut files = Vec::new();
    for period in ["2024", "2025"] {
        for i in 0..6 {
            let level = i % 3;
            files.push((
                format!("o{i}-{period}.yaml"),
                format!(
                    "organization: {{id: o{i}, name: \"Org {i}\", sector: {h:?}}}\nperiod: \"{period}\"\ncapabilities:\n  a: {{level: {level}, progress: 0.5}}\n  b: {{levels: {{1: 1, 2: 0.{i}}}}}\n  c: {{level: {}}}\n",
                    (i + 1) % 4,
                    h = HOSTILE
                ),
            ));
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(&model, &refs);
    site.build();
    site
}

#[test]
fn every_svg_parses_and_hostile_labels_stay_text() {
    let site = hostile_site();
    let mut charts = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg") {
            let end = start + common::svg_element_len(&rest[start..]).expect("closed svg");
            let svg = &rest[start..end];
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| {
                panic!("{}: SVG does not parse: {e}\n{svg}", entry.path().display())
            });
            let root = doc.root_element();
            assert_eq!(
                root.attribute("role"),
                Some("img"),
                "{}",
                entry.path().display()
            );
            let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
            for id in labelled.split_whitespace() {
                assert!(
                    doc.descendants().any(|n| n.attribute("id") == Some(id)),
                    "{id} names an element"
                );
            }
            assert!(doc.descendants().any(|n| n.has_tag_name("title")));
            assert!(doc.descendants().any(|n| n.has_tag_name("desc")));
            assert!(
                !doc.descendants()
                    .any(|n| n.has_tag_name("script") || n.has_tag_name("foreignObject")),
                "no script in a chart"
            );
            if let Some(class) = root.attribute("class") {
                kinds.extend(
                    class
                        .split_whitespace()
                        .filter(|c| c.starts_with("chart-"))
                        .map(str::to_owned),
                );
            }
            charts += 1;
            rest = &rest[end..];
        }
    }
    assert!(charts >= 10, "charts found: {charts}");
    for kind in [
        "chart-radar",
        "chart-bullet",
        "chart-levels",
        "chart-boxes",
        "chart-heatmap",
        "chart-trend",
    ] {
        assert!(
            kinds.iter().any(|k| k.starts_with(kind)),
            "{kind} missing from {kinds:?}"
        );
    }
    // The hostile name reaches the charts only as text.
    let report = site.output("organizations/o1/2025/index.html");
    assert!(!report.contains("<script>alert"));
    assert!(
        report.contains("&lt;/text&gt;&lt;script&gt;") || report.contains("&lt;/text>&lt;script>"),
        "the label is escaped text"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = hostile_site();
    let first = common::snapshot(&site.public());
    site.build();
    assert_eq!(
        common::snapshot(&site.public()),
        first,
        "same input, same bytes"
    );
}
