//! One import from start to end: the reader started on its thread, the transaction
//! opened, each entry taken in as it comes — items gathered into batches written with few
//! statements — and, once the file has been read to its end, what had to wait for the
//! whole file (pages' parents, galleries naming later attachments, attachments' records,
//! addresses) before the transaction is committed, or rolled back for a dry run. A
//! malformed file stops the import where it is and rolls everything back.

use super::articles::{KnownArticle, kind_of};
use super::authors::Authors;
use super::comments::ItemComments;
use super::reading::{
    self, Library, Message, Prepared, PreparedItem, attachment_of, becomes_article,
};
use super::report::{ImportKind, ImportReport};
use super::terms::Terms;
use super::times::ExportClock;
use super::{ImportObserver, ImportOptions, ImportProgress, MediaMode};
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::{ArticleId, FieldErrors, SiteSettings, Timestamp};
use gazette_store::{IdTable, ImportedAttachmentRecord, LongWrite, Tx};
use gazette_wordpress::markup::Attachment;
use gazette_wordpress::{Item, Site, WxrError};
use std::collections::HashMap;
use std::io::Read;
use tokio::sync::mpsc;

/// How many posts and pages are written together.
const ARTICLES_PER_BATCH: usize = 200;
/// How many comments may wait in a batch before it is written.
const COMMENTS_PER_BATCH: usize = 2_000;
/// How many articles and comments are written before the database's statistics are first
/// brought up to date; then each time that many again have been written.
const FIRST_STATISTICS_REFRESH: u64 = 1_000;

/// The transaction and what an import has done so far: what every part of it writes
/// with.
pub(super) struct Writing {
    /// The transaction everything is written in.
    pub(super) tx: Tx,
    /// The export's site address, which the import's records are kept under.
    pub(super) site: String,
    /// What the import has done.
    pub(super) report: ImportReport,
    /// When the import started.
    pub(super) now: Timestamp,
}

impl Writing {
    /// The ids new rows of `table` get, one for each WordPress id in `wanted`: the
    /// WordPress id itself where no row has it (nor an earlier entry of `wanted`), a fresh
    /// one otherwise — above every id kept, so that none is handed out twice.
    pub(super) async fn keep_or_reserve_ids(
        &mut self,
        table: IdTable,
        wanted: &[u64],
    ) -> AppResult<Vec<i64>> {
        let candidates: Vec<i64> = wanted
            .iter()
            .map(|id| i64::try_from(*id).unwrap_or(0))
            .collect();
        let used = self.tx.used_ids(table, &candidates).await?;
        let mut seen = std::collections::HashSet::new();
        let keeps: Vec<bool> = candidates
            .iter()
            .map(|id| *id > 0 && !used.contains(id) && seen.insert(*id))
            .collect();
        let above = candidates.iter().copied().max().unwrap_or(0);
        let fresh_count = keeps.iter().filter(|keep| !**keep).count();
        let mut fresh = self
            .tx
            .reserve_ids(table, fresh_count, above)
            .await?
            .into_iter();
        candidates
            .iter()
            .zip(keeps)
            .map(|(id, keep)| {
                if keep {
                    Ok(*id)
                } else {
                    fresh.next().ok_or_else(|| {
                        AppError::internal("the database reserved fewer ids than asked")
                    })
                }
            })
            .collect()
    }
}

/// An attachment of the export, kept until the end of the file.
pub(super) struct AttachmentItem {
    pub(super) attachment: Attachment,
    /// Its page's address on WordPress.
    pub(super) link: Option<String>,
}

/// An import under way.
pub(super) struct Session<'a> {
    pub(super) app: &'a App,
    pub(super) writing: Writing,
    pub(super) options: &'a ImportOptions,
    pub(super) settings: SiteSettings,
    /// Whether the site had no articles before the import.
    pub(super) site_was_empty: bool,
    pub(super) clock: ExportClock,
    pub(super) authors: Authors,
    pub(super) terms: Terms,
    /// Every attachment seen, for galleries converted again at the end.
    library: Library,
    /// What each post and page became, by WordPress id.
    pub(super) known_articles: HashMap<u64, KnownArticle>,
    pub(super) attachments: Vec<AttachmentItem>,
    /// Pages and the WordPress id of their parent page.
    pub(super) page_parents: Vec<(ArticleId, u64)>,
    /// Articles and the WordPress id of their featured image.
    pub(super) featured_images: Vec<(ArticleId, u64)>,
    /// Articles whose galleries named attachments not read yet, with their items.
    pub(super) galleries: Vec<(ArticleId, Item)>,
    pending: Vec<PreparedItem>,
    pending_comments: usize,
    progress: ImportProgress,
    /// How many articles and comments have been written, and at how many the database's
    /// statistics are refreshed next: each time the tables have doubled.
    rows_written: u64,
    next_statistics_refresh: u64,
}

