//! Tables of assessments: a CSV file or a workbook (`.xlsx`, `.ods`) in the
//! assessments folder, one assessment per row (formats.md, "Assessments as
//! tables").
//!
//! A row is turned into the same tree of [`Node`]s an assessment file
//! parses into, its header's dotted keys opened into mappings, and read by
//! [`assessment::read`]: the same rules, the same messages and the same
//! [`Assessment`] as a file, so a row scores and renders byte for byte as
//! the file would. Only the places differ: a problem names the sheet, the
//! cell and its column's header (`sheet "2025", cell F12 (strategy-2a)`).
//!
//! A header is checked once, before any row: a misspelt column is one
//! problem at its header cell, not one per row. Formulas are never
//! evaluated: a formula cell gives the value the spreadsheet saved with
//! it, and one saved without a value is an error.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Reader};
use rayon::prelude::*;

use crate::diag::{Diagnostic, Position, did_you_mean};
use crate::domain::assessment::{ASSESSMENT_KEYS, Assessment, FORM_KEYS, TableRow};
use crate::domain::source::TableFile;
use crate::input::assessment::{self, Context};
use crate::input::yaml::{Doc, Node, Value, level_number, plain_value};

/// The header a table's header row has in some cell: the row that holds
/// it is the header, the rows above it are a title.
pub const ID_HEADER: &str = "organization.id";

/// Rows read between two parallel parses of a CSV file: enough to keep
/// every core busy, few enough that the rows' texts are not all in memory
/// beside the assessments made of them.
const BATCH_ROWS: usize = 4096;

/// What reading a table gave.
#[derive(Debug, Default)]
pub struct TableRead {
    /// Its assessments, in the table's order (sheet by sheet).
    pub assessments: Vec<Assessment>,
    /// Every problem found in it.
    pub problems: Vec<Diagnostic>,
    /// With [`read_as_yaml`]: each assessment as the text of an
    /// assessment file, parallel to `assessments`.
    pub yaml: Vec<String>,
}

/// Reads the assessments of one table, every problem reported. With
/// `fingerprint`, each assessment's `source` is a fingerprint of its
/// header and cells (what `rungs serve` compares between rebuilds).
pub fn read(table: &TableFile, cx: &Context<'_>, fingerprint: bool) -> TableRead {
    read_with(
        table,
        cx,
        Wanted {
            fingerprint,
            yaml: false,
        },
    )
}

/// [`read`], and each row as the text of an assessment file too
/// (`rungs import`): the row's keys nested, every value as the cell gave
/// it (text quoted, numbers as written), and a comment naming the row.
pub fn read_as_yaml(table: &TableFile, cx: &Context<'_>) -> TableRead {
    read_with(
        table,
        cx,
        Wanted {
            fingerprint: false,
            yaml: true,
        },
    )
}

/// What a reading makes besides the assessments.
#[derive(Clone, Copy, Debug)]
struct Wanted {
    /// Each assessment's `source` fingerprint.
    fingerprint: bool,
    /// Each row as YAML.
    yaml: bool,
}

fn read_with(table: &TableFile, cx: &Context<'_>, wanted: Wanted) -> TableRead {
    let mut out = TableRead::default();
    let extension = table.path.rsplit('.').next().unwrap_or("");
    if extension.eq_ignore_ascii_case("csv") {
        read_csv(table, cx, wanted, &mut out);
    } else {
        read_workbook(table, cx, wanted, &mut out);
    }
    out
}

/// One cell's content as the reader sees it.
#[derive(Clone, Debug)]
struct Cell {
    /// The column, from 1.
    column: usize,
    /// The text the cell shows (trimmed): what a message quotes and what
    /// a number is read back from exactly (`2025.10`).
    text: String,
    /// Its value, or why it has none (message and help).
    value: Result<Value, (String, String)>,
}

/// One row: its number (from 1) and its non-empty cells, by column.
#[derive(Clone, Debug)]
struct RawRow {
    number: usize,
    cells: Vec<Cell>,
}

/// A cell of text, read as a plain YAML value reads: `3` is a number,
/// `true` a boolean, `partial` a text, nothing at all an absent key.
fn text_cell(column: usize, text: &str) -> Option<Cell> {
    let text = text.trim();
    (!text.is_empty()).then(|| Cell {
        column,
        text: text.to_owned(),
        value: Ok(plain_value(text)),
    })
}

