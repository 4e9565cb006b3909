//! Rendering: every page, export and static file of the site, handed to a
//! [`Sink`] one at a time.
//!
//! Templates come from the binary ([`crate::domain::builtin`]), overridden file by file by
//! the theme's `templates/` and then the site's `templates/`. Site-wide
//! values (`site`, `model`, `nav`) are serialised once into Tera's global
//! context; each page adds only its own small context.

pub mod chart_views;
pub mod cohort_views;
mod graph;
pub mod memo;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::analysis::benchmark::Benchmarks;
use crate::analysis::report::{self, Report};
use crate::analysis::score::AssessmentScores;
use crate::diag::{Diagnostic, Diagnostics, Position};
use crate::domain::builtin;
use crate::domain::output::Sink;
use crate::domain::site::Site;
use crate::domain::source::SourceFile;
use crate::publish::export;
use crate::publish::sitemap;
use crate::text::markdown;
use crate::text::number::{format_delta, format_percent, format_score};
use crate::verify::links::{LinkIndex, PageLinks};
use cohort_views::{CohortView, PeriodView};
use memo::OrganizationFiles;
pub use memo::PageMemo;
use views::{
    HistoryEntry, LatestReport, ModelView, OrganizationRow, ReportView, RoadmapView, SiteStats,
    SiteView,
};

/// What a render produced.
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

/// The compiled templates, and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    /// Template name → (file shown in messages, its text).
    origin: HashMap<String, (String, String)>,
    /// Template name → the largest page it has rendered, in bytes.
    largest: HashMap<String, AtomicUsize>,
}

impl Templates {
    /// Compiles the built-in templates with the site's overrides on top.
    pub fn new(overrides: &[SourceFile]) -> Result<Self, Diagnostics> {
        let mut sources: BTreeMap<&str, (&str, String, bool)> = BTreeMap::new();
        for (name, text) in builtin::TEMPLATES {
            sources.insert(name, (text, format!("{name} (built-in template)"), true));
        }
        for file in overrides {
            // A mark left by a Windows editor would be printed wherever the
            // template is used; like every other text input, it is read past.
            let text = crate::text::without_bom(&file.text);
            sources.insert(&file.relative, (text, file.path.clone(), false));
        }
        // Before Tera, which recurses through includes and parents without
        // a limit: cycles, depth and fan-out are refused here.
        graph::check(
            &sources
                .iter()
                .map(|(name, (text, file, built_in))| {
                    (
                        *name,
                        graph::Source {
                            text,
                            file,
                            built_in: *built_in,
                        },
                    )
                })
                .collect(),
        )?;
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_filter("score", |x: f64, _: Kwargs, _: &State| format_score(x));
        tera.register_filter("delta", |x: f64, _: Kwargs, _: &State| format_delta(x));
        tera.register_filter("percent", |x: f64, _: Kwargs, _: &State| format_percent(x));
        let origin: HashMap<String, (String, String)> = sources
            .iter()
            .map(|(n, (text, shown, _))| ((*n).to_owned(), (shown.clone(), (*text).to_owned())))
            .collect();
        // Added together so that `extends` resolves whatever the order;
        // the error names the file at fault.
        tera.add_raw_templates(sources.iter().map(|(name, (text, _, _))| (*name, *text)))
            .map_err(|e| {
                Diagnostics(vec![template_error(
                    &origin,
                    error_template(&e).unwrap_or("base.html"),
                    None,
                    &e,
                )])
            })?;
        let largest = origin
            .keys()
            .map(|n| (n.clone(), AtomicUsize::new(0)))
            .collect();
        Ok(Templates {
            tera,
            origin,
            largest,
        })
    }

