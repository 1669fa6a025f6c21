//! The theme's static files, at `/static/<name>`.
//!
//! Templates link each file at its fingerprinted address (`/static/style.1a2b3c4d5e.css`,
//! from `static_url`), which names these bytes only, so it is cached for a year as
//! `immutable`. The plain address (`/static/style.css`) keeps working for links made
//! elsewhere, with a short lifetime. A fingerprint the file no longer has (a page cached
//! before the theme changed) answers `302` to the current address, so such a page still
//! gets its styles; the redirect itself is not stored. Each file's compressed forms are
//! made once (`static_files`) and sent by the compression layer.

use crate::cache_policy;
use crate::compression::{Precompressed, is_compressible};
use crate::error::WebError;
use crate::responses::{found, matching_copy, not_modified};
use crate::state::WebState;
use crate::static_files::Named;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn serve(
    State(state): State<WebState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (file, cache_control) = match state.static_files.find(&path) {
        Some(Named::Fingerprinted(file)) => (file, cache_policy::IMMUTABLE),
        Some(Named::Plain(file)) => (file, cache_policy::THEME_FILE),
        Some(Named::Outdated(file)) => return Ok(found(&file.address)),
        None => return Err(WebError::NoSuchPage),
    };
    if let Some(copy) = matching_copy(&headers, &file.etag) {
        let mut response = not_modified(copy, cache_control);
        if !is_compressible(&file.content_type) {
            // An image is sent as it is, whatever the reader accepts.
            response.headers_mut().remove(header::VARY);
        }
        return Ok(response);
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ),
            (header::ETAG, file.etag.clone()),
        ],
        file.bytes.clone(),
    )
        .into_response();
    if file.is_worth_compressing() {
        response
            .extensions_mut()
            .insert(Precompressed::ThemeFile(Arc::clone(file)));
    }
    Ok(response)
}
