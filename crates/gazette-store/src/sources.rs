//! Syndication sources, the items seen in their feeds and every version of those items.
//!
//! A source's fetch is claimed with one conditional `UPDATE` that moves its next fetch
//! time past the fetch's end, so two processes never read the same source at once; an
//! item is recorded with `ON CONFLICT DO NOTHING` on its `(source, key)`, so the one
//! transaction that records it first is the one that makes its article.

use crate::StoreResult;
use crate::backend::{Db, ROWS_PER_STATEMENT, Tx, statement_chunks};
use crate::error::StoreError;
use crate::reserved_ids::IdTable;
use crate::time_column::DbTime;
use gazette_domain::syndication::{ItemState, Paused, Source, SourceMode, ValidSource};
use gazette_domain::{ArticleId, ArticleStatus, SourceId, SourceItemId, Timestamp, UserId};
use std::collections::HashMap;

/// An item as remembered for its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceItem {
    /// Its id.
    pub id: SourceItemId,
    /// Its source.
    pub source_id: SourceId,
    /// Its stable key within the source (`guid:…`, `link:…`, `hash:…`).
    pub key: String,
    /// The article it became, while that article exists.
    pub article_id: Option<ArticleId>,
    /// What became of it.
    pub state: ItemState,
    /// The hash of the source's latest version.
    pub content_hash: String,
    /// Whether a changed version waits for an editor.
    pub update_pending: bool,
}

/// A new item key of a source, and the article made from it.
#[derive(Clone, Copy, Debug)]
pub struct NewSourceItem<'a> {
    /// Its stable key within the source.
    pub key: &'a str,
    /// What became of it.
    pub state: ItemState,
    /// The hash of its first version.
    pub content_hash: &'a str,
    /// The article made from it.
    pub article_id: ArticleId,
}

/// One version of an item as its source published it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemVersion {
    /// The hash of what would be published.
    pub content_hash: String,
    /// The title, plain text.
    pub title: String,
    /// The original's address.
    pub link: Option<String>,
    /// The sanitised body.
    pub content_html: String,
    /// The sanitised summary.
    pub summary_html: Option<String>,
    /// When the source says it was published.
    pub published_at: Option<Timestamp>,
    /// When the source says it was last changed.
    pub updated_at: Option<Timestamp>,
    /// Who wrote it, as its byline.
    pub author: Option<String>,
    /// When Gazette read this version.
    pub fetched_at: Timestamp,
}

/// What a fetch that worked leaves on its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchSuccess {
    /// The `ETag` to send next time.
    pub etag: Option<String>,
    /// The `Last-Modified` to send next time.
    pub last_modified: Option<String>,
    /// The outlet's home page as the feed names it, kept only while the source has none
    /// (one given by an editor stays).
    pub home_page_url: Option<String>,
    /// When to fetch again.
    pub next_fetch_at: Timestamp,
    /// What the feed read in full hashed to (its address, Content-Type and body), or the
    /// one kept from the last full read when nothing was read (a 304, the same body again).
    pub feed_digest: Option<String>,
}

/// An item waiting for an editor: a new one, or a change to one already taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewEntry {
    /// The item.
    pub item_id: SourceItemId,
    /// Its source.
    pub source_id: SourceId,
    /// The source's name.
    pub source_name: String,
    /// The source's licence or permission note.
    pub licence: String,
    /// Whether it is a change to an item already taken, rather than a new item.
    pub is_update: bool,
    /// Its article.
    pub article_id: ArticleId,
    /// The article's title.
    pub title: String,
    /// The article's excerpt, plain text.
    pub excerpt: String,
    /// The article's body, sanitised HTML.
    pub body_html: String,
    /// The article's status.
    pub article_status: ArticleStatus,
    /// The original's address.
    pub link: Option<String>,
    /// When the source says it published the original.
    pub original_published_at: Option<Timestamp>,
    /// When the item was first seen.
    pub first_seen_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct SourceRow {
    id: i64,
    name: String,
    feed_url: String,
    home_page_url: Option<String>,
    category: Option<String>,
    author_id: Option<i64>,
    mode: String,
    interval_seconds: i64,
    include_keywords: String,
    exclude_keywords: String,
    max_item_age_days: Option<i32>,
    licence: String,
    canonical_to_original: bool,
    allow_private_addresses: bool,
    paused_at: Option<DbTime>,
    pause_reason: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    feed_digest: Option<String>,
    next_fetch_at: DbTime,
    consecutive_failures: i32,
    last_error: Option<String>,
    last_error_at: Option<DbTime>,
    last_success_at: Option<DbTime>,
    created_at: DbTime,
}