fn read_csv(table: &TableFile, cx: &Context<'_>, wanted: Wanted, out: &mut TableRead) {
    let bytes = table
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&table.bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut sheet = SheetReader::new(&table.path, None, cx, wanted);
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                number += 1;
                let cells = record
                    .iter()
                    .enumerate()
                    .filter_map(|(i, text)| text_cell(i + 1, text))
                    .collect();
                sheet.push(RawRow { number, cells }, out);
            }
            Err(e) => {
                let row = number + 1;
                let (message, help) = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => (
                        "the row is not UTF-8 text".to_owned(),
                        "save the file as UTF-8 (in Excel: \"CSV UTF-8\"), or use the .xlsx workbook"
                            .to_owned(),
                    ),
                    _ => (
                        format!("cannot read the file: {e}"),
                        "check that this is a CSV file".to_owned(),
                    ),
                };
                out.problems.push(
                    Diagnostic::in_file(&table.path, message)
                        .with_help(help)
                        .in_table(None, row, 0),
                );
                // A CSV reader cannot find the next row after a broken one
                // reliably: what follows is not read.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
                number = row;
            }
        }
    }
    sheet.finish(out);
}

/// The separator of a CSV file: the one of `,`, `;` and tab the header
/// line holds most often (a spreadsheet set to a European locale writes
/// `;`), `,` when the header cannot be found.
fn delimiter(bytes: &[u8]) -> u8 {
    let Some(at) = memchr::memmem::find(bytes, ID_HEADER.as_bytes()) else {
        return b',';
    };
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let line = &bytes[start..end];
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let mut best = b',';
    for d in [b';', b'\t'] {
        if count(d) > count(best) {
            best = d;
        }
    }
    best
}

