//! Error pages, JSON errors, theme files at their plain addresses, and pages that load
//! only the site's own files.

use crate::support::*;
use axum::body::Body;
use axum::http::{Method, Request, header};
use gazette_test_support::app_tests;

app_tests! {
    async fn an_unknown_address_gets_the_themed_not_found_page(site: TestApp) {
        let page = site.get("/no/such/page").await;
        assert_eq!(page.status, 404);
        assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
        let html = page.html();
        assert_well_formed(&html);
        assert_eq!(text(one(&html, "h1")), "Page not found");
        one(&html, ".site-title");
        one(&html, "meta[name=robots][content=noindex]");
        assert_eq!(site.get("/2024/04/24/missing/").await.status, 404);
    }

    async fn clients_that_ask_for_json_get_json_errors(site: TestApp) {
        let request = Request::get("/no/such/page").header(header::ACCEPT, "application/json").body(Body::empty()).unwrap();
        let response = site.send(request).await;
        assert_eq!(response.status, 404);
        let body: serde_json::Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(body["error"]["code"], "not_found");
        assert!(body["error"]["message"].as_str().unwrap().contains("nothing at this address"));
    }

    async fn a_wrong_method_is_explained(site: TestApp) {
        let request = Request::builder().method(Method::DELETE).uri("/").body(Body::empty()).unwrap();
        let response = site.send(request).await;
        assert_eq!(response.status, 405);
        assert_eq!(text(one(&response.html(), "h1")), "Method not allowed");
        assert!(response.header("allow").is_some());
    }

    async fn the_stylesheet_is_served_with_a_validator(site: TestApp) {
        let css = site.get("/static/style.css").await;
        assert_eq!(css.status, 200);
        assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
        let etag = css.header("etag").unwrap().to_owned();
        let request = Request::get("/static/style.css").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, 304);
        assert_eq!(site.get("/static/missing.css").await.status, 404);
        assert_eq!(site.get("/static/../Cargo.toml").await.status, 404);
    }

    async fn pages_load_nothing_from_elsewhere(site: TestApp) {
        let article = publish(&site, "Headers").await;
        for path in ["/".to_owned(), path_of(&article), "/missing".to_owned()] {
            let html = site.get(&path).await.html();
            // The canonical address names a page; it loads nothing.
            for (selector, attribute) in [("link[href]:not([rel=canonical])", "href"), ("script[src]", "src"), ("img[src]", "src")] {
                for element in select(&html, selector) {
                    let target = element.value().attr(attribute).unwrap();
                    assert!(target.starts_with('/') && !target.starts_with("//"), "{path} loads {target} from elsewhere");
                }
            }
        }
    }
}
