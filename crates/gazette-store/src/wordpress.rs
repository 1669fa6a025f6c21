//! What became of each object of an imported WordPress site: the mapping that makes a
//! second import of the same export create nothing twice, and that WordPress's own
//! addresses — `/?p=ID`, `/?attachment_id=ID`, an article's or attachment page's old
//! path — are found by.

use crate::StoreResult;
use crate::backend::{Db, ROWS_PER_STATEMENT, Tx};
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, MediaId, Timestamp};
use std::collections::HashMap;

/// What kind of WordPress object a mapping is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportedKind {
    /// A user, keyed by login; mapped to a user.
    User,
    /// A category, keyed by slug.
    Category,
    /// A tag, keyed by slug.
    Tag,
    /// A post or page, keyed by id; mapped to an article.
    Article,
    /// A comment, pingback or trackback, keyed by id.
    Comment,
}

impl ImportedKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Category => "category",
            Self::Tag => "tag",
            Self::Article => "article",
            Self::Comment => "comment",
        }
    }
}

/// What one WordPress object became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedObject {
    /// The id of what it became.
    pub gazette_id: i64,
    /// When WordPress last changed it, as the export said, for articles.
    pub version: Option<String>,
    /// When it was imported (or last updated by an import).
    pub imported_at: Timestamp,
}

/// A mapping to record.
#[derive(Clone, Debug)]
pub struct ImportedObjectRecord<'a> {
    /// The object's WordPress id, login or slug.
    pub key: &'a str,
    /// The id of what it became.
    pub gazette_id: i64,
    /// When WordPress last changed it.
    pub version: Option<&'a str>,
}

/// An imported attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedAttachmentRecord {
    /// Its WordPress id.
    pub wordpress_id: i64,
    /// The article it belongs to, if that was imported.
    pub article_id: Option<ArticleId>,
    /// The file's address in the export.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its caption.
    pub caption: String,
    /// What it shows, for people who cannot see it.
    pub alt_text: String,
}

/// An attachment as its addresses lead to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentTarget {
    /// The file's address in the export.
    pub url: String,
    /// The image it became in the media library, with its file's name.
    pub media: Option<(MediaId, String)>,
    /// The article it belongs to.
    pub article_id: Option<ArticleId>,
}

/// What an old address of an imported site leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OldAddressTarget {
    /// An article.
    Article(ArticleId),
    /// An attachment's page.
    Attachment(AttachmentTarget),
}

/// An old address to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OldAddressRecord {
    /// The path of an article on the old site.
    Article {
        /// The path.
        path: String,
        /// The article.
        article: ArticleId,
    },
    /// The path of an attachment's page on the old site.
    Attachment {
        /// The path.
        path: String,
        /// The attachment's WordPress id.
        wordpress_id: i64,
    },
}

const OBJECTS: &str =
    "SELECT wordpress_key, gazette_id, version, imported_at FROM wordpress_objects WHERE site = ";
const RECORD_OBJECTS: &str =
    "INSERT INTO wordpress_objects (site, kind, wordpress_key, gazette_id, version, imported_at) ";
const ARTICLE_FOR_ID: &str = "SELECT gazette_id FROM wordpress_objects WHERE kind = 'article' AND wordpress_key = $1 \
     ORDER BY imported_at, site LIMIT 1";
const ATTACHMENT_FOR_ID: &str = "SELECT a.url, a.media_id, m.file_name, a.article_id FROM wordpress_attachments a \
     LEFT JOIN media m ON m.id = a.media_id WHERE a.wordpress_id = $1 ORDER BY a.imported_at, a.site LIMIT 1";
const OLD_ADDRESS: &str = "SELECT w.article_id, a.url, a.media_id, m.file_name, a.article_id FROM wordpress_addresses w \
     LEFT JOIN wordpress_attachments a ON a.site = w.attachment_site AND a.wordpress_id = w.attachment_id \
     LEFT JOIN media m ON m.id = a.media_id WHERE w.path = $1";
const RECORD_ATTACHMENTS: &str = "INSERT INTO wordpress_attachments (site, wordpress_id, article_id, url, title, caption, alt_text, imported_at) ";
const TO_FETCH: &str = "SELECT wordpress_id, article_id, url, title, caption, alt_text FROM wordpress_attachments \
     WHERE site = $1 AND media_id IS NULL ORDER BY wordpress_id";
const FETCHED: &str =
    "UPDATE wordpress_attachments SET media_id = $1 WHERE site = $2 AND wordpress_id = $3";
const FEATURE_FETCHED: &str = "UPDATE articles SET featured_media_id = $1, \
     featured_alt = (SELECT alt_text FROM media WHERE id = $1), featured_caption = (SELECT caption FROM media WHERE id = $1) \
     WHERE featured_media_id IS NULL AND id IN (SELECT gazette_id FROM wordpress_objects \
     WHERE site = $2 AND kind = 'article' AND featured_attachment = $3)";
