//! Reading a response's body within the size limits, and decompressing it.
//!
//! The body is read as it arrives and refused as soon as it passes the body limit (at
//! once when its `Content-Length` already says so). A compressed body is then
//! decompressed with its output bounded by the decompressed limit, so a small gzip bomb
//! stops at that limit instead of filling memory.

use super::error::{FetchError, innermost_cause};
use super::limits::FetchLimits;
use reqwest::Response;
use reqwest::header::CONTENT_ENCODING;
use std::io::Read;

/// The `Accept-Encoding` every request sends: the encodings [`read_body`] can undo.
pub(crate) const ACCEPTED_ENCODINGS: &str = "gzip, deflate, br";

/// How a body was compressed, from its `Content-Encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Deflate,
    Brotli,
}

impl Encoding {
    /// Reads a `Content-Encoding` value. Only one compression is undone; a chain of them
    /// or an unknown one is refused.
    fn from_header(value: &str) -> Result<Self, FetchError> {
        let mut codings = value
            .split(',')
            .map(|coding| coding.trim().to_ascii_lowercase())
            .filter(|coding| !coding.is_empty() && coding != "identity");
        let encoding = match (codings.next().as_deref(), codings.next()) {
            (None, _) => Self::Identity,
            (Some("gzip" | "x-gzip"), None) => Self::Gzip,
            (Some("deflate"), None) => Self::Deflate,
            (Some("br"), None) => Self::Brotli,
            _ => {
                return Err(FetchError::UnsupportedEncoding {
                    encoding: value.trim().to_owned(),
                });
            }
        };
        Ok(encoding)
    }

    fn name(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Gzip => "gzip",
            Self::Deflate => "deflate",
            Self::Brotli => "br",
        }
    }
}

/// Reads the whole body of `response` within `limits` and undoes its compression.
/// `host` names the server in an error when the connection breaks.
pub(crate) async fn read_body(
    response: &mut Response,
    limits: &FetchLimits,
    host: &str,
) -> Result<Vec<u8>, FetchError> {
    let encoding = match response.headers().get(CONTENT_ENCODING) {
        Some(value) => Encoding::from_header(&String::from_utf8_lossy(value.as_bytes()))?,
        None => Encoding::Identity,
    };
    let too_large = || FetchError::BodyTooLarge {
        limit: limits.max_body_bytes,
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > limits.max_body_bytes {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| FetchError::Interrupted {
            host: host.to_owned(),
            reason: innermost_cause(&error),
        })?
    {
        if (body.len() + chunk.len()) as u64 > limits.max_body_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    if encoding == Encoding::Identity {
        return Ok(body);
    }
    let limit = limits.max_decompressed_bytes;
    tokio::task::spawn_blocking(move || decompress(&body, encoding, limit))
        .await
        .map_err(|error| FetchError::Corrupt {
            encoding: encoding.name().to_owned(),
            reason: error.to_string(),
        })?
}

/// Undoes `encoding` on `compressed`, refusing output longer than `limit` bytes.
fn decompress(compressed: &[u8], encoding: Encoding, limit: u64) -> Result<Vec<u8>, FetchError> {
    let decoder: Box<dyn Read + '_> = match encoding {
        Encoding::Identity => Box::new(compressed),
        Encoding::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(compressed)),
        // The HTTP `deflate` coding is zlib-wrapped, but some servers send the bare
        // deflate stream: a zlib header's first two bytes are a multiple of 31.
        Encoding::Deflate if has_zlib_header(compressed) => {
            Box::new(flate2::bufread::ZlibDecoder::new(compressed))
        }
        Encoding::Deflate => Box::new(flate2::bufread::DeflateDecoder::new(compressed)),
        Encoding::Brotli => Box::new(brotli_decompressor::Decompressor::new(compressed, 4096)),
    };
    let mut output = Vec::new();
    decoder
        .take(limit.saturating_add(1))
        .read_to_end(&mut output)
        .map_err(|error| FetchError::Corrupt {
            encoding: encoding.name().to_owned(),
            reason: error.to_string(),
        })?;
    if output.len() as u64 > limit {
        return Err(FetchError::DecompressedTooLarge { limit });
    }
    Ok(output)
}

