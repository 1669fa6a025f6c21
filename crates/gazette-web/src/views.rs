//! Views: the contexts the theme's templates receive. Their field names are the contract
//! with theme authors (see docs/THEMES.md); handlers fill them from use-case results.
//! Nothing private, such as a commenter's email address, is ever put into a view.

mod open_graph;
mod search;

pub use open_graph::OpenGraphView;
pub use search::SearchPage;

use crate::remembered_commenter::RememberedCommenter;
use crate::structured_data;
use gazette_app::{
    ArchiveLink, ArchiveListing, ArchiveSubject, ArticlePageData, ArticleSummary, CommentThread,
    HomeListing, comment_page_path,
};
use gazette_domain::archive::{ArchiveSubpage, FeedFormat};
use gazette_domain::date_format::format_date;
use gazette_domain::permalink::{self, Permalinks};
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
    /// The site's feeds of its newest articles: RSS, Atom and JSON Feed.
    pub feed_url: &'static str,
    pub feed_atom_url: &'static str,
    pub feed_json_url: &'static str,
    /// The site-wide comment feeds.
    pub comments_feed_url: &'static str,
    pub comments_atom_url: &'static str,
    /// Where the search form goes (`GET`, its words in the field `s`).
    pub search_url: &'static str,
    /// The date line, when the site shows one.
    pub date_line: Option<DateView>,
    /// What every page asks of search engines (`noindex, nofollow`) while the site
    /// discourages them; none otherwise.
    pub robots: Option<&'static str>,
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
            feed_url: "/feed/",
            feed_atom_url: "/feed/atom/",
            feed_json_url: "/feed/json/",
            comments_feed_url: "/comments/feed/",
            comments_atom_url: "/comments/feed/atom/",
            search_url: "/",
            date_line,
            robots: settings
                .discourage_search_engines
                .then_some("noindex, nofollow"),
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
    pub fn with_time(moment: Timestamp, settings: &SiteSettings) -> Self {
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

/// The home page and its following pages.
#[derive(Debug, Serialize)]
pub struct HomePage {
    pub site: SiteView,
    pub articles: Vec<SummaryView>,
    pub pagination: PaginationView,
    /// This page's absolute address, for `rel=canonical`.
    pub canonical_url: String,
    /// How the page looks when shared.
    pub open_graph: OpenGraphView,
    /// On the first page, the site described as schema.org JSON-LD, safe to print as it
    /// is inside `<script type="application/ld+json">`.
    pub structured_data: Option<String>,
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
    /// Kept at the top of the home page; marked so only there, since archives list by
    /// date alone.
    pub sticky: bool,
}

/// Whether a list marks its sticky articles as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StickyMarks {
    /// The home page, which lists them first.
    Shown,
    /// Archives, which list every article by date.
    Hidden,
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
        let articles = summary_views(
            &listing.articles,
            &listing.permalinks,
            settings,
            StickyMarks::Shown,
        );
        let pagination = PaginationView {
            current: listing.page,
            total: listing.total_pages,
            newer_url: (listing.page > 1).then(|| permalink::home_page_path(listing.page - 1)),
            older_url: (listing.page < listing.total_pages)
                .then(|| permalink::home_page_path(listing.page + 1)),
        };
        let canonical_url = format!(
            "{}{}",
            settings.site_url,
            permalink::home_page_path(listing.page)
        );
        Self {
            site: SiteView::new(settings, now),
            articles,
            pagination,
            open_graph: OpenGraphView::website(
                settings,
                settings.title.clone(),
                settings.tagline.clone(),
                canonical_url.clone(),
            ),
            canonical_url,
            structured_data: (listing.page == 1)
                .then(|| structured_data::web_site(settings, listing.site_logo.as_ref())),
        }
    }
}

