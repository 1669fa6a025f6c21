//! Item keys: stable from one reading to the next, falling back to weaker evidence for the
//! whole feed when its guids cannot be trusted.

use gazette_feeds::incoming::{ItemKeyKind, Repair};

use crate::support::{fixture, parse};

#[test]
fn the_same_feed_gives_the_same_keys_every_time() {
    for name in [
        "broken_entities.xml",
        "repeated_guids.xml",
        "json_feed.json",
        "atom_xml_base.xml",
    ] {
        let first = parse(&fixture(name), None);
        let second = parse(&fixture(name), None);
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn guids_are_the_keys_when_they_can_be_trusted() {
    let feed = parse(&fixture("broken_entities.xml"), None);
    let keys: Vec<&str> = feed.items.iter().map(|item| item.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "guid:https://chips.example/story?id=7",
            "guid:https://chips.example/prices"
        ]
    );
    assert_eq!(
        feed.items[0].guid.as_deref(),
        Some("https://chips.example/story?id=7")
    );
}

#[test]
fn repeated_and_blank_guids_fall_back_to_links_for_the_whole_feed() {
    let feed = parse(&fixture("repeated_guids.xml"), None);
    let keys: Vec<&str> = feed.items.iter().map(|item| item.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "link:https://lazy.example/one",
            "link:https://lazy.example/two",
            "link:https://lazy.example/three"
        ]
    );
    assert_eq!(
        feed.items[0].guid.as_deref(),
        Some("1"),
        "the guid is still given as it was"
    );
    assert_eq!(feed.items[2].guid, None);
    assert_eq!(
        feed.repairs,
        [Repair::WeakerKeys {
            reason: "several items share a guid or id",
            used: "link"
        }]
    );
}

#[test]
fn items_without_guid_or_link_are_known_by_their_content() {
    let body = br#"<rss version="2.0"><channel><title>T</title>
        <item><title>One</title><description>First</description></item>
        <item><title>Two</title><description>Second</description></item>
        </channel></rss>"#;
    let feed = parse(body, None);
    assert!(
        feed.items
            .iter()
            .all(|item| item.key.kind() == ItemKeyKind::Hash)
    );
    assert_ne!(feed.items[0].key, feed.items[1].key);
    assert_eq!(parse(body, None).items[0].key, feed.items[0].key);
}

#[test]
fn the_content_hash_moves_only_when_what_is_published_changes() {
    let original = parse(&fixture("json_feed.json"), None);
    let text = String::from_utf8(fixture("json_feed.json")).unwrap();
    let retimed = parse(text.replace("11:00:00", "12:00:00").as_bytes(), None);
    let edited = parse(text.replace("reopened", "reopened fully").as_bytes(), None);
    assert_eq!(
        original.items[0].content_hash,
        retimed.items[0].content_hash
    );
    assert_ne!(original.items[0].content_hash, edited.items[0].content_hash);
    assert_eq!(original.items[0].key, edited.items[0].key);
}
