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
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    display_name: String,
    email: String,
    slug: String,
    role: String,
    created_at: DbTime,
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
        })
    }
}

const INSERT: &str = "INSERT INTO users (display_name, email, slug, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
const BY_EMAIL: &str = "SELECT id, display_name, email, slug, role, created_at FROM users WHERE lower(email) = lower($1)";
const MODERATORS: &str = "SELECT id, display_name, email, slug, role, created_at FROM users WHERE role IN ('administrator', 'editor') ORDER BY id";
const BY_ID: &str =
    "SELECT id, display_name, email, slug, role, created_at FROM users WHERE id = $1";

impl Db {
    /// The user with this email address (compared without regard to case).
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            read!(self, conn => sqlx::query_as(BY_EMAIL).bind(email).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(User::try_from).transpose()
    }
}

impl Db {
    /// The users who moderate comments: administrators and editors.
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
}
