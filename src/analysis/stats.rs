//! Descriptive statistics of scoring.md §5: quartiles by linear
//! interpolation (the default of R and NumPy), means, percentile ranks.

use serde::Serialize;

use crate::domain::EPSILON;

/// Summary statistics of a set of scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// How many values.
    pub n: usize,
    /// Smallest value.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
}

pub use crate::domain::reference::PeerBand;

impl From<&Summary> for PeerBand {
    fn from(s: &Summary) -> PeerBand {
        PeerBand {
            n: s.n,
            q1: s.q1,
            median: s.median,
            q3: s.q3,
        }
    }
}

impl Summary {
    /// Statistics of `values` (any order; sorted in place). `None` when empty.
    pub fn of(values: &mut [f64]) -> Option<Summary> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        Some(Summary {
            n,
            min: values[0],
            q1: quantile_sorted(values, 0.25),
            median: quantile_sorted(values, 0.5),
            q3: quantile_sorted(values, 0.75),
            max: values[n - 1],
            mean: values.iter().sum::<f64>() / n as f64,
        })
    }
}

/// The `p`-quantile of sorted values, interpolating linearly between order
/// statistics at position `(n - 1) * p` (0-based).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lower = pos.floor() as usize;
            let upper = (lower + 1).min(n - 1);
            let fraction = pos - lower as f64;
            sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
        }
    }
}

/// The median of `values` (sorted in place); `None` when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(quantile_sorted(values, 0.5))
}

/// Percentile rank of `x` among `sorted` (which includes `x` itself):
/// `100 * (number below + 0.5 * number equal) / n`. Values within 1e-9
/// count as equal.
pub fn percentile_rank(sorted: &[f64], x: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let below = sorted.partition_point(|v| *v < x - EPSILON);
    let up_to = sorted.partition_point(|v| *v <= x + EPSILON);
    let equal = up_to - below;
    Some(100.0 * (below as f64 + 0.5 * equal as f64) / sorted.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn spec_example() {
        let mut v = vec![3.0, 1.0, 4.0, 1.5, 2.5, 2.0];
        let s = Summary::of(&mut v).unwrap();
        assert_eq!(s.n, 6);
        assert!(close(s.q1, 1.625));
        assert!(close(s.median, 2.25));
        assert!(close(s.q3, 2.875));
        assert!(close(s.mean, 14.0 / 6.0));
        assert_eq!((s.min, s.max), (1.0, 4.0));
        let rank = percentile_rank(&v, 2.0).unwrap();
        assert!(close(rank, 100.0 * 2.5 / 6.0), "{rank}");
        assert!(close(rank, 41.666_666_666_666_67));
    }

    #[test]
    fn small_sets_and_ties() {
        assert_eq!(Summary::of(&mut []), None);
        let s = Summary::of(&mut [2.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (2.0, 2.0, 2.0));
        assert!(close(quantile_sorted(&[1.0, 2.0], 0.25), 1.25));
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        // Ties: three equal values, one below.
        let v = [1.0, 2.0, 2.0, 2.0];
        assert!(close(
            percentile_rank(&v, 2.0).unwrap(),
            100.0 * (1.0 + 1.5) / 4.0
        ));
        assert!(close(percentile_rank(&v, 1.0).unwrap(), 12.5));
        // 0.7999999999999999 ties with 0.8.
        assert!(close(
            percentile_rank(&[0.8, 0.9], 0.799_999_999_999_999_9).unwrap(),
            25.0
        ));
    }

    proptest::proptest! {
        #[test]
        fn quartiles_are_ordered(mut v in proptest::collection::vec(0.0f64..5.0, 1..50)) {
            let s = Summary::of(&mut v).unwrap();
            proptest::prop_assert!(s.min <= s.q1 && s.q1 <= s.median && s.median <= s.q3 && s.q3 <= s.max);
            proptest::prop_assert!(s.min - 1e-12 <= s.mean && s.mean <= s.max + 1e-12);
            for x in &v {
                let r = percentile_rank(&v, *x).unwrap();
                proptest::prop_assert!(r > 0.0 && r <= 100.0);
            }
        }
    }
}
