//! For tests: what SQLite's planner will do with a statement, read on a freshly migrated
//! site. The statements that public pages run are checked to read the index they were
//! written for, since SQLite's planner, left to choose, has preferred a scan of every
//! article's row where an index would do.

use crate::backend::{ConnectOptions, Db, Location};
use std::path::PathBuf;

/// A migrated SQLite site in a folder of its own, to plan statements on.
pub(crate) struct PlanSite {
    db: Db,
    folder: PathBuf,
}

impl PlanSite {
    /// A new site, in a folder named after `name` and this process.
    pub(crate) async fn new(name: &str) -> Self {
        let folder =
            std::env::temp_dir().join(format!("gazette-plans-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&folder).ok();
        let db = Db::connect(
            &Location::sqlite_file(&folder.join("gazette.db")),
            &ConnectOptions::default(),
        )
        .await
        .unwrap_or_else(|error| panic!("the site to plan on could not be made: {error}"));
        Self { db, folder }
    }

    /// The steps of the plan for `sql`, in order, each as SQLite words it (`SEARCH a
    /// USING COVERING INDEX …`). Its parameters are left empty: a plan is made before any
    /// value is known.
    pub(crate) async fn plan(&self, sql: &str) -> Vec<String> {
        let Db::Sqlite(pools) = &self.db else {
            panic!("an SQLite site was opened");
        };
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {sql}"
        )));
        for _ in 0..parameter_count(sql) {
            query = query.bind(None::<i64>);
        }
        let rows = query
            .fetch_all(&pools.reader)
            .await
            .unwrap_or_else(|error| panic!("SQLite could not plan {sql}: {error}"));
        rows.into_iter().map(|(_, _, _, step)| step).collect()
    }

    /// Closes the site and removes its folder.
    pub(crate) async fn remove(self) {
        self.db.close().await;
        std::fs::remove_dir_all(&self.folder).ok();
    }
}

/// The highest `$n` that `sql` names.
fn parameter_count(sql: &str) -> usize {
    sql.split('$')
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn parameters_are_counted_by_the_highest_number() {
    assert_eq!(parameter_count("SELECT 1"), 0);
    assert_eq!(parameter_count("SELECT $2, $10, $1, $1"), 10);
}
