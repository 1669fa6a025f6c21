//! Saving an article from the editor: which button was pressed, where that leaves the
//! article in its life (draft → pending review → scheduled → published), and which
//! permission that move needs.
//!
//! The editor has one "Publish at" field. Empty means "now" (or, for an article already
//! public, its existing date). A time in the future turns publishing into scheduling; a
//! time in the past back-dates the article. Drafts and articles pending review keep the
//! chosen time, so an editor who approves a submission publishes it when its writer asked.

use crate::article::ArticleStatus;
use crate::field_errors::FieldErrors;
use crate::permissions::ArticleAction;
use crate::time::Timestamp;

/// The button an editor pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveIntent {
    /// "Save draft" (on a scheduled or published article: "Switch to draft").
    Draft,
    /// "Submit for review".
    Review,
    /// "Publish" or "Schedule", depending on the time chosen.
    Publish,
    /// "Update": keep the article where it is in its life.
    Keep,
}

impl SaveIntent {
    /// Reads the value of the editor's submit button.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "draft" => Some(Self::Draft),
            "review" => Some(Self::Review),
            "publish" => Some(Self::Publish),
            "keep" => Some(Self::Keep),
            _ => None,
        }
    }
}

/// Where an article stands before a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Its status.
    pub status: ArticleStatus,
    /// Its publication time, or the time chosen for it.
    pub published_at: Option<Timestamp>,
}

/// Where a save leaves the article, and what the person saving needs to be allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The new status.
    pub status: ArticleStatus,
    /// The new publication time (for drafts and pending articles: the chosen one, if any).
    pub published_at: Option<Timestamp>,
    /// The permission the move needs, on top of editing the article.
    pub action: ArticleAction,
}

/// Works out the article's next standing. `before` is `None` for a new article;
/// `chosen_time` is what the "Publish at" field holds.
pub fn transition(
    before: Option<Standing>,
    intent: SaveIntent,
    chosen_time: Option<Timestamp>,
    now: Timestamp,
) -> Result<Transition, FieldErrors> {
    let was_public = before.is_some_and(|standing| {
        matches!(
            standing.status,
            ArticleStatus::Scheduled | ArticleStatus::Published
        )
    });
    let existing_time = before.and_then(|standing| standing.published_at);
    let plain_edit = if before.is_some() {
        ArticleAction::Edit
    } else {
        ArticleAction::Create
    };
    match intent {
        SaveIntent::Draft => Ok(Transition {
            status: ArticleStatus::Draft,
            published_at: chosen_time.or(if was_public { None } else { existing_time }),
            action: if was_public {
                ArticleAction::Unpublish
            } else {
                plain_edit
            },
        }),
        SaveIntent::Review => {
            if was_public {
                return Err(FieldErrors::single(
                    "status",
                    "This article is already scheduled or published; switch it to a draft first if it needs another review.",
                ));
            }
            Ok(Transition {
                status: ArticleStatus::Pending,
                published_at: chosen_time.or(existing_time),
                action: ArticleAction::SubmitForReview,
            })
        }
        SaveIntent::Publish => Ok(going_public(chosen_time.or(existing_time), now)),
        SaveIntent::Keep => match before {
            Some(standing) if was_public => {
                Ok(going_public(chosen_time.or(standing.published_at), now))
            }
            Some(standing) => Ok(Transition {
                status: standing.status,
                published_at: chosen_time.or(standing.published_at),
                action: plain_edit,
            }),
            None => Ok(Transition {
                status: ArticleStatus::Draft,
                published_at: chosen_time,
                action: plain_edit,
            }),
        },
    }
}