fn read_workbook(table: &TableFile, cx: &Context<'_>, wanted: Wanted, out: &mut TableRead) {
    let mut workbook = match calamine::open_workbook_auto_from_rs(Cursor::new(&table.bytes[..])) {
        Ok(w) => w,
        Err(e) => {
            out.problems.push(
                Diagnostic::in_file(&table.path, format!("cannot read the workbook: {e}"))
                    .with_help("save it again as an Excel (.xlsx) or OpenDocument (.ods) workbook"),
            );
            return;
        }
    };
    for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                out.problems.push(
                    Diagnostic::in_file(&table.path, format!("cannot read the sheet: {e}"))
                        .with_help("save the workbook again from a spreadsheet program")
                        .in_sheet(&name),
                );
                continue;
            }
        };
        // Formula cells the file holds no value for: the spreadsheet
        // program that wrote it did not compute them.
        let unsaved: HashMap<(u32, u32), String> = workbook
            .worksheet_formula(&name)
            .ok()
            .map(|formulas| {
                formulas
                    .used_cells()
                    .filter(|(_, _, f)| !f.trim().is_empty())
                    .filter_map(|(r, c, f)| {
                        let (r0, c0) = formulas.start().unwrap_or((0, 0));
                        let at = (r0 + r as u32, c0 + c as u32);
                        let saved = range.get_value(at).is_some_and(|v| *v != Data::Empty);
                        (!saved).then(|| (at, f.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut sheet = SheetReader::new(&table.path, Some(&name), cx, wanted);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut positions: HashSet<(u32, u32)> = HashSet::new();
        for (i, row) in range.rows().enumerate() {
            let r = r0 + i as u32;
            let mut cells = Vec::new();
            for (j, data) in row.iter().enumerate() {
                let c = c0 + j as u32;
                let column = c as usize + 1;
                if let Some(formula) = unsaved.get(&(r, c)) {
                    positions.insert((r, c));
                    cells.push(unsaved_formula(column, formula));
                } else if let Some(cell) = workbook_cell(column, data) {
                    cells.push(cell);
                }
            }
            sheet.push(
                RawRow {
                    number: r as usize + 1,
                    cells,
                },
                out,
            );
        }
        // A formula outside the cells that hold values (a whole row or
        // column of formulas without any): reported once the header is
        // known, as the other cells are.
        let mut outside: Vec<_> = unsaved
            .iter()
            .filter(|(at, _)| !positions.contains(at))
            .collect();
        outside.sort();
        for (&(r, c), formula) in outside {
            sheet.push(
                RawRow {
                    number: r as usize + 1,
                    cells: vec![unsaved_formula(c as usize + 1, formula)],
                },
                out,
            );
        }
        sheet.finish(out);
    }
}

/// A formula cell saved without its value.
fn unsaved_formula(column: usize, formula: &str) -> Cell {
    Cell {
        column,
        text: format!("={}", formula.trim_start_matches('=')),
        value: Err((
            format!(
                "the formula `={}` has no saved value",
                formula.trim_start_matches('=')
            ),
            "rungs reads the value a spreadsheet saved with a formula and never computes one: \
             open the workbook in a spreadsheet program, let it calculate and save it, or \
             replace the formula by its value"
                .to_owned(),
        )),
    }
}

/// A workbook's cell as a [`Cell`]: a number is an integer when whole (so
/// `2025` is the period `2025`, not `2025.0`), a date is written
/// `YYYY-MM-DD`, text is read as [`text_cell`] reads it.
fn workbook_cell(column: usize, data: &Data) -> Option<Cell> {
    let cell = |text: String, value: Value| Cell {
        column,
        text,
        value: Ok(value),
    };
    Some(match data {
        Data::Empty => return None,
        Data::String(s) => return text_cell(column, s),
        Data::Int(i) => cell(i.to_string(), Value::Int(*i)),
        // Below 2^53 every whole float is exactly an integer.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            let i = *f as i64;
            cell(i.to_string(), Value::Int(i))
        }
        Data::Float(f) => cell(f.to_string(), Value::Float(*f)),
        Data::Bool(b) => cell(b.to_string(), Value::Bool(*b)),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            let text = if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            };
            cell(text.clone(), Value::Str(text))
        }
        Data::DateTime(dt) => Cell {
            column,
            text: dt.as_f64().to_string(),
            value: Err((
                "the cell holds a duration".to_owned(),
                "format the cell as a number or as text".to_owned(),
            )),
        },
        Data::DateTimeIso(s) => {
            let text = s.strip_suffix("T00:00:00").unwrap_or(s).to_owned();
            cell(text.clone(), Value::Str(text))
        }
        Data::DurationIso(s) => cell(s.clone(), Value::Str(s.clone())),
        Data::Error(e) => Cell {
            column,
            text: e.to_string(),
            value: Err((
                format!("the cell holds the error {e}"),
                "correct the formula or the value in the spreadsheet".to_owned(),
            )),
        },
    })
}

/// What a column's header names: the key path of its values in an
/// assessment, in long form (`capabilities.strategy.criteria.strategy-1a`).
type KeyPathOf = Vec<String>;

/// Reads one sheet (or a CSV file) row by row: the title rows, the header,
/// then the data, parsed in batches on every core.
struct SheetReader<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    cx: &'a Context<'a>,
    wanted: Wanted,
    /// The header, once found: each column's text and key path, and
    /// whether it is usable (no problem in any header cell).
    header: Option<Header>,
    /// Whether any row held anything.
    any_content: bool,
    batch: Vec<RawRow>,
}

/// A sheet's header row, checked.
struct Header {
    /// The header's row, from 1.
    row: usize,
    /// Each column's header text, by column from 1 (index 0 is column 1;
    /// empty where a column has none).
    texts: Vec<String>,
    /// Each column's key path, where its header gives one.
    paths: Vec<Option<KeyPathOf>>,
    /// Whether the header had problems: then no data row is read.
    broken: bool,
}

impl<'a> SheetReader<'a> {
    fn new(file: &'a str, sheet: Option<&'a str>, cx: &'a Context<'a>, wanted: Wanted) -> Self {
        SheetReader {
            file,
            sheet,
            cx,
            wanted,
            header: None,
            any_content: false,
            batch: Vec::new(),
        }
    }

    fn problem(&self, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::in_file(self.file, message).with_help(help);
        match self.sheet {
            Some(sheet) => d.in_sheet(sheet),
            None => d,
        }
    }

