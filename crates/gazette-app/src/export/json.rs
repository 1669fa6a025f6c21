//! The site as Gazette's own JSON (format `gazette-export`, version 1, described field by
//! field in docs/EXPORT.md): one object holding the site's description and settings that
//! shape its addresses, its users, categories, tags and media library, and its articles,
//! each with its comments. It is written as it is read — one article per line — so a site
//! of any size takes the memory of one page of articles.

use super::pages::{ArticlePages, ExportedArticle};
use super::unwritable;
use crate::media::media_url;
use crate::{App, AppResult};
use gazette_domain::{ArticleId, CategoryId, Comment, CommentId, Timestamp, UserId};
use serde::Serialize;
use std::io::Write;

/// The format's name, written first so that a reader knows what it holds.
const FORMAT: &str = "gazette-export";
/// The format's version; a change that removes or renames a field makes a new one.
const VERSION: u32 = 1;
/// How many images of the library are read at a time.
const MEDIA_PER_PAGE: u32 = 500;

#[derive(Serialize)]
struct Head<'a> {
    format: &'static str,
    version: u32,
    generator: String,
    exported_at: String,
    site: SiteJson<'a>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    tagline: &'a str,
    url: &'a str,
    language: &'a str,
    time_zone: &'a str,
    permalink_pattern: &'a str,
}

#[derive(Serialize)]
struct UserJson<'a> {
    id: i64,
    display_name: &'a str,
    email: &'a str,
    slug: &'a str,
    role: &'a str,
    created_at: String,
    disabled_at: Option<String>,
}

#[derive(Serialize)]
struct CategoryJson<'a> {
    id: i64,
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    parent_id: Option<i64>,
}

#[derive(Serialize)]
struct TagJson<'a> {
    id: i64,
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct LinkedFileJson<'a> {
    wordpress_site: &'a str,
    wordpress_id: i64,
    url: &'a str,
    title: &'a str,
    caption: &'a str,
    alt_text: &'a str,
    article_id: Option<i64>,
}

#[derive(Serialize)]
struct MediaJson<'a> {
    id: i64,
    url: String,
    file_name: &'a str,
    original_name: &'a str,
    mime_type: &'a str,
    width: u32,
    height: u32,
    byte_size: u64,
    sha256: &'a str,
    title: &'a str,
    alt_text: &'a str,
    caption: &'a str,
    uploaded_by: Option<i64>,
    created_at: String,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    id: i64,
    kind: &'static str,
    parent_id: Option<i64>,
    url: &'a str,
    slug: &'a str,
    old_slugs: &'a [String],
    title: &'a str,
    status: &'static str,
    trashed_at: Option<String>,
    status_before_trash: Option<&'static str>,
    sticky: bool,
    author_id: Option<i64>,
    published_at: Option<String>,
    modified_at: Option<String>,
    created_at: String,
    updated_at: String,
    excerpt: &'a str,
    excerpt_is_manual: bool,
    seo_title: &'a str,
    meta_description: &'a str,
    body_markdown: &'a str,
    body_html: &'a str,
    comments_open: bool,
    categories: Vec<i64>,
    tags: Vec<i64>,
    featured_image: Option<FeaturedJson<'a>>,
    source: Option<SourceJson<'a>>,
    comments: Vec<CommentJson<'a>>,
}

#[derive(Serialize)]
struct FeaturedJson<'a> {
    media_id: i64,
    alt: &'a str,
    caption: &'a str,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    name: &'a str,
    url: &'a str,
    published_at: Option<String>,
    author: Option<&'a str>,
    licence: Option<&'a str>,
    canonical: bool,
}

#[derive(Serialize)]
struct CommentJson<'a> {
    id: i64,
    parent_id: Option<i64>,
    kind: &'static str,
    status: &'static str,
    author_name: &'a str,
    author_email: &'a str,
    author_url: Option<&'a str>,
    ip: Option<&'a str>,
    user_id: Option<i64>,
    text: &'a str,
    html: &'a str,
    created_at: String,
}

fn time(instant: Timestamp) -> String {
    instant.to_string()
}

