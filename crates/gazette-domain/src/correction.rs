//! Corrections and updates: dated notes an editor adds to a published article, shown to
//! readers at its end. A correction says what was wrong; an update says what changed since.

use crate::field_errors::FieldErrors;
use crate::ids::{ArticleId, CorrectionId, UserId};
use crate::text::clean_multi_line;
use crate::time::Timestamp;
use serde::Serialize;

/// The longest note accepted, in characters.
pub const MAX_NOTE_CHARACTERS: usize = 2_000;

/// What kind of note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// Something the article got wrong, now put right.
    Correction,
    /// Something that happened or was learnt after publication.
    Update,
}

impl CorrectionKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correction => "correction",
            Self::Update => "update",
        }
    }

    /// Reads a stored or submitted name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "correction" => Some(Self::Correction),
            "update" => Some(Self::Update),
            _ => None,
        }
    }

    /// The word readers see before the note.
    pub fn label(self) -> &'static str {
        match self {
            Self::Correction => "Correction",
            Self::Update => "Update",
        }
    }
}

/// A stored note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// Its identifier.
    pub id: CorrectionId,
    /// The article it belongs to.
    pub article_id: ArticleId,
    /// Correction or update.
    pub kind: CorrectionKind,
    /// The note as the editor wrote it (Markdown).
    pub note_text: String,
    /// The note rendered to sanitised HTML when it was saved.
    pub note_html: String,
    /// Who added it.
    pub author_id: Option<UserId>,
    /// When it was added: the date readers see.
    pub created_at: Timestamp,
}

/// Checks a note as an editor submits it; returns the kind and the cleaned text.
pub fn validate_note(kind: &str, note: &str) -> Result<(CorrectionKind, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = CorrectionKind::parse(kind);
    if kind.is_none() {
        errors.add(
            "correction_kind",
            "Choose whether this is a correction or an update.",
        );
    }
    let note = clean_multi_line(note).trim().to_owned();
    if note.is_empty() {
        errors.add(
            "correction_note",
            "Write the note readers will see: what was wrong and what is right, or what changed.",
        );
    } else if note.chars().count() > MAX_NOTE_CHARACTERS {
        errors.add(
            "correction_note",
            format!("The note is too long: at most {MAX_NOTE_CHARACTERS} characters."),
        );
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((kind, note)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_needs_a_kind_and_words() {
        assert_eq!(
            validate_note("correction", "  The vote was 5–4, not 6–3.\r\n").unwrap(),
            (
                CorrectionKind::Correction,
                "The vote was 5–4, not 6–3.".to_owned()
            )
        );
        let errors = validate_note("retraction", "   ").unwrap_err();
        assert!(errors.get("correction_kind").is_some());
        assert!(errors.get("correction_note").is_some());
        assert!(
            validate_note("update", &"x".repeat(MAX_NOTE_CHARACTERS + 1))
                .unwrap_err()
                .get("correction_note")
                .unwrap()
                .contains("too long")
        );
    }
}
