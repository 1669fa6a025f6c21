//! The site as WordPress's export format: users as authors (known by their public slug,
//! which stands for a login), categories parents first, tags, the media library as
//! attachments (with ids above every article's, since WordPress numbers both alike), and
//! each article as a post or page with its status, dates in the site's zone and in GMT,
//! terms, featured image, old slugs and every comment, pingback and trackback.

use super::pages::{ArticlePages, ExportedArticle};
use super::unwritable;
use crate::media::media_url;
use crate::{App, AppResult};
use gazette_domain::taxonomy::category_tree;
use gazette_domain::{
    ArticleKind, ArticleStatus, Comment, CommentStatus, SiteSettings, Slug, Timestamp, User,
};
use gazette_store::{ImportedAttachmentRecord, MediaRecord};
use gazette_wordpress::{
    Author, Category, Comment as WordPressComment, Item, ItemTerm, Meta, Site, Tag, WxrWriter,
};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use std::collections::HashMap;
use std::io::Write;

/// How many images of the library are read at a time.
const MEDIA_PER_PAGE: u32 = 500;

/// What writing an article needs to know of the rest of the site.
struct Context {
    site_url: String,
    zone: TimeZone,
    logins: HashMap<i64, String>,
    categories: HashMap<i64, (String, String)>,
    tags: HashMap<i64, (String, String)>,
    /// Where the media library's attachments' ids start.
    attachment_ids_from: i64,
    /// The ids of the attachments imports kept at their address, by site and WordPress
    /// id: above the media library's.
    kept_attachment_ids: HashMap<(String, i64), i64>,
}

impl Context {
    /// `instant` in the site's zone.
    fn local(&self, instant: Timestamp) -> DateTime {
        instant.in_zone(&self.zone).datetime()
    }
}

/// `instant` in GMT.
fn gmt(instant: Timestamp) -> DateTime {
    instant.in_zone(&TimeZone::UTC).datetime()
}

/// WordPress's name of an article's status.
fn status_name(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Published => "publish",
        ArticleStatus::Scheduled => "future",
        ArticleStatus::Pending => "pending",
        ArticleStatus::Draft => "draft",
    }
}

/// WordPress's name of a comment's status.
fn approval(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Approved => "1",
        CommentStatus::Pending => "0",
        CommentStatus::Spam => "spam",
        CommentStatus::Trash => "trash",
    }
}

