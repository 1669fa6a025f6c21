//! Building HTML responses with the headers every page carries, and answering
//! conditional requests.
//!
//! Entity tags are strong, one per representation: a body sent compressed is tagged with
//! its coding's suffix (`"3f2a…-br"`), its identity form without one. A reader's copy in
//! any coding is a copy of the same content, so `If-None-Match` matches whichever the
//! reader holds, and the `304` names that copy.

use crate::cache_policy;
use crate::compression::ContentCoding;
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
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_policy::PAGE),
    );
    response
}

/// An HTML response with `status`, never stored by caches (form errors, personal pages).
pub fn html_uncacheable(status: StatusCode, body: impl Into<Bytes>) -> Response {
    let mut response = html(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_policy::PERSONAL),
    );
    response
}

/// A strong entity tag for `body`.
pub fn etag_for(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let text = format!("\"{}\"", hex::encode(&digest[..12]));
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The entity tag of the representation compressed with `coding`, whose identity form is
/// tagged `etag`: `"3f2a…"` becomes `"3f2a…-br"`.
pub fn etag_in_coding(etag: &HeaderValue, coding: ContentCoding) -> HeaderValue {
    etag.to_str()
        .ok()
        .and_then(|text| text.strip_suffix('"'))
        .and_then(|open| HeaderValue::from_str(&format!("{open}-{}\"", coding.name())).ok())
        .unwrap_or_else(|| etag.clone())
}

/// Adds `Accept-Encoding` to the response's `Vary`, once.
pub fn vary_by_accept_encoding(headers: &mut HeaderMap) {
    let already = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(','))
        .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding") || name.trim() == "*");
    if !already {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

/// The tag of the reader's copy when it is the content tagged `etag`, in any coding: what
/// `If-None-Match` names that matches (`etag` itself for `*`), to answer `304` with.
pub fn matching_copy(request_headers: &HeaderMap, etag: &HeaderValue) -> Option<HeaderValue> {
    let etag = etag.to_str().ok()?;
    let content = etag.strip_suffix('"')?;
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .find_map(|candidate| {
            if candidate == "*" {
                return HeaderValue::from_str(etag).ok();
            }
            // If-None-Match compares weakly: a `W/` prefix does not matter.
            let tag = candidate.trim_start_matches("W/");
            let same_content = tag == etag
                || ContentCoding::ALL.into_iter().any(|coding| {
                    tag.strip_suffix('"')
                        .and_then(|open| open.strip_suffix(coding.name()))
                        .and_then(|open| open.strip_suffix('-'))
                        == Some(content)
                });
            same_content
                .then(|| HeaderValue::from_str(tag).ok())
                .flatten()
        })
}

/// The tag to answer `304 Not Modified` with when the reader's copy of a response tagged
/// `etag`, last changed at `last_modified` (if it says), is current: its `If-None-Match`
/// matches, or — only when it sent none, as RFC 9110 (13.2.2) says — its
/// `If-Modified-Since` is no earlier than `last_modified`, to the second.
pub fn unchanged_copy(
    request_headers: &HeaderMap,
    etag: &HeaderValue,
    last_modified: Option<Timestamp>,
) -> Option<HeaderValue> {
    if request_headers.contains_key(header::IF_NONE_MATCH) {
        return matching_copy(request_headers, etag);
    }
    let since = request_headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| httpdate::parse_http_date(text).ok())
        .and_then(|date| date.duration_since(UNIX_EPOCH).ok())
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())?;
    let last_modified = last_modified?;
    (whole_seconds(last_modified) <= since).then(|| etag.clone())
}

