//! The site search index: `search/index.json`, read by the theme's
//! `search.js` on the `/search/` page, so search works offline and under
//! any sub-path with no server and no external request.
//!
//! The index holds one document per thing worth finding (the model, its
//! levels, dimensions, capabilities and criteria, each published
//! organisation, each published cohort of the latest period and each content
//! page) and an inverted index from terms to documents. It is built only
//! from published reports and from [`Benchmarks`], which holds only the
//! cohorts that may be published, so an unpublished assessment, an
//! organisation without a published report or a suppressed cohort can never
//! be found.
//!
//! # Format
//!
//! Compact JSON (no whitespace), deterministic for the same site:
//!
//! ```json
//! {"v":1,
//!  "docs":[{"t":"Acme","u":"organizations/acme/","k":"organization","s":"sector: automotive · …"}],
//!  "terms":{"acme":[6],"automotive":[2,12]}}
//! ```
//!
//! * `docs[i]`: `t` title, `u` URL path relative to the site root, `k` kind
//!   (see [`KINDS`]), `s` plain-text snippet of at most [`SNIPPET_CHARS`]
//!   characters.
//! * `terms`: each term (see [`terms`]) to its postings, sorted by document.
//!   A posting is `doc * 8 + fields`, where `fields` says where the term
//!   occurs in the document: [`TITLE`] (4), [`KEYWORD`] (2, ids and
//!   attribute values) and [`BODY`] (1), added together: above, `acme` is
//!   in the title and id of document 0 (`6`), and `automotive` in an
//!   attribute value of document 0 (`2`) and the title of document 1
//!   (`12`). The script weighs a title match most.
//!
//! # Terms
//!
//! Text is lowercased character by character, combining accents
//! (U+0300 to U+036F) are dropped and Latin letters are folded to ASCII
//! (`é` → `e`, `ß` → `ss`, `ø` → `o`), then split into words at every
//! character that is neither alphabetic nor numeric. Chinese, Japanese and
//! Korean text, written without spaces, is indexed as single characters and
//! as every pair of neighbouring characters, so `東方` finds `東方精密`.
//! `search.js` applies exactly the same rules to the query.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::benchmark::Benchmarks;
use crate::analysis::report::Report;
use crate::domain::site::Site;
use crate::render::routes;
use crate::render::views::{cohort_label, level_name};
use crate::text::markdown;

/// The format version, `v` in the index.
pub const VERSION: u32 = 1;

/// Where the index is written, relative to the site root.
pub const INDEX_PATH: &str = "search/index.json";

/// The longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 160;

/// Posting flag: the term is in the document's title.
pub const TITLE: u32 = 4;
/// Posting flag: the term is in an id or attribute value of the document.
pub const KEYWORD: u32 = 2;
/// Posting flag: the term is in the document's text.
pub const BODY: u32 = 1;

/// Every document kind, as written in `k`.
pub const KINDS: [&str; 8] = [
    "organization",
    "capability",
    "criterion",
    "dimension",
    "level",
    "model",
    "page",
    "benchmark",
];

/// One search result.
#[derive(Clone, Debug, Serialize)]
struct Doc {
    /// The title searched first (weighs most).
    t: String,
    /// URL path relative to the site root.
    u: String,
    /// Kind, one of [`KINDS`].
    k: &'static str,
    /// A plain-text snippet shown under the result.
    s: String,
}

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    docs: &'a [Doc],
    terms: BTreeMap<&'a str, Vec<u32>>,
}

/// Documents and postings as they are added.
#[derive(Default)]
struct Builder {
    docs: Vec<Doc>,
    /// Term → (document, fields) in document order.
    postings: BTreeMap<String, Vec<(u32, u32)>>,
}

