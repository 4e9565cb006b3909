//! Writing the output folder: the only stage that writes files.
//!
//! A build writes into a fresh staging folder beside the output and swaps
//! it in only when everything succeeded, so a failed or interrupted build
//! leaves the previous output exactly as it was. Writing into a fresh folder
//! and renaming is also much faster than deleting and rewriting many files
//! on ext4, where creating many files right after deleting many is slow.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::output::{Sink, check_output_path};

/// An output folder being written.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

const STAGING_TAG: &str = ".rungs-staging-";
const OLD_TAG: &str = ".rungs-old-";

/// Checks that `output` is a safe place to replace: not the site folder,
/// not a folder that contains it, not one of its input folders (`inputs`,
/// relative to the site), not inside a `.git` folder, and not another site
/// or repository.
pub fn check_target(output: &Path, site_root: &Path, inputs: &[&str]) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
        };
        normalize(&p)
    };
    let out = absolute(output);
    let root = absolute(site_root);
    if root.starts_with(&out) {
        return Err(Diagnostic::in_file(
            &shown,
            "the output folder is the site folder or contains it",
        )
        .with_help("choose an output folder inside or beside the site, such as `public`"));
    }
    for input in inputs {
        let input_dir = normalize(&root.join(input));
        if out.starts_with(&input_dir) || input_dir.starts_with(&out) {
            return Err(Diagnostic::in_file(
                &shown,
                format!("the output folder overlaps the site's input `{input}`"),
            )
            .with_help("choose an output folder apart from the site's inputs, such as `public`"));
        }
    }
    if out.components().any(|c| c.as_os_str() == ".git") {
        return Err(
            Diagnostic::in_file(&shown, "the output folder is inside a `.git` folder").with_help(
                "choose an output folder outside the repository's internals, such as `public`",
            ),
        );
    }
    if out.is_file() {
        return Err(
            Diagnostic::in_file(&shown, "the output path is a file, not a folder")
                .with_help("choose another output folder"),
        );
    }
    if out.join(crate::config::CONFIG_FILE).exists() || out.join(".git").exists() {
        return Err(Diagnostic::in_file(
            &shown,
            "the output folder holds a site or a repository, which a build would replace",
        )
        .with_help("choose an empty folder or the output of an earlier build"));
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl Staging {
    /// Starts writing a new version of `target`.
    pub fn begin(target: &Path) -> Result<Self, Diagnostic> {
        let shown = target.display().to_string();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Diagnostic::in_file(&shown, "the output path has no folder name")
                    .with_help("choose a folder such as `public`")
            })?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
        remove_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .map_err(|e| io_error(&staging, "cannot clear an old staging folder", &e))?;
        }
        fs::create_dir(&staging)
            .map_err(|e| io_error(&staging, "cannot create the staging folder", &e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
            done: false,
        })
    }

    /// Swaps the finished folder in for the old output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let old = self.target.with_file_name(format!(
            ".{}{OLD_TAG}{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)
                .map_err(|e| io_error(&self.target, "cannot move the previous output aside", &e))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the previous output back so the user keeps a working site.
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(io_error(
                &self.target,
                "cannot move the new output into place",
                &e,
            ));
        }
        self.done = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Staging {
    /// Where `path` goes in the staging folder, with its folder created.
    fn prepare(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        check_output_path(path)?;
        let full = self.staging.join(path);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "cannot create the folder", &e))?;
        }
        Ok(full)
    }
}

