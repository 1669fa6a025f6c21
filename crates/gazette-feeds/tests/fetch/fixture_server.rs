//! A misbehaving HTTP server on loopback: every bad answer a feed's server can give.
//!
//! It speaks HTTP/1.1 by hand over tokio's sockets, one answer per connection, so that it
//! can do what no well-behaved server library would: stop answering halfway, drip a body
//! byte by byte, send less than it announced. Each test starts its own on `127.0.0.1:0`
//! and it stops with the test's runtime. It records every request it receives, so tests
//! can check what was sent, and that a refused fetch sent nothing.
//!
//! | path | answer |
//! |---|---|
//! | `/feed.xml` | an RSS feed with an `ETag` and a `Last-Modified`; 304 with the `ETag` when `If-None-Match` matches |
//! | `/dated.xml` | an RSS feed with only a `Last-Modified`; 304 without `ETag` when `If-Modified-Since` matches |
//! | `/whoami` | the request's `User-Agent`, `Accept` and `Accept-Encoding`, one per line |
//! | `/moved`, `/moved-308` | 301 (relative `Location`) and 308 (absolute) to `/feed.xml` |
//! | `/found`, `/temporary`, `/see-other` | 302, 307 and 303 to `/feed.xml` |
//! | `/moved-then-found`, `/found-then-moved` | 301 then 302, and 302 then 301, to `/feed.xml` |
//! | `/loop-a`, `/loop-b` | 302 to each other |
//! | `/hops/N` | 302 to `/hops/N-1`, and `/hops/0` to `/feed.xml` |
//! | `/no-location` | 302 without `Location` |
//! | `/to-ftp`, `/to-loopback`, `/to-localhost` | 302 to an ftp address, to `127.0.0.1` and to `localhost` (same port) |
//! | `/gone`, `/not-found`, `/broken` | 410, 404, 500 |
//! | `/rate-limited` | 429 with `Retry-After: 120` |
//! | `/unavailable-until` | 503 with `Retry-After` an HTTP date ([`RETRY_DATE`]) |
//! | `/unavailable`, `/rate-limited-vaguely` | 503 without `Retry-After`, 429 with `Retry-After: soon` |
//! | `/never-answers` | accepts the connection and says nothing |
//! | `/never-ends` | the head and the start of a chunked body, then nothing, forever |
//! | `/slow-drip` | one byte every 50 ms, forever |
//! | `/huge` | 50 MiB with its `Content-Length` |
//! | `/huge-unannounced` | 50 MiB without `Content-Length`, until the connection closes |
//! | `/gzip-bomb` | 50 MiB of zeros gzipped to about 220 KiB |
//! | `/gzip-feed`, `/deflate-feed`, `/brotli-feed` | the feed compressed that way |
//! | `/zstd-feed` | a body claimed to be zstd |
//! | `/html` | an HTML page |
//! | `/truncated.xml` | the first half of the feed, complete as HTTP |
//! | `/cut-short` | announces 1000 bytes, sends 100 and closes |
//! | `/empty` | 200 with an empty body |
//! | `/wrong-type` | the feed as `image/png` |

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// The feed most paths serve.
pub const FEED: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
<item><title>Council passes the budget</title><link>https://wire.example/budget</link>
<guid>https://wire.example/budget</guid></item></channel></rss>
"#;

/// The `ETag` of `/feed.xml`.
pub const ETAG: &str = "\"v1\"";

/// The `Last-Modified` of `/feed.xml` and `/dated.xml`.
pub const LAST_MODIFIED: &str = "Wed, 24 Apr 2024 09:30:00 GMT";

/// The date `/unavailable-until` asks to be asked again.
pub const RETRY_DATE: &str = "Tue, 21 Oct 2098 07:28:00 GMT";

/// How big the huge bodies and the gzip bomb's contents are: 50 MiB.
pub const HUGE: usize = 50 * 1024 * 1024;

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct ReceivedRequest {
    /// The request target, such as `/feed.xml`.
    pub path: String,
    /// The headers, names in lower case.
    pub headers: BTreeMap<String, String>,
}

/// A running fixture server.
pub struct FixtureServer {
    address: SocketAddr,
    received: Arc<Mutex<Vec<ReceivedRequest>>>,
}

impl FixtureServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, address.port(), Arc::clone(&log)));
            }
        });
        Self { address, received }
    }

    /// The address of `path` on this server, by its IP address.
    pub fn url(&self, path: &str) -> Url {
        self.url_at("127.0.0.1", path)
    }

    /// The address of `path` on this server, named by `host` on the server's port.
    pub fn url_at(&self, host: &str, path: &str) -> Url {
        Url::parse(&format!("http://{host}:{}{path}", self.address.port())).unwrap()
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.received.lock().unwrap().clone()
    }

    /// The paths of every request received so far, in order.
    pub fn paths(&self) -> Vec<String> {
        self.received()
            .into_iter()
            .map(|request| request.path)
            .collect()
    }
}

