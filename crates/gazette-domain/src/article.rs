//! Articles: what a newsroom publishes, written in-house or republished with credit.

use crate::field_errors::FieldErrors;
use crate::ids::{ArticleId, CategoryId, MediaId, UserId};
use crate::slug::Slug;
use crate::text::{clean_multi_line, clean_single_line};
use crate::time::Timestamp;
use crate::web_address;
use serde::Serialize;
use std::fmt;

/// The longest title accepted, in characters.
pub const MAX_TITLE_CHARACTERS: usize = 300;
/// How many words of its text make the title of an article that comes without one (an
/// untitled feed item or WordPress post).
pub const TITLE_WORDS_WHEN_UNTITLED: usize = 10;

/// `title` as a headline, cut at [`MAX_TITLE_CHARACTERS`]; when it is empty, the first
/// words of the text `body_text` gives, or "Untitled" when that has none.
pub fn headline_or_first_words(title: String, body_text: impl FnOnce() -> String) -> String {
    let headline = if title.is_empty() {
        let text = body_text();
        let words: Vec<&str> = text
            .split_whitespace()
            .take(TITLE_WORDS_WHEN_UNTITLED)
            .collect();
        if words.is_empty() {
            "Untitled".to_owned()
        } else {
            words.join(" ")
        }
    } else {
        title
    };
    headline.chars().take(MAX_TITLE_CHARACTERS).collect()
}
/// The largest Markdown body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The longest hand-written excerpt accepted, in characters.
pub const MAX_EXCERPT_CHARACTERS: usize = 2_000;
/// The longest source name accepted, in characters.
pub const MAX_SOURCE_NAME_CHARACTERS: usize = 200;
/// The longest licence or permission note accepted, in characters.
pub const MAX_LICENCE_CHARACTERS: usize = 1_000;
/// The longest name of an original's author (or authors) accepted, in characters.
pub const MAX_SOURCE_AUTHOR_CHARACTERS: usize = 200;
/// The longest SEO title accepted, in characters; search engines show about 60.
pub const MAX_SEO_TITLE_CHARACTERS: usize = 70;
/// The longest meta description accepted, in characters; search engines show about 155.
pub const MAX_META_DESCRIPTION_CHARACTERS: usize = 160;
/// How long a trashed article can be restored before it is deleted for good, in days.
pub const TRASH_DAYS: i64 = 30;

/// Where an article is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// Being written; visible only to staff.
    Draft,
    /// Submitted for an editor's review.
    Pending,
    /// Approved and waiting for its publication time.
    Scheduled,
    /// Public from its publication time on.
    Published,
}

impl ArticleStatus {
    /// Every status, in the order of an article's life.
    pub const ALL: [Self; 4] = [Self::Draft, Self::Pending, Self::Scheduled, Self::Published];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Pending => "pending",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl fmt::Display for ArticleStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What an article is: a piece of news, or a page that stands apart from the news.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleKind {
    /// News: listed on the home page, in archives and in the site's feeds, at an address
    /// made with the permalink pattern.
    #[default]
    Post,
    /// A page (About, Contact…): at its own address under its parent page's, never in the
    /// news lists.
    Page,
}

impl ArticleKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Page => "page",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Post, Self::Page]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// The credit owed to the outlet that first published a republished article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceAttribution {
    /// The outlet's name, shown as `Credit: <name>`.
    pub name: String,
    /// The original article's address; the credit links to it.
    pub url: String,
    /// When the original was published, kept apart from our own publication date.
    pub published_at: Option<Timestamp>,
    /// Who wrote the original, as one line (`Ada Lovelace and Grace Hopper`), shown as
    /// the byline `By <author>` beside the credit.
    pub author: Option<String>,
    /// The licence or permission under which it is republished, for editors.
    pub licence: Option<String>,
    /// Whether the page's `rel=canonical` points at the original rather than at us.
    pub canonical: bool,
}

/// The image shown at the top of an article, with the words used for it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeaturedImage {
    /// The uploaded image.
    pub media_id: MediaId,
    /// What the image shows, for people who cannot see it; empty for a decorative image.
    pub alt: String,
    /// The caption under it, if any.
    pub caption: String,
}

