//! Another outlet's feed, served on loopback for syndication tests.
//!
//! [`FeedServer`] answers plain HTTP/1.1 on `127.0.0.1` from a thread of its own, so
//! synchronous tests (the command line) and asynchronous ones (the use cases) can both
//! use it. Each path serves a feed, which the test can change between fetches, a file of
//! any type (an item's picture, or something pretending to be one), or a bare status with
//! headers (a 410, a redirect). A feed carries an `ETag` that changes with its body, and a
//! request that sends it back gets `304 Not Modified`. Every request is counted by path
//! and by answer.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What a path answers.
#[derive(Clone, Debug)]
enum Route {
    Feed {
        body: String,
        etag: String,
    },
    File {
        content_type: String,
        body: Arc<Vec<u8>>,
    },
    Status {
        status: u16,
        headers: Vec<(String, String)>,
    },
}

#[derive(Debug, Default)]
struct State {
    routes: HashMap<String, Route>,
    versions: u64,
    requests: Vec<(String, u16)>,
}

/// What the server and its thread share.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    stopped: AtomicBool,
}

/// A feed server on loopback; it stops when dropped.
#[derive(Debug)]
pub struct FeedServer {
    address: SocketAddr,
    shared: Arc<Shared>,
}

impl FeedServer {
    /// Starts a server on a free port of `127.0.0.1`, serving nothing yet (404).
    ///
    /// # Panics
    /// When no port can be bound.
    pub fn start() -> Self {
        let listener =
            TcpListener::bind("127.0.0.1:0").expect("a loopback port for the feed server");
        let address = listener.local_addr().expect("the feed server's address");
        let shared = Arc::new(Shared::default());
        let for_thread = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if for_thread.stopped.load(Ordering::SeqCst) {
                    return;
                }
                if let Ok(stream) = stream {
                    answer(&stream, &for_thread.state);
                }
            }
        });
        Self { address, shared }
    }

    /// The absolute address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Serves `body` as an RSS feed at `path`, with a new `ETag`.
    pub fn serve_feed(&self, path: &str, body: &str) {
        let mut state = self.lock();
        state.versions += 1;
        let etag = format!("\"v{}\"", state.versions);
        state.routes.insert(
            path.to_owned(),
            Route::Feed {
                body: body.to_owned(),
                etag,
            },
        );
    }

    /// Serves `body` as a file of type `content_type` at `path`.
    pub fn serve_file(&self, path: &str, content_type: &str, body: Vec<u8>) {
        self.lock().routes.insert(
            path.to_owned(),
            Route::File {
                content_type: content_type.to_owned(),
                body: Arc::new(body),
            },
        );
    }

    /// Answers `status` with `headers` and no body at `path`.
    pub fn answer_with(&self, path: &str, status: u16, headers: &[(&str, &str)]) {
        let headers = headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        self.lock()
            .routes
            .insert(path.to_owned(), Route::Status { status, headers });
    }

    /// How many requests for `path` were answered with `status`.
    pub fn answered(&self, path: &str, status: u16) -> usize {
        self.lock()
            .requests
            .iter()
            .filter(|(requested, answered)| requested == path && *answered == status)
            .count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        // One last connection wakes the listening thread, which then sees it must stop.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_millis(200));
    }
}

/// Reads one request and answers it, closing the connection.
fn answer(stream: &TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':')
                    && name.trim().eq_ignore_ascii_case("if-none-match")
                {
                    if_none_match = Some(value.trim().to_owned());
                }
            }
        }
    }
    let route = {
        let state = state.lock().unwrap_or_else(PoisonError::into_inner);
        state.routes.get(&path).cloned()
    };
    let nothing = Arc::new(Vec::new());
    let (status, headers, body) = match route {
        None => (404, Vec::new(), nothing),
        Some(Route::Status { status, headers }) => (status, headers, nothing),
        Some(Route::File { content_type, body }) => {
            (200, vec![("Content-Type".to_owned(), content_type)], body)
        }
        Some(Route::Feed { body, etag }) => {
            if if_none_match.as_deref() == Some(etag.as_str()) {
                (304, vec![("ETag".to_owned(), etag)], nothing)
            } else {
                let headers = vec![
                    ("ETag".to_owned(), etag),
                    (
                        "Content-Type".to_owned(),
                        "application/rss+xml; charset=utf-8".to_owned(),
                    ),
                ];
                (200, headers, Arc::new(body.into_bytes()))
            }
        }
    };
    state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .requests
        .push((path, status));
    let mut response = format!("HTTP/1.1 {status} Status\r\nConnection: close\r\n");
    for (name, value) in headers {
        let _ = write!(response, "{name}: {value}\r\n");
    }
    let _ = write!(response, "Content-Length: {}\r\n\r\n", body.len());
    let mut stream = stream;
    // A client that stops reading (a body past its limit) ends the write; that is fine.
    let _ = stream
        .write_all(response.as_bytes())
        .and_then(|()| stream.write_all(&body));
}
