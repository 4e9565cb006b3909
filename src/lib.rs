//! rungs: a static-site generator for maturity assessments.
//!
//! The folders are the pipeline's layers, each depending only on those
//! below it (`tests/architecture.rs` keeps it so):
//!
//! - [`text`] and [`diag`]: text helpers and diagnostics, depending on
//!   nothing else in the crate; [`charts`] draws SVG on top of `text` alone;
//! - [`domain`]: the types every stage shares, and the embedded defaults;
//! - [`io`]: the only layer that touches the file system;
//! - [`input`]: YAML and Markdown read into the domain's types, and checked;
//! - [`analysis`]: scores, benchmarks, privacy and roadmaps;
//! - [`render`], [`publish`] and [`verify`]: pages, exports and feeds, and
//!   the link check over them;
//! - [`sample`]: generated sites for tests, benchmarks and `rungs init`;
//! - [`pipeline`]: the one driver, load → read → analyse → render →
//!   publish → verify → commit;
//! - [`app`]: the command line, `rungs init` and `rungs serve`.

// A panic on anything a user controls is a crash, not a message: the
// library never unwraps (tests may, see clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod analysis;
pub mod app;
pub mod charts;
pub mod diag;
pub mod domain;
pub mod input;
pub mod io;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod sample;
#[cfg(test)]
mod testing;
pub mod text;
pub mod verify;
