//! Watching the site folder and rebuilding on change.
//!
//! Only what a build reads is watched: `site.yaml` (through a watch on the
//! site folder itself, which also sees input folders appear) and, each
//! recursively, the top-level folders of the model, assessments and pages,
//! `templates`, `static` and `themes`. So a site folder that is also a code
//! repository (with `target/`, `node_modules/`, `.git/`) costs nothing, and
//! the output folder, hidden files and editors' temporary files never cause
//! a rebuild.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{
    AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind,
};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use super::Shared;
use crate::diag::Diagnostic;
use crate::domain::config::{CONFIG_FILE, SiteConfig};
use crate::io::layout::{STATIC, TEMPLATES, THEMES, reads_name};
use crate::text::terminal;

/// A file's changes are reported once it has been quiet this long.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// How often the debouncer looks for quiet files.
const TICK: Duration = Duration::from_millis(50);

/// The debouncer reports each file on its own tick, so the files of one
/// burst can arrive in several batches: a rebuild waits until no relevant
/// batch has come for this long.
const SETTLE: Duration = Duration::from_millis(150);

/// What the watcher thread receives.
pub(super) enum Msg {
    /// Changes reported by the debouncer.
    Fs(DebounceEventResult),
    /// The server is stopping.
    Stop,
}

/// Where a site's inputs and output are, from its configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    /// The path the site is served under.
    pub base_path: String,
    /// Top-level names a build reads: `site.yaml`, a root-level model file,
    /// and folders.
    inputs: BTreeSet<String>,
    /// The output folder, relative to the site.
    output: PathBuf,
}

impl Default for Layout {
    /// The layout of a site whose `site.yaml` says nothing (or cannot be
    /// read): every top-level name a default site reads.
    fn default() -> Self {
        Layout {
            base_path: "/".to_owned(),
            inputs: [CONFIG_FILE, "content", TEMPLATES, STATIC, THEMES]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            output: PathBuf::from("public"),
        }
    }
}

impl Layout {
    /// The watched names of a site configured by `config`, as
    /// [`crate::io::layout::Layout`] defines its inputs.
    pub fn from_config(config: &SiteConfig) -> Self {
        Layout {
            base_path: crate::domain::config::base_path(&config.base_url),
            inputs: crate::io::layout::Layout::of(config).top_level_names(),
            output: PathBuf::from(&config.output),
        }
    }

    /// Whether a change at `rel` (relative to the site folder) may change
    /// the site.
    fn is_input(&self, rel: &Path) -> bool {
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(name) => parts.push(name),
                Component::CurDir => {}
                _ => return false,
            }
        }
        let Some(first) = parts.first() else {
            // The site folder itself (moved or deleted).
            return true;
        };
        if !self.inputs.contains(first.to_string_lossy().as_ref()) || rel.starts_with(&self.output)
        {
            return false;
        }
        // Static folders publish hidden files such as `.well-known/` (as
        // `load` does); elsewhere hidden files are never read.
        let in_static = first.to_str() == Some(STATIC)
            || (first.to_str() == Some(THEMES)
                && parts.get(2).and_then(|p| p.to_str()) == Some(STATIC));
        parts.iter().all(|name| !ignored(name, in_static))
    }
}

/// Editors' temporary files, version control, and hidden files (unless
/// they are published from a static folder).
fn ignored(name: &OsStr, in_static: bool) -> bool {
    let name = name.to_string_lossy();
    // An editor's temporary files while it saves are not changes yet.
    let temporary = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo"].iter().any(|s| name.ends_with(s))
        || name == "4913"; // vim's test of a folder's permissions
    temporary || !reads_name(&name, in_static)
}

/// The file watches of a site.
pub(super) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Top-level folders watched recursively.
    watched: BTreeSet<String>,
}

