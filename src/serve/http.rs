//! The HTTP side of `rungs serve`: routing, responses, the live-reload
//! script and the event stream.

use std::io::{Cursor, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, atomic::Ordering};
use std::thread;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::{Files, Shared, Snapshot};

/// Request-handling threads (event streams get threads of their own).
pub(super) const WORKERS: usize = 4;

/// How often idle workers look at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// An idle event stream sends a comment this often, which also finds
/// browsers that went away.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The tag added before `</body>` of every HTML response.
pub const SCRIPT_TAG: &str = r#"<script src="/__rungs/livereload.js"></script>"#;

const SCRIPT_PATH: &str = "/__rungs/livereload.js";
const EVENTS_PATH: &str = "/__rungs/events";
const STATUS_PATH: &str = "/__rungs/status";

const SCRIPT: &str = include_str!("livereload.js");

/// Serves requests until the server is stopped or fails.
pub(super) fn serve_requests(server: &Server, shared: &Arc<Shared>) {
    while !shared.stopping() {
        match server.recv_timeout(POLL) {
            Ok(Some(request)) => handle(request, shared),
            Ok(None) => {}
            Err(e) => {
                if !shared.stopping() {
                    eprintln!(
                        "error: the server stopped accepting connections: {}",
                        crate::terminal::safe(&e.to_string())
                    );
                }
                shared.stop.store(true, Ordering::SeqCst);
            }
        }
    }
}

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

fn handle(request: Request, shared: &Arc<Shared>) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned());
    if !local_host(host.as_deref()) {
        return respond(
            request,
            403,
            &[("Content-Type", TEXT)],
            Arc::from(
                &b"403 Forbidden: rungs serve answers only requests for 127.0.0.1 or localhost\n"[..],
            ),
        );
    }
    let snapshot = shared.snapshot();
    let reply = route(request.method(), request.url(), &snapshot, shared);
    match reply {
        Reply::Events => open_event_stream(request, shared),
        Reply::Body {
            status,
            content_type,
            bytes,
        } => {
            let bytes = if content_type.starts_with("text/html") {
                Arc::from(inject(&bytes))
            } else {
                bytes
            };
            respond(request, status, &[("Content-Type", content_type)], bytes);
        }
        // A location that is not ASCII cannot be sent as a header.
        Reply::Redirect(to) if !to.is_ascii() => respond(
            request,
            400,
            &[("Content-Type", TEXT)],
            Arc::from(&b"400 Bad Request\n"[..]),
        ),
        Reply::Redirect(to) => respond(request, 302, &[("Location", &to)], Arc::from(&b""[..])),
        Reply::MethodNotAllowed => respond(
            request,
            405,
            &[("Allow", "GET, HEAD"), ("Content-Type", TEXT)],
            Arc::from(&b"405 Method Not Allowed\n"[..]),
        ),
        Reply::BadRequest => respond(
            request,
            400,
            &[("Content-Type", TEXT)],
            Arc::from(&b"400 Bad Request\n"[..]),
        ),
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

/// Whether a request's `Host` names this machine. A web page can point a
/// name of its own at 127.0.0.1 (DNS rebinding) and then read the preview,
/// error output included; its requests carry that name, so they are refused.
fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 clients may send none; browsers always do.
        return true;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

fn respond(request: Request, status: u16, headers: &[(&str, &str)], body: Arc<[u8]>) {
    let all: Vec<Header> = headers
        .iter()
        .chain(&[("Cache-Control", "no-store")])
        .filter_map(|(k, v)| Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect();
    let length = body.len();
    let _ = request.respond(Response::new(
        StatusCode(status),
        all,
        Cursor::new(body),
        Some(length),
        None,
    ));
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
    let Some(rest) = percent_decode(rest) else {
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

/// Decodes `%XX` escapes; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        escape_html(diagnostics)
    )
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One server-sent event whose data is `data` as a JSON string (one line,
/// whatever `data` holds).
pub(super) fn sse_event(event: &str, data: &str) -> String {
    let json = serde_json::Value::from(data).to_string();
    format!("event: {event}\ndata: {json}\n\n")
}

/// Hands the connection to a thread of its own that writes events until
/// the browser goes away or the server stops.
fn open_event_stream(request: Request, shared: &Arc<Shared>) {
    let events = shared.subscribe();
    // HTTP/1.0 has no chunks: the stream then ends with the connection.
    let chunked = *request.http_version() >= (1, 1);
    let spawned = thread::Builder::new()
        .name("rungs-serve-events".to_owned())
        .spawn(move || {
            // tiny_http would buffer a streamed body in 8 kB chunks, so the
            // response is written by hand, one chunk per event.
            let mut out = request.into_writer();
            let mut stream = EventStream {
                out: &mut out,
                chunked,
            };
            stream.run(&events);
        });
    if let Err(e) = spawned {
        // The request went with the closure and was answered with a 500.
        eprintln!(
            "warning: cannot open an event stream: {}",
            crate::terminal::safe(&e.to_string())
        );
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
    /// reconnects.
    fn run(&mut self, events: &Receiver<String>) {
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
        loop {
            let sent = match events.recv_timeout(HEARTBEAT) {
                Ok(event) => self.send(&event),
                Err(RecvTimeoutError::Timeout) => self.send(": still here\n\n"),
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

fn write_flush(out: &mut dyn Write, bytes: &[u8]) -> bool {
    out.write_all(bytes).and_then(|()| out.flush()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
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
            route(&Method::Post, "/sub/", &s, &shared()),
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
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("[::1]:1111"),
        ] {
            assert!(local_host(ok), "{ok:?}");
        }
        for bad in [
            Some("evil.example:1111"),
            Some("127.0.0.1.evil.example:1111"),
            Some("localhost.evil.example"),
            Some(""),
        ] {
            assert!(!local_host(bad), "{bad:?}");
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
        assert_eq!(percent_decode("a%20b/%C3%A9").as_deref(), Some("a b/é"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%c3"), None);
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
        .run(&rx);
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
        .run(&rx);
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
        .run(&rx);
        drop(tx);
    }
}
