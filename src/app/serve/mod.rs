//! `rungs serve`: builds the site in memory, serves it on 127.0.0.1 under
//! the path of `base_url`, rebuilds when a source file changes and reloads
//! open browsers.
//!
//! Nothing is written to disk: every build renders into an in-memory store
//! that replaces the previous one only when the build succeeds, so a broken
//! edit never takes the site down. HTML responses get a small live-reload
//! script at serve time (never in the store, so `rungs build` output has
//! none); it listens on a server-sent event stream for `reload` after a good
//! build and `error` (with the terminal's diagnostics) after a failed one.
//!
//! Four kinds of threads share one `Shared` state: the thread that
//! accepts connections, a fixed pool of request workers, one thread per
//! open event stream, and the watcher thread that rebuilds.
//!
//! Under load the server stays up and serves again once the load goes:
//! at most 16 workers (`conn::WORKERS`) answer requests, 64 accepted
//! connections wait for them (`conn::QUEUE`) and the next get a `503`
//! with `Retry-After` at once; at most 32 event streams are open
//! (`conn::STREAMS`), on threads of their own, so they never take a
//! worker; a client has 5 seconds from its connection to send a request
//! head of at most 32 KiB (`conn::HEAD_TIMEOUT`, `conn::MAX_HEAD`) and
//! 10 seconds to read each answer (`conn::WRITE_TIMEOUT`). The `conn`
//! module says why those numbers.

mod conn;
mod http;
mod watch;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::config::CONFIG_FILE;
use crate::domain::output::{Sink, cannot_produce, check_output_path};
use crate::io::load;
use crate::pipeline;
use crate::pipeline::Summary;

pub use http::SCRIPT_TAG;
use watch::{Layout, Msg, Watcher};

/// What `rungs serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The site folder (holding `site.yaml`).
    pub site_dir: PathBuf,
    /// The port on 127.0.0.1; 0 lets the system pick a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// Runs `rungs serve` until the process is interrupted: exit status 1 when
/// the server cannot start (no site, port taken) or stops on an error.
pub fn run(options: &ServeOptions) -> ExitCode {
    let handle = match start(options) {
        Ok(handle) => handle,
        Err(problems) => {
            let problems = problems.sorted();
            // A lone problem (such as a taken port) reads better without
            // the "1 problem in 1 file" summary.
            match problems.0.as_slice() {
                [one] => eprint!("{one}"),
                _ => eprint!("{problems}"),
            }
            return ExitCode::from(crate::app::EXIT_INVALID);
        }
    };
    let url = handle.url();
    if !options.quiet {
        println!(
            "serving {} at {url} (Ctrl+C to stop)",
            crate::text::terminal::safe(&options.site_dir.display().to_string())
        );
    }
    if options.open {
        open_browser(&url);
    }
    // Returns only if the server stopped accepting connections (it says why).
    handle.wait();
    ExitCode::from(crate::app::EXIT_INVALID)
}

