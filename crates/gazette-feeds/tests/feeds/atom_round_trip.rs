//! Atom 1.0 written, then read back.

use crate::fixtures::*;
use feed_rs::model::{Feed, FeedType};
use gazette_feeds::{FeedDocument, to_atom};

fn parse(xml: &str) -> Feed {
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, FeedType::Atom);
    feed
}

#[test]
fn hostile_text_survives_exactly_and_forbidden_characters_are_dropped() {
    let xml = to_atom(&comment_feed(FORBIDDEN));
    assert_only_xml_characters(&xml);
    assert_reads_back_as(&parse(&xml), &comment_feed(""));
}

#[test]
fn an_empty_feed_is_valid() {
    let document = empty_feed();
    let feed = parse(&to_atom(&document));
    assert!(feed.entries.is_empty());
    assert_reads_back_as(&feed, &document);
}

#[test]
fn dates_are_rfc_3339_in_utc() {
    let xml = to_atom(&comment_feed(""));
    assert_eq!(
        element_texts(&xml, "updated"),
        [
            "2024-04-26T18:45:59+00:00",
            "2024-04-26T18:45:59+00:00",
            "2024-04-25T23:59:01+00:00"
        ]
    );
    assert_eq!(
        element_texts(&xml, "published"),
        ["2024-04-26T18:45:59+00:00", "2024-04-03T07:05:09+00:00"]
    );
    for date in element_texts(&xml, "updated") {
        chrono::DateTime::parse_from_rfc3339(date).unwrap();
    }
}

/// Checks everything Atom carries of `expected` against what feed-rs read.
fn assert_reads_back_as(feed: &Feed, expected: &FeedDocument) {
    assert_eq!(feed.id, expected.self_url);
    assert_eq!(feed.title.as_ref().unwrap().content, expected.title);
    assert_eq!(
        feed.description.as_ref().unwrap().content,
        expected.description
    );
    assert_eq!(feed.language, expected.language);
    assert_eq!(
        feed.updated.unwrap().timestamp(),
        whole_seconds(expected.updated)
    );
    let links: Vec<_> = feed
        .links
        .iter()
        .map(|link| (link.rel.as_deref(), link.href.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (Some("alternate"), expected.site_url.as_str()),
            (Some("self"), expected.self_url.as_str())
        ]
    );
    assert_eq!(feed.entries.len(), expected.entries.len());
    for (entry, wanted) in feed.entries.iter().zip(&expected.entries) {
        assert_eq!(entry.id, wanted.id);
        assert_eq!(entry.links.len(), 1);
        assert_eq!(entry.links[0].rel.as_deref(), Some("alternate"));
        assert_eq!(entry.links[0].href, wanted.url);
        assert_eq!(entry.title.as_ref().unwrap().content, wanted.title);
        assert_eq!(entry.authors.len(), 1);
        assert_eq!(
            entry.authors[0].name.as_deref(),
            Some(wanted.author_name.as_str())
        );
        assert_eq!(
            entry.published.unwrap().timestamp(),
            whole_seconds(wanted.published)
        );
        assert_eq!(
            entry.updated.unwrap().timestamp(),
            whole_seconds(wanted.updated)
        );
        let content = entry.content.as_ref().unwrap();
        assert_eq!(content.content_type.to_string(), "text/html");
        assert_eq!(content.body.as_deref(), Some(wanted.content_html.as_str()));
    }
}
