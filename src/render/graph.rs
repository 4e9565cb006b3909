//! The static graph of templates, checked before Tera compiles them: which
//! template includes or extends which, how deep that goes and how many
//! templates one render takes.
//!
//! Tera renders an include, and resolves a parent, by recursion. Its own
//! checks at compile time walk the includes recursively too, and render
//! time follows includes and extends together without a limit: templates
//! that include one another some 750 deep overflow the stack and abort
//! the process, and a template that extends a parent which includes it
//! back is never caught as a cycle (Tera checks includes and extends
//! separately). A chain in which each template includes the next twice
//! renders 2^n templates for n levels: 20 levels take seconds, 30 a
//! thousand times as long. So before Tera sees them, the templates'
//! references are read with a small scanner ([`references`]) and the
//! graph is refused when it has a cycle, is deeper than
//! [`MAX_TEMPLATE_DEPTH`] or expands to more than [`MAX_TEMPLATE_RENDERS`]
//! template renders.
//!
//! The graph is static and exact because Tera's references are: in Tera
//! 2 (`parse_tag` in tera's `parsing/parser.rs`) `include` and `extends`
//! take one string literal, never a variable, a list or `ignore missing`
//! (anything else is a syntax error Tera reports), and there is no
//! `import`: macros gave way to components, which are found by name and
//! whose nesting Tera limits itself (`MAX_COMPONENT_RECURSION_DEPTH`, 20).
//! It over-approximates in one way only: an include inside an `if`, a
//! loop or a block a child overrides counts once, as if it always ran.
//! Loops are not bounded: what they repeat over is data, not templates.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Position};

/// How many templates deep one render may go, counting the page's own
/// template, each template it includes or extends, and theirs, and so on.
/// Tera recurses once per level, so this keeps a render far from the
/// stack's end (a few hundred levels overflow it); the built-in templates
/// go three deep, and a theme that needs more than 32 levels has a loop
/// in it rather than a design.
pub const MAX_TEMPLATE_DEPTH: usize = 32;

/// How many template renders one page may take at most, counting each
/// include once for every place it is written (and each parent once). A
/// template including the next twice, 20 levels down, asks for 2^20
/// renders and seconds per page; the built-in templates take under 10,
/// and 10,000 small renders still take milliseconds, so the limit is far
/// from any real theme and still bounds the time of every page.
pub const MAX_TEMPLATE_RENDERS: u64 = 10_000;

/// How a template refers to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{% include "x" %}`: renders `x` in place.
    Include,
    /// `{% extends "x" %}`: renders within the layout of `x`.
    Extends,
}

impl Kind {
    fn verb(self) -> &'static str {
        match self {
            Kind::Include => "includes",
            Kind::Extends => "extends",
        }
    }
}

/// One `include` or `extends` tag of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// Include or extends.
    pub kind: Kind,
    /// The template named, as Tera will look it up.
    pub name: String,
    /// Where the tag's `{%` starts, in bytes.
    pub offset: usize,
}

/// One template as [`check`] needs it.
pub(crate) struct Source<'a> {
    /// The template's text.
    pub text: &'a str,
    /// The file shown in messages (`templates/x.html`, or the built-in's
    /// name).
    pub file: &'a str,
    /// Whether the template is built into rungs (and so cannot be the
    /// file a problem asks to edit, unless no other is in the chain).
    pub built_in: bool,
}

/// The `include` and `extends` tags of a Tera template, in order.
///
/// Reads the template the way Tera's lexer (`parsing/lexer.rs`) does with
/// the default delimiters: text up to `{{`, `{%` or `{#`; a comment up to
/// its first `#}`; a `{% raw %}` block up to its `{% endraw %}` (either
/// with `-` for whitespace control); inside `{{ }}` and `{% %}`, strings in
/// `"`, `'` or `` ` `` with backslash escapes, so that a `%}` or an
/// `include` in a string is not taken for one. A tag whose first word is
/// `include` or `extends` and whose next token is a string is a
/// reference. Where the template is not valid Tera the scan stops or
/// skips, and Tera reports the syntax error afterwards.
pub(crate) fn references(source: &str) -> Vec<Reference> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(start) = next_marker(bytes, i) {
        let opener = bytes[start + 1];
        let mut at = start + 2;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match opener {
            b'#' => match find(bytes, at, b"#}") {
                Some(end) => i = end + 2,
                None => break,
            },
            b'%' => {
                if let Some(body) = tag_named(bytes, at, b"raw") {
                    match end_of_raw(bytes, body) {
                        Some(end) => i = end,
                        None => break,
                    }
                    continue;
                }
                let (end, reference) = scan_code(bytes, at, b'%', start);
                found.extend(reference);
                match end {
                    Some(end) => i = end,
                    None => break,
                }
            }
            _ => match scan_code(bytes, at, b'}', start).0 {
                Some(end) => i = end,
                None => break,
            },
        }
    }
    found
}

