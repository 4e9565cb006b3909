//! Interface strings come from the site language's string table
//! (`i18n/<language>.yaml`, issue #19): a `zh-CN` site shows the Chinese
//! table, and none of the English table's strings, on the pages that read
//! it; an `en` site reads as before.

mod common;

use std::path::{Path, PathBuf};

use common::rungs;

/// This repository's example site (every kind of page: cohorts, withheld
/// statistics, percentiles among many peers) in Chinese, built: (its
/// folder, its output).
fn chinese_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("zh");
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(example.join("content")) {
        let entry = entry.unwrap();
        let to = site.join(entry.path().strip_prefix(example).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let config = std::fs::read_to_string(example.join("site.yaml")).unwrap();
    assert!(config.contains("language: en"));
    std::fs::write(
        site.join("site.yaml"),
        config.replace("language: en", "language: zh-CN"),
    )
    .unwrap();
    let r = rungs(&["build".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    (dir, site.join("public"))
}

/// The first folder below `dir` (in name order) that holds an `index.html`
/// and passes `more`.
fn page_below(dir: &Path, more: impl Fn(&Path) -> bool) -> PathBuf {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.join("index.html").is_file() && more(p))
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("a page below {}", dir.display()))
}

/// One page of every kind of a built site (relative paths of its files).
fn every_page_kind(public: &Path) -> Vec<String> {
    let rel = |p: &Path| {
        p.join("index.html")
            .strip_prefix(public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let depth = |p: &Path| p.strip_prefix(public).unwrap().components().count();
    let report = page_below(&public.join("organizations"), |p| {
        depth(p) == 3 && p.join("roadmap/index.html").is_file()
    });
    let org = report.parent().unwrap().to_path_buf();
    vec![
        "index.html".into(),
        "404.html".into(),
        "search/index.html".into(),
        "model/index.html".into(),
        rel(&page_below(&public.join("model"), |_| true)),
        "benchmarks/index.html".into(),
        rel(&page_below(&public.join("benchmarks"), |p| depth(p) == 2)),
        rel(&page_below(&public.join("benchmarks"), |p| depth(p) == 4)),
        "organizations/index.html".into(),
        rel(&org),
        rel(&report),
        rel(&report.join("roadmap")),
        "methodology/index.html".into(),
    ]
}

/// What a page says in its own words: its text nodes and the labels of
/// its elements (`aria-label`, `title`, `alt`), each trimmed. The body of
/// a content page is the site's own text, not rungs's: it is left out.
fn shown_texts(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        let in_content = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.has_class("prose", scraper::CaseSensitivity::CaseSensitive))
        }) && !node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "h1" | "nav"))
        });
        if in_content {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            let text = text.trim();
            if !text.is_empty() {
                out.push(text.to_owned());
            }
        } else if let Some(e) = node.value().as_element() {
            for attr in ["aria-label", "title", "alt"] {
                if let Some(v) = e.attr(attr) {
                    out.push(v.trim().to_owned());
                }
            }
        }
    }
    out
}

/// Placeholders that always stand for a number.
const NUMBERS: &[&str] = &[
    "n",
    "total",
    "shown",
    "count",
    "k",
    "assessed",
    "left_out",
    "level",
    "target",
    "max",
    "percent",
    "index",
    "median",
    "q1",
    "q3",
    "score",
    "min",
    "mean",
    "priority",
    "threshold",
    "weight",
    "current",
    "pages",
    "unspecified",
    "third_party",
    "self",
    "percentile",
];

/// A piece of a string's pattern.
#[derive(Debug)]
enum Piece<'a> {
    Literal(&'a str),
    /// A number, such as `2.50` or `−0.40`.
    Number,
    /// A period: text without spaces.
    Period,
    /// Any text, at least one character.
    Any,
}

