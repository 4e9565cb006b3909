//! YAML text to a [`Node`] tree, built straight from the parser's events.
//!
//! The tree is built here rather than through serde: a serde deserializer
//! wraps every value in a span-tracking newtype and buffers events to
//! replay them, which cost three times the parsing itself (about 400 µs
//! for a 7 KB assessment, where the events alone take 130 µs). Reading
//! the events directly also puts every rule in one place: the YAML 1.2
//! core schema for plain scalars, merge keys, duplicate keys, and the
//! limits that keep hostile files from exhausting the stack or memory.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

use granit_parser::{ErrorKind, Event, Marker, Parser, ScalarStyle, ScanError, Span, Tag};

use super::{Node, Value};
use crate::diag::{Diagnostic, Position};

/// How deeply lists and mappings may nest in a YAML file, counting the
/// levels that aliases bring in. rungs' own formats need at most 8 (a
/// criterion of a model). The tree is built recursively, so this also
/// bounds the stack it takes on rayon's 2 MiB worker stacks.
pub const MAX_DEPTH: usize = 24;

/// How many values (lists, mappings and scalars) a YAML file may hold once
/// its aliases are expanded: far more than any model or assessment needs,
/// few enough that an alias bomb stops before it costs memory.
pub const MAX_NODES: usize = 250_000;

/// How much scalar text a YAML file may hold once its aliases are
/// expanded (one long anchored text repeated is a bomb too).
const MAX_TEXT: usize = 64 << 20;

/// Mappings with more entries than this find duplicate keys through a
/// hash set instead of comparing with every earlier key.
const LINEAR_KEYS: usize = 16;

/// Parses one YAML document.
///
/// Duplicate keys, alias bombs, documents nested deeper than [`MAX_DEPTH`]
/// and documents after the first are rejected with the line and column;
/// plain scalars follow the YAML 1.2 core schema, so `y` and `no` are
/// strings, not booleans.
/// One leading byte order mark is left out ([`crate::text::without_bom`]), so
/// positions and byte ranges are those of the text after it, as a
/// [`super::Doc`] of the same source reads them.
pub fn parse(file: &str, source: &str) -> Result<Node, Diagnostic> {
    parse_limited(file, source, MAX_NODES)
}

/// [`parse`] with another limit on values, so tests can reach it cheaply.
pub(super) fn parse_limited(
    file: &str,
    source: &str,
    max_nodes: usize,
) -> Result<Node, Diagnostic> {
    let source = crate::text::without_bom(source);
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut reader = Reader {
        events: Parser::new_from_str_with_options(source, options),
        anchors: Vec::new(),
        nodes: 0,
        text: 0,
        max_nodes,
    };
    reader
        .document()
        .map_err(|failure| failure.diagnostic(file, source))
}

