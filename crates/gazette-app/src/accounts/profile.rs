//! A signed-in person's own account: their name and email address, and changing their
//! password (which ends their other sessions).

use super::sessions::SignInSubjects;
use super::{SignedIn, email_taken, passwords};
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::user::{check_new_password, check_profile};
use gazette_domain::{FieldErrors, User};
use gazette_store::TokenPurpose;

impl App {
    /// Changes the signed-in user's name and email address. An address another user has
    /// is refused next to the email field.
    pub async fn update_profile(
        &self,
        signed_in: &SignedIn,
        name: &str,
        email: &str,
    ) -> AppResult<User> {
        let profile = check_profile(name, email).map_err(AppError::Validation)?;
        let id = signed_in.user.id;
        let mut tx = self.db().begin().await?;
        tx.set_user_profile(
            id,
            &profile.display_name,
            &profile.email,
            self.clock().now(),
        )
        .await
        .map_err(|error| email_taken(error, &profile.email))?;
        let user = super::existing_user(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(user = %id, "profile changed");
        Ok(user)
    }

    /// Changes the signed-in user's password. The current one must be given (wrong guesses
    /// count as failed sign-ins); the new one must pass `check_new_password`. Every other
    /// session of theirs ends and unused reset links are withdrawn; this session stays.
    /// Returns how many sessions ended.
    pub async fn change_password(
        &self,
        signed_in: &SignedIn,
        current: &str,
        new: &str,
    ) -> AppResult<u64> {
        let user = &signed_in.user;
        let subjects = SignInSubjects::new(&user.email, None);
        self.check_sign_in_allowed(&subjects).await?;
        let mut errors = FieldErrors::new();
        if let Err(reason) = check_new_password(new, &user.email) {
            errors.add("new_password", reason);
        }
        let hash = self.db().password_hash(user.id).await?;
        if !passwords::matches(current.to_owned(), hash).await? {
            self.count_sign_in_failure(&subjects).await?;
            errors.add(
                "current_password",
                "That is not your current password. Type it again, or sign out and use “Forgot your password?”.",
            );
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let new_hash = passwords::hash(new.to_owned()).await?;
        let mut tx = self.db().begin().await?;
        tx.set_password_hash(user.id, Some(&new_hash), self.clock().now())
            .await?;
        let ended = tx
            .delete_other_sessions_of(user.id, &signed_in.session)
            .await?;
        tx.delete_unused_tokens_of(user.id, TokenPurpose::PasswordReset)
            .await?;
        tx.commit().await?;
        tracing::info!(user = %user.id, other_sessions_ended = ended, "password changed");
        Ok(ended)
    }
}
