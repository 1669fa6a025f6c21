//! The desk's settings screen, for administrators: every site setting, on three tabs
//! (General, Reading, Comments), built from the settings themselves (`fields` says where
//! and how each is shown). Saving a tab checks every field and stores all of them or none;
//! each mistake is shown next to its field with everything typed kept. Date formats are
//! shown with an example, which a small script keeps up to date while typing; the
//! permalink pattern with the address it gives an example article. An image setting (the
//! site logo) is shown with the image, chosen in the media library and removed with a
//! button of its own, each through `POST /desk/settings/images/<setting>`.

mod fields;

use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::handlers::add_trailing_slash;
use crate::handlers::desk::doors::errors_by_field;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fields::{Kind, Tab, placement};
use gazette_app::AppError;
use gazette_domain::date_format::{format_date, validate_pattern};
use gazette_domain::permalink::{AddressParts, PermalinkPattern};
use gazette_domain::settings::SettingValue;
use gazette_domain::{ArticleId, Capability, MediaId, SettingKey, SiteSettings, Slug};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/desk/settings/", get(show_general).post(save_general))
        .route("/desk/settings", get(add_trailing_slash))
        .route("/desk/settings/{tab}/", get(show_tab).post(save_tab))
        .route("/desk/settings/{tab}", get(add_trailing_slash))
        .route("/desk/api/settings/date-example", get(date_example))
        .route("/desk/settings/images/{setting}", post(choose_image))
}

/// Where the media library lets an administrator choose the image of the setting `name`.
pub(crate) fn image_choice_url(name: &str) -> String {
    format!("/desk/media/?choose={name}")
}

/// Where an image setting `name` is changed: the media library's choice posts here, as
/// does the settings screen's button that removes the image.
pub(crate) fn image_setting_action(name: &str) -> String {
    format!("/desk/settings/images/{name}")
}

/// Every time zone name the site knows, sorted, offered as the time zone is typed.
static TIME_ZONES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .collect();
    names.sort();
    names
});

/// A tab of the settings screen.
#[derive(Debug, Serialize)]
struct SettingsPage {
    tabs: Vec<TabLink>,
    heading: String,
    action: &'static str,
    sections: Vec<SectionView>,
    errors: BTreeMap<&'static str, String>,
    /// The names offered for a time zone field (empty on tabs without one).
    time_zones: &'static [String],
}

#[derive(Debug, Serialize)]
struct TabLink {
    label: &'static str,
    url: &'static str,
    current: bool,
}

