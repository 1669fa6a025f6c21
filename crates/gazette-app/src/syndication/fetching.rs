//! One fetch of a source, from claiming it to queueing the next.
//!
//! A fetch is claimed first (the source's next fetch time moves past the fetch's longest
//! possible end), so two processes never fetch one source at once and a job that finds its
//! source not due, paused or removed does nothing. A feed that came is parsed on the
//! blocking pool before any transaction opens, so parsing never holds the database's
//! writer; its items are cleaned there a batch at a time while the transaction takes the
//! earlier ones (`reading`). A feed that is the same as the last one read in full, known by
//! its digest, is not read at all. Whatever the fetch comes to, one transaction then
//! records it on the source, takes the feed's items, and queues the next fetch: at the
//! source's interval with jitter after a success (a 304 included), after a growing backoff
//! after a failure (never sooner than a `Retry-After`), and never after a 410, which pauses
//! the source.

use super::reading::{BodyRead, BodyReading, start_reading};
use super::sources::no_such_source;
use super::taking::FeedTaking;
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::syndication::Source;
use gazette_domain::{SourceId, Timestamp};
use gazette_feeds::fetch::{FetchOutcome, FetchRequest, FetchedFeed};
use gazette_store::{FetchSuccess, Tx};
use serde::Serialize;
use std::time::Duration;
use tokio::task::{JoinError, JoinSet};
use url::Url;

/// How long past the fetch's total timeout a claim holds, for the writing that follows.
const CLAIM_MARGIN_SECONDS: i64 = 60;

/// The reason a source is paused when its feed answers 410.
const GONE: &str = "the feed answered 410 Gone: the publisher removed it for good; find its new address and add it as a new source";

/// How a fetch ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchStatus {
    /// The feed came and was read.
    Fetched,
    /// The feed had not changed: the server said so (304), or sent the same feed as the
    /// last one read in full. Nothing was read or written.
    NotModified,
    /// The fetch or the reading failed; the error is kept on the source.
    Failed,
    /// The feed is gone for good (410); the source is paused.
    Gone,
}

/// What one fetch of a source did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchReport {
    /// The source.
    pub source_id: SourceId,
    /// Its name.
    pub source_name: String,
    /// How the fetch ended.
    pub status: FetchStatus,
    /// New articles made from new items.
    pub created: u32,
    /// Articles updated because their source changed them.
    pub updated: u32,
    /// Changes to taken items left for an editor's review.
    pub flagged: u32,
    /// Items already known and unchanged, or tombstoned.
    pub unchanged: u32,
    /// New items left out by the keyword rules or for their age.
    pub left_out: u32,
    /// Why the fetch failed or the source was paused.
    pub error: Option<String>,
    /// The feed's new address, when it moved for good (301 or 308).
    pub moved_to: Option<String>,
    /// When the source is fetched next; `None` once it is paused.
    pub next_fetch_at: Option<Timestamp>,
}

impl FetchReport {
    fn new(source: &Source, status: FetchStatus) -> Self {
        Self {
            source_id: source.id,
            source_name: source.name.clone(),
            status,
            created: 0,
            updated: 0,
            flagged: 0,
            unchanged: 0,
            left_out: 0,
            error: None,
            moved_to: None,
            next_fetch_at: None,
        }
    }
}

/// How long past its time a source's fetch must be before the housekeeping takes its job
/// for lost and queues another: an hour, the housekeeping's own interval.
const STALLED_AFTER_SECONDS: i64 = 3600;

/// How many sources [`App::fetch_all_sources`] fetches at the same time.
const FETCHES_AT_ONCE: usize = 8;
/// How many times a fetch's outcome is written before a conflict is taken for an error.
const RECORD_ATTEMPTS: u32 = 3;

/// Adds a finished fetch's report, if it made one, to `reports`.
fn collect_report(
    done: Result<AppResult<Option<FetchReport>>, JoinError>,
    reports: &mut Vec<FetchReport>,
) -> AppResult<()> {
    if let Some(report) = done.map_err(AppError::internal)?? {
        reports.push(report);
    }
    Ok(())
}

/// A duration as a number of seconds, saturating.
fn whole_seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

impl App {
    /// Fetches a source now, due or not. A paused source is refused.
    pub async fn fetch_source(&self, id: SourceId) -> AppResult<FetchReport> {
        let source = self.source(id).await?;
        if let Some(paused) = &source.paused {
            return Err(AppError::Conflict(format!(
                "Source {id} is paused ({}); resume it to fetch it.",
                paused.reason
            )));
        }
        self.claim_and_fetch(id, true)
            .await?
            .ok_or_else(|| no_such_source(id))
    }

    /// Fetches every source that is not paused, now, [`FETCHES_AT_ONCE`] at a time, so a
    /// slow source holds up no more than its own slot. The reports come in source order.
    pub async fn fetch_all_sources(&self) -> AppResult<Vec<FetchReport>> {
        let mut reports = Vec::new();
        let mut running = JoinSet::new();
        for source in self.db().sources().await? {
            if source.paused.is_some() {
                continue;
            }
            if running.len() >= FETCHES_AT_ONCE
                && let Some(done) = running.join_next().await
            {
                collect_report(done, &mut reports)?;
            }
            let app = self.clone();
            running.spawn(async move { app.claim_and_fetch(source.id, true).await });
        }
        while let Some(done) = running.join_next().await {
            collect_report(done, &mut reports)?;
        }
        reports.sort_by_key(|report| report.source_id);
        Ok(reports)
    }

