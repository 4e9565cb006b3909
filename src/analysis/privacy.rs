//! The privacy rule for unpublished assessments (scoring.md §5, "What is
//! withheld"): which published statistics may include them.
//!
//! Two unpublished assessments that every published statistic includes
//! together or leaves out together cannot be told apart by any figure or
//! by any combination of figures: swapping their records changes nothing
//! that is published. So the unpublished assessments fall into **classes**
//! of the same **signature** (the set of published statistics that include
//! them), and the rule is that every class with a non-empty signature has
//! at least k members. Then every statistic includes none or at least k
//! unpublished assessments, and whatever an attacker derives by
//! subtracting and combining figures holds alike for at least k of them.
//!
//! [`protect`] enforces it by turning statistics off (a cohort leaving its
//! unpublished members out, or a statistic over part of a cohort being
//! withheld). Turning a statistic off only ever merges classes, never
//! splits one, so each step makes progress and the loop ends.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a statistic may not include its unpublished members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyReason {
    /// It would include this many unpublished assessments, between 1 and
    /// k − 1: subtracting the published ones would give them away.
    FewUnpublished(usize),
    /// Combined with the other published figures of the period, it would
    /// single out fewer than k unpublished assessments.
    Combination,
}

/// Applies the rule to the statistics of one kind in one period.
///
/// `sets[c]` holds the unpublished assessments (any ids) that statistic `c`
/// includes, `on[c]` whether it is published. On return `on` is false for
/// every statistic that had to go, and each is listed with its reason, in
/// the order they went.
///
/// A statistic with 1 to k − 1 unpublished members goes first. Then, in
/// rounds, every statistic is scored by what its removal would do: how
/// many members of classes smaller than k it would bring into classes of
/// k or more (or into no published statistic at all), then how many small
/// classes it would merge with another. The best go, as many per round as
/// do not move the same classes (on a tie, the one with fewer unpublished
/// members, then the later one: "all" and the first attribute, the peer
/// cohorts, keep theirs longest). When no removal helps at once, the
/// smallest class loses the statistic of its signature with the fewest
/// unpublished members. A round costs time about linear in the members,
/// and a site needs few rounds.
pub fn protect(sets: &[Vec<usize>], on: &mut [bool], k: usize) -> Vec<(usize, PrivacyReason)> {
    let mut reasons = Vec::new();
    for (c, set) in sets.iter().enumerate() {
        if on[c] && !set.is_empty() && set.len() < k {
            on[c] = false;
            reasons.push((c, PrivacyReason::FewUnpublished(set.len())));
        }
    }
    let mut ids: Vec<usize> = sets.iter().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    loop {
        let classes = classes(sets, on, &ids);
        let small: Vec<(&Signature, usize)> = classes
            .iter()
            .filter(|(_, n)| **n < k)
            .map(|(s, n)| (s, *n))
            .collect();
        let Some(&(smallest, _)) = small.iter().min_by_key(|(s, n)| (*n, *s)) else {
            break;
        };
        let chosen = best_removals(&classes, &small, sets, k);
        let chosen = if chosen.is_empty() {
            smallest
                .iter()
                .map(|&c| c as usize)
                .min_by_key(|&c| (sets[c].len(), Reverse(c)))
                .into_iter()
                .collect()
        } else {
            chosen
        };
        for c in chosen {
            on[c] = false;
            reasons.push((c, PrivacyReason::Combination));
        }
    }
    reasons
}

/// The statistics that include a member, in ascending order.
type Signature = Vec<u32>;

