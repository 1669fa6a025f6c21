//! The desk's users screen, for administrators: every user with their role, status, last
//! sign-in and articles; invitations by email; changing roles; disabling and enabling
//! accounts; sending a password reset link or an invitation again. Refusals (the last
//! administrator, disabling oneself) are shown in the row of the user concerned.

use super::doors::errors_by_field;
use crate::desk_frame::{DeskSection, render_desk, see_other_with_notice};
use crate::error::WebError;
use crate::form::FormFields;
use crate::handlers::add_trailing_slash;
use crate::staff::{Staff, check_form};
use crate::state::WebState;
use crate::views::DateView;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use gazette_app::{AppError, Invitation};
use gazette_domain::{Capability, FieldErrors, Role, User, UserId};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the users screen lives.
const USERS_URL: &str = "/desk/users/";

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(USERS_URL, get(show))
        .route("/desk/users", get(add_trailing_slash))
        .route("/desk/users/invite", post(invite))
        .route("/desk/users/{id}/role", post(change_role))
        .route("/desk/users/{id}/disable", post(disable))
        .route("/desk/users/{id}/enable", post(enable))
        .route("/desk/users/{id}/invitation", post(resend_invitation))
        .route("/desk/users/{id}/password-reset", post(send_password_reset))
}

/// The users screen's context.
#[derive(Debug, Serialize)]
struct UsersPage {
    users: Vec<UserRow>,
    roles: Vec<RoleOption>,
    invite: InviteForm,
    /// Whether this site can send mail (invitations and reset links need it).
    mail_ready: bool,
    /// A change that was refused, shown in its user's row.
    refusal: Option<Refusal>,
}

#[derive(Debug, Serialize)]
struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    /// `active`, `invited` (no password chosen yet) or `disabled`.
    status: &'static str,
    last_sign_in: Option<String>,
    articles: i64,
    /// Whether this row is the signed-in administrator.
    yourself: bool,
}

#[derive(Debug, Serialize)]
struct RoleOption {
    value: &'static str,
    label: &'static str,
}

#[derive(Debug, Default, Serialize)]
struct InviteForm {
    name: String,
    email: String,
    role: String,
    errors: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
struct Refusal {
    user_id: i64,
    message: String,
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Administrator => "Administrator",
        Role::Editor => "Editor",
        Role::Author => "Author",
        Role::Contributor => "Contributor",
    }
}

async fn render(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    invite: InviteForm,
    refusal: Option<Refusal>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let users = state
        .app
        .user_listings()
        .await?
        .into_iter()
        .map(|listing| UserRow {
            id: listing.user.id.get(),
            status: if listing.user.disabled_at.is_some() {
                "disabled"
            } else if listing.has_password {
                "active"
            } else {
                "invited"
            },
            last_sign_in: listing
                .last_signed_in_at
                .map(|moment| DateView::with_time(moment, &settings).display),
            articles: listing.article_count,
            yourself: listing.user.id == staff.0.user.id,
            role: listing.user.role.as_str(),
            name: listing.user.display_name,
            email: listing.user.email,
        })
        .collect();
    let page = UsersPage {
        users,
        roles: Role::ALL
            .into_iter()
            .map(|role| RoleOption {
                value: role.as_str(),
                label: role_label(role),
            })
            .collect(),
        invite,
        mail_ready: state.app.mailer().is_some(),
        refusal,
    };
    render_desk(
        state,
        staff,
        headers,
        DeskSection::Users,
        "desk/users.html",
        &page,
        status,
    )
    .await
}

/// An empty invitation form, for an author by default.
fn fresh_invite() -> InviteForm {
    InviteForm {
        role: Role::Author.as_str().to_owned(),
        ..InviteForm::default()
    }
}

/// The user named in the address; a malformed id is no user.
fn user_id(raw: &str) -> Result<UserId, WebError> {
    raw.parse::<i64>()
        .map(UserId)
        .map_err(|_| WebError::from(AppError::NotFound(format!("There is no user {raw}."))))
}

/// Checks a state-changing request to this screen: an administrator, the same site, the
/// session's token.
fn check_request(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    form: &FormFields,
) -> Result<(), WebError> {
    staff.require(Capability::ManageUsers)?;
    check_form(state, staff, headers, form.get("csrf"))
}

