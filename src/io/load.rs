//! Reading the site folder: the only stage that reads files.
//!
//! Everything is read into memory as [`SourceFile`]s, with paths relative to
//! the site folder, so that every later stage is pure and testable without a
//! file system. Nothing outside the site folder is ever read: configured
//! paths cannot contain `..`, and symbolic links that lead out are refused.

use std::collections::HashMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::config::{CONFIG_FILE, SiteConfig};
use crate::domain::source::{SourceFile, Sources, StaticFile, TableFile};
use crate::io::layout::{
    ASSESSMENT_EXTENSIONS, Layout, PAGE_EXTENSIONS, TABLE_EXTENSIONS, TEMPLATE_EXTENSIONS,
    reads_name,
};

/// The site folder with every symbolic link resolved, which `rungs serve`
/// watches (events name resolved paths).
pub fn canonical_site(dir: &Path) -> Result<PathBuf, Diagnostic> {
    fs::canonicalize(dir).map_err(|e| {
        Diagnostic::in_file(
            dir.display().to_string(),
            format!("cannot read the site folder: {e}"),
        )
    })
}

/// The text of `site.yaml`, opened only if it is a regular file inside the
/// site. Without it nothing else can be found, so this is the one read
/// that fails a build by itself.
pub fn read_config(root: &Path) -> Result<String, Diagnostics> {
    let config_path = root.join(CONFIG_FILE);
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Checked before it is read, so a link out of the site is never
    // opened and nothing of what it points at is quoted.
    check_inside(&canonical_root, root, &config_path)
        .and_then(|()| read_text(root, &config_path))
        .map_err(|d| {
        let mut d = d;
        if !config_path.exists() {
            d = Diagnostic::in_file(CONFIG_FILE, format!("no {CONFIG_FILE} in `{}`", root.display()))
                .with_help("run rungs in a site folder, pass the folder as an argument, or create a site with `rungs init <dir>`");
        }
        Diagnostics(vec![d])
    })
}

/// Reads every file `config` (the parsed `site.yaml`) points at. Files that
/// cannot be read are listed in [`Sources::problems`], so one unreadable
/// file hides nothing else.
pub fn load(root: &Path, config: SiteConfig) -> Sources {
    load_with(root, config, None)
}

/// Assessment files read by an earlier [`load_remembering`], with the size
/// and modification time they had: `rungs serve` keeps one between
/// rebuilds, so a save reads only the files that changed (the folders are
/// walked again, so new and removed files are found).
///
/// A file is taken from the memo only if its size and modification time
/// are unchanged and it had not been modified for [`ReadMemo::SETTLED`]
/// when it was read: a file changed again within the resolution of the
/// file system's clock (a second or two on some) keeps its time, so a
/// recently modified file is always read again (Git's rule for "racily
/// clean" files).
#[derive(Debug, Default)]
pub struct ReadMemo {
    files: HashMap<PathBuf, Stamped>,
}

/// One file read, with its size and modification time when remembered.
#[derive(Clone, Debug)]
struct Stamped {
    len: u64,
    modified: SystemTime,
    /// Whether it had been unmodified for [`ReadMemo::SETTLED`] when read.
    settled: bool,
    file: SourceFile,
}

impl Stamped {
    /// `file`, with the size and modification time it had before it was
    /// read, if they could be had.
    fn new(stamp: Option<(u64, SystemTime)>, file: SourceFile) -> Self {
        let settled = stamp.is_some_and(|(_, modified)| {
            SystemTime::now()
                .duration_since(modified)
                .is_ok_and(|age| age >= ReadMemo::SETTLED)
        });
        let (len, modified) = stamp.unwrap_or((u64::MAX, SystemTime::UNIX_EPOCH));
        Stamped {
            len,
            modified,
            settled,
            file,
        }
    }
}

impl ReadMemo {
    /// How long a file must have been left alone before it was read for
    /// its remembered text to be trusted.
    pub const SETTLED: Duration = Duration::from_secs(3);

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The remembered file at `path`, if it is unchanged.
    fn unchanged(&self, path: &Path) -> Option<&Stamped> {
        let seen = self.files.get(path).filter(|seen| seen.settled)?;
        let now = fs::metadata(path).ok()?;
        (now.is_file() && now.len() == seen.len && now.modified().ok()? == seen.modified)
            .then_some(seen)
    }
}