/// Why a document could not be read.
enum Failure {
    /// The parser's own error: the text is not YAML.
    Syntax(ScanError),
    /// The events ended before the document did.
    Truncated,
    /// Lists and mappings nest deeper than [`MAX_DEPTH`].
    TooDeep(Position),
    /// More values or text than the limits, without aliases.
    TooLarge(Position),
    /// More values or text than the limits once aliases are expanded.
    Aliases(Position),
    /// An alias inside the value its anchor names.
    RecursiveAlias(Position),
    /// A second document in the file.
    MultipleDocuments(Position),
    /// A key repeated in one mapping: the key as messages show it, then
    /// the first and the repeated key.
    DuplicateKey(String, KeySeen, KeySeen),
    /// `<<` with a value that is not a mapping or a list of mappings.
    BadMerge(Position),
    /// A scalar whose core-schema tag (`!!int`...) its text does not fit.
    BadTag(String, &'static str, Position),
}

impl Failure {
    fn diagnostic(self, file: &str, source: &str) -> Diagnostic {
        let (message, help, at) = match self {
            Failure::Syntax(e) => {
                let (message, help) = explain_syntax(&e);
                (message, help, Some(position(e.marker())))
            }
            Failure::Truncated => (
                "invalid YAML: the file ends in the middle of a value".to_owned(),
                "check that the file was saved completely".to_owned(),
                None,
            ),
            Failure::TooDeep(at) => {
                let (message, help) = too_deep();
                (message, help, Some(at))
            }
            Failure::TooLarge(at) => (
                format!(
                    "the document is too large: more than {} values",
                    thousands(MAX_NODES)
                ),
                format!(
                    "rungs reads at most {} values (lists, mappings and scalars) and {} MB of text in one \
                     YAML file, far more than any model or assessment needs; check that this is the file \
                     you meant, or split it",
                    thousands(MAX_NODES),
                    MAX_TEXT >> 20
                ),
                Some(at),
            ),
            Failure::Aliases(at) => (
                "the document expands aliases too far".to_owned(),
                format!(
                    "each alias (`*name`) stands for a copy of its anchor (`&name`), and aliases of anchors \
                     that hold aliases multiply: expanded, this document would pass the limits that protect \
                     rungs from \"alias bombs\" ({} values, {} MB of text); write the values out, or alias \
                     only small values",
                    thousands(MAX_NODES),
                    MAX_TEXT >> 20
                ),
                Some(at),
            ),
            Failure::RecursiveAlias(at) => (
                "an alias refers to a value that contains it".to_owned(),
                "an alias (`*name`) can only stand for a value whose anchor (`&name`) is complete: \
                 move the alias out of the anchored value"
                    .to_owned(),
                Some(at),
            ),
            Failure::MultipleDocuments(at) => (
                "the file holds more than one YAML document".to_owned(),
                "keep one document per file: remove the `---` line or split the file".to_owned(),
                Some(at),
            ),
            Failure::DuplicateKey(key, first, again) => {
                let (a, b) = (first.spelling(source), again.spelling(source));
                let message = match (a, b) {
                    (Some(a), Some(b)) if a != b => format!(
                        "duplicate key `{key}`: at line {} as `{a}` and at line {} as `{b}`",
                        first.at.line, again.at.line
                    ),
                    _ if first.at.line == again.at.line => {
                        format!("duplicate key `{key}`: twice on line {}", again.at.line)
                    }
                    _ => format!(
                        "duplicate key `{key}`: at lines {} and {}",
                        first.at.line, again.at.line
                    ),
                };
                (
                    message,
                    "a key may appear only once in a mapping: remove or rename one of them"
                        .to_owned(),
                    Some(again.at),
                )
            }
            Failure::BadMerge(at) => (
                "a merge key (`<<`) needs a mapping or a list of mappings".to_owned(),
                "write `<<: *name` where `&name` marks a mapping, or a list of such aliases".to_owned(),
                Some(at),
            ),
            Failure::BadTag(text, tag, at) => (
                format!("`{text}` is not a valid value for its tag `!!{tag}`"),
                format!("write a valid {tag}, or remove the `!!{tag}` tag"),
                Some(at),
            ),
        };
        let d = Diagnostic::in_file(file, message).with_help(help);
        match at {
            Some(at) => d.at(source, at),
            None => d,
        }
    }
}

/// Where a key stands, and where its text is, for messages.
struct KeySeen {
    at: Position,
    bytes: Option<(usize, usize)>,
}

impl KeySeen {
    fn of(key: &Node) -> KeySeen {
        KeySeen {
            at: key.position,
            bytes: key.bytes,
        }
    }

    /// The key as the file writes it (`+1`, `"1"`), if known.
    fn spelling(&self, source: &str) -> Option<String> {
        let (start, len) = self.bytes?;
        let text = source.get(start..start.checked_add(len)?)?.trim();
        // Long or multi-line keys are named by their value alone.
        (!text.is_empty() && text.len() <= 80 && !text.contains(['\n', '\r']))
            .then(|| text.to_owned())
    }
}

fn position(marker: &Marker) -> Position {
    Position {
        line: marker.line().max(1),
        column: marker.col() + 1,
    }
}

/// A value with an anchor, kept for its aliases.
struct Anchored {
    node: Node,
    /// Values in it, itself included.
    nodes: usize,
    /// Bytes of scalar text in it.
    text: usize,
    /// Levels of lists and mappings in it (0 for a scalar).
    height: usize,
}

struct Reader<'s> {
    events: Parser<'s, granit_parser::StrInput<'s>>,
    /// By anchor id (the parser numbers anchors from 1).
    anchors: Vec<Option<Anchored>>,
    /// Values so far, aliases expanded.
    nodes: usize,
    /// Bytes of scalar text so far, aliases expanded.
    text: usize,
    max_nodes: usize,
}

