//! The article page has exactly the structure of the reference page.

use crate::support::*;
use gazette_test_support::app_tests;

app_tests! {
    async fn the_page_has_every_part_in_order(site: TestApp) {
        let article = publish_republished(&site).await;
        approved_comment(&site, &article, "Ana Lima", "Good news for the river.").await;
        let page = site.get(&path_of(&article)).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
        let html = page.html();
        assert_well_formed(&html);

        assert_eq!(text(one(&html, ".date-line")), "Wednesday, 24 April, 2024");
        assert_eq!(one(&html, ".date-line time").value().attr("datetime"), Some("2024-04-24"));
        assert_eq!(text(one(&html, "h1.entry-title")), "Mussels return to the river");
        assert_eq!(text(one(&html, ".entry-meta time.published")), "April 24, 2024");
        assert!(text(one(&html, ".entry-content")).contains("Survey teams counted more mussels"));

        let credit = one(&html, ".entry-content p.credit");
        assert_eq!(text(credit), "Credit: Tri-Valley News Service");
        assert_eq!(one(&html, ".entry-content p.credit a").value().attr("href"), Some("https://trivalley.example/mussels"));
        assert_eq!(text(one(&html, ".original-publication")), "Originally published April 23, 2024");

        assert_eq!(text(one(&html, "#comments h2.comments-title")), "1 comment on “Mussels return to the river”");
        let respond = one(&html, "#respond");
        assert_eq!(text(one(&html, "#respond h2")), "Leave a Reply");
        assert_eq!(text(one(&html, "#respond .comment-notes")), "Your email address will not be published. Required fields are marked *");
        assert!(respond.select(&scraper::Selector::parse("form[method=post]").unwrap()).next().is_some());
        assert_eq!(one(&html, "#commentform").value().attr("action"), Some(path_of(&article).as_str()));

        let labels: Vec<String> = select(&html, "#commentform p:not([aria-hidden]) label").into_iter().map(text).collect();
        assert_eq!(one(&html, "#gazette_website_confirm").value().attr("tabindex"), Some("-1"), "the field only programs fill in is out of reach");
        assert_eq!(labels, ["Comment *", "Name *", "Email *", "Website", "Save my name, email, and website in this browser for the next time I comment."]);
        for (name, kind) in [("author", "text"), ("email", "email"), ("url", "url"), ("wp-comment-cookies-consent", "checkbox"), ("comment_parent", "hidden"), ("comment_post_ID", "hidden")] {
            let field = one(&html, &format!("#commentform input[name='{name}']"));
            assert_eq!(field.value().attr("type"), Some(kind), "{name}");
        }
        one(&html, "#commentform textarea[name=comment]");
        assert_eq!(one(&html, "#commentform input[type=submit]").value().attr("value"), Some("Post Comment"));

        // The parts come in the reference page's order.
        let order = ["class=\"date-line\"", "<h1 class=\"entry-title\"", "class=\"entry-content\"", "class=\"credit\"", "class=\"comments-title\"", "id=\"comment-", "id=\"respond\""];
        let positions: Vec<usize> = order.iter().map(|marker| page.body.find(marker).unwrap_or_else(|| panic!("{marker} missing"))).collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "parts out of order: {positions:?}");
    }

    async fn counts_are_singular_and_plural(site: TestApp) {
        let article = publish(&site, "Budget night").await;
        let heading = |body: String| text(one(&scraper::Html::parse_document(&body), ".comments-title"));
        assert_eq!(heading(site.get(&path_of(&article)).await.body), "0 comments on “Budget night”");
        approved_comment(&site, &article, "One", "First.").await;
        assert_eq!(heading(site.get(&path_of(&article)).await.body), "1 comment on “Budget night”");
        approved_comment(&site, &article, "Two", "Second.").await;
        assert_eq!(heading(site.get(&path_of(&article)).await.body), "2 comments on “Budget night”");
        pending_comment(&site, &article, "Three", "Held.").await;
        assert_eq!(heading(site.get(&path_of(&article)).await.body), "2 comments on “Budget night”", "pending comments are not counted");
    }

    async fn comments_sit_at_their_anchors_without_email_addresses(site: TestApp) {
        let article = publish(&site, "Anchors").await;
        let first = approved_comment(&site, &article, "Bea Turner", "First!").await;
        let second = approved_comment(&site, &article, "Cal Ortiz", "Second, with https://example.org/more.").await;
        let page = site.get(&path_of(&article)).await;
        let html = page.html();
        let items = select(&html, "ol.comment-list > li.comment");
        let ids: Vec<&str> = items.iter().map(|item| item.value().attr("id").unwrap()).collect();
        assert_eq!(ids, [format!("comment-{first}"), format!("comment-{second}")]);
        assert_eq!(text(one(&html, &format!("#comment-{first} .comment-author"))), "Bea Turner");
        assert_eq!(text(one(&html, &format!("#comment-{first} .comment-metadata"))), "April 24, 2024 at 10:00 am");
        let link = one(&html, &format!("#comment-{second} .comment-content a"));
        assert_eq!(link.value().attr("rel"), Some("nofollow ugc"));
        let json_ld: String = one(&html, "script[type='application/ld+json']").text().collect();
        assert!(!json_ld.contains("readers.example") && !page.body.replace(&json_ld, "").contains('@'), "no email address anywhere in the page");
        assert!(!page.body.contains("readers.example"));
    }

    async fn a_closed_article_says_so_instead_of_the_form(site: TestApp) {
        let article = publish_draft(&site, gazette_domain::ArticleDraft { title: "Obituary".into(), body_markdown: "Remembered.".into(), comments_open: Some(false), ..Default::default() }).await;
        let html = site.get(&path_of(&article)).await.html();
        assert_eq!(text(one(&html, ".no-comments")), "Comments are closed.");
        assert!(select(&html, "#respond").is_empty());
        assert!(select(&html, "#commentform").is_empty());
    }

    async fn a_draft_is_not_found(site: TestApp) {
        let article = publish_draft(&site, gazette_domain::ArticleDraft { title: "Secret".into(), body_markdown: "Not yet.".into(), draft: true, ..Default::default() }).await;
        let page = site.get(&format!("/2024/04/24/{}/", article.slug)).await;
        assert_eq!(page.status, 404);
        assert!(!page.body.contains("Not yet."));
    }

    async fn a_wrong_date_or_missing_slash_redirects_to_the_canonical_address(site: TestApp) {
        let article = publish(&site, "Canonical").await;
        let wrong_date = site.get(&format!("/2023/1/2/{}/", article.slug)).await;
        assert_eq!(wrong_date.status, 301);
        assert_eq!(wrong_date.header("location"), Some(path_of(&article).as_str()));
        let no_slash = site.get(&format!("/2024/04/24/{}", article.slug)).await;
        assert_eq!(no_slash.status, 301);
        assert_eq!(no_slash.header("location"), Some(path_of(&article).as_str()));
    }
}
