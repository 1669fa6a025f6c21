//! Acting on comments from the queue: one comment through its row's button
//! (`row=approve:12`), or every ticked comment (`comment=12&comment=13`) through the bulk
//! action or the "delete for good" button. All or nothing: when any comment named is gone,
//! nothing changes and the queue comes back with the reason next to the bulk actions.

use super::location::QueueLocation;
use super::queue::{BulkForm, render_queue};
use crate::desk_frame::see_other_with_notice;
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::{Actor, AppError};
use gazette_domain::{Capability, CommentId, ModerationAction};

/// What a moderator can do to a comment from the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskAction {
    /// A change of status.
    Moderate(ModerationAction),
    /// Deleting for good.
    Delete,
}

impl DeskAction {
    /// Every action, in the order the desk offers them.
    const ALL: [Self; 7] = [
        Self::Moderate(ModerationAction::Approve),
        Self::Moderate(ModerationAction::Unapprove),
        Self::Moderate(ModerationAction::Spam),
        Self::Moderate(ModerationAction::NotSpam),
        Self::Moderate(ModerationAction::Trash),
        Self::Moderate(ModerationAction::Restore),
        Self::Delete,
    ];

    /// The name in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Moderate(action) => action.as_str(),
            Self::Delete => "delete",
        }
    }

    /// Reads a name from a form.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == text)
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Moderate(ModerationAction::Approve) => "Approve",
            Self::Moderate(ModerationAction::Unapprove) => "Unapprove",
            Self::Moderate(ModerationAction::Spam) => "Spam",
            Self::Moderate(ModerationAction::NotSpam) => "Not spam",
            Self::Moderate(ModerationAction::Trash) => "Trash",
            Self::Moderate(ModerationAction::Restore) => "Restore",
            Self::Delete => "Delete for good",
        }
    }

    /// What was done, to follow "3 comments".
    pub fn done(self) -> &'static str {
        match self {
            Self::Moderate(ModerationAction::Approve) => "approved",
            Self::Moderate(ModerationAction::Unapprove) => "sent back to pending",
            Self::Moderate(ModerationAction::Spam) => "marked as spam",
            Self::Moderate(ModerationAction::NotSpam) => "taken out of the spam",
            Self::Moderate(ModerationAction::Trash) => "moved to the trash",
            Self::Moderate(ModerationAction::Restore) => "restored",
            Self::Delete => "deleted for good",
        }
    }

    /// The key that does it to the focused row, when there is one.
    pub fn shortcut(self) -> Option<&'static str> {
        match self {
            Self::Moderate(ModerationAction::Approve) => Some("a"),
            Self::Moderate(ModerationAction::Unapprove) => Some("u"),
            Self::Moderate(ModerationAction::Spam) => Some("s"),
            Self::Moderate(ModerationAction::Trash) => Some("t"),
            Self::Moderate(ModerationAction::NotSpam | ModerationAction::Restore)
            | Self::Delete => None,
        }
    }
}

/// The notice after `action` changed `count` comments.
fn notice(action: DeskAction, count: usize) -> String {
    match count {
        0 => format!(
            "Nothing changed: no comment chosen was in a state that “{}” changes.",
            action.label()
        ),
        1 => format!("1 comment {}.", action.done()),
        _ => format!("{count} comments {}.", action.done()),
    }
}

/// What the form asks for.
struct ModerationRequest {
    action: DeskAction,
    ids: Vec<CommentId>,
}

