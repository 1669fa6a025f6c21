//! Syndication: republishing other outlets' feeds with their credit, each item once.
//!
//! - `sources`: adding, listing, pausing, resuming and removing sources.
//! - `fetching`: one fetch of a source through `gazette-feeds` (the guarded client, then
//!   the parser), what its outcome does to the source (validators, a new address, backoff
//!   after failures, `Retry-After`, a pause when the feed is gone), and the next fetch,
//!   queued as a [`FetchSource`](crate::jobs) job at the source's jittered interval.
//! - `reading`: a fetched feed parsed on the blocking pool, its items cleaned there a
//!   batch at a time and handed through a bounded channel to the transaction taking them.
//! - `taking`: what the items of a fetched feed become: new keys that pass the source's
//!   keyword and age rules become articles (published at once, or pending review) crediting
//!   the item's author, and a new item's picture a [`FetchItemImage`](crate::jobs) job;
//!   known keys whose content changed become a new version, and an update of the article
//!   or a change waiting for review; tombstoned keys are left alone.
//! - `pictures`: that job: the picture fetched through the guarded client, checked and
//!   cleaned like an upload, and made the article's featured image unless an editor chose
//!   one first.
//! - `review`: the review queue, approving (with edits), rejecting (a tombstone) and
//!   approving always.
//!
//! An item's key is remembered for as long as its source exists, whatever became of it,
//! so fetching a feed any number of times makes each article once, and an item rejected
//! or deleted by an editor never comes back.

mod fetching;
pub(crate) mod pictures;
mod reading;
mod review;
mod sources;
mod taking;

pub use fetching::{FetchReport, FetchStatus};
pub use review::{ReviewEdits, ReviewItem};

use gazette_feeds::fetch::{FeedClient, FetchLimits, Pacing, RandomSource};
use std::sync::OnceLock;

/// What fetching needs beyond the database: the HTTP clients (built on first use, so that
/// processes that never fetch never build them) and the pacing of fetches.
#[derive(Debug)]
pub(crate) struct Syndication {
    limits: FetchLimits,
    client: OnceLock<Result<FeedClient, String>>,
    picture_limits: FetchLimits,
    picture_client: OnceLock<Result<FeedClient, String>>,
    pacing: Pacing,
}

impl Syndication {
    /// Fetching feeds within `limits`, and items' pictures within the same limits but for
    /// their size, at most `max_picture_bytes` (what an upload may be); with jitter from
    /// the system's randomness.
    pub(crate) fn new(limits: FetchLimits, max_picture_bytes: u64) -> Self {
        let picture_limits = FetchLimits {
            max_body_bytes: max_picture_bytes,
            max_decompressed_bytes: max_picture_bytes,
            ..limits.clone()
        };
        Self {
            limits,
            client: OnceLock::new(),
            picture_limits,
            picture_client: OnceLock::new(),
            pacing: Pacing::new(RandomSource::from_entropy()),
        }
    }

    /// The client for feeds, built on first use.
    fn client(&self) -> Result<&FeedClient, String> {
        built_once(&self.client, &self.limits)
    }

    /// The client for items' pictures, built on first use.
    pub(crate) fn picture_client(&self) -> Result<&FeedClient, String> {
        built_once(&self.picture_client, &self.picture_limits)
    }

    /// The pacing of fetches.
    fn pacing(&self) -> &Pacing {
        &self.pacing
    }

    /// The limits every fetch keeps to.
    fn limits(&self) -> &FetchLimits {
        &self.limits
    }
}

/// The client in `cell`, built with `limits` the first time it is asked for.
fn built_once<'a>(
    cell: &'a OnceLock<Result<FeedClient, String>>,
    limits: &FetchLimits,
) -> Result<&'a FeedClient, String> {
    cell.get_or_init(|| FeedClient::new(limits.clone()).map_err(|error| error.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}
