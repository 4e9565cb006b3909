//! A model names its own parts (issue #20): with `terms:` in the model,
//! no page, chart or heading calls a dimension, a capability or a
//! criterion by rungs' words, in English or in Chinese.

mod common;

use std::path::Path;

use common::Fixture;

/// OWASP SAMM's words, in English and Chinese.
const TERMS: &str = "terms:
  dimension:
    one: {en: business function, zh-CN: 业务职能}
    other: {en: business functions, zh-CN: 业务职能}
  capability:
    one: {en: security practice, zh-CN: 安全实践}
    other: {en: security practices, zh-CN: 安全实践}
  criterion: {one: {en: activity, zh-CN: 活动}, other: {en: activities, zh-CN: 活动}}
  level: {one: {en: maturity level, zh-CN: 成熟度等级}, other: {en: maturity levels, zh-CN: 成熟度等级}}
";

/// The worked example's model (whose own texts are letters and digits)
/// with SAMM's terms, in English and Chinese, and enough assessments over
/// two periods and two sectors for every kind of benchmark page: cohorts,
/// trends, typical next steps, a capability not applicable.
fn samm_site() -> Fixture {
    let mut assessments = Vec::new();
    for period in ["2024", "2025"] {
        for i in 0..12u32 {
            let sector = if i % 2 == 0 { "automotive" } else { "retail" };
            let method = if i % 3 == 0 { "self" } else { "third-party" };
            let step = f64::from((i + if period == "2025" { 2 } else { 0 }) % 6);
            let b = if i == 5 {
                "{not_applicable: true, reason: Out of scope.}".to_owned()
            } else {
                format!(
                    "{{level: {}, progress: {}}}",
                    (i % 4).min(3),
                    if i % 4 == 3 { 0.0 } else { 0.1 * step }
                )
            };
            let ratings = ["full", "largely", "partial", "none"];
            let rating = |k: u32| ratings[((i + k) % 4) as usize];
            assessments.push((
                format!("o{i:02}-{period}.yaml"),
                format!(
                    "organization: {{id: o{i:02}, name: Org {i}, sector: {sector}}}
period: \"{period}\"
method: {method}
{target}capabilities:
  a: {{levels: {{1: 1, 2: {a2}, 3: {a3}}}, evidence: Seen.}}
  b: {b}
  c: {{criteria: {{c1: {c1}, c2: {c2}, c3: {c3}, c4: {c4}}}}}
",
                    target = if i % 4 == 1 { "target: 3\n" } else { "" },
                    a2 = (0.15 * step).min(1.0),
                    a3 = 0.1 * f64::from(i % 3),
                    c1 = rating(0),
                    c2 = rating(1),
                    c3 = rating(2),
                    c4 = rating(3),
                ),
            ));
        }
    }
    let model = format!("{}{TERMS}", common::EXAMPLE_MODEL);
    let f = Fixture::with_owned(&model, &assessments);
    f.write(
        "site.yaml",
        "title: Fixture\nbase_url: https://example.org/sub/\nlanguages: [en, zh-CN]\n",
    );
    f
}

/// What a reader sees of a page: its text nodes (scripts and styles
/// left out), the readers' attributes, and the messages and result kinds
/// the search script shows.
fn shown_texts(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        let in_code = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "script" | "style"))
        });
        if let Some(text) = node.value().as_text() {
            if !in_code && !text.trim().is_empty() {
                out.push(text.trim().to_owned());
            }
        } else if let Some(e) = node.value().as_element() {
            for (name, value) in e.attrs() {
                if ["aria-label", "title", "alt", "placeholder"].contains(&name)
                    || name.starts_with("data-msg-")
                    || name.starts_with("data-kind-")
                {
                    out.push(value.trim().to_owned());
                }
            }
        }
    }
    out
}

/// Every page below `dir` (the HTML files, by path below it), with what it
/// shows.
fn pages(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let html = std::fs::read_to_string(entry.path()).unwrap();
        out.push((rel, shown_texts(&html)));
    }
    out.sort();
    out
}

/// The search index's titles and texts, as results show them.
fn search_texts(index: &str) -> Vec<String> {
    let index: serde_json::Value = serde_json::from_str(index).unwrap();
    let mut out = Vec::new();
    for doc in index["docs"].as_array().unwrap() {
        for field in ["t", "s"] {
            if let Some(text) = doc[field].as_str() {
                out.push(text.to_owned());
            }
        }
    }
    assert!(out.len() > 20, "{out:?}");
    out
}

/// The one page at `rel` of `pages`, joined into one text.
fn page(pages: &[(String, Vec<String>)], rel: &str) -> String {
    pages
        .iter()
        .find(|(r, _)| r == rel)
        .unwrap_or_else(|| panic!("no page {rel}"))
        .1
        .join("\n")
}

