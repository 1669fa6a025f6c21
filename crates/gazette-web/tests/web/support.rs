//! Arranging sites and reading pages.

use gazette_app::{Actor, PublishOptions};
use gazette_domain::{Article, ArticleDraft, CommentId, CommentInput, ModerationAction};
use gazette_test_support::TestApp;
use scraper::{ElementRef, Html, Selector};

pub async fn publish(site: &TestApp, title: &str) -> Article {
    publish_draft(
        site,
        ArticleDraft {
            title: title.into(),
            body_markdown: format!("The body of {title}.\n\nA second paragraph."),
            ..ArticleDraft::default()
        },
    )
    .await
}

pub async fn publish_draft(site: &TestApp, draft: ArticleDraft) -> Article {
    site.app
        .publish_article(&draft, PublishOptions::default())
        .await
        .expect("the article is published")
}

pub async fn publish_republished(site: &TestApp) -> Article {
    publish_draft(
        site,
        ArticleDraft {
            title: "Mussels return to the river".into(),
            body_markdown:
                "Survey teams counted more mussels than in any year since records began.".into(),
            source_name: Some("Tri-Valley News Service".into()),
            source_url: Some("https://trivalley.example/mussels".into()),
            source_published_at: Some("2024-04-23T18:00:00Z".parse().unwrap()),
            ..ArticleDraft::default()
        },
    )
    .await
}

/// The path of an article published at the test start.
pub fn path_of(article: &Article) -> String {
    format!("/2024/04/24/{}/", article.slug)
}

/// Posts a comment through the use case and approves it, as a moderator would.
pub async fn approved_comment(
    site: &TestApp,
    article: &Article,
    author: &str,
    text: &str,
) -> CommentId {
    let id = pending_comment(site, article, author, text).await;
    site.app
        .moderate_comments(&[id], ModerationAction::Approve, &Actor::system())
        .await
        .expect("approval works");
    id
}

/// Posts a comment through the use case; it stays pending.
pub async fn pending_comment(
    site: &TestApp,
    article: &Article,
    author: &str,
    text: &str,
) -> CommentId {
    let form_token = Some(site.app.comment_form_token(article.id));
    site.app.clock().advance(20);
    let input = CommentInput {
        text: text.into(),
        author: author.into(),
        email: format!(
            "{}@readers.example",
            author
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        ),
        website: String::new(),
        parent: String::new(),
    };
    let submission = gazette_app::CommentSubmission {
        form_token,
        ..gazette_app::CommentSubmission::new(article.id, input)
    };
    site.app
        .post_comment(submission)
        .await
        .expect("the comment is accepted")
        .id
}

/// The fields a valid comment form sends.
pub fn valid_form<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("comment", "A thoughtful remark."),
        ("author", "Ada Reader"),
        ("email", "ada@readers.example"),
        ("url", ""),
        ("comment_parent", "0"),
        ("submit", "Post Comment"),
    ]
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector =
        Selector::parse(css).unwrap_or_else(|error| panic!("bad selector {css}: {error:?}"));
    html.select(&selector).collect()
}

pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// The element's text with white space folded.
pub fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fails the test when the HTML parser had to repair the document.
pub fn assert_well_formed(html: &Html) {
    let errors: Vec<&str> = html.errors.iter().map(AsRef::as_ref).collect();
    assert!(errors.is_empty(), "the HTML has parse errors: {errors:?}");
}

/// The password every test member of staff has.
pub const STAFF_PASSWORD: &str = "correct horse battery";

/// A member of staff with `role`, signed in through the form; returns their session cookie
/// (`name=value`) and the CSRF token of their session.
pub async fn signed_in(site: &TestApp, name: &str, role: gazette_domain::Role) -> (String, String) {
    signed_in_user(site, name, role).await.0
}

/// [`signed_in`], with the user made.
pub async fn signed_in_user(
    site: &TestApp,
    name: &str,
    role: gazette_domain::Role,
) -> ((String, String), gazette_domain::User) {
    let email = format!("{}@ledger.example", name.to_lowercase().replace(' ', "."));
    let user = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: name.into(),
            email: email.clone(),
            role,
            password: Some(STAFF_PASSWORD.into()),
        })
        .await
        .expect("the user is created");
    let response = site
        .post_with_headers(
            "/login",
            &[("email", &email), ("password", STAFF_PASSWORD)],
            &[],
        )
        .await;
    assert_eq!(response.status, 303, "signing in: {}", response.body);
    let cookie = response.cookie().expect("a session cookie");
    let desk = site.get_with_cookie("/desk/", &cookie).await;
    let csrf = one(&desk.html(), "meta[name=csrf-token]")
        .value()
        .attr("content")
        .expect("the session's CSRF token")
        .to_owned();
    ((cookie, csrf), user)
}

/// `POST path` from a desk page of this site: the session cookie, the CSRF token among the
/// fields, and the browser's same-origin marker.
pub async fn desk_post(
    site: &TestApp,
    session: &(String, String),
    path: &str,
    fields: &[(&str, &str)],
) -> gazette_test_support::TestResponse {
    let mut fields = fields.to_vec();
    fields.push(("csrf", session.1.as_str()));
    site.post_with_headers(
        path,
        &fields,
        &[
            ("cookie", session.0.as_str()),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await
}

/// `GET path` with `headers`.
pub async fn get_with(
    site: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> gazette_test_support::TestResponse {
    site.send(request_with(axum::http::Method::GET, path, headers))
        .await
}

/// `HEAD path` with `headers`.
pub async fn head_with(
    site: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> gazette_test_support::TestResponse {
    site.send(request_with(axum::http::Method::HEAD, path, headers))
        .await
}

fn request_with(
    method: axum::http::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> axum::http::Request<axum::body::Body> {
    let mut builder = axum::http::Request::builder().method(method).uri(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(axum::body::Body::empty()).unwrap()
}
