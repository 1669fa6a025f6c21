//! Feeds in: reading another outlet's RSS, Atom or JSON Feed into a [`ParsedFeed`].
//!
//! [`parse_feed`] takes a body as fetched and does, in order:
//!
//! 1. `encoding`: decides the character encoding and reads the body as UTF-8;
//! 2. `xml_repair`: repairs, in XML, what feed-rs cannot read (a bare `&`, HTML
//!    entities, `<rss>` without a version…), and refuses DOCTYPEs with entity
//!    declarations, HTML pages and bodies cut short;
//! 3. feed-rs, with `dates` reading the dates leniently — a long XML feed cut into parts
//!    read on every core (`split`);
//! 4. `content`: sanitises the HTML, resolves relative addresses, makes titles plain;
//! 5. `identity`: gives every item a stable key.
//!
//! [`read_feed`] does the same up to the items' keys and leaves the cleaning to
//! [`FeedReading::next_items`], a batch at a time (`reading`).
//!
//! Each repair is reported in [`ParsedFeed::repairs`]. Fetching is not done here, nor is
//! storing: this module turns bytes into values and touches nothing else.

mod content;
mod dates;
mod encoding;
mod error;
mod identity;
mod model;
mod parse;
mod reading;
mod repair;
mod split;
mod xml_repair;

pub use content::{SYNDICATED_LINK_REL, clean_syndicated_html, text_of_cleaned_html};
pub use error::FeedError;
pub use identity::{ItemKey, ItemKeyKind, normalise_link};
pub use model::{ParsedFeed, ParsedItem};
pub use parse::{parse_feed, read_feed};
pub use reading::FeedReading;
pub use repair::Repair;
