//! Fuzzing on the stable toolchain, with proptest: the loaders, the whole
//! check pipeline, the Markdown sanitiser and the scorer, fed random,
//! YAML-shaped, mutated and hostile input.
//!
//! Each property runs `RUNGS_FUZZ_CASES` cases (256 by default, so a local
//! `cargo test` stays quick; CI sets a larger number), fewer for the
//! expensive ones; see `generators::fuzz_cases`.

mod generators;

use std::path::Path;

use generators::{
    all_scopes, arb_model, assessment_for, assessment_yaml, example_model, fuzz_cases, model_yaml,
    raise, yamlish,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rungs::analysis::score::score;
use rungs::diag::Diagnostic;
use rungs::domain::EPSILON;
use rungs::domain::assessment::Assessment;
use rungs::domain::model::{Model, ModelIndex};
use rungs::input::assessment;

fn config(cost: u32) -> Config {
    Config {
        cases: fuzz_cases(cost),
        // Failures are printed with their shrunk input; writing them into
        // the source tree from CI helps no one.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------- the loaders ----------

const WORKED_SITE: &str = "title: Fixture\nbase_url: https://example.org/sub/\n";
const EXAMPLE_MODEL: &str = include_str!("fixtures/worked-example/content/model.yaml");
const EXAMPLE_X: &str = include_str!("fixtures/worked-example/content/assessments/x.yaml");
const EXAMPLE_Y: &str = include_str!("fixtures/worked-example/content/assessments/y.yaml");
const REPO_SITE: &str = include_str!("../site.yaml");
const PAGE: &str = "---\ntitle: Notes\ndescription: Some notes\norder: -2\ndraft: false\n---\n\n# Notes {#top}\n\nText with *emphasis*, a [link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

/// Valid documents to mutate: the mutations stay close enough to valid
/// input to get past the parser into the readers and validators.
fn seeds() -> Vec<String> {
    let model = rungs::input::model::parse("m.yaml", rungs::domain::builtin::DEFAULT_MODEL)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let sample = rungs::sample::generate(
        &model,
        &rungs::sample::SampleOptions {
            organizations: 1,
            periods: vec!["2025".to_owned()],
            seed: 1,
        },
    );
    let mut seeds = vec![
        WORKED_SITE.to_owned(),
        REPO_SITE.to_owned(),
        EXAMPLE_MODEL.to_owned(),
        rungs::domain::builtin::DEFAULT_MODEL.to_owned(),
        EXAMPLE_X.to_owned(),
        EXAMPLE_Y.to_owned(),
        PAGE.to_owned(),
        rungs::domain::builtin::DEFAULT_PAGES[0].1.to_owned(),
    ];
    seeds.extend(sample.into_iter().map(|f| f.text));
    seeds
}

/// Bits of YAML syntax and of rungs' keys and values, for insertions.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!str ",
    "!!binary ",
    "!foo ",
    "'",
    "\"",
    "\\",
    "#",
    "---\n",
    "...\n",
    "? ",
    "|",
    "|-\n  x",
    ">",
    "~",
    "null",
    "true",
    "no",
    "1e999",
    "-0",
    "0x1F",
    "0o7",
    ".nan",
    "-.inf",
    "1_000",
    "2025.10",
    "é",
    "\u{feff}",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "\r",
    "\r\n",
    "level",
    "levels",
    "progress",
    "criteria",
    "not_applicable",
    "reason",
    "evidence",
    "weight",
    "id",
    "name",
    "period",
    "organization",
    "requirements",
    "capabilities",
    "dimensions",
    "number",
    "threshold",
    "scoring",
    "ratings",
    "text",
    "title",
    "base_url",
    "order",
    "draft",
    "cohorts",
    "min_cohort_size",
    "target",
    "publish",
    "full",
    "partial",
    "9",
    "0",
    "-1",
    "0.5",
    "1.5",
    "99999999999999999999",
    "<script>",
    "](javascript:x)",
    "%YAML 1.2\n",
    "%TAG ! x\n",
];

/// One edit of a document, with positions as fractions of its length.
#[derive(Clone, Debug)]
enum Edit {
    /// Replaces the word (letters, digits, `_`, `.`, `-`) at a position.
    Replace(f64, &'static str),
    Delete(f64, usize),
    Insert(f64, &'static str),
    DuplicateLine(f64),
    SwapLines(f64, f64),
    Indent(f64, usize),
    Truncate(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0.0..1.0, prop::sample::select(TOKENS)).prop_map(|(at, t)| Edit::Replace(at, t)),
        2 => (0.0..1.0, 1usize..24).prop_map(|(at, n)| Edit::Delete(at, n)),
        6 => (0.0..1.0, prop::sample::select(TOKENS)).prop_map(|(at, t)| Edit::Insert(at, t)),
        1 => (0.0..1.0).prop_map(Edit::DuplicateLine),
        1 => (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (0.0..1.0, 0usize..5).prop_map(|(at, n)| Edit::Indent(at, n)),
        1 => (0.0..1.0).prop_map(Edit::Truncate),
    ]
}

/// The char boundary at or before `fraction` of `s`.
fn boundary(s: &str, fraction: f64) -> usize {
    let mut i = ((s.len() as f64) * fraction) as usize;
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        match e {
            Edit::Delete(at, n) => {
                let a = boundary(&s, *at);
                let b = boundary(&s, ((a + n) as f64 / s.len().max(1) as f64).min(1.0));
                s.replace_range(a..b.max(a), "");
            }
            Edit::Insert(at, t) => s.insert_str(boundary(&s, *at), t),
            Edit::Replace(at, t) => {
                let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-');
                let at = boundary(&s, *at);
                let start = s[..at]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !word(*c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let end = s[at..].find(|c: char| !word(c)).map_or(s.len(), |i| at + i);
                s.replace_range(start..end, t);
            }
            Edit::Truncate(at) => s.truncate(boundary(&s, *at)),
            Edit::DuplicateLine(at) | Edit::SwapLines(at, _) | Edit::Indent(at, _) => {
                let mut lines: Vec<String> = s.split('\n').map(str::to_owned).collect();
                let i = ((lines.len() as f64) * at) as usize % lines.len();
                match e {
                    Edit::DuplicateLine(_) => {
                        let line = lines[i].clone();
                        lines.insert(i, line);
                    }
                    Edit::SwapLines(_, other) => {
                        let j = ((lines.len() as f64) * other) as usize % lines.len();
                        lines.swap(i, j);
                    }
                    Edit::Indent(_, n) => {
                        let trimmed = lines[i].trim_start().to_owned();
                        lines[i] = format!("{}{trimmed}", " ".repeat(*n));
                    }
                    _ => {}
                }
                s = lines.join("\n");
            }
        }
    }
    s
}

/// A document: YAML-shaped noise, any text, any bytes read as UTF-8 the way
/// a lossy reader would, or a valid file with a few edits.
fn document() -> impl Strategy<Value = String> {
    let seeds = seeds();
    prop_oneof![
        2 => yamlish(),
        1 => ".{0,300}",
        1 => prop::collection::vec(any::<u8>(), 0..300)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        6 => (prop::sample::select(seeds), prop::collection::vec(edit(), 1..8))
            .prop_map(|(seed, edits)| apply(&seed, &edits)),
    ]
}

/// Every problem names `file`, says something, points inside the text (or
/// just past its end) and renders.
fn check_problems(problems: &[Diagnostic], file: &str, text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "an error without a problem in {file}");
    // Lines as YAML counts them: `\n`, `\r\n` and a lone `\r` end a line.
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count();
    for d in problems {
        prop_assert_eq!(&d.file, file);
        prop_assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        prop_assert!(
            d.help.as_deref().is_none_or(|h| !h.trim().is_empty()),
            "empty help: {d:?}"
        );
        if let Some(p) = d.position {
            prop_assert!(p.line >= 1 && p.column >= 1, "position {p:?}: {d:?}");
            prop_assert!(p.line <= lines + 1, "line {} of {lines}: {d:?}", p.line);
        }
        let shown = d.render(false);
        prop_assert!(shown.contains(file), "{shown}");
    }
    Ok(())
}

/// The models assessments are read against, parsed once.
static MODELS: std::sync::LazyLock<[Model; 2]> = std::sync::LazyLock::new(|| {
    let parse =
        |text: &str| rungs::input::model::parse("m.yaml", text).unwrap_or_else(|e| panic!("{e:?}"));
    [
        parse(EXAMPLE_MODEL),
        parse(rungs::domain::builtin::DEFAULT_MODEL),
    ]
});

proptest! {
    #![proptest_config(config(1))]

    /// No input makes a loader panic; each gives a value or problems that
    /// name its file.
    #[test]
    fn loaders_give_a_value_or_problems_naming_the_file(text in document()) {
        if let Err(p) = rungs::input::config::parse(&text) {
            check_problems(&p, "site.yaml", &text)?;
        }
        let model = rungs::input::model::parse("content/model.yaml", &text);
        if let Err(p) = &model {
            check_problems(p, "content/model.yaml", &text)?;
        }
        if let Err(p) = rungs::input::pages::parse("content/pages/p.md", "p.md", &text) {
            check_problems(&p, "content/pages/p.md", &text)?;
        }
        let front = format!("---\n{text}\n---\nbody\n");
        if let Err(p) = rungs::input::pages::parse("content/pages/p.md", "p.md", &front) {
            check_problems(&p, "content/pages/p.md", &front)?;
        }
        // Against the worked example's model, against the default model,
        // and against whatever model the text itself makes.
        let own = model.unwrap_or_else(|_| example_model());
        let models = [&MODELS[0], &MODELS[1], &own];
        for m in models {
            let index = ModelIndex::new(m);
            let cx = assessment::Context { model: m, index: &index, publish_default: true };
            if let Err(p) = assessment::parse("content/assessments/a.yaml", &text, &cx) {
                check_problems(&p, "content/assessments/a.yaml", &text)?;
            }
        }
    }
}

// ---------- the whole check, on mutated sites ----------

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

proptest! {
    #![proptest_config(config(8))]

    /// `rungs check` (load, validate, score, render every page, check every
    /// link) on the worked example with one file edited: it never panics,
    /// and fails only with problems that name a file.
    #[test]
    fn checking_a_mutated_site_never_panics(
        which in 0usize..5,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let mut files = vec![
            ("site.yaml", WORKED_SITE.to_owned()),
            ("content/model.yaml", EXAMPLE_MODEL.to_owned()),
            ("content/assessments/x.yaml", EXAMPLE_X.to_owned()),
            ("content/assessments/y.yaml", EXAMPLE_Y.to_owned()),
            ("content/pages/notes.md", PAGE.to_owned()),
        ];
        files[which].1 = apply(&files[which].1, &edits);
        for (rel, text) in &files {
            write(root, rel, text);
        }
        match rungs::pipeline::check(root, &rungs::domain::progress::Silent) {
            Ok(outcome) => prop_assert!(outcome.summary.files > 0),
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for d in &problems.0 {
                    prop_assert!(!d.file.is_empty() && !d.message.is_empty(), "{d:?}");
                }
            }
        }
    }
}

// ---------- the Markdown sanitiser ----------

/// Inline text that matters for injection, tangled with Markdown syntax.
const INLINE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x>",
    "<scr<script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:x\">a</a>",
    "<em onclick=x>",
    "<em>",
    "</em>",
    "<b>",
    "<br>",
    "<style>*{}</style>",
    "<!-- x -->",
    "<![CDATA[x]]>",
    "<?php ?>",
    "<object data=x>",
    "<base href=//x>",
    "<form action=x>",
    "<math><mi xlink:href=x>",
    "<input onfocus=x autofocus>",
    "<details open ontoggle=x>",
    "[a](javascript:alert(1))",
    "[a](JAVASCRIPT:x)",
    "[a](java\tscript:x)",
    "[a](&#106;avascript:x)",
    "[a](javascript&#58;x)",
    "[a](javascript&colon;x)",
    "[a](java&#x09;script:x)",
    "[a](java&#10;script:x)",
    "[a](&#x01;javascript:x)",
    "[a](<java\tscript:x>)",
    "[a](java%09script:x)",
    "[r]: java&#x0D;script:x",
    "[a]( \u{1}javascript:x)",
    "[a](vbscript:x)",
    "[a](data:text/html,x)",
    "![i](javascript:x)",
    "![i](data:image/svg+xml,x)",
    "<javascript:x>",
    "[a](https://example.org \"t\" onclick=x)",
    "[r]",
    "[r]: javascript:x",
    "[a](<javascript:x>)",
    "[a](//evil.example)",
    "[a](mailto:a@b)",
    "[a](x \"\\\" onmouseover=x\")",
    "`<script>`",
    "**",
    "*",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "\"",
    "'",
    "{#id onclick=x}",
    "{.cls}",
    "x",
    " ",
    "é",
    "\u{0}",
    "\u{202e}",
];

/// Block structure: containers, fences, tables and raw HTML blocks.
const BLOCK: &[&str] = &[
    "",
    "> ",
    "- ",
    "* ",
    "1. ",
    "    ",
    "# ",
    "###### ",
    "- [ ] ",
    "- [x] ",
    "| ",
    "[^1]: ",
    "```\n",
    "```html\n",
    "~~~\n",
    "<div>\n",
    "<pre>\n",
    "<script>\n",
    "<style>\n",
    "<!--\n",
    "<textarea>\n",
    "<table><tr><td>\n",
    "|---|---|\n",
    "***\n",
    "===\n",
    "\n",
];

/// Prefixes that nest when repeated.
const DEEP: &[&str] = &[
    "> ", "- ", "  - ", "[", "*", "<em>", "1. ", "| ", "**a", "[a](",
];

/// Markdown built from hostile pieces, sometimes nested deeply.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let line = (
        prop::collection::vec(prop::sample::select(BLOCK), 0..4),
        prop::collection::vec(prop::sample::select(INLINE), 0..8),
    )
        .prop_map(|(blocks, inline)| format!("{}{}\n", blocks.concat(), inline.concat()));
    // Deep, but not so deep that the HTML parser of the check (quadratic
    // in nesting) dominates; `very_deep_markdown_renders` goes further.
    let deep = (
        prop::sample::select(DEEP),
        1usize..300,
        prop::sample::select(INLINE),
    )
        .prop_map(|(p, n, inline)| format!("{}{inline}\n", p.repeat(n)));
    prop_oneof![
        6 => prop::collection::vec(line, 0..20).prop_map(|l| l.concat()),
        1 => deep,
        1 => ".{0,400}",
    ]
}

