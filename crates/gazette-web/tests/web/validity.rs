//! Every kind of page is valid HTML5 by the W3C's Nu HTML Checker, when it is available.
//!
//! The checker is a Java program (`vnu.jar`, from the npm package `vnu-jar`). Set
//! `GAZETTE_HTML_VALIDATOR` to the jar's path to run this test; `.ci/run` does. Without it
//! the test says it was skipped; the parse-error checks in the other tests still run.

use crate::support::*;
use gazette_test_support::{TestApp, TestDatabase};
use std::io::Write as _;

const VALIDATOR_VARIABLE: &str = "GAZETTE_HTML_VALIDATOR";

#[tokio::test]
async fn every_page_passes_the_nu_html_checker() {
    let Ok(validator) = std::env::var(VALIDATOR_VARIABLE) else {
        let _ = writeln!(
            std::io::stderr(),
            "NOTE: HTML validation is skipped because {VALIDATOR_VARIABLE} (the path of vnu.jar) is not set"
        );
        return;
    };
    let site = TestApp::start(TestDatabase::sqlite()).await;
    let republished = publish_republished(&site).await;
    approved_comment(
        &site,
        &republished,
        "Ana <Lima>",
        "Good news & \"more\".\n\nhttps://example.org/x",
    )
    .await;
    let closed = publish_draft(
        &site,
        gazette_domain::ArticleDraft {
            title: "Closed".into(),
            body_markdown: "| a | b |\n|---|---|\n| 1 | 2 |".into(),
            comments_open: Some(false),
            ..Default::default()
        },
    )
    .await;
    let by_reporters = publish_draft(
        &site,
        gazette_domain::ArticleDraft {
            title: "Harbour dredging begins".into(),
            body_markdown: "Boats wait outside.".into(),
            source_name: Some("The Wire".into()),
            source_url: Some("https://wire.example/dredging".into()),
            source_author: Some("Ines Ortega & Tom Reyes".into()),
            ..Default::default()
        },
    )
    .await;
    let posted = site.post_form(&path_of(&republished), &valid_form()).await;
    let own_pending = site
        .get_with_cookie(&path_of(&republished), &posted.cookie().unwrap())
        .await;

    let listings = [archive_pages(&site).await, search_pages(&site).await].concat();
    let threaded = threaded_pages(&site, &republished).await;
    let accounts = account_pages().await;
    let imported = imported_pages(&site).await;
    let pages = [
        ("home.html", site.get("/").await.body),
        ("article.html", site.get(&path_of(&republished)).await.body),
        ("article-own-pending.html", own_pending.body),
        (
            "article-byline.html",
            site.get(&path_of(&by_reporters)).await.body,
        ),
        (
            "article-closed.html",
            site.get(&path_of(&closed)).await.body,
        ),
        (
            "form-errors.html",
            site.post_form(
                &path_of(&republished),
                &[("comment", "x"), ("email", "bad")],
            )
            .await
            .body,
        ),
        (
            "closed-refusal.html",
            site.post_form(&path_of(&closed), &valid_form()).await.body,
        ),
        ("not-found.html", site.get("/missing").await.body),
    ];
    let folder = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, body) in pages
        .into_iter()
        .chain(listings)
        .chain(threaded)
        .chain(accounts)
        .chain(imported)
    {
        let path = folder.path().join(name);
        std::fs::write(&path, body).unwrap();
        files.push(path);
    }
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&validator)
        .args(["--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .unwrap_or_else(|error| panic!("cannot run java -jar {validator}: {error}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

/// Pages imported from WordPress: an article with a thread ten deep, pingbacks apart, a
/// captioned figure, a gallery and a player, and a page under pages.
async fn imported_pages(site: &TestApp) -> Vec<(&'static str, String)> {
    site.app
        .import_wordpress(
            Box::new(std::io::Cursor::new(
                gazette_test_support::wordpress::TRAPS.as_bytes().to_vec(),
            )),
            &gazette_app::ImportOptions::default(),
            &gazette_app::Unobserved,
        )
        .await
        .unwrap();
    let mut pages = Vec::new();
    for (name, path) in [
        ("imported-article.html", "/2024/03/01/fish-and-chips/"),
        ("imported-shortcodes.html", "/2024/03/05/sights-and-sounds/"),
        ("imported-gallery.html", "/2024/03/04/pinned-notice/"),
        ("imported-page.html", "/about/team/history/"),
    ] {
        let page = site.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        pages.push((name, page.body));
    }
    pages
}

/// An article with its author, categories and tags linked, and the archives: a child
/// category's second page (with its description), a tag's, an author's and a month's.
async fn archive_pages(site: &TestApp) -> Vec<(&'static str, String)> {
    let author = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: "Rita Reporter".into(),
            email: "rita@ledger.example".into(),
            role: gazette_domain::Role::Editor,
            password: None,
        })
        .await
        .unwrap();
    let news = site
        .app
        .create_category(
            &author,
            &gazette_app::CategoryInput {
                name: "News".into(),
                slug: String::new(),
                description: String::new(),
                parent: None,
            },
        )
        .await
        .unwrap();
    site.app
        .create_category(
            &author,
            &gazette_app::CategoryInput {
                name: "Local & Regional".into(),
                slug: String::new(),
                description: "Stories from <our> town.".into(),
                parent: Some(news),
            },
        )
        .await
        .unwrap();
    site.app
        .change_setting("posts_per_page", "1")
        .await
        .unwrap();
    let mut linked = None;
    for title in ["Ferry returns", "Market reopens"] {
        linked = Some(
            site.app
                .publish_article(
                    &gazette_domain::ArticleDraft {
                        title: title.into(),
                        body_markdown: format!("{title} today."),
                        ..Default::default()
                    },
                    gazette_app::PublishOptions {
                        author_id: Some(author.id),
                        categories: vec!["Local & Regional".into()],
                        tags: vec!["Harbour".into(), "Town life".into()],
                        ..Default::default()
                    },
                )
                .await
                .unwrap(),
        );
    }
    let linked = linked.unwrap();
    let pages = vec![
        (
            "article-linked.html",
            site.get(&path_of(&linked)).await.body,
        ),
        (
            "archive-category-page-2.html",
            site.get("/category/news/local-regional/page/2/").await.body,
        ),
        ("archive-tag.html", site.get("/tag/harbour/").await.body),
        (
            "archive-author.html",
            site.get("/author/rita-reporter/").await.body,
        ),
        ("archive-month.html", site.get("/2024/04/").await.body),
    ];
    site.app
        .change_setting("posts_per_page", "10")
        .await
        .unwrap();
    for (name, body) in &pages {
        assert!(body.contains("entry-title"), "{name} lists articles");
    }
    pages
}

