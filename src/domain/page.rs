//! A content page of `content/pages`, as [`crate::input::pages`] reads it.

use serde::Serialize;

/// A content page.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// The file it came from, relative to the site.
    pub file: String,
    /// Its URL path below the site root without slashes around it, such as
    /// `methodology` or `guides/setup`.
    pub path: String,
    /// Title (required).
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Position in the navigation (lower first; pages without come last).
    pub order: Option<i64>,
    /// The Markdown body.
    pub body: String,
}

/// URL paths that the site's own pages use; a content page may not take them.
pub const RESERVED: &[&str] = &[
    "model",
    "organizations",
    "benchmarks",
    "search",
    "data",
    "index",
    "404",
    "static",
];
