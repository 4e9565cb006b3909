//! Ids and URL slugs.
//!
//! Ids in input files must already be slugs (`[a-z0-9][a-z0-9-]*`, at most
//! 64 characters), so they can be used in URLs and file names as they are.
//! Free text that ends up in a URL goes through [`slugify`].

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
/// single hyphens. Never empty, never more than 64 characters, never `.` or
/// `..`, never containing `/` or `\`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_ID_LEN));
    let mut hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else {
            hyphen = true;
        }
        if out.len() >= MAX_ID_LEN {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// A valid id close to `s`, for "e.g." hints.
pub fn suggest_id(s: &str) -> String {
    slugify(s)
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

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slugify("Food & Beverage"), "food-beverage");
        assert_eq!(slugify("../../x"), "x");
        assert_eq!(slugify("a/b\\c"), "a-b-c");
        assert_eq!(slugify("..."), "x");
        assert_eq!(slugify("Größe"), "gr-e");
        assert!(slugify(&"ab ".repeat(100)).len() <= MAX_ID_LEN);
    }

    proptest::proptest! {
        #[test]
        fn slugify_always_gives_an_id(s in ".*") {
            let slug = slugify(&s);
            proptest::prop_assert!(is_id(&slug), "{slug:?}");
        }
    }
}