impl Builder {
    /// Adds a document whose `fields` are (text, flag) pairs.
    fn add(&mut self, k: &'static str, t: String, u: String, s: &str, fields: &[(&str, u32)]) {
        debug_assert!(KINDS.contains(&k));
        // Postings pack the document number with 3 flag bits into a u32;
        // past 2^29 documents (far beyond any site) the rest is not indexed.
        let Some(doc) = u32::try_from(self.docs.len()).ok().filter(|d| *d < 1 << 29) else {
            return;
        };
        for (text, flag) in fields {
            for term in terms(text) {
                let list = self.postings.entry(term).or_default();
                match list.last_mut() {
                    Some((d, f)) if *d == doc => *f |= flag,
                    _ => list.push((doc, *flag)),
                }
            }
        }
        self.docs.push(Doc {
            t,
            u,
            k,
            s: snippet(s),
        });
    }

    fn finish(self) -> Vec<u8> {
        let terms = self
            .postings
            .iter()
            .map(|(term, list)| {
                let packed = list.iter().map(|&(d, f)| d * 8 + f).collect();
                (term.as_str(), packed)
            })
            .collect();
        let index = Index {
            v: VERSION,
            docs: &self.docs,
            terms,
        };
        // Serialising plain data into memory cannot fail; an empty index is
        // a safe answer if it ever did.
        serde_json::to_vec(&index).unwrap_or_else(|_| b"{}".to_vec())
    }
}

