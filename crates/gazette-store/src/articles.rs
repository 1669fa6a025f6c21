//! Articles: storing them, finding one, and listing them for pages and the CLI.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{
    Article, ArticleId, ArticleStatus, Slug, SourceAttribution, Timestamp, UserId,
};

/// An article to be created, with everything already decided by the application.
#[derive(Clone, Debug)]
pub struct NewArticleRecord {
    /// A slug not used by any other article.
    pub slug: Slug,
    /// The headline.
    pub title: String,
    /// The Markdown source.
    pub body_markdown: String,
    /// The sanitised HTML rendered from it.
    pub body_html: String,
    /// The plain-text summary.
    pub excerpt: String,
    /// Its status.
    pub status: ArticleStatus,
    /// Its author.
    pub author_id: Option<UserId>,
    /// Whether comments are open.
    pub comments_open: bool,
    /// The credit for a republished piece.
    pub source: Option<SourceAttribution>,
    /// When it is published.
    pub published_at: Option<Timestamp>,
}

/// An article as lists show it: no body, but the number of approved comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleSummary {
    /// Its identifier.
    pub id: ArticleId,
    /// Its slug.
    pub slug: Slug,
    /// Its headline.
    pub title: String,
    /// Its plain-text summary.
    pub excerpt: String,
    /// Its status.
    pub status: ArticleStatus,
    /// When it is or was published.
    pub published_at: Option<Timestamp>,
    /// When it was created.
    pub created_at: Timestamp,
    /// The outlet credited for a republished piece.
    pub source_name: Option<String>,
    /// The original's address.
    pub source_url: Option<String>,
    /// Whether comments are open.
    pub comments_open: bool,
    /// How many approved comments it has.
    pub comment_count: i64,
}

/// One page of a list and the size of the whole list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleListing {
    /// The articles on this page.
    pub articles: Vec<ArticleSummary>,
    /// How many articles the whole list has.
    pub total: i64,
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    title: String,
    body_markdown: String,
    body_html: String,
    excerpt: String,
    status: String,
    author_id: Option<i64>,
    comments_open: bool,
    source_name: Option<String>,
    source_url: Option<String>,
    source_published_at: Option<DbTime>,
    published_at: Option<DbTime>,
    created_at: DbTime,
    updated_at: DbTime,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    title: String,
    excerpt: String,
    status: String,
    published_at: Option<DbTime>,
    created_at: DbTime,
    source_name: Option<String>,
    source_url: Option<String>,
    comments_open: bool,
    comment_count: i64,
}

fn parse_slug(id: i64, slug: &str) -> StoreResult<Slug> {
    Slug::parse(slug)
        .map_err(|error| StoreError::Corrupt(format!("article {id} has slug `{slug}`: {error}")))
}

fn parse_status(id: i64, status: &str) -> StoreResult<ArticleStatus> {
    ArticleStatus::parse(status)
        .ok_or_else(|| StoreError::Corrupt(format!("article {id} has status `{status}`")))
}

impl TryFrom<ArticleRow> for Article {
    type Error = StoreError;

