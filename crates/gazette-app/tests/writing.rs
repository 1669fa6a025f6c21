//! Writing on the desk, run on SQLite and PostgreSQL: saving through every status with the
//! role that may, keeping news at the top of the home page, revisions and autosaves, old addresses, corrections, the trash, and
//! scheduled articles published at their time — once, even with two processes.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{
    App, AppError, ArticleEdit, ArticlePlace, AutosaveOutcome, AutosaveText, BulkArticleAction,
    Clock,
};
use gazette_domain::editing::SaveIntent;
use gazette_domain::{ArticleKind, ArticleStatus, Role, Slug, User, UserId};
use gazette_store::{Db, NewUserRecord};
use gazette_test_support::{TestDatabase, backend_tests};

const START: &str = "2024-04-24T10:00:00Z";

async fn app(db: Db) -> App {
    App::with_db(db, Clock::manual(START.parse().unwrap()), None)
        .await
        .unwrap()
}

async fn person(app: &App, db: &Db, name: &str, role: Role) -> User {
    let mut tx = db.begin().await.unwrap();
    let id: UserId = tx
        .insert_user(
            &NewUserRecord {
                display_name: name.into(),
                email: format!("{}@ledger.example", name.to_lowercase()),
                slug: Slug::from_title(name, "user"),
                role,
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

fn edit(title: &str, intent: SaveIntent) -> ArticleEdit {
    ArticleEdit {
        title: title.into(),
        body_markdown: "The council met.\n\nIt voted.".into(),
        slug: String::new(),
        excerpt: String::new(),
        seo_title: String::new(),
        meta_description: String::new(),
        source_name: String::new(),
        source_url: String::new(),
        source_published: String::new(),
        source_author: String::new(),
        source_licence: String::new(),
        source_canonical: true,
        comments_open: true,
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
        intent,
        based_on: None,
    }
}

fn forbidden(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Forbidden(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

backend_tests! {
    async fn editors_write_pages_into_a_tree_of_addresses(db: Db) {
        let app = app(db.clone()).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        let news = app.save_article(&editor, None, &edit("Harbour reopens", SaveIntent::Publish)).await.unwrap();
        let new_page = |title: &str, parent| ArticleEdit { place: Some(ArticlePlace::page(parent)), ..edit(title, SaveIntent::Publish) };

        let author = person(&app, &db, "Aldo", Role::Author).await;
        let message = forbidden(app.save_article(&author, None, &new_page("About me", None)).await);
        assert!(message.contains("editors and administrators"), "{message}");
        forbidden(app.editor_data_for(&author, None, ArticleKind::Page).await);
        let about = app.save_article(&editor, None, &new_page("About us", None)).await.unwrap();
        assert_eq!((about.kind, about.parent_id, about.sticky), (ArticleKind::Page, None, false));
        let team = app.save_article(&editor, None, &new_page("Team", Some(about.id))).await.unwrap();
        assert_eq!((team.kind, team.parent_id), (ArticleKind::Page, Some(about.id)));
        assert_eq!(app.public_article_path(about.id).await.unwrap(), "/about-us/");
        assert_eq!(app.public_article_path(team.id).await.unwrap(), "/about-us/team/");
        let settings = app.site_settings().await.unwrap();
        assert_eq!(app.article_at("/about-us/team/", &settings).await.unwrap().article.id, team.id);
        let listed: Vec<_> = app.home_listing(1).await.unwrap().articles.into_iter().map(|article| article.id).collect();
        assert_eq!(listed, [news.id], "pages are not news");

        // The editor offers every other page as a parent, and keeps a page where it is
        // when the form does not offer the choice.
        let data = app.editor_data(&editor, Some(team.id)).await.unwrap();
        assert_eq!((data.kind, data.parent_page), (ArticleKind::Page, Some(about.id)));
        let offered: Vec<_> = data.parent_choices.iter().map(|choice| (choice.title.as_str(), choice.depth)).collect();
        assert_eq!(offered, [("About us", 0)]);
        let about_data = app.editor_data(&editor, Some(about.id)).await.unwrap();
        assert!(about_data.parent_choices.is_empty(), "a page cannot sit under its own");
        assert!(app.editor_data_for(&editor, None, ArticleKind::Page).await.unwrap().parent_choices.len() == 2);
        assert!(app.editor_data(&editor, Some(news.id)).await.unwrap().parent_choices.is_empty(), "news is not placed");
        let kept = app.save_article(&editor, Some(team.id), &ArticleEdit { based_on: Some(team.updated_at), ..edit("Our team", SaveIntent::Keep) }).await.unwrap();
        assert_eq!(kept.parent_id, Some(about.id));

        // A loop is refused next to the field, and nothing is written.
        let looped = ArticleEdit { based_on: Some(about.updated_at), ..new_page("About us", Some(team.id)) };
        let error = app.save_article(&editor, Some(about.id), &looped).await.unwrap_err();
        let AppError::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
        assert!(errors.get("parent_page").unwrap().contains("under itself"), "{errors:?}");
        assert_eq!(db.article_by_id(about.id).await.unwrap().unwrap().parent_id, None);
        let gone = app.save_article(&editor, None, &new_page("Lost", Some(news.id))).await.unwrap_err();
        assert!(matches!(&gone, AppError::Validation(errors) if errors.get("parent_page").is_some()), "news is no parent page: {gone:?}");

        // Moving a page moves its address and those of the pages under it; the old ones
        // lead to the new, until another page takes one.
        let editors = app.save_article(&editor, None, &new_page("Editors", Some(team.id))).await.unwrap();
        assert_eq!(app.public_article_path(editors.id).await.unwrap(), "/about-us/our-team/editors/");
        let moved = app.save_article(&editor, Some(team.id), &ArticleEdit { based_on: Some(kept.updated_at), ..new_page("Our team", None) }).await.unwrap();
        assert_eq!(moved.parent_id, None);
        assert_eq!(app.public_article_path(team.id).await.unwrap(), "/our-team/");
        assert_eq!(app.public_article_path(editors.id).await.unwrap(), "/our-team/editors/");
        for (old, id, now) in [("/about-us/team/", team.id, "/our-team/"), ("/about-us/our-team/", team.id, "/our-team/"), ("/about-us/our-team/editors/", editors.id, "/our-team/editors/")] {
            let located = app.article_at(old, &settings).await.unwrap();
            assert_eq!((located.article.id, located.canonical_path().as_str()), (id, now), "{old}");
        }
        let mut taking = new_page("Team", Some(about.id));
        taking.slug = "team".into();
        let newcomer = app.save_article(&editor, None, &taking).await.unwrap();
        assert_eq!(app.public_article_path(newcomer.id).await.unwrap(), "/about-us/team/");
        assert_eq!(app.article_at("/about-us/team/", &settings).await.unwrap().article.id, newcomer.id, "the new page answers at its own address");

        // News that takes an address a page had answers there too.
        app.change_setting("permalink_pattern", "/%postname%/").await.unwrap();
        let settings = app.site_settings().await.unwrap();
        let renamed = app.save_article(&editor, Some(team.id), &ArticleEdit { based_on: Some(moved.updated_at), slug: "crew".into(), ..new_page("Our team", None) }).await.unwrap();
        assert_eq!(app.article_at("/our-team/", &settings).await.unwrap().canonical_path(), "/crew/", "the renamed page's old address leads to it");
        let mut post = edit("Our team wins an award", SaveIntent::Publish);
        post.slug = "our-team".into();
        let post = app.save_article(&editor, None, &post).await.unwrap();
        assert_eq!(app.article_at("/our-team/", &settings).await.unwrap().article.id, post.id, "an address belongs to what is there now");
        assert_eq!(app.article_at("/crew/", &settings).await.unwrap().article.id, renamed.id);

        // An autosave of a new page keeps it as a draft page where the form put it.
        let typed = AutosaveText { title: "Contact", excerpt: "", body_markdown: "Write to us.", other_fields: "" };
        let AutosaveOutcome::DraftCreated { article, .. } = app.autosave_article(&editor, None, Some(ArticlePlace::page(Some(about.id))), &typed).await.unwrap() else {
            panic!("a new page with a title is kept as a draft");
        };
        let contact = db.article_by_id(article).await.unwrap().unwrap();
        assert_eq!((contact.kind, contact.parent_id, contact.status), (ArticleKind::Page, Some(about.id), ArticleStatus::Draft));
    }

    async fn each_role_moves_articles_as_far_as_it_may(db: Db) {
        let app = app(db.clone()).await;
        let contributor = person(&app, &db, "Cora", Role::Contributor).await;
        let author = person(&app, &db, "Aldo", Role::Author).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;

        let draft = app.save_article(&contributor, None, &edit("Bridge reopens", SaveIntent::Draft)).await.unwrap();
        assert_eq!((draft.status, draft.author_id), (ArticleStatus::Draft, Some(contributor.id)));
        let message = forbidden(app.save_article(&contributor, Some(draft.id), &edit("Bridge reopens", SaveIntent::Publish)).await);
        assert!(message.contains("submit it for review"), "{message}");
        let pending = app.save_article(&contributor, Some(draft.id), &edit("Bridge reopens", SaveIntent::Review)).await.unwrap();
        assert_eq!(pending.status, ArticleStatus::Pending);
        forbidden(app.save_article(&author, Some(draft.id), &edit("Not mine", SaveIntent::Keep)).await);

        let published = app.save_article(&editor, Some(draft.id), &edit("Bridge reopens", SaveIntent::Publish)).await.unwrap();
        assert_eq!(published.status, ArticleStatus::Published);
        assert_eq!(published.author_id, Some(contributor.id), "approving keeps the writer as author");
        let message = forbidden(app.save_article(&contributor, Some(draft.id), &edit("Bridge reopens!", SaveIntent::Keep)).await);
        assert!(message.contains("once it is published"), "{message}");

        let own = app.save_article(&author, None, &edit("Market day", SaveIntent::Publish)).await.unwrap();
        assert_eq!(own.status, ArticleStatus::Published);
        let mut give_away = edit("Market day", SaveIntent::Keep);
        give_away.author = Some(editor.id);
        let message = forbidden(app.save_article(&author, Some(own.id), &give_away).await);
        assert!(message.contains("author"), "{message}");
        let mut reassign = edit("Market day", SaveIntent::Keep);
        reassign.author = Some(contributor.id);
        assert_eq!(app.save_article(&editor, Some(own.id), &reassign).await.unwrap().author_id, Some(contributor.id));

        let mut new_category = edit("Sports round-up", SaveIntent::Draft);
        new_category.new_category = "Sports".into();
        let refused = app.save_article(&author, None, &new_category).await.unwrap_err();
        assert!(matches!(&refused, AppError::Validation(errors) if errors.get("new_category").is_some()), "{refused:?}");
        let filed = app.save_article(&editor, None, &new_category).await.unwrap();
        assert_eq!(app.editor_data(&editor, Some(filed.id)).await.unwrap().category_ids.len(), 1);
    }

    async fn editors_keep_news_at_the_top_of_the_home_page_but_never_a_page(db: Db) {
        let app = app(db.clone()).await;
        let author = person(&app, &db, "Aldo", Role::Author).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        assert!(app.editor_data(&editor, None).await.unwrap().may_make_sticky);
        assert!(!app.editor_data(&author, None).await.unwrap().may_make_sticky);

        let mut pinned = edit("Road closures", SaveIntent::Publish);
        pinned.sticky = Some(true);
        let pinned = app.save_article(&editor, None, &pinned).await.unwrap();
        assert!(pinned.sticky);
        app.save_article(&editor, None, &edit("Later news", SaveIntent::Publish)).await.unwrap();
        let listed: Vec<String> = app.home_listing(1).await.unwrap().articles.into_iter().map(|summary| summary.title).collect();
        assert_eq!(listed, ["Road closures", "Later news"]);

        let mut asked = edit("Market day", SaveIntent::Publish);
        asked.sticky = Some(true);
        let message = forbidden(app.save_article(&author, None, &asked).await);
        assert!(message.contains("editors and administrators"), "{message}");
        asked.sticky = Some(false);
        let own = app.save_article(&author, None, &asked).await.unwrap();
        assert!(!own.sticky, "asking for what is already so is no change");

        let mut unpinned = edit("Road closures", SaveIntent::Keep);
        unpinned.based_on = Some(pinned.updated_at);
        unpinned.sticky = Some(false);
        assert!(!app.save_article(&editor, Some(pinned.id), &unpinned).await.unwrap().sticky);

        let pinned_again = app.set_article_sticky(own.id, true).await.unwrap();
        assert!(pinned_again.sticky);
        let mut kept = edit("Market day, updated", SaveIntent::Keep);
        kept.based_on = Some(pinned_again.updated_at);
        assert!(app.save_article(&author, Some(own.id), &kept).await.unwrap().sticky, "a form that does not offer the choice leaves it alone");

        let report = app.import_wordpress(
            Box::new(std::io::Cursor::new(gazette_test_support::wordpress::TRAPS.as_bytes().to_vec())),
            &gazette_app::ImportOptions::default(),
            &gazette_app::Unobserved,
        ).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        let page = db.article_by_id(gazette_domain::ArticleId(203)).await.unwrap().unwrap();
        assert_eq!(page.kind, ArticleKind::Page);
        assert!(!app.editor_data(&editor, Some(page.id)).await.unwrap().may_make_sticky, "pages are not offered the choice");
        let refused = app.set_article_sticky(page.id, true).await.unwrap_err();
        assert!(matches!(&refused, AppError::Conflict(message) if message.contains("page")), "{refused:?}");
        let mut page_edit = edit("History", SaveIntent::Keep);
        page_edit.based_on = Some(page.updated_at);
        page_edit.sticky = Some(true);
        let refused = app.save_article(&editor, Some(page.id), &page_edit).await.unwrap_err();
        assert!(matches!(&refused, AppError::Conflict(message) if message.contains("pages are not listed")), "{refused:?}");
        assert!(matches!(app.set_article_sticky(gazette_domain::ArticleId(999_999), true).await, Err(AppError::NotFound(_))));
    }

    async fn every_mistake_is_reported_at_once_and_nothing_is_stored(db: Db) {
        let app = app(db.clone()).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        let mut bad = edit("", SaveIntent::Publish);
        bad.body_markdown = "  ".into();
        bad.slug = "Not A Slug!".into();
        bad.publish_at = "next tuesday".into();
        bad.source_name = "Valley Ledger".into();
        bad.tags = "x".repeat(101);
        bad.featured_alt = "a".repeat(501);
        let AppError::Validation(errors) = app.save_article(&editor, None, &bad).await.unwrap_err() else {
            panic!("a validation error");
        };
        for field in ["title", "body", "slug", "publish_at", "source_url", "tags", "featured_alt"] {
            assert!(errors.get(field).is_some(), "no error for {field}: {errors:?}");
        }
        assert_eq!(app.article_list().await.unwrap().len(), 0);

        let untitled_draft = app.save_article(&editor, None, &edit("Notes", SaveIntent::Draft)).await.unwrap();
        let mut empty = edit("Notes", SaveIntent::Draft);
        empty.body_markdown = String::new();
        empty.based_on = Some(untitled_draft.updated_at);
        assert!(app.save_article(&editor, Some(untitled_draft.id), &empty).await.is_ok(), "a draft may have no body yet");
    }

    async fn saves_keep_revisions_and_notice_someone_elses_save(db: Db) {
        let app = app(db.clone()).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        let first = app.save_article(&editor, None, &edit("Flood warning", SaveIntent::Publish)).await.unwrap();
        app.clock().advance(60);
        let mut second = edit("Flood warning lifted", SaveIntent::Keep);
        second.body_markdown = "The river fell.\n\nIt voted.".into();
        second.slug = "flood-warning-lifted".into();
        second.based_on = Some(first.updated_at);
        let saved = app.save_article(&editor, Some(first.id), &second).await.unwrap();
        assert_eq!(saved.slug.as_str(), "flood-warning-lifted");
        assert!(saved.modified_at.is_some(), "readers see a change to a published article");
        let renamed = app.renamed_public_article("flood-warning").await.unwrap().unwrap();
        assert_eq!(renamed.id, first.id, "the old address still leads to it");

        let stale = app.save_article(&editor, Some(first.id), &second).await.unwrap_err();
        assert!(matches!(stale, AppError::Conflict(_)), "{stale:?}");

        let (_, history) = app.article_history(&editor, first.id).await.unwrap();
        assert_eq!(history.len(), 2);
        let newest = &history[0];
        assert_eq!((newest.lines_added, newest.lines_removed), (1, 1));
        let comparison = app.compare_revisions(&editor, first.id, newest.revision.id, None).await.unwrap();
        assert!(comparison.diff.fields.iter().any(|field| field.field == "Title"));
        app.clock().advance(60);
        let restored = app.restore_revision(&editor, first.id, history[1].revision.id).await.unwrap();
        assert_eq!(restored.title, "Flood warning");
        assert_eq!(restored.slug.as_str(), "flood-warning-lifted", "restoring keeps the address");
        let (_, history) = app.article_history(&editor, first.id).await.unwrap();
        assert_eq!(history.len(), 3);
        assert!(history[0].revision.note.starts_with("Restored version"));
    }

    async fn autosave_keeps_unsaved_work(db: Db) {
        let app = app(db.clone()).await;
        let author = person(&app, &db, "Aldo", Role::Author).await;
        assert_eq!(app.autosave_article(&author, None, None, &AutosaveText { title: " ", excerpt: "", body_markdown: "words", other_fields: "" }).await.unwrap(), AutosaveOutcome::NothingToKeep);
        let AutosaveOutcome::DraftCreated { article, based_on, .. } = app.autosave_article(&author, None, None, &AutosaveText { title: "Half-written", excerpt: "", body_markdown: "Words so far", other_fields: "" }).await.unwrap() else {
            panic!("a new draft");
        };
        let draft = app.editor_data(&author, Some(article)).await.unwrap().article.unwrap();
        assert_eq!((draft.status, draft.updated_at), (ArticleStatus::Draft, based_on));
        assert!(app.editor_data(&author, Some(article)).await.unwrap().autosave.is_none(), "the draft holds all that was typed");
        app.clock().advance(30);
        let kept = app.autosave_article(&author, Some(article), None, &AutosaveText { title: "Half-written", excerpt: "", body_markdown: "More words", other_fields: "tags=budget&seo_title=Half" }).await.unwrap();
        assert!(matches!(kept, AutosaveOutcome::Kept { .. }));
        let data = app.editor_data(&author, Some(article)).await.unwrap();
        let autosave = data.autosave.unwrap();
        assert_eq!((autosave.body_markdown.as_str(), autosave.other_fields.as_str()), ("More words", "tags=budget&seo_title=Half"));
        assert_eq!(data.article.unwrap().body_markdown, "Words so far", "the article itself is unchanged");
        let mut save = edit("Half-written", SaveIntent::Draft);
        save.based_on = Some(based_on);
        app.save_article(&author, Some(article), &save).await.unwrap();
        assert!(app.editor_data(&author, Some(article)).await.unwrap().autosave.is_none(), "saving ends the autosave");

        // The first autosave of a new article keeps the fields its draft cannot take.
        app.clock().advance(30);
        let typed = AutosaveText { title: "Second try", excerpt: "Short", body_markdown: "Begun", other_fields: "tags=harbour&source_name=Wire" };
        let AutosaveOutcome::DraftCreated { article, .. } = app.autosave_article(&author, None, None, &typed).await.unwrap() else {
            panic!("a new draft");
        };
        let data = app.editor_data(&author, Some(article)).await.unwrap();
        let autosave = data.autosave.expect("the rest of the form is kept");
        assert_eq!((autosave.title.as_str(), autosave.body_markdown.as_str(), autosave.other_fields.as_str()), ("Second try", "Begun", "tags=harbour&source_name=Wire"));
        assert_eq!(data.article.unwrap().body_markdown, "Begun");
    }

    async fn corrections_are_dated_and_move_the_modified_date(db: Db) {
        let app = app(db.clone()).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        let draft = app.save_article(&editor, None, &edit("Budget", SaveIntent::Draft)).await.unwrap();
        assert!(matches!(app.add_correction(&editor, draft.id, "correction", "Wrong.").await, Err(AppError::Conflict(_))));
        let published = app.save_article(&editor, Some(draft.id), &edit("Budget", SaveIntent::Publish)).await.unwrap();
        assert_eq!(published.modified_at, None);
        app.clock().advance(3600);
        app.add_correction(&editor, draft.id, "correction", "The vote was **5–4**, not 6–3.").await.unwrap();
        let page = app.article_page(app.public_article("budget").await.unwrap(), 1, &[]).await.unwrap();
        assert_eq!(page.corrections.len(), 1);
        assert!(page.corrections[0].note_html.contains("<strong>5–4</strong>"));
        assert_eq!(page.article.modified_at, Some(page.corrections[0].created_at));
        assert!(matches!(app.add_correction(&editor, draft.id, "retraction", "").await, Err(AppError::Validation(_))));
    }

    async fn the_trash_keeps_articles_for_thirty_days(db: Db) {
        let app = app(db.clone()).await;
        let author = person(&app, &db, "Aldo", Role::Author).await;
        let other = person(&app, &db, "Bo", Role::Author).await;
        let kept = app.save_article(&author, None, &edit("Kept", SaveIntent::Publish)).await.unwrap();
        let binned = app.save_article(&author, None, &edit("Binned", SaveIntent::Publish)).await.unwrap();
        let theirs = app.save_article(&other, None, &edit("Theirs", SaveIntent::Publish)).await.unwrap();

        forbidden(app.change_articles(&author, BulkArticleAction::Trash, &[binned.id, theirs.id]).await);
        assert!(app.public_article("binned").await.is_ok(), "all or nothing: nothing was trashed");
        assert!(matches!(app.change_articles(&author, BulkArticleAction::Delete, &[binned.id]).await, Err(AppError::Conflict(_))), "deleting for good starts in the trash");
        assert_eq!(app.change_articles(&author, BulkArticleAction::Trash, &[binned.id]).await.unwrap(), 1);
        assert!(app.public_article("binned").await.is_err(), "a trashed article is not public");
        assert_eq!(app.change_articles(&author, BulkArticleAction::Restore, &[binned.id]).await.unwrap(), 1);
        assert!(app.public_article("binned").await.is_ok(), "restored to published");

        app.change_articles(&author, BulkArticleAction::Trash, &[binned.id]).await.unwrap();
        app.clock().advance(29 * 86_400);
        assert_eq!(app.keep_house().await.unwrap().articles_deleted, 0);
        app.clock().advance(2 * 86_400);
        assert_eq!(app.keep_house().await.unwrap().articles_deleted, 1);
        assert!(app.editor_data(&author, Some(binned.id)).await.is_err());
        assert!(app.public_article("kept").await.is_ok());
        let _ = kept;
    }

    async fn a_scheduled_article_goes_public_at_its_time(db: Db) {
        let app = app(db.clone()).await;
        let editor = person(&app, &db, "Edna", Role::Editor).await;
        let mut later = edit("Polls open", SaveIntent::Publish);
        later.publish_at = "2024-04-24 12:00".into();
        let scheduled = app.save_article(&editor, None, &later).await.unwrap();
        assert_eq!(scheduled.status, ArticleStatus::Scheduled);
        assert!(app.public_article("polls-open").await.is_err());
        assert_eq!(app.jobs(10).await.unwrap().len(), 1, "the publishing job is queued with the save");

        app.run_due_jobs().await.unwrap();
        assert!(app.public_article("polls-open").await.is_err(), "not before its time");
        app.clock().advance(2 * 3600);
        let run = app.run_due_jobs().await.unwrap();
        assert_eq!(run.done, 1);
        assert!(app.public_article("polls-open").await.is_ok(), "published by the job runner at its time");
        assert_eq!(app.publish_due_articles().await.unwrap(), 0, "nothing left to publish");
    }
}

/// Two processes on one database, each with two workers sweeping at once: every article
/// scheduled for a time they have all passed is published by exactly one of them.
async fn two_processes_publish_once(database: TestDatabase) {
    let first = app(database.connect().await).await;
    let second = app(database.connect().await).await;
    let editor = {
        let db = database.connect().await;
        person(&first, &db, "Edna", Role::Editor).await
    };
    for number in 0..20 {
        let mut soon = edit(&format!("Story {number}"), SaveIntent::Publish);
        soon.publish_at = "2024-04-24 11:00".into();
        first.save_article(&editor, None, &soon).await.unwrap();
    }
    first.clock().advance(2 * 3600);
    second.clock().advance(2 * 3600);
    let sweep = |app: App| tokio::spawn(async move { app.publish_due_articles().await.unwrap() });
    let workers = [
        sweep(first.clone()),
        sweep(second.clone()),
        sweep(first.clone()),
        sweep(second.clone()),
    ];
    let mut publications = 0;
    for worker in workers {
        publications += worker.await.unwrap();
    }
    assert_eq!(publications, 20, "each article was published exactly once");
    let listed = first.article_list().await.unwrap();
    assert!(
        listed
            .iter()
            .all(|article| article.status == ArticleStatus::Published)
    );
    let (jobs_first, jobs_second) = tokio::join!(first.run_due_jobs(), second.run_due_jobs());
    assert_eq!(
        jobs_first.unwrap().done + jobs_second.unwrap().done,
        20,
        "the publishing jobs find nothing left and finish"
    );
    assert!(first.jobs(50).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_publish_a_scheduled_article_once_on_sqlite() {
    two_processes_publish_once(TestDatabase::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_publish_a_scheduled_article_once_on_postgres() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    two_processes_publish_once(database).await;
}
