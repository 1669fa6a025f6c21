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
}
