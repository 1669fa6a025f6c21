//! Posts and pages, a batch at a time: what each item's status, dates and title become
//! (`plan`), then the batch written with few statements — the articles with the ids they
//! had on WordPress where those are free, their categories, tags, first revisions, old
//! slugs, the jobs of scheduled ones, and what each became.
//!
//! WordPress's statuses become Gazette's: `publish` is published (scheduled when its time
//! is still to come), `future` scheduled (published when its time has passed), `draft` and
//! `pending` the same, `trash` an article in the trash that can be restored to its earlier
//! status. Gazette has no private or password-protected articles: those arrive as drafts,
//! so that nothing WordPress kept from readers is shown to them.

use super::reading::{PreparedBody, PreparedItem};
use super::report::ImportKind;
use super::seo::{SeoText, seo_text_of};
use super::session::Writing;
use super::times::ExportClock;
use super::wordpress_slug;
use crate::AppResult;
use crate::articles::slugs::choose_free_slugs;
use crate::jobs::Job;
use gazette_domain::article::{
    MAX_META_DESCRIPTION_CHARACTERS, MAX_SEO_TITLE_CHARACTERS, headline_or_first_words,
};
use gazette_domain::permalink::is_reserved_segment;
use gazette_domain::text::{clean_single_line, text_of_sanitised_html};
use gazette_domain::{
    Article, ArticleId, ArticleKind, ArticleStatus, CategoryId, Slug, TagId, Timestamp, Trashed,
    UserId,
};
use gazette_store::{
    ArticleRecord, IdTable, ImportedArticleRecord, ImportedKind, ImportedObjectRecord, NewRevision,
};
use gazette_wordpress::Item;
use gazette_wordpress::markup::decode_references;
use jiff::civil::DateTime;
use std::collections::HashMap;

/// The note every imported article's first revision carries.
const REVISION_NOTE: &str = "Imported from WordPress";

/// What the session keeps of each article the export names, for comments, links and the
/// permalink pattern.
#[derive(Clone, Debug)]
pub(super) struct KnownArticle {
    pub(super) id: ArticleId,
    pub(super) kind: ArticleKind,
    pub(super) slug: Slug,
    pub(super) status: ArticleStatus,
    pub(super) published_at: Option<Timestamp>,
    pub(super) created_at: Timestamp,
    pub(super) first_category: Option<CategoryId>,
    /// Its address on WordPress.
    pub(super) link: Option<String>,
    /// Its slug on WordPress, as the export writes it.
    pub(super) wordpress_slug: String,
    /// When it was published, in the old site's zone: what its old address's date says.
    pub(super) local_date: Option<DateTime>,
    /// The WordPress slugs of its categories.
    pub(super) category_keys: Vec<String>,
}

impl KnownArticle {
    fn of(article: &Article, item: &Item, categories: &[CategoryId]) -> Self {
        Self {
            id: article.id,
            kind: article.kind,
            slug: article.slug.clone(),
            status: article.status,
            published_at: article.published_at,
            created_at: article.created_at,
            first_category: categories.iter().min().copied().or(article.first_category),
            link: item.link.clone(),
            wordpress_slug: item.slug.clone(),
            local_date: item.date,
            category_keys: category_keys(item),
        }
    }
}

/// The WordPress slugs of the categories `item` is filed under.
fn category_keys(item: &Item) -> Vec<String> {
    item.terms
        .iter()
        .filter(|term| matches!(term.domain.as_str(), "category" | ""))
        .filter_map(|term| term.slug.clone())
        .collect()
}

/// What an item becomes, before it has an id and a slug.
struct Plan {
    kind: ArticleKind,
    title: String,
    slug: Slug,
    status: ArticleStatus,
    published_at: Option<Timestamp>,
    modified_at: Option<Timestamp>,
    created_at: Timestamp,
    trashed: Option<Trashed>,
    comments_open: bool,
    /// The title and description an SEO plugin kept for it.
    seo: SeoText,
}

