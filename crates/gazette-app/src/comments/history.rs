//! The moderation log as moderators read it on the desk: the whole site's, or one
//! comment's with the comment itself, newest first and one numbered page at a time.

use super::queue::QueueEntry;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::CommentId;
use gazette_store::ModerationLogLine;

/// Lines on one page of the moderation log.
pub const LOG_PAGE_SIZE: u32 = 50;

/// One page of the moderation log.
#[derive(Clone, Debug)]
pub struct ModerationHistory {
    /// The comment the log is limited to, while it exists.
    pub comment: Option<QueueEntry>,
    /// This page's lines, newest first.
    pub lines: Vec<ModerationLogLine>,
    /// Which page, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub page_count: u32,
}

impl App {
    /// Page `page` of the moderation log of the whole site.
    pub async fn moderation_history(&self, page: u32) -> AppResult<ModerationHistory> {
        self.history_page(None, None, page).await
    }

    /// Page `page` of what was done to comment `id`, with the comment while it exists. A
    /// comment that never existed is not found; one deleted for good still has its log.
    pub async fn comment_history(&self, id: CommentId, page: u32) -> AppResult<ModerationHistory> {
        let comment = match self.queued_comment(id).await {
            Ok(entry) => Some(entry),
            Err(AppError::NotFound(_)) => None,
            Err(error) => return Err(error),
        };
        let history = self.history_page(Some(id), comment, page).await?;
        if history.comment.is_none() && history.lines.is_empty() {
            return Err(AppError::NotFound(format!(
                "There is no comment {id}, and the moderation log has nothing about it."
            )));
        }
        Ok(history)
    }

    async fn history_page(
        &self,
        id: Option<CommentId>,
        comment: Option<QueueEntry>,
        page: u32,
    ) -> AppResult<ModerationHistory> {
        let length = self.db().moderation_log_length(id).await?;
        let page_count = u32::try_from(length.div_ceil(u64::from(LOG_PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1);
        if page == 0 || page > page_count {
            return Err(AppError::NotFound(format!(
                "There is no page {page} of the moderation log; it has {page_count}."
            )));
        }
        let offset = u64::from(page - 1) * u64::from(LOG_PAGE_SIZE);
        let lines = self
            .db()
            .moderation_log_page(id, LOG_PAGE_SIZE, offset)
            .await?;
        Ok(ModerationHistory {
            comment,
            lines,
            page,
            page_count,
        })
    }
}
