//! The command line: parses arguments, runs a command, prints the outcome.
//!
//! Output goes to stderr for progress and problems and to stdout for
//! results, so `rungs build -q` prints nothing on success and
//! `--format json` gives editors and CI one JSON document on stdout.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::benchmark::{Group, PrivacyReason, PrivacyReport, Statistic, WithheldReason};
use crate::diag::Diagnostics;
use crate::domain;
use crate::domain::assessment::AssessmentMethod;
use crate::domain::progress::{Progress, Silent, Stage};
use crate::pipeline::{self, BuildOptions, Outcome};
use crate::text::terminal;

use super::{EXIT_INVALID, EXIT_USAGE};

/// rungs: a static-site generator for maturity assessments.
///
/// Reads a maturity model and a folder of assessment results, scores them,
/// aggregates sector benchmarks, plans roadmaps, and writes a browsable site
/// with reports, charts and open data, ready for GitHub Pages.
#[derive(Debug, Parser)]
#[command(name = "rungs", version, about, long_about)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time each stage takes.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// How to report the outcome: text for people, json for editors and CI.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people.
    Text,
    /// One JSON document on stdout: `{"ok": ..., "problems": [...], ...}`.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    ///
    /// The output is written into a staging folder beside the output folder
    /// and swapped in only when everything succeeded: on any error the
    /// previous output is left untouched.
    Build {
        /// The site folder (holding site.yaml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder (default: `output` of site.yaml, `public`).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Base URL the site is served from; overrides `base_url` of site.yaml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Links name `index.html`, so the output can be opened from disk
        /// and browsed page to page (search still needs a web server).
        #[arg(long)]
        local: bool,
        /// Also write each assessment's private report, one self-contained
        /// HTML file per organisation and period, into DIR (overrides
        /// `private_reports` of site.yaml).
        #[arg(long, value_name = "DIR")]
        private_reports: Option<PathBuf>,
    },
    /// Validate everything, render every page in memory, write nothing.
    Check {
        /// The site folder (holding site.yaml).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Build in memory, serve on 127.0.0.1 under the base path, rebuild on
    /// change and reload open browsers.
    ///
    /// Nothing is written: the output folder is left alone. A build error is
    /// shown in the terminal and in the browser, and the last good site
    /// keeps being served.
    Serve {
        /// The site folder (holding site.yaml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a new site: configuration, the default model, sample
    /// assessments, pages and a GitHub Pages workflow.
    Init {
        /// The new site folder (must not exist or be empty).
        dir: PathBuf,
        /// Where the site's publishing workflow installs rungs from:
        /// `crates.io[:VERSION]`, `git:URL#COMMIT` or `path:DIR`. By default
        /// the source this rungs was built from, when it is known.
        #[arg(long, value_name = "SOURCE")]
        rungs_source: Option<String>,
        /// Where the workflow publishes the site.
        #[arg(long, value_enum, default_value_t = Host::Github)]
        host: Host,
        /// The site's language: its configuration, pages and interface
        /// (the model is written in every language it has).
        #[arg(long, value_enum, default_value_t = InitLanguage::En)]
        language: InitLanguage,
        /// The model: `dscmm` (the Digital Supply Chain Maturity Model),
        /// or a ready model shaped after another framework: `samm` (OWASP
        /// SAMM 2), `c2m2` (C2M2), `gbt39116` (GB/T 39116).
        #[arg(long, value_name = "MODEL", default_value = "dscmm", value_parser = clap::builder::PossibleValuesParser::new(crate::app::init::model_names()))]
        model: String,
    },
    /// Write an empty questionnaire of the site's model, to fill in one row
    /// per organisation and period and put into the assessments folder.
    ///
    /// FILE.xlsx gets a title, a label and a note on every column (the
    /// criterion's text), drop-down lists of the model's ratings and frozen
    /// headers; FILE.csv the header row alone. Only site.yaml and the model
    /// are read, so a site without assessments works.
    Questionnaire {
        /// The site folder (holding site.yaml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The file to write: FILE.xlsx or FILE.csv.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a table of assessments (.csv, .xlsx, .ods) as one YAML file
    /// per row, `DIR/<organisation>/<period>.yaml`, for sites that keep
    /// their assessments under version control.
    ///
    /// The rows are read against the site's model as a build reads them;
    /// with a problem in any, nothing is written. Building the files gives
    /// the same site as building the table.
    Import {
        /// The table to import.
        table: PathBuf,
        /// The site folder (holding site.yaml), whose model the rows are
        /// read against.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The folder to write the files into, such as content/assessments.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// The languages `rungs init` writes a site in: those it has pages for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InitLanguage {
    /// English.
    #[value(name = "en")]
    En,
    /// Simplified Chinese.
    #[value(name = "zh-CN")]
    ZhCn,
}

impl InitLanguage {
    /// The language tag.
    pub fn tag(self) -> &'static str {
        match self {
            InitLanguage::En => "en",
            InitLanguage::ZhCn => "zh-CN",
        }
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let report = Report {
        color,
        format: cli.format,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let bars = (!cli.quiet && cli.format == Format::Text && std::io::stderr().is_terminal())
        .then(Bars::new);
    let timings = Timings::new(cli.verbose && cli.format == Format::Text);
    let progress = Both(
        bars.as_ref()
            .map_or(&Silent as &dyn Progress, |b| b as &dyn Progress),
        &timings,
    );
    let result = match &cli.command {
        Command::Build {
            site,
            output,
            base_url,
            local,
            private_reports,
        } => {
            let base_url = match base_url
                .as_deref()
                .map(domain::config::normalize_base_url)
                .transpose()
            {
                Ok(u) => u,
                Err(e) => {
                    eprintln!(
                        "error: invalid --base-url: {}",
                        terminal::safe(&e.to_string())
                    );
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let options = BuildOptions {
                site_dir: site.clone(),
                output: output.clone(),
                base_url,
                local: *local,
                private_reports: private_reports.clone(),
            };
            pipeline::build(&options, &progress)
        }
        Command::Check { site } => pipeline::check(site, &progress),
        Command::Init {
            dir,
            rungs_source,
            host,
            language,
            model,
        } => {
            return init(
                dir,
                rungs_source.as_deref(),
                *host,
                *language,
                model,
                &report,
            );
        }
        Command::Questionnaire {
            site,
            output,
            force,
        } => return questionnaire(site, output, *force, &report),
        Command::Import {
            table,
            site,
            output,
            force,
        } => return import(table, site, output, *force, &report),
        Command::Serve { site, port, open } => {
            return crate::app::serve::run(&crate::app::serve::ServeOptions {
                site_dir: site.clone(),
                port: *port,
                open: *open,
                quiet: cli.quiet,
            });
        }
    };
    if let Some(b) = &bars {
        b.clear();
    }
    report.outcome(result)
}

/// How results and problems are printed.
struct Report {
    color: bool,
    format: Format,
    quiet: bool,
    verbose: bool,
}

impl Report {
    fn outcome(&self, result: Result<Outcome, Diagnostics>) -> ExitCode {
        match (result, self.format) {
            (Ok(o), Format::Json) => {
                success_json(serde_json::json!({
                    "assessments": o.assessments,
                    "pages": o.summary.pages,
                    "charts": o.summary.charts,
                    "files": o.summary.files,
                    "bytes": o.summary.bytes,
                    "output": o.output.as_ref().map(|p| p.display().to_string()),
                    "private_reports": o.private_reports.as_ref().map(|(p, n)| serde_json::json!({
                        "folder": p.display().to_string(),
                        "files": n,
                    })),
                    "milliseconds": o.elapsed.as_millis() as u64,
                    "privacy": privacy_json(&o.privacy),
                    "warnings": o.warnings,
                }));
                ExitCode::SUCCESS
            }
            (Ok(o), Format::Text) => {
                if self.verbose {
                    for line in privacy_lines(&o.privacy) {
                        println!("{}", terminal::safe(&line));
                    }
                }
                if !self.quiet {
                    println!("{}", terminal::safe(&describe(&o)));
                }
                // Shown even with `-q`: a site a host will refuse is news
                // before it is pushed, not after.
                for warning in &o.warnings {
                    eprintln!("{}: {}", self.warning_label(), terminal::safe(warning));
                }
                ExitCode::SUCCESS
            }
            (Err(problems), format) => {
                self.problems(&problems.sorted(), format);
                ExitCode::from(EXIT_INVALID)
            }
        }
    }

    /// `warning`, in bold yellow on a colour terminal, as rustc writes it.
    fn warning_label(&self) -> String {
        crate::diag::paint(self.color, "1;33", "warning")
    }

    fn problems(&self, problems: &Diagnostics, format: Format) {
        match format {
            Format::Json => println!(
                "{}",
                terminal::json(&serde_json::json!({ "ok": false, "problems": problems.0 }))
            ),
            Format::Text => eprint!("{}", problems.render(self.color)),
        }
    }
}

/// Prints the JSON document of a success on stdout (`--format json`):
/// `{"ok": true, "problems": [], …}` with the fields of `fields` after.
fn success_json(fields: serde_json::Value) {
    let mut json = serde_json::json!({ "ok": true, "problems": [] });
    if let (Some(json), serde_json::Value::Object(fields)) = (json.as_object_mut(), fields) {
        json.extend(fields);
    }
    println!("{}", terminal::json(&json));
}

fn init(
    dir: &Path,
    rungs_source: Option<&str>,
    host: Host,
    language: InitLanguage,
    model: &str,
    report: &Report,
) -> ExitCode {
    use crate::app::init::{Publishing, RungsSource, plain_folder};
    let source = match rungs_source.map(RungsSource::parse) {
        None => RungsSource::of_this_build(),
        Some(Ok(source)) => source,
        Some(Err(why)) => {
            eprintln!(
                "error: invalid --rungs-source: {}\n  help: give crates.io, crates.io:VERSION, \
                 git:https://HOST/OWNER/REPO#COMMIT or path:DIR",
                terminal::safe(&why)
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // A site in a sub-folder of a repository gets its workflow at the
    // repository's root, where the host looks, running in the sub-folder.
    let repository = crate::io::write::enclosing_repository(dir);
    if let Some((_, sub)) = &repository
        && !plain_folder(sub)
    {
        eprintln!(
            "error: {}: the site's path in its repository has characters a workflow \
             cannot hold as they are\n  help: use letters, digits, '.', '_', '-' and '/' \
             in its folder names",
            terminal::safe(sub)
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let publishing = Publishing {
        sub_folder: repository.as_ref().map(|(_, sub)| sub.clone()),
        gitlab: matches!(host, Host::Gitlab),
    };
    let workflow = publishing.workflow(&source);
    let at_root = repository
        .as_ref()
        .map(|(root, _)| root.join(publishing.workflow_path()))
        .filter(|path| crate::io::write::is_free(path));
    // The repository has a workflow of that name already: the new one goes
    // into the site folder, and the user merges it.
    let by_hand = repository.is_some() && at_root.is_none();
    let written = crate::app::init::files(language.tag(), model)
        .map_err(Diagnostics)
        .and_then(|mut files| {
            if at_root.is_none() {
                files.push((
                    publishing.workflow_path().to_owned(),
                    workflow.clone().into_bytes(),
                ));
            }
            crate::io::write::new_site(dir, &files).map_err(|d| Diagnostics(vec![d]))?;
            if let Some(path) = &at_root {
                crate::io::write::new_file(path, workflow.as_bytes())
                    .map_err(|d| Diagnostics(vec![d]))?;
            }
            Ok(())
        });
    let workflow_at = at_root.unwrap_or_else(|| dir.join(publishing.workflow_path()));
    match written {
        Ok(()) => {
            match report.format {
                Format::Json => success_json(serde_json::json!({
                    "site": dir.display().to_string(),
                    "workflow": workflow_at.display().to_string(),
                })),
                Format::Text if !report.quiet => {
                    let dir = dir.display().to_string();
                    let shown = terminal::safe(&dir);
                    println!("created a new site in {shown}");
                    println!(
                        "its publishing workflow: {}",
                        terminal::safe(&workflow_at.display().to_string())
                    );
                    if by_hand {
                        eprintln!(
                            "warning: the repository already has {}: the new one is in the site \
                             folder; merge it there by hand",
                            publishing.workflow_path()
                        );
                    }
                    if let RungsSource::Unknown { why } = &source {
                        eprintln!(
                            "warning: the publishing workflow cannot install rungs: {} \
                             (its install step says what to write; or run init again \
                             with --rungs-source)",
                            terminal::safe(why)
                        );
                    }
                    println!(
                        "next: rungs serve {shown}   to preview it; rungs build {shown} writes {shown}/public"
                    );
                }
                Format::Text => {}
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report.problems(&problems.sorted(), report.format);
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn questionnaire(site: &Path, output: &Path, force: bool, report: &Report) -> ExitCode {
    use crate::app::questionnaire::write;
    match write(site, output, force) {
        Ok(w) => {
            let path = w.path.display().to_string();
            match report.format {
                Format::Json => success_json(serde_json::json!({
                    "output": path,
                    "columns": w.columns,
                    "criteria": w.criteria,
                })),
                Format::Text if !report.quiet => {
                    println!(
                        "wrote the questionnaire of {} to {}: {} columns, {} criteria",
                        terminal::safe(&w.model),
                        terminal::safe(&path),
                        w.columns,
                        w.criteria
                    );
                    let folder = site.join(&w.assessments).display().to_string();
                    println!(
                        "next: fill in one row per organisation and period, then put the file \
                         into {}",
                        terminal::safe(&folder)
                    );
                }
                Format::Text => {}
            }
            ExitCode::SUCCESS
        }
        Err(failure) => failed(failure, report),
    }
}

/// Reports why a command wrote nothing, and its exit status.
fn failed(failure: crate::app::Failure, report: &Report) -> ExitCode {
    match failure {
        crate::app::Failure::Usage(message, help) => {
            eprintln!(
                "error: {}\n  help: {}",
                terminal::safe(&message),
                terminal::safe(&help)
            );
            ExitCode::from(EXIT_USAGE)
        }
        crate::app::Failure::Invalid(problems) => {
            report.problems(&problems.sorted(), report.format);
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn import(table: &Path, site: &Path, output: &Path, force: bool, report: &Report) -> ExitCode {
    match crate::app::import::import(table, site, output, force) {
        Ok(done) => {
            let folder = done.output.display().to_string();
            match report.format {
                Format::Json => success_json(serde_json::json!({
                    "output": folder,
                    "files": done.files,
                })),
                Format::Text if !report.quiet => println!(
                    "imported {} assessment{} from {} into {}",
                    done.files.len(),
                    crate::text::plural_s(done.files.len()),
                    terminal::safe(&table.display().to_string()),
                    terminal::safe(&folder)
                ),
                Format::Text => {}
            }
            ExitCode::SUCCESS
        }
        Err(failure) => failed(failure, report),
    }
}

/// Where `rungs init`'s workflow publishes the site.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum Host {
    /// GitHub Pages: `.github/workflows/pages.yml`.
    #[default]
    Github,
    /// GitLab Pages: `.gitlab-ci.yml`.
    Gitlab,
}

/// The final line: what was built, how big, how long.
fn describe(o: &Outcome) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", crate::text::plural_s(n));
    let what = format!(
        "{}, {}, {}, {}, {}",
        plural(o.assessments, "assessment"),
        plural(o.summary.pages, "page"),
        plural(o.summary.charts, "chart"),
        plural(o.summary.files, "file"),
        human_bytes(o.summary.bytes),
    );
    let ms = o.elapsed.as_millis();
    let mut line = match &o.output {
        Some(out) => format!("built {what} into {} in {ms} ms", out.display()),
        None => format!("checked {what}: no problems ({ms} ms)"),
    };
    if let Some((dir, n)) = &o.private_reports {
        line.push_str(&format!(
            "; {} into {}",
            plural(*n, "private report"),
            dir.display()
        ));
    }
    match privacy_summary(&o.privacy) {
        Some(privacy) => format!("{line}; {privacy}"),
        None => line,
    }
}

/// What privacy cost, in a few words for the summary line, or `None` when
/// nothing was withheld.
fn privacy_summary(p: &PrivacyReport) -> Option<String> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", crate::text::plural_s(n));
    let mut parts = Vec::new();
    if !p.withheld.is_empty() {
        parts.push(format!("{} withheld", plural(p.withheld.len(), "cohort")));
    }
    if !p.left_out.is_empty() {
        parts.push(format!(
            "{} left out of {}",
            plural(p.unpublished_left_out(), "unpublished assessment"),
            plural(p.left_out.len(), "cohort"),
        ));
    }
    if !p.statistics.is_empty() {
        parts.push(format!(
            "{} withheld",
            plural(p.statistics.len(), "statistic")
        ));
    }
    (!parts.is_empty()).then(|| format!("privacy: {} (-v lists them)", parts.join(", ")))
}

/// A cohort as the terminal shows it: `2025 sector "automotive"` or
/// `2025 all` (the line it goes into is printed through
/// [`terminal::safe`]).
fn cohort_name(period: &str, group: Option<&Group>) -> String {
    match group {
        Some(g) => format!("{period} {} {:?}", g.attribute, g.value),
        None => format!("{period} all"),
    }
}

fn privacy_reason(reason: PrivacyReason, k: &str) -> String {
    match reason {
        PrivacyReason::FewUnpublished(n) => format!(
            "{n} unpublished assessment{} would be in it, fewer than {k}",
            if n == 1 { "" } else { "s" }
        ),
        PrivacyReason::Combination => {
            "combined with other published figures it could single out unpublished assessments"
                .to_owned()
        }
    }
}

fn statistic_name(s: &Statistic) -> String {
    match s {
        Statistic::Dimension(id) => format!("dimension {id}"),
        Statistic::Capability(id) => format!("capability {id}"),
        Statistic::Method(AssessmentMethod::SelfAssessed) => "median of self-assessments".into(),
        Statistic::Method(AssessmentMethod::ThirdParty) => {
            "median of third-party assessments".into()
        }
        Statistic::SectorRoadmap(g) => format!("typical next steps to level {g}"),
    }
}

/// One line per cohort and statistic the privacy rules withheld, with the
/// reason (`-v`).
fn privacy_lines(p: &PrivacyReport) -> Vec<String> {
    let k = &format!("min_cohort_size {}", p.min_cohort_size);
    let mut lines = Vec::new();
    for w in &p.withheld {
        let why = match w.reason {
            WithheldReason::TooFew => format!("fewer than {k}"),
            WithheldReason::Difference => format!(
                "\"all\" minus the other published cohorts of its attribute would show fewer than {k}"
            ),
            WithheldReason::TooFewCounted { counted } => format!(
                "without its unpublished members {counted} would be counted, fewer than {k}"
            ),
        };
        lines.push(format!(
            "privacy: cohort {} withheld ({} assessed): {why}",
            cohort_name(&w.period, w.group.as_ref()),
            w.assessed
        ));
    }
    for l in &p.left_out {
        lines.push(format!(
            "privacy: cohort {} counts its published members only, not its {} unpublished: {}",
            cohort_name(&l.period, l.group.as_ref()),
            l.unpublished,
            privacy_reason(l.reason, k)
        ));
    }
    for s in &p.statistics {
        lines.push(format!(
            "privacy: {} of cohort {} withheld: {}",
            statistic_name(&s.statistic),
            cohort_name(&s.period, s.group.as_ref()),
            privacy_reason(s.reason, k)
        ));
    }
    lines
}

/// The privacy report for `--format json`.
fn privacy_json(p: &PrivacyReport) -> serde_json::Value {
    let group = |g: Option<&Group>| {
        serde_json::json!({
            "attribute": g.map(|g| g.attribute.as_str()),
            "value": g.map(|g| g.value.as_str()),
        })
    };
    let reason = |r: PrivacyReason| match r {
        PrivacyReason::FewUnpublished(n) => serde_json::json!({"few_unpublished": n}),
        PrivacyReason::Combination => serde_json::json!("combination"),
    };
    serde_json::json!({
        "cohorts_withheld": p.withheld.iter().map(|w| serde_json::json!({
            "period": w.period,
            "cohort": group(w.group.as_ref()),
            "assessed": w.assessed,
            "reason": match w.reason {
                WithheldReason::TooFew => serde_json::json!("too_few"),
                WithheldReason::Difference => serde_json::json!("difference"),
                WithheldReason::TooFewCounted { counted } => serde_json::json!({"too_few_counted": counted}),
            },
        })).collect::<Vec<_>>(),
        "unpublished_left_out": p.left_out.iter().map(|l| serde_json::json!({
            "period": l.period,
            "cohort": group(l.group.as_ref()),
            "unpublished": l.unpublished,
            "reason": reason(l.reason),
        })).collect::<Vec<_>>(),
        "statistics_withheld": p.statistics.iter().map(|s| serde_json::json!({
            "period": s.period,
            "cohort": group(s.group.as_ref()),
            "statistic": statistic_name(&s.statistic),
            "reason": reason(s.reason),
        })).collect::<Vec<_>>(),
    })
}

fn human_bytes(b: u64) -> String {
    match b {
        0..1_000 => format!("{b} B"),
        1_000..1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        _ => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// Progress bars on stderr, one per stage.
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    fn new() -> Self {
        Bars {
            bar: Mutex::new(None),
        }
    }

    fn clear(&self) {
        if let Some(b) = self
            .bar
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: Stage, total: Option<u64>) {
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{prefix:>10} {spinner} {pos}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(stage.label());
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut slot = self
            .bar
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(old) = slot.replace(bar) {
            old.finish_and_clear();
        }
    }

    fn advance(&self, n: u64) {
        if let Some(b) = self
            .bar
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
        {
            b.inc(n);
        }
    }

    fn finish(&self) {
        self.clear();
    }
}

/// With `--verbose`, the time each stage took, on stderr.
struct Timings {
    on: bool,
    started: Mutex<Option<(Stage, std::time::Instant)>>,
}

impl Timings {
    fn new(on: bool) -> Self {
        Timings {
            on,
            started: Mutex::new(None),
        }
    }
}

impl Progress for Timings {
    fn start(&self, stage: Stage, _: Option<u64>) {
        if self.on {
            *self
                .started
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some((stage, std::time::Instant::now()));
        }
    }

    fn advance(&self, _: u64) {}

    fn finish(&self) {
        if let Some((stage, at)) = self
            .started
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            match crate::io::process::peak_memory_mib() {
                Some(mib) => eprintln!(
                    "{:>10} {} ms (peak memory so far {mib} MiB)",
                    stage.label(),
                    at.elapsed().as_millis()
                ),
                None => eprintln!("{:>10} {} ms", stage.label(), at.elapsed().as_millis()),
            }
        }
    }
}

/// Two progress receivers as one.
struct Both<'a>(&'a dyn Progress, &'a dyn Progress);

impl Progress for Both<'_> {
    fn start(&self, stage: Stage, total: Option<u64>) {
        self.0.start(stage, total);
        self.1.start(stage, total);
    }
    fn advance(&self, n: u64) {
        self.0.advance(n);
        self.1.advance(n);
    }
    fn finish(&self) {
        self.0.finish();
        self.1.finish();
    }
}
