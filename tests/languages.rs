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
