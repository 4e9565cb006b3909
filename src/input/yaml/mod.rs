//! The one place that parses YAML.
//!
//! Documents are parsed into a small tree of [`Node`]s that remember where
//! each value stood in the file. Stages then read that tree with a
//! [`Doc`], which checks types, ranges and unknown keys and collects every
//! problem as a [`Diagnostic`] with file, line, column and key path, instead
//! of stopping at the first one as serde's derive would.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::Hash;

mod parse;

pub use parse::{MAX_DEPTH, MAX_NODES, parse, plain_value};

/// The level number a key of a mapping keyed by level (a model's
/// `requirements`, an assessment's `levels`) names: the key's text read
/// as a whole number in decimal digits, with optional leading zeros and
/// `+`, quoted or not. So `1`, `"1"`, `01` and `+1` all name level 1
/// (YAML's other integer notations, such as `0x1`, reach the key's text
/// as decimal digits already), while `1.0`, `-1` and `one` name no level.
pub fn level_number(key: &str) -> Option<u32> {
    key.parse().ok()
}

use crate::diag::{Diagnostic, Lines, Position, did_you_mean};

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value, with every child node inside it.
    pub value: Value,
    /// Where it starts (1-based line and column).
    pub position: Position,
    /// Byte range of the node in the source, when known: gives back the
    /// exact text of a scalar such as `2025.10`, which a float would lose.
    pub bytes: Option<(usize, usize)>,
}

/// A YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false` (YAML 1.2 spellings only: `y` and `no` are strings).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The YAML type, as shown in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// One segment of a key path.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A list index.
    Index(usize),
}

/// A key path built on the stack, rendered only when a problem is reported.
#[derive(Clone, Copy, Debug)]
pub struct KeyPath<'a> {
    parent: Option<&'a KeyPath<'a>>,
    segment: Option<Segment<'a>>,
}

impl<'a> KeyPath<'a> {
    /// The document root.
    pub const ROOT: KeyPath<'static> = KeyPath {
        parent: None,
        segment: None,
    };

    /// The path of a key below this one.
    pub fn key(&'a self, key: &'a str) -> KeyPath<'a> {
        KeyPath {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
        }
    }

    /// The path of a list item below this one.
    pub fn index(&'a self, index: usize) -> KeyPath<'a> {
        KeyPath {
            parent: Some(self),
            segment: Some(Segment::Index(index)),
        }
    }
}

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}")?;
        }
        match self.segment {
            None => Ok(()),
            Some(Segment::Key(k)) if self.parent.is_some_and(|p| p.segment.is_some()) => {
                write!(f, ".{k}")
            }
            Some(Segment::Key(k)) => write!(f, "{k}"),
            Some(Segment::Index(i)) => write!(f, "[{i}]"),
        }
    }
}

/// Reads a parsed document, collecting every problem.
pub struct Doc<'s> {
    file: &'s str,
    source: &'s str,
    /// The source's lines, indexed when the first problem needs one.
    lines: std::cell::OnceCell<Lines<'s>>,
    problems: Vec<Diagnostic>,
    /// The language texts in several languages are read in.
    reading: Reading,
    /// Key paths of the texts that had no text in that language.
    untranslated: Vec<String>,
    /// For a row of a table: problems are placed by sheet and cell.
    table: Option<TableRow<'s>>,
}

/// A row of a table read as a document (see [`Doc::table_row`]): its
/// nodes' positions are cells, `line` the row and `column` the column
/// (from 1; 0 for the whole row).
#[derive(Clone, Copy, Debug)]
struct TableRow<'s> {
    /// The workbook's sheet, none in a CSV file.
    sheet: Option<&'s str>,
    /// The header of each column, as written: the key a problem in a cell
    /// is shown at.
    headers: &'s [String],
}

