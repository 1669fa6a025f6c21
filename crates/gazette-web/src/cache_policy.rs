//! How long browsers, proxies and CDNs may keep each kind of response: every
//! `Cache-Control` Gazette sends comes from here.
//!
//! | response | `Cache-Control` | validators |
//! |---|---|---|
//! | public pages: home, archives, articles, search | [`PAGE`]: kept, but checked before each reuse | `ETag`; `Last-Modified` on pages from the page cache (when their HTML last changed) |
//! | feeds | [`FEED`]: five minutes, then checked | `ETag`, `Last-Modified` (the newest change among the entries) |
//! | theme files at fingerprinted addresses, media files | [`IMMUTABLE`]: a year, never checked | `ETag` |
//! | theme files at plain addresses | [`THEME_FILE`]: five minutes, then checked | `ETag` |
//! | the desk, sign-in, pages made for one reader (their own pending comment, the form filled from their cookie, form errors), comment links from mail | [`PERSONAL`]: never stored | none |
//! | errors | [`ERROR`]: never stored | none |
//!
//! Pages change the moment anything they show does, so nothing may serve one without asking
//! first; the answer to asking is a `304` with no body while the copy is current. Feeds are
//! polled by programs, often, and may be a few minutes late, which lets a CDN answer most
//! polls. Redirects carry no `Cache-Control`: a `301` is permanent, and the `302`s and `303`s
//! Gazette sends are not stored without one. Every response whose body may be compressed
//! says `Vary: Accept-Encoding`, so a shared cache keeps each coding apart.

/// Public pages: stored, but revalidated before every use.
pub const PAGE: &str = "no-cache";

/// Feeds: fresh for five minutes, then revalidated.
pub const FEED: &str = "public, max-age=300";

/// Files whose address changes whenever their bytes do: kept for a year and never asked
/// for again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Theme files at their plain address, which keeps its name when the file changes: five
/// minutes, so that a new theme reaches readers soon.
pub const THEME_FILE: &str = "public, max-age=300";

/// Anything made for one person: never stored anywhere.
pub const PERSONAL: &str = "private, no-store";

/// Error pages: never stored, so that a page that is missing or failing now is asked for
/// again next time.
pub const ERROR: &str = "no-store";