/// Publishing at `time` (now when absent): scheduled when the time is still to come.
fn going_public(time: Option<Timestamp>, now: Timestamp) -> Transition {
    let time = time.unwrap_or(now);
    if time > now {
        Transition {
            status: ArticleStatus::Scheduled,
            published_at: Some(time),
            action: ArticleAction::Schedule,
        }
    } else {
        Transition {
            status: ArticleStatus::Published,
            published_at: Some(time),
            action: ArticleAction::Publish,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_microseconds(seconds * 1_000_000).unwrap()
    }

    const NOW: i64 = 1_000_000;

    fn standing(status: ArticleStatus, published_at: Option<i64>) -> Standing {
        Standing {
            status,
            published_at: published_at.map(at),
        }
    }

    fn moved(
        before: Option<Standing>,
        intent: SaveIntent,
        chosen: Option<i64>,
    ) -> (ArticleStatus, Option<i64>, ArticleAction) {
        let transition = transition(before, intent, chosen.map(at), at(NOW)).unwrap();
        (
            transition.status,
            transition
                .published_at
                .map(|time| time.as_microseconds() / 1_000_000),
            transition.action,
        )
    }

    #[test]
    fn a_new_article_can_be_saved_submitted_published_or_scheduled() {
        use ArticleAction::{Create, Publish, Schedule, SubmitForReview};
        use ArticleStatus::{Draft, Pending, Published, Scheduled};
        assert_eq!(moved(None, SaveIntent::Draft, None), (Draft, None, Create));
        assert_eq!(moved(None, SaveIntent::Keep, None), (Draft, None, Create));
        assert_eq!(
            moved(None, SaveIntent::Review, Some(NOW + 60)),
            (Pending, Some(NOW + 60), SubmitForReview)
        );
        assert_eq!(
            moved(None, SaveIntent::Publish, None),
            (Published, Some(NOW), Publish)
        );
        assert_eq!(
            moved(None, SaveIntent::Publish, Some(NOW - 86_400)),
            (Published, Some(NOW - 86_400), Publish),
            "a time in the past back-dates"
        );
        assert_eq!(
            moved(None, SaveIntent::Publish, Some(NOW + 3600)),
            (Scheduled, Some(NOW + 3600), Schedule),
            "a time to come schedules"
        );
    }

    #[test]
    fn a_published_article_keeps_its_date_unless_another_is_chosen() {
        use ArticleStatus::{Draft, Published, Scheduled};
        let published = Some(standing(Published, Some(NOW - 500)));
        assert_eq!(
            moved(published, SaveIntent::Keep, None),
            (Published, Some(NOW - 500), ArticleAction::Publish)
        );
        assert_eq!(
            moved(published, SaveIntent::Keep, Some(NOW + 100)),
            (Scheduled, Some(NOW + 100), ArticleAction::Schedule),
            "moving the date into the future schedules it again"
        );
        assert_eq!(
            moved(published, SaveIntent::Draft, None),
            (Draft, None, ArticleAction::Unpublish)
        );
        assert!(
            transition(published, SaveIntent::Review, None, at(NOW)).is_err(),
            "a published article is not sent back to review"
        );
    }

    #[test]
    fn an_approved_submission_is_published_at_the_time_its_writer_chose() {
        let pending = Some(standing(ArticleStatus::Pending, Some(NOW + 7200)));
        assert_eq!(
            moved(pending, SaveIntent::Publish, None),
            (
                ArticleStatus::Scheduled,
                Some(NOW + 7200),
                ArticleAction::Schedule
            )
        );
        assert_eq!(
            moved(pending, SaveIntent::Keep, None),
            (
                ArticleStatus::Pending,
                Some(NOW + 7200),
                ArticleAction::Edit
            )
        );
    }

    #[test]
    fn a_scheduled_article_that_is_kept_after_its_time_is_published() {
        let scheduled = Some(standing(ArticleStatus::Scheduled, Some(NOW - 1)));
        assert_eq!(
            moved(scheduled, SaveIntent::Keep, None),
            (
                ArticleStatus::Published,
                Some(NOW - 1),
                ArticleAction::Publish
            )
        );
    }

    #[test]
    fn intents_are_read_from_the_buttons() {
        for (text, intent) in [
            ("draft", SaveIntent::Draft),
            ("review", SaveIntent::Review),
            ("publish", SaveIntent::Publish),
            ("keep", SaveIntent::Keep),
        ] {
            assert_eq!(SaveIntent::parse(text), Some(intent));
        }
        assert_eq!(SaveIntent::parse("delete"), None);
    }
}
