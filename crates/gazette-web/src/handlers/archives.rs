//! Archives at WordPress's addresses: a category's (`/category/news/local/`), a tag's
//! (`/tag/elections/`), an author's (`/author/jane-doe/`) and a period's (`/2024/`,
//! `/2024/04/`, `/2024/04/24/`), each numbered in pages under `page/N/` and with its feeds
//! under `feed/`, `feed/atom/` and `feed/json/`.
//!
//! Categories, tags and authors have fixed routes. Dates share the shape of articles'
//! addresses under the default permalink pattern, so a date archive is answered only at an
//! address where no article is found (`article::show` asks here last). A request for an
//! archive's page at any other address — a child category without its parents, `page/1/`,
//! a missing or doubled slash, `/2024/4/` — is redirected to its own with 301, the query
//! kept. Pages go through the page cache like the home page; feeds answer like the site's.

use super::{
    cache_version, cached_response, feeds, fresh_page_response, next_local_midnight, theme_failure,
    with_query,
};
use crate::error::WebError;
use crate::responses::moved_permanently;
use crate::state::WebState;
use crate::views::ArchivePage;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::response::Response;
use gazette_app::AppError;
use gazette_domain::archive::{ArchiveAddress, ArchiveSubpage};

/// `GET /category/…`, `/tag/…` and `/author/…`.
pub async fn show(State(state): State<WebState>, request: Request) -> Result<Response, WebError> {
    let (request, _body) = request.into_parts();
    let path = request.uri.path();
    let version = cache_version(&state).await?;
    if let Some(cached) =
        version.and_then(|version| state.pages.get(path, version, state.app.clock().now()))
    {
        return Ok(cached_response(&state, &request.headers, &cached));
    }
    let tidy = super::tidy_path(path);
    respond(&state, &request, &tidy, version).await
}

/// The archive at `tidy` (the request's path with a final slash and no empty segment), or
/// no page when `tidy` is no archive's address or names nothing that exists. The page
/// cache was already asked, at content version `version`.
pub(super) async fn respond(
    state: &WebState,
    request: &Parts,
    tidy: &str,
    version: Option<i64>,
) -> Result<Response, WebError> {
    let address = ArchiveAddress::read(tidy).ok_or(WebError::NoSuchPage)?;
    let settings = state.app.site_settings().await?;
    let archive = match state.app.find_archive(&address.name, &settings).await {
        Ok(archive) => archive,
        Err(AppError::NotFound(_)) => return Err(WebError::NoSuchPage),
        Err(error) => return Err(error.into()),
    };
    let canonical = address.page.under(&archive.path);
    if canonical != request.uri.path() {
        return Ok(moved_permanently(&with_query(&canonical, &request.uri)));
    }
    let page = match address.page {
        ArchiveSubpage::List(page) => page,
        ArchiveSubpage::Feed(format) => {
            return feeds::archive_feed(state, &request.headers, &archive, format, &settings).await;
        }
    };
    let now = state.app.clock().now();
    let listing = state.app.archive_listing(archive, page, settings).await?;
    let html = state
        .theme
        .render("archive.html", &ArchivePage::new(&listing, now))
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &listing.settings.time_zone);
    Ok(fresh_page_response(
        state,
        &request.headers,
        &canonical,
        version,
        None,
        expires_at,
        html,
    ))
}
