//! Choosing a content coding from the request's `Accept-Encoding` (RFC 9110, 12.5.3).
//!
//! Each coding the client names gets its quality (`q`, 1 when not given); `*` stands for
//! every coding not named. The acceptable coding of highest quality wins, brotli before
//! gzip when they are equal. Identity — the body as it is — wins only when the client
//! rates it (by name or through `*`) above every coding; it is what goes out without the
//! header, and when the client refuses everything, since every client can read it.

use axum::http::{HeaderMap, header};

/// A content coding Gazette compresses with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentCoding {
    /// Brotli (`br`), RFC 7932.
    Brotli,
    /// gzip, RFC 1952.
    Gzip,
}

impl ContentCoding {
    /// Both codings, in the order preferred when a client rates them equally.
    pub const ALL: [Self; 2] = [Self::Brotli, Self::Gzip];

    /// Its name in `Content-Encoding` and `Accept-Encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }
}

/// The coding to send a body in for a request with `headers`; `None` for identity.
pub fn negotiate(headers: &HeaderMap) -> Option<ContentCoding> {
    let mut accepted = AcceptedCodings::default();
    let mut any_header = false;
    for line in headers.get_all(header::ACCEPT_ENCODING) {
        any_header = true;
        let Ok(line) = line.to_str() else { continue };
        for entry in line.split(',') {
            accepted.read(entry);
        }
    }
    if !any_header {
        return None;
    }
    // Unrated, identity is acceptable but preferred to no coding the client accepts.
    let identity = accepted.identity.or(accepted.any).unwrap_or(0);
    let mut best: Option<(ContentCoding, u16)> = None;
    for coding in ContentCoding::ALL {
        let quality = accepted.quality_of(coding);
        if quality > 0 && best.is_none_or(|(_, best_quality)| quality > best_quality) {
            best = Some((coding, quality));
        }
    }
    best.filter(|(_, quality)| *quality >= identity)
        .map(|(coding, _)| coding)
}

/// Qualities are kept in thousandths, the precision `q` has.
const MAX_QUALITY: u16 = 1000;

/// What the client said of each coding Gazette knows; `None` where it said nothing.
#[derive(Debug, Default)]
struct AcceptedCodings {
    brotli: Option<u16>,
    gzip: Option<u16>,
    identity: Option<u16>,
    any: Option<u16>,
}

impl AcceptedCodings {
    /// Reads one entry, `coding` or `coding;q=0.5`. Entries that cannot be read, and
    /// codings Gazette does not know, change nothing.
    fn read(&mut self, entry: &str) {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let mut quality = Some(MAX_QUALITY);
        for parameter in parts {
            let Some((key, value)) = parameter.split_once('=') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("q") {
                quality = parse_quality(value.trim());
            }
        }
        let Some(quality) = quality else { return };
        let slot = if name.eq_ignore_ascii_case("br") {
            &mut self.brotli
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            &mut self.gzip
        } else if name.eq_ignore_ascii_case("identity") {
            &mut self.identity
        } else if name == "*" {
            &mut self.any
        } else {
            return;
        };
        // Named twice, the more favourable rating counts.
        *slot = Some(slot.map_or(quality, |earlier| earlier.max(quality)));
    }

    fn quality_of(&self, coding: ContentCoding) -> u16 {
        let named = match coding {
            ContentCoding::Brotli => self.brotli,
            ContentCoding::Gzip => self.gzip,
        };
        named.or(self.any).unwrap_or(0)
    }
}

/// A `qvalue` (`0`, `0.5`, `1`, `1.000`) in thousandths; `None` when it is not one.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(MAX_QUALITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn chosen(accept_encoding: &[&str]) -> Option<&'static str> {
        let mut headers = HeaderMap::new();
        for line in accept_encoding {
            headers.append(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(line).unwrap(),
            );
        }
        negotiate(&headers).map(ContentCoding::name)
    }

    #[test]
    fn brotli_wins_a_tie_and_quality_decides_otherwise() {
        assert_eq!(chosen(&["gzip, deflate, br, zstd"]), Some("br"));
        assert_eq!(chosen(&["gzip, br"]), Some("br"));
        assert_eq!(chosen(&["br;q=0.8, gzip"]), Some("gzip"));
        assert_eq!(chosen(&["gzip;q=0.5, br;q=0.4"]), Some("gzip"));
        assert_eq!(chosen(&["GZIP;Q=1.0, Br;q=1"]), Some("br"));
        assert_eq!(chosen(&["x-gzip"]), Some("gzip"));
        assert_eq!(chosen(&["deflate"]), None, "a coding Gazette does not make");
        assert_eq!(
            chosen(&["gzip", "br"]),
            Some("br"),
            "several header lines are one list"
        );
    }

    #[test]
    fn zero_refuses_and_star_stands_for_the_rest() {
        assert_eq!(chosen(&["br;q=0, gzip"]), Some("gzip"));
        assert_eq!(chosen(&["br;q=0, gzip;q=0"]), None);
        assert_eq!(chosen(&["*"]), Some("br"));
        assert_eq!(chosen(&["*;q=0.5, br;q=0"]), Some("gzip"));
        assert_eq!(chosen(&["gzip;q=0.2, *;q=0"]), Some("gzip"));
        assert_eq!(
            chosen(&["*;q=0"]),
            None,
            "nothing acceptable: identity regardless"
        );
    }

    #[test]
    fn identity_counts_like_any_other_coding() {
        assert_eq!(chosen(&[]), None, "no header: identity");
        assert_eq!(chosen(&[""]), None, "an empty list: identity only");
        assert_eq!(chosen(&["identity"]), None);
        assert_eq!(
            chosen(&["gzip;q=0.5, identity"]),
            None,
            "identity rated higher"
        );
        assert_eq!(
            chosen(&["gzip;q=0.5, identity;q=0.5"]),
            Some("gzip"),
            "a tie goes to the coding"
        );
        assert_eq!(chosen(&["gzip;q=0.1, identity;q=0"]), Some("gzip"));
        assert_eq!(
            chosen(&["gzip;q=0.1, *;q=0"]),
            Some("gzip"),
            "identity refused through *"
        );
    }

    #[test]
    fn entries_that_cannot_be_read_are_left_out() {
        assert_eq!(chosen(&["br;q=2, gzip"]), Some("gzip"), "q above 1");
        assert_eq!(
            chosen(&["br;q=0.0001, gzip;q=0.5"]),
            Some("gzip"),
            "four decimals"
        );
        assert_eq!(chosen(&["identity;q=0.5x, gzip;q=0.1"]), Some("gzip"));
        assert_eq!(chosen(&["br;q=high"]), None);
        assert_eq!(
            chosen(&[" br ; q = 0.9 ,gzip;q=0.8"]),
            Some("br"),
            "spaces around parts"
        );
        assert_eq!(
            chosen(&["br;level=5"]),
            Some("br"),
            "other parameters are ignored"
        );
        assert_eq!(chosen(&[",,br,,"]), Some("br"));
    }

    #[test]
    fn qualities_read_as_rfc_9110_writes_them() {
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1."), Some(1000));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("0.125"), Some(125));
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("-0.5"), None);
        assert_eq!(parse_quality(".5"), None);
        assert_eq!(parse_quality(""), None);
    }
}
