//! The `gazette` binary end to end: commands, their output and errors, and a served site
//! that shows a comment the moment another process approves it.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_test_support::TestDatabase;
use gazette_test_support::feed_server::FeedServer;
use gazette_test_support::wordpress::TRAPS;
use serde_json::Value;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// A site in its own temporary data folder.
struct Site {
    folder: tempfile::TempDir,
    database: Option<String>,
}

impl Site {
    fn new() -> Self {
        Self {
            folder: tempfile::tempdir().unwrap(),
            database: None,
        }
    }

    fn command(&self, arguments: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
        command.arg("--data-dir").arg(self.folder.path());
        if let Some(database) = &self.database {
            command.arg("--database").arg(database);
        }
        command
            .args(arguments)
            .env_remove("GAZETTE_DATABASE_URL")
            .env_remove("GAZETTE_CONFIG")
            .env_remove("GAZETTE_LOG");
        command
    }

    fn run(&self, arguments: &[&str]) -> Output {
        self.command(arguments).output().unwrap()
    }

    /// Runs a command that must succeed and returns its standard output.
    fn ok(&self, arguments: &[&str]) -> String {
        let output = self.run(arguments);
        assert!(
            output.status.success(),
            "gazette {arguments:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail and returns its standard error.
    fn fails(&self, arguments: &[&str]) -> String {
        let output = self.run(arguments);
        assert!(
            !output.status.success(),
            "gazette {arguments:?} should have failed"
        );
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with("error: "),
            "errors start with `error:`: {stderr}"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "an error is one sentence on one line: {stderr}"
        );
        stderr
    }

    fn json(&self, arguments: &[&str]) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.ok(arguments))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.folder.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

/// A running `gazette serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(site: &Site) -> Self {
        Self::start_with(site, &[])
    }

    fn start_with(site: &Site, extra_arguments: &[&str]) -> Self {
        let mut arguments = vec!["serve", "--listen", "127.0.0.1:0"];
        arguments.extend_from_slice(extra_arguments);
        let mut child = site
            .command(&arguments)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        let address = first_line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {first_line:?}"))
            .to_owned();
        Self { child, address }
    }

    /// `GET path` over a real connection: the status line and the body.
    fn get(&self, path: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        (head.lines().next().unwrap().to_owned(), body.to_owned())
    }
}

/// Reads one HTTP response's status line from `stream`; a hang guard, not a timing check.
fn status_line(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(std::time::Duration::from_mins(1)))
        .unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn path_of(url: &str) -> &str {
    url[url.find("://").map_or(0, |scheme| scheme + 3)..].trim_start_matches(|c| c != '/')
}

#[test]
fn every_command_has_help() {
    let site = Site::new();
    for command in [
        &[][..],
        &["serve"],
        &["demo"],
        &["migrate"],
        &["article", "add"],
        &["article", "list"],
        &["article", "stick"],
        &["article", "unstick"],
        &["comments", "list"],
        &["comments", "approve"],
        &["settings", "set"],
        &["source", "add"],
        &["source", "fetch"],
        &["source", "approve"],
        &["import", "wordpress"],
        &["export", "wordpress"],
        &["export", "json"],
    ] {
        let mut arguments = command.to_vec();
        arguments.push("--help");
        let help = site.ok(&arguments);
        assert!(help.contains("Usage: gazette"), "{arguments:?}: {help}");
    }
    assert!(site.ok(&["--help"]).contains("--data-dir"));
}

#[test]
fn the_demo_fills_the_site_once_and_lists_as_json() {
    let site = Site::new();
    assert!(site.ok(&["demo"]).starts_with("Added "));
    assert!(site.ok(&["demo"]).contains("already has articles"));
    let articles = site.json(&["article", "list", "--json"]);
    for field in [
        "id",
        "title",
        "slug",
        "status",
        "url",
        "published_at",
        "comment_count",
        "source_name",
        "source_url",
    ] {
        assert!(
            articles[0].get(field).is_some(),
            "article list lacks `{field}`"
        );
    }
    assert!(
        articles
            .iter()
            .any(|article| article["comment_count"] == 20)
    );
    assert!(
        articles
            .iter()
            .any(|article| article["source_name"].is_string())
    );
    let comments = site.json(&["comments", "list", "--status", "pending", "--json"]);
    assert_eq!(comments.len(), 1);
    for field in [
        "id",
        "article_id",
        "parent_id",
        "status",
        "author",
        "email",
        "website",
        "text",
        "created_at",
    ] {
        assert!(
            comments[0].get(field).is_some(),
            "comment list lacks `{field}`"
        );
    }
    assert_eq!(comments[0]["status"], "pending");
    assert!(
        site.ok(&["article", "list"])
            .lines()
            .next()
            .unwrap()
            .starts_with("ID")
    );
}

