//! Every address that answers `GET` answers `HEAD` the same way: the same status and
//! headers, `Content-Length` included, and no body.

use crate::support::*;
use gazette_app::MediaUpload;
use gazette_domain::{Actor, Role};
use gazette_test_support::{app_tests, images};

app_tests! {
    async fn head_gets_the_status_and_headers_of_get_without_the_body(site: TestApp) {
        let article = publish(&site, "Heads up").await;
        approved_comment(&site, &article, "Hal", "Heads or tails?").await;
        let (_, user) = signed_in_user(&site, "Ada Admin", Role::Administrator).await;
        let image = site.app.upload_media(&Actor::from(&user), MediaUpload { file_name: "coin.png".into(), bytes: images::png(40, 30) }).await.unwrap();
        let home = site.get("/").await.html();
        let stylesheet = one(&home, "link[rel=stylesheet]").value().attr("href").unwrap().to_owned();
        let article_path = path_of(&article);
        let paths = [
            "/",
            "/page/2/",
            &article_path,
            "/category/uncategorized/",
            "/2024/04/",
            "/?s=heads",
            "/feed/",
            "/feed/json/",
            "/comments/feed/",
            &stylesheet,
            "/static/style.css",
            "/static/style.0123456789.css",
            &image.url,
            "/no/such/page/",
            "/feed",
            "/desk/",
            "/login",
        ];
        for path in paths {
            let get = site.get(path).await;
            let head = head_with(&site, path, &[]).await;
            assert_eq!(head.status, get.status, "{path}");
            assert!(head.raw_body.is_empty(), "{path}");
            assert_eq!(head.headers, get.headers, "{path}");
            let length = get.header("content-length").unwrap_or_else(|| panic!("{path} says its length"));
            assert_eq!(length, get.raw_body.len().to_string(), "{path}");
        }
    }
}
