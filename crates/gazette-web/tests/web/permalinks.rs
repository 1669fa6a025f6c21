//! Articles under the permalink pattern: served at the new address as soon as it changes,
//! old addresses (earlier patterns, slash-less, `/?p=ID`) redirected, comments and feeds at
//! the new address, the setting on the desk, and the site's own pages kept.

use crate::support::*;
use gazette_app::PublishOptions;
use gazette_domain::{Article, ArticleDraft, Role};
use gazette_test_support::{TestApp, app_tests};

/// An article filed under Local, itself under News, published at the test start.
async fn local_news(site: &TestApp, title: &str) -> Article {
    site.app
        .publish_article(
            &ArticleDraft {
                title: title.into(),
                body_markdown: format!("The body of {title}."),
                ..ArticleDraft::default()
            },
            PublishOptions {
                categories: vec!["Local".into()],
                ..PublishOptions::default()
            },
        )
        .await
        .unwrap()
}

/// Puts the category Local under a new category News, as an administrator does.
async fn file_local_under_news(site: &TestApp) {
    let admin = site
        .app
        .create_user(gazette_app::NewUser {
            display_name: "Cat Egory".into(),
            email: "cat@ledger.example".into(),
            role: Role::Administrator,
            password: None,
        })
        .await
        .unwrap();
    let category = |name: &str, parent| gazette_app::CategoryInput {
        name: name.into(),
        slug: String::new(),
        description: String::new(),
        parent,
    };
    let news = site
        .app
        .create_category(&admin, &category("News", None))
        .await
        .unwrap();
    let (local, _) = site
        .app
        .category_list()
        .await
        .unwrap()
        .into_iter()
        .find(|(details, _)| details.category.name == "Local")
        .unwrap();
    site.app
        .update_category(&admin, local.category.id, &category("Local", Some(news)))
        .await
        .unwrap();
}

/// Where a `301` leads.
async fn redirect_of(site: &TestApp, path: &str) -> String {
    let response = site.get(path).await;
    assert_eq!(response.status, 301, "{path}");
    response.header("location").unwrap().to_owned()
}