#[test]
fn approving_from_the_command_line_shows_the_comment_on_the_running_site() {
    let site = Site::new();
    site.ok(&["demo"]);
    let pending = site
        .json(&["comments", "list", "--status", "pending", "--json"])
        .remove(0);
    let article = site
        .json(&["article", "list", "--json"])
        .into_iter()
        .find(|article| article["id"] == pending["article_id"])
        .unwrap();
    let path = path_of(article["url"].as_str().unwrap()).to_owned();
    let count_before = article["comment_count"].as_i64().unwrap();
    let text = pending["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");

    let server = Server::start(&site);
    let (status, before) = server.get(&path);
    assert!(status.contains("200"), "{status}");
    assert!(!before.contains(&text), "a pending comment is not public");
    assert!(before.contains(&format!("{count_before} comment")));

    let id = pending["id"].to_string();
    assert_eq!(
        site.ok(&["comments", "approve", &id]).trim(),
        "Approved 1 comment."
    );
    let (_, after) = server.get(&path);
    assert!(
        after.contains(&text),
        "the approved comment appears at once"
    );
    assert!(after.contains(&format!("id=\"comment-{id}\"")));
    assert!(
        after.contains(&format!("{} comment", count_before + 1)),
        "the count changes"
    );
}

#[test]
fn articles_are_added_from_markdown_files() {
    let site = Site::new();
    let body = site.write(
        "story.md",
        "The *mill* reopens on Monday.\n\nWorkers return.",
    );
    let url = site.ok(&[
        "article",
        "add",
        "--title",
        "Mill reopens",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert!(
        url.trim().starts_with("http://127.0.0.1:8080/") && url.trim().ends_with("/mill-reopens/"),
        "{url}"
    );
    let republished = site.ok(&[
        "article",
        "add",
        "--title",
        "Valley rainfall",
        "--body-file",
        body.to_str().unwrap(),
        "--source-name",
        "Valley Ledger",
        "--source-url",
        "https://ledger.example/rain",
        "--original-date",
        "2024-04-20",
    ]);
    assert!(republished.contains("/valley-rainfall/"));
    let draft = site.ok(&[
        "article",
        "add",
        "--title",
        "Later",
        "--body-file",
        body.to_str().unwrap(),
        "--draft",
    ]);
    assert!(draft.contains("draft"), "{draft}");
    let articles = site.json(&["article", "list", "--json"]);
    let rain = articles
        .iter()
        .find(|article| article["slug"] == "valley-rainfall")
        .unwrap();
    assert_eq!(rain["source_url"], "https://ledger.example/rain");
    assert!(
        articles
            .iter()
            .any(|article| article["status"] == "draft" && article["url"].is_null())
    );

    site.ok(&[
        "article",
        "add",
        "--title",
        "Road closures",
        "--body-file",
        body.to_str().unwrap(),
        "--sticky",
    ]);
    let sticky_of = |slug: &str| {
        site.json(&["article", "list", "--json"])
            .into_iter()
            .find(|article| article["slug"] == slug)
            .unwrap()["sticky"]
            .clone()
    };
    assert_eq!(sticky_of("road-closures"), true);
    assert!(site.ok(&["article", "list"]).contains("published (sticky)"));
    let id = rain["id"].to_string();
    assert!(
        site.ok(&["article", "stick", &id])
            .contains("kept at the top of the home page")
    );
    assert_eq!(sticky_of("valley-rainfall"), true);
    assert!(
        site.ok(&["article", "unstick", &id])
            .contains("listed by date")
    );
    assert_eq!(sticky_of("valley-rainfall"), false);
    let missing = site.fails(&["article", "stick", "999999"]);
    assert!(missing.contains("There is no article 999999"), "{missing}");
}

#[test]
fn an_article_added_on_the_command_line_takes_its_seo_title_and_description() {
    let site = Site::new();
    let body = site.write("works.md", "The quay closes in May.");
    site.ok(&[
        "article",
        "add",
        "--title",
        "Harbour works",
        "--body-file",
        body.to_str().unwrap(),
        "--seo-title",
        "Harbour works: what changes for boats",
        "--meta-description",
        "The quay closes in May while the harbour wall is rebuilt.",
    ]);
    let export: Value = serde_json::from_str(&site.ok(&["export", "json"])).unwrap();
    let works = export["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|article| article["slug"] == "harbour-works")
        .unwrap();
    assert_eq!(works["seo_title"], "Harbour works: what changes for boats");
    assert_eq!(
        works["meta_description"],
        "The quay closes in May while the harbour wall is rebuilt."
    );
    let too_long = "x".repeat(71);
    let refused = site.fails(&[
        "article",
        "add",
        "--title",
        "Too long",
        "--body-file",
        body.to_str().unwrap(),
        "--seo-title",
        &too_long,
    ]);
    assert!(refused.contains("--seo-title"), "{refused}");
}

#[test]
fn bad_articles_get_one_clear_sentence_and_change_nothing() {
    let site = Site::new();
    let text = site.write("story.md", "Text.");
    let binary = site.write("binary.md", "");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let (text, binary) = (text.to_str().unwrap(), binary.to_str().unwrap());
    // Each case: the flags after `article add --title T`, and what the error must name.
    let cases: [(&[&str], &str); 6] = [
        (
            &["--body-file", "/no/such/file.md"],
            "cannot read the body file",
        ),
        (&["--body-file", binary], "not UTF-8"),
        (
            &["--body-file", text, "--source-name", "Ledger"],
            "--source-url",
        ),
        (
            &[
                "--body-file",
                text,
                "--source-name",
                "L",
                "--source-url",
                "javascript:alert(1)",
            ],
            "--source-url",
        ),
        (
            &["--body-file", text, "--original-date", "yesterday"],
            "--original-date",
        ),
        (&["--body-file", text, "--slug", "Not A Slug"], "--slug"),
    ];
    for (flags, expected) in cases {
        let mut arguments = vec!["article", "add", "--title", "T"];
        arguments.extend_from_slice(flags);
        let error = site.fails(&arguments);
        assert!(
            error.contains(expected),
            "{flags:?}: expected “{expected}” in {error}"
        );
    }
    assert!(
        site.fails(&["article", "add", "--title", "  ", "--body-file", text])
            .contains("--title")
    );
    assert!(
        site.json(&["article", "list", "--json"]).is_empty(),
        "nothing half-written"
    );
}

#[test]
fn bad_commands_and_configuration_get_one_clear_sentence() {
    let site = Site::new();
    assert!(
        site.fails(&["comments", "approve", "9999"])
            .contains("There is no comment 9999; nothing was changed.")
    );
    assert!(
        site.fails(&["settings", "set", "colour", "red"])
            .contains("no setting called `colour`")
    );
    assert!(
        site.fails(&["settings", "set", "time_zone", "Mars/Olympus"])
            .contains("IANA")
    );
    assert!(
        site.fails(&["settings", "set", "posts_per_page", "0"])
            .contains("1 to 100")
    );
    assert!(
        site.fails(&["--database", "mysql://root@localhost/db", "article", "list"])
            .contains("sqlite://")
    );

    let config = site.write(
        "bad.toml",
        "listen = \"127.0.0.1:8080\"\n[http]\nmax_body_bytez = 5\n",
    );
    let error = site.fails(&["--config", config.to_str().unwrap(), "article", "list"]);
    assert!(
        error.contains("line 3") && error.contains("max_body_bytez"),
        "{error}"
    );

    let usage = site.run(&["comments", "approve"]);
    assert_eq!(usage.status.code(), Some(2), "usage errors exit with 2");
}

#[test]
fn settings_are_listed_and_changed() {
    let site = Site::new();
    assert_eq!(
        site.ok(&["settings", "set", "title", "The Courier"]).trim(),
        "title is now The Courier"
    );
    site.ok(&["settings", "set", "manual_approval", "yes"]);
    let settings = site.json(&["settings", "list", "--json"]);
    let value =
        |key: &str| settings.iter().find(|entry| entry["key"] == key).unwrap()["value"].clone();
    assert_eq!(value("title"), "The Courier");
    assert_eq!(value("manual_approval"), true);
    assert_eq!(value("posts_per_page"), 10);
    assert_eq!(value("discourage_search_engines"), false);
    assert_eq!(value("site_logo"), "");
    site.ok(&["settings", "set", "discourage_search_engines", "true"]);
    assert_eq!(
        site.json(&["settings", "list", "--json"])
            .iter()
            .find(|entry| entry["key"] == "discourage_search_engines")
            .unwrap()["value"],
        true
    );
    let missing = site.fails(&["settings", "set", "site_logo", "42"]);
    assert!(
        missing.contains("There is no image 42 in the media library")
            && missing.lines().count() == 1,
        "{missing}"
    );
    assert!(settings.iter().all(|entry| {
        entry["description"]
            .as_str()
            .is_some_and(|text| !text.is_empty())
    }));
    assert!(site.ok(&["settings", "list"]).contains("time_zone"));
}

#[test]
fn sqlite_is_migrated_on_its_own() {
    let site = Site::new();
    assert!(site.ok(&["migrate"]).contains("current"));
    assert!(site.ok(&["migrate"]).contains("already current"));
    assert!(Path::new(&site.folder.path().join("gazette.db")).exists());
}

#[tokio::test]
async fn postgres_must_be_migrated_before_use() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let mut site = Site::new();
    site.database = Some(database.address().to_owned());
    assert!(site.fails(&["article", "list"]).contains("gazette migrate"));
    let migrations = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../migrations/postgres"
    ))
    .unwrap()
    .filter(|entry| {
        entry
            .as_ref()
            .unwrap()
            .path()
            .extension()
            .is_some_and(|extension| extension == "sql")
    })
    .count();
    let applied = site.ok(&["migrate"]);
    assert!(
        applied.starts_with(&format!("Applied {migrations} migrations")),
        "{applied}"
    );
    assert!(site.ok(&["migrate"]).contains("already current"));
    site.ok(&["demo"]);
    assert!(
        site.json(&["article", "list", "--json"])
            .iter()
            .any(|article| article["comment_count"] == 20)
    );
}

