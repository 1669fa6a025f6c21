//! A fresh database for each test.

use gazette_store::{ConnectOptions, Db, Location, SERVER_CHECKPOINT_PACE, SchemaPolicy};
use std::sync::atomic::{AtomicU32, Ordering};
use tempfile::TempDir;

/// The environment variable naming a PostgreSQL server for tests, such as
/// `postgres://postgres@127.0.0.1:5432/postgres`. Each test creates its own database there.
pub const POSTGRES_URL_VARIABLE: &str = "GAZETTE_TEST_DATABASE_URL";

static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// A database that exists for one test and is removed after it.
#[derive(Debug)]
pub struct TestDatabase {
    location: Location,
    address: String,
    folder: Option<TempDir>,
    /// Held for its `Drop`, which removes the PostgreSQL database.
    _postgres_cleanup: Option<PostgresCleanup>,
}

#[derive(Debug)]
struct PostgresCleanup {
    admin_url: String,
    database: String,
}

impl TestDatabase {
    /// A new SQLite file in a temporary folder.
    pub fn sqlite() -> Self {
        let folder = tempfile::Builder::new()
            .prefix("gazette-test-")
            .tempdir()
            .expect("a temporary folder for the test database");
        let path = folder.path().join("gazette.db");
        Self {
            address: format!("sqlite://{}", path.display()),
            location: Location::sqlite_file(&path),
            folder: Some(folder),
            _postgres_cleanup: None,
        }
    }

    /// A new, empty PostgreSQL database, or `None` (with a message on stderr) when
    /// `GAZETTE_TEST_DATABASE_URL` is not set. A set but unreachable server fails the test.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VARIABLE) else {
            announce_postgres_skipped();
            return None;
        };
        let database = format!(
            "gazette_test_{}_{}_{}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.subsec_nanos())
        );
        let mut admin = connect_admin(&admin_url).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE \"{database}\""
        )))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|error| {
            panic!("could not create the test database {database} on {admin_url}: {error}")
        });
        let mut address = url::Url::parse(&admin_url).expect("GAZETTE_TEST_DATABASE_URL is a URL");
        address.set_path(&database);
        Some(Self {
            location: Location::parse(address.as_str()).expect("a PostgreSQL address"),
            address: address.to_string(),
            folder: None,
            _postgres_cleanup: Some(PostgresCleanup {
                admin_url,
                database,
            }),
        })
    }

    /// Connects and applies the migrations.
    pub async fn connect(&self) -> Db {
        Db::connect(
            &self.location,
            &ConnectOptions {
                max_connections: 4,
                schema: SchemaPolicy::Migrate,
                watch_changes: true,
                background_checkpoints: Some(SERVER_CHECKPOINT_PACE),
            },
        )
        .await
        .unwrap_or_else(|error| {
            panic!("could not open the test database {}: {error}", self.address)
        })
    }

    /// Connects without migrating, as a program that finds an existing database would.
    pub async fn connect_unmigrated(&self) -> Result<Db, gazette_store::StoreError> {
        Db::connect(
            &self.location,
            &ConnectOptions {
                max_connections: 4,
                schema: SchemaPolicy::RequireCurrent,
                watch_changes: true,
                background_checkpoints: Some(SERVER_CHECKPOINT_PACE),
            },
        )
        .await
    }

    /// The database's address, as `--database` takes it.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The temporary folder that holds an SQLite database, usable as a data directory.
    pub fn folder(&self) -> Option<&std::path::Path> {
        self.folder.as_ref().map(TempDir::path)
    }
}

/// Says once per test binary, past the test harness's output capture, that PostgreSQL
/// tests were skipped, so that a run without PostgreSQL never looks like a full pass.
fn announce_postgres_skipped() {
    use std::io::Write as _;
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    ANNOUNCED.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "NOTE: PostgreSQL tests are skipped because {POSTGRES_URL_VARIABLE} is not set; set it (for example to postgres://postgres@127.0.0.1:5432/postgres) to run them"
        );
    });
}

async fn connect_admin(admin_url: &str) -> sqlx::PgConnection {
    use sqlx::Connection as _;
    sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|error| panic!("{POSTGRES_URL_VARIABLE} is set to {admin_url}, but that server cannot be reached: {error}"))
}

impl Drop for PostgresCleanup {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let database = self.database.clone();
        // Dropping needs async IO; a short-lived runtime on its own thread keeps this
        // independent of whatever runtime (if any) the test used.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = connect_admin(&admin_url).await;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!(
                "could not drop the test database {}; remove it by hand",
                self.database
            );
        }
    }
}
