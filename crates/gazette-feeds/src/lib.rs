//! Gazette's syndication feeds, in and out.
//!
//! Feeds out: a site's content described once as a [`FeedDocument`] and written as RSS 2.0
//! ([`to_rss`]), Atom 1.0 ([`to_atom`]) or JSON Feed 1.1 ([`to_json_feed`]), and the site's
//! sitemaps ([`to_sitemap_index`], [`to_url_set`], [`to_news_sitemap`]). Feeds in: other
//! outlets' feeds fetched over HTTP ([`fetch`]) and read into a [`ParsedFeed`]
//! ([`parse_feed`]).
//!
//! - [`document`]: the format-neutral description of a feed and its entries.
//! - [`rss_out`]: the RSS 2.0 writer and its content type.
//! - [`atom_out`]: the Atom 1.0 writer and its content type.
//! - [`json_feed_out`]: the JSON Feed 1.1 writer and its content type.
//! - [`sitemap_out`]: the sitemap index, sitemap and Google News sitemap writers.
//! - [`fetch`]: the one outbound HTTP client, its guard against private addresses, its
//!   limits, and the pacing of retries.
//! - [`incoming`]: reading RSS, Atom and JSON feeds: encoding, repairs, sanitising, keys.
//!
//! For feeds out, deciding what goes into a feed (which comments or articles, how many, in
//! what order) is the caller's business, as are HTTP and caching. Text arrives here already
//! sanitised; the writers only make sure it is valid XML or JSON.

pub mod atom_out;
pub mod document;
pub mod fetch;
pub mod incoming;
pub mod json_feed_out;
pub mod rss_out;
pub mod sitemap_out;

mod feed_time;

pub use atom_out::{ATOM_CONTENT_TYPE, to_atom};
pub use document::{EntryImage, EntrySource, FeedDocument, FeedEntry};
pub use json_feed_out::{JSON_FEED_CONTENT_TYPE, JSON_FEED_VERSION, to_json_feed};
pub use rss_out::{RSS_CONTENT_TYPE, to_rss};
pub use sitemap_out::{
    NewsEntry, NewsSitemap, SITEMAP_CONTENT_TYPE, SitemapEntry, newest_change, to_news_sitemap,
    to_sitemap_index, to_url_set,
};

pub use incoming::{
    FeedError, FeedReading, ItemKey, ParsedFeed, ParsedItem, parse_feed, read_feed,
};
