//! What administrators change on other people's accounts: roles, and disabling or enabling
//! them. The last administrator who can sign in always stays one, and nobody disables
//! themselves (`gazette_domain::user::check_account_change`).

use super::existing_user;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::user::{AccountChange, check_account_change};
use gazette_domain::{Role, User, UserId};
use gazette_store::UserListing;

impl App {
    /// Every user with their last sign-in and article count, oldest first.
    pub async fn user_listings(&self) -> AppResult<Vec<UserListing>> {
        Ok(self.db().user_listings().await?)
    }

    /// Gives user `id` the role `role`. `acting` is the administrator who asks (`None` at
    /// the command line).
    pub async fn change_role(
        &self,
        acting: Option<UserId>,
        id: UserId,
        role: Role,
    ) -> AppResult<User> {
        self.change_account(acting, id, AccountChange::Role(role))
            .await
    }

    /// Disables user `id` (every session of theirs ends at once) or enables them again.
    pub async fn set_account_enabled(
        &self,
        acting: Option<UserId>,
        id: UserId,
        enabled: bool,
    ) -> AppResult<User> {
        let change = if enabled {
            AccountChange::Enable
        } else {
            AccountChange::Disable
        };
        self.change_account(acting, id, change).await
    }

    /// Applies `change` to user `id` after checking it against the administrators who can
    /// sign in, counted in the same transaction.
    async fn change_account(
        &self,
        acting: Option<UserId>,
        id: UserId,
        change: AccountChange,
    ) -> AppResult<User> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let administrators = tx.lock_active_administrators().await?;
        let target = existing_user(&mut tx, id).await?;
        check_account_change(acting, &target, change, administrators)
            .map_err(AppError::Conflict)?;
        match change {
            AccountChange::Role(role) => tx.set_user_role(id, role, now).await?,
            AccountChange::Disable => {
                tx.set_user_disabled(id, Some(now), now).await?;
                tx.delete_sessions_of(id).await?;
            }
            AccountChange::Enable => tx.set_user_disabled(id, None, now).await?,
        }
        let user = existing_user(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(user = %id, ?change, by = ?acting.map(UserId::get), "account changed");
        Ok(user)
    }
}
