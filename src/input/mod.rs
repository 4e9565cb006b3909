//! The site's text read into the domain's types: YAML, the model, the
//! assessments, the pages and `site.yaml`, each checked with every problem
//! reported at once.

pub mod assessment;
pub mod config;
pub mod model;
pub mod pages;
pub mod reference;
pub mod strings;
pub mod table;
pub mod validate;
pub mod yaml;
