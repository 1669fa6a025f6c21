//! What a feed says, independent of the format it is written in.
//!
//! A [`FeedDocument`] mirrors one HTML page of the site (the front page, an article's
//! comments, later a category, a tag or an author) and lists its newest entries. Every
//! writer reads the same document, so RSS, Atom and JSON Feed readers see the same thing.
//!
//! Choosing and ordering the entries, and rendering their HTML (a republished article's
//! `Credit:` line included), happen before a document is built; formatting it happens in
//! [`crate::rss_out`], [`crate::atom_out`] and [`crate::json_feed_out`].

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

/// One item of a feed: a comment or an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEntry {
    /// A permanent, unique id, such as `https://news.example/2024/budget#comment-12` for a
    /// comment or `https://news.example/?p=42` for an article (an address that survives any
    /// change of slug or permalink pattern). It must never change once published, or
    /// readers show the entry again as new.
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
    /// A short summary as plain text (an article's excerpt), when the entry has one.
    pub summary: Option<String>,
    /// The entry's full content as HTML, already sanitised; `None` when the feed carries
    /// only summaries.
    pub content_html: Option<String>,
    /// The names of its categories and tags, each once.
    pub categories: Vec<String>,
    /// The image that stands for the entry (an article's featured image).
    pub image: Option<EntryImage>,
    /// The outlet the entry was first published by, for a republished article.
    pub source: Option<EntrySource>,
}

/// An image that stands for an entry: an RSS `enclosure`, an Atom `rel="enclosure"` link,
/// a JSON Feed `image`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryImage {
    /// Absolute URL of the image file.
    pub url: String,
    /// The file's size in bytes, which RSS requires of an enclosure.
    pub length_bytes: u64,
    /// Its media type, such as `image/jpeg`.
    pub media_type: String,
}

/// The credit owed to the outlet that first published a republished entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrySource {
    /// The outlet's name, as plain text.
    pub name: String,
    /// Absolute URL of the original article.
    pub url: String,
    /// Absolute URL of the outlet's feed the entry was taken from, when it came in
    /// through syndication.
    pub feed_url: Option<String>,
    /// When the original was published, when known.
    pub published: Option<Timestamp>,
}

impl EntrySource {
    /// The address that stands for the outlet as a whole: its feed when the entry came
    /// from one, otherwise the original article.
    pub fn outlet_url(&self) -> &str {
        self.feed_url.as_deref().unwrap_or(&self.url)
    }
}
