//! The names of the moderation checks, as they are stored with a held or refused comment.

use serde::Serialize;
use std::fmt;

/// One moderation check. A held, spammed or refused comment records the rule that decided
/// it, so that a moderator can see why it was stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Too many comments from one network within an hour.
    RateLimit,
    /// A form field hidden from people was filled in.
    Honeypot,
    /// The form's signed token was missing, forged, or the form was sent too quickly.
    TimeTrap,
    /// The same sender commented a moment ago.
    Flood,
    /// The same comment is already on the article.
    Duplicate,
    /// An entry of the block-words list appears in the comment or its sender's details.
    BlockWords,
    /// The spam classifier scored the comment at or above the threshold.
    SpamClassifier,
    /// An entry of the hold-words list appears in the comment or its sender's details.
    HoldWords,
    /// The comment has as many links as the policy holds for, or more.
    TooManyLinks,
    /// Every comment waits for a moderator.
    ManualApproval,
    /// The commenter has no approved comment yet.
    FirstTimeCommenter,
}

impl Rule {
    /// Every rule, in the order the checks run.
    pub const ALL: [Self; 11] = [
        Self::RateLimit,
        Self::Honeypot,
        Self::TimeTrap,
        Self::Flood,
        Self::Duplicate,
        Self::BlockWords,
        Self::SpamClassifier,
        Self::HoldWords,
        Self::TooManyLinks,
        Self::ManualApproval,
        Self::FirstTimeCommenter,
    ];

    /// The stored and displayed name; it never changes, since stored comments refer to it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimit => "rate_limit",
            Self::Honeypot => "honeypot",
            Self::TimeTrap => "time_trap",
            Self::Flood => "flood",
            Self::Duplicate => "duplicate",
            Self::BlockWords => "block_words",
            Self::SpamClassifier => "spam_classifier",
            Self::HoldWords => "hold_words",
            Self::TooManyLinks => "too_many_links",
            Self::ManualApproval => "manual_approval",
            Self::FirstTimeCommenter => "first_time_commenter",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|rule| rule.as_str() == text)
    }

    /// The rule's name as moderators read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::RateLimit => "Rate limit",
            Self::Honeypot => "Honeypot",
            Self::TimeTrap => "Time trap",
            Self::Flood => "Flood",
            Self::Duplicate => "Duplicate",
            Self::BlockWords => "Block words",
            Self::SpamClassifier => "Spam classifier",
            Self::HoldWords => "Hold words",
            Self::TooManyLinks => "Too many links",
            Self::ManualApproval => "Manual approval",
            Self::FirstTimeCommenter => "First-time commenter",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_through_their_names() {
        for rule in Rule::ALL {
            assert_eq!(Rule::parse(rule.as_str()), Some(rule));
            assert_eq!(rule.to_string(), rule.as_str());
        }
        assert_eq!(Rule::parse("Honeypot"), None);
        assert_eq!(Rule::parse(""), None);
    }

    #[test]
    fn every_rule_has_a_label_that_starts_with_a_capital() {
        for rule in Rule::ALL {
            assert!(rule.label().starts_with(char::is_uppercase), "{rule}");
        }
        assert_eq!(Rule::FirstTimeCommenter.label(), "First-time commenter");
    }

    #[test]
    fn names_are_snake_case() {
        assert_eq!(Rule::TooManyLinks.as_str(), "too_many_links");
        assert_eq!(Rule::FirstTimeCommenter.as_str(), "first_time_commenter");
        for rule in Rule::ALL {
            assert!(
                rule.as_str()
                    .chars()
                    .all(|character| character.is_ascii_lowercase() || character == '_'),
                "{rule}"
            );
        }
    }
}
