//! Article revisions (every save, with who saved it) and autosaves (unsaved work kept by
//! the editor, one per article and person).

use crate::StoreResult;
use crate::articles::ArticleRecord;
use crate::backend::{Db, Tx, statement_chunks};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::{ArticleId, ArticleStatus, RevisionId, Timestamp, UserId};

/// A version of an article to keep.
#[derive(Clone, Debug)]
pub struct NewRevision<'a> {
    /// The article.
    pub article_id: ArticleId,
    /// Its headline then.
    pub title: &'a str,
    /// Its slug then.
    pub slug: &'a str,
    /// Its hand-written excerpt then, or empty.
    pub excerpt: &'a str,
    /// Its SEO title then, or empty.
    pub seo_title: &'a str,
    /// Its meta description then, or empty.
    pub meta_description: &'a str,
    /// Its Markdown body then.
    pub body_markdown: &'a str,
    /// Its status after the save.
    pub status: ArticleStatus,
    /// Who saved it.
    pub saved_by: Option<UserId>,
    /// What happened, when it was more than a save ("Restored the version of …").
    pub note: &'a str,
}

impl<'a> NewRevision<'a> {
    /// The version of article `article_id` that `record` writes, saved by `saved_by` (none
    /// when Gazette saved it itself), with `note`: its hand-written excerpt kept, one made
    /// from the body left out.
    pub fn of(
        article_id: ArticleId,
        record: &'a ArticleRecord,
        saved_by: Option<UserId>,
        note: &'a str,
    ) -> Self {
        Self {
            article_id,
            title: &record.title,
            slug: record.slug.as_str(),
            excerpt: if record.excerpt_is_manual {
                &record.excerpt
            } else {
                ""
            },
            seo_title: &record.seo_title,
            meta_description: &record.meta_description,
            body_markdown: &record.body_markdown,
            status: record.status,
            saved_by,
            note,
        }
    }
}

/// A kept version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Its id.
    pub id: RevisionId,
    /// The article.
    pub article_id: ArticleId,
    /// Its headline.
    pub title: String,
    /// Its slug.
    pub slug: String,
    /// Its hand-written excerpt, or empty.
    pub excerpt: String,
    /// Its SEO title, or empty.
    pub seo_title: String,
    /// Its meta description, or empty.
    pub meta_description: String,
    /// Its Markdown body.
    pub body_markdown: String,
    /// The article's status after the save.
    pub status: ArticleStatus,
    /// Who saved it.
    pub saved_by: Option<UserId>,
    /// Their name.
    pub saved_by_name: Option<String>,
    /// What happened, when it was more than a save.
    pub note: String,
    /// When.
    pub created_at: Timestamp,
}

/// Work the editor kept automatically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autosave {
    /// The headline as typed.
    pub title: String,
    /// The excerpt as typed.
    pub excerpt: String,
    /// The body as typed.
    pub body_markdown: String,
    /// The editor's other fields as typed, in the desk's own form encoding, which only the
    /// desk reads; empty for autosaves kept before they were.
    pub other_fields: String,
    /// When it was kept.
    pub saved_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: i64,
    article_id: i64,
    title: String,
    slug: String,
    excerpt: String,
    seo_title: String,
    meta_description: String,
    body_markdown: String,
    status: String,
    saved_by: Option<i64>,
    saved_by_name: Option<String>,
    note: String,
    created_at: DbTime,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = StoreError;

    fn try_from(row: RevisionRow) -> StoreResult<Self> {
        Ok(Self {
            id: RevisionId(row.id),
            article_id: ArticleId(row.article_id),
            status: ArticleStatus::parse(&row.status).ok_or_else(|| {
                StoreError::Corrupt(format!("revision {} has status `{}`", row.id, row.status))
            })?,
            title: row.title,
            slug: row.slug,
            excerpt: row.excerpt,
            seo_title: row.seo_title,
            meta_description: row.meta_description,
            body_markdown: row.body_markdown,
            saved_by: row.saved_by.map(UserId),
            saved_by_name: row.saved_by_name,
            note: row.note,
            created_at: row.created_at.0,
        })
    }
}

