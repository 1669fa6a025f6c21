//! Keeping news at the top of the home page, or letting it go back among the rest, for
//! the command line, which acts with the site owner's powers. The desk's editor makes the
//! same change as part of a save (`editor`), where only editors and administrators may.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::{Article, ArticleId, ArticleKind};

impl App {
    /// Keeps article `id` at the top of the home page (`sticky`), or stops keeping it
    /// there. Returns the article as it is afterwards; a page cannot be kept there, since
    /// pages are not listed on the home page.
    pub async fn set_article_sticky(&self, id: ArticleId, sticky: bool) -> AppResult<Article> {
        let article = self.db().article_by_id(id).await?.ok_or_else(|| {
            AppError::NotFound(format!(
                "There is no article {id}; `gazette article list` shows their ids."
            ))
        })?;
        if sticky && article.kind == ArticleKind::Page {
            return Err(AppError::Conflict(format!(
                "Article {id} is a page, and pages are not listed on the home page, so it cannot be kept at its top."
            )));
        }
        if article.sticky == sticky {
            return Ok(article);
        }
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        tx.set_article_sticky(id, sticky, now).await?;
        let saved = tx
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("an article vanished inside its own transaction"))?;
        tx.commit().await?;
        tracing::info!(article = %id, sticky, "article's place on the home page changed");
        Ok(saved)
    }
}
