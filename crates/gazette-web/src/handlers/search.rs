//! Search at WordPress's addresses: `/?s=words` and `/page/N/?s=words` (the home page's
//! handlers pass them here), and `/search/words/`, which leads to `/?s=words`. The feeds
//! of a search, `/search/words/feed/…`, are with the other feeds.
//!
//! Search pages are kept rendered, under their canonical address, in a cache of their own
//! beside the page cache (which keys pages by path alone), so that a search many readers
//! make — the name in today's news — is answered from memory until the site changes, and
//! the searches readers type, one entry each, never push the site's pages out. Like every
//! cached page, an unchanged one answers `304 Not Modified` to a reader who holds it. The
//! page tells search engines not to index it (`noindex` in its head).

use super::{
    cache_version, cached_response, keep_and_answer, next_local_midnight, rendered_page,
    theme_failure,
};
use crate::error::WebError;
use crate::responses::moved_permanently;
use crate::state::WebState;
use crate::views::SearchPage;
use axum::extract::RawPathParams;
use axum::http::HeaderMap;
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
    let key = search_page_path(words, page);
    let now = state.app.clock().now();
    let version = cache_version(state).await?;
    if let Some(cached) = version.and_then(|version| state.searches.get(&key, version, now)) {
        return Ok(cached_response(state, headers, &cached));
    }
    let listing = state.app.search(words, page).await?;
    let view = SearchPage::new(&listing, now);
    let body = state
        .theme
        .render("search.html", &view)
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &listing.settings.time_zone);
    let page = rendered_page(state, &key, version, None, expires_at, body);
    Ok(keep_and_answer(
        state,
        headers,
        page,
        version.map(|_| &state.searches),
    ))
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
