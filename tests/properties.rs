//! Property tests: nothing in the input makes the loaders or the scorer
//! panic, `floor(score) == level` at every scope, and under `gated`
//! raising any rating never lowers any score.

use proptest::prelude::*;
use rungs::assessment::{self, Assessment, CapabilityInput, Form, Organization};
use rungs::model::{
    Capability, Criterion, Dimension, Level, Method, Model, ModelIndex, Rating, Requirement,
};
use rungs::score::{AssessmentScores, EPSILON, score};

// ---------- loaders never panic ----------

/// YAML-shaped text built from the keys the loaders know, with random
/// values: far more likely than random bytes to reach deep code paths.
fn yamlish() -> impl Strategy<Value = String> {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn loaders_never_panic(doc in yamlish(), raw in ".{0,200}") {
        for text in [&doc, &raw] {
            let _ = rungs::config::parse(text);
            let model = rungs::model::parse("m.yaml", text);
            let _ = rungs::pages::parse("p.md", "p.md", &format!("---\n{text}---\nbody"));
            let m = model.unwrap_or_else(|_| example_model());
            let index = ModelIndex::new(&m);
            let cx = assessment::Context { model: &m, index: &index, publish_default: true };
            let _ = assessment::parse("a.yaml", text, &cx);
        }
    }
}

// ---------- the scorer ----------

fn example_model() -> Model {
    rungs::model::parse(
        "m.yaml",
        "id: m\nname: M\nlevels: [{number: 1, name: a}, {number: 2, name: b}]\ndimensions:\n  - id: d\n    name: D\n    capabilities:\n      - {id: c, name: C, requirements: {1: x, 2: [{id: k, text: y}]}}\n",
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

/// A random model: 1-5 levels, 1-3 dimensions of 1-3 capabilities, each
/// level a text or 1-3 weighted criteria.
fn arb_model() -> impl Strategy<Value = Model> {
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
                }],
                levels: (1..=k)
                    .map(|number| Level {
                        number,
                        name: format!("L{number}"),
                        description: None,
                    })
                    .collect(),
                dimensions,
            }
        })
}

/// A random valid assessment of `model`, seeded by `seed` values in [0, 1].
fn assessment_for(model: &Model, seed: &[f64]) -> Assessment {
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
        organization: Organization {
            id: "o".into(),
            name: "O".into(),
            attributes: Default::default(),
        },
        period: "1".into(),
        assessed_on: None,
        assessor: None,
        method: None,
        target: None,
        publish: true,
        summary: None,
        capabilities,
    }
}

fn all_scopes(s: &AssessmentScores) -> Vec<(f64, u32)> {
    std::iter::once(&s.overall)
        .chain(s.dimensions.iter().flatten())
        .chain(s.capabilities.iter().flatten())
        .map(|x| (x.score, x.level))
        .collect()
}

/// Raises one input of capability `i` by `by` (a rating, a satisfaction,
/// or progress/level), keeping it valid.
fn raise(model: &Model, a: &mut Assessment, i: usize, pos: f64, by: f64) {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn floor_of_score_is_level_at_every_scope(model in arb_model(), seed in prop::collection::vec(0.0f64..=1.0, 8..40)) {
        let a = assessment_for(&model, &seed);
        let s = score(&model, &a);
        for (sc, level) in all_scopes(&s) {
            prop_assert!(sc >= 0.0 && sc <= f64::from(model.max_level()) + EPSILON, "score {sc} out of range");
            prop_assert_eq!((sc + EPSILON).floor() as u32, level, "score {} level {}", sc, level);
        }
        let total: f64 = s.overall_weights.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "W_c sum to 1, got {total}");
    }

    #[test]
    fn raising_a_rating_never_lowers_a_gated_score(
        model in arb_model(),
        seed in prop::collection::vec(0.0f64..=1.0, 8..40),
        which in 0.0f64..1.0,
        pos in 0.0f64..1.0,
        by in 0.0f64..1.0,
    ) {
        let mut model = model;
        model.scoring = Method::Gated;
        let a = assessment_for(&model, &seed);
        let before = score(&model, &a);
        let mut raised = a.clone();
        let i = ((which * raised.capabilities.len() as f64) as usize).min(raised.capabilities.len() - 1);
        raise(&model, &mut raised, i, pos, by);
        let after = score(&model, &raised);
        for ((b, bl), (x, xl)) in all_scopes(&before).into_iter().zip(all_scopes(&after)) {
            prop_assert!(x >= b - 1e-12, "score fell from {b} to {x}");
            prop_assert!(xl >= bl, "level fell from {bl} to {xl}");
        }
    }
}
