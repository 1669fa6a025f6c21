//! The review queue: every item waiting for an editor, new or a change the source made to
//! an article already taken, with its source's licence note, a preview of its sanitised
//! text and, for a change, the difference between the source's versions as the revision
//! history shows it. Approving may change the title, category and excerpt, and may switch
//! the source to publishing at once; rejecting a new item leaves the tombstone that keeps
//! it away for good.

use super::super::article_views::{OptionView, errors_by_field};
use super::{REVIEW_URL, SOURCES_URL, edit_url, item_id};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::DateView;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::{AppError, ReviewEdits, ReviewItem};
use gazette_domain::revision_diff::{DiffLine, FieldChange};
use gazette_domain::{Capability, FieldErrors, SourceItemId};
use serde::Serialize;
use std::collections::BTreeMap;

/// The queue's context.
#[derive(Debug, Serialize)]
struct ReviewPage {
    items: Vec<ReviewRow>,
    category_options: Vec<OptionView>,
    sources_url: &'static str,
}

/// One item waiting, with its approval form.
#[derive(Debug, Serialize)]
struct ReviewRow {
    id: i64,
    source_name: String,
    source_url: String,
    licence: String,
    /// A change to an article already taken, rather than a new item.
    is_update: bool,
    title: String,
    link: Option<String>,
    /// When the source says it published the original.
    original_date: Option<DateView>,
    first_seen: DateView,
    excerpt: String,
    /// The sanitised text as it would be published.
    body_html: String,
    article_url: String,
    /// For a change: how the source's last two versions differ.
    changes: Option<ChangesView>,
    approve_url: String,
    reject_url: String,
    /// The approval form's fields, as the article stands or as typed.
    values: ApprovalValues,
    errors: BTreeMap<&'static str, String>,
}

/// How the source changed an item.
#[derive(Debug, Serialize)]
struct ChangesView {
    fields: Vec<FieldChange>,
    lines: Vec<DiffLine>,
    identical: bool,
}

/// What the approval form sends.
#[derive(Debug, Clone, Serialize)]
struct ApprovalValues {
    title: String,
    category: String,
    excerpt: String,
}

impl ApprovalValues {
    fn of(item: &ReviewItem) -> Self {
        Self {
            title: item.title.clone(),
            category: String::new(),
            excerpt: item.excerpt.clone(),
        }
    }

    fn typed(form: &FormFields) -> Self {
        Self {
            title: form.text("title"),
            category: form.text("category"),
            excerpt: form.text("excerpt"),
        }
    }

    /// The edits: only what the editor changed, so that an untouched form publishes what
    /// the source sent (for a change, its new title). An emptied excerpt keeps the one
    /// made from the text.
    fn edits(&self, item: &ReviewItem) -> ReviewEdits {
        let changed =
            |typed: &str, current: &str| (typed.trim() != current.trim()).then(|| typed.to_owned());
        ReviewEdits {
            title: changed(&self.title, &item.title),
            category: Some(self.category.clone()).filter(|category| !category.trim().is_empty()),
            excerpt: changed(&self.excerpt, &item.excerpt)
                .filter(|excerpt| !excerpt.trim().is_empty()),
        }
    }
}

/// An approval that came back with mistakes, shown in its item's form.
struct Retry {
    item: SourceItemId,
    values: ApprovalValues,
    errors: FieldErrors,
}

