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