/// Builds `search/index.json` from the site, its published `reports` (from
/// [`crate::analysis::report::published`]) and its published cohorts.
///
/// Documents come in a fixed order: the model, its levels, dimensions,
/// then each dimension's capabilities each followed by its criteria,
/// organisations by id, cohorts of the latest period in [`Benchmarks`]
/// order, and content pages in navigation order. What rungs writes itself
/// (titles, and texts for things without one) is in the site's language.
pub fn index(site: &Site, reports: &[Report<'_>], benchmarks: &Benchmarks) -> Vec<u8> {
    let model = &site.model;
    let t = &site.strings;
    let mut b = Builder::default();

    let description = model
        .description
        .as_deref()
        .map(markdown::to_plain_text)
        .unwrap_or_default();
    let fallback = t.fill(
        "search.model_text",
        &[
            (
                "levels",
                &t.count(
                    model.levels.len(),
                    "common.levels_one",
                    "common.levels_other",
                ),
            ),
            (
                "dimensions",
                &t.count(
                    model.dimensions.len(),
                    "common.dimensions_one",
                    "common.dimensions_other",
                ),
            ),
            (
                "capabilities",
                &t.count(
                    model.capability_count(),
                    "common.capabilities_one",
                    "common.capabilities_other",
                ),
            ),
        ],
    );
    b.add(
        "model",
        model.name.clone(),
        routes::MODEL.to_owned(),
        or(&description, &fallback),
        &[
            (&model.name, TITLE),
            (&model.id, KEYWORD),
            (model.version.as_deref().unwrap_or(""), KEYWORD),
            (&description, BODY),
        ],
    );

    for level in &model.levels {
        let number = level.number.to_string();
        let title = t.fill(
            "common.level_title",
            &[("n", &number), ("name", &level.name)],
        );
        let text = plain(level.description.as_deref());
        let fallback = t.fill(
            "search.level_text",
            &[("n", &number), ("model", &model.name)],
        );
        b.add(
            "level",
            title.clone(),
            format!("{}#level-{}", routes::MODEL, level.number),
            or(&text, &fallback),
            &[(&title, TITLE), (&text, BODY)],
        );
    }

    for dim in &model.dimensions {
        let text = plain(dim.description.as_deref());
        let names: Vec<&str> = dim.capabilities.iter().map(|c| c.name.as_str()).collect();
        let list = names.join(t.text("format.list_sep"));
        let fallback = t.fill("search.dimension_text", &[("list", &list)]);
        b.add(
            "dimension",
            dim.name.clone(),
            routes::dimension(&dim.id),
            or(&text, &fallback),
            &[(&dim.name, TITLE), (&dim.id, KEYWORD), (&text, BODY)],
        );
    }

    let criterion_title = t.text("search.criterion_title");
    for dim in &model.dimensions {
        for cap in &dim.capabilities {
            let description = plain(cap.description.as_deref());
            // Requirements written as one text (rather than as criteria)
            // belong to the capability.
            let mut text = description.clone();
            for req in &cap.requirements {
                if let crate::domain::model::Requirement::Text(t) = req {
                    text.push(' ');
                    text.push_str(&markdown::to_plain_text(t));
                }
            }
            let fallback = t.fill("search.capability_text", &[("dimension", &dim.name)]);
            b.add(
                "capability",
                cap.name.clone(),
                format!("{}#cap-{}", routes::dimension(&dim.id), cap.id),
                or(&description, or(text.trim(), &fallback)),
                &[(&cap.name, TITLE), (&cap.id, KEYWORD), (&text, BODY)],
            );
            for (i, req) in cap.requirements.iter().enumerate() {
                let level = i + 1;
                for crit in req.criteria() {
                    let text = markdown::to_plain_text(&crit.text);
                    let title = crate::text::fill(
                        criterion_title,
                        &[
                            ("capability", &cap.name),
                            ("level", &level.to_string()),
                            ("criterion", &crit.id),
                        ],
                    );
                    b.add(
                        "criterion",
                        title,
                        format!("{}#crit-{}", routes::dimension(&dim.id), crit.id),
                        &text,
                        &[(&crit.id, KEYWORD), (&text, BODY)],
                    );
                }
            }
        }
    }

    // Each organisation once, as its latest published report shows it.
    let mut latest: BTreeMap<&str, &Report<'_>> = BTreeMap::new();
    for r in reports {
        if r.assessment.publish {
            latest.insert(&r.assessment.organization.id, r);
        }
    }
    for r in latest.values() {
        let org = &r.assessment.organization;
        let mut parts: Vec<String> = org
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let level = r.scores.overall.level;
        parts.push(t.fill(
            "search.organization_level",
            &[
                ("period", &r.assessment.period),
                ("level", &level.to_string()),
                ("name", level_name(model, t, level)),
            ],
        ));
        let values: Vec<&str> = org.attributes.values().map(String::as_str).collect();
        let values = values.join(" ");
        b.add(
            "organization",
            org.name.clone(),
            // One firm's own site has its organisation's page at the root.
            if site.single_organization() {
                String::new()
            } else {
                routes::organization(&org.id)
            },
            &parts.join(" · "),
            &[(&org.name, TITLE), (&org.id, KEYWORD), (&values, KEYWORD)],
        );
    }

    if let Some(period) = benchmarks.latest_period() {
        for c in benchmarks.of_period(period) {
            let title = match &c.group {
                None => t.fill("benchmarks.title_period", &[("period", period)]),
                Some(_) => format!("{} · {period}", cohort_label(c, t)),
            };
            let keywords = match &c.group {
                None => period.to_owned(),
                Some(g) => format!("{period} {} {}", g.attribute, g.value),
            };
            let text = t.fill(
                "search.benchmark_text",
                &[
                    (
                        "assessments",
                        &t.count(c.n(), "common.assessments_one", "common.assessments_other"),
                    ),
                    ("median", &crate::text::number::format_score(c.score.median)),
                ],
            );
            b.add(
                "benchmark",
                title.clone(),
                routes::cohort(c),
                &text,
                &[(&title, TITLE), (&keywords, KEYWORD)],
            );
        }
    }

    for page in &site.pages {
        let body = markdown::to_plain_text(&page.body);
        let description = page.description.as_deref().unwrap_or("");
        b.add(
            "page",
            page.title.clone(),
            routes::page(&page.path),
            or(description, &body),
            &[(&page.title, TITLE), (description, BODY), (&body, BODY)],
        );
    }

    b.finish()
}

/// `text` unless it is empty, else `fallback`.
fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

/// The plain text of optional Markdown.
fn plain(markdown: Option<&str>) -> String {
    markdown.map(markdown::to_plain_text).unwrap_or_default()
}

/// At most [`SNIPPET_CHARS`] characters of `text`, whitespace collapsed, cut
/// at a word boundary with `…` when it is longer.
pub fn snippet(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count() + usize::from(chars > 0);
        if chars + n > SNIPPET_CHARS {
            if chars == 0 {
                // One very long word: cut it.
                out.extend(word.chars().take(SNIPPET_CHARS - 1));
            }
            let kept = out.trim_end_matches([',', ';', ':', '.', '·', ' ']).len();
            out.truncate(kept);
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
        }
        out.push_str(word);
        chars += n;
    }
    out
}

