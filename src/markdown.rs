//! Safe Markdown rendering for untrusted assessment text.
//!
//! Assessment files are written by many people, so their Markdown is treated
//! as hostile. Rendering goes through pulldown-cmark's HTML writer, but every
//! event is passed through a sanitising adapter first:
//!
//! * raw HTML is shown as text, except a short allow-list of formatting tags
//!   written without attributes, which are re-emitted in a canonical form;
//! * link and image destinations are checked by URL scheme;
//! * headings get deterministic, sanitised, de-duplicated ids, and heading
//!   classes and attributes are dropped.
//!
//! Sanitising events rather than the finished HTML (as ammonia would) keeps
//! this cheap enough to run tens of thousands of times per build: there is no
//! second HTML parse, and everything the writer itself emits is trusted.

use std::collections::{HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// A heading found in a Markdown document, for building a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading level, 1 to 6.
    pub level: u8,
    /// The `id` attribute [`to_html`] gives the heading, so `#id` links to it.
    pub id: String,
    /// The heading's visible text, with whitespace collapsed. It is plain
    /// text, not HTML: escape it before embedding it in markup.
    pub text: String,
}

/// The parser options used everywhere, so that [`to_html`], [`to_plain_text`]
/// and [`headings`] all see the same document.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders untrusted Markdown to block-level HTML that is safe to embed in a
/// page.
///
/// Options: CommonMark plus tables, footnotes, strikethrough, task lists and
/// heading attributes (`{#id}`). Raw HTML is escaped apart from a few
/// attribute-less formatting tags, unsafe link destinations become `#`,
/// images with unsafe sources are replaced by their alt text, and headings get
/// `id` attributes (see [`headings`]).
pub fn to_html(markdown: &str) -> String {
    // Rendered HTML is usually a little longer than its source.
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    to_html_into(markdown, &mut out);
    out
}

/// Same as [`to_html`], but appends to `out`, so that callers rendering many
/// fragments can reuse one buffer instead of allocating a string for each.
pub fn to_html_into(markdown: &str, out: &mut String) {
    let events = HeadingIds::new(SafeEvents::new(Parser::new_ext(markdown, options())));
    html::push_html(out, events);
}

/// Returns only the text content of the Markdown, with all runs of whitespace
/// collapsed to single spaces and no leading or trailing whitespace.
///
/// Meant for search indexes, meta descriptions and SVG titles. The result is
/// plain text, not HTML: escape it before embedding it in markup. Raw HTML
/// that [`to_html`] would show as text is included as that text; allowed
/// formatting tags, footnote reference markers and task list checkboxes are
/// not.
pub fn to_plain_text(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len());
    for event in SafeEvents::new(Parser::new_ext(markdown, options())) {
        match event {
            Event::Text(text) | Event::Code(text) => raw.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => raw.push(' '),
            Event::Html(tag) | Event::InlineHtml(tag) if tag.as_ref() == BR => raw.push(' '),
            // A space at every block boundary keeps the last word of one
            // paragraph (or table cell) from running into the next.
            Event::Start(tag) if !is_inline(&tag.to_end()) => raw.push(' '),
            Event::End(tag) if !is_inline(&tag) => raw.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&raw)
}

/// Lists the document's headings in order, with the same ids [`to_html`]
/// gives them, for a table of contents.
pub fn headings(markdown: &str) -> Vec<Heading> {
    // Running the exact event pipeline `to_html` uses (minus the writer) is
    // what guarantees the ids match, de-duplication included.
    let mut events = HeadingIds::new(SafeEvents::new(Parser::new_ext(markdown, options())));
    events.record = Some(Vec::new());
    events.by_ref().for_each(drop);
    events.record.unwrap_or_default()
}

/// Whether a tag is inline (phrasing content), as opposed to a block whose
/// boundaries separate words.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Joins the whitespace-separated words of `text` with single spaces.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------------------
// Raw HTML
// ---------------------------------------------------------------------------

/// Canonical form of the line break tag; `<br>`, `<br/>` and `<br />` all
/// become this.
const BR: &str = "<br />";

