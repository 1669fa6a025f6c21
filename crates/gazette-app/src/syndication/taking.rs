//! What a fetched feed's items become.
//!
//! Each item is looked up by its stable key in its source:
//!
//! - an unknown key that passes the source's keyword rules and maximum age becomes an
//!   article with the source's credit (the item's author in it), category and author —
//!   published at once in publish mode, pending review in review mode — and its first
//!   version is kept; an item with a picture queues the job that makes it the article's
//!   featured image;
//! - a known key with the same content hash is only noted as seen;
//! - a known key whose content changed gets a new version; its article is updated in
//!   place while it waits for review, updated with a dated `Update` note in publish mode,
//!   or left for an editor to approve the change in review mode;
//! - a rejected key (the tombstone) is left alone, whatever the source does with it.

use super::fetching::FetchReport;
use crate::articles::slugs::choose_new_slugs;
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::article::headline_or_first_words;
use gazette_domain::correction::CorrectionKind;
use gazette_domain::syndication::{ItemState, Source, SourceMode, byline_of, is_too_old};
use gazette_domain::taxonomy::{category_slug_for, tag_slug_for};
use gazette_domain::text::clean_single_line;
use gazette_domain::{
    Article, ArticleId, ArticleStatus, CategoryId, SourceAttribution, SourceItemId, TagId,
    Timestamp,
};
use gazette_feeds::incoming::{ParsedItem, text_of_cleaned_html};
use gazette_render::markdown;
use gazette_store::{
    ArticleRecord, ItemVersion, LongWrite, NewRevision, NewSourceItem, SourceItem, Tx,
};
use std::collections::{HashMap, HashSet};

/// How many of an item's categories become tags of its article.
const MAX_TAGS_PER_ITEM: usize = 10;
/// The longest category name of an item that becomes a tag, in characters.
const MAX_TAG_CHARACTERS: usize = 100;
/// After how many of a feed's new items the database's planner statistics are first
/// brought up to date; then each time the count has doubled.
const FIRST_STATISTICS_REFRESH: usize = 1_000;

/// What taking one feed's items remembers from one batch of them to the next, for one
/// attempt at its transaction.
#[derive(Debug, Default)]
pub(super) struct FeedTaking {
    /// The keys of the items taken so far: a key the feed repeats is taken once.
    keys: HashSet<String>,
    /// Tags found or made for the items' categories, by category name.
    tags: HashMap<String, TagId>,
    /// The source's category, once found or made.
    category: Option<CategoryId>,
    /// Whether new articles are open for comments: the site's setting, read once.
    comments_open: Option<bool>,
    /// How many of the feed's items have become articles so far.
    items_written: usize,
    /// At how many new items the planner's statistics are next brought up to date.
    next_statistics_refresh: usize,
}

impl FeedTaking {
    /// Whether new articles are open for comments.
    async fn comments_open(&mut self, app: &App) -> AppResult<bool> {
        if let Some(open) = self.comments_open {
            return Ok(open);
        }
        let open = app.site_settings().await?.comments_open_by_default;
        self.comments_open = Some(open);
        Ok(open)
    }

    /// The category named `name` (the source's), found or made.
    async fn category(&mut self, tx: &mut Tx, name: &str) -> AppResult<CategoryId> {
        if let Some(category) = self.category {
            return Ok(category);
        }
        let category = tx
            .ensure_category(&category_slug_for(name, true), name)
            .await?;
        self.category = Some(category);
        Ok(category)
    }
}

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
        author: byline_of(&item.authors),
        fetched_at: now,
    }
}

/// The title an article made from `version` gets: the item's own, or its first words.
fn title_of(version: &ItemVersion) -> String {
    headline_or_first_words(clean_single_line(&version.title), || {
        text_of_cleaned_html(&version.content_html)
    })
}

/// The excerpt of an article made from `version`: the summary's first words, else the
/// body's.
fn excerpt_of(version: &ItemVersion) -> String {
    version
        .summary_html
        .as_deref()
        .map(|summary| markdown::excerpt_of_text(&text_of_cleaned_html(summary)))
        .filter(|excerpt| !excerpt.is_empty())
        .unwrap_or_else(|| markdown::excerpt_of_text(&text_of_cleaned_html(&version.content_html)))
}

/// The HTML an article made from `version` shows. The item's HTML was cleaned when the
/// feed was read, by a policy that keeps less than the article policy does (and marks
/// links `nofollow`), so it is published as it is rather than cleaned a second time.
fn body_of(version: &ItemVersion) -> String {
    version.content_html.clone()
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
        author: version.author.clone(),
        licence: (!source.licence.is_empty()).then(|| source.licence.clone()),
        canonical: source.canonical_to_original,
    }
}

