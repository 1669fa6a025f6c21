//! Every route of the desk, refused three ways: without a session (a page sends the
//! visitor to sign in, an API call gets 401), with a session whose role lacks the right
//! (403), and — for every state-changing route — with a forged or cross-site request (403),
//! after which nothing has changed.
//!
//! The table below is checked against the routes the desk's source declares, so a route
//! cannot be added to the desk without being listed, and so tested, here.

use crate::desk_articles::{article_form, saved_article};
use crate::desk_media::{field, file, post_multipart};
use crate::support::*;
use axum::http::StatusCode;
use gazette_app::{CategoryInput, MediaUpload};
use gazette_domain::syndication::SourceInput;
use gazette_domain::{
    Actor, ArticleId, CategoryId, CommentId, CorrectionId, MediaId, RevisionId, Role, SourceId,
    SourceItemId, User,
};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::{TestApp, TestResponse, app_tests, images};
use std::path::Path;

/// Who may use a route.
#[derive(Clone, Copy, Debug)]
enum Needs {
    /// Any member of staff (their own account, their own articles).
    Staff,
    /// A role at least this high.
    Role(Role),
    /// Whoever may work on the article in the path: its author, or an editor or
    /// administrator. The table's article belongs to the administrator.
    ArticleRights,
}

/// One route of the desk: its method, its path as the source declares it, and who may.
struct DeskRoute {
    method: &'static str,
    path: &'static str,
    needs: Needs,
}

const fn route(method: &'static str, path: &'static str, needs: Needs) -> DeskRoute {
    DeskRoute {
        method,
        path,
        needs,
    }
}

const ADMIN: Needs = Needs::Role(Role::Administrator);
const EDITOR: Needs = Needs::Role(Role::Editor);
const AUTHOR: Needs = Needs::Role(Role::Author);
const OWNER: Needs = Needs::ArticleRights;
const STAFF: Needs = Needs::Staff;

