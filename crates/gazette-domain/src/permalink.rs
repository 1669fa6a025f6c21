//! The public addresses of articles and lists.
//!
//! An article's address follows the site's [`PermalinkPattern`], WordPress's tokens and
//! all; by default the "day and name" shape, `/2024/04/24/slug/`, so that links carried
//! over from a WordPress site keep working. Dates are taken in the site's time zone.
//! Addresses under the site's own first segments ([`RESERVED_SEGMENTS`]) are never an
//! article's.

mod pattern;
mod reading;

pub use pattern::{AddressParts, PatternError, PermalinkPattern, Token};
pub use reading::{NamedParts, ReadPath, Subpage, read_page_path, split_subpage};

use crate::article::Article;
use crate::ids::{ArticleId, CategoryId};
use crate::slug::{Slug, slug_paths};
use crate::taxonomy::{Category, category_paths};
use crate::time::Timestamp;
use jiff::tz::TimeZone;
use std::collections::HashMap;

/// The first segments of the site's own addresses (`/desk/…`, `/static/…`). No pattern
/// may start with one, and no article is found under one.
pub const RESERVED_SEGMENTS: [&str; 20] = [
    "author",
    "category",
    "comments",
    "desk",
    "feed",
    "invite",
    "login",
    "logout",
    "media",
    "news-sitemap.xml",
    "page",
    "reset",
    "robots.txt",
    "search",
    "setup",
    "sitemap.xml",
    "sitemaps",
    "static",
    "tag",
    "wp-comments-post.php",
];

/// What `%category%` gives an article filed under no category.
pub const UNCATEGORIZED: &str = "uncategorized";

/// Whether `segment` starts one of the site's own addresses.
pub fn is_reserved_segment(segment: &str) -> bool {
    RESERVED_SEGMENTS.contains(&segment)
}

/// Whether articles may not take `slug`: it starts one of the site's own addresses, or it
/// is only digits, which would read as a year, month or day (`/2024/`) or an article's
/// number under a pattern that starts with the slug.
pub fn is_slug_kept_for_site(slug: &str) -> bool {
    is_reserved_segment(slug)
        || (!slug.is_empty() && slug.bytes().all(|byte| byte.is_ascii_digit()))
}

/// Whether `path` lies under one of the site's own addresses.
pub fn is_site_path(path: &str) -> bool {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .is_some_and(is_reserved_segment)
}

/// A page's place in the tree of pages, which its address follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNode {
    /// The page.
    pub id: ArticleId,
    /// Its slug.
    pub slug: Slug,
    /// The page it sits under.
    pub parent_id: Option<ArticleId>,
}

/// Articles' addresses under one pattern: the pattern, the site's time zone and, when the
/// pattern names categories, every category's slug path; and pages' addresses, which the
/// pattern does not make.
#[derive(Clone, Debug)]
pub struct Permalinks {
    pattern: PermalinkPattern,
    zone: TimeZone,
    category_paths: HashMap<CategoryId, String>,
    page_paths: HashMap<ArticleId, String>,
}

impl Permalinks {
    /// Addresses made with `pattern` in `zone`. `categories` is every category, needed only
    /// when the pattern names categories.
    pub fn new<'a>(
        pattern: &PermalinkPattern,
        zone: &TimeZone,
        categories: impl IntoIterator<Item = &'a Category>,
    ) -> Self {
        Self {
            category_paths: if pattern.names_categories() {
                category_paths(categories)
            } else {
                HashMap::new()
            },
            pattern: pattern.clone(),
            zone: zone.clone(),
            page_paths: HashMap::new(),
        }
    }

    /// The same addresses, knowing the site's `pages`: a page answers at its slug path
    /// under its parents' (`/about/team/`), whatever the pattern.
    #[must_use]
    pub fn with_pages<'a>(mut self, pages: impl IntoIterator<Item = &'a PageNode>) -> Self {
        self.page_paths = slug_paths(
            pages
                .into_iter()
                .map(|page| (page.id, &page.slug, page.parent_id)),
        );
        self
    }

    /// The path of the article `id` with `slug`, published at `published_at`, filed first
    /// under `first_category`; a page's own path when `id` is one of the pages known.
    pub fn path(
        &self,
        id: ArticleId,
        slug: &Slug,
        published_at: Timestamp,
        first_category: Option<CategoryId>,
    ) -> String {
        if let Some(page_path) = self.page_paths.get(&id) {
            return format!("/{page_path}/");
        }
        let category_path = first_category
            .and_then(|category| self.category_paths.get(&category))
            .map_or(UNCATEGORIZED, String::as_str);
        self.pattern.render(&AddressParts {
            id,
            slug,
            published: published_at.in_zone(&self.zone).datetime(),
            category_path,
        })
    }

    /// The path of `article` (a draft's counts from when it was created).
    pub fn article_path(&self, article: &Article) -> String {
        self.path(
            article.id,
            &article.slug,
            article.published_at.unwrap_or(article.created_at),
            article.first_category,
        )
    }
}

