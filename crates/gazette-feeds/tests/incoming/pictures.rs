//! Each item's picture, from whichever element the feed gives it in, with what the feed
//! says it shows; and its authors' names.

use crate::support::parse;

const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire</title><link>https://wire.example/</link><description>News</description>
<item><guid>harbour</guid><title>Harbour</title><link>https://wire.example/harbour</link>
  <description>Boats.</description><dc:creator>Ada Lovelace</dc:creator><dc:creator>Grace Hopper</dc:creator>
  <enclosure url="https://wire.example/harbour.jpg" type="image/jpeg" length="1000"/></item>
<item><guid>bridge</guid><title>Bridge</title><link>https://wire.example/bridge</link>
  <description>Traffic.</description><author>desk@wire.example (Joan Clarke)</author>
  <media:content url="https://wire.example/img/bridge.png" type="image/png" medium="image">
    <media:description type="html">The &lt;b&gt;new&lt;/b&gt; bridge at dusk</media:description>
  </media:content></item>
<item><guid>school</guid><title>School</title><link>https://wire.example/school</link>
  <description>Pupils.</description><author>desk@wire.example</author>
  <media:content url="https://wire.example/school.mp4" type="video/mp4" medium="video">
    <media:thumbnail url="https://wire.example/school-small.webp"/>
    <media:description>Pupils on stage</media:description>
  </media:content></item>
<item><guid>podcast</guid><title>Podcast</title><link>https://wire.example/podcast</link>
  <description>Listen.</description>
  <enclosure url="https://wire.example/episode.mp3" type="audio/mpeg" length="1000"/></item>
</channel></rss>"#;

#[test]
fn pictures_come_from_enclosures_media_content_and_thumbnails_with_their_descriptions() {
    let feed = parse(FEED.as_bytes(), None);
    let pictures: Vec<(Option<&str>, Option<&str>)> = feed
        .items
        .iter()
        .map(|item| {
            (
                item.image.as_ref().map(url::Url::as_str),
                item.image_description.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        pictures,
        [
            (Some("https://wire.example/harbour.jpg"), None),
            (
                Some("https://wire.example/img/bridge.png"),
                Some("The new bridge at dusk")
            ),
            (
                Some("https://wire.example/school-small.webp"),
                Some("Pupils on stage")
            ),
            (None, None),
        ]
    );
}

#[test]
fn authors_are_named_without_their_email_addresses() {
    let feed = parse(FEED.as_bytes(), None);
    assert_eq!(feed.items[0].authors, ["Ada Lovelace", "Grace Hopper"]);
    let bridge = &feed.items[1].authors;
    assert_eq!(bridge.len(), 1);
    assert!(
        bridge[0].contains("Joan Clarke") && !bridge[0].contains('@'),
        "{bridge:?}"
    );
    assert!(
        feed.items[2].authors.is_empty(),
        "a bare address names nobody"
    );
}
