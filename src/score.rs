//! Scoring (scoring.md §1-3): level satisfaction vectors, and the level and
//! score of every capability, dimension and the whole assessment.
//!
//! One rule serves all three scopes: a scope's vector is the weighted mean of
//! its parts' vectors, and [`evaluate`] turns a vector (and, for the additive
//! method, the parts' scores) into a level and a score. A new scoring method
//! is a new arm in [`evaluate`] and nothing else.

use serde::Serialize;

use crate::assessment::{Assessment, Form};
use crate::model::{Capability, Method, Model};

/// Comparisons with the threshold, and the floor of the mean method,
/// tolerate this much floating-point error (scoring.md §3).
pub const EPSILON: f64 = 1e-9;

/// Level and score of one scope, with its satisfaction vector.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    /// s_1..s_K: how much of each level's requirements is met.
    pub vector: Vec<f64>,
    /// The achieved level, 0..=K.
    pub level: u32,
    /// The score; `floor(score) == level` always.
    pub score: f64,
}

/// Every score of one assessment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssessmentScores {
    /// The whole assessment.
    pub overall: Scored,
    /// Per dimension in model order; `None` when every capability is not applicable.
    pub dimensions: Vec<Option<Scored>>,
    /// Per capability in model order; `None` when not applicable.
    pub capabilities: Vec<Option<Scored>>,
    /// W_c: each capability's share of the overall score (0 when not applicable).
    pub overall_weights: Vec<f64>,
}

/// The satisfaction vector of one capability (scoring.md §1); `None` when not applicable.
pub fn satisfaction(form: &Form, capability: &Capability, max_level: u32) -> Option<Vec<f64>> {
    let k = max_level as usize;
    match form {
        Form::Level { level, progress } => {
            let level = *level as usize;
            Some(
                (1..=k)
                    .map(|i| match i.cmp(&(level + 1)) {
                        std::cmp::Ordering::Less => 1.0,
                        std::cmp::Ordering::Equal => *progress,
                        std::cmp::Ordering::Greater => 0.0,
                    })
                    .collect(),
            )
        }
        Form::Levels(levels) => Some(
            (0..k)
                .map(|i| levels.get(i).copied().unwrap_or(0.0))
                .collect(),
        ),
        Form::Criteria(ratings) => {
            Some(
                (0..k)
                    .map(|i| {
                        let criteria = capability
                            .requirements
                            .get(i)
                            .map_or(&[][..], |r| r.criteria());
                        let given = ratings.get(i).map_or(&[][..], Vec::as_slice);
                        weighted_mean(criteria.iter().enumerate().map(|(j, c)| {
                            (c.weight, given.get(j).copied().flatten().unwrap_or(0.0))
                        }))
                    })
                    .collect(),
            )
        }
        Form::NotApplicable { .. } => None,
    }
}

/// Level and score of a scope from its vector (scoring.md §3).
///
/// `parts` holds the (weight, score) of the scope's parts for aggregate
/// scopes, and is `None` for a capability.
pub fn evaluate(
    method: Method,
    threshold: f64,
    vector: Vec<f64>,
    parts: Option<&[(f64, f64)]>,
) -> Scored {
    let k = u32::try_from(vector.len()).unwrap_or(u32::MAX);
    let (level, score) = match method {
        Method::Gated => {
            let level = vector
                .iter()
                .take_while(|s| **s >= threshold - EPSILON)
                .count();
            let next = vector.get(level).copied().unwrap_or(0.0);
            let level = u32::try_from(level).unwrap_or(k);
            (level, f64::from(level) + next)
        }
        Method::Mean => {
            let score = match parts {
                None => vector.iter().sum(),
                Some(parts) => weighted_mean(parts.iter().copied()),
            };
            // floor with tolerance: 1.9999999999999998 counts as 2.
            let level = ((score + EPSILON).floor().max(0.0) as u32).min(k);
            (level, score)
        }
    };
    Scored {
        vector,
        level,
        score,
    }
}

