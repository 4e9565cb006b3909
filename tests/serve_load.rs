//! `rungs serve` under load, through the binary: hundreds of idle or
//! half-sent connections neither crash the server nor keep it from serving
//! once they are closed or timed out, event streams past their bound do
//! not stop pages, and a `Host` that only looks local is refused.
//!
//! No assertion is about speed: every wait is a generous deadline, so a
//! loaded two-core machine passes too. The server's bounds (16 workers, 64
//! waiting connections, 32 event streams, 5 s to send a request head) are
//! in `src/app/serve/conn.rs`; the numbers here are only larger than them.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::Fixture;

/// Longest wait for a single answer or for the server to start.
const PATIENCE: Duration = Duration::from_secs(20);

/// Longest wait for the server to serve again once idle connections hold
/// everything: they time out 5 s after they were accepted.
const RECOVERY: Duration = Duration::from_secs(60);

/// Idle connections opened at once: several times the workers and queue
/// together (80), as many as made tiny_http run out of threads.
const IDLE: usize = 400;

/// Event streams opened at once: past the bound of 32.
const STREAMS: usize = 48;

/// `rungs serve --port 0` on a site, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: Option<JoinHandle<String>>,
}

impl Server {
    fn start(site: &Fixture) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
            .args(["serve", "--port", "0"])
            .arg(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rungs serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        // Lines arrive on another thread, so that the wait is bounded.
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr: Some(stderr),
        };
        let url = loop {
            let line = lines
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("rungs serve said nothing:\n{}", server.finish()));
            if let Some(i) = line.find("http://127.0.0.1:") {
                break line[i + "http://".len()..].to_owned();
            }
        };
        let authority = url.split('/').next().unwrap_or_default();
        server.addr = authority.parse().expect("an address");
        server
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops the server; returns what it printed on stderr.
    fn finish(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .map(|t| t.join().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Asserts the server still runs and never panicked, then stops it.
    fn assert_alive_and_stop(mut self) {
        let alive = self.alive();
        let stderr = self.finish();
        assert!(alive, "rungs serve exited under load:\n{stderr}");
        assert!(
            !stderr.contains("panicked"),
            "rungs serve panicked:\n{stderr}"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A response, or why there was none.
#[derive(Debug)]
enum Answer {
    Status(u16, String),
    /// Refused, reset or closed before any status line.
    None(#[expect(dead_code, reason = "shown through Debug when a test fails")] String),
}

impl Answer {
    fn status(&self) -> Option<u16> {
        match self {
            Answer::Status(s, _) => Some(*s),
            Answer::None(_) => None,
        }
    }
}

/// A GET with `Host: host`, read whole, within [`PATIENCE`].
fn get_as(addr: SocketAddr, host: &str, path: &str) -> Answer {
    let mut s = match TcpStream::connect_timeout(&addr, PATIENCE) {
        Ok(s) => s,
        Err(e) => return Answer::None(format!("connect: {e}")),
    };
    let _ = s.set_read_timeout(Some(PATIENCE));
    // A busy server may answer 503 and close before the request is sent,
    // so a failed send is no reason not to read the answer that came.
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let sent = s.write_all(request.as_bytes());
    let mut raw = Vec::new();
    let read = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    match text.split(' ').nth(1).and_then(|s| s.parse().ok()) {
        Some(status) => Answer::Status(status, text),
        None => Answer::None(format!("send {sent:?}, read {read:?}: {text:?}")),
    }
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    get_as(addr, &addr.to_string(), path)
}

/// Polls `path` until it answers 200, for at most `limit`.
fn until_ok(addr: SocketAddr, path: &str, limit: Duration) -> Answer {
    let deadline = Instant::now() + limit;
    loop {
        let answer = get(addr, path);
        if answer.status() == Some(200) {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "{path} still not served after {limit:?}: {answer:?}"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

/// Opens `n` connections: every other one sends half a request, the rest
/// nothing.
fn idle_connections(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut s = TcpStream::connect_timeout(&addr, PATIENCE)
                .unwrap_or_else(|e| panic!("idle connection {i}: {e}"));
            if i % 2 == 1 {
                // Sent to an already closed connection, this may fail.
                let _ = s.write_all(b"GET /sub/ HTTP/1.1\r\nHost: 127.0");
            }
            s
        })
        .collect()
}

/// Whether the server closed `s` (after a 408 or 503, or saying nothing)
/// within [`PATIENCE`].
fn closed_by_server(s: &mut TcpStream) -> bool {
    let _ = s.set_read_timeout(Some(PATIENCE));
    let mut sink = Vec::new();
    match s.read_to_end(&mut sink) {
        Ok(_) => true,
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

#[test]
fn idle_connections_neither_crash_the_server_nor_hold_it_for_long() {
    let site = Fixture::worked_example();
    let server = Server::start(&site);
    let addr = server.addr;
    assert_eq!(get(addr, "/sub/").status(), Some(200));

    // A client that sends a byte every 100 ms never completes its head.
    let trickle = {
        let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
        thread::spawn(move || {
            let started = Instant::now();
            for b in b"GET /sub/ HTTP/1.1\r\nX-Slow: "
                .iter()
                .chain(&[b'x'; 1000])
            {
                if s.write_all(&[*b]).is_err() || started.elapsed() > RECOVERY {
                    break;
                }
                thread::sleep(Duration::from_millis(100));
            }
            closed_by_server(&mut s)
        })
    };

    let mut idle = idle_connections(addr, IDLE);
    // While they hold every worker and every place in the queue, a page is
    // answered at once with 503 and Retry-After, or served.
    for _ in 0..5 {
        match get(addr, "/sub/") {
            Answer::Status(200, _) => {}
            Answer::Status(503, text) => {
                assert!(text.contains("\r\nRetry-After: "), "{text}");
            }
            other => panic!("under load: {other:?}"),
        }
    }
    // They time out; then pages are served again, with the idle
    // connections still open on this side.
    let page = until_ok(addr, "/sub/", RECOVERY);
    assert!(matches!(page, Answer::Status(200, ref t) if t.contains("</html>")));
    assert!(
        idle.iter_mut().all(closed_by_server),
        "every idle connection is closed by the server"
    );
    assert!(
        trickle.join().expect("the slow client"),
        "a request head sent a byte at a time is cut off"
    );
    drop(idle);

    // Idle connections that the client closes free the server at once.
    let idle = idle_connections(addr, IDLE);
    thread::sleep(Duration::from_millis(200));
    drop(idle);
    until_ok(addr, "/sub/", PATIENCE);
    until_ok(addr, "/__rungs/status", PATIENCE);

    server.assert_alive_and_stop();
}

/// Opens `/__rungs/events` and reads its status line.
fn open_stream(addr: SocketAddr) -> (TcpStream, Answer) {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        s,
        "GET /__rungs/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    // The head, and for an open stream its first events, come in one go
    // or a few; a status line is all that is needed.
    let mut raw = Vec::new();
    let mut buf = [0u8; 1024];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let answer = match text.split(' ').nth(1).and_then(|s| s.parse().ok()) {
        Some(status) => Answer::Status(status, text),
        None => Answer::None(text),
    };
    (s, answer)
}

#[test]
fn event_streams_past_their_bound_do_not_stop_pages() {
    let site = Fixture::worked_example();
    let server = Server::start(&site);
    let addr = server.addr;

    let streams: Vec<(TcpStream, Answer)> = (0..STREAMS).map(|_| open_stream(addr)).collect();
    let open = streams
        .iter()
        .filter(|(_, a)| a.status() == Some(200))
        .count();
    let busy: Vec<&Answer> = streams
        .iter()
        .map(|(_, a)| a)
        .filter(|a| a.status() == Some(503))
        .collect();
    assert!(open > 0, "live reload works: {:?}", streams[0].1);
    assert!(
        !busy.is_empty(),
        "{STREAMS} streams are more than the bound"
    );
    assert_eq!(open + busy.len(), STREAMS, "every stream is answered");
    assert!(
        busy.iter()
            .all(|a| matches!(a, Answer::Status(_, t) if t.contains("\r\nRetry-After: "))),
        "{busy:?}"
    );

    // Pages are served while every stream slot is taken.
    for path in ["/sub/", "/sub/organizations/x/2025/", "/__rungs/status"] {
        assert_eq!(get(addr, path).status(), Some(200), "{path}");
    }

    // Browsers that leave free their slots: a new tab gets a stream.
    drop(streams);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_s, answer) = open_stream(addr);
        if answer.status() == Some(200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no stream after the others closed: {answer:?}"
        );
        thread::sleep(Duration::from_millis(200));
    }

    server.assert_alive_and_stop();
}

#[test]
fn a_host_that_only_looks_local_is_refused() {
    let site = Fixture::worked_example();
    let server = Server::start(&site);
    let addr = server.addr;
    let port = addr.port();

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(get_as(addr, &host, "/sub/").status(), Some(200), "{host}");
    }
    for host in [
        format!("[::1].evil:{port}"),
        "[::1].evil".to_owned(),
        format!("localhost.evil.com:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{port}@evil.example"),
        "localhost:abc".to_owned(),
    ] {
        for path in ["/sub/", "/__rungs/status"] {
            match get_as(addr, &host, path) {
                Answer::Status(403, text) => {
                    assert!(!text.contains("<html"), "{host} {path}: {text}");
                }
                other => panic!("{host} {path}: {other:?}"),
            }
        }
    }
    // An empty Host, or none in HTTP/1.1, is not a request for us either.
    assert_eq!(get_as(addr, "", "/sub/").status(), Some(403));
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    s.write_all(b"GET /sub/ HTTP/1.1\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");

    server.assert_alive_and_stop();
}
