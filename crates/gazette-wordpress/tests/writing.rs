//! What the writer writes, the reader reads back the same: every field of every kind of
//! entry, text with CDATA's end, entities, backslashes and emoji in it, and characters XML
//! forbids dropped.

use gazette_wordpress::dates::parse_date;
use gazette_wordpress::{
    Author, Category, Comment, Entry, Item, ItemTerm, Meta, Position, Site, Tag, WxrReader,
    WxrWriter,
};

fn site() -> Site {
    Site {
        title: "Harbour & Quay".into(),
        link: "https://harbour.example".into(),
        description: "News <from> the quay".into(),
        language: Some("en-GB".into()),
        wxr_version: "1.2".into(),
        base_site_url: Some("https://harbour.example".into()),
        base_blog_url: Some("https://harbour.example".into()),
        generator: Some("Gazette test".into()),
    }
}

fn item() -> Item {
    Item {
        id: Some(101),
        title: "Fish & chips ]]> <again>".into(),
        link: Some("https://harbour.example/2024/03/01/fish/?a=1&b=2".into()),
        creator: "ada".into(),
        guid: Some("https://harbour.example/?p=101".into()),
        description: String::new(),
        content: "<p>C:\\new\\table ]]> 😀 &amp; \u{0}gone</p>".into(),
        excerpt: "By hand.".into(),
        date: parse_date("2024-03-01 10:00:00"),
        date_gmt: parse_date("2024-03-01 09:00:00"),
        modified: parse_date("2024-03-02 10:00:00"),
        modified_gmt: parse_date("2024-03-02 09:00:00"),
        comment_status: "open".into(),
        ping_status: "closed".into(),
        slug: "fish".into(),
        status: "publish".into(),
        parent: Some(7),
        menu_order: 3,
        post_type: "page".into(),
        password: String::new(),
        sticky: true,
        attachment_url: None,
        terms: vec![
            ItemTerm {
                domain: "category".into(),
                slug: Some("local".into()),
                name: "Local & \"near\"".into(),
            },
            ItemTerm {
                domain: "post_tag".into(),
                slug: Some("boats".into()),
                name: "Boats".into(),
            },
        ],
        meta: vec![Meta {
            key: "_wp_old_slug".into(),
            value: "old-fish".into(),
        }],
        comments: vec![Comment {
            id: Some(8),
            author: "Reader".into(),
            author_email: "reader@mail.example".into(),
            author_url: "https://reader.example/?x=1&y=2".into(),
            author_ip: "192.0.2.7".into(),
            date: parse_date("2024-03-02 08:00:00"),
            date_gmt: None,
            content: "<p>Lovely ]]> indeed.</p>".into(),
            approved: "1".into(),
            kind: "pingback".into(),
            parent: Some(7),
            user_id: Some(2),
            meta: vec![Meta {
                key: "note".into(),
                value: "kept".into(),
            }],
            position: Position::default(),
        }],
        position: Position::default(),
    }
}

#[test]
fn the_reader_reads_back_what_the_writer_wrote() {
    let author = Author {
        id: Some(1),
        login: "ada".into(),
        email: "ada@harbour.example".into(),
        display_name: "Ada Lovelace".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        position: Position::default(),
    };
    let category = Category {
        term_id: Some(3),
        slug: "local".into(),
        parent_slug: "news".into(),
        name: "Local".into(),
        description: "Close to home".into(),
        position: Position::default(),
    };
    let tag = Tag {
        term_id: Some(5),
        slug: "boats".into(),
        name: "Boats".into(),
        description: String::new(),
        position: Position::default(),
    };
    let mut writer = WxrWriter::start(
        Vec::new(),
        &site(),
        "Gazette test",
        "Wed, 24 Apr 2024 10:00:00 +0000",
    )
    .unwrap();
    writer.author(&author).unwrap();
    writer.category(&category).unwrap();
    writer.tag(&tag).unwrap();
    writer.item(&item()).unwrap();
    let written = String::from_utf8(writer.finish().unwrap()).unwrap();

    let mut reader = WxrReader::new(written.as_bytes());
    let mut entries = Vec::new();
    while let Some(entry) = reader.next_entry().unwrap() {
        entries.push(entry);
    }
    assert_eq!(reader.site(), &site());
    let unplaced = |entry: Entry| match entry {
        Entry::Author(author) => Entry::Author(Author {
            position: Position::default(),
            ..author
        }),
        Entry::Category(category) => Entry::Category(Category {
            position: Position::default(),
            ..category
        }),
        Entry::Tag(tag) => Entry::Tag(Tag {
            position: Position::default(),
            ..tag
        }),
        Entry::Term(term) => Entry::Term(term),
        Entry::Item(item) => {
            let mut item = *item;
            item.position = Position::default();
            for comment in &mut item.comments {
                comment.position = Position::default();
            }
            Entry::Item(Box::new(item))
        }
    };
    let read: Vec<Entry> = entries.into_iter().map(unplaced).collect();
    let mut expected_item = item();
    expected_item.content = "<p>C:\\new\\table ]]> 😀 &amp; gone</p>".into();
    assert_eq!(
        read,
        [
            Entry::Author(author),
            Entry::Category(category),
            Entry::Tag(tag),
            Entry::Item(Box::new(expected_item)),
        ]
    );
}
