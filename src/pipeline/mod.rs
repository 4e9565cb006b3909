//! The one driver of a build: load → read → analyse → render → publish →
//! verify → commit, each stage timed through [`Progress`]. Stages 5 to 7
//! run as one pass in [`site`], so that no file is held in memory longer
//! than it takes to store it.

pub mod memo;
pub mod site;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analysis::benchmark::{Benchmarks, PrivacyReport};
use crate::analysis::score::{self, AssessmentScores};
use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::config::SiteConfig;
use crate::domain::model::Model;
use crate::domain::output::Sink;
use crate::domain::progress::{Progress, Silent, Stage};
use crate::domain::site::Site;
use crate::domain::source::Sources;
use crate::input::{self, validate};
use crate::io::layout::Layout;
use crate::io::load;
use crate::io::write::{self, Staging};
use crate::publish::limits;

pub use memo::PageMemo;
pub use site::{SiteInput, Summary};

/// `rungs <version>`, as shown in pages.
pub const GENERATOR: &str = concat!("rungs ", env!("CARGO_PKG_VERSION"));

/// What to build.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub site_dir: PathBuf,
    /// Output folder; `site.yaml`'s `output` (relative to the site) when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` (what a GitHub Pages workflow passes).
    pub base_url: Option<String>,
    /// Links name `index.html`, so the output works opened from disk
    /// ([`crate::publish::local`]).
    pub local: bool,
    /// Where private reports go; `site.yaml`'s `private_reports`
    /// (relative to the site) when `None`.
    pub private_reports: Option<PathBuf>,
}

/// What a build or check did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What was written: pages, charts, files and bytes.
    pub summary: Summary,
    /// Assessments read (published or not).
    pub assessments: usize,
    /// What the privacy rules withheld.
    pub privacy: PrivacyReport,
    /// Where the site was written (`None` for a check).
    pub output: Option<PathBuf>,
    /// Where private reports were written, and how many.
    pub private_reports: Option<(PathBuf, usize)>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// What the hosts would refuse (`publish::limits`): empty when the
    /// site fits GitHub Pages and GitLab Pages.
    pub warnings: Vec<String>,
}

/// Reads the site at `root`: `site.yaml` first, parsed, then every file it
/// points at. Fails only when `site.yaml` is missing or invalid (without it
/// nothing else can be found); other unreadable files are listed in
/// [`Sources::problems`] and reported with every validation problem.
pub fn load(root: &Path) -> Result<Sources, Diagnostics> {
    let config = read_config(root)?;
    Ok(with_reference(root, load::load(root, config)))
}

/// [`load()`], taking the assessment files that did not change from `memo`
/// instead of reading them (`rungs serve`).
pub fn load_remembering(root: &Path, memo: &mut load::ReadMemo) -> Result<Sources, Diagnostics> {
    let config = read_config(root)?;
    Ok(with_reference(
        root,
        load::load_remembering(root, config, memo),
    ))
}

/// `sources` with the reference benchmark that site.yaml names, read
/// (or the reason it cannot be among its problems).
fn with_reference(root: &Path, mut sources: Sources) -> Sources {
    match crate::io::model_file::read_reference(root, &sources.config) {
        None => {}
        Some(Ok(file)) => sources.reference = Some(file),
        Some(Err(d)) => sources.problems.push(d),
    }
    sources
}

/// Reads and checks the site at `root` as far as its model: `site.yaml`
/// and the model it names (read in the site's first language), and
/// nothing else, so that it works in a site without assessments
/// (`rungs questionnaire`). Every problem of the model is reported.
pub fn load_model(root: &Path) -> Result<(SiteConfig, Model), Diagnostics> {
    let config = read_config(root)?;
    let file = crate::io::model_file::read(root, &config).map_err(one)?;
    let language = &config.language;
    let reading = input::yaml::Reading::new(language, language);
    let (model, _) =
        input::model::parse_in(&file.path, &file.text, &reading).map_err(Diagnostics)?;
    Ok((config, model))
}

fn read_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let text = load::read_config(root)?;
    input::config::parse(&text).map_err(Diagnostics)
}

/// Validates and scores a site: the pure middle of the pipeline.
pub fn compile(sources: Sources) -> Result<(Site, Vec<AssessmentScores>), Diagnostics> {
    compile_with(sources, &Silent)
}

/// [`compile`], reporting progress.
pub fn compile_with(
    sources: Sources,
    progress: &dyn Progress,
) -> Result<(Site, Vec<AssessmentScores>), Diagnostics> {
    compile_inner(sources, progress, None)
}