#[test]
fn an_oversized_body_is_refused_before_it_is_sent() {
    let site = Site::new();
    site.ok(&["demo"]);
    let article = site
        .json(&["article", "list", "--json"])
        .into_iter()
        .find(|article| article["status"] == "published")
        .unwrap();
    let path = path_of(article["url"].as_str().unwrap()).to_owned();
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    // Announce 50 MiB but send only the first bytes: the answer must come without the rest.
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\ncomment=",
        server.address,
        50 * 1024 * 1024
    )
    .unwrap();
    assert!(status_line(&mut stream).contains("413"));
    assert!(
        site.json(&["comments", "list", "--status", "pending", "--json"])
            .len()
            == 1,
        "nothing new was stored"
    );
}

#[test]
fn a_theme_folder_overrides_the_default_theme_file_by_file() {
    let site = Site::new();
    let theme = site.folder.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/error.html"),
        "<!DOCTYPE html><title>Lost</title><p>Custom: {{ error.title }}</p>",
    )
    .unwrap();
    let theme_argument = theme.to_str().unwrap().to_owned();
    let server = Server::start_with(&site, &["--theme", &theme_argument]);
    let (status, body) = server.get("/no/such/page");
    assert!(status.contains("404"));
    assert!(body.contains("Custom: Page not found"), "{body}");
    let (_, home) = server.get("/");
    assert!(
        home.contains("Nothing has been published yet."),
        "other templates come from the default theme"
    );
    drop(server);

    std::fs::write(theme.join("templates/home.html"), "{% if %}").unwrap();
    let error = site.fails(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--theme",
        &theme_argument,
    ]);
    assert!(error.contains("home.html"), "{error}");
}

