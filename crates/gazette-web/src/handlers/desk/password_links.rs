//! Choosing a password through a mailed link: the "Forgot your password?" form (whose
//! answer never says whether an account exists), password reset links and invitations.
//! Each link works once; using it signs the person in.

use super::doors::{browser_of, errors_by_field, render_door, signed_in_at};
use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::FormFields;
use crate::staff::same_origin;
use crate::state::WebState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use gazette_app::AppError;
use gazette_domain::User;
use serde::Serialize;
use std::collections::BTreeMap;

/// The routes of this area.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/login/forgot", get(forgot_page).post(ask_for_reset_link))
        .route("/reset/{token}", get(reset_page).post(reset_password))
        .route(
            "/invite/{token}",
            get(invitation_page).post(accept_invitation),
        )
}

/// The "Forgot your password?" form.
#[derive(Debug, Default, Serialize)]
struct ForgotForm {
    /// Whether this site can send mail; without it the page says so and shows no form.
    mail_ready: bool,
    email: String,
    errors: BTreeMap<&'static str, String>,
    /// A refusal that concerns no single field (too many requests).
    notice: Option<String>,
    /// The answer to a request, the same whether or not the account exists.
    sent: Option<String>,
}

async fn render_forgot(
    state: &WebState,
    form: ForgotForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    render_door(state, "desk/forgot_password.html", &form, status).await
}

/// `GET /login/forgot`.
async fn forgot_page(State(state): State<WebState>) -> Result<Response, WebError> {
    let form = ForgotForm {
        mail_ready: state.app.mailer().is_some(),
        ..ForgotForm::default()
    };
    render_forgot(&state, form, StatusCode::OK).await
}

/// `POST /login/forgot`: queues a reset link when the account exists, and answers the same
/// either way.
async fn ask_for_reset_link(
    State(state): State<WebState>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    same_origin(&headers)?;
    let email = form.text("email");
    let mail_ready = state.app.mailer().is_some();
    if !mail_ready {
        let form = ForgotForm {
            email,
            ..ForgotForm::default()
        };
        return render_forgot(&state, form, StatusCode::SERVICE_UNAVAILABLE).await;
    }
    match state.app.request_password_reset(&email, client.0).await {
        Ok(()) => {
            let sent = format!(
                "If an account exists for {}, we sent it a link to choose a new password. The link works for an hour; look in your spam folder if it does not arrive.",
                email.trim()
            );
            let form = ForgotForm {
                mail_ready,
                sent: Some(sent),
                ..ForgotForm::default()
            };
            render_forgot(&state, form, StatusCode::OK).await
        }
        Err(AppError::Validation(errors)) => {
            let form = ForgotForm {
                mail_ready,
                email,
                errors: errors_by_field(&errors),
                ..ForgotForm::default()
            };
            render_forgot(&state, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error @ AppError::RateLimited { .. }) => {
            let form = ForgotForm {
                mail_ready,
                email,
                notice: Some(error.to_string()),
                ..ForgotForm::default()
            };
            render_forgot(&state, form, StatusCode::TOO_MANY_REQUESTS).await
        }
        Err(error) => Err(error.into()),
    }
}

/// The form that chooses a password through a link.
#[derive(Debug, Serialize)]
struct ChoosePasswordForm {
    action: String,
    heading: String,
    introduction: String,
    /// The address they sign in with, shown (and given to password managers).
    email: String,
    submit_label: &'static str,
    errors: BTreeMap<&'static str, String>,
}

/// What differs between a reset link and an invitation.
struct LinkKind {
    path: &'static str,
    heading: fn(&User, &str) -> String,
    introduction: fn(&User) -> String,
    submit_label: &'static str,
    signed_in_notice: &'static str,
}

const RESET: LinkKind = LinkKind {
    path: "/reset/",
    heading: |_, _| "Choose a new password".to_owned(),
    introduction: |user| {
        format!(
            "Choose a new password for {}. Every browser signed in to this account will be signed out, and this one signed in.",
            user.email
        )
    },
    submit_label: "Save the new password",
    signed_in_notice: "Your new password is saved, and you are signed in.",
};

const INVITATION: LinkKind = LinkKind {
    path: "/invite/",
    heading: |_, site_title| format!("Welcome to {site_title}"),
    introduction: |user| {
        format!(
            "{}, you were invited as {}. Choose a password to finish setting up your account; you will sign in with {}.",
            user.display_name,
            user.role.with_article(),
            user.email
        )
    },
    submit_label: "Choose the password and sign in",
    signed_in_notice: "Welcome! Your password is saved, and you are signed in.",
};

async fn render_choose_password(
    state: &WebState,
    kind: &LinkKind,
    token: &str,
    user: &User,
    errors: BTreeMap<&'static str, String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let site_title = state.app.site_settings().await?.title;
    let form = ChoosePasswordForm {
        action: format!("{}{token}", kind.path),
        heading: (kind.heading)(user, &site_title),
        introduction: (kind.introduction)(user),
        email: user.email.clone(),
        submit_label: kind.submit_label,
        errors,
    };
    render_door(state, "desk/choose_password.html", &form, status).await
}

/// `GET /reset/{token}`.
async fn reset_page(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let user = state.app.password_reset_user(&token).await?;
    render_choose_password(
        &state,
        &RESET,
        &token,
        &user,
        BTreeMap::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /reset/{token}`: the new password, every other session ended, signed in.
async fn reset_password(
    State(state): State<WebState>,
    Path(token): Path<String>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    same_origin(&headers)?;
    let outcome = state
        .app
        .reset_password(
            &token,
            &form.text("password"),
            browser_of(&client, &headers),
        )
        .await;
    answer_choice(
        &state,
        &RESET,
        &token,
        outcome,
        state.app.password_reset_user(&token),
    )
    .await
}

/// `GET /invite/{token}`.
async fn invitation_page(
    State(state): State<WebState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let user = state.app.invited_user(&token).await?;
    render_choose_password(
        &state,
        &INVITATION,
        &token,
        &user,
        BTreeMap::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /invite/{token}`: the invited user's password, and they are signed in.
async fn accept_invitation(
    State(state): State<WebState>,
    Path(token): Path<String>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    same_origin(&headers)?;
    let outcome = state
        .app
        .accept_invitation(
            &token,
            &form.text("password"),
            browser_of(&client, &headers),
        )
        .await;
    answer_choice(
        &state,
        &INVITATION,
        &token,
        outcome,
        state.app.invited_user(&token),
    )
    .await
}

/// What a link's form answers once the password was tried: signed in on the desk, or the
/// form again with the mistakes next to the field (`user_again` finds whom the link is for).
async fn answer_choice(
    state: &WebState,
    kind: &LinkKind,
    token: &str,
    outcome: Result<(String, User), AppError>,
    user_again: impl Future<Output = Result<User, AppError>>,
) -> Result<Response, WebError> {
    match outcome {
        Ok((secret, _user)) => {
            signed_in_at(state, &secret, "/desk/", Some(kind.signed_in_notice)).await
        }
        Err(AppError::Validation(errors)) => {
            let user = user_again.await?;
            render_choose_password(
                state,
                kind,
                token,
                &user,
                errors_by_field(&errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}
