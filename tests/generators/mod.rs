//! Generators shared by the property tests (`tests/properties.rs`) and the
//! fuzz tests (`tests/fuzz.rs`): YAML-shaped noise, random models and
//! valid assessments of them, and both written out as the YAML files a
//! user would write.

#![allow(dead_code)]

use std::fmt::Write as _;

use proptest::prelude::*;
use rungs::analysis::score::AssessmentScores;
use rungs::domain::assessment::{Assessment, CapabilityInput, Form, Organization};
use rungs::domain::model::{
    Capability, Criterion, Dimension, Level, Method, Model, Rating, Requirement,
};

/// Cases per property: `RUNGS_FUZZ_CASES` (CI sets a large number), 256 by
/// default so that a local `cargo test` stays quick; divided by `cost` for
/// properties whose cases are expensive (at least 1).
pub fn fuzz_cases(cost: u32) -> u32 {
    let cases = match std::env::var("RUNGS_FUZZ_CASES") {
        Ok(v) => v
            .trim()
            .parse::<u32>()
            .unwrap_or_else(|_| panic!("RUNGS_FUZZ_CASES must be a whole number, not {v:?}")),
        Err(_) => 256,
    };
    (cases / cost.max(1)).max(1)
}

// ---------- YAML-shaped noise ----------

/// YAML-shaped text built from the keys the loaders know, with random
/// values: far more likely than random bytes to reach deep code paths.
pub fn yamlish() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "id",
        "name",
        "title",
        "base_url",
        "levels",
        "number",
        "dimensions",
        "capabilities",
        "requirements",
        "weight",
        "criteria",
        "level",
        "progress",
        "not_applicable",
        "reason",
        "evidence",
        "organization",
        "period",
        "target",
        "publish",
        "threshold",
        "scoring",
        "ratings",
        "text",
        "1",
        "2",
        "7",
        "a",
        "c1",
        "benchmark",
        "cohorts",
        "min_cohort_size",
        "roadmap",
        "assessed_on",
        "method",
        "<<",
        "~",
    ]);
    let scalar = prop::sample::select(vec![
        "1",
        "0",
        "-1",
        "0.5",
        "1.5",
        "1e309",
        ".nan",
        "true",
        "no",
        "~",
        "\"\"",
        "'x'",
        "full",
        "gated",
        "mean",
        "next",
        "2025-02-30",
        "self",
        "[]",
        "{}",
        "[1, 2]",
        "{1: 1}",
        "&a x",
        "*a",
        "\"\\u0000\"",
        "!!binary aGk=",
        "|\n  text",
    ]);
    let leaf = (key.clone(), scalar).prop_map(|(k, v)| format!("{k}: {v}"));
    let line = prop_oneof![
        leaf.clone(),
        key.clone().prop_map(|k| format!("{k}:")),
        key.prop_map(|k| format!("- {k}: 1"))
    ];
    prop::collection::vec((0usize..4, line), 0..25).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, l)| format!("{}{l}\n", "  ".repeat(indent)))
            .collect()
    })
}

// ---------- random models and assessments ----------

