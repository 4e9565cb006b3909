//! The worked examples of scoring.md, and several other models, scored
//! through a real build and read back from `data/results.json`.

mod common;

use common::{EXAMPLE_MODEL, EXAMPLE_X, EXAMPLE_Y, Fixture, assert_close};
use serde_json::Value;

fn record<'a>(results: &'a Value, org: &str, period: &str) -> &'a Value {
    results["assessments"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|r| r["organization"] == org && r["period"] == period)
        })
        .unwrap_or_else(|| panic!("no record for {org} {period}"))
}

#[test]
fn worked_example_gated_through_results_json() {
    let site = Fixture::worked_example();
    site.build();
    let results = site.results();
    let x = record(&results, "x", "2025");
    assert_eq!(x["name"], "Example X");
    assert_eq!(x["attributes"]["sector"], "automotive");
    assert_eq!(x["level"], 1);
    assert_close(&x["score"], 1.7, "X overall");
    assert_eq!(x["dimensions"]["d1"]["level"], 2);
    assert_close(&x["dimensions"]["d1"]["score"], 2.25, "X d1");
    assert_eq!(x["dimensions"]["d2"]["level"], 1);
    assert_close(&x["dimensions"]["d2"]["score"], 1.5, "X d2");
    for (cap, level, score) in [("a", 2, 2.5), ("b", 1, 1.6), ("c", 1, 1.5)] {
        assert_eq!(x["capabilities"][cap]["level"], level, "{cap}");
        assert_close(&x["capabilities"][cap]["score"], score, cap);
    }

    let y = record(&results, "y", "2025");
    assert_eq!(y["level"], 1, "0.7999999999999999 counts as 0.8");
    assert_close(&y["score"], 1.0, "Y overall");
    assert_eq!(y["dimensions"]["d1"]["level"], 1);
    assert_close(&y["dimensions"]["d1"]["score"], 1.0, "Y d1");
    assert_eq!(y["dimensions"]["d2"]["level"], 0);
    assert_close(&y["dimensions"]["d2"]["score"], 0.4, "Y d2");
    assert_eq!(
        y["capabilities"]["b"],
        Value::Null,
        "not applicable is null"
    );

    // Sorted by organisation id, then period.
    let order: Vec<&str> = results["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["organization"].as_str().unwrap())
        .collect();
    assert_eq!(order, vec!["x", "y"]);
}

#[test]
fn worked_example_mean_through_results_json() {
    let model = EXAMPLE_MODEL.replace("threshold: 0.8", "threshold: 0.8\nscoring: mean");
    let site = Fixture::new(&model, &[("x.yaml", EXAMPLE_X), ("y.yaml", EXAMPLE_Y)]);
    site.build();
    let results = site.results();
    let x = record(&results, "x", "2025");
    assert_eq!(x["level"], 1);
    assert_close(&x["score"], 1.833_333_333_333_333, "X overall");
    assert_close(&x["dimensions"]["d1"]["score"], 2.05, "X d1");
    assert_close(&x["dimensions"]["d2"]["score"], 1.4, "X d2");
    assert_close(&x["capabilities"]["c"]["score"], 1.4, "X c");
    assert_eq!(x["capabilities"]["c"]["level"], 1);
}

/// Five levels with a named level 0, custom ratings and threshold, weighted
/// criteria, a text level rated 0 under criteria, and a not-applicable
/// capability that empties a whole dimension.
#[test]
fn five_level_model_with_custom_ratings_and_weights() {
    let model = r#"id: five
name: Five levels
threshold: 0.6
ratings: {yes: 1, mostly: 0.7, "no": 0}
levels:
  - {number: 0, name: Absent}
  - {number: 1, name: L1}
  - {number: 2, name: L2}
  - {number: 3, name: L3}
  - {number: 4, name: L4}
  - {number: 5, name: L5}
dimensions:
  - id: people
    name: People
    weight: 3
    capabilities:
      - id: skills
        name: Skills
        weight: 2
        requirements:
          1: [{id: s1a, text: t, weight: 3}, {id: s1b, text: t}]
          2: [{id: s2a, text: t}]
          3: A single text requirement
          4: [{id: s4a, text: t}]
          5: [{id: s5a, text: t}]
      - id: culture
        name: Culture
        requirements: {1: t, 2: t, 3: t, 4: t, 5: t}
  - id: tools
    name: Tools
    capabilities:
      - id: erp
        name: ERP
        requirements: {1: t, 2: t, 3: t, 4: t, 5: t}
"#;
    // skills: s1 = (3*1 + 1*0.7)/4 = 0.925, s2 = 0.7, s3 = 0 (text level), s4 = 1 → gated level 2, score 2.0
    // culture: level 4, progress 0.5 → vector (1,1,1,1,0.5), level 4, score 4.5
    // people = (2*skills + 1*culture)/3 = (0.95, 0.8, 0.3333, 1, 0.1667) → level 2, score 2.3333
    // tools: not applicable → left out; overall = people.
    let a = "organization: {id: acme, name: ACME, size: large}
period: 2025-h1
capabilities:
  skills: {criteria: {s1a: yes, s1b: mostly, s2a: 0.7, s4a: yes}}
  culture: {level: 4, progress: 0.5}
  erp: {not_applicable: true, reason: No ERP in scope.}
";
    let zero = "organization: {id: zero, name: Zero}
period: 2025-h1
capabilities:
  skills: {criteria: {}}
  culture: {level: 0}
  erp: {level: 0, progress: 0.2}
";
    let site = Fixture::new(model, &[("acme.yaml", a), ("zero.yaml", zero)]);
    site.build();
    let results = site.results();
    let r = record(&results, "acme", "2025-h1");
    assert_eq!(r["capabilities"]["skills"]["level"], 2);
    assert_close(&r["capabilities"]["skills"]["score"], 2.0, "skills");
    assert_eq!(r["capabilities"]["culture"]["level"], 4);
    assert_close(&r["capabilities"]["culture"]["score"], 4.5, "culture");
    assert_eq!(r["capabilities"]["erp"], Value::Null);
    assert_eq!(r["dimensions"]["tools"], Value::Null);
    assert_eq!(r["dimensions"]["people"]["level"], 2);
    assert_close(
        &r["dimensions"]["people"]["score"],
        2.0 + 1.0 / 3.0,
        "people",
    );
    assert_eq!(r["level"], 2);
    assert_close(&r["score"], 2.0 + 1.0 / 3.0, "overall");
    // Level 0 is named in the model: a report below level 1 shows its name.
    let z = record(&results, "zero", "2025-h1");
    assert_eq!(z["level"], 0);
    assert_close(&z["score"], 0.05, "zero overall: (3*0 + 1*0.2)/4");
    let page = site.output("organizations/zero/2025-h1/index.html");
    assert!(page.contains("Absent"), "level 0 name shown");
}

/// An additive three-level model without level 0, where an organisation
/// sits below level 1.
#[test]
fn three_level_additive_model() {
    let model = r#"id: samm-like
name: SAMM-like
scoring: mean
levels:
  - {number: 1, name: Initial}
  - {number: 2, name: Defined}
  - {number: 3, name: Optimised}
dimensions:
  - id: governance
    name: Governance
    capabilities:
      - {id: strategy, name: Strategy, weight: 3, requirements: {1: t, 2: t, 3: t}}
      - {id: policy, name: Policy, requirements: {1: t, 2: t, 3: t}}
  - id: design
    name: Design
    weight: 0.5
    capabilities:
      - {id: threats, name: Threats, requirements: {1: t, 2: t, 3: t}}
"#;
    // strategy: levels (0.5, 0.25, 0) → score 0.75, level 0
    // policy: level 0 progress 0.3 → 0.3
    // governance = (3*0.75 + 0.3)/4 = 0.6375
    // threats: levels (1, 1, 1) → 3
    // overall = (1*0.6375 + 0.5*3)/1.5 = 1.425, level 1
    let a = "organization: {id: o, name: O}
period: '1'
capabilities:
  strategy: {levels: {1: 0.5, 2: 0.25}}
  policy: {level: 0, progress: 0.3}
  threats: {levels: {1: 1, 2: 1, 3: 1}}
";
    let site = Fixture::new(model, &[("o.yaml", a)]);
    site.build();
    let results = site.results();
    let r = record(&results, "o", "1");
    assert_close(&r["capabilities"]["strategy"]["score"], 0.75, "strategy");
    assert_eq!(r["capabilities"]["strategy"]["level"], 0);
    assert_close(
        &r["dimensions"]["governance"]["score"],
        0.6375,
        "governance",
    );
    assert_eq!(r["dimensions"]["governance"]["level"], 0);
    assert_close(&r["capabilities"]["threats"]["score"], 3.0, "threats");
    assert_eq!(r["capabilities"]["threats"]["level"], 3);
    assert_close(&r["score"], 1.425, "overall");
    assert_eq!(r["level"], 1);
}

/// The same three-level model, gated with a strict threshold of 1.
#[test]
fn gated_model_with_threshold_one() {
    let model = r#"id: strict
name: Strict
threshold: 1
levels:
  - {number: 1, name: One}
  - {number: 2, name: Two}
  - {number: 3, name: Three}
dimensions:
  - id: d
    name: D
    capabilities:
      - {id: p, name: P, requirements: {1: t, 2: t, 3: t}}
      - {id: q, name: Q, requirements: {1: t, 2: t, 3: t}}
"#;
    // p: (1, 0.99, 0) → level 1, score 1.99; q: (1, 1, 1) → level 3, score 3
    // d = (1, 0.995, 0.5) → level 1, score 1.995
    let a = "organization: {id: o, name: O}
period: '1'
capabilities:
  p: {levels: {1: 1, 2: 0.99}}
  q: {level: 3}
";
    let site = Fixture::new(model, &[("o.yaml", a)]);
    site.build();
    let results = site.results();
    let r = record(&results, "o", "1");
    assert_eq!(r["capabilities"]["p"]["level"], 1);
    assert_close(&r["capabilities"]["p"]["score"], 1.99, "p");
    assert_eq!(r["capabilities"]["q"]["level"], 3);
    assert_close(&r["score"], 1.995, "overall");
    assert_eq!(r["level"], 1);
    // Pages show two decimals, rounded down so the number never reaches the next level.
    let page = site.output("organizations/o/1/index.html");
    assert!(page.contains("1.99"), "score shown with two decimals");
    assert!(
        !page.contains("2.00"),
        "1.995 must not show as 2.00 beside level 1"
    );
}
