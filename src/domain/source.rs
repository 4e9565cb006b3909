//! The site's files as read into memory by [`crate::io::load`], before
//! anything is parsed: every later stage works on these, never on the disk.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::domain::config::SiteConfig;

/// A text file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site folder, with `/` separators.
    pub path: String,
    /// Path relative to the folder it was found in (for pages and templates).
    pub relative: String,
    /// The text; shared, so that `rungs serve` can keep the texts of
    /// unchanged files between rebuilds (see [`crate::io::load::ReadMemo`]). An
    /// `Arc<String>` rather than an `Arc<str>`, which would copy every
    /// text once more after reading it.
    pub text: Arc<String>,
}

/// A file copied as it is into the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticFile {
    /// Where it was read, relative to the site.
    pub source: String,
    /// Path in the output, relative, with `/` separators.
    pub output: String,
    /// The bytes, copied into the output as they are.
    pub bytes: Vec<u8>,
}

/// A table of assessments, as bytes: a CSV file or a workbook, read by
/// [`crate::input::table`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableFile {
    /// Path relative to the site folder, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Everything a build reads.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The site folder.
    pub root: PathBuf,
    /// The parsed `site.yaml`.
    pub config: SiteConfig,
    /// The model file, if it could be read.
    pub model: Option<SourceFile>,
    /// Assessment files, sorted by path.
    pub assessments: Vec<SourceFile>,
    /// The reference benchmark that `benchmark.reference` names, if it
    /// names one and it could be read.
    pub reference: Option<SourceFile>,
    /// Tables of assessments (`.csv`, `.xlsx`, `.ods`), sorted by path.
    pub assessment_tables: Vec<TableFile>,
    /// Page files, sorted by path.
    pub pages: Vec<SourceFile>,
    /// Template overrides: the theme's first, then the site's, each sorted by path.
    pub templates: Vec<SourceFile>,
    /// Static files: the theme's `static/`, then the site's `static/` (a later file wins).
    pub static_files: Vec<StaticFile>,
    /// The site's string tables (`i18n/<language>.yaml`), for each of its
    /// languages that has one.
    pub strings: Vec<SourceFile>,
    /// Files that could not be read. Reported together with every
    /// validation problem, so one unreadable file hides nothing else.
    pub problems: Vec<Diagnostic>,
}
