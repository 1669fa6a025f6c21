//! The site in a real browser: headless Chromium, driven through WebDriver, uses the real
//! `gazette serve` as people do — the first administrator's setup, a story written with its
//! image, scheduled and published by the job runner, a reader's comment and its moderation,
//! signing out and in with the keyboard alone, replies, a search from the site's header, the
//! theme on screens from a phone's to a desktop's and on paper — while every page keeps to
//! its Content Security Policy with no script errors.
//!
//! Each test has its own site (data folder, database) and its own browser profile. Without
//! Chromium and chromedriver installed the tests say they were skipped, unless
//! `GAZETTE_REQUIRE_BROWSER=1`.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_test_support::browser::{Browser, ConsoleEntry, Key};
use gazette_test_support::{ServedSite, TestDatabase, images};
use serde_json::Value;

const ADMINISTRATOR: &str = "Ada Admin";
const ADMINISTRATOR_EMAIL: &str = "ada@ledger.example";
const PASSWORD: &str = "correct horse battery";

/// Defines, for each `async fn name(site: ServedSite) { … }` given, the function and a
/// module `name` with two tests, `sqlite` and `postgres`, that run it against `gazette
/// serve` over a new database of each backend. The PostgreSQL test says that it was
/// skipped when `GAZETTE_TEST_DATABASE_URL` is not set.
macro_rules! served_tests {
    ($(async fn $name:ident($site:ident : ServedSite) $body:block)*) => {
        $(
            async fn $name($site: ServedSite) $body

            mod $name {
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(ServedSite::start(env!("CARGO_BIN_EXE_gazette"))).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(database) = TestDatabase::postgres().await else { return };
                    super::$name(ServedSite::start_on(env!("CARGO_BIN_EXE_gazette"), database))
                        .await;
                }
            }
        )*
    };
}

/// Opens the setup link and creates the first administrator; the browser ends on the
/// desk, signed in.
async fn set_up_administrator(browser: &Browser, site: &ServedSite) {
    browser.visit(site.setup_url()).await;
    browser.fill("Name", ADMINISTRATOR).await;
    browser.fill("Email", ADMINISTRATOR_EMAIL).await;
    browser
        .fill("Password (at least 10 characters)", PASSWORD)
        .await;
    browser.click_button("Create the administrator").await;
    browser.wait_for_path("/desk/").await;
}

/// Fails when the browser reported Content Security Policy violations or script errors
/// since the last look, naming the pages.
async fn assert_quiet_console(browser: &Browser, pages: &str) {
    let errors = browser.take_page_errors().await;
    assert!(
        errors.is_empty(),
        "the browser reported errors on {pages}:\n{}",
        describe(&errors)
    );
}

