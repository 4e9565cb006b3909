//! What an assessment should do next (scoring.md §6-7): weak links, the
//! roadmap to its target level, progress toward that target and since the
//! previous period, and the sector roadmap of a cohort.

use std::cmp::Reverse;

use crate::analysis::benchmark::{self, Benchmarks, Cohort, Peers};
use crate::analysis::score::AssessmentScores;
use crate::domain::EPSILON;
use crate::domain::assessment::{Assessment, Form};
use crate::domain::config::RoadmapTarget;
use crate::domain::model::{Model, Requirement};
use crate::domain::site::Site;

/// Everything the report of one assessment says beyond its own scores.
#[derive(Clone, Debug)]
pub struct Analysis<'b> {
    /// The published figures it is compared with, if any.
    pub peers: Option<Peers<'b>>,
    /// Percentile rank of the overall score among the peers: only among
    /// this site's own cohorts, whose scores are at hand, and never in a
    /// private report (it is not a published figure).
    pub percentile: Option<f64>,
    /// At most five capabilities, weakest first.
    pub weak_links: Vec<WeakLink>,
    /// The way to the target level.
    pub roadmap: Roadmap,
    /// Progress toward the target: `1 - gap / target`, overall and per dimension.
    pub to_target: ToTarget,
    /// Change since the organisation's previous published report.
    pub change: Option<Change>,
}

/// A capability that lags.
#[derive(Clone, Debug, PartialEq)]
pub struct WeakLink {
    /// Capability index in model order.
    pub capability: usize,
    /// The organisation's score of the capability.
    pub score: f64,
    /// The peers' median for it, when there are peers.
    pub peer_median: Option<f64>,
}

/// A roadmap: phases from the current level to the target.
#[derive(Clone, Debug, PartialEq)]
pub struct Roadmap {
    /// The target level T.
    pub target: u32,
    /// One phase per level from L + 1 to T (empty when L >= T).
    pub phases: Vec<Phase>,
}

/// The steps to reach one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// The level this phase reaches.
    pub level: u32,
    /// Steps, highest priority first.
    pub steps: Vec<Step>,
}

/// Raise one capability to the phase's level.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Capability index in model order.
    pub capability: usize,
    /// Its current level.
    pub level: u32,
    /// Its current score.
    pub score: f64,
    /// W_c · (g - score) · (1 + max(0, peer median - score)).
    pub priority: f64,
    /// What of the phase's level is not fully met.
    pub unmet: Vec<Unmet>,
}

/// A requirement of the target level that is not fully met.
#[derive(Clone, Debug, PartialEq)]
pub enum Unmet {
    /// A criterion rated below full (`None`: not rated).
    Criterion {
        /// Index of the criterion within the level.
        index: usize,
        /// The rating the assessment gives the criterion, if any.
        rating: Option<f64>,
    },
    /// The level as a whole (a text requirement, or criteria assessed
    /// together), met to this satisfaction.
    Level {
        /// s_g, the satisfaction of the requirement's level (scoring.md §1).
        satisfaction: f64,
    },
}

/// Progress toward the target level.
#[derive(Clone, Debug, PartialEq)]
pub struct ToTarget {
    /// The target level.
    pub target: u32,
    /// `1 - max(0, target - score) / target`, overall.
    pub overall: f64,
    /// The same per dimension (`None` when not applicable).
    pub dimensions: Vec<Option<f64>>,
}

/// Change since the previous published report of the same organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The previous report's period.
    pub previous_period: String,
    /// Its index in `Site::assessments`.
    pub previous: usize,
    /// Overall score difference.
    pub overall: f64,
    /// Per dimension (`None` when not applicable in either period).
    pub dimensions: Vec<Option<f64>>,
}

/// How many weak links a report lists.
pub const WEAK_LINKS: usize = 5;

/// For whom a report is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everyone: a page of the public site.
    Public,
    /// The assessed organisation alone (`private_reports`): compared only
    /// with published figures (no percentile), and its change since its
    /// previous assessment, published or not (its own figures).
    Organization,
}