/// Which text of a text in several languages a [`Doc`] reads
/// (`name: {en: System design, zh-CN: 体系设计}`, formats.md): the one in
/// `language`, else in `fallback` (the site's first language), else in
/// `en`, else the first given. Tags match without regard to case, as
/// BCP 47 tags do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The language wanted; empty for "the site's first language".
    pub language: String,
    /// The site's first language.
    pub fallback: String,
}

impl Reading {
    /// Reading in `language`, falling back to `fallback`.
    pub fn new(language: &str, fallback: &str) -> Reading {
        Reading {
            language: language.to_owned(),
            fallback: fallback.to_owned(),
        }
    }

    /// Whether this reads a language other than the site's first: a plain
    /// text then counts as untranslated.
    fn is_translation(&self) -> bool {
        !self.language.is_empty() && !self.language.eq_ignore_ascii_case(&self.fallback)
    }
}

impl<'s> Doc<'s> {
    /// Starts reading the document parsed from `source`, found at `file`.
    /// A leading byte order mark is left out, as [`parse`] leaves it out.
    pub fn new(file: &'s str, source: &'s str) -> Self {
        Doc {
            file,
            source: crate::text::without_bom(source),
            lines: std::cell::OnceCell::new(),
            problems: Vec::new(),
            reading: Reading::default(),
            untranslated: Vec::new(),
            table: None,
        }
    }

    /// Starts reading a row of a table as a document: `source` holds the
    /// texts its nodes' byte ranges point into, and the nodes' positions
    /// are cells (line: row, column: column from 1, or 0 for the whole
    /// row). A problem is placed by `sheet` (none in a CSV file) and cell,
    /// at the key its column's header in `headers` gives.
    pub fn table_row(
        file: &'s str,
        source: &'s str,
        sheet: Option<&'s str>,
        headers: &'s [String],
    ) -> Self {
        let mut doc = Doc::new(file, source);
        doc.source = source;
        doc.table = Some(TableRow { sheet, headers });
        doc
    }

    /// Reads texts in several languages as `reading` says.
    pub fn reading(mut self, reading: Reading) -> Self {
        self.reading = reading;
        self
    }

    /// From here on, reads texts in several languages as `reading` says.
    pub fn set_reading(&mut self, reading: Reading) {
        self.reading = reading;
    }

    /// The key paths of the texts read so far that had no text in the
    /// language read (each then read in a fallback language).
    pub fn untranslated(&self) -> &[String] {
        &self.untranslated
    }

