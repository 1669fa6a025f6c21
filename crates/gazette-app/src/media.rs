//! The media library's use cases: uploading images, finding and describing them, and
//! deleting those no article uses.
//!
//! Every image that enters the library — uploaded, or a syndicated item's picture fetched
//! by the job queue — goes through [`App::clean_and_store_image`]: decoded, checked and
//! cleaned on the blocking thread pool (never on the threads that serve requests), then
//! stored in a careful order: the file first, under a new name, then its record together
//! with the job that makes its thumbnails ([`App::record_image`]), in one transaction. If
//! the transaction fails the file is removed again, so a failed upload leaves neither a
//! file nor a record. Deleting goes the other way: the record first (only while no
//! article uses the image), then the files.
//!
//! [`MediaItem`] is how every other part of Gazette sees an image: its address, size, texts
//! and smaller copies, ready for an `<img srcset>`.

use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::permissions::check;
use gazette_domain::{Actor, Capability, FieldErrors, MediaDetails, MediaId, Timestamp, UserId};
use gazette_media::{MediaError, MediaStorage, THUMBNAIL_WIDTHS};
use gazette_store::{MediaRecord, MediaUse, MediaVariantRecord, NewMediaRecord, Tx};
use std::fmt::Write as _;

/// Where stored files are served from.
pub const MEDIA_URL_PREFIX: &str = "/media/";
/// How much of an uploaded file's name is kept, in characters.
const MAX_ORIGINAL_NAME_CHARS: usize = 255;
/// How many images a page of the library shows.
pub const LIBRARY_PAGE_SIZE: u32 = 24;

/// An image as the rest of Gazette shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaItem {
    /// Its identifier.
    pub id: MediaId,
    /// The original's address, such as `/media/2024/04/harbour-1a2b3c4d5e.jpg`.
    pub url: String,
    /// The name the file had on the uploader's computer.
    pub original_name: String,
    /// The original's width in pixels.
    pub width: u32,
    /// The original's height in pixels.
    pub height: u32,
    /// What the image shows, for people who cannot see it.
    pub alt_text: String,
    /// The caption shown under it.
    pub caption: String,
    /// Its title in the library.
    pub title: String,
    /// Its media type, read from its bytes.
    pub mime_type: String,
    /// The original's size in bytes.
    pub byte_size: u64,
    /// Its smaller copies, narrowest first; empty until the thumbnail job has run, and for
    /// images no wider than the narrowest copy.
    pub variants: Vec<MediaVariant>,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When it was uploaded.
    pub created_at: Timestamp,
    /// When its texts last changed.
    pub updated_at: Timestamp,
}

/// A smaller copy of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaVariant {
    /// Its address.
    pub url: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// A file as it arrived.
#[derive(Clone, Debug)]
pub struct MediaUpload {
    /// The name the uploader's computer gave it; used only to make a title and a slug.
    pub file_name: String,
    /// Its bytes, at most [`MediaLimits::max_bytes`].
    pub bytes: Vec<u8>,
}

/// An image as it came, before the checking and cleaning every image goes through.
#[derive(Clone, Debug)]
pub(crate) struct IncomingImage {
    /// The name it came with (a file's name on the uploader's computer, the last part of
    /// the address it was fetched from); the stored file's name is made from it.
    pub original_name: String,
    /// Its bytes, as they came.
    pub bytes: Vec<u8>,
    /// Its title in the library; made from `original_name` when `None`.
    pub title: Option<String>,
    /// What it shows, for people who cannot see it; empty to leave it for an editor.
    pub alt_text: String,
    /// Who uploaded it; `None` for an image Gazette fetched itself.
    pub uploaded_by: Option<UserId>,
}

/// One page of the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaLibraryPage {
    /// The images on this page, newest first.
    pub items: Vec<MediaItem>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages the search has (at least 1).
    pub page_count: u32,
    /// How many images match the search.
    pub total: u64,
}