    /// Takes the next row.
    fn push(&mut self, row: RawRow, out: &mut TableRead) {
        if row.cells.is_empty() {
            return;
        }
        self.any_content = true;
        match &self.header {
            None => {
                if row.cells.iter().any(|c| c.text == ID_HEADER) {
                    self.header = Some(self.read_header(&row, out));
                }
            }
            Some(header) if header.broken => {}
            Some(_) => {
                self.batch.push(row);
                if self.batch.len() >= BATCH_ROWS {
                    self.parse_batch(out);
                }
            }
        }
    }

    /// Parses the rows taken and not yet parsed; reports a sheet with
    /// content but no header.
    fn finish(mut self, out: &mut TableRead) {
        self.parse_batch(out);
        if self.header.is_none() && self.any_content {
            let what = match self.sheet {
                Some(_) => "the sheet has no header row",
                None => "the file has no header row",
            };
            out.problems.push(self.problem(
                format!("{what}: no cell reads `{ID_HEADER}`"),
                format!(
                    "a table of assessments has a header row of keys, `{ID_HEADER}` among them (`rungs questionnaire` writes one); {}",
                    if self.sheet.is_some() {
                        "a sheet of something else belongs in another workbook"
                    } else {
                        "check that this is a table of assessments"
                    }
                ),
            ));
        }
    }

    fn read_header(&self, row: &RawRow, out: &mut TableRead) -> Header {
        let width = row.cells.iter().map(|c| c.column).max().unwrap_or(0);
        let mut texts = vec![String::new(); width];
        let mut paths: Vec<Option<KeyPathOf>> = vec![None; width];
        let mut broken = false;
        let mut seen: HashMap<KeyPathOf, usize> = HashMap::new();
        let candidates = candidates(self.cx);
        for cell in &row.cells {
            texts[cell.column - 1].clone_from(&cell.text);
            let at = |d: Diagnostic| {
                d.with_key_path(cell.text.clone())
                    .in_table(self.sheet, row.number, cell.column)
            };
            match key_path_of(&cell.text, self.cx, &candidates) {
                Ok(path) => {
                    if let Some(&first) = seen.get(&path) {
                        out.problems.push(at(Diagnostic::in_file(
                            self.file,
                            format!(
                                "column {} gives the same key as column {} (`{}`)",
                                crate::diag::column_name(cell.column),
                                crate::diag::column_name(first),
                                texts[first - 1]
                            ),
                        )
                        .with_help("keep one of the two columns")));
                        broken = true;
                    } else {
                        seen.insert(path.clone(), cell.column);
                        paths[cell.column - 1] = Some(path);
                    }
                }
                Err((message, help)) => {
                    out.problems
                        .push(at(Diagnostic::in_file(self.file, message).with_help(help)));
                    broken = true;
                }
            }
        }
        let has = |path: &[&str]| {
            seen.keys()
                .any(|p| p.iter().map(String::as_str).eq(path.iter().copied()))
        };
        let whole_row = |d: Diagnostic| d.in_table(self.sheet, row.number, 0);
        for required in ["organization.name", "period"] {
            let path: Vec<&str> = required.split('.').collect();
            if !has(&path) {
                out.problems.push(whole_row(
                    Diagnostic::in_file(self.file, format!("no column `{required}`"))
                        .with_help(format!("every assessment has `{required}`: add the column")),
                ));
                broken = true;
            }
        }
        let missing: Vec<&str> = self
            .cx
            .index
            .capability_ids
            .iter()
            .filter(|cap| {
                !seen
                    .keys()
                    .any(|p| p.len() > 2 && p[0] == "capabilities" && p[1] == **cap)
            })
            .map(String::as_str)
            .collect();
        if let Some(first) = missing.first() {
            out.problems.push(whole_row(
                Diagnostic::in_file(
                    self.file,
                    format!(
                        "no column for capabilit{} {}",
                        if missing.len() == 1 { "y" } else { "ies" },
                        missing.join(", ")
                    ),
                )
                .with_help(format!(
                    "every capability of the model is assessed in every row: add its columns, such as `{}` (`rungs questionnaire` writes them all)",
                    header_of(first, "level")
                )),
            ));
            broken = true;
        }
        Header {
            row: row.number,
            texts,
            paths,
            broken,
        }
    }