async fn render(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    queue: Vec<ReviewItem>,
    retry: Option<Retry>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let mut items = Vec::with_capacity(queue.len());
    for item in queue {
        let changes = if item.is_update {
            let diff = state.app.source_item_changes(item.item_id).await?;
            Some(ChangesView {
                identical: diff.is_empty(),
                fields: diff.fields,
                lines: diff.body,
            })
        } else {
            None
        };
        let (values, errors) = match &retry {
            Some(retry) if retry.item == item.item_id => {
                (retry.values.clone(), errors_by_field(&retry.errors))
            }
            _ => (ApprovalValues::of(&item), BTreeMap::new()),
        };
        let id = item.item_id;
        items.push(ReviewRow {
            id: id.get(),
            source_url: edit_url(item.source_id),
            is_update: item.is_update,
            original_date: item
                .original_published_at
                .map(|moment| DateView::with_time(moment, &settings)),
            first_seen: DateView::with_time(item.first_seen_at, &settings),
            article_url: format!("/desk/articles/{}/edit", item.article_id),
            changes,
            approve_url: format!("/desk/sources/review/{id}/approve"),
            reject_url: format!("/desk/sources/review/{id}/reject"),
            values,
            errors,
            source_name: item.source_name,
            licence: item.licence,
            title: item.title,
            link: item.link,
            excerpt: item.excerpt,
            body_html: item.body_html,
        });
    }
    let mut category_options = vec![OptionView {
        value: String::new(),
        label: "As it is filed now".to_owned(),
    }];
    category_options.extend(state.app.category_list().await?.into_iter().map(
        |(details, depth)| OptionView {
            label: format!("{}{}", "— ".repeat(depth), details.category.name),
            value: details.category.name,
        },
    ));
    let page = ReviewPage {
        items,
        category_options,
        sources_url: SOURCES_URL,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Sources,
        "desk/source_review.html",
        &page,
        status,
    )
    .await
}

/// `GET /desk/sources/review/`.
pub async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    let queue = state.app.review_queue().await?;
    render(&state, &staff, &headers, queue, None, StatusCode::OK).await
}

/// Checks a request on one waiting item: the capability, the same site, the session's
/// token; returns the queue and the item, which must still wait.
async fn checked_item(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    form: &FormFields,
    id: &str,
) -> Result<(Vec<ReviewItem>, ReviewItem), WebError> {
    staff.require(Capability::ManageSources)?;
    check_form(state, staff, headers, form.get("csrf"))?;
    let id = item_id(id)?;
    let queue = state.app.review_queue().await?;
    let item = queue
        .iter()
        .find(|item| item.item_id == id)
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "Item {id} is not waiting for review any more: someone approved or rejected it meanwhile."
            ))
        })?;
    Ok((queue, item))
}

/// `POST /desk/sources/review/{id}/approve`: publishes a new item (with the editor's
/// edits) or writes the source's change in; the `always` button also switches the source
/// to publishing at once.
pub async fn approve(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let (queue, item) = checked_item(&state, &staff, &headers, &form, &id).await?;
    let values = ApprovalValues::typed(&form);
    let always = form.ticked("always");
    match state
        .app
        .approve_source_item(item.item_id, &values.edits(&item), always)
        .await
    {
        Ok(_) => {
            let approved = if item.is_update {
                format!(
                    "The change from {} is written into “{}”.",
                    item.source_name, item.title
                )
            } else {
                format!("“{}” is published.", values.title.trim())
            };
            let notice = if always {
                format!(
                    "{approved} Later items from {} are published without review.",
                    item.source_name
                )
            } else {
                approved
            };
            see_other_with_notice(&state, REVIEW_URL, &notice).await
        }
        Err(AppError::Validation(errors)) => {
            let retry = Retry {
                item: item.item_id,
                values,
                errors,
            };
            render(
                &state,
                &staff,
                &headers,
                queue,
                Some(retry),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/sources/review/{id}/reject`: a new item's article is deleted and the item
/// never comes back; a change is dismissed and the article stays as it was.
pub async fn reject(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let (_, item) = checked_item(&state, &staff, &headers, &form, &id).await?;
    state.app.reject_source_item(item.item_id).await?;
    let notice = if item.is_update {
        format!(
            "The change from {} is dismissed; “{}” stays as it was.",
            item.source_name, item.title
        )
    } else {
        format!(
            "“{}” is rejected; it will not come back from {}.",
            item.title, item.source_name
        )
    };
    see_other_with_notice(&state, REVIEW_URL, &notice).await
}
