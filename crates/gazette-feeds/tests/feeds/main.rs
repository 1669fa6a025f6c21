//! Feeds written by `gazette-feeds`, read back with an independent parser (feed-rs) to
//! prove that what readers get is what the site meant, hostile text included.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected values")]

mod atom_round_trip;
mod fixtures;
mod rss_round_trip;
mod snapshots;
