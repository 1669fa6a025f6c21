//! Real headless Chromium, driven through WebDriver, for end-to-end tests of what a person
//! sees and does.
//!
//! [`Browser::start`] runs `chromedriver` on a free loopback port and opens a Chromium
//! session with a fresh profile in a temporary folder. Its helpers read like what a person
//! does: visit a page, fill the field labelled "Email", click the button "Sign in", read
//! the text of `.comment-content`, press Tab. They wait for what they look for (up to
//! [`WAIT_LIMIT`], then fail saying what was awaited), and fail with a sentence rather than
//! return errors. [`Browser::client`] gives the underlying [`fantoccini::Client`] for
//! anything else.
//!
//! Chromium and its WebDriver are found at `GAZETTE_CHROMIUM` and `GAZETTE_CHROMEDRIVER`,
//! or Debian's `/usr/bin/chromium` and `/usr/bin/chromedriver` (`apt-get install chromium
//! chromium-driver`). When they are missing the test says it was skipped and why, unless
//! `GAZETTE_REQUIRE_BROWSER=1`, which makes it fail. When a test fails, a screenshot of
//! the page goes to `browser-screenshots/` in the build's target folder.
//!
//! The WebDriver connection is plain HTTP to the local `chromedriver`: no TLS library is
//! linked for it.

use axum::http::Method;
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::error::CmdError;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub use fantoccini::key::Key;

mod page_checks;

/// Names the Chromium binary to use instead of `/usr/bin/chromium`.
pub const CHROMIUM_VARIABLE: &str = "GAZETTE_CHROMIUM";
/// Names the `chromedriver` binary to use instead of `/usr/bin/chromedriver`.
pub const CHROMEDRIVER_VARIABLE: &str = "GAZETTE_CHROMEDRIVER";
/// Set to `1` to make a missing browser fail the tests instead of skipping them.
pub const REQUIRE_BROWSER_VARIABLE: &str = "GAZETTE_REQUIRE_BROWSER";
/// How long the helpers wait for what they look for: a bound against hanging, generous
/// enough for a busy machine, and never a measure of speed.
pub const WAIT_LIMIT: Duration = Duration::from_secs(30);

const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const INSTALL: &str = "apt-get install chromium chromium-driver";
/// How often to look again while waiting.
const POLL: Duration = Duration::from_millis(100);
/// How many Tab presses [`Browser::tab_to`] tries before giving up.
const MOST_TABS: usize = 40;
/// Chromium's switches: headless, and quiet on a machine without a network (no
/// background fetches, component updates or sync).
const CHROMIUM_SWITCHES: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// A headless Chromium session with its own profile, pointed at one site.
///
/// Dropping it ends the session (Chromium quits), stops `chromedriver` and removes the
/// profile; when the test is failing, it first saves a screenshot.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    site: String,
    session: String,
    test_name: String,
    driver: Driver,
}

/// One entry of the browser's console log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// `SEVERE`, `WARNING`, `INFO` or `DEBUG`.
    pub level: String,
    /// Where it came from: `javascript` (uncaught errors), `security` (Content Security
    /// Policy violations), `network` (failed loads), `console-api` (`console.log`)…
    pub source: String,
    /// The message as Chromium wrote it, with the page address first.
    pub message: String,
}

