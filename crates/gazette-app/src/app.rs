//! The application object: the database, the clock, the signing key, the mailer, the
//! media folder and the feed client, shared by every use case.

use crate::AppResult;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::AppError;
use crate::signing::Signer;
use crate::syndication::Syndication;
use gazette_feeds::fetch::FetchLimits;
use gazette_mail::Mailer;
use gazette_media::{MediaLimits, MediaStorage};
use gazette_store::{
    ConnectOptions, Db, Location, MigrationState, SERVER_CHECKPOINT_PACE, SchemaPolicy,
};
use std::sync::Arc;
use tokio::sync::Notify;

/// The name under which the generated cookie-signing key is kept in the database.
const SIGNING_KEY_SECRET: &str = "signing_key";

/// Gazette's use cases over one database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    clock: Clock,
    signer: Signer,
    mailer: Option<Mailer>,
    media: Option<MediaStorage>,
    media_limits: MediaLimits,
    job_queued: Notify,
    syndication: Arc<Syndication>,
}

impl App {
    /// Opens the site described by `config` to serve it. SQLite databases are created and
    /// migrated as needed; a PostgreSQL database must have been migrated with `gazette
    /// migrate`.
    pub async fn open(config: &Config, clock: Clock) -> AppResult<Self> {
        Self::open_with(config, clock, true).await
    }

    /// Opens the site described by `config` for one command, as [`App::open`] does but
    /// without watching the database for other processes' writes (no page cache needs
    /// them): [`App::change_generation`] is then `None`. SQLite's write-ahead log is
    /// folded back by the commits and the close, not by a server's background task.
    pub async fn open_for_command(config: &Config, clock: Clock) -> AppResult<Self> {
        Self::open_with(config, clock, false).await
    }

    async fn open_with(config: &Config, clock: Clock, serving: bool) -> AppResult<Self> {
        let location = config.database_location()?;
        let schema = if matches!(location, Location::SqliteFile(_)) {
            SchemaPolicy::Migrate
        } else {
            SchemaPolicy::RequireCurrent
        };
        let db = Db::connect(
            &location,
            &ConnectOptions {
                max_connections: config.database.max_connections,
                schema,
                watch_changes: serving,
                background_checkpoints: serving.then_some(SERVER_CHECKPOINT_PACE),
            },
        )
        .await?;
        let key = match &config.secret_key_file {
            Some(path) => Some(read_key_file(path)?),
            None => None,
        };
        let app = Self::with_db(db, clock, key)
            .await?
            .with_media(MediaStorage::new(config.media_dir()));
        match &config.mail {
            Some(mail) => {
                let mailer = Mailer::new(&mail.to_mail_config()).map_err(|error| {
                    AppError::Unavailable(format!(
                        "the [mail] configuration cannot be used: {error}"
                    ))
                })?;
                Ok(app.with_mailer(mailer))
            }
            None => Ok(app),
        }
    }

    /// Builds the application over an open database. Without `signing_key`, the key kept
    /// in the database is used (and made on first use).
    pub async fn with_db(db: Db, clock: Clock, signing_key: Option<Vec<u8>>) -> AppResult<Self> {
        let key = if let Some(key) = signing_key {
            key
        } else {
            let candidate = Signer::generate_key().map_err(AppError::Unavailable)?;
            db.secret_or_insert(SIGNING_KEY_SECRET, &candidate).await?
        };
        let signer = Signer::new(&key).map_err(AppError::Unavailable)?;
        let media_limits = MediaLimits::default();
        let syndication = Syndication::new(FetchLimits::default(), media_limits.max_bytes);
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                clock,
                signer,
                mailer: None,
                media: None,
                media_limits,
                job_queued: Notify::new(),
                syndication: Arc::new(syndication),
            }),
        })
    }

    /// The same application, sending mail with `mailer`.
    #[must_use]
    pub fn with_mailer(self, mailer: Mailer) -> Self {
        Self {
            inner: Arc::new(Inner {
                db: self.inner.db.clone(),
                clock: self.inner.clock.clone(),
                signer: self.inner.signer.clone(),
                mailer: Some(mailer),
                media: self.inner.media.clone(),
                media_limits: self.inner.media_limits.clone(),
                job_queued: Notify::new(),
                syndication: Arc::clone(&self.inner.syndication),
            }),
        }
    }

    /// The same application, keeping uploaded images in `storage` and refusing uploads
    /// beyond `limits`.
    #[must_use]
    pub fn with_media(self, storage: MediaStorage) -> Self {
        Self {
            inner: Arc::new(Inner {
                db: self.inner.db.clone(),
                clock: self.inner.clock.clone(),
                signer: self.inner.signer.clone(),
                mailer: self.inner.mailer.clone(),
                media: Some(storage),
                media_limits: self.inner.media_limits.clone(),
                job_queued: Notify::new(),
                syndication: Arc::clone(&self.inner.syndication),
            }),
        }
    }

    /// Applies pending migrations to the database of `config`, returning the state before
    /// and after.
    pub async fn migrate(config: &Config) -> AppResult<(MigrationState, MigrationState)> {
        let location = config.database_location()?;
        let db = Db::connect(
            &location,
            &ConnectOptions {
                max_connections: 1,
                schema: SchemaPolicy::Ignore,
                watch_changes: false,
                background_checkpoints: None,
            },
        )
        .await?;
        let before = db.migration_state().await?;
        db.migrate().await?;
        let after = db.migration_state().await?;
        db.close().await;
        Ok((before, after))
    }

    /// The database.
    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The media folder, when one is set up.
    pub(crate) fn media(&self) -> Option<&MediaStorage> {
        self.inner.media.as_ref()
    }

    /// The limits uploads must keep.
    pub fn media_limits(&self) -> &MediaLimits {
        &self.inner.media_limits
    }

    /// What fetching other outlets' feeds needs.
    pub(crate) fn syndication(&self) -> &Syndication {
        &self.inner.syndication
    }

    /// The mailer, when mail is set up.
    pub fn mailer(&self) -> Option<&Mailer> {
        self.inner.mailer.as_ref()
    }

    /// Wakes this process's job runner after jobs were queued.
    pub(crate) fn wake_job_runner(&self) {
        self.inner.job_queued.notify_one();
    }

    /// Waits until this process queues a job.
    pub(crate) async fn job_queued(&self) {
        self.inner.job_queued.notified().await;
    }

    /// The signer for cookies and form tokens.
    pub fn signer(&self) -> &Signer {
        &self.inner.signer
    }

    /// The content version: it changes whenever anything a public page shows changes,
    /// in this process or any other sharing the database.
    pub async fn content_version(&self) -> AppResult<i64> {
        Ok(self.db().content_version().await?)
    }

    /// A number that grows whenever the database may have changed, counting every write
    /// (by any process) that completed before the call; `None` where the database cannot
    /// tell, and only [`App::content_version`] knows. Cheap: no database round trip.
    pub fn change_generation(&self) -> Option<u64> {
        self.db()
            .change_signal()
            .map(gazette_store::ChangeSignal::generation)
    }

    /// Closes the database connections.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }
}

fn read_key_file(path: &std::path::Path) -> AppResult<Vec<u8>> {
    let text = std::fs::read(path).map_err(|error| {
        AppError::Unavailable(format!(
            "cannot read the secret key file {}: {error}",
            path.display()
        ))
    })?;
    let trimmed = text.trim_ascii().to_vec();
    Signer::new(&trimmed).map_err(|reason| {
        AppError::Unavailable(format!(
            "the secret key file {} cannot be used: {reason}",
            path.display()
        ))
    })?;
    Ok(trimmed)
}
