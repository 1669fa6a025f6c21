//! The review queue: items of review-mode sources waiting for an editor, as new articles
//! pending review or as changes the source made to an article already taken.
//!
//! Approving publishes a new item's article (with the editor's title, category and
//! excerpt, when given) or writes the source's latest version into a taken one; rejecting
//! deletes a new item's article and leaves the tombstone that keeps the item away for
//! good, or dismisses a change; approving always also switches the source to publish mode.

use super::sources::no_such_source;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::article::{MAX_EXCERPT_CHARACTERS, MAX_TITLE_CHARACTERS};
use gazette_domain::revision_diff::{RevisionDiff, VersionText, compare};
use gazette_domain::syndication::{ItemState, SourceMode};
use gazette_domain::taxonomy::category_slug_for;
use gazette_domain::text::{clean_multi_line, clean_single_line};
use gazette_domain::{ArticleId, ArticleStatus, FieldErrors, SourceItemId, Timestamp};
use gazette_store::{ArticleRecord, NewRevision, SourceItem, Tx};

pub use gazette_store::ReviewEntry as ReviewItem;

/// What an editor may change while approving an item; `None` keeps what the source sent.
#[derive(Clone, Debug, Default)]
pub struct ReviewEdits {
    /// The title to publish under.
    pub title: Option<String>,
    /// The category to file it under, instead of the source's.
    pub category: Option<String>,
    /// The excerpt to show, written by hand.
    pub excerpt: Option<String>,
}

/// The edits, checked and cleaned.
struct CheckedEdits {
    title: Option<String>,
    category: Option<String>,
    excerpt: Option<String>,
}

impl CheckedEdits {
    fn change_something(&self) -> bool {
        self.title.is_some() || self.category.is_some() || self.excerpt.is_some()
    }
}

impl ReviewEdits {
    fn check(&self) -> Result<CheckedEdits, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self.title.as_deref().map(clean_single_line);
        match &title {
            Some(title) if title.is_empty() => errors.add("title", "The title cannot be empty."),
            Some(title) if title.chars().count() > MAX_TITLE_CHARACTERS => errors.add(
                "title",
                format!("The title is too long: at most {MAX_TITLE_CHARACTERS} characters."),
            ),
            _ => {}
        }
        let excerpt = self
            .excerpt
            .as_deref()
            .map(|excerpt| clean_multi_line(excerpt).trim().to_owned());
        if excerpt
            .as_ref()
            .is_some_and(|excerpt| excerpt.chars().count() > MAX_EXCERPT_CHARACTERS)
        {
            errors.add(
                "excerpt",
                format!("The excerpt is too long: at most {MAX_EXCERPT_CHARACTERS} characters."),
            );
        }
        let category = self
            .category
            .as_deref()
            .map(clean_single_line)
            .filter(|category| !category.is_empty());
        if errors.is_empty() {
            Ok(CheckedEdits {
                title,
                category,
                excerpt: excerpt.filter(|excerpt| !excerpt.is_empty()),
            })
        } else {
            Err(errors)
        }
    }
}

impl App {
    /// The items waiting for an editor, oldest first.
    pub async fn review_queue(&self) -> AppResult<Vec<ReviewItem>> {
        Ok(self.db().review_queue().await?)
    }

    /// How many items wait for an editor.
    pub async fn source_items_awaiting_review(&self) -> AppResult<u64> {
        Ok(self.db().review_queue_length().await?)
    }

    /// How the source's two latest versions of an item differ (the title and the body).
    pub async fn source_item_changes(&self, id: SourceItemId) -> AppResult<RevisionDiff> {
        let versions = self.db().item_versions(id).await?;
        let Some(newest) = versions.last() else {
            return Err(no_such_item(id));
        };
        let older = versions
            .len()
            .checked_sub(2)
            .map_or(newest, |index| &versions[index]);
        let lines = |html: &str| html.replace("</p>", "</p>\n");
        let (old_body, new_body) = (lines(&older.content_html), lines(&newest.content_html));
        Ok(compare(
            &VersionText {
                title: &older.title,
                slug: "",
                excerpt: "",
                seo_title: "",
                meta_description: "",
                body: &old_body,
            },
            &VersionText {
                title: &newest.title,
                slug: "",
                excerpt: "",
                seo_title: "",
                meta_description: "",
                body: &new_body,
            },
        ))
    }

