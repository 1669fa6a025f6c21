//! The export read on a blocking thread, entry by entry, while the import writes: each
//! post's and page's body made into sanitised HTML with its excerpt, and each comment's
//! text, there rather than on the async threads. Entries cross to the import through a
//! bounded channel, so a fast reader never runs ahead by more than a few hundred items.
//!
//! Galleries name attachments, which WordPress exports after the posts they belong to;
//! the reader keeps every attachment it has seen, and a body whose gallery names one not
//! seen yet keeps its source, to be converted again once the whole file has been read.

use gazette_domain::text::{clean_multi_line, text_of_sanitised_html};
use gazette_render::{comment_text, markdown, sanitize};
use gazette_wordpress::markup::{self, Attachment, Attachments};
use gazette_wordpress::{
    Author, Category, Comment, Entry, Item, Site, Tag, Term, WxrError, WxrReader,
};
use std::collections::HashMap;
use std::io::Read;
use tokio::sync::mpsc;

/// How many prepared entries may wait for the import.
pub(super) const CHANNEL_CAPACITY: usize = 256;

/// The longest hand-written excerpt kept, in characters (the domain's limit).
const MAX_EXCERPT_CHARACTERS: usize = gazette_domain::article::MAX_EXCERPT_CHARACTERS;

/// What the reader hands to the import.
pub(super) enum Message {
    /// The site, as the channel describes it before its first entry.
    Site(Site),
    /// One entry, and how far into the file the reader is.
    Entry {
        /// The entry.
        prepared: Prepared,
        /// Bytes read so far.
        bytes_read: u64,
    },
    /// The end of the export, with everything the channel said.
    Finished(Site),
    /// The export cannot be read past this point.
    Failed(WxrError),
}

/// An entry, made ready to be written.
pub(super) enum Prepared {
    Author(Author),
    Category(Category),
    Tag(Tag),
    Term(Term),
    Item(Box<PreparedItem>),
}

/// An item with its body and comments made into HTML.
pub(super) struct PreparedItem {
    /// The item. Its body's source is kept only when a gallery in it waits for
    /// attachments the file has not shown yet.
    pub(super) item: Item,
    /// For a post or a page: its body and excerpt.
    pub(super) body: Option<PreparedBody>,
    /// Its comments, each with its HTML and text.
    pub(super) comments: Vec<PreparedComment>,
}

/// A body made into sanitised HTML, and its excerpt.
pub(super) struct PreparedBody {
    /// The sanitised HTML.
    pub(super) html: String,
    /// The plain-text excerpt: the item's own, else made from its teaser or body.
    pub(super) excerpt: String,
    /// Whether the excerpt was written by hand on WordPress.
    pub(super) excerpt_is_manual: bool,
    /// Whether a gallery named attachments not seen yet.
    pub(super) missing_attachments: bool,
}

/// A comment with its sanitised HTML and its plain text.
pub(super) struct PreparedComment {
    pub(super) comment: Comment,
    pub(super) html: String,
    pub(super) text: String,
}

/// The attachments seen so far, for galleries.
#[derive(Default)]
pub(super) struct Library {
    by_id: HashMap<u64, Attachment>,
    by_parent: HashMap<u64, Vec<u64>>,
}

impl Library {
    /// Remembers the attachment `item` is, if it is one.
    pub(super) fn add(&mut self, item: &Item) {
        if item.post_type != "attachment" {
            return;
        }
        let Some(attachment) = attachment_of(item) else {
            return;
        };
        if let Some(parent) = attachment.parent {
            self.by_parent
                .entry(parent)
                .or_default()
                .push(attachment.id);
        }
        self.by_id.insert(attachment.id, attachment);
    }
}

impl Attachments for Library {
    fn attachment(&self, id: u64) -> Option<&Attachment> {
        self.by_id.get(&id)
    }

