//! Checks every internal link and anchor of a built site.
//!
//! A template override or a Markdown page can break links; the build must
//! say so. As files pass on their way to the output, [`LinkIndex`] records
//! what each HTML page links to and which ids it has, keeping only the
//! distinct link targets and, per page, a sorted list of id hashes shared
//! by every page with the same ids (all reports have the same anchors), so
//! even very large sites are checked in little memory. [`LinkIndex::broken`] then lists every link to
//! a missing file or anchor, with the first page that has it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// The maps' hasher: every page's hundred or so links are looked up, so a
/// fast hash pays (SipHash was the largest item in a profile of `rungs
/// serve`'s rebuilds); paths come from the site itself, not from an
/// attacker, and a fixed seed keeps builds the same from run to run.
type Fast = foldhash::fast::FixedState;
use std::sync::Arc;

use crate::diag::Diagnostic;

/// What the pages link to, and what exists.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// The base path the site is served under, such as `/repo/`.
    base_path: String,
    /// The absolute base URL, such as `https://o.github.io/repo/`.
    base_url: String,
    /// Every file written, relative to the output root, with the sorted
    /// hashes of its element ids (empty for files other than pages).
    files: HashMap<String, Arc<[u64]>, Fast>,
    /// The distinct id lists, so pages with the same ids share one.
    /// By [`PageLinks::ids_key`], which pages compute as they are scanned,
    /// on the threads that render them, so recording a page in order
    /// compares its ids with one or two lists and hashes nothing.
    id_lists: HashMap<u64, Vec<Arc<[u64]>>, Fast>,
    /// Distinct link targets with the first page linking there.
    links: HashMap<Target, String, Fast>,
}

/// Where a link points: a file of the site and a fragment (maybe empty),
/// kept as one string, `file#fragment`. A report links each of its rated
/// criteria: one allocation per link instead of two.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Target {
    joined: String,
    file_len: usize,
}

impl Target {
    fn new(file: &str, fragment: &str) -> Target {
        let mut joined = String::with_capacity(file.len() + 1 + fragment.len());
        joined.push_str(file);
        if !fragment.is_empty() {
            joined.push('#');
            joined.push_str(fragment);
        }
        Target {
            joined,
            file_len: file.len(),
        }
    }

    /// The file, relative to the output root.
    fn file(&self) -> &str {
        &self.joined[..self.file_len]
    }

    /// The fragment, without its `#` (empty for none).
    fn fragment(&self) -> &str {
        self.joined.get(self.file_len + 1..).unwrap_or("")
    }
}

/// The ids and links of one page, from [`LinkIndex::scan`].
#[derive(Clone, Debug, Default)]
pub struct PageLinks {
    /// The page, relative to the output root.
    path: String,
    /// Hashes of its element ids, sorted, without repeats.
    ids: Vec<u64>,
    /// Its distinct link targets.
    links: Vec<Target>,
    /// A hash of `ids`.
    ids_key: u64,
}

impl PageLinks {
    /// The page (or file) scanned.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// A 64-bit FNV-1a hash of an id: pages have hundreds of ids, and they are
/// compared only with the ids of one page, so a fast hash is plenty.
fn id_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl LinkIndex {
    /// A new index for a site served at `base_url`.
    pub fn new(base_url: &str) -> Self {
        LinkIndex {
            base_path: crate::domain::config::base_path(base_url),
            base_url: base_url.to_owned(),
            ..LinkIndex::default()
        }
    }

    /// Records a file written to the output; HTML pages are scanned.
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        let page = self.scan(path, bytes);
        self.record(&page);
    }

