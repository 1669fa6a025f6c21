//! Writing what an import brings, many rows per statement: articles and comments with ids
//! chosen by the importer (the ids they had on the old site where those are free, so old
//! links keep their numbers), tags, pages' parents and old slugs.
//!
//! Ids are reserved before rows are written (`reserved_ids`), so that a reply can name its
//! parent and a page its parent page in the same batch.

use crate::StoreResult;
use crate::articles::source_to_store;
use crate::backend::{ROWS_PER_STATEMENT, Tx, statement_chunks};
use crate::error::StoreError;
use crate::time_column::DbTime;
use gazette_domain::text::text_of_sanitised_html;
use gazette_domain::{
    ArticleId, ArticleKind, ArticleStatus, CommentId, CommentKind, CommentStatus, Slug, TagId,
    Timestamp, Trashed, UserId,
};
use std::collections::{HashMap, HashSet};

/// An imported article, with everything already decided.
#[derive(Clone, Debug)]
pub struct ImportedArticleRecord {
    /// The id chosen for it.
    pub id: ArticleId,
    /// News, or a page.
    pub kind: ArticleKind,
    /// Whether it stands first on the home page.
    pub sticky: bool,
    /// A slug no other article has.
    pub slug: Slug,
    /// The headline.
    pub title: String,
    /// The body as an editor will edit it.
    pub body_markdown: String,
    /// The sanitised body.
    pub body_html: String,
    /// The plain-text summary.
    pub excerpt: String,
    /// Whether the summary was written by hand.
    pub excerpt_is_manual: bool,
    /// The title search engines and sharing show; empty for the headline.
    pub seo_title: String,
    /// The description search engines show; empty for the summary.
    pub meta_description: String,
    /// Its status (a trashed article's is draft; `trashed` says what it was).
    pub status: ArticleStatus,
    /// Its author.
    pub author_id: Option<UserId>,
    /// Whether comments are open.
    pub comments_open: bool,
    /// When it was or is to be published.
    pub published_at: Option<Timestamp>,
    /// When what readers see last changed after publication.
    pub modified_at: Option<Timestamp>,
    /// When it was written.
    pub created_at: Timestamp,
    /// Set when it arrives in the trash.
    pub trashed: Option<Trashed>,
}

/// An imported comment, pingback or trackback, with everything already decided.
#[derive(Clone, Debug)]
pub struct ImportedCommentRecord {
    /// The id chosen for it.
    pub id: CommentId,
    /// The article it is on.
    pub article_id: ArticleId,
    /// What it replies to.
    pub parent_id: Option<CommentId>,
    /// The top-level comment of its thread, for a reply.
    pub root_id: Option<CommentId>,
    /// Its depth, 1 at the top level.
    pub depth: u32,
    /// A reader's comment, a pingback or a trackback.
    pub kind: CommentKind,
    /// The commenter's name.
    pub author_name: String,
    /// The commenter's email address (possibly empty).
    pub author_email: String,
    /// The commenter's website.
    pub author_url: Option<String>,
    /// The plain text.
    pub text: String,
    /// The sanitised HTML.
    pub html: String,
    /// Its status.
    pub status: CommentStatus,
    /// For one in the spam or the trash, where it stood before, if known.
    pub status_before: Option<CommentStatus>,
    /// A note for moderators about how it was imported, if one is needed.
    pub moderation_reason: Option<String>,
    /// The address it came from.
    pub ip: Option<String>,
    /// The member of staff who wrote it.
    pub user_id: Option<UserId>,
    /// When it was written.
    pub created_at: Timestamp,
}

/// Where a stored comment sits in its thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadPlace {
    /// The article it is on.
    pub article_id: ArticleId,
    /// Its thread's top-level comment; `None` when it is one.
    pub root_id: Option<CommentId>,
    /// Its depth.
    pub depth: u32,
}

const INSERT_ARTICLES: &str = "INSERT INTO articles (id, kind, sticky, slug, title, body_markdown, body_html, excerpt, \
     excerpt_is_manual, seo_title, meta_description, status, author_id, comments_open, source_canonical, published_at, modified_at, trashed_at, \
     status_before_trash, created_at, updated_at, body_text) ";
