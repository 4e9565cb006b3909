//! Interface strings come from the site language's string table
//! (`i18n/<language>.yaml`, issue #19): a `zh-CN` site shows the Chinese
//! table, and none of the English table's strings, on the pages that read
//! it; an `en` site reads as before.

mod common;

use common::rungs;

#[test]
fn a_chinese_site_reads_the_chinese_table() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("zh");
    let r = rungs(&["init".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        config.replace("language: en", "language: zh-CN"),
    )
    .unwrap();
    let r = rungs(&["build".as_ref(), site.as_os_str(), "-q".as_ref()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let public = site.join("public");
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
    ] {
        assert!(home.contains(zh), "{zh}");
    }
    assert!(read("404.html").contains("<h1>页面不存在</h1>"));
    assert!(read("search/index.html").contains("搜索模型、能力要求、企业和页面"));
    assert!(home.contains("由 rungs "), "the generator is filled in");

    // No English string of the table is left on the pages that read it.
    let english = rungs::input::strings::builtin("en").0;
    for page in [
        "index.html",
        "404.html",
        "search/index.html",
        "model/index.html",
    ] {
        let html = read(page);
        for (key, value) in english.entries() {
            // Punctuation (a list separator) is no English.
            if !value.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            let shown = format!(">{value}<");
            assert!(!html.contains(&shown), "{page}: English {key} {shown}");
        }
    }
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

/// The example site is built in English and Chinese (`languages: [en,
/// zh-CN]` in the repository's site.yaml): every Chinese page is a twin of
/// an English one, they link each other, the Chinese pages read the Chinese
/// table and the model's Chinese texts, and search finds Chinese names.
#[test]
fn the_bilingual_example_site_links_every_page_to_its_twin() {
    let (_dir, public) = common::build_example_site(&["-q"]);
    let base = "https://rungs.example.org/";
    let english = rungs::input::strings::builtin("en").0;
    let chinese = rungs::input::strings::builtin("zh-CN").0;
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
        // (one the Chinese table words differently).
        for (key, value) in english.entries() {
            // Language names are written in their own language.
            if !value.chars().any(|c| c.is_ascii_alphabetic())
                || chinese.get(key) == Some(value)
                || key.starts_with("language.")
            {
                continue;
            }
            let shown = format!(">{value}<");
            assert!(!zh.contains(&shown), "zh-cn/{rel}: English {key} {shown}");
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
