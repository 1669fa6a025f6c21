//! Archives over the real router: a category's (with the categories below it), a tag's, an
//! author's and a period's articles at WordPress's addresses, numbered in pages with
//! `rel=prev/next`, their feeds read back by feed-rs, the redirects to each page's own
//! address (a child category without its parents, `page/1/`, a missing or doubled slash),
//! the page cache, and articles still found under every permalink pattern.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_app::{BulkArticleAction, CategoryInput, NewUser, PublishOptions};
use gazette_domain::{Article, ArticleDraft, Role, Timestamp, User};
use gazette_test_support::{TEST_START, TestApp, app_tests};

/// The site's address in tests (the `site_url` setting's default).
const SITE: &str = "http://127.0.0.1:8080";

/// An editor, who may make categories.
async fn editor(site: &TestApp, name: &str) -> User {
    let email = format!("{}@ledger.example", name.to_lowercase().replace(' ', "."));
    site.app
        .create_user(NewUser {
            display_name: name.into(),
            email,
            role: Role::Editor,
            password: None,
        })
        .await
        .unwrap()
}

/// The sections of the tests' site: News with Local under it (described), and Sport.
async fn sections(site: &TestApp, editor: &User) {
    let news = site
        .app
        .create_category(
            editor,
            &CategoryInput {
                name: "News".into(),
                slug: String::new(),
                description: String::new(),
                parent: None,
            },
        )
        .await
        .unwrap();
    for (name, description, parent) in [
        ("Local", "What happens in town.", Some(news)),
        ("Sport", "", None),
    ] {
        site.app
            .create_category(
                editor,
                &CategoryInput {
                    name: name.into(),
                    slug: String::new(),
                    description: description.into(),
                    parent,
                },
            )
            .await
            .unwrap();
    }
}

/// An article published `minutes` before the tests' clock, by `author`, filed under
/// `categories` and tagged `tags`.
async fn story(
    site: &TestApp,
    title: &str,
    minutes: i64,
    author: Option<&User>,
    categories: &[&str],
    tags: &[&str],
) -> Article {
    let start: Timestamp = TEST_START.parse().unwrap();
    site.app
        .publish_article(
            &ArticleDraft {
                title: title.into(),
                body_markdown: format!("{title}, as it happened."),
                ..ArticleDraft::default()
            },
            PublishOptions {
                author_id: author.map(|user| user.id),
                published_at: Some(start.plus_seconds(-minutes * 60)),
                categories: categories.iter().map(|name| (*name).to_owned()).collect(),
                tags: tags.iter().map(|name| (*name).to_owned()).collect(),
                ..PublishOptions::default()
            },
        )
        .await
        .unwrap()
}

/// The titles listed on the page at `path`, which must answer 200 with well-formed HTML.
async fn titles_at(site: &TestApp, path: &str) -> Vec<String> {
    let page = site.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    let html = page.html();
    assert_well_formed(&html);
    select(&html, ".article-summary .entry-title")
        .into_iter()
        .map(text)
        .collect()
}

/// Where the answer to `GET path` redirects, which must be a 301.
async fn redirect_of(site: &TestApp, path: &str) -> String {
    let response = site.get(path).await;
    assert_eq!(response.status, 301, "{path}");
    response.header("location").unwrap().to_owned()
}

/// The `href` of the only element matching `css` on `html`.
fn href(html: &scraper::Html, css: &str) -> Option<String> {
    select(html, css)
        .first()
        .and_then(|element| element.value().attr("href"))
        .map(str::to_owned)
}

