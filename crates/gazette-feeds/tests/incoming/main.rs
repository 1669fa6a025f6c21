//! Feeds in: `parse_feed` over fixtures that feed-rs alone cannot read, hostile content,
//! bodies that are no feed at all, and the feedparser corpus.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected values")]

mod corpus;
mod encodings;
mod expectation;
mod identity;
mod long_feeds;
mod pictures;
mod refusals;
mod repairs;
mod sanitising;
mod support;