/// The start of the next `{{`, `{%` or `{#` at or after `from`.
fn next_marker(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(at) = memchr::memchr(b'{', bytes.get(i..)?) {
        let brace = i + at;
        if matches!(bytes.get(brace + 1), Some(b'{' | b'%' | b'#')) {
            return Some(brace);
        }
        i = brace + 1;
    }
    None
}

/// Where `needle` next starts, at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|at| from + at)
}

/// Whether a tag body at `at` (just after `{%` or `{%-`) is `name` alone,
/// as Tera's `skip_tag` reads it: an optional `-`, spaces, the name,
/// spaces, an optional `-`, then `%}`. Returns where the tag ends.
fn tag_named(bytes: &[u8], mut at: usize, name: &[u8]) -> Option<usize> {
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    at = skip_spaces(bytes, at);
    if !bytes.get(at..)?.starts_with(name) {
        return None;
    }
    at = skip_spaces(bytes, at + name.len());
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    bytes.get(at..)?.starts_with(b"%}").then_some(at + 2)
}

/// Where the `{% endraw %}` of a raw block whose body starts at `body`
/// ends.
fn end_of_raw(bytes: &[u8], body: usize) -> Option<usize> {
    let mut at = body;
    while let Some(open) = find(bytes, at, b"{%") {
        at = open + 2;
        if let Some(end) = tag_named(bytes, at, b"endraw") {
            return Some(end);
        }
    }
    None
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Reads the code of a tag (`close` `%`) or a variable (`close` `}`) from
/// `at` to its closing `%}` or `}}`: returns where it ends (`None` when it
/// never does) and, for an `include` or `extends` tag, the reference.
fn scan_code(
    bytes: &[u8],
    mut at: usize,
    close: u8,
    start: usize,
) -> (Option<usize>, Option<Reference>) {
    let mut first_word: Option<Kind> = None;
    let mut tokens = 0;
    let mut reference = None;
    loop {
        at = skip_spaces(bytes, at);
        let Some(&b) = bytes.get(at) else {
            return (None, reference);
        };
        // The end, with or without `-` for whitespace control.
        let end_at = if b == b'-' { at + 1 } else { at };
        if bytes.get(end_at) == Some(&close) && bytes.get(end_at + 1) == Some(&b'}') {
            return (Some(end_at + 2), reference);
        }
        tokens += 1;
        match b {
            b'"' | b'\'' | b'`' => {
                let Some((value, end)) = string(bytes, at) else {
                    // An unclosed string: Tera's error.
                    return (None, reference);
                };
                if let (2, Some(kind)) = (tokens, first_word) {
                    reference = value.map(|name| Reference {
                        kind,
                        name,
                        offset: start,
                    });
                }
                at = end;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let len = bytes[at..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                if tokens == 1 && close == b'%' {
                    first_word = match &bytes[at..at + len] {
                        b"include" => Some(Kind::Include),
                        b"extends" => Some(Kind::Extends),
                        _ => None,
                    };
                }
                at += len;
            }
            _ => at += 1,
        }
    }
}

/// The string literal starting at `at` (its quote), unescaped as Tera
/// does (`\"`, `\'`, `\/`, `\\`, `\n`, `\t`, `\r`), and where it ends.
/// The value is `None` when it holds another escape (a syntax error to
/// Tera); the whole is `None` when the string is not closed.
fn string(bytes: &[u8], at: usize) -> Option<(Option<String>, usize)> {
    let quote = bytes[at];
    let mut i = at + 1;
    let mut escaped = false;
    while let Some(&b) = bytes.get(i) {
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == quote {
            break;
        }
        i += 1;
    }
    if i >= bytes.len() {
        return None;
    }
    // The quotes are ASCII, so the content is whole UTF-8.
    let content = std::str::from_utf8(&bytes[at + 1..i]).ok()?;
    let mut value = String::with_capacity(content.len());
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next() {
            Some(c @ ('"' | '\'' | '/' | '\\')) => value.push(c),
            Some('n') => value.push('\n'),
            Some('t') => value.push('\t'),
            Some('r') => value.push('\r'),
            _ => return Some((None, i + 1)),
        }
    }
    Some((Some(value), i + 1))
}

/// The line and column (in characters, from 1) of byte `offset`, with
/// lines counted as [`crate::diag::Lines`] counts them.
fn position(source: &str, offset: usize) -> Position {
    let before = source.get(..offset).unwrap_or(source);
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let brk = i + at;
        i = if bytes[brk..].starts_with(b"\r\n") {
            brk + 2
        } else {
            brk + 1
        };
        line += 1;
        line_start = i.min(bytes.len());
    }
    Position {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// One reference resolved to a template of the graph.
struct Edge {
    to: usize,
    reference: usize,
}

/// A template of the graph and what the walk learnt about it.
struct Node<'a> {
    name: &'a str,
    source: &'a Source<'a>,
    references: Vec<Reference>,
    edges: Vec<Edge>,
    /// Templates in the longest chain from here (this one included).
    depth: usize,
    /// The edge that chain goes on by.
    deepest: Option<usize>,
    /// Templates one render of this one renders (itself included).
    renders: u64,
}

/// Checks that the templates neither include nor extend one another in a
/// circle, nor more than [`MAX_TEMPLATE_DEPTH`] deep, nor so often that
/// one render takes more than [`MAX_TEMPLATE_RENDERS`] template renders.
/// A reference to a template that does not exist is left to Tera, which
/// reports it.
///
/// Takes time linear in the templates and their references, with no
/// recursion, whatever their number.
pub(crate) fn check(sources: &BTreeMap<&str, Source<'_>>) -> Result<(), Diagnostics> {
    let index: BTreeMap<&str, usize> = sources.keys().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut nodes: Vec<Node<'_>> = sources
        .iter()
        .map(|(&name, source)| {
            let references = references(source.text);
            let edges = references
                .iter()
                .enumerate()
                .filter_map(|(r, reference)| {
                    index
                        .get(reference.name.as_str())
                        .map(|&to| Edge { to, reference: r })
                })
                .collect();
            Node {
                name,
                source,
                references,
                edges,
                depth: 0,
                deepest: None,
                renders: 0,
            }
        })
        .collect();
    let cycles = walk(&mut nodes);
    if !cycles.is_empty() {
        return Err(Diagnostics(cycles));
    }
    let mut problems = Vec::new();
    problems.extend(too_deep(&nodes));
    problems.extend(too_many_renders(&nodes));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(problems))
    }
}

