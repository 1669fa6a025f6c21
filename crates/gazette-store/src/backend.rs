//! The connection to SQLite or PostgreSQL, and how one SQL text runs on either.
//!
//! [`Db`] is cheap to clone (pools are shared). Inside this crate the `read!` and `write!`
//! macros run a query body against whichever backend is connected: the body is written
//! once and compiled for each driver, so no generic trait bounds leak into repositories.

use crate::change_signal::ChangeSignal;
use crate::checkpoints::{self, Checkpoints};
use crate::error::StoreError;
use crate::migrations;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A connected database.
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite: one writer connection, several readers, WAL.
    Sqlite(SqlitePools),
    /// PostgreSQL: one pool.
    Postgres(PgPool),
}

/// SQLite's two pools. WAL lets readers run beside the single writer; keeping writes on
/// one connection means they queue in Gazette rather than fail with `SQLITE_BUSY`.
#[derive(Clone, Debug)]
pub struct SqlitePools {
    pub(crate) reader: SqlitePool,
    pub(crate) writer: SqlitePool,
    pub(crate) changes: Option<Arc<ChangeSignal>>,
    /// The background checkpoints, when the log is not folded back by the commits.
    pub(crate) checkpoints: Option<Arc<Checkpoints>>,
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls everything back.
#[derive(Debug)]
pub struct Tx {
    pub(crate) inner: TxInner,
}

#[derive(Debug)]
pub(crate) enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$conn` bound to a reading executor of the connected backend.
macro_rules! read {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::backend::Db::Sqlite(pools) => {
                let $conn = &pools.reader;
                $body
            }
            $crate::backend::Db::Postgres(pool) => {
                let $conn = pool;
                $body
            }
        }
    };
}

/// Runs `$body` with `$conn` bound to the connection of the write transaction `$tx`.
macro_rules! write {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::backend::TxInner::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::backend::TxInner::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

/// How many rows one statement writes, or how many values one `IN (…)` lists, when many
/// are written or looked up together: well inside both engines' limits on bound
/// parameters (32,766 for SQLite, 65,535 for PostgreSQL) even for wide rows (an article's
/// 25 values a row make 6,250), and few enough that each statement stays cheap to prepare.
/// Every statement has a cost of its own beside its rows — the hand-over to SQLite's
/// thread, and a flush of the search index's pending terms when articles were written —
/// which 250 rows spread thinner than 100 did (a long feed's ingest: 11 % less time).
pub(crate) const ROWS_PER_STATEMENT: usize = 250;

/// How many bytes of values one statement sends at most to PostgreSQL, where rows are
/// large (articles' bodies, comments). The database driver leaves Nagle's algorithm on, so
/// a longer message waits for the server's delayed acknowledgement, some 40 ms, before its
/// last part is sent: on loopback, statements of 8 KiB were answered at once, while most
/// of 16 KiB waited. SQLite, in the same process, has no such limit.
pub(crate) const POSTGRES_BYTES_PER_STATEMENT: usize = 8 * 1024;

/// `rows` in chunks of at most [`ROWS_PER_STATEMENT`] rows and, as far as single rows
/// allow, `byte_limit` bytes, as `size_of` weighs each row.
pub(crate) fn statement_chunks<T>(
    rows: &[T],
    byte_limit: usize,
    size_of: impl Fn(&T) -> usize,
) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut bytes = 0_usize;
        let mut taken = 0;
        while taken < rest.len().min(ROWS_PER_STATEMENT) {
            bytes = bytes.saturating_add(size_of(&rest[taken]));
            if taken > 0 && bytes > byte_limit {
                break;
            }
            taken += 1;
        }
        let (chunk, after) = rest.split_at(taken);
        rest = after;
        Some(chunk)
    })
}

/// How long a request waits for a pooled connection before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// The writer's page cache, in SQLite's notation (negative: KiB): 32 MiB, taken only as
/// it fills. Large writes (a long feed's articles, an import) otherwise spill pages to the
/// WAL in the middle of their transaction and read them back.
const WRITER_CACHE_SIZE: &str = "-32768";
/// How much of the database file readers map into memory, in bytes: 256 MiB. Pages in the
/// map are read where the kernel keeps them, shared by every reader connection, instead of
/// being copied by a system call into each connection's own page cache (2 MiB, far less
/// than a large site's articles). A search for a word most articles have reads every one
/// of them to check it is public. Beyond the map, and for pages still in the write-ahead
/// log, SQLite reads as before.
const READER_MMAP_BYTES: &str = "268435456";
/// The page size of a new SQLite file, in bytes: 8 KiB rather than SQLite's 4 KiB. An
/// article's row (its HTML, its plain text for search, its excerpt) takes a few KiB, about
/// one a page at 4 KiB; at 8 KiB the same site takes fewer pages, and every write pays per
/// page twice — once into the write-ahead log (two system calls a page) and once when the
/// log is copied back into the file. A 5,000-item feed was taken in 4–17 % less time
/// (four comparisons in turns, docs/PERFORMANCE.md); pages that are not cached render as
/// fast. A file keeps the page size it was made with: SQLite ignores the setting for an
/// existing one, so sites made before keep 4 KiB pages.
const SQLITE_PAGE_SIZE: u32 = 8192;
/// How long SQLite waits for a lock held by another process before failing.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a database lives, parsed from an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    SqliteFile(PathBuf),
    /// A PostgreSQL server and database.
    Postgres(String),
}

impl Location {
    /// Reads `sqlite://PATH`, `sqlite:PATH`, `postgres://…` or `postgresql://…`.
    pub fn parse(address: &str) -> Result<Self, StoreError> {
        let address = address.trim();
        if address.starts_with("postgres://") || address.starts_with("postgresql://") {
            return Ok(Self::Postgres(address.to_owned()));
        }
        let path = address
            .strip_prefix("sqlite://")
            .or_else(|| address.strip_prefix("sqlite:"));
        match path {
            Some(path) if !path.is_empty() => Ok(Self::SqliteFile(PathBuf::from(
                path.split('?').next().unwrap_or(path),
            ))),
            _ => Err(StoreError::UnsupportedAddress(redact(address))),
        }
    }

