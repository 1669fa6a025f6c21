//! Taking the whole site out again: `App::export_wordpress` writes a WordPress export
//! (WXR 1.2) that WordPress's importer reads and that Gazette imports, and
//! `App::export_json` a full dump in Gazette's own documented JSON format
//! (docs/EXPORT.md). Both walk the site a page of articles at a time, so a site of any
//! size is written in the memory of one page.
//!
//! - `pages`: the articles a page at a time, each with its comments, categories, tags,
//!   old slugs and address.
//! - `wordpress`: the site as WordPress's export format.
//! - `json`: the site as Gazette's JSON.
//!
//! Importing a WordPress export of the site into an empty site gives the same counts and
//! the same threads: articles and comments keep their ids, and so their links.

mod json;
mod pages;
mod wordpress;

use crate::error::AppError;

/// A write that failed, as the error of a use case: the reader of the export went away
/// or the disk is full, so nothing more can be written.
fn unwritable(error: &std::io::Error) -> AppError {
    AppError::Unavailable(format!("the export could not be written: {error}"))
}
