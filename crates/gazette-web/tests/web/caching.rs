//! Rendered pages are reused, yet every change shows on the very next request, whichever
//! process made it; and every response says how long browsers and shared caches may keep
//! it.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_app::{Actor, App, Clock, MediaUpload};
use gazette_domain::{CommentId, ModerationAction, Role};
use gazette_test_support::{app_tests, images};

app_tests! {
    async fn an_approved_comment_appears_at_once_and_the_count_changes(site: TestApp) {
        let article = publish(&site, "Cached").await;
        let path = path_of(&article);
        let id = pending_comment(&site, &article, "Dora", "Worth the wait.").await;
        let before = site.get(&path).await;
        assert!(!before.body.contains("Worth the wait."));
        assert!(before.body.contains("0 comments on"));
        assert_eq!(site.get(&path).await.body, before.body, "served again from the cache");

        site.app.moderate_comments(&[id], ModerationAction::Approve, &Actor::system()).await.unwrap();
        let after = site.get(&path).await;
        assert!(after.body.contains("Worth the wait."));
        assert!(after.body.contains("1 comment on"));
        assert_ne!(after.header("etag"), before.header("etag"));
    }

    async fn a_change_made_by_another_process_shows_on_the_next_request(site: TestApp) {
        let article = publish(&site, "Shared database").await;
        let path = path_of(&article);
        let id: CommentId = pending_comment(&site, &article, "Eli", "Approved elsewhere.").await;
        assert!(!site.get(&path).await.body.contains("Approved elsewhere."));
        // A second application over its own connections to the same database, as the CLI
        // or another server would have.
        let other_db = site.database.connect().await;
        let other = App::with_db(other_db.clone(), Clock::system(), None).await.unwrap();
        other.moderate_comments(&[id], ModerationAction::Approve, &Actor::system()).await.unwrap();
        other_db.close().await;
        assert!(site.get(&path).await.body.contains("Approved elsewhere."));
        assert!(site.get("/").await.body.contains("1 comment"));
    }

    async fn browsers_revalidate_with_entity_tags(site: TestApp) {
        let article = publish(&site, "Tags").await;
        let path = path_of(&article);
        let first = site.get(&path).await;
        let etag = first.header("etag").expect("pages carry an entity tag").to_owned();
        assert_eq!(first.header("cache-control"), Some("no-cache"));
        let request = Request::get(&path).header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
        let revalidated = site.send(request).await;
        assert_eq!(revalidated.status, 304);
        assert!(revalidated.body.is_empty());

        approved_comment(&site, &article, "Fay", "New.").await;
        let request = Request::get(&path).header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, 200, "a changed page is sent in full");
    }

    async fn the_date_line_turns_over_at_local_midnight(site: TestApp) {
        site.app.change_setting("time_zone", "Europe/London").await.unwrap();
        let before = site.get("/").await;
        assert_eq!(text(one(&before.html(), ".date-line")), "Wednesday, 24 April, 2024");
        // 10:00 UTC is 11:00 in London; thirteen hours later it is Thursday there.
        site.app.clock().advance(13 * 3600);
        assert_eq!(text(one(&site.get("/").await.html(), ".date-line")), "Thursday, 25 April, 2024");
        site.app.change_setting("show_date_line", "false").await.unwrap();
        assert!(select(&site.get("/").await.html(), ".date-line").is_empty());
    }

    async fn each_kind_of_response_says_how_long_it_may_be_kept(site: TestApp) {
        let article = publish(&site, "Policies").await;
        let comment = approved_comment(&site, &article, "Gus", "Kept how long?").await;
        let ((session, _), user) = signed_in_user(&site, "Ada Admin", Role::Administrator).await;
        let image = site.app.upload_media(&gazette_domain::Actor::from(&user), MediaUpload { file_name: "quay.png".into(), bytes: images::png(40, 30) }).await.unwrap();
        let home = site.get("/").await.html();
        let stylesheet = one(&home, "link[rel=stylesheet]").value().attr("href").unwrap().to_owned();
        let path = path_of(&article);
        let reply = format!("{path}?replytocom={comment}");
        let cases: [(&str, Option<&str>, u16, &str); 17] = [
            ("/", None, 200, "no-cache"),
            (&path, None, 200, "no-cache"),
            ("/2024/04/", None, 200, "no-cache"),
            ("/?s=policies", None, 200, "no-cache"),
            (&reply, None, 200, "private, no-store"),
            ("/feed/", None, 200, "public, max-age=300"),
            ("/feed/json/", None, 200, "public, max-age=300"),
            ("/comments/feed/", None, 200, "public, max-age=300"),
            (&stylesheet, None, 200, "public, max-age=31536000, immutable"),
            ("/static/style.css", None, 200, "public, max-age=300"),
            (&image.url, None, 200, "public, max-age=31536000, immutable"),
            ("/desk/", Some(&session), 200, "private, no-store"),
            ("/desk/api/me", Some(&session), 200, "private, no-store"),
            ("/desk/articles/", None, 302, "private, no-store"),
            ("/login", None, 200, "private, no-store"),
            ("/no/such/page/", None, 404, "no-store"),
            ("/desk/no/such/page/", Some(&session), 404, "no-store"),
        ];
        for (path, cookie, status, cache_control) in cases {
            let response = match cookie {
                Some(cookie) => site.get_with_cookie(path, cookie).await,
                None => site.get(path).await,
            };
            assert_eq!(response.status.as_u16(), status, "{path}");
            assert_eq!(response.header("cache-control"), Some(cache_control), "{path}");
        }
    }

    async fn pages_from_the_cache_say_when_they_last_changed(site: TestApp) {
        let article = publish(&site, "Modified").await;
        let other = publish(&site, "Elsewhere").await;
        let path = path_of(&article);
        let first = site.get(&path).await;
        assert_eq!(first.header("last-modified"), None, "not in the second the page was made");
        site.app.clock().advance(5);
        let later = site.get(&path).await;
        assert_eq!(later.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:00 GMT"));
        let since = |date: &'static str| Request::get(&path).header(header::IF_MODIFIED_SINCE, date).body(Body::empty()).unwrap();
        assert_eq!(site.send(since("Wed, 24 Apr 2024 10:00:00 GMT")).await.status, 304);
        assert_eq!(site.send(since("Wed, 24 Apr 2024 09:59:59 GMT")).await.status, 200);

        // Anything written moves the content version on, and the page is rendered again;
        // it comes out the same, so its time stands.
        approved_comment(&site, &other, "Dora", "On another story.").await;
        let same = site.get(&path).await;
        assert_eq!(same.header("etag"), later.header("etag"));
        assert_eq!(same.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:00 GMT"));

        // A comment on this article changes the page (at 10:00:45 on the test clock).
        approved_comment(&site, &article, "Eve", "On this one.").await;
        let changed = site.get(&path).await;
        assert_ne!(changed.header("etag"), later.header("etag"));
        assert_eq!(changed.header("last-modified"), None, "not in the second it changed");
        site.app.clock().advance(1);
        assert_eq!(site.get(&path).await.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:45 GMT"));
        assert_eq!(site.send(since("Wed, 24 Apr 2024 10:00:00 GMT")).await.status, 200, "changed since");
        let both = Request::get(&path)
            .header(header::IF_NONE_MATCH, later.header("etag").unwrap())
            .header(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:00:45 GMT")
            .body(Body::empty())
            .unwrap();
        assert_eq!(site.send(both).await.status, 200, "an entity tag that no longer matches wins over the date");
    }
}

app_tests! {
    async fn feeds_are_kept_until_what_they_list_changes(site: TestApp) {
        let article = publish_draft(
            &site,
            gazette_domain::ArticleDraft {
                title: "Feeds kept".into(),
                body_markdown: "Feed readers ask for the site's feeds all day long. ".repeat(40),
                ..Default::default()
            },
        )
        .await;
        let path = path_of(&article);
        let comments_feed = format!("{path}feed/");
        let feeds = ["/feed/", "/feed/atom/", "/feed/json/", "/comments/feed/", "/comments/feed/atom/", comments_feed.as_str(), "/2024/04/feed/"];
        let mut first = Vec::new();
        for feed in feeds {
            let response = site.get(feed).await;
            assert_eq!(response.status, 200, "{feed}");
            assert_eq!(response.header("cache-control"), Some("public, max-age=300"), "{feed}");
            assert!(response.header("content-type").is_some_and(|kind| !kind.starts_with("text/html")), "{feed}");
            let again = site.get(feed).await;
            assert_eq!((again.body.as_str(), again.header("etag")), (response.body.as_str(), response.header("etag")), "{feed}");
            first.push(response);
        }
        let compressed = site
            .send(Request::get("/feed/").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap())
            .await;
        assert_eq!(compressed.header("content-encoding"), Some("gzip"));
        assert_eq!(compressed.header("content-type"), first[0].header("content-type"));

        // A comment changes the comment feeds; a new article the article feeds.
        approved_comment(&site, &article, "Hal", "Kept, then changed.").await;
        assert!(site.get("/comments/feed/").await.body.contains("Kept, then changed."));
        assert!(site.get(&comments_feed).await.body.contains("Kept, then changed."));
        publish(&site, "A later story").await;
        for feed in ["/feed/", "/feed/atom/", "/feed/json/", "/2024/04/feed/"] {
            assert!(site.get(feed).await.body.contains("A later story"), "{feed}");
        }
        let revalidated = site
            .send(Request::get("/feed/").header(header::IF_NONE_MATCH, first[0].header("etag").unwrap()).body(Body::empty()).unwrap())
            .await;
        assert_eq!(revalidated.status, 200, "the reader's copy is out of date");
        let current = site.get("/feed/").await;
        let unchanged = site
            .send(Request::get("/feed/").header(header::IF_NONE_MATCH, current.header("etag").unwrap()).body(Body::empty()).unwrap())
            .await;
        assert_eq!((unchanged.status.as_u16(), unchanged.header("cache-control")), (304, Some("public, max-age=300")));
    }
}