    /// Finds the ids and links of one file without changing the index, so
    /// pages can be scanned on the threads that render them; hand the
    /// result to [`LinkIndex::record`].
    pub fn scan(&self, path: &str, bytes: &[u8]) -> PageLinks {
        let mut page = PageLinks {
            path: path.to_owned(),
            ..PageLinks::default()
        };
        if !path.ends_with(".html") {
            return page;
        }
        let mut links: Vec<Cow<'_, str>> = Vec::new();
        for (name, value) in attributes(bytes) {
            if name == Attribute::Id {
                page.ids.push(id_key(&value));
            } else {
                links.push(value);
            }
        }
        // Pages repeat the same links (navigation, model links per level):
        // resolve each distinct one once.
        links.sort_unstable();
        links.dedup();
        page.ids.sort_unstable();
        page.ids.dedup();
        // 0 for no ids, as for files that are not pages.
        page.ids_key = if page.ids.is_empty() {
            0
        } else {
            Fast::default().hash_one(&page.ids)
        };
        // Links within the page (a table of contents, "back to top") are
        // checked here against the page's own ids: they are most of a
        // report's distinct links, and none of them is any other page's,
        // so the index need not hold them. Only a broken one is kept, to
        // be reported with the others.
        let ids = &page.ids;
        let within = |file: &str, fragment: &str| {
            file == path
                && (fragment.is_empty() || ids.binary_search(&id_key(&decode(fragment))).is_ok())
        };
        // Sorted, links to one file are neighbours (a report links dozens
        // of criteria on each model page): resolve each file once.
        let mut last: Option<(&str, Option<String>)> = None;
        for link in &links {
            let (url, fragment) = link.split_once('#').unwrap_or((link, ""));
            if last.as_ref().is_none_or(|(previous, _)| *previous != url) {
                last = Some((url, self.resolve(path, url)));
            }
            if let Some((_, Some(file))) = &last
                && !within(file, fragment)
            {
                page.links.push(Target::new(file, fragment));
            }
        }
        page
    }

    /// Adds a page scanned by [`LinkIndex::scan`]. Pages are recorded in a
    /// fixed order, so the page named for a broken link is always the same.
    pub fn record(&mut self, page: &PageLinks) {
        self.record_links(page, page.links.iter());
    }

    /// Which of `page`'s links the index has not seen yet. Most links
    /// repeat on every page; finding the few new ones on the threads that
    /// render the pages, while the index does not change, leaves only
    /// those for [`LinkIndex::record_unseen`] to look up in order.
    pub fn unseen(&self, page: &PageLinks) -> Vec<u32> {
        (0..page.links.len())
            .filter(|&i| !self.links.contains_key(&page.links[i]))
            .filter_map(|i| u32::try_from(i).ok())
            .collect()
    }

    /// [`LinkIndex::record`], given what [`LinkIndex::unseen`] found for
    /// the page since the index last changed.
    pub fn record_unseen(&mut self, page: &PageLinks, unseen: &[u32]) {
        let links = unseen.iter().filter_map(|&i| page.links.get(i as usize));
        self.record_links(page, links);
    }

    fn record_links<'p>(&mut self, page: &'p PageLinks, links: impl Iterator<Item = &'p Target>) {
        for link in links {
            // Copy only the links not seen before.
            if !self.links.contains_key(link) {
                self.links.insert(link.clone(), page.path.clone());
            }
        }
        let lists = self.id_lists.entry(page.ids_key).or_default();
        let ids = match lists.iter().find(|l| l[..] == page.ids[..]) {
            Some(shared) => Arc::clone(shared),
            None => {
                let ids: Arc<[u64]> = page.ids.as_slice().into();
                lists.push(Arc::clone(&ids));
                ids
            }
        };
        self.files.insert(page.path.clone(), ids);
    }

    /// The file a link's `url` (the part before any `#`) points at from
    /// `page`, or `None` for links that leave the site (other hosts,
    /// `mailto:` ...).
    fn resolve(&self, page: &str, url: &str) -> Option<String> {
        let url = url.split('?').next().unwrap_or("");
        let path = if let Some(rest) = url.strip_prefix(&self.base_url) {
            rest.to_owned()
        } else if url.contains(':') || url.starts_with("//") {
            return None;
        } else if let Some(rest) = url.strip_prefix(&self.base_path) {
            rest.to_owned()
        } else if url.starts_with('/') {
            // Rooted outside the base path: always broken on a sub-path.
            return Some(url.to_owned());
        } else {
            let dir = page.rfind('/').map_or("", |i| &page[..=i]);
            let mut path = String::with_capacity(dir.len() + url.len());
            path.push_str(dir);
            path.push_str(url);
            path
        };
        let mut parts: Vec<&str> = Vec::new();
        // Split by hand: `str::split` costs more than these short paths.
        let mut from = 0;
        let segments = path.bytes().enumerate().filter(|&(_, b)| b == b'/');
        let ends = segments.map(|(i, _)| i).chain(std::iter::once(path.len()));
        for end in ends {
            let part = &path[from..end];
            from = end + 1;
            match part {
                "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(format!("../{path}"));
                    }
                }
                p => parts.push(p),
            }
        }
        let mut target = parts.join("/");
        if url.is_empty() {
            target = page.to_owned();
        } else if target.is_empty() || target.ends_with('/') {
            target.push_str("index.html");
        }
        Some(target)
    }

    /// Whether a file was recorded at `path`.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every broken link, as diagnostics naming the page and the target.
    pub fn broken(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .links
            .iter()
            .filter_map(|(link, page)| {
                let (target, fragment) = (link.file(), link.fragment());
                let ids = self.files.get(target);
                let has_id = |ids: &[u64]| ids.binary_search(&id_key(&decode(fragment))).is_ok();
                let message = if ids.is_none() {
                    format!("broken link to `{target}`: no such file in the site")
                } else if !fragment.is_empty() && target.ends_with(".html") && !ids.is_some_and(|ids| has_id(ids)) {
                    format!("broken link to `{target}#{fragment}`: the page has no element with that id")
                } else {
                    return None;
                };
                Some(Diagnostic::in_file(format!("{page} (output)"), message).with_help(
                    "a template override or a Markdown page links to a page or anchor that the build does not write; fix the link",
                ))
            })
            .collect();
        out.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        out
    }
}

