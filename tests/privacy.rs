//! The privacy rule of scoring.md §5, attacked: the build's own open data
//! must not let anyone work out an unpublished assessment, on the example
//! site and on generated sites with random `publish` flags and cohorts.

mod attack;
mod common;

use std::collections::BTreeMap;
use std::path::Path;

use attack::{Hidden, attack};
use common::Fixture;
use proptest::prelude::*;
use serde_json::Value;

/// What the attacker knows of the unpublished assessments of a site: read
/// from its inputs, as an insider would know them.
fn hidden_of(site_dir: &Path) -> Vec<Hidden> {
    let sources = rungs::pipeline::load(site_dir).expect("site loads");
    let (site, scores) = rungs::pipeline::compile(sources).expect("site compiles");
    site.assessments
        .iter()
        .zip(&scores)
        .filter(|(a, _)| !a.publish)
        .map(|(a, s)| Hidden {
            name: format!("{} {}", a.organization.id, a.period),
            period: a.period.clone(),
            attributes: a
                .organization
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            method: a.method.map(|m| {
                serde_json::to_value(m)
                    .expect("method serialises")
                    .as_str()
                    .expect("a string")
                    .to_owned()
            }),
            dimensions: site
                .model
                .dimensions
                .iter()
                .zip(&s.dimensions)
                .map(|(d, x)| (d.id.clone(), x.is_some()))
                .collect(),
            capabilities: site
                .model
                .capabilities()
                .zip(&s.capabilities)
                .map(|((_, c), x)| (c.id.clone(), x.is_some()))
                .collect(),
            level: s.overall.level,
        })
        .collect()
}

fn read_json(dir: &Path, rel: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn assert_holds(findings: &[String]) {
    assert!(
        findings.is_empty(),
        "the published figures give away unpublished assessments:\n{}",
        findings.join("\n")
    );
}

#[test]
fn the_example_sites_open_data_gives_away_no_unpublished_assessment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["build", "-q", "-o"])
        .arg(&public)
        .arg(root)
        .output()
        .expect("run rungs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hidden = hidden_of(root);
    assert!(
        hidden.len() >= 10,
        "the example site has unpublished assessments to protect"
    );
    let benchmarks = read_json(&public, "data/benchmarks.json");
    assert!(
        benchmarks["cohorts"].as_array().expect("cohorts").len() >= 10,
        "the example still publishes a benchmark"
    );
    assert_holds(&attack(
        &read_json(&public, "data/results.json"),
        &benchmarks,
        &hidden,
    ));
    // The page of a cohort that leaves a hidden member out says so, in
    // words that fit the count, and lists only the medians it publishes.
    let page = std::fs::read_to_string(public.join("benchmarks/2023/sector/machinery/index.html"))
        .expect("the machinery cohort of 2023 is published");
    assert!(
        page.contains("14 assessed, 13 counted: the figures on this page leave out the one unpublished assessment,"),
        "{page}"
    );
    assert!(
        page.contains("Median by method: self-assessed 2.13."),
        "{page}"
    );
}

#[test]
fn a_fresh_init_site_gives_away_no_unpublished_assessment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .arg("init")
        .arg(&site)
        .output()
        .expect("run rungs");
    assert!(out.status.success());
    let public = dir.path().join("public");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["build", "-q", "-o"])
        .arg(&public)
        .arg(&site)
        .output()
        .expect("run rungs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_holds(&attack(
        &read_json(&public, "data/results.json"),
        &read_json(&public, "data/benchmarks.json"),
        &hidden_of(&site),
    ));
}