/// A small valid model: two levels, one capability with a text and a
/// criterion.
pub fn example_model() -> Model {
    rungs::input::model::parse(
        "m.yaml",
        "id: m\nname: M\nlevels: [{number: 1, name: a}, {number: 2, name: b}]\ndimensions:\n  - id: d\n    name: D\n    capabilities:\n      - {id: c, name: C, requirements: {1: x, 2: [{id: k, text: y}]}}\n",
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

/// A random model: 1-5 levels, 1-3 dimensions of 1-3 capabilities, each
/// level a text or 1-3 weighted criteria.
pub fn arb_model() -> impl Strategy<Value = Model> {
    (
        1u32..=5,
        0.05f64..=1.0,
        any::<bool>(),
        prop::collection::vec(
            (
                0.1f64..5.0,
                prop::collection::vec(
                    (
                        0.1f64..5.0,
                        prop::collection::vec(
                            prop::option::of(prop::collection::vec(0.1f64..5.0, 1..4)),
                            5,
                        ),
                    ),
                    1..4,
                ),
            ),
            1..4,
        ),
    )
        .prop_map(|(k, threshold, mean, dims)| {
            let mut n = 0;
            let dimensions = dims
                .into_iter()
                .enumerate()
                .map(|(di, (dw, caps))| Dimension {
                    id: format!("d{di}"),
                    name: format!("D{di}"),
                    weight: dw,
                    description: None,
                    capabilities: caps
                        .into_iter()
                        .map(|(cw, reqs)| {
                            n += 1;
                            let cid = format!("c{n}");
                            Capability {
                                requirements: reqs
                                    .into_iter()
                                    .take(k as usize)
                                    .enumerate()
                                    .map(|(li, r)| match r {
                                        None => Requirement::Text("t".into()),
                                        Some(ws) => Requirement::Criteria(
                                            ws.into_iter()
                                                .enumerate()
                                                .map(|(j, w)| Criterion {
                                                    id: format!("{cid}-{li}-{j}"),
                                                    text: "t".into(),
                                                    weight: w,
                                                })
                                                .collect(),
                                        ),
                                    })
                                    .collect(),
                                id: cid,
                                name: "C".into(),
                                weight: cw,
                                description: None,
                            }
                        })
                        .collect(),
                })
                .collect();
            Model {
                id: "m".into(),
                name: "M".into(),
                version: None,
                description: None,
                threshold,
                scoring: if mean { Method::Mean } else { Method::Gated },
                ratings: vec![Rating {
                    name: "full".into(),
                    value: 1.0,
                    label: None,
                }],
                levels: (1..=k)
                    .map(|number| Level {
                        number,
                        name: format!("L{number}"),
                        description: None,
                    })
                    .collect(),
                dimensions,
                terms: Default::default(),
            }
        })
}

/// A random valid assessment of `model`, seeded by `seed` values in [0, 1].
pub fn assessment_for(model: &Model, seed: &[f64]) -> Assessment {
    let k = model.max_level();
    let mut s = seed.iter().copied().cycle();
    let mut next = move || s.next().unwrap_or(0.5);
    let mut capabilities: Vec<CapabilityInput> = model
        .capabilities()
        .map(|(_, cap)| {
            let pick = next();
            let form = if pick < 0.1 {
                Form::NotApplicable { reason: None }
            } else if pick < 0.4 {
                let level = ((next() * f64::from(k + 1)) as u32).min(k);
                let progress = if level == k {
                    0.0
                } else {
                    next() * model.threshold * 0.999
                };
                Form::Level { level, progress }
            } else if pick < 0.7 {
                Form::Levels((0..k).map(|_| next()).collect())
            } else {
                Form::Criteria(
                    cap.requirements
                        .iter()
                        .map(|r| {
                            r.criteria()
                                .iter()
                                .map(|_| if next() < 0.2 { None } else { Some(next()) })
                                .collect()
                        })
                        .collect(),
                )
            };
            CapabilityInput {
                form,
                evidence: None,
            }
        })
        .collect();
    if capabilities.iter().all(|c| !c.form.is_applicable()) {
        capabilities[0].form = Form::Level {
            level: 0,
            progress: 0.0,
        };
    }
    Assessment {
        file: "a.yaml".into(),
        ..Assessment::new(
            Organization {
                id: "o".into(),
                name: "O".into(),
                attributes: Default::default(),
            },
            "1".into(),
            capabilities,
        )
    }
}

pub fn all_scopes(s: &AssessmentScores) -> Vec<(f64, u32)> {
    std::iter::once(&s.overall)
        .chain(s.dimensions.iter().flatten())
        .chain(s.capabilities.iter().flatten())
        .map(|x| (x.score, x.level))
        .collect()
}

/// Raises one input of capability `i` by `by` (a rating, a satisfaction,
/// or progress/level), keeping it valid.
pub fn raise(model: &Model, a: &mut Assessment, i: usize, pos: f64, by: f64) {
    let k = model.max_level();
    let theta = model.threshold;
    match &mut a.capabilities[i].form {
        Form::Level { level, progress } => {
            if *level < k {
                let p = *progress + by;
                if p >= theta * 0.999 {
                    *level += 1;
                    *progress = 0.0;
                } else {
                    *progress = p;
                }
            }
        }
        Form::Levels(v) => {
            let j = ((pos * v.len() as f64) as usize).min(v.len() - 1);
            v[j] = (v[j] + by).min(1.0);
        }
        Form::Criteria(levels) => {
            let slots: Vec<(usize, usize)> = levels
                .iter()
                .enumerate()
                .flat_map(|(l, c)| (0..c.len()).map(move |j| (l, j)))
                .collect();
            if let Some(&(l, j)) =
                slots.get(((pos * slots.len() as f64) as usize).min(slots.len().saturating_sub(1)))
            {
                let r = &mut levels[l][j];
                *r = Some((r.unwrap_or(0.0) + by).min(1.0));
            }
        }
        Form::NotApplicable { .. } => {}
    }
}

// ---------- written out as YAML ----------

/// `model` as the YAML file a user would write; [`rungs::input::model::parse`]
/// reads it back as `model` exactly (numbers are written in Rust's
/// shortest round-tripping form).
pub fn model_yaml(model: &Model) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "id: {}\nname: {:?}", model.id, model.name);
    let _ = writeln!(y, "threshold: {}", model.threshold);
    let _ = writeln!(y, "scoring: {}", model.scoring.name());
    y.push_str("ratings:\n");
    for r in &model.ratings {
        let _ = writeln!(y, "  {:?}: {}", r.name, r.value);
    }
    y.push_str("levels:\n");
    for l in &model.levels {
        let _ = writeln!(y, "  - {{number: {}, name: {:?}}}", l.number, l.name);
    }
    y.push_str("dimensions:\n");
    for d in &model.dimensions {
        let _ = writeln!(
            y,
            "  - id: {}\n    name: {:?}\n    weight: {}\n    capabilities:",
            d.id, d.name, d.weight
        );
        for c in &d.capabilities {
            let _ = writeln!(
                y,
                "      - id: {}\n        name: {:?}\n        weight: {}\n        requirements:",
                c.id, c.name, c.weight
            );
            for (i, r) in c.requirements.iter().enumerate() {
                match r {
                    Requirement::Text(t) => {
                        let _ = writeln!(y, "          {}: {t:?}", i + 1);
                    }
                    Requirement::Criteria(cs) => {
                        let _ = writeln!(y, "          {}:", i + 1);
                        for k in cs {
                            let _ = writeln!(
                                y,
                                "            - {{id: {}, text: {:?}, weight: {}}}",
                                k.id, k.text, k.weight
                            );
                        }
                    }
                }
            }
        }
    }
    y
}

