//! The theme's files at fingerprinted addresses: linked from every page and the desk,
//! cached for good, the plain address still answering, an old fingerprint led to the new.

use crate::support::*;
use gazette_domain::Role;
use gazette_test_support::{TestApp, app_tests};
use sha2::{Digest, Sha256};

/// The address `selector`'s `attribute` names on the page at `path`.
async fn linked(
    site: &TestApp,
    path: &str,
    cookie: Option<&str>,
    selector: &str,
    attribute: &str,
) -> String {
    let page = match cookie {
        Some(cookie) => site.get_with_cookie(path, cookie).await,
        None => site.get(path).await,
    };
    one(&page.html(), selector)
        .value()
        .attr(attribute)
        .unwrap()
        .to_owned()
}

app_tests! {
    async fn pages_and_the_desk_link_each_file_at_an_address_made_from_its_bytes(site: TestApp) {
        publish(&site, "Styled").await;
        let (session, _) = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let links = [
            ("/", None, "link[rel=stylesheet]", "href", "style.css"),
            ("/no/such/page/", None, "link[rel=stylesheet]", "href", "style.css"),
            ("/login", None, "link[rel=stylesheet]", "href", "style.css"),
            ("/desk/", Some(session.as_str()), "link[rel=stylesheet]", "href", "desk.css"),
            ("/desk/", Some(session.as_str()), "script[src]", "src", "desk.js"),
            ("/desk/articles/new", Some(session.as_str()), "script[src*=editor]", "src", "desk-editor.js"),
            ("/desk/comments/", Some(session.as_str()), "script[src*=comments]", "src", "desk-comments.js"),
            ("/desk/settings/", Some(session.as_str()), "script[src*=settings]", "src", "desk-settings.js"),
        ];
        for (page, cookie, selector, attribute, name) in links {
            let address = linked(&site, page, cookie, selector, attribute).await;
            let plain = site.get(&format!("/static/{name}")).await;
            assert_eq!(plain.status, 200, "{name}");
            let fingerprint = &hex::encode(Sha256::digest(&plain.raw_body))[..10];
            let (stem, extension) = name.rsplit_once('.').unwrap();
            assert_eq!(address, format!("/static/{stem}.{fingerprint}.{extension}"), "{page} links {name}");

            let file = site.get(&address).await;
            assert_eq!(file.status, 200, "{address}");
            assert_eq!(file.raw_body, plain.raw_body, "{address}");
            assert_eq!(file.header("content-type"), plain.header("content-type"));
            assert_eq!(file.header("etag"), plain.header("etag"));
            assert_eq!(file.header("cache-control"), Some("public, max-age=31536000, immutable"), "{address}");
            assert_eq!(plain.header("cache-control"), Some("public, max-age=300"), "the plain address changes nothing but may be kept a little");
        }
    }

    async fn an_old_fingerprint_leads_to_the_current_file(site: TestApp) {
        let current = linked(&site, "/", None, "link[rel=stylesheet]", "href").await;
        let old = site.get("/static/style.0123456789.css").await;
        assert_eq!(old.status, 302);
        assert_eq!(old.header("location"), Some(current.as_str()));
        assert_eq!(old.header("cache-control"), None, "a redirect that changes with the theme is not stored");
        for missing in ["/static/nothing.0123456789.css", "/static/style.ABCDEF0123.css", "/static/style.012345678.css", "/static/0123456789.css"] {
            assert_eq!(site.get(missing).await.status, 404, "{missing}");
        }
    }
}
