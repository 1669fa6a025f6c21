//! Reading the whole site a page of articles at a time, for exports: each page's articles
//! whole, then their comments, categories, tags and old slugs with one statement each.

use crate::StoreResult;
use crate::articles::{ArticleRow, SELECT_ARTICLES};
use crate::backend::Db;
use crate::comments::{CommentRow, comment_columns, into_comments};
use crate::wordpress::{AttachmentRow, ImportedAttachmentRecord};
use gazette_domain::{Article, ArticleId, CategoryId, Comment, TagId};

const ARTICLES_AFTER: &str = " WHERE id > $1 ORDER BY id LIMIT $2";
const LARGEST_ARTICLE_ID: &str = "SELECT COALESCE(MAX(id), 0) FROM articles";
const LARGEST_MEDIA_ID: &str = "SELECT COALESCE(MAX(id), 0) FROM media";
const UNFETCHED_ATTACHMENTS: &str = "SELECT site, wordpress_id, article_id, url, title, caption, alt_text FROM wordpress_attachments \
     WHERE media_id IS NULL ORDER BY site, wordpress_id";
const FEATURED_ATTACHMENTS: &str = "SELECT o.gazette_id, a.site, a.wordpress_id FROM wordpress_objects o \
     JOIN wordpress_attachments a ON a.site = o.site AND a.wordpress_id = o.featured_attachment \
     WHERE o.kind = 'article' AND a.media_id IS NULL AND o.gazette_id IN (";
const COMMENTS_ON: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id IN ("
);
const CATEGORIES_OF: &str =
    "SELECT article_id, category_id FROM article_categories WHERE article_id IN (";
const TAGS_OF: &str = "SELECT article_id, tag_id FROM article_tags WHERE article_id IN (";
const OLD_SLUGS_OF: &str = "SELECT article_id, slug FROM article_old_slugs WHERE article_id IN (";

/// The categories, tags and old slugs of some articles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleFiling {
    /// Which article is filed under which category.
    pub categories: Vec<(ArticleId, CategoryId)>,
    /// Which article carries which tag.
    pub tags: Vec<(ArticleId, TagId)>,
    /// Which slugs each article had before, oldest first.
    pub old_slugs: Vec<(ArticleId, String)>,
}

/// An imported attachment with the site it came from.
#[derive(sqlx::FromRow)]
struct SiteAttachmentRow {
    site: String,
    #[sqlx(flatten)]
    attachment: AttachmentRow,
}

/// `head`, the ids of `articles` as placeholders, and `tail`, for one statement.
macro_rules! listing {
    ($head:expr, $articles:expr, $tail:expr) => {{
        let mut query = sqlx::QueryBuilder::new($head);
        let mut list = query.separated(", ");
        for article in $articles {
            list.push_bind(article.get());
        }
        query.push($tail);
        query
    }};
}

impl Db {
    /// Up to `limit` articles of any status with ids above `after`, whole, by id.
    pub async fn articles_after(&self, after: i64, limit: u32) -> StoreResult<Vec<Article>> {
        let sql = format!("{SELECT_ARTICLES}{ARTICLES_AFTER}");
        let rows: Vec<ArticleRow> = read!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(after).bind(i64::from(limit)).fetch_all(conn).await)?;
        rows.into_iter().map(Article::try_from).collect()
    }

    /// The largest id an article has (0 with none).
    pub async fn largest_article_id(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(LARGEST_ARTICLE_ID).fetch_one(conn).await)?)
    }

    /// The largest id an image of the media library has (0 with none).
    pub async fn largest_media_id(&self) -> StoreResult<i64> {
        Ok(read!(self, conn => sqlx::query_scalar(LARGEST_MEDIA_ID).fetch_one(conn).await)?)
    }

    /// Every attachment an import kept at its address, never fetched into the media
    /// library, with the site it came from.
    pub async fn unfetched_attachments(
        &self,
    ) -> StoreResult<Vec<(String, ImportedAttachmentRecord)>> {
        let rows: Vec<SiteAttachmentRow> =
            read!(self, conn => sqlx::query_as(UNFETCHED_ATTACHMENTS).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|row| (row.site, ImportedAttachmentRecord::from(row.attachment)))
            .collect())
    }

    /// The featured images on WordPress of `articles` that are attachments kept at their
    /// address: each article with the attachment's site and WordPress id.
    pub async fn unfetched_featured_attachments(
        &self,
        articles: &[ArticleId],
    ) -> StoreResult<Vec<(ArticleId, String, i64)>> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String, i64)> = read!(self, conn => listing!(FEATURED_ATTACHMENTS, articles, ")").build_query_as().fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|(article, site, attachment)| (ArticleId(article), site, attachment))
            .collect())
    }

    /// Every comment, pingback and trackback of `articles`, of any status, by article and
    /// id.
    pub async fn comments_on(&self, articles: &[ArticleId]) -> StoreResult<Vec<Comment>> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<CommentRow> = read!(self, conn => listing!(COMMENTS_ON, articles, ") ORDER BY article_id, id").build_query_as().fetch_all(conn).await)?;
        into_comments(rows)
    }

    /// The categories, tags and old slugs of `articles`.
    pub async fn filing_of(&self, articles: &[ArticleId]) -> StoreResult<ArticleFiling> {
        if articles.is_empty() {
            return Ok(ArticleFiling::default());
        }
        let categories: Vec<(i64, i64)> = read!(self, conn => listing!(CATEGORIES_OF, articles, ") ORDER BY article_id, category_id").build_query_as().fetch_all(conn).await)?;
        let tags: Vec<(i64, i64)> = read!(self, conn => listing!(TAGS_OF, articles, ") ORDER BY article_id, tag_id").build_query_as().fetch_all(conn).await)?;
        let old_slugs: Vec<(i64, String)> = read!(self, conn => listing!(OLD_SLUGS_OF, articles, ") ORDER BY article_id, created_at, slug").build_query_as().fetch_all(conn).await)?;
        Ok(ArticleFiling {
            categories: categories
                .into_iter()
                .map(|(article, category)| (ArticleId(article), CategoryId(category)))
                .collect(),
            tags: tags
                .into_iter()
                .map(|(article, tag)| (ArticleId(article), TagId(tag)))
                .collect(),
            old_slugs: old_slugs
                .into_iter()
                .map(|(article, slug)| (ArticleId(article), slug))
                .collect(),
        })
    }
}

#[cfg(test)]
mod plan_tests {
    use super::FEATURED_ATTACHMENTS;
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn the_featured_images_to_fetch_are_found_by_their_articles_ids() {
        let site = PlanSite::new("export-featured").await;
        let plan = site.plan(&format!("{FEATURED_ATTACHMENTS}$1, $2)")).await;
        assert!(
            plan.first()
                .is_some_and(|step| step
                    .ends_with("wordpress_objects_by_gazette_id (kind=? AND gazette_id=?)")),
            "the imported articles must be found by their ids: {plan:?}"
        );
        site.remove().await;
    }
}
