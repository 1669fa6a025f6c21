//! Views: the contexts the theme's templates receive. Their field names are the contract
//! with theme authors (see docs/THEMES.md); handlers fill them from use-case results.
//! Nothing private, such as a commenter's email address, is ever put into a view.

use gazette_app::{ArticlePageData, HomeListing};
use gazette_domain::date_format::format_date;
use gazette_domain::permalink;
use gazette_domain::{
    Article, Comment, CommentInput, CommentStatus, FieldErrors, SiteSettings, Timestamp,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The site-wide part of every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub tagline: String,
    pub language: String,
    pub home_url: &'static str,
    pub stylesheet_url: &'static str,
    /// The date line, when the site shows one.
    pub date_line: Option<DateView>,
}

impl SiteView {
    pub fn new(settings: &SiteSettings, now: Timestamp) -> Self {
        let date_line = settings.show_date_line.then(|| {
            let today = now.in_zone(&settings.time_zone);
            DateView {
                iso: today.date().to_string(),
                display: format_date(&today, &settings.date_line_format),
            }
        });
        Self {
            title: settings.title.clone(),
            tagline: settings.tagline.clone(),
            language: settings.language.clone(),
            home_url: "/",
            stylesheet_url: "/static/style.css",
            date_line,
        }
    }
}

/// A moment for `<time>`: machine-readable and as the site writes dates.
#[derive(Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub display: String,
}

impl DateView {
    /// `moment` in the site's zone, written with `pattern`.
    pub fn new(moment: Timestamp, settings: &SiteSettings, pattern: &str) -> Self {
        let local = moment.in_zone(&settings.time_zone);
        Self {
            iso: format_date(&local, "c"),
            display: format_date(&local, pattern),
        }
    }

    /// A date with its time, as comments show them: `April 24, 2024 at 3:05 pm`.
    fn with_time(moment: Timestamp, settings: &SiteSettings) -> Self {
        let local = moment.in_zone(&settings.time_zone);
        Self {
            iso: format_date(&local, "c"),
            display: format!(
                "{} at {}",
                format_date(&local, &settings.date_format),
                format_date(&local, &settings.time_format)
            ),
        }
    }
}

/// The public path of a public article.
pub fn article_path(article: &Article, settings: &SiteSettings) -> String {
    permalink::article_path(
        &article.slug,
        article.published_at.unwrap_or(article.created_at),
        &settings.time_zone,
    )
}

/// The home page and its following pages.
#[derive(Debug, Serialize)]
pub struct HomePage {
    pub site: SiteView,
    pub articles: Vec<SummaryView>,
    pub pagination: PaginationView,
}

/// An article in a list.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub title: String,
    pub url: String,
    pub published: DateView,
    pub excerpt: String,
    pub comment_count: i64,
    pub credit_name: Option<String>,
}

/// Links between the pages of a list.
#[derive(Debug, Serialize)]
pub struct PaginationView {
    pub current: u32,
    pub total: u32,
    pub newer_url: Option<String>,
    pub older_url: Option<String>,
}

impl HomePage {
    pub fn new(listing: &HomeListing, now: Timestamp) -> Self {
        let settings = &listing.settings;
        let articles = listing
            .articles
            .iter()
            .map(|summary| {
                let published = summary.published_at.unwrap_or(summary.created_at);
                SummaryView {
                    title: summary.title.clone(),
                    url: permalink::article_path(&summary.slug, published, &settings.time_zone),
                    published: DateView::new(published, settings, &settings.date_format),
                    excerpt: summary.excerpt.clone(),
                    comment_count: summary.comment_count,
                    credit_name: summary.source_name.clone(),
                }
            })
            .collect();
        let pagination = PaginationView {
            current: listing.page,
            total: listing.total_pages,
            newer_url: (listing.page > 1).then(|| permalink::home_page_path(listing.page - 1)),
            older_url: (listing.page < listing.total_pages)
                .then(|| permalink::home_page_path(listing.page + 1)),
        };
        Self {
            site: SiteView::new(settings, now),
            articles,
            pagination,
        }
    }
}

/// A single article with its comments and the reply form.
#[derive(Debug, Serialize)]
pub struct ArticlePage {
    pub site: SiteView,
    pub article: ArticleView,
    pub comments: CommentsView,
    pub form: CommentFormView,
}

/// The article itself.
#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub excerpt: String,
    pub published: DateView,
    /// For republished pieces: when the original appeared.
    pub original_published: Option<DateView>,
    /// Sanitised when the article was saved.
    pub body_html: String,
    /// For republished pieces: the `Credit:` line.
    pub credit: Option<CreditView>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub comments_open: bool,
}

