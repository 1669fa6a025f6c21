//! Posting comments through the form: success, every refusal, and what each reader sees.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_domain::CommentStatus;
use gazette_test_support::app_tests;

app_tests! {
    async fn a_posted_comment_waits_and_only_its_author_sees_it(site: TestApp) {
        let article = publish(&site, "Bus routes").await;
        let path = path_of(&article);
        let mut fields = valid_form();
        fields[0] = ("comment", "Please keep the Orchard Street stop.");
        let posted = site.post_form(&path, &fields).await;
        assert_eq!(posted.status, 303);
        let pending = site.app.list_comments(Some(CommentStatus::Pending)).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(posted.header("location"), Some(format!("{path}#comment-{}", pending[0].id).as_str()));
        let set_cookie = posted.header("set-cookie").expect("a cookie that recognises the author");
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        assert_eq!(pending[0].ip.as_deref(), Some("203.0.113.10"));

        let cookie = posted.cookie().unwrap();
        let mine = site.get_with_cookie(&path, &cookie).await;
        let html = mine.html();
        let own = one(&html, &format!("#comment-{}", pending[0].id));
        assert!(text(own).contains("Please keep the Orchard Street stop."));
        assert_eq!(text(one(&html, ".comment-awaiting-moderation")), "Your comment is awaiting moderation.");
        assert_eq!(mine.header("cache-control"), Some("private, no-store"));
        assert_eq!(text(one(&html, ".comments-title")), "0 comments on “Bus routes”");

        let anyone = site.get(&path).await;
        assert!(!anyone.body.contains("Orchard Street stop"), "nobody else sees a pending comment");
        let forged = site.get_with_cookie(&path, "gazette_pending=MTox.AAAA").await;
        assert!(!forged.body.contains("Orchard Street stop"));
    }

    async fn every_validation_error_keeps_the_input_and_says_what_is_wrong(site: TestApp) {
        let article = publish(&site, "Validation").await;
        let path = path_of(&article);
        let long_name = "n".repeat(246);
        let long_email = format!("{}@{}.example", "e".repeat(40), "d".repeat(53));
        let long_site = format!("https://example.com/{}", "w".repeat(181));
        let long_text = "x".repeat(65_526);
        let cases: Vec<(&str, &str, &str, &str)> = vec![
            ("comment", "", "comment", "Please type your comment."),
            ("comment", &long_text, "comment", "too long"),
            ("author", "", "author", "Please enter your name."),
            ("author", &long_name, "author", "too long"),
            ("email", "", "email", "Please enter your email address"),
            ("email", "not an address", "email", "valid email address"),
            ("email", &long_email, "email", "too long"),
            ("url", "javascript:alert(1)", "url", "http:// or https://"),
            ("url", &long_site, "url", "too long"),
        ];
        for (field, value, error_field, message) in cases {
            let mut fields = valid_form();
            fields.retain(|(name, _)| *name != field);
            fields.push((field, value));
            fields.push(("wp-comment-cookies-consent", "yes"));
            let page = site.post_form(&path, &fields).await;
            assert_eq!(page.status, 422, "{field}={value:.20}");
            assert_eq!(page.header("cache-control"), Some("private, no-store"));
            let html = page.html();
            assert_well_formed(&html);
            let error = text(one(&html, &format!("#{error_field}-error")));
            assert!(error.contains(message), "{field}: expected “{message}” in “{error}”");
            let input = one(&html, &format!("#{error_field}"));
            assert_eq!(input.value().attr("aria-invalid"), Some("true"));
            assert!(input.value().attr("aria-describedby").unwrap().contains(&format!("{error_field}-error")));
            one(&html, "#form-errors");
            // Everything typed is still there.
            let typed = |name: &str| fields.iter().find(|(field, _)| *field == name).map(|(_, value)| *value).unwrap();
            assert_eq!(text(one(&html, "textarea#comment")), typed("comment").split_whitespace().collect::<Vec<_>>().join(" "));
            for name in ["author", "email", "url"] {
                assert_eq!(one(&html, &format!("input#{name}")).value().attr("value"), Some(typed(name)), "{name} kept after a {field} error");
            }
            assert!(one(&html, "#wp-comment-cookies-consent").value().attr("checked").is_some());
        }
        assert!(site.app.list_comments(None).await.unwrap().is_empty(), "nothing refused was stored");
    }

    async fn markup_in_a_comment_is_shown_as_text_and_never_runs(site: TestApp) {
        let article = publish(&site, "Hostile").await;
        site.app.change_setting("hold_first_time_commenters", "false").await.unwrap();
        let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">click</a> javascript:alert(3) <style>body{display:none}</style>";
        let mut fields = valid_form();
        fields[0] = ("comment", hostile);
        fields[1] = ("author", "<b onmouseover=alert(4)>Mallory</b>");
        fields[3] = ("url", "https://mallory.example/\"onmouseover=\"alert(5)");
        assert_eq!(site.post_form(&path_of(&article), &fields).await.status, 303);

        let page = site.get(&path_of(&article)).await;
        let html = page.html();
        assert_well_formed(&html);
        let comment = one(&html, ".comment");
        for element in comment.descendants().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            assert!(!["script", "img", "style", "b"].contains(&name), "a <{name}> element got through");
            for (attribute, value) in element.value().attrs() {
                assert!(!attribute.starts_with("on"), "an {attribute} attribute got through");
                assert!(!value.trim_start().to_lowercase().starts_with("javascript:"), "a javascript: link got through");
            }
        }
        assert!(text(one(&html, ".comment-content")).contains("<script>alert('x')</script>"), "the markup is shown as text");
        assert_eq!(text(one(&html, ".comment-author")), "<b onmouseover=alert(4)>Mallory</b>");
        assert_eq!(select(&html, "script").len(), select(&html, "head > script[type='application/ld+json']").len(), "no script but the article's JSON-LD");
    }

    async fn a_body_over_the_limit_is_refused_before_it_is_read(site: TestApp) {
        let article = publish(&site, "Too long").await;
        let huge = format!("comment={}&author=A&email=a%40b.example", "x".repeat(1024 * 1024));
        let request = Request::post(path_of(&article)).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(huge)).unwrap();
        let page = site.send(request).await;
        assert_eq!(page.status, 413);
        assert_eq!(text(one(&page.html(), "h1")), "Too much to send");
        assert!(site.app.list_comments(None).await.unwrap().is_empty());
    }

    async fn closed_and_missing_articles_hand_the_text_back(site: TestApp) {
        let closed = publish_draft(&site, gazette_domain::ArticleDraft { title: "Closed".into(), body_markdown: "Closed.".into(), comments_open: Some(false), ..Default::default() }).await;
        let mut fields = valid_form();
        fields[0] = ("comment", "My carefully written words.");
        let refused = site.post_form(&path_of(&closed), &fields).await;
        assert_eq!(refused.status, 403);
        let html = refused.html();
        assert!(text(one(&html, ".form-refused")).contains("Comments are closed on “Closed”"));
        assert_eq!(text(one(&html, "textarea#kept-comment")), "My carefully written words.");

        let missing = site.post_form("/2024/04/24/no-such-article/", &fields).await;
        assert_eq!(missing.status, 404);
        assert_eq!(text(one(&missing.html(), "textarea#kept-text")), "My carefully written words.");

        let mut by_id = fields.clone();
        by_id.push(("comment_post_ID", "99999"));
        let missing_by_id = site.post_form("/wp-comments-post.php", &by_id).await;
        assert_eq!(missing_by_id.status, 404);
        assert!(missing_by_id.body.contains("My carefully written words."));
        assert!(site.app.list_comments(None).await.unwrap().is_empty());
    }

    async fn the_wordpress_endpoint_takes_the_article_id(site: TestApp) {
        let article = publish(&site, "Classic form").await;
        let id = article.id.to_string();
        let token = site.form_token_on(&path_of(&article)).await.unwrap();
        let mut fields = valid_form();
        fields.push(("comment_post_ID", &id));
        fields.push(("gazette_form_token", &token));
        let posted = site.post_form("/wp-comments-post.php", &fields).await;
        assert_eq!(posted.status, 303);
        assert!(posted.header("location").unwrap().starts_with(&format!("{}#comment-", path_of(&article))));

        // A form that never came from this site (no token) is a program's: put with the
        // spam, silently, and shown to nobody.
        let mut untokened = valid_form();
        untokened[0] = ("comment", "Posted by a script.");
        untokened.push(("comment_post_ID", &id));
        let posted = site.post_form("/wp-comments-post.php", &untokened).await;
        assert_eq!(posted.header("location"), Some(format!("{}#comments", path_of(&article)).as_str()));
        assert_eq!(site.app.list_comments(Some(CommentStatus::Spam)).await.unwrap().len(), 1);
        assert!(!site.get(&path_of(&article)).await.body.contains("Posted by a script"));
    }

    async fn a_reply_to_an_unknown_comment_is_refused_with_a_message(site: TestApp) {
        let article = publish(&site, "Replies").await;
        let mut fields = valid_form();
        fields.retain(|(name, _)| *name != "comment_parent");
        fields.push(("comment_parent", "424242"));
        let page = site.post_form(&path_of(&article), &fields).await;
        assert_eq!(page.status, 422);
        assert!(text(one(&page.html(), "#form-errors")).contains("not a published comment on this article"));
    }

    async fn other_encodings_are_refused_clearly(site: TestApp) {
        let article = publish(&site, "Json").await;
        let request = Request::post(path_of(&article)).header(header::CONTENT_TYPE, "application/json").body(Body::from("{}")).unwrap();
        assert_eq!(site.send(request).await.status, 415);
    }

    async fn forwarded_addresses_are_ignored_from_untrusted_peers(site: TestApp) {
        let article = publish(&site, "Addresses").await;
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(valid_form()).finish();
        let request = Request::post(path_of(&article))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", "192.0.2.99")
            .header(header::USER_AGENT, "ReaderBrowser/2.0")
            .body(Body::from(body))
            .unwrap();
        assert_eq!(site.send(request).await.status, 303);
        let stored = &site.app.list_comments(None).await.unwrap()[0];
        assert_eq!(stored.ip.as_deref(), Some("203.0.113.10"));
        assert_eq!(stored.user_agent.as_deref(), Some("ReaderBrowser/2.0"));
    }
}