    /// The address of an SQLite file.
    pub fn sqlite_file(path: &Path) -> Self {
        Self::SqliteFile(path.to_path_buf())
    }
}

/// Drops a password from an address before it is shown.
fn redact(address: &str) -> String {
    match (address.find("://"), address.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &address[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => {
                    format!("{}{user}:***{}", &address[..scheme_end + 3], &address[at..])
                }
                None => address.to_owned(),
            }
        }
        _ => address.to_owned(),
    }
}

/// What [`Db::connect`] does about the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaPolicy {
    /// Apply pending migrations.
    Migrate,
    /// Fail unless the schema is exactly current.
    RequireCurrent,
    /// Leave the schema alone (for tools that inspect or migrate it themselves).
    Ignore,
}

/// Options for [`Db::connect`].
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// How many reader connections SQLite keeps, or the size of PostgreSQL's pool.
    pub max_connections: u32,
    /// What to do about the schema.
    pub schema: SchemaPolicy,
    /// Whether to watch SQLite's write-ahead log for writes ([`Db::change_signal`]): what
    /// a server's page cache needs, and a one-off command does not. The watch costs a
    /// kernel event per write to the log, and closing it can take the kernel some
    /// milliseconds.
    pub watch_changes: bool,
    /// How often SQLite's write-ahead log is folded back into the database file by a
    /// connection of its own, so that no commit waits for it (what a server wants); `None`
    /// leaves it to the commits, as SQLite does by itself (what a one-off command wants:
    /// closing folds the log back anyway).
    pub background_checkpoints: Option<Duration>,
}

/// How often a server folds SQLite's write-ahead log back into the database file.
pub const SERVER_CHECKPOINT_PACE: Duration = Duration::from_secs(1);

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            schema: SchemaPolicy::Migrate,
            watch_changes: true,
            background_checkpoints: Some(SERVER_CHECKPOINT_PACE),
        }
    }
}

impl Db {
    /// Connects to `location`. SQLite files (and their folder) are created when missing.
    /// The schema is then handled as `options.schema` says.
    pub async fn connect(
        location: &Location,
        options: &ConnectOptions,
    ) -> Result<Self, StoreError> {
        let db = match location {
            Location::SqliteFile(path) => Self::connect_sqlite(path, options).await?,
            Location::Postgres(url) => Self::connect_postgres(url, options).await?,
        };
        match options.schema {
            SchemaPolicy::Migrate => migrations::apply(&db).await?,
            SchemaPolicy::RequireCurrent => migrations::ensure_current(&db).await?,
            SchemaPolicy::Ignore => {}
        }
        Ok(db)
    }

