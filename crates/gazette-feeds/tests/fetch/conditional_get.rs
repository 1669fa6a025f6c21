//! Conditional GET: the validators sent back, 304 costing nothing, compressed feeds.

use crate::fixture_server::{ETAG, FEED, FixtureServer, LAST_MODIFIED};
use crate::support::{allowed, client, fetched};
use gazette_feeds::fetch::{FetchOutcome, FetchRequest, USER_AGENT};

#[tokio::test]
async fn a_first_fetch_brings_the_feed_and_its_validators() {
    let server = FixtureServer::start().await;
    let feed = fetched(client().fetch(&allowed(server.url("/feed.xml"))).await);
    assert_eq!(feed.status, 200);
    assert_eq!(feed.body, FEED);
    assert_eq!(feed.final_url, server.url("/feed.xml"));
    assert_eq!(feed.permanent_redirect, None);
    assert_eq!(
        feed.content_type.as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(feed.etag.as_deref(), Some(ETAG));
    assert_eq!(feed.last_modified.as_deref(), Some(LAST_MODIFIED));
    let sent = &server.received()[0].headers;
    assert!(!sent.contains_key("if-none-match") && !sent.contains_key("if-modified-since"));
}

#[tokio::test]
async fn the_stored_etag_gets_a_304_that_carries_an_etag() {
    let server = FixtureServer::start().await;
    let request = FetchRequest {
        etag: Some(ETAG.to_owned()),
        last_modified: Some(LAST_MODIFIED.to_owned()),
        ..allowed(server.url("/feed.xml"))
    };
    let outcome = client().fetch(&request).await;
    assert_eq!(
        outcome,
        FetchOutcome::NotModified {
            permanent_redirect: None
        }
    );
    let sent = &server.received()[0].headers;
    assert_eq!(sent["if-none-match"], ETAG);
    assert_eq!(sent["if-modified-since"], LAST_MODIFIED);
}

#[tokio::test]
async fn the_stored_date_alone_gets_a_304_without_etag() {
    let server = FixtureServer::start().await;
    let request = FetchRequest {
        last_modified: Some(LAST_MODIFIED.to_owned()),
        ..allowed(server.url("/dated.xml"))
    };
    let outcome = client().fetch(&request).await;
    assert_eq!(
        outcome,
        FetchOutcome::NotModified {
            permanent_redirect: None
        }
    );
    assert!(!server.received()[0].headers.contains_key("if-none-match"));
}

#[tokio::test]
async fn a_stale_etag_gets_the_feed_again() {
    let server = FixtureServer::start().await;
    let request = FetchRequest {
        etag: Some("\"v0\"".to_owned()),
        ..allowed(server.url("/feed.xml"))
    };
    let feed = fetched(client().fetch(&request).await);
    assert_eq!(feed.body, FEED);
    assert_eq!(feed.etag.as_deref(), Some(ETAG));
}

#[tokio::test]
async fn a_stored_validator_that_is_no_header_value_is_left_out() {
    let server = FixtureServer::start().await;
    let request = FetchRequest {
        etag: Some("\"v1\"\r\nX-Injected: yes".to_owned()),
        ..allowed(server.url("/feed.xml"))
    };
    assert_eq!(fetched(client().fetch(&request).await).body, FEED);
    let sent = &server.received()[0].headers;
    assert!(!sent.contains_key("if-none-match") && !sent.contains_key("x-injected"));
}

#[tokio::test]
async fn every_request_names_gazette_and_what_it_accepts() {
    let server = FixtureServer::start().await;
    let feed = fetched(client().fetch(&allowed(server.url("/whoami"))).await);
    let echoed = String::from_utf8(feed.body).unwrap();
    assert!(USER_AGENT.starts_with(&format!("Gazette/{} ", env!("CARGO_PKG_VERSION"))));
    assert!(
        echoed.contains(&format!("user-agent: {USER_AGENT}\n")),
        "{echoed}"
    );
    assert!(
        echoed.contains("accept-encoding: gzip, deflate, br\n"),
        "{echoed}"
    );
    assert!(
        echoed.contains("accept: application/rss+xml, application/atom+xml"),
        "{echoed}"
    );
}

#[tokio::test]
async fn gzip_deflate_and_brotli_feeds_arrive_decompressed() {
    let server = FixtureServer::start().await;
    for path in ["/gzip-feed", "/deflate-feed", "/brotli-feed"] {
        let feed = fetched(client().fetch(&allowed(server.url(path))).await);
        assert_eq!(feed.body, FEED, "{path}");
    }
}