/// Binds the port, builds the site once and starts serving and watching it
/// in background threads.
///
/// Fails when there is no site to serve (no `site.yaml`), the port cannot
/// be bound, or the folder cannot be watched. A first build that fails is
/// not an error: its problems are printed and shown in the browser, and the
/// site appears as soon as they are fixed.
pub fn start(options: &ServeOptions) -> Result<ServerHandle, Diagnostics> {
    if !options.site_dir.join(CONFIG_FILE).is_file() {
        // `load` says what is missing, in the words `rungs build` uses.
        crate::pipeline::load(&options.site_dir)?;
    }
    let root = load::canonical_site(&options.site_dir).map_err(one)?;
    let listener = bind(options.port).map_err(one)?;
    let addr = listener
        .local_addr()
        .map_err(|e| one(listen_error(options.port, &e)))?;
    let shared = Arc::new(Shared::new(addr, options.quiet));

    let (tx, rx) = mpsc::channel();
    let mut watcher = Watcher::new(&root, tx.clone()).map_err(one)?;
    let mut layout = Layout::default();
    watcher.sync(&layout);
    let mut memo = pipeline::Memo::default();
    if let Some(found) = rebuild(&shared, &root, &mut memo, true) {
        layout = found;
        watcher.sync(&layout);
    }

    // From here on, dropping `handle` (on an error too) stops what started.
    let mut handle = ServerHandle {
        addr,
        shared: Arc::clone(&shared),
        acceptor: None,
        workers: Vec::new(),
        watcher: None,
        control: tx,
    };
    let (queue, waiting) = mpsc::sync_channel(conn::QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    for i in 0..conn::WORKERS {
        let (waiting, state) = (Arc::clone(&waiting), Arc::clone(&shared));
        let worker = thread::Builder::new()
            .name(format!("rungs-serve-http-{i}"))
            .spawn(move || conn::work(&waiting, &state, http::handle))
            .map_err(|e| one(thread_error(addr, &e)))?;
        handle.workers.push(worker);
    }
    let state = Arc::clone(&shared);
    let acceptor = thread::Builder::new()
        .name("rungs-serve-accept".to_owned())
        .spawn(move || conn::accept_loop(&listener, &queue, &state))
        .map_err(|e| one(thread_error(addr, &e)))?;
    handle.acceptor = Some(acceptor);
    let watcher_thread = thread::Builder::new()
        .name("rungs-serve-watch".to_owned())
        .spawn(move || watch::watch_loop(&rx, watcher, &shared, &root, layout, memo))
        .map_err(|e| one(thread_error(addr, &e)))?;
    handle.watcher = Some(watcher_thread);
    Ok(handle)
}

/// A running server; dropping it (or [`ServerHandle::stop`]) stops serving
/// and watching.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    /// Owns the listening socket, and the sending side of the workers' queue.
    acceptor: Option<JoinHandle<()>>,
    workers: Vec<JoinHandle<()>>,
    watcher: Option<JoinHandle<()>>,
    control: Sender<Msg>,
}

impl ServerHandle {
    /// The address the server listens on (127.0.0.1 and the bound port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The path the site is served under, such as `/repo/` (from the last
    /// `site.yaml` that could be read; `/` before that).
    pub fn base_path(&self) -> String {
        self.shared.snapshot().base_path.clone()
    }

    /// `http://127.0.0.1:PORT/base/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path())
    }

    /// How many rebuilds changes have caused so far (good or failed; the
    /// first build is not counted). A burst of saves is one rebuild.
    pub fn rebuilds(&self) -> u64 {
        self.shared.rebuilds.load(Ordering::SeqCst)
    }

    /// The diagnostics of the last build, as printed, if it failed.
    pub fn last_error(&self) -> Option<String> {
        self.shared.snapshot().error.clone()
    }

    /// Blocks until the server stops on its own, which happens only if no
    /// request worker is left (it says so).
    pub fn wait(mut self) {
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }

    /// Stops serving and watching, and waits for the server's threads.
    pub fn stop(self) {
        drop(self);
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = self.control.send(Msg::Stop);
        if let Some(acceptor) = self.acceptor.take() {
            // It waits in `accept`: a connection of our own wakes it to see
            // the flag. Should none be possible, it is left behind, and so
            // are the workers, which wait for its queue to close.
            if TcpStream::connect_timeout(&self.addr, WAKE).is_err() {
                self.workers.clear();
            } else {
                // Returning, it closes the listening socket and the queue.
                let _ = acceptor.join();
            }
        }
        // Each ends within a poll once its connection is done or stopped.
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        // Ends every event stream.
        lock(&self.shared.subscribers).clear();
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("addr", &self.addr)
            .field("rebuilds", &self.rebuilds())
            .finish_non_exhaustive()
    }
}

/// How long [`ServerHandle::stop`] tries to connect to wake the accept loop.
const WAKE: Duration = Duration::from_secs(2);

/// The rendered files of a good build, by output path.
type Files = HashMap<String, Arc<[u8]>>;

