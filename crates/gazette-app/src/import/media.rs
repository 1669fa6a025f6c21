//! With `--media fetch`, once the import is committed: each image attachment of the
//! export that is not in the media library yet is fetched through the guarded client, at
//! most what an upload may be, checked and cleaned like an upload, and recorded with its
//! title, caption and alt text; every article that showed it — its address or one of
//! WordPress's resized copies (`photo-300x200.jpg`) — shows the library's copy instead, and
//! the articles that had it as their featured image get it. Each image is written in its
//! own transaction, so a failure costs that image alone, and importing again fetches what
//! is still missing.
//!
//! Files that are not images (documents, sound) stay at their addresses: the media library
//! holds images.

use super::ImportOptions;
use super::report::{ImportKind, ImportReport};
use crate::jobs::JobFailure;
use crate::media::{IncomingImage, media_url};
use crate::syndication::pictures::{at_most, picture_bytes, picture_name};
use crate::{App, AppResult};
use gazette_domain::media::{MAX_ALT_TEXT_CHARS, MAX_CAPTION_CHARS, MAX_TITLE_CHARS};
use gazette_domain::text::clean_single_line;
use gazette_store::{ImportedAttachmentRecord, NewMediaRecord};
use gazette_wordpress::markup::Attachment;
use gazette_wordpress::uploads::UploadCopies;
use tokio::task::JoinSet;
use url::Url;

/// How many images are fetched at once.
const FETCHES_AT_ONCE: usize = 4;

/// How the report names an attachment.
fn describe(attachment: &ImportedAttachmentRecord) -> String {
    format!(
        "attachment {} ({})",
        attachment.wordpress_id, attachment.url
    )
}

/// The bytes of the image at `url`, or why there are none.
async fn fetch(app: &App, url: &Url, allow_private_addresses: bool) -> Result<Vec<u8>, String> {
    let client = app.syndication().picture_client()?;
    picture_bytes(
        url,
        client.fetch_picture(url, allow_private_addresses).await,
    )
    .map_err(|failure| match failure {
        JobFailure::Permanent(reason) | JobFailure::Transient(reason) => reason,
    })
}

/// Fetches, checks and stores the image of `attachment`; the record to insert, or why
/// it was not taken.
async fn take_image(
    app: App,
    attachment: ImportedAttachmentRecord,
    allow_private_addresses: bool,
) -> (ImportedAttachmentRecord, Result<NewMediaRecord, String>) {
    let outcome = async {
        let url = Url::parse(attachment.url.trim())
            .map_err(|error| format!("its address cannot be read: {error}"))?;
        let bytes = fetch(&app, &url, allow_private_addresses).await?;
        let title = clean_single_line(&attachment.title);
        let record = app
            .clean_and_store_image(
                IncomingImage {
                    original_name: picture_name(&url),
                    bytes,
                    title: (!title.is_empty()).then(|| at_most(&title, MAX_TITLE_CHARS)),
                    alt_text: at_most(&clean_single_line(&attachment.alt_text), MAX_ALT_TEXT_CHARS),
                    uploaded_by: None,
                },
                app.clock().now(),
            )
            .await
            .map_err(|error| error.to_string())?
            .map_err(|error| format!("the file was refused: {error}"))?;
        Ok(record)
    }
    .await;
    (attachment, outcome)
}

impl App {
    /// Brings the images of the export imported from `report`'s site into the media
    /// library, counting each in `report`.
    pub(super) async fn fetch_imported_media(
        &self,
        report: &mut ImportReport,
        options: &ImportOptions,
    ) -> AppResult<()> {
        self.media_storage()?;
        let site = report.site_address.clone();
        let mut running = JoinSet::new();
        for attachment in self.db().attachments_to_fetch(&site).await? {
            let is_image = Attachment {
                url: attachment.url.clone(),
                ..Attachment::default()
            }
            .is_image();
            if !is_image {
                report.skipped(
                    ImportKind::Attachment,
                    "not an image, so not in the media library: it stays at its address",
                );
                continue;
            }
            if running.len() >= FETCHES_AT_ONCE
                && let Some(done) = running.join_next().await
            {
                let (attachment, outcome) = done.map_err(crate::AppError::internal)?;
                self.keep_image(&site, &attachment, outcome, report).await?;
            }
            running.spawn(take_image(
                self.clone(),
                attachment,
                options.allow_private_addresses,
            ));
        }
        while let Some(done) = running.join_next().await {
            let (attachment, outcome) = done.map_err(crate::AppError::internal)?;
            self.keep_image(&site, &attachment, outcome, report).await?;
        }
        Ok(())
    }

    /// Records a fetched image, or the reason it was not taken.
    async fn keep_image(
        &self,
        site: &str,
        attachment: &ImportedAttachmentRecord,
        outcome: Result<NewMediaRecord, String>,
        report: &mut ImportReport,
    ) -> AppResult<()> {
        let record = match outcome {
            Ok(record) => record,
            Err(reason) => {
                report.failed(ImportKind::Attachment, describe(attachment), reason);
                return Ok(());
            }
        };
        match self.record_fetched_image(site, attachment, &record).await {
            Ok(()) => {
                report.updated(ImportKind::Attachment);
                Ok(())
            }
            Err(error) => {
                self.remove_media_files(&record.file_name).await;
                Err(error)
            }
        }
    }

    /// In one transaction: the image in the library with its thumbnails' job, the
    /// attachment's link to it, the featured images, and every body that showed the file
    /// showing the library's copy.
    async fn record_fetched_image(
        &self,
        site: &str,
        attachment: &ImportedAttachmentRecord,
        record: &NewMediaRecord,
    ) -> AppResult<()> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        let media = self.record_image(&mut tx, record, now).await?;
        if !attachment.caption.trim().is_empty() {
            let caption = at_most(&clean_single_line(&attachment.caption), MAX_CAPTION_CHARS);
            tx.update_media_details(media, &record.title, &record.alt_text, &caption, now)
                .await?;
        }
        tx.attachment_fetched(site, attachment.wordpress_id, media)
            .await?;
        if let Some(copies) = UploadCopies::of(&attachment.url) {
            let replacement = media_url(&record.file_name);
            for (article, markdown, html) in tx.articles_mentioning(copies.stem()).await? {
                let markdown = copies.replace_all(&markdown, &replacement);
                let html = copies.replace_all(&html, &replacement);
                tx.replace_article_body(article, &markdown, &html).await?;
            }
        }
        tx.commit().await?;
        self.wake_job_runner();
        Ok(())
    }
}
