//! Knowing an item again: a stable key per item, the same every time the feed is read.
//!
//! The key is the item's guid (RSS) or id (Atom, JSON Feed) when the feed's guids can be
//! trusted — every item has one, and no two items share one; otherwise the item's link,
//! normalised, when every item has a distinct one; otherwise a hash of the item's title and
//! content. The choice is made for the whole feed at once, so that one feed's items never
//! mix kinds of keys, and it is noted among the repairs when it falls back. A guid that is
//! a web address (RSS's `isPermaLink`, Atom ids that are URLs) is normalised like a link.
//! Nothing here is random: the same feed always gives the same keys.

use std::collections::HashSet;
use std::fmt;

use sha2::{Digest, Sha256};
use url::Url;

use super::repair::Repair;

/// Query parameters that only say where a reader came from, dropped from links.
fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || name == "fbclid" || name == "gclid"
}

/// Which evidence an item's key rests on, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKeyKind {
    /// The guid or id the feed gave the item.
    Guid,
    /// The item's link, normalised.
    Link,
    /// A hash of the item's title and content.
    Hash,
}

impl ItemKeyKind {
    /// The prefix of the key's string form: `guid`, `link` or `hash`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Guid => "guid",
            Self::Link => "link",
            Self::Hash => "hash",
        }
    }
}

/// An item's stable key within its source, e.g. `guid:tag:example.com,2024:42`,
/// `link:https://example.com/story` or `hash:3f2a…`. Unique per source, never random.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    text: String,
}

impl ItemKey {
    fn new(kind: ItemKeyKind, value: &str) -> Self {
        Self {
            text: format!("{}:{value}", kind.prefix()),
        }
    }

    /// The key's string form, with its kind as prefix.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Which evidence the key rests on.
    pub fn kind(&self) -> ItemKeyKind {
        match self.text.split_once(':').map(|(prefix, _)| prefix) {
            Some("guid") => ItemKeyKind::Guid,
            Some("link") => ItemKeyKind::Link,
            _ => ItemKeyKind::Hash,
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

/// What identifies one item, before the feed-wide choice of key.
#[derive(Debug)]
pub(crate) struct ItemEvidence<'a> {
    /// The guid or id as given.
    pub guid: Option<&'a str>,
    /// The item's absolute link.
    pub link: Option<&'a Url>,
    /// The item's title, as plain text.
    pub title: &'a str,
    /// The item's body as the feed gave it.
    pub content: &'a str,
}

/// `link` without what does not change the page it points to: the fragment and tracking
/// parameters (`utm_*`, `fbclid`, `gclid`), the other parameters kept in their order. The
/// scheme and host are lower-cased and a default port dropped when the URL is parsed.
pub fn normalise_link(link: &Url) -> Url {
    let mut normalised = link.clone();
    normalised.set_fragment(None);
    if let Some(query) = link.query() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|parameter| {
                let name = parameter.split('=').next().unwrap_or_default();
                !parameter.is_empty() && !is_tracking_parameter(name)
            })
            .collect();
        if kept.is_empty() {
            normalised.set_query(None);
        } else {
            normalised.set_query(Some(&kept.join("&")));
        }
    }
    normalised
}

/// A guid as used in a key: trimmed, and normalised like a link when it is a web address.
fn normalise_guid(guid: &str) -> String {
    let guid = guid.trim();
    match Url::parse(guid) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => normalise_link(&url).into(),
        _ => guid.to_owned(),
    }
}

/// The keys of a feed's items, in order, choosing one kind for the whole feed; a fall back
/// to a weaker kind is added to `repairs`.
pub(crate) fn assign_keys(items: &[ItemEvidence<'_>], repairs: &mut Vec<Repair>) -> Vec<ItemKey> {
    let guids: Vec<Option<String>> = items
        .iter()
        .map(|item| {
            item.guid
                .map(normalise_guid)
                .filter(|guid| !guid.is_empty())
        })
        .collect();
    let guid_problem = problem_with(
        &guids,
        "some items have no guid or id",
        "several items share a guid or id",
    );
    let Some(guid_problem) = guid_problem else {
        return keys_of(ItemKeyKind::Guid, guids);
    };
    let links: Vec<Option<String>> = items
        .iter()
        .map(|item| item.link.map(|link| normalise_link(link).into()))
        .collect();
    if problem_with(&links, "", "").is_none() {
        repairs.push(Repair::WeakerKeys {
            reason: guid_problem,
            used: "link",
        });
        return keys_of(ItemKeyKind::Link, links);
    }
    repairs.push(Repair::WeakerKeys {
        reason: guid_problem,
        used: "title and content",
    });
    items
        .iter()
        .map(|item| {
            ItemKey::new(
                ItemKeyKind::Hash,
                &content_key_hash(item.title, item.content),
            )
        })
        .collect()
}

/// Why `values` cannot serve as keys — `missing` when one is absent, `shared` when two
/// are alike — or `None` if they can.
fn problem_with(
    values: &[Option<String>],
    missing: &'static str,
    shared: &'static str,
) -> Option<&'static str> {
    let mut seen = HashSet::with_capacity(values.len());
    for value in values {
        let Some(value) = value else {
            return Some(missing);
        };
        if !seen.insert(value.as_str()) {
            return Some(shared);
        }
    }
    None
}

