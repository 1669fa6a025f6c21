//! Comments: readers posting them, the moderation checks and moderators' decisions,
//! threads and comment pages, notifications, feeds, and commenters' privacy.

mod feeds;
mod moderation;
pub(crate) mod notifications;
mod posting;
mod privacy;
mod subscriptions;
mod threads;

pub use moderation::Actor;
pub use posting::{CommentSubmission, PostedComment};
pub use privacy::{CommenterExport, ErasureReport, HousekeepingReport};
pub(crate) use threads::article_path;
pub use threads::{CommentPage, CommentThread, comment_page_path};
