//! Categories and tags, and which articles carry them.

use crate::StoreResult;
use crate::backend::{Db, ROWS_PER_STATEMENT, Tx};
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
const ALL_CATEGORIES: &str = "SELECT id, slug, name, parent_id FROM categories ORDER BY name, id";
const CATEGORY_DETAILS: &str = "SELECT c.id, c.slug, c.name, c.description, c.parent_id, \
     (SELECT COUNT(*) FROM article_categories ac WHERE ac.category_id = c.id) AS article_count \
     FROM categories c ORDER BY c.name, c.id";
const INSERT_CATEGORY: &str = "INSERT INTO categories (slug, name, description, parent_id) VALUES ($1, $2, $3, $4) RETURNING id";
const UPDATE_CATEGORY: &str =
    "UPDATE categories SET slug = $1, name = $2, description = $3, parent_id = $4 WHERE id = $5";
const REPARENT_CHILDREN: &str = "UPDATE categories SET parent_id = $1 WHERE parent_id = $2";
const DELETE_CATEGORY: &str = "DELETE FROM categories WHERE id = $1";
const POPULAR_TAGS: &str = "SELECT t.id, t.slug, t.name FROM tags t \
     ORDER BY (SELECT COUNT(*) FROM article_tags tagged WHERE tagged.tag_id = t.id) DESC, t.name LIMIT $1";
const DETACH_CATEGORIES: &str = "DELETE FROM article_categories WHERE article_id = $1";
const DETACH_TAGS: &str = "DELETE FROM article_tags WHERE article_id = $1";
const CATEGORY_DESCRIPTION: &str = "SELECT description FROM categories WHERE id = $1";
const TAG_BY_SLUG: &str = "SELECT id, slug, name FROM tags WHERE slug = $1";
const CATEGORY_BY_ID: &str = "SELECT id, slug, name, parent_id FROM categories WHERE id = $1";
const CATEGORY_BY_SLUG: &str = "SELECT id, slug, name, parent_id FROM categories WHERE slug = $1";
const SET_PARENT: &str = "UPDATE categories SET parent_id = $1 WHERE id = $2";
const TAG_SLUGS_AMONG: &str = "SELECT slug FROM tags WHERE slug IN (";
const ALL_TAGS: &str = "SELECT id, slug, name FROM tags ORDER BY name, id";
const TAGS_OF_ARTICLE: &str = "SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags tagged ON tagged.tag_id = t.id WHERE tagged.article_id = $1 ORDER BY t.name";

pub(crate) fn parse_slug(kind: &str, id: i64, slug: &str) -> StoreResult<Slug> {
    Slug::parse(slug)
        .map_err(|error| StoreError::Corrupt(format!("{kind} {id} has slug `{slug}`: {error}")))
}

/// A category with what its management page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryDetails {
    /// The category.
    pub category: Category,
    /// Its description, shown on its archive page.
    pub description: String,
    /// How many articles are filed under it.
    pub article_count: i64,
}

/// A category to create or the new state of one.
#[derive(Clone, Debug)]
pub struct CategoryRecord {
    /// Its slug, unique among categories.
    pub slug: Slug,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The category it sits under.
    pub parent_id: Option<CategoryId>,
}

fn category_from(id: i64, slug: &str, name: String, parent: Option<i64>) -> StoreResult<Category> {
    Ok(Category {
        id: CategoryId(id),
        slug: parse_slug("category", id, slug)?,
        name,
        parent_id: parent.map(CategoryId),
    })
}

