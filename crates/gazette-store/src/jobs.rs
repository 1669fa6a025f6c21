//! The job queue: work that happens outside requests (sending mail), stored in the
//! database so that it survives restarts and is shared by every process.
//!
//! A worker claims a due job by setting its lease (`locked_until`). The claim is one
//! `UPDATE … WHERE id = (oldest due job) AND (still unleased)`: two processes that pick the
//! same job race on that row, and the loser's update finds the lease taken and changes
//! nothing (on SQLite writes are serialised anyway; on PostgreSQL the second update
//! re-checks the condition once the first commits). A job whose worker died is claimed
//! again when its lease runs out.

use crate::StoreResult;
use crate::backend::{Db, ROWS_PER_STATEMENT, Tx};
use crate::time_column::DbTime;
use gazette_domain::Timestamp;
use serde::Serialize;

/// A job to add to the queue.
#[derive(Clone, Debug)]
pub struct NewJob {
    /// What kind of work, e.g. `notify_reply`.
    pub kind: &'static str,
    /// The work's details, as JSON.
    pub payload: String,
    /// When it may run.
    pub run_at: Timestamp,
    /// How many times it is tried before it is given up.
    pub max_attempts: u32,
}

/// A job a worker has claimed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedJob {
    /// Its id.
    pub id: i64,
    /// What kind of work.
    pub kind: String,
    /// The work's details, as JSON.
    pub payload: String,
    /// This attempt's number, from 1.
    pub attempt: u32,
    /// How many attempts it has.
    pub max_attempts: u32,
}

/// A job as listed for an operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobSummary {
    /// Its id.
    pub id: i64,
    /// What kind of work.
    pub kind: String,
    /// When it runs next (or last ran, if it failed).
    pub run_at: Timestamp,
    /// How many times it was tried.
    pub attempts: u32,
    /// The last error, if an attempt failed.
    pub last_error: Option<String>,
    /// When it was given up, if it was.
    pub failed_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    kind: String,
    payload: String,
    attempts: i32,
    max_attempts: i32,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    run_at: DbTime,
    attempts: i32,
    last_error: Option<String>,
    failed_at: Option<DbTime>,
}

fn count(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// A number of attempts as stored.
fn attempts(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The head of [`ENQUEUE`]; the values follow.
macro_rules! enqueue_head {
    () => {
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at) "
    };
}
const ENQUEUE: &str = concat!(enqueue_head!(), "VALUES ($1, $2, $3, $4, $5)");
/// The head of an insert of many jobs at once.
const ENQUEUE_MANY: &str = enqueue_head!();
/// Claims the first due job. The outer conditions repeat the inner ones because on
/// PostgreSQL another worker may claim the row, fail and reschedule it between the inner
/// look and the update, which then sees only the row's newest version: without `run_at`
/// there, a job just put off for its retry was claimed again at once.
const CLAIM: &str = "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
     WHERE id = (SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= $2 AND (locked_until IS NULL OR locked_until < $2) ORDER BY run_at, id LIMIT 1) \
     AND failed_at IS NULL AND run_at <= $2 AND (locked_until IS NULL OR locked_until < $2) \
     RETURNING id, kind, payload, attempts, max_attempts";
const FINISH: &str = "DELETE FROM jobs WHERE id = $1";
const RETRY: &str =
    "UPDATE jobs SET locked_until = NULL, run_at = $1, last_error = $2 WHERE id = $3";
const GIVE_UP: &str =
    "UPDATE jobs SET locked_until = NULL, failed_at = $1, last_error = $2 WHERE id = $3";
const NEXT_DUE: &str = "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until > run_at THEN locked_until ELSE run_at END) \
     FROM jobs WHERE failed_at IS NULL";
const LIST: &str = "SELECT id, kind, run_at, attempts, last_error, failed_at FROM jobs ORDER BY failed_at IS NULL DESC, run_at, id LIMIT $1";
const FORGET_FAILED: &str = "DELETE FROM jobs WHERE failed_at < $1";

impl Tx {
    /// Adds a job to the queue, inside the transaction that causes it.
    pub async fn enqueue_job(&mut self, job: &NewJob, now: Timestamp) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ENQUEUE)
            .bind(job.kind)
            .bind(&job.payload)
            .bind(DbTime(job.run_at))
            .bind(attempts(job.max_attempts))
            .bind(DbTime(now))
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }

    /// Adds many jobs to the queue with few statements, inside the transaction that causes
    /// them.
    pub async fn enqueue_jobs(&mut self, jobs: &[NewJob], now: Timestamp) -> StoreResult<()> {
        for chunk in jobs.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(ENQUEUE_MANY);
                query.push_values(chunk, |mut row, job| {
                    row.push_bind(job.kind)
                        .push_bind(&job.payload)
                        .push_bind(DbTime(job.run_at))
                        .push_bind(attempts(job.max_attempts))
                        .push_bind(DbTime(now));
                });
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Deletes jobs that were given up before `cutoff`.
    pub async fn forget_failed_jobs_before(&mut self, cutoff: Timestamp) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(FORGET_FAILED)
            .bind(DbTime(cutoff))
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }
}

impl Db {
    /// Claims the oldest due job for `lease`, or `None` when nothing is due (or another
    /// process took it first).
    pub async fn claim_job(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> StoreResult<Option<ClaimedJob>> {
        let mut tx = self.begin().await?;
        let row: Option<ClaimedRow> = write!(tx, conn => sqlx::query_as(CLAIM)
            .bind(DbTime(lease_until))
            .bind(DbTime(now))
            .fetch_optional(conn)
            .await)?;
        tx.commit().await?;
        Ok(row.map(|row| ClaimedJob {
            id: row.id,
            kind: row.kind,
            payload: row.payload,
            attempt: count(row.attempts),
            max_attempts: count(row.max_attempts),
        }))
    }

    /// Removes a job that is done.
    pub async fn finish_job(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        write!(tx, conn => sqlx::query(FINISH).bind(id).execute(conn).await.map(|_| ()))?;
        tx.commit().await
    }

    /// Puts a job that failed back in the queue to run again at `run_at`.
    pub async fn retry_job(&self, id: i64, run_at: Timestamp, error: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        write!(tx, conn => sqlx::query(RETRY).bind(DbTime(run_at)).bind(error).bind(id).execute(conn).await.map(|_| ()))?;
        tx.commit().await
    }

    /// Gives a job up, keeping its last error for the operator.
    pub async fn give_up_job(&self, id: i64, now: Timestamp, error: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        write!(tx, conn => sqlx::query(GIVE_UP).bind(DbTime(now)).bind(error).bind(id).execute(conn).await.map(|_| ()))?;
        tx.commit().await
    }

    /// When the next job can be claimed, if any is queued: its time, or the end of the lease
    /// of a job that another worker is running.
    pub async fn next_job_due(&self) -> StoreResult<Option<Timestamp>> {
        let due: Option<DbTime> =
            read!(self, conn => sqlx::query_scalar(NEXT_DUE).fetch_one(conn).await)?;
        Ok(due.map(|time| time.0))
    }

    /// Queued and given-up jobs, given-up ones last.
    pub async fn jobs(&self, limit: u32) -> StoreResult<Vec<JobSummary>> {
        let rows: Vec<SummaryRow> = read!(self, conn => sqlx::query_as(LIST)
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|row| JobSummary {
                id: row.id,
                kind: row.kind,
                run_at: row.run_at.0,
                attempts: count(row.attempts),
                last_error: row.last_error,
                failed_at: row.failed_at.map(|time| time.0),
            })
            .collect())
    }
}