const INSERT_COMMENTS: &str = "INSERT INTO comments (id, article_id, parent_id, root_id, depth, kind, author_name, \
     author_email, author_url, body_text, body_html, status, status_before, moderation_reason, ip, user_id, created_at, updated_at) ";
const SET_PARENTS: &str = "UPDATE articles SET parent_id = v.column2 FROM (";
const INSERT_TAGS: &str = "INSERT INTO tags (slug, name) ";
const INSERT_OLD_SLUGS: &str = "INSERT INTO article_old_slugs (slug, article_id, created_at) ";
const THREAD_PLACES: &str = "SELECT id, article_id, root_id, depth FROM comments WHERE id IN (";
const SLUG_HOLDERS: &str = "SELECT slug FROM articles WHERE slug IN (";

impl Tx {
    /// Stores imported articles with the ids chosen for them.
    pub async fn insert_imported_articles(
        &mut self,
        articles: &[ImportedArticleRecord],
        now: Timestamp,
    ) -> StoreResult<()> {
        let size_of = |article: &ImportedArticleRecord| {
            article.title.len()
                + article.body_markdown.len()
                + 2 * article.body_html.len()
                + article.excerpt.len()
                + article.seo_title.len()
                + article.meta_description.len()
        };
        let byte_limit = self.bytes_per_statement();
        for chunk in statement_chunks(articles, byte_limit, size_of) {
            let result: Result<_, sqlx::Error> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_ARTICLES);
                query.push_values(chunk, |mut row, article| {
                    row.push_bind(article.id.get())
                        .push_bind(article.kind.as_str())
                        .push_bind(article.sticky)
                        .push_bind(article.slug.as_str())
                        .push_bind(&article.title)
                        .push_bind(source_to_store(&article.body_markdown, &article.body_html))
                        .push_bind(&article.body_html)
                        .push_bind(&article.excerpt)
                        .push_bind(article.excerpt_is_manual)
                        .push_bind(&article.seo_title)
                        .push_bind(&article.meta_description)
                        .push_bind(article.status.as_str())
                        .push_bind(article.author_id.map(UserId::get))
                        .push_bind(article.comments_open)
                        .push_bind(true)
                        .push_bind(article.published_at.map(DbTime))
                        .push_bind(article.modified_at.map(DbTime))
                        .push_bind(article.trashed.map(|trashed| DbTime(trashed.at)))
                        .push_bind(article.trashed.map(|trashed| trashed.status_before.as_str()))
                        .push_bind(DbTime(article.created_at))
                        .push_bind(DbTime(now))
                        .push_bind(text_of_sanitised_html(&article.body_html));
                });
                query.build().execute(conn).await.map(|_| ())
            });
            result.map_err(|error| {
                StoreError::conflict_on_unique(error, "an article with one of these slugs or ids")
            })?;
        }
        Ok(())
    }

    /// Puts each page `(page, parent)` under its parent page.
    pub async fn set_article_parents(
        &mut self,
        parents: &[(ArticleId, ArticleId)],
    ) -> StoreResult<()> {
        for chunk in parents.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(SET_PARENTS);
                query.push_values(chunk, |mut row, (page, parent)| {
                    row.push_bind(page.get()).push_bind(parent.get());
                });
                query.push(") AS v WHERE articles.id = v.column1");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Stores imported comments with the ids chosen for them. Each comment's parent must
    /// come before it in `comments`, or be stored already.
    pub async fn insert_imported_comments(
        &mut self,
        comments: &[ImportedCommentRecord],
        now: Timestamp,
    ) -> StoreResult<()> {
        let size_of = |comment: &ImportedCommentRecord| {
            comment.text.len()
                + comment.html.len()
                + comment.author_name.len()
                + comment.author_email.len()
                + comment.author_url.as_ref().map_or(0, String::len)
                + comment.moderation_reason.as_ref().map_or(0, String::len)
                + 128
        };
        let byte_limit = self.bytes_per_statement();
        for chunk in statement_chunks(comments, byte_limit, size_of) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_COMMENTS);
                query.push_values(chunk, |mut row, comment| {
                    row.push_bind(comment.id.get())
                        .push_bind(comment.article_id.get())
                        .push_bind(comment.parent_id.map(CommentId::get))
                        .push_bind(comment.root_id.map(CommentId::get))
                        .push_bind(i32::try_from(comment.depth).unwrap_or(i32::MAX))
                        .push_bind(comment.kind.as_str())
                        .push_bind(&comment.author_name)
                        .push_bind(&comment.author_email)
                        .push_bind(comment.author_url.as_deref())
                        .push_bind(&comment.text)
                        .push_bind(&comment.html)
                        .push_bind(comment.status.as_str())
                        .push_bind(comment.status_before.map(CommentStatus::as_str))
                        .push_bind(comment.moderation_reason.as_deref())
                        .push_bind(comment.ip.as_deref())
                        .push_bind(comment.user_id.map(UserId::get))
                        .push_bind(DbTime(comment.created_at))
                        .push_bind(DbTime(now));
                });
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Where each of the stored comments `ids` sits in its thread.
    pub async fn thread_places(
        &mut self,
        ids: &[CommentId],
    ) -> StoreResult<HashMap<CommentId, ThreadPlace>> {
        let mut places = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<(i64, i64, Option<i64>, i32)> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(THREAD_PLACES);
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.get());
                }
                query.push(")");
                query.build_query_as().fetch_all(conn).await
            })?;
            places.extend(rows.into_iter().map(|(id, article, root, depth)| {
                (
                    CommentId(id),
                    ThreadPlace {
                        article_id: ArticleId(article),
                        root_id: root.map(CommentId),
                        depth: u32::try_from(depth).unwrap_or(1).max(1),
                    },
                )
            }));
        }
        Ok(places)
    }

    /// The tags with these slugs, made with their names where missing; existing tags keep
    /// their names.
    pub async fn ensure_tags(
        &mut self,
        tags: &[(Slug, String)],
    ) -> StoreResult<HashMap<Slug, TagId>> {
        let mut ids = HashMap::with_capacity(tags.len());
        for chunk in tags.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<(i64, String)> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_TAGS);
                query.push_values(chunk, |mut row, (slug, name)| {
                    row.push_bind(slug.as_str()).push_bind(name);
                });
                query.push(" ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id, slug");
                query.build_query_as().fetch_all(conn).await
            })?;
            for (id, slug) in rows {
                let slug = Slug::parse(&slug).map_err(|error| {
                    StoreError::Corrupt(format!("tag {id} has slug `{slug}`: {error}"))
                })?;
                ids.insert(slug, TagId(id));
            }
        }
        Ok(ids)
    }

    /// Keeps each `(slug, article)` as an old address of the article, answering with a
    /// redirect; a slug already kept for any article, or one an article uses now, is left
    /// as it is.
    pub async fn keep_old_slugs(
        &mut self,
        slugs: &[(Slug, ArticleId)],
        now: Timestamp,
    ) -> StoreResult<()> {
        let listed: Vec<&str> = slugs.iter().map(|(slug, _)| slug.as_str()).collect();
        let mut in_use = HashSet::new();
        for chunk in listed.chunks(ROWS_PER_STATEMENT) {
            let found: Vec<String> = write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(SLUG_HOLDERS);
                let mut list = query.separated(", ");
                for slug in chunk {
                    list.push_bind(*slug);
                }
                query.push(")");
                query.build_query_scalar().fetch_all(conn).await
            })?;
            in_use.extend(found);
        }
        let mut seen = HashSet::new();
        let kept: Vec<&(Slug, ArticleId)> = slugs
            .iter()
            .filter(|(slug, _)| !in_use.contains(slug.as_str()) && seen.insert(slug.as_str()))
            .collect();
        for chunk in kept.chunks(ROWS_PER_STATEMENT) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new(INSERT_OLD_SLUGS);
                query.push_values(chunk, |mut row, (slug, article)| {
                    row.push_bind(slug.as_str()).push_bind(article.get()).push_bind(DbTime(now));
                });
                query.push(" ON CONFLICT (slug) DO NOTHING");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }
}
