//! How a theme shows an image: an [`ImageView`] built from a [`MediaItem`], with every
//! smaller copy and the original in `srcset` so that the browser fetches the smallest file
//! that looks sharp at the size the page gives the image. `width` and `height` let the
//! browser keep the image's place before it loads, so the text does not jump.
//!
//! The partial `partials/figure.html` renders one; docs/THEMES.md lists the fields.

use gazette_app::MediaItem;
use serde::Serialize;
use std::fmt::Write as _;

/// `sizes` for an image as wide as the article's text column.
pub const ARTICLE_WIDTH_SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// An image ready for `<img>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageView {
    /// The original's address, for `src`.
    pub src: String,
    /// Every copy and the original with its width (`/media/….w480.jpg 480w, …`); empty when
    /// the image has no copies.
    pub srcset: String,
    /// How wide the page shows the image, for `sizes`.
    pub sizes: String,
    /// The original's width in pixels.
    pub width: u32,
    /// The original's height in pixels.
    pub height: u32,
    /// The text alternative (empty for a decorative image).
    pub alt: String,
    /// The caption; empty when there is none.
    pub caption: String,
}

impl ImageView {
    /// The view of `item`, shown at `sizes` (a `sizes` attribute's value).
    pub fn new(item: &MediaItem, sizes: &str) -> Self {
        let mut srcset = String::new();
        if !item.variants.is_empty() {
            for variant in &item.variants {
                let _ = write!(srcset, "{} {}w, ", variant.url, variant.width);
            }
            let _ = write!(srcset, "{} {}w", item.url, item.width);
        }
        Self {
            src: item.url.clone(),
            srcset,
            sizes: sizes.to_owned(),
            width: item.width,
            height: item.height,
            alt: item.alt_text.clone(),
            caption: item.caption.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_app::MediaVariant;
    use gazette_domain::{MediaId, Timestamp};

    fn item(variants: Vec<MediaVariant>) -> MediaItem {
        MediaItem {
            id: MediaId(7),
            url: "/media/2024/04/harbour-0123456789.jpg".into(),
            original_name: "harbour.jpg".into(),
            width: 2000,
            height: 1500,
            alt_text: "Boats at the quay".into(),
            caption: "The harbour at dawn.".into(),
            title: "Harbour".into(),
            mime_type: "image/jpeg".into(),
            byte_size: 1,
            variants,
            uploaded_by: None,
            created_at: Timestamp::from_microseconds(0).unwrap_or_else(|_| Timestamp::now()),
            updated_at: Timestamp::from_microseconds(0).unwrap_or_else(|_| Timestamp::now()),
        }
    }

    #[test]
    fn srcset_lists_each_copy_and_the_original_by_width() {
        let view = ImageView::new(
            &item(vec![
                MediaVariant {
                    url: "/media/2024/04/harbour-0123456789.w480.jpg".into(),
                    width: 480,
                    height: 360,
                },
                MediaVariant {
                    url: "/media/2024/04/harbour-0123456789.w960.jpg".into(),
                    width: 960,
                    height: 720,
                },
            ]),
            ARTICLE_WIDTH_SIZES,
        );
        assert_eq!(
            view.srcset,
            "/media/2024/04/harbour-0123456789.w480.jpg 480w, /media/2024/04/harbour-0123456789.w960.jpg 960w, /media/2024/04/harbour-0123456789.jpg 2000w"
        );
        assert_eq!((view.width, view.height), (2000, 1500));
        assert_eq!(view.alt, "Boats at the quay");
        assert_eq!(view.caption, "The harbour at dawn.");
        assert_eq!(view.sizes, ARTICLE_WIDTH_SIZES);
    }

    #[test]
    fn an_image_without_copies_has_no_srcset() {
        let view = ImageView::new(&item(Vec::new()), ARTICLE_WIDTH_SIZES);
        assert_eq!(view.srcset, "");
        assert_eq!(view.src, "/media/2024/04/harbour-0123456789.jpg");
    }
}
