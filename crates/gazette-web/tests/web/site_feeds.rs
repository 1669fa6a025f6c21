//! The site's feeds of its newest articles (`/feed/`, `/feed/atom/`, `/feed/json/`) over
//! the real router: read back by a feed reader's parser (feed-rs; the rss and
//! atom_syndication crates for the `source` that feed-rs skips), with the same ids, links,
//! dates, titles, authors, categories and credits as the pages; ids that outlive slug and
//! permalink changes; only public articles; the two feed settings; conditional requests
//! and `HEAD`; hostile text; the W3C validator's points for RSS; autodiscovery.

use crate::desk_articles::{article_form, saved_article};
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, header};
use gazette_app::{BulkArticleAction, MediaUpload, NewUser, PublishOptions};
use gazette_domain::syndication::SourceInput;
use gazette_domain::{Actor, Article, ArticleDraft, Role, Timestamp, User};
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::{TestApp, TestResponse, app_tests};
use serde_json::Value;

/// The site's address in tests (the `site_url` setting's default).
const SITE: &str = "http://127.0.0.1:8080";

/// The three feeds of the site's articles.
const FEEDS: [&str; 3] = ["/feed/", "/feed/atom/", "/feed/json/"];

/// `GET path`, which must answer 200.
async fn fetched(site: &TestApp, path: &str) -> TestResponse {
    let response = site.get(path).await;
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    response
}

/// The feed at `path` as feed-rs reads it.
async fn read_feed(site: &TestApp, path: &str) -> feed_rs::model::Feed {
    let response = fetched(site, path).await;
    feed_rs::parser::parse(response.body.as_bytes())
        .unwrap_or_else(|error| panic!("{path} does not parse: {error}\n{}", response.body))
}

/// The entries' ids in the feed at `path`.
async fn ids_in(site: &TestApp, path: &str) -> Vec<String> {
    read_feed(site, path)
        .await
        .entries
        .into_iter()
        .map(|entry| entry.id)
        .collect()
}

/// The permanent id of `article`.
fn id_of(article: &Article) -> String {
    format!("{SITE}/?p={}", article.id)
}

/// What a feed entry must say of an article.
struct Expected {
    id: String,
    link: String,
    title: String,
    author: String,
    published: Timestamp,
    categories: Vec<&'static str>,
    /// The outlet's name, the original's address and the outlet's address in RSS (its feed,
    /// or the original).
    source: Option<(&'static str, &'static str, String)>,
    /// Who wrote the original, as the credit line names them.
    original_author: Option<&'static str>,
}

async fn editor(site: &TestApp) -> User {
    site.app
        .create_user(NewUser {
            display_name: "Ada Editor".into(),
            email: "ada@ledger.example".into(),
            role: Role::Editor,
            password: None,
        })
        .await
        .unwrap()
}

/// An item of another outlet's RSS feed, by two reporters, published the day before the
/// tests' clock.
const WIRE_FEED: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
    <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
    <title>The Wire</title><link>https://wire.example/</link><description>News</description>\
    <item><guid isPermaLink=\"false\">dredging</guid><title>Harbour dredging begins</title>\
    <link>https://wire.example/dredging</link><description>Boats wait outside.</description>\
    <dc:creator>Ines Ortega</dc:creator><dc:creator>Tom Reyes</dc:creator>\
    <category>Harbour</category><pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate></item>\
    </channel></rss>";