impl TryFrom<SourceRow> for Source {
    type Error = StoreError;

    fn try_from(row: SourceRow) -> StoreResult<Self> {
        let mode = SourceMode::parse(&row.mode).ok_or_else(|| {
            StoreError::Corrupt(format!("source {} has mode `{}`", row.id, row.mode))
        })?;
        let paused = match (row.paused_at, row.pause_reason) {
            (Some(at), Some(reason)) => Some(Paused { at: at.0, reason }),
            _ => None,
        };
        Ok(Self {
            id: SourceId(row.id),
            name: row.name,
            feed_url: row.feed_url,
            home_page_url: row.home_page_url,
            category: row.category,
            author_id: row.author_id.map(UserId),
            mode,
            interval_seconds: row.interval_seconds,
            include_keywords: row.include_keywords,
            exclude_keywords: row.exclude_keywords,
            max_item_age_days: row
                .max_item_age_days
                .and_then(|days| u32::try_from(days).ok()),
            licence: row.licence,
            canonical_to_original: row.canonical_to_original,
            allow_private_addresses: row.allow_private_addresses,
            paused,
            etag: row.etag,
            last_modified: row.last_modified,
            feed_digest: row.feed_digest,
            next_fetch_at: row.next_fetch_at.0,
            consecutive_failures: u32::try_from(row.consecutive_failures).unwrap_or(0),
            last_error: row.last_error,
            last_error_at: row.last_error_at.map(|time| time.0),
            last_success_at: row.last_success_at.map(|time| time.0),
            created_at: row.created_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    source_id: i64,
    item_key: String,
    article_id: Option<i64>,
    state: String,
    content_hash: String,
    update_pending: bool,
}

impl TryFrom<ItemRow> for SourceItem {
    type Error = StoreError;

    fn try_from(row: ItemRow) -> StoreResult<Self> {
        Ok(Self {
            state: ItemState::parse(&row.state).ok_or_else(|| {
                StoreError::Corrupt(format!("source item {} has state `{}`", row.id, row.state))
            })?,
            id: SourceItemId(row.id),
            source_id: SourceId(row.source_id),
            key: row.item_key,
            article_id: row.article_id.map(ArticleId),
            content_hash: row.content_hash,
            update_pending: row.update_pending,
        })
    }
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    content_hash: String,
    title: String,
    link: Option<String>,
    content_html: String,
    summary_html: Option<String>,
    published_at: Option<DbTime>,
    updated_at: Option<DbTime>,
    author: Option<String>,
    fetched_at: DbTime,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    item_id: i64,
    source_id: i64,
    source_name: String,
    licence: String,
    update_pending: bool,
    article_id: i64,
    title: String,
    excerpt: String,
    body_html: String,
    article_status: String,
    link: Option<String>,
    original_published_at: Option<DbTime>,
    first_seen_at: DbTime,
}

macro_rules! source_columns {
    () => {
        "id, name, feed_url, home_page_url, category, author_id, mode, interval_seconds, \
         include_keywords, exclude_keywords, max_item_age_days, licence, canonical_to_original, \
         allow_private_addresses, paused_at, pause_reason, etag, last_modified, feed_digest, next_fetch_at, \
         consecutive_failures, last_error, last_error_at, last_success_at, created_at"
    };
}

macro_rules! item_columns {
    () => {
        "id, source_id, item_key, article_id, state, content_hash, update_pending"
    };
}

const ALL: &str = concat!(
    "SELECT ",
    source_columns!(),
    " FROM sources ORDER BY name, id"
);
const BY_ID: &str = concat!("SELECT ", source_columns!(), " FROM sources WHERE id = $1");
const DUE: &str = "SELECT id FROM sources WHERE paused_at IS NULL AND next_fetch_at <= $1 ORDER BY next_fetch_at, id";
const INSERT: &str = "INSERT INTO sources (name, feed_url, home_page_url, category, author_id, mode, interval_seconds, \
     include_keywords, exclude_keywords, max_item_age_days, licence, canonical_to_original, allow_private_addresses, \
     next_fetch_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
     RETURNING id";
// The validators belong to the address they came from: a new feed address starts without.
// The digest of the last feed read goes whatever changed: the same feed read under new
// rules may give something new.
const UPDATE: &str = "UPDATE sources SET name = $1, feed_url = $2, home_page_url = $3, category = $4, author_id = $5, \
     mode = $6, interval_seconds = $7, include_keywords = $8, exclude_keywords = $9, max_item_age_days = $10, \
     licence = $11, canonical_to_original = $12, allow_private_addresses = $13, feed_digest = NULL, \
     etag = CASE WHEN feed_url = $2 THEN etag ELSE NULL END, \
     last_modified = CASE WHEN feed_url = $2 THEN last_modified ELSE NULL END, updated_at = $14 WHERE id = $15";
const CLAIM: &str = concat!(
    "UPDATE sources SET next_fetch_at = $1 WHERE id = $2 AND paused_at IS NULL AND ($3 OR next_fetch_at <= $4) RETURNING ",
    source_columns!()
);
const SUCCEEDED: &str = "UPDATE sources SET etag = $1, last_modified = $2, home_page_url = COALESCE(home_page_url, $3), \
     next_fetch_at = $4, consecutive_failures = 0, last_success_at = $5, updated_at = $5, feed_digest = $6 WHERE id = $7";
const FAILED: &str = "UPDATE sources SET consecutive_failures = consecutive_failures + 1, last_error = $1, \
     last_error_at = $2, next_fetch_at = $3, updated_at = $2 WHERE id = $4";
const MOVE: &str = "UPDATE sources SET feed_url = $1, updated_at = $2 WHERE id = $3";
const PAUSE: &str =
    "UPDATE sources SET paused_at = $1, pause_reason = $2, updated_at = $1 WHERE id = $3";
const RESUME: &str = "UPDATE sources SET paused_at = NULL, pause_reason = NULL, consecutive_failures = 0, \
     next_fetch_at = $1, updated_at = $1 WHERE id = $2";
const SET_MODE: &str = "UPDATE sources SET mode = $1, updated_at = $2 WHERE id = $3";
const DELETE: &str = "DELETE FROM sources WHERE id = $1";
const ITEM_BY_ID: &str = concat!(
    "SELECT ",
    item_columns!(),
    " FROM source_items WHERE id = $1"
);
const ITEM_OF_ARTICLE: &str = concat!(
    "SELECT ",
    item_columns!(),
    " FROM source_items WHERE article_id = $1"
);
const ITEMS_OF_SOURCE: &str = concat!(
    "SELECT ",
    item_columns!(),
    " FROM source_items WHERE source_id = $1 ORDER BY id"
);
const SEEN: &str = "UPDATE source_items SET last_seen_at = $1 WHERE id = $2";
const CHANGED: &str = "UPDATE source_items SET content_hash = $1, update_pending = $2, last_seen_at = $3 WHERE id = $4";
const SET_STATE: &str = "UPDATE source_items SET state = $1, update_pending = FALSE WHERE id = $2";
const CLEAR_UPDATE: &str = "UPDATE source_items SET update_pending = FALSE WHERE id = $1";
const TOMBSTONE_ARTICLE: &str =
    "UPDATE source_items SET state = 'rejected', update_pending = FALSE WHERE article_id = $1";
/// The head of an insert of item versions, up to its list of columns, which is left open.
macro_rules! insert_versions {
    () => {
        "INSERT INTO source_item_versions (item_id, content_hash, title, link, content_html, summary_html, \
         published_at, updated_at, author, fetched_at"
    };
}
const INSERT_VERSION: &str = concat!(
    insert_versions!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
);
/// An item's versions, oldest first; a version that shares its article's body
/// (`content_from_article`) reads it there.
const VERSIONS: &str = "SELECT v.content_hash, v.title, v.link, \
     CASE WHEN v.content_from_article THEN a.body_html ELSE v.content_html END AS content_html, \
     v.summary_html, v.published_at, v.updated_at, v.author, v.fetched_at \
     FROM source_item_versions v JOIN source_items i ON i.id = v.item_id LEFT JOIN articles a ON a.id = i.article_id \
     WHERE v.item_id = $1 ORDER BY v.id";
const WAITING: &str = "SELECT COUNT(*) FROM source_items i JOIN articles a ON a.id = i.article_id \
     WHERE i.state = 'pending_review' OR i.update_pending";
const REVIEW: &str = "SELECT i.id AS item_id, s.id AS source_id, s.name AS source_name, s.licence, i.update_pending, \
     a.id AS article_id, a.title, a.excerpt, a.body_html, a.status AS article_status, a.source_url AS link, \
     a.source_published_at AS original_published_at, i.first_seen_at \
     FROM source_items i JOIN sources s ON s.id = i.source_id JOIN articles a ON a.id = i.article_id \
     WHERE i.state = 'pending_review' OR i.update_pending \
     ORDER BY i.first_seen_at, i.id";

impl Db {
    /// Every source, by name.
    pub async fn sources(&self) -> StoreResult<Vec<Source>> {
        let rows: Vec<SourceRow> = read!(self, conn => sqlx::query_as(ALL).fetch_all(conn).await)?;
        rows.into_iter().map(Source::try_from).collect()
    }

    /// The source with this id.
    pub async fn source_by_id(&self, id: SourceId) -> StoreResult<Option<Source>> {
        let row: Option<SourceRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Source::try_from).transpose()
    }

    /// The sources not paused whose next fetch is due at `now`, the longest overdue first.
    pub async fn due_sources(&self, now: Timestamp) -> StoreResult<Vec<SourceId>> {
        let ids: Vec<i64> =
            read!(self, conn => sqlx::query_scalar(DUE).bind(DbTime(now)).fetch_all(conn).await)?;
        Ok(ids.into_iter().map(SourceId).collect())
    }

    /// Every item seen in a source, in the order first seen.
    pub async fn source_items(&self, source: SourceId) -> StoreResult<Vec<SourceItem>> {
        let rows: Vec<ItemRow> = read!(self, conn => sqlx::query_as(ITEMS_OF_SOURCE).bind(source.get()).fetch_all(conn).await)?;
        rows.into_iter().map(SourceItem::try_from).collect()
    }

    /// The item with this id.
    pub async fn source_item(&self, id: SourceItemId) -> StoreResult<Option<SourceItem>> {
        let row: Option<ItemRow> = read!(self, conn => sqlx::query_as(ITEM_BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(SourceItem::try_from).transpose()
    }

    /// Every version of an item as its source published it, oldest first.
    pub async fn item_versions(&self, item: SourceItemId) -> StoreResult<Vec<ItemVersion>> {
        let rows: Vec<VersionRow> =
            read!(self, conn => sqlx::query_as(VERSIONS).bind(item.get()).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|row| ItemVersion {
                content_hash: row.content_hash,
                title: row.title,
                link: row.link,
                content_html: row.content_html,
                summary_html: row.summary_html,
                published_at: row.published_at.map(|time| time.0),
                updated_at: row.updated_at.map(|time| time.0),
                author: row.author,
                fetched_at: row.fetched_at.0,
            })
            .collect())
    }

    /// How many items wait for an editor.
    pub async fn review_queue_length(&self) -> StoreResult<u64> {
        let count: i64 = read!(self, conn => sqlx::query_scalar(WAITING).fetch_one(conn).await)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The address of the feed each of `articles` was taken from, for those that came in
    /// through a source that still exists.
    pub async fn source_feeds_of_articles(
        &self,
        articles: &[ArticleId],
    ) -> StoreResult<HashMap<ArticleId, String>> {
        if articles.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i64, String)> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT si.article_id, s.feed_url FROM source_items si \
                 JOIN sources s ON s.id = si.source_id WHERE si.article_id IN (",
            );
            let mut list = query.separated(", ");
            for id in articles {
                list.push_bind(id.get());
            }
            query.push(") ORDER BY si.id");
            query.build_query_as().fetch_all(conn).await
        })?;
        let mut found = HashMap::new();
        for (article, feed_url) in rows {
            found.entry(ArticleId(article)).or_insert(feed_url);
        }
        Ok(found)
    }

    /// The items waiting for an editor, oldest first.
    pub async fn review_queue(&self) -> StoreResult<Vec<ReviewEntry>> {
        let rows: Vec<ReviewRow> =
            read!(self, conn => sqlx::query_as(REVIEW).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(ReviewEntry {
                    article_status: ArticleStatus::parse(&row.article_status).ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "article {} has status `{}`",
                            row.article_id, row.article_status
                        ))
                    })?,
                    item_id: SourceItemId(row.item_id),
                    source_id: SourceId(row.source_id),
                    source_name: row.source_name,
                    licence: row.licence,
                    is_update: row.update_pending,
                    article_id: ArticleId(row.article_id),
                    title: row.title,
                    excerpt: row.excerpt,
                    body_html: row.body_html,
                    link: row.link,
                    original_published_at: row.original_published_at.map(|time| time.0),
                    first_seen_at: row.first_seen_at.0,
                })
            })
            .collect()
    }
}

