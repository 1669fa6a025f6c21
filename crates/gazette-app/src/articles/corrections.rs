//! The public corrections and updates log: an editor adds a dated note that readers see
//! at the end of the article, and the article's modified date moves to that moment.

use super::editor::check;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::correction::{Correction, validate_note};
use gazette_domain::permissions::ArticleAction;
use gazette_domain::{Actor, ArticleId, ArticleStatus, CorrectionId, User};
use gazette_render::markdown;

impl App {
    /// Adds a correction or update to published article `id`.
    pub async fn add_correction(
        &self,
        user: &User,
        id: ArticleId,
        kind: &str,
        note: &str,
    ) -> AppResult<CorrectionId> {
        let article = self.article_for_desk(user, id).await?;
        check(&Actor::from(user), ArticleAction::Edit, Some(&article))?;
        if article.status != ArticleStatus::Published || article.trashed.is_some() {
            return Err(AppError::Conflict(
                "Corrections and updates are for published articles; edit a draft directly."
                    .to_owned(),
            ));
        }
        let (kind, note) = validate_note(kind, note).map_err(AppError::Validation)?;
        let html = markdown::to_safe_html(&note);
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let correction = tx
            .insert_correction(id, kind, &note, &html, Some(user.id), now)
            .await?;
        tx.touch_article_modified(id, now).await?;
        tx.commit().await?;
        tracing::info!(article = %id, kind = kind.as_str(), user = %user.id, "correction added");
        Ok(correction)
    }

    /// Removes a note added by mistake (the modified date stays: readers may have seen it).
    pub async fn delete_correction(
        &self,
        user: &User,
        id: ArticleId,
        correction: CorrectionId,
    ) -> AppResult<()> {
        let article = self.article_for_desk(user, id).await?;
        check(&Actor::from(user), ArticleAction::Edit, Some(&article))?;
        let mut tx = self.db().begin().await?;
        if !tx.delete_correction(id, correction).await? {
            return Err(AppError::NotFound(format!(
                "Article {id} has no note {correction}."
            )));
        }
        tx.commit().await?;
        Ok(())
    }

    /// The notes readers see at the end of article `id`, oldest first.
    pub async fn corrections_of(&self, id: ArticleId) -> AppResult<Vec<Correction>> {
        Ok(self.db().corrections_of(id).await?)
    }
}
