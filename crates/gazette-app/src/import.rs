//! Moving a WordPress site over: `App::import_wordpress` reads an export (WXR) as a stream
//! and brings its authors, categories, tags, posts, pages, attachments and comments into
//! the site, in one transaction — a file that turns out to be malformed halfway leaves the
//! site exactly as it was.
//!
//! - `reading`: the export read on a blocking thread, one entry at a time, each body and
//!   comment made into sanitised HTML there, and handed over through a bounded channel, so
//!   that memory stays that of a few hundred items whatever the file's size.
//! - `authors`: WordPress's users as Gazette users (with no password until invited), or
//!   mapped to existing users by `--authors map.csv` or by their email address.
//! - `terms`: categories with their hierarchy and descriptions, and tags, including those
//!   items use without declaring them.
//! - `articles`: posts and pages, their statuses, dates, slugs, excerpts and bodies,
//!   written a batch at a time with the ids they had on WordPress where those are free.
//! - `comments`: comments, pingbacks and trackbacks with their threads, statuses and dates.
//! - `addresses`: the permalink pattern read from the export's links, and every address
//!   Gazette's differs from kept, so that old links answer 301.
//! - `media`: with `--media fetch`, once the import is committed, the export's images
//!   fetched through the guarded client into the media library, bodies and featured
//!   images moved onto the library's copies, each image in its own transaction.
//! - `session`: the transaction and what it has done so far.
//! - `report`: what became of everything, per kind, with a reason for each failure.
//!
//! Each WordPress object is remembered with what it became (`wordpress_objects`, keyed by
//! the export's site address), so importing the same file again creates nothing new: what
//! is unchanged is skipped, and an article WordPress changed since is updated unless an
//! editor changed it in Gazette meanwhile.

mod addresses;
mod articles;
mod authors;
mod comments;
mod media;
mod reading;
mod report;
mod seo;
mod session;
mod terms;
mod times;

pub use authors::{AuthorMap, AuthorMapError};
pub use report::{ImportCounts, ImportFailure, ImportKind, ImportReport, ImportSkip};

use crate::{App, AppResult};
use gazette_domain::Slug;
use std::io::Read;

/// What happens to the export's attachments (images and other files).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MediaMode {
    /// They stay where they are: bodies keep linking to the old site's files.
    #[default]
    Link,
    /// Images are downloaded (through the guarded client) into the media library, and
    /// bodies and featured images use the library's copies.
    Fetch,
}

/// Whether the site takes on the permalink pattern of the export's links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PermalinkChoice {
    /// The export's pattern when the site has no articles yet, else the site's own.
    #[default]
    Auto,
    /// The export's pattern, whenever one is found.
    Keep,
    /// The site's own pattern; the export's addresses redirect.
    Site,
}

/// How an import runs.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Read and check everything, report what would happen, and write nothing.
    pub dry_run: bool,
    /// WordPress logins mapped to existing users.
    pub authors: AuthorMap,
    /// What happens to attachments.
    pub media: MediaMode,
    /// Whether the site takes on the export's permalink pattern.
    pub permalinks: PermalinkChoice,
    /// Fetch attachments at private addresses (for a site on the local network).
    pub allow_private_addresses: bool,
}

/// How far an import has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// Bytes of the export read.
    pub bytes_read: u64,
    /// Items (posts, pages, attachments…) read.
    pub items: u64,
    /// Comments read.
    pub comments: u64,
}

/// Told how an import is going, as often as a batch is written.
pub trait ImportObserver: Send + Sync {
    /// The import has come this far.
    fn progressed(&self, progress: ImportProgress);
}

/// An observer that is told nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unobserved;

impl ImportObserver for Unobserved {
    fn progressed(&self, _progress: ImportProgress) {}
}

impl App {
    /// Imports the WordPress export read from `source`. Everything is written in one
    /// transaction (rolled back for a dry run, or when the file turns out to be malformed);
    /// with [`MediaMode::Fetch`], the images are fetched afterwards, each on its own.
    pub async fn import_wordpress(
        &self,
        source: Box<dyn Read + Send>,
        options: &ImportOptions,
        observer: &dyn ImportObserver,
    ) -> AppResult<ImportReport> {
        session::run(self, source, options, observer).await
    }
}

/// A slug WordPress wrote (percent-encoded when it is not ASCII) as a Gazette slug: kept
/// when it is one, else made from its decoded text, else from `title`, else `fallback`.
fn wordpress_slug(raw: &str, title: &str, fallback: &str) -> Slug {
    let decoded = percent_decoded(raw.trim());
    if let Ok(slug) = Slug::parse(&decoded) {
        return slug;
    }
    let from_slug = Slug::from_title(&decoded, "");
    if !from_slug.as_str().is_empty() {
        return from_slug;
    }
    Slug::from_title(title, fallback)
}

/// `text` with its `%XX` escapes decoded as UTF-8 (invalid sequences replaced).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            decoded.push(byte);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_slugs_become_plain_ones() {
        assert_eq!(
            wordpress_slug("fish-and-chips", "x", "article").as_str(),
            "fish-and-chips"
        );
        assert_eq!(
            wordpress_slug("%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82", "x", "article").as_str(),
            "privet"
        );
        assert_eq!(
            wordpress_slug("Old_Style", "x", "article").as_str(),
            "old-style"
        );
        assert_eq!(
            wordpress_slug("", "A new day", "article").as_str(),
            "a-new-day"
        );
        assert_eq!(wordpress_slug("", "", "article").as_str(), "article");
    }
}
