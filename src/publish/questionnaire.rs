//! `rungs questionnaire`: an empty table of a site's model for assessors
//! to fill in, one row per organisation and period, which reads back as
//! assessments when it is put into the assessments folder (formats.md,
//! "A questionnaire to fill in").
//!
//! [`plan`] decides what the questionnaire holds (its columns, with their
//! keys, labels, notes and rules, and the dimensions they belong to);
//! [`to_csv`] and [`to_xlsx`] encode that plan as bytes. Nothing here
//! touches the file system.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, XlsxError,
    utility::row_col_to_cell,
};

use crate::domain::config::SiteConfig;
use crate::domain::model::{Capability, Model, Requirement};
use crate::text::markdown;

/// The top-level keys of an assessment. A capability or criterion whose id
/// is one of them gets the long form of its header
/// (`capabilities.<capability>.<field>`,
/// `capabilities.<capability>.criteria.<criterion>`), so that no header
/// can be read two ways.
pub use crate::domain::assessment::ASSESSMENT_KEYS as TOP_LEVEL_KEYS;

/// The longest note a header cell gets, in characters (a spreadsheet
/// holds about 32,000 in one; a criterion's text is far shorter).
const MAX_NOTE_CHARS: usize = 8_000;

/// An empty questionnaire: what each column holds, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Questionnaire {
    /// The model's name and version, as the title of the table.
    pub title: String,
    /// The columns, in order: the assessment's own keys, then every
    /// capability's in model order.
    pub columns: Vec<Column>,
    /// Each dimension of the model with the columns of its capabilities.
    pub dimensions: Vec<Span>,
}

/// One column of the questionnaire.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Its header: the assessment key flattened with dots
    /// (`organization.id`, `strategy.level`) or a criterion id.
    pub key: String,
    /// What the column asks, in words, for people (`Supply chain
    /// strategy · L2 · strategy-2a`).
    pub label: String,
    /// A longer explanation: the criterion's text, what each level
    /// requires, what may be written.
    pub note: String,
    /// What a cell may hold.
    pub rule: Rule,
    /// What kind of value it holds, for its width and cell format.
    pub kind: Kind,
}

/// What a cell of a column may hold (an empty cell is always allowed: it
/// is an absent key).
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Anything.
    Any,
    /// A rating name of the model (or, as the format allows, a number
    /// from 0 to 1).
    Rating(Vec<String>),
    /// One of `values`; when not `strict`, others are allowed too (known
    /// values of an attribute).
    OneOf {
        /// The values, in order.
        values: Vec<String>,
        /// Whether only these are allowed.
        strict: bool,
    },
    /// A whole number from `min` to `max`.
    Whole {
        /// The smallest allowed.
        min: u32,
        /// The largest allowed.
        max: u32,
    },
    /// Progress toward the next level: from 0 up to, not including,
    /// `below` (the model's threshold), and 0 at the top level.
    Progress {
        /// The model's threshold θ.
        below: f64,
        /// K, the model's highest level.
        top: u32,
        /// The index of the capability's `level` column.
        level: usize,
    },
}

/// What kind of value a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An id or a short value, kept as text (`organization.id`, an
    /// attribute).
    Id,
    /// A name.
    Name,
    /// A short text that a spreadsheet must not turn into a number or a
    /// date (`period`, `assessed_on`).
    Short,
    /// A line of text.
    Text,
    /// Markdown: summary, reason, evidence.
    Markdown,
    /// A criterion's rating.
    Rating,
    /// A whole or decimal number.
    Number,
    /// A choice among a few words (`method`, `publish`, `not_applicable`).
    Choice,
}

/// A dimension of the model over the columns of its capabilities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The dimension's name.
    pub name: String,
    /// The index of its first column.
    pub first: usize,
    /// The index of its last column.
    pub last: usize,
}

