//! What the caller asks for: one feed's address and what it remembers of the last fetch.

use url::Url;

/// One fetch of one source's feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    /// The feed's address, as stored for the source.
    pub url: Url,
    /// The `ETag` the last successful fetch received, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` the last successful fetch received, sent back unchanged as
    /// `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Whether the source was added with `--allow-private-addresses`: only then may the
    /// feed, or a redirect, lead to a loopback, private or otherwise non-public address.
    pub allow_private_addresses: bool,
}

impl FetchRequest {
    /// A first fetch of `url`: nothing remembered, public addresses only.
    pub fn new(url: Url) -> Self {
        Self {
            url,
            etag: None,
            last_modified: None,
            allow_private_addresses: false,
        }
    }
}
