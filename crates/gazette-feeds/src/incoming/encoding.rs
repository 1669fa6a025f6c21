//! Deciding a feed's character encoding and reading it as UTF-8.
//!
//! The clues are weighed in this order: a byte-order mark; the pattern of zero bytes that
//! UTF-16 and UTF-32 leave at the start of a document without one; the `charset` of the
//! HTTP Content-Type header (which XML media types put above the document's own word);
//! the encoding named in the XML declaration; and finally UTF-8, XML's default. A body
//! that is not UTF-8 and names no encoding is read as windows-1252, which is what such
//! feeds nearly always are. Legacy single-byte and multi-byte encodings (windows-1251,
//! KOI8-R, Shift_JIS…) are read with `encoding_rs`; UTF-32, which it does not know, here.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::repair::Repair;

/// An encoding a feed may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeedEncoding {
    /// One that `encoding_rs` reads.
    Standard(&'static Encoding),
    /// UTF-32, big-endian.
    Utf32Be,
    /// UTF-32, little-endian.
    Utf32Le,
}

impl FeedEncoding {
    fn name(self) -> &'static str {
        match self {
            Self::Standard(encoding) => encoding.name(),
            Self::Utf32Be => "UTF-32BE",
            Self::Utf32Le => "UTF-32LE",
        }
    }
}

/// `body` as UTF-8 text, without its byte-order mark. What had to be guessed or replaced
/// is added to `repairs`.
pub(crate) fn decode(body: &[u8], content_type: Option<&str>, repairs: &mut Vec<Repair>) -> String {
    if let Some((encoding, mark_length)) = byte_order_mark(body) {
        return read(encoding, &body[mark_length..], repairs);
    }
    if let Some(encoding) = zero_byte_pattern(body) {
        return read(encoding, body, repairs);
    }
    let declared = declared_encoding(body).and_then(|label| resolve(&label, repairs));
    if let Some(label) = content_type.and_then(charset_parameter)
        && let Some(from_header) = resolve(&label, repairs)
    {
        let header_is_legacy = matches!(from_header, FeedEncoding::Standard(encoding)
                if encoding.is_single_byte() && encoding != UTF_8);
        if header_is_legacy
            && declared == Some(FeedEncoding::Standard(UTF_8))
            && !body.is_ascii()
            && std::str::from_utf8(body).is_ok()
        {
            repairs.push(Repair::HeaderCharsetOverruled { header: label });
            return read(FeedEncoding::Standard(UTF_8), body, repairs);
        }
        return read(from_header, body, repairs);
    }
    if let Some(encoding) = declared {
        return read(encoding, body, repairs);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return text.to_owned();
    }
    repairs.push(Repair::ReadAsWindows1252);
    read(FeedEncoding::Standard(WINDOWS_1252), body, repairs)
}

/// The encoding a byte-order mark at the start of `body` names, and the mark's length.
fn byte_order_mark(body: &[u8]) -> Option<(FeedEncoding, usize)> {
    match body {
        [0x00, 0x00, 0xFE, 0xFF, ..] => Some((FeedEncoding::Utf32Be, 4)),
        [0xFF, 0xFE, 0x00, 0x00, ..] => Some((FeedEncoding::Utf32Le, 4)),
        [0xEF, 0xBB, 0xBF, ..] => Some((FeedEncoding::Standard(UTF_8), 3)),
        [0xFE, 0xFF, ..] => Some((FeedEncoding::Standard(UTF_16BE), 2)),
        [0xFF, 0xFE, ..] => Some((FeedEncoding::Standard(UTF_16LE), 2)),
        _ => None,
    }
}

/// UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of the first
/// (ASCII) character fall.
fn zero_byte_pattern(body: &[u8]) -> Option<FeedEncoding> {
    match body {
        [0, 0, 0, first, ..] if *first != 0 => Some(FeedEncoding::Utf32Be),
        [first, 0, 0, 0, ..] if *first != 0 => Some(FeedEncoding::Utf32Le),
        [0, first, 0, second, ..] if *first != 0 && *second != 0 => {
            Some(FeedEncoding::Standard(UTF_16BE))
        }
        [first, 0, second, 0, ..] if *first != 0 && *second != 0 => {
            Some(FeedEncoding::Standard(UTF_16LE))
        }
        _ => None,
    }
}

/// The `charset` parameter of a Content-Type header value, unquoted.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
            .filter(|value| !value.is_empty())
    })
}

