//! Adding, editing, listing, pausing, resuming and removing sources.

use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::SourceId;
use gazette_domain::syndication::{Source, SourceInput};

/// The reason an operator's pause is given.
const PAUSED_BY_OPERATOR: &str = "paused by an operator";

impl App {
    /// Adds a source after checking it, and queues its first fetch for now. A source with
    /// the same feed address already there is a conflict.
    pub async fn add_source(&self, input: &SourceInput) -> AppResult<Source> {
        let valid = input.validate().map_err(AppError::Validation)?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        if let Some(author) = valid.author_id
            && tx.user_by_id(author).await?.is_none()
        {
            return Err(AppError::NotFound(format!(
                "There is no user {author} to attribute the source's articles to."
            )));
        }
        let id = tx.insert_source(&valid, now, now).await?;
        self.enqueue(
            &mut tx,
            &Job::FetchSource {
                source_id: id.get(),
            },
            now,
        )
        .await?;
        let source = tx
            .source_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("a source vanished inside its own transaction"))?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(source = %id, name = %source.name, url = %source.feed_url, "source added");
        Ok(source)
    }

    /// Replaces a source's settings after checking them by the same rules as adding one.
    /// A new feed address is fetched without the old one's `ETag` and `Last-Modified`;
    /// the source's schedule, failures and items stay. Another source with the same feed
    /// address is a conflict.
    pub async fn update_source(&self, id: SourceId, input: &SourceInput) -> AppResult<Source> {
        let valid = input.validate().map_err(AppError::Validation)?;
        let mut tx = self.db().begin().await?;
        if let Some(author) = valid.author_id
            && tx.user_by_id(author).await?.is_none()
        {
            return Err(AppError::NotFound(format!(
                "There is no user {author} to attribute the source's articles to."
            )));
        }
        if !tx.update_source(id, &valid, self.clock().now()).await? {
            return Err(no_such_source(id));
        }
        let source = tx
            .source_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("a source vanished inside its own transaction"))?;
        tx.commit().await?;
        tracing::info!(source = %id, name = %source.name, url = %source.feed_url, "source changed");
        Ok(source)
    }

    /// Every source, by name.
    pub async fn sources(&self) -> AppResult<Vec<Source>> {
        Ok(self.db().sources().await?)
    }

    /// The source with this id.
    pub async fn source(&self, id: SourceId) -> AppResult<Source> {
        self.db()
            .source_by_id(id)
            .await?
            .ok_or_else(|| no_such_source(id))
    }

    /// Stops fetching a source until it is resumed.
    pub async fn pause_source(&self, id: SourceId) -> AppResult<Source> {
        let source = self.source(id).await?;
        if source.paused.is_some() {
            return Ok(source);
        }
        let mut tx = self.db().begin().await?;
        tx.pause_source(id, PAUSED_BY_OPERATOR, self.clock().now())
            .await?;
        tx.commit().await?;
        tracing::info!(source = %id, "source paused");
        self.source(id).await
    }

    /// Fetches a paused source again, starting now, with its failures forgotten.
    pub async fn resume_source(&self, id: SourceId) -> AppResult<Source> {
        let source = self.source(id).await?;
        if source.paused.is_none() {
            return Ok(source);
        }
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        tx.resume_source(id, now).await?;
        self.enqueue(
            &mut tx,
            &Job::FetchSource {
                source_id: id.get(),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(source = %id, "source resumed");
        self.source(id).await
    }

    /// Removes a source and what it remembers of its items. The articles it brought stay,
    /// with their credit.
    pub async fn remove_source(&self, id: SourceId) -> AppResult<Source> {
        let source = self.source(id).await?;
        let mut tx = self.db().begin().await?;
        tx.delete_source(id).await?;
        tx.commit().await?;
        tracing::info!(source = %id, name = %source.name, "source removed");
        Ok(source)
    }
}

/// The error for an unknown source.
pub(super) fn no_such_source(id: SourceId) -> AppError {
    AppError::NotFound(format!(
        "There is no source {id}; `gazette source list` shows them."
    ))
}