/// Analyses assessment `i` of the site for `audience`.
pub fn analyse_for<'b>(
    site: &Site,
    scores: &[AssessmentScores],
    benchmarks: &'b Benchmarks,
    i: usize,
    audience: Audience,
) -> Analysis<'b> {
    let a = &site.assessments[i];
    let s = &scores[i];
    let model = &site.model;
    let peers = benchmarks.peers_of(a);
    let medians = peers.map(Peers::capability_medians);
    let medians = medians.as_deref();
    let target = target_level(model, a, s, site.config.roadmap.target);
    let public = audience == Audience::Public;
    Analysis {
        peers,
        percentile: peers
            .and_then(Peers::cohort)
            .filter(|_| public)
            .and_then(|p| benchmark::percentile(p, s.overall.score)),
        weak_links: weak_links(s, medians),
        roadmap: roadmap(model, a, s, target, medians),
        to_target: to_target(s, target),
        change: change_since(site, scores, i, |j| !public || site.assessments[j].publish),
    }
}

/// T: the assessment's target, else site.yaml's, capped at K.
pub fn target_level(
    model: &Model,
    a: &Assessment,
    s: &AssessmentScores,
    default: RoadmapTarget,
) -> u32 {
    let wanted = a.target.unwrap_or(match default {
        RoadmapTarget::Next => s.overall.level + 1,
        RoadmapTarget::Level(l) => l,
    });
    wanted.min(model.max_level())
}

/// Sort key that treats scores within 1e-9 as equal, so ties are decided by
/// the tie rules and not by floating-point noise.
fn tolerant(x: f64) -> i64 {
    (x / EPSILON).round() as i64
}

/// The weak links of scoring.md §6. `medians` are the peers' capability
/// medians, `None` without peers.
pub fn weak_links(s: &AssessmentScores, medians: Option<&[Option<f64>]>) -> Vec<WeakLink> {
    let mut links: Vec<(i64, usize, WeakLink)> = s
        .capabilities
        .iter()
        .enumerate()
        .filter_map(|(c, scored)| {
            let score = scored.as_ref()?.score;
            match medians {
                Some(m) => {
                    let median = m.get(c).copied().flatten()?;
                    let gap = median - score;
                    (gap > EPSILON).then(|| {
                        (
                            -tolerant(gap),
                            c,
                            WeakLink {
                                capability: c,
                                score,
                                peer_median: Some(median),
                            },
                        )
                    })
                }
                None => Some((
                    tolerant(score),
                    c,
                    WeakLink {
                        capability: c,
                        score,
                        peer_median: None,
                    },
                )),
            }
        })
        .collect();
    // Largest gap (or lowest score) first; ties: larger W_c, then model order.
    links.sort_by_key(|(key, c, _)| (*key, Reverse(tolerant(s.overall_weights[*c])), *c));
    links
        .into_iter()
        .take(WEAK_LINKS)
        .map(|(_, _, l)| l)
        .collect()
}

/// The roadmap of scoring.md §7.
pub fn roadmap(
    model: &Model,
    a: &Assessment,
    s: &AssessmentScores,
    target: u32,
    medians: Option<&[Option<f64>]>,
) -> Roadmap {
    let current = s.overall.level;
    let phases = (current + 1..=target)
        .map(|g| {
            let mut steps: Vec<Step> = model
                .capabilities()
                .filter_map(|(ci, cap)| {
                    let c = ci.flat;
                    let scored = s.capabilities[c].as_ref()?;
                    if scored.level >= g {
                        return None;
                    }
                    let behind = medians
                        .and_then(|m| m.get(c).copied().flatten())
                        .map_or(0.0, |m| (m - scored.score).max(0.0));
                    let priority =
                        s.overall_weights[c] * (f64::from(g) - scored.score) * (1.0 + behind);
                    Some(Step {
                        capability: c,
                        level: scored.level,
                        score: scored.score,
                        priority,
                        unmet: unmet(
                            &a.capabilities[c].form,
                            &cap.requirements,
                            &scored.vector,
                            g,
                        ),
                    })
                })
                .collect();
            steps.sort_by_key(|st| (Reverse(tolerant(st.priority)), st.capability));
            Phase { level: g, steps }
        })
        .collect();
    Roadmap { target, phases }
}

/// What level `g` asks that is not fully met.
fn unmet(form: &Form, requirements: &[Requirement], vector: &[f64], g: u32) -> Vec<Unmet> {
    let li = g as usize - 1;
    let satisfaction = vector.get(li).copied().unwrap_or(0.0);
    // Every report's roadmap is kept until the site is written: no slack.
    let mut unmet: Vec<Unmet> = match (form, requirements.get(li)) {
        (Form::Criteria(ratings), Some(Requirement::Criteria(criteria))) => criteria
            .iter()
            .enumerate()
            .filter_map(|(index, _)| {
                let rating = ratings
                    .get(li)
                    .and_then(|r| r.get(index).copied().flatten());
                (rating.unwrap_or(0.0) < 1.0 - EPSILON)
                    .then_some(Unmet::Criterion { index, rating })
            })
            .collect(),
        _ if satisfaction < 1.0 - EPSILON => vec![Unmet::Level { satisfaction }],
        _ => Vec::new(),
    };
    unmet.shrink_to_fit();
    unmet
}

