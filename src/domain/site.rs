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
    /// The site in each of its languages after the first (`languages:`).
    pub translations: Vec<Translation>,
    /// The published benchmark of another site that reports are compared
    /// with (`benchmark.reference`), if any.
    pub reference: Option<Arc<crate::domain::reference::ReferenceBenchmark>>,
    /// What the build should tell the author but does not stop it:
    /// texts and pages missing in a language, strings that fell back.
    pub warnings: Vec<String>,
}

/// What differs in a site's other language: its texts. Scores, cohorts
/// and roadmaps do not depend on the language, so they are computed once.
#[derive(Clone, Debug)]
pub struct Translation {
    /// The language tag, as `languages` writes it.
    pub language: String,
    /// The model read in this language.
    pub model: Model,
    /// The content pages in this language, in navigation order.
    pub pages: Vec<Page>,
    /// The interface strings of this language.
    pub strings: crate::domain::strings::StringTable,
}

impl Site {
    /// Whether this is one firm's own site (`mode: organization`, or by
    /// default assessments of exactly one organisation): its home page is
    /// the firm's latest report with its history, and it has no benchmark
    /// or organisation list pages, since a firm's benchmark of itself says
    /// nothing (docs/single-firm.md).
    pub fn single_organization(&self) -> bool {
        use crate::domain::config::SiteMode;
        match self.config.mode {
            SiteMode::Organization => true,
            SiteMode::Benchmark => false,
            SiteMode::Auto => {
                let mut ids = self.assessments.iter().map(|a| &a.organization.id);
                ids.next().is_some_and(|first| ids.all(|id| id == first))
            }
        }
    }

    /// The site in `translation`'s language: its configuration's texts,
    /// model, pages and strings, with the same assessments. Static files
    /// are left out: they are written once, for every language.
    pub fn translated(&self, translation: &Translation) -> Site {
        Site {
            config: self.config.in_language(&translation.language),
            model: translation.model.clone(),
            assessments: self.assessments.clone(),
            pages: translation.pages.clone(),
            templates: self.templates.clone(),
            static_files: Vec::new(),
            strings: translation.strings.clone(),
            translations: Vec::new(),
            reference: self.reference.clone(),
            warnings: Vec::new(),
        }
    }
}
