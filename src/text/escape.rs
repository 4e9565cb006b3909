//! Escaping for markup: one escaper for HTML and XML text and attribute
//! values, used by charts, the sitemap and `rungs serve`'s own pages
//! (templates escape through Tera).

use std::borrow::Cow;

/// `s` with `&`, `<`, `>`, `"` and `'` written as entities (`&apos;` is
/// valid in XML and HTML5 alike), so that it stays text in an element and
/// inside a quoted attribute value. Text without them is borrowed.
pub fn markup(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` as the inside of a double-quoted CSS string that is also safe as
/// the text of an HTML `<style>` element: every character but an ASCII
/// letter, digit or space is written as a CSS hex escape (`\\26 ` for `&`),
/// so no quote, backslash, `<` or line break can end the string or the
/// element, and HTML escaping leaves the result as it is. Used for the
/// running page header of a printed report (`@page` margin boxes take
/// their text only from CSS).
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else if !c.is_control() {
            // The space ends the escape, so a following hex digit is text.
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_string_escapes_everything_that_could_end_a_string_or_a_style() {
        assert_eq!(css_string("Smith & Sons 2"), "Smith \\26  Sons 2");
        assert_eq!(css_string("a\"</style>"), "a\\22 \\3c \\2f style\\3e ");
        assert_eq!(css_string("東方\n"), "\\6771 \\65b9 ");
        assert_eq!(css_string("a\\b"), "a\\5c b");
    }

    #[test]
    fn markup_characters_become_entities_and_the_rest_is_borrowed() {
        assert_eq!(
            markup(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(markup("Öl & Gas"), Cow::Owned(_)));
        assert!(matches!(markup("能源 plain"), Cow::Borrowed("能源 plain")));
        assert_eq!(markup("]]> <!-- -->"), "]]&gt; &lt;!-- --&gt;");
    }
}
