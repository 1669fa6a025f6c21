//! Responses in brotli and gzip: negotiated from `Accept-Encoding`, read back with the
//! decoders browsers' libraries use, byte for byte the plain response (a page's own form
//! token aside), and left alone where compressing would not help.

use crate::support::*;
use gazette_domain::{Actor, ArticleDraft, CommentStatus, Role};
use gazette_test_support::{TestApp, TestResponse, app_tests, images};
use std::io::Read as _;

/// The body of `response` as it was before compression.
pub fn decoded(response: &TestResponse) -> Vec<u8> {
    let mut plain = Vec::new();
    match response.header("content-encoding") {
        Some("br") => {
            brotli::Decompressor::new(response.raw_body.as_slice(), 4096)
                .read_to_end(&mut plain)
                .unwrap();
        }
        Some("gzip") => {
            let mut decoder = flate2::read::GzDecoder::new(response.raw_body.as_slice());
            decoder.read_to_end(&mut plain).unwrap();
            assert!(
                decoder.into_inner().is_empty(),
                "one gzip member, nothing after it"
            );
        }
        None => plain.clone_from(&response.raw_body),
        Some(other) => panic!("an unexpected coding: {other}"),
    }
    plain
}

/// The comment form token in `html`.
fn token_in(html: &str) -> &str {
    let marker = "name=\"gazette_form_token\" value=\"";
    let start = html.find(marker).expect("a comment form") + marker.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

/// A site with a few articles and comments, enough for every page and feed to be worth
/// compressing; the path of an article with comments and the form.
async fn site_with_content(site: &TestApp) -> String {
    for title in [
        "Council passes the budget",
        "Bridge reopens",
        "Library extends its hours",
    ] {
        publish(site, title).await;
    }
    let article = publish(site, "Compressed news").await;
    for number in 0..8 {
        approved_comment(site, &article, &format!("Reader {number}"), "A thoughtful remark about the budget, at some length so that the page is worth compressing.").await;
    }
    path_of(&article)
}

app_tests! {
    async fn every_kind_of_response_comes_in_the_coding_asked_for_and_decodes_to_the_plain_one(site: TestApp) {
        site_with_content(&site).await;
        let (session, _) = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let paths = ["/", "/2024/04/", "/?s=budget", "/feed/", "/feed/atom/", "/feed/json/", "/comments/feed/", "/static/style.css", "/static/desk.css", "/no/such/page/", "/desk/articles/"];
        for path in paths {
            let plain = get_with(&site, path, &[("cookie", &session)]).await;
            assert!(plain.header("content-encoding").is_none(), "{path}: none without Accept-Encoding");
            assert_eq!(plain.header("vary"), Some("accept-encoding"), "{path}");
            for coding in ["br", "gzip"] {
                let compressed = get_with(&site, path, &[("cookie", &session), ("accept-encoding", coding)]).await;
                assert_eq!(compressed.status, plain.status, "{path}");
                assert_eq!(compressed.header("content-encoding"), Some(coding), "{path}");
                assert_eq!(compressed.header("vary"), Some("accept-encoding"), "{path}");
                assert_eq!(compressed.header("content-type"), plain.header("content-type"), "{path}");
                assert_eq!(compressed.header("content-length"), Some(compressed.raw_body.len().to_string().as_str()), "{path}");
                assert!(compressed.raw_body.len() < plain.raw_body.len() / 2, "{path} in {coding}: {} of {} bytes", compressed.raw_body.len(), plain.raw_body.len());
                let decoded = String::from_utf8(decoded(&compressed)).unwrap();
                // The desk's pages carry a CSRF token of the session, the same each time.
                assert_eq!(decoded, plain.body, "{path} in {coding}");
            }
        }
    }

    async fn a_page_with_a_comment_form_decodes_to_the_plain_page_with_a_token_of_its_own(site: TestApp) {
        let path = site_with_content(&site).await;
        let plain = site.get(&path).await;
        let plain_token = token_in(&plain.body).to_owned();
        let mut tokens = vec![plain_token.clone()];
        for coding in ["br", "gzip", "br", "gzip"] {
            site.app.clock().advance(1);
            let compressed = get_with(&site, &path, &[("accept-encoding", coding)]).await;
            assert_eq!(compressed.header("content-encoding"), Some(coding));
            let page = String::from_utf8(decoded(&compressed)).unwrap();
            let token = token_in(&page).to_owned();
            assert_eq!(page.replace(&token, "[token]"), plain.body.replace(&plain_token, "[token]"), "{coding}");
            tokens.push(token);
        }
        let mut distinct = tokens.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), tokens.len(), "each response its own token: {tokens:?}");

        // The token a compressed page carried is one the form accepts.
        let mut fields = valid_form();
        fields.push(("gazette_form_token", &tokens[1]));
        site.app.clock().advance(20);
        assert_eq!(site.post_with_headers(&path, &fields, &[]).await.status, 303);
        let held = site.app.list_comments(Some(CommentStatus::Pending)).await.unwrap();
        assert_eq!(held.len(), 1, "held for a first-time commenter, not put with the spam");
    }

    async fn the_client_s_preferences_decide_the_coding(site: TestApp) {
        let path = site_with_content(&site).await;
        for (accept_encoding, expected) in [
            ("gzip, deflate, br, zstd", Some("br")),
            ("br;q=0.5, gzip", Some("gzip")),
            ("br;q=0, gzip;q=0.1", Some("gzip")),
            ("*", Some("br")),
            ("*;q=0.5, br;q=0", Some("gzip")),
            ("identity", None),
            ("gzip;q=0.5, identity", None),
            ("br;q=0, gzip;q=0", None),
            ("deflate", None),
            ("", None),
        ] {
            let response = get_with(&site, &path, &[("accept-encoding", accept_encoding)]).await;
            assert_eq!(response.status, 200);
            assert_eq!(response.header("content-encoding"), expected, "Accept-Encoding: {accept_encoding}");
        }
    }

    async fn compressed_copies_have_entity_tags_of_their_own_and_revalidate(site: TestApp) {
        let path = site_with_content(&site).await;
        for path in [path.as_str(), "/", "/feed/", "/static/style.css"] {
            let plain = site.get(path).await;
            let identity_tag = plain.header("etag").unwrap().to_owned();
            let compressed = get_with(&site, path, &[("accept-encoding", "br")]).await;
            let tag = compressed.header("etag").unwrap().to_owned();
            assert_eq!(tag, format!("{}-br\"", identity_tag.trim_end_matches('"')), "{path}");
            let revalidated = get_with(&site, path, &[("accept-encoding", "br"), ("if-none-match", &tag)]).await;
            assert_eq!(revalidated.status, 304, "{path}");
            assert_eq!(revalidated.header("etag"), Some(tag.as_str()), "{path}: the copy held");
            assert_eq!(revalidated.header("vary"), Some("accept-encoding"), "{path}");
            assert!(revalidated.header("content-encoding").is_none() && revalidated.raw_body.is_empty(), "{path}");
            let other_coding = get_with(&site, path, &[("accept-encoding", "gzip"), ("if-none-match", &tag)]).await;
            assert_eq!(other_coding.status, 304, "{path}: the same content in another coding is current too");
        }
    }

    async fn small_bodies_images_and_head_requests_go_out_as_they_are(site: TestApp) {
        let (session, user) = signed_in_user(&site, "Ada Admin", Role::Administrator).await;
        let me = get_with(&site, "/desk/api/me", &[("cookie", &session.0), ("accept-encoding", "br, gzip")]).await;
        assert_eq!(me.status, 200);
        assert!(me.raw_body.len() < 1024 && me.header("content-encoding").is_none(), "too small to gain anything");
        assert_eq!(me.header("vary"), Some("accept-encoding"), "a larger answer would be compressed");

        let image = site.app.upload_media(&Actor::from(&user), gazette_app::MediaUpload { file_name: "harbour.png".into(), bytes: images::png(400, 300) }).await.unwrap();
        let file = get_with(&site, &image.url, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.header("content-type"), Some("image/png"));
        assert!(file.header("content-encoding").is_none() && file.header("vary").is_none(), "images are compressed already");

        let path = site_with_content(&site).await;
        let head = head_with(&site, &path, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(head.status, 200);
        assert!(head.header("content-encoding").is_none() && head.raw_body.is_empty(), "a HEAD answer describes the plain page");
        assert_eq!(head.header("content-length"), Some(site.get(&path).await.raw_body.len().to_string().as_str()));

        let redirect = get_with(&site, "/feed", &[("accept-encoding", "br")]).await;
        assert_eq!(redirect.status, 301);
        assert!(redirect.header("content-encoding").is_none());
    }

    async fn a_long_feed_is_compressed_as_well(site: TestApp) {
        site.app.change_setting("feed_items", "40").await.unwrap();
        for number in 0..40 {
            let paragraph = format!("Paragraph of story {number}, on the council's long budget session and its consequences. ");
            publish_draft(&site, ArticleDraft { title: format!("Story {number}"), body_markdown: paragraph.repeat(25), ..ArticleDraft::default() }).await;
        }
        let plain = site.get("/feed/").await;
        assert!(plain.raw_body.len() > 64 * 1024, "{} bytes", plain.raw_body.len());
        for coding in ["br", "gzip"] {
            let compressed = get_with(&site, "/feed/", &[("accept-encoding", coding)]).await;
            assert_eq!(compressed.header("content-encoding"), Some(coding));
            assert_eq!(decoded(&compressed), plain.raw_body, "{coding}");
        }
    }
}
