//! Writing the output folder: the only stage that writes files.
//!
//! A build writes into a fresh staging folder beside the output and swaps
//! it in only when everything succeeded, so a failed or interrupted build
//! leaves the previous output exactly as it was. Writing into a fresh folder
//! and renaming is also much faster than deleting and rewriting many files
//! on ext4, where creating many files right after deleting many is slow.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::domain::output::{MARKER, STAGING_TAG, Sink, check_output_path, output_name_problem};

/// An output folder being written.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

const OLD_TAG: &str = ".rungs-old-";

const MARKER_TEXT: &[u8] = b"rungs made this folder for a build; the next build deletes it.\n";

/// Where the output path was chosen, so that a problem with the path is
/// reported where the user must change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// `-o` on the command line: problems name the path.
    OnCommandLine,
    /// `output` in site.yaml (or its default): problems name site.yaml.
    InConfig,
}

/// Checks that `output` is a safe place to replace: not the site folder,
/// not a folder that contains it, not one of its input folders (`inputs`,
/// relative to the site), not inside a `.git` folder (all of this both as
/// written and with symbolic links resolved), not another site or
/// repository, and not a symbolic link, file, pipe, device or socket; and
/// that nothing but rungs' own folders lies at the names of its staging and
/// old folders beside it. Problems with the path itself are reported
/// against site.yaml when the path was `chosen` there.
pub fn check_target(
    output: &Path,
    site_root: &Path,
    inputs: &[&str],
    chosen: Chosen,
) -> Result<(), Diagnostic> {
    check_folder(output, site_root, inputs, chosen, &OUTPUT)
}

/// [`check_target`] for the folder of private reports (`dir`): the same
/// rules, and neither inside the public `output`, nor it, nor holding it,
/// so that no private report is ever published with the site.
pub fn check_private_target(
    dir: &Path,
    output: &Path,
    site_root: &Path,
    inputs: &[&str],
    chosen: Chosen,
) -> Result<(), Diagnostic> {
    check_folder(dir, site_root, inputs, chosen, &PRIVATE)?;
    let (a, b) = (absolute(&plain(dir)), absolute(&plain(output)));
    for (mine, out, through) in [
        (normalize(&a), normalize(&b), ""),
        (resolve(&a), resolve(&b), " (through a symbolic link)"),
    ] {
        if mine.starts_with(&out) || out.starts_with(&mine) {
            let message = format!(
                "the private reports folder overlaps the public output `{}`{through}",
                plain(output).display()
            );
            let help =
                "write private reports apart from the published site, such as `../private-reports`";
            return Err(match chosen {
                Chosen::OnCommandLine => {
                    Diagnostic::in_file(plain(dir).display().to_string(), message)
                }
                Chosen::InConfig => {
                    Diagnostic::in_file(crate::domain::config::CONFIG_FILE, message)
                        .with_key_path(PRIVATE.key)
                }
            }
            .with_help(help));
        }
    }
    Ok(())
}

/// How the messages about a folder rungs writes name it.
struct Folder {
    /// Its key in site.yaml.
    key: &'static str,
    /// What it is, as a sentence begins with it.
    noun: &'static str,
}

const OUTPUT: Folder = Folder {
    key: "output",
    noun: "the output folder",
};

const PRIVATE: Folder = Folder {
    key: "private_reports",
    noun: "the private reports folder",
};