/// An article in the trash: restorable for [`TRASH_DAYS`] days, then deleted for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Trashed {
    /// When it was put in the trash.
    pub at: Timestamp,
    /// The status it goes back to when restored.
    pub status_before: ArticleStatus,
}

/// A stored article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Its identifier.
    pub id: ArticleId,
    /// The unique slug its address is made from.
    pub slug: Slug,
    /// News, or a page.
    pub kind: ArticleKind,
    /// For a page, the page it sits under.
    pub parent_id: Option<ArticleId>,
    /// Whether it stands first on the home page.
    pub sticky: bool,
    /// Its headline.
    pub title: String,
    /// The body as the editor wrote it, in Markdown.
    pub body_markdown: String,
    /// The body rendered to sanitised HTML when it was saved.
    pub body_html: String,
    /// A short plain-text summary for lists and feeds.
    pub excerpt: String,
    /// Whether the excerpt was written by hand rather than made from the body.
    pub excerpt_is_manual: bool,
    /// The title search engines and social sites are given instead of the headline;
    /// empty to give them the headline.
    pub seo_title: String,
    /// The description search engines and social sites are given instead of the excerpt;
    /// empty to give them the excerpt.
    pub meta_description: String,
    /// Where it is in its life. A trashed article is a draft (so it is never public) and
    /// remembers its status in `trashed`.
    pub status: ArticleStatus,
    /// Who wrote it, when known.
    pub author_id: Option<UserId>,
    /// Whether readers may comment on it.
    pub comments_open: bool,
    /// The credit for a republished article.
    pub source: Option<SourceAttribution>,
    /// The image shown at its top.
    pub featured_image: Option<FeaturedImage>,
    /// The category its address names (`%category%`): the lowest-numbered it is filed
    /// under, as on WordPress.
    pub first_category: Option<CategoryId>,
    /// When it is or was published; for drafts and pending articles, the time chosen for
    /// publication, if any.
    pub published_at: Option<Timestamp>,
    /// When what readers see last changed after publication (an edit or a correction).
    pub modified_at: Option<Timestamp>,
    /// Set while the article is in the trash.
    pub trashed: Option<Trashed>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// Why an article does not take comments right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentsRefused {
    /// The article is not public (a draft, or scheduled for later).
    NotPublic,
    /// Comments are closed on the article.
    Closed,
}

impl Article {
    /// Whether readers can see the article at `now`.
    pub fn is_public_at(&self, now: Timestamp) -> bool {
        self.status == ArticleStatus::Published
            && self.trashed.is_none()
            && self.published_at.is_some_and(|published| published <= now)
    }

    /// The title search engines and social sites show: the SEO title, else the headline.
    pub fn search_title(&self) -> &str {
        if self.seo_title.is_empty() {
            &self.title
        } else {
            &self.seo_title
        }
    }

    /// The description search engines and social sites show: the meta description, else
    /// the excerpt.
    pub fn search_description(&self) -> &str {
        if self.meta_description.is_empty() {
            &self.excerpt
        } else {
            &self.meta_description
        }
    }

    /// The hand-written excerpt, or an empty string when the excerpt is made from the body.
    pub fn manual_excerpt(&self) -> &str {
        if self.excerpt_is_manual {
            &self.excerpt
        } else {
            ""
        }
    }

    /// Whether a reader's comment may be added at `now`, when the site closes comments
    /// `close_after_days` days after publication (0: never).
    pub fn check_accepts_comments(
        &self,
        now: Timestamp,
        close_after_days: u32,
    ) -> Result<(), CommentsRefused> {
        if !self.is_public_at(now) {
            return Err(CommentsRefused::NotPublic);
        }
        if !self.comments_open {
            return Err(CommentsRefused::Closed);
        }
        let expired = self.published_at.is_some_and(|published| {
            close_after_days > 0
                && now.as_microseconds() - published.as_microseconds()
                    >= i64::from(close_after_days) * 86_400 * 1_000_000
        });
        if expired {
            Err(CommentsRefused::Closed)
        } else {
            Ok(())
        }
    }
}

