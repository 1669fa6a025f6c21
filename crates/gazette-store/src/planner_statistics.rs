//! PostgreSQL's planner statistics, brought up to date in the middle of a long write.
//!
//! A long write (a long feed's items, a WordPress import) looks rows up by key and slug
//! batch after batch, among the rows its own transaction has written. PostgreSQL plans
//! those lookups from the tables' statistics: while they still describe the tables as they
//! were before the write began (empty, for a new site), it scans whole tables where an
//! index would find a few rows, and each batch costs more than the one before. SQLite plans
//! from its indexes alone, so there is nothing to do for it.

use crate::StoreResult;
use crate::backend::{Tx, TxInner};

/// A long write, named by the tables it fills and later looks rows up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LongWrite {
    /// A feed's new items: `source_items` and `articles`.
    FeedItems,
    /// A WordPress import: `articles`, `comments` and `wordpress_objects`.
    WordPressImport,
}

impl LongWrite {
    fn analyze(self) -> &'static str {
        match self {
            Self::FeedItems => "ANALYZE source_items, articles",
            Self::WordPressImport => "ANALYZE articles, comments, wordpress_objects",
        }
    }
}

impl Tx {
    /// Brings the planner's statistics of the tables `write` fills up to date, the rows
    /// this transaction wrote included (see the module's doc).
    pub async fn refresh_planner_statistics(&mut self, write: LongWrite) -> StoreResult<()> {
        if let TxInner::Postgres(transaction) = &mut self.inner {
            sqlx::query(write.analyze())
                .execute(&mut **transaction)
                .await?;
        }
        Ok(())
    }
}
