//! The plan: everything decided once for the whole sample (who exists in
//! which period, how mature, how each capability deviates), then each
//! assessment drawn from it.

use std::collections::{BTreeMap, BTreeSet};

use super::emit::*;
use super::names::*;
use super::rng::*;
use super::{SampleFile, SampleOptions};
use crate::analysis::score::{self, AssessmentScores};
use crate::domain::assessment::{Assessment, CapabilityInput, Form, Organization};
use crate::domain::model::{Model, Requirement};

// ---------------------------------------------------------------------------
// The plan: everything decided once for the whole sample.

pub(super) struct Plan<'a> {
    pub(super) model: &'a Model,
    pub(super) options: &'a SampleOptions,
    /// K, the model's highest level.
    pub(super) k: u32,
    /// K / 5: the latent values are drawn on a 0..5 scale.
    pub(super) scale: f64,
    /// Dimension of each capability, in model order.
    pub(super) dimension_of: Vec<usize>,
    /// A shared offset per capability: some are harder for everyone.
    pub(super) offsets: Vec<f64>,
    /// Whether form C can express every level of the capability.
    pub(super) criteria_form: Vec<bool>,
    /// The least satisfaction, in hundredths, that meets the threshold.
    pub(super) pass: u32,
    /// The greatest progress, in hundredths, below the threshold.
    pub(super) max_progress: u32,
    /// Rating names and values, in the model's order.
    pub(super) ratings: Vec<(String, f64)>,
    pub(super) sector: Vec<u8>,
    pub(super) size: Vec<u8>,
    pub(super) region: Vec<u8>,
    /// First period index of each organisation (late joiners above 0).
    pub(super) start: Vec<u8>,
    pub(super) featured: Vec<Option<u8>>,
}

/// Counts that split `n` in proportion to `weights` (largest remainder).
pub(super) fn apportion(n: usize, weights: &[u64]) -> Vec<usize> {
    let total: u64 = weights.iter().sum::<u64>().max(1);
    let n64 = n as u64;
    let mut counts: Vec<usize> = weights.iter().map(|w| (n64 * w / total) as usize).collect();
    let mut rest = n - counts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (n64 * weights[b] % total)
            .cmp(&(n64 * weights[a] % total))
            .then(a.cmp(&b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        counts[i] += 1;
        rest -= 1;
    }
    counts
}

/// `counts[i]` copies of `i`, shuffled.
pub(super) fn shuffled(rng: &mut Rng, counts: &[usize]) -> Vec<u8> {
    let mut list: Vec<u8> = counts
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i as u8, c))
        .collect();
    rng.shuffle(&mut list);
    list
}

impl<'a> Plan<'a> {
    pub(super) fn new(model: &'a Model, options: &'a SampleOptions) -> Plan<'a> {
        let n = options.organizations;
        let k = model.max_level();
        let threshold = model.threshold;
        let mut rng = Rng::stream(options.seed, &[TAG_GLOBAL]);

        let mut dimension_of = Vec::new();
        let mut criteria_form = Vec::new();
        for (index, cap) in model.capabilities() {
            dimension_of.push(index.dimension);
            criteria_form.push(
                !cap.requirements.is_empty()
                    && cap
                        .requirements
                        .iter()
                        .all(|r| matches!(r, Requirement::Criteria(c) if !c.is_empty())),
            );
        }
        let offsets = dimension_of.iter().map(|_| rng.normal(0.2)).collect();
        let ratings: Vec<(String, f64)> = model
            .ratings
            .iter()
            .map(|r| (r.name.clone(), r.value))
            .collect();
        // Form C needs a rating that meets the threshold.
        if !ratings.iter().any(|(_, v)| *v >= threshold) {
            criteria_form.iter_mut().for_each(|c| *c = false);
        }
        let pass = (0..=100u32)
            .find(|h| f64::from(*h) / 100.0 >= threshold)
            .unwrap_or(100);
        let max_progress = (0..=100u32)
            .rev()
            .find(|h| f64::from(*h) / 100.0 < threshold)
            .unwrap_or(0);

