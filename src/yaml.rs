//! The one place that parses YAML.
//!
//! Documents are parsed into a small tree of [`Node`]s that remember where
//! each value stood in the file. Stages then read that tree with a
//! [`Doc`], which checks types, ranges and unknown keys and collects every
//! problem as a [`Diagnostic`] with file, line, column and key path, instead
//! of stopping at the first one as serde's derive would.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Position, did_you_mean};

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
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

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned: Spanned<Value> = Spanned::deserialize(deserializer)?;
        let loc = spanned.referenced;
        let span = loc.span();
        let bytes = match (span.byte_offset(), span.byte_len()) {
            (Some(o), Some(l)) => usize::try_from(o).ok().zip(usize::try_from(l).ok()),
            _ => None,
        };
        Ok(Node {
            value: spanned.value,
            position: Position {
                line: usize::try_from(loc.line()).unwrap_or(usize::MAX),
                column: usize::try_from(loc.column()).unwrap_or(usize::MAX),
            },
            bytes,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        // Integers beyond i64 are out of range for anything rungs reads.
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// How deeply lists and mappings may nest in a YAML file, counting the
/// levels that aliases bring in. rungs' own formats need at most 8 (a
/// criterion of a model). The document is read recursively, so this also
/// bounds the stack it takes: the parser's default of 64 levels overflowed
/// a thread's 2 MiB stack in a debug build (about 40 KiB a level), which
/// aborted the whole program.
pub const MAX_DEPTH: usize = 24;

/// How many values (lists, mappings and scalars) a YAML file may hold once
/// its aliases are expanded: far more than any model or assessment needs,
/// few enough that an alias bomb stops before it costs memory.
pub const MAX_NODES: usize = 250_000;

fn parser_options(max_nodes: usize) -> serde_saphyr::options::Options {
    let mut options = serde_saphyr::options::Options::default();
    options.strict_booleans = true;
    options.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_depth = MAX_DEPTH;
        budget.max_nodes = max_nodes;
        // Counting values after expansion already stops alias bombs; the
        // ratio check on top refused sound files such as a model whose 100
        // capabilities all merge one `&defaults` anchor.
        budget.enforce_alias_anchor_ratio = false;
    }
    options
}

/// Parses one YAML document.
///
/// Duplicate keys, alias bombs, documents nested deeper than [`MAX_DEPTH`]
/// and YAML 1.1 booleans such as `y` are rejected by the parser's options;
/// the error names the line and column.
pub fn parse(file: &str, source: &str) -> Result<Node, Diagnostic> {
    parse_limited(file, source, MAX_NODES)
}

/// [`parse`] with another limit on values, so tests can reach it cheaply.
fn parse_limited(file: &str, source: &str, max_nodes: usize) -> Result<Node, Diagnostic> {
    serde_saphyr::from_str_with_options::<Node>(source, parser_options(max_nodes)).map_err(|e| {
        let (message, help) = explain(&e);
        let diag = Diagnostic::in_file(file, message).with_help(help);
        match e.location() {
            Some(loc) if loc.line() > 0 => diag.at(
                source,
                Position {
                    line: usize::try_from(loc.line()).unwrap_or(usize::MAX),
                    column: usize::try_from(loc.column()).unwrap_or(1),
                },
            ),
            _ => diag,
        }
    })
}

/// Turns a parser error into a message for the person who wrote the file:
/// no parser internals, no repeated position (we print it ourselves), and a
/// hint that says what to do.
fn explain(error: &serde_saphyr::Error) -> (String, String) {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach as Breach;
    // A limit reached while an alias was being replayed comes wrapped in
    // the alias's locations: that is what tells an alias bomb from a file
    // that is simply large.
    let mut inner = error;
    let mut in_alias = false;
    loop {
        match inner {
            Error::WithSnippet { error, .. } => inner = error,
            Error::AliasError { error, .. } => {
                in_alias = true;
                inner = error;
            }
            _ => break,
        }
    }
    let aliases = || {
        (
            "the document expands aliases too far".to_owned(),
            format!(
                "each alias (`*name`) stands for a copy of its anchor (`&name`), and aliases of anchors \
                 that hold aliases multiply: expanded, this document would pass the limits that protect \
                 rungs from \"alias bombs\" ({} values, 64 MB of text); write the values out, or alias \
                 only small values",
                thousands(MAX_NODES)
            ),
        )
    };
    let too_large = || {
        (
            format!(
                "the document is too large: more than {} values",
                thousands(MAX_NODES)
            ),
            format!(
                "rungs reads at most {} values (lists, mappings and scalars) in one YAML file, far more \
                 than any model or assessment needs; check that this is the file you meant, or split it",
                thousands(MAX_NODES)
            ),
        )
    };
    match inner {
        Error::Budget {
            breach: Breach::Depth { .. },
            ..
        }
        | Error::AliasReplayStackDepthExceeded { .. } => too_deep(),
        Error::Budget {
            breach: Breach::Documents { .. },
            ..
        } => multiple_documents(),
        Error::Budget {
            breach:
                Breach::Nodes { .. }
                | Breach::Events { .. }
                | Breach::ScalarBytes { .. }
                | Breach::InputBytes { .. },
            ..
        } if !in_alias => too_large(),
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => aliases(),
        other => explain_message(&other.to_string()),
    }
}

fn too_deep() -> (String, String) {
    (
        format!(
            "the document is nested too deeply: more than {MAX_DEPTH} levels of lists and mappings"
        ),
        format!(
            "rungs reads YAML nested at most {MAX_DEPTH} levels deep, counting the levels that aliases bring in \
             (its own files need at most 8); check the brackets and indentation, or flatten the structure"
        ),
    )
}

fn multiple_documents() -> (String, String) {
    (
        "the file holds more than one YAML document".to_owned(),
        "keep one document per file: remove the `---` line or split the file".to_owned(),
    )
}

/// `250000` as `250,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// [`explain`] for the parser's other errors, from their message.
fn explain_message(parser_message: &str) -> (String, String) {
    let first = parser_message.lines().next().unwrap_or("").trim();
    // Drop a leading "line L column C: " and a trailing " at line L, column C ...".
    let first = first
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(first, |(_, rest)| rest);
    let first = first
        .find(" at line ")
        .map_or(first, |i| &first[..i])
        .trim();
    if let Some(rest) = first.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest);
        return (
            format!("duplicate key `{key}`"),
            "a key may appear only once in a mapping: remove or rename one of them".to_owned(),
        );
    }
    if first.starts_with("multiple YAML documents") {
        return multiple_documents();
    }
    if first.starts_with("recursion limit exceeded") {
        // The parser's own guard, for flow collections (`[[[[...`).
        return too_deep();
    }
    let message = if first.is_empty() {
        "the YAML cannot be parsed"
    } else {
        first
    };
    (
        format!("invalid YAML: {message}"),
        "check the indentation and quoting around this point".to_owned(),
    )
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
    problems: Vec<Diagnostic>,
}