/// Every class with a non-empty signature, with its size. `ids` are the
/// members of all `sets`, sorted.
fn classes(sets: &[Vec<usize>], on: &[bool], ids: &[usize]) -> Classes {
    // Each member's signature is the statistics that include it, in
    // ascending order: laid out in one buffer, a slice per member.
    let dense = |member: &usize| ids.binary_search(member).ok();
    let mut start = vec![0usize; ids.len() + 1];
    for (_, set) in sets.iter().enumerate().filter(|(c, _)| on[*c]) {
        for j in set.iter().filter_map(dense) {
            start[j + 1] += 1;
        }
    }
    for j in 0..ids.len() {
        start[j + 1] += start[j];
    }
    let mut fill = start.clone();
    let mut buffer = vec![0u32; start[ids.len()]];
    for (c, set) in sets.iter().enumerate().filter(|(c, _)| on[*c]) {
        for j in set.iter().filter_map(dense) {
            buffer[fill[j]] = c as u32;
            fill[j] += 1;
        }
    }
    let mut counts: HashMap<&[u32], usize, foldhash::fast::FixedState> = HashMap::default();
    for j in 0..ids.len() {
        let signature = &buffer[start[j]..start[j + 1]];
        if !signature.is_empty() {
            *counts.entry(signature).or_default() += 1;
        }
    }
    counts.into_iter().map(|(s, n)| (s.to_vec(), n)).collect()
}

/// Classes by signature. Nothing depends on the order of iteration: every
/// choice made from it is ordered by a total key.
type Classes = HashMap<Signature, usize, foldhash::fast::FixedState>;

/// Members of a class of `n` that count as too few: all of them when the
/// class is below k.
fn below(n: usize, k: usize) -> usize {
    if n < k { n } else { 0 }
}

/// What removing one statistic would do this round.
#[derive(Default)]
struct Effect {
    /// Members of small classes that would then be in a class of k or
    /// more, or in none.
    lifted: usize,
    /// Small classes that would merge with another class.
    merges: usize,
    /// The classes it would move (those that hold it and count here).
    moved: Vec<Signature>,
    /// The small classes they would merge into.
    into: Vec<Signature>,
}