/// Every route behind the desk's door.
const DESK_ROUTES: &[DeskRoute] = &[
    route("GET", "/desk/", STAFF),
    route("GET", "/desk/api/me", STAFF),
    route("POST", "/logout", STAFF),
    route("GET", "/desk/account/", STAFF),
    route("POST", "/desk/account/profile", STAFF),
    route("POST", "/desk/account/password", STAFF),
    route("POST", "/desk/account/sessions/end", STAFF),
    route("POST", "/desk/account/sessions/end-all", STAFF),
    route("GET", "/desk/articles/", STAFF),
    route("POST", "/desk/articles/bulk", STAFF),
    route("GET", "/desk/articles/new", STAFF),
    route("POST", "/desk/articles/new", STAFF),
    route("POST", "/desk/articles/preview", STAFF),
    route("POST", "/desk/articles/autosave", STAFF),
    route("GET", "/desk/articles/{id}/edit", OWNER),
    route("POST", "/desk/articles/{id}/edit", OWNER),
    route("GET", "/desk/articles/{id}/preview", OWNER),
    route("POST", "/desk/articles/{id}/autosave/discard", OWNER),
    route("POST", "/desk/articles/{id}/{action}", OWNER),
    route("GET", "/desk/articles/{id}/revisions/", OWNER),
    route("GET", "/desk/articles/{id}/revisions/{revision}", OWNER),
    route(
        "POST",
        "/desk/articles/{id}/revisions/{revision}/restore",
        OWNER,
    ),
    route("POST", "/desk/articles/{id}/corrections", OWNER),
    route(
        "POST",
        "/desk/articles/{id}/corrections/{correction}/delete",
        OWNER,
    ),
    route("POST", "/desk/articles/{id}/featured-image", OWNER),
    route("GET", "/desk/categories/", EDITOR),
    route("POST", "/desk/categories/", EDITOR),
    route("GET", "/desk/categories/{id}/edit", EDITOR),
    route("POST", "/desk/categories/{id}/edit", EDITOR),
    route("POST", "/desk/categories/{id}/delete", EDITOR),
    route("GET", "/desk/media/", AUTHOR),
    route("GET", "/desk/media/upload", AUTHOR),
    route("POST", "/desk/media/upload", AUTHOR),
    route("GET", "/desk/media/{id}/", AUTHOR),
    route("POST", "/desk/media/{id}/", AUTHOR),
    route("GET", "/desk/media/{id}/delete", AUTHOR),
    route("POST", "/desk/media/{id}/delete", AUTHOR),
    route("GET", "/desk/comments/", EDITOR),
    route("POST", "/desk/comments/moderate", EDITOR),
    route("GET", "/desk/comments/log", EDITOR),
    route("GET", "/desk/comments/{id}/log", EDITOR),
    route("GET", "/desk/comments/{id}/reply", EDITOR),
    route("POST", "/desk/comments/{id}/reply", EDITOR),
    route("GET", "/desk/sources/", EDITOR),
    route("GET", "/desk/sources/new", EDITOR),
    route("POST", "/desk/sources/new", EDITOR),
    route("GET", "/desk/sources/{id}/edit", EDITOR),
    route("POST", "/desk/sources/{id}/edit", EDITOR),
    route("POST", "/desk/sources/{id}/fetch", EDITOR),
    route("POST", "/desk/sources/{id}/pause", EDITOR),
    route("POST", "/desk/sources/{id}/resume", EDITOR),
    route("GET", "/desk/sources/{id}/remove", EDITOR),
    route("POST", "/desk/sources/{id}/remove", EDITOR),
    route("GET", "/desk/sources/review/", EDITOR),
    route("POST", "/desk/sources/review/{id}/approve", EDITOR),
    route("POST", "/desk/sources/review/{id}/reject", EDITOR),
    route("GET", "/desk/users/", ADMIN),
    route("POST", "/desk/users/invite", ADMIN),
    route("POST", "/desk/users/{id}/role", ADMIN),
    route("POST", "/desk/users/{id}/disable", ADMIN),
    route("POST", "/desk/users/{id}/enable", ADMIN),
    route("POST", "/desk/users/{id}/invitation", ADMIN),
    route("POST", "/desk/users/{id}/password-reset", ADMIN),
    route("GET", "/desk/settings/", ADMIN),
    route("POST", "/desk/settings/", ADMIN),
    route("GET", "/desk/settings/{tab}/", ADMIN),
    route("POST", "/desk/settings/{tab}/", ADMIN),
    route("POST", "/desk/settings/images/{setting}", ADMIN),
    route("GET", "/desk/api/settings/date-example", ADMIN),
];

/// The doors, open to anyone by design: signing in, and the one-time links that carry their
/// own secret (first setup, password reset, invitation).
const OPEN_DOORS: &[&str] = &[
    "/login",
    "/login/forgot",
    "/setup/{token}",
    "/reset/{token}",
    "/invite/{token}",
];

/// The slash-less addresses that only redirect to their slashed form.
const SLASH_REDIRECTS: &[&str] = &[
    "/desk",
    "/desk/account",
    "/desk/articles",
    "/desk/categories",
    "/desk/media",
    "/desk/comments",
    "/desk/sources",
    "/desk/sources/review",
    "/desk/users",
    "/desk/settings",
    "/desk/settings/{tab}",
];

/// The paths every `.route("…")` in the desk's handlers declares.
fn declared_desk_paths() -> Vec<String> {
    let handlers = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/handlers");
    let mut sources = vec![handlers.join("desk.rs")];
    let mut folders = vec![handlers.join("desk")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                sources.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        for (start, _) in text.match_indices(".route(") {
            let rest = text[start + ".route(".len()..].trim_start();
            let quoted = rest.strip_prefix('"').unwrap_or_else(|| {
                // A path given by a constant of the same file.
                let name: String = rest
                    .chars()
                    .take_while(|letter| letter.is_ascii_uppercase() || *letter == '_')
                    .collect();
                let definition = format!("const {name}: &str = \"");
                let at = text.find(&definition).unwrap_or_else(|| {
                    panic!("{}: the route path {rest:.40} is neither a literal nor a constant of the file", source.display())
                });
                &text[at + definition.len()..]
            });
            paths.push(quoted[..quoted.find('"').unwrap()].to_owned());
        }
    }
    paths
}

