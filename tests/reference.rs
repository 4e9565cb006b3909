//! A published benchmark as reference (`benchmark.reference`), through the
//! binary: site A publishes its `data/benchmarks.json`; site B, one firm,
//! compares its report with A's figures. Every expected number is worked
//! out here from A's scores with the documented quantile rule
//! (docs/scoring.md §5), not by the library.

mod common;

use common::Fixture;

const MODEL: &str = "id: two
name: Two capabilities
version: \"1.0\"
scoring: mean
levels: [{number: 1, name: L1}, {number: 2, name: L2}, {number: 3, name: L3}, {number: 4, name: L4}]
dimensions:
  - id: d1
    name: First
    capabilities:
      - {id: a, name: Alpha, requirements: {1: a1, 2: a2, 3: a3, 4: a4}}
  - id: d2
    name: Second
    capabilities:
      - {id: b, name: Beta, requirements: {1: b1, 2: b2, 3: b3, 4: b4}}
";

/// An assessment scoring `a` and `b` (level + progress).
fn assessment(id: &str, sector: &str, period: &str, a: f64, b: f64) -> String {
    let cap = |x: f64| format!("{{level: {}, progress: {:.2}}}", x.floor(), x - x.floor());
    format!(
        "organization: {{id: {id}, name: \"Firm {id}\", sector: {sector}}}\nperiod: \"{period}\"\ncapabilities:\n  a: {}\n  b: {}\n",
        cap(a),
        cap(b)
    )
}

/// A's six firms of sector metal in 2025: Alpha and Beta scores.
const A_SCORES: [(f64, f64); 6] = [
    (1.0, 0.6),
    (1.4, 1.0),
    (2.0, 1.6),
    (2.6, 2.2),
    (3.0, 2.6),
    (3.4, 3.0),
];

/// The `p`-quantile, interpolating at position (n - 1) p of the sorted
/// values (docs/scoring.md §5).
fn quantile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = (v.len() - 1) as f64 * p;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

fn publisher() -> Fixture {
    let files: Vec<(String, String)> = A_SCORES
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            (
                format!("m{i}-2025.yaml"),
                assessment(&format!("m{i}"), "metal", "2025", *a, *b),
            )
        })
        .collect();
    let f = Fixture::with_owned(MODEL, &files);
    f.write(
        "site.yaml",
        "title: Association\nbase_url: https://example.org/a/\npublish_reports: false\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n",
    );
    f.build();
    f
}

/// A firm's site with `firms` and A's benchmarks.json as its reference.
fn firm_site(a: &Fixture, firms: &[(&str, &str, &str, f64, f64)]) -> Fixture {
    let files: Vec<(String, String)> = firms
        .iter()
        .map(|(id, sector, period, x, y)| {
            (
                format!("{id}-{period}.yaml"),
                assessment(id, sector, period, *x, *y),
            )
        })
        .collect();
    let f = Fixture::with_owned(MODEL, &files);
    f.write(
        "site.yaml",
        "title: Solo\nbase_url: https://example.org/solo/\nbenchmark: {cohorts: [sector], reference: reference/benchmarks.json}\n",
    );
    f.write(
        "reference/benchmarks.json",
        a.output("data/benchmarks.json"),
    );
    f
}

fn s2(x: f64) -> String {
    format!("{x:.2}")
}