/// Formatting tags that may be written as raw HTML. None of them can carry
/// script, load resources or change how later markup is parsed, so without
/// attributes they are harmless. The canonical opening and closing forms are
/// stored so the output never echoes the author's spelling (case, spaces).
const ALLOWED_TAGS: &[(&str, &str, &str)] = &[
    ("em", "<em>", "</em>"),
    ("strong", "<strong>", "</strong>"),
    ("b", "<b>", "</b>"),
    ("i", "<i>", "</i>"),
    ("u", "<u>", "</u>"),
    ("s", "<s>", "</s>"),
    ("del", "<del>", "</del>"),
    ("ins", "<ins>", "</ins>"),
    ("sub", "<sub>", "</sub>"),
    ("sup", "<sup>", "</sup>"),
    ("small", "<small>", "</small>"),
    ("mark", "<mark>", "</mark>"),
    ("kbd", "<kbd>", "</kbd>"),
    ("code", "<code>", "</code>"),
    ("abbr", "<abbr>", "</abbr>"),
];

/// A piece of a raw HTML string: either an allowed tag, already in canonical
/// form, or anything else, which must be shown as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawPiece<'s> {
    Tag(&'static str),
    Text(&'s str),
}

/// Splits raw HTML into allowed tags and text, calling `emit` for each piece
/// in order. Every `<` that does not start an allowed tag ends up in a text
/// piece, so comments, CDATA, processing instructions, unknown tags and tags
/// with attributes all come out as text.
fn tokenize_raw_html<'s>(raw: &'s str, mut emit: impl FnMut(RawPiece<'s>)) {
    let bytes = raw.as_bytes();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if let Some((tag, len)) = parse_allowed_tag(&bytes[i..]) {
                // `i` is at an ASCII `<` and the tag is all ASCII, so every
                // slice boundary here is a char boundary.
                if text_start < i {
                    emit(RawPiece::Text(&raw[text_start..i]));
                }
                emit(RawPiece::Tag(tag));
                i += len;
                text_start = i;
                continue;
            }
        }
        i += 1;
    }
    if text_start < bytes.len() {
        emit(RawPiece::Text(&raw[text_start..]));
    }
}

/// If `s` starts with an allowed tag written without attributes, returns its
/// canonical form and its length in bytes.
///
/// Accepted: `<name>`, `</name>`, with optional whitespace before the `>`, for
/// the names in [`ALLOWED_TAGS`] in any case; and `<br>`, `<br/>`, `<br />`.
/// Anything else, in particular any attribute, is rejected.
fn parse_allowed_tag(s: &[u8]) -> Option<(&'static str, usize)> {
    let mut i = 1; // past '<'
    let closing = s.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while s.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    let name = s.get(name_start..i)?;
    while s.get(i).is_some_and(|&b| is_html_whitespace(b)) {
        i += 1;
    }
    if name.eq_ignore_ascii_case(b"br") {
        // `</br>` is odd (browsers turn it into `<br>`); just show it as text.
        if closing {
            return None;
        }
        if s.get(i) == Some(&b'/') {
            i += 1;
        }
        return (s.get(i) == Some(&b'>')).then_some((BR, i + 1));
    }
    if s.get(i) != Some(&b'>') {
        return None;
    }
    let &(_, open, close) = ALLOWED_TAGS
        .iter()
        .find(|(allowed, _, _)| name.eq_ignore_ascii_case(allowed.as_bytes()))?;
    Some((if closing { close } else { open }, i + 1))
}

