//! What the comment moderation templates receive for one comment: everything a moderator
//! may see of it (unlike the public views, the commenter's email and IP address too), whether
//! it is a reader's comment or another site's pingback or trackback, its article, why it
//! was held and its spam score, and the actions its status allows.

use super::actions::DeskAction;
use super::location::QueueLocation;
use crate::views::DateView;
use gazette_app::QueueEntry;
use gazette_domain::{CommentKind, CommentStatus, ModerationAction, Rule, SiteSettings};
use serde::Serialize;

/// One comment as the moderation pages show it.
#[derive(Debug, Serialize)]
pub struct CommentRowView {
    pub id: i64,
    /// `pending`, `approved`, `spam` or `trash`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// `comment`, `pingback` or `trackback`.
    pub kind: &'static str,
    /// `Pingback` or `Trackback` for another site's notice that it linked here; absent
    /// for a reader's comment.
    pub kind_label: Option<&'static str>,
    pub author: String,
    pub email: String,
    /// The queue searching for this email address.
    pub email_search_url: String,
    pub website: Option<String>,
    pub ip: Option<String>,
    /// The queue searching for this IP address.
    pub ip_search_url: Option<String>,
    /// Made inert when the comment was saved.
    pub html: String,
    pub posted: DateView,
    /// The moderation rule that held it or sent it to the spam, in words.
    pub rule: Option<String>,
    /// Why, written for moderators.
    pub reason: Option<String>,
    /// The spam classifier's score when it arrived, as a percentage (`87%`).
    pub spam_score: Option<String>,
    /// Written by a signed-in member of staff.
    pub by_staff: bool,
    pub reply_to: Option<ReplyToView>,
    pub article: ArticleLinkView,
    pub actions: Vec<RowActionView>,
    /// The page to answer it from, when it can be answered.
    pub reply_url: Option<String>,
    pub history_url: String,
    /// Whether its box is ticked (kept when the queue comes back with an error).
    pub ticked: bool,
}

/// The comment a reply answers.
#[derive(Debug, Serialize)]
pub struct ReplyToView {
    pub id: i64,
    /// Absent when that comment was deleted.
    pub author: Option<String>,
    pub history_url: String,
}

/// The article a comment is on.
#[derive(Debug, Serialize)]
pub struct ArticleLinkView {
    pub id: i64,
    pub title: String,
    /// Its public page, while readers can see it.
    pub public_url: Option<String>,
    pub edit_url: String,
    /// The queue limited to its comments.
    pub filter_url: String,
}

/// A button on a comment's row.
#[derive(Debug, Serialize)]
pub struct RowActionView {
    /// The form value: `approve:12`.
    pub value: String,
    pub label: &'static str,
    /// The key that presses it on the focused row.
    pub shortcut: Option<&'static str>,
    pub danger: bool,
    /// The question asked before it goes ahead.
    pub confirm: Option<String>,
}

/// Links between the numbered pages of a list.
#[derive(Debug, Serialize)]
pub struct PagesView {
    pub current: u32,
    pub total: u32,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

impl PagesView {
    /// Page `current` of `total`, with `url_of` giving each page's address.
    pub fn new(current: u32, total: u32, url_of: impl Fn(u32) -> String) -> Self {
        Self {
            current,
            total,
            previous_url: (current > 1).then(|| url_of(current - 1)),
            next_url: (current < total).then(|| url_of(current + 1)),
        }
    }
}

/// The actions a comment in `status` offers, as WordPress's rows do.
pub fn actions_for(status: CommentStatus) -> &'static [DeskAction] {
    use ModerationAction::{Approve, NotSpam, Restore, Spam, Trash, Unapprove};
    match status {
        CommentStatus::Pending => &[
            DeskAction::Moderate(Approve),
            DeskAction::Moderate(Spam),
            DeskAction::Moderate(Trash),
        ],
        CommentStatus::Approved => &[
            DeskAction::Moderate(Unapprove),
            DeskAction::Moderate(Spam),
            DeskAction::Moderate(Trash),
        ],
        CommentStatus::Spam => &[
            DeskAction::Moderate(NotSpam),
            DeskAction::Moderate(Trash),
            DeskAction::Delete,
        ],
        CommentStatus::Trash => &[
            DeskAction::Moderate(Restore),
            DeskAction::Moderate(Spam),
            DeskAction::Delete,
        ],
    }
}

