//! The desk's writing screens: the article list with filters and bulk actions, the editor
//! (with its server-rendered preview, autosave, featured image and corrections), the trash,
//! and each article's history of saved versions.

use super::article_views::{
    ArticleListPage, AutosaveView, CategoryChoice, ComparisonPage, CorrectionValues,
    CorrectionView, EditorPage, EditorPermissions, EditorValues, FeaturedImageView, HistoryPage,
    ListFilters, OptionView, PreviewPage, RevisionHeading, RevisionRowView, editor_buttons,
    errors_by_field, status_label,
};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::{CreditView, DateView};
use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gazette_app::{
    AppError, ArticleEdit, ArticlePlace, AutosaveOutcome, AutosaveText, BulkArticleAction,
    DeskListQuery, EditorData,
};
use gazette_domain::editing::SaveIntent;
use gazette_domain::{
    Article, ArticleId, ArticleKind, ArticleStatus, CategoryId, FieldErrors, MediaId, RevisionId,
    SiteSettings, Timestamp, UserId,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The routes of the writing screens.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/desk/articles/", get(list))
        .route("/desk/articles", get(crate::handlers::add_trailing_slash))
        .route("/desk/articles/bulk", post(bulk))
        .route("/desk/articles/new", get(new_article).post(create))
        .route("/desk/articles/preview", post(preview_unsaved))
        .route("/desk/articles/autosave", post(autosave))
        .route("/desk/articles/{id}/edit", get(edit).post(update))
        .route("/desk/articles/{id}/preview", get(preview_saved))
        .route(
            "/desk/articles/{id}/autosave/discard",
            post(discard_autosave),
        )
        .route("/desk/articles/{id}/{action}", post(single_action))
        .route("/desk/articles/{id}/revisions/", get(history))
        .route("/desk/articles/{id}/revisions/{revision}", get(compare))
        .route(
            "/desk/articles/{id}/revisions/{revision}/restore",
            post(restore_revision),
        )
        .route("/desk/articles/{id}/corrections", post(add_correction))
        .route(
            "/desk/articles/{id}/corrections/{correction}/delete",
            post(delete_correction),
        )
        .route(
            "/desk/articles/{id}/featured-image",
            post(choose_featured_image),
        )
}

/// Reads a positive id from the address, or answers 404.
fn id_in_path(text: &str) -> Result<i64, WebError> {
    text.parse::<i64>()
        .ok()
        .filter(|number| *number > 0)
        .ok_or(WebError::NoSuchPage)
}

/// Reads an optional id from a form or query value: empty means none, anything else must
/// be a number.
fn optional_id(text: Option<&str>) -> Result<Option<i64>, WebError> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| WebError::NoSuchPage),
    }
}

/// The query of the article list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    author: Option<String>,
    category: Option<String>,
    s: Option<String>,
    kind: Option<String>,
    page: Option<String>,
}