/// The attributes the link check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attribute {
    /// `id="..."`: an anchor.
    Id,
    /// `href="..."` or `src="..."`: a link.
    Link,
}

/// Every ` id="..."`, ` href="..."` and ` src="..."` attribute of a page,
/// entity-decoded, ids and links each in page order. Each name is searched
/// for on its own: pages hold thousands of other attributes (charts are
/// made of them), and stopping at each of them cost more than three
/// vectorised searches that stop only where they must. Only the values
/// are checked as UTF-8, not the whole page (a value that is not is
/// skipped: no page rungs writes has one).
fn attributes(bytes: &[u8]) -> Vec<(Attribute, Cow<'_, str>)> {
    static NAMES: std::sync::LazyLock<[(Attribute, memchr::memmem::Finder<'static>); 3]> =
        std::sync::LazyLock::new(|| {
            let finder = |needle: &'static [u8]| {
                memchr::memmem::FinderBuilder::new().build_forward_with_ranker(HtmlRank, needle)
            };
            [
                (Attribute::Id, finder(b" id=\"")),
                (Attribute::Link, finder(b" href=\"")),
                (Attribute::Link, finder(b" src=\"")),
            ]
        });
    let mut out = Vec::new();
    for (kind, name) in NAMES.iter() {
        for i in name.find_iter(bytes) {
            let start = i + name.needle().len();
            let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
                break;
            };
            if let Ok(value) = std::str::from_utf8(&bytes[start..start + len]) {
                out.push((*kind, decode(value)));
            }
        }
    }
    out
}

/// How common each byte is in HTML, for the substring searches of
/// [`attributes`]. They look first for the needle's two rarest bytes; by
/// memchr's default ranks, made for prose, those are `=` and `"`, the two
/// bytes of every attribute, so each search stopped at all of a page's
/// thousands of attributes. Here markup punctuation is the commonest, and
/// letters rank by their frequency in English.
struct HtmlRank;

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for HtmlRank {
    fn rank(&self, byte: u8) -> u8 {
        /// Lowercase letters, commonest first.
        const LETTERS: &[u8; 26] = b"etaoinshrdlcumwfgypbvkjxqz";
        match byte {
            b' ' | b'=' | b'"' | b'<' | b'>' | b'/' | b'\n' => 255,
            _ => match LETTERS.iter().position(|&l| l == byte.to_ascii_lowercase()) {
                // 250 down to 200: more common than any other byte but
                // markup.
                Some(i) => 250 - 2 * i as u8,
                None => 100,
            },
        }
    }
}

