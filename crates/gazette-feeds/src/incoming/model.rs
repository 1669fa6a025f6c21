//! A feed as Gazette keeps it after reading: plain-text titles, sanitised HTML, absolute
//! addresses, Gazette's timestamps and a stable key per item, whatever the format was.

use gazette_domain::Timestamp;
use url::Url;

use super::identity::ItemKey;
use super::repair::Repair;

/// A feed read and cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The feed's title, as plain text (empty if it has none).
    pub title: String,
    /// The site the feed belongs to.
    pub home_page: Option<Url>,
    /// The feed's description or subtitle, as plain text (empty if it has none).
    pub description: String,
    /// The items, in the feed's order.
    pub items: Vec<ParsedItem>,
    /// What had to be repaired or guessed to read it, for the source's log.
    pub repairs: Vec<Repair>,
}

/// One item (RSS) or entry (Atom, JSON Feed) of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedItem {
    /// The item's stable key within its source.
    pub key: ItemKey,
    /// The guid or id as the feed gave it, trimmed.
    pub guid: Option<String>,
    /// The address of the original, absolute.
    pub link: Option<Url>,
    /// The title, as plain text (empty if it has none).
    pub title: String,
    /// The body, sanitised: the item's content, else its summary, else empty (the caller
    /// decides what an item without a body becomes).
    pub content_html: String,
    /// The body's words as plain text (`text_of_cleaned_html`), read while the item was
    /// cleaned: what search indexes and keyword rules read.
    pub content_text: String,
    /// The summary or description, sanitised, when the item has one.
    pub summary_html: Option<String>,
    /// When the original was first published, as the feed says.
    pub published: Option<Timestamp>,
    /// When the original was last changed, as the feed says.
    pub updated: Option<Timestamp>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// The categories or tags, as named by the feed.
    pub categories: Vec<String>,
    /// The item's picture: an image enclosure, `media:content` or `media:thumbnail`.
    pub image: Option<Url>,
    /// What the feed says the picture shows (its `media:description`), as plain text on
    /// one line, when it says.
    pub image_description: Option<String>,
    /// A hex SHA-256 of what would be published (title, link, body, summary, image):
    /// when it changes, the source changed the item.
    pub content_hash: String,
}
