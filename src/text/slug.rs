//! Ids and slugs: the one place where free text becomes part of a URL, a
//! file name or an `id` attribute.
//!
//! Ids in input files must already be slugs (`[a-z0-9][a-z0-9-]*`, at most
//! 64 characters), so they can be used in URLs and file names as they are.
//! Free text that ends up in a URL goes through [`slugify`] (or
//! [`slug_at_most`] where the caller adds a suffix of its own); Markdown
//! heading text goes through [`heading_id`]. All three are one loop with
//! two sets of rules, so they agree on what a word is and how words are
//! joined, and differ only where [`heading_id`] says why.
//!
//! Letters outside ASCII are transliterated with the `deunicode` crate
//! (`Énergie` → `energie`, `Öl & Gas` → `ol-gas`, `能源` → `neng-yuan`)
//! rather than dropped, so that values in other scripts keep a readable,
//! distinct URL. A crate rather than a table of our own: it covers all of
//! Unicode (Latin, Greek, Cyrillic, CJK, emoji...) and is maintained, where
//! a hand-made table covers what its author thought of. ASCII text is
//! mapped to itself by it, so slugs of ASCII text are what they always were.

/// The longest id allowed.
pub const MAX_ID_LEN: usize = 64;

/// Whether `s` is a valid id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
pub fn is_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_LEN
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Turns free text into a URL-safe slug: ASCII lowercase letters, digits and
/// single hyphens, other scripts transliterated (`Öl & Gas` → `ol-gas`).
/// Never empty (`x` when nothing survives), never more than 64 characters,
/// never `.` or `..`, never containing `/` or `\`: always an id.
///
/// Different texts can give the same slug (`Energie`, `Énergie` and
/// `ENERGIE` all give `energie`); callers that need one URL per value number
/// the clashes, as `analysis::benchmark` does for cohort values.
pub fn slugify(text: &str) -> String {
    let slug = slug_at_most(text, MAX_ID_LEN);
    if slug.is_empty() {
        "x".to_owned()
    } else {
        slug
    }
}

/// [`slugify`]'s slug cut to at most `max_len` bytes (never ending with a
/// hyphen), and empty when nothing survives, for callers that append a
/// suffix such as `-2` and choose their own fallback.
pub fn slug_at_most(text: &str, max_len: usize) -> String {
    words(text, Rules::URL, max_len)
}

/// The `id` of a Markdown heading with text `text`: like [`slugify`], with
/// three differences that keep the anchors authors already link to:
/// letters outside ASCII are kept, lowercased (`Straße` → `straße`, valid in
/// an HTML id and a URL fragment); punctuation is dropped rather than
/// separating words (`What's new?` → `whats-new`, as GitHub's anchors); and
/// there is no length limit. Empty when nothing survives (the caller picks a
/// fallback such as `section`).
pub fn heading_id(text: &str) -> String {
    words(text, Rules::HEADING, usize::MAX)
}

/// A valid id close to `s`, for "e.g." hints.
pub fn suggest_id(s: &str) -> String {
    slugify(s)
}

/// How [`words`] treats characters that are not ASCII letters or digits.
#[derive(Clone, Copy)]
struct Rules {
    /// Transliterate letters outside ASCII (`true`) or keep them.
    transliterate: bool,
    /// Whether punctuation and symbols separate words like white space
    /// does (`a.b` → `a-b`) or are dropped (`a.b` → `ab`). White space, `-`
    /// and `_` always separate.
    punctuation_separates: bool,
}

impl Rules {
    /// URL path segments and file names: only ASCII, every non-word
    /// character a word break.
    const URL: Rules = Rules {
        transliterate: true,
        punctuation_separates: true,
    };
    /// Heading ids: see [`heading_id`].
    const HEADING: Rules = Rules {
        transliterate: false,
        punctuation_separates: false,
    };
}

/// The words of `text` under `rules`, lowercased and joined by single
/// hyphens, at most `max_len` bytes: the first letter that would not fit
/// (with the hyphen before it) ends the slug, so it never ends with a
/// hyphen. Empty when no letter or digit survives.
fn words(text: &str, rules: Rules, max_len: usize) -> String {
    let mut slug = Slug {
        out: String::with_capacity(text.len().min(max_len)),
        gap: false,
        max_len,
    };
    for c in text.chars() {
        let fits = if c.is_ascii() || !rules.transliterate {
            slug.push(c, rules)
        } else {
            match deunicode::deunicode_char(c) {
                // Its ASCII, under the same rules: `Æ` → `AE`, `能` → `Neng `.
                // An empty one (a combining accent) adds nothing, so
                // `e\u{301}` is one word like `é`.
                Some(ascii) => ascii.chars().all(|a| slug.push(a, rules)),
                // A character deunicode does not know (private use,
                // unassigned): nothing to spell, so a word break.
                None => {
                    slug.gap = true;
                    true
                }
            }
        };
        if !fits {
            break;
        }
    }
    slug.out
}

