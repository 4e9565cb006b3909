//! Sector benchmarks (scoring.md §5-6): cohorts, their statistics, peers
//! and percentile ranks.
//!
//! Suppression is decided here and nowhere else: [`Benchmarks`] holds only
//! the cohorts that may be published, so a page, chart, export or index
//! built from it cannot show a suppressed one. Besides cohorts smaller than
//! `min_cohort_size` (primary suppression), the smallest published cohorts
//! of an attribute are withheld too when the assessments left out of that
//! attribute's published cohorts would otherwise number between 1 and
//! k - 1: their statistics could be recovered by subtracting the published
//! cohorts from the "all" cohort (secondary suppression, as statistics
//! offices do for tables).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use crate::analysis::privacy::PrivacyReason;
use crate::analysis::privacy::protect;
use crate::analysis::score::AssessmentScores;
use crate::analysis::stats::{self, PeerBand, Summary};
use crate::domain::assessment::{Assessment, AssessmentMethod};
use crate::domain::reference::ReferenceCohort;
use crate::domain::site::Site;
use crate::text::natural::natural_cmp;
use crate::text::slug::slugify;

/// One published cohort of one period, with its statistics.
#[derive(Clone, Debug)]
pub struct Cohort {
    /// The period the cohort belongs to.
    pub period: String,
    /// The attribute and value, or `None` for the "all" cohort.
    pub group: Option<Group>,
    /// Indices into `Site::assessments` of the members its statistics
    /// count: every published member, and every unpublished one unless the
    /// privacy rule leaves them out (then none of them).
    pub members: Vec<usize>,
    /// How many assessments of the period belong to it, counted or not.
    pub assessed: usize,
    /// Overall score statistics.
    pub score: Summary,
    /// Members' overall scores, sorted (for percentile ranks).
    pub sorted_scores: Vec<f64>,
    /// Count and share of members at each overall level 0..=K.
    pub levels: Vec<LevelShare>,
    /// Score statistics per dimension, over the members for whom it applies;
    /// `None` when fewer than `min_cohort_size` members have it.
    pub dimensions: Vec<Option<Summary>>,
    /// Score statistics per capability, likewise.
    pub capabilities: Vec<Option<Summary>>,
    /// Members by assessment method.
    pub methods: MethodSplit,
    /// For each level g = 1..=K (at index g - 1), whether its typical next
    /// steps (the sector roadmap) may be published.
    pub roadmap_levels: Vec<bool>,
}

/// The attribute value that defines a cohort.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Group {
    /// The organisation attribute, such as `sector`.
    pub attribute: String,
    /// Its value, as written in the assessments.
    pub value: String,
    /// The value as a URL slug, unique within the attribute.
    pub slug: String,
    /// The attribute as readers see it: its label in site.yaml, else as
    /// written.
    pub shown_attribute: String,
    /// The value as readers see it: its label in site.yaml, else as written.
    pub shown_value: String,
}

/// How many members sit at one level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelShare {
    /// The level number, 0 to K.
    pub level: u32,
    /// Members at that level.
    pub count: usize,
    /// `count / n`.
    pub share: f64,
}

/// Self-assessed and third-party members of a cohort, told apart.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct MethodSplit {
    /// Self-assessments.
    pub self_assessed: usize,
    /// Third-party assessments.
    pub third_party: usize,
    /// Assessments that do not say.
    pub unspecified: usize,
    /// Median overall score of self-assessments, when there are enough.
    pub self_median: Option<f64>,
    /// Median overall score of third-party assessments, when there are enough.
    pub third_party_median: Option<f64>,
}

impl Cohort {
    /// How many members its statistics count.
    pub fn n(&self) -> usize {
        self.members.len()
    }

    /// How many unpublished members its statistics leave out.
    pub fn left_out(&self) -> usize {
        self.assessed - self.members.len()
    }

    /// The attribute, or `None` for "all".
    pub fn attribute(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.attribute.as_str())
    }

    /// The value, or `None` for "all".
    pub fn value(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.value.as_str())
    }

    /// The attribute as readers see it (its label), or `None` for "all".
    pub fn shown_attribute(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.shown_attribute.as_str())
    }

    /// The value as readers see it (its label), or `None` for "all".
    pub fn shown_value(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.shown_value.as_str())
    }

    /// The median score of each capability (`None` where withheld).
    pub fn capability_medians(&self) -> Vec<Option<f64>> {
        self.capabilities
            .iter()
            .map(|s| s.as_ref().map(|s| s.median))
            .collect()
    }

    /// A label such as `sector: automotive` or `all`, with the labels of
    /// site.yaml (`Region: Asia-Pacific`).
    pub fn label(&self) -> String {
        match &self.group {
            None => "all".to_owned(),
            Some(g) => format!("{}: {}", g.shown_attribute, g.shown_value),
        }
    }
}

