//! Hostile input: one site whose every author-controlled text tries every
//! injection, built with the real binary, and a scan of every file it
//! writes. Also the privacy guarantees (scoring.md §5, site.md): nothing of
//! an unpublished assessment or a suppressed cohort reaches the output,
//! while unpublished assessments still count in the aggregates.
//!
//! The claims these tests prove are listed in `docs/security.md`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------

/// Names and plain texts that try to leave their HTML, attribute, SVG or
/// XML context. Each ends up in names of the model, organisations, pages,
/// cohorts and charts.
const TEXT_PAYLOADS: &[&str] = &[
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "\" onmouseover=\"alert('xss-dq')\" x=\"",
    "' onfocus='alert(1)' autofocus x='",
    "</text></svg><script>alert('xss-svg')</script>",
    "]]><!-- <![CDATA[ x ]]>",
    "</title></textarea></style><svg onload=alert('xss-title')>",
    "<!-- --><a href=javascript:alert(1)>c</a>",
    "{{ \"tera\" ~ \"-injected\" }} {% raw %}",
    "R&D <Ops> & \"quotes\" 'single' `tick`",
    CONTROLS,
];

/// Control characters and non-characters, which XML 1.0 forbids even as
/// character references, and a right-to-left override.
const CONTROLS: &str =
    "ctl \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff}\u{202e} end";

/// Markdown that tries every way of getting markup, script or a dangerous
/// URL scheme into a page.
const MARKDOWN_PAYLOAD: &str = r#"Intro <script>alert('md-script')</script> and <b>bold</b>.

