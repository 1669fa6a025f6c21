//! SQLite's write-ahead log folded back into the database file beside the writer, not
//! inside its commits.
//!
//! Left to itself, SQLite copies the log back into the file (a checkpoint) in whichever
//! commit takes the log past a thousand pages: that commit's caller — a reader posting a
//! comment, a feed being taken — waits for the copy and two `fsync`s. A server instead
//! runs [`Checkpoints`]: a task with a connection of its own asks for a passive checkpoint
//! at a steady pace, which copies what no reader still needs while the writer goes on.
//! The writer keeps SQLite's own checkpoint only as a backstop, at ten times the usual
//! size, for a log that outgrows the pace (an import of a whole site). A one-off command
//! leaves checkpoints to SQLite: it closes soon, and closing folds the log back anyway.

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions as _, Connection as _};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The size of the log, in pages, past which the writer's own commit checkpoints when
/// checkpoints run in the background: ten times SQLite's default, so that only a log the
/// background pace cannot keep up with makes a commit wait.
pub(crate) const BACKSTOP_PAGES: &str = "10000";

/// One passive checkpoint: copies into the file the log's frames that no reader still
/// needs, without waiting for the writer or making it wait.
async fn checkpoint(connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// The background checkpoints of one SQLite database (see the module's doc). They stop
/// when [`Checkpoints::stop`] is called or this is dropped.
#[derive(Debug)]
pub(crate) struct Checkpoints {
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpoints {
    /// Starts checkpointing the database `options` opens every `every`, on a connection of
    /// its own.
    pub(crate) async fn start(
        options: &SqliteConnectOptions,
        every: Duration,
    ) -> Result<Self, sqlx::Error> {
        let mut connection = options.connect().await?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut pace = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut failing = false;
            loop {
                tokio::select! {
                    _ = pace.tick() => {}
                    // Stopped, or every handle dropped.
                    _ = stopped.changed() => break,
                }
                // A lasting failure (a full disk) is reported once, not every second.
                match checkpoint(&mut connection).await {
                    Ok(()) if failing => {
                        failing = false;
                        tracing::info!(
                            "the write-ahead log is folded back into the database file again"
                        );
                    }
                    Err(error) if !failing => {
                        failing = true;
                        tracing::warn!(%error, "could not fold the write-ahead log back into the database file; trying again every {every:?}");
                    }
                    Ok(()) | Err(_) => {}
                }
            }
            connection.close().await.ok();
        });
        Ok(Self {
            stop,
            task: Mutex::new(Some(task)),
        })
    }

    /// Stops the checkpoints and closes their connection.
    pub(crate) async fn stop(&self) {
        self.stop.send(true).ok();
        let task = self
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(task) = task {
            task.await.ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::backend::{ConnectOptions, Db, Location};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    /// Rows enough for 12 MB of pages: past the thousand pages at which SQLite's own
    /// checkpoint runs, short of the backstop.
    const ROWS: usize = 3_000;

    fn folder(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("gazette-checkpoints-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&folder).ok();
        folder
    }

    fn file_size(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |metadata| metadata.len())
    }

    /// Opens a site in `folder`, with checkpoints every `every` in the background (or in
    /// the commits), and writes one long transaction into it.
    async fn site_after_a_long_write(folder: &Path, every: Option<Duration>) -> Db {
        let options = ConnectOptions {
            background_checkpoints: every,
            watch_changes: false,
            ..ConnectOptions::default()
        };
        let db = Db::connect(&Location::sqlite_file(&folder.join("site.db")), &options)
            .await
            .unwrap();
        let Db::Sqlite(pools) = &db else {
            unreachable!("an SQLite file was opened")
        };
        let mut tx = pools.writer.begin().await.unwrap();
        sqlx::query("CREATE TABLE scratch (body TEXT NOT NULL)")
            .execute(&mut *tx)
            .await
            .unwrap();
        for row in 0..ROWS {
            sqlx::query("INSERT INTO scratch (body) VALUES ($1)")
                .bind(format!("{row:04}").repeat(1_000))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        db
    }

    #[tokio::test]
    async fn a_server_s_commit_leaves_the_log_to_be_folded_back_later() {
        let folder = folder("left");
        // A pace too slow to come during the test.
        let db = site_after_a_long_write(&folder, Some(Duration::from_hours(1))).await;
        let file = folder.join("site.db");
        let before = file_size(&file);
        assert!(
            before < 4 * 1024 * 1024,
            "the commit copied the log into the file ({before} bytes)"
        );
        // Closing stops the checkpoints, then the last connection folds the log back.
        db.close().await;
        assert!(file_size(&file) >= before + 10 * 1024 * 1024);
        std::fs::remove_dir_all(&folder).ok();
    }

    #[tokio::test]
    async fn the_background_checkpoint_folds_the_log_back_while_the_site_is_open() {
        let folder = folder("background");
        let db = site_after_a_long_write(&folder, Some(Duration::from_millis(10))).await;
        let file = folder.join("site.db");
        // Nothing else writes: the file grows only by the background checkpoint. A broken
        // one fails the test after a minute rather than hanging it.
        let mut waited = 0;
        while file_size(&file) < 10 * 1024 * 1024 {
            assert!(waited < 6_000, "the log was not folded back in a minute");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 1;
        }
        db.close().await;
        std::fs::remove_dir_all(&folder).ok();
    }

    #[tokio::test]
    async fn a_command_s_commit_copies_a_long_log_itself() {
        let folder = folder("in-commit");
        let db = site_after_a_long_write(&folder, None).await;
        assert!(file_size(&folder.join("site.db")) >= 10 * 1024 * 1024);
        let Db::Sqlite(pools) = &db else {
            unreachable!("an SQLite file was opened")
        };
        assert!(pools.checkpoints.is_none());
        db.close().await;
        std::fs::remove_dir_all(&folder).ok();
    }
}
