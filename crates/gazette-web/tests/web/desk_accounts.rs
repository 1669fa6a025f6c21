//! The account, users and settings screens of the desk, and the mailed links: changing
//! one's password and profile, resetting a forgotten password by mail, invitations, roles
//! and disabled accounts, the last administrator, the settings form, and every refusal.

use crate::desk::{PASSWORD, csrf_of, sign_in};
use crate::support::*;
use gazette_app::{NewUser, SetupForm};
use gazette_domain::{Role, SettingKey, User};
use gazette_test_support::smtp::{ReceivedMail, SmtpServer};
use gazette_test_support::{TestApp, TestResponse, app_tests};

/// The site's address in mailed links (the default `site_url`).
const SITE_URL: &str = "http://127.0.0.1:8080";

/// A signed-in member of staff: their session cookie and its CSRF token.
struct Desk {
    cookie: String,
    csrf: String,
}

impl Desk {
    async fn sign_in(site: &TestApp, email: &str) -> Self {
        let cookie = sign_in(site, email).await;
        let csrf = csrf_of(&site.get_with_cookie("/desk/account/", &cookie).await.html());
        Self { cookie, csrf }
    }

    /// A form sent from a desk page: same origin, with the session's token.
    async fn post(&self, site: &TestApp, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut fields = fields.to_vec();
        fields.push(("csrf", &self.csrf));
        site.post_with_headers(
            path,
            &fields,
            &[("cookie", &self.cookie), ("sec-fetch-site", "same-origin")],
        )
        .await
    }

    async fn get(&self, site: &TestApp, path: &str) -> TestResponse {
        site.get_with_cookie(path, &self.cookie).await
    }

    /// The page a `303` leads to, with the notice it carries.
    async fn follow(&self, site: &TestApp, response: &TestResponse) -> TestResponse {
        assert_eq!(response.status, 303, "{}", response.body);
        let notice = response.cookie().expect("a notice cookie");
        let cookies = format!("{}; {notice}", self.cookie);
        site.get_with_cookie(response.header("location").unwrap(), &cookies)
            .await
    }
}

