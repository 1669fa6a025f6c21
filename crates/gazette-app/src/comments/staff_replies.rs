//! Moderators answering readers from the desk: a reply published at once under the
//! moderator's own name and email address, threaded under the comment it answers, marked
//! as theirs, and causing the mail any published reply causes. Answering a comment that
//! waits for moderation approves it first, as WordPress does — both in one transaction.

use super::{Actor, PostedComment};
use crate::error::AppError;
use crate::{App, AppResult, CommentSubmission};
use gazette_domain::{
    Capability, Comment, CommentId, CommentInput, CommentKind, CommentStatus, ModerationAction,
    User,
};
use std::net::IpAddr;

/// A reply written on the desk.
#[derive(Clone, Debug)]
pub struct StaffReply {
    /// The comment it answers.
    pub parent_id: CommentId,
    /// What the moderator wrote.
    pub text: String,
    /// The moderator's address.
    pub ip: Option<IpAddr>,
    /// The moderator's browser.
    pub user_agent: Option<String>,
}

/// Refuses to answer a comment that is with the spam or in the trash.
fn check_answerable(parent: &Comment) -> AppResult<()> {
    if parent.kind != CommentKind::Comment {
        return Err(AppError::Conflict(format!(
            "Comment {} is a {} from another site, which readers see as a link, not in the threads, so it cannot be answered there. Answer on the site that linked here instead.",
            parent.id,
            parent.kind.as_str()
        )));
    }
    match parent.status {
        CommentStatus::Pending | CommentStatus::Approved => Ok(()),
        CommentStatus::Spam => Err(AppError::Conflict(format!(
            "Comment {} is with the spam, so it cannot be answered. Mark it as not spam first if it deserves an answer.",
            parent.id
        ))),
        CommentStatus::Trash => Err(AppError::Conflict(format!(
            "Comment {} is in the trash, so it cannot be answered. Restore it first if it deserves an answer.",
            parent.id
        ))),
    }
}

impl App {
    /// Publishes `author`'s reply to a comment, approving that comment first when it waits
    /// for moderation. Only those who may moderate comments can; the article must still
    /// take comments, and the same reply is not taken twice.
    pub async fn reply_as_staff(
        &self,
        author: &User,
        reply: StaffReply,
    ) -> AppResult<PostedComment> {
        gazette_domain::permissions::check(author.role, Capability::ModerateComments)
            .map_err(|denied| AppError::Forbidden(denied.message))?;
        let now = self.clock().now();
        let settings = self.site_settings().await?;
        let parent = self.comment(reply.parent_id).await?;
        check_answerable(&parent)?;
        let article = self
            .commentable_article(parent.article_id, &settings)
            .await?;
        let submission = CommentSubmission {
            ip: reply.ip,
            user_agent: reply.user_agent,
            staff: Some(author.clone()),
            ..CommentSubmission::new(
                article.id,
                CommentInput {
                    text: reply.text,
                    parent: parent.id.to_string(),
                    ..CommentInput::default()
                },
            )
        };
        let judged = self
            .judge_comment(submission, &article, &settings, now)
            .await?;

        let mut tx = self.db().begin().await?;
        let parent = tx
            .comment_by_id(parent.id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no comment {}.", parent.id)))?;
        check_answerable(&parent)?;
        let actor = Actor::staff_member(author);
        if parent.status == CommentStatus::Pending {
            self.apply_moderation(
                &mut tx,
                std::slice::from_ref(&parent),
                ModerationAction::Approve,
                &actor,
                &settings,
                now,
            )
            .await?;
        }
        let posted = self
            .store_comment(&mut tx, article, judged, &settings, now)
            .await?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(comment = %posted.id, parent = %parent.id, %actor, "staff reply published");
        Ok(posted)
    }
}
