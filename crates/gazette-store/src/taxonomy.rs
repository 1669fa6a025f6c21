//! Categories and tags, and which articles carry them.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use gazette_domain::taxonomy::{Category, Tag};
use gazette_domain::{ArticleId, CategoryId, Slug, TagId};

const ENSURE_CATEGORY: &str = "INSERT INTO categories (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";
const ENSURE_TAG: &str = "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";
const ATTACH_CATEGORY: &str = "INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
const ATTACH_TAG: &str =
    "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
const CATEGORIES_OF_ARTICLE: &str = "SELECT c.id, c.slug, c.name, c.parent_id FROM categories c \
     JOIN article_categories ac ON ac.category_id = c.id WHERE ac.article_id = $1 ORDER BY c.name";
const TAGS_OF_ARTICLE: &str = "SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags tagged ON tagged.tag_id = t.id WHERE tagged.article_id = $1 ORDER BY t.name";

fn parse_slug(kind: &str, id: i64, slug: &str) -> StoreResult<Slug> {
    Slug::parse(slug)
        .map_err(|error| StoreError::Corrupt(format!("{kind} {id} has slug `{slug}`: {error}")))
}

impl Db {
    /// The categories an article is filed under, by name.
    pub async fn categories_of_article(&self, article: ArticleId) -> StoreResult<Vec<Category>> {
        let rows: Vec<(i64, String, String, Option<i64>)> = read!(self, conn => sqlx::query_as(CATEGORIES_OF_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name, parent)| {
                Ok(Category {
                    id: CategoryId(id),
                    slug: parse_slug("category", id, &slug)?,
                    name,
                    parent_id: parent.map(CategoryId),
                })
            })
            .collect()
    }

    /// The tags an article carries, by name.
    pub async fn tags_of_article(&self, article: ArticleId) -> StoreResult<Vec<Tag>> {
        let rows: Vec<(i64, String, String)> = read!(self, conn => sqlx::query_as(TAGS_OF_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name)| {
                Ok(Tag {
                    id: TagId(id),
                    slug: parse_slug("tag", id, &slug)?,
                    name,
                })
            })
            .collect()
    }
}

impl Tx {
    /// The category with `slug`, created with `name` when missing.
    pub async fn ensure_category(&mut self, slug: &Slug, name: &str) -> StoreResult<CategoryId> {
        let id: i64 = write!(self, conn => sqlx::query_scalar(ENSURE_CATEGORY).bind(slug.as_str()).bind(name).fetch_one(conn).await)?;
        Ok(CategoryId(id))
    }

    /// The tag with `slug`, created with `name` when missing.
    pub async fn ensure_tag(&mut self, slug: &Slug, name: &str) -> StoreResult<TagId> {
        let id: i64 = write!(self, conn => sqlx::query_scalar(ENSURE_TAG).bind(slug.as_str()).bind(name).fetch_one(conn).await)?;
        Ok(TagId(id))
    }

    /// Files an article under a category (nothing happens if it already is).
    pub async fn attach_category(
        &mut self,
        article: ArticleId,
        category: CategoryId,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ATTACH_CATEGORY).bind(article.get()).bind(category.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Tags an article (nothing happens if it already is).
    pub async fn attach_tag(&mut self, article: ArticleId, tag: TagId) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ATTACH_TAG).bind(article.get()).bind(tag.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
