//! Tables of assessments through the binary: CSV and xlsx files made by
//! the tests (the workbooks with `rust_xlsxwriter`, as a spreadsheet
//! program would save them), read into the same site as the same
//! assessments in YAML files, and every problem placed by sheet and cell.

mod common;

use std::io::{Read as _, Write as _};

use common::{EXAMPLE_MODEL, EXAMPLE_X, EXAMPLE_Y, Fixture, assert_same_tree, tree};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// The worked example's X and Y (tests/fixtures) as a table: a header
/// naming every form the two use, then one row each.
const EXAMPLE_CSV: &str = "\
organization.id,organization.name,organization.sector,period,target,a.level,a.progress,b.levels.1,b.levels.2,b.not_applicable,c1,c2,c3,c.level,c.progress\r
x,Example X,automotive,2025,3,2,0.5,1,0.6,,full,largely,partial,,\r
y,Example Y,automotive,2025,,1,,,,true,,,,0,0.4\r
";

/// Builds `site` into its `public/` and returns the output's files.
fn built(site: &Fixture) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.build();
    tree(&site.public())
}

/// The example site with the given assessment files.
fn site_with(files: &[(&str, &[u8])]) -> Fixture {
    let site = Fixture::new(EXAMPLE_MODEL, &[]);
    for (name, bytes) in files {
        site.write(&format!("content/assessments/{name}"), bytes);
    }
    site
}

