//! Syndication on the desk, through the real router: the list of sources with their state
//! and buttons, adding and editing with every setting (mistakes come back with what was
//! typed), pausing, resuming, removing after a confirmation, fetching now from a feed on
//! loopback, and the review queue — approving with edits, approving always, rejecting for
//! good, and the word diff of a change the source made — with authors and contributors
//! refused.

use crate::page_tour::{TourPage, page};
use crate::support::*;
use gazette_domain::syndication::{Source, SourceInput, SourceMode};
use gazette_domain::{ArticleStatus, Role, SourceId};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::{TestApp, TestResponse, app_tests};
use std::fmt::Write as _;

/// An RSS feed with one item per `(guid, title, body)`, each published the day before the
/// tests' clock.
pub fn feed(items: &[(&str, &str, &str)]) -> String {
    let mut entries = String::new();
    for (guid, title, body) in items {
        write!(
            entries,
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
             <link>https://wire.example/{guid}</link><description>&lt;p&gt;{body}&lt;/p&gt;</description>\
             <pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate></item>"
        )
        .unwrap();
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>The Wire</title>\
         <link>https://wire.example/</link><description>News</description>{entries}</channel></rss>"
    )
}

fn two_items() -> String {
    feed(&[
        (
            "budget",
            "Council passes the budget",
            "The council voted 7 to 2.",
        ),
        ("bridge", "Bridge reopens", "Traffic flows again."),
    ])
}

/// A source of `server`'s `/feed.xml`, added through the use case with private addresses
/// allowed (the feed is on loopback).
async fn wire(site: &TestApp, server: &FeedServer, mode: SourceMode) -> Source {
    site.app
        .add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            mode: Some(mode.as_str().into()),
            licence: "Republished under the partner agreement.".into(),
            canonical_to_original: true,
            allow_private_addresses: true,
            ..SourceInput::default()
        })
        .await
        .unwrap()
}

/// The notice the page a redirect leads to shows once.
async fn notice_after(
    site: &TestApp,
    session: &(String, String),
    response: &TestResponse,
) -> String {
    assert_eq!(response.status, 303, "{}", response.body);
    let location = response.header("location").unwrap();
    let cookies = format!("{}; {}", session.0, response.cookie().unwrap());
    text(one(
        &site.get_with_cookie(location, &cookies).await.html(),
        ".desk-notice",
    ))
}

/// The value of the form control `css` on `page`.
fn value_of(page: &scraper::Html, css: &str) -> String {
    let element = one(page, css);
    if element.value().name() == "textarea" {
        return element.text().collect();
    }
    if element.value().name() == "select" {
        return select(page, &format!("{css} option[selected]"))
            .first()
            .and_then(|option| option.value().attr("value"))
            .unwrap_or_default()
            .to_owned();
    }
    element.value().attr("value").unwrap_or_default().to_owned()
}

/// The fields of a complete source form.
fn source_form<'a>(name: &'a str, url: &'a str, author: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("url", url),
        ("home_page", "https://wire.example/"),
        ("category", "Wire"),
        ("author", author),
        ("mode", "publish"),
        ("interval", "2h"),
        ("include_keywords", "council\nbridge"),
        ("exclude_keywords", "sponsored"),
        ("max_age", "30"),
        ("licence", "By agreement with The Wire."),
        ("allow_private_addresses", "1"),
    ]
}