/// The objects the table's paths point at, all belonging to the administrator.
struct Fixtures {
    article: ArticleId,
    revision: RevisionId,
    correction: CorrectionId,
    category: CategoryId,
    media: MediaId,
    comment: CommentId,
    source: SourceId,
    /// An item of the source waiting for review.
    item: SourceItemId,
    user: User,
}

impl Fixtures {
    /// `path` with its placeholders filled in.
    fn fill(&self, path: &str) -> String {
        let id = if path.starts_with("/desk/articles/") {
            self.article.to_string()
        } else if path.starts_with("/desk/categories/") {
            self.category.to_string()
        } else if path.starts_with("/desk/media/") {
            self.media.to_string()
        } else if path.starts_with("/desk/comments/") {
            self.comment.to_string()
        } else if path.starts_with("/desk/sources/review/") {
            self.item.to_string()
        } else if path.starts_with("/desk/sources/") {
            self.source.to_string()
        } else {
            self.user.id.to_string()
        };
        path.replace("{id}", &id)
            .replace("{revision}", &self.revision.to_string())
            .replace("{correction}", &self.correction.to_string())
            .replace("{tab}", "reading")
            .replace("{setting}", "site_logo")
            .replace("{action}", "trash")
            + if path.starts_with("/desk/api/settings/date-example") {
                "?pattern=F+j%2C+Y"
            } else {
                ""
            }
    }
}

/// Staff of every role, signed in, and the administrator's objects.
struct Newsroom {
    administrator: ((String, String), User),
    editor: (String, String),
    author: (String, String),
    contributor: (String, String),
    fixtures: Fixtures,
}

impl Newsroom {
    async fn open(site: &TestApp) -> Self {
        let administrator = signed_in_user(site, "Ada Admin", Role::Administrator).await;
        let editor = signed_in(site, "Eddie Editor", Role::Editor).await;
        let author = signed_in(site, "Aria Author", Role::Author).await;
        let (contributor, user) = signed_in_user(site, "Cory Contributor", Role::Contributor).await;
        let admin = &administrator.1;

        let saved = desk_post(
            site,
            &administrator.0,
            "/desk/articles/new",
            &article_form("Council passes the budget", "publish"),
        )
        .await;
        let article = ArticleId(saved_article(&saved).1);
        let (_, revisions) = site.app.article_history(admin, article).await.unwrap();
        let correction = site
            .app
            .add_correction(admin, article, "correction", "The vote was 5–4.")
            .await
            .unwrap();
        let category = site
            .app
            .create_category(
                admin,
                &CategoryInput {
                    name: "Council".into(),
                    slug: String::new(),
                    description: String::new(),
                    parent: None,
                },
            )
            .await
            .unwrap();
        let media = site
            .app
            .upload_media(
                &Actor::from(admin),
                MediaUpload {
                    file_name: "chamber.png".into(),
                    bytes: images::png(64, 48),
                },
            )
            .await
            .unwrap();
        let published = site.app.public_article_by_id(article).await.unwrap();
        let comment = pending_comment(site, &published, "Rhea Reader", "Well reported.").await;
        let (source, item) = waiting_item(site).await;
        Self {
            fixtures: Fixtures {
                article,
                revision: revisions[0].revision.id,
                correction,
                category,
                media: media.id,
                comment,
                source,
                item,
                user,
            },
            administrator,
            editor,
            author,
            contributor,
        }
    }

    /// The signed-in member of staff with the highest role that still lacks `needs`.
    fn lacking(&self, needs: Needs) -> Option<(&'static str, &(String, String))> {
        match needs {
            Needs::Staff | Needs::Role(Role::Contributor) => None,
            Needs::Role(Role::Administrator) => Some(("an editor", &self.editor)),
            Needs::Role(Role::Editor) => Some(("an author", &self.author)),
            Needs::Role(Role::Author) => Some(("a contributor", &self.contributor)),
            Needs::ArticleRights => Some(("another article's author", &self.author)),
        }
    }
}

