//! Mailed one-time links that let someone choose a password: issued when the mail job
//! runs (so the secret is never stored anywhere but in the mail), and redeemed in one
//! transaction with what they do.

use super::{Browser, existing_user, passwords, random_secret, secret_hash};
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::user::check_new_password;
use gazette_domain::{FieldErrors, User, UserId};
use gazette_store::TokenPurpose;

impl App {
    /// Makes a new link for `user` and `purpose`, valid for `lifetime_seconds`, withdrawing
    /// their unused earlier ones; returns its secret.
    pub(crate) async fn issue_link(
        &self,
        user: UserId,
        purpose: TokenPurpose,
        lifetime_seconds: i64,
    ) -> AppResult<String> {
        let now = self.clock().now();
        let secret = random_secret()?;
        let mut tx = self.db().begin().await?;
        tx.delete_unused_tokens_of(user, purpose).await?;
        tx.insert_one_time_token(
            &secret_hash(&secret),
            purpose,
            Some(user),
            now,
            now.plus_seconds(lifetime_seconds),
        )
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The user a still-usable link names, if it is one.
    pub(super) async fn link_user(
        &self,
        token: &str,
        purpose: TokenPurpose,
    ) -> AppResult<Option<User>> {
        let named = self
            .db()
            .one_time_token_user(&secret_hash(token.trim()), purpose, self.clock().now())
            .await?;
        match named.flatten() {
            Some(id) => Ok(self
                .db()
                .user_by_id(id)
                .await?
                .filter(|user| user.disabled_at.is_none())),
            None => Ok(None),
        }
    }

    /// Sets the password of the user a link names and signs them in fresh: every other
    /// session of theirs ends. `gone` is the error for a link that no longer works. Using
    /// the link, setting the password and starting the session are one transaction.
    pub(super) async fn redeem_link(
        &self,
        token: &str,
        purpose: TokenPurpose,
        password: &str,
        browser: Browser,
        gone: fn() -> AppError,
    ) -> AppResult<(String, User)> {
        let Some(user) = self.link_user(token, purpose).await? else {
            return Err(gone());
        };
        if let Err(reason) = check_new_password(password, &user.email) {
            return Err(AppError::Validation(FieldErrors::single(
                "password", reason,
            )));
        }
        let hash = passwords::hash(password.to_owned()).await?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let claimed = tx
            .use_one_time_token(&secret_hash(token.trim()), purpose, now)
            .await?;
        if claimed != Some(Some(user.id)) {
            return Err(gone());
        }
        let user = existing_user(&mut tx, user.id).await?;
        if user.disabled_at.is_some() {
            return Err(gone());
        }
        tx.set_password_hash(user.id, Some(&hash), now).await?;
        tx.delete_sessions_of(user.id).await?;
        tx.delete_unused_tokens_of(user.id, TokenPurpose::PasswordReset)
            .await?;
        let secret = self.start_session(&mut tx, &user, browser).await?;
        tx.commit().await?;
        Ok((secret, user))
    }
}