impl<'s> Doc<'s> {
    /// Starts reading the document parsed from `source`, found at `file`.
    pub fn new(file: &'s str, source: &'s str) -> Self {
        Doc {
            file,
            source,
            problems: Vec::new(),
        }
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
        let mut d = Diagnostic::in_file(self.file, message)
            .with_key_path(path.to_string())
            .at(self.source, position);
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
    pub fn any_map<'n>(&mut self, node: &'n Node, path: &KeyPath<'_>) -> Option<Fields<'n>> {
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

    /// Reads a slug id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
    pub fn id(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<String> {
        let s = self.string(node, path)?;
        self.check_id(node, path, &s).then_some(s)
    }

    /// Checks that `s` is a slug id, reporting at `node` if not.
    pub fn check_id(&mut self, node: &Node, path: &KeyPath<'_>, s: &str) -> bool {
        if crate::slug::is_id(s) {
            return true;
        }
        self.error_help(
            node,
            path,
            format!("`{s}` is not a valid id"),
            format!(
                "ids use lowercase letters, digits and hyphens, start with a letter or digit and have at most 64 characters, e.g. `{}`",
                crate::slug::suggest_id(s)
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
            self.error_near(
                node,
                path,
                format!("{n} is out of range: expected a number from {lo} to {hi}"),
            );
            return None;
        }
        Some(n)
    }

    /// Reads a weight: finite and greater than 0.
    pub fn weight(&mut self, node: &Node, path: &KeyPath<'_>) -> Option<f64> {
        let n = self.number(node, path)?;
        if n <= 0.0 {
            self.error_help(
                node,
                path,
                format!("weight {n} is not greater than 0"),
                "weights are relative to their siblings; use a positive number such as 1",
            );
            return None;
        }
        Some(n)
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

    #[test]
    fn syntax_and_duplicate_key_errors_have_positions() {
        let e = parse("t.yaml", "a: [1, 2\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.line), Some(1));
        let e = parse("t.yaml", "a: 1\na: 2\n").unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn parser_messages_speak_to_the_author() {
        let e = parse("t.yaml", "a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.message, "duplicate key `a`");
        assert!(!e.help.as_deref().unwrap_or("").contains("Options"));
        let e = parse("t.yaml", "a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(e.message, "the file holds more than one YAML document");
        let bomb = format!(
            "a: &a [{}]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "1,".repeat(9)
        );
        let e = parse("t.yaml", &bomb).unwrap_err();
        assert_eq!(e.message, "the document expands aliases too far");
        let e = parse("t.yaml", "a: \"open\n").unwrap_err();
        assert_eq!(e.message, "invalid YAML: unclosed quote");
        assert_eq!(e.position, Some(Position { line: 1, column: 4 }));
    }

    /// Runs `f` on a thread with a 2 MiB stack, the size of rayon's worker
    /// threads (which parse assessments) and of test threads.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        match std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(f)
            .map(std::thread::JoinHandle::join)
        {
            Ok(Ok(t)) => t,
            _ => panic!("the thread failed"),
        }
    }

    #[test]
    fn nesting_is_limited_before_it_can_exhaust_the_stack() {
        let nested =
            |depth: usize| format!("a: {}{}\n", "[".repeat(depth - 1), "]".repeat(depth - 1));
        let ok = nested(MAX_DEPTH);
        assert!(on_small_stack(move || parse("t.yaml", &ok).is_ok()));
        let deep = nested(MAX_DEPTH + 1);
        let e = on_small_stack(move || parse("t.yaml", &deep)).unwrap_err();
        assert_eq!(
            e.message,
            "the document is nested too deeply: more than 24 levels of lists and mappings"
        );
        assert_eq!(e.position.map(|p| p.line), Some(1));
        // Far past the limit, and through aliases: each level wraps the last.
        let mut chain = String::from("a0: &a0 [x]\n");
        for i in 1..200 {
            chain.push_str(&format!("a{i}: &a{i} [[*a{}]]\n", i - 1));
        }
        let e = on_small_stack(move || parse("t.yaml", &chain)).unwrap_err();
        assert!(
            e.message.starts_with("the document is nested too deeply"),
            "{}",
            e.message
        );
        assert!(e.help.as_deref().is_some_and(|h| h.contains("aliases")));
        let flow = format!("a: {}", "[".repeat(100_000));
        let e = on_small_stack(move || parse("t.yaml", &flow)).unwrap_err();
        assert!(
            e.message.starts_with("the document is nested too deeply"),
            "{}",
            e.message
        );
    }

    #[test]
    fn alias_bombs_are_told_from_large_files() {
        // Ten levels of ten aliases each: 10^10 values once expanded. (With
        // a limit of 5,000 values here, to keep the test fast in debug
        // builds; `parser_messages_speak_to_the_author` uses the real one.)
        let mut bomb = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*l{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
        }
        let e = on_small_stack(move || parse_limited("t.yaml", &bomb, 5000)).unwrap_err();
        assert_eq!(e.message, "the document expands aliases too far");
        let help = e.help.unwrap_or_default();
        assert!(
            help.contains("alias bombs") && help.contains("250,000"),
            "{help}"
        );
        // Reported where an alias pushed it over, on a line of the file.
        assert!(
            e.position.is_some_and(|p| (2..=10).contains(&p.line)),
            "{:?}",
            e.position
        );
        assert!(e.source_line.is_some_and(|l| l.contains('*')));

        // A mapping bomb, and one long anchored text repeated.
        let mut maps = String::from("m0: &m0 {a: x, b: x, c: x}\n");
        for i in 1..14 {
            let p = i - 1;
            maps.push_str(&format!("m{i}: &m{i} {{a: *m{p}, b: *m{p}, c: *m{p}}}\n"));
        }
        let e = on_small_stack(move || parse_limited("t.yaml", &maps, 5000)).unwrap_err();
        assert_eq!(e.message, "the document expands aliases too far");
        let text = format!(
            "a: &a {}\nb: [{}]\n",
            "x".repeat(1 << 20),
            vec!["*a"; 80].join(",")
        );
        let e = on_small_stack(move || parse("t.yaml", &text)).unwrap_err();
        assert_eq!(e.message, "the document expands aliases too far");

        // Many values without aliases: large, not a bomb.
        let large = "- 1\n".repeat(5010);
        let e = on_small_stack(move || parse_limited("t.yaml", &large, 5000)).unwrap_err();
        assert_eq!(
            e.message,
            "the document is too large: more than 250,000 values"
        );

        // Many aliases of small anchors are fine.
        let many = format!(
            "w: &w 1\nd: &d {{weight: 1}}\nl: [{}]\nm: [{}]\n",
            vec!["*w"; 2000].join(","),
            vec!["{<<: *d}"; 500].join(",")
        );
        assert!(on_small_stack(
            move || parse_limited("t.yaml", &many, 5000).is_ok()
        ));
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(250_000), "250,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
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
