//! What a page tells search engines and social sites about itself, over the real router:
//! an article's SEO title and meta description written in the desk's editor (a value too
//! long comes back with the error next to its field, the history keeps both, restoring
//! brings them back) and shown in its head, falling back to the headline and excerpt; the
//! Open Graph and Twitter card tags of articles, the home page and archives; and the site
//! logo, chosen from the media library on the settings screen and named in the JSON-LD.

use crate::desk_articles::{article_form, saved_article};
use crate::support::*;
use gazette_app::{MediaUpload, NewUser, PublishOptions};
use gazette_domain::{Actor, ArticleDraft, MediaDetails, Role};
use gazette_test_support::{TestApp, app_tests, images};
use scraper::Html;
use serde_json::{Value, json};

/// The `content` of the head's `<meta property=…>` (Open Graph) or `<meta name=…>`
/// (everything else) named `name`, which must be there once.
fn meta(html: &Html, name: &str) -> String {
    let attribute = if name.starts_with("og:") || name.starts_with("article:") {
        "property"
    } else {
        "name"
    };
    one(html, &format!("head meta[{attribute}='{name}']"))
        .value()
        .attr("content")
        .unwrap()
        .to_owned()
}

/// Every `content` of the head's `<meta property=…>` named `name`.
fn all_meta(html: &Html, name: &str) -> Vec<String> {
    select(html, &format!("head meta[property='{name}']"))
        .into_iter()
        .map(|element| element.value().attr("content").unwrap().to_owned())
        .collect()
}

/// The page's `<title>`.
fn title_of(html: &Html) -> String {
    text(one(html, "head title"))
}

