//! Articles' public addresses under the site's permalink pattern: making them, and finding
//! the public article a requested path names — the article whose address it is now first,
//! then an address an article had before (on WordPress, kept by an import where Gazette's
//! differs, or a page's before it moved), then read with the current pattern (a slug the
//! article had before also finds it), then with each earlier one, so that addresses made
//! before a change keep leading to the article (the caller redirects to its current
//! address), and last as a page's address (`/about/team/`), which no pattern makes.
//!
//! Only public articles are ever found: drafts, scheduled and trashed articles have no
//! address. The category tree is read only when the pattern names categories.

use crate::articles::no_article_here;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::permalink::{
    NamedParts, PermalinkPattern, Permalinks, Subpage, is_site_path, read_page_path, split_subpage,
};
use gazette_domain::slug::slug_paths;
use gazette_domain::{Article, ArticleId, ArticleKind, SiteSettings};
use gazette_store::OldAddressTarget;

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
    /// Articles' and pages' addresses as the site makes them now.
    pub async fn permalinks(&self, settings: &SiteSettings) -> AppResult<Permalinks> {
        let categories = if settings.permalink_pattern.names_categories() {
            self.db().all_categories().await?
        } else {
            Vec::new()
        };
        let pages = self.db().page_nodes().await?;
        Ok(Permalinks::new(
            &settings.permalink_pattern,
            &settings.time_zone,
            &categories,
        )
        .with_pages(&pages))
    }

    /// The public article at `path` (which ends with `/`). The article whose address it is
    /// under the current pattern comes first, so that no old address stands in front of
    /// it; then an address an article had before (on WordPress, or a page's before it
    /// moved); then the path read with the current pattern, then with the earlier ones,
    /// most recent first (a slug the article had before also finds it), and last as a
    /// page's address. Not found when no public article answers.
    pub async fn article_at(
        &self,
        path: &str,
        settings: &SiteSettings,
    ) -> AppResult<LocatedArticle> {
        if is_site_path(path) {
            return Err(no_article_here());
        }
        let by_pattern = match settings.permalink_pattern.read(path) {
            Some(read) => self
                .public_article_named(&read.parts)
                .await?
                .map(|article| (article, read.subpage)),
            None => None,
        };
        let mut permalinks = None;
        let mut is_its_address = false;
        if let Some((article, _)) = &by_pattern {
            let made = self.permalinks(settings).await?;
            is_its_address =
                split_subpage(path).is_some_and(|(own, _)| own == made.article_path(article));
            permalinks = Some(made);
        }
        let mut found = if is_its_address {
            by_pattern
        } else {
            match self.article_at_old_address(path).await? {
                Some(old) => Some(old),
                None => by_pattern,
            }
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
        if found.is_none() {
            found = self.page_at(path).await?;
        }
        let Some((article, subpage)) = found else {
            return Err(no_article_here());
        };
        let permalinks = match permalinks {
            Some(made) => made,
            None => self.permalinks(settings).await?,
        };
        Ok(LocatedArticle {
            path: permalinks.article_path(&article),
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

    /// The public article whose address on WordPress, before it was imported, was `path`
    /// (or the part of `path` before a subpage), with the subpage asked for.
    async fn article_at_old_address(&self, path: &str) -> AppResult<Option<(Article, Subpage)>> {
        let Some((own, subpage)) = split_subpage(path) else {
            return Ok(None);
        };
        let target = match self.db().old_address(&own).await? {
            Some(target) => Some((target, subpage)),
            None if own != path => self
                .db()
                .old_address(path)
                .await?
                .map(|target| (target, Subpage::Article)),
            None => None,
        };
        match target {
            Some((OldAddressTarget::Article(id), subpage)) => {
                Ok(found(self.public_article_by_id(id).await)?.map(|article| (article, subpage)))
            }
            _ => Ok(None),
        }
    }

    /// The public page whose address is `path`, with the subpage asked for: the page its
    /// last segment names, when that page's whole address is `path`.
    async fn page_at(&self, path: &str) -> AppResult<Option<(Article, Subpage)>> {
        let (Some((slug, subpage)), Some((own, _))) = (read_page_path(path), split_subpage(path))
        else {
            return Ok(None);
        };
        let Some(page) = found(self.public_article(&slug).await)?
            .filter(|article| article.kind == ArticleKind::Page)
        else {
            return Ok(None);
        };
        let pages = self.db().page_nodes().await?;
        let paths = slug_paths(
            pages
                .iter()
                .map(|node| (node.id, &node.slug, node.parent_id)),
        );
        let is_its_address = paths
            .get(&page.id)
            .is_some_and(|page_path| own == format!("/{page_path}/"));
        Ok(is_its_address.then_some((page, subpage)))
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