/// The questionnaire of `model` for the site `config` describes: its
/// benchmark cohorts become organisation columns, and its labels name them.
pub fn plan(model: &Model, config: &SiteConfig) -> Questionnaire {
    let k = model.max_level();
    let mut columns = vec![
        column(
            "organization.id",
            "Organisation id (required; the same in every period)",
            "Required. Lower-case letters, digits and hyphens (acme-components), the same in \
             every period: it links the organisation's assessments into one history.",
            Rule::Any,
            Kind::Id,
        ),
        column(
            "organization.name",
            "Organisation name (required)",
            "Required. Any text.",
            Rule::Any,
            Kind::Name,
        ),
    ];
    for attribute in &config.benchmark.cohorts {
        let values: Vec<String> = config
            .labels
            .0
            .get(attribute)
            .map(|l| l.values.keys().cloned().collect())
            .unwrap_or_default();
        let mut note = format!(
            "The organisation's {attribute}: the benchmarks compare organisations with the \
             same value."
        );
        if !values.is_empty() {
            note.push_str(&format!(" Values so far: {}.", values.join(", ")));
        }
        let rule = if values.is_empty() {
            Rule::Any
        } else {
            Rule::OneOf {
                values,
                strict: false,
            }
        };
        columns.push(column(
            &format!("organization.{attribute}"),
            config.labels.attribute(attribute),
            &note,
            rule,
            Kind::Id,
        ));
    }
    let publishing = if config.publish_reports {
        "published"
    } else {
        "not published"
    };
    columns.extend([
        column(
            "period",
            "Period (required), such as 2025",
            "Required, such as 2025 or 2025-h2: letters, digits, '.', '_' and '-'. One row per \
             organisation and period.",
            Rule::Any,
            Kind::Short,
        ),
        column(
            "method",
            "Method: self or third-party",
            "Optional: self (a self-assessment) or third-party (an independent assessor).",
            Rule::OneOf {
                values: vec!["self".into(), "third-party".into()],
                strict: true,
            },
            Kind::Choice,
        ),
        column(
            "target",
            &format!("Target level, 1 to {k}"),
            &format!(
                "Optional: the level (1 to {k}) the roadmap aims at; empty: the site's default."
            ),
            Rule::Whole { min: 1, max: k },
            Kind::Number,
        ),
        column(
            "publish",
            "Publish: TRUE or FALSE",
            &format!(
                "Optional: TRUE gives the assessment a public report, FALSE keeps it out of \
                 the reports (it still counts in the benchmarks); empty: the site's default \
                 ({publishing})."
            ),
            Rule::OneOf {
                values: vec!["TRUE".into(), "FALSE".into()],
                strict: true,
            },
            Kind::Choice,
        ),
        column(
            "assessed_on",
            "Assessed on, YYYY-MM-DD",
            "Optional: the date of the assessment, written YYYY-MM-DD.",
            Rule::Any,
            Kind::Short,
        ),
        column(
            "assessor",
            "Assessor",
            "Optional: who assessed.",
            Rule::Any,
            Kind::Text,
        ),
        column(
            "summary",
            "Summary (Markdown)",
            "Optional Markdown, shown at the top of the report.",
            Rule::Any,
            Kind::Markdown,
        ),
    ]);
    let ratings: Vec<String> = model.ratings.iter().map(|r| r.name.clone()).collect();
    let mut dimensions = Vec::new();
    for dimension in &model.dimensions {
        let first = columns.len();
        for capability in &dimension.capabilities {
            capability_columns(model, capability, &ratings, &mut columns);
        }
        dimensions.push(Span {
            name: dimension.name.clone(),
            first,
            last: columns.len() - 1,
        });
    }
    let title = match &model.version {
        Some(v) => format!("{} {v}", model.name),
        None => model.name.clone(),
    };
    Questionnaire {
        title,
        columns,
        dimensions,
    }
}

