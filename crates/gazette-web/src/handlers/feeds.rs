//! Comment feeds: the latest approved comments of the site (`/comments/feed/`) and of each
//! article (`<article>/feed/`), as RSS 2.0 and Atom 1.0 (`…/feed/atom/`).

use crate::error::WebError;
use crate::responses::{etag_for, is_fresh, not_modified};
use crate::state::WebState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gazette_app::LocatedArticle;
use gazette_domain::permalink::Subpage;
use gazette_feeds::{ATOM_CONTENT_TYPE, FeedDocument, RSS_CONTENT_TYPE, to_atom, to_rss};

/// Which format a feed is written in.
#[derive(Clone, Copy, Debug)]
enum Format {
    Rss,
    Atom,
}

fn feed_response(headers: &HeaderMap, document: &FeedDocument, format: Format) -> Response {
    let (body, content_type) = match format {
        Format::Rss => (to_rss(document), RSS_CONTENT_TYPE),
        Format::Atom => (to_atom(document), ATOM_CONTENT_TYPE),
    };
    let etag = etag_for(body.as_bytes());
    if is_fresh(headers, &etag) {
        return not_modified(etag, "no-cache");
    }
    let mut response = body.into_response();
    let response_headers = response.headers_mut();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response_headers.insert(header::ETAG, etag);
    response
}

/// `GET /comments/feed/`.
pub async fn site_rss(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let document = state.app.comment_feed(None, "/comments/feed/").await?;
    Ok(feed_response(&headers, &document, Format::Rss))
}

/// `GET /comments/feed/atom/`.
pub async fn site_atom(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let document = state.app.comment_feed(None, "/comments/feed/atom/").await?;
    Ok(feed_response(&headers, &document, Format::Atom))
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
    let document = state
        .app
        .comment_feed(Some(&located.article), &located.canonical_path())
        .await?;
    Ok(feed_response(headers, &document, format))
}
