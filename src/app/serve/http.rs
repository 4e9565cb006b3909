//! The HTTP side of `rungs serve`: the `Host` check, routing, responses,
//! the live-reload script and the event stream. Connections, and their
//! bounds, are `conn`'s.

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, atomic::Ordering};
use std::thread;
use std::time::Duration;

use super::conn::{self, Method, Request, StreamSlot, TEXT};
use super::{Files, Shared, Snapshot};

/// An idle event stream sends a comment this often, which also finds
/// browsers that went away.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// How often an idle event stream looks whether its browser closed the
/// connection, so that a tab that reloaded or closed frees its slot (of
/// [`conn::STREAMS`]) within a second, not at the next failed write.
const STREAM_POLL: Duration = Duration::from_secs(1);

/// The tag added before `</body>` of every HTML response.
pub const SCRIPT_TAG: &str = r#"<script src="/__rungs/livereload.js"></script>"#;

const SCRIPT_PATH: &str = "/__rungs/livereload.js";
const EVENTS_PATH: &str = "/__rungs/events";
const STATUS_PATH: &str = "/__rungs/status";

const SCRIPT: &str = include_str!("livereload.js");

/// What a request gets.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// A body, with the HTML live-reload script added when it is a page.
    Body {
        status: u16,
        content_type: &'static str,
        bytes: Arc<[u8]>,
    },
    /// A redirect to this path.
    Redirect(String),
    /// The event stream.
    Events,
    /// Only GET and HEAD are served.
    MethodNotAllowed,
    /// A path that is not valid percent-encoded UTF-8.
    BadRequest,
}

/// Answers a request; gives the connection back to be closed, unless an
/// event stream took it.
pub(super) fn handle(
    request: &Request,
    mut stream: TcpStream,
    shared: &Arc<Shared>,
) -> Option<TcpStream> {
    let head_only = request.method == Method::Head;
    let mut respond = |status, headers: &[(&str, &str)], body: &[u8]| {
        let _ = conn::write_response(&mut stream, status, headers, body, head_only);
    };
    if !local_host(request.host.as_deref()) {
        respond(
            403,
            &[("Content-Type", TEXT)],
            b"403 Forbidden: rungs serve answers only requests for 127.0.0.1 or localhost\n",
        );
        return Some(stream);
    }
    let snapshot = shared.snapshot();
    match route(&request.method, &request.target, &snapshot, shared) {
        Reply::Events => return open_event_stream(request, stream, shared),
        Reply::Body {
            status,
            content_type,
            bytes,
        } => {
            if content_type.starts_with("text/html") {
                respond(status, &[("Content-Type", content_type)], &inject(&bytes));
            } else {
                respond(status, &[("Content-Type", content_type)], &bytes);
            }
        }
        // A location that is not printable ASCII cannot be sent as a header.
        Reply::Redirect(to) if !to.bytes().all(|b| (0x21..0x7f).contains(&b)) => {
            respond(400, &[("Content-Type", TEXT)], b"400 Bad Request\n");
        }
        Reply::Redirect(to) => respond(302, &[("Location", &to)], b""),
        Reply::MethodNotAllowed => respond(
            405,
            &[("Allow", "GET, HEAD"), ("Content-Type", TEXT)],
            b"405 Method Not Allowed\n",
        ),
        Reply::BadRequest => respond(400, &[("Content-Type", TEXT)], b"400 Bad Request\n"),
    }
    Some(stream)
}