/// Why a cohort of a period is not published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithheldReason {
    /// Fewer than k assessments (primary suppression).
    TooFew,
    /// Subtracting its attribute's other published cohorts from "all"
    /// would leave between 1 and k − 1 assessments (secondary suppression).
    Difference,
    /// Fewer than k assessments to count once its unpublished members are
    /// left out.
    TooFewCounted {
        /// The members left to count.
        counted: usize,
    },
}

/// A statistic over a part of a cohort's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// The statistics of a dimension, by id.
    Dimension(String),
    /// The statistics of a capability, by id.
    Capability(String),
    /// The median of one method's assessments.
    Method(AssessmentMethod),
    /// The typical next steps to a level (the sector roadmap).
    SectorRoadmap(u32),
}

/// A cohort that is not published.
#[derive(Clone, Debug, PartialEq)]
pub struct WithheldCohort {
    /// The period of the withheld cohort.
    pub period: String,
    /// Its attribute and value, `None` for "all".
    pub group: Option<Group>,
    /// How many assessments it has.
    pub assessed: usize,
    /// Why it is withheld.
    pub reason: WithheldReason,
}

/// A published cohort whose statistics leave its unpublished members out.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOut {
    /// The period of the cohort that leaves them out.
    pub period: String,
    /// Its attribute and value, `None` for "all".
    pub group: Option<Group>,
    /// How many unpublished members are left out.
    pub unpublished: usize,
    /// Why they may not be counted (a rule of scoring.md §5).
    pub reason: PrivacyReason,
}

/// A statistic of a published cohort withheld to protect unpublished
/// assessments (statistics over fewer than k members are not listed: they
/// are withheld whoever the members are).
#[derive(Clone, Debug, PartialEq)]
pub struct WithheldStatistic {
    /// Its cohort's period.
    pub period: String,
    /// Its cohort's attribute and value, `None` for "all".
    pub group: Option<Group>,
    /// The statistic withheld (a minimum, a maximum, a dimension…).
    pub statistic: Statistic,
    /// Why it may not be published (a rule of scoring.md §5).
    pub reason: PrivacyReason,
}

/// Everything the privacy rules of scoring.md §5 withheld in one build:
/// what `rungs check` and `rungs build` tell the publisher before anything
/// is published.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrivacyReport {
    /// The `min_cohort_size` (k) the rules applied.
    pub min_cohort_size: usize,
    /// Cohorts not published.
    pub withheld: Vec<WithheldCohort>,
    /// Published cohorts that leave their unpublished members out.
    pub left_out: Vec<LeftOut>,
    /// Statistics withheld inside published cohorts.
    pub statistics: Vec<WithheldStatistic>,
}

impl PrivacyReport {
    /// Unpublished assessments left out of the published cohorts, summed
    /// over those cohorts.
    pub fn unpublished_left_out(&self) -> usize {
        self.left_out.iter().map(|l| l.unpublished).sum()
    }
}

/// Every publishable cohort of every period.
#[derive(Clone, Debug, Default)]
pub struct Benchmarks {
    /// `min_cohort_size` in effect.
    pub min_cohort_size: usize,
    /// Periods with at least one assessment, in natural order.
    pub periods: Vec<String>,
    /// The cohort attributes of site.yaml, in order.
    pub attributes: Vec<String>,
    /// Published cohorts: by period, then "all", then attribute order, then value slug.
    pub cohorts: Vec<Cohort>,
    /// What the privacy rules withheld, for the publisher to see.
    pub privacy: PrivacyReport,
    /// The cohorts of the reference benchmark (`benchmark.reference`),
    /// which reports are compared with instead of [`Benchmarks::cohorts`].
    pub reference: Vec<ReferenceGroup>,
    index: HashMap<(String, Option<(String, String)>), usize>,
}

/// A cohort of the reference benchmark, with its group as this site
/// shows it.
#[derive(Clone, Debug)]
pub struct ReferenceGroup {
    /// Its published figures.
    pub cohort: ReferenceCohort,
    /// Its attribute and value with this site's labels; `None` for "all".
    pub group: Option<Group>,
}

