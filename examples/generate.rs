//! Writes deterministic sample assessments (see `rungs::sample`).
//!
//! The benchmark's example data (80 organisations, about 240 files):
//!
//! ```text
//! cargo run --release --example generate -- --model content/model.yaml \
//!     --organizations 80 --periods 2023,2024,2025 --seed 42 --out content/assessments --force
//! ```
//!
//! Benchmark sets for performance tests, written to /tmp (each organisation
//! is assessed in every period, so three periods give three files per
//! organisation, a few less for late joiners):
//!
//! ```text
//! # about 10,000 files (9,806 with seed 42)
//! cargo run --release --example generate -- --organizations 3334 \
//!     --periods 2023,2024,2025 --seed 42 --out /tmp/rungs-10k/content/assessments
//! # about 100,000 files (98,016 with seed 42; about 10 s)
//! cargo run --release --example generate -- --organizations 33334 \
//!     --periods 2023,2024,2025 --seed 42 --out /tmp/rungs-100k/content/assessments
//! ```
//!
//! To build one, put a `site.yaml` (such as `title: T` and `base_url: /`)
//! and the model at `content/model.yaml` next to the `content/assessments`
//! folder and run `rungs build` there.
//!
//! Options (defaults in brackets): `--model PATH` [content/model.yaml],
//! `--organizations N` [80], `--periods A,B,C` [2023,2024,2025],
//! `--seed N` [42], `--out DIR` [content/assessments], `--force`.
//!
//! The output folder must be missing or empty; with `--force`, the `*.yaml`
//! files below it are deleted first (and nothing else).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rungs::sample::{SampleOptions, generate_each};

const USAGE: &str = "usage: generate [--model PATH] [--organizations N] [--periods A,B,C] [--seed N] [--out DIR] [--force]";

struct Args {
    model: PathBuf,
    out: PathBuf,
    force: bool,
    options: SampleOptions,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        model: PathBuf::from("content/model.yaml"),
        out: PathBuf::from("content/assessments"),
        force: false,
        options: SampleOptions::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--force" => args.force = true,
            "--model" => args.model = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--organizations" => {
                let v = value()?;
                args.options.organizations = v
                    .parse()
                    .map_err(|_| format!("--organizations: `{v}` is not a number"))?;
            }
            "--seed" => {
                let v = value()?;
                args.options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--periods" => {
                let v = value()?;
                let periods: Vec<String> = v
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect();
                if periods.is_empty() {
                    return Err("--periods: give at least one period".to_owned());
                }
                for (i, p) in periods.iter().enumerate() {
                    if !rungs::input::assessment::is_period(p) {
                        return Err(format!(
                            "--periods: `{p}` is not a valid period (letters, digits, `.`, `_`, `-`)"
                        ));
                    }
                    if periods[..i].contains(p) {
                        return Err(format!("--periods: `{p}` is given twice"));
                    }
                }
                args.options.periods = periods;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(args))
}

/// Every `*.yaml` file below `dir`, and whether anything else is there.
fn yaml_files(dir: &Path) -> std::io::Result<(Vec<PathBuf>, bool)> {
    let mut files = Vec::new();
    let mut other = false;
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            files.push(entry.into_path());
        } else {
            other = true;
        }
    }
    Ok((files, other))
}

fn run(args: &Args) -> Result<usize, String> {
    let shown = args.model.display();
    let source =
        fs::read_to_string(&args.model).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let model = rungs::input::model::parse(&shown.to_string(), &source).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("")
    })?;

    let out = &args.out;
    let not_empty = out.is_dir()
        && fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_some();
    if out.exists() && !out.is_dir() {
        return Err(format!("{} exists and is not a folder", out.display()));
    }
    if not_empty {
        if !args.force {
            return Err(format!(
                "{} is not empty: pass --force to delete the *.yaml files below it first",
                out.display()
            ));
        }
        let (files, _) =
            yaml_files(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
        for f in files {
            fs::remove_file(&f).map_err(|e| format!("cannot delete {}: {e}", f.display()))?;
        }
    }

    let mut written = 0;
    let mut error = None;
    generate_each(&model, &args.options, |file| {
        if error.is_some() {
            return;
        }
        let path = out.join(&file.path);
        let result = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, file.text.as_bytes()));
        match result {
            Ok(()) => written += 1,
            Err(e) => error = Some(format!("cannot write {}: {e}", path.display())),
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(written),
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(n) => {
            println!(
                "wrote {n} file{} to {}",
                if n == 1 { "" } else { "s" },
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
