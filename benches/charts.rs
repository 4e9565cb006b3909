//! Time to draw each kind of chart on realistic data: 5 dimensions, 18
//! capabilities, 4 periods, 10 cohorts.
//!
//! `cargo bench --bench charts` measures; `cargo test --benches` runs each
//! once as a smoke test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rungs::charts::{
    Band, BarRow, BoxRow, BoxStats, RadarAxis, Series, StackRow, box_plots, bullet_bars, heatmap,
    level_distribution, radar, trend,
};

const MAX: f64 = 5.0;

const DIMENSIONS: [&str; 5] = [
    "Strategy and governance",
    "System design",
    "Delivery and operations",
    "People and skills",
    "Data and measurement",
];

const COHORTS: [&str; 10] = [
    "All organisations",
    "Manufacturing",
    "Financial services",
    "Public sector",
    "Healthcare",
    "Retail and logistics",
    "Energy and utilities",
    "Fewer than 250 employees",
    "250 to 5,000 employees",
    "More than 5,000 employees",
];

const PERIODS: [&str; 4] = ["2023", "2024-H1", "2024-H2", "2025"];

/// A deterministic score in 0..5 for seed `i`.
fn score(i: usize) -> f64 {
    ((i * 37 + 11) % 97) as f64 / 96.0 * 4.0 + 0.5
}

fn band(i: usize) -> Band {
    let m = score(i);
    Band {
        q1: (m - 0.4).max(0.0),
        median: m,
        q3: (m + 0.4).min(MAX),
    }
}

fn benches(c: &mut Criterion) {
    let axes: Vec<RadarAxis> = DIMENSIONS
        .iter()
        .enumerate()
        .map(|(i, d)| RadarAxis {
            label: (*d).to_owned(),
            value: Some(score(i)),
            peers: Some(band(i + 50)),
        })
        .collect();
    let bars: Vec<BarRow> = (0..18)
        .map(|i| BarRow {
            label: format!("Capability {} of the model", i + 1),
            value: if i == 7 { None } else { Some(score(i)) },
            peers: Some(band(i + 20)),
            target: (i % 3 == 0).then(|| score(i + 5)),
        })
        .collect();
    let level_names: Vec<String> = ["Initial", "Repeatable", "Defined", "Managed", "Optimising"]
        .map(String::from)
        .to_vec();
    let stacks: Vec<StackRow> = COHORTS
        .iter()
        .enumerate()
        .map(|(i, c)| StackRow {
            label: (*c).to_owned(),
            counts: (0..5).map(|k| (i * 7 + k * 13) % 11 + 1).collect(),
        })
        .collect();
    let boxes: Vec<BoxRow> = DIMENSIONS
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let m = score(i + 3);
            BoxRow {
                label: (*d).to_owned(),
                stats: (i != 4).then_some(BoxStats {
                    min: (m - 1.5).max(0.0),
                    q1: (m - 0.5).max(0.0),
                    median: m,
                    q3: (m + 0.4).min(MAX),
                    max: (m + 1.2).min(MAX),
                    mean: m + 0.05,
                }),
            }
        })
        .collect();
    let columns: Vec<String> = DIMENSIONS.map(String::from).to_vec();
    let cells: Vec<(String, Vec<Option<f64>>)> = COHORTS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values = (0..5)
                .map(|j| (i * 5 + j != 17).then(|| score(i * 5 + j)))
                .collect();
            ((*c).to_owned(), values)
        })
        .collect();
    let periods: Vec<String> = PERIODS.map(String::from).to_vec();
    let series = vec![
        Series {
            label: "Example Manufacturing Ltd".to_owned(),
            points: (0..4).map(|i| Some(score(i + 40))).collect(),
            band: None,
        },
        Series {
            label: "Manufacturing cohort".to_owned(),
            points: (0..4).map(|i| Some(score(i + 60))).collect(),
            band: Some(
                (0..4)
                    .map(|i| {
                        let b = band(i + 60);
                        Some((b.q1, b.q3))
                    })
                    .collect(),
            ),
        },
    ];

    // The words of an English page, as `render` gives them.
    let english = rungs::input::strings::builtin("en")
        .0
        .with_terms(&rungs::domain::model::Terms::default());
    let words = rungs::render::chart_views::words(&english);
    let words = &words;
    let mut group = c.benchmark_group("charts");
    group.bench_function("radar", |b| {
        b.iter(|| radar("radar", "Dimension scores", black_box(&axes), MAX, words))
    });
    group.bench_function("bullet_bars", |b| {
        b.iter(|| bullet_bars("caps", "Capability scores", black_box(&bars), MAX, words))
    });
    group.bench_function("level_distribution", |b| {
        b.iter(|| level_distribution("levels", "Levels", &level_names, black_box(&stacks), words))
    });
    group.bench_function("box_plots", |b| {
        b.iter(|| box_plots("boxes", "Spread", black_box(&boxes), MAX, words))
    });
    group.bench_function("heatmap", |b| {
        b.iter(|| heatmap("heat", "Medians", &columns, black_box(&cells), MAX, words))
    });
    group.bench_function("trend", |b| {
        b.iter(|| {
            trend(
                "trend",
                "Over time",
                &periods,
                black_box(&series),
                MAX,
                words,
            )
        })
    });
    group.finish();
}

criterion_group!(charts, benches);
criterion_main!(charts);
