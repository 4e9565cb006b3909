//! rungs: a static-site generator for maturity assessments.
//!
//! A build is a pipeline of stages, each a module with plain data in and
//! out: [`config`], [`load`], [`validate`], [`score`], [`render`] and
//! [`write`]. Only `load` reads files and only `write` writes them; every
//! stage in between is pure.

pub mod assessment;
pub mod diag;
pub mod model;
pub mod score;
pub mod slug;
pub mod yaml;