    fn parse_batch(&mut self, out: &mut TableRead) {
        let Some(header) = &self.header else {
            return;
        };
        let rows = std::mem::take(&mut self.batch);
        let (file, sheet, cx, wanted) = (self.file, self.sheet, self.cx, self.wanted);
        let results: Vec<RowRead> = rows
            .into_par_iter()
            .map(|row| parse_row(file, sheet, header, &row, cx, wanted))
            .collect();
        for result in results {
            match result {
                Ok((a, yaml)) => {
                    out.assessments.push(a);
                    out.yaml.extend(yaml);
                }
                Err(p) => out.problems.extend(p),
            }
        }
    }
}

/// The header of a capability's `field` column as `rungs questionnaire`
/// writes it: short, or long when the capability's id is a top-level key.
fn header_of(capability: &str, field: &str) -> String {
    if ASSESSMENT_KEYS.contains(&capability) {
        format!("capabilities.{capability}.{field}")
    } else {
        format!("{capability}.{field}")
    }
}

/// Every header a table of the model may have, for suggestions.
fn candidates(cx: &Context<'_>) -> Vec<String> {
    let mut all: Vec<String> = ["organization.id", "organization.name"]
        .into_iter()
        .map(str::to_owned)
        .chain(
            ASSESSMENT_KEYS
                .iter()
                .filter(|k| !matches!(**k, "organization" | "capabilities"))
                .map(|k| (*k).to_owned()),
        )
        .collect();
    for (_, cap) in cx.model.capabilities() {
        for field in FORM_KEYS
            .iter()
            .filter(|f| !matches!(**f, "levels" | "criteria"))
        {
            all.push(header_of(&cap.id, field));
        }
        for crit in cap.requirements.iter().flat_map(|r| r.criteria()) {
            all.push(crit.id.clone());
        }
    }
    all
}

/// The key path a header names, in long form; or what is wrong with it.
fn key_path_of(
    header: &str,
    cx: &Context<'_>,
    candidates: &[String],
) -> Result<KeyPathOf, (String, String)> {
    let segments: Vec<&str> = header.split('.').collect();
    let owned = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let unknown = || {
        let help = did_you_mean(header, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
            "a header is a key of the assessment format with dots: `organization.<field>`, \
             `period`, `<capability>.level`, `<criterion-id>`... (formats.md, \"Assessments as tables\")"
                .to_owned()
        });
        (format!("unknown column `{header}`"), help)
    };
    match segments.as_slice() {
        ["organization", field] => {
            if crate::text::slug::is_id(field) {
                Ok(owned(&segments))
            } else {
                Err((
                    format!("`{field}` is not a valid id for an organisation's attribute"),
                    format!(
                        "attributes use lowercase letters, digits and hyphens, such as `organization.{}`",
                        crate::text::slug::suggest_id(field)
                    ),
                ))
            }
        }
        [key]
            if ASSESSMENT_KEYS.contains(key)
                && !matches!(*key, "organization" | "capabilities") =>
        {
            Ok(owned(&segments))
        }
        ["capabilities", capability, rest @ ..] => {
            capability_field(capability, rest, header, cx, candidates)
        }
        [criterion] => match cx.index.criterion(criterion) {
            Some(ci) => {
                let capability = &cx.index.capability_ids[ci.capability.flat];
                Ok(owned(&["capabilities", capability, "criteria", criterion]))
            }
            None => Err(unknown()),
        },
        [capability, rest @ ..] if cx.index.capability(capability).is_some() => {
            capability_field(capability, rest, header, cx, candidates)
        }
        _ => Err(unknown()),
    }
}