#[test]
fn moderators_see_why_and_commenters_can_be_exported_and_erased() {
    let site = Site::new();
    site.ok(&["demo"]);
    let pending = site.json(&["comments", "list", "--status", "pending", "--json"]);
    assert_eq!(pending.len(), 1);
    let held = &pending[0];
    assert!(
        held.get("reason").is_some() && held.get("spam_score").is_some(),
        "{held}"
    );
    let id = held["id"].to_string();
    let email = held["email"].as_str().unwrap().to_owned();

    assert!(
        site.ok(&["comments", "spam", &id])
            .starts_with("Marked as spam 1 comment")
    );
    assert!(
        site.ok(&["comments", "not-spam", &id])
            .starts_with("Took out of the spam 1 comment")
    );
    assert!(
        site.ok(&["comments", "trash", &id])
            .starts_with("Moved to the trash")
    );
    assert!(
        site.ok(&["comments", "restore", &id])
            .starts_with("Restored from the trash")
    );
    let log = site.json(&["comments", "log", "--comment", &id, "--json"]);
    let actions: Vec<&str> = log
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["restore", "trash", "not_spam", "spam"]);
    assert!(log[0]["actor"].as_str().unwrap().starts_with("cli:"));

    let export: Value =
        serde_json::from_str(&site.ok(&["comments", "export", "--email", &email])).unwrap();
    assert_eq!(export["email"], email.as_str());
    assert!(!export["comments"].as_array().unwrap().is_empty());
    assert!(
        site.ok(&["comments", "erase", "--email", &email])
            .starts_with("Anonymised")
    );
    let after: Value =
        serde_json::from_str(&site.ok(&["comments", "export", "--email", &email])).unwrap();
    assert!(after["comments"].as_array().unwrap().is_empty());

    assert!(
        site.ok(&["comments", "delete", &id])
            .starts_with("Deleted 1 comment")
    );
    assert!(
        site.fails(&["comments", "restore", &id])
            .contains(&format!("no comment {id}"))
    );
    assert!(site.ok(&["jobs", "run"]).starts_with("Jobs: 0 done"));
    assert_eq!(site.ok(&["jobs", "list"]).trim(), "No jobs are queued.");
}