/// The index terms of a text, in order of appearance (repeats included):
/// its words, normalised, and for Chinese, Japanese and Korean text every
/// character and every pair of neighbouring characters.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for segment in segments(text) {
        match segment {
            Segment::Word(w) => out.push(w),
            Segment::Cjk(chars) => {
                out.extend(chars.iter().map(char::to_string));
                out.extend(chars.windows(2).map(|p| p.iter().collect()));
            }
        }
    }
    out
}

/// A run of word characters.
enum Segment {
    /// Letters and digits of any script but CJK.
    Word(String),
    /// Chinese, Japanese or Korean characters.
    Cjk(Vec<char>),
}

/// Splits normalised text into words and runs of CJK characters.
fn segments(text: &str) -> Vec<Segment> {
    let mut norm = String::with_capacity(text.len());
    for c in text.chars() {
        push_normalized(c, &mut norm);
    }
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk = Vec::new();
    for c in norm.chars() {
        // `None` between words, else whether the character is CJK.
        let class = c.is_alphanumeric().then(|| is_cjk(c));
        if class != Some(false) && !word.is_empty() {
            out.push(Segment::Word(std::mem::take(&mut word)));
        }
        if class != Some(true) && !cjk.is_empty() {
            out.push(Segment::Cjk(std::mem::take(&mut cjk)));
        }
        match class {
            Some(true) => cjk.push(c),
            Some(false) => word.push(c),
            None => {}
        }
    }
    if !word.is_empty() {
        out.push(Segment::Word(word));
    }
    if !cjk.is_empty() {
        out.push(Segment::Cjk(cjk));
    }
    out
}

/// Lowercases one character, drops combining accents and folds Latin
/// letters to ASCII.
fn push_normalized(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for l in c.to_lowercase() {
        if ('\u{300}'..='\u{36f}').contains(&l) {
            continue;
        }
        match fold(l) {
            Some(f) => out.push_str(f),
            None => out.push(l),
        }
    }
}

/// Chinese, Japanese and Korean characters, which are written without
/// spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'      // 々 〆 〇
        | '\u{3040}'..='\u{30ff}'    // Hiragana, Katakana
        | '\u{31f0}'..='\u{31ff}'    // Katakana extension
        | '\u{3400}'..='\u{4dbf}'    // CJK extension A
        | '\u{4e00}'..='\u{9fff}'    // CJK unified ideographs
        | '\u{ac00}'..='\u{d7af}'    // Hangul syllables
        | '\u{f900}'..='\u{faff}'    // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}'    // Half-width Katakana
        | '\u{20000}'..='\u{3134f}' // CJK extensions B to G
    )
}

/// The ASCII letters a lowercase Latin letter folds to, if it has
/// diacritics or is a ligature or special letter. Made from the Unicode
/// canonical decompositions of U+00C0 to U+024F and U+1E00 to U+1EFF (what
/// `search.js` computes with `normalize("NFD")`), with marks dropped and
/// letters that have no decomposition (`ø`, `đ`, `ł`, `ß`, `æ` ...) folded
/// as `search.js`'s `SPECIAL` table says.
///
/// This is not [`crate::text::slug`]'s transliteration, on purpose: the
/// browser folds the reader's query with `search.js`, which has no
/// deunicode, only `normalize("NFD")` and that table, and a term is found
/// only if both sides fold it alike. deunicode also spells Cyrillic, Greek,
/// CJK and Latin letters outside these ranges in ASCII (`й` → `i`, `東` →
/// `Dong`, `ƀ` → `b`) and folds some of these differently (`ŉ` → `'n`), so
/// building this on it would index terms that no query folds to.
fn fold(c: char) -> Option<&'static str> {
    if !matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') {
        return None;
    }
    if let Some(i) = FOLD_FROM.chars().position(|x| x == c) {
        return FOLD_TO.get(i..=i);
    }
    FOLD_MULTI.iter().find(|(x, _)| *x == c).map(|(_, f)| *f)
}

