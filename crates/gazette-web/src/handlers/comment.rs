//! Posting a comment through the plain HTML form, with WordPress's field names.
//!
//! A member of staff signed in on the same browser posts as themselves (see
//! `staff::signed_in_poster`). Success answers `303 See Other` to the new comment's anchor
//! on the comment page that holds it. Any refusal answers with the article page again and
//! everything the reader typed still in the form: each problem next to its field (422), a
//! notice for a duplicate (409) or a sender posting too fast (429 with `Retry-After`), or
//! the text handed back on the page that explains the refusal (403 when comments are
//! closed).

use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::FormFields;
use crate::pending_comments::PendingComments;
use crate::remembered_commenter::RememberedCommenter;
use crate::responses::see_other;
use crate::state::WebState;
use crate::views::{ArticlePage, CommentFormView, FormChoices, RefusedView};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use gazette_app::{AppError, CommentSubmission};
use gazette_domain::permalink::Subpage;
use gazette_domain::{Article, ArticleId, CommentInput, CommentStatus, FieldErrors};

/// `POST` to the article's address: any address that leads to it, so that a form shown
/// before the permalink pattern changed still posts.
pub async fn post_on_article(
    State(state): State<WebState>,
    uri: Uri,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    let kept = |error| WebError::App {
        error,
        kept_text: Some(form.text("comment")),
    };
    let settings = state.app.site_settings().await.map_err(kept)?;
    let located = state
        .app
        .article_at(uri.path(), &settings)
        .await
        .map_err(kept)?;
    if located.subpage != Subpage::Article {
        return Err(WebError::NoSuchPage);
    }
    submit(&state, located.article, client, &headers, &form).await
}

/// `POST /wp-comments-post.php` with `comment_post_ID`, as WordPress forms and tools send.
pub async fn post_by_article_id(
    State(state): State<WebState>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    let kept_text = Some(form.text("comment"));
    let id: ArticleId = form
        .get("comment_post_ID")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| WebError::App {
            error: AppError::NotFound(
                "The form did not say which article the comment is for.".to_owned(),
            ),
            kept_text: kept_text.clone(),
        })?;
    let article = state
        .app
        .public_article_by_id(id)
        .await
        .map_err(|error| WebError::App { error, kept_text })?;
    submit(&state, article, client, &headers, &form).await
}

/// The form field that people never see: only programs fill it in.
const HONEYPOT_FIELD: &str = "gazette_website_confirm";

#[expect(
    clippy::too_many_lines,
    reason = "one answer per outcome of posting, each keeping what the reader typed"
)]
async fn submit(
    state: &WebState,
    article: Article,
    client: ClientIp,
    headers: &HeaderMap,
    form: &FormFields,
) -> Result<Response, WebError> {
    let input = CommentInput {
        text: form.text("comment"),
        author: form.text("author"),
        email: form.text("email"),
        website: form.text("url"),
        parent: form.text("comment_parent"),
    };
    let choices = FormChoices {
        remember_me: form.get("wp-comment-cookies-consent").is_some(),
        notify_replies: form.get("gazette_notify_replies").is_some(),
    };
    let submission = CommentSubmission {
        ip: client.0,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        form_token: form.get("gazette_form_token").map(str::to_owned),
        honeypot_filled: form
            .get(HONEYPOT_FIELD)
            .is_some_and(|value| !value.trim().is_empty()),
        notify_replies: choices.notify_replies,
        staff: crate::staff::signed_in_poster(state, headers).await?,
        ..CommentSubmission::new(article.id, input.clone())
    };
    let pending = PendingComments::from_request(headers, state.app.signer());
    match state.app.post_comment(submission).await {
        Ok(posted) => {
            let settings = state.app.site_settings().await?;
            let permalinks = state.app.permalinks(&settings).await?;
            let secure = settings.site_url.starts_with("https://");
            let location = match posted.status {
                CommentStatus::Spam | CommentStatus::Trash => {
                    format!("{}#comments", permalinks.article_path(&posted.article))
                }
                CommentStatus::Approved | CommentStatus::Pending => {
                    let comment = state.app.comment(posted.id).await?;
                    state
                        .app
                        .comment_path(&comment, &posted.article, &permalinks, &settings)
                        .await?
                }
            };
            let mut response = see_other(&location);
            // A comment put with the spam looks held to whoever sent it, but is never
            // shown, not even to them.
            if posted.status == CommentStatus::Pending {
                let cookie = pending
                    .with(posted.article.id, posted.id)
                    .to_cookie(state.app.signer(), secure);
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            let remembered = if choices.remember_me {
                RememberedCommenter {
                    name: input.author.trim().to_owned(),
                    email: input.email.trim().to_owned(),
                    website: input.website.trim().to_owned(),
                }
                .to_cookie(state.app.signer(), secure)
            } else {
                RememberedCommenter::forget(secure)
            };
            if choices.remember_me || RememberedCommenter::is_present(headers) {
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, remembered);
            }
            Ok(response)
        }
        Err(AppError::Validation(errors)) => {
            let action = form_action(state, &article).await?;
            let form_view =
                CommentFormView::with_errors(action, &article, &input, choices, &errors);
            article_page_again(
                state,
                article,
                &pending,
                form_view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(refusal @ (AppError::RateLimited { .. } | AppError::Conflict(_))) => {
            // Refusals that concern no single field: a notice above the form as typed.
            let (status, retry_after) = match &refusal {
                AppError::RateLimited {
                    retry_after_seconds,
                    ..
                } => (StatusCode::TOO_MANY_REQUESTS, Some(*retry_after_seconds)),
                _ => (StatusCode::CONFLICT, None),
            };
            let action = form_action(state, &article).await?;
            let mut form_view = CommentFormView::with_errors(
                action,
                &article,
                &input,
                choices,
                &FieldErrors::new(),
            );
            form_view.notice = Some(refusal.to_string());
            let mut response =
                article_page_again(state, article, &pending, form_view, status).await?;
            if let Some(seconds) = retry_after
                && let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(AppError::Forbidden(message)) => {
            let action = form_action(state, &article).await?;
            let mut form_view = CommentFormView::empty(action, &article);
            form_view.refused = Some(RefusedView {
                message,
                kept_text: Some(input.text).filter(|text| !text.trim().is_empty()),
            });
            article_page_again(state, article, &pending, form_view, StatusCode::FORBIDDEN).await
        }
        Err(error) => Err(WebError::App {
            error,
            kept_text: Some(input.text),
        }),
    }
}

async fn form_action(state: &WebState, article: &Article) -> Result<String, WebError> {
    let settings = state.app.site_settings().await?;
    Ok(state.app.permalinks(&settings).await?.article_path(article))
}

/// The article page with the form as the reader left it.
async fn article_page_again(
    state: &WebState,
    article: Article,
    pending: &PendingComments,
    form: CommentFormView,
    status: StatusCode,
) -> Result<Response, WebError> {
    let own_pending = pending.on_article(article.id);
    let data = state.app.article_page(article, 1, &own_pending).await?;
    let page = ArticlePage::new(&data, form, state.app.clock().now());
    let html = state
        .theme
        .render("article.html", &page)
        .map_err(super::theme_failure)?;
    Ok(super::personal_page(state, status, data.article.id, html))
}
