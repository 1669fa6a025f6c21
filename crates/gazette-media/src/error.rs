//! Why an image was refused or could not be stored, in sentences for the person uploading.

/// What can go wrong with an image.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The file is empty.
    #[error(
        "The file is empty. Choose an image file (JPEG, PNG, GIF or WebP) and upload it again."
    )]
    Empty,
    /// The bytes are not one of the accepted formats, whatever the name says.
    #[error(
        "This file is not an image Gazette accepts: its contents are {found}, whatever its name says. Upload a JPEG, PNG, GIF or WebP image."
    )]
    NotAnImage {
        /// What the contents look like, such as "HTML or SVG text".
        found: &'static str,
    },
    /// The file is larger than the byte limit.
    #[error(
        "The file is {size}; the limit is {limit}. Make the image smaller (fewer pixels or more compression) and upload it again."
    )]
    TooManyBytes {
        /// The file's size, written for people.
        size: String,
        /// The limit, written for people.
        limit: String,
    },
    /// A side is longer than allowed.
    #[error(
        "The image is {width} × {height} pixels; Gazette accepts at most {max_side} pixels on each side. Resize it and upload it again."
    )]
    TooWide {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
        /// The longest side allowed.
        max_side: u32,
    },
    /// The image has more pixels than allowed.
    #[error(
        "The image is {width} × {height} pixels ({megapixels} megapixels); Gazette accepts at most {max_megapixels} megapixels. Resize it and upload it again."
    )]
    TooManyPixels {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
        /// Its size in megapixels, rounded.
        megapixels: u64,
        /// The limit in megapixels.
        max_megapixels: u64,
    },
    /// An animation is too long or too large to process.
    #[error(
        "The animation has more than {max_frames} frames or more than {max_megapixels} megapixels in all; shorten it or make it smaller, or upload a still image."
    )]
    AnimationTooLarge {
        /// The most frames allowed.
        max_frames: u32,
        /// The most pixels allowed over all frames, in megapixels.
        max_megapixels: u64,
    },
    /// Decoding would need more memory than allowed.
    #[error(
        "The image would need more memory to open than Gazette allows. Save it with fewer pixels or 8 bits per channel and upload it again."
    )]
    TooMuchMemory,
    /// The file starts like an image of `format` but cannot be read as one.
    #[error(
        "The file looks like a {format} image but cannot be read: it is damaged or incomplete. Export it again from your image program and upload the new file."
    )]
    Damaged {
        /// The format's name.
        format: &'static str,
    },
    /// Encoding failed; a fault of ours, not of the file.
    #[error("the image could not be encoded as {format}: {reason}")]
    Encoding {
        /// The format's name.
        format: &'static str,
        /// What the encoder said.
        reason: String,
    },
    /// A stored file name is not one Gazette makes.
    #[error("`{0}` is not the name of a media file")]
    InvalidFileName(String),
    /// The file system refused.
    #[error("the media folder {path} could not be used: {source}")]
    Storage {
        /// The file or folder.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

impl MediaError {
    /// Whether the upload itself is at fault (the person can fix it), rather than the
    /// server.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            Self::Encoding { .. } | Self::InvalidFileName(_) | Self::Storage { .. }
        )
    }
}
