//! `rungs questionnaire`: the empty questionnaire of the example model,
//! read back as a spreadsheet program reads it (calamine, and the sheet's
//! XML for what calamine does not read: notes, validations, panes and
//! groups), the CSV header, refusals, and a filled-in CSV that builds.

mod common;

use std::fs;
use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Fixture, rungs};

/// The repository's example model.
fn example_model() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/model.yaml")).unwrap()
}

/// A site with the example model, two cohort attributes and no
/// assessments at all.
fn site_without_assessments() -> Fixture {
    let site = Fixture::empty();
    site.write(
        "site.yaml",
        "title: Q\nbase_url: /\nbenchmark: {cohorts: [sector, size]}\n",
    );
    site.write("content/model.yaml", example_model());
    site
}

/// Runs `rungs questionnaire <site> -o <file> <more>`.
fn questionnaire(site: &Path, file: &Path, more: &[&str]) -> common::Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "questionnaire".as_ref(),
        site.as_os_str(),
        "-o".as_ref(),
        file.as_os_str(),
    ];
    args.extend(more.iter().map(std::ffi::OsStr::new));
    rungs(&args)
}

/// One file of the workbook's zip archive.
fn part(xlsx: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The header the agreed table layout gives the example model with
/// cohorts `[sector, size]`, written out from the model independently of
/// the questionnaire's code: its criteria by id, the long form for the
/// capability named `organization`.
fn expected_header(model: &rungs::domain::model::Model) -> Vec<String> {
    let mut keys: Vec<String> = [
        "organization.id",
        "organization.name",
        "organization.sector",
        "organization.size",
        "period",
        "method",
        "target",
        "publish",
        "assessed_on",
        "assessor",
        "summary",
    ]
    .map(str::to_owned)
    .to_vec();
    for (_, c) in model.capabilities() {
        let prefix = if c.id == "organization" {
            "capabilities.organization".to_owned()
        } else {
            c.id.clone()
        };
        assert!(
            c.requirements
                .iter()
                .all(|r| matches!(r, rungs::domain::model::Requirement::Criteria(_))),
            "the example model rates criteria only"
        );
        for r in &c.requirements {
            keys.extend(r.criteria().iter().map(|k| k.id.clone()));
        }
        for field in ["not_applicable", "reason", "evidence"] {
            keys.push(format!("{prefix}.{field}"));
        }
    }
    keys
}

#[test]
fn the_xlsx_of_the_example_model_has_the_agreed_header_notes_rules_and_panes() {
    let site = site_without_assessments();
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("questionnaire.xlsx");
    let r = questionnaire(site.path(), &xlsx, &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("233 criteria"), "{}", r.stdout());

    let model = rungs::input::model::parse("content/model.yaml", &example_model()).unwrap();
    let expected = expected_header(&model);
    let criteria: Vec<&str> = model
        .capabilities()
        .flat_map(|(_, c)| c.requirements.iter().flat_map(|r| r.criteria()))
        .map(|k| k.id.as_str())
        .collect();
    assert_eq!(criteria.len(), 233);

    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(workbook.sheet_names(), ["Questionnaire"]);
    let range = workbook.worksheet_range("Questionnaire").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 3, "title, labels and header; no data");
    assert!(
        rows[0][0].starts_with("Digital Supply Chain Maturity Model 2025.1 — questionnaire;"),
        "{}",
        rows[0][0]
    );
    // What a reader does: the header is the first row whose first cell is
    // `organization.id`; the rows above it are a title.
    let header_row = rows.iter().position(|r| r[0] == "organization.id").unwrap();
    assert_eq!(header_row, 2);
    let header = &rows[2];
    assert_eq!(header, &expected);
    for id in &criteria {
        assert_eq!(header.iter().filter(|k| k == id).count(), 1, "{id}");
    }
    assert!(!header.iter().any(|k| k.starts_with("organization.not")));
    let label = |key: &str| &rows[1][header.iter().position(|k| k == key).unwrap()];
    assert_eq!(
        label("strategy-2a"),
        "Supply chain strategy · L2 · strategy-2a"
    );
    assert_eq!(
        label("organization.id"),
        "Organisation id (required; the same in every period)"
    );
    assert_eq!(
        label("capabilities.organization.evidence"),
        "Organisation and talent · evidence (Markdown)"
    );
    assert_eq!(
        label("organization.sector"),
        "sector",
        "no label in site.yaml"
    );

    // Notes: one on every header cell, a criterion's holding its text.
    let comments = part(&xlsx, "xl/comments1.xml");
    assert_eq!(comments.matches("<comment ").count(), expected.len());
    let text_of_1a = &model.dimensions[0].capabilities[0].requirements[0].criteria()[0].text;
    let first_words: String = text_of_1a
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(comments.contains(&first_words), "{first_words}");

    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<pane xSplit="2" ySplit="3" topLeftCell="C4" activePane="bottomRight" state="frozen"/>"#),
        "frozen below the header and right of organization.name"
    );
    // A drop-down list of the model's ratings on every criterion column,
    // over rows 4 to 1003.
    assert_eq!(
        sheet
            .matches(r#"<formula1>"full,largely,partial,none"</formula1>"#)
            .count(),
        criteria.len()
    );
    assert!(sheet.contains(r#"sqref="L4:L1003"><formula1>"full,largely,partial,none""#));
    assert!(sheet.contains(r#"sqref="F4:F1003"><formula1>"self,third-party"</formula1>"#));
    assert!(
        sheet.contains(r#"type="whole" allowBlank="1" showInputMessage="1" showErrorMessage="1""#)
    );
    // One outline group per dimension: every capability column but each
    // dimension's first is grouped.
    assert!(sheet.contains(r#"outlineLevelCol="1""#));
    let grouped: usize = sheet
        .split("<col ")
        .filter(|c| c.contains(r#"outlineLevel="1""#))
        .map(|c| {
            let n = |a: &str| -> usize {
                c.split(&format!(r#"{a}=""#))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            n("max") - n("min") + 1
        })
        .sum();
    assert_eq!(grouped, expected.len() - 11 - model.dimensions.len());

    // The CSV has the same keys, and nothing else.
    let csv = out.path().join("questionnaire.csv");
    let r = questionnaire(site.path(), &csv, &["-q"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(r.stdout(), "", "-q");
    let bytes = fs::read(&csv).unwrap();
    assert!(!bytes.starts_with(b"\xef\xbb\xbf"), "no byte order mark");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches("\r\n").count(), 1, "one row");
    let keys: Vec<&str> = text.trim_end().split(',').collect();
    assert_eq!(keys, *header);
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let site = site_without_assessments();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("q.csv");
    fs::write(&csv, "mine").unwrap();
    let r = questionnaire(site.path(), &csv, &[]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("the file exists already"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().contains("--force"), "{}", r.stderr());
    assert!(r.stderr().contains("q.csv"), "names the file");
    assert_eq!(fs::read_to_string(&csv).unwrap(), "mine");
    let r = questionnaire(site.path(), &csv, &["--force", "--format", "json"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let json: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["criteria"], 233);
    assert!(
        fs::read_to_string(&csv)
            .unwrap()
            .starts_with("organization.id,")
    );
}

#[test]
fn a_wrong_extension_or_site_says_what_to_do() {
    let site = site_without_assessments();
    let out = tempfile::tempdir().unwrap();
    for name in ["q.xls", "q.ods", "q"] {
        let file = out.path().join(name);
        let r = questionnaire(site.path(), &file, &[]);
        assert_eq!(r.code(), 2, "{name}: a usage error");
        assert!(r.stderr().contains(".xlsx or .csv"), "{}", r.stderr());
        assert!(r.stderr().contains(name), "names the file");
        assert!(!file.exists());
    }
    let empty = tempfile::tempdir().unwrap();
    let r = questionnaire(empty.path(), &out.path().join("q.csv"), &[]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("no site.yaml"), "{}", r.stderr());
    site.write("content/model.yaml", "id: m\nname: M\n");
    let r = questionnaire(site.path(), &out.path().join("q.csv"), &[]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("content/model.yaml"), "{}", r.stderr());
    assert!(!out.path().join("q.csv").exists(), "nothing written");
}

/// A CSV questionnaire with one row filled in, put into the assessments
/// folder of a new site, builds, and the row is an assessment.
#[test]
fn a_filled_in_csv_questionnaire_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let r = rungs(&["init".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let csv = site.join("content/assessments/questionnaire.csv");
    let r = questionnaire(&site, &csv, &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let mut text = fs::read_to_string(&csv).unwrap();
    let header: Vec<String> = text.trim_end().split(',').map(str::to_owned).collect();
    let row: Vec<&str> = header
        .iter()
        .map(|key| match key.as_str() {
            "organization.id" => "questionnaire-test",
            "organization.name" => "Questionnaire Test Ltd.",
            "organization.sector" => "chemicals",
            "organization.size" => "small",
            "organization.region" => "eu",
            "period" => "2026",
            "method" => "self",
            "capabilities.organization.evidence" => "Filled in from the questionnaire",
            "target" | "publish" | "assessed_on" | "assessor" | "summary" => "",
            k if k.ends_with(".level") => "1",
            k if k.contains('.') => "",
            _ => "partial",
        })
        .collect();
    text.push_str(&row.join(","));
    text.push_str("\r\n");
    fs::write(&csv, &text).unwrap();

    let public = dir.path().join("public");
    let r = rungs(&[
        "build".as_ref(),
        site.as_os_str(),
        "-o".as_ref(),
        public.as_os_str(),
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let results = fs::read_to_string(public.join("data/results.json")).unwrap();
    assert!(
        results.contains("\"questionnaire-test\""),
        "the row is an assessment"
    );
}

/// A model whose levels require texts gets `level` and `progress`
/// columns, each with its rule: a whole number from 0 to K, and progress
/// below θ with a level (and 0 at K).
#[test]
fn text_levels_get_a_level_and_a_progress_column_with_their_rules() {
    let site = Fixture::worked_example();
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("q.xlsx");
    let r = questionnaire(site.path(), &xlsx, &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = workbook.worksheet_range("Questionnaire").unwrap();
    let header: Vec<String> = range
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    let at = |key: &str| header.iter().position(|k| k == key).unwrap();
    assert_eq!(at("a.progress"), at("a.level") + 1);
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    let cell = |key: &str| format!("{}4", column_letters(u16::try_from(at(key)).unwrap()));
    let (l, p) = (cell("a.level"), cell("a.progress"));
    assert!(sheet.contains(&format!(
        "<formula1>AND(ISNUMBER({p}),ISNUMBER({l}),{p}&gt;=0,{p}&lt;0.8,OR({p}=0,{l}&lt;3))</formula1>"
    )));
    assert!(sheet.contains(&format!(
        r#"sqref="{l}:{}1003"><formula1>0</formula1><formula2>3</formula2>"#,
        &l[..l.len() - 1]
    )));
}

/// A column's letters (0 is `A`), as a spreadsheet names it.
fn column_letters(mut col: u16) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

/// Model texts with control characters, markup and formulas stay text,
/// and every part of the workbook is well-formed XML (a spreadsheet
/// program refuses a file with one bad part).
#[test]
fn hostile_model_texts_stay_text_in_a_well_formed_workbook() {
    let site = Fixture::empty();
    site.write("site.yaml", "title: T\nbase_url: /\n");
    site.write(
        "content/model.yaml",
        r#"id: m
name: "Evil \x01 <model> & \"co\""
ratings: {"ok\x02": 1.0, "=HYPERLINK(\"x\")": 0.0, "a,b": 0.5}
levels: [{number: 1, name: "L\x03"}]
dimensions:
  - id: d
    name: "Dim \x04 </t>"
    capabilities:
      - id: c
        name: "=1+1 \x05 ]]>"
        requirements:
          1: [{id: c-1, text: "Text \x06 <script>alert(1)</script> \uFFFE"}]
"#,
    );
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("q.xlsx");
    let r = questionnaire(site.path(), &xlsx, &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let mut archive = zip::ZipArchive::new(fs::File::open(&xlsx).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{} is not well-formed: {e}", file.name().unwrap());
        }
    }
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = workbook.worksheet_range("Questionnaire").unwrap();
    let label = range.get((1, 11)).unwrap();
    assert!(
        matches!(label, Data::String(s) if s.starts_with("=1+1")),
        "a label is text, never a formula: {label:?}"
    );
    assert!(
        workbook
            .worksheet_formula("Questionnaire")
            .unwrap()
            .is_empty()
    );
}

/// The workbook's layout reads back: its title and label rows above the
/// header are a title, and a row filled in below them (typed as a
/// spreadsheet holds it: numbers, and text for the rest) builds.
#[test]
fn a_filled_in_xlsx_questionnaire_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let r = rungs(&["init".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let empty = dir.path().join("q.xlsx");
    assert_eq!(questionnaire(&site, &empty, &[]).code(), 0);
    let mut workbook: Xlsx<_> = open_workbook(&empty).unwrap();
    let range = workbook.worksheet_range("Questionnaire").unwrap();
    let top: Vec<Vec<String>> = range
        .rows()
        .take(3)
        .map(|row| row.iter().map(Data::to_string).collect())
        .collect();
    // The same workbook's three top rows, and one row of data.
    let mut filled = rust_xlsxwriter::Workbook::new();
    let sheet = filled.add_worksheet();
    sheet.set_name("Questionnaire").unwrap();
    for (r, row) in top.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    for (c, key) in top[2].iter().enumerate() {
        let c = c as u16;
        match key.as_str() {
            "organization.id" => sheet.write_string(3, c, "xlsx-test").map(|_| ()),
            "organization.name" => sheet.write_string(3, c, "Workbook Test Ltd.").map(|_| ()),
            "organization.sector" => sheet.write_string(3, c, "chemicals").map(|_| ()),
            "organization.size" => sheet.write_string(3, c, "small").map(|_| ()),
            "period" => sheet.write_number(3, c, 2026).map(|_| ()),
            k if k.ends_with(".level") => sheet.write_number(3, c, 2).map(|_| ()),
            k if k.contains('.') => Ok(()),
            "" | "method" | "target" | "publish" | "assessed_on" | "assessor" | "summary" => Ok(()),
            _ => sheet.write_string(3, c, "largely").map(|_| ()),
        }
        .unwrap();
    }
    filled
        .save(site.join("content/assessments/questionnaire.xlsx"))
        .unwrap();
    let public = dir.path().join("public");
    let r = rungs(&[
        "build".as_ref(),
        site.as_os_str(),
        "-o".as_ref(),
        public.as_os_str(),
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let results = fs::read_to_string(public.join("data/results.json")).unwrap();
    assert!(
        results.contains("\"xlsx-test\""),
        "the row is an assessment"
    );
    assert!(
        public
            .join("organizations/xlsx-test/2026/index.html")
            .exists()
    );
}