#[test]
fn roles_and_access_change_from_the_command_line_but_an_administrator_remains() {
    let site = Site::new();
    let add = |role: &str, email: &str, name: &str| {
        site.ok(&[
            "user", "add", "--role", role, "--email", email, "--name", name,
        ]);
    };
    add("administrator", "ada@ledger.example", "Ada Admin");
    add("editor", "eddie@ledger.example", "Eddie Editor");
    assert!(
        site.fails(&["user", "role", "ada@ledger.example", "editor"])
            .contains("last administrator")
    );
    assert!(
        site.fails(&["user", "disable", "ada@ledger.example"])
            .contains("last administrator")
    );
    assert!(
        site.ok(&["user", "disable", "eddie@ledger.example"])
            .starts_with("Eddie Editor <eddie@ledger.example> is disabled")
    );
    let users = site.json(&["user", "list", "--json"]);
    assert!(users[1]["disabled_at"].is_string(), "{users:?}");
    assert!(
        site.ok(&["user", "enable", "eddie@ledger.example"])
            .contains("can sign in again")
    );
    site.ok(&["user", "role", "EDDIE@ledger.example", "administrator"]);
    assert!(
        site.ok(&["user", "role", "ada@ledger.example", "editor"])
            .starts_with("Ada Admin <ada@ledger.example> is now editor")
    );
    assert!(
        site.fails(&["user", "enable", "nobody@ledger.example"])
            .contains("no user with the email address nobody@ledger.example")
    );
    let invite = site.fails(&[
        "user",
        "invite",
        "--role",
        "author",
        "--email",
        "nora@ledger.example",
        "--name",
        "Nora",
    ]);
    assert!(invite.contains("cannot send mail"), "{invite}");
}

