//! What a fetched feed's items become.
//!
//! Each item is looked up by its stable key in its source:
//!
//! - an unknown key that passes the source's keyword rules and maximum age becomes an
//!   article with the source's credit, category and author — published at once in publish
//!   mode, pending review in review mode — and its first version is kept;
//! - a known key with the same content hash is only noted as seen;
//! - a known key whose content changed gets a new version; its article is updated in
//!   place while it waits for review, updated with a dated `Update` note in publish mode,
//!   or left for an editor to approve the change in review mode;
//! - a rejected key (the tombstone) is left alone, whatever the source does with it.

use super::fetching::FetchReport;
use crate::articles::slugs::choose_slug;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::article::MAX_TITLE_CHARACTERS;
use gazette_domain::correction::CorrectionKind;
use gazette_domain::syndication::{ItemState, Source, SourceMode, is_too_old};
use gazette_domain::text::clean_single_line;
use gazette_domain::{Article, ArticleId, ArticleStatus, Slug, SourceAttribution, Timestamp};
use gazette_feeds::incoming::ParsedItem;
use gazette_render::{markdown, sanitize};
use gazette_store::{ArticleRecord, ItemVersion, NewRevision, SourceItem, Tx};

/// How many of an item's categories become tags of its article.
const MAX_TAGS_PER_ITEM: usize = 10;
/// The longest category name of an item that becomes a tag, in characters.
const MAX_TAG_CHARACTERS: usize = 100;
/// How many words of an item's text make its title when it has none.
const TITLE_WORDS_WHEN_UNTITLED: usize = 10;

/// An item's version as it is kept.
pub(super) fn version_of(item: &ParsedItem, now: Timestamp) -> ItemVersion {
    ItemVersion {
        content_hash: item.content_hash.clone(),
        title: item.title.clone(),
        link: item.link.as_ref().map(ToString::to_string),
        content_html: item.content_html.clone(),
        summary_html: item.summary_html.clone(),
        published_at: item.published,
        updated_at: item.updated,
        fetched_at: now,
    }
}

/// The title an article made from `version` gets: the item's own, or its first words.
fn title_of(version: &ItemVersion) -> String {
    let title = if version.title.trim().is_empty() {
        let text = sanitize::text_of_html(&version.content_html);
        let words: Vec<&str> = text
            .split_whitespace()
            .take(TITLE_WORDS_WHEN_UNTITLED)
            .collect();
        if words.is_empty() {
            "Untitled".to_owned()
        } else {
            words.join(" ")
        }
    } else {
        clean_single_line(&version.title)
    };
    title.chars().take(MAX_TITLE_CHARACTERS).collect()
}

/// The excerpt of an article made from `version`: the summary's first words, else the
/// body's.
fn excerpt_of(version: &ItemVersion) -> String {
    version
        .summary_html
        .as_deref()
        .map(markdown::excerpt_of_html)
        .filter(|excerpt| !excerpt.is_empty())
        .unwrap_or_else(|| markdown::excerpt_of_html(&version.content_html))
}

/// The credit an article made from `version` of `source`'s item carries.
fn credit(source: &Source, version: &ItemVersion) -> SourceAttribution {
    SourceAttribution {
        name: source.name.clone(),
        url: version
            .link
            .clone()
            .or_else(|| source.home_page_url.clone())
            .unwrap_or_else(|| source.feed_url.clone()),
        published_at: version.published_at.or(version.updated_at),
        licence: (!source.licence.is_empty()).then(|| source.licence.clone()),
        canonical: source.canonical_to_original,
    }
}