/// [`load`], taking the assessment files that did not change from `memo`
/// instead of reading them, and leaving this load's in it.
pub fn load_remembering(root: &Path, config: SiteConfig, memo: &mut ReadMemo) -> Sources {
    load_with(root, config, Some(memo))
}

fn load_with(root: &Path, config: SiteConfig, memo: Option<&mut ReadMemo>) -> Sources {
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut problems = Vec::new();

    let model_path = root.join(&config.model);
    let model = match check_inside(&canonical_root, root, &model_path)
        .and_then(|()| read_text(root, &model_path))
    {
        Ok(text) => Some(SourceFile {
            path: config.model.clone(),
            relative: config.model.clone(),
            text: Arc::new(text),
        }),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    let assessments_dir = root.join(&config.assessments);
    if !assessments_dir.is_dir() {
        problems.push(
            Diagnostic::in_file(CONFIG_FILE, format!("the assessments folder `{}` does not exist", config.assessments))
                .with_key_path("assessments")
                .with_help("create it and add one YAML file per assessment, or point `assessments` in site.yaml at the right folder"),
        );
    }
    let layout = Layout::of(&config);
    let assessments = read_tree(
        root,
        &layout.assessments,
        ASSESSMENT_EXTENSIONS,
        memo,
        &mut problems,
    );
    let assessment_tables = read_tables(root, &layout.assessments, &mut problems);
    let pages = read_tree(root, &layout.pages, PAGE_EXTENSIONS, None, &mut problems);
    let theme_dir = &layout.theme_dir;
    if crate::domain::builtin::theme(&config.theme).is_none() && !root.join(theme_dir).is_dir() {
        let names: Vec<&str> = crate::domain::builtin::THEMES
            .iter()
            .map(|t| t.name)
            .collect();
        problems.push(
            Diagnostic::in_file(CONFIG_FILE, format!("unknown theme `{}`", config.theme))
                .with_key_path("theme")
                .with_help(format!(
                    "use a built-in theme ({}) or create `{theme_dir}/` in the site",
                    names.join(", ")
                )),
        );
    }
    let mut templates = Vec::new();
    for dir in layout.template_dirs() {
        templates.extend(read_tree(
            root,
            &dir,
            TEMPLATE_EXTENSIONS,
            None,
            &mut problems,
        ));
    }
    let mut static_files = Vec::new();
    for dir in layout.static_dirs() {
        static_files.extend(read_binary_tree(root, &dir, &mut problems));
    }

    // The site's string tables, one per language: read when there, quietly
    // absent otherwise (the built-in one serves).
    let mut strings = Vec::new();
    for file in config
        .languages
        .iter()
        .filter_map(|l| Layout::strings_file(l))
    {
        let path = root.join(&file);
        if !path.exists() {
            continue;
        }
        match check_inside(&canonical_root, root, &path).and_then(|()| read_text(root, &path)) {
            Ok(text) => strings.push(SourceFile {
                path: file.clone(),
                relative: file,
                text: Arc::new(text),
            }),
            Err(d) => problems.push(d),
        }
    }

    Sources {
        root: root.to_path_buf(),
        config,
        model,
        reference: None,
        assessments,
        assessment_tables,
        pages,
        templates,
        static_files,
        strings,
        problems,
    }
}

/// The largest text input file rungs reads: 16 MiB. Site configuration,
/// models, assessments, pages and templates are text written by people, and
/// even the largest of them is a few hundred kilobytes; a file past this is
/// a mistake (a pasted log, a binary saved as `.yaml`) or an attack, and
/// reading it would only make the build slow and hungry. Static files are
/// copied as they are and have no limit.
pub const MAX_TEXT_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a file as UTF-8 text, with a diagnostic that names it otherwise.
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    read_text_limited(root, path, MAX_TEXT_FILE_BYTES)
}

/// [`read_text`] with the size limit as a parameter, so tests can use a
/// small one. A file larger than `limit` is refused before it is read: its
/// size is checked first, and the read stops after `limit + 1` bytes in
/// case the file grows meanwhile (or reports no size, as some special
/// files do).
fn read_text_limited(root: &Path, path: &Path, limit: u64) -> Result<String, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = read_bytes_limited(root, path, limit, "text files", TEXT_TOO_LARGE_HELP)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::in_file(
            &shown,
            format!("the file is not UTF-8 text (invalid byte at offset {at})"),
        )
        .at(&text, crate::diag::Position { line, column })
        .with_help("save the file as UTF-8")
    })
}