/// The jobs that fetch the pictures of the new articles' items (`made`: the positions in
/// `items` that became articles), for those that have one.
fn picture_jobs(
    source: &Source,
    items: &[&ParsedItem],
    article_ids: &[ArticleId],
    made: &[(usize, SourceItemId)],
) -> Vec<Job> {
    made.iter()
        .filter_map(|&(index, _)| {
            let item = items[index];
            Some(Job::FetchItemImage {
                article_id: article_ids[index].get(),
                source_id: source.id.get(),
                url: item.image.as_ref()?.to_string(),
                description: item.image_description.clone(),
            })
        })
        .collect()
}

/// Tags each new article (`made`: the positions in `items` that became articles) with
/// its item's categories; each tag is looked up or made once a feed (`tags`).
async fn tag_syndicated_articles(
    tx: &mut Tx,
    items: &[&ParsedItem],
    article_ids: &[ArticleId],
    made: &[(usize, SourceItemId)],
    tags: &mut HashMap<String, TagId>,
) -> AppResult<()> {
    let mut pairs = Vec::new();
    for &(index, _) in made {
        let mut item_tags: Vec<TagId> = Vec::new();
        for name in items[index]
            .categories
            .iter()
            .map(|name| clean_single_line(name))
            .filter(|name| !name.is_empty() && name.chars().count() <= MAX_TAG_CHARACTERS)
            .take(MAX_TAGS_PER_ITEM)
        {
            let tag = if let Some(tag) = tags.get(&name) {
                *tag
            } else {
                let tag = tx.ensure_tag(&tag_slug_for(&name), &name).await?;
                tags.insert(name, tag);
                tag
            };
            // Two names can make one tag ("Region" and "region").
            if !item_tags.contains(&tag) {
                item_tags.push(tag);
                pairs.push((article_ids[index], tag));
            }
        }
    }
    tx.attach_tags(&pairs).await?;
    Ok(())
}