/// A search's results with its matches marked and a next page, one that finds nothing,
/// and the empty search.
async fn search_pages(site: &TestApp) -> Vec<(&'static str, String)> {
    for title in [
        "Otters in the river <again>",
        "River & otters: a \"survey\"",
    ] {
        publish(site, title).await;
    }
    site.app
        .change_setting("posts_per_page", "1")
        .await
        .unwrap();
    let pages = vec![
        ("search.html", site.get("/?s=otters+river").await.body),
        (
            "search-page-2.html",
            site.get("/page/2/?s=otters").await.body,
        ),
        (
            "search-nothing-found.html",
            site.get("/?s=zebra").await.body,
        ),
        ("search-empty.html", site.get("/?s=").await.body),
    ];
    site.app
        .change_setting("posts_per_page", "10")
        .await
        .unwrap();
    pages
}

/// Threads, a reply form, a second comment page, a refusal that keeps the form, and a
/// notice page.
async fn threaded_pages(
    site: &TestApp,
    article: &gazette_domain::Article,
) -> Vec<(&'static str, String)> {
    // Threads, a reply form, a second comment page and a refusal that keeps the form.
    site.app
        .change_setting("comments_per_page", "1")
        .await
        .unwrap();
    let parent = approved_comment(site, article, "Ana", "First.").await;
    let path = path_of(article);
    site.app
        .change_setting("hold_first_time_commenters", "false")
        .await
        .unwrap();
    let parent_text = parent.to_string();
    let reply_fields: Vec<(&str, &str)> = valid_form()
        .into_iter()
        .map(|(name, value)| {
            if name == "comment_parent" {
                (name, parent_text.as_str())
            } else {
                (name, value)
            }
        })
        .collect();
    site.post_form(&path, &reply_fields).await;
    approved_comment(site, article, "Ben", "Second thread.").await;
    let duplicate = site.post_form(&path, &reply_fields).await;
    assert_eq!(duplicate.status, 409);

    let token = site.app.setup_token_if_needed().await.unwrap().unwrap();
    let editor = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: "Eddie Editor".into(),
            email: "eddie@ledger.example".into(),
            role: gazette_domain::Role::Editor,
            password: Some("correct horse battery".into()),
        })
        .await
        .unwrap();
    let signed_in = site
        .post_with_headers(
            "/login",
            &[
                ("email", "eddie@ledger.example"),
                ("password", "correct horse battery"),
            ],
            &[],
        )
        .await;
    let session = signed_in
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let mut pages = desk_media_pages(site, &session, &editor).await;
    pages.extend([
        ("login.html", site.get("/login").await.body),
        (
            "setup-errors.html",
            site.post_with_headers(
                &format!("/setup/{token}"),
                &[("name", ""), ("email", "x"), ("password", "y")],
                &[],
            )
            .await
            .body,
        ),
        (
            "desk.html",
            site.get_with_cookie("/desk/", &session).await.body,
        ),
        (
            "article-reply.html",
            site.get(&format!("{path}?replytocom={parent}")).await.body,
        ),
        (
            "comment-page-2.html",
            site.get(&format!("{path}comment-page-2/")).await.body,
        ),
        ("duplicate-refusal.html", duplicate.body),
        (
            "unsubscribed.html",
            site.get("/comments/unsubscribe/no-such-token").await.body,
        ),
    ]);
    pages.extend(comment_moderation_pages(site, &session, parent).await);
    pages
}

