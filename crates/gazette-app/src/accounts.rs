//! Accounts for the editor's desk: users with passwords, signing in and out, sessions kept
//! in the database, throttled sign-ins, and the one-time link that creates the first
//! administrator.
//!
//! Passwords are hashed with argon2id on the blocking thread pool, never on the threads that
//! serve requests. Session cookies carry a random secret; the database keeps only its
//! SHA-256, so a leaked database signs nobody in. Failed sign-ins are counted per account
//! and per network in the database, so the limits hold across processes.

mod passwords;
mod sessions;
mod setup;

pub use sessions::{SESSION_DAYS, SignedIn};

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::user::check_new_password;
use gazette_domain::{FieldErrors, Role, Slug, User};
use gazette_store::NewUserRecord;

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// The name shown on articles.
    pub display_name: String,
    /// The email address they sign in with.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// Their password; `None` leaves them unable to sign in until they choose one.
    pub password: Option<String>,
}

/// A random secret for a cookie or a link, hex.
pub(crate) fn random_secret() -> AppResult<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| {
        AppError::Unavailable(format!("the system's random number source failed: {error}"))
    })?;
    Ok(hex::encode(bytes))
}

/// The SHA-256 of a secret, hex: what the database keeps.
pub(crate) fn secret_hash(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl App {
    /// Creates a user, checking the name, email and password first.
    pub async fn create_user(&self, new: NewUser) -> AppResult<User> {
        let mut errors = FieldErrors::new();
        let name = gazette_domain::text::clean_single_line(&new.display_name);
        if gazette_domain::text::is_blank(&name) {
            errors.add("name", "Please enter the name to show on articles.");
        } else if name.chars().count() > 100 {
            errors.add("name", "The name is too long: at most 100 characters.");
        }
        let email = gazette_domain::text::clean_single_line(&new.email);
        if !gazette_domain::email::looks_like_address(&email) {
            errors.add(
                "email",
                "Please enter a valid email address, such as name@example.com.",
            );
        }
        if let Some(password) = &new.password
            && let Err(reason) = check_new_password(password, &email)
        {
            errors.add("password", reason);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let email = gazette_domain::email::normalise(&email);
        let password_hash = match new.password {
            Some(password) => Some(passwords::hash(password).await?),
            None => None,
        };
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let base = Slug::from_title(&name, "user");
        let mut slug = base.clone();
        let mut suffix = 2;
        let taken: Vec<String> = self
            .db()
            .users()
            .await?
            .into_iter()
            .map(|user| user.slug.as_str().to_owned())
            .collect();
        while taken.iter().any(|existing| existing == slug.as_str()) {
            slug =
                Slug::parse(&format!("{}-{suffix}", base.as_str())).map_err(AppError::internal)?;
            suffix += 1;
        }
        let id = tx
            .insert_user(
                &NewUserRecord {
                    display_name: name,
                    email: email.clone(),
                    slug,
                    role: new.role,
                    password_hash,
                },
                now,
            )
            .await
            .map_err(|error| match AppError::from(error) {
                AppError::Conflict(_) => AppError::Validation(FieldErrors::single(
                    "email",
                    format!("There is already a user with the email address {email}."),
                )),
                other => other,
            })?;
        tx.commit().await?;
        tracing::info!(user = %id, role = %new.role, "user created");
        self.db()
            .user_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("the new user vanished"))
    }

    /// Every user, oldest first.
    pub async fn users(&self) -> AppResult<Vec<User>> {
        Ok(self.db().users().await?)
    }
}
