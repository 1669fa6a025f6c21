//! Site settings, stored as one text row per name, and the permalink patterns the site had
//! before its current one.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::Timestamp;

const ALL_SETTINGS: &str = "SELECT name, value FROM site_settings ORDER BY name";
const UPSERT_SETTING: &str = "INSERT INTO site_settings (name, value, updated_at) VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
const EARLIER_PATTERNS: &str =
    "SELECT pattern FROM earlier_permalink_patterns ORDER BY retired_at DESC, pattern";
const KEEP_EARLIER_PATTERN: &str = "INSERT INTO earlier_permalink_patterns (pattern, retired_at) VALUES ($1, $2) \
     ON CONFLICT (pattern) DO UPDATE SET retired_at = excluded.retired_at";
const FORGET_EARLIER_PATTERN: &str = "DELETE FROM earlier_permalink_patterns WHERE pattern = $1";

impl Db {
    /// Every stored `(name, value)` row.
    pub async fn setting_rows(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(read!(self, conn => sqlx::query_as(ALL_SETTINGS).fetch_all(conn).await)?)
    }

    /// The permalink patterns the site had before, the most recently replaced first.
    pub async fn earlier_permalink_patterns(&self) -> StoreResult<Vec<String>> {
        Ok(read!(self, conn => sqlx::query_scalar(EARLIER_PATTERNS).fetch_all(conn).await)?)
    }
}

impl Tx {
    /// Stores `value` under `name`, replacing what was there.
    pub async fn put_setting(
        &mut self,
        name: &str,
        value: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(UPSERT_SETTING).bind(name).bind(value).bind(DbTime(now)).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Keeps `pattern` as one the site had until `now`.
    pub async fn keep_earlier_permalink_pattern(
        &mut self,
        pattern: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(KEEP_EARLIER_PATTERN).bind(pattern).bind(DbTime(now)).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Forgets `pattern` as an earlier one (it is the current one again).
    pub async fn forget_earlier_permalink_pattern(&mut self, pattern: &str) -> StoreResult<()> {
        write!(self, conn => sqlx::query(FORGET_EARLIER_PATTERN).bind(pattern).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
