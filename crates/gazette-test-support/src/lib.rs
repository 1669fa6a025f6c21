//! Fixtures shared by Gazette's tests.
//!
//! Every test gets its own database: a fresh SQLite file in a temporary folder, or a fresh
//! PostgreSQL database created on the server named by `GAZETTE_TEST_DATABASE_URL` and
//! dropped afterwards. [`backend_tests!`] writes one test per backend from one body, and
//! [`TestApp`] is the production router over such a database, called in process.
//! [`smtp::SmtpServer`] is a real SMTP server on loopback that keeps what it receives,
//! [`feed_server::FeedServer`] serves another outlet's feed on loopback,
//! [`images`] makes test images in code, and [`wordpress`] holds WordPress exports.
//! [`ServedSite`] runs the real `gazette serve` binary over a new site, and, with the
//! `browser` feature, `browser::Browser` drives headless Chromium through it.

#[cfg(feature = "browser")]
pub mod browser;
mod database;
pub mod feed_server;
pub mod images;
mod served_site;
pub mod smtp;
mod test_app;
pub mod wordpress;

pub use database::{POSTGRES_URL_VARIABLE, TestDatabase};
pub use served_site::ServedSite;
pub use test_app::{TEST_START, TestApp, TestResponse};

/// Defines, for each `async fn name(db: Db) { … }` given, the function and a module
/// `name` with two tests, `sqlite` and `postgres`, that run it on a fresh database of each
/// backend. The PostgreSQL test says that it was skipped when `GAZETTE_TEST_DATABASE_URL`
/// is not set.
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

/// Like [`backend_tests!`], for `async fn name(site: TestApp) { … }`: the whole web
/// application over a fresh database of each backend.
#[macro_export]
macro_rules! app_tests {
    ($(async fn $name:ident($site:ident : TestApp) $body:block)*) => {
        $(
            async fn $name($site: $crate::TestApp) $body

            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::TestApp::start($crate::TestDatabase::sqlite()).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(database) = $crate::TestDatabase::postgres().await else { return };
                    super::$name($crate::TestApp::start(database).await).await;
                }
            }
        )*
    };
}
