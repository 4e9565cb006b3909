//! Connections of `rungs serve`: one thread accepts them, a fixed pool of
//! workers reads each request head (within size and time limits) and
//! answers it, and event streams get threads of their own, up to a bound.
//!
//! Every resource a client can hold is bounded, so no number of
//! connections can make the server run out of threads or files, and it
//! serves again as soon as the load goes:
//!
//! | what | bound |
//! |---|---|
//! | threads reading and answering requests | [`WORKERS`] |
//! | accepted connections waiting for a worker | [`QUEUE`]; past it, `503` with `Retry-After` at once |
//! | open event streams (live reload) | [`STREAMS`]; past it, `503` (the script retries) |
//! | time to send a whole request head | [`HEAD_TIMEOUT`] from the accept, then closed (`408` if part came) |
//! | time to write one response | [`WRITE_TIMEOUT`], then closed; also each event of a stream |
//! | request line / head / header count | [`MAX_REQUEST_LINE`] (`414`), [`MAX_HEAD`] and [`MAX_HEADERS`] (`431`) |
//!
//! Only `GET` and `HEAD` are served (others get `405` from the router), a
//! body is never read, and every response closes its connection: a worker
//! serves one connection at a time, so a kept-alive idle connection would
//! hold a worker, while a new connection on loopback costs microseconds.
//!
//! (tiny_http, used before, started a thread for every connection and
//! panicked when the system refused one, after which it refused every
//! connection; it has no bound to set.)

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::{Shared, lock};

/// Threads that read and answer requests. A request is answered from
/// memory in microseconds, so workers are busy only while a client is slow
/// to send its request or to read the answer; 16 cover two or three
/// browser tabs loading at once (browsers open up to 6 connections per
/// host) with room for speculative connections that send nothing, and 16
/// mostly idle threads cost next to nothing.
pub(super) const WORKERS: usize = 16;

/// Accepted connections that wait for a free worker; one more is turned
/// away with a `503` at once. A live reload reloads every open tab at the
/// same moment (about 6 connections each), which 64 absorbs; and as
/// connections wait here only while the workers are held by slow clients,
/// a longer queue would only make clients wait longer for the same
/// workers. With the workers, the queue bounds the connections held open
/// (and so the file descriptors used) to 80, far below the usual limit of
/// 1024.
pub(super) const QUEUE: usize = 64;

/// Event streams (one per open tab with live reload) open at once; one
/// more gets a `503` and the live-reload script tries again a second
/// later. They have threads of their own, so they never take a worker:
/// open streams cannot stop pages from being served. 32 is far more tabs
/// than anyone previews at once, and 32 threads that sleep are cheap.
pub(super) const STREAMS: usize = 32;

/// A client has this long, counted from the moment its connection was
/// accepted (so time spent waiting in the queue counts), to send a whole
/// request head; then the connection is closed, with a `408` if part of a
/// request came. A browser on the same machine sends its head at once, so
/// five seconds leave a wide margin on a loaded machine, while idle
/// connections that would hold every worker are gone within seconds. A
/// total, not a per-read timeout: a client that sends a byte a second
/// cannot keep a worker.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// A response must be written whole within this long (and each event of an
/// event stream, once the socket's buffer is full), or the connection is
/// closed: a client that stops reading cannot keep a worker. Loopback moves
/// megabytes in milliseconds; ten seconds is for a debugger-paused browser.
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request line (method, target, version): RFC 9112 §3
/// recommends accepting at least 8000 octets; longer gets `414`. The
/// site's own URLs are far shorter, even percent-encoded.
pub(super) const MAX_REQUEST_LINE: usize = 8 * 1024;

/// The longest request head, request line and headers together; longer
/// gets `431`. Browsers send 1 to 2 KiB, but cookies of other programs
/// served on localhost (cookies ignore the port) come along, so 32 KiB,
/// as nginx allows by default. At most this much (and one read more) is
/// buffered per worker.
pub(super) const MAX_HEAD: usize = 32 * 1024;

/// The most header lines in a request (Apache's default); more gets `431`.
pub(super) const MAX_HEADERS: usize = 100;

/// What a `503` tells the client to wait, in seconds: the workers are
/// held by slow clients for at most [`HEAD_TIMEOUT`], usually far less.
const RETRY_AFTER: &str = "1";

/// How often a worker waiting for a request head looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// After answering a request whose body (or more) was left unread, what
/// comes is read and dropped for this long (at most [`LINGER_BYTES`]), so
/// that closing with unread data does not reset the connection before the
/// client has read the answer.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 64 * 1024;

