//! Full-text search on SQLite and PostgreSQL: ranking, stemming, accents, what a hostile
//! reader types, snippets, paging, and an index that follows every change of an article.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_domain::search::{MarkedText, SearchQuery};
use gazette_domain::{ArticleId, ArticleStatus, Slug, Timestamp};
use gazette_store::{ArticleRecord, Db, SearchResults};
use gazette_test_support::{TestDatabase, backend_tests};
use sqlx::Connection as _;

/// The moment the tests search at.
fn now() -> Timestamp {
    "2024-04-24T10:00:00Z".parse().unwrap()
}

/// A published article, `minutes` before [`now`], whose body is `body_html`.
fn published(slug: &str, title: &str, body_html: &str, minutes: i64) -> ArticleRecord {
    ArticleRecord {
        slug: Slug::parse(slug).unwrap(),
        title: title.into(),
        body_markdown: String::new(),
        body_html: body_html.into(),
        excerpt: String::new(),
        excerpt_is_manual: true,
        seo_title: String::new(),
        meta_description: String::new(),
        status: ArticleStatus::Published,
        author_id: None,
        comments_open: true,
        source: None,
        featured_image: None,
        published_at: Some(now().plus_seconds(-minutes * 60)),
        modified_at: None,
    }
}

async fn store(db: &Db, records: &[ArticleRecord]) -> Vec<ArticleId> {
    let mut tx = db.begin().await.unwrap();
    let mut ids = Vec::new();
    for record in records {
        ids.push(tx.insert_article(record, now()).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

async fn search(db: &Db, words: &str) -> SearchResults {
    db.search_articles(&SearchQuery::parse(words), now(), 10, 0)
        .await
        .unwrap_or_else(|error| panic!("searching {words:?} failed: {error}"))
}

/// The slugs found for `words`, best first.
async fn found(db: &Db, words: &str) -> Vec<String> {
    search(db, words)
        .await
        .hits
        .into_iter()
        .map(|hit| hit.slug.to_string())
        .collect()
}

/// The marked stretches of `text`, as `[matched]` in plain text.
fn shown(text: &MarkedText) -> String {
    text.parts()
        .into_iter()
        .map(|part| {
            if part.matched {
                format!("[{}]", part.text)
            } else {
                part.text.to_owned()
            }
        })
        .collect()
}

backend_tests! {
    async fn title_matches_rank_above_body_matches_and_words_are_stemmed(db: Db) {
        store(&db, &[
            published("harbour", "Harbour reopens", "<p>The harbour reopened after the <strong>councils</strong> agreed.</p>", 1),
            published("budget", "Council passes the budget", "<p>The vote was seven to two.</p>", 60),
            published("weather", "Sunny week ahead", "<p>No rain is expected.</p>", 2),
        ]).await;
        assert_eq!(found(&db, "council").await, ["budget", "harbour"]);
        assert_eq!(found(&db, "councils").await, ["budget", "harbour"]);
        assert_eq!(found(&db, "COUNCIL Agreed").await, ["harbour"]);
        assert_eq!(found(&db, "reopening").await, ["harbour"]);
        assert_eq!(search(&db, "council").await.total, 2);
        assert!(found(&db, "snow").await.is_empty());
    }

    async fn quoted_words_are_a_phrase(db: Db) {
        store(&db, &[
            published("in-a-row", "City council meets", "<p>Agenda.</p>", 1),
            published("apart", "Council of the city", "<p>Agenda.</p>", 2),
        ]).await;
        assert_eq!(found(&db, "\"city council\"").await, ["in-a-row"]);
        let mut both = found(&db, "city council").await;
        both.sort();
        assert_eq!(both, ["apart", "in-a-row"]);
    }

    async fn accents_and_other_scripts_are_found(db: Db) {
        store(&db, &[
            published("cafe", "Café reopens on the square", "<p>Crème brûlée for everyone in Αθήνα.</p>", 1),
        ]).await;
        for words in ["café", "cafe", "CAFÉ", "creme brulee", "Crème", "αθήνα", "ΑΘΉΝΑ"] {
            assert_eq!(found(&db, words).await, ["cafe"], "{words}");
        }
    }

    async fn hostile_searches_are_words_or_nothing_and_never_fail(db: Db) {
        store(&db, &[
            published("budget", "Council passes the budget", "<p>Near the end, the vote: 7 to 2 (and one abstention).</p>", 1),
        ]).await;
        let long = "council ".repeat(250);
        let hostile = [
            "\"", "\"\"", "*", "-", "^", ":", "(", ")", "NEAR(", "NEAR(council budget, 2)", "AND OR",
            "NOT", "council NOT budget", "council OR", "title:council", "{title excerpt}: council",
            "council*", "^council", "-council", "council -budget", "'; DROP TABLE articles; --",
            "\\", "\u{0}", "<script>", "%", "_", long.as_str(), &"x".repeat(2_000),
        ];
        for words in hostile {
            search(&db, words).await;
            db.newest_matching_articles(&SearchQuery::parse(words), now(), 10).await.unwrap();
        }
        for nothing in ["\"", "*", "-", "^", "(", ")", "'; --"] {
            assert_eq!(search(&db, nothing).await, SearchResults::default(), "{nothing}");
        }
        for words in ["council*", "^council", "-council", "(council)", "council:", long.as_str()] {
            assert_eq!(found(&db, words).await, ["budget"], "{words}");
        }
        assert!(found(&db, "'; DROP TABLE articles; --").await.is_empty());
        assert_eq!(found(&db, "council").await, ["budget"]);
        if let Db::Postgres(pool) = &db {
            let level: String = sqlx::query_scalar("SHOW client_min_messages").fetch_one(pool).await.unwrap();
            assert_eq!(level, "warning", "a search of stop words alone (`AND OR`) leaves no notice in the log");
        }
    }

    async fn only_public_articles_are_found_as_they_change(db: Db) {
        let mut draft = published("draft", "Council draft", "<p>Council.</p>", 1);
        draft.status = ArticleStatus::Draft;
        draft.published_at = None;
        let mut pending = published("pending", "Council pending", "<p>Council.</p>", 1);
        pending.status = ArticleStatus::Pending;
        pending.published_at = None;
        let mut scheduled = published("scheduled", "Council scheduled", "<p>Council.</p>", -60);
        scheduled.status = ArticleStatus::Scheduled;
        let future = published("future", "Council in the future", "<p>Council.</p>", -60);
        let live = published("live", "Council live", "<p>Council.</p>", 1);
        let ids = store(&db, &[draft.clone(), pending, scheduled, future, live.clone()]).await;
        assert_eq!(found(&db, "council").await, ["live"]);
        let later = now().plus_seconds(7_200);
        let found_later = db.search_articles(&SearchQuery::parse("council"), later, 10, 0).await.unwrap();
        assert_eq!(found_later.total, 2, "the future article is public later; the scheduled one waits for its job");

        let mut tx = db.begin().await.unwrap();
        assert!(tx.trash_article(ids[4], now()).await.unwrap());
        tx.commit().await.unwrap();
        assert!(found(&db, "council").await.is_empty());
        let mut tx = db.begin().await.unwrap();
        assert!(tx.restore_article(ids[4], now()).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(found(&db, "council").await, ["live"]);

        let mut edited = live.clone();
        edited.title = "Mayor resigns".into();
        edited.body_html = "<p>A surprise.</p>".into();
        let mut tx = db.begin().await.unwrap();
        tx.update_article(ids[4], &edited, now()).await.unwrap();
        tx.commit().await.unwrap();
        assert!(found(&db, "council").await.is_empty());
        assert_eq!(found(&db, "mayor surprise").await, ["live"]);

        let mut unpublished = edited.clone();
        unpublished.status = ArticleStatus::Draft;
        let mut tx = db.begin().await.unwrap();
        tx.update_article(ids[4], &unpublished, now()).await.unwrap();
        tx.commit().await.unwrap();
        assert!(found(&db, "mayor").await.is_empty());

        let mut draft_published = draft;
        draft_published.status = ArticleStatus::Published;
        draft_published.published_at = Some(now());
        let mut tx = db.begin().await.unwrap();
        tx.update_article(ids[0], &draft_published, now()).await.unwrap();
        assert!(tx.publish_if_due(ids[2], later).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(found(&db, "council draft").await, ["draft"]);
        assert_eq!(db.search_articles(&SearchQuery::parse("council"), later, 10, 0).await.unwrap().total, 3);

        let mut tx = db.begin().await.unwrap();
        assert!(tx.delete_article(ids[0]).await.unwrap());
        tx.commit().await.unwrap();
        assert!(found(&db, "council draft").await.is_empty());
    }

    async fn snippets_are_plain_text_with_the_matches_marked(db: Db) {
        let filler = "Words about other things fill the paragraph. ".repeat(20);
        let mut budget = published(
            "budget",
            "Council passes the budget",
            &format!("<p>{filler}</p><p>The <em>council</em> voted 5 &lt; 6 &amp; left.</p><p>{filler}</p>"),
            1,
        );
        budget.excerpt = "A narrow majority.".into();
        let mut summary = published("summary", "Harbour news", "<p>Boats.</p>", 2);
        summary.excerpt = "The harbour reopened.".into();
        store(&db, &[budget, summary]).await;

        let hit = &search(&db, "council").await.hits[0];
        assert_eq!(shown(&hit.title), "[Council] passes the budget");
        let snippet = shown(&hit.snippet);
        assert!(snippet.contains("[council] voted 5 < 6 & left."), "{snippet}");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(hit.snippet.plain().split_whitespace().count() <= 40, "{snippet}");

        let title_only = &search(&db, "harbour news").await.hits[0];
        assert_eq!(shown(&title_only.title), "[Harbour] [news]");
        assert_eq!(shown(&title_only.snippet), "The [harbour] reopened.");
        let excerpt_only = &search(&db, "narrow majority").await.hits[0];
        assert_eq!(shown(&excerpt_only.snippet), "A [narrow] [majority].");
        assert_eq!(shown(&excerpt_only.title), "Council passes the budget");
    }

    async fn results_come_a_page_at_a_time(db: Db) {
        let records: Vec<ArticleRecord> = (1..=5)
            .map(|minutes| published(&format!("story-{minutes}"), &format!("Story {minutes}"), "<p>The council met.</p>", minutes))
            .collect();
        let ids = store(&db, &records).await;
        let query = SearchQuery::parse("council");
        let page = |offset| {
            let db = db.clone();
            let query = query.clone();
            async move { db.search_articles(&query, now(), 2, offset).await.unwrap() }
        };
        let second = page(2).await;
        assert_eq!(second.total, 5);
        let slugs: Vec<String> = second.hits.iter().map(|hit| hit.slug.to_string()).collect();
        assert_eq!(slugs, ["story-3", "story-4"], "equal matches are newest first");
        assert_eq!(page(4).await.hits.len(), 1);
        assert_eq!(page(10).await, SearchResults { hits: Vec::new(), total: 5 });
        let newest: Vec<ArticleId> = db
            .newest_matching_articles(&query, now(), 3)
            .await
            .unwrap()
            .into_iter()
            .map(|article| article.id)
            .collect();
        assert_eq!(newest, ids[..3]);
    }
}

/// Articles stored before search existed have no body text; applying the migrations
/// gives them theirs, and the index follows.
async fn bodies_stored_before_search_are_indexed_when_migrating(database: TestDatabase) {
    let db = database.connect().await;
    store(
        &db,
        &[published(
            "old",
            "An old story",
            "<p>The <b>lighthouse</b> keeper.</p>",
            1,
        )],
    )
    .await;
    let forget = "UPDATE articles SET body_text = NULL";
    match &db {
        Db::Postgres(pool) => {
            sqlx::query(forget).execute(pool).await.unwrap();
        }
        Db::Sqlite(_) => {
            let mut connection = sqlx::SqliteConnection::connect(database.address())
                .await
                .unwrap();
            sqlx::query(forget).execute(&mut connection).await.unwrap();
            connection.close().await.unwrap();
        }
    }
    assert!(found(&db, "lighthouse").await.is_empty());
    assert_eq!(found(&db, "old story").await, ["old"]);
    db.migrate().await.unwrap();
    assert_eq!(found(&db, "lighthouse keeper").await, ["old"]);
    db.close().await;
}

mod bodies_stored_before_search_are_indexed_when_migrating {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::bodies_stored_before_search_are_indexed_when_migrating(
            super::TestDatabase::sqlite(),
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(database) = super::TestDatabase::postgres().await else {
            return;
        };
        super::bodies_stored_before_search_are_indexed_when_migrating(database).await;
    }
}
