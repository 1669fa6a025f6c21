//! The headers every response carries to keep browsers strict, whatever answered: pages,
//! feeds, files, redirects and errors alike. A response that sets one of them itself (a
//! media file's stricter policy) keeps its own.
//!
//! - `Content-Security-Policy`: the site's own scripts, styles, fonts and forms only;
//!   images from anywhere on `https` (articles show other sites' pictures); no plugins, no
//!   `<base>` elsewhere, no framing by other sites. No `unsafe-inline`: themes keep scripts
//!   and styles in files.
//! - `X-Content-Type-Options: nosniff`: a response is what its type says.
//! - `Referrer-Policy: strict-origin-when-cross-origin`: other sites learn only which site
//!   a reader came from, never the page.
//! - `X-Frame-Options: SAMEORIGIN`: `frame-ancestors` for browsers that predate it.
//! - `Permissions-Policy`: no camera, microphone, location, payment or USB, which a news
//!   page never needs, for the page or anything it embeds.
//! - `Cross-Origin-Opener-Policy: same-origin`: a page opened from another site shares no
//!   window with it.
//! - `Strict-Transport-Security` (a year), only when the site's address (the `site_url`
//!   setting) is `https`: browsers then never ask for it over plain HTTP again.
//! - `X-Robots-Tag: noindex` while the site discourages search engines: pages say so in
//!   their HTML, and this says it for feeds, images and everything else crawlers fetch.
//!
//! The two settings are read again at most once a minute, so a change reaches every
//! process soon after.

use crate::state::WebState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use gazette_app::App;
use gazette_domain::Timestamp;
use std::sync::{Mutex, PoisonError};

/// The content security policy of every page: nothing runs or loads from elsewhere except
/// images in articles.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/// The headers set on every response that does not set them itself.
static HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// A year, and every subdomain left to its own choice.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// How long the settings the headers depend on, once read, are believed.
const SETTINGS_CHECK_SECONDS: i64 = 60;

/// Adds the security headers to the response to `request`.
pub(crate) async fn add_security_headers(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let site = state.site_policy.current(&state.app).await;
    let headers = response.headers_mut();
    for (name, value) in &HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), HeaderValue::from_static(value));
        }
    }
    if site.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    if site.discourage_search_engines {
        headers.insert(
            HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex"),
        );
    }
    response
}

/// The settings the headers depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderSettings {
    /// Whether the site's address is `https`.
    pub https: bool,
    /// Whether search engines are asked not to index the site.
    pub discourage_search_engines: bool,
}

/// The settings the headers depend on, as last read.
#[derive(Debug, Default)]
pub struct SitePolicy {
    /// When they were last read, and what was found.
    known: Mutex<Option<(Timestamp, HeaderSettings)>>,
}

impl SitePolicy {
    /// The settings the headers depend on, read again when the last reading is more than
    /// a minute old. When they cannot be read, the last reading stands (no reading: plain
    /// HTTP, search engines welcome).
    pub async fn current(&self, app: &App) -> HeaderSettings {
        let now = app.clock().now();
        let known = *self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((read_at, settings)) = known
            && now < read_at.plus_seconds(SETTINGS_CHECK_SECONDS)
        {
            return settings;
        }
        match app.site_settings().await {
            Ok(settings) => {
                let read = HeaderSettings {
                    https: settings.site_url.starts_with("https://"),
                    discourage_search_engines: settings.discourage_search_engines,
                };
                *self.known.lock().unwrap_or_else(PoisonError::into_inner) = Some((now, read));
                read
            }
            Err(error) => {
                tracing::warn!(%error, "cannot read the site's settings to decide on Strict-Transport-Security and X-Robots-Tag");
                known.map(|(_, settings)| settings).unwrap_or_default()
            }
        }
    }
}