/// Whether a request's `Host` names this machine. A web page can point a
/// name of its own at 127.0.0.1 (DNS rebinding) and then read the preview,
/// error output included; its requests carry that name, so they are refused.
///
/// The value is parsed as the `host [ ":" port ]` of an RFC 3986 authority
/// (RFC 9110 §7.2 forbids userinfo in `Host`), and the host must be one of
/// three, compared as a whole, never by prefix or suffix:
///
/// - the name `localhost`, in any case (not `localhost.`, nor any subdomain);
/// - the IPv4 literal `127.0.0.1` in dotted-decimal form. Other loopback
///   addresses (`127.0.0.2`, `127.1`) are refused: the server listens on
///   127.0.0.1 only, so no client reaches it through them;
/// - the IPv6 literal `[::1]` (any spelling of that one address, such as
///   `[0:0:0:0:0:0:0:1]`; no zone id).
///
/// The port is optional and, when there, digits naming a port (0 to 65535,
/// not necessarily ours: a rebinding page uses our port anyway). Anything
/// else is refused: userinfo (`localhost:80@evil`), a path, query or
/// fragment, whitespace, a second `:`, text after `]`, an empty value.
fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 clients may send none; browsers always do.
        return true;
    };
    let Some((name, port)) = split_authority(host) else {
        return false;
    };
    if let Some(port) = port {
        // Digits only: `u16::from_str` would take `+80`.
        let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.parse::<u16>().is_err() {
            return false;
        }
    }
    if let Some(literal) = name.strip_prefix('[') {
        // `split_authority` checked the closing bracket.
        let inside = literal.strip_suffix(']').unwrap_or("");
        return inside.parse::<std::net::Ipv6Addr>() == Ok(std::net::Ipv6Addr::LOCALHOST);
    }
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::Ipv4Addr>() == Ok(std::net::Ipv4Addr::LOCALHOST)
}

/// Splits `host [ ":" port ]` into the host (brackets kept for an IP
/// literal) and the text after the `:`; `None` when the value cannot be an
/// authority without userinfo: empty, a character outside RFC 3986's
/// `unreserved / sub-delims / ":" / "[" / "]" / "%"`, an unclosed bracket,
/// or text after `]` other than a port. What is left of the host is
/// checked by the caller, as a whole.
fn split_authority(host: &str) -> Option<(&str, Option<&str>)> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:[]%".contains(&b);
    if host.is_empty() || !host.bytes().all(allowed) {
        // `@` (userinfo), `/`, `?`, `#` (a path, query or fragment),
        // whitespace and anything not ASCII.
        return None;
    }
    let (name, rest) = if host.starts_with('[') {
        let end = host.find(']')?;
        host.split_at(end + 1)
    } else {
        match host.find(':') {
            Some(i) => host.split_at(i),
            None => (host, ""),
        }
    };
    match rest.strip_prefix(':') {
        Some(port) => Some((name, Some(port))),
        None if rest.is_empty() => Some((name, None)),
        None => None,
    }
}

/// Decides what a request gets; pure, apart from reading the counters for
/// the status endpoint.
fn route(method: &Method, url: &str, snapshot: &Snapshot, shared: &Shared) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return if *method == Method::Get {
            Reply::Events
        } else {
            Reply::MethodNotAllowed
        };
    }
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::MethodNotAllowed;
    }
    match path {
        SCRIPT_PATH => Reply::Body {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            bytes: Arc::from(SCRIPT.as_bytes()),
        },
        STATUS_PATH => Reply::Body {
            status: 200,
            content_type: "application/json",
            bytes: Arc::from(status_json(snapshot, shared).into_bytes()),
        },
        _ => route_site(path, snapshot),
    }
}

/// The JSON of `/__rungs/status`: what is being served and the last error.
fn status_json(snapshot: &Snapshot, shared: &Shared) -> String {
    serde_json::json!({
        "build": shared.build_id(snapshot.generation),
        "ok": snapshot.error.is_none(),
        "serving": snapshot.files.is_some(),
        "base_path": snapshot.base_path,
        "rebuilds": shared.rebuilds.load(Ordering::SeqCst),
        "error": snapshot.error,
    })
    .to_string()
}

/// Routes a path of the site: the base path maps onto the output folder.
fn route_site(path: &str, snapshot: &Snapshot) -> Reply {
    let Some(files) = &snapshot.files else {
        // No good build yet: every page says what is wrong.
        let text = snapshot.error.as_deref().unwrap_or("");
        return Reply::Body {
            status: 500,
            content_type: HTML,
            bytes: Arc::from(error_page(text).into_bytes()),
        };
    };
    let base = snapshot.base_path.as_str();
    let Some(rest) = path.strip_prefix(base) else {
        if path == "/" || format!("{path}/") == base {
            return Reply::Redirect(base.to_owned());
        }
        return not_found(files);
    };
    let Some(rest) = crate::text::percent::decode_strict(rest) else {
        return Reply::BadRequest;
    };
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.clone()
    };
    if let Some(bytes) = files.get(&key) {
        return Reply::Body {
            status: 200,
            content_type: content_type(&key),
            bytes: Arc::clone(bytes),
        };
    }
    if !rest.is_empty() && !rest.ends_with('/') && files.contains_key(&format!("{rest}/index.html"))
    {
        return Reply::Redirect(format!("{path}/"));
    }
    not_found(files)
}