/// The attacker itself must find the leak this rule closes: a cohort with
/// one unpublished member, counted in full, gives its score away. Written
/// as the figures an implementation without the rule publishes.
#[test]
fn the_attacker_finds_a_lone_unpublished_member_and_a_small_difference() {
    let results = serde_json::json!({"assessments": [
        {"period": "1", "attributes": {"sector": "a"}, "method": null, "score": 1.0, "level": 1,
         "dimensions": {"d": {"score": 1.0}}, "capabilities": {}},
    ]});
    let hidden: Vec<Hidden> = (0..7)
        .map(|i| Hidden {
            name: format!("h{i}"),
            period: "1".into(),
            attributes: BTreeMap::from([(
                "sector".to_owned(),
                if i == 0 { "a" } else { "b" }.to_owned(),
            )]),
            method: None,
            dimensions: BTreeMap::from([("d".to_owned(), true)]),
            capabilities: BTreeMap::new(),
            level: 1,
        })
        .collect();
    let cohort = |value: Option<&str>, n: u64| {
        serde_json::json!({"period": "1", "attribute": value.map(|_| "sector"), "value": value, "n": n,
            "score": {"mean": 1.0}, "dimensions": {"d": {"n": n, "mean": 1.0}}, "capabilities": {},
            "methods": {"self": 0, "third_party": 0, "self_median": null, "third_party_median": null},
            "sector_roadmap": []})
    };
    // "all" counts all 8; sector b counts its 6 unpublished members.
    let benchmarks = serde_json::json!({"min_cohort_size": 5, "cohorts": [cohort(None, 8), cohort(Some("b"), 6)]});
    let findings = attack(&results, &benchmarks, &hidden);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("score of unpublished h0 is determined")),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("minus") && f.contains("leaves 1 unpublished (h0)")),
        "{findings:?}"
    );
    // Sector a with its one unpublished member counted.
    let benchmarks = serde_json::json!({"min_cohort_size": 5, "cohorts": [cohort(Some("a"), 2)]});
    let findings = attack(&results, &benchmarks, &hidden);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("includes 1 unpublished assessments (h0)")),
        "{findings:?}"
    );
}

/// One generated assessment of the worked-example model: its sector and
/// size (cohort attributes), publish flag, method, whether capability b
/// and c apply, and three levels.
#[derive(Clone, Debug)]
struct Generated {
    sector: u8,
    size: u8,
    period: u8,
    publish: bool,
    method: u8,
    b_applies: bool,
    c_applies: bool,
    levels: [u8; 3],
}

fn generated() -> impl Strategy<Value = Generated> {
    (
        0u8..4,
        0u8..3,
        0u8..2,
        prop::bool::weighted(0.6),
        0u8..3,
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.8),
        [0u8..4, 0u8..4, 0u8..4],
    )
        .prop_map(
            |(sector, size, period, publish, method, b_applies, c_applies, levels)| Generated {
                sector,
                size,
                period,
                publish,
                method,
                b_applies,
                c_applies,
                levels,
            },
        )
}

fn site_of(assessments: &[Generated], k: usize) -> Fixture {
    let f = Fixture::new(common::EXAMPLE_MODEL, &[]);
    f.write(
        "site.yaml",
        format!(
            "title: T\nbase_url: https://example.org/\nbenchmark: {{cohorts: [sector, size], min_cohort_size: {k}}}\n"
        ),
    );
    for (i, a) in assessments.iter().enumerate() {
        let method = ["", "method: self\n", "method: third-party\n"][usize::from(a.method)];
        let b = if a.b_applies {
            format!("{{level: {}}}", a.levels[1])
        } else {
            "{not_applicable: true}".to_owned()
        };
        let c = if a.c_applies {
            format!("{{level: {}}}", a.levels[2])
        } else {
            "{not_applicable: true}".to_owned()
        };
        f.write(
            &format!("content/assessments/o{i}.yaml"),
            format!(
                "organization: {{id: o{i}, name: O{i}, sector: s{}, size: z{}}}\nperiod: \"{}\"\npublish: {}\n{method}capabilities:\n  a: {{level: {}, progress: {}}}\n  b: {b}\n  c: {c}\n",
                a.sector,
                a.size,
                2024 + u32::from(a.period),
                a.publish,
                a.levels[0],
                // Distinct scores, below the threshold, none at the top.
                if a.levels[0] < 3 { (i % 7) as f64 / 10.0 } else { 0.0 },
            ),
        );
    }
    f
}

