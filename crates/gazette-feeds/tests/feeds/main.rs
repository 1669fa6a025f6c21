//! Feeds written by `gazette-feeds`, read back with an independent parser (feed-rs) to
//! prove that what readers get is what the site meant, hostile text included. What feed-rs
//! does not read (RSS's and Atom's `source`) is read back with the rss and atom_syndication
//! crates.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected values")]

mod atom_round_trip;
mod fixtures;
mod json_feed_round_trip;
mod rss_round_trip;
mod snapshots;
