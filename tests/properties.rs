//! Property tests of the scorer, on random models and assessments built in
//! memory: `floor(score) == level` at every scope, and under `gated`
//! raising any rating never lowers any score. (That no input makes the
//! loaders panic, and the same scoring properties reached through the YAML
//! loaders, are fuzzed at scale in `tests/fuzz.rs`.)

mod generators;

use generators::{all_scopes, arb_model, assessment_for, raise};
use proptest::prelude::*;
use rungs::analysis::score::score;
use rungs::domain::EPSILON;
use rungs::domain::model::Method;

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
