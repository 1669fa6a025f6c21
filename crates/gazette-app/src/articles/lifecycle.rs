//! Articles leaving and coming back: the trash (restorable for 30 days), deletion for
//! good, and the desk's bulk actions — all or nothing, each article checked against the
//! permission matrix first. Deleting a syndicated article leaves its item's tombstone, so
//! its source never brings it back.

use super::editor::check;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::article::TRASH_DAYS;
use gazette_domain::permissions::ArticleAction;
use gazette_domain::{Actor, Article, ArticleId, FieldErrors, User};

/// What the desk's bulk actions do to the ticked articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkArticleAction {
    /// Move them to the trash.
    Trash,
    /// Take them out of the trash.
    Restore,
    /// Delete them for good (only from the trash).
    Delete,
}

impl BulkArticleAction {
    /// Reads a bulk action's form value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "trash" => Some(Self::Trash),
            "restore" => Some(Self::Restore),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }

    /// What was done, for the notice: "3 articles moved to the trash."
    pub fn done(self, count: usize) -> String {
        let articles = if count == 1 { "article" } else { "articles" };
        match self {
            Self::Trash => format!(
                "{count} {articles} moved to the trash; they can be restored for {TRASH_DAYS} days."
            ),
            Self::Restore => format!("{count} {articles} restored."),
            Self::Delete => format!("{count} {articles} deleted for good."),
        }
    }
}

impl App {
    /// Applies `action` to every article in `ids` for `user`, or to none of them when any is
    /// missing, not allowed, or not in the state the action needs.
    pub async fn change_articles(
        &self,
        user: &User,
        action: BulkArticleAction,
        ids: &[ArticleId],
    ) -> AppResult<usize> {
        if ids.is_empty() {
            return Err(AppError::Validation(FieldErrors::single(
                "ids",
                "Tick at least one article first.",
            )));
        }
        let actor = Actor::from(user);
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let mut articles: Vec<Article> = Vec::with_capacity(ids.len());
        for id in ids {
            let article = tx.article_by_id(*id).await?.ok_or_else(|| {
                AppError::NotFound(format!("There is no article {id}; nothing was changed."))
            })?;
            check(&actor, ArticleAction::Delete, Some(&article)).map_err(|error| {
                AppError::Forbidden(format!("“{}”: {error} Nothing was changed.", article.title))
            })?;
            let in_trash = article.trashed.is_some();
            let wrong_place = match action {
                BulkArticleAction::Trash => in_trash.then_some("is already in the trash"),
                BulkArticleAction::Restore => (!in_trash).then_some("is not in the trash"),
                BulkArticleAction::Delete => (!in_trash)
                    .then_some("must be moved to the trash before it is deleted for good"),
            };
            if let Some(reason) = wrong_place {
                return Err(AppError::Conflict(format!(
                    "“{}” {reason}; nothing was changed.",
                    article.title
                )));
            }
            articles.push(article);
        }
        for article in &articles {
            match action {
                BulkArticleAction::Trash => {
                    tx.trash_article(article.id, now).await?;
                }
                BulkArticleAction::Restore => {
                    tx.restore_article(article.id, now).await?;
                }
                BulkArticleAction::Delete => {
                    tx.tombstone_source_item_of(article.id).await?;
                    tx.delete_article(article.id).await?;
                }
            }
        }
        tx.commit().await?;
        if action == BulkArticleAction::Restore {
            // A restored article whose scheduled time passed while it was in the trash is
            // published now.
            self.publish_due_articles().await?;
        }
        tracing::info!(?action, count = articles.len(), user = %user.id, "articles changed in bulk");
        Ok(articles.len())
    }

    /// Deletes for good the articles that have been in the trash longer than
    /// [`TRASH_DAYS`]; returns how many.
    pub(crate) async fn empty_article_trash(&self) -> AppResult<u64> {
        let cutoff = self.clock().now().plus_seconds(-TRASH_DAYS * 86_400);
        let mut deleted = 0;
        loop {
            let expired = self.db().articles_trashed_before(cutoff, 200).await?;
            if expired.is_empty() {
                return Ok(deleted);
            }
            let mut tx = self.db().begin().await?;
            for id in expired {
                tx.tombstone_source_item_of(id).await?;
                if tx.delete_article(id).await? {
                    deleted += 1;
                }
            }
            tx.commit().await?;
        }
    }
}
