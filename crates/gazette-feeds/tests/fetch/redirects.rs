//! Redirects: permanent moves reported, temporary ones followed quietly, loops caught.

use crate::fixture_server::{ETAG, FEED, FixtureServer};
use crate::support::{allowed, client, failed, fetched};
use gazette_feeds::fetch::{FetchError, FetchOutcome, FetchRequest};

#[tokio::test]
async fn a_permanent_redirect_reports_the_new_address() {
    let server = FixtureServer::start().await;
    for path in ["/moved", "/moved-308"] {
        let feed = fetched(client().fetch(&allowed(server.url(path))).await);
        assert_eq!(feed.body, FEED, "{path}");
        assert_eq!(feed.final_url, server.url("/feed.xml"), "{path}");
        assert_eq!(
            feed.permanent_redirect,
            Some(server.url("/feed.xml")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_temporary_redirect_is_followed_without_moving_the_source() {
    let server = FixtureServer::start().await;
    for path in ["/found", "/temporary", "/see-other"] {
        let feed = fetched(client().fetch(&allowed(server.url(path))).await);
        assert_eq!(feed.body, FEED, "{path}");
        assert_eq!(feed.final_url, server.url("/feed.xml"), "{path}");
        assert_eq!(feed.permanent_redirect, None, "{path}");
    }
}

#[tokio::test]
async fn only_the_permanent_redirects_before_any_temporary_one_count() {
    let server = FixtureServer::start().await;
    let feed = fetched(
        client()
            .fetch(&allowed(server.url("/moved-then-found")))
            .await,
    );
    assert_eq!(feed.permanent_redirect, Some(server.url("/found")));
    let feed = fetched(
        client()
            .fetch(&allowed(server.url("/found-then-moved")))
            .await,
    );
    assert_eq!(feed.permanent_redirect, None);
    assert_eq!(feed.final_url, server.url("/feed.xml"));
}

#[tokio::test]
async fn a_permanent_redirect_to_an_unchanged_feed_is_reported_with_the_304() {
    let server = FixtureServer::start().await;
    let request = FetchRequest {
        etag: Some(ETAG.to_owned()),
        ..allowed(server.url("/moved"))
    };
    assert_eq!(
        client().fetch(&request).await,
        FetchOutcome::NotModified {
            permanent_redirect: Some(server.url("/feed.xml"))
        }
    );
    assert_eq!(server.received()[1].headers["if-none-match"], ETAG);
}

#[tokio::test]
async fn a_redirect_loop_is_an_error_caught_on_its_first_turn() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/loop-a"))).await);
    assert_eq!(
        error,
        FetchError::RedirectLoop {
            url: server.url("/loop-a").to_string()
        }
    );
    assert!(!error.is_transient());
    assert_eq!(server.paths(), ["/loop-a", "/loop-b"]);
}

#[tokio::test]
async fn five_redirects_are_followed_and_a_sixth_is_not() {
    let server = FixtureServer::start().await;
    let feed = fetched(client().fetch(&allowed(server.url("/hops/4"))).await);
    assert_eq!(feed.body, FEED);
    let error = failed(client().fetch(&allowed(server.url("/hops/5"))).await);
    assert_eq!(error, FetchError::TooManyRedirects { limit: 5 });
    assert_eq!(error.to_string(), "the server redirected more than 5 times");
}

#[tokio::test]
async fn a_redirect_without_location_or_to_another_scheme_is_an_error() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/no-location"))).await);
    assert_eq!(error, FetchError::BadRedirect { status: 302 });
    let error = failed(client().fetch(&allowed(server.url("/to-ftp"))).await);
    assert_eq!(
        error,
        FetchError::UnsupportedScheme {
            url: "ftp://127.0.0.1/feed.xml".to_owned()
        }
    );
}