fn keys_of(kind: ItemKeyKind, values: Vec<Option<String>>) -> Vec<ItemKey> {
    values
        .into_iter()
        .map(|value| ItemKey::new(kind, &value.unwrap_or_default()))
        .collect()
}

/// The hex SHA-256 of a title and a body, kept apart so that moving text from one to the
/// other changes the hash.
fn content_key_hash(title: &str, content: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update([0]);
    hasher.update(content.as_bytes());
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn links_lose_fragments_tracking_and_default_ports_but_keep_their_query_order() {
        let link = url("HTTPS://Example.COM:443/a/b?z=1&utm_source=rss&a=2&fbclid=x&gclid=y#top");
        assert_eq!(
            normalise_link(&link).as_str(),
            "https://example.com/a/b?z=1&a=2"
        );
        let only_tracking = url("http://example.com:80/?utm_medium=feed");
        assert_eq!(
            normalise_link(&only_tracking).as_str(),
            "http://example.com/"
        );
    }

    #[test]
    fn trustworthy_guids_make_the_keys() {
        let link = url("https://example.com/one");
        let items = [
            ItemEvidence {
                guid: Some(" abc "),
                link: Some(&link),
                title: "One",
                content: "",
            },
            ItemEvidence {
                guid: Some("HTTP://Example.com/two?utm_campaign=x"),
                link: None,
                title: "Two",
                content: "",
            },
        ];
        let mut repairs = Vec::new();
        let keys = assign_keys(&items, &mut repairs);
        assert_eq!(keys[0].as_str(), "guid:abc");
        assert_eq!(keys[1].as_str(), "guid:http://example.com/two");
        assert_eq!(keys[1].kind(), ItemKeyKind::Guid);
        assert!(repairs.is_empty());
    }

    #[test]
    fn repeated_guids_fall_back_to_links_for_the_whole_feed() {
        let (one, two) = (url("https://example.com/1#c"), url("https://example.com/2"));
        let items = [
            ItemEvidence {
                guid: Some("same"),
                link: Some(&one),
                title: "One",
                content: "",
            },
            ItemEvidence {
                guid: Some("same"),
                link: Some(&two),
                title: "Two",
                content: "",
            },
        ];
        let mut repairs = Vec::new();
        let keys = assign_keys(&items, &mut repairs);
        assert_eq!(keys[0].as_str(), "link:https://example.com/1");
        assert_eq!(keys[1].as_str(), "link:https://example.com/2");
        assert_eq!(
            repairs,
            [Repair::WeakerKeys {
                reason: "several items share a guid or id",
                used: "link"
            }]
        );
    }

    #[test]
    fn blank_guids_and_missing_links_fall_back_to_hashes() {
        let link = url("https://example.com/1");
        let items = [
            ItemEvidence {
                guid: Some("  "),
                link: Some(&link),
                title: "One",
                content: "a",
            },
            ItemEvidence {
                guid: Some("g"),
                link: None,
                title: "Two",
                content: "b",
            },
        ];
        let mut repairs = Vec::new();
        let keys = assign_keys(&items, &mut repairs);
        assert!(keys.iter().all(|key| key.kind() == ItemKeyKind::Hash));
        assert_ne!(keys[0], keys[1]);
        assert_eq!(keys[0].as_str().len(), "hash:".len() + 64);
        assert_eq!(keys, assign_keys(&items, &mut Vec::new()), "never random");
        assert_eq!(
            repairs,
            [Repair::WeakerKeys {
                reason: "some items have no guid or id",
                used: "title and content"
            }]
        );
    }
}