/// A kind of comment as moderators read it in a list of them: `comments`, `pingbacks`,
/// `trackbacks`.
pub fn kind_plural(kind: CommentKind) -> &'static str {
    match kind {
        CommentKind::Comment => "comments",
        CommentKind::Pingback => "pingbacks",
        CommentKind::Trackback => "trackbacks",
    }
}

/// The label of another site's notice that it linked here; none for a reader's comment.
pub fn kind_label(kind: CommentKind) -> Option<&'static str> {
    match kind {
        CommentKind::Comment => None,
        CommentKind::Pingback => Some("Pingback"),
        CommentKind::Trackback => Some("Trackback"),
    }
}

/// A status as moderators read it.
pub fn status_label(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Pending => "Pending",
        CommentStatus::Approved => "Approved",
        CommentStatus::Spam => "Spam",
        CommentStatus::Trash => "Trash",
    }
}

/// `0.873` as `87%`.
fn percentage(score: f64) -> String {
    format!("{:.0}%", (score * 100.0).clamp(0.0, 100.0))
}

/// The comment's page on the desk: its moderation history.
pub fn history_url(id: i64) -> String {
    format!("/desk/comments/{id}/log")
}

impl CommentRowView {
    /// `entry` on a page at `location` (where its links and actions lead back to).
    pub fn new(entry: QueueEntry, settings: &SiteSettings, location: &QueueLocation) -> Self {
        let comment = entry.comment;
        let id = comment.id.get();
        let actions = actions_for(comment.status)
            .iter()
            .map(|action| RowActionView {
                value: format!("{}:{id}", action.as_str()),
                label: action.label(),
                shortcut: action.shortcut(),
                danger: *action == DeskAction::Delete,
                confirm: (*action == DeskAction::Delete).then(|| {
                    format!(
                        "Delete {}’s comment for good? This cannot be undone.",
                        comment.author_name
                    )
                }),
            })
            .collect();
        Self {
            id,
            status: comment.status.as_str(),
            status_label: status_label(comment.status),
            kind: comment.kind.as_str(),
            kind_label: kind_label(comment.kind),
            email_search_url: location.with_search(&comment.author_email).url(),
            ip_search_url: comment
                .ip
                .as_deref()
                .map(|ip| location.with_search(ip).url()),
            author: comment.author_name,
            email: comment.author_email,
            website: comment.author_url,
            ip: comment.ip,
            html: comment.html,
            posted: DateView::with_time(comment.created_at, settings),
            rule: comment
                .moderation_rule
                .map(|rule| match Rule::parse(&rule) {
                    Some(known) => known.label().to_owned(),
                    None => rule,
                }),
            reason: comment.moderation_reason,
            spam_score: comment.spam_score.map(percentage),
            by_staff: comment.user_id.is_some(),
            reply_to: comment.parent_id.map(|parent| ReplyToView {
                id: parent.get(),
                author: entry.replying_to,
                history_url: history_url(parent.get()),
            }),
            article: ArticleLinkView {
                id: entry.article_id.get(),
                title: entry.article_title,
                public_url: entry.article_path,
                edit_url: format!("/desk/articles/{}/edit", entry.article_id),
                filter_url: location.with_article(Some(entry.article_id)).url(),
            },
            actions,
            reply_url: entry
                .answerable
                .then(|| location.url_of(&format!("/desk/comments/{id}/reply"))),
            history_url: history_url(id),
            ticked: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_read_as_whole_percentages() {
        assert_eq!(percentage(0.873), "87%");
        assert_eq!(percentage(0.0), "0%");
        assert_eq!(percentage(1.0), "100%");
    }

    #[test]
    fn deleting_for_good_is_offered_only_in_the_spam_and_the_trash() {
        for status in CommentStatus::ALL {
            let offers_delete = actions_for(status).contains(&DeskAction::Delete);
            assert_eq!(
                offers_delete,
                matches!(status, CommentStatus::Spam | CommentStatus::Trash),
                "{status}"
            );
        }
    }
}
