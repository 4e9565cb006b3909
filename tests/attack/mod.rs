//! The attacker of scoring.md §5 "What is withheld", played against a
//! build's own open data.
//!
//! The attacker knows every published figure (`data/results.json`,
//! `data/benchmarks.json`), the rules of the documentation, and who opted
//! out: which organisations have an unpublished assessment in which period,
//! with their cohort attributes, assessment method and which dimensions and
//! capabilities apply to them (the strongest attacker: an insider at the
//! association). It then
//!
//! - derives, for every published statistic, how many unpublished
//!   assessments it includes (its count minus the published members that
//!   the results name), and fails when that is between 1 and k − 1, or when
//!   a cohort includes some but not all of its unpublished members (the
//!   documented rule is all or none);
//! - writes the `n × mean` equation of every published cohort, for the
//!   overall score and for every dimension, in the unknown scores of the
//!   unpublished members it includes, and solves the system exactly
//!   (rational elimination): any unpublished score the system determines
//!   is a failure;
//! - compares the unpublished members of every two statistics of one
//!   scope: one included in the other with 1 to k − 1 members more gives
//!   the sum of those few by subtraction, and is a failure too.
//!
//! Written independently of the code under test: it reads only the output
//! files and the ground truth of the inputs.

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

/// What the attacker knows of one unpublished assessment.
#[derive(Clone, Debug)]
pub struct Hidden {
    /// A name for messages (organisation id and period).
    pub name: String,
    /// Its period.
    pub period: String,
    /// Its organisation's attributes.
    pub attributes: BTreeMap<String, String>,
    /// `self`, `third-party` or `None`.
    pub method: Option<String>,
    /// Per dimension id: does it apply?
    pub dimensions: BTreeMap<String, bool>,
    /// Per capability id: does it apply?
    pub capabilities: BTreeMap<String, bool>,
    /// Its overall level (the attacker does not know it, but the counts of
    /// the sector roadmap are checked against it).
    pub level: u32,
}

/// One published assessment as `data/results.json` gives it.
struct Published<'a> {
    period: &'a str,
    attributes: &'a serde_json::Map<String, Value>,
    method: Option<&'a str>,
    score: f64,
    level: u64,
    dimensions: &'a serde_json::Map<String, Value>,
    capabilities: &'a serde_json::Map<String, Value>,
}

/// One published statistic: its name, the unpublished members it includes
/// and, for a mean, `n × mean` minus its published members' scores (NaN
/// for statistics without a mean).
type Equation = (String, Vec<usize>, f64);