/// Percent-to-target: `1 - gap / target` with `gap = max(0, target - score)`.
pub fn to_target(s: &AssessmentScores, target: u32) -> ToTarget {
    let t = f64::from(target.max(1));
    let share = |score: f64| 1.0 - (t - score).max(0.0) / t;
    ToTarget {
        target,
        overall: share(s.overall.score),
        dimensions: s
            .dimensions
            .iter()
            .map(|d| d.as_ref().map(|d| share(d.score)))
            .collect(),
    }
}

/// Change since the previous *published* report of the same organisation
/// (an unpublished one must not leak through a difference).
pub fn change(site: &Site, scores: &[AssessmentScores], i: usize) -> Option<Change> {
    change_since(site, scores, i, |j| site.assessments[j].publish)
}

/// The change of assessment `i` since the latest earlier assessment `j` of
/// the same organisation for which `counts(j)`.
fn change_since(
    site: &Site,
    scores: &[AssessmentScores],
    i: usize,
    counts: impl Fn(usize) -> bool,
) -> Option<Change> {
    let org = &site.assessments[i].organization.id;
    // Assessments are sorted by organisation, then period.
    let previous = (0..i)
        .rev()
        .take_while(|&j| site.assessments[j].organization.id == *org)
        .find(|&j| counts(j))?;
    let (now, before) = (&scores[i], &scores[previous]);
    Some(Change {
        previous_period: site.assessments[previous].period.clone(),
        previous,
        overall: now.overall.score - before.overall.score,
        dimensions: now
            .dimensions
            .iter()
            .zip(&before.dimensions)
            .map(|(a, b)| Some(a.as_ref()?.score - b.as_ref()?.score))
            .collect(),
    })
}

/// One level of a cohort's sector roadmap.
#[derive(Clone, Debug, PartialEq)]
pub struct SectorLevel {
    /// The level g to reach.
    pub level: u32,
    /// Members at level g - 1.
    pub members: usize,
    /// Capabilities most often below g among them: (capability, count), most frequent first.
    pub capabilities: Vec<(usize, usize)>,
}

