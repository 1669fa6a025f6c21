//! Importing a WordPress export, on SQLite and PostgreSQL: every trap of the hand-written
//! export (threads ten deep, a missing parent, pingbacks, pages under pages, duplicate and
//! missing slugs, undeclared terms, every status), idempotency (a second import creates
//! nothing, a post changed on WordPress is updated unless an editor changed it), dry runs
//! and malformed files that leave the site as it was, authors mapped by file, the
//! permalink structure taken on by an empty site only, exports that import again into the
//! same site, and images fetched into the media library; and an export written by
//! WordPress itself (`real_export`).

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{
    App, AppError, ArticleEdit, AuthorMap, Clock, ImportKind, ImportOptions, ImportReport,
    MediaMode, NewUser, PermalinkChoice, Unobserved,
};
use gazette_domain::editing::SaveIntent;
use gazette_domain::{
    Article, ArticleId, ArticleKind, ArticleStatus, Comment, CommentId, CommentKind, CommentStatus,
    Role,
};
use gazette_store::{CommentFilter, Db, OldAddressTarget};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::wordpress::TRAPS;
use gazette_test_support::{app_tests, backend_tests, images};

#[path = "wordpress_import/real_export.rs"]
mod real_export;

const START: &str = "2024-04-24T10:00:00Z";

async fn app(db: Db) -> App {
    App::with_db(db, Clock::manual(START.parse().unwrap()), None)
        .await
        .unwrap()
}

async fn import_with(
    app: &App,
    export: &str,
    options: &ImportOptions,
) -> Result<ImportReport, AppError> {
    app.import_wordpress(
        Box::new(std::io::Cursor::new(export.as_bytes().to_vec())),
        options,
        &Unobserved,
    )
    .await
}

async fn import(app: &App, export: &str) -> ImportReport {
    import_with(app, export, &ImportOptions::default())
        .await
        .unwrap()
}

async fn article(db: &Db, id: i64) -> Article {
    db.article_by_id(ArticleId(id))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("article {id} exists"))
}

async fn comment(db: &Db, id: i64) -> Comment {
    db.comment_by_id(CommentId(id))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("comment {id} exists"))
}

async fn comments_of(db: &Db, article: i64) -> Vec<Comment> {
    db.comments(&CommentFilter {
        article_id: Some(ArticleId(article)),
        ..CommentFilter::default()
    })
    .await
    .unwrap()
}

/// The counts of everything an import can have written.
async fn totals(db: &Db) -> (i64, usize, usize, usize, usize) {
    let comments = db.comments(&CommentFilter::default()).await.unwrap().len();
    (
        db.article_count().await.unwrap(),
        comments,
        db.users().await.unwrap().len(),
        db.all_categories().await.unwrap().len(),
        db.popular_tags(1000).await.unwrap().len(),
    )
}