/// The articles of a list as the theme shows them, linked at their addresses.
fn summary_views(
    articles: &[ArticleSummary],
    permalinks: &Permalinks,
    settings: &SiteSettings,
    sticky_marks: StickyMarks,
) -> Vec<SummaryView> {
    articles
        .iter()
        .map(|summary| {
            let published = summary.published_at.unwrap_or(summary.created_at);
            SummaryView {
                title: summary.title.clone(),
                url: permalinks.path(summary.id, &summary.slug, published, summary.first_category),
                published: DateView::new(published, settings, &settings.date_format),
                excerpt: summary.excerpt.clone(),
                comment_count: summary.comment_count,
                credit_name: summary.source_name.clone(),
                sticky: summary.sticky && sticky_marks == StickyMarks::Shown,
            }
        })
        .collect()
}

/// A category's, a tag's, an author's or a period's page of articles.
#[derive(Debug, Serialize)]
pub struct ArchivePage {
    pub site: SiteView,
    pub archive: ArchiveView,
    pub articles: Vec<SummaryView>,
    pub pagination: PaginationView,
    /// How the page looks when shared.
    pub open_graph: OpenGraphView,
}

/// What an archive lists, and its addresses.
#[derive(Debug, Serialize)]
pub struct ArchiveView {
    /// `category`, `tag`, `author` or `date`.
    pub kind: &'static str,
    /// The category's, tag's or author's name, or the period (`April 2024`).
    pub name: String,
    /// The heading: `Category: Politics`, `Tag: Elections`, `Author: Jane Doe`, or the
    /// period alone.
    pub title: String,
    /// A category's description; empty for the others.
    pub description: String,
    /// The archive's first page.
    pub url: String,
    /// This page's absolute address, for `rel=canonical`.
    pub canonical_url: String,
    /// Its feeds: RSS, Atom and JSON Feed.
    pub feed_url: String,
    pub feed_atom_url: String,
    pub feed_json_url: String,
}

impl ArchivePage {
    pub fn new(listing: &ArchiveListing, now: Timestamp) -> Self {
        let settings = &listing.settings;
        let archive = &listing.archive;
        let name = archive.name(settings);
        let (kind, title) = match &archive.subject {
            ArchiveSubject::Category { .. } => ("category", format!("Category: {name}")),
            ArchiveSubject::Tag(_) => ("tag", format!("Tag: {name}")),
            ArchiveSubject::Author { .. } => ("author", format!("Author: {name}")),
            ArchiveSubject::Period(_) => ("date", name.clone()),
        };
        let base = &archive.path;
        let page_path = |page: u32| ArchiveSubpage::List(page).under(base);
        let canonical_url = format!(
            "{}{}",
            settings.site_url.trim_end_matches('/'),
            page_path(listing.page)
        );
        Self {
            site: SiteView::new(settings, now),
            open_graph: OpenGraphView::website(
                settings,
                title.clone(),
                archive.description().to_owned(),
                canonical_url.clone(),
            ),
            archive: ArchiveView {
                kind,
                name,
                title,
                description: archive.description().to_owned(),
                url: base.clone(),
                canonical_url,
                feed_url: ArchiveSubpage::Feed(FeedFormat::Rss).under(base),
                feed_atom_url: ArchiveSubpage::Feed(FeedFormat::Atom).under(base),
                feed_json_url: ArchiveSubpage::Feed(FeedFormat::JsonFeed).under(base),
            },
            articles: summary_views(
                &listing.articles,
                &listing.permalinks,
                settings,
                StickyMarks::Hidden,
            ),
            pagination: PaginationView {
                current: listing.page,
                total: listing.total_pages,
                newer_url: (listing.page > 1).then(|| page_path(listing.page - 1)),
                older_url: (listing.page < listing.total_pages)
                    .then(|| page_path(listing.page + 1)),
            },
        }
    }
}

/// A link to an archive: a category's, a tag's or an author's.
#[derive(Debug, Serialize)]
pub struct ArchiveLinkView {
    pub name: String,
    pub url: String,
}

impl From<&ArchiveLink> for ArchiveLinkView {
    fn from(link: &ArchiveLink) -> Self {
        Self {
            name: link.name.clone(),
            url: link.path.clone(),
        }
    }
}