/// The sector roadmap of a cohort: for each level g, the capabilities that
/// most often stand below g among the members at level g - 1. A level that
/// [`Benchmarks::compute`] withheld (fewer than k such members, or a
/// figure that could single out unpublished ones) is left out.
pub fn sector_roadmap(
    model: &Model,
    cohort: &Cohort,
    scores: &[AssessmentScores],
) -> Vec<SectorLevel> {
    (1..=model.max_level())
        .filter_map(|g| {
            if !cohort
                .roadmap_levels
                .get(g as usize - 1)
                .copied()
                .unwrap_or(false)
            {
                return None;
            }
            let at: Vec<usize> = cohort
                .members
                .iter()
                .copied()
                .filter(|&i| scores[i].overall.level == g - 1)
                .collect();
            let mut counts: Vec<(usize, usize)> = (0..model.capability_count())
                .map(|c| {
                    (
                        c,
                        at.iter()
                            .filter(|&&i| {
                                scores[i].capabilities[c]
                                    .as_ref()
                                    .is_some_and(|s| s.level < g)
                            })
                            .count(),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            counts.sort_by_key(|(c, n)| (Reverse(*n), *c));
            counts.truncate(WEAK_LINKS);
            Some(SectorLevel {
                level: g,
                members: at.len(),
                capabilities: counts,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::score::score;
    use crate::domain::model::ModelIndex;
    use crate::input::assessment::tests::{X, example_model};
    use crate::input::assessment::{self, Context};

    fn x() -> (Model, Assessment, AssessmentScores) {
        let m = example_model();
        let index = ModelIndex::new(&m);
        let cx = Context {
            model: &m,
            index: &index,
            publish_default: true,
        };
        let a = assessment::parse("x.yaml", X, &cx).unwrap();
        let s = score(&m, &a);
        (m, a, s)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn worked_example_roadmap_without_peers() {
        let (m, a, s) = x();
        // Target 2: one phase, c (0.1667, c3 rated partial) before b (0.1333).
        let r = roadmap(&m, &a, &s, 2, None);
        assert_eq!(r.phases.len(), 1);
        let p = &r.phases[0];
        assert_eq!(p.level, 2);
        let order: Vec<usize> = p.steps.iter().map(|st| st.capability).collect();
        assert_eq!(order, vec![2, 1]);
        assert!(close(p.steps[0].priority, 0.1667) && close(p.steps[1].priority, 0.1333));
        assert_eq!(
            p.steps[0].unmet,
            vec![Unmet::Criterion {
                index: 0,
                rating: Some(0.5)
            }]
        );
        assert_eq!(p.steps[1].unmet, vec![Unmet::Level { satisfaction: 0.6 }]);
        // Target 3: phase 2 orders c (0.5), b (0.4667), a (0.1667).
        let r = roadmap(&m, &a, &s, 3, None);
        assert_eq!(r.phases.len(), 2);
        let p = &r.phases[1];
        assert_eq!(p.level, 3);
        let got: Vec<(usize, f64)> = p
            .steps
            .iter()
            .map(|st| (st.capability, st.priority))
            .collect();
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), vec![2, 1, 0]);
        assert!(close(got[0].1, 0.5) && close(got[1].1, 0.4667) && close(got[2].1, 0.1667));
        // c4 at level 3 was never rated: listed as not rated.
        assert_eq!(
            p.steps[0].unmet,
            vec![Unmet::Criterion {
                index: 0,
                rating: None
            }]
        );
    }

    #[test]
    fn worked_example_weak_links_without_peers() {
        let (_, _, s) = x();
        let w: Vec<usize> = weak_links(&s, None).iter().map(|l| l.capability).collect();
        assert_eq!(w, vec![2, 1, 0], "c (1.5), b (1.6), a (2.5)");
    }

    #[test]
    fn weak_links_against_peers_only_strictly_below_with_tie_rules() {
        let (_, _, s) = x();
        // a 2.5 vs 3.0 (gap 0.5); b 1.6 vs 2.1 (gap 0.5); c 1.5 vs 1.5 (not below).
        let medians = [Some(3.0), Some(2.1), Some(1.5)];
        let w = weak_links(&s, Some(&medians));
        // a and b tie on gap and on W_c (1/3 each): model order.
        assert_eq!(
            w.iter().map(|l| l.capability).collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert_eq!(w[0].peer_median, Some(3.0));
        // Larger W_c wins a tie: give b more weight.
        let mut s2 = s.clone();
        s2.overall_weights = vec![0.2, 0.5, 0.3];
        let w = weak_links(&s2, Some(&medians));
        assert_eq!(
            w.iter().map(|l| l.capability).collect::<Vec<_>>(),
            vec![1, 0]
        );
        // A capability without a peer median is not compared.
        let w = weak_links(&s, Some(&[None, Some(2.1), None]));
        assert_eq!(w.iter().map(|l| l.capability).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn peers_raise_priority() {
        let (m, a, s) = x();
        // b is 0.9 below its peer median: priority 1/3 * 0.4 * 1.9.
        let r = roadmap(&m, &a, &s, 2, Some(&[Some(2.0), Some(2.5), None]));
        let b = r.phases[0]
            .steps
            .iter()
            .find(|st| st.capability == 1)
            .unwrap();
        assert!(close(b.priority, 1.0 / 3.0 * 0.4 * 1.9));
        assert_eq!(r.phases[0].steps[0].capability, 1, "b now comes first");
    }

    #[test]
    fn targets_and_progress() {
        let (m, a, s) = x();
        assert_eq!(
            target_level(&m, &a, &s, RoadmapTarget::Next),
            3,
            "the assessment's own target"
        );
        let mut b = a.clone();
        b.target = None;
        assert_eq!(target_level(&m, &b, &s, RoadmapTarget::Next), 2);
        assert_eq!(
            target_level(&m, &b, &s, RoadmapTarget::Level(9)),
            3,
            "capped at K"
        );
        let t = to_target(&s, 3);
        assert!(close(t.overall, 1.7 / 3.0));
        assert!(close(t.dimensions[0].unwrap(), 2.25 / 3.0));
        let t = to_target(&s, 1);
        assert_eq!(t.overall, 1.0, "above the target counts as reached");
        assert!(roadmap(&m, &a, &s, 1, None).phases.is_empty());
    }
}
