//! The first administrator: while none exists, `gazette serve` prints a one-time link
//! (valid for a day) where they choose their name, email and password.

use super::{NewUser, random_secret, secret_hash};
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::{Role, User};
use gazette_store::TokenPurpose;

/// How long a setup link works.
const SETUP_LINK_HOURS: i64 = 24;

impl App {
    /// When no administrator can sign in, a fresh one-time setup token (valid for a day);
    /// otherwise `None`.
    pub async fn setup_token_if_needed(&self) -> AppResult<Option<String>> {
        if self.db().active_administrator_count().await? > 0 {
            return Ok(None);
        }
        let now = self.clock().now();
        let token = random_secret()?;
        let mut tx = self.db().begin().await?;
        tx.insert_one_time_token(
            &secret_hash(&token),
            TokenPurpose::Setup,
            None,
            now,
            now.plus_seconds(SETUP_LINK_HOURS * 3600),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(token))
    }

    /// Whether a setup link still works (so its page can say so before anyone types).
    pub async fn setup_token_is_valid(&self, token: &str) -> AppResult<bool> {
        Ok(self
            .db()
            .one_time_token_is_valid(
                &secret_hash(token.trim()),
                TokenPurpose::Setup,
                self.clock().now(),
            )
            .await?)
    }

    /// Creates the first administrator through a setup link. The link is used up only when
    /// the administrator is created; a mistake in the form leaves it usable.
    pub async fn complete_setup(
        &self,
        token: &str,
        display_name: &str,
        email: &str,
        password: &str,
    ) -> AppResult<User> {
        let gone = || {
            AppError::NotFound(
                "This setup link has expired or was already used. Start `gazette serve` again for a new one, or add an administrator with `gazette user add`."
                    .to_owned(),
            )
        };
        if !self.setup_token_is_valid(token).await? {
            return Err(gone());
        }
        if self.db().active_administrator_count().await? > 0 {
            return Err(gone());
        }
        let user = self
            .create_user(NewUser {
                display_name: display_name.to_owned(),
                email: email.to_owned(),
                role: Role::Administrator,
                password: Some(password.to_owned()),
            })
            .await?;
        let mut tx = self.db().begin().await?;
        tx.use_one_time_token(
            &secret_hash(token.trim()),
            TokenPurpose::Setup,
            self.clock().now(),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }
}
