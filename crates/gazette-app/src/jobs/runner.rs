//! The job runner: claims due jobs one at a time, runs them, and decides what a failure
//! means — try again later (with exponential backoff) or give up and keep the error for
//! the operator. In `gazette serve` it runs in the background beside the regular
//! housekeeping; `gazette jobs run` drains the queue once.

use super::Job;
use crate::{App, AppError, AppResult};
use gazette_domain::Timestamp;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long a claimed job is reserved for its worker; a worker that dies frees it then.
const LEASE_SECONDS: i64 = 300;
/// The first retry waits this long; each further one twice as long.
const FIRST_RETRY_SECONDS: i64 = 30;
/// No retry waits longer than this.
const LONGEST_RETRY_SECONDS: i64 = 6 * 3600;
/// How often the background worker looks for jobs queued by other processes (this
/// process's own wake it at once). One indexed `MIN` a second is nothing to the database,
/// and it bounds how late an article scheduled from another process can be.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// The shortest pause between two passes, so that a job another worker holds cannot keep
/// this one busy.
const SHORTEST_PAUSE: Duration = Duration::from_millis(20);
/// How often the background worker does the housekeeping.
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

/// The background worker of a serving process; dropping it stops the worker.
#[derive(Debug)]
pub struct BackgroundWork {
    task: JoinHandle<()>,
}

impl Drop for BackgroundWork {
    fn drop(&mut self) {
        self.task.abort();
    }
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
    /// Runs every job that is due now, until none is left; returns what happened.
    pub async fn run_due_jobs(&self) -> AppResult<JobRun> {
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

    /// Starts the background worker: it publishes scheduled articles that are due, runs
    /// due jobs as soon as this process queues one, sleeps until the next job is due (but
    /// looks again every few seconds for jobs queued by other processes), and does the
    /// hourly housekeeping.
    pub fn start_background_work(&self) -> BackgroundWork {
        let app = self.clone();
        let task = tokio::spawn(async move {
            let mut last_housekeeping: Option<tokio::time::Instant> = None;
            loop {
                if last_housekeeping.is_none_or(|last| last.elapsed() >= HOUSEKEEPING_INTERVAL) {
                    match app.keep_house().await {
                        Ok(report) => tracing::info!(?report, "housekeeping done"),
                        Err(error) => tracing::error!(%error, "housekeeping failed"),
                    }
                    last_housekeeping = Some(tokio::time::Instant::now());
                }
                if let Err(error) = app.publish_due_articles().await {
                    tracing::error!(%error, "scheduled articles could not be published");
                }
                if let Err(error) = app.run_due_jobs().await {
                    tracing::error!(%error, "the job queue could not be read");
                }
                let pause = match app.db().next_job_due().await {
                    Ok(Some(due)) => {
                        let wait = due.as_microseconds() - app.clock().now().as_microseconds();
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
                    () = app.job_queued() => {}
                    () = tokio::time::sleep(pause) => {}
                }
            }
        });
        BackgroundWork { task }
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
