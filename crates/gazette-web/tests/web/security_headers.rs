//! Every response keeps browsers strict: pages, feeds, files, redirects and errors all
//! carry the content security policy and the other security headers, and a site served
//! over https says so for good.

use crate::support::*;
use axum::body::Body;
use axum::http::{Method, Request, header};
use gazette_app::MediaUpload;
use gazette_domain::{Actor, Role};
use gazette_test_support::{TestApp, TestResponse, app_tests, images};

/// A response of every kind, each with what it is.
async fn one_of_each(site: &TestApp) -> Vec<(String, TestResponse)> {
    let article = publish(site, "Strict").await;
    let path = path_of(&article);
    let ((session, _), user) = signed_in_user(site, "Ada Admin", Role::Administrator).await;
    let image = site
        .app
        .upload_media(
            &Actor::from(&user),
            MediaUpload {
                file_name: "lock.png".into(),
                bytes: images::png(40, 30),
            },
        )
        .await
        .unwrap();
    let home = site.get("/").await;
    let stylesheet = one(&home.html(), "link[rel=stylesheet]")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let mut responses = vec![
        ("the home page".to_owned(), home),
        (
            "an article with its comment form".to_owned(),
            site.get(&path).await,
        ),
        ("a feed".to_owned(), site.get("/feed/").await),
        ("a theme file".to_owned(), site.get(&stylesheet).await),
        ("a media file".to_owned(), site.get(&image.url).await),
        (
            "a desk page".to_owned(),
            site.get_with_cookie("/desk/articles/", &session).await,
        ),
        (
            "a desk redirect to sign in".to_owned(),
            site.get("/desk/articles/").await,
        ),
        ("a permanent redirect".to_owned(), site.get("/feed").await),
        ("not found".to_owned(), site.get("/no/such/page/").await),
        (
            "unavailable (no mail)".to_owned(),
            site.post_with_headers("/login/forgot", &[("email", "ada@ledger.example")], &[])
                .await,
        ),
    ];
    let etag = responses[0].1.header("etag").unwrap().to_owned();
    let not_modified = site
        .send(
            Request::get("/")
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    responses.push(("not modified".to_owned(), not_modified));
    let wrong_method = site
        .send(
            Request::builder()
                .method(Method::DELETE)
                .uri("/")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    responses.push(("a method not allowed".to_owned(), wrong_method));
    let huge = format!("comment={}", "x".repeat(1024 * 1024));
    let too_large = site
        .send(
            Request::post(&path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(huge))
                .unwrap(),
        )
        .await;
    responses.push(("a body too large".to_owned(), too_large));
    responses
}

app_tests! {
    async fn every_kind_of_response_carries_the_security_headers(site: TestApp) {
        let responses = one_of_each(&site).await;
        let statuses: Vec<u16> = responses.iter().map(|(_, response)| response.status.as_u16()).collect();
        assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 302, 301, 404, 503, 304, 405, 413]);
        for (what, response) in &responses {
            let policy = response.header("content-security-policy").unwrap_or_else(|| panic!("{what}: no policy"));
            assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "{what}: {policy}");
            assert!(policy.contains("frame-ancestors 'self'"), "{what}: {policy}");
            assert!(policy.contains("object-src 'none'") || policy.contains("default-src 'none'"), "{what}: {policy}");
            assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{what}");
            assert_eq!(response.header("referrer-policy"), Some("strict-origin-when-cross-origin"), "{what}");
            assert_eq!(response.header("x-frame-options"), Some("SAMEORIGIN"), "{what}");
            assert_eq!(response.header("permissions-policy"), Some("camera=(), microphone=(), geolocation=(), payment=(), usb=()"), "{what}");
            assert_eq!(response.header("cross-origin-opener-policy"), Some("same-origin"), "{what}");
            assert_eq!(response.header("strict-transport-security"), None, "{what}: the site's address is http");
        }
        let (_, media) = &responses[4];
        assert_eq!(media.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'self'; sandbox"), "a file keeps its stricter policy");
    }

    async fn a_site_at_an_https_address_tells_browsers_to_use_nothing_else(site: TestApp) {
        assert_eq!(site.get("/").await.header("strict-transport-security"), None);
        site.app.change_setting("site_url", "https://ledger.example").await.unwrap();
        site.app.clock().advance(61);
        for path in ["/", "/static/style.css", "/feed", "/no/such/page/"] {
            assert_eq!(site.get(path).await.header("strict-transport-security"), Some("max-age=31536000"), "{path}");
        }
        site.app.change_setting("site_url", "http://ledger.example").await.unwrap();
        site.app.clock().advance(61);
        assert_eq!(site.get("/").await.header("strict-transport-security"), None, "taken back a minute later");
    }
}
