//! Rendering: every page of the site, each handed to an [`Emit`] as soon as
//! it is made; where it goes is the pipeline's business, and every URL is
//! decided in [`routes`].
//!
//! Templates come from the binary ([`crate::domain::builtin`]), overridden
//! file by file by the theme's `templates/` and then the site's
//! `templates/`. Site-wide
//! values (`site`, `model`, `nav`) are serialised once into Tera's global
//! context; each page adds only its own small context.

pub mod chart_views;
pub mod cohort_views;
mod fill;
mod graph;
pub mod languages;
pub mod routes;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::analysis::benchmark::Benchmarks;
use crate::analysis::report::{self, Report};
use crate::analysis::score::AssessmentScores;
use crate::diag::{Diagnostic, Diagnostics, Position};
use crate::domain::builtin;
use crate::domain::config::Labels;
use crate::domain::site::Site;
use crate::domain::source::SourceFile;
use crate::domain::strings::StringTable;
use crate::text::markdown;
use crate::text::number::{format_delta, format_percent, format_score};
use cohort_views::{CohortView, PeriodView};
use views::{
    HistoryEntry, LatestReport, ModelView, OrganizationRow, ReportView, RoadmapView, SiteStats,
    SiteView,
};

/// The compiled templates, and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    /// Template name → (file shown in messages, its text).
    origin: HashMap<String, (String, String)>,
    /// Template name → the largest page it has rendered, in bytes.
    largest: HashMap<String, AtomicUsize>,
    /// The interface strings of the site these templates were made for
    /// ([`templates`]): `t` in templates, and the words pages and charts
    /// say from Rust (titles, labels, chart legends).
    strings: StringTable,
    /// [`Templates::strings`] as text, for [`Templates::sources`].
    strings_text: String,
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
        tera.register_filter("fill", fill::fill);
        tera.register_filter("css_string", |s: &str, _: Kwargs, _: &State| {
            crate::text::escape::css_string(s)
        });
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
            strings: StringTable::default(),
            strings_text: String::new(),
        })
    }

    /// The interface strings of the site these templates were made for.
    pub fn strings(&self) -> &StringTable {
        &self.strings
    }

    /// Every template by name, sorted, with the file shown in messages and
    /// its text, then the interface strings (as `t`, one `key=string` a
    /// line): what a page's bytes depend on besides its context.
    pub fn sources(&self) -> Vec<(&str, &str, &str)> {
        let mut all: Vec<(&str, &str, &str)> = self
            .origin
            .iter()
            .map(|(name, (shown, text))| (name.as_str(), shown.as_str(), text.as_str()))
            .collect();
        all.sort_unstable();
        all.push(("t", "interface strings", &self.strings_text));
        all
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

/// Takes each rendered page: its file path in the output and its bytes.
/// The pipeline stores it, counts it and scans its links.
pub type Emit<'e> = dyn FnMut(&str, &[u8]) -> Result<(), Diagnostic> + 'e;

/// Every page of one organisation: each report, its roadmap, and the
/// organisation's page (its history). On one firm's own site (`single`),
/// the organisation's page is the home page and the reports' breadcrumbs
/// lead there.
pub fn organization_pages(
    templates: &Templates,
    model: &crate::domain::model::Model,
    model_html: &views::ModelHtml,
    labels: &Labels,
    history: &[&Report<'_>],
    single: bool,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let t = templates.strings();
    let urls: Vec<String> = history.iter().map(|r| routes::report_of(r)).collect();
    let entries: Vec<HistoryEntry<'_>> = history
        .iter()
        .zip(&urls)
        .map(|(r, url)| HistoryEntry {
            period: &r.assessment.period,
            url,
            level: r.scores.overall.level,
            score: r.scores.overall.score,
            current: false,
        })
        .collect();
    for (i, (r, url)) in history.iter().zip(&urls).enumerate() {
        let is_latest = i + 1 == history.len();
        // Serialised once for the report and its roadmap: Tera's values
        // share their arrays and maps, so each page's copy is cheap.
        let mut report_view = ReportView::new(model, labels, t, r);
        if single {
            report_view.organization.url = String::new();
        }
        let view = tera::Value::try_from_serializable(&report_view).map_err(|e| {
            Diagnostic::in_file(
                format!("/{url}index.html"),
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
        let org_path = if single {
            String::new()
        } else {
            routes::organization(&r.assessment.organization.id)
        };
        let orgs = Crumb {
            path: routes::ORGANIZATIONS,
            title: t.text("nav.organizations"),
        };
        let org = Crumb {
            path: &org_path,
            title: &r.assessment.organization.name,
        };
        // One firm's site has no list of organisations, and its home page
        // (the first crumb of every trail) is the organisation's page.
        let up: &[Crumb<'_>] = if single {
            &[]
        } else {
            &[orgs.clone(), org.clone()]
        };
        let section = if single { "home" } else { "organizations" };
        let mut ctx = page_context(url, &title, None, section);
        ctx.insert("breadcrumbs", up);
        ctx.insert_value("report", view.clone());
        ctx.insert("charts", &chart_views::report_charts(model, t, r));
        ctx.insert("history", &entries_here);
        let file = format!("{url}index.html");
        emit(
            &file,
            &templates.render("report.html", &ctx, &format!("/{file}"))?,
        )?;

        let roadmap_path = routes::roadmap(&r.assessment.organization.id, &r.assessment.period);
        let mut rctx = page_context(
            &roadmap_path,
            &t.fill("roadmap.title", &[("title", &title)]),
            None,
            section,
        );
        let report_crumb = Crumb {
            path: url,
            title: &r.assessment.period,
        };
        if single {
            rctx.insert("breadcrumbs", &[report_crumb]);
        } else {
            rctx.insert("breadcrumbs", &[orgs.clone(), org, report_crumb]);
        }
        // The latest report's view also heads the organisation's page.
        let latest_view = is_latest.then(|| view.clone());
        rctx.insert_value("report", view);
        rctx.insert("roadmap", &RoadmapView::new(model, model_html, t, r));
        let file = format!("{roadmap_path}index.html");
        emit(
            &file,
            &templates.render("roadmap.html", &rctx, &format!("/{file}"))?,
        )?;

        if let Some(view) = latest_view {
            // The organisation's page is its history, not a copy of the
            // latest report: one row per period, each linking to its report
            // and roadmap, with the trend chart.
            let mut octx = page_context(&org_path, &r.assessment.organization.name, None, section);
            if !single {
                octx.insert("breadcrumbs", &[orgs]);
            }
            octx.insert_value("report", view);
            octx.insert("periods", &views::organization_history(model, t, history));
            let trend = chart_views::trend_chart(model, t, history);
            // One firm's home page is its latest report in full, then its
            // history: the report's charts with the trend.
            octx.insert("home_report", &single);
            if single {
                octx.insert("history", &entries);
                octx.insert(
                    "charts",
                    &FirmHomeCharts {
                        report: chart_views::report_charts(model, t, r),
                        trend,
                    },
                );
            } else {
                octx.insert("charts", &chart_views::HistoryCharts { trend });
            }
            let file = format!("{org_path}index.html");
            emit(
                &file,
                &templates.render("organization.html", &octx, &format!("/{file}"))?,
            )?;
        }
    }
    Ok(())
}

/// The charts of one firm's home page: its latest report's, and its trend.
#[derive(Serialize)]
struct FirmHomeCharts {
    #[serde(flatten)]
    report: chart_views::ReportCharts,
    trend: Option<chart_views::ChartView>,
}

/// The private report of `r` (`private_reports`): its report and roadmap
/// in one file that needs nothing else, `css` (the theme's stylesheet)
/// inline. Links to the model's pages lead to the public site at `root`
/// (its base URL); links to pages of the organisation point inside the
/// file, since the public site may not have them.
pub fn private_report(
    templates: &Templates,
    model: &crate::domain::model::Model,
    model_html: &views::ModelHtml,
    labels: &Labels,
    r: &Report<'_>,
    root: &str,
    css: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let t = templates.strings();
    let path = routes::report_of(r);
    let title = format!(
        "{} · {}",
        r.assessment.organization.name, r.assessment.period
    );
    let mut ctx = page_context(&path, &title, None, "organizations");
    ctx.insert("root", root);
    ctx.insert("private", &true);
    ctx.insert("history", &Vec::<HistoryEntry<'_>>::new());
    ctx.insert("report", &ReportView::new(model, labels, t, r));
    ctx.insert("charts", &chart_views::report_charts(model, t, r));
    ctx.insert("roadmap", &RoadmapView::new(model, model_html, t, r));
    // Inside <style>, only `</style` could end the sheet early: `<\/` is
    // the same text to CSS.
    ctx.insert("css", &css.replace("</", "<\\/"));
    let file = format!(
        "{}/{}.html",
        r.assessment.organization.id, r.assessment.period
    );
    templates.render("private.html", &ctx, &file)
}

/// `/benchmarks/`, one page per period and one per published cohort.
fn benchmark_pages(
    templates: &Templates,
    input: &RenderInput<'_>,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let model = &input.site.model;
    let t = &input.site.strings;
    let benchmarks = input.benchmarks;
    let k = benchmarks.min_cohort_size;
    let crumbs = [Crumb {
        path: routes::BENCHMARKS,
        title: t.text("nav.benchmarks"),
    }];
    let latest = benchmarks.latest_period();
    let overview = |path: &str, period: Option<&str>| -> Context {
        let title = period.map_or_else(
            || t.text("nav.benchmarks").to_owned(),
            |p| t.fill("benchmarks.title_period", &[("period", p)]),
        );
        let mut ctx = page_context(path, &title, None, "benchmarks");
        if !path.is_empty() && path != routes::BENCHMARKS {
            ctx.insert("breadcrumbs", &crumbs);
        }
        ctx.insert("min_cohort_size", &k);
        ctx.insert("latest_period", &latest);
        if let Some(p) = period {
            ctx.insert("overview", &PeriodView::new(model, t, benchmarks, p));
            let all = benchmarks.all(p);
            ctx.insert(
                "cohort",
                &all.map(|c| CohortView::new(model, t, benchmarks, c, input.scores)),
            );
            ctx.insert(
                "charts",
                &all.map(|c| chart_views::cohort_charts(model, t, benchmarks, c, true)),
            );
        } else {
            ctx.insert("overview", &None::<()>);
            ctx.insert("cohort", &None::<()>);
            ctx.insert("charts", &None::<()>);
        }
        ctx
    };
    page(
        templates,
        "benchmarks.html",
        routes::BENCHMARKS,
        &overview(routes::BENCHMARKS, latest),
        emit,
    )?;
    for period in &benchmarks.periods {
        if benchmarks.all(period).is_none() {
            continue;
        }
        let path = routes::benchmark_period(period);
        page(
            templates,
            "benchmarks.html",
            &path,
            &overview(&path, Some(period)),
            emit,
        )?;
    }
    for cohort in benchmarks.cohorts.iter().filter(|c| c.group.is_some()) {
        let path = routes::cohort(cohort);
        let period_path = routes::benchmark_period(&cohort.period);
        let mut ctx = page_context(
            &path,
            &format!("{} · {}", views::cohort_label(cohort, t), cohort.period),
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
            &CohortView::new(model, t, benchmarks, cohort, input.scores),
        );
        ctx.insert(
            "charts",
            &chart_views::cohort_charts(model, t, benchmarks, cohort, false),
        );
        page(templates, "cohort.html", &path, &ctx, emit)?;
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
    ctx.insert("content_page", &false);
    ctx.insert("private", &false);
    ctx.insert("home_report", &false);
    // Where the language switcher leads: the same page in the other
    // language (the 404 page, which has no twin, leads to its home).
    ctx.insert("twin", path);
    ctx
}

/// Everything the pages of one build are made from.
pub struct RenderInput<'a> {
    /// The validated site.
    pub site: &'a Site,
    /// Scores of every assessment, parallel to `site.assessments`.
    pub scores: &'a [AssessmentScores],
    /// The publishable cohorts.
    pub benchmarks: &'a Benchmarks,
    /// The published reports, with their roadmaps.
    pub reports: &'a [Report<'a>],
    /// The same reports by organisation ([`by_organization`]).
    pub organizations: &'a BTreeMap<&'a str, Vec<&'a Report<'a>>>,
    /// The base URL in effect (site.yaml's, or `--base-url`).
    pub base_url: &'a str,
    /// Whether these are the pages of the site's first language, which
    /// alone has the 404 page (hosts serve only the root's).
    pub first_language: bool,
}

/// The site's templates, compiled, with the site-wide values (`site`,
/// `model`, `nav`) in their global context: serialised once, so that each
/// page adds only its own small context.
///
/// `languages` are the site's languages, of which the page's is
/// `current` (see [`languages`]).
pub fn templates(
    site: &Site,
    base_url: &str,
    generator: &str,
    languages: &[languages::LanguageLink],
    current: usize,
) -> Result<Templates, Diagnostics> {
    let mut templates = Templates::new(&site.templates)?;
    let global = templates.tera.global_context();
    global.insert("languages", languages);
    let lang = languages.get(current).map(languages::CurrentLanguage::of);
    global.insert(
        "lang",
        &lang.unwrap_or_else(|| languages::CurrentLanguage {
            tag: site.config.language.clone(),
            prefix: String::new(),
            up: String::new(),
        }),
    );
    global.insert("site", &SiteView::new(site, base_url, generator));
    global.insert("model", &ModelView::new(&site.model));
    global.insert("nav", &views::nav(&site.pages));
    global.insert("t", &site.strings.nested());
    templates.strings = site.strings.clone();
    templates.strings_text = site
        .strings
        .entries()
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect();
    Ok(templates)
}

/// The published reports grouped by organisation id, each organisation's
/// periods in natural order (the site's order).
pub fn by_organization<'r, 'a>(
    reports: &'r [Report<'a>],
) -> BTreeMap<&'r str, Vec<&'r Report<'a>>> {
    let mut by_org: BTreeMap<&str, Vec<&Report<'_>>> = BTreeMap::new();
    for r in reports {
        by_org
            .entry(&r.assessment.organization.id)
            .or_default()
            .push(r);
    }
    by_org
}

/// The pages before the organisations': the home page, the benchmarks,
/// the model and its dimensions, and the list of organisations.
pub fn site_pages(
    templates: &Templates,
    input: &RenderInput<'_>,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let model = &input.site.model;
    let t = &input.site.strings;
    let benchmarks = input.benchmarks;
    let reports = input.reports;
    let by_org = input.organizations;
    let mut periods: Vec<&str> = reports
        .iter()
        .map(|r| r.assessment.period.as_str())
        .collect();
    periods.sort_by(|a, b| crate::text::natural::natural_cmp(a, b));
    periods.dedup();
    let latest: Vec<&Report<'_>> = by_org.values().filter_map(|v| v.last().copied()).collect();
    let mut home_latest: Vec<LatestReport<'_>> = latest
        .iter()
        .map(|r| LatestReport::new(model, t, r))
        .collect();
    home_latest.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(b.name)));
    home_latest.truncate(10);

    // One firm's own site: its organisation's page is the home page
    // (organization_pages), and a benchmark or a list of one firm says
    // nothing. Without a published report, the usual home page stands.
    let single = input.site.single_organization();
    let mut ctx = page_context("", t.text("nav.home"), None, "home");
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
        .map(|c| CohortView::new(model, t, benchmarks, c, input.scores));
    ctx.insert("headline", &headline);
    let headline_levels = benchmarks
        .latest_period()
        .and_then(|p| benchmarks.all(p))
        .map(|c| chart_views::cohort_charts(model, t, benchmarks, c, false).levels);
    ctx.insert("headline_levels", &headline_levels);
    if !single || by_org.is_empty() {
        page(templates, "index.html", "", &ctx, emit)?;
    }
    if !single {
        benchmark_pages(templates, input, emit)?;
    }

    let ctx = page_context(routes::MODEL, t.text("nav.model"), None, "model");
    page(templates, "model.html", routes::MODEL, &ctx, emit)?;
    let model_view = ModelView::new(model);
    for dim in &model_view.dimensions {
        let path = routes::dimension(dim.id);
        let mut ctx = page_context(&path, dim.name, None, "model");
        ctx.insert(
            "breadcrumbs",
            &[Crumb {
                path: routes::MODEL,
                title: t.text("nav.model"),
            }],
        );
        ctx.insert("dimension", dim);
        page(templates, "dimension.html", &path, &ctx, emit)?;
    }

    // Organisation list: attribute columns are those any organisation has,
    // shown with their labels.
    let labels = &input.site.config.labels;
    let attributes = report::attribute_names(latest.iter().copied());
    let mut rows: Vec<OrganizationRow<'_>> = latest
        .iter()
        .map(|r| OrganizationRow {
            name: &r.assessment.organization.name,
            url: routes::organization(&r.assessment.organization.id),
            attribute_values: attributes
                .iter()
                .map(|k| {
                    r.assessment
                        .organization
                        .attributes
                        .get(*k)
                        .map_or("", |v| labels.value(k, v))
                })
                .collect(),
            latest: LatestReport::new(model, t, r),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.url.cmp(&b.url))
    });
    let shown: Vec<&str> = attributes.iter().map(|a| labels.attribute(a)).collect();
    if single {
        return Ok(());
    }
    organization_list_pages(templates, t, &rows, &shown, emit)
}