/// A single article with its comments and the reply form.
#[derive(Debug, Serialize)]
pub struct ArticlePage {
    pub site: SiteView,
    pub article: ArticleView,
    pub comments: CommentsView,
    /// Other sites' notices that they linked here, listed apart from the comments.
    pub pingbacks: Vec<PingbackView>,
    pub form: CommentFormView,
    /// The article described as schema.org JSON-LD, safe to print as it is inside
    /// `<script type="application/ld+json">`.
    pub structured_data: String,
    /// How the page looks when shared.
    pub open_graph: OpenGraphView,
}

/// The article itself.
#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub id: i64,
    /// `post` for news; `page` for a page (About, Contact…), which shows no date line,
    /// byline, categories or tags.
    pub kind: &'static str,
    pub title: String,
    /// The whole `<title>` an editor wrote for search engines; empty when the page's title
    /// is the headline with the site's name.
    pub seo_title: String,
    /// The meta description: the one an editor wrote, else the excerpt.
    pub description: String,
    pub url: String,
    pub excerpt: String,
    pub published: DateView,
    /// For republished pieces: when the original appeared.
    pub original_published: Option<DateView>,
    /// Sanitised when the article was saved.
    pub body_html: String,
    /// For republished pieces: the `Credit:` line, with the original's author.
    pub credit: Option<CreditView>,
    /// Its categories and tags, each linked to its archive.
    pub categories: Vec<ArchiveLinkView>,
    pub tags: Vec<ArchiveLinkView>,
    /// Its author, linked to their archive, when the site knows them.
    pub author: Option<ArchiveLinkView>,
    /// Whether the form is shown (the article takes comments now).
    pub comments_open: bool,
    /// The feeds of this article's comments.
    pub comments_feed_url: String,
    pub comments_atom_url: String,
    /// When what readers see last changed after publication, if it did.
    pub modified: Option<DateView>,
    /// The public corrections and updates log, oldest first.
    pub corrections: Vec<CorrectionNoteView>,
    /// The page's canonical address: the original's for republished pieces whose credit
    /// says so, ours otherwise.
    pub canonical_url: String,
    /// The image shown at the top, with this article's alt text and caption.
    pub featured_image: Option<crate::image_view::ImageView>,
}

/// A correction or update as readers see it.
#[derive(Debug, Serialize)]
pub struct CorrectionNoteView {
    /// "Correction" or "Update".
    pub label: &'static str,
    /// `correction` or `update`.
    pub kind: &'static str,
    /// Sanitised when the note was saved.
    pub note_html: String,
    pub added: DateView,
}

/// The credit owed to the original publisher, and the byline of the original's author.
#[derive(Debug, Serialize)]
pub struct CreditView {
    pub name: String,
    pub url: String,
    /// Who wrote the original, when known: `By <author>` before the credit.
    pub author: Option<String>,
}

impl CreditView {
    /// The credit of a republished article.
    pub fn of(source: &gazette_domain::SourceAttribution) -> Self {
        Self {
            name: source.name.clone(),
            url: source.url.clone(),
            author: source.author.clone(),
        }
    }
}

