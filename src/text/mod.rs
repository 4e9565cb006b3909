//! Text helpers that depend on nothing else in the crate: slugs, natural
//! order, Markdown, and text made safe for a terminal.

pub mod escape;
pub mod markdown;
pub mod natural;
pub mod number;
pub mod slug;
pub mod terminal;
