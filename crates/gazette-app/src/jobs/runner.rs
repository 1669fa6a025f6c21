//! The job runner: a few workers claim due jobs one at a time each, run them, and decide
//! what a failure means — try again later (with exponential backoff) or give up and keep
//! the error for the operator. Several workers, so that one slow job (a source that takes
//! its whole timeout to answer) never holds up the mail behind it. In `gazette serve` they
//! run in the background beside the regular housekeeping, woken by a dispatcher when a job
//! falls due; `gazette jobs run` drains the queue once with the same workers.

use super::Job;
use crate::{App, AppError, AppResult};
use gazette_domain::Timestamp;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// How many jobs run at once. Jobs wait mostly on the network (mail, feeds); a handful
/// of workers keeps a slow one from delaying the rest without crowding the database.
const WORKERS: usize = 4;

/// How long a claimed job is reserved for its worker; a worker that dies frees it then.
const LEASE_SECONDS: i64 = 300;
/// The first retry waits this long; each further one twice as long.
const FIRST_RETRY_SECONDS: i64 = 30;
/// No retry waits longer than this.
const LONGEST_RETRY_SECONDS: i64 = 6 * 3600;
/// How often the dispatcher looks for jobs queued by other processes (this process's own
/// wake it at once). One indexed `MIN` a second is nothing to the database,
/// and it bounds how late an article scheduled from another process can be.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// The shortest pause between two looks, so that a job due now that another process holds
/// cannot keep the dispatcher busy.
const SHORTEST_PAUSE: Duration = Duration::from_millis(20);
/// How often the background work does the housekeeping.
const HOUSEKEEPING_INTERVAL: Duration = Duration::from_hours(1);

/// Why a job did not finish.
#[derive(Debug)]
pub(crate) enum JobFailure {
    /// Trying again may work.
    Transient(String),
    /// Trying again will fail the same way.
    Permanent(String),
}

impl From<AppError> for JobFailure {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Unavailable(_) | AppError::Internal(_) => Self::Transient(error.to_string()),
            other => Self::Permanent(other.to_string()),
        }
    }
}

/// What one pass over the queue did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobRun {
    /// Jobs that finished.
    pub done: u32,
    /// Jobs that failed and will be tried again.
    pub retried: u32,
    /// Jobs that failed for the last time.
    pub given_up: u32,
}

impl JobRun {
    fn add(&mut self, other: Self) {
        self.done += other.done;
        self.retried += other.retried;
        self.given_up += other.given_up;
    }
}

/// The background work of a serving process (the dispatcher and the workers); dropping it
/// stops them all.
#[derive(Debug)]
pub struct BackgroundWork {
    _tasks: JoinSet<()>,
}

/// When the next attempt after failed attempt number `attempt` runs.
fn retry_time(now: Timestamp, attempt: u32) -> Timestamp {
    let doublings = attempt.saturating_sub(1).min(20);
    let wait = FIRST_RETRY_SECONDS
        .saturating_mul(1_i64 << doublings)
        .min(LONGEST_RETRY_SECONDS);
    now.plus_seconds(wait)
}

impl App {
    /// Runs every job that is due now, several at once, until none is left; returns what
    /// happened.
    pub async fn run_due_jobs(&self) -> AppResult<JobRun> {
        let mut workers = JoinSet::new();
        for _ in 0..WORKERS {
            let app = self.clone();
            workers.spawn(async move { app.work_through_due_jobs().await });
        }
        let mut run = JobRun::default();
        let mut failure = None;
        while let Some(joined) = workers.join_next().await {
            match joined.map_err(AppError::internal)? {
                Ok(worker_run) => run.add(worker_run),
                Err(error) => failure = Some(error),
            }
        }
        failure.map_or(Ok(run), Err)
    }

