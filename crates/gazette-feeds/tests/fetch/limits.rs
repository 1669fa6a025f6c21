//! Servers that never finish or send too much: each fetch is cut off at its limit.

use crate::fixture_server::FixtureServer;
use crate::support::{allowed, client, failed, impatient_client};
use gazette_feeds::fetch::{FeedClient, FetchError, FetchLimits};
use std::time::Duration;

const TEN_MIB: u64 = 10 * 1024 * 1024;

#[tokio::test]
async fn a_server_that_never_answers_is_cut_off_at_the_total_timeout() {
    let server = FixtureServer::start().await;
    let error = failed(
        impatient_client()
            .fetch(&allowed(server.url("/never-answers")))
            .await,
    );
    assert_eq!(
        error,
        FetchError::Timeout {
            limit: Duration::from_secs(1)
        }
    );
    assert_eq!(error.to_string(), "the server did not answer within 1 s");
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_body_that_never_ends_or_drips_is_cut_off_at_the_total_timeout() {
    let server = FixtureServer::start().await;
    for path in ["/never-ends", "/slow-drip"] {
        let error = failed(impatient_client().fetch(&allowed(server.url(path))).await);
        assert_eq!(
            error,
            FetchError::Timeout {
                limit: Duration::from_secs(1)
            },
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_50_mib_body_is_refused_whether_announced_or_not() {
    let server = FixtureServer::start().await;
    for path in ["/huge", "/huge-unannounced"] {
        let error = failed(client().fetch(&allowed(server.url(path))).await);
        assert_eq!(error, FetchError::BodyTooLarge { limit: TEN_MIB }, "{path}");
        assert_eq!(error.to_string(), "the body passed the 10 MiB limit");
        assert!(!error.is_transient());
    }
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_decompressed_limit() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/gzip-bomb"))).await);
    assert_eq!(error, FetchError::DecompressedTooLarge { limit: TEN_MIB });
    assert_eq!(
        error.to_string(),
        "the body passed the 10 MiB limit once decompressed (a compression bomb?)"
    );
}

#[tokio::test]
async fn the_limits_are_the_client_s_own() {
    let server = FixtureServer::start().await;
    let short_bodies = FeedClient::new(FetchLimits {
        max_body_bytes: 100,
        ..FetchLimits::default()
    })
    .unwrap();
    assert_eq!(short_bodies.limits().max_body_bytes, 100);
    let error = failed(short_bodies.fetch(&allowed(server.url("/feed.xml"))).await);
    assert_eq!(error.to_string(), "the body passed the 100 bytes limit");
    let little_decompression = FeedClient::new(FetchLimits {
        max_decompressed_bytes: 100,
        ..FetchLimits::default()
    })
    .unwrap();
    let error = failed(
        little_decompression
            .fetch(&allowed(server.url("/gzip-feed")))
            .await,
    );
    assert_eq!(error, FetchError::DecompressedTooLarge { limit: 100 });
}
