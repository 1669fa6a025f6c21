//! A cheap, exact notice that an SQLite database may have changed, whichever process wrote.
//!
//! Every commit appends to the database's write-ahead log with an ordinary `write`, and
//! the kernel reports that write (inotify, on Linux) before the committing process gets
//! its answer. Reading the pending reports therefore tells, with one non-blocking system
//! call, whether anything was written since the last look, and a write that finished
//! before the look is never missed. Caches use this to skip asking the database for its
//! content version while nothing was written. Where no such notice exists (PostgreSQL,
//! other systems), callers must ask the database every time.

use std::sync::{Mutex, PoisonError};

/// Counts the moments at which the database may have changed.
#[derive(Debug)]
pub struct ChangeSignal {
    watcher: Mutex<platform::Watcher>,
}

impl ChangeSignal {
    /// Watches the SQLite file at `path` (and its journal files), or `None` where the
    /// system cannot report file changes.
    pub(crate) fn watch_sqlite(path: &std::path::Path) -> Option<Self> {
        match platform::Watcher::new(path) {
            Ok(watcher) => Some(Self {
                watcher: Mutex::new(watcher),
            }),
            Err(error) => {
                tracing::warn!(%error, "cannot watch the database file for changes; every cached page will check the database instead");
                None
            }
        }
    }

    /// A number that grows whenever the database may have changed. Pending reports are
    /// taken in first, under a lock, so the number counts every write that completed
    /// before this call began.
    pub fn generation(&self) -> u64 {
        let mut watcher = self.watcher.lock().unwrap_or_else(PoisonError::into_inner);
        watcher.take_reports();
        watcher.generation
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use inotify::{Inotify, WatchMask};
    use std::ffi::OsString;
    use std::io;
    use std::path::Path;

    #[derive(Debug)]
    pub struct Watcher {
        inotify: Inotify,
        file_name: OsString,
        buffer: Vec<u8>,
        pub generation: u64,
    }

    impl Watcher {
        pub fn new(path: &Path) -> io::Result<Self> {
            let folder = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => std::env::current_dir()?,
            };
            let file_name = path
                .file_name()
                .map(ToOwned::to_owned)
                .ok_or_else(|| io::Error::other("the database path has no file name"))?;
            let inotify = Inotify::init()?;
            // The folder, not the files: the journal files come and go, and a restored
            // database arrives as a new file.
            inotify.watches().add(
                &folder,
                WatchMask::MODIFY
                    | WatchMask::CREATE
                    | WatchMask::DELETE
                    | WatchMask::MOVED_TO
                    | WatchMask::MOVED_FROM,
            )?;
            // Generation 1: nothing is known yet, so the first look must ask the database.
            Ok(Self {
                inotify,
                file_name,
                buffer: vec![0; 4096],
                generation: 1,
            })
        }

        /// Takes every pending report; any that concerns the database (or any failure to
        /// read, which is treated as a change) moves the generation on.
        pub fn take_reports(&mut self) {
            let mut changed = false;
            loop {
                match self.inotify.read_events(&mut self.buffer) {
                    Ok(events) => {
                        let mut any = false;
                        for event in events {
                            any = true;
                            let concerns_database = event.name.is_none_or(|name| {
                                name.as_encoded_bytes()
                                    .starts_with(self.file_name.as_encoded_bytes())
                            });
                            changed |= concerns_database;
                        }
                        if !any {
                            break;
                        }
                    }
                    Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                    Err(_) => {
                        changed = true;
                        break;
                    }
                }
            }
            if changed {
                self.generation += 1;
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use std::io;
    use std::path::Path;

    #[derive(Debug)]
    pub struct Watcher {
        pub generation: u64,
    }

    impl Watcher {
        pub fn new(_path: &Path) -> io::Result<Self> {
            Err(io::Error::other(
                "file change reports are only used on Linux",
            ))
        }

        pub fn take_reports(&mut self) {}
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn counts_writes_to_the_database_files_only() {
        let folder =
            std::env::temp_dir().join(format!("gazette-change-signal-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let database = folder.join("site.db");
        std::fs::write(&database, b"").unwrap();
        let signal = ChangeSignal::watch_sqlite(&database).unwrap();
        let start = signal.generation();
        assert_eq!(
            signal.generation(),
            start,
            "nothing written, nothing counted"
        );
        std::fs::write(folder.join("site.db-wal"), b"frame").unwrap();
        let after_write = signal.generation();
        assert!(after_write > start, "a write to the log is counted at once");
        assert_eq!(signal.generation(), after_write);
        std::fs::write(folder.join("unrelated.txt"), b"x").unwrap();
        assert_eq!(signal.generation(), after_write, "other files do not count");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
