//! Archives' articles: the public articles of some categories, a tag, an author or a
//! period, newest first, a page at a time with their number, or the newest whole for a
//! feed.
//!
//! Every query first picks the page's article ids from one index range — the categories'
//! and tags' links carry their article's publication time while it is published (kept by
//! triggers), authors and periods read `articles` by author or by publication time — and
//! only then reads those few articles. The count reads the same range, never the whole
//! table.

use crate::StoreResult;
use crate::articles::{
    ArticleListing, ArticleRow, ArticleSummary, SELECT_ARTICLES, SELECT_SUMMARIES, SummaryRow,
};
use crate::backend::Db;
use crate::time_column::DbTime;
use gazette_domain::{Article, CategoryId, TagId, Timestamp, UserId};

/// Which public articles an archive lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveFilter {
    /// Those filed under any of these categories (a category and those below it).
    Categories(Vec<CategoryId>),
    /// Those with this tag.
    Tag(TagId),
    /// Those by this author.
    Author(UserId),
    /// Those published from `start` until just before `end`.
    Period {
        /// The first instant of the period.
        start: Timestamp,
        /// The first instant after it.
        end: Timestamp,
    },
}

/// A value bound to a query, in the order of its placeholders.
#[derive(Clone, Copy, Debug)]
enum Bound {
    Number(i64),
    Time(Timestamp),
}

/// The values of a query's placeholders, gathered while its text is written. The text
/// holds nothing but fixed SQL and placeholders: every value is bound.
#[derive(Default)]
struct Statement {
    values: Vec<Bound>,
}

impl Statement {
    /// Adds `value` and returns its placeholder.
    fn bind(&mut self, value: Bound) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }
}

/// Binds a [`Statement`]'s values to `$query`, in order.
macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match *value {
                Bound::Number(number) => query.bind(number),
                Bound::Time(time) => query.bind(DbTime(time)),
            };
        }
        query
    }};
}

impl ArchiveFilter {
    /// The `(published_at, id)` pairs of the articles listed that are public at `now`,
    /// one per article, adding their values to `statement`.
    fn candidates(&self, statement: &mut Statement, now: Timestamp) -> String {
        let now = statement.bind(Bound::Time(now));
        match self {
            Self::Categories(categories) => {
                let list: Vec<String> = categories
                    .iter()
                    .map(|category| statement.bind(Bound::Number(category.get())))
                    .collect();
                // Only a list of several categories can name one article twice.
                let distinct = if categories.len() > 1 {
                    "DISTINCT "
                } else {
                    ""
                };
                format!(
                    "SELECT {distinct}published_at, article_id AS id FROM article_categories \
                     WHERE category_id IN ({}) AND published_at <= {now}",
                    if list.is_empty() {
                        "NULL".to_owned()
                    } else {
                        list.join(", ")
                    }
                )
            }
            Self::Tag(tag) => {
                let tag = statement.bind(Bound::Number(tag.get()));
                format!(
                    "SELECT published_at, article_id AS id FROM article_tags \
                     WHERE tag_id = {tag} AND published_at <= {now}"
                )
            }
            Self::Author(author) => {
                let author = statement.bind(Bound::Number(author.get()));
                format!(
                    "SELECT published_at, id FROM articles \
                     WHERE status = 'published' AND kind = 'post' AND author_id = {author} AND published_at <= {now}"
                )
            }
            Self::Period { start, end } => {
                let start = statement.bind(Bound::Time(*start));
                let end = statement.bind(Bound::Time(*end));
                format!(
                    "SELECT published_at, id FROM articles \
                     WHERE status = 'published' AND kind = 'post' AND published_at >= {start} AND published_at < {end} \
                     AND published_at <= {now}"
                )
            }
        }
    }

