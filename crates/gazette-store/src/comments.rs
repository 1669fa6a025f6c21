//! Comments: storing them, moving them between statuses, finding them for pages (threads
//! and comment pages), for the moderation checks and for moderators, and forgetting what a
//! commenter asks to have forgotten.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{
    ArticleId, Comment, CommentId, CommentKind, CommentStatus, Lesson, Timestamp, UserId,
};

/// A comment to be created, already validated, decided on and rendered.
#[derive(Clone, Debug)]
pub struct NewCommentRecord {
    /// The article it is on.
    pub article_id: ArticleId,
    /// The comment it replies to.
    pub parent_id: Option<CommentId>,
    /// The top-level comment of the thread, for a reply.
    pub root_id: Option<CommentId>,
    /// Its depth in the thread, 1 for a top-level comment.
    pub depth: u32,
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
    /// The rule that decided the status, if one did.
    pub moderation_rule: Option<String>,
    /// Why, in words.
    pub moderation_reason: Option<String>,
    /// The spam classifier's score.
    pub spam_score: Option<f64>,
    /// The address it came from.
    pub ip: Option<String>,
    /// The browser it came from.
    pub user_agent: Option<String>,
    /// The member of staff who wrote it while signed in.
    pub user_id: Option<UserId>,
}

/// Which comments a moderator's list shows.
#[derive(Clone, Debug, Default)]
pub struct CommentFilter {
    /// Only this status.
    pub status: Option<CommentStatus>,
    /// Only this article.
    pub article_id: Option<ArticleId>,
    /// Only comments left with this email address.
    pub author_email: Option<String>,
    /// At most this many, newest first; all when `None`.
    pub limit: Option<u32>,
}

/// Where a top-level comment stands in the order of an article's threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadKey {
    /// When the top-level comment was posted.
    pub created_at: Timestamp,
    /// Its id, which breaks ties.
    pub id: CommentId,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CommentRow {
    id: i64,
    article_id: i64,
    parent_id: Option<i64>,
    root_id: Option<i64>,
    depth: i32,
    kind: String,
    author_name: String,
    author_email: String,
    author_url: Option<String>,
    body_text: String,
    body_html: String,
    status: String,
    moderation_rule: Option<String>,
    moderation_reason: Option<String>,
    spam_score: Option<f64>,
    status_before: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    user_id: Option<i64>,
    created_at: DbTime,
    updated_at: DbTime,
}

fn parse_status(id: i64, text: &str) -> StoreResult<CommentStatus> {
    CommentStatus::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("comment {id} has status `{text}`")))
}

impl TryFrom<CommentRow> for Comment {
    type Error = StoreError;

