//! Checks of the whole moderation pipeline: every rule firing, and their order.

use super::*;

/// A returning reader's ordinary comment, sent from the article page after a while.
fn ordinary() -> CommentFacts<'static> {
    CommentFacts {
        author: "Ada Lovelace",
        email: "ada@example.com",
        website: None,
        text: "The new bus timetable is a real improvement for the north side.",
        ip: Some("203.0.113.5"),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64)"),
        staff: false,
        honeypot_filled: false,
        form_age: FormAge::Seconds(45),
        attempts_this_hour_from_network: 1,
        seconds_since_sender_last_comment: None,
        duplicate: false,
        approved_comments_by_author: 3,
        spam_score: Some(0.1),
    }
}

fn policy_with_words() -> ModerationPolicy {
    ModerationPolicy {
        block_words: WordList::parse("casino"),
        hold_words: WordList::parse("refund"),
        ..ModerationPolicy::default()
    }
}

fn decide(facts: &CommentFacts<'_>) -> Decision {
    moderate(&policy_with_words(), facts)
}

fn assert_decided(decision: &Decision, outcome: Outcome, rule: Rule, reason: &str) {
    assert_eq!(decision.outcome, outcome, "{decision:?}");
    assert_eq!(decision.rule, Some(rule), "{decision:?}");
    assert_eq!(decision.reason.as_deref(), Some(reason), "{decision:?}");
}

#[test]
fn the_defaults_are_as_documented() {
    let policy = ModerationPolicy::default();
    assert!(!policy.manual_approval);
    assert!(policy.hold_first_time_commenters);
    assert_eq!(policy.hold_link_count, 2);
    assert!(policy.hold_words.is_empty() && policy.block_words.is_empty());
    assert!((policy.spam_threshold - 0.9).abs() < f64::EPSILON);
    assert_eq!(policy.flood_seconds, 15);
    assert_eq!(policy.rate_limit_per_hour, 10);
    assert_eq!(policy.minimum_seconds_to_write, 3);
}

#[test]
fn an_ordinary_comment_is_published_with_nothing_to_report() {
    assert_eq!(decide(&ordinary()), Decision::publish());
    let decision = moderate(&ModerationPolicy::default(), &ordinary());
    assert_eq!(decision.outcome, Outcome::Publish);
    assert_eq!(decision.rule, None);
    assert_eq!(decision.reason, None);
}

#[test]
fn rate_limit_refuses_the_attempt_over_the_limit() {
    let at_limit = CommentFacts {
        attempts_this_hour_from_network: 10,
        ..ordinary()
    };
    assert_eq!(decide(&at_limit).outcome, Outcome::Publish);

    let over = CommentFacts {
        attempts_this_hour_from_network: 11,
        ..ordinary()
    };
    assert_decided(
        &decide(&over),
        Outcome::Reject(Rejection::RateLimited {
            retry_after_seconds: 360,
        }),
        Rule::RateLimit,
        "11 comments were sent from this network within an hour; the limit is 10.",
    );

    let odd_limit = ModerationPolicy {
        rate_limit_per_hour: 7,
        ..ModerationPolicy::default()
    };
    assert_eq!(
        moderate(&odd_limit, &over).outcome,
        Outcome::Reject(Rejection::RateLimited {
            retry_after_seconds: 515,
        })
    );

    let off = ModerationPolicy {
        rate_limit_per_hour: 0,
        ..ModerationPolicy::default()
    };
    assert_eq!(moderate(&off, &over).outcome, Outcome::Publish);
}

#[test]
fn honeypot_marks_as_spam() {
    let facts = CommentFacts {
        honeypot_filled: true,
        ..ordinary()
    };
    assert_decided(
        &decide(&facts),
        Outcome::Spam,
        Rule::Honeypot,
        "A form field hidden from people was filled in, which only automated senders do.",
    );
}

#[test]
fn time_trap_catches_missing_forged_and_hasty_forms() {
    let missing = CommentFacts {
        form_age: FormAge::Missing,
        ..ordinary()
    };
    assert_decided(
        &decide(&missing),
        Outcome::Spam,
        Rule::TimeTrap,
        "The form came back without its signed token, so it was not sent from the article page.",
    );

    let forged = CommentFacts {
        form_age: FormAge::Invalid,
        ..ordinary()
    };
    assert_decided(
        &decide(&forged),
        Outcome::Spam,
        Rule::TimeTrap,
        "The form's signed token is forged or was issued for another article.",
    );

    let hasty = CommentFacts {
        form_age: FormAge::Seconds(1),
        ..ordinary()
    };
    assert_decided(
        &decide(&hasty),
        Outcome::Spam,
        Rule::TimeTrap,
        "The form was sent 1 second after it was shown; a person needs at least 3 seconds to write a comment.",
    );

    let just_in_time = CommentFacts {
        form_age: FormAge::Seconds(3),
        ..ordinary()
    };
    assert_eq!(decide(&just_in_time).outcome, Outcome::Publish);
}