fn comment_json(comment: &Comment) -> CommentJson<'_> {
    CommentJson {
        id: comment.id.get(),
        parent_id: comment.parent_id.map(CommentId::get),
        kind: comment.kind.as_str(),
        status: comment.status.as_str(),
        author_name: &comment.author_name,
        author_email: &comment.author_email,
        author_url: comment.author_url.as_deref(),
        ip: comment.ip.as_deref(),
        user_id: comment.user_id.map(UserId::get),
        text: &comment.text,
        html: &comment.html,
        created_at: time(comment.created_at),
    }
}

fn article_json(exported: &ExportedArticle) -> ArticleJson<'_> {
    let article = &exported.article;
    ArticleJson {
        id: article.id.get(),
        kind: article.kind.as_str(),
        parent_id: article.parent_id.map(ArticleId::get),
        url: &exported.url,
        slug: article.slug.as_str(),
        old_slugs: &exported.old_slugs,
        title: &article.title,
        status: article.status.as_str(),
        trashed_at: article.trashed.map(|trashed| time(trashed.at)),
        status_before_trash: article
            .trashed
            .map(|trashed| trashed.status_before.as_str()),
        sticky: article.sticky,
        author_id: article.author_id.map(UserId::get),
        published_at: article.published_at.map(time),
        modified_at: article.modified_at.map(time),
        created_at: time(article.created_at),
        updated_at: time(article.updated_at),
        excerpt: &article.excerpt,
        excerpt_is_manual: article.excerpt_is_manual,
        seo_title: &article.seo_title,
        meta_description: &article.meta_description,
        body_markdown: &article.body_markdown,
        body_html: &article.body_html,
        comments_open: article.comments_open,
        categories: exported.categories.iter().map(|id| id.get()).collect(),
        tags: exported.tags.iter().map(|id| id.get()).collect(),
        featured_image: article.featured_image.as_ref().map(|image| FeaturedJson {
            media_id: image.media_id.get(),
            alt: &image.alt,
            caption: &image.caption,
        }),
        source: article.source.as_ref().map(|source| SourceJson {
            name: &source.name,
            url: &source.url,
            published_at: source.published_at.map(time),
            author: source.author.as_deref(),
            licence: source.licence.as_deref(),
            canonical: source.canonical,
        }),
        comments: exported.comments.iter().map(comment_json).collect(),
    }
}

/// A JSON array being written, one element per line.
struct ListWriter {
    written: usize,
}

impl ListWriter {
    /// Opens the array that `opening` (`,"users":[`) begins.
    fn open(out: &mut (dyn Write + Send), opening: &str) -> AppResult<Self> {
        out.write_all(opening.as_bytes())
            .map_err(|error| unwritable(&error))?;
        Ok(Self { written: 0 })
    }

    /// Writes one element.
    fn item(&mut self, out: &mut (dyn Write + Send), item: &impl Serialize) -> AppResult<()> {
        let separator: &[u8] = if self.written == 0 { b"\n" } else { b",\n" };
        self.written += 1;
        out.write_all(separator)
            .map_err(|error| unwritable(&error))?;
        serde_json::to_writer(&mut *out, item).map_err(crate::AppError::internal)
    }

    /// Closes the array.
    fn close(self, out: &mut (dyn Write + Send)) -> AppResult<()> {
        let closing: &[u8] = if self.written == 0 { b"]" } else { b"\n]" };
        out.write_all(closing).map_err(|error| unwritable(&error))
    }
}

