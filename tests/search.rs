//! Site search: the index finds what is published and never what is not
//! (unpublished assessments, organisations without a published report,
//! suppressed cohorts), every result links to a page and anchor that
//! exist, and the `/search/` page finds an organisation by name in headless
//! Chromium under a sub-path.
//!
//! The browser test needs Debian's `chromium` and `npm ci --prefix
//! tests/browser` (both done by `.ci/run`); without them it is skipped
//! locally with a message, and fails under CI.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::Fixture;
use rungs::analysis::benchmark::Benchmarks;
use serde_json::Value;

const DONGFANG: &str = "東方精密 (Dongfang Precision)";
const ALESUND: &str = "Ålesund Sjømat AS";
const HIDDEN: &str = "Hidden Zeta Corp";

/// The worked example (X and Y, automotive) plus a Chinese and a Norwegian
/// organisation, an unpublished assessment of a fourth, a content page and
/// cohorts of two, so that some cohorts are published and some suppressed.
fn fixture() -> Fixture {
    let org = |id: &str, name: &str, sector: &str| {
        common::EXAMPLE_X.replace(
            "organization: {id: x, name: Example X, sector: automotive}",
            &format!("organization: {{id: {id}, name: {name:?}, sector: {sector}}}"),
        )
    };
    let f = Fixture::new(
        common::EXAMPLE_MODEL,
        &[
            ("x.yaml", common::EXAMPLE_X),
            ("y.yaml", common::EXAMPLE_Y),
            ("dongfang.yaml", &org("dongfang", DONGFANG, "electronics")),
            ("alesund.yaml", &org("alesund-sjomat", ALESUND, "food")),
            (
                "hidden.yaml",
                &org("hidden-zeta", HIDDEN, "automotive")
                    .replace("period:", "publish: false\nperiod:"),
            ),
        ],
    );
    f.write(
        "site.yaml",
        "title: Fixture\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 2}\n",
    );
    f.write(
        "content/pages/about.md",
        "---\ntitle: About this benchmark\ndescription: Who runs it.\n---\n# Purpose\n\nWe compare **resilience** across manufacturers.\n",
    );
    f
}

/// The search index of a site folder, computed as the build will.
fn index_of(dir: &Path) -> (Vec<u8>, Value) {
    let sources = rungs::pipeline::load(dir).expect("the site loads");
    let (site, scores) = rungs::pipeline::compile(sources).expect("the site is valid");
    let benchmarks = Benchmarks::compute(&site, &scores);
    let reports = rungs::analysis::report::published(&site, &scores, &benchmarks);
    let bytes = rungs::publish::search::index(&site, &reports, &benchmarks);
    let again = rungs::publish::search::index(&site, &reports, &benchmarks);
    assert_eq!(bytes, again, "the index is deterministic");
    let json = serde_json::from_slice(&bytes).expect("the index is JSON");
    (bytes, json)
}

fn docs(ix: &Value) -> &Vec<Value> {
    ix["docs"].as_array().expect("docs")
}

/// The documents holding every term of `query` (exact terms, as the
/// script's AND search without prefixes).
fn find<'a>(ix: &'a Value, query: &str) -> Vec<&'a Value> {
    let mut hits: Option<BTreeSet<u64>> = None;
    for term in rungs::publish::search::terms(query) {
        let docs: BTreeSet<u64> = ix["terms"][&term]
            .as_array()
            .map(|a| a.iter().map(|p| p.as_u64().unwrap() / 8).collect())
            .unwrap_or_default();
        hits = Some(match hits {
            None => docs,
            Some(h) => h.intersection(&docs).copied().collect(),
        });
    }
    hits.unwrap_or_default()
        .into_iter()
        .map(|d| &docs(ix)[d as usize])
        .collect()
}

fn titles(found: &[&Value]) -> Vec<String> {
    found
        .iter()
        .map(|d| d["t"].as_str().unwrap().to_owned())
        .collect()
}

fn by_url<'a>(ix: &'a Value, url: &str) -> Option<&'a Value> {
    docs(ix).iter().find(|d| d["u"] == url)
}

