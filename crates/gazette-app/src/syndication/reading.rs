//! A fetched feed read on the blocking pool and handed to the writer a batch at a time.
//!
//! The body is hashed first (see `FetchedFeed::digest`): the same feed as the last one read
//! in full is not read again. Otherwise the document is parsed and every item keyed first,
//! so a body that is not a feed is known before anything is written. The items' HTML is
//! then cleaned a batch at a time on the blocking pool and sent through a bounded channel,
//! so that the transaction taking the items writes the first batches while the next ones
//! are cleaned. The cleaning keeps to all cores but one: the writer, which the whole fetch
//! waits for, keeps its own.

use crate::AppResult;
use crate::error::AppError;
use gazette_domain::SourceId;
use gazette_feeds::fetch::FetchedFeed;
use gazette_feeds::{FeedError, FeedReading, ParsedItem, read_feed};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use url::Url;

/// How many items are cleaned and handed over at a time: few enough that writing starts
/// soon after the document is parsed, enough that each batch's statements are full.
const ITEMS_PER_BATCH: usize = 500;
/// How many cleaned batches may wait for the writer.
const BATCHES_AHEAD: usize = 4;

/// The items of a feed being read (see the module's doc). Every item received is kept,
/// so that a transaction that has to be run again can take them all again.
#[derive(Debug)]
pub(super) struct FeedItems {
    /// The site the feed belongs to, as the feed names it.
    pub(super) home_page: Option<Url>,
    batches: mpsc::Receiver<Vec<ParsedItem>>,
    reader: Option<JoinHandle<()>>,
    received: Vec<ParsedItem>,
    taken: usize,
}

impl FeedItems {
    /// Starts again from the first item.
    pub(super) fn restart(&mut self) {
        self.taken = 0;
    }

    /// The next items in the feed's order: those received and not given out yet, else the
    /// next batch as soon as it is cleaned; `None` after the last.
    pub(super) async fn next_batch(&mut self) -> AppResult<Option<&[ParsedItem]>> {
        if self.taken == self.received.len() {
            if let Some(batch) = self.batches.recv().await {
                self.received.extend(batch);
            } else {
                // The reader has finished, or failed: a panic there is an error here, not
                // a feed that ended early.
                if let Some(reader) = self.reader.take() {
                    reader.await.map_err(AppError::internal)?;
                }
                return Ok(None);
            }
        }
        let first = self.taken;
        self.taken = self.received.len();
        Ok(Some(&self.received[first..]))
    }
}

/// What a fetched body came to before its transaction.
#[derive(Debug)]
pub(super) enum BodyRead {
    /// The same feed as the last one read in full: nothing in it is new.
    AsLastRead,
    /// A feed, whose items are taken as they are cleaned.
    Feed(FeedItems),
    /// Why it is not a feed Gazette can read.
    Unreadable(FeedError),
}

/// A fetched body with what it came to.
#[derive(Debug)]
pub(super) struct BodyReading {
    /// What it hashed to (`FetchedFeed::digest`).
    pub(super) digest: String,
    /// What it came to.
    pub(super) read: BodyRead,
}

/// What the blocking pool tells once the document is parsed, or found not worth parsing.
enum Parsed {
    AsLastRead,
    /// A feed, with the site it belongs to.
    Feed(Option<Url>),
    Unreadable(FeedError),
}

/// Starts reading `feed`, fetched for `source`, on the blocking pool, unless its digest is
/// `last_digest`, the last feed read in full's. Returns once the document is parsed: its
/// items, to be taken as they are cleaned, or why it is not a feed Gazette can read. The
/// body is moved out of `feed`.
pub(super) async fn start_reading(
    source: SourceId,
    feed: &mut FetchedFeed,
    last_digest: Option<String>,
) -> AppResult<BodyReading> {
    let body = std::mem::take(&mut feed.body);
    // The clone's body is the empty one left behind.
    let fetched = FetchedFeed {
        body,
        ..feed.clone()
    };
    let (parsed_sender, parsed) = oneshot::channel();
    let (batch_sender, batches) = mpsc::channel(BATCHES_AHEAD);
    let reader = tokio::task::spawn_blocking(move || {
        let digest = fetched.digest();
        if last_digest.as_deref() == Some(digest.as_str()) {
            parsed_sender.send((digest, Parsed::AsLastRead)).ok();
            return;
        }
        let mut reading = match read_feed(
            &fetched.body,
            fetched.content_type.as_deref(),
            &fetched.final_url,
        ) {
            Ok(reading) => reading,
            Err(error) => {
                // Nobody waits for the answer only if the fetch itself was given up.
                parsed_sender.send((digest, Parsed::Unreadable(error))).ok();
                return;
            }
        };
        drop(fetched);
        if parsed_sender
            .send((digest, Parsed::Feed(reading.home_page().cloned())))
            .is_err()
        {
            return;
        }
        let log_repairs = |reading: &mut FeedReading| {
            for repair in reading.take_repairs() {
                tracing::debug!(source = %source, ?repair, "feed repaired while reading");
            }
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .saturating_sub(1)
            .max(1);
        while reading.items_left() > 0 {
            let items = reading.next_items(ITEMS_PER_BATCH, threads);
            log_repairs(&mut reading);
            if batch_sender.blocking_send(items).is_err() {
                // The writer stopped (its transaction failed): nothing more to read for.
                return;
            }
        }
        log_repairs(&mut reading);
    });
    let Ok((digest, read)) = parsed.await else {
        reader.await.map_err(AppError::internal)?;
        return Err(AppError::internal(
            "the feed's reader stopped before parsing it",
        ));
    };
    let read = match read {
        Parsed::Feed(home_page) => BodyRead::Feed(FeedItems {
            home_page,
            batches,
            reader: Some(reader),
            received: Vec::new(),
            taken: 0,
        }),
        Parsed::AsLastRead => BodyRead::AsLastRead,
        Parsed::Unreadable(error) => BodyRead::Unreadable(error),
    };
    Ok(BodyReading { digest, read })
}
