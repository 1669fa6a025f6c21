//! The site's articles a page at a time, by id, each with everything an export writes of
//! it: comments of every status, categories, tags, old slugs and public address.

use crate::{App, AppResult};
use gazette_domain::permalink::Permalinks;
use gazette_domain::{Article, ArticleId, CategoryId, Comment, SiteSettings, TagId};
use std::collections::HashMap;

/// How many articles are read at a time.
const ARTICLES_PER_PAGE: u32 = 200;

/// An article with everything an export writes of it.
pub(super) struct ExportedArticle {
    pub(super) article: Article,
    /// Its absolute address.
    pub(super) url: String,
    pub(super) categories: Vec<CategoryId>,
    pub(super) tags: Vec<TagId>,
    /// The slugs it had before, oldest first.
    pub(super) old_slugs: Vec<String>,
    /// Its comments, pingbacks and trackbacks of every status, by id.
    pub(super) comments: Vec<Comment>,
    /// Its featured image on WordPress, when that is an attachment kept at its address:
    /// the site it came from and its WordPress id.
    pub(super) featured_attachment: Option<(String, i64)>,
}

/// The site's articles, read a page at a time.
pub(super) struct ArticlePages<'a> {
    app: &'a App,
    site_url: String,
    permalinks: Permalinks,
    after: i64,
    done: bool,
}

impl<'a> ArticlePages<'a> {
    pub(super) async fn new(app: &'a App, settings: &SiteSettings) -> AppResult<Self> {
        Ok(Self {
            app,
            site_url: settings.site_url.trim_end_matches('/').to_owned(),
            permalinks: app.permalinks(settings).await?,
            after: 0,
            done: false,
        })
    }

    /// The next page of articles; `None` past the last.
    pub(super) async fn next_page(&mut self) -> AppResult<Option<Vec<ExportedArticle>>> {
        if self.done {
            return Ok(None);
        }
        let db = self.app.db();
        let articles = db.articles_after(self.after, ARTICLES_PER_PAGE).await?;
        let Some(last) = articles.last() else {
            self.done = true;
            return Ok(None);
        };
        self.after = last.id.get();
        let ids: Vec<ArticleId> = articles.iter().map(|article| article.id).collect();
        let mut comments: HashMap<ArticleId, Vec<Comment>> = HashMap::new();
        for comment in db.comments_on(&ids).await? {
            comments
                .entry(comment.article_id)
                .or_default()
                .push(comment);
        }
        let filing = db.filing_of(&ids).await?;
        let mut featured: HashMap<ArticleId, (String, i64)> = db
            .unfetched_featured_attachments(&ids)
            .await?
            .into_iter()
            .map(|(article, site, attachment)| (article, (site, attachment)))
            .collect();
        let mut categories: HashMap<ArticleId, Vec<CategoryId>> = HashMap::new();
        for (article, category) in filing.categories {
            categories.entry(article).or_default().push(category);
        }
        let mut tags: HashMap<ArticleId, Vec<TagId>> = HashMap::new();
        for (article, tag) in filing.tags {
            tags.entry(article).or_default().push(tag);
        }
        let mut old_slugs: HashMap<ArticleId, Vec<String>> = HashMap::new();
        for (article, slug) in filing.old_slugs {
            old_slugs.entry(article).or_default().push(slug);
        }
        Ok(Some(
            articles
                .into_iter()
                .map(|article| ExportedArticle {
                    url: format!(
                        "{}{}",
                        self.site_url,
                        self.permalinks.article_path(&article)
                    ),
                    categories: categories.remove(&article.id).unwrap_or_default(),
                    tags: tags.remove(&article.id).unwrap_or_default(),
                    old_slugs: old_slugs.remove(&article.id).unwrap_or_default(),
                    comments: comments.remove(&article.id).unwrap_or_default(),
                    featured_attachment: featured.remove(&article.id),
                    article,
                })
                .collect(),
        ))
    }
}
