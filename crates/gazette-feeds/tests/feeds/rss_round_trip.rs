//! RSS 2.0 written, then read back.

use crate::fixtures::*;
use feed_rs::model::{Feed, FeedType};
use gazette_feeds::{FeedDocument, to_rss};

fn parse(xml: &str) -> Feed {
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, FeedType::RSS2);
    feed
}

#[test]
fn hostile_text_survives_exactly_and_forbidden_characters_are_dropped() {
    let xml = to_rss(&comment_feed(FORBIDDEN));
    assert_only_xml_characters(&xml);
    assert_reads_back_as(&parse(&xml), &comment_feed(""));
}

#[test]
fn an_empty_feed_is_valid() {
    let document = empty_feed();
    let feed = parse(&to_rss(&document));
    assert!(feed.entries.is_empty());
    assert_reads_back_as(&feed, &document);
}

#[test]
fn dates_are_rfc_822_in_utc() {
    let xml = to_rss(&comment_feed(""));
    assert_eq!(
        element_texts(&xml, "lastBuildDate"),
        ["Fri, 26 Apr 2024 18:45:59 +0000"]
    );
    assert_eq!(
        element_texts(&xml, "pubDate"),
        [
            "Fri, 26 Apr 2024 18:45:59 +0000",
            "Wed, 3 Apr 2024 07:05:09 +0000"
        ]
    );
    for date in element_texts(&xml, "pubDate") {
        chrono::DateTime::parse_from_rfc2822(date).unwrap();
    }
}

#[test]
fn the_guid_is_a_permalink_only_when_it_is_the_link() {
    let xml = to_rss(&comment_feed(""));
    assert!(
        xml.contains(
            "<guid>https://news.example/2024/04/council-passes-the-budget#comment-12</guid>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<guid isPermaLink="false">tag:news.example,2024:comment-11</guid>"#),
        "{xml}"
    );
}

/// Checks everything RSS can carry of `expected` against what feed-rs read. RSS 2.0 has no
/// date of last change for an item, so `updated` is not among them.
fn assert_reads_back_as(feed: &Feed, expected: &FeedDocument) {
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
            (None, expected.site_url.as_str()),
            (Some("self"), expected.self_url.as_str())
        ]
    );
    assert_eq!(feed.entries.len(), expected.entries.len());
    for (entry, wanted) in feed.entries.iter().zip(&expected.entries) {
        assert_eq!(entry.id, wanted.id);
        assert_eq!(entry.links.len(), 1);
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
        let content = entry.content.as_ref().unwrap();
        assert_eq!(content.body.as_deref(), Some(wanted.content_html.as_str()));
    }
}
