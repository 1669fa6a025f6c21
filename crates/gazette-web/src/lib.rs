//! Gazette's web layer: the HTTP face of the use cases in `gazette-app`.
//!
//! - [`router`] builds the axum router: public pages, the comment form, theme assets.
//! - Handlers (in `handlers`) translate requests into use-case calls and results into
//!   views; they hold no SQL and no business rules.
//! - Views (in `views`, and `image_view` for images with their `srcset`) are the template
//!   contexts, the contract with themes; `structured_data` describes pages to search
//!   engines as schema.org JSON-LD.
//! - Errors become responses in exactly one place (`error`): a themed HTML page, or JSON
//!   `{"error":{"code","message"}}` for clients that ask for JSON.
//! - Public pages are kept rendered in the page cache (`page_cache`), which checks the
//!   database's content version before every use, so a change made by any process shows
//!   on the very next request.
//! - Around every response: `compression` (brotli or gzip, as the client accepts),
//!   `security_headers`, and one caching policy (`cache_policy`). The theme's static files
//!   are served from `static_files` at fingerprinted addresses.

mod cache_policy;
mod client_ip;
mod compression;
mod cookies;
mod desk_frame;
mod error;
mod form;
mod form_token_slot;
mod handlers;
mod image_view;
mod page_cache;
mod pending_comments;
mod remembered_commenter;
mod responses;
mod security_headers;
mod staff;
mod state;
mod static_files;
mod structured_data;
mod views;

pub use error::WebError;
pub use state::{WebOptions, WebState};

use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;

/// Builds the application's router over `state`.
pub fn router(state: WebState) -> Router {
    handlers::routes(state)
}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish (for up to 10 seconds).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let (drained_sender, drained) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, service).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = drained_sender.send(());
    });
    let grace = async move {
        let _ = drained.await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    };
    tokio::select! {
        result = server => result,
        () = grace => {
            tracing::warn!("requests still running 10 seconds after shutdown began; stopping anyway");
            Ok(())
        }
    }
}