#[test]
fn the_index_finds_published_organisations_by_name_and_never_unpublished_ones() {
    let f = fixture();
    let (bytes, ix) = index_of(f.path());

    let x = find(&ix, "Example X");
    assert_eq!(titles(&x), ["Example X"]);
    assert_eq!(x[0]["k"], "organization");
    assert_eq!(x[0]["u"], "organizations/x/");
    for query in ["東方", "精密", "東方精密", "dongfang precision"] {
        let d = find(&ix, query);
        assert_eq!(titles(&d), [DONGFANG], "{query}");
        assert_eq!(d[0]["u"], "organizations/dongfang/");
    }
    for query in ["Ålesund", "alesund", "SJØMAT", "sjomat"] {
        assert_eq!(titles(&find(&ix, query)), [ALESUND], "{query}");
    }
    // By attribute value too.
    assert!(titles(&find(&ix, "electronics")).contains(&DONGFANG.to_owned()));

    // The unpublished organisation is nowhere: not by name, not by id, not
    // in a snippet.
    for query in [HIDDEN, "hidden", "zeta"] {
        assert!(find(&ix, query).is_empty(), "{query}");
    }
    let raw = String::from_utf8(bytes).unwrap();
    for needle in ["Hidden", "Zeta", "hidden-zeta"] {
        assert!(!raw.contains(needle), "{needle} leaked into the index");
    }

    // The model: capabilities, criteria (requirement text), levels.
    let cap = by_url(&ix, "model/d1/#cap-a").expect("capability A");
    assert_eq!(
        (&cap["t"], &cap["k"]),
        (&Value::from("A"), &Value::from("capability"))
    );
    assert_eq!(by_url(&ix, "model/d2/#cap-c").unwrap()["k"], "capability");
    let crit = by_url(&ix, "model/d2/#crit-c3").expect("criterion c3");
    assert_eq!(crit["k"], "criterion");
    assert_eq!(titles(&find(&ix, "c three")), [crit["t"].as_str().unwrap()]);
    assert_eq!(by_url(&ix, "model/d1/").unwrap()["k"], "dimension");
    assert_eq!(by_url(&ix, "model/#level-2").unwrap()["k"], "level");
    assert_eq!(by_url(&ix, "model/").unwrap()["k"], "model");

    // The content page, by title and by body text.
    let page = by_url(&ix, "about/").expect("the page");
    assert_eq!(page["k"], "page");
    assert_eq!(titles(&find(&ix, "resilience")), ["About this benchmark"]);

    // Cohorts: what Benchmarks publishes, never a suppressed one.
    assert_eq!(by_url(&ix, "benchmarks/2025/").unwrap()["k"], "benchmark");
    assert_eq!(
        by_url(&ix, "benchmarks/2025/sector/automotive/").unwrap()["k"],
        "benchmark"
    );
    for suppressed in ["electronics", "food"] {
        assert!(
            by_url(&ix, &format!("benchmarks/2025/sector/{suppressed}/")).is_none(),
            "the suppressed {suppressed} cohort is indexed"
        );
    }

    for d in docs(&ix) {
        let k = d["k"].as_str().unwrap();
        assert!(rungs::publish::search::KINDS.contains(&k), "{k}");
        assert!(d["s"].as_str().unwrap().chars().count() <= rungs::publish::search::SNIPPET_CHARS);
    }
}

#[test]
fn every_result_links_to_a_page_and_anchor_of_the_built_site() {
    let f = fixture();
    f.build();
    let (_, ix) = index_of(f.path());
    assert_links_resolve(&ix, &f.public());
}

/// Each document's `u` is a page the build wrote, and its `#fragment` an
/// id on that page.
fn assert_links_resolve(ix: &Value, public: &Path) {
    for d in docs(ix) {
        let u = d["u"].as_str().unwrap();
        let (path, fragment) = u.split_once('#').unwrap_or((u, ""));
        assert!(
            path.is_empty() || path.ends_with('/'),
            "{u} is a folder URL"
        );
        let file = public.join(path).join("index.html");
        let html = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{u}: {}: {e}", file.display()));
        if !fragment.is_empty() {
            assert!(
                html.contains(&format!("id=\"{fragment}\"")),
                "{u}: no element with id {fragment}"
            );
        }
    }
}

#[test]
fn example_site_index_holds_every_published_organisation_and_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (bytes, ix) = index_of(root);
    let (site, scores) = rungs::pipeline::compile(rungs::pipeline::load(root).unwrap()).unwrap();
    let benchmarks = Benchmarks::compute(&site, &scores);

    let published: BTreeSet<String> = site
        .assessments
        .iter()
        .filter(|a| a.publish)
        .map(|a| format!("organizations/{}/", a.organization.id))
        .collect();
    let unpublished_only: Vec<&str> = site
        .assessments
        .iter()
        .filter(|a| {
            !site
                .assessments
                .iter()
                .any(|b| b.publish && b.organization.id == a.organization.id)
        })
        .map(|a| a.organization.name.as_str())
        .collect();
    assert!(
        !unpublished_only.is_empty(),
        "the example site has an organisation with no published report"
    );
    let indexed: BTreeSet<String> = docs(&ix)
        .iter()
        .filter(|d| d["k"] == "organization")
        .map(|d| d["u"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(indexed, published);
    let raw = String::from_utf8_lossy(&bytes);
    for name in unpublished_only {
        assert!(!raw.contains(name), "{name} is in the index");
    }

    // Cohorts: exactly the published ones of the latest period.
    let latest = benchmarks.latest_period().expect("a benchmark");
    let cohorts: BTreeSet<String> = benchmarks
        .of_period(latest)
        .map(rungs::render::routes::cohort)
        .collect();
    let indexed: BTreeSet<String> = docs(&ix)
        .iter()
        .filter(|d| d["k"] == "benchmark")
        .map(|d| d["u"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(indexed, cohorts);

    // 東方精密 is found by part of its name.
    let d = find(&ix, "東方");
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0]["u"],
        "organizations/dong-fang-jing-mi-dongfang-precision/"
    );

    // Small enough to load on a phone: well under a typical page with charts.
    assert!(
        bytes.len() < 400_000,
        "the index grew to {} bytes",
        bytes.len()
    );
}

#[test]
fn search_page_finds_an_organisation_by_name_in_chromium_under_a_sub_path() {
    let Some(harness) = common::browser_harness() else {
        return;
    };
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["build", "--base-url", "https://owner.github.io/repo/", "-o"])
        .arg(&site)
        .arg(f.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["search/index.html", "search/index.json", "search.js"] {
        assert!(site.join(file).is_file(), "the build writes {file}");
    }
    let cases = serde_json::json!([
        {"via": "url", "query": "東方", "expect": DONGFANG, "path": "organizations/dongfang/", "axe": true},
        {"via": "type", "query": "Example X", "expect": "Example X", "path": "organizations/x/"},
        {"via": "type", "query": "alesund sjo", "expect": ALESUND, "path": "organizations/alesund-sjomat/"},
        {"via": "url", "query": HIDDEN, "expect": null},
    ]);
    common::search_in_browser(&harness, &site, &cases);
}
