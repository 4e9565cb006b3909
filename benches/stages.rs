//! Time of each pure stage of the pipeline, in memory, on a generated
//! site of 100 organisations over three periods (about 290 assessments of
//! the default model): validating (YAML parsing included; and the same
//! assessments as the rows of one CSV table), scoring,
//! benchmarks, rendering every page and export, an incremental rebuild as
//! `rungs serve` makes it after one assessment changes, and the link
//! check's scan of one report page.
//!
//! Whole builds, with the file system, are timed by the scripts in
//! `benches/compare/` (docs/performance.md). `cargo bench --bench stages`
//! measures; `cargo test --benches` runs each once as a smoke test.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use criterion::{Criterion, criterion_group, criterion_main};
use rungs::analysis::benchmark::Benchmarks;
use rungs::diag::Diagnostic;
use rungs::domain::output::Sink;
use rungs::domain::source::{SourceFile, Sources, TableFile};
use rungs::pipeline::{self, Memo};
use rungs::sample::{self, SampleOptions};
use rungs::verify::links::LinkIndex;
use rungs::{
    analysis::privacy, analysis::score, domain::builtin, input::config, input::model,
    input::validate,
};

const SITE: &str = "title: Stages\nbase_url: https://example.org/\nbenchmark:\n  cohorts: [sector, size]\n  min_cohort_size: 5\n";

/// A sink that drops what it is given (rendering is what is timed).
struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        black_box(bytes);
        Ok(())
    }
}

/// A sink that keeps the first report page it is given.
#[derive(Default)]
struct FirstReport(Mutex<Option<(String, Vec<u8>)>>);

impl Sink for FirstReport {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        // organizations/<org>/<period>/index.html
        let is_report = path.starts_with("organizations/") && path.matches('/').count() == 3;
        if is_report && path.ends_with("/index.html") {
            let mut first = self.0.lock().unwrap_or_else(|e| e.into_inner());
            first.get_or_insert_with(|| (path.to_owned(), bytes.to_vec()));
        }
        Ok(())
    }
}

fn text(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        relative: path.to_owned(),
        text: Arc::new(text.to_owned()),
    }
}

/// The generated site, as `load` would have read it.
fn sources() -> Sources {
    let model = model::parse("content/model.yaml", builtin::DEFAULT_MODEL)
        .unwrap_or_else(|e| panic!("the default model is valid: {e:?}"));
    let options = SampleOptions {
        organizations: 100,
        periods: vec!["2023".to_owned(), "2024".to_owned(), "2025".to_owned()],
        seed: 1,
    };
    let assessments = sample::generate(&model, &options)
        .into_iter()
        .map(|f| text(&format!("content/assessments/{}", f.path), &f.text))
        .collect();
    Sources {
        root: PathBuf::from("."),
        config: config::parse(SITE).unwrap_or_else(|e| panic!("site.yaml is valid: {e:?}")),
        model: Some(text("content/model.yaml", builtin::DEFAULT_MODEL)),
        assessments,
        reference: None,
        assessment_tables: Vec::new(),
        pages: Vec::new(),
        templates: Vec::new(),
        static_files: Vec::new(),
        strings: Vec::new(),
        problems: Vec::new(),
    }
}

/// The assessments of `sources` as one CSV table (header: every key any
/// of them uses), in place of their files.
fn as_table(sources: &Sources) -> Sources {
    let rows: Vec<Vec<(String, String)>> = sources
        .assessments
        .iter()
        .map(|f| {
            rungs::input::table::row_of_file(&f.path, &f.text)
                .unwrap_or_else(|e| panic!("the sample parses: {e}"))
        })
        .collect();
    let mut header: Vec<&str> = Vec::new();
    for (h, _) in rows.iter().flatten() {
        if !header.contains(&h.as_str()) {
            header.push(h);
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, record: &[&str]| {
        w.write_record(record)
            .unwrap_or_else(|e| panic!("CSV in memory: {e}"));
    };
    write(&mut writer, &header);
    for row in &rows {
        let record: Vec<&str> = header
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(k, _)| k == h)
                    .map_or("", |(_, v)| v.as_str())
            })
            .collect();
        write(&mut writer, &record);
    }
    let bytes = writer
        .into_inner()
        .unwrap_or_else(|e| panic!("CSV in memory: {e}"));
    Sources {
        assessments: Vec::new(),
        reference: None,
        assessment_tables: vec![TableFile {
            path: "content/assessments/sample.csv".to_owned(),
            bytes,
        }],
        ..sources.clone()
    }
}

