//! Reader comments: what a valid one is, and the statuses a moderator moves it through.
//!
//! The limits are WordPress's, so that nothing a WordPress site accepted is refused here:
//! a name of at most 245 characters, an email address of at most 100, a website of at most
//! 200 (http or https only) and a comment of at most 65,525 bytes.

use crate::email;
use crate::field_errors::FieldErrors;
use crate::ids::{ArticleId, CommentId, UserId};
use crate::text::{clean_multi_line, clean_single_line, is_blank};
use crate::time::Timestamp;
use crate::web_address::{self, WebAddressError};
use serde::Serialize;
use std::fmt;

/// The longest commenter name, in characters.
pub const MAX_AUTHOR_CHARACTERS: usize = 245;
/// The longest email address, in characters.
pub const MAX_EMAIL_CHARACTERS: usize = 100;
/// The longest website address, in characters.
pub const MAX_WEBSITE_CHARACTERS: usize = 200;
/// The largest comment, in bytes of UTF-8.
pub const MAX_TEXT_BYTES: usize = 65_525;

/// Where a comment stands with the moderators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Waiting for a moderator; visible only to its author.
    Pending,
    /// Public.
    Approved,
    /// Judged to be spam.
    Spam,
    /// Thrown away by a moderator.
    Trash,
}

impl CommentStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Approved, Self::Spam, Self::Trash];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Spam => "spam",
            Self::Trash => "trash",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl fmt::Display for CommentStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What a moderator can do to a comment (deleting one for good is separate: it leaves no
/// status behind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModerationAction {
    /// Publish it.
    Approve,
    /// Take it back to the moderation queue.
    Unapprove,
    /// Mark it as spam.
    Spam,
    /// Take it out of the spam, back where it was.
    NotSpam,
    /// Throw it away (it can still be restored until the trash is emptied).
    Trash,
    /// Take it out of the trash, back where it was.
    Restore,
}

/// What the spam classifier learns from a moderator's action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lesson {
    /// The comment is the kind readers want.
    Ham,
    /// The comment is spam.
    Spam,
}

impl Lesson {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ham => "ham",
            Self::Spam => "spam",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ham" => Some(Self::Ham),
            "spam" => Some(Self::Spam),
            _ => None,
        }
    }
}

impl ModerationAction {
    /// Every action.
    pub const ALL: [Self; 6] = [
        Self::Approve,
        Self::Unapprove,
        Self::Spam,
        Self::NotSpam,
        Self::Trash,
        Self::Restore,
    ];

    /// The name used in the moderation log and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Unapprove => "unapprove",
            Self::Spam => "spam",
            Self::NotSpam => "not_spam",
            Self::Trash => "trash",
            Self::Restore => "restore",
        }
    }

    /// The status a comment has after the action, given where it stands and where it stood
    /// before it went to the spam or the trash. `None` when the action does not apply to a
    /// comment in that status (restoring one that is not in the trash, say).
    pub fn resulting_status(
        self,
        current: CommentStatus,
        before: Option<CommentStatus>,
    ) -> Option<CommentStatus> {
        let back = || match before {
            Some(status) if status != CommentStatus::Spam && status != CommentStatus::Trash => {
                status
            }
            _ => CommentStatus::Pending,
        };
        match (self, current) {
            (Self::Approve, _) => Some(CommentStatus::Approved),
            (Self::Unapprove, CommentStatus::Approved) => Some(CommentStatus::Pending),
            (Self::Spam, _) => Some(CommentStatus::Spam),
            (Self::NotSpam, CommentStatus::Spam) | (Self::Restore, CommentStatus::Trash) => {
                Some(back())
            }
            (Self::Trash, _) => Some(CommentStatus::Trash),
            _ => None,
        }
    }

    /// What the spam classifier learns when a moderator takes this action.
    pub fn lesson(self) -> Option<Lesson> {
        match self {
            Self::Approve | Self::NotSpam => Some(Lesson::Ham),
            Self::Spam => Some(Lesson::Spam),
            Self::Unapprove | Self::Trash | Self::Restore => None,
        }
    }
}

/// What a comment is: a reader's, or a notice that another site linked to the article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// A reader's comment, shown in the threads and counted.
    #[default]
    Comment,
    /// Another site's automatic notice that it linked here.
    Pingback,
    /// Another site's notice, sent by hand, that it linked here.
    Trackback,
}

