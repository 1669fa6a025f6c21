//! `GET /media/{*path}`: the stored images and their copies.
//!
//! Only names of the form Gazette gives files are looked up (`gazette-media`'s
//! `MediaStorage::locate`), so `..`, encoded or not, absolute paths, folders, hidden
//! temporary files and foreign extensions all answer 404 without touching the disk. A name
//! is never reused for other content (it carries the start of the file's SHA-256), so
//! files are cached for a year as `immutable`; images are sent as they are stored, never
//! compressed again. The type comes from the name Gazette gave the file, never from its
//! contents, with `nosniff` (set for every response) so that browsers believe it, and a
//! policy under which nothing in the file could run.

use crate::cache_policy;
use crate::error::WebError;
use crate::responses::matching_copy;
use crate::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Nothing in an image file may run or load anything, even if opened on its own, and no
/// other site may frame it.
const FILE_POLICY: &str = "default-src 'none'; frame-ancestors 'self'; sandbox";

pub async fn serve(
    State(state): State<WebState>,
    Path(path): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, WebError> {
    let storage = state
        .app
        .media_storage()
        .map_err(|_| WebError::NoSuchPage)?;
    let (file, kind) = storage.locate(&path).ok_or(WebError::NoSuchPage)?;
    let metadata = match tokio::fs::metadata(&file).await {
        Ok(metadata) if metadata.is_file() => metadata,
        _ => return Err(WebError::NoSuchPage),
    };
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    let etag = HeaderValue::from_str(&format!("\"{:x}-{modified:x}\"", metadata.len()))
        .map_err(|_| WebError::NoSuchPage)?;
    let mut headers = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_policy::IMMUTABLE),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FILE_POLICY),
        ),
        (header::ETAG, etag.clone()),
    ];
    if let Some(copy) = matching_copy(&request_headers, &etag) {
        headers[2].1 = copy;
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|_| WebError::NoSuchPage)?;
    Ok((
        headers,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(kind.mime_type()),
        )],
        bytes,
    )
        .into_response())
}
