//! The queue page, `GET /desk/comments/`: status links with counts, the article filter,
//! the kind filter (readers' comments, pingbacks, trackbacks), the search, one page of comments newest first with their actions, the bulk actions and
//! the keyboard shortcuts. The same page comes back (422) when a bulk action could not be
//! carried out, with the reason next to the bulk actions and the boxes still ticked.

use super::actions::DeskAction;
use super::location::{HiddenField, QueueLocation};
use super::views::{CommentRowView, PagesView, kind_plural, status_label};
use crate::desk_frame::{DeskSection, render_desk};
use crate::error::WebError;
use crate::staff::Staff;
use crate::state::WebState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::QueueView;
use gazette_domain::{Capability, CommentId, CommentKind, CommentStatus, ModerationAction};
use serde::Serialize;
use std::collections::BTreeMap;

/// The bulk actions as the moderator left them.
#[derive(Debug, Default)]
pub struct BulkForm {
    /// The action chosen in the list.
    pub chosen: String,
    /// The ticked comments.
    pub ticked: Vec<CommentId>,
    /// Why the action was not carried out.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
struct QueuePage {
    /// The article the queue is limited to.
    article: Option<ArticleFilterView>,
    views: Vec<ViewLinkView>,
    /// The view shown: `pending`, …, `all`.
    view: &'static str,
    view_label: &'static str,
    search: SearchView,
    /// The kinds the queue can be limited to, with `""` for every kind.
    kinds: Vec<OptionView>,
    /// The kind chosen: `comment`, `pingback`, `trackback`, or `""` for every kind.
    kind: &'static str,
    /// What the listed comments are called: `comments`, `pingbacks` or `trackbacks`.
    kind_plural: &'static str,
    /// The view and article, for the filter form.
    filter_fields: Vec<HiddenField>,
    /// The whole place, for the moderation form.
    location_fields: Vec<HiddenField>,
    rows: Vec<CommentRowView>,
    bulk: BulkView,
    pagination: PagesView,
}

#[derive(Debug, Serialize)]
struct ArticleFilterView {
    title: String,
    clear_url: String,
}

#[derive(Debug, Serialize)]
struct ViewLinkView {
    label: &'static str,
    count: u64,
    url: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct SearchView {
    value: String,
    /// The same list without the search, when there is one.
    clear_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct OptionView {
    value: &'static str,
    label: &'static str,
}

#[derive(Debug, Serialize)]
struct BulkView {
    options: Vec<OptionView>,
    chosen: String,
    /// The error next to the list of actions, under the field's name.
    errors: BTreeMap<&'static str, String>,
    /// Whether the ticked comments can be deleted for good from here (spam and trash).
    offers_delete: bool,
}

fn view_label(view: QueueView) -> &'static str {
    match view {
        QueueView::Status(status) => status_label(status),
        QueueView::All => "All",
    }
}

/// A kind of comment in the filter's list.
fn kind_option_label(kind: CommentKind) -> &'static str {
    match kind {
        CommentKind::Comment => "Comments",
        CommentKind::Pingback => "Pingbacks",
        CommentKind::Trackback => "Trackbacks",
    }
}

/// The bulk actions offered in `view`; deleting for good has a button of its own.
fn bulk_actions(view: QueueView) -> &'static [ModerationAction] {
    use ModerationAction::{Approve, NotSpam, Restore, Spam, Trash, Unapprove};
    match view {
        QueueView::Status(CommentStatus::Pending) => &[Approve, Spam, Trash],
        QueueView::Status(CommentStatus::Approved) => &[Unapprove, Spam, Trash],
        QueueView::Status(CommentStatus::Spam) => &[NotSpam, Trash],
        QueueView::Status(CommentStatus::Trash) => &[Restore, Spam],
        QueueView::All => &[Approve, Unapprove, Spam, Trash],
    }
}

/// `GET /desk/comments/`.
pub async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Capability::ModerateComments)?;
    let location = QueueLocation::from_query(query.as_deref())?;
    render_queue(
        &state,
        &staff,
        &headers,
        &location,
        BulkForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The queue at `location`, with the bulk actions as `bulk` says. A page that emptied
/// since the moderator saw it shows the last page instead when the answer is an error.
pub async fn render_queue(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    location: &QueueLocation,
    bulk: BulkForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut location = location.clone();
    if status != StatusCode::OK {
        let pages = state
            .app
            .comment_queue_page_count(&location.query())
            .await?;
        location.page = location.page.min(pages);
    }
    let queue = state.app.comment_queue(&location.query()).await?;
    let settings = state.app.site_settings().await?;
    let rows = queue
        .entries
        .into_iter()
        .map(|entry| {
            let ticked = bulk.ticked.contains(&entry.comment.id);
            CommentRowView {
                ticked,
                ..CommentRowView::new(entry, &settings, &location)
            }
        })
        .collect();
    let views = QueueView::ALL
        .into_iter()
        .map(|view| ViewLinkView {
            label: view_label(view),
            count: view.count(&queue.counts),
            url: location.with_view(Some(view)).url(),
            current: view == queue.view,
        })
        .collect();
    let search = SearchView {
        clear_url: (!queue.search.is_empty()).then(|| location.with_search("").url()),
        value: location.search.clone(),
    };
    let filter_fields = QueueLocation {
        kind: None,
        search: String::new(),
        page: 1,
        ..location.clone()
    }
    .fields();
    let kinds = std::iter::once(OptionView {
        value: "",
        label: "All types",
    })
    .chain(CommentKind::ALL.into_iter().map(|kind| OptionView {
        value: kind.as_str(),
        label: kind_option_label(kind),
    }))
    .collect();
    let page = QueuePage {
        article: queue.article.map(|article| ArticleFilterView {
            title: article.title,
            clear_url: location.with_article(None).url(),
        }),
        views,
        view: queue.view.as_str(),
        view_label: view_label(queue.view),
        search,
        kinds,
        kind: queue.kind.map_or("", CommentKind::as_str),
        kind_plural: queue.kind.map_or("comments", kind_plural),
        filter_fields,
        location_fields: location.fields(),
        rows,
        bulk: BulkView {
            options: bulk_actions(queue.view)
                .iter()
                .map(|action| OptionView {
                    value: action.as_str(),
                    label: DeskAction::Moderate(*action).label(),
                })
                .collect(),
            chosen: bulk.chosen,
            errors: bulk
                .error
                .map(|message| ("bulk_action", message))
                .into_iter()
                .collect(),
            offers_delete: matches!(
                queue.view,
                QueueView::Status(CommentStatus::Spam | CommentStatus::Trash)
            ),
        },
        pagination: PagesView::new(queue.page, queue.page_count, |page| {
            location.with_page(page).url()
        }),
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Comments,
        "desk/comments.html",
        &page,
        status,
    )
    .await
}
