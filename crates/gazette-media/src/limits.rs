//! How large an upload may be. Every limit is checked before the pixels are decoded: the
//! byte size first, then the width, height and pixel count the file's header declares, and
//! the decoder is given a memory ceiling of its own. A "decompression bomb" — a few
//! kilobytes claiming 100,000 × 100,000 pixels — is refused from its header, without a
//! single large allocation.

use crate::error::MediaError;

/// The limits an upload must keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// The longest side accepted, in pixels.
    pub max_side: u32,
    /// The most pixels (width × height) accepted.
    pub max_pixels: u64,
    /// The most frames an animated GIF may have.
    pub max_animation_frames: u32,
    /// The most pixels an animation may have over all its frames.
    pub max_animation_pixels: u64,
    /// The most memory the decoder may allocate, in bytes.
    pub max_decoder_bytes: u64,
}

impl Default for MediaLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_side: 12_000,
            max_pixels: 50_000_000,
            max_animation_frames: 500,
            max_animation_pixels: 250_000_000,
            max_decoder_bytes: 512 * 1024 * 1024,
        }
    }
}

impl MediaLimits {
    /// Refuses a file larger than [`MediaLimits::max_bytes`].
    pub fn check_bytes(&self, size: u64) -> Result<(), MediaError> {
        if size > self.max_bytes {
            return Err(MediaError::TooManyBytes {
                size: describe_bytes(size),
                limit: describe_bytes(self.max_bytes),
            });
        }
        Ok(())
    }

    /// Refuses dimensions beyond [`MediaLimits::max_side`] or [`MediaLimits::max_pixels`].
    pub fn check_dimensions(&self, width: u32, height: u32) -> Result<(), MediaError> {
        if width == 0 || height == 0 {
            return Err(MediaError::NotAnImage {
                found: "an image without pixels",
            });
        }
        if width > self.max_side || height > self.max_side {
            return Err(MediaError::TooWide {
                width,
                height,
                max_side: self.max_side,
            });
        }
        let pixels = u64::from(width) * u64::from(height);
        if pixels > self.max_pixels {
            return Err(MediaError::TooManyPixels {
                width,
                height,
                megapixels: pixels.div_ceil(1_000_000),
                max_megapixels: self.max_pixels / 1_000_000,
            });
        }
        Ok(())
    }

    /// The refusal of an animation beyond the frame or pixel limits.
    pub(crate) fn animation_too_large(&self) -> MediaError {
        MediaError::AnimationTooLarge {
            max_frames: self.max_animation_frames,
            max_megapixels: self.max_animation_pixels / 1_000_000,
        }
    }

    /// The same limits in the `image` crate's terms, for its decoders.
    pub(crate) fn decoder_limits(&self) -> image::Limits {
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(self.max_side);
        limits.max_image_height = Some(self.max_side);
        limits.max_alloc = Some(self.max_decoder_bytes);
        limits
    }

    /// Only the memory ceiling: for reading a header whose dimensions are checked here,
    /// with a message that names them.
    pub(crate) fn header_limits(&self) -> image::Limits {
        let mut limits = image::Limits::no_limits();
        limits.max_alloc = Some(self.max_decoder_bytes);
        limits
    }
}

/// A byte count for people: `812 KiB`, `20 MiB`, `25.3 MiB`.
pub fn describe_bytes(size: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if size < KIB {
        format!("{size} bytes")
    } else if size < MIB {
        format!("{} KiB", size.div_ceil(KIB))
    } else if size.is_multiple_of(MIB) {
        format!("{} MiB", size / MIB)
    } else {
        let tenths = (size * 10).div_ceil(MIB);
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_written_for_people() {
        assert_eq!(describe_bytes(900), "900 bytes");
        assert_eq!(describe_bytes(812 * 1024), "812 KiB");
        assert_eq!(describe_bytes(20 * 1024 * 1024), "20 MiB");
        assert_eq!(describe_bytes(25 * 1024 * 1024 + 300 * 1024), "25.3 MiB");
    }

    #[test]
    fn each_limit_refuses_with_its_own_sentence() {
        let limits = MediaLimits::default();
        let too_big = limits
            .check_bytes(21 * 1024 * 1024)
            .unwrap_err()
            .to_string();
        assert!(
            too_big.contains("21 MiB") && too_big.contains("20 MiB"),
            "{too_big}"
        );
        assert!(limits.check_bytes(20 * 1024 * 1024).is_ok());
        let wide = limits.check_dimensions(12_001, 10).unwrap_err().to_string();
        assert!(
            wide.contains("12001 × 10") && wide.contains("12000"),
            "{wide}"
        );
        let many = limits
            .check_dimensions(10_000, 9_000)
            .unwrap_err()
            .to_string();
        assert!(
            many.contains("90 megapixels") && many.contains("50"),
            "{many}"
        );
        assert!(limits.check_dimensions(8_000, 6_000).is_ok());
        assert!(limits.check_dimensions(0, 10).is_err());
    }
}