/// Elements that can run script, load content or restyle the page.
const DANGEROUS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "title",
    "audio",
    "video",
    "source",
    "track",
    "portal",
    "details",
    "dialog",
];

/// Checks rendered HTML the way a browser would read it (html5ever, through
/// scraper), independently of the sanitiser's own code.
fn check_html(html: &str) -> Result<(), String> {
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<iframe", "<svg", "<object", "<embed", "<style"] {
        if lower.contains(needle) {
            return Err(format!("the output contains `{needle}`"));
        }
    }
    let doc = scraper::Html::parse_fragment(html);
    let base = url::Url::parse("https://example.org/sub/page/").map_err(|e| e.to_string())?;
    for node in doc.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        // Task list items are the one input the renderer itself writes.
        let task_box = name == "input"
            && element.attr("type") == Some("checkbox")
            && element.attr("disabled").is_some();
        if DANGEROUS.contains(&name) && !task_box {
            return Err(format!("a <{name}> element"));
        }
        for (attr, value) in element.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                return Err(format!("an event handler `{attr}` on <{name}>"));
            }
            if attr == "style"
                && !(matches!(name, "th" | "td") && value.starts_with("text-align: "))
            {
                return Err(format!("a style `{value}` on <{name}>"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "srcset"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "poster"
                    | "data"
                    | "background"
            ) && let Ok(resolved) = base.join(value)
            {
                // A value that does not parse as a URL is not followed.
                let scheme = resolved.scheme();
                if !matches!(scheme, "http" | "https" | "mailto") {
                    return Err(format!(
                        "{attr}=\"{value}\" resolves to a {scheme}: URL on <{name}>"
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn the_html_checker_catches_what_it_should() {
    assert!(check_html("<p>ok &lt;script&gt; <a href=\"https://x\">x</a></p>").is_ok());
    assert!(check_html("<ul><li><input disabled=\"\" type=\"checkbox\"/> x</li></ul>").is_ok());
    assert!(check_html("<td style=\"text-align: left\">x</td>").is_ok());
    for bad in [
        "<script>x</script>",
        "<p><Script>x</Script></p>",
        "<a href=\" java\tscript:x\">x</a>",
        "<a href=\"JAVASCRIPT:x\">x</a>",
        "<img src=\"data:x\">",
        "<em onclick=\"x\">x</em>",
        "<p style=\"color: red\">x</p>",
        "<input type=\"text\">",
        "<form><button>x</button></form>",
    ] {
        assert!(check_html(bad).is_err(), "{bad}");
    }
}

proptest! {
    #![proptest_config(config(1))]

    /// Hostile Markdown renders to HTML in which a browser finds no script,
    /// no event handler, no dangerous element and no script URL; headings
    /// and plain text never panic either.
    #[test]
    fn untrusted_markdown_renders_safe_html(markdown in hostile_markdown()) {
        let html = rungs::text::markdown::to_html(&markdown);
        if let Err(problem) = check_html(&html) {
            return Err(TestCaseError::fail(format!("{problem}\ninput: {markdown:?}\noutput: {html:?}")));
        }
        let _ = rungs::text::markdown::headings(&markdown);
        let _ = rungs::text::markdown::to_plain_text(&markdown);
    }
}

/// Nesting far beyond what a page could want renders in linear time on a
/// thread with a 2 MiB stack (what rayon's workers have), with nothing
/// unsafe in it.
#[test]
fn very_deep_markdown_renders() {
    let worker = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
        for p in DEEP {
            let markdown = format!(
                "{}<script>alert(1)</script>[a](javascript:x)\n",
                p.repeat(50_000)
            );
            let html = rungs::text::markdown::to_html(&markdown);
            let lower = html.to_ascii_lowercase();
            assert!(
                !lower.contains("<script") && !lower.contains("href=\"javascript"),
                "{p:?}"
            );
            let _ = rungs::text::markdown::headings(&markdown);
            let _ = rungs::text::markdown::to_plain_text(&markdown);
        }
    });
    let joined = worker.map(std::thread::JoinHandle::join);
    assert!(
        matches!(joined, Ok(Ok(()))),
        "rendering deep Markdown failed"
    );
}

// ---------- the scorer, through the loaders ----------

/// Writes `model` as YAML and reads it back: it must load as written.
fn model_through_yaml(model: &Model) -> Result<Model, TestCaseError> {
    let text = model_yaml(model);
    let parsed = rungs::input::model::parse("m.yaml", &text)
        .map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
    let json = |m: &Model| serde_json::to_value(m).map_err(|e| TestCaseError::fail(e.to_string()));
    prop_assert_eq!(
        json(&parsed)?,
        json(model)?,
        "the model reads back as written:\n{}",
        text
    );
    Ok(parsed)
}

/// Writes `assessment` of `model` as YAML, reads it back against `parsed`
/// (the model as read from YAML): it must load as written. Then scores it.
fn score_through_yaml(
    model: &Model,
    parsed: &Model,
    assessment: &Assessment,
) -> Result<rungs::analysis::score::AssessmentScores, TestCaseError> {
    let text = assessment_yaml(model, assessment);
    let index = ModelIndex::new(parsed);
    let cx = assessment::Context {
        model: parsed,
        index: &index,
        publish_default: true,
    };
    let read = assessment::parse("a.yaml", &text, &cx)
        .map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
    prop_assert_eq!(read.capabilities.len(), assessment.capabilities.len());
    for (a, b) in read.capabilities.iter().zip(&assessment.capabilities) {
        prop_assert_eq!(
            &a.form,
            &b.form,
            "the assessment reads back as written:\n{}",
            text
        );
    }
    Ok(score(parsed, &read))
}

proptest! {
    #![proptest_config(config(1))]

    /// Through the YAML loaders, under both methods: every score lies in
    /// [0, K] with floor(score) == level, and raising any rating never
    /// lowers a score or a level.
    #[test]
    fn scores_read_from_yaml_are_bounded_floored_and_monotonic(
        model in arb_model(),
        seed in prop::collection::vec(0.0f64..=1.0, 8..40),
        snap in prop::collection::vec(any::<bool>(), 8),
        which in 0.0f64..1.0,
        pos in 0.0f64..1.0,
        by in prop_oneof![0.0f64..1.0, Just(1.0), Just(1e-9), Just(f64::EPSILON)],
    ) {
        // Some ratings exactly at the named `full`, and some satisfactions
        // at the edges, where rounding bites.
        let seed: Vec<f64> = seed
            .iter()
            .zip(snap.iter().cycle())
            .map(|(s, snap)| if *snap && *s > 0.9 { 1.0 } else if *snap && *s < 0.1 { 0.0 } else { *s })
            .collect();
        let k = f64::from(model.max_level());
        let parsed = model_through_yaml(&model)?;
        let a = assessment_for(&model, &seed);
        let before = score_through_yaml(&model, &parsed, &a)?;
        for (sc, level) in all_scopes(&before) {
            prop_assert!((0.0..=k + EPSILON).contains(&sc), "score {sc} out of [0, {k}]");
            prop_assert_eq!((sc + EPSILON).floor() as u32, level, "score {} level {}", sc, level);
        }
        let mut raised = a.clone();
        let i = ((which * raised.capabilities.len() as f64) as usize).min(raised.capabilities.len() - 1);
        raise(&model, &mut raised, i, pos, by);
        let after = score_through_yaml(&model, &parsed, &raised)?;
        let method = model.scoring;
        for ((b, bl), (x, xl)) in all_scopes(&before).into_iter().zip(all_scopes(&after)) {
            prop_assert!(x >= b - 1e-12, "{method:?}: score fell from {b} to {x}");
            prop_assert!(xl >= bl, "{method:?}: level fell from {bl} to {xl}");
        }
    }
}
