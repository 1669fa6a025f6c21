//! Articles: publishing them, and finding them for the public pages and the CLI; the
//! desk's work on them lives in the submodules.

mod corrections;
mod desk_list;
mod editor;
mod feed;
mod history;
mod lifecycle;
mod pages;
mod scheduling;
pub(crate) mod slugs;
mod sticky;

pub use desk_list::{DeskArticleList, DeskArticleListItem, DeskListQuery};
pub use editor::{ArticleEdit, AutosaveOutcome, AutosaveText, EditorData};
pub(crate) use feed::FeedChannel;
pub use history::{RevisionComparison, RevisionListItem};
pub use lifecycle::BulkArticleAction;
pub use pages::{ArticlePlace, PageChoice, may_write_pages};

use crate::comments::CommentPage;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::correction::Correction;
use gazette_domain::permalink::Permalinks;
use gazette_domain::taxonomy::{category_slug_for, tag_slug_for};
use gazette_domain::{
    Article, ArticleDraft, ArticleStatus, CommentId, SiteSettings, Timestamp, UserId,
};
use gazette_render::markdown;
use gazette_store::{ArticleRecord, ArticleSummary};
use serde::Serialize;

/// Choices about a new article beyond what its author typed.
#[derive(Clone, Debug, Default)]
pub struct PublishOptions {
    /// Who wrote it.
    pub author_id: Option<UserId>,
    /// When it counts as published; now when absent. A time still to come schedules it.
    pub published_at: Option<Timestamp>,
    /// Category names to file it under (created as needed).
    pub categories: Vec<String>,
    /// Tag names to give it (created as needed).
    pub tags: Vec<String>,
    /// Whether to keep it at the top of the home page.
    pub sticky: bool,
}

/// One article in the CLI's list, with its public address.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleListItem {
    /// Its id.
    pub id: i64,
    /// Its headline.
    pub title: String,
    /// Its slug.
    pub slug: String,
    /// Its status.
    pub status: ArticleStatus,
    /// Its public address; `None` until it has a publication date.
    pub url: Option<String>,
    /// When it is or was published.
    pub published_at: Option<Timestamp>,
    /// How many approved comments it has.
    pub comment_count: i64,
    /// Whether comments are open.
    pub comments_open: bool,
    /// The credited source of a republished piece.
    pub source_name: Option<String>,
    /// The original's address.
    pub source_url: Option<String>,
    /// Whether it is kept at the top of the home page.
    pub sticky: bool,
}

/// One page of the home page's list.
#[derive(Clone, Debug)]
pub struct HomeListing {
    /// The articles on this page: the sticky ones first, then the others, each newest
    /// first.
    pub articles: Vec<ArticleSummary>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub total_pages: u32,
    /// The site's settings, as used to build the page.
    pub settings: SiteSettings,
    /// Articles' addresses, as the page links them.
    pub permalinks: Permalinks,
    /// On the first page, which describes the site, its logo, when it has one still in
    /// the media library.
    pub site_logo: Option<crate::MediaItem>,
}

/// Everything an article page shows.
#[derive(Clone, Debug)]
pub struct ArticlePageData {
    /// The article.
    pub article: Article,
    /// Its address under the site's permalink pattern.
    pub path: String,
    /// Its author's display name, when the author is known.
    pub author_name: Option<String>,
    /// The address of its author's archive, when the author is known.
    pub author_path: Option<String>,
    /// The comment page shown: approved threads and the reader's own pending comments.
    pub comments: CommentPage,
    /// How many approved comments the article has (pingbacks and trackbacks apart).
    pub approved_count: usize,
    /// Its approved pingbacks and trackbacks, oldest first: shown apart from the comments.
    pub linkbacks: Vec<gazette_domain::Comment>,
    /// Whether the article takes comments now (it is open and not past the site's limit).
    pub accepts_comments: bool,
    /// Whether readers can ask to hear of replies by email (mail is set up).
    pub offers_reply_notifications: bool,
    /// Its categories, by name, with their archives' addresses.
    pub categories: Vec<crate::ArchiveLink>,
    /// Its tags, by name, with their archives' addresses.
    pub tags: Vec<crate::ArchiveLink>,
    /// Its corrections and updates, oldest first.
    pub corrections: Vec<Correction>,
    /// Its featured image, when it has one still in the media library.
    pub featured_image: Option<crate::MediaItem>,
    /// The site's logo, when it has one still in the media library.
    pub site_logo: Option<crate::MediaItem>,
    /// The site's settings, as used to build the page.
    pub settings: SiteSettings,
}

