//! Accounts for the editor's desk: users with passwords, signing in and out, sessions kept
//! in the database, throttled sign-ins, the one-time link that creates the first
//! administrator, invitations and password resets by mailed link, people's own profiles and
//! passwords, and what administrators change on other accounts.
//!
//! Passwords are hashed with argon2id on the blocking thread pool, never on the threads that
//! serve requests. Session cookies and mailed links carry a random secret; the database
//! keeps only its SHA-256, so a leaked database signs nobody in. Failed sign-ins are counted
//! per account and per network in the database, so the limits hold across processes.
//! Using a one-time link and what it does (creating the user, setting the password) happen
//! in one transaction, so a link can never be used twice.

mod administration;
mod invitations;
mod links;
mod password_reset;
mod passwords;
mod profile;
mod sessions;
mod setup;

pub(crate) use invitations::INVITATION_LINK_SECONDS;
pub use invitations::Invitation;
pub(crate) use password_reset::RESET_LINK_SECONDS;
pub use sessions::{Browser, SESSION_DAYS, SignedIn};
pub use setup::SetupForm;

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::user::{Profile, check_new_password, check_profile};
use gazette_domain::{FieldErrors, Role, Slug, Timestamp, User, UserId};
use gazette_store::{NewUserRecord, Tx};

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

/// Checks a new user's profile and password together, so that every mistake shows at once.
fn check_new_user(name: &str, email: &str, password: Option<&str>) -> AppResult<Profile> {
    let profile = check_profile(name, email);
    let mut errors = match &profile {
        Ok(_) => FieldErrors::new(),
        Err(errors) => errors.clone(),
    };
    if let Some(password) = password
        && let Err(reason) = check_new_password(password, email.trim())
    {
        errors.add("password", reason);
    }
    match profile {
        Ok(profile) if errors.is_empty() => Ok(profile),
        _ => Err(AppError::Validation(errors)),
    }
}

/// A taken email address, said next to the email field.
fn email_taken(error: gazette_store::StoreError, email: &str) -> AppError {
    match AppError::from(error) {
        AppError::Conflict(_) => AppError::Validation(FieldErrors::single(
            "email",
            format!("There is already a user with the email address {email}."),
        )),
        other => other,
    }
}

/// Inserts a user inside `tx`, with the first free slug made from their name.
pub(crate) async fn insert_user(
    tx: &mut Tx,
    profile: Profile,
    role: Role,
    password_hash: Option<String>,
    now: Timestamp,
) -> AppResult<UserId> {
    let base = Slug::from_title(&profile.display_name, "user");
    let taken = tx.user_slugs().await?;
    let mut slug = base.clone();
    let mut suffix = 2;
    while taken.iter().any(|existing| existing == slug.as_str()) {
        slug = Slug::parse(&format!("{}-{suffix}", base.as_str())).map_err(AppError::internal)?;
        suffix += 1;
    }
    let email = profile.email.clone();
    let id = tx
        .insert_user(
            &NewUserRecord {
                display_name: profile.display_name,
                email: profile.email,
                slug,
                role,
                password_hash,
            },
            now,
        )
        .await
        .map_err(|error| email_taken(error, &email))?;
    tracing::info!(user = %id, %role, "user created");
    Ok(id)
}

/// The user `id` read inside `tx`, or a `NotFound` that says so.
async fn existing_user(tx: &mut Tx, id: UserId) -> AppResult<User> {
    tx.user_by_id(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no user {id}.")))
}

impl App {
    /// Creates a user, checking the name, email and password first.
    pub async fn create_user(&self, new: NewUser) -> AppResult<User> {
        let profile = check_new_user(&new.display_name, &new.email, new.password.as_deref())?;
        let password_hash = match new.password {
            Some(password) => Some(passwords::hash(password).await?),
            None => None,
        };
        let mut tx = self.db().begin().await?;
        let id = insert_user(
            &mut tx,
            profile,
            new.role,
            password_hash,
            self.clock().now(),
        )
        .await?;
        let user = existing_user(&mut tx, id).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Every user, oldest first.
    pub async fn users(&self) -> AppResult<Vec<User>> {
        Ok(self.db().users().await?)
    }

    /// The user with this email address (compared without regard to case), if any.
    pub async fn user_by_email(&self, email: &str) -> AppResult<Option<User>> {
        let email = gazette_domain::email::normalise(email.trim());
        Ok(self.db().user_by_email(&email).await?)
    }

    /// Refuses with `Unavailable` when this site cannot send mail: invitations and reset
    /// links need it.
    pub(crate) fn require_mail(&self) -> AppResult<()> {
        if self.mailer().is_some() {
            Ok(())
        } else {
            Err(AppError::Unavailable(
                "This site cannot send mail yet, so no link can be sent. Add a [mail] section to the configuration and restart Gazette.".to_owned(),
            ))
        }
    }
}
