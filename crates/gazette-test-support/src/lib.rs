//! Fixtures shared by Gazette's tests.
//!
//! Every test gets its own database: a fresh SQLite file in a temporary folder, or a fresh
//! PostgreSQL database created on the server named by `GAZETTE_TEST_DATABASE_URL` and
//! dropped afterwards. [`backend_tests!`] writes one test per backend from one body.

mod database;

pub use database::{POSTGRES_URL_VARIABLE, TestDatabase};

/// Defines, for each `async fn name(db: Db) { … }` given, a module `name` with two tests,
/// `sqlite` and `postgres`, that run the body on a fresh database of each backend. The
/// PostgreSQL test says that it was skipped when `GAZETTE_TEST_DATABASE_URL` is not set.
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($db:ident : Db) $body:block)*) => {
        $(
            async fn $name($db: gazette_store::Db) $body

            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let database = $crate::TestDatabase::sqlite();
                    let db = database.connect().await;
                    super::$name(db.clone()).await;
                    db.close().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(database) = $crate::TestDatabase::postgres().await else { return };
                    let db = database.connect().await;
                    super::$name(db.clone()).await;
                    db.close().await;
                }
            }
        )*
    };
}
