//! The production router over a test database, driven in process.

use crate::database::TestDatabase;
use crate::smtp::SmtpServer;
use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use gazette_app::{App, Clock, MediaStorage};
use gazette_mail::{MailConfig, Mailer};
use gazette_render::{Theme, ThemeOptions};
use gazette_web::{WebOptions, WebState};
use http_body_util::BodyExt as _;
use std::net::SocketAddr;
use tower::ServiceExt as _;

/// The moment test sites start at: Wednesday, 24 April 2024, 10:00 UTC.
pub const TEST_START: &str = "2024-04-24T10:00:00Z";

/// The peer address requests appear to come from.
const TEST_PEER: ([u8; 4], u16) = ([203, 0, 113, 10], 51_000);

/// A whole Gazette site for one test.
pub struct TestApp {
    /// The use cases, for arranging data and checking results.
    pub app: App,
    /// The database it runs on.
    pub database: TestDatabase,
    /// The media folder, a fresh temporary folder.
    pub media_folder: tempfile::TempDir,
    router: Router,
    options: WebOptions,
}

/// A response with its body read.
#[derive(Debug)]
pub struct TestResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
    /// The body byte for byte, as it was sent (compressed, when it was).
    pub raw_body: Vec<u8>,
}

impl TestApp {
    /// Starts a site over `database` with a manual clock at [`TEST_START`], a fresh media
    /// folder, the default theme in strict mode (a template using a missing name fails the
    /// test), the default 1 MiB body limit and the page cache on.
    pub async fn start(database: TestDatabase) -> Self {
        Self::start_with(
            database,
            WebOptions {
                max_body_bytes: 1024 * 1024,
                trusted_proxies: Vec::new(),
                page_cache_bytes: 8 * 1024 * 1024,
            },
        )
        .await
    }

    /// Starts a site with particular web options.
    pub async fn start_with(database: TestDatabase, options: WebOptions) -> Self {
        // Logs go to the test's captured output, shown when a test fails.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let db = database.connect().await;
        let media_folder = tempfile::Builder::new()
            .prefix("gazette-media-")
            .tempdir()
            .expect("a temporary media folder");
        let app = App::with_db(
            db,
            Clock::manual(TEST_START.parse().expect("a valid instant")),
            None,
        )
        .await
        .expect("the app starts")
        .with_media(MediaStorage::new(media_folder.path()));
        let router = router_over(&app, &options);
        Self {
            app,
            database,
            media_folder,
            router,
            options,
        }
    }

    /// The same site sending mail through `smtp`, as with a `[mail]` section, from
    /// `The Ledger <news@ledger.example>`.
    #[must_use]
    pub fn with_mail(self, smtp: &SmtpServer) -> Self {
        let mailer = Mailer::new(&MailConfig {
            smtp_url: smtp.url(),
            from: "The Ledger <news@ledger.example>".to_owned(),
        })
        .expect("a mailer for the test SMTP server");
        let app = self.app.with_mailer(mailer);
        let router = router_over(&app, &self.options);
        Self {
            app,
            database: self.database,
            media_folder: self.media_folder,
            router,
            options: self.options,
        }
    }

    /// Sends `request` through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body can be read")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw_body: bytes.to_vec(),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("a request"))
            .await
    }

    /// `GET path` with a `Cookie` header.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> TestResponse {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("a request"),
        )
        .await
    }

    /// `POST path` with `fields` and extra `headers` (a cookie, an `Origin`…), sent as they
    /// are: no form token is added and no time passes.
    pub async fn post_with_headers(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.send(builder.body(Body::from(body)).expect("a request"))
            .await
    }

    /// `POST path` with a body already urlencoded (to send bytes that are not UTF-8), as it
    /// is: no form token is added and no time passes.
    pub async fn post_encoded_form(&self, path: &str, body: String) -> TestResponse {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a request");
        self.send(request).await
    }

    /// The comment form token in the page at `path`, if it shows a comment form.
    pub async fn form_token_on(&self, path: &str) -> Option<String> {
        let page = self.get(path).await;
        if page.status != 200 {
            return None;
        }
        let html = page.html();
        let selector = scraper::Selector::parse("input[name=gazette_form_token]").ok()?;
        html.select(&selector)
            .next()
            .and_then(|input| input.value().attr("value"))
            .map(str::to_owned)
    }

    /// `POST path` with `fields` as an urlencoded form.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with_cookie(path, fields, None).await
    }

    /// `POST path` with `fields` and, optionally, a `Cookie` header, as a reader's browser
    /// sends a comment form: with the signed form token of the page at `path` (unless
    /// `fields` carry one), after the 20 seconds (on the test clock) a person takes to type.
    pub async fn post_form_with_cookie(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        let mut fields: Vec<(String, String)> = fields
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        if !fields.iter().any(|(name, _)| name == FORM_TOKEN_FIELD)
            && let Some(token) = self.form_token_on(path).await
        {
            fields.push((FORM_TOKEN_FIELD.to_owned(), token));
        }
        self.app.clock().advance(TYPING_SECONDS);
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.send(builder.body(Body::from(body)).expect("a request"))
            .await
    }
}

/// The production router over `app`, with the default theme in strict mode, its requests
/// coming from the test peer.
fn router_over(app: &App, options: &WebOptions) -> Router {
    let theme = Theme::load(&ThemeOptions {
        override_dir: None,
        strict_undefined: true,
    })
    .expect("the default theme loads");
    gazette_web::router(WebState::new(app.clone(), theme, options.clone()))
        .layer(MockConnectInfo(SocketAddr::from(TEST_PEER)))
}

/// The comment form's token field.
const FORM_TOKEN_FIELD: &str = "gazette_form_token";
/// How long, on the test clock, a reader takes to write a comment: past the time trap and
/// the flood interval.
const TYPING_SECONDS: i64 = 20;

impl TestResponse {
    /// The body parsed as an HTML document.
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every value of the header `name`.
    pub fn headers_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The `name=value` part of the `Set-Cookie` header, ready to send back.
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie")
            .map(|cookie| cookie.split(';').next().unwrap_or_default().to_owned())
    }
}