async fn serve(mut stream: TcpStream, port: u16, log: Arc<Mutex<Vec<ReceivedRequest>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    // A write fails once the client has given up; the answer then simply ends.
    let _ = answer(&mut stream, &request, port).await;
}

/// Reads a request's head; the fixture never needs a request body.
async fn read_request(stream: &mut TcpStream) -> Option<ReceivedRequest> {
    let mut head = Vec::new();
    let mut buffer = [0_u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Some(ReceivedRequest { path, headers })
}

/// What the server sends back.
enum Reply {
    /// A whole answer, sent with its `Content-Length`.
    Complete {
        status: &'static str,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Nothing, ever.
    Silence,
    /// These bytes, then nothing, ever, with the connection left open.
    ThenSilence(String),
    /// These bytes, then a space every 50 ms, forever.
    ThenDrip(String),
    /// These bytes, then [`HUGE`] bytes of `x`, then the connection closed.
    ThenHugeBody(String),
    /// These bytes, then the connection closed.
    Only(Vec<u8>),
}

fn complete(status: &'static str, headers: &[(&'static str, &str)], body: &[u8]) -> Reply {
    Reply::Complete {
        status,
        headers: headers
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect(),
        body: body.to_vec(),
    }
}

fn redirect(status: &'static str, location: &str) -> Reply {
    complete(status, &[("Location", location)], b"")
}

