//! The list of organisations of a large site is split into pages (issue
//! #17): `/organizations/`, then `/organizations/_page/N/`, each with
//! [`rungs::render::ORGANIZATIONS_PER_PAGE`] organisations in name order,
//! a pager, and no page over the page budget.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use common::{Fixture, ONE_CAPABILITY_MODEL};
use rungs::render::ORGANIZATIONS_PER_PAGE as PER_PAGE;
use scraper::{Html, Selector};
use url::Url;

/// The most any page may weigh (issue #17).
const PAGE_BUDGET: usize = 200 * 1024;

/// The base URL of the fixtures: a sub-path, as on GitHub Pages.
const BASE: &str = "https://example.org/sub/";

/// Four attributes whose values are shown with 30-character labels.
const LABELS: &str = "labels:
  sector: {name: Sector of activity here, values: {a: 'Aerospace and defence systems', b: 'Basic chemicals and plastics'}}
  size: {name: Size by headcount band, values: {a: 'Large (over 5,000 employees)', b: 'Medium (250 to 5,000 people)'}}
  region: {name: Region of headquarters, values: {a: 'Europe, Middle East & Africa', b: 'Latin America and Caribbean'}}
  channel: {name: Main sales channel used, values: {a: 'Distributors and wholesalers', b: 'Direct to consumers online'}}
";

/// An organisation of the fixtures: id, name and its attribute value.
struct Org {
    id: String,
    name: String,
    value: &'static str,
}

/// `n` organisations with long ids and names whose name order is not
/// their id order, plus one whose id is `page`.
fn organizations(n: usize, long: bool) -> Vec<Org> {
    let words = [
        "Zephyr", "alder", "Bramble", "quartz", "Meridian", "ember", "Ostrava", "juniper",
    ];
    let mut orgs: Vec<Org> = (0..n - 1)
        .map(|i| {
            let word = words[i % words.len()];
            let key = (i * 7919) % 10_007;
            if long {
                Org {
                    // 64 characters, the longest id allowed.
                    id: format!("{i:05}-{}", "x".repeat(58)),
                    // About 100 characters, with an ampersand to escape.
                    name: format!(
                        "{word} {key:05} Precision Components & Advanced Manufacturing Holdings International Group plc"
                    ),
                    value: if i % 2 == 0 { "a" } else { "b" },
                }
            } else {
                Org {
                    id: format!("o{i}"),
                    name: format!("{word} {key:05}"),
                    value: "a",
                }
            }
        })
        .collect();
    orgs.push(Org {
        id: "page".into(),
        name: "Page Industries".into(),
        value: "a",
    });
    orgs
}

/// A site of these organisations, one published report each.
fn site(orgs: &[Org]) -> Fixture {
    let files: Vec<(String, String)> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let v = o.value;
            let text = format!(
                "organization: {{id: {}, name: {:?}, sector: {v}, size: {v}, region: {v}, channel: {v}}}\nperiod: \"2025\"\ncapabilities:\n  c: {{level: {}, progress: 0.{}}}\n",
                o.id,
                o.name,
                1 + i % 3,
                i % 5,
            );
            (format!("{}.yaml", o.id), text)
        })
        .collect();
    let f = Fixture::with_owned(ONE_CAPABILITY_MODEL, &files);
    f.write(
        "site.yaml",
        format!("title: Fixture\nbase_url: {BASE}\n{LABELS}"),
    );
    f
}

/// The listing page `n` of a built site, as its output path.
fn listing(n: usize) -> String {
    if n == 1 {
        "organizations/index.html".into()
    } else {
        format!("organizations/_page/{n}/index.html")
    }
}

/// The organisations a listing page lists: the first link of each row.
fn rows(html: &Html) -> Vec<(String, String)> {
    let row = Selector::parse("table.sortable tbody tr td:first-child a").unwrap();
    html.select(&row)
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_owned(),
                a.text().collect::<String>(),
            )
        })
        .collect()
}

/// The file below `public` that a link of the page at `page` points to.
fn target(public: &Path, page: &str, href: &str) -> std::path::PathBuf {
    let base = Url::parse(BASE).unwrap();
    let url = base.join(page).unwrap().join(href).unwrap();
    let rel = url
        .as_str()
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{href} of {page} leaves the site"));
    let rel = rel.split('#').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        public.join(format!("{rel}index.html"))
    } else {
        public.join(rel)
    }
}