/// The parsed JSON-LD of the page at `path`.
async fn json_ld_of(site: &TestApp, path: &str) -> Value {
    let html = site.get(path).await.html();
    let script = one(&html, "head script[type='application/ld+json']");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

/// The editor form of article `id`, with its fields as they are now.
async fn editor_fields(site: &TestApp, session: &(String, String), id: i64) -> Html {
    site.get_with_cookie(&format!("/desk/articles/{id}/edit"), &session.0)
        .await
        .html()
}

/// `field`'s value in an editor form.
fn field_value(form: &Html, field: &str) -> String {
    let element = one(form, &format!("#{field}"));
    match element.value().name() {
        "textarea" => element.text().collect(),
        _ => element.value().attr("value").unwrap_or_default().to_owned(),
    }
}

app_tests! {
    async fn an_editor_writes_the_seo_title_and_meta_description_and_the_page_carries_them(site: TestApp) {
        site.app.change_setting("title", "The Ledger").await.unwrap();
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let new = site.get_with_cookie("/desk/articles/new", &editor.0).await.html();
        for field in ["seo_title", "meta_description"] {
            assert_eq!(select(&new, &format!("label[for={field}]")).len(), 1, "{field} has its label");
            assert_eq!(select(&new, &format!("#{field}-hint")).len(), 1, "{field} says what it is for");
        }
        let mut fields = article_form("Council passes the budget", "publish");
        fields.extend([("seo_title", "Budget passed: what the vote means for you"), ("meta_description", "Seven votes to two: roads, schools and the bridge.")]);
        let (location, id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &fields).await);
        let path = "/2024/04/24/council-passes-the-budget/";
        let page = site.get(path).await.html();
        assert_eq!(title_of(&page), "Budget passed: what the vote means for you", "the SEO title is the whole title");
        assert_eq!(meta(&page, "description"), "Seven votes to two: roads, schools and the bridge.");
        assert_eq!(meta(&page, "og:title"), "Budget passed: what the vote means for you");
        assert_eq!(meta(&page, "og:description"), "Seven votes to two: roads, schools and the bridge.");
        assert_eq!(text(one(&page, "h1.entry-title")), "Council passes the budget", "readers still see the headline");
        assert_eq!(json_ld_of(&site, path).await["description"], "Seven votes to two: roads, schools and the bridge.");

        let form = editor_fields(&site, &editor, id).await;
        assert_eq!(field_value(&form, "seo_title"), "Budget passed: what the vote means for you");
        assert_eq!(field_value(&form, "meta_description"), "Seven votes to two: roads, schools and the bridge.");
        let based_on = one(&form, "input[name=based_on]").value().attr("value").unwrap().to_owned();

        let too_long_title = "A title far longer than any search engine shows beside a result, so refused";
        let too_long_description = "D".repeat(161);
        let mut refused = article_form("Council passes the budget", "update");
        refused.extend([("seo_title", too_long_title), ("meta_description", too_long_description.as_str()), ("based_on", based_on.as_str())]);
        let answer = desk_post(&site, &editor, &location, &refused).await;
        assert_eq!(answer.status, 422);
        let form = answer.html();
        assert_eq!(field_value(&form, "seo_title"), too_long_title, "what was typed comes back");
        assert_eq!(field_value(&form, "meta_description"), too_long_description);
        assert!(text(one(&form, "#seo_title-error")).contains("at most 70 characters"), "the error is next to its field");
        assert!(text(one(&form, "#meta_description-error")).contains("at most 160 characters"));
        assert_eq!(one(&form, "#seo_title").value().attr("aria-invalid"), Some("true"));
        assert_eq!(title_of(&site.get(path).await.html()), "Budget passed: what the vote means for you", "nothing was saved");

        let mut cleared = article_form("Council passes the budget", "update");
        cleared.extend([("seo_title", "  "), ("meta_description", ""), ("based_on", based_on.as_str())]);
        saved_article(&desk_post(&site, &editor, &location, &cleared).await);
        let page = site.get(path).await.html();
        assert_eq!(title_of(&page), "Council passes the budget · The Ledger", "without one, the headline and the site");
        assert_eq!(meta(&page, "description"), "The council met on Tuesday. It voted 5–4.", "without one, the excerpt");
        assert_eq!(meta(&page, "og:title"), "Council passes the budget");

        let history = site.get_with_cookie(&format!("/desk/articles/{id}/revisions/"), &editor.0).await.html();
        let compare_url = one(&history, "tbody tr:first-child a").value().attr("href").unwrap().to_owned();
        let comparison = site.get_with_cookie(&compare_url, &editor.0).await.html();
        let fields: Vec<String> = select(&comparison, ".field-changes tbody th").into_iter().map(text).collect();
        assert_eq!(fields, ["SEO title", "Meta description"], "the history keeps both");
        let before: Vec<String> = select(&comparison, ".field-changes tbody del").into_iter().map(text).collect();
        assert_eq!(before, ["Budget passed: what the vote means for you", "Seven votes to two: roads, schools and the bridge."]);
        let first_version = one(&history, "tbody tr:last-child a").value().attr("href").unwrap().to_owned();
        let restored = desk_post(&site, &editor, &format!("{first_version}/restore"), &[]).await;
        assert_eq!(restored.status, 303);
        let page = site.get(path).await.html();
        assert_eq!(title_of(&page), "Budget passed: what the vote means for you", "restoring a version brings its SEO title back");
        assert_eq!(meta(&page, "description"), "Seven votes to two: roads, schools and the bridge.");
    }

    async fn an_article_page_is_described_for_sharing(site: TestApp) {
        site.app.change_setting("title", "The Ledger").await.unwrap();
        site.app.change_setting("language", "en-GB").await.unwrap();
        site.app.change_setting("time_zone", "Europe/London").await.unwrap();
        let ada = site.app.create_user(NewUser { display_name: "Ada Editor".into(), email: "ada@ledger.example".into(), role: Role::Editor, password: None }).await.unwrap();
        let article = site.app.publish_article(
            &ArticleDraft { title: "Council passes the budget".into(), body_markdown: "The vote was 7 to 2.".into(), excerpt: Some("Seven votes to two.".into()), ..ArticleDraft::default() },
            PublishOptions { author_id: Some(ada.id), categories: vec!["Politics".into(), "Money".into()], tags: vec!["Budget".into(), "Council".into()], ..PublishOptions::default() },
        ).await.unwrap();
        let path = path_of(&article);
        let plain = site.get(&path).await.html();
        assert_eq!(meta(&plain, "twitter:card"), "summary", "without an image, a small card");
        assert!(select(&plain, "head meta[property='og:image']").is_empty());

        let image = site.app.upload_media(&Actor::from(&ada), MediaUpload { file_name: "chamber.jpg".into(), bytes: images::jpeg(2000, 1000) }).await.unwrap();
        site.app.run_due_jobs().await.unwrap();
        let described = MediaDetails { title: "Chamber".into(), alt_text: "Councillors vote in the chamber".into(), caption: String::new() };
        site.app.update_media_details(&Actor::from(&ada), image.id, &described).await.unwrap();
        site.app.set_featured_image(&ada, article.id, Some(image.id)).await.unwrap();
        site.app.clock().advance(3600);
        site.app.add_correction(&ada, article.id, "correction", "It was 7 to 2, not 6 to 3.").await.unwrap();
        let page = site.get(&path).await.html();
        assert_well_formed(&page);
        let url = format!("http://127.0.0.1:8080{path}");
        assert_eq!(meta(&page, "og:type"), "article");
        assert_eq!(meta(&page, "og:title"), "Council passes the budget");
        assert_eq!(meta(&page, "og:description"), "Seven votes to two.");
        assert_eq!(meta(&page, "og:url"), url);
        assert_eq!(meta(&page, "og:site_name"), "The Ledger");
        assert_eq!(meta(&page, "og:locale"), "en_GB");
        let shared = meta(&page, "og:image");
        assert!(shared.starts_with("http://127.0.0.1:8080/media/") && shared.ends_with(".w1600.jpg"), "the copy nearest a card's size: {shared}");
        assert_eq!((meta(&page, "og:image:width"), meta(&page, "og:image:height")), ("1600".to_owned(), "800".to_owned()));
        assert_eq!(meta(&page, "og:image:alt"), "Councillors vote in the chamber", "the image's alt text on this article");
        assert_eq!(meta(&page, "article:published_time"), "2024-04-24T11:00:00+01:00");
        assert_eq!(meta(&page, "article:modified_time"), "2024-04-24T12:00:00+01:00", "a correction changes the article");
        assert_eq!(meta(&page, "article:author"), "http://127.0.0.1:8080/author/ada-editor/");
        assert_eq!(all_meta(&page, "article:section").len(), 1);
        assert_eq!(all_meta(&page, "article:tag"), ["Budget", "Council"]);
        assert_eq!(meta(&page, "twitter:card"), "summary_large_image");
        assert_eq!(one(&page, "head link[rel=canonical]").value().attr("href"), Some(url.as_str()));

        let described = json_ld_of(&site, &path).await;
        assert_eq!(described["dateModified"], "2024-04-24T12:00:00+01:00");
        assert_eq!(described["image"], json!({"@type": "ImageObject", "url": format!("http://127.0.0.1:8080{}", image.url), "width": 2000, "height": 1000}));
        assert_eq!(described["author"], json!({"@type": "Person", "name": "Ada Editor", "url": "http://127.0.0.1:8080/author/ada-editor/"}));

        let republished = publish_republished(&site).await;
        let copy = site.get(&path_of(&republished)).await.html();
        assert_eq!(meta(&copy, "og:url"), "https://trivalley.example/mussels", "og:url is the canonical address: the original's");
    }

    async fn the_home_page_and_archives_are_shared_as_websites(site: TestApp) {
        site.app.change_setting("title", "The Ledger").await.unwrap();
        site.app.change_setting("tagline", "News from the valley").await.unwrap();
        site.app.change_setting("posts_per_page", "1").await.unwrap();
        site.app.publish_article(
            &ArticleDraft { title: "Council passes the budget".into(), body_markdown: "Text.".into(), ..ArticleDraft::default() },
            PublishOptions { tags: vec!["Budget".into()], ..PublishOptions::default() },
        ).await.unwrap();
        publish(&site, "Bridge reopens").await;
        let home = site.get("/").await.html();
        assert_well_formed(&home);
        assert_eq!(meta(&home, "og:type"), "website");
        assert_eq!(meta(&home, "og:title"), "The Ledger");
        assert_eq!(meta(&home, "og:description"), "News from the valley");
        assert_eq!(meta(&home, "description"), "News from the valley");
        assert_eq!(meta(&home, "og:url"), "http://127.0.0.1:8080/");
        assert_eq!(meta(&home, "og:locale"), "en_US");
        assert_eq!(meta(&home, "twitter:card"), "summary");
        assert_eq!(one(&home, "head link[rel=canonical]").value().attr("href"), Some("http://127.0.0.1:8080/"));
        assert!(select(&home, "head meta[property^='article:']").is_empty());
        let second = site.get("/page/2/").await.html();
        assert_eq!(meta(&second, "og:url"), "http://127.0.0.1:8080/page/2/");

        let tag = site.get("/tag/budget/").await.html();
        assert_eq!(meta(&tag, "og:type"), "website");
        assert_eq!(meta(&tag, "og:title"), "Tag: Budget");
        assert_eq!(meta(&tag, "og:url"), "http://127.0.0.1:8080/tag/budget/");
        assert!(select(&tag, "head meta[property='og:description']").is_empty(), "a tag has no description");
    }

    async fn the_site_logo_is_chosen_from_the_media_library_and_names_the_publisher(site: TestApp) {
        let admin = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let admin_user = site.app.users().await.unwrap().into_iter().find(|user| user.display_name == "Ada Admin").unwrap();
        let logo = site.app.upload_media(&Actor::from(&admin_user), MediaUpload { file_name: "ledger-logo.png".into(), bytes: images::png(600, 60) }).await.unwrap();
        let article = publish(&site, "Council passes the budget").await;

        let general = site.get_with_cookie("/desk/settings/", &admin.0).await.html();
        assert!(text(one(&general, ".field-image")).contains("None yet"));
        let choose = one(&general, ".field-image a").value().attr("href").unwrap().to_owned();
        assert_eq!(choose, "/desk/media/?choose=site_logo");
        let library = site.get_with_cookie(&choose, &admin.0).await.html();
        assert_eq!(text(one(&library, "h1")), "Choose the site logo");
        let chooser = one(&library, "form.media-choose");
        assert_eq!(chooser.value().attr("action"), Some("/desk/settings/images/site_logo"));
        assert!(text(chooser).starts_with("Use as the site logo"));
        assert_eq!(one(&library, "form.filters input[name=choose]").value().attr("value"), Some("site_logo"), "a search keeps the choosing");

        let chosen = desk_post(&site, &admin, "/desk/settings/images/site_logo", &[("media_id", &logo.id.to_string())]).await;
        assert_eq!(chosen.status, 303);
        assert_eq!(chosen.header("location"), Some("/desk/settings/"));
        assert_eq!(site.app.site_settings().await.unwrap().site_logo, Some(logo.id));
        let general = site.get_with_cookie("/desk/settings/", &admin.0).await.html();
        assert_eq!(select(&general, ".field-image img.setting-image").len(), 1);
        assert_eq!(one(&general, "button[form=site_logo-remove]").value().attr("type"), Some("submit"));

        let logo_object = json!({"@type": "ImageObject", "url": format!("http://127.0.0.1:8080{}", logo.url), "width": 600, "height": 60});
        assert_eq!(json_ld_of(&site, &path_of(&article)).await["publisher"], json!({"@type": "Organization", "name": "Gazette", "url": "http://127.0.0.1:8080/", "logo": logo_object}));
        assert_eq!(json_ld_of(&site, "/").await["publisher"]["logo"], logo_object);

        let general_fields = [("title", "Gazette"), ("tagline", "Independent news"), ("site_url", "http://127.0.0.1:8080"), ("language", "en"), ("time_zone", "UTC"), ("date_format", "F j, Y"), ("time_format", "g:i a"), ("date_line_format", "l, j F, Y"), ("show_date_line", "1")];
        assert_eq!(desk_post(&site, &admin, "/desk/settings/", &general_fields).await.status, 303);
        assert_eq!(site.app.site_settings().await.unwrap().site_logo, Some(logo.id), "saving the tab leaves the logo alone");

        let refused = desk_post(&site, &admin, &format!("/desk/media/{}/delete", logo.id), &[]).await;
        assert_eq!(refused.status, 409);
        assert!(text(one(&refused.html(), ".form-errors")).contains("the site's logo"));
        assert!(text(one(&site.get_with_cookie(&format!("/desk/media/{}/delete", logo.id), &admin.0).await.html(), ".form-errors")).contains("the site's logo"));

        let missing = site.app.change_setting("site_logo", "999").await.unwrap_err();
        assert!(missing.to_string().contains("There is no image 999 in the media library"), "{missing}");

        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        assert_eq!(site.get_with_cookie("/desk/media/?choose=site_logo", &editor.0).await.status, 403, "only those who change settings choose the logo");
        assert_eq!(desk_post(&site, &editor, "/desk/settings/images/site_logo", &[("media_id", "")]).await.status, 403);
        assert_eq!(desk_post(&site, &admin, "/desk/settings/images/title", &[("media_id", "")]).await.status, 404, "only image settings");

        let removed = desk_post(&site, &admin, "/desk/settings/images/site_logo", &[("media_id", "")]).await;
        assert_eq!(removed.status, 303);
        assert_eq!(site.app.site_settings().await.unwrap().site_logo, None);
        assert!(json_ld_of(&site, &path_of(&article)).await["publisher"].get("logo").is_none());
    }
}
