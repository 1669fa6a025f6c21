//! What a WordPress export holds, as the reader finds it and the writer writes it: the
//! site's description, its authors and terms, and its items (posts, pages, attachments and
//! every other post type) with their metadata and comments.
//!
//! Values are kept as WordPress wrote them — slugs, statuses and types as text, dates in
//! the site's zone and in GMT as WordPress's `YYYY-MM-DD HH:MM:SS` — so that deciding what
//! they mean is left to whoever imports them, and so that writing them again changes
//! nothing.

use jiff::civil::DateTime;

/// Where something starts in the export: a line and a column (in characters), both from 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: u64,
    /// The column, in characters, from 1.
    pub column: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "line {}, column {}", self.line, self.column)
    }
}

/// The site an export comes from, as its channel describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// The site's title.
    pub title: String,
    /// The site's address, as the channel's `<link>` gives it.
    pub link: String,
    /// The site's tagline.
    pub description: String,
    /// The site's language, such as `en-US`.
    pub language: Option<String>,
    /// The export format's version, such as `1.2` (from `<wp:wxr_version>`, else from the
    /// namespace).
    pub wxr_version: String,
    /// Where WordPress is installed (`<wp:base_site_url>`).
    pub base_site_url: Option<String>,
    /// The blog's address (`<wp:base_blog_url>`), which articles' links start with.
    pub base_blog_url: Option<String>,
    /// What wrote the export, such as `https://wordpress.org/?v=6.5`.
    pub generator: Option<String>,
}

impl Site {
    /// The address that names the site in an import's records: the blog's address, else
    /// the installation's, else the channel's link.
    pub fn address(&self) -> &str {
        self.base_blog_url
            .as_deref()
            .or(self.base_site_url.as_deref())
            .filter(|address| !address.trim().is_empty())
            .unwrap_or(&self.link)
    }
}

/// One thing an export describes, in the order the file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A user who wrote something.
    Author(Author),
    /// A category.
    Category(Category),
    /// A tag.
    Tag(Tag),
    /// A term of another taxonomy (menus, post formats, a plugin's own).
    Term(Term),
    /// A post, page, attachment or any other post type.
    Item(Box<Item>),
}

/// A user who wrote something (`<wp:author>`; exports before 1.1 name authors only by
/// their login, in each item's `<dc:creator>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    /// Their id in WordPress.
    pub id: Option<u64>,
    /// Their login, which items name them by.
    pub login: String,
    /// Their email address.
    pub email: String,
    /// The name shown on their posts.
    pub display_name: String,
    /// Their first name.
    pub first_name: String,
    /// Their last name.
    pub last_name: String,
    /// Where the author starts in the file.
    pub position: Position,
}

/// A category (`<wp:category>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Category {
    /// Its id in WordPress.
    pub term_id: Option<u64>,
    /// Its slug (WordPress's `nicename`), which items name it by.
    pub slug: String,
    /// Its parent's slug, empty for a top-level category.
    pub parent_slug: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Where the category starts in the file.
    pub position: Position,
}

/// A tag (`<wp:tag>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tag {
    /// Its id in WordPress.
    pub term_id: Option<u64>,
    /// Its slug, which items name it by.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Where the tag starts in the file.
    pub position: Position,
}

/// A term of a taxonomy other than categories and tags (`<wp:term>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    /// Its id in WordPress.
    pub term_id: Option<u64>,
    /// Its taxonomy, such as `nav_menu` or `post_format`.
    pub taxonomy: String,
    /// Its slug.
    pub slug: String,
    /// Its parent's slug, empty for none.
    pub parent_slug: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Where the term starts in the file.
    pub position: Position,
}

/// A term an item is filed under (`<category domain="…" nicename="…">Name</category>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// The taxonomy: `category`, `post_tag` (`tag` in old exports), `post_format`…; empty
    /// when the element has no `domain`.
    pub domain: String,
    /// The term's slug, when given.
    pub slug: Option<String>,
    /// The term's name.
    pub name: String,
}

