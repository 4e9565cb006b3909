//! Writing the site: pages from [`crate::render`], the exports, search
//! index and sitemap from [`crate::publish`], the theme's and the site's
//! static files, each stored in a [`Sink`] as soon as it is made and
//! scanned for links, which [`crate::verify`] checks once everything is
//! written.
//!
//! One pass does all of it because a large site does not fit in memory
//! twice: every file leaves as soon as it is made, and only its links stay.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::memo::{self, OrganizationFiles, PageMemo, Stored};
use crate::analysis::benchmark::Benchmarks;
use crate::analysis::report::{self, Report};
use crate::analysis::score::AssessmentScores;
use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::builtin;
use crate::domain::config::Labels;
use crate::domain::model::Model;
use crate::domain::output::Sink;
use crate::domain::progress::Progress;
use crate::domain::site::Site;
use crate::publish;
use crate::render::{self, RenderInput, Templates, views};
use crate::verify::links::LinkIndex;

/// What writing the site produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// HTML pages.
    pub pages: usize,
    /// Inline SVG charts in those pages.
    pub charts: usize,
    /// All files, pages included.
    pub files: usize,
    /// Bytes of all files.
    pub bytes: u64,
}

/// Everything one build writes.
pub struct SiteInput<'a> {
    /// The validated site.
    pub site: &'a Site,
    /// Scores of every assessment, parallel to `site.assessments`.
    pub scores: &'a [AssessmentScores],
    /// The publishable cohorts.
    pub benchmarks: &'a Benchmarks,
    /// The base URL in effect (site.yaml's, or `--base-url`).
    pub base_url: &'a str,
    /// `rungs <version>`, shown in the footer and meta generator.
    pub generator: &'a str,
    /// Told of every page written.
    pub progress: &'a dyn Progress,
}

/// Writes the whole site into `sink`.
pub fn write(input: &SiteInput<'_>, sink: &dyn Sink) -> Result<Summary, Diagnostics> {
    write_site(input, sink, None)
}

/// [`write()`], taking from `memo` the pages of every organisation whose
/// pages would come out the same as in the previous build, and leaving
/// this build's pages in it (see [`memo`]).
pub fn write_remembering(
    input: &SiteInput<'_>,
    sink: &dyn Sink,
    memo: &mut PageMemo,
) -> Result<Summary, Diagnostics> {
    write_site(input, sink, Some(memo))
}

/// The stack of each thread that renders. Tera recurses once for each
/// include and parent: in a debug build one level takes some 80 KiB, so a
/// thread's default 2 MiB ends about 25 levels down, short of the
/// `MAX_TEMPLATE_DEPTH` (render/graph.rs) that templates may reach, and components
/// (which Tera lets nest 20 deep) add their own levels. 32 MiB leaves
/// room for both many times over; it is address space reserved, of which
/// a render touches only what it uses.
const RENDER_STACK_BYTES: usize = 32 << 20;