        let aerospace = if n >= 30 { 3 } else { n / 10 };
        let weights: Vec<u64> = SECTORS[..AEROSPACE].iter().map(|s| s.weight).collect();
        let mut counts = apportion(n - aerospace, &weights);
        counts.push(aerospace);
        let sector = shuffled(&mut rng, &counts);
        let weights: Vec<u64> = SIZES.iter().map(|s| s.weight).collect();
        let size = shuffled(&mut rng, &apportion(n, &weights));
        let weights: Vec<u64> = REGIONS.iter().map(|r| r.weight).collect();
        let mut region = shuffled(&mut rng, &apportion(n, &weights));

        // The featured names go to organisations of their sector, spread out.
        let mut featured = vec![None; n];
        for (f, (_, _, sector_id, region_id)) in FEATURED.iter().enumerate() {
            if n == 0 {
                break;
            }
            let s = SECTORS.iter().position(|s| s.id == *sector_id).unwrap_or(0) as u8;
            let from = (f * 13 + 5) % n;
            let Some(j) = (0..n)
                .map(|i| (from + i) % n)
                .find(|&j| sector[j] == s && featured[j].is_none())
            else {
                continue;
            };
            featured[j] = Some(f as u8);
            let r = REGIONS.iter().position(|r| r.id == *region_id).unwrap_or(0) as u8;
            if region[j] != r
                && let Some(m) = (0..n).find(|&m| region[m] == r && featured[m].is_none())
            {
                region.swap(j, m);
            }
        }

        // About 4% join after the first period.
        let periods = options.periods.len();
        let mut start = vec![0u8; n];
        if periods >= 2 {
            let joiners = (n * 4 + 50) / 100;
            let mut placed = 0;
            while placed < joiners {
                let j = rng.below(n);
                if start[j] == 0 {
                    start[j] = (1 + rng.below((periods - 1).min(254))) as u8;
                    placed += 1;
                }
            }
        }

