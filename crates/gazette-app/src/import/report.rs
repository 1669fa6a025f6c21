//! What an import did: for each kind of thing an export holds, how many were created,
//! updated, skipped and failed; why each was skipped (grouped by reason) and why each
//! failure failed (one by one, naming the object and its line); and what the operator
//! should know about the site afterwards.

use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of things an export holds, in the order a report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Users who wrote something.
    Author,
    /// Categories.
    Category,
    /// Tags.
    Tag,
    /// Terms of other taxonomies (menus, post formats…).
    Term,
    /// Posts.
    Post,
    /// Pages.
    Page,
    /// Attachments.
    Attachment,
    /// Readers' comments.
    Comment,
    /// Pingbacks and trackbacks.
    Linkback,
    /// Items of other post types (menus' items, revisions, a plugin's own types).
    OtherItem,
}

impl ImportKind {
    /// The kind's name in a report, plural.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Author => "authors",
            Self::Category => "categories",
            Self::Tag => "tags",
            Self::Term => "other terms",
            Self::Post => "posts",
            Self::Page => "pages",
            Self::Attachment => "attachments",
            Self::Comment => "comments",
            Self::Linkback => "pingbacks and trackbacks",
            Self::OtherItem => "other items",
        }
    }

    /// The kind's name for one object of it.
    pub fn singular(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Category => "category",
            Self::Tag => "tag",
            Self::Term => "term",
            Self::Post => "post",
            Self::Page => "page",
            Self::Attachment => "attachment",
            Self::Comment => "comment",
            Self::Linkback => "pingback",
            Self::OtherItem => "item",
        }
    }
}

/// How many objects of one kind came to what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Made new.
    pub created: u64,
    /// Already there, and brought up to date.
    pub updated: u64,
    /// Left alone (already imported, or not importable), for a reason.
    pub skipped: u64,
    /// Could not be imported, for a reason.
    pub failed: u64,
}

/// One object that could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportFailure {
    /// Its kind.
    pub kind: ImportKind,
    /// Which it was: its WordPress id or name, and its line in the export.
    pub what: String,
    /// Why, in words.
    pub reason: String,
}

/// Objects left alone for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportSkip {
    /// Their kind.
    pub kind: ImportKind,
    /// Why they were left alone.
    pub reason: String,
    /// How many.
    pub count: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The exported site's title.
    pub site_title: String,
    /// The exported site's address, which the import's records are kept under.
    pub site_address: String,
    /// The version of WordPress's format the export is in.
    pub wxr_version: String,
    /// Whether this was a dry run: nothing was written.
    pub dry_run: bool,
    /// How many of each kind came to what, for the kinds the export holds.
    pub counts: BTreeMap<ImportKind, ImportCounts>,
    /// Every object that could not be imported, with the reason.
    pub failures: Vec<ImportFailure>,
    /// Why objects were skipped, with how many for each reason.
    pub skips: Vec<ImportSkip>,
    /// What the site's operator should know: the permalink pattern taken on or not,
    /// statuses WordPress has and Gazette does not, images left at the old site…
    pub notes: Vec<String>,
}

impl ImportReport {
    /// The counts of `kind`.
    pub fn counts(&self, kind: ImportKind) -> ImportCounts {
        self.counts.get(&kind).copied().unwrap_or_default()
    }

    pub(super) fn created(&mut self, kind: ImportKind, count: u64) {
        self.counts.entry(kind).or_default().created += count;
    }

    pub(super) fn updated(&mut self, kind: ImportKind) {
        self.counts.entry(kind).or_default().updated += 1;
    }

    pub(super) fn skipped(&mut self, kind: ImportKind, reason: &str) {
        self.counts.entry(kind).or_default().skipped += 1;
        match self
            .skips
            .iter_mut()
            .find(|skip| skip.kind == kind && skip.reason == reason)
        {
            Some(skip) => skip.count += 1,
            None => self.skips.push(ImportSkip {
                kind,
                reason: reason.to_owned(),
                count: 1,
            }),
        }
    }

    pub(super) fn failed(&mut self, kind: ImportKind, what: String, reason: String) {
        self.counts.entry(kind).or_default().failed += 1;
        self.failures.push(ImportFailure { kind, what, reason });
    }

    pub(super) fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_are_grouped_by_reason_and_failures_kept_one_by_one() {
        let mut report = ImportReport::default();
        report.created(ImportKind::Post, 3);
        report.skipped(ImportKind::Post, "already imported");
        report.skipped(ImportKind::Post, "already imported");
        report.skipped(ImportKind::Comment, "already imported");
        report.failed(
            ImportKind::Post,
            "post 7 (line 12)".into(),
            "it has no id".into(),
        );
        assert_eq!(
            report.counts(ImportKind::Post),
            ImportCounts {
                created: 3,
                updated: 0,
                skipped: 2,
                failed: 1
            }
        );
        assert_eq!(report.skips.len(), 2);
        assert_eq!(report.skips[0].count, 2);
        assert_eq!(report.failures[0].what, "post 7 (line 12)");
        assert_eq!(report.counts(ImportKind::Tag), ImportCounts::default());
    }
}
