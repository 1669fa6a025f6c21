//! The routes and their handlers. Handlers turn requests into use-case calls and results
//! into views; they decide nothing themselves.
//!
//! The site's own pages have fixed routes, each under one of the first segments that
//! `gazette_domain::permalink::RESERVED_SEGMENTS` keeps from articles (a new prefix belongs
//! there too). Articles live wherever the permalink pattern puts them, so every other
//! address falls through to the article handlers, which read it with the pattern.

mod archives;
mod article;
mod assets;
mod comment;
mod desk;
mod feeds;
mod home;
mod media_files;
mod search;
mod sitemaps;
mod subscriptions;

use crate::cache_policy;
use crate::compression::{Precompressed, compress_responses};
use crate::error::{WebError, no_such_page, render_errors};
use crate::form_token_slot::{self, PageWithSlot};
use crate::page_cache::{CachedKind, CachedPage, CompressedForms, PageCache};
use crate::responses::{etag_for, html, http_date, not_modified, settled, unchanged_copy};
use crate::security_headers::add_security_headers;
use crate::state::WebState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gazette_domain::{ArticleId, Timestamp};
use std::borrow::Cow;
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

pub fn routes(state: WebState) -> Router {
    let body_limit = state.options.max_body_bytes;
    Router::new()
        .route("/", get(home::front_page))
        .route("/page/{number}/", get(home::numbered_page))
        .route("/page/{number}", get(add_trailing_slash))
        .route("/feed/", get(feeds::articles_rss))
        .route("/feed", get(add_trailing_slash))
        .route("/feed/atom/", get(feeds::articles_atom))
        .route("/feed/atom", get(add_trailing_slash))
        .route("/feed/json/", get(feeds::articles_json_feed))
        .route("/feed/json", get(add_trailing_slash))
        .route("/search/{words}/", get(search::search_address))
        .route("/search/{words}", get(add_trailing_slash))
        .route("/search/{words}/feed/", get(feeds::search_rss))
        .route("/search/{words}/feed", get(add_trailing_slash))
        .route("/search/{words}/feed/atom/", get(feeds::search_atom))
        .route("/search/{words}/feed/atom", get(add_trailing_slash))
        .route("/search/{words}/feed/json/", get(feeds::search_json_feed))
        .route("/search/{words}/feed/json", get(add_trailing_slash))
        .route("/category/{*archive}", get(archives::show))
        .route("/tag/{*archive}", get(archives::show))
        .route("/author/{*archive}", get(archives::show))
        .route("/comments/feed/", get(feeds::comments_rss))
        .route("/comments/feed/atom/", get(feeds::comments_atom))
        .route("/comments/confirm/{token}", get(subscriptions::confirm))
        .route(
            "/comments/unsubscribe/{token}",
            get(subscriptions::unsubscribe_page).post(subscriptions::unsubscribe),
        )
        .route("/wp-comments-post.php", post(comment::post_by_article_id))
        .route("/robots.txt", get(sitemaps::robots))
        .route("/sitemap.xml", get(sitemaps::index))
        .route("/news-sitemap.xml", get(sitemaps::news))
        .route("/sitemaps/{file}", get(sitemaps::file))
        .merge(desk::routes())
        .route("/static/{*path}", get(assets::serve))
        .route("/media/{*path}", get(media_files::serve))
        .fallback(
            get(article::show)
                .post(comment::post_on_article)
                .fallback(no_such_page),
        )
        // One composed stack, applied once: each `Router::layer` call would box every route
        // again and cost an allocation per request. The first layer listed is the outermost.
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(from_fn_with_state(state.clone(), add_security_headers))
                .layer(from_fn_with_state(state.clone(), compress_responses))
                .layer(DefaultBodyLimit::max(body_limit))
                .layer(from_fn_with_state(state.clone(), render_errors)),
        )
        .with_state(state)
}

/// The content version to cache against, or `None` when caching is off.
async fn cache_version(state: &WebState) -> Result<Option<i64>, WebError> {
    if state.pages.enabled() {
        Ok(Some(state.pages.current_version(&state.app).await?))
    } else {
        Ok(None)
    }
}

