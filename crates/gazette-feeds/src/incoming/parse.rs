//! From a fetched body to a [`ParsedFeed`]: the pre-pass, feed-rs, then Gazette's own
//! reading of what feed-rs found.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, FeedType, Link, MediaObject, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use gazette_domain::Timestamp;
use gazette_domain::text::clean_single_line;
use sha2::{Digest, Sha256};
use std::ops::Range;
use url::Url;

use super::content::{clean_syndicated_html, html_to_text, text_of_cleaned_html, text_to_html};
use super::dates::UnreadDates;
use super::encoding::decode;
use super::error::FeedError;
use super::identity::{ItemEvidence, ItemKey, assign_keys};
use super::model::{ParsedFeed, ParsedItem};
use super::reading::FeedReading;
use super::repair::Repair;
use super::split;
use super::xml_repair::repair_xml;

/// Reads `body`, an RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed 1.x document served with
/// `content_type` from `feed_url`, into a [`ParsedFeed`], cleaning its items on every
/// core.
///
/// The encoding is taken from a byte-order mark, the Content-Type's charset, the XML
/// declaration or the bytes themselves; broken XML that feed-rs cannot read is repaired
/// first, and each repair is listed in [`ParsedFeed::repairs`]. Relative addresses are
/// resolved against the item's `xml:base`, its link or `feed_url`.
pub fn parse_feed(
    body: &[u8],
    content_type: Option<&str>,
    feed_url: &Url,
) -> Result<ParsedFeed, FeedError> {
    let mut reading = read_feed(body, content_type, feed_url)?;
    let items = reading.next_items(reading.items_left(), available_cores());
    Ok(reading.into_feed(items))
}

/// How many threads the machine runs at once.
fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Reads `body` as [`parse_feed`] does, up to its items: the document is parsed and every
/// item has its key, but no item's HTML is cleaned yet; [`FeedReading::next_items`]
/// cleans them a batch at a time, so that a caller can store the first items while later
/// ones are cleaned.
pub fn read_feed(
    body: &[u8],
    content_type: Option<&str>,
    feed_url: &Url,
) -> Result<FeedReading, FeedError> {
    let mut repairs = Vec::new();
    let text = decode(body, content_type, &mut repairs);
    let text = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let (document, root, items) = match text.chars().next() {
        None => return Err(FeedError::Empty),
        Some('{') => (text.to_owned(), None, Vec::new()),
        Some('<') => {
            let repaired = repair_xml(text, &mut repairs)?;
            (repaired.text, Some(repaired.root), repaired.items)
        }
        Some(_) => return Err(FeedError::NeitherXmlNorJson),
    };
    let parsed = match split::parts_of(&document, &items) {
        Some(parts) => read_in_parts(&document, &items, &parts, feed_url)
            .or_else(|_| read_document(&document, feed_url)),
        None => read_document(&document, feed_url),
    };
    let (feed, unread_dates) = match parsed {
        Ok(read) => read,
        // `<rss>` without a `<channel>`: a feed with nothing in it.
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))
            if root.as_deref().is_some_and(is_feed_root) =>
        {
            return Ok(FeedReading::without_items(feed_url, repairs));
        }
        Err(error) => return Err(feed_error(error, root.as_deref())),
    };
    repairs.extend(
        unread_dates
            .into_iter()
            .map(|text| Repair::DateDropped { text }),
    );
    let images = if root.is_none() {
        json_item_images(&document)
    } else {
        Vec::new()
    };
    Ok(reading_of(feed, images, feed_url, repairs))
}

/// `document` read by feed-rs, with the dates in it that could not be read.
fn read_document(document: &str, feed_url: &Url) -> Result<(Feed, Vec<String>), ParseFeedError> {
    let unread_dates = UnreadDates::default();
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url.as_str()))
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(unread_dates.recording_parser())
        .build()
        .parse(document.as_bytes())?;
    Ok((feed, unread_dates.take()))
}

