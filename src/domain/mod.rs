//! The types every stage shares, and the defaults embedded in the binary.
//!
//! Types only: reading them from text is [`crate::input`]'s work, and what
//! they mean for scores is [`crate::analysis`]'s.

pub mod assessment;
pub mod builtin;
pub mod config;
pub mod fingerprint;
pub mod model;
pub mod output;
pub mod page;
pub mod progress;
pub mod reference;
pub mod site;
pub mod source;
pub mod strings;

/// The tolerance of every comparison with a threshold (scoring.md §3),
/// defined beside the number formatting that rounds with it.
pub use crate::text::number::EPSILON;
