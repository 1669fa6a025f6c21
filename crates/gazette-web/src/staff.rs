//! Who is signed in, for the desk: the `Staff` extractor reads the session cookie, and
//! refuses anonymous visitors — a page request is sent to the sign-in page (302), an API
//! call gets 401. `same_origin` and the session's CSRF token guard every state-changing
//! request.

use crate::cookies;
use crate::error::WebError;
use crate::state::WebState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_app::{AppError, SESSION_DAYS, SignedIn};
use gazette_domain::{Actor, Capability, User};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "gazette_session";

/// A signed-in member of staff.
#[derive(Clone, Debug)]
pub struct Staff(pub SignedIn);

/// Why a desk request has no signed-in user.
#[derive(Debug)]
pub enum StaffRejection {
    /// A page: go and sign in, then come back to `next`.
    SignIn {
        /// Where to return after signing in.
        next: String,
    },
    /// An API call: 401.
    Unauthorized,
    /// The session could not be read.
    Failed(WebError),
}

impl IntoResponse for StaffRejection {
    fn into_response(self) -> Response {
        match self {
            Self::SignIn { next } => {
                let target = format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                let mut response = StatusCode::FOUND.into_response();
                if let Ok(value) = HeaderValue::from_str(&target) {
                    response.headers_mut().insert(header::LOCATION, value);
                }
                response
            }
            Self::Unauthorized => {
                let body = r#"{"error":{"code":"unauthorized","message":"Sign in first: this needs a session."}}"#;
                let mut response = (StatusCode::UNAUTHORIZED, body).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            Self::Failed(error) => error.into_response(),
        }
    }
}

/// Whether a request wants JSON rather than a page.
fn wants_json(parts: &Parts) -> bool {
    parts.uri.path().starts_with("/desk/api/")
        || parts
            .headers
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| {
                accept.contains("application/json") && !accept.contains("text/html")
            })
}

impl FromRequestParts<WebState> for Staff {
    type Rejection = StaffRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let refuse = || {
            if wants_json(parts) {
                StaffRejection::Unauthorized
            } else {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/desk/", |path| path.as_str())
                    .to_owned();
                StaffRejection::SignIn { next }
            }
        };
        let Some(secret) = cookies::read(&parts.headers, SESSION_COOKIE) else {
            return Err(refuse());
        };
        match state.app.signed_in(secret).await {
            Ok(Some(signed_in)) => Ok(Self(signed_in)),
            Ok(None) => Err(refuse()),
            Err(error) => Err(StaffRejection::Failed(WebError::from(error))),
        }
    }
}

/// Refuses a state-changing request that another site made the browser send: the browser's
/// `Sec-Fetch-Site` must say same-origin (or a typed address), and an `Origin` header must
/// name this host.
pub fn same_origin(headers: &HeaderMap) -> Result<(), WebError> {
    let cross_site = || {
        WebError::from(AppError::Forbidden(
            "This request came from another site, so it was refused. Use the form on this site."
                .to_owned(),
        ))
    };
    if let Some(site) = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(cross_site());
    }
    if let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    {
        let host = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
        if origin == "null" || host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
            return Err(cross_site());
        }
    }
    Ok(())
}

/// The member of staff signed in on the browser that sent a public form, if any: only with
/// a live session, and only for a request that came from this site, so that another site
/// cannot make a signed-in editor's browser post in their name. Anyone else is a reader.
pub async fn signed_in_poster(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<Option<User>, WebError> {
    let Some(secret) = cookies::read(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if same_origin(headers).is_err() {
        return Ok(None);
    }
    Ok(state
        .app
        .signed_in(secret)
        .await?
        .map(|signed_in| signed_in.user))
}

/// The header scripts send the session's CSRF token in (read from the page's
/// `<meta name="csrf-token">`).
pub const CSRF_HEADER: &str = "x-csrf-token";

impl Staff {
    /// Refuses the request unless the signed-in user's role has `capability`: a 403 page
    /// (or JSON) that says who may.
    pub fn require(&self, capability: Capability) -> Result<(), WebError> {
        gazette_domain::permissions::check(self.0.user.role, capability)
            .map_err(|denied| WebError::from(AppError::Forbidden(denied.message)))
    }

    /// The signed-in user as the domain's permission checks know them.
    pub fn actor(&self) -> Actor {
        Actor::from(&self.0.user)
    }
}

/// Checks a desk form: same origin, and the session's CSRF token from the form's `csrf`
/// field or, for scripts, the `X-CSRF-Token` header.
pub fn check_form(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    token: Option<&str>,
) -> Result<(), WebError> {
    same_origin(headers)?;
    let token = token.or_else(|| {
        headers
            .get(CSRF_HEADER)
            .and_then(|value| value.to_str().ok())
    });
    if token.is_some_and(|token| state.app.csrf_token_matches(&staff.0, token)) {
        Ok(())
    } else {
        Err(WebError::from(AppError::Forbidden(
            "This form is out of date or did not come from this site. Reload the page and try again."
                .to_owned(),
        )))
    }
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(secret: &str, secure: bool) -> HeaderValue {
    let seconds = u64::try_from(SESSION_DAYS * 86_400).unwrap_or(0);
    cookies::server_only(SESSION_COOKIE, secret, seconds, secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn ended_session_cookie(secure: bool) -> HeaderValue {
    cookies::server_only(SESSION_COOKIE, "", 0, secure)
}