impl CommentKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Comment, Self::Pingback, Self::Trackback];

    /// The stored name (WordPress's `comment_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Comment => "comment",
            Self::Pingback => "pingback",
            Self::Trackback => "trackback",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A stored comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    /// Its identifier.
    pub id: CommentId,
    /// The article it was left on.
    pub article_id: ArticleId,
    /// The comment it replies to, if any.
    pub parent_id: Option<CommentId>,
    /// The top-level comment of its thread, for a reply.
    pub root_id: Option<CommentId>,
    /// How deep it sits in its thread: 1 for a top-level comment.
    pub depth: u32,
    /// A reader's comment, a pingback or a trackback.
    pub kind: CommentKind,
    /// The commenter's name as shown.
    pub author_name: String,
    /// The commenter's email address; never shown to readers.
    pub author_email: String,
    /// The commenter's website, if given.
    pub author_url: Option<String>,
    /// The comment as typed (cleaned).
    pub text: String,
    /// The comment rendered to safe HTML when it was saved.
    pub html: String,
    /// Where it stands with the moderators.
    pub status: CommentStatus,
    /// The address it was posted from, while it is kept.
    pub ip: Option<String>,
    /// The browser it was posted with, while it is kept.
    pub user_agent: Option<String>,
    /// The member of staff who wrote it while signed in, if one did.
    pub user_id: Option<UserId>,
    /// The moderation rule that decided its first status, if one did.
    pub moderation_rule: Option<String>,
    /// Why that rule decided so, in words for moderators.
    pub moderation_reason: Option<String>,
    /// The spam classifier's score (0 to 1) when it arrived, if the classifier was trained.
    pub spam_score: Option<f64>,
    /// Where it stood before it went to the spam or the trash.
    pub status_before: Option<CommentStatus>,
    /// When it was posted.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// The comment form's fields exactly as a reader sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CommentInput {
    /// `comment`: the text.
    pub text: String,
    /// `author`: the name.
    pub author: String,
    /// `email`: the email address.
    pub email: String,
    /// `url`: the website.
    pub website: String,
    /// `comment_parent`: the id of the comment replied to, `0` or empty for none.
    pub parent: String,
}

/// A comment that passed validation, cleaned and ready to be checked against the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidComment {
    /// The cleaned text.
    pub text: String,
    /// The cleaned name.
    pub author: String,
    /// The email address, domain in lower case.
    pub email: String,
    /// The website, completed to an absolute http(s) address.
    pub website: Option<String>,
    /// The comment replied to.
    pub parent_id: Option<CommentId>,
}

impl CommentInput {
    /// Applies the form rules. Every problem is reported against its field, worded for the
    /// reader, so that the form can be shown again with the input kept.
    pub fn validate(&self) -> Result<ValidComment, FieldErrors> {
        let mut errors = FieldErrors::new();

        let text = clean_multi_line(&self.text);
        if is_blank(&text) {
            errors.add("comment", "Please type your comment.");
        } else if text.len() > MAX_TEXT_BYTES {
            errors.add(
                "comment",
                format!(
                    "Your comment is too long: the limit is {} bytes and yours has {}. Please shorten it.",
                    group_thousands(MAX_TEXT_BYTES),
                    group_thousands(text.len())
                ),
            );
        }

        let author = clean_single_line(&self.author);
        if is_blank(&author) {
            errors.add("author", "Please enter your name.");
        } else if author.chars().count() > MAX_AUTHOR_CHARACTERS {
            errors.add(
                "author",
                format!("Your name is too long: at most {MAX_AUTHOR_CHARACTERS} characters."),
            );
        }

        let email = clean_single_line(&self.email);
        if email.is_empty() {
            errors.add(
                "email",
                "Please enter your email address. It will not be published.",
            );
        } else if email.chars().count() > MAX_EMAIL_CHARACTERS {
            errors.add(
                "email",
                format!(
                    "Your email address is too long: at most {MAX_EMAIL_CHARACTERS} characters."
                ),
            );
        } else if !email::looks_like_address(&email) {
            errors.add(
                "email",
                "Please enter a valid email address, such as name@example.com.",
            );
        }

        let website_text = clean_single_line(&self.website);
        let website = if website_text.is_empty() {
            None
        } else if website_text.chars().count() > MAX_WEBSITE_CHARACTERS {
            errors.add(
                "url",
                format!(
                    "Your website address is too long: at most {MAX_WEBSITE_CHARACTERS} characters."
                ),
            );
            None
        } else {
            match web_address::parse_typed(&website_text) {
                Ok(url) if url.as_str().chars().count() <= MAX_WEBSITE_CHARACTERS => {
                    Some(url.to_string())
                }
                Ok(_) => {
                    errors.add("url", format!("Your website address is too long: at most {MAX_WEBSITE_CHARACTERS} characters."));
                    None
                }
                Err(WebAddressError::UnsupportedScheme) => {
                    errors.add(
                        "url",
                        "Your website must be an http:// or https:// address.",
                    );
                    None
                }
                Err(error) => {
                    errors.add(
                        "url",
                        format!("Your website address cannot be used: {error}."),
                    );
                    None
                }
            }
        };

        let parent_text = self.parent.trim();
        let parent_id = match parent_text {
            "" | "0" => None,
            other => match other.parse::<i64>() {
                Ok(id) if id > 0 => Some(CommentId(id)),
                _ => {
                    errors.add("comment_parent", "The comment you are replying to could not be found. Please reply to the article instead.");
                    None
                }
            },
        };

        errors.into_result(ValidComment {
            text,
            author,
            email: email::normalise(&email),
            website,
            parent_id,
        })
    }
}

