//! Bodies that are not the feed expected: handed over as they are, for the parser to
//! judge, unless the transfer itself failed.

use crate::fixture_server::{FEED, FixtureServer};
use crate::support::{allowed, client, failed, fetched};
use gazette_feeds::fetch::FetchError;

#[tokio::test]
async fn html_instead_of_a_feed_comes_back_with_its_content_type() {
    let server = FixtureServer::start().await;
    let page = fetched(client().fetch(&allowed(server.url("/html"))).await);
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.starts_with(b"<!doctype html>"));
}

#[tokio::test]
async fn truncated_xml_an_empty_body_and_a_wrong_type_are_the_parser_s_to_judge() {
    let server = FixtureServer::start().await;
    let truncated = fetched(client().fetch(&allowed(server.url("/truncated.xml"))).await);
    assert_eq!(truncated.body, &FEED[..FEED.len() / 2]);
    let empty = fetched(client().fetch(&allowed(server.url("/empty"))).await);
    assert_eq!((empty.status, empty.body.len()), (200, 0));
    let mislabelled = fetched(client().fetch(&allowed(server.url("/wrong-type"))).await);
    assert_eq!(mislabelled.content_type.as_deref(), Some("image/png"));
    assert_eq!(mislabelled.body, FEED);
}

#[tokio::test]
async fn a_body_shorter_than_announced_is_a_transient_error() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/cut-short"))).await);
    assert!(
        matches!(error, FetchError::Interrupted { ref host, .. } if host == "127.0.0.1"),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the connection to 127.0.0.1 broke before the answer was complete"),
        "{error}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn an_encoding_gazette_does_not_read_is_refused_by_name() {
    let server = FixtureServer::start().await;
    let error = failed(client().fetch(&allowed(server.url("/zstd-feed"))).await);
    assert_eq!(
        error.to_string(),
        "the server sent the body encoded as zstd, which Gazette cannot read"
    );
    assert!(!error.is_transient());
}
