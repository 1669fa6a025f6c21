//! Invitations: an administrator names a new user and their role; the user is created
//! without a password and mailed a link (valid for a week) where they choose one and are
//! signed in. Sending the invitation again replaces the link.

use super::{Browser, check_new_user, existing_user, insert_user};
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::{Role, User, UserId};
use gazette_store::TokenPurpose;

/// How long an invitation link works.
pub(crate) const INVITATION_LINK_SECONDS: i64 = 7 * 86_400;

fn gone() -> AppError {
    AppError::NotFound(
        "This invitation has expired or was already used. Ask an administrator to send it again, or sign in if you already chose your password."
            .to_owned(),
    )
}

/// Who is invited, and by whom.
#[derive(Clone, Debug)]
pub struct Invitation {
    /// The name shown on their articles.
    pub display_name: String,
    /// The address the invitation goes to, and that they will sign in with.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// The administrator who invites them, named in the mail (`None` at the command line).
    pub invited_by: Option<UserId>,
}

impl App {
    /// Creates the invited user, without a password, and queues their invitation mail in
    /// the same transaction. Needs mail.
    pub async fn invite_user(&self, invitation: Invitation) -> AppResult<User> {
        self.require_mail()?;
        let profile = check_new_user(&invitation.display_name, &invitation.email, None)?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let id = insert_user(&mut tx, profile, invitation.role, None, now).await?;
        let job = Job::Invitation {
            user_id: id.get(),
            invited_by: invitation.invited_by.map(UserId::get),
        };
        self.enqueue(&mut tx, &job, now).await?;
        let user = existing_user(&mut tx, id).await?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(user = %id, "user invited");
        Ok(user)
    }

    /// Sends user `id`'s invitation again, with a new link that replaces the old one. Only
    /// for enabled users who have not chosen a password yet.
    pub async fn resend_invitation(
        &self,
        id: UserId,
        invited_by: Option<UserId>,
    ) -> AppResult<User> {
        self.require_mail()?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let user = existing_user(&mut tx, id).await?;
        if user.disabled_at.is_some() {
            return Err(AppError::Conflict(format!(
                "{} is disabled; enable the account before inviting them again.",
                user.display_name
            )));
        }
        if tx.user_has_password(id).await? {
            return Err(AppError::Conflict(format!(
                "{} has already chosen a password; send them a password reset link instead.",
                user.display_name
            )));
        }
        let job = Job::Invitation {
            user_id: id.get(),
            invited_by: invited_by.map(UserId::get),
        };
        self.enqueue(&mut tx, &job, now).await?;
        tx.commit().await?;
        self.wake_job_runner();
        Ok(user)
    }

    /// The user an invitation link is for; `NotFound` once it no longer works.
    pub async fn invited_user(&self, token: &str) -> AppResult<User> {
        self.link_user(token, TokenPurpose::Invitation)
            .await?
            .ok_or_else(gone)
    }

    /// Accepts an invitation: sets the password and signs the user in; returns the new
    /// session's secret and the user. The link works once.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password: &str,
        browser: Browser,
    ) -> AppResult<(String, User)> {
        let (secret, user) = self
            .redeem_link(token, TokenPurpose::Invitation, password, browser, gone)
            .await?;
        tracing::info!(user = %user.id, "invitation accepted");
        Ok((secret, user))
    }
}