/// The key path of a capability's column: `rest` is what follows the
/// capability's id in the header.
fn capability_field(
    capability: &str,
    rest: &[&str],
    header: &str,
    cx: &Context<'_>,
    candidates: &[String],
) -> Result<KeyPathOf, (String, String)> {
    let Some(ci) = cx.index.capability(capability) else {
        let help = did_you_mean(
            capability,
            cx.index.capability_ids.iter().map(String::as_str),
        )
        .unwrap_or_else(|| format!("the model `{}` has no such capability", cx.model.id));
        return Err((
            format!("unknown capability `{capability}` in column `{header}`"),
            help,
        ));
    };
    let path = |tail: &[&str]| {
        ["capabilities", capability]
            .iter()
            .chain(tail)
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
    };
    let max = cx.model.max_level();
    match rest {
        [field] if FORM_KEYS.contains(field) && !matches!(*field, "levels" | "criteria") => {
            Ok(path(rest))
        }
        ["levels", k] => match level_number(k) {
            Some(l) if (1..=max).contains(&l) => Ok(path(rest)),
            _ => Err((
                format!("`{k}` is not a level of the model in column `{header}`"),
                format!("satisfaction is given for levels 1 to {max}, such as `{capability}.levels.1`"),
            )),
        },
        ["criteria", criterion] => match cx.index.criterion(criterion) {
            Some(c) if c.capability.flat == ci.flat => Ok(path(rest)),
            _ => Err((
                format!("`{criterion}` is not a criterion of capability `{capability}`"),
                did_you_mean(header, candidates.iter().map(String::as_str))
                    .unwrap_or_else(|| "check the criterion's id in the model".to_owned()),
            )),
        },
        _ => Err((
            format!("unknown column `{header}`"),
            did_you_mean(header, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
                format!(
                    "a capability's columns are `{0}.level`, `{0}.progress`, `{0}.levels.<n>`, `{0}.not_applicable`, `{0}.reason`, `{0}.evidence` and its criteria's ids",
                    capability
                )
            }),
        )),
    }
}

/// What one row gave: its assessment (and its YAML, when wanted), or its
/// problems.
type RowRead = Result<(Assessment, Option<String>), Vec<Diagnostic>>;

/// Parses one data row into an assessment.
fn parse_row(
    file: &str,
    sheet: Option<&str>,
    header: &Header,
    row: &RawRow,
    cx: &Context<'_>,
    wanted: Wanted,
) -> RowRead {
    let mut problems = Vec::new();
    // The cells' texts, one after the other: the values' byte ranges
    // point into it, so a number is read back as written.
    let mut source = String::new();
    let mut root = Node {
        value: Value::Map(Vec::new()),
        position: Position {
            line: row.number,
            column: 0,
        },
        bytes: None,
    };
    for cell in &row.cells {
        let at = |d: Diagnostic| {
            let key = header.texts.get(cell.column - 1).filter(|t| !t.is_empty());
            match key {
                Some(k) => d.with_key_path(k.clone()),
                None => d,
            }
            .in_table(sheet, row.number, cell.column)
        };
        let Some(Some(path)) = header.paths.get(cell.column - 1) else {
            problems.push(at(Diagnostic::in_file(
                file,
                format!("the cell `{}` has no header above it", cell.text),
            )
            .with_help(format!(
                "give column {} a header in row {}, or clear the cell",
                crate::diag::column_name(cell.column),
                header.row
            ))));
            continue;
        };
        let value = match &cell.value {
            Ok(v) => v.clone(),
            Err((message, help)) => {
                problems.push(at(
                    Diagnostic::in_file(file, message.clone()).with_help(help.clone())
                ));
                continue;
            }
        };
        let start = source.len();
        source.push_str(&cell.text);
        let leaf = Node {
            value,
            position: Position {
                line: row.number,
                column: cell.column,
            },
            bytes: Some((start, cell.text.len())),
        };
        source.push('\n');
        insert(&mut root, path, leaf, cell.column);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut doc = Doc::table_row(file, &source, sheet, &header.texts);
    match assessment::read(&mut doc, &root, cx) {
        Some(mut a) if !doc.has_problems() => {
            a.row = Some(TableRow {
                sheet: sheet.map(str::to_owned),
                row: row.number,
            });
            if wanted.fingerprint {
                let mut f = crate::domain::fingerprint::Fingerprint::new();
                for text in &header.texts {
                    f.bytes(text.as_bytes());
                }
                for cell in &row.cells {
                    f.number(cell.column as u64).bytes(cell.text.as_bytes());
                }
                a.source = Some(f.finish());
            }
            let yaml = wanted.yaml.then(|| {
                let origin = format!(
                    "# imported by rungs from {file}, {}",
                    crate::diag::table_place(sheet, row.number, 0)
                );
                // A sheet's name may hold a line break: it stays in the comment.
                let mut text: String = origin
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                text.push('\n');
                push_yaml(&mut text, &root, &source, 0);
                text
            });
            Ok((a, yaml))
        }
        _ => Err(doc.into_problems()),
    }
}

/// Puts `leaf` into the mapping `node` at `path`, opening mappings on the
/// way. A key stands at the cell of `column` that first gave it (the
/// header's problems are found before any row is read, so what is wrong
/// with a key here is wrong in this row); a mapping made on the way
/// stands for the whole row.
fn insert(node: &mut Node, path: &[String], leaf: Node, column: usize) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let row = node.position.line;
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    let i = match entries
        .iter()
        .position(|(k, _)| matches!(&k.value, Value::Str(s) if s == first))
    {
        Some(i) => i,
        None => {
            let key = Node {
                value: Value::Str(first.clone()),
                position: Position { line: row, column },
                bytes: None,
            };
            let value = Node {
                value: Value::Map(Vec::new()),
                position: Position {
                    line: row,
                    column: 0,
                },
                bytes: None,
            };
            entries.push((key, value));
            entries.len() - 1
        }
    };
    if rest.is_empty() {
        entries[i].1 = leaf;
    } else {
        insert(&mut entries[i].1, rest, leaf, column);
    }
}