/// The credit owed to the original publisher.
#[derive(Debug, Serialize)]
pub struct CreditView {
    pub name: String,
    pub url: String,
}

/// The comments shown under the article.
#[derive(Debug, Serialize)]
pub struct CommentsView {
    /// Approved comments only.
    pub count: usize,
    /// Approved comments and the reader's own pending ones, oldest first.
    pub items: Vec<CommentView>,
}

/// One comment. Deliberately without the email address.
#[derive(Debug, Serialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub author_url: Option<String>,
    pub published: DateView,
    /// Made inert when the comment was saved.
    pub html: String,
    /// True for the reader's own comment that waits for moderation.
    pub pending: bool,
}

/// The reply form, empty or as the reader filled it.
#[derive(Debug, Serialize)]
pub struct CommentFormView {
    pub action: String,
    pub article_id: i64,
    pub values: FormValues,
    pub errors: BTreeMap<&'static str, String>,
    pub has_errors: bool,
    pub notice: Option<String>,
    /// Set when a comment was refused outright (comments closed).
    pub refused: Option<RefusedView>,
}

/// What the reader typed.
#[derive(Debug, Default, Serialize)]
pub struct FormValues {
    pub comment: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub cookies_consent: bool,
    pub parent: String,
}

/// A refusal with the text kept for the reader.
#[derive(Debug, Serialize)]
pub struct RefusedView {
    pub message: String,
    pub kept_text: Option<String>,
}

impl CommentFormView {
    /// An empty form for `article`.
    pub fn empty(action: String, article: &Article) -> Self {
        Self {
            action,
            article_id: article.id.get(),
            values: FormValues {
                parent: "0".to_owned(),
                ..FormValues::default()
            },
            errors: BTreeMap::new(),
            has_errors: false,
            notice: None,
            refused: None,
        }
    }

    /// The form as the reader sent it, with each problem next to its field.
    pub fn with_errors(
        action: String,
        article: &Article,
        input: &CommentInput,
        cookies_consent: bool,
        errors: &FieldErrors,
    ) -> Self {
        Self {
            values: FormValues {
                comment: input.text.clone(),
                author: input.author.clone(),
                email: input.email.clone(),
                url: input.website.clone(),
                cookies_consent,
                parent: if input.parent.trim().is_empty() {
                    "0".to_owned()
                } else {
                    input.parent.clone()
                },
            },
            errors: errors
                .iter()
                .map(|error| (error.field, error.message.clone()))
                .collect(),
            has_errors: !errors.is_empty(),
            ..Self::empty(action, article)
        }
    }
}

impl ArticlePage {
    pub fn new(data: &ArticlePageData, form: CommentFormView, now: Timestamp) -> Self {
        let settings = &data.settings;
        let article = &data.article;
        let published = article.published_at.unwrap_or(article.created_at);
        let view = ArticleView {
            id: article.id.get(),
            title: article.title.clone(),
            url: article_path(article, settings),
            excerpt: article.excerpt.clone(),
            published: DateView::new(published, settings, &settings.date_format),
            original_published: article
                .source
                .as_ref()
                .and_then(|source| source.published_at)
                .map(|when| DateView::new(when, settings, &settings.date_format)),
            body_html: article.body_html.clone(),
            credit: article.source.as_ref().map(|source| CreditView {
                name: source.name.clone(),
                url: source.url.clone(),
            }),
            categories: data.categories.clone(),
            tags: data.tags.clone(),
            comments_open: article.comments_open,
        };
        let comments = CommentsView {
            count: data.approved_count,
            items: data
                .comments
                .iter()
                .map(|comment| comment_view(comment, settings))
                .collect(),
        };
        Self {
            site: SiteView::new(settings, now),
            article: view,
            comments,
            form,
        }
    }
}

fn comment_view(comment: &Comment, settings: &SiteSettings) -> CommentView {
    CommentView {
        id: comment.id.get(),
        author: comment.author_name.clone(),
        author_url: comment.author_url.clone(),
        published: DateView::with_time(comment.created_at, settings),
        html: comment.html.clone(),
        pending: comment.status == CommentStatus::Pending,
    }
}

/// An error page.
#[derive(Debug, Serialize)]
pub struct ErrorPage<'a> {
    pub site: SiteView,
    pub error: ErrorView<'a>,
}

/// What went wrong.
#[derive(Debug, Serialize)]
pub struct ErrorView<'a> {
    pub status: u16,
    pub title: &'a str,
    pub message: &'a str,
    pub kept_text: Option<&'a str>,
}