/// A review-mode source fetched once from a feed on loopback, and its item waiting for
/// review.
async fn waiting_item(site: &TestApp) -> (SourceId, SourceItemId) {
    let server = FeedServer::start();
    server.serve_feed(
        "/feed.xml",
        &crate::desk_sources::feed(&[("budget", "Budget passes", "Seven to two.")]),
    );
    let source = site
        .app
        .add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            allow_private_addresses: true,
            ..SourceInput::default()
        })
        .await
        .unwrap();
    site.app.fetch_source(source.id).await.unwrap();
    let item = site.app.review_queue().await.unwrap()[0].item_id;
    (source.id, item)
}

/// Sends `route` to `path` with `headers`; a POST carries `fields` (the upload route, as a
/// multipart form with an image).
async fn send(
    site: &TestApp,
    route: &DeskRoute,
    path: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> TestResponse {
    match route.method {
        "GET" => {
            let cookie = headers
                .iter()
                .find(|(name, _)| *name == "cookie")
                .map_or("", |(_, value)| *value);
            site.get_with_cookie(path, cookie).await
        }
        _ if route.path == "/desk/media/upload" => {
            let picture = images::png(32, 24);
            let mut parts: Vec<_> = fields
                .iter()
                .map(|(name, value)| field(name, value))
                .collect();
            parts.push(file("lie.png", "image/png", &picture));
            post_multipart(site, path, &parts, headers).await
        }
        _ => site.post_with_headers(path, fields, headers).await,
    }
}

/// Plausible fields for each state-changing route, so that only the refusal under test
/// stands between the request and a change.
fn fields_for<'a>(route: &DeskRoute, fixtures: &'a Fixtures) -> Vec<(&'a str, String)> {
    let article = fixtures.article.to_string();
    let comment = fixtures.comment.to_string();
    let media = fixtures.media.to_string();
    let owned = |pairs: &[(&'a str, &str)]| -> Vec<(&'a str, String)> {
        pairs
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect()
    };
    match route.path {
        "/desk/articles/bulk" => owned(&[("action", "trash"), ("ids", &article)]),
        "/desk/articles/new"
        | "/desk/articles/{id}/edit"
        | "/desk/articles/preview"
        | "/desk/articles/autosave" => article_form("A forged headline", "publish")
            .into_iter()
            .map(|(name, value)| (name, value.to_owned()))
            .collect(),
        "/desk/articles/{id}/corrections" => owned(&[
            ("correction_kind", "update"),
            ("correction_note", "A forged note."),
        ]),
        "/desk/articles/{id}/featured-image" | "/desk/settings/images/{setting}" => {
            owned(&[("media_id", &media)])
        }
        "/desk/categories/" | "/desk/categories/{id}/edit" => {
            owned(&[("name", "Forged"), ("slug", ""), ("description", "")])
        }
        "/desk/media/{id}/" => {
            owned(&[("alt_text", "Forged"), ("caption", ""), ("title", "Forged")])
        }
        "/desk/comments/moderate" => owned(&[
            ("bulk_action", "spam"),
            ("apply", "1"),
            ("comment", &comment),
        ]),
        "/desk/comments/{id}/reply" => owned(&[("comment", "A forged reply.")]),
        "/desk/sources/new" | "/desk/sources/{id}/edit" => owned(&[
            ("name", "Forged"),
            ("url", "https://attacker.example/feed"),
            ("mode", "publish"),
            ("interval", "15m"),
            ("allow_private_addresses", "1"),
        ]),
        "/desk/sources/review/{id}/approve" => owned(&[("title", "Forged"), ("always", "1")]),
        "/desk/users/invite" => owned(&[
            ("name", "Mallory"),
            ("email", "mallory@attacker.example"),
            ("role", "administrator"),
        ]),
        "/desk/users/{id}/role" => owned(&[("role", "administrator")]),
        "/desk/account/profile" => {
            owned(&[("name", "Forged"), ("email", "forged@attacker.example")])
        }
        "/desk/account/password" => owned(&[
            ("current_password", STAFF_PASSWORD),
            ("new_password", "a forged new password"),
        ]),
        "/desk/settings/" | "/desk/settings/{tab}/" => {
            owned(&[("title", "Forged"), ("posts_per_page", "1")])
        }
        _ => Vec::new(),
    }
}

/// Signs in, posts with `session`'s cookie and the extra `headers`, with `csrf` among the
/// fields when given.
async fn post_as(
    site: &TestApp,
    route: &DeskRoute,
    path: &str,
    session: &(String, String),
    csrf: Option<&str>,
    headers: &[(&str, &str)],
    fixtures: &Fixtures,
) -> TestResponse {
    let owned = fields_for(route, fixtures);
    let mut fields: Vec<(&str, &str)> = owned
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    if let Some(csrf) = csrf {
        fields.push(("csrf", csrf));
    }
    let mut all_headers = vec![("cookie", session.0.as_str())];
    all_headers.extend_from_slice(headers);
    send(site, route, path, &fields, &all_headers).await
}

/// A forged request: how it is forged, the CSRF token it carries, and its extra headers.
type Forgery<'a> = (&'a str, Option<&'a str>, Vec<(&'a str, &'a str)>);

/// What the administrator's objects look like, to show a refused request changed nothing.
async fn state_of(site: &TestApp, newsroom: &Newsroom) -> String {
    let fixtures = &newsroom.fixtures;
    let admin = &newsroom.administrator.1;
    let article = site
        .app
        .editor_data(admin, Some(fixtures.article))
        .await
        .unwrap()
        .article
        .unwrap();
    let comment_status = site.app.comment(fixtures.comment).await.unwrap().status;
    let users = site.app.users().await.unwrap();
    let user = users
        .iter()
        .find(|user| user.id == fixtures.user.id)
        .unwrap();
    let media = site.app.media_item(fixtures.media).await.unwrap();
    let sessions = site.app.sessions_of(admin.id).await.unwrap().len();
    let settings = site.app.site_settings().await.unwrap();
    let categories = site.app.category_list().await.unwrap();
    let sources: Vec<String> = site
        .app
        .sources()
        .await
        .unwrap()
        .into_iter()
        .map(|source| {
            format!(
                "{} {} {} {:?}",
                source.name, source.feed_url, source.mode, source.paused
            )
        })
        .collect();
    let waiting = site.app.review_queue().await.unwrap().len();
    format!(
        "{} {:?} {:?} {:?} | {comment_status:?} | {:?} {:?} {} {} | {} {:?} | {} {} {:?} | {} {sessions} | {sources:?} {waiting}",
        article.title,
        article.status,
        article.trashed,
        article.featured_image.map(|image| image.media_id),
        user.role,
        user.disabled_at,
        user.email,
        users.len(),
        media.alt_text,
        media.caption,
        settings.title,
        settings.posts_per_page,
        settings.site_logo,
        categories.len(),
    )
}

#[test]
fn the_table_lists_every_route_the_desk_declares() {
    let listed: Vec<&str> = DESK_ROUTES
        .iter()
        .map(|route| route.path)
        .chain(OPEN_DOORS.iter().copied())
        .chain(SLASH_REDIRECTS.iter().copied())
        .collect();
    let declared = declared_desk_paths();
    assert!(
        declared.len() >= DESK_ROUTES.len() / 2,
        "the desk's routes were found: {declared:?}"
    );
    for path in &declared {
        assert!(
            listed.contains(&path.as_str()),
            "{path} is declared but not in the security table"
        );
    }
    for path in &listed {
        assert!(
            declared.iter().any(|declared| declared == path),
            "{path} is in the table but no longer declared"
        );
    }
}

app_tests! {
    async fn anonymous_visitors_reach_no_route_of_the_desk(site: TestApp) {
        let newsroom = Newsroom::open(&site).await;
        for route in DESK_ROUTES {
            let path = newsroom.fixtures.fill(route.path);
            let response = send(&site, route, &path, &[], &[("sec-fetch-site", "same-origin")]).await;
            if path.starts_with("/desk/api/") {
                assert_eq!(response.status, 401, "{} {path} without a session", route.method);
            } else {
                assert_eq!(response.status, 302, "{} {path} without a session", route.method);
                let location = response.header("location").unwrap_or_default();
                assert!(location.starts_with("/login?next="), "{} {path} sends to sign in, not {location}", route.method);
            }
        }
        for path in SLASH_REDIRECTS {
            let path = newsroom.fixtures.fill(path);
            let response = site.get(&path).await;
            assert_eq!(response.header("location"), Some(format!("{path}/").as_str()), "{path} only adds its slash");
        }
    }

    async fn a_role_without_the_right_is_refused_on_every_route(site: TestApp) {
        let newsroom = Newsroom::open(&site).await;
        let before = state_of(&site, &newsroom).await;
        let mut checked = 0;
        for route in DESK_ROUTES {
            let Some((who, session)) = newsroom.lacking(route.needs) else { continue };
            let path = newsroom.fixtures.fill(route.path);
            let response = if route.method == "GET" {
                site.get_with_cookie(&path, &session.0).await
            } else {
                post_as(&site, route, &path, session, Some(&session.1), &[("sec-fetch-site", "same-origin")], &newsroom.fixtures).await
            };
            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN.as_u16(),
                "{} {path} as {who}: {}",
                route.method,
                response.body.chars().take(300).collect::<String>()
            );
            checked += 1;
        }
        assert!(checked > 30, "most routes need more than a session ({checked})");
        assert_eq!(state_of(&site, &newsroom).await, before, "refused requests changed nothing");
    }

    async fn forged_and_cross_site_requests_are_refused_on_every_route(site: TestApp) {
        let newsroom = Newsroom::open(&site).await;
        let (admin_session, _) = &newsroom.administrator;
        let before = state_of(&site, &newsroom).await;
        let other_sessions_token = newsroom.editor.1.clone();
        for route in DESK_ROUTES.iter().filter(|route| route.method == "POST") {
            let path = newsroom.fixtures.fill(route.path);
            let attempts: [Forgery<'_>; 5] = [
                ("without a CSRF token", None, vec![("sec-fetch-site", "same-origin")]),
                ("with a made-up CSRF token", Some("0123456789abcdef0123456789abcdef"), vec![("sec-fetch-site", "same-origin")]),
                ("with another session's CSRF token", Some(&other_sessions_token), vec![("sec-fetch-site", "same-origin")]),
                ("sent by another site", Some(&admin_session.1), vec![("sec-fetch-site", "cross-site")]),
                ("from another origin", Some(&admin_session.1), vec![("origin", "https://attacker.example"), ("host", "localhost")]),
            ];
            for (how, csrf, headers) in attempts {
                let response = post_as(&site, route, &path, admin_session, csrf, &headers, &newsroom.fixtures).await;
                assert_eq!(response.status, 403, "POST {path} {how}: {}", response.body.chars().take(300).collect::<String>());
            }
        }
        assert_eq!(state_of(&site, &newsroom).await, before, "forged requests changed nothing");
        // The control: the same request, sent properly, does change things.
        let media_route = DESK_ROUTES.iter().find(|route| route.method == "POST" && route.path == "/desk/media/{id}/").unwrap();
        let path = newsroom.fixtures.fill(media_route.path);
        let sent_properly = post_as(&site, media_route, &path, admin_session, Some(&admin_session.1), &[("sec-fetch-site", "same-origin")], &newsroom.fixtures).await;
        assert_eq!(sent_properly.status, 303, "{}", sent_properly.body);
        assert_ne!(state_of(&site, &newsroom).await, before, "a proper request changes what forged ones could not");
        let still_in = site.get_with_cookie("/desk/", &admin_session.0).await;
        assert_eq!(still_in.status, 200, "the administrator's session survived every forged request");
    }
}
