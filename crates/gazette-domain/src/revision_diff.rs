//! The difference between two versions of an article, as an editor reads it: the body line
//! by line, with the words that changed inside a changed line marked, and the short fields
//! (title, slug, excerpt, SEO title, meta description) side by side.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a body's difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// Whether the line was kept, removed or added.
    pub kind: LineChange,
    /// The line's number in the older version, for kept and removed lines.
    pub old_number: Option<usize>,
    /// The line's number in the newer version, for kept and added lines.
    pub new_number: Option<usize>,
    /// The line's text in pieces; in changed lines the pieces that changed are marked.
    pub pieces: Vec<DiffPiece>,
}

/// What happened to a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    /// In both versions.
    Kept,
    /// Only in the older version.
    Removed,
    /// Only in the newer version.
    Added,
}

/// A run of text within a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffPiece {
    /// The text.
    pub text: String,
    /// Whether this run is what changed within the line.
    pub changed: bool,
}

/// A short field that differs between the versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's name as the editor labels it.
    pub field: &'static str,
    /// Its older value.
    pub old: String,
    /// Its newer value.
    pub new: String,
}

/// One version of an article, as far as a comparison cares.
#[derive(Clone, Copy, Debug)]
pub struct VersionText<'a> {
    /// The headline.
    pub title: &'a str,
    /// The slug.
    pub slug: &'a str,
    /// The hand-written excerpt, or empty.
    pub excerpt: &'a str,
    /// The SEO title, or empty.
    pub seo_title: &'a str,
    /// The meta description, or empty.
    pub meta_description: &'a str,
    /// The Markdown body.
    pub body: &'a str,
}

/// How two versions differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevisionDiff {
    /// The short fields that changed.
    pub fields: Vec<FieldChange>,
    /// The body, line by line; empty when the bodies are the same.
    pub body: Vec<DiffLine>,
    /// How many lines were added and removed.
    pub added: usize,
    /// How many lines were removed.
    pub removed: usize,
}

impl RevisionDiff {
    /// Whether the two versions are the same.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.added == 0 && self.removed == 0
    }
}

/// Compares `old` with `new`.
pub fn compare(old: &VersionText<'_>, new: &VersionText<'_>) -> RevisionDiff {
    let fields = [
        ("Title", old.title, new.title),
        ("Slug", old.slug, new.slug),
        ("Excerpt", old.excerpt, new.excerpt),
        ("SEO title", old.seo_title, new.seo_title),
        (
            "Meta description",
            old.meta_description,
            new.meta_description,
        ),
    ]
    .into_iter()
    .filter(|(_, before, after)| before != after)
    .map(|(field, before, after)| FieldChange {
        field,
        old: before.to_owned(),
        new: after.to_owned(),
    })
    .collect();

    let diff = TextDiff::from_lines(old.body, new.body);
    let mut body = Vec::new();
    let (mut added, mut removed) = (0, 0);
    if old.body != new.body {
        for operation in diff.ops() {
            for change in diff.iter_inline_changes(operation) {
                let kind = match change.tag() {
                    ChangeTag::Equal => LineChange::Kept,
                    ChangeTag::Delete => {
                        removed += 1;
                        LineChange::Removed
                    }
                    ChangeTag::Insert => {
                        added += 1;
                        LineChange::Added
                    }
                };
                let mut pieces: Vec<DiffPiece> = Vec::new();
                for (emphasised, text) in change.iter_strings_lossy() {
                    let text = text.trim_end_matches(['\n', '\r']);
                    if text.is_empty() {
                        continue;
                    }
                    let changed = emphasised && kind != LineChange::Kept;
                    match pieces.last_mut() {
                        Some(last) if last.changed == changed => last.text.push_str(text),
                        _ => pieces.push(DiffPiece {
                            text: text.to_owned(),
                            changed,
                        }),
                    }
                }
                body.push(DiffLine {
                    kind,
                    old_number: change.old_index().map(|index| index + 1),
                    new_number: change.new_index().map(|index| index + 1),
                    pieces,
                });
            }
        }
    }
    RevisionDiff {
        fields,
        body,
        added,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version<'a>(title: &'a str, body: &'a str) -> VersionText<'a> {
        VersionText {
            title,
            slug: "river-festival",
            excerpt: "",
            seo_title: "",
            meta_description: "",
            body,
        }
    }

    #[test]
    fn the_seo_title_and_meta_description_are_compared_as_fields() {
        let older = version("River festival", "Boats.");
        let newer = VersionText {
            seo_title: "River festival 2024: boats and music",
            meta_description: "The festival returns.",
            ..older
        };
        let changed: Vec<&str> = compare(&older, &newer)
            .fields
            .iter()
            .map(|change| change.field)
            .collect();
        assert_eq!(changed, ["SEO title", "Meta description"]);
    }

    #[test]
    fn identical_versions_have_no_difference() {
        let text = version("River festival", "Boats.\n\nMusic.");
        let diff = compare(&text, &text);
        assert!(diff.is_empty());
        assert!(diff.body.is_empty());
    }

    #[test]
    fn changed_lines_mark_the_words_that_changed() {
        let diff = compare(
            &version("River festival", "Boats on the river.\nMusic at night.\n"),
            &version(
                "River festival returns",
                "Boats on the harbour.\nMusic at night.\nFireworks.\n",
            ),
        );
        assert_eq!(
            diff.fields,
            vec![FieldChange {
                field: "Title",
                old: "River festival".into(),
                new: "River festival returns".into()
            }]
        );
        assert_eq!((diff.added, diff.removed), (2, 1));
        let removed = diff
            .body
            .iter()
            .find(|line| line.kind == LineChange::Removed)
            .unwrap();
        assert_eq!(removed.old_number, Some(1));
        assert!(
            removed
                .pieces
                .iter()
                .any(|piece| piece.changed && piece.text.contains("river"))
        );
        assert!(
            removed
                .pieces
                .iter()
                .any(|piece| !piece.changed && piece.text.starts_with("Boats on the"))
        );
        let kept = diff
            .body
            .iter()
            .find(|line| line.kind == LineChange::Kept)
            .unwrap();
        assert_eq!((kept.old_number, kept.new_number), (Some(2), Some(2)));
        assert!(kept.pieces.iter().all(|piece| !piece.changed));
        let last = diff.body.last().unwrap();
        assert_eq!(last.kind, LineChange::Added);
        assert_eq!(last.pieces[0].text, "Fireworks.");
    }
}