fn feed(headers: &[(&'static str, &str)]) -> Reply {
    let mut all = vec![("Content-Type", "application/rss+xml; charset=utf-8")];
    all.extend_from_slice(headers);
    complete("200 OK", &all, FEED)
}

async fn answer(
    stream: &mut TcpStream,
    request: &ReceivedRequest,
    port: u16,
) -> std::io::Result<()> {
    let reply = feeds(request)
        .or_else(|| redirects(&request.path, port))
        .or_else(|| statuses(&request.path))
        .or_else(|| misbehaviour(&request.path))
        .unwrap_or_else(|| complete("404 Not Found", &[], b""));
    match reply {
        Reply::Complete {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
            for (name, value) in headers {
                write!(head, "{name}: {value}\r\n").unwrap();
            }
            write!(head, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await
        }
        Reply::Silence => forever().await,
        Reply::ThenSilence(start) => {
            stream.write_all(start.as_bytes()).await?;
            forever().await
        }
        Reply::ThenDrip(start) => {
            stream.write_all(start.as_bytes()).await?;
            loop {
                stream.write_all(b" ").await?;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Reply::ThenHugeBody(start) => {
            stream.write_all(start.as_bytes()).await?;
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..HUGE / chunk.len() {
                stream.write_all(&chunk).await?;
            }
            stream.shutdown().await
        }
        Reply::Only(bytes) => {
            stream.write_all(&bytes).await?;
            stream.shutdown().await
        }
    }
}

async fn forever() -> std::io::Result<()> {
    std::future::pending::<()>().await;
    Ok(())
}

/// Feeds and pages served whole, conditionally, compressed or mislabelled.
fn feeds(request: &ReceivedRequest) -> Option<Reply> {
    let header = |name: &str| request.headers.get(name).map(String::as_str);
    let rss = ("Content-Type", "application/rss+xml");
    let reply = match request.path.as_str() {
        "/feed.xml" if header("if-none-match") == Some(ETAG) => {
            complete("304 Not Modified", &[("ETag", ETAG)], b"")
        }
        "/feed.xml" => feed(&[("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)]),
        "/dated.xml" if header("if-modified-since") == Some(LAST_MODIFIED) => {
            complete("304 Not Modified", &[], b"")
        }
        "/dated.xml" => feed(&[("Last-Modified", LAST_MODIFIED)]),
        "/whoami" => {
            let body = format!(
                "user-agent: {}\naccept: {}\naccept-encoding: {}\n",
                header("user-agent").unwrap_or_default(),
                header("accept").unwrap_or_default(),
                header("accept-encoding").unwrap_or_default(),
            );
            complete("200 OK", &[("Content-Type", "text/plain")], body.as_bytes())
        }
        "/gzip-feed" => complete("200 OK", &[rss, ("Content-Encoding", "gzip")], &gzip(FEED)),
        "/deflate-feed" => complete(
            "200 OK",
            &[rss, ("Content-Encoding", "deflate")],
            &zlib(FEED),
        ),
        "/brotli-feed" => complete("200 OK", &[rss, ("Content-Encoding", "br")], &brotli(FEED)),
        "/zstd-feed" => complete(
            "200 OK",
            &[rss, ("Content-Encoding", "zstd")],
            b"\x28\xb5\x2f\xfd",
        ),
        "/gzip-bomb" => complete("200 OK", &[rss, ("Content-Encoding", "gzip")], gzip_bomb()),
        "/html" => {
            let page = b"<!doctype html><title>Wire</title><p>Read our feed elsewhere.";
            complete(
                "200 OK",
                &[("Content-Type", "text/html; charset=utf-8")],
                page,
            )
        }
        "/truncated.xml" => complete("200 OK", &[rss], &FEED[..FEED.len() / 2]),
        "/empty" => complete("200 OK", &[rss], b""),
        "/wrong-type" => complete("200 OK", &[("Content-Type", "image/png")], FEED),
        _ => return None,
    };
    Some(reply)
}

/// Redirects of every kind, including the bad ones.
fn redirects(path: &str, port: u16) -> Option<Reply> {
    if let Some(remaining) = path.strip_prefix("/hops/") {
        let next = match remaining.parse::<u32>().unwrap() {
            0 => "/feed.xml".to_owned(),
            more => format!("/hops/{}", more - 1),
        };
        return Some(redirect("302 Found", &next));
    }
    let reply = match path {
        "/moved" => redirect("301 Moved Permanently", "/feed.xml"),
        "/moved-308" => redirect(
            "308 Permanent Redirect",
            &format!("http://127.0.0.1:{port}/feed.xml"),
        ),
        "/found" => redirect("302 Found", "/feed.xml"),
        "/temporary" => redirect("307 Temporary Redirect", "/feed.xml"),
        "/see-other" => redirect("303 See Other", "/feed.xml"),
        "/moved-then-found" => redirect("301 Moved Permanently", "/found"),
        "/found-then-moved" => redirect("302 Found", "/moved"),
        "/loop-a" => redirect("302 Found", "/loop-b"),
        "/loop-b" => redirect("302 Found", "/loop-a"),
        "/no-location" => complete("302 Found", &[], b""),
        "/to-ftp" => redirect("302 Found", "ftp://127.0.0.1/feed.xml"),
        "/to-loopback" => redirect("302 Found", &format!("http://127.0.0.1:{port}/feed.xml")),
        "/to-localhost" => redirect("302 Found", &format!("http://localhost:{port}/feed.xml")),
        _ => return None,
    };
    Some(reply)
}

/// Answers that are not a feed: gone, come back later, errors.
fn statuses(path: &str) -> Option<Reply> {
    let reply = match path {
        "/gone" => complete("410 Gone", &[], b""),
        "/not-found" => complete("404 Not Found", &[], b"no such feed"),
        "/broken" => complete("500 Internal Server Error", &[], b"oops"),
        "/rate-limited" => complete("429 Too Many Requests", &[("Retry-After", "120")], b""),
        "/rate-limited-vaguely" => {
            complete("429 Too Many Requests", &[("Retry-After", "soon")], b"")
        }
        "/unavailable-until" => complete(
            "503 Service Unavailable",
            &[("Retry-After", RETRY_DATE)],
            b"",
        ),
        "/unavailable" => complete("503 Service Unavailable", &[], b""),
        _ => return None,
    };
    Some(reply)
}

/// Answers that never finish, or finish wrongly.
fn misbehaviour(path: &str) -> Option<Reply> {
    let rss_head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n";
    let reply = match path {
        "/never-answers" => Reply::Silence,
        "/never-ends" => {
            let start = "<rss version=\"2.0\"><channel>";
            Reply::ThenSilence(format!(
                "{rss_head}Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{start}\r\n",
                start.len()
            ))
        }
        "/slow-drip" => Reply::ThenDrip(format!("{rss_head}Content-Length: 1000000\r\n\r\n")),
        "/huge" => Reply::ThenHugeBody(format!(
            "{rss_head}Connection: close\r\nContent-Length: {HUGE}\r\n\r\n"
        )),
        "/huge-unannounced" => Reply::ThenHugeBody(format!("{rss_head}Connection: close\r\n\r\n")),
        "/cut-short" => {
            let mut bytes = format!("{rss_head}Content-Length: 1000\r\n\r\n").into_bytes();
            bytes.extend_from_slice(&FEED[..100]);
            Reply::Only(bytes)
        }
        _ => return None,
    };
    Some(reply)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut output = Vec::new();
    let mut encoder = brotli::CompressorWriter::new(&mut output, 4096, 9, 22);
    encoder.write_all(bytes).unwrap();
    drop(encoder);
    output
}

/// 50 MiB of zeros, gzipped once per test binary.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        let zeros = vec![0_u8; 1024 * 1024];
        for _ in 0..HUGE / zeros.len() {
            encoder.write_all(&zeros).unwrap();
        }
        encoder.finish().unwrap()
    })
}
