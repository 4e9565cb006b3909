//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing on the
//! first one, so a single run lists every problem in every file. A diagnostic
//! carries everything needed to print it (including the offending source
//! line), so it can be rendered long after the file text is gone.

use std::fmt::{self, Write as _};

use crate::text::terminal;

/// A position in a source file, 1-based, counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number, starting at 1, counted in characters (not bytes).
    pub column: usize,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site folder, with `/` separators.
    pub file: String,
    /// Where in the file, when the parser knows it.
    pub position: Option<Position>,
    /// The key path inside the document, such as `capabilities.strategy.level`.
    pub key_path: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What would be right, when we can tell.
    pub help: Option<String>,
    /// The text of the offending line, for the snippet under the message;
    /// a long line is cut to the part around the column, marked with `…`.
    pub source_line: Option<String>,
    /// How many characters `source_line` lacks at its start (the caret
    /// goes under column `position.column - snippet_offset`).
    pub snippet_offset: usize,
    /// For a problem in a table (a CSV file or a workbook's sheet): where,
    /// in a spreadsheet's terms. `position` then holds the row and the
    /// column (from 1; column 0 is the whole row). Boxed, as most
    /// diagnostics are not in a table and this keeps them small.
    pub table: Option<Box<TablePlace>>,
}

/// Where in a table a problem is: the sheet of a workbook, or none for
/// a CSV file, which has one table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TablePlace {
    /// The sheet's name, for a workbook.
    pub sheet: Option<String>,
}

/// A column's name as a spreadsheet shows it: 1 is `A`, 27 is `AA`.
pub fn column_name(column: usize) -> String {
    let mut name = Vec::new();
    let mut n = column;
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

/// A place in a table for people: `sheet "2025", cell F12` in a
/// workbook, `cell F12` in a CSV file, and `row 12` for a whole row
/// (`column` 0).
pub fn table_place(sheet: Option<&str>, row: usize, column: usize) -> String {
    let mut place = match sheet {
        Some(sheet) => format!("sheet \"{sheet}\", "),
        None => String::new(),
    };
    if column == 0 {
        place.push_str(&format!("row {row}"));
    } else {
        place.push_str(&format!("cell {}{row}", column_name(column)));
    }
    place
}

/// `text` in the ANSI style `code` (`1;31` bold red) when `color` is set,
/// as itself otherwise: the one place rungs' own colours are written.
pub fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

impl Diagnostic {
    /// A problem with a whole file (no position inside it).
    pub fn in_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            key_path: None,
            message: message.into(),
            help: None,
            source_line: None,
            snippet_offset: 0,
            table: None,
        }
    }

    /// Points the diagnostic at a cell of a table (`column` from 1), or at
    /// a whole row (`column` 0); `sheet` names a workbook's sheet.
    #[must_use]
    pub fn in_table(mut self, sheet: Option<&str>, row: usize, column: usize) -> Self {
        self.position = Some(Position { line: row, column });
        self.source_line = None;
        self.snippet_offset = 0;
        self.table = Some(Box::new(TablePlace {
            sheet: sheet.map(str::to_owned),
        }));
        self
    }

    /// Adds a hint on how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the key path of the offending value.
    #[must_use]
    pub fn with_key_path(mut self, key_path: impl Into<String>) -> Self {
        let path = key_path.into();
        self.key_path = (!path.is_empty()).then_some(path);
        self
    }

    /// Points the diagnostic at a position in `source`, keeping the line text
    /// for the snippet.
    #[must_use]
    pub fn at(self, source: &str, position: Position) -> Self {
        let line = Lines::new(source).get(position.line.saturating_sub(1));
        self.at_line(line, position)
    }

    /// [`Diagnostic::at`], given the text of the position's line (see
    /// [`Lines`], for many diagnostics in one file).
    #[must_use]
    pub fn at_line(mut self, line: Option<&str>, position: Position) -> Self {
        self.source_line = None;
        self.snippet_offset = 0;
        if let Some(line) = line {
            let (shown, offset) = snippet(line, position.column);
            self.source_line = Some(shown);
            self.snippet_offset = offset;
        }
        self.position = Some(position);
        self
    }

    /// Points the diagnostic at a whole sheet of a workbook.
    #[must_use]
    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.position = None;
        self.source_line = None;
        self.snippet_offset = 0;
        self.table = Some(Box::new(TablePlace {
            sheet: Some(sheet.to_owned()),
        }));
        self
    }

    /// `file:line:column`, `file: sheet "S", cell F12` in a table, or
    /// just `file` when the position is unknown.
    pub fn location(&self) -> String {
        match (self.position, &self.table) {
            (Some(p), Some(t)) => format!(
                "{}: {}",
                self.file,
                table_place(t.sheet.as_deref(), p.line, p.column)
            ),
            (Some(p), None) => format!("{}:{}:{}", self.file, p.line, p.column),
            (None, Some(t)) if t.sheet.is_some() => {
                format!(
                    "{}: sheet \"{}\"",
                    self.file,
                    t.sheet.as_deref().unwrap_or("")
                )
            }
            (None, _) => self.file.clone(),
        }
    }
}