/// Letters with one-letter ASCII folds: `FOLD_FROM`'s n-th character folds
/// to `FOLD_TO`'s n-th letter.
const FOLD_FROM: &str = concat!(
    "àáâãäåçèéêëìíîïðñòóôõöøùúûüýÿāăąćĉċčďđēĕ",
    "ėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőŕŗřśŝşšţťŧũ",
    "ūŭůűųŵŷźżžſƒơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻǿȁȃȅȇȉȋȍ",
    "ȏȑȓȕȗșțȟȧȩȫȭȯȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱ",
    "ḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁ",
    "ẃẅẇẉẋẍẏẑẓẕẖẗẘẙẛạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏố",
    "ồổỗộớờởỡợụủứừửữựỳỵỷỹ",
);
const FOLD_TO: &str = concat!(
    "aaaaaaceeeeiiiidnoooooouuuuyyaaaccccddee",
    "eeegggghhiiiiijklllllnnnnnooorrrsssstttu",
    "uuuuuwyzzzsfouaiouuuuuaagkoojgnaoaaeeiio",
    "orruusthaeooooyabbbcdddddeeeeefghhhhhiik",
    "kkllllmmmnnnnoooopprrrrsssssttttuuuuuvvw",
    "wwwwxxyzzzhtwysaaaaaaaaaaaaeeeeeeeeiiooo",
    "ooooooooouuuuuuuyyyy",
);