/// `document`, whose items are at `items`, read as `parts` (see `split`) and put back
/// together: the first part's feed with every part's items, and each date that could not
/// be read listed once — those of the feed's own opening and closing, which every part
/// repeats, first. Any failure is the caller's cue to read the document whole, which
/// gives the same answer or the error as it is.
fn read_in_parts(
    document: &str,
    items: &[Range<usize>],
    parts: &[String],
    feed_url: &Url,
) -> Result<(Feed, Vec<String>), ParseFeedError> {
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot));
    };
    let frame = [&document[..first.start], &document[last.end..]].concat();
    let (_, mut unread_dates) = read_document(&frame, feed_url)?;
    let frame_dates = unread_dates.clone();
    let mut feed: Option<Feed> = None;
    let read = split::read_parts(parts, available_cores(), |part| {
        read_document(part, feed_url)
    })?;
    for (part, mut dates) in read {
        for date in &frame_dates {
            if let Some(index) = dates.iter().position(|unread| unread == date) {
                dates.remove(index);
            }
        }
        unread_dates.extend(dates);
        match &mut feed {
            None => feed = Some(part),
            Some(feed) => feed.entries.extend(part.entries),
        }
    }
    let feed = feed.ok_or(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))?;
    Ok((feed, unread_dates))
}

/// The `image` (else `banner_image`) of each JSON Feed item, in order: feed-rs does not
/// keep them.
fn json_item_images(document: &str) -> Vec<Option<String>> {
    let Ok(feed) = serde_json::from_str::<serde_json::Value>(document) else {
        return Vec::new();
    };
    let items = feed.get("items").and_then(serde_json::Value::as_array);
    items
        .into_iter()
        .flatten()
        .map(|item| {
            ["image", "banner_image"]
                .iter()
                .find_map(|name| item.get(name)?.as_str())
                .map(str::to_owned)
        })
        .collect()
}

/// Whether `root` is the root element of an RSS, RDF or Atom feed.
fn is_feed_root(root: &str) -> bool {
    matches!(root.rsplit(':').next(), Some("rss" | "RDF" | "feed"))
}

/// What a feed-rs failure means for the source.
fn feed_error(error: ParseFeedError, root: Option<&str>) -> FeedError {
    match (error, root) {
        (ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot), Some(root)) => {
            FeedError::NotAFeed {
                root: root.to_owned(),
            }
        }
        (ParseFeedError::JsonSerde(error), _) => FeedError::Json {
            detail: error.to_string(),
        },
        (ParseFeedError::JsonUnsupportedVersion(version), _) => FeedError::Json {
            detail: format!(
                "its version is \"{version}\", and Gazette reads JSON Feed 1.0 and 1.1"
            ),
        },
        (ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot), None) => FeedError::Json {
            detail: "it is not a JSON Feed".to_owned(),
        },
        (error, _) => FeedError::Malformed {
            detail: error.to_string(),
        },
    }
}

/// Gazette's reading of what feed-rs found, up to its items; `images` are the items'
/// pictures feed-rs did not keep, by position. Every item's key is chosen here, from what
/// the feed gave (the keys are chosen for the whole feed at once); the HTML is cleaned
/// later.
fn reading_of(
    mut feed: Feed,
    images: Vec<Option<String>>,
    feed_url: &Url,
    mut repairs: Vec<Repair>,
) -> FeedReading {
    let descriptions_are_html = matches!(
        feed.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
    let title = feed.title.as_ref().map(plain_text).unwrap_or_default();
    let description = feed
        .description
        .as_ref()
        .map(plain_text)
        .unwrap_or_default();
    let home_page = alternate_link(&feed.links, feed_url);
    let entries = std::mem::take(&mut feed.entries);
    let heads: Vec<ItemHead> = entries
        .iter()
        .map(|entry| ItemHead::read(entry, feed_url))
        .collect();
    let evidence: Vec<ItemEvidence<'_>> = heads
        .iter()
        .zip(&entries)
        .map(|(head, entry)| ItemEvidence {
            guid: head.guid.as_deref(),
            link: head.link.as_ref(),
            title: &head.title,
            content: raw_body(entry),
        })
        .collect();
    let keys = assign_keys(&evidence, &mut repairs);
    FeedReading {
        title,
        home_page,
        description,
        entries,
        heads: heads.into_iter().zip(keys).collect(),
        images,
        feed_url: feed_url.clone(),
        descriptions_are_html,
        next: 0,
        repairs,
    }
}

/// An entry's body as the feed gave it (its content, else its summary), which the
/// weakest key is made from.
fn raw_body(entry: &Entry) -> &str {
    entry
        .content
        .as_ref()
        .and_then(|content| content.body.as_deref())
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|summary| summary.content.as_str())
        })
        .unwrap_or_default()
}