impl Browser {
    /// Starts Chromium for the site at `site` (such as `http://127.0.0.1:41234`), or
    /// returns `None` after saying on standard error that the test is skipped because the
    /// browser is not installed.
    ///
    /// # Panics
    ///
    /// When the browser is missing and `GAZETTE_REQUIRE_BROWSER=1`, or when it is there but
    /// does not start; the message says what to install or includes `chromedriver`'s log.
    pub async fn start(site: &str) -> Option<Self> {
        let test_name = current_test_name();
        let (chromium, chromedriver) = match (
            locate(CHROMIUM_VARIABLE, DEFAULT_CHROMIUM),
            locate(CHROMEDRIVER_VARIABLE, DEFAULT_CHROMEDRIVER),
        ) {
            (Ok(chromium), Ok(chromedriver)) => (chromium, chromedriver),
            (Err(missing), _) | (_, Err(missing)) => {
                announce_missing_browser(&test_name, &missing);
                return None;
            }
        };
        let driver = Driver::start(&chromedriver);
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium,
                "args": CHROMIUM_SWITCHES
                    .iter()
                    .map(|switch| (*switch).to_owned())
                    .chain([format!("--user-data-dir={}", driver.profile().display())])
                    .collect::<Vec<_>>(),
            }),
        );
        capabilities.insert("goog:loggingPrefs".to_owned(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "Chromium did not start through {}: {error}\nchromedriver said:\n{}",
                    chromedriver.display(),
                    driver.log()
                )
            });
        let session = client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a WebDriver session has an id");
        Some(Self {
            client,
            site: site.trim_end_matches('/').to_owned(),
            session,
            test_name,
            driver,
        })
    }

    /// The WebDriver client, for what the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `path` on the site (`/login`), or a full address (`http://…`) as it is, and
    /// waits until the page has loaded.
    pub async fn visit(&self, path_or_address: &str) {
        let address =
            if path_or_address.starts_with("http://") || path_or_address.starts_with("https://") {
                path_or_address.to_owned()
            } else {
                format!("{}{path_or_address}", self.site)
            };
        self.client
            .goto(&address)
            .await
            .unwrap_or_else(failed(&format!("open {address}")));
    }

    /// The address of the page shown now.
    pub async fn current_url(&self) -> url::Url {
        self.client
            .current_url()
            .await
            .unwrap_or_else(failed("read the current address"))
    }

    /// The path and query of the page shown now, without the fragment: `/desk/`,
    /// `/2024/04/24/a-story/?replytocom=3`.
    pub async fn current_path(&self) -> String {
        path_and_query(&self.current_url().await)
    }

    /// Waits until the page shown is at `path` (path and query, as
    /// [`Browser::current_path`] gives them) and returns the full address.
    pub async fn wait_for_path(&self, path: &str) -> url::Url {
        self.wait_for(&format!("the browser to arrive at {path}"), async || {
            let url = self.current_url().await;
            (path_and_query(&url) == path).then_some(url)
        })
        .await
    }

    /// The form field whose `<label>` reads `label_or_name` (ignoring a trailing `*`
    /// marking it required), or else whose `name` is `label_or_name`. Waits for it.
    pub async fn field(&self, label_or_name: &str) -> Element {
        self.wait_for(
            &format!("a field labelled or named {label_or_name:?}"),
            async || {
                let found = self
                    .client
                    .execute(FIND_FIELD, vec![json!(label_or_name)])
                    .await
                    .unwrap_or_else(failed("look for a field"));
                self.element_from(&found)
            },
        )
        .await
    }

    /// Replaces what the field labelled (or named) `label_or_name` holds with `value`,
    /// typed key by key.
    pub async fn fill(&self, label_or_name: &str, value: &str) {
        let field = self.field(label_or_name).await;
        field
            .clear()
            .await
            .unwrap_or_else(failed(&format!("clear the field {label_or_name:?}")));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(failed(&format!("type into the field {label_or_name:?}")));
    }

    /// What the field labelled (or named) `label_or_name` holds now.
    pub async fn field_value(&self, label_or_name: &str) -> String {
        self.field(label_or_name)
            .await
            .prop("value")
            .await
            .unwrap_or_else(failed(&format!("read the field {label_or_name:?}")))
            .unwrap_or_default()
    }

    /// Whether the checkbox labelled (or named) `label_or_name` is ticked.
    pub async fn is_ticked(&self, label_or_name: &str) -> bool {
        self.field(label_or_name)
            .await
            .is_selected()
            .await
            .unwrap_or_else(failed(&format!("read the checkbox {label_or_name:?}")))
    }

    /// Ticks the checkbox labelled (or named) `label_or_name`, by clicking it unless it
    /// is ticked already.
    pub async fn tick(&self, label_or_name: &str) {
        if !self.is_ticked(label_or_name).await {
            self.field(label_or_name)
                .await
                .click()
                .await
                .unwrap_or_else(failed(&format!("tick the checkbox {label_or_name:?}")));
        }
    }

    /// Clicks the button (`<button>`, or an `<input type=submit>` by its value) whose text
    /// is `text`. To go on, wait for something the next page shows ([`Browser::text`] of
    /// an element only it has, [`Browser::wait_for_path`]).
    pub async fn click_button(&self, text: &str) {
        let button = self
            .wait_for(&format!("a button {text:?}"), async || {
                let found = self
                    .client
                    .execute(FIND_BUTTON, vec![json!(text)])
                    .await
                    .unwrap_or_else(failed("look for a button"));
                self.element_from(&found)
            })
            .await;
        button
            .click()
            .await
            .unwrap_or_else(failed(&format!("click the button {text:?}")));
    }

    /// Clicks the first link whose text is `text`.
    pub async fn click_link(&self, text: &str) {
        self.wait_for_element(&format!("a link {text:?}"), Locator::LinkText(text))
            .await
            .click()
            .await
            .unwrap_or_else(failed(&format!("click the link {text:?}")));
    }

    /// Clicks the first element matching the CSS `selector`.
    pub async fn click(&self, selector: &str) {
        self.element(selector)
            .await
            .click()
            .await
            .unwrap_or_else(failed(&format!("click {selector}")));
    }

    /// The first element matching the CSS `selector`, waiting for one to appear.
    pub async fn element(&self, selector: &str) -> Element {
        self.wait_for_element(&format!("an element {selector}"), Locator::Css(selector))
            .await
    }

    /// The visible text of the first element matching the CSS `selector`, trimmed,
    /// waiting for one to appear (on the page being loaded, when one is).
    pub async fn text(&self, selector: &str) -> String {
        let what = format!("the text of {selector}");
        self.wait_for(&what, async || {
            let element = self.client.find(Locator::Css(selector)).await.ok()?;
            unless_replaced(element.text().await, &what).map(|text| text.trim().to_owned())
        })
        .await
    }

    /// The visible texts of every element matching the CSS `selector` now, trimmed; empty
    /// when none does.
    pub async fn texts(&self, selector: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.all(selector).await {
            let text = element
                .text()
                .await
                .unwrap_or_else(failed(&format!("read the text of {selector}")));
            texts.push(text.trim().to_owned());
        }
        texts
    }

    /// Every element matching the CSS `selector` now, without waiting.
    pub async fn all(&self, selector: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .unwrap_or_else(failed(&format!("look for {selector}")))
    }

    /// The attribute `name` of the first element matching the CSS `selector`, waiting for
    /// the element to appear.
    pub async fn attribute(&self, selector: &str, name: &str) -> Option<String> {
        let what = format!("{name} of {selector}");
        self.wait_for(&what, async || {
            let element = self.client.find(Locator::Css(selector)).await.ok()?;
            unless_replaced(element.attr(name).await, &what)
        })
        .await
    }

    /// Waits until `condition` holds, asking again every 100 ms for up to [`WAIT_LIMIT`].
    ///
    /// # Panics
    ///
    /// When it still does not hold then; the message names `what` was awaited.
    pub async fn wait_until(&self, what: &str, mut condition: impl AsyncFnMut() -> bool) {
        self.wait_for(what, async || condition().await.then_some(()))
            .await;
    }

    /// Waits until `probe` finds something, asking again every 100 ms for up to
    /// [`WAIT_LIMIT`], and returns it.
    ///
    /// # Panics
    ///
    /// When it still finds nothing then; the message names `what` was awaited and the page
    /// the browser was on.
    pub async fn wait_for<T>(&self, what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(found) = probe().await {
                return found;
            }
            if started.elapsed() > WAIT_LIMIT {
                let at = self
                    .client
                    .current_url()
                    .await
                    .map_or_else(|error| format!("(unknown: {error})"), |url| url.to_string());
                panic!("waited {WAIT_LIMIT:?} for {what}, in vain; the browser is at {at}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Presses and releases `key` on the keyboard, as a person would: it goes to whatever
    /// has the focus.
    pub async fn press(&self, key: Key) {
        let key: char = key.into();
        self.keyboard(vec![key]).await;
    }

    /// Types `text` on the keyboard, key by key, into whatever has the focus.
    pub async fn type_text(&self, text: &str) {
        self.keyboard(text.chars().collect()).await;
    }

    async fn keyboard(&self, keys: Vec<char>) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(failed("use the keyboard"));
    }

    /// Presses Tab until the element with the focus matches the CSS `selector`.
    ///
    /// # Panics
    ///
    /// When 40 presses do not get there; the message lists where the focus went.
    pub async fn tab_to(&self, selector: &str) {
        let mut visited = Vec::new();
        for _ in 0..MOST_TABS {
            if self.focus_matches(selector).await {
                return;
            }
            self.press(Key::Tab).await;
            visited.push(self.focused().await);
        }
        panic!(
            "{MOST_TABS} presses of Tab never reached {selector}; the focus went to: {}",
            visited.join(", ")
        );
    }

    /// Whether the element with the focus matches the CSS `selector`.
    pub async fn focus_matches(&self, selector: &str) -> bool {
        self.client
            .execute(
                "return document.activeElement !== null && document.activeElement.matches(arguments[0]);",
                vec![json!(selector)],
            )
            .await
            .unwrap_or_else(failed("read where the focus is"))
            .as_bool()
            .unwrap_or(false)
    }

    /// The element with the focus, described as `tag#id[name=…]` (or `a "text"`).
    pub async fn focused(&self) -> String {
        self.client
            .execute(DESCRIBE_FOCUS, Vec::new())
            .await
            .unwrap_or_else(failed("read where the focus is"))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Whether the element with the focus shows it: it matches `:focus-visible` and the
    /// style draws an outline around it.
    pub async fn focus_is_visible(&self) -> bool {
        self.client
            .execute(
                "const element = document.activeElement;\
                 return element !== null && element.matches(':focus-visible') \
                   && getComputedStyle(element).outlineStyle !== 'none' \
                   && parseFloat(getComputedStyle(element).outlineWidth) > 0;",
                Vec::new(),
            )
            .await
            .unwrap_or_else(failed("read the focus style"))
            .as_bool()
            .unwrap_or(false)
    }

    /// The header `name` of a fresh `GET` of the page shown now, fetched by the page
    /// itself with its cookies: what the browser receives for it.
    pub async fn response_header(&self, name: &str) -> Option<String> {
        let answer = self
            .client
            .execute_async(
                "const [name, done] = arguments;\
                 fetch(location.href, { credentials: 'same-origin', cache: 'no-store' })\
                   .then((response) => done({ value: response.headers.get(name) }))\
                   .catch((error) => done({ error: String(error) }));",
                vec![json!(name)],
            )
            .await
            .unwrap_or_else(failed(&format!("fetch the page's {name} header")));
        if let Some(error) = answer.get("error").and_then(Value::as_str) {
            panic!("the page could not fetch itself to read its {name} header: {error}");
        }
        answer
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// The console entries logged since the last call (or since the browser started):
    /// uncaught JavaScript errors, Content Security Policy violations, failed loads and
    /// whatever scripts logged.
    pub async fn take_console(&self) -> Vec<ConsoleEntry> {
        let entries = self
            .client
            .issue_cmd(ReadBrowserLog)
            .await
            .unwrap_or_else(failed("read the browser's console"));
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| ConsoleEntry {
                        level: string_at(entry, "level"),
                        source: string_at(entry, "source"),
                        message: string_at(entry, "message"),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The errors a page must never cause, logged since the last look at the console:
    /// Content Security Policy violations and uncaught script errors (entries at `SEVERE`
    /// from `security` or `javascript`). Failed loads are not among them, since to Chromium
    /// a form answered with 422 is one; [`Browser::failed_resources`] checks what a page
    /// loads.
    pub async fn take_page_errors(&self) -> Vec<ConsoleEntry> {
        self.take_console()
            .await
            .into_iter()
            .filter(|entry| {
                entry.level == "SEVERE"
                    && (entry.source == "security" || entry.source == "javascript")
            })
            .collect()
    }

    /// What the page shown now loaded (stylesheets, scripts, images…) that was answered
    /// with an error status, as `address (status)`.
    pub async fn failed_resources(&self) -> Vec<String> {
        self.strings_from(
            "return performance.getEntriesByType('resource')\
               .filter((entry) => entry.responseStatus >= 400)\
               .map((entry) => entry.name + ' (' + entry.responseStatus + ')');",
            "list what the page loaded",
        )
        .await
    }

    /// Turns an element returned by a script into one the client can use.
    fn element_from(&self, found: &Value) -> Option<Element> {
        let id = found.get(ELEMENT_KEY)?.as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }

    async fn wait_for_element(&self, what: &str, locator: Locator<'_>) -> Element {
        self.wait_for(what, async || self.client.find(locator).await.ok())
            .await
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The test's runtime may be gone or stuck in this very unwinding, so the last words
        // to chromedriver go through a connection of their own, on a thread of their own.
        let screenshot = std::thread::panicking().then(|| self.test_name.clone());
        let driver = self.driver.url();
        let session = self.session.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let client = Client::with_existing_session(&driver, &session, HttpConnector::new())
                    .await
                    .ok()?;
                if let Some(name) = screenshot {
                    let at = client.current_url().await.map(|url| url.to_string());
                    if let Ok(png) = client.screenshot().await {
                        let path = save_screenshot(&name, &png);
                        let _ = writeln!(
                            std::io::stderr(),
                            "screenshot of the failing page ({}): {}",
                            at.unwrap_or_default(),
                            path.display()
                        );
                    }
                }
                client.close().await.ok()
            })
        })
        .join();
    }
}

/// A `chromedriver` process on a free loopback port, with a temporary folder for its log
/// and the browser's profile. Dropping it stops the process and removes the folder.
#[derive(Debug)]
struct Driver {
    process: Child,
    port: u16,
    folder: TempDir,
}

impl Driver {
    /// Starts `chromedriver` and waits until it says it is ready.
    fn start(binary: &Path) -> Self {
        let folder = tempfile::Builder::new()
            .prefix("gazette-browser-")
            .tempdir()
            .expect("a temporary folder for the browser");
        std::fs::create_dir(folder.path().join("profile")).expect("a folder for the profile");
        // A port picked this way may be taken again before chromedriver binds it; then it
        // exits and another port is tried.
        for _ in 0..5 {
            let port = free_port();
            let mut process = spawn_driver(binary, port, folder.path());
            match wait_until_ready(&mut process, port, folder.path()) {
                Ok(()) => {
                    return Self {
                        process,
                        port,
                        folder,
                    };
                }
                Err(log) if log.contains("Address already in use") => {}
                Err(log) => panic!("chromedriver did not start:\n{log}"),
            }
        }
        panic!("chromedriver found no free port after five tries")
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn profile(&self) -> PathBuf {
        self.folder.path().join("profile")
    }

    fn log(&self) -> String {
        driver_log(self.folder.path())
    }
}

/// Starts `chromedriver` on `port`, writing its output to `chromedriver.log` in `folder`.
fn spawn_driver(binary: &Path, port: u16, folder: &Path) -> Child {
    let log = std::fs::File::create(folder.join("chromedriver.log"))
        .expect("a log file for chromedriver");
    Command::new(binary)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("a second handle on the log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", binary.display()))
}

/// Waits until `chromedriver` says it listens on `port`. When it exits first, or does not
/// get there within [`WAIT_LIMIT`], returns its log.
fn wait_until_ready(process: &mut Child, port: u16, folder: &Path) -> Result<(), String> {
    let started = Instant::now();
    let ready = format!("started successfully on port {port}");
    loop {
        if let Some(status) = process.try_wait().expect("chromedriver's status") {
            return Err(format!(
                "chromedriver exited with {status}:\n{}",
                driver_log(folder)
            ));
        }
        if driver_log(folder).contains(&ready) {
            return Ok(());
        }
        if started.elapsed() > WAIT_LIMIT {
            let _ = process.kill();
            let _ = process.wait();
            return Err(format!(
                "chromedriver did not say it was ready within {WAIT_LIMIT:?}:\n{}",
                driver_log(folder)
            ));
        }
        std::thread::sleep(POLL);
    }
}

fn driver_log(folder: &Path) -> String {
    std::fs::read_to_string(folder.join("chromedriver.log")).unwrap_or_default()
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// chromedriver's command that returns (and forgets) the browser's console entries.
#[derive(Debug)]
struct ReadBrowserLog;

impl WebDriverCompatibleCommand for ReadBrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// How WebDriver marks an element in a script's result.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Finds the form field labelled `arguments[0]` (a trailing `*` ignored), or named so.
const FIND_FIELD: &str = r"
const wanted = arguments[0];
const clean = (text) => text.replace(/\s+/g, ' ').trim().replace(/\s*\*$/, '');
for (const label of document.querySelectorAll('label')) {
  if (clean(label.textContent) === wanted && label.control) { return label.control; }
}
return document.getElementsByName(wanted)[0] || null;
";

/// Finds the button whose text (or submit input whose value) is `arguments[0]`.
const FIND_BUTTON: &str = r"
const wanted = arguments[0];
const clean = (text) => text.replace(/\s+/g, ' ').trim();
for (const button of document.querySelectorAll('button, input[type=submit], input[type=button]')) {
  const text = button.tagName === 'BUTTON' ? button.textContent : button.value;
  if (clean(text) === wanted) { return button; }
}
return null;
";

/// Describes the element with the focus for a person reading a failure.
const DESCRIBE_FOCUS: &str = r#"
const element = document.activeElement;
if (element === null || element === document.body) { return 'the page itself'; }
let description = element.tagName.toLowerCase();
if (element.id) { description += '#' + element.id; }
if (element.name) { description += '[name=' + element.name + ']'; }
if (element.tagName === 'A') { description += ' "' + element.textContent.trim() + '"'; }
return description;
"#;

fn path_and_query(url: &url::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

fn string_at(entry: &Value, key: &str) -> String {
    entry
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// What reading an element gave: `None` when the element was replaced meanwhile (the
/// browser moved on to the next page), so that the caller looks again. Chromium reports
/// that either as a stale element or, when the new page's document is already in place,
/// as a node that "does not belong to the document".
fn unless_replaced<T>(read: Result<T, CmdError>, what: &str) -> Option<T> {
    match read {
        Ok(value) => Some(value),
        Err(error)
            if error.is_stale_element_reference()
                || error
                    .to_string()
                    .contains("does not belong to the document") =>
        {
            None
        }
        Err(error) => panic!("the browser could not read {what}: {error}"),
    }
}

/// A panic naming what the browser could not do.
fn failed<T>(what: &str) -> impl FnOnce(CmdError) -> T + '_ {
    move |error| panic!("the browser could not {what}: {error}")
}

/// The binary named by `variable`, or else `default`; an explanation when it is missing.
fn locate(variable: &str, default: &str) -> Result<PathBuf, String> {
    match std::env::var_os(variable) {
        Some(named) => {
            let path = PathBuf::from(named);
            if path.is_file() {
                Ok(path)
            } else {
                Err(format!(
                    "{variable} names {}, which does not exist",
                    path.display()
                ))
            }
        }
        None if Path::new(default).is_file() => Ok(PathBuf::from(default)),
        None => Err(format!(
            "{default} is not installed (nor named by {variable})"
        )),
    }
}

/// Fails the test when the browser is required; otherwise says, past the test harness's
/// output capture, that this test is skipped and why, so that a run without a browser
/// never looks like a full pass.
fn announce_missing_browser(test_name: &str, missing: &str) {
    let required = std::env::var(REQUIRE_BROWSER_VARIABLE).is_ok_and(|value| value == "1");
    assert!(
        !required,
        "the browser tests need Chromium and chromedriver, but {missing}; install them with \
         `{INSTALL}` (or name them with {CHROMIUM_VARIABLE} and {CHROMEDRIVER_VARIABLE})"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED browser test {test_name}: {missing}; install Chromium and its WebDriver with \
         `{INSTALL}` to run it ({REQUIRE_BROWSER_VARIABLE}=1 makes this a failure)"
    );
}

/// The running test's name, as the test harness names its thread.
fn current_test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("browser-test")
        .to_owned()
}

/// Writes `png` to `browser-screenshots/NAME.png` next to the test binaries' folder in the
/// target folder (`target/debug/browser-screenshots/`).
fn save_screenshot(name: &str, png: &[u8]) -> PathBuf {
    let executable = std::env::current_exe().expect("the test binary's path");
    // Test binaries live in `target/<profile>/deps/`.
    let profile_folder = executable
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| Path::new("."));
    let folder = profile_folder.join("browser-screenshots");
    std::fs::create_dir_all(&folder).expect("a folder for screenshots");
    let file_name: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' || character == '_' {
                character
            } else {
                '-'
            }
        })
        .collect();
    let path = folder.join(format!("{file_name}.png"));
    std::fs::write(&path, png).expect("a screenshot written to the target folder");
    path
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}
