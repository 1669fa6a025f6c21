//! Ids chosen before rows are written, for rows written many at a time: an import's
//! articles and comments (so that a reply can name its parent in the same batch, and old
//! links keep their numbers), and a feed's new articles and items (so that no row has to
//! come back from the database to say which id it got).
//!
//! SQLite has one writer, which holds the write lock for the whole transaction (`BEGIN
//! IMMEDIATE`): the next ids are simply the ones after the largest. On PostgreSQL the
//! table's sequence hands them out, first raised past every id stored, so that nothing the
//! site makes later collides with ids a writer chose itself.

use crate::StoreResult;
use crate::backend::{ROWS_PER_STATEMENT, Tx, TxInner};
use std::collections::HashSet;

/// A table whose new rows' ids are chosen before the rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdTable {
    /// `articles`.
    Articles,
    /// `comments`.
    Comments,
    /// `source_items`.
    SourceItems,
}

impl IdTable {
    /// The largest id in the table (SQLite).
    fn largest_id(self) -> &'static str {
        match self {
            Self::Articles => "SELECT COALESCE(MAX(id), 0) FROM articles",
            Self::Comments => "SELECT COALESCE(MAX(id), 0) FROM comments",
            Self::SourceItems => "SELECT COALESCE(MAX(id), 0) FROM source_items",
        }
    }

    /// Raises the table's sequence to at least `$1` and past every stored id (PostgreSQL).
    fn raise_sequence(self) -> &'static str {
        match self {
            Self::Articles => {
                "SELECT setval(seq, GREATEST(COALESCE(pg_sequence_last_value(seq::regclass), 0), \
                 (SELECT COALESCE(MAX(id), 0) FROM articles), $1, 1)) \
                 FROM (SELECT pg_get_serial_sequence('articles', 'id') AS seq) AS s"
            }
            Self::Comments => {
                "SELECT setval(seq, GREATEST(COALESCE(pg_sequence_last_value(seq::regclass), 0), \
                 (SELECT COALESCE(MAX(id), 0) FROM comments), $1, 1)) \
                 FROM (SELECT pg_get_serial_sequence('comments', 'id') AS seq) AS s"
            }
            Self::SourceItems => {
                "SELECT setval(seq, GREATEST(COALESCE(pg_sequence_last_value(seq::regclass), 0), \
                 (SELECT COALESCE(MAX(id), 0) FROM source_items), $1, 1)) \
                 FROM (SELECT pg_get_serial_sequence('source_items', 'id') AS seq) AS s"
            }
        }
    }

    /// The next `$1` values of the table's sequence (PostgreSQL).
    fn next_values(self) -> &'static str {
        match self {
            Self::Articles => {
                "SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, $1)"
            }
            Self::Comments => {
                "SELECT nextval(pg_get_serial_sequence('comments', 'id')) FROM generate_series(1, $1)"
            }
            Self::SourceItems => {
                "SELECT nextval(pg_get_serial_sequence('source_items', 'id')) FROM generate_series(1, $1)"
            }
        }
    }

    /// The head of a query for which of some ids are used; the list follows.
    fn used_ids(self) -> &'static str {
        match self {
            Self::Articles => "SELECT id FROM articles WHERE id IN (",
            Self::Comments => "SELECT id FROM comments WHERE id IN (",
            Self::SourceItems => "SELECT id FROM source_items WHERE id IN (",
        }
    }
}

impl Tx {
    /// Which of `candidates` are ids already used in `table`.
    pub async fn used_ids(
        &mut self,
        table: IdTable,
        candidates: &[i64],
    ) -> StoreResult<HashSet<i64>> {
        let mut used = HashSet::new();
        for chunk in candidates.chunks(ROWS_PER_STATEMENT) {
            let found: Vec<i64> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(table.used_ids());
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_scalar().fetch_all(conn).await
            })?;
            used.extend(found);
        }
        Ok(used)
    }

    /// `count` new ids for `table`, each greater than `above` and than every id stored, and
    /// never handed out again.
    pub async fn reserve_ids(
        &mut self,
        table: IdTable,
        count: usize,
        above: i64,
    ) -> StoreResult<Vec<i64>> {
        match &mut self.inner {
            TxInner::Sqlite(transaction) => {
                let largest: i64 = sqlx::query_scalar(table.largest_id())
                    .fetch_one(&mut **transaction)
                    .await?;
                let first = largest.max(above) + 1;
                Ok((0..count)
                    .map(|offset| first + i64::try_from(offset).unwrap_or(i64::MAX))
                    .collect())
            }
            TxInner::Postgres(transaction) => {
                sqlx::query(table.raise_sequence())
                    .bind(above)
                    .execute(&mut **transaction)
                    .await?;
                if count == 0 {
                    return Ok(Vec::new());
                }
                let ids: Vec<i64> = sqlx::query_scalar(table.next_values())
                    .bind(i64::try_from(count).unwrap_or(i64::MAX))
                    .fetch_all(&mut **transaction)
                    .await?;
                Ok(ids)
            }
        }
    }
}
