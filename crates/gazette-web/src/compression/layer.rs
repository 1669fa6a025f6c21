//! The middleware that compresses every response worth compressing, in the coding the
//! request negotiates.
//!
//! A handler that keeps compressed forms of its body (a cached page, a theme file) says so
//! with a [`Precompressed`] extension on its response, and the middleware sends the kept
//! form; any other body of a textual type is compressed here, for this response. A
//! compressed response's entity tag gets the coding's suffix (`"…-br"`), since its bytes
//! differ from the identity response's; `responses::matching_copy` accepts any coding's
//! tag as a copy of the same content.

use super::{ContentCoding, Effort, MIN_BYTES, compress, is_compressible, negotiate};
use crate::page_cache::CachedPage;
use crate::responses::{etag_in_coding, vary_by_accept_encoding};
use crate::state::WebState;
use crate::static_files::StaticFile;
use axum::body::{Body, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use std::io;
use std::sync::Arc;

/// Bodies up to this size are compressed on the thread that answers; larger ones (a long
/// feed in full text) on the blocking pool, so that they hold up no other request.
const COMPRESSED_IN_PLACE_BYTES: usize = 64 * 1024;

/// Compressed forms a response's body keeps, for the middleware to send instead of
/// compressing the body again.
#[derive(Clone, Debug)]
pub(crate) enum Precompressed {
    /// A page from the page cache, and the comment form token this copy of it carries.
    Page {
        page: Arc<CachedPage>,
        token: Option<String>,
    },
    /// A theme file, whose compressed forms are made once.
    ThemeFile(Arc<StaticFile>),
}

impl Precompressed {
    /// The body compressed with `coding`, or `None` when this body has no such form.
    async fn body(&self, coding: ContentCoding, state: &WebState) -> io::Result<Option<Bytes>> {
        match self {
            Self::Page { page, token } => {
                let (form, made_now) = page.compressed(coding).await?;
                if made_now {
                    // The cache that keeps the page counts its new form; the other one
                    // does not hold this page and counts nothing.
                    state.pages.charge(page, form.kept_bytes());
                    state.searches.charge(page, form.kept_bytes());
                }
                let gap = token.as_deref().unwrap_or_default();
                form.with_gap(gap.as_bytes()).map(Some)
            }
            Self::ThemeFile(file) => Ok(file.compressed(coding).await),
        }
    }
}

/// Compresses the response to `request` when its body is worth it and the client accepts
/// a coding.
pub(crate) async fn compress_responses(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    // A `HEAD` answer has no body to compress: it describes the identity response.
    let coding = if request.method() == Method::HEAD {
        None
    } else {
        negotiate(request.headers())
    };
    let mut response = next.run(request).await;
    let kept = response.extensions_mut().remove::<Precompressed>();
    let compressible = !response.headers().contains_key(header::CONTENT_ENCODING)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(is_compressible);
    if !compressible {
        return response;
    }
    vary_by_accept_encoding(response.headers_mut());
    let status = response.status();
    let Some(coding) = coding.filter(|_| status != StatusCode::NO_CONTENT) else {
        return response;
    };
    let length = response.body().size_hint().exact();
    if length.is_none_or(|length| length < MIN_BYTES as u64) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(identity) = axum::body::to_bytes(body, usize::MAX).await else {
        tracing::error!("a response body could not be read for compression");
        return Response::from_parts(parts, Body::empty());
    };
    let compressed = match &kept {
        Some(kept) => kept.body(coding, &state).await,
        None => compress_for_one_response(coding, &identity).await.map(Some),
    };
    let mut response = Response::from_parts(parts, Body::empty());
    match compressed {
        Ok(Some(compressed)) if compressed.len() < identity.len() => {
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(coding.name()),
            );
            headers.remove(header::CONTENT_LENGTH);
            if let Some(etag) = headers.get(header::ETAG) {
                let tagged = etag_in_coding(etag, coding);
                headers.insert(header::ETAG, tagged);
            }
            *response.body_mut() = Body::from(compressed);
        }
        Ok(_) => *response.body_mut() = Body::from(identity),
        Err(error) => {
            tracing::warn!(%error, coding = coding.name(), "compressing a response failed; sending it as it is");
            *response.body_mut() = Body::from(identity);
        }
    }
    response
}

/// `body` compressed at the level for one response, on the blocking pool when it is long.
async fn compress_for_one_response(coding: ContentCoding, body: &Bytes) -> io::Result<Bytes> {
    if body.len() <= COMPRESSED_IN_PLACE_BYTES {
        return compress(coding, Effort::OneResponse, body);
    }
    let body = body.clone();
    tokio::task::spawn_blocking(move || compress(coding, Effort::OneResponse, &body))
        .await
        .map_err(io::Error::other)?
}
