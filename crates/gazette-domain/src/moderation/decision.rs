//! What moderation decides about a new comment, and why.

use super::rule::Rule;
use crate::comment::CommentStatus;

/// What happens to a new comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It is public at once.
    Publish,
    /// It is saved and waits for a moderator.
    Hold,
    /// It is saved as spam.
    Spam,
    /// It is not saved; the sender is told why.
    Reject(Rejection),
}

impl Outcome {
    /// The status the comment is saved with, or `None` when it is not saved at all.
    pub fn status(self) -> Option<CommentStatus> {
        match self {
            Self::Publish => Some(CommentStatus::Approved),
            Self::Hold => Some(CommentStatus::Pending),
            Self::Spam => Some(CommentStatus::Spam),
            Self::Reject(_) => None,
        }
    }
}

/// Why a comment was refused without being saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Too many comments came from the sender's network within the hour.
    RateLimited {
        /// How long the sender should wait before trying again.
        retry_after_seconds: u64,
    },
    /// The same sender commented a moment ago.
    Flood {
        /// How long until the sender may comment again.
        retry_after_seconds: u64,
    },
    /// The same comment is already on the article.
    Duplicate,
}

/// The result of moderating a comment: the outcome, and for anything but a plain
/// publication the rule that decided it and a reason written for moderators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// What happens to the comment.
    pub outcome: Outcome,
    /// The check that decided; `None` only when the comment is published.
    pub rule: Option<Rule>,
    /// Why, in a sentence a moderator understands; `None` only when the comment is published.
    pub reason: Option<String>,
}

impl Decision {
    /// Publication with nothing to report.
    pub fn publish() -> Self {
        Self {
            outcome: Outcome::Publish,
            rule: None,
            reason: None,
        }
    }

    /// A decision taken by `rule`.
    pub(super) fn by_rule(outcome: Outcome, rule: Rule, reason: String) -> Self {
        Self {
            outcome,
            rule: Some(rule),
            reason: Some(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_stored_statuses() {
        assert_eq!(Outcome::Publish.status(), Some(CommentStatus::Approved));
        assert_eq!(Outcome::Hold.status(), Some(CommentStatus::Pending));
        assert_eq!(Outcome::Spam.status(), Some(CommentStatus::Spam));
        assert_eq!(Outcome::Reject(Rejection::Duplicate).status(), None);
    }
}
