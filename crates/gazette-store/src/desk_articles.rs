//! Articles as the desk lists them: one page at a time, filtered by status (or the trash),
//! author, category and words in the title or body, with the number in each status for the
//! status links, and the categories and tags of the articles on the page.

use crate::StoreResult;
use crate::backend::Db;
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::taxonomy::{Category, Tag};
use gazette_domain::{
    ArticleId, ArticleKind, ArticleStatus, CategoryId, Slug, TagId, Timestamp, UserId,
};
use std::collections::HashMap;

/// Which articles the desk's list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeskArticleQuery {
    /// One status, the trash, or (when `None`) every article not in the trash.
    pub status: Option<StatusFilter>,
    /// Only this author's.
    pub author: Option<UserId>,
    /// Only those filed under this category.
    pub category: Option<CategoryId>,
    /// Only those with these words in the title or body.
    pub search: Option<String>,
    /// When set, only this user's articles and published ones: what authors and
    /// contributors may see.
    pub visible_to: Option<UserId>,
    /// Only news, or only pages.
    pub kind: Option<ArticleKind>,
}

/// A status link of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Articles of one status, outside the trash.
    Status(ArticleStatus),
    /// Articles in the trash.
    Trash,
}

impl StatusFilter {
    /// The name used in queries and addresses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status(status) => status.as_str(),
            Self::Trash => "trash",
        }
    }
}

/// One row of the desk's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskArticleRow {
    /// Its id.
    pub id: ArticleId,
    /// Its slug.
    pub slug: Slug,
    /// Its headline.
    pub title: String,
    /// News, or a page.
    pub kind: ArticleKind,
    /// Whether it is kept at the top of the home page.
    pub sticky: bool,
    /// Its status (a trashed article is a draft here; see `trashed_at`).
    pub status: ArticleStatus,
    /// Its author.
    pub author_id: Option<UserId>,
    /// The author's name.
    pub author_name: Option<String>,
    /// When it is, was or is planned to be published.
    pub published_at: Option<Timestamp>,
    /// When it was last saved.
    pub updated_at: Timestamp,
    /// When it was put in the trash.
    pub trashed_at: Option<Timestamp>,
    /// The credited outlet of a republished piece.
    pub source_name: Option<String>,
    /// Approved comments.
    pub comment_count: i64,
    /// Comments waiting for moderation.
    pub pending_comment_count: i64,
}

/// A page of the list and the size of the whole filtered list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskArticlePage {
    /// The rows on this page.
    pub rows: Vec<DeskArticleRow>,
    /// How many articles match.
    pub total: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    title: String,
    kind: String,
    sticky: bool,
    status: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    published_at: Option<DbTime>,
    updated_at: DbTime,
    trashed_at: Option<DbTime>,
    source_name: Option<String>,
    comment_count: i64,
    pending_comment_count: i64,
}

/// The conditions every list query shares: `$1` status or trash (`all` for none), `$2`
/// author, `$3` category, `$4` lower-case LIKE pattern, `$5` the user whose own articles
/// are visible besides published ones, `$6` the kind (news or pages).
macro_rules! desk_filters {
    () => {
        concat!(
            "(($1 = 'all' AND a.trashed_at IS NULL) OR ($1 = 'trash' AND a.trashed_at IS NOT NULL) \
           OR (a.status = $1 AND a.trashed_at IS NULL)) \
         AND ($2 IS NULL OR a.author_id = $2) \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM article_categories ac WHERE ac.article_id = a.id AND ac.category_id = $3)) \
         AND ($4 IS NULL OR LOWER(a.title) LIKE $4 ESCAPE '\\' OR LOWER(",
            stored_source!("a."),
            ") LIKE $4 ESCAPE '\\') \
         AND ($5 IS NULL OR a.author_id = $5 OR (a.status = 'published' AND a.trashed_at IS NULL)) \
         AND ($6 IS NULL OR a.kind = $6)"
        )
    };
}

/// The same conditions without the status, for counting each status.
macro_rules! desk_filters_any_status {
    () => {
        concat!(
            "($1 = 'all') \
         AND ($2 IS NULL OR a.author_id = $2) \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM article_categories ac WHERE ac.article_id = a.id AND ac.category_id = $3)) \
         AND ($4 IS NULL OR LOWER(a.title) LIKE $4 ESCAPE '\\' OR LOWER(",
            stored_source!("a."),
            ") LIKE $4 ESCAPE '\\') \
         AND ($5 IS NULL OR a.author_id = $5 OR (a.status = 'published' AND a.trashed_at IS NULL)) \
         AND ($6 IS NULL OR a.kind = $6)"
        )
    };
}

const PAGE: &str = concat!(
    "SELECT a.id, a.slug, a.title, a.kind, a.sticky, a.status, a.author_id, u.display_name AS author_name, a.published_at, a.updated_at, \
     a.trashed_at, a.source_name, \
     COALESCE((SELECT n.comments FROM article_comment_counts n WHERE n.article_id = a.id), 0) AS comment_count, \
     (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'pending') AS pending_comment_count \
     FROM articles a LEFT JOIN users u ON u.id = a.author_id WHERE ",
    desk_filters!(),
    " ORDER BY COALESCE(a.published_at, a.created_at) DESC, a.id DESC LIMIT $7 OFFSET $8"
);
const TOTAL: &str = concat!("SELECT COUNT(*) FROM articles a WHERE ", desk_filters!());
const COUNTS: &str = concat!(
    "SELECT CASE WHEN a.trashed_at IS NOT NULL THEN 'trash' ELSE a.status END AS bucket, COUNT(*) AS articles \
     FROM articles a WHERE ",
    desk_filters_any_status!(),
    " GROUP BY bucket"
);

