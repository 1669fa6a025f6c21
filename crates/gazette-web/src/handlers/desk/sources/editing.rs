//! Adding a source and editing one: every setting the command line knows, checked by the
//! domain's rules for a source (the same for adding and editing), with the site's
//! categories and users to choose from. The form comes back with what was typed and each
//! mistake next to its field.

use super::super::article_views::{OptionView, errors_by_field};
use super::{SOURCES_URL, edit_url, source_id};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_app::AppError;
use gazette_domain::syndication::{
    DEFAULT_INTERVAL_SECONDS, Source, SourceInput, SourceMode, format_interval,
};
use gazette_domain::{Capability, FieldErrors, SourceId, UserId};
use serde::Serialize;
use std::collections::BTreeMap;

/// The form's fields as shown: stored, or as typed.
#[derive(Debug, Serialize)]
struct SourceValues {
    name: String,
    feed_url: String,
    home_page: String,
    category: String,
    author: String,
    mode: String,
    interval: String,
    include_keywords: String,
    exclude_keywords: String,
    max_age: String,
    licence: String,
    canonical_to_original: bool,
    allow_private_addresses: bool,
}

impl SourceValues {
    /// A new source's defaults: review mode, every fifteen minutes, canonical at the
    /// original.
    fn fresh() -> Self {
        Self {
            name: String::new(),
            feed_url: String::new(),
            home_page: String::new(),
            category: String::new(),
            author: String::new(),
            mode: SourceMode::Review.as_str().to_owned(),
            interval: format_interval(DEFAULT_INTERVAL_SECONDS),
            include_keywords: String::new(),
            exclude_keywords: String::new(),
            max_age: String::new(),
            licence: String::new(),
            canonical_to_original: true,
            allow_private_addresses: false,
        }
    }

    fn stored(source: &Source) -> Self {
        Self {
            name: source.name.clone(),
            feed_url: source.feed_url.clone(),
            home_page: source.home_page_url.clone().unwrap_or_default(),
            category: source.category.clone().unwrap_or_default(),
            author: source
                .author_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            mode: source.mode.as_str().to_owned(),
            interval: format_interval(source.interval_seconds),
            include_keywords: source.include_keywords.clone(),
            exclude_keywords: source.exclude_keywords.clone(),
            max_age: source
                .max_item_age_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
            licence: source.licence.clone(),
            canonical_to_original: source.canonical_to_original,
            allow_private_addresses: source.allow_private_addresses,
        }
    }

    /// The fields as typed. Whether private addresses are allowed is an administrator's
    /// choice: for anyone else it stays `kept_private` (what the source has, or no).
    fn typed(form: &FormFields, may_allow_private: bool, kept_private: bool) -> Self {
        Self {
            name: form.text("name"),
            feed_url: form.text("url"),
            home_page: form.text("home_page"),
            category: form.text("category"),
            author: form.text("author"),
            mode: form.text("mode"),
            interval: form.text("interval"),
            include_keywords: form.text("include_keywords"),
            exclude_keywords: form.text("exclude_keywords"),
            max_age: form.text("max_age"),
            licence: form.text("licence"),
            canonical_to_original: form.ticked("canonical_to_original"),
            allow_private_addresses: if may_allow_private {
                form.ticked("allow_private_addresses")
            } else {
                kept_private
            },
        }
    }

    /// The source as the domain's rules take it. An author that is not a number is
    /// reported here, with whatever the rules find wrong besides.
    fn input(&self) -> Result<SourceInput, FieldErrors> {
        let max_item_age_days = match self.max_age.trim() {
            "" => None,
            // What is not a number of days is out of the allowed range as well, so the
            // domain's rule words the message for both.
            days => Some(days.parse::<u32>().unwrap_or(u32::MAX)),
        };
        let (author_id, author_unknown) = match self.author.trim() {
            "" => (None, false),
            id => id
                .parse::<UserId>()
                .map_or((None, true), |id| (Some(id), false)),
        };
        let input = SourceInput {
            name: self.name.clone(),
            feed_url: self.feed_url.clone(),
            home_page_url: self.home_page.clone(),
            category: Some(self.category.clone()),
            author_id,
            mode: Some(self.mode.clone()),
            interval: Some(self.interval.clone()),
            include_keywords: self.include_keywords.clone(),
            exclude_keywords: self.exclude_keywords.clone(),
            max_item_age_days,
            licence: self.licence.clone(),
            canonical_to_original: self.canonical_to_original,
            allow_private_addresses: self.allow_private_addresses,
        };
        if author_unknown {
            let mut errors = input.validate().err().unwrap_or_default();
            errors.add("author", "Choose one of the users in the list.");
            return Err(errors);
        }
        Ok(input)
    }
}

/// The source being edited, for the heading.
#[derive(Debug, Serialize)]
struct EditedSource {
    id: i64,
    name: String,
}