    fn try_from(row: CommentRow) -> StoreResult<Self> {
        Ok(Comment {
            id: CommentId(row.id),
            article_id: ArticleId(row.article_id),
            parent_id: row.parent_id.map(CommentId),
            root_id: row.root_id.map(CommentId),
            depth: u32::try_from(row.depth).unwrap_or(1).max(1),
            kind: CommentKind::parse(&row.kind).ok_or_else(|| {
                StoreError::Corrupt(format!("comment {} is of the kind `{}`", row.id, row.kind))
            })?,
            author_name: row.author_name,
            author_email: row.author_email,
            author_url: row.author_url,
            text: row.body_text,
            html: row.body_html,
            status: parse_status(row.id, &row.status)?,
            moderation_rule: row.moderation_rule,
            moderation_reason: row.moderation_reason,
            spam_score: row.spam_score,
            status_before: row
                .status_before
                .as_deref()
                .map(|text| parse_status(row.id, text))
                .transpose()?,
            ip: row.ip,
            user_agent: row.user_agent,
            user_id: row.user_id.map(UserId),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

pub(crate) fn into_comments(rows: Vec<CommentRow>) -> StoreResult<Vec<Comment>> {
    rows.into_iter().map(Comment::try_from).collect()
}

/// `comments` oldest first (by time, then id), as threads show them.
fn oldest_first(mut comments: Vec<Comment>) -> Vec<Comment> {
    comments.sort_by_key(|comment| (comment.created_at, comment.id));
    comments
}

/// The columns every comment query reads, in [`CommentRow`]'s order.
macro_rules! comment_columns {
    () => {
        "id, article_id, parent_id, root_id, depth, kind, author_name, author_email, author_url, body_text, body_html, status, moderation_rule, moderation_reason, spam_score, status_before, ip, user_agent, user_id, created_at, updated_at"
    };
}
pub(crate) use comment_columns;
const COLUMNS: &str = comment_columns!();

const FILTERED_NEWEST_FIRST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR article_id = $2) AND ($3 IS NULL OR author_email = $3) ORDER BY created_at DESC, id DESC LIMIT $4"
);
const BY_ID: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE id = $1"
);
// An article's counts are kept by triggers in `article_comment_counts` (a row from its
// first approved comment on), so that neither lists nor pages count comments one by one.
const APPROVED_COUNT: &str =
    "SELECT COALESCE((SELECT comments FROM article_comment_counts WHERE article_id = $1), 0)";
const THREAD_COUNT: &str =
    "SELECT COALESCE((SELECT threads FROM article_comment_counts WHERE article_id = $1), 0)";
/// A statement that reads how many approved threads `$1` has and how many of them lie on
/// one side of the key (`$2`, `$3`), counting at most `$4` of those: they are counted one
/// by one along `comments_threads`.
macro_rules! threads_beside_key {
    ($side:literal) => {
        concat!(
            "SELECT COALESCE((SELECT threads FROM article_comment_counts WHERE article_id = $1), 0), \
             (SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE article_id = $1 AND status = 'approved' \
             AND kind = 'comment' AND parent_id IS NULL AND ",
            $side,
            " LIMIT $4) AS side)"
        )
    };
}
const THREADS_FROM_KEY_ON: &str =
    threads_beside_key!("(created_at > $2 OR (created_at = $2 AND id >= $3))");
const THREADS_AFTER_KEY: &str =
    threads_beside_key!("(created_at > $2 OR (created_at = $2 AND id > $3))");
const THREADS_BEFORE_KEY: &str =
    threads_beside_key!("(created_at < $2 OR (created_at = $2 AND id < $3))");
const THREADS_UP_TO_KEY: &str =
    threads_beside_key!("(created_at < $2 OR (created_at = $2 AND id <= $3))");
/// How many threads on a key's newer side are counted before the older side is counted
/// instead: a new comment, whose page is found as it is posted, has none or few there,
/// and a permalink to an old one has few on the other side.
const NEAR_SIDE_BOUND: i64 = 256;
const NTH_THREAD_OLDEST_FIRST: &str = "SELECT created_at, id FROM comments WHERE article_id = $1 AND status = 'approved' AND kind = 'comment' AND parent_id IS NULL ORDER BY created_at, id LIMIT 1 OFFSET $2";
const NTH_THREAD_NEWEST_FIRST: &str = "SELECT created_at, id FROM comments WHERE article_id = $1 AND status = 'approved' AND kind = 'comment' AND parent_id IS NULL ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $2";
const THREADS_FROM_OLDEST_FIRST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = $1 AND status = 'approved' AND kind = 'comment' AND parent_id IS NULL AND (created_at > $2 OR (created_at = $2 AND id >= $3)) ORDER BY created_at, id LIMIT $4"
);
const THREADS_FROM_NEWEST_FIRST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = $1 AND status = 'approved' AND kind = 'comment' AND parent_id IS NULL AND (created_at < $2 OR (created_at = $2 AND id <= $3)) ORDER BY created_at DESC, id DESC LIMIT $4"
);
// The statements below that public pages run are each written for one index, and their
// query plans are tested: SQLite's planner, which has no statistics, prefers any index
// that spares it a sort, and `comments_by_status` spares one for every order by date —
// at the price of reading every approved comment of the site to find an article's few.
// Where an order would draw it there, the rows are put in order here instead.
const LATEST_APPROVED_ON_SITE: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE status = 'approved' AND kind = 'comment' ORDER BY created_at DESC, id DESC LIMIT $1"
);
const LATEST_APPROVED_ON_ARTICLE: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = $1 AND status = 'approved' AND kind = 'comment' \
     ORDER BY created_at DESC, id DESC LIMIT $2"
);
/// In no order: see [`Db::approved_linkbacks`].
const APPROVED_LINKBACKS: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = $1 AND status = 'approved' AND kind IN ('pingback', 'trackback')"
);
/// The head of the statement for the approved replies in some threads, in no order: see
/// [`Db::approved_replies_in`]. The threads' roots follow, in parentheses.
const APPROVED_IN_THREADS: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE status = 'approved' AND root_id IN ("
);
const LAST_FROM_SENDER: &str =
    "SELECT MAX(created_at) FROM comments WHERE ip = $1 OR author_email = $2";
