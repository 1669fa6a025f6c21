//! The moderation log: who did what to which comment, and when; one page at a time with
//! what the comment still is, for moderators.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, CommentId, CommentStatus, Timestamp};
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

/// A line of the moderation log with the comment it is about, while that comment exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModerationLogLine {
    /// The line.
    pub entry: ModerationLogEntry,
    /// The comment's author, while the comment exists.
    pub comment_author: Option<String>,
    /// The article the comment is on and its title, while the comment exists.
    pub article: Option<(ArticleId, String)>,
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

impl From<LogRow> for ModerationLogEntry {
    fn from(row: LogRow) -> Self {
        Self {
            comment_id: CommentId(row.comment_id),
            action: row.action,
            from_status: row.from_status.as_deref().and_then(CommentStatus::parse),
            to_status: row.to_status.as_deref().and_then(CommentStatus::parse),
            actor: row.actor,
            at: row.at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct LineRow {
    #[sqlx(flatten)]
    entry: LogRow,
    comment_author: Option<String>,
    article_id: Option<i64>,
    article_title: Option<String>,
}

const INSERT: &str = "INSERT INTO comment_moderation_log (comment_id, action, from_status, to_status, actor, at) VALUES ($1, $2, $3, $4, $5, $6)";
const RECENT: &str = "SELECT comment_id, action, from_status, to_status, actor, at FROM comment_moderation_log WHERE ($1 IS NULL OR comment_id = $1) ORDER BY at DESC, id DESC LIMIT $2";
const PAGE: &str = "SELECT log.comment_id, log.action, log.from_status, log.to_status, log.actor, log.at, \
     comments.author_name AS comment_author, articles.id AS article_id, articles.title AS article_title \
     FROM comment_moderation_log AS log \
     LEFT JOIN comments ON comments.id = log.comment_id \
     LEFT JOIN articles ON articles.id = comments.article_id \
     WHERE ($1 IS NULL OR log.comment_id = $1) ORDER BY log.at DESC, log.id DESC LIMIT $2 OFFSET $3";
const COUNT: &str =
    "SELECT COUNT(*) FROM comment_moderation_log WHERE ($1 IS NULL OR comment_id = $1)";

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
        Ok(rows.into_iter().map(ModerationLogEntry::from).collect())
    }

    /// Up to `limit` lines of the moderation log, of one comment or of all, newest first,
    /// after skipping `offset` of them; each with what the comment still is.
    pub async fn moderation_log_page(
        &self,
        comment: Option<CommentId>,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Vec<ModerationLogLine>> {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows: Vec<LineRow> = read!(self, conn => sqlx::query_as(PAGE)
            .bind(comment.map(CommentId::get))
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|row| ModerationLogLine {
                entry: ModerationLogEntry::from(row.entry),
                comment_author: row.comment_author,
                article: row.article_id.map(ArticleId).zip(row.article_title),
            })
            .collect())
    }

    /// How many lines the moderation log holds, of one comment or of all.
    pub async fn moderation_log_length(&self, comment: Option<CommentId>) -> StoreResult<u64> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(COUNT)
            .bind(comment.map(CommentId::get))
            .fetch_one(conn)
            .await)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
