//! Articles: storing them, finding one, and listing them for pages and the CLI.

use crate::StoreResult;
use crate::backend::{Db, ROWS_PER_STATEMENT, Tx};
use crate::error::StoreError;
use crate::reserved_ids::IdTable;
use crate::time_column::DbTime;
use gazette_domain::permalink::PageNode;
use gazette_domain::text::text_of_sanitised_html;
use gazette_domain::{
    Article, ArticleId, ArticleKind, ArticleStatus, CategoryId, FeaturedImage, MediaId, Slug,
    SourceAttribution, Timestamp, Trashed, UserId,
};
use std::borrow::Cow;
use std::collections::HashSet;

/// An article's content and standing, with everything already decided by the application:
/// what a new article is created with, and what an update writes.
#[derive(Clone, Debug)]
pub struct ArticleRecord {
    /// A slug not used by any other article.
    pub slug: Slug,
    /// The headline.
    pub title: String,
    /// The Markdown source.
    pub body_markdown: String,
    /// The sanitised HTML rendered from it (its text is stored beside it for search).
    pub body_html: String,
    /// The plain-text summary.
    pub excerpt: String,
    /// Whether the summary was written by hand.
    pub excerpt_is_manual: bool,
    /// The title for search engines and social sites, or empty.
    pub seo_title: String,
    /// The description for search engines and social sites, or empty.
    pub meta_description: String,
    /// Its status.
    pub status: ArticleStatus,
    /// Its author.
    pub author_id: Option<UserId>,
    /// Whether comments are open.
    pub comments_open: bool,
    /// The credit for a republished piece.
    pub source: Option<SourceAttribution>,
    /// The image shown at its top.
    pub featured_image: Option<FeaturedImage>,
    /// When it is published (or, for drafts, the time chosen).
    pub published_at: Option<Timestamp>,
    /// When what readers see last changed after publication.
    pub modified_at: Option<Timestamp>,
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
    /// The category its address names: the lowest-numbered it is filed under.
    pub first_category: Option<CategoryId>,
    /// Whether it is kept at the top of the home page.
    pub sticky: bool,
}

/// A page as the editor offers it for another page to sit under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageTitle {
    /// The page.
    pub id: ArticleId,
    /// Its headline.
    pub title: String,
    /// The page it sits under.
    pub parent_id: Option<ArticleId>,
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
#[expect(
    clippy::struct_excessive_bools,
    reason = "a row holds the table's boolean columns as they are"
)]
pub(crate) struct ArticleRow {
    id: i64,
    kind: String,
    parent_id: Option<i64>,
    sticky: bool,
    slug: String,
    title: String,
    body_markdown: String,
    body_html: String,
    excerpt: String,
    excerpt_is_manual: bool,
    seo_title: String,
    meta_description: String,
    status: String,
    author_id: Option<i64>,
    comments_open: bool,
    source_name: Option<String>,
    source_url: Option<String>,
    source_published_at: Option<DbTime>,
    source_author: Option<String>,
    source_licence: Option<String>,
    source_canonical: bool,
    featured_media_id: Option<i64>,
    featured_alt: Option<String>,
    featured_caption: Option<String>,
    first_category_id: Option<i64>,
    published_at: Option<DbTime>,
    modified_at: Option<DbTime>,
    trashed_at: Option<DbTime>,
    status_before_trash: Option<String>,
    created_at: DbTime,
    updated_at: DbTime,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
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
    first_category_id: Option<i64>,
    sticky: bool,
}

pub(crate) fn parse_slug(id: i64, slug: &str) -> StoreResult<Slug> {
    Slug::parse(slug)
        .map_err(|error| StoreError::Corrupt(format!("article {id} has slug `{slug}`: {error}")))
}

