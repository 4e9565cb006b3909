//! Benchmarks, peers, weak links and roadmaps through real builds:
//! hand-computed fixtures, suppression at the boundary, peer fallback, and
//! a scan of the whole output for any trace of a suppressed cohort.

mod common;

use common::{Fixture, assert_close};
use serde_json::Value;

/// An assessment of the one-capability model scoring `score`.
fn assessment(id: &str, sector: &str, period: &str, score: f64, publish: bool) -> String {
    common::one_capability_assessment(
        id,
        &format!("Org {id}"),
        sector,
        period,
        score,
        Some(publish),
    )
}

fn site(rows: &[(&str, &str, &str, f64, bool)]) -> Fixture {
    let files: Vec<(String, String)> = rows
        .iter()
        .map(|(id, sector, period, score, publish)| {
            (
                format!("{id}-{period}.yaml"),
                assessment(id, sector, period, *score, *publish),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let f = Fixture::new(common::ONE_CAPABILITY_MODEL, &refs);
    f.write("site.yaml", "title: T\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n");
    f.build();
    f
}

fn benchmarks(f: &Fixture) -> Value {
    serde_json::from_str(&f.output("data/benchmarks.json")).expect("benchmarks.json is JSON")
}

fn cohort<'a>(b: &'a Value, period: &str, value: Option<&str>) -> Option<&'a Value> {
    b["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["period"] == period && c["value"].as_str() == value)
}

fn result<'a>(r: &'a Value, org: &str) -> &'a Value {
    r["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["organization"] == org)
        .unwrap()
}

#[test]
fn worked_example_weak_links_and_roadmap_through_results_json() {
    let site = Fixture::worked_example();
    site.build();
    let results = site.results();
    let x = result(&results, "x");
    assert_eq!(
        x["peer_cohort"],
        Value::Null,
        "two assessments: every cohort is suppressed"
    );
    assert_eq!(x["percentile"], Value::Null);
    assert_eq!(x["weak_links"], serde_json::json!(["c", "b", "a"]));
    let roadmap = &x["roadmap"];
    assert_eq!(roadmap["target"], 3);
    let phases = roadmap["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 2);
    let steps = |p: &Value| -> Vec<(String, f64)> {
        p["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["capability"].as_str().unwrap().to_owned(),
                    s["priority"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(phases[0]["level"], 2);
    let p1 = steps(&phases[0]);
    assert_eq!(
        p1.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["c", "b"]
    );
    assert!(
        (p1[0].1 - 1.0 / 6.0).abs() < 1e-9 && (p1[1].1 - 0.4 / 3.0).abs() < 1e-9,
        "{p1:?}"
    );
    assert_eq!(
        phases[0]["steps"][0]["unmet"],
        serde_json::json!([{"criterion": "c3", "rating": 0.5}])
    );
    let p2 = steps(&phases[1]);
    assert_eq!(
        p2.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["c", "b", "a"]
    );
    for ((_, got), want) in p2.iter().zip([0.5, 1.4 / 3.0, 0.5 / 3.0]) {
        assert!((got - want).abs() < 1e-9, "{p2:?}");
    }
    // The roadmap page lists the same steps.
    let page = site.output("organizations/x/2025/roadmap/index.html");
    let c = page.find("Raise <a").unwrap();
    assert!(
        page[c..].starts_with("Raise <a href=\"../../../../model/d2/#cap-c\">C</a> to level 2"),
        "{}",
        &page[c..c + 80]
    );
}

#[test]
fn quartiles_percentiles_and_levels_by_hand() {
    // scoring.md §5: 1.0, 1.5, 2.0, 2.5, 3.0, 4.0.
    let scores = [
        ("a", 1.0),
        ("b", 1.5),
        ("c", 2.0),
        ("d", 2.5),
        ("e", 3.0),
        ("f", 4.0),
    ];
    let rows: Vec<(&str, &str, &str, f64, bool)> = scores
        .iter()
        .map(|(id, s)| (*id, "metal", "2025", *s, true))
        .collect();
    let f = site(&rows);
    let b = benchmarks(&f);
    for value in [None, Some("metal")] {
        let c = cohort(&b, "2025", value).unwrap_or_else(|| panic!("{value:?} published"));
        assert_eq!(c["n"], 6);
        let s = &c["score"];
        assert_close(&s["min"], 1.0, "min");
        assert_close(&s["q1"], 1.625, "q1");
        assert_close(&s["median"], 2.25, "median");
        assert_close(&s["q3"], 2.875, "q3");
        assert_close(&s["max"], 4.0, "max");
        assert_close(&s["mean"], 14.0 / 6.0, "mean");
        // Every level 0..K, with counts and shares.
        let levels = c["levels"].as_object().unwrap();
        assert_eq!(levels.keys().collect::<Vec<_>>(), ["0", "1", "2", "3", "4"]);
        assert_eq!(levels["0"]["count"], 0);
        assert_eq!(levels["1"]["count"], 2);
        assert_close(&levels["1"]["share"], 2.0 / 6.0, "share");
        assert_eq!(levels["4"]["count"], 1);
        assert_close(&c["dimensions"]["d"]["median"], 2.25, "dimension median");
        assert_close(&c["capabilities"]["c"]["median"], 2.25, "capability median");
    }
    let r = f.results();
    let c = result(&r, "c");
    assert_eq!(
        c["peer_cohort"],
        serde_json::json!({"attribute": "sector", "value": "metal"})
    );
    assert_close(&c["percentile"], 100.0 * 2.5 / 6.0, "percentile of 2.0");
    // Below its peers' median 2.25: one weak link; priority (3 - 2.0) * (1 + 0.25).
    assert_eq!(c["weak_links"], serde_json::json!(["c"]));
    assert_close(
        &c["roadmap"]["phases"][0]["steps"][0]["priority"],
        1.25,
        "priority with peers",
    );
    // Among 6 peers the page places the score among the quartiles in
    // words and leaves the percentile to the export (docs/scoring.md).
    let page = f.output("organizations/c/2025/index.html");
    assert!(
        page.contains("below the median, within the middle half")
            || page.contains("in the bottom quarter"),
        "position among the peers in words"
    );
    assert!(!page.contains("percentile"), "no percentile among 6 peers");
    // CSV has one row per published cohort.
    let csv = f.output("data/benchmarks.csv");
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn suppression_at_the_boundary_and_peer_fallback() {
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..11).map(|i| format!("o{i}")).collect();
    // k = 5: sector "five" has exactly 5 (published), "four" has 4 (suppressed),
    // "one" has 1 (suppressed); the withheld 5 cannot be recovered by difference.
    for (i, id) in ids.iter().enumerate() {
        let sector = match i {
            0..5 => "five",
            5..9 => "four",
            _ => "one",
        };
        rows.push((id.as_str(), sector, "2025", 1.0 + i as f64 * 0.04, true));
    }
    let f = site(&rows);
    let b = benchmarks(&f);
    assert_eq!(b["min_cohort_size"], 5);
    assert_eq!(
        cohort(&b, "2025", Some("five")).unwrap()["n"],
        5,
        "n = k is published"
    );
    assert!(
        cohort(&b, "2025", Some("four")).is_none(),
        "n = k - 1 is suppressed"
    );
    assert!(cohort(&b, "2025", Some("one")).is_none());
    assert!(
        f.public()
            .join("benchmarks/2025/sector/five/index.html")
            .is_file()
    );
    assert!(!f.public().join("benchmarks/2025/sector/four").exists());
    let r = f.results();
    assert_eq!(
        result(&r, "o0")["peer_cohort"],
        serde_json::json!({"attribute": "sector", "value": "five"})
    );
    assert_eq!(
        result(&r, "o5")["peer_cohort"],
        serde_json::json!({"attribute": null, "value": null}),
        "falls back to all"
    );
    assert_close(
        &result(&r, "o5")["percentile"],
        100.0 * 5.5 / 11.0,
        "rank in all",
    );

    // Four organisations only: even "all" is suppressed, so no peers at all.
    let f = site(&rows[..4]);
    let b = benchmarks(&f);
    assert_eq!(b["cohorts"], serde_json::json!([]));
    let r = f.results();
    assert_eq!(result(&r, "o0")["peer_cohort"], Value::Null);
    assert_eq!(result(&r, "o0")["percentile"], Value::Null);
    assert!(
        f.output("benchmarks/index.html")
            .contains("No period has the 5 assessments")
    );
}

#[test]
fn secondary_suppression_keeps_a_small_group_from_being_recovered() {
    // "big" 9 and "mid" 6 would be published, "tiny" 3 not; but all (18) -
    // big - mid = tiny's total. The smallest published group (mid) goes too.
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..18).map(|i| format!("p{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let sector = match i {
            0..9 => "big",
            9..15 => "mid",
            _ => "tiny",
        };
        rows.push((id.as_str(), sector, "2025", 1.0 + i as f64 * 0.04, true));
    }
    let f = site(&rows);
    let b = benchmarks(&f);
    let published: Vec<&str> = b["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(published, ["big"]);
}

#[test]
fn a_suppressed_cohort_leaves_no_trace_anywhere() {
    let k = 5;
    let mut rows: Vec<(String, &str, &str, f64, bool)> = Vec::new();
    for period in ["2024", "2025"] {
        for i in 0..12 {
            let sector = if i % 2 == 0 { "castings" } else { "plastics" };
            rows.push((
                format!("public-{i}"),
                sector,
                period,
                0.5 + f64::from(i) * 0.25,
                true,
            ));
        }
        // k - 1 unpublished members of a cohort that must stay invisible.
        for i in 0..k - 1 {
            rows.push((
                format!("zq-hidden-{i}"),
                "Zeppelin Works",
                period,
                2.1 + i as f64 * 0.01,
                false,
            ));
        }
    }
    let rows: Vec<(&str, &str, &str, f64, bool)> = rows
        .iter()
        .map(|(a, b, c, d, e)| (a.as_str(), *b, *c, *d, *e))
        .collect();
    let f = site(&rows);

    let mut files = 0;
    for entry in walkdir::WalkDir::new(f.public())
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(f.public())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for needle in ["zeppelin", "Zeppelin", "zq-hidden", "Org zq"] {
            assert!(
                !rel.contains(needle),
                "a file is named after the suppressed cohort: {rel}"
            );
        }
        if !entry.file_type().is_file() {
            continue;
        }
        files += 1;
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        for needle in ["Zeppelin", "zeppelin", "zq-hidden", "Org zq"] {
            assert!(!text.contains(needle), "`{needle}` found in {rel}");
        }
    }
    assert!(files > 20);

    // No published statistic covers the hidden members alone: in every period
    // the members left out of the published sector cohorts are 0 or at least k.
    let b = benchmarks(&f);
    for period in ["2024", "2025"] {
        let all = cohort(&b, period, None).unwrap()["n"].as_u64().unwrap();
        let in_sectors: u64 = b["cohorts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["period"] == period && c["attribute"] == "sector")
            .map(|c| c["n"].as_u64().unwrap())
            .sum();
        let left_out = all - in_sectors;
        assert!(
            left_out == 0 || left_out >= k as u64,
            "{period}: {left_out} left out could be singled out"
        );
        // The k - 1 unpublished members are assessed but, fewer than k,
        // left out of the figures (scoring.md §5, "What is withheld").
        let all_cohort = cohort(&b, period, None).unwrap();
        assert_eq!(all_cohort["assessed"], 16);
        assert_eq!(all, 12);
    }
}
