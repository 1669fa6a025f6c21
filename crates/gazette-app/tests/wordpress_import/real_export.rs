//! An export written by WordPress itself, on SQLite and PostgreSQL: everything in it comes
//! through, and Gazette's own export writes every element and attribute WordPress's does,
//! in the places WordPress writes them, so that what reads WordPress's exports reads
//! Gazette's.

use super::{app, article, comment, import};
use gazette_app::ImportKind;
use gazette_domain::{
    ArticleId, ArticleKind, ArticleStatus, CommentId, CommentKind, CommentStatus,
};
use gazette_test_support::backend_tests;
use gazette_test_support::wordpress::WORDPRESS_6_1;
use quick_xml::events::Event;
use std::collections::BTreeSet;

/// Every element of `document` by its path from the root (`rss/channel/item/wp:post_id`),
/// and every attribute as `path@name`.
fn shape_of(document: &str) -> BTreeSet<String> {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut path: Vec<String> = Vec::new();
    let mut shape = BTreeSet::new();
    loop {
        let (element, empty) = match reader.read_event().unwrap() {
            Event::Start(element) => (element, false),
            Event::Empty(element) => (element, true),
            Event::End(_) => {
                path.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        path.push(element.name().into_inner().to_owned());
        let here = path.join("/");
        for attribute in element.attributes() {
            let key = attribute.unwrap().key;
            shape.insert(format!("{here}@{}", key.into_inner()));
        }
        shape.insert(here);
        if empty {
            path.pop();
        }
    }
    shape
}

backend_tests! {
    async fn an_export_written_by_wordpress_itself_comes_through(db: Db) {
        let app = app(db.clone()).await;
        let report = import(&app, WORDPRESS_6_1).await;
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(report.site_title, "Harbour & Quay News");
        let created = |kind| report.counts(kind).created;
        assert_eq!(created(ImportKind::Post), 7);
        assert_eq!(created(ImportKind::Page), 3);
        assert_eq!(created(ImportKind::Attachment), 1);
        assert_eq!(created(ImportKind::Comment), 6);
        assert_eq!(created(ImportKind::Linkback), 2);
        assert_eq!(created(ImportKind::Author), 2);
        assert_eq!(created(ImportKind::Tag), 2);
        assert_eq!(created(ImportKind::Category), 3);
        assert!(!report.notes.iter().any(|note| note.contains("slugs were changed")), "a trashed post's marked slug is not a change: {:?}", report.notes);
        assert_eq!(report.counts(ImportKind::Term).skipped, 0, "WordPress repeats its categories and tags as terms: {:?}", report.skips);

        // The classic post: its text exactly, its shortcodes, its old slug, sticky.
        let fish = article(&db, 4).await;
        assert_eq!(fish.title, "Fish & chips: \"the quay's\" history");
        assert_eq!(fish.slug.as_str(), "fish-and-chips-history");
        assert!(fish.sticky);
        assert_eq!(fish.published_at.unwrap().to_string(), "2024-04-02T09:00:00Z", "10:00 in London's summer time");
        assert!(fish.body_html.contains("<p>The first stall opened in 1890.<br>\nIt sold cod and chips wrapped in paper.</p>"), "{}", fish.body_html);
        assert!(fish.body_html.contains("<figcaption>The first stall</figcaption>"), "{}", fish.body_html);
        assert!(fish.body_html.contains("Paths like C:\\new\\table stay as they are. Emoji too: \u{1F41F}\u{1F35F}."), "{}", fish.body_html);
        assert!(fish.body_html.contains("[contact-form-7 id=\"5\"]"), "{}", fish.body_html);
        assert_eq!((fish.excerpt.as_str(), fish.excerpt_is_manual), ("How the quay learned to fry.", true));
        let categories: Vec<String> = db.categories_of_article(fish.id).await.unwrap().into_iter().map(|category| category.name).collect();
        assert_eq!(categories, ["Local & Regional"]);
        let tags: Vec<String> = db.tags_of_article(fish.id).await.unwrap().into_iter().map(|tag| tag.name).collect();
        assert_eq!(tags, ["Food & drink", "Harbour"]);
        assert_eq!(app.renamed_public_article("fish-and-chips").await.unwrap().map(|found| found.id), Some(fish.id));
        let local = db.all_categories().await.unwrap().into_iter().find(|category| category.slug.as_str() == "local").unwrap();
        let news = db.all_categories().await.unwrap().into_iter().find(|category| category.slug.as_str() == "news").unwrap();
        assert_eq!(local.parent_id, Some(news.id));

        // The block editor's post, without its delimiters.
        let tides = article(&db, 6).await;
        assert!(!tides.body_html.contains("wp:"), "{}", tides.body_html);
        assert!(tides.body_html.contains("<strong>06:12</strong>"), "{}", tides.body_html);
        assert!(tides.body_html.contains("tide.jpg"), "{}", tides.body_html);
        assert!(tides.body_html.contains("https://video.example/watch?v=tide"), "{}", tides.body_html);

        // Every status WordPress writes.
        assert_eq!((article(&db, 7).await.status, article(&db, 7).await.slug.to_string()), (ArticleStatus::Draft, "draft-about-the-ferry".to_owned()));
        assert_eq!(article(&db, 8).await.status, ArticleStatus::Scheduled);
        assert_eq!(article(&db, 9).await.status, ArticleStatus::Draft, "private");
        assert_eq!(article(&db, 10).await.status, ArticleStatus::Pending);
        let withdrawn = article(&db, 11).await;
        assert_eq!((withdrawn.slug.as_str(), withdrawn.trashed.map(|trashed| trashed.status_before)), ("withdrawn-story", Some(ArticleStatus::Published)));

        // Pages under pages, at their paths.
        let history = article(&db, 15).await;
        assert_eq!((history.kind, history.parent_id), (ArticleKind::Page, Some(ArticleId(14))));
        let settings = app.site_settings().await.unwrap();
        assert_eq!(app.article_at("/about/team/history/", &settings).await.unwrap().article.id, history.id);
        assert_eq!(app.article_at("/2024/04/02/fish-and-chips-history/", &settings).await.unwrap().article.id, fish.id);

        // The thread three deep, every status, a staff reply, pingbacks apart.
        let deepest = comment(&db, 4).await;
        assert_eq!((deepest.depth, deepest.root_id, deepest.parent_id), (3, Some(CommentId(2)), Some(CommentId(3))));
        let first = comment(&db, 2).await;
        assert_eq!((first.author_name.as_str(), first.ip.as_deref()), ("Reader <One>", Some("192.0.2.7")));
        assert_eq!(first.created_at.to_string(), "2024-04-02T10:00:00Z");
        let grace = db.user_by_email("grace@harbour.example").await.unwrap().unwrap();
        assert_eq!(comment(&db, 3).await.user_id, Some(grace.id));
        assert_eq!(comment(&db, 5).await.status, CommentStatus::Pending);
        let binned = comment(&db, 7).await;
        assert_eq!((binned.status, binned.status_before), (CommentStatus::Trash, Some(CommentStatus::Approved)), "restoring it approves it again");
        assert_eq!(comment(&db, 8).await.kind, CommentKind::Pingback);
        assert_eq!(comment(&db, 9).await.kind, CommentKind::Trackback);
        assert_eq!(comment(&db, 10).await.article_id, tides.id);
        assert_eq!(db.approved_comment_count(fish.id).await.unwrap(), 3, "pingbacks are not counted with comments");
    }

    async fn gazettes_export_has_every_part_of_wordpresss(db: Db) {
        let app = app(db).await;
        import(&app, WORDPRESS_6_1).await;
        let mut ours = Vec::new();
        app.export_wordpress(&mut ours).await.unwrap();
        let ours = String::from_utf8(ours).unwrap();
        // WordPress writes its categories and tags a second time as `<wp:term>` when the
        // site has no taxonomy of its own (it asks for the terms of every taxonomy); Gazette
        // writes each once, as `<wp:category>` and `<wp:tag>`, which is what the terms are.
        let missing: Vec<String> = shape_of(WORDPRESS_6_1)
            .difference(&shape_of(&ours))
            .filter(|path| !path.starts_with("rss/channel/wp:term"))
            .cloned()
            .collect();
        assert!(missing.is_empty(), "WordPress writes these and Gazette does not: {missing:#?}");
    }
}