fn check_folder(
    output: &Path,
    site_root: &Path,
    inputs: &[&str],
    chosen: Chosen,
    what: &Folder,
) -> Result<(), Diagnostic> {
    let noun = what.noun;
    let output = &plain(output);
    let shown = output.display().to_string();
    let place = |message: String, help: &str| match chosen {
        Chosen::OnCommandLine => Diagnostic::in_file(&shown, message).with_help(help),
        Chosen::InConfig => Diagnostic::in_file(
            crate::domain::config::CONFIG_FILE,
            format!("{message}: `{shown}`"),
        )
        .with_key_path(what.key)
        .with_help(help),
    };
    let name = match output.components().next_back() {
        Some(std::path::Component::Normal(name)) => name.to_string_lossy().into_owned(),
        _ => {
            return Err(place(
                "the output path does not end in a folder name".to_owned(),
                "name the folder itself, such as `public` or `../site-build`",
            ));
        }
    };
    if let Some(problem) = output_name_problem(&name) {
        return Err(place(
            problem,
            "choose a short plain name, such as `public`",
        ));
    }
    check_found(output)?;
    let out = absolute(output);
    let root = absolute(site_root);
    let lexical = (normalize(&out), normalize(&root));
    let resolved = (resolve(&out), resolve(&root));
    for (out, root, through) in [
        (&lexical.0, &lexical.1, ""),
        (&resolved.0, &resolved.1, " (through a symbolic link)"),
    ] {
        if root.starts_with(out) {
            return Err(place(
                format!("{noun} is the site folder or contains it{through}"),
                "choose an output folder inside or beside the site, such as `public`",
            ));
        }
        for input in inputs {
            let input_dir = if through.is_empty() {
                normalize(&root.join(input))
            } else {
                resolve(&absolute(site_root).join(input))
            };
            if out.starts_with(&input_dir) || input_dir.starts_with(out) {
                return Err(place(
                    format!("{noun} overlaps the site's input `{input}`{through}"),
                    "choose an output folder apart from the site's inputs, such as `public`",
                ));
            }
        }
        if out.components().any(|c| c.as_os_str() == ".git") {
            return Err(place(
                format!("{noun} is inside a `.git` folder{through}"),
                "choose an output folder outside the repository's internals, such as `public`",
            ));
        }
    }
    if let Some(ancestor) = out.ancestors().skip(1).find(|a| fs::metadata(a).is_ok())
        && !ancestor.is_dir()
    {
        return Err(place(
            format!(
                "{noun} would be inside `{}`, which is not a folder",
                ancestor.display()
            ),
            "choose an output folder whose parent is a folder",
        ));
    }
    if fs::symlink_metadata(&out).is_ok_and(|m| m.is_dir())
        && [crate::domain::config::CONFIG_FILE, ".git"]
            .iter()
            .any(|n| fs::symlink_metadata(out.join(n)).is_ok())
    {
        return Err(Diagnostic::in_file(
            &shown,
            format!("{noun} holds a site or a repository, which a build would replace"),
        )
        .with_help("choose an empty folder or the output of an earlier build"));
    }
    find_leftovers(parent_of(output), &name).map(drop)
}

/// Refuses an output path at which something other than a folder (or
/// nothing) is found: a symbolic link, which replacing the output would
/// follow, a file, pipe, device or socket. Nothing is followed.
fn check_found(output: &Path) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let Ok(meta) = fs::symlink_metadata(output) else {
        return Ok(());
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Ok(());
    }
    let (message, help) = if kind.is_symlink() {
        (
            "the output folder is a symbolic link".to_owned(),
            "rungs replaces the output folder as a whole and never follows a link to do it: \
             remove the link (its target is left alone), or choose a real folder with `-o` \
             or `output` in site.yaml",
        )
    } else if kind.is_file() {
        (
            "the output path is a file, not a folder".to_owned(),
            "choose another output folder with `-o` or `output` in site.yaml",
        )
    } else {
        (
            format!(
                "the output path is {}, not a folder",
                crate::io::file_kind::describe(kind)
            ),
            "rungs never moves or deletes what it did not make: choose another output \
             folder with `-o` or `output` in site.yaml",
        )
    };
    Err(Diagnostic::in_file(shown, message).with_help(help))
}

/// `path` without a trailing `/` or `/.` and without doubled `/`: `out/`
/// would make the kernel follow a link at `out`, and `out/.` cannot be
/// renamed. Nothing else changes (`..` is left for the kernel to resolve).
fn plain(path: &Path) -> PathBuf {
    path.components().collect()
}

/// `path` made absolute against the current folder, as it is written.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    }
}

