//! Building HTML responses with the headers every page carries.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// A `200 OK` HTML response that browsers must revalidate before reuse.
pub fn html(body: impl Into<Bytes>) -> Response {
    let mut response = (StatusCode::OK, body.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// An HTML response with `status`, never stored by caches (form errors, personal pages).
pub fn html_uncacheable(status: StatusCode, body: impl Into<Bytes>) -> Response {
    let mut response = html(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A strong entity tag for `body`.
pub fn etag_for(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let text = format!("\"{}\"", hex::encode(&digest[..12]));
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// Whether the request's `If-None-Match` matches `etag`, so `304 Not Modified` will do.
pub fn is_fresh(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(etag) = etag.to_str().ok() else {
        return false;
    };
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(|candidate| candidate.trim().trim_start_matches("W/"))
        .any(|candidate| candidate == etag || candidate == "*")
}

/// `304 Not Modified` carrying the validator.
pub fn not_modified(etag: HeaderValue, cache_control: &'static str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    response.headers_mut().insert(header::ETAG, etag);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}

/// A permanent redirect (`301`) to `location`.
pub fn moved_permanently(location: &str) -> Response {
    redirect(StatusCode::MOVED_PERMANENTLY, location)
}

/// `303 See Other` to `location`, the answer to a successful form post.
pub fn see_other(location: &str) -> Response {
    redirect(StatusCode::SEE_OTHER, location)
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