/// The published figures a report is compared with: a cohort of this site
/// or of the reference benchmark. Both give quartiles; only this site's
/// own cohorts have the scores a percentile is computed from.
#[derive(Clone, Copy, Debug)]
pub enum Peers<'b> {
    /// A published cohort of this site.
    Own(&'b Cohort),
    /// A cohort of the reference benchmark.
    Reference(&'b ReferenceGroup),
}

impl<'b> Peers<'b> {
    /// This site's cohort, whose page a report links; `None` for a
    /// reference cohort, which has no page here.
    pub fn cohort(self) -> Option<&'b Cohort> {
        match self {
            Peers::Own(c) => Some(c),
            Peers::Reference(_) => None,
        }
    }

    /// The period of the figures.
    pub fn period(self) -> &'b str {
        match self {
            Peers::Own(c) => &c.period,
            Peers::Reference(r) => &r.cohort.period,
        }
    }

    /// The attribute and value, or `None` for "all".
    pub fn group(self) -> Option<&'b Group> {
        match self {
            Peers::Own(c) => c.group.as_ref(),
            Peers::Reference(r) => r.group.as_ref(),
        }
    }

    /// How many assessments the figures count.
    pub fn n(self) -> usize {
        match self {
            Peers::Own(c) => c.n(),
            Peers::Reference(r) => r.cohort.n,
        }
    }

    /// The overall score's quartiles.
    pub fn score(self) -> PeerBand {
        match self {
            Peers::Own(c) => PeerBand::from(&c.score),
            Peers::Reference(r) => r.cohort.score,
        }
    }

    /// Dimension `d`'s quartiles, when published.
    pub fn dimension(self, d: usize) -> Option<PeerBand> {
        match self {
            Peers::Own(c) => c.dimensions.get(d)?.as_ref().map(PeerBand::from),
            Peers::Reference(r) => *r.cohort.dimensions.get(d)?,
        }
    }

    /// Capability `c`'s quartiles (in model order), when published.
    pub fn capability(self, i: usize) -> Option<PeerBand> {
        match self {
            Peers::Own(c) => c.capabilities.get(i)?.as_ref().map(PeerBand::from),
            Peers::Reference(r) => *r.cohort.capabilities.get(i)?,
        }
    }

    /// The median of every capability (`None` where withheld).
    pub fn capability_medians(self) -> Vec<Option<f64>> {
        match self {
            Peers::Own(c) => c.capability_medians(),
            Peers::Reference(r) => r
                .cohort
                .capabilities
                .iter()
                .map(|b| b.map(|b| b.median))
                .collect(),
        }
    }

    /// The attribute, or `None` for "all".
    pub fn attribute(self) -> Option<&'b str> {
        self.group().map(|g| g.attribute.as_str())
    }

    /// The value, or `None` for "all".
    pub fn value(self) -> Option<&'b str> {
        self.group().map(|g| g.value.as_str())
    }
}

impl Benchmarks {
    /// The same cohorts with their attributes and values shown by `labels`
    /// (a site's labels in another of its languages): the figures do not
    /// depend on the language.
    pub fn relabeled(&self, labels: &crate::domain::config::Labels) -> Benchmarks {
        let mut relabeled = self.clone();
        let groups = relabeled
            .cohorts
            .iter_mut()
            .filter_map(|c| c.group.as_mut())
            .chain(
                relabeled
                    .privacy
                    .withheld
                    .iter_mut()
                    .filter_map(|w| w.group.as_mut()),
            )
            .chain(
                relabeled
                    .reference
                    .iter_mut()
                    .filter_map(|r| r.group.as_mut()),
            );
        for g in groups {
            labels
                .attribute(&g.attribute)
                .clone_into(&mut g.shown_attribute);
            labels
                .value(&g.attribute, &g.value)
                .clone_into(&mut g.shown_value);
        }
        relabeled
    }