/// An article as an editor submits it, before any rule has looked at it.
#[derive(Clone, Debug, Default)]
pub struct ArticleDraft {
    /// The headline.
    pub title: String,
    /// The Markdown body.
    pub body_markdown: String,
    /// A slug chosen by the editor; made from the title when absent.
    pub slug: Option<String>,
    /// A hand-written excerpt; made from the body when absent.
    pub excerpt: Option<String>,
    /// The title for search engines and social sites; the headline when absent.
    pub seo_title: Option<String>,
    /// The description for search engines and social sites; the excerpt when absent.
    pub meta_description: Option<String>,
    /// `true` keeps it as a draft (which may have no body yet), `false` publishes it.
    pub draft: bool,
    /// For republished pieces: the outlet's name.
    pub source_name: Option<String>,
    /// For republished pieces: the original's address.
    pub source_url: Option<String>,
    /// For republished pieces: when the original appeared.
    pub source_published_at: Option<Timestamp>,
    /// For republished pieces: who wrote the original.
    pub source_author: Option<String>,
    /// For republished pieces: the licence or permission note, for editors.
    pub source_licence: Option<String>,
    /// For republished pieces: whether `rel=canonical` points at the original (the
    /// default).
    pub source_canonical: Option<bool>,
    /// Whether comments are open; the site's default when absent.
    pub comments_open: Option<bool>,
}

/// An article that passed every rule and can be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidArticle {
    /// The cleaned headline.
    pub title: String,
    /// The Markdown body with line endings unified.
    pub body_markdown: String,
    /// The slug the editor chose, if any.
    pub slug: Option<Slug>,
    /// The excerpt the editor wrote, if any.
    pub excerpt: Option<String>,
    /// The cleaned SEO title; empty when none was written.
    pub seo_title: String,
    /// The cleaned meta description; empty when none was written.
    pub meta_description: String,
    /// Draft or published.
    pub status: ArticleStatus,
    /// The credit for a republished piece.
    pub source: Option<SourceAttribution>,
    /// Whether comments are open; the site's default when absent.
    pub comments_open: Option<bool>,
}

