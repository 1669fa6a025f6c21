//! The desk's category screen: the sections of the site as a tree, with forms to add,
//! change and delete them. Administrators and editors only.

use super::article_views::{OptionView, errors_by_field};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use gazette_app::{AppError, CategoryInput};
use gazette_domain::{Capability, CategoryId, FieldErrors};
use serde::Serialize;
use std::collections::BTreeMap;

/// The routes of the category screen.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/desk/categories/", get(list).post(create))
        .route("/desk/categories", get(crate::handlers::add_trailing_slash))
        .route("/desk/categories/{id}/edit", get(edit).post(update))
        .route("/desk/categories/{id}/delete", post(delete))
}

#[derive(Debug, Serialize)]
struct CategoryRow {
    id: i64,
    name: String,
    slug: String,
    description: String,
    depth: usize,
    article_count: i64,
    edit_url: String,
}

#[derive(Debug, Default, Serialize)]
struct CategoryValues {
    name: String,
    slug: String,
    description: String,
    parent: String,
}

#[derive(Debug, Serialize)]
struct CategoryPage {
    /// `None` on the list; the category being changed on its own page.
    editing: Option<i64>,
    rows: Vec<CategoryRow>,
    values: CategoryValues,
    errors: BTreeMap<&'static str, String>,
    parent_options: Vec<OptionView>,
}

fn category_id(text: &str) -> Result<CategoryId, WebError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(CategoryId)
        .ok_or(WebError::NoSuchPage)
}

async fn render(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    editing: Option<CategoryId>,
    values: CategoryValues,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let categories = state.app.category_list().await?;
    let mut parent_options = vec![OptionView {
        value: String::new(),
        label: "No parent (a top-level category)".to_owned(),
    }];
    parent_options.extend(
        categories
            .iter()
            .filter(|(details, _)| Some(details.category.id) != editing)
            .map(|(details, depth)| OptionView {
                value: details.category.id.to_string(),
                label: format!("{}{}", "— ".repeat(*depth), details.category.name),
            }),
    );
    let page = CategoryPage {
        editing: editing.map(CategoryId::get),
        rows: categories
            .into_iter()
            .map(|(details, depth)| CategoryRow {
                id: details.category.id.get(),
                edit_url: format!("/desk/categories/{}/edit", details.category.id),
                name: details.category.name,
                slug: details.category.slug.to_string(),
                description: details.description,
                depth,
                article_count: details.article_count,
            })
            .collect(),
        values,
        errors: errors_by_field(errors),
        parent_options,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Categories,
        "desk/categories.html",
        &page,
        status,
    )
    .await
}

fn typed(form: &FormFields) -> CategoryValues {
    CategoryValues {
        name: form.text("name"),
        slug: form.text("slug"),
        description: form.text("description"),
        parent: form.text("parent"),
    }
}

fn input(form: &FormFields) -> Result<CategoryInput, AppError> {
    let parent = match form
        .get("parent")
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        None => None,
        Some(text) => Some(text.parse::<i64>().map(CategoryId).map_err(|_| {
            AppError::Validation(FieldErrors::single("parent", "Choose the parent again."))
        })?),
    };
    Ok(CategoryInput {
        name: form.text("name"),
        slug: form.text("slug"),
        description: form.text("description"),
        parent,
    })
}

/// `GET /desk/categories/`.
async fn list(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageCategories)?;
    render(
        &state,
        &staff,
        &headers,
        None,
        CategoryValues::default(),
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// Answers a category form: on to the list with a notice, or the form again with the
/// errors next to their fields.
async fn answer(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    editing: Option<CategoryId>,
    form: &FormFields,
    outcome: Result<(), AppError>,
    notice: &str,
) -> Result<Response, WebError> {
    match outcome {
        Ok(()) => see_other_with_notice(state, "/desk/categories/", notice).await,
        Err(AppError::Validation(errors)) => {
            render(
                state,
                staff,
                headers,
                editing,
                typed(form),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/categories/`.
async fn create(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageCategories)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let outcome = match input(&form) {
        Ok(input) => state
            .app
            .create_category(&staff.0.user, &input)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    answer(
        &state,
        &staff,
        &headers,
        None,
        &form,
        outcome,
        "Category added.",
    )
    .await
}

/// `GET /desk/categories/{id}/edit`.
async fn edit(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageCategories)?;
    let id = category_id(&id)?;
    let categories = state.app.category_list().await?;
    let (details, _) = categories
        .into_iter()
        .find(|(details, _)| details.category.id == id)
        .ok_or(WebError::NoSuchPage)?;
    let values = CategoryValues {
        name: details.category.name,
        slug: details.category.slug.to_string(),
        description: details.description,
        parent: details
            .category
            .parent_id
            .map(|parent| parent.to_string())
            .unwrap_or_default(),
    };
    render(
        &state,
        &staff,
        &headers,
        Some(id),
        values,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/categories/{id}/edit`.
async fn update(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageCategories)?;
    let id = category_id(&id)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let outcome = match input(&form) {
        Ok(input) => state.app.update_category(&staff.0.user, id, &input).await,
        Err(error) => Err(error),
    };
    answer(
        &state,
        &staff,
        &headers,
        Some(id),
        &form,
        outcome,
        "Category saved.",
    )
    .await
}

/// `POST /desk/categories/{id}/delete`.
async fn delete(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageCategories)?;
    let id = category_id(&id)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state.app.delete_category(&staff.0.user, id).await?;
    see_other_with_notice(
        &state,
        "/desk/categories/",
        "Category deleted; its subcategories moved up a level.",
    )
    .await
}
