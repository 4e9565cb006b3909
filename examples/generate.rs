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
//!
//! `--table FILE.csv` writes the same assessments as one table instead
//! (formats.md, "Assessments as tables"): one row each, under a header of
//! every key any of them uses, in the order first used (the benchmark of
//! a 100,000-row table, docs/performance.md). An existing file is
//! replaced only with `--force`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rungs::sample::{SampleOptions, generate_each};

const USAGE: &str = "usage: generate [--model PATH] [--organizations N] [--periods A,B,C] [--seed N] [--out DIR | --table FILE.csv] [--force]";

struct Args {
    model: PathBuf,
    out: PathBuf,
    table: Option<PathBuf>,
    force: bool,
    options: SampleOptions,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        model: PathBuf::from("content/model.yaml"),
        out: PathBuf::from("content/assessments"),
        table: None,
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
            "--table" => args.table = Some(PathBuf::from(value()?)),
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

    if let Some(table) = &args.table {
        return write_table(&model, args, table);
    }
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

/// The cells of one generated assessment file.
fn cells(text: &str) -> Result<Vec<(String, String)>, String> {
    rungs::input::table::row_of_file("sample.yaml", text).map_err(|d| d.to_string())
}

/// Writes the sample as one CSV table: a first pass finds the header, a
/// second (the same files again: the sample is deterministic) writes the
/// rows, so no more than one assessment is held at a time.
fn write_table(
    model: &rungs::domain::model::Model,
    args: &Args,
    table: &Path,
) -> Result<usize, String> {
    if table.exists() && !args.force {
        return Err(format!(
            "{} exists: pass --force to replace it",
            table.display()
        ));
    }
    let mut header: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut error = None;
    generate_each(model, &args.options, |file| match cells(&file.text) {
        Ok(cells) => {
            for (h, _) in cells {
                if seen.insert(h.clone()) {
                    header.push(h);
                }
            }
        }
        Err(e) => error = Some(e),
    });
    if let Some(e) = error {
        return Err(e);
    }
    let column: std::collections::HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let file =
        fs::File::create(table).map_err(|e| format!("cannot write {}: {e}", table.display()))?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let failed = |e: csv::Error| format!("cannot write {}: {e}", table.display());
    writer.write_record(&header).map_err(failed)?;
    let mut rows = 0;
    let mut record = vec![String::new(); header.len()];
    generate_each(model, &args.options, |file| {
        if error.is_some() {
            return;
        }
        record.iter_mut().for_each(String::clear);
        match cells(&file.text) {
            Ok(cells) => {
                for (h, text) in cells {
                    record[column[h.as_str()]] = text;
                }
                match writer.write_record(&record) {
                    Ok(()) => rows += 1,
                    Err(e) => error = Some(failed(e)),
                }
            }
            Err(e) => error = Some(e),
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    writer
        .flush()
        .map_err(|e| format!("cannot write {}: {e}", table.display()))?;
    Ok(rows)
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
            let (what, to) = match &args.table {
                Some(table) => ("row", table.display()),
                None => ("file", args.out.display()),
            };
            println!("wrote {n} {what}{} to {to}", if n == 1 { "" } else { "s" });
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
