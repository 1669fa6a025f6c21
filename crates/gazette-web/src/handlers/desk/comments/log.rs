//! The moderation log on the desk: who did what to which comment, and when. The whole
//! site's at `/desk/comments/log`, one comment's (with the comment, while it exists) at
//! `/desk/comments/{id}/log`; newest first, numbered pages (`?page=N`).

use super::actions::DeskAction;
use super::comment_id;
use super::location::{QueueLocation, page_in_query};
use super::views::{CommentRowView, PagesView, history_url, status_label};
use crate::desk_frame::{DeskSection, render_desk};
use crate::error::WebError;
use crate::staff::Staff;
use crate::state::WebState;
use crate::views::DateView;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::{Actor, ModerationHistory, ModerationLogLine};
use gazette_domain::{Capability, SiteSettings};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct LogPage {
    /// For one comment's log: its number.
    comment_id: Option<i64>,
    /// For one comment's log: the comment, while it exists.
    comment: Option<CommentRowView>,
    lines: Vec<LogLineView>,
    pagination: PagesView,
}

#[derive(Debug, Serialize)]
struct LogLineView {
    at: DateView,
    actor: String,
    action: String,
    from_status: Option<&'static str>,
    to_status: Option<&'static str>,
    comment_id: i64,
    comment_url: String,
    /// Absent once the comment is deleted.
    comment_author: Option<String>,
    article: Option<LoggedArticleView>,
}

#[derive(Debug, Serialize)]
struct LoggedArticleView {
    title: String,
    /// The queue limited to the article's comments.
    comments_url: String,
}

/// `approve` as `Approved`.
fn action_words(action: &str) -> String {
    let done = match DeskAction::parse(action) {
        Some(known) => known.done(),
        None => action,
    };
    let mut characters = done.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

fn line_view(line: ModerationLogLine, settings: &SiteSettings) -> LogLineView {
    let entry = line.entry;
    LogLineView {
        at: DateView::with_time(entry.at, settings),
        actor: Actor::describe(&entry.actor),
        action: action_words(&entry.action),
        from_status: entry.from_status.map(status_label),
        to_status: entry.to_status.map(status_label),
        comment_id: entry.comment_id.get(),
        comment_url: history_url(entry.comment_id.get()),
        comment_author: line.comment_author,
        article: line.article.map(|(id, title)| LoggedArticleView {
            title,
            comments_url: QueueLocation::default().with_article(Some(id)).url(),
        }),
    }
}

async fn render_log(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    history: ModerationHistory,
    comment_id: Option<i64>,
    page_url: impl Fn(u32) -> String,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let queue = QueueLocation::default();
    let page = LogPage {
        comment_id,
        comment: history
            .comment
            .map(|entry| CommentRowView::new(entry, &settings, &queue)),
        lines: history
            .lines
            .into_iter()
            .map(|line| line_view(line, &settings))
            .collect(),
        pagination: PagesView::new(history.page, history.page_count, page_url),
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Comments,
        "desk/comment_log.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `page` of a log at `path`: the first page has no number.
fn numbered(path: &str, page: u32) -> String {
    if page <= 1 {
        path.to_owned()
    } else {
        format!("{path}?page={page}")
    }
}

/// `GET /desk/comments/log`.
pub async fn site_log(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Capability::ModerateComments)?;
    let history = state
        .app
        .moderation_history(page_in_query(query.as_deref())?)
        .await?;
    render_log(&state, &staff, &headers, history, None, |page| {
        numbered("/desk/comments/log", page)
    })
    .await
}

/// `GET /desk/comments/{id}/log`.
pub async fn comment_log(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Capability::ModerateComments)?;
    let id = comment_id(&id)?;
    let history = state
        .app
        .comment_history(id, page_in_query(query.as_deref())?)
        .await?;
    let path = history_url(id.get());
    render_log(&state, &staff, &headers, history, Some(id.get()), |page| {
        numbered(&path, page)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_actions_read_as_what_was_done() {
        assert_eq!(action_words("approve"), "Approved");
        assert_eq!(action_words("not_spam"), "Taken out of the spam");
        assert_eq!(action_words("delete"), "Deleted for good");
        assert_eq!(action_words("something_new"), "Something_new");
    }
}