/// Plays the attacker; returns every finding (empty: the data holds).
pub fn attack(results: &Value, benchmarks: &Value, hidden: &[Hidden]) -> Vec<String> {
    let k = benchmarks["min_cohort_size"].as_u64().unwrap_or(0) as usize;
    let published: Vec<Published> = results["assessments"]
        .as_array()
        .expect("results.json has assessments")
        .iter()
        .map(|a| Published {
            period: a["period"].as_str().expect("period"),
            attributes: a["attributes"].as_object().expect("attributes"),
            method: a["method"].as_str(),
            score: a["score"].as_f64().expect("score"),
            level: a["level"].as_u64().expect("level"),
            dimensions: a["dimensions"].as_object().expect("dimensions"),
            capabilities: a["capabilities"].as_object().expect("capabilities"),
        })
        .collect();
    let mut findings = Vec::new();
    // Scope name → the unpublished members each statistic includes, with
    // the statistic's name; and the right-hand sides of n × mean.
    let mut scopes: BTreeMap<(String, String), Vec<Equation>> = BTreeMap::new();
    for c in benchmarks["cohorts"].as_array().expect("cohorts") {
        let period = c["period"].as_str().expect("period");
        let attribute = c["attribute"].as_str();
        let value = c["value"].as_str();
        let label = match (attribute, value) {
            (Some(a), Some(v)) => format!("{period} {a}={v}"),
            _ => format!("{period} all"),
        };
        let in_cohort_published = |p: &Published| {
            p.period == period
                && match (attribute, value) {
                    (Some(a), Some(v)) => p.attributes.get(a).and_then(Value::as_str) == Some(v),
                    _ => true,
                }
        };
        let members_p: Vec<&Published> = published
            .iter()
            .filter(|p| in_cohort_published(p))
            .collect();
        let members_h: Vec<usize> = (0..hidden.len())
            .filter(|&i| {
                let h = &hidden[i];
                h.period == period
                    && match (attribute, value) {
                        (Some(a), Some(v)) => h.attributes.get(a).map(String::as_str) == Some(v),
                        _ => true,
                    }
            })
            .collect();
        let n = c["n"].as_u64().expect("n") as usize;
        let Some(counted) = n.checked_sub(members_p.len()) else {
            findings.push(format!(
                "{label}: n = {n} is below its {} published members",
                members_p.len()
            ));
            continue;
        };
        // The documented rule: a cohort counts all of its unpublished
        // members or none.
        let included: Vec<usize> = if counted == 0 {
            Vec::new()
        } else if counted == members_h.len() {
            members_h.clone()
        } else {
            findings.push(format!(
                "{label}: counts {counted} of its {} unpublished members, neither none nor all",
                members_h.len()
            ));
            continue;
        };
        let mut stat = |findings: &mut Vec<String>,
                        scope: &str,
                        what: &str,
                        n_stat: usize,
                        published_in: usize,
                        hidden_in: Vec<usize>,
                        rhs: f64| {
            let derived = n_stat.checked_sub(published_in);
            if derived != Some(hidden_in.len()) {
                findings.push(format!(
                    "{label}, {what}: n = {n_stat} with {published_in} published members, \
                     but {} unpublished members count",
                    hidden_in.len()
                ));
            }
            if !hidden_in.is_empty() && hidden_in.len() < k {
                findings.push(format!(
                    "{label}, {what}: includes {} unpublished assessments ({}), fewer than k = {k}",
                    hidden_in.len(),
                    names(hidden, &hidden_in)
                ));
            }
            if !hidden_in.is_empty() {
                scopes
                    .entry((period.to_owned(), scope.to_owned()))
                    .or_default()
                    .push((format!("{label}, {what}"), hidden_in, rhs));
            }
        };
        // Overall score: n × mean − the published scores.
        let mean = c["score"]["mean"].as_f64().expect("mean");
        let rhs = n as f64 * mean - members_p.iter().map(|p| p.score).sum::<f64>();
        stat(
            &mut findings,
            "overall",
            "overall score",
            n,
            members_p.len(),
            included.clone(),
            rhs,
        );
        // Every dimension with statistics.
        if let Some(dims) = c["dimensions"].as_object() {
            for (d, s) in dims {
                if s.is_null() {
                    continue;
                }
                let n_d = s["n"].as_u64().expect("dimension n") as usize;
                let with: Vec<&&Published> = members_p
                    .iter()
                    .filter(|p| p.dimensions.get(d).is_some_and(|x| !x.is_null()))
                    .collect();
                let hidden_in: Vec<usize> = included
                    .iter()
                    .copied()
                    .filter(|&i| hidden[i].dimensions.get(d) == Some(&true))
                    .collect();
                let rhs = n_d as f64 * s["mean"].as_f64().expect("dimension mean")
                    - with
                        .iter()
                        .map(|p| p.dimensions[d]["score"].as_f64().expect("score"))
                        .sum::<f64>();
                stat(
                    &mut findings,
                    &format!("dimension {d}"),
                    &format!("dimension {d}"),
                    n_d,
                    with.len(),
                    hidden_in,
                    rhs,
                );
            }
        }
        // Capabilities: medians and quartiles, no mean; their counts.
        if let Some(caps) = c["capabilities"].as_object() {
            for (cap, s) in caps {
                if s.is_null() {
                    continue;
                }
                let n_c = s["n"].as_u64().expect("capability n") as usize;
                let with = members_p
                    .iter()
                    .filter(|p| p.capabilities.get(cap).is_some_and(|x| !x.is_null()))
                    .count();
                let hidden_in: Vec<usize> = included
                    .iter()
                    .copied()
                    .filter(|&i| hidden[i].capabilities.get(cap) == Some(&true))
                    .collect();
                stat(
                    &mut findings,
                    &format!("capability {cap}"),
                    &format!("capability {cap}"),
                    n_c,
                    with,
                    hidden_in,
                    f64::NAN,
                );
            }
        }
        // Method medians.
        for (key, median, method) in [
            ("self", "self_median", "self"),
            ("third_party", "third_party_median", "third-party"),
        ] {
            let n_m = c["methods"][key].as_u64().unwrap_or(0) as usize;
            let with = members_p
                .iter()
                .filter(|p| p.method == Some(method))
                .count();
            let hidden_in: Vec<usize> = included
                .iter()
                .copied()
                .filter(|&i| hidden[i].method.as_deref() == Some(method))
                .collect();
            if c["methods"][median].is_null() {
                // Only the count is published: a symmetric figure of the
                // cohort, checked for consistency alone.
                if n_m.checked_sub(with) != Some(hidden_in.len()) {
                    findings.push(format!("{label}: {key} count {n_m} is inconsistent"));
                }
                continue;
            }
            stat(
                &mut findings,
                &format!("method {method}"),
                &format!("{method} median"),
                n_m,
                with,
                hidden_in,
                f64::NAN,
            );
        }
        // Sector roadmap: one statistic per level, over the members just
        // below it.
        if let Some(levels) = c["sector_roadmap"].as_array() {
            for l in levels {
                let g = l["level"].as_u64().expect("level");
                let members = l["members"].as_u64().expect("members") as usize;
                let with = members_p.iter().filter(|p| p.level + 1 == g).count();
                let hidden_in: Vec<usize> = included
                    .iter()
                    .copied()
                    .filter(|&i| u64::from(hidden[i].level) + 1 == g)
                    .collect();
                stat(
                    &mut findings,
                    &format!("sector roadmap level {g}"),
                    &format!("sector roadmap to level {g}"),
                    members,
                    with,
                    hidden_in,
                    f64::NAN,
                );
            }
        }
    }
    for ((period, scope), stats) in &scopes {
        // Subtraction of one statistic from another of the same scope.
        for (a, ha, _) in stats {
            for (b, hb, _) in stats {
                if hb.len() > ha.len() && ha.iter().all(|x| hb.contains(x)) {
                    let extra = hb.len() - ha.len();
                    if extra < k {
                        let rest: Vec<usize> =
                            hb.iter().copied().filter(|x| !ha.contains(x)).collect();
                        findings.push(format!(
                            "{period} {scope}: `{b}` minus `{a}` leaves {extra} unpublished ({})",
                            names(hidden, &rest)
                        ));
                    }
                }
            }
        }
        // The n × mean equations, solved exactly.
        if stats.iter().any(|(_, _, rhs)| rhs.is_nan()) {
            continue;
        }
        let unknowns: Vec<usize> = {
            let mut u: Vec<usize> = stats.iter().flat_map(|(_, h, _)| h.clone()).collect();
            u.sort_unstable();
            u.dedup();
            u
        };
        let column = |h: usize| unknowns.binary_search(&h).expect("unknown");
        let mut basis = Basis::default();
        for (_, h, _) in stats {
            let mut row = vec![0i128; unknowns.len()];
            for &x in h {
                row[column(x)] = 1;
            }
            basis.insert(row);
        }
        for (j, &h) in unknowns.iter().enumerate() {
            let mut e = vec![0i128; unknowns.len()];
            e[j] = 1;
            if basis.spans(e) {
                findings.push(format!(
                    "{period} {scope}: the score of unpublished {} is determined by the published figures",
                    hidden[h].name
                ));
            }
        }
    }
    findings
}