fn benches(c: &mut Criterion) {
    let sources = sources();
    let table = as_table(&sources);
    let (site, scores) = pipeline::compile(sources.clone()).expect("the sample is valid");
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.bench_function("validate", |b| {
        b.iter(|| validate::validate(black_box(sources.clone())).map(|s| s.assessments.len()))
    });
    group.bench_function("validate_table", |b| {
        b.iter(|| validate::validate(black_box(table.clone())).map(|s| s.assessments.len()))
    });
    group.bench_function("score", |b| {
        b.iter(|| {
            site.assessments
                .iter()
                .map(|a| score::score(&site.model, a).overall.score)
                .sum::<f64>()
        })
    });
    group.bench_function("benchmarks", |b| {
        b.iter(|| Benchmarks::compute(black_box(&site), &scores).cohorts.len())
    });
    group.bench_function("render", |b| {
        b.iter(|| pipeline::render_site(&site, &scores, &site.config.base_url, &Discard))
    });

    // One assessment's first criterion rated "full" becomes "none", and
    // back, between rebuilds.
    let mut memo = Memo::default();
    pipeline::build_remembering(sources.clone(), &Discard, &mut memo).expect("builds");
    let (i, edited) = sources
        .assessments
        .iter()
        .enumerate()
        .find_map(|(i, f)| {
            let changed = f.text.replacen(": \"full\"", ": \"none\"", 1);
            (changed != *f.text && !f.text.contains("publish: false")).then_some((i, changed))
        })
        .expect("a published assessment with a criterion rated full");
    let mut flip = false;
    group.bench_function("rebuild_after_one_change", |b| {
        b.iter(|| {
            flip = !flip;
            let mut next = sources.clone();
            if flip {
                next.assessments[i].text = Arc::new(edited.clone());
            }
            pipeline::build_remembering(next, &Discard, &mut memo).map(|o| o.summary.pages)
        })
    });

    let report = FirstReport::default();
    pipeline::render_site(&site, &scores, &site.config.base_url, &report).expect("renders");
    let (path, page) = report
        .0
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .expect("a report page");
    let index = LinkIndex::new(&site.config.base_url);
    group.bench_function("link_scan_of_a_report", |b| {
        b.iter(|| index.scan(black_box(&path), black_box(&page)))
    });

    // The privacy rule over 100,000 unpublished assessments of one period:
    // "all", 20 sectors and 3 sizes (large classes, nothing to do), and
    // the same with 20,000 regions of 5 to 9 that cross the sizes (every
    // region must leave its unpublished members out).
    let n = 100_000usize;
    let mut sets: Vec<Vec<usize>> = vec![(0..n).collect()];
    for s in 0..20 {
        sets.push((0..n).filter(|i| i % 20 == s).collect());
    }
    for z in 0..3 {
        sets.push((0..n).filter(|i| (i / 7) % 3 == z).collect());
    }
    group.bench_function("privacy_100k_large_classes", |b| {
        b.iter(|| privacy::protect(black_box(&sets), &mut vec![true; sets.len()], 5).len())
    });
    let mut i = 0;
    while i < n {
        let len = 5 + (i % 5);
        sets.push((i..(i + len).min(n)).collect());
        i += len;
    }
    group.bench_function("privacy_100k_small_regions", |b| {
        b.iter(|| privacy::protect(black_box(&sets), &mut vec![true; sets.len()], 5).len())
    });
    group.finish();
}

criterion_group!(stages, benches);
criterion_main!(stages);