/// Pages' places read as `(id, slug, parent)`.
fn page_nodes_from(rows: Vec<(i64, String, Option<i64>)>) -> StoreResult<Vec<PageNode>> {
    rows.into_iter()
        .map(|(id, slug, parent)| {
            Ok(PageNode {
                id: ArticleId(id),
                slug: parse_slug(id, &slug)?,
                parent_id: parent.map(ArticleId),
            })
        })
        .collect()
}

fn parse_kind(id: i64, kind: &str) -> StoreResult<ArticleKind> {
    ArticleKind::parse(kind)
        .ok_or_else(|| StoreError::Corrupt(format!("article {id} is of the kind `{kind}`")))
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
                author: row.source_author,
                licence: row.source_licence,
                canonical: row.source_canonical,
            }),
            _ => None,
        };
        let featured_image = row.featured_media_id.map(|media| FeaturedImage {
            media_id: MediaId(media),
            alt: row.featured_alt.unwrap_or_default(),
            caption: row.featured_caption.unwrap_or_default(),
        });
        let trashed = match (row.trashed_at, row.status_before_trash) {
            (Some(at), Some(before)) => Some(Trashed {
                at: at.0,
                status_before: parse_status(row.id, &before)?,
            }),
            (None, None) => None,
            _ => {
                return Err(StoreError::Corrupt(format!(
                    "article {} is half in the trash",
                    row.id
                )));
            }
        };
        Ok(Article {
            id: ArticleId(row.id),
            kind: parse_kind(row.id, &row.kind)?,
            parent_id: row.parent_id.map(ArticleId),
            sticky: row.sticky,
            slug: parse_slug(row.id, &row.slug)?,
            title: row.title,
            body_markdown: row.body_markdown,
            body_html: row.body_html,
            excerpt: row.excerpt,
            excerpt_is_manual: row.excerpt_is_manual,
            seo_title: row.seo_title,
            meta_description: row.meta_description,
            status: parse_status(row.id, &row.status)?,
            author_id: row.author_id.map(UserId),
            comments_open: row.comments_open,
            source,
            featured_image,
            first_category: row.first_category_id.map(CategoryId),
            published_at: row.published_at.map(|time| time.0),
            modified_at: row.modified_at.map(|time| time.0),
            trashed,
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
            first_category: row.first_category_id.map(CategoryId),
            sticky: row.sticky,
        })
    }
}

/// An article's editable source as it is read back: `body_markdown` holds nothing when
/// the source is the HTML itself (see [`source_to_store`]), and the HTML stands for it.
macro_rules! stored_source {
    ($table:literal) => {
        concat!(
            "COALESCE(NULLIF(",
            $table,
            "body_markdown, ''), ",
            $table,
            "body_html)"
        )
    };
}

/// What `body_markdown` keeps of an article whose source is `markdown` and whose HTML is
/// `html`: nothing when the two are the same — a syndicated article, whose source is the
/// feed's cleaned HTML, or an imported one — so that the body is stored once; every query
/// reads the source back through [`stored_source!`]. A source that differs from its HTML
/// is never empty (an empty source makes an empty body), so nothing else reads as empty.
pub(crate) fn source_to_store<'a>(markdown: &'a str, html: &str) -> &'a str {
    if markdown == html { "" } else { markdown }
}

/// The columns an [`ArticleRow`] reads from `articles`, without a table prefix.
macro_rules! article_columns {
    () => {
        concat!(
            "id, kind, parent_id, sticky, slug, title, ",
            stored_source!(""),
            " AS body_markdown, body_html, excerpt, excerpt_is_manual, seo_title, meta_description, status, author_id, comments_open, \
             source_name, source_url, source_published_at, source_author, source_licence, source_canonical, \
             featured_media_id, featured_alt, featured_caption, published_at, modified_at, trashed_at, status_before_trash, \
             created_at, updated_at, ",
            first_category_column!("articles")
        )
    };
}

/// The lowest-numbered category of the article in `$table`, as `first_category_id`.
macro_rules! first_category_column {
    ($table:literal) => {
        concat!(
            "(SELECT MIN(ac.category_id) FROM article_categories ac WHERE ac.article_id = ",
            $table,
            ".id) AS first_category_id"
        )
    };
}

