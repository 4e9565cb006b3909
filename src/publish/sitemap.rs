//! `sitemap.xml` and `robots.txt` for search engines.
//!
//! Every page the build writes is public (unpublished assessments and
//! suppressed cohorts have none), so the sitemap lists them all but the 404
//! page. Past 50,000 URLs, the protocol's limit, `sitemap.xml` becomes an
//! index of `sitemap-1.xml`, `sitemap-2.xml`... No dates are written, so
//! builds stay byte-identical.

use crate::text::escape::markup as escape;

/// The most URLs one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

/// The sitemap files, as (output path, bytes), for pages at `paths`
/// (output paths such as `model/index.html`), sorted.
pub fn sitemaps(base_url: &str, paths: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut urls: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| format!("{base_url}{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect();
    urls.sort();
    urls.dedup();
    let chunks: Vec<&[String]> = urls.chunks(MAX_URLS).collect();
    if chunks.len() <= 1 {
        return vec![(
            "sitemap.xml".to_owned(),
            urlset(chunks.first().copied().unwrap_or(&[])),
        )];
    }
    let mut files = Vec::with_capacity(chunks.len() + 1);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{base_url}{name}"))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index.into_bytes()));
    files
}

fn urlset(urls: &[String]) -> Vec<u8> {
    let mut out = String::with_capacity(urls.len() * 80 + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        out.push_str("<url><loc>");
        out.push_str(&escape(u));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// `robots.txt`: everything may be crawled; here is the sitemap.
pub fn robots(base_url: &str) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_pages_as_directory_urls() {
        let files = sitemaps(
            "https://o.github.io/repo/",
            &[
                "index.html".into(),
                "model/index.html".into(),
                "404.html".into(),
                "style.css".into(),
            ],
        );
        assert_eq!(files.len(), 1);
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(xml.contains("<loc>https://o.github.io/repo/</loc>"));
        assert!(xml.contains("<loc>https://o.github.io/repo/model/</loc>"));
        assert!(!xml.contains("404") && !xml.contains("style.css"));
    }

    #[test]
    fn urls_are_escaped_for_xml() {
        let files = sitemaps("https://x.org/?a=1&b='2'/", &["index.html".into()]);
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(
            xml.contains("<loc>https://x.org/?a=1&amp;b=&apos;2&apos;/</loc>"),
            "{xml}"
        );
    }

    #[test]
    fn splits_past_fifty_thousand() {
        let paths: Vec<String> = (0..MAX_URLS + 1)
            .map(|i| format!("p{i}/index.html"))
            .collect();
        let files = sitemaps("https://x.org/", &paths);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(index.contains("<sitemapindex") && index.contains("https://x.org/sitemap-2.xml"));
        let second = String::from_utf8(files[2].1.clone()).unwrap();
        assert_eq!(second.matches("<url>").count(), 1);
    }
}
