//! Crawls a built site as a browser would see it under a GitHub Pages
//! project sub-path: every link, asset and sitemap URL resolves to a file
//! the build wrote, and every anchor exists. URLs are resolved with the
//! WHATWG `url` crate and pages parsed with `scraper`, independently of the
//! build's own link check.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};
use url::Url;

const BASE: &str = "https://owner.github.io/repo/";

/// The file a URL under BASE maps to, as GitHub Pages serves it.
fn file_for(url: &Url) -> Option<String> {
    let path = url.as_str().strip_prefix(BASE)?;
    let path = path.split(['#', '?']).next().unwrap_or("");
    let path = percent_decode(path);
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    })
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[test]
fn every_link_asset_anchor_and_sitemap_url_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["build", "--base-url", BASE, "-o"])
        .arg(&out)
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let files: BTreeSet<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() > 100);

    let links = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    let with_id = Selector::parse("[id]").unwrap();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut wanted: Vec<(String, Url)> = Vec::new();
    for page in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap());
        ids.insert(
            (*page).clone(),
            html.select(&with_id)
                .filter_map(|e| e.value().attr("id").map(str::to_owned))
                .collect(),
        );
        // The 404 page is served at any depth; resolve it from a deep URL.
        let at = if page.as_str() == "404.html" {
            format!("{BASE}no/such/deep/page/")
        } else {
            format!("{BASE}{}", page.strip_suffix("index.html").unwrap_or(page))
        };
        let page_url = Url::parse(&at).unwrap();
        for e in html.select(&links) {
            let raw = e
                .value()
                .attr("href")
                .or_else(|| e.value().attr("src"))
                .unwrap_or("");
            let url = page_url
                .join(raw)
                .unwrap_or_else(|err| panic!("{page}: bad URL {raw}: {err}"));
            if url.scheme() == "mailto" || (url.host_str() != Some("owner.github.io")) {
                continue;
            }
            // A same-document link on the 404 page points at the 404 page.
            let mut bare = url.clone();
            bare.set_fragment(None);
            if page.as_str() == "404.html" && bare == page_url {
                let fragment = url.fragment().unwrap_or("").to_owned();
                assert!(
                    fragment.is_empty()
                        || ids.get("404.html").is_some_and(|s| s.contains(&fragment)),
                    "404.html: #{fragment}"
                );
                continue;
            }
            wanted.push(((*page).clone(), url));
        }
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let mut sitemap_urls = 0;
    for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
        wanted.push((
            "sitemap.xml".into(),
            Url::parse(loc.text().unwrap()).unwrap(),
        ));
        sitemap_urls += 1;
    }
    assert!(
        sitemap_urls + 1 >= pages.len(),
        "every page but 404 is in the sitemap"
    );

    let mut broken = Vec::new();
    for (page, url) in &wanted {
        let Some(file) = file_for(url) else {
            broken.push(format!("{page}: {url} leaves the sub-path"));
            continue;
        };
        if !files.contains(&file) {
            broken.push(format!("{page}: {url} -> {file} missing"));
        } else if let Some(fragment) = url.fragment().filter(|f| !f.is_empty()) {
            let fragment = percent_decode(fragment);
            if file.ends_with(".html") && !ids.get(&file).is_some_and(|s| s.contains(&fragment)) {
                broken.push(format!("{page}: {url} -> no #{fragment} in {file}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken of {}:\n{}",
        broken.len(),
        wanted.len(),
        broken[..broken.len().min(20)].join("\n")
    );
    assert!(
        wanted.len() > 10_000,
        "the crawl followed {} links",
        wanted.len()
    );
    assert!(Path::new(&out.join("robots.txt")).is_file());
}
