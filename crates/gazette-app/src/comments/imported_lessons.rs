//! The spam classifier learns from a moved site's history: the comments an import brought,
//! as the old site's moderators judged them — approved ones as ham, spam as spam — so that
//! a site moved from WordPress starts with a classifier that knows its readers and its
//! spammers. It runs as a job after the import, a page of comments at a time, each page
//! queueing the next, so a large import neither waits for it nor holds the database long.

use super::moderation::features_of;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::{CommentId, CommentStatus, Lesson};
use gazette_store::SpamCounts;
use std::collections::HashMap;

/// How many comments one run of the job learns from.
pub(crate) const COMMENTS_PER_LESSON: u32 = 1_000;

impl App {
    /// Teaches the classifier the verdicts of the imported comments after `after` that it
    /// has not learnt yet, a page of them, and queues the next page if there may be one.
    pub(crate) async fn learn_from_imported_comments(&self, after: i64) -> AppResult<()> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let comments = tx
            .untaught_imported_comments(CommentId(after), COMMENTS_PER_LESSON)
            .await?;
        let mut seen: HashMap<String, SpamCounts> = HashMap::new();
        let mut messages = SpamCounts::default();
        let mut taught: HashMap<Lesson, Vec<CommentId>> = HashMap::new();
        for comment in &comments {
            let lesson = match comment.status {
                CommentStatus::Approved => Lesson::Ham,
                CommentStatus::Spam => Lesson::Spam,
                CommentStatus::Pending | CommentStatus::Trash => continue,
            };
            for feature in features_of(comment) {
                let counts = seen.entry(feature).or_default();
                match lesson {
                    Lesson::Spam => counts.spam += 1,
                    Lesson::Ham => counts.ham += 1,
                }
            }
            match lesson {
                Lesson::Spam => messages.spam += 1,
                Lesson::Ham => messages.ham += 1,
            }
            taught.entry(lesson).or_default().push(comment.id);
        }
        let mut counts: Vec<(String, SpamCounts)> = seen.into_iter().collect();
        counts.sort_by(|left, right| left.0.cmp(&right.0));
        tx.add_spam_lessons(&counts, messages).await?;
        for (lesson, ids) in &taught {
            tx.set_comments_lesson(ids, *lesson).await?;
        }
        let full_page =
            comments.len() == usize::try_from(COMMENTS_PER_LESSON).unwrap_or(usize::MAX);
        if let (true, Some(last)) = (full_page, comments.last()) {
            let next = Job::LearnFromImportedComments {
                after_id: last.id.get(),
            };
            self.enqueue(&mut tx, &next, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