/// How many organisations one page of the list shows.
///
/// A row of the list weighs about 360 bytes with the example site's names
/// and labels (three attribute columns), and about 610 bytes with a
/// 100-character name, a 64-character id (the longest allowed, written
/// twice in the row's links) and four attribute columns of 30-character
/// labels (`tests/organization_list.rs` builds such a list and measures
/// it). The rest of the page (header, text, pager, footer) is about 4 KB.
/// At 200 rows, a page of such long rows weighs some 125 KB and a typical
/// page some 75 KB: the page budget of 200 KB (issue #17) leaves room for
/// rows of nearly 1 KB, more attribute columns or a theme's extra markup.
/// A 10,000-organisation site has 50 pages.
pub const ORGANIZATIONS_PER_PAGE: usize = 200;

/// `/organizations/` and, when the list does not fit on one page,
/// `/organizations/_page/N/` ([`routes::organizations_page`]): the rows in
/// name order, [`ORGANIZATIONS_PER_PAGE`] to a page, each page with its
/// `pager`.
fn organization_list_pages(
    templates: &Templates,
    t: &StringTable,
    rows: &[OrganizationRow<'_>],
    attributes: &[&str],
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let chunks: Vec<&[OrganizationRow<'_>]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(ORGANIZATIONS_PER_PAGE).collect()
    };
    for (i, chunk) in chunks.iter().enumerate() {
        let n = i + 1;
        let pager = views::Pager::new(
            n,
            rows.len(),
            ORGANIZATIONS_PER_PAGE,
            routes::organizations_page,
        );
        let path = routes::organizations_page(n);
        let title = if n == 1 {
            t.text("nav.organizations").to_owned()
        } else {
            let (n, pages) = (n.to_string(), pager.pages.to_string());
            t.fill("organizations.title_page", &[("n", &n), ("pages", &pages)])
        };
        let mut ctx = page_context(&path, &title, None, "organizations");
        if n > 1 {
            ctx.insert(
                "breadcrumbs",
                &[Crumb {
                    path: routes::ORGANIZATIONS,
                    title: t.text("nav.organizations"),
                }],
            );
        }
        ctx.insert("organizations", chunk);
        ctx.insert("attributes", attributes);
        ctx.insert("pager", &pager);
        page(templates, "organizations.html", &path, &ctx, emit)?;
    }
    Ok(())
}

/// The pages after the organisations': the content pages, the search
/// page and the 404 page.
pub fn content_pages(
    templates: &Templates,
    input: &RenderInput<'_>,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    for p in &input.site.pages {
        let path = routes::page(&p.path);
        let mut ctx = page_context(&path, &p.title, p.description.as_deref(), &p.path);
        ctx.insert("content", &markdown::to_html(&p.body));
        ctx.insert("toc", &markdown::headings(&p.body));
        ctx.insert("content_page", &true);
        page(templates, "page.html", &path, &ctx, emit)?;
    }

    // Site search: the page; its index of published reports and cohorts
    // only is published beside it.
    let t = &input.site.strings;
    let ctx = page_context(routes::SEARCH, t.text("nav.search"), None, "search");
    page(templates, "search.html", routes::SEARCH, &ctx, emit)?;

    if !input.first_language {
        return Ok(());
    }
    // The 404 page is served at any depth, so its links are rooted at the base path.
    let mut ctx = page_context("404.html", t.text("not_found.title"), None, "");
    ctx.insert("root", &crate::domain::config::base_path(input.base_url));
    ctx.insert("twin", "");
    let html = templates.render("404.html", &ctx, "/404.html")?;
    emit("404.html", &html)
}

/// Renders `template` as the page at `path` (`…/index.html`).
fn page(
    templates: &Templates,
    template: &str,
    path: &str,
    ctx: &Context,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let file = format!("{path}index.html");
    let html = templates.render(template, ctx, &format!("/{file}"))?;
    emit(&file, &html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
