//! Search over the real router: the results page at `/?s=` with its heading, count,
//! ranked results and marked snippets, escaped; what hostile readers type; paging at
//! `/page/N/?s=` and its edges; only public articles; the search feeds at
//! `/search/words/feed/…` read back by feed-rs; and the search form on every page.

use crate::desk_articles::{article_form, saved_article};
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_app::{BulkArticleAction, PublishOptions};
use gazette_domain::{Article, ArticleDraft, Role, Timestamp};
use gazette_test_support::{TestApp, TestResponse, app_tests};

/// The site's address in tests (the `site_url` setting's default).
const SITE: &str = "http://127.0.0.1:8080";

/// Publishes `title` with `body` (Markdown), `minutes` before the tests' start.
async fn publish_story(site: &TestApp, title: &str, body: &str, minutes: i64) -> Article {
    let start: Timestamp = gazette_test_support::TEST_START.parse().unwrap();
    site.app
        .publish_article(
            &ArticleDraft {
                title: title.into(),
                body_markdown: body.into(),
                ..ArticleDraft::default()
            },
            PublishOptions {
                published_at: Some(start.plus_seconds(-minutes * 60)),
                ..PublishOptions::default()
            },
        )
        .await
        .unwrap()
}

/// `GET path`, which must answer 200 with a well-formed page.
async fn page(site: &TestApp, path: &str) -> TestResponse {
    let response = site.get(path).await;
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    assert_well_formed(&response.html());
    response
}

/// The titles of the results on the page at `path`.
async fn titles_at(site: &TestApp, path: &str) -> Vec<String> {
    select(
        &page(site, path).await.html(),
        ".search-result .entry-title",
    )
    .into_iter()
    .map(text)
    .collect()
}

/// `text` form-encoded, as a browser sends a search field.
fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

