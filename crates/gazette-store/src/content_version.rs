//! The content version: a counter that database triggers move on with every write that
//! can change a public page. Caches compare it to know whether what they hold is current,
//! whichever process made the change.

use crate::StoreResult;
use crate::backend::Db;

const CURRENT: &str = "SELECT content_version FROM site_state WHERE id = 1";

impl Db {
    /// The current content version.
    pub async fn content_version(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(CURRENT).fetch_one(conn).await)?)
    }
}