#[test]
fn users_are_added_from_scripts_and_the_first_run_offers_a_setup_link() {
    let site = Site::new();
    let mut serving = site
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(serving.stdout.take().unwrap()).lines();
    let _serving = lines.next().unwrap().unwrap();
    let setup = lines.next().unwrap().unwrap();
    serving.kill().unwrap();
    serving.wait().unwrap();
    assert!(
        setup.contains("/setup/") && setup.contains("24 hours"),
        "{setup}"
    );

    let add = |arguments: &[&str], password: &str| {
        let mut child = site
            .command(arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let arguments = [
        "user",
        "add",
        "--role",
        "administrator",
        "--email",
        "ada@ledger.example",
        "--name",
        "Ada Admin",
        "--password-stdin",
    ];
    let short = add(&arguments, "short");
    assert!(!short.status.success());
    let error = String::from_utf8(short.stderr).unwrap();
    assert!(
        error.starts_with("error: ") && error.contains("at least 10"),
        "{error}"
    );
    let added = add(&arguments, "correct horse battery");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(
        String::from_utf8(added.stdout)
            .unwrap()
            .starts_with("Added Ada Admin <ada@ledger.example> as administrator")
    );
    assert!(
        site.fails(&[
            "user",
            "add",
            "--role",
            "editor",
            "--email",
            "ADA@ledger.example",
            "--name",
            "Twin"
        ])
        .contains("already a user")
    );
    let users = site.json(&["user", "list", "--json"]);
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["role"], "administrator");
    assert!(
        users[0].get("password_hash").is_none(),
        "no hash is ever printed"
    );

    let mut serving = site
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(serving.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    serving.kill().unwrap();
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    serving.wait().unwrap();
    assert!(
        !rest.contains("/setup/"),
        "no setup link once an administrator exists: {rest}"
    );
}

/// An RSS feed of the Wire with one item per `(guid, title, body, extra)`, where `extra`
/// is more of the item's XML (its author, its picture).
fn wire_feed(items: &[(&str, &str, &str, &str)]) -> String {
    let entries: String = items
        .iter()
        .map(|(guid, title, body, extra)| {
            format!(
                "<item><guid>https://wire.example/{guid}</guid><title>{title}</title>\
                 <link>https://wire.example/{guid}</link><description>{body}</description>\
                 <pubDate>Tue, 23 Apr 2024 08:00:00 GMT</pubDate>{extra}</item>"
            )
        })
        .collect::<Vec<_>>()
        .concat();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>The Wire</title><link>https://wire.example/</link>{entries}</channel></rss>"
    )
}

#[test]
fn sources_are_added_listed_paused_and_refused_with_one_sentence() {
    let site = Site::new();
    assert!(
        site.ok(&["source", "list"])
            .contains("There are no sources yet")
    );
    let added = site.ok(&[
        "source",
        "add",
        "https://wire.example/feed.xml",
        "--name",
        "The Wire",
        "--category",
        "Wire",
        "--mode",
        "publish",
        "--interval",
        "2h",
    ]);
    assert!(
        added.starts_with("Source 1 (The Wire) is added in publish mode, fetched every 2h"),
        "{added}"
    );
    let listed = site.json(&["source", "list", "--json"]);
    assert_eq!(listed[0]["feed_url"], "https://wire.example/feed.xml");
    assert_eq!(listed[0]["interval_seconds"], 7200);
    assert_eq!(listed[0]["canonical_to_original"], true);
    let jobs = site.ok(&["jobs", "list"]);
    assert!(
        jobs.contains("fetch_source"),
        "the first fetch is queued: {jobs}"
    );

    assert!(site.ok(&["source", "pause", "1"]).contains("is paused"));
    let table = site.ok(&["source", "list"]);
    assert!(table.contains("paused by an operator"), "{table}");
    assert!(site.fails(&["source", "fetch", "1"]).contains("is paused"));
    assert!(site.ok(&["source", "resume", "1"]).contains("is resumed"));

    assert!(
        site.fails(&[
            "source",
            "add",
            "https://wire.example/feed.xml",
            "--name",
            "Again"
        ])
        .contains("already")
    );
    let refused = site.fails(&[
        "source",
        "add",
        "ftp://wire.example/",
        "--name",
        "",
        "--interval",
        "1m",
    ]);
    assert!(
        refused.contains("--name:") && refused.contains("URL:") && refused.contains("--interval:"),
        "{refused}"
    );
    assert!(
        site.fails(&["source", "fetch", "9"])
            .contains("no source 9")
    );
    assert!(
        site.fails(&["source", "approve", "9"])
            .contains("no item 9")
    );
    let usage = site.run(&["source", "fetch"]);
    assert_eq!(usage.status.code(), Some(2), "an ID or --all is required");

    site.ok(&[
        "source",
        "add",
        "http://127.0.0.1:9/feed.xml",
        "--name",
        "Local",
        "--interval",
        "5m",
    ]);
    let fetched = site.fails(&["source", "fetch", "2"]);
    assert!(
        fetched.contains("--allow-private-addresses"),
        "private addresses are refused: {fetched}"
    );
    assert!(
        site.ok(&["source", "remove", "1"])
            .contains("its articles stay")
    );
}

/// Serves the Wire's two stories, the budget one with `budget_body`, by `budget_author`
/// and with a picture.
fn serve_wire(feed: &FeedServer, budget_body: &str, budget_author: &str) {
    let budget = format!(
        "<dc:creator>{budget_author}</dc:creator><enclosure url=\"{}\" type=\"image/jpeg\" length=\"1000\"/>",
        feed.url("/budget.jpg")
    );
    feed.serve_feed(
        "/feed.xml",
        &wire_feed(&[
            ("budget", "Council passes the budget", budget_body, &budget),
            ("bridge", "Bridge reopens", "Traffic flows again.", ""),
        ]),
    );
}

/// Checks the page of the Wire's budget story: its picture on top, its author and credit
/// at the end of the body, and the original as the canonical copy.
fn assert_credited_and_pictured(page: &str) {
    let content = page
        .split("<div class=\"entry-content\">")
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        content.trim_end().ends_with(
            "<p class=\"credit\"><span class=\"byline\">By Ada Lovelace</span> · Credit: <a href=\"https://wire.example/budget\">The Wire</a></p>"
        ),
        "the article ends with its author and credit: {content}"
    );
    let picture = page
        .split("<figure class=\"figure\">")
        .nth(1)
        .expect("the item's picture is the featured image");
    assert!(
        picture.contains("alt=\"Council passes the budget\"") && picture.contains("src=\"/media/"),
        "{picture}"
    );
    assert!(page.contains("<link rel=\"canonical\" href=\"https://wire.example/budget\">"));
    assert!(page.contains("Originally published"));
}

