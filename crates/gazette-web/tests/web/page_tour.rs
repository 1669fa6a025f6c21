//! A tour of every kind of page the site serves, each as a reader or a member of staff
//! reaches it: with and without errors, empty and full, first and later pages. The HTML
//! checker validates the pages, and the theme's own test checks that the tour renders
//! every one of its templates.

use crate::support::*;
use gazette_test_support::{TestApp, TestDatabase, TestResponse};

/// One page of the tour.
pub struct TourPage {
    /// A file name for the page, which reports name.
    pub file: &'static str,
    /// The template that renders it.
    pub template: &'static str,
    /// The answer's status.
    pub status: u16,
    /// The page itself.
    pub body: String,
}

/// `response`, rendered by `template`, as the page named `file`.
pub fn page(file: &'static str, template: &'static str, response: TestResponse) -> TourPage {
    TourPage {
        file,
        template,
        status: response.status.as_u16(),
        body: response.body,
    }
}

/// Every kind of page, on sites arranged to show each of them.
pub async fn every_kind_of_page() -> Vec<TourPage> {
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

    let mut pages = vec![
        page("home.html", "home.html", site.get("/").await),
        page(
            "article.html",
            "article.html",
            site.get(&path_of(&republished)).await,
        ),
        page("article-own-pending.html", "article.html", own_pending),
        page(
            "article-byline.html",
            "article.html",
            site.get(&path_of(&by_reporters)).await,
        ),
        page(
            "article-closed.html",
            "article.html",
            site.get(&path_of(&closed)).await,
        ),
        page(
            "form-errors.html",
            "article.html",
            site.post_form(
                &path_of(&republished),
                &[("comment", "x"), ("email", "bad")],
            )
            .await,
        ),
        page(
            "closed-refusal.html",
            "article.html",
            site.post_form(&path_of(&closed), &valid_form()).await,
        ),
        page("not-found.html", "error.html", site.get("/missing").await),
    ];
    pages.extend(archive_pages(&site).await);
    pages.extend(search_pages(&site).await);
    pages.extend(threaded_pages(&site, &republished).await);
    pages.extend(desk_writing_pages(&site).await);
    pages.extend(account_pages().await);
    pages.extend(imported_pages().await);
    pages
}

/// A site moved over from WordPress: an article with its pingbacks and a thread ten deep, a
/// page under pages, and articles whose shortcodes (captions, a gallery, audio and video)
/// became HTML.
async fn imported_pages() -> Vec<TourPage> {
    let site = TestApp::start(TestDatabase::sqlite()).await;
    let report = site
        .app
        .import_wordpress(
            Box::new(std::io::Cursor::new(
                gazette_test_support::wordpress::TRAPS.as_bytes().to_vec(),
            )),
            &gazette_app::ImportOptions::default(),
            &gazette_app::Unobserved,
        )
        .await
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    site.app
        .create_user(gazette_app::NewUser {
            display_name: "Moira Moderator".into(),
            email: "moira@harbour.example".into(),
            role: gazette_domain::Role::Editor,
            password: Some(crate::desk::PASSWORD.into()),
        })
        .await
        .unwrap();
    let cookie = crate::desk::sign_in(&site, "moira@harbour.example").await;
    let pages = vec![
        page(
            "imported-home-with-sticky.html",
            "home.html",
            site.get("/").await,
        ),
        page(
            "desk-comments-with-linkbacks.html",
            "desk/comments.html",
            site.get_with_cookie("/desk/comments/?status=approved", &cookie)
                .await,
        ),
        page(
            "desk-articles-imported.html",
            "desk/article_list.html",
            site.get_with_cookie("/desk/articles/", &cookie).await,
        ),
        page(
            "desk-comments-pingbacks.html",
            "desk/comments.html",
            site.get_with_cookie("/desk/comments/?status=approved&type=pingback", &cookie)
                .await,
        ),
        page(
            "imported-article-with-pingbacks.html",
            "article.html",
            site.get("/2024/03/01/fish-and-chips/").await,
        ),
        page(
            "imported-page-under-pages.html",
            "article.html",
            site.get("/about/team/history/").await,
        ),
        page(
            "imported-shortcodes.html",
            "article.html",
            site.get("/2024/03/05/sights-and-sounds/").await,
        ),
        page(
            "imported-gallery.html",
            "article.html",
            site.get("/2024/03/04/pinned-notice/").await,
        ),
    ];
    for page in &pages {
        assert_eq!(page.status, 200, "{}: {}", page.file, page.body);
    }
    assert!(
        pages[0].body.contains("sticky"),
        "the pinned notice leads the home page"
    );
    assert!(pages[3].body.contains("Pingback"), "{}", pages[3].body);
    let listed = &pages[2].body;
    assert!(
        listed.contains("<span class=\"badge\">Page</span>")
            && listed.contains("<span class=\"badge\">Featured</span>"),
        "the desk's list tells pages and featured news apart: {listed}"
    );
    pages
}