/// The statistics to turn off this round: those whose removal lifts the
/// most members out of small classes (then: merges the most small
/// classes), best first. Removing c merges every class X that holds c
/// into X \ c; a removal is skipped when it would move a class that an
/// earlier choice of the round moves or merges into, or merge into one
/// that an earlier choice moves (the effects would not add up).
fn best_removals(
    classes: &Classes,
    small: &[(&Signature, usize)],
    sets: &[Vec<usize>],
    k: usize,
) -> Vec<usize> {
    let mut effects: BTreeMap<u32, Effect> = BTreeMap::new();
    let mut credit = |c: u32, x: &Signature, nx: usize, y: Signature| {
        let e = effects.entry(c).or_default();
        if y.is_empty() {
            // Its members would be counted nowhere: safe.
            e.lifted += below(nx, k);
        } else {
            let ny = classes.get(&y).copied().unwrap_or(0);
            e.lifted += below(nx, k) + below(ny, k) - below(nx + ny, k);
            if ny > 0 {
                e.merges += 1;
            }
            if below(ny, k) > 0 {
                e.into.push(y);
            }
        }
        e.moved.push(x.clone());
    };
    let without =
        |s: &Signature, c: u32| -> Signature { s.iter().copied().filter(|&x| x != c).collect() };
    // X small.
    for &(x, nx) in small {
        for &c in x {
            credit(c, x, nx, without(x, c));
        }
    }
    // X not small, X \ c small.
    let small_set: BTreeSet<&Signature> = small.iter().map(|(s, _)| *s).collect();
    for (x, &nx) in classes.iter().filter(|(_, n)| **n >= k) {
        for &c in x {
            let y = without(x, c);
            if small_set.contains(&y) {
                credit(c, x, nx, y);
            }
        }
    }
    let mut candidates: Vec<(u32, Effect)> = effects
        .into_iter()
        .filter(|(_, e)| e.lifted > 0 || e.merges > 0)
        .collect();
    candidates.sort_by_key(|(c, e)| {
        (
            Reverse(e.lifted),
            Reverse(e.merges),
            sets[*c as usize].len(),
            Reverse(*c),
        )
    });
    let mut moved: BTreeSet<Signature> = BTreeSet::new();
    let mut into: BTreeSet<Signature> = BTreeSet::new();
    let mut chosen = Vec::new();
    for (c, e) in candidates {
        if e.moved
            .iter()
            .any(|x| moved.contains(x) || into.contains(x))
            || e.into.iter().any(|y| moved.contains(y))
        {
            continue;
        }
        moved.extend(e.moved);
        into.extend(e.into);
        chosen.push(c as usize);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes of what is published are each at least `k`.
    fn classes_hold(sets: &[Vec<usize>], on: &[bool], k: usize) -> bool {
        let mut ids: Vec<usize> = sets.iter().flatten().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        classes(sets, on, &ids).values().all(|&n| n >= k)
    }

    #[test]
    fn a_statistic_with_fewer_than_k_unpublished_members_leaves_them_out() {
        // "all" holds 6 unpublished, sector a 4 of them, sector b 2.
        let sets = vec![(0..6).collect(), (0..4).collect(), vec![4, 5]];
        let mut on = vec![true; 3];
        let reasons = protect(&sets, &mut on, 5);
        assert_eq!(on, vec![true, false, false]);
        assert_eq!(
            reasons,
            vec![
                (1, PrivacyReason::FewUnpublished(4)),
                (2, PrivacyReason::FewUnpublished(2))
            ]
        );
    }

    #[test]
    fn combined_cohorts_cannot_single_out_a_class_below_k() {
        // all: 0..12; sector a: 0..6, sector b: 6..12; size large: 0..5
        // plus 6..9. Size large crosses the sectors: its classes
        // {0..5} (all, a, large) and {6..9} (all, b, large) are below 5,
        // so size large leaves its unpublished members out, and then
        // every class is a whole sector.
        let sets = vec![
            (0..12).collect(),
            (0..6).collect(),
            (6..12).collect(),
            (0..5).chain(6..9).collect(),
        ];
        let mut on = vec![true; 4];
        assert!(!classes_hold(&sets, &on, 5));
        let reasons = protect(&sets, &mut on, 5);
        assert_eq!(on, vec![true, true, true, false]);
        assert_eq!(reasons, vec![(3, PrivacyReason::Combination)]);
        assert!(classes_hold(&sets, &on, 5));
    }

    #[test]
    fn the_peer_cohorts_are_kept_longest_on_a_tie() {
        // Two cohorts of 6 that share 5: the later one goes.
        let sets = vec![(0..6).collect(), (1..7).collect()];
        let mut on = vec![true; 2];
        protect(&sets, &mut on, 5);
        assert_eq!(on, vec![true, false]);
    }

    #[test]
    fn protection_ends_with_every_class_at_least_k() {
        // Overlapping windows of 5 to 9 over 30 members: whatever is
        // kept, every class of what is kept is at least k.
        let sets: Vec<Vec<usize>> = (0..20).map(|i| (i..i + 5 + i % 5).collect()).collect();
        let mut on = vec![true; sets.len()];
        protect(&sets, &mut on, 5);
        assert!(classes_hold(&sets, &on, 5));
        assert!(on.iter().any(|&x| x), "something is kept");
    }

    #[test]
    fn many_small_cohorts_go_in_few_rounds_and_the_rest_stay() {
        // "all" and 3 sizes over 3,000 members; 500 regions of 6 that
        // cross the sizes, each region's classes below 5: every region
        // goes, in a few rounds, and nothing else.
        let n = 3000;
        let mut sets: Vec<Vec<usize>> = vec![(0..n).collect()];
        for z in 0..3 {
            sets.push((0..n).filter(|i| i % 3 == z).collect());
        }
        for r in 0..n / 6 {
            sets.push((r * 6..r * 6 + 6).collect());
        }
        let mut on = vec![true; sets.len()];
        let reasons = protect(&sets, &mut on, 5);
        assert_eq!(&on[..4], &[true; 4]);
        assert!(on[4..].iter().all(|&x| !x));
        assert_eq!(reasons.len(), n / 6);
        assert!(classes_hold(&sets, &on, 5));
    }
}
