//! The thumbnail job: the smaller copies of an uploaded image, made after the upload so
//! that uploading stays quick.
//!
//! The copies are written first (each replacing any earlier copy of the same width, so a
//! second run changes nothing) and recorded afterwards in one transaction. If the image was
//! deleted meanwhile, the copies just written are removed again.

use super::runner::JobFailure;
use crate::App;
use crate::error::AppError;
use crate::media::off_the_async_threads;
use gazette_domain::MediaId;
use gazette_media::MediaError;
use gazette_store::MediaVariantRecord;

impl App {
    /// Makes and records the copies of image `media_id`; nothing when it is gone.
    pub(super) async fn make_thumbnails(&self, media_id: i64) -> Result<(), JobFailure> {
        let id = MediaId(media_id);
        let Some(record) = self.db().media_by_id(id).await.map_err(AppError::from)? else {
            return Ok(());
        };
        let storage = self.media_storage()?.clone();
        let limits = self.media_limits().clone();
        let original = record.file_name.clone();
        let variants = off_the_async_threads(move || {
            let bytes = storage.read(&original)?;
            let (_, thumbnails) = gazette_media::make_thumbnails(&bytes, &limits)?;
            thumbnails
                .into_iter()
                .map(|thumbnail| {
                    let stored =
                        storage.store_variant(&original, thumbnail.width, &thumbnail.bytes)?;
                    Ok(MediaVariantRecord {
                        media_id: id,
                        width: thumbnail.width,
                        height: thumbnail.height,
                        file_name: stored.file_name,
                        byte_size: u64::try_from(thumbnail.bytes.len()).unwrap_or(u64::MAX),
                    })
                })
                .collect::<Result<Vec<_>, MediaError>>()
        })
        .await?
        .map_err(|error| thumbnail_failure(&record.file_name, &error))?;
        let mut tx = self.db().begin().await.map_err(AppError::from)?;
        if tx.media_by_id(id).await.map_err(AppError::from)?.is_none() {
            drop(tx);
            self.remove_media_files(&record.file_name).await;
            return Ok(());
        }
        for variant in &variants {
            tx.upsert_media_variant(variant)
                .await
                .map_err(AppError::from)?;
        }
        tx.commit().await.map_err(AppError::from)?;
        tracing::info!(media = %id, copies = variants.len(), "thumbnails made");
        Ok(())
    }
}

/// A missing or unreadable original will not get better by waiting; a full disk might.
fn thumbnail_failure(file_name: &str, error: &MediaError) -> JobFailure {
    let message = format!("the thumbnails of {file_name} could not be made: {error}");
    match error {
        MediaError::Storage { source, .. } if source.kind() != std::io::ErrorKind::NotFound => {
            JobFailure::Transient(message)
        }
        _ => JobFailure::Permanent(message),
    }
}
