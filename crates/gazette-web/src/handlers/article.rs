//! The article page and its comment pages.

use super::{
    cache_version, cached_response, fresh_page_response, next_local_midnight, personal_page,
    theme_failure,
};
use crate::error::WebError;
use crate::pending_comments::PendingComments;
use crate::remembered_commenter::RememberedCommenter;
use crate::responses::moved_permanently;
use crate::state::WebState;
use crate::views::{ArticlePage, CommentFormView, article_path, reply_target};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use gazette_app::comment_page_path;

/// `GET /{year}/{month}/{day}/{slug}/`. The whole request is taken, rather than cloned
/// pieces of it, because this is the hottest path of the site.
pub async fn show(State(state): State<WebState>, request: Request) -> Result<Response, WebError> {
    // The route guarantees four segments; the last is the slug.
    let (request, _body) = request.into_parts();
    let path = request.uri.path();
    let slug = path
        .trim_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    render(&state, &request, &slug, 1).await
}

/// `GET /{year}/{month}/{day}/{slug}/comment-page-{n}/`.
pub async fn show_comment_page(
    state: &WebState,
    request: &Parts,
    slug: &str,
    page_segment: &str,
) -> Result<Response, WebError> {
    let page = page_segment
        .strip_prefix("comment-page-")
        .and_then(|number| number.parse::<u32>().ok())
        .filter(|number| *number >= 1)
        .ok_or_else(|| {
            WebError::from(gazette_app::AppError::NotFound(
                "There is no page at this address.".to_owned(),
            ))
        })?;
    render(state, request, slug, page).await
}

async fn render(
    state: &WebState,
    request: &Parts,
    slug: &str,
    page: u32,
) -> Result<Response, WebError> {
    let key = request.uri.path();
    let headers = &request.headers;
    let now = state.app.clock().now();
    let pending = PendingComments::from_request(headers, state.app.signer());
    let reply_to: Option<i64> = request.uri.query().and_then(|query| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "replytocom")
            .and_then(|(_, value)| value.parse().ok())
    });
    // A page answering a comment or filled from the commenter's cookie is theirs alone.
    let remembered = RememberedCommenter::is_present(headers)
        .then(|| RememberedCommenter::from_request(headers, state.app.signer()))
        .flatten();
    let shared = reply_to.is_none() && remembered.is_none();
    let version = cache_version(state).await?;
    if shared && let Some(cached) = version.and_then(|version| state.pages.get(key, version, now)) {
        let personal = cached
            .subject
            .is_some_and(|article| !pending.on_article(article).is_empty());
        if !personal {
            return Ok(cached_response(state, headers, &cached));
        }
    }

    let article = match state.app.public_article(slug).await {
        Ok(article) => article,
        Err(gazette_app::AppError::NotFound(reason)) => {
            return match state.app.renamed_public_article(slug).await? {
                Some(renamed) => {
                    let settings = state.app.site_settings().await?;
                    let path = article_path(&renamed, &settings);
                    Ok(moved_permanently(&comment_page_path(&path, page)))
                }
                None => Err(gazette_app::AppError::NotFound(reason).into()),
            };
        }
        Err(error) => return Err(error.into()),
    };
    let own_pending = pending.on_article(article.id);
    let data = state.app.article_page(article, page, &own_pending).await?;
    let path = article_path(&data.article, &data.settings);
    let canonical = comment_page_path(&path, page);
    if canonical != key {
        return Ok(moved_permanently(&canonical));
    }
    let mut form = match &remembered {
        Some(remembered) => CommentFormView::remembered(path.clone(), &data.article, remembered),
        None => CommentFormView::empty(path.clone(), &data.article),
    };
    if let Some(target) = reply_to.and_then(|id| reply_target(&data, id, &canonical)) {
        form.values.parent = target.id.to_string();
        form.reply_to = Some(target);
    }
    let html = state
        .theme
        .render("article.html", &ArticlePage::new(&data, form, now))
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &data.settings.time_zone);
    if own_pending.is_empty() && shared {
        return Ok(fresh_page_response(
            state,
            headers,
            key,
            version,
            Some(data.article.id),
            expires_at,
            html,
        ));
    }
    Ok(personal_page(state, StatusCode::OK, data.article.id, html))
}