app_tests! {
    async fn a_new_pattern_moves_every_article_and_its_old_addresses_follow(site: TestApp) {
        let article = local_news(&site, "Harbour reopens").await;
        file_local_under_news(&site).await;
        let first = path_of(&article);
        assert_eq!(site.get(&first).await.status, 200, "the default pattern is WordPress's day and name");
        assert!(site.get("/").await.body.contains(&format!("href=\"{first}\"")));
        site.app.change_setting("hold_first_time_commenters", "false").await.unwrap();

        let id = article.id;
        let patterns = [
            ("/%category%/%postname%/", "/news/local/harbour-reopens/".to_owned()),
            ("/%post_id%/%postname%/", format!("/{id}/harbour-reopens/")),
            ("/%postname%/", "/harbour-reopens/".to_owned()),
        ];
        let mut earlier = vec![first];
        for (pattern, path) in patterns {
            site.app.change_setting("permalink_pattern", pattern).await.unwrap();

            let page = site.get(&path).await;
            assert_eq!(page.status, 200, "{pattern}: {path}");
            let html = page.html();
            assert_eq!(one(&html, "link[rel=canonical]").value().attr("href"), Some(format!("http://127.0.0.1:8080{path}").as_str()));
            assert_eq!(one(&html, "#commentform").value().attr("action"), Some(path.as_str()));
            assert_eq!(one(&html, "link[type='application/atom+xml'][href$='/feed/atom/']:not([href='/feed/atom/'])").value().attr("href"), Some(format!("{path}feed/atom/").as_str()));
            assert!(site.get("/").await.body.contains(&format!("href=\"{path}\"")), "{pattern}: the cached home page follows at once");

            for old in &earlier {
                assert_eq!(redirect_of(&site, old).await, path, "{pattern}: {old}");
                assert_eq!(redirect_of(&site, &format!("{old}feed/")).await, format!("{path}feed/"), "{pattern}: {old}feed/");
            }
            assert_eq!(redirect_of(&site, path.trim_end_matches('/')).await, path, "{pattern}: no final slash");
            assert_eq!(redirect_of(&site, &format!("{}?replytocom=1", path.trim_end_matches('/'))).await, format!("{path}?replytocom=1"));

            let remark = format!("A remark on the article at {path}");
            let mut fields = valid_form();
            fields[0] = ("comment", remark.as_str());
            let posted = site.post_form(&path, &fields).await;
            assert_eq!(posted.status, 303, "{pattern}: {}", posted.body);
            assert!(posted.header("location").unwrap().starts_with(&format!("{path}#comment-")), "{pattern}: {:?}", posted.header("location"));
            let feed = site.get(&format!("{path}feed/")).await;
            assert_eq!(feed.status, 200, "{pattern}");
            assert!(feed.header("content-type").unwrap().contains("rss"), "{pattern}");
            assert!(feed.body.contains(&format!("http://127.0.0.1:8080{path}#comment-")), "{pattern}: the feed links the comments at the new address");
            let atom = site.get(&format!("{path}feed/atom/")).await;
            assert_eq!(atom.status, 200, "{pattern}");
            assert!(atom.body.contains(&format!("http://127.0.0.1:8080{path}feed/atom/")), "{pattern}: the feed names itself");
            earlier.push(path);
        }
        let comments = site.app.list_comments(None).await.unwrap();
        assert_eq!(comments.len(), 3, "each comment posted at the new address landed");
    }

    async fn an_old_slug_or_a_wrong_part_is_redirected_and_drafts_never_leak(site: TestApp) {
        let article = local_news(&site, "Ferry timetable").await;
        site.app.change_setting("permalink_pattern", "/%post_id%/%postname%/").await.unwrap();
        let path = format!("/{}/ferry-timetable/", article.id);
        assert_eq!(redirect_of(&site, &format!("/{}/ferry-times/", article.id)).await, path, "the id decides");
        assert_eq!(redirect_of(&site, "/2023/01/02/ferry-timetable/").await, path, "an earlier pattern's address with a wrong date");
        assert_eq!(redirect_of(&site, &format!("/{}/ferry-timetable/comment-page-1/", article.id)).await, path);

        site.app.change_setting("permalink_pattern", "/%category%/%postname%/").await.unwrap();
        assert_eq!(redirect_of(&site, "/sport/ferry-timetable/").await, "/local/ferry-timetable/", "a wrong category");
        assert_eq!(site.get("/local/ferry-timetable/").await.status, 200);
        assert_eq!(site.get("/local/no-such-story/").await.status, 404);

        let hidden = publish_draft(&site, ArticleDraft { title: "Ferry strike".into(), body_markdown: "Not yet.".into(), draft: true, ..ArticleDraft::default() }).await;
        for path in ["/uncategorized/ferry-strike/".to_owned(), "/2024/04/24/ferry-strike/".to_owned(), format!("/{}/ferry-strike/", hidden.id), format!("/?p={}", hidden.id)] {
            assert_eq!(site.get(&path).await.status, 404, "{path}");
        }
    }

    async fn plain_links_by_id_lead_to_the_article(site: TestApp) {
        let article = publish(&site, "Bridge inspection").await;
        assert_eq!(redirect_of(&site, &format!("/?p={}", article.id)).await, path_of(&article));
        site.app.change_setting("permalink_pattern", "/archives/%post_id%").await.unwrap();
        assert_eq!(redirect_of(&site, &format!("/?p={}&utm_source=mail", article.id)).await, format!("/archives/{}/", article.id));
        let scheduled = site.app.publish_article(
            &ArticleDraft { title: "Tomorrow".into(), body_markdown: "Soon.".into(), ..ArticleDraft::default() },
            PublishOptions { published_at: Some("2030-01-01T00:00:00Z".parse().unwrap()), ..PublishOptions::default() },
        ).await.unwrap();
        for query in [format!("/?p={}", scheduled.id), "/?p=99999".to_owned(), "/?p=first".to_owned(), "/?p=".to_owned()] {
            assert_eq!(site.get(&query).await.status, 404, "{query}");
        }
        assert_eq!(site.get("/?utm_source=mail").await.status, 200, "other queries still show the home page");
    }

    async fn the_site_keeps_its_own_pages_under_any_pattern(site: TestApp) {
        let article = local_news(&site, "Static electricity").await;
        site.app.change_setting("permalink_pattern", "/%postname%/").await.unwrap();
        assert_eq!(site.get("/static-electricity/").await.status, 200);
        assert_eq!(site.get("/desk/").await.status, 302, "the desk still asks staff to sign in");
        assert_eq!(site.get("/static/style.css").await.status, 200);
        assert_eq!(site.get("/login").await.status, 200);
        assert_eq!(site.get("/comments/feed/").await.status, 200);
        let staff = signed_in(&site, "Ada Admin", Role::Administrator).await;
        assert_eq!(site.get_with_cookie("/desk/", &staff.0).await.status, 200);
        let list = site.get_with_cookie("/desk/articles/", &staff.0).await;
        assert!(list.body.contains("href=\"/static-electricity/\""), "the desk's View link follows the pattern");
        let editor = site.get_with_cookie(&format!("/desk/articles/{}/edit", article.id), &staff.0).await;
        assert!(editor.body.contains("href=\"/static-electricity/\""));

        site.app.change_setting("permalink_pattern", "/%category%/%postname%/").await.unwrap();
        for path in ["/desk/static-electricity/", "/static/static-electricity/", "/page/static-electricity/", "/media/static-electricity/"] {
            assert_eq!(site.get(path).await.status, 404, "{path} is the site's, never an article's");
        }
        assert_eq!(site.get("/local/static-electricity/").await.status, 200);
        let refused = site.app.change_setting("permalink_pattern", "/desk/%postname%/").await.unwrap_err();
        assert!(refused.to_string().contains("belong to the site"), "{refused}");
    }

    async fn the_reading_tab_refuses_a_bad_pattern_next_to_its_field(site: TestApp) {
        let admin = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let reading = site.get_with_cookie("/desk/settings/reading/", &admin.0).await.html();
        assert_eq!(one(&reading, "#permalink_pattern").value().attr("value"), Some("/%year%/%monthnum%/%day%/%postname%/"));
        assert_eq!(text(one(&reading, "#permalink_pattern-example")), "/2024/04/24/sample-article/");

        let refused = desk_post(&site, &admin, "/desk/settings/reading/", &[("posts_per_page", "12"), ("feed_items", "10"), ("feed_full_text", "true"), ("permalink_pattern", "/%year%/%monthnum%/")]).await;
        assert_eq!(refused.status, 422);
        let html = refused.html();
        assert_well_formed(&html);
        assert!(text(one(&html, "#permalink_pattern-error")).contains("Include %postname% or %post_id%"), "{}", text(one(&html, "#permalink_pattern-error")));
        assert_eq!(one(&html, "#permalink_pattern").value().attr("aria-invalid"), Some("true"));
        assert_eq!(one(&html, "#permalink_pattern").value().attr("value"), Some("/%year%/%monthnum%/"), "what was typed is kept");
        assert_eq!(one(&html, "#posts_per_page").value().attr("value"), Some("12"));
        let settings = site.app.site_settings().await.unwrap();
        assert_eq!((settings.posts_per_page, settings.permalink_pattern.as_str()), (10, "/%year%/%monthnum%/%day%/%postname%/"), "nothing was stored");

        let saved = desk_post(&site, &admin, "/desk/settings/reading/", &[("posts_per_page", "10"), ("feed_items", "10"), ("feed_full_text", "true"), ("permalink_pattern", " /%category%/%postname%")]).await;
        assert_eq!(saved.status, 303);
        let reading = site.get_with_cookie("/desk/settings/reading/", &admin.0).await.html();
        assert_eq!(one(&reading, "#permalink_pattern").value().attr("value"), Some("/%category%/%postname%/"), "stored in its one form");
        assert_eq!(text(one(&reading, "#permalink_pattern-example")), "/news/sample-article/");
    }
}