impl<'s> Reader<'s> {
    fn next(&mut self) -> Result<(Event<'s>, Span), Failure> {
        match self.events.next() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err(Failure::Syntax(e)),
            None => Err(Failure::Truncated),
        }
    }

    /// The one document of the stream (null when the file holds none).
    fn document(&mut self) -> Result<Node, Failure> {
        let empty = Node {
            value: Value::Null,
            position: Position { line: 1, column: 1 },
            bytes: None,
        };
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd => {}
                Event::StreamEnd => return Ok(root.unwrap_or(empty)),
                Event::DocumentStart(..) if root.is_some() => {
                    return Err(Failure::MultipleDocuments(position(&span.start)));
                }
                Event::DocumentStart(..) => {
                    let (event, span) = self.next()?;
                    root = Some(self.node(event, span, 0)?.0);
                }
                _ => return Err(Failure::Truncated),
            }
        }
    }

    /// The value anchored as `id`. An anchor is stored once its value is
    /// complete, so an alias inside that value finds nothing yet.
    fn anchored(&self, id: usize, at: Position) -> Result<&Anchored, Failure> {
        match self.anchors.get(id) {
            Some(Some(a)) => Ok(a),
            _ => Err(Failure::RecursiveAlias(at)),
        }
    }

    /// Counts `nodes` values and `text` bytes against the limits.
    fn count(
        &mut self,
        nodes: usize,
        text: usize,
        at: Position,
        alias: bool,
    ) -> Result<(), Failure> {
        self.nodes = self.nodes.saturating_add(nodes);
        self.text = self.text.saturating_add(text);
        if self.nodes > self.max_nodes || self.text > MAX_TEXT {
            return Err(if alias {
                Failure::Aliases(at)
            } else {
                Failure::TooLarge(at)
            });
        }
        Ok(())
    }

    /// The value that starts with `event`, and its height (levels of lists
    /// and mappings), inside `level` levels of lists and mappings.
    fn node(
        &mut self,
        event: Event<'s>,
        span: Span,
        level: usize,
    ) -> Result<(Node, usize), Failure> {
        let at = position(&span.start);
        let (nodes, text) = (self.nodes, self.text);
        let (value, height, anchor, bytes) = match event {
            Event::Scalar(content, style, anchor, tag) => {
                self.count(1, content.len(), at, false)?;
                let value = resolve(&content, style, tag.as_deref()).map_err(|tag| {
                    let tag_at = span.tag_start().map_or(at, |m| position(&m));
                    Failure::BadTag(content.clone().into_owned(), tag, tag_at)
                })?;
                let bytes = span.byte_range().map(|r| (r.start, r.len()));
                (value, 0, anchor, bytes)
            }
            Event::SequenceStart(_, anchor, _) => {
                let (value, height) = self.sequence(level + 1, at)?;
                (value, height, anchor, None)
            }
            Event::MappingStart(_, anchor, _) => {
                let (value, height) = self.mapping(level + 1, at)?;
                (value, height, anchor, None)
            }
            Event::Alias(id) => {
                let a = self.anchored(id, at)?;
                let (count, text, height) = (a.nodes, a.text, a.height);
                if level + height > MAX_DEPTH {
                    return Err(Failure::TooDeep(at));
                }
                // Counted before it is copied, so a bomb costs no memory.
                self.count(count, text, at, true)?;
                // The exact text (`bytes`) stays the anchor's: that is
                // where the value is written.
                let mut node = self.anchored(id, at)?.node.clone();
                node.position = at;
                return Ok((node, height));
            }
            _ => return Err(Failure::Truncated),
        };
        let node = Node {
            value,
            position: at,
            bytes,
        };
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize_with(anchor + 1, || None);
            }
            self.anchors[anchor] = Some(Anchored {
                node: node.clone(),
                nodes: self.nodes - nodes,
                text: self.text - text,
                height,
            });
        }
        Ok((node, height))
    }

    /// Checks and counts a list or mapping that opens at `level`.
    fn open(&mut self, level: usize, at: Position) -> Result<(), Failure> {
        if level > MAX_DEPTH {
            return Err(Failure::TooDeep(at));
        }
        self.count(1, 0, at, false)
    }

    /// The items of a list whose start event was read, at `level`.
    fn sequence(&mut self, level: usize, at: Position) -> Result<(Value, usize), Failure> {
        self.open(level, at)?;
        let mut items = Vec::new();
        let mut height = 1;
        loop {
            let (event, span) = self.next()?;
            if matches!(event, Event::SequenceEnd) {
                return Ok((Value::Seq(items), height));
            }
            let (item, h) = self.node(event, span, level)?;
            height = height.max(h + 1);
            items.push(item);
        }
    }

    /// The entries of a mapping whose start event was read, at `level`,
    /// with merge keys (`<<`) applied.
    fn mapping(&mut self, level: usize, at: Position) -> Result<(Value, usize), Failure> {
        self.open(level, at)?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut keys = KeySet::default();
        let mut merges: Vec<(usize, Node)> = Vec::new();
        let mut height = 1;
        loop {
            let (event, span) = self.next()?;
            if matches!(event, Event::MappingEnd) {
                break;
            }
            let is_merge =
                matches!(&event, Event::Scalar(k, ScalarStyle::Plain, _, None) if k == "<<");
            let (key, kh) = self.node(event, span, level)?;
            let (event, span) = self.next()?;
            let (value, vh) = self.node(event, span, level)?;
            height = height.max(kh.max(vh) + 1);
            if is_merge {
                merges.push((entries.len(), value));
                continue;
            }
            if let Err((first, key)) = keys.add(&mut entries, key, value) {
                return Err(Failure::DuplicateKey(
                    key_text(&key.value),
                    first,
                    KeySeen::of(&key),
                ));
            }
        }
        if !merges.is_empty() {
            entries = merge(entries, merges)?;
        }
        Ok((Value::Map(entries), height))
    }
}