/// `text` as a case-insensitive `LIKE` pattern matching it anywhere, with `%`, `_` and the
/// escape character itself taken literally.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for character in text.to_lowercase().chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

impl Db {
    /// One page of the desk's list, newest first.
    pub async fn desk_articles(
        &self,
        query: &DeskArticleQuery,
        limit: u32,
        offset: u64,
    ) -> StoreResult<DeskArticlePage> {
        let status = query.status.map_or("all", StatusFilter::as_str);
        let pattern = query.search.as_deref().map(contains_pattern);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows: Vec<Row> = read!(self, conn => sqlx::query_as(PAGE)
            .bind(status)
            .bind(query.author.map(UserId::get))
            .bind(query.category.map(CategoryId::get))
            .bind(pattern.as_deref())
            .bind(query.visible_to.map(UserId::get))
            .bind(query.kind.map(ArticleKind::as_str))
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        let total: i64 = read!(self, conn => sqlx::query_scalar(TOTAL)
            .bind(status)
            .bind(query.author.map(UserId::get))
            .bind(query.category.map(CategoryId::get))
            .bind(pattern.as_deref())
            .bind(query.visible_to.map(UserId::get))
            .bind(query.kind.map(ArticleKind::as_str))
            .fetch_one(conn)
            .await)?;
        let rows = rows
            .into_iter()
            .map(|row| {
                Ok(DeskArticleRow {
                    id: ArticleId(row.id),
                    slug: Slug::parse(&row.slug).map_err(|error| {
                        StoreError::Corrupt(format!(
                            "article {} has slug `{}`: {error}",
                            row.id, row.slug
                        ))
                    })?,
                    title: row.title,
                    kind: ArticleKind::parse(&row.kind).ok_or_else(|| {
                        StoreError::Corrupt(format!("article {} has kind `{}`", row.id, row.kind))
                    })?,
                    sticky: row.sticky,
                    status: ArticleStatus::parse(&row.status).ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "article {} has status `{}`",
                            row.id, row.status
                        ))
                    })?,
                    author_id: row.author_id.map(UserId),
                    author_name: row.author_name,
                    published_at: row.published_at.map(|time| time.0),
                    updated_at: row.updated_at.0,
                    trashed_at: row.trashed_at.map(|time| time.0),
                    source_name: row.source_name,
                    comment_count: row.comment_count,
                    pending_comment_count: row.pending_comment_count,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(DeskArticlePage { rows, total })
    }

    /// How many articles each status link would show (with the query's other filters):
    /// keys are status names and `trash`.
    pub async fn desk_article_counts(
        &self,
        query: &DeskArticleQuery,
    ) -> StoreResult<HashMap<String, i64>> {
        let pattern = query.search.as_deref().map(contains_pattern);
        let rows: Vec<(String, i64)> = read!(self, conn => sqlx::query_as(COUNTS)
            .bind("all")
            .bind(query.author.map(UserId::get))
            .bind(query.category.map(CategoryId::get))
            .bind(pattern.as_deref())
            .bind(query.visible_to.map(UserId::get))
            .bind(query.kind.map(ArticleKind::as_str))
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().collect())
    }

    /// The categories of each of `articles`.
    pub async fn categories_of_articles(
        &self,
        articles: &[ArticleId],
    ) -> StoreResult<HashMap<ArticleId, Vec<Category>>> {
        if articles.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i64, i64, String, String, Option<i64>)> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT ac.article_id, c.id, c.slug, c.name, c.parent_id FROM article_categories ac \
                 JOIN categories c ON c.id = ac.category_id WHERE ac.article_id IN (",
            );
            let mut list = query.separated(", ");
            for id in articles {
                list.push_bind(id.get());
            }
            query.push(") ORDER BY c.name, c.id");
            query.build_query_as().fetch_all(conn).await
        })?;
        let mut found: HashMap<ArticleId, Vec<Category>> = HashMap::new();
        for (article, id, slug, name, parent) in rows {
            found.entry(ArticleId(article)).or_default().push(Category {
                id: CategoryId(id),
                slug: crate::taxonomy::parse_slug("category", id, &slug)?,
                name,
                parent_id: parent.map(CategoryId),
            });
        }
        Ok(found)
    }

    /// The tags of each of `articles`.
    pub async fn tags_of_articles(
        &self,
        articles: &[ArticleId],
    ) -> StoreResult<HashMap<ArticleId, Vec<Tag>>> {
        if articles.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i64, i64, String, String)> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT tagged.article_id, t.id, t.slug, t.name FROM article_tags tagged \
                 JOIN tags t ON t.id = tagged.tag_id WHERE tagged.article_id IN (",
            );
            let mut list = query.separated(", ");
            for id in articles {
                list.push_bind(id.get());
            }
            query.push(") ORDER BY t.name, t.id");
            query.build_query_as().fetch_all(conn).await
        })?;
        let mut found: HashMap<ArticleId, Vec<Tag>> = HashMap::new();
        for (article, id, slug, name) in rows {
            found.entry(ArticleId(article)).or_default().push(Tag {
                id: TagId(id),
                slug: crate::taxonomy::parse_slug("tag", id, &slug)?,
                name,
            });
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("Budget"), "%budget%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