/// The export's problem, for whoever ran the import.
fn unreadable(error: &WxrError) -> AppError {
    AppError::Validation(FieldErrors::single(
        "export",
        format!("{error}; nothing was imported"),
    ))
}

/// The address an export's records are kept under: its site's, without a final slash.
fn site_key(site: &Site) -> String {
    site.address().trim().trim_end_matches('/').to_owned()
}

/// Runs an import (see [`App::import_wordpress`]).
pub(super) async fn run(
    app: &App,
    source: Box<dyn Read + Send>,
    options: &ImportOptions,
    observer: &dyn ImportObserver,
) -> AppResult<ImportReport> {
    let authors = Authors::new(app, &options.authors).await?;
    let settings = app.site_settings().await?;
    let (sender, mut receiver) = mpsc::channel(reading::CHANNEL_CAPACITY);
    let reader = tokio::task::spawn_blocking(move || reading::read_export(source, &sender));
    let site = match receiver.recv().await {
        Some(Message::Site(site)) => site,
        Some(Message::Failed(error)) => return Err(unreadable(&error)),
        _ => {
            return Err(AppError::internal(
                "the export's reader stopped before it began",
            ));
        }
    };
    let site_was_empty = app.db().article_count().await? == 0;
    let now = app.clock().now();
    let mut session = Session {
        app,
        writing: Writing {
            tx: app.db().begin().await?,
            site: site_key(&site),
            report: ImportReport {
                site_title: site.title.clone(),
                site_address: site_key(&site),
                wxr_version: site.wxr_version.clone(),
                dry_run: options.dry_run,
                ..ImportReport::default()
            },
            now,
        },
        options,
        clock: ExportClock::new(settings.time_zone.clone()),
        settings,
        site_was_empty,
        authors,
        terms: Terms::default(),
        library: Library::default(),
        known_articles: HashMap::new(),
        attachments: Vec::new(),
        page_parents: Vec::new(),
        featured_images: Vec::new(),
        galleries: Vec::new(),
        pending: Vec::new(),
        pending_comments: 0,
        progress: ImportProgress::default(),
        rows_written: 0,
        next_statistics_refresh: FIRST_STATISTICS_REFRESH,
    };
    loop {
        match receiver.recv().await {
            Some(Message::Entry {
                prepared,
                bytes_read,
            }) => {
                session.progress.bytes_read = bytes_read;
                session.take(prepared, observer).await?;
            }
            Some(Message::Finished(site)) => {
                session.writing.report.site_title = site.title;
                break;
            }
            Some(Message::Failed(error)) => return Err(unreadable(&error)),
            Some(Message::Site(_)) | None => {
                return Err(AppError::internal(
                    "the export's reader stopped before the end of the file",
                ));
            }
        }
    }
    reader.await.map_err(AppError::internal)?;
    let mut report = session.finish(observer).await?;
    if options.media == MediaMode::Fetch && !options.dry_run {
        app.fetch_imported_media(&mut report, options).await?;
    } else if options.media == MediaMode::Link {
        report.note("Images and other attachments stay at the old site's addresses (--media link); import again with --media fetch to bring them into the media library.");
    }
    Ok(report)
}