/// The threads pages are rendered on: as many as rayon's global pool
/// (`RAYON_NUM_THREADS` or one per core), with [`RENDER_STACK_BYTES`] of
/// stack each. `None` if they cannot be started, and rendering stays on
/// the caller's threads.
fn render_threads() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(RENDER_STACK_BYTES)
            .thread_name(|i| format!("rungs-render-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

fn write_site(
    input: &SiteInput<'_>,
    sink: &dyn Sink,
    memo: Option<&mut PageMemo>,
) -> Result<Summary, Diagnostics> {
    match render_threads() {
        Some(pool) => pool.install(|| write_on_this_thread(input, sink, memo)),
        None => write_on_this_thread(input, sink, memo),
    }
}

/// [`write_site`] on the current thread, and in the current thread pool:
/// the pages of every language, the exports and search index, the static
/// files and the sitemap, then the link check over all of it.
fn write_on_this_thread(
    input: &SiteInput<'_>,
    sink: &dyn Sink,
    memo: Option<&mut PageMemo>,
) -> Result<Summary, Diagnostics> {
    let site = input.site;
    let static_files = theme_files(site);
    // The site in each of its other languages: the same scores and
    // cohorts, read and labelled in that language.
    let translated: Vec<Site> = site
        .translations
        .iter()
        .map(|t| site.translated(t))
        .collect();
    let sites: Vec<&Site> = std::iter::once(site).chain(&translated).collect();
    let languages = render::languages::links(&sites);
    let mut out = Writer {
        sink,
        summary: Summary::default(),
        pages: Vec::new(),
        links: LinkIndex::new(input.base_url),
        progress: input.progress,
    };
    write_language(input, &languages, 0, site, input.benchmarks, &mut out, memo)?;
    for (i, translated) in translated.iter().enumerate() {
        let benchmarks = input.benchmarks.relabeled(&translated.config.labels);
        write_language(
            input,
            &languages,
            i + 1,
            translated,
            &benchmarks,
            &mut out,
            None,
        )?;
    }

    out.put(".nojekyll", b"")?;
    if let Some(cname) = &site.config.cname {
        out.put("CNAME", format!("{cname}\n").as_bytes())?;
    }
    // The sitemap is generated and may not be replaced; a robots.txt of the
    // site's own takes the place of the generated one.
    let prefixes: Vec<(&str, &str)> = languages
        .iter()
        .map(|l| (l.tag.as_str(), l.prefix.as_str()))
        .collect();
    for (path, bytes) in publish::sitemap::sitemaps(input.base_url, &out.pages, &prefixes) {
        out.put(&path, &bytes)?;
    }
    if !static_files.contains_key("robots.txt") {
        out.put("robots.txt", &publish::sitemap::robots(input.base_url))?;
    }
    for (path, (source, bytes)) in static_files {
        if out.links.has_file(path) {
            return Err(Diagnostics(vec![
                Diagnostic::in_file(source, format!("this file would replace the generated `{path}`"))
                    .with_help("rename or move the static file; to change a generated page, override its template instead"),
            ]));
        }
        out.put(path, bytes)?;
    }
    let broken = out.links.broken();
    if !broken.is_empty() {
        return Err(Diagnostics(broken));
    }
    Ok(out.summary)
}

/// Writes the pages of the `index`-th language, `site` being the site in
/// that language, under its folder, with its search index; the first
/// language's pass also writes the open-data exports (language-neutral:
/// ids, with every language's labels in `data/model.json`) and is the
/// only one `memo` serves.
fn write_language(
    input: &SiteInput<'_>,
    languages: &[render::languages::LanguageLink],
    index: usize,
    site: &Site,
    benchmarks: &Benchmarks,
    out: &mut Writer<'_>,
    mut memo: Option<&mut PageMemo>,
) -> Result<(), Diagnostics> {
    let model = &site.model;
    let prefix = languages.get(index).map_or("", |l| l.prefix.as_str());
    let templates = render::templates(site, input.base_url, input.generator, languages, index)?;
    // Analysis: the published reports, each with its roadmap.
    let reports = report::published(site, input.scores, benchmarks);
    let by_org = render::by_organization(&reports);
    let pages = RenderInput {
        site,
        scores: input.scores,
        benchmarks,
        reports: &reports,
        organizations: &by_org,
        base_url: input.base_url,
        first_language: index == 0,
    };
    let model_html = views::ModelHtml::new(model);
    let put_page = |out: &mut Writer<'_>, file: &str, html: &[u8]| {
        if prefix.is_empty() {
            out.put_page(file, html)
        } else {
            out.put_page(&format!("{prefix}{file}"), html)
        }
    };

    render::site_pages(&templates, &pages, &mut |file, html| {
        put_page(out, file, html)
    })
    .map_err(one)?;

    // Organisations are independent: their pages are rendered, scanned for
    // links and stored on every core, a batch at a time, and recorded in
    // order. Meanwhile another core serialises the open-data exports.
    let orgs: Vec<(&&str, &Vec<&Report<'_>>)> = by_org.iter().collect();
    let (sink, progress) = (out.sink, out.progress);
    let scanner = LinkIndex::new(input.base_url);
    let fingerprints = memo.as_ref().map(|_| {
        memo::Fingerprints::new(
            site,
            &templates,
            benchmarks,
            input.base_url,
            input.generator,
        )
    });
    let previous = memo
        .as_deref_mut()
        .zip(fingerprints.as_ref())
        .map(|(m, f)| m.take_for(f.site));
    let search_index = format!("{prefix}{}", publish::search::INDEX_PATH);
    let (organizations, exports) = rayon::join(
        || -> Result<(), Diagnostics> {
            for batch in orgs.chunks(ORG_BATCH) {
                // Borrows the writer only while the batch is made; its
                // files are then recorded in order.
                let maker = OrganizationMaker {
                    out,
                    templates: &templates,
                    model,
                    model_html: &model_html,
                    labels: &site.config.labels,
                    prefix,
                    single: site.single_organization(),
                    fingerprints: fingerprints.as_ref(),
                    previous: previous.as_ref(),
                };
                let made: Vec<Result<Made, Diagnostic>> = batch
                    .par_iter()
                    .map(|(id, history)| maker.make(id, history))
                    .collect();
                for ((id, _), made) in batch.iter().zip(made) {
                    let Made { files, unseen } = made.map_err(one)?;
                    for ((_, stored), unseen) in files.files.iter().zip(&unseen) {
                        out.record_unseen(stored, unseen);
                    }
                    if let Some(memo) = memo.as_deref_mut() {
                        let reused = previous.as_ref().is_some_and(|p| p.holds(id, &files));
                        memo.keep(id, files, reused);
                    }
                }
            }
            Ok(())
        },
        || -> Result<Vec<Stored>, Diagnostic> {
            let put =
                |path: &str, bytes: Vec<u8>| store(sink, &scanner, progress, path, &bytes, false);
            let search = put(
                &search_index,
                publish::search::index(site, &reports, benchmarks),
            )?;
            if index > 0 {
                return Ok(vec![search]);
            }
            // Each export is stored as soon as it is made, so only one is
            // in memory at a time.
            // results.json grows with every assessment (about 5 KB each):
            // it goes to the sink as it is made.
            let results = "data/results.json";
            let bytes = sink.put_streamed(results, &mut |out| {
                publish::export::write_results_json(model, &reports, out)
            })?;
            let results = Stored {
                links: scanner.scan(results, b""),
                bytes,
                charts: 0,
                page: false,
            };
            let translations: Vec<(&str, &Model)> = input
                .site
                .translations
                .iter()
                .map(|t| (t.language.as_str(), &t.model))
                .collect();
            Ok(vec![
                results,
                put(
                    "data/results.csv",
                    publish::export::results_csv(model, &reports),
                )?,
                put(
                    "data/model.json",
                    publish::export::model_json(model, &site.config.language, &translations),
                )?,
                put(
                    "data/benchmarks.json",
                    publish::export::benchmarks_json(model, benchmarks, input.scores),
                )?,
                put(
                    "data/benchmarks.csv",
                    publish::export::benchmarks_csv(model, benchmarks),
                )?,
                search,
            ])
        },
    );
    organizations?;
    for stored in exports.map_err(one)? {
        out.record(&stored);
    }

    render::content_pages(&templates, &pages, &mut |file, html| {
        put_page(out, file, html)
    })
    .map_err(one)
}

/// One organisation's files, with the positions of their links that the
/// link index had not seen when they were made (see [`LinkIndex::unseen`]).
struct Made {
    files: Arc<OrganizationFiles>,
    unseen: Vec<Vec<u32>>,
}

/// Organisations rendered in parallel per batch.
const ORG_BATCH: usize = 256;

/// Makes the files of one organisation at a time, on any thread.
struct OrganizationMaker<'a, 'w> {
    out: &'a Writer<'w>,
    templates: &'a Templates,
    model: &'a Model,
    model_html: &'a views::ModelHtml,
    /// How attribute names and values are shown (site.yaml's `labels`).
    labels: &'a Labels,
    /// The folder of the language's pages (see [`render::languages`]).
    prefix: &'a str,
    /// One firm's own site ([`Site::single_organization`]).
    single: bool,
    /// When remembering pages for the next render.
    fingerprints: Option<&'a memo::Fingerprints>,
    /// What the previous render remembered.
    previous: Option<&'a PageMemo>,
}

impl OrganizationMaker<'_, '_> {
    /// Stores the files of organisation `id`: those of the previous
    /// render when its fingerprint is unchanged, else newly rendered.
    fn make(&self, id: &str, history: &[&Report<'_>]) -> Result<Made, Diagnostic> {
        let fingerprint = self.fingerprints.map(|f| f.organization(history));
        let found = self
            .previous
            .zip(fingerprint)
            .and_then(|(previous, fingerprint)| previous.get(id, fingerprint));
        let files = match found {
            Some(found) => {
                self.out.store_again(found)?;
                Arc::clone(found)
            }
            None => self.render(history, fingerprint)?,
        };
        let unseen = files
            .files
            .iter()
            .map(|(_, stored)| self.out.links.unseen(&stored.links))
            .collect();
        Ok(Made { files, unseen })
    }

    /// Renders and stores every page of one organisation. With a
    /// fingerprint (when remembering pages for the next render), the files
    /// keep their bytes, to be stored again if it stays the same.
    fn render(
        &self,
        history: &[&Report<'_>],
        fingerprint: Option<u64>,
    ) -> Result<Arc<OrganizationFiles>, Diagnostic> {
        let out = self.out;
        let mut files = Vec::with_capacity(history.len() * 2 + 1);
        render::organization_pages(
            self.templates,
            self.model,
            self.model_html,
            self.labels,
            history,
            self.single,
            &mut |file, bytes| {
                let prefixed;
                let file = if self.prefix.is_empty() {
                    file
                } else {
                    prefixed = format!("{}{file}", self.prefix);
                    &prefixed
                };
                files.push(if fingerprint.is_some() {
                    let shared: Arc<[u8]> = Arc::from(bytes);
                    out.sink.put_shared(file, &shared)?;
                    (Some(shared), out.describe(file, bytes, true))
                } else {
                    (None, out.store(file, bytes, true)?)
                });
                Ok(())
            },
        )?;
        Ok(Arc::new(OrganizationFiles {
            fingerprint: fingerprint.unwrap_or(0),
            files,
        }))
    }
}

/// Writes the private report of every assessment, published or not
/// (`private_reports`), into `sink` as `<organisation>/<period>.html`, in
/// the site's first language, and returns how many. A `.gitignore` that
/// ignores everything keeps a folder inside a repository from being
/// committed (and so published) by accident.
pub fn write_private(
    site: &Site,
    scores: &[AssessmentScores],
    benchmarks: &Benchmarks,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let templates = render::templates(site, base_url, super::GENERATOR, &[], 0)?;
    let model_html = views::ModelHtml::new(&site.model);
    let css = theme_files(site)
        .get("style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let reports = report::private(site, scores, benchmarks);
    let problems: Vec<Diagnostic> = reports
        .par_iter()
        .filter_map(|r| {
            let file = format!(
                "{}/{}.html",
                r.assessment.organization.id, r.assessment.period
            );
            render::private_report(
                &templates,
                &site.model,
                &model_html,
                &site.config.labels,
                r,
                base_url,
                &css,
            )
            .and_then(|bytes| sink.put(&file, &bytes))
            .err()
        })
        .collect();
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    sink.put(
        ".gitignore",
        b"# Private reports: never commit or publish these files.\n*\n",
    )
    .map_err(|d| Diagnostics(vec![d]))?;
    Ok(reports.len())
}

/// The theme's static files: built in (the default theme's for a theme of
/// the site's own), then the site's theme folder and `static/` on top (a
/// later file with the same path wins).
fn theme_files(site: &Site) -> BTreeMap<&str, (String, &[u8])> {
    let mut files: BTreeMap<&str, (String, &[u8])> = BTreeMap::new();
    // A theme of the site's own builds on the default theme, file by file,
    // as its templates build on the built-in ones.
    let base = builtin::theme(&site.config.theme).or_else(|| builtin::theme("default"));
    if let Some(theme) = base {
        for (path, bytes) in theme.files {
            files.insert(
                path,
                (format!("{path} (built-in theme `{}`)", theme.name), bytes),
            );
        }
    }
    for f in &site.static_files {
        files.insert(&f.output, (f.source.clone(), &f.bytes));
    }
    files
}

struct Writer<'s> {
    sink: &'s dyn Sink,
    summary: Summary,
    /// HTML pages written, for the sitemap.
    pages: Vec<String>,
    /// Links and anchors of every page (and every file written), checked
    /// at the end.
    links: LinkIndex,
    /// Told of every page.
    progress: &'s dyn Progress,
}

impl Writer<'_> {
    /// Stores a file and scans its links. Needs only `&self`, so pages are
    /// stored on the threads that render them; [`Writer::record`] then
    /// adds them up in a fixed order.
    fn store(&self, path: &str, bytes: &[u8], page: bool) -> Result<Stored, Diagnostic> {
        store(self.sink, &self.links, self.progress, path, bytes, page)
    }

    /// Scans a file stored by the caller (see [`describe`]).
    fn describe(&self, path: &str, bytes: &[u8], page: bool) -> Stored {
        describe(&self.links, self.progress, path, bytes, page)
    }

    /// Stores an organisation's files again, as a previous render made them.
    fn store_again(&self, organization: &OrganizationFiles) -> Result<(), Diagnostic> {
        for (bytes, stored) in &organization.files {
            if let Some(bytes) = bytes {
                self.sink.put_shared(stored.links.path(), bytes)?;
            }
            if stored.page {
                self.progress.advance(1);
            }
        }
        Ok(())
    }

    fn record(&mut self, stored: &Stored) {
        self.count(stored);
        self.links.record(&stored.links);
    }

    /// [`Writer::record`] for a page whose new links were found while
    /// the index did not change (see [`LinkIndex::unseen`]).
    fn record_unseen(&mut self, stored: &Stored, unseen: &[u32]) {
        self.count(stored);
        self.links.record_unseen(&stored.links, unseen);
    }

    fn count(&mut self, stored: &Stored) {
        if stored.page {
            self.pages.push(stored.links.path().to_owned());
            self.summary.pages += 1;
            self.summary.charts += stored.charts;
        }
        self.summary.files += 1;
        self.summary.bytes += stored.bytes;
    }

    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        let stored = self.store(path, bytes, false).map_err(one)?;
        self.record(&stored);
        Ok(())
    }

    /// Stores and records a rendered page.
    fn put_page(&mut self, file: &str, html: &[u8]) -> Result<(), Diagnostic> {
        let stored = self.store(file, html, true)?;
        self.record(&stored);
        Ok(())
    }
}

/// Stores a file in `sink` and scans it with `scanner` (see [`Writer::store`]).
fn store(
    sink: &dyn Sink,
    scanner: &LinkIndex,
    progress: &dyn Progress,
    path: &str,
    bytes: &[u8],
    page: bool,
) -> Result<Stored, Diagnostic> {
    sink.put(path, bytes)?;
    Ok(describe(scanner, progress, path, bytes, page))
}

/// What storing a file records: its links and ids, size and charts.
fn describe(
    scanner: &LinkIndex,
    progress: &dyn Progress,
    path: &str,
    bytes: &[u8],
    page: bool,
) -> Stored {
    let charts = if page {
        progress.advance(1);
        memchr_count(bytes, b"<svg ")
    } else {
        0
    };
    Stored {
        links: scanner.scan(path, bytes),
        bytes: bytes.len() as u64,
        charts,
        page,
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// How often `needle` occurs in `haystack` (for counting charts).
fn memchr_count(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}
