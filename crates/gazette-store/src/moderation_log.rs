//! The moderation log: who did what to which comment, and when.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::{CommentId, CommentStatus, Timestamp};
use serde::Serialize;

/// One line of the moderation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModerationLogEntry {
    /// The comment acted on (it may since have been deleted).
    pub comment_id: CommentId,
    /// What was done: `approve`, `spam`, `delete`…
    pub action: String,
    /// The status before, if the comment had one.
    pub from_status: Option<CommentStatus>,
    /// The status after; none when the comment was deleted.
    pub to_status: Option<CommentStatus>,
    /// Who did it.
    pub actor: String,
    /// When.
    pub at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct LogRow {
    comment_id: i64,
    action: String,
    from_status: Option<String>,
    to_status: Option<String>,
    actor: String,
    at: DbTime,
}

const INSERT: &str = "INSERT INTO comment_moderation_log (comment_id, action, from_status, to_status, actor, at) VALUES ($1, $2, $3, $4, $5, $6)";
const RECENT: &str = "SELECT comment_id, action, from_status, to_status, actor, at FROM comment_moderation_log WHERE ($1 IS NULL OR comment_id = $1) ORDER BY at DESC, id DESC LIMIT $2";

impl Tx {
    /// Writes one line of the moderation log.
    pub async fn log_moderation(&mut self, entry: &ModerationLogEntry) -> StoreResult<()> {
        write!(self, conn => sqlx::query(INSERT)
            .bind(entry.comment_id.get())
            .bind(&entry.action)
            .bind(entry.from_status.map(CommentStatus::as_str))
            .bind(entry.to_status.map(CommentStatus::as_str))
            .bind(&entry.actor)
            .bind(DbTime(entry.at))
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }
}

impl Db {
    /// The latest lines of the moderation log, newest first, of one comment or of all.
    pub async fn moderation_log(
        &self,
        comment: Option<CommentId>,
        limit: u32,
    ) -> StoreResult<Vec<ModerationLogEntry>> {
        let rows: Vec<LogRow> = read!(self, conn => sqlx::query_as(RECENT)
            .bind(comment.map(CommentId::get))
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|row| ModerationLogEntry {
                comment_id: CommentId(row.comment_id),
                action: row.action,
                from_status: row.from_status.as_deref().and_then(CommentStatus::parse),
                to_status: row.to_status.as_deref().and_then(CommentStatus::parse),
                actor: row.actor,
                at: row.at.0,
            })
            .collect())
    }
}
