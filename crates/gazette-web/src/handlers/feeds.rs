//! The site's feeds at WordPress's addresses: its newest articles (`/feed/` as RSS 2.0,
//! `/feed/atom/`, `/feed/json/` as JSON Feed 1.1), those of each archive
//! (`/category/<slug>/feed/`, `/tag/<slug>/feed/atom/`, `/author/<slug>/feed/json/`…), the
//! newest articles that match a search (`/search/words/feed/`, `…/feed/atom/`,
//! `…/feed/json/`), the latest approved comments of the site (`/comments/feed/`,
//! `/comments/feed/atom/`) and of each article (`<article>/feed/`, `…/feed/atom/`).
//!
//! The site's own feeds and those of its archives and articles are kept in the page cache
//! (feed readers ask for them all day); a search's feed, whose address any reader can
//! vary, is kept with the search pages, under its canonical address, in their cache.
//!
//! Every feed goes out with an entity tag of its bytes, `Last-Modified` (the newest change
//! among its entries) and `cache_policy::FEED` (a few minutes, then asked again), and is
//! answered `304 Not Modified` while the reader's copy is current: when their
//! `If-None-Match` matches, or, when they sent none, when their `If-Modified-Since` is no
//! earlier than the newest change. `HEAD` is answered like `GET`, without the body.

use crate::cache_policy;
use crate::error::WebError;
use crate::page_cache::PageCache;
use crate::responses::{etag_for, http_date, not_modified, unchanged_copy};
use crate::state::WebState;
use axum::extract::{RawPathParams, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gazette_app::{AppResult, FoundArchive, LocatedArticle};
use gazette_domain::archive::{ArchiveSubpage, FeedFormat};
use gazette_domain::permalink::Subpage;
use gazette_domain::search::{SearchQuery, search_feed_path};
use gazette_domain::{SiteSettings, Timestamp};
use gazette_feeds::{
    ATOM_CONTENT_TYPE, FeedDocument, JSON_FEED_CONTENT_TYPE, RSS_CONTENT_TYPE, to_atom,
    to_json_feed, to_rss,
};

/// Which format a feed is written in.
#[derive(Clone, Copy, Debug)]
enum Format {
    Rss,
    Atom,
    JsonFeed,
}

/// `document` written in `format`, with its content type.
fn written(document: &FeedDocument, format: Format) -> (String, &'static str) {
    match format {
        Format::Rss => (to_rss(document), RSS_CONTENT_TYPE),
        Format::Atom => (to_atom(document), ATOM_CONTENT_TYPE),
        Format::JsonFeed => (to_json_feed(document), JSON_FEED_CONTENT_TYPE),
    }
}

/// The feed at `key` in `format`: from the page cache while the site's content is
/// unchanged, else written from the document `build` makes, and kept.
async fn cached_feed<Build>(
    state: &WebState,
    headers: &HeaderMap,
    key: &str,
    format: Format,
    build: Build,
) -> Result<Response, WebError>
where
    Build: Future<Output = AppResult<FeedDocument>>,
{
    feed_kept_in(state, &state.pages, headers, key, format, build).await
}

/// The feed kept under `key` in `cache`, if current, else the one `build` makes, written in
/// `format` and kept there.
async fn feed_kept_in<Build>(
    state: &WebState,
    cache: &PageCache,
    headers: &HeaderMap,
    key: &str,
    format: Format,
    build: Build,
) -> Result<Response, WebError>
where
    Build: Future<Output = AppResult<FeedDocument>>,
{
    let version = super::cache_version(state).await?;
    let now = state.app.clock().now();
    if let Some(cached) = version.and_then(|version| cache.get(key, version, now)) {
        return Ok(super::cached_response(state, headers, &cached));
    }
    let document = build.await?;
    let (body, content_type) = written(&document, format);
    Ok(super::fresh_feed_response(
        state,
        headers,
        key,
        version.map(|version| (cache, version)),
        content_type,
        document.updated,
        body,
    ))
}

/// `body` as `content_type`, with an entity tag of its bytes, `Last-Modified` when
/// `last_modified` is known and the feeds' caching policy; or `304 Not Modified` when the
/// reader's copy is current. Feeds and sitemaps answer this way.
pub(super) fn validated_response(
    headers: &HeaderMap,
    body: String,
    content_type: &'static str,
    last_modified: Option<Timestamp>,
) -> Response {
    let etag = etag_for(body.as_bytes());
    if let Some(copy) = unchanged_copy(headers, &etag, last_modified) {
        return not_modified(copy, cache_policy::FEED);
    }
    let mut response = body.into_response();
    let response_headers = response.headers_mut();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_policy::FEED),
    );
    response_headers.insert(header::ETAG, etag);
    if let Some(last_modified) = last_modified {
        response_headers.insert(header::LAST_MODIFIED, http_date(last_modified));
    }
    response
}