    /// The ids of the `limit` articles after the first `offset`, newest first, as a
    /// subquery for `IN (…)`.
    fn page_ids(
        &self,
        statement: &mut Statement,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> String {
        let candidates = self.candidates(statement, now);
        let limit = statement.bind(Bound::Number(i64::from(limit)));
        let offset = statement.bind(Bound::Number(i64::try_from(offset).unwrap_or(i64::MAX)));
        format!(
            "SELECT id FROM ({candidates} ORDER BY published_at DESC, id DESC LIMIT {limit} OFFSET {offset}) AS page"
        )
    }
}

impl Db {
    /// One page of the articles `filter` lists that are public at `now`, newest first,
    /// with how many it lists in all.
    pub async fn archive_page(
        &self,
        filter: &ArchiveFilter,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> StoreResult<ArticleListing> {
        let mut page = Statement::default();
        let ids = filter.page_ids(&mut page, now, limit, offset);
        let sql = format!(
            "{SELECT_SUMMARIES} WHERE a.id IN ({ids}) ORDER BY a.published_at DESC, a.id DESC"
        );
        let rows: Vec<SummaryRow> = read!(self, conn => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &page.values).fetch_all(conn).await)?;

        let mut count = Statement::default();
        let candidates = filter.candidates(&mut count, now);
        let sql = format!("SELECT COUNT(*) FROM ({candidates}) AS listed");
        let total: i64 = read!(self, conn => bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), &count.values).fetch_one(conn).await)?;
        let articles = rows
            .into_iter()
            .map(ArticleSummary::try_from)
            .collect::<StoreResult<_>>()?;
        Ok(ArticleListing { articles, total })
    }

    /// The `limit` newest articles `filter` lists that are public at `now`, whole (for
    /// feeds), newest first.
    pub async fn newest_archive_articles(
        &self,
        filter: &ArchiveFilter,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<Article>> {
        let mut newest = Statement::default();
        let ids = filter.page_ids(&mut newest, now, limit, 0);
        let sql =
            format!("{SELECT_ARTICLES} WHERE id IN ({ids}) ORDER BY published_at DESC, id DESC");
        let rows: Vec<ArticleRow> = read!(self, conn => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &newest.values).fetch_all(conn).await)?;
        rows.into_iter().map(Article::try_from).collect()
    }
}

#[cfg(test)]
mod plan_tests {
    use super::{ArchiveFilter, Statement};
    use crate::query_plans::PlanSite;
    use gazette_domain::{CategoryId, TagId, Timestamp, UserId};

    #[tokio::test]
    async fn each_archive_reads_one_index_range_for_its_page_and_its_count() {
        let site = PlanSite::new("archives").await;
        let now = Timestamp::from_microseconds(0).expect("the epoch is a time");
        for (filter, index) in [
            (
                ArchiveFilter::Categories(vec![CategoryId(1), CategoryId(2)]),
                "article_categories_by_publication",
            ),
            (ArchiveFilter::Tag(TagId(1)), "article_tags_by_publication"),
            (
                ArchiveFilter::Author(UserId(1)),
                "articles_by_author_publication",
            ),
            (
                ArchiveFilter::Period {
                    start: now,
                    end: now,
                },
                "COVERING INDEX articles_by_publication (status=? AND kind=? AND published_at>? AND published_at<?)",
            ),
        ] {
            let count = filter.candidates(&mut Statement::default(), now);
            let page = filter.page_ids(&mut Statement::default(), now, 10, 0);
            for (what, sql) in [
                ("count", format!("SELECT COUNT(*) FROM ({count}) AS listed")),
                ("page", page),
            ] {
                let plan = site.plan(&sql).await;
                assert!(
                    plan.iter().any(|step| step.contains(index)),
                    "{filter:?}: the {what} must read {index}: {plan:?}"
                );
                assert!(
                    !plan.iter().any(|step| step.starts_with("SCAN")
                        && !step.starts_with("SCAN page")
                        && !step.starts_with("SCAN listed")),
                    "{filter:?}: the {what} must read no table whole: {plan:?}"
                );
            }
        }
        site.remove().await;
    }
}
