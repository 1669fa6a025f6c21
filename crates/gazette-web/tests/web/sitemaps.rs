//! Sitemaps and robots.txt over the real router: the index and its files parsed as XML in
//! their namespaces with absolute addresses of public pages only; 120,000 articles in
//! exactly three article files of 50,000, 50,000 and 20,000; the news sitemap's last two
//! days, at most 1,000 articles, titles escaped; malformed and missing files not found;
//! 304 for a crawler's current copy; and a site that discourages search engines, whose
//! robots.txt disallows everything, whose pages all say noindex (and every response in an
//! `X-Robots-Tag` header) and which has no sitemap.

use crate::support::*;
use gazette_app::{CategoryInput, NewUser, PublishOptions};
use gazette_domain::{ArticleDraft, ArticleId, ArticleStatus, Role, Slug, Timestamp};
use gazette_store::ArticleRecord;
use gazette_test_support::{TEST_START, TestApp, TestDatabase, app_tests};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

/// The test site's address.
const SITE: &str = "http://127.0.0.1:8080";
const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NAMESPACE: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// An element of a parsed XML document.
#[derive(Debug)]
struct Element {
    namespace: String,
    name: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    fn child<'a>(&'a self, name: &'a str) -> &'a Element {
        let found: Vec<&Element> = self.all(name).collect();
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
}

/// `body` parsed as XML with its namespaces resolved; the test fails on anything that is
/// not well-formed.
fn parse_xml(body: &str) -> Element {
    let mut reader = NsReader::from_str(body);
    let mut open: Vec<Element> = Vec::new();
    loop {
        let (resolved, event) = reader.read_resolved_event().unwrap();
        let namespace = match resolved {
            ResolveResult::Bound(Namespace(namespace)) => namespace.to_owned(),
            _ => String::new(),
        };
        let finished = match event {
            Event::Start(start) => {
                open.push(Element {
                    namespace,
                    name: start.local_name().as_ref().to_owned(),
                    text: String::new(),
                    children: Vec::new(),
                });
                None
            }
            Event::End(_) => open.pop(),
            Event::Text(text) => {
                match open.last_mut() {
                    Some(element) => element.text.push_str(&text.xml10_content()),
                    None => assert!(
                        text.xml10_content().trim().is_empty(),
                        "text outside the root element"
                    ),
                }
                None
            }
            Event::GeneralRef(reference) => {
                let entity = format!("&{};", &*reference);
                let character = quick_xml::escape::unescape(&entity).unwrap();
                open.last_mut().unwrap().text.push_str(&character);
                None
            }
            Event::Empty(_) | Event::CData(_) | Event::DocType(_) => {
                panic!("a sitemap has neither empty elements, CDATA nor a DOCTYPE:\n{body}")
            }
            Event::Eof => panic!("the document ended inside an element:\n{body}"),
            _ => None,
        };
        if let Some(element) = finished {
            match open.last_mut() {
                Some(parent) => parent.children.push(element),
                None => return element,
            }
        }
    }
}

/// The sitemap at `path`: answered 200 as XML and parsed.
async fn sitemap_at(site: &TestApp, path: &str) -> Element {
    let response = site.get(path).await;
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    assert_eq!(
        response.header("content-type"),
        Some("application/xml; charset=utf-8"),
        "{path}"
    );
    parse_xml(&response.body)
}

/// Each entry's `<loc>` and `<lastmod>`, of an index (`sitemap`) or a sitemap (`url`),
/// checked to be in the sitemaps protocol's namespace.
fn entries(root: &Element, element: &str) -> Vec<(String, Option<String>)> {
    assert_eq!(root.namespace, SITEMAP_NAMESPACE);
    root.all(element)
        .map(|entry| {
            assert_eq!(entry.namespace, SITEMAP_NAMESPACE);
            let lastmod = entry
                .all("lastmod")
                .next()
                .map(|lastmod| lastmod.text.clone());
            (entry.child("loc").text.clone(), lastmod)
        })
        .collect()
}

/// `path` on the test site, absolute.
fn absolute(path: &str) -> String {
    format!("{SITE}{path}")
}

/// The path of the site's absolute address `url`.
fn path_in(url: &str) -> &str {
    url.strip_prefix(SITE)
        .unwrap_or_else(|| panic!("{url} is not on {SITE}"))
}

/// `count` published articles stored together in one transaction, straight through the
/// store (the use cases would take minutes for lists this long); the `n`th is published at
/// `published(n)`.
async fn store_published(
    site: &TestApp,
    count: usize,
    published: impl Fn(usize) -> Timestamp,
) -> Vec<ArticleId> {
    let records: Vec<ArticleRecord> = (0..count)
        .map(|n| ArticleRecord {
            slug: Slug::parse(&format!("stored-{n}")).unwrap(),
            title: format!("Stored story {n}"),
            body_markdown: String::new(),
            body_html: String::new(),
            excerpt: String::new(),
            excerpt_is_manual: false,
            seo_title: String::new(),
            meta_description: String::new(),
            status: ArticleStatus::Published,
            author_id: None,
            comments_open: true,
            source: None,
            featured_image: None,
            published_at: Some(published(n)),
            modified_at: None,
        })
        .collect();
    let db = site.database.connect().await;
    let mut tx = db.begin().await.unwrap();
    let ids = tx
        .insert_articles(&records, None, site.app.clock().now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    ids
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

app_tests! {
    async fn the_index_names_each_sitemap_and_each_lists_only_public_pages(site: TestApp) {
        let ada = site.app.create_user(NewUser { display_name: "Ada Editor".into(), email: "ada@ledger.example".into(), role: Role::Editor, password: None }).await.unwrap();
        let news = site.app.create_category(&ada, &CategoryInput { name: "News".into(), ..CategoryInput::default() }).await.unwrap();
        site.app.create_category(&ada, &CategoryInput { name: "Local".into(), parent: Some(news), ..CategoryInput::default() }).await.unwrap();
        site.app.publish_article(
            &ArticleDraft { title: "Council passes the budget".into(), body_markdown: "Seven votes to two.".into(), ..ArticleDraft::default() },
            PublishOptions { author_id: Some(ada.id), categories: vec!["Local".into()], tags: vec!["Budget".into()], published_at: Some(at("2024-04-20T09:00:00Z")), ..PublishOptions::default() },
        ).await.unwrap();
        publish(&site, "Bridge reopens").await;
        publish_republished(&site).await;
        publish_draft(&site, ArticleDraft { title: "Unfinished".into(), draft: true, ..ArticleDraft::default() }).await;
        site.app.publish_article(
            &ArticleDraft { title: "Tomorrow's story".into(), body_markdown: "Not yet.".into(), ..ArticleDraft::default() },
            PublishOptions { published_at: Some(at("2024-04-25T09:00:00Z")), ..PublishOptions::default() },
        ).await.unwrap();

        let index = sitemap_at(&site, "/sitemap.xml").await;
        assert_eq!(index.name, "sitemapindex");
        assert_eq!(entries(&index, "sitemap"), [
            (absolute("/sitemaps/articles-1.xml"), Some("2024-04-24T10:00:00+00:00".to_owned())),
            (absolute("/sitemaps/archives-1.xml"), None),
            (absolute("/news-sitemap.xml"), None),
        ]);

        let articles = sitemap_at(&site, "/sitemaps/articles-1.xml").await;
        assert_eq!(articles.name, "urlset");
        assert_eq!(entries(&articles, "url"), [
            (absolute("/2024/04/20/council-passes-the-budget/"), Some("2024-04-20T09:00:00+00:00".to_owned())),
            (absolute("/2024/04/24/bridge-reopens/"), Some("2024-04-24T10:00:00+00:00".to_owned())),
        ], "neither the draft, the scheduled article, nor the copy whose canonical address is the original's");
        for (url, _) in entries(&articles, "url") {
            assert_eq!(site.get(path_in(&url)).await.status, 200, "{url}");
        }

        let archives = sitemap_at(&site, "/sitemaps/archives-1.xml").await;
        let listed: Vec<String> = entries(&archives, "url").into_iter().map(|(url, lastmod)| {
            assert_eq!(lastmod, None, "archives carry no date");
            url
        }).collect();
        assert_eq!(listed, [
            absolute("/"),
            absolute("/category/news/local/"),
            absolute("/tag/budget/"),
            absolute("/author/ada-editor/"),
        ], "the front page, then every archive with a public article, at its own address");
        for url in &listed {
            assert_eq!(site.get(path_in(url)).await.status, 200, "{url}");
        }
    }

    async fn a_sitemap_that_does_not_exist_is_not_found(site: TestApp) {
        assert_eq!(site.get("/sitemaps/articles-1.xml").await.status, 404, "no article yet, no article file");
        assert_eq!(entries(&sitemap_at(&site, "/sitemap.xml").await, "sitemap").len(), 2, "the archives and the news");
        publish(&site, "Bridge reopens").await;
        assert_eq!(site.get("/sitemaps/articles-1.xml").await.status, 200);
        for path in [
            "/sitemaps/articles-2.xml",
            "/sitemaps/archives-2.xml",
            "/sitemaps/articles-0.xml",
            "/sitemaps/articles-01.xml",
            "/sitemaps/articles-one.xml",
            "/sitemaps/articles-99999999999999999999.xml",
            "/sitemaps/articles--1.xml",
            "/sitemaps/articles-1.xml.gz",
            "/sitemaps/articles-1",
            "/sitemaps/posts-1.xml",
            "/sitemaps/",
        ] {
            let response = site.get(path).await;
            assert_eq!(response.status, 404, "{path}");
        }
    }

    async fn a_crawler_holding_the_current_copy_is_answered_not_modified(site: TestApp) {
        publish(&site, "Bridge reopens").await;
        for path in ["/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/archives-1.xml", "/news-sitemap.xml"] {
            let first = site.get(path).await;
            let etag = first.header("etag").unwrap().to_owned();
            let again = site.send(axum::http::Request::get(path).header("if-none-match", &etag).body(axum::body::Body::empty()).unwrap()).await;
            assert_eq!(again.status, 304, "{path}");
            assert!(again.body.is_empty());
        }
        let articles = site.get("/sitemaps/articles-1.xml").await;
        assert_eq!(articles.header("last-modified"), Some("Wed, 24 Apr 2024 10:00:00 GMT"));
        let since = site.send(axum::http::Request::get("/sitemaps/articles-1.xml").header("if-modified-since", "Wed, 24 Apr 2024 10:00:00 GMT").body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(since.status, 304);
        let etag = articles.header("etag").unwrap().to_owned();
        site.app.clock().advance(60);
        publish(&site, "Ferry returns").await;
        let changed = site.send(axum::http::Request::get("/sitemaps/articles-1.xml").header("if-none-match", &etag).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(changed.status, 200, "a new article is a new copy");
        assert_eq!(entries(&parse_xml(&changed.body), "url").len(), 2);
    }

    async fn the_news_sitemap_lists_two_days_of_articles_with_their_titles_escaped(site: TestApp) {
        site.app.change_setting("title", "Smith & Sons' <Ledger>").await.unwrap();
        site.app.change_setting("language", "en-GB").await.unwrap();
        let hostile = "Tom & Jerry </news:title> <script>\"quoted\"</script>";
        let newest = publish(&site, hostile).await;
        let mut expected = vec![(absolute(&path_of(&newest)), "2024-04-24T10:00:00+00:00".to_owned(), hostile.to_owned())];
        for (title, published, day) in [("Yesterday's council", "2024-04-23T10:00:00Z", "23"), ("Just inside", "2024-04-22T10:00:01Z", "22"), ("Too old", "2024-04-22T09:59:59Z", "22")] {
            let article = site.app.publish_article(
                &ArticleDraft { title: title.into(), body_markdown: "Text.".into(), ..ArticleDraft::default() },
                PublishOptions { published_at: Some(at(published)), ..PublishOptions::default() },
            ).await.unwrap();
            if title != "Too old" {
                expected.push((absolute(&format!("/2024/04/{day}/{}/", article.slug)), published.replace('Z', "+00:00"), title.to_owned()));
            }
        }
        let news = sitemap_at(&site, "/news-sitemap.xml").await;
        assert_eq!((news.namespace.as_str(), news.name.as_str()), (SITEMAP_NAMESPACE, "urlset"));
        let listed: Vec<(String, String, String)> = news.all("url").map(|url| {
            let article = url.child("news");
            assert_eq!(article.namespace, NEWS_NAMESPACE);
            let publication = article.child("publication");
            assert_eq!(publication.namespace, NEWS_NAMESPACE);
            assert_eq!(publication.child("name").text, "Smith & Sons' <Ledger>");
            assert_eq!(publication.child("language").text, "en");
            (url.child("loc").text.clone(), article.child("publication_date").text.clone(), article.child("title").text.clone())
        }).collect();
        assert_eq!(listed, expected, "the last two days, newest first");
        let raw = site.get("/news-sitemap.xml").await.body;
        assert!(!raw.contains("<script>") && !raw.contains("& Jerry"), "escaped: {raw}");

        let now = site.app.clock().now();
        store_published(&site, 1_005, |n| now.plus_seconds(-60 - i64::try_from(n).unwrap())).await;
        let capped = sitemap_at(&site, "/news-sitemap.xml").await;
        assert_eq!(capped.all("url").count(), 1_000, "Google News takes at most 1,000");
        assert_eq!(capped.all("url").next().unwrap().child("news").child("title").text, hostile, "the newest first");
    }

    async fn robots_txt_names_the_sitemaps(site: TestApp) {
        let robots = site.get("/robots.txt").await;
        assert_eq!(robots.status, 200);
        assert_eq!(robots.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(robots.body, format!("User-agent: *\nDisallow: /desk/\n\nSitemap: {SITE}/sitemap.xml\nSitemap: {SITE}/news-sitemap.xml\n"));
        site.app.change_setting("site_url", "https://news.example").await.unwrap();
        let moved = site.get("/robots.txt").await.body;
        assert!(moved.contains("Sitemap: https://news.example/sitemap.xml\n"), "{moved}");
        publish(&site, "Bridge reopens").await;
        let index = sitemap_at(&site, "/sitemap.xml").await;
        assert!(entries(&index, "sitemap").iter().all(|(url, _)| url.starts_with("https://news.example/")), "addresses come from the site's address");
    }

    async fn a_site_that_discourages_search_engines_asks_them_to_stay_away(site: TestApp) {
        let admin = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let article = site.app.publish_article(
            &ArticleDraft { title: "Council passes the budget".into(), body_markdown: "Text.".into(), ..ArticleDraft::default() },
            PublishOptions { tags: vec!["Budget".into()], ..PublishOptions::default() },
        ).await.unwrap();
        let pages = ["/".to_owned(), path_of(&article), "/tag/budget/".to_owned(), "/2024/04/".to_owned()];
        for page in &pages {
            assert!(select(&site.get(page).await.html(), "meta[name=robots]").is_empty(), "{page} may be indexed");
        }
        let reading = site.get_with_cookie("/desk/settings/reading/", &admin.0).await.html();
        let checkbox = one(&reading, "input#discourage_search_engines[type=checkbox]");
        assert!(checkbox.value().attr("checked").is_none());
        assert_eq!(text(one(&reading, "label[for=discourage_search_engines]")), "Discourage search engines from indexing this site");

        let fields = [("posts_per_page", "10"), ("feed_items", "10"), ("feed_full_text", "true"), ("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/"), ("discourage_search_engines", "1")];
        assert_eq!(desk_post(&site, &admin, "/desk/settings/reading/", &fields).await.status, 303);
        let reading = site.get_with_cookie("/desk/settings/reading/", &admin.0).await.html();
        assert!(one(&reading, "input#discourage_search_engines").value().attr("checked").is_some());

        assert_eq!(site.get("/robots.txt").await.body, "User-agent: *\nDisallow: /\n");
        for path in ["/sitemap.xml", "/news-sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/archives-1.xml"] {
            assert_eq!(site.get(path).await.status, 404, "{path}");
        }
        for page in pages.iter().map(String::as_str).chain(["/?s=budget", "/no-such-page/"]) {
            let html = site.get(page).await.html();
            let robots = one(&html, "head meta[name=robots]");
            assert!(robots.value().attr("content").unwrap().contains("noindex"), "{page}");
        }
        // Feeds and every other response say it in a header, once the setting is read again
        // (at most a minute later).
        site.app.clock().advance(61);
        for path in ["/feed/", "/comments/feed/", "/robots.txt", "/", "/no-such-page/"] {
            assert_eq!(site.get(path).await.header("x-robots-tag"), Some("noindex"), "{path}");
        }

        let fields = [("posts_per_page", "10"), ("feed_items", "10"), ("feed_full_text", "true"), ("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/")];
        assert_eq!(desk_post(&site, &admin, "/desk/settings/reading/", &fields).await.status, 303, "an unticked box turns it off");
        assert_eq!(site.get("/sitemap.xml").await.status, 200);
        assert!(select(&site.get("/").await.html(), "meta[name=robots]").is_empty());
        site.app.clock().advance(61);
        assert_eq!(site.get("/feed/").await.header("x-robots-tag"), None);
        assert_eq!(one(&site.get("/?s=budget").await.html(), "meta[name=robots]").value().attr("content"), Some("noindex"), "search pages are never indexed");
    }
}

/// The sitemaps protocol's limit over the real router: three files for 120,000 articles,
/// the last holding the rest. SQLite only: one backend shows the arithmetic, and the
/// articles are stored in one transaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_and_twenty_thousand_articles_make_exactly_three_article_sitemaps() {
    let site = TestApp::start(TestDatabase::sqlite()).await;
    let start = at(TEST_START);
    let ids = store_published(&site, 120_000, |n| {
        start.plus_seconds(-1_000_000 + i64::try_from(n).unwrap())
    })
    .await;
    let index = sitemap_at(&site, "/sitemap.xml").await;
    let files: Vec<String> = entries(&index, "sitemap")
        .into_iter()
        .map(|(url, _)| url)
        .filter(|url| url.contains("/sitemaps/articles-"))
        .collect();
    assert_eq!(
        files,
        [1, 2, 3].map(|number| absolute(&format!("/sitemaps/articles-{number}.xml")))
    );
    let mut counts = Vec::new();
    for file in &files {
        let urls = entries(&sitemap_at(&site, path_in(file)).await, "url");
        counts.push(urls.len());
        if file.ends_with("-3.xml") {
            let (last, _) = urls.last().unwrap();
            assert!(
                last.ends_with(&format!("/stored-{}/", ids.len() - 1)),
                "the last article stored closes the last file: {last}"
            );
        }
    }
    assert_eq!(counts, [50_000, 50_000, 20_000]);
    assert_eq!(site.get("/sitemaps/articles-4.xml").await.status, 404);
}
