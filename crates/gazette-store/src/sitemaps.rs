//! What the sitemaps read: the published articles whose canonical address is their own, a
//! file at a time in id order (and, for the index, the newest change in each file), the
//! newest of them for a news sitemap, and the archives that have a public article.
//!
//! The articles a sitemap lists are those whose generated column `listed_in_sitemaps`
//! (migration 0009) is true: published, and not a republished piece whose canonical
//! address is the original's. A file's articles and the index's newest changes read the
//! partial index `articles_in_sitemaps`, which holds exactly those articles with what a
//! sitemap writes of them, in id order; a file's page is found by `OFFSET` along it, so no
//! file costs more than reading the entries before it. The news sitemap reads the last two
//! days from the index by publication time instead.

use crate::StoreResult;
use crate::articles::parse_slug;
use crate::backend::Db;
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, CategoryId, Slug, Timestamp};

/// When a listed article last changed: its modification when later than its publication.
macro_rules! last_changed_column {
    () => {
        "CASE WHEN modified_at > published_at THEN modified_at ELSE published_at END"
    };
}

const FILES: &str = concat!(
    "SELECT MAX(changed_at) FROM (SELECT (ROW_NUMBER() OVER (ORDER BY id) - 1) / $2 AS file, ",
    last_changed_column!(),
    " AS changed_at FROM articles WHERE listed_in_sitemaps AND published_at <= $1) AS numbered \
     GROUP BY file ORDER BY file"
);
const PAGE: &str = concat!(
    "SELECT id, slug, published_at, ",
    last_changed_column!(),
    " AS changed_at, ",
    first_category_column!("articles"),
    " FROM articles WHERE listed_in_sitemaps AND published_at <= $1 ORDER BY id LIMIT $2 OFFSET $3"
);
/// The newest public news stories for the news sitemap, which lists news and nothing else
/// (pages such as About are no news). The statement reads the days it wants along
/// `articles_by_publication` (status, kind, then publication time).
const NEWEST: &str = concat!(
    "SELECT id, slug, title, published_at, ",
    last_changed_column!(),
    " AS changed_at, ",
    first_category_column!("articles"),
    " FROM articles WHERE status = 'published' AND kind = 'post' AND listed_in_sitemaps \
     AND published_at > $1 AND published_at <= $2 ORDER BY published_at DESC, id DESC LIMIT $3"
);
/// Categories, tags and authors with an article public at `$1`: the categories and tags
/// through their links' publication times, authors through their published news (what
/// an author's archive lists), each author's looked up along
/// `articles_by_author_publication`.
macro_rules! archives_with_articles {
    () => {
        "SELECT 1 AS rank, 'category' AS kind, c.id, c.slug, c.parent_id FROM categories c \
         WHERE EXISTS (SELECT 1 FROM article_categories link WHERE link.category_id = c.id AND link.published_at <= $1) \
         UNION ALL SELECT 2, 'tag', t.id, t.slug, NULL FROM tags t \
         WHERE EXISTS (SELECT 1 FROM article_tags link WHERE link.tag_id = t.id AND link.published_at <= $1) \
         UNION ALL SELECT 3, 'author', u.id, u.slug, NULL FROM users u \
         WHERE EXISTS (SELECT 1 FROM articles a WHERE a.author_id = u.id AND a.status = 'published' AND a.kind = 'post' \
         AND a.published_at <= $1)"
    };
}
const ARCHIVES: &str = concat!(
    "SELECT kind, id, slug, parent_id FROM (",
    archives_with_articles!(),
    ") AS archives ORDER BY rank, id LIMIT $2 OFFSET $3"
);
const ARCHIVE_COUNT: &str = concat!(
    "SELECT COUNT(*) FROM (",
    archives_with_articles!(),
    ") AS archives"
);

/// An article as a sitemap lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapArticle {
    /// Its id.
    pub id: ArticleId,
    /// Its slug.
    pub slug: Slug,
    /// When it was published.
    pub published_at: Timestamp,
    /// When what readers see of it last changed: its publication, or a later modification.
    pub changed_at: Timestamp,
    /// The category its address names: the lowest-numbered it is filed under.
    pub first_category: Option<CategoryId>,
}

/// An article as a news sitemap lists it: with its headline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsSitemapArticle {
    /// The article.
    pub article: SitemapArticle,
    /// Its headline.
    pub title: String,
}