fn has_zlib_header(bytes: &[u8]) -> bool {
    match bytes {
        [first, second, ..] => {
            first & 0x0f == 8 && (u16::from(*first) << 8 | u16::from(*second)) % 31 == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const FEED: &[u8] = b"<rss version=\"2.0\"><channel><title>Wire</title></channel></rss>";

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn raw_deflate(bytes: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn brotli(bytes: &[u8]) -> Vec<u8> {
        let mut output = Vec::new();
        let mut encoder = brotli::CompressorWriter::new(&mut output, 4096, 9, 22);
        encoder.write_all(bytes).unwrap();
        drop(encoder);
        output
    }

    #[test]
    fn every_accepted_encoding_is_undone() {
        for (encoding, compressed) in [
            (Encoding::Gzip, gzip(FEED)),
            (Encoding::Deflate, zlib(FEED)),
            (Encoding::Deflate, raw_deflate(FEED)),
            (Encoding::Brotli, brotli(FEED)),
        ] {
            assert_eq!(decompress(&compressed, encoding, 1024).unwrap(), FEED);
        }
    }

    #[test]
    fn concatenated_gzip_members_are_all_read() {
        let mut compressed = gzip(b"<rss>");
        compressed.extend(gzip(b"</rss>"));
        assert_eq!(
            decompress(&compressed, Encoding::Gzip, 1024).unwrap(),
            b"<rss></rss>"
        );
    }

    #[test]
    fn output_past_the_limit_is_refused_in_every_encoding() {
        let zeros = vec![0_u8; 1024 * 1024];
        for (encoding, compressed) in [
            (Encoding::Gzip, gzip(&zeros)),
            (Encoding::Deflate, zlib(&zeros)),
            (Encoding::Brotli, brotli(&zeros)),
        ] {
            assert!(
                compressed.len() < 8 * 1024,
                "{encoding:?} compresses zeros well"
            );
            assert_eq!(
                decompress(&compressed, encoding, 64 * 1024),
                Err(FetchError::DecompressedTooLarge { limit: 64 * 1024 })
            );
            assert_eq!(
                decompress(&compressed, encoding, 1024 * 1024)
                    .unwrap()
                    .len(),
                1024 * 1024,
                "exactly the limit is allowed"
            );
        }
    }

    #[test]
    fn damaged_data_is_reported_with_its_encoding() {
        let mut truncated = gzip(FEED);
        truncated.truncate(truncated.len() / 2);
        for (encoding, damaged) in [
            (Encoding::Gzip, truncated),
            (Encoding::Gzip, FEED.to_vec()),
            (Encoding::Brotli, FEED.to_vec()),
        ] {
            let error = decompress(&damaged, encoding, 1024).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("the body is not valid {} data", encoding.name())),
                "{error}"
            );
        }
    }

    #[test]
    fn content_encodings_are_read_leniently_and_chains_refused() {
        assert_eq!(Encoding::from_header("gzip").unwrap(), Encoding::Gzip);
        assert_eq!(Encoding::from_header(" X-GZIP ").unwrap(), Encoding::Gzip);
        assert_eq!(
            Encoding::from_header("identity, br").unwrap(),
            Encoding::Brotli
        );
        assert_eq!(Encoding::from_header("deflate").unwrap(), Encoding::Deflate);
        assert_eq!(Encoding::from_header("").unwrap(), Encoding::Identity);
        assert_eq!(
            Encoding::from_header("gzip, br").unwrap_err().to_string(),
            "the server sent the body encoded as gzip, br, which Gazette cannot read"
        );
        assert!(Encoding::from_header("zstd").is_err());
    }

    #[test]
    fn zlib_headers_are_told_from_bare_deflate() {
        assert!(has_zlib_header(&zlib(FEED)));
        assert!(!has_zlib_header(&raw_deflate(FEED)));
        assert!(!has_zlib_header(b"x"));
    }
}
