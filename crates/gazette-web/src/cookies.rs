//! Reading and writing cookies, for the few Gazette sets.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of the cookie `name` in the request, if it was sent.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// A `Set-Cookie` value for a cookie only the server reads, kept for `max_age_seconds`.
/// `value` must be cookie-safe (Gazette's are base64url and dots).
pub fn server_only(name: &str, value: &str, max_age_seconds: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; theme=dark"));
        headers.append(header::COOKIE, HeaderValue::from_static("pending=\"x.y\""));
        assert_eq!(read(&headers, "theme"), Some("dark"));
        assert_eq!(read(&headers, "pending"), Some("x.y"));
        assert_eq!(read(&headers, "missing"), None);
    }

    #[test]
    fn builds_a_locked_down_cookie() {
        let value = server_only("pending", "abc.def", 60, true);
        assert_eq!(
            value.to_str().unwrap(),
            "pending=abc.def; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
    }
}