    /// Approves an item waiting for review: a new one is published (with `edits`), a
    /// change is written into its article. With `always`, the source's later items are
    /// published without review. Returns the article.
    pub async fn approve_source_item(
        &self,
        id: SourceItemId,
        edits: &ReviewEdits,
        always: bool,
    ) -> AppResult<ArticleId> {
        let edits = edits.check().map_err(AppError::Validation)?;
        let versions = self.db().item_versions(id).await?;
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let (item, article) = waiting_item(&mut tx, id).await?;
        let source = tx
            .source_by_id(item.source_id)
            .await?
            .ok_or_else(|| no_such_source(item.source_id))?;
        if item.state == ItemState::PendingReview {
            tx.set_source_item_state(item.id, ItemState::Taken).await?;
        } else {
            let latest = versions.last().ok_or_else(|| no_such_item(id))?;
            self.apply_version(&mut tx, &source, article, latest, now)
                .await?;
            tx.clear_source_item_update(item.id).await?;
        }
        if item.state == ItemState::PendingReview || edits.change_something() {
            publish_with_edits(&mut tx, article, &edits, &source.name, now).await?;
        }
        if always {
            tx.set_source_mode(source.id, SourceMode::Publish, now)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(item = %id, article = %article, always, "syndicated item approved");
        Ok(article)
    }

    /// Rejects an item waiting for review: a new one's article is deleted and the item
    /// never comes back; a change is dismissed and the article stays as it was.
    pub async fn reject_source_item(&self, id: SourceItemId) -> AppResult<()> {
        let mut tx = self.db().begin().await?;
        let (item, article) = waiting_item(&mut tx, id).await?;
        if item.state == ItemState::PendingReview {
            tx.set_source_item_state(item.id, ItemState::Rejected)
                .await?;
            tx.delete_article(article).await?;
        } else {
            tx.clear_source_item_update(item.id).await?;
        }
        tx.commit().await?;
        tracing::info!(item = %id, "syndicated item rejected");
        Ok(())
    }
}

fn no_such_item(id: SourceItemId) -> AppError {
    AppError::NotFound(format!(
        "There is no item {id} waiting for review; `gazette source review` lists them."
    ))
}

/// The item `id` if it waits for review, with its article.
async fn waiting_item(tx: &mut Tx, id: SourceItemId) -> AppResult<(SourceItem, ArticleId)> {
    let item = tx
        .source_item_by_id(id)
        .await?
        .ok_or_else(|| no_such_item(id))?;
    let waiting = item.state == ItemState::PendingReview || item.update_pending;
    match item.article_id {
        Some(article) if waiting => Ok((item, article)),
        _ => Err(no_such_item(id)),
    }
}

/// Publishes the article (if it is not yet) with the editor's edits, keeping a revision.
async fn publish_with_edits(
    tx: &mut Tx,
    id: ArticleId,
    edits: &CheckedEdits,
    source_name: &str,
    now: Timestamp,
) -> AppResult<()> {
    let article = tx
        .article_by_id(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Article {id} no longer exists.")))?;
    let newly_published = article.status != ArticleStatus::Published;
    let record = ArticleRecord {
        slug: article.slug.clone(),
        title: edits.title.clone().unwrap_or(article.title.clone()),
        body_markdown: article.body_markdown.clone(),
        body_html: article.body_html.clone(),
        excerpt: edits.excerpt.clone().unwrap_or(article.excerpt.clone()),
        excerpt_is_manual: edits.excerpt.is_some() || article.excerpt_is_manual,
        seo_title: article.seo_title.clone(),
        meta_description: article.meta_description.clone(),
        status: ArticleStatus::Published,
        author_id: article.author_id,
        comments_open: article.comments_open,
        source: article.source.clone(),
        featured_image: article.featured_image.clone(),
        published_at: if newly_published {
            Some(now)
        } else {
            article.published_at
        },
        modified_at: article.modified_at,
    };
    tx.update_article(id, &record, now).await?;
    if let Some(category) = &edits.category {
        let category = tx
            .ensure_category(&category_slug_for(category, true), category)
            .await?;
        tx.set_article_categories(id, &[category]).await?;
    }
    let note = format!("Approved from {source_name}");
    tx.insert_revision(&NewRevision::of(id, &record, None, &note), now)
        .await?;
    Ok(())
}
