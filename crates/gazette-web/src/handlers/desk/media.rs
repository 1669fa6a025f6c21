//! The desk's media screens: the library (search, pages, and the modes that choose an image
//! for something: an article's featured image, which the article editor links to, or the
//! site's logo, which the settings screen links to), uploading one or several images, an
//! image's page to describe it (title, alt text, caption) with the Markdown that shows it
//! in an article, and deleting it after a confirmation — refused while articles use it,
//! naming them, and while it is the site's logo.
//!
//! Uploads arrive as `multipart/form-data`. The CSRF token is the form's first field (or
//! the `X-CSRF-Token` header) and is checked before any file is read; each file is read up
//! to the size limit and no further, and handed to `App::upload_media` one at a time, so
//! several large files never sit in memory together.

use super::settings::image_setting_action;
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::image_view::{ARTICLE_WIDTH_SIZES, ImageView};
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::DateView;
use axum::Router;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use gazette_app::{AppError, MediaItem, MediaLimits, MediaUpload, MediaUse};
use gazette_domain::{ArticleId, Capability, MediaDetails, MediaId, SettingKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most files one upload form may send.
const MAX_FILES_PER_UPLOAD: u64 = 20;
/// `sizes` of the library's thumbnails.
const LIBRARY_SIZES: &str = "12rem";

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    // The upload route takes a body as large as its files; every other route keeps the
    // site's limit. Each file is also held to the limit while it is read.
    let upload_limit = MediaLimits::default()
        .max_bytes
        .saturating_mul(MAX_FILES_PER_UPLOAD)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/desk/media/", get(library))
        .route("/desk/media", get(crate::handlers::add_trailing_slash))
        .route(
            "/desk/media/upload",
            get(upload_page).post(upload).layer(DefaultBodyLimit::max(
                usize::try_from(upload_limit).unwrap_or(usize::MAX),
            )),
        )
        .route("/desk/media/{id}/", get(item_page).post(save_details))
        .route("/desk/media/{id}/delete", get(delete_page).post(delete))
}

/// `?q=…&page=…&choose_for=…` (or `choose=site_logo`), read leniently: anything
/// unreadable is ignored.
#[derive(Debug, Default, Deserialize)]
pub struct LibraryQuery {
    q: Option<String>,
    page: Option<String>,
    choose_for: Option<String>,
    choose: Option<String>,
}

/// What an editor came to the library to choose an image for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choosing {
    /// The featured image of this article (`?choose_for=ID`).
    FeaturedImage(i64),
    /// The site's logo (`?choose=site_logo`).
    SiteLogo,
}

impl Choosing {
    /// The choice a library address asks for, if any.
    fn asked(query: &LibraryQuery) -> Option<Self> {
        if let Some(article) = query
            .choose_for
            .as_deref()
            .and_then(|id| id.trim().parse::<i64>().ok())
            .filter(|id| *id > 0)
        {
            return Some(Self::FeaturedImage(article));
        }
        (query.choose.as_deref() == Some(SettingKey::SiteLogo.name())).then_some(Self::SiteLogo)
    }

    /// The query parameter that keeps the choice on the library's other pages.
    fn parameter(self) -> (&'static str, String) {
        match self {
            Self::FeaturedImage(article) => ("choose_for", article.to_string()),
            Self::SiteLogo => ("choose", SettingKey::SiteLogo.name().to_owned()),
        }
    }

    /// How the library shows the choice.
    fn view(self) -> ChoosingView {
        let (name, value) = self.parameter();
        match self {
            Self::FeaturedImage(article) => ChoosingView {
                heading: "Choose a featured image",
                button: "Use as featured image",
                action: format!("/desk/articles/{article}/featured-image"),
                back_url: format!("/desk/articles/{article}/edit"),
                back_label: "Back to the article",
                upload_url: format!("/desk/media/upload?choose_for={article}"),
                name,
                value,
            },
            Self::SiteLogo => ChoosingView {
                heading: "Choose the site logo",
                button: "Use as the site logo",
                action: image_setting_action(SettingKey::SiteLogo.name()),
                back_url: "/desk/settings/".to_owned(),
                back_label: "Back to the settings",
                upload_url: format!("/desk/media/upload?choose={}", SettingKey::SiteLogo.name()),
                name,
                value,
            },
        }
    }
}

