//! The mail jobs: what each notification says and to whom, decided when the job runs.

use super::Job;
use super::runner::JobFailure;
use crate::App;
use gazette_domain::permalink::Permalinks;
use gazette_domain::{Article, Comment, CommentId, CommentStatus, SiteSettings, UserId};
use gazette_mail::{OutgoingMail, SendError};
use std::fmt::Write as _;

/// What a job that has nothing left to do returns.
const NOTHING_TO_DO: Result<(), JobFailure> = Ok(());

impl From<SendError> for JobFailure {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Permanent(message) => Self::Permanent(message),
            SendError::Transient(message) => Self::Transient(message),
        }
    }
}

impl App {
    /// Sends the mail of one mail job.
    pub(super) async fn send_mail_job(&self, job: &Job) -> Result<(), JobFailure> {
        let Some(mailer) = self.mailer() else {
            return Err(JobFailure::Transient(
                "mail is not set up: add a [mail] section to the configuration".to_owned(),
            ));
        };
        let Some(mail) = self.compose(job).await? else {
            return NOTHING_TO_DO;
        };
        mailer.send(&mail).await?;
        if let Job::ConfirmAddress { .. } = job {
            let mut tx = self.db().begin().await.map_err(crate::AppError::from)?;
            tx.mark_confirmation_sent(&mail.to_address, self.clock().now())
                .await
                .map_err(crate::AppError::from)?;
            tx.commit().await.map_err(crate::AppError::from)?;
        }
        tracing::info!(kind = job.kind(), "mail sent");
        Ok(())
    }