    /// Renders template `name` into the bytes of `page`.
    ///
    /// The buffer starts as large as the largest page of the template so
    /// far: Tera's own first guess, from the template's size, is under half
    /// a report page, and the page was copied at every doubling of the
    /// buffer. The bytes are not checked again as UTF-8, as `Tera::render`
    /// does to return a `String`: templates and values are text, so the
    /// page is, and every caller wants bytes.
    fn render(&self, name: &str, context: &Context, page: &str) -> Result<Vec<u8>, Diagnostic> {
        let largest = self.largest.get(name);
        let mut out = Vec::with_capacity(largest.map_or(0, |l| l.load(Ordering::Relaxed)));
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| template_error(&self.origin, name, Some(page), &e))?;
        if let Some(l) = largest {
            l.fetch_max(out.len(), Ordering::Relaxed);
        }
        Ok(out)
    }
}

/// The template an error is about, when Tera says.
fn error_template(e: &tera::Error) -> Option<&str> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r.filename()),
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        _ => None,
    }
}

fn template_error(
    origin: &HashMap<String, (String, String)>,
    name: &str,
    page: Option<&str>,
    e: &tera::Error,
) -> Diagnostic {
    let shown = |n: &str| {
        origin
            .get(n)
            .map_or_else(|| n.to_owned(), |(f, _)| f.clone())
    };
    let mut d = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            // The error may lie in a parent or included template.
            let at = if origin.contains_key(r.filename()) {
                r.filename()
            } else {
                name
            };
            let position = Position {
                line: r.span().start_line,
                column: r.span().start_col + 1,
            };
            let d = Diagnostic::in_file(shown(at), format!("template error: {}", r.message()));
            match origin.get(at) {
                Some((_, text)) => d.at(text, position),
                None => d,
            }
        }
        _ => Diagnostic::in_file(shown(name), format!("template error: {e}")),
    };
    d.help = Some(match page {
        Some(page) => format!(
            "while rendering `{page}` with template `{name}`; fix the template, or delete the override to use the built-in one"
        ),
        None => format!(
            "in template `{name}`; fix its syntax, or delete the override to use the built-in one"
        ),
    });
    d
}

/// Relative prefix from a page at `path` (such as `a/b/`) to the site root.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Everything one build renders.
pub struct RenderInput<'a> {
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
    pub progress: &'a dyn crate::domain::progress::Progress,
}

/// Renders the whole site into `sink`.
pub fn render(input: &RenderInput<'_>, sink: &dyn Sink) -> Result<Summary, Diagnostics> {
    render_site(input, sink, None)
}

/// [`render`], taking from `memo` the pages of every organisation whose
/// pages would come out the same as in the previous render, and leaving
/// this render's pages in it (see [`memo`]).
pub fn render_remembering(
    input: &RenderInput<'_>,
    sink: &dyn Sink,
    memo: &mut PageMemo,
) -> Result<Summary, Diagnostics> {
    render_site(input, sink, Some(memo))
}

/// The stack of each thread that renders. Tera recurses once for each
/// include and parent: in a debug build one level takes some 80 KiB, so a
/// thread's default 2 MiB ends about 25 levels down, short of the
/// [`graph::MAX_TEMPLATE_DEPTH`] that templates may reach, and components
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

fn render_site(
    input: &RenderInput<'_>,
    sink: &dyn Sink,
    memo: Option<&mut PageMemo>,
) -> Result<Summary, Diagnostics> {
    match render_threads() {
        Some(pool) => pool.install(|| render_on_this_thread(input, sink, memo)),
        None => render_on_this_thread(input, sink, memo),
    }
}

