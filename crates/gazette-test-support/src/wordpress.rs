//! WordPress exports for tests of importing and exporting.

/// A WordPress export (WXR 1.2) written by hand to hold the traps of real ones: the
/// namespace written with `https`, a CDATA section split around its own end, backslashes
/// and emoji, entities in titles, comments threaded ten deep, a reply whose parent is
/// missing, pingbacks and trackbacks, comments on items that are not imported (an
/// attachment, a shop's product), a post with no slug and two with the same slug, pages
/// under pages, a category declared before its parent and one never declared, a tag never
/// declared, and posts of every status (published, draft, scheduled, private, trashed,
/// sticky, an automatic draft), with block-editor content and shortcodes.
pub const TRAPS: &str = include_str!("../fixtures/wordpress/traps.xml");