fn cases() -> u32 {
    std::env::var("RUNGS_PRIVACY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Random sites: whatever is published, the attacker learns no
    /// unpublished score and finds no statistic with 1 to k − 1
    /// unpublished members.
    #[test]
    fn generated_sites_give_away_no_unpublished_assessment(
        assessments in prop::collection::vec(generated(), 8..70),
        k in 2usize..6,
    ) {
        // Every organisation is assessed once per period at most: ids are
        // unique per file, so that holds.
        let f = site_of(&assessments, k);
        f.build();
        let findings = attack(&f.results(), &serde_json::from_str(&f.output("data/benchmarks.json")).expect("JSON"), &hidden_of(f.path()));
        prop_assert!(findings.is_empty(), "{}", findings.join("\n"));
    }
}

/// `rungs check` and `build` tell the publisher what privacy cost: the
/// summary line counts it, `-v` lists every cohort with its reason, and
/// `--format json` carries the same.
#[test]
fn check_and_build_say_what_privacy_withheld() {
    let mut files = Vec::new();
    let mut add = |id: String, sector: &str, score: f64, publish: bool| {
        files.push((
            format!("{id}.yaml"),
            common::one_capability_assessment(&id, &id, sector, "2025", score, Some(publish)),
        ));
    };
    for i in 0..6 {
        add(format!("a-{i}"), "a", 1.0 + 0.1 * f64::from(i), true);
    }
    for i in 0..2 {
        add(
            format!("a-hidden-{i}"),
            "a",
            2.0 + 0.1 * f64::from(i),
            false,
        );
    }
    for i in 0..5 {
        add(format!("b-{i}"), "b", 1.2 + 0.1 * f64::from(i), true);
        add(
            format!("b-hidden-{i}"),
            "b",
            2.2 + 0.1 * f64::from(i),
            false,
        );
    }
    for i in 0..3 {
        add(format!("c-{i}"), "c", 3.0 + 0.1 * f64::from(i), true);
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let f = Fixture::new(common::ONE_CAPABILITY_MODEL, &refs);
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n",
    );
    // c has 3 (fewer than 5), and with it withheld, a goes too ("all"
    // minus b would give c); b's 5 unpublished members would be told from
    // a's 2 by subtracting b from "all", so b counts its published ones.
    let check = f.run(&["check", "-v"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    let out = check.stdout();
    for line in [
        "privacy: cohort 2025 sector \"a\" withheld (8 assessed): \"all\" minus the other published cohorts of its attribute would show fewer than min_cohort_size 5",
        "privacy: cohort 2025 sector \"c\" withheld (3 assessed): fewer than min_cohort_size 5",
        "privacy: cohort 2025 sector \"b\" counts its published members only, not its 5 unpublished: combined with other published figures it could single out unpublished assessments",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing `{line}` in:\n{out}"
        );
    }
    let last = out.lines().last().unwrap_or("");
    assert!(
        last.starts_with("checked 21 assessments,")
            && last.ends_with(
                "; privacy: 2 cohorts withheld, 5 unpublished assessments left out of 1 cohort (-v lists them)"
            ),
        "{last}"
    );
    let build = f.run(&["build"]);
    assert_eq!(build.code(), 0, "{}", build.stderr());
    assert_eq!(build.stdout().lines().count(), 1, "only -v lists them");
    assert!(build.stdout().contains("; privacy: 2 cohorts withheld"));
    // The figures: "all" counts all 7 unpublished, b only its published 5.
    let b: Value = serde_json::from_str(&f.output("data/benchmarks.json")).expect("JSON");
    let cohorts = b["cohorts"].as_array().expect("cohorts");
    assert_eq!(cohorts.len(), 2);
    assert_eq!(
        (&cohorts[0]["n"], &cohorts[0]["assessed"]),
        (&21.into(), &21.into())
    );
    assert_eq!(
        (&cohorts[1]["n"], &cohorts[1]["assessed"]),
        (&5.into(), &10.into())
    );
    let page = f.output("benchmarks/2025/sector/b/index.html");
    assert!(page.contains("10 assessed, 5 counted"), "the page says so");
    let json = f.run(&["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout()).expect("JSON");
    assert_eq!(
        v["privacy"]["cohorts_withheld"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        v["privacy"]["unpublished_left_out"][0],
        serde_json::json!({"period": "2025", "cohort": {"attribute": "sector", "value": "b"}, "unpublished": 5, "reason": "combination"})
    );
}
