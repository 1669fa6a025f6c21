//! Writing a [`FeedDocument`] as Atom 1.0 (RFC 4287).
//!
//! The feed's id is its own URL; it links to the HTML page (`rel="alternate"`) and to
//! itself (`rel="self"`). Each entry has its id, title, alternate link, author, published
//! and updated dates, and its HTML as `<content type="html">`. Dates are RFC 3339 in UTC.

use crate::document::{FeedDocument, FeedEntry};
use crate::feed_time::feed_time;
use crate::xml_text::xml_safe;
use atom_syndication::{Content, Entry, Feed, Link, Person, Text};

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
    Entry {
        title: Text::plain(xml_safe(&entry.title)),
        id: xml_safe(&entry.id),
        updated: feed_time(entry.updated),
        published: Some(feed_time(entry.published)),
        authors: vec![Person {
            name: xml_safe(&entry.author_name),
            ..Person::default()
        }],
        links: vec![link("alternate", &entry.url, "text/html")],
        content: Some(Content {
            value: Some(xml_safe(&entry.content_html)),
            content_type: Some("html".to_owned()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// A link with its relation and the media type found at its end.
fn link(relation: &str, href: &str, media_type: &str) -> Link {
    Link {
        href: xml_safe(href),
        rel: relation.to_owned(),
        mime_type: Some(media_type.to_owned()),
        ..Link::default()
    }
}
