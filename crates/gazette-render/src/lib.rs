//! Gazette's rendering: turning what people write into safe HTML, and pages into HTML
//! through the theme.
//!
//! - [`markdown`]: editors' Markdown to sanitised HTML, and plain-text excerpts.
//! - [`comment_text`]: readers' plain text to inert HTML with paragraphs and links.
//! - [`credit`]: a republished article's `Credit:` line, for places the theme does not
//!   render (feeds).
//! - [`sanitize`]: the ammonia policies every piece of outside HTML passes through.
//! - [`theme`]: the minijinja theme engine with the embedded default theme, which a theme
//!   folder overrides file by file.
//!
//! Rendering happens when content is saved, not when it is read. Nothing here touches the
//! database or knows about HTTP.

pub mod comment_text;
pub mod credit;
pub mod markdown;
pub mod sanitize;
pub mod theme;

pub use theme::{StaticAsset, Theme, ThemeError, ThemeOptions, without_fingerprint};
