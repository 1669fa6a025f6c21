//! A reader posting a comment: validation, the moderation checks, storing it in its thread,
//! and the notifications it causes.

use super::notifications;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::article::CommentsRefused;
use gazette_domain::moderation::{
    self, CommentFacts, Decision, Outcome, RATE_LIMIT_WINDOW_SECONDS, Rejection,
};
use gazette_domain::spam_classifier::{self, ClassifierInput, CorpusTotals, TokenCounts};
use gazette_domain::text::clean_single_line;
use gazette_domain::{
    Article, ArticleId, Comment, CommentId, CommentInput, CommentStatus, FieldErrors, SiteSettings,
    Timestamp, User, UserId, ValidComment,
};
use gazette_render::comment_text;
use gazette_store::{NewCommentRecord, Tx};
use std::net::IpAddr;

/// The longest user agent kept, in characters.
const MAX_USER_AGENT_CHARACTERS: usize = 512;

/// A reader's comment as it arrives.
#[derive(Clone, Debug)]
pub struct CommentSubmission {
    /// The article it is for.
    pub article_id: ArticleId,
    /// The form's fields as sent.
    pub input: CommentInput,
    /// The reader's address.
    pub ip: Option<IpAddr>,
    /// The reader's browser.
    pub user_agent: Option<String>,
    /// The form's signed token, as sent.
    pub form_token: Option<String>,
    /// Whether the field that people never see (and programs fill in) was filled in.
    pub honeypot_filled: bool,
    /// Whether the reader asked to be told of replies by email.
    pub notify_replies: bool,
    /// The signed-in member of staff who posted it, if one did: the comment is recorded as
    /// theirs, under their name and email address, and skips the moderation checks when
    /// they may moderate comments or wrote the article.
    pub staff: Option<User>,
}

impl CommentSubmission {
    /// A submission of `input` for `article_id` with nothing else known: no address, no
    /// browser, no form token (so the time trap treats it as a program's), no
    /// subscription, no member of staff.
    pub fn new(article_id: ArticleId, input: CommentInput) -> Self {
        Self {
            article_id,
            input,
            ip: None,
            user_agent: None,
            form_token: None,
            honeypot_filled: false,
            notify_replies: false,
            staff: None,
        }
    }
}

/// A comment that was stored.
#[derive(Clone, Debug)]
pub struct PostedComment {
    /// Its id.
    pub id: CommentId,
    /// Published, held for a moderator, or put with the spam.
    pub status: CommentStatus,
    /// The article it is on.
    pub article: Article,
}

/// A comment that passed validation and the moderation checks, ready to be stored.
#[derive(Clone, Debug)]
pub(super) struct JudgedComment {
    valid: ValidComment,
    decision: Decision,
    status: CommentStatus,
    spam_score: Option<f64>,
    ip: Option<String>,
    user_agent: Option<String>,
    user_id: Option<UserId>,
    notify_replies: bool,
}

impl JudgedComment {
    /// The record to store at `placement`: the text rendered to safe HTML once, with
    /// everything else known about the comment.
    fn into_record(self, article_id: ArticleId, placement: Placement) -> NewCommentRecord {
        NewCommentRecord {
            article_id,
            parent_id: placement.parent_id,
            root_id: placement.root_id,
            depth: placement.depth,
            html: comment_text::to_safe_html(&self.valid.text),
            text: self.valid.text,
            author_name: self.valid.author,
            author_email: self.valid.email,
            author_url: self.valid.website,
            status: self.status,
            moderation_rule: self.decision.rule.map(|rule| rule.as_str().to_owned()),
            moderation_reason: self.decision.reason,
            spam_score: self.spam_score,
            ip: self.ip,
            user_agent: self.user_agent,
            user_id: self.user_id,
        }
    }
}

/// Where a new comment goes in its article's threads.
#[derive(Clone, Copy, Debug)]
struct Placement {
    parent_id: Option<CommentId>,
    root_id: Option<CommentId>,
    depth: u32,
}

/// Seconds since `then`, never negative.
fn seconds_since(then: Timestamp, now: Timestamp) -> u64 {
    u64::try_from((now.as_microseconds() - then.as_microseconds()) / 1_000_000).unwrap_or(0)
}

impl App {
    /// Checks and stores a reader's comment. Every comment passes the site's moderation
    /// checks in order; the first that decides sets whether it is published, held for a
    /// moderator, put with the spam (silently: the reader is told it waits), or refused.
    pub async fn post_comment(&self, submission: CommentSubmission) -> AppResult<PostedComment> {
        let now = self.clock().now();
        let settings = self.site_settings().await?;
        let article = self
            .commentable_article(submission.article_id, &settings)
            .await?;
        let judged = self
            .judge_comment(submission, &article, &settings, now)
            .await?;
        let rule = judged.decision.rule;
        let mut tx = self.db().begin().await?;
        let posted = self
            .store_comment(&mut tx, article, judged, &settings, now)
            .await?;
        tx.commit().await?;
        self.wake_job_runner();
        tracing::info!(
            comment = %posted.id,
            article = %posted.article.id,
            status = %posted.status,
            rule = rule.map(gazette_domain::Rule::as_str),
            "comment posted"
        );
        Ok(posted)
    }

