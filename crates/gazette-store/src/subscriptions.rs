//! Reply notifications: the addresses that asked for them (and whether they confirmed),
//! and which comments' replies each wants to hear of.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::time_column::DbTime;
use gazette_domain::{CommentId, Timestamp};
use serde::Serialize;

/// An address that asked for reply notifications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommenterAddress {
    /// The email address.
    pub email: String,
    /// The secret in its confirmation link.
    #[serde(skip)]
    pub confirm_token: String,
    /// When the confirmation mail was sent.
    pub confirmation_sent_at: Option<Timestamp>,
    /// When the address was confirmed.
    pub confirmed_at: Option<Timestamp>,
    /// When it first asked.
    pub created_at: Timestamp,
}

/// A wish to hear of replies to one comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplySubscription {
    /// The comment whose replies are wanted.
    pub comment_id: CommentId,
    /// Where to send them.
    pub email: String,
    /// The secret in the unsubscribe link.
    #[serde(skip)]
    pub unsubscribe_token: String,
    /// When it was made.
    pub created_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    email: String,
    confirm_token: String,
    confirmation_sent_at: Option<DbTime>,
    confirmed_at: Option<DbTime>,
    created_at: DbTime,
}

impl From<AddressRow> for CommenterAddress {
    fn from(row: AddressRow) -> Self {
        Self {
            email: row.email,
            confirm_token: row.confirm_token,
            confirmation_sent_at: row.confirmation_sent_at.map(|time| time.0),
            confirmed_at: row.confirmed_at.map(|time| time.0),
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    comment_id: i64,
    email: String,
    unsubscribe_token: String,
    created_at: DbTime,
}

impl From<SubscriptionRow> for ReplySubscription {
    fn from(row: SubscriptionRow) -> Self {
        Self {
            comment_id: CommentId(row.comment_id),
            email: row.email,
            unsubscribe_token: row.unsubscribe_token,
            created_at: row.created_at.0,
        }
    }
}

const ADD_ADDRESS: &str = "INSERT INTO commenter_addresses (email, confirm_token, created_at) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING";
const ADDRESS: &str = "SELECT email, confirm_token, confirmation_sent_at, confirmed_at, created_at FROM commenter_addresses WHERE email = $1";
const MARK_CONFIRMATION_SENT: &str =
    "UPDATE commenter_addresses SET confirmation_sent_at = $1 WHERE email = $2";
const CONFIRM: &str = "UPDATE commenter_addresses SET confirmed_at = $1 WHERE confirm_token = $2 AND confirmed_at IS NULL RETURNING email";
const CONFIRMED_BY_TOKEN: &str = "SELECT email FROM commenter_addresses WHERE confirm_token = $1";
const ADD_SUBSCRIPTION: &str = "INSERT INTO reply_subscriptions (comment_id, email, unsubscribe_token, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (comment_id) DO NOTHING";
const SUBSCRIPTION_FOR: &str = "SELECT comment_id, email, unsubscribe_token, created_at FROM reply_subscriptions WHERE comment_id = $1";
const SUBSCRIPTION_BY_TOKEN: &str = "SELECT comment_id, email, unsubscribe_token, created_at FROM reply_subscriptions WHERE unsubscribe_token = $1";
const UNSUBSCRIBE: &str = "DELETE FROM reply_subscriptions WHERE unsubscribe_token = $1";
const SUBSCRIPTIONS_OF: &str = "SELECT comment_id, email, unsubscribe_token, created_at FROM reply_subscriptions WHERE email = $1 ORDER BY created_at";
const FORGET_SUBSCRIPTIONS: &str = "DELETE FROM reply_subscriptions WHERE email = $1";
const FORGET_ADDRESS: &str = "DELETE FROM commenter_addresses WHERE email = $1";

impl Db {
    /// What is known of this address's wish for notifications.
    pub async fn commenter_address(&self, email: &str) -> StoreResult<Option<CommenterAddress>> {
        let row: Option<AddressRow> = read!(self, conn => sqlx::query_as(ADDRESS)
            .bind(email)
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(CommenterAddress::from))
    }

    /// Who wants to hear of replies to this comment.
    pub async fn reply_subscription(
        &self,
        comment: CommentId,
    ) -> StoreResult<Option<ReplySubscription>> {
        let row: Option<SubscriptionRow> = read!(self, conn => sqlx::query_as(SUBSCRIPTION_FOR)
            .bind(comment.get())
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(ReplySubscription::from))
    }

    /// The subscription an unsubscribe link names.
    pub async fn reply_subscription_by_token(
        &self,
        token: &str,
    ) -> StoreResult<Option<ReplySubscription>> {
        let row: Option<SubscriptionRow> = read!(self, conn => sqlx::query_as(SUBSCRIPTION_BY_TOKEN)
            .bind(token)
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(ReplySubscription::from))
    }

    /// Every subscription of an address.
    pub async fn reply_subscriptions_of(&self, email: &str) -> StoreResult<Vec<ReplySubscription>> {
        let rows: Vec<SubscriptionRow> = read!(self, conn => sqlx::query_as(SUBSCRIPTIONS_OF)
            .bind(email)
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(ReplySubscription::from).collect())
    }
}

impl Tx {
    /// Records that `email` asked for notifications, with the secret for its confirmation
    /// link; an address already known keeps its secret and its confirmation.
    pub async fn add_commenter_address(
        &mut self,
        email: &str,
        confirm_token: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ADD_ADDRESS)
            .bind(email)
            .bind(confirm_token)
            .bind(DbTime(now))
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }

    /// What is known of this address, read inside the transaction.
    pub async fn commenter_address(
        &mut self,
        email: &str,
    ) -> StoreResult<Option<CommenterAddress>> {
        let row: Option<AddressRow> = write!(self, conn => sqlx::query_as(ADDRESS)
            .bind(email)
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(CommenterAddress::from))
    }

    /// Notes that the confirmation mail went out.
    pub async fn mark_confirmation_sent(&mut self, email: &str, now: Timestamp) -> StoreResult<()> {
        write!(self, conn => sqlx::query(MARK_CONFIRMATION_SENT)
            .bind(DbTime(now))
            .bind(email)
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }

    /// Confirms the address whose link carries `token`; returns the address, whether it
    /// was confirmed now or before, or `None` for an unknown token.
    pub async fn confirm_commenter_address(
        &mut self,
        token: &str,
        now: Timestamp,
    ) -> StoreResult<Option<String>> {
        let confirmed: Option<String> = write!(self, conn => sqlx::query_scalar(CONFIRM)
            .bind(DbTime(now))
            .bind(token)
            .fetch_optional(conn)
            .await)?;
        if confirmed.is_some() {
            return Ok(confirmed);
        }
        Ok(write!(self, conn => sqlx::query_scalar(CONFIRMED_BY_TOKEN)
            .bind(token)
            .fetch_optional(conn)
            .await)?)
    }

    /// Records a wish to hear of replies to `comment`.
    pub async fn add_reply_subscription(
        &mut self,
        comment: CommentId,
        email: &str,
        unsubscribe_token: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ADD_SUBSCRIPTION)
            .bind(comment.get())
            .bind(email)
            .bind(unsubscribe_token)
            .bind(DbTime(now))
            .execute(conn)
            .await.map(|_| ()))?;
        Ok(())
    }

    /// Ends the subscription an unsubscribe link names; `false` when there was none.
    pub async fn remove_reply_subscription(&mut self, token: &str) -> StoreResult<bool> {
        let removed = write!(self, conn => sqlx::query(UNSUBSCRIBE)
            .bind(token)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(removed > 0)
    }

    /// Forgets an address and all its subscriptions; returns how many subscriptions ended.
    pub async fn forget_commenter_address(&mut self, email: &str) -> StoreResult<u64> {
        let removed = write!(self, conn => sqlx::query(FORGET_SUBSCRIPTIONS)
            .bind(email)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        write!(self, conn => sqlx::query(FORGET_ADDRESS).bind(email).execute(conn).await.map(|_| ()))?;
        Ok(removed)
    }
}
