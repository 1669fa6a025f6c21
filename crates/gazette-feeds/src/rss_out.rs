//! Writing a [`FeedDocument`] as RSS 2.0.
//!
//! The channel links to the HTML page and to itself (`atom:link rel="self"`, as the RSS
//! Advisory Board recommends) and says when it was last built. Each item carries its title,
//! link, `guid`, `pubDate`, author as `dc:creator` (RSS's own `author` wants an email
//! address), its summary as `description` when it has one, its full HTML as
//! `content:encoded` unless the feed carries only summaries, its categories and tags as
//! `category`, its image as an `enclosure` (with the length and type RSS requires) and,
//! for a republished article, the outlet as `source` (whose `url` RSS requires: the
//! outlet's feed, or the original when it came from no feed). A comment has no
//! `description`: readers fall back to `content:encoded`, and repeating the HTML would
//! double the feed.
//!
//! RSS 2.0 has no per-item date of last change, so [`FeedEntry::updated`] is left to Atom
//! and JSON Feed.

use crate::document::{FeedDocument, FeedEntry};
use crate::feed_time::rfc822;
use gazette_domain::text::xml_safe;
use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Enclosure, Guid, Item, Source};

/// The `Content-Type` to serve [`to_rss`]'s output with.
pub const RSS_CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

/// `document` as an RSS 2.0 feed, in UTF-8 with its XML declaration.
///
/// Characters XML cannot carry are dropped from every text; everything else, markup
/// included, reaches the reader exactly as given.
pub fn to_rss(document: &FeedDocument) -> String {
    let self_link = Link {
        href: xml_safe(&document.self_url),
        rel: "self".to_owned(),
        mime_type: Some("application/rss+xml".to_owned()),
        ..Link::default()
    };
    let channel = Channel {
        title: xml_safe(&document.title),
        link: xml_safe(&document.site_url),
        description: xml_safe(&document.description),
        language: document.language.as_deref().map(xml_safe),
        last_build_date: Some(rfc822(document.updated)),
        atom_ext: Some(AtomExtension {
            links: vec![self_link],
        }),
        items: document.entries.iter().map(rss_item).collect(),
        ..Channel::default()
    };
    channel.to_string()
}

/// One entry as an RSS item.
fn rss_item(entry: &FeedEntry) -> Item {
    Item {
        title: Some(xml_safe(&entry.title)),
        link: Some(xml_safe(&entry.url)),
        guid: Some(Guid {
            value: xml_safe(&entry.id),
            permalink: entry.id == entry.url,
        }),
        pub_date: Some(rfc822(entry.published)),
        dublin_core_ext: Some(DublinCoreExtension {
            creators: vec![xml_safe(&entry.author_name)],
            ..DublinCoreExtension::default()
        }),
        description: entry.summary.as_deref().map(xml_safe),
        content: entry.content_html.as_deref().map(xml_safe),
        categories: entry
            .categories
            .iter()
            .map(|name| Category {
                name: xml_safe(name),
                domain: None,
            })
            .collect(),
        enclosure: entry.image.as_ref().map(|image| Enclosure {
            url: xml_safe(&image.url),
            length: image.length_bytes.to_string(),
            mime_type: xml_safe(&image.media_type),
        }),
        source: entry.source.as_ref().map(|source| Source {
            url: xml_safe(source.outlet_url()),
            title: Some(xml_safe(&source.name)),
        }),
        ..Item::default()
    }
}
