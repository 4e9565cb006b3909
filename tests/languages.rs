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
    // The Chinese pages under the English names, as a site in Chinese
    // alone has them.
    for entry in walkdir::WalkDir::new(example.join("content")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(example)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let to = site.join(rel.replace(".zh-CN.md", ".md"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else if rel.ends_with(".zh-CN.md")
            || !rel.ends_with(".md")
            || !entry.path().with_extension("zh-CN.md").exists()
        {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let config = std::fs::read_to_string(example.join("site.yaml")).unwrap();
    assert!(config.contains("languages: [en, zh-CN]"));
    std::fs::write(
        site.join("site.yaml"),
        config.replace("languages: [en, zh-CN]", "language: zh-CN"),
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
    let terms = rungs::domain::model::Terms::default();
    let english = rungs::input::strings::builtin("en").0.with_terms(&terms);
    let chinese = rungs::input::strings::builtin("zh-CN").0.with_terms(&terms);
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
        "行业：汽车",
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

/// The example site is built in English and Chinese (`languages: [en,
/// zh-CN]` in the repository's site.yaml): every Chinese page is a twin of
/// an English one, they link each other, the Chinese pages read the Chinese
/// table and the model's Chinese texts, and search finds Chinese names.
#[test]
fn the_bilingual_example_site_links_every_page_to_its_twin() {
    let (_dir, public) = common::build_example_site(&["-q"]);
    let base = "https://rungs.example.org/";
    let terms = rungs::domain::model::Terms::default();
    let english = rungs::input::strings::builtin("en").0.with_terms(&terms);
    let chinese = rungs::input::strings::builtin("zh-CN").0.with_terms(&terms);
    let mut twins = 0;
    for entry in walkdir::WalkDir::new(public.join("zh-cn")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(public.join("zh-cn"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let url_path = rel.strip_suffix("index.html").unwrap_or(&rel);
        let zh = std::fs::read_to_string(entry.path()).unwrap();
        assert!(zh.contains("<html lang=\"zh-CN\">"), "{rel}: lang");
        // Its English twin exists, and each names the other.
        let en = std::fs::read_to_string(public.join(&rel))
            .unwrap_or_else(|e| panic!("{rel} has an English twin: {e}"));
        assert!(en.contains("<html lang=\"en\">"), "{rel}: English lang");
        let to_en = format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{base}{url_path}\">");
        let to_zh =
            format!("<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"{base}zh-cn/{url_path}\">");
        for (page, html) in [("zh-cn", &zh), ("en", &en)] {
            assert!(html.contains(&to_en), "{page}/{rel}: {to_en}");
            assert!(html.contains(&to_zh), "{page}/{rel}: {to_zh}");
        }
        // The language switcher leads from one to the other, relatively.
        let depth = url_path.matches('/').count();
        let up = "../".repeat(depth);
        let switch_to_en = format!("<a href=\"{up}../{url_path}\" lang=\"en\">English</a>");
        let switch_to_zh = format!("<a href=\"{up}zh-cn/{url_path}\" lang=\"zh-CN\">中文</a>");
        assert!(zh.contains(&switch_to_en), "zh-cn/{rel}: {switch_to_en}");
        assert!(en.contains(&switch_to_zh), "{rel}: {switch_to_zh}");
        // Not one English string of the table is left as a text of its own
        // (one the Chinese table words differently). Language names are
        // written in their own language.
        let texts = shown_texts(&zh);
        for (key, value) in english.entries() {
            if chinese.get(key) == Some(value)
                || english_words(value).is_empty()
                || key.starts_with("language.")
            {
                continue;
            }
            for text in &texts {
                assert!(
                    !matches(value, text),
                    "zh-cn/{rel}: English {key} ({value:?}) shown as {text:?}"
                );
            }
        }
        twins += 1;
    }
    assert!(twins > 500, "every page has a Chinese twin: {twins}");
    // The 404 page is the root's only.
    assert!(!public.join("zh-cn/404.html").exists());

    // The Chinese pages show the model's Chinese texts.
    let model = std::fs::read_to_string(public.join("zh-cn/model/index.html")).unwrap();
    for term in [
        "体系设计",
        "平台赋能",
        "业务运营",
        "效能效益",
        "基础起步级",
        "生态智能级",
    ] {
        assert!(model.contains(term), "zh-cn/model/: {term}");
    }
    let platform =
        std::fs::read_to_string(public.join("zh-cn/model/platform-empowerment/index.html"))
            .unwrap();
    for term in ["使能技术", "数据管理", "数据模型", "信息追溯"] {
        assert!(platform.contains(term), "{term}");
    }
    // Content pages come from their .zh-CN.md twins.
    let method = std::fs::read_to_string(public.join("zh-cn/methodology/index.html")).unwrap();
    assert!(
        method.contains("<h1>评估方法</h1>"),
        "the Chinese methodology"
    );

    // Search in Chinese: the Chinese index finds a capability by its
    // Chinese name, by the terms search.js looks up.
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("zh-cn/search/index.json")).unwrap())
            .unwrap();
    let docs = index["docs"].as_array().unwrap();
    let found: Vec<&str> = rungs::publish::search::terms("数据管理")
        .iter()
        .map(|term| {
            index["terms"][term]
                .as_array()
                .unwrap_or_else(|| panic!("{term} is indexed"))
                .iter()
                .map(|p| p.as_u64().unwrap() / 8)
                .collect::<std::collections::BTreeSet<u64>>()
        })
        .reduce(|a, b| a.intersection(&b).copied().collect())
        .unwrap()
        .into_iter()
        .map(|d| docs[d as usize]["t"].as_str().unwrap())
        .collect();
    assert!(found.contains(&"数据管理"), "{found:?}");
    // The English index knows nothing of the Chinese texts.
    let en_index = std::fs::read_to_string(public.join("search/index.json")).unwrap();
    assert!(!en_index.contains("数据管理"));

    // Exports stay language-neutral, with every language's labels in
    // the model export.
    let model_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("data/model.json")).unwrap()).unwrap();
    assert_eq!(model_json["language"], "en");
    let zh = &model_json["translations"]["zh-CN"];
    assert_eq!(zh["capabilities"]["data-management"]["name"], "数据管理");
    assert_eq!(zh["dimensions"]["system-design"]["name"], "体系设计");
    assert_eq!(zh["levels"]["5"]["name"], "生态智能级");
    assert_eq!(zh["ratings"]["full"], "完全满足");
    assert!(
        zh["criteria"]["strategy-1a"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        !public.join("zh-cn/data").exists(),
        "exports are written once"
    );

    // The sitemap lists each page with its twins.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!(
        "<loc>{base}zh-cn/model/</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{base}model/\"/><xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"{base}zh-cn/model/\"/></url>"
    )));
}

