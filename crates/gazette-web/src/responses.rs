//! Building HTML responses with the headers every page carries, and answering
//! conditional requests.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use gazette_domain::Timestamp;
use sha2::{Digest, Sha256};
use std::time::UNIX_EPOCH;

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

/// Whether the reader's copy of a response with `etag`, last changed at `last_modified`,
/// is current: its `If-None-Match` matches, or — only when it sent none, as RFC 9110
/// (13.2.2) says — its `If-Modified-Since` is no earlier than `last_modified`, to the
/// second.
pub fn is_fresh_or_unmodified(
    request_headers: &HeaderMap,
    etag: &HeaderValue,
    last_modified: Timestamp,
) -> bool {
    if request_headers.contains_key(header::IF_NONE_MATCH) {
        return is_fresh(request_headers, etag);
    }
    let since = request_headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| httpdate::parse_http_date(text).ok())
        .and_then(|date| date.duration_since(UNIX_EPOCH).ok())
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok());
    since.is_some_and(|since| whole_seconds(last_modified) <= since)
}

/// `instant` as an HTTP date (`Wed, 24 Apr 2024 10:00:00 GMT`), for `Last-Modified`.
/// Instants before 1970, never meaningful here, are written as its first second; no
/// `Timestamp` lies past the year 9999, the last an HTTP date can name.
pub fn http_date(instant: Timestamp) -> HeaderValue {
    let seconds = u64::try_from(whole_seconds(instant)).unwrap_or(0);
    let date = UNIX_EPOCH + std::time::Duration::from_secs(seconds);
    HeaderValue::from_str(&httpdate::fmt_http_date(date))
        .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// Whole seconds since the Unix epoch, the precision of HTTP dates.
fn whole_seconds(instant: Timestamp) -> i64 {
    instant.as_microseconds().div_euclid(1_000_000)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn http_dates_are_imf_fixdates_in_gmt() {
        let instant: Timestamp = "2024-04-24T10:00:00.75Z".parse().unwrap();
        assert_eq!(http_date(instant), "Wed, 24 Apr 2024 10:00:00 GMT");
        let last = Timestamp::from_jiff(jiff::Timestamp::MAX);
        assert_eq!(http_date(last), "Thu, 30 Dec 9999 22:00:00 GMT");
        let early = Timestamp::from_microseconds(-1_000_000).unwrap();
        assert_eq!(http_date(early), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn if_modified_since_counts_only_without_if_none_match() {
        let etag = HeaderValue::from_static("\"abc\"");
        let changed: Timestamp = "2024-04-24T10:00:00.75Z".parse().unwrap();
        let same_second = headers(&[(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:00:00 GMT")]);
        assert!(is_fresh_or_unmodified(&same_second, &etag, changed));
        let earlier = headers(&[(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 09:59:59 GMT")]);
        assert!(!is_fresh_or_unmodified(&earlier, &etag, changed));
        let obsolete_format = headers(&[(
            header::IF_MODIFIED_SINCE,
            "Wednesday, 24-Apr-24 10:00:00 GMT",
        )]);
        assert!(is_fresh_or_unmodified(&obsolete_format, &etag, changed));
        let garbage = headers(&[(header::IF_MODIFIED_SINCE, "yesterday")]);
        assert!(!is_fresh_or_unmodified(&garbage, &etag, changed));
        let other_tag = headers(&[
            (header::IF_NONE_MATCH, "\"other\""),
            (header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:00:00 GMT"),
        ]);
        assert!(
            !is_fresh_or_unmodified(&other_tag, &etag, changed),
            "a tag that does not match wins over the date"
        );
        assert!(!is_fresh_or_unmodified(&HeaderMap::new(), &etag, changed));
    }
}
