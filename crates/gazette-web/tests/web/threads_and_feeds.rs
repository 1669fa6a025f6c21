//! Threads, reply links, comment pages, remembered commenters, refusals that keep the
//! form, and the comment feeds parsed back by a feed reader's parser.

use crate::support::*;
use gazette_test_support::app_tests;

app_tests! {
    async fn replies_nest_and_the_reply_link_works_without_javascript(site: TestApp) {
        let article = publish(&site, "Threads").await;
        let path = path_of(&article);
        let parent = approved_comment(&site, &article, "Ana", "The first word.").await;
        let page = site.get(&format!("{path}?replytocom={parent}")).await;
        assert_eq!(page.header("cache-control"), Some("private, no-store"));
        let html = page.html();
        assert_eq!(text(one(&html, "#reply-title")), "Leave a Reply to Ana Cancel reply");
        assert_eq!(one(&html, "#cancel-comment-reply-link").value().attr("href"), Some(format!("{path}#respond").as_str()));
        assert_eq!(one(&html, "#comment_parent").value().attr("value"), Some(parent.to_string().as_str()));
        let reply_link = one(&html, ".comment-reply-link").value().attr("href").unwrap().to_owned();
        assert_eq!(reply_link, format!("{path}?replytocom={parent}#respond"));

        site.app.change_setting("hold_first_time_commenters", "false").await.unwrap();
        let parent_text = parent.to_string();
        let fields: Vec<(&str, &str)> = valid_form()
            .into_iter()
            .map(|(name, value)| if name == "comment_parent" { (name, parent_text.as_str()) } else { (name, value) })
            .collect();
        let posted = site.post_form(&path, &fields).await;
        assert_eq!(posted.status, 303);
        let html = site.get(&path).await.html();
        assert_eq!(select(&html, &format!("#comment-{parent} > ol.children > li.comment.depth-2")).len(), 1, "the reply sits under its parent");
        assert_eq!(text(one(&html, ".comments-title")), "2 comments on “Threads”");
    }

    async fn comment_pages_hold_every_permalink(site: TestApp) {
        let article = publish(&site, "Busy thread").await;
        let path = path_of(&article);
        site.app.change_setting("comments_per_page", "2").await.unwrap();
        let mut ids = Vec::new();
        for number in 0..5 {
            ids.push(approved_comment(&site, &article, &format!("Reader {number}"), &format!("Comment number {number}")).await);
        }
        let first = site.get(&path).await.html();
        assert_eq!(select(&first, "ol.comment-list > li.comment").len(), 2);
        assert_eq!(one(&first, ".comment-nav-next").value().attr("href"), Some(format!("{path}comment-page-2/#comments").as_str()));
        let third = site.get(&format!("{path}comment-page-3/")).await;
        assert_eq!(third.status, 200);
        assert!(third.html().select(&scraper::Selector::parse(&format!("#comment-{}", ids[4])).unwrap()).next().is_some());
        assert_eq!(site.get(&format!("{path}comment-page-4/")).await.status, 404);
        assert_eq!(site.get(&format!("{path}comment-page-1/")).await.status, 301, "page 1 is the article itself");
        assert_eq!(site.get(&format!("{path}comment-page-x/")).await.status, 404);

        // A new comment's address names the page that holds it.
        site.app.change_setting("hold_first_time_commenters", "false").await.unwrap();
        let posted = site.post_form(&path, &valid_form()).await;
        assert!(posted.header("location").unwrap().starts_with(&format!("{path}comment-page-3/#comment-")), "{:?}", posted.header("location"));
    }

    async fn a_reader_who_asks_is_remembered_and_one_who_does_not_is_forgotten(site: TestApp) {
        let article = publish(&site, "Remember me").await;
        let path = path_of(&article);
        let mut fields = valid_form();
        fields.push(("wp-comment-cookies-consent", "yes"));
        let posted = site.post_form(&path, &fields).await;
        let cookies: Vec<String> = posted.headers_all("set-cookie");
        let remembered = cookies.iter().find(|cookie| cookie.starts_with("gazette_commenter=")).expect("a cookie that remembers");
        assert!(remembered.contains("Max-Age=31536000") && remembered.contains("HttpOnly"), "{remembered}");
        let pair = remembered.split(';').next().unwrap();
        let page = site.get_with_cookie(&path, pair).await;
        assert_eq!(page.header("cache-control"), Some("private, no-store"), "a filled-in form is never shared");
        let html = page.html();
        assert_eq!(one(&html, "#author").value().attr("value"), Some("Ada Reader"));
        assert!(one(&html, "#wp-comment-cookies-consent").value().attr("checked").is_some());
        assert!(!site.get(&path).await.body.contains("Ada Reader\""), "nobody else gets the name");

        let mut unticked = valid_form();
        unticked[0] = ("comment", "Now forget me.");
        let forgotten = site.post_form_with_cookie(&path, &unticked, Some(pair)).await;
        let cookies = forgotten.headers_all("set-cookie");
        assert!(cookies.iter().any(|cookie| cookie.starts_with("gazette_commenter=;") && cookie.contains("Max-Age=0")), "{cookies:?}");
    }

    async fn refusals_for_speed_and_repetition_keep_the_form(site: TestApp) {
        let article = publish(&site, "Too fast").await;
        let path = path_of(&article);
        let token = site.form_token_on(&path).await.unwrap();
        let mut fields = valid_form();
        fields[0] = ("comment", "Said once.");
        assert_eq!(site.post_form(&path, &fields).await.status, 303);

        // Five seconds after the first, from the same address: too fast.
        site.app.clock().advance(5);
        let mut quick = valid_form();
        quick[0] = ("comment", "Said twice, quickly.");
        quick.push(("gazette_form_token", &token));
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&quick).finish();
        let refused = site.post_encoded_form(&path, body).await;
        assert_eq!(refused.status, 429);
        assert!(refused.header("retry-after").is_some());
        assert_eq!(text(one(&refused.html(), "textarea#comment")), "Said twice, quickly.");

        let again = site.post_form(&path, &fields).await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("already"));
        assert_eq!(text(one(&again.html(), "textarea#comment")), "Said once.");
        assert!(text(one(&refused.html(), ".form-notice")).contains("too quickly"));
    }

    async fn comment_feeds_parse_back_with_the_same_ids_and_links(site: TestApp) {
        let article = publish(&site, "Feeds").await;
        let path = path_of(&article);
        let first = approved_comment(&site, &article, "Ana", "Feed me <b>&amp;</b> ]]> now").await;
        let second = approved_comment(&site, &article, "Ben", "Second").await;
        let page = site.get(&path).await.html();
        assert_eq!(select(&page, &format!("link[rel=alternate][type='application/rss+xml'][href='{path}feed/']")).len(), 1);
        assert_eq!(select(&page, "link[rel=alternate][href='/comments/feed/']").len(), 1);

        for feed_path in ["/comments/feed/".to_owned(), "/comments/feed/atom/".to_owned(), format!("{path}feed/"), format!("{path}feed/atom/")] {
            let response = site.get(&feed_path).await;
            assert_eq!(response.status, 200, "{feed_path}");
            assert!(response.header("content-type").unwrap().contains("xml"));
            let feed = feed_rs::parser::parse(response.body.as_bytes()).unwrap();
            let ids: Vec<String> = feed.entries.iter().map(|entry| entry.id.clone()).collect();
            assert_eq!(ids, [format!("http://127.0.0.1:8080{path}#comment-{second}"), format!("http://127.0.0.1:8080{path}#comment-{first}")], "{feed_path}");
            assert_eq!(feed.entries[1].links[0].href, ids[1]);
            let content = feed.entries[1].content.as_ref().and_then(|content| content.body.clone()).unwrap();
            assert!(content.contains("Feed me &lt;b&gt;&amp;amp;&lt;/b&gt; ]]&gt; now"), "{content}");
        }
        assert_eq!(site.get("/2024/04/24/no-such-thing/feed/").await.status, 404);
    }
}
