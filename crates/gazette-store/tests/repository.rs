//! The repository suite: every storage operation, run on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_domain::correction::CorrectionKind;
use gazette_domain::syndication::{ItemState, SourceMode, ValidSource};
use gazette_domain::{
    ArticleId, ArticleStatus, CommentId, CommentKind, CommentStatus, Lesson, MediaId, Role, Slug,
    SourceAttribution, SourceId, SourceItemId, Timestamp, UserId,
};
use gazette_store::{
    ArchiveFilter, ArticleListing, ArticleRecord, Autosave, CategoryRecord, CommentFilter,
    CommentQueueFilter, Db, DeskArticleQuery, FetchSuccess, ItemVersion, LongWrite,
    ModerationLogEntry, NewCommentRecord, NewJob, NewMediaRecord, NewRevision, NewSourceItem,
    NewUserRecord, QueuedComment, SchemaStatus, SessionRecord, SitemapArchive, SpamCounts,
    StatusCounts, StatusFilter, StoreError, TokenPurpose,
};
use gazette_test_support::{TestDatabase, backend_tests};
use std::collections::HashSet;

fn instant(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn article(slug: &str, status: ArticleStatus, published_at: Option<&str>) -> ArticleRecord {
    ArticleRecord {
        slug: Slug::parse(slug).unwrap(),
        title: format!("Title of {slug}"),
        body_markdown: "Body *text*.".into(),
        body_html: "<p>Body <em>text</em>.</p>".into(),
        excerpt: "Body text.".into(),
        excerpt_is_manual: false,
        seo_title: String::new(),
        meta_description: String::new(),
        status,
        author_id: None,
        comments_open: true,
        source: None,
        featured_image: None,
        published_at: published_at.map(instant),
        modified_at: None,
    }
}

fn comment(article_id: ArticleId, author: &str, status: CommentStatus) -> NewCommentRecord {
    NewCommentRecord {
        article_id,
        parent_id: None,
        root_id: None,
        depth: 1,
        author_name: author.into(),
        author_email: format!("{}@example.com", author.to_lowercase()),
        author_url: None,
        text: format!("{author} says hello"),
        html: format!("<p>{author} says hello</p>"),
        status,
        ip: Some("192.0.2.7".into()),
        user_agent: Some("TestBrowser/1.0".into()),
        user_id: None,
        moderation_rule: None,
        moderation_reason: None,
        spam_score: None,
    }
}

async fn insert_article(db: &Db, record: &ArticleRecord, now: &str) -> ArticleId {
    let mut tx = db.begin().await.unwrap();
    let id = tx.insert_article(record, instant(now)).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn insert_comment(db: &Db, record: &NewCommentRecord, now: &str) -> CommentId {
    let mut tx = db.begin().await.unwrap();
    let id = tx.insert_comment(record, instant(now)).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// An article's approved comments and threads as the store keeps them counted, checked
/// against the same counted from its comments one by one.
async fn comment_counts(db: &Db, article: ArticleId) -> (i64, i64) {
    let kept = (
        db.approved_comment_count(article).await.unwrap(),
        db.approved_thread_count(article).await.unwrap(),
    );
    let approved = db
        .comments(&CommentFilter {
            status: Some(CommentStatus::Approved),
            article_id: Some(article),
            author_email: None,
            limit: None,
        })
        .await
        .unwrap();
    let readers: Vec<_> = approved
        .iter()
        .filter(|comment| comment.kind == CommentKind::Comment)
        .collect();
    let threads = readers
        .iter()
        .filter(|comment| comment.parent_id.is_none())
        .count();
    assert_eq!(
        kept,
        (
            i64::try_from(readers.len()).unwrap(),
            i64::try_from(threads).unwrap()
        ),
        "the kept counts match the comments"
    );
    kept
}

async fn set_status(db: &Db, comment: CommentId, status: CommentStatus) {
    let mut tx = db.begin().await.unwrap();
    assert!(
        tx.set_comment_status(comment, status, None, instant("2024-05-02T08:00:00Z"))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
}

backend_tests! {
    async fn migrations_are_current_after_connect(db: Db) {
        let state = db.migration_state().await.unwrap();
        assert_eq!(state.status(), SchemaStatus::Current);
        assert!(!state.applied.is_empty());
    }

    async fn articles_round_trip_with_microsecond_times_and_credit(db: Db) {
        let mut record = article("mussels-recover", ArticleStatus::Published, Some("2024-04-24T09:30:00.123456Z"));
        record.source = Some(SourceAttribution {
            name: "Tri-Valley News Service".into(),
            url: "https://trivalley.example/mussels".into(),
            published_at: Some(instant("2024-04-23T18:00:00.000001Z")),
            author: Some("Ada Lovelace and Grace Hopper".into()),
            licence: Some("Republished with permission.".into()),
            canonical: false,
        });
        record.comments_open = false;
        record.seo_title = "Mussels are back".into();
        record.meta_description = "More mussels than in any year since records began.".into();
        let id = insert_article(&db, &record, "2024-04-24T09:00:00.654321Z").await;

        let stored = db.article_by_slug("mussels-recover").await.unwrap().expect("the article by slug");
        assert_eq!(stored.id, id);
        assert_eq!(stored.title, record.title);
        assert_eq!(stored.body_html, record.body_html);
        assert_eq!(stored.status, ArticleStatus::Published);
        assert_eq!(stored.published_at, Some(instant("2024-04-24T09:30:00.123456Z")));
        assert_eq!(stored.created_at, instant("2024-04-24T09:00:00.654321Z"));
        assert_eq!(stored.updated_at, stored.created_at);
        assert_eq!(stored.source, record.source);
        assert!(!stored.comments_open);
        assert_eq!((stored.seo_title.as_str(), stored.meta_description.as_str()), (record.seo_title.as_str(), record.meta_description.as_str()));
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap(), stored);
        let mut changed = record.clone();
        changed.source.as_mut().unwrap().author = Some("Joan Clarke".into());
        changed.seo_title = String::new();
        let mut tx = db.begin().await.unwrap();
        tx.update_article(id, &changed, instant("2024-04-24T10:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().source, changed.source, "an update writes the credit's author");
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().seo_title, "", "an update writes the SEO title");
        assert_eq!(db.article_by_slug("no-such-article").await.unwrap(), None);
        assert_eq!(db.article_by_id(ArticleId(999_999)).await.unwrap(), None);
    }

    async fn a_taken_slug_is_a_conflict(db: Db) {
        insert_article(&db, &article("budget", ArticleStatus::Draft, None), "2024-01-01T00:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let error = tx.insert_article(&article("budget", ArticleStatus::Draft, None), instant("2024-01-02T00:00:00Z")).await.unwrap_err();
        assert!(matches!(error, StoreError::Conflict(_)), "{error:?}");
        drop(tx);
        insert_article(&db, &article("budget-2", ArticleStatus::Draft, None), "2024-01-01T00:00:00Z").await;
        insert_article(&db, &article("budgets", ArticleStatus::Draft, None), "2024-01-01T00:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let taken = tx.taken_slugs(&["budget", "budget-2", "budget-3", "budgets"], None).await.unwrap();
        assert_eq!(taken, HashSet::from(["budget".to_owned(), "budget-2".to_owned(), "budgets".to_owned()]));
        let budget = db.article_by_slug("budget").await.unwrap().unwrap();
        let others = tx.taken_slugs(&["budget", "budget-2"], Some(budget.id)).await.unwrap();
        assert_eq!(others, HashSet::from(["budget-2".to_owned()]), "an article's own slug is not taken from it");
    }

    async fn a_dropped_transaction_stores_nothing(db: Db) {
        let mut tx = db.begin().await.unwrap();
        tx.insert_article(&article("never-saved", ArticleStatus::Published, Some("2024-01-01T00:00:00Z")), instant("2024-01-01T00:00:00Z")).await.unwrap();
        drop(tx);
        assert_eq!(db.article_by_slug("never-saved").await.unwrap(), None);
        assert_eq!(db.article_count().await.unwrap(), 0);
    }

    async fn published_listing_hides_drafts_and_future_articles(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let oldest = insert_article(&db, &article("oldest", ArticleStatus::Published, Some("2024-04-01T00:00:00Z")), now).await;
        let newest = insert_article(&db, &article("newest", ArticleStatus::Published, Some("2024-04-30T00:00:00Z")), now).await;
        let middle = insert_article(&db, &article("middle", ArticleStatus::Published, Some("2024-04-15T00:00:00Z")), now).await;
        insert_article(&db, &article("draft", ArticleStatus::Draft, None), now).await;
        insert_article(&db, &article("future", ArticleStatus::Published, Some("2024-06-01T00:00:00Z")), now).await;
        insert_article(&db, &article("scheduled", ArticleStatus::Scheduled, Some("2024-04-20T00:00:00Z")), now).await;

        for _ in 0..2 {
            insert_comment(&db, &comment(middle, "Approved", CommentStatus::Approved), now).await;
        }
        insert_comment(&db, &comment(middle, "Held", CommentStatus::Pending), now).await;
        insert_comment(&db, &comment(middle, "Junk", CommentStatus::Spam), now).await;

        let first_page = db.home_page_articles(instant(now), 2, 0).await.unwrap();
        assert_eq!(first_page.total, 3);
        let ids: Vec<ArticleId> = first_page.articles.iter().map(|summary| summary.id).collect();
        assert_eq!(ids, [newest, middle]);
        assert_eq!(first_page.articles[1].comment_count, 2);
        assert_eq!(first_page.articles[0].comment_count, 0);

        let second_page = db.home_page_articles(instant(now), 2, 2).await.unwrap();
        assert_eq!(second_page.articles.iter().map(|summary| summary.id).collect::<Vec<_>>(), [oldest]);
        assert!(db.home_page_articles(instant(now), 2, 4).await.unwrap().articles.is_empty());

        let all = db.all_articles().await.unwrap();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0].slug.as_str(), "future");
        assert_eq!(db.article_count().await.unwrap(), 6);
    }

    async fn the_home_page_lists_stickies_first_and_each_article_once(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let mut ids = Vec::new();
        for day in 1..=7 {
            let published = format!("2024-04-{day:02}T08:00:00Z");
            ids.push(insert_article(&db, &article(&format!("day-{day}"), ArticleStatus::Published, Some(&published)), now).await);
        }
        let draft = insert_article(&db, &article("sticky-draft", ArticleStatus::Draft, None), now).await;
        let future = insert_article(&db, &article("sticky-future", ArticleStatus::Published, Some("2024-06-01T00:00:00Z")), now).await;
        let mut tx = db.begin().await.unwrap();
        for id in [ids[1], ids[4], draft, future] {
            assert!(tx.set_article_sticky(id, true, instant(now)).await.unwrap());
        }
        assert!(!tx.set_article_sticky(ArticleId(999_999), true, instant(now)).await.unwrap(), "no such article");
        tx.commit().await.unwrap();

        let mut listed = Vec::new();
        for page in 0..4 {
            let listing = db.home_page_articles(instant(now), 3, page * 3).await.unwrap();
            assert_eq!(listing.total, 7, "the total counts each public article once");
            listed.extend(listing.articles.iter().map(|summary| (summary.id, summary.sticky)));
        }
        let expected = [(ids[4], true), (ids[1], true), (ids[6], false), (ids[5], false), (ids[3], false), (ids[2], false), (ids[0], false)];
        assert_eq!(listed, expected, "stickies newest first, then the rest newest first; drafts and future stickies left out");

        let mut tx = db.begin().await.unwrap();
        assert!(tx.set_article_sticky(ids[4], false, instant(now)).await.unwrap());
        tx.commit().await.unwrap();
        assert!(!db.article_by_id(ids[4]).await.unwrap().unwrap().sticky);
        let first = db.home_page_articles(instant(now), 3, 0).await.unwrap();
        assert_eq!(first.articles.iter().map(|summary| summary.id).collect::<Vec<_>>(), [ids[1], ids[6], ids[5]], "the unstuck article goes back to its date");
    }

    async fn comments_move_between_statuses(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let article_id = insert_article(&db, &article("talk", ArticleStatus::Published, Some(now)), now).await;
        let other_article = insert_article(&db, &article("other", ArticleStatus::Published, Some(now)), now).await;
        let first = insert_comment(&db, &comment(article_id, "Ana", CommentStatus::Approved), "2024-05-01T12:01:00Z").await;
        let mut reply = comment(article_id, "Ben", CommentStatus::Pending);
        reply.parent_id = Some(first);
        reply.root_id = Some(first);
        reply.depth = 2;
        reply.moderation_rule = Some("first_time_commenter".into());
        reply.moderation_reason = Some("Ben has no approved comment yet.".into());
        reply.spam_score = Some(0.25);
        reply.author_url = Some("https://ben.example/".into());
        let second = insert_comment(&db, &reply, "2024-05-01T12:02:00Z").await;
        let elsewhere = insert_comment(&db, &comment(other_article, "Cy", CommentStatus::Pending), "2024-05-01T12:03:00Z").await;

        let stored = db.comment_by_id(second).await.unwrap().unwrap();
        assert_eq!(stored.parent_id, Some(first));
        assert_eq!(stored.author_url.as_deref(), Some("https://ben.example/"));
        assert_eq!(stored.ip.as_deref(), Some("192.0.2.7"));
        assert_eq!(stored.status, CommentStatus::Pending);
        assert_eq!(stored.created_at, instant("2024-05-01T12:02:00Z"));
        assert_eq!((stored.root_id, stored.depth), (Some(first), 2));
        assert_eq!(stored.moderation_rule.as_deref(), Some("first_time_commenter"));
        assert_eq!(stored.spam_score, Some(0.25));

        assert_eq!(db.latest_approved_comments(Some(article_id), 10).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [first]);
        assert_eq!(db.last_comment_from(Some("192.0.2.7"), "nobody@example.com").await.unwrap(), Some(instant("2024-05-01T12:03:00Z")));
        assert_eq!(db.last_comment_from(None, "ana@example.com").await.unwrap(), Some(instant("2024-05-01T12:01:00Z")));
        assert!(db.comment_exists(article_id, None, "ana@example.com", "Ana says hello").await.unwrap());
        assert!(!db.comment_exists(article_id, Some(first), "ana@example.com", "Ana says hello").await.unwrap());
        assert!(db.commenter_was_approved("ana@example.com", "Ana").await.unwrap());
        assert!(!db.commenter_was_approved("ben@example.com", "Ben").await.unwrap());
        assert_eq!(db.approved_comment_count(article_id).await.unwrap(), 1);

        let mine = db.pending_comments_among(article_id, &[second, elsewhere, first, CommentId(12_345)]).await.unwrap();
        assert_eq!(mine.iter().map(|c| c.id).collect::<Vec<_>>(), [second], "only pending comments of this article");
        assert!(db.pending_comments_among(article_id, &[]).await.unwrap().is_empty());

        let pending = db.comments(&CommentFilter { status: Some(CommentStatus::Pending), ..CommentFilter::default() }).await.unwrap();
        assert_eq!(pending.iter().map(|c| c.id).collect::<Vec<_>>(), [elsewhere, second], "newest first");
        let on_article = db.comments(&CommentFilter { article_id: Some(article_id), ..CommentFilter::default() }).await.unwrap();
        assert_eq!(on_article.len(), 2);
        assert_eq!(db.comments(&CommentFilter::default()).await.unwrap().len(), 3);

        let mut tx = db.begin().await.unwrap();
        assert!(tx.set_comment_status(second, CommentStatus::Approved, None, instant("2024-05-01T13:00:00Z")).await.unwrap());
        assert!(!tx.set_comment_status(CommentId(12_345), CommentStatus::Approved, None, instant("2024-05-01T13:00:00Z")).await.unwrap());
        assert_eq!(tx.comment_by_id(second).await.unwrap().unwrap().status, CommentStatus::Approved);
        tx.commit().await.unwrap();
        assert_eq!(db.approved_comment_count(article_id).await.unwrap(), 2);
        assert_eq!(db.comment_by_id(second).await.unwrap().unwrap().updated_at, instant("2024-05-01T13:00:00Z"));
    }

    async fn every_public_write_moves_the_content_version(db: Db) {
        let start = db.content_version().await.unwrap();
        let id = insert_article(&db, &article("versioned", ArticleStatus::Published, Some("2024-01-01T00:00:00Z")), "2024-01-01T00:00:00Z").await;
        let after_article = db.content_version().await.unwrap();
        assert!(after_article > start);
        let comment_id = insert_comment(&db, &comment(id, "Dee", CommentStatus::Pending), "2024-01-01T00:00:00Z").await;
        let after_comment = db.content_version().await.unwrap();
        assert_eq!(after_comment, after_article, "a held comment is not public, so the pages stay as they are");
        let mut tx = db.begin().await.unwrap();
        tx.set_comment_status(comment_id, CommentStatus::Approved, None, instant("2024-01-01T00:01:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        let after_approval = db.content_version().await.unwrap();
        assert!(after_approval > after_comment);
        let mut tx = db.begin().await.unwrap();
        tx.put_setting("title", "Courier", instant("2024-01-01T00:02:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        assert!(db.content_version().await.unwrap() > after_approval);
    }

    async fn deleting_a_comment_moves_its_replies_up(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let article_id = insert_article(&db, &article("thread", ArticleStatus::Published, Some(now)), now).await;
        let top = insert_comment(&db, &comment(article_id, "Ana", CommentStatus::Approved), "2024-05-01T12:01:00Z").await;
        let mut middle = comment(article_id, "Ben", CommentStatus::Approved);
        (middle.parent_id, middle.root_id, middle.depth) = (Some(top), Some(top), 2);
        let middle = insert_comment(&db, &middle, "2024-05-01T12:02:00Z").await;
        let mut leaf = comment(article_id, "Cy", CommentStatus::Approved);
        (leaf.parent_id, leaf.root_id, leaf.depth) = (Some(middle), Some(top), 3);
        let leaf = insert_comment(&db, &leaf, "2024-05-01T12:03:00Z").await;

        let mut tx = db.begin().await.unwrap();
        let doomed = tx.comment_by_id(top).await.unwrap().unwrap();
        tx.delete_comment(&doomed).await.unwrap();
        tx.commit().await.unwrap();
        let middle = db.comment_by_id(middle).await.unwrap().unwrap();
        assert_eq!((middle.parent_id, middle.root_id, middle.depth), (None, None, 1), "the reply became a thread of its own");
        let leaf = db.comment_by_id(leaf).await.unwrap().unwrap();
        assert_eq!((leaf.parent_id, leaf.root_id, leaf.depth), (Some(middle.id), Some(middle.id), 2));
        assert_eq!(db.approved_thread_count(article_id).await.unwrap(), 1);
        let first = db.approved_thread_at(article_id, 0, 1, false).await.unwrap().unwrap();
        assert_eq!(first.id, middle.id);
        assert_eq!(db.approved_replies_in(&[middle.id]).await.unwrap().len(), 1);
    }

    async fn an_articles_comment_counts_follow_every_change(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let story = insert_article(&db, &article("counted", ArticleStatus::Published, Some(now)), now).await;
        let other = insert_article(&db, &article("counted-elsewhere", ArticleStatus::Published, Some(now)), now).await;
        assert_eq!(comment_counts(&db, story).await, (0, 0), "no comment yet");

        let ana = insert_comment(&db, &comment(story, "Ana", CommentStatus::Approved), "2024-05-01T12:01:00Z").await;
        let mut reply = comment(story, "Ben", CommentStatus::Approved);
        (reply.parent_id, reply.root_id, reply.depth) = (Some(ana), Some(ana), 2);
        let ben = insert_comment(&db, &reply, "2024-05-01T12:02:00Z").await;
        let cy = insert_comment(&db, &comment(story, "Cy", CommentStatus::Pending), "2024-05-01T12:03:00Z").await;
        insert_comment(&db, &comment(story, "Dee", CommentStatus::Spam), "2024-05-01T12:04:00Z").await;
        insert_comment(&db, &comment(other, "Eve", CommentStatus::Approved), "2024-05-01T12:05:00Z").await;
        assert_eq!(comment_counts(&db, story).await, (2, 1), "a thread and its reply; held and spam ones are not counted");
        assert_eq!(comment_counts(&db, other).await, (1, 1));

        set_status(&db, cy, CommentStatus::Approved).await;
        assert_eq!(comment_counts(&db, story).await, (3, 2), "approving counts it");
        set_status(&db, ana, CommentStatus::Spam).await;
        assert_eq!(comment_counts(&db, story).await, (2, 1), "marking spam takes the thread out, not its reply");
        set_status(&db, ana, CommentStatus::Approved).await;
        assert_eq!(comment_counts(&db, story).await, (3, 2), "not spam after all");

        let mut tx = db.begin().await.unwrap();
        let doomed = tx.comment_by_id(ana).await.unwrap().unwrap();
        tx.delete_comment(&doomed).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(comment_counts(&db, story).await, (2, 2), "the reply of a deleted comment starts a thread");
        set_status(&db, ben, CommentStatus::Trash).await;
        assert_eq!(comment_counts(&db, story).await, (1, 1), "binned");

        let listing = db.home_page_articles(instant("2024-06-01T00:00:00Z"), 10, 0).await.unwrap();
        let listed: Vec<_> = listing.articles.iter().map(|summary| (summary.id, summary.comment_count)).collect();
        assert!(listed.contains(&(story, 1)) && listed.contains(&(other, 1)), "lists read the same counts: {listed:?}");

        let mut tx = db.begin().await.unwrap();
        assert!(tx.delete_article(story).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(comment_counts(&db, story).await, (0, 0), "a deleted article has none");
        assert_eq!(comment_counts(&db, other).await, (1, 1), "another article keeps its own");
    }

    async fn a_threads_place_is_counted_from_the_nearer_end(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let story = insert_article(&db, &article("busy-story", ArticleStatus::Published, Some(now)), now).await;
        let start = instant(now);
        let mut tx = db.begin().await.unwrap();
        let mut threads = Vec::new();
        for n in 0..600_i64 {
            // Pairs of comments posted in the same second: the id orders them.
            let at = start.plus_seconds(n / 2);
            let status = if n % 7 == 3 { CommentStatus::Pending } else { CommentStatus::Approved };
            let id = tx.insert_comment(&comment(story, &format!("Reader{n}"), status), at).await.unwrap();
            threads.push((gazette_store::ThreadKey { created_at: at, id }, status == CommentStatus::Approved));
        }
        tx.commit().await.unwrap();
        let approved: Vec<_> = threads.iter().filter(|(_, approved)| *approved).map(|(key, _)| *key).collect();
        let total = approved.len();
        assert_eq!(comment_counts(&db, story).await, (i64::try_from(total).unwrap(), i64::try_from(total).unwrap()));

        for (n, (key, _)) in threads.iter().enumerate() {
            // Every place near either end and around the counting bound, and a sample between.
            if n > 20 && n < 580 && n % 37 != 0 && !(240..300).contains(&n) {
                continue;
            }
            let older = approved.iter().filter(|other| (other.created_at, other.id) < (key.created_at, key.id)).count();
            let newer = approved.iter().filter(|other| (other.created_at, other.id) > (key.created_at, key.id)).count();
            assert_eq!(db.approved_threads_before(story, *key, false).await.unwrap(), i64::try_from(older).unwrap(), "oldest first, thread {n}");
            assert_eq!(db.approved_threads_before(story, *key, true).await.unwrap(), i64::try_from(newer).unwrap(), "newest first, thread {n}");
        }
        let count = u64::try_from(total).unwrap();
        for position in [0, 1, 2, 255, 256, 257, total / 2 - 1, total / 2, total / 2 + 1, total - 2, total - 1] {
            let at = u64::try_from(position).unwrap();
            let oldest_first = db.approved_thread_at(story, at, count, false).await.unwrap();
            assert_eq!(oldest_first, Some(approved[position]), "oldest first, place {position}");
            let newest_first = db.approved_thread_at(story, at, count, true).await.unwrap();
            assert_eq!(newest_first, Some(approved[total - 1 - position]), "newest first, place {position}");
        }
        assert_eq!(db.approved_thread_at(story, count, count, false).await.unwrap(), None, "past the last thread");
        assert_eq!(db.approved_thread_at(story, count, count, true).await.unwrap(), None, "past the last thread");
    }

    async fn the_moderation_queue_filters_searches_counts_and_pages(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let article_id = insert_article(&db, &article("queue", ArticleStatus::Published, Some(now)), now).await;
        let other_article = insert_article(&db, &article("elsewhere", ArticleStatus::Published, Some(now)), now).await;
        let parent = insert_comment(&db, &comment(article_id, "Ana", CommentStatus::Approved), "2024-05-01T12:01:00Z").await;
        let mut percent = comment(article_id, "Ben", CommentStatus::Pending);
        (percent.parent_id, percent.root_id, percent.depth) = (Some(parent), Some(parent), 2);
        percent.text = "A 100% sure thing".into();
        let percent = insert_comment(&db, &percent, "2024-05-01T12:02:00Z").await;
        let mut underscore = comment(other_article, "Cy", CommentStatus::Pending);
        underscore.author_email = "cy_reader@example.com".into();
        underscore.ip = Some("198.51.100.20".into());
        let underscore = insert_comment(&db, &underscore, "2024-05-01T12:03:00Z").await;
        let mut spam = comment(article_id, "Dee", CommentStatus::Spam);
        spam.author_url = Some("https://Cheap.example/".into());
        let spam = insert_comment(&db, &spam, "2024-05-01T12:04:00Z").await;
        let everyone = CommentQueueFilter::default();
        let pending_and_approved = [CommentStatus::Pending, CommentStatus::Approved];
        let ids = |queued: Vec<QueuedComment>| queued.into_iter().map(|queued| queued.comment.id).collect::<Vec<_>>();

        assert_eq!(ids(db.comment_queue(&everyone, &pending_and_approved, 10, 0).await.unwrap()), [underscore, percent, parent], "newest first");
        assert_eq!(ids(db.comment_queue(&everyone, &CommentStatus::ALL, 2, 1).await.unwrap()), [underscore, percent], "a page from an offset");
        assert_eq!(ids(db.comment_queue(&everyone, &[CommentStatus::Trash], 10, 0).await.unwrap()), []);
        let on_article = CommentQueueFilter { article_id: Some(article_id), ..everyone };
        assert_eq!(ids(db.comment_queue(&on_article, &[CommentStatus::Pending], 10, 0).await.unwrap()), [percent]);
        let reply = db.comment_queue(&on_article, &[CommentStatus::Pending], 10, 0).await.unwrap().remove(0);
        assert_eq!(reply.parent_author.as_deref(), Some("Ana"));
        assert_eq!(db.comment_status_counts(&everyone).await.unwrap(), StatusCounts { pending: 2, approved: 1, spam: 1, trash: 0 });
        assert_eq!(db.comment_status_counts(&on_article).await.unwrap(), StatusCounts { pending: 1, approved: 1, spam: 1, trash: 0 });
        let readers = CommentQueueFilter { kind: Some(CommentKind::Comment), ..everyone };
        assert_eq!(ids(db.comment_queue(&readers, &pending_and_approved, 10, 0).await.unwrap()), [underscore, percent, parent]);
        let pingbacks = CommentQueueFilter { kind: Some(CommentKind::Pingback), ..on_article };
        assert!(db.comment_queue(&pingbacks, &CommentStatus::ALL, 10, 0).await.unwrap().is_empty(), "readers' comments are no pingbacks");
        assert_eq!(db.comment_status_counts(&pingbacks).await.unwrap(), StatusCounts::default());

        let search = |words: &'static str| CommentQueueFilter { search: Some(words), ..CommentQueueFilter::default() };
        for (words, expected) in [
            ("100%", vec![percent]),
            ("%", vec![percent]),
            ("_", vec![underscore]),
            ("cy_", vec![underscore]),
            ("CHEAP", vec![spam]),
            ("198.51.100", vec![underscore]),
            ("bEn@", vec![percent]),
            ("says hello", vec![spam, underscore, parent]),
            ("\\", vec![]),
            ("'; DROP TABLE comments; --", vec![]),
            ("\"quoted\"", vec![]),
        ] {
            assert_eq!(ids(db.comment_queue(&search(words), &CommentStatus::ALL, 10, 0).await.unwrap()), expected, "searching for {words}");
        }
        let long = "x%".repeat(1_000);
        let long_search = CommentQueueFilter { search: Some(&long), ..CommentQueueFilter::default() };
        assert!(db.comment_queue(&long_search, &CommentStatus::ALL, 10, 0).await.unwrap().is_empty());
        assert_eq!(db.comment_status_counts(&search("%")).await.unwrap(), StatusCounts { pending: 1, ..StatusCounts::default() });
        assert_eq!(db.comments(&CommentFilter::default()).await.unwrap().len(), 4, "nothing was dropped");
    }

    async fn the_moderation_log_pages_with_what_each_comment_still_is(db: Db) {
        let now = "2024-05-01T12:00:00Z";
        let article_id = insert_article(&db, &article("logged", ArticleStatus::Published, Some(now)), now).await;
        let kept = insert_comment(&db, &comment(article_id, "Ana", CommentStatus::Pending), now).await;
        let entry = |comment_id: CommentId, action: &str, at: &str| ModerationLogEntry {
            comment_id,
            action: action.into(),
            from_status: Some(CommentStatus::Pending),
            to_status: Some(CommentStatus::Approved),
            actor: "user:1 Eddie".into(),
            at: instant(at),
        };
        let mut tx = db.begin().await.unwrap();
        tx.log_moderation(&entry(kept, "approve", "2024-05-01T12:01:00Z")).await.unwrap();
        tx.log_moderation(&entry(CommentId(999), "delete", "2024-05-01T12:02:00Z")).await.unwrap();
        tx.log_moderation(&entry(kept, "unapprove", "2024-05-01T12:03:00Z")).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(db.moderation_log_length(None).await.unwrap(), 3);
        assert_eq!(db.moderation_log_length(Some(kept)).await.unwrap(), 2);
        let page = db.moderation_log_page(None, 2, 0).await.unwrap();
        assert_eq!(page.iter().map(|line| line.entry.action.as_str()).collect::<Vec<_>>(), ["unapprove", "delete"]);
        assert_eq!(page[0].comment_author.as_deref(), Some("Ana"));
        assert_eq!(page[0].article, Some((article_id, "Title of logged".to_owned())));
        assert_eq!((page[1].comment_author.as_deref(), page[1].article.as_ref()), (None, None), "a deleted comment is only its id");
        let rest = db.moderation_log_page(None, 2, 2).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].entry.actor, "user:1 Eddie");
        assert_eq!(db.moderation_log_page(Some(kept), 10, 0).await.unwrap().len(), 2);
    }

    async fn attempts_are_counted_per_network_and_window(db: Db) {
        let window = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        assert_eq!(tx.count_comment_attempt("192.0.2.1", window).await.unwrap(), 1);
        assert_eq!(tx.count_comment_attempt("192.0.2.1", window).await.unwrap(), 2);
        assert_eq!(tx.count_comment_attempt("2001:db8::/64", window).await.unwrap(), 1);
        assert_eq!(tx.count_comment_attempt("192.0.2.1", instant("2024-05-01T13:00:00Z")).await.unwrap(), 1);
        assert_eq!(tx.forget_comment_attempts_before(instant("2024-05-01T13:00:00Z")).await.unwrap(), 2);
        tx.commit().await.unwrap();
    }

    async fn the_classifier_counts_are_learnt_and_unlearnt(db: Db) {
        let features = vec!["w:casino".to_owned(), "d:spam.example".to_owned()];
        let mut tx = db.begin().await.unwrap();
        tx.adjust_spam_features(&features, Lesson::Spam, 1).await.unwrap();
        tx.adjust_spam_features(&features[..1], Lesson::Ham, 1).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.spam_corpus_totals().await.unwrap(), SpamCounts { spam: 1, ham: 1 });
        let counts = db.spam_feature_counts(&[features[0].clone(), "w:unknown".to_owned()]).await.unwrap();
        assert_eq!(counts.get("w:casino"), Some(&SpamCounts { spam: 1, ham: 1 }));
        assert!(!counts.contains_key("w:unknown"));
        let mut tx = db.begin().await.unwrap();
        tx.adjust_spam_features(&features, Lesson::Spam, -1).await.unwrap();
        tx.adjust_spam_features(&features, Lesson::Spam, -1).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.spam_corpus_totals().await.unwrap(), SpamCounts { spam: 0, ham: 1 }, "never below zero");
    }

    async fn a_job_is_claimed_by_one_worker_and_retried_until_done(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let job = NewJob { kind: "notify_author", payload: "{}".into(), run_at: now, max_attempts: 3 };
        tx.enqueue_job(&job, now).await.unwrap();
        tx.commit().await.unwrap();
        let lease = now.plus_seconds(300);
        let claimed = db.claim_job(now, lease).await.unwrap().unwrap();
        assert_eq!((claimed.kind.as_str(), claimed.attempt), ("notify_author", 1));
        assert!(db.claim_job(now, lease).await.unwrap().is_none(), "leased to the first worker");
        db.retry_job(claimed.id, now.plus_seconds(30), "connection refused").await.unwrap();
        assert!(db.claim_job(now.plus_seconds(10), lease).await.unwrap().is_none(), "not due yet");
        let again = db.claim_job(now.plus_seconds(31), now.plus_seconds(331)).await.unwrap().unwrap();
        assert_eq!(again.attempt, 2);
        assert_eq!(db.jobs(10).await.unwrap()[0].last_error.as_deref(), Some("connection refused"));
        db.finish_job(again.id).await.unwrap();
        assert!(db.jobs(10).await.unwrap().is_empty());
        assert_eq!(db.next_job_due().await.unwrap(), None);
    }

    async fn a_featured_image_is_set_only_while_there_is_none(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let id = insert_article(&db, &article("harbour", ArticleStatus::Published, Some("2024-05-01T11:00:00Z")), "2024-05-01T11:00:00Z").await;
        let media = |name: &str| NewMediaRecord {
            file_name: format!("2024/05/{name}-0123456789.jpg"),
            original_name: format!("{name}.jpg"),
            mime_type: "image/jpeg".into(),
            width: 10,
            height: 10,
            byte_size: 100,
            sha256: "00".into(),
            title: name.into(),
            alt_text: format!("{name} at dawn"),
            uploaded_by: None,
        };
        let mut tx = db.begin().await.unwrap();
        let fetched = tx.insert_media(&media("harbour"), now).await.unwrap();
        let chosen = tx.insert_media(&media("quay"), now).await.unwrap();
        assert!(tx.set_featured_media_if_none(id, fetched, now).await.unwrap());
        assert!(!tx.set_featured_media_if_none(id, chosen, now).await.unwrap(), "an image already there stays");
        assert!(!tx.set_featured_media_if_none(ArticleId(999_999), chosen, now).await.unwrap(), "no article, nothing to do");
        tx.commit().await.unwrap();
        let featured = db.article_by_id(id).await.unwrap().unwrap().featured_image.unwrap();
        assert_eq!((featured.media_id, featured.alt.as_str()), (fetched, "harbour at dawn"), "the library's alt text comes along");
        let stored = db.media_by_id(fetched).await.unwrap().unwrap();
        assert_eq!((stored.alt_text.as_str(), stored.uploaded_by), ("harbour at dawn", None));
    }

    async fn many_jobs_are_queued_together(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let jobs: Vec<NewJob> = (0..600).map(|number| NewJob { kind: "fetch_item_image", payload: format!("{{\"number\":{number}}}"), run_at: now, max_attempts: 8 }).collect();
        let mut tx = db.begin().await.unwrap();
        tx.enqueue_jobs(&jobs, now).await.unwrap();
        tx.enqueue_jobs(&[], now).await.unwrap();
        tx.commit().await.unwrap();
        let queued = db.jobs(1000).await.unwrap();
        assert_eq!(queued.len(), 600, "in several statements");
        assert!(queued.iter().all(|job| job.kind == "fetch_item_image" && job.attempts == 0));
        let claimed = db.claim_job(now, now.plus_seconds(300)).await.unwrap().unwrap();
        assert_eq!((claimed.payload.as_str(), claimed.max_attempts), ("{\"number\":0}", 8));
    }

    async fn sessions_failures_and_one_time_links_are_kept(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let user = tx.insert_user(&NewUserRecord { display_name: "Eddie".into(), email: "eddie@example.com".into(), slug: Slug::parse("eddie").unwrap(), role: Role::Editor, password_hash: Some("$argon2id$x".into()) }, now).await.unwrap();
        let session = SessionRecord { id_hash: "abc".into(), user_id: user, created_at: now, last_seen_at: now, expires_at: now.plus_seconds(3600), ip: Some("192.0.2.1".into()), user_agent: None };
        tx.insert_session(&session).await.unwrap();
        tx.insert_session(&SessionRecord { id_hash: "def".into(), ..session.clone() }).await.unwrap();
        tx.count_login_failure("account:eddie@example.com", now).await.unwrap();
        tx.count_login_failure("account:eddie@example.com", now).await.unwrap();
        tx.insert_one_time_token("tokenhash", TokenPurpose::Setup, None, now, now.plus_seconds(60)).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(db.password_hash(user).await.unwrap().as_deref(), Some("$argon2id$x"));
        assert_eq!(db.session("abc", now).await.unwrap(), Some(session.clone()));
        assert_eq!(db.session("abc", now.plus_seconds(3600)).await.unwrap(), None, "expired");
        assert_eq!(db.sessions_of(user, now).await.unwrap().len(), 2);
        assert_eq!(db.login_failures("account:eddie@example.com", now.plus_seconds(-900)).await.unwrap(), 2);
        assert_eq!(db.active_administrator_count().await.unwrap(), 0);
        assert!(db.one_time_token_is_valid("tokenhash", TokenPurpose::Setup, now).await.unwrap());
        assert!(!db.one_time_token_is_valid("tokenhash", TokenPurpose::PasswordReset, now).await.unwrap());

        let mut tx = db.begin().await.unwrap();
        assert_eq!(tx.use_one_time_token("tokenhash", TokenPurpose::Setup, now).await.unwrap(), Some(None));
        assert_eq!(tx.use_one_time_token("tokenhash", TokenPurpose::Setup, now).await.unwrap(), None, "once only");
        assert!(tx.delete_session("abc", user).await.unwrap());
        assert!(!tx.delete_session("def", UserId(user.get() + 1)).await.unwrap(), "only the owner ends a session");
        assert_eq!(tx.delete_sessions_of(user).await.unwrap(), 1);
        tx.set_user_disabled(user, Some(now), now).await.unwrap();
        tx.commit().await.unwrap();
        assert!(db.user_by_id(user).await.unwrap().unwrap().disabled_at.is_some());
    }

    async fn users_are_listed_changed_and_their_links_replaced(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let record = |name: &str, role: Role, password: Option<&str>| NewUserRecord { display_name: name.into(), email: format!("{}@example.com", name.to_lowercase()), slug: Slug::parse(&name.to_lowercase()).unwrap(), role, password_hash: password.map(str::to_owned) };
        let mut tx = db.begin().await.unwrap();
        let ada = tx.insert_user(&record("Ada", Role::Administrator, Some("$argon2id$x")), now).await.unwrap();
        let nora = tx.insert_user(&record("Nora", Role::Author, None), now).await.unwrap();
        tx.record_sign_in(ada, now).await.unwrap();
        tx.record_sign_in(ada, now.plus_seconds(60)).await.unwrap();
        tx.insert_one_time_token("first", TokenPurpose::Invitation, Some(nora), now, now.plus_seconds(60)).await.unwrap();
        tx.insert_one_time_token("reset", TokenPurpose::PasswordReset, Some(nora), now, now.plus_seconds(60)).await.unwrap();
        assert_eq!(tx.lock_active_administrators().await.unwrap(), 1);
        assert!(tx.user_has_password(ada).await.unwrap());
        assert!(!tx.user_has_password(nora).await.unwrap());
        let mut slugs = tx.user_slugs().await.unwrap();
        slugs.sort();
        assert_eq!(slugs, ["ada", "nora"]);
        tx.commit().await.unwrap();
        insert_article(&db, &ArticleRecord { author_id: Some(nora), ..article("by-nora", ArticleStatus::Draft, None) }, "2024-05-01T12:00:00Z").await;

        let listed = db.user_listings().await.unwrap();
        assert_eq!(listed.iter().map(|listing| listing.user.id).collect::<Vec<_>>(), [ada, nora]);
        assert_eq!((listed[0].last_signed_in_at, listed[0].has_password, listed[0].article_count), (Some(now.plus_seconds(60)), true, 0));
        assert_eq!((listed[1].last_signed_in_at, listed[1].has_password, listed[1].article_count), (None, false, 1));
        assert_eq!(db.one_time_token_user("first", TokenPurpose::Invitation, now).await.unwrap(), Some(Some(nora)));
        assert_eq!(db.one_time_token_user("first", TokenPurpose::PasswordReset, now).await.unwrap(), None);
        assert_eq!(db.one_time_token_user("first", TokenPurpose::Invitation, now.plus_seconds(60)).await.unwrap(), None, "expired");

        let mut tx = db.begin().await.unwrap();
        tx.delete_unused_tokens_of(nora, TokenPurpose::Invitation).await.unwrap();
        tx.set_user_profile(nora, "Nora N.", "nora.n@example.com", now).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let taken = tx.set_user_profile(nora, "Nora N.", "ADA@example.com", now).await.unwrap_err();
        assert!(matches!(taken, StoreError::Conflict(_)), "{taken:?}");
        drop(tx);
        assert_eq!(db.one_time_token_user("first", TokenPurpose::Invitation, now).await.unwrap(), None, "withdrawn");
        assert_eq!(db.one_time_token_user("reset", TokenPurpose::PasswordReset, now).await.unwrap(), Some(Some(nora)), "other purposes stay");
        assert_eq!(db.user_by_id(nora).await.unwrap().unwrap().email, "nora.n@example.com");

        let session = SessionRecord { id_hash: "keep".into(), user_id: ada, created_at: now, last_seen_at: now, expires_at: now.plus_seconds(3600), ip: None, user_agent: None };
        let mut tx = db.begin().await.unwrap();
        tx.insert_session(&session).await.unwrap();
        tx.insert_session(&SessionRecord { id_hash: "other".into(), ..session.clone() }).await.unwrap();
        assert_eq!(tx.delete_other_sessions_of(ada, "keep").await.unwrap(), 1);
        tx.forget_expired_sign_ins(now.plus_seconds(120), now).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.sessions_of(ada, now).await.unwrap(), [session]);
        assert_eq!(db.one_time_token_user("reset", TokenPurpose::PasswordReset, now).await.unwrap(), None, "expired links are forgotten");
    }

    async fn settings_are_upserted(db: Db) {
        assert!(db.setting_rows().await.unwrap().is_empty());
        let mut tx = db.begin().await.unwrap();
        tx.put_setting("title", "Courier", instant("2024-01-01T00:00:00Z")).await.unwrap();
        tx.put_setting("time_zone", "Europe/Paris", instant("2024-01-01T00:00:00Z")).await.unwrap();
        tx.put_setting("title", "The Courier", instant("2024-01-02T00:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            db.setting_rows().await.unwrap(),
            [("time_zone".to_owned(), "Europe/Paris".to_owned()), ("title".to_owned(), "The Courier".to_owned())]
        );
    }

    async fn earlier_permalink_patterns_are_kept_newest_first(db: Db) {
        assert!(db.earlier_permalink_patterns().await.unwrap().is_empty());
        let mut tx = db.begin().await.unwrap();
        tx.keep_earlier_permalink_pattern("/%year%/%monthnum%/%day%/%postname%/", instant("2024-01-01T00:00:00Z")).await.unwrap();
        tx.keep_earlier_permalink_pattern("/%postname%/", instant("2024-01-02T00:00:00Z")).await.unwrap();
        tx.keep_earlier_permalink_pattern("/%post_id%/", instant("2024-01-03T00:00:00Z")).await.unwrap();
        tx.forget_earlier_permalink_pattern("/%post_id%/").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.earlier_permalink_patterns().await.unwrap(), ["/%postname%/", "/%year%/%monthnum%/%day%/%postname%/"]);
        let mut tx = db.begin().await.unwrap();
        tx.keep_earlier_permalink_pattern("/%year%/%monthnum%/%day%/%postname%/", instant("2024-01-04T00:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.earlier_permalink_patterns().await.unwrap(), ["/%year%/%monthnum%/%day%/%postname%/", "/%postname%/"], "kept again, it is the newest");
    }

    async fn secrets_are_made_once(db: Db) {
        let first = db.secret_or_insert("cookie_key", &[1, 2, 3]).await.unwrap();
        let second = db.secret_or_insert("cookie_key", &[9, 9, 9]).await.unwrap();
        assert_eq!(first, [1, 2, 3]);
        assert_eq!(second, first);
    }

    async fn users_are_unique_by_email_in_any_case(db: Db) {
        let record = NewUserRecord {
            display_name: "Newsroom".into(),
            email: "Desk@Example.com".into(),
            slug: Slug::parse("newsroom").unwrap(),
            role: Role::Editor,
            password_hash: None,
        };
        let mut tx = db.begin().await.unwrap();
        let id = tx.insert_user(&record, instant("2024-01-01T00:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        let found = db.user_by_email("desk@example.COM").await.unwrap().unwrap();
        assert_eq!(found.id, id);
        assert_eq!(found.role, Role::Editor);
        assert_eq!(db.user_by_id(id).await.unwrap().unwrap(), found);

        let mut tx = db.begin().await.unwrap();
        let duplicate = NewUserRecord { slug: Slug::parse("other").unwrap(), email: "desk@example.com".into(), ..record };
        assert!(matches!(tx.insert_user(&duplicate, instant("2024-01-01T00:00:00Z")).await, Err(StoreError::Conflict(_))));
    }

    async fn categories_and_tags_are_shared_by_slug(db: Db) {
        let id = insert_article(&db, &article("tagged", ArticleStatus::Published, Some("2024-01-01T00:00:00Z")), "2024-01-01T00:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let local = tx.ensure_category(&Slug::parse("local").unwrap(), "Local").await.unwrap();
        assert_eq!(tx.ensure_category(&Slug::parse("local").unwrap(), "Local").await.unwrap(), local);
        let transit = tx.ensure_tag(&Slug::parse("transit").unwrap(), "transit").await.unwrap();
        let buses = tx.ensure_tag(&Slug::parse("buses").unwrap(), "buses").await.unwrap();
        tx.attach_category(id, local).await.unwrap();
        tx.attach_category(id, local).await.unwrap();
        let animals = tx.ensure_category(&Slug::parse("animals").unwrap(), "Animals").await.unwrap();
        tx.attach_category(id, animals).await.unwrap();
        tx.attach_tag(id, transit).await.unwrap();
        tx.attach_tag(id, buses).await.unwrap();
        tx.commit().await.unwrap();
        let categories = db.categories_of_article(id).await.unwrap();
        assert_eq!(categories.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Animals", "Local"]);
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().first_category, Some(local));
        let listed = db.home_page_articles(instant("2024-02-01T00:00:00Z"), 10, 0).await.unwrap();
        assert_eq!(listed.articles[0].first_category, Some(local), "the lowest-numbered, not the first by name");
        let tags = db.tags_of_article(id).await.unwrap();
        assert_eq!(tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["buses", "transit"]);
    }
}

#[tokio::test]
async fn an_unmigrated_database_is_refused_with_advice() {
    let database = TestDatabase::sqlite();
    let error = database.connect_unmigrated().await.unwrap_err();
    assert!(
        matches!(error, StoreError::SchemaBehind { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("gazette migrate"));
}

#[tokio::test]
async fn new_sqlite_files_get_8_kib_pages_and_older_files_keep_theirs() {
    use sqlx::Connection as _;
    async fn page_size(address: &str) -> i64 {
        let mut connection = sqlx::SqliteConnection::connect(address).await.unwrap();
        let size = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        size
    }

    let fresh = TestDatabase::sqlite();
    fresh.connect().await.close().await;
    assert_eq!(page_size(fresh.address()).await, 8192);

    // A file made before, with SQLite's own page size, keeps it and is migrated as it is.
    let older = TestDatabase::sqlite();
    let mut making = sqlx::SqliteConnection::connect(&format!("{}?mode=rwc", older.address()))
        .await
        .unwrap();
    for statement in [
        "PRAGMA page_size = 4096",
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE made_before (id INTEGER PRIMARY KEY)",
    ] {
        sqlx::query(statement).execute(&mut making).await.unwrap();
    }
    making.close().await.unwrap();
    let db = older.connect().await;
    let before = db.content_version().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    tx.ensure_tag(&Slug::parse("harbour").unwrap(), "Harbour")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(db.content_version().await.unwrap() > before);
    db.close().await;
    assert_eq!(page_size(older.address()).await, 4096);
}

#[tokio::test]
async fn an_unmigrated_postgres_database_is_refused_with_advice() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let error = database.connect_unmigrated().await.unwrap_err();
    assert!(
        matches!(error, StoreError::SchemaBehind { .. }),
        "{error:?}"
    );
}

/// A reader's comment posted on an article while a moderator's transaction changes
/// approved comments on another article and then on the same one (a bulk action, one
/// comment at a time) waits for the moderator and is then counted: the two never deadlock,
/// because every change to an approved comment takes the content version's one row before
/// any article's count. SQLite writes one transaction at a time, so this is PostgreSQL's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_posted_during_a_bulk_moderation_waits_for_it_rather_than_deadlocking() {
    use sqlx::Connection as _;
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let db = database.connect().await;
    let now = "2024-05-01T12:00:00Z";
    let story = insert_article(
        &db,
        &article("contested", ArticleStatus::Published, Some(now)),
        now,
    )
    .await;
    let other = insert_article(
        &db,
        &article("quiet", ArticleStatus::Published, Some(now)),
        now,
    )
    .await;
    let on_story = insert_comment(
        &db,
        &comment(story, "Ana", CommentStatus::Approved),
        "2024-05-01T12:01:00Z",
    )
    .await;
    let on_other = insert_comment(
        &db,
        &comment(other, "Ben", CommentStatus::Approved),
        "2024-05-01T12:02:00Z",
    )
    .await;
    let later = instant("2024-05-01T13:00:00Z");

    let mut moderation = db.begin().await.unwrap();
    assert!(
        moderation
            .set_comment_status(on_other, CommentStatus::Spam, None, later)
            .await
            .unwrap()
    );
    let posting = {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin().await?;
            let id = tx
                .insert_comment(&comment(story, "Cy", CommentStatus::Approved), later)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        })
    };
    // The post waits for a lock the moderation holds (bounded: a post that never waits
    // means the moderation took no lock at all, which is a failure too).
    let mut watcher = sqlx::PgConnection::connect(database.address())
        .await
        .unwrap();
    let mut waiting = 0_i64;
    for _ in 0..600 {
        waiting = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&mut watcher)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    watcher.close().await.unwrap();
    assert_eq!(waiting, 1, "the post waits for the moderation");
    assert!(
        moderation
            .set_comment_status(on_story, CommentStatus::Spam, None, later)
            .await
            .unwrap(),
        "the moderation goes on to the article the post is on"
    );
    moderation.commit().await.unwrap();
    let posted = posting.await.unwrap().expect("the post went through");

    assert_eq!(
        comment_counts(&db, story).await,
        (1, 1),
        "Ana's comment out, Cy's in"
    );
    assert_eq!(comment_counts(&db, other).await, (0, 0));
    let mut tx = db.begin().await.unwrap();
    assert!(tx.comment_by_id(posted).await.unwrap().is_some());
    tx.commit().await.unwrap();
    db.close().await;
}

#[tokio::test]
async fn postgres_connections_can_require_tls() {
    use sqlx::Connection as _;
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let mut plain = sqlx::PgConnection::connect(database.address())
        .await
        .unwrap();
    let server_offers_tls: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(&mut plain)
        .await
        .unwrap();
    plain.close().await.unwrap();
    if server_offers_tls != "on" {
        eprintln!("skipped: this PostgreSQL server does not offer TLS");
        return;
    }
    let separator = if database.address().contains('?') {
        '&'
    } else {
        '?'
    };
    let location = gazette_store::Location::parse(&format!(
        "{}{separator}sslmode=require",
        database.address()
    ))
    .unwrap();
    let db = Db::connect(&location, &gazette_store::ConnectOptions::default())
        .await
        .expect("a TLS connection");
    assert!(db.content_version().await.unwrap() >= 1);
    db.close().await;
}

async fn user(db: &Db, name: &str, role: Role) -> UserId {
    let mut tx = db.begin().await.unwrap();
    let id = tx
        .insert_user(
            &NewUserRecord {
                display_name: name.into(),
                email: format!("{}@ledger.example", name.to_lowercase()),
                slug: Slug::from_title(name, "user"),
                role,
                password_hash: None,
            },
            instant("2024-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

backend_tests! {
    async fn an_article_whose_source_is_its_html_is_read_back_wherever_its_source_is_read(db: Db) {
        // A syndicated article's editable source is the feed's HTML: kept once, read back
        // as its source by the editor, the desk's search and the media library.
        let html = "<p>The ferry to <a href=\"https://news.example/media/harbour-ab12.jpg\">Skye</a> runs again.</p>";
        let record = ArticleRecord { body_markdown: html.into(), body_html: html.into(), ..article("ferry", ArticleStatus::Draft, None) };
        let id = insert_article(&db, &record, "2024-05-01T12:00:00Z").await;
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().body_markdown, html);
        let search = DeskArticleQuery { search: Some("SKYE".into()), ..DeskArticleQuery::default() };
        assert_eq!(db.desk_articles(&search, 10, 0).await.unwrap().rows.iter().map(|row| row.id).collect::<Vec<_>>(), [id]);
        let uses = db.media_uses(MediaId(999_999), "harbour-ab12.jpg").await.unwrap();
        assert_eq!(uses.iter().map(|found| (found.article_id, found.featured)).collect::<Vec<_>>(), [(id, false)]);

        // Given a source of its own, it keeps that source.
        let mut tx = db.begin().await.unwrap();
        let edited = ArticleRecord { body_markdown: "The ferry to Skye runs again.".into(), ..record.clone() };
        tx.update_article(id, &edited, instant("2024-05-02T12:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().body_markdown, "The ferry to Skye runs again.");
        let mut tx = db.begin().await.unwrap();
        tx.replace_article_body(id, html, html).await.unwrap();
        tx.commit().await.unwrap();
        let stored = db.article_by_id(id).await.unwrap().unwrap();
        assert_eq!((stored.body_markdown.as_str(), stored.body_html.as_str()), (html, html));
    }

    async fn the_desk_list_filters_counts_and_hides_others_drafts(db: Db) {
        let now = "2024-04-24T10:00:00Z";
        let ada = user(&db, "Ada", Role::Author).await;
        let bo = user(&db, "Bo", Role::Author).await;
        let mut mine = article("budget-draft", ArticleStatus::Draft, None);
        mine.author_id = Some(ada);
        mine.title = "Budget 100% approved_soon".into();
        let mine = insert_article(&db, &mine, now).await;
        let mut theirs = article("their-draft", ArticleStatus::Draft, None);
        theirs.author_id = Some(bo);
        insert_article(&db, &theirs, now).await;
        let mut published = article("their-story", ArticleStatus::Published, Some("2024-04-20T00:00:00Z"));
        published.author_id = Some(bo);
        let published = insert_article(&db, &published, now).await;
        let trashed = insert_article(&db, &article("old-story", ArticleStatus::Published, Some("2024-04-01T00:00:00Z")), now).await;
        let mut tx = db.begin().await.unwrap();
        assert!(tx.trash_article(trashed, instant(now)).await.unwrap());
        assert!(!tx.trash_article(trashed, instant(now)).await.unwrap(), "trashing twice changes nothing");
        tx.commit().await.unwrap();

        let everything = db.desk_articles(&DeskArticleQuery::default(), 10, 0).await.unwrap();
        assert_eq!(everything.total, 3, "the trash is not in the list of everything");
        let counts = db.desk_article_counts(&DeskArticleQuery::default()).await.unwrap();
        assert_eq!(counts.get("draft"), Some(&2));
        assert_eq!(counts.get("published"), Some(&1));
        assert_eq!(counts.get("trash"), Some(&1));
        let in_trash = db.desk_articles(&DeskArticleQuery { status: Some(StatusFilter::Trash), ..DeskArticleQuery::default() }, 10, 0).await.unwrap();
        assert_eq!(in_trash.rows.iter().map(|row| row.id).collect::<Vec<_>>(), vec![trashed]);
        assert_eq!(in_trash.rows[0].status, ArticleStatus::Draft, "a trashed article is never public");

        let as_ada = DeskArticleQuery { visible_to: Some(ada), ..DeskArticleQuery::default() };
        let visible: Vec<ArticleId> = db.desk_articles(&as_ada, 10, 0).await.unwrap().rows.iter().map(|row| row.id).collect();
        assert_eq!(visible.len(), 2, "her draft and the published story, not Bo's draft");
        assert!(visible.contains(&mine) && visible.contains(&published));

        for (words, expected) in [("100%", 1), ("approved_soon", 1), ("100_", 0), ("%", 1), ("BUDGET", 1), ("body *text*", 3)] {
            let query = DeskArticleQuery { search: Some(words.into()), ..DeskArticleQuery::default() };
            assert_eq!(db.desk_articles(&query, 10, 0).await.unwrap().total, expected, "searching {words:?}");
        }
        let by_bo = DeskArticleQuery { author: Some(bo), ..DeskArticleQuery::default() };
        assert_eq!(db.desk_articles(&by_bo, 10, 0).await.unwrap().total, 2);
        let news = DeskArticleQuery { kind: Some(gazette_domain::ArticleKind::Post), ..DeskArticleQuery::default() };
        assert_eq!(db.desk_articles(&news, 10, 0).await.unwrap().total, 3);
        let pages = DeskArticleQuery { kind: Some(gazette_domain::ArticleKind::Page), ..DeskArticleQuery::default() };
        assert_eq!(db.desk_articles(&pages, 10, 0).await.unwrap().total, 0);
        assert!(db.desk_article_counts(&pages).await.unwrap().is_empty(), "no page of any status");
        let page_two = db.desk_articles(&DeskArticleQuery::default(), 2, 2).await.unwrap();
        assert_eq!((page_two.rows.len(), page_two.total), (1, 3));

        let mut tx = db.begin().await.unwrap();
        assert!(tx.restore_article(trashed, instant(now)).await.unwrap());
        tx.commit().await.unwrap();
        let restored = db.article_by_id(trashed).await.unwrap().unwrap();
        assert_eq!((restored.status, restored.trashed), (ArticleStatus::Published, None));
    }

    async fn a_scheduled_article_is_published_once(db: Db) {
        let id = insert_article(&db, &article("tomorrow", ArticleStatus::Scheduled, Some("2024-04-25T08:00:00Z")), "2024-04-24T10:00:00Z").await;
        assert_eq!(db.next_scheduled_time().await.unwrap(), Some(instant("2024-04-25T08:00:00Z")));
        assert!(db.due_scheduled_articles(instant("2024-04-25T07:59:59Z")).await.unwrap().is_empty());
        let mut early = db.begin().await.unwrap();
        assert!(!early.publish_if_due(id, instant("2024-04-25T07:59:59Z")).await.unwrap());
        early.commit().await.unwrap();
        assert_eq!(db.due_scheduled_articles(instant("2024-04-25T08:00:00Z")).await.unwrap(), vec![id]);
        let mut first = db.begin().await.unwrap();
        assert!(first.publish_if_due(id, instant("2024-04-25T08:00:01Z")).await.unwrap());
        first.commit().await.unwrap();
        let mut second = db.begin().await.unwrap();
        assert!(!second.publish_if_due(id, instant("2024-04-25T08:00:02Z")).await.unwrap(), "only one transaction publishes it");
        second.commit().await.unwrap();
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().status, ArticleStatus::Published);
        assert_eq!(db.next_scheduled_time().await.unwrap(), None);
    }

    async fn old_slugs_lead_to_the_article(db: Db) {
        let now = instant("2024-04-24T10:00:00Z");
        let id = insert_article(&db, &article("first-name", ArticleStatus::Published, Some("2024-04-20T00:00:00Z")), "2024-04-24T10:00:00Z").await;
        let mut record = article("second-name", ArticleStatus::Published, Some("2024-04-20T00:00:00Z"));
        record.modified_at = Some(now);
        let mut tx = db.begin().await.unwrap();
        tx.update_article(id, &record, now).await.unwrap();
        tx.remember_old_slug(&Slug::parse("first-name").unwrap(), id, now).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.article_by_old_slug("first-name").await.unwrap().unwrap().slug.as_str(), "second-name");
        assert_eq!(db.old_slugs_of(id).await.unwrap(), vec!["first-name".to_owned()]);
        assert_eq!(db.article_by_id(id).await.unwrap().unwrap().modified_at, Some(now));
        let mut tx = db.begin().await.unwrap();
        tx.forget_old_slug(&Slug::parse("first-name").unwrap()).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.article_by_old_slug("first-name").await.unwrap(), None);
    }

    async fn revisions_autosaves_and_corrections_are_kept(db: Db) {
        let editor = user(&db, "Eddie", Role::Editor).await;
        let id = insert_article(&db, &article("kept", ArticleStatus::Draft, None), "2024-04-24T10:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let first = tx.insert_revision(&NewRevision { article_id: id, title: "One", slug: "kept", excerpt: "", seo_title: "", meta_description: "", body_markdown: "a\nb", status: ArticleStatus::Draft, saved_by: Some(editor), note: "" }, instant("2024-04-24T10:00:00Z")).await.unwrap();
        let second = tx.insert_revision(&NewRevision { article_id: id, title: "Two", slug: "kept", excerpt: "x", seo_title: "Kept for search", meta_description: "", body_markdown: "a\nc", status: ArticleStatus::Published, saved_by: Some(editor), note: "Restored version 1" }, instant("2024-04-24T11:00:00Z")).await.unwrap();
        tx.put_autosave(id, editor, &Autosave { title: "Typing".into(), excerpt: String::new(), body_markdown: "unsaved".into(), other_fields: String::new(), saved_at: instant("2024-04-24T11:30:00Z") }).await.unwrap();
        tx.put_autosave(id, editor, &Autosave { title: "Typing more".into(), excerpt: String::new(), body_markdown: "unsaved!".into(), other_fields: "tags=budget".into(), saved_at: instant("2024-04-24T11:31:00Z") }).await.unwrap();
        tx.insert_correction(id, CorrectionKind::Correction, "It was Tuesday.", "<p>It was Tuesday.</p>", Some(editor), instant("2024-04-24T12:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();

        let revisions = db.revisions_of(id).await.unwrap();
        assert_eq!(revisions.iter().map(|revision| revision.id).collect::<Vec<_>>(), vec![second, first], "newest first");
        assert_eq!(revisions[0].saved_by_name.as_deref(), Some("Eddie"));
        assert_eq!(revisions[0].note, "Restored version 1");
        assert_eq!((revisions[0].seo_title.as_str(), revisions[1].seo_title.as_str()), ("Kept for search", ""));
        assert_eq!(db.revision_before(id, second).await.unwrap().unwrap().id, first);
        assert_eq!(db.revision_before(id, first).await.unwrap(), None);
        assert_eq!(db.revision(ArticleId(999), first).await.unwrap(), None, "a revision belongs to its article");
        let autosave = db.autosave(id, editor).await.unwrap().unwrap();
        assert_eq!((autosave.title.as_str(), autosave.saved_at), ("Typing more", instant("2024-04-24T11:31:00Z")));
        assert_eq!(autosave.other_fields, "tags=budget");
        let corrections = db.corrections_of(id).await.unwrap();
        assert_eq!(corrections.len(), 1);
        assert_eq!(corrections[0].kind, CorrectionKind::Correction);

        let mut tx = db.begin().await.unwrap();
        tx.delete_autosave(id, editor).await.unwrap();
        assert!(tx.delete_correction(id, corrections[0].id).await.unwrap());
        assert!(tx.delete_article(id).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(db.autosave(id, editor).await.unwrap(), None);
        assert!(db.revisions_of(id).await.unwrap().is_empty(), "revisions go with their article");
    }

    async fn categories_nest_and_deleting_one_lifts_its_children(db: Db) {
        let record = |slug: &str, parent| CategoryRecord { slug: Slug::parse(slug).unwrap(), name: slug.to_uppercase(), description: String::new(), parent_id: parent };
        let mut tx = db.begin().await.unwrap();
        let news = tx.insert_category(&record("news", None)).await.unwrap();
        let local = tx.insert_category(&record("local", Some(news))).await.unwrap();
        let council = tx.insert_category(&record("council", Some(local))).await.unwrap();
        tx.commit().await.unwrap();
        let mut duplicate = db.begin().await.unwrap();
        assert!(matches!(duplicate.insert_category(&record("news", None)).await, Err(StoreError::Conflict(_))));
        drop(duplicate);
        let id = insert_article(&db, &article("filed", ArticleStatus::Draft, None), "2024-04-24T10:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        tx.set_article_categories(id, &[local, council]).await.unwrap();
        tx.set_article_categories(id, &[council]).await.unwrap();
        tx.commit().await.unwrap();
        let details = db.category_details().await.unwrap();
        let count_of = |slug: &str| details.iter().find(|detail| detail.category.slug.as_str() == slug).unwrap().article_count;
        assert_eq!((count_of("local"), count_of("council")), (0, 1));

        let mut tx = db.begin().await.unwrap();
        assert!(tx.delete_category(local, Some(news)).await.unwrap());
        tx.commit().await.unwrap();
        let council_now = db.all_categories().await.unwrap().into_iter().find(|category| category.id == council).unwrap();
        assert_eq!(council_now.parent_id, Some(news), "the child moved up to the deleted category's parent");
    }
}

fn source(name: &str, url: &str, mode: SourceMode) -> ValidSource {
    ValidSource {
        name: name.into(),
        feed_url: url.into(),
        home_page_url: None,
        category: Some("Wire".into()),
        author_id: None,
        mode,
        interval_seconds: 900,
        include_keywords: String::new(),
        exclude_keywords: "sponsored".into(),
        max_item_age_days: Some(7),
        licence: "Republished with permission.".into(),
        canonical_to_original: true,
        allow_private_addresses: false,
    }
}

fn version(hash: &str, title: &str, fetched_at: &str) -> ItemVersion {
    ItemVersion {
        content_hash: hash.into(),
        title: title.into(),
        link: Some("https://wire.example/story".into()),
        content_html: format!("<p>{title}</p>"),
        summary_html: None,
        published_at: Some(instant("2024-04-24T08:00:00Z")),
        updated_at: None,
        author: Some(format!("{title}'s reporter")),
        fetched_at: instant(fetched_at),
    }
}

backend_tests! {
    async fn sources_are_stored_claimed_once_and_keep_their_fetching_state(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Review), now, now).await.unwrap();
        tx.commit().await.unwrap();
        let mut duplicate = db.begin().await.unwrap();
        assert!(matches!(duplicate.insert_source(&source("Again", "https://wire.example/feed", SourceMode::Publish), now, now).await, Err(StoreError::Conflict(_))));
        drop(duplicate);

        let stored = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((stored.name.as_str(), stored.mode, stored.interval_seconds, stored.max_item_age_days), ("The Wire", SourceMode::Review, 900, Some(7)));
        assert_eq!((stored.category.as_deref(), stored.licence.as_str(), stored.canonical_to_original), (Some("Wire"), "Republished with permission.", true));
        assert_eq!((stored.status(), stored.next_fetch_at), ("new", now));
        assert_eq!(db.due_sources(now).await.unwrap(), vec![id]);

        let lease = now.plus_seconds(60);
        let mut tx = db.begin().await.unwrap();
        assert!(tx.claim_source_fetch(id, now, lease, false).await.unwrap().is_some());
        assert!(tx.claim_source_fetch(id, now, lease, false).await.unwrap().is_none(), "claimed already");
        tx.record_fetch_failure(id, "the server answered 500", now.plus_seconds(900), now).await.unwrap();
        tx.commit().await.unwrap();
        let failing = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((failing.status(), failing.consecutive_failures, failing.last_error.as_deref()), ("failing", 1, Some("the server answered 500")));
        assert!(db.due_sources(now).await.unwrap().is_empty());

        let later = now.plus_seconds(900);
        let success = FetchSuccess { etag: Some("\"v2\"".into()), last_modified: Some("Wed, 01 May 2024 12:00:00 GMT".into()), home_page_url: Some("https://wire.example/".into()), next_fetch_at: later.plus_seconds(900), feed_digest: Some("d2".into()) };
        let mut tx = db.begin().await.unwrap();
        assert!(tx.claim_source_fetch(id, now, lease, true).await.unwrap().is_some(), "a forced fetch need not be due");
        tx.record_fetch_success(id, &success, later).await.unwrap();
        tx.move_source(id, "https://wire.example/new-feed", later).await.unwrap();
        tx.commit().await.unwrap();
        let ok = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((ok.status(), ok.consecutive_failures, ok.etag.as_deref(), ok.feed_digest.as_deref()), ("ok", 0, Some("\"v2\""), Some("d2")));
        assert_eq!((ok.feed_url.as_str(), ok.home_page_url.as_deref()), ("https://wire.example/new-feed", Some("https://wire.example/")));
        assert_eq!(ok.last_error.as_deref(), Some("the server answered 500"), "the last error is kept");

        let mut tx = db.begin().await.unwrap();
        assert!(tx.pause_source(id, "the feed is gone (410)", later).await.unwrap());
        assert!(tx.claim_source_fetch(id, later, lease, true).await.unwrap().is_none(), "a paused source is not fetched");
        tx.commit().await.unwrap();
        let paused = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((paused.status(), paused.paused.unwrap().reason.as_str()), ("paused", "the feed is gone (410)"));
        let mut tx = db.begin().await.unwrap();
        assert!(tx.resume_source(id, later).await.unwrap());
        tx.set_source_mode(id, SourceMode::Publish, later).await.unwrap();
        tx.commit().await.unwrap();
        let resumed = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((resumed.paused, resumed.mode), (None, SourceMode::Publish));
        assert_eq!(db.sources().await.unwrap().len(), 1);
    }

    async fn a_source_edited_keeps_its_state_and_forgets_validators_only_for_a_new_address(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Review), now, now).await.unwrap();
        let other = tx.insert_source(&source("The Post", "https://post.example/feed", SourceMode::Review), now, now).await.unwrap();
        let success = FetchSuccess { etag: Some("\"v1\"".into()), last_modified: Some("Wed, 01 May 2024 12:00:00 GMT".into()), home_page_url: Some("https://wire.example/".into()), next_fetch_at: now.plus_seconds(900), feed_digest: Some("d1".into()) };
        tx.record_fetch_success(id, &success, now).await.unwrap();
        tx.commit().await.unwrap();

        let later = now.plus_seconds(60);
        let mut renamed = source("The Daily Wire", "https://wire.example/feed", SourceMode::Publish);
        renamed.home_page_url = Some("https://daily.wire.example/".into());
        renamed.interval_seconds = 3600;
        renamed.max_item_age_days = None;
        renamed.allow_private_addresses = true;
        let mut tx = db.begin().await.unwrap();
        assert!(tx.update_source(id, &renamed, later).await.unwrap());
        tx.commit().await.unwrap();
        let stored = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((stored.name.as_str(), stored.mode, stored.interval_seconds, stored.max_item_age_days), ("The Daily Wire", SourceMode::Publish, 3600, None));
        assert_eq!((stored.home_page_url.as_deref(), stored.allow_private_addresses), (Some("https://daily.wire.example/"), true));
        assert_eq!((stored.etag.as_deref(), stored.last_success_at, stored.next_fetch_at), (Some("\"v1\""), Some(now), now.plus_seconds(900)), "the same address keeps its validators and schedule");
        assert_eq!(stored.feed_digest, None, "an edited source reads its feed again in full");

        let mut tx = db.begin().await.unwrap();
        tx.record_fetch_success(id, &FetchSuccess { home_page_url: Some("https://elsewhere.example/".into()), ..success.clone() }, later).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.source_by_id(id).await.unwrap().unwrap().home_page_url.as_deref(), Some("https://daily.wire.example/"), "the home page given by an editor stays");

        let moved = source("The Daily Wire", "https://wire.example/v2/feed", SourceMode::Publish);
        let mut tx = db.begin().await.unwrap();
        assert!(tx.update_source(id, &moved, later).await.unwrap());
        tx.commit().await.unwrap();
        let stored = db.source_by_id(id).await.unwrap().unwrap();
        assert_eq!((stored.feed_url.as_str(), stored.etag.as_deref(), stored.last_modified.as_deref()), ("https://wire.example/v2/feed", None, None), "a new address starts without validators");

        let mut tx = db.begin().await.unwrap();
        assert!(matches!(tx.update_source(other, &moved, later).await, Err(StoreError::Conflict(_))), "two sources cannot share a feed");
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        assert!(!tx.update_source(SourceId(9999), &moved, later).await.unwrap(), "no such source");
        tx.commit().await.unwrap();
    }

    async fn items_are_recorded_once_with_their_versions_and_tombstones(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let source_id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Review), now, now).await.unwrap();
        tx.commit().await.unwrap();
        let mut record = article("wire-story", ArticleStatus::Pending, None);
        record.source = Some(SourceAttribution { name: "The Wire".into(), url: "https://wire.example/story".into(), published_at: Some(instant("2024-04-24T08:00:00Z")), author: None, licence: None, canonical: true });
        let article_id = insert_article(&db, &record, "2024-05-01T12:00:00Z").await;
        let other_id = insert_article(&db, &article("other-story", ArticleStatus::Pending, None), "2024-05-01T12:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let new_item = |key, article_id| NewSourceItem { key, state: ItemState::PendingReview, content_hash: "h1", article_id };
        let ids = tx.insert_source_items(source_id, &[new_item("guid:1", article_id)], now).await.unwrap();
        let item = ids[0].unwrap();
        let again = tx.insert_source_items(source_id, &[new_item("guid:2", other_id), new_item("guid:1", other_id)], now).await.unwrap();
        assert!(again[0].is_some() && again[0] != Some(item));
        assert_eq!(again[1], None, "a known key is not recorded twice");
        let first = version("h1", "First", "2024-05-01T12:00:00Z");
        tx.insert_item_versions(&[(item, &first)]).await.unwrap();
        let known = tx.source_items_with_keys(source_id, &["guid:1", "guid:3"]).await.unwrap();
        assert_eq!(known.iter().map(|known| (known.id, known.key.as_str(), known.article_id)).collect::<Vec<_>>(), [(item, "guid:1", Some(article_id))]);
        tx.source_items_seen(&[item], now.plus_seconds(30)).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        tx.delete_article(other_id).await.unwrap();
        tx.commit().await.unwrap();

        let queue = db.review_queue().await.unwrap();
        assert_eq!(queue.len(), 1, "an item whose article is gone waits for nobody");
        assert_eq!(db.review_queue_length().await.unwrap(), 1);
        assert_eq!((queue[0].item_id, queue[0].article_id, queue[0].is_update, queue[0].source_name.as_str()), (item, article_id, false, "The Wire"));
        assert_eq!(queue[0].link.as_deref(), Some("https://wire.example/story"));
        assert_eq!((queue[0].excerpt.as_str(), queue[0].body_html.as_str()), ("Body text.", "<p>Body <em>text</em>.</p>"), "the editor sees what would be published");
        assert_eq!(queue[0].original_published_at, Some(instant("2024-04-24T08:00:00Z")));

        let mut tx = db.begin().await.unwrap();
        tx.set_source_item_state(item, ItemState::Taken).await.unwrap();
        tx.source_item_changed(item, "h2", true, now.plus_seconds(60)).await.unwrap();
        tx.insert_item_version(item, &version("h2", "Second", "2024-05-01T12:01:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        let queue = db.review_queue().await.unwrap();
        assert!(queue[0].is_update, "a changed item waits as an update");
        let versions = db.item_versions(item).await.unwrap();
        assert_eq!(versions.iter().map(|version| version.title.as_str()).collect::<Vec<_>>(), ["First", "Second"]);
        assert_eq!(versions[1].author.as_deref(), Some("Second's reporter"), "each version keeps its author");

        let mut tx = db.begin().await.unwrap();
        tx.clear_source_item_update(item).await.unwrap();
        assert_eq!(tx.source_item_of_article(article_id).await.unwrap().unwrap().id, item);
        tx.tombstone_source_item_of(article_id).await.unwrap();
        assert!(tx.delete_article(article_id).await.unwrap());
        tx.commit().await.unwrap();
        assert!(db.review_queue().await.unwrap().is_empty());
        assert_eq!(db.review_queue_length().await.unwrap(), 0);
        let tombstone = db.source_item(item).await.unwrap().unwrap();
        assert_eq!((tombstone.state, tombstone.article_id, tombstone.content_hash.as_str()), (ItemState::Rejected, None, "h2"));

        let mut tx = db.begin().await.unwrap();
        assert!(tx.delete_source(source_id).await.unwrap());
        tx.commit().await.unwrap();
        assert!(db.source_items(source_id).await.unwrap().is_empty(), "items go with their source");
    }

    async fn first_copies_share_their_article_body_until_it_changes(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let source_id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Publish), now, now).await.unwrap();
        tx.commit().await.unwrap();
        let taken = |slug: &str, html: &str| {
            let mut record = article(slug, ArticleStatus::Published, Some("2024-05-01T12:00:00Z"));
            record.body_markdown = html.into();
            record.body_html = html.into();
            record
        };
        let records = [taken("edited", "<p>As taken.</p>"), taken("deleted", "<p>Gone soon.</p>"), taken("emptied", "<p>Emptied later.</p>")];
        let mut tx = db.begin().await.unwrap();
        let ids = tx.insert_articles(&records, None, now).await.unwrap();
        let new_items: Vec<NewSourceItem<'_>> = ["guid:1", "guid:2", "guid:3"].iter().zip(&ids).map(|(key, id)| NewSourceItem { key, state: ItemState::Taken, content_hash: "h1", article_id: *id }).collect();
        let items: Vec<SourceItemId> = tx.insert_source_items(source_id, &new_items, now).await.unwrap().into_iter().map(Option::unwrap).collect();
        let versions: Vec<ItemVersion> = records.iter().map(|record| ItemVersion { content_html: record.body_html.clone(), ..version("h1", "First", "2024-05-01T12:00:00Z") }).collect();
        let kept: Vec<(SourceItemId, &ItemVersion)> = items.iter().copied().zip(&versions).collect();
        tx.insert_item_versions_of_current_bodies(&kept).await.unwrap();
        let revisions: Vec<NewRevision<'_>> = ids.iter().zip(&records).map(|(id, record)| NewRevision::of(*id, record, None, "Taken from The Wire")).collect();
        tx.insert_revisions_of_current_bodies(&revisions, now).await.unwrap();
        tx.commit().await.unwrap();
        for (index, record) in records.iter().enumerate() {
            assert_eq!(db.revisions_of(ids[index]).await.unwrap()[0].body_markdown, record.body_html, "the first revision reads its article's body");
            assert_eq!(db.item_versions(items[index]).await.unwrap()[0].content_html, record.body_html, "the first version reads its article's body");
        }

        let later = now.plus_seconds(60);
        let mut tx = db.begin().await.unwrap();
        let mut retitled = records[0].clone();
        retitled.title = "Only the headline changed".into();
        tx.update_article(ids[0], &retitled, later).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.revisions_of(ids[0]).await.unwrap()[0].body_markdown, "<p>As taken.</p>", "a change that leaves the body alone keeps it shared");

        let mut edited = retitled.clone();
        edited.body_markdown = "Rewritten by the desk.".into();
        edited.body_html = "<p>Rewritten by the desk.</p>".into();
        let mut emptied = records[2].clone();
        emptied.body_markdown = String::new();
        emptied.body_html = String::new();
        let mut tx = db.begin().await.unwrap();
        tx.update_article(ids[0], &edited, later).await.unwrap();
        tx.update_article(ids[2], &emptied, later).await.unwrap();
        assert!(tx.delete_article(ids[1]).await.unwrap());
        tx.commit().await.unwrap();
        for index in [0, 2] {
            assert_eq!(db.revisions_of(ids[index]).await.unwrap()[0].body_markdown, records[index].body_html, "an edit leaves the first revision its body");
            assert_eq!(db.item_versions(items[index]).await.unwrap()[0].content_html, records[index].body_html, "an edit leaves the first version its content");
        }
        assert_eq!(db.article_by_id(ids[0]).await.unwrap().unwrap().body_markdown, "Rewritten by the desk.");
        assert_eq!(db.source_item(items[1]).await.unwrap().unwrap().article_id, None);
        assert_eq!(db.item_versions(items[1]).await.unwrap()[0].content_html, "<p>Gone soon.</p>", "a deleted article leaves its item's first version its content");

        let mut tx = db.begin().await.unwrap();
        tx.update_article(ids[0], &records[0], later.plus_seconds(60)).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.revisions_of(ids[0]).await.unwrap()[0].body_markdown, "<p>As taken.</p>", "a revision that got its own copy keeps it");
    }
}

backend_tests! {
    async fn sitemaps_read_public_articles_with_their_own_address_in_id_order(db: Db) {
        let now = instant("2024-04-24T10:00:00Z");
        let oldest = insert_article(&db, &article("oldest", ArticleStatus::Published, Some("2024-04-01T08:00:00Z")), "2024-04-01T08:00:00Z").await;
        let mut credited = article("credited", ArticleStatus::Published, Some("2024-04-23T08:00:00Z"));
        credited.source = Some(SourceAttribution { canonical: false, url: "https://wire.example/a".into(), ..credited_source() });
        let credited = insert_article(&db, &credited, "2024-04-23T08:00:00Z").await;
        let mut elsewhere = article("canonical-elsewhere", ArticleStatus::Published, Some("2024-04-23T09:00:00Z"));
        elsewhere.source = Some(SourceAttribution { canonical: true, url: "https://wire.example/b".into(), ..credited_source() });
        insert_article(&db, &elsewhere, "2024-04-23T09:00:00Z").await;
        insert_article(&db, &article("a-draft", ArticleStatus::Draft, None), "2024-04-23T10:00:00Z").await;
        insert_article(&db, &article("scheduled", ArticleStatus::Scheduled, Some("2024-04-25T10:00:00Z")), "2024-04-23T10:00:00Z").await;
        let mut corrected = article("corrected", ArticleStatus::Published, Some("2024-04-24T09:00:00Z"));
        corrected.modified_at = Some(instant("2024-04-24T09:45:00Z"));
        let corrected = insert_article(&db, &corrected, "2024-04-24T09:00:00Z").await;
        let about = insert_article(&db, &article("about", ArticleStatus::Published, Some("2024-04-24T08:00:00Z")), "2024-04-24T08:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        tx.place_page(about, None).await.unwrap();
        tx.commit().await.unwrap();

        let listed = db.sitemap_articles(now, 10, 0).await.unwrap();
        assert_eq!(listed.iter().map(|listed| listed.id).collect::<Vec<_>>(), [oldest, credited, corrected, about], "drafts, scheduled articles and copies whose canonical address is the original's are left out");
        assert_eq!(listed[2].changed_at, instant("2024-04-24T09:45:00Z"), "a modification is the last change");
        assert_eq!(listed[0].changed_at, instant("2024-04-01T08:00:00Z"));
        assert_eq!(listed[0].slug.as_str(), "oldest");
        let page = db.sitemap_articles(now, 1, 1).await.unwrap();
        assert_eq!(page.iter().map(|listed| listed.id).collect::<Vec<_>>(), [credited]);
        assert_eq!(
            db.sitemap_article_files(now, 2).await.unwrap(),
            [instant("2024-04-23T08:00:00Z"), instant("2024-04-24T09:45:00Z")],
            "one newest change per file of two"
        );
        assert!(db.sitemap_articles(instant("2024-03-01T00:00:00Z"), 10, 0).await.unwrap().is_empty(), "nothing is public yet");

        let news = db.news_sitemap_articles(instant("2024-04-22T10:00:00Z"), now, 10).await.unwrap();
        assert_eq!(news.iter().map(|news| (news.article.id, news.title.as_str())).collect::<Vec<_>>(), [(corrected, "Title of corrected"), (credited, "Title of credited")], "the last two days' news, newest first, without the page");
        assert_eq!(db.news_sitemap_articles(instant("2024-04-22T10:00:00Z"), now, 1).await.unwrap().len(), 1);
    }

    async fn sitemaps_read_the_archives_that_have_public_articles(db: Db) {
        let now = instant("2024-04-24T10:00:00Z");
        let writer = user(&db, "Nora Writer", Role::Author).await;
        user(&db, "Never Published", Role::Author).await;
        let mut record = article("filed", ArticleStatus::Published, Some("2024-04-23T08:00:00Z"));
        record.author_id = Some(writer);
        let filed = insert_article(&db, &record, "2024-04-23T08:00:00Z").await;
        let draft = insert_article(&db, &article("unfiled-draft", ArticleStatus::Draft, None), "2024-04-23T08:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let news = tx.ensure_category(&Slug::parse("news").unwrap(), "News").await.unwrap();
        let local = tx.insert_category(&CategoryRecord { slug: Slug::parse("local").unwrap(), name: "Local".into(), description: String::new(), parent_id: Some(news) }).await.unwrap();
        let empty = tx.ensure_category(&Slug::parse("empty").unwrap(), "Empty").await.unwrap();
        tx.attach_category(filed, local).await.unwrap();
        tx.attach_category(draft, empty).await.unwrap();
        let river = tx.ensure_tag(&Slug::parse("river").unwrap(), "River").await.unwrap();
        let unused = tx.ensure_tag(&Slug::parse("unused").unwrap(), "Unused").await.unwrap();
        tx.attach_tag(filed, river).await.unwrap();
        tx.attach_tag(draft, unused).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(db.sitemap_archive_count(now).await.unwrap(), 3);
        let archives = db.sitemap_archives(now, 10, 0).await.unwrap();
        assert_eq!(
            archives,
            [
                SitemapArchive::Category { id: local, slug: "local".into(), has_parent: true },
                SitemapArchive::Tag { slug: "river".into() },
                SitemapArchive::Author { slug: "nora-writer".into() },
            ],
            "categories, then tags, then authors; none without a public article"
        );
        assert_eq!(db.sitemap_archives(now, 1, 2).await.unwrap(), [SitemapArchive::Author { slug: "nora-writer".into() }]);
        assert_eq!(db.sitemap_archive_count(instant("2024-04-01T00:00:00Z")).await.unwrap(), 0);
    }

    async fn links_written_together_or_alone_list_their_articles_by_publication(db: Db) {
        let now = instant("2024-04-24T10:00:00Z");
        let older = insert_article(&db, &article("older", ArticleStatus::Published, Some("2024-04-20T08:00:00Z")), "2024-04-20T08:00:00Z").await;
        let newer = insert_article(&db, &article("newer", ArticleStatus::Published, Some("2024-04-22T08:00:00Z")), "2024-04-22T08:00:00Z").await;
        let alone = insert_article(&db, &article("alone", ArticleStatus::Published, Some("2024-04-21T08:00:00Z")), "2024-04-21T08:00:00Z").await;
        let draft = insert_article(&db, &article("draft", ArticleStatus::Draft, None), "2024-04-23T08:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let news = tx.ensure_category(&Slug::parse("news").unwrap(), "News").await.unwrap();
        let river = tx.ensure_tag(&Slug::parse("river").unwrap(), "River").await.unwrap();
        // Many at a time (with a pair written twice, kept once), and one alone.
        tx.attach_categories(&[(older, news), (newer, news), (draft, news), (newer, news)]).await.unwrap();
        tx.attach_tags(&[(older, river), (newer, river), (draft, river)]).await.unwrap();
        tx.attach_category(alone, news).await.unwrap();
        tx.attach_tag(alone, river).await.unwrap();
        tx.commit().await.unwrap();

        let listed = |listing: ArticleListing| listing.articles.iter().map(|summary| summary.id).collect::<Vec<_>>();
        for filter in [ArchiveFilter::Categories(vec![news]), ArchiveFilter::Tag(river)] {
            let page = db.archive_page(&filter, now, 10, 0).await.unwrap();
            assert_eq!(page.total, 3, "{filter:?}: the draft is not listed");
            assert_eq!(listed(page), [newer, alone, older], "{filter:?}: newest first");
        }

        let mut tx = db.begin().await.unwrap();
        let mut published = article("draft", ArticleStatus::Published, Some("2024-04-23T09:00:00Z"));
        published.title = "Draft no more".into();
        tx.update_article(draft, &published, instant("2024-04-23T09:00:00Z")).await.unwrap();
        tx.commit().await.unwrap();
        for filter in [ArchiveFilter::Categories(vec![news]), ArchiveFilter::Tag(river)] {
            let page = db.archive_page(&filter, now, 2, 0).await.unwrap();
            assert_eq!((page.total, listed(page)), (4, vec![draft, newer]), "{filter:?}: published later, listed first");
        }
    }

    async fn ids_chosen_before_rows_are_written_are_never_handed_out_again(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let first = insert_article(&db, &article("first", ArticleStatus::Published, Some("2024-05-01T12:00:00Z")), "2024-05-01T12:00:00Z").await;
        let mut tx = db.begin().await.unwrap();
        let source_id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Publish), now, now).await.unwrap();
        let records = [article("second", ArticleStatus::Published, Some("2024-05-01T12:00:00Z")), article("third", ArticleStatus::Draft, None)];
        let many = tx.insert_articles(&records, None, now).await.unwrap();
        let item = |key, article_id| NewSourceItem { key, state: ItemState::Taken, content_hash: "h1", article_id };
        let items = tx.insert_source_items(source_id, &[item("guid:1", many[0]), item("guid:2", many[1])], now).await.unwrap();
        tx.commit().await.unwrap();
        assert!(first < many[0] && many[0] < many[1], "{first} then {many:?}");
        for (id, record) in many.iter().zip(&records) {
            assert_eq!(db.article_by_id(*id).await.unwrap().unwrap().slug, record.slug, "each id is its own article's");
        }
        let last = insert_article(&db, &article("fourth", ArticleStatus::Draft, None), "2024-05-01T12:00:00Z").await;
        assert!(last > many[1], "an article written alone later takes a new id: {last}");

        let mut tx = db.begin().await.unwrap();
        let later = tx.insert_source_items(source_id, &[item("guid:3", last), item("guid:1", last)], now).await.unwrap();
        tx.commit().await.unwrap();
        let (items, later): (Vec<_>, Vec<_>) = (items.into_iter().map(Option::unwrap).collect(), later);
        assert!(items[0] < items[1] && later[0].is_some_and(|id| id > items[1]), "{items:?} then {later:?}");
        assert_eq!(later[1], None, "a known key is not recorded again");
        let known = db.begin().await.unwrap().source_items_with_keys(source_id, &["guid:1", "guid:2", "guid:3"]).await.unwrap();
        let mut found: Vec<_> = known.iter().map(|known| (known.key.as_str(), known.id, known.article_id)).collect();
        found.sort();
        assert_eq!(found, [("guid:1", items[0], Some(many[0])), ("guid:2", items[1], Some(many[1])), ("guid:3", later[0].unwrap(), Some(last))]);
    }

    async fn many_rows_are_written_by_several_statements_in_order_or_not_at_all(db: Db) {
        let now = instant("2024-05-01T12:00:00Z");
        let records: Vec<ArticleRecord> = (0..600).map(|n| article(&format!("wire-{n}"), ArticleStatus::Published, Some("2024-05-01T12:00:00Z"))).collect();
        let keys: Vec<String> = (0..600).map(|n| format!("guid:{n}")).collect();
        let mut tx = db.begin().await.unwrap();
        let source_id = tx.insert_source(&source("The Wire", "https://wire.example/feed", SourceMode::Publish), now, now).await.unwrap();
        let ids = tx.insert_articles(&records, None, now).await.unwrap();
        let item = |key, article_id| NewSourceItem { key, state: ItemState::Taken, content_hash: "h1", article_id };
        tx.insert_source_items(source_id, &[item("guid:300", ids[300])], now).await.unwrap();
        let items: Vec<NewSourceItem<'_>> = keys.iter().zip(&ids).map(|(key, id)| item(key.as_str(), *id)).collect();
        let written = tx.insert_source_items(source_id, &items, now).await.unwrap();
        tx.refresh_planner_statistics(LongWrite::FeedItems).await.unwrap();
        let known = tx.source_items_with_keys(source_id, &["guid:599", "guid:600"]).await.unwrap();
        assert_eq!(known.iter().map(|known| known.key.as_str()).collect::<Vec<_>>(), ["guid:599"], "found after the statistics are refreshed");
        tx.commit().await.unwrap();
        for n in [0, 249, 250, 499, 599] {
            assert_eq!(db.article_by_id(ids[n]).await.unwrap().unwrap().slug.as_str(), format!("wire-{n}"), "each statement's rows have their own ids");
        }
        assert_eq!(written.iter().filter(|id| id.is_none()).count(), 1, "only the known key is not written again");
        assert_eq!(written[300], None, "the known key, in a later statement");
        assert!(written.iter().flatten().zip(written.iter().flatten().skip(1)).all(|(a, b)| a < b), "ids in the items' order");

        let mut clashing: Vec<ArticleRecord> = (0..600).map(|n| article(&format!("later-{n}"), ArticleStatus::Draft, None)).collect();
        clashing[450] = article("wire-7", ArticleStatus::Draft, None);
        let mut tx = db.begin().await.unwrap();
        assert!(tx.insert_articles(&clashing, None, now).await.is_err(), "a slug taken in the second statement");
        drop(tx);
        assert!(db.article_by_slug("later-0").await.unwrap().is_none(), "the first statement's rows go with the transaction");
        assert_eq!(db.article_count().await.unwrap(), 600);
    }
}

fn credited_source() -> SourceAttribution {
    SourceAttribution {
        name: "Wire".into(),
        url: "https://wire.example/".into(),
        published_at: None,
        author: None,
        licence: None,
        canonical: true,
    }
}