    async fn connect_sqlite(path: &Path, options: &ConnectOptions) -> Result<Self, StoreError> {
        let describe = |source| StoreError::Connect {
            address: path.display().to_string(),
            source,
        };
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|error| describe(sqlx::Error::Io(error)))?;
        }
        let base = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .page_size(SQLITE_PAGE_SIZE)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .pragma("temp_store", "memory")
            .statement_cache_capacity(256);
        let mut writer_options = base.clone().pragma("cache_size", WRITER_CACHE_SIZE);
        if options.background_checkpoints.is_some() {
            writer_options =
                writer_options.pragma("wal_autocheckpoint", checkpoints::BACKSTOP_PAGES);
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(None)
            .connect_with(writer_options)
            .await
            .map_err(describe)?;
        let checkpoints = match options.background_checkpoints {
            Some(every) => Some(Arc::new(
                Checkpoints::start(&base.clone().create_if_missing(false), every)
                    .await
                    .map_err(describe)?,
            )),
            None => None,
        };
        let reader = SqlitePoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(None)
            .connect_with(
                base.create_if_missing(false)
                    .pragma("mmap_size", READER_MMAP_BYTES),
            )
            .await
            .map_err(describe)?;
        let changes = if options.watch_changes {
            ChangeSignal::watch_sqlite(path).map(Arc::new)
        } else {
            None
        };
        Ok(Self::Sqlite(SqlitePools {
            reader,
            writer,
            changes,
            checkpoints,
        }))
    }

    async fn connect_postgres(url: &str, options: &ConnectOptions) -> Result<Self, StoreError> {
        let describe = |source| StoreError::Connect {
            address: redact(url),
            source,
        };
        // PostgreSQL's notices are asides (a search for stop words alone, an `IF NOT EXISTS`
        // with nothing to do), which sqlx logs one by one: left on, any reader could fill
        // the log with them. Warnings still come through.
        let connect_options = PgConnectOptions::from_str(url)
            .map_err(describe)?
            .options([("client_min_messages", "warning")]);
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(connect_options)
            .await
            .map_err(describe)?;
        Ok(Self::Postgres(pool))
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// The database's change signal, where one exists (SQLite on Linux). Without it, the
    /// only way to know whether something changed is to ask the database.
    pub fn change_signal(&self) -> Option<&ChangeSignal> {
        match self {
            Self::Sqlite(pools) => pools.changes.as_deref(),
            Self::Postgres(_) => None,
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so a transaction never fails half-way because another writer came first.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let inner = match self {
            Self::Sqlite(pools) => {
                TxInner::Sqlite(pools.writer.begin_with("BEGIN IMMEDIATE").await?)
            }
            Self::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner })
    }

    /// Closes every connection, waiting for those in use to be returned. SQLite folds
    /// its write-ahead log back into the main file when the last connection closes.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pools) => {
                if let Some(checkpoints) = &pools.checkpoints {
                    checkpoints.stop().await;
                }
                pools.reader.close().await;
                pools.writer.close().await;
            }
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// How many bytes of values a statement of many rows may send
    /// ([`POSTGRES_BYTES_PER_STATEMENT`]).
    pub(crate) fn bytes_per_statement(&self) -> usize {
        match self.inner {
            TxInner::Sqlite(_) => usize::MAX,
            TxInner::Postgres(_) => POSTGRES_BYTES_PER_STATEMENT,
        }
    }

    /// Makes every change of the transaction durable and visible.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::Sqlite(transaction) => transaction.commit().await?,
            TxInner::Postgres(transaction) => transaction.commit().await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_cut_by_rows_and_by_bytes() {
        let small = vec![1_usize; 2 * ROWS_PER_STATEMENT + 50];
        let sizes: Vec<usize> = statement_chunks(&small, 1024 * 1024, |size| *size)
            .map(<[usize]>::len)
            .collect();
        assert_eq!(sizes, [ROWS_PER_STATEMENT, ROWS_PER_STATEMENT, 50]);
        let sizes: Vec<usize> = statement_chunks(&[10_usize; 250], 1024, |size| *size)
            .map(<[usize]>::len)
            .collect();
        assert_eq!(sizes, [102, 102, 46], "small rows cut by bytes");
        let large = vec![3 * 1024_usize, 3 * 1024, 3 * 1024, 10 * 1024, 1024];
        let sizes: Vec<usize> = statement_chunks(&large, 8 * 1024, |size| *size)
            .map(<[usize]>::len)
            .collect();
        assert_eq!(
            sizes,
            [2, 1, 1, 1],
            "a row larger than the limit goes alone"
        );
        let unlimited: Vec<usize> = statement_chunks(&large, usize::MAX, |size| *size)
            .map(<[usize]>::len)
            .collect();
        assert_eq!(unlimited, [5]);
    }

    #[test]
    fn parses_addresses() {
        assert_eq!(
            Location::parse("sqlite://data/site.db").unwrap(),
            Location::SqliteFile("data/site.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:/tmp/x.db?mode=rwc").unwrap(),
            Location::SqliteFile("/tmp/x.db".into())
        );
        assert!(matches!(
            Location::parse("postgres://u@h/db").unwrap(),
            Location::Postgres(_)
        ));
        let error = Location::parse("mysql://root:secret@localhost/db")
            .unwrap_err()
            .to_string();
        assert!(error.contains("root:***@localhost"), "{error}");
        assert!(!error.contains("secret"));
    }
}