app_tests! {
    async fn a_search_lists_matches_best_first_with_their_words_marked(site: TestApp) {
        let harbour = publish_story(&site, "Harbour reopens", "The harbour reopened after the councils agreed.", 1).await;
        let budget = publish_story(&site, "Council passes the budget", "The vote was seven to two.", 60).await;
        publish_story(&site, "Sunny week ahead", "No rain is expected.", 2).await;

        let response = page(&site, "/?s=council").await;
        let html = response.html();
        assert_eq!(text(one(&html, "h1")), "Search results for “council”");
        assert_eq!(text(one(&html, "title")), "Search results for “council” · Gazette");
        assert_eq!(text(one(&html, ".search-count")), "2 articles match");
        assert_eq!(one(&html, "meta[name=robots]").value().attr("content"), Some("noindex"));
        let results = select(&html, ".search-result");
        assert_eq!(results.len(), 2);
        let first_link = one(&html, ".search-result:first-child .entry-title a");
        assert_eq!(text(first_link), "Council passes the budget");
        assert_eq!(first_link.value().attr("href"), Some(path_of(&budget).as_str()));
        assert_eq!(first_link.inner_html(), "<mark>Council</mark> passes the budget");
        assert_eq!(text(one(&html, ".search-result:first-child time")), "April 24, 2024");
        let second = select(&html, ".search-result")[1];
        let second_html = html_of(second, ".entry-summary");
        assert!(second_html.contains("<mark>councils</mark> agreed"), "{second_html}");
        assert_eq!(html_of(second, ".entry-title a"), "Harbour reopens");
        assert_eq!(
            select(&html, ".search-result .entry-title a")[1].value().attr("href"),
            Some(path_of(&harbour).as_str())
        );
        assert_eq!(one(&html, ".search-form input[name=s]").value().attr("value"), Some("council"));
        assert_eq!(
            one(&html, "link[rel=alternate][href='/search/council/feed/']").value().attr("title"),
            Some("Gazette » Search results for “council” Feed")
        );
        assert_eq!(titles_at(&site, "/?s=COUNCILS").await, ["Council passes the budget", "Harbour reopens"]);
        assert!(response.header("etag").is_some());
        assert_eq!(response.header("cache-control"), Some("no-cache"));

        let again = site
            .send(
                Request::get("/?s=council")
                    .header(header::IF_NONE_MATCH, response.header("etag").unwrap())
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(again.status, 304);
        let head = site.send(Request::head("/?s=council").body(Body::empty()).unwrap()).await;
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
    }

    async fn a_search_is_answered_from_memory_until_the_site_changes(site: TestApp) {
        publish_story(&site, "Harbour dredging begins", "Work starts at the harbour.", 10).await;
        let first = page(&site, "/?s=harbour").await;
        assert_eq!(select(&first.html(), ".search-result").len(), 1);
        assert_eq!(first.header("last-modified"), None, "not in the second the page was made");
        site.app.clock().advance(5);
        // Kept: the copy made five seconds ago, which a fresh rendering would not be.
        let kept = page(&site, "/?s=harbour").await;
        assert_eq!(kept.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:00 GMT"));
        assert_eq!(kept.header("etag"), first.header("etag"));
        assert_eq!(kept.body, first.body);
        // Another page of the same words, and other words, are pages of their own.
        assert_eq!(site.get("/page/2/?s=harbour").await.status, 404);
        assert_eq!(titles_at(&site, "/?s=dredging").await, ["Harbour dredging begins"]);
        assert_eq!(feed_ids(&site, "/search/harbour/feed/").await.len(), 1);

        // A new match is found on the very next request, and so is the other search's.
        publish_story(&site, "Harbour wall repaired", "The harbour wall stands again.", 1).await;
        assert_eq!(
            titles_at(&site, "/?s=harbour").await,
            ["Harbour wall repaired", "Harbour dredging begins"]
        );
        assert_eq!(feed_ids(&site, "/search/harbour/feed/").await.len(), 2);
        // A page that no longer shows what it did is made again, and says so.
        site.app.clock().advance(5);
        let changed = page(&site, "/?s=harbour").await;
        assert_ne!(changed.header("etag"), first.header("etag"));
        assert_eq!(changed.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:05 GMT"));
    }

    async fn titles_and_snippets_are_escaped_and_only_matches_are_marked(site: TestApp) {
        publish_story(
            &site,
            "Council <b>vote</b> & \"quotes\" <script>alert(1)</script>",
            "The council voted 5 < 6 & left. Then `<img src=x onerror=alert(2)>` was shown.",
            1,
        )
        .await;
        let html = page(&site, "/?s=council").await.html();
        assert_eq!(
            text(one(&html, ".search-result .entry-title")),
            "Council <b>vote</b> & \"quotes\" <script>alert(1)</script>"
        );
        for element in select(&html, ".search-result .entry-title a *").into_iter().chain(select(&html, ".search-result .entry-summary *")) {
            assert_eq!(element.value().name(), "mark", "{}", element.html());
        }
        assert!(select(&html, "main script, main img, main b").is_empty());
        assert!(text(one(&html, ".search-result .entry-summary")).contains("5 < 6 & left."));
        let heading = page(&site, &format!("/?s={}", encoded("<script>alert(3)</script> \"council"))).await.html();
        assert_eq!(text(one(&heading, "h1")), "Search results for “<script>alert(3)</script> \"council”");
        assert!(select(&heading, "main script").is_empty());
    }

    async fn hostile_searches_answer_a_page_and_never_an_error(site: TestApp) {
        publish_story(&site, "Council passes the budget", "Near the end, the vote: 7 to 2.", 1).await;
        let long = "x".repeat(2_000);
        let spaced = "council ".repeat(250);
        let hostile = [
            "\"", "\"\"", "*", "-", "^", ":", "NEAR(", "NEAR(council budget, 2)", "AND OR", "NOT",
            "council NOT budget", "title:council", "council*", "-council", "'; DROP TABLE articles; --",
            "\\", "%", "_", "<", long.as_str(), spaced.as_str(),
        ];
        for words in hostile {
            let path = format!("/?s={}", encoded(words));
            let response = site.get(&path).await;
            assert_eq!(response.status, 200, "{words}: {}", response.body);
            assert_well_formed(&response.html());
            let feed = site.get(&format!("/search/{}/feed/", encoded(words))).await;
            assert!(feed.status == 200 || feed.status == 404, "{words}: {}", feed.status);
        }
        for nothing in ["\"", "*", "-", "(", "'; --"] {
            let html = page(&site, &format!("/?s={}", encoded(nothing))).await.html();
            assert!(select(&html, ".search-result").is_empty(), "{nothing}");
            assert_eq!(text(one(&html, ".no-results")), "Nothing matched your search. Try other words, or fewer of them.");
        }
        let capped = page(&site, &format!("/?s={}", encoded(&spaced))).await.html();
        assert_eq!(select(&capped, ".search-result").len(), 1);
        assert!(text(one(&capped, "h1")).chars().count() < 250);
        for raw in ["/?s=%FF%FE", "/?s=%", "/?s=council&s=budget", "/?s", "/?s=council%00"] {
            assert_eq!(site.get(raw).await.status, 200, "{raw}");
        }
        assert_eq!(titles_at(&site, "/?s=council").await, ["Council passes the budget"], "the table is still there");
    }

    async fn an_empty_search_shows_the_form_and_no_results(site: TestApp) {
        publish_story(&site, "Council passes the budget", "The vote.", 1).await;
        for path in ["/?s=", "/?s=+++", "/?s"] {
            let html = page(&site, path).await.html();
            assert_eq!(text(one(&html, "h1")), "Search", "{path}");
            assert!(select(&html, ".search-result, .search-count, .pagination").is_empty(), "{path}");
            assert_eq!(one(&html, ".search-form input[name=s]").value().attr("value"), Some(""));
            assert!(select(&html, "link[rel=alternate][href^='/search/']").is_empty());
        }
        assert_eq!(site.get("/page/2/?s=").await.status, 404);
    }

    async fn results_come_in_pages_with_wordpress_addresses(site: TestApp) {
        site.app.change_setting("posts_per_page", "2").await.unwrap();
        for minutes in 1..=5 {
            publish_story(&site, &format!("Story {minutes}"), "The city council met.", minutes).await;
        }
        publish_story(&site, "Weather", "Rain.", 6).await;
        let first = page(&site, "/?s=city+council").await.html();
        assert_eq!(text(one(&first, ".search-count")), "5 articles match");
        assert_eq!(one(&first, ".pagination a[rel=next]").value().attr("href"), Some("/page/2/?s=city+council"));
        assert_eq!(one(&first, "head link[rel=next]").value().attr("href"), Some("/page/2/?s=city+council"));
        assert!(select(&first, "head link[rel=prev]").is_empty());
        assert!(select(&first, ".pagination a[rel=prev]").is_empty());
        assert_eq!(titles_at(&site, "/page/2/?s=city+council").await, ["Story 3", "Story 4"]);
        let second = page(&site, "/page/2/?s=city+council").await.html();
        assert_eq!(one(&second, ".pagination a[rel=prev]").value().attr("href"), Some("/?s=city+council"));
        assert_eq!(one(&second, "head link[rel=prev]").value().attr("href"), Some("/?s=city+council"));
        assert_eq!(one(&second, ".pagination a[rel=next]").value().attr("href"), Some("/page/3/?s=city+council"));
        assert_eq!(text(one(&second, "title")), "Search results for “city council” · Page 2 · Gazette");
        let last = page(&site, "/page/3/?s=city%20council").await.html();
        assert!(select(&last, ".pagination a[rel=next]").is_empty());
        assert_eq!(text(one(&last, ".page-position")), "Page 3 of 3");

        for (asked, location) in [
            ("/page/1/?s=city+council", "/?s=city+council"),
            ("/page/02/?s=city+council", "/page/2/?s=city+council"),
            ("/page/2?s=city+council", "/page/2/?s=city+council"),
            ("/search/city+council/", "/?s=city+council"),
            ("/search/city%20council", "/search/city%20council/"),
        ] {
            let response = site.get(asked).await;
            assert_eq!(response.status, 301, "{asked}");
            assert_eq!(response.header("location"), Some(location), "{asked}");
        }
        for missing in [
            "/page/4/?s=city+council", "/page/0/?s=city+council", "/page/abc/?s=city+council",
            "/page/-1/?s=city+council", "/page/99999999999999999999/?s=city+council",
            "/page/2/?s=weather", "/page/2/?s=nothing+like+it",
        ] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
        let none = page(&site, "/?s=snow").await.html();
        assert_eq!(text(one(&none, ".search-count")), "No articles match");
        assert!(select(&none, ".pagination").is_empty());
    }

    async fn only_public_articles_are_found(site: TestApp) {
        let live = publish_story(&site, "Council live", "Public.", 1).await;
        publish_draft(&site, ArticleDraft { title: "Council draft".into(), body_markdown: "Not yet.".into(), draft: true, ..ArticleDraft::default() }).await;
        let scheduled = site.app.publish_article(
            &ArticleDraft { title: "Council tomorrow".into(), body_markdown: "Soon.".into(), ..ArticleDraft::default() },
            PublishOptions { published_at: Some("2024-04-25T06:00:00Z".parse().unwrap()), ..PublishOptions::default() },
        ).await.unwrap();
        let trashed = publish_story(&site, "Council thrown away", "Gone.", 2).await;
        let admin = signed_in_user(&site, "Ada Admin", Role::Administrator).await.1;
        site.app.change_articles(&admin, BulkArticleAction::Trash, &[trashed.id]).await.unwrap();
        let contributor = signed_in(&site, "Cole Contributor", Role::Contributor).await;
        saved_article(&desk_post(&site, &contributor, "/desk/articles/new", &article_form("Council waiting for review", "review")).await);
        assert_eq!(titles_at(&site, "/?s=council").await, ["Council live"]);
        assert_eq!(feed_ids(&site, "/search/council/feed/").await, [format!("{SITE}/?p={}", live.id)]);

        site.app.clock().advance(24 * 3600);
        site.app.run_due_jobs().await.unwrap();
        assert_eq!(
            feed_ids(&site, "/search/council/feed/").await,
            [format!("{SITE}/?p={}", scheduled.id), format!("{SITE}/?p={}", live.id)],
            "published in its time"
        );
        let mut titles = titles_at(&site, "/?s=council").await;
        titles.sort();
        assert_eq!(titles, ["Council live", "Council tomorrow"]);
    }

    async fn a_search_has_feeds_of_its_newest_matches(site: TestApp) {
        let older = publish_story(&site, "Council passes the budget", "The vote was seven to two.", 60).await;
        let newer = publish_story(&site, "Harbour reopens", "The councils agreed.", 1).await;
        publish_story(&site, "Weather", "Rain.", 2).await;

        let rss = page_feed(&site, "/search/council/feed/").await;
        let feed = feed_rs::parser::parse(rss.body.as_bytes()).unwrap();
        let ids: Vec<String> = feed.entries.iter().map(|entry| entry.id.clone()).collect();
        assert_eq!(ids, [format!("{SITE}/?p={}", newer.id), format!("{SITE}/?p={}", older.id)], "newest first");
        assert_eq!(feed.title.unwrap().content, "Gazette » Search results for “council”");
        let links: Vec<String> = feed.entries[0].links.iter().map(|link| link.href.clone()).collect();
        assert_eq!(links, [format!("{SITE}{}", path_of(&newer))]);
        assert_eq!(rss.header("content-type"), Some("application/rss+xml; charset=utf-8"));
        assert!(rss.body.contains(&format!("{SITE}/?s=council")), "the channel links the search page");

        let atom = page_feed(&site, "/search/council/feed/atom/").await;
        let feed = feed_rs::parser::parse(atom.body.as_bytes()).unwrap();
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(feed.id, format!("{SITE}/search/council/feed/atom/"));
        let json = page_feed(&site, "/search/council/feed/json/").await;
        assert_eq!(feed_rs::parser::parse(json.body.as_bytes()).unwrap().entries.len(), 2);

        let phrase = feed_rs::parser::parse(page_feed(&site, "/search/%22passes+the%22+budget/feed/").await.body.as_bytes()).unwrap();
        assert_eq!(phrase.entries.len(), 1);
        let none = feed_rs::parser::parse(page_feed(&site, "/search/snow/feed/").await.body.as_bytes()).unwrap();
        assert!(none.entries.is_empty());

        let etag = rss.header("etag").unwrap().to_owned();
        let again = site
            .send(Request::get("/search/council/feed/").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap())
            .await;
        assert_eq!(again.status, 304);
        for (asked, location) in [("/search/council/feed", "/search/council/feed/"), ("/search/council/feed/atom", "/search/council/feed/atom/")] {
            assert_eq!(site.get(asked).await.header("location"), Some(location));
        }
    }

    async fn every_page_has_the_search_form(site: TestApp) {
        let article = publish_story(&site, "Council passes the budget", "The vote.", 1).await;
        for path in ["/".to_owned(), path_of(&article), "/?s=council".to_owned(), "/no-such-page/".to_owned()] {
            let html = site.get(&path).await.html();
            let form = one(&html, "header .site-search");
            assert_eq!(form.value().attr("action"), Some("/"), "{path}");
            assert_eq!(form.value().attr("method"), Some("get"), "{path}");
            assert_eq!(form.value().attr("role"), Some("search"), "{path}");
            let label = one(&html, "header .site-search label");
            assert_eq!(text(label), "Search the site", "{path}: the field has a label");
            assert_eq!(select(&html, "header .site-search label input[name=s]").len(), 1, "{path}");
        }
    }
}

/// `GET path`, a feed that must answer 200.
async fn page_feed(site: &TestApp, path: &str) -> TestResponse {
    let response = site.get(path).await;
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    response
}

/// The entries' ids in the feed at `path`.
async fn feed_ids(site: &TestApp, path: &str) -> Vec<String> {
    let response = page_feed(site, path).await;
    feed_rs::parser::parse(response.body.as_bytes())
        .unwrap()
        .entries
        .into_iter()
        .map(|entry| entry.id)
        .collect()
}

/// The inner HTML of the one element under `element` that `css` selects.
fn html_of(element: scraper::ElementRef<'_>, css: &str) -> String {
    let selector = scraper::Selector::parse(css).unwrap();
    element.select(&selector).next().unwrap().inner_html()
}