/// The columns a new revision is written with, in the order of their values.
macro_rules! revision_insert_columns {
    () => {
        "article_id, title, slug, excerpt, body_markdown, status, saved_by, note, created_at, seo_title, meta_description"
    };
}

/// A revision's columns, read with its article (`a`), whose source is the body of a revision
/// that shares it (`body_from_article`), and the user who saved it (`u`).
macro_rules! revision_columns {
    () => {
        "r.id, r.article_id, r.title, r.slug, r.excerpt, r.seo_title, r.meta_description, \
         CASE WHEN r.body_from_article THEN COALESCE(NULLIF(a.body_markdown, ''), a.body_html) ELSE r.body_markdown END AS body_markdown, \
         r.status, r.saved_by, u.display_name AS saved_by_name, r.note, r.created_at"
    };
}

/// The tables [`revision_columns`] reads.
macro_rules! revision_tables {
    () => {
        " FROM article_revisions r JOIN articles a ON a.id = r.article_id LEFT JOIN users u ON u.id = r.saved_by"
    };
}

const INSERT: &str = concat!(
    "INSERT INTO article_revisions (",
    revision_insert_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
);
/// The head of [`INSERT`] for many rows at once, with whether each shares its article's
/// body; the values follow.
const INSERT_MANY: &str = concat!(
    "INSERT INTO article_revisions (",
    revision_insert_columns!(),
    ", body_from_article) "
);
const OF_ARTICLE: &str = concat!(
    "SELECT ",
    revision_columns!(),
    revision_tables!(),
    " WHERE r.article_id = $1 ORDER BY r.id DESC"
);
const ONE: &str = concat!(
    "SELECT ",
    revision_columns!(),
    revision_tables!(),
    " WHERE r.article_id = $1 AND r.id = $2"
);
const BEFORE: &str = concat!(
    "SELECT ",
    revision_columns!(),
    revision_tables!(),
    " WHERE r.article_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT 1"
);
const PUT_AUTOSAVE: &str = "INSERT INTO article_autosaves (article_id, user_id, title, excerpt, body_markdown, other_fields, saved_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (article_id, user_id) DO UPDATE SET \
     title = excluded.title, excerpt = excluded.excerpt, body_markdown = excluded.body_markdown, \
     other_fields = excluded.other_fields, saved_at = excluded.saved_at";
const AUTOSAVE: &str = "SELECT title, excerpt, body_markdown, other_fields, saved_at FROM article_autosaves WHERE article_id = $1 AND user_id = $2";
const DELETE_AUTOSAVE: &str =
    "DELETE FROM article_autosaves WHERE article_id = $1 AND user_id = $2";

impl Db {
    /// Every kept version of an article, newest first.
    pub async fn revisions_of(&self, article: ArticleId) -> StoreResult<Vec<Revision>> {
        let rows: Vec<RevisionRow> = read!(self, conn => sqlx::query_as(OF_ARTICLE).bind(article.get()).fetch_all(conn).await)?;
        rows.into_iter().map(Revision::try_from).collect()
    }

    /// One kept version of an article.
    pub async fn revision(
        &self,
        article: ArticleId,
        id: RevisionId,
    ) -> StoreResult<Option<Revision>> {
        let row: Option<RevisionRow> = read!(self, conn => sqlx::query_as(ONE).bind(article.get()).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Revision::try_from).transpose()
    }

    /// The version kept just before `id`.
    pub async fn revision_before(
        &self,
        article: ArticleId,
        id: RevisionId,
    ) -> StoreResult<Option<Revision>> {
        let row: Option<RevisionRow> = read!(self, conn => sqlx::query_as(BEFORE).bind(article.get()).bind(id.get()).fetch_optional(conn).await)?;
        row.map(Revision::try_from).transpose()
    }