/// ASCII whitespace as HTML defines it.
fn is_html_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Whether a link or image destination is safe to emit: relative URLs
/// (including `#fragment`, `?query` and `//host`) and the `http`, `https` and
/// `mailto` schemes.
///
/// Follows the URL standard's idea of a scheme: ASCII control characters and
/// whitespace are ignored (browsers strip them, which is what makes
/// `java\tscript:` work), and the scheme is what precedes the first `:` if no
/// `/`, `?` or `#` comes first and it consists only of letters, digits, `+`,
/// `-` and `.`. Ignoring whitespace everywhere, not just where browsers do,
/// only ever rejects more. The destination arrives with entities and escapes
/// already decoded by the parser, so `&#58;` and `&colon;` are real colons.
fn is_safe_url(url: &str) -> bool {
    // Long enough for the longest allowed scheme; anything longer is refused.
    let mut scheme = [0u8; 6];
    let mut len = 0;
    let mut scheme_chars_only = true;
    for c in url.chars() {
        if c.is_ascii_control() || c.is_ascii_whitespace() {
            continue;
        }
        match c {
            ':' => {
                if len == 0 || !scheme_chars_only {
                    // Not a scheme, so the URL parser treats it as a relative
                    // path, e.g. `:x` or `a%20b:c`.
                    return true;
                }
                let scheme = scheme.get(..len).unwrap_or_default();
                return len <= 6
                    && [&b"http"[..], b"https", b"mailto"]
                        .iter()
                        .any(|allowed| scheme.eq_ignore_ascii_case(allowed));
            }
            '/' | '?' | '#' => return true,
            _ => {
                if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') {
                    if let Some(slot) = scheme.get_mut(len) {
                        // Only ASCII reaches here, so the cast is lossless.
                        *slot = c as u8;
                    }
                    len += 1;
                } else {
                    scheme_chars_only = false;
                }
            }
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Event adapters
// ---------------------------------------------------------------------------

/// Sanitises a pulldown-cmark event stream: raw HTML, links and images.
///
/// Everything that can put author-controlled markup or URLs into the output
/// goes through here; what passes is either text (which the HTML writer
/// escapes) or markup this module wrote itself.
struct SafeEvents<'a, I> {
    inner: I,
    /// Events produced ahead of time when one input event becomes several.
    queue: VecDeque<Event<'a>>,
    /// How many (allowed) images we are inside. Their content becomes the
    /// `alt` attribute, where tags make no sense, so allowed tags are dropped
    /// there instead of being written out as escaped text.
    image_depth: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> SafeEvents<'a, I> {
    fn new(inner: I) -> Self {
        Self {
            inner,
            queue: VecDeque::new(),
            image_depth: 0,
        }
    }

    /// Queues the sanitised form of a raw HTML string.
    fn queue_raw_html(&mut self, raw: &str, block: bool) {
        let in_image = self.image_depth > 0;
        let queue = &mut self.queue;
        tokenize_raw_html(raw, |piece| match piece {
            RawPiece::Tag(tag) if in_image => {
                if tag == BR {
                    queue.push_back(Event::Text(CowStr::Borrowed(" ")));
                }
            }
            RawPiece::Tag(tag) if block => queue.push_back(Event::Html(CowStr::Borrowed(tag))),
            RawPiece::Tag(tag) => queue.push_back(Event::InlineHtml(CowStr::Borrowed(tag))),
            // As a text event the writer escapes it: the author sees their
            // HTML source on the page, and the browser never parses it.
            RawPiece::Text(text) => queue.push_back(Event::Text(text.to_owned().into())),
        });
    }

    /// Collects an HTML block (after its start event) into one string, so a
    /// tag split across lines is tokenized as a whole.
    fn take_html_block(&mut self) -> String {
        let mut raw = String::new();
        for event in self.inner.by_ref() {
            match event {
                Event::End(TagEnd::HtmlBlock) => break,
                Event::Html(text) | Event::InlineHtml(text) | Event::Text(text) => {
                    raw.push_str(&text);
                }
                _ => {}
            }
        }
        raw
    }

    /// Consumes the rest of an image (after its start event) and returns the
    /// text of its description, for when the image itself may not be shown.
    fn take_alt_text(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0usize;
        for event in self.inner.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    tokenize_raw_html(&raw, |piece| match piece {
                        RawPiece::Tag(BR) => alt.push(' '),
                        RawPiece::Tag(_) => {}
                        RawPiece::Text(text) => alt.push_str(text),
                    });
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for SafeEvents<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            match self.inner.next()? {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    // Email autolinks hold a bare address that the writer
                    // prefixes with `mailto:`, so their scheme is fixed.
                    let dest_url = if link_type == LinkType::Email || is_safe_url(&dest_url) {
                        dest_url
                    } else {
                        CowStr::Borrowed("#")
                    };
                    return Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    if is_safe_url(&dest_url) {
                        self.image_depth += 1;
                        return Some(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    let alt = self.take_alt_text();
                    if !alt.is_empty() {
                        return Some(Event::Text(alt.into()));
                    }
                }
                Event::End(TagEnd::Image) => {
                    self.image_depth = self.image_depth.saturating_sub(1);
                    return Some(Event::End(TagEnd::Image));
                }
                Event::Start(Tag::HtmlBlock) => {
                    let raw = self.take_html_block();
                    self.queue.push_back(Event::Start(Tag::HtmlBlock));
                    self.queue_raw_html(&raw, true);
                    self.queue.push_back(Event::End(TagEnd::HtmlBlock));
                }
                Event::Html(raw) => self.queue_raw_html(&raw, true),
                Event::InlineHtml(raw) => self.queue_raw_html(&raw, false),
                other => return Some(other),
            }
        }
    }
}

/// Gives every heading a sanitised, unique `id` and drops author-supplied
/// heading classes and attributes.
///
/// The id depends on the heading's text, which follows the heading's start
/// event, so each heading's events are buffered until its end.
struct HeadingIds<'a, I> {
    inner: I,
    /// The buffered content of the heading being emitted.
    queue: VecDeque<Event<'a>>,
    /// Ids handed out so far in this document.
    used: HashSet<String>,
    /// When set, every heading is also recorded here (for [`headings`]).
    record: Option<Vec<Heading>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> HeadingIds<'a, I> {
    fn new(inner: I) -> Self {
        Self {
            inner,
            queue: VecDeque::new(),
            used: HashSet::new(),
            record: None,
        }
    }

    /// Returns `base` (or `section` if it is empty) if unused, otherwise the
    /// first of `base-1`, `base-2`, ... that is unused, and marks it used.
    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            String::from("section")
        } else {
            base
        };
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let mut n = 1u64;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HeadingIds<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queue.pop_front() {
            return Some(event);
        }
        let (level, id) = match self.inner.next()? {
            Event::Start(Tag::Heading { level, id, .. }) => (level, id),
            other => return Some(other),
        };
        let mut text = String::new();
        for event in self.inner.by_ref() {
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::InlineHtml(tag) | Event::Html(tag) if tag.as_ref() == BR => text.push(' '),
                _ => {}
            }
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            self.queue.push_back(event);
            if end {
                break;
            }
        }
        let text = collapse_whitespace(&text);
        // An explicit `{#id}` wins if anything survives sanitising it;
        // otherwise the id comes from the visible text.
        let explicit = id.map(|id| sanitize_explicit_id(&id)).unwrap_or_default();
        let base = if explicit.is_empty() {
            slugify(&text)
        } else {
            explicit
        };
        let id = self.unique_id(base);
        if let Some(record) = &mut self.record {
            record.push(Heading {
                level: level as u8,
                id: id.clone(),
                text,
            });
        }
        Some(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        }))
    }
}

/// Keeps only `[A-Za-z0-9_-]` of an author-supplied heading id.
fn sanitize_explicit_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect()
}

/// Turns heading text into an id: letters and digits lowercased (non-ASCII
/// ones kept), runs of whitespace, `-` and `_` turned into a single hyphen,
/// everything else (punctuation, quotes, `<>&`) dropped.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut hyphen_pending = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if hyphen_pending && !slug.is_empty() {
                slug.push('-');
            }
            hyphen_pending = false;
            if c.is_ascii() {
                slug.push(c.to_ascii_lowercase());
            } else {
                slug.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() || matches!(c, '-' | '_') {
            hyphen_pending = true;
        }
    }
    slug
}
