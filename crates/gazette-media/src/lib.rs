//! Gazette's images: everything done to an uploaded file before and after it is stored.
//!
//! - [`format`]: what a file really is, read from its first bytes (never from its name or
//!   the browser's word), and what each accepted format is called.
//! - [`limits`]: how large an upload may be, in bytes, pixels and animation frames, checked
//!   from the file's header before any pixel is decoded.
//! - [`cleaning`]: decoding an upload within those limits, turning it upright (EXIF
//!   orientation) and encoding it again, so that what is stored carries no metadata.
//! - [`thumbnails`]: the smaller copies (480, 960 and 1600 pixels wide) that pages offer in
//!   `srcset`.
//! - [`storage`]: the files under the data folder's `media/`, named by Gazette, written
//!   whole or not at all, and found again without ever leaving that folder.
//!
//! This crate knows nothing of the database, HTTP or who uploaded what; `gazette-app` keeps
//! the records and decides who may do what. Everything here is synchronous and CPU-bound:
//! callers on async threads run it on the blocking pool.

pub mod cleaning;
pub mod error;
pub mod format;
pub mod limits;
pub mod storage;
pub mod thumbnails;

pub use cleaning::{CleanImage, clean_upload};
pub use error::MediaError;
pub use format::ImageKind;
pub use limits::MediaLimits;
pub use storage::{MediaStorage, StoredFile};
pub use thumbnails::{THUMBNAIL_WIDTHS, Thumbnail, make_thumbnails};
