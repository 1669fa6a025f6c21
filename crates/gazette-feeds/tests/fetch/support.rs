//! Clients and requests as the tests use them, and unwrapping outcomes.

use gazette_feeds::fetch::{
    FeedClient, FetchError, FetchLimits, FetchOutcome, FetchRequest, FetchedFeed,
};
use std::time::Duration;
use url::Url;

/// A client with the production limits.
pub fn client() -> FeedClient {
    FeedClient::new(FetchLimits::default()).unwrap()
}

/// A client that gives up on a fetch after one second, for servers that never finish.
pub fn impatient_client() -> FeedClient {
    client_giving_up_after(Duration::from_secs(1))
}

/// A client that gives up on a fetch after `total_timeout`.
pub fn client_giving_up_after(total_timeout: Duration) -> FeedClient {
    FeedClient::new(FetchLimits {
        total_timeout,
        ..FetchLimits::default()
    })
    .unwrap()
}

/// A request for a source added with `--allow-private-addresses`, as the fixture server
/// on loopback needs.
pub fn allowed(url: Url) -> FetchRequest {
    FetchRequest {
        allow_private_addresses: true,
        ..FetchRequest::new(url)
    }
}

/// The feed a fetch brought, or a failure naming what came instead.
pub fn fetched(outcome: FetchOutcome) -> FetchedFeed {
    match outcome {
        FetchOutcome::Fetched(feed) => feed,
        other => panic!("expected a feed, got {other:?}"),
    }
}

/// The error a fetch failed with, or a failure naming what came instead.
pub fn failed(outcome: FetchOutcome) -> FetchError {
    match outcome {
        FetchOutcome::Failed(error) => error,
        other => panic!("expected an error, got {other:?}"),
    }
}