#[test]
fn a_model_s_terms_name_its_parts_on_every_page_in_every_language() {
    let f = samm_site();
    f.build();
    let public = f.public();
    let report = "organizations/o01/2025/index.html";
    let kinds = [
        "model/index.html",
        "model/d1/index.html",
        "benchmarks/index.html",
        "benchmarks/2025/index.html",
        "organizations/o01/index.html",
        report,
        "organizations/o01/2025/roadmap/index.html",
        "search/index.html",
        "404.html",
    ];

    // English, at the root: none of rungs' own words (the Chinese pages
    // below zh-cn/ are read in their own language).
    let english: Vec<_> = pages(&public)
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("zh-cn/"))
        .collect();
    assert!(english.len() > 40, "{} pages", english.len());
    for kind in kinds {
        page(&english, kind);
    }
    let search = search_texts(&f.output("search/index.json"));
    let mut checked = 0;
    for (rel, texts) in english
        .iter()
        .map(|(rel, texts)| (rel.as_str(), texts))
        .chain([("search/index.json", &search)])
    {
        for text in texts {
            checked += 1;
            for word in [
                "capabilit",
                "Capabilit",
                "dimension",
                "Dimension",
                "criteri",
                "Criteri",
                "aturity maturity",
            ] {
                assert!(!text.contains(word), "{rel}: {text:?} says {word}");
            }
        }
    }
    assert!(checked > 2000, "{checked} texts");
    for rel in ["model/index.html", report] {
        let text = page(&english, rel);
        assert!(text.contains("Security practices"), "{rel}: {text}");
        assert!(text.to_lowercase().contains("business function"), "{rel}");
    }
    // Headings, charts, sentences and counts say them in their places.
    let model = page(&english, "model/index.html");
    for words in [
        "Maturity levels",
        "Maturity level 1: One",
        "Business functions",
        "2 security practices · weight 2",
        "Security practices by maturity level",
        "Number of activities for each security practice and maturity level",
    ] {
        assert!(model.contains(words), "the model page says {words}");
    }
    let home = page(&english, "index.html");
    assert!(
        home.contains("3 maturity levels, 2 business functions, 3 security practices"),
        "{home}"
    );
    let report_text = page(&english, report);
    for words in [
        "Business function scores",
        "Security practice scores",
        "The score of each business function",
        "is at maturity level",
    ] {
        assert!(report_text.contains(words), "the report says {words}");
    }
    assert!(
        search.iter().any(|s| s == "Security practices: A, B"),
        "{search:?}"
    );

    // Chinese, below zh-cn/: the model's Chinese words, none of the
    // table's.
    let chinese = pages(&public.join("zh-cn"));
    // Every page but the one 404 page has its Chinese twin.
    let names = |p: &[(String, Vec<String>)]| {
        p.iter()
            .map(|(r, _)| r.as_str())
            .filter(|r| *r != "404.html")
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&chinese), names(&english));
    let search = search_texts(&f.output("zh-cn/search/index.json"));
    for (rel, texts) in chinese
        .iter()
        .map(|(rel, texts)| (rel.as_str(), texts))
        .chain([("search/index.json", &search)])
    {
        for text in texts {
            for word in [
                "能力",
                "维度",
                "准则",
                "成熟度成熟度",
                "security",
                "function",
            ] {
                assert!(!text.contains(word), "zh-cn/{rel}: {text:?} says {word}");
            }
        }
    }
    for rel in ["model/index.html", report] {
        let text = page(&chinese, rel);
        for words in ["安全实践", "业务职能", "成熟度等级"] {
            assert!(text.contains(words), "zh-cn/{rel} says {words}");
        }
    }
    let model = page(&chinese, "model/index.html");
    for words in ["各成熟度等级的安全实践要求", "2 项安全实践 · 权重 2"] {
        assert!(model.contains(words), "the Chinese model page says {words}");
    }
    let home = page(&chinese, "index.html");
    assert!(
        home.contains("3 个成熟度等级、2 个业务职能、3 项安全实践"),
        "{home}"
    );
}

/// Without `terms:`, the pages say rungs' own words: a dimension, a
/// capability, a level.
#[test]
fn without_terms_the_pages_keep_the_table_s_words() {
    let f = Fixture::worked_example();
    f.build();
    let pages = pages(&f.public());
    let model = page(&pages, "model/index.html");
    for words in [
        "Capabilities by level",
        "Level 1: One",
        "Dimensions",
        "2 capabilities · weight 2",
        "Number of criteria for each capability and level",
    ] {
        assert!(model.contains(words), "the model page says {words}");
    }
    let home = page(&pages, "index.html");
    assert!(
        home.contains("3 levels, 2 dimensions, 3 capabilities"),
        "{home}"
    );
    for (rel, texts) in &pages {
        for text in texts {
            assert!(!text.contains("{@"), "{rel}: {text}");
        }
    }
}
