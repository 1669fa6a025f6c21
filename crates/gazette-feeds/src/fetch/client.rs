//! The one outbound HTTP client of Gazette, and a fetch from first request to body.
//!
//! [`FeedClient`] wraps two reqwest clients built once, alike but for the guard's
//! resolver: one refuses non-public addresses, the other serves the sources allowed
//! private ones. Neither follows redirects, uses a proxy or decompresses by itself:
//! [`FeedClient::fetch`] follows redirects one by one (checking each address, noting
//! permanent moves, catching loops), and reads and decompresses the body within the
//! limits, all inside the total timeout. [`FeedClient::fetch_picture`] fetches an item's
//! picture the same way, asking for images and sending no validators.

use super::body::{ACCEPTED_ENCODINGS, read_body};
use super::error::{AddressRefused, ClientSetupError, FetchError, innermost_cause};
use super::guard::{GuardedResolver, LookupFailed, check_url};
use super::limits::FetchLimits;
use super::outcome::{FetchOutcome, FetchedFeed};
use super::request::FetchRequest;
use super::retry_after::parse_retry_after;
use gazette_domain::Timestamp;
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, CONTENT_TYPE, ETAG, HeaderMap, HeaderName, HeaderValue,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use reqwest::{Response, StatusCode};
use std::error::Error;
use std::net::SocketAddr;
use std::sync::Arc;
use url::Url;

/// The `User-Agent` of every request: Gazette and its version.
pub const USER_AGENT: &str = concat!("Gazette/", env!("CARGO_PKG_VERSION"), " (feed fetcher)");

/// The `Accept` of every request: the feed formats first, then any XML or JSON.
const ACCEPTED_TYPES: &str = "application/rss+xml, application/atom+xml, \
    application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, \
    text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/// The `Accept` of a picture's request: the image formats Gazette keeps, then anything (a
/// server may not know what it serves; the bytes are checked, not the type named).
const ACCEPTED_PICTURES: &str = "image/jpeg, image/png, image/webp, image/gif, */*;q=0.1";

/// Gazette's HTTP client for other outlets' feeds. Build it once and share it: it keeps
/// connections open between fetches.
#[derive(Clone, Debug)]
pub struct FeedClient {
    guarded: reqwest::Client,
    open: reqwest::Client,
    limits: FetchLimits,
}

/// Sets up a [`FeedClient`]; [`FeedClient::new`] is enough unless hosts are pinned.
#[derive(Clone, Debug)]
pub struct FeedClientBuilder {
    limits: FetchLimits,
    pinned: Vec<(String, SocketAddr)>,
}

impl FeedClientBuilder {
    /// Sends every request for `host` to `address` instead of looking the name up, the
    /// way a line of `/etc/hosts` would. The operator vouches for a pinned address, so
    /// the guard does not check it; a redirect elsewhere is checked as usual. A port of
    /// 0 means the URL's own port.
    #[must_use]
    pub fn pin_host(mut self, host: &str, address: SocketAddr) -> Self {
        self.pinned.push((host.to_owned(), address));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<FeedClient, ClientSetupError> {
        Ok(FeedClient {
            guarded: self.http_client(false)?,
            open: self.http_client(true)?,
            limits: self.limits,
        })
    }

    fn http_client(
        &self,
        allow_private_addresses: bool,
    ) -> Result<reqwest::Client, ClientSetupError> {
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .no_proxy()
            .connect_timeout(self.limits.connect_timeout)
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private_addresses,
            }));
        for (host, address) in &self.pinned {
            builder = builder.resolve(host, *address);
        }
        builder
            .build()
            .map_err(|error| ClientSetupError(innermost_cause(&error)))
    }
}

/// TLS through rustls with the aws-lc-rs provider and Mozilla's root certificates, as
/// everywhere else in Gazette.
fn tls_config() -> Result<rustls::ClientConfig, ClientSetupError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| ClientSetupError(error.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// How a redirect status moves the feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    /// 301 or 308: the caller should store the new address.
    Permanent,
    /// 302, 303 or 307: follow, but keep the stored address.
    Temporary,
}

fn redirect_move(status: StatusCode) -> Option<Move> {
    match status.as_u16() {
        301 | 308 => Some(Move::Permanent),
        302 | 303 | 307 => Some(Move::Temporary),
        _ => None,
    }
}

impl FeedClient {
    /// A client that keeps to `limits`, with no pinned hosts.
    pub fn new(limits: FetchLimits) -> Result<Self, ClientSetupError> {
        Self::builder(limits).build()
    }

    /// Starts setting up a client that keeps to `limits`.
    pub fn builder(limits: FetchLimits) -> FeedClientBuilder {
        FeedClientBuilder {
            limits,
            pinned: Vec::new(),
        }
    }

    /// The limits every fetch keeps to.
    pub fn limits(&self) -> &FetchLimits {
        &self.limits
    }

    /// Fetches one feed: a conditional GET that follows redirects, all within the
    /// client's limits. Never panics and never takes longer than the total timeout.
    pub async fn fetch(&self, request: &FetchRequest) -> FetchOutcome {
        self.fetch_with(request, request_headers(request)).await
    }

