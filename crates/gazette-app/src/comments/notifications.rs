//! The email a comment causes: moderators hear of held comments, authors of comments
//! published on their articles, and subscribers of replies to their comments — once their
//! address is confirmed. Everything here only queues jobs inside the comment's
//! transaction; the job runner sends the mail later, never inside a request.

use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::{CommentId, SiteSettings, Timestamp};
use gazette_store::Tx;

/// Random secrets in confirmation and unsubscribe links.
fn link_token() -> AppResult<String> {
    let mut bytes = [0_u8; 24];
    getrandom::fill(&mut bytes).map_err(|error| {
        crate::AppError::Unavailable(format!("the system's random number source failed: {error}"))
    })?;
    Ok(hex::encode(bytes))
}

/// Records that the commenter of `comment` wants to hear of replies to it at `email`.
pub(crate) async fn subscribe_to_replies(
    tx: &mut Tx,
    comment: CommentId,
    email: &str,
    now: Timestamp,
) -> AppResult<()> {
    tx.add_commenter_address(email, &link_token()?, now).await?;
    tx.add_reply_subscription(comment, email, &link_token()?, now)
        .await?;
    Ok(())
}

impl App {
    /// Queues the mail to moderators about a comment that waits for them.
    pub(crate) async fn queue_held_notifications(
        &self,
        tx: &mut Tx,
        comment: CommentId,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<()> {
        if self.mailer().is_none() || !settings.notify_moderators {
            return Ok(());
        }
        for moderator in self.db().moderators().await? {
            let job = Job::NotifyModerator {
                comment_id: comment.get(),
                user_id: moderator.id.get(),
            };
            self.enqueue(tx, &job, now).await?;
        }
        Ok(())
    }

    /// Queues the mail a newly published comment causes: to the article's author, to the
    /// subscriber of the comment it replies to, and the confirmation of its own
    /// commenter's address when they asked for replies.
    pub(crate) async fn queue_published_notifications(
        &self,
        tx: &mut Tx,
        comment: CommentId,
        parent: Option<CommentId>,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<()> {
        if self.mailer().is_none() {
            return Ok(());
        }
        if settings.notify_authors {
            let job = Job::NotifyAuthor {
                comment_id: comment.get(),
            };
            self.enqueue(tx, &job, now).await?;
        }
        if let Some(parent) = parent {
            let job = Job::NotifyReply {
                comment_id: comment.get(),
                parent_id: parent.get(),
            };
            self.enqueue(tx, &job, now).await?;
        }
        let job = Job::ConfirmAddress {
            comment_id: comment.get(),
        };
        self.enqueue(tx, &job, now).await?;
        Ok(())
    }
}
