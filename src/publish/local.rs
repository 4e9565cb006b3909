//! `rungs build --local`: a site to open from disk. Pages link to folders
//! (`href="model/"`), which a web server answers with the folder's
//! `index.html` but a browser opening files shows as a directory listing;
//! a local build names `index.html` in every link to a folder of the site.
//!
//! The rewrite happens as pages reach the output ([`LocalSink`]), after the
//! link check has resolved the same targets, so it changes no page's
//! meaning: `a/` and `a/index.html` are the same file.

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::domain::output::Sink;

/// `html` with every relative `href` and `action` that names a folder
/// (ends in `/`, before any `?` or `#`) naming its `index.html` instead.
/// Absolute URLs (`https:`, `mailto:`, `//host`), root-relative paths and
/// in-page anchors are left as they are.
pub fn index_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = next_link(rest) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let (value, after) = tail.split_at(end);
        out.push_str(&index_link(value));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where the next link value starts (just past `href="` or `action="`).
fn next_link(s: &str) -> Option<usize> {
    let href = s.find(" href=\"").map(|i| i + " href=\"".len());
    let action = s.find(" action=\"").map(|i| i + " action=\"".len());
    match (href, action) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One link value, naming `index.html` when it is a relative folder link.
fn index_link(value: &str) -> String {
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(split);
    let scheme = path
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    if path.ends_with('/') && !path.starts_with('/') && !scheme {
        format!("{path}index.html{suffix}")
    } else if path.is_empty() && suffix.starts_with('?') {
        // `?q=…` on a folder's page: the page itself, by its file.
        format!("index.html{suffix}")
    } else {
        value.to_owned()
    }
}

/// A sink that hands pages to `inner` with [`index_links`] applied.
pub struct LocalSink<'a> {
    /// Where the files go.
    pub inner: &'a dyn Sink,
}

impl LocalSink<'_> {
    fn page(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
        if !path.ends_with(".html") {
            return None;
        }
        let html = std::str::from_utf8(bytes).ok()?;
        Some(index_links(html).into_bytes())
    }
}

impl Sink for LocalSink<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match LocalSink::page(path, bytes) {
            Some(page) => self.inner.put(path, &page),
            None => self.inner.put(path, bytes),
        }
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), Diagnostic> {
        match LocalSink::page(path, bytes) {
            Some(page) => self.inner.put(path, &page),
            None => self.inner.put_shared(path, bytes),
        }
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        // Streamed files are the open-data exports, never pages.
        self.inner.put_streamed(path, write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_links_name_their_index() {
        let html = concat!(
            r##"<a href="../../">Home</a> <a href="model/">Model</a> "##,
            r##"<a href="../model/system-design/#cap-strategy">S</a> "##,
            r##"<form action="../search/"> <a href="https://example.org/x/">e</a> "##,
            r##"<a href="/abs/">r</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a> "##,
            r##"<link rel="stylesheet" href="../style.css"> <a href="?q=x">q</a> "##,
            r##"<a href="//cdn.example/x/">c</a> <p>href="x/" in text</p>"##,
        );
        assert_eq!(
            index_links(html),
            concat!(
                r##"<a href="../../index.html">Home</a> <a href="model/index.html">Model</a> "##,
                r##"<a href="../model/system-design/index.html#cap-strategy">S</a> "##,
                r##"<form action="../search/index.html"> <a href="https://example.org/x/">e</a> "##,
                r##"<a href="/abs/">r</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a> "##,
                r##"<link rel="stylesheet" href="../style.css"> <a href="index.html?q=x">q</a> "##,
                r##"<a href="//cdn.example/x/">c</a> <p>href="x/" in text</p>"##,
            )
        );
    }
}
