//! Text helpers that depend on nothing else in the crate: slugs, natural
//! order, Markdown, markup escaping, percent-decoding, number formatting,
//! and text made safe for a terminal. Each job has one implementation here.

pub mod escape;
pub mod markdown;
pub mod natural;
pub mod number;
pub mod percent;
pub mod slug;
pub mod terminal;

/// The byte order mark some editors put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

/// `source` without one leading byte order mark (U+FEFF), which editors
/// on Windows often write and never show. Every reader of YAML and front
/// matter takes it off first, so that the first key is a key and the
/// columns of line 1 are the ones the author sees.
pub fn without_bom(source: &str) -> &str {
    source.strip_prefix(BOM).unwrap_or(source)
}

/// Whether `tag` has the shape of a BCP 47 language tag: a primary
/// language subtag of 2 or 3 letters (ISO 639: BCP 47's longer ones are
/// reserved or unused, and refusing them catches `english` or `value`
/// where a tag was meant), then subtags of 1 to 8 letters or digits,
/// joined by `-` (`en`, `zh-CN`, `zh-Hans`, `de-CH-1996`), at most 35
/// characters. Whether the language exists is not checked.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    tag.len() <= 35
        && (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod language_tag_tests {
    #[test]
    fn language_tags_have_the_bcp_47_shape() {
        for ok in ["en", "zh-CN", "zh-Hans", "de-CH-1996", "fil"] {
            assert!(super::is_language_tag(ok), "{ok}");
        }
        for bad in [
            "", "e", "en_US", "zh-", "-en", "en--x", "1a", "zh CN", "english", "value",
        ] {
            assert!(!super::is_language_tag(bad), "{bad}");
        }
    }
}

/// `template` with each `{name}` of `values` replaced by its value, written
/// onto `out`: how interface strings (`i18n/<language>.yaml`) are filled in
/// outside templates. A placeholder without a value is left as written;
/// each value is inserted as it is, never searched for placeholders again.
pub fn fill_into(out: &mut String, template: &str, values: &[(&str, &str)]) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match found {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// [`fill_into`] a new string.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    fill_into(&mut out, template, values);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        assert_eq!(
            fill("{n} of {total}, {n}", &[("n", "3"), ("total", "9")]),
            "3 of 9, 3"
        );
        assert_eq!(fill("{a} {b} {", &[("a", "{b}")]), "{b} {b} {");
        assert_eq!(fill("第 {n} 页", &[("n", "2")]), "第 2 页");
        assert_eq!(fill("", &[]), "");
    }
}

/// The `s` an English count takes after its noun (`1 file`, `2 files`):
/// for messages, which are in English.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