/// The form page's context.
#[derive(Debug, Serialize)]
struct SourceFormPage {
    /// `None` when adding.
    editing: Option<EditedSource>,
    action: String,
    values: SourceValues,
    errors: BTreeMap<&'static str, String>,
    category_options: Vec<OptionView>,
    author_options: Vec<OptionView>,
    mode_options: Vec<OptionView>,
    /// Whether the signed-in user may allow a private address (administrators).
    may_allow_private: bool,
}

/// Whether `staff` may let a feed live at a private address.
fn may_allow_private(staff: &Staff) -> bool {
    staff.0.user.role.can(Capability::ManageSettings)
}

async fn render(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    editing: Option<EditedSource>,
    values: SourceValues,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut category_options = vec![OptionView {
        value: String::new(),
        label: "None".to_owned(),
    }];
    let categories = state.app.category_list().await?;
    let typed_category = values.category.trim();
    // A category named by the command line but not made yet is made with the first item.
    if !typed_category.is_empty()
        && !categories
            .iter()
            .any(|(details, _)| details.category.name == typed_category)
    {
        category_options.push(OptionView {
            value: typed_category.to_owned(),
            label: format!("{typed_category} (made with the first item)"),
        });
    }
    category_options.extend(categories.into_iter().map(|(details, depth)| OptionView {
        label: format!("{}{}", "— ".repeat(depth), details.category.name),
        value: details.category.name,
    }));
    let mut author_options = vec![OptionView {
        value: String::new(),
        label: "Nobody (the articles show no author)".to_owned(),
    }];
    author_options.extend(state.app.users().await?.into_iter().map(|user| OptionView {
        value: user.id.to_string(),
        label: format!("{} ({})", user.display_name, user.role.as_str()),
    }));
    let page = SourceFormPage {
        action: editing.as_ref().map_or_else(
            || "/desk/sources/new".to_owned(),
            |source| edit_url(SourceId(source.id)),
        ),
        editing,
        values,
        errors: errors_by_field(errors),
        category_options,
        author_options,
        mode_options: vec![
            OptionView {
                value: SourceMode::Review.as_str().to_owned(),
                label: "Review: new items wait for an editor".to_owned(),
            },
            OptionView {
                value: SourceMode::Publish.as_str().to_owned(),
                label: "Publish: new items are published at once".to_owned(),
            },
        ],
        may_allow_private: may_allow_private(staff),
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Sources,
        "desk/source_form.html",
        &page,
        status,
    )
    .await
}

/// A refusal of the typed source as messages next to the fields; a feed another source
/// already has is the address's mistake.
fn field_errors(error: AppError) -> Result<FieldErrors, WebError> {
    match error {
        AppError::Validation(errors) => Ok(errors),
        AppError::Conflict(message) => Ok(FieldErrors::single(
            "url",
            format!("{message}; each feed is added once."),
        )),
        error => Err(error.into()),
    }
}

/// `GET /desk/sources/new`.
pub async fn new_form(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    render(
        &state,
        &staff,
        &headers,
        None,
        SourceValues::fresh(),
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/sources/new`: the source, and its first fetch queued for now.
pub async fn add(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let values = SourceValues::typed(&form, may_allow_private(&staff), false);
    let outcome = match values.input() {
        Ok(input) => state.app.add_source(&input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match outcome {
        Ok(source) => {
            let notice = format!(
                "“{}” is added; its first fetch is on its way, then every {}.",
                source.name,
                format_interval(source.interval_seconds)
            );
            see_other_with_notice(&state, SOURCES_URL, &notice).await
        }
        Err(error) => {
            let errors = field_errors(error)?;
            render(
                &state,
                &staff,
                &headers,
                None,
                values,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `GET /desk/sources/{id}/edit`.
pub async fn edit_form(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    let source = state.app.source(source_id(&id)?).await?;
    let editing = EditedSource {
        id: source.id.get(),
        name: source.name.clone(),
    };
    render(
        &state,
        &staff,
        &headers,
        Some(editing),
        SourceValues::stored(&source),
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/sources/{id}/edit`: every setting replaced at once.
pub async fn update(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSources)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let source = state.app.source(source_id(&id)?).await?;
    let values = SourceValues::typed(
        &form,
        may_allow_private(&staff),
        source.allow_private_addresses,
    );
    let outcome = match values.input() {
        Ok(input) => state.app.update_source(source.id, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match outcome {
        Ok(saved) => {
            let notice = format!("“{}” is saved.", saved.name);
            see_other_with_notice(&state, SOURCES_URL, &notice).await
        }
        Err(error) => {
            let errors = field_errors(error)?;
            let editing = EditedSource {
                id: source.id.get(),
                name: source.name,
            };
            render(
                &state,
                &staff,
                &headers,
                Some(editing),
                values,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