/// The library's choosing mode, as its template shows it.
#[derive(Debug, Serialize)]
struct ChoosingView {
    heading: &'static str,
    /// Each image's button, and where it posts the image's `media_id`.
    button: &'static str,
    action: String,
    back_url: String,
    back_label: &'static str,
    upload_url: String,
    /// The query parameter that keeps the mode, for the search form.
    name: &'static str,
    value: String,
}

#[derive(Debug, Serialize)]
struct LibraryPage {
    search: String,
    choosing: Option<ChoosingView>,
    items: Vec<LibraryItem>,
    total: u64,
    page: u32,
    page_count: u32,
    previous_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct LibraryItem {
    id: i64,
    title: String,
    edit_url: String,
    image: ImageView,
    size: String,
    has_alt_text: bool,
}

/// The library's address for `page` with the search and choosing mode kept.
fn library_url(search: &str, choosing: Option<Choosing>, page: u32) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !search.is_empty() {
        query.append_pair("q", search);
    }
    if let Some((name, value)) = choosing.map(Choosing::parameter) {
        query.append_pair(name, &value);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        "/desk/media/".to_owned()
    } else {
        format!("/desk/media/?{query}")
    }
}

fn describe_size(item: &MediaItem) -> String {
    format!(
        "{} × {} · {}",
        item.width,
        item.height,
        gazette_app::describe_bytes(item.byte_size)
    )
}

/// `GET /desk/media/`.
pub async fn library(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    query: Result<Query<LibraryQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    staff.require(Capability::UploadMedia)?;
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let search = gazette_domain::text::clean_single_line(query.q.as_deref().unwrap_or_default());
    let page = query
        .page
        .as_deref()
        .and_then(|page| page.trim().parse::<u32>().ok())
        .unwrap_or(1);
    let choosing = Choosing::asked(&query);
    if choosing == Some(Choosing::SiteLogo) {
        staff.require(Capability::ManageSettings)?;
    }
    let listing = state.app.media_library(&search, page).await?;
    let items = listing
        .items
        .iter()
        .map(|item| LibraryItem {
            id: item.id.get(),
            title: item.title.clone(),
            edit_url: format!("/desk/media/{}/", item.id),
            image: ImageView::new(item, LIBRARY_SIZES),
            size: describe_size(item),
            has_alt_text: !item.alt_text.is_empty(),
        })
        .collect();
    let page = LibraryPage {
        previous_url: (listing.page > 1).then(|| library_url(&search, choosing, listing.page - 1)),
        next_url: (listing.page < listing.page_count)
            .then(|| library_url(&search, choosing, listing.page + 1)),
        search,
        choosing: choosing.map(Choosing::view),
        items,
        total: listing.total,
        page: listing.page,
        page_count: listing.page_count,
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Media,
        "desk/media_library.html",
        &page,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Default, Serialize)]
struct UploadPage {
    /// The article whose featured image the upload becomes, when uploading for one.
    choose_for: Option<i64>,
    /// Whether the upload becomes the site's logo (`?choose=site_logo`).
    for_site_logo: bool,
    max_size: String,
    errors: BTreeMap<&'static str, String>,
    refused: Vec<RefusedFile>,
    uploaded: Vec<UploadedFile>,
}

#[derive(Debug, Serialize)]
struct RefusedFile {
    name: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct UploadedFile {
    #[serde(skip)]
    id: MediaId,
    title: String,
    edit_url: String,
}

async fn render_upload(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    mut page: UploadPage,
    status: StatusCode,
) -> Result<Response, WebError> {
    page.max_size = gazette_app::describe_bytes(state.app.media_limits().max_bytes);
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Media,
        "desk/media_upload.html",
        &page,
        status,
    )
    .await
}

