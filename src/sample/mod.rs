//! Deterministic sample data: fictional manufacturers assessed against a
//! model over several periods, written as assessment files (`formats.md`).
//!
//! The data is built to look like a real sector benchmark. Each organisation
//! has a latent maturity driven by its sector and size plus noise; each
//! capability deviates from it with correlated noise (a shared component per
//! dimension and a small one per capability). Organisations mostly improve
//! from period to period, some regress for a period, and a few join late.
//! The latent level of a capability is turned into one of the four forms of
//! `formats.md` so that the scored level lies near it.
//!
//! The same model and [`SampleOptions`] always give byte-identical files:
//! randomness comes from a seeded xoshiro256** generator, nothing depends on
//! hash-map order or the clock, and numbers are printed from integer
//! hundredths. Each organisation and each assessment draws from its own
//! stream, so files can be streamed with [`generate_each`] without holding
//! them.

mod emit;
mod names;
mod plan;
mod rng;

use plan::{Plan, Previous};

use std::collections::BTreeSet;

use crate::domain::model::Model;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleOptions {
    /// How many organisations (each assessed in every period from the one it
    /// joins in).
    pub organizations: usize,
    /// Periods in chronological order, such as `["2023", "2024", "2025"]`.
    /// They must be valid, distinct periods (see
    /// [`crate::input::assessment::is_period`]); a period that starts with four
    /// digits is taken as the year of `assessed_on`.
    pub periods: Vec<String>,
    /// Seed of the pseudo-random generator: the same seed gives the same files.
    pub seed: u64,
}

impl Default for SampleOptions {
    /// The benchmark's default sample: 80 organisations, 2023 to 2025, seed 42.
    fn default() -> Self {
        SampleOptions {
            organizations: 80,
            periods: vec!["2023".to_owned(), "2024".to_owned(), "2025".to_owned()],
            seed: 42,
        }
    }
}

/// One generated assessment file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleFile {
    /// Path relative to the assessments folder, with `/` separators, such as
    /// `2024/northwind-castings-2024.yaml`.
    pub path: String,
    /// The YAML text.
    pub text: String,
}

/// Generates every file at once; see [`generate_each`] for the order.
pub fn generate(model: &Model, options: &SampleOptions) -> Vec<SampleFile> {
    let mut files = Vec::new();
    generate_each(model, options, |f| files.push(f));
    files
}

/// Generates the files one by one and hands each to `f`, holding only one
/// organisation's state at a time (for samples of 100,000 files).
///
/// Files come organisation by organisation, each organisation's periods in
/// the given order; an organisation that joins late has no files for the
/// periods before it joined.
pub fn generate_each(model: &Model, options: &SampleOptions, mut f: impl FnMut(SampleFile)) {
    let plan = Plan::new(model, options);
    let mut used_ids = BTreeSet::new();
    for index in 0..options.organizations {
        let org = plan.organization(index, &mut used_ids);
        let mut previous: Option<Previous> = None;
        for p in org.start..options.periods.len() {
            let (file, scores) = plan.assessment(&org, p, previous.as_ref());
            f(file);
            previous = Some(Previous {
                period: p,
                overall: scores.overall.score,
                capabilities: scores
                    .capabilities
                    .iter()
                    .map(|c| c.as_ref().map(|s| s.score))
                    .collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::emit::*;
    use super::names::*;
    use super::plan::*;
    use super::rng::*;

    #[test]
    fn slugs_transliterate() {
        assert_eq!(slug("Müller Präzisionsteile"), "muller-prazisionsteile");
        assert_eq!(
            slug("Société Générale des Tissus"),
            "societe-generale-des-tissus"
        );
        assert_eq!(
            slug("東方精密 (Dongfang Precision)"),
            "dong-fang-jing-mi-dongfang-precision"
        );
        assert_eq!(slug("Smith & Sons Tooling"), "smith-sons-tooling");
        assert_eq!(slug("Ålesund Sjømat"), "alesund-sjomat");
        assert_eq!(slug("東方"), "dong-fang");
        assert_eq!(slug("(!)"), "organization");
        assert!(slug(&"word ".repeat(20)).len() <= 56);
        for (_, base, _, _) in FEATURED {
            assert!(crate::text::slug::is_id(&slug(base)), "{base}");
        }
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(hundredths(100), "1.0");
        assert_eq!(hundredths(84), "0.84");
        assert_eq!(hundredths(50), "0.5");
        assert_eq!(hundredths(5), "0.05");
        assert_eq!(hundredths(0), "0.0");
        assert_eq!(two_decimals(2.009_9), "2.00", "rounded down like the pages");
        assert_eq!(two_decimals(3.0), "3.00");
        assert_eq!(
            quote("a \"b\"\n\\ é\u{2028}"),
            "\"a \\\"b\\\"\\n\\\\ é\\u2028\""
        );
        assert_eq!(key("strategy-1a"), "strategy-1a");
        assert_eq!(key("true"), "\"true\"");
        assert_eq!(key("2a"), "\"2a\"");
        assert_eq!(
            lower_first("Supply chain strategy"),
            "supply chain strategy"
        );
        assert_eq!(lower_first("ERP"), "ERP");
    }

    #[test]
    fn apportion_is_exact() {
        assert_eq!(apportion(80, &[35, 40, 25]), vec![28, 32, 20]);
        assert_eq!(
            apportion(77, &[12, 11, 11, 9, 13, 9, 10])
                .iter()
                .sum::<usize>(),
            77
        );
        assert_eq!(apportion(0, &[1, 2]), vec![0, 0]);
    }

    #[test]
    fn streams_differ() {
        let mut a = Rng::stream(1, &[2, 3]);
        let mut b = Rng::stream(1, &[3, 2]);
        assert_ne!(a.next_u64(), b.next_u64());
        let mut c = Rng::stream(7, &[]);
        for _ in 0..1000 {
            let u = c.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(c.below(5) < 5);
            assert!(c.normal(1.0).abs() < 3.47);
        }
    }
}
