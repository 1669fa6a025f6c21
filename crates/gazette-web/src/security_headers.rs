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
//!   setting) is `https`: browsers then never ask for it over plain HTTP again. The setting
//!   is read again at most once a minute, so a change reaches every process soon after.

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

/// How long the site's scheme, once read, is believed.
const SCHEME_CHECK_SECONDS: i64 = 60;

/// Adds the security headers to the response to `request`.
pub(crate) async fn add_security_headers(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let https = state.site_scheme.is_https(&state.app).await;
    let headers = response.headers_mut();
    for (name, value) in &HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), HeaderValue::from_static(value));
        }
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}

/// Whether the site's address is `https`, as last read from its settings.
#[derive(Debug, Default)]
pub struct SiteScheme {
    /// When it was last read, and what was found.
    known: Mutex<Option<(Timestamp, bool)>>,
}

impl SiteScheme {
    /// Whether the site is served over `https`, reading the settings again when the last
    /// reading is more than a minute old. When they cannot be read, the last reading
    /// stands (no reading: not `https`).
    pub async fn is_https(&self, app: &App) -> bool {
        let now = app.clock().now();
        let known = *self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((read_at, https)) = known
            && now < read_at.plus_seconds(SCHEME_CHECK_SECONDS)
        {
            return https;
        }
        match app.site_settings().await {
            Ok(settings) => {
                let https = settings.site_url.starts_with("https://");
                *self.known.lock().unwrap_or_else(PoisonError::into_inner) = Some((now, https));
                https
            }
            Err(error) => {
                tracing::warn!(%error, "cannot read the site's address to decide on Strict-Transport-Security");
                known.is_some_and(|(_, https)| https)
            }
        }
    }
}