/// What to do about a text file past [`MAX_TEXT_FILE_BYTES`].
const TEXT_TOO_LARGE_HELP: &str = "site.yaml, the model, assessments, pages and templates are text written by people \
     and are far smaller than this: check that this is the file you meant (not a log or \
     a binary file), shorten its long texts, and put large documents into `static/` \
     and link to them";

/// The largest table of assessments rungs reads: 1 GiB. A CSV row of the
/// default model is about 300 bytes, so this holds some three million
/// assessments; past it, a build would not fit in memory anyway.
pub const MAX_TABLE_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads a regular file's bytes (see [`open_regular`]), refusing a file
/// larger than `limit` before it is read: its size is checked first, and
/// the read stops after `limit + 1` bytes in case the file grows meanwhile
/// (or reports no size, as some special files do). `what` names the kind
/// of file and `too_large_help` says what to do about one past the limit.
fn read_bytes_limited(
    root: &Path,
    path: &Path,
    limit: u64,
    what: &str,
    too_large_help: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let shown = display_path(root, path);
    let cannot_read = |e: &std::io::Error| {
        let help = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path in site.yaml, or create the file"
        } else {
            "check the file's permissions"
        };
        Diagnostic::in_file(&shown, format!("cannot read the file: {}", io_reason(e)))
            .with_help(help)
    };
    let too_large = |size: u64| {
        Diagnostic::in_file(
            &shown,
            format!(
                "the file is {}; rungs reads {} of at most {}",
                human_size(size),
                what,
                human_size(limit)
            ),
        )
        .with_help(too_large_help)
    };
    let file = open_regular(root, path).map_err(|e| match e {
        Opened::Refused(d) => d,
        Opened::Failed(e) => cannot_read(&e),
    })?;
    let size = file.metadata().map_err(|e| cannot_read(&e))?.len();
    if size > limit {
        return Err(too_large(size));
    }
    read_limited(file, size, limit).map_err(|e| match e {
        Limited::TooLarge(n) => too_large(n),
        Limited::Failed(e) => cannot_read(&e),
    })
}

/// Reads a table of assessments given on the command line (`rungs
/// import`), which may lie outside any site: only a regular file, of at
/// most [`MAX_TABLE_FILE_BYTES`].
pub fn read_table(path: &Path) -> Result<TableFile, Diagnostic> {
    let help = "split the table into several files";
    let bytes = read_bytes_limited(Path::new(""), path, MAX_TABLE_FILE_BYTES, "tables", help)?;
    Ok(TableFile {
        path: path.display().to_string(),
        bytes,
    })
}

/// Reads the tables of assessments under `dir` ([`TABLE_EXTENSIONS`]), in
/// the walk's order, on every core.
fn read_tables(root: &Path, dir: &str, problems: &mut Vec<Diagnostic>) -> Vec<TableFile> {
    let read: Vec<Result<TableFile, Diagnostic>> =
        wanted_files(root, dir, TABLE_EXTENSIONS, problems)
            .into_par_iter()
            .map(|(path, _)| {
                let help = "split the table into several files in the assessments folder";
                read_bytes_limited(root, &path, MAX_TABLE_FILE_BYTES, "tables", help).map(|bytes| {
                    TableFile {
                        path: display_path(root, &path),
                        bytes,
                    }
                })
            })
            .collect();
    let mut tables = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(table) => tables.push(table),
            Err(d) => problems.push(d),
        }
    }
    tables
}

/// Why [`open_regular`] did not give a file.
enum Opened {
    /// It is not a regular file: the diagnostic says what it is.
    Refused(Diagnostic),
    /// It could not be opened (missing, permissions...).
    Failed(std::io::Error),
}

/// Opens `path` for reading only if it is a regular file once links are
/// followed (a link inside the site to a file is fine; links out are
/// refused by [`check_inside`]). The type is checked *before* the file is
/// opened, since opening a named pipe waits for a writer forever and a
/// device can give endless bytes, and again on what was opened, in case
/// the path changed in between.
fn open_regular(root: &Path, path: &Path) -> Result<fs::File, Opened> {
    let refuse = |kind: fs::FileType| Opened::Refused(not_regular(root, path, kind));
    let before = fs::metadata(path).map_err(Opened::Failed)?;
    if !before.is_file() {
        return Err(refuse(before.file_type()));
    }
    let file = fs::File::open(path).map_err(Opened::Failed)?;
    let opened = file.metadata().map_err(Opened::Failed)?;
    if !opened.is_file() {
        return Err(refuse(opened.file_type()));
    }
    Ok(file)
}