/// Reads the request; when it cannot be carried out, the bulk form as sent with the
/// reason.
fn read_request(form: &FormFields) -> Result<ModerationRequest, BulkForm> {
    let ticked: Vec<&str> = form.all("comment").collect();
    let ticked_ids: Vec<CommentId> = ticked
        .iter()
        .filter_map(|id| id.parse::<i64>().ok().filter(|id| *id > 0).map(CommentId))
        .collect();
    let chosen = form.text("bulk_action");
    let refuse = |message: &str| BulkForm {
        chosen: chosen.clone(),
        ticked: ticked_ids.clone(),
        error: Some(message.to_owned()),
    };
    if let Some(row) = form.get("row") {
        return row
            .split_once(':')
            .and_then(|(action, id)| {
                let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
                Some(ModerationRequest {
                    action: DeskAction::parse(action)?,
                    ids: vec![CommentId(id)],
                })
            })
            .ok_or_else(|| {
                refuse("That button did not name a comment and an action. Reload the page and try again.")
            });
    }
    let action = if form.get("apply") == Some("delete") {
        Some(DeskAction::Delete)
    } else {
        DeskAction::parse(&chosen)
    };
    if ticked.is_empty() {
        return Err(refuse(
            "Tick at least one comment, then choose what to do with them.",
        ));
    }
    if ticked_ids.len() != ticked.len() {
        return Err(refuse(
            "Some ticked boxes did not name a comment. Reload the page and tick them again.",
        ));
    }
    let Some(action) = action else {
        return Err(refuse("Choose what to do with the ticked comments."));
    };
    Ok(ModerationRequest {
        action,
        ids: ticked_ids,
    })
}

/// `POST /desk/comments/moderate`.
pub async fn moderate(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    staff.require(Capability::ModerateComments)?;
    let mut location = QueueLocation::from_form(&form)?;
    let request = match read_request(&form) {
        Ok(request) => request,
        Err(bulk) => {
            return render_queue(
                &state,
                &staff,
                &headers,
                &location,
                bulk,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let actor = Actor::staff_member(&staff.0.user);
    let outcome = match request.action {
        DeskAction::Delete => state.app.delete_comments(&request.ids, &actor).await,
        DeskAction::Moderate(action) => {
            state
                .app
                .moderate_comments(&request.ids, action, &actor)
                .await
        }
    };
    match outcome {
        Ok(count) => {
            let pages = state
                .app
                .comment_queue_page_count(&location.query())
                .await?;
            location.page = location.page.min(pages);
            see_other_with_notice(&state, &location.url(), &notice(request.action, count)).await
        }
        Err(AppError::NotFound(message)) => {
            let bulk = BulkForm {
                chosen: form.text("bulk_action"),
                ticked: request.ids,
                error: Some(message),
            };
            render_queue(
                &state,
                &staff,
                &headers,
                &location,
                bulk,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_say_what_they_did() {
        for action in DeskAction::ALL {
            assert_eq!(DeskAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(DeskAction::parse("Approve"), None);
        assert_eq!(
            notice(DeskAction::Moderate(ModerationAction::Approve), 2),
            "2 comments approved."
        );
        assert_eq!(notice(DeskAction::Delete, 1), "1 comment deleted for good.");
        assert!(
            notice(DeskAction::Moderate(ModerationAction::Restore), 0)
                .starts_with("Nothing changed")
        );
    }

    #[test]
    fn requests_name_an_action_and_comments() {
        let row = read_request(&FormFields::parse(b"row=spam%3A12&comment=3"))
            .ok()
            .unwrap();
        assert_eq!(
            (row.action.as_str(), row.ids),
            ("spam", vec![CommentId(12)])
        );
        let bulk = read_request(&FormFields::parse(b"bulk_action=trash&comment=3&comment=4"))
            .ok()
            .unwrap();
        assert_eq!(bulk.ids, [CommentId(3), CommentId(4)]);
        let delete = read_request(&FormFields::parse(
            b"apply=delete&bulk_action=approve&comment=5",
        ))
        .ok()
        .unwrap();
        assert_eq!(delete.action, DeskAction::Delete);
        for body in [
            &b"bulk_action=trash"[..],
            b"comment=3",
            b"bulk_action=trash&comment=x",
            b"row=approve",
            b"row=launch%3A3",
            b"bulk_action=launch&comment=3",
        ] {
            let refused = read_request(&FormFields::parse(body)).err().unwrap();
            assert!(refused.error.is_some(), "{}", String::from_utf8_lossy(body));
        }
    }
}