async fn add_user(site: &TestApp, name: &str, email: &str, role: Role) -> User {
    site.app
        .create_user(NewUser {
            display_name: name.into(),
            email: email.into(),
            role,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap()
}

/// Ada, the administrator, signed in.
async fn administrator(site: &TestApp) -> (User, Desk) {
    let ada = add_user(site, "Ada Admin", "ada@ledger.example", Role::Administrator).await;
    (ada, Desk::sign_in(site, "ada@ledger.example").await)
}

/// The path of the link to `kind` (`reset` or `invite`) in `mail`.
fn link_in(mail: &ReceivedMail, kind: &str) -> String {
    let link = mail
        .text
        .split_whitespace()
        .find(|word| word.starts_with(&format!("{SITE_URL}/{kind}/")))
        .unwrap_or_else(|| panic!("no {kind} link in {}", mail.text));
    link.strip_prefix(SITE_URL).unwrap().to_owned()
}

/// The mails sent to `address`, oldest first.
fn mails_to(smtp: &SmtpServer, address: &str) -> Vec<ReceivedMail> {
    smtp.messages()
        .into_iter()
        .filter(|mail| mail.to.iter().any(|to| to == address))
        .collect()
}

fn value_of(html: &scraper::Html, css: &str) -> String {
    one(html, css)
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

fn notice_of(response: &TestResponse) -> String {
    text(one(&response.html(), ".desk-notice"))
}

app_tests! {
    async fn the_front_page_welcomes_and_the_account_page_holds_the_rest(site: TestApp) {
        let eddie = add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let desk = Desk::sign_in(&site, &eddie.email).await;
        let home = desk.get(&site, "/desk/").await.html();
        assert!(text(one(&home, ".desk-user")).contains("Eddie Editor"));
        assert_eq!(select(&home, "a[href='/desk/account/']").len(), 2, "in the navigation and the welcome");
        assert!(select(&home, "table.sessions").is_empty(), "sessions are on the account page");
        let account = desk.get(&site, "/desk/account/").await;
        assert_eq!(account.status, 200);
        let html = account.html();
        assert_well_formed(&html);
        assert_eq!(value_of(&html, "#name"), "Eddie Editor");
        assert_eq!(value_of(&html, "#email"), "eddie@ledger.example");
        assert_eq!(select(&html, "table.sessions tbody tr.current-session").len(), 1);
        assert_eq!(site.get_with_cookie("/desk/account", &desk.cookie).await.status, 301);
    }

    async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions(site: TestApp) {
        add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let desk = Desk::sign_in(&site, "eddie@ledger.example").await;
        let elsewhere = sign_in(&site, "eddie@ledger.example").await;
        let new_password = "a brand new passphrase";

        let wrong = desk.post(&site, "/desk/account/password", &[("current_password", "not my password"), ("new_password", new_password)]).await;
        assert_eq!(wrong.status, 422);
        let html = wrong.html();
        assert!(text(one(&html, "#current_password-error")).contains("not your current password"));
        assert_eq!(one(&html, "#current_password").value().attr("aria-invalid"), Some("true"));
        assert_eq!(one(&html, "#current_password").value().attr("aria-describedby"), Some("current_password-error"));
        assert_eq!(value_of(&html, "#current_password"), "", "passwords are never sent back");
        assert_eq!(value_of(&html, "#new_password"), "");
        assert_eq!(value_of(&html, "#name"), "Eddie Editor", "the rest of the page is kept");

        let short = desk.post(&site, "/desk/account/password", &[("current_password", PASSWORD), ("new_password", "short")]).await;
        assert_eq!(short.status, 422);
        assert!(text(one(&short.html(), "#new_password-error")).contains("at least 10"));
        assert!(select(&short.html(), "#current_password-error").is_empty());

        let changed = desk.post(&site, "/desk/account/password", &[("current_password", PASSWORD), ("new_password", new_password)]).await;
        assert_eq!(changed.header("location"), Some("/desk/account/"));
        assert!(notice_of(&desk.follow(&site, &changed).await).contains("other session was signed out"));
        assert_eq!(desk.get(&site, "/desk/account/").await.status, 200, "this session stays");
        assert_eq!(site.get_with_cookie("/desk/", &elsewhere).await.status, 302, "the other one ended");
        let old = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", PASSWORD)], &[]).await;
        assert_eq!(old.status, 422, "the old password no longer works");
        let new = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", new_password)], &[]).await;
        assert_eq!(new.status, 303);
    }

    async fn a_profile_change_keeps_what_was_typed_when_it_is_refused(site: TestApp) {
        add_user(&site, "Alma Author", "alma@ledger.example", Role::Author).await;
        add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let desk = Desk::sign_in(&site, "eddie@ledger.example").await;

        let bad = desk.post(&site, "/desk/account/profile", &[("name", "Edward Editor"), ("email", "not an address")]).await;
        assert_eq!(bad.status, 422);
        let html = bad.html();
        assert!(text(one(&html, "#email-error")).contains("valid email"));
        assert_eq!(value_of(&html, "#name"), "Edward Editor");
        assert_eq!(value_of(&html, "#email"), "not an address");
        assert!(select(&html, "#form-errors").len() == 1);

        let taken = desk.post(&site, "/desk/account/profile", &[("name", "Edward Editor"), ("email", "ALMA@ledger.example")]).await;
        assert_eq!(taken.status, 422);
        assert!(text(one(&taken.html(), "#email-error")).contains("already a user"));

        let saved = desk.post(&site, "/desk/account/profile", &[("name", "Edward Editor"), ("email", "edward@ledger.example")]).await;
        let page = desk.follow(&site, &saved).await;
        assert!(notice_of(&page).contains("saved"));
        assert_eq!(value_of(&page.html(), "#email"), "edward@ledger.example");
        assert!(site.app.user_by_email("edward@ledger.example").await.unwrap().is_some());
    }

    async fn one_other_session_can_be_signed_out(site: TestApp) {
        add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let desk = Desk::sign_in(&site, "eddie@ledger.example").await;
        let elsewhere = sign_in(&site, "eddie@ledger.example").await;
        let html = desk.get(&site, "/desk/account/").await.html();
        let forms = select(&html, "form[action='/desk/account/sessions/end']");
        assert_eq!(forms.len(), 1, "only the other session has a button");
        let other = forms[0].select(&scraper::Selector::parse("input[name=session]").unwrap()).next().unwrap().value().attr("value").unwrap().to_owned();
        let ended = desk.post(&site, "/desk/account/sessions/end", &[("session", &other)]).await;
        assert!(notice_of(&desk.follow(&site, &ended).await).contains("signed out"));
        assert_eq!(site.get_with_cookie("/desk/", &elsewhere).await.status, 302);
        let again = desk.post(&site, "/desk/account/sessions/end", &[("session", &other)]).await;
        assert!(notice_of(&desk.follow(&site, &again).await).contains("already ended"));
        assert_eq!(desk.get(&site, "/desk/").await.status, 200);
    }

    async fn a_forgotten_password_is_reset_through_a_mailed_link(site: TestApp) {
        let smtp = SmtpServer::start();
        let site = site.with_mail(&smtp);
        add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let before = sign_in(&site, "eddie@ledger.example").await;
        let login = site.get("/login").await.html();
        assert_eq!(select(&login, "a[href='/login/forgot']").len(), 1);
        let form = site.get("/login/forgot").await;
        assert_eq!(form.status, 200);
        assert_well_formed(&form.html());

        // The answer is the same whether or not the account exists.
        let known = site.post_with_headers("/login/forgot", &[("email", "eddie@ledger.example")], &[]).await;
        let unknown = site.post_with_headers("/login/forgot", &[("email", "nobody@ledger.example")], &[]).await;
        assert_eq!((known.status.as_u16(), unknown.status.as_u16()), (200, 200));
        let answer = |response: &TestResponse, email: &str| text(one(&response.html(), ".form-notice")).replace(email, "ADDRESS");
        assert_eq!(answer(&known, "eddie@ledger.example"), answer(&unknown, "nobody@ledger.example"));
        assert!(answer(&known, "eddie@ledger.example").contains("If an account exists for ADDRESS"));
        assert_eq!(site.app.run_due_jobs().await.unwrap().done, 1, "only the known account gets a mail");
        let mail = &smtp.wait_for_messages(1)[0];
        assert_eq!(mail.to, vec!["eddie@ledger.example".to_owned()]);
        assert!(mail.subject.contains("Choose a new password"), "{}", mail.subject);
        let link = link_in(mail, "reset");

        let page = site.get(&link).await;
        assert_eq!(page.status, 200);
        assert_eq!(value_of(&page.html(), "#email"), "eddie@ledger.example");
        let short = site.post_with_headers(&link, &[("password", "short")], &[]).await;
        assert_eq!(short.status, 422);
        let html = short.html();
        assert!(text(one(&html, "#password-error")).contains("at least 10"));
        assert_eq!(one(&html, "#password").value().attr("aria-describedby"), Some("password-error"));

        let reset = site.post_with_headers(&link, &[("password", "a fresh start at last")], &[("user-agent", "Test Browser")]).await;
        assert_eq!(reset.status, 303);
        assert_eq!(reset.header("location"), Some("/desk/"));
        let session = reset.headers_all("set-cookie").into_iter().find(|cookie| cookie.starts_with("gazette_session=")).unwrap();
        let session = session.split(';').next().unwrap().to_owned();
        assert_eq!(site.get_with_cookie("/desk/", &session).await.status, 200, "signed in fresh");
        assert_eq!(site.get_with_cookie("/desk/", &before).await.status, 302, "every older session ended");
        assert_eq!(site.get(&link).await.status, 404, "the link works once");
        assert_eq!(site.post_with_headers(&link, &[("password", "yet another passphrase")], &[]).await.status, 404);
        let signed = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", "a fresh start at last")], &[]).await;
        assert_eq!(signed.status, 303);

        // A link is good for an hour.
        site.post_with_headers("/login/forgot", &[("email", "eddie@ledger.example")], &[]).await;
        site.app.run_due_jobs().await.unwrap();
        let late = link_in(&smtp.wait_for_messages(2)[1], "reset");
        site.app.clock().advance(3601);
        let expired = site.get(&late).await;
        assert_eq!(expired.status, 404);
        assert!(expired.body.contains("expired or was already used"));

        // Requests are throttled per address, known or not, and still say nothing.
        for email in ["eddie@ledger.example", "nobody@ledger.example"] {
            for _ in 0..3 {
                assert_eq!(site.post_with_headers("/login/forgot", &[("email", email)], &[]).await.status, 200);
            }
            let refused = site.post_with_headers("/login/forgot", &[("email", email)], &[]).await;
            assert_eq!(refused.status, 429, "{email}");
            assert_eq!(value_of(&refused.html(), "#email"), email);
        }
    }

    async fn without_mail_the_pages_say_so(site: TestApp) {
        let form = site.get("/login/forgot").await;
        assert!(text(one(&form.html(), ".form-notice")).contains("cannot send mail"));
        assert!(select(&form.html(), "form input[name=email]").is_empty(), "no form that pretends");
        let posted = site.post_with_headers("/login/forgot", &[("email", "eddie@ledger.example")], &[]).await;
        assert_eq!(posted.status, 503);
        assert!(posted.body.contains("cannot send mail"));
        let (_, desk) = administrator(&site).await;
        let users = desk.get(&site, "/desk/users/").await.html();
        assert!(text(one(&users, ".desk-warning")).contains("cannot send mail"));
        assert!(select(&users, "form[action='/desk/users/invite']").is_empty());
    }

    async fn an_invitation_is_accepted_through_its_mailed_link(site: TestApp) {
        let smtp = SmtpServer::start();
        let site = site.with_mail(&smtp);
        let (_, desk) = administrator(&site).await;
        let users = desk.get(&site, "/desk/users/").await;
        assert_eq!(users.status, 200);
        assert_well_formed(&users.html());

        let bad = desk.post(&site, "/desk/users/invite", &[("name", "Nora Newcomer"), ("email", "nora@"), ("role", "editor")]).await;
        assert_eq!(bad.status, 422);
        let html = bad.html();
        assert!(text(one(&html, "#email-error")).contains("valid email"));
        assert_eq!(value_of(&html, "#name"), "Nora Newcomer");
        assert_eq!(one(&html, "#role option[selected]").value().attr("value"), Some("editor"));
        let taken = desk.post(&site, "/desk/users/invite", &[("name", "Twin"), ("email", "ADA@ledger.example"), ("role", "editor")]).await;
        assert!(text(one(&taken.html(), "#email-error")).contains("already a user"));

        let invited = desk.post(&site, "/desk/users/invite", &[("name", "Nora Newcomer"), ("email", "nora@ledger.example"), ("role", "editor")]).await;
        let page = desk.follow(&site, &invited).await;
        assert!(notice_of(&page).contains("Nora Newcomer was invited as an editor"));
        let nora = site.app.user_by_email("nora@ledger.example").await.unwrap().unwrap();
        let row = format!("#user-{}", nora.id);
        assert!(text(one(&page.html(), &row)).contains("invited"));
        site.app.run_due_jobs().await.unwrap();
        let first = smtp.wait_for_messages(1)[0].clone();
        assert!(first.subject.contains("invited"), "{}", first.subject);
        assert!(first.text.contains("Ada Admin invited you") && first.text.contains("as an editor"), "{}", first.text);
        let first_link = link_in(&first, "invite");

        // Sending it again replaces the link.
        let again = desk.post(&site, &format!("/desk/users/{}/invitation", nora.id), &[]).await;
        assert!(notice_of(&desk.follow(&site, &again).await).contains("earlier link no longer works"));
        site.app.run_due_jobs().await.unwrap();
        smtp.wait_for_messages(2);
        let second_link = link_in(&mails_to(&smtp, "nora@ledger.example")[1], "invite");
        assert_ne!(first_link, second_link);
        assert_eq!(site.get(&first_link).await.status, 404);
        let welcome = site.get(&second_link).await;
        assert_eq!(welcome.status, 200);
        assert!(text(one(&welcome.html(), "h1")).contains("Welcome to"));

        let accepted = site.post_with_headers(&second_link, &[("password", "nora's own passphrase")], &[]).await;
        assert_eq!(accepted.status, 303);
        let cookie = accepted.headers_all("set-cookie").into_iter().find(|cookie| cookie.starts_with("gazette_session=")).unwrap();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let me = site.get_with_cookie("/desk/api/me", &cookie).await;
        assert!(me.body.contains("\"role\":\"editor\""), "{}", me.body);
        assert_eq!(site.get(&second_link).await.status, 404, "the link works once");
        let listed = desk.get(&site, "/desk/users/").await.html();
        let nora_row = text(one(&listed, &row));
        assert!(nora_row.contains("active") && !nora_row.contains("never"), "{nora_row}");

        let refused = desk.post(&site, &format!("/desk/users/{}/invitation", nora.id), &[]).await;
        assert_eq!(refused.status, 409);
        assert!(text(one(&refused.html(), &format!("#user-{}-error", nora.id))).contains("already chosen a password"));

        // An administrator can also send someone a reset link.
        let reset = desk.post(&site, &format!("/desk/users/{}/password-reset", nora.id), &[]).await;
        assert!(notice_of(&desk.follow(&site, &reset).await).contains("on its way to nora@ledger.example"));
        site.app.run_due_jobs().await.unwrap();
        smtp.wait_for_messages(3);
        let link = link_in(&mails_to(&smtp, "nora@ledger.example")[2], "reset");
        assert_eq!(site.get(&link).await.status, 200);
    }

    async fn role_changes_and_disabling_take_effect_at_once(site: TestApp) {
        let (_, desk) = administrator(&site).await;
        let eddie = add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let eddies = sign_in(&site, "eddie@ledger.example").await;

        let demoted = desk.post(&site, &format!("/desk/users/{}/role", eddie.id), &[("role", "author")]).await;
        assert!(notice_of(&desk.follow(&site, &demoted).await).contains("Eddie Editor is now an author"));
        assert!(site.get_with_cookie("/desk/api/me", &eddies).await.body.contains("\"role\":\"author\""));
        let nonsense = desk.post(&site, &format!("/desk/users/{}/role", eddie.id), &[("role", "owner")]).await;
        assert_eq!(nonsense.status, 409);

        let disabled = desk.post(&site, &format!("/desk/users/{}/disable", eddie.id), &[]).await;
        let page = desk.follow(&site, &disabled).await;
        assert!(notice_of(&page).contains("is disabled"));
        assert!(text(one(&page.html(), &format!("#user-{}", eddie.id))).contains("disabled"));
        assert_eq!(site.get_with_cookie("/desk/", &eddies).await.status, 302, "their open session stops working");
        let refused = site.post_with_headers("/login", &[("email", "eddie@ledger.example"), ("password", PASSWORD)], &[]).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("disabled"));

        let enabled = desk.post(&site, &format!("/desk/users/{}/enable", eddie.id), &[]).await;
        assert!(notice_of(&desk.follow(&site, &enabled).await).contains("can sign in again"));
        sign_in(&site, "eddie@ledger.example").await;
        assert_eq!(desk.post(&site, "/desk/users/999/disable", &[]).await.status, 404);
        assert_eq!(desk.post(&site, "/desk/users/nobody/disable", &[]).await.status, 404);
    }

    async fn the_last_administrator_stays_one(site: TestApp) {
        let (ada, desk) = administrator(&site).await;
        let demote_self = desk.post(&site, &format!("/desk/users/{}/role", ada.id), &[("role", "editor")]).await;
        assert_eq!(demote_self.status, 409);
        let html = demote_self.html();
        let error = format!("#user-{}-error", ada.id);
        assert!(text(one(&html, &error)).contains("last administrator"));
        assert_eq!(one(&html, &format!("#role-{}", ada.id)).value().attr("aria-describedby"), Some(&error[1..]));
        assert!(desk.get(&site, "/desk/api/me").await.body.contains("administrator"), "nothing changed");
        let disable_self = desk.post(&site, &format!("/desk/users/{}/disable", ada.id), &[]).await;
        assert_eq!(disable_self.status, 409);
        assert!(text(one(&disable_self.html(), &error)).contains("your own account"));

        let bea = add_user(&site, "Bea Boss", "bea@ledger.example", Role::Administrator).await;
        let moved = desk.post(&site, &format!("/desk/users/{}/role", ada.id), &[("role", "editor")]).await;
        assert_eq!(moved.header("location"), Some("/desk/"), "with another administrator, Ada may step down");
        assert_eq!(desk.get(&site, "/desk/users/").await.status, 403);
        let last = site.app.set_account_enabled(None, bea.id, false).await.unwrap_err();
        assert!(last.to_string().contains("last administrator"), "{last}");
    }

    async fn one_setup_link_makes_one_administrator_even_when_sent_twice_at_once(site: TestApp) {
        let token = site.app.setup_token_if_needed().await.unwrap().unwrap();
        let first = SetupForm { display_name: "Ada Admin", email: "ada@ledger.example", password: PASSWORD };
        let second = SetupForm { display_name: "Eve Intruder", email: "eve@ledger.example", password: PASSWORD };
        let (one_result, other_result) = tokio::join!(
            site.app.complete_setup(&token, first, gazette_app::Browser::default()),
            site.app.complete_setup(&token, second, gazette_app::Browser::default()),
        );
        assert_eq!(usize::from(one_result.is_ok()) + usize::from(other_result.is_ok()), 1);
        assert_eq!(site.app.users().await.unwrap().len(), 1);
    }

    async fn the_settings_form_shows_and_saves_every_setting(site: TestApp) {
        let (_, desk) = administrator(&site).await;
        let mut shown = Vec::new();
        for tab in ["/desk/settings/", "/desk/settings/reading/", "/desk/settings/comments/"] {
            let page = desk.get(&site, tab).await;
            assert_eq!(page.status, 200, "{tab}");
            let html = page.html();
            assert_well_formed(&html);
            for key in SettingKey::ALL {
                let css = format!("#{}", key.name());
                if !select(&html, &css).is_empty() {
                    assert_eq!(select(&html, &format!("label[for={}]", key.name())).len(), 1, "{}", key.name());
                    shown.push(key.name());
                }
                if !select(&html, &format!("#{}-label", key.name())).is_empty() {
                    assert_eq!(select(&html, &format!("a[href='/desk/media/?choose={}']", key.name())).len(), 1, "an image is chosen in the media library");
                    shown.push(key.name());
                }
            }
        }
        shown.sort_unstable();
        let mut every: Vec<&str> = SettingKey::ALL.iter().map(|key| key.name()).collect();
        every.sort_unstable();
        assert_eq!(shown, every, "every setting is on exactly one tab");

        let general = desk.get(&site, "/desk/settings/").await.html();
        assert_eq!(text(one(&general, "#date_format-example")), "April 24, 2024");
        assert_eq!(text(one(&general, "#date_line_format-example")), "Wednesday, 24 April, 2024");
        assert!(select(&general, "datalist#time-zones option[value='Europe/London']").len() == 1);
        assert_eq!(one(&general, "#show_date_line").value().attr("checked"), Some(""));

        let saved = desk.post(&site, "/desk/settings/", &[
            ("title", "The Ledger"), ("tagline", ""), ("site_url", "https://ledger.example"), ("language", "en-GB"),
            ("time_zone", "Europe/London"), ("date_format", "j F Y"), ("time_format", "H:i"), ("date_line_format", "l j F Y"),
        ]).await;
        assert_eq!(saved.header("location"), Some("/desk/settings/"));
        let page = desk.follow(&site, &saved).await;
        assert!(notice_of(&page).contains("settings were changed"));
        assert_eq!(text(one(&page.html(), "#date_format-example")), "24 April 2024");
        let settings = site.app.site_settings().await.unwrap();
        assert_eq!((settings.title.as_str(), settings.tagline.as_str(), settings.time_zone_name.as_str()), ("The Ledger", "", "Europe/London"));
        assert!(!settings.show_date_line, "an unticked box is off");
        assert!(site.get("/").await.body.contains("The Ledger"), "public pages follow at once");
    }

    async fn the_settings_form_refuses_every_kind_of_mistake_next_to_its_field(site: TestApp) {
        let (_, desk) = administrator(&site).await;
        let refused = desk.post(&site, "/desk/settings/", &[
            ("title", " "), ("tagline", "Kept as typed"), ("site_url", "ftp://ledger.example"), ("language", "english!"),
            ("time_zone", "Mars/Olympus"), ("date_format", ""), ("time_format", "g:i a"), ("date_line_format", "l, j F, Y"),
            ("show_date_line", "1"),
        ]).await;
        assert_eq!(refused.status, 422);
        let html = refused.html();
        assert_well_formed(&html);
        for (field, words) in [("title", "cannot be empty"), ("site_url", "http"), ("language", "BCP 47"), ("time_zone", "IANA"), ("date_format", "cannot be empty")] {
            let error = text(one(&html, &format!("#{field}-error")));
            assert!(error.contains(words), "{field}: {error}");
            assert_eq!(one(&html, &format!("#{field}")).value().attr("aria-invalid"), Some("true"), "{field}");
        }
        assert_eq!(value_of(&html, "#tagline"), "Kept as typed");
        assert_eq!(value_of(&html, "#time_zone"), "Mars/Olympus");
        assert_eq!(value_of(&html, "#site_url"), "ftp://ledger.example");
        assert!(select(&html, "#tagline-error").is_empty());
        assert_eq!(site.app.site_settings().await.unwrap().tagline, "Independent news", "nothing was stored");

        let comments = desk.post(&site, "/desk/settings/comments/", &[
            ("comments_open_by_default", "1"), ("close_comments_after_days", "0"), ("manual_approval", "1"),
            ("hold_link_count", "ten"), ("hold_words", &"x".repeat(201)), ("block_words", "casino\nviagra"),
            ("spam_threshold", "90"), ("comment_flood_seconds", "15"), ("comment_rate_limit_per_hour", "20"),
            ("comment_time_trap_seconds", "3"), ("thread_depth", "11"), ("comments_per_page", "50"),
            ("comment_order", "random"), ("empty_spam_and_trash_after_days", "30"), ("keep_commenter_ip_days", "30"),
        ]).await;
        assert_eq!(comments.status, 422);
        let html = comments.html();
        for (field, words) in [("hold_link_count", "whole number"), ("hold_words", "200 characters"), ("thread_depth", "1 to 10"), ("comment_order", "oldest or newest")] {
            assert!(text(one(&html, &format!("#{field}-error"))).contains(words), "{field}");
        }
        assert_eq!(one(&html, "#manual_approval").value().attr("checked"), Some(""), "a ticked box stays ticked");
        assert_eq!(one(&html, "#notify_authors").value().attr("checked"), None, "an unticked box stays unticked");
        assert_eq!(text(one(&html, "#block_words")), "casino viagra");
        assert!(!site.app.site_settings().await.unwrap().manual_approval);

        let reading = desk.post(&site, "/desk/settings/reading/", &[("posts_per_page", "0")]).await;
        assert!(text(one(&reading.html(), "#posts_per_page-error")).contains("from 1 to 100"));
        let saved = desk.post(&site, "/desk/settings/reading/", &[("posts_per_page", "25"), ("feed_items", "10"), ("feed_full_text", "true"), ("permalink_pattern", "/%year%/%monthnum%/%day%/%postname%/")]).await;
        assert_eq!(saved.header("location"), Some("/desk/settings/reading/"));
        assert_eq!(site.app.site_settings().await.unwrap().posts_per_page, 25);
        assert_eq!(desk.get(&site, "/desk/settings/nowhere/").await.status, 404);

        let example = desk.get(&site, "/desk/api/settings/date-example?pattern=F+j%2C+Y").await;
        assert_eq!(example.body, r#"{"example":"April 24, 2024"}"#);
        let problem = desk.get(&site, "/desk/api/settings/date-example?pattern=").await;
        assert!(problem.body.contains("\"problem\""), "{}", problem.body);
    }

    async fn the_screens_refuse_whoever_may_not_use_them(site: TestApp) {
        for path in ["/desk/account/", "/desk/users/", "/desk/settings/", "/desk/settings/comments/"] {
            let page = site.get(path).await;
            assert_eq!(page.status, 302, "{path}");
            assert!(page.header("location").unwrap().starts_with("/login?next=%2Fdesk%2F"), "{path}");
        }
        assert_eq!(site.get("/desk/api/settings/date-example?pattern=Y").await.status, 401);
        assert_eq!(site.post_with_headers("/desk/users/invite", &[("name", "X"), ("email", "x@ledger.example"), ("role", "editor")], &[]).await.status, 302);

        let (ada, admin) = administrator(&site).await;
        add_user(&site, "Eddie Editor", "eddie@ledger.example", Role::Editor).await;
        let editor = Desk::sign_in(&site, "eddie@ledger.example").await;
        for path in ["/desk/users/", "/desk/settings/", "/desk/settings/reading/"] {
            let page = editor.get(&site, path).await;
            assert_eq!(page.status, 403, "{path}");
            assert!(page.body.contains("only administrators can"), "the refusal says who may");
        }
        assert_eq!(editor.get(&site, "/desk/api/settings/date-example?pattern=Y").await.status, 403);
        assert_eq!(editor.post(&site, "/desk/settings/reading/", &[("posts_per_page", "3")]).await.status, 403);
        assert_eq!(editor.post(&site, &format!("/desk/users/{}/disable", ada.id), &[]).await.status, 403);
        assert_eq!(editor.post(&site, "/desk/users/invite", &[("name", "X"), ("email", "x@ledger.example"), ("role", "administrator")]).await.status, 403);
        let editors_page = editor.get(&site, "/desk/").await.html();
        assert!(select(&editors_page, "a[href='/desk/users/']").is_empty(), "the navigation offers only what they may open");

        // No token, another session's token, or another site: refused, nothing changed.
        let eddie = site.app.user_by_email("eddie@ledger.example").await.unwrap().unwrap();
        let disable = format!("/desk/users/{}/disable", eddie.id);
        let without_token = site.post_with_headers(&disable, &[], &[("cookie", &admin.cookie)]).await;
        assert_eq!(without_token.status, 403);
        let foreign_token = site.post_with_headers(&disable, &[("csrf", &editor.csrf)], &[("cookie", &admin.cookie)]).await;
        assert_eq!(foreign_token.status, 403);
        let cross_site = site.post_with_headers(&disable, &[("csrf", &admin.csrf)], &[("cookie", &admin.cookie), ("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross_site.status, 403);
        assert_eq!(editor.get(&site, "/desk/").await.status, 200, "Eddie was not disabled");
        let settings = site.post_with_headers("/desk/settings/reading/", &[("posts_per_page", "3")], &[("cookie", &admin.cookie), ("origin", "https://evil.example"), ("host", "localhost")]).await;
        assert_eq!(settings.status, 403);
        assert_eq!(site.app.site_settings().await.unwrap().posts_per_page, 10);
        let password = site.post_with_headers("/desk/account/password", &[("current_password", PASSWORD), ("new_password", "stolen at last!")], &[("cookie", &admin.cookie)]).await;
        assert_eq!(password.status, 403);
        let invite = site.post_with_headers("/desk/users/invite", &[("name", "X"), ("email", "x@ledger.example"), ("role", "editor")], &[("cookie", &admin.cookie)]).await;
        assert_eq!(invite.status, 403);
        assert!(site.app.user_by_email("x@ledger.example").await.unwrap().is_none());
        let forgot = site.post_with_headers("/login/forgot", &[("email", "ada@ledger.example")], &[("sec-fetch-site", "cross-site")]).await;
        assert_eq!(forgot.status, 403);
    }
}
