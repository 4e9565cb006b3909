//! The output: where rendered files go, and which names in it are rungs'.
//!
//! Rendering hands each finished file to a [`Sink`] instead of collecting
//! the whole site in memory: the build streams pages to disk through
//! [`crate::io::write`], `rungs serve` and tests collect them in a
//! [`MemorySink`]. The rules on output names live here, beside the trait,
//! so that the readers of `site.yaml` and of static files apply the same
//! rules as the writer without depending on it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostic;

/// Receives the files of a build. Pages are rendered and stored on every
/// core at once, so a sink is shared between threads.
pub trait Sink: Sync {
    /// Stores `bytes` at `path` (relative to the output root, `/`-separated,
    /// never absolute and never containing `..`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Stores bytes that the caller keeps too (the pages that `rungs serve`
    /// remembers between rebuilds): a sink that holds files in memory can
    /// share them instead of copying. By default they are handed to
    /// [`Sink::put`].
    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), Diagnostic> {
        self.put(path, bytes)
    }

    /// Stores the bytes that `write` produces at `path`, and returns their
    /// count. For files too large to hold in memory at once (the open-data
    /// exports of a national benchmark); by default they are collected
    /// and handed to [`Sink::put`].
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| cannot_produce(path, &e))?;
        self.put(path, &bytes)?;
        Ok(bytes.len() as u64)
    }
}

/// The error for a streamed file whose writer failed (writers only fail
/// on the way to the sink, so this is a bug).
pub(crate) fn cannot_produce(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::in_file(path, format!("cannot produce the file: {e}"))
        .with_help("this is a bug in rungs: please report it")
}

/// A writer that only counts the bytes written to it.
#[derive(Debug, Default)]
pub(crate) struct ByteCount(pub u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Keeps every file in memory, sorted by path (for tests and tools that
/// want a build's files without a folder).
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files stored, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_output_path(path)?;
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }
}

/// Refuses output paths that could land outside the output folder.
///
/// Paths are built from validated ids and slugs, so this never fires on
/// valid input; it is the last line of defence, shared by every sink.
pub fn check_output_path(path: &str) -> Result<(), Diagnostic> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        return Err(Diagnostic::in_file(
            path,
            "refusing to write a file outside the output folder",
        )
        .with_help("this is a bug in rungs or in a template override: please report it"));
    }
    Ok(())
}

/// The file that marks a folder as rungs' own: written first into every
/// staging folder and into the previous output just before it is moved
/// aside, removed from the output once it is in place, and deleted last
/// when a folder is deleted, so that a deletion cut short still leaves it
/// marked. A folder at a staging or old name without it is not rungs', and
/// is never moved or deleted. No static file may have this name.
pub const MARKER: &str = ".rungs-temporary";

/// The tag in the name of the staging folder beside the output,
/// `.<name>.rungs-staging-<pid>`.
pub const STAGING_TAG: &str = ".rungs-staging-";

/// The longest output folder name, in bytes: the staging folder beside it,
/// `.<name>.rungs-staging-<pid>`, must fit the 255 bytes that file systems
/// allow a name (a pid has at most 10 digits).
pub const MAX_OUTPUT_NAME_BYTES: usize = 255 - 1 - STAGING_TAG.len() - 10;

/// Why an output folder name cannot be used, if it cannot: it must be a
/// plain name short enough for the staging folder beside it.
pub fn output_name_problem(name: &str) -> Option<String> {
    if name.is_empty() || name == "." || name == ".." {
        return Some(format!("`{name}` is not a folder name"));
    }
    if name.chars().any(char::is_control) {
        return Some("the output folder name contains control characters".to_owned());
    }
    if name.len() > MAX_OUTPUT_NAME_BYTES {
        return Some(format!(
            "the output folder name is {} bytes long; rungs allows at most {MAX_OUTPUT_NAME_BYTES}, \
             so that the hidden staging folder beside it fits the file system's limit",
            name.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_files_land_like_others() {
        let sink = MemorySink::default();
        let n = sink
            .put_streamed("data/x.json", &mut |w| w.write_all(b"{}\n"))
            .unwrap();
        assert_eq!(n, 3);
        assert!(sink.put_streamed("/etc/x", &mut |_| Ok(())).is_err());
        assert_eq!(sink.into_files()["data/x.json"], b"{}\n");
    }

    #[test]
    fn output_paths_stay_inside() {
        assert!(check_output_path("a/b/index.html").is_ok());
        for bad in ["", "/etc/passwd", "a/../../x", "a//b", "./a", "a\\b", "a/"] {
            assert!(check_output_path(bad).is_err(), "{bad}");
        }
    }
}