const RECORD_FEATURED: &str = "UPDATE wordpress_objects SET featured_attachment = v.column2 FROM (";
const ATTACHMENT_IDS: &str = "SELECT wordpress_id FROM wordpress_attachments WHERE site = ";
const RECORD_ADDRESSES: &str =
    "INSERT INTO wordpress_addresses (path, article_id, attachment_site, attachment_id) ";

type AttachmentTargetRow = (String, Option<i64>, Option<String>, Option<i64>);

/// An imported attachment as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    wordpress_id: i64,
    article_id: Option<i64>,
    url: String,
    title: String,
    caption: String,
    alt_text: String,
}

impl From<AttachmentRow> for ImportedAttachmentRecord {
    fn from(row: AttachmentRow) -> Self {
        Self {
            wordpress_id: row.wordpress_id,
            article_id: row.article_id.map(ArticleId),
            url: row.url,
            title: row.title,
            caption: row.caption,
            alt_text: row.alt_text,
        }
    }
}
/// An old address's article, or its attachment's columns.
type OldAddressRow = (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

fn attachment_target((url, media, file_name, article): AttachmentTargetRow) -> AttachmentTarget {
    AttachmentTarget {
        url,
        media: media.zip(file_name).map(|(id, name)| (MediaId(id), name)),
        article_id: article.map(ArticleId),
    }
}

impl Db {
    /// The attachments of `site` not fetched into the media library yet, by WordPress id.
    pub async fn attachments_to_fetch(
        &self,
        site: &str,
    ) -> StoreResult<Vec<ImportedAttachmentRecord>> {
        let rows: Vec<(i64, Option<i64>, String, String, String, String)> =
            read!(self, conn => sqlx::query_as(TO_FETCH).bind(site).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(wordpress_id, article_id, url, title, caption, alt_text)| {
                    ImportedAttachmentRecord {
                        wordpress_id,
                        article_id: article_id.map(ArticleId),
                        url,
                        title,
                        caption,
                        alt_text,
                    }
                },
            )
            .collect())
    }

    /// The article imported from the WordPress post or page `wordpress_id` (of the site
    /// imported first, when several were).
    pub async fn article_imported_as(&self, wordpress_id: u64) -> StoreResult<Option<ArticleId>> {
        let key = wordpress_id.to_string();
        let id: Option<i64> = read!(self, conn => sqlx::query_scalar(ARTICLE_FOR_ID).bind(&key).fetch_optional(conn).await)?;
        Ok(id.map(ArticleId))
    }

    /// The attachment imported as WordPress's `wordpress_id`.
    pub async fn attachment_imported_as(
        &self,
        wordpress_id: u64,
    ) -> StoreResult<Option<AttachmentTarget>> {
        let id = i64::try_from(wordpress_id).unwrap_or(i64::MAX);
        let row: Option<AttachmentTargetRow> = read!(self, conn => sqlx::query_as(ATTACHMENT_FOR_ID).bind(id).fetch_optional(conn).await)?;
        Ok(row.map(attachment_target))
    }

    /// What the old site's address `path` leads to, when it is one an import kept.
    pub async fn old_address(&self, path: &str) -> StoreResult<Option<OldAddressTarget>> {
        let row: Option<OldAddressRow> =
            read!(self, conn => sqlx::query_as(OLD_ADDRESS).bind(path).fetch_optional(conn).await)?;
        Ok(row.and_then(
            |(article, url, media, file_name, attached_to)| match article {
                Some(article) => Some(OldAddressTarget::Article(ArticleId(article))),
                None => url.map(|url| {
                    OldAddressTarget::Attachment(attachment_target((
                        url,
                        media,
                        file_name,
                        attached_to,
                    )))
                }),
            },
        ))
    }
}