impl Db {
    /// Every category, by name.
    pub async fn all_categories(&self) -> StoreResult<Vec<Category>> {
        let rows: Vec<(i64, String, String, Option<i64>)> =
            read!(self, conn => sqlx::query_as(ALL_CATEGORIES).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name, parent)| category_from(id, &slug, name, parent))
            .collect()
    }

    /// Every category with its description and number of articles, by name.
    pub async fn category_details(&self) -> StoreResult<Vec<CategoryDetails>> {
        let rows: Vec<(i64, String, String, String, Option<i64>, i64)> =
            read!(self, conn => sqlx::query_as(CATEGORY_DETAILS).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name, description, parent, article_count)| {
                Ok(CategoryDetails {
                    category: category_from(id, &slug, name, parent)?,
                    description,
                    article_count,
                })
            })
            .collect()
    }

    /// The most used tags, at most `limit`, for suggestions.
    pub async fn popular_tags(&self, limit: u32) -> StoreResult<Vec<Tag>> {
        let rows: Vec<(i64, String, String)> = read!(self, conn => sqlx::query_as(POPULAR_TAGS).bind(i64::from(limit)).fetch_all(conn).await)?;
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

    /// The categories an article is filed under, by name.
    pub async fn categories_of_article(&self, article: ArticleId) -> StoreResult<Vec<Category>> {
        let rows: Vec<(i64, String, String, Option<i64>)> = read!(self, conn => sqlx::query_as(CATEGORIES_OF_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name, parent)| category_from(id, &slug, name, parent))
            .collect()
    }

    /// The description of category `id`, shown on its archive page; empty when it has
    /// none or is gone.
    pub async fn category_description(&self, id: CategoryId) -> StoreResult<String> {
        let description: Option<String> = read!(self, conn => sqlx::query_scalar(CATEGORY_DESCRIPTION).bind(id.get()).fetch_optional(conn).await)?;
        Ok(description.unwrap_or_default())
    }

    /// The tag with `slug`.
    pub async fn tag_by_slug(&self, slug: &str) -> StoreResult<Option<Tag>> {
        let row: Option<(i64, String, String)> =
            read!(self, conn => sqlx::query_as(TAG_BY_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(|(id, slug, name)| {
            Ok(Tag {
                id: TagId(id),
                slug: parse_slug("tag", id, &slug)?,
                name,
            })
        })
        .transpose()
    }

    /// Every tag, by name.
    pub async fn all_tags(&self) -> StoreResult<Vec<Tag>> {
        let rows: Vec<(i64, String, String)> =
            read!(self, conn => sqlx::query_as(ALL_TAGS).fetch_all(conn).await)?;
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
    /// Every category, by name, read inside the transaction.
    pub async fn all_categories(&mut self) -> StoreResult<Vec<Category>> {
        let rows: Vec<(i64, String, String, Option<i64>)> =
            write!(self, conn => sqlx::query_as(ALL_CATEGORIES).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|(id, slug, name, parent)| category_from(id, &slug, name, parent))
            .collect()
    }

    /// The category with this id, read inside the transaction.
    pub async fn category_by_id(&mut self, id: CategoryId) -> StoreResult<Option<Category>> {
        let row: Option<(i64, String, String, Option<i64>)> = write!(self, conn => sqlx::query_as(CATEGORY_BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(|(id, slug, name, parent)| category_from(id, &slug, name, parent))
            .transpose()
    }

    /// The category with this slug, read inside the transaction.
    pub async fn category_by_slug(&mut self, slug: &str) -> StoreResult<Option<Category>> {
        let row: Option<(i64, String, String, Option<i64>)> = write!(self, conn => sqlx::query_as(CATEGORY_BY_SLUG).bind(slug).fetch_optional(conn).await)?;
        row.map(|(id, slug, name, parent)| category_from(id, &slug, name, parent))
            .transpose()
    }

    /// Puts category `id` under `parent` (at the top level for `None`).
    pub async fn set_category_parent(
        &mut self,
        id: CategoryId,
        parent: Option<CategoryId>,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_PARENT).bind(parent.map(CategoryId::get)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Which of the slugs in `tags` tags have already.
    pub async fn existing_tag_slugs(
        &mut self,
        tags: &[(Slug, String)],
    ) -> StoreResult<std::collections::HashSet<Slug>> {
        let mut existing = std::collections::HashSet::new();
        for chunk in tags.chunks(ROWS_PER_STATEMENT) {
            let slugs: Vec<String> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(TAG_SLUGS_AMONG);
                let mut list = query.separated(", ");
                for (slug, _) in chunk {
                    list.push_bind(slug.as_str());
                }
                query.push(")");
                query.build_query_scalar().fetch_all(conn).await
            })?;
            for slug in slugs {
                existing.insert(parse_slug("tag", 0, &slug)?);
            }
        }
        Ok(existing)
    }

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

    /// Files each article under its category, with few statements (pairs already there
    /// are left alone).
    pub async fn attach_categories(
        &mut self,
        pairs: &[(ArticleId, CategoryId)],
    ) -> StoreResult<()> {
        let pairs: Vec<(i64, i64)> = pairs
            .iter()
            .map(|(article, category)| (article.get(), category.get()))
            .collect();
        self.insert_links("article_categories", "category_id", &pairs)
            .await
    }

    /// Tags each article with its tag, with few statements (pairs already there are left
    /// alone).
    pub async fn attach_tags(&mut self, pairs: &[(ArticleId, TagId)]) -> StoreResult<()> {
        let pairs: Vec<(i64, i64)> = pairs
            .iter()
            .map(|(article, tag)| (article.get(), tag.get()))
            .collect();
        self.insert_links("article_tags", "tag_id", &pairs).await
    }

    /// Writes links of `table` between articles and what `column` names, each with its
    /// article's publication time while the article is published (which the archives'
    /// indexes sort on), with few statements; links already there are left alone.
    async fn insert_links(
        &mut self,
        table: &str,
        column: &str,
        pairs: &[(i64, i64)],
    ) -> StoreResult<()> {
        for chunk in pairs.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(format!(
                    "INSERT INTO {table} (article_id, {column}, published_at) \
                     SELECT v.column1, v.column2, (SELECT a.published_at FROM articles a \
                     WHERE a.id = v.column1 AND a.status = 'published') FROM (VALUES "
                ));
                for (index, (article, other)) in chunk.iter().enumerate() {
                    query.push(if index == 0 { "(CAST(" } else { ", (CAST(" });
                    query.push_bind(*article).push(" AS BIGINT), CAST(");
                    query.push_bind(*other).push(" AS BIGINT))");
                }
                // `WHERE true` tells SQLite's parser that `ON CONFLICT` is not a join's.
                query.push(") AS v WHERE true ON CONFLICT DO NOTHING");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Creates a category.
    pub async fn insert_category(&mut self, record: &CategoryRecord) -> StoreResult<CategoryId> {
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT_CATEGORY)
            .bind(record.slug.as_str())
            .bind(&record.name)
            .bind(&record.description)
            .bind(record.parent_id.map(CategoryId::get))
            .fetch_one(conn)
            .await);
        result.map(CategoryId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("a category with the slug `{}`", record.slug),
            )
        })
    }

    /// Changes a category.
    pub async fn update_category(
        &mut self,
        id: CategoryId,
        record: &CategoryRecord,
    ) -> StoreResult<()> {
        let result: Result<u64, sqlx::Error> = write!(self, conn => sqlx::query(UPDATE_CATEGORY)
            .bind(record.slug.as_str())
            .bind(&record.name)
            .bind(&record.description)
            .bind(record.parent_id.map(CategoryId::get))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()));
        result.map(|_| ()).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("a category with the slug `{}`", record.slug),
            )
        })
    }

    /// Deletes a category; its children move up to its parent, and its articles simply
    /// lose it.
    pub async fn delete_category(
        &mut self,
        id: CategoryId,
        parent: Option<CategoryId>,
    ) -> StoreResult<bool> {
        write!(self, conn => sqlx::query(REPARENT_CHILDREN).bind(parent.map(CategoryId::get)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        let deleted: u64 = write!(self, conn => sqlx::query(DELETE_CATEGORY).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(deleted == 1)
    }

    /// Files an article under exactly `categories`.
    pub async fn set_article_categories(
        &mut self,
        article: ArticleId,
        categories: &[CategoryId],
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(DETACH_CATEGORIES).bind(article.get()).execute(conn).await.map(|_| ()))?;
        for category in categories {
            self.attach_category(article, *category).await?;
        }
        Ok(())
    }

    /// Gives an article exactly `tags`.
    pub async fn set_article_tags(
        &mut self,
        article: ArticleId,
        tags: &[TagId],
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(DETACH_TAGS).bind(article.get()).execute(conn).await.map(|_| ()))?;
        for tag in tags {
            self.attach_tag(article, *tag).await?;
        }
        Ok(())
    }

    /// Tags an article (nothing happens if it already is).
    pub async fn attach_tag(&mut self, article: ArticleId, tag: TagId) -> StoreResult<()> {
        write!(self, conn => sqlx::query(ATTACH_TAG).bind(article.get()).bind(tag.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
