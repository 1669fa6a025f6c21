//! An export's elements read as what they describe: authors, terms, items with their
//! metadata and comments. Values are taken as they are; a number or date that cannot be
//! read is left out (`None`), for the importer to decide about, rather than stopping the
//! whole file.

use super::element::{Element, Space};
use crate::dates::parse_date;
use crate::model::{Author, Category, Comment, Item, ItemTerm, Meta, Tag, Term};

/// A number WordPress wrote; `None` when empty or not a number.
fn number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// A parent id: `None` for WordPress's `0`.
fn parent(text: &str) -> Option<u64> {
    number(text).filter(|id| *id != 0)
}

/// The child elements of `element` in WordPress's namespace.
fn wordpress_fields(element: Element) -> impl Iterator<Item = Element> {
    element
        .children
        .into_iter()
        .filter(|child| child.space == Space::WordPress)
}

pub(crate) fn author(element: Element) -> Author {
    let mut author = Author {
        position: element.position,
        ..Author::default()
    };
    for child in wordpress_fields(element) {
        let text = child.text;
        match child.name.as_str() {
            "author_id" => author.id = number(&text),
            "author_login" => author.login = text,
            "author_email" => author.email = text,
            "author_display_name" => author.display_name = text,
            "author_first_name" => author.first_name = text,
            "author_last_name" => author.last_name = text,
            _ => {}
        }
    }
    author
}

pub(crate) fn category(element: Element) -> Category {
    let mut category = Category {
        position: element.position,
        ..Category::default()
    };
    for child in wordpress_fields(element) {
        let text = child.text;
        match child.name.as_str() {
            "term_id" => category.term_id = number(&text),
            "category_nicename" => category.slug = text,
            "category_parent" => category.parent_slug = text,
            "cat_name" => category.name = text,
            "category_description" => category.description = text,
            _ => {}
        }
    }
    category
}

pub(crate) fn tag(element: Element) -> Tag {
    let mut tag = Tag {
        position: element.position,
        ..Tag::default()
    };
    for child in wordpress_fields(element) {
        let text = child.text;
        match child.name.as_str() {
            "term_id" => tag.term_id = number(&text),
            "tag_slug" => tag.slug = text,
            "tag_name" => tag.name = text,
            "tag_description" => tag.description = text,
            _ => {}
        }
    }
    tag
}

pub(crate) fn term(element: Element) -> Term {
    let mut term = Term {
        position: element.position,
        ..Term::default()
    };
    for child in wordpress_fields(element) {
        let text = child.text;
        match child.name.as_str() {
            "term_id" => term.term_id = number(&text),
            "term_taxonomy" => term.taxonomy = text,
            "term_slug" => term.slug = text,
            "term_parent" => term.parent_slug = text,
            "term_name" => term.name = text,
            "term_description" => term.description = text,
            _ => {}
        }
    }
    term
}

/// A `<wp:postmeta>` or `<wp:commentmeta>`.
fn meta(element: Element) -> Meta {
    let mut meta = Meta::default();
    for child in wordpress_fields(element) {
        match child.name.as_str() {
            "meta_key" => meta.key = child.text,
            "meta_value" => meta.value = child.text,
            _ => {}
        }
    }
    meta
}

fn comment(element: Element) -> Comment {
    let mut comment = Comment {
        position: element.position,
        ..Comment::default()
    };
    for child in wordpress_fields(element) {
        match child.name.as_str() {
            "commentmeta" => comment.meta.push(meta(child)),
            "comment_id" => comment.id = number(&child.text),
            "comment_author" => comment.author = child.text,
            "comment_author_email" => comment.author_email = child.text,
            "comment_author_url" => comment.author_url = child.text,
            "comment_author_IP" => comment.author_ip = child.text,
            "comment_date" => comment.date = parse_date(&child.text),
            "comment_date_gmt" => comment.date_gmt = parse_date(&child.text),
            "comment_content" => comment.content = child.text,
            "comment_approved" => comment.approved = child.text,
            "comment_type" => comment.kind = child.text,
            "comment_parent" => comment.parent = parent(&child.text),
            "comment_user_id" => comment.user_id = parent(&child.text),
            _ => {}
        }
    }
    comment
}

/// A `<category>` of an item: a category, a tag or another term.
fn item_term(element: Element) -> ItemTerm {
    ItemTerm {
        domain: element.attribute("domain").unwrap_or_default().to_owned(),
        slug: element.attribute("nicename").map(str::to_owned),
        name: element.text,
    }
}

pub(crate) fn item(element: Element) -> Item {
    let mut item = Item {
        position: element.position,
        ..Item::default()
    };
    for child in element.children {
        match (child.space, child.name.as_str()) {
            (Space::Rss, "title") => item.title = child.text,
            (Space::Rss, "link") => item.link = Some(child.text.trim().to_owned()),
            (Space::Rss, "guid") => item.guid = Some(child.text.trim().to_owned()),
            (Space::Rss, "description") => item.description = child.text,
            (Space::Rss, "category") => item.terms.push(item_term(child)),
            (Space::DublinCore, "creator") => item.creator = child.text,
            (Space::Content, "encoded") => item.content = child.text,
            (Space::Excerpt, "encoded") => item.excerpt = child.text,
            (Space::WordPress, name) => match name {
                "post_id" => item.id = number(&child.text),
                "post_date" => item.date = parse_date(&child.text),
                "post_date_gmt" => item.date_gmt = parse_date(&child.text),
                "post_modified" => item.modified = parse_date(&child.text),
                "post_modified_gmt" => item.modified_gmt = parse_date(&child.text),
                "comment_status" => item.comment_status = child.text,
                "ping_status" => item.ping_status = child.text,
                "post_name" => item.slug = child.text,
                "status" => item.status = child.text,
                "post_parent" => item.parent = parent(&child.text),
                "menu_order" => item.menu_order = child.text.trim().parse().unwrap_or(0),
                "post_type" => item.post_type = child.text,
                "post_password" => item.password = child.text,
                "is_sticky" => item.sticky = child.text.trim() == "1",
                "attachment_url" => item.attachment_url = Some(child.text.trim().to_owned()),
                "postmeta" => item.meta.push(meta(child)),
                "comment" => item.comments.push(comment(child)),
                _ => {}
            },
            _ => {}
        }
    }
    item
}