/// A site with an article of its own (author, categories, tags, featured image), one
/// republished by hand and one taken from a source's feed (credited to the item's authors,
/// having no author of its own), newest last; and what the feeds must say of each, newest
/// first.
async fn site_with_three_kinds_of_article(site: &TestApp, server: &FeedServer) -> Vec<Expected> {
    let ada = editor(site).await;
    let own = site
        .app
        .publish_article(
            &ArticleDraft {
                title: "Council passes the budget".into(),
                body_markdown: "The vote was 7 to 2.\n\nSchools get more.".into(),
                ..ArticleDraft::default()
            },
            PublishOptions {
                author_id: Some(ada.id),
                published_at: Some("2024-04-24T08:00:00Z".parse().unwrap()),
                categories: vec!["Council".into()],
                tags: vec!["Budget".into(), "Council".into()],
                ..PublishOptions::default()
            },
        )
        .await
        .unwrap();
    let image = site
        .app
        .upload_media(
            &Actor::from(&ada),
            MediaUpload {
                file_name: "chamber.jpg".into(),
                bytes: gazette_test_support::images::jpeg(640, 480),
            },
        )
        .await
        .unwrap();
    site.app
        .set_featured_image(&ada, own.id, Some(image.id))
        .await
        .unwrap();
    let republished = publish_republished(site).await;
    site.app.clock().advance(60);
    server.serve_feed("/feed.xml", WIRE_FEED);
    let source = site
        .app
        .add_source(&SourceInput {
            name: "The Wire".into(),
            feed_url: server.url("/feed.xml"),
            category: Some("Wire".into()),
            mode: Some("publish".into()),
            canonical_to_original: true,
            allow_private_addresses: true,
            ..SourceInput::default()
        })
        .await
        .unwrap();
    site.app.fetch_source(source.id).await.unwrap();
    let syndicated = site
        .app
        .public_article("harbour-dredging-begins")
        .await
        .unwrap();
    vec![
        Expected {
            id: id_of(&syndicated),
            link: format!("{SITE}{}", path_of(&syndicated)),
            title: "Harbour dredging begins".into(),
            author: "Ines Ortega and Tom Reyes".into(),
            published: "2024-04-24T10:01:00Z".parse().unwrap(),
            categories: vec!["Wire", "Harbour"],
            source: Some((
                "The Wire",
                "https://wire.example/dredging",
                server.url("/feed.xml"),
            )),
            original_author: Some("Ines Ortega and Tom Reyes"),
        },
        Expected {
            id: id_of(&republished),
            link: format!("{SITE}{}", path_of(&republished)),
            title: "Mussels return to the river".into(),
            author: "Gazette".into(),
            published: "2024-04-24T10:00:00Z".parse().unwrap(),
            categories: Vec::new(),
            source: Some((
                "Tri-Valley News Service",
                "https://trivalley.example/mussels",
                "https://trivalley.example/mussels".into(),
            )),
            original_author: None,
        },
        Expected {
            id: id_of(&own),
            link: format!("{SITE}{}", path_of(&own)),
            title: "Council passes the budget".into(),
            author: "Ada Editor".into(),
            published: "2024-04-24T08:00:00Z".parse().unwrap(),
            categories: vec!["Council", "Budget"],
            source: None,
            original_author: None,
        },
    ]
}

fn whole_seconds(instant: Timestamp) -> i64 {
    instant.as_microseconds().div_euclid(1_000_000)
}

/// Checks what feed-rs reads in any of the three formats against `expected`.
fn assert_entries(path: &str, feed: &feed_rs::model::Feed, expected: &[Expected]) {
    assert_eq!(feed.entries.len(), expected.len(), "{path}");
    for (entry, wanted) in feed.entries.iter().zip(expected) {
        assert_eq!(entry.id, wanted.id, "{path}");
        assert_eq!(entry.links[0].href, wanted.link, "{path}");
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            wanted.title,
            "{path}"
        );
        let authors: Vec<_> = entry
            .authors
            .iter()
            .map(|author| author.name.as_deref())
            .collect();
        assert_eq!(authors, [Some(wanted.author.as_str())], "{path}");
        assert_eq!(
            entry.published.unwrap().timestamp(),
            whole_seconds(wanted.published),
            "{path}"
        );
        let categories: Vec<&str> = entry
            .categories
            .iter()
            .map(|category| category.term.as_str())
            .collect();
        assert_eq!(categories, wanted.categories, "{path} {}", wanted.title);
        assert!(
            entry.summary.is_some(),
            "{path}: every article has its excerpt"
        );
        let content = entry
            .content
            .as_ref()
            .and_then(|content| content.body.clone())
            .unwrap();
        match &wanted.source {
            Some((name, original, _)) => {
                let byline = wanted
                    .original_author
                    .map(|author| format!("<span class=\"byline\">By {author}</span> · "))
                    .unwrap_or_default();
                assert!(
                    content.ends_with(&format!(
                        "<p class=\"credit\">{byline}Credit: <a href=\"{original}\">{name}</a></p>"
                    )),
                    "{path}: the credit closes the content: {content}"
                );
            }
            None => assert!(!content.contains("Credit:"), "{path}"),
        }
    }
}

