//! Turning an upload into the file Gazette stores: checked, upright, and without metadata.
//!
//! Every upload is decoded and **encoded again** rather than copied with its EXIF segment
//! cut out. The reasons:
//!
//! - Turning a photo upright (its EXIF orientation) changes the pixels, so those photos
//!   must be encoded again anyway; doing the same for every file keeps one path to test.
//! - What is stored is made by our encoder from decoded pixels only. No metadata of any
//!   kind survives — EXIF with its GPS position, XMP, IPTC, comments, a camera's serial
//!   number — nor any bytes hidden around the image (a JPEG that is also an HTML page or a
//!   ZIP archive), nor a malformed structure aimed at some reader's decoder. Stripping
//!   segments losslessly would have to know every place each format can hide data.
//! - The colour profile (ICC) is carried over, so colours look the same.
//!
//! The costs, accepted: JPEGs are encoded at quality 90, a loss no reader sees at web sizes;
//! WebP files are stored lossless (the only WebP encoder available), larger than a lossy
//! original; an animated WebP keeps its first frame. Animated GIFs are encoded frame by
//! frame and stay animated, within the frame and pixel limits of [`MediaLimits`].

use crate::error::MediaError;
use crate::format::ImageKind;
use crate::limits::MediaLimits;
use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::metadata::{LoopCount, Orientation};
use image::{
    AnimationDecoder, ColorType, DynamicImage, ImageDecoder, ImageEncoder, ImageError, ImageReader,
};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The quality JPEGs are encoded at (1–100).
const JPEG_QUALITY: u8 = 90;
/// The GIF encoder's speed (1 is slowest and best, 30 fastest): quick enough for long
/// animations, with colours close to the original's palette.
const GIF_SPEED: i32 = 10;

/// An upload ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanImage {
    /// Its real format, read from its bytes.
    pub kind: ImageKind,
    /// Its width in pixels, upright.
    pub width: u32,
    /// Its height in pixels, upright.
    pub height: u32,
    /// The encoded file.
    pub bytes: Vec<u8>,
    /// The SHA-256 of `bytes`, hex.
    pub sha256: String,
}

/// Checks an upload against `limits`, decodes it, turns it upright and encodes it again
/// without metadata.
pub fn clean_upload(bytes: &[u8], limits: &MediaLimits) -> Result<CleanImage, MediaError> {
    limits.check_bytes(u64::try_from(bytes.len()).unwrap_or(u64::MAX))?;
    let kind = ImageKind::sniff(bytes)?;
    let (width, height, encoded) = if kind == ImageKind::Gif {
        clean_gif(bytes, limits)?
    } else {
        let (image, icc_profile) = decode_upright(bytes, kind, limits)?;
        let encoded = encode_still(&image, kind, icc_profile)?;
        (image.width(), image.height(), encoded)
    };
    Ok(CleanImage {
        kind,
        width,
        height,
        sha256: hex::encode(Sha256::digest(&encoded)),
        bytes: encoded,
    })
}

/// Decodes a still image (the first frame of an animation) within `limits`, turned upright,
/// with its colour profile.
pub(crate) fn decode_upright(
    bytes: &[u8],
    kind: ImageKind,
    limits: &MediaLimits,
) -> Result<(DynamicImage, Option<Vec<u8>>), MediaError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.codec());
    reader.limits(limits.header_limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|error| refusal(&error, kind))?;
    let (width, height) = decoder.dimensions();
    limits.check_dimensions(width, height)?;
    decoder
        .set_limits(
            reserved_limits(limits, decoder.total_bytes())
                .map_err(|error| refusal(&error, kind))?,
        )
        .map_err(|error| refusal(&error, kind))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc_profile = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|error| refusal(&error, kind))?;
    image.apply_orientation(orientation);
    Ok((image, icc_profile))
}

