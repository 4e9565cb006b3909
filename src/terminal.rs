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
//! This module depends on nothing else in the crate, so that every part
//! of it (and its tests) can use it.

use std::borrow::Cow;

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
        assert_eq!(safe("\x1b[2J\x07\0\r\n\t"), "\\u{1b}[2J\\u{7}\\u{0}\\u{d}\\u{a}\\u{9}");
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
        assert_eq!(shown.chars().count() + 1, total, "漢 is one char, two columns");
    }
}
