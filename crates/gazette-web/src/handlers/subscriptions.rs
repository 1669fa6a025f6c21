//! The links in reply-notification mail: confirming an address, and unsubscribing with one
//! click (a `POST`, as RFC 8058 mail programs send, or the button on the page a `GET`
//! shows — a link opened by a mail scanner must not unsubscribe anyone).

use super::theme_failure;
use crate::error::WebError;
use crate::responses::html_uncacheable;
use crate::state::WebState;
use crate::views::{NoticeAction, NoticePage, NoticeView, SiteView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

async fn notice(state: &WebState, notice: NoticeView) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let page = NoticePage {
        site: SiteView::new(&settings, state.app.clock().now()),
        notice,
    };
    let html = state
        .theme
        .render("notice.html", &page)
        .map_err(theme_failure)?;
    Ok(html_uncacheable(StatusCode::OK, html))
}

fn back_home() -> (String, String) {
    ("/".to_owned(), "Go to the front page".to_owned())
}

/// `GET /comments/confirm/{token}`.
pub async fn confirm(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let email = state.app.confirm_commenter_address(&token).await?;
    let (back_url, back_label) = back_home();
    notice(
        &state,
        NoticeView {
            title: "Address confirmed".to_owned(),
            message: format!(
                "Thank you. Replies to your comments will now be sent to {email}. Every email has a link to stop them."
            ),
            action: None,
            back_url,
            back_label,
        },
    )
    .await
}

/// `GET /comments/unsubscribe/{token}`: a page with the button that unsubscribes.
pub async fn unsubscribe_page(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let (back_url, back_label) = back_home();
    let view = match state.app.reply_subscription(&token).await? {
        Some(subscription) => NoticeView {
            title: "Stop reply emails".to_owned(),
            message: format!(
                "Press the button to stop emails to {} about replies to this comment.",
                subscription.email
            ),
            action: Some(NoticeAction {
                url: format!("/comments/unsubscribe/{token}"),
                label: "Unsubscribe".to_owned(),
            }),
            back_url,
            back_label,
        },
        None => NoticeView {
            title: "Already unsubscribed".to_owned(),
            message: "No more emails will be sent about replies to this comment.".to_owned(),
            action: None,
            back_url,
            back_label,
        },
    };
    notice(&state, view).await
}

/// `POST /comments/unsubscribe/{token}`: unsubscribes at once.
pub async fn unsubscribe(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    state.app.unsubscribe_from_replies(&token).await?;
    let (back_url, back_label) = back_home();
    notice(
        &state,
        NoticeView {
            title: "Unsubscribed".to_owned(),
            message: "You will get no more emails about replies to this comment.".to_owned(),
            action: None,
            back_url,
            back_label,
        },
    )
    .await
}