/// What identifies an item, read before its HTML is cleaned.
pub(super) struct ItemHead {
    guid: Option<String>,
    link: Option<Url>,
    title: String,
}

impl ItemHead {
    fn read(entry: &Entry, feed_url: &Url) -> Self {
        Self {
            guid: Some(entry.id.trim().to_owned()).filter(|guid| !guid.is_empty()),
            link: alternate_link(&entry.links, feed_url),
            title: entry.title.as_ref().map(plain_text).unwrap_or_default(),
        }
    }
}

/// An item read, its HTML cleaned.
pub(super) struct ItemDraft {
    guid: Option<String>,
    link: Option<Url>,
    title: String,
    content_html: String,
    summary_html: Option<String>,
    published: Option<Timestamp>,
    updated: Option<Timestamp>,
    authors: Vec<String>,
    categories: Vec<String>,
    image: Option<Url>,
    image_description: Option<String>,
}

impl ItemDraft {
    pub(super) fn read(
        entry: &Entry,
        head: ItemHead,
        image_elsewhere: Option<&str>,
        feed_url: &Url,
        descriptions_are_html: bool,
        repairs: &mut Vec<Repair>,
    ) -> Self {
        let ItemHead { guid, link, title } = head;
        let item_base = link.as_ref().unwrap_or(feed_url);
        let base = entry
            .base
            .as_deref()
            .and_then(|base| item_base.join(base.trim()).ok())
            .unwrap_or_else(|| item_base.clone());
        let body = entry
            .content
            .as_ref()
            .and_then(|content| Some((content.body.as_deref()?, content.content_type.as_str())));
        let summary = entry
            .summary
            .as_ref()
            .map(|summary| (summary.content.as_str(), summary.content_type.as_str()));
        let clean = |(text, media_type): (&str, &str)| {
            safe_html(text, media_type, descriptions_are_html, &base)
        };
        let body_html = body.and_then(clean);
        let summary_html = summary.and_then(clean);
        let (image, image_description) =
            match image_elsewhere.and_then(|image| web_address(image, &base)) {
                Some(image) => (Some(image), None),
                None => picture(entry, &base).map_or((None, None), |(image, description)| {
                    (Some(image), description)
                }),
            };
        let mut categories: Vec<String> = Vec::new();
        for category in &entry.categories {
            let name = clean_single_line(category.label.as_deref().unwrap_or(&category.term));
            if !name.is_empty() && !categories.contains(&name) {
                categories.push(name);
            }
        }
        Self {
            guid,
            title,
            content_html: body_html
                .or_else(|| summary_html.clone())
                .unwrap_or_default(),
            summary_html,
            published: entry
                .published
                .and_then(|instant| timestamp(instant, repairs)),
            updated: entry
                .updated
                .and_then(|instant| timestamp(instant, repairs)),
            authors: entry
                .authors
                .iter()
                .filter_map(|person| person.name.as_deref().map(clean_single_line))
                .filter(|name| !name.is_empty())
                .collect(),
            categories,
            image,
            image_description,
            link,
        }
    }

    pub(super) fn into_item(self, key: ItemKey) -> ParsedItem {
        let content_hash = content_hash(&self);
        ParsedItem {
            key,
            guid: self.guid,
            link: self.link,
            title: self.title,
            content_text: text_of_cleaned_html(&self.content_html),
            content_html: self.content_html,
            summary_html: self.summary_html,
            published: self.published,
            updated: self.updated,
            authors: self.authors,
            categories: self.categories,
            image: self.image,
            image_description: self.image_description,
            content_hash,
        }
    }
}