impl MediaItem {
    fn from_record(record: MediaRecord, variants: Vec<MediaVariantRecord>) -> Self {
        Self {
            id: record.id,
            url: media_url(&record.file_name),
            original_name: record.original_name,
            width: record.width,
            height: record.height,
            alt_text: record.alt_text,
            caption: record.caption,
            title: record.title,
            mime_type: record.mime_type,
            byte_size: record.byte_size,
            variants: variants
                .into_iter()
                .map(|variant| MediaVariant {
                    url: media_url(&variant.file_name),
                    width: variant.width,
                    height: variant.height,
                })
                .collect(),
            uploaded_by: record.uploaded_by,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }

    /// The Markdown that shows the image in an article: `![alt text](/media/…)`, with the
    /// characters Markdown would misread in the alt text escaped.
    pub fn markdown(&self) -> String {
        let mut alt = String::with_capacity(self.alt_text.len());
        for character in self.alt_text.chars() {
            if matches!(character, '[' | ']' | '\\' | '*' | '_' | '`') {
                alt.push('\\');
            }
            alt.push(character);
        }
        let mut markdown = String::new();
        let _ = write!(markdown, "![{alt}]({})", self.url);
        markdown
    }

    /// The address of the smallest copy wide enough for `width` pixels, or of the original
    /// when no copy is.
    pub fn url_for_width(&self, width: u32) -> &str {
        self.variants
            .iter()
            .find(|variant| variant.width >= width)
            .map_or(self.url.as_str(), |variant| variant.url.as_str())
    }
}

/// The address of a stored file.
pub(crate) fn media_url(file_name: &str) -> String {
    format!("{MEDIA_URL_PREFIX}{file_name}")
}

/// What a refused upload or an unusable media folder means as an [`AppError`].
fn media_failure(error: &MediaError) -> AppError {
    if error.is_refusal() {
        AppError::Validation(FieldErrors::single("file", error.to_string()))
    } else {
        AppError::Unavailable(error.to_string())
    }
}

/// Runs CPU-bound or file work on the blocking pool.
pub(crate) async fn off_the_async_threads<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MediaError> + Send + 'static,
) -> AppResult<Result<T, MediaError>> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)
}

fn refuse_unless(actor: &Actor, capability: Capability) -> AppResult<()> {
    check(actor.role, capability).map_err(|denied| AppError::Forbidden(denied.message))
}

impl App {
    /// The media folder, for serving its files.
    pub fn media_storage(&self) -> AppResult<&MediaStorage> {
        self.media().ok_or_else(|| {
            AppError::Unavailable(
                "no media folder is set up; start Gazette with a data folder (`--data-dir`)"
                    .to_owned(),
            )
        })
    }

    /// Stores an uploaded image for `actor` (who needs [`Capability::UploadMedia`]) and
    /// queues its thumbnails. A file that is not an acceptable image is refused with a
    /// [`AppError::Validation`] error on the field `file`.
    pub async fn upload_media(&self, actor: &Actor, upload: MediaUpload) -> AppResult<MediaItem> {
        refuse_unless(actor, Capability::UploadMedia)?;
        let now = self.clock().now();
        let MediaUpload { file_name, bytes } = upload;
        let record = self
            .clean_and_store_image(
                IncomingImage {
                    original_name: file_name,
                    bytes,
                    title: None,
                    alt_text: String::new(),
                    uploaded_by: Some(actor.user),
                },
                now,
            )
            .await?
            .map_err(|error| media_failure(&error))?;
        let recorded = async {
            let mut tx = self.db().begin().await?;
            let id = self.record_image(&mut tx, &record, now).await?;
            tx.commit().await?;
            AppResult::Ok(id)
        }
        .await;
        let id = match recorded {
            Ok(id) => id,
            Err(error) => {
                self.remove_media_files(&record.file_name).await;
                return Err(error);
            }
        };
        self.wake_job_runner();
        tracing::info!(media = %id, file = %record.file_name, "image uploaded");
        self.media_item(id).await
    }

    /// Checks and cleans `image` on the blocking pool (its format read from its bytes,
    /// the limits checked from its header, turned upright and encoded again without
    /// metadata) and writes the clean file to the media folder: the way into the library
    /// for every image. Returns the record to insert with [`App::record_image`] — whose
    /// caller removes the file again if that fails — or why the image was refused
    /// ([`MediaError::is_refusal`]) or could not be stored.
    pub(crate) async fn clean_and_store_image(
        &self,
        image: IncomingImage,
        now: Timestamp,
    ) -> AppResult<Result<NewMediaRecord, MediaError>> {
        let storage = self.media_storage()?.clone();
        let limits = self.media_limits().clone();
        let IncomingImage {
            original_name,
            bytes,
            title,
            alt_text,
            uploaded_by,
        } = image;
        let original_name: String = gazette_domain::text::clean_single_line(&original_name)
            .chars()
            .take(MAX_ORIGINAL_NAME_CHARS)
            .collect();
        let name_for_storage = original_name.clone();
        let stored = off_the_async_threads(move || {
            let clean = gazette_media::clean_upload(&bytes, &limits)?;
            let stored = storage.store_original(&name_for_storage, &clean, now)?;
            Ok((clean, stored))
        })
        .await?;
        Ok(stored.map(|(clean, stored)| NewMediaRecord {
            file_name: stored.file_name,
            title: title.unwrap_or_else(|| MediaDetails::title_from_file_name(&original_name)),
            original_name,
            alt_text,
            mime_type: clean.kind.mime_type().to_owned(),
            width: clean.width,
            height: clean.height,
            byte_size: u64::try_from(clean.bytes.len()).unwrap_or(u64::MAX),
            sha256: clean.sha256,
            uploaded_by,
        }))
    }