/// How long the accept loop pauses after a failed accept (such as too many
/// open files), instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A connection waiting for a worker.
pub(super) struct Accepted {
    stream: TcpStream,
    at: Instant,
}

/// Accepts connections until the server stops, handing each to the
/// workers through `queue`, or answering `503` when the queue is full.
/// Never gives up on an accept error; returns when stopping, or when no
/// worker is left to serve (which would be a bug: workers catch panics).
pub(super) fn accept_loop(listener: &TcpListener, queue: &SyncSender<Accepted>, shared: &Shared) {
    let mut failing = false;
    loop {
        let accepted = listener.accept();
        if shared.stopping() {
            return;
        }
        match accepted {
            Ok((stream, _)) => {
                failing = false;
                let conn = Accepted {
                    stream,
                    at: Instant::now(),
                };
                match queue.try_send(conn) {
                    Ok(()) => {}
                    Err(TrySendError::Full(conn)) => turn_away(conn.stream),
                    Err(TrySendError::Disconnected(_)) => {
                        eprintln!("error: rungs serve has no worker left to answer requests");
                        return;
                    }
                }
            }
            Err(e) => {
                // Too many open files, a connection reset before it was
                // accepted: passing; the next accept may work.
                if !failing {
                    eprintln!("warning: cannot accept a connection: {e}");
                    failing = true;
                }
                thread::sleep(ACCEPT_BACKOFF);
            }
        }
    }
}

/// Answers `503` without waiting for anything: what the client already
/// sent is read (so that closing does not reset the connection), the answer
/// fits the empty send buffer of a new connection, and a socket that would
/// block is simply closed.
fn turn_away(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut buf = [0u8; 4096];
    for _ in 0..4 {
        if !matches!(stream.read(&mut buf), Ok(n) if n > 0) {
            break;
        }
    }
    let body = b"503 Service Unavailable: rungs serve is busy, try again in a moment\n";
    let head = response_head(
        503,
        &[("Content-Type", TEXT), ("Retry-After", RETRY_AFTER)],
        body.len(),
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.shutdown(Shutdown::Write);
}

/// What answers a parsed request: it gets the connection and gives it back
/// to be closed, or keeps it (an event stream). The HTTP layer passes its
/// router, so that this module knows connections and not routes.
pub(super) type Handler = fn(&Request, TcpStream, &Arc<Shared>) -> Option<TcpStream>;

/// The content type of plain-text answers.
pub(super) const TEXT: &str = "text/plain; charset=utf-8";

/// A worker: serves connections from `queue` one at a time until the
/// accept loop ends. A panic while serving one (a bug) closes that
/// connection only, so the pool never shrinks.
pub(super) fn work(queue: &Mutex<Receiver<Accepted>>, shared: &Arc<Shared>, handle: Handler) {
    loop {
        // The lock is held while waiting, so one worker waits at a time.
        let next = lock(queue).recv();
        let Ok(conn) = next else {
            return;
        };
        if shared.stopping() {
            continue;
        }
        let served =
            panic::catch_unwind(AssertUnwindSafe(|| serve_connection(conn, shared, handle)));
        if served.is_err() {
            eprintln!("warning: rungs serve failed to answer a request (a bug): closed it");
        }
    }
}

fn serve_connection(conn: Accepted, shared: &Arc<Shared>, handle: Handler) {
    let Accepted { mut stream, at } = conn;
    let _ = stream.set_nodelay(true);
    let (request, unread) = match read_head(&mut stream, at + HEAD_TIMEOUT, shared) {
        Ok(head) => (parse_head(&head.bytes), head.more),
        Err(Unread::Quiet) => return,
        Err(Unread::Refuse(status)) => (Err(status), true),
    };
    let (stream, unread) = match request {
        Ok(request) => {
            let unread = unread || request.body;
            match handle(&request, stream, shared) {
                Some(stream) => (stream, unread),
                // An event stream took the connection.
                None => return,
            }
        }
        Err(status) => {
            refuse(&mut stream, status);
            (stream, unread)
        }
    };
    close(stream, unread);
}

/// Answers a request that could not be read or parsed.
fn refuse(stream: &mut TcpStream, status: u16) {
    let body = format!("{status} {}\n", reason(status));
    let _ = write_response(
        stream,
        status,
        &[("Content-Type", TEXT)],
        body.as_bytes(),
        false,
    );
}

/// Closes a connection after its answer; with `unread` bytes possibly
/// there, first lets them come (see [`LINGER`]).
fn close(mut stream: TcpStream, unread: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    if !unread {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut buf = [0u8; 4096];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => drained += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// A request head, read whole.
struct Head {
    /// Up to and including the blank line.
    bytes: Vec<u8>,
    /// Whether bytes came after it (a body, or a pipelined request).
    more: bool,
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// Closed, idle until the deadline, or the server is stopping: nothing
    /// to answer.
    Quiet,
    /// Too long, or only part of it came in time: answered with this status.
    Refuse(u16),
}

/// Reads up to the end of the request head, before `deadline`.
fn read_head(stream: &mut TcpStream, deadline: Instant, shared: &Shared) -> Result<Head, Unread> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if shared.stopping() {
            return Err(Unread::Quiet);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if buf.is_empty() {
                Unread::Quiet
            } else {
                Unread::Refuse(408)
            });
        }
        if stream.set_read_timeout(Some(left.min(POLL))).is_err() {
            return Err(Unread::Quiet);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(Unread::Quiet),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue;
            }
            Err(_) => return Err(Unread::Quiet),
        };
        let from = buf.len().saturating_sub(2);
        buf.extend_from_slice(&chunk[..n]);
        let end = head_end(&buf, from);
        if let Some(status) = too_large(&buf[..end.unwrap_or(buf.len())]) {
            return Err(Unread::Refuse(status));
        }
        if let Some(end) = end {
            let more = buf.len() > end;
            buf.truncate(end);
            return Ok(Head { bytes: buf, more });
        }
    }
}

