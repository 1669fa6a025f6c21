//! The home page and its numbered pages, WordPress's plain links (`/?p=ID`,
//! `/?page_id=ID`, `/?attachment_id=ID`), which lead to the address of what they name, and
//! its searches (`/?s=words`, `/page/N/?s=words`), which [`super::search`] answers.

use super::{
    cache_version, cached_response, fresh_page_response, next_local_midnight, search, theme_failure,
};
use crate::error::WebError;
use crate::responses::moved_permanently;
use crate::state::WebState;
use crate::views::HomePage;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use gazette_app::{NotAnId, WordPressQuery};
use gazette_domain::permalink::home_page_path;
use gazette_domain::search::search_page_path;

/// `GET /`, or with `?p=ID` (`?page_id=`, `?attachment_id=`) the way to what WordPress's
/// link names, or with `?s=words` a search.
pub async fn front_page(
    State(state): State<WebState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    match query.as_deref().and_then(WordPressQuery::read) {
        Some(Ok(asked)) => {
            let target = state.app.wordpress_query_target(asked).await?;
            Ok(moved_permanently(&target))
        }
        Some(Err(NotAnId)) => Err(WebError::NoSuchPage),
        None => match query.as_deref().and_then(search::words_in) {
            Some(words) => search::results_page(&state, &words, 1, &headers).await,
            None => render(&state, 1, &headers).await,
        },
    }
}

/// `GET /page/N/`, or with `?s=words` page N of a search.
pub async fn numbered_page(
    State(state): State<WebState>,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let page: u32 = number.parse().map_err(|_| WebError::NoSuchPage)?;
    let words = query.as_deref().and_then(search::words_in);
    if page <= 1 || home_page_path(page) != format!("/page/{number}/") {
        if page == 0 {
            return Err(WebError::NoSuchPage);
        }
        let canonical = match &words {
            Some(words) => search_page_path(words, page),
            None => home_page_path(page),
        };
        return Ok(moved_permanently(&canonical));
    }
    match words {
        Some(words) => search::results_page(&state, &words, page, &headers).await,
        None => render(&state, page, &headers).await,
    }
}

async fn render(state: &WebState, page: u32, headers: &HeaderMap) -> Result<Response, WebError> {
    let key = home_page_path(page);
    let now = state.app.clock().now();
    let version = cache_version(state).await?;
    if let Some(cached) = version.and_then(|version| state.pages.get(&key, version, now)) {
        return Ok(cached_response(state, headers, &cached));
    }
    let listing = state.app.home_listing(page).await?;
    let view = HomePage::new(&listing, now);
    let html = state
        .theme
        .render("home.html", &view)
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &listing.settings.time_zone);
    Ok(fresh_page_response(
        state, headers, &key, version, None, expires_at, html,
    ))
}