#[test]
fn flood_refuses_a_comment_too_soon_after_the_last() {
    let soon = CommentFacts {
        seconds_since_sender_last_comment: Some(4),
        ..ordinary()
    };
    assert_decided(
        &decide(&soon),
        Outcome::Reject(Rejection::Flood {
            retry_after_seconds: 11,
        }),
        Rule::Flood,
        "The same sender commented 4 seconds ago; comments must be at least 15 seconds apart.",
    );

    let later = CommentFacts {
        seconds_since_sender_last_comment: Some(15),
        ..ordinary()
    };
    assert_eq!(decide(&later).outcome, Outcome::Publish);

    let off = ModerationPolicy {
        flood_seconds: 0,
        ..ModerationPolicy::default()
    };
    let at_once = CommentFacts {
        seconds_since_sender_last_comment: Some(0),
        ..ordinary()
    };
    assert_eq!(moderate(&off, &at_once).outcome, Outcome::Publish);
}

#[test]
fn duplicate_is_refused() {
    let facts = CommentFacts {
        duplicate: true,
        ..ordinary()
    };
    assert_decided(
        &decide(&facts),
        Outcome::Reject(Rejection::Duplicate),
        Rule::Duplicate,
        "The same comment from the same email address is already in the same place on this article.",
    );
}

#[test]
fn block_words_name_the_entry_and_the_field() {
    let in_website = CommentFacts {
        website: Some("https://best-Casino.example/"),
        ..ordinary()
    };
    assert_decided(
        &decide(&in_website),
        Outcome::Spam,
        Rule::BlockWords,
        "The website contains “casino”, which is on the block-words list.",
    );

    let policy = ModerationPolicy {
        block_words: WordList::parse("203.0.113.5\nEvilBot"),
        ..ModerationPolicy::default()
    };
    assert_eq!(
        moderate(&policy, &ordinary()).reason.as_deref(),
        Some("The IP address contains “203.0.113.5”, which is on the block-words list.")
    );
    let bot = CommentFacts {
        ip: None,
        user_agent: Some("evilbot/2.0"),
        ..ordinary()
    };
    assert_eq!(
        moderate(&policy, &bot).reason.as_deref(),
        Some("The browser identification contains “EvilBot”, which is on the block-words list.")
    );
}

#[test]
fn spam_classifier_marks_high_scores_as_spam() {
    let high = CommentFacts {
        spam_score: Some(0.97),
        ..ordinary()
    };
    assert_decided(
        &decide(&high),
        Outcome::Spam,
        Rule::SpamClassifier,
        "Spam score 0.97 is at or above the threshold 0.90.",
    );

    let at_threshold = CommentFacts {
        spam_score: Some(0.9),
        ..ordinary()
    };
    assert_eq!(decide(&at_threshold).rule, Some(Rule::SpamClassifier));

    let below = CommentFacts {
        spam_score: Some(0.89),
        ..ordinary()
    };
    assert_eq!(decide(&below).outcome, Outcome::Publish);

    let untrained = CommentFacts {
        spam_score: None,
        ..ordinary()
    };
    assert_eq!(decide(&untrained).outcome, Outcome::Publish);

    let off = ModerationPolicy {
        spam_threshold: 1.5,
        ..ModerationPolicy::default()
    };
    let certain = CommentFacts {
        spam_score: Some(1.0),
        ..ordinary()
    };
    assert_eq!(moderate(&off, &certain).outcome, Outcome::Publish);
}

#[test]
fn hold_words_hold() {
    let facts = CommentFacts {
        text: "I want a REFUND for my subscription.",
        ..ordinary()
    };
    assert_decided(
        &decide(&facts),
        Outcome::Hold,
        Rule::HoldWords,
        "The comment contains “refund”, which is on the hold-words list.",
    );
}

#[test]
fn too_many_links_hold() {
    let three = CommentFacts {
        text: "See http://a.example, https://b.example and www.c.example.",
        ..ordinary()
    };
    assert_decided(
        &decide(&three),
        Outcome::Hold,
        Rule::TooManyLinks,
        "The comment has 3 links; comments with 2 or more are held.",
    );

    let one_with_website = CommentFacts {
        text: "Background at https://a.example/report",
        website: Some("https://ada.example/"),
        ..ordinary()
    };
    assert_eq!(decide(&one_with_website).outcome, Outcome::Publish);

    let strict = ModerationPolicy {
        hold_link_count: 1,
        ..ModerationPolicy::default()
    };
    assert_eq!(
        moderate(&strict, &one_with_website).reason.as_deref(),
        Some("The comment has 1 link; comments with 1 or more are held.")
    );

    let off = ModerationPolicy {
        hold_link_count: 0,
        ..ModerationPolicy::default()
    };
    assert_eq!(moderate(&off, &three).outcome, Outcome::Publish);
}