const DUPLICATE: &str = "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND author_email = $3 AND body_text = $4";
const PREVIOUSLY_APPROVED: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_email = $1 AND author_name = $2 AND status = 'approved' AND kind = 'comment' LIMIT 1) AS approved";
const INSERT: &str = "INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, author_url, body_text, body_html, status, moderation_rule, moderation_reason, spam_score, ip, user_agent, user_id, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id";
const SET_STATUS: &str =
    "UPDATE comments SET status = $1, status_before = $2, updated_at = $3 WHERE id = $4";
const SET_TRAINED_AS: &str = "UPDATE comments SET trained_as = $1 WHERE id = $2";
const TRAINED_AS: &str = "SELECT trained_as FROM comments WHERE id = $1";
const CHILDREN: &str = "SELECT id FROM comments WHERE parent_id = $1";
const REPARENT: &str = "UPDATE comments SET parent_id = $1, root_id = $2, depth = $3 WHERE id = $4";
const DELETE: &str = "DELETE FROM comments WHERE id = $1";
const EXPIRED_IN_BIN: &str = "SELECT id FROM comments WHERE status IN ('spam', 'trash') AND updated_at < $1 ORDER BY id LIMIT $2";
const CLEAR_OLD_ADDRESSES: &str = "UPDATE comments SET ip = NULL, user_agent = NULL WHERE created_at < $1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)";
const ANONYMISE: &str = "UPDATE comments SET author_name = 'Anonymous', author_email = '', author_url = NULL, ip = NULL, user_agent = NULL, updated_at = $1 WHERE author_email = $2";