const HTML: &str = "text/html; charset=utf-8";

/// The site's own 404 page (its links are rooted at the base path, so it
/// works at any depth), or a plain one.
fn not_found(files: &Files) -> Reply {
    match files.get("404.html") {
        Some(bytes) => Reply::Body {
            status: 404,
            content_type: HTML,
            bytes: Arc::clone(bytes),
        },
        None => Reply::Body {
            status: 404,
            content_type: TEXT,
            bytes: Arc::from(&b"404 Not Found\n"[..]),
        },
    }
}

/// The media type of an output file, by its extension.
fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        // `CNAME`, `.nojekyll`: short text files.
        _ => return TEXT,
    };
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "txt" => TEXT,
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script before the last `</body>` (any case), or at
/// the end when there is none.
fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served while no build has succeeded yet.
fn error_page(diagnostics: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Build failed - rungs serve</title>\n</head>\n\
         <body data-rungs-no-site style=\"font-family: system-ui, sans-serif; margin: 2rem\">\n\
         <h1>The site could not be built</h1>\n\
         <p>rungs is watching the site folder: this page reloads as soon as the problems below are fixed.</p>\n\
         <pre style=\"white-space: pre-wrap\">{}</pre>\n</body>\n</html>\n",
        crate::text::escape::markup(diagnostics)
    )
}

/// One server-sent event whose data is `data` as a JSON string (one line,
/// whatever `data` holds).
pub(super) fn sse_event(event: &str, data: &str) -> String {
    let json = serde_json::Value::from(data).to_string();
    format!("event: {event}\ndata: {json}\n\n")
}

/// Hands the connection to a thread of its own that writes events until
/// the browser goes away or the server stops; `503` past [`conn::STREAMS`]
/// streams (the live-reload script tries again) or when no thread can be
/// started. Event streams never hold a request worker.
fn open_event_stream(
    request: &Request,
    mut stream: TcpStream,
    shared: &Arc<Shared>,
) -> Option<TcpStream> {
    let Some(slot) = StreamSlot::take(shared) else {
        conn::streams_busy(&mut stream);
        return Some(stream);
    };
    // Each event must be written within the bound, like a response.
    if stream.set_write_timeout(Some(conn::WRITE_TIMEOUT)).is_err() {
        return Some(stream);
    }
    // Kept to answer with, should the thread not start.
    let spare = stream.try_clone().ok();
    let events = shared.subscribe();
    // HTTP/1.0 has no chunks: the stream then ends with the connection.
    let chunked = request.http11;
    let spawned = thread::Builder::new()
        .name("rungs-serve-events".to_owned())
        .spawn(move || {
            let _slot = slot;
            let mut out = stream;
            let watched = out.try_clone().ok();
            let gone = || watched.as_ref().is_none_or(closed_by_peer);
            let mut stream = EventStream {
                out: &mut out,
                chunked,
            };
            stream.run(&events, &gone);
        });
    match spawned {
        Ok(_) => None,
        Err(e) => {
            eprintln!(
                "warning: cannot open an event stream: {}",
                crate::text::terminal::safe(&e.to_string())
            );
            let mut spare = spare?;
            conn::streams_busy(&mut spare);
            Some(spare)
        }
    }
}

/// The response of `/__rungs/events`.
struct EventStream<'a> {
    out: &'a mut dyn Write,
    chunked: bool,
}

