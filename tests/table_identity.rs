//! The identity property of tables of assessments: random assessments of
//! a random model, given as rows of a CSV file or of a workbook, build the
//! same site, byte for byte, as the same assessments given as YAML files
//! (each build through the binary).

mod common;
mod generators;

use std::fmt::Write as _;

use common::{Fixture, assert_same_tree, tree};
use generators::{arb_model, assessment_for, assessment_yaml, fuzz_cases, model_yaml};
use proptest::prelude::*;
use rungs::domain::assessment::{Assessment, Form};
use rungs::domain::model::Model;

/// The header of a table for `model`: every column any form may use.
fn header(model: &Model) -> Vec<String> {
    let mut h: Vec<String> = ["organization.id", "organization.name", "period", "publish"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for (_, cap) in model.capabilities() {
        h.push(format!("{}.level", cap.id));
        h.push(format!("{}.progress", cap.id));
        for n in 1..=model.max_level() {
            h.push(format!("{}.levels.{n}", cap.id));
        }
        h.push(format!("{}.not_applicable", cap.id));
        for c in cap.requirements.iter().flat_map(|r| r.criteria()) {
            h.push(c.id.clone());
        }
    }
    h
}

/// `a` as a row under [`header`]: each value written as
/// [`assessment_yaml`] writes it in a file.
fn row(model: &Model, a: &Assessment) -> Vec<String> {
    let mut r = vec![
        a.organization.id.clone(),
        a.organization.name.clone(),
        a.period.clone(),
        a.publish.to_string(),
    ];
    for ((_, cap), input) in model.capabilities().zip(&a.capabilities) {
        let k = model.max_level() as usize;
        let mut level = (String::new(), String::new());
        let mut levels = vec![String::new(); k];
        let mut not_applicable = String::new();
        let criteria: Vec<_> = cap.requirements.iter().flat_map(|r| r.criteria()).collect();
        let mut ratings = vec![String::new(); criteria.len()];
        match &input.form {
            Form::Level { level: l, progress } => {
                level.0 = l.to_string();
                if *progress != 0.0 {
                    level.1 = progress.to_string();
                }
            }
            // Every level written, zeros too: a table has no empty mapping.
            Form::Levels(v) => {
                for (cell, s) in levels.iter_mut().zip(v) {
                    *cell = s.to_string();
                }
            }
            Form::Criteria(by_level) => {
                let given = by_level.iter().flatten();
                for (cell, rating) in ratings.iter_mut().zip(given) {
                    if let Some(v) = rating {
                        *cell = match model.ratings.iter().find(|r| r.value == *v) {
                            Some(named) => named.name.clone(),
                            None => v.to_string(),
                        };
                    }
                }
            }
            Form::NotApplicable { .. } => not_applicable = "true".to_owned(),
        }
        r.push(level.0);
        r.push(level.1);
        r.extend(levels);
        r.push(not_applicable);
        r.extend(ratings);
    }
    r
}

/// Assessments `o0`, `o1`... of `model`, in periods 2024 and 2025, some
/// unpublished. A capability rated by criteria gets at least one rating,
/// and one without criteria its level instead, since a table has no empty
/// `criteria: {}`.
fn assessments(model: &Model, seeds: &[Vec<f64>]) -> Vec<Assessment> {
    seeds
        .iter()
        .enumerate()
        .map(|(i, seed)| {
            let mut a = assessment_for(model, seed);
            a.organization.id = format!("o{}", i / 2);
            a.organization.name = format!("Organisation {}", i / 2);
            a.period = (2024 + i % 2).to_string();
            a.publish = seed.first().is_none_or(|s| *s > 0.2);
            for input in &mut a.capabilities {
                if let Form::Criteria(levels) = &mut input.form
                    && levels.iter().flatten().all(Option::is_none)
                {
                    match levels.iter_mut().flatten().next() {
                        Some(first) => *first = Some(0.0),
                        None => {
                            input.form = Form::Level {
                                level: 0,
                                progress: 0.0,
                            }
                        }
                    }
                }
            }
            a
        })
        .collect()
}

fn csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut text = header.join(",");
    text.push('\n');
    for r in rows {
        let _ = writeln!(text, "{}", r.join(","));
    }
    text
}

fn xlsx(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, cells) in std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .enumerate()
    {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            // Typed as a spreadsheet holds what was typed.
            if let Ok(n) = cell.parse::<f64>() {
                sheet.write_number(r, c, n).unwrap();
            } else if cell == "true" || cell == "false" {
                sheet.write_boolean(r, c, cell == "true").unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(16)))]

    #[test]
    fn a_row_builds_the_same_site_as_the_same_assessment_in_a_file(
        model in arb_model(),
        seeds in prop::collection::vec(prop::collection::vec(0.0f64..=1.0, 8..40), 1..6),
        workbook in any::<bool>(),
    ) {
        let list = assessments(&model, &seeds);
        let model_text = model_yaml(&model);
        let files: Vec<(String, String)> = list
            .iter()
            .map(|a| (format!("{}-{}.yaml", a.organization.id, a.period), assessment_yaml(&model, a)))
            .collect();
        let from_files = Fixture::with_owned(&model_text, &files);
        from_files.build();

        let header = header(&model);
        let rows: Vec<Vec<String>> = list.iter().map(|a| row(&model, a)).collect();
        let from_table = Fixture::new(&model_text, &[]);
        if workbook {
            from_table.write("content/assessments/survey.xlsx", xlsx(&header, &rows));
        } else {
            from_table.write("content/assessments/survey.csv", csv(&header, &rows));
        }
        let built = from_table.run(&["build"]);
        prop_assert_eq!(built.code(), 0, "{}", built.stderr());
        assert_same_tree(&tree(&from_files.public()), &tree(&from_table.public()), "files and a table");
    }
}