app_tests! {
    async fn the_feeds_list_the_newest_articles_as_their_pages_show_them(site: TestApp) {
        let server = FeedServer::start();
        let expected = site_with_three_kinds_of_article(&site, &server).await;
        for path in FEEDS {
            let feed = read_feed(&site, path).await;
            assert_eq!(feed.title.as_ref().unwrap().content, "Gazette", "{path}");
            assert_entries(path, &feed, &expected);
        }

        let rss = rss::Channel::read_from(fetched(&site, "/feed/").await.body.as_bytes()).unwrap();
        for (item, wanted) in rss.items.iter().zip(&expected) {
            let source = item.source.as_ref().map(|source| (source.title.as_deref().unwrap(), source.url.as_str()));
            assert_eq!(source, wanted.source.as_ref().map(|(name, _, outlet)| (*name, outlet.as_str())));
            assert_eq!(item.dublin_core_ext.as_ref().unwrap().creators, std::slice::from_ref(&wanted.author));
        }
        let own = &rss.items[2];
        let enclosure = own.enclosure.as_ref().expect("the featured image as an enclosure");
        let image = site.app.media_library("", 1).await.unwrap().items.remove(0);
        assert_eq!(enclosure.url, format!("{SITE}{}", image.url));
        assert_eq!((enclosure.length.clone(), enclosure.mime_type.as_str()), (image.byte_size.to_string(), "image/jpeg"));

        let atom = atom_syndication::Feed::read_from(fetched(&site, "/feed/atom/").await.body.as_bytes()).unwrap();
        for (entry, wanted) in atom.entries.iter().zip(&expected) {
            let source = entry.source.as_ref().map(|source| (source.title.value.as_str(), source.id.as_str(), source.links[0].href.as_str()));
            assert_eq!(source, wanted.source.as_ref().map(|(name, original, outlet)| (*name, outlet.as_str(), *original)));
        }
        let enclosure = atom.entries[2].links.iter().find(|link| link.rel == "enclosure").unwrap();
        assert_eq!(enclosure.href, format!("{SITE}{}", image.url));
        assert_eq!(enclosure.length, Some(image.byte_size.to_string()));

        let json: Value = serde_json::from_str(&fetched(&site, "/feed/json/").await.body).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!((json["title"].as_str(), json["feed_url"].as_str()), (Some("Gazette"), Some(format!("{SITE}/feed/json/").as_str())));
        let items = json["items"].as_array().unwrap();
        for (item, wanted) in items.iter().zip(&expected) {
            assert_eq!(item["id"], wanted.id.as_str(), "every item has its id, a string");
            assert!(item["content_html"].is_string());
            match &wanted.source {
                Some((name, original, _)) => {
                    assert_eq!(item["external_url"], *original);
                    assert_eq!(item["_gazette"]["source"]["name"], *name);
                    assert_eq!(item["_gazette"]["source"]["url"], *original);
                }
                None => assert!(item.get("external_url").is_none() && item.get("_gazette").is_none()),
            }
        }
        assert_eq!(items[0]["_gazette"]["source"]["feed_url"], server.url("/feed.xml"));
        assert_eq!(items[0]["_gazette"]["source"]["date_published"], "2024-04-23T08:00:00+00:00");
        assert!(items[1]["_gazette"]["source"].get("feed_url").is_none(), "republished by hand, from no feed");
        assert_eq!(items[2]["image"], format!("{SITE}{}", image.url));
    }

    async fn an_article_keeps_its_id_when_its_slug_and_the_permalink_pattern_change(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let (location, id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Flood warning", "publish")).await);
        let permanent = format!("{SITE}/?p={id}");
        for path in FEEDS {
            let feed = read_feed(&site, path).await;
            assert_eq!(feed.entries[0].id, permanent, "{path}");
            assert_eq!(feed.entries[0].links[0].href, format!("{SITE}/2024/04/24/flood-warning/"), "{path}");
        }
        let rss = fetched(&site, "/feed/").await.body;
        assert!(rss.contains(&format!("<guid isPermaLink=\"false\">{permanent}</guid>")), "{rss}");

        let form = site.get_with_cookie(&location, &editor.0).await.html();
        let based_on = one(&form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut renamed = article_form("Flood warning lifted", "keep");
        renamed.retain(|(name, _)| *name != "slug" && *name != "body");
        renamed.push(("slug", "flood-warning-lifted"));
        renamed.push(("body", "The river fell overnight."));
        renamed.push(("based_on", &based_on));
        site.app.clock().advance(3600);
        saved_article(&desk_post(&site, &editor, &location, &renamed).await);
        for path in FEEDS {
            let feed = read_feed(&site, path).await;
            let entry = &feed.entries[0];
            assert_eq!(entry.id, permanent, "{path}: the id outlives the slug");
            assert_eq!(entry.links[0].href, format!("{SITE}/2024/04/24/flood-warning-lifted/"), "{path}");
            assert_eq!(entry.title.as_ref().unwrap().content, "Flood warning lifted", "{path}");
        }
        let atom = read_feed(&site, "/feed/atom/").await;
        assert_eq!(atom.entries[0].updated.unwrap().timestamp(), whole_seconds("2024-04-24T11:00:00Z".parse().unwrap()), "the edit is the entry's last change");
        assert_eq!(atom.entries[0].published.unwrap().timestamp(), whole_seconds("2024-04-24T10:00:00Z".parse().unwrap()));

        site.app.change_setting("permalink_pattern", "/%post_id%/%postname%/").await.unwrap();
        for path in FEEDS {
            let feed = read_feed(&site, path).await;
            assert_eq!(feed.entries[0].id, permanent, "{path}: the id outlives the pattern");
            assert_eq!(feed.entries[0].links[0].href, format!("{SITE}/{id}/flood-warning-lifted/"), "{path}");
        }
        let moved = site.get(&format!("/?p={id}")).await;
        assert_eq!(moved.status, 301);
        assert_eq!(moved.header("location"), Some(format!("/{id}/flood-warning-lifted/").as_str()), "the id leads to the article");
    }

    async fn only_public_articles_are_listed(site: TestApp) {
        let visible = publish(&site, "Visible").await;
        publish_draft(&site, ArticleDraft { title: "Still a draft".into(), body_markdown: "Not yet.".into(), draft: true, ..ArticleDraft::default() }).await;
        let scheduled = site.app.publish_article(
            &ArticleDraft { title: "Tomorrow's news".into(), body_markdown: "Soon.".into(), ..ArticleDraft::default() },
            PublishOptions { published_at: Some("2024-04-25T06:00:00Z".parse().unwrap()), ..PublishOptions::default() },
        ).await.unwrap();
        let trashed = publish(&site, "Thrown away").await;
        let admin = signed_in_user(&site, "Ada Admin", Role::Administrator).await.1;
        site.app.change_articles(&admin, BulkArticleAction::Trash, &[trashed.id]).await.unwrap();
        let contributor = signed_in(&site, "Cole Contributor", Role::Contributor).await;
        saved_article(&desk_post(&site, &contributor, "/desk/articles/new", &article_form("Waiting for review", "review")).await);
        for path in FEEDS {
            assert_eq!(ids_in(&site, path).await, [id_of(&visible)], "{path}");
        }

        site.app.clock().advance(24 * 3600);
        site.app.run_due_jobs().await.unwrap();
        for path in FEEDS {
            assert_eq!(ids_in(&site, path).await, [id_of(&scheduled), id_of(&visible)], "{path}: published in its time");
        }
    }

    async fn the_feed_settings_choose_how_many_articles_and_how_much_of_each(site: TestApp) {
        let mut articles = Vec::new();
        for title in ["First", "Second", "Third"] {
            articles.push(publish(&site, title).await);
            site.app.clock().advance(60);
        }
        for path in FEEDS {
            assert_eq!(ids_in(&site, path).await.len(), 3, "{path}: ten by default");
        }
        site.app.change_setting("feed_items", "2").await.unwrap();
        for path in FEEDS {
            assert_eq!(ids_in(&site, path).await, [id_of(&articles[2]), id_of(&articles[1])], "{path}: the newest two");
        }

        site.app.change_setting("feed_full_text", "false").await.unwrap();
        let excerpt = articles[2].excerpt.clone();
        let rss = fetched(&site, "/feed/").await.body;
        assert!(!rss.contains("content:encoded>"), "{rss}");
        let atom = fetched(&site, "/feed/atom/").await.body;
        assert!(!atom.contains("<content"), "{atom}");
        for path in ["/feed/", "/feed/atom/"] {
            let feed = read_feed(&site, path).await;
            assert_eq!(feed.entries[0].summary.as_ref().unwrap().content, excerpt, "{path}");
            assert!(feed.entries[0].content.is_none(), "{path}");
        }
        let json: Value = serde_json::from_str(&fetched(&site, "/feed/json/").await.body).unwrap();
        assert!(json["items"][0].get("content_html").is_none());
        assert_eq!(json["items"][0]["content_text"], excerpt.as_str());

        site.app.change_setting("feed_full_text", "true").await.unwrap();
        let feed = read_feed(&site, "/feed/").await;
        assert!(feed.entries[0].content.as_ref().unwrap().body.as_deref().unwrap().contains("<p>The body of Third.</p>"));
    }

    async fn the_feed_settings_are_on_the_reading_tab(site: TestApp) {
        let admin = signed_in(&site, "Ada Admin", Role::Administrator).await;
        let reading = site.get_with_cookie("/desk/settings/reading/", &admin.0).await.html();
        assert_eq!(one(&reading, "#feed_items").value().attr("value"), Some("10"));
        let options: Vec<String> = select(&reading, "#feed_full_text option").into_iter().map(text).collect();
        assert_eq!(options, ["Full text", "Excerpt"]);
        assert!(one(&reading, "#feed_full_text option[value=true]").value().attr("selected").is_some());

        let fields = [("posts_per_page", "10"), ("feed_items", "0"), ("feed_full_text", "false"), ("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/")];
        let refused = desk_post(&site, &admin, "/desk/settings/reading/", &fields).await;
        assert_eq!(refused.status, 422);
        let html = refused.html();
        assert!(text(one(&html, "#feed_items-error")).contains("from 1 to 100"));
        assert_eq!(one(&html, "#feed_items").value().attr("value"), Some("0"), "what was typed is kept");
        assert!(one(&html, "#feed_full_text option[value=false]").value().attr("selected").is_some());

        let fields = [("posts_per_page", "10"), ("feed_items", "25"), ("feed_full_text", "false"), ("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/")];
        assert_eq!(desk_post(&site, &admin, "/desk/settings/reading/", &fields).await.status, 303);
        let settings = site.app.site_settings().await.unwrap();
        assert_eq!((settings.feed_items, settings.feed_full_text), (25, false));
    }

    async fn readers_revalidate_with_either_validator_and_head_works(site: TestApp) {
        publish(&site, "Early").await;
        site.app.clock().advance(3600);
        publish(&site, "Late").await;
        site.app.clock().advance(60);
        let content_types = ["application/rss+xml; charset=utf-8", "application/atom+xml; charset=utf-8", "application/feed+json; charset=utf-8"];
        let mut tags = Vec::new();
        for (path, content_type) in FEEDS.into_iter().zip(content_types) {
            let first = fetched(&site, path).await;
            assert_eq!(first.header("content-type"), Some(content_type));
            assert_eq!(first.header("cache-control"), Some("public, max-age=300"), "five minutes, then asked again, as the comment feeds");
            assert_eq!(first.header("last-modified"), Some("Wed, 24 Apr 2024 11:00:00 GMT"), "{path}: the newest change");
            let etag = first.header("etag").unwrap().to_owned();

            let matching = conditional(&site, path, header::IF_NONE_MATCH, &etag).await;
            assert_eq!((matching.status.as_u16(), matching.body.as_str()), (304, ""), "{path}");
            assert_eq!(matching.header("etag"), Some(etag.as_str()));
            let unmodified = conditional(&site, path, header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 11:00:00 GMT").await;
            assert_eq!(unmodified.status, 304, "{path}");
            let older = conditional(&site, path, header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 10:59:59 GMT").await;
            assert_eq!(older.status, 200, "{path}");
            let other_tag = site.send(
                Request::get(path)
                    .header(header::IF_NONE_MATCH, "\"something-else\"")
                    .header(header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 11:00:00 GMT")
                    .body(Body::empty())
                    .unwrap(),
            ).await;
            assert_eq!(other_tag.status, 200, "{path}: an entity tag that does not match wins over the date");

            let head = site.send(Request::head(path).body(Body::empty()).unwrap()).await;
            assert_eq!(head.status, 200, "{path}");
            assert!(head.body.is_empty(), "{path}");
            assert_eq!(head.header("etag"), Some(etag.as_str()));
            assert_eq!(head.header("content-type"), Some(content_type));
            tags.push(etag);
        }

        site.app.clock().advance(60);
        publish(&site, "Later still").await;
        for (path, etag) in FEEDS.into_iter().zip(&tags) {
            assert_eq!(conditional(&site, path, header::IF_NONE_MATCH, etag).await.status, 200, "{path}: a new article is sent in full");
            assert_eq!(conditional(&site, path, header::IF_MODIFIED_SINCE, "Wed, 24 Apr 2024 11:00:00 GMT").await.status, 200, "{path}");
        }
    }

    async fn hostile_titles_and_bodies_stay_text_in_well_formed_feeds(site: TestApp) {
        let hostile = publish_draft(&site, ArticleDraft {
            title: "</script><script>alert(1)</script> & ]]> “quoted” <b>bold</b>".into(),
            body_markdown: "Text with <script>alert(2)</script> and ]]> and <b onclick=\"x()\">bold</b> & <!-- a comment -->\n\n<iframe src=\"https://evil.example\"></iframe>".into(),
            source_name: Some("Evil <Outlet> & \"Co\"".into()),
            source_url: Some("https://evil.example/story?a=1&b=\"2\"".into()),
            source_author: Some("<script>alert(3)</script> & \"Son\"".into()),
            ..ArticleDraft::default()
        }).await;
        let rss = fetched(&site, "/feed/").await.body;
        let atom = fetched(&site, "/feed/atom/").await.body;
        for (path, xml) in [("/feed/", &rss), ("/feed/atom/", &atom)] {
            for forbidden in ["<script", "<iframe", "onclick", "<b>bold</b></title>"] {
                assert!(!xml.contains(forbidden), "{path} holds {forbidden}: {xml}");
            }
        }
        assert!(rss.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; “quoted” &lt;b&gt;bold&lt;/b&gt;</title>"), "{rss}");
        let channel = rss::Channel::read_from(rss.as_bytes()).expect("the RSS is well formed");
        assert_eq!(channel.items[0].title.as_deref(), Some(hostile.title.as_str()));
        assert_eq!(channel.items[0].source.as_ref().unwrap().title.as_deref(), Some("Evil <Outlet> & \"Co\""));
        let atom_feed = atom_syndication::Feed::read_from(atom.as_bytes()).expect("the Atom is well formed");
        assert_eq!(atom_feed.entries[0].title.value, hostile.title);
        for path in FEEDS {
            let feed = read_feed(&site, path).await;
            let entry = &feed.entries[0];
            assert_eq!(entry.title.as_ref().unwrap().content, hostile.title, "{path}");
            let content = entry.content.as_ref().and_then(|content| content.body.clone()).unwrap();
            assert_eq!(content, format!("{}\n{}", hostile.body_html, gazette_render::credit::credit_line("Evil <Outlet> & \"Co\"", &hostile.source.as_ref().unwrap().url, Some("<script>alert(3)</script> & \"Son\""))), "{path}");
            let authors: Vec<_> = entry.authors.iter().map(|author| author.name.as_deref()).collect();
            assert_eq!(authors, [Some("<script>alert(3)</script> & \"Son\"")], "{path}: the original's author, as text");
            assert!(content.contains("Evil &lt;Outlet&gt; &amp; &quot;Co&quot;</a>"), "{path}: {content}");
        }
    }

    async fn the_rss_passes_the_w3c_validators_checks(site: TestApp) {
        let server = FeedServer::start();
        site_with_three_kinds_of_article(&site, &server).await;
        let rss = fetched(&site, "/feed/").await.body;
        assert!(rss.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "{rss}");
        let channel = rss::Channel::read_from(rss.as_bytes()).unwrap();
        assert!(rss.contains("<rss version=\"2.0\""));
        assert!(!channel.title.is_empty() && !channel.description.is_empty());
        assert_absolute(&channel.link);
        let own = channel.atom_ext.as_ref().unwrap().links.iter().find(|link| link.rel == "self").unwrap();
        assert_eq!(own.href, format!("{SITE}/feed/"), "atom:link rel=self names the feed's own address");
        assert_eq!(own.mime_type.as_deref(), Some("application/rss+xml"));
        assert_rfc_822(channel.last_build_date.as_deref().unwrap());
        let mut guids = Vec::new();
        for item in &channel.items {
            assert!(item.title.is_some());
            assert_absolute(item.link.as_deref().unwrap());
            let guid = item.guid.as_ref().unwrap();
            assert!(!guid.permalink, "the guid is an id, not the link");
            assert_absolute(&guid.value);
            guids.push(guid.value.clone());
            assert_rfc_822(item.pub_date.as_deref().unwrap());
            if let Some(enclosure) = &item.enclosure {
                assert_absolute(&enclosure.url);
                assert!(enclosure.length.parse::<u64>().unwrap() > 0);
                assert!(enclosure.mime_type.starts_with("image/"));
            }
            if let Some(source) = &item.source {
                assert_absolute(&source.url);
            }
        }
        guids.sort();
        guids.dedup();
        assert_eq!(guids.len(), channel.items.len(), "each guid is unique");
    }

    async fn every_public_page_names_the_site_feeds(site: TestApp) {
        let article = publish(&site, "Feeds everywhere").await;
        for path in ["/".to_owned(), path_of(&article), "/no-such-page/".to_owned()] {
            let html = site.get(&path).await.html();
            for (kind, href) in [("application/rss+xml", "/feed/"), ("application/atom+xml", "/feed/atom/"), ("application/feed+json", "/feed/json/"), ("application/rss+xml", "/comments/feed/")] {
                assert_eq!(select(&html, &format!("head link[rel=alternate][type='{kind}'][href='{href}']")).len(), 1, "{path}: {href}");
            }
        }
        for path in ["/feed", "/feed/atom", "/feed/json"] {
            let moved = site.get(path).await;
            assert_eq!((moved.status.as_u16(), moved.header("location")), (301, Some(format!("{path}/").as_str())));
        }
        let named_feed = publish(&site, "Feed").await;
        assert_eq!(named_feed.slug.as_str(), "feed-2", "the feeds' address is the site's own");
    }
}

/// `GET path` with one conditional header.
async fn conditional(
    site: &TestApp,
    path: &str,
    name: header::HeaderName,
    value: &str,
) -> TestResponse {
    site.send(
        Request::get(path)
            .header(name, value)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// Fails unless `address` is an absolute http(s) URL, as the validator wants every link.
fn assert_absolute(address: &str) {
    let parsed = url::Url::parse(address)
        .unwrap_or_else(|error| panic!("`{address}` is not absolute: {error}"));
    assert!(matches!(parsed.scheme(), "http" | "https"), "{address}");
}

/// Fails unless `date` is an RFC 822 date as the validator wants it: a four-digit year and
/// a numeric zone.
fn assert_rfc_822(date: &str) {
    chrono::DateTime::parse_from_rfc2822(date).unwrap_or_else(|error| panic!("`{date}`: {error}"));
    let parts: Vec<&str> = date.split(' ').collect();
    assert_eq!(parts.len(), 6, "{date}");
    assert_eq!(parts[3].len(), 4, "a four-digit year: {date}");
    assert_eq!(parts[5], "+0000", "{date}");
}