/// The columns of one capability: `level` and `progress` when a level
/// requires a text, one per criterion when a level has criteria (both for
/// a capability with some of each, to fill in one or the other), then
/// `not_applicable`, `reason` and `evidence`.
fn capability_columns(
    model: &Model,
    capability: &Capability,
    ratings: &[String],
    columns: &mut Vec<Column>,
) {
    let k = model.max_level();
    let id = capability.id.as_str();
    let name = capability.name.as_str();
    let long = TOP_LEVEL_KEYS.contains(&id);
    let field = |f: &str| {
        if long {
            format!("capabilities.{id}.{f}")
        } else {
            format!("{id}.{f}")
        }
    };
    let texts: Vec<String> = capability
        .requirements
        .iter()
        .zip(1..)
        .filter_map(|(r, level)| match r {
            Requirement::Text(text) => Some(format!(
                "L{level} {}: {}",
                model.level_name(level),
                markdown::to_plain_text(text)
            )),
            Requirement::Criteria(_) => None,
        })
        .collect();
    if !texts.is_empty() {
        let level = columns.len();
        columns.push(column(
            &field("level"),
            &format!("{name} · level, 0 to {k}"),
            &format!(
                "The level achieved, 0 to {k}. What each level requires:\n{}",
                texts.join("\n")
            ),
            Rule::Whole { min: 0, max: k },
            Kind::Number,
        ));
        columns.push(column(
            &field("progress"),
            &format!("{name} · progress, 0 to under {}", model.threshold),
            &format!(
                "Optional: progress toward the next level, from 0 up to (not including) {}; \
                 empty at level {k}.",
                model.threshold
            ),
            Rule::Progress {
                below: model.threshold,
                top: k,
                level,
            },
            Kind::Number,
        ));
    }
    for (requirement, level) in capability.requirements.iter().zip(1..) {
        for criterion in requirement.criteria() {
            let key = if TOP_LEVEL_KEYS.contains(&criterion.id.as_str()) {
                format!("capabilities.{id}.criteria.{}", criterion.id)
            } else {
                criterion.id.clone()
            };
            columns.push(column(
                &key,
                &format!("{name} · L{level} · {}", criterion.id),
                &markdown::to_plain_text(&criterion.text),
                Rule::Rating(ratings.to_vec()),
                Kind::Rating,
            ));
        }
    }
    columns.extend([
        column(
            &field("not_applicable"),
            &format!("{name} · not applicable: TRUE"),
            "TRUE when the capability does not apply to the organisation: it is then left \
             out of every score, and its other cells stay empty.",
            Rule::OneOf {
                values: vec!["TRUE".into()],
                strict: true,
            },
            Kind::Choice,
        ),
        column(
            &field("reason"),
            &format!("{name} · why not applicable"),
            "Optional, with not applicable: why it does not apply (Markdown).",
            Rule::Any,
            Kind::Markdown,
        ),
        column(
            &field("evidence"),
            &format!("{name} · evidence (Markdown)"),
            "Optional Markdown, shown on the report.",
            Rule::Any,
            Kind::Markdown,
        ),
    ]);
}

/// The questionnaire as CSV: its header row alone (UTF-8, no byte order
/// mark, CRLF line ends as RFC 4180 has them), one row to add per
/// organisation and period.
pub fn to_csv(q: &Questionnaire) -> Vec<u8> {
    let mut out = String::new();
    super::export::write_row(&mut out, q.columns.iter().map(|c| c.key.as_str()));
    out.into_bytes()
}

/// The row of the title (0-based, as in [`to_xlsx`]'s sheet).
pub const TITLE_ROW: u32 = 0;
/// The row of the labels, above the header: still a title row to a
/// reader, as its first cell is not `organization.id`.
pub const LABEL_ROW: u32 = 1;
/// The header row: the keys.
pub const HEADER_ROW: u32 = 2;
/// The first row of data.
pub const FIRST_DATA_ROW: u32 = 3;
/// How many rows below the header get the columns' rules.
pub const DATA_ROWS: u32 = 1000;

/// The questionnaire as an Excel workbook of one sheet: the title and an
/// instruction in row 1 (with each dimension's name above its first
/// column), the labels in row 2, the keys in row 3 (bold, each with its
/// note), data from row 4. The three rows and the organisation's id and
/// name are frozen; each dimension's columns but its first form an
/// outline group, to fold it away; every column's [`Rule`] is a data
/// validation over [`DATA_ROWS`] rows; text columns are formatted as text,
/// so that a spreadsheet keeps `2025.10` and `2025-06-30` as typed. The
/// same plan gives the same bytes (the creation date is fixed).
pub fn to_xlsx(q: &Questionnaire) -> Result<Vec<u8>, String> {
    xlsx(q).map_err(|e| format!("cannot encode the questionnaire as xlsx: {e}"))
}

