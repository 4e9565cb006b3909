//! Scoring (scoring.md §1-3): level satisfaction vectors, and the level and
//! score of every capability, dimension and the whole assessment.
//!
//! One rule serves all three scopes: a scope's vector is the weighted mean of
//! its parts' vectors, and [`evaluate`] turns a vector (and, for the additive
//! method, the parts' scores) into a level and a score. A new scoring method
//! is a new arm in [`evaluate`] and nothing else.

use serde::Serialize;

use crate::domain::EPSILON;
use crate::domain::assessment::{Assessment, Form};
use crate::domain::model::{Capability, Method, Model};

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
        let scale = weight_scale(parts.iter().map(|(w, _, _)| *w));
        let total: f64 = parts.iter().map(|(w, _, _)| w * scale).sum();
        for (w, _, i) in &parts {
            cap_weights[*i] = w * scale / total;
        }
        dimensions.push(aggregate(
            method,
            theta,
            k,
            parts.iter().map(|(w, s, _)| (*w, *s)),
        ));
    }
    let applicable = || {
        model
            .dimensions
            .iter()
            .zip(&dimensions)
            .filter(|(_, s)| s.is_some())
            .map(|(d, _)| d.weight)
    };
    let dim_scale = weight_scale(applicable());
    let dim_total: f64 = applicable().map(|w| w * dim_scale).sum();
    let mut flat = 0;
    for (dim, scored) in model.dimensions.iter().zip(&dimensions) {
        for _ in &dim.capabilities {
            cap_weights[flat] *= if scored.is_some() {
                dim.weight * dim_scale / dim_total
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
    let scale = weight_scale(parts.clone().map(|(w, _)| w));
    let parts = parts.map(move |(w, s)| (w * scale, s));
    let total: f64 = parts.clone().map(|(w, _)| w).sum();
    if parts.clone().next().is_none() || !(total > 0.0 && total.is_finite()) {
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
    // The weights are scaled already: `weighted_mean` leaves them so.
    let scores: Vec<(f64, f64)> = parts.map(|(w, s)| (w, s.score)).collect();
    Some(evaluate(method, theta, vector, Some(&scores)))
}

/// Σ w·x / Σ w; 0 for no items. The weights are scaled by
/// [`weight_scale`] first.
fn weighted_mean(items: impl Iterator<Item = (f64, f64)> + Clone) -> f64 {
    let scale = weight_scale(items.clone().map(|(w, _)| w));
    let (sum, total) = items.fold((0.0, 0.0), |(s, t), (w, x)| {
        let w = w * scale;
        (s + w * x, t + w)
    });
    if total > 0.0 && total.is_finite() {
        sum / total
    } else {
        0.0
    }
}

/// Sibling weights whose largest lies within 2^±512 (about 1e±154) are
/// summed as they are (the biased exponents of 2^-512 and 2^512 are 511
/// and 1535).
const PLAIN_WEIGHTS: std::ops::RangeInclusive<f64> =
    f64::from_bits(511 << 52)..=f64::from_bits(1535 << 52);

/// The power of two that a group of sibling weights is multiplied by
/// before it is summed: 1 while the largest weight lies within 2^±512,
/// as every sensible weight does, else the factor that brings the largest
/// into [1, 2) (or as near as 2^1023 brings a subnormal, which the model
/// refuses as a weight).
///
/// Multiplying by a power of two is exact (short of underflow), so every
/// ratio between the weights, and with them every weighted mean, stays
/// what it was; but the sums, even of 250,000 weights times scores up to
/// K, can no longer overflow. The model's weights are checked to add up
/// to a finite number ([`crate::input::model`]), yet under `scoring: mean` two
/// dimension weights of 8e307 times a score of 3 would pass 1.8e308 and
/// make the score infinite; scaled, they give the score 3.
fn weight_scale(weights: impl Iterator<Item = f64>) -> f64 {
    let largest = weights.fold(0.0_f64, f64::max);
    if !largest.is_finite() || largest <= 0.0 || PLAIN_WEIGHTS.contains(&largest) {
        return 1.0;
    }
    pow2((-exponent(largest)).clamp(-1074, 1023))
}

/// floor(log2(x)) of a finite x > 0, exactly (in -1074..=1023), read
/// from its bits: `log2` itself rounds 1.8e308 up to 1024.
fn exponent(x: f64) -> i32 {
    let bits = x.to_bits();
    let biased = i32::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    if biased > 0 {
        biased - 1023
    } else {
        // A subnormal: the mantissa m times 2^-1074.
        let mantissa = bits & ((1 << 52) - 1);
        let width = i32::try_from(64 - mantissa.leading_zeros()).unwrap_or(1);
        width - 1 - 1074
    }
}

/// 2^e for e in -1074..=1023, exactly.
fn pow2(e: i32) -> f64 {
    if e >= -1022 {
        f64::from_bits(u64::from((e + 1023).unsigned_abs()) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074).unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EPSILON;
    use crate::domain::model::ModelIndex;
    use crate::input::assessment::tests::{X, example_model};
    use crate::input::assessment::{self, Context};

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

    #[test]
    fn weights_are_scaled_by_exact_powers_of_two() {
        assert_eq!(pow2(0), 1.0);
        assert_eq!(pow2(1023), 2f64.powi(1023));
        assert_eq!(pow2(-1022), f64::MIN_POSITIVE);
        assert_eq!(pow2(-1074), f64::from_bits(1));
        for (x, e) in [(1.0, 0), (1.5, 0), (2.0, 1), (0.75, -1), (f64::MAX, 1023)] {
            assert_eq!(exponent(x), e, "{x}");
        }
        assert_eq!(exponent(f64::MIN_POSITIVE), -1022);
        assert_eq!(exponent(5e-324), -1074);
        assert_eq!(exponent(f64::MIN_POSITIVE / 2.0), -1023);
        assert_eq!(*PLAIN_WEIGHTS.start(), 2f64.powi(-512));
        assert_eq!(*PLAIN_WEIGHTS.end(), 2f64.powi(512));
        // Sensible weights are summed as they are: results stay bit for bit.
        assert_eq!(weight_scale([1.0, 2.0, 1e100].into_iter()), 1.0);
        assert_eq!(weight_scale([f64::NAN, f64::INFINITY].into_iter()), 1.0);
        // Beyond 2^±512 the largest is brought into [1, 2).
        for largest in [1.7e308, f64::MAX, 1e200, 1e-200, f64::MIN_POSITIVE] {
            let scaled = largest * weight_scale([largest / 4.0, largest].into_iter());
            assert!((1.0..2.0).contains(&scaled), "{largest}: {scaled}");
        }
        // A subnormal (refused as a weight) gets as near as 2^1023 brings it.
        assert_eq!(5e-324 * weight_scale([5e-324].into_iter()), 2f64.powi(-51));
        // Two weights of 1.7e308 (that add up to infinity) weigh alike.
        let mean = weighted_mean([(1.7e308, 1.0), (1.7e308, 0.0)].into_iter());
        assert_eq!(mean, 0.5);
    }

    /// Every number of `s` is finite; vectors lie in [0, 1], scores in
    /// [0, K], overall weights in [0, 1] and add up to 1.
    fn assert_sane(s: &AssessmentScores, k: u32) {
        let scopes = std::iter::once(&s.overall)
            .chain(s.dimensions.iter().flatten())
            .chain(s.capabilities.iter().flatten());
        for scope in scopes {
            assert!(
                scope.vector.iter().all(|v| (0.0..=1.0).contains(v)),
                "{scope:?}"
            );
            assert!(
                scope.score.is_finite() && (0.0..=f64::from(k)).contains(&scope.score),
                "{scope:?}"
            );
        }
        assert!(
            s.overall_weights.iter().all(|w| (0.0..=1.0).contains(w)),
            "{:?}",
            s.overall_weights
        );
        let total: f64 = s.overall_weights.iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{:?}", s.overall_weights);
    }

    #[test]
    fn extreme_weights_give_finite_scores() {
        let base = crate::input::model::tests::EXAMPLE;
        for (big, small) in [
            (8e307, 8e307),
            (1e308, 7e307),
            (1e308, 1.0),
            (2.3e-308, 2.3e-308),
            (1e-300, 1e300),
            (f64::MAX, f64::MIN_POSITIVE),
        ] {
            let src = base
                .replace("weight: 2", &format!("weight: {big:e}"))
                .replace(
                    "  - id: d2\n    name: D2\n",
                    &format!("  - id: d2\n    name: D2\n    weight: {small:e}\n"),
                )
                .replace(
                    "{id: a, name: A,",
                    &format!("{{id: a, name: A, weight: {small:e},"),
                )
                .replace(
                    "{id: b, name: B,",
                    &format!("{{id: b, name: B, weight: {big:e},"),
                )
                .replace(
                    "{id: c1, text: c one}",
                    &format!("{{id: c1, text: c one, weight: {big:e}}}"),
                )
                .replace(
                    "{id: c2, text: c two}",
                    &format!("{{id: c2, text: c two, weight: {small:e}}}"),
                );
            for method in ["gated", "mean"] {
                let m = crate::input::model::parse(
                    "m.yaml",
                    &src.replace(
                        "threshold: 0.8",
                        &format!("threshold: 0.8\nscoring: {method}"),
                    ),
                )
                .unwrap_or_else(|p| panic!("{big} {small}: {p:?}"));
                for a in [X, Y] {
                    assert_sane(&scores(&m, a), m.max_level());
                }
            }
        }
        // Equal huge weights weigh as equal small ones do.
        let huge = base.replace("weight: 2", "weight: 8e307").replace(
            "  - id: d2\n    name: D2\n",
            "  - id: d2\n    name: D2\n    weight: 8e307\n",
        );
        let one = base.replace("weight: 2", "weight: 1");
        for method in ["gated", "mean"] {
            let with = |src: &str| {
                let m = crate::input::model::parse(
                    "m.yaml",
                    &src.replace(
                        "threshold: 0.8",
                        &format!("threshold: 0.8\nscoring: {method}"),
                    ),
                )
                .unwrap();
                scores(&m, X)
            };
            let (h, o) = (with(&huge), with(&one));
            assert_eq!(h.overall.level, o.overall.level);
            assert!(close(h.overall.score, o.overall.score), "{h:?} {o:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn weighted_means_of_any_valid_weights_are_finite_and_between_the_parts(
            parts in proptest::collection::vec(
                // Decimal exponents of the weights: anywhere, or near the top.
                (proptest::prop_oneof![-307.0f64..308.2, 306.0f64..308.2], 0.0f64..=1.0),
                1..12,
            ),
            k in 1u32..8,
        ) {
            let parts: Vec<(f64, f64)> = parts
                .into_iter()
                .map(|(e, x)| (10f64.powf(e).clamp(f64::MIN_POSITIVE, f64::MAX), x))
                .collect();
            // Only weights that add up to a finite number pass the model.
            proptest::prop_assume!(parts.iter().map(|(w, _)| w).sum::<f64>().is_finite());
            let lo = parts.iter().map(|(_, x)| *x).fold(1.0, f64::min);
            let hi = parts.iter().map(|(_, x)| *x).fold(0.0, f64::max);
            let mean = weighted_mean(parts.iter().copied());
            proptest::prop_assert!(mean.is_finite() && mean >= lo - 1e-12 && mean <= hi + 1e-12, "{mean} of {parts:?}");
            // Scores up to K, under both methods, through `aggregate`.
            let scored: Vec<(f64, Scored)> = parts
                .iter()
                .map(|&(w, x)| (w, evaluate(Method::Mean, 0.8, vec![x; k as usize], None)))
                .collect();
            for method in [Method::Gated, Method::Mean] {
                let s = aggregate(method, 0.8, k, scored.iter().map(|(w, s)| (*w, s)));
                let s = s.ok_or_else(|| proptest::test_runner::TestCaseError::fail("no parts"))?;
                proptest::prop_assert!(s.vector.iter().all(|v| v.is_finite() && (lo - 1e-12..=hi + 1e-12).contains(v)), "{s:?}");
                proptest::prop_assert!(s.score.is_finite() && s.score >= 0.0 && s.score <= f64::from(k) + 1e-9, "{s:?}");
            }
        }

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
