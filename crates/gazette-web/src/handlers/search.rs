//! Search at WordPress's addresses: `/?s=words` and `/page/N/?s=words` (the home page's
//! handlers pass them here), and `/search/words/`, which leads to `/?s=words`. The feeds
//! of a search, `/search/words/feed/…`, are with the other feeds.
//!
//! Search pages are never kept in the page cache, which keys pages by path alone and
//! would otherwise fill with one page per search; each answer still carries an entity
//! tag, so a reader who asks again for an unchanged page gets `304 Not Modified`. The
//! page tells search engines not to index it (`noindex` in its head).

use super::theme_failure;
use crate::cache_policy;
use crate::error::WebError;
use crate::responses::{etag_for, html, matching_copy, moved_permanently, not_modified};
use crate::state::WebState;
use crate::views::SearchPage;
use axum::extract::RawPathParams;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use gazette_domain::search::{search_page_path, words_of_path_segment};
use url::form_urlencoded;

/// The words of the search a query string asks for (`s=…`), if it asks for one.
pub(super) fn words_in(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "s")
        .map(|(_, words)| words.into_owned())
}

/// Page `page` of the search for `words`.
pub(super) async fn results_page(
    state: &WebState,
    words: &str,
    page: u32,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let listing = state.app.search(words, page).await?;
    let view = SearchPage::new(&listing, state.app.clock().now());
    let body = state
        .theme
        .render("search.html", &view)
        .map_err(theme_failure)?;
    let etag = etag_for(body.as_bytes());
    if let Some(copy) = matching_copy(headers, &etag) {
        return Ok(not_modified(copy, cache_policy::PAGE));
    }
    let mut response = html(body);
    response.headers_mut().insert(header::ETAG, etag);
    Ok(response)
}

/// `GET /search/words/`: WordPress's other address of a search, sent to `/?s=words`.
pub async fn search_address(params: RawPathParams) -> Result<Response, WebError> {
    let words = words_param(&params).ok_or(WebError::NoSuchPage)?;
    Ok(moved_permanently(&search_page_path(&words, 1)))
}

/// The words of a `/search/{words}/…` address, read from the segment as it was sent.
pub(super) fn words_param(params: &RawPathParams) -> Option<String> {
    params
        .iter()
        .find(|(name, _)| *name == "words")
        .map(|(_, segment)| words_of_path_segment(segment))
}