[js](javascript:alert(1)) [mixed](JaVaScRiPt:alert(1)) [tab](java&#x09;script:alert(1))
[colon](javascript&#58;alert(1)) [ent](&#x6A;avascript:alert(1)) [vb](vbscript:msgbox(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [space]( javascript:alert(1))
[nl](java&#x0A;script:alert(1)) [ctl](&#x01;javascript:alert(1)) [ref][evil] <javascript:alert(1)> [ok](https://example.org/)

![img](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![Mixed](JaVaScRiPt:alert(1))
![tabbed](java&#x09;script:alert(1))

<a href="javascript:alert(1)">raw anchor</a> <img src=x onerror=alert(1)> <svg onload=alert(1)>
<iframe src="https://evil.example/"></iframe> <object data=x></object> <embed src=x>
<details open ontoggle=alert(1)>x</details> <b onclick=alert(1)>b</b> <em style="x:expression(1)">e</em>

<div
onclick="alert(1)">split tag</div>

<style>body{background:url(javascript:alert(1))}</style>

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<base href="javascript:alert(1)//">

## Heading {#id onclick=alert(1)}

### Other {.cls onmouseover=alert(1) data-x=y}

| a | b |
|---|---|
| <script>alert(1)</script> | [t](javascript:alert(1)) |

Footnote[^1].

[^1]: <img src=x onerror=alert('fn')>

[evil]: javascript:alert('ref')
"#;

/// Attribute values used in cohort URLs: paths that try to leave the
/// output folder, and markup. Filled in with the absolute path of the
/// folder around the output by [`url_payloads`].
fn url_payloads(around: &Path) -> Vec<String> {
    vec![
        "../../../../escaped-4".to_owned(),
        "../../../../../escaped-5".to_owned(),
        "../../../../../../escaped-6".to_owned(),
        format!("{}/escaped-absolute", around.display()),
        "..\\..\\..\\..\\escaped-backslash".to_owned(),
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fescaped-encoded".to_owned(),
        "..".to_owned(),
        ".".to_owned(),
        "/".to_owned(),
        "\\".to_owned(),
        "javascript:alert('url')".to_owned(),
        "</text></svg><script>alert('xss-value')</script>".to_owned(),
        "\" onmouseover=\"alert('xss-value')".to_owned(),
        "<img src=x onerror=alert('xss-value')>".to_owned(),
        CONTROLS.to_owned(),
    ]
}

/// Values that a spreadsheet would run as a formula, for CSV cells.
const FORMULA_PAYLOADS: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/\",\"x\")",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1)",
    "\t=1+2",
    "\r=1+2",
    "-inf",
    "+NaN",
];

/// A text as a YAML double-quoted scalar, every character outside
/// printable ASCII written as an escape (YAML forbids some raw).
fn q(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A Markdown text as a YAML scalar.
fn md(extra: &str) -> String {
    q(&format!("{extra}\n\n{MARKDOWN_PAYLOAD}"))
}

fn payload(i: usize) -> &'static str {
    TEXT_PAYLOADS[i % TEXT_PAYLOADS.len()]
}

// ---------------------------------------------------------------------------
// The hostile site
// ---------------------------------------------------------------------------

const PERIODS: [&str; 2] = ["2024", "2025"];

/// Writes the hostile site. `around` is the folder that will hold the
/// output, for the absolute-path payload.
fn hostile_site(around: &Path) -> Fixture {
    let f = Fixture::empty();
    f.write(
        "site.yaml",
        format!(
            "title: {}\ndescription: {}\nbase_url: https://example.org/sub/\nbenchmark: {{cohorts: [sector, region], min_cohort_size: 2}}\n",
            q(&format!("Site {}", payload(0))),
            md("Site description"),
        ),
    );
    let level = |n: usize| {
        format!(
            "  - {{number: {n}, name: {}, description: {}}}\n",
            q(&format!("L{n} {}", payload(n))),
            md(&format!("Level {n}"))
        )
    };
    let requirements = |tag: &str| {
        (1..=3)
            .map(|n| format!("          {n}: {}\n", md(&format!("{tag} requirement {n}"))))
            .collect::<String>()
    };
    let model = format!(
        "id: hostile
name: {name}
version: {version}
description: {desc}
levels:
  - {{number: 0, name: {l0}}}
{l1}{l2}{l3}dimensions:
  - id: d1
    name: {d1}
    description: {desc}
    capabilities:
      - id: a
        name: {a}
        description: {desc}
        requirements:
{ra}      - id: b
        name: {b}
        requirements:
{rb}  - id: d2
    name: {d2}
    capabilities:
      - id: c
        name: {c}
        description: {desc}
        requirements:
          1: [{{id: c1, text: {c1}}}, {{id: c2, text: {c2}}}]
          2: [{{id: c3, text: {c3}}}]
          3: [{{id: c4, text: {c4}}}]
",
        name = q(&format!("Model {}", payload(4))),
        version = q(payload(2)),
        desc = md("Description"),
        l0 = q(&format!("L0 {}", payload(5))),
        l1 = level(1),
        l2 = level(2),
        l3 = level(3),
        d1 = q(&format!("D1 {}", payload(4))),
        d2 = q(&format!("D2 {} {CONTROLS}", payload(1))),
        a = q(&format!("A {}", payload(6))),
        b = q(&format!("B {}", payload(2))),
        c = q(&format!("C {} {CONTROLS}", payload(5))),
        ra = requirements("a"),
        rb = requirements("b"),
        c1 = md("c1"),
        c2 = q(payload(0)),
        c3 = md("c3"),
        c4 = q(payload(7)),
    );
    f.write("content/model.yaml", model);

    let sectors = url_payloads(around);
    // Enough organisations that every sector and region value has at least
    // two members (min_cohort_size) in each period, so every value gets a
    // cohort page, charts, heatmap rows and export rows.
    let count = 2 * sectors.len().max(FORMULA_PAYLOADS.len());
    for period in PERIODS {
        for i in 0..count {
            let name = if i % 3 == 0 {
                FORMULA_PAYLOADS[i % FORMULA_PAYLOADS.len()].to_owned()
            } else {
                format!("Org {i} {}", payload(i))
            };
            let text = format!(
                "organization:
  id: org-{i}
  name: {name}
  sector: {sector}
  region: {region}
  note: {note}
period: \"{period}\"
assessor: {assessor}
method: {method}
summary: {summary}
capabilities:
  a: {{level: {la}, progress: 0.5, evidence: {evidence}}}
  b: {{not_applicable: true, reason: {reason}}}
  c: {{criteria: {{c1: full, c2: {c2}, c3: partial}}, evidence: {evidence}}}
",
                name = q(&name),
                sector = q(&sectors[i % sectors.len()]),
                region = q(FORMULA_PAYLOADS[i % FORMULA_PAYLOADS.len()]),
                note = q(payload(i + 1)),
                assessor = q(payload(i + 2)),
                method = if i % 2 == 0 { "self" } else { "third-party" },
                summary = md("Summary"),
                la = i % 3,
                evidence = md("Evidence"),
                reason = md("Reason"),
                c2 = if i % 2 == 0 { "largely" } else { "none" },
            );
            f.write(&format!("content/assessments/{period}/org-{i}.yaml"), text);
        }
    }
    f.write(
        "content/pages/hostile.md",
        format!(
            "---\ntitle: {}\ndescription: {}\norder: 1\n---\n\n# {}\n\n{MARKDOWN_PAYLOAD}",
            q(&format!("Page {}", payload(0))),
            q(payload(2)),
            payload(4),
        ),
    );
    f
}

/// Runs `rungs <args>` and returns (status, stderr).
fn rungs(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(args)
        .output()
        .expect("run rungs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every path below `dir` (files and folders), relative, with the bytes of
/// files, skipping `skip` (a relative path) and everything below it.
fn listing(dir: &Path, skip: Option<&Path>) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| skip.is_none_or(|s| e.path().strip_prefix(dir).ok() != Some(s)))
        .map(|e| {
            let e = e.expect("walk");
            let rel = e.path().strip_prefix(dir).expect("below").to_path_buf();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| fs::read(e.path()).expect("read"));
            (rel, bytes)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Scanning the output
// ---------------------------------------------------------------------------

/// Attributes that hold a URL a browser may load or navigate to. scraper
/// and roxmltree give local names, so `xlink:href` is `href` here.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "ping",
    "srcset",
    "longdesc",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
];

/// Elements that run or embed something, or change how URLs resolve.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "foreignobject",
    "portal",
    "style",
    "template",
    "animate",
    "set",
    "handler",
    "listener",
];

/// The scheme-relevant form of a URL as a browser sees it: ASCII tab and
/// newlines removed anywhere, leading and trailing C0 controls and spaces
/// trimmed, lowercased.
fn url_as_browser_sees(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a URL attribute value would run script or carry inline content.
fn dangerous_url(value: &str) -> bool {
    let v = url_as_browser_sees(value);
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|s| v.starts_with(s))
        // srcset lists several URLs.
        || v.split(',').any(|c| {
            let c = c.trim_start();
            c.starts_with("javascript:") || c.starts_with("data:") || c.starts_with("vbscript:")
        })
}

/// Checks one element of any document (HTML or SVG): its name and
/// attributes. `page` is the file, for messages.
fn check_element<'a>(
    page: &str,
    name: &str,
    attrs: impl Iterator<Item = (&'a str, &'a str)>,
    problems: &mut Vec<String>,
) {
    let name = name.to_ascii_lowercase();
    if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
        problems.push(format!("{page}: a <{name}> element"));
    }
    for (attr, value) in attrs {
        let attr = attr.to_ascii_lowercase();
        if attr.starts_with("on") {
            problems.push(format!(
                "{page}: <{name} {attr}=\"{value}\">: an event handler"
            ));
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) && dangerous_url(value) {
            problems.push(format!(
                "{page}: <{name} {attr}=\"{value}\">: a script or data URL"
            ));
        }
        if attr == "style" {
            let v = value.to_ascii_lowercase();
            if ["url(", "expression(", "javascript:", "@import", "behavior"]
                .iter()
                .any(|s| v.contains(s))
            {
                problems.push(format!("{page}: <{name} style=\"{value}\">"));
            }
        }
        if name == "meta" && attr == "http-equiv" {
            problems.push(format!("{page}: <meta http-equiv=\"{value}\">"));
        }
        if name == "link" && attr == "rel" && !matches!(value, "stylesheet" | "icon" | "canonical")
        {
            problems.push(format!("{page}: <link rel=\"{value}\">"));
        }
    }
}

/// Where the built site is published in these tests.
const SITE: &str = "https://example.org/sub/";

/// A URL of a page resolved against that page, as a browser does.
fn site_url(page: &str, value: &str) -> Option<url::Url> {
    url::Url::parse(SITE)
        .ok()?
        .join(page)
        .ok()?
        .join(value)
        .ok()
}

/// The theme's own scripts, which every page may load with `src`.
fn own_script(page: &str, src: &str) -> bool {
    site_url(page, src).is_some_and(|u| {
        [format!("{SITE}rungs.js"), format!("{SITE}search.js")].contains(&u.as_str().to_owned())
    })
}

/// Checks an SVG or XML document: well-formed, and no element or
/// attribute that runs script.
fn check_xml(page: &str, text: &str, problems: &mut Vec<String>) {
    match roxmltree::Document::parse(text) {
        Err(e) => problems.push(format!("{page}: not well-formed XML: {e}")),
        Ok(doc) => {
            for node in doc.descendants().filter(roxmltree::Node::is_element) {
                let name = node.tag_name().name();
                if name.eq_ignore_ascii_case("script") {
                    problems.push(format!("{page}: a <script> in SVG or XML"));
                }
                check_element(
                    page,
                    name,
                    node.attributes().map(|a| (a.name(), a.value())),
                    problems,
                );
            }
        }
    }
}

/// Checks an HTML page: parsed as a browser would (scraper, html5ever),
/// then every element, every attribute and every inline `<svg>`.
/// Whether `el` is the page header that report.html and roadmap.html
/// print: a `<style>` without attributes in `<head>` holding exactly
/// `@page { @top-left { content: "…" } @top-right { content: "…" } }`,
/// each string only ASCII letters, digits, spaces and backslash escapes.
fn print_header(el: &scraper::ElementRef) -> bool {
    let in_head = el
        .parent()
        .and_then(scraper::ElementRef::wrap)
        .is_some_and(|p| p.value().name() == "head");
    let text: String = el.text().collect();
    let strings = text
        .strip_prefix("@page { @top-left { content: \"")
        .and_then(|t| t.strip_suffix("\" } }"))
        .and_then(|t| t.split_once("\" } @top-right { content: \""));
    in_head
        && el.value().attrs().next().is_none()
        && strings.is_some_and(|(a, b)| {
            [a, b].iter().all(|s| {
                s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\\')
            })
        })
}

fn check_html(page: &str, text: &str, problems: &mut Vec<String>) -> usize {
    let doc = scraper::Html::parse_document(text);
    let mut svgs_in_tree = 0;
    for node in doc.tree.nodes() {
        let Some(el) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        // Charts nest viewports (markers, stretched shapes): count the
        // outermost ones, the charts.
        let nested = el
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| a.value().name() == "svg");
        if name == "svg" && !nested {
            svgs_in_tree += 1;
        }
        if name == "script" {
            let src = el.value().attr("src");
            if !src.is_some_and(|s| own_script(page, s)) || el.text().any(|t| !t.trim().is_empty())
            {
                problems.push(format!(
                    "{page}: a <script> that is not the theme's own: {}",
                    el.html()
                ));
            }
        }
        // The one <style> rungs writes: the printed page header of a report
        // or roadmap, in <head>, whose two strings are CSS-escaped down to
        // letters, digits, spaces and hex escapes (docs/themes.md).
        if name == "style" && print_header(&el) {
            continue;
        }
        check_element(page, name, el.value().attrs(), problems);
        // Absolute URLs are web or mail links; relative ones stay inside the
        // site (the page is served below https://example.org/sub/).
        for (attr, value) in el.value().attrs() {
            if !URL_ATTRIBUTES.contains(&attr) || attr == "srcset" {
                continue;
            }
            match url::Url::parse(value) {
                Ok(u) if matches!(u.scheme(), "http" | "https" | "mailto") => {}
                Ok(u) => problems.push(format!(
                    "{page}: <{name} {attr}=\"{value}\">: scheme {}",
                    u.scheme()
                )),
                Err(_) => match site_url(page, value) {
                    Some(u) if u.as_str().starts_with(SITE) => {}
                    _ => problems.push(format!(
                        "{page}: <{name} {attr}=\"{value}\"> leaves the site"
                    )),
                },
            }
        }
    }
    // Every inline chart is well-formed XML on its own, and a label cannot
    // close it early: the raw `<svg>...</svg>` spans hold as many charts as
    // the browser's tree does.
    let mut raw_svgs = 0;
    let mut rest = text;
    while let Some(start) = rest.find("<svg") {
        let Some(len) = common::svg_element_len(&rest[start..]) else {
            problems.push(format!("{page}: an <svg> that is never closed"));
            break;
        };
        let end = start + len;
        check_xml(page, &rest[start..end], problems);
        raw_svgs += 1;
        rest = &rest[end..];
    }
    if raw_svgs != svgs_in_tree {
        problems.push(format!(
            "{page}: {raw_svgs} <svg>...</svg> spans but {svgs_in_tree} <svg> elements"
        ));
    }
    let visible: String = doc.root_element().text().collect();
    if visible.contains("tera-injected") {
        problems.push(format!("{page}: a text was run as a template"));
    }
    raw_svgs
}

/// Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF rows).
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',' | '\r')) {
                        return Err(format!(
                            "text after a closing quote in row {}",
                            rows.len() + 1
                        ));
                    }
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => return Err(format!("a stray quote in row {}", rows.len() + 1)),
            ',' => {
                row.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\r' | '\n' => return Err(format!("a bare line break in row {}", rows.len() + 1)),
            _ => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("an unclosed quote".to_owned());
    }
    if !cell.is_empty() || !row.is_empty() {
        return Err("the last row has no CRLF".to_owned());
    }
    Ok(rows)
}

/// Whether a spreadsheet would read the cell as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain
/// decimal number such as `-0.5` or `1e-9`.
fn formula_cell(cell: &str) -> bool {
    if !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return false;
    }
    let body = cell.trim_start_matches(['+', '-']);
    let (mantissa, exponent) = body
        .split_once(['e', 'E'])
        .map_or((body, None), |(m, e)| (m, Some(e)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain_mantissa = match mantissa.split_once('.') {
        Some((a, b)) => {
            (digits(a) || a.is_empty())
                && (digits(b) || b.is_empty())
                && !(a.is_empty() && b.is_empty())
        }
        None => digits(mantissa),
    };
    let plain_exponent = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    !(cell.len() - body.len() == 1 && plain_mantissa && plain_exponent)
}

/// Checks a CSV file: parses, every row as wide as the header, no cell a
/// formula. Returns the cells, for further checks.
fn check_csv(page: &str, text: &str, problems: &mut Vec<String>) -> Vec<Vec<String>> {
    let rows = match parse_csv(text) {
        Ok(rows) => rows,
        Err(e) => {
            problems.push(format!("{page}: not valid CSV: {e}"));
            return Vec::new();
        }
    };
    let width = rows.first().map_or(0, Vec::len);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != width {
            problems.push(format!(
                "{page}: row {} has {} cells, the header {width}",
                i + 1,
                row.len()
            ));
        }
        for cell in row {
            if formula_cell(cell) {
                problems.push(format!("{page}: row {}: a formula cell {cell:?}", i + 1));
            }
        }
    }
    rows
}

