//! The site's moderation settings: which checks are on and where their limits lie.

use super::word_list::WordList;

/// The window the rate limit counts a network's comments in: one hour.
pub const RATE_LIMIT_WINDOW_SECONDS: u64 = 3600;

/// How strict moderation is. The defaults suit a small news site: links and first comments
/// wait for a moderator, robots and floods are stopped, everything else is published.
#[derive(Clone, Debug, PartialEq)]
pub struct ModerationPolicy {
    /// Hold every comment for a moderator. Off by default.
    pub manual_approval: bool,
    /// Hold a comment when its author (same name and email address) has no approved comment
    /// yet. On by default.
    pub hold_first_time_commenters: bool,
    /// Hold a comment with this many links or more; `0` turns the check off. Default `2`.
    pub hold_link_count: u32,
    /// Hold a comment that contains one of these entries. Empty by default.
    pub hold_words: WordList,
    /// Mark as spam a comment that contains one of these entries. Empty by default.
    pub block_words: WordList,
    /// Mark as spam a comment the classifier scores at or above this; a value above `1.0`
    /// turns the check off. Default `0.9`.
    pub spam_threshold: f64,
    /// The fewest seconds between two comments from the same sender; `0` turns the check
    /// off. Default `15`.
    pub flood_seconds: u64,
    /// The most comments one network may send within an hour; `0` turns the check off.
    /// Default `10`.
    pub rate_limit_per_hour: u32,
    /// The fewest seconds a person needs between seeing the form and sending it. Default `3`.
    pub minimum_seconds_to_write: u64,
}

impl Default for ModerationPolicy {
    fn default() -> Self {
        Self {
            manual_approval: false,
            hold_first_time_commenters: true,
            hold_link_count: 2,
            hold_words: WordList::default(),
            block_words: WordList::default(),
            spam_threshold: 0.9,
            flood_seconds: 15,
            rate_limit_per_hour: 10,
            minimum_seconds_to_write: 3,
        }
    }
}