backend_tests! {
    async fn every_trap_of_the_export_comes_through(db: Db) {
        let app = app(db.clone()).await;
        let report = import(&app, TRAPS).await;
        assert_eq!(report.site_address, "https://harbour.example");
        assert_eq!(report.wxr_version, "1.2");
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        let created = |kind| report.counts(kind).created;
        assert_eq!(created(ImportKind::Author), 3);
        assert_eq!(created(ImportKind::Category), 3, "local, news, and sport which the file never declares");
        assert_eq!(created(ImportKind::Tag), 2, "harbour, and weather which the file never declares");
        assert_eq!(created(ImportKind::Post), 8);
        assert_eq!(created(ImportKind::Page), 3);
        assert_eq!(created(ImportKind::Attachment), 1);
        assert_eq!(created(ImportKind::Comment), 15);
        assert_eq!(created(ImportKind::Linkback), 2);
        assert_eq!(report.counts(ImportKind::Comment).skipped, 3, "on the attachment and on the product");
        assert_eq!(report.counts(ImportKind::OtherItem).skipped, 2);
        assert_eq!(report.counts(ImportKind::Post).skipped, 1, "the automatic draft");
        assert_eq!(report.counts(ImportKind::Term).skipped, 1);
        assert!(report.skips.iter().any(|skip| skip.reason.contains("`product`")), "{:?}", report.skips);

        // The trap post keeps its WordPress id, its exact text and its entities decoded.
        let fish = article(&db, 101).await;
        assert_eq!(fish.title, "Fish & chips \u{2013} a <history>");
        assert_eq!(fish.slug.as_str(), "fish-and-chips");
        assert_eq!(fish.status, ArticleStatus::Published);
        assert_eq!(fish.published_at.unwrap().to_string(), "2024-03-01T09:00:00Z");
        assert!(fish.body_html.contains("C:\\new\\table and type ]]&gt; to end a CDATA section. 😀 Emoji stay."), "{}", fish.body_html);
        assert!(fish.body_html.contains("[contact-form-7 id=\"5\"] kept as text"), "{}", fish.body_html);
        assert!(fish.body_html.contains("<br>"), "single line breaks are kept: {}", fish.body_html);
        assert_eq!(fish.excerpt, "Use the path C:\\new\\table and type ]]> to end a CDATA section. 😀 Emoji stay. Second line of the first paragraph.");
        assert!(!fish.excerpt_is_manual);
        let categories: Vec<String> = db.categories_of_article(fish.id).await.unwrap().into_iter().map(|category| category.slug.to_string()).collect();
        assert_eq!(categories, ["local"]);
        let tags: Vec<String> = db.tags_of_article(fish.id).await.unwrap().into_iter().map(|tag| tag.name).collect();
        assert_eq!(tags, ["Harbour", "Weather"]);
        assert_eq!(fish.seo_title, "A short history of fish & chips · Harbour Times", "Yoast's template filled in");
        assert_eq!(fish.meta_description, "How the quay came to fry its catch, from the first stall to today's queues.");
        assert_eq!(app.renamed_public_article("fish-chips-history").await.unwrap().unwrap().id, fish.id, "`_wp_old_slug` still finds it");

        // Categories keep their hierarchy, though the child came first.
        let all = db.all_categories().await.unwrap();
        let local = all.iter().find(|category| category.slug.as_str() == "local").unwrap();
        let news = all.iter().find(|category| category.slug.as_str() == "news").unwrap();
        assert_eq!(local.parent_id, Some(news.id));
        assert_eq!(db.category_description(local.id).await.unwrap(), "Close to home.");

        // Threads ten deep, the missing parent, pingbacks apart, every status.
        let deepest = comment(&db, 10).await;
        assert_eq!((deepest.depth, deepest.root_id, deepest.parent_id), (10, Some(CommentId(1)), Some(CommentId(9))));
        let orphan = comment(&db, 20).await;
        assert_eq!((orphan.parent_id, orphan.depth, orphan.status), (None, 1, CommentStatus::Approved));
        assert!(orphan.moderation_reason.as_deref().unwrap().contains("WordPress comment 999"), "{:?}", orphan.moderation_reason);
        assert_eq!(comment(&db, 30).await.kind, CommentKind::Pingback);
        assert_eq!(comment(&db, 31).await.kind, CommentKind::Trackback);
        assert_eq!(comment(&db, 40).await.status, CommentStatus::Spam);
        assert_eq!(comment(&db, 41).await.status, CommentStatus::Pending);
        assert_eq!(comment(&db, 42).await.status, CommentStatus::Trash);
        assert_eq!(comment(&db, 1).await.ip.as_deref(), Some("192.0.2.1"));
        assert_eq!(comment(&db, 30).await.author_url.as_deref(), Some("https://other.example/linking-post/"));
        assert_eq!(comment(&db, 2).await.created_at.to_string(), "2024-03-02T08:02:00Z", "a time with no GMT is read with the export's offset");
        assert_eq!(comments_of(&db, 101).await.len(), 17);
        assert_eq!(db.approved_comment_count(fish.id).await.unwrap(), 12, "pingbacks are not counted with comments");
        let linkbacks = db.approved_linkbacks(fish.id).await.unwrap();
        assert_eq!(linkbacks.iter().map(|linkback| linkback.id.get()).collect::<Vec<_>>(), [30, 31]);
        let staff_reply = comment(&db, 43).await;
        let grace = db.user_by_email("grace@harbour.example").await.unwrap().unwrap();
        assert_eq!(staff_reply.user_id, Some(grace.id));

        // A post with no slug, two with one slug, an undeclared category.
        let draft = article(&db, 102).await;
        assert_eq!((draft.status, draft.slug.as_str(), draft.published_at), (ArticleStatus::Draft, "untitled-thoughts", None));
        let again = article(&db, 103).await;
        assert_eq!(again.slug.as_str(), "fish-and-chips-2");
        assert_eq!(again.author_id, Some(grace.id));
        let sport: Vec<String> = db.categories_of_article(again.id).await.unwrap().into_iter().map(|category| category.name).collect();
        assert_eq!(sport, ["Sport"]);

        // Pages under pages answer at their paths.
        let history = article(&db, 203).await;
        assert_eq!((history.kind, history.parent_id), (ArticleKind::Page, Some(ArticleId(202))));
        assert_eq!(article(&db, 202).await.parent_id, Some(ArticleId(201)));
        let settings = app.site_settings().await.unwrap();
        let located = app.article_at("/about/team/history/", &settings).await.unwrap();
        assert_eq!((located.article.id, located.path.as_str()), (history.id, "/about/team/history/"));
        assert!(app.article_at("/about/history/", &settings).await.is_err(), "a page answers only under its own parents");
        let listed = app.home_listing(1).await.unwrap().articles;
        assert!(!listed.is_empty());
        assert!(listed.iter().all(|summary| !["About", "Team", "History"].contains(&summary.title.as_str())), "pages are not news");

        // Every status.
        let future = article(&db, 104).await;
        assert_eq!(future.status, ArticleStatus::Scheduled);
        assert_eq!(article(&db, 105).await.status, ArticleStatus::Draft);
        assert!(report.notes.iter().any(|note| note.contains("Private posts")), "{:?}", report.notes);
        let gone = article(&db, 106).await;
        assert_eq!((gone.slug.as_str(), gone.trashed.map(|trashed| trashed.status_before)), ("gone", Some(ArticleStatus::Published)));
        let pinned = article(&db, 107).await;
        assert!(pinned.sticky);
        assert_eq!(pinned.seo_title, "", "a template naming a primary category is left to Gazette's own title");
        assert!(!pinned.body_html.contains("wp:"), "{}", pinned.body_html);
        assert!(pinned.body_html.contains("<p>Block <strong>content</strong>.</p>"), "{}", pinned.body_html);
        assert!(pinned.body_html.contains("<img src=\"https://harbour.example/wp-content/uploads/2024/03/dawn.jpg\" alt=\"Boats in the harbour at dawn\">"), "the gallery names an attachment that comes later: {}", pinned.body_html);
        let sights = article(&db, 108).await;
        assert!(sights.body_html.contains("<figcaption>The quay at six</figcaption></figure>"), "{}", sights.body_html);
        assert!(sights.body_html.contains("<source src=\"https://harbour.example/wp-content/uploads/2024/03/gulls.mp3\" type=\"audio/mpeg\">"), "{}", sights.body_html);
        assert!(sights.body_html.contains("<a href=\"https://video.example/watch?v=harbour\""), "{}", sights.body_html);
        assert!(!sights.body_html.contains("script"), "{}", sights.body_html);

        // Authors have no password until invited; one without an address cannot be mailed.
        let listings = app.user_listings().await.unwrap();
        assert!(listings.iter().all(|listing| !listing.has_password && listing.user.role == Role::Author));
        assert!(listings.iter().any(|listing| listing.user.display_name == "No Mail" && listing.user.email.ends_with(".invalid")));

        // Old addresses that Gazette's differ from lead to what they named.
        let duplicate = app.article_at("/2024/03/02/fish-and-chips/", &settings).await.unwrap();
        assert_eq!((duplicate.article.id, duplicate.path.as_str()), (again.id, "/2024/03/02/fish-and-chips-2/"));
        match db.old_address("/2024/03/01/fish-and-chips/dawn/").await.unwrap() {
            Some(OldAddressTarget::Attachment(attachment)) => {
                assert_eq!(attachment.url, "https://harbour.example/wp-content/uploads/2024/03/dawn.jpg");
                assert_eq!(attachment.article_id, Some(fish.id));
            }
            other => panic!("the attachment page is kept: {other:?}"),
        }
        assert_eq!(db.article_imported_as(101).await.unwrap(), Some(fish.id));
    }

    async fn the_spam_classifier_learns_the_old_sites_verdicts(db: Db) {
        let app = app(db.clone()).await;
        let report = import(&app, TRAPS).await;
        assert!(report.notes.iter().any(|note| note.contains("spam classifier learns")), "{:?}", report.notes);
        assert_eq!(db.spam_corpus_totals().await.unwrap(), gazette_store::SpamCounts::default(), "learnt after the import, not during it");
        assert_eq!(app.run_due_jobs().await.unwrap().done, 1);
        let comments = db.comments(&CommentFilter::default()).await.unwrap();
        let readers = comments.iter().filter(|comment| comment.kind == CommentKind::Comment);
        let approved = readers.clone().filter(|comment| comment.status == CommentStatus::Approved).count();
        let spam = readers.filter(|comment| comment.status == CommentStatus::Spam).count();
        assert!(approved > 5 && spam == 1, "{approved} approved, {spam} spam");
        let totals = db.spam_corpus_totals().await.unwrap();
        assert_eq!((totals.spam, totals.ham), (spam as u64, approved as u64), "pingbacks, pending and trashed comments teach nothing");
        let mut tx = db.begin().await.unwrap();
        assert_eq!(tx.comment_lesson(CommentId(40)).await.unwrap(), Some(gazette_domain::Lesson::Spam));
        assert_eq!(tx.comment_lesson(CommentId(1)).await.unwrap(), Some(gazette_domain::Lesson::Ham));
        assert_eq!(tx.comment_lesson(CommentId(30)).await.unwrap(), None, "a pingback");
        drop(tx);

        // A moderator's later decision takes the imported lesson back rather than adding to it.
        app.moderate_comments(&[CommentId(40)], gazette_domain::ModerationAction::Approve, &gazette_app::Actor::user("mo")).await.unwrap();
        let after = db.spam_corpus_totals().await.unwrap();
        assert_eq!((after.spam, after.ham), (spam as u64 - 1, approved as u64 + 1));

        // Nothing is learnt twice.
        import(&app, TRAPS).await;
        assert_eq!(app.run_due_jobs().await.unwrap().done, 0);
        assert_eq!(db.spam_corpus_totals().await.unwrap(), after);
    }

    async fn importing_the_same_export_twice_creates_nothing_new(db: Db) {
        let app = app(db.clone()).await;
        import(&app, TRAPS).await;
        let before = totals(&db).await;
        let again = import(&app, TRAPS).await;
        for (kind, counts) in &again.counts {
            assert_eq!((counts.created, counts.updated, counts.failed), (0, 0, 0), "{kind:?}: {counts:?}");
        }
        assert_eq!(again.counts(ImportKind::Post).skipped, 9);
        assert_eq!(again.counts(ImportKind::Comment).skipped, 18);
        assert!(again.skips.iter().any(|skip| skip.kind == ImportKind::Post && skip.reason == "already imported" && skip.count == 8));
        assert_eq!(totals(&db).await, before);
    }

    async fn a_post_changed_on_wordpress_is_updated_unless_an_editor_changed_it(db: Db) {
        let app = app(db.clone()).await;
        import(&app, TRAPS).await;
        let revised = TRAPS
            .replace("A second look at the dish.", "A second, longer look at the dish.")
            .replace("<wp:post_modified_gmt><![CDATA[2024-03-02 09:00:00]]></wp:post_modified_gmt>", "<wp:post_modified_gmt><![CDATA[2024-03-09 09:00:00]]></wp:post_modified_gmt>");
        let report = import(&app, &revised).await;
        assert_eq!(report.counts(ImportKind::Post).updated, 1);
        assert!(article(&db, 103).await.body_html.contains("longer look"));

        let editor = app.create_user(NewUser { display_name: "Ed".into(), email: "ed@harbour.example".into(), role: Role::Editor, password: None }).await.unwrap();
        let stored = article(&db, 103).await;
        app.clock().advance(60);
        app.save_article(&editor, Some(stored.id), &kept_as_it_is(&stored, "Edited here.")).await.unwrap();
        let third = revised
            .replace("A second, longer look", "A third look")
            .replace("2024-03-09 09:00:00", "2024-03-10 09:00:00");
        let report = import(&app, &third).await;
        assert_eq!(report.counts(ImportKind::Post).updated, 0);
        assert!(report.skips.iter().any(|skip| skip.reason.contains("changed both on WordPress and in Gazette")), "{:?}", report.skips);
        assert!(!article(&db, 103).await.body_html.contains("third"));
    }

    async fn a_dry_run_reports_everything_and_writes_nothing(db: Db) {
        let app = app(db.clone()).await;
        let report = import_with(&app, TRAPS, &ImportOptions { dry_run: true, ..ImportOptions::default() }).await.unwrap();
        assert!(report.dry_run);
        assert_eq!(report.counts(ImportKind::Post).created, 8);
        assert_eq!(report.counts(ImportKind::Comment).created, 15);
        assert_eq!(totals(&db).await, (0, 0, 0, 0, 0));
    }

    async fn a_malformed_export_stops_with_its_place_and_leaves_the_site_as_it_was(db: Db) {
        let app = app(db.clone()).await;
        import(&app, TRAPS).await;
        let before = totals(&db).await;
        let broken = TRAPS
            .replace("A second look at the dish.", "A third site's dish.")
            .replace("<wp:post_id>103</wp:post_id>", "<wp:post_id>9103</wp:post_id>")
            .replace("<title><![CDATA[History]]></title>", "<title><![CDATA[History]]></wp:title>");
        let line = broken[..broken.find("</wp:title>").unwrap()].lines().count();
        let Err(AppError::Validation(errors)) = import_with(&app, &broken, &ImportOptions::default()).await else {
            panic!("a malformed export is refused");
        };
        let message = errors.get("export").unwrap();
        assert!(message.contains(&format!("line {line}, column")), "{message}");
        assert!(message.contains("<title> is closed by </wp:title>"), "{message}");
        assert!(message.ends_with("nothing was imported"), "{message}");
        assert_eq!(totals(&db).await, before);
        assert!(db.article_by_id(ArticleId(9103)).await.unwrap().is_none(), "not even the items before the problem");
    }

    async fn an_authors_file_gives_a_login_s_posts_to_an_existing_user(db: Db) {
        let app = app(db.clone()).await;
        let editor = app.create_user(NewUser { display_name: "Ed Itor".into(), email: "ed@gazette.example".into(), role: Role::Editor, password: None }).await.unwrap();
        let authors = AuthorMap::from_csv("login,email\ngrace,ed@gazette.example\n").unwrap();
        let report = import_with(&app, TRAPS, &ImportOptions { authors, ..ImportOptions::default() }).await.unwrap();
        assert_eq!(report.counts(ImportKind::Author).created, 2);
        assert_eq!(article(&db, 103).await.author_id, Some(editor.id));
        assert!(db.user_by_email("grace@harbour.example").await.unwrap().is_none());

        let unknown = AuthorMap::from_csv("ada,nobody@gazette.example\n").unwrap();
        let Err(AppError::NotFound(message)) = import_with(&app, TRAPS, &ImportOptions { authors: unknown, ..ImportOptions::default() }).await else {
            panic!("an address that is no user's is refused");
        };
        assert!(message.contains("nobody@gazette.example (line 1)"), "{message}");
    }

    async fn an_empty_site_takes_on_the_old_permalink_structure_and_others_redirect(db: Db) {
        let app = app(db.clone()).await;
        let by_name = TRAPS
            .replace("<link>https://harbour.example/2024/03/01/fish-and-chips/</link>", "<link>https://harbour.example/fish-and-chips/</link>")
            .replace("<link>https://harbour.example/2024/03/04/pinned-notice/</link>", "<link>https://harbour.example/pinned-notice/</link>")
            .replace("<link>https://harbour.example/2024/03/05/sights-and-sounds/</link>", "<link>https://harbour.example/sights-and-sounds/</link>");
        let report = import(&app, &by_name).await;
        let settings = app.site_settings().await.unwrap();
        assert_eq!(settings.permalink_pattern.as_str(), "/%postname%/");
        assert!(report.notes.iter().any(|note| note.contains("now /%postname%/")), "{:?}", report.notes);
        let located = app.article_at("/fish-and-chips/", &settings).await.unwrap();
        assert_eq!(located.path, "/fish-and-chips/");
        let old_default = app.article_at("/2024/03/01/fish-and-chips/", &settings).await.unwrap();
        assert_eq!(old_default.path, "/fish-and-chips/", "the pattern the site had redirects");

        let kept = gazette_test_support::TestDatabase::sqlite();
        let other = app_with_an_article(kept.connect().await).await;
        let report = import_with(&other, &by_name, &ImportOptions { permalinks: PermalinkChoice::Auto, ..ImportOptions::default() }).await.unwrap();
        let settings = other.site_settings().await.unwrap();
        assert_eq!(settings.permalink_pattern.as_str(), "/%year%/%monthnum%/%day%/%postname%/");
        assert!(report.notes.iter().any(|note| note.contains("gazette settings set permalink_pattern /%postname%/")), "{:?}", report.notes);
        let redirected = other.article_at("/sights-and-sounds/", &settings).await.unwrap();
        assert_eq!(redirected.path, "/2024/03/05/sights-and-sounds/");
    }
}