/// The desk's media screens: the library in its choosing mode, the upload form, an image's
/// page with an error, and the confirmation of a deletion.
async fn desk_media_pages(
    site: &TestApp,
    session: &str,
    editor: &gazette_domain::User,
) -> Vec<(&'static str, String)> {
    let image = site
        .app
        .upload_media(
            &gazette_domain::Actor::from(editor),
            gazette_app::MediaUpload {
                file_name: "harbour at dawn.jpg".into(),
                bytes: gazette_test_support::images::jpeg(1200, 800),
            },
        )
        .await
        .unwrap();
    site.app.run_due_jobs().await.unwrap();
    let image_path = format!("/desk/media/{}/", image.id);
    let csrf = crate::desk::csrf_of(&site.get_with_cookie("/desk/", session).await.html());
    let image_errors = site
        .post_with_headers(
            &image_path,
            &[
                ("csrf", &csrf),
                ("title", ""),
                ("alt_text", "Boats"),
                ("caption", ""),
            ],
            &[("cookie", session)],
        )
        .await;
    assert_eq!(image_errors.status, 422);
    vec![
        (
            "desk-media-library.html",
            site.get_with_cookie("/desk/media/?choose_for=1", session)
                .await
                .body,
        ),
        (
            "desk-media-upload.html",
            site.get_with_cookie("/desk/media/upload", session)
                .await
                .body,
        ),
        ("desk-media-item-errors.html", image_errors.body),
        (
            "desk-media-delete.html",
            site.get_with_cookie(&format!("{image_path}delete"), session)
                .await
                .body,
        ),
    ]
}