    /// Computes every cohort and withholds those that may not be published,
    /// and, inside published cohorts, the unpublished members and the
    /// statistics that could single one out (scoring.md §5, "What is
    /// withheld").
    pub fn compute(site: &Site, scores: &[AssessmentScores]) -> Benchmarks {
        let k = site.config.benchmark.min_cohort_size;
        let attributes = site.config.benchmark.cohorts.clone();
        let slugs = value_slugs(&site.assessments, &attributes);
        let labels = &site.config.labels;

        // Members of every candidate cohort, by period.
        let mut by_period: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in site.assessments.iter().enumerate() {
            by_period.entry(&a.period).or_default().push(i);
        }
        let mut periods: Vec<&str> = by_period.keys().copied().collect();
        periods.sort_by(|a, b| natural_cmp(a, b));

        let mut cohorts = Vec::new();
        let mut privacy = PrivacyReport {
            min_cohort_size: k,
            ..PrivacyReport::default()
        };
        for period in &periods {
            let members = &by_period[period];
            if members.len() < k {
                privacy.withheld.push(WithheldCohort {
                    period: (*period).to_owned(),
                    group: None,
                    assessed: members.len(),
                    reason: WithheldReason::TooFew,
                });
                continue;
            }
            let mut candidates = vec![(None, members.clone())];
            for attribute in &attributes {
                let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                for &i in members {
                    if let Some(v) = site.assessments[i].organization.attributes.get(attribute) {
                        groups.entry(v).or_default().push(i);
                    }
                }
                let without = members.len() - groups.values().map(Vec::len).sum::<usize>();
                let slug_of = |value: &str| {
                    slugs
                        .get(&(attribute.as_str(), value))
                        .cloned()
                        .unwrap_or_else(|| slugify(value))
                };
                let (shown, hidden) = publishable(groups, without, k, slug_of);
                let group_of = |value: &str| Group {
                    attribute: attribute.clone(),
                    value: value.to_owned(),
                    slug: slug_of(value),
                    shown_attribute: labels.attribute(attribute).to_owned(),
                    shown_value: labels.value(attribute, value).to_owned(),
                };
                for (value, members, reason) in hidden {
                    privacy.withheld.push(WithheldCohort {
                        period: (*period).to_owned(),
                        group: Some(group_of(value)),
                        assessed: members,
                        reason,
                    });
                }
                for (value, members) in shown {
                    let group = group_of(value);
                    candidates.push((Some(group), members));
                }
            }
            cohorts.extend(period_cohorts(
                site,
                scores,
                period,
                candidates,
                k,
                &mut privacy,
            ));
        }
        cohorts.sort_by(|a, b| {
            let rank = |c: &Cohort| {
                c.group.as_ref().map_or(0, |g| {
                    1 + attributes
                        .iter()
                        .position(|x| *x == g.attribute)
                        .unwrap_or(0)
                })
            };
            let pa = periods.iter().position(|p| *p == a.period);
            let pb = periods.iter().position(|p| *p == b.period);
            (pa, rank(a), a.group.as_ref().map(|g| &g.slug)).cmp(&(
                pb,
                rank(b),
                b.group.as_ref().map(|g| &g.slug),
            ))
        });
        let index = cohorts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    (
                        c.period.clone(),
                        c.group
                            .as_ref()
                            .map(|g| (g.attribute.clone(), g.value.clone())),
                    ),
                    i,
                )
            })
            .collect();
        let reference = reference_groups(site);
        Benchmarks {
            min_cohort_size: k,
            periods: periods.iter().map(|p| (*p).to_owned()).collect(),
            attributes,
            cohorts,
            reference,
            privacy,
            index,
        }
    }

    /// No cohorts of the site's own, with its settings and its reference
    /// benchmark (if any): one firm's own site publishes no benchmark of
    /// itself, but is compared with the reference (docs/single-firm.md).
    pub fn none(site: &Site) -> Benchmarks {
        Benchmarks {
            min_cohort_size: site.config.benchmark.min_cohort_size,
            attributes: site.config.benchmark.cohorts.clone(),
            reference: reference_groups(site),
            ..Benchmarks::default()
        }
    }

    /// The "all" cohort of a period, if published.
    pub fn all(&self, period: &str) -> Option<&Cohort> {
        self.get(period, None)
    }

    /// A published cohort by period, attribute and value.
    pub fn get(&self, period: &str, group: Option<(&str, &str)>) -> Option<&Cohort> {
        let key = (
            period.to_owned(),
            group.map(|(a, v)| (a.to_owned(), v.to_owned())),
        );
        self.index.get(&key).map(|&i| &self.cohorts[i])
    }

    /// The peer cohort of an assessment among this site's own cohorts
    /// (scoring.md §6): its cohort for the first cohort attribute in the
    /// same period, else the period's "all" cohort, else none.
    pub fn own_peers_of(&self, a: &Assessment) -> Option<&Cohort> {
        self.peer_rule(a, |group| self.get(&a.period, group))
    }

    /// What an assessment's report is compared with: with a reference
    /// benchmark, its cohort there by the same rule as
    /// [`Benchmarks::own_peers_of`] (and none when the reference has no
    /// figures for the period, even if this site has); else its own peer
    /// cohort.
    pub fn peers_of(&self, a: &Assessment) -> Option<Peers<'_>> {
        if self.reference.is_empty() {
            return self.own_peers_of(a).map(Peers::Own);
        }
        self.peer_rule(a, |group| {
            self.reference.iter().find(|r| {
                r.cohort.period == a.period
                    && r.cohort
                        .group
                        .as_ref()
                        .map(|(x, v)| (x.as_str(), v.as_str()))
                        == group
            })
        })
        .map(Peers::Reference)
    }

    /// The peer rule of scoring.md §6 over cohorts that `find` looks up by
    /// group in the assessment's period: its cohort for the first cohort
    /// attribute, else the "all" cohort (`None`).
    fn peer_rule<T>(
        &self,
        a: &Assessment,
        find: impl Fn(Option<(&str, &str)>) -> Option<T>,
    ) -> Option<T> {
        self.attributes
            .first()
            .and_then(|attr| {
                let value = a.organization.attributes.get(attr)?;
                find(Some((attr, value)))
            })
            .or_else(|| find(None))
    }

    /// The published cohorts of one period.
    pub fn of_period<'a>(&'a self, period: &'a str) -> impl Iterator<Item = &'a Cohort> + 'a {
        self.cohorts.iter().filter(move |c| c.period == period)
    }

    /// The same cohort (same attribute and value) in every period where it
    /// is published, in period order: its trend.
    pub fn trend<'a>(&'a self, group: Option<&'a Group>) -> impl Iterator<Item = &'a Cohort> + 'a {
        self.cohorts.iter().filter(move |c| {
            c.group.as_ref().map(|g| (&g.attribute, &g.value))
                == group.map(|g| (&g.attribute, &g.value))
        })
    }

    /// The latest period with a published "all" cohort.
    pub fn latest_period(&self) -> Option<&str> {
        self.periods
            .iter()
            .rev()
            .find(|p| self.all(p).is_some())
            .map(String::as_str)
    }
}