fn compile_inner(
    sources: Sources,
    progress: &dyn Progress,
    memo: Option<&mut validate::ParseMemo>,
) -> Result<(Site, Vec<AssessmentScores>), Diagnostics> {
    progress.start(Stage::Validate, Some(sources.assessments.len() as u64));
    let site = match memo {
        Some(memo) => validate::validate_with(sources, memo),
        None => validate::validate(sources),
    };
    progress.finish();
    let site = site?;
    progress.start(Stage::Score, Some(site.assessments.len() as u64));
    let scores = site
        .assessments
        .par_iter()
        .map(|a| {
            progress.advance(1);
            score::score(&site.model, a)
        })
        .collect();
    progress.finish();
    Ok((site, scores))
}

/// Renders a compiled site into `sink`: benchmarks, pages and exports.
pub fn render_site(
    site: &Site,
    scores: &[AssessmentScores],
    base_url: &str,
    sink: &dyn Sink,
) -> Result<Summary, Diagnostics> {
    render_site_with(site, scores, base_url, sink, &Silent)
}

/// [`render_site`], reporting progress.
pub fn render_site_with(
    site: &Site,
    scores: &[AssessmentScores],
    base_url: &str,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<Summary, Diagnostics> {
    render_inner(site, scores, base_url, sink, progress, None).map(|(summary, _)| summary)
}

fn render_inner(
    site: &Site,
    scores: &[AssessmentScores],
    base_url: &str,
    sink: &dyn Sink,
    progress: &dyn Progress,
    memo: Option<&mut PageMemo>,
) -> Result<(Summary, PrivacyReport), Diagnostics> {
    let benchmarks = benchmarks_of(site, scores);
    let summary = render_with(site, scores, &benchmarks, base_url, sink, progress, memo)?;
    Ok((summary, benchmarks.privacy))
}

/// The site's cohorts: none for one firm's own site (only its reference,
/// if it has one), whose benchmark of itself would mean nothing.
fn benchmarks_of(site: &Site, scores: &[AssessmentScores]) -> Benchmarks {
    if site.single_organization() {
        Benchmarks::none(site)
    } else {
        Benchmarks::compute(site, scores)
    }
}

fn render_with(
    site: &Site,
    scores: &[AssessmentScores],
    benchmarks: &Benchmarks,
    base_url: &str,
    sink: &dyn Sink,
    progress: &dyn Progress,
    memo: Option<&mut PageMemo>,
) -> Result<Summary, Diagnostics> {
    let input = SiteInput {
        site,
        scores,
        benchmarks,
        base_url,
        generator: GENERATOR,
        progress,
    };
    progress.start(Stage::Render, None);
    let summary = match memo {
        Some(memo) => site::write_remembering(&input, sink, memo),
        None => site::write(&input, sink),
    };
    progress.finish();
    summary
}

/// What `rungs serve` keeps from one build to the next, so that a rebuild
/// after a save costs about what the save changed: the assessment files'
/// texts and parses, and the organisations' pages.
#[derive(Default)]
pub struct Memo {
    /// Assessment files' texts, by path, size and modification time (for
    /// [`load_remembering`]).
    pub read: load::ReadMemo,
    /// Parsed assessment files, by path and text.
    pub parsed: validate::ParseMemo,
    /// Organisation pages, by what they show.
    pub pages: PageMemo,
}

/// Validates, scores and renders `sources` into `sink` (with the site's
/// own `base_url`) as [`check`] does, reusing from `memo` whatever an
/// earlier call made that did not change, and leaving this build's work
/// in it. The files are the same as without a memo.
pub fn build_remembering(
    sources: Sources,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Result<Outcome, Diagnostics> {
    let started = Instant::now();
    let (site, scores) = compile_inner(sources, &Silent, Some(&mut memo.parsed))?;
    let (summary, privacy) = render_inner(
        &site,
        &scores,
        &site.config.base_url,
        sink,
        &Silent,
        Some(&mut memo.pages),
    )?;
    let assessments = site.assessments.len();
    let warnings = warnings(&site, &summary);
    // Freeing a large site takes tens of milliseconds that a rebuild in
    // `rungs serve` need not wait for. (If no thread can be started, the
    // closure and the site are dropped here.)
    let _ = std::thread::Builder::new()
        .name("rungs-free".to_owned())
        .spawn(move || drop((site, scores)));
    Ok(Outcome {
        summary,
        assessments,
        privacy,
        output: None,
        private_reports: None,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Builds the site into its output folder; on any error the previous
/// output is left untouched.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Outcome, Diagnostics> {
    let started = Instant::now();
    progress.start(Stage::Load, None);
    let sources = load(&options.site_dir);
    progress.finish();
    let sources = sources?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.site_dir.join(&sources.config.output));
    let layout = Layout::of(&sources.config);
    let inputs = layout.input_folders();
    let chosen = if options.output.is_some() {
        write::Chosen::OnCommandLine
    } else {
        write::Chosen::InConfig
    };
    write::check_target(&output, &options.site_dir, &inputs, chosen).map_err(one)?;
    let private_dir = match (&options.private_reports, &sources.config.private_reports) {
        (Some(dir), _) => Some((dir.clone(), write::Chosen::OnCommandLine)),
        (None, Some(dir)) => Some((options.site_dir.join(dir), write::Chosen::InConfig)),
        (None, None) => None,
    };
    if let Some((dir, chosen)) = &private_dir {
        write::check_private_target(dir, &output, &options.site_dir, &inputs, *chosen)
            .map_err(one)?;
    }
    let (site, scores) = compile_with(sources, progress)?;
    let base_url = options.base_url.as_deref().unwrap_or(&site.config.base_url);
    let benchmarks = benchmarks_of(&site, &scores);
    let staging = Staging::begin(&output).map_err(one)?;
    let local = crate::publish::local::LocalSink { inner: &staging };
    let sink: &dyn Sink = if options.local { &local } else { &staging };
    let summary = render_with(&site, &scores, &benchmarks, base_url, sink, progress, None)?;
    // Both folders are made in full before either replaces its previous
    // version, so a failure in one leaves both as they were.
    let private = match &private_dir {
        Some((dir, _)) => {
            let private_staging = Staging::begin(dir).map_err(one)?;
            let count =
                site::write_private(&site, &scores, &benchmarks, base_url, &private_staging)?;
            Some((dir.clone(), count, private_staging))
        }
        None => None,
    };
    staging.commit().map_err(one)?;
    let private_reports = match private {
        Some((dir, count, private_staging)) => {
            private_staging.commit().map_err(one)?;
            Some((dir, count))
        }
        None => None,
    };
    let warnings = warnings(&site, &summary);
    Ok(Outcome {
        summary,
        assessments: site.assessments.len(),
        privacy: benchmarks.privacy,
        output: Some(output),
        private_reports,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Validates everything and renders in memory, writing nothing.
pub fn check(site_dir: &Path, progress: &dyn Progress) -> Result<Outcome, Diagnostics> {
    let started = Instant::now();
    progress.start(Stage::Load, None);
    let sources = load(site_dir);
    progress.finish();
    let (site, scores) = compile_with(sources?, progress)?;
    let (summary, privacy) = render_inner(
        &site,
        &scores,
        &site.config.base_url,
        &Discard,
        progress,
        None,
    )?;
    let warnings = warnings(&site, &summary);
    Ok(Outcome {
        summary,
        assessments: site.assessments.len(),
        privacy,
        output: None,
        private_reports: None,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// What the author should know: the site's own warnings (missing
/// translations), then the hosts' limits.
fn warnings(site: &Site, summary: &Summary) -> Vec<String> {
    let mut all = site.warnings.clone();
    all.extend(limits::warnings(
        summary.files,
        summary.bytes,
        site.config.publish_reports,
    ));
    all
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// A sink that checks paths and drops the bytes (for `check`).
struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        crate::domain::output::check_output_path(path)
    }

    /// Counts the bytes as they are made: collecting them first, as the
    /// default does, held the whole `data/results.json` in memory (half a
    /// gigabyte at 100k assessments).
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        crate::domain::output::check_output_path(path)?;
        let mut count = crate::domain::output::ByteCount::default();
        write(&mut count).map_err(|e| crate::domain::output::cannot_produce(path, &e))?;
        Ok(count.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_counts_streamed_bytes_and_refuses_bad_paths() {
        let mut chunks = |w: &mut dyn std::io::Write| {
            for _ in 0..1000 {
                w.write_all(b"0123456789")?;
            }
            Ok(())
        };
        assert_eq!(
            Discard.put_streamed("data/results.json", &mut chunks),
            Ok(10_000)
        );
        assert!(
            Discard
                .put_streamed("../outside.json", &mut chunks)
                .is_err()
        );
    }
}
