//! A commenter confirming their address for reply notifications, and unsubscribing with
//! one click.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_store::ReplySubscription;

impl App {
    /// Confirms the address whose confirmation link carries `token`; returns it.
    pub async fn confirm_commenter_address(&self, token: &str) -> AppResult<String> {
        let mut tx = self.db().begin().await?;
        let email = tx
            .confirm_commenter_address(token.trim(), self.clock().now())
            .await?;
        tx.commit().await?;
        email.ok_or_else(|| {
            AppError::NotFound(
                "This confirmation link is not valid any more. Ask for replies by email again with your next comment."
                    .to_owned(),
            )
        })
    }

    /// The subscription an unsubscribe link names.
    pub async fn reply_subscription(&self, token: &str) -> AppResult<Option<ReplySubscription>> {
        Ok(self.db().reply_subscription_by_token(token.trim()).await?)
    }

    /// Ends the subscription an unsubscribe link names; `false` when it had already ended.
    pub async fn unsubscribe_from_replies(&self, token: &str) -> AppResult<bool> {
        let mut tx = self.db().begin().await?;
        let removed = tx.remove_reply_subscription(token.trim()).await?;
        tx.commit().await?;
        Ok(removed)
    }
}