/// The problem of a path that is `kind` where a regular file should be.
fn not_regular(root: &Path, path: &Path, kind: fs::FileType) -> Diagnostic {
    let shown = display_path(root, path);
    if kind.is_dir() {
        return Diagnostic::in_file(shown, "the path is a folder, not a file")
            .with_help("check the path in site.yaml, or remove the folder");
    }
    Diagnostic::in_file(
        shown,
        format!(
            "the file is {}, not a regular file",
            crate::io::file_kind::describe(kind)
        ),
    )
    .with_help(
        "rungs reads only regular files, so that no pipe or device can stall or flood a \
         build: replace it with a regular file, or remove it",
    )
}

/// Why [`read_limited`] gave no bytes.
enum Limited {
    /// More than the limit: this many bytes were seen.
    TooLarge(u64),
    /// Reading failed.
    Failed(std::io::Error),
}

/// Reads at most `limit` bytes of `source`, which said it holds `size`:
/// stops after `limit + 1` bytes, so a file that grows while it is read,
/// or reports a wrong size, cannot exhaust memory.
fn read_limited(source: impl std::io::Read, size: u64, limit: u64) -> Result<Vec<u8>, Limited> {
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Limited::Failed)?;
    if bytes.len() as u64 > limit {
        return Err(Limited::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a static file's bytes, only if it is a regular file (see
/// [`open_regular`]).
fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot_read = |e: &std::io::Error| {
        Diagnostic::in_file(
            display_path(root, path),
            format!("cannot read the file: {}", io_reason(e)),
        )
        .with_help("check the file's permissions")
    };
    let mut file = open_regular(root, path).map_err(|e| match e {
        Opened::Refused(d) => d,
        Opened::Failed(e) => cannot_read(&e),
    })?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| cannot_read(&e))?;
    Ok(bytes)
}

/// A size for people, in units of 1,024 bytes as `ls -lh` counts: `16 MB`,
/// `52.4 MB`, `900 KB`, `12 bytes`. A fraction is rounded up, so a file just
/// over a limit never reads as the limit itself.
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit, name) = match bytes {
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        b => return format!("{b} byte{}", if b == 1 { "" } else { "s" }),
    };
    if bytes.is_multiple_of(unit) {
        return format!("{} {name}", bytes / unit);
    }
    let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
    format!("{}.{} {name}", tenths / 10, tenths % 10)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// `path` relative to `root`, with `/` separators, for messages and ids.
fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Refuses a file that is, or lies behind, a link leading out of the site.
fn check_inside(canonical_root: &Path, root: &Path, path: &Path) -> Result<(), Diagnostic> {
    match fs::canonicalize(path) {
        Ok(real) if !real.starts_with(canonical_root) => Err(Diagnostic::in_file(
            display_path(root, path),
            "the file is a link to a place outside the site folder",
        )
        .with_help("copy the file into the site instead of linking to it")),
        // A missing file is reported by the reader, with a better message.
        _ => Ok(()),
    }
}

