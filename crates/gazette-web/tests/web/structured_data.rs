//! Structured data in the pages' heads, over the real router: the article page's
//! `NewsArticle` (its author's page, its image's size, the publisher's logo, and
//! `isBasedOn` for a republished piece) and the home page's `WebSite` with its publisher and
//! its `SearchAction`, each extracted from its `<script type="application/ld+json">` and
//! parsed; a title made to end the script element that cannot; and the
//! Content-Security-Policy still strict.

use crate::support::*;
use gazette_app::{MediaUpload, NewUser, PublishOptions};
use gazette_domain::{Actor, ArticleDraft, Role};
use gazette_test_support::{TestApp, app_tests};
use serde_json::{Value, json};

/// The JSON-LD of the page at `path`, which must hold exactly one.
async fn json_ld_of(site: &TestApp, path: &str) -> Value {
    let page = site.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    let html = page.html();
    assert_well_formed(&html);
    let script = one(&html, "head script[type='application/ld+json']");
    let data = script.text().collect::<String>();
    serde_json::from_str(&data).unwrap_or_else(|error| panic!("{path}: {error}\n{data}"))
}

app_tests! {
    async fn an_article_page_describes_a_news_article(site: TestApp) {
        let ada = site.app.create_user(NewUser {
            display_name: "Ada Editor".into(),
            email: "ada@ledger.example".into(),
            role: Role::Editor,
            password: None,
        }).await.unwrap();
        site.app.change_setting("time_zone", "Europe/London").await.unwrap();
        site.app.change_setting("title", "The Ledger").await.unwrap();
        let article = site.app.publish_article(
            &ArticleDraft {
                title: "Council passes the budget".into(),
                body_markdown: "The vote was 7 to 2.".into(),
                excerpt: Some("Seven votes to two.".into()),
                ..ArticleDraft::default()
            },
            PublishOptions { author_id: Some(ada.id), ..PublishOptions::default() },
        ).await.unwrap();
        let image = site.app.upload_media(&Actor::from(&ada), MediaUpload {
            file_name: "chamber.jpg".into(),
            bytes: gazette_test_support::images::jpeg(640, 480),
        }).await.unwrap();
        site.app.set_featured_image(&ada, article.id, Some(image.id)).await.unwrap();
        let logo = site.app.upload_media(&Actor::from(&ada), MediaUpload {
            file_name: "ledger.png".into(),
            bytes: gazette_test_support::images::png(600, 60),
        }).await.unwrap();
        site.app.change_setting("site_logo", &logo.id.to_string()).await.unwrap();
        let path = path_of(&article);
        let url = format!("http://127.0.0.1:8080{path}");
        assert_eq!(json_ld_of(&site, &path).await, json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Council passes the budget",
            "description": "Seven votes to two.",
            "datePublished": "2024-04-24T11:00:00+01:00",
            "dateModified": "2024-04-24T11:00:00+01:00",
            "author": {"@type": "Person", "name": "Ada Editor", "url": "http://127.0.0.1:8080/author/ada-editor/"},
            "publisher": {
                "@type": "Organization",
                "name": "The Ledger",
                "url": "http://127.0.0.1:8080/",
                "logo": {"@type": "ImageObject", "url": format!("http://127.0.0.1:8080{}", logo.url), "width": 600, "height": 60},
            },
            "image": {"@type": "ImageObject", "url": format!("http://127.0.0.1:8080{}", image.url), "width": 640, "height": 480},
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
        }));
    }

    async fn a_republished_article_is_based_on_the_original(site: TestApp) {
        let article = publish_republished(&site).await;
        let described = json_ld_of(&site, &path_of(&article)).await;
        assert_eq!(described["@type"], "NewsArticle");
        assert_eq!(described["isBasedOn"], "https://trivalley.example/mussels");
        assert_eq!(described["sourceOrganization"], json!({"@type": "Organization", "name": "Tri-Valley News Service"}));
        assert_eq!(described["author"], json!({"@type": "Organization", "name": "Gazette", "url": "http://127.0.0.1:8080/"}), "no author known: the site");
        assert!(described.get("image").is_none(), "no featured image, no image");
    }

    async fn a_title_made_to_end_the_script_stays_inside_it(site: TestApp) {
        let title = "</script><script>alert(1)</script> <!-- & -->";
        let article = publish_draft(&site, ArticleDraft {
            title: title.into(),
            body_markdown: "Nothing to see.".into(),
            excerpt: Some("</SCRIPT ><script>alert(2)</script>".into()),
            ..ArticleDraft::default()
        }).await;
        let page = site.get(&path_of(&article)).await;
        assert!(!page.body.contains("<script>alert"), "{}", page.body);
        let html = page.html();
        let scripts = select(&html, "script");
        assert_eq!(scripts.len(), 1, "only the JSON-LD is a script element");
        assert_eq!(scripts[0].value().attr("type"), Some("application/ld+json"));
        let described = json_ld_of(&site, &path_of(&article)).await;
        assert_eq!(described["headline"], title, "the JSON still says exactly what was written");
        assert_eq!(described["description"], "</SCRIPT ><script>alert(2)</script>");

        let policy = page.header("content-security-policy").unwrap();
        assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "{policy}");
    }

    async fn the_home_page_describes_the_web_site(site: TestApp) {
        site.app.change_setting("posts_per_page", "1").await.unwrap();
        publish(&site, "One").await;
        publish(&site, "Two").await;
        assert_eq!(json_ld_of(&site, "/").await, json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Gazette",
            "url": "http://127.0.0.1:8080/",
            "publisher": {"@type": "Organization", "name": "Gazette", "url": "http://127.0.0.1:8080/"},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": "http://127.0.0.1:8080/?s={search_term_string}"},
                "query-input": "required name=search_term_string",
            },
        }));
        let searched = site.get("/?s=one").await.html();
        assert_eq!(text(one(&searched, "h1")), "Search results for “one”", "the SearchAction's address is the search page");
        let second = site.get("/page/2/").await.html();
        assert!(select(&second, "script[type='application/ld+json']").is_empty(), "only the home page itself");
    }
}