fn names(hidden: &[Hidden], which: &[usize]) -> String {
    which
        .iter()
        .map(|&i| hidden[i].name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows in echelon form over the rationals, kept as integer rows divided
/// by their greatest common divisor: each row is zero at the pivots of the
/// rows before it.
#[derive(Default)]
struct Basis {
    rows: Vec<(usize, Vec<i128>)>,
}

impl Basis {
    /// Reduces `v` by every row: zero at every pivot afterwards.
    fn reduce(&self, mut v: Vec<i128>) -> Vec<i128> {
        for (p, r) in &self.rows {
            if v[*p] != 0 {
                let (a, b) = (r[*p], v[*p]);
                for (x, y) in v.iter_mut().zip(r) {
                    *x = x
                        .checked_mul(a)
                        .and_then(|x| x.checked_sub(y.checked_mul(b)?))
                        .expect("exact elimination stays within i128");
                }
                normalise(&mut v);
            }
        }
        v
    }

    fn insert(&mut self, v: Vec<i128>) {
        let v = self.reduce(v);
        if let Some(p) = v.iter().position(|&x| x != 0) {
            self.rows.push((p, v));
        }
    }

    /// Whether `v` is a rational combination of the rows.
    fn spans(&self, v: Vec<i128>) -> bool {
        self.reduce(v).iter().all(|&x| x == 0)
    }
}

fn normalise(v: &mut [i128]) {
    let g = v.iter().fold(0i128, |g, &x| gcd(g, x.abs()));
    if g > 1 {
        for x in v.iter_mut() {
            *x /= g;
        }
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[test]
fn the_solver_finds_what_subtraction_gives() {
    // {a, b} and {a}: b is determined; {a, b}, {b, c}: nothing is.
    let mut basis = Basis::default();
    basis.insert(vec![1, 1, 0]);
    basis.insert(vec![0, 1, 1]);
    assert!(!basis.spans(vec![1, 0, 0]));
    assert!(!basis.spans(vec![0, 1, 0]));
    assert!(basis.spans(vec![1, 0, -1]));
    basis.insert(vec![1, 0, 0]);
    assert!(basis.spans(vec![0, 0, 1]));
    assert!(basis.spans(vec![0, 1, 0]));
}
