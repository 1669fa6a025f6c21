//! Syndication, run on SQLite and PostgreSQL against a feed served on loopback: each item
//! becomes one article however often the feed is fetched, crediting its authors, changes
//! become updates or wait for review, rejected and deleted items never come back, every
//! way a fetch can end leaves the source in the right state, and an item's picture becomes
//! its article's featured image — cleaned like an upload — or a job failed with a clear
//! error.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{
    App, AppError, BulkArticleAction, Clock, FetchStatus, MediaUpload, NewUser, ReviewEdits,
};
use gazette_domain::correction::CorrectionKind;
use gazette_domain::syndication::{ItemState, Source, SourceInput, SourceMode};
use gazette_domain::{Actor, Article, ArticleStatus, Role, Slug, User, UserId};
use gazette_store::{Db, NewUserRecord};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::{TestApp, app_tests, backend_tests, images};
use std::fmt::Write as _;
use std::path::Path;

const START: &str = "2024-04-24T10:00:00Z";

async fn app(db: Db) -> App {
    App::with_db(db, Clock::manual(START.parse().unwrap()), None)
        .await
        .unwrap()
}

/// An RSS feed with one `<item>` per `(guid, title, body)`, each published the day before
/// the tests' clock.
fn feed(items: &[(&str, &str, &str)]) -> String {
    let mut entries = String::new();
    for (guid, title, body) in items {
        write!(
            entries,
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
             <link>https://wire.example/{guid}</link><description>{body}</description>\
             <category>Politics</category><pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate></item>"
        )
        .unwrap();
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>The Wire</title>\
         <link>https://wire.example/</link><description>News</description>{entries}</channel></rss>"
    )
}

/// `feed` saying it was built again `minutes` after midnight on the tests' day, as many
/// feeds do on every request: the same items, another body, so that they are read again
/// (the same body again is not read at all).
fn rebuilt(feed: &str, minutes: u32) -> String {
    let built = format!(
        "<lastBuildDate>Wed, 24 Apr 2024 {:02}:{:02}:00 GMT</lastBuildDate><item>",
        minutes / 60,
        minutes % 60
    );
    feed.replacen("<item>", &built, 1)
}

/// An RSS feed with one `<item>` per `(guid, title, extra)`, where `extra` is more of the
/// item's XML (authors, pictures) in the Media RSS and Dublin Core namespaces.
fn feed_with(items: &[(&str, &str, &str)]) -> String {
    let mut entries = String::new();
    for (guid, title, extra) in items {
        write!(
            entries,
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
             <link>https://wire.example/{guid}</link><description>{title}, reported.</description>\
             <pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate>{extra}</item>"
        )
        .unwrap();
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>The Wire</title><link>https://wire.example/</link><description>News</description>\
         {entries}</channel></rss>"
    )
}

/// An RSS enclosure of the picture at `url`.
fn enclosure(url: &str) -> String {
    format!("<enclosure url=\"{url}\" type=\"image/jpeg\" length=\"1000\"/>")
}

/// The names of an article page's categories or tags.
fn names(links: &[gazette_app::ArchiveLink]) -> Vec<&str> {
    links.iter().map(|link| link.name.as_str()).collect()
}

fn three_items() -> String {
    feed(&[
        (
            "budget",
            "Council passes the budget",
            "The council voted 7 to 2.",
        ),
        ("bridge", "Bridge reopens", "Traffic flows again."),
        ("school", "School wins prize", "Pupils celebrate."),
    ])
}

async fn add(app: &App, server: &FeedServer, mode: &str) -> Source {
    app.add_source(&SourceInput {
        name: "The Wire".into(),
        feed_url: server.url("/feed.xml"),
        category: Some("Wire".into()),
        mode: Some(mode.into()),
        licence: "Republished under the partner agreement.".into(),
        canonical_to_original: true,
        allow_private_addresses: true,
        ..SourceInput::default()
    })
    .await
    .unwrap()
}