impl App {
    /// Writes the whole site to `out` as Gazette's JSON export.
    pub async fn export_json(&self, out: &mut (dyn Write + Send)) -> AppResult<()> {
        let settings = self.site_settings().await?;
        let head = serde_json::to_string(&Head {
            format: FORMAT,
            version: VERSION,
            generator: format!("Gazette {}", env!("CARGO_PKG_VERSION")),
            exported_at: time(self.clock().now()),
            site: SiteJson {
                title: &settings.title,
                tagline: &settings.tagline,
                url: &settings.site_url,
                language: &settings.language,
                time_zone: &settings.time_zone_name,
                permalink_pattern: settings.permalink_pattern.as_str(),
            },
        })
        .map_err(crate::AppError::internal)?;
        let opening = head.strip_suffix('}').unwrap_or(&head);
        out.write_all(opening.as_bytes())
            .map_err(|error| unwritable(&error))?;
        self.write_people_and_terms(out).await?;
        self.write_media(out, settings.site_url.trim_end_matches('/'))
            .await?;
        self.write_linked_files(out).await?;
        let mut articles = ListWriter::open(out, ",\"articles\":[")?;
        let mut pages = ArticlePages::new(self, &settings).await?;
        while let Some(page) = pages.next_page().await? {
            for exported in &page {
                articles.item(out, &article_json(exported))?;
            }
        }
        articles.close(out)?;
        out.write_all(b"}\n").map_err(|error| unwritable(&error))?;
        out.flush().map_err(|error| unwritable(&error))
    }

    /// Writes the users, categories and tags.
    async fn write_people_and_terms(&self, out: &mut (dyn Write + Send)) -> AppResult<()> {
        let db = self.db();
        let mut users = ListWriter::open(out, ",\"users\":[")?;
        for user in db.users().await? {
            users.item(
                out,
                &UserJson {
                    id: user.id.get(),
                    display_name: &user.display_name,
                    email: &user.email,
                    slug: user.slug.as_str(),
                    role: user.role.as_str(),
                    created_at: time(user.created_at),
                    disabled_at: user.disabled_at.map(time),
                },
            )?;
        }
        users.close(out)?;
        let mut categories = ListWriter::open(out, ",\"categories\":[")?;
        for details in db.category_details().await? {
            categories.item(
                out,
                &CategoryJson {
                    id: details.category.id.get(),
                    slug: details.category.slug.as_str(),
                    name: &details.category.name,
                    description: &details.description,
                    parent_id: details.category.parent_id.map(CategoryId::get),
                },
            )?;
        }
        categories.close(out)?;
        let mut tags = ListWriter::open(out, ",\"tags\":[")?;
        for tag in db.all_tags().await? {
            tags.item(
                out,
                &TagJson {
                    id: tag.id.get(),
                    slug: tag.slug.as_str(),
                    name: &tag.name,
                },
            )?;
        }
        tags.close(out)
    }

    /// Writes the media library, a page at a time.
    async fn write_media(&self, out: &mut (dyn Write + Send), site_url: &str) -> AppResult<()> {
        let mut media = ListWriter::open(out, ",\"media\":[")?;
        let mut after = 0;
        loop {
            let page = self.db().media_after(after, MEDIA_PER_PAGE).await?;
            let Some(final_image) = page.last() else {
                break;
            };
            after = final_image.id.get();
            for image in &page {
                media.item(
                    out,
                    &MediaJson {
                        id: image.id.get(),
                        url: format!("{site_url}{}", media_url(&image.file_name)),
                        file_name: &image.file_name,
                        original_name: &image.original_name,
                        mime_type: &image.mime_type,
                        width: image.width,
                        height: image.height,
                        byte_size: image.byte_size,
                        sha256: &image.sha256,
                        title: &image.title,
                        alt_text: &image.alt_text,
                        caption: &image.caption,
                        uploaded_by: image.uploaded_by.map(UserId::get),
                        created_at: time(image.created_at),
                    },
                )?;
            }
        }
        media.close(out)
    }

    /// Writes the files an import left at their old site's address.
    async fn write_linked_files(&self, out: &mut (dyn Write + Send)) -> AppResult<()> {
        let mut linked = ListWriter::open(out, ",\"linked_files\":[")?;
        for (site, attachment) in self.db().unfetched_attachments().await? {
            linked.item(
                out,
                &LinkedFileJson {
                    wordpress_site: &site,
                    wordpress_id: attachment.wordpress_id,
                    url: &attachment.url,
                    title: &attachment.title,
                    caption: &attachment.caption,
                    alt_text: &attachment.alt_text,
                    article_id: attachment.article_id.map(ArticleId::get),
                },
            )?;
        }
        linked.close(out)
    }
}
