//! The command line: parses arguments, runs a command, prints the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions, Outcome};
use crate::config;
use crate::diag::Diagnostics;

/// Exit status for invalid input (every problem is listed).
pub const EXIT_INVALID: u8 = 1;
/// Exit status for a usage error.
pub const EXIT_USAGE: u8 = 2;

/// rungs: a static-site generator for maturity assessments.
///
/// Reads a maturity model and a folder of assessment results, scores them,
/// and writes a browsable site with reports and open data.
#[derive(Debug, Parser)]
#[command(name = "rungs", version, about, long_about)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
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
    },
    /// Write a new site: configuration, the default model, sample
    /// assessments, pages and a GitHub Pages workflow.
    Init {
        /// The new site folder (must not exist or be empty).
        dir: PathBuf,
    },
    /// Validate everything and write nothing.
    Check {
        /// The site folder (holding site.yaml).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
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
    let result = match &cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => {
            let base_url = match base_url
                .as_deref()
                .map(config::normalize_base_url)
                .transpose()
            {
                Ok(u) => u,
                Err(e) => {
                    eprintln!("error: invalid --base-url: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            build::build(&BuildOptions {
                site_dir: site.clone(),
                output: output.clone(),
                base_url,
            })
        }
        Command::Check { site } => build::check(site),
        Command::Init { dir } => return init(dir, cli.quiet),
    };
    match result {
        Ok(outcome) => {
            if !cli.quiet {
                println!("{}", describe(&outcome));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", problems.sorted());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn init(dir: &std::path::Path, quiet: bool) -> ExitCode {
    let written = crate::init::files()
        .map_err(Diagnostics)
        .and_then(|files| crate::write::new_site(dir, &files).map_err(|d| Diagnostics(vec![d])));
    match written {
        Ok(()) => {
            if !quiet {
                let shown = dir.display();
                println!("created a new site in {shown}");
                println!("next: rungs build {shown}   then open {shown}/public/index.html");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", problems.sorted());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn describe(o: &Outcome) -> String {
    let what = format!(
        "{} assessment{}, {} page{}, {} file{}, {}",
        o.assessments,
        if o.assessments == 1 { "" } else { "s" },
        o.summary.pages,
        if o.summary.pages == 1 { "" } else { "s" },
        o.summary.files,
        if o.summary.files == 1 { "" } else { "s" },
        human_bytes(o.summary.bytes),
    );
    let ms = o.elapsed.as_millis();
    match &o.output {
        Some(out) => format!("built {what} into {} in {ms} ms", out.display()),
        None => format!("checked {what}: no problems ({ms} ms)"),
    }
}

fn human_bytes(b: u64) -> String {
    match b {
        0..1_000 => format!("{b} B"),
        1_000..1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        _ => format!("{:.1} MB", b as f64 / 1e6),
    }
}