impl Session<'_> {
    /// Takes in one entry of the export.
    async fn take(&mut self, prepared: Prepared, observer: &dyn ImportObserver) -> AppResult<()> {
        match prepared {
            Prepared::Author(author) => {
                self.authors.take_author(&mut self.writing, &author).await?;
            }
            Prepared::Category(category) => {
                self.terms
                    .take_category(&mut self.writing, &category)
                    .await?;
            }
            Prepared::Tag(tag) => self.terms.take_tag(&mut self.writing, tag).await?,
            Prepared::Term(term) => self.terms.take_term(&mut self.writing, term).await?,
            Prepared::Item(prepared) => self.take_item(*prepared, observer).await?,
        }
        Ok(())
    }

    /// Takes in an item: a post or a page waits for its batch, an attachment is kept for
    /// the end, anything else is skipped with its comments.
    async fn take_item(
        &mut self,
        prepared: PreparedItem,
        observer: &dyn ImportObserver,
    ) -> AppResult<()> {
        self.progress.items += 1;
        self.progress.comments +=
            prepared.item.comments.len() as u64 + prepared.comments.len() as u64;
        let item = &prepared.item;
        if becomes_article(&item.post_type) {
            self.pending_comments += prepared.comments.len();
            self.pending.push(prepared);
            if self.pending.len() >= ARTICLES_PER_BATCH
                || self.pending_comments >= COMMENTS_PER_BATCH
            {
                self.write_batch(observer).await?;
            }
            return Ok(());
        }
        let (kind, reason) = match item.post_type.as_str() {
            "attachment" => (ImportKind::Attachment, None),
            "revision" => (
                ImportKind::OtherItem,
                Some("revisions are not imported".to_owned()),
            ),
            "nav_menu_item" => (
                ImportKind::OtherItem,
                Some("menus are not imported".to_owned()),
            ),
            other => (
                ImportKind::OtherItem,
                Some(format!("items of the post type `{other}` are not imported")),
            ),
        };
        for _ in &item.comments {
            self.writing.report.skipped(
                ImportKind::Comment,
                &format!(
                    "on {}, which is not imported as an article",
                    if kind == ImportKind::Attachment {
                        "an attachment".to_owned()
                    } else {
                        format!("an item of the type `{}`", item.post_type)
                    }
                ),
            );
        }
        match reason {
            Some(reason) => self.writing.report.skipped(kind, &reason),
            None => self.take_attachment(&prepared.item),
        }
        Ok(())
    }

    /// Keeps an attachment until the end of the file.
    fn take_attachment(&mut self, item: &Item) {
        self.library.add(item);
        match attachment_of(item) {
            Some(attachment) => self.attachments.push(AttachmentItem {
                attachment,
                link: item.link.clone(),
            }),
            None => self.writing.report.failed(
                ImportKind::Attachment,
                match item.id {
                    Some(id) => format!("attachment {id} ({})", item.position),
                    None => format!("the attachment at {}", item.position),
                },
                "it has no id or no file address (<wp:attachment_url>)".to_owned(),
            ),
        }
    }

    /// Writes the posts and pages waiting, then their comments.
    async fn write_batch(&mut self, observer: &dyn ImportObserver) -> AppResult<()> {
        self.terms.write_declared_tags(&mut self.writing).await?;
        let batch = std::mem::take(&mut self.pending);
        self.pending_comments = 0;
        if batch.is_empty() {
            return Ok(());
        }
        let articles = self.write_articles(&batch).await?;
        let mut with_comments = Vec::new();
        for (prepared, article) in batch.iter().zip(articles) {
            match article {
                Some(article) => with_comments.push(ItemComments {
                    article,
                    created_at: self
                        .known_articles
                        .get(&prepared.item.id.unwrap_or_default())
                        .map_or(self.writing.now, |known| known.created_at),
                    comments: &prepared.comments,
                }),
                None => {
                    for _ in &prepared.comments {
                        self.writing.report.skipped(
                            ImportKind::Comment,
                            &format!(
                                "on a {} that was not imported",
                                kind_of(&prepared.item).singular()
                            ),
                        );
                    }
                }
            }
        }
        self.write_comments(&with_comments).await?;
        self.rows_written += (batch.len()
            + with_comments
                .iter()
                .map(|item| item.comments.len())
                .sum::<usize>()) as u64;
        if self.rows_written >= self.next_statistics_refresh {
            self.writing
                .tx
                .refresh_planner_statistics(LongWrite::WordPressImport)
                .await?;
            self.next_statistics_refresh = self.rows_written * 2;
        }
        observer.progressed(self.progress);
        Ok(())
    }

    /// Writes what had to wait for the end of the file, then commits — or, for a dry run,
    /// rolls everything back.
    async fn finish(mut self, observer: &dyn ImportObserver) -> AppResult<ImportReport> {
        self.write_batch(observer).await?;
        self.terms.write_declared_tags(&mut self.writing).await?;
        self.terms.place_categories(&mut self.writing).await?;
        self.place_pages().await?;
        self.convert_galleries_again().await?;
        self.record_attachments().await?;
        let featured: Vec<(ArticleId, i64)> = self
            .featured_images
            .iter()
            .map(|(article, attachment)| (*article, i64::try_from(*attachment).unwrap_or(i64::MAX)))
            .collect();
        self.writing
            .tx
            .record_featured_attachments(&self.writing.site, &featured)
            .await?;
        self.settle_addresses().await?;
        if self.options.media == MediaMode::Link && !self.featured_images.is_empty() {
            self.writing.report.note("Featured images were not set: a featured image is an image of the media library, which --media fetch brings the attachments into.");
        }
        // Ids written by the import itself must never be handed out again.
        self.writing.tx.reserve_ids(IdTable::Articles, 0, 0).await?;
        self.writing.tx.reserve_ids(IdTable::Comments, 0, 0).await?;
        if self.writing.report.counts(ImportKind::Comment).created > 0 {
            let job = Job::LearnFromImportedComments { after_id: 0 };
            self.app
                .enqueue(&mut self.writing.tx, &job, self.writing.now)
                .await?;
            if !self.writing.report.dry_run {
                self.writing.report.note("The spam classifier learns from the imported comments in the background, as the old site judged them: approved ones as welcome, spam as spam.");
            }
        }
        observer.progressed(self.progress);
        let Writing { tx, report, .. } = self.writing;
        if report.dry_run {
            drop(tx);
        } else {
            tx.commit().await?;
            self.app.wake_job_runner();
        }
        Ok(report)
    }

    /// Puts each page under its parent page, now that all are known.
    async fn place_pages(&mut self) -> AppResult<()> {
        let parents: Vec<(ArticleId, ArticleId)> = self
            .page_parents
            .iter()
            .filter_map(|(page, parent)| {
                let parent = self.known_articles.get(parent)?;
                (parent.id != *page).then_some((*page, parent.id))
            })
            .collect();
        self.writing.tx.set_article_parents(&parents).await?;
        Ok(())
    }

    /// Converts again the bodies whose galleries named attachments that came later in the
    /// file.
    async fn convert_galleries_again(&mut self) -> AppResult<()> {
        for (id, item) in std::mem::take(&mut self.galleries) {
            let body = reading::prepare_body(&item, &self.library);
            let Some(article) = self.writing.tx.article_by_id(id).await? else {
                continue;
            };
            let record = gazette_store::ArticleRecord {
                slug: article.slug.clone(),
                title: article.title.clone(),
                body_markdown: body.html.clone(),
                body_html: body.html,
                excerpt: article.excerpt.clone(),
                excerpt_is_manual: article.excerpt_is_manual,
                seo_title: article.seo_title.clone(),
                meta_description: article.meta_description.clone(),
                status: article.status,
                author_id: article.author_id,
                comments_open: article.comments_open,
                source: article.source.clone(),
                featured_image: article.featured_image.clone(),
                published_at: article.published_at,
                modified_at: article.modified_at,
            };
            self.writing
                .tx
                .update_article(id, &record, self.writing.now)
                .await?;
            if body.missing_attachments {
                self.writing.report.note("Some galleries name attachments the export does not hold; they show the images it does.");
            }
        }
        Ok(())
    }

    /// Records the export's attachments with the articles they belong to.
    async fn record_attachments(&mut self) -> AppResult<()> {
        let records: Vec<ImportedAttachmentRecord> = self
            .attachments
            .iter()
            .map(|item| {
                let attachment = &item.attachment;
                ImportedAttachmentRecord {
                    wordpress_id: i64::try_from(attachment.id).unwrap_or(i64::MAX),
                    article_id: attachment
                        .parent
                        .and_then(|parent| self.known_articles.get(&parent))
                        .map(|article| article.id),
                    url: attachment.url.clone(),
                    title: attachment.title.clone(),
                    caption: attachment.caption.clone(),
                    alt_text: attachment.alt.clone(),
                }
            })
            .collect();
        let ids: Vec<i64> = records.iter().map(|record| record.wordpress_id).collect();
        let earlier = self
            .writing
            .tx
            .imported_attachment_ids(&self.writing.site, &ids)
            .await?;
        for record in &records {
            if earlier.contains(&record.wordpress_id) {
                self.writing
                    .report
                    .skipped(ImportKind::Attachment, "already imported");
            } else {
                self.writing.report.created(ImportKind::Attachment, 1);
            }
        }
        self.writing
            .tx
            .record_imported_attachments(&self.writing.site, &records, self.writing.now)
            .await?;
        Ok(())
    }
}
