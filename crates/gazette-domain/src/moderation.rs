//! Moderation of new reader comments: the ordered checks every comment passes, and the
//! decision they reach.
//!
//! The checks run in the order of [`Rule::ALL`] and the first decisive one sets the outcome:
//!
//! 1. rate limit: too many comments from one network within an hour are refused;
//! 2. honeypot: a filled-in hidden field marks the comment as spam;
//! 3. time trap: a missing or forged form token, or a form sent faster than a person can
//!    write, marks it as spam;
//! 4. flood: a comment too soon after the same sender's last one is refused;
//! 5. duplicate: a comment already on the article is refused;
//! 6. block words: an entry of the block-words list marks it as spam;
//! 7. spam classifier: a score at or above the threshold marks it as spam;
//! 8. hold words: an entry of the hold-words list holds it;
//! 9. too many links: as many links as the policy names, or more, hold it;
//! 10. manual approval: when on, every comment is held;
//! 11. first-time commenter: a first comment is held.
//!
//! A comment that passes them all is published. Signed-in staff who may moderate comments,
//! and an article's own author, skip every check but the duplicate one (`trusted_staff`). Every comment that is not published records the rule that decided and a
//! reason written for the moderator who will look at it.
//!
//! The caller gathers the facts (how many comments came from the sender's network, whether
//! the same comment exists, what the spam classifier thinks); this module only weighs them,
//! so it needs neither storage nor a clock.

mod checks;
mod decision;
mod facts;
mod links;
mod network;
mod policy;
mod rule;
mod trusted_staff;
mod word_list;

#[cfg(test)]
mod tests;

pub use decision::{Decision, Outcome, Rejection};
pub use facts::{CommentFacts, FormAge};
pub use links::count_links;
pub(crate) use links::{host_of, link_hosts};
pub use network::network_key;
pub use policy::{ModerationPolicy, RATE_LIMIT_WINDOW_SECONDS};
pub use rule::Rule;
pub use trusted_staff::staff_comment_is_trusted;
pub use word_list::WordList;

/// Decides what happens to a new comment under `policy`.
pub fn moderate(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Decision {
    if facts.staff {
        return checks::apply(Rule::Duplicate, policy, facts).unwrap_or_else(Decision::publish);
    }
    Rule::ALL
        .into_iter()
        .find_map(|rule| checks::apply(rule, policy, facts))
        .unwrap_or_else(Decision::publish)
}