app_tests! {
    async fn the_list_shows_each_source_with_its_state_and_buttons(site: TestApp) {
        let editor = signed_in(&site, "Eddie Editor", Role::Editor).await;
        let empty = site.get_with_cookie("/desk/sources/", &editor.0).await;
        assert_eq!(empty.status, 200);
        assert!(text(one(&empty.html(), "main")).contains("There are no sources yet"));

        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        server.answer_with("/broken.xml", 500, &[]);
        let active = wire(&site, &server, SourceMode::Review).await;
        site.app.fetch_source(active.id).await.unwrap();
        let failing = site.app.add_source(&SourceInput { name: "Broken Times".into(), feed_url: server.url("/broken.xml"), allow_private_addresses: true, ..SourceInput::default() }).await.unwrap();
        site.app.fetch_source(failing.id).await.unwrap();
        let paused = site.app.add_source(&SourceInput { name: "Quiet Post".into(), feed_url: server.url("/quiet.xml"), interval: Some("1d".into()), ..SourceInput::default() }).await.unwrap();
        site.app.pause_source(paused.id).await.unwrap();

        let page = site.get_with_cookie("/desk/sources/", &editor.0).await.html();
        assert_well_formed(&page);
        let row = |id: SourceId| text(one(&page, &format!("#source-{id}")));
        let wire_row = row(active.id);
        assert!(wire_row.contains("The Wire") && wire_row.contains(&server.url("/feed.xml")) && wire_row.contains("review") && wire_row.contains("15m"), "{wire_row}");
        assert_eq!(text(one(&page, &format!("#source-{} .badge", active.id))), "active");
        assert_eq!(one(&page, &format!("#source-{} td:first-child a", active.id)).value().attr("href"), Some(format!("/desk/sources/{}/edit", active.id).as_str()), "the name leads to its page");
        assert!(wire_row.contains("April 24, 2024"), "the last fetch and the next: {wire_row}");
        assert_eq!(text(one(&page, &format!("#source-{} td:nth-child(8)", active.id))), "2", "its items waiting for review");
        assert!(wire_row.contains("Fetch now") && wire_row.contains("Pause") && wire_row.contains("Remove"));
        assert_eq!(text(one(&page, ".sources-waiting")), "Items waiting for review: 2");

        let failing_row = row(failing.id);
        assert_eq!(text(one(&page, &format!("#source-{} .badge", failing.id))), "failing");
        assert!(failing_row.contains("500") && failing_row.contains("1 failed fetch in a row") && failing_row.contains("never"), "{failing_row}");

        let paused_row = row(paused.id);
        assert_eq!(text(one(&page, &format!("#source-{} .badge", paused.id))), "paused");
        assert!(paused_row.contains("paused by an operator") && paused_row.contains("not while paused") && paused_row.contains("Resume") && !paused_row.contains("Fetch now"), "{paused_row}");
        assert!(paused_row.contains("1d"));

        let nav: Vec<String> = select(&page, ".desk-nav a").into_iter().map(text).collect();
        assert!(nav.contains(&"Sources".to_owned()), "{nav:?}");
        let home = site.get_with_cookie("/desk/", &editor.0).await.html();
        assert_eq!(text(one(&home, ".desk-sources-awaiting")), "Syndicated items awaiting review: 2");
    }

    async fn adding_with_mistakes_keeps_what_was_typed_and_names_each_field(site: TestApp) {
        let (administrator, ada) = signed_in_user(&site, "Ada Admin", Role::Administrator).await;
        let form = site.get_with_cookie("/desk/sources/new", &administrator.0).await.html();
        assert_eq!(value_of(&form, "#mode"), "review", "review by default");
        assert_eq!(value_of(&form, "#interval"), "15m");
        assert!(one(&form, "#canonical_to_original").value().attr("checked").is_some());
        assert_eq!(select(&form, "#allow_private_addresses").len(), 1, "administrators may allow private addresses");

        let refused = desk_post(&site, &administrator, "/desk/sources/new", &[
            ("name", " "),
            ("url", "ftp://wire.example/feed"),
            ("home_page", "not an address"),
            ("mode", "review"),
            ("interval", "1m"),
            ("include_keywords", "council"),
            ("max_age", "forever"),
            ("licence", "Typed <licence> & kept"),
            ("canonical_to_original", "1"),
        ]).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        let page = refused.html();
        assert_well_formed(&page);
        assert!(text(one(&page, "#form-errors")).contains("Nothing was saved"));
        for (field, words) in [("name", "name the source"), ("url", "http"), ("home_page", "home page"), ("interval", "too short"), ("max_age", "in days")] {
            let message = text(one(&page, &format!("#{field}-error")));
            assert!(message.contains(words), "{field}: {message}");
            assert_eq!(one(&page, &format!("#{field}")).value().attr("aria-invalid"), Some("true"));
        }
        assert_eq!(value_of(&page, "#url"), "ftp://wire.example/feed", "what was typed is kept");
        assert_eq!(value_of(&page, "#interval"), "1m");
        assert_eq!(value_of(&page, "#max_age"), "forever");
        assert_eq!(value_of(&page, "#licence"), "Typed <licence> & kept");
        assert_eq!(value_of(&page, "#include_keywords"), "council");
        assert!(one(&page, "#canonical_to_original").value().attr("checked").is_some());
        assert!(site.app.sources().await.unwrap().is_empty(), "nothing was saved");

        let author = ada.id.to_string();
        let added = desk_post(&site, &administrator, "/desk/sources/new", &source_form("The Wire", "https://wire.example/feed.xml", &author)).await;
        assert!(notice_after(&site, &administrator, &added).await.contains("“The Wire” is added"));
        let sources = site.app.sources().await.unwrap();
        let source = &sources[0];
        assert_eq!((source.name.as_str(), source.feed_url.as_str(), source.home_page_url.as_deref()), ("The Wire", "https://wire.example/feed.xml", Some("https://wire.example/")));
        assert_eq!((source.category.as_deref(), source.author_id, source.mode, source.interval_seconds), (Some("Wire"), Some(ada.id), SourceMode::Publish, 7200));
        assert_eq!((source.include_keywords.as_str(), source.exclude_keywords.as_str(), source.max_item_age_days), ("council\nbridge", "sponsored", Some(30)));
        assert_eq!((source.licence.as_str(), source.canonical_to_original, source.allow_private_addresses), ("By agreement with The Wire.", false, true));

        let again = desk_post(&site, &administrator, "/desk/sources/new", &source_form("Twice", "https://wire.example/feed.xml", "")).await;
        assert_eq!(again.status, 422);
        assert!(text(one(&again.html(), "#url-error")).contains("already a source"), "a feed is added once");
    }

    async fn editing_changes_every_setting_and_only_administrators_allow_private_addresses(site: TestApp) {
        let (editor, eddie) = signed_in_user(&site, "Eddie Editor", Role::Editor).await;
        let administrator = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Review).await;
        site.app.fetch_source(source.id).await.unwrap();
        let edit_path = format!("/desk/sources/{}/edit", source.id);

        let form = site.get_with_cookie(&edit_path, &editor.0).await.html();
        assert_well_formed(&form);
        assert_eq!(value_of(&form, "#name"), "The Wire");
        assert_eq!(value_of(&form, "#url"), server.url("/feed.xml"));
        assert_eq!(value_of(&form, "#home_page"), "https://wire.example/", "the feed named it");
        assert_eq!(value_of(&form, "#licence"), "Republished under the partner agreement.");
        assert!(select(&form, "#allow_private_addresses").is_empty(), "an editor cannot allow private addresses");
        assert!(text(one(&form, "main")).contains("An administrator allowed this feed at a private address"));

        let author = eddie.id.to_string();
        let feed_url = server.url("/feed.xml");
        let mut fields = source_form("The Daily Wire", &feed_url, &author);
        fields.retain(|(name, _)| *name != "allow_private_addresses");
        let saved = desk_post(&site, &editor, &edit_path, &fields).await;
        assert_eq!(notice_after(&site, &editor, &saved).await, "“The Daily Wire” is saved.");
        let edited = site.app.source(source.id).await.unwrap();
        assert_eq!((edited.name.as_str(), edited.author_id, edited.mode, edited.interval_seconds), ("The Daily Wire", Some(eddie.id), SourceMode::Publish, 7200));
        assert!(edited.allow_private_addresses, "an editor's save keeps what an administrator allowed");
        assert!(edited.etag.is_some(), "the same feed keeps its validators");

        let mut forged = source_form("The Daily Wire", "https://other.example/feed", &author);
        forged.retain(|(name, _)| *name != "allow_private_addresses");
        let other = site.app.add_source(&SourceInput { name: "Other".into(), feed_url: "https://other.example/feed".into(), ..SourceInput::default() }).await.unwrap();
        forged.push(("allow_private_addresses", "1"));
        desk_post(&site, &editor, &format!("/desk/sources/{}/edit", other.id), &forged).await;
        assert!(!site.app.source(other.id).await.unwrap().allow_private_addresses, "an editor's tick is not taken");

        let mut moved = source_form("The Daily Wire", "https://wire.example/v2/feed.xml", &author);
        moved.retain(|(name, _)| *name != "allow_private_addresses");
        let saved = desk_post(&site, &administrator, &edit_path, &moved).await;
        assert_eq!(saved.status, 303);
        let edited = site.app.source(source.id).await.unwrap();
        assert_eq!((edited.feed_url.as_str(), edited.etag.as_deref(), edited.allow_private_addresses), ("https://wire.example/v2/feed.xml", None, false), "a new address is fetched afresh, and the administrator untick is taken");

        let clash = desk_post(&site, &editor, &edit_path, &source_form("The Daily Wire", "https://other.example/feed", &author)).await;
        assert_eq!(clash.status, 422);
        let page = clash.html();
        assert!(text(one(&page, "#url-error")).contains("already a source"));
        assert_eq!(value_of(&page, "#url"), "https://other.example/feed");
        assert_eq!(value_of(&page, "#author"), author, "the chosen author stays chosen");
        assert_eq!(site.get_with_cookie("/desk/sources/999/edit", &editor.0).await.status, 404);
    }

    async fn pausing_resuming_and_removing_after_a_confirmation(site: TestApp) {
        let editor = signed_in(&site, "Eddie Editor", Role::Editor).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Publish).await;
        site.app.fetch_source(source.id).await.unwrap();
        let base = format!("/desk/sources/{}", source.id);

        let paused = desk_post(&site, &editor, &format!("{base}/pause"), &[]).await;
        assert!(notice_after(&site, &editor, &paused).await.contains("is paused"));
        assert!(site.app.source(source.id).await.unwrap().paused.is_some());
        let refused = desk_post(&site, &editor, &format!("{base}/fetch"), &[]).await;
        assert!(notice_after(&site, &editor, &refused).await.contains("paused"), "a paused source is not fetched");
        let resumed = desk_post(&site, &editor, &format!("{base}/resume"), &[]).await;
        assert!(notice_after(&site, &editor, &resumed).await.contains("is resumed"));
        assert!(site.app.source(source.id).await.unwrap().paused.is_none());

        let confirmation = site.get_with_cookie(&format!("{base}/remove"), &editor.0).await;
        assert_eq!(confirmation.status, 200);
        let page = confirmation.html();
        assert_well_formed(&page);
        assert!(text(one(&page, "h1")).contains("Remove “The Wire”?"));
        assert!(text(one(&page, "main")).contains("The articles it brought stay"));
        assert_eq!(one(&page, "main form").value().attr("action"), Some(format!("{base}/remove").as_str()));
        assert_eq!(site.app.sources().await.unwrap().len(), 1, "asking changes nothing");

        let removed = desk_post(&site, &editor, &format!("{base}/remove"), &[]).await;
        assert!(notice_after(&site, &editor, &removed).await.contains("the articles it brought stay"));
        assert!(site.app.sources().await.unwrap().is_empty());
        let article = site.get("/2024/04/24/council-passes-the-budget/").await;
        assert_eq!(article.status, 200, "its articles stay");
        assert!(text(one(&article.html(), "main")).contains("Credit: The Wire"), "with their credit");
        assert_eq!(desk_post(&site, &editor, &format!("{base}/pause"), &[]).await.status, 404);
    }

    async fn fetching_now_fills_the_queue_and_approving_takes_the_editors_edits(site: TestApp) {
        let editor = signed_in(&site, "Eddie Editor", Role::Editor).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Review).await;
        site.app.create_category(&site.app.users().await.unwrap()[0], &gazette_app::CategoryInput { name: "Local".into(), slug: String::new(), description: String::new(), parent: None }).await.unwrap();

        let fetched = desk_post(&site, &editor, &format!("/desk/sources/{}/fetch", source.id), &[]).await;
        assert!(notice_after(&site, &editor, &fetched).await.contains("“The Wire” was fetched: 2 new"));
        let queue = site.get_with_cookie("/desk/sources/review/", &editor.0).await;
        assert_eq!(queue.status, 200);
        let page = queue.html();
        assert_well_formed(&page);
        let items = select(&page, ".review-item");
        assert_eq!(items.len(), 2);
        let first = text(items[0]);
        assert!(first.contains("Council passes the budget") && first.contains("From The Wire"), "{first}");
        assert!(first.contains("published there April 23, 2024"), "the source's date: {first}");
        assert!(first.contains("Licence: Republished under the partner agreement."), "{first}");
        assert!(first.contains("The council voted 7 to 2."), "the excerpt and the preview: {first}");
        assert_eq!(text(select(&page, ".review-body")[0]), "The council voted 7 to 2.", "the sanitised text, as it would be published");

        let budget = site.app.review_queue().await.unwrap().into_iter().find(|item| item.title == "Council passes the budget").unwrap();
        let approve = format!("/desk/sources/review/{}/approve", budget.item_id);
        let refused = desk_post(&site, &editor, &approve, &[("title", " "), ("category", "Local"), ("excerpt", "Seven to two.")]).await;
        assert_eq!(refused.status, 422);
        let page = refused.html();
        assert_well_formed(&page);
        let id = budget.item_id;
        assert!(text(one(&page, &format!("#title-{id}-error"))).contains("cannot be empty"));
        assert_eq!(value_of(&page, &format!("#excerpt-{id}")), "Seven to two.", "what was typed is kept");
        assert_eq!(value_of(&page, &format!("#category-{id}")), "Local");
        assert_eq!(site.app.review_queue().await.unwrap().len(), 2, "nothing was approved");

        let approved = desk_post(&site, &editor, &approve, &[("title", "Budget passed"), ("category", "Local"), ("excerpt", "Seven to two.")]).await;
        assert_eq!(notice_after(&site, &editor, &approved).await, "“Budget passed” is published.");
        let article = site.app.public_article_by_id(budget.article_id).await.unwrap();
        assert_eq!((article.status, article.title.as_str(), article.excerpt.as_str()), (ArticleStatus::Published, "Budget passed", "Seven to two."));
        let categories = site.app.article_page(article, 1, &[]).await.unwrap().categories;
        assert_eq!(categories.iter().map(|link| link.name.as_str()).collect::<Vec<_>>(), ["Local"]);

        let bridge = site.app.review_queue().await.unwrap().remove(0);
        let untouched = ("title", bridge.title.as_str());
        let approved = desk_post(&site, &editor, &format!("/desk/sources/review/{}/approve", bridge.item_id), &[untouched, ("category", ""), ("excerpt", &bridge.excerpt)]).await;
        assert_eq!(approved.status, 303);
        let article = site.app.public_article_by_id(bridge.article_id).await.unwrap();
        assert_eq!((article.title.as_str(), article.excerpt_is_manual), ("Bridge reopens", false), "an untouched form publishes what the source sent");
        let empty = site.get_with_cookie("/desk/sources/review/", &editor.0).await.html();
        assert!(text(one(&empty, "main")).contains("Nothing waits for review"));
    }

    async fn a_rejected_item_never_comes_back_and_approving_always_switches_to_publishing(site: TestApp) {
        let editor = signed_in(&site, "Eddie Editor", Role::Editor).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Review).await;
        site.app.fetch_source(source.id).await.unwrap();
        let queue = site.app.review_queue().await.unwrap();
        let (budget, bridge) = (&queue[0], &queue[1]);

        let rejected = desk_post(&site, &editor, &format!("/desk/sources/review/{}/reject", bridge.item_id), &[]).await;
        assert_eq!(notice_after(&site, &editor, &rejected).await, "“Bridge reopens” is rejected; it will not come back from The Wire.");
        assert_eq!(desk_post(&site, &editor, &format!("/desk/sources/review/{}/reject", bridge.item_id), &[]).await.status, 404, "it waits no more");
        // The feed again with both items, built anew (the same bytes again would not be
        // read at all).
        server.serve_feed("/feed.xml", &two_items().replacen("<item>", "<lastBuildDate>Wed, 24 Apr 2024 09:00:00 GMT</lastBuildDate><item>", 1));
        let fetched = desk_post(&site, &editor, &format!("/desk/sources/{}/fetch", source.id), &[]).await;
        assert!(notice_after(&site, &editor, &fetched).await.contains("0 new"));
        let waiting: Vec<String> = site.app.review_queue().await.unwrap().into_iter().map(|item| item.title).collect();
        assert_eq!(waiting, ["Council passes the budget"], "the rejected item never comes back");

        let always = desk_post(&site, &editor, &format!("/desk/sources/review/{}/approve", budget.item_id), &[("title", &budget.title), ("category", ""), ("excerpt", &budget.excerpt), ("always", "1")]).await;
        assert!(notice_after(&site, &editor, &always).await.contains("Later items from The Wire are published without review."));
        assert_eq!(site.app.source(source.id).await.unwrap().mode, SourceMode::Publish);
        server.serve_feed("/feed.xml", &feed(&[("school", "School wins prize", "Pupils celebrate.")]));
        site.app.fetch_source(source.id).await.unwrap();
        assert!(site.app.review_queue().await.unwrap().is_empty(), "the next item was published at once");
    }

    async fn a_change_at_the_source_waits_with_its_word_diff(site: TestApp) {
        let editor = signed_in(&site, "Eddie Editor", Role::Editor).await;
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Review).await;
        site.app.fetch_source(source.id).await.unwrap();
        for item in site.app.review_queue().await.unwrap() {
            site.app.approve_source_item(item.item_id, &gazette_app::ReviewEdits::default(), false).await.unwrap();
        }
        site.app.clock().advance(3600);
        server.serve_feed("/feed.xml", &feed(&[
            ("budget", "Council passes the budget", "The council voted 8 to 1 after a recount."),
            ("bridge", "Bridge reopens", "Traffic flows again."),
        ]));
        site.app.fetch_source(source.id).await.unwrap();

        let page = site.get_with_cookie("/desk/sources/review/", &editor.0).await.html();
        assert_well_formed(&page);
        let item = one(&page, ".review-item");
        assert!(text(item).contains("changed at the source"));
        let changes = one(&page, ".review-changes");
        let removed: Vec<String> = select(&page, ".review-changes .diff-removed del").into_iter().map(text).collect();
        let added: Vec<String> = select(&page, ".review-changes .diff-added ins").into_iter().map(text).collect();
        assert!(text(changes).contains("What the source changed"));
        assert!(removed.iter().any(|words| words.contains('7')), "the changed words are marked: {removed:?}");
        assert!(added.iter().any(|words| words.contains("recount")), "{added:?}");

        let update = site.app.review_queue().await.unwrap().remove(0);
        let before = site.app.public_article_by_id(update.article_id).await.unwrap();
        assert!(!before.body_html.contains("recount"), "the change waits");
        let approved = desk_post(&site, &editor, &format!("/desk/sources/review/{}/approve", update.item_id), &[("title", &update.title), ("category", ""), ("excerpt", &update.excerpt)]).await;
        assert!(notice_after(&site, &editor, &approved).await.contains("The change from The Wire is written into"));
        let after = site.app.public_article_by_id(update.article_id).await.unwrap();
        assert!(after.body_html.contains("recount"));
    }

    async fn authors_and_contributors_are_refused(site: TestApp) {
        let server = FeedServer::start();
        server.serve_feed("/feed.xml", &two_items());
        let source = wire(&site, &server, SourceMode::Review).await;
        site.app.fetch_source(source.id).await.unwrap();
        let item = site.app.review_queue().await.unwrap()[0].item_id;
        for role in [Role::Author, Role::Contributor] {
            let session = signed_in(&site, &format!("{} Person", role.as_str()), role).await;
            for path in ["/desk/sources/".to_owned(), "/desk/sources/new".to_owned(), format!("/desk/sources/{}/edit", source.id), format!("/desk/sources/{}/remove", source.id), "/desk/sources/review/".to_owned()] {
                let response = site.get_with_cookie(&path, &session.0).await;
                assert_eq!(response.status, 403, "{role:?} GET {path}");
                assert!(response.body.contains("only administrators and editors can"), "the refusal says who may");
            }
            for path in [format!("/desk/sources/{}/pause", source.id), format!("/desk/sources/{}/remove", source.id), format!("/desk/sources/review/{item}/approve"), format!("/desk/sources/review/{item}/reject")] {
                assert_eq!(desk_post(&site, &session, &path, &[("title", "Forged")]).await.status, 403, "{role:?} POST {path}");
            }
            let desk = site.get_with_cookie("/desk/", &session.0).await.html();
            assert!(!select(&desk, ".desk-nav a").into_iter().any(|link| text(link) == "Sources"), "{role:?} is not shown the section");
            assert!(select(&desk, ".desk-sources-awaiting").is_empty());
        }
        assert_eq!(site.app.sources().await.unwrap().len(), 1);
        assert_eq!(site.app.review_queue().await.unwrap().len(), 2, "nothing changed");
    }
}