        Plan {
            model,
            options,
            k,
            scale: f64::from(k) / 5.0,
            dimension_of,
            offsets,
            criteria_form,
            pass,
            max_progress,
            ratings,
            sector,
            size,
            region,
            start,
            featured,
        }
    }

    /// The organisation at `index`: name, attributes and latent maturity
    /// of every capability in every period.
    pub(super) fn organization(&self, index: usize, used_ids: &mut BTreeSet<String>) -> Org {
        let sector = usize::from(self.sector[index]);
        let size = usize::from(self.size[index]);
        let region = usize::from(self.region[index]);
        let (name, id) = self.name(index, sector, region, used_ids);

        let mut rng = Rng::stream(self.options.seed, &[TAG_ORGANIZATION, index as u64]);
        let latent = (SECTORS[sector].base + SIZES[size].shift + rng.normal(0.35)).clamp(0.8, 3.7);
        let dimensions: Vec<f64> = self
            .model
            .dimensions
            .iter()
            .map(|_| rng.normal(0.3))
            .collect();
        let growth = rng.range(0.1, 0.5);
        let periods = self.options.periods.len();
        let regress_at = if periods >= 2 && rng.chance(0.15) {
            Some(1 + rng.below(periods - 1))
        } else {
            None
        };
        let regression = rng.range(0.12, 0.35);
        let caps = self.dimension_of.len();
        let mut values = vec![Vec::with_capacity(caps); periods];
        let mut not_applicable = Vec::with_capacity(caps);
        for c in 0..caps {
            let mut x =
                latent + dimensions[self.dimension_of[c]] + self.offsets[c] + rng.normal(0.15);
            let speed = rng.range(0.5, 1.5);
            for (p, period) in values.iter_mut().enumerate() {
                if p > 0 {
                    x += if regress_at == Some(p) {
                        -regression * rng.range(0.4, 1.6)
                    } else {
                        growth * speed * rng.range(0.7, 1.3)
                    };
                }
                period.push(x * self.scale);
            }
            let na = rng.chance(0.03);
            let reason = rng.pick(REASONS);
            not_applicable.push(na.then_some(reason));
        }
        // At least one capability must be assessed.
        if not_applicable.iter().all(Option::is_some)
            && let Some(first) = not_applicable.first_mut()
        {
            *first = None;
        }
        Org {
            index,
            id,
            name,
            sector,
            size,
            region,
            start: usize::from(self.start[index]),
            not_applicable,
            latent: values,
        }
    }

    /// A unique name and id for an organisation.
    pub(super) fn name(
        &self,
        index: usize,
        sector: usize,
        region: usize,
        used_ids: &mut BTreeSet<String>,
    ) -> (String, String) {
        let (name, base) = match self.featured[index] {
            Some(f) => {
                let (name, base, _, _) = FEATURED[usize::from(f)];
                (name.to_owned(), base.to_owned())
            }
            None => {
                let mut rng = Rng::stream(self.options.seed, &[TAG_NAME, index as u64]);
                // On a clash, try again: then with a modifier, then with a
                // double-barrelled prefix, before numbering the id.
                let mut attempt = 0;
                loop {
                    let first = rng.below(PREFIXES.len());
                    let mut base = PREFIXES[first].to_owned();
                    if attempt >= 8 {
                        let second = (first + 1 + rng.below(PREFIXES.len() - 1)) % PREFIXES.len();
                        base.push('-');
                        base.push_str(PREFIXES[second]);
                    }
                    if (4..8).contains(&attempt) || rng.chance(0.25) {
                        base.push(' ');
                        base.push_str(rng.pick(MODIFIERS));
                    }
                    base.push(' ');
                    base.push_str(rng.pick(SECTORS[sector].suffixes));
                    let legal = rng.pick(REGIONS[region].legal_forms);
                    attempt += 1;
                    if attempt >= 12 || !used_ids.contains(&slug(&base)) {
                        break (format!("{base} {legal}"), base);
                    }
                }
            }
        };
        let stem = slug(&base);
        let mut id = stem.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        used_ids.insert(id.clone());
        (name, id)
    }

    /// One assessment file, with its scores.
    pub(super) fn assessment(
        &self,
        org: &Org,
        p: usize,
        previous: Option<&Previous>,
    ) -> (SampleFile, AssessmentScores) {
        let model = self.model;
        let period = &self.options.periods[p];
        let mut rng = Rng::stream(
            self.options.seed,
            &[TAG_ASSESSMENT, org.index as u64, p as u64],
        );
        let k = f64::from(self.k);

        let mut inputs = Vec::with_capacity(org.not_applicable.len());
        let mut body = String::new();
        for (index, cap) in model.capabilities() {
            let c = index.flat;
            body.push_str(&format!("  {}:\n", key(&cap.id)));
            if let Some(reason) = org.not_applicable[c] {
                body.push_str("    not_applicable: true\n");
                body.push_str(&format!("    reason: {}\n", quote(reason)));
                inputs.push(CapabilityInput {
                    form: Form::NotApplicable {
                        reason: Some(reason.to_owned()),
                    },
                    evidence: None,
                });
                continue;
            }
            let x = (org.latent[p][c] + rng.normal(0.05 * self.scale)).clamp(0.0, k);
            let form = if self.criteria_form[c] {
                [Choice::Criteria, Choice::Level, Choice::Levels][rng.weighted(&[59, 26, 15])]
            } else {
                [Choice::Level, Choice::Levels][rng.weighted(&[62, 38])]
            };
            let form = match form {
                Choice::Level => self.level_form(x, &mut body),
                Choice::Levels => self.levels_form(x, &mut rng, &mut body),
                Choice::Criteria => self.criteria_input(cap, x, &mut rng, &mut body),
            };
            let evidence = rng
                .chance(0.31)
                .then(|| evidence(&mut rng, &cap.name, x / k, period));
            if let Some(e) = &evidence {
                body.push_str(&format!("    evidence: {}\n", quote(e)));
            }
            inputs.push(CapabilityInput { form, evidence });
        }

        let scored = score::score(
            model,
            &Assessment::new(
                Organization {
                    id: org.id.clone(),
                    name: org.name.clone(),
                    attributes: BTreeMap::new(),
                },
                period.clone(),
                inputs,
            ),
        );

        let third_party = rng.chance(SIZES[org.size].third_party);
        let assessor = if third_party {
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            if rng.chance(0.6) {
                format!("{person} ({})", rng.pick(FIRMS))
            } else {
                person
            }
        } else if rng.chance(0.55) {
            "Internal assessment team".to_owned()
        } else {
            format!(
                "{} {} ({})",
                rng.pick(FIRST_NAMES),
                rng.pick(LAST_NAMES),
                rng.pick(INTERNAL_ROLES)
            )
        };
        let assessed_on = date(&mut rng, period);
        let level = scored.overall.level;
        let target = (level < self.k && rng.chance(0.3)).then(|| {
            if level + 2 <= self.k && rng.chance(0.35) {
                level + 2
            } else {
                level + 1
            }
        });
        let publish = !rng.chance(0.08);
        let summary = self.summary(&mut rng, org, third_party, &scored, previous);

        let o = &org;
        let mut text = format!(
            "# Fictional sample data generated by rungs::sample (seed {}).\n",
            self.options.seed
        );
        text.push_str("organization:\n");
        text.push_str(&format!("  id: {}\n", quote(&o.id)));
        text.push_str(&format!("  name: {}\n", quote(&o.name)));
        text.push_str(&format!("  sector: {}\n", quote(SECTORS[o.sector].id)));
        text.push_str(&format!("  size: {}\n", quote(SIZES[o.size].id)));
        text.push_str(&format!("  region: {}\n", quote(REGIONS[o.region].id)));
        text.push_str(&format!("period: {}\n", quote(period)));
        if let Some(d) = assessed_on {
            text.push_str(&format!("assessed_on: {}\n", quote(&d)));
        }
        text.push_str(&format!("assessor: {}\n", quote(&assessor)));
        let method = if third_party { "third-party" } else { "self" };
        text.push_str(&format!("method: {}\n", quote(method)));
        if let Some(t) = target {
            text.push_str(&format!("target: {t}\n"));
        }
        if !publish {
            text.push_str("publish: false\n");
        }
        text.push_str(&format!("summary: {}\n", quote(&summary)));
        text.push_str("capabilities:\n");
        text.push_str(&body);

        let file = SampleFile {
            path: format!("{period}/{}-{period}.yaml", org.id),
            text,
        };
        (file, scored)
    }

    /// Form A: the level reached and progress toward the next.
    pub(super) fn level_form(&self, x: f64, out: &mut String) -> Form {
        let (mut level, frac) = split(x, self.k);
        let mut progress = (frac * 100.0).floor() as u32;
        if level < self.k && progress >= self.pass {
            // The next level is met: the assessor records it.
            level += 1;
            progress = 0;
        }
        if level >= self.k {
            progress = 0;
        }
        let progress = progress.min(self.max_progress);
        out.push_str(&format!("    level: {level}\n"));
        if progress > 0 {
            out.push_str(&format!("    progress: {}\n", hundredths(progress)));
        }
        Form::Level {
            level,
            progress: f64::from(progress) / 100.0,
        }
    }

    /// A satisfaction in hundredths that meets the threshold.
    pub(super) fn met(&self, rng: &mut Rng) -> u32 {
        if self.pass >= 100 || rng.chance(0.55) {
            100
        } else {
            self.pass + rng.below((100 - self.pass) as usize) as u32
        }
    }

    /// Form B: satisfaction per level.
    pub(super) fn levels_form(&self, x: f64, rng: &mut Rng, out: &mut String) -> Form {
        let (level, frac) = split(x, self.k);
        let k = self.k as usize;
        let mut values = vec![0u32; k];
        for (i, v) in values.iter_mut().enumerate() {
            let l = i as u32 + 1;
            *v = if l <= level {
                self.met(rng)
            } else if l == level + 1 {
                (frac * 100.0).round() as u32
            } else if l == level + 2 && rng.chance(0.2) {
                5 + rng.below(26) as u32
            } else {
                0
            };
        }
        let mut shown = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if *v > 0 || i == 0 {
                shown.push(format!("{}: {}", i + 1, hundredths(*v)));
            }
        }
        out.push_str(&format!("    levels: {{{}}}\n", shown.join(", ")));
        Form::Levels(values.iter().map(|v| f64::from(*v) / 100.0).collect())
    }

    /// The model's rating closest to `v` (the first of equals).
    pub(super) fn rating_near(&self, v: f64) -> usize {
        let mut best = 0;
        for (i, (_, value)) in self.ratings.iter().enumerate() {
            if (value - v).abs() < (self.ratings[best].1 - v).abs() {
                best = i;
            }
        }
        best
    }

    /// Form C: a rating per criterion, consistent with the latent level.
    pub(super) fn criteria_input(
        &self,
        cap: &crate::domain::model::Capability,
        x: f64,
        rng: &mut Rng,
        out: &mut String,
    ) -> Form {
        let (level, frac) = split(x, self.k);
        let threshold = self.model.threshold;
        let top = self.rating_near(1.0);
        let mut all = Vec::with_capacity(cap.requirements.len());
        for (i, req) in cap.requirements.iter().enumerate() {
            let l = i as u32 + 1;
            let criteria = req.criteria();
            let mut given: Vec<Option<usize>> = criteria
                .iter()
                .map(|_| {
                    if l <= level {
                        let v = if rng.chance(0.04) {
                            0.5
                        } else if rng.chance(0.65) {
                            1.0
                        } else {
                            0.8
                        };
                        Some(self.rating_near(v))
                    } else if l == level + 1 {
                        Some(self.rating_near((frac + rng.normal(0.2)).clamp(0.0, 1.0)))
                    } else {
                        let u = rng.unit();
                        let (none, partial) = if l == level + 2 {
                            (0.45, 0.1)
                        } else {
                            (0.25, 0.0)
                        };
                        if u < partial {
                            Some(self.rating_near(0.5))
                        } else if u < partial + none {
                            Some(self.rating_near(0.0))
                        } else {
                            None
                        }
                    }
                })
                .collect();
            if l <= level {
                // A level below the latent one must be met.
                let total: f64 = criteria.iter().map(|c| c.weight).sum();
                let met: f64 = criteria
                    .iter()
                    .zip(&given)
                    .map(|(c, r)| c.weight * r.map_or(0.0, |r| self.ratings[r].1))
                    .sum();
                if met / total < threshold {
                    given.iter_mut().for_each(|r| *r = Some(top));
                }
            }
            all.push(given);
        }
        out.push_str("    criteria:\n");
        for (req, given) in cap.requirements.iter().zip(&all) {
            for (criterion, r) in req.criteria().iter().zip(given) {
                if let Some(r) = r {
                    out.push_str(&format!(
                        "      {}: {}\n",
                        key(&criterion.id),
                        quote(&self.ratings[*r].0)
                    ));
                }
            }
        }
        Form::Criteria(
            all.iter()
                .map(|g| g.iter().map(|r| r.map(|r| self.ratings[r].1)).collect())
                .collect(),
        )
    }

    /// One or two sentences on the overall result and its change.
    pub(super) fn summary(
        &self,
        rng: &mut Rng,
        org: &Org,
        third_party: bool,
        scored: &AssessmentScores,
        previous: Option<&Previous>,
    ) -> String {
        let model = self.model;
        let overall = &scored.overall;
        let score = two_decimals(overall.score);
        let level = overall.level;
        let level_name = model.level_name(level);
        let mut best_dim: Option<(usize, f64)> = None;
        for (d, s) in scored.dimensions.iter().enumerate() {
            if let Some(s) = s
                && best_dim.is_none_or(|(_, b)| s.score > b)
            {
                best_dim = Some((d, s.score));
            }
        }
        let best_dim = best_dim.map_or("", |(d, _)| model.dimensions[d].name.as_str());
        let names: Vec<&str> = model.capabilities().map(|(_, c)| c.name.as_str()).collect();
        let mut weakest: Option<(usize, f64)> = None;
        for (c, s) in scored.capabilities.iter().enumerate() {
            if let Some(s) = s
                && weakest.is_none_or(|(_, w)| s.score < w)
            {
                weakest = Some((c, s.score));
            }
        }
        let weakest = lower_first(weakest.map_or("", |(c, _)| names[c]));
        let Some(prev) = previous else {
            let kind = if third_party {
                "third-party assessment"
            } else {
                "self-assessment"
            };
            return match rng.below(3) {
                0 => format!(
                    "{} completed its first {kind} with an overall score of {score} (level {level}, *{level_name}*). {best_dim} is the strongest dimension; {weakest} needs the most attention.",
                    org.name
                ),
                1 => format!(
                    "First {kind}: overall level {level}, *{level_name}*, with a score of {score}. The largest gap is in {weakest}."
                ),
                _ => format!(
                    "Baseline {kind} at level {level} (*{level_name}*), score {score}; the strongest results are in {}.",
                    lower_first(best_dim)
                ),
            };
        };
        let before = two_decimals(prev.overall);
        let since = &self.options.periods[prev.period];
        let mut most_improved: Option<(usize, f64)> = None;
        for (c, s) in scored.capabilities.iter().enumerate() {
            if let (Some(s), Some(Some(b))) = (s, prev.capabilities.get(c)) {
                let gain = s.score - b;
                if most_improved.is_none_or(|(_, g)| gain > g) {
                    most_improved = Some((c, gain));
                }
            }
        }
        let improved = lower_first(most_improved.map_or("", |(c, _)| names[c]));
        let change = overall.score - prev.overall;
        if change >= 0.005 {
            match rng.below(3) {
                0 => format!(
                    "The overall score rose from {before} in {since} to {score}, now at level {level} (*{level_name}*). The biggest step forward was in {improved}."
                ),
                1 => format!(
                    "{} improved from {before} to {score} since {since}. The next priority is {weakest}.",
                    org.name
                ),
                _ => format!(
                    "Steady progress since {since}: overall score {score} (was {before}), driven by *{improved}*."
                ),
            }
        } else if change <= -0.005 {
            match rng.below(2) {
                0 => format!(
                    "The overall score fell from {before} in {since} to {score}, with the largest drop in {}.",
                    most_fallen(&weakest, scored, prev, &names)
                ),
                _ => format!(
                    "Scores slipped from {before} to {score} after a reorganisation of the supply chain function; {weakest} needs attention first."
                ),
            }
        } else {
            format!(
                "The overall score is unchanged at {score} (level {level}, *{level_name}*) since {since}; {weakest} remains the main gap."
            )
        }
    }
}