const BY_SLUG: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE slug = $1"
);
const BY_ID: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE id = $1"
);
const BY_OLD_SLUG: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE id = (SELECT article_id FROM article_old_slugs WHERE slug = $1)"
);
/// The columns a [`SummaryRow`] reads from `articles a`.
macro_rules! summary_columns {
    () => {
        concat!(
            "a.id, a.slug, a.title, a.excerpt, a.status, a.published_at, a.created_at, \
             a.source_name, a.source_url, a.comments_open, a.sticky, \
             COALESCE((SELECT n.comments FROM article_comment_counts n WHERE n.article_id = a.id), 0) AS comment_count, ",
            first_category_column!("a")
        )
    };
}

/// The head of a query for whole articles, read from `articles`; the conditions follow.
pub(crate) const SELECT_ARTICLES: &str = concat!("SELECT ", article_columns!(), " FROM articles");
/// The head of a query for articles as lists show them, read from `articles a`; the
/// conditions follow.
pub(crate) const SELECT_SUMMARIES: &str =
    concat!("SELECT ", summary_columns!(), " FROM articles a");
const NEWEST_PUBLIC: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE status = 'published' AND kind = 'post' AND published_at <= $1 \
     ORDER BY published_at DESC, id DESC LIMIT $2"
);
const ALL_NEWEST_FIRST: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM articles a ORDER BY COALESCE(a.published_at, a.created_at) DESC, a.id DESC"
);
const COUNT_ALL: &str = "SELECT COUNT(*) FROM articles";
const MENTIONING: &str = concat!(
    "SELECT id, ",
    stored_source!(""),
    " AS body_markdown, body_html FROM articles WHERE body_html LIKE $1 ESCAPE '\\' ORDER BY id"
);
const SET_BODY: &str =
    "UPDATE articles SET body_markdown = $1, body_html = $2, body_text = $3 WHERE id = $4";
/// Read along the pages' own index (`articles_pages`, on the parent and id): ordered by id
/// alone, SQLite's planner walked the whole table in id order instead, every post's row
/// read to find a few pages, on every page rendered.
const PAGE_NODES: &str =
    "SELECT id, slug, parent_id FROM articles WHERE kind = 'page' ORDER BY parent_id, id";
/// The columns a new article is written with, in the order of their values.
macro_rules! insert_columns {
    () => {
        "slug, title, body_markdown, body_html, excerpt, excerpt_is_manual, status, author_id, comments_open, \
         source_name, source_url, source_published_at, source_author, source_licence, source_canonical, featured_media_id, \
         featured_alt, featured_caption, published_at, modified_at, created_at, updated_at, body_text, seo_title, meta_description"
    };
}

const INSERT: &str = concat!(
    "INSERT INTO articles (",
    insert_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22, $23, $24) RETURNING id"
);
/// The head of [`INSERT`] for many rows at once, each with the id reserved for it
/// (`Tx::reserve_ids`); the values follow.
const INSERT_MANY: &str = concat!("INSERT INTO articles (id, ", insert_columns!(), ") ");
const UPDATE: &str = "UPDATE articles SET slug = $1, title = $2, body_markdown = $3, body_html = $4, excerpt = $5, excerpt_is_manual = $6, \
     status = $7, author_id = $8, comments_open = $9, source_name = $10, source_url = $11, source_published_at = $12, \
     source_author = $13, source_licence = $14, source_canonical = $15, featured_media_id = $16, featured_alt = $17, \
     featured_caption = $18, published_at = $19, modified_at = $20, updated_at = $21, body_text = $23, seo_title = $24, \
     meta_description = $25 WHERE id = $22";
const REMEMBER_OLD_SLUG: &str = "INSERT INTO article_old_slugs (slug, article_id, created_at) VALUES ($1, $2, $3) \
     ON CONFLICT (slug) DO UPDATE SET article_id = excluded.article_id, created_at = excluded.created_at";
