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

/// An export written by WordPress 6.1 itself (`export_wp()`), of a small site built through
/// WordPress's own API by `wordpress-export.php` beside it: posts of every status (one
/// sticky, one whose slug changed after publishing, one in the trash), classic and
/// block-editor bodies with shortcodes, pages under pages, a category under another, tags,
/// two authors, an image attachment as a featured image, and comments threaded three deep
/// with every status WordPress exports (it leaves spam out), a pingback and a trackback.
pub const WORDPRESS_6_1: &str = include_str!("../fixtures/wordpress/wordpress-6.1.xml");
