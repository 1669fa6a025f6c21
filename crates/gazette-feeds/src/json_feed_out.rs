//! Writing a [`FeedDocument`] as JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
//!
//! The feed names its version, its title, the HTML page it mirrors (`home_page_url`), its
//! own address (`feed_url`), its description and language. Each item has its id, address,
//! title, dates, author, summary, tags, image, and its HTML as `content_html`; a feed that
//! carries only summaries gives the summary as `content_text` instead, since every item
//! needs one of the two. A republished article points at the original with
//! `external_url`, JSON Feed's link to what the item is about elsewhere, and names the
//! outlet in the extension object `_gazette` (`{"source": {"name", "url", "feed_url",
//! "date_published"}}`), which readers that do not know it ignore. Dates are RFC 3339 in
//! UTC, to the second, as in the other formats.
//!
//! JSON carries every character, escaped where it must be, so nothing is dropped here.

use crate::document::{EntrySource, FeedDocument, FeedEntry};
use crate::feed_time::feed_time;
use gazette_domain::Timestamp;
use serde::Serialize;

/// The `Content-Type` to serve [`to_json_feed`]'s output with.
pub const JSON_FEED_CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";

/// The address that says which version of JSON Feed a document follows.
pub const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// `document` as a JSON Feed 1.1 document.
pub fn to_json_feed(document: &FeedDocument) -> String {
    let feed = JsonFeed {
        version: JSON_FEED_VERSION,
        title: &document.title,
        home_page_url: &document.site_url,
        feed_url: &document.self_url,
        description: &document.description,
        language: document.language.as_deref(),
        items: document.entries.iter().map(json_item).collect(),
    };
    serde_json::to_string(&feed).expect("a feed made only of strings always serialises")
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: [JsonAuthor<'a>; 1],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(rename = "_gazette", skip_serializing_if = "Option::is_none")]
    gazette: Option<GazetteExtension<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

/// What Gazette says beyond JSON Feed's own fields.
#[derive(Serialize)]
struct GazetteExtension<'a> {
    source: JsonSource<'a>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

/// One entry as a JSON Feed item.
fn json_item(entry: &FeedEntry) -> JsonItem<'_> {
    let content_text = match entry.content_html {
        Some(_) => None,
        None => Some(entry.summary.as_deref().unwrap_or_default()),
    };
    JsonItem {
        id: &entry.id,
        url: &entry.url,
        external_url: entry.source.as_ref().map(|source| source.url.as_str()),
        title: &entry.title,
        content_html: entry.content_html.as_deref(),
        content_text,
        summary: entry.summary.as_deref(),
        image: entry.image.as_ref().map(|image| image.url.as_str()),
        date_published: rfc3339(entry.published),
        date_modified: rfc3339(entry.updated),
        authors: [JsonAuthor {
            name: &entry.author_name,
        }],
        tags: &entry.categories,
        gazette: entry.source.as_ref().map(|source| GazetteExtension {
            source: json_source(source),
        }),
    }
}

fn json_source(source: &EntrySource) -> JsonSource<'_> {
    JsonSource {
        name: &source.name,
        url: &source.url,
        feed_url: source.feed_url.as_deref(),
        date_published: source.published.map(rfc3339),
    }
}

/// `instant` in RFC 3339, in UTC, to the second.
fn rfc3339(instant: Timestamp) -> String {
    feed_time(instant).to_rfc3339()
}