impl App {
    /// Takes a batch of a fetched feed's items, counting what became of them in `report`;
    /// `feed` holds what the feed's earlier batches learnt (their keys, since a key the
    /// feed repeats is taken once, and the tags and category found). The batch's known
    /// items are looked up together, and its new ones written together, so that a long
    /// feed costs a few statements per batch of items rather than a dozen per item.
    pub(super) async fn take_items(
        &self,
        tx: &mut Tx,
        source: &Source,
        items: &[ParsedItem],
        feed: &mut FeedTaking,
        now: Timestamp,
        report: &mut FetchReport,
    ) -> AppResult<()> {
        let rules = source.keyword_rules();
        let keys: Vec<&str> = items.iter().map(|item| item.key.as_str()).collect();
        let known: HashMap<String, SourceItem> = tx
            .source_items_with_keys(source.id, &keys)
            .await?
            .into_iter()
            .map(|item| (item.key.clone(), item))
            .collect();
        let mut seen = Vec::new();
        let mut new_items = Vec::new();
        for item in items {
            if !feed.keys.insert(item.key.as_str().to_owned()) {
                // The same key twice in one feed: the first one stands for both.
                report.unchanged += 1;
                continue;
            }
            match known.get(item.key.as_str()) {
                None => {
                    let refusal = if rules.is_empty() {
                        None
                    } else {
                        rules.refusal(&item.title, &item.content_text)
                    };
                    if let Some(reason) = refusal {
                        tracing::debug!(source = %source.id, key = %item.key, %reason, "item left out");
                        report.left_out += 1;
                    } else if is_too_old(
                        item.published.or(item.updated),
                        source.max_item_age_days,
                        now,
                    ) {
                        report.left_out += 1;
                    } else {
                        new_items.push(item);
                    }
                }
                Some(known) if known.content_hash == item.content_hash => {
                    seen.push(known.id);
                    report.unchanged += 1;
                }
                Some(known) => {
                    let version = version_of(item, now);
                    if self
                        .take_changed_item(tx, source, known, &version, now)
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
        tx.source_items_seen(&seen, now).await?;
        self.create_syndicated_articles(tx, source, &new_items, feed, now, report)
            .await?;
        feed.items_written += new_items.len();
        if feed.items_written >= feed.next_statistics_refresh.max(FIRST_STATISTICS_REFRESH) {
            // A long feed's next batches look their keys and slugs up among the rows this
            // transaction wrote.
            tx.refresh_planner_statistics(LongWrite::FeedItems).await?;
            feed.next_statistics_refresh = feed.items_written * 2;
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

    /// Makes the articles of new items — published at once in publish mode, pending review
    /// in review mode — each with its item's key, first version, category, tags, first
    /// revision and, when the item has a picture, the job that fetches it.
    async fn create_syndicated_articles(
        &self,
        tx: &mut Tx,
        source: &Source,
        items: &[&ParsedItem],
        feed: &mut FeedTaking,
        now: Timestamp,
        report: &mut FetchReport,
    ) -> AppResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let comments_open = feed.comments_open(self).await?;
        let (state, status, published_at) = match source.mode {
            SourceMode::Publish => (ItemState::Taken, ArticleStatus::Published, Some(now)),
            SourceMode::Review => (ItemState::PendingReview, ArticleStatus::Pending, None),
        };
        let versions: Vec<ItemVersion> = items.iter().map(|item| version_of(item, now)).collect();
        let titles: Vec<String> = versions.iter().map(title_of).collect();
        let slugs = choose_new_slugs(tx, &titles).await?;
        let records: Vec<ArticleRecord> = versions
            .iter()
            .zip(titles)
            .zip(slugs)
            .map(|((version, title), slug)| ArticleRecord {
                slug,
                title,
                body_markdown: version.content_html.clone(),
                body_html: body_of(version),
                excerpt: excerpt_of(version),
                excerpt_is_manual: false,
                seo_title: String::new(),
                meta_description: String::new(),
                status,
                author_id: source.author_id,
                comments_open,
                source: Some(credit(source, version)),
                featured_image: None,
                published_at,
                modified_at: None,
            })
            .collect();
        // Each body is the item's cleaned HTML, whose text was read when it was cleaned.
        let body_texts: Vec<&str> = items
            .iter()
            .map(|item| item.content_text.as_str())
            .collect();
        let article_ids = tx.insert_articles(&records, Some(&body_texts), now).await?;
        let slugs: Vec<&str> = records.iter().map(|record| record.slug.as_str()).collect();
        tx.forget_old_slugs(&slugs).await?;
        let new_items: Vec<NewSourceItem<'_>> = items
            .iter()
            .zip(&article_ids)
            .map(|(item, article)| NewSourceItem {
                key: item.key.as_str(),
                state,
                content_hash: &item.content_hash,
                article_id: *article,
            })
            .collect();
        let item_ids = tx.insert_source_items(source.id, &new_items, now).await?;
        let mut made = Vec::with_capacity(items.len());
        for (index, item_id) in item_ids.into_iter().enumerate() {
            if let Some(item_id) = item_id {
                made.push((index, item_id));
            } else {
                // Another fetch recorded the key first: its article stands, not this one.
                tx.delete_article(article_ids[index]).await?;
                report.unchanged += 1;
            }
        }
        let kept: Vec<(SourceItemId, &ItemVersion)> = made
            .iter()
            .map(|&(index, item_id)| (item_id, &versions[index]))
            .collect();
        // Each first version's HTML is its new article's body, which it shares.
        tx.insert_item_versions_of_current_bodies(&kept).await?;
        if let Some(name) = &source.category {
            let category = feed.category(tx, name).await?;
            let filed: Vec<(ArticleId, CategoryId)> = made
                .iter()
                .map(|&(index, _)| (article_ids[index], category))
                .collect();
            tx.attach_categories(&filed).await?;
        }
        tag_syndicated_articles(tx, items, &article_ids, &made, &mut feed.tags).await?;
        self.enqueue_all(tx, &picture_jobs(source, items, &article_ids, &made), now)
            .await?;
        let note = format!("Taken from {}", source.name);
        let revisions: Vec<NewRevision<'_>> = made
            .iter()
            .map(|&(index, _)| NewRevision::of(article_ids[index], &records[index], None, &note))
            .collect();
        // Each first revision's body is its new article's source, which it shares.
        tx.insert_revisions_of_current_bodies(&revisions, now)
            .await?;
        report.created += u32::try_from(made.len()).unwrap_or(u32::MAX);
        Ok(())
    }

    /// Writes a source's version of an item into its article, keeping a revision; a
    /// published article also gets a dated `Update` note and a new modified date. The
    /// credit keeps the editor's name and licence note and takes the version's address,
    /// date and author (the author kept when the version names none).
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
            body_html: body_of(version),
            excerpt: if article.excerpt_is_manual {
                article.excerpt.clone()
            } else {
                excerpt_of(version)
            },
            excerpt_is_manual: article.excerpt_is_manual,
            seo_title: article.seo_title.clone(),
            meta_description: article.meta_description.clone(),
            status: article.status,
            author_id: article.author_id,
            comments_open: article.comments_open,
            source: Some(match article.source.clone() {
                Some(kept) => {
                    let fresh = credit(source, version);
                    SourceAttribution {
                        url: fresh.url,
                        published_at: fresh.published_at,
                        author: fresh.author.or(kept.author),
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
        let note = format!("Updated by {}", source.name);
        tx.insert_revision(&NewRevision::of(id, &record, None, &note), now)
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