/// The cohorts of the site's reference benchmark (`benchmark.reference`),
/// each with its group as this site shows it; none without a reference.
fn reference_groups(site: &Site) -> Vec<ReferenceGroup> {
    let labels = &site.config.labels;
    site.reference.as_deref().map_or_else(Vec::new, |r| {
        r.cohorts
            .iter()
            .map(|c| ReferenceGroup {
                cohort: c.clone(),
                group: c.group.as_ref().map(|(attribute, value)| Group {
                    attribute: attribute.clone(),
                    value: value.clone(),
                    slug: slugify(value),
                    shown_attribute: labels.attribute(attribute).to_owned(),
                    shown_value: labels.value(attribute, value).to_owned(),
                }),
            })
            .collect()
    })
}

/// The values of one attribute in one period that may be published, and
/// those withheld with their size and reason.
///
/// `groups` maps each value to its members; `without` counts members that
/// lack the attribute. Values below `k` are withheld; then, while the
/// withheld members (plus `without`) number 1..k-1, the smallest published
/// value is withheld too, so no withheld group can be recovered by
/// difference.
fn publishable(
    groups: BTreeMap<&str, Vec<usize>>,
    without: usize,
    k: usize,
    slug: impl Fn(&str) -> String,
) -> Published<'_> {
    let (mut shown, hidden): (Vec<_>, Vec<_>) = groups.into_iter().partition(|(_, m)| m.len() >= k);
    let mut withheld = without + hidden.iter().map(|(_, m)| m.len()).sum::<usize>();
    let mut out: Vec<(&str, usize, WithheldReason)> = hidden
        .iter()
        .map(|(v, m)| (*v, m.len(), WithheldReason::TooFew))
        .collect();
    // Smallest first; ties broken by slug so the choice is deterministic.
    shown.sort_by(|(va, a), (vb, b)| a.len().cmp(&b.len()).then_with(|| slug(va).cmp(&slug(vb))));
    while withheld > 0 && withheld < k && !shown.is_empty() {
        let (value, members) = shown.remove(0);
        withheld += members.len();
        out.push((value, members.len(), WithheldReason::Difference));
    }
    shown.sort_by_key(|(a, _)| *a);
    out.sort_by_key(|(a, _, _)| *a);
    (shown, out)
}