async fn administrator(app: &App, db: &Db) -> User {
    let mut tx = db.begin().await.unwrap();
    let id: UserId = tx
        .insert_user(
            &NewUserRecord {
                display_name: "Ada".into(),
                email: "ada@ledger.example".into(),
                slug: Slug::from_title("Ada", "user"),
                role: Role::Administrator,
                password_hash: None,
            },
            START.parse().unwrap(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.users()
        .await
        .unwrap()
        .into_iter()
        .find(|user| user.id == id)
        .unwrap()
}

/// The public article with this slug.
async fn public(site: &TestApp, slug: &str) -> Article {
    site.app.public_article(slug).await.unwrap()
}

/// Every file under the media folder, relative to it, sorted.
fn files_in(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(folder).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// The kinds of the jobs waiting in the queue (not given up).
async fn waiting_jobs(app: &App) -> Vec<String> {
    app.jobs(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|job| job.failed_at.is_none())
        .map(|job| job.kind)
        .collect()
}

async fn item_of(db: &Db, source: &Source, key: &str) -> gazette_store::SourceItem {
    db.source_items(source.id)
        .await
        .unwrap()
        .into_iter()
        .find(|item| item.key == key)
        .unwrap()
}

backend_tests! {
    async fn a_feed_fetched_a_hundred_times_makes_each_article_once(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "publish").await;

        let first = app.fetch_source(source.id).await.unwrap();
        assert_eq!((first.status, first.created, first.unchanged), (FetchStatus::Fetched, 3, 0));
        for round in 0..99 {
            server.serve_feed("/feed.xml", &rebuilt(&three_items(), round));
            let again = app.fetch_source(source.id).await.unwrap();
            assert_eq!((again.status, again.created, again.updated, again.unchanged), (FetchStatus::Fetched, 0, 0, 3));
        }
        let not_modified = app.fetch_source(source.id).await.unwrap();
        assert_eq!(not_modified.status, FetchStatus::NotModified);
        assert_eq!(server.answered("/feed.xml", 304), 1, "the stored ETag was sent back");

        let articles = db.all_articles().await.unwrap();
        assert_eq!(articles.len(), 3, "each item became one article");
        let budget = db.article_by_slug("council-passes-the-budget").await.unwrap().unwrap();
        assert_eq!(budget.status, ArticleStatus::Published);
        assert_eq!(budget.published_at, Some(START.parse().unwrap()));
        assert!(budget.body_html.contains("The council voted 7 to 2."));
        let credit = budget.source.clone().unwrap();
        assert_eq!((credit.name.as_str(), credit.url.as_str()), ("The Wire", "https://wire.example/budget"));
        assert_eq!(credit.published_at, Some("2024-04-23T08:00:00Z".parse().unwrap()), "the original date is kept apart");
        assert_eq!(credit.licence.as_deref(), Some("Republished under the partner agreement."));
        assert!(credit.canonical);
        let stored = app.source(source.id).await.unwrap();
        assert_eq!((stored.status(), stored.home_page_url.as_deref()), ("ok", Some("https://wire.example/")));
        let page = app.article_page(budget.clone(), 1, &[]).await.unwrap();
        assert_eq!(names(&page.categories), ["Wire"]);
        assert_eq!(names(&page.tags), ["Politics"]);
    }

    async fn a_feed_sent_again_unchanged_is_not_read_again_until_its_source_is_edited(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        // A server that never answers 304: no validators at all.
        let serve = |body: &str| server.serve_file("/feed.xml", "application/rss+xml", body.as_bytes().to_vec());
        serve(&three_items());
        let source = app.add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            mode: Some("publish".into()),
            exclude_keywords: "bridge".into(),
            allow_private_addresses: true,
            ..SourceInput::default()
        }).await.unwrap();

        let first = app.fetch_source(source.id).await.unwrap();
        assert_eq!((first.status, first.created, first.left_out), (FetchStatus::Fetched, 2, 1));
        let digest = app.source(source.id).await.unwrap().feed_digest;
        assert_eq!(digest.as_ref().map(String::len), Some(64));
        let again = app.fetch_source(source.id).await.unwrap();
        assert_eq!((again.status, again.created, again.unchanged, again.left_out), (FetchStatus::NotModified, 0, 0, 0), "the same feed again is not read");
        assert_eq!(server.answered("/feed.xml", 200), 2, "the whole feed came both times");
        let stored = app.source(source.id).await.unwrap();
        assert_eq!((stored.status(), stored.feed_digest), ("ok", digest.clone()));

        serve("<html><body>Down for maintenance</body></html>");
        for _ in 0..2 {
            let failed = app.fetch_source(source.id).await.unwrap();
            assert_eq!(failed.status, FetchStatus::Failed, "a page that is not a feed is read, and refused, every time");
        }
        assert_eq!(app.source(source.id).await.unwrap().feed_digest, digest, "only a feed read in full is remembered");
        serve(&three_items());
        assert_eq!(app.fetch_source(source.id).await.unwrap().status, FetchStatus::NotModified, "the feed last read, back again");

        let input = SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            mode: Some("publish".into()),
            allow_private_addresses: true,
            ..SourceInput::default()
        };
        let edited = app.update_source(source.id, &input).await.unwrap();
        assert_eq!(edited.feed_digest, None, "an edited source reads its feed again");
        let reread = app.fetch_source(source.id).await.unwrap();
        assert_eq!((reread.status, reread.created, reread.unchanged, reread.left_out), (FetchStatus::Fetched, 1, 2, 0), "without the rule, the item left out is taken");
        assert!(db.article_by_slug("bridge-reopens").await.unwrap().is_some());

        serve(&three_items().replace("Pupils celebrate.", "Pupils celebrate the prize."));
        let changed = app.fetch_source(source.id).await.unwrap();
        assert_eq!((changed.status, changed.updated, changed.unchanged), (FetchStatus::Fetched, 1, 2), "a changed feed is read");
        assert_eq!(app.fetch_source(source.id).await.unwrap().status, FetchStatus::NotModified);
        assert_eq!(db.all_articles().await.unwrap().len(), 3);
    }

    async fn a_changed_item_updates_the_published_copy_with_a_dated_note(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "publish").await;
        app.fetch_source(source.id).await.unwrap();

        app.clock().advance(3600);
        server.serve_feed("/feed.xml", &feed(&[
            ("budget", "Council passes the budget", "The council voted 8 to 1 after a recount."),
            ("bridge", "Bridge reopens", "Traffic flows again."),
            ("school", "School wins prize", "Pupils celebrate."),
        ]));
        let report = app.fetch_source(source.id).await.unwrap();
        assert_eq!((report.created, report.updated, report.unchanged), (0, 1, 2));

        let budget = db.article_by_slug("council-passes-the-budget").await.unwrap().unwrap();
        assert!(budget.body_html.contains("8 to 1 after a recount"));
        assert_eq!(budget.modified_at, Some(app.clock().now()));
        let notes = app.corrections_of(budget.id).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!((notes[0].kind, notes[0].note_text.as_str()), (CorrectionKind::Update, "The Wire updated this story."));
        let revisions = db.revisions_of(budget.id).await.unwrap();
        assert_eq!(revisions.len(), 2, "the first version and the update");
        assert!(revisions[1].body_markdown.contains("The council voted 7 to 2."), "the first revision keeps the body it was taken with");
        assert_eq!(revisions[0].body_markdown, budget.body_html);
        let item = item_of(&db, &source, "guid:budget").await;
        let versions = db.item_versions(item.id).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert!(versions[0].content_html.contains("The council voted 7 to 2."), "the first version keeps its content");
        assert_eq!(versions[1].content_html, budget.body_html);
        let changes = app.source_item_changes(item.id).await.unwrap();
        assert_eq!((changes.added, changes.removed), (1, 1));
    }

    async fn a_source_edited_by_the_rules_of_adding_forgets_validators_only_for_a_new_feed(db: Db) {
        let app = app(db.clone()).await;
        let administrator = administrator(&app, &db).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "review").await;
        app.fetch_source(source.id).await.unwrap();
        let fetched = app.source(source.id).await.unwrap();
        assert!(fetched.etag.is_some());

        let mut input = SourceInput {
            name: "The Daily Wire".into(),
            feed_url: server.url("/feed.xml"),
            home_page_url: "https://daily.wire.example".into(),
            category: Some("Wire".into()),
            author_id: Some(administrator.id),
            mode: Some("publish".into()),
            interval: Some("2h".into()),
            include_keywords: "council, bridge".into(),
            exclude_keywords: "sponsored".into(),
            max_item_age_days: Some(30),
            licence: "Under the new agreement.".into(),
            canonical_to_original: false,
            allow_private_addresses: true,
        };
        let edited = app.update_source(source.id, &input).await.unwrap();
        assert_eq!((edited.name.as_str(), edited.mode, edited.interval_seconds, edited.author_id), ("The Daily Wire", SourceMode::Publish, 7200, Some(administrator.id)));
        assert_eq!((edited.home_page_url.as_deref(), edited.include_keywords.as_str(), edited.max_item_age_days), (Some("https://daily.wire.example/"), "council\nbridge", Some(30)));
        assert_eq!((edited.licence.as_str(), edited.canonical_to_original), ("Under the new agreement.", false));
        assert_eq!((edited.etag.as_ref(), edited.next_fetch_at, edited.last_success_at), (fetched.etag.as_ref(), fetched.next_fetch_at, fetched.last_success_at), "the same feed keeps its validators and schedule");
        assert_eq!(app.fetch_source(source.id).await.unwrap().status, FetchStatus::NotModified);

        server.serve_feed("/moved.xml", &three_items());
        input.feed_url = server.url("/moved.xml");
        let moved = app.update_source(source.id, &input).await.unwrap();
        assert_eq!((moved.etag, moved.last_modified), (None, None), "a new feed address is fetched afresh");
        let report = app.fetch_source(source.id).await.unwrap();
        assert_eq!((report.status, report.created, report.unchanged), (FetchStatus::Fetched, 0, 3), "the items it knows stay known");
        assert_eq!(server.answered("/moved.xml", 200), 1);

        input.interval = Some("1m".into());
        input.home_page_url = "javascript:alert(1)".into();
        let Err(AppError::Validation(errors)) = app.update_source(source.id, &input).await else { panic!("expected field errors") };
        assert!(errors.get("interval").unwrap().contains("too short"));
        assert!(errors.get("home_page").is_some());
        assert_eq!(app.source(source.id).await.unwrap().interval_seconds, 7200, "nothing was saved");

        input.interval = None;
        input.home_page_url = String::new();
        input.author_id = Some(UserId(9999));
        assert!(matches!(app.update_source(source.id, &input).await, Err(AppError::NotFound(_))), "an unknown author");
        input.author_id = None;
        assert!(matches!(app.update_source(gazette_domain::SourceId(9999), &input).await, Err(AppError::NotFound(_))));
        let other = app.add_source(&SourceInput { name: "Other".into(), feed_url: server.url("/other.xml"), ..SourceInput::default() }).await.unwrap();
        assert!(matches!(app.update_source(other.id, &input).await, Err(AppError::Conflict(_))), "two sources cannot share a feed");
    }

    async fn review_mode_waits_for_an_editor_and_rejected_items_never_return(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "review").await;
        assert_eq!(app.fetch_source(source.id).await.unwrap().created, 3);
        assert!(db.home_page_articles(START.parse().unwrap(), 10, 0).await.unwrap().articles.is_empty(), "nothing is public yet");
        let queue = app.review_queue().await.unwrap();
        assert_eq!(queue.len(), 3);
        assert!(queue.iter().all(|entry| !entry.is_update && entry.article_status == ArticleStatus::Pending));
        assert_eq!(queue[0].licence, "Republished under the partner agreement.", "editors see the licence note");

        let budget = item_of(&db, &source, "guid:budget").await;
        let bridge = item_of(&db, &source, "guid:bridge").await;
        let edits = ReviewEdits { title: Some("Budget passed".into()), category: Some("Local".into()), excerpt: Some("Seven to two.".into()) };
        let article = app.approve_source_item(budget.id, &edits, false).await.unwrap();
        let approved = db.article_by_id(article).await.unwrap().unwrap();
        assert_eq!((approved.status, approved.title.as_str(), approved.excerpt.as_str()), (ArticleStatus::Published, "Budget passed", "Seven to two."));
        assert_eq!(names(&app.article_page(approved.clone(), 1, &[]).await.unwrap().categories), ["Local"]);
        app.reject_source_item(bridge.id).await.unwrap();
        assert_eq!(db.all_articles().await.unwrap().len(), 2, "the rejected item's article is gone");
        assert!(matches!(app.reject_source_item(bridge.id).await, Err(AppError::NotFound(_))), "nothing waits any more");

        app.clock().advance(3600);
        server.serve_feed("/feed.xml", &feed(&[
            ("budget", "Council passes the budget", "Now with a recount."),
            ("bridge", "Bridge reopens", "Traffic flows again, faster."),
            ("school", "School wins prize", "Pupils celebrate."),
        ]));
        let report = app.fetch_source(source.id).await.unwrap();
        assert_eq!((report.created, report.flagged, report.updated, report.unchanged), (0, 1, 0, 2), "the rejected item stays away, even changed");
        assert_eq!(db.all_articles().await.unwrap().len(), 2);
        let unchanged = db.article_by_id(article).await.unwrap().unwrap();
        assert!(!unchanged.body_html.contains("recount"), "the change waits for review");
        let queue = app.review_queue().await.unwrap();
        let update = queue.iter().find(|entry| entry.item_id == budget.id).unwrap();
        assert!(update.is_update);

        app.approve_source_item(budget.id, &ReviewEdits::default(), true).await.unwrap();
        let updated = db.article_by_id(article).await.unwrap().unwrap();
        assert!(updated.body_html.contains("recount"));
        assert_eq!(updated.excerpt, "Seven to two.", "the editor's excerpt stays");
        assert_eq!(app.source(source.id).await.unwrap().mode, SourceMode::Publish, "approved always");
        assert_eq!(item_of(&db, &source, "guid:bridge").await.state, ItemState::Rejected);
    }

    async fn deleting_a_syndicated_article_leaves_a_tombstone(db: Db) {
        let app = app(db.clone()).await;
        let administrator = administrator(&app, &db).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "publish").await;
        app.fetch_source(source.id).await.unwrap();
        let school = db.article_by_slug("school-wins-prize").await.unwrap().unwrap();
        app.change_articles(&administrator, BulkArticleAction::Trash, &[school.id]).await.unwrap();
        app.change_articles(&administrator, BulkArticleAction::Delete, &[school.id]).await.unwrap();
        assert_eq!(item_of(&db, &source, "guid:school").await.state, ItemState::Rejected);

        server.serve_feed("/feed.xml", &three_items());
        assert_eq!(app.fetch_source(source.id).await.unwrap().created, 0);
        assert!(db.article_by_slug("school-wins-prize").await.unwrap().is_none(), "the deleted item never comes back");

        app.remove_source(source.id).await.unwrap();
        assert_eq!(db.all_articles().await.unwrap().len(), 2, "a removed source's articles stay");
        assert!(matches!(app.fetch_source(source.id).await, Err(AppError::NotFound(_))));
    }

    async fn keyword_rules_and_the_maximum_age_leave_items_out(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = app.add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            mode: Some("publish".into()),
            include_keywords: "council, traffic".into(),
            exclude_keywords: "bridge".into(),
            allow_private_addresses: true,
            ..SourceInput::default()
        }).await.unwrap();
        let report = app.fetch_source(source.id).await.unwrap();
        assert_eq!((report.created, report.left_out), (1, 2));
        assert!(db.article_by_slug("council-passes-the-budget").await.unwrap().is_some());

        let old = app.add_source(&SourceInput {
            name: "Old News".into(),
            feed_url: server.url("/feed.xml?old"),
            mode: Some("publish".into()),
            max_item_age_days: Some(1),
            allow_private_addresses: true,
            ..SourceInput::default()
        }).await.unwrap();
        server.serve_feed("/feed.xml?old", &three_items());
        app.clock().advance(3 * 86_400);
        let report = app.fetch_source(old.id).await.unwrap();
        assert_eq!((report.created, report.left_out), (0, 3), "items older than a day are left out");
    }

    async fn failures_back_off_keep_their_error_and_a_gone_feed_pauses(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        let source = add(&app, &server, "publish").await;
        let now = app.clock().now();

        server.answer_with("/feed.xml", 500, &[]);
        let failed = app.fetch_source(source.id).await.unwrap();
        assert_eq!(failed.status, FetchStatus::Failed);
        assert!(failed.error.as_deref().unwrap().contains("500"), "{failed:?}");
        assert!(failed.next_fetch_at.unwrap() >= now.plus_seconds(11 * 60), "backs off at least ¾ of 15 minutes");
        server.answer_with("/feed.xml", 429, &[("Retry-After", "7200")]);
        let limited = app.fetch_source(source.id).await.unwrap();
        assert!(limited.next_fetch_at.unwrap() >= now.plus_seconds(7200), "Retry-After is honoured");
        let stored = app.source(source.id).await.unwrap();
        assert_eq!((stored.status(), stored.consecutive_failures), ("failing", 2));
        assert!(stored.last_error.unwrap().contains("429"));

        server.serve_feed("/new-feed.xml", &three_items());
        server.answer_with("/feed.xml", 301, &[("Location", "/new-feed.xml")]);
        let moved = app.fetch_source(source.id).await.unwrap();
        assert_eq!((moved.status, moved.created), (FetchStatus::Fetched, 3));
        let stored = app.source(source.id).await.unwrap();
        assert_eq!((stored.feed_url, stored.consecutive_failures), (server.url("/new-feed.xml"), 0));

        server.answer_with("/new-feed.xml", 410, &[]);
        assert_eq!(app.fetch_source(source.id).await.unwrap().status, FetchStatus::Gone);
        let paused = app.source(source.id).await.unwrap();
        assert!(paused.paused.unwrap().reason.contains("410"));
        assert!(matches!(app.fetch_source(source.id).await, Err(AppError::Conflict(_))), "a paused source is not fetched");
        server.serve_feed("/new-feed.xml", &rebuilt(&three_items(), 1));
        app.resume_source(source.id).await.unwrap();
        assert_eq!(app.fetch_source(source.id).await.unwrap().unchanged, 3);

        server.serve_feed("/page", "<!DOCTYPE html><html><body>Not a feed</body></html>");
        let page = app.add_source(&SourceInput { name: "A page".into(), feed_url: server.url("/page"), allow_private_addresses: true, ..SourceInput::default() }).await.unwrap();
        let unreadable = app.fetch_source(page.id).await.unwrap();
        assert!(unreadable.error.unwrap().contains("HTML page"));
    }

    async fn private_addresses_are_refused_unless_allowed_and_mistakes_name_their_field(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let guarded = app.add_source(&SourceInput { name: "Guarded".into(), feed_url: server.url("/feed.xml"), ..SourceInput::default() }).await.unwrap();
        let refused = app.fetch_source(guarded.id).await.unwrap();
        assert!(refused.error.unwrap().contains("--allow-private-addresses"));
        assert_eq!(server.answered("/feed.xml", 200), 0, "nothing was sent");

        let Err(AppError::Validation(errors)) = app.add_source(&SourceInput { name: "Quick".into(), feed_url: "ftp://wire.example/feed".into(), interval: Some("1m".into()), ..SourceInput::default() }).await else { panic!("expected field errors") };
        assert!(errors.get("url").is_some() && errors.get("interval").is_some());
        assert!(matches!(app.add_source(&SourceInput { name: "Twice".into(), feed_url: server.url("/feed.xml"), ..SourceInput::default() }).await, Err(AppError::Conflict(_))));
    }

    async fn the_job_queue_fetches_each_source_at_its_interval(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let source = add(&app, &server, "publish").await;
        assert_eq!(app.jobs(10).await.unwrap().iter().filter(|job| job.kind == "fetch_source").count(), 1, "the first fetch is queued with the source");
        assert_eq!(app.run_due_jobs().await.unwrap().done, 1);
        assert_eq!(db.all_articles().await.unwrap().len(), 3);
        let next = app.source(source.id).await.unwrap().next_fetch_at;
        let now = app.clock().now();
        assert!(next >= now.plus_seconds(810) && next <= now.plus_seconds(990), "the interval with at most a tenth of jitter: {next}");
        assert_eq!(app.run_due_jobs().await.unwrap().done, 0, "the next fetch is not due yet");

        app.clock().advance(1000);
        assert_eq!(app.run_due_jobs().await.unwrap().done, 1);
        assert_eq!(server.answered("/feed.xml", 304), 1, "the second fetch was a conditional one");
        app.pause_source(source.id).await.unwrap();
        app.clock().advance(1000);
        app.run_due_jobs().await.unwrap();
        assert_eq!(server.answered("/feed.xml", 304), 1, "a paused source is not fetched");
    }

    async fn a_long_feed_with_repeated_titles_makes_every_article_once_with_a_slug_of_its_own(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        // More items than one statement writes, most of them with the same title, one of
        // them a title an article already has.
        let guids: Vec<String> = (0..600).map(|n| format!("item-{n}")).collect();
        let items: Vec<(&str, &str, &str)> = guids
            .iter()
            .enumerate()
            .map(|(n, guid)| (guid.as_str(), if n % 2 == 0 { "Council meets" } else { "Bridge reopens" }, "The story."))
            .collect();
        server.serve_feed("/feed.xml", &feed(&items));
        let source = add(&app, &server, "publish").await;
        let first = app.fetch_source(source.id).await.unwrap();
        assert_eq!((first.created, first.unchanged), (600, 0));

        let articles = db.all_articles().await.unwrap();
        assert_eq!(articles.len(), 600);
        let slugs: std::collections::HashSet<&str> = articles.iter().map(|article| article.slug.as_str()).collect();
        assert_eq!(slugs.len(), 600, "every article has a slug of its own");
        for expected in ["council-meets", "council-meets-2", "council-meets-125", "bridge-reopens-125", "council-meets-300"] {
            assert!(slugs.contains(expected), "{expected} among {slugs:?}");
        }
        // One article from the first batch of items handed to the writer, one from the
        // second, which reuses the tag and category the first found.
        for slug in ["council-meets-125", "council-meets-300"] {
            let article = db.article_by_slug(slug).await.unwrap().unwrap();
            assert_eq!(db.tags_of_article(article.id).await.unwrap().iter().map(|tag| tag.name.as_str()).collect::<Vec<_>>(), ["Politics"], "{slug}");
            assert_eq!(db.categories_of_article(article.id).await.unwrap().iter().map(|category| category.name.as_str()).collect::<Vec<_>>(), ["Wire"], "{slug}");
            assert_eq!(db.revisions_of(article.id).await.unwrap().len(), 1, "{slug}: each article starts with one revision");
        }
        assert_eq!(db.all_tags().await.unwrap().len(), 1, "the tag is made once");
    }

    async fn a_feed_read_in_several_batches_takes_each_key_once_and_every_body_as_its_source(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        // More items than are cleaned and handed to the writer at a time, and the first
        // item again at the end, in a later batch: the repeated guid makes the feed's keys
        // its items' titles and content, so the repeat has the first item's key.
        let titles: Vec<String> = (0..1100).map(|n| format!("Story number {n}")).collect();
        let guids: Vec<String> = (0..1100).map(|n| format!("item-{n}")).collect();
        let mut items: Vec<(&str, &str, &str)> = guids.iter().zip(&titles).map(|(guid, title)| (guid.as_str(), title.as_str(), "The whole story, as the wire told it.")).collect();
        items.push(items[0]);
        server.serve_feed("/feed.xml", &feed(&items));
        let source = add(&app, &server, "publish").await;

        let first = app.fetch_source(source.id).await.unwrap();
        assert_eq!((first.created, first.unchanged), (1100, 1));
        server.serve_feed("/feed.xml", &rebuilt(&feed(&items), 1));
        let again = app.fetch_source(source.id).await.unwrap();
        assert_eq!((again.status, again.created, again.updated, again.unchanged), (FetchStatus::Fetched, 0, 0, 1101));

        assert_eq!(db.all_articles().await.unwrap().len(), 1100);
        let first_story = db.article_by_slug("story-number-0").await.unwrap().unwrap();
        assert!(first_story.body_html.contains("The whole story, as the wire told it."), "{}", first_story.body_html);
        assert_eq!(first_story.body_markdown, first_story.body_html, "the HTML is the editable source, stored once");
        let last_story = db.article_by_slug("story-number-1099").await.unwrap().unwrap();
        assert_eq!(last_story.body_markdown, last_story.body_html);
        assert_eq!(db.revisions_of(last_story.id).await.unwrap()[0].body_markdown, last_story.body_html, "the first revision keeps the body");
    }

    async fn a_syndicated_article_is_found_by_the_words_of_its_body(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        // The body's last words come long after what the excerpt (the summary) holds.
        let body = format!(
            "<p>{}</p><p>Dredging of the <em>harbour</em> resumes in spring.</p>",
            "Words that fill the first paragraph. ".repeat(40)
        );
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>The Wire</title>\
             <link>https://wire.example/</link><description>News</description>\
             <item><guid isPermaLink=\"false\">harbour</guid><title>Harbour news</title>\
             <link>https://wire.example/harbour</link><description>A short summary.</description>\
             <content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
        );
        server.serve_feed("/feed.xml", &xml);
        let source = add(&app, &server, "publish").await;
        assert_eq!(app.fetch_source(source.id).await.unwrap().created, 1);

        let slugs = |listing: gazette_app::SearchListing| listing.hits.into_iter().map(|hit| hit.slug.as_str().to_owned()).collect::<Vec<_>>();
        assert_eq!(slugs(app.search("dredging harbour", 1).await.unwrap()), ["harbour-news"], "the body's words are searched");
        assert_eq!(slugs(app.search("summary", 1).await.unwrap()), ["harbour-news"], "and the excerpt's");
        assert_eq!(app.search("paragraph spring", 1).await.unwrap().hits.len(), 1);
    }

    async fn a_source_that_never_answers_holds_up_no_other_job(db: Db) {
        let app = app(db.clone()).await;
        // A server that takes connections and never answers: its fetch lasts until the
        // total timeout.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let silent_url = format!("http://{}/feed.xml", silent.local_addr().unwrap());
        let hanging = app.add_source(&SourceInput { name: "Silent".into(), feed_url: silent_url, allow_private_addresses: true, ..SourceInput::default() }).await.unwrap();
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        let answering = add(&app, &server, "publish").await;

        let _background = app.start_background_work();
        let mut waited = 0;
        while db.all_articles().await.unwrap().len() < 3 {
            assert!(waited < 2_000, "the answering source was never fetched while the other hung");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            waited += 1;
        }
        let hung = app.source(hanging.id).await.unwrap();
        assert_eq!((hung.last_success_at, hung.last_error.as_deref()), (None, None), "the silent source's fetch was still running");
        assert!(app.source(answering.id).await.unwrap().last_success_at.is_some());
    }

    async fn fetching_all_sources_reads_every_one_not_paused_in_order(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        let mut ids = Vec::new();
        for name in ["First", "Second", "Third"] {
            let path = format!("/{name}.xml");
            server.serve_feed(&path, &three_items());
            let source = app.add_source(&SourceInput { name: name.into(), feed_url: server.url(&path), allow_private_addresses: true, ..SourceInput::default() }).await.unwrap();
            ids.push(source.id);
        }
        app.pause_source(ids[1]).await.unwrap();
        let reports = app.fetch_all_sources().await.unwrap();
        assert_eq!(reports.iter().map(|report| report.source_id).collect::<Vec<_>>(), [ids[0], ids[2]]);
        assert!(reports.iter().all(|report| report.status == FetchStatus::Fetched && report.created == 3));
        assert_eq!(app.review_queue().await.unwrap().len(), 6, "review is the default mode");
    }

    async fn a_source_whose_job_was_lost_is_queued_again_by_the_housekeeping(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &three_items());
        add(&app, &server, "publish").await;
        app.run_due_jobs().await.unwrap();
        let far = app.clock().now().plus_seconds(86_400);
        let lost = db.claim_job(far, far.plus_seconds(60)).await.unwrap().unwrap();
        db.give_up_job(lost.id, far, "the database was away").await.unwrap();

        app.clock().advance(2 * 3600);
        assert_eq!(app.run_due_jobs().await.unwrap().done, 0, "no job is left to fetch the source");
        app.keep_house().await.unwrap();
        assert_eq!(app.run_due_jobs().await.unwrap().done, 1);
        assert_eq!(server.answered("/feed.xml", 304), 1, "the source is fetched again");
    }
}