/// Ligatures and letters that fold to two letters.
const FOLD_MULTI: &[(char, &str)] = &[
    ('ß', "ss"),
    ('æ', "ae"),
    ('þ', "th"),
    ('ĳ', "ij"),
    ('œ', "oe"),
    ('ǆ', "dz"),
    ('ǉ', "lj"),
    ('ǌ', "nj"),
    ('ǣ', "ae"),
    ('ǳ', "dz"),
    ('ǽ', "ae"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_and_accents_folded() {
        assert_eq!(terms("Ålesund Sjømat AS"), ["alesund", "sjomat", "as"]);
        assert_eq!(terms("Straße, Œuvre; Łódź"), ["strasse", "oeuvre", "lodz"]);
        assert_eq!(
            terms("Çelik Otomotiv Parçaları"),
            ["celik", "otomotiv", "parcalari"]
        );
        assert_eq!(terms("Việt Nam"), ["viet", "nam"]);
        // Decomposed input (e + combining acute) gives the same term.
        assert_eq!(terms("Cafe\u{301}"), terms("Café"));
        assert_eq!(terms("İstanbul"), ["istanbul"]);
        // Other scripts keep their letters; only case changes.
        assert_eq!(terms("ΑΘΗΝΑ Москва"), ["αθηνα", "москва"]);
        assert_eq!(terms("system-design v2.1"), ["system", "design", "v2", "1"]);
    }

    #[test]
    fn cjk_is_indexed_as_characters_and_pairs() {
        let t = terms("東方精密 (Dongfang Precision)");
        for want in ["東", "密", "東方", "方精", "精密", "dongfang", "precision"] {
            assert!(t.iter().any(|x| x == want), "{want} in {t:?}");
        }
        assert!(!t.iter().any(|x| x == "東方精密"));
        assert_eq!(terms("abc東方"), ["abc", "東", "方", "東方"]);
    }

    #[test]
    fn fold_table_is_consistent() {
        assert_eq!(FOLD_FROM.chars().count(), FOLD_TO.len());
        assert!(FOLD_TO.bytes().all(|b| b.is_ascii_lowercase()));
        let from: Vec<char> = FOLD_FROM.chars().collect();
        assert!(from.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert!(from.iter().all(|c| fold(*c).is_some()));
        assert_eq!(fold('ø'), Some("o"));
        assert_eq!(fold('đ'), Some("d"));
        assert_eq!(fold('a'), None);
        assert_eq!(fold('й'), None);
    }

    #[test]
    fn fold_is_not_the_slug_transliteration() {
        // What `search.js` keeps as it is, deunicode spells in ASCII: the
        // index must fold like the browser, so `fold` keeps its own table.
        for c in ['й', '東', 'ƀ'] {
            assert_eq!(fold(c), None, "{c}");
            assert!(
                deunicode::deunicode_char(c).is_some_and(|a| a.is_ascii()),
                "{c}"
            );
        }
        assert_eq!(fold('ŉ'), Some("n"));
        assert_ne!(deunicode::deunicode_char('ŉ'), Some("n"));
    }

    #[test]
    fn snippets_are_short_and_cut_at_words() {
        assert_eq!(snippet("  a  b\nc "), "a b c");
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.chars().count() <= SNIPPET_CHARS, "{s}");
        assert!(s.ends_with("word…"), "{s}");
        let one = "x".repeat(500);
        assert_eq!(snippet(&one).chars().count(), SNIPPET_CHARS);
        let s = snippet(&"東".repeat(300));
        assert_eq!(s.chars().count(), SNIPPET_CHARS);
    }

    const MODEL: &str = "id: m
name: Tiny Model
description: A *small* model.
levels: [{number: 1, name: Basic}, {number: 2, name: Managed}]
dimensions:
  - id: plan
    name: Planning
    capabilities:
      - {id: forecast, name: Demand forecasting, description: Forecasts are made., requirements: {1: Sales history is kept., 2: Forecasts are reviewed monthly.}}
      - id: sourcing
        name: Sourcing
        requirements:
          1: [{id: sourcing-1a, text: Suppliers are listed with contact points.}]
          2: [{id: sourcing-2a, text: Supplier scorecards are shared quarterly.}]
";

    fn org(id: &str, name: &str, sector: &str, publish: bool) -> String {
        format!(
            "organization: {{id: {id}, name: {name:?}, sector: {sector}}}\nperiod: '2025'\npublish: {publish}\ncapabilities:\n  forecast: {{level: 1}}\n  sourcing: {{criteria: {{sourcing-1a: full}}}}\n"
        )
    }

    /// The index of a small site, parsed, with its site built from files.
    fn small_index() -> serde_json::Value {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| crate::testing::write(dir.path(), rel, text);
        write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 2}\n",
        );
        write("content/model.yaml", MODEL);
        write(
            "content/pages/about.md",
            "---\ntitle: About us\n---\nWe measure **resilience** here.\n",
        );
        let orgs = [
            ("acme", "Acme Gießerei", "metal", true),
            ("beta", "Beta Works", "metal", true),
            (
                "dongfang",
                "東方精密 (Dongfang Precision)",
                "electronics",
                true,
            ),
            ("gamma", "Gamma Ltd", "electronics", true),
            ("lonely", "Lonely Inc", "aerospace", true),
            ("hidden", "Hidden Zeta Corp", "metal", false),
        ];
        for (id, name, sector, publish) in orgs {
            write(
                &format!("content/assessments/{id}.yaml"),
                &org(id, name, sector, publish),
            );
        }
        let (site, scores) =
            crate::pipeline::compile(crate::pipeline::load(dir.path()).unwrap()).unwrap();
        let benchmarks = Benchmarks::compute(&site, &scores);
        let reports = crate::analysis::report::published(&site, &scores, &benchmarks);
        let bytes = index(&site, &reports, &benchmarks);
        assert_eq!(
            bytes,
            index(&site, &reports, &benchmarks),
            "the index is deterministic"
        );
        assert!(!bytes.contains(&b'\n'), "compact");
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Documents (by title) that hold every term of `query`.
    fn find(ix: &serde_json::Value, query: &str) -> Vec<String> {
        let mut hits: Option<Vec<u64>> = None;
        for term in terms(query) {
            let docs: Vec<u64> = ix["terms"][&term]
                .as_array()
                .map(|a| a.iter().map(|p| p.as_u64().unwrap() / 8).collect())
                .unwrap_or_default();
            hits = Some(match hits {
                None => docs,
                Some(h) => h.into_iter().filter(|d| docs.contains(d)).collect(),
            });
        }
        hits.unwrap_or_default()
            .into_iter()
            .map(|d| ix["docs"][d as usize]["t"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn indexes_published_things_only() {
        let ix = small_index();
        assert_eq!(ix["v"], VERSION);
        assert_eq!(find(&ix, "acme"), ["Acme Gießerei"]);
        assert_eq!(find(&ix, "giesserei"), ["Acme Gießerei"]);
        assert_eq!(find(&ix, "GIEßEREI"), ["Acme Gießerei"]);
        assert!(find(&ix, "hidden").is_empty());
        assert!(find(&ix, "zeta").is_empty());
        let raw = ix.to_string();
        assert!(!raw.contains("Hidden") && !raw.contains("organizations/hidden/"));
        // Lonely's cohort is suppressed (one member), Lonely itself is not.
        assert_eq!(find(&ix, "lonely"), ["Lonely Inc"]);
        assert!(!raw.contains("/aerospace/"), "{raw}");

        let docs = ix["docs"].as_array().unwrap();
        let kinds: Vec<&str> = docs.iter().map(|d| d["k"].as_str().unwrap()).collect();
        for k in KINDS {
            assert!(kinds.contains(&k), "a {k} document");
        }
        for d in docs {
            assert!(d["s"].as_str().unwrap().chars().count() <= SNIPPET_CHARS);
            assert!(!d["u"].as_str().unwrap().starts_with('/'));
        }
        let url = |title: &str| {
            docs.iter()
                .find(|d| d["t"] == title)
                .map(|d| d["u"].as_str().unwrap().to_owned())
        };
        assert_eq!(url("Acme Gießerei").unwrap(), "organizations/acme/");
        assert_eq!(
            url("Demand forecasting").unwrap(),
            "model/plan/#cap-forecast"
        );
        assert_eq!(
            url("Sourcing, level 2: sourcing-2a").unwrap(),
            "model/plan/#crit-sourcing-2a"
        );
        assert_eq!(url("About us").unwrap(), "about/");
        assert_eq!(url("Level 2: Managed").unwrap(), "model/#level-2");
        assert_eq!(url("Benchmark 2025").unwrap(), "benchmarks/2025/");
        assert_eq!(
            url("sector: metal · 2025").unwrap(),
            "benchmarks/2025/sector/metal/"
        );
        // Requirement text, criteria and page bodies are searchable.
        assert_eq!(find(&ix, "monthly"), ["Demand forecasting"]);
        assert_eq!(find(&ix, "scorecards"), ["Sourcing, level 2: sourcing-2a"]);
        assert_eq!(find(&ix, "resilience"), ["About us"]);
    }

    #[test]
    fn cjk_names_are_found_by_part() {
        let ix = small_index();
        let want = ["東方精密 (Dongfang Precision)"];
        assert_eq!(find(&ix, "東方"), want);
        assert_eq!(find(&ix, "精密"), want);
        assert_eq!(find(&ix, "東"), want);
        assert_eq!(find(&ix, "dongfang"), want);
        assert!(find(&ix, "密東").is_empty());
    }

    #[test]
    fn title_terms_weigh_more() {
        let ix = small_index();
        let postings = |t: &str| -> Vec<u64> {
            ix["terms"][t]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_u64().unwrap())
                .collect()
        };
        let docs = ix["docs"].as_array().unwrap();
        let flags = |term: &str, title: &str| {
            let d = docs.iter().position(|d| d["t"] == title).unwrap() as u64;
            postings(term)
                .into_iter()
                .find(|p| p / 8 == d)
                .map(|p| p % 8)
        };
        assert_eq!(
            flags("acme", "Acme Gießerei"),
            Some(u64::from(TITLE | KEYWORD))
        );
        assert_eq!(flags("metal", "Acme Gießerei"), Some(u64::from(KEYWORD)));
        assert_eq!(flags("resilience", "About us"), Some(u64::from(BODY)));
        // Postings are sorted by document.
        for list in ix["terms"].as_object().unwrap().values() {
            let d: Vec<u64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_u64().unwrap() / 8)
                .collect();
            assert!(d.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
