//! Natural ordering of strings such as assessment periods.
//!
//! Period labels are free-form strings (`2025`, `2025-h1`, `2025-q10`), and a
//! plain lexical sort puts `2025-q10` before `2025-q2`. Comparing runs of
//! digits by their numeric value fixes that without having to know anything
//! about the naming scheme a given assessment uses.

use std::cmp::Ordering;

/// Compares two strings in natural order: runs of ASCII digits compare by
/// numeric value (arbitrary length, no overflow: compare by stripped length
/// then lexically), other runs compare by char; ties broken by plain byte
/// comparison so the order is total and deterministic.
///
/// A digit run compared against a non-digit character compares as its first
/// digit would. Because the ASCII digits are contiguous, that gives the same
/// answer whichever digit it is, so every digit run sorts after characters
/// below `'0'` (such as `-` and `.`) and before characters above `'9'` (such
/// as letters). That keeps the order transitive.
///
/// For example `"2025-q2" < "2025-q10"`, `"2025" < "2025-h1"`, and
/// `"2025-01" < "2025-1"` (numerically equal, so the byte tie-break decides).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    match natural_cmp_primary(a, b) {
        // Numerically equal strings ("01" and "1") still need a fixed order, or
        // sorting would depend on the order of the input.
        Ordering::Equal => a.as_bytes().cmp(b.as_bytes()),
        unequal => unequal,
    }
}

/// The natural comparison without the tie-break: `Equal` when the strings
/// differ only in leading zeros of their digit runs.
fn natural_cmp_primary(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        match (ab.get(i), bb.get(j)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run_a = digit_run(ab, i);
                let run_b = digit_run(bb, j);
                i += run_a.len();
                j += run_b.len();
                let ord = compare_digit_runs(run_a, run_b);
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(_), Some(_)) => {
                // `i` and `j` only ever advance by whole chars or by ASCII digit
                // runs, so both are char boundaries and slicing cannot panic.
                let ca = a.get(i..).and_then(|s| s.chars().next());
                let cb = b.get(j..).and_then(|s| s.chars().next());
                match (ca, cb) {
                    (Some(ca), Some(cb)) => {
                        let ord = ca.cmp(&cb);
                        if ord != Ordering::Equal {
                            return ord;
                        }
                        i += ca.len_utf8();
                        j += cb.len_utf8();
                    }
                    // Unreachable for valid `&str` input; fall back to bytes
                    // rather than panicking.
                    _ => return ab[i..].cmp(&bb[j..]),
                }
            }
        }
    }
}

/// The maximal run of ASCII digits starting at `start`.
fn digit_run(bytes: &[u8], start: usize) -> &[u8] {
    let rest = bytes.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    &rest[..len]
}

