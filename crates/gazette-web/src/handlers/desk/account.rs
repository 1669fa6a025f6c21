//! The desk's account screen, for every role: one's own name and email address, password,
//! and the browsers one is signed in with (each can be signed out, or all at once).

use super::doors::{errors_by_field, signed_out};
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::handlers::add_trailing_slash;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::DateView;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use gazette_app::AppError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the account screen lives.
const ACCOUNT_URL: &str = "/desk/account/";

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(ACCOUNT_URL, get(show))
        .route("/desk/account", get(add_trailing_slash))
        .route("/desk/account/profile", post(save_profile))
        .route("/desk/account/password", post(change_password))
        .route("/desk/account/sessions/end", post(end_session))
        .route("/desk/account/sessions/end-all", post(end_all_sessions))
}

/// The account screen's context.
#[derive(Debug, Serialize)]
struct AccountPage {
    profile: ProfileForm,
    /// The password form's errors; passwords themselves are never sent back.
    password_errors: BTreeMap<&'static str, String>,
    sessions: Vec<SessionView>,
}

#[derive(Debug, Serialize)]
struct ProfileForm {
    name: String,
    email: String,
    errors: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
struct SessionView {
    /// The session's name when it is ended (the hash of its cookie's secret).
    id: String,
    started: String,
    last_seen: String,
    ip: Option<String>,
    browser: Option<String>,
    current: bool,
}

/// The page with the signed-in user's values and no errors.
fn fresh_profile(staff: &Staff) -> ProfileForm {
    ProfileForm {
        name: staff.0.user.display_name.clone(),
        email: staff.0.user.email.clone(),
        errors: BTreeMap::new(),
    }
}

async fn render(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    profile: ProfileForm,
    password_errors: BTreeMap<&'static str, String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let sessions = state
        .app
        .sessions_of(staff.0.user.id)
        .await?
        .into_iter()
        .map(|session| SessionView {
            started: DateView::with_time(session.created_at, &settings).display,
            last_seen: DateView::with_time(session.last_seen_at, &settings).display,
            current: session.id_hash == staff.0.session,
            id: session.id_hash,
            ip: session.ip,
            browser: session.user_agent,
        })
        .collect();
    let page = AccountPage {
        profile,
        password_errors,
        sessions,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Account,
        "desk/account.html",
        &page,
        status,
    )
    .await
}

/// `GET /desk/account/`.
async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let profile = fresh_profile(&staff);
    render(
        &state,
        &staff,
        &headers,
        profile,
        BTreeMap::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/account/profile`: name and email address.
async fn save_profile(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let (name, email) = (form.text("name"), form.text("email"));
    match state.app.update_profile(&staff.0, &name, &email).await {
        Ok(_) => {
            see_other_with_notice(
                &state,
                ACCOUNT_URL,
                "Your name and email address were saved.",
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            let profile = ProfileForm {
                name,
                email,
                errors: errors_by_field(&errors),
            };
            render(
                &state,
                &staff,
                &headers,
                profile,
                BTreeMap::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/account/password`: the current password and a new one; the user's other
/// sessions end.
async fn change_password(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let outcome = state
        .app
        .change_password(
            &staff.0,
            &form.text("current_password"),
            &form.text("new_password"),
        )
        .await;
    match outcome {
        Ok(ended) => {
            let notice = match ended {
                0 => "Your password was changed.".to_owned(),
                1 => "Your password was changed, and your other session was signed out.".to_owned(),
                many => format!(
                    "Your password was changed, and your {many} other sessions were signed out."
                ),
            };
            see_other_with_notice(&state, ACCOUNT_URL, &notice).await
        }
        Err(AppError::Validation(errors)) => {
            let profile = fresh_profile(&staff);
            render(
                &state,
                &staff,
                &headers,
                profile,
                errors_by_field(&errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/account/sessions/end`: signs out one of the user's other browsers.
async fn end_session(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    let ended = state
        .app
        .end_other_session(&staff.0, &form.text("session"))
        .await?;
    let notice = if ended {
        "That browser was signed out."
    } else {
        "That session had already ended; nothing was changed."
    };
    see_other_with_notice(&state, ACCOUNT_URL, notice).await
}

/// `POST /desk/account/sessions/end-all`: signed out everywhere, this browser included.
async fn end_all_sessions(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_form(&state, &staff, &headers, form.get("csrf"))?;
    state.app.sign_out_everywhere(staff.0.user.id).await?;
    signed_out(&state).await
}
