//! The desk's doors: anonymous visitors are sent to sign in (or get 401 from the API), the
//! first administrator is made through the setup link, sessions are new at every sign-in,
//! and no state changes without the session's CSRF token from this site.

use crate::support::*;
use gazette_app::NewUser;
use gazette_domain::Role;
use gazette_test_support::{TestApp, app_tests};

pub const PASSWORD: &str = "correct horse battery";

/// Signs `email` in through the form; returns the session cookie (`name=value`).
pub async fn sign_in(site: &TestApp, email: &str) -> String {
    let response = site
        .post_with_headers(
            "/login",
            &[("email", email), ("password", PASSWORD), ("next", "/desk/")],
            &[],
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.body);
    let cookie = response.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

async fn editor(site: &TestApp) -> String {
    site.app
        .create_user(NewUser {
            display_name: "Eddie Editor".into(),
            email: "eddie@ledger.example".into(),
            role: Role::Editor,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    sign_in(site, "eddie@ledger.example").await
}

pub fn csrf_of(html: &scraper::Html) -> String {
    select(html, "input[name=csrf]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned()
}

app_tests! {
    async fn anonymous_visitors_reach_none_of_the_desk(site: TestApp) {
        let page = site.get("/desk/").await;
        assert_eq!(page.status, 302);
        assert_eq!(page.header("location"), Some("/login?next=%2Fdesk%2F"));
        let api = site.get("/desk/api/me").await;
        assert_eq!(api.status, 401);
        assert!(api.body.contains("\"unauthorized\""));
        let forged = site.get_with_cookie("/desk/", "gazette_session=0123456789abcdef").await;
        assert_eq!(forged.status, 302, "a made-up session is nobody");
        assert_eq!(site.post_with_headers("/logout", &[], &[]).await.status, 302);
        assert_eq!(site.post_with_headers("/desk/account/sessions/end-all", &[], &[]).await.status, 302);
    }

    async fn the_first_administrator_is_made_through_the_setup_link(site: TestApp) {
        let token = site.app.setup_token_if_needed().await.unwrap().expect("no administrator yet");
        let path = format!("/setup/{token}");
        let form = site.get(&path).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("Create the first administrator"));

        let short = site.post_with_headers(&path, &[("name", "Ada Admin"), ("email", "ada@ledger.example"), ("password", "short")], &[]).await;
        assert_eq!(short.status, 422);
        let html = short.html();
        assert!(text(one(&html, "#password-error")).contains("at least 10"));
        assert_eq!(one(&html, "#email").value().attr("value"), Some("ada@ledger.example"), "what was typed is kept");

        let made = site.post_with_headers(&path, &[("name", "Ada Admin"), ("email", "ada@ledger.example"), ("password", PASSWORD)], &[]).await;
        assert_eq!(made.status, 303);
        assert_eq!(made.header("location"), Some("/desk/"));
        let cookie = made.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        let desk = site.get_with_cookie("/desk/", &cookie).await;
        assert_eq!(desk.status, 200);
        assert!(text(one(&desk.html(), ".desk-user")).contains("Ada Admin"));

        assert_eq!(site.get(&path).await.status, 404, "the link works once");
        assert!(site.app.setup_token_if_needed().await.unwrap().is_none(), "no new link once an administrator exists");
    }

    async fn every_sign_in_makes_a_new_session_and_signing_out_ends_it(site: TestApp) {
        let planted = "gazette_session=attacker-chosen-value";
        site.app
            .create_user(NewUser { display_name: "Eddie Editor".into(), email: "eddie@ledger.example".into(), role: Role::Editor, password: Some(PASSWORD.into()) })
            .await
            .unwrap();
        let response = site
            .post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", PASSWORD), ("next", "https://evil.example/")], &[("cookie", planted)])
            .await;
        assert_eq!(response.header("location"), Some("/desk/"), "never sent to another site");
        let cookie = response.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        assert_ne!(cookie, planted, "a session id planted before sign-in is never used");
        let me = site.get_with_cookie("/desk/api/me", &cookie).await;
        assert!(me.body.contains("\"role\":\"editor\""), "{}", me.body);

        let desk = site.get_with_cookie("/desk/", &cookie).await.html();
        let csrf = csrf_of(&desk);
        let without_token = site.post_with_headers("/logout", &[], &[("cookie", &cookie)]).await;
        assert_eq!(without_token.status, 403);
        let cross_site = site.post_with_headers("/logout", &[("csrf", &csrf)], &[("cookie", &cookie), ("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross_site.status, 403);
        let other_origin = site.post_with_headers("/logout", &[("csrf", &csrf)], &[("cookie", &cookie), ("origin", "https://evil.example"), ("host", "localhost")]).await;
        assert_eq!(other_origin.status, 403);
        assert_eq!(site.get_with_cookie("/desk/", &cookie).await.status, 200, "nothing was changed by the refused requests");

        let out = site.post_with_headers("/logout", &[("csrf", &csrf)], &[("cookie", &cookie), ("sec-fetch-site", "same-origin")]).await;
        assert_eq!(out.status, 303);
        assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
        assert_eq!(site.get_with_cookie("/desk/", &cookie).await.status, 302, "the session is gone from the database");
    }

    async fn signing_out_everywhere_ends_every_session(site: TestApp) {
        let first = editor(&site).await;
        let second = sign_in(&site, "eddie@ledger.example").await;
        let account = site.get_with_cookie("/desk/account/", &first).await.html();
        assert_eq!(select(&account, "table.sessions tbody tr").len(), 2);
        let csrf = csrf_of(&account);
        let other_sessions_token = csrf_of(&site.get_with_cookie("/desk/account/", &second).await.html());
        assert_ne!(csrf, other_sessions_token, "each session has its own CSRF token");
        let refused = site.post_with_headers("/desk/account/sessions/end-all", &[("csrf", &other_sessions_token)], &[("cookie", &first)]).await;
        assert_eq!(refused.status, 403, "another session's token is no good");
        let ended = site.post_with_headers("/desk/account/sessions/end-all", &[("csrf", &csrf)], &[("cookie", &first)]).await;
        assert_eq!(ended.status, 303);
        assert_eq!(site.get_with_cookie("/desk/", &first).await.status, 302);
        assert_eq!(site.get_with_cookie("/desk/", &second).await.status, 302);
    }

    async fn sign_ins_are_throttled_per_account(site: TestApp) {
        editor(&site).await;
        for _ in 0..5 {
            let wrong = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", "not the password")], &[]).await;
            assert_eq!(wrong.status, 422);
            assert!(wrong.body.contains("not right"));
            assert_eq!(one(&wrong.html(), "#email").value().attr("value"), Some("eddie@ledger.example"));
        }
        let locked = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", PASSWORD)], &[]).await;
        assert_eq!(locked.status, 429, "even the right password waits");
        site.app.clock().advance(16 * 60);
        sign_in(&site, "eddie@ledger.example").await;
    }
}
