//! What the site offers crawlers: `/robots.txt`, the sitemap index at `/sitemap.xml`, its
//! files under `/sitemaps/` (`articles-1.xml`, `archives-1.xml`, …) and the Google News
//! sitemap at `/news-sitemap.xml`.
//!
//! Sitemaps are built from one query per file and answered like feeds: an entity tag of
//! their bytes, `Last-Modified` (the newest change they list, when they list changes) and
//! `304 Not Modified` for a crawler holding the current copy. A file name that is not one
//! (`articles-x.xml`, `articles-01.xml`), a file past the last, and every sitemap of a
//! site that discourages search engines are not found.

use super::feeds::validated_response;
use crate::error::WebError;
use crate::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gazette_domain::sitemap::SitemapFile;
use gazette_feeds::{
    SITEMAP_CONTENT_TYPE, newest_change, to_news_sitemap, to_sitemap_index, to_url_set,
};

/// `GET /robots.txt`.
pub async fn robots(State(state): State<WebState>) -> Result<Response, WebError> {
    let mut response = state.app.robots_txt().await?.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `GET /sitemap.xml`: the sitemap index.
pub async fn index(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let sitemaps = state.app.sitemap_index().await?;
    Ok(validated_response(
        &headers,
        to_sitemap_index(&sitemaps),
        SITEMAP_CONTENT_TYPE,
        newest_change(&sitemaps),
    ))
}

/// `GET /sitemaps/{file}`: one sitemap file.
pub async fn file(
    State(state): State<WebState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let file = SitemapFile::read(&name).ok_or(WebError::NoSuchPage)?;
    let pages = state.app.sitemap(file).await?;
    Ok(validated_response(
        &headers,
        to_url_set(&pages),
        SITEMAP_CONTENT_TYPE,
        newest_change(&pages),
    ))
}

/// `GET /news-sitemap.xml`: the articles of the last two days, for Google News.
pub async fn news(State(state): State<WebState>, headers: HeaderMap) -> Result<Response, WebError> {
    let news = state.app.news_sitemap().await?;
    let newest = news.articles.iter().map(|article| article.published).max();
    Ok(validated_response(
        &headers,
        to_news_sitemap(&news),
        SITEMAP_CONTENT_TYPE,
        newest,
    ))
}