fn xlsx(q: &Questionnaire) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} questionnaire", q.title))
            .set_author("rungs")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Questionnaire")?;
    let title = Format::new().set_bold().set_font_size(13);
    let dimension = Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0x1F3864));
    let label = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(0x404040))
        .set_background_color(Color::RGB(0xF2F2F2));
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Medium);
    let text = Format::new().set_num_format("@");
    sheet.write_string_with_format(
        TITLE_ROW,
        0,
        format!(
            "{} — questionnaire; one row per organisation and period, from row 4 (row 3 names              the columns: keep it as it is; its notes say what each column asks)",
            q.title
        ),
        &title,
    )?;
    sheet.set_row_height(LABEL_ROW, 45)?;
    for (i, c) in q.columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
        let (width, as_text) = match c.kind {
            Kind::Id => (20, true),
            Kind::Name => (28, true),
            Kind::Short => (12, true),
            Kind::Text => (20, true),
            Kind::Markdown => (36, true),
            Kind::Rating => (16, false),
            Kind::Number => (11, false),
            Kind::Choice => (13, false),
        };
        sheet.set_column_width(col, width)?;
        if as_text {
            sheet.set_column_format(col, &text)?;
        }
        sheet.write_string_with_format(LABEL_ROW, col, &c.label, &label)?;
        sheet.write_string_with_format(HEADER_ROW, col, &c.key, &header)?;
        sheet.insert_note(
            HEADER_ROW,
            col,
            &Note::new(&c.note)
                .add_author_prefix(false)
                .set_width(360)
                .set_height(180),
        )?;
        if let Some(v) = validation(&c.rule, col)? {
            sheet.add_data_validation(
                FIRST_DATA_ROW,
                col,
                FIRST_DATA_ROW + DATA_ROWS - 1,
                col,
                &v,
            )?;
        }
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 2)?;
    sheet.group_symbols_to_left(true);
    for d in &q.dimensions {
        let first = u16::try_from(d.first).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last = u16::try_from(d.last).map_err(|_| XlsxError::RowColumnLimitError)?;
        if first > 0 {
            sheet.write_string_with_format(TITLE_ROW, first, &d.name, &dimension)?;
        }
        // Adjacent groups of one outline level are one group to a
        // spreadsheet: each dimension's first column stays out of its
        // group, visible with the fold button beside it.
        if first < last {
            sheet.group_columns(first + 1, last)?;
        }
    }
    workbook.save_to_buffer()
}

/// The data validation of `rule` for column `col`, if it has one.
fn validation(rule: &Rule, col: u16) -> Result<Option<DataValidation>, XlsxError> {
    let v = match rule {
        Rule::Any => return Ok(None),
        Rule::Rating(names) => list(
            names,
            false,
            "Rating",
            &format!("One of: {} (or a number from 0 to 1)", names.join(", ")),
        )?,
        Rule::OneOf { values, strict } => list(
            values,
            *strict,
            "One of",
            &format!(
                "{}{}",
                values.join(", "),
                if *strict { "" } else { ", or another value" }
            ),
        )?,
        Rule::Whole { min, max } => {
            let bound = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
            let message = format!("A whole number from {min} to {max}");
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(bound(*min), bound(*max)))
                .set_input_message(cut(&message, 255))?
                .set_error_message(cut(&message, 255))?
        }
        Rule::Progress { below, top, level } => {
            let level = u16::try_from(*level).map_err(|_| XlsxError::RowColumnLimitError)?;
            let p = row_col_to_cell(FIRST_DATA_ROW, col);
            let l = row_col_to_cell(FIRST_DATA_ROW, level);
            let message = format!(
                "A number from 0 up to (not including) {below}, with a level; 0 or empty at \
                 level {top}"
            );
            DataValidation::new()
                .allow_custom(Formula::new(format!(
                    "=AND(ISNUMBER({p}),ISNUMBER({l}),{p}>=0,{p}<{below},OR({p}=0,{l}<{top}))"
                )))
                .set_input_message(cut(&message, 255))?
                .set_error_message(cut(&message, 255))?
        }
    };
    Ok(Some(v))
}