#[test]
fn a_served_feed_is_republished_once_with_its_credit_and_updates() {
    let feed = FeedServer::start();
    feed.serve_file(
        "/budget.jpg",
        "image/jpeg",
        gazette_test_support::images::jpeg(1200, 800),
    );
    serve_wire(&feed, "The council voted 7 to 2.", "Ada Lovelace");
    let site = Site::new();
    site.ok(&[
        "source",
        "add",
        &feed.url("/feed.xml"),
        "--name",
        "The Wire",
        "--mode",
        "review",
        "--allow-private-addresses",
    ]);
    let first = site.ok(&["source", "fetch", "1"]);
    assert!(first.contains("2 new"), "{first}");
    serve_wire(&feed, "The council voted 7 to 2.", "Ada Lovelace");
    let second = site.ok(&["source", "fetch", "--all"]);
    assert!(
        second.contains("not modified since the last fetch"),
        "the same feed again, under a new ETag, is not read again: {second}"
    );
    assert_eq!(
        site.json(&["article", "list", "--json"]).len(),
        2,
        "fetched twice, made once"
    );

    let queue = site.json(&["source", "review", "--json"]);
    assert_eq!(queue.len(), 2);
    let item_of = |title: &str| {
        queue.iter().find(|item| item["title"] == title).unwrap()["item_id"].to_string()
    };
    let budget = item_of("Council passes the budget");
    let bridge = item_of("Bridge reopens");
    assert!(
        site.ok(&["source", "approve", &budget, "--always"])
            .contains("without review")
    );
    assert!(
        site.ok(&["source", "reject", &bridge])
            .contains("will not come back")
    );
    assert!(
        site.ok(&["source", "review"])
            .contains("Nothing is waiting")
    );

    site.ok(&["jobs", "run"]);
    assert_eq!(
        feed.answered("/budget.jpg", 200),
        1,
        "the approved item's picture was fetched, the rejected one's not"
    );

    let article = site.json(&["article", "list", "--json"]).remove(0);
    assert_eq!(article["source_name"], "The Wire");
    let path = path_of(article["url"].as_str().unwrap()).to_owned();
    let server = Server::start(&site);
    let (status, page) = server.get(&path);
    assert!(status.contains("200"), "{status}");
    assert_credited_and_pictured(&page);

    serve_wire(
        &feed,
        "The council voted 8 to 1 after a recount.",
        "Grace Hopper",
    );
    let changed = site.ok(&["source", "fetch", "1"]);
    assert!(
        changed.contains("0 new, 1 updated"),
        "an item changed at the source is an update: {changed}"
    );
    let difference = site.ok(&["source", "changes", &budget]);
    assert!(
        difference
            .lines()
            .any(|line| line.starts_with("- ") && line.contains("voted 7 to 2"))
            && difference
                .lines()
                .any(|line| line.starts_with("+ ") && line.contains("8 to 1 after a recount")),
        "editors see what the source changed: {difference}"
    );
    let (_, updated) = server.get(&path);
    assert!(updated.contains("8 to 1 after a recount"));
    assert!(
        updated.contains("<span class=\"byline\">By Grace Hopper</span>"),
        "the source's update brought its author"
    );
    assert!(
        updated.contains("The Wire updated this story."),
        "readers see the Update note"
    );
    assert_eq!(
        site.json(&["article", "list", "--json"]).len(),
        1,
        "the rejected item never returned"
    );
    let listed = site.ok(&["source", "list"]);
    assert!(listed.contains(" ok "), "{listed}");
}

#[test]
fn a_wordpress_export_is_imported_once_and_reported() {
    let site = Site::new();
    let export = site.write("harbour.xml", TRAPS);
    let export = export.to_str().unwrap();
    let dry = site.ok(&["import", "wordpress", export, "--dry-run"]);
    assert!(dry.starts_with("Dry run of “Harbour Times” (https://harbour.example), WordPress export 1.2: nothing was written."), "{dry}");
    assert!(site.json(&["article", "list", "--json"]).is_empty());

    let first = site.ok(&["import", "wordpress", export]);
    assert!(
        first.starts_with(
            "Imported “Harbour Times” (https://harbour.example), WordPress export 1.2."
        ),
        "{first}"
    );
    let posts = first
        .lines()
        .find(|line| line.starts_with("posts "))
        .unwrap();
    assert_eq!(
        posts.split_whitespace().collect::<Vec<_>>(),
        ["posts", "8", "0", "1", "0"],
        "{first}"
    );
    assert!(
        first.contains(
            "2 comments: on an item of the type `product`, which is not imported as an article"
        ),
        "{first}"
    );
    assert!(
        first.contains("Note: Private posts and pages were imported as drafts"),
        "{first}"
    );
    assert_eq!(site.json(&["article", "list", "--json"]).len(), 11);

    let again: Value =
        serde_json::from_str(&site.ok(&["import", "wordpress", export, "--json"])).unwrap();
    for (kind, counts) in again["counts"].as_object().unwrap() {
        assert_eq!(counts["created"], 0, "{kind}: {counts}");
    }
    assert_eq!(again["counts"]["post"]["skipped"], 9);
    assert_eq!(site.json(&["article", "list", "--json"]).len(), 11);
    let comments = site.json(&["comments", "list", "--json"]);
    assert!(
        comments
            .iter()
            .any(|comment| comment["id"] == 20
                && comment["reason"].as_str().unwrap().contains("999"))
    );
}

