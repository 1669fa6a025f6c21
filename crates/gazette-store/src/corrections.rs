//! The corrections and updates log of each article.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::correction::{Correction, CorrectionKind};
use gazette_domain::{ArticleId, CorrectionId, Timestamp, UserId};

#[derive(sqlx::FromRow)]
struct CorrectionRow {
    id: i64,
    article_id: i64,
    kind: String,
    note_text: String,
    note_html: String,
    author_id: Option<i64>,
    created_at: DbTime,
}

const INSERT: &str = "INSERT INTO article_corrections (article_id, kind, note_text, note_html, author_id, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
const OF_ARTICLE: &str = "SELECT id, article_id, kind, note_text, note_html, author_id, created_at \
     FROM article_corrections WHERE article_id = $1 ORDER BY created_at, id";
const DELETE: &str = "DELETE FROM article_corrections WHERE id = $1 AND article_id = $2";

impl Db {
    /// An article's notes, oldest first.
    pub async fn corrections_of(&self, article: ArticleId) -> StoreResult<Vec<Correction>> {
        let rows: Vec<CorrectionRow> = read!(self, conn => sqlx::query_as(OF_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(Correction {
                    id: CorrectionId(row.id),
                    article_id: ArticleId(row.article_id),
                    kind: CorrectionKind::parse(&row.kind).ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "correction {} has kind `{}`",
                            row.id, row.kind
                        ))
                    })?,
                    note_text: row.note_text,
                    note_html: row.note_html,
                    author_id: row.author_id.map(UserId),
                    created_at: row.created_at.0,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Adds a note to an article's log.
    pub async fn insert_correction(
        &mut self,
        article: ArticleId,
        kind: CorrectionKind,
        note_text: &str,
        note_html: &str,
        author: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<CorrectionId> {
        let id: i64 = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(article.get())
            .bind(kind.as_str())
            .bind(note_text)
            .bind(note_html)
            .bind(author.map(UserId::get))
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        Ok(CorrectionId(id))
    }

    /// Removes a note that was added by mistake; `false` when there was none.
    pub async fn delete_correction(
        &mut self,
        article: ArticleId,
        id: CorrectionId,
    ) -> StoreResult<bool> {
        let deleted: u64 = write!(self, conn => sqlx::query(DELETE).bind(id.get()).bind(article.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(deleted == 1)
    }
}
