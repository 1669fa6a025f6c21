//! The desk's media screens and the media files: who may upload, uploads that lie about
//! their type, CSRF on multipart forms, describing and deleting images, the library's
//! choosing mode, and how files are served (headers, 304, no way out of the folder).

use crate::desk::{PASSWORD, csrf_of, sign_in};
use crate::support::*;
use axum::body::Body;
use axum::http::{Method, Request, header};
use gazette_app::NewUser;
use gazette_domain::{Actor, ArticleDraft, Role};
use gazette_test_support::{TestApp, TestResponse, app_tests, images};

/// One part of a multipart form.
pub(crate) struct Part<'a> {
    name: &'a str,
    file: Option<(&'a str, &'a str)>,
    bytes: &'a [u8],
}

pub(crate) fn field<'a>(name: &'a str, value: &'a str) -> Part<'a> {
    Part {
        name,
        file: None,
        bytes: value.as_bytes(),
    }
}

pub(crate) fn file<'a>(file_name: &'a str, content_type: &'a str, bytes: &'a [u8]) -> Part<'a> {
    Part {
        name: "file",
        file: Some((file_name, content_type)),
        bytes,
    }
}

pub(crate) async fn post_multipart(
    site: &TestApp,
    path: &str,
    parts: &[Part<'_>],
    headers: &[(&str, &str)],
) -> TestResponse {
    const BOUNDARY: &str = "gazette-test-boundary-7d3f";
    let mut body = Vec::new();
    for part in parts {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"",
                part.name
            )
            .bytes(),
        );
        if let Some((file_name, content_type)) = part.file {
            body.extend(
                format!("; filename=\"{file_name}\"\r\nContent-Type: {content_type}").bytes(),
            );
        }
        body.extend(b"\r\n\r\n");
        body.extend(part.bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    let mut request = Request::builder().method(Method::POST).uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    site.send(request.body(Body::from(body)).unwrap()).await
}

async fn signed_in(site: &TestApp, role: Role) -> (String, String, Actor) {
    let email = format!("{role}@ledger.example");
    let user = site
        .app
        .create_user(NewUser {
            display_name: format!("A {role}"),
            email: email.clone(),
            role,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    let cookie = sign_in(site, &email).await;
    let csrf = csrf_of(&site.get_with_cookie("/desk/", &cookie).await.html());
    (cookie, csrf, Actor::from(&user))
}

async fn upload_one(
    site: &TestApp,
    cookie: &str,
    csrf: &str,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> TestResponse {
    post_multipart(
        site,
        "/desk/media/upload",
        &[field("csrf", csrf), file(name, content_type, bytes)],
        &[("cookie", cookie)],
    )
    .await
}

app_tests! {
    async fn an_image_uploaded_while_choosing_the_logo_becomes_the_logo(site: TestApp) {
        let (cookie, csrf, _) = signed_in(&site, Role::Administrator).await;
        let library = site.get_with_cookie("/desk/media/?choose=site_logo", &cookie).await.html();
        let upload_url = one(&library, ".page-actions a[href^='/desk/media/upload']").value().attr("href").unwrap().to_owned();
        assert_eq!(upload_url, "/desk/media/upload?choose=site_logo");
        let form = site.get_with_cookie(&upload_url, &cookie).await.html();
        assert_eq!(one(&form, "input[name=choose]").value().attr("value"), Some("site_logo"));
        let png = images::png(600, 60);
        let uploaded = post_multipart(
            &site,
            "/desk/media/upload",
            &[field("csrf", &csrf), field("choose", "site_logo"), file("masthead.png", "image/png", &png)],
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(uploaded.status, 303, "{}", uploaded.body);
        assert_eq!(uploaded.header("location"), Some("/desk/settings/"));
        let stored = site.app.media_library("", 1).await.unwrap();
        assert_eq!(stored.total, 1);
        assert_eq!(site.app.site_settings().await.unwrap().site_logo, Some(stored.items[0].id));

        // Someone who may upload but not change settings is refused before anything is kept.
        let (editor, editor_csrf, _) = signed_in(&site, Role::Editor).await;
        assert_eq!(site.get_with_cookie(&upload_url, &editor).await.status, 403);
        let refused = post_multipart(
            &site,
            "/desk/media/upload",
            &[field("csrf", &editor_csrf), field("choose", "site_logo"), file("other.png", "image/png", &png)],
            &[("cookie", &editor)],
        )
        .await;
        assert_eq!(refused.status, 403);
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 1);
    }

    async fn only_staff_who_may_upload_reach_the_media_screens(site: TestApp) {
        let anonymous = site.get("/desk/media/").await;
        assert_eq!(anonymous.status, 302);
        assert_eq!(anonymous.header("location"), Some("/login?next=%2Fdesk%2Fmedia%2F"));
        let (cookie, csrf, _) = signed_in(&site, Role::Contributor).await;
        let desk = site.get_with_cookie("/desk/", &cookie).await.html();
        assert!(select(&desk, "nav a[href='/desk/media/']").is_empty(), "contributors are not offered media");
        let library = site.get_with_cookie("/desk/media/", &cookie).await;
        assert_eq!(library.status, 403);
        assert!(library.body.contains("Contributors cannot upload media"), "{}", library.body);
        let png = images::png(10, 10);
        let refused = upload_one(&site, &cookie, &csrf, "a.png", "image/png", &png).await;
        assert_eq!(refused.status, 403);
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 0);
    }

    async fn uploads_need_this_sites_csrf_token(site: TestApp) {
        let (cookie, csrf, _) = signed_in(&site, Role::Author).await;
        let png = images::png(10, 10);
        let without = post_multipart(&site, "/desk/media/upload", &[file("a.png", "image/png", &png)], &[("cookie", &cookie)]).await;
        assert_eq!(without.status, 403);
        let wrong = upload_one(&site, &cookie, "not-the-token", "a.png", "image/png", &png).await;
        assert_eq!(wrong.status, 403);
        let cross_site = post_multipart(&site, "/desk/media/upload", &[field("csrf", &csrf), file("a.png", "image/png", &png)], &[("cookie", &cookie), ("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross_site.status, 403);
        let by_header = post_multipart(&site, "/desk/media/upload", &[file("a.png", "image/png", &png)], &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        assert_eq!(by_header.status, 303, "scripts send the token in a header");
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 1, "only that one was stored");
    }

    async fn files_that_lie_about_their_type_are_judged_by_their_bytes(site: TestApp) {
        let (cookie, csrf, _) = signed_in(&site, Role::Editor).await;
        for (name, content_type, bytes, found) in [
            ("photo.jpg", "image/jpeg", &b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"[..], "HTML"),
            ("logo.png", "image/png", &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..], "SVG"),
            ("run.gif", "image/gif", &b"#!/bin/sh\necho owned\n"[..], "script"),
        ] {
            let refused = upload_one(&site, &cookie, &csrf, name, content_type, bytes).await;
            assert_eq!(refused.status, 422, "{name}");
            let page = refused.html();
            assert_well_formed(&page);
            assert_eq!(one(&page, "#file").value().attr("aria-invalid"), Some("true"));
            let reason = text(one(&page, "#refused-files"));
            assert!(reason.contains(name) && reason.contains(found), "{reason}");
        }
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 0, "nothing was stored");

        let png = images::png(30, 20);
        let stored = upload_one(&site, &cookie, &csrf, "photo.jpg", "image/jpeg", &png).await;
        assert_eq!(stored.status, 303, "{}", stored.body);
        let item_page = stored.header("location").unwrap().to_owned();
        let page = site.get_with_cookie(&item_page, &cookie).await;
        assert!(page.body.contains("image/png"), "a PNG named .jpg is a PNG");
        let image = site.app.media_library("", 1).await.unwrap().items.remove(0);
        assert_eq!(image.url.rsplit_once('.').map(|(_, extension)| extension), Some("png"));
        let served = site.get(&image.url).await;
        assert_eq!(served.header("content-type"), Some("image/png"));
    }

    async fn several_files_go_up_at_once_and_refusals_are_listed(site: TestApp) {
        let (cookie, csrf, _) = signed_in(&site, Role::Editor).await;
        let (first, second) = (images::png(20, 20), images::gif(20, 20, 2));
        let response = post_multipart(&site, "/desk/media/upload", &[
            field("csrf", &csrf),
            file("first.png", "image/png", &first),
            file("notes.txt", "text/plain", b"just some notes"),
            file("second.gif", "image/gif", &second),
        ], &[("cookie", &cookie)]).await;
        assert_eq!(response.status, 422);
        let page = response.html();
        let uploaded: Vec<String> = select(&page, ".desk-notice li").into_iter().map(text).collect();
        assert_eq!(uploaded, ["first", "second"]);
        assert!(text(one(&page, "#refused-files")).contains("notes.txt"));
        let all_good = post_multipart(&site, "/desk/media/upload", &[
            field("csrf", &csrf),
            file("third.png", "image/png", &first),
            file("fourth.png", "image/png", &first),
        ], &[("cookie", &cookie)]).await;
        assert_eq!(all_good.status, 303);
        assert_eq!(all_good.header("location"), Some("/desk/media/"));
        let with_notice = format!("{cookie}; {}", all_good.cookie().unwrap());
        let library = site.get_with_cookie("/desk/media/", &with_notice).await.html();
        assert!(text(one(&library, ".desk-notice")).contains("Uploaded 2 images"));
        assert_eq!(select(&library, ".media-card").len(), 4);
    }

    async fn a_file_over_the_limit_is_refused_while_it_is_read(site: TestApp) {
        let (cookie, csrf, _) = signed_in(&site, Role::Editor).await;
        let limit = usize::try_from(site.app.media_limits().max_bytes).unwrap();
        let mut huge = images::png(10, 10);
        huge.resize(limit + 1, 0);
        let refused = upload_one(&site, &cookie, &csrf, "huge.png", "image/png", &huge).await;
        assert_eq!(refused.status, 422);
        assert!(text(one(&refused.html(), "#refused-files")).contains("larger than 20 MiB"));
    }

    async fn an_image_is_described_and_its_markdown_offered(site: TestApp) {
        let (cookie, csrf, actor) = signed_in(&site, Role::Author).await;
        let item = site.app.upload_media(&actor, gazette_app::MediaUpload { file_name: "quay.png".into(), bytes: images::png(40, 30) }).await.unwrap();
        let path = format!("/desk/media/{}/", item.id);
        let invalid = site.post_with_headers(&path, &[("csrf", &csrf), ("title", " "), ("alt_text", "Boats [moored]"), ("caption", "Dawn")], &[("cookie", &cookie)]).await;
        assert_eq!(invalid.status, 422);
        let page = invalid.html();
        assert_well_formed(&page);
        assert_eq!(one(&page, "#title").value().attr("aria-invalid"), Some("true"));
        assert!(text(one(&page, "#title-error")).contains("title"));
        assert_eq!(text(one(&page, "#alt_text")), "Boats [moored]", "what was typed is kept");

        let saved = site.post_with_headers(&path, &[("csrf", &csrf), ("title", "The quay"), ("alt_text", "Boats [moored]"), ("caption", "Dawn")], &[("cookie", &cookie)]).await;
        assert_eq!(saved.status, 303);
        let cookie_with_notice = format!("{cookie}; {}", saved.cookie().unwrap());
        let page = site.get_with_cookie(&path, &cookie_with_notice).await.html();
        assert_eq!(text(one(&page, ".desk-notice")), "Saved.");
        assert_eq!(text(one(&page, "#markdown")), format!("![Boats \\[moored\\]]({})", item.url));
        assert_eq!(one(&page, ".figure img").value().attr("alt"), Some("Boats [moored]"));
        assert_eq!(text(one(&page, ".figure figcaption")), "Dawn");
        let without_token = site.post_with_headers(&path, &[("title", "Changed")], &[("cookie", &cookie)]).await;
        assert_eq!(without_token.status, 403);
        assert_eq!(site.app.media_item(item.id).await.unwrap().title, "The quay");
    }

    async fn deleting_is_confirmed_and_refused_while_in_use(site: TestApp) {
        let (cookie, csrf, actor) = signed_in(&site, Role::Editor).await;
        let used = site.app.upload_media(&actor, gazette_app::MediaUpload { file_name: "used.png".into(), bytes: images::png(40, 30) }).await.unwrap();
        let spare = site.app.upload_media(&actor, gazette_app::MediaUpload { file_name: "spare.png".into(), bytes: images::png(40, 30) }).await.unwrap();
        publish_draft(&site, ArticleDraft {
            title: "Harbour reopens".into(),
            body_markdown: format!("![Boats]({})", used.url),
            ..ArticleDraft::default()
        }).await;
        let confirm = site.get_with_cookie(&format!("/desk/media/{}/delete", used.id), &cookie).await.html();
        assert!(text(one(&confirm, "[role=alert]")).contains("“Harbour reopens” (in its text)"));
        assert!(select(&confirm, "button.button-danger").is_empty(), "no button to press");
        let refused = site.post_with_headers(&format!("/desk/media/{}/delete", used.id), &[("csrf", &csrf)], &[("cookie", &cookie)]).await;
        assert_eq!(refused.status, 409);
        assert!(refused.body.contains("Harbour reopens"));
        assert_eq!(site.get(&used.url).await.status, 200, "still served");

        let confirm = site.get_with_cookie(&format!("/desk/media/{}/delete", spare.id), &cookie).await.html();
        assert_eq!(one(&confirm, "form[data-confirm]").value().attr("action"), Some(format!("/desk/media/{}/delete", spare.id).as_str()));
        let deleted = site.post_with_headers(&format!("/desk/media/{}/delete", spare.id), &[("csrf", &csrf)], &[("cookie", &cookie)]).await;
        assert_eq!(deleted.status, 303);
        assert_eq!(site.get(&spare.url).await.status, 404, "the file is gone");
        assert_eq!(site.get_with_cookie(&format!("/desk/media/{}/", spare.id), &cookie).await.status, 404);
    }

    async fn the_library_chooses_featured_images_and_keeps_the_mode_across_pages(site: TestApp) {
        let (cookie, csrf, actor) = signed_in(&site, Role::Editor).await;
        for number in 0..25 {
            site.app.clock().advance(1);
            site.app.upload_media(&actor, gazette_app::MediaUpload { file_name: format!("shot {number}.png"), bytes: images::png(8, 8) }).await.unwrap();
        }
        let page = site.get_with_cookie("/desk/media/?choose_for=42", &cookie).await;
        assert_eq!(page.status, 200);
        let html = page.html();
        assert_well_formed(&html);
        let forms = select(&html, "form.media-choose");
        assert_eq!(forms.len(), 24);
        assert_eq!(forms[0].value().attr("action"), Some("/desk/articles/42/featured-image"));
        assert_eq!(select(&html, "form.media-choose input[name=csrf]")[0].value().attr("value"), Some(csrf.as_str()));
        assert!(select(&html, "form.media-choose input[name=media_id]")[0].value().attr("value").is_some());
        assert_eq!(one(&html, "a[rel=next]").value().attr("href"), Some("/desk/media/?choose_for=42&page=2"));
        assert_eq!(one(&html, "form[role=search] input[name=choose_for]").value().attr("value"), Some("42"));
        let searched = site.get_with_cookie("/desk/media/?q=shot+1&choose_for=42", &cookie).await.html();
        assert_eq!(select(&searched, ".media-card").len(), 11);
        let plain = site.get_with_cookie("/desk/media/", &cookie).await.html();
        assert!(select(&plain, "form.media-choose").is_empty());
        assert_eq!(site.get_with_cookie("/desk/media/?page=9", &cookie).await.status, 404);
    }

    async fn media_files_are_served_for_a_year_and_never_from_outside_the_folder(site: TestApp) {
        let (_, _, actor) = signed_in(&site, Role::Editor).await;
        let item = site.app.upload_media(&actor, gazette_app::MediaUpload { file_name: "wide.jpg".into(), bytes: images::jpeg(1200, 600) }).await.unwrap();
        site.app.run_due_jobs().await.unwrap();
        let item = site.app.media_item(item.id).await.unwrap();
        for url in std::iter::once(&item.url).chain(item.variants.iter().map(|variant| &variant.url)) {
            let served = site.get(url).await;
            assert_eq!(served.status, 200, "{url}");
            assert_eq!(served.header("content-type"), Some("image/jpeg"));
            assert_eq!(served.header("cache-control"), Some("public, max-age=31536000, immutable"));
            assert_eq!(served.header("x-content-type-options"), Some("nosniff"));
            let etag = served.header("etag").unwrap().to_owned();
            let again = site.send(Request::get(url.as_str()).header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
            assert_eq!(again.status, 304);
            assert!(again.body.is_empty());
        }
        std::fs::write(site.media_folder.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(site.media_folder.path().join("2024/04/.upload-abc.tmp"), "half").unwrap();
        for hostile in [
            "/media/../gazette.db",
            "/media/%2e%2e/secret.txt",
            "/media/2024/04/%2e%2e/%2e%2e/secret.txt",
            "/media/2024/04/..%2f..%2fsecret.txt",
            "/media//etc/passwd",
            "/media/%2fetc%2fpasswd",
            "/media/secret.txt",
            "/media/2024/04/",
            "/media/2024/04",
            "/media/2024/04/.upload-abc.tmp",
            "/media/2024/04/missing-0123456789.jpg",
        ] {
            let response = site.get(hostile).await;
            assert_eq!(response.status, 404, "{hostile}");
            assert!(!response.body.contains("secret") && !response.body.contains("half"), "{hostile}");
        }
    }
}
