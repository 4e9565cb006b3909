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

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// A heading found in a Markdown document, for building a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// The content of `html` when it is one paragraph (`<p>…</p>` as
/// [`to_html`] writes it), to show inline; `None` for anything else.
pub fn single_paragraph(html: &str) -> Option<&str> {
    let inner = html.strip_prefix("<p>")?.trim_end().strip_suffix("</p>")?;
    (!inner.contains("<p>")).then_some(inner)
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
        if bytes[i] == b'<'
            && let Some((tag, len)) = parse_allowed_tag(&bytes[i..])
        {
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
    /// For each base id seen more than once, the next suffix to try. Without
    /// it, n identical headings would cost O(n²) probes, which hostile input
    /// could exploit to slow the build down.
    next_suffix: HashMap<String, u64>,
    /// When set, every heading is also recorded here (for [`headings`]).
    record: Option<Vec<Heading>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> HeadingIds<'a, I> {
    fn new(inner: I) -> Self {
        Self {
            inner,
            queue: VecDeque::new(),
            used: HashSet::new(),
            next_suffix: HashMap::new(),
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
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                self.next_suffix.insert(base, n);
                return candidate;
            }
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
            super::slug::heading_id(&text)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_shows_inline() {
        assert_eq!(
            single_paragraph(&to_html("Risk *is* managed.")),
            Some("Risk <em>is</em> managed.")
        );
        assert_eq!(single_paragraph(&to_html("One.\n\nTwo.")), None);
        assert_eq!(single_paragraph(&to_html("- a\n- b")), None);
        assert_eq!(single_paragraph(""), None);
    }
    use proptest::prelude::*;

    /// What pulldown-cmark's own writer produces with our options, for
    /// checking that safe constructs render exactly as it would.
    fn reference_html(markdown: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, options()));
        out
    }

    /// The `id` attributes of the `<hN>` tags in rendered HTML, in order.
    fn heading_ids_in(html: &str) -> Vec<String> {
        let mut ids = Vec::new();
        let mut rest = html;
        while let Some(pos) = rest.find("<h") {
            rest = &rest[pos + 2..];
            let mut chars = rest.chars();
            if chars.next().is_some_and(|c| ('1'..='6').contains(&c))
                && let Some(value) = chars.as_str().strip_prefix(" id=\"")
                && let Some(end) = value.find('"')
            {
                ids.push(value[..end].to_owned());
            }
        }
        ids
    }

    // -- Raw HTML -----------------------------------------------------------

    #[test]
    fn script_tags_are_escaped() {
        assert_eq!(
            to_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            to_html("hi <script>alert(1)</script> there"),
            "<p>hi &lt;script&gt;alert(1)&lt;/script&gt; there</p>\n"
        );
        let html = to_html("<SCRIPT src=//evil.example/x.js></SCRIPT>");
        assert!(!html.to_lowercase().contains("<script"), "{html}");
    }

    #[test]
    fn img_with_onerror_is_escaped() {
        assert_eq!(
            to_html("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            to_html("a <img src=x onerror=alert(1)> b"),
            "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n"
        );
    }

    #[test]
    fn raw_anchor_with_javascript_is_escaped() {
        let html = to_html("a <a href=\"javascript:alert(1)\">x</a>");
        assert_eq!(
            html,
            "<p>a &lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;</p>\n"
        );
        assert!(!html.contains("<a"));
    }

    #[test]
    fn dangerous_elements_are_escaped() {
        for (input, expected) in [
            (
                "<iframe src=\"https://evil.example\"></iframe>",
                "&lt;iframe src=\"https://evil.example\"&gt;&lt;/iframe&gt;",
            ),
            (
                "<style>body{display:none}</style>",
                "&lt;style&gt;body{display:none}&lt;/style&gt;",
            ),
            ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
            (
                "<object data=x></object>",
                "<p>&lt;object data=x&gt;&lt;/object&gt;</p>\n",
            ),
            ("<embed src=x>", "&lt;embed src=x&gt;"),
            (
                "<math><mi>x</mi></math>",
                "<p>&lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt;</p>\n",
            ),
            (
                "<form action=x><input name=y></form>",
                "&lt;form action=x&gt;&lt;input name=y&gt;&lt;/form&gt;",
            ),
            (
                "<base href=\"https://evil.example/\">",
                "&lt;base href=\"https://evil.example/\"&gt;",
            ),
        ] {
            assert_eq!(to_html(input), expected, "input: {input}");
        }
    }

    #[test]
    fn comments_cdata_and_processing_instructions_are_shown_as_text() {
        assert_eq!(
            to_html("<!-- hidden <script>x</script> -->"),
            "&lt;!-- hidden &lt;script&gt;x&lt;/script&gt; --&gt;"
        );
        assert_eq!(to_html("a <!-- c --> b"), "<p>a &lt;!-- c --&gt; b</p>\n");
        assert_eq!(
            to_html("<![CDATA[x]]> <?php x ?> <!DOCTYPE html>"),
            "&lt;![CDATA[x]]&gt; &lt;?php x ?&gt; &lt;!DOCTYPE html&gt;"
        );
    }

    #[test]
    fn allowed_tags_without_attributes_are_kept() {
        assert_eq!(to_html("<em>ok</em>"), "<p><em>ok</em></p>\n");
        assert_eq!(
            to_html("a <strong>b</strong> <kbd>Ctrl</kbd> <sub>2</sub> <abbr>ABC</abbr>"),
            "<p>a <strong>b</strong> <kbd>Ctrl</kbd> <sub>2</sub> <abbr>ABC</abbr></p>\n"
        );
        // Spelling is normalised: case, spaces before `>`, the forms of <br>.
        assert_eq!(
            to_html("x <EM >a</em > <br/> <br /> <br> y"),
            "<p>x <em>a</em> <br /> <br /> <br /> y</p>\n"
        );
    }

    #[test]
    fn allowed_tags_with_attributes_are_escaped() {
        assert_eq!(
            to_html("<em onclick=\"x\">bad</em>"),
            "<p>&lt;em onclick=\"x\"&gt;bad</em></p>\n"
        );
        assert_eq!(
            to_html("a <b class=x>c</b>"),
            "<p>a &lt;b class=x&gt;c</b></p>\n"
        );
        // Self-closing forms, `</br>` and look-alike names are not allowed.
        assert_eq!(
            to_html("a <em/> </br> <emx> <em1> <b-x> d"),
            "<p>a &lt;em/&gt; &lt;/br&gt; &lt;emx&gt; &lt;em1&gt; &lt;b-x&gt; d</p>\n"
        );
    }

    #[test]
    fn html_blocks_are_sanitised_tag_by_tag() {
        assert_eq!(
            to_html("<div>\n<em>hi</em> <script>x</script>\n</div>"),
            "&lt;div&gt;\n<em>hi</em> &lt;script&gt;x&lt;/script&gt;\n&lt;/div&gt;"
        );
        // A tag with attributes split over lines stays escaped as a whole.
        let html = to_html("<div\nonclick=\"alert(1)\">\nx\n</div>");
        assert_eq!(html, "&lt;div\nonclick=\"alert(1)\"&gt;\nx\n&lt;/div&gt;");
        // `<pre>` blocks (raw text in CommonMark) get the same treatment.
        assert_eq!(
            to_html("<pre><b>x</b>\n\n<i onclick=y>z</i></pre>"),
            "&lt;pre&gt;<b>x</b>\n\n&lt;i onclick=y&gt;z</i>&lt;/pre&gt;"
        );
    }

    #[test]
    fn tokenizer_splits_tags_and_text() {
        let mut pieces = Vec::new();
        tokenize_raw_html("a<em>b<x>c</EM><br/>", |p| pieces.push(p));
        assert_eq!(
            pieces,
            vec![
                RawPiece::Text("a"),
                RawPiece::Tag("<em>"),
                RawPiece::Text("b<x>c"),
                RawPiece::Tag("</em>"),
                RawPiece::Tag("<br />"),
            ]
        );
        let mut pieces = Vec::new();
        tokenize_raw_html("<", |p| pieces.push(p));
        assert_eq!(pieces, vec![RawPiece::Text("<")]);
    }

    // -- URLs ---------------------------------------------------------------

    #[test]
    fn javascript_links_are_neutralised() {
        for input in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](  javascript:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x](java&#10;script:alert(1))",
            "[x](javascript&#58;alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](<\u{1}javascript:alert(1)>)",
            "[x](<java script:alert(1)>)",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](file:///etc/passwd)",
        ] {
            assert_eq!(
                to_html(input),
                "<p><a href=\"#\">x</a></p>\n",
                "input: {input}"
            );
        }
    }

    #[test]
    fn reference_links_and_autolinks_are_filtered_too() {
        assert_eq!(
            to_html("[x][r]\n\n[r]: javascript:alert(1) \"t\""),
            "<p><a href=\"#\" title=\"t\">x</a></p>\n"
        );
        assert_eq!(
            to_html("<javascript:alert(1)>"),
            "<p><a href=\"#\">javascript:alert(1)</a></p>\n"
        );
        assert_eq!(
            to_html("<foo@example.com>"),
            "<p><a href=\"mailto:foo@example.com\">foo@example.com</a></p>\n"
        );
    }

    #[test]
    fn safe_links_are_unchanged() {
        for input in [
            "[x](https://example.com/a?b=c#d)",
            "[x](HTTP://example.com)",
            "[x](mailto:someone@example.com)",
            "[x](#section)",
            "[x](relative/page.html)",
            "[x](../up)",
            "[x](//example.com/x)",
            "[x](?q=a:b)",
            "[x](a/b:c)",
            "<https://example.com>",
        ] {
            assert_eq!(to_html(input), reference_html(input), "input: {input}");
        }
    }

    #[test]
    fn link_titles_are_escaped() {
        assert_eq!(
            to_html("[x](http://a \"a\\\"><script>\")"),
            "<p><a href=\"http://a\" title=\"a&quot;&gt;&lt;script&gt;\">x</a></p>\n"
        );
    }

    #[test]
    fn unsafe_images_become_their_alt_text() {
        assert_eq!(
            to_html("![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
            "<p>i</p>\n"
        );
        assert_eq!(
            to_html("![an *image* `x`](javascript:alert(1) \"t\") after"),
            "<p>an image x after</p>\n"
        );
        assert_eq!(to_html("![](javascript:x)"), "<p></p>\n");
        // Alt text is plain text, so the writer escapes it.
        assert_eq!(
            to_html("![<script>x</script>](data:x)"),
            "<p>&lt;script&gt;x&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn safe_images_render_normally() {
        let input = "![a *b*](https://example.com/i.png \"t\") ![c](img/x.png)";
        assert_eq!(to_html(input), reference_html(input));
        // Allowed tags in alt text are dropped rather than shown escaped.
        assert_eq!(
            to_html("![<em>a</em><br>b](http://x/y.png)"),
            "<p><img src=\"http://x/y.png\" alt=\"a b\" /></p>\n"
        );
    }

    #[test]
    fn scheme_detection() {
        for url in [
            "",
            "#",
            "#x:y",
            "a",
            "/x:y",
            "?x:y",
            ":x",
            "a%20b:c",
            "%6aavascript:x",
            "http://x",
            "https://x",
            "mailto:a@b",
            "MailTo:a@b",
            " \thttps://x",
        ] {
            assert!(is_safe_url(url), "{url:?} should be safe");
        }
        for url in [
            "javascript:x",
            "\u{0}javascript:x",
            " \t\r\njavascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "java\u{7f}script:x",
            "jav\u{1b}ascript:x",
            "JAVASCRIPT:x",
            "vbscript:x",
            "data:x",
            "file:x",
            "ftp://x",
            "httpsx://x",
            "h.t+t-p:x",
            "1javascript:x",
            // Whitespace is ignored everywhere, which refuses a few harmless
            // relative URLs in exchange for never missing an obfuscation.
            "a b:c",
        ] {
            assert!(!is_safe_url(url), "{url:?} should be unsafe");
        }
    }

    // -- Headings -----------------------------------------------------------

    #[test]
    fn heading_ids_are_slugs_and_deduplicated() {
        let input = "# Hello World\n## Hello World\n### What's <new> & \"cool\"?\n# !!!\n# \n# hello-world-1\n# Ünïcode Straße\n# a_b  --  c";
        assert_eq!(
            to_html(input),
            "<h1 id=\"hello-world\">Hello World</h1>\n\
             <h2 id=\"hello-world-1\">Hello World</h2>\n\
             <h3 id=\"whats-new-cool\">What's &lt;new&gt; &amp; \"cool\"?</h3>\n\
             <h1 id=\"section\">!!!</h1>\n\
             <h1 id=\"section-1\"></h1>\n\
             <h1 id=\"hello-world-1-1\">hello-world-1</h1>\n\
             <h1 id=\"ünïcode-straße\">Ünïcode Straße</h1>\n\
             <h1 id=\"a-b-c\">a_b  --  c</h1>\n"
        );
    }

    #[test]
    fn many_duplicate_headings_get_distinct_ids() {
        let input = "# a\n# a-2\n".to_owned() + &"# a\n".repeat(2000);
        let found = headings(&input);
        assert_eq!(found.len(), 2002);
        let unique: HashSet<&str> = found.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(unique.len(), 2002);
        // `a-2` is already the second heading's id, so the counter skips it.
        let ids: Vec<&str> = found.iter().take(5).map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-1", "a-3", "a-4"]);
    }

    #[test]
    fn explicit_heading_ids_are_sanitised_and_classes_dropped() {
        assert_eq!(
            to_html("# Title {#custom-id_1 .big data-x=y onclick=alert(1)}"),
            "<h1 id=\"custom-id_1\">Title</h1>\n"
        );
        assert_eq!(
            to_html("# A {#a&b:c}\n# B {#a-b}\n# C {#é}"),
            "<h1 id=\"abc\">A</h1>\n<h1 id=\"a-b\">B</h1>\n<h1 id=\"c\">C</h1>\n"
        );
        // Explicit ids take part in de-duplication.
        assert_eq!(
            to_html("# X {#x}\n# X\n# Y {#x}"),
            "<h1 id=\"x\">X</h1>\n<h1 id=\"x-1\">X</h1>\n<h1 id=\"x-2\">Y</h1>\n"
        );
    }

    #[test]
    fn heading_content_is_sanitised() {
        assert_eq!(
            to_html("## Use <kbd>Ctrl</kbd> and <script>x</script> [l](javascript:x)"),
            "<h2 id=\"use-ctrl-and-scriptxscript-l\">Use <kbd>Ctrl</kbd> and \
             &lt;script&gt;x&lt;/script&gt; <a href=\"#\">l</a></h2>\n"
        );
    }

    #[test]
    fn headings_match_rendered_ids() {
        let input =
            "# Intro\ntext\n## Intro\n## Setup {#setup .x}\nSub\n---\n# `code` *em*\n# Intro";
        let found = headings(input);
        assert_eq!(
            found,
            vec![
                Heading {
                    level: 1,
                    id: "intro".into(),
                    text: "Intro".into()
                },
                Heading {
                    level: 2,
                    id: "intro-1".into(),
                    text: "Intro".into()
                },
                Heading {
                    level: 2,
                    id: "setup".into(),
                    text: "Setup".into()
                },
                Heading {
                    level: 2,
                    id: "sub".into(),
                    text: "Sub".into()
                },
                Heading {
                    level: 1,
                    id: "code-em".into(),
                    text: "code em".into()
                },
                Heading {
                    level: 1,
                    id: "intro-2".into(),
                    text: "Intro".into()
                },
            ]
        );
        let ids: Vec<String> = found.into_iter().map(|h| h.id).collect();
        assert_eq!(heading_ids_in(&to_html(input)), ids);
        assert!(headings("no headings here").is_empty());
    }

    // -- Extensions ---------------------------------------------------------

    #[test]
    fn footnotes_render_like_pulldown_cmark() {
        let input = "Text[^note] more[^2].\n\n[^note]: The *note*.\n[^2]: Two.";
        let html = to_html(input);
        assert_eq!(html, reference_html(input));
        assert!(html.contains("<sup class=\"footnote-reference\"><a href=\"#note\">1</a></sup>"));
        assert!(html.contains("<div class=\"footnote-definition\" id=\"note\">"));
    }

    #[test]
    fn tables_render_like_pulldown_cmark() {
        let input = "| a | b | c |\n|:--|--:|:-:|\n| 1 | **2** | <b>3</b> |";
        let html = to_html(input);
        assert_eq!(html, reference_html(input));
        assert!(html.starts_with("<table><thead><tr><th style=\"text-align: left\">a</th>"));
        assert!(html.contains("<td style=\"text-align: center\"><b>3</b></td>"));
    }

    #[test]
    fn task_lists_and_strikethrough_render_like_pulldown_cmark() {
        let input = "- [ ] todo\n- [x] ~~done~~";
        let html = to_html(input);
        assert_eq!(html, reference_html(input));
        assert_eq!(
            html,
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n\
             <li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n<del>done</del></li>\n</ul>\n"
        );
    }

    #[test]
    fn ordinary_markdown_renders_like_pulldown_cmark() {
        let input = "Para *em* **strong** `code`\nline\n\n> quote\n\n1. one\n2. two\n\n```rust\nlet x = \"<b>\";\n```\n\n---\n\nend  \nbreak";
        assert_eq!(to_html(input), reference_html(input));
    }

    // -- API ----------------------------------------------------------------

    #[test]
    fn to_html_into_appends() {
        let mut out = String::from("<div>");
        to_html_into("*a*", &mut out);
        to_html_into("# a", &mut out);
        assert_eq!(out, "<div><p><em>a</em></p>\n<h1 id=\"a\">a</h1>\n");
    }

    #[test]
    fn output_is_deterministic() {
        let input = "# A\n# A {#a}\n# a\n[^x] [^y]\n\n[^y]: y\n[^x]: x\n\n<em>e</em><x>";
        let first = to_html(input);
        for _ in 0..5 {
            assert_eq!(to_html(input), first);
        }
        assert_eq!(headings(input), headings(input));
    }

    #[test]
    fn plain_text_collapses_whitespace_and_drops_markup() {
        assert_eq!(
            to_plain_text("# Title\n\nSome *em*   **strong**\ntext with `code`.\n\n- a\n- b"),
            "Title Some em strong text with code. a b"
        );
        assert_eq!(to_plain_text("a<br>b <em>c</em>"), "a b c");
        assert_eq!(to_plain_text("| a | b |\n|---|---|\n| 1 | 2 |"), "a b 1 2");
        assert_eq!(to_plain_text("x[^1]\n\n[^1]: note"), "x note");
        assert_eq!(to_plain_text("- [x] done"), "done");
        assert_eq!(
            to_plain_text("![alt](https://x/y.png) [link](javascript:x)"),
            "alt link"
        );
        // Raw HTML is shown as text by `to_html`, so it is text here too.
        assert_eq!(
            to_plain_text("a <script>b</script>"),
            "a <script>b</script>"
        );
        assert_eq!(to_plain_text(""), "");
        assert_eq!(to_plain_text("  \n\n  "), "");
    }

    // -- Property tests -----------------------------------------------------

    /// Tags the writer (or the raw HTML allow-list) can produce, and the
    /// attributes it can give them.
    const OUTPUT_TAGS: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "code",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "em",
        "strong",
        "del",
        "a",
        "img",
        "sup",
        "sub",
        "div",
        "input",
        "hr",
        "br",
        "b",
        "i",
        "u",
        "s",
        "ins",
        "small",
        "mark",
        "kbd",
        "abbr",
    ];
    const OUTPUT_ATTRIBUTES: &[&str] = &[
        "id", "class", "href", "src", "alt", "title", "style", "start", "type", "disabled",
        "checked",
    ];

    /// Reverses the escaping the writer applies inside attribute values.
    fn decode_attribute(value: &str) -> String {
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// An independent, deliberately blunt check on a URL attribute: after
    /// removing what browsers ignore, it must not start with a script-capable
    /// or local scheme.
    fn url_attribute_is_dangerous(value: &str) -> bool {
        let squashed: String = decode_attribute(value)
            .chars()
            .filter(|c| !c.is_ascii_control() && !c.is_ascii_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        ["javascript:", "vbscript:", "data:", "file:"]
            .iter()
            .any(|scheme| squashed.starts_with(scheme))
    }

    /// Parses every tag in `html` and checks it is one the renderer may
    /// emit, with known attributes only and safe URLs. Any `<` that does not
    /// start such a tag is a failure, as is any dangerous element name
    /// anywhere in the output.
    fn check_safe(html: &str) -> Result<(), String> {
        let lower = html.to_ascii_lowercase();
        for needle in [
            "<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<link",
            "<meta", "<base", "<!--", "<?",
        ] {
            if lower.contains(needle) {
                return Err(format!("contains {needle}"));
            }
        }
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'<' {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            if bytes.get(i) == Some(&b'/') {
                i += 1;
            }
            let name_start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            let name = &html[name_start..i];
            if !OUTPUT_TAGS.contains(&name) {
                return Err(format!("unexpected tag {name:?} at {start}"));
            }
            loop {
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(b'>') => {
                        i += 1;
                        break;
                    }
                    Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                        i += 2;
                        break;
                    }
                    Some(_) => {}
                    None => return Err(format!("unterminated tag at {start}")),
                }
                let attr_start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_lowercase() || *b == b'-')
                {
                    i += 1;
                }
                let attr = &html[attr_start..i];
                if attr.starts_with("on") || !OUTPUT_ATTRIBUTES.contains(&attr) {
                    return Err(format!(
                        "unexpected attribute {attr:?} on {name} at {start}"
                    ));
                }
                if bytes.get(i) != Some(&b'=') || bytes.get(i + 1) != Some(&b'"') {
                    return Err(format!("unquoted attribute {attr:?} at {start}"));
                }
                i += 2;
                let value_start = i;
                while bytes.get(i).is_some_and(|b| *b != b'"') {
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(format!("unterminated attribute at {start}"));
                }
                let value = &html[value_start..i];
                i += 1;
                if value.contains('<') {
                    return Err(format!("raw < in attribute at {start}"));
                }
                if (attr == "href" || attr == "src") && url_attribute_is_dangerous(value) {
                    return Err(format!("dangerous {attr}={value:?} at {start}"));
                }
                if attr == "style" && !value.starts_with("text-align: ") {
                    return Err(format!("unexpected style {value:?} at {start}"));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn checker_rejects_what_it_should() {
        assert!(check_safe("<p>ok &lt;script&gt;</p>").is_ok());
        assert!(check_safe("<a href=\"https://x\" title=\" onclick=y\">x</a>").is_ok());
        assert!(check_safe("<script>").is_err());
        assert!(check_safe("<a href=\"java&#x09;script:x\">").is_ok()); // entity not decoded by us
        assert!(check_safe("<a href=\" JavaScript:x\">").is_err());
        assert!(check_safe("<img src=\"data:x\" />").is_err());
        assert!(check_safe("<em onclick=\"x\">").is_err());
        assert!(check_safe("<p>a < b</p>").is_err());
        assert!(check_safe("<div foo=\"x\">").is_err());
    }

    /// Markdown built from fragments that tend to matter for injection.
    fn hostile_markdown() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("<"),
            Just(">"),
            Just("\""),
            Just("'"),
            Just("`"),
            Just("```"),
            Just("["),
            Just("]"),
            Just("("),
            Just(")"),
            Just("!"),
            Just("javascript:"),
            Just("JaVaScRiPt:"),
            Just("java&#x09;script:"),
            Just("javascript&#58;"),
            Just("vbscript:"),
            Just("data:"),
            Just("http://"),
            Just("alert(1)"),
            Just("on"),
            Just(" onerror="),
            Just(" onload="),
            Just("onclick=\"x\""),
            Just("<script>"),
            Just("</script>"),
            Just("<img src=x onerror=alert(1)>"),
            Just("<a href=\"javascript:x\">"),
            Just("<svg/onload=alert(1)>"),
            Just("<iframe src=x>"),
            Just("<style>"),
            Just("<em>"),
            Just("</em>"),
            Just("<br/>"),
            Just("<b "),
            Just("<!--"),
            Just("-->"),
            Just("<![CDATA["),
            Just("]]>"),
            Just("<div>"),
            Just("<pre>"),
            Just("&"),
            Just(";"),
            Just("&lt;"),
            Just("&#60;"),
            Just("\\"),
            Just("\n"),
            Just("\n\n"),
            Just(" "),
            Just("    "),
            Just("\t"),
            Just("# "),
            Just("{#"),
            Just("}"),
            Just(".cls"),
            Just("[^1]"),
            Just("[^1]: "),
            Just("- [ ] "),
            Just("| a |"),
            Just("|---|"),
            Just("> "),
            Just("*"),
            Just("_"),
            Just("~~"),
            Just("x"),
            Just(":"),
            Just("/"),
            Just("#"),
            Just("\u{0}"),
            Just("é"),
        ];
        let piece = prop_oneof![
            6 => fragment.prop_map(String::from),
            1 => hostile_link(),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
    }

    /// A well-formed link, image, autolink or reference definition whose
    /// destination is an obfuscated scheme, so URL filtering is exercised
    /// far more often than random fragments would manage.
    fn hostile_link() -> impl Strategy<Value = String> {
        let scheme = prop_oneof![
            Just("javascript:"),
            Just("JaVaScRiPt:"),
            Just("java&#x09;script:"),
            Just("java&#10;script:"),
            Just("javascript&#58;"),
            Just("javascript&colon;"),
            Just("&#x6A;avascript:"),
            Just("vbscript:"),
            Just("data:"),
            Just("file:"),
            Just("https:"),
            Just(""),
        ];
        let padding = prop_oneof![
            Just(""),
            Just(" "),
            Just("\t"),
            Just("&#x01;"),
            Just("&#32;")
        ];
        let title = prop_oneof![Just(""), Just(" \"t\""), Just(" \"\\\" onclick=x\"")];
        (0..4u8, padding, scheme, "[a-z()/<>\"' =]{0,8}", title).prop_map(
            |(shape, padding, scheme, rest, title)| match shape {
                0 => format!("[x]({padding}{scheme}{rest}{title})"),
                1 => format!("![x]({padding}{scheme}{rest}{title})"),
                2 => format!("<{scheme}{rest}>"),
                _ => format!("[x][r]\n\n[r]: {padding}{scheme}{rest}{title}\n"),
            },
        )
    }

    fn any_markdown() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => hostile_markdown(),
            1 => ".{0,200}",
            1 => "[<>\"'`\\[\\]()!:/#a-z \n=&;]{0,120}",
        ]
    }

    proptest! {
        #[test]
        fn rendering_untrusted_markdown_is_safe(markdown in any_markdown()) {
            let html = to_html(&markdown);
            if let Err(problem) = check_safe(&html) {
                return Err(TestCaseError::fail(format!(
                    "{problem}\ninput: {markdown:?}\noutput: {html:?}"
                )));
            }
        }

        #[test]
        fn headings_agree_with_rendered_ids(markdown in any_markdown()) {
            let ids: Vec<String> = headings(&markdown).into_iter().map(|h| h.id).collect();
            prop_assert_eq!(heading_ids_in(&to_html(&markdown)), ids);
        }

        #[test]
        fn plain_text_never_panics_and_is_collapsed(markdown in any_markdown()) {
            let text = to_plain_text(&markdown);
            prop_assert!(!text.starts_with(char::is_whitespace));
            prop_assert!(!text.ends_with(char::is_whitespace));
            prop_assert!(!text.contains("  "));
        }
    }
}