/// Decodes the entities that escaping produces in attribute values.
fn decode(s: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'&', b'%', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let s = s
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&");
    Cow::Owned(crate::text::percent::decode_lenient(&s).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(pages: &[(&str, &str)]) -> LinkIndex {
        let mut ix = LinkIndex::new("https://o.github.io/repo/");
        for (p, html) in pages {
            ix.add(p, html.as_bytes());
        }
        ix.add("style.css", b"");
        ix
    }

    #[test]
    fn relative_rooted_and_absolute_links_resolve() {
        let ix = index(&[
            (
                "index.html",
                r##"<a href="model/">m</a><a href="model/#cap-a">a</a><link href="style.css"><a href="https://o.github.io/repo/model/">c</a><a href="https://other.org/x">x</a><a href="mailto:a@b">m</a>"##,
            ),
            (
                "model/index.html",
                r##"<h2 id="cap-a">A</h2><a href="../">home</a><a href="#cap-a">self</a><a href="/repo/style.css">s</a>"##,
            ),
        ]);
        assert!(ix.broken().is_empty(), "{:?}", ix.broken());
    }

    #[test]
    fn pages_that_are_not_utf8_are_still_checked() {
        // A static page in Latin-1 ("café"): its links and ids still count.
        let mut ix = LinkIndex::new("https://o.github.io/repo/");
        ix.add(
            "old/index.html",
            b"<p id=\"caf\xe9\">caf\xe9</p><p id=\"top\"></p><a href=\"../nope/\">x</a>",
        );
        ix.add("index.html", br##"<a href="old/#top">old</a>"##);
        let broken = ix.broken();
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(
            broken[0].message.contains("`nope/index.html`"),
            "{broken:?}"
        );
    }

    #[test]
    fn missing_files_and_anchors_are_named() {
        let ix = index(&[
            (
                "index.html",
                r##"<a href="nope/">x</a><a href="model/#cap-b">y</a><a href="/elsewhere/">z</a><a href="../../../x">w</a>"##,
            ),
            (
                "model/index.html",
                r##"<h2 id="cap-a">A</h2><a href="#missing">m</a>"##,
            ),
        ]);
        let messages: Vec<String> = ix
            .broken()
            .iter()
            .map(|d| format!("{}: {}", d.file, d.message))
            .collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("index.html (output)") && m.contains("`nope/index.html`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`model/index.html#cap-b`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("model/index.html (output)") && m.contains("#missing"))
        );
        assert!(messages.iter().any(|m| m.contains("`/elsewhere/`")));
        assert!(messages.iter().any(|m| m.contains("`../")));
    }

    #[test]
    fn pages_with_the_same_ids_share_one_list_and_anchors_stay_per_page() {
        let report = r#"<h2 id="overall">O</h2><tr id="cap-a"></tr>"#;
        let ix = index(&[
            ("a/index.html", report),
            ("b/index.html", report),
            ("c/index.html", r#"<p id="other">x</p>"#),
            (
                "index.html",
                r#"<a href="a/#cap-a">1</a><a href="b/#overall">2</a><a href="c/#cap-a">3</a>"#,
            ),
        ]);
        // a and b share; c, index.html and style.css (no ids) have their own.
        assert_eq!(ix.id_lists.values().map(Vec::len).sum::<usize>(), 3);
        let broken: Vec<String> = ix.broken().iter().map(|d| d.message.clone()).collect();
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(broken[0].contains("`c/index.html#cap-a`"), "{broken:?}");
    }

    #[test]
    fn links_within_a_page_are_checked_at_once_and_not_kept() {
        let ix = index(&[(
            "r/index.html",
            r##"<h2 id="a">A</h2><a href="#a">1</a><a href="./#a">2</a><a href="">3</a><a href="#b">4</a>"##,
        )]);
        let kept: Vec<(&str, &str)> = ix.links.keys().map(|t| (t.file(), t.fragment())).collect();
        assert_eq!(kept, [("r/index.html", "b")]);
        let broken = ix.broken();
        assert_eq!(broken.len(), 1);
        assert!(
            broken[0].message.contains("r/index.html#b"),
            "{}",
            broken[0].message
        );
    }

    #[test]
    fn entities_and_percent_escapes_are_decoded() {
        let ix = index(&[
            (
                "index.html",
                r##"<a href="a&amp;b/">x</a><a href="#caf%C3%A9">y</a><p id="café">z</p>"##,
            ),
            ("a&b/index.html", ""),
        ]);
        assert!(ix.broken().is_empty(), "{:?}", ix.broken());
    }
}
