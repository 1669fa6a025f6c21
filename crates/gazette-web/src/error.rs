//! The one place where errors become responses.
//!
//! Handlers return [`WebError`]. Turning it into a response only records what went wrong
//! (an [`ErrorDetails`] extension on an empty response); the [`render_errors`] middleware
//! then writes the body: the theme's `error.html`, or `{"error":{"code","message"}}` when
//! the client asked for JSON. Internal errors are logged here, once, and described to the
//! client only in general terms.

use crate::cache_policy;
use crate::state::WebState;
use crate::views::{ErrorPage, ErrorView, SiteView};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gazette_app::AppError;

/// Why a request failed.
#[derive(Debug)]
pub enum WebError {
    /// A use case refused or failed. `kept_text` is what the reader typed, shown back so
    /// that nothing is lost.
    App {
        /// The use case's error.
        error: AppError,
        /// Text to hand back to the reader.
        kept_text: Option<String>,
    },
    /// The request body is larger than the configured limit.
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The form was not sent as `application/x-www-form-urlencoded`.
    UnsupportedMediaType,
    /// No page lives at this address.
    NoSuchPage,
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        Self::App {
            error,
            kept_text: None,
        }
    }
}

/// What the error page or JSON body says.
#[derive(Clone, Debug)]
pub(crate) struct ErrorDetails {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: &'static str,
    pub message: String,
    pub kept_text: Option<String>,
}

impl WebError {
    fn details(self) -> ErrorDetails {
        let (status, code, title, message, kept_text) = match self {
            Self::App { error, kept_text } => {
                let (status, title) = match &error {
                    AppError::NotFound(_) => (StatusCode::NOT_FOUND, "Page not found"),
                    AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed"),
                    AppError::Conflict(_) => (StatusCode::CONFLICT, "Already there"),
                    AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "Too many requests"),
                    AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Please check what you entered"),
                    AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "Temporarily unavailable"),
                    AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong"),
                };
                let message = match &error {
                    AppError::Internal(source) => {
                        tracing::error!(error = %source, details = ?source, "internal error while handling a request");
                        "An error on our side stopped this page. It has been logged; please try again in a moment.".to_owned()
                    }
                    AppError::Unavailable(reason) => {
                        tracing::error!(%reason, "a request failed because a dependency is unavailable");
                        "The site cannot answer right now. Please try again in a moment.".to_owned()
                    }
                    other => other.to_string(),
                };
                (status, error.code(), title, message, kept_text)
            }
            Self::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Too much to send",
                format!(
                    "What you sent is larger than this site accepts ({} KiB at most). Use your browser's Back button to return to the form, shorten what you wrote, and send it again.",
                    limit / 1024
                ),
                None,
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported form",
                "This address accepts only ordinary HTML form submissions (application/x-www-form-urlencoded).".to_owned(),
                None,
            ),
            Self::NoSuchPage => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Page not found",
                "There is nothing at this address. It may have moved, or the link may be mistyped.".to_owned(),
                None,
            ),
        };
        ErrorDetails {
            status,
            code,
            title,
            message,
            kept_text,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let details = self.details();
        let mut response = details.status.into_response();
        response.extensions_mut().insert(details);
        response
    }
}

/// Router fallback: nothing matched the address.
pub(crate) async fn no_such_page() -> WebError {
    WebError::NoSuchPage
}

/// Writes the body of every error response.
pub(crate) async fn render_errors(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    let wants_json = prefers_json(request.headers());
    let mut response = next.run(request).await;
    let details = match response.extensions_mut().remove::<ErrorDetails>() {
        Some(details) => details,
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED
            && !response.headers().contains_key(header::CONTENT_TYPE) =>
        {
            ErrorDetails {
                status: StatusCode::METHOD_NOT_ALLOWED,
                code: "method_not_allowed",
                title: "Method not allowed",
                message: "This address does not accept that kind of request.".to_owned(),
                kept_text: None,
            }
        }
        None => return response,
    };
    let kept_headers = response.headers().clone();
    let mut rendered = if wants_json {
        json_body(&details)
    } else {
        html_body(&state, &details).await
    };
    *rendered.status_mut() = details.status;
    for (name, value) in &kept_headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_policy::ERROR),
    );
    rendered
}

fn json_body(details: &ErrorDetails) -> Response {
    let body = serde_json::json!({ "error": { "code": details.code, "message": details.message } });
    axum::Json(body).into_response()
}

async fn html_body(state: &WebState, details: &ErrorDetails) -> Response {
    let settings = state.app.site_settings().await.unwrap_or_default();
    let page = ErrorPage {
        site: SiteView::new(&settings, state.app.clock().now()),
        error: ErrorView {
            status: details.status.as_u16(),
            title: details.title,
            message: &details.message,
            kept_text: details.kept_text.as_deref(),
        },
    };
    match state.theme.render("error.html", &page) {
        Ok(html) => crate::responses::html(html),
        Err(error) => {
            tracing::error!(%error, "the theme's error page failed to render");
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("{}\n\n{}\n", details.title, details.message),
            )
                .into_response()
        }
    }
}

/// Whether the client prefers JSON to HTML (`Accept: application/json` without HTML).
fn prefers_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json") && !accept.contains("text/html"))
}