backend_tests! {
    async fn an_item_s_authors_are_credited_and_an_update_from_the_source_changes_them(db: Db) {
        let app = app(db.clone()).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &feed_with(&[
            ("budget", "Council passes the budget", "<dc:creator>Ada Lovelace</dc:creator><dc:creator>Grace Hopper</dc:creator>"),
            ("school", "School wins prize", "<author>desk@wire.example (Joan Clarke)</author>"),
            ("bridge", "Bridge reopens", ""),
        ]));
        let source = add(&app, &server, "publish").await;
        assert_eq!(app.fetch_source(source.id).await.unwrap().created, 3);
        let author_of = |slug: &'static str| {
            let db = db.clone();
            async move { db.article_by_slug(slug).await.unwrap().unwrap().source.unwrap().author }
        };
        assert_eq!(author_of("council-passes-the-budget").await.as_deref(), Some("Ada Lovelace and Grace Hopper"));
        assert_eq!(author_of("school-wins-prize").await.as_deref(), Some("Joan Clarke"), "the address is left out");
        assert_eq!(author_of("bridge-reopens").await, None);

        app.clock().advance(3600);
        server.serve_feed("/feed.xml", &feed_with(&[
            ("budget", "Council passes the budget again", "<dc:creator>Katherine Johnson</dc:creator>"),
            ("school", "School wins prize", "<author>desk@wire.example (Joan Clarke)</author>"),
            ("bridge", "Bridge reopens at last", ""),
        ]));
        let report = app.fetch_source(source.id).await.unwrap();
        assert_eq!((report.updated, report.unchanged), (2, 1));
        assert_eq!(author_of("council-passes-the-budget").await.as_deref(), Some("Katherine Johnson"), "the source's update brings its author");
        assert_eq!(author_of("bridge-reopens").await, None);
        let item = item_of(&db, &source, "guid:budget").await;
        let versions = db.item_versions(item.id).await.unwrap();
        let authors: Vec<Option<&str>> = versions.iter().map(|version| version.author.as_deref()).collect();
        assert_eq!(authors, [Some("Ada Lovelace and Grace Hopper"), Some("Katherine Johnson")], "each version keeps its author");
    }
}

