//! What a feed says, independent of the format it is written in.
//!
//! A [`FeedDocument`] mirrors one HTML page of the site (an article's comments, later the
//! front page, a category, a tag or an author) and lists its newest entries. Both writers
//! read the same document, so RSS and Atom readers see the same thing.
//!
//! Choosing and ordering the entries, and rendering their HTML, happen before a document
//! is built; formatting it as XML happens in [`crate::rss_out`] and [`crate::atom_out`].

use gazette_domain::Timestamp;

/// One feed: its own description and the entries it lists, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedDocument {
    /// The feed's title, as plain text, e.g. `Comments on “Council passes the budget”`.
    pub title: String,
    /// One sentence saying what the feed lists, as plain text.
    pub description: String,
    /// Absolute URL of the HTML page this feed mirrors.
    pub site_url: String,
    /// Absolute URL this feed is served at. Atom also uses it as the feed's permanent id.
    pub self_url: String,
    /// Language of the content as a language tag such as `en` or `pt-BR`, when known.
    pub language: Option<String>,
    /// When the feed last changed: its newest entry, or the site's last change.
    pub updated: Timestamp,
    /// The entries, in the order they are written (newest first is what readers expect).
    pub entries: Vec<FeedEntry>,
}

/// One item of a feed: a comment today, an article later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEntry {
    /// A permanent, unique id, usually an absolute URL such as
    /// `https://news.example/2024/budget#comment-12`. It must never change once published,
    /// or readers show the entry again as new.
    ///
    /// RSS writes it as the `guid`, marked as a permalink exactly when it equals
    /// [`url`](Self::url).
    pub id: String,
    /// Absolute URL where the entry can be read on the site.
    pub url: String,
    /// The entry's title, as plain text, e.g. `By: Ada Lovelace` for a comment.
    pub title: String,
    /// The display name of whoever wrote the entry.
    pub author_name: String,
    /// When the entry was first published.
    pub published: Timestamp,
    /// When the entry last changed; equal to `published` if it never did.
    pub updated: Timestamp,
    /// The entry's full content as HTML, already sanitised.
    pub content_html: String,
}