/// `GET /desk/articles/`.
async fn list(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let page = match query.page.as_deref() {
        None | Some("") => 1,
        Some(text) => text.parse::<u32>().map_err(|_| WebError::NoSuchPage)?,
    };
    let author = optional_id(query.author.as_deref())?;
    let category = optional_id(query.category.as_deref())?;
    let list = state
        .app
        .desk_article_list(
            &staff.0.user,
            &DeskListQuery {
                status: query.status.clone().filter(|status| !status.is_empty()),
                author: author.map(UserId),
                category: category.map(CategoryId),
                search: query.s.clone(),
                kind: query.kind.as_deref().and_then(ArticleKind::parse),
                page,
            },
        )
        .await?;
    let settings = state.app.site_settings().await?;
    let filters = ListFilters {
        status: query.status.unwrap_or_default(),
        author: author.map(|id| id.to_string()).unwrap_or_default(),
        category: category.map(|id| id.to_string()).unwrap_or_default(),
        search: query.s.unwrap_or_default(),
        kind: query
            .kind
            .as_deref()
            .and_then(ArticleKind::parse)
            .map(|kind| kind.as_str().to_owned())
            .unwrap_or_default(),
    };
    let page = ArticleListPage {
        may_write_pages: gazette_app::may_write_pages(&staff.0.user),
        ..ArticleListPage::new(&list, filters, &settings)
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Articles,
        "desk/article_list.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// Where to go back to after a list action: only the list itself.
fn list_return(form: &FormFields) -> String {
    form.get("return_to")
        .filter(|target| target.starts_with("/desk/articles/") && !target.contains("//"))
        .unwrap_or("/desk/articles/")
        .to_owned()
}

/// The ids ticked in a list.
fn ticked_ids(form: &FormFields) -> Result<Vec<ArticleId>, WebError> {
    form.all("ids")
        .map(|text| {
            text.trim().parse::<i64>().map(ArticleId).map_err(|_| {
                WebError::from(AppError::Validation(FieldErrors::single(
                    "ids",
                    "The ticked articles could not be read; reload the list and try again.",
                )))
            })
        })
        .collect()
}

/// `POST /desk/articles/bulk`.
async fn bulk(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let action = form
        .get("action")
        .and_then(BulkArticleAction::parse)
        .ok_or_else(|| {
            WebError::from(AppError::Validation(FieldErrors::single(
                "action",
                "Choose what to do with the ticked articles.",
            )))
        })?;
    let ids = ticked_ids(&form)?;
    let changed = state
        .app
        .change_articles(&staff.0.user, action, &ids)
        .await?;
    see_other_with_notice(&state, &list_return(&form), &action.done(changed)).await
}

/// `POST /desk/articles/{id}/trash|restore|delete`.
async fn single_action(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let action = BulkArticleAction::parse(&action).ok_or(WebError::NoSuchPage)?;
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let changed = state
        .app
        .change_articles(&staff.0.user, action, &[id])
        .await?;
    let target = match action {
        BulkArticleAction::Restore => format!("/desk/articles/{id}/edit"),
        BulkArticleAction::Trash | BulkArticleAction::Delete => list_return(&form),
    };
    see_other_with_notice(&state, &target, &action.done(changed)).await
}

/// What to put in the editor besides the article's own data.
struct EditorState {
    values: EditorValues,
    /// The categories ticked in a form that came back; `None` shows the article's own.
    ticked_categories: Option<Vec<i64>>,
    errors: BTreeMap<&'static str, String>,
    /// A refusal that belongs to no one field.
    problem: Option<String>,
    restored_autosave: bool,
    correction_values: CorrectionValues,
    correction_errors: BTreeMap<&'static str, String>,
}

impl EditorState {
    /// The editor showing `values` with nothing wrong.
    fn showing(values: EditorValues) -> Self {
        Self {
            values,
            ticked_categories: None,
            errors: BTreeMap::new(),
            problem: None,
            restored_autosave: false,
            correction_values: CorrectionValues::default(),
            correction_errors: BTreeMap::new(),
        }
    }

    /// The editor showing what was typed in `form`, with `error` explained.
    fn typed(form: &FormFields, error: &AppError) -> Self {
        let mut editor = Self::showing(EditorValues::typed(form));
        editor.ticked_categories = Some(ticked_categories(form));
        match error {
            AppError::Validation(errors) => editor.errors = errors_by_field(errors),
            other => editor.problem = Some(other.to_string()),
        }
        editor
    }
}

/// The ids of the categories ticked in an editor's `form`, those that can be read (the
/// save itself refuses a form with one that cannot).
fn ticked_categories(form: &FormFields) -> Vec<i64> {
    form.all("categories")
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

/// The status a refused save answers with.
fn refusal_status(error: &AppError) -> StatusCode {
    match error {
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::FORBIDDEN,
    }
}

/// The featured image as the editor shows it: a small copy, or nothing when the image left
/// the library.
async fn featured_image_view(
    state: &WebState,
    article: Option<&Article>,
) -> Result<Option<FeaturedImageView>, WebError> {
    let Some(image) = article.and_then(|article| article.featured_image.as_ref()) else {
        return Ok(None);
    };
    match state.app.media_item(image.media_id).await {
        Ok(item) => Ok(Some(FeaturedImageView {
            media_id: image.media_id.get(),
            src: item.url_for_width(480).to_owned(),
            edit_url: format!("/desk/media/{}/", image.media_id),
        })),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The category checkboxes (ticked as `checked` says) and the choices of a new category's
/// parent.
fn category_fields(data: &EditorData, checked: &[i64]) -> (Vec<CategoryChoice>, Vec<OptionView>) {
    let categories = data
        .categories
        .iter()
        .map(|(category, depth)| CategoryChoice {
            id: category.id.get(),
            name: category.name.clone(),
            depth: *depth,
            checked: checked.contains(&category.id.get()),
        })
        .collect();
    let mut parent_options = vec![OptionView {
        value: String::new(),
        label: "No parent (a top-level category)".to_owned(),
    }];
    parent_options.extend(data.categories.iter().map(|(category, depth)| OptionView {
        value: category.id.to_string(),
        label: format!("{}{}", "— ".repeat(*depth), category.name),
    }));
    (categories, parent_options)
}

/// The address readers find `article` at, when it is public.
async fn public_url(
    state: &WebState,
    article: Option<&Article>,
) -> Result<Option<String>, WebError> {
    let Some(article) = article.filter(|article| article.status == ArticleStatus::Published) else {
        return Ok(None);
    };
    match state.app.public_article_path(article.id).await {
        Ok(path) => Ok(Some(path)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The choices of a page's parent: the top of the tree, then the pages it may sit under.
fn parent_page_options(data: &EditorData) -> Vec<OptionView> {
    let mut options = vec![OptionView {
        value: String::new(),
        label: "None: at the top (/slug/)".to_owned(),
    }];
    options.extend(data.parent_choices.iter().map(|choice| OptionView {
        value: choice.id.to_string(),
        label: format!("{}{}", "— ".repeat(choice.depth), choice.title),
    }));
    options
}

/// Renders the editor for `data` with `editor`.
async fn render_editor(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    data: &EditorData,
    editor: EditorState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let article = data.article.as_ref();
    let checked: Vec<i64> = editor
        .ticked_categories
        .unwrap_or_else(|| data.category_ids.iter().map(|id| id.get()).collect());
    let (categories, parent_options) = category_fields(data, &checked);
    let authors = data
        .authors
        .iter()
        .map(|user| OptionView {
            value: user.id.to_string(),
            label: format!("{} ({})", user.display_name, user.role),
        })
        .collect();
    let id = article.map(|article| article.id);
    let public_url = public_url(state, article).await?;
    let is_page = data.kind == ArticleKind::Page;
    let page = EditorPage {
        is_new: article.is_none(),
        is_page,
        parent_page_options: parent_page_options(data),
        article_id: id.map(ArticleId::get),
        action: id.map_or_else(
            || "/desk/articles/new".to_owned(),
            |id| format!("/desk/articles/{id}/edit"),
        ),
        status: article.map_or("draft", |article| article.status.as_str()),
        status_label: article.map_or(
            if is_page { "New page" } else { "New article" },
            |article| status_label(article.status),
        ),
        public_url,
        buttons: editor_buttons(article.map(|article| article.status), data.may_publish),
        values: editor.values,
        errors: editor.errors,
        problem: editor.problem,
        categories,
        parent_options,
        suggested_tags: data
            .suggested_tags
            .iter()
            .map(|tag| tag.name.clone())
            .collect(),
        authors,
        may: EditorPermissions {
            publish: data.may_publish,
            change_author: data.may_change_author,
            add_categories: data.may_add_categories,
            trash: data.may_trash,
            make_sticky: data.may_make_sticky,
        },
        autosave: match (&data.autosave, id) {
            (Some(autosave), Some(id)) if !editor.restored_autosave => Some(AutosaveView {
                saved: DateView::with_time(autosave.saved_at, &settings),
                restore_url: format!("/desk/articles/{id}/edit?autosave=restore"),
                discard_url: format!("/desk/articles/{id}/autosave/discard"),
            }),
            _ => None,
        },
        restored_autosave: editor.restored_autosave,
        revision_count: data.revision_count,
        corrections: data
            .corrections
            .iter()
            .map(|correction| CorrectionView {
                id: correction.id.get(),
                label: correction.kind.label(),
                note_html: correction.note_html.clone(),
                added: DateView::with_time(correction.created_at, &settings),
            })
            .collect(),
        correction_values: editor.correction_values,
        correction_errors: editor.correction_errors,
        time_zone: settings.time_zone_name.clone(),
        featured_image: featured_image_view(state, article).await?,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Articles,
        "desk/article_editor.html",
        &page,
        status,
    )
    .await
}

/// `?kind=page` on the new article's editor.
#[derive(Debug, Default, Deserialize)]
pub struct NewArticleQuery {
    kind: Option<String>,
}

/// What a new article's form makes: a page when it says so, else news.
fn new_kind(named: Option<&str>) -> ArticleKind {
    named
        .and_then(ArticleKind::parse)
        .unwrap_or(ArticleKind::Post)
}

/// `GET /desk/articles/new`, and `?kind=page` for a new page.
async fn new_article(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(query): Query<NewArticleQuery>,
) -> Result<Response, WebError> {
    let data = state
        .app
        .editor_data_for(&staff.0.user, None, new_kind(query.kind.as_deref()))
        .await?;
    let settings = state.app.site_settings().await?;
    let values = EditorValues::of_article(None, &data, &settings);
    render_editor(
        &state,
        &staff,
        &headers,
        &data,
        EditorState::showing(values),
        StatusCode::OK,
    )
    .await
}

/// The editor's fields an autosave keeps besides the headline, excerpt and body, which it
/// keeps apart; what the editor's script sends beyond these is not kept.
const AUTOSAVED_FIELDS: [&str; 20] = [
    "slug",
    "seo_title",
    "meta_description",
    "publish_at",
    "tags",
    "categories",
    "new_category",
    "new_category_parent",
    "parent_page",
    "source_name",
    "source_url",
    "source_published",
    "source_author",
    "source_licence",
    "source_canonical",
    "comments_open",
    "sticky",
    "featured_alt",
    "featured_caption",
    "author",
];

/// `?autosave=restore` on the editor.
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    autosave: Option<String>,
}

/// `GET /desk/articles/{id}/edit`.
async fn edit(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<EditQuery>,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let data = state.app.editor_data(&staff.0.user, Some(id)).await?;
    let Some(article) = data.article.as_ref() else {
        return Err(WebError::NoSuchPage);
    };
    if article.trashed.is_some() {
        return Err(AppError::Conflict(
            "This article is in the trash; restore it from the trash to edit it.".to_owned(),
        )
        .into());
    }
    let settings = state.app.site_settings().await?;
    let mut values = EditorValues::of_article(Some(article), &data, &settings);
    let restoring = query.autosave.as_deref() == Some("restore");
    let mut ticked = None;
    if restoring && let Some(autosave) = &data.autosave {
        if !autosave.other_fields.is_empty() {
            // The whole form as it was typed; what the autosave does not own stays as
            // stored: the revision the editor is based on, and the featured image, which
            // the media library sets on the article itself.
            let typed = FormFields::parse(autosave.other_fields.as_bytes());
            let current = values;
            values = EditorValues {
                based_on: current.based_on,
                featured_media: current.featured_media,
                ..EditorValues::typed(&typed)
            };
            ticked = Some(ticked_categories(&typed));
        }
        values.title.clone_from(&autosave.title);
        values.excerpt.clone_from(&autosave.excerpt);
        values.body.clone_from(&autosave.body_markdown);
    }
    let mut editor = EditorState::showing(values);
    editor.ticked_categories = ticked;
    editor.restored_autosave = restoring && data.autosave.is_some();
    render_editor(&state, &staff, &headers, &data, editor, StatusCode::OK).await
}

/// Reads the editor form into a save request.
fn article_edit(form: &FormFields) -> Result<ArticleEdit, AppError> {
    let intent = form
        .get("intent")
        .and_then(SaveIntent::parse)
        .unwrap_or(SaveIntent::Keep);
    let number = |name: &'static str, what: &str| -> Result<Option<i64>, AppError> {
        optional_id(form.get(name)).map_err(|_| {
            AppError::Validation(FieldErrors::single(
                name,
                format!("The {what} could not be read; choose it again."),
            ))
        })
    };
    let categories = form
        .all("categories")
        .map(|text| {
            text.trim().parse::<i64>().map(CategoryId).map_err(|_| {
                AppError::Validation(FieldErrors::single(
                    "categories",
                    "The ticked categories could not be read; tick them again.",
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let based_on = match form
        .get("based_on")
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .and_then(|micros| Timestamp::from_microseconds(micros).ok())
                .ok_or_else(|| {
                    AppError::Validation(FieldErrors::single(
                        "title",
                        "The form is damaged; open the article again.",
                    ))
                })?,
        ),
    };
    Ok(ArticleEdit {
        title: form.text("title"),
        body_markdown: form.text("body"),
        slug: form.text("slug"),
        excerpt: form.text("excerpt"),
        seo_title: form.text("seo_title"),
        meta_description: form.text("meta_description"),
        source_name: form.text("source_name"),
        source_url: form.text("source_url"),
        source_published: form.text("source_published"),
        source_author: form.text("source_author"),
        source_licence: form.text("source_licence"),
        source_canonical: form.ticked("source_canonical"),
        comments_open: form.ticked("comments_open"),
        // The box is sent only when ticked; the hidden field beside it says the form
        // offered it, so that a form without it leaves the article's place alone.
        sticky: form.ticked("sticky_offered").then(|| form.ticked("sticky")),
        // A page's form says it is one and offers its parent; news forms offer neither.
        place: match new_kind(form.get("kind")) {
            ArticleKind::Page => Some(ArticlePlace::page(
                number("parent_page", "parent page")?.map(ArticleId),
            )),
            ArticleKind::Post => None,
        },
        categories,
        new_category: form.text("new_category"),
        new_category_parent: number("new_category_parent", "parent category")?.map(CategoryId),
        tags: form.text("tags"),
        featured_media: number("featured_media", "featured image")?.map(MediaId),
        featured_alt: form.text("featured_alt"),
        featured_caption: form.text("featured_caption"),
        publish_at: form.text("publish_at"),
        author: number("author", "author")?.map(UserId),
        intent,
        based_on,
    })
}

/// What the notice says after a save that moved the article to `article`'s status.
fn saved_notice(article: &Article, settings: &SiteSettings) -> String {
    match article.status {
        ArticleStatus::Draft => "Draft saved.".to_owned(),
        ArticleStatus::Pending => "Saved and submitted for review.".to_owned(),
        ArticleStatus::Scheduled => format!(
            "Scheduled for {}.",
            article.published_at.map_or_else(String::new, |moment| {
                DateView::with_time(moment, settings).display
            })
        ),
        ArticleStatus::Published => "Published.".to_owned(),
    }
}

/// Saves the editor's form for a new article (`id` `None`) or an existing one.
async fn save(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    id: Option<ArticleId>,
    form: &FormFields,
) -> Result<Response, WebError> {
    check_form(state, staff, headers, form.get("csrf"))?;
    let user = &staff.0.user;
    let outcome = match article_edit(form) {
        Ok(edit) => state.app.save_article(user, id, &edit).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(article) => {
            let settings = state.app.site_settings().await?;
            see_other_with_notice(
                state,
                &format!("/desk/articles/{}/edit", article.id),
                &saved_notice(&article, &settings),
            )
            .await
        }
        Err(error @ (AppError::Validation(_) | AppError::Conflict(_) | AppError::Forbidden(_))) => {
            let data = state
                .app
                .editor_data_for(user, id, new_kind(form.get("kind")))
                .await?;
            let status = refusal_status(&error);
            render_editor(
                state,
                staff,
                headers,
                &data,
                EditorState::typed(form, &error),
                status,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/articles/new`.
async fn create(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    save(&state, &staff, &headers, None, &form).await
}

/// `POST /desk/articles/{id}/edit`.
async fn update(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    save(&state, &staff, &headers, Some(id), &form).await
}

/// `POST /desk/articles/preview`: the editor's unsaved fields as readers would see them.
async fn preview_unsaved(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let body = form.text("body");
    let title = gazette_domain::text::clean_single_line(&form.text("title"));
    let source_name = gazette_domain::text::clean_single_line(&form.text("source_name"));
    let source_url = form.text("source_url");
    let source_author = gazette_domain::text::clean_single_line(&form.text("source_author"));
    let credit = (!source_name.is_empty())
        .then(|| gazette_domain::web_address::parse_absolute(source_url.trim()).ok())
        .flatten()
        .map(|url| CreditView {
            name: source_name,
            url: url.to_string(),
            author: Some(source_author).filter(|author| !author.is_empty()),
        });
    let page = PreviewPage {
        title: if title.is_empty() {
            "(no title yet)".to_owned()
        } else {
            title
        },
        body_html: gazette_render::markdown::to_safe_html(&body),
        excerpt: form.text("excerpt"),
        credit,
        original_published: None,
        published: None,
        status_label: "Unsaved",
        categories: ticked_category_names(&state, &form).await?,
        tags: gazette_domain::taxonomy::parse_tag_names(&form.text("tags")).unwrap_or_default(),
        edit_url: None,
        unsaved: true,
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Articles,
        "desk/article_preview.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// The names of the categories ticked in the editor's `form`, in the site's order, and of
/// the new one typed there.
async fn ticked_category_names(
    state: &WebState,
    form: &FormFields,
) -> Result<Vec<String>, WebError> {
    let ticked = ticked_categories(form);
    let mut names: Vec<String> = if ticked.is_empty() {
        Vec::new()
    } else {
        state
            .app
            .category_tree()
            .await?
            .into_iter()
            .filter(|(category, _)| ticked.contains(&category.id.get()))
            .map(|(category, _)| category.name)
            .collect()
    };
    let typed = gazette_domain::text::clean_single_line(&form.text("new_category"));
    if !typed.is_empty() && !names.contains(&typed) {
        names.push(typed);
    }
    Ok(names)
}

/// `GET /desk/articles/{id}/preview`: a saved article, whatever its status, as readers
/// would see it.
async fn preview_saved(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let data = state.app.editor_data(&staff.0.user, Some(id)).await?;
    let Some(article) = data.article.as_ref() else {
        return Err(WebError::NoSuchPage);
    };
    let settings = state.app.site_settings().await?;
    let page = PreviewPage {
        title: article.title.clone(),
        body_html: article.body_html.clone(),
        excerpt: article.excerpt.clone(),
        credit: article.source.as_ref().map(CreditView::of),
        original_published: article
            .source
            .as_ref()
            .and_then(|source| source.published_at)
            .map(|moment| DateView::new(moment, &settings, &settings.date_format)),
        published: article
            .published_at
            .map(|moment| DateView::new(moment, &settings, &settings.date_format)),
        status_label: if article.trashed.is_some() {
            "In the trash"
        } else {
            status_label(article.status)
        },
        categories: data
            .categories
            .iter()
            .filter(|(category, _)| data.category_ids.contains(&category.id))
            .map(|(category, _)| category.name.clone())
            .collect(),
        tags: data.tags.iter().map(|tag| tag.name.clone()).collect(),
        edit_url: (article.trashed.is_none()).then(|| format!("/desk/articles/{id}/edit")),
        unsaved: false,
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Articles,
        "desk/article_preview.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/articles/autosave` (from the editor's script): keeps what was typed. Answers
/// JSON: `{"saved": true, "created", "article_id", "edit_url", "saved_at"}` (with
/// `based_on` when a new draft was created, for the form's next save), or
/// `{"saved": false}` when there was nothing to keep.
async fn autosave(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let id = optional_id(form.get("article_id"))?.map(ArticleId);
    let outcome = state
        .app
        .autosave_article(
            &staff.0.user,
            id,
            match new_kind(form.get("kind")) {
                ArticleKind::Page => Some(ArticlePlace::page(
                    optional_id(form.get("parent_page"))?.map(ArticleId),
                )),
                ArticleKind::Post => None,
            },
            &AutosaveText {
                title: &form.text("title"),
                excerpt: &form.text("excerpt"),
                body_markdown: &form.text("body"),
                other_fields: &form.encoded_only(&AUTOSAVED_FIELDS),
            },
        )
        .await?;
    let settings = state.app.site_settings().await?;
    let body = match outcome {
        AutosaveOutcome::NothingToKeep => serde_json::json!({ "saved": false }),
        AutosaveOutcome::DraftCreated {
            article,
            saved_at,
            based_on,
        } => serde_json::json!({
            "saved": true,
            "created": true,
            "article_id": article.get(),
            "edit_url": format!("/desk/articles/{article}/edit"),
            "based_on": based_on.as_microseconds().to_string(),
            "saved_at": DateView::with_time(saved_at, &settings).display,
        }),
        AutosaveOutcome::Kept { article, saved_at } => serde_json::json!({
            "saved": true,
            "created": false,
            "article_id": article.get(),
            "edit_url": format!("/desk/articles/{article}/edit"),
            "saved_at": DateView::with_time(saved_at, &settings).display,
        }),
    };
    Ok(Json(body).into_response())
}

/// `POST /desk/articles/{id}/autosave/discard`.
async fn discard_autosave(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state.app.discard_autosave(&staff.0.user, id).await?;
    see_other_with_notice(
        &state,
        &format!("/desk/articles/{id}/edit"),
        "The autosave was thrown away.",
    )
    .await
}

/// `GET /desk/articles/{id}/revisions/`.
async fn history(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let (article, revisions) = state.app.article_history(&staff.0.user, id).await?;
    let settings = state.app.site_settings().await?;
    let newest = revisions.first().map(|item| item.revision.id);
    let page = HistoryPage {
        article_id: id.get(),
        title: article.title.clone(),
        edit_url: format!("/desk/articles/{id}/edit"),
        revisions: revisions
            .iter()
            .map(|item| RevisionRowView {
                id: item.revision.id.get(),
                saved: DateView::with_time(item.revision.created_at, &settings),
                saved_by: item.revision.saved_by_name.clone().unwrap_or_default(),
                title: item.revision.title.clone(),
                status_label: status_label(item.revision.status),
                note: item.revision.note.clone(),
                lines_added: item.lines_added,
                lines_removed: item.lines_removed,
                compare_url: format!("/desk/articles/{id}/revisions/{}", item.revision.id),
                current: Some(item.revision.id) == newest,
            })
            .collect(),
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Articles,
        "desk/article_history.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `?against=ID` on a comparison.
#[derive(Debug, Default, Deserialize)]
pub struct CompareQuery {
    against: Option<String>,
}

/// `GET /desk/articles/{id}/revisions/{revision}`: a version against the one before it
/// (or `?against=` another).
async fn compare(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, revision)): Path<(String, String)>,
    Query(query): Query<CompareQuery>,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let revision = RevisionId(id_in_path(&revision)?);
    let against = optional_id(query.against.as_deref())?.map(RevisionId);
    let comparison = state
        .app
        .compare_revisions(&staff.0.user, id, revision, against)
        .await?;
    let settings = state.app.site_settings().await?;
    let heading = |revision: &gazette_app::Revision| RevisionHeading {
        id: revision.id.get(),
        saved: DateView::with_time(revision.created_at, &settings),
        saved_by: revision.saved_by_name.clone().unwrap_or_default(),
    };
    let latest = state
        .app
        .article_history(&staff.0.user, id)
        .await?
        .1
        .first()
        .map(|item| item.revision.id);
    let page = ComparisonPage {
        article_id: id.get(),
        title: comparison.article.title.clone(),
        edit_url: format!("/desk/articles/{id}/edit"),
        history_url: format!("/desk/articles/{id}/revisions/"),
        older: comparison.older.as_ref().map(heading),
        newer: heading(&comparison.newer),
        identical: comparison.diff.is_empty(),
        fields: comparison.diff.fields,
        lines: comparison.diff.body,
        restore_url: format!("/desk/articles/{id}/revisions/{revision}/restore"),
        may_restore: comparison.article.trashed.is_none(),
        is_current: latest == Some(revision),
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Articles,
        "desk/article_compare.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/articles/{id}/revisions/{revision}/restore`.
async fn restore_revision(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, revision)): Path<(String, String)>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let revision = RevisionId(id_in_path(&revision)?);
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state
        .app
        .restore_revision(&staff.0.user, id, revision)
        .await?;
    see_other_with_notice(
        &state,
        &format!("/desk/articles/{id}/edit"),
        &format!("Version {revision} restored; the version it replaced is kept in the history."),
    )
    .await
}

/// `POST /desk/articles/{id}/corrections`.
async fn add_correction(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let user = &staff.0.user;
    match state
        .app
        .add_correction(
            user,
            id,
            &form.text("correction_kind"),
            &form.text("correction_note"),
        )
        .await
    {
        Ok(_) => {
            see_other_with_notice(
                &state,
                &format!("/desk/articles/{id}/edit#corrections"),
                "The note was added; readers see it at the end of the article.",
            )
            .await
        }
        Err(error @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let data = state.app.editor_data(user, Some(id)).await?;
            let settings = state.app.site_settings().await?;
            let values = EditorValues::of_article(data.article.as_ref(), &data, &settings);
            let mut editor = EditorState::showing(values);
            editor.correction_values = CorrectionValues {
                kind: form.text("correction_kind"),
                note: form.text("correction_note"),
            };
            match &error {
                AppError::Validation(errors) => editor.correction_errors = errors_by_field(errors),
                other => {
                    editor
                        .correction_errors
                        .insert("correction_note", other.to_string());
                }
            }
            let status = refusal_status(&error);
            render_editor(&state, &staff, &headers, &data, editor, status).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/articles/{id}/corrections/{correction}/delete`.
async fn delete_correction(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, correction)): Path<(String, String)>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    let correction = gazette_domain::CorrectionId(id_in_path(&correction)?);
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state
        .app
        .delete_correction(&staff.0.user, id, correction)
        .await?;
    see_other_with_notice(
        &state,
        &format!("/desk/articles/{id}/edit#corrections"),
        "The note was removed.",
    )
    .await
}

/// `POST /desk/articles/{id}/featured-image`: `media_id` from the media library, or empty
/// to remove the image.
async fn choose_featured_image(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let id = ArticleId(id_in_path(&id)?);
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let media = optional_id(form.get("media_id"))?.map(MediaId);
    state
        .app
        .set_featured_image(&staff.0.user, id, media)
        .await?;
    let notice = if media.is_some() {
        "Featured image set."
    } else {
        "Featured image removed."
    };
    see_other_with_notice(
        &state,
        &format!("/desk/articles/{id}/edit#featured-image"),
        notice,
    )
    .await
}