const FORGET_OLD_SLUG: &str = "DELETE FROM article_old_slugs WHERE slug = $1";
const OLD_SLUGS_OF: &str =
    "SELECT slug FROM article_old_slugs WHERE article_id = $1 ORDER BY created_at, slug";
const TRASH: &str = "UPDATE articles SET status_before_trash = status, status = 'draft', trashed_at = $1, updated_at = $1 \
     WHERE id = $2 AND trashed_at IS NULL";
const RESTORE: &str = "UPDATE articles SET status = status_before_trash, status_before_trash = NULL, trashed_at = NULL, updated_at = $1 \
     WHERE id = $2 AND trashed_at IS NOT NULL";
const DELETE: &str = "DELETE FROM articles WHERE id = $1";
const TRASHED_BEFORE: &str =
    "SELECT id FROM articles WHERE trashed_at IS NOT NULL AND trashed_at < $1 ORDER BY id LIMIT $2";
const DUE_SCHEDULED: &str = "SELECT id FROM articles WHERE status = 'scheduled' AND published_at <= $1 ORDER BY published_at, id";
const NEXT_SCHEDULED: &str = "SELECT MIN(published_at) FROM articles WHERE status = 'scheduled'";
const PUBLISH_IF_DUE: &str = "UPDATE articles SET status = 'published', updated_at = $1 \
     WHERE id = $2 AND status = 'scheduled' AND published_at <= $1";
const SET_FEATURED: &str = "UPDATE articles SET featured_media_id = $1, \
     featured_alt = CASE WHEN $1 IS NULL THEN NULL WHEN featured_media_id = $1 THEN featured_alt \
       ELSE (SELECT alt_text FROM media WHERE id = $1) END, \
     featured_caption = CASE WHEN $1 IS NULL THEN NULL WHEN featured_media_id = $1 THEN featured_caption \
       ELSE (SELECT caption FROM media WHERE id = $1) END, \
     updated_at = $2 WHERE id = $3";
const SET_FEATURED_IF_NONE: &str = "UPDATE articles SET featured_media_id = $1, \
     featured_alt = (SELECT alt_text FROM media WHERE id = $1), featured_caption = (SELECT caption FROM media WHERE id = $1), \
     updated_at = $2 WHERE id = $3 AND featured_media_id IS NULL";
const SET_STICKY: &str = "UPDATE articles SET sticky = $1, updated_at = $2 WHERE id = $3";
const PAGE_TITLES: &str = "SELECT id, title, parent_id FROM articles \
     WHERE kind = 'page' AND trashed_at IS NULL ORDER BY title, id";
const PLACE_PAGE: &str =
    "UPDATE articles SET kind = 'page', sticky = FALSE, parent_id = $1 WHERE id = $2";
const TOUCH_MODIFIED: &str = "UPDATE articles SET modified_at = $1, updated_at = $1 WHERE id = $2";