/// `GET /feed/`: the newest articles as RSS 2.0.
pub async fn articles_rss(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let build = state.app.article_feed("/feed/");
    cached_feed(&state, &headers, "/feed/", Format::Rss, build).await
}

/// `GET /feed/atom/`: the newest articles as Atom 1.0.
pub async fn articles_atom(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let build = state.app.article_feed("/feed/atom/");
    cached_feed(&state, &headers, "/feed/atom/", Format::Atom, build).await
}

/// `GET /feed/json/`: the newest articles as JSON Feed 1.1.
pub async fn articles_json_feed(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let build = state.app.article_feed("/feed/json/");
    cached_feed(&state, &headers, "/feed/json/", Format::JsonFeed, build).await
}

/// The feed of the newest articles that match the search `/search/{words}/feed/…` names,
/// in `format`; `suffix` follows `feed/` in its own address.
async fn search_feed(
    state: &WebState,
    headers: &HeaderMap,
    params: &RawPathParams,
    format: Format,
    suffix: &str,
) -> Result<Response, WebError> {
    let words = super::search::words_param(params).ok_or(WebError::NoSuchPage)?;
    let self_path = format!(
        "{}{suffix}",
        search_feed_path(SearchQuery::parse(&words).text())
    );
    let build = state.app.search_feed(&words, &self_path);
    feed_kept_in(state, &state.searches, headers, &self_path, format, build).await
}

/// `GET /search/{words}/feed/`: a search's newest matches as RSS 2.0.
pub async fn search_rss(
    State(state): State<WebState>,
    params: RawPathParams,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    search_feed(&state, &headers, &params, Format::Rss, "").await
}

/// `GET /search/{words}/feed/atom/`: a search's newest matches as Atom 1.0.
pub async fn search_atom(
    State(state): State<WebState>,
    params: RawPathParams,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    search_feed(&state, &headers, &params, Format::Atom, "atom/").await
}

/// `GET /search/{words}/feed/json/`: a search's newest matches as JSON Feed 1.1.
pub async fn search_json_feed(
    State(state): State<WebState>,
    params: RawPathParams,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    search_feed(&state, &headers, &params, Format::JsonFeed, "json/").await
}

/// `GET /comments/feed/`.
pub async fn comments_rss(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let build = state.app.comment_feed(None, "/comments/feed/");
    cached_feed(&state, &headers, "/comments/feed/", Format::Rss, build).await
}

/// `GET /comments/feed/atom/`.
pub async fn comments_atom(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let build = state.app.comment_feed(None, "/comments/feed/atom/");
    cached_feed(
        &state,
        &headers,
        "/comments/feed/atom/",
        Format::Atom,
        build,
    )
    .await
}

/// The comment feed of the article at its own address: `…/feed/` (RSS) or `…/feed/atom/`.
pub(super) async fn article_feed(
    state: &WebState,
    headers: &HeaderMap,
    located: &LocatedArticle,
) -> Result<Response, WebError> {
    let format = match located.subpage {
        Subpage::AtomFeed => Format::Atom,
        Subpage::Article | Subpage::CommentPage(_) | Subpage::Feed => Format::Rss,
    };
    let key = located.canonical_path();
    let build = state.app.comment_feed(Some(&located.article), &key);
    cached_feed(state, headers, &key, format, build).await
}

/// The feed of an archive's newest articles in `format`, at the archive's address.
pub(super) async fn archive_feed(
    state: &WebState,
    headers: &HeaderMap,
    archive: &FoundArchive,
    format: FeedFormat,
    settings: &SiteSettings,
) -> Result<Response, WebError> {
    let self_path = ArchiveSubpage::Feed(format).under(&archive.path);
    let format = match format {
        FeedFormat::Rss => Format::Rss,
        FeedFormat::Atom => Format::Atom,
        FeedFormat::JsonFeed => Format::JsonFeed,
    };
    let build = state.app.archive_feed(archive, &self_path, settings);
    cached_feed(state, headers, &self_path, format, build).await
}