/// A piece of metadata (`<wp:postmeta>`, `<wp:commentmeta>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// Its key, such as `_thumbnail_id`.
    pub key: String,
    /// Its value, as WordPress stored it (serialised PHP for arrays).
    pub value: String,
}

/// A post, page, attachment or other post type (`<item>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    /// Its id in WordPress (`<wp:post_id>`), which links, parents and comments use.
    pub id: Option<u64>,
    /// Its title.
    pub title: String,
    /// Its address on the old site.
    pub link: Option<String>,
    /// Its author's login (`<dc:creator>`).
    pub creator: String,
    /// Its permanent id, usually `https://example.com/?p=ID`.
    pub guid: Option<String>,
    /// The RSS description (WordPress leaves it empty).
    pub description: String,
    /// Its body, in WordPress's markup (`<content:encoded>`).
    pub content: String,
    /// Its hand-written excerpt (`<excerpt:encoded>`).
    pub excerpt: String,
    /// When it was published (or written), in the site's zone.
    pub date: Option<DateTime>,
    /// The same time in GMT; none for a draft that was never dated.
    pub date_gmt: Option<DateTime>,
    /// When it was last changed, in the site's zone.
    pub modified: Option<DateTime>,
    /// The same time in GMT.
    pub modified_gmt: Option<DateTime>,
    /// `open` or `closed`.
    pub comment_status: String,
    /// `open` or `closed`.
    pub ping_status: String,
    /// Its slug (`<wp:post_name>`), percent-encoded when not ASCII; may be empty.
    pub slug: String,
    /// `publish`, `draft`, `pending`, `future`, `private`, `trash`, `inherit`…
    pub status: String,
    /// The item it belongs under (a page's parent page, an attachment's post).
    pub parent: Option<u64>,
    /// Its place among its siblings.
    pub menu_order: i64,
    /// `post`, `page`, `attachment`, `nav_menu_item` or another type.
    pub post_type: String,
    /// The password that protects it, if any.
    pub password: String,
    /// Whether it is kept at the top of the home page.
    pub sticky: bool,
    /// For an attachment: the file's address.
    pub attachment_url: Option<String>,
    /// The categories, tags and other terms it is filed under.
    pub terms: Vec<ItemTerm>,
    /// Its metadata, in the file's order.
    pub meta: Vec<Meta>,
    /// Its comments, pingbacks and trackbacks, in the file's order.
    pub comments: Vec<Comment>,
    /// Where the item starts in the file.
    pub position: Position,
}

impl Item {
    /// The first value of the metadata `key`.
    pub fn meta_value(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|meta| meta.key == key)
            .map(|meta| meta.value.as_str())
    }

    /// Every value of the metadata `key`, in the file's order.
    pub fn meta_values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.meta
            .iter()
            .filter(move |meta| meta.key == key)
            .map(|meta| meta.value.as_str())
    }
}

/// A comment, pingback or trackback (`<wp:comment>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comment {
    /// Its id in WordPress, which replies name as their parent.
    pub id: Option<u64>,
    /// The commenter's name.
    pub author: String,
    /// The commenter's email address.
    pub author_email: String,
    /// The commenter's website.
    pub author_url: String,
    /// The address the comment came from.
    pub author_ip: String,
    /// When it was written, in the site's zone.
    pub date: Option<DateTime>,
    /// The same time in GMT.
    pub date_gmt: Option<DateTime>,
    /// Its text, in WordPress's markup.
    pub content: String,
    /// `1` (approved), `0` (pending), `spam`, `trash` or `post-trashed`.
    pub approved: String,
    /// `comment` (empty in older exports), `pingback`, `trackback` or a plugin's own type.
    pub kind: String,
    /// The comment it replies to.
    pub parent: Option<u64>,
    /// The WordPress user who wrote it, if signed in.
    pub user_id: Option<u64>,
    /// Its metadata.
    pub meta: Vec<Meta>,
    /// Where the comment starts in the file.
    pub position: Position,
}