/// Every file below `root/dir` (a missing folder is empty) with one of
/// `extensions` (any, for `None`), sorted by path, skipping the names
/// [`reads_name`] skips (in a static folder when `in_static`).
/// Links that lead outside the site, and pipes, devices and sockets (which
/// reading would hang on or never finish), are reported in `problems` and
/// left out; nothing is opened.
fn walk(
    root: &Path,
    dir: &str,
    in_static: bool,
    extensions: Option<&[&str]>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Only a path that passes through a symbolic link can lead out of the
    // site, so only those are resolved (`canonicalize` costs a system call
    // per path component, for each of tens of thousands of files):
    // `through_link[d]` says whether the entry at depth `d` of the walk
    // (or one above it) is a link. The folder itself counts as a link if
    // any part of its path is one.
    let base_is_linked =
        fs::canonicalize(&base).map_or(true, |real| real != canonical_root.join(dir));
    let mut through_link: Vec<bool> = Vec::new();
    let mut files = Vec::new();
    let walker = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            e.depth() == 0 || reads_name(&e.file_name().to_string_lossy(), in_static)
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| dir.to_owned(), |p| display_path(root, p));
                problems.push(
                    Diagnostic::in_file(at, format!("cannot read: {e}"))
                        .with_help("check the folder's permissions and links"),
                );
                continue;
            }
        };
        let depth = entry.depth();
        let linked = entry.path_is_symlink()
            || match depth.checked_sub(1) {
                None => base_is_linked,
                Some(parent) => through_link.get(parent).copied().unwrap_or(true),
            };
        through_link.truncate(depth);
        through_link.push(linked);
        // With links followed, this is the type of what a link points at.
        let kind = entry.file_type();
        let wanted = extensions.is_none_or(|wanted| {
            entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| wanted.contains(&e))
        });
        if kind.is_dir() || !wanted {
            continue;
        }
        if linked && let Err(d) = check_inside(&canonical_root, root, entry.path()) {
            problems.push(d);
            continue;
        }
        if !kind.is_file() {
            problems.push(not_regular(root, entry.path(), kind));
            continue;
        }
        let relative = display_path(&base, entry.path());
        files.push((entry.into_path(), relative));
    }
    files
}

/// The files under `dir` with one of `extensions`, in the walk's order.
fn wanted_files(
    root: &Path,
    dir: &str,
    extensions: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    walk(root, dir, false, Some(extensions), problems)
}