impl Db {
    /// The article with this slug, whatever its status.
    pub async fn article_by_slug(&self, slug: &str) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            read!(self, conn => sqlx::query_as(BY_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// The article that had this slug before it was renamed, if any.
    pub async fn article_by_old_slug(&self, slug: &str) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            read!(self, conn => sqlx::query_as(BY_OLD_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// The slugs an article had while published, oldest first.
    pub async fn old_slugs_of(&self, id: ArticleId) -> StoreResult<Vec<String>> {
        Ok(
            read!(self, conn => sqlx::query_scalar(OLD_SLUGS_OF).bind(id.get()).fetch_all(conn).await)?,
        )
    }

    /// The article with this id, whatever its status.
    pub async fn article_by_id(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// The `limit` newest news articles public at `now`, whole (for feeds), newest first.
    pub async fn newest_public_articles(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<Article>> {
        let rows: Vec<ArticleRow> = read!(self, conn => sqlx::query_as(NEWEST_PUBLIC)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        rows.into_iter().map(Article::try_from).collect()
    }

    /// Every article of every status, newest first.
    pub async fn all_articles(&self) -> StoreResult<Vec<ArticleSummary>> {
        let rows: Vec<SummaryRow> =
            read!(self, conn => sqlx::query_as(ALL_NEWEST_FIRST).fetch_all(conn).await)?;
        rows.into_iter().map(ArticleSummary::try_from).collect()
    }

    /// Every page's place in the tree of pages, which their addresses follow.
    pub async fn page_nodes(&self) -> StoreResult<Vec<PageNode>> {
        let rows: Vec<(i64, String, Option<i64>)> =
            read!(self, conn => sqlx::query_as(PAGE_NODES).fetch_all(conn).await)?;
        page_nodes_from(rows)
    }

    /// Every page outside the trash, by title, with the page it sits under.
    pub async fn page_titles(&self) -> StoreResult<Vec<PageTitle>> {
        let rows: Vec<(i64, String, Option<i64>)> =
            read!(self, conn => sqlx::query_as(PAGE_TITLES).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, title, parent)| PageTitle {
                id: ArticleId(id),
                title,
                parent_id: parent.map(ArticleId),
            })
            .collect())
    }

    /// How many articles exist, of any status.
    pub async fn article_count(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(COUNT_ALL).fetch_one(conn).await)?)
    }

    /// Scheduled articles whose time has come at `now`, earliest first.
    pub async fn due_scheduled_articles(&self, now: Timestamp) -> StoreResult<Vec<ArticleId>> {
        let ids: Vec<i64> = read!(self, conn => sqlx::query_scalar(DUE_SCHEDULED).bind(DbTime(now)).fetch_all(conn).await)?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    /// When the next scheduled article is due, if any is scheduled.
    pub async fn next_scheduled_time(&self) -> StoreResult<Option<Timestamp>> {
        let next: Option<DbTime> =
            read!(self, conn => sqlx::query_scalar(NEXT_SCHEDULED).fetch_one(conn).await)?;
        Ok(next.map(|time| time.0))
    }

    /// Articles put in the trash before `cutoff`, at most `limit` of them.
    pub async fn articles_trashed_before(
        &self,
        cutoff: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ArticleId>> {
        let ids: Vec<i64> = read!(self, conn => sqlx::query_scalar(TRASHED_BEFORE).bind(DbTime(cutoff)).bind(i64::from(limit)).fetch_all(conn).await)?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }
}

impl Tx {
    /// The articles whose body holds `fragment`, with their bodies (Markdown and HTML).
    pub async fn articles_mentioning(
        &mut self,
        fragment: &str,
    ) -> StoreResult<Vec<(ArticleId, String, String)>> {
        let mut pattern = String::from("%");
        for character in fragment.chars() {
            if matches!(character, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(character);
        }
        pattern.push('%');
        let rows: Vec<(i64, String, String)> =
            write!(self, conn => sqlx::query_as(MENTIONING).bind(&pattern).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, markdown, html)| (ArticleId(id), markdown, html))
            .collect())
    }

    /// Replaces an article's body without touching anything else about it (an address
    /// in it moved), its text for search kept in step.
    pub async fn replace_article_body(
        &mut self,
        id: ArticleId,
        body_markdown: &str,
        body_html: &str,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_BODY)
            .bind(source_to_store(body_markdown, body_html))
            .bind(body_html)
            .bind(text_of_sanitised_html(body_html))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Every page's place in the tree of pages, read inside the transaction.
    pub async fn page_nodes(&mut self) -> StoreResult<Vec<PageNode>> {
        let rows: Vec<(i64, String, Option<i64>)> =
            write!(self, conn => sqlx::query_as(PAGE_NODES).fetch_all(conn).await)?;
        page_nodes_from(rows)
    }

    /// The article with this id, read inside the transaction.
    pub async fn article_by_id(&mut self, id: ArticleId) -> StoreResult<Option<Article>> {
        let row: Option<ArticleRow> =
            write!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Article::try_from).transpose()
    }

    /// Which of `candidates` articles other than `except` use as their slug.
    pub async fn taken_slugs(
        &mut self,
        candidates: &[&str],
        except: Option<ArticleId>,
    ) -> StoreResult<HashSet<String>> {
        let mut taken = HashSet::new();
        for chunk in candidates.chunks(ROWS_PER_STATEMENT) {
            let slugs: Vec<String> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("SELECT slug FROM articles WHERE id <> ");
                query.push_bind(except.map_or(0, ArticleId::get)).push(" AND slug IN (");
                let mut list = query.separated(", ");
                for candidate in chunk {
                    list.push_bind(*candidate);
                }
                query.push(")");
                query.build_query_scalar().fetch_all(conn).await
            })?;
            taken.extend(slugs);
        }
        Ok(taken)
    }

    /// Stores a new article.
    pub async fn insert_article(
        &mut self,
        article: &ArticleRecord,
        now: Timestamp,
    ) -> StoreResult<ArticleId> {
        let source = article.source.as_ref();
        let featured = article.featured_image.as_ref();
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(article.slug.as_str())
            .bind(&article.title)
            .bind(source_to_store(&article.body_markdown, &article.body_html))
            .bind(&article.body_html)
            .bind(&article.excerpt)
            .bind(article.excerpt_is_manual)
            .bind(article.status.as_str())
            .bind(article.author_id.map(UserId::get))
            .bind(article.comments_open)
            .bind(source.map(|source| source.name.as_str()))
            .bind(source.map(|source| source.url.as_str()))
            .bind(source.and_then(|source| source.published_at).map(DbTime))
            .bind(source.and_then(|source| source.author.as_deref()))
            .bind(source.and_then(|source| source.licence.as_deref()))
            .bind(source.is_none_or(|source| source.canonical))
            .bind(featured.map(|image| image.media_id.get()))
            .bind(featured.map(|image| image.alt.as_str()))
            .bind(featured.map(|image| image.caption.as_str()))
            .bind(article.published_at.map(DbTime))
            .bind(article.modified_at.map(DbTime))
            .bind(DbTime(now))
            .bind(text_of_sanitised_html(&article.body_html))
            .bind(&article.seo_title)
            .bind(&article.meta_description)
            .fetch_one(conn)
            .await);
        result.map(ArticleId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("an article with the slug `{}`", article.slug),
            )
        })
    }

    /// Stores many new articles with few statements; their ids come back in the order of
    /// `articles`, whose slugs must differ from each other. `body_texts`, when the caller
    /// has read them already, are the articles' bodies as plain text
    /// (`text_of_sanitised_html` of each `body_html`, which search indexes), in the same
    /// order; otherwise they are read here.
    pub async fn insert_articles(
        &mut self,
        articles: &[ArticleRecord],
        body_texts: Option<&[&str]>,
        now: Timestamp,
    ) -> StoreResult<Vec<ArticleId>> {
        let body_texts: Vec<Cow<'_, str>> = match body_texts {
            Some(texts) if texts.len() == articles.len() => {
                texts.iter().map(|text| Cow::Borrowed(*text)).collect()
            }
            _ => articles
                .iter()
                .map(|article| Cow::Owned(text_of_sanitised_html(&article.body_html)))
                .collect(),
        };
        // The ids are chosen before the rows are written, so that no row has to come back
        // to say which id it got: handing thousands of rows back from SQLite's thread cost
        // a long feed's ingest more than writing them.
        let ids = self
            .reserve_ids(IdTable::Articles, articles.len(), 0)
            .await?;
        // Whole statements of rows even on PostgreSQL, where a statement over 8 KiB waits
        // some 40 ms for the server's delayed acknowledgement: a row with its body and the
        // body's text is a few KiB, so 8 KiB statements would be a few rows each, and their
        // number cost more than one wait per 250 rows (a feed of 5,000 articles: 3.1 s in
        // 1,670 statements against 2.5 s in 20).
        for ((chunk, texts), chunk_ids) in articles
            .chunks(ROWS_PER_STATEMENT)
            .zip(body_texts.chunks(ROWS_PER_STATEMENT))
            .zip(ids.chunks(ROWS_PER_STATEMENT))
        {
            let rows = chunk.iter().zip(texts).zip(chunk_ids);
            let result: Result<(), sqlx::Error> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_MANY);
                query.push_values(rows, |mut row, ((article, text), id)| {
                    let source = article.source.as_ref();
                    let featured = article.featured_image.as_ref();
                    row.push_bind(*id)
                        .push_bind(article.slug.as_str())
                        .push_bind(&article.title)
                        .push_bind(source_to_store(&article.body_markdown, &article.body_html))
                        .push_bind(&article.body_html)
                        .push_bind(&article.excerpt)
                        .push_bind(article.excerpt_is_manual)
                        .push_bind(article.status.as_str())
                        .push_bind(article.author_id.map(UserId::get))
                        .push_bind(article.comments_open)
                        .push_bind(source.map(|source| source.name.as_str()))
                        .push_bind(source.map(|source| source.url.as_str()))
                        .push_bind(source.and_then(|source| source.published_at).map(DbTime))
                        .push_bind(source.and_then(|source| source.author.as_deref()))
                        .push_bind(source.and_then(|source| source.licence.as_deref()))
                        .push_bind(source.is_none_or(|source| source.canonical))
                        .push_bind(featured.map(|image| image.media_id.get()))
                        .push_bind(featured.map(|image| image.alt.as_str()))
                        .push_bind(featured.map(|image| image.caption.as_str()))
                        .push_bind(article.published_at.map(DbTime))
                        .push_bind(article.modified_at.map(DbTime))
                        .push_bind(DbTime(now))
                        .push_bind(DbTime(now))
                        .push_bind(text.as_ref())
                        .push_bind(&article.seo_title)
                        .push_bind(&article.meta_description);
                });
                query.build().execute(conn).await.map(|_| ())
            });
            result.map_err(|error| {
                StoreError::conflict_on_unique(error, "an article with one of these slugs")
            })?;
        }
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    /// Forgets these slugs as earlier slugs of any article, because new articles take
    /// them.
    pub async fn forget_old_slugs(&mut self, slugs: &[&str]) -> StoreResult<()> {
        for chunk in slugs.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("DELETE FROM article_old_slugs WHERE slug IN (");
                let mut list = query.separated(", ");
                for slug in chunk {
                    list.push_bind(*slug);
                }
                query.push(")");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Writes an article's new content and standing.
    pub async fn update_article(
        &mut self,
        id: ArticleId,
        article: &ArticleRecord,
        now: Timestamp,
    ) -> StoreResult<()> {
        let source = article.source.as_ref();
        let featured = article.featured_image.as_ref();
        let result: Result<u64, sqlx::Error> = write!(self, conn => sqlx::query(UPDATE)
            .bind(article.slug.as_str())
            .bind(&article.title)
            .bind(source_to_store(&article.body_markdown, &article.body_html))
            .bind(&article.body_html)
            .bind(&article.excerpt)
            .bind(article.excerpt_is_manual)
            .bind(article.status.as_str())
            .bind(article.author_id.map(UserId::get))
            .bind(article.comments_open)
            .bind(source.map(|source| source.name.as_str()))
            .bind(source.map(|source| source.url.as_str()))
            .bind(source.and_then(|source| source.published_at).map(DbTime))
            .bind(source.and_then(|source| source.author.as_deref()))
            .bind(source.and_then(|source| source.licence.as_deref()))
            .bind(source.is_none_or(|source| source.canonical))
            .bind(featured.map(|image| image.media_id.get()))
            .bind(featured.map(|image| image.alt.as_str()))
            .bind(featured.map(|image| image.caption.as_str()))
            .bind(article.published_at.map(DbTime))
            .bind(article.modified_at.map(DbTime))
            .bind(DbTime(now))
            .bind(id.get())
            .bind(text_of_sanitised_html(&article.body_html))
            .bind(&article.seo_title)
            .bind(&article.meta_description)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()));
        match result {
            Ok(1) => Ok(()),
            Ok(_) => Err(StoreError::Corrupt(format!(
                "article {id} vanished while it was being saved"
            ))),
            Err(error) => Err(StoreError::conflict_on_unique(
                error,
                &format!("an article with the slug `{}`", article.slug),
            )),
        }
    }

    /// Keeps `slug` as an old address of `article`, answering with a redirect.
    pub async fn remember_old_slug(
        &mut self,
        slug: &Slug,
        article: ArticleId,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(REMEMBER_OLD_SLUG).bind(slug.as_str()).bind(article.get()).bind(DbTime(now)).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Forgets `slug` as an old address (an article now uses it as its own).
    pub async fn forget_old_slug(&mut self, slug: &Slug) -> StoreResult<()> {
        write!(self, conn => sqlx::query(FORGET_OLD_SLUG).bind(slug.as_str()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Puts an article in the trash; `false` when it already was.
    pub async fn trash_article(&mut self, id: ArticleId, now: Timestamp) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(TRASH).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Takes an article out of the trash, back to its status; `false` when it was not there.
    pub async fn restore_article(&mut self, id: ArticleId, now: Timestamp) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(RESTORE).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Deletes an article for good, with its comments, revisions and notes.
    pub async fn delete_article(&mut self, id: ArticleId) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(DELETE).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Publishes a scheduled article whose time has come. `true` only for the one
    /// transaction that made the change: a second process doing the same finds nothing to
    /// do, so each article is published exactly once.
    pub async fn publish_if_due(&mut self, id: ArticleId, now: Timestamp) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(PUBLISH_IF_DUE).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Sets (or, with `None`, removes) an article's featured image. A newly chosen image's
    /// alt text and caption start as the library's; the same image keeps the article's.
    pub async fn set_featured_media(
        &mut self,
        id: ArticleId,
        media: Option<MediaId>,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_FEATURED).bind(media.map(MediaId::get)).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Gives an article the featured image `media`, with the library's alt text and
    /// caption, only while it has none: `false` when it has one already (an editor chose
    /// it) or the article is gone. The condition is checked by the update itself, so an
    /// editor's choice made at the same moment is never replaced.
    pub async fn set_featured_media_if_none(
        &mut self,
        id: ArticleId,
        media: MediaId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(SET_FEATURED_IF_NONE).bind(media.get()).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Marks what readers see of an article as changed at `now` (a correction was added).
    pub async fn touch_article_modified(
        &mut self,
        id: ArticleId,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(TOUCH_MODIFIED).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Makes the article a page (About, Contact…) under `parent`, or at the top of the
    /// tree of pages: out of the news lists, at an address made of its parents' slugs.
    pub async fn place_page(
        &mut self,
        id: ArticleId,
        parent: Option<ArticleId>,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(PLACE_PAGE).bind(parent.map(ArticleId::get)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Keeps an article at the top of the home page, or stops keeping it there: `false`
    /// when there is no such article.
    pub async fn set_article_sticky(
        &mut self,
        id: ArticleId,
        sticky: bool,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(SET_STICKY).bind(sticky).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::PAGE_NODES;
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn the_page_tree_is_read_from_the_pages_index_alone() {
        let site = PlanSite::new("page-tree").await;
        let plan = site.plan(PAGE_NODES).await;
        assert_eq!(plan, ["SCAN articles USING INDEX articles_pages"]);
        site.remove().await;
    }
}
