//! The desk's doors: signing in and out, the first administrator's setup link, and the
//! desk's front page with the user's sessions.

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
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_app::AppError;
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

/// The sign-in and setup forms.
#[derive(Debug, Serialize)]
struct AccountFormPage {
    site: SiteView,
    form: AccountForm,
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

async fn render_account_form(
    state: &WebState,
    template: &str,
    form: AccountForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let page = AccountFormPage {
        site: SiteView::new(&settings, state.app.clock().now()),
        form,
    };
    let html = state.theme.render(template, &page).map_err(theme_failure)?;
    Ok(html_uncacheable(status, html))
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
    render_account_form(&state, "desk/login.html", form, StatusCode::OK).await
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
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    match state
        .app
        .sign_in(&email, &form.text("password"), client.0, user_agent)
        .await
    {
        Ok((secret, _user)) => {
            let mut response = see_other(&next);
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&secret, crate::desk_frame::secure(&state).await?),
            );
            Ok(response)
        }
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
            render_account_form(&state, "desk/login.html", form, status).await
        }
        Err(error) => Err(error.into()),
    }
}

/// Back to the sign-in page, the session cookie removed.
async fn signed_out(state: &WebState) -> Result<Response, WebError> {
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
    render_account_form(&state, "desk/setup.html", form, StatusCode::OK).await
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
    match state
        .app
        .complete_setup(&token, &name, &email, &password)
        .await
    {
        Ok(user) => {
            let (secret, _) = state
                .app
                .sign_in(&user.email, &password, client.0, None)
                .await?;
            let mut response = see_other("/desk/");
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&secret, crate::desk_frame::secure(&state).await?),
            );
            Ok(response)
        }
        Err(AppError::Validation(errors)) => {
            let form = AccountForm {
                action: format!("/setup/{token}"),
                name,
                email,
                errors: errors_by_field(&errors),
                ..AccountForm::default()
            };
            render_account_form(
                &state,
                "desk/setup.html",
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

fn errors_by_field(errors: &FieldErrors) -> BTreeMap<&'static str, String> {
    errors
        .iter()
        .map(|error| (error.field, error.message.clone()))
        .collect()
}

/// The desk's front page.
#[derive(Debug, Serialize)]
struct DeskHome {
    user: DeskUser,
    sessions: Vec<SessionView>,
    /// Comments waiting for a moderator, for those who moderate.
    comments_awaiting_moderation: Option<u64>,
}

#[derive(Debug, Serialize)]
struct DeskUser {
    id: i64,
    name: String,
    email: String,
    role: String,
}

#[derive(Debug, Serialize)]
struct SessionView {
    started: String,
    last_seen: String,
    ip: Option<String>,
    browser: Option<String>,
    current: bool,
}

/// `GET /desk/`.
pub async fn home(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let user = &staff.0.user;
    let sessions = state
        .app
        .sessions_of(user.id)
        .await?
        .into_iter()
        .map(|session| SessionView {
            started: crate::views::DateView::with_time(session.created_at, &settings).display,
            last_seen: crate::views::DateView::with_time(session.last_seen_at, &settings).display,
            current: session.id_hash == staff.0.session,
            ip: session.ip,
            browser: session.user_agent,
        })
        .collect();
    let comments_awaiting_moderation = if user.role.can(Capability::ModerateComments) {
        Some(state.app.comments_awaiting_moderation().await?)
    } else {
        None
    };
    let page = DeskHome {
        comments_awaiting_moderation,
        user: DeskUser {
            id: user.id.get(),
            name: user.display_name.clone(),
            email: user.email.clone(),
            role: user.role.to_string(),
        },
        sessions,
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

/// `POST /desk/sessions/end-all`: signed out everywhere, this browser included.
pub async fn end_all_sessions(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state.app.sign_out_everywhere(staff.0.user.id).await?;
    signed_out(&state).await
}

/// `GET /desk/api/me`: who is signed in, for scripts.
pub async fn me(staff: Staff) -> Response {
    let user = &staff.0.user;
    let mut response = Json(serde_json::json!({
        "id": user.id.get(),
        "name": user.display_name,
        "role": user.role.as_str(),
    }))
    .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
