//! Site settings, stored as one text row per name.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::Timestamp;

const ALL_SETTINGS: &str = "SELECT name, value FROM site_settings ORDER BY name";
const UPSERT_SETTING: &str = "INSERT INTO site_settings (name, value, updated_at) VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

impl Db {
    /// Every stored `(name, value)` row.
    pub async fn setting_rows(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(read!(self, conn => sqlx::query_as(ALL_SETTINGS).fetch_all(conn).await)?)
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
}
