//! The frame around every desk page: the signed-in user, the sections their role may open,
//! the session's CSRF token (in each form and in a `<meta>` for scripts), and a notice
//! carried across the redirect that follows a successful form (post, redirect, get).
//!
//! Handlers render a desk page with [`render_desk`], giving the page's own context; the
//! template reaches the frame as `desk` (see docs/THEMES.md). After a change they answer
//! with [`see_other_with_notice`], and the next desk page shows the notice once.

use crate::cookies;
use crate::error::WebError;
use crate::responses::{html_uncacheable, see_other};
use crate::staff::Staff;
use crate::state::WebState;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use gazette_domain::Capability;
use serde::Serialize;

/// The cookie that carries a notice to the next desk page.
const NOTICE_COOKIE: &str = "gazette_notice";
/// What the signer is told a notice cookie is for.
const NOTICE_PURPOSE: &str = "desk_notice";
/// How long a notice waits to be shown, in seconds.
const NOTICE_SECONDS: u64 = 120;

/// The parts of the desk, in the order the navigation lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskSection {
    /// The desk's front page.
    Home,
    /// Writing: the article list and the editor.
    Articles,
    /// The categories articles are filed under.
    Categories,
    /// The media library.
    Media,
    /// Comment moderation.
    Comments,
    /// Syndication sources and the review queue of what they bring.
    Sources,
    /// Users and invitations.
    Users,
    /// Site settings.
    Settings,
    /// The signed-in user's own account: password and sessions.
    Account,
}

impl DeskSection {
    const ALL: [Self; 9] = [
        Self::Home,
        Self::Articles,
        Self::Categories,
        Self::Media,
        Self::Comments,
        Self::Sources,
        Self::Users,
        Self::Settings,
        Self::Account,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Home => "Desk",
            Self::Articles => "Articles",
            Self::Categories => "Categories",
            Self::Media => "Media",
            Self::Comments => "Comments",
            Self::Sources => "Sources",
            Self::Users => "Users",
            Self::Settings => "Settings",
            Self::Account => "Your account",
        }
    }

    fn url(self) -> &'static str {
        match self {
            Self::Home => "/desk/",
            Self::Articles => "/desk/articles/",
            Self::Categories => "/desk/categories/",
            Self::Media => "/desk/media/",
            Self::Comments => "/desk/comments/",
            Self::Sources => "/desk/sources/",
            Self::Users => "/desk/users/",
            Self::Settings => "/desk/settings/",
            Self::Account => "/desk/account/",
        }
    }

    /// The capability a user needs to see the section, if any.
    fn needs(self) -> Option<Capability> {
        match self {
            Self::Home | Self::Articles | Self::Account => None,
            Self::Categories => Some(Capability::ManageCategories),
            Self::Media => Some(Capability::UploadMedia),
            Self::Comments => Some(Capability::ModerateComments),
            Self::Sources => Some(Capability::ManageSources),
            Self::Users => Some(Capability::ManageUsers),
            Self::Settings => Some(Capability::ManageSettings),
        }
    }
}

/// What every desk template receives as `desk`.
#[derive(Debug, Serialize)]
pub struct DeskFrame {
    pub site_title: String,
    pub language: String,
    pub user: DeskUserView,
    /// The session's CSRF token, for every form's hidden `csrf` field.
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// A one-time message about what the previous form did.
    pub notice: Option<String>,
}

/// The signed-in user, as the frame shows them.
#[derive(Debug, Serialize)]
pub struct DeskUserView {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
}

/// One link of the desk's navigation.
#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub url: &'static str,
    pub current: bool,
}

/// A desk template's whole context: the frame as `desk`, and the page's own fields.
#[derive(Serialize)]
struct DeskDocument<'a, T: Serialize> {
    desk: DeskFrame,
    #[serde(flatten)]
    page: &'a T,
}

/// Renders the desk template `template` for `staff`, in `section`, with `page`'s fields.
/// A notice waiting in the request's cookie is shown and removed. Desk pages are never
/// stored by caches.
pub async fn render_desk<T: Serialize>(
    state: &WebState,
    staff: &Staff,
    request_headers: &HeaderMap,
    section: DeskSection,
    template: &str,
    page: &T,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = state.app.site_settings().await?;
    let user = &staff.0.user;
    let nav = DeskSection::ALL
        .into_iter()
        .filter(|item| {
            item.needs()
                .is_none_or(|capability| user.role.can(capability))
        })
        .map(|item| NavItem {
            label: item.label(),
            url: item.url(),
            current: item == section,
        })
        .collect();
    let notice = cookies::read(request_headers, NOTICE_COOKIE)
        .and_then(|token| state.app.signer().verify(NOTICE_PURPOSE, token))
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let document = DeskDocument {
        desk: DeskFrame {
            site_title: settings.title.clone(),
            language: settings.language.clone(),
            user: DeskUserView {
                id: user.id.get(),
                name: user.display_name.clone(),
                role: user.role.as_str(),
            },
            csrf: state.app.csrf_token(&staff.0),
            nav,
            notice: notice.clone(),
        },
        page,
    };
    let html = state
        .theme
        .render(template, &document)
        .map_err(crate::handlers::theme_failure)?;
    let mut response = html_uncacheable(status, html);
    if notice.is_some() {
        response.headers_mut().append(
            header::SET_COOKIE,
            cookies::server_only(NOTICE_COOKIE, "", 0, secure(state).await?),
        );
    }
    Ok(response)
}

/// `303 See Other` to `location`, with `notice` shown once on the page it leads to.
pub async fn see_other_with_notice(
    state: &WebState,
    location: &str,
    notice: &str,
) -> Result<Response, WebError> {
    let mut response = see_other(location);
    let token = state.app.signer().sign(NOTICE_PURPOSE, notice.as_bytes());
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::server_only(NOTICE_COOKIE, &token, NOTICE_SECONDS, secure(state).await?),
    );
    Ok(response)
}

/// Whether cookies get the `Secure` flag: when the site is served over HTTPS.
pub async fn secure(state: &WebState) -> Result<bool, WebError> {
    Ok(state
        .app
        .site_settings()
        .await?
        .site_url
        .starts_with("https://"))
}