/// The answer to a change on one user: back to the list with `notice` (or to the desk's
/// front page for an administrator who stepped down), or the list again with the refusal
/// in that user's row.
async fn after_change(
    state: &WebState,
    staff: &Staff,
    headers: &HeaderMap,
    id: UserId,
    outcome: Result<User, AppError>,
    notice: impl FnOnce(&User) -> String,
) -> Result<Response, WebError> {
    match outcome {
        // An administrator who stepped down can no longer open this screen.
        Ok(user) if user.id == staff.0.user.id && !user.role.can(Capability::ManageUsers) => {
            see_other_with_notice(state, "/desk/", &notice(&user)).await
        }
        Ok(user) => see_other_with_notice(state, USERS_URL, &notice(&user)).await,
        Err(AppError::Conflict(message)) => {
            let refusal = Refusal {
                user_id: id.get(),
                message,
            };
            render(
                state,
                staff,
                headers,
                fresh_invite(),
                Some(refusal),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `GET /desk/users/`.
async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    staff.require(Capability::ManageUsers)?;
    render(
        &state,
        &staff,
        &headers,
        fresh_invite(),
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /desk/users/invite`: a new user without a password, and their invitation mail.
async fn invite(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let typed = InviteForm {
        name: form.text("name"),
        email: form.text("email"),
        role: form.text("role"),
        errors: BTreeMap::new(),
    };
    let outcome = match Role::parse(typed.role.trim()) {
        Some(role) => {
            state
                .app
                .invite_user(Invitation {
                    display_name: typed.name.clone(),
                    email: typed.email.clone(),
                    role,
                    invited_by: Some(staff.0.user.id),
                })
                .await
        }
        None => Err(AppError::Validation(FieldErrors::single(
            "role",
            "Choose one of the roles in the list.",
        ))),
    };
    match outcome {
        Ok(user) => {
            let notice = format!(
                "{} was invited as {}; the invitation is on its way to {}.",
                user.display_name,
                user.role.with_article(),
                user.email
            );
            see_other_with_notice(&state, USERS_URL, &notice).await
        }
        Err(AppError::Validation(errors)) => {
            let invite = InviteForm {
                errors: errors_by_field(&errors),
                ..typed
            };
            render(
                &state,
                &staff,
                &headers,
                invite,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /desk/users/{id}/role`.
async fn change_role(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let id = user_id(&id)?;
    let outcome = match Role::parse(form.text("role").trim()) {
        Some(role) => state.app.change_role(Some(staff.0.user.id), id, role).await,
        None => Err(AppError::Conflict(
            "Choose one of the roles in the list.".to_owned(),
        )),
    };
    after_change(&state, &staff, &headers, id, outcome, |user| {
        format!("{} is now {}.", user.display_name, user.role.with_article())
    })
    .await
}

/// `POST /desk/users/{id}/disable`: they cannot sign in, and their sessions end at once.
async fn disable(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let id = user_id(&id)?;
    let outcome = state
        .app
        .set_account_enabled(Some(staff.0.user.id), id, false)
        .await;
    after_change(&state, &staff, &headers, id, outcome, |user| {
        format!(
            "{} is disabled and was signed out everywhere; their articles stay.",
            user.display_name
        )
    })
    .await
}

/// `POST /desk/users/{id}/enable`.
async fn enable(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let id = user_id(&id)?;
    let outcome = state
        .app
        .set_account_enabled(Some(staff.0.user.id), id, true)
        .await;
    after_change(&state, &staff, &headers, id, outcome, |user| {
        format!("{} can sign in again.", user.display_name)
    })
    .await
}

/// `POST /desk/users/{id}/invitation`: the invitation again, with a new link.
async fn resend_invitation(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let id = user_id(&id)?;
    let outcome = state.app.resend_invitation(id, Some(staff.0.user.id)).await;
    after_change(&state, &staff, &headers, id, outcome, |user| {
        format!(
            "A new invitation is on its way to {}; the earlier link no longer works.",
            user.email
        )
    })
    .await
}

/// `POST /desk/users/{id}/password-reset`: a link to choose a new password, by mail.
async fn send_password_reset(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    check_request(&state, &staff, &headers, &form)?;
    let id = user_id(&id)?;
    let outcome = state.app.send_password_reset(id).await;
    after_change(&state, &staff, &headers, id, outcome, |user| {
        format!(
            "A link to choose a new password is on its way to {}.",
            user.email
        )
    })
    .await
}