/// Where the head ends: just after the first empty line (CRLF or, leniently,
/// a bare LF), looking from `from` on.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(at) = buf.get(i..)?.iter().position(|&b| b == b'\n') {
        let lf = i + at;
        match buf.get(lf + 1..) {
            Some([b'\n', ..]) => return Some(lf + 2),
            Some([b'\r', b'\n', ..]) => return Some(lf + 3),
            _ => i = lf + 1,
        }
    }
    None
}

/// The status for a head (or the start of one) past the size limits.
fn too_large(head: &[u8]) -> Option<u16> {
    let line = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    if line > MAX_REQUEST_LINE {
        Some(414)
    } else if head.len() > MAX_HEAD {
        Some(431)
    } else {
        None
    }
}

/// A request method: only these two are served.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Head,
    /// Any other (well-formed) method.
    Other,
}

/// What the router needs of a request.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Request {
    pub method: Method,
    /// The path and query, as sent (origin form: starts with `/`).
    pub target: String,
    /// HTTP/1.1 rather than 1.0 (which has no chunked bodies).
    pub http11: bool,
    /// The `Host` header, if any (only HTTP/1.0 may leave it out).
    pub host: Option<String>,
    /// The request says a body follows (it is never read).
    pub body: bool,
}

/// Parses a request head (RFC 9112), strictly: anything a proxy and this
/// server could read differently is refused. `Err` is the status to answer.
fn parse_head(head: &[u8]) -> Result<Request, u16> {
    let mut lines = head.split(|&b| b == b'\n').map(|line| match line {
        [rest @ .., b'\r'] => rest,
        line => line,
    });
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(400);
    }
    let method = match method {
        b"GET" => Method::Get,
        b"HEAD" => Method::Head,
        _ => Method::Other,
    };
    // Origin form only: an absolute URL would name a host of its own.
    if target.first() != Some(&b'/') || !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(400);
    }
    let target = String::from_utf8_lossy(target).into_owned();
    let http11 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            return Err(505);
        }
        _ => return Err(400),
    };
    let mut host = None;
    let mut body = false;
    let mut count = 0;
    for line in lines {
        if line.is_empty() {
            break;
        }
        count += 1;
        if count > MAX_HEADERS {
            return Err(431);
        }
        // A folded line (obsolete) or a name with spaces: refused, as
        // RFC 9112 §5.1 and §5.2 ask of a server.
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(400);
        };
        let (name, value) = (&line[..colon], trim_ows(&line[colon + 1..]));
        if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
            return Err(400);
        }
        if name.eq_ignore_ascii_case(b"host") {
            let Ok(value) = std::str::from_utf8(value) else {
                return Err(400);
            };
            if host.replace(value.to_owned()).is_some() {
                // Two hosts: which one would a proxy have checked?
                return Err(400);
            }
        } else if name.eq_ignore_ascii_case(b"content-length") {
            body |= !value.iter().all(|&b| b == b'0');
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            body = true;
        }
    }
    if http11 && host.is_none() {
        // RFC 9112 §3.2.
        return Err(400);
    }
    Ok(Request {
        method,
        target,
        http11,
        host,
        body,
    })
}

