//! A real SMTP server on loopback for one test, and the mail it received.
//!
//! The server is Python's `aiosmtpd` with its `Mailbox` handler, which stores each
//! message it accepts in a Maildir. Install it with `python3 -m pip install aiosmtpd`.
//! The handler adds `X-Peer`, `X-MailFrom` and `X-RcptTo` headers, so a test can also see
//! the SMTP envelope.

use mailparse::MailHeaderMap as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long the server may take to start, and mail to arrive.
const DEADLINE: Duration = Duration::from_secs(20);
/// How often to look again while waiting.
const POLL: Duration = Duration::from_millis(50);
/// The command that installs the server.
const INSTALL: &str = "python3 -m pip install aiosmtpd";

/// An `aiosmtpd` process listening on a free loopback port, storing what it receives in a
/// temporary folder. Dropping it stops the process and removes the folder.
#[derive(Debug)]
pub struct SmtpServer {
    process: Child,
    port: u16,
    folder: TempDir,
}

/// A message as the server stored it, parsed.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The addresses in the `To` header, without display names.
    pub to: Vec<String>,
    /// The `Subject` header, decoded.
    pub subject: String,
    /// The first `text/plain` part, decoded to text; its line ends are as sent, usually
    /// CRLF.
    pub text: String,
    /// Every header in order, names as written and values decoded (RFC 2047 words become
    /// text, folded lines are joined).
    pub headers: Vec<(String, String)>,
    /// The message as the server stored it: with LF line ends and the handler's `X-`
    /// headers added.
    pub raw: String,
}

impl SmtpServer {
    /// Starts a server and waits until it greets connections.
    ///
    /// # Panics
    ///
    /// When `python3` or `aiosmtpd` is missing, or the server does not come up in time.
    pub fn start() -> Self {
        let folder = tempfile::Builder::new()
            .prefix("gazette-smtp-")
            .tempdir()
            .expect("a temporary folder for the SMTP server's mailbox");
        // A port picked this way may be taken again before the server binds it; then the
        // server exits and another port is tried.
        for _ in 0..5 {
            let port = free_port();
            let mut process = spawn(port, folder.path());
            match wait_until_ready(&mut process, port, folder.path()) {
                Ok(()) => {
                    return Self {
                        process,
                        port,
                        folder,
                    };
                }
                Err(log) if log.to_lowercase().contains("address already in use") => {}
                Err(log) => panic!("the SMTP server for tests did not start:\n{log}"),
            }
        }
        panic!("the SMTP server for tests found no free port after five tries")
    }

