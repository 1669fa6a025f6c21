//! Hashing and checking passwords with argon2id (its recommended parameters: 19 MiB, two
//! passes), on the blocking thread pool so that a sign-in never stalls page serving.

use crate::AppResult;
use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$…`.
pub(crate) async fn hash(password: String) -> AppResult<String> {
    let mut salt = [0_u8; 16];
    getrandom::fill(&mut salt).map_err(|error| {
        AppError::Unavailable(format!("the system's random number source failed: {error}"))
    })?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// Whether `password` matches `hash`. A missing hash is checked against a fixed one, so
/// that unknown accounts take as long to refuse as wrong passwords.
pub(crate) async fn matches(password: String, hash: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| UNUSABLE_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return Ok(false);
        };
        let valid = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && valid)
    })
    .await
    .map_err(AppError::internal)?
}

/// A well-formed hash of a random password nobody knows, for timing-safe refusals.
const UNUSABLE_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Cj6l2rE2rGXAmPFrQT0IjqfpTK7twEiW1zS8lX9pU0M";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_accepts_only_its_password() {
        let hash = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            matches("correct horse battery".to_owned(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !matches("wrong horse battery".to_owned(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!matches("anything".to_owned(), None).await.unwrap());
    }
}