    /// The mail a job sends, or `None` when its reason is gone.
    #[expect(
        clippy::too_many_lines,
        reason = "one match over the kinds of mail, each deciding its recipient and words"
    )]
    async fn compose(&self, job: &Job) -> Result<Option<OutgoingMail>, JobFailure> {
        let settings = self.site_settings().await?;
        match *job {
            Job::NotifyModerator {
                comment_id,
                user_id,
            } => {
                let Some((comment, article)) = self.comment_and_article(comment_id).await? else {
                    return Ok(None);
                };
                let moderator = self
                    .db()
                    .user_by_id(UserId(user_id))
                    .await
                    .map_err(crate::AppError::from)?;
                match moderator {
                    Some(moderator) if comment.status == CommentStatus::Pending => {
                        let permalinks = self.permalinks(&settings).await?;
                        Ok(Some(Self::held_mail(
                            &settings,
                            &permalinks,
                            &comment,
                            &article,
                            moderator.display_name,
                            moderator.email,
                        )))
                    }
                    _ => Ok(None),
                }
            }
            Job::NotifyAuthor { comment_id } => {
                let Some((comment, article)) = self.comment_and_article(comment_id).await? else {
                    return Ok(None);
                };
                let Some(author_id) = article.author_id else {
                    return Ok(None);
                };
                let author = self
                    .db()
                    .user_by_id(author_id)
                    .await
                    .map_err(crate::AppError::from)?;
                match author {
                    Some(author)
                        if comment.status == CommentStatus::Approved
                            && !author.email.eq_ignore_ascii_case(&comment.author_email) =>
                    {
                        let permalinks = self.permalinks(&settings).await?;
                        let url = self
                            .comment_url(&comment, &article, &permalinks, &settings)
                            .await?;
                        Ok(Some(OutgoingMail {
                            to_name: author.display_name,
                            to_address: author.email,
                            subject: format!(
                                "[{}] New comment on “{}”",
                                settings.title, article.title
                            ),
                            text: format!(
                                "{} commented on your article “{}”:\n\n{}\n\nRead it on the site:\n{url}\n",
                                comment.author_name, article.title, comment.text
                            ),
                            unsubscribe_url: None,
                        }))
                    }
                    _ => Ok(None),
                }
            }
            Job::NotifyReply {
                comment_id,
                parent_id,
            } => self.reply_mail(&settings, comment_id, parent_id).await,
            Job::PasswordReset { user_id } => self.password_reset_mail(&settings, user_id).await,
            Job::Invitation {
                user_id,
                invited_by,
            } => self.invitation_mail(&settings, user_id, invited_by).await,
            Job::ConfirmAddress { comment_id } => {
                let subscription = self
                    .db()
                    .reply_subscription(CommentId(comment_id))
                    .await
                    .map_err(crate::AppError::from)?;
                let Some(subscription) = subscription else {
                    return Ok(None);
                };
                let address = self
                    .db()
                    .commenter_address(&subscription.email)
                    .await
                    .map_err(crate::AppError::from)?;
                let Some(address) = address.filter(|address| {
                    address.confirmed_at.is_none() && address.confirmation_sent_at.is_none()
                }) else {
                    return Ok(None);
                };
                let Some((comment, article)) = self.comment_and_article(comment_id).await? else {
                    return Ok(None);
                };
                let confirm = format!(
                    "{}/comments/confirm/{}",
                    settings.site_url, address.confirm_token
                );
                Ok(Some(OutgoingMail {
                    to_name: comment.author_name,
                    to_address: address.email,
                    subject: format!(
                        "[{}] Please confirm you want replies by email",
                        settings.title
                    ),
                    text: format!(
                        "You asked to be told by email when someone replies to your comment on “{}”.\n\nTo confirm that this is your address and that you want these emails, open:\n{confirm}\n\nIf you did not ask for this, ignore this mail: nothing will be sent to you.\n",
                        article.title
                    ),
                    unsubscribe_url: None,
                }))
            }
            Job::PublishScheduled { .. }
            | Job::MakeThumbnails { .. }
            | Job::FetchSource { .. }
            | Job::FetchItemImage { .. }
            | Job::LearnFromImportedComments { .. } => Ok(None),
        }
    }

    async fn reply_mail(
        &self,
        settings: &SiteSettings,
        comment_id: i64,
        parent_id: i64,
    ) -> Result<Option<OutgoingMail>, JobFailure> {
        let Some((reply, article)) = self.comment_and_article(comment_id).await? else {
            return Ok(None);
        };
        let subscription = self
            .db()
            .reply_subscription(CommentId(parent_id))
            .await
            .map_err(crate::AppError::from)?;
        let Some(subscription) = subscription else {
            return Ok(None);
        };
        let confirmed = self
            .db()
            .commenter_address(&subscription.email)
            .await
            .map_err(crate::AppError::from)?
            .is_some_and(|address| address.confirmed_at.is_some());
        if !confirmed
            || reply.status != CommentStatus::Approved
            || reply.author_email.eq_ignore_ascii_case(&subscription.email)
        {
            return Ok(None);
        }
        let parent = self
            .db()
            .comment_by_id(CommentId(parent_id))
            .await
            .map_err(crate::AppError::from)?;
        let permalinks = self.permalinks(settings).await?;
        let url = self
            .comment_url(&reply, &article, &permalinks, settings)
            .await?;
        let unsubscribe = format!(
            "{}/comments/unsubscribe/{}",
            settings.site_url, subscription.unsubscribe_token
        );
        Ok(Some(OutgoingMail {
            to_name: parent.map(|parent| parent.author_name).unwrap_or_default(),
            to_address: subscription.email,
            subject: format!(
                "[{}] New reply to your comment on “{}”",
                settings.title, article.title
            ),
            text: format!(
                "{} replied to your comment on “{}”:\n\n{}\n\nRead it and answer on the site:\n{url}\n\nTo stop these emails for this comment, open:\n{unsubscribe}\n",
                reply.author_name, article.title, reply.text
            ),
            unsubscribe_url: Some(unsubscribe),
        }))
    }

    fn held_mail(
        settings: &SiteSettings,
        permalinks: &Permalinks,
        comment: &Comment,
        article: &Article,
        name: String,
        email: String,
    ) -> OutgoingMail {
        let article_url = format!("{}{}", settings.site_url, permalinks.article_path(article));
        let mut text = format!(
            "A new comment on “{}” is waiting for your approval.\n{article_url}\n\n",
            article.title
        );
        let _ = writeln!(
            text,
            "Author: {} <{}>",
            comment.author_name, comment.author_email
        );
        if let Some(website) = &comment.author_url {
            let _ = writeln!(text, "Website: {website}");
        }
        if let Some(ip) = &comment.ip {
            let _ = writeln!(text, "IP address: {ip}");
        }
        if let Some(reason) = &comment.moderation_reason {
            let _ = writeln!(text, "Held because: {reason}");
        }
        if let Some(score) = comment.spam_score {
            let _ = writeln!(text, "Spam score: {:.0}%", score * 100.0);
        }
        let _ = write!(
            text,
            "\nComment:\n{}\n\nTo publish it: gazette comments approve {}\nTo mark it as spam: gazette comments spam {}\n",
            comment.text, comment.id, comment.id
        );
        OutgoingMail {
            to_name: name,
            to_address: email,
            subject: format!("[{}] Please moderate: “{}”", settings.title, article.title),
            text,
            unsubscribe_url: None,
        }
    }

    /// A comment and its article, or `None` when either is gone.
    async fn comment_and_article(
        &self,
        comment_id: i64,
    ) -> Result<Option<(Comment, Article)>, JobFailure> {
        let comment = self
            .db()
            .comment_by_id(CommentId(comment_id))
            .await
            .map_err(crate::AppError::from)?;
        let Some(comment) = comment else {
            return Ok(None);
        };
        let article = self
            .db()
            .article_by_id(comment.article_id)
            .await
            .map_err(crate::AppError::from)?;
        Ok(article.map(|article| (comment, article)))
    }
}
