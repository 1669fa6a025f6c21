//! The desk's writing screens through the real router: the list and its filters, the
//! editor's round trip with errors kept next to their fields, statuses by role, preview,
//! history, the trash, categories, and what readers then see (corrections, old addresses).

use crate::support::*;
use gazette_domain::Role;
use gazette_test_support::app_tests;

/// The fields of a new article, as the editor sends them.
pub(crate) fn article_form<'a>(title: &'a str, intent: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("slug", ""),
        ("body", "The council met on Tuesday.\n\nIt voted **5–4**."),
        ("excerpt", ""),
        ("publish_at", ""),
        ("tags", "budget, council"),
        ("comments_open", "1"),
        ("source_canonical", "1"),
        ("intent", intent),
    ]
}

/// The editor's address the answer to a save leads to, and the article's id in it.
pub(crate) fn saved_article(response: &gazette_test_support::TestResponse) -> (String, i64) {
    assert_eq!(response.status, 303, "{}", response.body);
    let location = response.header("location").unwrap().to_owned();
    let id = location
        .trim_start_matches("/desk/articles/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (location, id)
}

app_tests! {
    async fn an_editor_writes_publishes_and_readers_see_it(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let form = site.get_with_cookie("/desk/articles/new", &editor.0).await;
        assert_eq!(form.status, 200);
        let html = form.html();
        for field in ["title", "slug", "body", "excerpt", "publish_at", "tags", "source_name", "source_url", "source_author", "source_licence"] {
            let input = one(&html, &format!("#{field}"));
            let label = select(&html, &format!("label[for={field}]"));
            assert_eq!(label.len(), 1, "{field} has its label");
            assert!(input.value().name() == "input" || input.value().name() == "textarea");
        }
        assert!(select(&html, "button[name=intent][value=publish]").len() == 1);

        let saved = desk_post(&site, &editor, "/desk/articles/new", &article_form("Council passes the budget", "publish")).await;
        let (location, _) = saved_article(&saved);
        let notice_cookie = saved.headers_all("set-cookie").into_iter().find(|cookie| cookie.starts_with("gazette_notice=")).unwrap();
        let notice_cookie = notice_cookie.split(';').next().unwrap();
        let editor_page = site.get_with_cookie(&location, &format!("{}; {notice_cookie}", editor.0)).await;
        assert!(text(one(&editor_page.html(), ".desk-notice")).contains("Published"));

        let public = site.get("/2024/04/24/council-passes-the-budget/").await;
        assert_eq!(public.status, 200);
        let page = public.html();
        assert!(text(one(&page, ".entry-content")).contains("It voted 5–4."));
        assert_eq!(one(&page, "link[rel=canonical]").value().attr("href"), Some("http://127.0.0.1:8080/2024/04/24/council-passes-the-budget/"));
        assert!(text(one(&page, ".entry-tags")).contains("budget"));
    }

    async fn editors_write_pages_that_sit_under_one_another(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let list = site.get_with_cookie("/desk/articles/", &editor.0).await.html();
        assert_eq!(one(&list, "a[href='/desk/articles/new?kind=page']").value().attr("class"), Some("button button-quiet"));
        let form = site.get_with_cookie("/desk/articles/new?kind=page", &editor.0).await;
        assert_eq!(form.status, 200);
        let html = form.html();
        assert_eq!(text(one(&html, "h1")), "New page");
        assert_eq!(one(&html, "input[name=kind]").value().attr("value"), Some("page"));
        assert_eq!(select(&html, "#parent_page option").len(), 1, "no page to sit under yet");
        assert!(select(&html, "#tags").is_empty() && select(&html, "input[name=categories]").is_empty(), "pages are not filed");
        let author = signed_in(&site, "Aldo Author", Role::Author).await;
        let authors_list = site.get_with_cookie("/desk/articles/", &author.0).await.html();
        assert!(select(&authors_list, "a[href='/desk/articles/new?kind=page']").is_empty(), "authors write news, not pages");
        assert_eq!(site.get_with_cookie("/desk/articles/new?kind=page", &author.0).await.status, 403);
        let mut by_author = article_form("Our history", "publish");
        by_author.extend([("kind", "page"), ("parent_page", "")]);
        assert_eq!(desk_post(&site, &author, "/desk/articles/new", &by_author).await.status, 403);

        let mut about = article_form("About us", "publish");
        about.retain(|(name, _)| *name != "tags");
        about.extend([("kind", "page"), ("parent_page", "")]);
        let (_, about_id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &about).await);
        let about_id = about_id.to_string();
        let mut team = article_form("Team", "publish");
        team.extend([("kind", "page"), ("parent_page", about_id.as_str())]);
        let (team_editor, team_id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &team).await);

        saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Harbour reopens", "publish")).await);
        let listed = |html: &scraper::Html| select(html, "tbody tr strong").iter().map(|title| text(*title)).collect::<Vec<_>>();
        let only_pages = site.get_with_cookie("/desk/articles/?kind=page", &editor.0).await.html();
        let mut titles = listed(&only_pages);
        titles.sort();
        assert_eq!(titles, ["About us", "Team"]);
        assert_eq!(one(&only_pages, "#kind option[selected]").value().attr("value"), Some("page"));
        let only_news = site.get_with_cookie("/desk/articles/?kind=post", &editor.0).await.html();
        assert_eq!(listed(&only_news), ["Harbour reopens"]);
        let public = site.get("/about-us/team/").await;
        assert_eq!(public.status, 200);
        assert!(text(one(&public.html(), "h1")).contains("Team"));
        assert_eq!(site.get("/about-us/").await.status, 200);
        let home = site.get("/").await.html();
        assert!(select(&home, "a[href$='/about-us/team/']").is_empty(), "pages are not listed with the news");

        let edit_page = site.get_with_cookie(&team_editor, &editor.0).await.html();
        assert_eq!(text(one(&edit_page, "h1")), "Edit page");
        assert_eq!(one(&edit_page, "#parent_page option[selected]").value().attr("value"), Some(about_id.as_str()));
        assert_eq!(one(&edit_page, ".page-actions a[href='/about-us/team/']").value().attr("href"), Some("/about-us/team/"));

        // Putting About under Team comes back with the error beside the field.
        let about_editor = format!("/desk/articles/{about_id}/edit");
        let about_page = site.get_with_cookie(&about_editor, &editor.0).await.html();
        let based_on = one(&about_page, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let team_id = team_id.to_string();
        let mut looped = article_form("About us", "keep");
        looped.extend([("kind", "page"), ("parent_page", team_id.as_str()), ("based_on", based_on.as_str())]);
        let refused = desk_post(&site, &editor, &about_editor, &looped).await;
        assert_eq!(refused.status, 422);
        let html = refused.html();
        assert!(text(one(&html, "#parent_page-error")).contains("under itself"));
        assert!(select(&html, &format!("#parent_page option[value='{team_id}']")).is_empty(), "a page under About is not offered as its parent");
        assert_eq!(one(&html, "#title").value().attr("value"), Some("About us"), "what was typed is kept");
        assert_eq!(site.get("/about-us/").await.status, 200, "nothing moved");

        // Moving Team to the top moves its address; the old one answers 301.
        let team_page = site.get_with_cookie(&team_editor, &editor.0).await.html();
        let based_on = one(&team_page, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut moved = article_form("Team", "keep");
        moved.extend([("kind", "page"), ("parent_page", ""), ("based_on", based_on.as_str())]);
        saved_article(&desk_post(&site, &editor, &team_editor, &moved).await);
        assert_eq!(site.get("/team/").await.status, 200);
        let old = site.get("/about-us/team/").await;
        assert_eq!(old.status, 301);
        assert_eq!(old.header("location"), Some("/team/"));
    }

    async fn an_autosave_brings_back_every_field_typed(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let user = site.app.users().await.unwrap().into_iter().find(|user| user.role == Role::Editor).unwrap();
        let local = site.app.create_category(&user, &gazette_app::CategoryInput { name: "Local".into(), ..gazette_app::CategoryInput::default() }).await.unwrap().to_string();
        let (location, id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Flood warning", "draft")).await);
        let saved = site.get_with_cookie(&location, &editor.0).await.html();
        let based_on = one(&saved, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let id = id.to_string();
        let typed = [
            ("article_id", id.as_str()), ("title", "Flood warning lifted"), ("excerpt", ""), ("body", "The river fell overnight."),
            ("tags", "flood, river"), ("seo_title", "River falls"), ("categories", local.as_str()), ("source_name", "Valley Ledger"),
            ("based_on", "1"), ("intent", "publish"),
        ];
        site.app.clock().advance(60);
        let kept = desk_post(&site, &editor, "/desk/articles/autosave", &typed).await;
        assert_eq!(kept.status, 200, "{}", kept.body);
        assert!(kept.body.contains("\"saved\":true"), "{}", kept.body);

        let offered = site.get_with_cookie(&location, &editor.0).await.html();
        assert_eq!(one(&offered, "#title").value().attr("value"), Some("Flood warning"), "the saved version shows until the autosave is asked for");
        let restore = one(&offered, "#autosave-notice a").value().attr("href").unwrap().to_owned();
        let restored = site.get_with_cookie(&restore, &editor.0).await.html();
        assert_eq!(one(&restored, "#title").value().attr("value"), Some("Flood warning lifted"));
        assert_eq!(text(one(&restored, "#body")), "The river fell overnight.");
        assert_eq!(one(&restored, "#tags").value().attr("value"), Some("flood, river"));
        assert_eq!(one(&restored, "#seo_title").value().attr("value"), Some("River falls"));
        assert_eq!(one(&restored, "#source_name").value().attr("value"), Some("Valley Ledger"));
        assert!(one(&restored, &format!("#category-{local}")).value().attr("checked").is_some());
        assert_eq!(one(&restored, "input[name=based_on]").value().attr("value"), Some(based_on.as_str()), "the save is based on the stored revision, not the autosave's");
    }

    async fn a_form_with_mistakes_comes_back_with_everything_typed(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let mut fields = article_form("", "publish");
        fields.push(("slug", ""));
        fields.retain(|(name, _)| *name != "slug");
        fields.push(("slug", "Bad Slug!"));
        fields.push(("source_name", "Valley Ledger"));
        fields.push(("source_author", "Ada Lovelace"));
        fields.push(("publish_at", "someday"));
        fields.retain(|(name, value)| !(*name == "publish_at" && value.is_empty()));
        let response = desk_post(&site, &editor, "/desk/articles/new", &fields).await;
        assert_eq!(response.status, 422);
        let html = response.html();
        assert!(text(one(&html, "#title-error")).contains("title"));
        assert!(text(one(&html, "#slug-error")).contains("Bad Slug!"));
        assert!(text(one(&html, "#source_url-error")).contains("address"));
        assert!(text(one(&html, "#publish_at-error")).contains("someday"));
        assert_eq!(one(&html, "#title").value().attr("aria-invalid"), Some("true"));
        assert_eq!(one(&html, "#slug").value().attr("value"), Some("Bad Slug!"), "what was typed is kept");
        assert!(text(one(&html, "#body")).contains("It voted"), "the body is kept");
        assert_eq!(one(&html, "#source_name").value().attr("value"), Some("Valley Ledger"));
        assert_eq!(one(&html, "#source_author").value().attr("value"), Some("Ada Lovelace"));
        assert!(one(&html, "#form-errors").value().attr("role") == Some("alert"));
        assert_eq!(site.app.article_list().await.unwrap().len(), 0, "nothing was stored");
    }

    async fn a_republished_article_credits_its_original_s_author_as_the_editor_writes_it(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let mut fields = article_form("Mussels return", "publish");
        fields.extend([
            ("source_name", "Valley Ledger"),
            ("source_url", "https://ledger.example/mussels"),
            ("source_author", "  Ada   Lovelace "),
        ]);
        let preview = desk_post(&site, &editor, "/desk/articles/preview", &fields).await.html();
        assert_eq!(text(one(&preview, ".preview-body p.credit")), "By Ada Lovelace · Credit: Valley Ledger");
        let (location, _) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &fields).await);
        let page = site.get("/2024/04/24/mussels-return/").await.html();
        assert_eq!(text(one(&page, ".entry-content p.credit")), "By Ada Lovelace · Credit: Valley Ledger");

        let form = site.get_with_cookie(&location, &editor.0).await.html();
        assert_eq!(one(&form, "#source_author").value().attr("value"), Some("Ada Lovelace"), "kept as one clean line, for an editor to correct");
        let based_on = one(&form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let long = "A".repeat(201);
        let mut corrected = article_form("Mussels return", "keep");
        corrected.extend([("source_name", "Valley Ledger"), ("source_url", "https://ledger.example/mussels"), ("source_author", long.as_str()), ("based_on", based_on.as_str())]);
        let refused = desk_post(&site, &editor, &location, &corrected).await;
        assert_eq!(refused.status, 422);
        assert!(text(one(&refused.html(), "#source_author-error")).contains("at most 200 characters"));
        corrected.retain(|(name, _)| *name != "source_author");
        corrected.push(("source_author", "Grace Hopper"));
        saved_article(&desk_post(&site, &editor, &location, &corrected).await);
        let page = site.get("/2024/04/24/mussels-return/").await.html();
        assert_eq!(text(one(&page, ".entry-content p.credit .byline")), "By Grace Hopper");
    }

    async fn contributors_submit_for_review_and_editors_publish(site: TestApp) {
        let contributor = signed_in(&site, "Cora Contributor", Role::Contributor).await;
        let form = site.get_with_cookie("/desk/articles/new", &contributor.0).await.html();
        assert!(select(&form, "button[name=intent][value=publish]").is_empty(), "no publish button for contributors");
        assert_eq!(select(&form, "button[name=intent][value=review]").len(), 1);
        let forced = desk_post(&site, &contributor, "/desk/articles/new", &article_form("Bridge reopens", "publish")).await;
        assert_eq!(forced.status, 403);
        assert!(forced.body.contains("submit it for review"));
        assert!(text(one(&forced.html(), "#body")).contains("It voted"), "a refused save keeps the text");

        let submitted = desk_post(&site, &contributor, "/desk/articles/new", &article_form("Bridge reopens", "review")).await;
        let (_, id) = saved_article(&submitted);
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let pending = site.get_with_cookie("/desk/articles/?status=pending", &editor.0).await.html();
        assert_eq!(select(&pending, "tbody tr").len(), 1);
        assert!(text(one(&pending, ".status-links a[aria-current=page]")).contains("Pending review (1)"));
        let editor_form = site.get_with_cookie(&format!("/desk/articles/{id}/edit"), &editor.0).await.html();
        let based_on = one(&editor_form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut approve = article_form("Bridge reopens", "publish");
        approve.push(("based_on", &based_on));
        saved_article(&desk_post(&site, &editor, &format!("/desk/articles/{id}/edit"), &approve).await);
        assert_eq!(site.get("/2024/04/24/bridge-reopens/").await.status, 200);
        let locked = site.get_with_cookie(&format!("/desk/articles/{id}/edit"), &contributor.0).await.html();
        assert!(select(&locked, "button[name=intent]:not([hidden])").is_empty(), "a published article is out of the contributor's hands");
    }

    async fn the_list_filters_and_the_trash_restores(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        for title in ["Harbour dredging starts", "School roof repaired", "Harbour festival"] {
            saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form(title, "publish")).await);
        }
        let found = site.get_with_cookie("/desk/articles/?s=harbour", &editor.0).await.html();
        assert_eq!(select(&found, "tbody tr").len(), 2);
        let hostile = site.get_with_cookie("/desk/articles/?s=%25%27%22%3Cscript%3E", &editor.0).await;
        assert_eq!(hostile.status, 200);
        assert!(!hostile.body.contains("<script>"));
        assert_eq!(site.get_with_cookie("/desk/articles/?page=9", &editor.0).await.status, 404);
        assert_eq!(site.get_with_cookie("/desk/articles/?page=zero", &editor.0).await.status, 404);
        assert_eq!(site.get_with_cookie("/desk/articles/?status=deleted", &editor.0).await.status, 404);

        let all = site.get_with_cookie("/desk/articles/", &editor.0).await.html();
        let ids: Vec<String> = select(&all, "input[name=ids]").iter().map(|input| input.value().attr("value").unwrap().to_owned()).collect();
        assert_eq!(ids.len(), 3);
        let trashed = desk_post(&site, &editor, "/desk/articles/bulk", &[("action", "trash"), ("ids", &ids[0]), ("ids", &ids[1]), ("return_to", "/desk/articles/")]).await;
        assert_eq!(trashed.status, 303);
        let trash = site.get_with_cookie("/desk/articles/?status=trash", &editor.0).await.html();
        assert_eq!(select(&trash, "tbody tr").len(), 2);
        assert_eq!(select(&trash, "#bulk-action option[value=restore]").len(), 1);
        let restored = desk_post(&site, &editor, &format!("/desk/articles/{}/restore", ids[0]), &[]).await;
        assert_eq!(restored.status, 303);
        let deleted = desk_post(&site, &editor, "/desk/articles/bulk", &[("action", "delete"), ("ids", &ids[1])]).await;
        assert_eq!(deleted.status, 303);
        assert_eq!(site.app.article_list().await.unwrap().len(), 2);
        let refused = desk_post(&site, &editor, "/desk/articles/bulk", &[("action", "delete"), ("ids", &ids[0])]).await;
        assert_eq!(refused.status, 409, "only articles in the trash are deleted for good");
    }

    async fn history_preview_corrections_and_old_addresses(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let (location, id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Flood warning", "publish")).await);
        let form = site.get_with_cookie(&location, &editor.0).await.html();
        let based_on = one(&form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut renamed = article_form("Flood warning lifted", "keep");
        renamed.retain(|(name, _)| *name != "slug" && *name != "body");
        renamed.push(("slug", "flood-warning-lifted"));
        renamed.push(("body", "The river fell overnight.\n\nIt voted **5–4**."));
        renamed.push(("based_on", &based_on));
        site.app.clock().advance(60);
        saved_article(&desk_post(&site, &editor, &location, &renamed).await);

        let old = site.get("/2024/04/24/flood-warning/").await;
        assert_eq!(old.status, 301);
        assert_eq!(old.header("location"), Some("/2024/04/24/flood-warning-lifted/"));
        assert_eq!(site.get("/2024/04/24/flood-warning/feed/").await.header("location"), Some("/2024/04/24/flood-warning-lifted/feed/"));

        let stale = desk_post(&site, &editor, &location, &renamed).await;
        assert_eq!(stale.status, 409, "a save based on an older version is refused");
        assert!(text(one(&stale.html(), "#body")).contains("river fell"));

        let history = site.get_with_cookie(&format!("/desk/articles/{id}/revisions/"), &editor.0).await.html();
        let versions = select(&history, "tbody tr");
        assert_eq!(versions.len(), 2);
        let compare_url = one(&history, "tbody tr:first-child a").value().attr("href").unwrap().to_owned();
        let comparison = site.get_with_cookie(&compare_url, &editor.0).await.html();
        assert!(text(one(&comparison, ".field-changes")).contains("Flood warning lifted"));
        assert!(select(&comparison, ".diff-added").len() == 1 && select(&comparison, ".diff-removed").len() == 1);

        let preview = desk_post(&site, &editor, "/desk/articles/preview", &[("title", "Unsaved <b>title</b>"), ("body", "Draft *body* <script>alert(1)</script>")]).await;
        assert_eq!(preview.status, 200);
        let preview = preview.html();
        assert!(text(one(&preview, ".preview-title")).contains("Unsaved <b>title</b>"));
        assert_eq!(select(&preview, ".preview-body em").len(), 1);
        assert!(select(&preview, ".preview-body script").is_empty());
        let admin = site.app.users().await.unwrap().into_iter().find(|user| user.role == Role::Editor).unwrap();
        let local = site.app.create_category(&admin, &gazette_app::CategoryInput { name: "Local".into(), ..gazette_app::CategoryInput::default() }).await.unwrap();
        let local = local.to_string();
        let filed = desk_post(&site, &editor, "/desk/articles/preview", &[("title", "Filed"), ("body", "Text"), ("categories", local.as_str()), ("new_category", "Weather"), ("tags", "rain, wind")]).await.html();
        assert_eq!(text(one(&filed, "article > footer p:first-child")).trim(), "Filed under Local, Weather", "the unsaved categories are shown as ticked");
        assert_eq!(text(one(&filed, "article > footer p:last-child")).trim(), "Tagged rain, wind");

        let correction = desk_post(&site, &editor, &format!("/desk/articles/{id}/corrections"), &[("correction_kind", "correction"), ("correction_note", "An earlier version gave the wrong river.")]).await;
        assert_eq!(correction.status, 303);
        let empty_note = desk_post(&site, &editor, &format!("/desk/articles/{id}/corrections"), &[("correction_kind", "update"), ("correction_note", "   ")]).await;
        assert_eq!(empty_note.status, 422);
        assert!(one(&empty_note.html(), "#correction_note-error").value().attr("id").is_some());
        let public = site.get("/2024/04/24/flood-warning-lifted/").await.html();
        assert!(text(one(&public, ".corrections")).contains("An earlier version gave the wrong river."));
        assert!(text(one(&public, ".entry-meta")).contains("Updated"));
    }

    async fn nobody_reaches_writing_without_a_session_or_from_another_site(site: TestApp) {
        let anonymous = site.get("/desk/articles/").await;
        assert_eq!(anonymous.status, 302);
        assert_eq!(anonymous.header("location"), Some("/login?next=%2Fdesk%2Farticles%2F"));
        assert_eq!(site.post_with_headers("/desk/articles/new", &article_form("Sneaky", "publish"), &[]).await.status, 302);
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        let mut fields = article_form("Forged", "publish");
        fields.push(("csrf", "not-the-token"));
        let forged = site.post_with_headers("/desk/articles/new", &fields, &[("cookie", &editor.0)]).await;
        assert_eq!(forged.status, 403);
        let cross_site = site.post_with_headers("/desk/articles/new", &[("csrf", editor.1.as_str()), ("title", "Cross")], &[("cookie", &editor.0), ("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross_site.status, 403);
        assert_eq!(site.app.article_list().await.unwrap().len(), 0);

        let author = signed_in(&site, "Aldo Author", Role::Author).await;
        assert_eq!(site.get_with_cookie("/desk/categories/", &author.0).await.status, 403);
        let refused = desk_post(&site, &author, "/desk/categories/", &[("name", "Sports")]).await;
        assert_eq!(refused.status, 403);
        let added = desk_post(&site, &editor, "/desk/categories/", &[("name", "Sports"), ("slug", ""), ("parent", ""), ("description", "")]).await;
        assert_eq!(added.status, 303);
        let duplicate = desk_post(&site, &editor, "/desk/categories/", &[("name", "Sports"), ("slug", ""), ("parent", ""), ("description", "")]).await;
        assert_eq!(duplicate.status, 422);
        assert!(text(one(&duplicate.html(), "#slug-error")).contains("sports"));
    }

    async fn editors_keep_news_at_the_top_of_the_home_page_and_authors_cannot(site: TestApp) {
        let editor = signed_in(&site, "Edna Editor", Role::Editor).await;
        saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Older news", "publish")).await);
        let mut sticky = article_form("Road closures", "publish");
        sticky.extend([("sticky_offered", "1"), ("sticky", "1")]);
        let (location, id) = saved_article(&desk_post(&site, &editor, "/desk/articles/new", &sticky).await);
        saved_article(&desk_post(&site, &editor, "/desk/articles/new", &article_form("Newest news", "publish")).await);
        let titles = |html: &scraper::Html| select(html, ".article-summary .entry-title").into_iter().map(text).collect::<Vec<_>>();
        assert_eq!(titles(&site.get("/").await.html()), ["Road closures", "Newest news", "Older news"]);

        let form = site.get_with_cookie(&location, &editor.0).await.html();
        assert_eq!(text(one(&form, "label[for=sticky]")), "Keep at the top of the home page");
        assert!(one(&form, "#sticky").value().attr("checked").is_some());
        let based_on = one(&form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut cleared = article_form("Road closures", "keep");
        cleared.extend([("based_on", based_on.as_str()), ("sticky_offered", "1")]);
        saved_article(&desk_post(&site, &editor, &location, &cleared).await);
        assert_eq!(titles(&site.get("/").await.html()), ["Newest news", "Road closures", "Older news"], "the cached home page follows at once");

        let author = signed_in(&site, "Aldo Author", Role::Author).await;
        let own = desk_post(&site, &author, "/desk/articles/new", &article_form("Author's story", "publish")).await;
        let (own_location, own_id) = saved_article(&own);
        let author_form = site.get_with_cookie(&own_location, &author.0).await.html();
        assert!(select(&author_form, "#sticky").is_empty(), "authors are not offered the choice");
        let based_on = one(&author_form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut forged = article_form("Author's story", "keep");
        forged.extend([("based_on", based_on.as_str()), ("sticky_offered", "1"), ("sticky", "1")]);
        let refused = desk_post(&site, &author, &own_location, &forged).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert!(text(one(&refused.html(), "#form-errors")).contains("Only editors and administrators"), "{}", refused.body);
        assert!(!site.app.public_article_by_id(gazette_domain::ArticleId(own_id)).await.unwrap().sticky);

        site.app.set_article_sticky(gazette_domain::ArticleId(own_id), true).await.unwrap();
        let author_form = site.get_with_cookie(&own_location, &author.0).await.html();
        let based_on = one(&author_form, "input[name=based_on]").value().attr("value").unwrap().to_owned();
        let mut kept = article_form("Author's story, revised", "keep");
        kept.push(("based_on", based_on.as_str()));
        saved_article(&desk_post(&site, &author, &own_location, &kept).await);
        assert!(site.app.public_article_by_id(gazette_domain::ArticleId(own_id)).await.unwrap().sticky, "an author's save leaves an editor's choice alone");
        assert!(!site.app.public_article_by_id(gazette_domain::ArticleId(id)).await.unwrap().sticky);
    }
}