/// What [`publishable`] decides: the values shown with their members, the
/// values withheld with their size and reason.
type Published<'a> = (
    Vec<(&'a str, Vec<usize>)>,
    Vec<(&'a str, usize, WithheldReason)>,
);

/// The published cohorts of one period, from the candidates that primary
/// and secondary suppression left (the "all" cohort first).
///
/// First the unpublished members: a cohort counts all of its unpublished
/// members or none, and [`protect`] decides which so that no published
/// figure can single one out, alone or combined with the other cohorts of
/// the period. A cohort left with fewer than k members to count is
/// withheld. Then, inside the remaining cohorts, the same rule is applied
/// to each statistic over a part of the members (a dimension, a
/// capability, a method, a level of the sector roadmap).
fn period_cohorts(
    site: &Site,
    scores: &[AssessmentScores],
    period: &str,
    candidates: Vec<(Option<Group>, Vec<usize>)>,
    k: usize,
    privacy: &mut PrivacyReport,
) -> Vec<Cohort> {
    let unpublished = |i: &usize| !site.assessments[*i].publish;
    let sets: Vec<Vec<usize>> = candidates
        .iter()
        .map(|(_, m)| m.iter().copied().filter(unpublished).collect())
        .collect();
    let mut counts_unpublished = vec![true; candidates.len()];
    let reasons = protect(&sets, &mut counts_unpublished, k);
    let mut kept: Vec<(Option<Group>, Vec<usize>, usize)> = Vec::new();
    for (c, (group, members)) in candidates.into_iter().enumerate() {
        let assessed = members.len();
        let counted: Vec<usize> = if counts_unpublished[c] {
            members
        } else {
            members.into_iter().filter(|i| !unpublished(i)).collect()
        };
        if counted.len() < k {
            privacy.withheld.push(WithheldCohort {
                period: period.to_owned(),
                group,
                assessed,
                reason: WithheldReason::TooFewCounted {
                    counted: counted.len(),
                },
            });
            continue;
        }
        if let Some(&(_, reason)) = reasons.iter().find(|(r, _)| *r == c) {
            privacy.left_out.push(LeftOut {
                period: period.to_owned(),
                group: group.clone(),
                unpublished: assessed - counted.len(),
                reason,
            });
        }
        kept.push((group, counted, assessed));
    }

    // Statistics over a part of the members, each gated across the
    // period's cohorts like the cohorts themselves.
    let model = &site.model;
    let counted_unpublished: Vec<usize> = kept
        .iter()
        .map(|(_, m, _)| m.iter().filter(|i| unpublished(i)).count())
        .collect();
    let mut gate = |what: Statistic, part: &dyn Fn(usize) -> bool| -> Vec<bool> {
        let sets: Vec<Vec<usize>> = kept
            .iter()
            .map(|(_, m, _)| {
                m.iter()
                    .copied()
                    .filter(|&i| part(i))
                    .filter(unpublished)
                    .collect()
            })
            .collect();
        let mut on: Vec<bool> = kept
            .iter()
            .map(|(_, m, _)| m.iter().filter(|&&i| part(i)).count() >= k)
            .collect();
        // When every statistic of this kind includes all the unpublished
        // members its cohort counts, its classes are the cohorts' own (or
        // merged from them), which already hold: nothing to decide.
        let same = sets
            .iter()
            .zip(&counted_unpublished)
            .zip(&on)
            .all(|((set, &n), &on)| !on || set.len() == n);
        if same {
            return on;
        }
        for (c, reason) in protect(&sets, &mut on, k) {
            privacy.statistics.push(WithheldStatistic {
                period: period.to_owned(),
                group: kept[c].0.clone(),
                statistic: what.clone(),
                reason,
            });
        }
        on
    };
    let dimensions: Vec<Vec<bool>> = (0..model.dimensions.len())
        .map(|d| {
            gate(Statistic::Dimension(model.dimensions[d].id.clone()), &|i| {
                scores[i].dimensions[d].is_some()
            })
        })
        .collect();
    let capabilities: Vec<Vec<bool>> = model
        .capabilities()
        .enumerate()
        .map(|(c, (_, cap))| {
            gate(Statistic::Capability(cap.id.clone()), &|i| {
                scores[i].capabilities[c].is_some()
            })
        })
        .collect();
    let method = |m: AssessmentMethod| move |i: usize| site.assessments[i].method == Some(m);
    let self_median = gate(
        Statistic::Method(AssessmentMethod::SelfAssessed),
        &method(AssessmentMethod::SelfAssessed),
    );
    let third_party_median = gate(
        Statistic::Method(AssessmentMethod::ThirdParty),
        &method(AssessmentMethod::ThirdParty),
    );
    let roadmap_levels: Vec<Vec<bool>> = (1..=model.max_level())
        .map(|g| {
            gate(Statistic::SectorRoadmap(g), &|i| {
                scores[i].overall.level + 1 == g
            })
        })
        .collect();

    kept.into_iter()
        .enumerate()
        .map(|(c, (group, members, assessed))| {
            let gates = Gates {
                dimensions: dimensions.iter().map(|on| on[c]).collect(),
                capabilities: capabilities.iter().map(|on| on[c]).collect(),
                self_median: self_median[c],
                third_party_median: third_party_median[c],
                roadmap_levels: roadmap_levels.iter().map(|on| on[c]).collect(),
            };
            cohort(site, scores, period, group, members, assessed, &gates)
        })
        .collect()
}

/// Which statistics over a part of a cohort's members may be published.
struct Gates {
    dimensions: Vec<bool>,
    capabilities: Vec<bool>,
    self_median: bool,
    third_party_median: bool,
    roadmap_levels: Vec<bool>,
}

/// URL slugs for every value of every cohort attribute, unique within an
/// attribute and the same in every period (so trend links hold): values
/// that slug alike get `-2`, `-3`... in sorted order of the raw values.
fn value_slugs<'a>(
    assessments: &'a [Arc<Assessment>],
    attributes: &'a [String],
) -> HashMap<(&'a str, &'a str), String> {
    let mut out = HashMap::new();
    for attribute in attributes {
        let mut values: Vec<&str> = assessments
            .iter()
            .filter_map(|a| a.organization.attributes.get(attribute).map(String::as_str))
            .collect();
        values.sort_unstable();
        values.dedup();
        let mut taken: HashMap<String, usize> = HashMap::new();
        for value in values {
            let base = slugify(value);
            let mut slug = base.clone();
            let mut n = 1;
            while taken.contains_key(&slug) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            taken.insert(slug.clone(), 1);
            out.insert((attribute.as_str(), value), slug);
        }
    }
    out
}

