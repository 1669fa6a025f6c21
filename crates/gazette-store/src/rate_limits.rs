//! Comment attempts counted per network and hour in the database, so that a limit holds
//! across every process that shares it.

use crate::StoreResult;
use crate::backend::Tx;
use crate::time_column::DbTime;
use gazette_domain::Timestamp;

const COUNT_ATTEMPT: &str = "INSERT INTO comment_rate_windows (network, window_start, attempts) VALUES ($1, $2, 1) \
     ON CONFLICT (network, window_start) DO UPDATE SET attempts = comment_rate_windows.attempts + 1 RETURNING attempts";
const FORGET_BEFORE: &str = "DELETE FROM comment_rate_windows WHERE window_start < $1";

impl Tx {
    /// Counts one more attempt from `network` in the window that started at
    /// `window_start`; returns the attempts in that window, this one included.
    pub async fn count_comment_attempt(
        &mut self,
        network: &str,
        window_start: Timestamp,
    ) -> StoreResult<u32> {
        let attempts: i64 = write!(self, conn => sqlx::query_scalar(COUNT_ATTEMPT)
            .bind(network)
            .bind(DbTime(window_start))
            .fetch_one(conn)
            .await)?;
        Ok(u32::try_from(attempts).unwrap_or(u32::MAX))
    }

    /// Forgets the windows that started before `cutoff`.
    pub async fn forget_comment_attempts_before(&mut self, cutoff: Timestamp) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(FORGET_BEFORE)
            .bind(DbTime(cutoff))
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }
}
