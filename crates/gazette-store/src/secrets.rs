//! Secrets that Gazette generates for itself, such as the key that signs cookies. They are
//! made once and shared by every process that uses the same database.

use crate::StoreResult;
use crate::backend::Db;
use crate::time_column::DbTime;
use gazette_domain::Timestamp;

const INSERT_IF_ABSENT: &str = "INSERT INTO site_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";
const FIND: &str = "SELECT value FROM site_secrets WHERE name = $1";

impl Db {
    /// The secret stored under `name`; when there is none yet, `candidate` is stored and
    /// returned. Two processes racing get the same answer.
    pub async fn secret_or_insert(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>> {
        let existing: Option<Vec<u8>> =
            read!(self, conn => sqlx::query_scalar(FIND).bind(name).fetch_optional(conn).await)?;
        if let Some(value) = existing {
            return Ok(value);
        }
        let mut tx = self.begin().await?;
        write!(tx, conn => sqlx::query(INSERT_IF_ABSENT).bind(name).bind(candidate).bind(DbTime(Timestamp::now())).execute(conn).await.map(|done| done.rows_affected()))?;
        let stored: Vec<u8> =
            write!(tx, conn => sqlx::query_scalar(FIND).bind(name).fetch_one(conn).await)?;
        tx.commit().await?;
        Ok(stored)
    }
}