/// Why an item does not become an article.
enum Refusal {
    /// It is not meant to: a reason to count it as skipped.
    Skip(&'static str),
    /// It cannot: a reason to count it as failed.
    Fail(String),
}

/// The report's kind of `item`.
pub(super) fn kind_of(item: &Item) -> ImportKind {
    match item.post_type.as_str() {
        "page" => ImportKind::Page,
        _ => ImportKind::Post,
    }
}

/// How the report names `item`.
pub(super) fn describe(item: &Item) -> String {
    let kind = kind_of(item).singular();
    match item.id {
        Some(id) => format!("{kind} {id} ({})", item.position),
        None => format!("the {kind} at {}", item.position),
    }
}

/// An item's title: WordPress's, its references decoded, else the first words of its
/// body, else "Untitled".
fn title_of(item: &Item, body: &PreparedBody) -> String {
    headline_or_first_words(clean_single_line(&decode_references(&item.title)), || {
        text_of_sanitised_html(&body.html)
    })
}

/// The status WordPress's `status` (a trashed item's status before the trash) stands for.
fn status_before_trash(status: &str) -> ArticleStatus {
    match status {
        "publish" => ArticleStatus::Published,
        "future" => ArticleStatus::Scheduled,
        "pending" => ArticleStatus::Pending,
        _ => ArticleStatus::Draft,
    }
}

impl Writing {
    /// The SEO title and meta description of `item`, titled `title`; the report notes
    /// any that had to be shortened.
    fn seo_text(&mut self, item: &Item, title: &str) -> SeoText {
        let seo = seo_text_of(item, title, &self.report.site_title);
        if seo.shortened {
            self.report.note(format!(
                "Some SEO titles or meta descriptions were longer than Gazette allows ({MAX_SEO_TITLE_CHARACTERS} and {MAX_META_DESCRIPTION_CHARACTERS} characters) and were shortened at a word."
            ));
        }
        seo
    }

