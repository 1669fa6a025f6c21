//! Comment moderation on the desk: the queues with their counts, reasons and scores, the
//! article filter, pingbacks and trackbacks labelled and filtered by kind, and the search
//! (hostile input included), pages, actions on one comment
//! and on ticked ones (all or nothing), replies as staff, the public form used by a
//! signed-in member of staff, the moderation log, and every refusal.

use crate::support::*;
use gazette_app::{Actor, NewUser};
use gazette_domain::{Article, CommentId, CommentStatus, ModerationAction, Role, UserId};
use gazette_test_support::{TestApp, TestResponse, app_tests};

const PASSWORD: &str = "correct horse battery";

/// A signed-in member of staff: their session cookie and the CSRF token of their pages.
struct Session {
    user: UserId,
    cookie: String,
    csrf: String,
}

async fn signed_in(site: &TestApp, role: Role) -> Session {
    let name = format!("{} {}", role.as_str(), "Person");
    let email = format!("{}@ledger.example", role.as_str());
    let user = site
        .app
        .create_user(NewUser {
            display_name: name,
            email: email.clone(),
            role,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    let response = site
        .post_with_headers("/login", &[("email", &email), ("password", PASSWORD)], &[])
        .await;
    assert_eq!(response.status, 303, "{}", response.body);
    let cookie = response.cookie().unwrap();
    let desk = site.get_with_cookie("/desk/", &cookie).await.html();
    let csrf = select(&desk, "meta[name=csrf-token]")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_owned();
    Session {
        user: user.id,
        cookie,
        csrf,
    }
}

impl Session {
    async fn get(&self, site: &TestApp, path: &str) -> TestResponse {
        site.get_with_cookie(path, &self.cookie).await
    }

    /// Posts `fields` with this session's cookie and CSRF token, from this site.
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

    /// The page a `303` leads to, with the notice cookie it set.
    async fn follow(&self, site: &TestApp, response: &TestResponse) -> TestResponse {
        assert_eq!(response.status, 303, "{}", response.body);
        let location = response.header("location").unwrap();
        let notice = response.cookie().unwrap_or_default();
        site.get_with_cookie(location, &format!("{}; {notice}", self.cookie))
            .await
    }
}

async fn status_of(site: &TestApp, id: CommentId) -> CommentStatus {
    site.app.comment(id).await.unwrap().status
}

/// The ids of the rows of a queue page, top to bottom.
fn row_ids(page: &TestResponse) -> Vec<CommentId> {
    let html = page.html();
    select(&html, "tr.comment-row")
        .iter()
        .map(|row| {
            CommentId(
                row.value()
                    .attr("data-comment-id")
                    .unwrap()
                    .parse()
                    .unwrap(),
            )
        })
        .collect()
}

/// The status links as `(label, count)`, with the current one marked by `*`.
fn status_links(page: &TestResponse) -> Vec<String> {
    let html = page.html();
    select(&html, ".status-links a")
        .iter()
        .map(|link| {
            let current = if link.value().attr("aria-current").is_some() {
                "*"
            } else {
                ""
            };
            format!("{current}{}", text(*link))
        })
        .collect()
}

async fn moderate(site: &TestApp, id: CommentId, action: ModerationAction) {
    site.app
        .moderate_comments(&[id], action, &Actor::system())
        .await
        .unwrap();
}

/// Two pending, one approved, one spam, one trashed comment on `article`.
async fn every_status(site: &TestApp, article: &Article) -> [CommentId; 5] {
    let approved = approved_comment(site, article, "Ana Approved", "Fine work.").await;
    let first = pending_comment(site, article, "Ben Pending", "A first pending remark.").await;
    let second = pending_comment(site, article, "Cy Pending", "A second pending remark.").await;
    let spam = pending_comment(site, article, "Dee Spammer", "Cheap pills.").await;
    moderate(site, spam, ModerationAction::Spam).await;
    let trash = pending_comment(site, article, "Eve Trashed", "Off topic.").await;
    moderate(site, trash, ModerationAction::Trash).await;
    [approved, first, second, spam, trash]
}

app_tests! {
    async fn anonymous_visitors_are_sent_to_sign_in_and_writers_are_refused(site: TestApp) {
        let article = publish(&site, "Guarded").await;
        let id = pending_comment(&site, &article, "Ana", "Hello.").await;
        let anonymous = site.get("/desk/comments/?status=spam").await;
        assert_eq!(anonymous.status, 302);
        assert_eq!(anonymous.header("location"), Some("/login?next=%2Fdesk%2Fcomments%2F%3Fstatus%3Dspam"));
        let posted = site.post_with_headers("/desk/comments/moderate", &[("row", &format!("approve:{id}"))], &[]).await;
        assert_eq!(posted.status, 302);
        for path in ["/desk/comments/log", &format!("/desk/comments/{id}/log"), &format!("/desk/comments/{id}/reply")] {
            assert_eq!(site.get(path).await.status, 302, "{path}");
        }
        assert_eq!(site.get("/desk/comments").await.status, 301, "the address without its slash");

        for role in [Role::Author, Role::Contributor] {
            let writer = signed_in(&site, role).await;
            let desk = writer.get(&site, "/desk/").await;
            assert!(!desk.body.contains("/desk/comments/"), "{role} is not offered the comments");
            for path in ["/desk/comments/", "/desk/comments/log", &format!("/desk/comments/{id}/log"), &format!("/desk/comments/{id}/reply")] {
                let refused = writer.get(&site, path).await;
                assert_eq!(refused.status, 403, "{role} at {path}");
                assert!(refused.body.contains("only administrators and editors can"), "{}", refused.body);
            }
            let refused = writer.post(&site, "/desk/comments/moderate", &[("row", &format!("approve:{id}"))]).await;
            assert_eq!(refused.status, 403);
            let refused = writer.post(&site, &format!("/desk/comments/{id}/reply"), &[("comment", "Thanks!")]).await;
            assert_eq!(refused.status, 403);
        }
        assert_eq!(status_of(&site, id).await, CommentStatus::Pending, "nothing changed");
    }

    async fn the_queues_show_counts_reasons_scores_and_what_readers_never_see(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let article = publish(&site, "Council passes the budget").await;
        let [approved, first, second, spam, trash] = every_status(&site, &article).await;
        let posted = site.post_form(&path_of(&article), &[("comment", "Posted through the form."), ("author", "Fay Form"), ("email", "fay@readers.example"), ("url", "fay.example")]).await;
        assert_eq!(posted.status, 303);
        let scored = site.app.comments_awaiting_moderation().await.unwrap();
        assert_eq!(scored, 3);

        let queue = editor.get(&site, "/desk/comments/").await;
        assert_eq!(queue.status, 200);
        assert_well_formed(&queue.html());
        assert_eq!(status_links(&queue), ["*Pending (3)", "Approved (1)", "Spam (1)", "Trash (1)", "All (4)"], "pending first, when there are any");
        let pending = row_ids(&queue);
        assert_eq!(pending.len(), 3);
        assert_eq!(&pending[1..], [second, first], "newest first");
        let html = queue.html();
        let newest = one(&html, &format!("#comment-row-{}", pending[0]));
        let newest_html = newest.html();
        assert!(newest_html.contains("fay@readers.example"), "moderators see the email address");
        assert!(newest_html.contains("203.0.113.10"), "and the IP address");
        assert!(newest_html.contains("http://fay.example/"), "and the website");
        assert!(text(newest).contains("First-time commenter"), "{}", text(newest));
        let score = text(one(&html, &format!("#comment-row-{} .spam-score", pending[0])));
        assert!(score.starts_with("Spam score: ") && score.ends_with('%'), "{score}");
        let reason = text(one(&html, &format!("#comment-row-{first} .comment-moderation")));
        assert!(reason.contains("First-time commenter") && reason.len() > "First-time commenter".len() + 10, "{reason}");
        let article_cell = one(&html, &format!("#comment-row-{first} .comment-article-cell"));
        assert_eq!(select(&html, &format!("#comment-row-{first} .comment-article a[href='{}']", path_of(&article))).len(), 1, "linked to its public page");
        assert!(article_cell.html().contains(&format!("/desk/articles/{}/edit", article.id)));
        let buttons: Vec<String> = select(&html, &format!("#comment-row-{first} .row-actions button")).iter().map(|button| text(*button)).collect();
        assert_eq!(buttons, ["Approve", "Spam", "Trash"]);
        assert!(!site.get(&path_of(&article)).await.body.contains("fay@readers.example"), "readers never see it");

        let spam_queue = editor.get(&site, "/desk/comments/?status=spam").await;
        assert_eq!(row_ids(&spam_queue), [spam]);
        let spam_html = spam_queue.html();
        let spam_buttons: Vec<String> = select(&spam_html, ".row-actions button").iter().map(|button| text(*button)).collect();
        assert_eq!(spam_buttons, ["Not spam", "Trash", "Delete for good"]);
        assert!(one(&spam_html, ".row-actions button.button-danger").value().attr("data-confirm").unwrap().contains("cannot be undone"));
        assert_eq!(row_ids(&editor.get(&site, "/desk/comments/?status=trash").await), [trash]);
        assert_eq!(row_ids(&editor.get(&site, "/desk/comments/?status=approved").await), [approved]);
        let all = editor.get(&site, "/desk/comments/?status=all").await;
        assert_eq!(row_ids(&all).len(), 4, "all is everything but spam and trash");

        site.app.moderate_comments(&pending, ModerationAction::Approve, &Actor::system()).await.unwrap();
        let nothing_pending = editor.get(&site, "/desk/comments/").await;
        assert_eq!(status_links(&nothing_pending)[4], "*All (4)", "with nothing pending, everything is shown");

        let reply = editor.post(&site, &format!("/desk/comments/{first}/reply"), &[("comment", "Thank you.")]).await;
        assert_eq!(reply.status, 303);
        let all = editor.get(&site, "/desk/comments/?status=approved").await;
        let all_html = all.html();
        let staff_row = &select(&all_html, "tr.comment-row")[0];
        assert!(text(*staff_row).contains("Staff"), "{}", text(*staff_row));
        assert!(text(*staff_row).contains("in reply to Ben Pending"), "{}", text(*staff_row));
    }

    async fn filters_and_search_combine_and_take_hostile_input_literally(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let budget = publish(&site, "Budget").await;
        let bridge = publish(&site, "Bridge").await;
        let on_budget = pending_comment(&site, &budget, "Ana", "Rates up by 100% again?").await;
        let on_bridge = pending_comment(&site, &bridge, "Ben_Underscore", "The bridge is \"closed\" and O'Brien is cross.").await;
        let spam_on_bridge = pending_comment(&site, &bridge, "Cy", "Spam about the bridge.").await;
        moderate(&site, spam_on_bridge, ModerationAction::Spam).await;

        let queue = editor.get(&site, "/desk/comments/").await.html();
        let filter_link = one(&queue, &format!("#comment-row-{on_bridge} .comment-article-cell a[href*='article=']")).value().attr("href").unwrap().to_owned();
        let bridge_only = editor.get(&site, &filter_link).await;
        assert_eq!(row_ids(&bridge_only), [on_bridge]);
        assert_eq!(status_links(&bridge_only), ["*Pending (1)", "Approved (0)", "Spam (1)", "Trash (0)", "All (1)"], "counts follow the article filter");
        assert!(text(one(&bridge_only.html(), "h1")).contains("Bridge"));
        let spam_on_article = editor.get(&site, &format!("/desk/comments/?status=spam&article={}", bridge.id)).await;
        assert_eq!(row_ids(&spam_on_article), [spam_on_bridge]);

        for (search, expected) in [
            ("100%", vec![on_budget]),
            ("%", vec![on_budget]),
            ("_", vec![on_bridge]),
            ("\"closed\"", vec![on_bridge]),
            ("O'Brien", vec![on_bridge]),
            ("ana@readers", vec![on_budget]),
            ("RATES", vec![on_budget]),
            ("' OR '1'='1", vec![]),
            ("<script>alert(1)</script>", vec![]),
            ("\u{0}\u{202E}", vec![on_bridge, on_budget]),
        ] {
            let path = format!("/desk/comments/?status=pending&s={}", url::form_urlencoded::byte_serialize(search.as_bytes()).collect::<String>());
            let page = editor.get(&site, &path).await;
            assert_eq!(page.status, 200, "{search}");
            assert_eq!(row_ids(&page), expected, "searching for {search:?}");
            let html = page.html();
            assert_well_formed(&html);
            let kept = search.replace(['\u{0}', '\u{202E}'], "");
            assert_eq!(one(&html, "input#s").value().attr("value"), Some(kept.as_str()), "the search is kept as typed, less invisible controls");
        }
        assert!(!editor.get(&site, "/desk/comments/?s=%3Cscript%3Ealert(1)%3C/script%3E").await.body.contains("<script>alert"), "escaped");
        let long = "%_'\"".repeat(500);
        let long_page = editor.get(&site, &format!("/desk/comments/?s={}", url::form_urlencoded::byte_serialize(long.as_bytes()).collect::<String>())).await;
        assert_eq!(long_page.status, 200);
        assert!(row_ids(&long_page).is_empty());
        let combined = editor.get(&site, &format!("/desk/comments/?status=spam&article={}&s=spam", bridge.id)).await;
        assert_eq!(row_ids(&combined), [spam_on_bridge]);
        assert_eq!(row_ids(&editor.get(&site, &format!("/desk/comments/?status=pending&article={}&s=spam", bridge.id)).await), []);

        for path in ["/desk/comments/?status=bogus", "/desk/comments/?article=abc", "/desk/comments/?article=0", "/desk/comments/?article=987654"] {
            assert_eq!(editor.get(&site, path).await.status, 404, "{path}");
        }
    }

    async fn pages_are_numbered_stably_and_their_ends_are_not_found(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        assert_eq!(editor.get(&site, "/desk/comments/").await.status, 200, "the first page of an empty queue");
        assert_eq!(editor.get(&site, "/desk/comments/?page=2").await.status, 404);
        let article = publish(&site, "Busy").await;
        let mut ids = Vec::new();
        for number in 0..21 {
            ids.push(pending_comment(&site, &article, &format!("Reader {number}"), &format!("Remark number {number}.")).await);
        }
        let first = editor.get(&site, "/desk/comments/?status=pending").await;
        assert_eq!(row_ids(&first).len(), 20);
        assert_eq!(row_ids(&first)[0], ids[20]);
        let next = one(&first.html(), "a[rel=next]").value().attr("href").unwrap().to_owned();
        assert_eq!(next, "/desk/comments/?status=pending&page=2");
        let second = editor.get(&site, &next).await;
        assert_eq!(row_ids(&second), [ids[0]]);
        assert_eq!(one(&second.html(), "a[rel=prev]").value().attr("href"), Some("/desk/comments/?status=pending"));
        for page in ["3", "0", "-1", "two", "99999999999"] {
            assert_eq!(editor.get(&site, &format!("/desk/comments/?status=pending&page={page}")).await.status, 404, "page {page}");
        }

        // Emptying the last page sends the moderator back to the page that is now last.
        let emptied = editor.post(&site, "/desk/comments/moderate", &[("row", &format!("approve:{}", ids[0])), ("status", "pending"), ("page", "2")]).await;
        assert_eq!(emptied.status, 303);
        assert_eq!(emptied.header("location"), Some("/desk/comments/?status=pending"));
    }

    async fn actions_return_to_the_same_place_and_bulk_actions_are_all_or_nothing(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let article = publish(&site, "Acted on").await;
        let [_, first, second, spam, trash] = every_status(&site, &article).await;
        let place = [("status", "pending"), ("article", &article.id.to_string()), ("s", "pending")];
        let article_id = article.id.to_string();
        let place = [place[0], ("article", article_id.as_str()), place[2]];

        let (first_text, second_text) = (first.to_string(), second.to_string());
        let missing = [("bulk_action", "approve"), ("comment", first_text.as_str()), ("comment", second_text.as_str()), ("comment", "987654"), place[0], place[1], place[2]];
        let refused = editor.post(&site, "/desk/comments/moderate", &missing).await;
        assert_eq!(refused.status, 422);
        let html = refused.html();
        assert!(text(one(&html, "#bulk_action-error")).contains("There is no comment 987654; nothing was changed."), "{}", refused.body);
        assert_eq!(one(&html, "#bulk_action").value().attr("aria-invalid"), Some("true"));
        assert_eq!(select(&html, "input[name=comment][checked]").len(), 2, "the ticks are kept");
        assert_eq!(select(&html, "#bulk_action option[selected]")[0].value().attr("value"), Some("approve"));
        assert_eq!((status_of(&site, first).await, status_of(&site, second).await), (CommentStatus::Pending, CommentStatus::Pending), "nothing was changed");
        assert!(site.app.moderation_log(Some(first), 10).await.unwrap().is_empty());

        let nothing_ticked = editor.post(&site, "/desk/comments/moderate", &[("bulk_action", "approve")]).await;
        assert_eq!(nothing_ticked.status, 422);
        assert!(text(one(&nothing_ticked.html(), "#bulk_action-error")).contains("Tick at least one comment"));
        let no_action = editor.post(&site, "/desk/comments/moderate", &[("bulk_action", ""), ("comment", &first_text)]).await;
        assert_eq!(no_action.status, 422);

        let approved = editor.post(&site, "/desk/comments/moderate", &[("bulk_action", "approve"), ("comment", &first_text), ("comment", &second_text), place[0], place[1], place[2]]).await;
        assert_eq!(approved.status, 303);
        assert_eq!(approved.header("location"), Some(format!("/desk/comments/?status=pending&article={}&s=pending", article.id).as_str()));
        let after = editor.follow(&site, &approved).await;
        assert_eq!(text(one(&after.html(), ".desk-notice")), "2 comments approved.");
        assert_eq!((status_of(&site, first).await, status_of(&site, second).await), (CommentStatus::Approved, CommentStatus::Approved));
        let log = site.app.moderation_log(Some(first), 10).await.unwrap();
        assert_eq!(Actor::describe(&log[0].actor), format!("editor Person (user {})", editor.user));

        let row = editor.post(&site, "/desk/comments/moderate", &[("row", &format!("unapprove:{first}")), ("bulk_action", "trash"), ("comment", &second_text)]).await;
        assert_eq!(row.status, 303, "a row's button acts on its row only");
        assert_eq!(text(one(&editor.follow(&site, &row).await.html(), ".desk-notice")), "1 comment sent back to pending.");
        assert_eq!((status_of(&site, first).await, status_of(&site, second).await), (CommentStatus::Pending, CommentStatus::Approved));

        let (spam_text, trash_text) = (spam.to_string(), trash.to_string());
        let deleted = editor.post(&site, "/desk/comments/moderate", &[("apply", "delete"), ("bulk_action", ""), ("comment", &spam_text), ("comment", &trash_text), ("status", "spam")]).await;
        assert_eq!(deleted.status, 303);
        assert_eq!(deleted.header("location"), Some("/desk/comments/?status=spam"));
        assert_eq!(text(one(&editor.follow(&site, &deleted).await.html(), ".desk-notice")), "2 comments deleted for good.");
        assert!(site.app.comment(spam).await.is_err() && site.app.comment(trash).await.is_err());

        let unchanged = editor.post(&site, "/desk/comments/moderate", &[("row", &format!("restore:{second}"))]).await;
        assert!(text(one(&editor.follow(&site, &unchanged).await.html(), ".desk-notice")).starts_with("Nothing changed"));
    }

    async fn refused_requests_change_nothing(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let other = signed_in(&site, Role::Administrator).await;
        let article = publish(&site, "Forged").await;
        let id = pending_comment(&site, &article, "Ana", "Hello.").await;
        let row = format!("approve:{id}");
        let reply_path = format!("/desk/comments/{id}/reply");
        for (path, field) in [("/desk/comments/moderate", ("row", row.as_str())), (reply_path.as_str(), ("comment", "A forged reply."))] {
            let without_token = site.post_with_headers(path, &[field], &[("cookie", &editor.cookie)]).await;
            assert_eq!(without_token.status, 403, "{path}");
            let wrong_token = site.post_with_headers(path, &[field, ("csrf", &other.csrf)], &[("cookie", &editor.cookie)]).await;
            assert_eq!(wrong_token.status, 403, "another session's token, {path}");
            let cross_site = site.post_with_headers(path, &[field, ("csrf", &editor.csrf)], &[("cookie", &editor.cookie), ("sec-fetch-site", "cross-site")]).await;
            assert_eq!(cross_site.status, 403, "{path}");
            let other_origin = site.post_with_headers(path, &[field, ("csrf", &editor.csrf)], &[("cookie", &editor.cookie), ("origin", "https://evil.example"), ("host", "localhost")]).await;
            assert_eq!(other_origin.status, 403, "{path}");
        }
        assert_eq!(status_of(&site, id).await, CommentStatus::Pending);
        assert_eq!(site.app.comments_awaiting_moderation().await.unwrap(), 1, "no reply was stored");
        assert!(site.app.moderation_log(None, 10).await.unwrap().is_empty());
        let with_header = site.post_with_headers("/desk/comments/moderate", &[("row", &row)], &[("cookie", &editor.cookie), ("x-csrf-token", &editor.csrf), ("sec-fetch-site", "same-origin")]).await;
        assert_eq!(with_header.status, 303, "scripts send the token in a header");
        assert_eq!(status_of(&site, id).await, CommentStatus::Approved);
    }

    async fn a_reply_as_staff_is_published_at_once_and_threaded(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let article = publish(&site, "Answered").await;
        let question = pending_comment(&site, &article, "Ana Asker", "When does the bridge reopen?").await;
        let queue = editor.get(&site, "/desk/comments/?status=pending").await.html();
        let reply_link = one(&queue, &format!("#comment-row-{question} a[data-shortcut=r]")).value().attr("href").unwrap().to_owned();
        assert_eq!(reply_link, format!("/desk/comments/{question}/reply?status=pending"));
        let form = editor.get(&site, &reply_link).await;
        assert_eq!(form.status, 200);
        let html = form.html();
        assert_well_formed(&html);
        assert!(text(one(&html, "#comment-hint")).contains("approves the comment first"));
        assert_eq!(one(&html, "label[for=comment]").value().attr("for"), Some("comment"));

        let empty = editor.post(&site, &format!("/desk/comments/{question}/reply"), &[("comment", "   "), ("status", "pending")]).await;
        assert_eq!(empty.status, 422);
        let html = empty.html();
        assert!(text(one(&html, "#comment-error")).contains("Please type your comment"));
        assert_eq!(one(&html, "#comment").value().attr("aria-invalid"), Some("true"));
        assert_eq!(status_of(&site, question).await, CommentStatus::Pending, "nothing half-done");

        let answer = "It reopens on Monday.\n\nThanks for asking.";
        let published = editor.post(&site, &format!("/desk/comments/{question}/reply"), &[("comment", answer), ("status", "pending")]).await;
        assert_eq!(published.status, 303);
        assert_eq!(published.header("location"), Some("/desk/comments/?status=pending"));
        let notice = editor.follow(&site, &published).await;
        assert_eq!(text(one(&notice.html(), ".desk-notice")), "Ana Asker’s comment is approved, and your reply is published.");
        assert_eq!(status_of(&site, question).await, CommentStatus::Approved, "answering approved the question");
        let reply = site.app.list_comments(None).await.unwrap().into_iter().find(|comment| comment.parent_id == Some(question)).unwrap();
        assert_eq!((reply.status, reply.user_id, reply.author_name.as_str(), reply.author_email.as_str()), (CommentStatus::Approved, Some(editor.user), "editor Person", "editor@ledger.example"));
        assert_eq!(reply.moderation_rule, None);
        let log = site.app.moderation_log(Some(question), 10).await.unwrap();
        assert_eq!((log.len(), log[0].action.as_str()), (1, "approve"));

        let public = site.get(&path_of(&article)).await.html();
        let nested = one(&public, &format!("#comment-{question} > ol.children > li#comment-{}", reply.id));
        assert!(text(nested).contains("It reopens on Monday."));
        assert!(text(nested).contains("editor Person"));

        let twice = editor.post(&site, &format!("/desk/comments/{question}/reply"), &[("comment", answer)]).await;
        assert_eq!(twice.status, 409, "the same reply is not taken twice");
        assert!(twice.body.contains("It reopens on Monday."), "what was typed is kept");

        let spam = pending_comment(&site, &article, "Sam Spam", "Buy now.").await;
        moderate(&site, spam, ModerationAction::Spam).await;
        let refusal = editor.get(&site, &format!("/desk/comments/{spam}/reply")).await;
        assert_eq!(refusal.status, 200);
        assert!(refusal.body.contains("is with the spam"));
        assert!(select(&refusal.html(), "form.comment-reply-form").is_empty());
        let refused = editor.post(&site, &format!("/desk/comments/{spam}/reply"), &[("comment", "Really?")]).await;
        assert_eq!(refused.status, 409);
        assert!(refused.body.contains("Really?"), "what was typed is kept");
        assert_eq!(editor.get(&site, "/desk/comments/987654/reply").await.status, 404);
        assert_eq!(editor.get(&site, "/desk/comments/abc/reply").await.status, 404);
    }

    async fn the_public_form_publishes_for_staff_only_with_a_real_session(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let author = signed_in(&site, Role::Author).await;
        let article = publish(&site, "Open to all").await;
        let path = path_of(&article);
        let fields = |text: &'static str| vec![("comment", text), ("author", "Typed Name"), ("email", "typed@readers.example"), ("url", ""), ("comment_parent", "0")];
        let newest = |site: &TestApp| {
            let app = site.app.clone();
            async move { app.list_comments(None).await.unwrap().remove(0) }
        };

        let as_staff = site.post_form_with_cookie(&path, &fields("Posted by the editor."), Some(&editor.cookie)).await;
        assert_eq!(as_staff.status, 303);
        let comment = newest(&site).await;
        assert_eq!((comment.status, comment.user_id), (CommentStatus::Approved, Some(editor.user)));
        assert_eq!((comment.author_name.as_str(), comment.author_email.as_str()), ("editor Person", "editor@ledger.example"), "staff post under their own name");
        assert!(site.get(&path).await.body.contains("Posted by the editor."), "published at once");

        let as_reader = site.post_form(&path, &fields("Posted by a reader.")).await;
        assert_eq!(as_reader.status, 303);
        let comment = newest(&site).await;
        assert_eq!((comment.status, comment.user_id, comment.author_name.as_str()), (CommentStatus::Pending, None, "Typed Name"));

        let forged = site.post_form_with_cookie(&path, &fields("Posted with a made-up session."), Some("gazette_session=0123456789abcdef")).await;
        assert_eq!(forged.status, 303);
        let comment = newest(&site).await;
        assert_eq!((comment.status, comment.user_id), (CommentStatus::Pending, None), "a made-up session is nobody");

        let token = site.form_token_on(&path).await.unwrap();
        site.app.clock().advance(20);
        let mut cross_site_fields = fields("Posted from another site.");
        cross_site_fields.push(("gazette_form_token", &token));
        let cross_site = site.post_with_headers(&path, &cross_site_fields, &[("cookie", &editor.cookie), ("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross_site.status, 303);
        let comment = newest(&site).await;
        assert_eq!((comment.status, comment.user_id), (CommentStatus::Pending, None), "another site cannot post as the editor");

        let by_author = site.post_form_with_cookie(&path, &fields("Posted by an author on someone else's article."), Some(&author.cookie)).await;
        assert_eq!(by_author.status, 303);
        let comment = newest(&site).await;
        assert_eq!((comment.status, comment.user_id), (CommentStatus::Pending, Some(author.user)), "only moderators and the article's author skip the checks");
    }

    async fn the_moderation_log_tells_who_did_what_to_which_comment(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let article = publish(&site, "Logged").await;
        let kept = pending_comment(&site, &article, "Ana Kept", "Stay.").await;
        let gone = pending_comment(&site, &article, "Ben Gone", "Go.").await;
        let untouched = pending_comment(&site, &article, "Cy Untouched", "Nothing.").await;
        for (action, id) in [("approve", kept), ("trash", gone), ("delete", gone)] {
            let done = editor.post(&site, "/desk/comments/moderate", &[("row", &format!("{action}:{id}"))]).await;
            assert_eq!(done.status, 303, "{action}");
        }

        let log = editor.get(&site, "/desk/comments/log").await;
        assert_eq!(log.status, 200);
        let html = log.html();
        assert_well_formed(&html);
        let lines: Vec<String> = select(&html, "table.moderation-log tbody tr").iter().map(|line| text(*line)).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains("Deleted for good") && lines[0].contains(&format!("Comment {gone}")), "{}", lines[0]);
        assert!(lines[2].contains("Approved") && lines[2].contains("Ana Kept") && lines[2].contains("Logged"), "{}", lines[2]);
        assert!(lines[2].contains(&format!("editor Person (user {})", editor.user)), "{}", lines[2]);
        assert!(lines[2].contains("Pending → Approved"), "{}", lines[2]);

        let one_comment = editor.get(&site, &format!("/desk/comments/{kept}/log")).await;
        assert_eq!(one_comment.status, 200);
        assert!(one_comment.body.contains("Stay."));
        assert_eq!(select(&one_comment.html(), "table.moderation-log tbody tr").len(), 1);
        let deleted = editor.get(&site, &format!("/desk/comments/{gone}/log")).await;
        assert_eq!(deleted.status, 200);
        assert!(deleted.body.contains("deleted for good"));
        assert_eq!(select(&deleted.html(), "table.moderation-log tbody tr").len(), 2);
        assert_eq!(editor.get(&site, &format!("/desk/comments/{untouched}/log")).await.status, 200, "a comment with no history yet");
        for path in ["/desk/comments/987654/log", "/desk/comments/abc/log", "/desk/comments/log?page=2", "/desk/comments/log?page=0"] {
            assert_eq!(editor.get(&site, path).await.status, 404, "{path}");
        }
    }

    async fn the_desk_front_page_counts_comments_awaiting_moderation(site: TestApp) {
        let editor = signed_in(&site, Role::Editor).await;
        let author = signed_in(&site, Role::Author).await;
        let article = publish(&site, "Waiting").await;
        pending_comment(&site, &article, "Ana", "One.").await;
        pending_comment(&site, &article, "Ben", "Two.").await;
        let desk = editor.get(&site, "/desk/").await.html();
        let link = one(&desk, ".desk-comments-awaiting a");
        assert_eq!(text(link), "Comments awaiting moderation: 2");
        assert_eq!(link.value().attr("href"), Some("/desk/comments/?status=pending"));
        assert!(select(&author.get(&site, "/desk/").await.html(), ".desk-comments-awaiting").is_empty());
    }

    async fn pingbacks_and_trackbacks_are_labelled_linked_and_filtered_by_kind(site: TestApp) {
        let report = site.app.import_wordpress(
            Box::new(std::io::Cursor::new(gazette_test_support::wordpress::TRAPS.as_bytes().to_vec())),
            &gazette_app::ImportOptions::default(),
            &gazette_app::Unobserved,
        ).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        let editor = signed_in(&site, Role::Editor).await;

        let approved = editor.get(&site, "/desk/comments/?status=approved").await;
        assert_eq!(approved.status, 200);
        let html = approved.html();
        assert_well_formed(&html);
        assert_eq!(text(one(&html, "#comment-row-30 .badge.kind-pingback")), "Pingback");
        assert_eq!(one(&html, "#comment-row-30 a.linkback-source").value().attr("href"), Some("https://other.example/linking-post/"));
        assert_eq!(text(one(&html, "#comment-row-31 .badge.kind-trackback")), "Trackback");
        assert_eq!(one(&html, "#comment-row-31 a.linkback-source").value().attr("href"), Some("https://another.example/post/"));
        assert!(select(&html, "#comment-row-30 a[data-shortcut=r]").is_empty(), "another site's notice is not answered here");
        assert!(select(&html, "#comment-row-30 .comment-contact a[title='Comments from this address']").is_empty(), "no empty email address is shown");
        let readers: Vec<CommentId> = row_ids(&approved).into_iter().filter(|id| ![30, 31].contains(&id.get())).collect();
        assert!(!readers.is_empty());
        for id in &readers {
            assert!(select(&html, &format!("#comment-row-{id} .badge[class*=kind-]")).is_empty(), "a reader's comment {id} is not labelled");
        }
        assert_eq!(select(&html, "#type option").iter().map(|option| text(*option)).collect::<Vec<_>>(), ["All types", "Comments", "Pingbacks", "Trackbacks"]);

        let pings = editor.get(&site, "/desk/comments/?status=approved&type=pingback").await;
        assert_eq!(row_ids(&pings), [CommentId(30)]);
        assert!(status_links(&pings).contains(&"*Approved (1)".to_owned()), "{:?}", status_links(&pings));
        let html = pings.html();
        assert_eq!(one(&html, "#type option[selected]").value().attr("value"), Some("pingback"));
        assert!(select(&html, "form.filters input[type=hidden][name=type]").is_empty(), "the list chooses the kind in the filter form");
        assert_eq!(one(&html, "form.comment-queue-form input[name=type]").value().attr("value"), Some("pingback"), "actions come back to the same kind");
        assert_eq!(row_ids(&editor.get(&site, "/desk/comments/?status=approved&type=trackback").await), [CommentId(31)]);
        let comments = row_ids(&editor.get(&site, "/desk/comments/?status=approved&type=comment").await);
        assert_eq!(comments, readers, "readers' comments alone");
        let none = editor.get(&site, "/desk/comments/?status=pending&type=trackback").await;
        assert_eq!(text(one(&none.html(), ".empty-queue")), "No pending trackbacks.");
        assert_eq!(editor.get(&site, "/desk/comments/?type=ping").await.status, 404);

        let reply_form = editor.get(&site, "/desk/comments/30/reply").await;
        assert_eq!(reply_form.status, 200);
        assert!(text(one(&reply_form.html(), ".desk-warning")).contains("pingback from another site"));
        let refused = editor.post(&site, "/desk/comments/30/reply", &[("comment", "Thanks for the link.")]).await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert_eq!(row_ids(&editor.get(&site, "/desk/comments/?status=approved").await).len(), readers.len() + 2, "nothing was added");
    }
}
