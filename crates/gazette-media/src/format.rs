//! The four formats Gazette accepts, recognised by their magic numbers.
//!
//! A file's name and the `Content-Type` its browser sent are claims anyone can make up; the
//! first bytes are what decoders act on. So the kind of a file is read from those bytes
//! alone, and a file named `photo.jpg` whose bytes are a PNG is stored and served as the PNG
//! it is. Bytes that are none of the four are refused, with a word on what they look like
//! (HTML, SVG, a PDF…) so that the person uploading understands why.

use crate::error::MediaError;

/// An image format Gazette accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// JPEG (JFIF or Exif).
    Jpeg,
    /// PNG.
    Png,
    /// GIF, still or animated.
    Gif,
    /// WebP, lossy or lossless.
    Webp,
}

impl ImageKind {
    /// Every accepted format.
    pub const ALL: [Self; 4] = [Self::Jpeg, Self::Png, Self::Gif, Self::Webp];

    /// Reads the format from a file's first bytes.
    pub fn sniff(bytes: &[u8]) -> Result<Self, MediaError> {
        if bytes.is_empty() {
            return Err(MediaError::Empty);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(Self::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Ok(Self::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Ok(Self::Webp)
        } else {
            Err(MediaError::NotAnImage {
                found: describe_other(bytes),
            })
        }
    }

    /// The format's name, for people.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Gif => "GIF",
            Self::Webp => "WebP",
        }
    }

    /// The media type it is served with.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
        }
    }

    /// The file name extension Gazette gives it.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
        }
    }

    /// The format of a file Gazette named, from its extension.
    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.extension() == extension)
    }

    /// The `image` crate's name for the format.
    pub(crate) fn codec(self) -> image::ImageFormat {
        match self {
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Png => image::ImageFormat::Png,
            Self::Gif => image::ImageFormat::Gif,
            Self::Webp => image::ImageFormat::WebP,
        }
    }
}

/// What bytes that are no accepted image look like, worded to follow "its contents are".
fn describe_other(bytes: &[u8]) -> &'static str {
    let start = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(start)
        .trim_start()
        .to_ascii_lowercase();
    if text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg")) {
        "SVG, a drawing that can carry scripts"
    } else if text.starts_with('<') {
        "HTML or XML text"
    } else if text.starts_with("#!") {
        "a script"
    } else if start.starts_with(b"%PDF") {
        "a PDF document"
    } else if start.starts_with(b"PK\x03\x04") {
        "a ZIP archive (or an office document)"
    } else if start.starts_with(b"II*\0") || start.starts_with(b"MM\0*") {
        "a TIFF image, which browsers cannot show"
    } else if start.get(4..8) == Some(b"ftyp") {
        "a HEIC, AVIF or video file, which Gazette does not accept yet"
    } else if start.starts_with(b"BM") {
        "a BMP image, which Gazette does not accept"
    } else if std::str::from_utf8(start).is_ok() {
        "plain text"
    } else {
        "of a kind Gazette does not recognise"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_format_by_its_first_bytes() {
        assert_eq!(
            ImageKind::sniff(b"\xFF\xD8\xFF\xE0rest").unwrap(),
            ImageKind::Jpeg
        );
        assert_eq!(
            ImageKind::sniff(b"\x89PNG\r\n\x1a\nrest").unwrap(),
            ImageKind::Png
        );
        assert_eq!(ImageKind::sniff(b"GIF89a....").unwrap(), ImageKind::Gif);
        assert_eq!(ImageKind::sniff(b"GIF87a....").unwrap(), ImageKind::Gif);
        assert_eq!(
            ImageKind::sniff(b"RIFF\x10\0\0\0WEBPVP8 ").unwrap(),
            ImageKind::Webp
        );
    }

    #[test]
    fn refuses_everything_else_and_says_what_it_looks_like() {
        let cases: [(&[u8], &str); 8] = [
            (b"<!DOCTYPE html><html><script>alert(1)</script>", "HTML"),
            (
                b"  <svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
                "SVG",
            ),
            (b"<?xml version='1.0'?><svg/>", "SVG"),
            (b"#!/bin/sh\nrm -rf /\n", "script"),
            (b"%PDF-1.7", "PDF"),
            (b"PK\x03\x04zip", "ZIP"),
            (b"RIFF\x10\0\0\0WAVEfmt ", "plain text"),
            (b"\0\x01\x02\xFF\xFE", "does not recognise"),
        ];
        for (bytes, expected) in cases {
            let message = ImageKind::sniff(bytes).unwrap_err().to_string();
            assert!(message.contains(expected), "{expected}: {message}");
            assert!(message.contains("JPEG, PNG, GIF or WebP"), "{message}");
        }
        assert!(matches!(ImageKind::sniff(b""), Err(MediaError::Empty)));
    }

    #[test]
    fn extensions_and_types_go_both_ways() {
        for kind in ImageKind::ALL {
            assert_eq!(ImageKind::from_extension(kind.extension()), Some(kind));
            assert!(kind.mime_type().starts_with("image/"));
        }
        assert_eq!(ImageKind::from_extension("svg"), None);
        assert_eq!(ImageKind::from_extension("html"), None);
    }
}
