//! WordPress's export format (WXR) and WordPress's body markup, with no database and no
//! network: what moving a WordPress site to Gazette and back needs to know about
//! WordPress itself.
//!
//! - [`read`]: [`WxrReader`] reads an export as a stream — versions 1.0, 1.1 and 1.2, the
//!   namespace written with `http://` or `https://` — one author, term or item at a time,
//!   so a file of any size takes the memory of one item; a malformed file stops it with
//!   the line and column of the problem.
//! - [`model`]: what an export holds, as read and as written.
//! - [`markup`]: bodies and comments in WordPress's markup made into HTML (paragraphs,
//!   block delimiters, shortcodes), ready for a sanitiser.
//! - [`permalinks`]: the permalink structure a site used, read back from its posts'
//!   addresses.
//! - [`uploads`]: an uploaded file and the resized copies WordPress makes of an image.
//! - [`write`]: [`WxrWriter`] writes an export (WXR 1.2) that WordPress's importer reads,
//!   one piece at a time.
//! - [`dates`]: WordPress's dates.
//!
//! Deciding what an export's contents become, storing them and making them safe to show
//! belong to the importer (`gazette-app`), not here.

pub mod dates;
pub mod markup;
pub mod model;
pub mod permalinks;
pub mod read;
pub mod uploads;
pub mod write;

pub use model::{
    Author, Category, Comment, Entry, Item, ItemTerm, Meta, Position, Site, Tag, Term,
};
pub use read::{WxrError, WxrErrorKind, WxrReader};
pub use write::WxrWriter;