/// A character of a token (RFC 9110 §5.6.2): method and header names.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// The head of a response with a body of `length` bytes. Every response
/// closes its connection and is never cached. A header whose name or value
/// could end the line is left out (no value here comes from a client
/// unchecked, but a header must never be split).
pub(super) fn response_head(status: u16, headers: &[(&str, &str)], length: usize) -> String {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    let fixed = [("Cache-Control", "no-store"), ("Connection", "close")];
    for (name, value) in headers.iter().chain(&fixed) {
        let clean = |s: &str| s.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
        if clean(name) && clean(value) && !name.contains(':') {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
    head
}

/// Writes a whole response within [`WRITE_TIMEOUT`]; `head_only` (for
/// `HEAD`) leaves the body out but keeps its length.
pub(super) fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let deadline = Instant::now() + WRITE_TIMEOUT;
    let head = response_head(status, headers, body.len());
    send(stream, head.as_bytes(), deadline)?;
    if head_only {
        return Ok(());
    }
    send(stream, body, deadline)
}

/// Writes `bytes` whole before `deadline`.
fn send(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(bytes) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// One of the [`STREAMS`] event streams that may be open at once, freed
/// when dropped.
pub(super) struct StreamSlot(Arc<Shared>);

impl StreamSlot {
    /// A free slot, if any.
    pub(super) fn take(shared: &Arc<Shared>) -> Option<Self> {
        shared
            .streams
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < STREAMS).then_some(n + 1)
            })
            .ok()?;
        Some(StreamSlot(Arc::clone(shared)))
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The answer to an event stream past [`STREAMS`] (or whose thread could
/// not start).
pub(super) fn streams_busy(stream: &mut TcpStream) {
    let body = b"503 Service Unavailable: too many live-reload streams are open\n";
    let _ = write_response(
        stream,
        503,
        &[("Content-Type", TEXT), ("Retry-After", RETRY_AFTER)],
        body,
        false,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    fn parse(head: &str) -> Result<Request, u16> {
        parse_head(head.as_bytes())
    }

    #[test]
    fn request_heads_are_parsed() {
        let r = parse("GET /sub/x?q=1 HTTP/1.1\r\nHost: localhost:8000\r\nAccept: */*\r\n\r\n");
        assert_eq!(
            r,
            Ok(Request {
                method: Method::Get,
                target: "/sub/x?q=1".into(),
                http11: true,
                host: Some("localhost:8000".into()),
                body: false,
            })
        );
        let r = parse("HEAD / HTTP/1.0\n\n").unwrap();
        assert_eq!((r.method, r.http11, r.host), (Method::Head, false, None));
        let r = parse("POST / HTTP/1.1\r\nhost:\t127.0.0.1 \r\nContent-Length: 3\r\n\r\n").unwrap();
        assert_eq!(r.method, Method::Other);
        assert_eq!(r.host.as_deref(), Some("127.0.0.1"));
        assert!(r.body);
        let r = parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(!r.body);
        let r = parse("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert!(r.body);
    }

    #[test]
    fn malformed_heads_are_refused() {
        for (head, status) in [
            ("", 400),
            ("GET\r\n\r\n", 400),
            ("GET /\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", 400),
            ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET http://evil/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
            ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET /\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            ("GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
            ("GET / HTTP/1\r\nHost: a\r\n\r\n", 400),
            ("GET / http/1.1\r\nHost: a\r\n\r\n", 400),
            // HTTP/1.1 needs exactly one Host.
            ("GET / HTTP/1.1\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.0\r\nHost: localhost\r\nhost: evil\r\n\r\n",
                400,
            ),
            // Folded lines, spaces in names, lines without a colon.
            ("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nnonsense\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", 400),
        ] {
            assert_eq!(parse(head), Err(status), "{head:?}");
        }
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nHost: local\xffhost\r\n\r\n"),
            Err(400)
        );
        let many = format!(
            "GET / HTTP/1.1\r\nHost: a\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADERS)
        );
        assert_eq!(parse(&many), Err(431));
        let enough = format!(
            "GET / HTTP/1.1\r\nHost: a\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADERS - 1)
        );
        assert!(parse(&enough).is_ok());
    }

    #[test]
    fn heads_end_at_the_first_empty_line() {
        assert_eq!(head_end(b"GET / HTTP/1.0\r\n\r\nbody", 0), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.0\n\nbody", 0), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.0\r\nA: b\r\n", 0), None);
        assert_eq!(head_end(b"GET / HTTP/1.0\r\n", 0), None);
        assert_eq!(head_end(b"", 0), None);
        assert_eq!(head_end(b"x", 5), None);
        // Found from where the previous read ended.
        assert_eq!(head_end(b"GET / HTTP/1.0\r\n\r\n", 14), Some(18));
    }

    #[test]
    fn sizes_are_limited() {
        assert_eq!(too_large(b"GET / HTTP/1.1\r\n"), None);
        let line = format!("GET /{} HTTP/1.1", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(too_large(line.as_bytes()), Some(414));
        // Before the line even ends.
        assert_eq!(
            too_large(&line.as_bytes()[..MAX_REQUEST_LINE + 1]),
            Some(414)
        );
        assert_eq!(too_large(&line.as_bytes()[..MAX_REQUEST_LINE]), None);
        let head = format!(
            "GET / HTTP/1.1\r\n{}",
            "Cookie: x\r\n".repeat(MAX_HEAD / 10)
        );
        assert_eq!(too_large(head.as_bytes()), Some(431));
    }

    #[test]
    fn responses_close_and_are_not_cached() {
        let head = response_head(
            302,
            &[("Location", "/sub/"), ("X-Bad", "a\r\nSet-Cookie: x")],
            0,
        );
        assert_eq!(
            head,
            "HTTP/1.1 302 Found\r\nLocation: /sub/\r\nCache-Control: no-store\r\n\
             Connection: close\r\nContent-Length: 0\r\n\r\n"
        );
    }

    /// A connected pair: what the client writes, the server reads.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    fn shared() -> Shared {
        Shared::new(SocketAddr::from(([127, 0, 0, 1], 1)), true)
    }

    #[test]
    fn heads_are_read_within_the_deadline() {
        let shared = shared();
        let soon = || Instant::now() + Duration::from_millis(300);

        let (mut client, mut server) = pair();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nextra")
            .unwrap();
        let head = read_head(&mut server, soon(), &shared).unwrap();
        assert_eq!(head.bytes, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assert!(head.more);

        // Nothing sent: closed without an answer; part sent: 408.
        let (_client, mut server) = pair();
        let started = Instant::now();
        assert_eq!(
            read_head(&mut server, soon(), &shared).err(),
            Some(Unread::Quiet)
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let (mut client, mut server) = pair();
        client.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
        assert_eq!(
            read_head(&mut server, soon(), &shared).err(),
            Some(Unread::Refuse(408))
        );
        // Closed early.
        let (mut client, mut server) = pair();
        client.write_all(b"GET / HT").unwrap();
        drop(client);
        assert_eq!(
            read_head(&mut server, soon(), &shared).err(),
            Some(Unread::Quiet)
        );
        // Too long, found before the deadline.
        let (mut client, mut server) = pair();
        let big = format!("GET / HTTP/1.1\r\nCookie: {}\r\n", "x".repeat(MAX_HEAD));
        let writer = thread::spawn(move || {
            let _ = client.write_all(big.as_bytes());
            client
        });
        assert_eq!(
            read_head(
                &mut server,
                Instant::now() + Duration::from_secs(20),
                &shared
            )
            .err(),
            Some(Unread::Refuse(431))
        );
        drop(server);
        drop(writer.join());
        // Stopping ends the wait.
        let (_client, mut server) = pair();
        shared.stop.store(true, Ordering::SeqCst);
        assert_eq!(
            read_head(
                &mut server,
                Instant::now() + Duration::from_secs(60),
                &shared
            )
            .err(),
            Some(Unread::Quiet)
        );
    }

    #[test]
    fn stream_slots_are_bounded_and_freed() {
        let shared = Arc::new(shared());
        let slots: Vec<StreamSlot> = (0..STREAMS)
            .map(|_| StreamSlot::take(&shared).expect("a free slot"))
            .collect();
        assert!(StreamSlot::take(&shared).is_none());
        drop(slots);
        assert_eq!(shared.streams.load(Ordering::SeqCst), 0);
        assert!(StreamSlot::take(&shared).is_some());
    }
}
