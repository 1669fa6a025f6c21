//! The job queue's work: what each kind of job does, and the runner that claims due jobs,
//! retries failures with exponential backoff and gives up after a number of attempts.
//!
//! Jobs are queued in the transaction of the write that causes them (a comment held, a
//! comment published, an image uploaded, a user invited, a syndicated item with a picture
//! taken), so a job exists exactly when its cause was committed. Every job re-reads what
//! it needs when it runs and does nothing when the reason is gone (a held comment already
//! approved, a subscription ended, an image deleted, an article given a featured image by
//! an editor), which makes running one twice harmless.

mod account_mail;
mod mail;
mod runner;
mod thumbnails;

use crate::{App, AppResult};
use gazette_domain::Timestamp;
use gazette_store::{NewJob, Tx};
use serde::{Deserialize, Serialize};

pub(crate) use runner::JobFailure;
pub use runner::{BackgroundWork, JobRun};

/// How many times a job is tried before it is given up.
const MAX_ATTEMPTS: u32 = 8;

/// A job's kind and details; stored as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Job {
    /// Tell one moderator about a comment held for moderation.
    NotifyModerator {
        /// The held comment.
        comment_id: i64,
        /// The moderator.
        user_id: i64,
    },
    /// Tell an article's author about a comment published on it.
    NotifyAuthor {
        /// The published comment.
        comment_id: i64,
    },
    /// Tell the subscriber of a comment about a published reply to it.
    NotifyReply {
        /// The reply.
        comment_id: i64,
        /// The comment replied to.
        parent_id: i64,
    },
    /// Ask a commenter who wants replies by email to confirm their address.
    ConfirmAddress {
        /// The comment they subscribed with.
        comment_id: i64,
    },
    /// Publish a scheduled article when its time comes (queued to run at that time).
    PublishScheduled {
        /// The article.
        article_id: i64,
    },
    /// Make the smaller copies of an uploaded image.
    MakeThumbnails {
        /// The image.
        media_id: i64,
    },
    /// Fetch a syndication source if its fetch is due (queued at its next fetch time).
    FetchSource {
        /// The source.
        source_id: i64,
    },
    /// Fetch the picture of a syndicated item and make it its article's featured image,
    /// unless the article has one by then.
    FetchItemImage {
        /// The article the item became.
        article_id: i64,
        /// The source the item came from, whose `allow_private_addresses` the fetch keeps.
        source_id: i64,
        /// The picture's address, as the feed gave it.
        url: String,
        /// What the feed says the picture shows, if it says.
        description: Option<String>,
    },
    /// Teach the spam classifier the old site's verdicts on imported comments, a page at a
    /// time from the comment after `after_id` (each page queues the next).
    LearnFromImportedComments {
        /// The last comment an earlier page learnt from; 0 to begin.
        after_id: i64,
    },
    /// Mail a user a new link to choose a new password (replacing any earlier one).
    PasswordReset {
        /// Whose password.
        user_id: i64,
    },
    /// Mail an invited user a new link to choose their password (replacing any earlier
    /// one).
    Invitation {
        /// The invited user.
        user_id: i64,
        /// The administrator who invited them, if any.
        invited_by: Option<i64>,
    },
}

impl Job {
    /// The stored kind.
    fn kind(&self) -> &'static str {
        match self {
            Self::NotifyModerator { .. } => "notify_moderator",
            Self::NotifyAuthor { .. } => "notify_author",
            Self::NotifyReply { .. } => "notify_reply",
            Self::ConfirmAddress { .. } => "confirm_address",
            Self::PublishScheduled { .. } => "publish_scheduled",
            Self::MakeThumbnails { .. } => "make_thumbnails",
            Self::FetchSource { .. } => "fetch_source",
            Self::FetchItemImage { .. } => "fetch_item_image",
            Self::LearnFromImportedComments { .. } => "learn_from_imported_comments",
            Self::PasswordReset { .. } => "password_reset",
            Self::Invitation { .. } => "invitation",
        }
    }
}

impl App {
    /// Does one job's work.
    async fn run_job(&self, job: &Job) -> Result<(), JobFailure> {
        match job {
            Job::PublishScheduled { article_id } => {
                self.publish_if_due(gazette_domain::ArticleId(*article_id))
                    .await?;
                Ok(())
            }
            Job::MakeThumbnails { media_id } => self.make_thumbnails(*media_id).await,
            Job::FetchSource { source_id } => {
                self.fetch_source_if_due(gazette_domain::SourceId(*source_id))
                    .await?;
                Ok(())
            }
            Job::FetchItemImage {
                article_id,
                source_id,
                url,
                description,
            } => {
                self.fetch_item_image(
                    gazette_domain::ArticleId(*article_id),
                    gazette_domain::SourceId(*source_id),
                    url,
                    description.as_deref(),
                )
                .await
            }
            Job::LearnFromImportedComments { after_id } => {
                self.learn_from_imported_comments(*after_id).await?;
                Ok(())
            }
            Job::NotifyModerator { .. }
            | Job::NotifyAuthor { .. }
            | Job::NotifyReply { .. }
            | Job::ConfirmAddress { .. }
            | Job::PasswordReset { .. }
            | Job::Invitation { .. } => self.send_mail_job(job).await,
        }
    }

    /// Queues `job` inside `tx`, to run as soon as the runner sees it.
    pub(crate) async fn enqueue(&self, tx: &mut Tx, job: &Job, now: Timestamp) -> AppResult<()> {
        self.enqueue_at(tx, job, now, now).await
    }

    /// Queues `jobs` inside `tx`, to run as soon as the runner sees them, with few
    /// statements however many there are.
    pub(crate) async fn enqueue_all(
        &self,
        tx: &mut Tx,
        jobs: &[Job],
        now: Timestamp,
    ) -> AppResult<()> {
        let jobs = jobs
            .iter()
            .map(|job| new_job(job, now))
            .collect::<AppResult<Vec<_>>>()?;
        tx.enqueue_jobs(&jobs, now).await?;
        Ok(())
    }

    /// Queues `job` inside `tx`, to run at `run_at`.
    pub(crate) async fn enqueue_at(
        &self,
        tx: &mut Tx,
        job: &Job,
        run_at: Timestamp,
        now: Timestamp,
    ) -> AppResult<()> {
        tx.enqueue_job(&new_job(job, run_at)?, now).await?;
        Ok(())
    }
}

/// `job` as the queue stores it, to run at `run_at`.
fn new_job(job: &Job, run_at: Timestamp) -> AppResult<NewJob> {
    Ok(NewJob {
        kind: job.kind(),
        payload: serde_json::to_string(job).map_err(crate::AppError::internal)?,
        run_at,
        max_attempts: MAX_ATTEMPTS,
    })
}
