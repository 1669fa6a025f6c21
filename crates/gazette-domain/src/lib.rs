//! Gazette's domain: the types a news site is made of and the rules they obey.
//!
//! This crate owns articles, comments, users, taxonomies, images' descriptions, syndication sources and site settings, together with
//! every rule about them that does not need the outside world: what a valid comment is,
//! how a new comment is moderated, how a slug is made, which statuses exist, how dates are
//! written in the site's format.
//!
//! It does no IO, is not async and knows nothing of HTTP or SQL. Storage lives in
//! `gazette-store`, use cases in `gazette-app`, HTML in `gazette-render` and `gazette-web`.

pub mod archive;
pub mod article;
pub mod comment;
pub mod correction;
pub mod date_format;
pub mod editing;
pub mod email;
pub mod field_errors;
pub mod ids;
pub mod media;
pub mod moderation;
pub mod permalink;
pub mod permissions;
pub mod revision_diff;
pub mod search;
pub mod settings;
pub mod sitemap;
pub mod slug;
pub mod spam_classifier;
pub mod syndication;
pub mod taxonomy;
pub mod text;
pub mod time;
pub mod user;
pub mod web_address;

pub use article::{
    Article, ArticleDraft, ArticleKind, ArticleStatus, FeaturedImage, SourceAttribution, Trashed,
};
pub use comment::{
    Comment, CommentInput, CommentKind, CommentStatus, Lesson, ModerationAction, ValidComment,
};
pub use field_errors::{FieldError, FieldErrors};
pub use ids::{
    ArticleId, CategoryId, CommentId, CorrectionId, MediaId, RevisionId, SourceId, SourceItemId,
    TagId, UserId,
};
pub use media::MediaDetails;
pub use moderation::{
    CommentFacts, Decision, FormAge, ModerationPolicy, Outcome, Rejection, Rule, WordList,
};
pub use permissions::{Actor, ArticleAction, ArticleOwnership, Capability, PermissionDenied};
pub use settings::{SettingError, SettingKey, SiteSettings};
pub use slug::Slug;
pub use spam_classifier::{ClassifierInput, CorpusTotals, TokenCounts};
pub use time::Timestamp;
pub use user::{Role, User};
