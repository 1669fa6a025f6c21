//! Replying as staff, `/desk/comments/{id}/reply`: the comment and a form whose reply is
//! published at once under the moderator's name, threaded under it. Answering a pending
//! comment approves it first. A reply that cannot be taken comes back with what was typed
//! and the reason next to the text (422) or above the form (the same reply twice: 409; an
//! article that no longer takes comments: 403).

use super::comment_id;
use super::location::{HiddenField, QueueLocation};
use super::views::CommentRowView;
use crate::client_ip::ClientIp;
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use gazette_app::{AppError, QueueEntry, StaffReply};
use gazette_domain::{Capability, CommentStatus};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
struct ReplyPage {
    comment: CommentRowView,
    /// Where the form posts.
    action: String,
    location_fields: Vec<HiddenField>,
    /// Back to the queue where the moderator was.
    back_url: String,
    /// The name the reply is published under.
    replier: String,
    /// Whether sending the reply approves the comment first.
    approves_first: bool,
    /// Why the comment cannot be answered now; no form is shown then.
    refusal: Option<String>,
    /// The reply as typed.
    text: String,
    errors: BTreeMap<&'static str, String>,
    /// A refusal of the reply that concerns no single field.
    notice: Option<String>,
}

/// What the moderator typed and what became of it.
#[derive(Debug, Default)]
struct ReplyForm {
    text: String,
    errors: BTreeMap<&'static str, String>,
    notice: Option<String>,
}

/// Why `entry` cannot be answered now, if it cannot.
fn refusal(entry: &QueueEntry) -> Option<String> {
    if entry.answerable {
        return None;
    }
    if let Some(label) = super::views::kind_label(entry.comment.kind) {
        return Some(format!(
            "This is a {} from another site: readers see it as a link, not in the threads, so it cannot be answered here. Answer on the site that linked here instead.",
            label.to_lowercase()
        ));
    }
    Some(match entry.comment.status {
        CommentStatus::Spam => {
            "This comment is with the spam. Mark it as not spam first if it deserves an answer."
                .to_owned()
        }
        CommentStatus::Trash => {
            "This comment is in the trash. Restore it first if it deserves an answer.".to_owned()
        }
        CommentStatus::Pending | CommentStatus::Approved => format!(
            "“{}” no longer takes comments, so this comment cannot be answered.",
            entry.article_title
        ),
    })
}

async fn render_reply(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    entry: QueueEntry,
    location: &QueueLocation,
    form: ReplyForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let id = entry.comment.id;
    let page = ReplyPage {
        action: format!("/desk/comments/{id}/reply"),
        location_fields: location.fields(),
        back_url: location.url(),
        replier: staff.0.user.display_name.clone(),
        approves_first: entry.comment.status == CommentStatus::Pending,
        refusal: refusal(&entry),
        comment: CommentRowView::new(entry, &settings, location),
        text: form.text,
        errors: form.errors,
        notice: form.notice,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Comments,
        "desk/comment_reply.html",
        &page,
        status,
    )
    .await
}

/// `GET /desk/comments/{id}/reply`.
pub async fn form(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Capability::ModerateComments)?;
    let location = QueueLocation::from_query(query.as_deref())?;
    let entry = state.app.queued_comment(comment_id(&id)?).await?;
    render_reply(
        &state,
        &staff,
        &headers,
        entry,
        &location,
        ReplyForm::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/comments/{id}/reply`.
pub async fn publish(
    State(state): State<WebState>,
    staff: Staff,
    client: ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    staff.require(Capability::ModerateComments)?;
    let location = QueueLocation::from_form(&form)?;
    let entry = state.app.queued_comment(comment_id(&id)?).await?;
    let text = form.text("comment");
    let reply = StaffReply {
        parent_id: entry.comment.id,
        text: text.clone(),
        ip: client.0,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
    };
    let (status, form) = match state.app.reply_as_staff(&staff.0.user, reply).await {
        Ok(_) => {
            let notice = if entry.comment.status == CommentStatus::Pending {
                format!(
                    "{}’s comment is approved, and your reply is published.",
                    entry.comment.author_name
                )
            } else {
                format!("Your reply to {} is published.", entry.comment.author_name)
            };
            return see_other_with_notice(&state, &location.url(), &notice).await;
        }
        Err(AppError::Validation(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ReplyForm {
                text,
                errors: errors
                    .iter()
                    .map(|error| (error.field, error.message.clone()))
                    .collect(),
                notice: None,
            },
        ),
        Err(refused @ (AppError::Conflict(_) | AppError::Forbidden(_))) => (
            if matches!(refused, AppError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::FORBIDDEN
            },
            ReplyForm {
                text,
                errors: BTreeMap::new(),
                notice: Some(refused.to_string()),
            },
        ),
        Err(error) => {
            return Err(WebError::App {
                error,
                kept_text: Some(text),
            });
        }
    };
    let entry = state.app.queued_comment(entry.comment.id).await?;
    render_reply(&state, &staff, &headers, entry, &location, form, status).await
}
