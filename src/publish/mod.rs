//! What is published beside the pages: exports, the search index and the
//! sitemap.

pub mod export;
pub mod limits;
pub mod local;
pub mod search;
pub mod sitemap;