/// The desk's comment moderation pages: a queue, a reply form, the log and one comment's
/// history.
async fn comment_moderation_pages(
    site: &TestApp,
    session: &str,
    comment: gazette_domain::CommentId,
) -> Vec<(&'static str, String)> {
    vec![
        (
            "desk-comments.html",
            site.get_with_cookie("/desk/comments/?status=all", session)
                .await
                .body,
        ),
        (
            "desk-comment-reply.html",
            site.get_with_cookie(&format!("/desk/comments/{comment}/reply"), session)
                .await
                .body,
        ),
        (
            "desk-comment-log.html",
            site.get_with_cookie("/desk/comments/log", session)
                .await
                .body,
        ),
        (
            "desk-comment-history.html",
            site.get_with_cookie(&format!("/desk/comments/{comment}/log"), session)
                .await
                .body,
        ),
    ]
}

/// The account, users and settings screens, with and without errors, and the pages of the
/// mailed links, on a site that sends mail.
async fn account_pages() -> Vec<(&'static str, String)> {
    let smtp = gazette_test_support::smtp::SmtpServer::start();
    let site = TestApp::start(TestDatabase::sqlite())
        .await
        .with_mail(&smtp);
    let ada = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: "Ada <Admin>".into(),
            email: "ada@ledger.example".into(),
            role: gazette_domain::Role::Administrator,
            password: Some(crate::desk::PASSWORD.into()),
        })
        .await
        .unwrap();
    let cookie = crate::desk::sign_in(&site, "ada@ledger.example").await;
    let csrf = crate::desk::csrf_of(&site.get_with_cookie("/desk/account/", &cookie).await.html());
    let post = async |path: &str, fields: &[(&str, &str)]| {
        let mut fields = fields.to_vec();
        fields.push(("csrf", &csrf));
        site.post_with_headers(path, &fields, &[("cookie", &cookie)])
            .await
            .body
    };
    let mut pages = vec![
        (
            "desk-account.html",
            site.get_with_cookie("/desk/account/", &cookie).await.body,
        ),
        (
            "desk-users.html",
            site.get_with_cookie("/desk/users/", &cookie).await.body,
        ),
        (
            "desk-settings.html",
            site.get_with_cookie("/desk/settings/", &cookie).await.body,
        ),
        (
            "desk-settings-comments.html",
            site.get_with_cookie("/desk/settings/comments/", &cookie)
                .await
                .body,
        ),
    ];
    pages.extend(mailed_link_pages(&site, &smtp).await);
    pages.push((
        "desk-account-errors.html",
        post(
            "/desk/account/password",
            &[("current_password", "wrong"), ("new_password", "short")],
        )
        .await,
    ));
    pages.push((
        "desk-users-refusal.html",
        post("/desk/users/1/disable", &[]).await,
    ));
    pages.push((
        "desk-users-invite-errors.html",
        post(
            "/desk/users/invite",
            &[("name", ""), ("email", "x"), ("role", "editor")],
        )
        .await,
    ));
    pages.push((
        "desk-settings-errors.html",
        post(
            "/desk/settings/",
            &[
                ("title", ""),
                ("time_zone", "Mars/Olympus"),
                ("date_format", ""),
            ],
        )
        .await,
    ));
    pages.extend(crate::desk_sources::pages(&site, &(cookie.clone(), csrf.clone())).await);
    assert_eq!(
        ada.id.get(),
        1,
        "the refusal above is Ada disabling herself"
    );
    pages
}

/// The forgotten-password form and the page a mailed reset link opens, with an error.
async fn mailed_link_pages(
    site: &TestApp,
    smtp: &gazette_test_support::smtp::SmtpServer,
) -> Vec<(&'static str, String)> {
    let forgot = site.get("/login/forgot").await.body;
    site.post_with_headers("/login/forgot", &[("email", "ada@ledger.example")], &[])
        .await;
    site.app.run_due_jobs().await.unwrap();
    let mail = smtp.wait_for_messages(1).remove(0);
    let link = mail
        .text
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://127.0.0.1:8080"))
        .unwrap()
        .to_owned();
    vec![
        ("forgot-password.html", forgot),
        ("choose-password.html", site.get(&link).await.body),
        (
            "choose-password-errors.html",
            site.post_with_headers(&link, &[("password", "short")], &[])
                .await
                .body,
        ),
    ]
}
