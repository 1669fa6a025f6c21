//! Reading the fixtures and parsing them.

use std::path::PathBuf;

use gazette_feeds::incoming::Repair;
use gazette_feeds::{FeedError, ParsedFeed, parse_feed};
use url::Url;

/// The bytes of fixture `name`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/incoming/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The address every fixture is said to come from.
pub fn feed_url() -> Url {
    Url::parse("https://source.example/feeds/main.xml").unwrap()
}

/// `body` parsed as if served with `content_type`, or the error.
pub fn try_parse(body: &[u8], content_type: Option<&str>) -> Result<ParsedFeed, FeedError> {
    parse_feed(body, content_type, &feed_url())
}

/// `body` parsed as if served with `content_type`; fails the test if it cannot be.
pub fn parse(body: &[u8], content_type: Option<&str>) -> ParsedFeed {
    try_parse(body, content_type).unwrap_or_else(|error| panic!("{error}"))
}

/// Whether `feed` lists a repair that `matches`.
pub fn repaired(feed: &ParsedFeed, matches: impl Fn(&Repair) -> bool) -> bool {
    feed.repairs.iter().any(matches)
}
