//! Scheduled articles going public at their time.
//!
//! Scheduling an article queues a job that runs at its publication time; the job runner
//! sleeps until the next job is due, so an article goes public within moments of its time
//! rather than on the next page view. Every pass of the runner also publishes any scheduled
//! article whose time has passed (after downtime, or one scheduled by an import), and
//! `gazette serve` does so as it starts.
//!
//! Publishing is one conditional update (`status = 'scheduled' AND published_at <= now`),
//! so when several processes share the database exactly one of them publishes each
//! article; the others find nothing left to do.

use crate::{App, AppResult};
use gazette_domain::ArticleId;

impl App {
    /// Publishes article `id` if it is scheduled and its time has come. `true` when this
    /// call published it.
    pub async fn publish_if_due(&self, id: ArticleId) -> AppResult<bool> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let published = tx.publish_if_due(id, now).await?;
        tx.commit().await?;
        if published {
            tracing::info!(article = %id, "scheduled article published");
        }
        Ok(published)
    }

    /// Publishes every scheduled article whose time has come; returns how many this call
    /// published.
    pub async fn publish_due_articles(&self) -> AppResult<u32> {
        let due = self.db().due_scheduled_articles(self.clock().now()).await?;
        let mut published = 0;
        for id in due {
            if self.publish_if_due(id).await? {
                published += 1;
            }
        }
        Ok(published)
    }
}