    /// The `FetchSource` job: fetches the source if its fetch is due; `None` when it is not
    /// (another fetch came first), or the source is paused or gone.
    pub(crate) async fn fetch_source_if_due(&self, id: SourceId) -> AppResult<Option<FetchReport>> {
        self.claim_and_fetch(id, false).await
    }

    /// Queues a fetch for every source not paused whose fetch is overdue by more than
    /// [`STALLED_AFTER_SECONDS`]: its job was lost (given up after the database failed it
    /// again and again), and without one it would never be fetched again. A second job for
    /// a source that still has one costs nothing: whichever runs later finds the fetch not
    /// due. Run by the housekeeping; returns how many sources were queued.
    pub(crate) async fn requeue_stalled_sources(&self) -> AppResult<usize> {
        let now = self.clock().now();
        let stalled = self
            .db()
            .due_sources(now.plus_seconds(-STALLED_AFTER_SECONDS))
            .await?;
        if stalled.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db().begin().await?;
        for id in &stalled {
            self.enqueue(
                &mut tx,
                &Job::FetchSource {
                    source_id: id.get(),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        self.wake_job_runner();
        tracing::warn!(
            count = stalled.len(),
            "sources without a queued fetch were queued again"
        );
        Ok(stalled.len())
    }

    async fn claim_and_fetch(&self, id: SourceId, force: bool) -> AppResult<Option<FetchReport>> {
        let client = self.syndication().client().map_err(AppError::Unavailable)?;
        let now = self.clock().now();
        let lease = now.plus_seconds(
            whole_seconds(self.syndication().limits().total_timeout) + CLAIM_MARGIN_SECONDS,
        );
        let mut tx = self.db().begin().await?;
        let claimed = tx.claim_source_fetch(id, now, lease, force).await?;
        tx.commit().await?;
        let Some(source) = claimed else {
            return Ok(None);
        };
        let url = Url::parse(&source.feed_url).map_err(|error| {
            AppError::internal(format!(
                "source {id} has the address `{}`: {error}",
                source.feed_url
            ))
        })?;
        let request = FetchRequest {
            url,
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
            allow_private_addresses: source.allow_private_addresses,
        };
        let mut outcome = client.fetch(&request).await;
        let mut reading = match &mut outcome {
            FetchOutcome::Fetched(feed) => {
                Some(start_reading(id, feed, source.feed_digest.clone()).await?)
            }
            _ => None,
        };
        let report = self
            .record_outcome(&source, &outcome, reading.as_mut())
            .await?;
        self.wake_job_runner();
        tracing::info!(source = %id, status = ?report.status, created = report.created, updated = report.updated, error = report.error.as_deref().unwrap_or(""), "source fetched");
        Ok(Some(report))
    }

    /// Writes what a fetch came to, in one transaction with the next fetch's job. Two
    /// fetches taking items at once (`fetch_all_sources`) may choose the same new slug; on
    /// PostgreSQL the later transaction then meets the earlier one's article and fails with
    /// a conflict, so it is run again, when the slug it chose is seen as taken.
    async fn record_outcome(
        &self,
        source: &Source,
        outcome: &FetchOutcome,
        mut reading: Option<&mut BodyReading>,
    ) -> AppResult<FetchReport> {
        let mut attempt = 1;
        loop {
            match self
                .record_outcome_once(source, outcome, reading.as_deref_mut())
                .await
            {
                Err(AppError::Conflict(reason)) if attempt < RECORD_ATTEMPTS => {
                    tracing::debug!(source = %source.id, attempt, %reason, "recording the fetch again after a conflict");
                    attempt += 1;
                }
                recorded => return recorded,
            }
        }
    }

    /// [`Self::record_outcome`], once.
    async fn record_outcome_once(
        &self,
        source: &Source,
        outcome: &FetchOutcome,
        reading: Option<&mut BodyReading>,
    ) -> AppResult<FetchReport> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let report = match (outcome, reading) {
            (FetchOutcome::Fetched(feed), Some(reading)) => {
                self.record_feed(&mut tx, source, feed, reading, now)
                    .await?
            }
            (FetchOutcome::Fetched(_), None) => {
                return Err(AppError::internal("a fetched feed was recorded unread"));
            }
            (FetchOutcome::NotModified { permanent_redirect }, _) => {
                let mut report = FetchReport::new(source, FetchStatus::NotModified);
                if let Some(moved) = permanent_redirect {
                    report.moved_to = Some(self.move_source(&mut tx, source, moved, now).await?);
                }
                let success = FetchSuccess {
                    etag: source.etag.clone(),
                    last_modified: source.last_modified.clone(),
                    home_page_url: None,
                    next_fetch_at: self.next_regular_fetch(source, now),
                    feed_digest: source.feed_digest.clone(),
                };
                self.record_success(&mut tx, source, &success, now).await?;
                report.next_fetch_at = Some(success.next_fetch_at);
                report
            }
            (FetchOutcome::Gone, _) => {
                tx.pause_source(source.id, GONE, now).await?;
                tx.record_fetch_failure(source.id, GONE, now, now).await?;
                let mut report = FetchReport::new(source, FetchStatus::Gone);
                report.error = Some(GONE.to_owned());
                report
            }
            (FetchOutcome::RetryAfter { status, at }, _) => {
                let asked = Duration::from_micros(
                    u64::try_from(at.as_microseconds() - now.as_microseconds()).unwrap_or(0),
                );
                let error =
                    format!("the server answered {status} and asked to be asked again after {at}");
                self.record_failure(&mut tx, source, error, Some(asked), now)
                    .await?
            }
            (FetchOutcome::Failed(error), _) => {
                self.record_failure(&mut tx, source, error.to_string(), None, now)
                    .await?
            }
        };
        tx.commit().await?;
        Ok(report)
    }

    /// A feed came: take its items and record the success, or record the failure to read
    /// it. The same feed as the last one read in full counts as not modified.
    async fn record_feed(
        &self,
        tx: &mut Tx,
        source: &Source,
        feed: &FetchedFeed,
        reading: &mut BodyReading,
        now: Timestamp,
    ) -> AppResult<FetchReport> {
        let moved_to = match &feed.permanent_redirect {
            Some(moved) => Some(self.move_source(tx, source, moved, now).await?),
            None => None,
        };
        let mut success = FetchSuccess {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
            home_page_url: None,
            next_fetch_at: self.next_regular_fetch(source, now),
            feed_digest: Some(reading.digest.clone()),
        };
        let mut report = match &mut reading.read {
            BodyRead::Unreadable(error) => {
                let mut report = self
                    .record_failure(tx, source, error.to_string(), None, now)
                    .await?;
                report.moved_to = moved_to;
                return Ok(report);
            }
            BodyRead::AsLastRead => FetchReport::new(source, FetchStatus::NotModified),
            BodyRead::Feed(items) => {
                let mut report = FetchReport::new(source, FetchStatus::Fetched);
                // The items are taken as they are cleaned; a transaction run again takes
                // them all again from the first.
                items.restart();
                let mut feed_taking = FeedTaking::default();
                while let Some(batch) = items.next_batch().await? {
                    self.take_items(tx, source, batch, &mut feed_taking, now, &mut report)
                        .await?;
                }
                success.home_page_url = items.home_page.as_ref().map(ToString::to_string);
                report
            }
        };
        report.moved_to = moved_to;
        self.record_success(tx, source, &success, now).await?;
        report.next_fetch_at = Some(success.next_fetch_at);
        Ok(report)
    }

    async fn record_success(
        &self,
        tx: &mut Tx,
        source: &Source,
        success: &FetchSuccess,
        now: Timestamp,
    ) -> AppResult<()> {
        tx.record_fetch_success(source.id, success, now).await?;
        self.queue_next_fetch(tx, source, success.next_fetch_at, now)
            .await
    }

    async fn record_failure(
        &self,
        tx: &mut Tx,
        source: &Source,
        error: String,
        retry_after: Option<Duration>,
        now: Timestamp,
    ) -> AppResult<FetchReport> {
        let failures = source.consecutive_failures.saturating_add(1);
        let wait = self
            .syndication()
            .pacing()
            .next_attempt_after(failures, retry_after);
        let next = now.plus_seconds(whole_seconds(wait));
        tx.record_fetch_failure(source.id, &error, next, now)
            .await?;
        self.queue_next_fetch(tx, source, next, now).await?;
        let mut report = FetchReport::new(source, FetchStatus::Failed);
        report.error = Some(error);
        report.next_fetch_at = Some(next);
        Ok(report)
    }

    async fn queue_next_fetch(
        &self,
        tx: &mut Tx,
        source: &Source,
        at: Timestamp,
        now: Timestamp,
    ) -> AppResult<()> {
        self.enqueue_at(
            tx,
            &Job::FetchSource {
                source_id: source.id.get(),
            },
            at,
            now,
        )
        .await
    }

    /// When a source that was fetched well is fetched next: its interval, with jitter.
    fn next_regular_fetch(&self, source: &Source, now: Timestamp) -> Timestamp {
        let interval = Duration::from_secs(u64::try_from(source.interval_seconds).unwrap_or(0));
        now.plus_seconds(whole_seconds(
            self.syndication().pacing().jittered(interval),
        ))
    }

    /// Stores the feed's new address after a permanent redirect; returns it.
    async fn move_source(
        &self,
        tx: &mut Tx,
        source: &Source,
        moved: &Url,
        now: Timestamp,
    ) -> AppResult<String> {
        let address = moved.to_string();
        tx.move_source(source.id, &address, now).await?;
        tracing::info!(source = %source.id, from = %source.feed_url, to = %address, "source moved for good");
        Ok(address)
    }
}