/// Walks the graph depth first from every template (those nothing refers
/// to first, so that a chain starts where rendering does), filling in
/// each node's depth and renders, and returns a problem for every
/// reference that closes a circle (which is then left out of the counts).
fn walk(nodes: &mut [Node<'_>]) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut referred = vec![false; nodes.len()];
    for node in nodes.iter() {
        for edge in &node.edges {
            referred[edge.to] = true;
        }
    }
    let starts = (0..nodes.len())
        .filter(|&n| !referred[n])
        .chain((0..nodes.len()).filter(|&n| referred[n]));
    let mut state = vec![State::New; nodes.len()];
    let mut cycles = Vec::new();
    for start in starts {
        if state[start] != State::New {
            continue;
        }
        // The path from `start`: each node with the next edge to follow.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::Open;
        while let Some(top) = path.last_mut() {
            let (node, next) = *top;
            if let Some(edge) = nodes[node].edges.get(next) {
                top.1 += 1;
                let to = edge.to;
                match state[to] {
                    State::New => {
                        state[to] = State::Open;
                        path.push((to, 0));
                    }
                    State::Open => {
                        let chain: Vec<usize> = path.iter().map(|&(n, _)| n).chain([to]).collect();
                        cycles.push(cycle(nodes, &chain));
                    }
                    State::Done => {}
                }
                continue;
            }
            // Every edge followed: this node's counts are final.
            let mut depth = 1;
            let mut deepest = None;
            let mut renders: u64 = 1;
            for (e, edge) in nodes[node].edges.iter().enumerate() {
                if state[edge.to] != State::Done {
                    continue; // the edge closes a circle
                }
                let child = &nodes[edge.to];
                if child.depth + 1 > depth {
                    depth = child.depth + 1;
                    deepest = Some(e);
                }
                renders = renders.saturating_add(child.renders);
            }
            let n = &mut nodes[node];
            (n.depth, n.deepest, n.renders) = (depth, deepest, renders);
            state[node] = State::Done;
            path.pop();
        }
    }
    cycles
}

/// The names of `chain`, joined with arrows; a long chain shows its first
/// and last few names around `…`.
fn arrows(nodes: &[Node<'_>], chain: &[usize]) -> String {
    const SHOWN: usize = 5;
    let name = |&n: &usize| nodes[n].name;
    if chain.len() <= 2 * SHOWN + 1 {
        return chain.iter().map(name).collect::<Vec<_>>().join(" → ");
    }
    let head: Vec<&str> = chain[..SHOWN].iter().map(name).collect();
    let tail: Vec<&str> = chain[chain.len() - SHOWN..].iter().map(name).collect();
    format!("{} → … → {}", head.join(" → "), tail.join(" → "))
}

/// The reference of `from` that leads to `to`, if any.
fn reference_to<'n>(nodes: &'n [Node<'_>], from: usize, to: usize) -> Option<&'n Reference> {
    let node = &nodes[from];
    node.edges
        .iter()
        .find(|e| e.to == to)
        .map(|e| &node.references[e.reference])
}

/// A problem in the file of `nodes[from]`, at its reference to `to`.
fn at_reference(nodes: &[Node<'_>], from: usize, to: usize, message: String) -> Diagnostic {
    let node = &nodes[from];
    let d = Diagnostic::in_file(node.source.file, message);
    match reference_to(nodes, from, to) {
        Some(r) => d.at(node.source.text, position(node.source.text, r.offset)),
        None => d,
    }
}

/// Of the steps `chain[i] → chain[i + 1]` for `i` in `steps`, the last
/// taken from a template of the site (which its author can edit), or the
/// last of all.
fn step_to_edit(nodes: &[Node<'_>], chain: &[usize], steps: std::ops::Range<usize>) -> usize {
    let last = steps.end.saturating_sub(1);
    steps
        .rev()
        .find(|&i| !nodes[chain[i]].source.built_in)
        .unwrap_or(last)
}

/// The problem of a circle: `chain` ends with a template already on it.
fn cycle(nodes: &[Node<'_>], chain: &[usize]) -> Diagnostic {
    let closing = chain.len() - 1;
    let first = chain[..closing]
        .iter()
        .position(|&n| n == chain[closing])
        .unwrap_or(0);
    let step = step_to_edit(nodes, chain, first..closing);
    let (from, to) = (chain[step], chain[step + 1]);
    let verb = reference_to(nodes, from, to).map_or("includes", |r| r.kind.verb());
    at_reference(
        nodes,
        from,
        to,
        format!(
            "templates include or extend one another in a circle: {}",
            arrows(nodes, chain)
        ),
    )
    .with_help(format!(
        "`{}` {verb} `{}`, which leads back to it, so rendering would never end; \
         remove that reference or another one of the circle",
        nodes[from].name, nodes[to].name
    ))
}

/// The longest chain from `start`, following each node's deepest edge.
fn deepest_chain(nodes: &[Node<'_>], start: usize) -> Vec<usize> {
    let mut chain = vec![start];
    let mut at = start;
    while let Some(e) = nodes[at].deepest {
        at = nodes[at].edges[e].to;
        chain.push(at);
    }
    chain
}

/// The problem of a chain deeper than [`MAX_TEMPLATE_DEPTH`], for the
/// deepest one (it starts at a template nothing refers to).
fn too_deep(nodes: &[Node<'_>]) -> Option<Diagnostic> {
    let start = (0..nodes.len()).max_by_key(|&n| (nodes[n].depth, std::cmp::Reverse(n)))?;
    if nodes[start].depth <= MAX_TEMPLATE_DEPTH {
        return None;
    }
    let chain = deepest_chain(nodes, start);
    // The step into the first template past the limit, or the last one
    // before it taken from a template of the site.
    let step = step_to_edit(nodes, &chain, 0..MAX_TEMPLATE_DEPTH);
    let (from, to) = (chain[step], chain[step + 1]);
    Some(
        at_reference(
            nodes,
            from,
            to,
            format!(
                "templates include or extend one another {} deep, more than the limit of \
                 {MAX_TEMPLATE_DEPTH}: {}",
                chain.len(),
                arrows(nodes, &chain)
            ),
        )
        .with_help(format!(
            "`{}` is template {} of this chain; let a page reach at most \
             {MAX_TEMPLATE_DEPTH} templates deep, for example by merging small templates \
             into the one that includes them",
            nodes[from].name,
            step + 1
        )),
    )
}

/// The problem of a template whose render takes more than
/// [`MAX_TEMPLATE_RENDERS`] template renders, for the one that takes the
/// most.
fn too_many_renders(nodes: &[Node<'_>]) -> Option<Diagnostic> {
    let start = (0..nodes.len()).max_by_key(|&n| (nodes[n].renders, std::cmp::Reverse(n)))?;
    if nodes[start].renders <= MAX_TEMPLATE_RENDERS {
        return None;
    }
    // Follow the heaviest references down to the last template still
    // over the limit: its references multiply what lies below.
    let mut chain = vec![start];
    let mut at = start;
    loop {
        let heaviest = heaviest_target(nodes, at);
        match heaviest {
            Some((to, _)) if nodes[to].renders > MAX_TEMPLATE_RENDERS => {
                chain.push(to);
                at = to;
            }
            _ => break,
        }
    }
    let over = chain.len();
    // The template to edit: the last one over the limit, if it is the
    // site's; else the heaviest of the site's below it.
    let mut blamed = over - 1;
    if nodes[chain[blamed]].source.built_in {
        if let Some(step) = chain.iter().rposition(|&n| !nodes[n].source.built_in) {
            blamed = step;
        } else {
            let mut below = chain[over - 1];
            while let Some((to, _)) = heaviest_target(nodes, below) {
                chain.push(to);
                below = to;
                if !nodes[to].source.built_in {
                    break;
                }
            }
            blamed = chain.len() - 1;
        }
    }
    let from = chain[blamed];
    let (to, times) = heaviest_target(nodes, from).unwrap_or((from, 0));
    let message = format!(
        "templates include one another too often: one render of `{}` renders {} templates, \
         more than the limit of {MAX_TEMPLATE_RENDERS}",
        nodes[start].name,
        shown_count(nodes[start].renders)
    );
    let help = if times > 0 {
        format!(
            "`{}` includes `{}` {times} time{}, and each renders {} templates ({}); \
             every include renders the whole template again: include it in fewer places, \
             or once inside a loop over the data",
            nodes[from].name,
            nodes[to].name,
            if times == 1 { "" } else { "s" },
            shown_count(nodes[to].renders),
            arrows(nodes, &deepest_chain(nodes, to))
        )
    } else {
        "every include renders the whole template again: include templates in fewer places, \
         or once inside a loop over the data"
            .to_owned()
    };
    Some(at_reference(nodes, from, to, message).with_help(help))
}

/// Of the templates `from` refers to, the one that adds the most renders
/// to it, and how many times `from` refers to it.
fn heaviest_target(nodes: &[Node<'_>], from: usize) -> Option<(usize, u64)> {
    let mut times: BTreeMap<usize, u64> = BTreeMap::new();
    for edge in &nodes[from].edges {
        *times.entry(edge.to).or_default() += 1;
    }
    times
        .into_iter()
        .max_by_key(|&(to, n)| (nodes[to].renders.saturating_mul(n), std::cmp::Reverse(to)))
}

/// A count of renders, which saturates at `u64::MAX`.
fn shown_count(n: u64) -> String {
    if n == u64::MAX {
        "over 10^19".to_owned()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Vec<(Kind, String)> {
        references(source)
            .into_iter()
            .map(|r| (r.kind, r.name))
            .collect()
    }

    fn inc(name: &str) -> (Kind, String) {
        (Kind::Include, name.to_owned())
    }

    #[test]
    fn finds_includes_and_extends_in_any_spelling() {
        assert_eq!(
            names(
                "{% extends \"base.html\" %}{% block b %}\
                 {%include 'a.html'%}{%- include `b.html` -%}\n\
                 {%-\n  include\t\"c.html\"\n-%}{% endblock %}"
            ),
            vec![
                (Kind::Extends, "base.html".to_owned()),
                inc("a.html"),
                inc("b.html"),
                inc("c.html"),
            ]
        );
        // Escapes are read as Tera reads them.
        assert_eq!(
            names(r#"{% include "dir\/a \"q\".html" %}"#),
            vec![inc("dir/a \"q\".html")]
        );
        let r = &references("x\n  {% include \"a\" %}")[0];
        assert_eq!(r.offset, 4);
        assert_eq!(
            position("x\n  {% include \"a\" %}", r.offset),
            Position { line: 2, column: 3 }
        );
        assert_eq!(position("é\r\nü\rab{%", 9), Position { line: 3, column: 3 });
    }

    #[test]
    fn comments_raw_blocks_strings_and_variables_hide_tags() {
        let source = "{# {% include \"c1\" %} #}\
            {#- {% include \"c2\" %} -#}\
            {% raw %}{% include \"r1\" %}{% endraw %}\
            {%- raw -%}{% include \"r2\" %}{%- endraw -%}\
            {{ \"{% include 'v1' %}\" }}\
            {{ x ~ '}}' ~ \"{% include 'v2' %}\" }}\
            {% set s = \"%}{% include 's1' %}\" %}\
            {% if a %}{% include \"real\" %}{% endif %}\
            {% set include = 1 %}{{ include }}\
            {% for x in xs %}{% include \"loop\" %}{% endfor %}";
        assert_eq!(names(source), vec![inc("real"), inc("loop")]);
        // `raw` must be the whole tag.
        assert_eq!(names("{% rawx %}{% include \"a\" %}"), vec![inc("a")]);
        // `include` must be the first word and followed by the string.
        assert_eq!(names("{% set x = include \"a\" %}{% include x %}"), vec![]);
        // Braces and `-` inside a tag do not end it.
        assert_eq!(
            names("{% set m = {\"a\": {\"b\": 1}} %}{% set n = 1 - 2 %}{% include \"z\" %}"),
            vec![inc("z")]
        );
    }

    #[test]
    fn broken_templates_end_the_scan_without_panicking() {
        for source in [
            "{% include \"a",
            "{# never closed {% include \"a\" %}",
            "{% raw %}{% include \"a\" %}",
            "{% include \"a\\q\" %}",
            "{{",
            "{%",
            "{%-",
            "{",
            "{% include",
            "{% include 'é",
            "漢字{%include'漢.html'%}",
        ] {
            let _ = references(source);
        }
        assert_eq!(names("漢字{%include'漢.html'%}"), vec![inc("漢.html")]);
        assert_eq!(
            names("{% include \"a\\q\" %}{% include \"b\" %}"),
            vec![inc("b")]
        );
    }

    fn graph(templates: &[(&'static str, String)]) -> Result<(), Diagnostics> {
        let files: Vec<String> = templates
            .iter()
            .map(|(n, _)| format!("templates/{n}"))
            .collect();
        let sources: BTreeMap<&str, Source<'_>> = templates
            .iter()
            .zip(&files)
            .map(|((n, text), file)| {
                (
                    *n,
                    Source {
                        text,
                        file,
                        built_in: false,
                    },
                )
            })
            .collect();
        check(&sources)
    }

    #[test]
    fn the_built_in_templates_pass_with_room_to_spare() {
        let sources: BTreeMap<&str, Source<'_>> = crate::domain::builtin::TEMPLATES
            .iter()
            .map(|(n, text)| {
                (
                    *n,
                    Source {
                        text,
                        file: n,
                        built_in: true,
                    },
                )
            })
            .collect();
        assert!(check(&sources).is_ok());
        let body = |name: &str| {
            crate::domain::builtin::TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| names(t))
        };
        assert!(body("report.html").is_some_and(|r| r.contains(&inc("partials/report_body.html"))));
        assert!(
            body("partials/report_body.html")
                .is_some_and(|r| r.contains(&inc("partials/chart.html")))
        );
    }

    #[test]
    fn cycles_are_refused_with_their_chain() {
        let e = graph(&[
            ("page.html", "{% include \"a.html\" %}".into()),
            ("a.html", "{% include \"b.html\" %}".into()),
            ("b.html", "x\n{% include \"a.html\" %}".into()),
        ])
        .unwrap_err();
        assert_eq!(e.len(), 1);
        let d = &e.0[0];
        assert_eq!(d.file, "templates/b.html");
        assert_eq!(d.position, Some(Position { line: 2, column: 1 }));
        assert_eq!(
            d.message,
            "templates include or extend one another in a circle: \
             page.html → a.html → b.html → a.html"
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .starts_with("`b.html` includes `a.html`")
        );
        // Through extends as well, which Tera checks apart from includes.
        let e = graph(&[
            ("child.html", "{% extends \"base.html\" %}".into()),
            ("base.html", "{% include \"child.html\" %}".into()),
        ])
        .unwrap_err();
        assert_eq!(
            e.0[0].message,
            "templates include or extend one another in a circle: \
             base.html → child.html → base.html"
        );
        assert!(
            e.0[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("`child.html` extends `base.html`"),
            "{:?}",
            e.0[0].help
        );
        // Extends alone.
        let e = graph(&[
            ("a.html", "{% extends \"b.html\" %}".into()),
            ("b.html", "{% extends \"a.html\" %}".into()),
        ])
        .unwrap_err();
        assert!(e.0[0].message.ends_with("a.html → b.html → a.html"));
        // A template including itself.
        let e = graph(&[("a.html", "{% include \"a.html\" %}".into())]).unwrap_err();
        assert!(
            e.0[0].message.ends_with("a.html → a.html"),
            "{}",
            e.0[0].message
        );
    }

    fn chain(n: usize, times: usize) -> Vec<(&'static str, String)> {
        (0..n)
            .map(|i| {
                let name: &'static str = Box::leak(format!("t{i}.html").into_boxed_str());
                let text = if i + 1 < n {
                    format!("{i}{{% include \"t{}.html\" %}}", i + 1).repeat(times)
                } else {
                    "end".to_owned()
                };
                (name, text)
            })
            .collect()
    }

    #[test]
    fn depth_is_limited_and_the_limit_itself_allowed() {
        assert!(graph(&chain(MAX_TEMPLATE_DEPTH, 1)).is_ok());
        let e = graph(&chain(MAX_TEMPLATE_DEPTH + 1, 1)).unwrap_err();
        let d = &e.0[0];
        assert_eq!(
            d.file,
            format!("templates/t{}.html", MAX_TEMPLATE_DEPTH - 1)
        );
        assert!(
            d.message
                .starts_with("templates include or extend one another 33 deep, more than the limit of 32: t0.html → t1.html"),
            "{}",
            d.message
        );
        // Deep chains take no recursion and linear time.
        let e = graph(&chain(100_000, 1)).unwrap_err();
        assert!(e.0[0].message.contains("100000 deep"), "{}", e.0[0].message);
        assert!(
            e.0[0].message.ends_with("→ t99999.html"),
            "{}",
            e.0[0].message
        );
    }

    #[test]
    fn fan_out_is_limited() {
        // 2^14 - 1 = 16383 renders: too many; 2^13 - 1 = 8191: fine.
        assert!(graph(&chain(13, 2)).is_ok());
        let e = graph(&chain(14, 2)).unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.file, "templates/t0.html");
        assert!(
            d.message
                .contains("one render of `t0.html` renders 16383 templates"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .starts_with("`t0.html` includes `t1.html` 2 times, and each renders 8191"),
            "{:?}",
            d.help
        );
        // 2^20 and far beyond: counted without overflow, in no time.
        let e = graph(&chain(20, 2)).unwrap_err();
        assert_eq!(e.0[0].file, "templates/t6.html");
        let e = graph(&chain(30, 4)).unwrap_err();
        assert!(e.0[0].message.contains("more than the limit"));
    }

    #[test]
    fn missing_templates_are_left_to_tera() {
        assert!(graph(&[("a.html", "{% include \"nowhere.html\" %}".into())]).is_ok());
    }
}