/// `65525` as `65,525`, for messages.
fn group_thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_move_comments_and_teach_the_classifier() {
        use CommentStatus::{Approved, Pending, Spam, Trash};
        assert_eq!(
            ModerationAction::NotSpam.resulting_status(Spam, Some(Approved)),
            Some(Approved)
        );
        assert_eq!(
            ModerationAction::NotSpam.resulting_status(Spam, None),
            Some(Pending)
        );
        assert_eq!(
            ModerationAction::Restore.resulting_status(Trash, Some(Spam)),
            Some(Pending)
        );
        assert_eq!(
            ModerationAction::Restore.resulting_status(Approved, None),
            None
        );
        assert_eq!(
            ModerationAction::Unapprove.resulting_status(Spam, None),
            None
        );
        assert_eq!(ModerationAction::Approve.lesson(), Some(Lesson::Ham));
        assert_eq!(ModerationAction::Spam.lesson(), Some(Lesson::Spam));
        assert_eq!(ModerationAction::Trash.lesson(), None);
    }

    fn input() -> CommentInput {
        CommentInput {
            text: "Good piece.".into(),
            author: "Ada".into(),
            email: "ada@Example.com".into(),
            website: String::new(),
            parent: "0".into(),
        }
    }

    #[test]
    fn accepts_and_cleans_a_good_comment() {
        let valid = input().validate().unwrap();
        assert_eq!(valid.email, "ada@example.com");
        assert_eq!(valid.website, None);
        assert_eq!(valid.parent_id, None);
    }

    #[test]
    fn every_required_field_is_named() {
        let errors = CommentInput::default().validate().unwrap_err();
        assert_eq!(errors.get("comment"), Some("Please type your comment."));
        assert_eq!(errors.get("author"), Some("Please enter your name."));
        assert!(
            errors
                .get("email")
                .unwrap()
                .starts_with("Please enter your email address")
        );
        assert_eq!(errors.get("url"), None);
    }

    #[test]
    fn enforces_the_wordpress_limits_at_their_edges() {
        let mut at_limits = input();
        at_limits.author = "n".repeat(MAX_AUTHOR_CHARACTERS);
        at_limits.email = format!(
            "{}@{}.example",
            "e".repeat(40),
            "d".repeat(MAX_EMAIL_CHARACTERS - 49)
        );
        at_limits.text = "t".repeat(MAX_TEXT_BYTES);
        at_limits.website = format!(
            "https://example.com/{}",
            "w".repeat(MAX_WEBSITE_CHARACTERS - 20)
        );
        assert!(at_limits.validate().is_ok(), "{:?}", at_limits.validate());

        let mut over = input();
        over.author = "n".repeat(MAX_AUTHOR_CHARACTERS + 1);
        over.email = format!(
            "{}@{}.example",
            "e".repeat(40),
            "d".repeat(MAX_EMAIL_CHARACTERS - 48)
        );
        over.text = "é".repeat(MAX_TEXT_BYTES / 2 + 1);
        over.website = format!(
            "https://example.com/{}",
            "w".repeat(MAX_WEBSITE_CHARACTERS - 19)
        );
        let errors = over.validate().unwrap_err();
        for field in ["author", "email", "comment", "url"] {
            assert!(
                errors.get(field).unwrap().contains("too long"),
                "{field}: {errors:?}"
            );
        }
        assert!(errors.get("comment").unwrap().contains("65,525"));
    }

    #[test]
    fn refuses_bad_addresses() {
        let mut bad = input();
        bad.email = "not-an-address".into();
        bad.website = "javascript:alert(1)".into();
        bad.parent = "abc".into();
        let errors = bad.validate().unwrap_err();
        assert!(errors.get("email").unwrap().contains("valid email"));
        assert!(errors.get("url").unwrap().contains("http://"));
        assert!(errors.get("comment_parent").is_some());
    }

    #[test]
    fn completes_a_website_without_scheme() {
        let mut with_site = input();
        with_site.website = "ada.example".into();
        assert_eq!(
            with_site.validate().unwrap().website.as_deref(),
            Some("http://ada.example/")
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(65_525), "65,525");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
    }
}