    fn attachments_of(&self, parent: u64) -> Vec<&Attachment> {
        self.by_parent
            .get(&parent)
            .map(|children| {
                children
                    .iter()
                    .filter_map(|id| self.by_id.get(id))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The attachment an attachment item describes: its file, title, caption (WordPress keeps
/// it as the excerpt) and alt text.
pub(super) fn attachment_of(item: &Item) -> Option<Attachment> {
    let url = item
        .attachment_url
        .as_deref()
        .or(item.guid.as_deref())
        .map(str::trim)
        .filter(|url| !url.is_empty())?;
    Some(Attachment {
        id: item.id?,
        url: url.to_owned(),
        title: item.title.clone(),
        caption: item.excerpt.trim().to_owned(),
        alt: item
            .meta_value("_wp_attachment_image_alt")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        parent: item.parent,
        menu_order: item.menu_order,
    })
}

/// Whether items of `post_type` become articles.
pub(super) fn becomes_article(post_type: &str) -> bool {
    matches!(post_type, "post" | "page")
}

/// Reads the export in `source`, sending each prepared entry to `sender`, until the end, a
/// malformed part, or the import hanging up.
pub(super) fn read_export(source: Box<dyn Read + Send>, sender: &mpsc::Sender<Message>) {
    let mut reader = WxrReader::new(source);
    let mut library = Library::default();
    let mut announced = false;
    loop {
        let message = match reader.next_entry() {
            Ok(Some(entry)) => {
                if !announced {
                    announced = true;
                    if sender
                        .blocking_send(Message::Site(reader.site().clone()))
                        .is_err()
                    {
                        return;
                    }
                }
                Message::Entry {
                    prepared: prepare(entry, &mut library),
                    bytes_read: reader.bytes_read(),
                }
            }
            Ok(None) => {
                if !announced
                    && sender
                        .blocking_send(Message::Site(reader.site().clone()))
                        .is_err()
                {
                    return;
                }
                let _ = sender.blocking_send(Message::Finished(reader.site().clone()));
                return;
            }
            Err(error) => {
                let _ = sender.blocking_send(Message::Failed(error));
                return;
            }
        };
        if sender.blocking_send(message).is_err() {
            return;
        }
    }
}

fn prepare(entry: Entry, library: &mut Library) -> Prepared {
    match entry {
        Entry::Author(author) => Prepared::Author(author),
        Entry::Category(category) => Prepared::Category(category),
        Entry::Tag(tag) => Prepared::Tag(tag),
        Entry::Term(term) => Prepared::Term(term),
        Entry::Item(item) => Prepared::Item(Box::new(prepare_item(*item, library))),
    }
}

fn prepare_item(mut item: Item, library: &mut Library) -> PreparedItem {
    library.add(&item);
    if !becomes_article(&item.post_type) {
        return PreparedItem {
            item,
            body: None,
            comments: Vec::new(),
        };
    }
    let body = prepare_body(&item, library);
    if !body.missing_attachments {
        item.content = String::new();
    }
    let comments = std::mem::take(&mut item.comments)
        .into_iter()
        .map(prepare_comment)
        .collect();
    PreparedItem {
        item,
        body: Some(body),
        comments,
    }
}

/// `item`'s body as sanitised HTML, and its excerpt: WordPress's own when it has one, else
/// the first words of the part before `<!--more-->`, else of the body.
pub(super) fn prepare_body(item: &Item, attachments: &dyn Attachments) -> PreparedBody {
    let id = item.id.unwrap_or_default();
    let converted = markup::body_to_html(&item.content, id, attachments);
    let html = sanitize::clean_article_html(&converted.html);
    let written = clean_multi_line(&text_of_sanitised_html(&sanitize::clean_article_html(
        &item.excerpt,
    )));
    let (excerpt, excerpt_is_manual) = if written.trim().is_empty() {
        let teaser = markup::teaser(&item.content).map(|teaser| {
            let converted = markup::body_to_html(teaser, id, attachments);
            text_of_sanitised_html(&sanitize::clean_article_html(&converted.html))
        });
        let text = teaser.unwrap_or_else(|| text_of_sanitised_html(&html));
        (markdown::excerpt_of_text(&text), false)
    } else {
        (
            written
                .trim()
                .chars()
                .take(MAX_EXCERPT_CHARACTERS)
                .collect(),
            true,
        )
    };
    PreparedBody {
        html,
        excerpt,
        excerpt_is_manual,
        missing_attachments: converted.missing_attachments,
    }
}

/// A comment's HTML and text: plain text as readers' comments are shown (paragraphs and
/// links), and the little HTML WordPress allows commenters through the comment policy.
fn prepare_comment(comment: Comment) -> PreparedComment {
    let content = comment.content.replace("\r\n", "\n");
    let (html, text) = if content.contains(['<', '&']) {
        let html = sanitize::clean_comment_html(&markup::comment_to_html(&content));
        let text = text_of_sanitised_html(&html);
        (html, text)
    } else {
        (
            comment_text::to_safe_html(&content),
            content.trim().to_owned(),
        )
    };
    PreparedComment {
        comment,
        html,
        text,
    }
}