    /// What `item` becomes, or why it does not become an article.
    fn plan(
        &mut self,
        item: &Item,
        body: &PreparedBody,
        clock: &mut ExportClock,
    ) -> Result<Plan, Refusal> {
        let Some(_) = item.id else {
            return Err(Refusal::Fail("it has no post id (<wp:post_id>)".to_owned()));
        };
        let when = clock.instant(item.date, item.date_gmt);
        let dated = item.date_gmt.and(when);
        let now = self.now;
        let (mut status, mut published_at, mut trashed) = match item.status.as_str() {
            "publish" => (ArticleStatus::Published, Some(when.unwrap_or(now)), None),
            "future" => (ArticleStatus::Scheduled, when, None),
            "draft" => (ArticleStatus::Draft, dated, None),
            "pending" => (ArticleStatus::Pending, dated, None),
            "private" => {
                self.report.note("Private posts and pages were imported as drafts: Gazette has no private articles, and drafts are seen only by staff.");
                (ArticleStatus::Draft, dated, None)
            }
            "trash" => {
                let before = status_before_trash(
                    item.meta_value("_wp_trash_meta_status").unwrap_or("draft"),
                );
                let published = match before {
                    ArticleStatus::Published | ArticleStatus::Scheduled => {
                        Some(when.unwrap_or(now))
                    }
                    ArticleStatus::Draft | ArticleStatus::Pending => dated,
                };
                let trashed = Trashed {
                    at: now,
                    status_before: before,
                };
                (ArticleStatus::Draft, published, Some(trashed))
            }
            "auto-draft" => {
                return Err(Refusal::Skip(
                    "an automatic draft WordPress saved before anyone wrote in it",
                ));
            }
            "inherit" => return Err(Refusal::Skip("a revision of another item")),
            other => {
                self.report.note(format!(
                    "Items with WordPress's status `{other}`, which Gazette does not know, were imported as drafts."
                ));
                (ArticleStatus::Draft, dated, None)
            }
        };
        match status {
            ArticleStatus::Published if published_at.is_some_and(|at| at > now) => {
                status = ArticleStatus::Scheduled;
            }
            ArticleStatus::Scheduled => match published_at {
                Some(at) if at <= now => status = ArticleStatus::Published,
                Some(_) => {}
                None => status = ArticleStatus::Draft,
            },
            _ => {}
        }
        if !item.password.is_empty() && trashed.is_none() && status != ArticleStatus::Draft {
            self.report.note("Password-protected posts and pages were imported as drafts, so that their text stays hidden from readers: Gazette has no passwords for articles.");
            status = ArticleStatus::Draft;
        }
        if let Some(trashed) = &mut trashed
            && !item.password.is_empty()
        {
            trashed.status_before = ArticleStatus::Draft;
        }
        if status == ArticleStatus::Draft && trashed.is_none() && item.date_gmt.is_none() {
            published_at = None;
        }
        let modified_at = clock
            .instant(item.modified, item.modified_gmt)
            .filter(|modified| {
                status == ArticleStatus::Published
                    && published_at.is_some_and(|published| *modified > published)
            });
        let title = title_of(item, body);
        let seo = self.seo_text(item, &title);
        let wanted_slug = if trashed.is_some() {
            item.meta_value("_wp_desired_post_slug").map_or_else(
                || item.slug.trim_end_matches("__trashed").to_owned(),
                str::to_owned,
            )
        } else {
            item.slug.clone()
        };
        Ok(Plan {
            kind: match kind_of(item) {
                ImportKind::Page => ArticleKind::Page,
                _ => ArticleKind::Post,
            },
            slug: wordpress_slug(&wanted_slug, &title, "article"),
            title,
            status,
            published_at,
            modified_at,
            created_at: when.unwrap_or(now),
            trashed,
            comments_open: item.comment_status.trim() == "open",
            seo,
        })
    }
}

/// An item of the batch that becomes a new article.
struct NewArticle<'a> {
    prepared: &'a PreparedItem,
    body: &'a PreparedBody,
    plan: Plan,
    author: Option<UserId>,
}

