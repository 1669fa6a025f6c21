//! The article page.

use super::{
    cache_version, cached_response, fresh_page_response, next_local_midnight, theme_failure,
};
use crate::error::WebError;
use crate::pending_comments::PendingComments;
use crate::responses::{html_uncacheable, moved_permanently};
use crate::state::WebState;
use crate::views::{ArticlePage, CommentFormView, article_path};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;

/// `GET /{year}/{month}/{day}/{slug}/`. The whole request is taken, rather than cloned
/// pieces of it, because this is the hottest path of the site.
pub async fn show(State(state): State<WebState>, request: Request) -> Result<Response, WebError> {
    let key = request.uri().path();
    let headers = request.headers();
    // The route guarantees four segments; the last is the slug.
    let slug = key.trim_matches('/').rsplit('/').next().unwrap_or_default();
    let now = state.app.clock().now();
    let pending = PendingComments::from_request(headers, state.app.signer());
    let version = cache_version(&state).await?;
    if let Some(cached) = version.and_then(|version| state.pages.get(key, version, now)) {
        let personal = cached
            .subject
            .is_some_and(|article| !pending.on_article(article).is_empty());
        if !personal {
            return Ok(cached_response(headers, &cached));
        }
    }

    let article = state.app.public_article(slug).await?;
    let own_pending = pending.on_article(article.id);
    let data = state.app.article_page(article, &own_pending).await?;
    let canonical = article_path(&data.article, &data.settings);
    if canonical != key {
        return Ok(moved_permanently(&canonical));
    }
    let form = CommentFormView::empty(canonical.clone(), &data.article);
    let html = state
        .theme
        .render("article.html", &ArticlePage::new(&data, form, now))
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &data.settings.time_zone);
    if own_pending.is_empty() {
        return Ok(fresh_page_response(
            &state,
            headers,
            key,
            version,
            Some(data.article.id),
            expires_at,
            html,
        ));
    }
    // A page that shows the reader's own pending comments is theirs alone: never cached.
    Ok(html_uncacheable(StatusCode::OK, html))
}