#[test]
fn manual_approval_holds_everything() {
    let policy = ModerationPolicy {
        manual_approval: true,
        ..ModerationPolicy::default()
    };
    assert_decided(
        &moderate(&policy, &ordinary()),
        Outcome::Hold,
        Rule::ManualApproval,
        "Manual approval is on, so every comment waits for a moderator.",
    );
}

#[test]
fn first_time_commenters_wait() {
    let newcomer = CommentFacts {
        approved_comments_by_author: 0,
        ..ordinary()
    };
    assert_decided(
        &decide(&newcomer),
        Outcome::Hold,
        Rule::FirstTimeCommenter,
        "This name and email address have no approved comment yet, so the first one waits for a moderator.",
    );

    let trusting = ModerationPolicy {
        hold_first_time_commenters: false,
        ..ModerationPolicy::default()
    };
    assert_eq!(moderate(&trusting, &newcomer).outcome, Outcome::Publish);
}

/// Trips every check at once, then clears the one that decided: each time, the next rule in
/// [`Rule::ALL`] must be the one to decide, until the comment is published.
#[test]
fn checks_run_in_the_documented_order() {
    let mut policy = ModerationPolicy {
        manual_approval: true,
        ..policy_with_words()
    };
    let mut facts = CommentFacts {
        author: "Casino King",
        text: "Refund? Try http://a.example and http://b.example",
        honeypot_filled: true,
        form_age: FormAge::Missing,
        attempts_this_hour_from_network: 50,
        seconds_since_sender_last_comment: Some(1),
        duplicate: true,
        approved_comments_by_author: 0,
        spam_score: Some(0.99),
        ..ordinary()
    };
    for expected in Rule::ALL {
        assert_eq!(moderate(&policy, &facts).rule, Some(expected));
        match expected {
            Rule::RateLimit => facts.attempts_this_hour_from_network = 1,
            Rule::Honeypot => facts.honeypot_filled = false,
            Rule::TimeTrap => facts.form_age = FormAge::Seconds(60),
            Rule::Flood => facts.seconds_since_sender_last_comment = None,
            Rule::Duplicate => facts.duplicate = false,
            Rule::BlockWords => facts.author = "Ada",
            Rule::SpamClassifier => facts.spam_score = Some(0.2),
            Rule::HoldWords => policy.hold_words = WordList::default(),
            Rule::TooManyLinks => policy.hold_link_count = 0,
            Rule::ManualApproval => policy.manual_approval = false,
            Rule::FirstTimeCommenter => facts.approved_comments_by_author = 1,
        }
    }
    assert_eq!(moderate(&policy, &facts), Decision::publish());
}

#[test]
fn block_words_beat_hold_words() {
    let facts = CommentFacts {
        text: "Refund your losses at the casino!",
        ..ordinary()
    };
    assert_eq!(decide(&facts).rule, Some(Rule::BlockWords));
}

#[test]
fn honeypot_beats_everything_but_the_rate_limit() {
    let robot = CommentFacts {
        honeypot_filled: true,
        form_age: FormAge::Invalid,
        seconds_since_sender_last_comment: Some(0),
        duplicate: true,
        text: "casino casino http://a.example http://b.example",
        spam_score: Some(1.0),
        approved_comments_by_author: 0,
        ..ordinary()
    };
    assert_eq!(decide(&robot).rule, Some(Rule::Honeypot));

    let busy_robot = CommentFacts {
        attempts_this_hour_from_network: 11,
        ..robot
    };
    assert_eq!(decide(&busy_robot).rule, Some(Rule::RateLimit));
}

#[test]
fn staff_are_exempt_from_everything_but_the_duplicate_check() {
    let staff = CommentFacts {
        staff: true,
        honeypot_filled: true,
        form_age: FormAge::Missing,
        attempts_this_hour_from_network: 500,
        seconds_since_sender_last_comment: Some(0),
        text: "Casino refund links: http://a.example http://b.example",
        approved_comments_by_author: 0,
        spam_score: Some(1.0),
        ..ordinary()
    };
    let strict = ModerationPolicy {
        manual_approval: true,
        ..policy_with_words()
    };
    assert_eq!(moderate(&strict, &staff), Decision::publish());

    let repeated = CommentFacts {
        duplicate: true,
        ..staff
    };
    let decision = moderate(&strict, &repeated);
    assert_eq!(decision.outcome, Outcome::Reject(Rejection::Duplicate));
    assert_eq!(decision.rule, Some(Rule::Duplicate));
}
