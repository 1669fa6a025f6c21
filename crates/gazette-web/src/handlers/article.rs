//! Articles at their addresses. Every `GET` that no fixed route takes is read with the
//! site's permalink pattern (`App::article_at`) and answered with the article's page, one
//! of its comment pages or one of its comment feeds. A request for the same page at any
//! other address — an earlier pattern's, an old slug, a wrong date, no final slash, a
//! doubled one — is redirected there with 301. An address where no article is found may
//! still be a date archive's (`archives`); a site address written without its final slash
//! or with a doubled one is redirected to its tidy form.

use super::{
    archives, cache_version, cached_response, feeds, fresh_page_response, next_local_midnight,
    personal_page, theme_failure, tidy_path, with_query,
};
use crate::error::WebError;
use crate::pending_comments::PendingComments;
use crate::remembered_commenter::RememberedCommenter;
use crate::responses::moved_permanently;
use crate::state::WebState;
use crate::views::{ArticlePage, CommentFormView, reply_target};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use gazette_app::{AppError, LocatedArticle};
use gazette_domain::SiteSettings;
use gazette_domain::permalink::{Subpage, is_site_path};

/// Who is asking, as far as it changes the page.
struct Visit {
    /// Their own comments awaiting moderation.
    pending: PendingComments,
    /// The comment they answer (`?replytocom=ID`).
    reply_to: Option<i64>,
    /// What they asked the site to remember of them.
    remembered: Option<RememberedCommenter>,
}

impl Visit {
    fn of(state: &WebState, request: &Parts) -> Self {
        let headers = &request.headers;
        let reply_to = request.uri.query().and_then(|query| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| *name == "replytocom")
                .and_then(|(_, value)| value.parse().ok())
        });
        Self {
            pending: PendingComments::from_request(headers, state.app.signer()),
            reply_to,
            remembered: RememberedCommenter::is_present(headers)
                .then(|| RememberedCommenter::from_request(headers, state.app.signer()))
                .flatten(),
        }
    }

    /// Whether the page is the same for everyone: a page answering a comment or filled
    /// from the commenter's cookie is theirs alone.
    fn shared(&self) -> bool {
        self.reply_to.is_none() && self.remembered.is_none()
    }
}

/// `GET` at any address no fixed route takes. The whole request is taken, rather than
/// cloned pieces of it, because this is the hottest path of the site: a page in the cache
/// is answered before the settings or the article are read.
pub async fn show(State(state): State<WebState>, request: Request) -> Result<Response, WebError> {
    let (request, _body) = request.into_parts();
    let path = request.uri.path();
    let tidy = tidy_path(path);
    if is_site_path(&tidy) {
        // The site's own pages have fixed routes at their tidy addresses.
        if tidy != path {
            return Ok(moved_permanently(&with_query(&tidy, &request.uri)));
        }
        return Err(WebError::NoSuchPage);
    }
    let visit = Visit::of(&state, &request);
    let version = cache_version(&state).await?;
    if visit.shared()
        && let Some(cached) =
            version.and_then(|version| state.pages.get(path, version, state.app.clock().now()))
    {
        let personal = cached
            .subject
            .is_some_and(|article| !visit.pending.on_article(article).is_empty());
        if !personal {
            return Ok(cached_response(&state, &request.headers, &cached));
        }
    }

    let settings = state.app.site_settings().await?;
    let located = match state.app.article_at(&tidy, &settings).await {
        Ok(located) => located,
        // No article: an imported attachment's old page, else a date archive (`/2024/04/`),
        // is the last thing an address can be.
        Err(AppError::NotFound(_)) => {
            if let Some(file) = state.app.attachment_page_target(&tidy).await? {
                return Ok(moved_permanently(&file));
            }
            return archives::respond(&state, &request, &tidy, version).await;
        }
        Err(error) => return Err(error.into()),
    };
    let canonical = located.canonical_path();
    if canonical != path {
        return Ok(moved_permanently(&with_query(&canonical, &request.uri)));
    }
    match located.subpage {
        Subpage::Feed | Subpage::AtomFeed => {
            feeds::article_feed(&state, &request.headers, &located).await
        }
        Subpage::Article | Subpage::CommentPage(_) => {
            render(&state, &request, &visit, located, settings, version).await
        }
    }
}

/// The article page, or one of its comment pages, at its own address.
async fn render(
    state: &WebState,
    request: &Parts,
    visit: &Visit,
    located: LocatedArticle,
    settings: SiteSettings,
    version: Option<i64>,
) -> Result<Response, WebError> {
    let key = request.uri.path();
    let headers = &request.headers;
    let now = state.app.clock().now();
    let page = match located.subpage {
        Subpage::CommentPage(page) => page,
        Subpage::Article | Subpage::Feed | Subpage::AtomFeed => 1,
    };
    let own_pending = visit.pending.on_article(located.article.id);
    let data = state
        .app
        .article_page_with(located.article, located.path, page, &own_pending, settings)
        .await?;
    let mut form = match &visit.remembered {
        Some(remembered) => {
            CommentFormView::remembered(data.path.clone(), &data.article, remembered)
        }
        None => CommentFormView::empty(data.path.clone(), &data.article),
    };
    if let Some(target) = visit.reply_to.and_then(|id| reply_target(&data, id, key)) {
        form.values.parent = target.id.to_string();
        form.reply_to = Some(target);
    }
    let html = state
        .theme
        .render("article.html", &ArticlePage::new(&data, form, now))
        .map_err(theme_failure)?;
    let expires_at = next_local_midnight(now, &data.settings.time_zone);
    if own_pending.is_empty() && visit.shared() {
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
