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
fn an_article_feed_reads_back_whole_hostile_text_included() {
    let xml = to_rss(&article_feed(FORBIDDEN));
    assert_only_xml_characters(&xml);
    assert_reads_back_as(&parse(&xml), &article_feed(""));
    assert_sources_read_back(&xml, &article_feed(""));
}

#[test]
fn an_excerpt_only_feed_has_descriptions_and_no_content() {
    let document = excerpts_only(article_feed(""));
    let xml = to_rss(&document);
    assert!(!xml.contains("content:encoded>"), "{xml}");
    assert_reads_back_as(&parse(&xml), &document);
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
    for date in element_texts(&to_rss(&article_feed("")), "pubDate") {
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
    let articles = to_rss(&article_feed(""));
    assert!(
        articles.contains(r#"<guid isPermaLink="false">https://news.example/?p=42</guid>"#),
        "{articles}"
    );
}

#[test]
fn the_enclosure_has_the_length_and_type_rss_requires() {
    let xml = to_rss(&article_feed(""));
    assert!(
        xml.contains(r#"<enclosure url="https://news.example/media/2024/04/mussels-0123456789.jpg" length="48213" type="image/jpeg"/>"#),
        "{xml}"
    );
}

/// RSS's `source` (which feed-rs does not read), read with the rss crate: the outlet's
/// feed as `url` when the entry came from one, else the original; the outlet's name.
fn assert_sources_read_back(xml: &str, expected: &FeedDocument) {
    let channel = rss::Channel::read_from(xml.as_bytes()).unwrap();
    assert_eq!(channel.items.len(), expected.entries.len());
    for (item, wanted) in channel.items.iter().zip(&expected.entries) {
        let read = item
            .source
            .as_ref()
            .map(|source| (source.url.as_str(), source.title.as_deref()));
        let meant = wanted
            .source
            .as_ref()
            .map(|source| (source.outlet_url(), Some(source.name.as_str())));
        assert_eq!(read, meant, "{}", wanted.id);
    }
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
        assert_eq!(
            entry
                .summary
                .as_ref()
                .map(|summary| summary.content.as_str()),
            wanted.summary.as_deref()
        );
        assert_eq!(
            entry
                .content
                .as_ref()
                .and_then(|content| content.body.as_deref()),
            wanted.content_html.as_deref()
        );
        let categories: Vec<&str> = entry
            .categories
            .iter()
            .map(|category| category.term.as_str())
            .collect();
        assert_eq!(categories, wanted.categories);
        let enclosure = entry
            .media
            .iter()
            .flat_map(|media| &media.content)
            .map(|content| {
                (
                    content.url.as_ref().map(ToString::to_string),
                    content.size,
                    content.content_type.as_ref().map(ToString::to_string),
                )
            })
            .next();
        let meant = wanted.image.as_ref().map(|image| {
            (
                Some(image.url.clone()),
                Some(image.length_bytes),
                Some(image.media_type.clone()),
            )
        });
        assert_eq!(enclosure, meant, "{}", wanted.id);
    }
}
