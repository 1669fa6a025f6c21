//! The desk's comment moderation, for administrators and editors: the queue with its
//! status links, article filter, search and pages (`/desk/comments/`); actions on one
//! comment or on the ticked ones (`/desk/comments/moderate`); replies as staff
//! (`/desk/comments/{id}/reply`); and the moderation log, of the whole site
//! (`/desk/comments/log`) or of one comment (`/desk/comments/{id}/log`).
//!
//! These pages show what readers never see: commenters' email and IP addresses, held and
//! spam comments, and why each was held. Every action answers `303 See Other` back to the
//! same queue, filter and page, with a notice of what was done.

mod actions;
mod location;
mod log;
mod queue;
mod reply;
mod views;

use crate::error::WebError;
use crate::handlers::add_trailing_slash;
use crate::state::WebState;
use axum::Router;
use axum::routing::{get, post};
use gazette_app::AppError;
use gazette_domain::CommentId;

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/desk/comments/", get(queue::show))
        .route("/desk/comments", get(add_trailing_slash))
        .route("/desk/comments/moderate", post(actions::moderate))
        .route("/desk/comments/log", get(log::site_log))
        .route("/desk/comments/{id}/log", get(log::comment_log))
        .route(
            "/desk/comments/{id}/reply",
            get(reply::form).post(reply::publish),
        )
}

/// The comment an address names; anything but a positive number names none.
fn comment_id(text: &str) -> Result<CommentId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(CommentId(id)),
        _ => Err(AppError::NotFound(format!(
            "“{}” is not a comment number, so there is no such comment.",
            text.chars().take(40).collect::<String>()
        ))
        .into()),
    }
}
