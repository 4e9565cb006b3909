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
