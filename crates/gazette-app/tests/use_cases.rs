//! The use cases, run on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{
    Actor, App, AppError, Clock, CommentSubmission, DemoOutcome, NewUser, PublishOptions,
    StaffReply,
};
use gazette_domain::{
    ArticleDraft, ArticleId, ArticleStatus, CommentId, CommentInput, CommentStatus,
    ModerationAction, Role, Slug, Timestamp, UserId,
};
use gazette_mail::{MailConfig, Mailer};
use gazette_store::{Db, NewUserRecord};
use gazette_test_support::backend_tests;
use gazette_test_support::smtp::SmtpServer;

const START: &str = "2024-04-24T10:00:00Z";

async fn app(db: Db) -> App {
    App::with_db(db, Clock::manual(START.parse().unwrap()), None)
        .await
        .unwrap()
}

/// A reader's comment with a form token but no time passing: for a second comment right
/// after a first.
fn reader_comment_now(app: &App, article_id: ArticleId, text: &str) -> CommentSubmission {
    let submission = reader_comment(app, article_id, text);
    app.clock().advance(-20);
    submission
}

async fn add_user(db: &Db, name: &str, email: &str, role: Role) -> UserId {
    let mut tx = db.begin().await.unwrap();
    let record = NewUserRecord {
        display_name: name.into(),
        email: email.into(),
        slug: Slug::from_title(name, "user"),
        role,
        password_hash: None,
    };
    let id = tx
        .insert_user(&record, START.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn draft(title: &str) -> ArticleDraft {
    ArticleDraft {
        title: title.into(),
        body_markdown: "First paragraph with *emphasis*.\n\n<script>alert(1)</script>".into(),
        ..ArticleDraft::default()
    }
}

/// A reader's comment on a form shown 20 seconds ago (on the test clock): past the time
/// trap and the flood interval.
fn reader_comment(app: &App, article_id: ArticleId, text: &str) -> CommentSubmission {
    let form_token = Some(app.comment_form_token(article_id));
    app.clock().advance(20);
    CommentSubmission {
        ip: Some("198.51.100.4".parse().unwrap()),
        user_agent: Some("Mozilla/5.0 (X11)\u{0}".into()),
        form_token,
        ..CommentSubmission::new(
            article_id,
            CommentInput {
                text: text.into(),
                author: "Ada Reader".into(),
                email: "ada@example.com".into(),
                website: String::new(),
                parent: "0".into(),
            },
        )
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
        let scheduled = app.publish_article(&draft("Later"), future).await.unwrap();
        assert_eq!(scheduled.status, ArticleStatus::Scheduled, "a time still to come schedules it");
        assert!(matches!(app.public_article("later").await, Err(AppError::NotFound(_))));

        let list = app.article_list().await.unwrap();
        assert_eq!(list.len(), 4);
        let published = list.iter().find(|item| item.slug == "council-votes-on-budget").unwrap();
        assert_eq!(published.url.as_deref(), Some("http://127.0.0.1:8080/2024/04/24/council-votes-on-budget/"));
        assert!(list.iter().find(|item| item.slug == "unfinished").unwrap().url.is_none());
    }

    async fn articles_answer_at_every_address_they_had(db: Db) {
        let app = app(db.clone()).await;
        let filed = PublishOptions { categories: vec!["News".into()], ..PublishOptions::default() };
        let article = app.publish_article(&draft("Harbour reopens"), filed).await.unwrap();
        let mut unfinished = draft("Harbour plans");
        unfinished.draft = true;
        let hidden = app.publish_article(&unfinished, PublishOptions::default()).await.unwrap();
        let at = |path: &'static str| {
            let app = app.clone();
            async move {
                let settings = app.site_settings().await.unwrap();
                app.article_at(path, &settings).await.map(|located| (located.article.id, located.canonical_path()))
            }
        };
        assert_eq!(at("/2024/04/24/harbour-reopens/").await.unwrap(), (article.id, "/2024/04/24/harbour-reopens/".to_owned()));

        app.change_setting("permalink_pattern", "/%category%/%postname%").await.unwrap();
        assert_eq!(at("/news/harbour-reopens/").await.unwrap().1, "/news/harbour-reopens/");
        assert_eq!(at("/2024/04/24/harbour-reopens/").await.unwrap().1, "/news/harbour-reopens/", "the earlier pattern's address leads on");
        assert_eq!(at("/2024/04/24/harbour-reopens/feed/atom/").await.unwrap().1, "/news/harbour-reopens/feed/atom/");
        assert_eq!(at("/sport/harbour-reopens/").await.unwrap().1, "/news/harbour-reopens/", "a wrong category is corrected");

        app.clock().advance(60);
        app.change_setting("permalink_pattern", "/%post_id%/").await.unwrap();
        let by_id = format!("/{}/", article.id);
        assert_eq!(at("/news/harbour-reopens/").await.unwrap().1, by_id, "every earlier pattern is tried");
        assert_eq!(at("/2024/04/24/harbour-reopens/comment-page-2/").await.unwrap().1, format!("{by_id}comment-page-2/"));
        assert_eq!(app.public_article_path(article.id).await.unwrap(), by_id);
        assert_eq!(db.earlier_permalink_patterns().await.unwrap(), ["/%category%/%postname%/", "/%year%/%monthnum%/%day%/%postname%/"]);

        let list = app.article_list().await.unwrap();
        let listed = list.iter().find(|item| item.id == article.id.get()).unwrap();
        assert_eq!(listed.url.as_deref(), Some(format!("http://127.0.0.1:8080{by_id}").as_str()));

        for hidden_path in ["/2024/04/24/harbour-plans/", "/news/harbour-plans/", "/desk/", "/static/style.css/"] {
            assert!(matches!(at(hidden_path).await, Err(AppError::NotFound(_))), "{hidden_path}");
        }
        let hidden_by_id = format!("/{}/", hidden.id);
        let settings = app.site_settings().await.unwrap();
        assert!(matches!(app.article_at(&hidden_by_id, &settings).await, Err(AppError::NotFound(_))), "drafts have no address");
        assert!(matches!(app.public_article_path(hidden.id).await, Err(AppError::NotFound(_))));

        app.clock().advance(60);
        app.change_setting("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/").await.unwrap();
        assert_eq!(db.earlier_permalink_patterns().await.unwrap(), ["/%post_id%/", "/%category%/%postname%/"], "the pattern in use is no longer an earlier one");
        let refused = app.change_setting("permalink_pattern", "/%year%/").await.unwrap_err();
        assert!(refused.to_string().contains("%postname% or %post_id%"), "{refused}");
    }

    async fn the_site_keeps_its_own_addresses_from_slugs(db: Db) {
        let app = app(db.clone()).await;
        let desk = app.publish_article(&draft("Desk"), PublishOptions::default()).await.unwrap();
        assert_eq!(desk.slug.as_str(), "desk-2");
        let mut chosen = draft("Static electricity");
        chosen.slug = Some("static".into());
        let error = app.publish_article(&chosen, PublishOptions::default()).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
        assert!(errors.get("slug").unwrap().contains("site's own pages"), "{errors:?}");
        let year = app.publish_article(&draft("2024"), PublishOptions::default()).await.unwrap();
        assert_eq!(year.slug.as_str(), "2024-2", "a slug of digits would read as a year's archive");
        let mut numbered = draft("Twenty twenty-five");
        numbered.slug = Some("2025".into());
        let error = app.publish_article(&numbered, PublishOptions::default()).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
        assert!(errors.get("slug").unwrap().contains("with a word in it"), "{errors:?}");

        add_user(&db, "Ada", "ada@ledger.example", Role::Administrator).await;
        let admin = app.user_by_email("ada@ledger.example").await.unwrap().unwrap();
        let section = |name: &str, parent| gazette_app::CategoryInput { name: name.into(), parent, ..gazette_app::CategoryInput::default() };
        let error = app.create_category(&admin, &section("Media", None)).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
        assert!(errors.get("slug").unwrap().contains("top-level"), "{errors:?}");
        let news = app.create_category(&admin, &section("News", None)).await.unwrap();
        app.create_category(&admin, &section("Media", Some(news))).await.unwrap();
        for ending in ["Feed", "Page"] {
            let error = app.create_category(&admin, &section(ending, Some(news))).await.unwrap_err();
            let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
            assert!(errors.get("slug").unwrap().contains("page of the parent category's archive"), "{errors:?}");
        }

        // Categories and tags made from names alone step around those slugs.
        let options = PublishOptions { categories: vec!["Search".into()], tags: vec!["Feed".into(), "Page".into()], ..PublishOptions::default() };
        let filed = app.publish_article(&draft("Filed under search"), options).await.unwrap();
        let categories: Vec<String> = db.categories_of_article(filed.id).await.unwrap().into_iter().map(|category| category.slug.as_str().to_owned()).collect();
        assert_eq!(categories, ["search-2"]);
        let mut tags: Vec<String> = db.tags_of_article(filed.id).await.unwrap().into_iter().map(|tag| tag.slug.as_str().to_owned()).collect();
        tags.sort();
        assert_eq!(tags, ["feed-2", "page-2"]);
    }

    async fn comments_are_held_by_default_and_published_when_the_site_says_so(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Open thread"), PublishOptions::default()).await.unwrap();
        let held = app.post_comment(reader_comment(&app, article.id, "First <b>thoughts</b>\n\nwww.example.org")).await.unwrap();
        assert_eq!(held.status, CommentStatus::Pending);
        let page = app.article_page(article.clone(), 1, &[]).await.unwrap();
        assert_eq!(page.approved_count, 0);
        assert!(page.comments.threads.is_empty(), "pending comments are not public");
        let own = app.article_page(article.clone(), 1, &[held.id]).await.unwrap();
        assert_eq!(own.comments.threads.len(), 1, "the author sees their own pending comment");
        let own = &own.comments.threads[0].comment;
        assert_eq!(own.moderation_rule.as_deref(), Some("first_time_commenter"));
        assert_eq!(own.html, "<p>First &lt;b&gt;thoughts&lt;/b&gt;</p>\n<p><a href=\"http://www.example.org\" rel=\"nofollow ugc\">www.example.org</a></p>\n");
        assert_eq!(own.user_agent.as_deref(), Some("Mozilla/5.0 (X11)"));
        assert_eq!(own.ip.as_deref(), Some("198.51.100.4"));

        app.moderate_comments(&[held.id], ModerationAction::Approve, &Actor::system()).await.unwrap();
        let published = app.post_comment(reader_comment(&app, article.id, "Second")).await.unwrap();
        assert_eq!(published.status, CommentStatus::Approved, "a returning, approved commenter is published at once");
        assert_eq!(app.article_page(article.clone(), 1, &[]).await.unwrap().approved_count, 2);

        app.change_setting("manual_approval", "true").await.unwrap();
        let held = app.post_comment(reader_comment(&app, article.id, "Third")).await.unwrap();
        assert_eq!(held.status, CommentStatus::Pending, "manual approval holds everyone");
    }

    async fn comments_are_refused_where_they_do_not_belong(db: Db) {
        let app = app(db).await;
        let mut closed = draft("Closed notice");
        closed.comments_open = Some(false);
        let closed = app.publish_article(&closed, PublishOptions::default()).await.unwrap();
        let error = app.post_comment(reader_comment(&app, closed.id, "Hello")).await.unwrap_err();
        assert!(matches!(&error, AppError::Forbidden(message) if message.contains("closed")), "{error:?}");

        let mut unpublished = draft("Draft piece");
        unpublished.draft = true;
        let unpublished = app.publish_article(&unpublished, PublishOptions::default()).await.unwrap();
        assert!(matches!(app.post_comment(reader_comment(&app, unpublished.id, "Hello")).await, Err(AppError::NotFound(_))));
        assert!(matches!(app.post_comment(reader_comment(&app, ArticleId(987_654), "Hello")).await, Err(AppError::NotFound(_))));

        let open = app.publish_article(&draft("Open"), PublishOptions::default()).await.unwrap();
        let error = app.post_comment(reader_comment(&app, open.id, "   ")).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected validation, got {error:?}") };
        assert!(errors.get("comment").is_some());

        let pending = app.post_comment(reader_comment(&app, open.id, "Parent, still pending")).await.unwrap();
        let mut reply = reader_comment(&app, open.id, "Reply");
        reply.input.parent = pending.id.to_string();
        let error = app.post_comment(reply.clone()).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected validation, got {error:?}") };
        assert!(errors.get("comment_parent").is_some(), "a reply needs an approved parent");

        app.moderate_comments(&[pending.id], ModerationAction::Approve, &Actor::system()).await.unwrap();
        assert_eq!(app.post_comment(reply).await.unwrap().status, CommentStatus::Approved, "the parent's author is now known");
        assert_eq!(app.list_comments(None).await.unwrap().len(), 2, "nothing refused was stored");
    }

    async fn moderation_is_all_or_nothing(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Busy"), PublishOptions::default()).await.unwrap();
        let first = app.post_comment(reader_comment(&app, article.id, "One")).await.unwrap().id;
        let second = app.post_comment(reader_comment(&app, article.id, "Two")).await.unwrap().id;

        let error = app.moderate_comments(&[first, CommentId(424_242)], ModerationAction::Approve, &Actor::system()).await.unwrap_err();
        assert!(error.to_string().contains("424242"), "{error}");
        assert_eq!(app.list_comments(Some(CommentStatus::Approved)).await.unwrap().len(), 0, "nothing changed");

        assert_eq!(app.moderate_comments(&[first, second], ModerationAction::Approve, &Actor::system()).await.unwrap(), 2);
        assert_eq!(app.moderate_comments(&[first], ModerationAction::Approve, &Actor::system()).await.unwrap(), 0, "already approved");
        assert_eq!(app.moderate_comments(&[second], ModerationAction::Spam, &Actor::system()).await.unwrap(), 1);
        assert_eq!(app.list_comments(Some(CommentStatus::Spam)).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [second]);
        assert_eq!(app.article_page(article, 1, &[]).await.unwrap().approved_count, 1);
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
        assert!(entries.iter().any(|entry| entry.key == "manual_approval"));
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

    async fn every_moderation_rule_fires_with_its_reason(db: Db) {
        let app = app(db.clone()).await;
        let editor = add_user(&db, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let editor = db.user_by_id(editor).await.unwrap().unwrap();
        let article = app.publish_article(&draft("Rules"), PublishOptions::default()).await.unwrap();
        app.change_setting("hold_words", "Zoë\nass").await.unwrap();
        app.change_setting("block_words", "viagra").await.unwrap();
        let stored = |posted: gazette_app::PostedComment| {
            let app = app.clone();
            async move { app.comment(posted.id).await.unwrap() }
        };

        let links = stored(app.post_comment(reader_comment(&app, article.id, "See http://a.example and www.b.example")).await.unwrap()).await;
        assert_eq!((links.status, links.moderation_rule.as_deref()), (CommentStatus::Pending, Some("too_many_links")));
        assert!(links.moderation_reason.as_deref().unwrap().contains("2 links"), "{:?}", links.moderation_reason);

        let held = stored(app.post_comment(reader_comment(&app, article.id, "The ZOE festival was great")).await.unwrap()).await;
        assert_eq!(held.moderation_rule.as_deref(), Some("hold_words"));
        assert!(held.moderation_reason.as_deref().unwrap().contains("Zoë"));
        let classy = stored(app.post_comment(reader_comment(&app, article.id, "A class act, as always")).await.unwrap()).await;
        assert_eq!(classy.moderation_rule.as_deref(), Some("first_time_commenter"), "`ass` does not hold `class`");

        let blocked = stored(app.post_comment(reader_comment(&app, article.id, "Cheap VIAGRA here")).await.unwrap()).await;
        assert_eq!((blocked.status, blocked.moderation_rule.as_deref()), (CommentStatus::Spam, Some("block_words")));

        let duplicate = app.post_comment(reader_comment(&app, article.id, "A class act, as always")).await.unwrap_err();
        assert!(matches!(&duplicate, AppError::Conflict(message) if message.contains("already")), "{duplicate:?}");

        let mut honeypot = reader_comment(&app, article.id, "I am a robot");
        honeypot.honeypot_filled = true;
        let honeypot = stored(app.post_comment(honeypot).await.unwrap()).await;
        assert_eq!((honeypot.status, honeypot.moderation_rule.as_deref()), (CommentStatus::Spam, Some("honeypot")));

        let mut untimed = reader_comment(&app, article.id, "No token at all");
        untimed.form_token = None;
        assert_eq!(stored(app.post_comment(untimed).await.unwrap()).await.moderation_rule.as_deref(), Some("time_trap"));
        let mut hasty = reader_comment(&app, article.id, "Typed in no time");
        hasty.form_token = Some(app.comment_form_token(article.id));
        assert_eq!(stored(app.post_comment(hasty).await.unwrap()).await.moderation_rule.as_deref(), Some("time_trap"));
        let mut forged = reader_comment(&app, article.id, "Forged token");
        forged.form_token = Some("abc.def".into());
        assert_eq!(stored(app.post_comment(forged).await.unwrap()).await.moderation_rule.as_deref(), Some("time_trap"));

        // Flood: a form shown long enough ago, but the sender's last comment was 5 seconds ago.
        let token = app.comment_form_token(article.id);
        app.clock().advance(20);
        app.post_comment(CommentSubmission { form_token: Some(token.clone()), ..reader_comment(&app, article.id, "One") }).await.unwrap();
        app.clock().advance(5);
        let flood = app.post_comment(CommentSubmission { form_token: Some(token.clone()), ..reader_comment_now(&app, article.id, "Two") }).await.unwrap_err();
        assert!(matches!(flood, AppError::RateLimited { retry_after_seconds: 10, .. }), "{flood:?}");
        let mut staff = reader_comment_now(&app, article.id, "Staff may");
        (staff.form_token, staff.staff) = (Some(token), Some(editor));
        assert_eq!(app.post_comment(staff).await.unwrap().status, CommentStatus::Approved, "staff are exempt");

        // The hourly limit counts every attempt from one network; an IPv6 /64 is one network.
        app.change_setting("comment_rate_limit_per_hour", "2").await.unwrap();
        app.change_setting("comment_flood_seconds", "0").await.unwrap();
        for (number, address) in ["2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6:ffff::9"].into_iter().enumerate() {
            let mut attempt = reader_comment(&app, article.id, &format!("From IPv6 {number}"));
            attempt.ip = Some(address.parse().unwrap());
            let outcome = app.post_comment(attempt).await;
            if number < 2 {
                outcome.unwrap();
            } else {
                assert!(matches!(outcome, Err(AppError::RateLimited { .. })), "{outcome:?}");
            }
        }
    }

    async fn the_spam_classifier_learns_from_moderators(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Learning"), PublishOptions::default()).await.unwrap();
        app.change_setting("comment_rate_limit_per_hour", "0").await.unwrap();
        let spam = [
            "Win big at the best online casino bonus jackpot spins",
            "Casino bonus free spins jackpot win money now",
            "Best casino jackpot cheap pills bonus offer",
            "Free money casino spins bonus jackpot today",
            "Jackpot casino bonus cheap pills win now",
        ];
        let ham = [
            "The council should publish the budget figures before the vote",
            "My street floods every spring, glad the council is finally looking at drains",
            "The library hours change next month, which matters for students",
            "Thanks for covering the school board meeting in such detail",
            "The bus route change will make my commute to the hospital longer",
        ];
        let mut spam_ids = Vec::new();
        for (index, text) in spam.iter().enumerate() {
            let mut submission = reader_comment(&app, article.id, text);
            submission.input.email = format!("promo{index}@casino-deals.example");
            submission.input.author = "Casino Deals".into();
            spam_ids.push(app.post_comment(submission).await.unwrap().id);
        }
        let mut ham_ids = Vec::new();
        for (index, text) in ham.iter().enumerate() {
            let mut submission = reader_comment(&app, article.id, text);
            submission.input.email = format!("neighbour{index}@valleynet.example");
            submission.input.author = format!("Neighbour {index}");
            ham_ids.push(app.post_comment(submission).await.unwrap().id);
        }
        assert!(app.comment(spam_ids[0]).await.unwrap().spam_score.is_none(), "nothing learnt yet");
        app.moderate_comments(&spam_ids, ModerationAction::Spam, &Actor::system()).await.unwrap();
        app.moderate_comments(&ham_ids, ModerationAction::Approve, &Actor::system()).await.unwrap();

        let mut new_spam = reader_comment(&app, article.id, "Casino jackpot bonus spins, win free money");
        new_spam.input.email = "win@casino-deals.example".into();
        new_spam.input.author = "Casino Deals".into();
        let caught = app.comment(app.post_comment(new_spam).await.unwrap().id).await.unwrap();
        assert_eq!((caught.status, caught.moderation_rule.as_deref()), (CommentStatus::Spam, Some("spam_classifier")));
        assert!(caught.spam_score.unwrap() >= 0.9, "{:?}", caught.spam_score);

        let mut new_ham = reader_comment(&app, article.id, "Will the council vote on the library budget next month?");
        new_ham.input.email = "resident@valleynet.example".into();
        new_ham.input.author = "Resident".into();
        let passed = app.comment(app.post_comment(new_ham).await.unwrap().id).await.unwrap();
        assert_ne!(passed.status, CommentStatus::Spam);
        assert!(passed.spam_score.unwrap() < 0.5, "{:?}", passed.spam_score);

        // A moderator who disagrees teaches it the other way, without counting twice.
        app.moderate_comments(&[caught.id], ModerationAction::NotSpam, &Actor::user("editor")).await.unwrap();
        assert_eq!(app.comment(caught.id).await.unwrap().status, CommentStatus::Pending, "back where it was");
        let log = app.moderation_log(Some(caught.id), 10).await.unwrap();
        assert_eq!((log[0].action.as_str(), log[0].actor.as_str()), ("not_spam", "user:editor"));
    }

    async fn threads_nest_and_every_permalink_finds_its_page(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Threads"), PublishOptions::default()).await.unwrap();
        app.change_setting("hold_first_time_commenters", "false").await.unwrap();
        app.change_setting("thread_depth", "2").await.unwrap();
        app.change_setting("comments_per_page", "2").await.unwrap();
        let post = |text: &'static str, parent: Option<CommentId>| {
            let app = app.clone();
            async move {
                let mut submission = reader_comment(&app, article.id, text);
                submission.input.parent = parent.map(|id| id.to_string()).unwrap_or_default();
                app.comment(app.post_comment(submission).await.unwrap().id).await.unwrap()
            }
        };
        let first = post("First thread", None).await;
        let reply = post("A reply", Some(first.id)).await;
        let deeper = post("A reply to the reply", Some(reply.id)).await;
        assert_eq!((reply.depth, deeper.depth), (2, 2));
        assert_eq!(deeper.parent_id, Some(first.id), "deeper replies join the deepest allowed level");
        let second = post("Second thread", None).await;
        let third = post("Third thread", None).await;

        let settings = app.site_settings().await.unwrap();
        let page_one = app.article_page(article.clone(), 1, &[]).await.unwrap();
        assert_eq!(page_one.comments.page_count, 2);
        let roots: Vec<CommentId> = page_one.comments.threads.iter().map(|thread| thread.comment.id).collect();
        assert_eq!(roots, [first.id, second.id]);
        assert_eq!(page_one.comments.threads[0].replies.iter().map(|thread| thread.comment.id).collect::<Vec<_>>(), [reply.id, deeper.id]);
        assert_eq!(app.comment_page_number(&deeper, &settings).await.unwrap(), 1);
        assert_eq!(app.comment_page_number(&third, &settings).await.unwrap(), 2);
        let permalinks = app.permalinks(&settings).await.unwrap();
        assert!(app.comment_path(&third, &article, &permalinks, &settings).await.unwrap().ends_with("/threads/comment-page-2/#comment-5"));
        assert!(matches!(app.article_page(article.clone(), 3, &[]).await, Err(AppError::NotFound(_))));

        app.change_setting("comment_order", "newest").await.unwrap();
        let newest = app.article_page(article.clone(), 1, &[]).await.unwrap();
        assert_eq!(newest.comments.threads.iter().map(|thread| thread.comment.id).collect::<Vec<_>>(), [third.id, second.id]);

        // Deleting a thread's first comment keeps its replies, one level up.
        app.delete_comments(&[first.id], &Actor::system()).await.unwrap();
        let moved = app.comment(reply.id).await.unwrap();
        assert_eq!((moved.parent_id, moved.depth), (None, 1));
        assert_eq!(app.comment(deeper.id).await.unwrap().parent_id, None);
    }

    async fn commenters_can_have_their_data_exported_and_erased(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Privacy"), PublishOptions::default()).await.unwrap();
        let mut submission = reader_comment(&app, article.id, "Please forget me later");
        submission.input.website = "https://ada.example".into();
        let id = app.post_comment(submission).await.unwrap().id;
        let export = app.export_commenter(" ada@EXAMPLE.com ").await.unwrap();
        assert_eq!(export.comments.len(), 1);
        assert_eq!(export.comments[0].ip.as_deref(), Some("198.51.100.4"));
        let report = app.erase_commenter("ada@example.com").await.unwrap();
        assert_eq!(report.comments_anonymised, 1);
        let erased = app.comment(id).await.unwrap();
        assert_eq!(erased.author_name, "Anonymous");
        assert_eq!((erased.author_email.as_str(), erased.author_url, erased.ip, erased.user_agent), ("", None, None, None));
        assert_eq!(erased.text, "Please forget me later", "the words stay; who said them goes");
        assert!(app.export_commenter("ada@example.com").await.unwrap().comments.is_empty());
    }

    async fn housekeeping_clears_addresses_and_empties_spam_and_trash(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Housekeeping"), PublishOptions::default()).await.unwrap();
        let kept = app.post_comment(reader_comment(&app, article.id, "A keeper")).await.unwrap().id;
        let binned = app.post_comment(reader_comment(&app, article.id, "Junk")).await.unwrap().id;
        app.moderate_comments(&[kept], ModerationAction::Approve, &Actor::system()).await.unwrap();
        app.moderate_comments(&[binned], ModerationAction::Trash, &Actor::system()).await.unwrap();
        assert_eq!(app.keep_house().await.unwrap().comments_deleted, 0, "not old enough yet");
        app.clock().advance(31 * 86_400);
        let report = app.keep_house().await.unwrap();
        assert_eq!((report.comments_deleted, report.addresses_cleared), (1, 2));
        assert!(matches!(app.comment(binned).await, Err(AppError::NotFound(_))));
        assert_eq!(app.comment(kept).await.unwrap().ip, None);
        let log = app.moderation_log(Some(binned), 5).await.unwrap();
        assert_eq!((log[0].action.as_str(), log[0].actor.as_str()), ("delete", "system"));
    }

    async fn comments_close_after_the_sites_limit(db: Db) {
        let app = app(db).await;
        let article = app.publish_article(&draft("Old news"), PublishOptions::default()).await.unwrap();
        app.change_setting("close_comments_after_days", "2").await.unwrap();
        assert!(app.article_page(article.clone(), 1, &[]).await.unwrap().accepts_comments);
        app.clock().advance(3 * 86_400);
        assert!(!app.article_page(article.clone(), 1, &[]).await.unwrap().accepts_comments);
        let refused = app.post_comment(reader_comment(&app, article.id, "Too late")).await.unwrap_err();
        assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
    }

    async fn mail_goes_out_only_when_it_should(db: Db) {
        let smtp = SmtpServer::start();
        let mailer = Mailer::new(&MailConfig { smtp_url: smtp.url(), from: "The Ledger <news@ledger.example>".into() }).unwrap();
        let app = app(db.clone()).await.with_mailer(mailer);
        add_user(&db, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let author = add_user(&db, "Alma Author", "alma@ledger.example", Role::Author).await;
        let options = PublishOptions { author_id: Some(author), ..PublishOptions::default() };
        let article = app.publish_article(&draft("Mail"), options).await.unwrap();
        app.change_setting("permalink_pattern", "/%post_id%/%postname%/").await.unwrap();
        let address = format!("http://127.0.0.1:8080/{}/mail/", article.id);

        // A stranger's comment is held: the moderators hear of it, nobody else.
        let mut first = reader_comment(&app, article.id, "Tell me when someone answers");
        first.notify_replies = true;
        let first = app.post_comment(first).await.unwrap().id;
        assert_eq!(app.run_due_jobs().await.unwrap().done, 1);
        let mails = smtp.wait_for_messages(1);
        assert!(mails[0].to[0].contains("eddie@ledger.example"), "{:?}", mails[0].to);
        assert!(mails[0].subject.contains("Please moderate"), "{}", mails[0].subject);
        assert!(mails[0].text.contains("first comment") || mails[0].text.contains("Held because"), "{}", mails[0].text);
        assert!(mails[0].text.contains(&address), "links follow the permalink pattern: {}", mails[0].text);

        // Approved: the author hears of it, and the commenter is asked to confirm.
        app.moderate_comments(&[first], ModerationAction::Approve, &Actor::system()).await.unwrap();
        app.run_due_jobs().await.unwrap();
        let mails = smtp.wait_for_messages(3);
        let to_author = mails.iter().find(|mail| mail.to[0].contains("alma@")).unwrap();
        assert!(to_author.subject.contains("New comment"));
        assert!(to_author.text.contains(&format!("{address}#comment-{first}")), "{}", to_author.text);
        let confirmation = mails.iter().find(|mail| mail.to[0].contains("ada@example.com")).unwrap();
        let link = confirmation.text.split_whitespace().find(|word| word.contains("/comments/confirm/")).unwrap();
        let token = link.rsplit('/').next().unwrap();

        // A reply before confirming sends nothing to the commenter.
        let mut early = reader_comment(&app, article.id, "An early answer");
        (early.input.email, early.input.author, early.input.parent) = ("bo@example.com".into(), "Bo".into(), first.to_string());
        let early = app.post_comment(early).await.unwrap().id;
        app.moderate_comments(&[early], ModerationAction::Approve, &Actor::system()).await.unwrap();
        app.run_due_jobs().await.unwrap();
        let count_to_ada = || smtp.messages().iter().filter(|mail| mail.to[0].contains("ada@example.com")).count();
        assert_eq!(count_to_ada(), 1, "only the confirmation so far");

        assert_eq!(app.confirm_commenter_address(token).await.unwrap(), "ada@example.com");
        let mut reply = reader_comment(&app, article.id, "A confirmed answer");
        (reply.input.email, reply.input.author, reply.input.parent) = ("bo@example.com".into(), "Bo".into(), first.to_string());
        app.post_comment(reply).await.unwrap();
        app.run_due_jobs().await.unwrap();
        assert_eq!(count_to_ada(), 2);
        let notice = smtp.messages().into_iter().rev().find(|mail| mail.to[0].contains("ada@example.com")).unwrap();
        assert!(notice.subject.contains("New reply"), "{}", notice.subject);
        let unsubscribe = notice.header("List-Unsubscribe").unwrap().trim_matches(|c| c == '<' || c == '>').to_owned();
        assert_eq!(notice.header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));

        assert!(app.unsubscribe_from_replies(unsubscribe.rsplit('/').next().unwrap()).await.unwrap());
        let mut after = reader_comment(&app, article.id, "Nobody hears of this one");
        (after.input.email, after.input.author, after.input.parent) = ("bo@example.com".into(), "Bo".into(), first.to_string());
        app.post_comment(after).await.unwrap();
        app.run_due_jobs().await.unwrap();
        assert_eq!(count_to_ada(), 2, "unsubscribed");
    }

    async fn a_staff_reply_approves_its_question_and_tells_the_subscriber(db: Db) {
        let smtp = SmtpServer::start();
        let mailer = Mailer::new(&MailConfig { smtp_url: smtp.url(), from: "The Ledger <news@ledger.example>".into() }).unwrap();
        let app = app(db.clone()).await.with_mailer(mailer);
        let editor = add_user(&db, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let editor = db.user_by_id(editor).await.unwrap().unwrap();
        let author = add_user(&db, "Alma Author", "alma@ledger.example", Role::Author).await;
        let author = db.user_by_id(author).await.unwrap().unwrap();
        let article = app.publish_article(&draft("Answered"), PublishOptions::default()).await.unwrap();
        let reply = |parent: CommentId, text: &str| StaffReply { parent_id: parent, text: text.into(), ip: None, user_agent: None };

        let mut question = reader_comment(&app, article.id, "Who pays for the bridge?");
        question.notify_replies = true;
        let question = app.post_comment(question).await.unwrap();
        assert_eq!(question.status, CommentStatus::Pending);
        let question = question.id;

        let refused = app.reply_as_staff(&author, reply(question, "I can answer that.")).await.unwrap_err();
        assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
        let empty = app.reply_as_staff(&editor, reply(question, "  ")).await.unwrap_err();
        assert!(matches!(&empty, AppError::Validation(errors) if errors.get("comment").is_some()), "{empty:?}");
        assert_eq!(app.comment(question).await.unwrap().status, CommentStatus::Pending, "a refused reply approves nothing");

        let first = app.reply_as_staff(&editor, reply(question, "The county pays.")).await.unwrap();
        assert_eq!(first.status, CommentStatus::Approved);
        let stored = app.comment(first.id).await.unwrap();
        assert_eq!((stored.parent_id, stored.user_id, stored.author_name.as_str()), (Some(question), Some(editor.id), "Eddie Editor"));
        assert_eq!((stored.spam_score, stored.moderation_rule.as_deref()), (None, None), "no checks for staff");
        assert_eq!(app.comment(question).await.unwrap().status, CommentStatus::Approved);
        let log = app.moderation_log(Some(question), 10).await.unwrap();
        assert_eq!((log.len(), Actor::describe(&log[0].actor)), (1, format!("Eddie Editor (user {})", editor.id)));
        let twice = app.reply_as_staff(&editor, reply(question, "The county pays.")).await.unwrap_err();
        assert!(matches!(twice, AppError::Conflict(_)), "{twice:?}");

        // Approving the question asked its writer to confirm their address (the moderators'
        // mail about it is moot by now); once confirmed, the next staff reply reaches them.
        app.run_due_jobs().await.unwrap();
        let confirmation = smtp.wait_for_messages(1).into_iter().find(|mail| mail.to[0].contains("ada@example.com")).unwrap();
        let link = confirmation.text.split_whitespace().find(|word| word.contains("/comments/confirm/")).unwrap();
        app.confirm_commenter_address(link.rsplit('/').next().unwrap()).await.unwrap();
        app.reply_as_staff(&editor, reply(question, "And the state refunds half.")).await.unwrap();
        app.run_due_jobs().await.unwrap();
        let to_ada = || smtp.messages().into_iter().filter(|mail| mail.to[0].contains("ada@example.com")).collect::<Vec<_>>();
        let notice = to_ada().into_iter().find(|mail| mail.subject.contains("New reply")).unwrap();
        assert!(notice.text.contains("Eddie Editor") && notice.text.contains("refunds half"), "{}", notice.text);

        let spam = app.post_comment(reader_comment(&app, article.id, "Spam to ignore")).await.unwrap().id;
        app.moderate_comments(&[spam], ModerationAction::Spam, &Actor::system()).await.unwrap();
        let with_spam = app.reply_as_staff(&editor, reply(spam, "No.")).await.unwrap_err();
        assert!(matches!(with_spam, AppError::Conflict(_)), "{with_spam:?}");
        let missing = app.reply_as_staff(&editor, reply(CommentId(987_654), "Hello?")).await.unwrap_err();
        assert!(matches!(missing, AppError::NotFound(_)), "{missing:?}");
    }

    async fn accounts_sign_in_and_are_throttled_per_network(db: Db) {
        let app = app(db.clone()).await;
        let new = |email: &str| NewUser { display_name: "Ann Author".into(), email: email.into(), role: Role::Author, password: Some("correct horse battery".into()) };
        let user = app.create_user(new("ann@ledger.example")).await.unwrap();
        let AppError::Validation(errors) = app.create_user(NewUser { password: Some("other@ledger.example".into()), ..new("other@ledger.example") }).await.unwrap_err() else { panic!("expected validation") };
        assert!(errors.get("password").is_some());

        let address = Some("198.51.100.9".parse().unwrap());
        let (secret, signed) = app.sign_in("ANN@ledger.example", "correct horse battery", address, None).await.unwrap();
        assert_eq!(signed.id, user.id);
        let session = app.signed_in(&secret).await.unwrap().unwrap();
        assert!(app.csrf_token_matches(&session, &app.csrf_token(&session)));
        assert!(!app.csrf_token_matches(&session, "forged.token"));

        // Thirty wrong guesses from one network at different accounts lock the network out.
        for number in 0..30 {
            let refused = app.sign_in(&format!("guess{number}@ledger.example"), "password123", address, None).await.unwrap_err();
            assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
        }
        let locked = app.sign_in("ann@ledger.example", "correct horse battery", address, None).await.unwrap_err();
        assert!(matches!(locked, AppError::RateLimited { .. }), "{locked:?}");
        app.sign_in("ann@ledger.example", "correct horse battery", Some("203.0.113.7".parse().unwrap()), None).await.unwrap();

        let mut tx = db.begin().await.unwrap();
        tx.set_user_disabled(user.id, Some(app.clock().now()), app.clock().now()).await.unwrap();
        tx.commit().await.unwrap();
        assert!(app.signed_in(&secret).await.unwrap().is_none(), "a disabled account's sessions stop working");
        assert_eq!(app.sign_out_everywhere(user.id).await.unwrap(), 2);
    }
}
