//! Uploaded images and their smaller copies: the `media` and `media_variants` tables, the
//! library's search, and which articles use an image.
//!
//! The files themselves live in the data folder (`gazette-media`); rows here describe them.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, MediaId, Timestamp, UserId};

/// An image to be recorded, its file already written.
#[derive(Clone, Debug)]
pub struct NewMediaRecord {
    /// The file's name inside the media folder.
    pub file_name: String,
    /// The name the file had on the uploader's computer.
    pub original_name: String,
    /// Its media type, from its bytes.
    pub mime_type: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The stored file's size.
    pub byte_size: u64,
    /// The stored file's SHA-256, hex.
    pub sha256: String,
    /// Its title in the library.
    pub title: String,
    /// What it shows, for people who cannot see it; empty until someone describes it.
    pub alt_text: String,
    /// Who uploaded it; `None` for an image Gazette fetched itself.
    pub uploaded_by: Option<UserId>,
}

/// An image as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaRecord {
    /// Its identifier.
    pub id: MediaId,
    /// The file's name inside the media folder.
    pub file_name: String,
    /// The name the file had on the uploader's computer.
    pub original_name: String,
    /// Its media type.
    pub mime_type: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The stored file's size.
    pub byte_size: u64,
    /// The stored file's SHA-256, hex.
    pub sha256: String,
    /// Its title.
    pub title: String,
    /// Its text alternative.
    pub alt_text: String,
    /// Its caption.
    pub caption: String,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When it was uploaded.
    pub created_at: Timestamp,
    /// When its details last changed.
    pub updated_at: Timestamp,
}

/// A smaller copy of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaVariantRecord {
    /// The image it is a copy of.
    pub media_id: MediaId,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The file's name inside the media folder.
    pub file_name: String,
    /// The file's size.
    pub byte_size: u64,
}

/// One page of the library and the number of images matching its search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaListing {
    /// The images on this page, newest first.
    pub items: Vec<MediaRecord>,
    /// The copies of those images.
    pub variants: Vec<MediaVariantRecord>,
    /// How many images match the search.
    pub total: i64,
}

/// An article that uses an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaUse {
    /// The article.
    pub article_id: ArticleId,
    /// Its title.
    pub title: String,
    /// Whether the image is its featured image (otherwise its body shows the image).
    pub featured: bool,
}

#[derive(sqlx::FromRow)]
struct MediaRow {
    id: i64,
    file_name: String,
    original_name: String,
    mime_type: String,
    width: i64,
    height: i64,
    byte_size: i64,
    sha256: String,
    title: String,
    alt_text: String,
    caption: String,
    uploaded_by: Option<i64>,
    created_at: DbTime,
    updated_at: DbTime,
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    media_id: i64,
    width: i64,
    height: i64,
    file_name: String,
    byte_size: i64,
}

#[derive(sqlx::FromRow)]
struct UseRow {
    id: i64,
    title: String,
    featured: bool,
}

impl From<UseRow> for MediaUse {
    fn from(row: UseRow) -> Self {
        Self {
            article_id: ArticleId(row.id),
            title: row.title,
            featured: row.featured,
        }
    }
}

/// The `LIKE` pattern of an article body that shows the file `file_name` or one of its
/// copies. Gazette's file names hold only a-z, 0-9, `-`, `.` and `/`: nothing `LIKE`
/// treats specially. The stem and a dot match the original and each copy, never another
/// upload whose name merely starts the same.
fn address_pattern(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("%/media/{stem}.%")
}

fn pixels(id: i64, value: i64) -> StoreResult<u32> {
    u32::try_from(value)
        .map_err(|_| StoreError::Corrupt(format!("media {id} has a size of {value} pixels")))
}

fn bytes(id: i64, value: i64) -> StoreResult<u64> {
    u64::try_from(value)
        .map_err(|_| StoreError::Corrupt(format!("media {id} has a size of {value} bytes")))
}