    /// Fetches a picture a feed item links to (at most the client's body limit, which the
    /// caller sets to what it accepts for an image), through the same guard, redirects and
    /// limits as a feed; `allow_private_addresses` is the item's source's setting. The body
    /// is whatever the server sent: whether it is an image is for the caller to check.
    pub async fn fetch_picture(&self, url: &Url, allow_private_addresses: bool) -> FetchOutcome {
        let request = FetchRequest {
            allow_private_addresses,
            ..FetchRequest::new(url.clone())
        };
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPTED_PICTURES));
        headers.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_static(ACCEPTED_ENCODINGS),
        );
        self.fetch_with(&request, headers).await
    }

    /// Fetches `request` with `headers` within the total timeout.
    async fn fetch_with(&self, request: &FetchRequest, headers: HeaderMap) -> FetchOutcome {
        let limit = self.limits.total_timeout;
        match tokio::time::timeout(limit, self.follow_redirects(request, headers)).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(error)) => FetchOutcome::Failed(error),
            Err(_) => FetchOutcome::Failed(FetchError::Timeout { limit }),
        }
    }

    async fn follow_redirects(
        &self,
        request: &FetchRequest,
        headers: HeaderMap,
    ) -> Result<FetchOutcome, FetchError> {
        let client = if request.allow_private_addresses {
            &self.open
        } else {
            &self.guarded
        };
        let mut url = request.url.clone();
        url.set_fragment(None);
        let mut visited = vec![url.clone()];
        let mut permanent_redirect = None;
        let mut moved_for_good = true;
        loop {
            check_url(&url, request.allow_private_addresses)?;
            let host = url.host_str().unwrap_or_default().to_owned();
            let response = client
                .get(url.clone())
                .headers(headers.clone())
                .send()
                .await
                .map_err(|error| self.sending_failed(&error, &host))?;
            let status = response.status();
            let Some(move_kind) = redirect_move(status) else {
                return self.answer(response, url, permanent_redirect, &host).await;
            };
            let next = location(&response, &url).ok_or(FetchError::BadRedirect {
                status: status.as_u16(),
            })?;
            if visited.contains(&next) {
                return Err(FetchError::RedirectLoop {
                    url: next.to_string(),
                });
            }
            if visited.len() > self.limits.max_redirects {
                return Err(FetchError::TooManyRedirects {
                    limit: self.limits.max_redirects,
                });
            }
            moved_for_good &= move_kind == Move::Permanent;
            if moved_for_good {
                permanent_redirect = Some(next.clone());
            }
            visited.push(next.clone());
            url = next;
        }
    }

    /// Turns the answer that ended the redirects into the outcome.
    async fn answer(
        &self,
        mut response: Response,
        final_url: Url,
        permanent_redirect: Option<Url>,
        host: &str,
    ) -> Result<FetchOutcome, FetchError> {
        let status = response.status().as_u16();
        match status {
            304 => Ok(FetchOutcome::NotModified { permanent_redirect }),
            410 => Ok(FetchOutcome::Gone),
            429 | 503 => {
                let at = header_text(response.headers(), &RETRY_AFTER)
                    .and_then(|value| parse_retry_after(&value, Timestamp::now()));
                match at {
                    Some(at) => Ok(FetchOutcome::RetryAfter { status, at }),
                    None => Err(FetchError::Status { status }),
                }
            }
            200..=299 => {
                let headers = response.headers();
                let content_type = header_text(headers, &CONTENT_TYPE);
                let etag = header_text(headers, &ETAG);
                let last_modified = header_text(headers, &LAST_MODIFIED);
                let body = read_body(&mut response, &self.limits, host).await?;
                Ok(FetchOutcome::Fetched(FetchedFeed {
                    final_url,
                    permanent_redirect,
                    status,
                    content_type,
                    etag,
                    last_modified,
                    body,
                }))
            }
            _ => Err(FetchError::Status { status }),
        }
    }

    /// Sorts a request that got no answer: refused by the guard, a name not found, no
    /// connection, or a connection that broke.
    fn sending_failed(&self, error: &reqwest::Error, host: &str) -> FetchError {
        if let Some(refused) = find_cause::<AddressRefused>(error) {
            return FetchError::Refused(refused.clone());
        }
        if let Some(lookup) = find_cause::<LookupFailed>(error) {
            return FetchError::NameNotFound {
                host: lookup.host.clone(),
                reason: lookup.reason.clone(),
            };
        }
        let host = host.to_owned();
        if error.is_connect() && error.is_timeout() {
            FetchError::ConnectTimeout {
                host,
                limit: self.limits.connect_timeout,
            }
        } else if error.is_connect() {
            FetchError::Connect {
                host,
                reason: innermost_cause(error),
            }
        } else {
            FetchError::Interrupted {
                host,
                reason: innermost_cause(error),
            }
        }
    }
}

/// The headers of every request for `request`'s feed: what is accepted, and the
/// validators of the last fetch. A stored validator that is not a valid header value is
/// left out, which costs a full download and nothing else.
fn request_headers(request: &FetchRequest) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(ACCEPTED_TYPES));
    headers.insert(
        ACCEPT_ENCODING,
        HeaderValue::from_static(ACCEPTED_ENCODINGS),
    );
    let validators = [
        (IF_NONE_MATCH, &request.etag),
        (IF_MODIFIED_SINCE, &request.last_modified),
    ];
    for (name, value) in validators {
        if let Some(value) = value
            .as_deref()
            .and_then(|value| HeaderValue::from_str(value).ok())
        {
            headers.insert(name, value);
        }
    }
    headers
}

/// Where a redirect leads, resolved against the address that answered.
fn location(response: &Response, base: &Url) -> Option<Url> {
    let location = header_text(response.headers(), &LOCATION)?;
    let mut next = base.join(location.trim()).ok()?;
    next.set_fragment(None);
    Some(next)
}

/// A header's value as text; bytes that are not UTF-8 become U+FFFD.
fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The first error of type `T` in `error`'s chain of causes.
fn find_cause<'a, T: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(cause) = current {
        if let Some(found) = cause.downcast_ref::<T>() {
            return Some(found);
        }
        current = cause.source();
    }
    None
}