impl ArticleDraft {
    /// Applies the rules for a new article; every problem is reported against its field.
    pub fn validate(&self) -> Result<ValidArticle, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = clean_single_line(&self.title);
        if title.is_empty() {
            errors.add("title", "Please give the article a title.");
        } else if title.chars().count() > MAX_TITLE_CHARACTERS {
            errors.add(
                "title",
                format!("The title is too long: at most {MAX_TITLE_CHARACTERS} characters."),
            );
        }
        let body_markdown = clean_multi_line(&self.body_markdown);
        if body_markdown.trim().is_empty() && !self.draft {
            errors.add(
                "body",
                "Please write the article's body; only a draft may be saved without one.",
            );
        } else if body_markdown.len() > MAX_BODY_BYTES {
            errors.add(
                "body",
                format!("The body is too long: at most {MAX_BODY_BYTES} bytes."),
            );
        }
        let slug = match self
            .slug
            .as_deref()
            .map(str::trim)
            .filter(|slug| !slug.is_empty())
        {
            None => None,
            Some(text) => match Slug::parse(text) {
                Ok(slug) => Some(slug),
                Err(error) => {
                    errors.add(
                        "slug",
                        format!("The slug `{text}` cannot be used: {error}."),
                    );
                    None
                }
            },
        };
        let excerpt = self
            .excerpt
            .as_deref()
            .map(clean_multi_line)
            .filter(|excerpt| !excerpt.is_empty());
        if excerpt
            .as_ref()
            .is_some_and(|excerpt| excerpt.chars().count() > MAX_EXCERPT_CHARACTERS)
        {
            errors.add(
                "excerpt",
                format!("The excerpt is too long: at most {MAX_EXCERPT_CHARACTERS} characters."),
            );
        }
        let seo_title = bounded_line(
            self.seo_title.as_deref(),
            MAX_SEO_TITLE_CHARACTERS,
            "seo_title",
            "The SEO title",
            &mut errors,
        );
        let meta_description = bounded_line(
            self.meta_description.as_deref(),
            MAX_META_DESCRIPTION_CHARACTERS,
            "meta_description",
            "The meta description",
            &mut errors,
        );
        let source = self.validate_source(&mut errors);
        errors.into_result(ValidArticle {
            title,
            body_markdown,
            slug,
            excerpt,
            seo_title,
            meta_description,
            status: if self.draft {
                ArticleStatus::Draft
            } else {
                ArticleStatus::Published
            },
            source,
            comments_open: self.comments_open,
        })
    }

    fn validate_source(&self, errors: &mut FieldErrors) -> Option<SourceAttribution> {
        let name = self
            .source_name
            .as_deref()
            .map(clean_single_line)
            .filter(|name| !name.is_empty());
        let url = self
            .source_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty());
        let author = self
            .source_author
            .as_deref()
            .map(clean_single_line)
            .filter(|author| !author.is_empty());
        if author
            .as_ref()
            .is_some_and(|author| author.chars().count() > MAX_SOURCE_AUTHOR_CHARACTERS)
        {
            errors.add(
                "source_author",
                format!(
                    "The original's author is too long: at most {MAX_SOURCE_AUTHOR_CHARACTERS} characters."
                ),
            );
        }
        let licence = self
            .source_licence
            .as_deref()
            .map(|licence| clean_multi_line(licence).trim().to_owned())
            .filter(|licence| !licence.is_empty());
        if licence
            .as_ref()
            .is_some_and(|licence| licence.chars().count() > MAX_LICENCE_CHARACTERS)
        {
            errors.add(
                "source_licence",
                format!(
                    "The licence note is too long: at most {MAX_LICENCE_CHARACTERS} characters."
                ),
            );
        }
        match (name, url) {
            (None, None) => {
                if licence.is_some() {
                    errors.add(
                        "source_name",
                        "A licence note belongs to a republished article: give the source's name and address too, or clear the note.",
                    );
                }
                if self.source_published_at.is_some() {
                    errors.add(
                        "source_name",
                        "An original publication date needs the source's name and address too.",
                    );
                }
                if author.is_some() {
                    errors.add(
                        "source_author",
                        "The original's author belongs to a republished article: give the source's name and address too, or clear the author.",
                    );
                }
                None
            }
            (Some(_), None) => {
                errors.add("source_url", "A republished article needs the address of the original, so the credit can link to it.");
                None
            }
            (None, Some(_)) => {
                errors.add(
                    "source_name",
                    "A republished article needs the source's name for its credit line.",
                );
                None
            }
            (Some(name), Some(url)) => {
                if name.chars().count() > MAX_SOURCE_NAME_CHARACTERS {
                    errors.add("source_name", format!("The source's name is too long: at most {MAX_SOURCE_NAME_CHARACTERS} characters."));
                }
                match web_address::parse_absolute(url) {
                    Ok(parsed) => Some(SourceAttribution {
                        name,
                        url: parsed.to_string(),
                        published_at: self.source_published_at,
                        author,
                        licence,
                        canonical: self.source_canonical.unwrap_or(true),
                    }),
                    Err(error) => {
                        errors.add(
                            "source_url",
                            format!("The source address `{url}` cannot be used: {error}."),
                        );
                        None
                    }
                }
            }
        }
    }
}