impl Db {
    /// Comments matching `filter`, newest first.
    pub async fn comments(&self, filter: &CommentFilter) -> StoreResult<Vec<Comment>> {
        let limit = filter.limit.map_or(i64::MAX, i64::from);
        let rows = read!(self, conn => sqlx::query_as(FILTERED_NEWEST_FIRST)
            .bind(filter.status.map(CommentStatus::as_str))
            .bind(filter.article_id.map(ArticleId::get))
            .bind(filter.author_email.as_deref())
            .bind(limit)
            .fetch_all(conn)
            .await)?;
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

    /// How many approved top-level comments (threads) an article has.
    pub async fn approved_thread_count(&self, article: ArticleId) -> StoreResult<i64> {
        Ok(
            read!(self, conn => sqlx::query_scalar(THREAD_COUNT).bind(article.get()).fetch_one(conn).await)?,
        )
    }

    /// How many approved threads of `article` come before `key` in the reading order.
    ///
    /// The threads newer than the key are counted first, up to [`NEAR_SIDE_BOUND`]; the
    /// rest follows from the article's thread count. Only when there are more are the
    /// older ones counted, so that a thread's place costs what the shorter side holds, not
    /// what the article does.
    pub async fn approved_threads_before(
        &self,
        article: ArticleId,
        key: ThreadKey,
        newest_first: bool,
    ) -> StoreResult<i64> {
        let (newer_side, older_side) = if newest_first {
            (THREADS_AFTER_KEY, THREADS_UP_TO_KEY)
        } else {
            (THREADS_FROM_KEY_ON, THREADS_BEFORE_KEY)
        };
        let (total, newer) = self
            .threads_beside_key(newer_side, article, key, NEAR_SIDE_BOUND)
            .await?;
        if newer < NEAR_SIDE_BOUND {
            return Ok(if newest_first {
                newer
            } else {
                (total - newer).max(0)
            });
        }
        let (total, older) = self
            .threads_beside_key(older_side, article, key, i64::MAX)
            .await?;
        Ok(if newest_first {
            (total - older).max(0)
        } else {
            older
        })
    }

    /// Runs one of the `threads_beside_key!` statements: the article's thread count, and
    /// how many of its threads lie on the statement's side of `key`, at most `bound`.
    async fn threads_beside_key(
        &self,
        sql: &'static str,
        article: ArticleId,
        key: ThreadKey,
        bound: i64,
    ) -> StoreResult<(i64, i64)> {
        Ok(read!(self, conn => sqlx::query_as(sql)
            .bind(article.get())
            .bind(DbTime(key.created_at))
            .bind(key.id.get())
            .bind(bound)
            .fetch_one(conn)
            .await)?)
    }

    /// The key of the approved thread at `position` (from 0) in the reading order: where a
    /// comment page starts. Only the covering index of top-level comments is read, from
    /// whichever end of it is nearer `position` among the article's `thread_count`
    /// threads, so that the last page is found as quickly as the first.
    pub async fn approved_thread_at(
        &self,
        article: ArticleId,
        position: u64,
        thread_count: u64,
        newest_first: bool,
    ) -> StoreResult<Option<ThreadKey>> {
        let from_other_end = position >= thread_count / 2 && position < thread_count;
        let position = if from_other_end {
            thread_count - 1 - position
        } else {
            position
        };
        let sql = if newest_first == from_other_end {
            NTH_THREAD_OLDEST_FIRST
        } else {
            NTH_THREAD_NEWEST_FIRST
        };
        let offset = i64::try_from(position).unwrap_or(i64::MAX);
        let row: Option<(DbTime, i64)> = read!(self, conn => sqlx::query_as(sql)
            .bind(article.get())
            .bind(offset)
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(|(created_at, id)| ThreadKey {
            created_at: created_at.0,
            id: CommentId(id),
        }))
    }

    /// Up to `limit` approved top-level comments of `article` from `start` on, in the
    /// reading order: the threads of one comment page, found by key.
    pub async fn approved_threads_from(
        &self,
        article: ArticleId,
        start: ThreadKey,
        newest_first: bool,
        limit: u32,
    ) -> StoreResult<Vec<Comment>> {
        let sql = if newest_first {
            THREADS_FROM_NEWEST_FIRST
        } else {
            THREADS_FROM_OLDEST_FIRST
        };
        let rows = read!(self, conn => sqlx::query_as(sql)
            .bind(article.get())
            .bind(DbTime(start.created_at))
            .bind(start.id.get())
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        into_comments(rows)
    }

    /// The approved replies in the threads of `roots`, oldest first.
    pub async fn approved_replies_in(&self, roots: &[CommentId]) -> StoreResult<Vec<Comment>> {
        if roots.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<CommentRow> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new(APPROVED_IN_THREADS);
            let mut list = query.separated(", ");
            for id in roots {
                list.push_bind(id.get());
            }
            query.push(")");
            query.build_query_as().fetch_all(conn).await
        })?;
        Ok(oldest_first(into_comments(rows)?))
    }

    /// The approved pingbacks and trackbacks of `article`, oldest first: shown apart from
    /// its readers' comments.
    pub async fn approved_linkbacks(&self, article: ArticleId) -> StoreResult<Vec<Comment>> {
        let rows = read!(self, conn => sqlx::query_as(APPROVED_LINKBACKS)
            .bind(article.get())
            .fetch_all(conn)
            .await)?;
        Ok(oldest_first(into_comments(rows)?))
    }

    /// The latest approved comments, newest first, of one article or of the whole site
    /// (readers' comments only: pingbacks and trackbacks are not among them).
    pub async fn latest_approved_comments(
        &self,
        article: Option<ArticleId>,
        limit: u32,
    ) -> StoreResult<Vec<Comment>> {
        let limit = i64::from(limit);
        let rows = match article {
            Some(article) => read!(self, conn => sqlx::query_as(LATEST_APPROVED_ON_ARTICLE)
                .bind(article.get())
                .bind(limit)
                .fetch_all(conn)
                .await)?,
            None => read!(self, conn => sqlx::query_as(LATEST_APPROVED_ON_SITE)
                .bind(limit)
                .fetch_all(conn)
                .await)?,
        };
        into_comments(rows)
    }

    /// When the last comment from this address or this email address was posted.
    pub async fn last_comment_from(
        &self,
        ip: Option<&str>,
        email: &str,
    ) -> StoreResult<Option<Timestamp>> {
        let latest: Option<DbTime> = read!(self, conn => sqlx::query_scalar(LAST_FROM_SENDER)
            .bind(ip)
            .bind(email)
            .fetch_one(conn)
            .await)?;
        Ok(latest.map(|time| time.0))
    }

