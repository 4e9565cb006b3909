//! `rungs serve`, in process through `rungs::app::serve::start`: pages are
//! served under the base path from memory, a change is rebuilt and
//! announced, a failed build is reported while the last good site stays,
//! and a burst of saves is one rebuild. Every wait is bounded.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{EXAMPLE_X, Fixture};
use rungs::app::serve::{self, SCRIPT_TAG, ServeOptions, ServerHandle};

/// Longest wait for anything: a rebuild takes well under a second.
const PATIENCE: Duration = Duration::from_secs(10);

/// The report of X, with its overall score.
const REPORT_X: &str = "/sub/organizations/x/2025/";

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    listener.local_addr().expect("addr").port()
}

fn start(site: &Path, port: u16) -> ServerHandle {
    serve::start(&ServeOptions {
        site_dir: site.to_path_buf(),
        port,
        open: false,
        quiet: true,
    })
    .unwrap_or_else(|e| panic!("serve did not start:\n{e}"))
}

/// A response, read whole.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// GET over a plain socket.
fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {path}: {head:?}"));
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// The server's own account of the last build.
fn status(addr: SocketAddr) -> serde_json::Value {
    let r = get(addr, "/__rungs/status");
    assert_eq!(r.status, 200);
    serde_json::from_str(&r.body).expect("status is JSON")
}