/// The syndication screens for the tour of pages, seen by an administrator: the list, the
/// form with mistakes, an edit form, the confirmation of a removal, and the review queue
/// with a new item and a change.
pub async fn pages(site: &TestApp, session: &(String, String)) -> Vec<TourPage> {
    let server = FeedServer::start();
    server.serve_feed("/feed.xml", &two_items());
    let source = wire(site, &server, SourceMode::Review).await;
    site.app.fetch_source(source.id).await.unwrap();
    let first = site.app.review_queue().await.unwrap().remove(0);
    site.app
        .approve_source_item(first.item_id, &gazette_app::ReviewEdits::default(), false)
        .await
        .unwrap();
    server.serve_feed(
        "/feed.xml",
        &feed(&[
            (
                "budget",
                "Council passes the budget",
                "A <b>recount</b> & more.",
            ),
            ("bridge", "Bridge reopens", "Traffic flows again."),
        ]),
    );
    site.app.fetch_source(source.id).await.unwrap();
    let refused = desk_post(
        site,
        session,
        "/desk/sources/new",
        &[
            ("name", ""),
            ("url", "x"),
            ("interval", "1m"),
            ("max_age", "0"),
        ],
    )
    .await;
    assert_eq!(refused.status, 422);
    let waiting = site.app.review_queue().await.unwrap();
    let approval_refused = desk_post(
        site,
        session,
        &format!("/desk/sources/review/{}/approve", waiting[0].item_id),
        &[("title", ""), ("category", ""), ("excerpt", "")],
    )
    .await;
    assert_eq!(approval_refused.status, 422);
    let get = async |path: String| site.get_with_cookie(&path, &session.0).await;
    vec![
        page(
            "desk-sources.html",
            "desk/sources.html",
            get("/desk/sources/".into()).await,
        ),
        page(
            "desk-source-new-errors.html",
            "desk/source_form.html",
            refused,
        ),
        page(
            "desk-source-edit.html",
            "desk/source_form.html",
            get(format!("/desk/sources/{}/edit", source.id)).await,
        ),
        page(
            "desk-source-remove.html",
            "desk/source_remove.html",
            get(format!("/desk/sources/{}/remove", source.id)).await,
        ),
        page(
            "desk-source-review.html",
            "desk/source_review.html",
            get("/desk/sources/review/".into()).await,
        ),
        page(
            "desk-source-review-errors.html",
            "desk/source_review.html",
            approval_refused,
        ),
    ]
}
