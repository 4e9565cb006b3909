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
