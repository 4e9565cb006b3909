//! Organisation pages remembered between renders, so that `rungs serve`
//! re-renders after a save only the organisations whose pages change.
//!
//! An organisation's pages (its reports, their roadmaps and its own page)
//! are a pure function of the templates, the site-wide values and the
//! organisation's published reports, each with its analysis and its peer
//! cohort as report pages show it (name, size and [`PeerBand`]s).
//! `Fingerprints` hashes exactly those; an organisation whose fingerprint
//! is unchanged gets its previous files back without rendering. Editing
//! one assessment thus re-renders its organisation, the organisations
//! whose percentile it moves, and, when it moves a cohort's median or
//! quartiles, every organisation compared with that cohort.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::benchmark::Peers;
use crate::analysis::benchmark::{Benchmarks, Cohort};
use crate::analysis::report::Report;
use crate::analysis::roadmap::Analysis;
use crate::analysis::stats::{PeerBand, Summary};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::site::Site;

use crate::render::Templates;
use crate::verify::links::PageLinks;

/// A file as the site writer stored it: its links and ids, size and
/// charts, waiting to be recorded in order, and remembered with an
/// organisation's pages for the next build.
pub(super) struct Stored {
    pub(super) links: PageLinks,
    pub(super) bytes: u64,
    pub(super) charts: usize,
    pub(super) page: bool,
}

/// What one render leaves for the next; see the module documentation.
#[derive(Default)]
pub struct PageMemo {
    /// [`Fingerprints::site`] of the render that filled it.
    site: u64,
    /// Organisation id → its files.
    organizations: HashMap<String, Arc<OrganizationFiles>>,
    /// How many of them the render that filled it took from its
    /// predecessor instead of rendering them.
    reused: usize,
}

impl PageMemo {
    /// How many organisations' pages it holds: those of the last render.
    pub fn len(&self) -> usize {
        self.organizations.len()
    }

    /// How many organisations the last render took from the memo instead
    /// of rendering them.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.organizations.is_empty()
    }

    /// The files an organisation had in the previous render, if its
    /// fingerprint is the same.
    pub(super) fn get(
        &self,
        organization: &str,
        fingerprint: u64,
    ) -> Option<&Arc<OrganizationFiles>> {
        self.organizations
            .get(organization)
            .filter(|files| files.fingerprint == fingerprint)
    }

    /// Takes what a render with site fingerprint `site` may reuse, leaving
    /// the memo empty until [`PageMemo::keep`] fills it again.
    pub(super) fn take_for(&mut self, site: u64) -> PageMemo {
        let previous = std::mem::take(self);
        self.site = site;
        if previous.site == site {
            previous
        } else {
            PageMemo::default()
        }
    }

    /// Whether `files` are the ones it holds for `organization`.
    pub(super) fn holds(&self, organization: &str, files: &Arc<OrganizationFiles>) -> bool {
        self.organizations
            .get(organization)
            .is_some_and(|held| Arc::ptr_eq(held, files))
    }

    /// Remembers an organisation's files for the next render; `reused`
    /// when they came from the previous one.
    pub(super) fn keep(&mut self, organization: &str, files: Arc<OrganizationFiles>, reused: bool) {
        self.reused += usize::from(reused);
        self.organizations.insert(organization.to_owned(), files);
    }
}

/// The files of one organisation, with the fingerprint they were made from.
pub(super) struct OrganizationFiles {
    pub fingerprint: u64,
    /// Each file's bytes (kept only when remembering) and what storing it
    /// recorded.
    pub files: Vec<(Option<Arc<[u8]>>, Stored)>,
}

/// Fingerprints what organisation pages show.
pub(super) struct Fingerprints {
    /// Everything site-wide.
    pub site: u64,
    /// Each cohort's statistics, by the cohort's address (cohorts stay in
    /// place for the whole render).
    cohorts: HashMap<usize, u64>,
}

