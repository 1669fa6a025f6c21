//! The guard: loopback refused unless the source allows it, by address, by name and by
//! redirect. Refused fetches send nothing; every address tried is on loopback.

use crate::fixture_server::{FEED, FixtureServer};
use crate::support::{allowed, client, failed, fetched};
use gazette_feeds::fetch::{
    AddressClass, AddressRefused, FeedClient, FetchError, FetchLimits, FetchRequest,
};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

fn refused(host: &str, address: IpAddr) -> FetchError {
    FetchError::Refused(AddressRefused {
        host: host.to_owned(),
        address,
        class: AddressClass::Loopback,
    })
}

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

#[tokio::test]
async fn loopback_is_refused_without_the_switch_and_fetched_with_it() {
    let server = FixtureServer::start().await;
    let url = server.url("/feed.xml");
    let error = failed(client().fetch(&FetchRequest::new(url.clone())).await);
    assert_eq!(error, refused("127.0.0.1", LOCALHOST));
    assert_eq!(
        error.to_string(),
        "refused: 127.0.0.1 is a loopback address; add the source with \
         --allow-private-addresses to allow it"
    );
    assert!(!error.is_transient());
    assert!(server.received().is_empty(), "nothing was sent");

    assert_eq!(fetched(client().fetch(&allowed(url)).await).body, FEED);
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_refused_after_resolution() {
    let server = FixtureServer::start().await;
    let request = FetchRequest::new(server.url_at("localhost", "/feed.xml"));
    let error = failed(client().fetch(&request).await);
    let FetchError::Refused(refusal) = &error else {
        panic!("expected a refusal, got {error:?}");
    };
    assert_eq!(
        (refusal.host.as_str(), refusal.class),
        ("localhost", AddressClass::Loopback)
    );
    assert!(
        error
            .to_string()
            .starts_with("refused: localhost resolves to "),
        "{error}"
    );
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn other_spellings_of_loopback_are_refused_before_connecting() {
    let server = FixtureServer::start().await;
    for host in ["[::1]", "[::ffff:127.0.0.1]", "127.1.2.3", "2130706433"] {
        let error = failed(
            client()
                .fetch(&FetchRequest::new(server.url_at(host, "/")))
                .await,
        );
        assert!(matches!(error, FetchError::Refused(_)), "{host}: {error:?}");
    }
    assert!(server.received().is_empty(), "nothing was sent");
}

/// A client that reaches the fixture server under a public-looking name, as if DNS had
/// said so, while the guard stays on.
fn client_with_public_looking_name() -> FeedClient {
    let fixture_host = SocketAddr::new(LOCALHOST, 0);
    FeedClient::builder(FetchLimits::default())
        .pin_host("feeds.example", fixture_host)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_redirect_from_a_public_name_to_loopback_is_refused() {
    let server = FixtureServer::start().await;
    let client = client_with_public_looking_name();
    let pinned = fetched(
        client
            .fetch(&FetchRequest::new(
                server.url_at("feeds.example", "/feed.xml"),
            ))
            .await,
    );
    assert_eq!(
        pinned.body, FEED,
        "the public-looking name reaches the fixture"
    );

    let to_address = FetchRequest::new(server.url_at("feeds.example", "/to-loopback"));
    assert_eq!(
        failed(client.fetch(&to_address).await),
        refused("127.0.0.1", LOCALHOST)
    );
    let to_name = FetchRequest::new(server.url_at("feeds.example", "/to-localhost"));
    let error = failed(client.fetch(&to_name).await);
    assert!(
        matches!(&error, FetchError::Refused(refusal) if refusal.host == "localhost"),
        "{error:?}"
    );
    assert_eq!(
        server.paths(),
        ["/feed.xml", "/to-loopback", "/to-localhost"]
    );
}

#[tokio::test]
async fn with_the_switch_a_redirect_to_loopback_is_followed() {
    let server = FixtureServer::start().await;
    let client = client_with_public_looking_name();
    let request = allowed(server.url_at("feeds.example", "/to-localhost"));
    let feed = fetched(client.fetch(&request).await);
    assert_eq!(feed.body, FEED);
    assert_eq!(feed.final_url, server.url_at("localhost", "/feed.xml"));
}

#[tokio::test]
async fn only_http_and_https_are_fetched_even_with_the_switch() {
    let error = failed(
        client()
            .fetch(&allowed("file:///etc/passwd".parse().unwrap()))
            .await,
    );
    assert_eq!(
        error.to_string(),
        "refused: file:///etc/passwd is not an http or https address, the only kinds Gazette \
         fetches"
    );
}
