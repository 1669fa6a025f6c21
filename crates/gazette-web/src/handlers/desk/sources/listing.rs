//! The list of sources and what its buttons do: fetch now, pause, resume, and remove after
//! a confirmation page of its own, so that removing works the same without JavaScript.

use super::{REVIEW_URL, SOURCES_URL, edit_url, source_id};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::DateView;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::{AppError, FetchReport, FetchStatus, ReviewItem};
use gazette_domain::syndication::{Source, format_interval};
use gazette_domain::{Capability, SiteSettings, SourceId};
use serde::Serialize;

/// The list's context.
#[derive(Debug, Serialize)]
struct SourcesPage {
    sources: Vec<SourceRow>,
    /// Items of every source waiting for an editor.
    waiting: usize,
    review_url: &'static str,
}

/// One source as the list shows it.
#[derive(Debug, Serialize)]
struct SourceRow {
    id: i64,
    name: String,
    edit_url: String,
    feed_url: String,
    mode: &'static str,
    interval: String,
    /// `active`, `paused` or `failing`.
    status: &'static str,
    /// Why it is paused, or its last error while it fails.
    reason: Option<String>,
    /// Since when it is paused, or when its last error happened.
    since: Option<DateView>,
    /// How many fetches in a row failed.
    failures: u32,
    last_success: Option<DateView>,
    /// `None` while it is paused.
    next_fetch: Option<DateView>,
    /// Its items waiting for an editor.
    waiting: usize,
}

impl SourceRow {
    fn new(source: Source, waiting: usize, settings: &SiteSettings) -> Self {
        let when = |moment| DateView::with_time(moment, settings);
        let (status, reason, since) = match (&source.paused, source.status()) {
            (Some(paused), _) => ("paused", Some(paused.reason.clone()), Some(when(paused.at))),
            (None, "failing") => (
                "failing",
                source.last_error.clone(),
                source.last_error_at.map(when),
            ),
            _ => ("active", None, None),
        };
        Self {
            id: source.id.get(),
            edit_url: edit_url(source.id),
            mode: source.mode.as_str(),
            interval: format_interval(source.interval_seconds),
            status,
            reason,
            since,
            failures: source.consecutive_failures,
            last_success: source.last_success_at.map(when),
            next_fetch: source.paused.is_none().then(|| when(source.next_fetch_at)),
            waiting,
            name: source.name,
            feed_url: source.feed_url,
        }
    }
}

/// How many of `queue`'s items came from `source`.
fn waiting_from(queue: &[ReviewItem], source: SourceId) -> usize {
    queue.iter().filter(|item| item.source_id == source).count()
}

/// `GET /desk/sources/`.
pub async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    let settings = state.app.site_settings().await?;
    let queue = state.app.review_queue().await?;
    let sources = state
        .app
        .sources()
        .await?
        .into_iter()
        .map(|source| {
            let waiting = waiting_from(&queue, source.id);
            SourceRow::new(source, waiting, &settings)
        })
        .collect();
    let page = SourcesPage {
        sources,
        waiting: queue.len(),
        review_url: REVIEW_URL,
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Sources,
        "desk/sources.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// Checks a state-changing request to one source: the capability, the same site, the
/// session's token; returns the source named in the address.
fn checked_source(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    form: &FormFields,
    id: &str,
) -> Result<SourceId, WebError> {
    staff.require(Capability::ManageSources)?;
    check_form(state, staff, headers, form.get("csrf"))?;
    source_id(id)
}

/// What a fetch came to, as a sentence for the notice.
fn fetch_notice(report: &FetchReport) -> String {
    let name = &report.source_name;
    let moved = report
        .moved_to
        .as_deref()
        .map(|url| format!(" Its feed moved for good to {url}, which is kept."))
        .unwrap_or_default();
    let reason = report.error.as_deref().unwrap_or("no reason was given");
    match report.status {
        FetchStatus::Fetched => format!(
            "“{name}” was fetched: {} new, {} updated, {} changed and waiting for review, {} unchanged, {} left out by its rules.{moved}",
            report.created, report.updated, report.flagged, report.unchanged, report.left_out
        ),
        FetchStatus::NotModified => {
            format!("“{name}” has not changed since it was last fetched.{moved}")
        }
        FetchStatus::Failed => {
            format!("“{name}” could not be fetched: {reason}. It is tried again later.{moved}")
        }
        FetchStatus::Gone => format!("“{name}” is paused: {reason}.{moved}"),
    }
}

/// `POST /desk/sources/{id}/fetch`: fetches the source now, due or not.
pub async fn fetch(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = checked_source(&state, &staff, &headers, &form, &id)?;
    let notice = match state.app.fetch_source(id).await {
        Ok(report) => fetch_notice(&report),
        // A paused source: the refusal says to resume it first.
        Err(AppError::Conflict(message)) => message,
        Err(error) => return Err(error.into()),
    };
    see_other_with_notice(&state, SOURCES_URL, &notice).await
}

/// `POST /desk/sources/{id}/pause`.
pub async fn pause(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = checked_source(&state, &staff, &headers, &form, &id)?;
    let source = state.app.pause_source(id).await?;
    let notice = format!(
        "“{}” is paused: it is not fetched until you resume it.",
        source.name
    );
    see_other_with_notice(&state, SOURCES_URL, &notice).await
}

/// `POST /desk/sources/{id}/resume`.
pub async fn resume(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = checked_source(&state, &staff, &headers, &form, &id)?;
    let source = state.app.resume_source(id).await?;
    let notice = format!(
        "“{}” is resumed; it is fetched again in a moment.",
        source.name
    );
    see_other_with_notice(&state, SOURCES_URL, &notice).await
}

/// The confirmation page's context.
#[derive(Debug, Serialize)]
struct RemovePage {
    name: String,
    feed_url: String,
    action: String,
    edit_url: String,
    /// Its items waiting for an editor, which stay on the desk as pending articles.
    waiting: usize,
}

/// `GET /desk/sources/{id}/remove`: what removing does, and the button that does it.
pub async fn remove_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    let id = source_id(&id)?;
    let source = state.app.source(id).await?;
    let queue = state.app.review_queue().await?;
    let page = RemovePage {
        action: format!("/desk/sources/{id}/remove"),
        edit_url: edit_url(id),
        waiting: waiting_from(&queue, id),
        name: source.name,
        feed_url: source.feed_url,
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Sources,
        "desk/source_remove.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/sources/{id}/remove`: the source goes; the articles it brought stay.
pub async fn remove(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = checked_source(&state, &staff, &headers, &form, &id)?;
    let source = state.app.remove_source(id).await?;
    let notice = format!(
        "“{}” is removed; the articles it brought stay, with their credit.",
        source.name
    );
    see_other_with_notice(&state, SOURCES_URL, &notice).await
}