/// A GIF, encoded again frame by frame: `(width, height, bytes)`.
fn clean_gif(bytes: &[u8], limits: &MediaLimits) -> Result<(u32, u32, Vec<u8>), MediaError> {
    let kind = ImageKind::Gif;
    let mut decoder = GifDecoder::new(Cursor::new(bytes)).map_err(|error| refusal(&error, kind))?;
    let (width, height) = decoder.dimensions();
    limits.check_dimensions(width, height)?;
    decoder
        .set_limits(
            reserved_limits(limits, decoder.total_bytes())
                .map_err(|error| refusal(&error, kind))?,
        )
        .map_err(|error| refusal(&error, kind))?;
    let repeat = match decoder.loop_count() {
        LoopCount::Infinite => Repeat::Infinite,
        LoopCount::Finite(times) => Repeat::Finite(u16::try_from(times.get()).unwrap_or(u16::MAX)),
    };
    let frame_pixels = u64::from(width) * u64::from(height);
    let mut output = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut output, GIF_SPEED);
        encoder
            .set_repeat(repeat)
            .map_err(|error| encoding_failure(&error, kind))?;
        let mut frames: u32 = 0;
        for frame in decoder.into_frames() {
            let frame = frame.map_err(|error| refusal(&error, kind))?;
            frames += 1;
            let animated_pixels = u64::from(frames) * frame_pixels;
            if frames > 1
                && (frames > limits.max_animation_frames
                    || animated_pixels > limits.max_animation_pixels)
            {
                return Err(limits.animation_too_large());
            }
            encoder
                .encode_frame(frame)
                .map_err(|error| encoding_failure(&error, kind))?;
        }
        if frames == 0 {
            return Err(MediaError::Damaged {
                format: kind.name(),
            });
        }
    }
    Ok((width, height, output))
}

/// Encodes a still image as `kind`, with `icc_profile` where the format carries one.
pub(crate) fn encode_still(
    image: &DynamicImage,
    kind: ImageKind,
    icc_profile: Option<Vec<u8>>,
) -> Result<Vec<u8>, MediaError> {
    let mut output = Vec::new();
    let result = match kind {
        ImageKind::Jpeg => {
            let mut encoder = JpegEncoder::new_with_quality(&mut output, JPEG_QUALITY);
            attach_profile(&mut encoder, icc_profile);
            match image.color() {
                ColorType::L8 | ColorType::Rgb8 => image.write_with_encoder(encoder),
                _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
            }
        }
        ImageKind::Png => {
            let mut encoder = PngEncoder::new_with_quality(
                &mut output,
                CompressionType::Default,
                PngFilter::Adaptive,
            );
            attach_profile(&mut encoder, icc_profile);
            image.write_with_encoder(encoder)
        }
        ImageKind::Webp => {
            let mut encoder = WebPEncoder::new_lossless(&mut output);
            attach_profile(&mut encoder, icc_profile);
            match image.color() {
                ColorType::L8 | ColorType::La8 | ColorType::Rgb8 | ColorType::Rgba8 => {
                    image.write_with_encoder(encoder)
                }
                _ => DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder),
            }
        }
        ImageKind::Gif => {
            let encoder = GifEncoder::new_with_speed(&mut output, GIF_SPEED);
            DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder)
        }
    };
    result.map_err(|error| encoding_failure(&error, kind))?;
    Ok(output)
}

/// The decoder's limits once the image's own buffer (`total_bytes`) is taken from the
/// memory ceiling: refused when the buffer alone is over it.
fn reserved_limits(limits: &MediaLimits, total_bytes: u64) -> Result<image::Limits, ImageError> {
    let mut decoder_limits = limits.decoder_limits();
    decoder_limits.reserve(total_bytes)?;
    Ok(decoder_limits)
}

/// Gives the encoder the colour profile; a format that cannot carry one goes without.
fn attach_profile(encoder: &mut impl ImageEncoder, icc_profile: Option<Vec<u8>>) {
    if let Some(profile) = icc_profile {
        // Losing a profile shifts colours slightly; it is no reason to refuse the image.
        let _ = encoder.set_icc_profile(profile);
    }
}

/// What a decoder's failure means for the person uploading.
fn refusal(error: &ImageError, kind: ImageKind) -> MediaError {
    // Dimensions were checked from the header with their own message; a limit reached
    // while decoding is the memory ceiling (or a frame larger than its canvas).
    match error {
        ImageError::Limits(_) => MediaError::TooMuchMemory,
        _ => MediaError::Damaged {
            format: kind.name(),
        },
    }
}

fn encoding_failure(error: &ImageError, kind: ImageKind) -> MediaError {
    MediaError::Encoding {
        format: kind.name(),
        reason: error.to_string(),
    }
}