/// `last_modified` when it is safe to send as `Last-Modified` at `now`: not within the
/// current second. HTTP dates count whole seconds, so a reader given a time in the second
/// a change happened could not tell a later change in that second from none; held back
/// for that second, the time cannot answer `If-Modified-Since` wrongly.
pub fn settled(last_modified: Timestamp, now: Timestamp) -> Option<Timestamp> {
    (whole_seconds(last_modified) < whole_seconds(now)).then_some(last_modified)
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

/// `304 Not Modified` naming the reader's copy `tag`, for content that is also sent
/// compressed to clients that accept it.
pub fn not_modified(tag: HeaderValue, cache_control: &'static str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    vary_by_accept_encoding(headers);
    response
}

/// A permanent redirect (`301`) to `location`.
pub fn moved_permanently(location: &str) -> Response {
    redirect(StatusCode::MOVED_PERMANENTLY, location)
}

/// `302 Found` to `location`, somewhere the request may look for now.
pub fn found(location: &str) -> Response {
    redirect(StatusCode::FOUND, location)
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
        let unchanged = |request: &HeaderMap| unchanged_copy(request, &etag, Some(changed));
        let same_second = headers(&[(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:00:00 GMT")]);
        assert_eq!(unchanged(&same_second), Some(etag.clone()));
        assert_eq!(
            unchanged_copy(&same_second, &etag, None),
            None,
            "no modification time, no answer by date"
        );
        let earlier = headers(&[(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 09:59:59 GMT")]);
        assert_eq!(unchanged(&earlier), None);
        let obsolete_format = headers(&[(
            header::IF_MODIFIED_SINCE,
            "Wednesday, 24-Apr-24 10:00:00 GMT",
        )]);
        assert!(unchanged(&obsolete_format).is_some());
        let garbage = headers(&[(header::IF_MODIFIED_SINCE, "yesterday")]);
        assert_eq!(unchanged(&garbage), None);
        let other_tag = headers(&[
            (header::IF_NONE_MATCH, "\"other\""),
            (header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:00:00 GMT"),
        ]);
        assert_eq!(
            unchanged(&other_tag),
            None,
            "a tag that does not match wins over the date"
        );
        assert_eq!(unchanged(&HeaderMap::new()), None);
    }

    #[test]
    fn a_copy_in_any_coding_matches_and_is_named_in_the_answer() {
        let etag = HeaderValue::from_static("\"abc\"");
        let answer = |if_none_match: &str| {
            matching_copy(&headers(&[(header::IF_NONE_MATCH, if_none_match)]), &etag)
        };
        assert_eq!(answer("\"abc\""), Some(etag.clone()));
        assert_eq!(
            answer("\"abc-br\""),
            Some(HeaderValue::from_static("\"abc-br\""))
        );
        assert_eq!(
            answer("\"old\", W/\"abc-gzip\""),
            Some(HeaderValue::from_static("\"abc-gzip\""))
        );
        assert_eq!(answer("*"), Some(etag.clone()));
        assert_eq!(answer("\"abc-zstd\""), None, "not a coding Gazette makes");
        assert_eq!(answer("\"abcbr\""), None);
        assert_eq!(answer("\"ab\""), None);
        assert_eq!(etag_in_coding(&etag, ContentCoding::Brotli), "\"abc-br\"");
        assert_eq!(etag_in_coding(&etag, ContentCoding::Gzip), "\"abc-gzip\"");
    }

    #[test]
    fn a_modification_time_is_sent_once_its_second_is_over() {
        let changed: Timestamp = "2024-04-24T10:00:00.75Z".parse().unwrap();
        let same_second: Timestamp = "2024-04-24T10:00:00.99Z".parse().unwrap();
        let next_second: Timestamp = "2024-04-24T10:00:01Z".parse().unwrap();
        assert_eq!(settled(changed, same_second), None);
        assert_eq!(settled(changed, next_second), Some(changed));
    }

    #[test]
    fn accept_encoding_is_named_in_vary_once() {
        let mut map = headers(&[(header::VARY, "Cookie")]);
        vary_by_accept_encoding(&mut map);
        vary_by_accept_encoding(&mut map);
        let vary: Vec<&str> = map
            .get_all(header::VARY)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect();
        assert_eq!(vary, ["Cookie", "accept-encoding"]);
    }
}