/// The keys of one mapping so far, for finding duplicates: compared one
/// by one while the mapping is small, found through a [`KeyIndex`] once
/// it grows, so that a hostile file of many keys costs linear time.
#[derive(Default)]
struct KeySet {
    index: Option<KeyIndex>,
}

impl KeySet {
    /// Adds an entry to `entries` unless its key is there already; gives
    /// where the first one stands and the key back then.
    fn add(
        &mut self,
        entries: &mut Vec<(Node, Node)>,
        key: Node,
        value: Node,
    ) -> Result<(), (KeySeen, Node)> {
        if self.index.is_none() && entries.len() >= LINEAR_KEYS {
            self.index = Some(KeyIndex::of(entries));
        }
        let seen = match &self.index {
            Some(index) => index.find(entries, &key.value),
            None => entries.iter().position(|(k, _)| same(&k.value, &key.value)),
        };
        if let Some((first, _)) = seen.and_then(|i| entries.get(i)) {
            return Err((KeySeen::of(first), key));
        }
        entries.push((key, value));
        if let Some(index) = &mut self.index {
            index.insert(entries, entries.len() - 1);
        }
        Ok(())
    }
}

/// Where the keys of a list of entries are, by a hash of their value that
/// agrees with [`same`].
#[derive(Default)]
struct KeyIndex(HashMap<u64, Vec<usize>, foldhash::fast::FixedState>);

impl KeyIndex {
    /// The index of every key of `entries`.
    fn of(entries: &[(Node, Node)]) -> KeyIndex {
        let mut index = KeyIndex::default();
        for i in 0..entries.len() {
            index.insert(entries, i);
        }
        index
    }

    /// Records the key of `entries[i]`.
    fn insert(&mut self, entries: &[(Node, Node)], i: usize) {
        if let Some((key, _)) = entries.get(i) {
            self.0.entry(key_hash(&key.value)).or_default().push(i);
        }
    }

