//! Answers other than a feed: gone, come back later, errors, nobody there.

use crate::fixture_server::{FixtureServer, RETRY_DATE};
use crate::support::{allowed, client, failed};
use gazette_domain::Timestamp;
use gazette_feeds::fetch::{FetchError, FetchOutcome};

#[tokio::test]
async fn a_410_says_the_feed_is_gone() {
    let server = FixtureServer::start().await;
    assert_eq!(
        client().fetch(&allowed(server.url("/gone"))).await,
        FetchOutcome::Gone
    );
}

#[tokio::test]
async fn a_429_with_seconds_asks_to_come_back_that_much_later() {
    let server = FixtureServer::start().await;
    let before = Timestamp::now();
    let outcome = client().fetch(&allowed(server.url("/rate-limited"))).await;
    let after = Timestamp::now();
    let FetchOutcome::RetryAfter { status, at } = outcome else {
        panic!("expected Retry-After, got {outcome:?}");
    };
    assert_eq!(status, 429);
    assert!(
        at >= before.plus_seconds(120) && at <= after.plus_seconds(120),
        "{at}"
    );
}

#[tokio::test]
async fn a_503_with_a_date_asks_to_come_back_then() {
    let server = FixtureServer::start().await;
    let outcome = client()
        .fetch(&allowed(server.url("/unavailable-until")))
        .await;
    let expected = "2098-10-21T07:28:00Z".parse().unwrap();
    assert_eq!(
        outcome,
        FetchOutcome::RetryAfter {
            status: 503,
            at: expected
        },
        "{RETRY_DATE}"
    );
}

#[tokio::test]
async fn a_429_or_503_without_a_usable_retry_after_is_a_transient_error() {
    let server = FixtureServer::start().await;
    for (path, status) in [("/unavailable", 503), ("/rate-limited-vaguely", 429)] {
        let error = failed(client().fetch(&allowed(server.url(path))).await);
        assert_eq!(error, FetchError::Status { status }, "{path}");
        assert!(error.is_transient(), "{path}");
    }
}

#[tokio::test]
async fn other_error_statuses_are_errors_that_say_the_status() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/not-found"))).await);
    assert_eq!(error.to_string(), "the server answered 404 Not Found");
    assert!(!error.is_transient());
    let error = failed(client().fetch(&allowed(server.url("/broken"))).await);
    assert_eq!(
        error.to_string(),
        "the server answered 500 Internal Server Error"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_port_nobody_listens_on_is_a_transient_connection_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/feed.xml").parse().unwrap();
    let error = failed(client().fetch(&allowed(url)).await);
    assert!(
        matches!(error, FetchError::Connect { ref host, .. } if host == "127.0.0.1"),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("could not connect to 127.0.0.1 ("),
        "{error}"
    );
    assert!(error.is_transient());
}