/// Polls every 100 ms until `f` gives something, for at most [`PATIENCE`].
fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(t) = f() {
            return t;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An open `/__rungs/events` stream.
struct Events {
    stream: TcpStream,
    /// Bytes not decoded yet.
    raw: Vec<u8>,
    /// Whether the head has been read.
    started: bool,
    /// The events so far (the decoded body).
    text: String,
    /// Whether the body ended (the last chunk came).
    ended: bool,
    /// Where the next `expect` starts looking.
    cursor: usize,
}

impl Events {
    fn open(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        write!(
            stream,
            "GET /__rungs/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        Events {
            stream,
            raw: Vec::new(),
            started: false,
            text: String::new(),
            ended: false,
            cursor: 0,
        }
    }

    /// Reads until `needle` arrives after the previous match; returns the
    /// text from there on. `None` when the stream ends first.
    fn expect(&mut self, needle: &str) -> Option<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.text[self.cursor..].find(needle) {
                let from = self.cursor + i;
                self.cursor = from + needle.len();
                return Some(self.text[from..].to_owned());
            }
            if self.ended {
                return None;
            }
            assert!(
                Instant::now() < deadline,
                "no `{needle}` in {:?}",
                self.text
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the connection closed before the body ended"),
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    self.decode();
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
    }

    /// Moves complete parts of `raw` into `text`: the head once, then
    /// chunks (`SIZE\r\nDATA\r\n`, the last of size 0).
    fn decode(&mut self) {
        if !self.started {
            let Some(end) = find(&self.raw, b"\r\n\r\n") else {
                return;
            };
            let head = String::from_utf8_lossy(&self.raw[..end]).into_owned();
            assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
            assert!(head.contains("Content-Type: text/event-stream"), "{head}");
            assert!(head.contains("Transfer-Encoding: chunked"), "{head}");
            self.raw.drain(..end + 4);
            self.started = true;
        }
        while let Some(line_end) = find(&self.raw, b"\r\n") {
            let size = std::str::from_utf8(&self.raw[..line_end])
                .ok()
                .and_then(|s| usize::from_str_radix(s, 16).ok())
                .expect("a chunk size");
            let total = line_end + 2 + size + 2;
            if self.raw.len() < total {
                return;
            }
            let data = &self.raw[line_end + 2..line_end + 2 + size];
            self.text.push_str(&String::from_utf8_lossy(data));
            self.raw.drain(..total);
            if size == 0 {
                self.ended = true;
                return;
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// X with capability c at level 2: overall score 2.16 (1.70 before).
fn x_with_c(c: &str) -> String {
    let line = EXAMPLE_X
        .lines()
        .find(|l| l.trim_start().starts_with("c:"))
        .expect("x.yaml rates c");
    EXAMPLE_X.replace(line, &format!("  c: {c}"))
}

#[test]
fn serves_from_memory_rebuilds_on_change_and_reports_failures() {
    let site = Fixture::worked_example();
    let handle = start(site.path(), free_port());
    let addr = handle.addr();
    assert_eq!(handle.url(), format!("http://{addr}/sub/"));

    let report = get(addr, REPORT_X);
    assert_eq!(report.status, 200);
    assert_eq!(
        report.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(report.header("Cache-Control"), Some("no-store"));
    assert!(report.body.contains(">1.70<"), "X's score: {}", report.body);
    assert!(!report.body.contains(">2.16<"));
    assert_eq!(report.body.matches(SCRIPT_TAG).count(), 1);
    let script_at = report.body.find(SCRIPT_TAG).expect("script");
    assert!(report.body[script_at..].starts_with(&format!("{SCRIPT_TAG}</body>")));

    let home = get(addr, "/sub/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(SCRIPT_TAG));
    let root = get(addr, "/");
    assert_eq!((root.status, root.header("Location")), (302, Some("/sub/")));
    let no_slash = get(addr, "/sub/organizations/x/2025");
    assert_eq!(no_slash.header("Location"), Some(REPORT_X));
    let missing = get(addr, "/sub/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("</html>") && missing.body.contains(SCRIPT_TAG));
    assert_eq!(get(addr, "/organizations/x/2025/").status, 404);
    let data = get(addr, "/sub/data/results.json");
    assert_eq!(data.status, 200);
    assert_eq!(data.header("Content-Type"), Some("application/json"));
    assert!(!data.body.contains("livereload"));
    let script = get(addr, "/__rungs/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("/__rungs/events"));

    // Serving writes nothing: no output folder, hence no script in one.
    assert!(!site.public().exists(), "serve must not write public/");

    let mut events = Events::open(addr);
    let hello = events.expect("event: hello").expect("hello");
    assert!(hello.starts_with("event: hello\ndata: \""), "{hello}");

    // A change is rebuilt, announced and served.
    site.write("content/assessments/x.yaml", x_with_c("{level: 2}"));
    events
        .expect("event: reload")
        .expect("reload after a good build");
    eventually("the new score", || {
        let r = get(addr, REPORT_X);
        (r.status == 200 && r.body.contains(">2.16<")).then_some(())
    });
    assert_eq!(handle.last_error(), None);

    // A broken file: reported, in the terminal's words, and the last good
    // site stays.
    site.write(
        "content/assessments/z.yaml",
        "organization: {id: z, name: Z}\nperiod: \"2025\"\ncapabilities:\n  nope: {level: 1}\n",
    );
    let error = events
        .expect("event: error")
        .expect("error after a failed build");
    let data_line = error.lines().nth(1).expect("data line");
    let shown: String =
        serde_json::from_str(data_line.trim_start_matches("data: ")).expect("JSON data");
    let state = eventually("the failure in /__rungs/status", || {
        let s = status(addr);
        (s["ok"] == false).then_some(s)
    });
    let message = state["error"].as_str().expect("error text");
    assert_eq!(shown, message);
    assert!(message.contains("content/assessments/z.yaml"), "{message}");
    assert!(message.contains("nope"), "{message}");
    assert_eq!(handle.last_error().as_deref(), Some(message));
    assert_eq!(state["serving"], true);
    let still = get(addr, REPORT_X);
    assert_eq!(still.status, 200);
    assert!(
        still.body.contains(">2.16<"),
        "the last good site is served"
    );
    // A browser that connects now is told at once.
    let mut late = Events::open(addr);
    late.expect("event: error").expect("error for a new stream");

    // Fixed: served again, and browsers reload.
    std::fs::remove_file(site.path().join("content/assessments/z.yaml")).expect("remove");
    events
        .expect("event: reload")
        .expect("reload after the fix");
    eventually("a good build", || {
        (status(addr)["ok"] == true).then_some(())
    });
    assert!(handle.rebuilds() >= 3, "{}", handle.rebuilds());
    assert!(!site.public().exists(), "serve must not write public/");

    // Stopping ends the streams and frees the port.
    handle.stop();
    assert_eq!(events.expect("never sent"), None, "the stream ends");
    eventually("the port to close", || {
        TcpStream::connect_timeout(&addr, Duration::from_millis(500))
            .is_err()
            .then_some(())
    });
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let site = Fixture::worked_example();
    let handle = start(site.path(), 0);
    let addr = handle.addr();
    assert_eq!(handle.rebuilds(), 0);

    let versions = [
        "{level: 3}",
        "{level: 1}",
        "{level: 3, progress: 0.5}",
        "{level: 0}",
        "{level: 2}",
    ];
    let started = Instant::now();
    for (i, c) in versions.iter().enumerate() {
        site.write("content/assessments/x.yaml", x_with_c(c));
        if i + 1 < versions.len() {
            std::thread::sleep(Duration::from_millis(3));
        }
    }
    let took = started.elapsed();

    eventually("a rebuild", || (handle.rebuilds() > 0).then_some(()));
    let r = get(addr, REPORT_X);
    assert!(r.body.contains(">2.16<"), "the last save is served");
    // Longer than the debounce, the settling and a rebuild together.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(handle.rebuilds(), 1, "five saves in {took:?}");
    assert_eq!(status(addr)["rebuilds"], 1);

    // Files that are not inputs cause none.
    site.write("notes.md", "not part of the site");
    site.write("content/assessments/.x.yaml.swp", "editor swap");
    site.write("content/assessments/x.yaml~", "backup");
    site.write("public/index.html", "someone else's build");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(handle.rebuilds(), 1, "ignored files caused a rebuild");
}

#[test]
fn a_first_build_that_fails_shows_the_problems_until_fixed() {
    let site = Fixture::worked_example();
    site.write("content/assessments/x.yaml", "organization: [\n");
    let handle = start(site.path(), 0);
    let addr = handle.addr();
    let error = handle.last_error().expect("the first build fails");
    assert!(error.contains("content/assessments/x.yaml"), "{error}");

    let page = get(addr, "/sub/");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("content/assessments/x.yaml"),
        "{}",
        page.body
    );
    assert!(page.body.contains(SCRIPT_TAG));
    assert_eq!(status(addr)["serving"], false);

    site.write("content/assessments/x.yaml", EXAMPLE_X);
    let report = eventually("the fixed site", || {
        let r = get(addr, REPORT_X);
        (r.status == 200).then_some(r)
    });
    assert!(report.body.contains(">1.70<"));
    assert_eq!(handle.last_error(), None);
    assert!(!site.public().exists());
}

#[test]
fn a_taken_port_or_a_missing_site_is_an_error() {
    let site = Fixture::worked_example();
    let first = start(site.path(), 0);
    let port = first.addr().port();
    let e = serve::start(&ServeOptions {
        site_dir: site.path().to_path_buf(),
        port,
        open: false,
        quiet: true,
    })
    .expect_err("the port is taken");
    let text = e.to_string();
    assert!(text.contains("already in use"), "{text}");
    assert!(text.contains("--port"), "{text}");
    drop(first);

    let empty = Fixture::empty();
    let e = serve::start(&ServeOptions {
        site_dir: empty.path().to_path_buf(),
        port: 0,
        open: false,
        quiet: true,
    })
    .expect_err("no site");
    assert!(e.to_string().contains("no site.yaml"), "{e}");
}

/// The command as a user runs it: `rungs serve DIR --port 0` prints where it
/// serves, the page is there, an edit is served after the rebuild, which
/// says how long it took and how many organisations it rendered, and
/// nothing else is printed.
#[test]
fn the_serve_command_serves_and_rebuilds() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example");
    for f in [
        "site.yaml",
        "content/model.yaml",
        "content/assessments/x.yaml",
        "content/assessments/y.yaml",
    ] {
        let to = site.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(f), to).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["serve", "--port", "0"])
        .arg(site)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let child = Kill(child);
    // Lines arrive on another thread, so that every wait is bounded.
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_line = || {
        lines
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a line from rungs serve within 10 s")
    };
    let url = loop {
        let line = next_line();
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i..].split_whitespace().next().unwrap().to_owned();
        }
    };
    let rest = url.strip_prefix("http://").unwrap();
    let (host, base) = rest.split_at(rest.find('/').unwrap());
    let get = |path: &str| -> String {
        let mut s = std::net::TcpStream::connect(host).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        write!(
            s,
            "GET {base}{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        let _ = s.read_to_string(&mut body);
        body
    };
    assert!(get("organizations/x/2025/").contains(">1.70<"));
    let x = std::fs::read_to_string(site.join("content/assessments/x.yaml")).unwrap();
    std::fs::write(
        site.join("content/assessments/x.yaml"),
        x.replace(
            "c: {criteria: {c1: full, c2: largely, c3: partial}}",
            "c: {level: 2}",
        ),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if get("organizations/x/2025/").contains(">2.16<") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new score was not served within 10 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let rebuilt = next_line();
    let ms = rebuilt
        .strip_prefix("rebuilt in ")
        .and_then(|r| r.split_once(" ms (1 of 2 organisations rendered again)"))
        .filter(|(_, rest)| rest.is_empty())
        .map(|(ms, _)| ms);
    assert!(
        ms.is_some_and(|ms| ms.parse::<u64>().is_ok()),
        "the rebuild's line: {rebuilt}"
    );
    drop(child);
    let mut errors = String::new();
    stderr.read_to_string(&mut errors).unwrap();
    assert_eq!(errors, "", "rungs serve printed to stderr");
}
