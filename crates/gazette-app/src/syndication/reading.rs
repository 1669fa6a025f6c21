//! A fetched feed read on the blocking pool and handed to the writer a batch at a time.
//!
//! The document is parsed and every item keyed first, so a body that is not a feed is
//! known before anything is written. The items' HTML is then cleaned a batch at a time on
//! the blocking pool and sent through a bounded channel, so that the transaction taking
//! the items writes the first batches while the next ones are cleaned. The cleaning keeps
//! to all cores but one: the writer, which the whole fetch waits for, keeps its own.

use crate::AppResult;
use crate::error::AppError;
use gazette_domain::SourceId;
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

/// Starts reading `body`, a feed served with `content_type` from `url` for `source`, on
/// the blocking pool. Returns once the document is parsed: its items, to be taken as they
/// are cleaned, or why it is not a feed Gazette can read.
pub(super) async fn start_reading(
    source: SourceId,
    body: Vec<u8>,
    content_type: Option<String>,
    url: Url,
) -> AppResult<Result<FeedItems, FeedError>> {
    let (parsed_sender, parsed) = oneshot::channel();
    let (batch_sender, batches) = mpsc::channel(BATCHES_AHEAD);
    let reader = tokio::task::spawn_blocking(move || {
        let mut reading = match read_feed(&body, content_type.as_deref(), &url) {
            Ok(reading) => reading,
            Err(error) => {
                // Nobody waits for the answer only if the fetch itself was given up.
                parsed_sender.send(Err(error)).ok();
                return;
            }
        };
        drop(body);
        if parsed_sender
            .send(Ok(reading.home_page().cloned()))
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
    match parsed.await {
        Ok(Ok(home_page)) => Ok(Ok(FeedItems {
            home_page,
            batches,
            reader: Some(reader),
            received: Vec::new(),
            taken: 0,
        })),
        Ok(Err(error)) => Ok(Err(error)),
        Err(_) => {
            reader.await.map_err(AppError::internal)?;
            Err(AppError::internal(
                "the feed's reader stopped before parsing it",
            ))
        }
    }
}