/// The `encoding` named in the XML declaration that opens `body`, if any. The declaration
/// is ASCII in every encoding this is asked about (the UTF-16 and UTF-32 ones were told
/// apart before).
fn declared_encoding(body: &[u8]) -> Option<String> {
    let start = body.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let rest = &body[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).position(|pair| pair == b"?>")?;
    let declaration = std::str::from_utf8(&rest[..end]).ok()?;
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after
        .chars()
        .next()
        .filter(|quote| matches!(quote, '"' | '\''))?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// The encoding `label` names; an unknown label is noted and ignored.
fn resolve(label: &str, repairs: &mut Vec<Repair>) -> Option<FeedEncoding> {
    let normalised = label.trim().to_ascii_lowercase();
    let encoding = match normalised.as_str() {
        "utf-32" | "utf32" | "ucs-4" | "utf-32be" => Some(FeedEncoding::Utf32Be),
        "utf-32le" => Some(FeedEncoding::Utf32Le),
        _ => Encoding::for_label(normalised.as_bytes())
            .filter(|encoding| *encoding != encoding_rs::REPLACEMENT)
            .map(FeedEncoding::Standard),
    };
    if encoding.is_none() {
        repairs.push(Repair::UnknownCharset {
            label: label.to_owned(),
        });
    }
    encoding
}

/// `bytes` read in `encoding`, invalid sequences replaced by U+FFFD (and noted).
fn read(encoding: FeedEncoding, bytes: &[u8], repairs: &mut Vec<Repair>) -> String {
    let (text, had_errors) = match encoding {
        FeedEncoding::Standard(encoding) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            (text.into_owned(), had_errors)
        }
        FeedEncoding::Utf32Be => read_utf32(bytes, u32::from_be_bytes),
        FeedEncoding::Utf32Le => read_utf32(bytes, u32::from_le_bytes),
    };
    if had_errors {
        repairs.push(Repair::InvalidBytesReplaced {
            encoding: encoding.name(),
        });
    }
    text
}

/// UTF-32 in the byte order `to_scalar` reads; whether anything had to be replaced.
fn read_utf32(bytes: &[u8], to_scalar: fn([u8; 4]) -> u32) -> (String, bool) {
    let mut had_errors = !bytes.len().is_multiple_of(4);
    let text = bytes
        .chunks_exact(4)
        .map(|chunk| {
            let scalar = to_scalar([chunk[0], chunk[1], chunk[2], chunk[3]]);
            char::from_u32(scalar).unwrap_or_else(|| {
                had_errors = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    (text, had_errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(body: &[u8], content_type: Option<&str>) -> (String, Vec<Repair>) {
        let mut repairs = Vec::new();
        let text = decode(body, content_type, &mut repairs);
        (text, repairs)
    }

    #[test]
    fn the_header_charset_reads_a_legacy_feed_that_declares_nothing() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<rss>Привет</rss>");
        let (text, repairs) = decoded(&bytes, Some("text/xml; charset=\"windows-1251\""));
        assert_eq!(text, "<rss>Привет</rss>");
        assert!(repairs.is_empty());
    }

    #[test]
    fn the_declaration_is_read_when_the_header_is_silent() {
        let (bytes, _, _) =
            encoding_rs::KOI8_R.encode("<?xml version='1.0' encoding='koi8-r'?><rss>Мир</rss>");
        let (text, _) = decoded(&bytes, Some("application/rss+xml"));
        assert!(text.ends_with("<rss>Мир</rss>"), "{text}");
    }

    #[test]
    fn utf16_and_utf32_are_recognised_with_and_without_a_mark() {
        let source = "<rss>é</rss>";
        let le: Vec<u8> = source.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = source.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32: Vec<u8> = source
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        let mut with_mark = vec![0xFF, 0xFE];
        with_mark.extend(&le);
        for body in [le, be, utf32, with_mark] {
            assert_eq!(decoded(&body, None).0, source);
        }
    }

    #[test]
    fn undeclared_non_utf8_is_read_as_windows_1252() {
        let (text, repairs) = decoded(b"<rss>caf\xe9</rss>", None);
        assert_eq!(text, "<rss>café</rss>");
        assert_eq!(repairs, [Repair::ReadAsWindows1252]);
    }

    #[test]
    fn a_legacy_header_does_not_spoil_declared_and_valid_utf8() {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>café</rss>";
        let (text, repairs) = decoded(body.as_bytes(), Some("text/xml; charset=ISO-8859-1"));
        assert_eq!(text, body);
        assert_eq!(
            repairs,
            [Repair::HeaderCharsetOverruled {
                header: "ISO-8859-1".to_owned()
            }]
        );
    }

    #[test]
    fn unknown_labels_are_noted_and_skipped() {
        let (text, repairs) = decoded(b"<rss/>", Some("text/xml; charset=klingon"));
        assert_eq!(text, "<rss/>");
        assert_eq!(
            repairs,
            [Repair::UnknownCharset {
                label: "klingon".to_owned()
            }]
        );
    }
}