/// `?choose_for=` on the upload form: the article whose featured image the upload becomes;
/// `?choose=site_logo`: the upload becomes the site's logo.
#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    choose_for: Option<String>,
    choose: Option<String>,
}

/// Whether `choose` asks for the site's logo.
fn is_site_logo(choose: Option<&str>) -> bool {
    choose.map(str::trim) == Some(SettingKey::SiteLogo.name())
}

/// `GET /desk/media/upload`.
pub async fn upload_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
) -> Result<Response, WebError> {
    staff.require(Capability::UploadMedia)?;
    let for_site_logo = is_site_logo(query.choose.as_deref());
    if for_site_logo {
        staff.require(Capability::ManageSettings)?;
    }
    let page = UploadPage {
        choose_for: query
            .choose_for
            .and_then(|text| text.trim().parse().ok())
            .filter(|id: &i64| *id > 0),
        for_site_logo,
        ..UploadPage::default()
    };
    render_upload(&state, &staff, &headers, page, StatusCode::OK).await
}

/// Why a multipart body could not be read, for the person who sent it.
fn unreadable_upload() -> WebError {
    WebError::from(AppError::Validation(gazette_domain::FieldErrors::single(
        "file",
        "The upload could not be read. Choose the files again in the upload form and send it once more.",
    )))
}

/// Reads one file field up to `limit` bytes: `Ok(None)` when it is larger.
async fn read_limited(field: &mut Field<'_>, limit: u64) -> Result<Option<Vec<u8>>, WebError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| unreadable_upload())? {
        if u64::try_from(bytes.len() + chunk.len()).unwrap_or(u64::MAX) > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// `POST /desk/media/upload`: one or several files in the field `file`.
pub async fn upload(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    staff.require(Capability::UploadMedia)?;
    crate::staff::same_origin(&headers)?;
    let mut multipart = multipart.map_err(|_| unreadable_upload())?;
    let limits = state.app.media_limits().clone();
    let actor = staff.actor();
    let mut checked = false;
    let mut files: u64 = 0;
    let mut page = UploadPage::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| unreadable_upload())?
    {
        match field.name() {
            Some("csrf") if !checked => {
                let token = field.text().await.map_err(|_| unreadable_upload())?;
                check_form(&state, &staff, &headers, Some(&token))?;
                checked = true;
            }
            Some("choose_for") => {
                let text = field.text().await.map_err(|_| unreadable_upload())?;
                page.choose_for = text.trim().parse().ok().filter(|id: &i64| *id > 0);
            }
            Some("choose") => {
                let text = field.text().await.map_err(|_| unreadable_upload())?;
                page.for_site_logo = is_site_logo(Some(&text));
                if page.for_site_logo {
                    // Refused before any file is stored, not after.
                    staff.require(Capability::ManageSettings)?;
                }
            }
            Some("file") => {
                if !checked {
                    check_form(&state, &staff, &headers, None)?;
                    checked = true;
                }
                let name = field.file_name().unwrap_or_default().to_owned();
                let Some(bytes) = read_limited(&mut field, limits.max_bytes).await? else {
                    page.refused.push(RefusedFile {
                        reason: format!(
                            "The file is larger than {}, the most Gazette accepts. Make the image smaller (fewer pixels or more compression) and upload it again.",
                            gazette_app::describe_bytes(limits.max_bytes)
                        ),
                        name,
                    });
                    continue;
                };
                if name.is_empty() && bytes.is_empty() {
                    continue;
                }
                files += 1;
                if files > MAX_FILES_PER_UPLOAD {
                    page.refused.push(RefusedFile {
                        name,
                        reason: format!("At most {MAX_FILES_PER_UPLOAD} files can be uploaded at once; upload this one again on its own."),
                    });
                    continue;
                }
                page.take(
                    state
                        .app
                        .upload_media(
                            &actor,
                            MediaUpload {
                                file_name: name.clone(),
                                bytes,
                            },
                        )
                        .await,
                    name,
                )?;
            }
            _ => {}
        }
    }
    if !checked {
        check_form(&state, &staff, &headers, None)?;
    }
    answer_upload(&state, &staff, &headers, page).await
}