    /// Whether `entries` holds `key` (as recorded in this index).
    fn contains(&self, entries: &[(Node, Node)], key: &Value) -> bool {
        self.find(entries, key).is_some()
    }

    /// Where `entries` holds `key` (as recorded in this index).
    fn find(&self, entries: &[(Node, Node)], key: &Value) -> Option<usize> {
        self.0.get(&key_hash(key)).and_then(|at| {
            at.iter()
                .copied()
                .find(|&i| entries.get(i).is_some_and(|(k, _)| same(&k.value, key)))
        })
    }
}

fn key_hash(value: &Value) -> u64 {
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    hash_value(value, &mut hasher);
    hasher.finish()
}

/// Hashes `value` as [`same`] compares it: positions are left out, and
/// floats that compare equal (`0.0` and `-0.0`) hash alike.
fn hash_value(value: &Value, h: &mut impl Hasher) {
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => {
            h.write_u8(1);
            b.hash(h);
        }
        Value::Int(i) => {
            h.write_u8(2);
            i.hash(h);
        }
        Value::Float(f) => {
            h.write_u8(3);
            let bits = if *f == 0.0 { 0 } else { f.to_bits() };
            bits.hash(h);
        }
        Value::Str(s) => {
            h.write_u8(4);
            s.hash(h);
        }
        Value::Seq(items) => {
            h.write_u8(5);
            items.len().hash(h);
            for item in items {
                hash_value(&item.value, h);
            }
        }
        Value::Map(entries) => {
            h.write_u8(6);
            entries.len().hash(h);
            for (k, v) in entries {
                hash_value(&k.value, h);
                hash_value(&v.value, h);
            }
        }
    }
}

/// Applies merge keys: the entries of each merged mapping take the place
/// of its `<<`, except keys that the mapping sets itself or that an
/// earlier merged mapping gave (YAML's merge key type).
fn merge(
    entries: Vec<(Node, Node)>,
    merges: Vec<(usize, Node)>,
) -> Result<Vec<(Node, Node)>, Failure> {
    let explicit = KeyIndex::of(&entries);
    // The merged entries kept, each with the place of its `<<`.
    let mut merged: Vec<(Node, Node)> = Vec::new();
    let mut places: Vec<usize> = Vec::new();
    let mut index = KeyIndex::default();
    for (place, value) in merges {
        let maps = match value.value {
            Value::Map(m) => vec![m],
            Value::Seq(items) => items
                .into_iter()
                .map(|item| match item.value {
                    Value::Map(m) => Ok(m),
                    _ => Err(Failure::BadMerge(item.position)),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(Failure::BadMerge(value.position)),
        };
        for (k, v) in maps.into_iter().flatten() {
            if explicit.contains(&entries, &k.value) || index.contains(&merged, &k.value) {
                continue;
            }
            merged.push((k, v));
            places.push(place);
            index.insert(&merged, merged.len() - 1);
        }
    }
    let mut out = Vec::with_capacity(entries.len() + merged.len());
    let mut merged = places.into_iter().zip(merged).peekable();
    for (i, entry) in entries.into_iter().enumerate() {
        while let Some((_, e)) = merged.next_if(|(place, _)| *place == i) {
            out.push(e);
        }
        out.push(entry);
    }
    out.extend(merged.map(|(_, e)| e));
    Ok(out)
}

/// Whether two values are equal, wherever they stand in the file.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Seq(a), Value::Seq(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(&a.value, &b.value))
        }
        (Value::Map(a), Value::Map(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).all(|((ak, av), (bk, bv))| {
                    same(&ak.value, &bk.value) && same(&av.value, &bv.value)
                })
        }
        _ => a == b,
    }
}

/// A key as messages show it.
fn key_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(_) => "a list".to_owned(),
        Value::Map(_) => "a mapping".to_owned(),
    }
}

/// The value of a plain (unquoted) scalar written `text`, as the YAML 1.2
/// core schema reads it: how a table's cell is read
/// ([`crate::input::table`]), so that a cell means what the same text
/// means in an assessment file.
pub fn plain_value(text: &str) -> Value {
    resolve(text, ScalarStyle::Plain, None).unwrap_or_else(|_| Value::Str(text.to_owned()))
}

