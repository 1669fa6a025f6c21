//! Users: the people who run the site, with WordPress's roles.

use crate::ids::UserId;
use crate::slug::Slug;
use crate::time::Timestamp;
use serde::Serialize;
use std::fmt;

/// What a user may do, with the meaning these roles have in WordPress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including settings and users.
    Administrator,
    /// All articles, comments and sources.
    Editor,
    /// Writes and publishes their own articles.
    Author,
    /// Writes their own articles and submits them for review.
    Contributor,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Self; 4] = [
        Self::Administrator,
        Self::Editor,
        Self::Author,
        Self::Contributor,
    ];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::Editor => "editor",
            Self::Author => "author",
            Self::Contributor => "contributor",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A stored user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Its identifier.
    pub id: UserId,
    /// The name shown on articles.
    pub display_name: String,
    /// The email address (never public).
    pub email: String,
    /// The slug of the author's page.
    pub slug: Slug,
    /// What the user may do.
    pub role: Role,
    /// When the user was created.
    pub created_at: Timestamp,
    /// When the user was disabled: they keep their articles but cannot sign in.
    pub disabled_at: Option<Timestamp>,
}

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARACTERS: usize = 10;
/// The longest password accepted, in characters (hashing a huge one is a denial of service).
pub const MAX_PASSWORD_CHARACTERS: usize = 1000;

/// Checks a new password: long enough to resist guessing, not absurdly long, and not the
/// email address. Returns the reason, worded for the person choosing it.
pub fn check_new_password(password: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARACTERS {
        return Err(format!(
            "Choose a password of at least {MIN_PASSWORD_CHARACTERS} characters; a few words in a row are easy to remember and hard to guess."
        ));
    }
    if length > MAX_PASSWORD_CHARACTERS {
        return Err(format!(
            "That password is too long: at most {MAX_PASSWORD_CHARACTERS} characters."
        ));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err("Your password cannot be your email address.".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn new_passwords_are_checked() {
        assert!(check_new_password("correct horse battery", "a@example.com").is_ok());
        assert!(
            check_new_password("short", "a@example.com")
                .unwrap_err()
                .contains("at least 10")
        );
        assert!(check_new_password("a@example.com", "A@example.com").is_err());
        assert!(
            check_new_password(&"x".repeat(1001), "a@example.com")
                .unwrap_err()
                .contains("too long")
        );
    }
}