impl super::session::Session<'_> {
    /// Writes a batch of posts and pages: those met before are skipped or updated, the
    /// others created. Returns, for each item that has an article now, the article's id.
    pub(super) async fn write_articles(
        &mut self,
        batch: &[PreparedItem],
    ) -> AppResult<Vec<Option<ArticleId>>> {
        let keys: Vec<String> = batch
            .iter()
            .map(|prepared| {
                prepared
                    .item
                    .id
                    .map(|id| id.to_string())
                    .unwrap_or_default()
            })
            .collect();
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let earlier = self
            .writing
            .tx
            .imported_objects(&self.writing.site, ImportedKind::Article, &key_refs)
            .await?;
        let mut outcome: Vec<Option<ArticleId>> = vec![None; batch.len()];
        let mut new_articles: Vec<(usize, NewArticle<'_>)> = Vec::new();
        for (index, prepared) in batch.iter().enumerate() {
            let item = &prepared.item;
            let Some(body) = &prepared.body else {
                continue;
            };
            let plan = match self.writing.plan(item, body, &mut self.clock) {
                Ok(plan) => plan,
                Err(Refusal::Skip(reason)) => {
                    self.writing.report.skipped(kind_of(item), reason);
                    continue;
                }
                Err(Refusal::Fail(reason)) => {
                    self.writing
                        .report
                        .failed(kind_of(item), describe(item), reason);
                    continue;
                }
            };
            if let Some(object) = earlier.get(&keys[index]) {
                outcome[index] = self
                    .take_known_article(prepared, body, &plan, object)
                    .await?;
                continue;
            }
            let author = self
                .authors
                .user_for_login(&mut self.writing, &item.creator)
                .await?;
            new_articles.push((
                index,
                NewArticle {
                    prepared,
                    body,
                    plan,
                    author,
                },
            ));
        }
        if !new_articles.is_empty() {
            let ids = self.create_articles(&new_articles).await?;
            for ((index, _), id) in new_articles.iter().zip(ids) {
                outcome[*index] = Some(id);
            }
        }
        Ok(outcome)
    }

    /// An item imported before: skipped when unchanged, deleted from Gazette since, or
    /// changed in Gazette since; updated when WordPress changed it and Gazette did not.
    async fn take_known_article(
        &mut self,
        prepared: &PreparedItem,
        body: &PreparedBody,
        plan: &Plan,
        object: &gazette_store::ImportedObject,
    ) -> AppResult<Option<ArticleId>> {
        let item = &prepared.item;
        let kind = kind_of(item);
        let Some(article) = self
            .writing
            .tx
            .article_by_id(ArticleId(object.gazette_id))
            .await?
        else {
            self.writing.report.skipped(
                kind,
                "deleted from Gazette after an earlier import: not brought back",
            );
            return Ok(None);
        };
        let version = version_of(item);
        let (categories, tags) = self.categories_and_tags(item).await?;
        if object.version == version {
            self.writing.report.skipped(kind, "already imported");
        } else if article.updated_at > object.imported_at {
            self.writing.report.skipped(
                kind,
                "changed both on WordPress and in Gazette since it was imported: Gazette's copy was kept",
            );
        } else {
            self.update_article(&article, body, plan, &categories, &tags)
                .await?;
            let key = item.id.unwrap_or_default().to_string();
            self.writing
                .tx
                .record_imported_objects(
                    &self.writing.site,
                    ImportedKind::Article,
                    &[ImportedObjectRecord {
                        key: &key,
                        gazette_id: article.id.get(),
                        version: version.as_deref(),
                    }],
                    self.writing.now,
                )
                .await?;
            self.writing.report.updated(kind);
        }
        let stored = self
            .writing
            .tx
            .article_by_id(article.id)
            .await?
            .unwrap_or(article);
        self.known_articles.insert(
            item.id.unwrap_or_default(),
            KnownArticle::of(&stored, item, &categories),
        );
        Ok(Some(stored.id))
    }

    /// Writes WordPress's newer version of an article imported before.
    async fn update_article(
        &mut self,
        article: &Article,
        body: &PreparedBody,
        plan: &Plan,
        categories: &[CategoryId],
        tags: &[TagId],
    ) -> AppResult<()> {
        let now = self.writing.now;
        let record = ArticleRecord {
            slug: article.slug.clone(),
            title: plan.title.clone(),
            body_markdown: body.html.clone(),
            body_html: body.html.clone(),
            excerpt: body.excerpt.clone(),
            excerpt_is_manual: body.excerpt_is_manual,
            seo_title: plan.seo.title.clone(),
            meta_description: plan.seo.description.clone(),
            status: if article.trashed.is_some() {
                article.status
            } else {
                plan.status
            },
            author_id: article.author_id,
            comments_open: plan.comments_open,
            source: article.source.clone(),
            featured_image: article.featured_image.clone(),
            published_at: plan.published_at,
            modified_at: plan.modified_at,
        };
        let tx = &mut self.writing.tx;
        tx.update_article(article.id, &record, now).await?;
        tx.set_article_categories(article.id, categories).await?;
        tx.set_article_tags(article.id, tags).await?;
        tx.insert_revision(
            &NewRevision::of(article.id, &record, None, "Updated from WordPress"),
            now,
        )
        .await?;
        Ok(())
    }

    /// The categories and tags `item` is filed under.
    async fn categories_and_tags(
        &mut self,
        item: &Item,
    ) -> AppResult<(Vec<CategoryId>, Vec<TagId>)> {
        if item.post_type == "page" {
            return Ok((Vec::new(), Vec::new()));
        }
        self.terms.file(&mut self.writing, &item.terms).await
    }

    /// Creates the batch's new articles with their ids, slugs, terms, first revisions, old
    /// slugs and scheduled jobs, and remembers what each item became.
    async fn create_articles(
        &mut self,
        new_articles: &[(usize, NewArticle<'_>)],
    ) -> AppResult<Vec<ArticleId>> {
        let wanted: Vec<u64> = new_articles
            .iter()
            .map(|(_, new)| new.prepared.item.id.unwrap_or_default())
            .collect();
        let ids: Vec<ArticleId> = self
            .writing
            .keep_or_reserve_ids(IdTable::Articles, &wanted)
            .await?
            .into_iter()
            .map(ArticleId)
            .collect();
        let bases: Vec<Slug> = new_articles
            .iter()
            .map(|(_, new)| {
                let slug = new.plan.slug.clone();
                if is_reserved_segment(slug.as_str()) && new.prepared.item.parent.is_none() {
                    slug.with_suffix(2)
                } else {
                    slug
                }
            })
            .collect();
        let slugs = choose_free_slugs(&mut self.writing.tx, bases).await?;
        let records = records_of(new_articles, &ids, slugs);
        self.writing
            .tx
            .insert_imported_articles(&records, self.writing.now)
            .await?;
        self.file_new_articles(new_articles, &records).await?;
        self.insert_first_revisions(&records).await?;
        self.remember_new_articles(new_articles, &records).await?;
        Ok(ids)
    }

    /// Files the new articles under their categories and tags, keeps their old slugs,
    /// queues the jobs of scheduled ones, and notes what waits for the end of the file.
    async fn file_new_articles(
        &mut self,
        new_articles: &[(usize, NewArticle<'_>)],
        records: &[ImportedArticleRecord],
    ) -> AppResult<()> {
        let now = self.writing.now;
        let mut filed_categories = Vec::new();
        let mut filed_tags = Vec::new();
        let mut old_slugs = Vec::new();
        for ((_, new), record) in new_articles.iter().zip(records) {
            let item = &new.prepared.item;
            let (categories, tags) = self.categories_and_tags(item).await?;
            filed_categories.extend(categories.iter().map(|category| (record.id, *category)));
            filed_tags.extend(tags.iter().map(|tag| (record.id, *tag)));
            for old in item.meta_values("_wp_old_slug") {
                let old = wordpress_slug(old, "", "");
                if !old.as_str().is_empty() && old != record.slug {
                    old_slugs.push((old, record.id));
                }
            }
            if record.status == ArticleStatus::Scheduled
                && let Some(at) = record.published_at
            {
                let job = Job::PublishScheduled {
                    article_id: record.id.get(),
                };
                self.app
                    .enqueue_at(&mut self.writing.tx, &job, at, now)
                    .await?;
            }
            if let Some(parent) = item.parent.filter(|_| record.kind == ArticleKind::Page) {
                self.page_parents.push((record.id, parent));
            }
            if let Some(thumbnail) = item
                .meta_value("_thumbnail_id")
                .and_then(|id| id.trim().parse::<u64>().ok())
            {
                self.featured_images.push((record.id, thumbnail));
            }
            if new.body.missing_attachments {
                self.galleries.push((record.id, item.clone()));
            }
            self.known_articles.insert(
                item.id.unwrap_or_default(),
                KnownArticle {
                    id: record.id,
                    kind: record.kind,
                    slug: record.slug.clone(),
                    status: record.status,
                    published_at: record.published_at,
                    created_at: record.created_at,
                    first_category: categories.iter().min().copied(),
                    link: item.link.clone(),
                    wordpress_slug: item.slug.clone(),
                    local_date: item.date,
                    category_keys: category_keys(item),
                },
            );
        }
        let tx = &mut self.writing.tx;
        tx.attach_categories(&filed_categories).await?;
        tx.attach_tags(&filed_tags).await?;
        tx.keep_old_slugs(&old_slugs, now).await?;
        Ok(())
    }

    /// Gives each new article its first revision, so that its history starts with what
    /// WordPress had.
    async fn insert_first_revisions(&mut self, records: &[ImportedArticleRecord]) -> AppResult<()> {
        let revisions: Vec<NewRevision<'_>> = records
            .iter()
            .map(|record| NewRevision {
                article_id: record.id,
                title: &record.title,
                slug: record.slug.as_str(),
                excerpt: if record.excerpt_is_manual {
                    &record.excerpt
                } else {
                    ""
                },
                seo_title: &record.seo_title,
                meta_description: &record.meta_description,
                body_markdown: &record.body_markdown,
                status: record
                    .trashed
                    .map_or(record.status, |trashed| trashed.status_before),
                saved_by: None,
                note: REVISION_NOTE,
            })
            .collect();
        self.writing
            .tx
            .insert_revisions(&revisions, self.writing.now)
            .await?;
        Ok(())
    }

    /// Records what each new article's item was, and counts them.
    async fn remember_new_articles(
        &mut self,
        new_articles: &[(usize, NewArticle<'_>)],
        records: &[ImportedArticleRecord],
    ) -> AppResult<()> {
        let versions: Vec<(String, Option<String>)> = new_articles
            .iter()
            .map(|(_, new)| {
                (
                    new.prepared.item.id.unwrap_or_default().to_string(),
                    version_of(&new.prepared.item),
                )
            })
            .collect();
        let mappings: Vec<ImportedObjectRecord<'_>> = versions
            .iter()
            .zip(records)
            .map(|((key, version), record)| ImportedObjectRecord {
                key,
                gazette_id: record.id.get(),
                version: version.as_deref(),
            })
            .collect();
        self.writing
            .tx
            .record_imported_objects(
                &self.writing.site,
                ImportedKind::Article,
                &mappings,
                self.writing.now,
            )
            .await?;
        let mut created: HashMap<ImportKind, u64> = HashMap::new();
        for (_, new) in new_articles {
            *created.entry(kind_of(&new.prepared.item)).or_default() += 1;
        }
        for (kind, count) in created {
            self.writing.report.created(kind, count);
        }
        let slug_changed = new_articles.iter().zip(records).any(|((_, new), record)| {
            // WordPress marks a trashed post's slug (`…__trashed`); that is not a change.
            let wanted = new.prepared.item.slug.trim_end_matches("__trashed");
            !wanted.is_empty() && wanted != record.slug.as_str()
        });
        if slug_changed {
            self.writing.report.note("Some slugs were changed to be unique or to be written in plain letters; the old addresses answer 301.");
        }
        Ok(())
    }
}

/// The records of the batch's new articles, with their ids and slugs.
fn records_of(
    new_articles: &[(usize, NewArticle<'_>)],
    ids: &[ArticleId],
    slugs: Vec<Slug>,
) -> Vec<ImportedArticleRecord> {
    new_articles
        .iter()
        .zip(ids)
        .zip(slugs)
        .map(|(((_, new), id), slug)| ImportedArticleRecord {
            id: *id,
            kind: new.plan.kind,
            sticky: new.prepared.item.sticky && new.plan.kind == ArticleKind::Post,
            slug,
            title: new.plan.title.clone(),
            body_markdown: new.body.html.clone(),
            body_html: new.body.html.clone(),
            excerpt: new.body.excerpt.clone(),
            excerpt_is_manual: new.body.excerpt_is_manual,
            seo_title: new.plan.seo.title.clone(),
            meta_description: new.plan.seo.description.clone(),
            status: new.plan.status,
            author_id: new.author,
            comments_open: new.plan.comments_open,
            published_at: new.plan.published_at,
            modified_at: new.plan.modified_at,
            created_at: new.plan.created_at,
            trashed: new.plan.trashed,
        })
        .collect()
}

/// When WordPress last changed `item`, as the export says: what tells a later import
/// whether the item changed.
fn version_of(item: &Item) -> Option<String> {
    item.modified_gmt
        .or(item.modified)
        .map(|modified| modified.to_string())
}
