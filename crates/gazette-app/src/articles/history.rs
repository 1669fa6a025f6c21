//! An article's history: every saved version with who saved it, the difference between
//! two versions, and restoring an old one (which is itself a new save, so nothing is lost).

use super::editor::check;
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::permissions::ArticleAction;
use gazette_domain::revision_diff::{RevisionDiff, VersionText, compare};
use gazette_domain::{Actor, Article, ArticleId, ArticleStatus, RevisionId, User};
use gazette_render::markdown;
use gazette_store::{ArticleRecord, NewRevision, Revision};

/// One saved version in the history list.
#[derive(Clone, Debug)]
pub struct RevisionListItem {
    /// The version.
    pub revision: Revision,
    /// How it differs from the version before it (none for the first).
    pub lines_added: usize,
    /// Lines removed since the version before.
    pub lines_removed: usize,
}

/// Two versions side by side.
#[derive(Clone, Debug)]
pub struct RevisionComparison {
    /// The article as it stands.
    pub article: Article,
    /// The older version (`None` when the newer one is the first).
    pub older: Option<Revision>,
    /// The newer version.
    pub newer: Revision,
    /// What changed.
    pub diff: RevisionDiff,
}

fn text_of(revision: &Revision) -> VersionText<'_> {
    VersionText {
        title: &revision.title,
        slug: &revision.slug,
        excerpt: &revision.excerpt,
        seo_title: &revision.seo_title,
        meta_description: &revision.meta_description,
        body: &revision.body_markdown,
    }
}

const EMPTY: VersionText<'static> = VersionText {
    title: "",
    slug: "",
    excerpt: "",
    seo_title: "",
    meta_description: "",
    body: "",
};

impl App {
    /// The saved versions of article `id`, newest first, for `user`.
    pub async fn article_history(
        &self,
        user: &User,
        id: ArticleId,
    ) -> AppResult<(Article, Vec<RevisionListItem>)> {
        let article = self.article_for_desk(user, id).await?;
        let revisions = self.db().revisions_of(id).await?;
        let items = revisions
            .iter()
            .enumerate()
            .map(|(index, revision)| {
                let diff = revisions.get(index + 1).map_or_else(
                    || compare(&EMPTY, &text_of(revision)),
                    |older| compare(&text_of(older), &text_of(revision)),
                );
                RevisionListItem {
                    revision: revision.clone(),
                    lines_added: diff.added,
                    lines_removed: diff.removed,
                }
            })
            .collect();
        Ok((article, items))
    }

    /// Version `newer` of article `id` against `older` (by default, the version saved just
    /// before it).
    pub async fn compare_revisions(
        &self,
        user: &User,
        id: ArticleId,
        newer: RevisionId,
        older: Option<RevisionId>,
    ) -> AppResult<RevisionComparison> {
        let article = self.article_for_desk(user, id).await?;
        let missing = || AppError::NotFound(format!("Article {id} has no such version."));
        let newer = self.db().revision(id, newer).await?.ok_or_else(missing)?;
        let older = match older {
            Some(older) => Some(self.db().revision(id, older).await?.ok_or_else(missing)?),
            None => self.db().revision_before(id, newer.id).await?,
        };
        let diff = compare(&older.as_ref().map_or(EMPTY, text_of), &text_of(&newer));
        Ok(RevisionComparison {
            article,
            older,
            newer,
            diff,
        })
    }

    /// Brings back the title, excerpt, SEO title, meta description and body of version
    /// `revision`, as a new save by `user`. The article keeps its status, slug, date and everything else.
    pub async fn restore_revision(
        &self,
        user: &User,
        id: ArticleId,
        revision: RevisionId,
    ) -> AppResult<Article> {
        let article = self.article_for_desk(user, id).await?;
        check(&Actor::from(user), ArticleAction::Edit, Some(&article))?;
        if article.trashed.is_some() {
            return Err(AppError::Conflict(
                "This article is in the trash; restore it before going back to an older version."
                    .to_owned(),
            ));
        }
        let old = self
            .db()
            .revision(id, revision)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("Article {id} has no such version.")))?;
        let now = self.clock().now();
        let excerpt_is_manual = !old.excerpt.is_empty();
        let excerpt = if excerpt_is_manual {
            old.excerpt.clone()
        } else {
            markdown::excerpt(&old.body_markdown)
        };
        let public_change = article.status == ArticleStatus::Published
            && (article.title != old.title || article.body_markdown != old.body_markdown);
        let record = ArticleRecord {
            slug: article.slug.clone(),
            title: old.title.clone(),
            body_html: markdown::to_safe_html(&old.body_markdown),
            body_markdown: old.body_markdown.clone(),
            excerpt,
            excerpt_is_manual,
            seo_title: old.seo_title.clone(),
            meta_description: old.meta_description.clone(),
            status: article.status,
            author_id: article.author_id,
            comments_open: article.comments_open,
            source: article.source.clone(),
            featured_image: article.featured_image.clone(),
            published_at: article.published_at,
            modified_at: if public_change {
                Some(now)
            } else {
                article.modified_at
            },
        };
        let mut tx = self.db().begin().await?;
        tx.update_article(id, &record, now).await?;
        let note = format!("Restored version {}", old.id);
        tx.insert_revision(&NewRevision::of(id, &record, Some(user.id), &note), now)
            .await?;
        if record.status == ArticleStatus::Scheduled
            && let Some(when) = record.published_at
        {
            self.enqueue_at(
                &mut tx,
                &Job::PublishScheduled {
                    article_id: id.get(),
                },
                when,
                now,
            )
            .await?;
        }
        let saved = tx
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("an article vanished inside its own transaction"))?;
        tx.commit().await?;
        Ok(saved)
    }
}