    /// Whether the same commenter already left the same text in the same place.
    pub async fn comment_exists(
        &self,
        article: ArticleId,
        parent: Option<CommentId>,
        email: &str,
        text: &str,
    ) -> StoreResult<bool> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(DUPLICATE)
            .bind(article.get())
            .bind(parent.map(CommentId::get))
            .bind(email)
            .bind(text)
            .fetch_one(conn)
            .await)?;
        Ok(count > 0)
    }

    /// Whether a comment with this name and email address was ever approved.
    pub async fn commenter_was_approved(&self, email: &str, name: &str) -> StoreResult<bool> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(PREVIOUSLY_APPROVED)
            .bind(email)
            .bind(name)
            .fetch_one(conn)
            .await)?;
        Ok(count > 0)
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
        let depth = i32::try_from(comment.depth).unwrap_or(i32::MAX);
        let id: i64 = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(comment.article_id.get())
            .bind(comment.parent_id.map(CommentId::get))
            .bind(comment.root_id.map(CommentId::get))
            .bind(depth)
            .bind(&comment.author_name)
            .bind(&comment.author_email)
            .bind(comment.author_url.as_deref())
            .bind(&comment.text)
            .bind(&comment.html)
            .bind(comment.status.as_str())
            .bind(comment.moderation_rule.as_deref())
            .bind(comment.moderation_reason.as_deref())
            .bind(comment.spam_score)
            .bind(comment.ip.as_deref())
            .bind(comment.user_agent.as_deref())
            .bind(comment.user_id.map(UserId::get))
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        Ok(CommentId(id))
    }

    /// Moves a comment to `status`, remembering `before` for a later "not spam" or
    /// "restore"; `false` when there is no such comment.
    pub async fn set_comment_status(
        &mut self,
        id: CommentId,
        status: CommentStatus,
        before: Option<CommentStatus>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed = write!(self, conn => sqlx::query(SET_STATUS)
            .bind(status.as_str())
            .bind(before.map(CommentStatus::as_str))
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// What the spam classifier has learnt from this comment so far.
    pub async fn comment_lesson(&mut self, id: CommentId) -> StoreResult<Option<Lesson>> {
        let stored: Option<Option<String>> = write!(self, conn => sqlx::query_scalar(TRAINED_AS)
            .bind(id.get())
            .fetch_optional(conn)
            .await)?;
        Ok(stored.flatten().as_deref().and_then(Lesson::parse))
    }

    /// Records what the spam classifier learnt from this comment.
    pub async fn set_comment_lesson(&mut self, id: CommentId, lesson: Lesson) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_TRAINED_AS)
            .bind(lesson.as_str())
            .bind(id.get())
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes a comment for good. Its replies move up to its parent (or become top-level
    /// comments), so that a thread is never cut off by a deletion.
    pub async fn delete_comment(&mut self, comment: &Comment) -> StoreResult<()> {
        let mut moving: Vec<(CommentId, Option<CommentId>, Option<CommentId>, u32)> = Vec::new();
        let children: Vec<i64> = write!(self, conn => sqlx::query_scalar(CHILDREN)
            .bind(comment.id.get())
            .fetch_all(conn)
            .await)?;
        for child in children {
            let child = CommentId(child);
            // A child of a top-level comment becomes a top-level comment and the root of
            // what hangs below it; otherwise it keeps the thread's root.
            let (root, depth) = match comment.parent_id {
                None => (None, 1),
                Some(_) => (comment.root_id, comment.depth),
            };
            moving.push((child, comment.parent_id, root, depth));
        }
        while let Some((id, parent, root, depth)) = moving.pop() {
            write!(self, conn => sqlx::query(REPARENT)
                .bind(parent.map(CommentId::get))
                .bind(root.map(CommentId::get))
                .bind(i32::try_from(depth).unwrap_or(i32::MAX))
                .bind(id.get())
                .execute(conn)
                .await.map(|_| ()))?;
            let grandchildren: Vec<i64> = write!(self, conn => sqlx::query_scalar(CHILDREN)
                .bind(id.get())
                .fetch_all(conn)
                .await)?;
            let below_root = root.or(Some(id));
            for grandchild in grandchildren {
                moving.push((CommentId(grandchild), Some(id), below_root, depth + 1));
            }
        }
        write!(self, conn => sqlx::query(DELETE).bind(comment.id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Up to `limit` spam or trashed comments last changed before `cutoff`.
    pub async fn expired_binned_comments(
        &mut self,
        cutoff: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<CommentId>> {
        let ids: Vec<i64> = write!(self, conn => sqlx::query_scalar(EXPIRED_IN_BIN)
            .bind(DbTime(cutoff))
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        Ok(ids.into_iter().map(CommentId).collect())
    }

    /// Clears the IP address and browser of every comment posted before `cutoff`; returns
    /// how many comments were cleared.
    pub async fn clear_comment_addresses_before(&mut self, cutoff: Timestamp) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(CLEAR_OLD_ADDRESSES)
            .bind(DbTime(cutoff))
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }

    /// Anonymises every comment left with `email`: the name becomes "Anonymous" and the
    /// email, website, IP address and browser are cleared. Returns how many changed.
    pub async fn anonymise_comments_of(&mut self, email: &str, now: Timestamp) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(ANONYMISE)
            .bind(DbTime(now))
            .bind(email)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }
}

#[cfg(test)]
mod plan_tests {
    use super::{
        APPROVED_IN_THREADS, APPROVED_LINKBACKS, LATEST_APPROVED_ON_ARTICLE,
        LATEST_APPROVED_ON_SITE, NTH_THREAD_NEWEST_FIRST, NTH_THREAD_OLDEST_FIRST,
        THREADS_AFTER_KEY, THREADS_BEFORE_KEY, THREADS_FROM_KEY_ON, THREADS_UP_TO_KEY,
    };
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn an_articles_comments_are_found_by_its_own_indexes() {
        let site = PlanSite::new("comments").await;
        let threads = format!("{APPROVED_IN_THREADS}$1, $2)");
        for (name, sql, index) in [
            (
                "replies",
                threads.as_str(),
                "comments_by_root (root_id=? AND status=?)",
            ),
            (
                "pingbacks",
                APPROVED_LINKBACKS,
                "comments_by_article (article_id=? AND status=? AND kind=?)",
            ),
            (
                "an article's feed",
                LATEST_APPROVED_ON_ARTICLE,
                "comments_by_article (article_id=? AND status=? AND kind=?)",
            ),
            (
                "the site's feed",
                LATEST_APPROVED_ON_SITE,
                "comments_by_status (status=?)",
            ),
        ] {
            let plan = site.plan(sql).await;
            assert!(
                plan.first().is_some_and(|step| step.ends_with(index)),
                "{name} must read {index}: {plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{name} must not sort: {plan:?}"
            );
        }
        site.remove().await;
    }

    #[tokio::test]
    async fn a_threads_place_reads_the_kept_count_and_the_threads_index_alone() {
        let site = PlanSite::new("thread-places").await;
        for (name, sql) in [
            ("from a key on", THREADS_FROM_KEY_ON),
            ("after a key", THREADS_AFTER_KEY),
            ("before a key", THREADS_BEFORE_KEY),
            ("up to a key", THREADS_UP_TO_KEY),
            ("the nth, oldest first", NTH_THREAD_OLDEST_FIRST),
            ("the nth, newest first", NTH_THREAD_NEWEST_FIRST),
        ] {
            let plan = site.plan(sql).await;
            let comments: Vec<&String> = plan
                .iter()
                .filter(|step| step.contains(" comments "))
                .collect();
            assert!(
                !comments.is_empty()
                    && comments.iter().all(|step| step.contains(
                        "SEARCH comments USING COVERING INDEX comments_threads (article_id=? AND status=?"
                    )),
                "{name} must read comments along comments_threads alone: {plan:?}"
            );
            assert!(
                plan.iter()
                    .filter(|step| step.contains("article_comment_counts"))
                    .all(|step| step.contains("USING INTEGER PRIMARY KEY")),
                "{name} must find the article's counts by its key: {plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{name} must not sort: {plan:?}"
            );
        }
        site.remove().await;
    }
}
