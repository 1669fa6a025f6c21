//! The editor's desk: every route under `/desk/`, plus the doors in (`/login`, `/setup/…`,
//! and the mailed links `/reset/…` and `/invite/…`).
//!
//! Each area owns one module and its routes. Every handler takes the [`Staff`] extractor
//! (anonymous visitors are sent to sign in, or get 401 from the API), checks the
//! capability or article permission it needs, and checks same origin and the CSRF token
//! (`check_form`) before changing anything. Nothing here is for anyone but the person who
//! asked: every response is `cache_policy::PERSONAL`, set for them all in one layer.
//!
//! [`Staff`]: crate::staff::Staff

mod account;
mod article_views;
mod articles;
mod categories;
mod comments;
mod doors;
mod media;
mod password_links;
mod settings;
mod sources;
mod users;

use crate::cache_policy;
use crate::handlers::add_trailing_slash;
use crate::state::WebState;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

/// The desk's routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/login", get(doors::login_page).post(doors::log_in))
        .route("/logout", post(doors::log_out))
        .route(
            "/setup/{token}",
            get(doors::setup_page).post(doors::complete_setup),
        )
        .route("/desk/", get(doors::home))
        .route("/desk", get(add_trailing_slash))
        .route("/desk/api/me", get(doors::me))
        .merge(articles::routes())
        .merge(categories::routes())
        .merge(media::routes())
        .merge(comments::routes())
        .merge(sources::routes())
        .merge(users::routes())
        .merge(settings::routes())
        .merge(account::routes())
        .merge(password_links::routes())
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_policy::PERSONAL),
        ))
}