/// `path` with every symbolic link in its existing part resolved, as the
/// kernel would: the deepest ancestor that exists is made canonical and the
/// rest, which does not exist and so holds no link, is appended.
fn resolve(path: &Path) -> PathBuf {
    for ancestor in path.ancestors() {
        if let Ok(real) = fs::canonicalize(ancestor) {
            let rest = path.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return normalize(&real.join(rest));
        }
    }
    normalize(path)
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

/// The folder that holds `target` (`.` for a bare name).
fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `dir` is a real folder (not a link to one) that holds rungs'
/// [`MARKER`] as a regular file. Nothing is followed.
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Marks `dir` as rungs' own (see [`MARKER`]).
fn mark(dir: &Path) -> Result<(), Diagnostic> {
    fs::write(dir.join(MARKER), MARKER_TEXT)
        .map_err(|e| io_error(dir, "cannot mark the folder as rungs' own", &e))
}

impl Staging {
    /// Starts writing a new version of `target`: clears the leftovers of
    /// killed builds beside it (only folders rungs marked as its own) and
    /// creates a fresh, marked staging folder. Refuses a target that is a
    /// link, file, pipe, device or socket, and anything but rungs' own
    /// folders at the names of its staging and old folders.
    pub fn begin(target: &Path) -> Result<Self, Diagnostic> {
        let target = &plain(target);
        let shown = target.display().to_string();
        let name = match target.components().next_back() {
            Some(std::path::Component::Normal(name)) => name.to_string_lossy().into_owned(),
            _ => {
                return Err(
                    Diagnostic::in_file(&shown, "the output path has no folder name")
                        .with_help("choose a folder such as `public`"),
                );
            }
        };
        if let Some(problem) = output_name_problem(&name) {
            return Err(Diagnostic::in_file(&shown, problem)
                .with_help("choose a short plain name, such as `public`"));
        }
        check_found(target)?;
        let parent = parent_of(target);
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
        remove_leftovers(parent, &name)?;
        let staging = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        // `create_dir` fails on anything already there, a link included.
        fs::create_dir(&staging)
            .map_err(|e| io_error(&staging, "cannot create the staging folder", &e))?;
        let begun = Staging {
            target: target.to_path_buf(),
            staging,
            done: false,
        };
        mark(&begun.staging)?;
        Ok(begun)
    }

    /// Swaps the finished folder in for the old output: marks the old
    /// output, moves it aside, moves the staging folder in, unmarks it and
    /// deletes the old one. An output that has become a link, file, pipe,
    /// device or socket since the build began is refused, not moved.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let old = self.target.with_file_name(format!(
            ".{}{OLD_TAG}{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        check_found(&self.target)?;
        let had_old = fs::symlink_metadata(&self.target).is_ok();
        if had_old {
            // Marked first, so that a build killed after the move leaves a
            // folder the next build knows as its own and puts back.
            mark(&self.target)?;
            if let Err(e) = fs::rename(&self.target, &old) {
                let _ = fs::remove_file(self.target.join(MARKER));
                return Err(io_error(
                    &self.target,
                    "cannot move the previous output aside",
                    &e,
                ));
            }
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the previous output back so the user keeps a working site.
            if had_old && fs::rename(&old, &self.target).is_ok() {
                let _ = fs::remove_file(self.target.join(MARKER));
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
        fs::remove_file(self.target.join(MARKER))
            .map_err(|e| io_error(&self.target, "cannot finish the output folder", &e))
    }
}

impl Staging {
    /// Where `path` goes in the staging folder, with its folder created.
    fn prepare(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        check_output_path(path)?;
        if path == MARKER {
            return Err(Diagnostic::in_file(
                path,
                "this name is kept for the marker of rungs' temporary folders",
            )
            .with_help("rename the file"));
        }
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
/// after the other would take as long as writing them. Only a real folder
/// is deleted: a link at `dir` is left alone with its target, and no link
/// inside is followed. Its [`MARKER`] goes last. Best effort: what cannot
/// be deleted now is cleared as a leftover by the next build.
fn remove_tree(dir: &Path) {
    if !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    // Two levels down (such as `organizations/<org>`) the work splits well.
    let mut parts: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        // `DirEntry::file_type` does not follow links.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            parts.extend(
                fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
        parts.push(path);
    }
    // Deepest first, so a folder is emptied before it is removed.
    let (inner, top): (Vec<PathBuf>, Vec<PathBuf>) =
        parts.into_iter().partition(|p| p.parent() != Some(dir));
    for batch in [inner, top] {
        batch.par_iter().for_each(|p| remove_entry(p));
    }
    let rest = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.file_name() != MARKER);
    if !rest {
        let _ = fs::remove_file(dir.join(MARKER));
        let _ = fs::remove_dir(dir);
    }
}

/// Deletes one file, link or folder tree, never following a link:
/// `symlink_metadata` does not follow it, and `remove_dir_all` does not
/// follow links inside the tree, not even ones swapped in while it runs.
fn remove_entry(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// What lies beside an output at the names of rungs' staging and old
/// folders (`.<name>.rungs-staging-<n>`, `.<name>.rungs-old-<n>`).
#[derive(Debug, Default)]
struct Leftovers {
    /// Marked staging folders of killed builds.
    staging: Vec<PathBuf>,
    /// Marked previous outputs that a killed build moved aside, with the
    /// time each was last modified.
    old: Vec<(Option<std::time::SystemTime>, PathBuf)>,
    /// Empty folders (a build killed before it marked its staging folder):
    /// removing them loses nothing.
    empty: Vec<PathBuf>,
}

/// Finds the leftovers of killed builds beside the output `name` in
/// `parent`, refusing anything at their names that is not a folder rungs
/// marked as its own (or an empty folder): a symbolic link, a file, pipe,
/// device or socket, or a folder of someone else's. Nothing is followed.
fn find_leftovers(parent: &Path, name: &str) -> Result<Leftovers, Diagnostic> {
    let mut found = Leftovers::default();
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(found);
    };
    let tag_of = |file_name: &str| {
        let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
        [STAGING_TAG, OLD_TAG].into_iter().find(|tag| {
            rest.strip_prefix(tag)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let mut named: Vec<(PathBuf, &str)> = entries
        .flatten()
        .filter_map(|e| {
            let tag = tag_of(&e.file_name().to_string_lossy())?;
            Some((e.path(), tag))
        })
        .collect();
    named.sort();
    for (path, tag) in named {
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let kind = meta.file_type();
        if is_ours(&path) {
            if tag == STAGING_TAG {
                found.staging.push(path);
            } else {
                found.old.push((meta.modified().ok(), path));
            }
            continue;
        }
        if kind.is_dir() && fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_none()) {
            found.empty.push(path);
            continue;
        }
        let what = if kind.is_dir() {
            "a folder that rungs did not make".to_owned()
        } else {
            crate::io::file_kind::describe(kind).to_owned()
        };
        return Err(Diagnostic::in_file(
            path.display().to_string(),
            format!("{what} has the name of one of rungs' temporary folders"),
        )
        .with_help(format!(
            "rungs never follows, moves or deletes what it did not make: remove or rename it \
             yourself (if an older rungs left it after an interrupted build, delete it), and \
             keep names starting with `.{name}.rungs-` out of the repository"
        )));
    }
    Ok(found)
}

/// Deletes the staging and old folders that killed builds left behind
/// (only folders marked as rungs' own, see [`find_leftovers`]). A build
/// killed between moving the previous output aside and moving the new one
/// in leaves no output folder but an old one: that is put back first, so
/// the site is never lost.
fn remove_leftovers(parent: &Path, name: &str) -> Result<(), Diagnostic> {
    let mut found = find_leftovers(parent, name)?;
    for empty in &found.empty {
        // Removes only an empty folder, never a link's target.
        let _ = fs::remove_dir(empty);
    }
    let target = parent.join(name);
    if fs::symlink_metadata(&target).is_err() {
        // The most recently moved aside is the last output that was live.
        found.old.sort();
        if let Some((_, newest)) = found.old.pop()
            && fs::rename(&newest, &target).is_ok()
        {
            let _ = fs::remove_file(target.join(MARKER));
        }
    }
    for path in found
        .staging
        .into_iter()
        .chain(found.old.into_iter().map(|(_, p)| p))
    {
        remove_tree(&path);
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::in_file(path.display().to_string(), format!("{what}: {e}"))
        .with_help("check that the folder exists, is writable and the disk is not full")
}

/// Writes a new site into `dir`, which must not exist or be empty, so that
/// `rungs init` never overwrites anything.
pub fn new_site(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    // A link is refused whatever it points to: what rungs writes must land
    // where the user named, not in a folder someone else chose.
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Diagnostic::in_file(
            &shown,
            "this is a symbolic link: rungs init writes only into a real folder",
        )
        .with_help("choose a new folder name"));
    }
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
        // `create_new` fails on anything already there, a link included,
        // so a file appearing meanwhile is never overwritten or followed.
        fs::File::create_new(&full)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| io_error(&full, "cannot write the file", &e))?;
    }
    Ok(())
}

/// The git repository `dir` would be inside, and `dir`'s path in it: the
/// nearest folder above `dir` holding a `.git` entry (a folder, or the file
/// of a worktree), and the path from it, `/`-separated. `None` when there
/// is none, when `dir` would be its root, or when the path is not UTF-8.
pub fn enclosing_repository(dir: &Path) -> Option<(PathBuf, String)> {
    let absolute = std::path::absolute(dir).ok()?;
    let mut parts = Vec::new();
    let mut here = absolute.as_path();
    loop {
        if fs::symlink_metadata(here.join(".git")).is_ok() {
            if parts.is_empty() {
                return None;
            }
            parts.reverse();
            return Some((here.to_owned(), parts.join("/")));
        }
        let name = here.file_name()?.to_str()?.to_owned();
        parts.push(name);
        here = here.parent()?;
    }
}

/// Whether nothing is at `path` (not even a link).
pub fn is_free(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err()
}

/// Writes `bytes` to the new file `path`, creating its folders: refused
/// when anything is there already, a link included, so nothing is ever
/// overwritten or followed (`rungs init`'s workflow at a repository's
/// root).
pub fn new_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
    }
    fs::File::create_new(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| io_error(path, "cannot write the file", &e))
}