impl App {
    /// Takes the items of a fetched feed, counting what became of them in `report`.
    pub(super) async fn take_items(
        &self,
        tx: &mut Tx,
        source: &Source,
        items: &[ParsedItem],
        now: Timestamp,
        report: &mut FetchReport,
    ) -> AppResult<()> {
        let rules = source.keyword_rules();
        let comments_open = self.site_settings().await?.comments_open_by_default;
        for item in items {
            let version = version_of(item, now);
            match tx.source_item(source.id, item.key.as_str()).await? {
                None => {
                    let text = sanitize::text_of_html(&item.content_html);
                    if let Some(reason) = rules.refusal(&item.title, &text) {
                        tracing::debug!(source = %source.id, key = %item.key, %reason, "item left out");
                        report.left_out += 1;
                        continue;
                    }
                    if is_too_old(
                        item.published.or(item.updated),
                        source.max_item_age_days,
                        now,
                    ) {
                        report.left_out += 1;
                        continue;
                    }
                    let state = match source.mode {
                        SourceMode::Publish => ItemState::Taken,
                        SourceMode::Review => ItemState::PendingReview,
                    };
                    let Some(item_id) = tx
                        .insert_source_item(
                            source.id,
                            item.key.as_str(),
                            state,
                            &item.content_hash,
                            now,
                        )
                        .await?
                    else {
                        report.unchanged += 1;
                        continue;
                    };
                    tx.insert_item_version(item_id, &version).await?;
                    let article = self
                        .create_syndicated_article(
                            tx,
                            source,
                            item,
                            &version,
                            state,
                            comments_open,
                            now,
                        )
                        .await?;
                    tx.link_source_item(item_id, article).await?;
                    report.created += 1;
                }
                Some(known) if known.content_hash == item.content_hash => {
                    tx.source_item_seen(known.id, now).await?;
                    report.unchanged += 1;
                }
                Some(known) => {
                    if self
                        .take_changed_item(tx, source, &known, &version, now)
                        .await?
                    {
                        report.updated += 1;
                    } else if known.state == ItemState::Taken && known.article_id.is_some() {
                        report.flagged += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// A known item whose content changed: keeps the version and updates its article, or
    /// leaves the change for review. `true` when the article was updated.
    async fn take_changed_item(
        &self,
        tx: &mut Tx,
        source: &Source,
        known: &SourceItem,
        version: &ItemVersion,
        now: Timestamp,
    ) -> AppResult<bool> {
        let article = match (known.state, known.article_id) {
            (ItemState::Rejected, _) | (_, None) => {
                tx.source_item_seen(known.id, now).await?;
                return Ok(false);
            }
            (_, Some(article)) => article,
        };
        tx.insert_item_version(known.id, version).await?;
        let applies_now =
            known.state == ItemState::PendingReview || source.mode == SourceMode::Publish;
        tx.source_item_changed(known.id, &version.content_hash, !applies_now, now)
            .await?;
        if applies_now {
            self.apply_version(tx, source, article, version, now)
                .await?;
        }
        Ok(applies_now)
    }

    /// Makes the article of a new item.
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is one distinct input of the new article"
    )]
    async fn create_syndicated_article(
        &self,
        tx: &mut Tx,
        source: &Source,
        item: &ParsedItem,
        version: &ItemVersion,
        state: ItemState,
        comments_open: bool,
        now: Timestamp,
    ) -> AppResult<ArticleId> {
        let title = title_of(version);
        let (status, published_at) = if state == ItemState::Taken {
            (ArticleStatus::Published, Some(now))
        } else {
            (ArticleStatus::Pending, None)
        };
        let slug = choose_slug(tx, None, &title, None).await?;
        let record = ArticleRecord {
            slug,
            title,
            body_markdown: version.content_html.clone(),
            body_html: sanitize::clean_article_html(&version.content_html),
            excerpt: excerpt_of(version),
            excerpt_is_manual: false,
            status,
            author_id: source.author_id,
            comments_open,
            source: Some(credit(source, version)),
            featured_image: None,
            published_at,
            modified_at: None,
        };
        let id = tx.insert_article(&record, now).await?;
        tx.forget_old_slug(&record.slug).await?;
        if let Some(category) = &source.category {
            let category = tx
                .ensure_category(&Slug::from_title(category, "category"), category)
                .await?;
            tx.attach_category(id, category).await?;
        }
        for name in item
            .categories
            .iter()
            .map(|name| clean_single_line(name))
            .filter(|name| !name.is_empty() && name.chars().count() <= MAX_TAG_CHARACTERS)
            .take(MAX_TAGS_PER_ITEM)
        {
            let tag = tx
                .ensure_tag(&Slug::from_title(&name, "tag"), &name)
                .await?;
            tx.attach_tag(id, tag).await?;
        }
        tx.insert_revision(
            &NewRevision {
                article_id: id,
                title: &record.title,
                slug: record.slug.as_str(),
                excerpt: "",
                body_markdown: &record.body_markdown,
                status,
                saved_by: None,
                note: &format!("Taken from {}", source.name),
            },
            now,
        )
        .await?;
        Ok(id)
    }

    /// Writes a source's version of an item into its article, keeping a revision; a
    /// published article also gets a dated `Update` note and a new modified date.
    pub(super) async fn apply_version(
        &self,
        tx: &mut Tx,
        source: &Source,
        id: ArticleId,
        version: &ItemVersion,
        now: Timestamp,
    ) -> AppResult<()> {
        let article: Article = tx
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("Article {id} no longer exists.")))?;
        let public = article.status == ArticleStatus::Published;
        let record = ArticleRecord {
            slug: article.slug.clone(),
            title: title_of(version),
            body_markdown: version.content_html.clone(),
            body_html: sanitize::clean_article_html(&version.content_html),
            excerpt: if article.excerpt_is_manual {
                article.excerpt.clone()
            } else {
                excerpt_of(version)
            },
            excerpt_is_manual: article.excerpt_is_manual,
            status: article.status,
            author_id: article.author_id,
            comments_open: article.comments_open,
            source: Some(match article.source.clone() {
                Some(kept) => {
                    let fresh = credit(source, version);
                    SourceAttribution {
                        url: fresh.url,
                        published_at: fresh.published_at,
                        ..kept
                    }
                }
                None => credit(source, version),
            }),
            featured_image: article.featured_image.clone(),
            published_at: article.published_at,
            modified_at: if public {
                Some(now)
            } else {
                article.modified_at
            },
        };
        tx.update_article(id, &record, now).await?;
        tx.insert_revision(
            &NewRevision {
                article_id: id,
                title: &record.title,
                slug: record.slug.as_str(),
                excerpt: if record.excerpt_is_manual {
                    &record.excerpt
                } else {
                    ""
                },
                body_markdown: &record.body_markdown,
                status: record.status,
                saved_by: None,
                note: &format!("Updated by {}", source.name),
            },
            now,
        )
        .await?;
        if public {
            let note = format!("{} updated this story.", source.name);
            let html = markdown::to_safe_html(&note);
            tx.insert_correction(id, CorrectionKind::Update, &note, &html, None, now)
                .await?;
        }
        Ok(())
    }
}
