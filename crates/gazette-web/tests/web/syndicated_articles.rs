//! A syndicated item as readers meet it, over the real router: its authors as the byline
//! before the credit, in the page's JSON-LD and as the feeds' author (unless the article
//! has an author of its own), and its picture, fetched by the job queue, at the top of
//! the page.

use crate::support::*;
use gazette_domain::syndication::SourceInput;
use gazette_domain::{Article, Role};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::{TestApp, app_tests, images};
use serde_json::{Value, json};

/// The feed of the Wire: one item by two reporters, with a picture at `picture`.
fn wire_feed(guid: &str, title: &str, picture: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
         <title>The Wire</title><link>https://wire.example/</link><description>News</description>\
         <item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
         <link>https://wire.example/{guid}</link><description>Boats wait outside.</description>\
         <dc:creator>Ines Ortega</dc:creator><dc:creator>Tom Reyes</dc:creator>\
         <enclosure url=\"{picture}\" type=\"image/jpeg\" length=\"1000\"/>\
         <pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate></item></channel></rss>"
    )
}

/// Takes the one item of the feed at `path` through a new source (attributing its
/// articles to `author`, if given), runs the jobs, and returns the article.
async fn taken(
    site: &TestApp,
    server: &FeedServer,
    path: &str,
    author: Option<gazette_domain::UserId>,
    slug: &str,
) -> Article {
    let source = site
        .app
        .add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url(path),
            author_id: author,
            mode: Some("publish".into()),
            canonical_to_original: true,
            allow_private_addresses: true,
            ..SourceInput::default()
        })
        .await
        .unwrap();
    site.app.fetch_source(source.id).await.unwrap();
    site.app.run_due_jobs().await.unwrap();
    site.app.public_article(slug).await.unwrap()
}

/// The JSON-LD of the page at `path`.
async fn json_ld_of(site: &TestApp, path: &str) -> Value {
    let html = site.get(path).await.html();
    let script = one(&html, "head script[type='application/ld+json']");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

/// The authors of the newest entry of each of the site's feeds, as feed-rs reads them.
async fn newest_entry_authors(site: &TestApp) -> Vec<Vec<String>> {
    let mut authors = Vec::new();
    for path in ["/feed/", "/feed/atom/", "/feed/json/"] {
        let body = site.get(path).await.body;
        let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
        authors.push(
            feed.entries[0]
                .authors
                .iter()
                .filter_map(|author| author.name.clone())
                .collect(),
        );
    }
    authors
}

app_tests! {
    async fn an_item_s_authors_and_picture_reach_its_page_and_the_feeds(site: TestApp) {
        let server = FeedServer::start();
        server.serve_file("/dredging.jpg", "image/jpeg", images::jpeg(1200, 800));
        server.serve_feed("/feed.xml", &wire_feed("dredging", "Harbour dredging begins", &server.url("/dredging.jpg")));
        let article = taken(&site, &server, "/feed.xml", None, "harbour-dredging-begins").await;
        let page = site.get(&path_of(&article)).await;
        assert_eq!(page.status, 200);
        let html = page.html();
        assert_well_formed(&html);
        assert_eq!(text(one(&html, ".entry-content p.credit")), "By Ines Ortega and Tom Reyes · Credit: The Wire");
        assert_eq!(text(one(&html, ".entry-content p.credit .byline")), "By Ines Ortega and Tom Reyes");
        assert_eq!(one(&html, ".entry-content p.credit a").value().attr("href"), Some("https://wire.example/dredging"));

        let image = site.app.media_item(article.featured_image.as_ref().unwrap().media_id).await.unwrap();
        let shown = one(&html, ".article figure img");
        assert_eq!(shown.value().attr("src"), Some(image.url.as_str()));
        assert_eq!(shown.value().attr("alt"), Some("Harbour dredging begins"));
        assert!(shown.value().attr("srcset").unwrap().contains("960w"), "its thumbnails were made");
        let served = site.get(&image.url).await;
        assert_eq!((served.status.as_u16(), served.header("content-type")), (200, Some("image/jpeg")));

        let described = json_ld_of(&site, &path_of(&article)).await;
        assert_eq!(described["author"], json!({"@type": "Person", "name": "Ines Ortega and Tom Reyes"}));
        assert_eq!(described["image"], json!({"@type": "ImageObject", "url": format!("http://127.0.0.1:8080{}", image.url), "width": 1200, "height": 800}));
        assert_eq!(newest_entry_authors(&site).await, vec![vec!["Ines Ortega and Tom Reyes".to_owned()]; 3], "RSS, Atom and JSON Feed");
    }

    async fn an_article_s_own_author_comes_before_the_original_s_in_the_feeds(site: TestApp) {
        let (_, editor) = signed_in_user(&site, "Wendy Wire-Desk", Role::Editor).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &wire_feed("bridge", "Bridge reopens", &server.url("/missing.jpg")));
        let article = taken(&site, &server, "/feed.xml", Some(editor.id), "bridge-reopens").await;
        assert_eq!(article.author_id, Some(editor.id));
        let html = site.get(&path_of(&article)).await.html();
        assert_eq!(text(one(&html, ".entry-content p.credit .byline")), "By Ines Ortega and Tom Reyes", "the page still names who wrote it");
        assert!(select(&html, ".article figure").is_empty(), "a missing picture leaves the page without one");
        assert_eq!(json_ld_of(&site, &path_of(&article)).await["author"], json!({"@type": "Person", "name": "Wendy Wire-Desk", "url": "http://127.0.0.1:8080/author/wendy-wire-desk/"}));
        assert_eq!(newest_entry_authors(&site).await, vec![vec!["Wendy Wire-Desk".to_owned()]; 3]);
    }
}