/// Scores one assessment at every scope.
///
/// The assessment must have been validated against `model` (one input per
/// capability, at least one applicable).
pub fn score(model: &Model, assessment: &Assessment) -> AssessmentScores {
    let k = model.max_level();
    let method = model.scoring;
    let theta = model.threshold;
    let mut capabilities = Vec::with_capacity(assessment.capabilities.len());
    let mut dimensions = Vec::with_capacity(model.dimensions.len());
    let mut cap_weights = vec![0.0; assessment.capabilities.len()];
    let mut flat = 0;
    for dim in &model.dimensions {
        let mut parts: Vec<(f64, &Scored, usize)> = Vec::with_capacity(dim.capabilities.len());
        let first = flat;
        for cap in &dim.capabilities {
            let scored = assessment
                .capabilities
                .get(flat)
                .and_then(|input| satisfaction(&input.form, cap, k))
                .map(|v| evaluate(method, theta, v, None));
            capabilities.push(scored);
            flat += 1;
        }
        for (i, cap) in dim.capabilities.iter().enumerate() {
            if let Some(s) = &capabilities[first + i] {
                parts.push((cap.weight, s, first + i));
            }
        }
        let total: f64 = parts.iter().map(|(w, _, _)| w).sum();
        for (w, _, i) in &parts {
            cap_weights[*i] = w / total;
        }
        dimensions.push(aggregate(
            method,
            theta,
            k,
            parts.iter().map(|(w, s, _)| (*w, *s)),
        ));
    }
    let dim_total: f64 = model
        .dimensions
        .iter()
        .zip(&dimensions)
        .filter(|(_, s)| s.is_some())
        .map(|(d, _)| d.weight)
        .sum();
    let mut flat = 0;
    for (dim, scored) in model.dimensions.iter().zip(&dimensions) {
        for _ in &dim.capabilities {
            cap_weights[flat] *= if scored.is_some() {
                dim.weight / dim_total
            } else {
                0.0
            };
            flat += 1;
        }
    }
    let overall = aggregate(
        method,
        theta,
        k,
        model
            .dimensions
            .iter()
            .zip(&dimensions)
            .filter_map(|(d, s)| s.as_ref().map(|s| (d.weight, s))),
    )
    .unwrap_or_else(|| evaluate(method, theta, vec![0.0; k as usize], Some(&[])));
    AssessmentScores {
        overall,
        dimensions,
        capabilities,
        overall_weights: cap_weights,
    }
}

/// Weighted mean of the parts' vectors, then [`evaluate`]; `None` without parts.
fn aggregate<'a>(
    method: Method,
    theta: f64,
    max_level: u32,
    parts: impl Iterator<Item = (f64, &'a Scored)> + Clone,
) -> Option<Scored> {
    let total: f64 = parts.clone().map(|(w, _)| w).sum();
    if parts.clone().next().is_none() || total <= 0.0 {
        return None;
    }
    let mut vector = vec![0.0; max_level as usize];
    for (w, s) in parts.clone() {
        for (acc, v) in vector.iter_mut().zip(&s.vector) {
            *acc += w * v;
        }
    }
    for v in &mut vector {
        *v /= total;
    }
    let scores: Vec<(f64, f64)> = parts.map(|(w, s)| (w, s.score)).collect();
    Some(evaluate(method, theta, vector, Some(&scores)))
}

