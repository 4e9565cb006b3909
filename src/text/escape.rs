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

#[cfg(test)]
mod tests {
    use super::*;

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
