//! What describes an uploaded image — its title in the library, its text alternative for
//! people who cannot see it, its caption — and the rules those texts follow.

use crate::field_errors::FieldErrors;
use crate::text::{clean_multi_line, clean_single_line, is_blank};

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest alt text, in characters: enough for a real description, short enough to be
/// read aloud.
pub const MAX_ALT_TEXT_CHARS: usize = 1000;
/// The longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 2000;

/// An image's describing texts, as typed or as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MediaDetails {
    /// The title the library shows and searches.
    pub title: String,
    /// What the image shows, for screen readers and when it does not load.
    pub alt_text: String,
    /// The caption shown under it.
    pub caption: String,
}

impl MediaDetails {
    /// The details cleaned (one line for title and alt text, lines kept in the caption) and
    /// checked; each problem is reported against its field (`title`, `alt_text`,
    /// `caption`).
    pub fn validate(&self) -> Result<Self, FieldErrors> {
        let cleaned = Self {
            title: clean_single_line(&self.title),
            alt_text: clean_single_line(&self.alt_text),
            caption: clean_multi_line(&self.caption),
        };
        let mut errors = FieldErrors::new();
        if is_blank(&cleaned.title) {
            errors.add(
                "title",
                "Please give the image a title, so it can be found in the library.",
            );
        } else if cleaned.title.chars().count() > MAX_TITLE_CHARS {
            errors.add(
                "title",
                format!("The title is too long: at most {MAX_TITLE_CHARS} characters."),
            );
        }
        if cleaned.alt_text.chars().count() > MAX_ALT_TEXT_CHARS {
            errors.add(
                "alt_text",
                format!("The alt text is too long: describe the image in at most {MAX_ALT_TEXT_CHARS} characters, and put the rest in the caption."),
            );
        }
        if cleaned.caption.chars().count() > MAX_CAPTION_CHARS {
            errors.add(
                "caption",
                format!("The caption is too long: at most {MAX_CAPTION_CHARS} characters."),
            );
        }
        errors.into_result(cleaned)
    }

    /// A title made from an uploaded file's name: `harbour_at-dawn (2).JPG` gives
    /// `harbour at dawn (2)`; a name with nothing usable gives `Image`.
    pub fn title_from_file_name(file_name: &str) -> String {
        let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
        let spaced = clean_single_line(&stem.replace(['_', '-'], " "));
        let title: String = spaced.chars().take(MAX_TITLE_CHARS).collect();
        if is_blank(&title) {
            "Image".to_owned()
        } else {
            title.trim_end().to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_cleaned_and_checked_field_by_field() {
        let valid = MediaDetails {
            title: "  Harbour\tat dawn ".into(),
            alt_text: "Fishing boats\r\nat the quay".into(),
            caption: "Line one\r\nLine two\n\n".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(valid.title, "Harbour at dawn");
        assert_eq!(valid.alt_text, "Fishing boats at the quay");
        assert_eq!(valid.caption, "Line one\nLine two");

        let errors = MediaDetails {
            title: "\u{200B} ".into(),
            alt_text: "a".repeat(MAX_ALT_TEXT_CHARS + 1),
            caption: "c".repeat(MAX_CAPTION_CHARS + 1),
        }
        .validate()
        .unwrap_err();
        assert!(errors.get("title").unwrap().contains("title"));
        assert!(errors.get("alt_text").unwrap().contains("1000"));
        assert!(errors.get("caption").unwrap().contains("2000"));
    }

    #[test]
    fn titles_are_made_from_file_names() {
        assert_eq!(
            MediaDetails::title_from_file_name("C:\\photos\\harbour_at-dawn (2).JPG"),
            "harbour at dawn (2)"
        );
        assert_eq!(MediaDetails::title_from_file_name(".jpg"), "Image");
        assert_eq!(MediaDetails::title_from_file_name("plain"), "plain");
    }
}