/// What a language lacks is said, and the build goes on with the first
/// language's text: a page without its translation, site.yaml texts in
/// one language only, a language rungs has no strings for.
#[test]
fn check_names_what_is_not_translated() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    let r = rungs(&["init".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        config.replace("language: en", "languages: [en, zh-CN, fr]"),
    )
    .unwrap();
    // One page translated into Chinese: the others are missing.
    std::fs::write(
        site.join("content/pages/glossary.zh-CN.md"),
        "---\ntitle: 术语表\n---\n术语。\n",
    )
    .unwrap();
    let r = rungs(&["check".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let err = r.stderr();
    for said in [
        "warning: site.yaml: 20 texts have no zh-CN text and are shown in en: `title`, `description`, `labels.sector.name`",
        "warning: content/pages: 4 pages have no zh-CN text, and the zh-CN site goes without them: `content/pages/methodology.zh-CN.md`, `content/pages/reading-a-report.zh-CN.md`",
        // French: neither the model nor rungs' strings know it.
        "texts have no fr text and are shown in en",
        "interface strings of `fr` have no text in i18n/fr.yaml or built in, and are shown in English",
    ] {
        assert!(err.contains(said), "{said}\nin:\n{err}");
    }
    assert!(!err.contains("glossary.zh-CN.md"), "{err}");
    // The model is translated into Chinese: no warning about it.
    assert!(
        !err.lines()
            .any(|l| l.contains("content/model.yaml") && l.contains("zh-CN")),
        "{err}"
    );
    let r = rungs(&["build".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(site.join("public/zh-cn/glossary/index.html").is_file());
    assert!(!site.join("public/zh-cn/methodology").exists());
    assert!(site.join("public/fr/model/index.html").is_file());
}

/// `rungs init --language zh-CN` writes a site in Chinese: its
/// configuration, pages and interface, and the model's Chinese texts.
#[test]
fn init_writes_a_chinese_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("zh");
    let r = rungs(&[
        "init".as_ref(),
        site.as_os_str(),
        "--language".as_ref(),
        "zh-CN".as_ref(),
        "-q".as_ref(),
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        config.contains("language: zh-CN") && config.contains("title: 我的数字化供应链成熟度对标")
    );
    let r = rungs(&["check".as_ref(), site.as_os_str()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(!r.stderr().contains("warning"), "{}", r.stderr());
    let r = rungs(&["build".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let read = |p: &str| std::fs::read_to_string(site.join("public").join(p)).unwrap();
    let home = read("index.html");
    assert!(home.contains("<html lang=\"zh-CN\">"));
    assert!(home.contains("我的数字化供应链成熟度对标"));
    assert!(read("methodology/index.html").contains("<h1>评估方法</h1>"));
    assert!(read("model/index.html").contains("数字化供应链成熟度模型"));
    // One language: no switcher, no alternates.
    assert!(!home.contains("hreflang") && !home.contains("class=\"languages\""));
}
