//! Forgotten passwords: asking for a reset link (the answer never says whether an account
//! exists; requests are counted per address and per network in the database), and choosing
//! a new password through the link, which works once and for an hour.

use super::sessions::window_start;
use super::{Browser, existing_user};
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::moderation::network_key;
use gazette_domain::{FieldErrors, User, UserId};
use gazette_store::TokenPurpose;
use std::net::IpAddr;

/// How long a reset link works.
pub(crate) const RESET_LINK_SECONDS: i64 = 3600;
/// Requests are counted (in the sign-in failure counts, under their own subjects) over
/// this many seconds.
const REQUEST_SPAN_SECONDS: i64 = 3600;
/// Requests for one address within the span before more are refused.
const MAX_REQUESTS_PER_ADDRESS: u32 = 3;
/// Requests from one network within the span before more are refused.
const MAX_REQUESTS_PER_NETWORK: u32 = 10;

fn gone() -> AppError {
    AppError::NotFound(
        "This password reset link has expired or was already used. Ask for a new one with “Forgot your password?” on the sign-in page."
            .to_owned(),
    )
}

impl App {
    /// Asks for a password reset link for `email`. Whether or not an account has this
    /// address, the outcome is the same (`Ok`), so the answer reveals nothing; an enabled
    /// account gets a mail with a link. Too many requests for one address or from one
    /// network are refused with `RateLimited`, whether the address is known or not. Without
    /// mail the request is refused with `Unavailable`.
    pub async fn request_password_reset(&self, email: &str, ip: Option<IpAddr>) -> AppResult<()> {
        self.require_mail()?;
        let email = gazette_domain::email::normalise(email.trim());
        if !gazette_domain::email::looks_like_address(&email) {
            return Err(AppError::Validation(FieldErrors::single(
                "email",
                "Please enter the email address you sign in with, such as name@example.com.",
            )));
        }
        let now = self.clock().now();
        let address = format!("password_reset:{}", email.to_lowercase());
        let network = ip.map(|ip| format!("password_reset_network:{}", network_key(ip)));
        let since = now.plus_seconds(-REQUEST_SPAN_SECONDS);
        let by_address = self.db().login_failures(&address, since).await?;
        let by_network = match &network {
            Some(network) => self.db().login_failures(network, since).await?,
            None => 0,
        };
        if by_address >= MAX_REQUESTS_PER_ADDRESS || by_network >= MAX_REQUESTS_PER_NETWORK {
            return Err(AppError::RateLimited {
                message: "Too many password reset requests. Wait an hour, then look in your mail for the link or ask again.".to_owned(),
                retry_after_seconds: u64::try_from(REQUEST_SPAN_SECONDS).unwrap_or(3600),
            });
        }
        let user = self.db().user_by_email(&email).await?;
        let window = window_start(now);
        let mut tx = self.db().begin().await?;
        tx.count_login_failure(&address, window).await?;
        if let Some(network) = &network {
            tx.count_login_failure(network, window).await?;
        }
        let queued = match user {
            Some(user) if user.disabled_at.is_none() => {
                self.enqueue(
                    &mut tx,
                    &Job::PasswordReset {
                        user_id: user.id.get(),
                    },
                    now,
                )
                .await?;
                true
            }
            _ => false,
        };
        tx.commit().await?;
        if queued {
            self.wake_job_runner();
        }
        tracing::info!(known = queued, "password reset requested");
        Ok(())
    }

    /// Sends user `id` a password reset link, as an administrator asks.
    pub async fn send_password_reset(&self, id: UserId) -> AppResult<User> {
        self.require_mail()?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let user = existing_user(&mut tx, id).await?;
        if user.disabled_at.is_some() {
            return Err(AppError::Conflict(format!(
                "{} is disabled; enable the account before sending a reset link.",
                user.display_name
            )));
        }
        self.enqueue(&mut tx, &Job::PasswordReset { user_id: id.get() }, now)
            .await?;
        tx.commit().await?;
        self.wake_job_runner();
        Ok(user)
    }

    /// The user a password reset link is for; `NotFound` once it no longer works.
    pub async fn password_reset_user(&self, token: &str) -> AppResult<User> {
        self.link_user(token, TokenPurpose::PasswordReset)
            .await?
            .ok_or_else(gone)
    }

    /// Sets a new password through a reset link, ends every session of the user and signs
    /// them in fresh; returns the new session's secret and the user. The link works once.
    pub async fn reset_password(
        &self,
        token: &str,
        password: &str,
        browser: Browser,
    ) -> AppResult<(String, User)> {
        let (secret, user) = self
            .redeem_link(token, TokenPurpose::PasswordReset, password, browser, gone)
            .await?;
        tracing::info!(user = %user.id, "password reset");
        Ok((secret, user))
    }
}
