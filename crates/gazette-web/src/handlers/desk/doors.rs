//! The desk's doors: signing in and out, the first administrator's setup link, and the
//! desk's front page.

use crate::client_ip::ClientIp;
use crate::desk_frame::{DeskSection, render_desk};
use crate::error::WebError;
use crate::form::FormFields;
use crate::handlers::theme_failure;
use crate::responses::{html_uncacheable, see_other};
use crate::staff::{Staff, check_form, ended_session_cookie, same_origin, session_cookie};
use crate::state::WebState;
use crate::views::SiteView;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_app::{AppError, Browser, SetupForm};
use gazette_domain::{Capability, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where to go after signing in: only places inside the desk, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next) if next.starts_with("/desk") && !next.starts_with("//") => next.to_owned(),
        _ => "/desk/".to_owned(),
    }
}

/// A page outside the desk: the site's frame and the form.
#[derive(Debug, Serialize)]
struct DoorPage<'a, T: Serialize> {
    site: SiteView,
    form: &'a T,
}

#[derive(Debug, Default, Serialize)]
struct AccountForm {
    action: String,
    next: String,
    name: String,
    email: String,
    errors: BTreeMap<&'static str, String>,
    notice: Option<String>,
}

/// Renders a page outside the desk (signing in, choosing a password) with the site's frame
/// as `site` and `form`.
pub(super) async fn render_door<T: Serialize>(
    state: &WebState,
    template: &str,
    form: &T,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let page = DoorPage {
        site: SiteView::new(&settings, state.app.clock().now()),
        form,
    };
    let html = state.theme.render(template, &page).map_err(theme_failure)?;
    Ok(html_uncacheable(status, html))
}

/// Signed in: `303 See Other` to `location` with the new session's cookie, and `notice`
/// shown once on the page it leads to.
pub(super) async fn signed_in_at(
    state: &WebState,
    secret: &str,
    location: &str,
    notice: Option<&str>,
) -> Result<Response, WebError> {
    let mut response = match notice {
        Some(notice) => crate::desk_frame::see_other_with_notice(state, location, notice).await?,
        None => see_other(location),
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        session_cookie(secret, crate::desk_frame::secure(state).await?),
    );
    Ok(response)
}

/// The browser a request comes from, kept with the session it starts.
pub(super) fn browser_of(client: &ClientIp, headers: &HeaderMap) -> Browser {
    Browser {
        ip: client.0,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
    }
}

/// `?next=`.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`.
pub async fn login_page(
    State(state): State<WebState>,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let form = AccountForm {
        action: "/login".to_owned(),
        next: safe_next(query.next.as_deref()),
        ..AccountForm::default()
    };
    render_door(&state, "desk/login.html", &form, StatusCode::OK).await
}

/// `POST /login`: a new session (never one the browser already had) and its cookie.
pub async fn log_in(
    State(state): State<WebState>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    same_origin(&headers)?;
    let email = form.text("email");
    let next = safe_next(form.get("next"));
    let browser = browser_of(&client, &headers);
    match state
        .app
        .sign_in(
            &email,
            &form.text("password"),
            browser.ip,
            browser.user_agent,
        )
        .await
    {
        Ok((secret, _user)) => signed_in_at(&state, &secret, &next, None).await,
        Err(error @ (AppError::Forbidden(_) | AppError::RateLimited { .. })) => {
            let status = if matches!(error, AppError::RateLimited { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let form = AccountForm {
                action: "/login".to_owned(),
                next,
                email,
                notice: Some(error.to_string()),
                ..AccountForm::default()
            };
            render_door(&state, "desk/login.html", &form, status).await
        }
        Err(error) => Err(error.into()),
    }
}

/// Back to the sign-in page, the session cookie removed.
pub(super) async fn signed_out(state: &WebState) -> Result<Response, WebError> {
    let mut response = see_other("/login");
    response.headers_mut().insert(
        header::SET_COOKIE,
        ended_session_cookie(crate::desk_frame::secure(state).await?),
    );
    Ok(response)
}

/// `POST /logout`.
pub async fn log_out(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state.app.sign_out(&staff.0).await?;
    signed_out(&state).await
}

/// `GET /setup/{token}`.
pub async fn setup_page(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if !state.app.setup_token_is_valid(&token).await? {
        return Err(AppError::NotFound(
            "This setup link has expired or was already used. Start `gazette serve` again for a new one, or add an administrator with `gazette user add`."
                .to_owned(),
        )
        .into());
    }
    let form = AccountForm {
        action: format!("/setup/{token}"),
        ..AccountForm::default()
    };
    render_door(&state, "desk/setup.html", &form, StatusCode::OK).await
}

/// `POST /setup/{token}`: the first administrator, signed in at once.
pub async fn complete_setup(
    State(state): State<WebState>,
    Path(token): Path<String>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    same_origin(&headers)?;
    let (name, email, password) = (form.text("name"), form.text("email"), form.text("password"));
    let typed = SetupForm {
        display_name: &name,
        email: &email,
        password: &password,
    };
    match state
        .app
        .complete_setup(&token, typed, browser_of(&client, &headers))
        .await
    {
        Ok((secret, _user)) => signed_in_at(&state, &secret, "/desk/", None).await,
        Err(AppError::Validation(errors)) => {
            let form = AccountForm {
                action: format!("/setup/{token}"),
                name,
                email,
                errors: errors_by_field(&errors),
                ..AccountForm::default()
            };
            render_door(
                &state,
                "desk/setup.html",
                &form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// Each field's message, for templates (`errors[name]`).
pub(super) fn errors_by_field(errors: &FieldErrors) -> BTreeMap<&'static str, String> {
    errors
        .iter()
        .map(|error| (error.field, error.message.clone()))
        .collect()
}

/// The desk's front page.
#[derive(Debug, Serialize)]
struct DeskHome {
    user: DeskUser,
    /// Comments waiting for a moderator, for those who moderate.
    comments_awaiting_moderation: Option<u64>,
    /// Syndicated items waiting for an editor, for those who manage sources.
    source_items_awaiting_review: Option<u64>,
}

#[derive(Debug, Serialize)]
struct DeskUser {
    name: String,
    email: String,
    role: &'static str,
}

/// `GET /desk/`: a welcome, and the way to the user's account.
pub async fn home(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let user = &staff.0.user;
    let comments_awaiting_moderation = if user.role.can(Capability::ModerateComments) {
        Some(state.app.comments_awaiting_moderation().await?)
    } else {
        None
    };
    let source_items_awaiting_review = if user.role.can(Capability::ManageSources) {
        Some(state.app.source_items_awaiting_review().await?)
    } else {
        None
    };
    let page = DeskHome {
        comments_awaiting_moderation,
        source_items_awaiting_review,
        user: DeskUser {
            name: user.display_name.clone(),
            email: user.email.clone(),
            role: user.role.as_str(),
        },
    };
    render_desk(
        &state,
        &staff,
        &headers,
        DeskSection::Home,
        "desk/home.html",
        &page,
        StatusCode::OK,
    )
    .await
}

/// `GET /desk/api/me`: who is signed in, for scripts.
pub async fn me(staff: Staff) -> Response {
    let user = &staff.0.user;
    Json(serde_json::json!({
        "id": user.id.get(),
        "name": user.display_name,
        "role": user.role.as_str(),
    }))
    .into_response()
}