app_tests! {
    async fn a_category_lists_its_own_articles_and_those_below_it(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        story(&site, "Council meets", 30, None, &["News"], &[]).await;
        story(&site, "Library opens", 20, None, &["Local"], &[]).await;
        story(&site, "Cup final", 10, None, &["Sport"], &[]).await;
        story(&site, "Filed twice", 5, None, &["News", "Local"], &[]).await;
        publish_draft(&site, ArticleDraft { title: "Draft news".into(), body_markdown: "Not yet.".into(), draft: true, ..ArticleDraft::default() }).await;

        assert_eq!(titles_at(&site, "/category/news/").await, ["Filed twice", "Library opens", "Council meets"]);
        assert_eq!(titles_at(&site, "/category/news/local/").await, ["Filed twice", "Library opens"]);
        assert_eq!(titles_at(&site, "/category/sport/").await, ["Cup final"]);

        let html = site.get("/category/news/local/").await.html();
        assert_eq!(text(one(&html, "h1.archive-title")), "Category: Local");
        assert_eq!(text(one(&html, ".archive-description")), "What happens in town.");
        assert_eq!(text(one(&html, "title")), "Category: Local · Gazette");
        assert_eq!(href(&html, "link[rel=canonical]").as_deref(), Some(&*format!("{SITE}/category/news/local/")));
        assert!(select(&html, "link[rel=prev], link[rel=next], .pagination").is_empty(), "one page only");
        let feeds: Vec<&str> = select(&html, "link[rel=alternate]").into_iter().filter_map(|link| link.value().attr("href")).collect();
        for feed in ["/category/news/local/feed/", "/category/news/local/feed/atom/", "/category/news/local/feed/json/"] {
            assert!(feeds.contains(&feed), "{feed} among {feeds:?}");
        }
        assert!(select(&site.get("/category/news/").await.html(), ".archive-description").is_empty());

        assert_eq!(redirect_of(&site, "/category/local/").await, "/category/news/local/", "a child's short address");
        assert_eq!(redirect_of(&site, "/category/local/page/1/?from=mail").await, "/category/news/local/?from=mail");
        assert_eq!(redirect_of(&site, "/category/sport/news/local/").await, "/category/news/local/", "a wrong parent");
        for missing in ["/category/weather/", "/category/", "/category/news/local/more/"] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
    }

    async fn an_empty_category_says_so_and_only_public_articles_count(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        let page = site.get("/category/sport/").await;
        assert_eq!(page.status, 200);
        assert_eq!(text(one(&page.html(), ".no-articles")), "Nothing has been published here yet.");

        let trashed = story(&site, "Withdrawn", 30, None, &["Sport"], &["Results"]).await;
        story(&site, "Kept", 20, None, &["Sport"], &["Results"]).await;
        let scheduled = site.app.publish_article(
            &ArticleDraft { title: "Tomorrow's match".into(), body_markdown: "Soon.".into(), ..ArticleDraft::default() },
            PublishOptions {
                published_at: Some(TEST_START.parse::<Timestamp>().unwrap().plus_seconds(3600)),
                categories: vec!["Sport".into()],
                tags: vec!["Results".into()],
                ..PublishOptions::default()
            },
        ).await.unwrap();
        assert_eq!(titles_at(&site, "/category/sport/").await, ["Kept", "Withdrawn"]);

        site.app.change_articles(&ada, BulkArticleAction::Trash, &[trashed.id]).await.unwrap();
        assert_eq!(titles_at(&site, "/category/sport/").await, ["Kept"], "the trash leaves the list");
        assert_eq!(titles_at(&site, "/tag/results/").await, ["Kept"]);
        site.app.change_articles(&ada, BulkArticleAction::Restore, &[trashed.id]).await.unwrap();
        assert_eq!(titles_at(&site, "/category/sport/").await, ["Kept", "Withdrawn"], "restored, it is back");

        site.app.clock().advance(7200);
        site.app.publish_due_articles().await.unwrap();
        assert_eq!(site.app.public_article(scheduled.slug.as_str()).await.unwrap().id, scheduled.id);
        assert_eq!(titles_at(&site, "/category/sport/").await, ["Tomorrow's match", "Kept", "Withdrawn"], "published when due");
        assert_eq!(titles_at(&site, "/tag/results/").await, ["Tomorrow's match", "Kept", "Withdrawn"]);
    }

    async fn tags_and_authors_have_their_archives_and_articles_link_to_them(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        let quiet = editor(&site, "Quiet Editor").await;
        sections(&site, &ada).await;
        let budget = story(&site, "Budget passes", 20, Some(&ada), &["Local"], &["Budget", "Council"]).await;
        story(&site, "Budget row", 10, None, &["News"], &["Budget"]).await;

        assert_eq!(titles_at(&site, "/tag/budget/").await, ["Budget row", "Budget passes"]);
        assert_eq!(titles_at(&site, "/tag/council/").await, ["Budget passes"]);
        assert_eq!(text(one(&site.get("/tag/budget/").await.html(), "h1")), "Tag: Budget");
        assert_eq!(titles_at(&site, "/author/ada-editor/").await, ["Budget passes"]);
        let author = site.get("/author/ada-editor/").await.html();
        assert_eq!(text(one(&author, "h1")), "Author: Ada Editor");
        assert_eq!(text(one(&author, "title")), "Author: Ada Editor · Gazette");
        assert!(!site.get("/author/ada-editor/").await.body.contains("ada@ledger.example"), "never an email address");

        assert_eq!(quiet.slug.as_str(), "quiet-editor");
        for missing in ["/author/quiet-editor/", "/author/nobody/", "/tag/weather/", "/tag/", "/author/", "/tag/budget/extra/"] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}: staff who never published stay unknown");
        }

        let page = site.get(&path_of(&budget)).await.html();
        assert_eq!(href(&page, ".byline a[rel=author]").as_deref(), Some("/author/ada-editor/"));
        assert_eq!(text(one(&page, ".byline a")), "Ada Editor");
        let categories: Vec<(String, Option<String>)> = select(&page, ".entry-categories a").into_iter().map(|link| (text(link), link.value().attr("href").map(str::to_owned))).collect();
        assert_eq!(categories, [("Local".to_owned(), Some("/category/news/local/".to_owned()))]);
        let tags: Vec<Option<&str>> = select(&page, ".entry-tags a[rel=tag]").into_iter().map(|link| link.value().attr("href")).collect();
        assert_eq!(tags, [Some("/tag/budget/"), Some("/tag/council/")]);
        let anonymous = site.get(&path_of(&site.app.public_article("budget-row").await.unwrap())).await.html();
        assert!(select(&anonymous, ".byline").is_empty(), "no byline without an author");
    }

    async fn dates_are_archives_in_the_site_time_zone(site: TestApp) {
        site.app.change_setting("time_zone", "Asia/Tokyo").await.unwrap();
        // 20:00 UTC on the 23rd is 05:00 on the 24th in Tokyo.
        let late = story(&site, "Night session", 14 * 60, None, &[], &[]).await;
        story(&site, "Spring fair", 45 * 24 * 60, None, &[], &[]).await;
        assert_eq!(titles_at(&site, "/2024/").await, ["Night session", "Spring fair"]);
        assert_eq!(titles_at(&site, "/2024/04/").await, ["Night session"]);
        assert_eq!(titles_at(&site, "/2024/03/").await, ["Spring fair"]);
        assert_eq!(titles_at(&site, "/2024/04/24/").await, ["Night session"]);
        assert_eq!(text(one(&site.get("/2024/04/").await.html(), "h1")), "April 2024");
        assert_eq!(text(one(&site.get("/2024/04/24/").await.html(), "h1")), "April 24, 2024");
        assert_eq!(text(one(&site.get("/2024/").await.html(), "h1")), "2024");
        assert_eq!(text(one(&site.get("/2024/").await.html(), "title")), "2024 · Gazette");

        assert_eq!(redirect_of(&site, "/2024/4/").await, "/2024/04/");
        assert_eq!(redirect_of(&site, "/2024/4/24").await, "/2024/04/24/");
        assert_eq!(redirect_of(&site, "/2024/04/page/1/").await, "/2024/04/");
        for empty in ["/2024/04/23/", "/2023/", "/2024/05/", "/2024/13/", "/2024/02/30/", "/2024/04/page/2/", "/0000/", "/2024/04/page/x/"] {
            assert_eq!(site.get(empty).await.status, 404, "{empty}");
        }
        assert_eq!(site.get(&format!("/2024/04/24/{}/", late.slug)).await.status, 200, "the article keeps its address");
    }

    async fn pages_are_numbered_with_stable_addresses(site: TestApp) {
        site.app.change_setting("posts_per_page", "2").await.unwrap();
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        for minutes in 1..=5 {
            story(&site, &format!("Match {minutes}"), minutes, None, &["Sport"], &[]).await;
        }
        let first = site.get("/category/sport/").await.html();
        assert_eq!(href(&first, "link[rel=next]").as_deref(), Some("/category/sport/page/2/"));
        assert!(select(&first, "link[rel=prev]").is_empty());
        assert_eq!(href(&first, ".pagination a.older").as_deref(), Some("/category/sport/page/2/"));

        let second = site.get("/category/sport/page/2/").await.html();
        assert_eq!(titles_at(&site, "/category/sport/page/2/").await, ["Match 3", "Match 4"]);
        assert_eq!(href(&second, "link[rel=prev]").as_deref(), Some("/category/sport/"));
        assert_eq!(href(&second, "link[rel=next]").as_deref(), Some("/category/sport/page/3/"));
        assert_eq!(href(&second, ".pagination a.newer").as_deref(), Some("/category/sport/"));
        assert_eq!(href(&second, "link[rel=canonical]").as_deref(), Some(&*format!("{SITE}/category/sport/page/2/")));
        assert_eq!(text(one(&second, "title")), "Category: Sport · Page 2 · Gazette");
        assert_eq!(text(one(&second, ".page-position")), "Page 2 of 3");

        let last = site.get("/category/sport/page/3/").await.html();
        assert!(select(&last, "link[rel=next], .pagination a.older").is_empty());
        assert_eq!(titles_at(&site, "/2024/04/24/page/2/").await, ["Match 3", "Match 4"]);

        assert_eq!(redirect_of(&site, "/category/sport/page/1/").await, "/category/sport/");
        assert_eq!(redirect_of(&site, "/category/sport/page/02/").await, "/category/sport/page/2/");
        assert_eq!(redirect_of(&site, "/category/sport/page/2").await, "/category/sport/page/2/");
        assert_eq!(redirect_of(&site, "/category/sport//page/2/?a=b").await, "/category/sport/page/2/?a=b");
        for missing in [
            "/category/sport/page/0/", "/category/sport/page/4/", "/category/sport/page/abc/",
            "/category/sport/page/-1/", "/category/sport/page/99999999999999999999/", "/category/sport/page/",
            "/2024/page/0/", "/2024/page/9/",
        ] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
    }

    async fn archive_feeds_are_read_back_with_their_own_articles(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        let council = story(&site, "Council meets", 30, Some(&ada), &["News"], &["Council"]).await;
        let library = story(&site, "Library opens", 20, None, &["Local"], &["Council"]).await;
        story(&site, "Cup final", 10, Some(&ada), &["Sport"], &[]).await;
        let id = |article: &Article| format!("{SITE}/?p={}", article.id);
        let cases = [
            ("/category/news/", "Gazette » News", vec![id(&library), id(&council)]),
            ("/tag/council/", "Gazette » Council", vec![id(&library), id(&council)]),
            ("/author/ada-editor/", "Gazette » Ada Editor", vec![id(&site.app.public_article("cup-final").await.unwrap()), id(&council)]),
        ];
        for (archive, title, ids) in cases {
            for format in ["feed/", "feed/atom/", "feed/json/"] {
                let path = format!("{archive}{format}");
                let response = site.get(&path).await;
                assert_eq!(response.status, 200, "{path}");
                let feed = feed_rs::parser::parse(response.body.as_bytes()).unwrap_or_else(|error| panic!("{path}: {error}"));
                let found: Vec<String> = feed.entries.iter().map(|entry| entry.id.clone()).collect();
                assert_eq!(found, ids, "{path}");
                assert_eq!(feed.title.unwrap().content, title, "{path}");
                let links: Vec<String> = feed.links.iter().map(|link| link.href.clone()).collect();
                assert!(links.contains(&format!("{SITE}{archive}")), "{path} links its page: {links:?}");
                let link = &feed.entries.last().unwrap().links[0].href;
                assert_eq!(link, &format!("{SITE}{}", path_of(&council)), "{path}");
            }
        }
        let etag = site.get("/tag/council/feed/").await.header("etag").unwrap().to_owned();
        let request = Request::get("/tag/council/feed/").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, 304);
        assert_eq!(redirect_of(&site, "/category/local/feed/atom/").await, "/category/news/local/feed/atom/");
        assert_eq!(redirect_of(&site, "/tag/council/feed").await, "/tag/council/feed/");
        for missing in ["/tag/weather/feed/", "/author/nobody/feed/", "/category/weather/feed/json/", "/tag/council/feed/rss/"] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
    }

    async fn archive_pages_are_cached_and_change_with_the_content(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        story(&site, "First match", 20, None, &["Sport"], &[]).await;
        let first = site.get("/category/sport/").await;
        let etag = first.header("etag").expect("archive pages carry an entity tag").to_owned();
        assert_eq!(site.get("/category/sport/").await.body, first.body);
        let request = Request::get("/category/sport/").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, 304);
        let date_etag = site.get("/2024/04/").await.header("etag").unwrap().to_owned();
        let request = Request::get("/2024/04/").header(header::IF_NONE_MATCH, &date_etag).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, 304, "date archives too");

        story(&site, "Second match", 10, None, &["Sport"], &[]).await;
        let request = Request::get("/category/sport/").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
        let changed = site.send(request).await;
        assert_eq!(changed.status, 200, "a new article shows at once");
        assert!(changed.body.contains("Second match"));
    }

    async fn every_address_has_one_form_with_its_final_slash(site: TestApp) {
        let article = publish(&site, "Harbour reopens").await;
        let path = path_of(&article);
        assert_eq!(redirect_of(&site, path.trim_end_matches('/')).await, path);
        assert_eq!(redirect_of(&site, &path.replace("/04/", "//04/")).await, path);
        assert_eq!(redirect_of(&site, &format!("{}?ref=home", path.trim_end_matches('/'))).await, format!("{path}?ref=home"));
        assert_eq!(redirect_of(&site, "/comments/feed").await, "/comments/feed/");
        assert_eq!(redirect_of(&site, "/comments/feed/atom?x=1").await, "/comments/feed/atom/?x=1");
        assert_eq!(redirect_of(&site, "//feed/").await, "/feed/");
        assert_eq!(redirect_of(&site, "/feed//atom/").await, "/feed/atom/");
        assert_eq!(redirect_of(&site, "/2024/04").await, "/2024/04/");
        assert_eq!(redirect_of(&site, "//2024//04//").await, "/2024/04/");
        assert_eq!(redirect_of(&site, "//category/uncategorized//").await, "/category/uncategorized/");
        assert_eq!(site.get("//elsewhere.example/").await.status, 404, "never a redirect to another site");
        assert_eq!(site.get("/no-such-thing").await.status, 404, "only what exists is redirected");
    }

    async fn articles_keep_their_addresses_under_every_pattern(site: TestApp) {
        let ada = editor(&site, "Ada Editor").await;
        sections(&site, &ada).await;
        let article = story(&site, "Bridge repaired", 10, Some(&ada), &["Local"], &["Roads"]).await;
        for (pattern, path) in [
            ("/%year%/%monthnum%/%day%/%postname%/", "/2024/04/24/bridge-repaired/"),
            ("/%category%/%postname%/", "/news/local/bridge-repaired/"),
            ("/%postname%/", "/bridge-repaired/"),
            ("/%year%/%postname%/", "/2024/bridge-repaired/"),
        ] {
            site.app.change_setting("permalink_pattern", pattern).await.unwrap();
            let page = site.get(path).await;
            assert_eq!(page.status, 200, "{pattern}: {path}");
            assert_eq!(text(one(&page.html(), "h1.entry-title")), "Bridge repaired");
            assert_eq!(titles_at(&site, "/category/news/local/").await, ["Bridge repaired"], "{pattern}");
            assert_eq!(titles_at(&site, "/2024/04/").await, ["Bridge repaired"], "{pattern}");
            assert_eq!(titles_at(&site, "/2024/").await, ["Bridge repaired"], "{pattern}");
            assert_eq!(titles_at(&site, "/2024/04/24/").await, ["Bridge repaired"], "{pattern}");
            let listed = site.get("/category/news/local/").await.html();
            assert_eq!(href(&listed, ".article-summary a[rel=bookmark]").as_deref(), Some(path), "{pattern}");
            assert_eq!(site.get(&format!("{path}feed/")).await.status, 200, "{pattern}: the comment feed");
        }
        assert_eq!(redirect_of(&site, "/2024/04/24/bridge-repaired/").await, "/2024/bridge-repaired/", "an earlier pattern's address");
        assert_eq!(article.slug.as_str(), "bridge-repaired");
    }
}