impl Watcher {
    /// Watches the site folder itself (not recursively); [`Watcher::sync`]
    /// adds its input folders.
    pub fn new(root: &Path, tx: Sender<Msg>) -> Result<Self, Diagnostic> {
        let fail = |e: notify_debouncer_full::notify::Error| {
            Diagnostic::in_file(
                root.display().to_string(),
                format!("cannot watch the site folder for changes: {e}"),
            )
            .with_help("on Linux, raising `fs.inotify.max_user_watches` (sysctl) may help")
        };
        let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |r| {
            let _ = tx.send(Msg::Fs(r));
        })
        .map_err(fail)?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        Ok(Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        })
    }

    /// Watches every input folder of `layout` that exists, and forgets the
    /// ones that no longer matter.
    pub fn sync(&mut self, layout: &Layout) {
        for name in &layout.inputs {
            let dir = self.root.join(name);
            if self.watched.contains(name) || !dir.is_dir() {
                continue;
            }
            // A folder deleted and made again needs a new watch.
            let _ = self.debouncer.unwatch(&dir);
            match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(name.clone());
                }
                Err(e) => eprintln!(
                    "warning: cannot watch `{}` for changes: {}",
                    terminal::safe(name),
                    terminal::safe(&e.to_string())
                ),
            }
        }
        let stale: Vec<String> = self
            .watched
            .iter()
            .filter(|n| !layout.inputs.contains(*n) || !self.root.join(n).is_dir())
            .cloned()
            .collect();
        for name in stale {
            let _ = self.debouncer.unwatch(self.root.join(&name));
            self.watched.remove(&name);
        }
    }

    /// Whether a batch of changes calls for a rebuild. Notes watched folders
    /// that went away, so that [`Watcher::sync`] watches them again when
    /// they come back.
    fn take(&mut self, result: DebounceEventResult, layout: &Layout) -> bool {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!(
                        "warning: watching for changes: {}",
                        terminal::safe(&e.to_string())
                    );
                }
                return false;
            }
        };
        let mut relevant = false;
        for event in &events {
            self.forget_removed(event);
            relevant |= self.is_relevant(event, layout);
        }
        relevant
    }

    fn forget_removed(&mut self, event: &DebouncedEvent) {
        if !matches!(
            event.event.kind,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        ) {
            return;
        }
        for path in &event.event.paths {
            if path.parent() == Some(self.root.as_path())
                && let Some(name) = path.file_name().and_then(OsStr::to_str)
            {
                self.watched.remove(name);
            }
        }
    }

    fn is_relevant(&self, event: &DebouncedEvent, layout: &Layout) -> bool {
        if event.event.need_rescan() {
            return true;
        }
        match event.event.kind {
            // Reads, including the build's own: only a finished write counts.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return false,
            _ => {}
        }
        event.event.paths.iter().any(|path| {
            path.strip_prefix(&self.root)
                .is_ok_and(|rel| layout.is_input(rel))
        })
    }
}

/// Rebuilds after each burst of relevant changes until told to stop.
pub(super) fn watch_loop(
    rx: &Receiver<Msg>,
    mut watcher: Watcher,
    shared: &Shared,
    root: &Path,
    mut layout: Layout,
    mut memo: crate::pipeline::Memo,
) {
    loop {
        match rx.recv() {
            Ok(Msg::Fs(result)) => {
                if !watcher.take(result, &layout) {
                    continue;
                }
            }
            Ok(Msg::Stop) | Err(_) => return,
        }
        let mut quiet_until = Instant::now() + SETTLE;
        loop {
            let left = quiet_until.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(Msg::Fs(result)) => {
                    if watcher.take(result, &layout) {
                        quiet_until = Instant::now() + SETTLE;
                    }
                }
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        if shared.stopping() {
            return;
        }
        if let Some(found) = super::rebuild(shared, root, &mut memo, false) {
            layout = found;
        }
        watcher.sync(&layout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::config;

    fn layout() -> Layout {
        Layout {
            base_path: "/".into(),
            inputs: [
                "site.yaml",
                "content",
                "templates",
                "static",
                "themes",
                "model.yaml",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            output: PathBuf::from("public"),
        }
    }

    #[test]
    fn only_inputs_cause_rebuilds() {
        let l = layout();
        for yes in [
            "site.yaml",
            "model.yaml",
            "content",
            "content/assessments/x.yaml",
            "content/assessments/new.yaml.tmp",
            "templates/report.html",
            "static/.well-known/security.txt",
            "themes/dark/static/.well-known/x",
            "",
        ] {
            assert!(l.is_input(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "public",
            "README.md",
            "target/debug/rungs",
            ".git/index",
            "content/.hidden.yaml",
            "content/assessments/x.yaml~",
            "content/assessments/.x.yaml.swp",
            "content/assessments/x.yaml.swp",
            "content/assessments/.#x.yaml",
            "content/assessments/#x.yaml#",
            "content/assessments/4913",
            "templates/.git/config",
            "static/.git/config",
            "static/.DS_Store",
            "themes/dark/templates/.x.html",
            "../elsewhere/site.yaml",
        ] {
            assert!(!l.is_input(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn an_output_inside_an_input_folder_is_ignored() {
        let l = Layout {
            output: PathBuf::from("content/out"),
            ..layout()
        };
        assert!(!l.is_input(Path::new("content/out/index.html")));
        assert!(l.is_input(Path::new("content/outline.md")));
    }

    #[test]
    fn the_configuration_names_the_inputs() {
        let config = config::parse(
            "title: T\nbase_url: https://o.github.io/repo/\nmodel: model.yaml\nassessments: data/results\noutput: site\n",
        )
        .unwrap();
        let l = Layout::from_config(&config);
        assert_eq!(l.base_path, "/repo/");
        let inputs: Vec<&str> = l.inputs.iter().map(String::as_str).collect();
        assert_eq!(
            inputs,
            vec![
                "content",
                "data",
                "i18n",
                "model.yaml",
                "site.yaml",
                "static",
                "templates",
                "themes"
            ]
        );
        assert_eq!(l.output, PathBuf::from("site"));
    }
}