impl Drop for Staging {
    /// An abandoned build leaves no trace.
    fn drop(&mut self) {
        if !self.done {
            remove_tree(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let full = self.prepare(path)?;
        fs::write(&full, bytes)
            .map_err(|e| io_error(&self.target.join(path), "cannot write the file", &e))
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        use std::io::Write as _;
        let full = self.prepare(path)?;
        let shown = self.target.join(path);
        let file =
            fs::File::create(&full).map_err(|e| io_error(&shown, "cannot write the file", &e))?;
        let mut out = Counted {
            inner: std::io::BufWriter::with_capacity(1 << 20, file),
            bytes: 0,
        };
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| io_error(&shown, "cannot write the file", &e))?;
        Ok(out.bytes)
    }
}

/// A writer that counts the bytes passing through.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Deletes a folder and everything in it, its subfolders on every core:
/// a large site has tens of thousands of files, and unlinking them one
/// after the other would take as long as writing them. Best effort: what
/// cannot be deleted now is cleared as a leftover by the next build.
fn remove_tree(dir: &Path) {
    // Two levels down (such as `organizations/<org>`) the work splits well.
    let mut parts: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            parts.extend(
                fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        } else {
            parts.push(path);
        }
    }
    parts.par_iter().for_each(|p| {
        // Symbolic links are never followed: `remove_dir_all` removes the
        // link itself, and `symlink_metadata` does not follow it.
        match fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => {
                let _ = fs::remove_dir_all(p);
            }
            Ok(_) => {
                let _ = fs::remove_file(p);
            }
            Err(_) => {}
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// Deletes staging and old folders that a killed build left behind. A build
/// killed between moving the previous output aside and moving the new one
/// in leaves no output folder but an old one: that is put back first, so
/// the site is never lost.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let ours = |file_name: &str, tag: &str| {
        file_name
            .strip_prefix(&format!(".{name}{tag}"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut staging = Vec::new();
    let mut old = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if ours(&file_name, STAGING_TAG) {
            staging.push(entry.path());
        } else if ours(&file_name, OLD_TAG) {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            old.push((modified, entry.path()));
        }
    }
    let target = parent.join(name);
    if !target.exists() {
        // The most recently moved aside is the last output that was live.
        old.sort();
        if let Some((_, newest)) = old.pop() {
            let _ = fs::rename(&newest, &target);
        }
    }
    for path in staging.into_iter().chain(old.into_iter().map(|(_, p)| p)) {
        remove_tree(&path);
    }
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::in_file(path.display().to_string(), format!("{what}: {e}"))
        .with_help("check that the folder exists, is writable and the disk is not full")
}

/// Writes a new site into `dir`, which must not exist or be empty, so that
/// `rungs init` never overwrites anything.
pub fn new_site(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    if dir.is_file() {
        return Err(Diagnostic::in_file(&shown, "this is a file, not a folder")
            .with_help("choose a new folder name"));
    }
    if dir.is_dir() {
        let mut entries =
            fs::read_dir(dir).map_err(|e| io_error(dir, "cannot read the folder", &e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::in_file(&shown, "the folder is not empty")
                .with_help("rungs init never overwrites files: choose a new or empty folder"));
        }
    }
    for (path, bytes) in files {
        check_output_path(path)?;
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "cannot create the folder", &e))?;
        }
        fs::write(&full, bytes).map_err(|e| io_error(&full, "cannot write the file", &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_on_commit_and_keeps_the_old_output_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();

        let s = Staging::begin(&out).unwrap();
        s.put("a/index.html", b"new").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging folder removed"
        );

        let s = Staging::begin(&out).unwrap();
        s.put("a/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "old folder removed"
        );
    }

    #[test]
    fn removing_a_tree_deletes_everything_but_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "keep").unwrap();
        let tree = dir.path().join("old");
        for sub in ["organizations/a/2024", "organizations/b", "model"] {
            fs::create_dir_all(tree.join(sub)).unwrap();
            fs::write(tree.join(sub).join("index.html"), "x").unwrap();
        }
        fs::write(tree.join("index.html"), "x").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, tree.join("organizations/link")).unwrap();
            std::os::unix::fs::symlink(&outside, tree.join("top-link")).unwrap();
        }
        remove_tree(&tree);
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn streamed_files_are_written_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let s = Staging::begin(&out).unwrap();
        let n = s
            .put_streamed("data/big.json", &mut |w| {
                for _ in 0..1000 {
                    w.write_all(b"0123456789")?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 10_000);
        assert!(s.put_streamed("../x", &mut |_| Ok(())).is_err());
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("data/big.json")).unwrap().len(), 10_000);
    }

    #[test]
    fn an_output_moved_aside_by_a_killed_build_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let aside = dir.path().join(format!(".out{OLD_TAG}4242"));
        fs::create_dir(&aside).unwrap();
        fs::write(aside.join("index.html"), "the live site").unwrap();
        let stale = dir.path().join(format!(".out{STAGING_TAG}4242"));
        fs::create_dir(&stale).unwrap();
        drop(Staging::begin(&out).unwrap());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "the live site"
        );
        assert!(!aside.exists() && !stale.exists());
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(".public.rungs-staging-999999");
        fs::create_dir(&left).unwrap();
        let s = Staging::begin(&dir.path().join("public")).unwrap();
        assert!(!left.exists());
        drop(s);
    }

    #[test]
    fn new_sites_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![("a/b.txt".to_owned(), b"x".to_vec())];
        new_site(&dir.path().join("new"), &files).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("new/a/b.txt")).unwrap(),
            "x"
        );
        let e = new_site(&dir.path().join("new"), &files).unwrap_err();
        assert_eq!(e.message, "the folder is not empty");
        new_site(&dir.path().join("empty"), &[]).unwrap();
    }

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let inputs = [
            "content/assessments",
            "content/pages",
            "content",
            "templates",
            "themes",
            "static",
            "data/in",
        ];
        assert!(check_target(&site, &site, &inputs).is_err());
        assert!(check_target(dir.path(), &site, &inputs).is_err());
        assert!(check_target(&site.join("content/out"), &site, &inputs).is_err());
        assert!(
            check_target(&site.join("data/in"), &site, &inputs).is_err(),
            "a configured input folder"
        );
        assert!(
            check_target(&site.join("data"), &site, &inputs).is_err(),
            "a folder holding an input"
        );
        assert!(check_target(&site.join(".git"), &site, &inputs).is_err());
        assert!(check_target(&site.join(".git/x"), &site, &inputs).is_err());
        assert!(check_target(&site.join("public"), &site, &inputs).is_ok());
        let other = dir.path().join("other-site");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("site.yaml"), "").unwrap();
        assert!(check_target(&other, &site, &inputs).is_err());
    }
}
