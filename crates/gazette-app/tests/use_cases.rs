//! The use cases, run on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{App, AppError, Clock, CommentSubmission, DemoOutcome, PublishOptions};
use gazette_domain::{
    ArticleDraft, ArticleId, ArticleStatus, CommentId, CommentInput, CommentStatus,
    ModerationAction, Timestamp,
};
use gazette_store::Db;
use gazette_test_support::backend_tests;

const START: &str = "2024-04-24T10:00:00Z";

async fn app(db: Db) -> App {
    App::with_db(db, Clock::manual(START.parse().unwrap()), None)
        .await
        .unwrap()
}

fn draft(title: &str) -> ArticleDraft {
    ArticleDraft {
        title: title.into(),
        body_markdown: "First paragraph with *emphasis*.\n\n<script>alert(1)</script>".into(),
        ..ArticleDraft::default()
    }
}

fn reader_comment(article_id: ArticleId, text: &str) -> CommentSubmission {
    CommentSubmission {
        article_id,
        input: CommentInput {
            text: text.into(),
            author: "Ada Reader".into(),
            email: "ada@example.com".into(),
            website: String::new(),
            parent: "0".into(),
        },
        ip: Some("198.51.100.4".parse().unwrap()),
        user_agent: Some("Mozilla/5.0 (X11)\u{0}".into()),
    }
}

