//! Moderators deciding on comments: approve, unapprove, spam, not spam, trash, restore and
//! delete for good, in bulk and all or nothing; what the spam classifier learns from each
//! decision; and the moderation log of who did what when, with actors people can read.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::spam_classifier::{self, ClassifierInput};
use gazette_domain::{
    Comment, CommentId, CommentStatus, FieldErrors, Lesson, ModerationAction, SiteSettings,
    Timestamp, User,
};
use gazette_store::{CommentFilter, ModerationLogEntry, Tx};
use std::fmt;

/// Who acts: named in the moderation log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    /// Someone at the command line, named by their login.
    pub fn command_line() -> Self {
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Self(format!("cli:{login}"))
    }

    /// Gazette itself (emptying the spam and the trash, say).
    pub fn system() -> Self {
        Self("system".to_owned())
    }

    /// A signed-in user.
    pub fn user(name: &str) -> Self {
        Self(format!("user:{name}"))
    }

    /// A signed-in member of staff, named by id and then by name: the id stays true when
    /// the name changes.
    pub fn staff_member(user: &User) -> Self {
        Self::user(&format!("{} {}", user.id, user.display_name))
    }

    /// How an actor stored in the moderation log reads for people: `Eddie Editor (user
    /// 7)`, `ada at the command line`, `Gazette itself`.
    pub fn describe(stored: &str) -> String {
        if let Some(user) = stored.strip_prefix("user:") {
            return match user.split_once(' ') {
                Some((id, name))
                    if !id.is_empty() && id.bytes().all(|byte| byte.is_ascii_digit()) =>
                {
                    format!("{name} (user {id})")
                }
                _ => user.to_owned(),
            };
        }
        if let Some(login) = stored.strip_prefix("cli:") {
            return format!("{login} at the command line");
        }
        if stored == "system" {
            return "Gazette itself".to_owned();
        }
        stored.to_owned()
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// The comments `ids` names, read inside `tx`; when any is missing, an error naming every
/// missing one.
async fn comments_named(tx: &mut Tx, ids: &[CommentId]) -> AppResult<Vec<Comment>> {
    if ids.is_empty() {
        return Err(AppError::Validation(FieldErrors::single(
            "ids",
            "Name at least one comment by its id.",
        )));
    }
    let mut found = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match tx.comment_by_id(*id).await? {
            Some(comment) => found.push(comment),
            None => missing.push(id.to_string()),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        let noun = if missing.len() == 1 {
            "comment"
        } else {
            "comments"
        };
        Err(AppError::NotFound(format!(
            "There is no {noun} {}; nothing was changed.",
            missing.join(", ")
        )))
    }
}

/// The classifier's features of a stored comment.
pub(super) fn features_of(comment: &Comment) -> Vec<String> {
    spam_classifier::features(&ClassifierInput {
        author: &comment.author_name,
        email: &comment.author_email,
        website: comment.author_url.as_deref(),
        text: &comment.text,
    })
}

/// Teaches the classifier `lesson` about `comment`, taking back what it learnt from an
/// earlier, different decision on the same comment.
async fn teach(tx: &mut Tx, comment: &Comment, lesson: Lesson) -> AppResult<()> {
    let earlier = tx.comment_lesson(comment.id).await?;
    if earlier == Some(lesson) {
        return Ok(());
    }
    let features = features_of(comment);
    if let Some(earlier) = earlier {
        tx.adjust_spam_features(&features, earlier, -1).await?;
    }
    tx.adjust_spam_features(&features, lesson, 1).await?;
    tx.set_comment_lesson(comment.id, lesson).await?;
    Ok(())
}

/// Deletes a comment for good (re-read inside `tx`: deleting another may have moved it up a
/// level) and logs it. `false` when it is already gone.
pub(super) async fn delete_and_log(
    tx: &mut Tx,
    id: CommentId,
    actor: &Actor,
    now: Timestamp,
) -> AppResult<bool> {
    let Some(comment) = tx.comment_by_id(id).await? else {
        return Ok(false);
    };
    tx.delete_comment(&comment).await?;
    tx.log_moderation(&ModerationLogEntry {
        comment_id: comment.id,
        action: "delete".to_owned(),
        from_status: Some(comment.status),
        to_status: None,
        actor: actor.to_string(),
        at: now,
    })
    .await?;
    Ok(true)
}

impl App {
    /// Applies `action` to every comment in `ids`, all or nothing: when any id does not
    /// exist, nothing changes. Approving and marking as spam teach the spam classifier;
    /// every change is logged with `actor`. Returns how many comments changed status.
    pub async fn moderate_comments(
        &self,
        ids: &[CommentId],
        action: ModerationAction,
        actor: &Actor,
    ) -> AppResult<usize> {
        let now = self.clock().now();
        let settings = self.site_settings().await?;
        let mut tx = self.db().begin().await?;
        let comments = comments_named(&mut tx, ids).await?;
        let changed = self
            .apply_moderation(&mut tx, &comments, action, actor, &settings, now)
            .await?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(count = changed, action = action.as_str(), %actor, "comments moderated");
        Ok(changed)
    }

    /// Applies `action` to `comments` (read inside `tx`), teaching the classifier, logging
    /// each change with `actor` and queueing the mail a newly approved comment causes.
    /// Returns how many comments changed status.
    pub(super) async fn apply_moderation(
        &self,
        tx: &mut Tx,
        comments: &[Comment],
        action: ModerationAction,
        actor: &Actor,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<usize> {
        let mut changed = 0;
        for comment in comments {
            if let Some(lesson) = action.lesson() {
                teach(tx, comment, lesson).await?;
            }
            let Some(target) = action.resulting_status(comment.status, comment.status_before)
            else {
                continue;
            };
            if target == comment.status {
                continue;
            }
            let before = matches!(target, CommentStatus::Spam | CommentStatus::Trash)
                .then_some(comment.status);
            tx.set_comment_status(comment.id, target, before, now)
                .await?;
            tx.log_moderation(&ModerationLogEntry {
                comment_id: comment.id,
                action: action.as_str().to_owned(),
                from_status: Some(comment.status),
                to_status: Some(target),
                actor: actor.to_string(),
                at: now,
            })
            .await?;
            if target == CommentStatus::Approved {
                self.queue_published_notifications(
                    tx,
                    comment.id,
                    comment.parent_id,
                    settings,
                    now,
                )
                .await?;
            }
            changed += 1;
        }
        Ok(changed)
    }

    /// Deletes the comments `ids` for good, all or nothing. Their replies move up a level
    /// so that no thread is cut off. Returns how many were deleted.
    pub async fn delete_comments(&self, ids: &[CommentId], actor: &Actor) -> AppResult<usize> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let comments = comments_named(&mut tx, ids).await?;
        for comment in &comments {
            delete_and_log(&mut tx, comment.id, actor, now).await?;
        }
        tx.commit().await?;
        tracing::info!(count = comments.len(), %actor, "comments deleted");
        Ok(comments.len())
    }

    /// The comment with this id.
    pub async fn comment(&self, id: CommentId) -> AppResult<Comment> {
        self.db()
            .comment_by_id(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no comment {id}.")))
    }

    /// Comments, newest first, optionally only those with `status`.
    pub async fn list_comments(&self, status: Option<CommentStatus>) -> AppResult<Vec<Comment>> {
        Ok(self
            .db()
            .comments(&CommentFilter {
                status,
                ..CommentFilter::default()
            })
            .await?)
    }

    /// The latest lines of the moderation log, of one comment or of all.
    pub async fn moderation_log(
        &self,
        comment: Option<CommentId>,
        limit: u32,
    ) -> AppResult<Vec<ModerationLogEntry>> {
        Ok(self.db().moderation_log(comment, limit).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::Actor;

    #[test]
    fn stored_actors_read_as_people_say_them() {
        assert_eq!(
            Actor::describe("user:7 Eddie Editor"),
            "Eddie Editor (user 7)"
        );
        assert_eq!(Actor::describe("user:alice"), "alice");
        assert_eq!(Actor::describe("user:Ann Smith"), "Ann Smith");
        assert_eq!(Actor::describe("cli:ada"), "ada at the command line");
        assert_eq!(Actor::describe("system"), "Gazette itself");
        assert_eq!(Actor::describe("someone"), "someone");
    }
}
