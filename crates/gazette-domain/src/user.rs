//! Users: the people who run the site, with WordPress's roles, the rules for their names,
//! addresses and passwords, and the changes to an account that would lock the site out.

use crate::field_errors::FieldErrors;
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

    /// The name with its article, as in "invited you as an editor".
    pub fn with_article(self) -> &'static str {
        match self {
            Self::Administrator => "an administrator",
            Self::Editor => "an editor",
            Self::Author => "an author",
            Self::Contributor => "a contributor",
        }
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

/// The longest display name accepted, in characters.
pub const MAX_NAME_CHARACTERS: usize = 100;

/// A user's name and email address, cleaned and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The name shown on articles, on one line.
    pub display_name: String,
    /// The email address, its domain in lower case.
    pub email: String,
}

/// Checks a name and an email address as typed; the errors name the fields `name` and
/// `email`.
pub fn check_profile(name: &str, email: &str) -> Result<Profile, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = crate::text::clean_single_line(name);
    if crate::text::is_blank(&name) {
        errors.add("name", "Please enter the name to show on articles.");
    } else if name.chars().count() > MAX_NAME_CHARACTERS {
        errors.add(
            "name",
            format!("The name is too long: at most {MAX_NAME_CHARACTERS} characters."),
        );
    }
    let email = crate::text::clean_single_line(email);
    if !crate::email::looks_like_address(&email) {
        errors.add(
            "email",
            "Please enter a valid email address, such as name@example.com.",
        );
    }
    if errors.is_empty() {
        Ok(Profile {
            display_name: name,
            email: crate::email::normalise(&email),
        })
    } else {
        Err(errors)
    }
}

/// A change an administrator makes to someone's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange {
    /// Give them another role.
    Role(Role),
    /// Stop them signing in.
    Disable,
    /// Let them sign in again.
    Enable,
}

/// Refuses a change that would leave the site without an administrator who can sign in,
/// or an administrator disabling themselves. `acting` is who asks (`None` at the command
/// line); `active_administrators` counts the administrators who can sign in now.
pub fn check_account_change(
    acting: Option<UserId>,
    target: &User,
    change: AccountChange,
    active_administrators: i64,
) -> Result<(), String> {
    if change == AccountChange::Disable && acting == Some(target.id) {
        return Err(
            "You cannot disable your own account; ask another administrator to do it.".to_owned(),
        );
    }
    let removes_an_administrator = target.role == Role::Administrator
        && target.disabled_at.is_none()
        && matches!(
            change,
            AccountChange::Disable
                | AccountChange::Role(Role::Editor | Role::Author | Role::Contributor)
        );
    if removes_an_administrator && active_administrators <= 1 {
        return Err(format!(
            "{} is the last administrator who can sign in, so they must stay one. Make someone else an administrator first.",
            target.display_name
        ));
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

    #[test]
    fn profiles_are_cleaned_and_checked() {
        let profile = check_profile("  Ada   Admin ", "Ada@Ledger.EXAMPLE").unwrap();
        assert_eq!(profile.display_name, "Ada Admin");
        assert_eq!(profile.email, "Ada@ledger.example");
        let errors = check_profile(" ", "not an address").unwrap_err();
        assert!(errors.get("name").unwrap().contains("name to show"));
        assert!(errors.get("email").unwrap().contains("valid email"));
        let long = "n".repeat(MAX_NAME_CHARACTERS + 1);
        assert!(
            check_profile(&long, "a@example.com")
                .unwrap_err()
                .get("name")
                .unwrap()
                .contains("too long")
        );
    }

    fn user(id: i64, role: Role, disabled: bool) -> User {
        User {
            id: UserId(id),
            display_name: format!("User {id}"),
            email: format!("user{id}@example.com"),
            slug: Slug::parse(&format!("user-{id}")).unwrap(),
            role,
            created_at: Timestamp::from_microseconds(0).unwrap(),
            disabled_at: disabled.then(|| Timestamp::from_microseconds(1).unwrap()),
        }
    }

    #[test]
    fn the_last_administrator_stays_one() {
        let admin = user(1, Role::Administrator, false);
        let demote = AccountChange::Role(Role::Editor);
        assert!(
            check_account_change(Some(UserId(2)), &admin, demote, 1)
                .unwrap_err()
                .contains("last administrator")
        );
        assert!(check_account_change(None, &admin, AccountChange::Disable, 1).is_err());
        assert!(check_account_change(Some(UserId(2)), &admin, demote, 2).is_ok());
        assert!(
            check_account_change(None, &admin, AccountChange::Role(Role::Administrator), 1).is_ok()
        );
        let disabled_admin = user(3, Role::Administrator, true);
        assert!(check_account_change(None, &disabled_admin, demote, 1).is_ok());
        let editor = user(4, Role::Editor, false);
        assert!(check_account_change(None, &editor, AccountChange::Disable, 1).is_ok());
    }

    #[test]
    fn nobody_disables_themselves() {
        let admin = user(1, Role::Administrator, false);
        assert!(
            check_account_change(Some(UserId(1)), &admin, AccountChange::Disable, 5)
                .unwrap_err()
                .contains("your own account")
        );
        assert!(check_account_change(Some(UserId(1)), &admin, AccountChange::Enable, 5).is_ok());
    }
}
