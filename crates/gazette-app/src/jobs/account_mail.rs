//! The account mails: a password reset link and an invitation. Each link is made when the
//! mail is composed, replacing the user's earlier unused link of the same kind, so its
//! secret exists only in the mail; a mail tried again carries a new link.

use super::runner::JobFailure;
use crate::App;
use crate::accounts::{INVITATION_LINK_SECONDS, RESET_LINK_SECONDS};
use gazette_domain::{SiteSettings, User, UserId};
use gazette_mail::OutgoingMail;
use gazette_store::TokenPurpose;

impl App {
    /// An enabled user, or `None` when they are gone or disabled.
    async fn enabled_user(&self, user_id: i64) -> Result<Option<User>, JobFailure> {
        let user = self
            .db()
            .user_by_id(UserId(user_id))
            .await
            .map_err(crate::AppError::from)?;
        Ok(user.filter(|user| user.disabled_at.is_none()))
    }

    pub(super) async fn password_reset_mail(
        &self,
        settings: &SiteSettings,
        user_id: i64,
    ) -> Result<Option<OutgoingMail>, JobFailure> {
        let Some(user) = self.enabled_user(user_id).await? else {
            return Ok(None);
        };
        let secret = self
            .issue_link(user.id, TokenPurpose::PasswordReset, RESET_LINK_SECONDS)
            .await?;
        let link = format!("{}/reset/{secret}", settings.site_url);
        Ok(Some(OutgoingMail {
            to_name: user.display_name,
            to_address: user.email.clone(),
            subject: format!("[{}] Choose a new password", settings.title),
            text: format!(
                "Someone, probably you, asked for a new password for the account {} on {}.\n\nTo choose a new password, open this link within an hour:\n{link}\n\nThe link works once. If you did not ask for this, ignore this mail: your password stays as it is.\n",
                user.email, settings.title
            ),
            unsubscribe_url: None,
        }))
    }

    pub(super) async fn invitation_mail(
        &self,
        settings: &SiteSettings,
        user_id: i64,
        invited_by: Option<i64>,
    ) -> Result<Option<OutgoingMail>, JobFailure> {
        let Some(user) = self.enabled_user(user_id).await? else {
            return Ok(None);
        };
        let has_password = self
            .db()
            .password_hash(user.id)
            .await
            .map_err(crate::AppError::from)?
            .is_some();
        if has_password {
            return Ok(None);
        }
        let inviter = match invited_by {
            Some(id) => self
                .db()
                .user_by_id(UserId(id))
                .await
                .map_err(crate::AppError::from)?
                .map(|inviter| inviter.display_name),
            None => None,
        };
        let secret = self
            .issue_link(user.id, TokenPurpose::Invitation, INVITATION_LINK_SECONDS)
            .await?;
        let link = format!("{}/invite/{secret}", settings.site_url);
        let who = inviter.unwrap_or_else(|| "An administrator".to_owned());
        Ok(Some(OutgoingMail {
            to_name: user.display_name,
            to_address: user.email.clone(),
            subject: format!("[{}] You are invited to the editor's desk", settings.title),
            text: format!(
                "{who} invited you to {} as {}.\n\nTo choose your password and sign in, open this link within seven days:\n{link}\n\nThe link works once. You will sign in with this address, {}.\n",
                settings.title,
                user.role.with_article(),
                user.email
            ),
            unsubscribe_url: None,
        }))
    }
}
