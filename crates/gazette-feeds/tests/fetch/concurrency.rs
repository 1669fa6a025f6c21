//! Many fetches at once: each bad server costs its own fetch and nobody else's.

use crate::fixture_server::FixtureServer;
use crate::support::{allowed, client, client_giving_up_after};
use gazette_feeds::fetch::{FetchError, FetchOutcome};
use std::time::Duration;

/// The kind of outcome, to compare without the details.
fn kind(outcome: &FetchOutcome) -> String {
    match outcome {
        FetchOutcome::Fetched(feed) => format!("fetched {}", feed.status),
        FetchOutcome::NotModified { .. } => "not modified".to_owned(),
        FetchOutcome::Gone => "gone".to_owned(),
        FetchOutcome::RetryAfter { status, .. } => format!("retry after {status}"),
        FetchOutcome::Failed(error) => format!("failed: {error}"),
    }
}

#[tokio::test]
async fn hanging_servers_do_not_delay_the_other_fetches() {
    let server = FixtureServer::start().await;
    let client = client();
    let hanging: Vec<_> = ["/never-answers", "/never-ends", "/slow-drip"]
        .into_iter()
        .map(|path| {
            let (client, request) = (client.clone(), allowed(server.url(path)));
            tokio::spawn(async move { client.fetch(&request).await })
        })
        .collect();
    let quick: Vec<_> = [
        "/feed.xml",
        "/moved",
        "/gone",
        "/rate-limited",
        "/huge",
        "/gzip-bomb",
    ]
    .into_iter()
    .map(|path| {
        let (client, request) = (client.clone(), allowed(server.url(path)));
        tokio::spawn(async move { client.fetch(&request).await })
    })
    .collect();
    let mut kinds = Vec::new();
    for task in quick {
        kinds.push(kind(&task.await.unwrap()));
    }
    assert_eq!(
        kinds,
        [
            "fetched 200",
            "fetched 200",
            "gone",
            "retry after 429",
            "failed: the body passed the 10 MiB limit",
            "failed: the body passed the 10 MiB limit once decompressed (a compression bomb?)",
        ]
    );
    // The hanging fetches have 30 s before their timeout: still waiting.
    for task in &hanging {
        assert!(!task.is_finished());
    }
    for task in hanging {
        task.abort();
    }
}

#[tokio::test]
async fn every_bad_answer_at_once_ends_in_its_own_outcome() {
    let server = FixtureServer::start().await;
    // Long enough for every answer that ends to arrive, even on a busy machine.
    let client = client_giving_up_after(Duration::from_secs(3));
    let timed_out = FetchError::Timeout {
        limit: Duration::from_secs(3),
    }
    .to_string();
    let expected = [
        ("/feed.xml", "fetched 200".to_owned()),
        ("/never-answers", format!("failed: {timed_out}")),
        ("/never-ends", format!("failed: {timed_out}")),
        ("/slow-drip", format!("failed: {timed_out}")),
        (
            "/huge",
            "failed: the body passed the 10 MiB limit".to_owned(),
        ),
        (
            "/huge-unannounced",
            "failed: the body passed the 10 MiB limit".to_owned(),
        ),
        ("/gone", "gone".to_owned()),
        ("/rate-limited", "retry after 429".to_owned()),
        ("/unavailable-until", "retry after 503".to_owned()),
        (
            "/loop-a",
            format!(
                "failed: the redirects go round in a loop: {} was reached twice",
                server.url("/loop-a")
            ),
        ),
        ("/html", "fetched 200".to_owned()),
        ("/truncated.xml", "fetched 200".to_owned()),
        ("/empty", "fetched 200".to_owned()),
        ("/wrong-type", "fetched 200".to_owned()),
        (
            "/not-found",
            "failed: the server answered 404 Not Found".to_owned(),
        ),
    ];
    let tasks: Vec<_> = expected
        .iter()
        .map(|(path, _)| {
            let (client, request) = (client.clone(), allowed(server.url(path)));
            tokio::spawn(async move { client.fetch(&request).await })
        })
        .collect();
    for ((path, expected), task) in expected.iter().zip(tasks) {
        assert_eq!(&kind(&task.await.unwrap()), expected, "{path}");
    }
}
