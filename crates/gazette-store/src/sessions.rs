//! Signed-in browsers, failed sign-ins and one-time links: what the desk's accounts keep.
//! Secrets are never stored as they are, only their SHA-256 (the caller hashes them).

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::{Timestamp, UserId};
use serde::Serialize;

/// A signed-in browser, as listed for its user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    /// The SHA-256 of the cookie's secret, hex; also how the session is named when revoked.
    pub id_hash: String,
    /// Whose session it is.
    pub user_id: UserId,
    /// When it began.
    pub created_at: Timestamp,
    /// When it was last used (to the nearest few minutes).
    pub last_seen_at: Timestamp,
    /// When it ends.
    pub expires_at: Timestamp,
    /// Where it signed in from.
    pub ip: Option<String>,
    /// With which browser.
    pub user_agent: Option<String>,
}

/// What a one-time link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Creating the first administrator.
    Setup,
    /// Choosing a new password.
    PasswordReset,
    /// Accepting an invitation.
    Invitation,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::PasswordReset => "password_reset",
            Self::Invitation => "invitation",
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id_hash: String,
    user_id: i64,
    created_at: DbTime,
    last_seen_at: DbTime,
    expires_at: DbTime,
    ip: Option<String>,
    user_agent: Option<String>,
}

impl From<SessionRow> for SessionRecord {
    fn from(row: SessionRow) -> Self {
        Self {
            id_hash: row.id_hash,
            user_id: UserId(row.user_id),
            created_at: row.created_at.0,
            last_seen_at: row.last_seen_at.0,
            expires_at: row.expires_at.0,
            ip: row.ip,
            user_agent: row.user_agent,
        }
    }
}

const INSERT_SESSION: &str = "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6)";
const SESSION: &str = "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE id_hash = $1 AND expires_at > $2";
const SESSIONS_OF: &str = "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC";
const TOUCH_SESSION: &str = "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2";
const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id_hash = $1 AND user_id = $2";
const DELETE_SESSIONS_OF: &str = "DELETE FROM sessions WHERE user_id = $1";
const DELETE_OTHER_SESSIONS_OF: &str = "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2";
const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
const COUNT_FAILURE: &str = "INSERT INTO login_failures (subject, window_start, failures) VALUES ($1, $2, 1) \
     ON CONFLICT (subject, window_start) DO UPDATE SET failures = login_failures.failures + 1 RETURNING failures";
const FAILURES: &str = "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) FROM login_failures WHERE subject = $1 AND window_start >= $2";
const FORGET_FAILURES_OF: &str = "DELETE FROM login_failures WHERE subject = $1";
const FORGET_OLD_FAILURES: &str = "DELETE FROM login_failures WHERE window_start < $1";
const INSERT_TOKEN: &str = "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
const USE_TOKEN: &str = "UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id";
const VALID_TOKEN: &str = "SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
const TOKEN_USER: &str = "SELECT user_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
const DELETE_UNUSED_TOKENS_OF: &str =
    "DELETE FROM one_time_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL";
const DELETE_EXPIRED_TOKENS: &str = "DELETE FROM one_time_tokens WHERE expires_at <= $1";

impl Db {
    /// The live session whose secret hashes to `id_hash`.
    pub async fn session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<SessionRecord>> {
        let row: Option<SessionRow> = read!(self, conn => sqlx::query_as(SESSION)
            .bind(id_hash)
            .bind(DbTime(now))
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(SessionRecord::from))
    }

