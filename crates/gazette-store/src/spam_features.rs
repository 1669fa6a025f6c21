//! What the spam classifier has learnt: for each feature, in how many spam and ham comments
//! it was seen, and how many of each there were. The scoring itself is domain code.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::comments::{CommentRow, comment_columns, into_comments};
use gazette_domain::{Comment, CommentId, Lesson};
use std::collections::HashMap;

/// Spam and ham sightings of one feature, or of whole messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpamCounts {
    /// In spam.
    pub spam: u64,
    /// In ham.
    pub ham: u64,
}

const TOTALS: &str = "SELECT spam_messages, ham_messages FROM spam_corpus WHERE id = 1";
const ADJUST_TOTALS: &str = "UPDATE spam_corpus SET spam_messages = CASE WHEN spam_messages + $1 < 0 THEN 0 ELSE spam_messages + $1 END, \
     ham_messages = CASE WHEN ham_messages + $2 < 0 THEN 0 ELSE ham_messages + $2 END WHERE id = 1";

/// The next page of imported comments to learn from. It walks the comments by id from the
/// last page's end and asks of each whether an import brought it, so that a page costs its
/// own comments whatever the site's size. The verdict is tested as "neither pending nor in
/// the bin" (a comment's only other statuses are approved and spam) because SQLite, which
/// keeps no statistics, would otherwise read every approved and spam comment along
/// `comments_by_status` and sort them, for each page: quadratic over an import.
const UNTAUGHT_IMPORTED: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE id > $1 AND trained_as IS NULL AND kind = 'comment' \
     AND status <> 'pending' AND status <> 'trash' \
     AND EXISTS (SELECT 1 FROM wordpress_objects w WHERE w.kind = 'comment' AND w.gazette_id = comments.id) \
     ORDER BY id LIMIT $2"
);

fn to_count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Db {
    /// How many spam and ham comments the classifier has learnt from.
    pub async fn spam_corpus_totals(&self) -> StoreResult<SpamCounts> {
        let (spam, ham): (i64, i64) =
            read!(self, conn => sqlx::query_as(TOTALS).fetch_one(conn).await)?;
        Ok(SpamCounts {
            spam: to_count(spam),
            ham: to_count(ham),
        })
    }

    /// The counts of those of `features` that were ever seen.
    pub async fn spam_feature_counts(
        &self,
        features: &[String],
    ) -> StoreResult<HashMap<String, SpamCounts>> {
        if features.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(String, i64, i64)> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new("SELECT feature, spam, ham FROM spam_features WHERE feature IN (");
            let mut list = query.separated(", ");
            for feature in features {
                list.push_bind(feature.as_str());
            }
            query.push(")");
            query.build_query_as().fetch_all(conn).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(feature, spam, ham)| {
                (
                    feature,
                    SpamCounts {
                        spam: to_count(spam),
                        ham: to_count(ham),
                    },
                )
            })
            .collect())
    }
}

impl Tx {
    /// Up to `limit` imported comments after `after`, by id, whose verdict on the old site
    /// (approved, or spam) the classifier has not learnt: readers' comments only, not
    /// pingbacks.
    pub async fn untaught_imported_comments(
        &mut self,
        after: CommentId,
        limit: u32,
    ) -> StoreResult<Vec<Comment>> {
        let rows: Vec<CommentRow> = write!(self, conn => sqlx::query_as(UNTAUGHT_IMPORTED)
            .bind(after.get())
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        into_comments(rows)
    }

    /// Adds many messages' worth of lessons at once: each feature's sightings in `counts`,
    /// and `messages` to the totals.
    pub async fn add_spam_lessons(
        &mut self,
        counts: &[(String, SpamCounts)],
        messages: SpamCounts,
    ) -> StoreResult<()> {
        let spam = i64::try_from(messages.spam).unwrap_or(i64::MAX);
        let ham = i64::try_from(messages.ham).unwrap_or(i64::MAX);
        write!(self, conn => sqlx::query(ADJUST_TOTALS).bind(spam).bind(ham).execute(conn).await.map(|_| ()))?;
        for chunk in counts.chunks(500) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO spam_features (feature, spam, ham) ");
                query.push_values(chunk, |mut row, (feature, seen)| {
                    row.push_bind(feature.as_str())
                        .push_bind(i64::try_from(seen.spam).unwrap_or(i64::MAX))
                        .push_bind(i64::try_from(seen.ham).unwrap_or(i64::MAX));
                });
                query.push(" ON CONFLICT (feature) DO UPDATE SET spam = spam_features.spam + excluded.spam, ham = spam_features.ham + excluded.ham");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Records that the classifier learnt `lesson` from each of `comments`.
    pub async fn set_comments_lesson(
        &mut self,
        comments: &[CommentId],
        lesson: Lesson,
    ) -> StoreResult<()> {
        for chunk in comments.chunks(500) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("UPDATE comments SET trained_as = ");
                query.push_bind(lesson.as_str());
                query.push(" WHERE id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.get());
                }
                query.push(")");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Adds (`sign` 1) or takes back (`sign` -1) one message of class `lesson` with
    /// `features`.
    pub async fn adjust_spam_features(
        &mut self,
        features: &[String],
        lesson: Lesson,
        sign: i64,
    ) -> StoreResult<()> {
        let (spam, ham) = match lesson {
            Lesson::Spam => (sign, 0),
            Lesson::Ham => (0, sign),
        };
        write!(self, conn => sqlx::query(ADJUST_TOTALS).bind(spam).bind(ham).execute(conn).await.map(|_| ()))?;
        for chunk in features.chunks(200) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO spam_features (feature, spam, ham) ");
                query.push_values(chunk, |mut row, feature| {
                    row.push_bind(feature.as_str()).push_bind(spam.max(0)).push_bind(ham.max(0));
                });
                query.push(" ON CONFLICT (feature) DO UPDATE SET spam = CASE WHEN spam_features.spam + ");
                query.push_bind(spam);
                query.push(" < 0 THEN 0 ELSE spam_features.spam + ");
                query.push_bind(spam);
                query.push(" END, ham = CASE WHEN spam_features.ham + ");
                query.push_bind(ham);
                query.push(" < 0 THEN 0 ELSE spam_features.ham + ");
                query.push_bind(ham);
                query.push(" END");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod plan_tests {
    use super::UNTAUGHT_IMPORTED;
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn a_page_of_imported_comments_walks_the_comments_by_id() {
        let site = PlanSite::new("imported-lessons").await;
        let plan = site.plan(UNTAUGHT_IMPORTED).await;
        assert!(
            plan.first()
                .is_some_and(|step| step.ends_with("USING INTEGER PRIMARY KEY (rowid>?)")),
            "the page must start where the last one ended: {plan:?}"
        );
        assert!(
            plan.iter()
                .any(|step| step
                    .ends_with("wordpress_objects_by_gazette_id (kind=? AND gazette_id=?)")),
            "each comment must be looked up among the imported objects by its id: {plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "the page must not be sorted: {plan:?}"
        );
        site.remove().await;
    }
}
