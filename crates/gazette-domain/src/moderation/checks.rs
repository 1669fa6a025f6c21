//! The moderation checks one by one: when each is decisive, what it decides, and the reason
//! it gives the moderator.

use super::decision::{Decision, Outcome, Rejection};
use super::facts::{CommentFacts, FormAge};
use super::links::count_links;
use super::policy::{ModerationPolicy, RATE_LIMIT_WINDOW_SECONDS};
use super::rule::Rule;
use super::word_list::WordList;

/// What a decisive check found: the outcome and the reason for it.
type Finding = (Outcome, String);

/// Runs the check named by `rule`: `None` when it has nothing to say about the comment.
pub(super) fn apply(
    rule: Rule,
    policy: &ModerationPolicy,
    facts: &CommentFacts<'_>,
) -> Option<Decision> {
    let finding = match rule {
        Rule::RateLimit => rate_limit(policy, facts),
        Rule::Honeypot => honeypot(facts),
        Rule::TimeTrap => time_trap(policy, facts),
        Rule::Flood => flood(policy, facts),
        Rule::Duplicate => duplicate(facts),
        Rule::BlockWords => block_words(policy, facts),
        Rule::SpamClassifier => spam_classifier(policy, facts),
        Rule::HoldWords => hold_words(policy, facts),
        Rule::TooManyLinks => too_many_links(policy, facts),
        Rule::ManualApproval => manual_approval(policy),
        Rule::FirstTimeCommenter => first_time_commenter(policy, facts),
    };
    finding.map(|(outcome, reason)| Decision::by_rule(outcome, rule, reason))
}

/// Refuses a comment when the sender's network went over the hourly limit. The checks do not
/// know when the earlier attempts were made, so the sender is asked to wait for the pace
/// the limit allows: the hour divided by the limit, rounded up.
fn rate_limit(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    let limit = policy.rate_limit_per_hour;
    let attempts = facts.attempts_this_hour_from_network;
    (limit > 0 && attempts > limit).then(|| {
        let retry_after_seconds = RATE_LIMIT_WINDOW_SECONDS.div_ceil(u64::from(limit));
        (
            Outcome::Reject(Rejection::RateLimited {
                retry_after_seconds,
            }),
            format!(
                "{} were sent from this network within an hour; the limit is {limit}.",
                count_of(u64::from(attempts), "comment")
            ),
        )
    })
}

/// Marks as spam a comment whose hidden field was filled in.
fn honeypot(facts: &CommentFacts<'_>) -> Option<Finding> {
    facts.honeypot_filled.then(|| {
        (
            Outcome::Spam,
            "A form field hidden from people was filled in, which only automated senders do."
                .to_owned(),
        )
    })
}

/// Marks as spam a comment whose form token is missing or forged, or that was sent faster
/// than a person can write.
fn time_trap(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    let reason = match facts.form_age {
        FormAge::Missing => {
            "The form came back without its signed token, so it was not sent from the article page."
                .to_owned()
        }
        FormAge::Invalid => {
            "The form's signed token is forged or was issued for another article.".to_owned()
        }
        FormAge::Seconds(seconds) if seconds < policy.minimum_seconds_to_write => format!(
            "The form was sent {} after it was shown; a person needs at least {} to write a comment.",
            count_of(seconds, "second"),
            count_of(policy.minimum_seconds_to_write, "second")
        ),
        FormAge::Seconds(_) => return None,
    };
    Some((Outcome::Spam, reason))
}

/// Refuses a comment sent too soon after the same sender's previous one.
fn flood(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    let elapsed = facts.seconds_since_sender_last_comment?;
    let minimum = policy.flood_seconds;
    (elapsed < minimum).then(|| {
        (
            Outcome::Reject(Rejection::Flood {
                retry_after_seconds: minimum - elapsed,
            }),
            format!(
                "The same sender commented {} ago; comments must be at least {} apart.",
                count_of(elapsed, "second"),
                count_of(minimum, "second")
            ),
        )
    })
}

/// Refuses a comment that is already on the article.
fn duplicate(facts: &CommentFacts<'_>) -> Option<Finding> {
    facts.duplicate.then(|| {
        (
            Outcome::Reject(Rejection::Duplicate),
            "The same comment from the same email address is already in the same place on this article."
                .to_owned(),
        )
    })
}

/// Marks as spam a comment that contains a block-words entry.
fn block_words(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    word_list_match(&policy.block_words, facts).map(|(field, entry)| {
        (
            Outcome::Spam,
            format!("The {field} contains “{entry}”, which is on the block-words list."),
        )
    })
}

/// Marks as spam a comment the classifier scores at or above the threshold.
fn spam_classifier(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    let score = facts.spam_score?;
    let threshold = policy.spam_threshold;
    (threshold <= 1.0 && score >= threshold).then(|| {
        (
            Outcome::Spam,
            format!("Spam score {score:.2} is at or above the threshold {threshold:.2}."),
        )
    })
}

/// Holds a comment that contains a hold-words entry.
fn hold_words(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    word_list_match(&policy.hold_words, facts).map(|(field, entry)| {
        (
            Outcome::Hold,
            format!("The {field} contains “{entry}”, which is on the hold-words list."),
        )
    })
}

/// Holds a comment with as many links as the policy allows, or more. The website field is
/// not counted: it is one address the commenter is expected to give.
fn too_many_links(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    let limit = u64::from(policy.hold_link_count);
    let links = u64::try_from(count_links(facts.text)).unwrap_or(u64::MAX);
    (limit > 0 && links >= limit).then(|| {
        (
            Outcome::Hold,
            format!(
                "The comment has {}; comments with {limit} or more are held.",
                count_of(links, "link")
            ),
        )
    })
}

/// Holds every comment when manual approval is on.
fn manual_approval(policy: &ModerationPolicy) -> Option<Finding> {
    policy.manual_approval.then(|| {
        (
            Outcome::Hold,
            "Manual approval is on, so every comment waits for a moderator.".to_owned(),
        )
    })
}

/// Holds a comment from someone with no approved comment yet.
fn first_time_commenter(policy: &ModerationPolicy, facts: &CommentFacts<'_>) -> Option<Finding> {
    (policy.hold_first_time_commenters && facts.approved_comments_by_author == 0).then(|| {
        (
            Outcome::Hold,
            "This name and email address have no approved comment yet, so the first one waits for a moderator."
                .to_owned(),
        )
    })
}

/// The first field, in a fixed order, in which an entry of `list` appears: the field's name
/// as a moderator knows it, and the entry as written in the list.
fn word_list_match<'list>(
    list: &'list WordList,
    facts: &CommentFacts<'_>,
) -> Option<(&'static str, &'list str)> {
    if list.is_empty() {
        return None;
    }
    let fields = [
        ("name", Some(facts.author)),
        ("email address", Some(facts.email)),
        ("website", facts.website),
        ("comment", Some(facts.text)),
        ("IP address", facts.ip),
        ("browser identification", facts.user_agent),
    ];
    fields.into_iter().find_map(|(field, value)| {
        value
            .and_then(|value| list.find(value))
            .map(|entry| (field, entry))
    })
}

/// `1 second`, `3 seconds`: a count with its noun, for reasons.
fn count_of(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
