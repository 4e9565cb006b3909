//! What is published beside the pages: exports, the search index and the
//! sitemap; and the empty questionnaire of `rungs questionnaire`.

pub mod export;
pub mod limits;
pub mod local;
pub mod questionnaire;
pub mod search;
pub mod sitemap;
