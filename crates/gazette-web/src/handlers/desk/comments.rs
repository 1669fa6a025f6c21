//! The desk's comments screens.

use crate::state::WebState;
use axum::Router;

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
}
