//! The moderators' queue: comments in some statuses, on one article or on all, of one kind
//! (readers' comments, pingbacks or trackbacks) or of every kind, matching what a moderator
//! searched for, newest first and one page at a time, each with the name
//! of the commenter it replies to; and how many comments each status holds under the same
//! filter.
//!
//! Search is a plain substring match (`LIKE`) over the author's name, email address,
//! website, IP address and the text, with both sides lower-cased by the database (SQLite
//! folds only ASCII letters; PostgreSQL folds every letter). What the moderator typed is
//! escaped, so that a `%` or `_` in it matches only itself.

use crate::StoreResult;
use crate::backend::Db;
use crate::comments::{CommentRow, comment_columns, into_comments};
use crate::error::StoreError;
use gazette_domain::{ArticleId, Comment, CommentKind, CommentStatus};

/// Which comments the queue looks at, whatever their status.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommentQueueFilter<'a> {
    /// Only comments on this article.
    pub article_id: Option<ArticleId>,
    /// Only comments of this kind.
    pub kind: Option<CommentKind>,
    /// Only comments whose author's name, email address, website or IP address, or whose
    /// text, contains this as it is (letters in any case, as the module says).
    pub search: Option<&'a str>,
}

/// A comment in the queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueuedComment {
    /// The comment.
    pub comment: Comment,
    /// The name of the commenter it replies to, while that comment exists.
    pub parent_author: Option<String>,
}

/// How many comments each status holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Waiting for a moderator.
    pub pending: u64,
    /// Public.
    pub approved: u64,
    /// With the spam.
    pub spam: u64,
    /// In the trash.
    pub trash: u64,
}

impl StatusCounts {
    /// How many comments have `status`.
    pub fn of(&self, status: CommentStatus) -> u64 {
        match status {
            CommentStatus::Pending => self.pending,
            CommentStatus::Approved => self.approved,
            CommentStatus::Spam => self.spam,
            CommentStatus::Trash => self.trash,
        }
    }
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    parent_author: Option<String>,
}

/// The filter's condition: `$1` the article, `$2` the search pattern, `$3` the kind.
macro_rules! queue_filter {
    () => {
        "($1 IS NULL OR article_id = $1) AND ($3 IS NULL OR kind = $3) AND ($2 IS NULL \
         OR LOWER(author_name) LIKE LOWER($2) ESCAPE '\\' \
         OR LOWER(author_email) LIKE LOWER($2) ESCAPE '\\' \
         OR LOWER(author_url) LIKE LOWER($2) ESCAPE '\\' \
         OR LOWER(ip) LIKE LOWER($2) ESCAPE '\\' \
         OR LOWER(body_text) LIKE LOWER($2) ESCAPE '\\')"
    };
}

const PAGE: &str = concat!(
    "SELECT ",
    comment_columns!(),
    ", (SELECT parent.author_name FROM comments AS parent WHERE parent.id = comments.parent_id) AS parent_author",
    " FROM comments WHERE status IN ($4, $5, $6, $7) AND ",
    queue_filter!(),
    " ORDER BY created_at DESC, id DESC LIMIT $8 OFFSET $9"
);
const COUNTS: &str = concat!(
    "SELECT status, COUNT(*) FROM comments WHERE ",
    queue_filter!(),
    " GROUP BY status"
);

/// A `LIKE` pattern matching `words` anywhere, with the characters `LIKE` gives a meaning
/// to (`%`, `_` and the escape character itself) escaped.
fn contains_pattern(words: &str) -> String {
    let mut pattern = String::with_capacity(words.len() + 2);
    pattern.push('%');
    for character in words.chars() {
        if matches!(character, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

impl Db {
    /// Up to `limit` comments in one of `statuses` matching `filter`, newest first, after
    /// skipping `offset` of them.
    pub async fn comment_queue(
        &self,
        filter: &CommentQueueFilter<'_>,
        statuses: &[CommentStatus],
        limit: u32,
        offset: u64,
    ) -> StoreResult<Vec<QueuedComment>> {
        let pattern = filter.search.map(contains_pattern);
        let status = |index: usize| statuses.get(index).map(|status| status.as_str());
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows: Vec<QueueRow> = read!(self, conn => sqlx::query_as(PAGE)
            .bind(filter.article_id.map(ArticleId::get))
            .bind(pattern.as_deref())
            .bind(filter.kind.map(CommentKind::as_str))
            .bind(status(0))
            .bind(status(1))
            .bind(status(2))
            .bind(status(3))
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        let (comments, parent_authors): (Vec<CommentRow>, Vec<Option<String>>) = rows
            .into_iter()
            .map(|row| (row.comment, row.parent_author))
            .unzip();
        Ok(into_comments(comments)?
            .into_iter()
            .zip(parent_authors)
            .map(|(comment, parent_author)| QueuedComment {
                comment,
                parent_author,
            })
            .collect())
    }

    /// How many comments matching `filter` each status holds.
    pub async fn comment_status_counts(
        &self,
        filter: &CommentQueueFilter<'_>,
    ) -> StoreResult<StatusCounts> {
        let pattern = filter.search.map(contains_pattern);
        let rows: Vec<(String, i64)> = read!(self, conn => sqlx::query_as(COUNTS)
            .bind(filter.article_id.map(ArticleId::get))
            .bind(pattern.as_deref())
            .bind(filter.kind.map(CommentKind::as_str))
            .fetch_all(conn)
            .await)?;
        let mut counts = StatusCounts::default();
        for (status, count) in rows {
            let count = u64::try_from(count).unwrap_or(0);
            match CommentStatus::parse(&status) {
                Some(CommentStatus::Pending) => counts.pending = count,
                Some(CommentStatus::Approved) => counts.approved = count,
                Some(CommentStatus::Spam) => counts.spam = count,
                Some(CommentStatus::Trash) => counts.trash = count,
                None => {
                    return Err(StoreError::Corrupt(format!(
                        "comments have the status `{status}`"
                    )));
                }
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_patterns_take_what_was_typed_literally() {
        assert_eq!(contains_pattern("ada"), "%ada%");
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("a_b"), "%a\\_b%");
        assert_eq!(contains_pattern("C:\\temp"), "%C:\\\\temp%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