/// An archive a sitemap lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SitemapArchive {
    /// A category's, at its slug under its parents'.
    Category {
        /// The category.
        id: CategoryId,
        /// Its own slug.
        slug: String,
        /// Whether it sits under another category, so that its address needs the tree.
        has_parent: bool,
    },
    /// A tag's, by its slug.
    Tag {
        /// The tag's slug.
        slug: String,
    },
    /// An author's, by their public slug.
    Author {
        /// The user's public slug.
        slug: String,
    },
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    published_at: DbTime,
    changed_at: DbTime,
    first_category_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct NewsRow {
    #[sqlx(flatten)]
    article: ArticleRow,
    title: String,
}

#[derive(sqlx::FromRow)]
struct ArchiveRow {
    kind: String,
    id: i64,
    slug: String,
    parent_id: Option<i64>,
}

impl TryFrom<ArticleRow> for SitemapArticle {
    type Error = crate::StoreError;

    fn try_from(row: ArticleRow) -> StoreResult<Self> {
        Ok(Self {
            id: ArticleId(row.id),
            slug: parse_slug(row.id, &row.slug)?,
            published_at: row.published_at.0,
            changed_at: row.changed_at.0,
            first_category: row.first_category_id.map(CategoryId),
        })
    }
}

impl TryFrom<ArchiveRow> for SitemapArchive {
    type Error = crate::StoreError;

    fn try_from(row: ArchiveRow) -> StoreResult<Self> {
        match row.kind.as_str() {
            "category" => Ok(Self::Category {
                id: CategoryId(row.id),
                slug: row.slug,
                has_parent: row.parent_id.is_some(),
            }),
            "tag" => Ok(Self::Tag { slug: row.slug }),
            "author" => Ok(Self::Author { slug: row.slug }),
            other => Err(crate::StoreError::Corrupt(format!(
                "a sitemap's archive of the unknown kind `{other}`"
            ))),
        }
    }
}

impl Db {
    /// For each sitemap file of `per_file` articles public at `now`, in order, when its
    /// newest change was. As many entries as there are files.
    pub async fn sitemap_article_files(
        &self,
        now: Timestamp,
        per_file: u32,
    ) -> StoreResult<Vec<Timestamp>> {
        let newest: Vec<DbTime> = read!(self, conn => sqlx::query_scalar(FILES)
            .bind(DbTime(now))
            .bind(i64::from(per_file))
            .fetch_all(conn)
            .await)?;
        Ok(newest.into_iter().map(|time| time.0).collect())
    }

    /// At most `limit` of the articles a sitemap lists at `now`, in id order, after the
    /// first `offset`.
    pub async fn sitemap_articles(
        &self,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Vec<SitemapArticle>> {
        let rows: Vec<ArticleRow> = read!(self, conn => sqlx::query_as(PAGE)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(conn)
            .await)?;
        rows.into_iter().map(SitemapArticle::try_from).collect()
    }

    /// At most `limit` of the news stories a sitemap lists that were published after
    /// `since` and by `now`, newest first, with their headlines; pages are left out.
    pub async fn news_sitemap_articles(
        &self,
        since: Timestamp,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<NewsSitemapArticle>> {
        let rows: Vec<NewsRow> = read!(self, conn => sqlx::query_as(NEWEST)
            .bind(DbTime(since))
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        rows.into_iter()
            .map(|row| {
                Ok(NewsSitemapArticle {
                    article: SitemapArticle::try_from(row.article)?,
                    title: row.title,
                })
            })
            .collect()
    }

    /// How many category, tag and author archives have an article public at `now`.
    pub async fn sitemap_archive_count(&self, now: Timestamp) -> StoreResult<u64> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(ARCHIVE_COUNT)
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// At most `limit` of the category, tag and author archives with an article public at
    /// `now` (categories first, then tags, then authors, each in id order), after the
    /// first `offset`.
    pub async fn sitemap_archives(
        &self,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Vec<SitemapArchive>> {
        let rows: Vec<ArchiveRow> = read!(self, conn => sqlx::query_as(ARCHIVES)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(conn)
            .await)?;
        rows.into_iter().map(SitemapArchive::try_from).collect()
    }
}

#[cfg(test)]
mod plan_tests {
    use super::{ARCHIVE_COUNT, NEWEST};
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn the_news_sitemap_and_the_authors_with_news_read_their_own_ranges() {
        let site = PlanSite::new("sitemaps").await;
        let newest = site.plan(NEWEST).await;
        assert!(
            newest.first().is_some_and(|step| step.ends_with(
                "articles_by_publication (status=? AND kind=? AND published_at>? AND published_at<?)"
            )),
            "the news sitemap must read its days and no more: {newest:?}"
        );
        let archives = site.plan(ARCHIVE_COUNT).await;
        assert!(
            archives
                .iter()
                .any(|step| step.contains("articles_by_author_publication (author_id=?")),
            "each author must be looked up among their own published news: {archives:?}"
        );
        site.remove().await;
    }
}
