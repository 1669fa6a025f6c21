//! JSON Feed 1.1 written, then read back: by feed-rs, as a reader would, and field by field
//! against what the specification requires.

use crate::fixtures::*;
use feed_rs::model::{Feed, FeedType};
use gazette_feeds::{FeedDocument, JSON_FEED_VERSION, to_json_feed};
use serde_json::Value;

fn parse(json: &str) -> Feed {
    let feed = feed_rs::parser::parse(json.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, FeedType::JSON);
    feed
}

#[test]
fn json_carries_every_character_exactly() {
    let document = article_feed(FORBIDDEN);
    let json = to_json_feed(&document);
    assert_reads_back_as(&parse(&json), &document);
    assert_follows_the_specification(&json, &document);
}

#[test]
fn a_comment_feed_reads_back() {
    let document = comment_feed("");
    let json = to_json_feed(&document);
    assert_reads_back_as(&parse(&json), &document);
    assert_follows_the_specification(&json, &document);
}

#[test]
fn an_excerpt_only_feed_gives_the_summary_as_text_content() {
    let document = excerpts_only(article_feed(""));
    let json = to_json_feed(&document);
    let items = serde_json::from_str::<Value>(&json).unwrap()["items"].clone();
    for (item, entry) in items.as_array().unwrap().iter().zip(&document.entries) {
        assert!(item.get("content_html").is_none());
        assert_eq!(
            item["content_text"],
            entry.summary.as_deref().unwrap_or_default()
        );
    }
    assert_follows_the_specification(&json, &document);
}

#[test]
fn an_empty_feed_is_valid() {
    let document = empty_feed();
    let json = to_json_feed(&document);
    assert!(parse(&json).entries.is_empty());
    assert_follows_the_specification(&json, &document);
}

#[test]
fn a_republished_article_points_at_the_original_and_names_the_outlet() {
    let json = to_json_feed(&article_feed(""));
    let items = serde_json::from_str::<Value>(&json).unwrap()["items"].clone();
    assert_eq!(
        items[0]["external_url"],
        "https://trivalley.example/mussels?a=1&b=2"
    );
    assert_eq!(
        items[0]["_gazette"],
        serde_json::json!({"source": {
            "name": "Tri-Valley & Co",
            "url": "https://trivalley.example/mussels?a=1&b=2",
            "feed_url": "https://trivalley.example/feed.xml",
            "date_published": "2024-04-23T18:00:00+00:00",
        }})
    );
    assert_eq!(
        items[1]["_gazette"],
        serde_json::json!({"source": {
            "name": "Harbour Gazette",
            "url": "https://harbour.example/ferries",
        }})
    );
    assert!(items[2].get("external_url").is_none());
    assert!(items[2].get("_gazette").is_none());
    assert_eq!(
        items[0]["image"],
        "https://news.example/media/2024/04/mussels-0123456789.jpg"
    );
}

/// The fields JSON Feed 1.1 requires, and the form of those Gazette writes: the version
/// address, a title, items each with a string id and some content, dates in RFC 3339.
fn assert_follows_the_specification(json: &str, expected: &FeedDocument) {
    let feed: Value = serde_json::from_str(json).unwrap();
    assert_eq!(feed["version"], JSON_FEED_VERSION);
    assert_eq!(feed["title"], expected.title.as_str());
    assert_eq!(feed["home_page_url"], expected.site_url.as_str());
    assert_eq!(feed["feed_url"], expected.self_url.as_str());
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), expected.entries.len());
    for (item, entry) in items.iter().zip(&expected.entries) {
        assert_eq!(item["id"], entry.id.as_str());
        assert!(
            item["content_html"].is_string() || item["content_text"].is_string(),
            "{item}"
        );
        for field in ["date_published", "date_modified"] {
            chrono::DateTime::parse_from_rfc3339(item[field].as_str().unwrap()).unwrap();
        }
        for (name, _) in item.as_object().unwrap() {
            assert!(
                KNOWN_ITEM_FIELDS.contains(&name.as_str()) || name.starts_with('_'),
                "`{name}` is neither a JSON Feed field nor an extension"
            );
        }
    }
}

/// Every field JSON Feed 1.1 defines for an item.
const KNOWN_ITEM_FIELDS: [&str; 15] = [
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "authors",
    "tags",
    "language",
    "attachments",
];

/// Checks what feed-rs reads of `expected`.
fn assert_reads_back_as(feed: &Feed, expected: &FeedDocument) {
    assert_eq!(feed.title.as_ref().unwrap().content, expected.title);
    assert_eq!(
        feed.description.as_ref().unwrap().content,
        expected.description
    );
    assert_eq!(feed.language, expected.language);
    let links: Vec<&str> = feed.links.iter().map(|link| link.href.as_str()).collect();
    assert_eq!(
        links,
        [expected.site_url.as_str(), expected.self_url.as_str()]
    );
    assert_eq!(feed.entries.len(), expected.entries.len());
    for (entry, wanted) in feed.entries.iter().zip(&expected.entries) {
        assert_eq!(entry.id, wanted.id);
        let links: Vec<&str> = entry.links.iter().map(|link| link.href.as_str()).collect();
        let mut meant_links = vec![wanted.url.as_str()];
        if let Some(source) = &wanted.source {
            meant_links.push(source.url.as_str());
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
    }
}