    /// A user's live sessions, newest first.
    pub async fn sessions_of(
        &self,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<Vec<SessionRecord>> {
        let rows: Vec<SessionRow> = read!(self, conn => sqlx::query_as(SESSIONS_OF)
            .bind(user.get())
            .bind(DbTime(now))
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(SessionRecord::from).collect())
    }

    /// Failed sign-ins of `subject` in windows that started at or after `since`.
    pub async fn login_failures(&self, subject: &str, since: Timestamp) -> StoreResult<u32> {
        let failures: i64 = read!(self, conn => sqlx::query_scalar(FAILURES)
            .bind(subject)
            .bind(DbTime(since))
            .fetch_one(conn)
            .await)?;
        Ok(u32::try_from(failures).unwrap_or(u32::MAX))
    }

    /// Whether the one-time link with this hash can still be used.
    pub async fn one_time_token_is_valid(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(VALID_TOKEN)
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        Ok(count > 0)
    }

    /// Whom the one-time link with this hash names, when it can still be used:
    /// `Some(user)` (`Some(None)` for a link that names nobody), `None` when it is
    /// unknown, used or expired.
    pub async fn one_time_token_user(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> StoreResult<Option<Option<UserId>>> {
        let user: Option<Option<i64>> = read!(self, conn => sqlx::query_scalar(TOKEN_USER)
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(DbTime(now))
            .fetch_optional(conn)
            .await)?;
        Ok(user.map(|user| user.map(UserId)))
    }
}

impl Tx {
    /// Records a new session.
    pub async fn insert_session(&mut self, session: &SessionRecord) -> StoreResult<()> {
        write!(self, conn => sqlx::query(INSERT_SESSION)
            .bind(&session.id_hash)
            .bind(session.user_id.get())
            .bind(DbTime(session.created_at))
            .bind(DbTime(session.expires_at))
            .bind(session.ip.as_deref())
            .bind(session.user_agent.as_deref())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Notes that a session was used now.
    pub async fn touch_session(&mut self, id_hash: &str, now: Timestamp) -> StoreResult<()> {
        write!(self, conn => sqlx::query(TOUCH_SESSION).bind(DbTime(now)).bind(id_hash).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Ends one of `user`'s sessions; `false` when it was not theirs or is already gone.
    pub async fn delete_session(&mut self, id_hash: &str, user: UserId) -> StoreResult<bool> {
        let deleted = write!(self, conn => sqlx::query(DELETE_SESSION)
            .bind(id_hash)
            .bind(user.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(deleted > 0)
    }

    /// Ends every session of `user`; returns how many.
    pub async fn delete_sessions_of(&mut self, user: UserId) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(DELETE_SESSIONS_OF)
            .bind(user.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }

    /// Ends every session of `user` but the one named `keep`; returns how many ended.
    pub async fn delete_other_sessions_of(&mut self, user: UserId, keep: &str) -> StoreResult<u64> {
        Ok(write!(self, conn => sqlx::query(DELETE_OTHER_SESSIONS_OF)
            .bind(user.get())
            .bind(keep)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?)
    }

    /// Forgets sessions and one-time links that ended, and failures older than
    /// `failures_before`.
    pub async fn forget_expired_sign_ins(
        &mut self,
        now: Timestamp,
        failures_before: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(DELETE_EXPIRED_SESSIONS).bind(DbTime(now)).execute(conn).await.map(|_| ()))?;
        write!(self, conn => sqlx::query(DELETE_EXPIRED_TOKENS).bind(DbTime(now)).execute(conn).await.map(|_| ()))?;
        write!(self, conn => sqlx::query(FORGET_OLD_FAILURES).bind(DbTime(failures_before)).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Counts a failed sign-in of `subject` in the window that started at `window_start`.
    pub async fn count_login_failure(
        &mut self,
        subject: &str,
        window_start: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query_scalar::<_, i64>(COUNT_FAILURE)
            .bind(subject)
            .bind(DbTime(window_start))
            .fetch_one(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Forgets the failed sign-ins of `subject` (after a successful one).
    pub async fn forget_login_failures(&mut self, subject: &str) -> StoreResult<()> {
        write!(self, conn => sqlx::query(FORGET_FAILURES_OF).bind(subject).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Records a one-time link.
    pub async fn insert_one_time_token(
        &mut self,
        token_hash: &str,
        purpose: TokenPurpose,
        user: Option<UserId>,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(INSERT_TOKEN)
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(user.map(UserId::get))
            .bind(DbTime(now))
            .bind(DbTime(expires_at))
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Uses up a one-time link: `Some(user it names)` (`Some(None)` for a link that names
    /// nobody) when it was valid, `None` when it is unknown, used or expired.
    pub async fn use_one_time_token(
        &mut self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> StoreResult<Option<Option<UserId>>> {
        let used: Option<Option<i64>> = write!(self, conn => sqlx::query_scalar(USE_TOKEN)
            .bind(DbTime(now))
            .bind(token_hash)
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await)?;
        Ok(used.map(|user| user.map(UserId)))
    }

    /// Withdraws `user`'s unused one-time links for `purpose`, so that a new one replaces
    /// them.
    pub async fn delete_unused_tokens_of(
        &mut self,
        user: UserId,
        purpose: TokenPurpose,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(DELETE_UNUSED_TOKENS_OF)
            .bind(user.get())
            .bind(purpose.as_str())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
