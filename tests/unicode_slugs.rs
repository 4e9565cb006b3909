//! Cohort URLs of attribute values outside ASCII, through real builds:
//! letters are transliterated rather than dropped (`Énergie` →
//! `energie`, not `nergie`), and values that transliterate alike still get
//! a URL each, the same in every period.

mod common;

use std::collections::BTreeSet;

use common::Fixture;
use serde_json::Value;

/// A site of the one-capability model with five organisations (k) per
/// sector in each period, every cohort published.
fn site(sectors: &[&str], periods: &[&str]) -> Fixture {
    let mut files = Vec::new();
    for (s, sector) in sectors.iter().enumerate() {
        for i in 0..5 {
            let id = format!("org-{s}-{i}");
            for period in periods {
                let score = 1.0 + f64::from(i) * 0.5;
                let text = common::one_capability_assessment(
                    &id,
                    &format!("Org {s} {i}"),
                    sector,
                    period,
                    score,
                    Some(true),
                );
                files.push((format!("{id}-{period}.yaml"), text));
            }
        }
    }
    let f = Fixture::with_owned(common::ONE_CAPABILITY_MODEL, &files);
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n",
    );
    f.build();
    f
}

/// The `url` of each published sector cohort of `period` in
/// `data/benchmarks.json`, by its value.
fn cohort_urls(f: &Fixture, period: &str) -> Vec<(String, String)> {
    let b: Value = serde_json::from_str(&f.output("data/benchmarks.json")).expect("JSON");
    let mut out: Vec<(String, String)> = b["cohorts"]
        .as_array()
        .expect("cohorts")
        .iter()
        .filter(|c| c["period"] == period && c["attribute"] == "sector")
        .map(|c| {
            (
                c["value"].as_str().expect("value").to_owned(),
                c["url"].as_str().expect("url").to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn values_outside_ascii_keep_their_letters_in_the_url() {
    let f = site(&["Énergie", "Öl & Gas", "能源"], &["2025"]);
    assert_eq!(
        cohort_urls(&f, "2025"),
        [
            ("Énergie", "benchmarks/2025/sector/energie/"),
            ("Öl & Gas", "benchmarks/2025/sector/ol-gas/"),
            ("能源", "benchmarks/2025/sector/neng-yuan/"),
        ]
        .map(|(v, u)| (v.to_owned(), u.to_owned()))
    );
    for (slug, value) in [
        ("energie", "Énergie"),
        ("ol-gas", "Öl &amp; Gas"),
        ("neng-yuan", "能源"),
    ] {
        let page = f.output(&format!("benchmarks/2025/sector/{slug}/index.html"));
        assert!(page.contains(value), "{slug} shows {value}");
    }
    // The URLs of old, with the letters dropped, are gone.
    for old in ["nergie", "l-gas", "x"] {
        assert!(
            !f.public().join("benchmarks/2025/sector").join(old).exists(),
            "{old}"
        );
    }
    let period = f.output("benchmarks/2025/index.html");
    for slug in ["energie", "ol-gas", "neng-yuan"] {
        assert!(
            period.contains(&format!("sector/{slug}/\"")),
            "the period links to {slug}"
        );
    }
}

#[test]
fn values_that_slug_alike_never_share_a_url() {
    let sectors = ["Énergie", "Energie", "ENERGIE", "energie-2"];
    let f = site(&sectors, &["2024", "2025"]);
    let urls = cohort_urls(&f, "2025");
    assert_eq!(urls.len(), sectors.len(), "{urls:?}");
    let distinct: BTreeSet<&String> = urls.iter().map(|(_, u)| u).collect();
    assert_eq!(distinct.len(), sectors.len(), "{urls:?}");
    // Numbered in the sorted order of the raw values.
    let slug_of = |value: &str| {
        let (_, url) = urls.iter().find(|(v, _)| v == value).expect(value);
        url.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(slug_of("ENERGIE"), "energie");
    assert_eq!(slug_of("Energie"), "energie-2");
    assert_eq!(slug_of("energie-2"), "energie-2-2");
    assert_eq!(slug_of("Énergie"), "energie-3");
    // Each page is its own value's, and a value keeps its slug from period
    // to period, so trend links hold.
    for value in sectors {
        let slug = slug_of(value);
        let page = f.output(&format!("benchmarks/2025/sector/{slug}/index.html"));
        assert!(
            page.contains(&format!("sector: {value}")),
            "{slug} is {value}'s page"
        );
        let earlier: Vec<String> = cohort_urls(&f, "2024")
            .into_iter()
            .filter(|(v, _)| v == value)
            .map(|(_, u)| u)
            .collect();
        assert_eq!(earlier, [format!("benchmarks/2024/sector/{slug}/")]);
    }
}