    /// The URL to give a mailer: `smtp://127.0.0.1:PORT`, unencrypted.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        let delivered = self.mailbox().join("new");
        let Ok(entries) = std::fs::read_dir(&delivered) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.expect("a readable mailbox folder").path())
            .collect();
        files.sort_by_key(|path| delivery_order(path));
        files
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path).expect("a readable stored message");
                ReceivedMail::parse(&bytes)
            })
            .collect()
    }

    /// Waits until at least `count` messages have arrived and returns them all, oldest
    /// first.
    ///
    /// # Panics
    ///
    /// When fewer have arrived after 20 seconds; the message lists what did arrive.
    pub fn wait_for_messages(&self, count: usize) -> Vec<ReceivedMail> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            if started.elapsed() > DEADLINE {
                let arrived: Vec<String> = messages
                    .iter()
                    .map(|mail| format!("  to {:?}: {:?}", mail.to, mail.subject))
                    .collect();
                panic!(
                    "expected {count} messages within {DEADLINE:?}, {} arrived:\n{}",
                    messages.len(),
                    arrived.join("\n")
                );
            }
            sleep(POLL);
        }
    }

    /// The Maildir the server writes to.
    fn mailbox(&self) -> PathBuf {
        self.folder.path().join("mailbox")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        // The process may already be gone; either way the folder is removed next.
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl ReceivedMail {
    /// The first header called `name` (in any case), decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn parse(bytes: &[u8]) -> Self {
        let mail = mailparse::parse_mail(bytes).expect("a stored message that parses");
        let to = mail
            .headers
            .iter()
            .filter(|header| header.get_key_ref().eq_ignore_ascii_case("To"))
            .flat_map(|header| {
                mailparse::addrparse_header(header)
                    .expect("a To header that parses")
                    .iter()
                    .flat_map(addresses)
                    .collect::<Vec<_>>()
            })
            .collect();
        let headers: Vec<(String, String)> = mail
            .headers
            .iter()
            .map(|header| (header.get_key(), header.get_value()))
            .collect();
        Self {
            to,
            subject: mail.headers.get_first_value("Subject").unwrap_or_default(),
            text: plain_text(&mail).unwrap_or_default(),
            headers,
            raw: String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// The addresses of one entry of an address list: one, or each member of a group.
fn addresses(entry: &mailparse::MailAddr) -> Vec<String> {
    match entry {
        mailparse::MailAddr::Single(single) => vec![single.addr.clone()],
        mailparse::MailAddr::Group(group) => group
            .addrs
            .iter()
            .map(|single| single.addr.clone())
            .collect(),
    }
}

/// The first `text/plain` part, searched depth first, decoded.
fn plain_text(part: &mailparse::ParsedMail<'_>) -> Option<String> {
    if part.subparts.is_empty() {
        return (part.ctype.mimetype == "text/plain")
            .then(|| part.get_body().expect("a text part that decodes"));
    }
    part.subparts.iter().find_map(plain_text)
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Starts `aiosmtpd` on `port`, storing mail in a Maildir in `folder` and writing its
/// own output to `server.log` there.
fn spawn(port: u16, folder: &Path) -> Child {
    let log = std::fs::File::create(folder.join("server.log")).expect("a log file for the server");
    Command::new("python3")
        .args(["-m", "aiosmtpd", "--nosetuid", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["--class", "aiosmtpd.handlers.Mailbox"])
        .arg(folder.join("mailbox"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("a second handle on the server log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run python3 for the SMTP server of the tests ({error}); install \
                 Python 3, then aiosmtpd with `{INSTALL}`"
            )
        })
}

/// Waits until the server on `port` sends its `220` greeting. When the process exits
/// first, returns its log.
fn wait_until_ready(process: &mut Child, port: u16, folder: &Path) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if let Some(status) = process.try_wait().expect("the server's status") {
            let log = std::fs::read_to_string(folder.join("server.log")).unwrap_or_default();
            assert!(
                !log.contains("No module named aiosmtpd"),
                "the SMTP server for tests needs Python's aiosmtpd; install it with `{INSTALL}`"
            );
            return Err(format!("python3 -m aiosmtpd exited with {status}:\n{log}"));
        }
        if greets(port) {
            return Ok(());
        }
        if started.elapsed() > DEADLINE {
            let _ = process.kill();
            let _ = process.wait();
            let log = std::fs::read_to_string(folder.join("server.log")).unwrap_or_default();
            return Err(format!(
                "python3 -m aiosmtpd did not answer on port {port} within {DEADLINE:?}:\n{log}"
            ));
        }
        sleep(POLL);
    }
}

/// Whether an SMTP server on `port` greets a new connection with `220`. The connection
/// is closed politely with `QUIT`.
fn greets(port: u16) -> bool {
    let Ok(stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut greeting = String::new();
    let Ok(mut reader) = stream.try_clone().map(BufReader::new) else {
        return false;
    };
    if reader.read_line(&mut greeting).is_err() || !greeting.starts_with("220") {
        return false;
    }
    let _ = (&stream).write_all(b"QUIT\r\n");
    true
}

/// Where a stored message comes in delivery order. Python names Maildir files
/// `SECONDS.MMICROSECONDSPPIDQCOUNT.HOST`, and the count goes up by one with each
/// message of the process.
fn delivery_order(path: &Path) -> (u64, String) {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let count = name
        .split('.')
        .nth(1)
        .and_then(|unique| unique.rsplit_once('Q'))
        .and_then(|(_, count)| count.parse().ok())
        .unwrap_or(u64::MAX);
    (count, name)
}
