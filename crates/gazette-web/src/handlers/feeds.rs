//! Comment feeds: the latest approved comments of the site (`/comments/feed/`) and of each
//! article (`<article>/feed/`), as RSS 2.0 and Atom 1.0 (`…/feed/atom/`).

use super::article;
use crate::error::WebError;
use crate::responses::{etag_for, is_fresh, not_modified};
use crate::state::WebState;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
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

async fn article_feed(
    state: &WebState,
    headers: &HeaderMap,
    slug: &str,
    path: &str,
    format: Format,
) -> Result<Response, WebError> {
    let article = match state.app.public_article(slug).await {
        Ok(article) => article,
        Err(gazette_app::AppError::NotFound(reason)) => {
            let Some(renamed) = state.app.renamed_public_article(slug).await? else {
                return Err(gazette_app::AppError::NotFound(reason).into());
            };
            let settings = state.app.site_settings().await?;
            let suffix = match format {
                Format::Rss => "feed/",
                Format::Atom => "feed/atom/",
            };
            let target = format!(
                "{}{suffix}",
                crate::views::article_path(&renamed, &settings)
            );
            return Ok(crate::responses::moved_permanently(&target));
        }
        Err(error) => return Err(error.into()),
    };
    let document = state.app.comment_feed(Some(&article), path).await?;
    Ok(feed_response(headers, &document, format))
}

/// `GET /{year}/{month}/{day}/{slug}/{segment}/`: the article's comment feed (`feed`) or
/// one of its comment pages (`comment-page-N`).
pub async fn article_subpage(
    State(state): State<WebState>,
    Path((_year, _month, _day, slug, segment)): Path<(String, String, String, String, String)>,
    request: Request,
) -> Result<Response, WebError> {
    let (request, _body) = request.into_parts();
    if segment == "feed" {
        let path = request.uri.path().to_owned();
        return article_feed(&state, &request.headers, &slug, &path, Format::Rss).await;
    }
    article::show_comment_page(&state, &request, &slug, &segment).await
}

/// `GET /{year}/{month}/{day}/{slug}/feed/atom/`.
pub async fn article_atom(
    State(state): State<WebState>,
    Path((_year, _month, _day, slug)): Path<(String, String, String, String)>,
    request: Request,
) -> Result<Response, WebError> {
    let path = request.uri().path().to_owned();
    article_feed(&state, request.headers(), &slug, &path, Format::Atom).await
}