/// [`render_site`] on the current thread, and in the current thread pool.
fn render_on_this_thread(
    input: &RenderInput<'_>,
    sink: &dyn Sink,
    mut memo: Option<&mut PageMemo>,
) -> Result<Summary, Diagnostics> {
    let site = input.site;
    let model = &site.model;
    let mut templates = Templates::new(&site.templates)?;
    let static_files = theme_files(site);
    {
        let global = templates.tera.global_context();
        global.insert(
            "site",
            &SiteView::new(site, input.base_url, input.generator),
        );
        global.insert("model", &ModelView::new(model));
        global.insert("nav", &views::nav(&site.pages));
    }
    let benchmarks = input.benchmarks;
    let reports = report::published(site, input.scores, benchmarks);
    let model_html = views::ModelHtml::new(model);
    let mut out = Writer {
        sink,
        summary: Summary::default(),
        pages: Vec::new(),
        links: LinkIndex::new(input.base_url),
        progress: input.progress,
    };

    // Reports grouped by organisation, periods in natural order (the site's order).
    let mut by_org: BTreeMap<&str, Vec<&Report<'_>>> = BTreeMap::new();
    for r in &reports {
        by_org
            .entry(&r.assessment.organization.id)
            .or_default()
            .push(r);
    }

    let mut periods: Vec<&str> = reports
        .iter()
        .map(|r| r.assessment.period.as_str())
        .collect();
    periods.sort_by(|a, b| crate::text::natural::natural_cmp(a, b));
    periods.dedup();
    let latest: Vec<&Report<'_>> = by_org.values().filter_map(|v| v.last().copied()).collect();
    let mut home_latest: Vec<LatestReport<'_>> =
        latest.iter().map(|r| LatestReport::new(model, r)).collect();
    home_latest.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(b.name)));
    home_latest.truncate(10);

    let mut ctx = page_context("", "Home", None, "home");
    ctx.insert(
        "stats",
        &SiteStats {
            published: reports.len(),
            organizations: by_org.len(),
            periods,
        },
    );
    ctx.insert("latest", &home_latest);
    let headline = benchmarks
        .latest_period()
        .and_then(|p| benchmarks.all(p))
        .map(|c| CohortView::new(model, benchmarks, c, input.scores));
    ctx.insert("headline", &headline);
    let headline_levels = benchmarks
        .latest_period()
        .and_then(|p| benchmarks.all(p))
        .map(|c| chart_views::cohort_charts(model, benchmarks, c, false).levels);
    ctx.insert("headline_levels", &headline_levels);
    out.page(&templates, "index.html", "", &ctx)?;

    render_benchmarks(&templates, &mut out, input)?;

    let ctx = page_context("model/", "Model", None, "model");
    out.page(&templates, "model.html", "model/", &ctx)?;
    let model_view = ModelView::new(model);
    for dim in &model_view.dimensions {
        let path = format!("model/{}/", dim.id);
        let mut ctx = page_context(&path, dim.name, None, "model");
        ctx.insert(
            "breadcrumbs",
            &[Crumb {
                path: "model/",
                title: "Model",
            }],
        );
        ctx.insert("dimension", dim);
        out.page(&templates, "dimension.html", &path, &ctx)?;
    }

    // Organisation list: attribute columns are those any organisation has.
    let attributes = report::attribute_names(latest.iter().copied());
    let mut rows: Vec<OrganizationRow<'_>> = latest
        .iter()
        .map(|r| OrganizationRow {
            name: &r.assessment.organization.name,
            url: report::organization_path(&r.assessment.organization.id),
            attribute_values: attributes
                .iter()
                .map(|k| {
                    r.assessment
                        .organization
                        .attributes
                        .get(*k)
                        .map_or("", String::as_str)
                })
                .collect(),
            latest: LatestReport::new(model, r),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.url.cmp(&b.url))
    });
    let mut ctx = page_context("organizations/", "Organisations", None, "organizations");
    ctx.insert("organizations", &rows);
    ctx.insert("attributes", &attributes);
    out.page(&templates, "organizations.html", "organizations/", &ctx)?;

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
    let (organizations, exports) = rayon::join(
        || -> Result<(), Diagnostics> {
            for batch in orgs.chunks(ORG_BATCH) {
                // Borrows the writer only while the batch is made; its
                // files are then recorded in order.
                let maker = OrganizationMaker {
                    out: &out,
                    templates: &templates,
                    model,
                    model_html: &model_html,
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
            // Each export is stored as soon as it is made, so only one is
            // in memory at a time.
            let put =
                |path: &str, bytes: Vec<u8>| store(sink, &scanner, progress, path, &bytes, false);
            // results.json grows with every assessment (about 5 KB each):
            // it goes to the sink as it is made.
            let results = "data/results.json";
            let bytes = sink.put_streamed(results, &mut |out| {
                export::write_results_json(model, &reports, out)
            })?;
            let results = Stored {
                links: scanner.scan(results, b""),
                bytes,
                charts: 0,
                page: false,
            };
            Ok(vec![
                results,
                put("data/results.csv", export::results_csv(model, &reports))?,
                put("data/model.json", export::model_json(model))?,
                put(
                    "data/benchmarks.json",
                    export::benchmarks_json(model, input.benchmarks, input.scores),
                )?,
                put(
                    "data/benchmarks.csv",
                    export::benchmarks_csv(model, input.benchmarks),
                )?,
                put(
                    crate::publish::search::INDEX_PATH,
                    crate::publish::search::index(site, &reports, benchmarks),
                )?,
            ])
        },
    );
    organizations?;
    for stored in exports.map_err(one)? {
        out.record(&stored);
    }

    for page in &site.pages {
        let path = format!("{}/", page.path);
        let mut ctx = page_context(&path, &page.title, page.description.as_deref(), &page.path);
        ctx.insert("content", &markdown::to_html(&page.body));
        ctx.insert("toc", &markdown::headings(&page.body));
        out.page(&templates, "page.html", &path, &ctx)?;
    }

    // Site search: the page, and an index of published reports and cohorts only.
    let ctx = page_context("search/", "Search", None, "search");
    out.page(&templates, "search.html", "search/", &ctx)?;

    // The 404 page is served at any depth, so its links are rooted at the base path.
    let mut ctx = page_context("404.html", "Page not found", None, "");
    ctx.insert("root", &crate::domain::config::base_path(input.base_url));
    out.file(&templates, "404.html", "404.html", &ctx)?;

    out.put(".nojekyll", b"")?;
    if let Some(cname) = &site.config.cname {
        out.put("CNAME", format!("{cname}\n").as_bytes())?;
    }
    // The sitemap is generated and may not be replaced; a robots.txt of the
    // site's own takes the place of the generated one.
    for (path, bytes) in sitemap::sitemaps(input.base_url, &out.pages) {
        out.put(&path, &bytes)?;
    }
    if !static_files.contains_key("robots.txt") {
        out.put("robots.txt", &sitemap::robots(input.base_url))?;
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
    model: &'a crate::domain::model::Model,
    model_html: &'a views::ModelHtml,
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
        organization_pages(
            self.templates,
            self.model,
            self.model_html,
            history,
            &mut |file, bytes| {
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

/// Takes each rendered file: its path and its bytes.
type Emit<'e> = dyn FnMut(&str, &[u8]) -> Result<(), Diagnostic> + 'e;

/// Every page of one organisation: each report, its roadmap, and the
/// organisation's page (its latest report with its history).
fn organization_pages(
    templates: &Templates,
    model: &crate::domain::model::Model,
    model_html: &views::ModelHtml,
    history: &[&Report<'_>],
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let entries: Vec<HistoryEntry<'_>> = history
        .iter()
        .map(|r| HistoryEntry {
            period: &r.assessment.period,
            url: &r.url_path,
            level: r.scores.overall.level,
            score: r.scores.overall.score,
            current: false,
        })
        .collect();
    let charts = history
        .last()
        .map(|latest| chart_views::report_charts(model, latest, history));
    for (i, r) in history.iter().enumerate() {
        let is_latest = i + 1 == history.len();
        // Serialised once for the report and its roadmap: Tera's values
        // share their arrays and maps, so each page's copy is cheap.
        let view = tera::Value::try_from_serializable(&ReportView::new(model, r)).map_err(|e| {
            Diagnostic::in_file(
                format!("/{}index.html", r.url_path),
                format!("cannot prepare the report for its template: {e}"),
            )
            .with_help("this is a bug in rungs: please report it with the assessment file")
        })?;
        let title = format!(
            "{} · {}",
            r.assessment.organization.name, r.assessment.period
        );
        let entries_here: Vec<HistoryEntry<'_>> = entries
            .iter()
            .enumerate()
            .map(|(j, e)| HistoryEntry {
                current: i == j,
                ..*e
            })
            .collect();
        let org_path = report::organization_path(&r.assessment.organization.id);
        let orgs = Crumb {
            path: "organizations/",
            title: "Organisations",
        };
        let org = Crumb {
            path: &org_path,
            title: &r.assessment.organization.name,
        };
        let mut ctx = page_context(&r.url_path, &title, None, "organizations");
        ctx.insert("breadcrumbs", &[orgs.clone(), org.clone()]);
        ctx.insert_value("report", view.clone());
        // The latest report's charts are drawn once for both of its pages.
        match (&charts, is_latest) {
            (Some(c), true) => ctx.insert("charts", c),
            _ => ctx.insert(
                "charts",
                &chart_views::report_charts(model, r, &history[..=i]),
            ),
        }
        ctx.insert("history", &entries_here);
        ctx.insert("is_latest_view", &false);
        let file = format!("{}index.html", r.url_path);
        emit(
            &file,
            &templates.render("report.html", &ctx, &format!("/{file}"))?,
        )?;

        let roadmap_path =
            report::roadmap_path(&r.assessment.organization.id, &r.assessment.period);
        let mut rctx = page_context(
            &roadmap_path,
            &format!("Roadmap · {title}"),
            None,
            "organizations",
        );
        rctx.insert(
            "breadcrumbs",
            &[
                orgs.clone(),
                org,
                Crumb {
                    path: &r.url_path,
                    title: &r.assessment.period,
                },
            ],
        );
        rctx.insert_value("report", view);
        rctx.insert("roadmap", &RoadmapView::new(model, model_html, r));
        let file = format!("{roadmap_path}index.html");
        emit(
            &file,
            &templates.render("roadmap.html", &rctx, &format!("/{file}"))?,
        )?;

        if is_latest {
            ctx.insert("path", &r.url_path);
            ctx.insert("root", &root_prefix(&org_path));
            ctx.insert("breadcrumbs", &[orgs]);
            ctx.insert("title", &r.assessment.organization.name);
            ctx.insert("is_latest_view", &true);
            let file = format!("{org_path}index.html");
            emit(
                &file,
                &templates.render("report.html", &ctx, &format!("/{file}"))?,
            )?;
        }
    }
    Ok(())
}

/// `/benchmarks/`, one page per period and one per published cohort.
fn render_benchmarks(
    templates: &Templates,
    out: &mut Writer<'_>,
    input: &RenderInput<'_>,
) -> Result<(), Diagnostics> {
    let model = &input.site.model;
    let benchmarks = input.benchmarks;
    let k = benchmarks.min_cohort_size;
    let crumbs = [Crumb {
        path: "benchmarks/",
        title: "Benchmarks",
    }];
    let latest = benchmarks.latest_period();
    let overview = |path: &str, period: Option<&str>| -> Context {
        let title = period.map_or_else(|| "Benchmarks".to_owned(), |p| format!("Benchmark {p}"));
        let mut ctx = page_context(path, &title, None, "benchmarks");
        if !path.is_empty() && path != "benchmarks/" {
            ctx.insert("breadcrumbs", &crumbs);
        }
        ctx.insert("min_cohort_size", &k);
        ctx.insert("latest_period", &latest);
        if let Some(p) = period {
            ctx.insert("overview", &PeriodView::new(model, benchmarks, p));
            let all = benchmarks.all(p);
            ctx.insert(
                "cohort",
                &all.map(|c| CohortView::new(model, benchmarks, c, input.scores)),
            );
            ctx.insert(
                "charts",
                &all.map(|c| chart_views::cohort_charts(model, benchmarks, c, true)),
            );
        } else {
            ctx.insert("overview", &None::<()>);
            ctx.insert("cohort", &None::<()>);
            ctx.insert("charts", &None::<()>);
        }
        ctx
    };
    out.page(
        templates,
        "benchmarks.html",
        "benchmarks/",
        &overview("benchmarks/", latest),
    )?;
    for period in &benchmarks.periods {
        if benchmarks.all(period).is_none() {
            continue;
        }
        let path = format!("benchmarks/{period}/");
        out.page(
            templates,
            "benchmarks.html",
            &path,
            &overview(&path, Some(period)),
        )?;
    }
    for cohort in benchmarks.cohorts.iter().filter(|c| c.group.is_some()) {
        let path = cohort.url_path();
        let period_path = format!("benchmarks/{}/", cohort.period);
        let mut ctx = page_context(
            &path,
            &format!("{} · {}", cohort.label(), cohort.period),
            None,
            "benchmarks",
        );
        ctx.insert(
            "breadcrumbs",
            &[
                crumbs[0].clone(),
                Crumb {
                    path: &period_path,
                    title: &cohort.period,
                },
            ],
        );
        ctx.insert("min_cohort_size", &k);
        ctx.insert(
            "cohort",
            &CohortView::new(model, benchmarks, cohort, input.scores),
        );
        ctx.insert(
            "charts",
            &chart_views::cohort_charts(model, benchmarks, cohort, false),
        );
        out.page(templates, "cohort.html", &path, &ctx)?;
    }
    Ok(())
}

#[derive(Clone, Serialize)]
struct Crumb<'a> {
    path: &'a str,
    title: &'a str,
}

fn page_context(path: &str, title: &str, description: Option<&str>, section: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("path", path);
    ctx.insert("root", &root_prefix(path));
    ctx.insert("title", title);
    ctx.insert("description", &description);
    ctx.insert("section", section);
    ctx.insert("breadcrumbs", &Vec::<Crumb<'_>>::new());
    ctx
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
    progress: &'s dyn crate::domain::progress::Progress,
}

/// A file stored by [`Writer::store`], waiting to be recorded in order.
struct Stored {
    links: PageLinks,
    bytes: u64,
    charts: usize,
    page: bool,
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

    fn page(
        &mut self,
        templates: &Templates,
        template: &str,
        path: &str,
        ctx: &Context,
    ) -> Result<(), Diagnostics> {
        let file = format!("{path}index.html");
        self.file(templates, template, &file, ctx)
    }

    fn file(
        &mut self,
        templates: &Templates,
        template: &str,
        file: &str,
        ctx: &Context,
    ) -> Result<(), Diagnostics> {
        let html = templates
            .render(template, ctx, &format!("/{file}"))
            .map_err(one)?;
        let stored = self.store(file, &html, true).map_err(one)?;
        self.record(&stored);
        Ok(())
    }
}

/// Stores a file in `sink` and scans it with `scanner` (see [`Writer::store`]).
fn store(
    sink: &dyn Sink,
    scanner: &LinkIndex,
    progress: &dyn crate::domain::progress::Progress,
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
    progress: &dyn crate::domain::progress::Progress,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefixes() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("model/"), "../");
        assert_eq!(root_prefix("organizations/x/2025/"), "../../../");
    }

    #[test]
    fn template_overrides_replace_builtins_and_errors_name_the_file() {
        let good = SourceFile {
            path: "templates/404.html".into(),
            relative: "404.html".into(),
            text: Arc::new("custom".into()),
        };
        let t = Templates::new(std::slice::from_ref(&good)).unwrap();
        assert_eq!(
            t.render("404.html", &Context::new(), "/404.html").unwrap(),
            b"custom"
        );
        let bad = SourceFile {
            text: Arc::new("{% if %}".into()),
            ..good
        };
        let Err(e) = Templates::new(&[bad]) else {
            panic!("a broken template must fail")
        };
        assert_eq!(e.0[0].file, "templates/404.html");
        assert!(
            e.0[0].message.starts_with("template error"),
            "{}",
            e.0[0].message
        );
    }
}
