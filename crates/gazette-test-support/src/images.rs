//! Test images made in code: each format at any size, a JPEG carrying EXIF orientation and
//! a GPS position, an animated GIF, and a "decompression bomb" — a tiny PNG whose header
//! claims an enormous size.

use image::codecs::gif::{GifEncoder, Repeat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, Frame, ImageDecoder, ImageReader, Rgb, RgbImage, RgbaImage};
use std::io::Cursor;

/// The GPS latitude written into [`with_exif`]'s EXIF, as it is stored (three rationals,
/// little-endian): 51° 30' 26.80" — bytes to look for in anything stored.
pub const GPS_LATITUDE_BYTES: [u8; 24] = [
    51, 0, 0, 0, 1, 0, 0, 0, 30, 0, 0, 0, 1, 0, 0, 0, 0x78, 0x0A, 0, 0, 100, 0, 0, 0,
];

/// A colourful gradient, so that encoders have something to work with.
pub fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let red = u8::try_from(x * 255 / width.max(1)).unwrap_or(u8::MAX);
        let green = u8::try_from(y * 255 / height.max(1)).unwrap_or(u8::MAX);
        Rgb([red, green, 128])
    })
}

/// A picture whose left half is red and right half blue, to see where a rotation put them.
pub fn two_halves(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

/// `picture` encoded as a JPEG.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode_jpeg(&picture(width, height))
}

/// Any RGB picture encoded as a JPEG.
pub fn encode_jpeg(picture: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture.clone())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, 95))
        .expect("a JPEG encodes");
    bytes
}

/// `picture` encoded as a PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture(width, height))
        .write_with_encoder(PngEncoder::new(&mut bytes))
        .expect("a PNG encodes");
    bytes
}

/// `picture` encoded as a lossless WebP.
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture(width, height))
        .write_with_encoder(WebPEncoder::new_lossless(&mut bytes))
        .expect("a WebP encodes");
    bytes
}

/// An animated GIF of `frames` frames, looping forever.
pub fn gif(width: u32, height: u32, frames: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut bytes, 30);
        encoder.set_repeat(Repeat::Infinite).expect("loops");
        for number in 0..frames {
            let frame = RgbaImage::from_fn(width, height, |x, _| {
                let lit = (x + number) % 8 < 4;
                image::Rgba([if lit { 250 } else { 10 }, 80, 160, 255])
            });
            encoder
                .encode_frame(Frame::new(frame))
                .expect("a frame encodes");
        }
    }
    bytes
}

/// `jpeg` with an EXIF segment (right after the start marker) holding `orientation` (1–8)
/// and a GPS position ([`GPS_LATITUDE_BYTES`], north).
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    let mut tiff: Vec<u8> = b"II\x2A\x00".to_vec();
    tiff.extend(8_u32.to_le_bytes());
    // IFD0 at 8: orientation, and the pointer to the GPS IFD.
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend(2_u16.to_le_bytes());
    tiff.extend(ifd_entry(0x0112, 3, 1, u32::from(orientation)));
    tiff.extend(ifd_entry(0x8825, 4, 1, gps_ifd));
    tiff.extend(0_u32.to_le_bytes());
    // The GPS IFD: latitude reference "N" and latitude (three rationals, stored after it).
    let latitude_at = gps_ifd + 2 + 2 * 12 + 4;
    tiff.extend(2_u16.to_le_bytes());
    tiff.extend(ifd_entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(ifd_entry(0x0002, 5, 3, latitude_at));
    tiff.extend(0_u32.to_le_bytes());
    tiff.extend(GPS_LATITUDE_BYTES);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let length = u16::try_from(segment.len() + 2).expect("a small segment");
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(length.to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

fn ifd_entry(tag: u16, kind: u16, count: u32, value: u32) -> Vec<u8> {
    let mut entry = tag.to_le_bytes().to_vec();
    entry.extend(kind.to_le_bytes());
    entry.extend(count.to_le_bytes());
    entry.extend(value.to_le_bytes());
    entry
}

/// A PNG of a few dozen bytes whose header claims `width` × `height` pixels.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    push_chunk(&mut bytes, *b"IHDR", &header);
    // A zlib stream of a few zeros: far too little for the claimed size.
    push_chunk(
        &mut bytes,
        *b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    push_chunk(&mut bytes, *b"IEND", &[]);
    bytes
}

fn push_chunk(bytes: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    bytes.extend(
        u32::try_from(data.len())
            .expect("a small chunk")
            .to_be_bytes(),
    );
    let start = bytes.len();
    bytes.extend(kind);
    bytes.extend(data);
    let checksum = crc32(&bytes[start..]);
    bytes.extend(checksum.to_be_bytes());
}

/// The CRC-32 PNG chunks end with.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The EXIF a decoder finds in `bytes` (any of the four formats), if any.
pub fn exif_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory");
    let mut decoder = reader.into_decoder().expect("a readable image");
    decoder.exif_metadata().expect("metadata is readable")
}

/// The width and height of an encoded image.
pub fn dimensions_of(bytes: &[u8]) -> (u32, u32) {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory")
        .into_dimensions()
        .expect("a readable image")
}

/// The decoded image.
pub fn decode(bytes: &[u8]) -> DynamicImage {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory")
        .decode()
        .expect("a readable image")
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