/// A slug being built by [`words`].
struct Slug {
    out: String,
    /// Whether a word break was seen since the last letter: the next letter
    /// is preceded by a hyphen unless it is the first.
    gap: bool,
    max_len: usize,
}

impl Slug {
    /// Adds `c` under `rules`; `false` when it does not fit, which ends the
    /// slug.
    fn push(&mut self, c: char, rules: Rules) -> bool {
        if c.is_alphanumeric() {
            let hyphen = self.gap && !self.out.is_empty();
            let lower = c.to_lowercase();
            let needed = usize::from(hyphen) + lower.clone().map(char::len_utf8).sum::<usize>();
            if needed > self.max_len.saturating_sub(self.out.len()) {
                return false;
            }
            if hyphen {
                self.out.push('-');
            }
            self.gap = false;
            self.out.extend(lower);
        } else if rules.punctuation_separates || c.is_whitespace() || matches!(c, '-' | '_') {
            self.gap = true;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_id("strategy"));
        assert!(is_id("strategy-2a"));
        assert!(is_id("2025"));
        assert!(!is_id(""));
        assert!(!is_id("-a"));
        assert!(!is_id("Strategy"));
        assert!(!is_id("a_b"));
        assert!(!is_id(&"a".repeat(65)));
        assert!(is_id(&"a".repeat(64)));
    }

    /// Checks `f` against pairs of (text, expected slug).
    fn check(f: fn(&str) -> String, cases: &[(&str, &str)]) {
        for (text, want) in cases {
            assert_eq!(f(text), *want, "{text:?}");
        }
    }

    #[test]
    fn slugs_are_safe() {
        check(
            slugify,
            &[
                ("Food & Beverage", "food-beverage"),
                ("../../x", "x"),
                ("a/b\\c", "a-b-c"),
                ("...", "x"),
                ("a_b.c", "a-b-c"),
            ],
        );
        assert!(slugify(&"ab ".repeat(100)).len() <= MAX_ID_LEN);
    }

    #[test]
    fn other_scripts_are_transliterated() {
        check(
            slugify,
            &[
                ("Énergie", "energie"),
                ("Öl & Gas", "ol-gas"),
                ("能源", "neng-yuan"),
                ("Größe", "grosse"),
                ("Ælfred", "aelfred"),
                ("Москва", "moskva"),
                ("Ålesund Sjømat", "alesund-sjomat"),
                // A decomposed accent is part of its letter, not a word break.
                ("E\u{301}nergie", "energie"),
                // What deunicode cannot spell (private use) is a word break.
                ("a\u{e000}b", "a-b"),
                ("\u{e000}", "x"),
            ],
        );
    }

    #[test]
    fn long_slugs_are_cut_within_the_limit_without_a_trailing_hyphen() {
        // 32 one-letter words take 63 bytes; a hyphen and a 33rd letter
        // would make 65, so the slug stops before them.
        assert_eq!(slugify(&"a ".repeat(40)), ["a"; 32].join("-"));
        assert_eq!(slugify(&"a".repeat(100)), "a".repeat(64));
        // A CJK character gives several letters; the limit still holds.
        assert!(slugify(&"能".repeat(40)).len() <= MAX_ID_LEN);
        let cut = |n| slug_at_most("Smith & Sons Tooling", n);
        assert_eq!(
            [cut(10), cut(9), cut(6)],
            ["smith-sons", "smith-son", "smith"]
        );
        assert_eq!(slug_at_most("!!!", 10), "");
    }

    #[test]
    fn heading_ids_keep_letters_and_drop_punctuation() {
        check(
            heading_id,
            &[
                ("Hello World", "hello-world"),
                ("What's <new> & \"cool\"?", "whats-new-cool"),
                ("a_b  --  c", "a-b-c"),
                ("Ünïcode Straße", "ünïcode-straße"),
                ("What's new in Straße 2?", "whats-new-in-straße-2"),
                ("!!!", ""),
            ],
        );
        assert_eq!(heading_id(&"word ".repeat(30)).len(), 30 * 5 - 1);
    }

    proptest::proptest! {
        #[test]
        fn slugify_always_gives_an_id(s in ".*") {
            let slug = slugify(&s);
            proptest::prop_assert!(is_id(&slug), "{slug:?}");
        }

        #[test]
        fn many_short_words_still_give_an_id(words in proptest::collection::vec("[a-zA-Zé能 ]{1,3}", 0..60)) {
            let slug = slugify(&words.join(" "));
            proptest::prop_assert!(is_id(&slug), "{slug:?}");
        }

        #[test]
        fn ascii_letters_and_digits_are_kept_in_order(s in "[ -~]{0,40}") {
            // Transliteration changes nothing for ASCII: the slug's letters
            // are the text's letters and digits, lowercased.
            let letters: String = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
            let slug = slugify(&s);
            if !letters.is_empty() {
                proptest::prop_assert_eq!(slug.replace('-', ""), letters);
            }
        }
    }
}