/// `pattern` cut into literals and placeholders.
fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        let name = &rest[open + 1..open + close];
        out.push(if NUMBERS.contains(&name) {
            Piece::Number
        } else if name == "period" {
            Piece::Period
        } else {
            Piece::Any
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// Whether `text` is `pattern` with its `{name}` placeholders filled in:
/// numbers where [`NUMBERS`] says so, anything elsewhere.
fn matches(pattern: &str, text: &str) -> bool {
    fn from(pieces: &[Piece<'_>], text: &str) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return text.is_empty();
        };
        match first {
            Piece::Literal(l) => text.strip_prefix(l).is_some_and(|t| from(rest, t)),
            Piece::Number => {
                let len = text
                    .find(|c: char| !(c.is_ascii_digit() || ".−-+".contains(c)))
                    .unwrap_or(text.len());
                (1..=len).any(|i| text.is_char_boundary(i) && from(rest, &text[i..]))
            }
            Piece::Period => {
                let len = text.find(char::is_whitespace).unwrap_or(text.len());
                (1..=len).any(|i| text.is_char_boundary(i) && from(rest, &text[i..]))
            }
            Piece::Any => text
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain([text.len()])
                .filter(|i| *i > 0)
                .any(|i| from(rest, &text[i..])),
        }
    }
    from(&pieces(pattern), text)
}

/// English words (three letters or more, outside placeholders) of `text`.
fn english_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{')
            && let Some(close) = after.find('}')
        {
            rest = &after[close + 1..];
            continue;
        }
        let len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        if len >= 3 {
            words.push(&rest[..len]);
        }
        let skip = len.max(rest.chars().next().map_or(1, char::len_utf8));
        rest = &rest[skip..];
    }
    words
}

#[test]
fn placeholders_match_anything() {
    assert!(matches("Level {n}", "Level 3"));
    assert!(!matches("{n} assessment", "Run your own assessment"));
    assert!(matches("{label}: {value}", "Sector: Food"));
    assert!(matches("Scale 0 to {max}", "Scale 0 to 4.50"));
    assert!(matches("{period} report", "2024-H1 report"));
    assert!(!matches("{period} report", "Reading a report"));
    assert!(matches("{n} of {total} results", "3 of 9 results"));
    assert!(matches("Data", "Data"));
    assert!(!matches("Data", "Data model"));
    assert!(!matches("Level {n}", "Levels"));
    assert!(!matches("{a} and {b}", "a or b"));
    assert_eq!(english_words("{n} of {total} results, n = 3"), ["results"]);
}

#[test]
fn a_chinese_site_reads_the_chinese_table_on_every_page_kind() {
    let (_dir, public) = chinese_site();
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();

    let home = read("index.html");
    assert!(home.contains("<html lang=\"zh-CN\">"));
    for zh in [
        "跳到正文",
        ">模型</a>",
        ">对标</a>",
        ">企业</a>",
        ">搜索</a>",
        "评估结果（JSON）",
        ">评估概况</h2>",
        ">成熟度等级</h2>",
    ] {
        assert!(home.contains(zh), "{zh}");
    }
    assert!(read("404.html").contains("<h1>页面不存在</h1>"));
    assert!(read("search/index.html").contains("搜索模型、能力要求、企业和页面"));
    assert!(home.contains("由 rungs "), "the generator is filled in");

    // No English string of the table is left on any kind of page: no text
    // node or label is one of them, placeholders filled in with anything.
    let english = rungs::input::strings::builtin("en").0;
    let chinese = rungs::input::strings::builtin("zh-CN").0;
    let pages = every_page_kind(&public);
    assert_eq!(pages.len(), 13);
    let mut checked = 0;
    for page in &pages {
        let texts = shown_texts(&read(page));
        for (key, value) in english.entries() {
            if chinese.get(key) == Some(value) || english_words(value).is_empty() {
                continue;
            }
            checked += 1;
            for text in &texts {
                assert!(
                    !matches(value, text),
                    "{page}: English {key} ({value:?}) shown as {text:?}"
                );
            }
        }
    }
    assert!(checked > 200 * pages.len(), "{checked}");

    // The report's charts draw Chinese legends and describe themselves in
    // Chinese; the report shows its date the Chinese way.
    let report = read(&pages[10]);
    for zh in [
        ">本次评估</text>",
        ">同行中位数</text>",
        ">同行中间 50%</text>",
        ">得分</text>",
        ">目标</text>",
        "<title id=\"radar-title\">各维度得分与同行对比</title>",
        "<desc id=\"radar-desc\">各维度的得分，以及同行中位数和中间 50%；具体数值见维度表。</desc>",
        ">评估日期</span>",
    ] {
        assert!(report.contains(zh), "the report has {zh}");
    }
    for en in [
        "This assessment",
        "Middle half of peers",
        "Peer median",
        ">Score<",
    ] {
        assert!(!report.contains(en), "the report has no {en}");
    }
    let date = report
        .split("<time datetime=\"")
        .nth(1)
        .expect("the report has its date");
    let (iso, shown) = date.split_once("\">").unwrap();
    let shown = shown.split('<').next().unwrap();
    let [y, m, d]: [&str; 3] = iso.splitn(3, '-').collect::<Vec<_>>().try_into().unwrap();
    let (m, d) = (m.trim_start_matches('0'), d.trim_start_matches('0'));
    assert_eq!(shown, format!("{y}年{m}月{d}日"));

    // The cohort and overview charts too.
    let benchmark = read(&pages[6]);
    for zh in [
        ">最低至最高</text>",
        ">中间 50%</text>",
        ">平均值</text>",
        "按中位数着色：",
        ">全部企业</a>",
        "Sector：Automotive",
    ] {
        assert!(benchmark.contains(zh), "the benchmark has {zh}");
    }
}

#[test]
fn every_built_in_template_says_nothing_in_english_outside_tera() {
    for (name, text) in rungs::domain::builtin::TEMPLATES {
        let found = template_words(text);
        assert!(
            found.is_empty(),
            "{name} says {found:?}: put the text in i18n/en.yaml and i18n/zh-CN.yaml, and write {{{{ t.group.key }}}}"
        );
    }
    // The search script's messages are the page's.
    let theme = rungs::domain::builtin::theme("default").unwrap();
    let (_, script) = theme
        .files
        .iter()
        .find(|(name, _)| *name == "search.js")
        .unwrap();
    let script = std::str::from_utf8(script).unwrap();
    for message in [
        "No results",
        "results for",
        "Loading the search",
        "Organisation",
    ] {
        assert!(!script.contains(message), "search.js says {message:?}");
    }
}

/// Words a template may hold outside Tera: names, formats and a file name.
const NOT_ENGLISH: &[&str] = &["rungs", "JSON", "CSV", "SVG", "results.csv"];

/// The English words of a template outside Tera's `{{ }}`, `{% %}` and
/// `{# #}`: in its text and in the attributes that readers see
/// (`aria-label`, `title`, `alt`, `placeholder`); not in tags, attribute
/// names, classes, ids or URLs, nor in scripts and styles.
fn template_words(template: &str) -> Vec<String> {
    // Tera out, each tag a space.
    let mut plain = String::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{']) {
        plain.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = match &after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                plain.push('{');
                rest = &after[1..];
                continue;
            }
        };
        let end = after.find(close).map_or(after.len(), |e| e + 2);
        plain.push(' ');
        rest = &after[end..];
    }
    plain.push_str(rest);
    for allowed in NOT_ENGLISH {
        plain = plain.replace(allowed, " ");
    }
    // Text between tags, and the readers' attributes of each tag.
    let mut shown = String::new();
    let mut rest = plain.as_str();
    while let Some(open) = rest.find('<') {
        shown.push_str(&rest[..open]);
        shown.push(' ');
        let after = &rest[open..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let tag = &after[..end];
        for attr in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
            for (i, _) in tag.match_indices(attr) {
                let value = &tag[i + attr.len()..];
                shown.push_str(value.split('"').next().unwrap_or(""));
                shown.push(' ');
            }
        }
        rest = &after[end..];
        for container in ["script", "style"] {
            if tag.starts_with(&format!("<{container}")) {
                let close = format!("</{container}>");
                rest = rest.find(&close).map_or("", |i| &rest[i..]);
            }
        }
    }
    shown.push_str(rest);
    // Character references (`&nbsp;`) are not words.
    let shown: String = shown
        .split('&')
        .enumerate()
        .map(|(i, part)| match (i, part.split_once(';')) {
            (0, _) | (_, None) => part.to_owned(),
            (_, Some((name, tail)))
                if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#') =>
            {
                format!(" {tail}")
            }
            _ => part.to_owned(),
        })
        .collect();
    english_words(&shown)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_template_scan_finds_english_in_text_and_labels_only() {
    assert!(
        template_words(
            r#"<p class="lead">{{ t.x.y }}</p><a href="{{ root }}model/">{{ t.nav.model }}</a>"#
        )
        .is_empty()
    );
    assert!(
        template_words("{# A comment in English #}{% if a == \"self\" %}&nbsp;{% endif %}")
            .is_empty()
    );
    assert!(
        template_words(
            r#"<script src="x.js">var Words = 1;</script><div id="main-content" data-sort="score">"#
        )
        .is_empty()
    );
    assert_eq!(template_words("<p>Median {{ x }}</p>"), ["Median"]);
    assert_eq!(template_words(r#"<nav aria-label="Pages">"#), ["Pages"]);
    assert_eq!(
        template_words(r#"<abbr title="{{ n }} levels">"#),
        ["levels"]
    );
    assert_eq!(
        template_words("{% if x %}s{% endif %} Not applicable"),
        ["Not", "applicable"]
    );
}

#[test]
fn an_english_site_reads_the_english_table() {
    let (_dir, public) = common::build_example_site(&["-q"]);
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    for en in [
        ">Skip to content<",
        ">Model</a>",
        ">Organisations</a>",
        ">results (JSON)</a>",
    ] {
        assert!(home.contains(en), "{en}");
    }
    assert!(
        std::fs::read_to_string(public.join("404.html"))
            .unwrap()
            .contains("<h1>Page not found</h1>")
    );
}

#[test]
fn a_site_overrides_strings_key_by_key_and_bad_tables_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    let r = rungs(&["init".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    std::fs::create_dir(site.join("i18n")).unwrap();
    std::fs::write(site.join("i18n/en.yaml"), "nav:\n  model: Maturity model\n").unwrap();
    let r = rungs(&["build".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains(">Maturity model</a>"), "the site's string");
    assert!(
        home.contains(">Organisations</a>"),
        "the others are the built-in ones"
    );

    std::fs::write(site.join("i18n/en.yaml"), "nav:\n  model: [a, list]\n").unwrap();
    let r = rungs(&["check".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("i18n/en.yaml:2"), "{}", r.stderr());
    assert!(
        r.stderr()
            .contains("nav.model: expected a string or a group of strings"),
        "{}",
        r.stderr()
    );
}

#[test]
fn the_search_page_of_a_chinese_site_speaks_chinese_in_chromium() {
    let Some(harness) = common::browser_harness() else {
        return;
    };
    let (_dir, public) = chinese_site();
    let cases = serde_json::json!([
        {
            "via": "type", "query": "東方", "expect": "東方精密 (Dongfang Precision)",
            "path": "organizations/dong-fang-jing-mi-dongfang-precision/",
            "badge": "企业", "status": "“東方”共有",
        },
        {"via": "url", "query": "zzzqqq", "expect": null, "status": "没有找到与“zzzqqq”相关的结果。"},
    ]);
    common::search_in_browser(&harness, &public, &cases);
}
