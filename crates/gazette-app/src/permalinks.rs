//! Articles' public addresses under the site's permalink pattern: making them, and finding
//! the public article a requested path names — read with the current pattern first, then
//! with each earlier one, so that addresses made before a change keep leading to the
//! article (the caller redirects to its current address).
//!
//! Only public articles are ever found: drafts, scheduled and trashed articles have no
//! address. The category tree is read only when the pattern names categories.

use crate::articles::no_article_here;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::permalink::{NamedParts, PermalinkPattern, Permalinks, Subpage, is_site_path};
use gazette_domain::{Article, ArticleId, SiteSettings};

/// The public article a requested path leads to.
#[derive(Clone, Debug)]
pub struct LocatedArticle {
    /// The article.
    pub article: Article,
    /// Its address under the current pattern.
    pub path: String,
    /// Which of its pages the path asked for.
    pub subpage: Subpage,
}

impl LocatedArticle {
    /// The address the path should have been: the page asked for, under the current
    /// pattern. A request elsewhere is redirected here.
    pub fn canonical_path(&self) -> String {
        self.subpage.under(&self.path)
    }
}

impl App {
    /// Articles' addresses as the site makes them now.
    pub async fn permalinks(&self, settings: &SiteSettings) -> AppResult<Permalinks> {
        let categories = if settings.permalink_pattern.names_categories() {
            self.db().all_categories().await?
        } else {
            Vec::new()
        };
        Ok(Permalinks::new(
            &settings.permalink_pattern,
            &settings.time_zone,
            &categories,
        ))
    }

    /// The public article at `path` (which ends with `/`). The path is read with the
    /// current pattern, then with the earlier ones, most recent first; a slug the article
    /// had before also finds it. Not found when no public article answers.
    pub async fn article_at(
        &self,
        path: &str,
        settings: &SiteSettings,
    ) -> AppResult<LocatedArticle> {
        if is_site_path(path) {
            return Err(no_article_here());
        }
        let mut found = match settings.permalink_pattern.read(path) {
            Some(read) => self
                .public_article_named(&read.parts)
                .await?
                .map(|article| (article, read.subpage)),
            None => None,
        };
        if found.is_none() {
            for text in self.db().earlier_permalink_patterns().await? {
                let Ok(pattern) = PermalinkPattern::parse(&text) else {
                    tracing::warn!(pattern = %text, "ignoring an earlier permalink pattern that is no longer valid");
                    continue;
                };
                let Some(read) = pattern.read(path) else {
                    continue;
                };
                if let Some(article) = self.public_article_named(&read.parts).await? {
                    found = Some((article, read.subpage));
                    break;
                }
            }
        }
        let Some((article, subpage)) = found else {
            return Err(no_article_here());
        };
        Ok(LocatedArticle {
            path: self.permalinks(settings).await?.article_path(&article),
            article,
            subpage,
        })
    }

    /// The address of the public article `id`, as `/?p=ID` asks for it.
    pub async fn public_article_path(&self, id: ArticleId) -> AppResult<String> {
        let article = self.public_article_by_id(id).await?;
        let settings = self.site_settings().await?;
        Ok(self.permalinks(&settings).await?.article_path(&article))
    }

    /// The public article that `parts` name: by id when the pattern has one, else (or when
    /// the id finds none) by slug, current or earlier.
    async fn public_article_named(&self, parts: &NamedParts) -> AppResult<Option<Article>> {
        if let Some(id) = parts.id
            && let Some(article) = found(self.public_article_by_id(id).await)?
        {
            return Ok(Some(article));
        }
        let Some(slug) = &parts.slug else {
            return Ok(None);
        };
        match found(self.public_article(slug).await)? {
            Some(article) => Ok(Some(article)),
            None => self.renamed_public_article(slug).await,
        }
    }
}

/// A lookup's article, with "not found" as `None`.
fn found(outcome: AppResult<Article>) -> AppResult<Option<Article>> {
    match outcome {
        Ok(article) => Ok(Some(article)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}
