//! Text from the input made safe to print on a terminal.
//!
//! Assessment authors, model authors and whoever names a file can put any
//! character into text that rungs echoes: in a diagnostic's message, its
//! file path, key path, help or source line, in the summary line, in
//! warnings. Printed raw, an ESC starts a terminal escape sequence (clear
//! the screen, retitle the window, rewrite earlier lines, on some
//! terminals worse), a carriage return or newline forges output lines, and
//! a Unicode bidi control makes a line read differently from its bytes.
//! [`safe`] is the one place that turns such characters into visible
//! `\u{1b}` escapes; every line rungs prints from input goes through it.
//!
//! JSON for `--format json` goes through [`json`], which writes the same
//! characters as `\u` escapes instead: the document means the same to a
//! parser, and is harmless when it lands on a terminal.
//!
//! This module depends on nothing else in the crate, so that every part
//! of it (and its tests) can use it.

use std::borrow::Cow;
use std::io;

use unicode_width::UnicodeWidthChar;

/// Whether `c` is shown escaped: every control character (C0 `U+0000` to
/// `U+001F`, DEL `U+007F`, C1 `U+0080` to `U+009F`), the Unicode bidi
/// controls (`U+061C`, `U+200E`, `U+200F`, `U+202A` to `U+202E`, `U+2066`
/// to `U+2069`) and the Unicode line and paragraph separators (`U+2028`,
/// `U+2029`), which some terminals and viewers break lines at.
pub fn needs_escape(c: char) -> bool {
    // `is_control` is the general category Cc: exactly C0, DEL and C1.
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every character of [`needs_escape`] written as its Rust
/// escape (`\u{1b}`, `\u{202e}`); other text, including CJK, accents and
/// emoji, is left as it is. Text that needs no escape (almost all) is
/// returned borrowed, without allocating.
pub fn safe(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(needs_escape) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c` to `out` as [`safe`] shows it.
pub fn push_safe(out: &mut String, c: char) {
    if needs_escape(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// The columns `c` takes on a terminal once shown as [`safe`] shows it:
/// the length of its escape for an escaped character, 2 for wide (CJK)
/// characters, 0 for combining marks and other zero-width characters, 1
/// for the rest.
pub fn width(c: char) -> usize {
    if needs_escape(c) {
        c.escape_unicode().len()
    } else {
        c.width().unwrap_or(0)
    }
}

/// `value` as one line of JSON, in which every character of
/// [`needs_escape`] is a `\uXXXX` escape. serde_json escapes C0 itself but
/// writes DEL, C1 and bidi controls as they are; parsed, the document is
/// the same as serde_json's.
pub fn json(value: &impl serde::Serialize) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, SafeJson);
    // Serialising a `serde_json::Value` or a derived type into memory
    // cannot fail; should another type fail, print `null` rather than half
    // a document.
    if value.serialize(&mut serializer).is_err() {
        return "null".to_owned();
    }
    // serde_json writes UTF-8 and every escape is ASCII.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// serde_json's compact output, with [`needs_escape`] characters escaped.
struct SafeJson;

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let tail = &rest[at..];
            let Some(c) = tail.chars().next() else { break };
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &tail[c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in [
            "",
            "plain ASCII: `key` = {a: [1, 2]} \\ / ~",
            "Größe, café, naïve",
            "漢字とかな、한국어",
            "emoji 🦀 and symbols → … ±",
            "a backslash \\u{1b} written out",
        ] {
            assert!(
                matches!(safe(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_control_character_is_escaped() {
        let controls = (0u32..0x20).chain(0x7f..0xa0);
        for n in controls {
            let c = char::from_u32(n).unwrap();
            let shown = safe(&format!("a{c}b")).into_owned();
            assert_eq!(shown, format!("a\\u{{{n:x}}}b"));
            assert!(shown.bytes().all(|b| (0x20..0x7f).contains(&b)), "{n:#x}");
        }
        assert_eq!(
            safe("\x1b[2J\x07\0\r\n\t"),
            "\\u{1b}[2J\\u{7}\\u{0}\\u{d}\\u{a}\\u{9}"
        );
    }

    #[test]
    fn bidi_controls_and_separators_are_escaped() {
        let bidi = [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{2028}', '\u{2029}',
        ];
        for c in bidi {
            let shown = safe(&format!("x{c}y")).into_owned();
            assert_eq!(shown, format!("x\\u{{{:x}}}y", u32::from(c)));
        }
        // Neighbours of the ranges stay.
        for c in ['\u{061B}', '\u{200D}', '\u{202F}', '\u{2065}', '\u{206A}'] {
            assert!(!needs_escape(c), "{c:?}");
        }
    }

    #[test]
    fn escapes_keep_the_text_around_them() {
        assert_eq!(safe("漢\x1b字"), "漢\\u{1b}字");
        assert_eq!(safe("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(safe("end\x07"), "end\\u{7}");
    }

    #[test]
    fn widths_are_terminal_columns() {
        assert_eq!(width('a'), 1);
        assert_eq!(width('漢'), 2);
        assert_eq!(width('\u{301}'), 0, "a combining accent");
        assert_eq!(width('\x1b'), "\\u{1b}".len());
        assert_eq!(width('\u{202e}'), "\\u{202e}".len());
        let text = "a漢\x1b\u{202e}é";
        let shown = safe(text);
        let total: usize = text.chars().map(width).sum();
        assert_eq!(total, 1 + 2 + 6 + 8 + 1);
        assert_eq!(
            shown.chars().count() + 1,
            total,
            "漢 is one char, two columns"
        );
    }

    #[test]
    fn json_escapes_what_the_terminal_must_not_see_and_means_the_same() {
        let evil = "a\x1b[2J\x07\0\r\n\u{7f}\u{9b}\u{202e}\u{2066}漢字🦀\\\"";
        let value = serde_json::json!({"name": evil, evil: [evil, 1]});
        let text = json(&value);
        assert!(
            text.bytes().all(|b| (0x20..0x7f).contains(&b) || b >= 0x80),
            "{text}"
        );
        assert!(!text.chars().any(needs_escape), "{text}");
        assert!(text.contains("\\u202e") && text.contains("\\u007f") && text.contains("漢字🦀"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(json(&serde_json::json!({"ok": true})), "{\"ok\":true}");
    }
}
