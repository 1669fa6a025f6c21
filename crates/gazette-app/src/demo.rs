//! The demo site: a fictional local newspaper with articles, a republished story, a busy
//! comment thread and a comment waiting for moderation, so that a new user sees every part
//! of the article page at once. The text lives in `demo/content.toml`.

use crate::articles::PublishOptions;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::{ArticleDraft, CommentId, CommentInput, CommentStatus, Role, Slug, Timestamp};
use gazette_render::comment_text;
use gazette_store::NewCommentRecord;
use gazette_store::NewUserRecord;
use serde::Deserialize;

const CONTENT: &str = include_str!("demo/content.toml");

/// What filling the demo site did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The site was empty and now holds the sample content.
    Filled {
        /// How many articles were added.
        articles: usize,
        /// How many comments were added.
        comments: usize,
    },
    /// The site already had articles, so nothing was added.
    AlreadyHasContent,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoContent {
    site: DemoSite,
    article: Vec<DemoArticle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSite {
    title: String,
    tagline: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoArticle {
    title: String,
    hours_ago: i64,
    category: String,
    tags: Vec<String>,
    body: String,
    source_name: Option<String>,
    source_url: Option<String>,
    original_hours_ago: Option<i64>,
    comments_open: Option<bool>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    comment: Vec<DemoComment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoComment {
    author: String,
    email: String,
    website: String,
    minutes_after: i64,
    status: String,
    /// The comment this one answers, counted from 1 among the article's comments.
    reply_to: Option<usize>,
    text: String,
}

/// How long after its article a sample comment was posted. The sample's own delay, unless
/// the article is too recent for the whole thread to have happened yet: then the thread is
/// squeezed into the time since publication, so that no comment is dated in the future.
fn comment_delay_seconds(
    article: &DemoArticle,
    comment: &DemoComment,
    published_at: Timestamp,
    now: Timestamp,
) -> i64 {
    let wanted = comment.minutes_after * 60;
    let last = article
        .comment
        .iter()
        .map(|sample| sample.minutes_after * 60)
        .max()
        .unwrap_or(wanted)
        .max(1);
    let available = (now.as_microseconds() - published_at.as_microseconds()) / 1_000_000 - 60;
    if last <= available {
        wanted
    } else {
        wanted * available.max(0) / last
    }
}

impl App {
    /// Fills an empty site with the sample content. A site that already has articles is
    /// left alone.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the sample content: users, articles, then their comments"
    )]
    pub async fn fill_demo_site(&self) -> AppResult<DemoOutcome> {
        if self.db().article_count().await? > 0 {
            return Ok(DemoOutcome::AlreadyHasContent);
        }
        let content: DemoContent = toml::from_str(CONTENT)
            .map_err(|error| AppError::internal(format!("the demo content is broken: {error}")))?;
        self.change_setting("title", &content.site.title).await?;
        self.change_setting("tagline", &content.site.tagline)
            .await?;

        let now = self.clock().now();
        let author_id = {
            let mut tx = self.db().begin().await?;
            let newsroom = NewUserRecord {
                display_name: "Ledger Newsroom".to_owned(),
                email: "newsroom@wrenfield-ledger.example".to_owned(),
                slug: Slug::parse("newsroom").map_err(AppError::internal)?,
                role: Role::Editor,
                password_hash: None,
            };
            let id = tx.insert_user(&newsroom, now).await?;
            tx.commit().await?;
            id
        };

        let mut comments = 0;
        // Oldest first, so that ids grow with publication time as on a real site.
        for item in content.article.iter().rev() {
            let published_at = now.plus_seconds(-item.hours_ago * 3600);
            let draft = ArticleDraft {
                title: item.title.clone(),
                body_markdown: item.body.clone(),
                draft: item.draft,
                source_name: item.source_name.clone(),
                source_url: item.source_url.clone(),
                source_published_at: item
                    .original_hours_ago
                    .map(|hours| now.plus_seconds(-hours * 3600)),
                comments_open: item.comments_open,
                ..ArticleDraft::default()
            };
            let options = PublishOptions {
                author_id: Some(author_id),
                published_at: Some(published_at),
                categories: vec![item.category.clone()],
                tags: item.tags.clone(),
                sticky: false,
            };
            let article = self.publish_article(&draft, options).await?;
            if item.comment.is_empty() {
                continue;
            }
            let mut tx = self.db().begin().await?;
            let mut stored: Vec<(CommentId, Option<CommentId>, u32)> = Vec::new();
            for sample in &item.comment {
                let input = CommentInput {
                    text: sample.text.clone(),
                    author: sample.author.clone(),
                    email: sample.email.clone(),
                    website: sample.website.clone(),
                    parent: String::new(),
                };
                let valid = input.validate().map_err(|errors| {
                    AppError::internal(format!("a demo comment is invalid: {errors}"))
                })?;
                let status = CommentStatus::parse(&sample.status).ok_or_else(|| {
                    AppError::internal(format!("unknown demo status {}", sample.status))
                })?;
                let parent = match sample.reply_to {
                    Some(position) => Some(
                        stored
                            .get(position.wrapping_sub(1))
                            .copied()
                            .ok_or_else(|| {
                                AppError::internal(format!(
                                    "a demo comment replies to comment {position}, which comes later or does not exist"
                                ))
                            })?,
                    ),
                    None => None,
                };
                let record = NewCommentRecord {
                    article_id: article.id,
                    parent_id: parent.map(|(id, _, _)| id),
                    root_id: parent.map(|(id, root, _)| root.unwrap_or(id)),
                    depth: parent.map_or(1, |(_, _, depth)| depth + 1),
                    html: comment_text::to_safe_html(&valid.text),
                    text: valid.text,
                    author_name: valid.author,
                    author_email: valid.email,
                    author_url: valid.website,
                    status,
                    moderation_rule: None,
                    moderation_reason: None,
                    spam_score: None,
                    ip: None,
                    user_agent: None,
                    user_id: None,
                };
                let posted_at = published_at.plus_seconds(comment_delay_seconds(
                    item,
                    sample,
                    published_at,
                    now,
                ));
                let id = tx.insert_comment(&record, posted_at).await?;
                stored.push((id, record.root_id, record.depth));
                comments += 1;
            }
            tx.commit().await?;
        }
        tracing::info!(
            articles = content.article.len(),
            comments,
            "demo content added"
        );
        Ok(DemoOutcome::Filled {
            articles: content.article.len(),
            comments,
        })
    }
}