    /// One worker's share: claims and runs due jobs one at a time until none is left.
    async fn work_through_due_jobs(&self) -> AppResult<JobRun> {
        let mut run = JobRun::default();
        loop {
            let now = self.clock().now();
            let Some(claimed) = self
                .db()
                .claim_job(now, now.plus_seconds(LEASE_SECONDS))
                .await?
            else {
                return Ok(run);
            };
            let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
                Ok(job) => self.run_job(&job).await,
                Err(error) => Err(JobFailure::Permanent(format!(
                    "the job's details cannot be read: {error}"
                ))),
            };
            match outcome {
                Ok(()) => {
                    self.db().finish_job(claimed.id).await?;
                    run.done += 1;
                }
                Err(JobFailure::Transient(error)) if claimed.attempt < claimed.max_attempts => {
                    let when = retry_time(self.clock().now(), claimed.attempt);
                    tracing::warn!(job = claimed.id, kind = %claimed.kind, attempt = claimed.attempt, %error, "job failed; it will be tried again");
                    self.db().retry_job(claimed.id, when, &error).await?;
                    run.retried += 1;
                }
                Err(JobFailure::Transient(error) | JobFailure::Permanent(error)) => {
                    tracing::error!(job = claimed.id, kind = %claimed.kind, attempt = claimed.attempt, %error, "job failed for good");
                    self.db()
                        .give_up_job(claimed.id, self.clock().now(), &error)
                        .await?;
                    run.given_up += 1;
                }
            }
        }
    }

    /// Queued jobs and those given up, given-up ones last.
    pub async fn jobs(&self, limit: u32) -> AppResult<Vec<gazette_store::JobSummary>> {
        Ok(self.db().jobs(limit).await?)
    }

    /// Starts the background work: a dispatcher that does the hourly housekeeping,
    /// publishes scheduled articles that are due, and wakes the workers whenever a job is
    /// due — at once when this process queues one, otherwise when the earliest queued job's
    /// time comes, looking again every second for jobs queued by other processes.
    pub fn start_background_work(&self) -> BackgroundWork {
        let jobs_due = Arc::new(Notify::new());
        let mut tasks = JoinSet::new();
        for _ in 0..WORKERS {
            let app = self.clone();
            let jobs_due = Arc::clone(&jobs_due);
            tasks.spawn(async move { app.work_when_woken(&jobs_due).await });
        }
        let app = self.clone();
        tasks.spawn(async move { app.dispatch_jobs(&jobs_due).await });
        BackgroundWork { _tasks: tasks }
    }

    /// A background worker: runs due jobs until none is left, then waits to be woken. A
    /// wake-up that comes while it works is kept, so no due job waits for the next one.
    async fn work_when_woken(&self, jobs_due: &Notify) {
        loop {
            let woken = jobs_due.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            if let Err(error) = self.work_through_due_jobs().await {
                tracing::error!(%error, "the job queue could not be read");
            }
            woken.await;
        }
    }

    /// The dispatcher: housekeeping, scheduled articles, and waking the workers when the
    /// earliest queued job is due.
    async fn dispatch_jobs(&self, jobs_due: &Notify) {
        let mut last_housekeeping: Option<tokio::time::Instant> = None;
        loop {
            if last_housekeeping.is_none_or(|last| last.elapsed() >= HOUSEKEEPING_INTERVAL) {
                match self.keep_house().await {
                    Ok(report) => tracing::info!(?report, "housekeeping done"),
                    Err(error) => tracing::error!(%error, "housekeeping failed"),
                }
                last_housekeeping = Some(tokio::time::Instant::now());
            }
            if let Err(error) = self.publish_due_articles().await {
                tracing::error!(%error, "scheduled articles could not be published");
            }
            let pause = match self.db().next_job_due().await {
                Ok(Some(due)) => {
                    let wait = due.as_microseconds() - self.clock().now().as_microseconds();
                    if wait <= 0 {
                        jobs_due.notify_waiters();
                    }
                    Duration::from_micros(u64::try_from(wait).unwrap_or(0))
                        .clamp(SHORTEST_PAUSE, POLL_INTERVAL)
                }
                Ok(None) => POLL_INTERVAL,
                Err(error) => {
                    tracing::error!(%error, "the job queue could not be read");
                    POLL_INTERVAL
                }
            };
            tokio::select! {
                () = self.job_queued() => {}
                () = tokio::time::sleep(pause) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_a_ceiling() {
        let start = Timestamp::from_microseconds(0).unwrap();
        let wait = |attempt| retry_time(start, attempt).as_microseconds() / 1_000_000;
        assert_eq!(wait(1), 30);
        assert_eq!(wait(2), 60);
        assert_eq!(wait(5), 480);
        assert_eq!(wait(30), LONGEST_RETRY_SECONDS);
    }
}