/// The value of a scalar: quoted and block scalars are strings; plain
/// ones follow the YAML 1.2 core schema (null, booleans, integers in
/// decimal, `0x` and `0o`, floats with `.inf` and `.nan`), anything else
/// is a string. A core-schema tag (`!!str`, `!!int`...) decides instead;
/// `Err` names the tag the text does not fit.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, &'static str> {
    let core = tag.and_then(Tag::core_suffix);
    match core {
        Some("str") => return Ok(Value::Str(text.to_owned())),
        Some("null") => return is_null(text).then_some(Value::Null).ok_or("null"),
        Some("bool") => return bool_of(text).map(Value::Bool).ok_or("bool"),
        Some("int") => return int_of(text).ok_or("int"),
        Some("float") => {
            return match int_of(text) {
                Some(Value::Int(i)) => Ok(Value::Float(i as f64)),
                Some(other) => Ok(other),
                None => float_of(text).map(Value::Float).ok_or("float"),
            };
        }
        Some("seq") => return Err("seq"),
        Some("map") => return Err("map"),
        _ => {}
    }
    // The non-specific tag `!` makes any scalar a string.
    let non_specific =
        tag.is_some_and(|t| matches!((t.handle(), t.suffix()), ("", "!") | ("!", "")));
    if !matches!(style, ScalarStyle::Plain) || non_specific {
        return Ok(Value::Str(text.to_owned()));
    }
    if is_null(text) {
        return Ok(Value::Null);
    }
    if let Some(b) = bool_of(text) {
        return Ok(Value::Bool(b));
    }
    if let Some(v) = int_of(text) {
        return Ok(v);
    }
    if let Some(f) = float_of(text) {
        return Ok(Value::Float(f));
    }
    Ok(Value::Str(text.to_owned()))
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer: `[-+]?[0-9]+` without leading zeros, `0x…` or `0o…`
/// (`0b…` too, as YAML 1.1 and many tools read it). A decimal too large
/// for 64 bits is a float, as it would be in JSON.
fn int_of(text: &str) -> Option<Value> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let radix = |prefix: &str, radix: u32| -> Option<Value> {
        let digits = unsigned.strip_prefix(prefix)?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let magnitude = i128::from(u64::from_str_radix(digits, radix).ok()?);
        let v = if negative { -magnitude } else { magnitude };
        i64::try_from(v).ok().map(Value::Int)
    };
    if unsigned.starts_with("0x") {
        return radix("0x", 16);
    }
    if unsigned.starts_with("0o") {
        return radix("0o", 8);
    }
    if unsigned.starts_with("0b") {
        return radix("0b", 2);
    }
    if unsigned.is_empty()
        || !unsigned.bytes().all(|b| b.is_ascii_digit())
        || (unsigned.len() > 1 && unsigned.starts_with('0'))
    {
        return None;
    }
    Some(match text.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(text.parse::<f64>().ok()?),
    })
}

/// A float of the core schema: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
/// `[-+]?.inf` and `.nan` in their three spellings.
fn float_of(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        // A signed NaN is not a core-schema float.
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    let b = unsigned.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(0);
    let mut i = int;
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        fraction = digits(i + 1);
        i += 1 + fraction;
    }
    if int == 0 && fraction == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'-' | b'+')));
        let exponent = digits(i + 1 + sign);
        if exponent == 0 {
            return None;
        }
        i += 1 + sign + exponent;
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>().ok()
}

/// A message and a hint for the parser's own errors, without parser
/// internals or a repeated position (messages print it themselves).
fn explain_syntax(error: &ScanError) -> (String, String) {
    if matches!(error.kind(), ErrorKind::RecursionLimitExceeded) {
        return too_deep();
    }
    let info = error.info();
    let first = info.lines().next().unwrap_or("").trim();
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(e.message, "duplicate key `a`: at lines 1 and 2");
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
}

#[cfg(test)]
mod schema_tests {
    use super::*;

