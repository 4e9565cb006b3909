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
/// (output paths such as `model/index.html`), sorted. `languages` are the
/// site's languages as (tag, folder below the root), the first at the
/// root: with more than one, each URL lists its twins in every language
/// as `xhtml:link` alternates (Google's form for multilingual sitemaps).
pub fn sitemaps(
    base_url: &str,
    paths: &[String],
    languages: &[(&str, &str)],
) -> Vec<(String, Vec<u8>)> {
    let mut urls: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| format!("{base_url}{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect();
    urls.sort();
    urls.dedup();
    let alternates = Alternates::new(base_url, &urls, languages);
    let chunks: Vec<&[String]> = urls.chunks(MAX_URLS).collect();
    if chunks.len() <= 1 {
        return vec![(
            "sitemap.xml".to_owned(),
            urlset(chunks.first().copied().unwrap_or(&[]), &alternates),
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
        files.push((name, urlset(chunk, &alternates)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index.into_bytes()));
    files
}

/// Which URLs are the same page in another language.
struct Alternates<'a> {
    base_url: &'a str,
    /// (tag, folder), the first language's folder empty; empty for a
    /// site of one language.
    languages: Vec<(&'a str, &'a str)>,
    urls: std::collections::HashSet<&'a str>,
}

impl<'a> Alternates<'a> {
    fn new(base_url: &'a str, urls: &'a [String], languages: &[(&'a str, &'a str)]) -> Self {
        let several = languages.len() > 1;
        Alternates {
            base_url,
            languages: if several {
                languages.to_vec()
            } else {
                Vec::new()
            },
            urls: if several {
                urls.iter().map(String::as_str).collect()
            } else {
                std::collections::HashSet::new()
            },
        }
    }

    /// The twins of `url` that exist, as (tag, URL), itself included;
    /// empty when it has none.
    fn of(&self, url: &str) -> Vec<(&'a str, String)> {
        let Some(path) = url.strip_prefix(self.base_url) else {
            return Vec::new();
        };
        // The page's path within its language: without the folder of the
        // language it is in (the longest folder that matches; the first
        // language's is empty and matches every path).
        let within = self
            .languages
            .iter()
            .filter(|(_, folder)| !folder.is_empty() && path.starts_with(folder))
            .map(|(_, folder)| &path[folder.len()..])
            .next()
            .unwrap_or(path);
        let twins: Vec<(&str, String)> = self
            .languages
            .iter()
            .map(|(tag, folder)| (*tag, format!("{}{folder}{within}", self.base_url)))
            .filter(|(_, u)| self.urls.contains(u.as_str()))
            .collect();
        if twins.len() > 1 { twins } else { Vec::new() }
    }
}

fn urlset(urls: &[String], alternates: &Alternates<'_>) -> Vec<u8> {
    let mut out = String::with_capacity(urls.len() * 80 + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if !alternates.languages.is_empty() {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for u in urls {
        out.push_str("<url><loc>");
        out.push_str(&escape(u));
        out.push_str("</loc>");
        for (tag, twin) in alternates.of(u) {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            out.push_str(&escape(tag));
            out.push_str("\" href=\"");
            out.push_str(&escape(&twin));
            out.push_str("\"/>");
        }
        out.push_str("</url>\n");
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
            &[("en", "")],
        );
        assert_eq!(files.len(), 1);
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(xml.contains("<loc>https://o.github.io/repo/</loc>"));
        assert!(xml.contains("<loc>https://o.github.io/repo/model/</loc>"));
        assert!(!xml.contains("404") && !xml.contains("style.css"));
    }

    #[test]
    fn urls_are_escaped_for_xml() {
        let files = sitemaps("https://x.org/?a=1&b='2'/", &["index.html".into()], &[]);
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
        let files = sitemaps("https://x.org/", &paths, &[("en", "")]);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(index.contains("<sitemapindex") && index.contains("https://x.org/sitemap-2.xml"));
        let second = String::from_utf8(files[2].1.clone()).unwrap();
        assert_eq!(second.matches("<url>").count(), 1);
    }

    #[test]
    fn each_page_lists_its_twins_in_the_other_languages() {
        let paths: Vec<String> = [
            "index.html",
            "model/index.html",
            "zh-cn/index.html",
            "zh-cn/model/index.html",
            "about/index.html",
        ]
        .map(String::from)
        .to_vec();
        let files = sitemaps("https://x.org/", &paths, &[("en", ""), ("zh-CN", "zh-cn/")]);
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
        let model = "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.org/model/\"/><xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://x.org/zh-cn/model/\"/>";
        // Both twins list both, themselves included.
        assert!(
            xml.contains(&format!("<loc>https://x.org/model/</loc>{model}</url>")),
            "{xml}"
        );
        assert!(
            xml.contains(&format!(
                "<loc>https://x.org/zh-cn/model/</loc>{model}</url>"
            )),
            "{xml}"
        );
        // A page in one language only has no alternates.
        assert!(
            xml.contains("<loc>https://x.org/about/</loc></url>"),
            "{xml}"
        );
        // One language: the plain form.
        let one = sitemaps("https://x.org/", &paths[..2], &[("en", "")]);
        assert!(
            !String::from_utf8(one[0].1.clone())
                .unwrap()
                .contains("xhtml")
        );
    }
}