/// New items of a source, with ids reserved for them.
const INSERT_ITEMS: &str = "INSERT INTO source_items (id, source_id, item_key, article_id, state, content_hash, \
     first_seen_at, last_seen_at) ";

impl Tx {
    /// Stores a new source, first fetched at `next_fetch_at`. A source with the same feed
    /// address is a conflict.
    pub async fn insert_source(
        &mut self,
        source: &ValidSource,
        next_fetch_at: Timestamp,
        now: Timestamp,
    ) -> StoreResult<SourceId> {
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(&source.name)
            .bind(&source.feed_url)
            .bind(source.home_page_url.as_deref())
            .bind(source.category.as_deref())
            .bind(source.author_id.map(UserId::get))
            .bind(source.mode.as_str())
            .bind(source.interval_seconds)
            .bind(&source.include_keywords)
            .bind(&source.exclude_keywords)
            .bind(source.max_item_age_days.map(|days| i32::try_from(days).unwrap_or(i32::MAX)))
            .bind(&source.licence)
            .bind(source.canonical_to_original)
            .bind(source.allow_private_addresses)
            .bind(DbTime(next_fetch_at))
            .bind(DbTime(now))
            .fetch_one(conn)
            .await);
        result.map(SourceId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!(
                    "there is already a source with the feed {}",
                    source.feed_url
                ),
            )
        })
    }

    /// Replaces a source's settings with `source`'s; a changed feed address forgets the
    /// validators of the old one. `false` when there is no such source; another source
    /// with the same feed address is a conflict.
    pub async fn update_source(
        &mut self,
        id: SourceId,
        source: &ValidSource,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let result: Result<u64, sqlx::Error> = write!(self, conn => sqlx::query(UPDATE)
            .bind(&source.name)
            .bind(&source.feed_url)
            .bind(source.home_page_url.as_deref())
            .bind(source.category.as_deref())
            .bind(source.author_id.map(UserId::get))
            .bind(source.mode.as_str())
            .bind(source.interval_seconds)
            .bind(&source.include_keywords)
            .bind(&source.exclude_keywords)
            .bind(source.max_item_age_days.map(|days| i32::try_from(days).unwrap_or(i32::MAX)))
            .bind(&source.licence)
            .bind(source.canonical_to_original)
            .bind(source.allow_private_addresses)
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()));
        result.map(|changed| changed == 1).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!(
                    "there is already a source with the feed {}",
                    source.feed_url
                ),
            )
        })
    }

    /// The source with this id, read inside the transaction.
    pub async fn source_by_id(&mut self, id: SourceId) -> StoreResult<Option<Source>> {
        let row: Option<SourceRow> =
            write!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Source::try_from).transpose()
    }

    /// Claims the next fetch of a source that is not paused: its next fetch time moves to
    /// `lease_until`, so no other process fetches it meanwhile. Without `force`, only a
    /// source whose fetch is due at `now` is claimed. `None` when there was nothing to
    /// claim.
    pub async fn claim_source_fetch(
        &mut self,
        id: SourceId,
        now: Timestamp,
        lease_until: Timestamp,
        force: bool,
    ) -> StoreResult<Option<Source>> {
        let row: Option<SourceRow> = write!(self, conn => sqlx::query_as(CLAIM)
            .bind(DbTime(lease_until))
            .bind(id.get())
            .bind(force)
            .bind(DbTime(now))
            .fetch_optional(conn)
            .await)?;
        row.map(Source::try_from).transpose()
    }

    /// Records a fetch that worked (a 304 included): failures reset, validators kept.
    pub async fn record_fetch_success(
        &mut self,
        id: SourceId,
        success: &FetchSuccess,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SUCCEEDED)
            .bind(success.etag.as_deref())
            .bind(success.last_modified.as_deref())
            .bind(success.home_page_url.as_deref())
            .bind(DbTime(success.next_fetch_at))
            .bind(DbTime(now))
            .bind(success.feed_digest.as_deref())
            .bind(id.get())
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Records a failed fetch: one more failure in a row, its error, the next attempt.
    pub async fn record_fetch_failure(
        &mut self,
        id: SourceId,
        error: &str,
        next_fetch_at: Timestamp,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(FAILED).bind(error).bind(DbTime(now)).bind(DbTime(next_fetch_at)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Stores a source's new feed address (it moved for good).
    pub async fn move_source(
        &mut self,
        id: SourceId,
        url: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let result: Result<u64, sqlx::Error> = write!(self, conn => sqlx::query(MOVE).bind(url).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()));
        result.map(|_| ()).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("there is already a source with the feed {url}"),
            )
        })
    }

    /// Pauses a source, saying why; `false` when there is no such source.
    pub async fn pause_source(
        &mut self,
        id: SourceId,
        reason: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(PAUSE).bind(DbTime(now)).bind(reason).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Resumes a source, to be fetched at `next_fetch_at`, its failures forgotten.
    pub async fn resume_source(
        &mut self,
        id: SourceId,
        next_fetch_at: Timestamp,
    ) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(RESUME).bind(DbTime(next_fetch_at)).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Changes whether a source's new items wait for review or are published at once.
    pub async fn set_source_mode(
        &mut self,
        id: SourceId,
        mode: SourceMode,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_MODE).bind(mode.as_str()).bind(DbTime(now)).bind(id.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes a source and what it remembers of its items; its articles stay.
    pub async fn delete_source(&mut self, id: SourceId) -> StoreResult<bool> {
        let changed: u64 = write!(self, conn => sqlx::query(DELETE).bind(id.get()).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// The items of a source with any of these keys, read inside the transaction: a
    /// fetched feed's known items, looked up together.
    pub async fn source_items_with_keys(
        &mut self,
        source: SourceId,
        keys: &[&str],
    ) -> StoreResult<Vec<SourceItem>> {
        let mut items = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<ItemRow> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(concat!("SELECT ", item_columns!(), " FROM source_items WHERE source_id = "));
                query.push_bind(source.get()).push(" AND item_key IN (");
                let mut list = query.separated(", ");
                for key in chunk {
                    list.push_bind(*key);
                }
                query.push(")");
                query.build_query_as().fetch_all(conn).await
            })?;
            for row in rows {
                items.push(SourceItem::try_from(row)?);
            }
        }
        Ok(items)
    }

    /// Notes that these unchanged items are still in their feed.
    pub async fn source_items_seen(
        &mut self,
        items: &[SourceItemId],
        now: Timestamp,
    ) -> StoreResult<()> {
        for chunk in items.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("UPDATE source_items SET last_seen_at = ");
                query.push_bind(DbTime(now)).push(" WHERE id IN (");
                let mut list = query.separated(", ");
                for item in chunk {
                    list.push_bind(item.get());
                }
                query.push(")");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// The item with this id, read inside the transaction.
    pub async fn source_item_by_id(&mut self, id: SourceItemId) -> StoreResult<Option<SourceItem>> {
        let row: Option<ItemRow> = write!(self, conn => sqlx::query_as(ITEM_BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(SourceItem::try_from).transpose()
    }

    /// The item an article was made from, if it was syndicated.
    pub async fn source_item_of_article(
        &mut self,
        article: ArticleId,
    ) -> StoreResult<Option<SourceItem>> {
        let row: Option<ItemRow> = write!(self, conn => sqlx::query_as(ITEM_OF_ARTICLE).bind(article.get()).fetch_optional(conn).await)?;
        row.map(SourceItem::try_from).transpose()
    }

    /// Remembers many new item keys of a source, each with the article made from it, with
    /// few statements. The ids come back in the order of `items`; `None` for a key that was
    /// already known (another fetch recorded it first).
    pub async fn insert_source_items(
        &mut self,
        source: SourceId,
        items: &[NewSourceItem<'_>],
        now: Timestamp,
    ) -> StoreResult<Vec<Option<SourceItemId>>> {
        // The ids are chosen before the rows are written, so that no row has to come back
        // from the database to say which id it got; only a statement that met a known key
        // is asked which of its rows it wrote.
        let reserved = self
            .reserve_ids(IdTable::SourceItems, items.len(), 0)
            .await?;
        // Each row's values with their lengths in PostgreSQL's protocol, for the 8 KiB
        // statements that keep it from waiting on delayed acknowledgements.
        let size_of = |item: &NewSourceItem<'_>| item.key.len() + item.content_hash.len() + 96;
        let byte_limit = self.bytes_per_statement();
        let mut ids = Vec::with_capacity(items.len());
        let mut first = 0;
        for chunk in statement_chunks(items, byte_limit, size_of) {
            let chunk_ids = &reserved[first..first + chunk.len()];
            first += chunk.len();
            let written: u64 = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_ITEMS);
                query.push_values(chunk.iter().zip(chunk_ids), |mut row, (item, id)| {
                    row.push_bind(*id)
                        .push_bind(source.get())
                        .push_bind(item.key)
                        .push_bind(item.article_id.get())
                        .push_bind(item.state.as_str())
                        .push_bind(item.content_hash)
                        .push_bind(DbTime(now))
                        .push_bind(DbTime(now));
                });
                query.push(" ON CONFLICT (source_id, item_key) DO NOTHING");
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
            if usize::try_from(written).is_ok_and(|written| written == chunk.len()) {
                ids.extend(chunk_ids.iter().copied().map(Some));
            } else {
                let stored = self.used_ids(IdTable::SourceItems, chunk_ids).await?;
                ids.extend(
                    chunk_ids
                        .iter()
                        .map(|id| stored.contains(id).then_some(*id)),
                );
            }
        }
        Ok(ids.into_iter().map(|id| id.map(SourceItemId)).collect())
    }

    /// Notes that an unchanged item is still in its feed.
    pub async fn source_item_seen(
        &mut self,
        item: SourceItemId,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SEEN).bind(DbTime(now)).bind(item.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Records that the source changed an item: its new hash, and whether the change
    /// waits for an editor.
    pub async fn source_item_changed(
        &mut self,
        item: SourceItemId,
        content_hash: &str,
        update_pending: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(CHANGED).bind(content_hash).bind(update_pending).bind(DbTime(now)).bind(item.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Sets what became of an item; any change waiting for review is settled with it.
    pub async fn set_source_item_state(
        &mut self,
        item: SourceItemId,
        state: ItemState,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(SET_STATE).bind(state.as_str()).bind(item.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Settles a change that waited for review, leaving the article as it is.
    pub async fn clear_source_item_update(&mut self, item: SourceItemId) -> StoreResult<()> {
        write!(self, conn => sqlx::query(CLEAR_UPDATE).bind(item.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Leaves a tombstone for the item an article was made from, before the article is
    /// deleted: the item will never be taken again.
    pub async fn tombstone_source_item_of(&mut self, article: ArticleId) -> StoreResult<()> {
        write!(self, conn => sqlx::query(TOMBSTONE_ARTICLE).bind(article.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Keeps the first version of many items, with few statements.
    pub async fn insert_item_versions(
        &mut self,
        versions: &[(SourceItemId, &ItemVersion)],
    ) -> StoreResult<()> {
        self.insert_many_item_versions(versions, false).await
    }

    /// Keeps the first version of many items whose articles were just written with the
    /// versions' HTML as their body: the content is not stored a second time but read from
    /// the article, and written into the version (by a trigger) before the article's body
    /// changes or the article is deleted.
    pub async fn insert_item_versions_of_current_bodies(
        &mut self,
        versions: &[(SourceItemId, &ItemVersion)],
    ) -> StoreResult<()> {
        self.insert_many_item_versions(versions, true).await
    }

    async fn insert_many_item_versions(
        &mut self,
        versions: &[(SourceItemId, &ItemVersion)],
        content_from_article: bool,
    ) -> StoreResult<()> {
        let head = concat!(insert_versions!(), ", content_from_article) ");
        let size_of = |(_, version): &(SourceItemId, &ItemVersion)| {
            version.title.len()
                + version.link.as_ref().map_or(0, String::len)
                + if content_from_article {
                    0
                } else {
                    version.content_html.len()
                }
                + version.summary_html.as_ref().map_or(0, String::len)
                + version.author.as_ref().map_or(0, String::len)
                + 160
        };
        let byte_limit = self.bytes_per_statement();
        for chunk in statement_chunks(versions, byte_limit, size_of) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(head);
                query.push_values(chunk, |mut row, (item, version)| {
                    row.push_bind(item.get())
                        .push_bind(&version.content_hash)
                        .push_bind(&version.title)
                        .push_bind(version.link.as_deref())
                        .push_bind(if content_from_article {
                            ""
                        } else {
                            version.content_html.as_str()
                        })
                        .push_bind(version.summary_html.as_deref())
                        .push_bind(version.published_at.map(DbTime))
                        .push_bind(version.updated_at.map(DbTime))
                        .push_bind(version.author.as_deref())
                        .push_bind(DbTime(version.fetched_at))
                        .push_bind(content_from_article);
                });
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Keeps a version of an item as its source published it.
    pub async fn insert_item_version(
        &mut self,
        item: SourceItemId,
        version: &ItemVersion,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(INSERT_VERSION)
            .bind(item.get())
            .bind(&version.content_hash)
            .bind(&version.title)
            .bind(version.link.as_deref())
            .bind(&version.content_html)
            .bind(version.summary_html.as_deref())
            .bind(version.published_at.map(DbTime))
            .bind(version.updated_at.map(DbTime))
            .bind(version.author.as_deref())
            .bind(DbTime(version.fetched_at))
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