/// Σ w·x / Σ w; 0 for no items.
fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (sum, total) = items.fold((0.0, 0.0), |(s, t), (w, x)| (s + w * x, t + w));
    if total > 0.0 { sum / total } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::tests::{X, example_model};
    use crate::assessment::{self, Context};
    use crate::model::ModelIndex;

    fn scores(model: &Model, src: &str) -> AssessmentScores {
        let index = ModelIndex::new(model);
        let cx = Context {
            model,
            index: &index,
            publish_default: true,
        };
        let a = assessment::parse("x.yaml", src, &cx).unwrap();
        score(model, &a)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn assert_scope(s: &Scored, vector: &[f64], level: u32, score: f64) {
        assert_eq!(s.vector.len(), vector.len());
        for (a, b) in s.vector.iter().zip(vector) {
            assert!(close(*a, *b), "vector {:?} != {vector:?}", s.vector);
        }
        assert_eq!(s.level, level, "level of {s:?}");
        assert!(close(s.score, score), "score {} != {score}", s.score);
    }

    const Y: &str = "organization: {id: y, name: Y}
period: '2025'
capabilities:
  a: {level: 1}
  b: {not_applicable: true}
  c: {level: 0, progress: 0.4}
";

    #[test]
    fn worked_example_x_gated() {
        let m = example_model();
        let s = scores(&m, X);
        let c = |i: usize| s.capabilities[i].as_ref().unwrap();
        assert_scope(c(0), &[1.0, 1.0, 0.5], 2, 2.5);
        assert_scope(c(1), &[1.0, 0.6, 0.0], 1, 1.6);
        assert_scope(c(2), &[0.9, 0.5, 0.0], 1, 1.5);
        assert_scope(
            s.dimensions[0].as_ref().unwrap(),
            &[1.0, 0.8, 0.25],
            2,
            2.25,
        );
        assert_scope(s.dimensions[1].as_ref().unwrap(), &[0.9, 0.5, 0.0], 1, 1.5);
        assert_scope(
            &s.overall,
            &[0.966_666_666_666_666_6, 0.7, 0.166_666_666_666_666_66],
            1,
            1.7,
        );
        assert!(close(s.overall_weights[0], 1.0 / 3.0));
        assert!(close(s.overall_weights[2], 1.0 / 3.0));
    }

    #[test]
    fn worked_example_x_mean() {
        let mut m = example_model();
        m.scoring = Method::Mean;
        let s = scores(&m, X);
        let c = |i: usize| s.capabilities[i].as_ref().unwrap();
        assert_scope(c(0), &[1.0, 1.0, 0.5], 2, 2.5);
        assert_scope(c(1), &[1.0, 0.6, 0.0], 1, 1.6);
        assert_scope(c(2), &[0.9, 0.5, 0.0], 1, 1.4);
        assert_scope(
            s.dimensions[0].as_ref().unwrap(),
            &[1.0, 0.8, 0.25],
            2,
            2.05,
        );
        assert_scope(s.dimensions[1].as_ref().unwrap(), &[0.9, 0.5, 0.0], 1, 1.4);
        assert_eq!(s.overall.level, 1);
        assert!(close(s.overall.score, 1.833_333_333_333_333_3));
    }

    #[test]
    fn worked_example_y_hits_the_float_edge() {
        let m = example_model();
        let s = scores(&m, Y);
        assert_scope(s.dimensions[0].as_ref().unwrap(), &[1.0, 0.0, 0.0], 1, 1.0);
        assert_scope(s.dimensions[1].as_ref().unwrap(), &[0.4, 0.0, 0.0], 0, 0.4);
        // 2/3 * 1 + 1/3 * 0.4 is 0.7999999999999999 in floating point.
        assert_eq!(s.overall.vector[0], 2.0 / 3.0 * 1.0 + 1.0 / 3.0 * 0.4);
        assert!(s.overall.vector[0] < 0.8);
        assert_eq!(s.overall.level, 1);
        assert_eq!(s.overall.score, 1.0);
        assert!(s.capabilities[1].is_none());
        assert_eq!(s.overall_weights[1], 0.0);
        // b is not applicable: a carries all of d1's weight.
        assert!(close(s.overall_weights[0], 2.0 / 3.0));
    }

    #[test]
    fn mean_floor_tolerates_rounding() {
        let s = evaluate(Method::Mean, 0.8, vec![1.0, 0.9999999999999998, 0.0], None);
        assert_eq!(s.level, 2);
        let s = evaluate(Method::Mean, 0.8, vec![1.0, 1.0, 1.0], None);
        assert_eq!((s.level, s.score), (3, 3.0));
        let s = evaluate(Method::Gated, 0.8, vec![1.0, 1.0, 1.0], None);
        assert_eq!((s.level, s.score), (3, 3.0));
    }

    #[test]
    fn gates_need_every_lower_level() {
        // Level 2 is met but level 1 is not: the level is 0.
        let s = evaluate(Method::Gated, 0.8, vec![0.5, 1.0, 1.0], None);
        assert_eq!((s.level, s.score), (0, 0.5));
    }

    proptest::proptest! {
        #[test]
        fn floor_of_score_is_level(v in proptest::collection::vec(0.0f64..=1.0, 1..7), theta in 0.01f64..=1.0, mean in proptest::bool::ANY) {
            let method = if mean { Method::Mean } else { Method::Gated };
            let s = evaluate(method, theta, v, None);
            proptest::prop_assert_eq!((s.score + EPSILON).floor() as u32, s.level);
        }

        #[test]
        fn raising_a_satisfaction_never_lowers_a_gated_score(
            v in proptest::collection::vec(0.0f64..=1.0, 1..7),
            i in 0usize..7,
            up in 0.0f64..=1.0,
        ) {
            let i = i % v.len();
            let before = evaluate(Method::Gated, 0.8, v.clone(), None);
            let mut raised = v;
            raised[i] = raised[i].max(up);
            let after = evaluate(Method::Gated, 0.8, raised, None);
            proptest::prop_assert!(after.score >= before.score);
            proptest::prop_assert!(after.level >= before.level);
        }
    }
}