fn describe(entries: &[ConsoleEntry]) -> String {
    entries
        .iter()
        .map(|entry| format!("  [{} {}] {}", entry.level, entry.source, entry.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Adds a published article through the command line and returns its path.
fn add_article(site: &ServedSite, title: &str, body: &str) -> String {
    let body_file = site.data_dir().join("article.md");
    std::fs::write(&body_file, body).unwrap();
    let address = site.gazette(&[
        "article",
        "add",
        "--title",
        title,
        "--body-file",
        body_file.to_str().unwrap(),
    ]);
    let address = address.trim();
    let after_scheme = &address[address.find("://").unwrap() + 3..];
    after_scheme[after_scheme.find('/').unwrap()..].to_owned()
}

/// The comment `id` as `gazette comments list --json` shows it, among those with `status`.
fn listed_comment(site: &ServedSite, status: &str, id: i64) -> Option<Value> {
    let listed: Value =
        serde_json::from_str(&site.gazette(&["comments", "list", "--status", status, "--json"]))
            .unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .find(|comment| comment["id"] == id)
        .cloned()
}

/// Writes an article with a featured image uploaded from the editor, and schedules it a
/// few seconds ahead.
async fn write_and_schedule(browser: &Browser, site: &ServedSite, title: &str) {
    // Write a draft.
    browser.click(".desk-nav a[href='/desk/articles/']").await;
    browser.wait_for_path("/desk/articles/").await;
    browser.click_link("New article").await;
    browser.wait_for_path("/desk/articles/new").await;
    browser.fill("Title", title).await;
    browser
        .fill(
            "Body",
            "The harbour wall *reopened* on Friday.\n\nFishing boats were back by noon.",
        )
        .await;
    browser.click_button("Save draft").await;
    let editor = browser
        .wait_for("the saved draft's editor", async || {
            let path = browser.current_path().await;
            path.ends_with("/edit").then_some(path)
        })
        .await;
    assert_eq!(browser.text(".page-actions .badge").await, "Draft");

    // Upload its featured image straight from the editor.
    browser.click_link("Upload an image").await;
    let article_id = editor
        .trim_start_matches("/desk/articles/")
        .trim_end_matches("/edit");
    browser
        .wait_for_path(&format!("/desk/media/upload?choose_for={article_id}"))
        .await;
    let photo = site.data_dir().join("harbour-wall.jpg");
    std::fs::write(&photo, images::jpeg(1600, 1000)).unwrap();
    browser
        .field("Image files")
        .await
        .send_keys(photo.to_str().unwrap())
        .await
        .unwrap();
    browser.click_button("Upload").await;
    browser.wait_for_path(&editor).await;
    browser
        .fill("Alt text", "Waves breaking on the repaired harbour wall")
        .await;
    browser.fill("Caption", "The wall on Friday morning.").await;

    // Schedule it a few seconds ahead, in the site's time zone (UTC).
    browser
        .client()
        .execute(
            "const at = new Date(Date.now() + 10000).toISOString().slice(0, 19);\
             document.getElementById('publish_at').value = at;",
            Vec::new(),
        )
        .await
        .unwrap();
    browser.click_button("Publish").await;
    browser
        .wait_until("the editor to show the article scheduled", async || {
            browser.text(".page-actions .badge").await == "Scheduled"
        })
        .await;
    assert_quiet_console(browser, "the editor and the upload page").await;
}

/// Waits for the job runner to publish `title` (no page view is needed: the home page is
/// only looked at), checks its page and returns its path.
async fn wait_for_publication(browser: &Browser, title: &str) -> String {
    // The job runner publishes it on time, with no page view needed.
    browser
        .wait_until("the article to reach the home page", async || {
            browser.visit("/").await;
            browser
                .texts("article h2 a")
                .await
                .iter()
                .any(|headline| headline == title)
        })
        .await;
    browser.click_link(title).await;
    let article_path = browser
        .wait_for("the article's page", async || {
            let path = browser.current_path().await;
            (path != "/").then_some(path)
        })
        .await;
    browser.visit(&article_path).await;
    assert_eq!(browser.text("h1.entry-title").await, title);
    assert_eq!(
        browser.attribute("figure img", "alt").await.as_deref(),
        Some("Waves breaking on the repaired harbour wall")
    );
    browser
        .wait_until("the thumbnails to be offered in srcset", async || {
            browser.visit(&article_path).await;
            browser
                .attribute("figure img", "srcset")
                .await
                .is_some_and(|srcset| {
                    srcset
                        .split(',')
                        .filter(|each| each.trim_end().ends_with('w'))
                        .count()
                        >= 3
                })
        })
        .await;
    assert_eq!(
        browser.text("figure figcaption").await,
        "The wall on Friday morning."
    );
    article_path
}

/// Signs out, comments on `article_path` as a reader and returns the comment's id, after
/// checking that other readers do not see it yet.
async fn comment_as_reader(browser: &Browser, article_path: &str, title: &str) -> String {
    // A reader comments; a first comment waits for moderation.
    browser.visit("/desk/").await;
    browser.click_button("Sign out").await;
    browser.wait_for_path("/login").await;
    browser.visit(article_path).await;
    browser.fill("Comment", "Good to see the boats back.").await;
    browser.fill("Name", "Riley Reader").await;
    browser.fill("Email", "riley@example.org").await;
    browser.click_button("Post Comment").await;
    assert_eq!(
        browser.text(".comment-awaiting-moderation").await,
        "Your comment is awaiting moderation."
    );
    let fragment = browser
        .current_url()
        .await
        .fragment()
        .unwrap_or_default()
        .to_owned();
    let comment_id = fragment.strip_prefix("comment-").unwrap().to_owned();
    // Another reader (a browser without this one's cookies) does not see it.
    browser.client().delete_all_cookies().await.unwrap();
    browser.visit(article_path).await;
    assert_eq!(
        browser.text("#comments-title").await,
        format!("0 comments on “{title}”")
    );
    assert!(
        browser
            .all(&format!("#comment-{comment_id}"))
            .await
            .is_empty(),
        "other readers do not see a held comment"
    );
    comment_id
}

served_tests! {
    async fn a_story_goes_from_the_desk_to_readers_and_their_comment_back(site: ServedSite) {
        let Some(browser) = Browser::start(site.base_url()).await else { return };
        site.gazette(&["settings", "set", "comment_time_trap_seconds", "0"]);
        site.gazette(&["settings", "set", "comment_flood_seconds", "0"]);
        set_up_administrator(&browser, &site).await;

        let title = "Harbour wall reopens after the storm";
        write_and_schedule(&browser, &site, title).await;
        let article_path = wait_for_publication(&browser, title).await;
        let comment_id = comment_as_reader(&browser, &article_path, title).await;

        // The administrator signs in and approves it from the moderation screen.
        browser.visit("/login").await;
        browser.fill("Email", ADMINISTRATOR_EMAIL).await;
        browser.fill("Password", PASSWORD).await;
        browser.click_button("Sign in").await;
        browser.wait_for_path("/desk/").await;
        browser.click(".desk-nav a[href='/desk/comments/']").await;
        browser.wait_for_path("/desk/comments/").await;
        let row = format!("#comment-row-{comment_id}");
        assert!(browser.text(&row).await.contains("Good to see the boats back."));
        browser.click(&format!("{row} button[value='approve:{comment_id}']")).await;
        browser
            .wait_until("the comment to be marked approved", async || {
                !browser.all(&format!("{row}.status-approved")).await.is_empty()
            })
            .await;
        assert_quiet_console(&browser, "the moderation screen").await;

        browser.visit(&article_path).await;
        assert_eq!(
            browser.text(&format!("#comment-{comment_id} .comment-content")).await,
            "Good to see the boats back."
        );
        assert_eq!(browser.text("#comments-title").await, format!("1 comment on “{title}”"));
    }

    async fn the_setup_link_makes_the_first_administrator_once(site: ServedSite) {
        let Some(browser) = Browser::start(site.base_url()).await else { return };
        browser.visit(site.setup_url()).await;
        assert_eq!(browser.text("h1").await, "Create the first administrator");

        browser.fill("Name", ADMINISTRATOR).await;
        browser.fill("Email", ADMINISTRATOR_EMAIL).await;
        browser.fill("Password (at least 10 characters)", "too short").await;
        browser.click_button("Create the administrator").await;
        let error = browser.text("#password-error").await;
        assert!(error.contains("at least 10"), "the mistake is explained next to its field: {error}");
        assert_eq!(
            browser.attribute("#password", "aria-describedby").await.as_deref(),
            Some("password-error")
        );
        assert_eq!(browser.field_value("Name").await, ADMINISTRATOR, "what was typed is kept");
        assert_eq!(browser.field_value("Email").await, ADMINISTRATOR_EMAIL);

        browser.fill("Password (at least 10 characters)", PASSWORD).await;
        browser.click_button("Create the administrator").await;
        browser.wait_for_path("/desk/").await;
        let signed_in = browser.text(".desk-user").await;
        assert!(
            signed_in.contains(ADMINISTRATOR) && signed_in.contains("administrator"),
            "the new administrator lands on the desk, signed in: {signed_in}"
        );
        assert_quiet_console(&browser, "the setup pages and the desk").await;

        browser.visit(site.setup_url()).await;
        let refused = browser.text(".error-page").await;
        assert!(
            refused.contains("expired or was already used"),
            "the setup link works once: {refused}"
        );
        assert!(
            site.gazette(&["user", "list"]).contains(ADMINISTRATOR_EMAIL),
            "the administrator is stored"
        );
    }

    async fn a_reader_comments_replies_and_is_remembered(site: ServedSite) {
        let Some(browser) = Browser::start(site.base_url()).await else { return };
        // People take longer than a test to write; the time trap and the flood check would
        // take the test for a machine.
        site.gazette(&["settings", "set", "comment_time_trap_seconds", "0"]);
        site.gazette(&["settings", "set", "comment_flood_seconds", "0"]);
        let title = "Council passes the budget";
        let path = add_article(&site, title, "The council *passed* the budget on Tuesday.");

        browser.visit(&path).await;
        assert_eq!(browser.text("h1.entry-title").await, title);
        assert_eq!(browser.text("#comments-title").await, format!("0 comments on “{title}”"));
        browser.fill("Comment", "Finally, a budget that fixes the roads.").await;
        browser.fill("Name", "Riley Reader").await;
        browser.fill("Email", "riley@example.org").await;
        browser.fill("Website", "https://riley.example.org/").await;
        browser
            .tick("Save my name, email, and website in this browser for the next time I comment.")
            .await;
        browser.click_button("Post Comment").await;

        let awaiting = browser.text(".comment-awaiting-moderation").await;
        assert_eq!(awaiting, "Your comment is awaiting moderation.", "a first comment is held");
        let fragment = browser.current_url().await.fragment().unwrap_or_default().to_owned();
        let id: i64 = fragment
            .strip_prefix("comment-")
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("the answer leads to the new comment, not #{fragment}"));
        let held = listed_comment(&site, "pending", id).expect("the comment waits for moderation");
        assert_eq!(held["rule"], "first_time_commenter", "{held}");
        assert_quiet_console(&browser, "the article page and its comment form").await;

        assert!(site.gazette(&["comments", "approve", &id.to_string()]).starts_with("Approved 1 comment"));
        browser.visit(&path).await;
        let comment = format!("#comment-{id}");
        browser
            .wait_until("the approved comment to show without its moderation note", async || {
                browser.all(&format!("{comment} .comment-awaiting-moderation")).await.is_empty()
            })
            .await;
        assert_eq!(browser.text(&format!("{comment} .comment-author")).await, "Riley Reader");
        assert_eq!(browser.text("#comments-title").await, format!("1 comment on “{title}”"));

        // The next visit finds the form filled in from "Save my name…".
        assert_eq!(browser.field_value("Name").await, "Riley Reader");
        assert_eq!(browser.field_value("Email").await, "riley@example.org");
        assert_eq!(browser.field_value("Website").await, "https://riley.example.org/");
        assert!(browser.is_ticked("wp-comment-cookies-consent").await);
        assert_eq!(browser.field_value("Comment").await, "");

        browser.click_link("Reply").await;
        browser.wait_for_path(&format!("{path}?replytocom={id}")).await;
        assert!(
            browser.text("#reply-title").await.starts_with("Leave a Reply to Riley Reader"),
            "the form says whom it answers"
        );
        browser.fill("Comment", "And the bridge is next, they say.").await;
        browser.click_button("Post Comment").await;
        let reply = browser.text(&format!("{comment} .children .comment-content")).await;
        assert_eq!(
            reply, "And the bridge is next, they say.",
            "a commenter with an approved comment is published at once, under the comment answered"
        );
        assert_eq!(browser.text("#comments-title").await, format!("2 comments on “{title}”"));
        assert_eq!(
            browser.texts(".comment-content").await,
            ["Finally, a budget that fixes the roads.", "And the bridge is next, they say."]
        );
        assert_quiet_console(&browser, "the article page after the reply").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_sign_out_and_in_with_the_keyboard_alone() {
    let site = ServedSite::start(env!("CARGO_BIN_EXE_gazette"));
    let Some(browser) = Browser::start(site.base_url()).await else {
        return;
    };
    set_up_administrator(&browser, &site).await;
    browser.click_button("Sign out").await;
    browser.wait_for_path("/login").await;

    browser.tab_to("#email").await;
    assert!(
        browser.focus_is_visible().await,
        "the focused field is outlined"
    );
    browser.type_text(ADMINISTRATOR_EMAIL).await;
    browser.press(Key::Tab).await;
    assert!(
        browser.focus_matches("#password").await,
        "Tab moves on to the password"
    );
    browser.type_text("not the password").await;
    browser.press(Key::Enter).await;
    let notice = browser.text(".form-notice").await;
    assert!(
        notice.contains("email address or the password is not right"),
        "a wrong password is refused with a sentence: {notice}"
    );
    assert_eq!(browser.current_path().await, "/login");
    assert_eq!(
        browser.field_value("Email").await,
        ADMINISTRATOR_EMAIL,
        "the email is kept"
    );
    assert_eq!(browser.field_value("Password").await, "");

    browser.tab_to("#password").await;
    browser.type_text(PASSWORD).await;
    browser.press(Key::Enter).await;
    browser.wait_for_path("/desk/").await;
    assert!(browser.text(".desk-user").await.contains(ADMINISTRATOR));
    assert_quiet_console(&browser, "the sign-in pages and the desk").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_keep_to_a_strict_content_security_policy() {
    let site = ServedSite::start(env!("CARGO_BIN_EXE_gazette"));
    let Some(browser) = Browser::start(site.base_url()).await else {
        return;
    };
    site.gazette(&["demo"]);

    // Silence means something only if the browser would speak: an inline style and an
    // uncaught error are both reported.
    browser.visit("/").await;
    browser
        .client()
        .execute(
            "const style = document.createElement('style');\
             style.textContent = 'body { color: red; }';\
             document.head.append(style);\
             setTimeout(() => { throw new Error('a deliberate error'); });",
            Vec::new(),
        )
        .await
        .unwrap();
    let mut reported = Vec::new();
    browser
        .wait_until(
            "the deliberate violation and error to be reported",
            async || {
                reported.extend(browser.take_page_errors().await);
                reported.len() >= 2
            },
        )
        .await;
    assert!(
        reported
            .iter()
            .any(|entry| entry.source == "security"
                && entry.message.contains("Content Security Policy")),
        "an inline style is blocked and reported:\n{}",
        describe(&reported)
    );
    assert!(
        reported
            .iter()
            .any(|entry| entry.source == "javascript"
                && entry.message.contains("a deliberate error")),
        "an uncaught error is reported:\n{}",
        describe(&reported)
    );

    browser.visit("/").await;
    assert_strict_policy(&browser, "the home page").await;
    browser.click("article h2 a").await;
    let article = browser.current_path().await;
    assert_ne!(article, "/", "the first headline leads to its article");
    assert_strict_policy(&browser, &format!("the article {article}")).await;
    browser.click(".comment-reply-link").await;
    assert_strict_policy(&browser, "the reply form").await;
    browser.visit(site.setup_url()).await;
    assert_strict_policy(&browser, "the setup page").await;
    set_up_administrator(&browser, &site).await;
    assert_strict_policy(&browser, "the desk").await;
    browser.click_button("Sign out").await;
    browser.wait_for_path("/login").await;
    assert_strict_policy(&browser, "the sign-in page").await;
}

/// A reader searches from the header of the home page with the keyboard, finds the story
/// with the words marked, and a search made only of search syntax, from the results
/// page's own form, finds nothing without failing; every page keeps to the strict policy.
#[tokio::test]
async fn a_reader_searches_from_the_header() {
    let site = ServedSite::start(env!("CARGO_BIN_EXE_gazette"));
    let Some(browser) = Browser::start(site.base_url()).await else {
        return;
    };
    site.gazette(&["demo"]);

    browser.visit("/").await;
    browser.fill("Search the site", "mussels river").await;
    browser.press(Key::Enter).await;
    assert_eq!(
        browser.text("h1.page-title").await,
        "Search results for “mussels river”"
    );
    assert_eq!(browser.current_url().await.query(), Some("s=mussels+river"));
    let titles = browser.texts(".search-result .entry-title").await;
    assert_eq!(
        titles.first().map(String::as_str),
        Some("Mussel survey finds signs of recovery in the Sallow River"),
        "{titles:?}"
    );
    let marked = browser.texts(".search-result:first-child mark").await;
    assert!(
        marked.iter().any(|word| word == "Mussel") && marked.iter().any(|word| word == "River"),
        "{marked:?}"
    );
    assert_eq!(browser.field_value("Search for").await, "mussels river");
    assert_strict_policy(&browser, "the search page").await;

    browser.fill("Search for", "\"( * - ^ )").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until("the second search's page", async || {
            browser.text("h1.page-title").await.contains('^')
        })
        .await;
    assert_eq!(browser.text(".search-count").await, "No articles match");
    assert_strict_policy(&browser, "a search that finds nothing").await;
}

/// Fails unless the page shown was sent with a Content Security Policy that allows only
/// the site's own scripts and styles, everything it loads loaded, and the browser reported
/// no violation or script error.
async fn assert_strict_policy(browser: &Browser, page: &str) {
    let policy = browser
        .response_header("content-security-policy")
        .await
        .unwrap_or_else(|| panic!("{page} has no Content-Security-Policy"));
    for directive in ["script-src 'self'", "style-src 'self'", "object-src 'none'"] {
        assert!(
            policy.contains(directive),
            "{page}: the policy lacks {directive}: {policy}"
        );
    }
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"),
        "{page}: the policy allows inline code: {policy}"
    );
    let failed = browser.failed_resources().await;
    assert!(
        failed.is_empty(),
        "{page} could not load {}",
        failed.join(", ")
    );
    assert_quiet_console(browser, page).await;
}

/// An article made to strain a narrow screen: a long unbroken word in its title and body,
/// a long address, a wide table, a long line of code and a quotation.
const AWKWARD_ARTICLE: &str = "Hydroelectricitysupplementaryinfrastructurecommissioners met on Tuesday.

The full report is at https://example.org/reports/2024/transit/route-4/on-time-performance/appendix-b-stop-by-stop-ridership.pdf for anyone who wants it.

| Stop | Mon | Tue | Wed | Thu | Fri | Sat | Sun | Weekly riders | Change on last year |
|---|---|---|---|---|---|---|---|---|---|
| Orchard Street and Third Avenue | 1,204 | 1,187 | 1,240 | 1,198 | 1,302 | 644 | 512 | 7,287 | +4.2 per cent |

    curl --silent 'https://example.org/api/v2/transit/routes/4/stops?include=ridership,on-time-performance,accessibility'

> “We looked at every stop on the line,” the planner said.
";

/// The default theme on a phone 320 pixels wide, a tablet and a wide screen: nothing
/// reaches past the window's edge — a long word, a long address, a wide table, a line of
/// code, a thread five replies deep — every text keeps WCAG AA contrast, the keyboard's
/// focus shows, and on paper an article keeps its words and spells out its links while the
/// forms and navigation stay off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_fits_every_screen_reads_clearly_and_prints_cleanly() {
    let site = ServedSite::start(env!("CARGO_BIN_EXE_gazette"));
    let Some(browser) = Browser::start(site.base_url()).await else {
        return;
    };
    site.gazette(&["demo"]);
    let awkward = add_article(
        &site,
        "Stopbystopridershipreconsiderations divide the council",
        AWKWARD_ARTICLE,
    );
    browser.visit("/").await;
    let thread = browser
        .client()
        .execute(
            "const link = [...document.querySelectorAll('a.comments-link')]\
               .find((link) => link.textContent.trim() === '20 comments');\
             return link ? new URL(link.href).pathname : null;",
            Vec::new(),
        )
        .await
        .unwrap();
    let thread = thread
        .as_str()
        .expect("the demo's 20-comment thread")
        .to_owned();
    let pages = [
        "/".to_owned(),
        thread.clone(),
        awkward.clone(),
        "/category/local/".to_owned(),
        "/?s=route+stop".to_owned(),
    ];

    for width in [320, 768, 1280] {
        browser.use_width(width).await;
        for page in &pages {
            browser.visit(page).await;
            let overflowing = browser.overflowing_elements().await;
            assert!(
                overflowing.is_empty(),
                "{page} does not fit {width} pixels: {overflowing:#?}"
            );
            let unreadable = browser.low_contrast_texts().await;
            assert!(
                unreadable.is_empty(),
                "{page} at {width} pixels has text below AA contrast: {unreadable:#?}"
            );
        }
    }
    browser.visit(&thread).await;
    assert!(
        !browser.all(".comment.depth-5").await.is_empty(),
        "the demo's thread goes five replies deep"
    );

    browser.use_width(320).await;
    browser.visit(&awkward).await;
    browser.press(Key::Tab).await;
    assert!(
        browser.focus_matches(".skip-link").await,
        "{}",
        browser.focused().await
    );
    assert!(
        browser.focus_is_visible().await,
        "the skip link shows its focus"
    );
    let unreadable = browser.low_contrast_texts().await;
    assert!(unreadable.is_empty(), "the skip link: {unreadable:#?}");
    browser.tab_to("input[name=s]").await;
    assert!(
        browser.focus_is_visible().await,
        "the search field shows its focus"
    );

    browser.use_width(1280).await;
    browser.visit(&awkward).await;
    browser.show_as_printed().await;
    for kept in [".entry-title", ".entry-content", ".comments-area"] {
        assert!(browser.is_displayed(kept).await, "{kept} is printed");
    }
    for left_out in [
        ".site-search",
        ".comment-respond",
        ".site-footer",
        ".skip-link",
    ] {
        assert!(
            !browser.is_displayed(left_out).await,
            "{left_out} is not printed"
        );
    }
    assert_eq!(
        browser
            .text_after(".entry-content a[href^='https://example.org/reports']")
            .await,
        " (https://example.org/reports/2024/transit/route-4/on-time-performance/appendix-b-stop-by-stop-ridership.pdf)"
    );
    assert_quiet_console(&browser, "the pages at every width").await;
}