/// The lines of a source, found once: looking each one up from the start
/// made a file with tens of thousands of problems take quadratic time. A
/// line ends at `\n`, `\r\n` or a lone `\r`, as the YAML parser counts
/// them.
pub struct Lines<'s> {
    source: &'s str,
    /// Where each line starts.
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    /// Indexes the lines of `source`.
    pub fn new(source: &'s str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        let mut from = 0;
        while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            let at = from + i;
            from = if bytes[at..].starts_with(b"\r\n") {
                at + 2
            } else {
                at + 1
            };
            starts.push(from);
        }
        Lines { source, starts }
    }

    /// The `n`th line (from 0), without its line break.
    pub fn get(&self, n: usize) -> Option<&'s str> {
        let rest = self.source.get(*self.starts.get(n)?..)?;
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        Some(&rest[..end])
    }
}

/// Characters of a line shown under a message; a longer line (such as a
/// whole minified file) shows only the part around the column.
const SNIPPET_CHARS: usize = 100;

/// The part of `line` to show around `column` (from 1), and how many
/// characters before it were left out, less one for the `…` marking it.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (line.to_owned(), 0);
    }
    let start = column
        .saturating_sub(1)
        .saturating_sub(SNIPPET_CHARS * 2 / 5)
        .min(count - SNIPPET_CHARS);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SNIPPET_CHARS));
    if start + SNIPPET_CHARS < count {
        shown.push('…');
    }
    (shown, start.saturating_sub(1))
}

impl Diagnostic {
    /// Renders the diagnostic the way rustc does: message, location, the
    /// offending line with a caret under the column, then the help; with
    /// ANSI colours when `color` is set.
    ///
    /// Everything taken from the input (message, file, key path, help and
    /// the source line) is shown through [`terminal::safe`], so a control
    /// character or bidi control in an assessment or a file name reaches
    /// the terminal as a visible `\u{1b}`, never as itself.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| paint(color, code, text);
        let mut f = String::new();
        let _ = writeln!(
            f,
            "{}: {}",
            paint("1;31", "error"),
            paint("1", &terminal::safe(&self.message))
        );
        let gutter = self.position.map_or(1, |p| p.line.to_string().len()).max(1);
        let pad = " ".repeat(gutter);
        let _ = write!(
            f,
            "{pad}{} {}",
            paint("1;34", "-->"),
            terminal::safe(&self.location())
        );
        if let Some(path) = &self.key_path {
            let _ = write!(f, " (at `{}`)", terminal::safe(path));
        }
        let _ = writeln!(f);
        if let (Some(p), Some(line)) = (self.position, &self.source_line) {
            let column = p.column.saturating_sub(self.snippet_offset).max(1);
            let (shown, caret_at) = shown_line(line, column);
            let bar = paint("1;34", "|");
            let _ = writeln!(f, "{pad} {bar}");
            let _ = writeln!(f, "{} {bar} {shown}", paint("1;34", &p.line.to_string()));
            let caret = " ".repeat(caret_at);
            let _ = writeln!(f, "{pad} {bar} {caret}{}", paint("1;31", "^"));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                f,
                "{pad} {} {}",
                paint("1;36", "= help:"),
                terminal::safe(help)
            );
        }
        f
    }
}