/// What is being served: replaced as a whole, never changed in place.
#[derive(Debug, Default)]
struct Snapshot {
    /// The last good build, if any build succeeded yet.
    files: Option<Arc<Files>>,
    /// Where the site is served, such as `/repo/`.
    base_path: String,
    /// Good builds so far.
    generation: u64,
    /// The diagnostics of the last build, as printed, if it failed.
    error: Option<String>,
}

/// State shared by the HTTP workers, the event streams and the watcher.
struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// One sender per open event stream; dead ones are dropped on broadcast.
    subscribers: Mutex<Vec<Sender<String>>>,
    /// Event streams open (at most [`conn::STREAMS`]).
    streams: AtomicUsize,
    rebuilds: AtomicU64,
    stop: AtomicBool,
    /// Differs between runs of `rungs serve`, so that a browser that
    /// reconnects to a restarted server reloads.
    token: String,
    addr: SocketAddr,
    quiet: bool,
}

impl Shared {
    fn new(addr: SocketAddr, quiet: bool) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                base_path: "/".to_owned(),
                ..Snapshot::default()
            })),
            subscribers: Mutex::new(Vec::new()),
            streams: AtomicUsize::new(0),
            rebuilds: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            token: format!("{nanos:x}-{:x}", std::process::id()),
            addr,
            quiet,
        }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn replace(&self, next: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Identifies the build being served.
    fn build_id(&self, generation: u64) -> String {
        format!("{}.{generation}", self.token)
    }

    /// A new event stream: it first gets `hello` with the build id and,
    /// after a failed build, the `error`; then every broadcast.
    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let mut subscribers = lock(&self.subscribers);
        let snapshot = self.snapshot();
        let _ = tx.send(http::sse_event(
            "hello",
            &self.build_id(snapshot.generation),
        ));
        if let Some(error) = &snapshot.error {
            let _ = tx.send(http::sse_event("error", error));
        }
        subscribers.push(tx);
        rx
    }

    fn broadcast(&self, message: &str) {
        lock(&self.subscribers).retain(|tx| tx.send(message.to_owned()).is_ok());
    }
}

/// Locks a mutex, recovering the data if a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Builds the site in memory and publishes the outcome: on success the new
/// files and a `reload`; on failure the diagnostics (printed and sent as
/// `error`) while the last good files stay. Returns the site's layout when
/// `site.yaml` could be read.
fn rebuild(shared: &Shared, root: &Path, memo: &mut pipeline::Memo, first: bool) -> Option<Layout> {
    let started = Instant::now();
    let (layout, result) = build_in_memory(root, memo, shared.snapshot().files.clone());
    let ms = started.elapsed().as_millis();
    let previous = shared.snapshot();
    let base_path = layout
        .as_ref()
        .map_or_else(|| previous.base_path.clone(), |l| l.base_path.clone());
    if !first {
        // Counted before the outcome is published, so that whoever sees
        // the outcome sees the count.
        shared.rebuilds.fetch_add(1, Ordering::SeqCst);
    }
    if !first && !shared.quiet && base_path != previous.base_path {
        println!(
            "base_url changed: now serving at http://{}{}",
            shared.addr,
            crate::text::terminal::safe(&base_path)
        );
    }
    match result {
        Ok(built) => {
            let generation = previous.generation + 1;
            shared.replace(Snapshot {
                files: Some(Arc::new(built.files)),
                base_path,
                generation,
                error: None,
            });
            shared.broadcast(&http::sse_event("reload", &shared.build_id(generation)));
            if !shared.quiet {
                let s = &built.summary;
                if first {
                    println!(
                        "built {} assessment{}, {} page{}, {} file{} in {ms} ms",
                        built.assessments,
                        plural(built.assessments),
                        s.pages,
                        plural(s.pages),
                        s.files,
                        plural(s.files)
                    );
                } else {
                    let (rendered, total) = built.organizations;
                    println!(
                        "rebuilt in {ms} ms ({rendered} of {total} organisation{} rendered again)",
                        plural(total)
                    );
                }
            }
        }
        Err(problems) => {
            let problems = problems.sorted();
            let text = problems.to_string();
            eprint!("{text}");
            shared.replace(Snapshot {
                files: previous.files.clone(),
                base_path,
                generation: previous.generation,
                error: Some(text.clone()),
            });
            shared.broadcast(&http::sse_event("error", &text));
            if !shared.quiet {
                let n = problems.len();
                let still = if previous.files.is_some() {
                    "still serving the last good site"
                } else {
                    "the site appears once they are fixed"
                };
                eprintln!("build failed: {n} problem{}; {still}", plural(n));
            }
        }
    }
    layout
}

