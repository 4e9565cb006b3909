//! A validated site: every input checked, ready to analyse and render.

use std::sync::Arc;

use crate::domain::assessment::Assessment;
use crate::domain::config::SiteConfig;
use crate::domain::model::Model;
use crate::domain::page::Page;
use crate::domain::source::{SourceFile, StaticFile};

/// A validated site: every input checked, ready to score and render.
#[derive(Clone, Debug)]
pub struct Site {
    /// The parsed `site.yaml`.
    pub config: SiteConfig,
    /// The validated model.
    pub model: Model,
    /// Every assessment, published or not, sorted by organisation id, then
    /// period in natural order. Shared, so that `rungs serve` reuses the
    /// unchanged ones from one build to the next without copying them.
    pub assessments: Vec<Arc<Assessment>>,
    /// Content pages (drafts left out), in navigation order.
    pub pages: Vec<Page>,
    /// Template overrides: the theme's, then the site's.
    pub templates: Vec<SourceFile>,
    /// Static files: the theme's, then the site's (a later file wins).
    pub static_files: Vec<StaticFile>,
    /// The interface strings of the site's language.
    pub strings: crate::domain::strings::StringTable,
}