    fn value(src: &str) -> Value {
        match parse("t.yaml", src) {
            Ok(n) => n.value,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    fn error(src: &str) -> Diagnostic {
        match parse("t.yaml", src) {
            Ok(n) => panic!("parsed: {n:?}"),
            Err(e) => e,
        }
    }

    /// The values of a mapping, in document order.
    fn values(src: &str) -> Vec<Value> {
        match value(src) {
            Value::Map(entries) => entries.into_iter().map(|(_, v)| v.value).collect(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    /// Key texts of a mapping, in document order.
    fn keys(v: &Value) -> Vec<String> {
        match v {
            Value::Map(entries) => entries.iter().map(|(k, _)| key_text(&k.value)).collect(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let got = values(
            "a: ~\nb: null\nc:\nd: True\ne: FALSE\nf: 42\ng: -7\nh: +3\ni: 0x1F\nj: 0o17\n\
             k: 2.50\nl: .5\nm: 1e3\nn: -.inf\no: .NaN\np: 007\nq: 1_000\nr: yes\ns: 0X1F\n\
             t: 99999999999999999999\nu: -.nan\nv: 1.2.3\nw: .\nx: 1e\n",
        );
        use Value::*;
        let expected = [
            Null,
            Null,
            Null,
            Bool(true),
            Bool(false),
            Int(42),
            Int(-7),
            Int(3),
            Int(31),
            Int(15),
            Float(2.5),
            Float(0.5),
            Float(1000.0),
            Float(f64::NEG_INFINITY),
        ];
        assert_eq!(got[..expected.len()], expected);
        assert!(matches!(got[14], Float(f) if f.is_nan()));
        // Leading zeros are a float (YAML 1.2 has no octal without `0o`).
        assert_eq!(got[15], Float(7.0));
        let strings = ["1_000", "yes", "0X1F"];
        for (v, s) in got[16..19].iter().zip(strings) {
            assert_eq!(*v, Str(s.to_owned()));
        }
        assert_eq!(got[19], Float(1e20));
        for (v, s) in got[20..].iter().zip(["-.nan", "1.2.3", ".", "1e"]) {
            assert_eq!(*v, Str(s.to_owned()));
        }
    }

    #[test]
    fn quoted_block_and_tagged_scalars() {
        let got = values(
            "a: \"42\"\nb: 'true'\nc: |\n  text\nd: !!str 12\ne: !!int \"12\"\nf: !!float 3\n\
             g: ! 12\nh: !custom 12\ni: !!str ~\n",
        );
        use Value::*;
        assert_eq!(
            got,
            [
                Str("42".into()),
                Str("true".into()),
                Str("text\n".into()),
                Str("12".into()),
                Int(12),
                Float(3.0),
                Str("12".into()),
                Int(12),
                Str("~".into()),
            ]
        );
        let e = error("a: 1\nb: !!int twelve\n");
        assert_eq!(
            e.message,
            "`twelve` is not a valid value for its tag `!!int`"
        );
        assert_eq!(e.position, Some(Position { line: 2, column: 4 }));
    }

    #[test]
    fn merge_keys_fill_in_what_the_mapping_does_not_set() {
        let src = "base: &b {x: 1, y: 2, z: 3}\nmore: &m {w: 0, y: 9}\n\
                   one: {a: 0, <<: *b, y: 5}\nmany:\n  <<: [*m, *b]\n  z: 7\n";
        let Value::Map(entries) = value(src) else {
            panic!("not a mapping")
        };
        let one = &entries[2].1.value;
        assert_eq!(keys(one), ["a", "x", "z", "y"]);
        assert_eq!(values_of(one), [0, 1, 3, 5]);
        // Earlier mappings in the list win; the mapping's own keys win.
        let many = &entries[3].1.value;
        assert_eq!(keys(many), ["w", "y", "x", "z"]);
        assert_eq!(values_of(many), [0, 9, 1, 7]);

        let e = error("a: {<<: 3}\n");
        assert_eq!(
            e.message,
            "a merge key (`<<`) needs a mapping or a list of mappings"
        );
        let e = error("a: &a {b: 1}\nc: {<<: [*a, 2]}\n");
        assert_eq!(
            e.position,
            Some(Position {
                line: 2,
                column: 14
            })
        );
        // Quoted, `<<` is an ordinary key.
        assert_eq!(keys(&value("\"<<\": 1\n")), ["<<"]);
    }

    fn values_of(v: &Value) -> Vec<i64> {
        match v {
            Value::Map(entries) => entries
                .iter()
                .map(|(_, v)| match v.value {
                    Value::Int(i) => i,
                    _ => panic!("not an integer"),
                })
                .collect(),
            _ => panic!("not a mapping"),
        }
    }

    #[test]
    fn duplicate_keys_are_found_in_small_and_large_mappings() {
        let small = "a: 1\nb: 2\n1: x\n\"1\": y\nb: 3\n";
        let e = error(small);
        assert_eq!(e.message, "duplicate key `b`: at lines 2 and 5");
        assert_eq!(e.position, Some(Position { line: 5, column: 1 }));
        // Past the linear scan, the hash set must find them too.
        let mut large: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        large.push_str("k3: again\n");
        let e = error(&large);
        assert_eq!(e.message, "duplicate key `k3`: at lines 4 and 41");
        assert_eq!(e.position.map(|p| p.line), Some(41));
        // An integer and a string that read alike are different keys.
        let mut mixed: String = (0..40).map(|i| format!("{i}: x\n")).collect();
        mixed.push_str("\"7\": y\n");
        assert!(parse("t.yaml", &mixed).is_ok());
        let e = error("? [a, b]\n: 1\n? [a, b]\n: 2\n");
        assert_eq!(e.message, "duplicate key `a list`: at lines 1 and 3");
        // Small and large mappings agree on what is the same key: list
        // keys (hashed without their positions) and 0.0 and -0.0.
        let mut lists: String = (0..40).map(|i| format!("? [{i}, x]\n: {i}\n")).collect();
        lists.push_str("? [7, x]\n: again\n");
        let e = error(&lists);
        assert_eq!(e.message, "duplicate key `a list`: at lines 15 and 81");
        assert_eq!(e.position.map(|p| p.line), Some(81));
        for n in [1, 40] {
            let mut zeros: String = (0..n).map(|i| format!("k{i}: x\n")).collect();
            zeros.push_str("0.0: a\n-0.0: b\n");
            assert_eq!(
                error(&zeros).message,
                format!(
                    "duplicate key `-0`: at line {} as `0.0` and at line {} as `-0.0`",
                    n + 1,
                    n + 2
                ),
                "{n} keys"
            );
        }
        // One integer in two notations: both spellings are named.
        let e = error("levels:\n  1: a\n  +1: b\n");
        assert_eq!(
            e.message,
            "duplicate key `1`: at line 2 as `1` and at line 3 as `+1`"
        );
        assert_eq!(e.position, Some(Position { line: 3, column: 3 }));
        let e = error("{16: a, 0x10: b}");
        assert_eq!(
            e.message,
            "duplicate key `16`: at line 1 as `16` and at line 1 as `0x10`"
        );
        let e = error("{a: 1, a: 2}");
        assert_eq!(e.message, "duplicate key `a`: twice on line 1");
    }

    #[test]
    fn aliases_copy_their_anchor_and_report_their_own_position() {
        let Value::Map(entries) = value("a: &x 2025.10\nb: *x\n") else {
            panic!("not a mapping")
        };
        let b = &entries[1].1;
        assert_eq!(b.value, Value::Float(2025.1));
        assert_eq!(b.position, Position { line: 2, column: 4 });
        // The exact text is still the anchor's.
        let mut d = super::super::Doc::new("t.yaml", "a: &x 2025.10\nb: *x\n");
        assert_eq!(
            d.string(b, &super::super::KeyPath::ROOT).as_deref(),
            Some("2025.10")
        );
        let e = error("a: &x [1, *x]\n");
        assert_eq!(e.message, "an alias refers to a value that contains it");
    }

    #[test]
    fn empty_files_and_explicit_document_markers() {
        assert_eq!(value(""), Value::Null);
        assert_eq!(value("# only a comment\n"), Value::Null);
        assert_eq!(keys(&value("---\na: 1\n...\n")), ["a"]);
        let e = error("a: 1\n---\nb: 2\n");
        assert_eq!(e.position.map(|p| p.line), Some(2));
    }
}