fn author_of(user: &User) -> Author {
    Author {
        id: u64::try_from(user.id.get()).ok(),
        login: user.slug.to_string(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        ..Author::default()
    }
}

fn attachment_of(media: &MediaRecord, context: &Context) -> Item {
    let url = format!("{}{}", context.site_url, media_url(&media.file_name));
    Item {
        id: u64::try_from(context.attachment_ids_from + media.id.get()).ok(),
        title: media.title.clone(),
        link: Some(url.clone()),
        guid: Some(url.clone()),
        excerpt: media.caption.clone(),
        date: Some(context.local(media.created_at)),
        date_gmt: Some(gmt(media.created_at)),
        modified: Some(context.local(media.updated_at)),
        modified_gmt: Some(gmt(media.updated_at)),
        comment_status: "closed".to_owned(),
        ping_status: "closed".to_owned(),
        slug: Slug::from_title(&media.title, "image").to_string(),
        status: "inherit".to_owned(),
        post_type: "attachment".to_owned(),
        attachment_url: Some(url),
        meta: vec![
            Meta {
                key: "_wp_attached_file".to_owned(),
                value: media.file_name.clone(),
            },
            Meta {
                key: "_wp_attachment_image_alt".to_owned(),
                value: media.alt_text.clone(),
            },
        ],
        ..Item::default()
    }
}

/// An attachment an import kept at its address, with the article it belongs to.
fn kept_attachment_of(
    site: &str,
    attachment: &ImportedAttachmentRecord,
    context: &Context,
) -> Item {
    Item {
        id: context
            .kept_attachment_ids
            .get(&(site.to_owned(), attachment.wordpress_id))
            .and_then(|id| u64::try_from(*id).ok()),
        title: attachment.title.clone(),
        link: Some(attachment.url.clone()),
        guid: Some(attachment.url.clone()),
        excerpt: attachment.caption.clone(),
        comment_status: "closed".to_owned(),
        ping_status: "closed".to_owned(),
        slug: Slug::from_title(&attachment.title, "attachment").to_string(),
        status: "inherit".to_owned(),
        parent: attachment
            .article_id
            .and_then(|article| u64::try_from(article.get()).ok()),
        post_type: "attachment".to_owned(),
        attachment_url: Some(attachment.url.clone()),
        meta: vec![Meta {
            key: "_wp_attachment_image_alt".to_owned(),
            value: attachment.alt_text.clone(),
        }],
        ..Item::default()
    }
}

/// A comment as WordPress writes one; one in the spam or the trash carries where it stood
/// before, as WordPress notes it, so that restoring it there puts it back.
fn comment_of(comment: &Comment, context: &Context) -> WordPressComment {
    let set_aside = matches!(comment.status, CommentStatus::Spam | CommentStatus::Trash);
    let meta = match comment.status_before.filter(|_| set_aside) {
        Some(before) => vec![
            Meta {
                key: "_wp_trash_meta_status".to_owned(),
                value: approval(before).to_owned(),
            },
            Meta {
                key: "_wp_trash_meta_time".to_owned(),
                value: comment.updated_at.as_jiff().as_second().to_string(),
            },
        ],
        None => Vec::new(),
    };
    WordPressComment {
        id: u64::try_from(comment.id.get()).ok(),
        author: comment.author_name.clone(),
        author_email: comment.author_email.clone(),
        author_url: comment.author_url.clone().unwrap_or_default(),
        author_ip: comment.ip.clone().unwrap_or_default(),
        date: Some(context.local(comment.created_at)),
        date_gmt: Some(gmt(comment.created_at)),
        content: comment.html.clone(),
        approved: approval(comment.status).to_owned(),
        kind: comment.kind.as_str().to_owned(),
        parent: comment
            .parent_id
            .and_then(|parent| u64::try_from(parent.get()).ok()),
        user_id: comment
            .user_id
            .and_then(|user| u64::try_from(user.get()).ok()),
        meta,
        ..WordPressComment::default()
    }
}

/// WordPress's status of an article, its slug (WordPress marks a trashed one's), and its
/// metadata: old slugs, featured image, the SEO title and meta description (as Yoast SEO
/// keeps them, which the common SEO plugins can take over), and what the trash keeps.
fn standing_of(exported: &ExportedArticle, context: &Context) -> (&'static str, String, Vec<Meta>) {
    let article = &exported.article;
    let mut meta: Vec<Meta> = exported
        .old_slugs
        .iter()
        .map(|slug| Meta {
            key: "_wp_old_slug".to_owned(),
            value: slug.clone(),
        })
        .collect();
    let thumbnail = match (&article.featured_image, &exported.featured_attachment) {
        (Some(image), _) => Some(context.attachment_ids_from + image.media_id.get()),
        (None, Some(kept)) => context.kept_attachment_ids.get(kept).copied(),
        (None, None) => None,
    };
    if let Some(thumbnail) = thumbnail {
        meta.push(Meta {
            key: "_thumbnail_id".to_owned(),
            value: thumbnail.to_string(),
        });
    }
    for (key, value) in [
        ("_yoast_wpseo_title", &article.seo_title),
        ("_yoast_wpseo_metadesc", &article.meta_description),
    ] {
        if !value.is_empty() {
            meta.push(Meta {
                key: key.to_owned(),
                value: value.clone(),
            });
        }
    }
    match article.trashed {
        Some(trashed) => {
            meta.extend([
                Meta {
                    key: "_wp_trash_meta_status".to_owned(),
                    value: status_name(trashed.status_before).to_owned(),
                },
                Meta {
                    key: "_wp_trash_meta_time".to_owned(),
                    value: trashed.at.as_jiff().as_second().to_string(),
                },
                Meta {
                    key: "_wp_desired_post_slug".to_owned(),
                    value: article.slug.to_string(),
                },
            ]);
            ("trash", format!("{}__trashed", article.slug), meta)
        }
        None => (status_name(article.status), article.slug.to_string(), meta),
    }
}

/// The categories and tags an article is filed under, as an item's terms.
fn terms_of(exported: &ExportedArticle, context: &Context) -> Vec<ItemTerm> {
    let term = |domain: &str, (slug, name): &(String, String)| ItemTerm {
        domain: domain.to_owned(),
        slug: Some(slug.clone()),
        name: name.clone(),
    };
    exported
        .categories
        .iter()
        .filter_map(|id| context.categories.get(&id.get()))
        .map(|category| term("category", category))
        .chain(
            exported
                .tags
                .iter()
                .filter_map(|id| context.tags.get(&id.get()))
                .map(|tag| term("post_tag", tag)),
        )
        .collect()
}

fn item_of(exported: &ExportedArticle, context: &Context) -> Item {
    let article = &exported.article;
    let site_url = &context.site_url;
    let written = article.published_at.unwrap_or(article.created_at);
    let modified = article.modified_at.unwrap_or(article.updated_at);
    let (status, slug, meta) = standing_of(exported, context);
    Item {
        id: u64::try_from(article.id.get()).ok(),
        title: article.title.clone(),
        link: Some(if article.status == ArticleStatus::Published {
            exported.url.clone()
        } else {
            format!("{site_url}/?p={}", article.id)
        }),
        creator: article
            .author_id
            .and_then(|author| context.logins.get(&author.get()))
            .cloned()
            .unwrap_or_default(),
        guid: Some(format!("{site_url}/?p={}", article.id)),
        content: article.body_html.clone(),
        excerpt: article.manual_excerpt().to_owned(),
        date: Some(context.local(written)),
        date_gmt: article.published_at.map(gmt),
        modified: Some(context.local(modified)),
        modified_gmt: Some(gmt(modified)),
        comment_status: if article.comments_open {
            "open"
        } else {
            "closed"
        }
        .to_owned(),
        ping_status: "closed".to_owned(),
        slug,
        status: status.to_owned(),
        parent: article
            .parent_id
            .and_then(|parent| u64::try_from(parent.get()).ok()),
        post_type: match article.kind {
            ArticleKind::Post => "post",
            ArticleKind::Page => "page",
        }
        .to_owned(),
        sticky: article.sticky,
        terms: terms_of(exported, context),
        meta,
        comments: exported
            .comments
            .iter()
            .map(|comment| comment_of(comment, context))
            .collect(),
        ..Item::default()
    }
}

impl Context {
    /// What writing articles needs, read from the site, with the attachments imports kept
    /// at their address (`kept`).
    async fn read(
        app: &App,
        settings: &SiteSettings,
        users: &[User],
        kept: &[(String, ImportedAttachmentRecord)],
    ) -> AppResult<Self> {
        let db = app.db();
        let attachment_ids_from = db.largest_article_id().await?;
        let kept_from = attachment_ids_from + db.largest_media_id().await? + 1;
        Ok(Self {
            site_url: settings.site_url.trim_end_matches('/').to_owned(),
            zone: settings.time_zone.clone(),
            logins: users
                .iter()
                .map(|user| (user.id.get(), user.slug.to_string()))
                .collect(),
            categories: db
                .all_categories()
                .await?
                .into_iter()
                .map(|category| {
                    (
                        category.id.get(),
                        (category.slug.to_string(), category.name),
                    )
                })
                .collect(),
            tags: db
                .all_tags()
                .await?
                .into_iter()
                .map(|tag| (tag.id.get(), (tag.slug.to_string(), tag.name)))
                .collect(),
            attachment_ids_from,
            kept_attachment_ids: kept
                .iter()
                .enumerate()
                .map(|(index, (site, attachment))| {
                    let offset = i64::try_from(index).unwrap_or(i64::MAX);
                    (
                        (site.clone(), attachment.wordpress_id),
                        kept_from.saturating_add(offset),
                    )
                })
                .collect(),
        })
    }
}

/// Writes the categories, parents first, and the tags.
async fn write_terms<W: Write>(
    app: &App,
    writer: &mut WxrWriter<W>,
    context: &Context,
) -> AppResult<()> {
    let db = app.db();
    let categories = db.all_categories().await?;
    let descriptions: HashMap<i64, String> = db
        .category_details()
        .await?
        .into_iter()
        .map(|details| (details.category.id.get(), details.description))
        .collect();
    for (category, _) in category_tree(&categories) {
        let parent_slug = category
            .parent_id
            .and_then(|parent| context.categories.get(&parent.get()))
            .map(|(slug, _)| slug.clone())
            .unwrap_or_default();
        writer
            .category(&Category {
                term_id: u64::try_from(category.id.get()).ok(),
                slug: category.slug.to_string(),
                parent_slug,
                name: category.name.clone(),
                description: descriptions
                    .get(&category.id.get())
                    .cloned()
                    .unwrap_or_default(),
                ..Category::default()
            })
            .map_err(|error| unwritable(&error))?;
    }
    for tag in db.all_tags().await? {
        writer
            .tag(&Tag {
                term_id: u64::try_from(tag.id.get()).ok(),
                slug: tag.slug.to_string(),
                name: tag.name,
                ..Tag::default()
            })
            .map_err(|error| unwritable(&error))?;
    }
    Ok(())
}

impl App {
    /// Writes the whole site to `out` as a WordPress export (WXR 1.2).
    pub async fn export_wordpress(&self, out: &mut (dyn Write + Send)) -> AppResult<()> {
        let settings = self.site_settings().await?;
        let users = self.db().users().await?;
        let kept = self.db().unfetched_attachments().await?;
        let context = Context::read(self, &settings, &users, &kept).await?;
        let mut writer = WxrWriter::start(
            out,
            &site_of(&settings),
            &format!("Gazette {}", env!("CARGO_PKG_VERSION")),
            &self
                .clock()
                .now()
                .in_zone(&TimeZone::UTC)
                .strftime("%a, %d %b %Y %H:%M:%S +0000")
                .to_string(),
        )
        .map_err(|error| unwritable(&error))?;
        for user in &users {
            writer
                .author(&author_of(user))
                .map_err(|error| unwritable(&error))?;
        }
        write_terms(self, &mut writer, &context).await?;
        let mut after = 0;
        loop {
            let media = self.db().media_after(after, MEDIA_PER_PAGE).await?;
            let Some(final_image) = media.last() else {
                break;
            };
            after = final_image.id.get();
            for image in &media {
                writer
                    .item(&attachment_of(image, &context))
                    .map_err(|error| unwritable(&error))?;
            }
        }
        for (site, attachment) in &kept {
            writer
                .item(&kept_attachment_of(site, attachment, &context))
                .map_err(|error| unwritable(&error))?;
        }
        let mut pages = ArticlePages::new(self, &settings).await?;
        while let Some(page) = pages.next_page().await? {
            for exported in &page {
                writer
                    .item(&item_of(exported, &context))
                    .map_err(|error| unwritable(&error))?;
            }
        }
        writer.finish().map_err(|error| unwritable(&error))?;
        Ok(())
    }
}

/// The site as the export's channel describes it.
fn site_of(settings: &SiteSettings) -> Site {
    let address = settings.site_url.trim_end_matches('/').to_owned();
    Site {
        title: settings.title.clone(),
        link: address.clone(),
        description: settings.tagline.clone(),
        language: Some(settings.language.clone()).filter(|language| !language.is_empty()),
        wxr_version: "1.2".to_owned(),
        base_site_url: Some(address.clone()),
        base_blog_url: Some(address),
        generator: None,
    }
}