/// Reads the files under `dir` with one of `extensions`. With a `memo`,
/// files it holds unchanged are taken from it instead, and every file read
/// is left in it.
fn read_tree(
    root: &Path,
    dir: &str,
    extensions: &[&str],
    mut memo: Option<&mut ReadMemo>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let wanted = wanted_files(root, dir, extensions, problems);
    let previous = memo.as_deref_mut().map(|m| ReadMemo {
        files: std::mem::take(&mut m.files),
    });
    // Tens of thousands of assessment files: read them on every core (the
    // disk and the page cache serve several at once); results keep the
    // walk's order.
    let read: Vec<(PathBuf, Result<Stamped, Diagnostic>)> = wanted
        .into_par_iter()
        .map(|(path, relative)| {
            if let Some(seen) = previous.as_ref().and_then(|p| p.unchanged(&path)) {
                return (path, Ok(seen.clone()));
            }
            // Taken before reading, so a change made while the file is
            // read shows in its time at the next load.
            let stamp = previous.as_ref().and_then(|_| {
                let m = fs::metadata(&path).ok()?;
                Some((m.len(), m.modified().ok()?))
            });
            let file = read_text(root, &path).map(|text| SourceFile {
                path: display_path(root, &path),
                relative,
                text: Arc::new(text),
            });
            (path, file.map(|file| Stamped::new(stamp, file)))
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for (path, result) in read {
        match (result, memo.as_deref_mut()) {
            (Ok(stamped), Some(memo)) => {
                files.push(stamped.file.clone());
                memo.files.insert(path, stamped);
            }
            (Ok(stamped), None) => files.push(stamped.file),
            (Err(d), _) => problems.push(d),
        }
    }
    files
}

fn read_binary_tree(root: &Path, dir: &str, problems: &mut Vec<Diagnostic>) -> Vec<StaticFile> {
    walk(root, dir, true, None, problems)
        .into_iter()
        .filter_map(|(path, relative)| match read_bytes(root, &path) {
            Ok(bytes) => Some(StaticFile {
                source: display_path(root, &path),
                output: relative,
                bytes,
            }),
            Err(d) => {
                problems.push(d);
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole read, `site.yaml` included, as a build does it.
    fn load(root: &Path) -> Result<Sources, Diagnostics> {
        crate::pipeline::load(root)
    }

    /// A site folder with `site.yaml` (a title, a base URL and `more`), a
    /// model and an empty `content/assessments/`.
    fn minimal_site(more: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("site.yaml"),
            format!("title: T\nbase_url: /\n{more}"),
        )
        .unwrap();
        fs::create_dir_all(root.join("content/assessments")).unwrap();
        fs::write(root.join("content/model.yaml"), "id: m\n").unwrap();
        dir
    }

    #[test]
    fn reads_a_site_and_reports_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("site.yaml"), "title: T\nbase_url: /\n").unwrap();
        let e = load(root).unwrap().problems;
        let msgs: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.contains(&"cannot read the file: it does not exist"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"the assessments folder `content/assessments` does not exist"),
            "{msgs:?}"
        );

        fs::create_dir_all(root.join("content/assessments/2025")).unwrap();
        fs::write(root.join("content/model.yaml"), "id: m\n").unwrap();
        fs::write(root.join("content/assessments/2025/b.yaml"), "b").unwrap();
        fs::write(root.join("content/assessments/a.yml"), "a").unwrap();
        fs::write(root.join("content/assessments/notes.txt"), "ignored").unwrap();
        fs::write(root.join("content/assessments/.hidden.yaml"), "ignored").unwrap();
        let s = load(root).unwrap();
        let paths: Vec<&str> = s.assessments.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "content/assessments/2025/b.yaml",
                "content/assessments/a.yml"
            ]
        );
        assert_eq!(
            s.model.map(|m| m.text.to_string()).as_deref(),
            Some("id: m\n")
        );
        assert!(s.problems.is_empty());
    }

    #[test]
    fn non_utf8_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("site.yaml"), b"title: \xff\n").unwrap();
        let e = load(root).unwrap_err();
        assert_eq!(e.0[0].file, "site.yaml");
        assert!(e.0[0].message.starts_with("the file is not UTF-8 text"));
        assert_eq!(e.0[0].position.map(|p| (p.line, p.column)), Some((1, 8)));
    }

    #[test]
    fn static_files_keep_well_known_but_not_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("site.yaml"), "title: T\nbase_url: /\n").unwrap();
        fs::create_dir_all(root.join("static/.well-known")).unwrap();
        fs::create_dir_all(root.join("static/.git")).unwrap();
        fs::write(root.join("static/.well-known/security.txt"), "x").unwrap();
        fs::write(root.join("static/.git/config"), "x").unwrap();
        fs::write(root.join("static/.DS_Store"), "x").unwrap();
        let s = load(root).unwrap();
        let out: Vec<&str> = s.static_files.iter().map(|f| f.output.as_str()).collect();
        assert_eq!(out, vec![".well-known/security.txt"]);
    }

    #[test]
    fn text_files_past_the_limit_are_refused_before_reading() {
        let dir = minimal_site("");
        let root = dir.path();
        fs::create_dir_all(root.join("content/pages")).unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("content/assessments/small.yaml"), "a: 1\n").unwrap();
        // Sparse files: as large as they say, without using the disk.
        let huge = |rel: &str, len: u64| {
            let f = fs::File::create(root.join(rel)).unwrap();
            f.set_len(len).unwrap();
        };
        huge(
            "content/assessments/huge.yaml",
            52 * 1024 * 1024 + 400 * 1024,
        );
        huge("content/assessments/edge.yaml", MAX_TEXT_FILE_BYTES + 1);
        huge("content/pages/long.md", MAX_TEXT_FILE_BYTES + 1);
        huge("static/video.bin", MAX_TEXT_FILE_BYTES + 1);
        let s = load(root).unwrap();
        let paths: Vec<&str> = s.assessments.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["content/assessments/small.yaml"]);
        assert!(s.pages.is_empty());
        let problems: Vec<(&str, &str)> = s
            .problems
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    "content/assessments/edge.yaml",
                    "the file is 16.1 MB; rungs reads text files of at most 16 MB"
                ),
                (
                    "content/assessments/huge.yaml",
                    "the file is 52.4 MB; rungs reads text files of at most 16 MB"
                ),
                (
                    "content/pages/long.md",
                    "the file is 16.1 MB; rungs reads text files of at most 16 MB"
                ),
            ]
        );
        assert!(
            s.problems[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("static/")),
            "{:?}",
            s.problems[0].help
        );
        // Static files are copied as they are, whatever their size.
        assert_eq!(s.static_files.len(), 1);
        assert_eq!(
            s.static_files[0].bytes.len() as u64,
            MAX_TEXT_FILE_BYTES + 1
        );

        // A site.yaml past the limit stops the run like any unreadable one.
        huge("site.yaml", MAX_TEXT_FILE_BYTES + 1);
        let e = load(root).unwrap_err();
        assert_eq!(e.0[0].file, "site.yaml");
        assert!(
            e.0[0].message.starts_with("the file is 16.1 MB"),
            "{}",
            e.0[0].message
        );
    }

    #[test]
    fn the_limit_itself_is_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = root.join("a.yaml");
        fs::write(&path, "x".repeat(100)).unwrap();
        assert_eq!(read_text_limited(root, &path, 100).unwrap().len(), 100);
        let e = read_text_limited(root, &path, 99).unwrap_err();
        assert_eq!(e.file, "a.yaml");
        assert_eq!(
            e.message,
            "the file is 100 bytes; rungs reads text files of at most 99 bytes"
        );
    }

    #[test]
    fn a_file_that_reports_no_size_is_still_limited() {
        // A source that says it is empty and never ends (as /dev/zero does,
        // which is now refused before it is opened): the read must stop.
        match read_limited(std::io::repeat(0), 0, 1000) {
            Err(Limited::TooLarge(n)) => assert_eq!(n, 1001),
            Err(Limited::Failed(e)) => panic!("{e}"),
            Ok(b) => panic!("read {} bytes", b.len()),
        }
        assert!(matches!(read_limited(&b"abc"[..], 3, 3), Ok(b) if b == b"abc"));
    }

    /// Makes a named pipe with `mkfifo`; `None` where there is none.
    #[cfg(unix)]
    fn fifo(path: &Path) -> Option<()> {
        let made = std::process::Command::new("mkfifo").arg(path).status();
        made.is_ok_and(|s| s.success()).then_some(())
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_before_they_are_opened() {
        let root = Path::new("/");
        for device in ["/dev/zero", "/dev/null"] {
            let e = read_text(root, Path::new(device)).unwrap_err();
            assert_eq!(
                e.message,
                "the file is a character device, not a regular file"
            );
        }
        let e = read_bytes(root, Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            e.message,
            "the file is a character device, not a regular file"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), dir.path()).unwrap_err();
        assert_eq!(e.message, "the path is a folder, not a file");
        let pipe = dir.path().join("pipe.yaml");
        let Some(()) = fifo(&pipe) else {
            eprintln!("skipping the FIFO case: mkfifo is not available");
            return;
        };
        // Opening it would wait for a writer forever: this returns at once.
        let e = read_text(dir.path(), &pipe).unwrap_err();
        assert_eq!(e.file, "pipe.yaml");
        assert_eq!(
            e.message,
            "the file is a named pipe (FIFO), not a regular file"
        );
        assert!(e.help.is_some_and(|h| h.contains("regular file")));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_folders_are_reported_and_not_read() {
        let dir = minimal_site("");
        let root = dir.path();
        fs::create_dir_all(root.join("content/pages")).unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        let Some(()) = fifo(&root.join("content/assessments/pipe.yaml")) else {
            eprintln!("skipping: mkfifo is not available");
            return;
        };
        fifo(&root.join("content/assessments/notes.txt")).unwrap();
        fifo(&root.join("content/pages/p.md")).unwrap();
        fifo(&root.join("static/feed.bin")).unwrap();
        // A link inside the site to a pipe is a pipe too.
        std::os::unix::fs::symlink(
            root.join("static/feed.bin"),
            root.join("content/assessments/link.yaml"),
        )
        .unwrap();
        let s = load(root).unwrap();
        let files: Vec<&str> = s.problems.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "content/assessments/link.yaml",
                "content/assessments/pipe.yaml",
                "content/pages/p.md",
                "static/feed.bin"
            ],
            "a pipe without a wanted extension (notes.txt) is ignored like any such file"
        );
        assert!(
            s.problems
                .iter()
                .all(|d| d.message == "the file is a named pipe (FIFO), not a regular file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn site_yaml_linked_out_of_the_site_is_refused_unread() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("site.yaml"), "secret: [unclosed\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("site.yaml"),
            dir.path().join("site.yaml"),
        )
        .unwrap();
        let e = load(dir.path()).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].file, "site.yaml");
        assert_eq!(
            e.0[0].message,
            "the file is a link to a place outside the site folder"
        );
        assert_eq!(e.0[0].source_line, None);
        // A link inside the site works.
        fs::write(dir.path().join("real.yaml"), "title: T\nbase_url: /\n").unwrap();
        fs::remove_file(dir.path().join("site.yaml")).unwrap();
        std::os::unix::fs::symlink("real.yaml", dir.path().join("site.yaml")).unwrap();
        assert_eq!(load(dir.path()).unwrap().config.title, "T");
    }

    #[test]
    fn sizes_read_like_ls() {
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(16 * 1024 * 1024), "16 MB");
        assert_eq!(human_size(16 * 1024 * 1024 + 1), "16.1 MB");
        assert_eq!(human_size(52 * 1024 * 1024 + 400 * 1024), "52.4 MB");
        assert_eq!(human_size(u64::MAX), "17592186044416.0 MB");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), "x").unwrap();
        let dir = minimal_site("");
        let root = dir.path();
        std::os::unix::fs::symlink(
            outside.path().join("secret.yaml"),
            root.join("content/assessments/s.yaml"),
        )
        .unwrap();
        let e = load(root).unwrap().problems;
        assert_eq!(
            e[0].message,
            "the file is a link to a place outside the site folder"
        );
    }

    #[test]
    fn remembered_files_are_read_again_only_when_changed() {
        let dir = minimal_site("");
        let root = dir.path();
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let write = |name: &str, text: &str, modified: Option<SystemTime>| {
            let path = root.join("content/assessments").join(name);
            fs::write(&path, text).unwrap();
            if let Some(t) = modified {
                fs::File::options()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .set_modified(t)
                    .unwrap();
            }
        };
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            write(name, name, Some(an_hour_ago));
        }
        let texts = |memo: &mut ReadMemo| -> Vec<(String, Arc<String>)> {
            let sources = crate::pipeline::load_remembering(root, memo).unwrap();
            assert!(sources.problems.is_empty(), "{:?}", sources.problems);
            sources
                .assessments
                .into_iter()
                .map(|f| (f.path, f.text))
                .collect()
        };
        let mut memo = ReadMemo::default();
        let first = texts(&mut memo);
        let second = texts(&mut memo);
        assert_eq!(first.len(), 3);
        for ((_, x), (_, y)) in first.iter().zip(&second) {
            assert!(Arc::ptr_eq(x, y), "an unchanged file is not read again");
        }

        // b changes (same size, new time); c goes; d comes.
        write("b.yaml", "B.yaml", None);
        fs::remove_file(root.join("content/assessments/c.yaml")).unwrap();
        write("d.yaml", "d.yaml", Some(an_hour_ago));
        let third = texts(&mut memo);
        let names: Vec<&str> = third.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "content/assessments/a.yaml",
                "content/assessments/b.yaml",
                "content/assessments/d.yaml"
            ]
        );
        assert!(Arc::ptr_eq(&third[0].1, &second[0].1));
        assert_eq!(third[1].1.as_str(), "B.yaml");
        assert_eq!(third[2].1.as_str(), "d.yaml");
        assert_eq!(memo.len(), 3, "removed files are forgotten");

        // b was modified just before it was read: a change within the file
        // system clock's resolution could hide behind the same time, so it
        // is read again until it has settled.
        let fourth = texts(&mut memo);
        assert!(
            !Arc::ptr_eq(&fourth[1].1, &third[1].1),
            "a recent file is read again"
        );
        assert!(Arc::ptr_eq(&fourth[2].1, &third[2].1));
    }

    /// Files are resolved only when their path passes through a link: a
    /// linked folder at any depth, the assessments folder itself, or a
    /// folder above it.
    #[cfg(unix)]
    #[test]
    fn files_in_linked_folders_are_refused_at_any_depth() {
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir_all(outside.path().join("deep/er")).unwrap();
        fs::write(outside.path().join("deep/er/a.yaml"), "x").unwrap();
        let refused = |folder: &str, link: &str, file: &str| {
            let dir = minimal_site(&format!("assessments: {folder}\n"));
            let root = dir.path();
            if let Some(parent) = root.join(link).parent() {
                fs::create_dir_all(parent).unwrap();
            }
            std::os::unix::fs::symlink(outside.path().join("deep"), root.join(link)).unwrap();
            let sources = load(root).unwrap();
            let files: Vec<&str> = sources.problems.iter().map(|d| d.file.as_str()).collect();
            assert_eq!(files, [file], "{link}");
            assert!(sources.assessments.is_empty(), "{link}");
        };
        refused(
            "scores",
            "scores/2025/linked",
            "scores/2025/linked/er/a.yaml",
        );
        refused("scores", "scores", "scores/er/a.yaml");
        refused("data/er", "data", "data/er/a.yaml");
    }
}