/// An editor's save of `article` with the body `body`, everything else as it is.
fn kept_as_it_is(article: &Article, body: &str) -> ArticleEdit {
    ArticleEdit {
        title: article.title.clone(),
        body_markdown: body.into(),
        slug: article.slug.to_string(),
        excerpt: String::new(),
        seo_title: article.seo_title.clone(),
        meta_description: article.meta_description.clone(),
        source_name: String::new(),
        source_url: String::new(),
        source_published: String::new(),
        source_author: String::new(),
        source_licence: String::new(),
        source_canonical: true,
        comments_open: article.comments_open,
        sticky: None,
        place: None,
        categories: Vec::new(),
        new_category: String::new(),
        new_category_parent: None,
        tags: String::new(),
        featured_media: None,
        featured_alt: String::new(),
        featured_caption: String::new(),
        publish_at: String::new(),
        author: None,
        intent: SaveIntent::Keep,
        based_on: Some(article.updated_at),
    }
}

/// An app over `db` with one article of its own.
async fn app_with_an_article(db: Db) -> App {
    let app = app(db).await;
    app.publish_article(
        &gazette_domain::ArticleDraft {
            title: "Already here".into(),
            body_markdown: "Text.".into(),
            ..gazette_domain::ArticleDraft::default()
        },
        gazette_app::PublishOptions::default(),
    )
    .await
    .unwrap();
    app
}

