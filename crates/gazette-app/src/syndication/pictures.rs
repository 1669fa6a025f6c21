//! A syndicated item's picture becoming its article's featured image: the
//! `FetchItemImage` job, queued with the article in the transaction that takes the item.
//!
//! The job does nothing when the article is gone or already has a featured image (an
//! editor chose one). Otherwise it fetches the picture through the guarded client — the
//! source's `allow_private_addresses` kept, http and https only, at most what an upload may
//! be — and sends the bytes through the same checking and cleaning as an upload
//! ([`App::clean_and_store_image`]), so that nothing but pixels is stored whatever the
//! server sent. The image is recorded in the library (titled after the article, described
//! by what the feed says it shows, else by the article's title, uploaded by nobody) with
//! its thumbnail job, and made the featured image in the same transaction — by an update
//! that finds nothing to do if an editor chose an image meanwhile, in which case the whole
//! transaction and the file are dropped.
//!
//! A picture that will never do (not an image, too large, refused by the guard, a 404) is
//! a permanent failure whose error stays on the job; network trouble and busy servers are
//! transient, and the job runner tries again later.

use crate::error::AppError;
use crate::jobs::JobFailure;
use crate::media::IncomingImage;
use crate::{App, AppResult};
use gazette_domain::media::{MAX_ALT_TEXT_CHARS, MAX_TITLE_CHARS};
use gazette_domain::{ArticleId, MediaId, SourceId, Timestamp};
use gazette_feeds::fetch::FetchOutcome;
use gazette_media::MediaError;
use gazette_store::NewMediaRecord;
use url::Url;

/// The name a picture is stored under when its address ends in none.
const UNNAMED_PICTURE: &str = "picture";

/// The name a picture's file is made from: the last segment of its address.
pub(crate) fn picture_name(url: &Url) -> String {
    url.path_segments()
        .and_then(|mut segments| segments.next_back())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(UNNAMED_PICTURE)
        .to_owned()
}

/// `text` cut to at most `limit` characters.
pub(crate) fn at_most(text: &str, limit: usize) -> String {
    text.chars()
        .take(limit)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The bytes a fetch of the picture at `url` brought, or what its failure means for the
/// job: a busy server or the network may recover; anything else will answer the same.
pub(crate) fn picture_bytes(url: &Url, outcome: FetchOutcome) -> Result<Vec<u8>, JobFailure> {
    let said = |what: &str| format!("the picture {url} could not be fetched: {what}");
    match outcome {
        FetchOutcome::Fetched(picture) => Ok(picture.body),
        FetchOutcome::Failed(error) if error.is_transient() => {
            Err(JobFailure::Transient(said(&error.to_string())))
        }
        FetchOutcome::Failed(error) => Err(JobFailure::Permanent(said(&error.to_string()))),
        FetchOutcome::RetryAfter { status, .. } => Err(JobFailure::Transient(said(&format!(
            "the server answered {status} and asked to be asked again later"
        )))),
        FetchOutcome::Gone => Err(JobFailure::Permanent(said("the server answered 410 Gone"))),
        FetchOutcome::NotModified { .. } => Err(JobFailure::Permanent(said(
            "the server answered 304 Not Modified to a request for the whole picture",
        ))),
    }
}

/// What a picture that could not be taken into the library means for the job: a refused
/// image stays refused; a media folder that cannot be written may recover.
fn storing_failure(url: &Url, error: &MediaError) -> JobFailure {
    if error.is_refusal() {
        JobFailure::Permanent(format!("the picture {url} was refused: {error}"))
    } else {
        JobFailure::Transient(format!("the picture {url} could not be stored: {error}"))
    }
}

impl App {
    /// The `FetchItemImage` job: makes the picture at `url` the featured image of article
    /// `article_id`, taken from source `source_id`'s item, unless the article is gone or
    /// has one. `description` is what the feed says the picture shows.
    pub(crate) async fn fetch_item_image(
        &self,
        article_id: ArticleId,
        source_id: SourceId,
        url: &str,
        description: Option<&str>,
    ) -> Result<(), JobFailure> {
        let Some(article) = self
            .db()
            .article_by_id(article_id)
            .await
            .map_err(AppError::from)?
        else {
            return Ok(());
        };
        if article.featured_image.is_some() {
            return Ok(());
        }
        let url = Url::parse(url).map_err(|error| {
            JobFailure::Permanent(format!(
                "the picture's address `{url}` cannot be read: {error}"
            ))
        })?;
        // A removed source leaves its articles: their pictures keep to public addresses.
        let allow_private_addresses = self
            .db()
            .source_by_id(source_id)
            .await
            .map_err(AppError::from)?
            .is_some_and(|source| source.allow_private_addresses);
        let client = self
            .syndication()
            .picture_client()
            .map_err(JobFailure::Transient)?;
        let bytes = picture_bytes(
            &url,
            client.fetch_picture(&url, allow_private_addresses).await,
        )?;
        let now = self.clock().now();
        let alt_text = description
            .map(str::trim)
            .filter(|description| !description.is_empty())
            .unwrap_or(&article.title);
        let record = self
            .clean_and_store_image(
                IncomingImage {
                    original_name: picture_name(&url),
                    bytes,
                    title: Some(at_most(&article.title, MAX_TITLE_CHARS)),
                    alt_text: at_most(alt_text, MAX_ALT_TEXT_CHARS),
                    uploaded_by: None,
                },
                now,
            )
            .await?
            .map_err(|error| storing_failure(&url, &error))?;
        match self.feature_picture(article_id, &record, now).await {
            Ok(Some(media)) => {
                self.wake_job_runner();
                tracing::info!(article = %article_id, media = %media, %url, "item picture featured");
                Ok(())
            }
            Ok(None) => {
                self.remove_media_files(&record.file_name).await;
                Ok(())
            }
            Err(error) => {
                self.remove_media_files(&record.file_name).await;
                Err(error.into())
            }
        }
    }

    /// Records the picture stored as `record` and makes it the article's featured image,
    /// in one transaction; `None`, with nothing written, when the article has gained a
    /// featured image or gone meanwhile.
    async fn feature_picture(
        &self,
        article_id: ArticleId,
        record: &NewMediaRecord,
        now: Timestamp,
    ) -> AppResult<Option<MediaId>> {
        let mut tx = self.db().begin().await?;
        let media = self.record_image(&mut tx, record, now).await?;
        if !tx
            .set_featured_media_if_none(article_id, media, now)
            .await?
        {
            return Ok(None);
        }
        tx.commit().await?;
        Ok(Some(media))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_is_named_after_the_end_of_its_address() {
        let name = |address: &str| picture_name(&Url::parse(address).unwrap());
        assert_eq!(
            name("https://wire.example/img/harbour.jpg?w=800"),
            "harbour.jpg"
        );
        assert_eq!(name("https://wire.example/"), "picture");
        assert_eq!(name("https://wire.example"), "picture");
    }

    #[test]
    fn texts_are_cut_at_a_character_boundary() {
        assert_eq!(at_most("Émile arrive", 5), "Émile");
        assert_eq!(at_most("Harbour ", 8), "Harbour");
    }
}