fn cohort(
    site: &Site,
    scores: &[AssessmentScores],
    period: &str,
    group: Option<Group>,
    members: Vec<usize>,
    assessed: usize,
    gates: &Gates,
) -> Cohort {
    let model = &site.model;
    let n = members.len();
    let mut overall: Vec<f64> = members.iter().map(|&i| scores[i].overall.score).collect();
    let score = Summary::of(&mut overall).unwrap_or(Summary {
        n: 0,
        min: 0.0,
        q1: 0.0,
        median: 0.0,
        q3: 0.0,
        max: 0.0,
        mean: 0.0,
    });
    let levels = (0..=model.max_level())
        .map(|level| {
            let count = members
                .iter()
                .filter(|&&i| scores[i].overall.level == level)
                .count();
            LevelShare {
                level,
                count,
                share: count as f64 / n as f64,
            }
        })
        .collect();
    let summary = |on: bool, pick: &dyn Fn(&AssessmentScores) -> Option<f64>| -> Option<Summary> {
        if !on {
            return None;
        }
        let mut v: Vec<f64> = members.iter().filter_map(|&i| pick(&scores[i])).collect();
        Summary::of(&mut v)
    };
    let dimensions = (0..model.dimensions.len())
        .map(|d| {
            summary(gates.dimensions[d], &|s| {
                s.dimensions[d].as_ref().map(|x| x.score)
            })
        })
        .collect();
    let capabilities = (0..model.capability_count())
        .map(|c| {
            summary(gates.capabilities[c], &|s| {
                s.capabilities[c].as_ref().map(|x| x.score)
            })
        })
        .collect();
    let by_method = |m: Option<AssessmentMethod>| -> Vec<f64> {
        members
            .iter()
            .filter(|&&i| site.assessments[i].method == m)
            .map(|&i| scores[i].overall.score)
            .collect()
    };
    let mut own = by_method(Some(AssessmentMethod::SelfAssessed));
    let mut third = by_method(Some(AssessmentMethod::ThirdParty));
    let methods = MethodSplit {
        self_assessed: own.len(),
        third_party: third.len(),
        unspecified: n - own.len() - third.len(),
        self_median: if gates.self_median {
            stats::median(&mut own)
        } else {
            None
        },
        third_party_median: if gates.third_party_median {
            stats::median(&mut third)
        } else {
            None
        },
    };
    Cohort {
        period: period.to_owned(),
        group,
        members,
        assessed,
        score,
        sorted_scores: overall,
        levels,
        dimensions,
        capabilities,
        methods,
        roadmap_levels: gates.roadmap_levels.clone(),
    }
}