/// The answer to an upload: to the image's page (one file) or the library (several), or
/// the form again with every refusal listed.
async fn answer_upload(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    mut page: UploadPage,
) -> Result<Response, WebError> {
    if page.refused.is_empty() {
        return match page.uploaded.as_slice() {
            [] => {
                page.errors.insert(
                    "file",
                    "Choose at least one image file to upload.".to_owned(),
                );
                render_upload(
                    state,
                    staff,
                    headers,
                    page,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            [only] => {
                if let Some(article) = page.choose_for {
                    state
                        .app
                        .set_featured_image(&staff.0.user, ArticleId(article), Some(only.id))
                        .await?;
                    let notice = format!(
                        "Uploaded “{}” as the featured image. Describe it for people who cannot see it: add its alt text below.",
                        only.title
                    );
                    see_other_with_notice(
                        state,
                        &format!("/desk/articles/{article}/edit#featured-image"),
                        &notice,
                    )
                    .await
                } else if page.for_site_logo {
                    staff.require(Capability::ManageSettings)?;
                    state
                        .app
                        .change_setting(SettingKey::SiteLogo.name(), &only.id.to_string())
                        .await?;
                    let notice = format!(
                        "Uploaded “{}” as the site logo. Describe it for people who cannot see it: add its alt text in the media library.",
                        only.title
                    );
                    see_other_with_notice(state, "/desk/settings/", &notice).await
                } else {
                    let notice = format!(
                        "Uploaded “{}”. Describe it for people who cannot see it: add its alt text below.",
                        only.title
                    );
                    see_other_with_notice(state, &only.edit_url, &notice).await
                }
            }
            several => {
                let notice = format!(
                    "Uploaded {} images. Open each to add its alt text.",
                    several.len()
                );
                see_other_with_notice(state, "/desk/media/", &notice).await
            }
        };
    }
    page.errors.insert(
        "file",
        if page.refused.len() == 1 {
            "One file was refused; the reason is below.".to_owned()
        } else {
            format!(
                "{} files were refused; the reasons are below.",
                page.refused.len()
            )
        },
    );
    render_upload(
        state,
        staff,
        headers,
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

impl UploadPage {
    /// Records what became of one file.
    fn take(&mut self, outcome: Result<MediaItem, AppError>, name: String) -> Result<(), WebError> {
        match outcome {
            Ok(item) => self.uploaded.push(UploadedFile {
                id: item.id,
                edit_url: format!("/desk/media/{}/", item.id),
                title: item.title,
            }),
            Err(AppError::Validation(errors)) => self.refused.push(RefusedFile {
                name,
                reason: errors
                    .iter()
                    .map(|error| error.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            }),
            Err(other) => return Err(other.into()),
        }
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct ItemPage {
    id: i64,
    action: String,
    delete_url: String,
    image: ImageView,
    markdown: String,
    original_name: String,
    url: String,
    size: String,
    mime_type: String,
    uploaded: String,
    variants: Vec<VariantView>,
    values: DetailsValues,
    errors: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
struct VariantView {
    url: String,
    width: u32,
    height: u32,
}

#[derive(Debug, Serialize)]
struct DetailsValues {
    title: String,
    alt_text: String,
    caption: String,
}

fn media_id(text: &str) -> Result<MediaId, WebError> {
    text.parse::<MediaId>()
        .ok()
        .filter(|id| id.get() > 0)
        .ok_or(WebError::NoSuchPage)
}

async fn render_item(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    item: &MediaItem,
    values: DetailsValues,
    errors: BTreeMap<&'static str, String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let page = ItemPage {
        id: item.id.get(),
        action: format!("/desk/media/{}/", item.id),
        delete_url: format!("/desk/media/{}/delete", item.id),
        image: ImageView::new(item, ARTICLE_WIDTH_SIZES),
        markdown: item.markdown(),
        original_name: item.original_name.clone(),
        url: item.url.clone(),
        size: describe_size(item),
        mime_type: item.mime_type.clone(),
        uploaded: DateView::with_time(item.created_at, &settings).display,
        variants: item
            .variants
            .iter()
            .map(|variant| VariantView {
                url: variant.url.clone(),
                width: variant.width,
                height: variant.height,
            })
            .collect(),
        values,
        errors,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Media,
        "desk/media_item.html",
        &page,
        status,
    )
    .await
}

/// `GET /desk/media/{id}/`.
pub async fn item_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Capability::UploadMedia)?;
    let item = state.app.media_item(media_id(&id)?).await?;
    let values = DetailsValues {
        title: item.title.clone(),
        alt_text: item.alt_text.clone(),
        caption: item.caption.clone(),
    };
    render_item(
        &state,
        &staff,
        &headers,
        &item,
        values,
        BTreeMap::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/media/{id}/`: the image's title, alt text and caption.
pub async fn save_details(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let id = media_id(&id)?;
    let details = MediaDetails {
        title: form.text("title"),
        alt_text: form.text("alt_text"),
        caption: form.text("caption"),
    };
    match state
        .app
        .update_media_details(&staff.actor(), id, &details)
        .await
    {
        Ok(_) => see_other_with_notice(&state, &format!("/desk/media/{id}/"), "Saved.").await,
        Err(AppError::Validation(errors)) => {
            let item = state.app.media_item(id).await?;
            let errors = errors
                .iter()
                .map(|error| (error.field, error.message.clone()))
                .collect();
            let values = DetailsValues {
                title: details.title,
                alt_text: details.alt_text,
                caption: details.caption,
            };
            render_item(
                &state,
                &staff,
                &headers,
                &item,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, Serialize)]
struct DeletePage {
    id: i64,
    title: String,
    action: String,
    back_url: String,
    image: ImageView,
    uses: Vec<UseView>,
    refusal: Option<String>,
}

#[derive(Debug, Serialize)]
struct UseView {
    title: String,
    featured: bool,
}

async fn render_delete(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    item: &MediaItem,
    uses: &[MediaUse],
    refusal: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let page = DeletePage {
        id: item.id.get(),
        title: item.title.clone(),
        action: format!("/desk/media/{}/delete", item.id),
        back_url: format!("/desk/media/{}/", item.id),
        image: ImageView::new(item, LIBRARY_SIZES),
        uses: uses
            .iter()
            .map(|usage| UseView {
                title: usage.title.clone(),
                featured: usage.featured,
            })
            .collect(),
        refusal,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Media,
        "desk/media_delete.html",
        &page,
        status,
    )
    .await
}

/// `GET /desk/media/{id}/delete`: the confirmation, or why it cannot be deleted.
pub async fn delete_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Capability::UploadMedia)?;
    let id = media_id(&id)?;
    let item = state.app.media_item(id).await?;
    let uses = state.app.media_uses(id).await?;
    let refusal = state.app.media_deletion_refusal(id).await?;
    render_delete(
        &state,
        &staff,
        &headers,
        &item,
        &uses,
        refusal,
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/media/{id}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let id = media_id(&id)?;
    let item = state.app.media_item(id).await?;
    match state.app.delete_media(&staff.actor(), id).await {
        Ok(()) => {
            see_other_with_notice(
                &state,
                "/desk/media/",
                &format!("Deleted “{}”.", item.title),
            )
            .await
        }
        Err(AppError::Conflict(refusal)) => {
            let uses = state.app.media_uses(id).await?;
            render_delete(
                &state,
                &staff,
                &headers,
                &item,
                &uses,
                Some(refusal),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}
