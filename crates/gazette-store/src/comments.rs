//! Comments: storing them, moving them between statuses, and finding them for pages,
//! moderators and the CLI.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, Comment, CommentId, CommentStatus, Timestamp};

/// A comment to be created, already validated and rendered.
#[derive(Clone, Debug)]
pub struct NewCommentRecord {
    /// The article it is on.
    pub article_id: ArticleId,
    /// The comment it replies to.
    pub parent_id: Option<CommentId>,
    /// The commenter's name.
    pub author_name: String,
    /// The commenter's email address.
    pub author_email: String,
    /// The commenter's website.
    pub author_url: Option<String>,
    /// The cleaned text.
    pub text: String,
    /// The safe HTML rendered from the text.
    pub html: String,
    /// Its first status.
    pub status: CommentStatus,
    /// The address it came from.
    pub ip: Option<String>,
    /// The browser it came from.
    pub user_agent: Option<String>,
}

/// Which comments a moderator's list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommentFilter {
    /// Only this status.
    pub status: Option<CommentStatus>,
    /// Only this article.
    pub article_id: Option<ArticleId>,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    article_id: i64,
    parent_id: Option<i64>,
    author_name: String,
    author_email: String,
    author_url: Option<String>,
    body_text: String,
    body_html: String,
    status: String,
    ip: Option<String>,
    user_agent: Option<String>,
    created_at: DbTime,
    updated_at: DbTime,
}

impl TryFrom<CommentRow> for Comment {
    type Error = StoreError;

    fn try_from(row: CommentRow) -> StoreResult<Self> {
        Ok(Comment {
            id: CommentId(row.id),
            article_id: ArticleId(row.article_id),
            parent_id: row.parent_id.map(CommentId),
            author_name: row.author_name,
            author_email: row.author_email,
            author_url: row.author_url,
            text: row.body_text,
            html: row.body_html,
            status: CommentStatus::parse(&row.status).ok_or_else(|| {
                StoreError::Corrupt(format!("comment {} has status `{}`", row.id, row.status))
            })?,
            ip: row.ip,
            user_agent: row.user_agent,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

fn into_comments(rows: Vec<CommentRow>) -> StoreResult<Vec<Comment>> {
    rows.into_iter().map(Comment::try_from).collect()
}

const COLUMNS: &str = "id, article_id, parent_id, author_name, author_email, author_url, body_text, body_html, status, ip, user_agent, created_at, updated_at";
const APPROVED_FOR_ARTICLE: &str = "SELECT id, article_id, parent_id, author_name, author_email, author_url, body_text, body_html, status, ip, user_agent, created_at, updated_at \
     FROM comments WHERE article_id = $1 AND status = 'approved' ORDER BY created_at, id";
const FILTERED_NEWEST_FIRST: &str = "SELECT id, article_id, parent_id, author_name, author_email, author_url, body_text, body_html, status, ip, user_agent, created_at, updated_at \
     FROM comments WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR article_id = $2) ORDER BY created_at DESC, id DESC";
const BY_ID: &str = "SELECT id, article_id, parent_id, author_name, author_email, author_url, body_text, body_html, status, ip, user_agent, created_at, updated_at \
     FROM comments WHERE id = $1";
const APPROVED_COUNT: &str =
    "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'approved'";
const INSERT: &str = "INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body_text, body_html, status, ip, user_agent, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";
const SET_STATUS: &str = "UPDATE comments SET status = $1, updated_at = $2 WHERE id = $3";

impl Db {
    /// The approved comments of an article, oldest first.
    pub async fn approved_comments(&self, article: ArticleId) -> StoreResult<Vec<Comment>> {
        let rows = read!(self, conn => sqlx::query_as(APPROVED_FOR_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        into_comments(rows)
    }

    /// Those of `ids` that are pending comments on `article`, oldest first: what a
    /// commenter who holds their ids may see of their own held comments.
    pub async fn pending_comments_among(
        &self,
        article: ArticleId,
        ids: &[CommentId],
    ) -> StoreResult<Vec<Comment>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<CommentRow> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new(format!("SELECT {COLUMNS} FROM comments WHERE status = 'pending' AND article_id = "));
            query.push_bind(article.get()).push(" AND id IN (");
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(id.get());
            }
            query.push(") ORDER BY created_at, id");
            query.build_query_as().fetch_all(conn).await
        })?;
        into_comments(rows)
    }

    /// Comments matching `filter`, newest first.
    pub async fn comments(&self, filter: CommentFilter) -> StoreResult<Vec<Comment>> {
        let rows = read!(self, conn => sqlx::query_as(FILTERED_NEWEST_FIRST)
            .bind(filter.status.map(CommentStatus::as_str))
            .bind(filter.article_id.map(ArticleId::get))
            .fetch_all(conn)
            .await)?;
        into_comments(rows)
    }

    /// The comment with this id.
    pub async fn comment_by_id(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        let row: Option<CommentRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Comment::try_from).transpose()
    }

    /// How many approved comments an article has.
    pub async fn approved_comment_count(&self, article: ArticleId) -> StoreResult<i64> {
        Ok(
            read!(self, conn => sqlx::query_scalar(APPROVED_COUNT).bind(article.get()).fetch_one(conn).await)?,
        )
    }
}

impl Tx {
    /// The comment with this id, read inside the transaction.
    pub async fn comment_by_id(&mut self, id: CommentId) -> StoreResult<Option<Comment>> {
        let row: Option<CommentRow> =
            write!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Comment::try_from).transpose()
    }

    /// Stores a new comment.
    pub async fn insert_comment(
        &mut self,
        comment: &NewCommentRecord,
        now: Timestamp,
    ) -> StoreResult<CommentId> {
        let id: i64 = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(comment.article_id.get())
            .bind(comment.parent_id.map(CommentId::get))
            .bind(&comment.author_name)
            .bind(&comment.author_email)
            .bind(comment.author_url.as_deref())
            .bind(&comment.text)
            .bind(&comment.html)
            .bind(comment.status.as_str())
            .bind(comment.ip.as_deref())
            .bind(comment.user_agent.as_deref())
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        Ok(CommentId(id))
    }

    /// Moves a comment to `status`; `false` when there is no such comment.
    pub async fn set_comment_status(
        &mut self,
        id: CommentId,
        status: CommentStatus,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed = write!(self, conn => sqlx::query(SET_STATUS).bind(status.as_str()).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }
}