/// Why no public article answers an address.
pub(crate) fn no_article_here() -> AppError {
    AppError::NotFound(
        "There is no article at this address. It may have been moved or unpublished.".to_owned(),
    )
}

impl App {
    /// Validates and stores a new article, rendering its Markdown and making its excerpt
    /// and a unique slug. Returns the stored article.
    pub async fn publish_article(
        &self,
        draft: &ArticleDraft,
        options: PublishOptions,
    ) -> AppResult<Article> {
        let valid = draft.validate().map_err(AppError::Validation)?;
        let settings = self.site_settings().await?;
        let now = self.clock().now();
        // A publication time still to come schedules the article.
        let (status, published_at) = match (valid.status, options.published_at) {
            (ArticleStatus::Published, Some(when)) if when > now => {
                (ArticleStatus::Scheduled, Some(when))
            }
            (ArticleStatus::Published, when) => {
                (ArticleStatus::Published, Some(when.unwrap_or(now)))
            }
            (status, _) => (status, None),
        };
        let body_html = markdown::to_safe_html(&valid.body_markdown);
        let excerpt = valid
            .excerpt
            .clone()
            .unwrap_or_else(|| markdown::excerpt(&valid.body_markdown));

        let mut tx = self.db().begin().await?;
        let slug = slugs::choose_slug(&mut tx, valid.slug.as_ref(), &valid.title, None).await?;
        let record = ArticleRecord {
            slug,
            title: valid.title.clone(),
            body_markdown: valid.body_markdown.clone(),
            body_html,
            excerpt,
            excerpt_is_manual: valid.excerpt.is_some(),
            seo_title: valid.seo_title.clone(),
            meta_description: valid.meta_description.clone(),
            status,
            author_id: options.author_id,
            comments_open: valid
                .comments_open
                .unwrap_or(settings.comments_open_by_default),
            source: valid.source.clone(),
            featured_image: None,
            published_at,
            modified_at: None,
        };
        let id = tx.insert_article(&record, now).await?;
        if options.sticky {
            tx.set_article_sticky(id, true, now).await?;
        }
        tx.forget_old_slug(&record.slug).await?;
        for name in options
            .categories
            .iter()
            .map(|name| name.trim())
            .filter(|name| !name.is_empty())
        {
            let category = tx
                .ensure_category(&category_slug_for(name, true), name)
                .await?;
            tx.attach_category(id, category).await?;
        }
        for name in options
            .tags
            .iter()
            .map(|name| name.trim())
            .filter(|name| !name.is_empty())
        {
            let tag = tx.ensure_tag(&tag_slug_for(name), name).await?;
            tx.attach_tag(id, tag).await?;
        }
        if let (ArticleStatus::Scheduled, Some(when)) = (status, published_at) {
            self.enqueue_at(
                &mut tx,
                &crate::jobs::Job::PublishScheduled {
                    article_id: id.get(),
                },
                when,
                now,
            )
            .await?;
        }
        let article = tx
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("an article vanished inside its own transaction"))?;
        tx.commit().await?;
        if status == ArticleStatus::Scheduled {
            self.wake_job_runner();
        }
        tracing::info!(article = %article.id, slug = %article.slug, status = %article.status, "article saved");
        Ok(article)
    }

    /// Every article of every status with its address, newest first.
    pub async fn article_list(&self) -> AppResult<Vec<ArticleListItem>> {
        let settings = self.site_settings().await?;
        let permalinks = self.permalinks(&settings).await?;
        let articles = self.db().all_articles().await?;
        Ok(articles
            .into_iter()
            .map(|summary| ArticleListItem {
                id: summary.id.get(),
                url: summary.published_at.map(|published| {
                    let path = permalinks.path(
                        summary.id,
                        &summary.slug,
                        published,
                        summary.first_category,
                    );
                    format!("{}{path}", settings.site_url)
                }),
                title: summary.title,
                slug: summary.slug.to_string(),
                status: summary.status,
                published_at: summary.published_at,
                comment_count: summary.comment_count,
                comments_open: summary.comments_open,
                source_name: summary.source_name,
                source_url: summary.source_url,
                sticky: summary.sticky,
            })
            .collect())
    }

    /// Page `page` (from 1) of the public news: the sticky posts first, newest first
    /// among them, then the others newest first, each listed once. A page past the end is
    /// not found, except page 1 of an empty site.
    pub async fn home_listing(&self, page: u32) -> AppResult<HomeListing> {
        let settings = self.site_settings().await?;
        let per_page = settings.posts_per_page.max(1);
        if page == 0 {
            return Err(AppError::NotFound("There is no page 0.".to_owned()));
        }
        let offset = u64::from(page - 1) * u64::from(per_page);
        let listing = self
            .db()
            .home_page_articles(self.clock().now(), per_page, offset)
            .await?;
        let total = u64::try_from(listing.total).unwrap_or(0);
        let total_pages = u32::try_from(total.div_ceil(u64::from(per_page)))
            .unwrap_or(u32::MAX)
            .max(1);
        if page > total_pages {
            return Err(AppError::NotFound(format!(
                "There is no page {page}; the list has {total_pages}."
            )));
        }
        Ok(HomeListing {
            articles: listing.articles,
            page,
            total_pages,
            permalinks: self.permalinks(&settings).await?,
            site_logo: if page == 1 {
                self.chosen_media_item(settings.site_logo).await?
            } else {
                None
            },
            settings,
        })
    }

    /// The public article with `slug`; drafts and articles scheduled for later are not
    /// found.
    pub async fn public_article(&self, slug: &str) -> AppResult<Article> {
        let article = self.db().article_by_slug(slug).await?;
        self.only_public(article)
    }

    /// The public article that was published under `old_slug` before its slug changed, so
    /// that old links can be sent on to its address.
    pub async fn renamed_public_article(&self, old_slug: &str) -> AppResult<Option<Article>> {
        let now = self.clock().now();
        Ok(self
            .db()
            .article_by_old_slug(old_slug)
            .await?
            .filter(|article| article.is_public_at(now)))
    }

    /// The public article with `id`.
    pub async fn public_article_by_id(&self, id: gazette_domain::ArticleId) -> AppResult<Article> {
        let article = self.db().article_by_id(id).await?;
        self.only_public(article)
    }

    fn only_public(&self, article: Option<Article>) -> AppResult<Article> {
        match article {
            Some(article) if article.is_public_at(self.clock().now()) => Ok(article),
            _ => Err(no_article_here()),
        }
    }

    /// What the page of `article` shows, including the reader's own pending comments
    /// among `own_pending`.
    pub async fn article_page(
        &self,
        article: Article,
        comment_page: u32,
        own_pending: &[CommentId],
    ) -> AppResult<ArticlePageData> {
        let settings = self.site_settings().await?;
        let path = self.permalinks(&settings).await?.article_path(&article);
        self.article_page_with(article, path, comment_page, own_pending, settings)
            .await
    }

    /// [`App::article_page`] with the settings and the article's address at hand, as a
    /// public page that found the article by its address has them.
    pub async fn article_page_with(
        &self,
        article: Article,
        path: String,
        comment_page: u32,
        own_pending: &[CommentId],
        settings: SiteSettings,
    ) -> AppResult<ArticlePageData> {
        let comments = self
            .comment_page(&article, comment_page, &settings, own_pending)
            .await?;
        let approved_count =
            usize::try_from(self.db().approved_comment_count(article.id).await?).unwrap_or(0);
        let linkbacks = self.db().approved_linkbacks(article.id).await?;
        let accepts_comments = article
            .check_accepts_comments(self.clock().now(), settings.close_comments_after_days)
            .is_ok();
        let (categories, tags) = self
            .archive_links(
                self.db().categories_of_article(article.id).await?,
                self.db().tags_of_article(article.id).await?,
            )
            .await?;
        let corrections = self.db().corrections_of(article.id).await?;
        let author = match article.author_id {
            Some(author) => self.db().user_by_id(author).await?,
            None => None,
        };
        let author_path = author
            .as_ref()
            .map(|user| gazette_domain::archive::author_archive_path(user.slug.as_str()));
        let author_name = author.map(|user| user.display_name);
        let featured_image = self
            .chosen_media_item(article.featured_image.as_ref().map(|image| image.media_id))
            .await?;
        let site_logo = self.chosen_media_item(settings.site_logo).await?;
        Ok(ArticlePageData {
            article,
            path,
            author_name,
            author_path,
            comments,
            approved_count,
            linkbacks,
            accepts_comments,
            offers_reply_notifications: self.mailer().is_some(),
            categories,
            tags,
            corrections,
            featured_image,
            site_logo,
            settings,
        })
    }
}