impl Tx {
    /// What the objects of `kind` with these keys, from `site`, became in earlier imports.
    pub async fn imported_objects(
        &mut self,
        site: &str,
        kind: ImportedKind,
        keys: &[&str],
    ) -> StoreResult<HashMap<String, ImportedObject>> {
        let mut found = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<(String, i64, Option<String>, DbTime)> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(OBJECTS);
                query
                    .push_bind(site)
                    .push(" AND kind = ")
                    .push_bind(kind.as_str())
                    .push(" AND wordpress_key IN (");
                let mut list = query.separated(", ");
                for key in chunk {
                    list.push_bind(*key);
                }
                query.push(")");
                query.build_query_as().fetch_all(conn).await
            })?;
            found.extend(rows.into_iter().map(|(key, gazette_id, version, at)| {
                (
                    key,
                    ImportedObject {
                        gazette_id,
                        version,
                        imported_at: at.0,
                    },
                )
            }));
        }
        Ok(found)
    }

    /// Records what the objects of `kind` from `site` became, replacing earlier records of
    /// the same objects.
    pub async fn record_imported_objects(
        &mut self,
        site: &str,
        kind: ImportedKind,
        objects: &[ImportedObjectRecord<'_>],
        now: Timestamp,
    ) -> StoreResult<()> {
        for chunk in objects.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(RECORD_OBJECTS);
                query.push_values(chunk, |mut row, object| {
                    row.push_bind(site)
                        .push_bind(kind.as_str())
                        .push_bind(object.key)
                        .push_bind(object.gazette_id)
                        .push_bind(object.version)
                        .push_bind(DbTime(now));
                });
                query.push(
                    " ON CONFLICT (site, kind, wordpress_key) DO UPDATE SET gazette_id = excluded.gazette_id, \
                     version = excluded.version, imported_at = excluded.imported_at",
                );
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Records which attachment of `site` each article has as its featured image, by the
    /// attachment's WordPress id.
    pub async fn record_featured_attachments(
        &mut self,
        site: &str,
        featured: &[(ArticleId, i64)],
    ) -> StoreResult<()> {
        for chunk in featured.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(RECORD_FEATURED);
                query.push_values(chunk, |mut row, (article, attachment)| {
                    row.push_bind(article.get()).push_bind(*attachment);
                });
                query
                    .push(") AS v WHERE wordpress_objects.site = ")
                    .push_bind(site)
                    .push(" AND wordpress_objects.kind = 'article' AND wordpress_objects.gazette_id = v.column1");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Notes that the attachment `wordpress_id` of `site` became the image `media`, and
    /// makes it the featured image of the articles that had it on WordPress and have none
    /// yet; returns how many took it.
    pub async fn attachment_fetched(
        &mut self,
        site: &str,
        wordpress_id: i64,
        media: MediaId,
    ) -> StoreResult<u64> {
        write!(self, conn => sqlx::query(FETCHED).bind(media.get()).bind(site).bind(wordpress_id).execute(conn).await.map(|_| ()))?;
        let featured = write!(self, conn => sqlx::query(FEATURE_FETCHED).bind(media.get()).bind(site).bind(wordpress_id).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(featured)
    }

    /// Which of the attachments `ids` of `site` an earlier import recorded.
    pub async fn imported_attachment_ids(
        &mut self,
        site: &str,
        ids: &[i64],
    ) -> StoreResult<std::collections::HashSet<i64>> {
        let mut found = std::collections::HashSet::new();
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<i64> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(ATTACHMENT_IDS);
                query.push_bind(site).push(" AND wordpress_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_scalar().fetch_all(conn).await
            })?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// Records the attachments of `site`, replacing what an earlier import recorded of them
    /// but the image each became.
    pub async fn record_imported_attachments(
        &mut self,
        site: &str,
        attachments: &[ImportedAttachmentRecord],
        now: Timestamp,
    ) -> StoreResult<()> {
        for chunk in attachments.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(RECORD_ATTACHMENTS);
                query.push_values(chunk, |mut row, attachment| {
                    row.push_bind(site)
                        .push_bind(attachment.wordpress_id)
                        .push_bind(attachment.article_id.map(ArticleId::get))
                        .push_bind(&attachment.url)
                        .push_bind(&attachment.title)
                        .push_bind(&attachment.caption)
                        .push_bind(&attachment.alt_text)
                        .push_bind(DbTime(now));
                });
                query.push(
                    " ON CONFLICT (site, wordpress_id) DO UPDATE SET article_id = excluded.article_id, url = excluded.url, \
                     title = excluded.title, caption = excluded.caption, alt_text = excluded.alt_text",
                );
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Forgets these paths as old addresses: something answers at each of them now.
    pub async fn forget_old_addresses(&mut self, paths: &[String]) -> StoreResult<()> {
        for chunk in paths.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query =
                    sqlx::QueryBuilder::new("DELETE FROM wordpress_addresses WHERE path IN (");
                let mut list = query.separated(", ");
                for path in chunk {
                    list.push_bind(path.as_str());
                }
                query.push(")");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Records old addresses of `site`'s articles and attachment pages; an address already
    /// recorded leads to what it names now.
    pub async fn record_old_addresses(
        &mut self,
        site: &str,
        addresses: &[OldAddressRecord],
    ) -> StoreResult<()> {
        for chunk in addresses.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(RECORD_ADDRESSES);
                query.push_values(chunk, |mut row, address| match address {
                    OldAddressRecord::Article { path, article } => {
                        row.push_bind(path)
                            .push_bind(Some(article.get()))
                            .push_bind(None::<&str>)
                            .push_bind(None::<i64>);
                    }
                    OldAddressRecord::Attachment { path, wordpress_id } => {
                        row.push_bind(path)
                            .push_bind(None::<i64>)
                            .push_bind(Some(site))
                            .push_bind(Some(*wordpress_id));
                    }
                });
                query.push(
                    " ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, \
                     attachment_site = excluded.attachment_site, attachment_id = excluded.attachment_id",
                );
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }
}
