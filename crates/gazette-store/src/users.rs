//! Users (staff and authors), and when each last signed in.

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

/// A user as the users screen lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserListing {
    /// The user.
    pub user: User,
    /// When they last signed in, if they ever did since this was recorded.
    pub last_signed_in_at: Option<Timestamp>,
    /// Whether they have chosen a password (an invited user has not yet).
    pub has_password: bool,
    /// How many articles name them as author, the trash left out.
    pub article_count: i64,
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_signed_in_at: Option<DbTime>,
    has_password: i64,
    article_count: i64,
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
const BY_SLUG: &str = "SELECT id, display_name, email, slug, role, created_at, disabled_at FROM users WHERE slug = $1";
const LISTINGS: &str = "SELECT u.id, u.display_name, u.email, u.slug, u.role, u.created_at, u.disabled_at, \
     s.last_signed_in_at, \
     CAST(CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password, \
     CAST((SELECT COUNT(*) FROM articles a WHERE a.author_id = u.id AND a.trashed_at IS NULL) AS BIGINT) AS article_count \
     FROM users u LEFT JOIN user_sign_ins s ON s.user_id = u.id ORDER BY u.id";
const LOCK_ACTIVE_ADMINISTRATORS: &str =
    "UPDATE users SET updated_at = updated_at WHERE role = 'administrator' AND disabled_at IS NULL";
const SLUGS: &str = "SELECT slug FROM users";
const HAS_PASSWORD: &str =
    "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE id = $1 AND password_hash IS NOT NULL";
const SET_PROFILE: &str =
    "UPDATE users SET display_name = $1, email = $2, updated_at = $3 WHERE id = $4";
const RECORD_SIGN_IN: &str = "INSERT INTO user_sign_ins (user_id, last_signed_in_at) VALUES ($1, $2) \
     ON CONFLICT (user_id) DO UPDATE SET last_signed_in_at = excluded.last_signed_in_at";

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

    /// The user whose public slug (their author page's) is `slug`.
    pub async fn user_by_slug(&self, slug: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            read!(self, conn => sqlx::query_as(BY_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }
}

impl Db {
    /// Every user with their last sign-in and article count, oldest first.
    pub async fn user_listings(&self) -> StoreResult<Vec<UserListing>> {
        let rows: Vec<ListingRow> =
            read!(self, conn => sqlx::query_as(LISTINGS).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(UserListing {
                    user: User::try_from(row.user)?,
                    last_signed_in_at: row.last_signed_in_at.map(|time| time.0),
                    has_password: row.has_password != 0,
                    article_count: row.article_count,
                })
            })
            .collect()
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

    /// Locks the administrators who can sign in until the transaction ends and counts
    /// them: two transactions that each demote or disable a different administrator then
    /// run one after the other, so neither can leave the site without one.
    pub async fn lock_active_administrators(&mut self) -> StoreResult<i64> {
        let locked = write!(self, conn => sqlx::query(LOCK_ACTIVE_ADMINISTRATORS)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(i64::try_from(locked).unwrap_or(i64::MAX))
    }

    /// The user with this email address (compared without regard to case), read inside
    /// the transaction.
    pub async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            write!(self, conn => sqlx::query_as(BY_EMAIL).bind(email).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }

    /// The user with this id, read inside the transaction.
    pub async fn user_by_id(&mut self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = write!(self, conn => sqlx::query_as(BY_ID)
            .bind(id.get())
            .fetch_optional(conn)
            .await)?;
        row.map(User::try_from).transpose()
    }

    /// Every user's slug, read inside the transaction (to pick a free one).
    pub async fn user_slugs(&mut self) -> StoreResult<Vec<String>> {
        Ok(write!(self, conn => sqlx::query_scalar(SLUGS).fetch_all(conn).await)?)
    }

    /// Whether the user has chosen a password, read inside the transaction.
    pub async fn user_has_password(&mut self, id: UserId) -> StoreResult<bool> {
        let count: i64 = write!(self, conn => sqlx::query_scalar(HAS_PASSWORD)
            .bind(id.get())
            .fetch_one(conn)
            .await)?;
        Ok(count > 0)
    }

    /// Changes a user's name and email address; an email address another user has is a
    /// conflict.
    pub async fn set_user_profile(
        &mut self,
        id: UserId,
        display_name: &str,
        email: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let result: Result<u64, sqlx::Error> = write!(self, conn => sqlx::query(SET_PROFILE)
            .bind(display_name)
            .bind(email)
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()));
        result.map(|_| ()).map_err(|error| {
            StoreError::conflict_on_unique(error, &format!("a user with the email address {email}"))
        })
    }

    /// Notes that the user signed in at `now`.
    pub async fn record_sign_in(&mut self, id: UserId, now: Timestamp) -> StoreResult<()> {
        write!(self, conn => sqlx::query(RECORD_SIGN_IN)
            .bind(id.get())
            .bind(DbTime(now))
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
