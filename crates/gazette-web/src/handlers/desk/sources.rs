//! The desk's syndication screens, for administrators and editors (`ManageSources`): every
//! source with how its fetching goes and its buttons (`/desk/sources/`), adding and
//! editing one with all its settings (`/desk/sources/new`, `/desk/sources/{id}/edit`),
//! removing one after a confirmation page (`/desk/sources/{id}/remove`), and the review
//! queue of the items they bring (`/desk/sources/review/`).
//!
//! Every action calls the same use cases as `gazette source …` and answers
//! `303 See Other` with a notice of what was done; a form with mistakes comes back with
//! what was typed and each message next to its field. Only administrators may let a feed
//! live at a private address, since that lets Gazette reach into the network it runs in.

mod editing;
mod listing;
mod review;

use crate::error::WebError;
use crate::handlers::add_trailing_slash;
use crate::state::WebState;
use axum::Router;
use axum::routing::{get, post};
use gazette_app::AppError;
use gazette_domain::{SourceId, SourceItemId};

/// Where the list of sources lives.
const SOURCES_URL: &str = "/desk/sources/";
/// Where the review queue lives.
const REVIEW_URL: &str = "/desk/sources/review/";

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(SOURCES_URL, get(listing::show))
        .route("/desk/sources", get(add_trailing_slash))
        .route(
            "/desk/sources/new",
            get(editing::new_form).post(editing::add),
        )
        .route(
            "/desk/sources/{id}/edit",
            get(editing::edit_form).post(editing::update),
        )
        .route("/desk/sources/{id}/fetch", post(listing::fetch))
        .route("/desk/sources/{id}/pause", post(listing::pause))
        .route("/desk/sources/{id}/resume", post(listing::resume))
        .route(
            "/desk/sources/{id}/remove",
            get(listing::remove_page).post(listing::remove),
        )
        .route(REVIEW_URL, get(review::show))
        .route("/desk/sources/review", get(add_trailing_slash))
        .route("/desk/sources/review/{id}/approve", post(review::approve))
        .route("/desk/sources/review/{id}/reject", post(review::reject))
}

/// The number an address names; anything but a positive number names nothing.
fn positive_number(text: &str, what: &str) -> Result<i64, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(AppError::NotFound(format!(
            "“{}” is not a {what} number, so there is no such {what}.",
            text.chars().take(40).collect::<String>()
        ))
        .into()),
    }
}

/// The source an address names.
fn source_id(text: &str) -> Result<SourceId, WebError> {
    positive_number(text, "source").map(SourceId)
}

/// The item waiting for review that an address names.
fn item_id(text: &str) -> Result<SourceItemId, WebError> {
    positive_number(text, "item").map(SourceItemId)
}

/// The address of a source's edit page.
fn edit_url(id: SourceId) -> String {
    format!("/desk/sources/{id}/edit")
}