    fn try_from(row: ArticleRow) -> StoreResult<Self> {
        let source = match (row.source_name, row.source_url) {
            (Some(name), Some(url)) => Some(SourceAttribution {
                name,
                url,
                published_at: row.source_published_at.map(|time| time.0),
            }),
            _ => None,
        };
        Ok(Article {
            id: ArticleId(row.id),
            slug: parse_slug(row.id, &row.slug)?,
            title: row.title,
            body_markdown: row.body_markdown,
            body_html: row.body_html,
            excerpt: row.excerpt,
            status: parse_status(row.id, &row.status)?,
            author_id: row.author_id.map(UserId),
            comments_open: row.comments_open,
            source,
            published_at: row.published_at.map(|time| time.0),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

impl TryFrom<SummaryRow> for ArticleSummary {
    type Error = StoreError;

    fn try_from(row: SummaryRow) -> StoreResult<Self> {
        Ok(ArticleSummary {
            id: ArticleId(row.id),
            slug: parse_slug(row.id, &row.slug)?,
            title: row.title,
            excerpt: row.excerpt,
            status: parse_status(row.id, &row.status)?,
            published_at: row.published_at.map(|time| time.0),
            created_at: row.created_at.0,
            source_name: row.source_name,
            source_url: row.source_url,
            comments_open: row.comments_open,
            comment_count: row.comment_count,
        })
    }
}

const BY_SLUG: &str = "SELECT id, slug, title, body_markdown, body_html, excerpt, status, author_id, comments_open, \
     source_name, source_url, source_published_at, published_at, created_at, updated_at FROM articles WHERE slug = $1";
const BY_ID: &str = "SELECT id, slug, title, body_markdown, body_html, excerpt, status, author_id, comments_open, \
     source_name, source_url, source_published_at, published_at, created_at, updated_at FROM articles WHERE id = $1";
const PUBLISHED_PAGE: &str = "SELECT a.id, a.slug, a.title, a.excerpt, a.status, a.published_at, a.created_at, \
     a.source_name, a.source_url, a.comments_open, \
     (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') AS comment_count \
     FROM articles a WHERE a.status = 'published' AND a.published_at <= $1 \
     ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3";
const PUBLISHED_COUNT: &str =
    "SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at <= $1";
const ALL_NEWEST_FIRST: &str = "SELECT a.id, a.slug, a.title, a.excerpt, a.status, a.published_at, a.created_at, \
     a.source_name, a.source_url, a.comments_open, \
     (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') AS comment_count \
     FROM articles a ORDER BY COALESCE(a.published_at, a.created_at) DESC, a.id DESC";
const COUNT_ALL: &str = "SELECT COUNT(*) FROM articles";
const SLUGS_LIKE: &str = "SELECT slug FROM articles WHERE slug = $1 OR slug LIKE $2";
const INSERT: &str = "INSERT INTO articles (slug, title, body_markdown, body_html, excerpt, status, author_id, comments_open, \
     source_name, source_url, source_published_at, published_at, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id";

impl Db {
    /// The article with this slug, whatever its status.
    pub async fn article_by_slug(&self, slug: &str) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            read!(self, conn => sqlx::query_as(BY_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// The article with this id, whatever its status.
    pub async fn article_by_id(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// One page of the articles public at `now`, newest first, with the total count.
    pub async fn published_articles(
        &self,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> StoreResult<ArticleListing> {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows: Vec<SummaryRow> = read!(self, conn => sqlx::query_as(PUBLISHED_PAGE)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        let total: i64 = read!(self, conn => sqlx::query_scalar(PUBLISHED_COUNT).bind(DbTime(now)).fetch_one(conn).await)?;
        let articles = rows
            .into_iter()
            .map(ArticleSummary::try_from)
            .collect::<StoreResult<_>>()?;
        Ok(ArticleListing { articles, total })
    }

    /// Every article of every status, newest first.
    pub async fn all_articles(&self) -> StoreResult<Vec<ArticleSummary>> {
        let rows: Vec<SummaryRow> =
            read!(self, conn => sqlx::query_as(ALL_NEWEST_FIRST).fetch_all(conn).await)?;
        rows.into_iter().map(ArticleSummary::try_from).collect()
    }

    /// How many articles exist, of any status.
    pub async fn article_count(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(COUNT_ALL).fetch_one(conn).await)?)
    }
}

impl Tx {
    /// The article with this id, read inside the transaction.
    pub async fn article_by_id(&mut self, id: ArticleId) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            write!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// Slugs in use that are `base` or `base-<anything>`, for choosing a free one.
    pub async fn article_slugs_like(&mut self, base: &Slug) -> StoreResult<Vec<String>> {
        let pattern = format!("{}-%", base.as_str());
        Ok(
            write!(self, conn => sqlx::query_scalar(SLUGS_LIKE).bind(base.as_str()).bind(&pattern).fetch_all(conn).await)?,
        )
    }

    /// Stores a new article.
    pub async fn insert_article(
        &mut self,
        article: &NewArticleRecord,
        now: Timestamp,
    ) -> StoreResult<ArticleId> {
        let source = article.source.as_ref();
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(article.slug.as_str())
            .bind(&article.title)
            .bind(&article.body_markdown)
            .bind(&article.body_html)
            .bind(&article.excerpt)
            .bind(article.status.as_str())
            .bind(article.author_id.map(UserId::get))
            .bind(article.comments_open)
            .bind(source.map(|source| source.name.as_str()))
            .bind(source.map(|source| source.url.as_str()))
            .bind(source.and_then(|source| source.published_at).map(DbTime))
            .bind(article.published_at.map(DbTime))
            .bind(DbTime(now))
            .fetch_one(conn)
            .await);
        result.map(ArticleId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("an article with the slug `{}`", article.slug),
            )
        })
    }
}