/// Percentile rank of an assessment's overall score in a cohort it belongs to.
pub fn percentile(cohort: &Cohort, score: f64) -> Option<f64> {
    stats::percentile_rank(&cohort.sorted_scores, score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(sizes: &[(&'static str, usize)]) -> BTreeMap<&'static str, Vec<usize>> {
        let mut next = 0;
        sizes
            .iter()
            .map(|(v, n)| {
                let m: Vec<usize> = (next..next + n).collect();
                next += n;
                (*v, m)
            })
            .collect()
    }

    fn names(p: &[(&str, Vec<usize>)]) -> Vec<String> {
        p.iter().map(|(v, _)| (*v).to_owned()).collect()
    }

    #[test]
    fn primary_suppression_at_the_boundary() {
        // n = k is published, n = k - 1 is not; the withheld 4 + 1 reach k.
        let (p, withheld) = publishable(groups(&[("a", 5), ("b", 4), ("c", 1)]), 0, 5, |v| {
            v.to_owned()
        });
        assert_eq!(names(&p), vec!["a"]);
        assert_eq!(
            withheld,
            vec![
                ("b", 4, WithheldReason::TooFew),
                ("c", 1, WithheldReason::TooFew)
            ]
        );
    }

    #[test]
    fn secondary_suppression_protects_a_lone_small_group() {
        // b (3) alone could be recovered as all - a - c: the smallest
        // published value goes too.
        let (p, withheld) = publishable(groups(&[("a", 9), ("b", 3), ("c", 6)]), 0, 5, |v| {
            v.to_owned()
        });
        assert_eq!(names(&p), vec!["a"]);
        assert_eq!(withheld[1], ("c", 6, WithheldReason::Difference));
        // Members without the attribute count as withheld too.
        let (p, _) = publishable(groups(&[("a", 9), ("c", 6)]), 2, 5, |v| v.to_owned());
        assert_eq!(names(&p), vec!["a"]);
        // Nothing withheld: nothing more to protect.
        let (p, _) = publishable(groups(&[("a", 9), ("c", 6)]), 0, 5, |v| v.to_owned());
        assert_eq!(names(&p), vec!["a", "c"]);
    }

    /// An assessment whose only attribute is `sector: value`.
    fn of_sector(value: &str) -> Arc<Assessment> {
        Arc::new(Assessment::new(
            crate::domain::assessment::Organization {
                id: "o".into(),
                name: "O".into(),
                attributes: [("sector".to_owned(), value.to_owned())]
                    .into_iter()
                    .collect(),
            },
            "1".into(),
            Vec::new(),
        ))
    }

    #[test]
    fn slugs_never_collide() {
        let a = of_sector;
        let list = vec![
            a("Food & Beverage"),
            a("food-beverage"),
            a("FOOD beverage"),
            a("../../x"),
        ];
        let attrs = vec!["sector".to_owned()];
        let s = value_slugs(&list, &attrs);
        let mut all: Vec<&String> = s.values().collect();
        all.sort();
        assert_eq!(
            all,
            vec!["food-beverage", "food-beverage-2", "food-beverage-3", "x"]
        );
        assert_eq!(s[&("sector", "../../x")], "x");

        // Transliteration makes more values slug alike; each still gets
        // its own URL, numbered in the raw values' order.
        let list = vec![a("Énergie"), a("Energie"), a("ENERGIE"), a("energie-2")];
        let s = value_slugs(&list, &attrs);
        assert_eq!(s[&("sector", "ENERGIE")], "energie");
        assert_eq!(s[&("sector", "Energie")], "energie-2");
        assert_eq!(s[&("sector", "energie-2")], "energie-2-2");
        assert_eq!(s[&("sector", "Énergie")], "energie-3");
    }

    proptest::proptest! {
        #[test]
        fn distinct_values_never_share_a_url(values in proptest::collection::vec("[EeÉéNn能源 &-]{0,6}", 1..12)) {
            let list: Vec<Arc<Assessment>> = values.iter().map(|v| of_sector(v)).collect();
            let attrs = vec!["sector".to_owned()];
            let s = value_slugs(&list, &attrs);
            let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
            let slugs: std::collections::BTreeSet<&String> = s.values().collect();
            proptest::prop_assert_eq!(s.len(), distinct.len());
            proptest::prop_assert_eq!(slugs.len(), distinct.len(), "{:?}", s);
        }
    }
}