/// An article with its author, categories and tags linked, and the archives: a child
/// category's second page (with its description), a tag's, an author's and a month's.
async fn archive_pages(site: &TestApp) -> Vec<TourPage> {
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
    news_and_local_categories(site, &author).await;
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
    let mut pages = vec![
        page(
            "article-linked.html",
            "article.html",
            site.get(&path_of(&linked)).await,
        ),
        page(
            "archive-category-page-2.html",
            "archive.html",
            site.get("/category/news/local-regional/page/2/").await,
        ),
        page(
            "archive-tag.html",
            "archive.html",
            site.get("/tag/harbour/").await,
        ),
        page(
            "archive-author.html",
            "archive.html",
            site.get("/author/rita-reporter/").await,
        ),
        page(
            "archive-month.html",
            "archive.html",
            site.get("/2024/04/").await,
        ),
    ];
    site.app
        .change_setting("posts_per_page", "10")
        .await
        .unwrap();
    for page in &pages {
        assert!(
            page.body.contains("entry-title"),
            "{} lists articles",
            page.file
        );
    }
    pages.extend(shared_pages(site).await);
    pages
}

/// An article with an SEO title, a meta description and a featured image, whose head
/// describes it for sharing, and the home page while the site discourages search engines.
async fn shared_pages(site: &TestApp) -> Vec<TourPage> {
    let editor = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: "Sam Sharer".into(),
            email: "sam@ledger.example".into(),
            role: gazette_domain::Role::Editor,
            password: None,
        })
        .await
        .unwrap();
    let article = site
        .app
        .publish_article(
            &gazette_domain::ArticleDraft {
                title: "Lighthouse restored".into(),
                body_markdown: "The lamp shines again.".into(),
                seo_title: Some("Lighthouse restored: the lamp & its keepers".into()),
                meta_description: Some("After \"ten\" years <dark>, the lamp shines.".into()),
                ..Default::default()
            },
            gazette_app::PublishOptions {
                author_id: Some(editor.id),
                categories: vec!["Harbour".into()],
                tags: vec!["Lighthouse".into(), "Restoration".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let image = site
        .app
        .upload_media(
            &gazette_domain::Actor::from(&editor),
            gazette_app::MediaUpload {
                file_name: "lighthouse.jpg".into(),
                bytes: gazette_test_support::images::jpeg(1600, 900),
            },
        )
        .await
        .unwrap();
    site.app.run_due_jobs().await.unwrap();
    site.app
        .set_featured_image(&editor, article.id, Some(image.id))
        .await
        .unwrap();
    let shared = site.get(&path_of(&article)).await;
    assert!(
        shared.body.contains("og:image:width"),
        "the shared article has its image"
    );
    site.app
        .change_setting("discourage_search_engines", "true")
        .await
        .unwrap();
    let discouraged = site.get("/").await;
    site.app
        .change_setting("discourage_search_engines", "false")
        .await
        .unwrap();
    vec![
        page("article-shared.html", "article.html", shared),
        page("home-discouraged.html", "home.html", discouraged),
    ]
}

/// A top-level category, News, and one under it with a description: Local & Regional.
async fn news_and_local_categories(site: &TestApp, author: &gazette_domain::User) {
    let news = site
        .app
        .create_category(
            author,
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
            author,
            &gazette_app::CategoryInput {
                name: "Local & Regional".into(),
                slug: String::new(),
                description: "Stories from <our> town.".into(),
                parent: Some(news),
            },
        )
        .await
        .unwrap();
}

/// A search's results with its matches marked and a next page, one that finds nothing,
/// and the empty search.
async fn search_pages(site: &TestApp) -> Vec<TourPage> {
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
        page(
            "search.html",
            "search.html",
            site.get("/?s=otters+river").await,
        ),
        page(
            "search-page-2.html",
            "search.html",
            site.get("/page/2/?s=otters").await,
        ),
        page(
            "search-nothing-found.html",
            "search.html",
            site.get("/?s=zebra").await,
        ),
        page("search-empty.html", "search.html", site.get("/?s=").await),
    ];
    site.app
        .change_setting("posts_per_page", "10")
        .await
        .unwrap();
    pages
}

/// Threads, a reply form, a second comment page, a refusal that keeps the form, and a
/// notice page; then the desk's sign-in, setup, home, media and moderation screens.
async fn threaded_pages(site: &TestApp, article: &gazette_domain::Article) -> Vec<TourPage> {
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
        page("login.html", "desk/login.html", site.get("/login").await),
        page(
            "setup-errors.html",
            "desk/setup.html",
            site.post_with_headers(
                &format!("/setup/{token}"),
                &[("name", ""), ("email", "x"), ("password", "y")],
                &[],
            )
            .await,
        ),
        page(
            "desk.html",
            "desk/home.html",
            site.get_with_cookie("/desk/", &session).await,
        ),
        page(
            "article-reply.html",
            "article.html",
            site.get(&format!("{path}?replytocom={parent}")).await,
        ),
        page(
            "comment-page-2.html",
            "article.html",
            site.get(&format!("{path}comment-page-2/")).await,
        ),
        page("duplicate-refusal.html", "article.html", duplicate),
        page(
            "unsubscribed.html",
            "notice.html",
            site.get("/comments/unsubscribe/no-such-token").await,
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
) -> Vec<TourPage> {
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
        page(
            "desk-media-library.html",
            "desk/media_library.html",
            site.get_with_cookie("/desk/media/?choose_for=1", session)
                .await,
        ),
        page(
            "desk-media-upload.html",
            "desk/media_upload.html",
            site.get_with_cookie("/desk/media/upload", session).await,
        ),
        page(
            "desk-media-item-errors.html",
            "desk/media_item.html",
            image_errors,
        ),
        page(
            "desk-media-delete.html",
            "desk/media_delete.html",
            site.get_with_cookie(&format!("{image_path}delete"), session)
                .await,
        ),
    ]
}

/// The desk's comment moderation pages: a queue, a reply form, the log and one comment's
/// history.
async fn comment_moderation_pages(
    site: &TestApp,
    session: &str,
    comment: gazette_domain::CommentId,
) -> Vec<TourPage> {
    vec![
        page(
            "desk-comments.html",
            "desk/comments.html",
            site.get_with_cookie("/desk/comments/?status=all", session)
                .await,
        ),
        page(
            "desk-comment-reply.html",
            "desk/comment_reply.html",
            site.get_with_cookie(&format!("/desk/comments/{comment}/reply"), session)
                .await,
        ),
        page(
            "desk-comment-log.html",
            "desk/comment_log.html",
            site.get_with_cookie("/desk/comments/log", session).await,
        ),
        page(
            "desk-comment-history.html",
            "desk/comment_log.html",
            site.get_with_cookie(&format!("/desk/comments/{comment}/log"), session)
                .await,
        ),
    ]
}

/// The desk's writing screens: the list, the editor empty, with errors and for a saved
/// article, previews, an article's history and the comparison of two versions, and the
/// categories with an error.
async fn desk_writing_pages(site: &TestApp) -> Vec<TourPage> {
    let editor = signed_in(site, "Wanda Writer", gazette_domain::Role::Editor).await;
    let form = crate::desk_articles::article_form("Flood warning", "publish");
    let (location, id) = crate::desk_articles::saved_article(
        &desk_post(site, &editor, "/desk/articles/new", &form).await,
    );
    let saved = site.get_with_cookie(&location, &editor.0).await;
    let based_on = one(&saved.html(), "input[name=based_on]")
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let mut renamed = crate::desk_articles::article_form("Flood warning lifted", "keep");
    renamed.push(("based_on", &based_on));
    site.app.clock().advance(60);
    crate::desk_articles::saved_article(&desk_post(site, &editor, &location, &renamed).await);
    let history = site
        .get_with_cookie(&format!("/desk/articles/{id}/revisions/"), &editor.0)
        .await;
    let compare_url = one(&history.html(), "tbody tr:first-child a")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let untitled = crate::desk_articles::article_form("", "publish");
    let get = async |path: &str| site.get_with_cookie(path, &editor.0).await;
    vec![
        page(
            "desk-articles.html",
            "desk/article_list.html",
            get("/desk/articles/").await,
        ),
        page(
            "desk-article-new.html",
            "desk/article_editor.html",
            get("/desk/articles/new").await,
        ),
        page(
            "desk-article-errors.html",
            "desk/article_editor.html",
            desk_post(site, &editor, "/desk/articles/new", &untitled).await,
        ),
        page(
            "desk-article-edit.html",
            "desk/article_editor.html",
            get(&location).await,
        ),
        page(
            "desk-article-preview.html",
            "desk/article_preview.html",
            desk_post(
                site,
                &editor,
                "/desk/articles/preview",
                &[("title", "Unsaved <b>title</b>"), ("body", "Draft *body*")],
            )
            .await,
        ),
        page(
            "desk-article-saved-preview.html",
            "desk/article_preview.html",
            get(&format!("/desk/articles/{id}/preview")).await,
        ),
        page(
            "desk-article-history.html",
            "desk/article_history.html",
            history,
        ),
        page(
            "desk-article-compare.html",
            "desk/article_compare.html",
            get(&compare_url).await,
        ),
        page(
            "desk-categories-errors.html",
            "desk/categories.html",
            desk_post(
                site,
                &editor,
                "/desk/categories/",
                &[
                    ("name", ""),
                    ("slug", ""),
                    ("parent", ""),
                    ("description", ""),
                ],
            )
            .await,
        ),
    ]
}

/// The account, users and settings screens, with and without errors, and the pages of the
/// mailed links, on a site that sends mail.
async fn account_pages() -> Vec<TourPage> {
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
    };
    let mut pages = vec![
        page(
            "desk-account.html",
            "desk/account.html",
            site.get_with_cookie("/desk/account/", &cookie).await,
        ),
        page(
            "desk-users.html",
            "desk/users.html",
            site.get_with_cookie("/desk/users/", &cookie).await,
        ),
        page(
            "desk-settings.html",
            "desk/settings.html",
            site.get_with_cookie("/desk/settings/", &cookie).await,
        ),
        page(
            "desk-settings-comments.html",
            "desk/settings.html",
            site.get_with_cookie("/desk/settings/comments/", &cookie)
                .await,
        ),
    ];
    pages.extend(search_engine_desk_pages(&site, &cookie, &csrf, &ada).await);
    pages.extend(mailed_link_pages(&site, &smtp).await);
    pages.push(page(
        "desk-account-errors.html",
        "desk/account.html",
        post(
            "/desk/account/password",
            &[("current_password", "wrong"), ("new_password", "short")],
        )
        .await,
    ));
    pages.push(page(
        "desk-users-refusal.html",
        "desk/users.html",
        post("/desk/users/1/disable", &[]).await,
    ));
    pages.push(page(
        "desk-users-invite-errors.html",
        "desk/users.html",
        post(
            "/desk/users/invite",
            &[("name", ""), ("email", "x"), ("role", "editor")],
        )
        .await,
    ));
    pages.push(page(
        "desk-settings-errors.html",
        "desk/settings.html",
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

/// The settings that concern search engines (the Reading tab, and the General tab with a
/// logo chosen), the media library choosing the logo, and the article editor with its SEO
/// title and meta description refused, for the administrator `ada` signed in with `cookie`.
async fn search_engine_desk_pages(
    site: &TestApp,
    cookie: &str,
    csrf: &str,
    ada: &gazette_domain::User,
) -> Vec<TourPage> {
    let mut pages = vec![
        page(
            "desk-settings-reading.html",
            "desk/settings.html",
            site.get_with_cookie("/desk/settings/reading/", cookie)
                .await,
        ),
        page(
            "desk-media-choose-logo.html",
            "desk/media_library.html",
            site.get_with_cookie("/desk/media/?choose=site_logo", cookie)
                .await,
        ),
    ];
    let logo = site
        .app
        .upload_media(
            &gazette_domain::Actor::from(ada),
            gazette_app::MediaUpload {
                file_name: "logo.png".into(),
                bytes: gazette_test_support::images::png(600, 60),
            },
        )
        .await
        .unwrap();
    site.app
        .change_setting("site_logo", &logo.id.to_string())
        .await
        .unwrap();
    pages.push(page(
        "desk-settings-logo.html",
        "desk/settings.html",
        site.get_with_cookie("/desk/settings/", cookie).await,
    ));
    let too_long = site
        .post_with_headers(
            "/desk/articles/new",
            &[
                ("csrf", csrf),
                ("title", "Too long for search"),
                ("body", "Text."),
                ("seo_title", &"S".repeat(71)),
                ("meta_description", &"D".repeat(161)),
                ("intent", "draft"),
            ],
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(too_long.status, 422);
    pages.push(page(
        "desk-article-editor-errors.html",
        "desk/article_editor.html",
        too_long,
    ));
    pages
}

/// The forgotten-password form and the page a mailed reset link opens, with an error.
async fn mailed_link_pages(
    site: &TestApp,
    smtp: &gazette_test_support::smtp::SmtpServer,
) -> Vec<TourPage> {
    let forgot = site.get("/login/forgot").await;
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
        page("forgot-password.html", "desk/forgot_password.html", forgot),
        page(
            "choose-password.html",
            "desk/choose_password.html",
            site.get(&link).await,
        ),
        page(
            "choose-password-errors.html",
            "desk/choose_password.html",
            site.post_with_headers(&link, &[("password", "short")], &[])
                .await,
        ),
    ]
}
