//! Web addresses that people give us: a commenter's website, the original of a republished
//! story, the site's own public address.
//!
//! Only `http` and `https` addresses with a host are accepted, so that nothing stored can
//! become a `javascript:` or `data:` link.

use url::Url;

/// Why a web address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebAddressError {
    /// The text is not an address at all.
    #[error("this is not a web address; write it like https://example.com/")]
    Malformed,
    /// The address uses a scheme other than http or https.
    #[error("only http:// and https:// addresses are accepted")]
    UnsupportedScheme,
    /// The address has user name or password parts.
    #[error("a web address cannot contain a user name or password")]
    HasCredentials,
}

/// Parses a web address that a reader typed. A missing scheme is taken as `http://`, as
/// WordPress does, so `example.com` becomes `http://example.com/`.
pub fn parse_typed(text: &str) -> Result<Url, WebAddressError> {
    let text = text.trim();
    let has_scheme = text.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let candidate = if has_scheme && !looks_like_host_and_port(text) {
        text.to_owned()
    } else {
        format!("http://{text}")
    };
    parse_absolute(&candidate)
}

/// Parses an absolute http or https address.
pub fn parse_absolute(text: &str) -> Result<Url, WebAddressError> {
    let url = Url::parse(text.trim()).map_err(|_| WebAddressError::Malformed)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(WebAddressError::UnsupportedScheme);
    }
    match url.host_str() {
        Some(host) if !host.is_empty() && !host.contains(' ') => {}
        _ => return Err(WebAddressError::Malformed),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(WebAddressError::HasCredentials);
    }
    Ok(url)
}

/// `example.com:8080/path` parses as a URL with scheme `example.com`; recognise it as a
/// host and port instead.
fn looks_like_host_and_port(text: &str) -> bool {
    text.split_once(':').is_some_and(|(host, rest)| {
        host.contains('.') && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_a_bare_host() {
        assert_eq!(
            parse_typed("example.com").unwrap().as_str(),
            "http://example.com/"
        );
        assert_eq!(
            parse_typed("example.com:8080/x").unwrap().as_str(),
            "http://example.com:8080/x"
        );
        assert_eq!(
            parse_typed("https://example.com/a?b=c").unwrap().as_str(),
            "https://example.com/a?b=c"
        );
    }

    #[test]
    fn refuses_dangerous_and_broken_addresses() {
        assert_eq!(
            parse_typed("javascript:alert(1)"),
            Err(WebAddressError::UnsupportedScheme)
        );
        assert_eq!(
            parse_typed("data:text/html,hi"),
            Err(WebAddressError::UnsupportedScheme)
        );
        assert_eq!(
            parse_typed("ftp://example.com"),
            Err(WebAddressError::UnsupportedScheme)
        );
        assert_eq!(
            parse_typed("http://user:pw@example.com"),
            Err(WebAddressError::HasCredentials)
        );
        assert_eq!(parse_typed("http://"), Err(WebAddressError::Malformed));
        assert_eq!(
            parse_absolute("example.com"),
            Err(WebAddressError::Malformed)
        );
    }
}