app_tests! {
    async fn an_item_s_picture_becomes_its_article_s_featured_image_cleaned(site: TestApp) {
        let server = FeedServer::start();
        let photo = images::with_exif(&images::jpeg(1200, 800), 1);
        assert!(images::exif_of(&photo).is_some() && images::contains(&photo, &images::GPS_LATITUDE_BYTES));
        server.serve_file("/photos/harbour.jpg", "image/jpeg", photo);
        server.serve_file("/photos/bridge.png", "image/png", images::png(600, 400));
        let harbour_picture = enclosure(&server.url("/photos/harbour.jpg"));
        let bridge_picture = format!(
            "<media:content url=\"{}\" type=\"image/png\" medium=\"image\"><media:description>The new bridge at dusk</media:description></media:content>",
            server.url("/photos/bridge.png")
        );
        server.serve_feed("/feed.xml", &feed_with(&[
            ("harbour", "Harbour reopens", &harbour_picture),
            ("ferry", "Ferry returns to the harbour", &harbour_picture),
            ("bridge", "Bridge reopens", &bridge_picture),
            ("school", "School wins prize", ""),
        ]));
        let source = add(&site.app, &server, "publish").await;
        assert_eq!(site.app.fetch_source(source.id).await.unwrap().created, 4);
        let pictures = waiting_jobs(&site.app).await.into_iter().filter(|kind| kind == "fetch_item_image").count();
        assert_eq!(pictures, 3, "one job per item with a picture, queued with the articles");
        assert!(public(&site, "harbour-reopens").await.featured_image.is_none(), "the picture comes with its job");

        let run = site.app.run_due_jobs().await.unwrap();
        assert_eq!((run.done, run.retried, run.given_up), (7, 0, 0), "three pictures, their thumbnails, and the first fetch's job, no longer due");
        let harbour = public(&site, "harbour-reopens").await;
        let featured = harbour.featured_image.clone().expect("the picture is the featured image");
        assert_eq!(featured.alt, "Harbour reopens", "the article's title describes it when the feed does not");
        let image = site.app.media_item(featured.media_id).await.unwrap();
        assert_eq!((image.title.as_str(), image.alt_text.as_str(), image.original_name.as_str()), ("Harbour reopens", "Harbour reopens", "harbour.jpg"));
        assert_eq!((image.width, image.height, image.mime_type.as_str(), image.uploaded_by), (1200, 800, "image/jpeg", None));
        let widths: Vec<u32> = image.variants.iter().map(|variant| variant.width).collect();
        assert_eq!(widths, [480, 960], "its thumbnails were made");
        for name in files_in(site.media_folder.path()) {
            let stored = std::fs::read(site.media_folder.path().join(&name)).unwrap();
            assert_eq!(images::exif_of(&stored), None, "{name} keeps EXIF");
            assert!(!images::contains(&stored, &images::GPS_LATITUDE_BYTES), "{name} keeps the GPS position");
        }

        let ferry = public(&site, "ferry-returns-to-the-harbour").await.featured_image.unwrap();
        assert_ne!(ferry.media_id, featured.media_id, "each article has its own copy");
        assert_eq!(server.answered("/photos/harbour.jpg", 200), 2, "a picture two items share is fetched once per article");
        let bridge = public(&site, "bridge-reopens").await.featured_image.unwrap();
        assert_eq!(bridge.alt, "The new bridge at dusk", "the feed's description is the better alt text");
        assert_eq!(site.app.media_item(bridge.media_id).await.unwrap().mime_type, "image/png");
        assert!(public(&site, "school-wins-prize").await.featured_image.is_none());
        assert_eq!(waiting_jobs(&site.app).await, ["fetch_source"], "the picture jobs are done and gone");
    }

    async fn a_picture_that_will_not_do_leaves_no_image_and_a_clear_error(site: TestApp) {
        let server = FeedServer::start();
        server.serve_file("/page.jpg", "text/html; charset=utf-8", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec());
        server.serve_file("/huge.jpg", "image/jpeg", vec![0xFF; 21 * 1024 * 1024]);
        server.answer_with("/busy.jpg", 503, &[]);
        server.serve_feed("/feed.xml", &feed_with(&[
            ("page", "A page, not a picture", &enclosure(&server.url("/page.jpg"))),
            ("missing", "A missing picture", &enclosure(&server.url("/missing.jpg"))),
            ("huge", "A huge picture", &enclosure(&server.url("/huge.jpg"))),
            ("busy", "A busy server", &enclosure(&server.url("/busy.jpg"))),
        ]));
        let source = add(&site.app, &server, "publish").await;
        assert_eq!(site.app.fetch_source(source.id).await.unwrap().created, 4);

        let run = site.app.run_due_jobs().await.unwrap();
        assert_eq!((run.done, run.retried, run.given_up), (1, 1, 3), "network trouble is tried again; the rest never will do");
        let jobs = site.app.jobs(50).await.unwrap();
        let errors: Vec<&str> = jobs.iter().filter(|job| job.failed_at.is_some()).filter_map(|job| job.last_error.as_deref()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        let page = server.url("/page.jpg");
        let missing = server.url("/missing.jpg");
        let huge = server.url("/huge.jpg");
        for expected in [
            format!("the picture {page} was refused: This file is not an image Gazette accepts: its contents are HTML"),
            format!("the picture {missing} could not be fetched: the server answered 404 Not Found"),
            format!("the picture {huge} could not be fetched: the body passed the 20 MiB limit"),
        ] {
            assert!(errors.iter().any(|error| error.starts_with(&expected)), "{expected} not in {errors:?}");
        }
        let busy = jobs.iter().find(|job| job.failed_at.is_none() && job.kind == "fetch_item_image").unwrap();
        assert_eq!(busy.attempts, 1);
        assert!(busy.last_error.as_deref().unwrap().contains("the server answered 503 Service Unavailable"), "{busy:?}");
        for slug in ["a-page-not-a-picture", "a-missing-picture", "a-huge-picture", "a-busy-server"] {
            assert!(public(&site, slug).await.featured_image.is_none(), "{slug}");
        }
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 0, "nothing entered the library");
        assert!(files_in(site.media_folder.path()).is_empty(), "nothing was stored");
    }

    async fn an_editor_s_own_featured_image_is_never_replaced(site: TestApp) {
        let server = FeedServer::start();
        server.serve_file("/harbour.jpg", "image/jpeg", images::jpeg(640, 480));
        server.serve_feed("/feed.xml", &feed_with(&[
            ("harbour", "Harbour reopens", &enclosure(&server.url("/harbour.jpg"))),
            ("bridge", "Bridge reopens", &enclosure(&server.url("/harbour.jpg"))),
        ]));
        let source = add(&site.app, &server, "review").await;
        site.app.fetch_source(source.id).await.unwrap();
        let editor = site.app.create_user(NewUser {
            display_name: "Edna Editor".into(),
            email: "edna@ledger.example".into(),
            role: Role::Editor,
            password: None,
        }).await.unwrap();
        let chosen = site.app.upload_media(&Actor::from(&editor), MediaUpload {
            file_name: "quay.png".into(),
            bytes: images::png(800, 600),
        }).await.unwrap();
        let queue = site.app.review_queue().await.unwrap();
        let waiting = |title: &str| queue.iter().find(|entry| entry.title == title).unwrap();
        site.app.set_featured_image(&editor, waiting("Harbour reopens").article_id, Some(chosen.id)).await.unwrap();
        site.app.reject_source_item(waiting("Bridge reopens").item_id).await.unwrap();

        let run = site.app.run_due_jobs().await.unwrap();
        assert_eq!((run.done, run.given_up), (4, 0), "two pictures with nothing to do, the upload's thumbnails and the first fetch's job");
        assert_eq!(server.answered("/harbour.jpg", 200), 0, "neither picture was fetched");
        let harbour = site.app.approve_source_item(waiting("Harbour reopens").item_id, &ReviewEdits::default(), false).await.unwrap();
        let harbour = site.app.public_article_by_id(harbour).await.unwrap();
        assert_eq!(harbour.featured_image.unwrap().media_id, chosen.id, "the editor's image stays");
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 1);
    }

    async fn a_removed_source_s_pictures_keep_to_public_addresses(site: TestApp) {
        let server = FeedServer::start();
        server.serve_file("/harbour.jpg", "image/jpeg", images::jpeg(640, 480));
        server.serve_feed("/feed.xml", &feed_with(&[("harbour", "Harbour reopens", &enclosure(&server.url("/harbour.jpg")))]));
        let source = add(&site.app, &server, "publish").await;
        site.app.fetch_source(source.id).await.unwrap();
        site.app.remove_source(source.id).await.unwrap();

        let run = site.app.run_due_jobs().await.unwrap();
        assert_eq!(run.given_up, 1);
        let refused = site.app.jobs(50).await.unwrap().into_iter().find(|job| job.kind == "fetch_item_image").unwrap();
        assert!(refused.last_error.unwrap().contains("refused: 127.0.0.1 is a loopback address"));
        assert_eq!(server.answered("/harbour.jpg", 200), 0, "nothing was asked of the private address");
        assert!(public(&site, "harbour-reopens").await.featured_image.is_none());
    }
}