#[test]
fn a_report_is_compared_with_the_published_quartiles_of_its_reference_cohort() {
    let a = publisher();
    let b = firm_site(
        &a,
        &[
            ("solo", "metal", "2025", 1.2, 2.6),
            ("solo", "metal", "2026", 2.2, 2.6),
        ],
    );
    b.build();

    let alpha: Vec<f64> = A_SCORES.iter().map(|s| s.0).collect();
    let overall: Vec<f64> = A_SCORES.iter().map(|(x, y)| (x + y) / 2.0).collect();
    let (q1, median, q3) = (
        quantile(&overall, 0.25),
        quantile(&overall, 0.5),
        quantile(&overall, 0.75),
    );
    assert_eq!(
        (s2(q1), s2(median), s2(q3)),
        ("1.35".into(), "2.10".into(), "2.70".into())
    );

    let page = b.output("organizations/solo/2025/index.html");
    // (1.2 + 2.6) / 2 = 1.9 lies between the first quartile and the median.
    let lead = format!(
        "Among the 6 assessments of sector: metal in 2025 it scores below the median, within the middle half (median {}, middle half {}–{}).",
        s2(median),
        s2(q1),
        s2(q3)
    );
    assert!(
        page.contains(&lead),
        "{lead}\nnot in the report:\n{}",
        page.split("class=\"lead\"").nth(1).unwrap_or("")
    );
    assert!(
        page.contains("gives no percentile"),
        "the page says why there is no percentile"
    );
    assert!(
        !page.contains("benchmarks/2025/sector/metal/"),
        "no link to a cohort page this site lacks"
    );

    // Alpha's reference median: the weak link, 1.2 against it; Beta (2.6)
    // is above Beta's median.
    let alpha_median = quantile(&alpha, 0.5);
    assert!(
        page.contains(&format!("Alpha</a> (1.20 against {})", s2(alpha_median))),
        "weak link against the reference median"
    );
    let results = b.results();
    let r2025 = &results["assessments"][0];
    assert_eq!(r2025["period"], "2025");
    assert_eq!(r2025["weak_links"], serde_json::json!(["a"]));
    assert_eq!(r2025["percentile"], serde_json::Value::Null);
    assert_eq!(r2025["peer_cohort"]["value"], "metal");
    // Roadmap to level 2: Alpha only, priority W × (2 − 1.2) × (1 + (m − 1.2)).
    let step = &r2025["roadmap"]["phases"][0]["steps"][0];
    assert_eq!(step["capability"], "a");
    let priority = 0.5 * (2.0 - 1.2) * (1.0 + (alpha_median - 1.2));
    common::assert_close(
        &step["priority"],
        priority,
        "priority with the reference median",
    );
    assert_eq!(
        r2025["roadmap"]["phases"][0]["steps"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // The reference has no 2026 figures: the page says so.
    let page = b.output("organizations/solo/2026/index.html");
    assert!(
        page.contains("has no figures for 2026"),
        "no reference figures for 2026"
    );
    assert_eq!(
        results["assessments"][1]["peer_cohort"],
        serde_json::Value::Null
    );
}

#[test]
fn a_sector_the_reference_does_not_publish_is_compared_with_its_all_cohort() {
    let a = publisher();
    let b = firm_site(&a, &[("solo", "food", "2025", 1.2, 2.6)]);
    b.build();
    let page = b.output("organizations/solo/2025/index.html");
    assert!(
        page.contains("Among the 6 assessments of all in 2025"),
        "falls back to all"
    );
    let results = b.results();
    assert!(results["assessments"][0]["peer_cohort"]["attribute"].is_null());
}

#[test]
fn a_reference_of_another_model_or_version_is_refused_with_what_to_do() {
    let a = publisher();
    let b = firm_site(&a, &[("solo", "metal", "2025", 1.2, 2.6)]);
    b.build();
    let before = common::tree(&b.public());

    let other = a
        .output("data/benchmarks.json")
        .replace("\"id\": \"two\"", "\"id\": \"three\"");
    b.write("reference/benchmarks.json", &other);
    let r = b.run(&["build"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(
        r.stderr().contains("error: the figures are of model `three`, and this site's model is `two`\n --> reference/benchmarks.json (at `model.id`)"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().contains("same model"), "{}", r.stderr());

    let older = a
        .output("data/benchmarks.json")
        .replace("\"version\": \"1.0\"", "\"version\": \"0.9\"");
    b.write("reference/benchmarks.json", &older);
    let r = b.run(&["build"]);
    assert!(
        r.stderr().contains("the figures are of version `0.9` of model `two`, and this site's model is at version `1.0`"),
        "{}",
        r.stderr()
    );

    b.write("reference/benchmarks.json", "{\"cohorts\": [");
    let r = b.run(&["build"]);
    assert!(
        r.stderr().contains("--> reference/benchmarks.json:1:"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().contains("not valid JSON"), "{}", r.stderr());

    std::fs::remove_file(b.path().join("reference/benchmarks.json")).unwrap();
    let r = b.run(&["build"]);
    assert!(
        r.stderr()
            .contains("check `benchmark.reference` in site.yaml"),
        "{}",
        r.stderr()
    );
    assert_eq!(
        common::tree(&b.public()),
        before,
        "the previous output stays untouched"
    );
}

#[test]
fn a_cohort_the_publisher_withheld_stays_absent_from_the_reference() {
    // A with a second sector of two firms: withheld, and the metal cohort
    // with it (two left out of the sector's published cohorts would
    // otherwise be recovered by subtraction); only "all" remains.
    let mut files: Vec<(String, String)> = A_SCORES
        .iter()
        .enumerate()
        .map(|(i, (x, y))| {
            (
                format!("m{i}.yaml"),
                assessment(&format!("m{i}"), "metal", "2025", *x, *y),
            )
        })
        .collect();
    files.push(("t0.yaml".into(), assessment("t0", "tiny", "2025", 0.1, 0.1)));
    files.push(("t1.yaml".into(), assessment("t1", "tiny", "2025", 3.7, 3.7)));
    let a = Fixture::with_owned(MODEL, &files);
    a.write("site.yaml", "title: A\nbase_url: https://example.org/a/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n");
    a.build();
    let b = firm_site(&a, &[("solo", "tiny", "2025", 1.2, 2.6)]);
    b.build();
    let page = b.output("organizations/solo/2025/index.html");
    assert!(
        !page.contains("sector: tiny"),
        "a withheld cohort is never shown"
    );
    assert!(
        page.contains("Among the 8 assessments of all in 2025"),
        "compared with all"
    );
}