/// A drop-down list of `values`, allowing nothing else when `strict`
/// (else a warning only). A list a spreadsheet cannot hold (over 255
/// characters, a value with a comma or a control character) becomes a
/// message alone.
fn list(
    values: &[String],
    strict: bool,
    title: &str,
    message: &str,
) -> Result<DataValidation, XlsxError> {
    // A comma would split a value in two; an empty value cannot be
    // chosen; a list over Excel's 255 characters is refused; a control
    // character cannot be written.
    let listed = values
        .iter()
        .all(|v| !v.is_empty() && v.chars().all(|c| c != ',' && xml_safe(c)))
        .then(|| DataValidation::new().allow_list_strings(values).ok())
        .flatten();
    let v = match listed {
        Some(v) => v.set_error_style(if strict {
            DataValidationErrorStyle::Stop
        } else {
            DataValidationErrorStyle::Warning
        }),
        None => DataValidation::new().allow_any_value(),
    };
    v.set_input_title(cut(title, 32))?
        .set_input_message(cut(message, 255))?
        .set_error_message(cut(message, 255))
}

/// `text` cut to at most `max` UTF-16 units (Excel's measure), with `…`,
/// and with every character XML cannot hold replaced by `�`: rust_xlsxwriter
/// escapes control characters in cells and notes but not in a data
/// validation's messages, which are attributes.
fn cut(text: &str, max: usize) -> String {
    let text: String = text
        .chars()
        .map(|c| if xml_safe(c) { c } else { '\u{FFFD}' })
        .collect();
    if text.encode_utf16().count() <= max {
        return text;
    }
    let mut out = String::new();
    let mut used = 1;
    for ch in text.chars() {
        used += ch.len_utf16();
        if used > max {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// Whether `c` may stand as it is in an XML attribute.
fn xml_safe(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

fn column(key: &str, label: &str, note: &str, rule: Rule, kind: Kind) -> Column {
    let note = match note.char_indices().nth(MAX_NOTE_CHARS) {
        Some((at, _)) => format!("{}…", &note[..at]),
        None => note.to_owned(),
    };
    Column {
        key: key.to_owned(),
        label: label.to_owned(),
        note,
        rule,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "\
id: m
name: Small model
version: '1.0'
ratings: {yes: 1.0, no: 0.0}
levels:
  - {number: 1, name: One}
  - {number: 2, name: Two}
dimensions:
  - id: d1
    name: First
    capabilities:
      - id: organization
        name: Organisation
        requirements:
          1: [{id: org-1a, text: 'Has *an* org chart'}]
          2: [{id: period, text: A criterion named like a key}]
      - id: texts
        name: Texts
        requirements: {1: Level one text, 2: Level two text}
  - id: d2
    name: Second
    capabilities:
      - id: mixed
        name: Mixed
        requirements:
          1: Only a text
          2: [{id: mixed-2a, text: A criterion}]
";

    fn site(cohorts: &[&str]) -> SiteConfig {
        let cohorts = cohorts.join(", ");
        crate::input::config::parse(&format!(
            "title: T\nbase_url: /\nbenchmark: {{cohorts: [{cohorts}]}}\n\
             labels: {{sector: {{name: Sector, values: {{metal: Metal, food: Food}}}}}}\n"
        ))
        .unwrap()
    }

    fn keys(q: &Questionnaire) -> Vec<&str> {
        q.columns.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn the_header_flattens_the_assessment_and_never_reads_two_ways() {
        let model = crate::input::model::parse("model.yaml", MODEL).unwrap();
        let q = plan(&model, &site(&["sector", "size"]));
        assert_eq!(q.title, "Small model 1.0");
        assert_eq!(
            keys(&q),
            [
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
                "org-1a",
                "capabilities.organization.criteria.period",
                "capabilities.organization.not_applicable",
                "capabilities.organization.reason",
                "capabilities.organization.evidence",
                "texts.level",
                "texts.progress",
                "texts.not_applicable",
                "texts.reason",
                "texts.evidence",
                "mixed.level",
                "mixed.progress",
                "mixed-2a",
                "mixed.not_applicable",
                "mixed.reason",
                "mixed.evidence",
            ]
        );
        let mut unique = keys(&q);
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), q.columns.len(), "every header once");
        assert_eq!(
            q.dimensions,
            [
                Span {
                    name: "First".into(),
                    first: 11,
                    last: 20
                },
                Span {
                    name: "Second".into(),
                    first: 21,
                    last: 26
                }
            ]
        );
    }

    #[test]
    fn labels_notes_and_rules_say_what_each_cell_takes() {
        let model = crate::input::model::parse("model.yaml", MODEL).unwrap();
        let q = plan(&model, &site(&["sector"]));
        let col = |key: &str| q.columns.iter().find(|c| c.key == key).unwrap();
        let criterion = col("org-1a");
        assert_eq!(criterion.label, "Organisation · L1 · org-1a");
        assert_eq!(criterion.note, "Has an org chart", "plain text");
        assert_eq!(
            criterion.rule,
            Rule::Rating(vec!["yes".into(), "no".into()])
        );
        let sector = col("organization.sector");
        assert_eq!(sector.label, "Sector");
        assert_eq!(
            sector.rule,
            Rule::OneOf {
                values: vec!["food".into(), "metal".into()],
                strict: false
            }
        );
        assert_eq!(col("target").rule, Rule::Whole { min: 1, max: 2 });
        assert_eq!(col("texts.level").rule, Rule::Whole { min: 0, max: 2 });
        assert!(col("texts.level").note.contains("L2 Two: Level two text"));
        assert_eq!(
            col("mixed.progress").rule,
            Rule::Progress {
                below: 0.8,
                top: 2,
                level: 20
            }
        );
        assert_eq!(q.columns[20].key, "mixed.level");
        assert!(
            !col("mixed.level").note.contains("L2"),
            "level 2 has criteria"
        );
        assert_eq!(
            col("method").rule,
            Rule::OneOf {
                values: vec!["self".into(), "third-party".into()],
                strict: true
            }
        );
    }

    #[test]
    fn csv_is_the_header_row_alone() {
        let model = crate::input::model::parse("model.yaml", MODEL).unwrap();
        let q = plan(&model, &site(&[]));
        let csv = String::from_utf8(to_csv(&q)).unwrap();
        assert!(csv.starts_with("organization.id,organization.name,period,method,"));
        assert!(csv.ends_with(",mixed.evidence\r\n"));
        assert_eq!(csv.lines().count(), 1);
    }

    #[test]
    fn xlsx_is_a_zip_and_the_same_every_time() {
        let model = crate::input::model::parse("model.yaml", MODEL).unwrap();
        let q = plan(&model, &site(&["sector"]));
        let a = to_xlsx(&q).unwrap();
        assert!(a.starts_with(b"PK\x03\x04"));
        assert_eq!(a, to_xlsx(&q).unwrap(), "no clock in the bytes");
    }

    #[test]
    fn validation_texts_fit_excel() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "ab…");
        assert_eq!(cut("😀😀", 3), "😀…", "a character of two units counts two");
        assert_eq!(cut("a\u{1}b\u{FFFE}\n", 9), "a\u{FFFD}b\u{FFFD}\n");
        let many: Vec<String> = (0..100).map(|i| format!("rating-{i}")).collect();
        assert!(
            list(&many, true, "t", &"m".repeat(300)).is_ok(),
            "too long: a message"
        );
        assert!(list(&["a,b".to_owned()], true, "t", "m").is_ok());
    }

    #[test]
    fn long_notes_are_cut() {
        let c = column(
            "k",
            "l",
            &"é".repeat(MAX_NOTE_CHARS + 5),
            Rule::Any,
            Kind::Text,
        );
        assert_eq!(c.note.chars().count(), MAX_NOTE_CHARS + 1);
        assert!(c.note.ends_with('…'));
    }
}