/// The path of page `page` of the home page's list (page 1 is the home page itself).
pub fn home_page_path(page: u32) -> String {
    if page <= 1 {
        "/".to_owned()
    } else {
        format!("/page/{page}/")
    }
}

/// The address that leads to article `id` whatever its slug and the permalink pattern,
/// WordPress's `/?p=ID`: a permanent id for the article in feeds.
pub fn permanent_path(id: ArticleId) -> String {
    format!("/?p={id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, slug: &str, parent: Option<i64>) -> Category {
        Category {
            id: CategoryId(id),
            slug: Slug::parse(slug).unwrap(),
            name: slug.to_owned(),
            parent_id: parent.map(CategoryId),
        }
    }

    #[test]
    fn uses_the_local_date() {
        let slug = Slug::parse("late-news").unwrap();
        let instant: Timestamp = "2024-04-24T23:30:00Z".parse().unwrap();
        let pattern = PermalinkPattern::default();
        let utc = Permalinks::new(&pattern, &TimeZone::UTC, []);
        assert_eq!(
            utc.path(ArticleId(1), &slug, instant, None),
            "/2024/04/24/late-news/"
        );
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let local = Permalinks::new(&pattern, &tokyo, []);
        assert_eq!(
            local.path(ArticleId(1), &slug, instant, None),
            "/2024/04/25/late-news/"
        );
    }

    #[test]
    fn categories_are_named_by_their_path_parents_first() {
        let categories = [
            category(1, "news", None),
            category(2, "local", Some(1)),
            category(3, "sport", None),
        ];
        let pattern = PermalinkPattern::parse("/%category%/%postname%/").unwrap();
        let permalinks = Permalinks::new(&pattern, &TimeZone::UTC, &categories);
        let slug = Slug::parse("story").unwrap();
        let when: Timestamp = "2024-04-24T10:00:00Z".parse().unwrap();
        let path =
            |first: Option<i64>| permalinks.path(ArticleId(9), &slug, when, first.map(CategoryId));
        assert_eq!(path(Some(2)), "/news/local/story/");
        assert_eq!(path(Some(3)), "/sport/story/");
        assert_eq!(path(None), "/uncategorized/story/");
        assert_eq!(
            path(Some(77)),
            "/uncategorized/story/",
            "a category since deleted"
        );
    }

    #[test]
    fn pages_answer_under_their_parents_whatever_the_pattern() {
        let page = |id: i64, slug: &str, parent: Option<i64>| PageNode {
            id: ArticleId(id),
            slug: Slug::parse(slug).unwrap(),
            parent_id: parent.map(ArticleId),
        };
        let pages = [
            page(1, "about", None),
            page(2, "team", Some(1)),
            page(3, "history", Some(2)),
        ];
        let permalinks =
            Permalinks::new(&PermalinkPattern::default(), &TimeZone::UTC, []).with_pages(&pages);
        let when: Timestamp = "2024-04-24T10:00:00Z".parse().unwrap();
        let slug = Slug::parse("history").unwrap();
        assert_eq!(
            permalinks.path(ArticleId(3), &slug, when, None),
            "/about/team/history/"
        );
        assert_eq!(
            permalinks.path(ArticleId(4), &slug, when, None),
            "/2024/04/24/history/",
            "an article that is not a page follows the pattern"
        );
    }

    #[test]
    fn the_site_keeps_its_own_prefixes() {
        for path in [
            "/desk/",
            "/static/style.css",
            "/page/2/",
            "/login",
            "/comments/feed/",
            "/feed/",
            "/feed/json/",
            "/category/news/",
            "/tag/elections/",
            "/author/jane/",
        ] {
            assert!(is_site_path(path), "{path}");
        }
        for path in ["/", "/2024/04/24/story/", "/desktop/", "/pages/", "/feeds/"] {
            assert!(!is_site_path(path), "{path}");
        }
    }

    #[test]
    fn numbers_home_pages() {
        assert_eq!(home_page_path(1), "/");
        assert_eq!(home_page_path(3), "/page/3/");
    }

    #[test]
    fn the_permanent_address_names_only_the_id() {
        assert_eq!(permanent_path(ArticleId(42)), "/?p=42");
    }
}