impl EventStream<'_> {
    /// Writes the head, then each event as it comes, with a comment when
    /// idle; ends the body properly when the server stops, so the browser
    /// reconnects. Returns when a write fails or, looked at every
    /// [`STREAM_POLL`] while idle, `gone` says the browser left.
    fn run(&mut self, events: &Receiver<String>, gone: &dyn Fn() -> bool) {
        let framing = if self.chunked {
            "Transfer-Encoding: chunked"
        } else {
            "Connection: close"
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\n\
             Content-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\n\
             {framing}\r\n\r\n"
        );
        if !(write_flush(self.out, head.as_bytes()) && self.send("retry: 1000\n\n")) {
            return;
        }
        let mut idle = Duration::ZERO;
        loop {
            let sent = match events.recv_timeout(STREAM_POLL) {
                Ok(event) => {
                    idle = Duration::ZERO;
                    self.send(&event)
                }
                Err(RecvTimeoutError::Timeout) if gone() => return,
                Err(RecvTimeoutError::Timeout) => {
                    idle += STREAM_POLL;
                    if idle < HEARTBEAT {
                        continue;
                    }
                    idle = Duration::ZERO;
                    self.send(": still here\n\n")
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if !sent {
                return;
            }
        }
        if self.chunked {
            write_flush(self.out, b"0\r\n\r\n");
        }
    }

    fn send(&mut self, text: &str) -> bool {
        if self.chunked {
            let framed = format!("{:x}\r\n{text}\r\n", text.len());
            write_flush(self.out, framed.as_bytes())
        } else {
            write_flush(self.out, text.as_bytes())
        }
    }
}

/// Whether the client closed (or reset) the connection. A browser sends
/// nothing after its event-stream request, so the end of its side is the
/// only thing there is to read.
fn closed_by_peer(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let closed = match stream.peek(&mut [0u8; 1]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

fn write_flush(out: &mut dyn Write, bytes: &[u8]) -> bool {
    out.write_all(bytes).and_then(|()| out.flush()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::io::Read;
    use std::net::SocketAddr;

    fn site(base: &str) -> Snapshot {
        let files: Files = [
            ("index.html", "<html><body>home</body></html>"),
            ("404.html", "<html><body>missing</body></html>"),
            ("organizations/x/2025/index.html", "<p>report</p>"),
            ("data/results.csv", "a,b\n"),
            ("style.css", "body{}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Arc::from(v.as_bytes())))
        .collect::<HashMap<_, _>>();
        Snapshot {
            files: Some(Arc::new(files)),
            base_path: base.to_owned(),
            generation: 1,
            error: None,
        }
    }

    fn shared() -> Shared {
        Shared::new(SocketAddr::from(([127, 0, 0, 1], 1)), true)
    }

    fn get(url: &str, s: &Snapshot) -> Reply {
        route(&Method::Get, url, s, &shared())
    }

    fn status_of(r: &Reply) -> u16 {
        match r {
            Reply::Body { status, .. } => *status,
            Reply::Redirect(_) => 302,
            Reply::Events => 200,
            Reply::MethodNotAllowed => 405,
            Reply::BadRequest => 400,
        }
    }

    #[test]
    fn paths_map_onto_the_output_under_the_base_path() {
        let s = site("/sub/");
        let body = |url: &str| match get(url, &s) {
            Reply::Body { bytes, .. } => String::from_utf8_lossy(&bytes).into_owned(),
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(body("/sub/"), "<html><body>home</body></html>");
        assert_eq!(body("/sub/index.html"), "<html><body>home</body></html>");
        assert_eq!(body("/sub/organizations/x/2025/?q=1"), "<p>report</p>");
        assert_eq!(get("/", &s), Reply::Redirect("/sub/".into()));
        assert_eq!(get("/sub", &s), Reply::Redirect("/sub/".into()));
        assert_eq!(
            get("/sub/organizations/x/2025", &s),
            Reply::Redirect("/sub/organizations/x/2025/".into())
        );
        for missing in [
            "/organizations/x/2025/",
            "/sub/nope/",
            "/sub/style.css/",
            "/subway/",
        ] {
            let r = get(missing, &s);
            assert_eq!(status_of(&r), 404, "{missing}");
            assert!(
                matches!(r, Reply::Body { bytes, .. } if &*bytes == b"<html><body>missing</body></html>")
            );
        }
        assert_eq!(get("/sub/%ff/", &s), Reply::BadRequest);
        assert_eq!(get("/sub/%2", &s), Reply::BadRequest);
        assert_eq!(
            route(&Method::Other, "/sub/", &s, &shared()),
            Reply::MethodNotAllowed
        );
        assert_eq!(
            status_of(&route(&Method::Head, "/sub/", &s, &shared())),
            200
        );
    }

    #[test]
    fn the_root_base_path_serves_everything() {
        let s = site("/");
        assert_eq!(status_of(&get("/", &s)), 200);
        assert_eq!(status_of(&get("/style.css", &s)), 200);
        assert_eq!(status_of(&get("/sub/", &s)), 404);
    }

    #[test]
    fn reserved_paths_are_served_whatever_the_base() {
        let s = site("/sub/");
        assert_eq!(get("/__rungs/events", &s), Reply::Events);
        assert_eq!(
            route(&Method::Head, "/__rungs/events", &s, &shared()),
            Reply::MethodNotAllowed
        );
        let Reply::Body {
            content_type,
            bytes,
            ..
        } = get("/__rungs/livereload.js", &s)
        else {
            panic!("no script");
        };
        assert!(content_type.starts_with("text/javascript"));
        assert!(std::str::from_utf8(&bytes).unwrap().contains("EventSource"));
        let Reply::Body { bytes, .. } = get("/__rungs/status", &s) else {
            panic!("no status");
        };
        let status: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(status["ok"], true);
        assert_eq!(status["base_path"], "/sub/");
    }

    #[test]
    fn without_a_good_build_every_page_shows_the_problems() {
        let s = Snapshot {
            files: None,
            base_path: "/".into(),
            generation: 0,
            error: Some("error: <bad> & worse\n".into()),
        };
        for url in ["/", "/sub/", "/x.css"] {
            let Reply::Body {
                status,
                content_type,
                bytes,
            } = get(url, &s)
            else {
                panic!("{url}");
            };
            assert_eq!((status, content_type), (500, HTML));
            let page = String::from_utf8_lossy(&bytes);
            assert!(page.contains("error: &lt;bad&gt; &amp; worse"), "{page}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<body><p>x</p></BODY>\n</html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<body><p>x</p>{SCRIPT_TAG}</BODY>\n</html>")
        );
        let out = inject(b"<p>fragment</p>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<p>fragment</p>{SCRIPT_TAG}")
        );
    }

    #[test]
    fn only_requests_for_this_machine_are_answered() {
        for ok in [
            None,
            Some("127.0.0.1:1111"),
            Some("127.0.0.1"),
            Some("localhost:1111"),
            Some("localhost"),
            Some("LOCALHOST"),
            Some("LocalHost:80"),
            Some("[::1]:1111"),
            Some("[::1]"),
            Some("[0:0:0:0:0:0:0:1]:1111"),
            Some("localhost:65535"),
            Some("localhost:0"),
            Some("localhost:08080"),
        ] {
            assert!(local_host(ok), "{ok:?}");
        }
    }

    #[test]
    fn hosts_that_only_look_local_are_refused() {
        for bad in [
            // Other names, and local names as a prefix or suffix of one.
            "evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "127.0.0.1.nip.io",
            "127.0.0.1.nip.io:1111",
            "localhost.evil.example",
            "localhost.evil.com",
            "localhost.evil.com:1111",
            "evil-localhost",
            "localhost.",
            "[::1].evil",
            "[::1].evil:1111",
            "[::1]evil",
            "[::1]:1111.evil",
            // Userinfo.
            "localhost:80@evil",
            "evil@localhost",
            "user:pass@localhost:1111",
            "localhost@evil.example",
            // Ports that are not numbers.
            "localhost:abc",
            "localhost:",
            "localhost:80a",
            "localhost:+80",
            "localhost:-1",
            "localhost:65536",
            "localhost:1111:2222",
            "[::1]:",
            "[::1]:abc",
            // Paths, queries, fragments, whitespace.
            "localhost/",
            "localhost:1111/x",
            "localhost/evil",
            "localhost?x",
            "localhost#x",
            "localhost\\evil",
            "local host",
            " localhost",
            "localhost\t",
            // Empty, or nothing but a port.
            "",
            ":1111",
            "[]",
            "[]:1111",
            // Broken or other IP literals.
            "[::1",
            "::1",
            "::1]",
            "[::1]]",
            "[[::1]]",
            "[::2]",
            "[::ffff:127.0.0.1]",
            "[::1%25lo]",
            "[127.0.0.1]",
            "127.0.0.2",
            "127.1",
            "127.0.0.01",
            "0x7f.0.0.1",
            "2130706433",
            "0.0.0.0",
            // Percent-encoded or not ASCII.
            "local%68ost",
            "localhost\u{0}",
            "lоcalhost",
        ] {
            assert!(!local_host(Some(bad)), "{bad:?}");
        }
    }

    #[test]
    fn media_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), HTML);
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("data/results.json"), "application/json");
        assert_eq!(content_type("data/results.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("IMG.PNG"), "image/png");
        assert_eq!(content_type("CNAME"), TEXT);
        assert_eq!(content_type(".nojekyll"), TEXT);
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }

    #[test]
    fn percent_escapes_are_decoded() {
        // The decoder itself is `text::percent`'s; here, that requests go
        // through its strict form.
        let s = site("/sub/");
        assert_eq!(status_of(&get("/sub/data/results%2Ecsv", &s)), 200);
        assert_eq!(get("/sub/%zz", &s), Reply::BadRequest);
        assert_eq!(get("/sub/%c3", &s), Reply::BadRequest);
    }

    #[test]
    fn the_error_page_escapes_diagnostics() {
        let page = error_page("<script>x</script> & 'y'");
        assert!(
            page.contains("&lt;script&gt;x&lt;/script&gt; &amp; &apos;y&apos;"),
            "{page}"
        );
    }

    #[test]
    fn events_are_one_line_of_json() {
        assert_eq!(
            sse_event("error", "error: x\n --> a.yaml\n"),
            "event: error\ndata: \"error: x\\n --> a.yaml\\n\"\n\n"
        );
    }

    #[test]
    fn streams_are_chunked_and_end_when_the_server_stops() {
        let (tx, rx) = std::sync::mpsc::channel();
        let event = "event: reload\ndata: \"1\"\n\n";
        tx.send(event.to_owned()).unwrap();
        drop(tx);
        let mut out = Vec::new();
        EventStream {
            out: &mut out,
            chunked: true,
        }
        .run(&rx, &|| false);
        let text = String::from_utf8(out).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Transfer-Encoding: chunked"), "{head}");
        assert_eq!(
            body,
            format!("d\r\nretry: 1000\n\n\r\n19\r\n{event}\r\n0\r\n\r\n")
        );

        let (tx, rx) = std::sync::mpsc::channel();
        tx.send("event: reload\n\n".to_owned()).unwrap();
        drop(tx);
        let mut out = Vec::new();
        EventStream {
            out: &mut out,
            chunked: false,
        }
        .run(&rx, &|| false);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Connection: close\r\n\r\nretry: 1000\n\nevent: reload\n\n"));
        assert!(text.ends_with("event: reload\n\n"));
    }

    #[test]
    fn a_browser_that_left_ends_its_stream() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        // Returns at once although the channel stays open.
        EventStream {
            out: &mut Gone,
            chunked: true,
        }
        .run(&rx, &|| false);

        // A browser that closed the connection, seen while idle.
        let mut out = Vec::new();
        let started = std::time::Instant::now();
        EventStream {
            out: &mut out,
            chunked: true,
        }
        .run(&rx, &|| true);
        assert!(started.elapsed() < STREAM_POLL * 5);
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("retry: 1000\n\n\r\n")
        );
        drop(tx);
    }

    #[test]
    fn a_closed_connection_is_seen_as_gone() {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        assert!(!closed_by_peer(&server));
        // Still blocking afterwards.
        server
            .set_read_timeout(Some(Duration::from_millis(10)))
            .unwrap();
        assert_eq!(
            (&server).read(&mut [0u8; 1]).unwrap_err().kind(),
            std::io::ErrorKind::WouldBlock
        );
        drop(client);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !closed_by_peer(&server) {
            assert!(
                std::time::Instant::now() < deadline,
                "the close was not seen"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}