#[derive(Debug, Serialize)]
struct SectionView {
    legend: &'static str,
    fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
struct FieldView {
    name: &'static str,
    label: String,
    hint: &'static str,
    /// `text`, `address`, `number`, `yes_no`, `choice`, `time_zone`, `word_list`,
    /// `date_format` or `permalink`.
    kind: &'static str,
    value: String,
    checked: bool,
    options: Vec<ChoiceView>,
    /// For a date format, today written with it; for a permalink pattern, an example
    /// article's address. Only when the value is valid.
    example: Option<String>,
    /// For an image setting: the image chosen, if any, where to choose one, and where the
    /// button that removes it posts.
    image: Option<ChosenImageView>,
    choose_url: Option<String>,
    image_action: Option<String>,
}

/// The image an image setting holds, as the settings screen shows it.
#[derive(Debug, Serialize)]
struct ChosenImageView {
    src: String,
    title: String,
    edit_url: String,
}

#[derive(Debug, Serialize)]
struct ChoiceView {
    value: &'static str,
    label: &'static str,
}

/// What a tab's fields show: the stored values, or what was typed.
enum Shown<'a> {
    Stored,
    Typed(&'a FormFields),
}

/// The images the image settings of `tab` hold, by setting, as far as they are still in
/// the media library.
async fn chosen_images(
    state: &WebState,
    tab: Tab,
    settings: &SiteSettings,
) -> Result<BTreeMap<&'static str, ChosenImageView>, WebError> {
    let mut images = BTreeMap::new();
    for (key, _) in settings_of(tab, settings).filter(|(_, place)| place.kind == Kind::Image) {
        let Ok(id) = settings.get(key).to_string().parse::<i64>() else {
            continue;
        };
        match state.app.media_item(MediaId(id)).await {
            Ok(item) => {
                images.insert(
                    key.name(),
                    ChosenImageView {
                        src: item.url_for_width(480).to_owned(),
                        title: item.title.clone(),
                        edit_url: format!("/desk/media/{id}/"),
                    },
                );
            }
            Err(AppError::NotFound(_)) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(images)
}

/// The settings of `tab`, in the table's order, each with its placement.
fn settings_of(
    tab: Tab,
    settings: &SiteSettings,
) -> impl Iterator<Item = (SettingKey, fields::Placement)> {
    SettingKey::ALL.into_iter().filter_map(move |key| {
        let place = placement(key, &settings.get(key));
        (place.tab == tab).then_some((key, place))
    })
}

/// Today written with `pattern` in the site's zone, when the pattern is valid.
fn example_of(pattern: &str, settings: &SiteSettings, state: &WebState) -> Option<String> {
    validate_pattern(pattern).ok()?;
    let today = state.app.clock().now().in_zone(&settings.time_zone);
    Some(format_date(&today, pattern))
}

/// The address `pattern` gives article 123, "Sample article", published now in the
/// category News, when the pattern is valid.
fn address_example(pattern: &str, settings: &SiteSettings, state: &WebState) -> Option<String> {
    let pattern = PermalinkPattern::parse(pattern).ok()?;
    let slug = Slug::from_title("Sample article", "article");
    Some(
        pattern.render(&AddressParts {
            id: ArticleId(123),
            slug: &slug,
            published: state
                .app
                .clock()
                .now()
                .in_zone(&settings.time_zone)
                .datetime(),
            category_path: "news",
        }),
    )
}

fn build_page(
    state: &WebState,
    tab: Tab,
    settings: &SiteSettings,
    shown: &Shown<'_>,
    mut images: BTreeMap<&'static str, ChosenImageView>,
    errors: BTreeMap<&'static str, String>,
) -> SettingsPage {
    let mut sections: Vec<SectionView> = Vec::new();
    let mut offers_time_zones = false;
    for (key, place) in settings_of(tab, settings) {
        let stored = settings.get(key);
        let (value, checked) = match shown {
            Shown::Stored => (stored.to_string(), stored == SettingValue::Flag(true)),
            // An image is never typed: it keeps its stored value.
            Shown::Typed(_) if place.kind == Kind::Image => (stored.to_string(), false),
            Shown::Typed(form) => {
                let typed = form.text(key.name());
                let checked = form.get(key.name()).is_some();
                (typed, checked)
            }
        };
        offers_time_zones |= place.kind == Kind::TimeZone;
        let field = FieldView {
            name: key.name(),
            hint: place.hint,
            kind: place.kind.name(),
            options: match place.kind {
                Kind::Choice(choices) => choices
                    .iter()
                    .map(|&(value, label)| ChoiceView { value, label })
                    .collect(),
                _ => Vec::new(),
            },
            example: match place.kind {
                Kind::DateFormat => example_of(&value, settings, state),
                Kind::Permalink => address_example(&value, settings, state),
                _ => None,
            },
            image: images.remove(key.name()),
            choose_url: (place.kind == Kind::Image).then(|| image_choice_url(key.name())),
            image_action: (place.kind == Kind::Image).then(|| image_setting_action(key.name())),
            label: place.label,
            value,
            checked,
        };
        match sections.last_mut() {
            Some(section) if section.legend == place.section => section.fields.push(field),
            _ => sections.push(SectionView {
                legend: place.section,
                fields: vec![field],
            }),
        }
    }
    SettingsPage {
        tabs: Tab::ALL
            .into_iter()
            .map(|each| TabLink {
                label: each.label(),
                url: each.url(),
                current: each == tab,
            })
            .collect(),
        heading: format!("{} settings", tab.label()),
        action: tab.url(),
        sections,
        errors,
        time_zones: if offers_time_zones { &TIME_ZONES } else { &[] },
    }
}

async fn show(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    tab: Tab,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSettings)?;
    let settings = state.app.site_settings().await?;
    let images = chosen_images(state, tab, &settings).await?;
    let page = build_page(
        state,
        tab,
        &settings,
        &Shown::Stored,
        images,
        BTreeMap::new(),
    );
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Settings,
        "desk/settings.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// Stores every setting of `tab` from `form`, all or none. Image settings are left as
/// they are: they change through their own button and the media library.
async fn save(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    tab: Tab,
    form: &FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSettings)?;
    check_form(state, staff, headers, form.get("csrf"))?;
    let settings = state.app.site_settings().await?;
    let typed_values: Vec<(&'static str, String)> = settings_of(tab, &settings)
        .filter(|(_, place)| place.kind != Kind::Image)
        .map(|(key, place)| {
            let value = if place.kind == Kind::YesNo {
                form.get(key.name()).is_some().to_string()
            } else {
                form.text(key.name())
            };
            (key.name(), value)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = typed_values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    match state.app.change_settings(&pairs).await {
        Ok(count) => {
            let notice = match count {
                0 => "Nothing was changed.".to_owned(),
                1 => "One setting was changed.".to_owned(),
                many => format!("{many} settings were changed."),
            };
            see_other_with_notice(state, tab.url(), &notice).await
        }
        Err(AppError::Validation(errors)) => {
            let images = chosen_images(state, tab, &settings).await?;
            let page = build_page(
                state,
                tab,
                &settings,
                &Shown::Typed(form),
                images,
                errors_by_field(&errors),
            );
            render_desk(
                state,
                staff,
                headers,
                DeskSection::Settings,
                "desk/settings.html",
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// The tab named in the address.
fn tab_named(slug: &str) -> Result<Tab, WebError> {
    Tab::from_slug(slug).ok_or(WebError::NoSuchPage)
}

/// `GET /desk/settings/`.
async fn show_general(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    show(&state, &staff, &headers, Tab::General).await
}

/// `POST /desk/settings/`.
async fn save_general(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    save(&state, &staff, &headers, Tab::General, &form).await
}

/// `GET /desk/settings/{tab}/`.
async fn show_tab(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    show(&state, &staff, &headers, tab_named(&slug)?).await
}

/// `POST /desk/settings/{tab}/`.
async fn save_tab(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(slug): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    save(&state, &staff, &headers, tab_named(&slug)?, &form).await
}

/// `POST /desk/settings/images/{setting}`: `media_id` from the media library becomes the
/// image of `setting`, or, empty, removes it.
async fn choose_image(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(name): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSettings)?;
    let key = SettingKey::parse(&name).map_err(|_| WebError::NoSuchPage)?;
    let place = placement(key, &SettingValue::Text(String::new()));
    if place.kind != Kind::Image || key.name() != name {
        return Err(WebError::NoSuchPage);
    }
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let chosen = form.text("media_id");
    state.app.change_setting(key.name(), &chosen).await?;
    let notice = if chosen.trim().is_empty() {
        format!("The {} was removed.", place.label.to_lowercase())
    } else {
        format!("The {} was changed.", place.label.to_lowercase())
    };
    see_other_with_notice(&state, place.tab.url(), &notice).await
}

/// `?pattern=`.
#[derive(Debug, Deserialize)]
struct PatternQuery {
    pattern: String,
}

/// `GET /desk/api/settings/date-example?pattern=…`: today written with the pattern, or
/// what is wrong with it, for the settings screen's script.
async fn date_example(
    State(state): State<WebState>,
    staff: Staff,
    Query(query): Query<PatternQuery>,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageSettings)?;
    let settings = state.app.site_settings().await?;
    let body = match validate_pattern(&query.pattern) {
        Ok(()) => serde_json::json!({ "example": example_of(&query.pattern, &settings, &state) }),
        Err(reason) => serde_json::json!({ "problem": reason }),
    };
    Ok(Json(body).into_response())
}
