//! A site moved from WordPress answers the old site's links: `/?p=ID`, `/?page_id=ID` and
//! `/?attachment_id=ID`, old slugs, the addresses of posts whose slug had to change, pages
//! under pages, and attachment pages; its imported threads show ten deep, and pingbacks
//! are listed apart from the comments and not counted with them. Its pages (About…) read
//! as pages: no date line, byline or categories, and described as a `WebPage`.

use crate::support::*;
use gazette_app::{ImportOptions, Unobserved};
use gazette_test_support::wordpress::TRAPS;
use gazette_test_support::{TestApp, app_tests};
use scraper::{Html, Selector};

async fn imported(site: &TestApp) {
    let report = site
        .app
        .import_wordpress(
            Box::new(std::io::Cursor::new(TRAPS.as_bytes().to_vec())),
            &ImportOptions::default(),
            &Unobserved,
        )
        .await
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
}

async fn redirect_of(site: &TestApp, path: &str) -> String {
    let response = site.get(path).await;
    assert_eq!(response.status, 301, "{path}: {}", response.body);
    response.header("location").unwrap().to_owned()
}

app_tests! {
    async fn the_old_sites_links_lead_where_they_led(site: TestApp) {
        imported(&site).await;
        assert_eq!(redirect_of(&site, "/?p=101").await, "/2024/03/01/fish-and-chips/");
        assert_eq!(redirect_of(&site, "/?page_id=203").await, "/about/team/history/");
        assert_eq!(redirect_of(&site, "/?p=301").await, "https://harbour.example/wp-content/uploads/2024/03/dawn.jpg");
        assert_eq!(redirect_of(&site, "/?attachment_id=301").await, "https://harbour.example/wp-content/uploads/2024/03/dawn.jpg");
        assert_eq!(redirect_of(&site, "/2024/03/01/fish-and-chips/dawn/").await, "https://harbour.example/wp-content/uploads/2024/03/dawn.jpg");
        assert_eq!(redirect_of(&site, "/2024/03/01/fish-chips-history/").await, "/2024/03/01/fish-and-chips/", "the old slug");
        assert_eq!(redirect_of(&site, "/2024/03/02/fish-and-chips/").await, "/2024/03/02/fish-and-chips-2/", "the second post with the same slug");
        assert_eq!(redirect_of(&site, "/about/team/history").await, "/about/team/history/");
        assert_eq!(site.get("/?p=999").await.status, 404);
        assert_eq!(site.get("/?p=x").await.status, 404);
        assert_eq!(site.get("/?attachment_id=7").await.status, 404);
        assert_eq!(site.get("/?p=102").await.status, 404, "a draft has no address");

        let history = site.get("/about/team/history/").await;
        assert_eq!(history.status, 200);
        assert!(history.body.contains("Since 1890."));
        assert_eq!(site.get("/about/team/history/feed/").await.status, 200);
        assert_eq!(site.get("/team/history/").await.status, 404);

        let home = site.get("/").await.body;
        assert!(home.contains("Fish &amp; chips – a &lt;history&gt;"), "{home}");
        assert!(!home.contains(">About<") && !home.contains(">Team<"), "pages are not news: {home}");
    }

    async fn imported_threads_show_deep_and_pingbacks_apart(site: TestApp) {
        imported(&site).await;
        let page = site.get("/2024/03/01/fish-and-chips/").await;
        assert_eq!(page.status, 200);
        let html = Html::parse_document(&page.body);
        assert_eq!(one(&html, "#comments-title").text().collect::<String>(), "12 comments on “Fish & chips – a <history>”");
        assert!(!page.body.contains("Cheap pills") && !page.body.contains("Please approve me"), "spam and pending stay hidden");
        let threaded = Selector::parse("#comments .comment-list #comment-1 #comment-5").unwrap();
        assert_eq!(html.select(&threaded).count(), 1, "replies sit inside their thread");
        assert!(one(&html, "#comments #comment-20").value().attr("class").unwrap().contains("depth-1"), "the reply whose parent is missing is top-level");
        let pingbacks = Selector::parse("#pingbacks .pingback").unwrap();
        let listed: Vec<String> = html.select(&pingbacks).map(|item| item.text().collect::<String>()).collect();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed[0].starts_with("Other Blog"), "{listed:?}");
        assert_eq!(one(&html, "#pingbacks #comment-30 a").value().attr("href"), Some("https://other.example/linking-post/"));
        let in_threads = Selector::parse("#comments #comment-30").unwrap();
        assert_eq!(html.select(&in_threads).count(), 0, "pingbacks are not mixed into the thread");
        let feed = site.get("/2024/03/01/fish-and-chips/feed/").await.body;
        assert!(!feed.contains("Other Blog"), "the comment feed holds readers' comments");
    }

    async fn an_imported_page_reads_as_a_page_while_a_post_reads_as_news(site: TestApp) {
        imported(&site).await;
        let kind_of = |html: &Html| {
            let script = one(html, "head script[type='application/ld+json']").text().collect::<String>();
            serde_json::from_str::<serde_json::Value>(&script).unwrap()
        };
        let og_type = |html: &Html| one(html, "head meta[property='og:type']").value().attr("content").unwrap().to_owned();

        let post = site.get("/2024/03/01/fish-and-chips/").await.html();
        assert_well_formed(&post);
        assert_eq!(select(&post, ".entry-header .entry-meta time.published").len(), 1);
        assert_eq!(select(&post, ".entry-header .byline").len(), 1);
        assert_eq!(text(one(&post, ".entry-footer .entry-categories")), "Filed under Local");
        assert_eq!(kind_of(&post)["@type"], "NewsArticle");
        assert_eq!(og_type(&post), "article");
        assert!(!select(&post, "head meta[property='article:published_time']").is_empty());

        let page = site.get("/about/team/history/").await;
        assert_eq!(page.status, 200);
        let html = page.html();
        assert_well_formed(&html);
        assert_eq!(text(one(&html, ".entry-title")), "History");
        assert!(text(one(&html, ".entry-content")).contains("Since 1890."));
        for news_only in [".entry-meta", "time.published", ".byline", ".updated", ".original-publication", ".entry-footer", ".entry-categories", ".entry-tags", "[rel=prev]", "[rel=next]"] {
            assert!(select(&html, news_only).is_empty(), "a page shows no {news_only}");
        }
        assert!(one(&html, "body").value().attr("class").unwrap().contains("single-page"));
        let described = kind_of(&html);
        assert_eq!(described["@type"], "WebPage");
        assert_eq!(described["name"], "History");
        assert_eq!(described["url"], format!("{}/about/team/history/", site.app.site_settings().await.unwrap().site_url));
        assert_eq!(described["isPartOf"]["@type"], "WebSite");
        for news_only in ["datePublished", "dateModified", "author", "headline"] {
            assert!(described.get(news_only).is_none(), "{news_only}: {described}");
        }
        assert_eq!(og_type(&html), "website");
        for news_only in ["article:published_time", "article:modified_time", "article:author", "article:section", "article:tag"] {
            assert!(select(&html, &format!("head meta[property='{news_only}']")).is_empty(), "{news_only}");
        }
        assert_eq!(select(&html, "#comments").len(), 1, "a page keeps its comments");
    }
}