/// `text` as one clean line, with an error for `field` when it is longer than `max`
/// characters; empty when absent.
fn bounded_line(
    text: Option<&str>,
    max: usize,
    field: &'static str,
    what: &str,
    errors: &mut FieldErrors,
) -> String {
    let line = text.map(clean_single_line).unwrap_or_default();
    let length = line.chars().count();
    if length > max {
        errors.add(
            field,
            format!("{what} is too long: at most {max} characters, and this one has {length}."),
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ArticleDraft {
        ArticleDraft {
            title: " River  festival returns ".into(),
            body_markdown: "Boats.\r\n".into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn cleans_a_valid_article() {
        let valid = draft().validate().unwrap();
        assert_eq!(valid.title, "River festival returns");
        assert_eq!(valid.body_markdown, "Boats.");
        assert_eq!(valid.status, ArticleStatus::Published);
        assert_eq!(valid.source, None);
    }

    #[test]
    fn requires_title_and_body() {
        let errors = ArticleDraft::default().validate().unwrap_err();
        assert!(errors.get("title").is_some());
        assert!(errors.get("body").is_some());
    }

    #[test]
    fn a_draft_may_wait_for_its_body() {
        let mut empty_draft = draft();
        empty_draft.body_markdown = " \n ".into();
        empty_draft.draft = true;
        assert_eq!(empty_draft.validate().unwrap().status, ArticleStatus::Draft);
        empty_draft.draft = false;
        assert!(empty_draft.validate().unwrap_err().get("body").is_some());
    }

    #[test]
    fn a_credit_needs_both_name_and_address() {
        let mut only_name = draft();
        only_name.source_name = Some("Valley Ledger".into());
        assert!(
            only_name
                .validate()
                .unwrap_err()
                .get("source_url")
                .is_some()
        );

        let mut script = draft();
        script.source_name = Some("Valley Ledger".into());
        script.source_url = Some("javascript:alert(1)".into());
        assert!(script.validate().unwrap_err().get("source_url").is_some());

        let mut good = draft();
        good.source_name = Some("Valley Ledger".into());
        good.source_url = Some("https://ledger.example/story".into());
        assert_eq!(
            good.validate().unwrap().source.unwrap().name,
            "Valley Ledger"
        );
    }

    #[test]
    fn the_original_author_is_one_clean_line_of_a_credit() {
        let mut credited = draft();
        credited.source_name = Some("Valley Ledger".into());
        credited.source_url = Some("https://ledger.example/story".into());
        credited.source_author = Some("  Ada\n Lovelace ".into());
        let source = credited.validate().unwrap().source.unwrap();
        assert_eq!(source.author.as_deref(), Some("Ada Lovelace"));

        credited.source_author = Some(" ".into());
        assert_eq!(credited.validate().unwrap().source.unwrap().author, None);

        credited.source_author = Some("A".repeat(MAX_SOURCE_AUTHOR_CHARACTERS + 1));
        assert!(
            credited
                .validate()
                .unwrap_err()
                .get("source_author")
                .is_some()
        );

        let mut without_credit = draft();
        without_credit.source_author = Some("Ada Lovelace".into());
        assert!(
            without_credit
                .validate()
                .unwrap_err()
                .get("source_author")
                .is_some()
        );
    }

    #[test]
    fn seo_title_and_meta_description_are_clean_lines_of_a_limited_length() {
        let mut described = draft();
        described.seo_title = Some(" River festival:\n boats return ".into());
        described.meta_description = Some("  ".into());
        let valid = described.validate().unwrap();
        assert_eq!(valid.seo_title, "River festival: boats return");
        assert_eq!(valid.meta_description, "");

        described.seo_title = Some("é".repeat(MAX_SEO_TITLE_CHARACTERS));
        described.meta_description = Some("é".repeat(MAX_META_DESCRIPTION_CHARACTERS));
        assert!(described.validate().is_ok(), "the limits count characters");

        described.seo_title = Some("T".repeat(MAX_SEO_TITLE_CHARACTERS + 1));
        described.meta_description = Some("D".repeat(MAX_META_DESCRIPTION_CHARACTERS + 1));
        let errors = described.validate().unwrap_err();
        assert!(errors.get("seo_title").unwrap().contains("at most 70"));
        assert!(
            errors
                .get("meta_description")
                .unwrap()
                .contains("at most 160")
        );
    }

    #[test]
    fn an_untitled_article_is_named_by_its_first_words() {
        let body = || "One two three four five six seven eight nine ten eleven".to_owned();
        assert_eq!(headline_or_first_words("Kept".into(), body), "Kept");
        assert_eq!(
            headline_or_first_words(String::new(), body),
            "One two three four five six seven eight nine ten"
        );
        assert_eq!(
            headline_or_first_words(String::new(), String::new),
            "Untitled"
        );
        let long = "é".repeat(MAX_TITLE_CHARACTERS + 5);
        assert_eq!(
            headline_or_first_words(long, body).chars().count(),
            MAX_TITLE_CHARACTERS
        );
    }

    #[test]
    fn kinds_round_trip() {
        for kind in [ArticleKind::Post, ArticleKind::Page] {
            assert_eq!(ArticleKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ArticleKind::parse("attachment"), None);
    }

    #[test]
    fn statuses_round_trip() {
        for status in ArticleStatus::ALL {
            assert_eq!(ArticleStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ArticleStatus::parse("trash"), None);
    }
}