/// A good build.
struct Built {
    files: Files,
    summary: Summary,
    assessments: usize,
    /// Organisations rendered (not taken from the memo), of all.
    organizations: (usize, usize),
}

/// Loads, validates, scores and renders the site into memory, reusing
/// what `memo` kept from the previous build.
fn build_in_memory(
    root: &Path,
    memo: &mut pipeline::Memo,
    previous: Option<Arc<Files>>,
) -> (Option<Layout>, Result<Built, Diagnostics>) {
    let sources = match crate::pipeline::load_remembering(root, &mut memo.read) {
        Ok(sources) => sources,
        Err(problems) => return (None, Err(problems)),
    };
    let layout = Layout::from_config(&sources.config);
    let store = Store::after(previous);
    let result = pipeline::build_remembering(sources, &store, memo).map(|outcome| Built {
        files: store.into_files(),
        summary: outcome.summary,
        assessments: outcome.assessments,
        organizations: (memo.pages.len() - memo.pages.reused(), memo.pages.len()),
    });
    (Some(layout), result)
}

/// A [`Sink`] that keeps the files in memory for serving.
#[derive(Default)]
struct Store {
    files: std::sync::Mutex<Files>,
    /// The files of the previous good build, whose sizes tell how large a
    /// buffer a streamed file needs (see [`Store::capacity_for`]).
    previous: Option<Arc<Files>>,
}

impl Store {
    /// A store that sizes itself and its streamed files after `previous`.
    fn after(previous: Option<Arc<Files>>) -> Self {
        let files = Files::with_capacity(previous.as_ref().map_or(0, |p| p.len()));
        Store {
            files: std::sync::Mutex::new(files),
            previous,
        }
    }

    /// The buffer to collect streamed file `path` in: the size of the same
    /// file in the previous build and an eighth more, or nothing (the
    /// buffer grows as needed either way).
    fn capacity_for(&self, path: &str) -> usize {
        self.previous
            .as_ref()
            .and_then(|files| files.get(path))
            .map_or(0, |bytes| bytes.len() + bytes.len() / 8)
    }

    fn into_files(self) -> Files {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Store {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put_shared(path, &Arc::from(bytes))
    }

    /// Collects the bytes into a buffer the size of the same file in the
    /// previous build (plus an eighth): `data/results.json` (about 4.6 KB
    /// per published assessment, 42 MB at 10k) grown from empty was
    /// copied and faulted in again at every doubling, which `perf` put at
    /// about a tenth of a 10k rebuild's samples (docs/performance.md).
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        let mut bytes = Vec::with_capacity(self.capacity_for(path));
        write(&mut bytes).map_err(|e| cannot_produce(path, &e))?;
        let shared: Arc<[u8]> = Arc::from(bytes);
        self.put_shared(path, &shared)?;
        Ok(shared.len() as u64)
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), Diagnostic> {
        check_output_path(path)?;
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_owned(), Arc::clone(bytes));
        Ok(())
    }
}

fn bind(port: u16) -> Result<TcpListener, Diagnostic> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| listen_error(port, &e))
}

