//! A real `gazette serve` process for end-to-end tests: the production binary, its job
//! runner and its background work, on a loopback port of its own choosing.
//!
//! The binary is the caller's (`env!("CARGO_BIN_EXE_gazette")` in the `gazette` crate's
//! integration tests). Each site starts empty in its own temporary data folder, on SQLite
//! there or on a [`TestDatabase`] given to it, and reads the address and the first
//! administrator's setup link from what `serve` prints, as a person would.

use crate::database::TestDatabase;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tempfile::TempDir;

/// The environment variables that would point the binary at another site.
const FOREIGN_SETTINGS: [&str; 3] = ["GAZETTE_DATABASE_URL", "GAZETTE_CONFIG", "GAZETTE_LOG"];

/// A `gazette serve` process over a new site, stopped when dropped.
#[derive(Debug)]
pub struct ServedSite {
    process: Child,
    binary: PathBuf,
    base_url: String,
    setup_url: String,
    folder: TempDir,
    database: Option<TestDatabase>,
}

impl ServedSite {
    /// Serves a new, empty site whose SQLite database lives in a temporary data folder,
    /// as `gazette serve` does by default.
    ///
    /// # Panics
    ///
    /// When the binary cannot run or does not announce its address and setup link; the
    /// message includes what it wrote on standard error.
    pub fn start(binary: impl AsRef<Path>) -> Self {
        Self::serve(binary.as_ref(), None)
    }

    /// Serves a new, empty site on `database`, migrated first with `gazette migrate` (which
    /// PostgreSQL requires before the first start).
    ///
    /// # Panics
    ///
    /// As [`ServedSite::start`], and when the migration fails.
    pub fn start_on(binary: impl AsRef<Path>, database: TestDatabase) -> Self {
        Self::serve(binary.as_ref(), Some(database))
    }

    fn serve(binary: &Path, database: Option<TestDatabase>) -> Self {
        let folder = tempfile::Builder::new()
            .prefix("gazette-served-")
            .tempdir()
            .expect("a temporary data folder for the served site");
        let command_line = CommandLine {
            binary,
            data_dir: folder.path(),
            database: database.as_ref().map(TestDatabase::address),
        };
        if database.is_some() {
            command_line.succeed(&["migrate"]);
        }
        let log_path = folder.path().join("serve.log");
        let log = std::fs::File::create(&log_path).expect("a log file for the served site");
        let mut process = command_line
            .command(&["serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", binary.display()));
        let mut output = BufReader::new(process.stdout.take().expect("serve's output"));
        let mut announced = |what: &str| {
            let mut line = String::new();
            let read = output.read_line(&mut line).unwrap_or(0);
            if read == 0 {
                let _ = process.kill();
                let _ = process.wait();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("`gazette serve` stopped before printing {what}; it said:\n{log}");
            }
            line
        };
        let serving = announced("the address it serves");
        let setup = announced("the setup link");
        // Whatever else it prints is read and dropped, so that it never waits on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut output, &mut std::io::sink()));
        let base_url = url_in(&serving, "http://").trim_end_matches('/').to_owned();
        let setup_url = url_in(&setup, &format!("{base_url}/setup/")).to_owned();
        Self {
            process,
            binary: binary.to_owned(),
            base_url,
            setup_url,
            folder,
            database,
        }
    }

    /// The site's address without a trailing slash, such as `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The one-time link that creates the first administrator, as `serve` printed it.
    pub fn setup_url(&self) -> &str {
        &self.setup_url
    }

    /// The site's data folder.
    pub fn data_dir(&self) -> &Path {
        self.folder.path()
    }

    /// Runs `gazette ARGUMENTS…` on this site (same data folder and database) while it is
    /// served, and returns what it printed on standard output.
    ///
    /// # Panics
    ///
    /// When the command fails; the message includes its error.
    pub fn gazette(&self, arguments: &[&str]) -> String {
        CommandLine {
            binary: &self.binary,
            data_dir: self.folder.path(),
            database: self.database.as_ref().map(TestDatabase::address),
        }
        .succeed(arguments)
    }
}

impl Drop for ServedSite {
    fn drop(&mut self) {
        // The process may already be gone; either way the data folder is removed next.
        let _ = self.process.kill();
        let _ = self.process.wait();
        if std::thread::panicking() {
            let log =
                std::fs::read_to_string(self.folder.path().join("serve.log")).unwrap_or_default();
            let _ = writeln!(std::io::stderr(), "`gazette serve` logged:\n{log}");
        }
    }
}

/// How to run the binary on one site.
struct CommandLine<'a> {
    binary: &'a Path,
    data_dir: &'a Path,
    database: Option<&'a str>,
}

impl CommandLine<'_> {
    fn command(&self, arguments: &[&str]) -> Command {
        let mut command = Command::new(self.binary);
        command.arg("--data-dir").arg(self.data_dir);
        if let Some(database) = self.database {
            command.arg("--database").arg(database);
        }
        command.args(arguments);
        for variable in FOREIGN_SETTINGS {
            command.env_remove(variable);
        }
        command
    }

    fn succeed(&self, arguments: &[&str]) -> String {
        let output = self
            .command(arguments)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", self.binary.display()));
        assert!(
            output.status.success(),
            "`gazette {}` failed: {}",
            arguments.join(" "),
            String::from_utf8_lossy(&output.stderr).trim_end()
        );
        String::from_utf8(output.stdout).expect("gazette prints UTF-8")
    }
}

/// The address that starts with `prefix` in `line`, up to the next space.
fn url_in<'a>(line: &'a str, prefix: &str) -> &'a str {
    let start = line
        .find(prefix)
        .unwrap_or_else(|| panic!("no address starting with {prefix} in {line:?}"));
    line[start..]
        .split_whitespace()
        .next()
        .expect("an address after its start")
}