/// Writes the mapping `node` as block YAML at `depth`: keys that are ids
/// or level numbers as they are, other keys and every text in double
/// quotes (JSON's escapes are YAML's), numbers and booleans as the cell
/// gave them.
fn push_yaml(out: &mut String, node: &Node, source: &str, depth: usize) {
    let Value::Map(entries) = &node.value else {
        return;
    };
    for (key, value) in entries {
        out.push_str(&"  ".repeat(depth));
        match &key.value {
            Value::Str(k) if crate::text::slug::is_id(k) => out.push_str(k),
            Value::Str(k) => out.push_str(&quoted(k)),
            _ => {}
        }
        out.push(':');
        match &value.value {
            Value::Map(_) => {
                out.push('\n');
                push_yaml(out, value, source, depth + 1);
            }
            scalar => {
                out.push(' ');
                let written = value
                    .bytes
                    .and_then(|(start, len)| source.get(start..start + len));
                match scalar {
                    Value::Str(s) => out.push_str(&quoted(s)),
                    Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    Value::Null => out.push_str("null"),
                    _ => out.push_str(written.unwrap_or("null")),
                }
                out.push('\n');
            }
        }
    }
}

/// `text` as a double-quoted YAML scalar.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The cells of the assessment file `text` as a row of a table, the
/// inverse of [`read_as_yaml`]: (header, text) pairs in the file's order,
/// headers in the short form a questionnaire uses (the long form for a
/// capability or criterion named like a top-level key), numbers as the
/// file writes them. Only the YAML is parsed, not the assessment: a file
/// that does not parse is the one problem.
pub fn row_of_file(file: &str, text: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let root = crate::input::yaml::parse(file, text)?;
    let mut cells = Vec::new();
    flatten(&root, text, &mut Vec::new(), &mut cells);
    Ok(cells)
}

fn flatten(node: &Node, source: &str, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    let text = match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                let k = match &key.value {
                    Value::Str(k) => k.clone(),
                    // A level number: `levels: {1: 1.0}`.
                    Value::Int(i) => i.to_string(),
                    _ => continue,
                };
                path.push(k);
                flatten(value, source, path, out);
                path.pop();
            }
            return;
        }
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => node
            .bytes
            .and_then(|(start, len)| source.get(start..start + len))
            .map_or_else(|| f.to_string(), str::to_owned),
        Value::Null | Value::Seq(_) => return,
    };
    let long = |id: &str| ASSESSMENT_KEYS.contains(&id);
    let header = match path
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["capabilities", cap, "criteria", criterion] if !long(criterion) => (*criterion).to_owned(),
        ["capabilities", cap, rest @ ..] if !long(cap) => format!("{cap}.{}", rest.join(".")),
        other => other.join("."),
    };
    out.push((header, text));
}