/// Checks that an output path is plain: relative, `/`-separated segments
/// of letters, digits, `.`, `_` and `-`, none of them `.` or `..`.
fn check_path(rel: &str, problems: &mut Vec<String>) {
    let plain = !rel.is_empty()
        && rel.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        });
    if !plain {
        problems.push(format!("an output path is not plain: {rel:?}"));
    }
}

/// What a scan of a whole output folder found.
#[derive(Default)]
struct Scan {
    problems: Vec<String>,
    files: usize,
    html: usize,
    svgs: usize,
    csv: BTreeMap<String, Vec<Vec<String>>>,
    json: BTreeMap<String, Value>,
}

/// Scans every file below `out`.
fn scan(out: &Path) -> Scan {
    let mut s = Scan::default();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        let rel = entry
            .path()
            .strip_prefix(out)
            .expect("below the output")
            .to_str()
            .map_or_else(|| format!("{:?}", entry.path()), str::to_owned);
        check_path(&rel, &mut s.problems);
        if entry.file_type().is_symlink() {
            s.problems
                .push(format!("{rel}: a symbolic link in the output"));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        s.files += 1;
        let bytes = fs::read(entry.path()).expect("read an output file");
        let text = String::from_utf8_lossy(&bytes);
        let problems = &mut s.problems;
        match Path::new(&rel).extension().and_then(|e| e.to_str()) {
            Some("html") => {
                s.html += 1;
                s.svgs += check_html(&rel, &text, problems);
            }
            Some("svg" | "xml") => check_xml(&rel, &text, problems),
            Some("json") => match serde_json::from_slice::<Value>(&bytes) {
                Ok(v) => {
                    s.json.insert(rel, v);
                }
                Err(e) => problems.push(format!("{rel}: not valid JSON: {e}")),
            },
            Some("csv") => {
                let rows = check_csv(&rel, &text, problems);
                s.csv.insert(rel, rows);
            }
            Some("css" | "js" | "txt") => {}
            _ if rel == ".nojekyll" => {}
            _ => problems.push(format!("{rel}: an unexpected kind of file")),
        }
    }
    s
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[test]
fn hostile_input_stays_inert_in_every_output_file() {
    let around = tempfile::tempdir().expect("temp dir");
    let out = around.path().join("w1/w2/out");
    fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    fs::write(around.path().join("w1/sentinel.txt"), "untouched").expect("write");
    let site = hostile_site(around.path());
    let around_before = listing(around.path(), None);
    let site_before = listing(site.path(), None);

    let (code, stderr) = rungs(&[
        "build".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        site.path().as_os_str(),
    ]);
    assert_eq!(code, 0, "the hostile site builds:\n{stderr}");

    // Nothing written beside the output (no escaped file, no staging
    // leftover) and nothing in the site.
    assert_eq!(
        listing(around.path(), Some(Path::new("w1/w2/out"))),
        around_before,
        "files appeared or changed outside the output folder"
    );
    assert_eq!(
        listing(site.path(), None),
        site_before,
        "the site was changed"
    );

    let s = scan(&out);
    assert!(
        s.problems.is_empty(),
        "{} problems, such as:\n{}",
        s.problems.len(),
        s.problems[..s.problems.len().min(40)].join("\n")
    );

    // The payloads did reach every kind of output, so the scan above was
    // not vacuous.
    assert!(
        s.html > 100 && s.svgs > 100,
        "{} pages, {} charts",
        s.html,
        s.svgs
    );
    let payloads = url_payloads(around.path());
    for period in PERIODS {
        let sectors: Vec<String> = fs::read_dir(out.join(format!("benchmarks/{period}/sector")))
            .expect("sector cohorts")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            sectors.len(),
            payloads.len(),
            "every hostile value has its cohort page: {sectors:?}"
        );
    }
    // The first organisation named after TEXT_PAYLOADS[p].
    let org_named = |p: usize| {
        (1..)
            .find(|i| i % 3 != 0 && i % TEXT_PAYLOADS.len() == p)
            .unwrap_or(1)
    };
    let script_org = org_named(0);
    let report = format!("organizations/org-{script_org}/2025/index.html");
    let tera_org = format!("organizations/org-{}/index.html", org_named(8));
    for (page, shown) in [
        (
            report.as_str(),
            format!("Org {script_org} <script>alert('xss-script')</script>"),
        ),
        (
            report.as_str(),
            "<a href=\"javascript:alert(1)\">raw anchor</a>".to_owned(),
        ),
        (report.as_str(), "<img src=x onerror=alert(1)>".to_owned()),
        (
            tera_org.as_str(),
            "{{ \"tera\" ~ \"-injected\" }}".to_owned(),
        ),
        (
            "model/index.html",
            "L2 \" onmouseover=\"alert('xss-dq')\" x=\"".to_owned(),
        ),
        (
            "hostile/index.html",
            "<style>body{background:url(javascript:alert(1))}</style>".to_owned(),
        ),
    ] {
        let html = fs::read_to_string(out.join(page)).expect("page");
        let text: String = scraper::Html::parse_document(&html)
            .root_element()
            .text()
            .collect();
        assert!(
            text.contains(&shown),
            "`{shown}` is shown as text on {page}"
        );
    }
    let results = &s.csv["data/results.csv"];
    let benchmarks = &s.csv["data/benchmarks.csv"];
    for formula in FORMULA_PAYLOADS {
        let neutral = format!("'{formula}");
        assert!(
            results.iter().flatten().any(|c| *c == neutral),
            "results.csv holds {neutral:?}"
        );
        assert!(
            benchmarks.iter().flatten().any(|c| *c == neutral),
            "benchmarks.csv holds {neutral:?}"
        );
    }
    for value in &payloads {
        assert!(
            benchmarks.iter().flatten().any(|c| c == value),
            "benchmarks.csv keeps the value {value:?} as it was written"
        );
    }

    // Markdown links with unsafe schemes point to `#`; images with one
    // are replaced by their alt text.
    let page = fs::read_to_string(out.join("hostile/index.html")).expect("page");
    let page = scraper::Html::parse_document(&page);
    let links: BTreeMap<String, String> = page
        .select(&scraper::Selector::parse("main a").expect("selector"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap_or("").to_owned(),
            )
        })
        .collect();
    for name in [
        "js",
        "mixed",
        "tab",
        "colon",
        "ent",
        "vb",
        "data",
        "space",
        "nl",
        "ctl",
        "ref",
        "t",
        "javascript:alert(1)",
    ] {
        assert_eq!(
            links.get(name).map(String::as_str),
            Some("#"),
            "link `{name}`: {links:?}"
        );
    }
    assert_eq!(
        links.get("ok").map(String::as_str),
        Some("https://example.org/")
    );
    let images = page
        .select(&scraper::Selector::parse("main img").expect("selector"))
        .count();
    assert_eq!(images, 0, "no image with an unsafe source is shown");
    let text: String = page.root_element().text().collect();
    for alt in ["img", "svg", "Mixed", "tabbed"] {
        assert!(
            text.contains(alt),
            "the alt text `{alt}` replaces its image"
        );
    }

    // The search index only holds plain relative URLs.
    let index = &s.json["search/index.json"];
    let docs = index["docs"].as_array().expect("docs");
    assert!(!docs.is_empty());
    for d in docs {
        let u = d["u"].as_str().expect("a URL");
        let path = u.split('#').next().unwrap_or("").trim_end_matches('/');
        let plain = path.is_empty() || {
            let mut p = Vec::new();
            check_path(path, &mut p);
            p.is_empty()
        };
        assert!(plain && !u.contains(':'), "search URL {u:?}");
    }
}