/// Columns from one tab stop to the next in a snippet.
const TAB_STOP: usize = 4;

/// A source line as the snippet shows it, and the terminal column (from 0)
/// of its character `column` (from 1; past the end, the column after the
/// last character).
///
/// A tab is expanded to spaces up to the next multiple of [`TAB_STOP`]
/// columns, as editors show it (escaping it would bury the indentation
/// under `\u{9}`s); every other character is shown through
/// [`terminal::push_safe`]. The caret column counts what each character
/// takes once shown: the whole escape of an escaped character, two
/// columns for a wide (CJK) one, none for a combining mark.
fn shown_line(line: &str, column: usize) -> (String, usize) {
    let mut shown = String::with_capacity(line.len());
    let mut width = 0;
    let mut caret = None;
    for (i, c) in line.chars().enumerate() {
        if i + 1 == column {
            caret = Some(width);
        }
        if c == '\t' {
            let spaces = TAB_STOP - width % TAB_STOP;
            shown.extend(std::iter::repeat_n(' ', spaces));
            width += spaces;
        } else {
            terminal::push_safe(&mut shown, c);
            width += terminal::width(c);
        }
    }
    (shown, caret.unwrap_or(width))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl serde::Serialize for Diagnostic {
    /// The machine-readable form of `--format json`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Diagnostic", 8)?;
        st.serialize_field("file", &self.file)?;
        let in_text = self.position.filter(|_| self.table.is_none());
        st.serialize_field("line", &in_text.map(|p| p.line))?;
        st.serialize_field("column", &in_text.map(|p| p.column))?;
        // In a table: the sheet (null in a CSV file), and the cell (`F12`)
        // or the row (`12`).
        let in_table = self.position.zip(self.table.as_ref());
        st.serialize_field(
            "sheet",
            &self.table.as_ref().and_then(|t| t.sheet.as_deref()),
        )?;
        st.serialize_field(
            "cell",
            &in_table.map(|(p, _)| match p.column {
                0 => p.line.to_string(),
                c => format!("{}{}", column_name(c), p.line),
            }),
        )?;
        st.serialize_field("key_path", &self.key_path)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("help", &self.help)?;
        st.end()
    }
}

/// All problems of a run, in a stable order (by file, then position).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file and position so the report reads top to bottom and is
    /// the same on every run, whatever order files were read in.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (
                a.file.as_str(),
                &a.table,
                a.position,
                a.key_path.as_deref(),
                &a.message,
            )
                .cmp(&(
                    b.file.as_str(),
                    &b.table,
                    b.position,
                    b.key_path.as_deref(),
                    &b.message,
                ))
        });
        self.0.dedup();
        self
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl Diagnostics {
    /// Every problem, then a count, optionally in colour.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(color));
            out.push('\n');
        }
        let files: std::collections::BTreeSet<&str> =
            self.0.iter().map(|d| d.file.as_str()).collect();
        let summary = format!(
            "{} problem{} in {} file{}",
            self.0.len(),
            plural(self.0.len()),
            files.len(),
            plural(files.len())
        );
        let _ = writeln!(out, "{}: {summary}", paint(color, "1;31", "error"));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostics {}

use crate::text::plural_s as plural;

