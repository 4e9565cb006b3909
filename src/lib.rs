//! rungs: a static-site generator for maturity assessments.
//!
//! A build is a pipeline of stages, each a module with plain data in and
//! out: [`config`] and [`load`] read the site, [`validate`] checks it into a
//! [`validate::Site`], [`score`] scores every assessment, [`render`] lays
//! out pages and [`export`]s, and [`write`](mod@write) swaps the finished output into
//! place. Only `load` reads files and only `write` writes them; every stage
//! in between is pure. [`build`] runs the pipeline; [`cli`] is the command
//! line.

pub mod assessment;
pub mod benchmark;
pub mod build;
pub mod builtin;
pub mod charts;
pub mod cli;
pub mod config;
pub mod diag;
pub mod export;
pub mod file_kind;
pub mod fingerprint;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod natural;
pub mod output;
pub mod pages;
pub mod privacy;
pub mod progress;
pub mod render;
pub mod report;
pub mod roadmap;
pub mod sample;
pub mod score;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod slug;
pub mod stats;
pub mod terminal;
#[cfg(test)]
mod testing;
pub mod validate;
pub mod write;
pub mod yaml;