/// The capability that lost the most since the previous period, or `fallback`.
pub(super) fn most_fallen(
    fallback: &str,
    scored: &AssessmentScores,
    prev: &Previous,
    names: &[&str],
) -> String {
    let mut worst: Option<(usize, f64)> = None;
    for (c, s) in scored.capabilities.iter().enumerate() {
        if let (Some(s), Some(Some(b))) = (s, prev.capabilities.get(c)) {
            let loss = b - s.score;
            if worst.is_none_or(|(_, w)| loss > w) {
                worst = Some((c, loss));
            }
        }
    }
    match worst {
        Some((c, loss)) if loss > 0.0 => lower_first(names[c]),
        _ => fallback.to_owned(),
    }
}

#[derive(Clone, Copy)]
pub(super) enum Choice {
    Level,
    Levels,
    Criteria,
}

/// One organisation of the sample.
pub(super) struct Org {
    pub(super) index: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) sector: usize,
    pub(super) size: usize,
    pub(super) region: usize,
    /// First period index it is assessed in.
    pub(super) start: usize,
    /// Per capability: the reason when it does not apply.
    pub(super) not_applicable: Vec<Option<&'static str>>,
    /// Latent level per period, then capability, on the model's 0..K scale
    /// (not yet clamped).
    pub(super) latent: Vec<Vec<f64>>,
}

/// What the previous assessment of an organisation scored.
pub(super) struct Previous {
    pub(super) period: usize,
    pub(super) overall: f64,
    pub(super) capabilities: Vec<Option<f64>>,
}

/// The level below `x` and the fraction above it, with `x` in [0, K].
pub(super) fn split(x: f64, k: u32) -> (u32, f64) {
    let floor = x.floor();
    let level = (floor.max(0.0) as u32).min(k);
    if level >= k {
        (k, 0.0)
    } else {
        (level, (x - floor).clamp(0.0, 1.0))
    }
}

/// A date in the period's year, if the period starts with one.
pub(super) fn date(rng: &mut Rng, period: &str) -> Option<String> {
    let year: u32 = period
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    let month = 1 + rng.below(12) as u32;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    let day = 1 + rng.below(days) as u32;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}
