//! The theme's static files.

use crate::error::WebError;
use crate::responses::{is_fresh, not_modified};
use crate::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::borrow::Cow;

const CACHE_CONTROL: &str = "public, max-age=3600";

pub async fn serve(
    State(state): State<WebState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let asset = state
        .theme
        .static_asset(&path)
        .ok_or(WebError::NoSuchPage)?;
    let etag = HeaderValue::from_str(&asset.etag).map_err(|_| WebError::NoSuchPage)?;
    if is_fresh(&headers, &etag) {
        return Ok(not_modified(etag, CACHE_CONTROL));
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            ),
            (header::ETAG, etag),
        ],
        match &asset.bytes {
            Cow::Borrowed(embedded) => Bytes::from_static(embedded),
            Cow::Owned(loaded) => Bytes::copy_from_slice(loaded),
        },
    )
        .into_response())
}