    /// Records an image whose file [`App::clean_and_store_image`] wrote, and queues its
    /// thumbnails, inside `tx`.
    pub(crate) async fn record_image(
        &self,
        tx: &mut Tx,
        record: &NewMediaRecord,
        now: Timestamp,
    ) -> AppResult<MediaId> {
        let id = tx.insert_media(record, now).await?;
        self.enqueue(tx, &Job::MakeThumbnails { media_id: id.get() }, now)
            .await?;
        Ok(id)
    }

    /// The image with this id and its copies.
    pub async fn media_item(&self, id: MediaId) -> AppResult<MediaItem> {
        let record = self
            .db()
            .media_by_id(id)
            .await?
            .ok_or_else(|| no_such_image(id))?;
        let variants = self.db().media_variants(id).await?;
        Ok(MediaItem::from_record(record, variants))
    }

    /// The image `id`, if one was chosen and it is still in the library: pages show what
    /// they can without an image deleted meanwhile.
    pub(crate) async fn chosen_media_item(
        &self,
        id: Option<MediaId>,
    ) -> AppResult<Option<MediaItem>> {
        let Some(id) = id else {
            return Ok(None);
        };
        match self.media_item(id).await {
            Ok(item) => Ok(Some(item)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Page `page` (from 1) of the images whose title, original name, alt text or caption
    /// contains `search`, newest first. A page past the end is not found.
    pub async fn media_library(&self, search: &str, page: u32) -> AppResult<MediaLibraryPage> {
        let page = page.max(1);
        let offset = u64::from(page - 1) * u64::from(LIBRARY_PAGE_SIZE);
        let listing = self
            .db()
            .search_media(search, LIBRARY_PAGE_SIZE, offset)
            .await?;
        let total = u64::try_from(listing.total).unwrap_or(0);
        let page_count =
            u32::try_from(total.div_ceil(u64::from(LIBRARY_PAGE_SIZE)).max(1)).unwrap_or(u32::MAX);
        if page > page_count {
            return Err(AppError::NotFound(format!(
                "The library has {page_count} page(s) for this search; there is no page {page}."
            )));
        }
        let mut variants = listing.variants;
        let items = listing
            .items
            .into_iter()
            .map(|record| {
                let (own, rest): (Vec<_>, Vec<_>) = variants
                    .drain(..)
                    .partition(|variant| variant.media_id == record.id);
                variants = rest;
                MediaItem::from_record(record, own)
            })
            .collect();
        Ok(MediaLibraryPage {
            items,
            page,
            page_count,
            total,
        })
    }

    /// Changes an image's title, alt text and caption, for `actor` (who needs
    /// [`Capability::UploadMedia`]). Problems are reported against the fields `title`,
    /// `alt_text` and `caption`.
    pub async fn update_media_details(
        &self,
        actor: &Actor,
        id: MediaId,
        details: &MediaDetails,
    ) -> AppResult<MediaItem> {
        refuse_unless(actor, Capability::UploadMedia)?;
        let details = details.validate().map_err(AppError::Validation)?;
        let mut tx = self.db().begin().await?;
        let found = tx
            .update_media_details(
                id,
                &details.title,
                &details.alt_text,
                &details.caption,
                self.clock().now(),
            )
            .await?;
        if !found {
            return Err(no_such_image(id));
        }
        tx.commit().await?;
        self.media_item(id).await
    }

    /// The articles that show the image, featured or in their body.
    pub async fn media_uses(&self, id: MediaId) -> AppResult<Vec<MediaUse>> {
        let record = self
            .db()
            .media_by_id(id)
            .await?
            .ok_or_else(|| no_such_image(id))?;
        Ok(self.db().media_uses(id, &record.file_name).await?)
    }

    /// Why image `id` cannot be deleted now, if it cannot: the articles that show it, or
    /// its being the site's logo.
    pub async fn media_deletion_refusal(&self, id: MediaId) -> AppResult<Option<String>> {
        let uses = self.media_uses(id).await?;
        if !uses.is_empty() {
            return Ok(Some(in_use_message(&uses)));
        }
        self.logo_refusal(id).await
    }

    /// Why image `id` cannot be deleted, if it is the site's logo.
    async fn logo_refusal(&self, id: MediaId) -> AppResult<Option<String>> {
        Ok((self.site_settings().await?.site_logo == Some(id)).then(|| {
            "This image is the site's logo: choose another logo, or none, in the settings before deleting it.".to_owned()
        }))
    }

    /// Deletes an image and its files, for `actor` (who needs [`Capability::UploadMedia`]).
    /// Refused with [`AppError::Conflict`], naming the articles, while any article uses it,
    /// and while it is the site's logo.
    pub async fn delete_media(&self, actor: &Actor, id: MediaId) -> AppResult<()> {
        refuse_unless(actor, Capability::UploadMedia)?;
        let mut tx = self.db().begin().await?;
        let record = tx.media_by_id(id).await?.ok_or_else(|| no_such_image(id))?;
        let uses = tx.media_uses(id, &record.file_name).await?;
        if !uses.is_empty() {
            return Err(AppError::Conflict(in_use_message(&uses)));
        }
        if let Some(refusal) = self.logo_refusal(id).await? {
            return Err(AppError::Conflict(refusal));
        }
        tx.delete_media(id).await?;
        tx.commit().await?;
        self.remove_media_files(&record.file_name).await;
        tracing::info!(media = %id, file = %record.file_name, "image deleted");
        Ok(())
    }

    /// Removes an original and every copy it may have. A file that cannot be removed is
    /// logged and left behind: no record points at it any more.
    pub(crate) async fn remove_media_files(&self, file_name: &str) {
        let Ok(storage) = self.media_storage() else {
            return;
        };
        let storage = storage.clone();
        let original = file_name.to_owned();
        let removed = off_the_async_threads(move || {
            for width in THUMBNAIL_WIDTHS {
                storage.remove(&gazette_media::storage::variant_name(&original, width)?)?;
            }
            storage.remove(&original)
        })
        .await;
        let failure = match removed {
            Ok(Ok(())) => return,
            Ok(Err(error)) => error.to_string(),
            Err(error) => error.to_string(),
        };
        tracing::error!(error = %failure, file = file_name, "an image's files could not be removed");
    }
}

fn no_such_image(id: MediaId) -> AppError {
    AppError::NotFound(format!(
        "There is no image {id} in the library; it may have been deleted."
    ))
}

/// The refusal to delete an image that articles use, naming them.
pub fn in_use_message(uses: &[MediaUse]) -> String {
    let names: Vec<String> = uses
        .iter()
        .map(|usage| {
            let how = if usage.featured {
                "as its featured image"
            } else {
                "in its text"
            };
            format!("“{}” ({how})", usage.title)
        })
        .collect();
    format!(
        "This image cannot be deleted while articles use it: {}. Remove it from {} first.",
        names.join(", "),
        if uses.len() == 1 {
            "that article"
        } else {
            "those articles"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(alt_text: &str) -> MediaItem {
        MediaItem {
            id: MediaId(1),
            url: "/media/2024/04/a-0123456789.jpg".into(),
            original_name: "a.jpg".into(),
            width: 2000,
            height: 1000,
            alt_text: alt_text.into(),
            caption: String::new(),
            title: "A".into(),
            mime_type: "image/jpeg".into(),
            byte_size: 10,
            variants: vec![
                MediaVariant {
                    url: "/media/v480.jpg".into(),
                    width: 480,
                    height: 240,
                },
                MediaVariant {
                    url: "/media/v960.jpg".into(),
                    width: 960,
                    height: 480,
                },
            ],
            uploaded_by: None,
            created_at: Timestamp::from_microseconds(0).unwrap(),
            updated_at: Timestamp::from_microseconds(0).unwrap(),
        }
    }

    #[test]
    fn markdown_escapes_what_markdown_would_misread() {
        assert_eq!(
            item("Boats [at] *dawn*").markdown(),
            "![Boats \\[at\\] \\*dawn\\*](/media/2024/04/a-0123456789.jpg)"
        );
        assert_eq!(item("").markdown(), "![](/media/2024/04/a-0123456789.jpg)");
    }

    #[test]
    fn the_smallest_copy_wide_enough_is_chosen() {
        let image = item("");
        assert_eq!(image.url_for_width(300), "/media/v480.jpg");
        assert_eq!(image.url_for_width(700), "/media/v960.jpg");
        assert_eq!(image.url_for_width(1200), "/media/2024/04/a-0123456789.jpg");
    }

    #[test]
    fn refusals_name_each_article_and_how_it_uses_the_image() {
        let uses = [
            MediaUse {
                article_id: gazette_domain::ArticleId(1),
                title: "Budget".into(),
                featured: true,
            },
            MediaUse {
                article_id: gazette_domain::ArticleId(2),
                title: "Harbour".into(),
                featured: false,
            },
        ];
        let message = in_use_message(&uses);
        assert!(
            message.contains("“Budget” (as its featured image), “Harbour” (in its text)"),
            "{message}"
        );
        assert!(message.contains("those articles"));
    }
}
