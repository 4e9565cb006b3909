//! The sample-data generator: deterministic, valid against the real model,
//! and realistic enough for the benchmark (cohorts, forms, trends).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use rungs::analysis::score::AssessmentScores;
use rungs::domain::assessment::{AssessmentMethod, Form};
use rungs::domain::model::Model;
use rungs::domain::site::Site;
use rungs::sample::{SampleFile, SampleOptions, generate, generate_each};

const MODEL: &str = include_str!("../content/model.yaml");

fn model() -> Model {
    rungs::input::model::parse("content/model.yaml", MODEL).expect("the real model parses")
}

fn options(organizations: usize, seed: u64) -> SampleOptions {
    SampleOptions {
        organizations,
        periods: vec!["2023".into(), "2024".into(), "2025".into()],
        seed,
    }
}

/// Writes a site with this model and these files, and compiles it.
fn compile(model_text: &str, files: &[SampleFile]) -> (Site, Vec<AssessmentScores>) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), model_text, files);
    let sources = rungs::pipeline::load(dir.path()).unwrap();
    match rungs::pipeline::compile(sources) {
        Ok(compiled) => compiled,
        Err(problems) => panic!("generated files do not validate:\n{problems}"),
    }
}

fn write_site(dir: &Path, model_text: &str, files: &[SampleFile]) {
    fs::write(
        dir.join("site.yaml"),
        "title: T\nbase_url: /\nbenchmark: {cohorts: [sector, size], min_cohort_size: 5}\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("content/assessments")).unwrap();
    fs::write(dir.join("content/model.yaml"), model_text).unwrap();
    for f in files {
        let path = dir.join("content/assessments").join(&f.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, &f.text).unwrap();
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    assert!(!v.is_empty());
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let model = model();
    let a = generate(&model, &options(12, 7));
    let b = generate(&model, &options(12, 7));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    let mut streamed = Vec::new();
    generate_each(&model, &options(12, 7), |f| streamed.push(f));
    assert_eq!(a, streamed, "generate and generate_each agree");
    let c = generate(&model, &options(12, 8));
    assert_ne!(a, c);
    // Paths are unique, laid out as <period>/<id>-<period>.yaml.
    let paths: BTreeSet<&str> = a.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths.len(), a.len());
    for f in &a {
        let (period, name) = f.path.split_once('/').unwrap();
        assert!(name.ends_with(&format!("-{period}.yaml")), "{}", f.path);
    }
}

#[test]
fn default_sample_is_valid_and_realistic() {
    let model = model();
    let defaults = SampleOptions::default();
    assert_eq!(defaults, options(80, 42));
    let files = generate(&model, &defaults);
    let (site, scores) = compile(MODEL, &files);
    let all = &site.assessments;
    let n = all.len();
    assert!((220..=240).contains(&n), "{n} assessments");

    let attribute = |a: &rungs::domain::assessment::Assessment, key: &str| {
        a.organization
            .attributes
            .get(key)
            .cloned()
            .unwrap_or_default()
    };
    let values =
        |key: &str| -> BTreeSet<String> { all.iter().map(|a| attribute(a, key)).collect() };
    assert!(values("sector").len() >= 6, "{:?}", values("sector"));
    assert_eq!(values("size").len(), 3, "{:?}", values("size"));
    assert_eq!(values("region").len(), 4, "{:?}", values("region"));

    // Every form, and about the intended shares.
    let mut forms = [0usize; 4];
    let mut evidence = 0;
    for a in all {
        for c in &a.capabilities {
            forms[match c.form {
                Form::Level { .. } => 0,
                Form::Levels(_) => 1,
                Form::Criteria(_) => 2,
                Form::NotApplicable { .. } => 3,
            }] += 1;
            evidence += usize::from(c.evidence.is_some());
        }
    }
    let total: usize = forms.iter().sum();
    let share = |x: usize| x as f64 / total as f64;
    assert!(forms.iter().all(|&f| f > 0), "forms {forms:?}");
    assert!((0.18..0.32).contains(&share(forms[0])), "form A {forms:?}");
    assert!((0.10..0.20).contains(&share(forms[1])), "form B {forms:?}");
    assert!(share(forms[2]) > 0.45, "form C {forms:?}");
    assert!((0.01..0.06).contains(&share(forms[3])), "form D {forms:?}");
    assert!(
        (0.22..0.38).contains(&share(evidence)),
        "evidence {evidence}"
    );

    assert!(all.iter().any(|a| !a.publish), "some unpublished");
    assert!(all.iter().all(|a| a.summary.is_some()), "every summary");
    assert!(all.iter().all(|a| {
        a.assessed_on
            .as_deref()
            .is_some_and(|d| d.starts_with(&a.period))
    }));
    let targets = all.iter().filter(|a| a.target.is_some()).count();
    assert!(targets > n / 6 && targets < n / 2, "{targets} targets");
    for (a, s) in all.iter().zip(&scores) {
        if let Some(t) = a.target {
            assert!(t > s.overall.level && t <= site.model.max_level());
        }
    }
    let third = all
        .iter()
        .filter(|a| a.method == Some(AssessmentMethod::ThirdParty))
        .count();
    let own = all
        .iter()
        .filter(|a| a.method == Some(AssessmentMethod::SelfAssessed))
        .count();
    assert!(third > 0 && own > third, "{own} self, {third} third-party");

    let names: BTreeSet<&str> = all.iter().map(|a| a.organization.name.as_str()).collect();
    for name in [
        "Müller Präzisionsteile GmbH",
        "Smith & Sons Tooling Ltd.",
        "東方精密 (Dongfang Precision)",
    ] {
        assert!(names.contains(name), "{name} missing");
    }

    // Cohorts: aerospace stays below the minimum size, the others reach it
    // in every period; most organisations take part in every period.
    let mut per_period: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for a in all {
        *per_period
            .entry((a.period.as_str(), attribute(a, "sector")))
            .or_default() += 1;
    }
    for period in ["2023", "2024", "2025"] {
        let in_period = all.iter().filter(|a| a.period == period).count();
        assert!(in_period >= 75, "{in_period} in {period}");
        for sector in values("sector") {
            let count = per_period
                .get(&(period, sector.clone()))
                .copied()
                .unwrap_or(0);
            if sector == "aerospace" {
                assert!(count < 5, "aerospace {count} in {period}");
            } else {
                assert!(count >= 5, "{sector} {count} in {period}");
            }
        }
    }

    // Large firms score higher than small ones, in every period.
    for period in ["2023", "2024", "2025"] {
        let by_size = |size: &str| {
            median(
                all.iter()
                    .zip(&scores)
                    .filter(|(a, _)| a.period == period && attribute(a, "size") == size)
                    .map(|(_, s)| s.overall.score)
                    .collect(),
            )
        };
        assert!(by_size("large") > by_size("small"), "{period}");
    }

    // Trends: most improve from first to last period; some fall in between.
    let mut series: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (a, s) in all.iter().zip(&scores) {
        series
            .entry(a.organization.id.as_str())
            .or_default()
            .push(s.overall.score);
    }
    let tracked: Vec<&Vec<f64>> = series.values().filter(|v| v.len() >= 2).collect();
    let improved = tracked.iter().filter(|v| v[v.len() - 1] > v[0]).count();
    assert!(
        improved * 10 > tracked.len() * 6,
        "{improved} of {} improve",
        tracked.len()
    );
    assert!(
        tracked.iter().any(|v| v.windows(2).any(|w| w[1] < w[0])),
        "no organisation's score ever falls"
    );
}

/// Another model: three levels, text requirements only, its own threshold
/// and rating scale. Every form the generator picks must still validate.
#[test]
fn works_with_other_models() {
    let text = r#"id: other
name: Other
threshold: 0.7
ratings: {yes-fully: 1.0, mostly: 0.75, somewhat: 0.4, "no": 0.0}
levels:
  - {number: 1, name: One}
  - {number: 2, name: Two}
  - {number: 3, name: Three}
dimensions:
  - id: d1
    name: D1
    capabilities:
      - {id: a, name: A, requirements: {1: a1, 2: a2, 3: a3}}
      - id: "true"
        name: "True"
        requirements:
          1: [{id: t1, text: t one, weight: 3}, {id: t2, text: t two}]
          2: [{id: t3, text: t three}]
          3: [{id: t4, text: t four}, {id: 4t, text: t five}]
"#;
    let model = rungs::input::model::parse("content/model.yaml", text).unwrap();
    let options = SampleOptions {
        organizations: 25,
        periods: vec!["fy2024".into(), "2025-h1".into()],
        seed: 3,
    };
    let files = generate(&model, &options);
    let (site, _) = compile(text, &files);
    assert!(site.assessments.len() >= 45);
    assert!(
        site.assessments
            .iter()
            .flat_map(|a| &a.capabilities)
            .any(|c| matches!(c.form, Form::Criteria(_)))
    );
    assert!(
        generate(
            &model,
            &SampleOptions {
                organizations: 0,
                ..options.clone()
            }
        )
        .is_empty()
    );
    let one = SampleOptions {
        organizations: 1,
        periods: vec!["2025".into()],
        seed: 0,
    };
    assert_eq!(generate(&model, &one).len(), 1);
}
