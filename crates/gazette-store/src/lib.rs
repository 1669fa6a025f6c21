//! Gazette's storage: everything that talks SQL.
//!
//! One [`Db`] hides whether the site runs on SQLite (the embedded default: one file, WAL,
//! one writer connection and a few readers) or PostgreSQL. Each query is written once, in
//! the SQL both understand (`$1` placeholders, `ON CONFLICT`, `RETURNING`), and run on
//! whichever backend is connected. Times are computed in Rust and bound as parameters.
//!
//! Reads go through [`Db`]; writes go through a [`Tx`], a write transaction (`BEGIN
//! IMMEDIATE` on SQLite, so that writers queue instead of failing). Repositories are grouped
//! by aggregate in the modules below. Business rules do not belong here: this crate stores
//! and finds what `gazette-app` decided.

#[macro_use]
mod backend;
mod archives;
#[macro_use]
mod articles;
mod change_signal;
mod checkpoints;
mod comment_queue;
mod comments;
mod content_version;
mod corrections;
mod desk_articles;
mod error;
mod exports;
mod home_page;
mod imported;
mod jobs;
mod media;
mod migrations;
mod moderation_log;
mod planner_statistics;
#[cfg(test)]
mod query_plans;
mod rate_limits;
mod reserved_ids;
mod revisions;
mod search;
mod secrets;
mod sessions;
mod settings;
mod sitemaps;
mod sources;
mod spam_features;
mod subscriptions;
mod taxonomy;
mod time_column;
mod users;
mod wordpress;

pub use archives::ArchiveFilter;
pub use articles::{ArticleListing, ArticleRecord, ArticleSummary, PageTitle};
pub use backend::{
    Backend, ConnectOptions, Db, Location, SERVER_CHECKPOINT_PACE, SchemaPolicy, Tx,
};
pub use change_signal::ChangeSignal;
pub use comment_queue::{CommentQueueFilter, QueuedComment, StatusCounts};
pub use comments::{CommentFilter, NewCommentRecord, ThreadKey};
pub use desk_articles::{DeskArticlePage, DeskArticleQuery, DeskArticleRow, StatusFilter};
pub use error::StoreError;
pub use exports::ArticleFiling;
pub use imported::{ImportedArticleRecord, ImportedCommentRecord, ThreadPlace};
pub use jobs::{ClaimedJob, JobSummary, NewJob};
pub use media::{MediaListing, MediaRecord, MediaUse, MediaVariantRecord, NewMediaRecord};
pub use migrations::{MigrationState, SchemaStatus};
pub use moderation_log::{ModerationLogEntry, ModerationLogLine};
pub use planner_statistics::LongWrite;
pub use reserved_ids::IdTable;
pub use revisions::{Autosave, NewRevision, Revision};
pub use search::{SearchHit, SearchResults};
pub use sessions::{SessionRecord, TokenPurpose};
pub use sitemaps::{NewsSitemapArticle, SitemapArchive, SitemapArticle};
pub use sources::{FetchSuccess, ItemVersion, NewSourceItem, ReviewEntry, SourceItem};
pub use spam_features::SpamCounts;
pub use subscriptions::{CommenterAddress, ReplySubscription};
pub use taxonomy::{CategoryDetails, CategoryRecord};
pub use users::{NewUserRecord, UserListing};
pub use wordpress::{
    AttachmentTarget, ImportedAttachmentRecord, ImportedKind, ImportedObject, ImportedObjectRecord,
    OldAddressRecord, OldAddressTarget,
};

/// The result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;