/// Writes `bytes` to `path`, replacing a file there (`--force`): the bytes
/// go to a new hidden file beside it, which is then renamed over it, so
/// the path holds the old bytes or the new, never part of them, and a
/// failure leaves the old file as it was. A folder is refused; a link at
/// `path` is replaced, not followed.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Diagnostic::in_file(
            path.display().to_string(),
            "this is a folder, not a file",
        )
        .with_help("name a file inside it instead"));
    }
    let parent = parent_of(path);
    fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
    let name = path
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.rungs-{}.tmp", std::process::id()));
    let written = fs::File::create_new(&temporary)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(|e| io_error(&temporary, "cannot write the file", &e))
        .and_then(|()| {
            fs::rename(&temporary, path).map_err(|e| io_error(path, "cannot replace the file", &e))
        });
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::output::MAX_OUTPUT_NAME_BYTES;

    #[test]
    fn a_folder_inside_a_repository_knows_its_path_there() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join(".git")).unwrap();
        let site = root.path().join("docs/benchmark");
        let (found, sub) = enclosing_repository(&site).unwrap();
        assert_eq!(found, std::path::absolute(root.path()).unwrap());
        assert_eq!(sub, "docs/benchmark");
        assert_eq!(enclosing_repository(root.path()), None, "the root itself");
        let outside = tempfile::tempdir().unwrap();
        assert!(
            enclosing_repository(&outside.path().join("x"))
                .is_none_or(|(r, _)| !r.starts_with(outside.path())),
            "no repository in a fresh temporary folder"
        );
    }

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
        mark(&aside).unwrap();
        let stale = dir.path().join(format!(".out{STAGING_TAG}4242"));
        fs::create_dir(&stale).unwrap();
        mark(&stale).unwrap();
        drop(Staging::begin(&out).unwrap());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "the live site"
        );
        assert!(
            !out.join(MARKER).exists(),
            "the output put back is unmarked"
        );
        assert!(!aside.exists() && !stale.exists());
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(".public.rungs-staging-999999");
        fs::create_dir_all(left.join("organizations/a")).unwrap();
        fs::write(left.join("organizations/a/index.html"), "x").unwrap();
        mark(&left).unwrap();
        let empty = dir.path().join(".public.rungs-old-999998");
        fs::create_dir(&empty).unwrap();
        let s = Staging::begin(&dir.path().join("public")).unwrap();
        assert!(!left.exists());
        assert!(
            !empty.exists(),
            "an empty folder is removed: nothing is lost"
        );
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
    fn a_replaced_file_holds_the_new_bytes_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.csv");
        new_file(&path, b"old").unwrap();
        assert!(
            new_file(&path, b"new").is_err(),
            "new_file never overwrites"
        );
        replace_file(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        replace_file(&dir.path().join("sub/r.csv"), b"r").unwrap();
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
        let e = replace_file(dir.path(), b"x").unwrap_err();
        assert_eq!(e.message, "this is a folder, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn new_sites_are_not_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("link")).unwrap();
        let files = vec![("a.txt".to_owned(), b"x".to_vec())];
        let e = new_site(&dir.path().join("link"), &files).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
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
        assert!(check_target(&site, &site, &inputs, Chosen::OnCommandLine).is_err());
        assert!(check_target(dir.path(), &site, &inputs, Chosen::OnCommandLine).is_err());
        assert!(
            check_target(
                &site.join("content/out"),
                &site,
                &inputs,
                Chosen::OnCommandLine
            )
            .is_err()
        );
        assert!(
            check_target(&site.join("data/in"), &site, &inputs, Chosen::OnCommandLine).is_err(),
            "a configured input folder"
        );
        assert!(
            check_target(&site.join("data"), &site, &inputs, Chosen::OnCommandLine).is_err(),
            "a folder holding an input"
        );
        assert!(check_target(&site.join(".git"), &site, &inputs, Chosen::OnCommandLine).is_err());
        assert!(check_target(&site.join(".git/x"), &site, &inputs, Chosen::OnCommandLine).is_err());
        assert!(check_target(&site.join("public"), &site, &inputs, Chosen::OnCommandLine).is_ok());
        let other = dir.path().join("other-site");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("site.yaml"), "").unwrap();
        assert!(check_target(&other, &site, &inputs, Chosen::OnCommandLine).is_err());
    }
    #[test]
    fn staging_is_marked_and_the_output_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        assert!(is_ours(&s.staging));
        s.put("index.html", b"x").unwrap();
        assert!(s.put(MARKER, b"x").is_err(), "the marker's name is kept");
        s.commit().unwrap();
        assert!(!out.join(MARKER).exists());
        let s = Staging::begin(&out).unwrap();
        s.commit().unwrap();
        assert!(!out.join(MARKER).exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_deletion_cut_short_stays_marked() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("t");
        fs::create_dir_all(tree.join("a")).unwrap();
        fs::write(tree.join("a/x"), "x").unwrap();
        mark(&tree).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // A folder that cannot be emptied (unless we are root, who can).
            fs::set_permissions(tree.join("a"), fs::Permissions::from_mode(0o500)).unwrap();
            remove_tree(&tree);
            if tree.join("a/x").exists() {
                assert!(is_ours(&tree), "still marked while anything is left");
            }
            let _ = fs::set_permissions(tree.join("a"), fs::Permissions::from_mode(0o700));
        }
        remove_tree(&tree);
        assert!(!tree.exists());
    }

    #[test]
    fn output_names_must_fit_beside_their_staging_folder() {
        assert_eq!(output_name_problem("public"), None);
        assert_eq!(
            output_name_problem(&"x".repeat(MAX_OUTPUT_NAME_BYTES)),
            None
        );
        let staging = format!(
            ".{}{STAGING_TAG}{}",
            "x".repeat(MAX_OUTPUT_NAME_BYTES),
            u32::MAX
        );
        assert_eq!(staging.len(), 255);
        assert!(output_name_problem(&"x".repeat(MAX_OUTPUT_NAME_BYTES + 1)).is_some());
        for bad in ["", ".", "..", "a\nb"] {
            assert!(output_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn problems_with_a_configured_path_name_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let e =
            check_target(&site.join("content"), &site, &["content"], Chosen::InConfig).unwrap_err();
        assert_eq!(e.file, "site.yaml");
        assert_eq!(e.key_path.as_deref(), Some("output"));
        assert!(
            e.message.contains("overlaps the site's input `content`"),
            "{}",
            e.message
        );
        let e = check_target(
            &site.join("content"),
            &site,
            &["content"],
            Chosen::OnCommandLine,
        )
        .unwrap_err();
        assert!(e.file.ends_with("content"), "{}", e.file);
        let e = check_target(&site.join(".."), &site, &[], Chosen::OnCommandLine).unwrap_err();
        assert_eq!(e.message, "the output path does not end in a folder name");
        assert_eq!(plain(Path::new("a/b/./")), Path::new("a/b"));
        assert_eq!(plain(Path::new("a//b/..")), Path::new("a/b/.."));
    }

    #[cfg(unix)]
    #[test]
    fn links_and_special_files_are_refused_and_left_alone() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join("content/model.yaml"), "keep").unwrap();
        let inputs = ["content"];
        let check = |out: &Path| check_target(out, &site, &inputs, Chosen::OnCommandLine);

        // A link at the output, to an input or anywhere else.
        symlink(site.join("content"), site.join("public")).unwrap();
        for written in ["public", "public/", "public/."] {
            assert_eq!(
                check(&site.join(written)).unwrap_err().message,
                "the output folder is a symbolic link",
                "{written}"
            );
        }
        assert!(Staging::begin(&site.join("public")).is_err());
        fs::remove_file(site.join("public")).unwrap();

        // A link on the way to the output, into an input.
        symlink(site.join("content"), site.join("via")).unwrap();
        let e = check(&site.join("via/public")).unwrap_err();
        assert_eq!(
            e.message,
            "the output folder overlaps the site's input `content` (through a symbolic link)"
        );

        // A socket at the output.
        let socket = std::os::unix::net::UnixListener::bind(site.join("sock")).unwrap();
        assert_eq!(
            check(&site.join("sock")).unwrap_err().message,
            "the output path is a socket, not a folder"
        );
        drop(socket);

        // Links and strangers at the names of leftovers.
        let out = site.join("public");
        for (name, what) in [
            (".public.rungs-staging-7", "a symbolic link"),
            (".public.rungs-old-7", "a symbolic link"),
        ] {
            symlink(site.join("content"), site.join(name)).unwrap();
            let e = check(&out).unwrap_err();
            assert!(e.message.starts_with(what), "{}", e.message);
            assert!(e.file.ends_with(name), "{}", e.file);
            let e = Staging::begin(&out).err().unwrap();
            assert!(e.message.starts_with(what), "{}", e.message);
            assert!(site.join(name).is_symlink());
            fs::remove_file(site.join(name)).unwrap();
        }
        let stranger = site.join(".public.rungs-old-8");
        fs::create_dir(&stranger).unwrap();
        fs::write(stranger.join("mine.txt"), "mine").unwrap();
        assert_eq!(
            check(&out).unwrap_err().message,
            "a folder that rungs did not make has the name of one of rungs' temporary folders"
        );
        assert!(Staging::begin(&out).is_err());
        assert_eq!(
            fs::read_to_string(stranger.join("mine.txt")).unwrap(),
            "mine"
        );
        fs::remove_dir_all(&stranger).unwrap();

        // Deleting a link deletes neither it nor its target.
        symlink(site.join("content"), site.join("l")).unwrap();
        remove_tree(&site.join("l"));
        assert!(site.join("l").is_symlink());
        assert_eq!(
            fs::read_to_string(site.join("content/model.yaml")).unwrap(),
            "keep"
        );

        // An output that became a link after the build began is not moved.
        let s = Staging::begin(&out).unwrap();
        symlink(site.join("content"), &out).unwrap();
        assert!(s.commit().is_err());
        assert!(out.is_symlink());
        assert_eq!(
            fs::read_to_string(site.join("content/model.yaml")).unwrap(),
            "keep"
        );
        let left: Vec<String> = fs::read_dir(&site)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.rungs-"))
            .collect();
        assert!(left.is_empty(), "no staging folder left: {left:?}");
    }
}
