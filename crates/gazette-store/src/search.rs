//! Full-text search of public articles: one interface, with the SQL each backend needs.
//!
//! The index holds each published article's title, excerpt and body text (`body_text`,
//! the plain text of `body_html`, which [`crate::articles`] writes with every save), and
//! database triggers or a generated column keep it in step with `articles` — a new
//! article, an edit, a change of status (publishing, unpublishing, trashing) and a
//! deletion alike (migration 0008). SQLite searches an FTS5 table (`porter unicode61`
//! tokenizer) ranked by bm25 with the title weighing most; PostgreSQL a weighted
//! `tsvector` (title A, excerpt B, body C) ranked by `ts_rank`. Each backend's queries and
//! how it is handed a [`SearchQuery`] live in one submodule ([`sqlite`], [`postgres`]);
//! everything else here is shared.
//!
//! A search only ever reaches the engine through those submodules, which quote every term
//! the domain read from the reader's words: no reader's text is search syntax. Matched
//! words come back between the domain's markers ([`MarkedText`]) for the page to mark up;
//! the text itself is never HTML.

mod postgres;
mod sqlite;

use crate::StoreResult;
use crate::articles::{ArticleRow, SELECT_ARTICLES};
use crate::backend::{Backend, Db};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::search::{MATCH_END, MATCH_START, MarkedText, SearchQuery};
use gazette_domain::text::text_of_sanitised_html;
use gazette_domain::{Article, ArticleId, CategoryId, Slug, Timestamp};

/// How many words a body's snippet shows around what matched.
const SNIPPET_WORDS: u32 = 32;
/// How many articles without body text are given theirs per transaction.
const BODY_TEXT_BATCH: i64 = 200;

/// A public article that matched a search, with its matches marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// Its identifier.
    pub id: ArticleId,
    /// Its slug.
    pub slug: Slug,
    /// When it was published.
    pub published_at: Timestamp,
    /// The category its address names: the lowest-numbered it is filed under.
    pub first_category: Option<CategoryId>,
    /// The outlet credited for a republished piece.
    pub source_name: Option<String>,
    /// Its whole headline, matched words marked.
    pub title: MarkedText,
    /// What to show of it: a stretch of its body around the words matched (`…` where it
    /// is cut), or, when only its title or excerpt matched, its excerpt.
    pub snippet: MarkedText,
}

/// One page of a search's results, best first, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The articles on this page.
    pub hits: Vec<SearchHit>,
    /// How many public articles match.
    pub total: i64,
}

/// Each backend's statements. Every one takes the backend's form of the query as `$1`
/// and the moment that decides what is public as `$2`.
struct Statements {
    /// One page, best first, with marked title, excerpt and body snippet; `$3` limit,
    /// `$4` offset, `$5` and `$6` the markers, `$7` the snippet's length in words.
    page: &'static str,
    /// How many articles match.
    count: &'static str,
    /// The ids of the newest that match, newest first; `$3` limit.
    newest_ids: &'static str,
}

impl Statements {
    fn of(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => sqlite::STATEMENTS,
            Backend::Postgres => postgres::STATEMENTS,
        }
    }
}

/// The query in the form the backend's statements take as `$1`.
fn engine_query(backend: Backend, query: &SearchQuery) -> String {
    match backend {
        Backend::Sqlite => sqlite::match_expression(query),
        Backend::Postgres => postgres::websearch_text(query),
    }
}

#[derive(sqlx::FromRow)]
struct HitRow {
    id: i64,
    slug: String,
    published_at: DbTime,
    first_category_id: Option<i64>,
    source_name: Option<String>,
    marked_title: String,
    marked_excerpt: String,
    body_snippet: String,
}

impl TryFrom<HitRow> for SearchHit {
    type Error = StoreError;

    fn try_from(row: HitRow) -> StoreResult<Self> {
        let slug = Slug::parse(&row.slug).map_err(|error| {
            StoreError::Corrupt(format!(
                "article {} has slug `{}`: {error}",
                row.id, row.slug
            ))
        })?;
        let body = MarkedText::new(row.body_snippet);
        let excerpt = MarkedText::new(row.marked_excerpt);
        let snippet = if body.has_match() || excerpt.is_empty() {
            body
        } else {
            excerpt
        };
        Ok(Self {
            id: ArticleId(row.id),
            slug,
            published_at: row.published_at.0,
            first_category: row.first_category_id.map(CategoryId),
            source_name: row.source_name,
            title: MarkedText::new(row.marked_title),
            snippet,
        })
    }
}

impl Db {
    /// One page of the articles public at `now` that match `query`, best first: matches
    /// in the title count most, then the excerpt, then the body; equals are newest first.
    /// A query without terms matches nothing.
    pub async fn search_articles(
        &self,
        query: &SearchQuery,
        now: Timestamp,
        limit: u32,
        offset: u64,
    ) -> StoreResult<SearchResults> {
        if query.is_empty() {
            return Ok(SearchResults::default());
        }
        let statements = Statements::of(self.backend());
        let expression = engine_query(self.backend(), query);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = read!(self, conn => sqlx::query_scalar(statements.count)
            .bind(&expression)
            .bind(DbTime(now))
            .fetch_one(conn)
            .await)?;
        if total <= offset {
            return Ok(SearchResults {
                hits: Vec::new(),
                total,
            });
        }
        let rows: Vec<HitRow> = read!(self, conn => sqlx::query_as(statements.page)
            .bind(&expression)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .bind(offset)
            .bind(MATCH_START.to_string())
            .bind(MATCH_END.to_string())
            .bind(i64::from(SNIPPET_WORDS))
            .fetch_all(conn)
            .await)?;
        let hits = rows
            .into_iter()
            .map(SearchHit::try_from)
            .collect::<StoreResult<_>>()?;
        Ok(SearchResults { hits, total })
    }

    /// The `limit` newest articles public at `now` that match `query`, whole and newest
    /// first (for a search's feed, where what is new matters more than what matches best).
    pub async fn newest_matching_articles(
        &self,
        query: &SearchQuery,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<Article>> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let statements = Statements::of(self.backend());
        let expression = engine_query(self.backend(), query);
        let sql = format!(
            "{SELECT_ARTICLES} WHERE id IN ({}) ORDER BY published_at DESC, id DESC",
            statements.newest_ids
        );
        let rows: Vec<ArticleRow> = read!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&expression)
            .bind(DbTime(now))
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await)?;
        rows.into_iter().map(Article::try_from).collect()
    }
}

/// Gives every article stored before search existed its body text, which SQL cannot
/// read out of HTML; the index takes it up through its triggers (or generated column).
/// Runs after the migrations, a batch per transaction; once done it costs one indexed
/// lookup.
pub(crate) async fn fill_missing_body_text(db: &Db) -> StoreResult<()> {
    const WITHOUT_TEXT: &str =
        "SELECT id, body_html FROM articles WHERE body_text IS NULL ORDER BY id LIMIT $1";
    const SET_TEXT: &str = "UPDATE articles SET body_text = $1 WHERE id = $2 AND body_text IS NULL";
    loop {
        let batch: Vec<(i64, String)> = read!(db, conn => sqlx::query_as(WITHOUT_TEXT)
            .bind(BODY_TEXT_BATCH)
            .fetch_all(conn)
            .await)?;
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        for (id, body_html) in batch {
            write!(tx, conn => sqlx::query(SET_TEXT)
                .bind(text_of_sanitised_html(&body_html))
                .bind(id)
                .execute(conn)
                .await
                .map(|_| ()))?;
        }
        tx.commit().await?;
    }
}
