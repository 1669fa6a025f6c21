//! An item's picture: fetched with the same guard, redirects and limits as a feed, asking
//! for images and sending no validators.

use crate::fixture_server::{FEED, FixtureServer};
use crate::support::{client, failed, fetched};
use gazette_feeds::fetch::{FeedClient, FetchError, FetchLimits};

#[tokio::test]
async fn a_picture_is_asked_for_as_an_image_without_validators() {
    let server = FixtureServer::start().await;
    let answer = fetched(client().fetch_picture(&server.url("/whoami"), true).await);
    let said = String::from_utf8(answer.body).unwrap();
    assert!(
        said.contains("\naccept: image/jpeg, image/png, image/webp, image/gif, */*;q=0.1\n"),
        "{said}"
    );
    let sent = &server.received()[0].headers;
    assert!(!sent.contains_key("if-none-match") && !sent.contains_key("if-modified-since"));

    let moved = fetched(client().fetch_picture(&server.url("/moved"), true).await);
    assert_eq!(moved.body, FEED, "redirects are followed");
}

#[tokio::test]
async fn a_picture_keeps_to_the_guard_and_the_client_s_body_limit() {
    let server = FixtureServer::start().await;
    let refused = failed(client().fetch_picture(&server.url("/whoami"), false).await);
    assert!(matches!(refused, FetchError::Refused(_)), "{refused}");
    assert!(
        server.received().is_empty(),
        "nothing is sent to a refused address"
    );

    let limit = 1024 * 1024;
    let small = FeedClient::new(FetchLimits {
        max_body_bytes: limit,
        max_decompressed_bytes: limit,
        ..FetchLimits::default()
    })
    .unwrap();
    let error = failed(small.fetch_picture(&server.url("/huge"), true).await);
    assert_eq!(error, FetchError::BodyTooLarge { limit });
    assert!(!error.is_transient());
    let missing = failed(
        client()
            .fetch_picture(&server.url("/not-found"), true)
            .await,
    );
    assert_eq!(missing, FetchError::Status { status: 404 });
}