#[test]
fn a_long_list_is_split_into_pages_in_name_order() {
    let n = 2 * PER_PAGE + 3;
    let orgs = organizations(n, true);
    let f = site(&orgs);
    f.build();
    let public = f.public();
    let pages = n.div_ceil(PER_PAGE);
    assert_eq!(pages, 3);

    // Page count: exactly `pages` listing pages, no more.
    for p in 1..=pages {
        assert!(
            public.join(listing(p)).is_file(),
            "{} is missing",
            listing(p)
        );
    }
    assert!(!public.join(listing(pages + 1)).exists());
    assert!(!public.join("organizations/_page/1").exists());
    assert!(!public.join("organizations/_page/index.html").exists());

    let names: HashMap<&str, &str> = orgs
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    let mut largest = 0;
    let mut widest_row = 0;
    let pager_link = Selector::parse(r#"nav[aria-label="Pages"] a"#).unwrap();
    let current = Selector::parse(r#"nav[aria-label="Pages"] a[aria-current="page"]"#).unwrap();
    for p in 1..=pages {
        let page = listing(p);
        let bytes = fs::read(public.join(&page)).unwrap();
        largest = largest.max(bytes.len());
        assert!(
            bytes.len() <= PAGE_BUDGET,
            "{page} is {} bytes, over the page budget of {PAGE_BUDGET}",
            bytes.len()
        );
        let text = String::from_utf8(bytes).unwrap();
        let body = text.find("</tbody>").unwrap() - text.find("<tbody>").unwrap();
        widest_row = widest_row.max(body / text.matches("<tr>").count().max(1));
        let html = Html::parse_document(&text);
        let here = rows(&html);
        let expected = if p < pages {
            PER_PAGE
        } else {
            n - PER_PAGE * (pages - 1)
        };
        assert_eq!(here.len(), expected, "{page}");
        for (href, name) in &here {
            let id = href.trim_end_matches('/').rsplit('/').next().unwrap();
            assert_eq!(names[id], name, "{page}: {href}");
            assert!(target(&public, &page, href).is_file(), "{page}: {href}");
            seen.push(id.to_owned());
        }
        // The count, this page's range, and where to sort all of them.
        let first = (p - 1) * PER_PAGE + 1;
        let last = first + expected - 1;
        assert!(
            text.contains(&format!("organisations {first}–{last} of {n}")),
            "{page}"
        );
        assert!(
            text.contains("Sorting a column sorts this page only"),
            "{page}"
        );
        let csv = Selector::parse(r#"a[href$="data/results.csv"]"#).unwrap();
        let csv_links: Vec<_> = html.select(&csv).collect();
        assert!(csv_links.len() >= 2, "{page}: no link to the full table");
        for a in csv_links {
            assert!(target(&public, &page, a.value().attr("href").unwrap()).is_file());
        }
        // The pager: every link resolves, the current page is marked, and
        // previous and next are there but on the ends.
        let links: Vec<_> = html.select(&pager_link).collect();
        assert!(!links.is_empty(), "{page}: no pager");
        for a in &links {
            let href = a.value().attr("href").unwrap();
            assert!(
                target(&public, &page, href).is_file(),
                "{page}: pager link {href} resolves to no file"
            );
        }
        let marked: Vec<String> = html
            .select(&current)
            .map(|a| a.text().collect::<String>())
            .collect();
        assert_eq!(marked, [p.to_string()], "{page}");
        assert_eq!(
            html.select(&Selector::parse(r#"nav[aria-label="Pages"] a[rel="prev"]"#).unwrap())
                .count(),
            usize::from(p > 1),
            "{page}"
        );
        assert_eq!(
            html.select(&Selector::parse(r#"nav[aria-label="Pages"] a[rel="next"]"#).unwrap())
                .count(),
            usize::from(p < pages),
            "{page}"
        );
        let numbers: BTreeSet<String> = links
            .iter()
            .map(|a| a.text().collect::<String>())
            .filter(|t| t.parse::<usize>().is_ok())
            .collect();
        let all: BTreeSet<String> = (1..=pages).map(|i| i.to_string()).collect();
        assert_eq!(numbers, all, "{page}");
    }
    eprintln!(
        "largest listing page: {largest} bytes ({n} organisations, {PER_PAGE} a page, \
         rows of about {widest_row} bytes)"
    );

    // Every organisation on exactly one page, in name order across pages.
    assert_eq!(seen.len(), n);
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), n, "an organisation is listed twice");
    let mut sorted: Vec<&Org> = orgs.iter().collect();
    sorted.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    let sorted: Vec<&str> = sorted.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(seen, sorted, "the pages are not in name order");

    // The sitemap lists every listing page.
    let sitemap = f.output("sitemap.xml");
    for p in 1..=pages {
        let url = if p == 1 {
            format!("{BASE}organizations/")
        } else {
            format!("{BASE}organizations/_page/{p}/")
        };
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "the sitemap lacks {url}"
        );
    }

    // The organisation whose id is `page` keeps its own page.
    let own = f.output("organizations/page/index.html");
    assert!(own.contains("Page Industries"));
    assert!(public.join("organizations/page/2025/index.html").is_file());
    assert!(!own.contains(r#"aria-label="Pages""#));
}

#[test]
fn a_list_that_fits_on_one_page_has_no_pager() {
    let orgs = organizations(12, false);
    let f = site(&orgs);
    f.build();
    let text = f.output("organizations/index.html");
    assert!(!text.contains(r#"aria-label="Pages""#), "{text}");
    assert!(!text.contains("_page"));
    assert!(!text.contains("sorts this page only"));
    assert!(
        text.contains(
            "12 organisations with a published report. Each row shows the latest period."
        )
    );
    assert_eq!(rows(&Html::parse_document(&text)).len(), 12);
    assert!(!f.public().join("organizations/_page").exists());
}

#[test]
fn a_site_with_exactly_one_full_page_has_no_pager() {
    let f = site(&organizations(PER_PAGE, false));
    f.build();
    let text = f.output("organizations/index.html");
    assert!(!text.contains(r#"aria-label="Pages""#));
    assert_eq!(rows(&Html::parse_document(&text)).len(), PER_PAGE);
    assert!(!f.public().join("organizations/_page").exists());
}
