//! The default theme's HTML, kept as reviewed snapshots. A change to a template shows up
//! here as a diff to accept (`cargo insta review`) or fix.

use crate::support::*;
use gazette_test_support::{TestApp, TestDatabase};

/// The page with what changes between runs and edits replaced by placeholders, so that
/// snapshots compare only what is stable.
fn stable(body: &str) -> String {
    without_fingerprints(&without_form_token(body))
}

/// The page with its form token (signed with a key made per database) replaced by a
/// placeholder.
fn without_form_token(body: &str) -> String {
    let marker = "name=\"gazette_form_token\" value=\"";
    match body.find(marker) {
        Some(start) => {
            let value_start = start + marker.len();
            let value_end = value_start + body[value_start..].find('"').unwrap();
            format!("{}[form token]{}", &body[..value_start], &body[value_end..])
        }
        None => body.to_owned(),
    }
}

/// The page with the fingerprint in each theme file's address (which changes with every
/// edit of the file) replaced by a placeholder.
fn without_fingerprints(body: &str) -> String {
    let marker = "/static/";
    let mut stable = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(marker) {
        let (before, after) = rest.split_at(at + marker.len());
        stable.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let address: Vec<&str> = after[..end]
            .split('.')
            .map(|part| {
                let fingerprint = part.len() == 10
                    && part
                        .bytes()
                        .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
                if fingerprint { "[fingerprint]" } else { part }
            })
            .collect();
        stable.push_str(&address.join("."));
        rest = &after[end..];
    }
    stable.push_str(rest);
    stable
}

async fn site_with_a_republished_article() -> (TestApp, String) {
    let site = TestApp::start(TestDatabase::sqlite()).await;
    let article = publish_republished(&site).await;
    approved_comment(
        &site,
        &article,
        "Ana Lima",
        "Good news for the river.\n\nMore at https://example.org/rivers.",
    )
    .await;
    approved_comment(
        &site,
        &article,
        "Ben <Bold> Okafor",
        "5 < 10 & \"quotes\" stay text.",
    )
    .await;
    pending_comment(&site, &article, "Held Back", "Not shown to anyone else.").await;
    (site, path_of(&article))
}

#[tokio::test]
async fn article_page() {
    let (site, path) = site_with_a_republished_article().await;
    insta::assert_snapshot!(stable(&site.get(&path).await.body));
}

#[tokio::test]
async fn article_page_with_form_errors() {
    let (site, path) = site_with_a_republished_article().await;
    let page = site
        .post_form(
            &path,
            &[
                ("comment", "Kept <text>"),
                ("author", ""),
                ("email", "nope"),
                ("url", "javascript:x"),
            ],
        )
        .await;
    insta::assert_snapshot!(stable(&page.body));
}

#[tokio::test]
async fn home_page() {
    let (site, _) = site_with_a_republished_article().await;
    publish(&site, "Council passes the budget").await;
    insta::assert_snapshot!(stable(&site.get("/").await.body));
}

#[tokio::test]
async fn search_page() {
    let (site, _) = site_with_a_republished_article().await;
    publish(&site, "River council <meets> & votes").await;
    insta::assert_snapshot!(stable(&site.get("/?s=river").await.body));
}

#[tokio::test]
async fn not_found_page() {
    let site = TestApp::start(TestDatabase::sqlite()).await;
    insta::assert_snapshot!(stable(&site.get("/missing/").await.body));
}