fn listen_error(port: u16, e: &std::io::Error) -> Diagnostic {
    let at = format!("127.0.0.1:{port}");
    match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            Diagnostic::in_file(&at, format!("cannot serve on {at}: the port is already in use"))
                .with_help(format!(
                    "another program (perhaps another `rungs serve`) uses it: stop it, or choose a free port with `--port {}`",
                    port.wrapping_add(1).max(1024)
                ))
        }
        std::io::ErrorKind::PermissionDenied => {
            Diagnostic::in_file(&at, format!("cannot serve on {at}: permission denied"))
                .with_help("ports below 1024 need special rights: choose another with `--port`")
        }
        _ => Diagnostic::in_file(&at, format!("cannot serve on {at}: {e}"))
            .with_help("choose another port with `--port`"),
    }
}

fn thread_error(addr: SocketAddr, e: &std::io::Error) -> Diagnostic {
    Diagnostic::in_file(
        addr.to_string(),
        format!("cannot start the server's threads: {e}"),
    )
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

use crate::text::plural_s as plural;

/// Opens `url` in the default browser, if a launcher is there; failures
/// are ignored (the URL is printed anyway).
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Ok(mut child) = command.spawn() {
        // Reap the launcher when it exits.
        let _ = thread::Builder::new().spawn(move || {
            let _ = child.wait();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_suggests_another() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let d = bind(port).unwrap_err();
        assert!(d.message.contains("already in use"), "{}", d.message);
        assert!(d.help.unwrap_or_default().contains("--port"));
    }

    #[test]
    fn the_store_refuses_paths_outside() {
        let store = Store::default();
        assert!(store.put("a/index.html", b"x").is_ok());
        assert!(store.put("../x", b"x").is_err());
        assert_eq!(store.into_files().len(), 1);
    }

    #[test]
    fn a_streamed_file_is_stored_whole_whatever_the_previous_build_held() {
        let mut previous = Files::new();
        previous.insert("data/results.json".to_owned(), Arc::from(&b"0123"[..]));
        previous.insert("data/big.json".to_owned(), Arc::from(vec![b'x'; 8000]));
        let store = Store::after(Some(Arc::new(previous)));
        assert_eq!(store.capacity_for("data/results.json"), 4);
        assert_eq!(store.capacity_for("data/big.json"), 9000);
        assert_eq!(store.capacity_for("data/new.json"), 0);
        // Larger than the previous build's file, smaller, and new.
        let long: Vec<u8> = (0..5000u32).flat_map(|i| i.to_le_bytes()).collect();
        for (path, bytes) in [
            ("data/results.json", &long[..]),
            ("data/big.json", &b"short"[..]),
            ("data/new.json", &long[..]),
        ] {
            let mut write = |w: &mut dyn std::io::Write| {
                for chunk in bytes.chunks(7) {
                    w.write_all(chunk)?;
                }
                Ok(())
            };
            assert_eq!(store.put_streamed(path, &mut write), Ok(bytes.len() as u64));
        }
        assert!(store.put_streamed("../x.json", &mut |_| Ok(())).is_err());
        let files = store.into_files();
        assert_eq!(files.len(), 3);
        assert_eq!(&files["data/results.json"][..], &long[..]);
        assert_eq!(&files["data/big.json"][..], b"short");
        assert_eq!(&files["data/new.json"][..], &long[..]);
    }

    #[test]
    fn subscribers_get_hello_then_the_error_then_broadcasts() {
        let shared = Shared::new(SocketAddr::from(([127, 0, 0, 1], 1)), true);
        shared.replace(Snapshot {
            error: Some("error: bad\n".to_owned()),
            ..Snapshot::default()
        });
        let rx = shared.subscribe();
        shared.broadcast("event: reload\ndata: 1\n\n");
        let got: Vec<String> = rx.try_iter().collect();
        assert_eq!(got.len(), 3);
        assert!(got[0].starts_with("event: hello\n"));
        assert_eq!(got[1], "event: error\ndata: \"error: bad\\n\"\n\n");
        assert_eq!(got[2], "event: reload\ndata: 1\n\n");
        drop(rx);
        shared.broadcast("x");
        assert!(
            lock(&shared.subscribers).is_empty(),
            "dead subscribers are dropped"
        );
    }
}
