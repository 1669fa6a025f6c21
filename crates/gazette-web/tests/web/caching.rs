//! Rendered pages are reused, yet every change shows on the very next request, whichever
//! process made it.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_app::{Actor, App, Clock};
use gazette_domain::{CommentId, ModerationAction};
use gazette_test_support::app_tests;

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
}