/// The comments shown under the article.
#[derive(Debug, Serialize)]
pub struct CommentsView {
    /// Approved comments only.
    pub count: usize,
    /// This page's threads: approved comments and the reader's own pending ones, each with
    /// its replies.
    pub items: Vec<CommentView>,
    /// Which comment page, from 1, and how many there are.
    pub page: u32,
    pub page_count: u32,
    /// The neighbouring comment pages, when there are.
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

/// A pingback or trackback: the site that linked here, and when.
#[derive(Debug, Serialize)]
pub struct PingbackView {
    pub id: i64,
    /// The linking site's name (or its post's title), as it sent it.
    pub author: String,
    /// The linking post's address.
    pub url: Option<String>,
    /// `pingback` or `trackback`.
    pub kind: &'static str,
    pub published: DateView,
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
    /// 1 for a top-level comment.
    pub depth: u32,
    /// Where the `Reply` link goes (works without JavaScript); none when the article
    /// takes no comments or the comment is not published yet.
    pub reply_url: Option<String>,
    /// Replies shown under it.
    pub replies: Vec<CommentView>,
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
    /// Where the signed form token goes; the page cache puts a fresh token in each copy.
    pub token: &'static str,
    /// Whether to offer reply notifications by email.
    pub offers_notifications: bool,
    /// Set when the form answers a comment (`?replytocom=ID`).
    pub reply_to: Option<ReplyToView>,
}

/// The comment being answered.
#[derive(Debug, Serialize)]
pub struct ReplyToView {
    pub id: i64,
    pub author: String,
    /// The same page without the reply: "Cancel reply".
    pub cancel_url: String,
}

/// What the reader typed.
#[derive(Debug, Default, Serialize)]
pub struct FormValues {
    pub comment: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub cookies_consent: bool,
    pub notify_replies: bool,
    pub parent: String,
}

/// The form's two checkboxes as the reader left them.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormChoices {
    pub remember_me: bool,
    pub notify_replies: bool,
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
            token: crate::form_token_slot::MARKER,
            offers_notifications: false,
            reply_to: None,
        }
    }

    /// The form pre-filled with what a reader asked the site to remember.
    pub fn remembered(action: String, article: &Article, remembered: &RememberedCommenter) -> Self {
        let mut form = Self::empty(action, article);
        form.values.author.clone_from(&remembered.name);
        form.values.email.clone_from(&remembered.email);
        form.values.url.clone_from(&remembered.website);
        form.values.cookies_consent = true;
        form
    }

    /// The form as the reader sent it, with each problem next to its field.
    pub fn with_errors(
        action: String,
        article: &Article,
        input: &CommentInput,
        choices: FormChoices,
        errors: &FieldErrors,
    ) -> Self {
        Self {
            values: FormValues {
                comment: input.text.clone(),
                author: input.author.clone(),
                email: input.email.clone(),
                url: input.website.clone(),
                cookies_consent: choices.remember_me,
                notify_replies: choices.notify_replies,
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
    pub fn new(data: &ArticlePageData, mut form: CommentFormView, now: Timestamp) -> Self {
        let settings = &data.settings;
        let article = &data.article;
        let published = article.published_at.unwrap_or(article.created_at);
        let path = data.path.clone();
        let page_path = comment_page_path(&path, data.comments.page);
        let view = ArticleView {
            id: article.id.get(),
            kind: article.kind.as_str(),
            title: article.title.clone(),
            seo_title: article.seo_title.clone(),
            description: article.search_description().to_owned(),
            url: path.clone(),
            excerpt: article.excerpt.clone(),
            published: DateView::new(published, settings, &settings.date_format),
            original_published: article
                .source
                .as_ref()
                .and_then(|source| source.published_at)
                .map(|when| DateView::new(when, settings, &settings.date_format)),
            body_html: article.body_html.clone(),
            credit: article.source.as_ref().map(CreditView::of),
            categories: data.categories.iter().map(ArchiveLinkView::from).collect(),
            tags: data.tags.iter().map(ArchiveLinkView::from).collect(),
            author: data
                .author_name
                .clone()
                .zip(data.author_path.clone())
                .map(|(name, url)| ArchiveLinkView { name, url }),
            comments_open: data.accepts_comments,
            comments_feed_url: format!("{path}feed/"),
            comments_atom_url: format!("{path}feed/atom/"),
            modified: article
                .modified_at
                .filter(|modified| *modified > published)
                .map(|modified| DateView::new(modified, settings, &settings.date_format)),
            corrections: data
                .corrections
                .iter()
                .map(|correction| CorrectionNoteView {
                    label: correction.kind.label(),
                    kind: correction.kind.as_str(),
                    note_html: correction.note_html.clone(),
                    added: DateView::new(correction.created_at, settings, &settings.date_format),
                })
                .collect(),
            featured_image: data.featured_image.as_ref().map(|item| {
                let mut image =
                    crate::image_view::ImageView::new(item, crate::image_view::ARTICLE_WIDTH_SIZES);
                if let Some(featured) = &article.featured_image {
                    image.alt.clone_from(&featured.alt);
                    image.caption.clone_from(&featured.caption);
                }
                image
            }),
            canonical_url: match &article.source {
                Some(source) if source.canonical => source.url.clone(),
                _ => format!("{}{path}", settings.site_url.trim_end_matches('/')),
            },
        };
        let page = data.comments.page;
        let comments = CommentsView {
            count: data.approved_count,
            items: data
                .comments
                .threads
                .iter()
                .map(|thread| {
                    comment_view(
                        thread,
                        settings,
                        data.accepts_comments.then_some(&page_path),
                    )
                })
                .collect(),
            page,
            page_count: data.comments.page_count,
            previous_url: (page > 1)
                .then(|| format!("{}#comments", comment_page_path(&path, page - 1))),
            next_url: (page < data.comments.page_count)
                .then(|| format!("{}#comments", comment_page_path(&path, page + 1))),
        };
        form.offers_notifications = data.offers_reply_notifications;
        Self {
            site: SiteView::new(settings, now),
            open_graph: OpenGraphView::article(data, &view.canonical_url),
            article: view,
            comments,
            pingbacks: pingback_views(data),
            form,
            structured_data: structured_data::article_page(data),
        }
    }
}

/// The article's pingbacks and trackbacks, listed apart from its comments.
fn pingback_views(data: &ArticlePageData) -> Vec<PingbackView> {
    data.linkbacks
        .iter()
        .map(|linkback| PingbackView {
            id: linkback.id.get(),
            author: linkback.author_name.clone(),
            url: linkback.author_url.clone(),
            kind: linkback.kind.as_str(),
            published: DateView::with_time(linkback.created_at, &data.settings),
        })
        .collect()
}

fn comment_view(
    thread: &CommentThread,
    settings: &SiteSettings,
    page_path: Option<&String>,
) -> CommentView {
    let comment = &thread.comment;
    let approved = comment.status == CommentStatus::Approved;
    CommentView {
        id: comment.id.get(),
        author: comment.author_name.clone(),
        author_url: comment.author_url.clone(),
        published: DateView::with_time(comment.created_at, settings),
        html: comment.html.clone(),
        pending: comment.status == CommentStatus::Pending,
        depth: comment.depth,
        reply_url: page_path
            .filter(|_| approved)
            .map(|path| format!("{path}?replytocom={}#respond", comment.id)),
        replies: thread
            .replies
            .iter()
            .map(|reply| comment_view(reply, settings, page_path))
            .collect(),
    }
}

/// The comment a `?replytocom=ID` link answers, if it is a published comment on the page.
pub fn reply_target(data: &ArticlePageData, id: i64, page_path: &str) -> Option<ReplyToView> {
    fn find(threads: &[CommentThread], id: i64) -> Option<&Comment> {
        threads.iter().find_map(|thread| {
            if thread.comment.id.get() == id {
                Some(&thread.comment)
            } else {
                find(&thread.replies, id)
            }
        })
    }
    find(&data.comments.threads, id)
        .filter(|comment| comment.status == CommentStatus::Approved)
        .map(|comment| ReplyToView {
            id: comment.id.get(),
            author: comment.author_name.clone(),
            cancel_url: format!("{page_path}#respond"),
        })
}

/// A page that tells the reader something happened (an address confirmed, a
/// subscription ended), optionally with one button to press.
#[derive(Debug, Serialize)]
pub struct NoticePage {
    pub site: SiteView,
    pub notice: NoticeView,
}

/// What the notice says.
#[derive(Debug, Serialize)]
pub struct NoticeView {
    pub title: String,
    pub message: String,
    pub action: Option<NoticeAction>,
    pub back_url: String,
    pub back_label: String,
}

/// A button on a notice page.
#[derive(Debug, Serialize)]
pub struct NoticeAction {
    pub url: String,
    pub label: String,
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
