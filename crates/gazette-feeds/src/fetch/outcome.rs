//! What a fetch came to.

use super::error::FetchError;
use gazette_domain::Timestamp;
use sha2::{Digest, Sha256};
use url::Url;

/// What a fetch came to. Every fetch ends in exactly one of these; none is a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The server sent the feed (any 2xx answer). Whether the body is a feed at all is
    /// for the parser to say.
    Fetched(FetchedFeed),
    /// The feed has not changed since the `ETag` or `Last-Modified` the request carried
    /// (304): nothing was transferred.
    NotModified {
        /// Where the feed now lives for good, when a 301 or 308 said so: the caller
        /// stores it in place of the source's address.
        permanent_redirect: Option<Url>,
    },
    /// The feed is gone for good (410): the caller pauses the source.
    Gone,
    /// The server is overloaded or limiting requests (429 or 503) and said when to come
    /// back with `Retry-After`.
    RetryAfter {
        /// The status that came with it: 429 or 503.
        status: u16,
        /// When the server asked to be asked again; never before the answer came.
        at: Timestamp,
    },
    /// The fetch failed; the error says why and whether trying again may help.
    Failed(FetchError),
}

/// A feed as the server sent it, decompressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedFeed {
    /// The address the body came from, after every redirect.
    pub final_url: Url,
    /// Where the feed now lives for good, when a 301 or 308 said so: the caller stores it
    /// in place of the source's address. It is where the permanent redirects at the start
    /// of the chain led; anything after a temporary redirect (302, 303, 307) does not
    /// count, and a chain that starts with one gives `None`.
    pub permanent_redirect: Option<Url>,
    /// The HTTP status, 200 or another 2xx.
    pub status: u16,
    /// The `Content-Type` the server named, as sent; it may well be wrong.
    pub content_type: Option<String>,
    /// The `ETag` to send back next time.
    pub etag: Option<String>,
    /// The `Last-Modified` to send back next time.
    pub last_modified: Option<String>,
    /// The body, decompressed; possibly empty.
    pub body: Vec<u8>,
}

impl FetchedFeed {
    /// What identifies what reading this feed would give: the hex SHA-256 of the address
    /// it came from (relative links resolve against it), its `Content-Type` (the charset
    /// may be named there) and its body, each of the first two after its length so that
    /// no two answers run together. Two answers with the same digest read the same.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.final_url.as_str(),
            self.content_type.as_deref().unwrap_or_default(),
        ] {
            hasher.update(u64::try_from(part.len()).unwrap_or(u64::MAX).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(&self.body);
        hex::encode(hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(url: &str, content_type: Option<&str>, body: &str) -> FetchedFeed {
        FetchedFeed {
            final_url: Url::parse(url).unwrap(),
            permanent_redirect: None,
            status: 200,
            content_type: content_type.map(str::to_owned),
            etag: Some("\"v1\"".to_owned()),
            last_modified: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_digest_changes_with_the_address_the_content_type_and_the_body_only() {
        let first = feed("https://wire.example/feed", Some("text/xml"), "<rss/>");
        let digest = first.digest();
        assert_eq!(digest.len(), 64);
        let same = FetchedFeed {
            etag: Some("\"v2\"".to_owned()),
            status: 203,
            ..first.clone()
        };
        assert_eq!(
            same.digest(),
            digest,
            "validators and status do not change what is read"
        );
        for other in [
            feed("https://wire.example/other", Some("text/xml"), "<rss/>"),
            feed(
                "https://wire.example/feed",
                Some("text/xml; charset=koi8-r"),
                "<rss/>",
            ),
            feed("https://wire.example/feed", None, "<rss/>"),
            feed("https://wire.example/feed", Some("text/xml"), "<rss />"),
        ] {
            assert_ne!(other.digest(), digest);
        }
        assert_ne!(
            feed("https://wire.example/feed", Some("text/xm"), "l<rss/>").digest(),
            feed("https://wire.example/feed", Some("text/xml"), "<rss/>").digest(),
            "the parts are kept apart"
        );
    }
}
