//! Progress of a build, reported stage by stage.
//!
//! The pipeline calls a [`Progress`] as it goes; the command line shows it
//! as progress bars on a terminal, tests and quiet runs pass [`Silent`].

/// A stage of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading the site's files.
    Load,
    /// Checking the model and assessments.
    Validate,
    /// Scoring assessments.
    Score,
    /// Rendering and writing pages.
    Render,
}

impl Stage {
    /// A short verb for progress lines.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "loading",
            Stage::Validate => "validating",
            Stage::Score => "scoring",
            Stage::Render => "rendering",
        }
    }
}

/// Receives progress. Implementations must be cheap: `advance` is called
/// once per assessment or page.
pub trait Progress: Sync {
    /// A stage starts; `total` items when known.
    fn start(&self, stage: Stage, total: Option<u64>);
    /// `n` more items of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is done.
    fn finish(&self);
}

/// Reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: Stage, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}
