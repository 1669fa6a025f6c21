//! The smaller copies of an image that pages offer in `srcset`: 480, 960 and 1600 pixels
//! wide, each only when the original is wider (an image is never enlarged), with the
//! original's proportions and format.
//!
//! The largest copy is resized from the original with a Lanczos filter, and each smaller one
//! from the copy above it, which is nearly as sharp and much faster on large photos. A GIF's
//! copies are still images of its first frame: small copies are for pages that show many
//! images at once, where animation is a distraction; the original stays animated.

use crate::cleaning::{decode_upright, encode_still};
use crate::error::MediaError;
use crate::format::ImageKind;
use crate::limits::MediaLimits;
use image::imageops::FilterType;

/// The widths of the copies, smallest first.
pub const THUMBNAIL_WIDTHS: [u32; 3] = [480, 960, 1600];

/// One smaller copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thumbnail {
    /// Its width in pixels, one of [`THUMBNAIL_WIDTHS`].
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The encoded file, in the original's format.
    pub bytes: Vec<u8>,
}

/// Makes the copies of a stored original (already upright and clean), smallest first.
/// An original no wider than the smallest width has none.
pub fn make_thumbnails(
    original: &[u8],
    limits: &MediaLimits,
) -> Result<(ImageKind, Vec<Thumbnail>), MediaError> {
    let kind = ImageKind::sniff(original)?;
    let (image, icc_profile) = decode_upright(original, kind, limits)?;
    let (width, height) = (image.width(), image.height());
    let mut thumbnails = Vec::new();
    let mut source = image;
    for target_width in THUMBNAIL_WIDTHS.into_iter().rev() {
        if target_width >= width {
            continue;
        }
        let target_height = scaled_height(width, height, target_width);
        let resized = source.resize_exact(target_width, target_height, FilterType::Lanczos3);
        thumbnails.push(Thumbnail {
            width: target_width,
            height: target_height,
            bytes: encode_still(&resized, kind, icc_profile.clone())?,
        });
        source = resized;
    }
    thumbnails.reverse();
    Ok((kind, thumbnails))
}

/// The height that keeps the proportions of `width` × `height` at `target_width`, at least 1.
fn scaled_height(width: u32, height: u32, target_width: u32) -> u32 {
    let scaled =
        (u64::from(height) * u64::from(target_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_keep_the_proportions_and_round() {
        assert_eq!(scaled_height(4000, 3000, 1600), 1200);
        assert_eq!(scaled_height(1000, 333, 480), 160);
        assert_eq!(scaled_height(5000, 1, 480), 1);
    }
}