fn stored(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl TryFrom<MediaRow> for MediaRecord {
    type Error = StoreError;

    fn try_from(row: MediaRow) -> StoreResult<Self> {
        Ok(Self {
            id: MediaId(row.id),
            width: pixels(row.id, row.width)?,
            height: pixels(row.id, row.height)?,
            byte_size: bytes(row.id, row.byte_size)?,
            file_name: row.file_name,
            original_name: row.original_name,
            mime_type: row.mime_type,
            sha256: row.sha256,
            title: row.title,
            alt_text: row.alt_text,
            caption: row.caption,
            uploaded_by: row.uploaded_by.map(UserId),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

impl TryFrom<VariantRow> for MediaVariantRecord {
    type Error = StoreError;

    fn try_from(row: VariantRow) -> StoreResult<Self> {
        Ok(Self {
            media_id: MediaId(row.media_id),
            width: pixels(row.media_id, row.width)?,
            height: pixels(row.media_id, row.height)?,
            byte_size: bytes(row.media_id, row.byte_size)?,
            file_name: row.file_name,
        })
    }
}

/// The `LIKE` pattern that finds `text` anywhere, compared in lower case, with `%`, `_`
/// and `\` in it taken literally. An empty search matches everything.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for character in text.trim().to_lowercase().chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    if pattern.len() > 1 {
        pattern.push('%');
    }
    pattern
}

const INSERT: &str = "INSERT INTO media (file_name, original_name, mime_type, width, height, byte_size, sha256, title, alt_text, uploaded_by, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";
const BY_ID: &str = "SELECT id, file_name, original_name, mime_type, width, height, byte_size, sha256, title, alt_text, caption, uploaded_by, created_at, updated_at \
     FROM media WHERE id = $1";
const SEARCH_PAGE: &str = "SELECT id, file_name, original_name, mime_type, width, height, byte_size, sha256, title, alt_text, caption, uploaded_by, created_at, updated_at \
     FROM media WHERE lower(title) LIKE $1 ESCAPE '\\' OR lower(original_name) LIKE $1 ESCAPE '\\' OR lower(alt_text) LIKE $1 ESCAPE '\\' OR lower(caption) LIKE $1 ESCAPE '\\' \
     ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3";
const SEARCH_PAGE_VARIANTS: &str = "SELECT media_id, width, height, file_name, byte_size FROM media_variants WHERE media_id IN (\
     SELECT id FROM media WHERE lower(title) LIKE $1 ESCAPE '\\' OR lower(original_name) LIKE $1 ESCAPE '\\' OR lower(alt_text) LIKE $1 ESCAPE '\\' OR lower(caption) LIKE $1 ESCAPE '\\' \
     ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3) ORDER BY media_id, width";
const SEARCH_COUNT: &str = "SELECT COUNT(*) FROM media WHERE lower(title) LIKE $1 ESCAPE '\\' OR lower(original_name) LIKE $1 ESCAPE '\\' OR lower(alt_text) LIKE $1 ESCAPE '\\' OR lower(caption) LIKE $1 ESCAPE '\\'";
const FROM_ID: &str = "SELECT id, file_name, original_name, mime_type, width, height, byte_size, sha256, title, alt_text, caption, uploaded_by, created_at, updated_at \
     FROM media WHERE id > $1 ORDER BY id LIMIT $2";
const VARIANTS: &str = "SELECT media_id, width, height, file_name, byte_size FROM media_variants WHERE media_id = $1 ORDER BY width";
const UPSERT_VARIANT: &str = "INSERT INTO media_variants (media_id, width, height, file_name, byte_size) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (media_id, width) DO UPDATE SET height = excluded.height, file_name = excluded.file_name, byte_size = excluded.byte_size";
const UPDATE_DETAILS: &str =
    "UPDATE media SET title = $1, alt_text = $2, caption = $3, updated_at = $4 WHERE id = $5";
const DELETE: &str = "DELETE FROM media WHERE id = $1";
const USES: &str = concat!(
    "SELECT id, title, featured_media_id IS NOT NULL AND featured_media_id = $1 AS featured \
     FROM articles WHERE featured_media_id = $1 OR ",
    stored_source!(""),
    " LIKE $2 ORDER BY id"
);

impl Db {
    /// The image with this id.
    pub async fn media_by_id(&self, id: MediaId) -> StoreResult<Option<MediaRecord>> {
        let row: Option<MediaRow> =
            read!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(MediaRecord::try_from).transpose()
    }

    /// Up to `limit` images with ids above `after`, by id: the whole library a page at a
    /// time.
    pub async fn media_after(&self, after: i64, limit: u32) -> StoreResult<Vec<MediaRecord>> {
        let rows: Vec<MediaRow> = read!(self, conn => sqlx::query_as(FROM_ID).bind(after).bind(i64::from(limit)).fetch_all(conn).await)?;
        rows.into_iter().map(MediaRecord::try_from).collect()
    }

    /// The copies of an image, narrowest first.
    pub async fn media_variants(&self, id: MediaId) -> StoreResult<Vec<MediaVariantRecord>> {
        let rows: Vec<VariantRow> =
            read!(self, conn => sqlx::query_as(VARIANTS).bind(id.get()).fetch_all(conn).await)?;
        rows.into_iter().map(MediaVariantRecord::try_from).collect()
    }

    /// The articles that show the image stored as `file_name`: as their featured image,
    /// or in their body through its address (`/media/<name>`, or a copy's).
    pub async fn media_uses(&self, id: MediaId, file_name: &str) -> StoreResult<Vec<MediaUse>> {
        let pattern = address_pattern(file_name);
        let rows: Vec<UseRow> = read!(self, conn => sqlx::query_as(USES)
            .bind(id.get())
            .bind(&pattern)
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(MediaUse::from).collect())
    }

    /// One page of the images whose title, original name, alt text or caption contains
    /// `search` (in any case; everything when it is empty), newest first, with their copies.
    pub async fn search_media(
        &self,
        search: &str,
        limit: u32,
        offset: u64,
    ) -> StoreResult<MediaListing> {
        let pattern = contains_pattern(search);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows: Vec<MediaRow> = read!(self, conn => sqlx::query_as(SEARCH_PAGE)
            .bind(&pattern)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        let variants: Vec<VariantRow> = read!(self, conn => sqlx::query_as(SEARCH_PAGE_VARIANTS)
            .bind(&pattern)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(conn)
            .await)?;
        let total: i64 = read!(self, conn => sqlx::query_scalar(SEARCH_COUNT)
            .bind(&pattern)
            .fetch_one(conn)
            .await)?;
        Ok(MediaListing {
            items: rows
                .into_iter()
                .map(MediaRecord::try_from)
                .collect::<StoreResult<_>>()?,
            variants: variants
                .into_iter()
                .map(MediaVariantRecord::try_from)
                .collect::<StoreResult<_>>()?,
            total,
        })
    }
}

impl Tx {
    /// Records an image.
    pub async fn insert_media(
        &mut self,
        media: &NewMediaRecord,
        now: Timestamp,
    ) -> StoreResult<MediaId> {
        let result: Result<i64, sqlx::Error> = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(&media.file_name)
            .bind(&media.original_name)
            .bind(&media.mime_type)
            .bind(i64::from(media.width))
            .bind(i64::from(media.height))
            .bind(stored(media.byte_size))
            .bind(&media.sha256)
            .bind(&media.title)
            .bind(&media.alt_text)
            .bind(media.uploaded_by.map(UserId::get))
            .bind(DbTime(now))
            .fetch_one(conn)
            .await);
        result.map(MediaId).map_err(|error| {
            StoreError::conflict_on_unique(
                error,
                &format!("a media file named {}", media.file_name),
            )
        })
    }

    /// The image with this id, read inside the transaction.
    pub async fn media_by_id(&mut self, id: MediaId) -> StoreResult<Option<MediaRecord>> {
        let row: Option<MediaRow> =
            write!(self, conn => sqlx::query_as(BY_ID).bind(id.get()).fetch_optional(conn).await)?;
        row.map(MediaRecord::try_from).transpose()
    }

    /// Records a copy of an image, replacing the record of the copy of the same width.
    pub async fn upsert_media_variant(&mut self, variant: &MediaVariantRecord) -> StoreResult<()> {
        write!(self, conn => sqlx::query(UPSERT_VARIANT)
            .bind(variant.media_id.get())
            .bind(i64::from(variant.width))
            .bind(i64::from(variant.height))
            .bind(&variant.file_name)
            .bind(stored(variant.byte_size))
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Changes an image's title, alt text and caption; false when there is no such image.
    pub async fn update_media_details(
        &mut self,
        id: MediaId,
        title: &str,
        alt_text: &str,
        caption: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let changed = write!(self, conn => sqlx::query(UPDATE_DETAILS)
            .bind(title)
            .bind(alt_text)
            .bind(caption)
            .bind(DbTime(now))
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(changed > 0)
    }

    /// The articles that show the image stored as `file_name`, read inside the transaction
    /// (see [`Db::media_uses`]).
    pub async fn media_uses(&mut self, id: MediaId, file_name: &str) -> StoreResult<Vec<MediaUse>> {
        let pattern = address_pattern(file_name);
        let rows: Vec<UseRow> = write!(self, conn => sqlx::query_as(USES)
            .bind(id.get())
            .bind(&pattern)
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(MediaUse::from).collect())
    }

    /// Deletes an image's record and its copies' records; false when there was none.
    pub async fn delete_media(&mut self, id: MediaId) -> StoreResult<bool> {
        let deleted = write!(self, conn => sqlx::query(DELETE)
            .bind(id.get())
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(deleted > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern(""), "%");
        assert_eq!(contains_pattern("  "), "%");
        assert_eq!(contains_pattern("Harbour"), "%harbour%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
