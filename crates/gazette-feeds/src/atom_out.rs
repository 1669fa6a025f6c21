//! Writing a [`FeedDocument`] as Atom 1.0 (RFC 4287).
//!
//! The feed's id is its own URL; it links to the HTML page (`rel="alternate"`) and to
//! itself (`rel="self"`). Each entry has its id, title, alternate link, author, published
//! and updated dates, its summary as plain text when it has one, its HTML as
//! `<content type="html">` unless the feed carries only summaries, its categories and tags
//! as `category`, its image as a `rel="enclosure"` link with length and type and, for a
//! republished article, the outlet as `source` (below). Dates are RFC 3339 in UTC.

use crate::document::{EntrySource, FeedDocument, FeedEntry};
use crate::feed_time::feed_time;
use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Source, Text};
use gazette_domain::text::xml_safe;

/// The `Content-Type` to serve [`to_atom`]'s output with.
pub const ATOM_CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// `document` as an Atom 1.0 feed, in UTF-8 with its XML declaration.
///
/// Characters XML cannot carry are dropped from every text; everything else, markup
/// included, reaches the reader exactly as given.
pub fn to_atom(document: &FeedDocument) -> String {
    let feed = Feed {
        title: Text::plain(xml_safe(&document.title)),
        subtitle: Some(Text::plain(xml_safe(&document.description))),
        id: xml_safe(&document.self_url),
        updated: feed_time(document.updated),
        links: vec![
            link("alternate", &document.site_url, "text/html"),
            link("self", &document.self_url, "application/atom+xml"),
        ],
        lang: document.language.as_deref().map(xml_safe),
        entries: document.entries.iter().map(atom_entry).collect(),
        ..Feed::default()
    };
    feed.to_string()
}

/// One entry as an Atom entry.
fn atom_entry(entry: &FeedEntry) -> Entry {
    let mut links = vec![link("alternate", &entry.url, "text/html")];
    if let Some(image) = &entry.image {
        links.push(Link {
            length: Some(image.length_bytes.to_string()),
            ..link("enclosure", &image.url, &image.media_type)
        });
    }
    Entry {
        title: Text::plain(xml_safe(&entry.title)),
        id: xml_safe(&entry.id),
        updated: feed_time(entry.updated),
        published: Some(feed_time(entry.published)),
        authors: vec![Person {
            name: xml_safe(&entry.author_name),
            ..Person::default()
        }],
        links,
        summary: entry
            .summary
            .as_deref()
            .map(|summary| Text::plain(xml_safe(summary))),
        content: entry.content_html.as_deref().map(|html| Content {
            value: Some(xml_safe(html)),
            content_type: Some("html".to_owned()),
            ..Content::default()
        }),
        categories: entry
            .categories
            .iter()
            .map(|name| Category {
                term: xml_safe(name),
                ..Category::default()
            })
            .collect(),
        source: entry
            .source
            .as_ref()
            .map(|source| atom_source(source, entry)),
        ..Entry::default()
    }
}

/// The outlet of a republished entry as Atom's `source`: its name as the title, its
/// feed's address as the id (the original's, when the entry came from no feed), the
/// original as the alternate link and the feed as the self link. Atom wants the source's
/// date of last change; the latest one known for sure is the original's publication (or,
/// without it, the entry's own).
fn atom_source(source: &EntrySource, entry: &FeedEntry) -> Source {
    let mut links = vec![link("alternate", &source.url, "text/html")];
    if let Some(feed_url) = &source.feed_url {
        links.push(Link {
            href: xml_safe(feed_url),
            rel: "self".to_owned(),
            ..Link::default()
        });
    }
    Source {
        title: Text::plain(xml_safe(&source.name)),
        id: xml_safe(source.outlet_url()),
        updated: feed_time(source.published.unwrap_or(entry.published)),
        links,
        ..Source::default()
    }
}

/// A link with its relation and the media type found at its end.
fn link(relation: &str, href: &str, media_type: &str) -> Link {
    Link {
        href: xml_safe(href),
        rel: relation.to_owned(),
        mime_type: Some(xml_safe(media_type)),
        ..Link::default()
    }
}
