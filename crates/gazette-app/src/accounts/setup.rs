//! The first administrator: while none exists, `gazette serve` prints a one-time link
//! (valid for a day) where they choose their name, email and password.

use super::{
    Browser, check_new_user, existing_user, insert_user, passwords, random_secret, secret_hash,
};
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::{Role, User};
use gazette_store::TokenPurpose;

/// What the first administrator types on the setup page.
#[derive(Clone, Copy, Debug)]
pub struct SetupForm<'a> {
    /// Their name.
    pub display_name: &'a str,
    /// Their email address.
    pub email: &'a str,
    /// Their password.
    pub password: &'a str,
}

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

    /// Creates the first administrator through a setup link and signs them in; returns the
    /// session's secret and the administrator. Using the link and creating the user are one
    /// transaction, so two submissions of one link cannot both succeed. A mistake in the
    /// form leaves the link usable.
    pub async fn complete_setup(
        &self,
        token: &str,
        form: SetupForm<'_>,
        browser: Browser,
    ) -> AppResult<(String, User)> {
        let gone = || {
            AppError::NotFound(
                "This setup link has expired or was already used. Start `gazette serve` again for a new one, or add an administrator with `gazette user add`."
                    .to_owned(),
            )
        };
        if !self.setup_token_is_valid(token).await? {
            return Err(gone());
        }
        let profile = check_new_user(form.display_name, form.email, Some(form.password))?;
        let password_hash = passwords::hash(form.password.to_owned()).await?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let claimed = tx
            .use_one_time_token(&secret_hash(token.trim()), TokenPurpose::Setup, now)
            .await?;
        if claimed.is_none() || tx.active_administrator_count().await? > 0 {
            return Err(gone());
        }
        let id = insert_user(
            &mut tx,
            profile,
            Role::Administrator,
            Some(password_hash),
            now,
        )
        .await?;
        let user = existing_user(&mut tx, id).await?;
        let secret = self.start_session(&mut tx, &user, browser).await?;
        tx.commit().await?;
        Ok((secret, user))
    }
}