/// `assessment` of `model` as the YAML file a user would write; a rating
/// equal to one of the model's named ratings is written by its name.
/// [`rungs::input::assessment::parse`] reads it back as `assessment`.
pub fn assessment_yaml(model: &Model, assessment: &Assessment) -> String {
    let mut y = String::new();
    let o = &assessment.organization;
    let _ = writeln!(y, "organization: {{id: {}, name: {:?}}}", o.id, o.name);
    let _ = writeln!(y, "period: {:?}", assessment.period);
    let _ = writeln!(y, "publish: {}", assessment.publish);
    y.push_str("capabilities:\n");
    for ((_, cap), input) in model.capabilities().zip(&assessment.capabilities) {
        let _ = write!(y, "  {}: ", cap.id);
        match &input.form {
            Form::Level { level, progress } if *progress == 0.0 => {
                let _ = writeln!(y, "{{level: {level}}}");
            }
            Form::Level { level, progress } => {
                let _ = writeln!(y, "{{level: {level}, progress: {progress}}}");
            }
            Form::Levels(v) => {
                let items: Vec<String> = v
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s != 0.0)
                    .map(|(i, s)| format!("{}: {s}", i + 1))
                    .collect();
                let _ = writeln!(y, "{{levels: {{{}}}}}", items.join(", "));
            }
            Form::Criteria(levels) => {
                let mut items = Vec::new();
                for (req, ratings) in cap.requirements.iter().zip(levels) {
                    for (criterion, rating) in req.criteria().iter().zip(ratings) {
                        if let Some(v) = rating {
                            match model.ratings.iter().find(|r| r.value == *v) {
                                Some(r) => items.push(format!("{}: {:?}", criterion.id, r.name)),
                                None => items.push(format!("{}: {v}", criterion.id)),
                            }
                        }
                    }
                }
                let _ = writeln!(y, "{{criteria: {{{}}}}}", items.join(", "));
            }
            Form::NotApplicable { .. } => y.push_str("{not_applicable: true}\n"),
        }
    }
    y
}