/// Finds the candidate closest to `wrong`, for "did you mean" hints.
///
/// Only close matches are offered: a far-fetched suggestion is worse than
/// none.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let similarity = strsim::jaro_winkler(wrong, candidate);
        if similarity >= 0.8 && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?` for the closest candidate, if any.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_any_line_break() {
        let cases: [(&str, &[&str]); 6] = [
            ("", &[""]),
            ("a", &["a"]),
            ("a\n", &["a", ""]),
            ("a\r\nb\rc\nd", &["a", "b", "c", "d"]),
            ("\n\n\r\r\n\rx\r", &["", "", "", "", "", "x", ""]),
            ("é\r\n→ b\r\n\r\n", &["é", "→ b", "", ""]),
        ];
        for (src, expected) in cases {
            let lines = Lines::new(src);
            let found: Vec<_> = (0..expected.len() + 2).map(|n| lines.get(n)).collect();
            let mut want: Vec<_> = expected.iter().map(|l| Some(*l)).collect();
            want.extend([None, None]);
            assert_eq!(found, want, "{src:?}");
        }
    }

    #[test]
    fn long_lines_show_the_part_around_the_column() {
        let line = format!("{}BAD{}", "x".repeat(5_000_000), "y".repeat(5_000_000));
        let d = Diagnostic::in_file("f.yaml", "m").at(
            &line,
            Position {
                line: 1,
                column: 5_000_001,
            },
        );
        let shown = d.source_line.as_deref().unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), SNIPPET_CHARS + 2);
        let text = d.render(false);
        assert!(text.len() < 1_000, "the message stays short");
        // The caret still sits under `B`.
        let lines: Vec<&str> = text.lines().collect();
        let snippet = lines.iter().find(|l| l.contains("BAD")).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        let at = |s: &str, pat: char| s.chars().position(|c| c == pat).unwrap();
        assert_eq!(at(snippet, 'B'), at(caret, '^'));
        // Short lines are shown whole.
        let d =
            Diagnostic::in_file("f.yaml", "m").at("key: value", Position { line: 1, column: 6 });
        assert_eq!(
            (d.source_line.as_deref(), d.snippet_offset),
            (Some("key: value"), 0)
        );
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::in_file("content/a.yaml", "unknown capability `stratgy`")
            .at("x: 1\n  stratgy:\n", Position { line: 2, column: 3 })
            .with_key_path("capabilities.stratgy")
            .with_help("did you mean `strategy`?");
        assert_eq!(
            d.to_string(),
            "error: unknown capability `stratgy`\n \
             --> content/a.yaml:2:3 (at `capabilities.stratgy`)\n  \
             |\n2 |   stratgy:\n  |   ^\n  = help: did you mean `strategy`?\n"
        );
    }

    #[test]
    fn colour_wraps_the_same_text() {
        let d = Diagnostic::in_file("a.yaml", "bad").at("x: 1\n", Position { line: 1, column: 4 });
        let plain = d.render(false);
        let colored = d.render(true);
        assert!(colored.contains("\x1b[1;31merror\x1b[0m"));
        let stripped: String = {
            let mut s = String::new();
            let mut skip = false;
            for c in colored.chars() {
                match (skip, c) {
                    (_, '\x1b') => skip = true,
                    (true, 'm') => skip = false,
                    (true, _) => {}
                    (false, c) => s.push(c),
                }
            }
            s
        };
        assert_eq!(stripped, plain);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["line"], 1);
        assert_eq!(json["column"], 4);
        assert_eq!(json["file"], "a.yaml");
    }

    /// The printable bytes of a rendering: none below 0x20 but `\n`, no
    /// DEL, and no C1 or bidi control.
    fn assert_terminal_safe(text: &str) {
        for (i, c) in text.char_indices() {
            assert!(
                c == '\n' || !terminal::needs_escape(c),
                "{c:?} at byte {i} of {text:?}"
            );
        }
    }

    #[test]
    fn input_in_any_field_reaches_the_terminal_escaped() {
        let evil = "\x1b[2J\x07\0\u{202e}\r\n\u{9b}31m";
        let shown = "\\u{1b}[2J\\u{7}\\u{0}\\u{202e}\\u{d}\\u{a}\\u{9b}31m";
        let d = Diagnostic::in_file(format!("content/{evil}.yaml"), format!("bad `{evil}`"))
            .at_line(
                Some(&format!("key: {evil}")),
                Position { line: 1, column: 6 },
            )
            .with_key_path(format!("a.{evil}"))
            .with_help(format!("did you mean `{evil}`?"));
        for color in [false, true] {
            let text = d.render(color);
            // Colour adds ESC of its own; take it out before checking.
            let plain = text.replace("\x1b[", "");
            assert_terminal_safe(&plain);
            for expected in [
                format!("bad `{shown}`"),
                format!("content/{shown}.yaml:1:6"),
                format!("(at `a.{shown}`)"),
                format!("key: {shown}"),
                format!("did you mean `{shown}`?"),
            ] {
                assert!(text.contains(&expected), "{expected} in {text}");
            }
        }
        assert_eq!(d.render(false).lines().count(), 6, "no forged lines");
    }

    /// The snippet line and the caret line of a rendering, without the
    /// gutter.
    fn snippet_and_caret(d: &Diagnostic) -> (String, String) {
        let text = d.render(false);
        let lines: Vec<&str> = text.lines().collect();
        let cut = |l: &str| l.split_once("| ").map_or("", |(_, r)| r).to_owned();
        (cut(lines[3]), cut(lines[4]))
    }

    #[test]
    fn the_caret_stays_under_its_character_after_escapes_wide_characters_and_tabs() {
        let at = |line: &str, column: usize| {
            snippet_and_caret(&Diagnostic::in_file("f", "m").at(line, Position { line: 1, column }))
        };
        // Under `b`, after an escape, a wide character and a combining mark.
        let (line, caret) = at("a\x1b漢e\u{301}b", 6);
        assert_eq!(line, "a\\u{1b}漢e\u{301}b");
        assert_eq!(caret, "          ^");
        assert_eq!(caret.len() - 1, 1 + 6 + 2 + 1);
        // Under an escaped character itself: its backslash.
        let (line, caret) = at("x: \u{202e}y", 4);
        assert_eq!(line, "x: \\u{202e}y");
        assert_eq!(caret, "   ^");
        // Tabs go to the next stop of four columns.
        let (line, caret) = at("\ta:\tb", 5);
        assert_eq!(line, "    a:  b");
        assert_eq!(caret, "        ^");
        // Past the end: after the last character.
        let (line, caret) = at("漢字", 9);
        assert_eq!((line.as_str(), caret.as_str()), ("漢字", "    ^"));
    }

    #[test]
    fn long_lines_with_escapes_keep_the_caret() {
        let line = format!("{}\x1bBAD{}", "漢".repeat(300), "\x07".repeat(300));
        let d = Diagnostic::in_file("f", "m").at(
            &line,
            Position {
                line: 1,
                column: 302,
            },
        );
        let (shown, caret) = snippet_and_caret(&d);
        assert_terminal_safe(&shown);
        let b = shown.find("BAD").unwrap();
        let columns: usize = shown[..b].chars().map(terminal::width).sum();
        assert_eq!(caret.len() - 1, columns, "{shown}\n{caret}");
    }

    #[test]
    fn suggests_only_close_ids() {
        let ids = ["strategy", "organization", "traceability"];
        assert_eq!(closest("stratgy", ids), Some("strategy"));
        assert_eq!(closest("organisation", ids), Some("organization"));
        assert_eq!(closest("zzz", ids), None);
    }

    #[test]
    fn sorted_is_stable_and_deduplicated() {
        let a = Diagnostic::in_file("b.yaml", "x");
        let b = Diagnostic::in_file("a.yaml", "y");
        let all = Diagnostics(vec![a.clone(), b.clone(), a.clone()]).sorted();
        assert_eq!(all.0, vec![b, a]);
        assert!(all.to_string().ends_with("error: 2 problems in 2 files\n"));
    }
}