/// The cached page or feed as a response: `304` when the reader holds the same copy. A
/// page with a comment form gets a form token of its own. Its compressed forms go with it,
/// for the compression layer.
fn cached_response(
    state: &WebState,
    request_headers: &HeaderMap,
    page: &Arc<CachedPage>,
) -> Response {
    let policy = match page.kind {
        CachedKind::Page => cache_policy::PAGE,
        CachedKind::Feed(_) => cache_policy::FEED,
    };
    let last_modified = settled(page.last_modified, state.app.clock().now());
    if let Some(copy) = unchanged_copy(request_headers, &page.etag, last_modified) {
        return not_modified(copy, policy);
    }
    let token = page
        .subject
        .filter(|_| page.form_token_slot.is_some())
        .map(|article| state.app.comment_form_token(article));
    let body = match &token {
        Some(token) => form_token_slot::fill(&page.body, page.form_token_slot, token),
        None => page.body.clone(),
    };
    let mut response = match page.kind {
        CachedKind::Page => html(body),
        CachedKind::Feed(content_type) => {
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
            response
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, page.etag.clone());
    if let Some(last_modified) = last_modified {
        headers.insert(header::LAST_MODIFIED, http_date(last_modified));
    }
    response.extensions_mut().insert(Precompressed::Page {
        page: Arc::clone(page),
        token,
    });
    response
}

/// Answers with freshly rendered `body`, keeping it in the page cache under `key` when a
/// content `version` was read before rendering.
fn fresh_page_response(
    state: &WebState,
    request_headers: &HeaderMap,
    key: &str,
    version: Option<i64>,
    subject: Option<ArticleId>,
    expires_at: Timestamp,
    body: String,
) -> Response {
    let page = rendered_page(state, key, version, subject, expires_at, body);
    keep_and_answer(state, request_headers, page, version.map(|_| &state.pages))
}

/// Freshly rendered `body` as a page to cache under `key`, rendered at content `version`
/// (if one was read), about the article `subject` (if it shows one).
fn rendered_page(
    state: &WebState,
    key: &str,
    version: Option<i64>,
    subject: Option<ArticleId>,
    expires_at: Timestamp,
    body: String,
) -> CachedPage {
    let PageWithSlot { body, slot } = PageWithSlot::new(body);
    CachedPage {
        key: key.to_owned(),
        kind: CachedKind::Page,
        version: version.unwrap_or_default(),
        expires_at,
        etag: etag_for(&body),
        body,
        form_token_slot: slot,
        subject,
        last_modified: state.app.clock().now(),
        compressed: CompressedForms::default(),
    }
}

/// Answers with a freshly written feed of `content_type` whose newest entry changed at
/// `updated`, keeping it under `key` in the cache `keep_in` names with the content version
/// read before writing it, if any. Nothing in a feed depends on the hour, so it is kept
/// until the content changes (a day at most).
fn fresh_feed_response(
    state: &WebState,
    request_headers: &HeaderMap,
    key: &str,
    keep_in: Option<(&PageCache, i64)>,
    content_type: &'static str,
    updated: Timestamp,
    body: String,
) -> Response {
    let body = bytes::Bytes::from(body);
    let page = CachedPage {
        key: key.to_owned(),
        kind: CachedKind::Feed(content_type),
        version: keep_in.map_or(0, |(_, version)| version),
        expires_at: state.app.clock().now().plus_seconds(24 * 3600),
        etag: etag_for(&body),
        body,
        form_token_slot: None,
        subject: None,
        last_modified: updated,
        compressed: CompressedForms::default(),
    };
    keep_and_answer(
        state,
        request_headers,
        page,
        keep_in.map(|(cache, _)| cache),
    )
}

/// Keeps `page` in the cache `keep_in`, if any, and answers with it.
fn keep_and_answer(
    state: &WebState,
    request_headers: &HeaderMap,
    page: CachedPage,
    keep_in: Option<&PageCache>,
) -> Response {
    let page = match keep_in {
        Some(cache) => cache.put(page),
        None => Arc::new(page),
    };
    cached_response(state, request_headers, &page)
}

/// The first instant of the next day in `zone`: when the date line changes.
fn next_local_midnight(now: Timestamp, zone: &jiff::tz::TimeZone) -> Timestamp {
    now.in_zone(zone)
        .tomorrow()
        .and_then(|tomorrow| tomorrow.start_of_day())
        .map_or_else(
            |_| now.plus_seconds(3600),
            |midnight| Timestamp::from_jiff(midnight.timestamp()),
        )
}

/// A page rendered for one reader (never cached), with its own comment form token.
fn personal_page(
    state: &WebState,
    status: axum::http::StatusCode,
    article: ArticleId,
    body: String,
) -> Response {
    let PageWithSlot { body, slot } = PageWithSlot::new(body);
    let body = form_token_slot::fill(&body, slot, &state.app.comment_form_token(article));
    crate::responses::html_uncacheable(status, body)
}

/// A theme failure is an internal error: the default theme always renders.
pub(crate) fn theme_failure(error: gazette_render::ThemeError) -> WebError {
    WebError::from(gazette_app::AppError::internal(error))
}

/// `path` as the site writes its addresses: with a final slash and without empty segments
/// (`/a//b` is `/a/b/`). A site address given otherwise is redirected to this one.
pub(crate) fn tidy_path(path: &str) -> Cow<'_, str> {
    if path.ends_with('/') && !path.contains("//") {
        return Cow::Borrowed(path);
    }
    let mut tidy = String::with_capacity(path.len() + 1);
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        tidy.push('/');
        tidy.push_str(segment);
    }
    tidy.push('/');
    Cow::Owned(tidy)
}

/// `path` followed by the query of `uri`, if it has one: where a redirect sends a request.
pub(crate) fn with_query(path: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    }
}

/// Addresses are canonical with a trailing slash, as on WordPress.
pub(crate) async fn add_trailing_slash(uri: Uri) -> Response {
    let target = match uri.query() {
        Some(query) => format!("{}/?{query}", uri.path()),
        None => format!("{}/", uri.path()),
    };
    crate::responses::moved_permanently(&target)
}
