//! A feed parsed up to its items, whose HTML is cleaned a batch at a time.
//!
//! Cleaning the items' HTML is most of the work of reading a feed. [`FeedReading`] holds
//! the parsed document with every item's key already chosen (keys are chosen for the whole
//! feed at once, from what the feed gave) and cleans the items in the feed's order, as
//! many at a time as the caller asks, on as many threads as it allows: a caller that
//! stores items can start on the first ones while the next are cleaned.

use feed_rs::model::Entry;
use url::Url;

use super::identity::ItemKey;
use super::model::{ParsedFeed, ParsedItem};
use super::parse::{ItemDraft, ItemHead};
use super::repair::Repair;

/// Parts with fewer entries than this per thread are cleaned on the calling thread alone:
/// starting a thread costs more than it saves.
const ENTRIES_PER_THREAD: usize = 64;

/// What identifies an item not yet read, with its key.
pub(super) type KeyedHead = (ItemHead, ItemKey);

/// A feed parsed, its items keyed but not yet cleaned (see the module's doc).
pub struct FeedReading {
    pub(super) title: String,
    pub(super) home_page: Option<Url>,
    pub(super) description: String,
    pub(super) entries: Vec<Entry>,
    /// Each entry's head and key, in order; those not yet read.
    pub(super) heads: Vec<KeyedHead>,
    pub(super) images: Vec<Option<String>>,
    pub(super) feed_url: Url,
    pub(super) descriptions_are_html: bool,
    /// How many entries were read.
    pub(super) next: usize,
    pub(super) repairs: Vec<Repair>,
}

impl FeedReading {
    /// A feed with no items (an `<rss>` without a `<channel>`).
    pub(super) fn without_items(feed_url: &Url, repairs: Vec<Repair>) -> Self {
        Self {
            title: String::new(),
            home_page: None,
            description: String::new(),
            entries: Vec::new(),
            heads: Vec::new(),
            images: Vec::new(),
            feed_url: feed_url.clone(),
            descriptions_are_html: false,
            next: 0,
            repairs,
        }
    }

    /// The site the feed belongs to.
    pub fn home_page(&self) -> Option<&Url> {
        self.home_page.as_ref()
    }

    /// How many items are left to read.
    pub fn items_left(&self) -> usize {
        self.entries.len() - self.next
    }

    /// What had to be repaired or guessed so far, taken out of the reading.
    pub fn take_repairs(&mut self) -> Vec<Repair> {
        std::mem::take(&mut self.repairs)
    }

    /// The next `count` items (fewer at the end), cleaned on up to `threads` threads, in
    /// the feed's order.
    pub fn next_items(&mut self, count: usize, threads: usize) -> Vec<ParsedItem> {
        let first = self.next;
        let end = first.saturating_add(count).min(self.entries.len());
        let heads: Vec<KeyedHead> = self.heads.drain(..end - first).collect();
        let entries = &self.entries[first..end];
        let threads = threads.min(entries.len() / ENTRIES_PER_THREAD).max(1);
        let read_part =
            |offset: usize, part: &[Entry], heads: Vec<KeyedHead>, repairs: &mut Vec<Repair>| {
                part.iter()
                    .zip(heads)
                    .enumerate()
                    .map(|(index, (entry, (head, key)))| {
                        let image = self.images.get(offset + index).and_then(Option::as_deref);
                        ItemDraft::read(
                            entry,
                            head,
                            image,
                            &self.feed_url,
                            self.descriptions_are_html,
                            repairs,
                        )
                        .into_item(key)
                    })
                    .collect::<Vec<ParsedItem>>()
            };
        let items = if threads <= 1 {
            read_part(first, entries, heads, &mut self.repairs)
        } else {
            let part_length = entries.len().div_ceil(threads);
            let mut heads = heads.into_iter();
            let parts: Vec<(usize, &[Entry], Vec<KeyedHead>)> = entries
                .chunks(part_length)
                .enumerate()
                .map(|(number, part)| {
                    let part_heads = heads.by_ref().take(part.len()).collect();
                    (first + number * part_length, part, part_heads)
                })
                .collect();
            let read_part = &read_part;
            let (items, repairs) = std::thread::scope(|scope| {
                let running: Vec<_> = parts
                    .into_iter()
                    .map(|(offset, part, part_heads)| {
                        scope.spawn(move || {
                            let mut part_repairs = Vec::new();
                            let items = read_part(offset, part, part_heads, &mut part_repairs);
                            (items, part_repairs)
                        })
                    })
                    .collect();
                let mut items = Vec::with_capacity(entries.len());
                let mut repairs = Vec::new();
                for part in running {
                    let (part_items, part_repairs) = part
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    items.extend(part_items);
                    repairs.extend(part_repairs);
                }
                (items, repairs)
            });
            self.repairs.extend(repairs);
            items
        };
        self.next = end;
        items
    }

    /// The whole feed, with `items` as its items.
    pub(super) fn into_feed(self, items: Vec<ParsedItem>) -> ParsedFeed {
        ParsedFeed {
            title: self.title,
            home_page: self.home_page,
            description: self.description,
            items,
            repairs: self.repairs,
        }
    }
}
