//! Helpers shared by the unit tests of several modules.

use std::path::Path;

/// Writes `text` to `rel` under `root`, creating folders.
pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the folder");
    }
    std::fs::write(path, text).expect("write the file");
}
