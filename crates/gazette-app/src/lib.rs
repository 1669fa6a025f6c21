//! Gazette's use cases: what editors, moderators and readers can do, independent of how
//! they ask (web page, API or command line).
//!
//! [`App`] holds the database, the clock, the signing key, the mailer and the media folder,
//! and offers one method per use case: publishing an article, posting a comment,
//! moderating, uploading an image, changing settings, republishing other outlets' feeds,
//! filling the demo site. Side effects such as mail are jobs in the database's
//! queue, run by the job runner outside requests. Each use case validates with the domain's rules, renders text on
//! save, and writes in one transaction, so nothing half-done is ever stored.
//!
//! Errors are [`AppError`]s with stable codes; the web layer and the CLI turn them into
//! pages, JSON or one-sentence messages. This crate knows nothing about HTTP.

mod accounts;
mod app;
mod archives;
mod articles;
mod categories;
pub mod clock;
mod comments;
pub mod config;
mod demo;
mod error;
mod export;
mod form_token;
mod import;
mod jobs;
mod media;
mod permalinks;
mod search;
mod settings;
pub mod signing;
mod sitemaps;
mod syndication;
mod wordpress_links;

pub use accounts::{Browser, Invitation, NewUser, SESSION_DAYS, SetupForm, SignedIn};
pub use app::App;
pub use archives::{ArchiveLink, ArchiveListing, ArchiveSubject, FoundArchive};
pub use articles::{
    ArticleEdit, ArticleListItem, ArticlePageData, ArticlePlace, AutosaveOutcome, AutosaveText,
    BulkArticleAction, DeskArticleList, DeskArticleListItem, DeskListQuery, EditorData,
    HomeListing, PageChoice, PublishOptions, RevisionComparison, RevisionListItem, may_write_pages,
};
pub use categories::CategoryInput;
pub use clock::Clock;
pub use comments::{
    Actor, CommentPage, CommentQueue, CommentSubmission, CommentThread, CommenterExport,
    ErasureReport, HousekeepingReport, LOG_PAGE_SIZE, ModerationHistory, PostedComment,
    QUEUE_PAGE_SIZE, QueueEntry, QueueQuery, QueueView, StaffReply, comment_page_path,
};
pub use config::Config;
pub use demo::DemoOutcome;
pub use error::AppError;
pub use gazette_media::limits::describe_bytes;
pub use gazette_media::{MediaLimits, MediaStorage};
pub use gazette_store::ArticleSummary;
pub use gazette_store::{
    Autosave, CategoryDetails, MediaUse, ModerationLogEntry, ModerationLogLine, Revision,
    SearchHit, StatusCounts,
};
pub use import::{
    AuthorMap, AuthorMapError, ImportCounts, ImportFailure, ImportKind, ImportObserver,
    ImportOptions, ImportProgress, ImportReport, ImportSkip, MediaMode, PermalinkChoice,
    Unobserved,
};
pub use jobs::{BackgroundWork, JobRun};
pub use media::{
    LIBRARY_PAGE_SIZE, MEDIA_URL_PREFIX, MediaItem, MediaLibraryPage, MediaUpload, MediaVariant,
    in_use_message,
};
pub use permalinks::LocatedArticle;
pub use search::SearchListing;
pub use signing::Signer;
pub use syndication::{FetchReport, FetchStatus, ReviewEdits, ReviewItem};
pub use wordpress_links::{NotAnId, WordPressQuery};

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
