//! Compressed responses: brotli and gzip, chosen from the request's `Accept-Encoding`
//! (`negotiation`).
//!
//! What is compressed: bodies of a textual type (HTML, CSS, JavaScript, feeds, JSON, XML,
//! SVG) of at least [`MIN_BYTES`]. Images, fonts and other files that are compressed
//! already go out as they are, and so do `304` and `HEAD` answers, which carry no body.
//! Every response of a textual type says `Vary: Accept-Encoding`, compressed or not.
//!
//! Where the work happens (the `layer` middleware decides for every response):
//! - Pages from the page cache keep their compressed forms beside their HTML, made by the
//!   first request that asks for each coding at that content version, so a cached page
//!   costs no compression per request. A page whose comment form gets a token per response
//!   is kept in two compressed pieces that each response joins around its token
//!   ([`Compressed`]; see `gzip` and `brotli` for why the joined streams are valid).
//! - The theme's static files are compressed once each, as thoroughly as the codings
//!   allow: `gazette serve` compresses them all as it starts, off the threads that serve
//!   (elsewhere, as in tests, the first request for a file and coding does).
//! - Everything else (feeds, search pages, error pages, the desk) is compressed for each
//!   response at a fast level.

mod brotli;
mod gzip;
mod layer;
mod negotiation;

pub(crate) use layer::{Precompressed, compress_responses};
pub use negotiation::{ContentCoding, negotiate};

use axum::http::HeaderValue;
use bytes::Bytes;
use std::io;

/// Bodies smaller than this go out as they are: they fit in a packet or two either way.
pub const MIN_BYTES: usize = 1024;

/// How much work compressing may take, by how many responses the result serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// One response, made while the reader waits: a fast level.
    OneResponse,
    /// A cached page, made by the first request for it at a content version and sent
    /// until anything on the site changes.
    CachedPage,
    /// A theme file, made once when the server starts.
    ThemeFile,
}

/// The levels, measured on a 15 kB page on a busy two-core machine: gzip 6 takes 0.26 ms,
/// gzip 9 0.43 ms for a quarter of a percent less; brotli 4 takes 0.6 ms and comes out as
/// small as gzip, brotli 6 takes 0.7 ms for 6 % less, brotli 11 takes 35 ms for 13 % less
/// again. Brotli's qualities 7 to 10 cost two to thirty times what 6 does for almost nothing.
impl Effort {
    fn gzip_level(self) -> u32 {
        match self {
            Self::OneResponse => 6,
            Self::CachedPage | Self::ThemeFile => 9,
        }
    }

    fn brotli_quality(self) -> u32 {
        match self {
            Self::OneResponse => 4,
            Self::CachedPage => 6,
            Self::ThemeFile => 11,
        }
    }
}

/// Whether bodies of `content_type` are worth compressing.
pub fn is_compressible(content_type: &HeaderValue) -> bool {
    let Ok(content_type) = content_type.to_str() else {
        return false;
    };
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = media_type.split_once('/') else {
        return false;
    };
    let is = |name: &str| subtype.eq_ignore_ascii_case(name);
    let has_suffix = |suffix: &str| {
        subtype.len() > suffix.len()
            && subtype
                .get(subtype.len() - suffix.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
    };
    if kind.eq_ignore_ascii_case("text") {
        // A stream of events must reach the reader event by event.
        !is("event-stream")
    } else if kind.eq_ignore_ascii_case("application") {
        is("json") || is("javascript") || is("xml") || has_suffix("+xml") || has_suffix("+json")
    } else if kind.eq_ignore_ascii_case("image") {
        is("svg+xml")
    } else {
        false
    }
}

/// `data` compressed with `coding`.
pub fn compress(coding: ContentCoding, effort: Effort, data: &[u8]) -> io::Result<Bytes> {
    let compressed = match coding {
        ContentCoding::Brotli => brotli::compress(data, effort.brotli_quality())?,
        ContentCoding::Gzip => gzip::compress(data, effort.gzip_level())?,
    };
    Ok(Bytes::from(compressed))
}

/// A body compressed once to be sent many times: whole, or, when each response puts its
/// own bytes at one place in it (the comment form's token), in two pieces to be joined
/// around them.
#[derive(Debug)]
pub enum Compressed {
    /// The whole body.
    Whole(Bytes),
    /// gzip in two pieces.
    GzipAroundGap(gzip::AroundGap),
    /// Brotli in two pieces.
    BrotliAroundGap(brotli::AroundGap),
}

impl Compressed {
    /// Compresses `body`, in two pieces around `gap_at` when it is given.
    pub fn new(
        coding: ContentCoding,
        effort: Effort,
        body: &[u8],
        gap_at: Option<usize>,
    ) -> io::Result<Self> {
        let Some(at) = gap_at.filter(|at| *at <= body.len()) else {
            return compress(coding, effort, body).map(Self::Whole);
        };
        let (before, after) = body.split_at(at);
        Ok(match coding {
            ContentCoding::Brotli => Self::BrotliAroundGap(brotli::AroundGap::new(
                before,
                after,
                effort.brotli_quality(),
            )?),
            ContentCoding::Gzip => {
                Self::GzipAroundGap(gzip::AroundGap::new(before, after, effort.gzip_level())?)
            }
        })
    }

    /// The compressed body with `gap` in its place (a whole body has no place for one).
    pub fn with_gap(&self, gap: &[u8]) -> io::Result<Bytes> {
        match self {
            Self::Whole(bytes) => Ok(bytes.clone()),
            Self::GzipAroundGap(pieces) => Ok(pieces.filled(gap)),
            Self::BrotliAroundGap(pieces) => pieces.filled(gap),
        }
    }

    /// The bytes kept.
    pub fn kept_bytes(&self) -> usize {
        match self {
            Self::Whole(bytes) => bytes.len(),
            Self::GzipAroundGap(pieces) => pieces.kept_bytes(),
            Self::BrotliAroundGap(pieces) => pieces.kept_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textual_types_are_compressed_and_others_not() {
        for compressible in [
            "text/html; charset=utf-8",
            "text/css; charset=utf-8",
            "text/javascript; charset=utf-8",
            "application/json",
            "application/rss+xml; charset=utf-8",
            "application/atom+xml",
            "application/feed+json",
            "application/xml",
            "image/svg+xml",
            "TEXT/PLAIN",
        ] {
            assert!(
                is_compressible(&HeaderValue::from_static(compressible)),
                "{compressible}"
            );
        }
        for incompressible in [
            "image/jpeg",
            "image/png",
            "image/webp",
            "font/woff2",
            "application/octet-stream",
            "application/zip",
            "text/event-stream",
            "nonsense",
        ] {
            assert!(
                !is_compressible(&HeaderValue::from_static(incompressible)),
                "{incompressible}"
            );
        }
    }
}