/// Compares two digit runs by numeric value without parsing them, so runs of
/// any length work: after stripping leading zeros a longer run is a larger
/// number, and equal-length runs compare lexically.
fn compare_digit_runs(a: &[u8], b: &[u8]) -> Ordering {
    let a = strip_leading_zeros(a);
    let b = strip_leading_zeros(b);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_leading_zeros(run: &[u8]) -> &[u8] {
    let zeros = run.iter().take_while(|&&b| b == b'0').count();
    &run[zeros..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(natural_cmp(a, b), Ordering::Less, "{a:?} < {b:?}");
        assert_eq!(natural_cmp(b, a), Ordering::Greater, "{b:?} > {a:?}");
    }

    #[test]
    fn years_and_halves() {
        lt("2024", "2025");
        lt("2025", "2025-h2");
        lt("2025", "2025-h1");
        lt("2025-h1", "2025-h2");
        lt("2024-h2", "2025");
        lt("999", "1000");
    }

    #[test]
    fn quarters_compare_numerically() {
        lt("2025-q2", "2025-q10");
        lt("2025-q9", "2025-q10");
        lt("2025-q10", "2026-q1");
    }

    #[test]
    fn sorting_a_list_of_periods() {
        let mut periods = vec![
            "2025-q10", "2025-h2", "2025", "2024", "2025-q2", "2025-h1", "2025-q1",
        ];
        periods.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            periods,
            vec![
                "2024", "2025", "2025-h1", "2025-h2", "2025-q1", "2025-q2", "2025-q10"
            ]
        );
    }

    #[test]
    fn leading_zeros_are_numerically_equal_but_tie_broken_by_bytes() {
        assert_eq!(natural_cmp_primary("2025-01", "2025-1"), Ordering::Equal);
        // b'0' < b'1', so the zero-padded form comes first, always.
        lt("2025-01", "2025-1");
        lt("2025-01-x", "2025-1-x");
        lt("0", "00");
        // The numeric comparison still wins over the tie-break.
        lt("2025-1", "2025-02");
        lt("007", "8");
    }

    #[test]
    fn very_long_digit_runs_do_not_overflow() {
        let big = "9".repeat(200);
        let bigger = format!("1{}", "0".repeat(200));
        lt(&big, &bigger);
        let padded = format!("{}{}", "0".repeat(500), big);
        assert_eq!(natural_cmp_primary(&padded, &big), Ordering::Equal);
        lt(&padded, &big);
        lt(&format!("x{big}y"), &format!("x{big}z"));
        lt(&format!("{big}8"), &format!("{big}9"));
    }

    #[test]
    fn empty_strings() {
        assert_eq!(natural_cmp("", ""), Ordering::Equal);
        lt("", "0");
        lt("", "a");
        lt("", "-");
    }

    #[test]
    fn equal_strings_are_equal() {
        for s in ["2025", "2025-q2", "é1ü", "00", "a0b00c"] {
            assert_eq!(natural_cmp(s, s), Ordering::Equal);
        }
    }

    #[test]
    fn digits_versus_other_characters() {
        // Digit runs sit between characters below '0' and above '9'.
        lt("a-", "a1");
        lt("a1", "aa");
        lt("a.", "a99999");
        lt("a99999", "a~");
        // Non-ASCII digits are ordinary characters.
        lt("1", "١");
        lt("z", "é");
    }

    /// Strings from a small alphabet, so that prefixes, equal digit runs and
    /// leading zeros are common.
    fn period() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-c.-]{0,8}",
            "(20[0-9]{2})?(-[hq][0-9]{1,2})?",
            "0{0,3}[0-9]{0,3}[a-b]?0{0,2}[0-9]{0,2}",
            ".{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn antisymmetric_and_equal_only_when_identical(a in period(), b in period()) {
            let ab = natural_cmp(&a, &b);
            prop_assert_eq!(ab, natural_cmp(&b, &a).reverse());
            prop_assert_eq!(ab == Ordering::Equal, a == b);
            prop_assert_eq!(natural_cmp(&a, &a), Ordering::Equal);
        }

        #[test]
        fn transitive(a in period(), b in period(), c in period()) {
            let triple = [&a, &b, &c];
            for (x, y, z) in [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)] {
                let (x, y, z) = (triple[x], triple[y], triple[z]);
                let xy = natural_cmp(x, y);
                let yz = natural_cmp(y, z);
                let xz = natural_cmp(x, z);
                if xy != Ordering::Greater && yz != Ordering::Greater {
                    prop_assert!(xz != Ordering::Greater, "{:?} <= {:?} <= {:?}", x, y, z);
                }
                if xy == Ordering::Less && yz != Ordering::Greater {
                    prop_assert_eq!(xz, Ordering::Less);
                }
            }
        }

        #[test]
        fn sorted_lists_are_pairwise_ordered(mut v in proptest::collection::vec(period(), 0..12)) {
            v.sort_by(|x, y| natural_cmp(x, y));
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    prop_assert!(natural_cmp(&v[i], &v[j]) != Ordering::Greater);
                }
            }
        }
    }
}
