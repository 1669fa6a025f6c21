//! A site moved from WordPress answers the old site's links: `/?p=ID`, `/?page_id=ID` and
//! `/?attachment_id=ID`, old slugs, the addresses of posts whose slug had to change, pages
//! under pages, and attachment pages; its imported threads show ten deep, and pingbacks
//! are listed apart from the comments and not counted with them.

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
}
