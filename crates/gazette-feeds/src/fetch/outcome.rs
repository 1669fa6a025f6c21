//! What a fetch came to.

use super::error::FetchError;
use gazette_domain::Timestamp;
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