/// What `app` writes as a WordPress export.
async fn exported(app: &App) -> String {
    let mut out = Vec::new();
    app.export_wordpress(&mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

/// Every article's slug with its comments: id, parent, depth, kind and status.
async fn threads(
    db: &Db,
) -> Vec<(
    String,
    Vec<(i64, Option<i64>, u32, CommentKind, CommentStatus)>,
)> {
    let mut threads = Vec::new();
    for summary in db.all_articles().await.unwrap() {
        let mut comments: Vec<_> = comments_of(db, summary.id.get())
            .await
            .into_iter()
            .map(|comment| {
                (
                    comment.id.get(),
                    comment.parent_id.map(CommentId::get),
                    comment.depth,
                    comment.kind,
                    comment.status,
                )
            })
            .collect();
        comments.sort_by_key(|comment| comment.0);
        threads.push((summary.slug.to_string(), comments));
    }
    threads.sort_by(|left, right| left.0.cmp(&right.0));
    threads
}

backend_tests! {
    async fn import_export_import_gives_the_same_counts_and_threads(db: Db) {
        let first = app(db.clone()).await;
        let imported = import(&first, TRAPS).await;
        let export = exported(&first).await;
        assert!(export.contains("xmlns:wp=\"http://wordpress.org/export/1.2/\""));
        assert!(export.contains("<wp:wxr_version>1.2</wp:wxr_version>"));

        let second_database = gazette_test_support::TestDatabase::sqlite();
        let second_db = second_database.connect().await;
        let second = app(second_db.clone()).await;
        let again = import(&second, &export).await;
        for kind in [ImportKind::Post, ImportKind::Page, ImportKind::Attachment, ImportKind::Comment, ImportKind::Linkback, ImportKind::Category, ImportKind::Tag] {
            let (before, after) = (imported.counts(kind), again.counts(kind));
            assert_eq!(before.created, after.created, "{kind:?}: {before:?} then {after:?}");
        }
        assert_eq!(again.counts(ImportKind::Author).created, imported.counts(ImportKind::Author).created);
        assert!(again.failures.is_empty(), "{:?}", again.failures);
        assert_eq!(totals(&second_db).await, totals(&db).await);
        assert_eq!(threads(&second_db).await, threads(&db).await);
        let (original, copy) = (article(&db, 101).await, article(&second_db, 101).await);
        assert_eq!((copy.title.as_str(), copy.body_html.as_str(), copy.published_at), (original.title.as_str(), original.body_html.as_str(), original.published_at));
        assert_eq!(article(&second_db, 203).await.parent_id, Some(ArticleId(202)));
        assert_eq!(article(&second_db, 106).await.trashed.map(|trashed| trashed.status_before), Some(ArticleStatus::Published));
        assert!(article(&second_db, 107).await.sticky);
        assert_eq!((copy.seo_title.as_str(), copy.meta_description.as_str()), (original.seo_title.as_str(), original.meta_description.as_str()), "as Yoast SEO keeps them");
        assert!(export.contains("<wp:meta_key><![CDATA[_yoast_wpseo_metadesc]]></wp:meta_key>"));
        assert_eq!(second.renamed_public_article("fish-chips-history").await.unwrap().map(|found| found.id), Some(ArticleId(101)));
        let dawn = "https://harbour.example/wp-content/uploads/2024/03/dawn.jpg";
        assert!(export.contains(&format!("<wp:attachment_url><![CDATA[{dawn}]]></wp:attachment_url>")));

        // Importing its own export again creates nothing.
        let twice = import(&second, &export).await;
        assert!(twice.counts.values().all(|counts| counts.created == 0), "{:?}", twice.counts);
        second_db.close().await;
    }

    async fn the_json_export_holds_everything_with_comments_under_their_articles(db: Db) {
        let app = app(db.clone()).await;
        import(&app, TRAPS).await;
        let mut out = Vec::new();
        app.export_json(&mut out).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!((json["format"].as_str(), json["version"].as_u64()), (Some("gazette-export"), Some(1)));
        assert_eq!(json["site"]["permalink_pattern"], "/%year%/%monthnum%/%day%/%postname%/");
        assert_eq!(json["users"].as_array().unwrap().len(), 3);
        assert_eq!(json["categories"].as_array().unwrap().len(), 3);
        assert_eq!(json["tags"].as_array().unwrap().len(), 2);
        assert!(json["media"].as_array().unwrap().is_empty());
        let linked = json["linked_files"].as_array().unwrap();
        assert_eq!(linked.len(), 1, "the attachment kept at its address");
        assert_eq!((linked[0]["url"].as_str(), linked[0]["article_id"].as_i64(), linked[0]["wordpress_site"].as_str()), (Some("https://harbour.example/wp-content/uploads/2024/03/dawn.jpg"), Some(101), Some("https://harbour.example")));
        assert_eq!(linked[0]["alt_text"], "Boats in the harbour at dawn");
        let articles = json["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 11);
        let fish = articles.iter().find(|article| article["id"] == 101).unwrap();
        assert_eq!(fish["url"], "http://127.0.0.1:8080/2024/03/01/fish-and-chips/");
        assert_eq!(fish["old_slugs"], serde_json::json!(["fish-chips-history"]));
        assert_eq!(fish["seo_title"], "A short history of fish & chips · Harbour Times");
        assert_eq!(fish["comments"].as_array().unwrap().len(), 17);
        let deepest = fish["comments"].as_array().unwrap().iter().find(|comment| comment["id"] == 10).unwrap();
        assert_eq!((deepest["parent_id"].as_i64(), deepest["kind"].as_str()), (Some(9), Some("comment")));
        let history = articles.iter().find(|article| article["id"] == 203).unwrap();
        assert_eq!((history["kind"].as_str(), history["parent_id"].as_i64()), (Some("page"), Some(202)));
    }
}

app_tests! {
    async fn fetched_images_join_the_library_and_the_articles_show_them(site: TestApp) {
        let server = FeedServer::start();
        let export = TRAPS.replace("https://harbour.example/wp-content/uploads/", &server.url("/uploads/"));
        let options = ImportOptions { media: MediaMode::Fetch, allow_private_addresses: true, ..ImportOptions::default() };

        server.answer_with("/uploads/2024/03/dawn.jpg", 404, &[]);
        let first = import_with(&site.app, &export, &options).await.unwrap();
        assert_eq!(first.counts(ImportKind::Post).created, 8, "the articles come whatever their images do");
        assert_eq!(first.counts(ImportKind::Attachment).failed, 1);
        assert!(first.failures[0].reason.contains("404"), "{:?}", first.failures);

        server.serve_file("/uploads/2024/03/dawn.jpg", "image/jpeg", images::jpeg(640, 480));
        let second = import_with(&site.app, &export, &options).await.unwrap();
        assert_eq!(second.counts(ImportKind::Attachment).updated, 1, "importing again fetches what is missing");
        assert!(second.failures.is_empty(), "{:?}", second.failures);
        let db = site.database.connect().await;
        let fish = article(&db, 101).await;
        let featured = fish.featured_image.expect("the featured image is the fetched one");
        assert_eq!(featured.alt, "Boats in the harbour at dawn");
        let item = site.app.media_item(featured.media_id).await.unwrap();
        assert_eq!(item.caption, "The quay at six");
        assert!(!article(&db, 108).await.body_html.contains("/uploads/2024/03/dawn"), "the captioned copy moved to the library");
        assert!(article(&db, 108).await.body_html.contains(&item.url), "{}", article(&db, 108).await.body_html);
        assert!(article(&db, 107).await.body_html.contains(&item.url), "the gallery too");
        assert_eq!(site.get("/?attachment_id=301").await.header("location"), Some(item.url.as_str()));

        let third = import_with(&site.app, &export, &options).await.unwrap();
        assert_eq!(third.counts(ImportKind::Attachment).updated, 0);
        assert_eq!(server.answered("/uploads/2024/03/dawn.jpg", 200), 1, "an image is fetched once");
        db.close().await;
    }
}