    /// What the editor kept automatically for `user` on `article`.
    pub async fn autosave(
        &self,
        article: ArticleId,
        user: UserId,
    ) -> StoreResult<Option<Autosave>> {
        let row: Option<(String, String, String, String, DbTime)> = read!(self, conn => sqlx::query_as(AUTOSAVE).bind(article.get()).bind(user.get()).fetch_optional(conn).await)?;
        Ok(row.map(
            |(title, excerpt, body_markdown, other_fields, saved_at)| Autosave {
                title,
                excerpt,
                body_markdown,
                other_fields,
                saved_at: saved_at.0,
            },
        ))
    }
}

impl Tx {
    /// Keeps a version of an article.
    pub async fn insert_revision(
        &mut self,
        revision: &NewRevision<'_>,
        now: Timestamp,
    ) -> StoreResult<RevisionId> {
        let id: i64 = write!(self, conn => sqlx::query_scalar(INSERT)
            .bind(revision.article_id.get())
            .bind(revision.title)
            .bind(revision.slug)
            .bind(revision.excerpt)
            .bind(revision.body_markdown)
            .bind(revision.status.as_str())
            .bind(revision.saved_by.map(UserId::get))
            .bind(revision.note)
            .bind(DbTime(now))
            .bind(revision.seo_title)
            .bind(revision.meta_description)
            .fetch_one(conn)
            .await)?;
        Ok(RevisionId(id))
    }

    /// Keeps a first revision of each of many articles, with few statements.
    pub async fn insert_revisions(
        &mut self,
        revisions: &[NewRevision<'_>],
        now: Timestamp,
    ) -> StoreResult<()> {
        self.insert_many_revisions(revisions, false, now).await
    }

    /// Keeps a first revision of each of many articles just written, whose bodies are
    /// their articles' sources as they stand: the body is not stored a second time but
    /// read from the article, and written into the revision (by a trigger) before the
    /// article's body changes.
    pub async fn insert_revisions_of_current_bodies(
        &mut self,
        revisions: &[NewRevision<'_>],
        now: Timestamp,
    ) -> StoreResult<()> {
        self.insert_many_revisions(revisions, true, now).await
    }

    async fn insert_many_revisions(
        &mut self,
        revisions: &[NewRevision<'_>],
        body_from_article: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        let stored_bytes = |revision: &NewRevision<'_>| {
            if body_from_article {
                0
            } else {
                revision.body_markdown.len()
            }
        };
        let size_of = |revision: &NewRevision<'_>| {
            revision.title.len()
                + revision.slug.len()
                + revision.excerpt.len()
                + stored_bytes(revision)
                + revision.note.len()
        };
        let byte_limit = self.bytes_per_statement();
        for chunk in statement_chunks(revisions, byte_limit, size_of) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_MANY);
                query.push_values(chunk, |mut row, revision| {
                    row.push_bind(revision.article_id.get())
                        .push_bind(revision.title)
                        .push_bind(revision.slug)
                        .push_bind(revision.excerpt)
                        .push_bind(if body_from_article {
                            ""
                        } else {
                            revision.body_markdown
                        })
                        .push_bind(revision.status.as_str())
                        .push_bind(revision.saved_by.map(UserId::get))
                        .push_bind(revision.note)
                        .push_bind(DbTime(now))
                        .push_bind(revision.seo_title)
                        .push_bind(revision.meta_description)
                        .push_bind(body_from_article);
                });
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Keeps (or replaces) `user`'s unsaved work on `article`.
    pub async fn put_autosave(
        &mut self,
        article: ArticleId,
        user: UserId,
        autosave: &Autosave,
    ) -> StoreResult<()> {
        write!(self, conn => sqlx::query(PUT_AUTOSAVE)
            .bind(article.get())
            .bind(user.get())
            .bind(&autosave.title)
            .bind(&autosave.excerpt)
            .bind(&autosave.body_markdown)
            .bind(&autosave.other_fields)
            .bind(DbTime(autosave.saved_at))
            .execute(conn)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Forgets `user`'s unsaved work on `article` (it was saved or thrown away).
    pub async fn delete_autosave(&mut self, article: ArticleId, user: UserId) -> StoreResult<()> {
        write!(self, conn => sqlx::query(DELETE_AUTOSAVE).bind(article.get()).bind(user.get()).execute(conn).await.map(|_| ()))?;
        Ok(())
    }
}
