//! Percent-decoding (`%C3%A9` → `é`) of URL paths and fragments: one
//! decoder, strict for what `rungs serve` is asked for and lenient for the
//! links a built site holds.

use std::borrow::Cow;

/// `s` with its `%XX` escapes decoded, or `None` if a `%` is not followed
/// by two hex digits or the decoded bytes are not UTF-8. For request paths,
/// where a path that cannot be read one way only is refused rather than
/// guessed at.
pub fn decode_strict(s: &str) -> Option<String> {
    String::from_utf8(decode_bytes(s, true)?).ok()
}

/// `s` with its `%XX` escapes decoded, a `%` not followed by two hex digits
/// kept as it is and bytes that are not UTF-8 replaced by U+FFFD, as a
/// browser reads a link it is given. For checking links, which must resolve
/// to what a browser would ask for, whatever they hold. Text without `%` is
/// borrowed.
pub fn decode_lenient(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    // Lenient decoding keeps every bad escape, so it always has bytes.
    let bytes = decode_bytes(s, false).unwrap_or_else(|| s.as_bytes().to_vec());
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// The bytes `s` spells with its `%XX` escapes decoded. A `%` not followed
/// by two hex digits gives `None` when `strict`, else stays a `%`.
fn decode_bytes(s: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digit = |at: usize| bytes.get(at).copied().and_then(hex_digit);
            match (digit(i + 1), digit(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                    continue;
                }
                _ if strict => return None,
                _ => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

/// The value of one hex digit. Digits only: `u8::from_str_radix`, which
/// the decoders this replaces used, also takes a sign, so `%+1` was a byte.
fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_decodes_or_refuses() {
        assert_eq!(decode_strict("a%20b/%C3%A9").as_deref(), Some("a b/é"));
        assert_eq!(decode_strict("%e2%82%ac").as_deref(), Some("€"));
        assert_eq!(decode_strict("plain/path").as_deref(), Some("plain/path"));
        assert_eq!(decode_strict("%zz"), None, "not hex");
        assert_eq!(decode_strict("%+1"), None, "a sign is not a hex digit");
        assert_eq!(decode_strict("a%2"), None, "cut short");
        assert_eq!(decode_strict("a%"), None, "cut short");
        assert_eq!(decode_strict("%c3"), None, "half a character");
        assert_eq!(decode_strict("%ff"), None, "never UTF-8");
    }

    #[test]
    fn lenient_keeps_what_it_cannot_decode() {
        assert_eq!(decode_lenient("a%20b/%C3%A9"), "a b/é");
        assert!(matches!(decode_lenient("a b"), Cow::Borrowed("a b")));
        assert_eq!(decode_lenient("100%"), "100%");
        assert_eq!(decode_lenient("%zz%41"), "%zzA");
        assert_eq!(decode_lenient("%+1"), "%+1");
        assert_eq!(decode_lenient("%é"), "%é");
        assert_eq!(decode_lenient("x%c3"), "x\u{fffd}");
    }

    proptest::proptest! {
        #[test]
        fn both_agree_where_strict_decodes(s in "([a-z/é]|%[0-9a-fA-F]{2}|%)*") {
            if let Some(strict) = decode_strict(&s) {
                proptest::prop_assert_eq!(decode_lenient(&s), strict);
            }
        }

        #[test]
        fn decoding_an_encoded_string_gives_it_back(s in "\\PC*") {
            let encoded: String = s.bytes().map(|b| format!("%{b:02X}")).collect();
            let strict = decode_strict(&encoded);
            proptest::prop_assert_eq!(strict.as_deref(), Some(s.as_str()));
            proptest::prop_assert_eq!(decode_lenient(&encoded), s.as_str());
        }
    }
}
