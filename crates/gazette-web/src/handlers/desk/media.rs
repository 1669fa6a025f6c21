//! The desk's media screens.

use crate::state::WebState;
use axum::Router;

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
}