/// Ids, periods and page names become folder names as they are, so a
/// value that could leave a folder is refused (attribute values, which are
/// free text, are slugged instead: see the test above). Paths in site.yaml
/// may not leave the site either.
#[test]
fn ids_periods_pages_and_paths_that_would_leave_a_folder_are_refused() {
    let f = Fixture::new(
        common::EXAMPLE_MODEL,
        &[
            ("x.yaml", &common::EXAMPLE_X.replace("id: x", "id: ../../x")),
            (
                "y.yaml",
                &common::EXAMPLE_Y
                    .replace("period: \"2025\"", "period: ../../y")
                    .replace("sector:", "\"../z\": v, sector:"),
            ),
        ],
    );
    f.write("content/pages/%2e%2e%2fz.md", "---\ntitle: Z\n---\nz\n");
    f.write("content/pages/a..b/p.md", "---\ntitle: P\n---\np\n");
    let r = f.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    for message in [
        "error: `../../x` is not a valid id\n --> content/assessments/x.yaml:1:20 (at `organization.id`)",
        "error: period `../../y` cannot be used in a URL\n --> content/assessments/y.yaml:2:9 (at `period`)",
        "error: `../z` is not a valid id",
        "error: `%2e%2e%2fz` cannot be part of a page URL\n --> content/pages/%2e%2e%2fz.md",
        "error: `a..b` cannot be part of a page URL\n --> content/pages/a..b/p.md",
    ] {
        assert!(err.contains(message), "expected `{message}` in:\n{err}");
    }

    f.write(
        "site.yaml",
        "title: T\nbase_url: /\nmodel: ../../etc/passwd\noutput: ../out\npages: /etc\nassessments: \"..\\\\x\"\ntheme: ../x\nbenchmark: {cohorts: [\"../x\", \"a/b\"]}\n",
    );
    let r = f.run(&["build"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    for message in [
        "error: `../../etc/passwd` points outside the site folder",
        "error: `../out` points outside the site folder",
        "error: `/etc` points outside the site folder",
        "error: `..\\x` points outside the site folder",
        "error: `../x` is not a valid id\n --> site.yaml:7:8 (at `theme`)",
        "(at `benchmark.cohorts[0]`)",
        "error: `a/b` is not a valid id",
    ] {
        assert!(err.contains(message), "expected `{message}` in:\n{err}");
    }
    assert!(!f.path().join("../out").exists() && !f.public().exists());
}

/// A file that is, or lies behind, a symbolic link leading out of the site
/// is refused, whatever folder it is in; nothing is written.
#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    fs::create_dir_all(outside.path().join("dir")).expect("mkdir");
    fs::write(
        outside.path().join("dir/inner.md"),
        "---\ntitle: S\n---\ns\n",
    )
    .expect("write");
    let f = Fixture::worked_example();
    fs::create_dir_all(f.path().join("static")).expect("mkdir");
    fs::create_dir_all(f.path().join("content/pages")).expect("mkdir");
    symlink(
        outside.path().join("secret.txt"),
        f.path().join("static/secret.txt"),
    )
    .expect("link");
    symlink(
        outside.path().join("dir"),
        f.path().join("content/pages/linked"),
    )
    .expect("link");
    // A link that stays inside the site is fine.
    symlink(
        f.path().join("content/model.yaml"),
        f.path().join("static/model.yaml"),
    )
    .expect("link");
    let r = f.run(&["build"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    for file in ["static/secret.txt", "content/pages/linked/inner.md"] {
        assert!(
            err.contains(&format!(
                "error: the file is a link to a place outside the site folder\n --> {file}"
            )) || err.contains(&format!(
                "error: the file is a link to a place outside the site folder\n  --> {file}"
            )),
            "{file} refused:\n{err}"
        );
    }
    assert!(!err.contains("static/model.yaml"), "{err}");
    assert!(!f.public().exists(), "nothing written");
}

// ---------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------

/// `publish_reports: false`, so only assessments with `publish: true`
/// are published. k = 5, cohorts by sector.
///
/// - 2024: alpha 5 and beta 7 (5 + mixed-co + hidden-inc, the last
///   unpublished): all three cohorts published, n = 12.
/// - 2025: alpha 3 and gamma 2 (suppressed; together 5 withheld, so beta
///   needs no secondary suppression), beta 7 with two unpublished members
///   (mixed-co, published in 2024 only, and hidden-inc, never published).
///
/// hidden-inc scores 4.0, above everyone, so it must be the maximum of
/// every cohort it belongs to.
fn privacy_site() -> Fixture {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut add = |id: &str, name: &str, sector: &str, period: &str, score: f64, publish| {
        files.push((
            format!("{period}/{id}.yaml"),
            common::one_capability_assessment(id, name, sector, period, score, publish),
        ));
    };
    for period in ["2024", "2025"] {
        let alphas = if period == "2024" { 5 } else { 3 };
        for i in 0..alphas {
            add(
                &format!("alpha-{i}"),
                &format!("Alpha {i}"),
                "alpha",
                period,
                1.0 + 0.1 * f64::from(i),
                Some(true),
            );
        }
        for i in 0..5 {
            add(
                &format!("beta-{i}"),
                &format!("Beta {i}"),
                "beta",
                period,
                2.0 + 0.1 * f64::from(i),
                Some(true),
            );
        }
        add(
            "mixed-co",
            "Mixed Company",
            "beta",
            period,
            1.5,
            Some(period == "2024"),
        );
        add(
            "hidden-inc",
            "Hidden Incorporated",
            "beta",
            period,
            4.0,
            if period == "2024" { None } else { Some(false) },
        );
        // With hidden-inc (and mixed-co in 2025), k or more unpublished
        // members of beta: the figures count them (scoring.md §5).
        for i in 0..4 {
            add(
                &format!("quiet-{i}"),
                &format!("Quiet Works {i}"),
                "beta",
                period,
                3.0 + 0.1 * f64::from(i),
                Some(false),
            );
        }
        if period == "2025" {
            for i in 0..2 {
                add(
                    &format!("gamma-{i}"),
                    &format!("Gamma {i}"),
                    "gamma",
                    period,
                    3.0,
                    Some(true),
                );
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let f = Fixture::new(common::ONE_CAPABILITY_MODEL, &refs);
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/sub/\npublish_reports: false\nbenchmark: {cohorts: [sector], min_cohort_size: 5}\n",
    );
    f.build();
    f
}

/// Every output file as (relative path, text).
fn output_files(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("below")
                .to_string_lossy()
                .into_owned();
            let text = String::from_utf8_lossy(&fs::read(e.path()).expect("read")).into_owned();
            (rel, text)
        })
        .collect()
}

#[test]
fn unpublished_assessments_and_suppressed_cohorts_leave_no_trace_but_still_count() {
    let f = privacy_site();
    let out = f.public();
    let files = output_files(&out);
    assert!(files.len() > 40, "{} files", files.len());

    // Never published: neither the id nor the name is anywhere, in no page,
    // chart, export, search index or sitemap, nor in any file name.
    // Published in 2024 only: nothing of its 2025 assessment.
    for (rel, text) in &files {
        for needle in [
            "hidden-inc",
            "Hidden Incorporated",
            "Hidden",
            "mixed-co/2025",
            "quiet-",
            "Quiet Works",
        ] {
            assert!(
                !rel.contains(needle),
                "a file is named after `{needle}`: {rel}"
            );
            assert!(!text.contains(needle), "`{needle}` found in {rel}");
        }
    }
    assert!(!out.join("organizations/mixed-co/2025").exists());
    assert!(out.join("organizations/mixed-co/2024/index.html").is_file());
    let org_page = f.output("organizations/mixed-co/index.html");
    assert!(
        !org_page.contains("2025"),
        "the organisation page shows no 2025 report, history row or trend point"
    );
    let results = f.results();
    let rows: Vec<(String, String)> = results["assessments"]
        .as_array()
        .expect("assessments")
        .iter()
        .map(|r| {
            (
                r["organization"].as_str().unwrap_or("").to_owned(),
                r["period"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(rows.contains(&("mixed-co".to_owned(), "2024".to_owned())));
    assert!(
        !rows.iter().any(|(o, p)| o == "mixed-co" && p == "2025"),
        "{rows:?}"
    );
    assert_eq!(
        rows.len(),
        10 + 8 + 2 + 1,
        "the published assessments only: {rows:?}"
    );
    let csv = f.output("data/results.csv");
    assert!(
        !csv.lines()
            .any(|l| l.starts_with("mixed-co,") && l.contains(",2025,")),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + rows.len());
    let sitemap = f.output("sitemap.xml");
    assert!(sitemap.contains("organizations/mixed-co/2024/"));

    // They still count in the aggregates (scoring.md §5): n includes them,
    // and hidden-inc's 4.0 is the maximum of its cohorts.
    let b: Value = serde_json::from_str(&f.output("data/benchmarks.json")).expect("JSON");
    let cohorts = b["cohorts"].as_array().expect("cohorts");
    let find = |period: &str, value: Option<&str>| {
        cohorts
            .iter()
            .find(|c| c["period"] == period && c["value"].as_str() == value)
    };
    for period in ["2024", "2025"] {
        let all = find(period, None).expect("all is published");
        assert_eq!(all["n"], 16, "{period}: every assessment counts");
        assert_eq!(all["assessed"], 16);
        common::assert_close(&all["score"]["max"], 4.0, "the unpublished maximum");
        let beta = find(period, Some("beta")).expect("beta is published");
        assert_eq!(
            beta["n"], 11,
            "{period}: beta counts its unpublished members"
        );
        common::assert_close(&beta["score"]["max"], 4.0, "the unpublished maximum");
    }

    // alpha is published in 2024 only; gamma never. A suppressed cohort has
    // no page, no link, no export row, no heatmap row or level bar on its
    // period's overview, no trend point, no search entry, no sitemap entry.
    assert!(find("2024", Some("alpha")).is_some());
    assert!(find("2025", Some("alpha")).is_none());
    assert!(cohorts.iter().all(|c| c["value"] != "gamma"));
    assert!(
        out.join("benchmarks/2024/sector/alpha/index.html")
            .is_file()
    );
    assert!(!out.join("benchmarks/2025/sector/alpha").exists());
    assert!(!out.join("benchmarks/2025/sector/gamma").exists());
    for (rel, text) in &files {
        for needle in ["2025/sector/alpha", "sector/gamma"] {
            assert!(!text.contains(needle), "`{needle}` found in {rel}");
        }
        if rel.starts_with("benchmarks/2025/") || rel == "benchmarks/index.html" {
            assert!(
                !text.contains("alpha") && !text.contains("gamma"),
                "{rel} shows a suppressed cohort of 2025"
            );
        }
        if rel.starts_with("benchmarks/") || rel.starts_with("data/benchmarks") {
            assert!(!text.contains("gamma"), "{rel} shows gamma");
        }
    }
    let alpha = f.output("benchmarks/2024/sector/alpha/index.html");
    assert!(
        !alpha.contains("chart-trend"),
        "no trend over one published period"
    );
    assert!(
        f.output("benchmarks/2024/sector/beta/index.html")
            .contains("chart-trend"),
        "beta, published in both periods, has its trend"
    );
    let bcsv = f.output("data/benchmarks.csv");
    assert!(
        !bcsv.lines().any(|l| l.starts_with("2025,sector,alpha")),
        "{bcsv}"
    );
    assert_eq!(bcsv.lines().count(), 1 + cohorts.len());
    let index: Value = serde_json::from_str(&f.output("search/index.json")).expect("JSON");
    let docs = index["docs"].as_array().expect("docs");
    assert!(
        docs.iter()
            .any(|d| d["u"] == "benchmarks/2025/sector/beta/"),
        "published cohorts are indexed"
    );
    for d in docs {
        if d["k"] == "benchmark" {
            let text = d.to_string();
            assert!(!text.contains("alpha") || !text.contains("2025"), "{text}");
            assert!(!text.contains("gamma"), "{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// rungs serve
// ---------------------------------------------------------------------------

/// `rungs serve` listens on 127.0.0.1 only, serves from memory (a path
/// that climbs out of the base path gets no file of the disk), and writes
/// nothing into the site.
#[test]
fn serve_listens_on_loopback_only_and_serves_nothing_from_disk() {
    use std::io::{BufRead, BufReader, Read, Write};
    let f = Fixture::worked_example();
    f.write("static/secret-marker.txt", "in the site");
    let before = listing(f.path(), None);
    let child = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["serve", "--port", "0"])
        .arg(f.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start rungs serve");
    /// Stops the server this test started, whatever happens.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Stop(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("serve prints where it serves")
            .expect("a line");
        if let Some(i) = line.find("http://") {
            break line[i..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
        }
    };
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| {
        panic!("serve announces a loopback address, not {url}");
    });
    let port: u16 = rest[..rest.find('/').unwrap_or(rest.len())]
        .parse()
        .expect("a port");

    // The kernel's own table: the listening socket is bound to 127.0.0.1,
    // not to 0.0.0.0 or an IPv6 address.
    #[cfg(target_os = "linux")]
    {
        let listeners: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
            .iter()
            .filter_map(|p| fs::read_to_string(p).ok())
            .flat_map(|t| t.lines().skip(1).map(str::to_owned).collect::<Vec<_>>())
            .filter_map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                let (addr, p) = cols.get(1)?.split_once(':')?;
                (u16::from_str_radix(p, 16).ok()? == port && cols.get(3) == Some(&"0A"))
                    .then(|| addr.to_owned())
            })
            .collect();
        assert_eq!(listeners, ["0100007F"], "listening on 127.0.0.1 only");
    }

    let get_as = |host: &str, path: &str| -> String {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        reply
    };
    let local = format!("127.0.0.1:{port}");
    let get = |path: &str| get_as(&local, path);
    let page = get("/sub/organizations/x/2025/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(get_as(&format!("localhost:{port}"), "/sub/").starts_with("HTTP/1.1 200"));
    // DNS rebinding: a page of another name pointed at 127.0.0.1 gets nothing.
    for path in ["/sub/organizations/x/2025/", "/__rungs/status"] {
        let reply = get_as(&format!("rebind.example:{port}"), path);
        assert!(reply.starts_with("HTTP/1.1 403"), "{path}: {reply}");
        assert!(!reply.contains("<html"), "{reply}");
    }
    assert!(get("/sub/secret-marker.txt").contains("in the site"));
    for path in [
        "/sub/../../../../../../etc/passwd",
        "/sub/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/sub/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/sub/%2fetc%2fpasswd",
        "/sub/..\\..\\..\\etc\\passwd",
        "/sub/site.yaml",
        "/sub/content/model.yaml",
        "/sub/static/secret-marker.txt",
    ] {
        let reply = get(path);
        let status = reply.lines().next().unwrap_or("");
        assert!(
            !status.contains(" 200") && !reply.contains("root:") && !reply.contains("dimensions:"),
            "{path}: {status}"
        );
    }
    drop(child);
    assert_eq!(listing(f.path(), None), before, "serve wrote into the site");
}