    /// Validates `submission` and runs the moderation checks on it: what is to be stored,
    /// or why it is refused. A comment by a member of staff carries their name and email
    /// address, and skips the checks when they are trusted (see
    /// [`moderation::staff_comment_is_trusted`]).
    pub(super) async fn judge_comment(
        &self,
        submission: CommentSubmission,
        article: &Article,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<JudgedComment> {
        let input = match &submission.staff {
            Some(user) => CommentInput {
                author: user.display_name.clone(),
                email: user.email.clone(),
                ..submission.input
            },
            None => submission.input,
        };
        let trusted = submission.staff.as_ref().is_some_and(|user| {
            moderation::staff_comment_is_trusted(
                &gazette_domain::Actor::from(user),
                article.author_id,
            )
        });
        let valid = input.validate().map_err(AppError::Validation)?;
        let ip = submission.ip.map(|ip| ip.to_string());
        let user_agent = submission
            .user_agent
            .as_deref()
            .map(|agent| {
                clean_single_line(agent)
                    .chars()
                    .take(MAX_USER_AGENT_CHARACTERS)
                    .collect::<String>()
            })
            .filter(|agent| !agent.is_empty());

        let attempts = match submission.ip {
            Some(address) if !trusted => self.count_attempt(address, now).await?,
            _ => 0,
        };
        let spam_score = if trusted {
            None
        } else {
            self.spam_score(&ClassifierInput {
                author: &valid.author,
                email: &valid.email,
                website: valid.website.as_deref(),
                text: &valid.text,
            })
            .await?
        };
        let last_from_sender = self
            .db()
            .last_comment_from(ip.as_deref(), &valid.email)
            .await?;
        let duplicate = self
            .db()
            .comment_exists(article.id, valid.parent_id, &valid.email, &valid.text)
            .await?;
        let approved_before = self
            .db()
            .commenter_was_approved(&valid.email, &valid.author)
            .await?;
        let decision = moderation::moderate(
            &settings.moderation_policy(),
            &CommentFacts {
                author: &valid.author,
                email: &valid.email,
                website: valid.website.as_deref(),
                text: &valid.text,
                ip: ip.as_deref(),
                user_agent: user_agent.as_deref(),
                staff: trusted,
                honeypot_filled: submission.honeypot_filled,
                form_age: self.comment_form_age(submission.form_token.as_deref(), article.id),
                attempts_this_hour_from_network: attempts,
                seconds_since_sender_last_comment: last_from_sender
                    .map(|then| seconds_since(then, now)),
                duplicate,
                approved_comments_by_author: u64::from(approved_before),
                spam_score,
            },
        );
        let status = match decision.outcome {
            Outcome::Reject(rejection) => return Err(refusal(rejection)),
            Outcome::Publish => CommentStatus::Approved,
            Outcome::Hold => CommentStatus::Pending,
            Outcome::Spam => CommentStatus::Spam,
        };
        Ok(JudgedComment {
            valid,
            decision,
            status,
            spam_score,
            ip,
            user_agent,
            user_id: submission.staff.as_ref().map(|user| user.id),
            notify_replies: submission.notify_replies,
        })
    }

    /// Stores a judged comment on `article` inside `tx`, in its thread, with the
    /// subscription and the mail it causes.
    pub(super) async fn store_comment(
        &self,
        tx: &mut Tx,
        article: Article,
        judged: JudgedComment,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<PostedComment> {
        let placement = match judged.valid.parent_id {
            Some(parent) => place_reply(tx, &article, parent, settings.thread_depth).await?,
            None => Placement {
                parent_id: None,
                root_id: None,
                depth: 1,
            },
        };
        let email = judged.valid.email.clone();
        let (status, notify_replies) = (judged.status, judged.notify_replies);
        let record = judged.into_record(article.id, placement);
        let id = tx.insert_comment(&record, now).await?;
        if notify_replies && status != CommentStatus::Spam && self.mailer().is_some() {
            notifications::subscribe_to_replies(tx, id, &email, now).await?;
        }
        match status {
            CommentStatus::Pending => {
                self.queue_held_notifications(tx, id, settings, now).await?;
            }
            CommentStatus::Approved => {
                self.queue_published_notifications(tx, id, placement.parent_id, settings, now)
                    .await?;
            }
            CommentStatus::Spam | CommentStatus::Trash => {}
        }
        Ok(PostedComment {
            id,
            status,
            article,
        })
    }

    /// The article with this id, if it takes comments now.
    pub(super) async fn commentable_article(
        &self,
        id: ArticleId,
        settings: &SiteSettings,
    ) -> AppResult<Article> {
        let article = self.db().article_by_id(id).await?.ok_or_else(|| {
            AppError::NotFound(
                "This article does not exist, so it cannot take comments.".to_owned(),
            )
        })?;
        match article.check_accepts_comments(self.clock().now(), settings.close_comments_after_days)
        {
            Ok(()) => Ok(article),
            Err(CommentsRefused::NotPublic) => Err(AppError::NotFound(
                "This article is not published, so it cannot take comments.".to_owned(),
            )),
            Err(CommentsRefused::Closed) => Err(AppError::Forbidden(format!(
                "Comments are closed on “{}”, so your comment was not posted.",
                article.title
            ))),
        }
    }

    /// Counts this attempt against the sender's network; returns the attempts in the
    /// current hour, this one included.
    async fn count_attempt(&self, address: IpAddr, now: Timestamp) -> AppResult<u32> {
        let window_micros = i64::try_from(RATE_LIMIT_WINDOW_SECONDS).unwrap_or(3600) * 1_000_000;
        let micros = now.as_microseconds();
        let window_start = Timestamp::from_microseconds(micros - micros.rem_euclid(window_micros))
            .map_err(AppError::internal)?;
        let mut tx = self.db().begin().await?;
        let attempts = tx
            .count_comment_attempt(&moderation::network_key(address), window_start)
            .await?;
        tx.commit().await?;
        Ok(attempts)
    }

    /// The spam classifier's score for a comment, or `None` while it has learnt nothing.
    pub(crate) async fn spam_score(&self, input: &ClassifierInput<'_>) -> AppResult<Option<f64>> {
        let totals = self.db().spam_corpus_totals().await?;
        if totals.spam == 0 && totals.ham == 0 {
            return Ok(None);
        }
        let features = spam_classifier::features(input);
        let counts = self.db().spam_feature_counts(&features).await?;
        let counts: Vec<TokenCounts> = features
            .iter()
            .map(|feature| {
                let seen = counts.get(feature).copied().unwrap_or_default();
                TokenCounts {
                    spam: seen.spam,
                    ham: seen.ham,
                }
            })
            .collect();
        Ok(spam_classifier::spam_probability(
            CorpusTotals {
                spam_messages: totals.spam,
                ham_messages: totals.ham,
            },
            &counts,
        ))
    }
}

/// Where a reply to `parent_id` goes: under it, or under the deepest ancestor that may
/// still take replies when it sits at the deepest level allowed.
async fn place_reply(
    tx: &mut Tx,
    article: &Article,
    parent_id: CommentId,
    thread_depth: u32,
) -> AppResult<Placement> {
    let not_replyable = || {
        AppError::Validation(FieldErrors::single(
            "comment_parent",
            "The comment you are replying to is not a published comment on this article. Please reply to the article instead.",
        ))
    };
    let parent = tx
        .comment_by_id(parent_id)
        .await?
        .ok_or_else(not_replyable)?;
    if parent.article_id != article.id || parent.status != CommentStatus::Approved {
        return Err(not_replyable());
    }
    let mut parent: Option<Comment> = Some(parent);
    while let Some(candidate) = parent.take_if(|candidate| candidate.depth >= thread_depth) {
        parent = match candidate.parent_id {
            Some(grandparent) => tx.comment_by_id(grandparent).await?,
            None => None,
        };
    }
    Ok(match parent {
        Some(parent) => Placement {
            parent_id: Some(parent.id),
            root_id: Some(parent.root_id.unwrap_or(parent.id)),
            depth: parent.depth + 1,
        },
        None => Placement {
            parent_id: None,
            root_id: None,
            depth: 1,
        },
    })
}

/// The error for a comment the checks refused.
fn refusal(rejection: Rejection) -> AppError {
    match rejection {
        Rejection::RateLimited {
            retry_after_seconds,
        } => AppError::RateLimited {
            message: format!(
                "Too many comments have come from your network in the last hour. Please try again in {}.",
                describe_wait(retry_after_seconds)
            ),
            retry_after_seconds,
        },
        Rejection::Flood {
            retry_after_seconds,
        } => AppError::RateLimited {
            message: format!(
                "You are posting comments too quickly. Please wait {} and send it again.",
                describe_wait(retry_after_seconds)
            ),
            retry_after_seconds,
        },
        Rejection::Duplicate => AppError::Conflict(
            "You have already posted this comment here. It looks as though you said that already!"
                .to_owned(),
        ),
    }
}

/// `5 seconds`, `1 minute`, `12 minutes`.
fn describe_wait(seconds: u64) -> String {
    match seconds {
        0 | 1 => "a second".to_owned(),
        2..60 => format!("{seconds} seconds"),
        60..120 => "a minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}