/// The hex SHA-256 of what would be published of an item.
fn content_hash(draft: &ItemDraft) -> String {
    let mut hasher = Sha256::new();
    let link = draft.link.as_ref().map(Url::as_str);
    let image = draft.image.as_ref().map(Url::as_str);
    let summary = draft.summary_html.as_deref();
    for part in [
        Some(draft.title.as_str()),
        link,
        Some(draft.content_html.as_str()),
        summary,
        image,
    ] {
        hasher.update(part.unwrap_or_default().as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// A text construct as plain text on one line.
fn plain_text(text: &Text) -> String {
    if is_html(text.content_type.as_str()) {
        html_to_text(&text.content)
    } else {
        clean_single_line(&text.content)
    }
}

/// Whether a feed-rs media type is HTML (Atom's `html` and `xhtml` among them).
fn is_html(media_type: &str) -> bool {
    matches!(
        media_type,
        "text/html" | "application/xhtml" | "application/xhtml+xml"
    )
}

/// A body or summary as sanitised HTML, or `None` if nothing is left of it. RSS says
/// nothing reliable about whether a description is text or HTML, and in practice it is
/// HTML, so `descriptions_are_html` reads plain text as HTML.
fn safe_html(
    text: &str,
    media_type: &str,
    descriptions_are_html: bool,
    base: &Url,
) -> Option<String> {
    let html = if is_html(media_type) || (descriptions_are_html && media_type == "text/plain") {
        clean_syndicated_html(text, base)
    } else if media_type == "text/plain" {
        text_to_html(text)
    } else {
        return None;
    };
    Some(html).filter(|html| !html.trim().is_empty())
}

/// The first `alternate` link (or link without a relation) that is not an attachment,
/// as an absolute web address.
fn alternate_link(links: &[Link], base: &Url) -> Option<Url> {
    links
        .iter()
        .filter(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .filter(|link| !is_attachment(link))
        .find_map(|link| web_address(&link.href, base))
}

/// Whether a link is a file attached to the item (an enclosure, or a JSON Feed
/// attachment, which feed-rs gives no relation) rather than a page.
fn is_attachment(link: &Link) -> bool {
    link.rel.as_deref() == Some("enclosure")
        || link.media_type.as_deref().is_some_and(|media_type| {
            ["image/", "audio/", "video/"]
                .iter()
                .any(|kind| media_type.starts_with(kind))
        })
}

/// `address` resolved against `base`, if it is then an http or https address.
fn web_address(address: &str, base: &Url) -> Option<Url> {
    base.join(address.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
}

/// The item's picture: an image among its media (enclosures and `media:content`), else a
/// `media:thumbnail`, else an image attached as a link (Atom enclosures, JSON Feed
/// attachments); with what the feed says it shows (the `media:description` of the media
/// it came from), when it says.
fn picture(entry: &Entry, base: &Url) -> Option<(Url, Option<String>)> {
    let described = |media: &MediaObject| {
        media
            .description
            .as_ref()
            .map(plain_text)
            .filter(|description| !description.is_empty())
    };
    let media_content = entry.media.iter().find_map(|media| {
        media.content.iter().find_map(|content| {
            let is_image = content
                .content_type
                .as_ref()
                .is_some_and(|media_type| media_type.as_str().starts_with("image/"));
            let url = content.url.as_ref()?;
            let image = is_image
                .then(|| web_address(url.as_str(), base))
                .flatten()?;
            Some((image, described(media)))
        })
    });
    let thumbnail = || {
        entry.media.iter().find_map(|media| {
            let image = media
                .thumbnails
                .iter()
                .find_map(|thumbnail| web_address(&thumbnail.image.uri, base))?;
            Some((image, described(media)))
        })
    };
    let enclosure_link = || {
        entry
            .links
            .iter()
            .filter(|link| is_attachment(link))
            .filter(|link| {
                link.media_type
                    .as_deref()
                    .is_some_and(|media_type| media_type.starts_with("image/"))
            })
            .find_map(|link| web_address(&link.href, base))
            .map(|image| (image, None))
    };
    media_content.or_else(thumbnail).or_else(enclosure_link)
}

/// A feed-rs instant as a [`Timestamp`]; one outside Gazette's range is dropped and noted.
fn timestamp(instant: DateTime<Utc>, repairs: &mut Vec<Repair>) -> Option<Timestamp> {
    let converted = Timestamp::from_microseconds(instant.timestamp_micros()).ok();
    if converted.is_none() {
        repairs.push(Repair::DateDropped {
            text: instant.to_rfc3339(),
        });
    }
    converted
}
