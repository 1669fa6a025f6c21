//! What Gazette keeps about commenters, and letting it go: a commenter's data exported or
//! erased on request, and the housekeeping that clears old IP addresses and empties the
//! spam and the trash.

use super::moderation::{Actor, delete_and_log};
use crate::{App, AppResult};
use gazette_domain::Comment;
use gazette_store::{CommentFilter, CommenterAddress, ReplySubscription};
use serde::Serialize;

/// Everything held about one email address.
#[derive(Clone, Debug, Serialize)]
pub struct CommenterExport {
    /// The address asked about.
    pub email: String,
    /// Its comments, newest first, with the IP addresses and browsers still kept.
    pub comments: Vec<Comment>,
    /// Its wish for reply notifications, if it made one.
    pub notification_address: Option<CommenterAddress>,
    /// The comments whose replies it wants to hear of.
    pub reply_subscriptions: Vec<ReplySubscription>,
}

/// What an erasure changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ErasureReport {
    /// Comments anonymised.
    pub comments_anonymised: u64,
    /// Reply subscriptions ended.
    pub subscriptions_removed: u64,
}

/// What a round of housekeeping did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HousekeepingReport {
    /// Spam and trashed comments deleted for good.
    pub comments_deleted: u64,
    /// Comments whose IP address and browser were cleared.
    pub addresses_cleared: u64,
    /// Articles deleted for good after their time in the trash.
    pub articles_deleted: u64,
}

/// Spam and trash are emptied in batches of this many, one transaction each.
const DELETE_BATCH: u32 = 500;

impl App {
    /// Everything Gazette holds about `email`.
    pub async fn export_commenter(&self, email: &str) -> AppResult<CommenterExport> {
        let email = gazette_domain::email::normalise(email.trim());
        let comments = self
            .db()
            .comments(&CommentFilter {
                author_email: Some(email.clone()),
                ..CommentFilter::default()
            })
            .await?;
        Ok(CommenterExport {
            notification_address: self.db().commenter_address(&email).await?,
            reply_subscriptions: self.db().reply_subscriptions_of(&email).await?,
            comments,
            email,
        })
    }

    /// Anonymises every comment left with `email` (the name becomes "Anonymous"; email,
    /// website, IP address and browser are cleared) and forgets its reply subscriptions.
    pub async fn erase_commenter(&self, email: &str) -> AppResult<ErasureReport> {
        let email = gazette_domain::email::normalise(email.trim());
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let comments_anonymised = tx.anonymise_comments_of(&email, now).await?;
        let subscriptions_removed = tx.forget_commenter_address(&email).await?;
        tx.commit().await?;
        tracing::info!(
            comments_anonymised,
            subscriptions_removed,
            "commenter erased"
        );
        Ok(ErasureReport {
            comments_anonymised,
            subscriptions_removed,
        })
    }

    /// Clears IP addresses and browsers older than the site keeps them, deletes spam and
    /// trash older than the site keeps it, forgets old rate-limit counts and failed jobs,
    /// and queues again the fetch of any source whose job was lost. Safe to run at any
    /// time and from several processes.
    pub async fn keep_house(&self) -> AppResult<HousekeepingReport> {
        let settings = self.site_settings().await?;
        let now = self.clock().now();
        let day = 86_400_i64;
        let mut report = HousekeepingReport::default();

        let mut tx = self.db().begin().await?;
        report.addresses_cleared = tx
            .clear_comment_addresses_before(
                now.plus_seconds(-i64::from(settings.keep_commenter_ip_days) * day),
            )
            .await?;
        tx.forget_comment_attempts_before(now.plus_seconds(-2 * 3600))
            .await?;
        tx.forget_failed_jobs_before(now.plus_seconds(-30 * day))
            .await?;
        tx.commit().await?;

        let cutoff = now.plus_seconds(-i64::from(settings.empty_spam_and_trash_after_days) * day);
        let actor = Actor::system();
        loop {
            let mut tx = self.db().begin().await?;
            let expired = tx.expired_binned_comments(cutoff, DELETE_BATCH).await?;
            if expired.is_empty() {
                break;
            }
            for id in expired {
                if delete_and_log(&mut tx, id, &actor, now).await? {
                    report.comments_deleted += 1;
                }
            }
            tx.commit().await?;
        }
        report.articles_deleted = self.empty_article_trash().await?;
        self.forget_expired_sign_ins().await?;
        self.requeue_stalled_sources().await?;
        Ok(report)
    }
}
