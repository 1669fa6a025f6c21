//! Posting a comment through the plain HTML form, with WordPress's field names.
//!
//! Success answers `303 See Other` to the new comment's anchor. Any refusal answers with
//! the article page again, the reader's text in the form and each problem next to its
//! field (422), or with the text handed back on the page that explains the refusal.

use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::FormFields;
use crate::pending_comments::PendingComments;
use crate::responses::{html_uncacheable, see_other};
use crate::state::WebState;
use crate::views::{ArticlePage, CommentFormView, RefusedView, article_path};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use gazette_app::{AppError, CommentSubmission};
use gazette_domain::{Article, ArticleId, CommentInput, CommentStatus};

/// `POST` to the article's own address.
pub async fn post_on_article(
    State(state): State<WebState>,
    Path((_year, _month, _day, slug)): Path<(String, String, String, String)>,
    client: ClientIp,
    headers: HeaderMap,
    form: FormFields,
) -> Result<Response, WebError> {
    let article = state
        .app
        .public_article(&slug)
        .await
        .map_err(|error| WebError::App {
            error,
            kept_text: Some(form.text("comment")),
        })?;
    submit(&state, article, client, &headers, &form).await
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
    let cookies_consent = form.get("wp-comment-cookies-consent").is_some();
    let submission = CommentSubmission {
        article_id: article.id,
        input: input.clone(),
        ip: client.0,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
    };
    let pending = PendingComments::from_request(headers, state.app.signer());
    match state.app.post_comment(submission).await {
        Ok(posted) => {
            let settings = state.app.site_settings().await?;
            let location = format!(
                "{}#comment-{}",
                article_path(&posted.article, &settings),
                posted.id
            );
            let mut response = see_other(&location);
            if posted.status == CommentStatus::Pending {
                let secure = settings.site_url.starts_with("https://");
                let cookie = pending
                    .with(posted.article.id, posted.id)
                    .to_cookie(state.app.signer(), secure);
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AppError::Validation(errors)) => {
            let action = form_action(state, &article).await?;
            let form_view =
                CommentFormView::with_errors(action, &article, &input, cookies_consent, &errors);
            article_page_again(
                state,
                article,
                &pending,
                form_view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
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
    Ok(article_path(article, &settings))
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
    let data = state.app.article_page(article, &own_pending).await?;
    let page = ArticlePage::new(&data, form, state.app.clock().now());
    let html = state
        .theme
        .render("article.html", &page)
        .map_err(super::theme_failure)?;
    Ok(html_uncacheable(status, html))
}