impl Fingerprints {
    /// Fingerprints the site-wide inputs of organisation pages (the
    /// templates, the configuration, the model, the content pages that make
    /// the navigation, the base URL, the generator and whether this is one
    /// firm's own site) and every cohort.
    pub fn new(
        site: &Site,
        templates: &Templates,
        benchmarks: &Benchmarks,
        base_url: &str,
        generator: &str,
    ) -> Self {
        let mut f = Fingerprint::new();
        for (name, shown, text) in templates.sources() {
            f.bytes(name.as_bytes())
                .bytes(shown.as_bytes())
                .bytes(text.as_bytes());
        }
        f.debug(&site.config)
            .debug(&site.model)
            .debug(&site.pages)
            .bytes(base_url.as_bytes())
            .bytes(generator.as_bytes())
            // One firm's own site has other breadcrumbs and its page at the
            // root; by default that depends on the assessments, not the
            // configuration alone.
            .number(u64::from(site.single_organization()));
        Fingerprints {
            site: f.finish(),
            cohorts: benchmarks
                .cohorts
                .iter()
                .map(|c| (address(c), cohort_statistics(c)))
                .collect(),
        }
    }

    /// Everything an organisation's pages show besides what is site-wide.
    pub fn organization(&self, history: &[&Report<'_>]) -> u64 {
        let mut f = Fingerprint::new();
        f.number(self.site);
        for report in history {
            // Destructured, so that a new field cannot be left out unnoticed.
            let Report {
                // The report's place in the site's list, which shifts when
                // an organisation is added before it; no page shows it.
                index: _,
                assessment,
                // A function of the assessment and the model.
                scores: _,
                analysis,
            } = report;
            // The text's fingerprint and the file's path determine the
            // assessment (and its URLs), given the model and the configuration; without
            // the fingerprint, the assessment itself is hashed.
            match assessment.source {
                Some(text) => f.number(1).number(text).bytes(assessment.file.as_bytes()),
                None => f.number(0).debug(assessment),
            };
            let Analysis {
                peers,
                percentile,
                weak_links,
                roadmap,
                to_target,
                change,
            } = analysis;
            f.debug(percentile)
                .debug(weak_links)
                .debug(roadmap)
                .debug(to_target)
                .debug(change);
            let own = peers.and_then(Peers::cohort);
            match own.and_then(|c| self.cohorts.get(&address(c))) {
                Some(cohort) => f.number(1).number(*cohort),
                // Without peers, with a reference cohort, or (never) a
                // cohort from elsewhere: told apart by what pages show.
                None => f.number(0).number(peers.map_or(0, peers_statistics)),
            };
        }
        f.finish()
    }
}

fn address(cohort: &Cohort) -> usize {
    std::ptr::from_ref(cohort) as usize
}

/// Figures as report pages show them: their cohort's name, size and
/// [`PeerBand`]s.
fn peers_statistics(peers: Peers<'_>) -> u64 {
    match peers {
        Peers::Own(c) => cohort_statistics(c),
        Peers::Reference(r) => Fingerprint::new().debug(&r.cohort).debug(&r.group).finish(),
    }
}

/// A cohort as report pages show it: its name, size and [`PeerBand`]s,
/// not who its members are (their scores reach a report only as its
/// percentile, which is part of the analysis) nor its means and extremes.
fn cohort_statistics(cohort: &Cohort) -> u64 {
    let Cohort {
        period,
        group,
        members,
        assessed,
        score,
        sorted_scores: _,
        levels: _,
        dimensions,
        capabilities,
        methods: _,
        roadmap_levels: _,
    } = cohort;
    let bands = |all: &[Option<Summary>]| -> Vec<Option<PeerBand>> {
        all.iter().map(|s| s.as_ref().map(PeerBand::from)).collect()
    };
    Fingerprint::new()
        .debug(period)
        .debug(group)
        .number(members.len() as u64)
        .number(*assessed as u64)
        .debug(&PeerBand::from(score))
        .debug(&bands(dimensions))
        .debug(&bands(capabilities))
        .finish()
}