#[test]
fn a_broken_export_or_authors_file_gets_one_sentence_and_changes_nothing() {
    let site = Site::new();
    let story = site.write("story.md", "Already here.");
    site.ok(&[
        "article",
        "add",
        "--title",
        "Our own",
        "--body-file",
        story.to_str().unwrap(),
    ]);
    let before = site.json(&["article", "list", "--json"]);

    let broken = TRAPS.replace(
        "<title><![CDATA[History]]></title>",
        "<title><![CDATA[History]]></wp:title>",
    );
    let line = broken[..broken.find("</wp:title>").unwrap()]
        .lines()
        .count();
    let column = broken[..broken.find("</wp:title>").unwrap()]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    let export = site.write("broken.xml", &broken);
    let error = site.fails(&["import", "wordpress", export.to_str().unwrap()]);
    assert_eq!(
        error.trim_end(),
        format!(
            "error: {} cannot be imported: line {line}, column {column}: <title> is closed by </wp:title>; nothing was imported",
            export.display()
        )
    );
    assert_eq!(site.json(&["article", "list", "--json"]), before);

    let cut = site.write("cut.xml", &TRAPS[..TRAPS.len() / 2]);
    assert!(
        site.fails(&["import", "wordpress", cut.to_str().unwrap()])
            .contains("cut short")
    );
    let feed = site.write("feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A feed</title></channel></rss>");
    assert!(
        site.fails(&["import", "wordpress", feed.to_str().unwrap()])
            .contains("does not declare WordPress's export namespace")
    );
    assert!(
        site.fails(&["import", "wordpress", "missing.xml"])
            .contains("missing.xml cannot be opened")
    );

    let good = site.write("harbour.xml", TRAPS);
    let authors = site.write("authors.csv", "login,email\nada\n");
    let error = site.fails(&[
        "import",
        "wordpress",
        good.to_str().unwrap(),
        "--authors",
        authors.to_str().unwrap(),
    ]);
    assert!(
        error.contains("authors.csv cannot be used: line 2: it has 1 columns where two are needed"),
        "{error}"
    );
    let unknown = site.write("unknown.csv", "ada,nobody@gazette.example\n");
    let error = site.fails(&[
        "import",
        "wordpress",
        good.to_str().unwrap(),
        "--authors",
        unknown.to_str().unwrap(),
    ]);
    assert!(error.contains("nobody@gazette.example (line 1)"), "{error}");
    assert_eq!(site.json(&["article", "list", "--json"]), before);
}

#[test]
fn the_site_goes_out_as_a_wordpress_export_and_as_json() {
    let site = Site::new();
    let export = site.write("harbour.xml", TRAPS);
    site.ok(&["import", "wordpress", export.to_str().unwrap()]);
    let wordpress = site.ok(&["export", "wordpress"]);
    assert!(wordpress.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>"));
    assert!(wordpress.trim_end().ends_with("</rss>"));
    assert_eq!(
        wordpress.matches("<item>").count(),
        12,
        "eight posts, three pages and the attachment kept at its address"
    );

    let copy = Site::new();
    let file = copy.write("copy.xml", &wordpress);
    let report: Value =
        serde_json::from_str(&copy.ok(&["import", "wordpress", file.to_str().unwrap(), "--json"]))
            .unwrap();
    assert_eq!(report["counts"]["post"]["created"], 8);
    assert_eq!(report["counts"]["comment"]["created"], 15);
    assert_eq!(copy.json(&["article", "list", "--json"]).len(), 11);

    let json: Value = serde_json::from_str(&site.ok(&["export", "json"])).unwrap();
    assert_eq!(json["format"], "gazette-export");
    assert_eq!(json["articles"].as_array().unwrap().len(), 11);
}
