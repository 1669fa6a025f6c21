//! Comments: a reader posting one, and moderators deciding on them.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::article::CommentsRefused;
use gazette_domain::text::clean_single_line;
use gazette_domain::{
    Article, ArticleId, Comment, CommentId, CommentInput, CommentStatus, FieldErrors,
    ModerationAction, ValidComment,
};
use gazette_render::comment_text;
use gazette_store::{CommentFilter, NewCommentRecord};
use std::net::IpAddr;

/// The longest user agent kept, in characters.
const MAX_USER_AGENT_CHARACTERS: usize = 512;

/// A reader's comment as it arrives.
#[derive(Clone, Debug)]
pub struct CommentSubmission {
    /// The article it is for.
    pub article_id: ArticleId,
    /// The form's fields as sent.
    pub input: CommentInput,
    /// The reader's address.
    pub ip: Option<IpAddr>,
    /// The reader's browser.
    pub user_agent: Option<String>,
}

/// A comment that was stored.
#[derive(Clone, Debug)]
pub struct PostedComment {
    /// Its id.
    pub id: CommentId,
    /// Whether it is public or waits for a moderator.
    pub status: CommentStatus,
    /// The article it is on.
    pub article: Article,
}

/// The record to store for a validated comment, its text rendered to safe HTML once.
pub(crate) fn comment_record(
    article_id: ArticleId,
    valid: ValidComment,
    status: CommentStatus,
    ip: Option<String>,
    user_agent: Option<String>,
) -> NewCommentRecord {
    NewCommentRecord {
        article_id,
        parent_id: valid.parent_id,
        html: comment_text::to_safe_html(&valid.text),
        text: valid.text,
        author_name: valid.author,
        author_email: valid.email,
        author_url: valid.website,
        status,
        ip,
        user_agent,
    }
}

impl App {
    /// Checks and stores a reader's comment. It is held for moderation when the site says
    /// so, and published at once otherwise.
    pub async fn post_comment(&self, submission: CommentSubmission) -> AppResult<PostedComment> {
        let now = self.clock().now();
        let article = self
            .db()
            .article_by_id(submission.article_id)
            .await?
            .ok_or_else(|| {
                AppError::NotFound(
                    "This article does not exist, so it cannot take comments.".to_owned(),
                )
            })?;
        match article.check_accepts_comments(now) {
            Ok(()) => {}
            Err(CommentsRefused::NotPublic) => {
                return Err(AppError::NotFound(
                    "This article is not published, so it cannot take comments.".to_owned(),
                ));
            }
            Err(CommentsRefused::Closed) => {
                return Err(AppError::Forbidden(format!(
                    "Comments are closed on “{}”, so your comment was not posted.",
                    article.title
                )));
            }
        }
        let valid = submission.input.validate().map_err(AppError::Validation)?;
        let settings = self.site_settings().await?;
        let status = if settings.hold_new_comments {
            CommentStatus::Pending
        } else {
            CommentStatus::Approved
        };

        let mut tx = self.db().begin().await?;
        if let Some(parent_id) = valid.parent_id {
            let parent = tx.comment_by_id(parent_id).await?;
            let acceptable = parent.is_some_and(|parent| {
                parent.article_id == article.id && parent.status == CommentStatus::Approved
            });
            if !acceptable {
                return Err(AppError::Validation(FieldErrors::single(
                    "comment_parent",
                    "The comment you are replying to is not a published comment on this article. Please reply to the article instead.",
                )));
            }
        }
        let user_agent = submission
            .user_agent
            .map(|agent| {
                clean_single_line(&agent)
                    .chars()
                    .take(MAX_USER_AGENT_CHARACTERS)
                    .collect::<String>()
            })
            .filter(|agent| !agent.is_empty());
        let record = comment_record(
            article.id,
            valid,
            status,
            submission.ip.map(|ip| ip.to_string()),
            user_agent,
        );
        let id = tx.insert_comment(&record, now).await?;
        tx.commit().await?;
        tracing::info!(comment = %id, article = %article.id, status = %status, "comment posted");
        Ok(PostedComment {
            id,
            status,
            article,
        })
    }

    /// Applies `action` to every comment in `ids`, all or nothing: when any id does not
    /// exist, nothing changes. Returns how many comments changed status.
    pub async fn moderate_comments(
        &self,
        ids: &[CommentId],
        action: ModerationAction,
    ) -> AppResult<usize> {
        if ids.is_empty() {
            return Err(AppError::Validation(FieldErrors::single(
                "ids",
                "Name at least one comment by its id.",
            )));
        }
        let target = action.resulting_status();
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let mut missing = Vec::new();
        let mut changed = 0;
        for id in ids {
            match tx.comment_by_id(*id).await? {
                None => missing.push(id.to_string()),
                Some(comment) if comment.status == target => {}
                Some(_) => {
                    tx.set_comment_status(*id, target, now).await?;
                    changed += 1;
                }
            }
        }
        if !missing.is_empty() {
            let noun = if missing.len() == 1 {
                "comment"
            } else {
                "comments"
            };
            return Err(AppError::NotFound(format!(
                "There is no {noun} {}; nothing was changed.",
                missing.join(", ")
            )));
        }
        tx.commit().await?;
        tracing::info!(count = changed, status = %target, "comments moderated");
        Ok(changed)
    }

    /// Comments, newest first, optionally only those with `status`.
    pub async fn list_comments(&self, status: Option<CommentStatus>) -> AppResult<Vec<Comment>> {
        Ok(self
            .db()
            .comments(CommentFilter {
                status,
                article_id: None,
            })
            .await?)
    }
}
