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
fn an_article_feed_reads_back_whole_hostile_text_included() {
    let xml = to_atom(&article_feed(FORBIDDEN));
    assert_only_xml_characters(&xml);
    assert_reads_back_as(&parse(&xml), &article_feed(""));
    assert_sources_read_back(&xml, &article_feed(""));
}

#[test]
fn an_excerpt_only_feed_has_summaries_and_no_content() {
    let document = excerpts_only(article_feed(""));
    let xml = to_atom(&document);
    assert!(!xml.contains("<content"), "{xml}");
    assert_reads_back_as(&parse(&xml), &document);
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
    for date in element_texts(&to_atom(&article_feed("")), "updated") {
        chrono::DateTime::parse_from_rfc3339(date).unwrap();
    }
}

/// Atom's `source` (which feed-rs does not read), read with the atom_syndication crate:
/// the outlet's name, its feed's address as the id (the original's when it came from no
/// feed), the original as the alternate link and the feed as the self link.
fn assert_sources_read_back(xml: &str, expected: &FeedDocument) {
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), expected.entries.len());
    for (entry, wanted) in feed.entries.iter().zip(&expected.entries) {
        let Some(meant) = &wanted.source else {
            assert!(entry.source.is_none(), "{}", wanted.id);
            continue;
        };
        let source = entry.source.as_ref().unwrap();
        assert_eq!(source.title.value, meant.name);
        assert_eq!(source.id, meant.outlet_url());
        let links: Vec<(&str, &str)> = source
            .links
            .iter()
            .map(|link| (link.rel.as_str(), link.href.as_str()))
            .collect();
        let mut meant_links = vec![("alternate", meant.url.as_str())];
        if let Some(feed_url) = &meant.feed_url {
            meant_links.push(("self", feed_url.as_str()));
        }
        assert_eq!(links, meant_links);
        assert_eq!(
            source.updated.timestamp(),
            whole_seconds(meant.published.unwrap_or(wanted.published))
        );
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
        let links: Vec<_> = entry
            .links
            .iter()
            .map(|link| {
                (
                    link.rel.as_deref(),
                    link.href.as_str(),
                    link.media_type.as_deref(),
                    link.length,
                )
            })
            .collect();
        let mut meant_links = vec![(
            Some("alternate"),
            wanted.url.as_str(),
            Some("text/html"),
            None,
        )];
        if let Some(image) = &wanted.image {
            meant_links.push((
                Some("enclosure"),
                image.url.as_str(),
                Some(image.media_type.as_str()),
                Some(image.length_bytes),
            ));
        }
        assert_eq!(links, meant_links);
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
        assert_eq!(
            entry
                .summary
                .as_ref()
                .map(|summary| summary.content.as_str()),
            wanted.summary.as_deref()
        );
        match &wanted.content_html {
            Some(html) => {
                let content = entry.content.as_ref().unwrap();
                assert_eq!(content.content_type.to_string(), "text/html");
                assert_eq!(content.body.as_deref(), Some(html.as_str()));
            }
            None => assert!(entry.content.is_none()),
        }
        let categories: Vec<&str> = entry
            .categories
            .iter()
            .map(|category| category.term.as_str())
            .collect();
        assert_eq!(categories, wanted.categories);
    }
}