backend_tests! {
    async fn publishing_renders_cleans_and_makes_unique_slugs(db: Db) {
        let app = app(db).await;
        let first = app.publish_article(&draft("Council Votes on Budget"), PublishOptions::default()).await.unwrap();
        assert_eq!(first.slug.as_str(), "council-votes-on-budget");
        assert_eq!(first.status, ArticleStatus::Published);
        assert_eq!(first.published_at, Some(START.parse().unwrap()));
        assert!(first.body_html.contains("<em>emphasis</em>"));
        assert!(!first.body_html.contains("script"));
        assert_eq!(first.excerpt, "First paragraph with emphasis.");
        assert!(first.comments_open);

        let second = app.publish_article(&draft("Council votes on budget!"), PublishOptions::default()).await.unwrap();
        assert_eq!(second.slug.as_str(), "council-votes-on-budget-2");

        let mut chosen = draft("Another");
        chosen.slug = Some("council-votes-on-budget".into());
        let error = app.publish_article(&chosen, PublishOptions::default()).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
        assert!(errors.get("slug").unwrap().contains("already used"));

        let mut kept_draft = draft("Unfinished");
        kept_draft.draft = true;
        let stored = app.publish_article(&kept_draft, PublishOptions::default()).await.unwrap();
        assert_eq!(stored.status, ArticleStatus::Draft);
        assert_eq!(stored.published_at, None);
        assert!(matches!(app.public_article("unfinished").await, Err(AppError::NotFound(_))));

        let future = PublishOptions { published_at: Some("2030-01-01T00:00:00Z".parse().unwrap()), ..PublishOptions::default() };
        assert!(matches!(app.publish_article(&draft("Later"), future).await, Err(AppError::Validation(_))));

        let list = app.article_list().await.unwrap();
        assert_eq!(list.len(), 3);
        let published = list.iter().find(|item| item.slug == "council-votes-on-budget").unwrap();
        assert_eq!(published.url.as_deref(), Some("http://127.0.0.1:8080/2024/04/24/council-votes-on-budget/"));
        assert!(list.iter().find(|item| item.slug == "unfinished").unwrap().url.is_none());
    }

    async fn comments_are_held_by_default_and_published_when_the_site_says_so(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Open thread"), PublishOptions::default()).await.unwrap();
        let held = app.post_comment(reader_comment(article.id, "First <b>thoughts</b>\n\nwww.example.org")).await.unwrap();
        assert_eq!(held.status, CommentStatus::Pending);
        let page = app.article_page(article.clone(), &[]).await.unwrap();
        assert_eq!(page.approved_count, 0);
        assert!(page.comments.is_empty(), "pending comments are not public");
        let own = app.article_page(article.clone(), &[held.id]).await.unwrap();
        assert_eq!(own.comments.len(), 1, "the author sees their own pending comment");
        assert_eq!(own.comments[0].html, "<p>First &lt;b&gt;thoughts&lt;/b&gt;</p>\n<p><a href=\"http://www.example.org\" rel=\"nofollow ugc\">www.example.org</a></p>\n");
        assert_eq!(own.comments[0].user_agent.as_deref(), Some("Mozilla/5.0 (X11)"));
        assert_eq!(own.comments[0].ip.as_deref(), Some("198.51.100.4"));

        app.change_setting("hold_new_comments", "false").await.unwrap();
        let published = app.post_comment(reader_comment(article.id, "Second")).await.unwrap();
        assert_eq!(published.status, CommentStatus::Approved);
        assert_eq!(app.article_page(article, &[]).await.unwrap().approved_count, 1);
    }

    async fn comments_are_refused_where_they_do_not_belong(db: Db) {
        let app = app(db).await;
        let mut closed = draft("Closed notice");
        closed.comments_open = Some(false);
        let closed = app.publish_article(&closed, PublishOptions::default()).await.unwrap();
        let error = app.post_comment(reader_comment(closed.id, "Hello")).await.unwrap_err();
        assert!(matches!(&error, AppError::Forbidden(message) if message.contains("closed")), "{error:?}");

        let mut unpublished = draft("Draft piece");
        unpublished.draft = true;
        let unpublished = app.publish_article(&unpublished, PublishOptions::default()).await.unwrap();
        assert!(matches!(app.post_comment(reader_comment(unpublished.id, "Hello")).await, Err(AppError::NotFound(_))));
        assert!(matches!(app.post_comment(reader_comment(ArticleId(987_654), "Hello")).await, Err(AppError::NotFound(_))));

        let open = app.publish_article(&draft("Open"), PublishOptions::default()).await.unwrap();
        let error = app.post_comment(reader_comment(open.id, "   ")).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected validation, got {error:?}") };
        assert!(errors.get("comment").is_some());

        let pending = app.post_comment(reader_comment(open.id, "Parent, still pending")).await.unwrap();
        let mut reply = reader_comment(open.id, "Reply");
        reply.input.parent = pending.id.to_string();
        let error = app.post_comment(reply.clone()).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected validation, got {error:?}") };
        assert!(errors.get("comment_parent").is_some(), "a reply needs an approved parent");

        app.moderate_comments(&[pending.id], ModerationAction::Approve).await.unwrap();
        assert_eq!(app.post_comment(reply).await.unwrap().status, CommentStatus::Pending);
        assert_eq!(app.list_comments(None).await.unwrap().len(), 2, "nothing refused was stored");
    }

    async fn moderation_is_all_or_nothing(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Busy"), PublishOptions::default()).await.unwrap();
        let first = app.post_comment(reader_comment(article.id, "One")).await.unwrap().id;
        let second = app.post_comment(reader_comment(article.id, "Two")).await.unwrap().id;

        let error = app.moderate_comments(&[first, CommentId(424_242)], ModerationAction::Approve).await.unwrap_err();
        assert!(error.to_string().contains("424242"), "{error}");
        assert_eq!(app.list_comments(Some(CommentStatus::Approved)).await.unwrap().len(), 0, "nothing changed");

        assert_eq!(app.moderate_comments(&[first, second], ModerationAction::Approve).await.unwrap(), 2);
        assert_eq!(app.moderate_comments(&[first], ModerationAction::Approve).await.unwrap(), 0, "already approved");
        assert_eq!(app.moderate_comments(&[second], ModerationAction::Spam).await.unwrap(), 1);
        assert_eq!(app.list_comments(Some(CommentStatus::Spam)).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [second]);
        assert_eq!(app.article_page(article, &[]).await.unwrap().approved_count, 1);
    }

    async fn settings_are_checked_before_they_are_stored(db: Db) {
        let app = app(db).await;
        app.change_setting("time_zone", "America/Chicago").await.unwrap();
        assert_eq!(app.site_settings().await.unwrap().time_zone_name, "America/Chicago");
        let unknown = app.change_setting("colour", "red").await.unwrap_err().to_string();
        assert!(unknown.contains("no setting called `colour`"), "{unknown}");
        let bad = app.change_setting("posts_per_page", "500").await.unwrap_err().to_string();
        assert!(bad.contains("1 to 100"), "{bad}");
        assert_eq!(app.site_settings().await.unwrap().posts_per_page, 10);
        let entries = app.setting_entries().await.unwrap();
        assert!(entries.iter().any(|entry| entry.key == "hold_new_comments"));
    }

    async fn home_listing_pages_and_refuses_pages_past_the_end(db: Db) {
        let app = app(db).await;
        app.change_setting("posts_per_page", "2").await.unwrap();
        for number in 1..=5 {
            let options = PublishOptions { published_at: Some(Timestamp::from_microseconds(1_713_900_000_000_000 + number * 1_000_000).unwrap()), ..PublishOptions::default() };
            app.publish_article(&draft(&format!("Story {number}")), options).await.unwrap();
        }
        let first = app.home_listing(1).await.unwrap();
        assert_eq!(first.total_pages, 3);
        assert_eq!(first.articles.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["Story 5", "Story 4"]);
        assert_eq!(app.home_listing(3).await.unwrap().articles.len(), 1);
        assert!(matches!(app.home_listing(4).await, Err(AppError::NotFound(_))));
        assert!(matches!(app.home_listing(0).await, Err(AppError::NotFound(_))));
    }

    async fn the_demo_site_has_every_part_of_the_article_page(db: Db) {
        let app = app(db).await;
        let outcome = app.fill_demo_site().await.unwrap();
        let DemoOutcome::Filled { articles, comments } = outcome else { panic!("expected a fresh fill") };
        assert!(articles >= 5);
        assert!(comments >= 21);
        assert_eq!(app.fill_demo_site().await.unwrap(), DemoOutcome::AlreadyHasContent);

        let list = app.article_list().await.unwrap();
        assert!(list.iter().any(|item| item.comment_count == 20), "one article has 20 approved comments");
        assert!(list.iter().any(|item| item.source_name.is_some() && item.source_url.is_some()), "one is republished");
        assert!(list.iter().any(|item| item.status == ArticleStatus::Draft));
        assert!(list.iter().any(|item| !item.comments_open && item.status == ArticleStatus::Published));
        assert_eq!(app.list_comments(Some(CommentStatus::Pending)).await.unwrap().len(), 1);
        assert_ne!(app.site_settings().await.unwrap().title, "Gazette");
        let now = app.clock().now();
        assert!(app.list_comments(None).await.unwrap().iter().all(|comment| comment.created_at <= now), "no sample comment is dated in the future");
    }
}
