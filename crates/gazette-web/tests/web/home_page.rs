//! The home page and its numbered pages, with sticky news first.

use crate::support::*;
use gazette_app::PublishOptions;
use gazette_domain::ArticleDraft;
use gazette_test_support::{TestApp, app_tests};

async fn publish_at(site: &TestApp, title: &str, minutes_before_start: i64) {
    let start: gazette_domain::Timestamp = gazette_test_support::TEST_START.parse().unwrap();
    let draft = ArticleDraft {
        title: title.into(),
        body_markdown: format!("{title} happened today. More follows."),
        ..ArticleDraft::default()
    };
    let options = PublishOptions {
        published_at: Some(start.plus_seconds(-minutes_before_start * 60)),
        ..PublishOptions::default()
    };
    site.app.publish_article(&draft, options).await.unwrap();
}

app_tests! {
    async fn lists_the_latest_articles_with_dates_excerpts_and_counts(site: TestApp) {
        publish_at(&site, "Older story", 120).await;
        publish_at(&site, "Newer story", 5).await;
        let newer = site.app.public_article("newer-story").await.unwrap();
        approved_comment(&site, &newer, "Reader", "Nice.").await;
        let page = site.get("/").await;
        assert_eq!(page.status, 200);
        let html = page.html();
        assert_well_formed(&html);
        let titles: Vec<String> = select(&html, ".article-summary .entry-title").into_iter().map(text).collect();
        assert_eq!(titles, ["Newer story", "Older story"]);
        let first = select(&html, ".article-summary")[0];
        assert_eq!(first.select(&scraper::Selector::parse("a[rel=bookmark]").unwrap()).next().unwrap().value().attr("href"), Some("/2024/04/24/newer-story/"));
        assert_eq!(text(first.select(&scraper::Selector::parse("time").unwrap()).next().unwrap()), "April 24, 2024");
        assert_eq!(text(first.select(&scraper::Selector::parse(".entry-summary").unwrap()).next().unwrap()), "Newer story happened today. More follows.");
        assert_eq!(text(first.select(&scraper::Selector::parse(".comments-link").unwrap()).next().unwrap()), "1 comment");
        assert_eq!(text(select(&html, ".comments-link")[1]), "No comments");
        assert_eq!(text(one(&html, ".date-line")), "Wednesday, 24 April, 2024");
    }

    async fn pages_through_older_articles(site: TestApp) {
        site.app.change_setting("posts_per_page", "2").await.unwrap();
        for minutes in 1..=5 {
            publish_at(&site, &format!("Story {minutes}"), minutes).await;
        }
        let first = site.get("/").await.html();
        assert_eq!(one(&first, ".pagination a.older").value().attr("href"), Some("/page/2/"));
        assert!(select(&first, ".pagination a.newer").is_empty());
        let second = site.get("/page/2/").await.html();
        let titles: Vec<String> = select(&second, ".article-summary .entry-title").into_iter().map(text).collect();
        assert_eq!(titles, ["Story 3", "Story 4"]);
        assert_eq!(one(&second, ".pagination a.newer").value().attr("href"), Some("/"));
        assert_eq!(one(&second, ".pagination a.older").value().attr("href"), Some("/page/3/"));
        let last = site.get("/page/3/").await.html();
        assert!(select(&last, ".pagination a.older").is_empty());

        assert_eq!(site.get("/page/1/").await.header("location"), Some("/"));
        assert_eq!(site.get("/page/02/").await.header("location"), Some("/page/2/"));
        assert_eq!(site.get("/page/2").await.header("location"), Some("/page/2/"));
        for missing in ["/page/4/", "/page/0/", "/page/abc/", "/page/-1/", "/page/99999999999999999999/"] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
    }

    async fn sticky_news_leads_the_home_page_once_while_archives_and_feeds_keep_to_dates(site: TestApp) {
        site.app.change_setting("posts_per_page", "2").await.unwrap();
        for minutes in 1..=5 {
            publish_at(&site, &format!("Story {minutes}"), minutes).await;
        }
        for slug in ["story-4", "story-2"] {
            let article = site.app.public_article(slug).await.unwrap();
            assert!(site.app.set_article_sticky(article.id, true).await.unwrap().sticky);
        }
        let mut listed = Vec::new();
        for path in ["/", "/page/2/", "/page/3/"] {
            let html = site.get(path).await.html();
            assert_well_formed(&html);
            listed.extend(select(&html, ".article-summary .entry-title").into_iter().map(text));
            let marked: Vec<String> = select(&html, ".article-summary.sticky .entry-title").into_iter().map(text).collect();
            let expected: &[&str] = if path == "/" { &["Story 2", "Story 4"] } else { &[] };
            assert_eq!(marked, expected, "{path}");
            assert_eq!(select(&html, ".sticky-label").len(), expected.len(), "{path}");
        }
        assert_eq!(listed, ["Story 2", "Story 4", "Story 1", "Story 3", "Story 5"], "stickies first, newest first, and nothing twice");
        assert_eq!(text(select(&site.get("/").await.html(), ".sticky-label")[0]), "Featured");
        assert_eq!(site.get("/page/4/").await.status, 404, "the stickies add no page");

        let archive = site.get("/2024/04/24/").await.html();
        let archived: Vec<String> = select(&archive, ".article-summary .entry-title").into_iter().map(text).collect();
        assert_eq!(archived, ["Story 1", "Story 2"], "archives list by date");
        assert!(select(&archive, ".sticky-label").is_empty(), "archives mark nothing");
        let feed = site.get("/feed/").await.body;
        let positions: Vec<usize> = (1..=5).map(|number| feed.find(&format!("<title>Story {number}</title>")).unwrap()).collect();
        assert!(positions.is_sorted(), "the feed lists by date: {positions:?}");
    }

    async fn an_empty_site_says_so(site: TestApp) {
        let page = site.get("/").await;
        assert_eq!(page.status, 200);
        assert_eq!(text(one(&page.html(), ".no-articles")), "Nothing has been published yet.");
    }
}
