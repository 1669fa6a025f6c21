//! Comments: readers posting them, the moderation checks and moderators' decisions, the
//! moderators' queue and log, staff replies, threads and comment pages, notifications,
//! feeds, and commenters' privacy.

mod feeds;
mod history;
mod imported_lessons;
mod moderation;
pub(crate) mod notifications;
mod posting;
mod privacy;
mod queue;
mod staff_replies;
mod subscriptions;
mod threads;

pub use history::{LOG_PAGE_SIZE, ModerationHistory};
pub use moderation::Actor;
pub use posting::{CommentSubmission, PostedComment};
pub use privacy::{CommenterExport, ErasureReport, HousekeepingReport};
pub use queue::{CommentQueue, QUEUE_PAGE_SIZE, QueueEntry, QueueQuery, QueueView};
pub use staff_replies::StaffReply;
pub use threads::{CommentPage, CommentThread, comment_page_path};