/// Writes a workbook of `sheets`, each a name and rows of cells; a cell
/// is written as the spreadsheet would hold what a person typed: a
/// number as a number, `TRUE` as a boolean, `=…` as a formula whose
/// saved value follows `|` (`=1+1|2`), `date:YYYY-MM-DD` as a date.
fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if cell.is_empty() {
                    continue;
                }
                if let Some(formula) = cell.strip_prefix('=') {
                    let (formula, value) = formula.split_once('|').unwrap_or((formula, ""));
                    sheet
                        .write_formula(r, c, Formula::new(formula).set_result(value))
                        .unwrap();
                } else if let Some(day) = cell.strip_prefix("date:") {
                    let when = ExcelDateTime::parse_from_str(day).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &when, &date)
                        .unwrap();
                } else if let Ok(n) = cell.parse::<f64>() {
                    sheet.write_number(r, c, n).unwrap();
                } else if *cell == "TRUE" || *cell == "FALSE" {
                    sheet.write_boolean(r, c, *cell == "TRUE").unwrap();
                } else {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The rows of a CSV text, split on commas (the tests' CSV has no quotes).
fn csv_rows(csv: &str) -> Vec<Vec<&str>> {
    csv.lines()
        .map(|l| l.trim_end_matches('\r').split(',').collect())
        .collect()
}

/// The worked example as YAML files, as a CSV file and as a workbook
/// (with a title row above the header and typed cells) gives the same
/// site, byte for byte.
#[test]
fn a_table_builds_the_same_site_as_the_same_assessments_in_files() {
    let files = site_with(&[
        ("x.yaml", EXAMPLE_X.as_bytes()),
        ("y.yaml", EXAMPLE_Y.as_bytes()),
    ]);
    let from_files = built(&files);
    let csv = site_with(&[("survey.csv", EXAMPLE_CSV.as_bytes())]);
    assert_same_tree(&from_files, &built(&csv), "YAML files and a CSV table");

    let mut rows = vec![vec!["Worked example: survey of 2025"]];
    rows.extend(csv_rows(EXAMPLE_CSV));
    let xlsx = site_with(&[("survey.xlsx", &workbook(&[("2025", rows)]))]);
    assert_same_tree(&from_files, &built(&xlsx), "YAML files and a workbook");
    let results = xlsx.results();
    assert!(results.to_string().contains("\"x\""), "{results}");
}

/// YAML files and tables mix in one folder; a semicolon-separated CSV
/// (as a spreadsheet in a European locale saves it) with a byte order
/// mark reads as well.
#[test]
fn files_and_tables_mix_and_a_semicolon_csv_reads() {
    let lines: Vec<&str> = EXAMPLE_CSV.lines().collect();
    let y_only = format!("\u{feff}{}\n{}\n", lines[0], lines[2]).replace(',', ";");
    let mixed = site_with(&[
        ("x.yaml", EXAMPLE_X.as_bytes()),
        ("more/y.csv", y_only.as_bytes()),
    ]);
    let files = site_with(&[
        ("x.yaml", EXAMPLE_X.as_bytes()),
        ("y.yaml", EXAMPLE_Y.as_bytes()),
    ]);
    assert_same_tree(&built(&files), &built(&mixed), "files and a table mixed");
}

/// A wrong cell is named by file, sheet and cell, at its column's header,
/// with the same message and help as in a YAML file; every problem of
/// every row is reported at once, and nothing is written.
#[test]
fn a_bad_cell_is_named_by_sheet_and_cell() {
    let mut rows = csv_rows(EXAMPLE_CSV);
    rows[1][10] = "parital"; // c1 of x, column K, row 2
    rows[2][5] = "7"; // a.level of y, column F, row 3
    let site = site_with(&[("survey-2025.xlsx", &workbook(&[("2025", rows)]))]);
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    assert!(
        err.contains(
            "error: unknown rating `parital`\n --> content/assessments/survey-2025.xlsx: sheet \"2025\", cell K2 (at `c1`)\n  = help: did you mean `partial`?"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: level 7 is above the model's highest level 3\n --> content/assessments/survey-2025.xlsx: sheet \"2025\", cell F3 (at `a.level`)"),
        "{err}"
    );
    assert!(err.contains("2 problems in 1 file"), "{err}");
    assert!(!site.public().exists(), "nothing is written");

    let json = site.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let first = &v["problems"][0];
    assert_eq!(first["sheet"], "2025");
    assert_eq!(first["cell"], "K2");
    assert_eq!(first["key_path"], "c1");
    assert_eq!(first["line"], serde_json::Value::Null);
}

/// A whole row's problem (a missing capability, a missing name) names
/// the row in a CSV file.
#[test]
fn a_problem_of_a_whole_row_names_the_row() {
    let csv = EXAMPLE_CSV
        .replace(",Example Y,", ",,")
        .replace(",1,,,,true,", ",,,,,,");
    let site = site_with(&[("survey.csv", csv.as_bytes())]);
    let r = site.run(&["check"]);
    assert_eq!(r.code(), 1);
    let err = r.stderr();
    assert!(
        err.contains("error: missing required key `name`\n --> content/assessments/survey.csv: row 3 (at `organization.name`)"),
        "{err}"
    );
    assert!(err.contains("capabilities missing: a, b"), "{err}");
    assert!(
        err.contains("--> content/assessments/survey.csv: row 3 (at `capabilities`)"),
        "{err}"
    );
}

/// A header is checked once, before any row: a misspelt column is one
/// problem at its header cell with a suggestion, however many rows follow,
/// and a capability without any column is named once.
#[test]
fn a_bad_header_is_one_problem_at_its_cell() {
    let mut csv = EXAMPLE_CSV.replacen("b.levels.2", "b.levls.2", 1);
    for i in 0..50 {
        csv.push_str(&format!(
            "o{i},O {i},automotive,2025,,1,,,,true,,,,0,0.4\r\n"
        ));
    }
    let site = site_with(&[("survey.csv", csv.as_bytes())]);
    let r = site.run(&["check"]);
    assert_eq!(r.code(), 1);
    let err = r.stderr();
    assert!(
        err.contains("error: unknown column `b.levls.2`\n --> content/assessments/survey.csv: cell I1 (at `b.levls.2`)"),
        "{err}"
    );
    assert!(err.contains("1 problem in 1 file"), "{err}");

    let no_c = "organization.id,organization.name,period,a.level,b.level\r\nx,X,2025,1,1\r\n";
    let site = site_with(&[("survey.csv", no_c.as_bytes())]);
    let err = site.run(&["check"]).stderr();
    assert!(err.contains("error: no column for capability c"), "{err}");
    assert!(err.contains("such as `c.level`"), "{err}");
    assert!(err.contains("1 problem in 1 file"), "{err}");

    let twice = EXAMPLE_CSV.replacen("c3,", "capabilities.c.criteria.c1,", 1);
    let site = site_with(&[("survey.csv", twice.as_bytes())]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("error: column M gives the same key as column K (`c1`)"),
        "{err}"
    );
}

/// Two rows for one organisation and period are an error naming both,
/// in one table and across a table and a file.
#[test]
fn duplicates_name_both_rows_across_files() {
    let site = site_with(&[
        ("a.yaml", EXAMPLE_X.as_bytes()),
        ("b.csv", EXAMPLE_CSV.as_bytes()),
    ]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("error: duplicate assessment: `content/assessments/a.yaml` already assesses organisation `x` for period `2025`\n --> content/assessments/b.csv: row 2 (at `period`)"),
        "{err}"
    );
    let lines: Vec<&str> = EXAMPLE_CSV.lines().collect();
    let y_again = format!("{}\n{}\n", lines[0], lines[2]);
    let rows = csv_rows(&y_again);
    let site = site_with(&[
        ("a.csv", EXAMPLE_CSV.as_bytes()),
        ("b.xlsx", &workbook(&[("Later", rows)])),
    ]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("error: duplicate assessment: `content/assessments/a.csv`, row 3 already assesses organisation `y` for period `2025`\n --> content/assessments/b.xlsx: sheet \"Later\", row 2 (at `period`)"),
        "{err}"
    );
}

/// A formula cell gives the value saved with it; a formula saved without
/// one is an error (rungs never computes formulas); an error value
/// (`#DIV/0!`) is one too. Empty sheets are skipped; a sheet with content
/// but no header is named.
#[test]
fn formulas_give_their_saved_value_and_never_run() {
    let mut rows = csv_rows(EXAMPLE_CSV);
    rows[1][5] = "=1+1|2"; // a.level of x: 2, as in the file
    let with_value = site_with(&[(
        "survey.xlsx",
        &workbook(&[("Notes", vec![]), ("2025", rows.clone())]),
    )]);
    let files = site_with(&[
        ("x.yaml", EXAMPLE_X.as_bytes()),
        ("y.yaml", EXAMPLE_Y.as_bytes()),
    ]);
    assert_same_tree(
        &built(&files),
        &built(&with_value),
        "a formula's saved value",
    );

    // A workbook as a library writes it: the formula, and no value.
    let saved = workbook(&[("2025", rows.clone())]);
    let unsaved = without_formula_values(&saved);
    let site = site_with(&[("survey.xlsx", &unsaved)]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("error: the formula `=1+1` has no saved value\n --> content/assessments/survey.xlsx: sheet \"2025\", cell F2 (at `a.level`)"),
        "{err}"
    );

    rows[1][5] = "=1/0|#DIV/0!";
    let site = site_with(&[(
        "survey.xlsx",
        &workbook(&[("2025", rows), ("About", vec![vec!["Made by hand"]])]),
    )]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("error: the cell holds the error #DIV/0!\n --> content/assessments/survey.xlsx: sheet \"2025\", cell F2 (at `a.level`)"),
        "{err}"
    );
    assert!(
        err.contains("error: the sheet has no header row: no cell reads `organization.id`\n --> content/assessments/survey.xlsx: sheet \"About\""),
        "{err}"
    );
}

/// Dates typed into a workbook are dates of the assessment format.
#[test]
fn a_date_cell_is_a_date() {
    let mut rows = csv_rows(EXAMPLE_CSV);
    rows[0].push("assessed_on");
    rows[1].push("date:2025-06-30");
    let site = site_with(&[("survey.xlsx", &workbook(&[("2025", rows)]))]);
    site.build();
    let report = site.output("organizations/x/2025/index.html");
    assert!(report.contains("2025-06-30"), "the report shows the date");
}

/// A file that is not a table: named, with what to do.
#[test]
fn a_broken_workbook_or_csv_is_named() {
    let site = site_with(&[
        ("broken.xlsx", b"PK\x03\x04 not really"),
        (
            "latin1.csv",
            b"organization.id,organization.name\nx,Caf\xe9\n",
        ),
    ]);
    let err = site.run(&["check"]).stderr();
    assert!(
        err.contains("cannot read the workbook") && err.contains("content/assessments/broken.xlsx"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: the row is not UTF-8 text\n --> content/assessments/latin1.csv: row 2"
        ),
        "{err}"
    );
}

/// `bytes` with every formula cell's saved value taken out, as files
/// written by libraries that do not compute formulas hold them.
fn without_formula_values(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).unwrap();
            let mut kept = String::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("</f><v>") {
                kept.push_str(&rest[..at + 4]);
                let after = &rest[at + 4..];
                let end = after.find("</v>").unwrap() + 4;
                rest = &after[end..];
            }
            kept.push_str(rest);
            data = kept.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `rungs import` writes one YAML file per row, and building those files
/// gives the same site as building the table; a file there already is
/// refused (nothing written) unless `--force`, and a table with a bad row
/// writes nothing.
#[test]
fn import_writes_one_file_per_row_that_builds_the_same_site() {
    let mut rows = vec![vec!["Survey 2025", "", "", "sheet of the association"]];
    rows.extend(csv_rows(EXAMPLE_CSV));
    rows[2][1] = "Example \"X\": \u{4f8b}"; // quotes and CJK survive the round trip
    let xlsx = workbook(&[("2025", rows)]);
    let table_site = site_with(&[("survey.xlsx", &xlsx)]);
    let from_table = built(&table_site);

    let work = tempfile::tempdir().unwrap();
    let table = work.path().join("survey.xlsx");
    std::fs::write(&table, &xlsx).unwrap();
    let files_site = site_with(&[]);
    let dir = files_site.path().join("content/assessments");
    let import = |force: bool| {
        let mut args = vec![
            "import".as_ref(),
            table.as_os_str(),
            files_site.path().as_os_str(),
            "-o".as_ref(),
            dir.as_os_str(),
        ];
        if force {
            args.push("--force".as_ref());
        }
        common::rungs(&args)
    };
    let r = import(false);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout().contains("imported 2 assessments from"),
        "{}",
        r.stdout()
    );
    let x = std::fs::read_to_string(dir.join("x/2025.yaml")).unwrap();
    assert!(
        x.starts_with("# imported by rungs from "),
        "names its row: {x}"
    );
    assert!(x.contains("sheet \"2025\", row 3\n"), "{x}");
    assert!(x.contains("  a:\n    level: 2\n    progress: 0.5\n"), "{x}");
    assert_same_tree(
        &from_table,
        &built(&files_site),
        "imported files and the table",
    );

    let again = import(false);
    assert_eq!(again.code(), 1);
    assert!(
        again.stderr().contains("the file exists already"),
        "{}",
        again.stderr()
    );
    assert_eq!(import(true).code(), 0, "--force replaces");

    let bad = work.path().join("bad.csv");
    std::fs::write(&bad, EXAMPLE_CSV.replace(",largely,", ",lagrely,")).unwrap();
    let out = work.path().join("out");
    let r = common::rungs(&[
        "import".as_ref(),
        bad.as_os_str(),
        files_site.path().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("cell L2 (at `c2`)"), "{}", r.stderr());
    assert!(!out.exists(), "nothing is written");

    let r = common::rungs(&[
        "import".as_ref(),
        work.path().join("survey.txt").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
}

/// The sample data of the default model (every form, evidence with commas,
/// quotes and line breaks, names in many scripts), flattened into one CSV
/// table with [`rungs::input::table::row_of_file`], builds the same site
/// as the sample's files.
#[test]
fn the_default_models_sample_as_one_table_builds_the_same_site() {
    let model =
        rungs::input::model::parse("m.yaml", rungs::domain::builtin::DEFAULT_MODEL).unwrap();
    let options = rungs::sample::SampleOptions {
        organizations: 24,
        periods: vec!["2024".into(), "2025".into()],
        seed: 7,
    };
    let files = rungs::sample::generate(&model, &options);
    let rows: Vec<Vec<(String, String)>> = files
        .iter()
        .map(|f| rungs::input::table::row_of_file(&f.path, &f.text).unwrap())
        .collect();
    let mut header: Vec<String> = Vec::new();
    for (h, _) in rows.iter().flatten() {
        if !header.contains(h) {
            header.push(h.clone());
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for row in &rows {
        let record: Vec<&str> = header
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(k, _)| k == h)
                    .map_or("", |(_, v)| v.as_str())
            })
            .collect();
        writer.write_record(&record).unwrap();
    }
    let csv = writer.into_inner().unwrap();
    let site_yaml = "title: Sample\nbase_url: https://example.org/sub/\nbenchmark:\n  cohorts: [sector, size]\n  min_cohort_size: 3\n";
    let from_files = Fixture::new(rungs::domain::builtin::DEFAULT_MODEL, &[]);
    from_files.write("site.yaml", site_yaml);
    for f in &files {
        from_files.write(&format!("content/assessments/{}", f.path), &f.text);
    }
    let from_table = Fixture::new(rungs::domain::builtin::DEFAULT_MODEL, &[]);
    from_table.write("site.yaml", site_yaml);
    from_table.write("content/assessments/sample.csv", &csv);
    assert_same_tree(
        &built(&from_files),
        &built(&from_table),
        "the sample's files and one table",
    );
}
