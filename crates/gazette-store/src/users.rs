//! Users (staff and authors).

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{Role, Slug, Timestamp, User, UserId};

/// A user to be created.
#[derive(Clone, Debug)]
pub struct NewUserRecord {
    /// The name shown on articles.
    pub display_name: String,
    /// The email address.
    pub email: String,
    /// The author page's slug.
    pub slug: Slug,
    /// What the user may do.
    pub role: Role,
    /// The password's argon2id hash; none for a user who has not chosen one yet.
    pub password_hash: Option<String>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    display_name: String,
    email: String,
    slug: String,
    role: String,
    created_at: DbTime,
    disabled_at: Option<DbTime>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: UserId(row.id),
            display_name: row.display_name,
            email: row.email,
            slug: Slug::parse(&row.slug).map_err(|error| {
                StoreError::Corrupt(format!("user {} has slug `{}`: {error}", row.id, row.slug))
            })?,
            role: Role::parse(&row.role).ok_or_else(|| {
                StoreError::Corrupt(format!("user {} has role `{}`", row.id, row.role))
            })?,
            created_at: row.created_at.0,
            disabled_at: row.disabled_at.map(|time| time.0),
        })
    }
}

const INSERT: &str = "INSERT INTO users (display_name, email, slug, role, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
const ALL: &str =
    "SELECT id, display_name, email, slug, role, created_at, disabled_at FROM users ORDER BY id";
const ACTIVE_ADMINISTRATORS: &str =
    "SELECT COUNT(*) FROM users WHERE role = 'administrator' AND disabled_at IS NULL";
const PASSWORD_HASH: &str = "SELECT password_hash FROM users WHERE id = $1";
const SET_PASSWORD_HASH: &str =
    "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3";
const SET_DISABLED: &str = "UPDATE users SET disabled_at = $1, updated_at = $2 WHERE id = $3";
const SET_ROLE: &str = "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3";
const BY_EMAIL: &str = "SELECT id, display_name, email, slug, role, created_at, disabled_at FROM users WHERE lower(email) = lower($1)";
const MODERATORS: &str = "SELECT id, display_name, email, slug, role, created_at, disabled_at FROM users WHERE role IN ('administrator', 'editor') AND disabled_at IS NULL ORDER BY id";
const BY_ID: &str =
    "SELECT id, display_name, email, slug, role, created_at, disabled_at FROM users WHERE id = $1";

impl Db {
    /// The user with this email address (compared without regard to case).
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            read!(self, conn => sqlx::query_as(BY_EMAIL).bind(email).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }

    /// Every user, oldest first.
    pub async fn users(&self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = read!(self, conn => sqlx::query_as(ALL).fetch_all(conn).await)?;
        rows.into_iter().map(User::try_from).collect()
    }

    /// How many administrators can sign in.
    pub async fn active_administrator_count(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(ACTIVE_ADMINISTRATORS).fetch_one(conn).await)?)
    }

    /// The user's password hash, if they have a password.
    pub async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
        let hash: Option<Option<String>> = read!(self, conn => sqlx::query_scalar(PASSWORD_HASH)
            .bind(id.get())
            .fetch_optional(conn)
            .await)?;
        Ok(hash.flatten())
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }
}

impl Db {
    /// The users who moderate comments (administrators and editors) and can sign in.
    pub async fn moderators(&self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> =
            read!(self, conn => sqlx::query_as(MODERATORS).fetch_all(conn).await)?;
        rows.into_iter().map(User::try_from).collect()
    }
}

impl Tx {
    /// Creates a user; a taken email address or slug is a conflict.
    pub async fn insert_user(
        &mut self,
        user: &NewUserRecord,
        now: Timestamp,
    ) -> StoreResult<UserId> {
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(&user.display_name)
            .bind(&user.email)
            .bind(user.slug.as_str())
            .bind(user.role.as_str())
            .bind(user.password_hash.as_deref())
            .bind(DbTime(now))
            .fetch_one(conn)
            .await);
        result.map(UserId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!(
                    "a user with the email address {} or the slug {}",
                    user.email, user.slug
                ),
            )
        })
    }

    /// Sets (or clears) a user's password hash.
    pub async fn set_password_hash(
        &mut self,
        id: UserId,
        hash: Option<&str>,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_PASSWORD_HASH)
            .bind(hash)
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Disables (`Some(now)`) or enables (`None`) a user.
    pub async fn set_user_disabled(
        &mut self,
        id: UserId,
        disabled_at: Option<Timestamp>,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_DISABLED)
            .bind(disabled_at.map(DbTime))
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Changes a user's role.
    pub async fn set_user_role(
        &mut self,
        id: UserId,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_ROLE)
            .bind(role.as_str())
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// How many administrators can sign in, read inside the transaction.
    pub async fn active_administrator_count(&mut self) -> StoreResult<i64> {
        Ok(write!(self, conn => sqlx::query_scalar(ACTIVE_ADMINISTRATORS).fetch_one(conn).await)?)
    }
}