    /// The file being read, relative to the site.
    pub fn file(&self) -> &'s str {
        self.file
    }

    /// Records a problem at `node`.
    pub fn error(
        &mut self,
        node: &Node,
        path: &KeyPath<'_>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.error_at(node.position, path, message, help);
    }

    /// Records a problem at a position.
    pub fn error_at(
        &mut self,
        position: Position,
        path: &KeyPath<'_>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        if let Some(table) = self.table {
            let header = position
                .column
                .checked_sub(1)
                .and_then(|c| table.headers.get(c));
            let key = header.map_or_else(|| path.to_string(), String::clone);
            let mut d = Diagnostic::in_file(self.file, message)
                .with_key_path(key)
                .in_table(table.sheet, position.line, position.column);
            d.help = help;
            self.problems.push(d);
            return;
        }
        let lines = self.lines.get_or_init(|| Lines::new(self.source));
        let line = lines.get(position.line.saturating_sub(1));
        let mut d = Diagnostic::in_file(self.file, message)
            .with_key_path(path.to_string())
            .at_line(line, position);
        d.help = help;
        self.problems.push(d);
    }

    /// Records a problem that has no node of its own (such as a missing key),
    /// pointing at the enclosing node.
    pub fn error_near(&mut self, node: &Node, path: &KeyPath<'_>, message: impl Into<String>) {
        self.error(node, path, message, None);
    }

    /// Records a problem with a hint.
    pub fn error_help(
        &mut self,
        node: &Node,
        path: &KeyPath<'_>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.error(node, path, message, Some(help.into()));
    }

    /// Whether any problem was recorded so far.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// How many problems were recorded so far.
    pub fn problem_count(&self) -> usize {
        self.problems.len()
    }

    /// The problems found.
    pub fn into_problems(self) -> Vec<Diagnostic> {
        self.problems
    }

    /// The exact source text of a scalar node, if the parser kept it.
    pub fn raw_text(&self, node: &Node) -> Option<&'s str> {
        let (start, len) = node.bytes?;
        self.source.get(start..start.checked_add(len)?)
    }

    /// Opens `node` as a mapping with the given allowed keys.
    ///
    /// Unknown keys are reported at once (with the closest allowed key as a
    /// hint); `None` if the node is not a mapping.
    pub fn map<'n>(
        &mut self,
        node: &'n Node,
        path: &KeyPath<'_>,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let fields = self.any_map(node, path)?;
        for (key, _) in &fields.entries {
            if !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(key, allowed.iter().copied())
                    .unwrap_or_else(|| format!("allowed keys here: {}", allowed.join(", ")));
                let at = fields.key_node(key).map_or(node.position, |k| k.position);
                self.error_at(
                    at,
                    &path.key(key),
                    format!("unknown key `{key}`"),
                    Some(hint),
                );
            }
        }
        Some(fields)
    }

    /// Opens `node` as a mapping with any keys (for maps keyed by ids).
    ///
    /// Two keys that read as the same text, such as `1` and `"1"` (which
    /// YAML holds apart), are reported as given twice; the second is left
    /// out.
    pub fn any_map<'n>(&mut self, node: &'n Node, path: &KeyPath<'_>) -> Option<Fields<'n>> {
        self.map_of(node, path, "key")
    }

    /// [`Doc::any_map`] for a mapping whose keys name `what`, such as
    /// `"capability"`: messages then say "capability `1` is given twice".
    pub fn map_of<'n>(
        &mut self,
        node: &'n Node,
        path: &KeyPath<'_>,
        what: &str,
    ) -> Option<Fields<'n>> {
        let mut fields = self.entries(node, path)?;
        // The parser refuses two equal keys, so only keys of different
        // types (`1` and `"1"`, `true` and `"true"`) can read alike, and
        // a mapping of text keys alone needs no second look.
        if fields
            .entries
            .iter()
            .any(|(_, (key, _))| !matches!(key.value, Value::Str(_)))
        {
            self.drop_repeated(
                &mut fields,
                path,
                |text| Some(text.to_owned()),
                |text| format!("{what} `{text}`"),
            );
        }
        Some(fields)
    }

    /// Opens `node` as a mapping keyed by level number: two keys that name
    /// the same level by [`level_number`], however written (`1`, `"1"`,
    /// `01`), are reported as given twice, and the second is left out.
    /// Keys that name no level are kept for the caller to report.
    pub fn level_map<'n>(&mut self, node: &'n Node, path: &KeyPath<'_>) -> Option<Fields<'n>> {
        let mut fields = self.entries(node, path)?;
        self.drop_repeated(&mut fields, path, level_number, |l| format!("level {l}"));
        Some(fields)
    }

    /// Reports that two keys name the same thing (`what`, such as
    /// "level 1"), at the second one, with the line and spelling of both.
    pub fn given_twice(&mut self, what: &str, first: &Node, second: &Node, path: &KeyPath<'_>) {
        let (a, b) = (self.spelling(first), self.spelling(second));
        self.error_help(
            second,
            path,
            format!(
                "{what} is given twice: at line {} as `{a}` and at line {} as `{b}`",
                first.position.line, second.position.line
            ),
            format!("`{a}` and `{b}` both name {what}: keep one of them"),
        );
    }

    /// A key as the file writes it (quotes included), for messages.
    fn spelling(&self, key: &Node) -> String {
        if let Some(raw) = self.raw_text(key) {
            return raw.trim().to_owned();
        }
        match &key.value {
            Value::Str(s) => s.clone(),
            other => self
                .key_text(key)
                .unwrap_or_else(|| other.kind().to_owned()),
        }
    }

    /// Drops every entry of `fields` whose key `key_of` reads as the same
    /// thing as an earlier one's, reporting it as given twice.
    fn drop_repeated<K: Eq + Hash>(
        &mut self,
        fields: &mut Fields<'_>,
        path: &KeyPath<'_>,
        key_of: impl Fn(&str) -> Option<K>,
        what: impl Fn(&K) -> String,
    ) {
        let mut first: HashMap<K, usize> = HashMap::with_capacity(fields.entries.len());
        let mut keep = vec![true; fields.entries.len()];
        for (i, (text, (key, _))) in fields.entries.iter().enumerate() {
            let Some(k) = key_of(text) else {
                continue;
            };
            match first.entry(k) {
                Entry::Vacant(e) => {
                    e.insert(i);
                }
                Entry::Occupied(e) => {
                    let earlier = fields.entries.get(*e.get()).map(|(_, (k, _))| *k);
                    if let Some(earlier) = earlier {
                        self.given_twice(&what(e.key()), earlier, key, &path.key(text));
                    }
                    keep[i] = false;
                }
            }
        }
        let mut keep = keep.into_iter();
        fields.entries.retain(|_| keep.next().unwrap_or(true));
    }

    /// The entries of a mapping, every key as text, repeats included.
    fn entries<'n>(&mut self, node: &'n Node, path: &KeyPath<'_>) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error_near(
                node,
                path,
                format!(
                    "expected a mapping (`key: value` lines), found {}",
                    node.value.kind()
                ),
            );
            return None;
        };
        let mut fields = Fields {
            node,
            entries: Vec::with_capacity(entries.len()),
        };
        for (key, value) in entries {
            match self.key_text(key) {
                Some(k) => fields.entries.push((k, (key, value))),
                None => self.error_near(
                    key,
                    path,
                    format!("expected a text or number key, found {}", key.value.kind()),
                ),
            }
        }
        Some(fields)
    }

    fn key_text(&self, key: &Node) -> Option<String> {
        match &key.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(_) | Value::Bool(_) => self.raw_text(key).map(str::to_owned),
            _ => None,
        }
    }

    /// Reads a string; numbers are accepted with their exact source text
    /// (so `period: 2025` works unquoted).
    pub fn string(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(_) => match self.raw_text(node) {
                Some(raw) => Some(raw.trim().to_owned()),
                None => {
                    self.error_help(
                        node,
                        path,
                        "expected text, found a number",
                        "put the value in quotes",
                    );
                    None
                }
            },
            other => {
                self.error_near(node, path, format!("expected text, found {}", other.kind()));
                None
            }
        }
    }

    /// Reads a non-empty string.
    pub fn text(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<String> {
        let s = self.string(node, path)?;
        if s.trim().is_empty() {
            self.error_near(node, path, "must not be empty");
            return None;
        }
        Some(s)
    }

    /// Reads a text that may be given in several languages: a string, or a
    /// mapping from language tag to string (`{en: System design, zh-CN:
    /// 体系设计}`), of which the one [`Reading`] picks is returned. Each
    /// given text must be non-empty when `required` (a name), and every
    /// key must be a language tag.
    pub fn localized(&mut self, node: &Node, path: &KeyPath<'_>, required: bool) -> Option<String> {
        let Value::Map(_) = &node.value else {
            if self.reading.is_translation() {
                self.untranslated.push(path.to_string());
            }
            return if required {
                self.text(node, path)
            } else {
                self.string(node, path)
            };
        };
        let fields = self.map_of(node, path, "language")?;
        let mut texts: Vec<(String, String)> = Vec::with_capacity(fields.len());
        for (tag, key, value) in fields.iter() {
            if !crate::text::is_language_tag(tag) {
                self.error_at(
                    key.position,
                    &path.key(tag),
                    format!("`{tag}` is not a language tag"),
                    Some(
                        "a text in several languages maps language tags such as `en` or `zh-CN` \
                         to texts; to write one text, give it without the mapping"
                            .to_owned(),
                    ),
                );
                continue;
            }
            let p = path.key(tag);
            let text = if required {
                self.text(value, &p)
            } else {
                self.string(value, &p)
            };
            if let Some(text) = text {
                texts.push((tag.to_owned(), text));
            }
        }
        if fields.is_empty() {
            self.error_help(
                node,
                path,
                "the mapping gives no text",
                "give a text, or a text per language such as `{en: ..., zh-CN: ...}`",
            );
            return None;
        }
        let find = |tag: &str| {
            (!tag.is_empty())
                .then(|| texts.iter().position(|(t, _)| t.eq_ignore_ascii_case(tag)))
                .flatten()
        };
        let wanted = if self.reading.language.is_empty() {
            &self.reading.fallback
        } else {
            &self.reading.language
        };
        let chosen = match find(wanted) {
            Some(i) => i,
            None => {
                self.untranslated.push(path.to_string());
                find(&self.reading.fallback)
                    .or_else(|| find("en"))
                    .unwrap_or(0)
            }
        };
        (chosen < texts.len()).then(|| texts.swap_remove(chosen).1)
    }

    /// Reads a slug id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
    pub fn id(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<String> {
        let s = self.string(node, path)?;
        self.check_id(node, path, &s).then_some(s)
    }

    /// Checks that `s` is a slug id, reporting at `node` if not.
    pub fn check_id(&mut self, node: &Node, path: &KeyPath<'_>, s: &str) -> bool {
        if crate::text::slug::is_id(s) {
            return true;
        }
        self.error_help(
            node,
            path,
            format!("`{s}` is not a valid id"),
            format!(
                "ids use lowercase letters, digits and hyphens, start with a letter or digit and have at most 64 characters, e.g. `{}`",
                crate::text::slug::suggest_id(s)
            ),
        );
        false
    }

    /// Reads a finite number.
    pub fn number(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<f64> {
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            Value::Float(_) => {
                self.error_near(node, path, "expected a finite number");
                None
            }
            ref other => {
                self.error_near(
                    node,
                    path,
                    format!("expected a number, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// Reads a number in `[lo, hi]`.
    pub fn number_in(&mut self, node: &Node, path: &KeyPath<'_>, lo: f64, hi: f64) -> Option<f64> {
        let n = self.number(node, path)?;
        if !(lo..=hi).contains(&n) {
            let shown = self.number_text(node, n);
            self.error_near(
                node,
                path,
                format!("{shown} is out of range: expected a number from {lo} to {hi}"),
            );
            return None;
        }
        Some(n)
    }

    /// A number for messages: as the file writes it (`1e308` rather than
    /// 309 digits), or in the shortest notation if the file does not say.
    pub fn number_text(&self, node: &Node, n: f64) -> String {
        match self.raw_text(node).map(str::trim) {
            Some(raw) if !raw.is_empty() => raw.to_owned(),
            _ if n != 0.0 && !(1e-6..1e16).contains(&n.abs()) => format!("{n:e}"),
            _ => n.to_string(),
        }
    }

    /// Reads a weight: finite, greater than 0, and at least
    /// [`f64::MIN_POSITIVE`] (2.2e-308). Smaller weights are kept by
    /// floating point with fewer digits, or as 0 (`1e-400`), so products
    /// with them lose the ratio the author wrote.
    pub fn weight(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<f64> {
        let n = self.number(node, path)?;
        if n >= f64::MIN_POSITIVE {
            return Some(n);
        }
        let shown = self.number_text(node, n);
        let mantissa = shown.split(['e', 'E']).next().unwrap_or("");
        let written_nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if n < 0.0 || shown.starts_with('-') || !written_nonzero {
            self.error_help(
                node,
                path,
                format!("weight {shown} is not greater than 0"),
                "weights are relative to their siblings; use a positive number such as 1",
            );
        } else {
            self.error_help(
                node,
                path,
                format!("weight {shown} is too small to compute with"),
                "rungs computes with weights of at least 2.2e-308; weights only count relative to their siblings, so use numbers such as 1, 2 and 3",
            );
        }
        None
    }

    /// Reads a non-negative integer.
    pub fn unsigned(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<u32> {
        match node.value {
            Value::Int(i) => match u32::try_from(i) {
                Ok(u) => Some(u),
                Err(_) => {
                    self.error_near(
                        node,
                        path,
                        format!("{i} is out of range: expected a whole number from 0"),
                    );
                    None
                }
            },
            ref other => {
                self.error_near(
                    node,
                    path,
                    format!("expected a whole number, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// Reads a boolean.
    pub fn boolean(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            ref other => {
                self.error_help(
                    node,
                    path,
                    format!("expected true or false, found {}", other.kind()),
                    "write `true` or `false`",
                );
                None
            }
        }
    }

    /// Reads a list.
    pub fn list<'n>(&mut self, node: &'n Node, path: &KeyPath<'_>) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            other => {
                self.error_near(
                    node,
                    path,
                    format!("expected a list, found {}", other.kind()),
                );
                None
            }
        }
    }
}

/// The entries of a mapping, by key.
pub struct Fields<'n> {
    node: &'n Node,
    entries: Vec<(String, (&'n Node, &'n Node))>,
}

impl<'n> Fields<'n> {
    /// The mapping node itself (for "missing key" problems).
    pub fn node(&self) -> &'n Node {
        self.node
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, (_, v))| *v)
    }

    /// The key node of `key`, if present (its position is the key's).
    pub fn key_node(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, (k, _))| *k)
    }

    /// The value of a required key; reports it missing otherwise.
    pub fn require(&self, doc: &mut Doc<'_>, path: &KeyPath<'_>, key: &str) -> Option<&'n Node> {
        let found = self.get(key);
        if found.is_none() {
            doc.error_near(
                self.node,
                &path.key(key),
                format!("missing required key `{key}`"),
            );
        }
        found
    }

    /// Entries in document order: key text, key node, value node.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &'n Node, &'n Node)> + '_ {
        self.entries
            .iter()
            .map(|(k, (kn, v))| (k.as_str(), *kn, *v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the mapping is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Node {
        match parse("t.yaml", src) {
            Ok(n) => n,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    #[test]
    fn keeps_positions_and_raw_text() {
        let src = "a: 1\nperiod: 2025.10\nname: x\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d
            .map(&root, &KeyPath::ROOT, &["a", "period", "name"])
            .unwrap();
        let period = f.get("period").unwrap();
        assert_eq!(period.position, Position { line: 2, column: 9 });
        assert_eq!(d.string(period, &KeyPath::ROOT).as_deref(), Some("2025.10"));
        assert!(!d.has_problems());
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        let src = "a: .inf\nb: -.Inf\nc: .NaN\nd: 2.5\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d.map(&root, &KeyPath::ROOT, &["a", "b", "c", "d"]).unwrap();
        let read: Vec<Option<f64>> = ["a", "b", "c", "d"]
            .iter()
            .map(|k| {
                let node = f.get(k).unwrap();
                d.number(node, &KeyPath::ROOT.key(k))
            })
            .collect();
        assert_eq!(read, [None, None, None, Some(2.5)]);
        let problems = d.into_problems();
        assert_eq!(problems.len(), 3);
        assert!(
            problems
                .iter()
                .all(|p| p.message == "expected a finite number")
        );
        assert_eq!(problems[1].position, Some(Position { line: 2, column: 4 }));
    }

    #[test]
    fn yaml11_booleans_are_strings() {
        let root = doc("a: y\nb: no\nc: true\n");
        let Value::Map(m) = root.value else { panic!() };
        assert_eq!(m[0].1.value, Value::Str("y".into()));
        assert_eq!(m[1].1.value, Value::Str("no".into()));
        assert_eq!(m[2].1.value, Value::Bool(true));
    }

    #[test]
    fn unknown_keys_get_suggestions_and_paths() {
        let src = "outer:\n  titel: x\n  other: y\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d.map(&root, &KeyPath::ROOT, &["outer"]).unwrap();
        let outer = f.get("outer").unwrap();
        let p = KeyPath::ROOT.key("outer");
        d.map(outer, &p, &["title", "description"]);
        let problems = d.into_problems();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].message, "unknown key `titel`");
        assert_eq!(problems[0].key_path.as_deref(), Some("outer.titel"));
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(problems[0].position, Some(Position { line: 2, column: 3 }));
        assert_eq!(
            problems[1].help.as_deref(),
            Some("allowed keys here: title, description")
        );
    }

    /// The problems of opening every mapping at the root of `src` as
    /// `open` does.
    fn opened(
        src: &str,
        open: impl Fn(&mut Doc<'_>, &Node) -> Option<usize>,
    ) -> (Option<usize>, Vec<Diagnostic>) {
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let kept = open(&mut d, &root);
        (kept, d.into_problems())
    }

    #[test]
    fn keys_that_read_alike_are_given_twice() {
        let (kept, p) = opened("1: a\n\"1\": b\ntrue: c\n'true': d\nx: e\n", |d, n| {
            d.map_of(n, &KeyPath::ROOT, "capability").map(|f| f.len())
        });
        assert_eq!(kept, Some(3));
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "capability `1` is given twice: at line 1 as `1` and at line 2 as `\"1\"`",
                "capability `true` is given twice: at line 3 as `true` and at line 4 as `'true'`",
            ]
        );
        assert_eq!(p[0].position, Some(Position { line: 2, column: 1 }));
        assert_eq!(p[0].key_path.as_deref(), Some("1"));
        assert_eq!(
            p[0].help.as_deref(),
            Some("`1` and `\"1\"` both name capability `1`: keep one of them")
        );
        // The first one is kept: `get` finds its value.
        let root = doc("1: a\n\"1\": b\n");
        let mut d = Doc::new("t.yaml", "1: a\n\"1\": b\n");
        let f = d.any_map(&root, &KeyPath::ROOT).unwrap();
        assert_eq!(f.get("1").map(|n| &n.value), Some(&Value::Str("a".into())));
        assert_eq!(
            d.into_problems()[0].message,
            "key `1` is given twice: at line 1 as `1` and at line 2 as `\"1\"`"
        );
        // Text keys alone: nothing to find, nothing reported.
        let (kept, p) = opened("a: 1\nb: 2\n", |d, n| {
            d.any_map(n, &KeyPath::ROOT).map(|f| f.len())
        });
        assert_eq!((kept, p.len()), (Some(2), 0));
    }

    #[test]
    fn level_keys_name_one_level_however_written() {
        for (src, first, second) in [
            ("1: a\n\"1\": b\n", "`1`", "`\"1\"`"),
            ("1: a\n01: b\n", "`1`", "`01`"),
            ("+1: a\n'01': b\n", "`+1`", "`'01'`"),
            ("0x1: a\n\"+1\": b\n", "`0x1`", "`\"+1\"`"),
        ] {
            let (kept, p) = opened(src, |d, n| d.level_map(n, &KeyPath::ROOT).map(|f| f.len()));
            assert_eq!(kept, Some(1), "{src}");
            assert_eq!(p.len(), 1, "{src}: {p:?}");
            assert_eq!(
                p[0].message,
                format!("level 1 is given twice: at line 1 as {first} and at line 2 as {second}"),
                "{src}"
            );
        }
        // Levels that differ, and keys that are no level, are kept.
        let (kept, p) = opened("1: a\n2: b\n1.0: c\none: d\n", |d, n| {
            d.level_map(n, &KeyPath::ROOT).map(|f| f.len())
        });
        assert_eq!((kept, p.len()), (Some(4), 0));
        assert_eq!(level_number("01"), Some(1));
        assert_eq!(level_number("+2"), Some(2));
        for no in ["1.0", "-1", "one", "", " 1", "1e0"] {
            assert_eq!(level_number(no), None, "{no}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_left_out() {
        let src = "\u{feff}title: x\nbad: [1\n";
        let e = parse("t.yaml", src).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(
            e.source_line
                .as_deref()
                .is_none_or(|l| !l.contains('\u{feff}'))
        );
        let src = "\u{feff}period: 2025.10\nx: [1]\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d.map(&root, &KeyPath::ROOT, &["period"]).unwrap();
        let period = f.get("period").unwrap();
        // The exact text and the column are those the author sees.
        assert_eq!(d.string(period, &KeyPath::ROOT).as_deref(), Some("2025.10"));
        assert_eq!(period.position, Position { line: 1, column: 9 });
        let p = d.into_problems();
        assert_eq!(p[0].message, "unknown key `x`");
        assert_eq!(p[0].source_line.as_deref(), Some("x: [1]"));
        let d = Doc::new("t.yaml", "\u{feff}bad: 1\n");
        assert_eq!(d.source, "bad: 1\n");
        // Only one is taken off.
        assert_eq!(crate::text::without_bom("\u{feff}\u{feff}a"), "\u{feff}a");
        assert_eq!(crate::text::without_bom("a\u{feff}"), "a\u{feff}");
    }

    #[test]
    fn weights_must_be_large_enough_to_compute_with() {
        let src = "a: 1e-320\nb: 1e-400\nc: 0\nd: -1e-400\ne: 2.3e-308\nf: 1e308\ng: -0.0\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d.any_map(&root, &KeyPath::ROOT).unwrap();
        let read: Vec<Option<f64>> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|k| d.weight(f.get(k).unwrap(), &KeyPath::ROOT.key(k)))
            .collect();
        assert_eq!(
            read,
            [None, None, None, None, Some(2.3e-308), Some(1e308), None]
        );
        let messages: Vec<String> = d.into_problems().into_iter().map(|p| p.message).collect();
        assert_eq!(
            messages,
            [
                "weight 1e-320 is too small to compute with",
                "weight 1e-400 is too small to compute with",
                "weight 0 is not greater than 0",
                "weight -1e-400 is not greater than 0",
                "weight -0.0 is not greater than 0",
            ]
        );
    }

    #[test]
    fn numbers_in_messages_are_written_as_in_the_file() {
        let src = "a: 1e308\n";
        let root = doc(src);
        let mut d = Doc::new("t.yaml", src);
        let f = d.any_map(&root, &KeyPath::ROOT).unwrap();
        assert_eq!(
            d.number_in(f.get("a").unwrap(), &KeyPath::ROOT, 0.0, 1.0),
            None
        );
        assert_eq!(
            d.into_problems()[0].message,
            "1e308 is out of range: expected a number from 0 to 1"
        );
        let d = Doc::new("t.yaml", "");
        let node = Node {
            value: Value::Float(1e308),
            position: Position { line: 1, column: 1 },
            bytes: None,
        };
        assert_eq!(d.number_text(&node, 1e308), "1e308");
        assert_eq!(d.number_text(&node, 0.5), "0.5");
    }

    #[test]
    fn key_paths_render() {
        let root = KeyPath::ROOT;
        let a = root.key("dimensions");
        let b = a.index(2);
        let c = b.key("id");
        assert_eq!(c.to_string(), "dimensions[2].id");
    }
}
