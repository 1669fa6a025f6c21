use super::*;
use std::collections::HashMap;

/// Attachments kept in a map, as an importer keeps them.
#[derive(Default)]
struct Library(HashMap<u64, Attachment>);

impl Library {
    fn with(images: &[(u64, &str, &str, Option<u64>)]) -> Self {
        Self(
            images
                .iter()
                .map(|&(id, url, caption, parent)| {
                    (
                        id,
                        Attachment {
                            id,
                            url: url.to_owned(),
                            title: format!("Image {id}"),
                            caption: caption.to_owned(),
                            alt: format!("Alt {id}"),
                            parent,
                            menu_order: 0,
                        },
                    )
                })
                .collect(),
        )
    }
}

impl Attachments for Library {
    fn attachment(&self, id: u64) -> Option<&Attachment> {
        self.0.get(&id)
    }

    fn attachments_of(&self, parent: u64) -> Vec<&Attachment> {
        self.0
            .values()
            .filter(|attachment| attachment.parent == Some(parent))
            .collect()
    }
}

fn html(content: &str) -> String {
    body_to_html(content, 1, &Library::default()).html
}

#[test]
fn classic_content_gets_its_paragraphs() {
    assert_eq!(
        html("Hello\nworld\n\nSecond"),
        "<p>Hello<br />\nworld</p>\n<p>Second</p>\n"
    );
}

#[test]
fn block_content_loses_its_delimiters_and_keeps_its_html() {
    let converted = html(
        "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:archives /-->",
    );
    assert_eq!(converted.trim(), "<p>One\ntwo</p>");
}

#[test]
fn a_caption_becomes_a_figure() {
    let converted = html(
        "[caption id=\"attachment_5\" align=\"alignright\" width=\"300\"]<a href=\"https://old.example/a.jpg\"><img src=\"https://old.example/a-300x200.jpg\" alt=\"A harbour\" width=\"300\" height=\"200\" /></a> Boats at dawn[/caption]\n\nAfter.",
    );
    assert!(
        converted.starts_with("<figure><a href=\"https://old.example/a.jpg\"><img src=\"https://old.example/a-300x200.jpg\" alt=\"A harbour\" width=\"300\" height=\"200\" /></a><figcaption>Boats at dawn</figcaption></figure>"),
        "{converted}"
    );
    assert!(converted.contains("<p>After.</p>"), "{converted}");
    let old_style = html(
        "[caption caption=\"Old &amp; new\"]<img src=\"https://old.example/b.jpg\" />[/caption]",
    );
    assert!(
        old_style.contains("<figcaption>Old &amp; new</figcaption>"),
        "{old_style}"
    );
}

#[test]
fn a_gallery_shows_its_images_in_order() {
    let library = Library::with(&[
        (10, "https://old.example/one.jpg", "First", Some(1)),
        (11, "https://old.example/two.png", "", Some(1)),
        (12, "https://old.example/notes.pdf", "", Some(1)),
    ]);
    let listed = body_to_html("[gallery ids=\"11,10\" link=\"none\"]", 1, &library);
    assert!(!listed.missing_attachments);
    let two = listed.html.find("two.png").unwrap();
    let one = listed.html.find("one.jpg").unwrap();
    assert!(two < one, "{}", listed.html);
    assert!(!listed.html.contains("<a "), "{}", listed.html);
    assert!(listed.html.contains("<figcaption>First</figcaption>"));
    assert!(!listed.html.contains("<p>"), "{}", listed.html);

    let attached = body_to_html("[gallery]", 1, &library);
    assert!(attached.html.contains("<a href=\"https://old.example/one.jpg\"><img src=\"https://old.example/one.jpg\" alt=\"Alt 10\"></a>"), "{}", attached.html);
    assert!(!attached.html.contains("notes.pdf"));

    let unknown = body_to_html("[gallery ids=\"99\"]", 1, &library);
    assert!(unknown.missing_attachments);
    assert_eq!(unknown.html.trim(), "");
}

#[test]
fn embeds_and_lone_addresses_become_links() {
    let converted = html(
        "Watch:\n\nhttps://video.example/watch?v=1&t=2\n\n[embed]https://video.example/2[/embed]",
    );
    assert!(
        converted.contains("<p><a href=\"https://video.example/watch?v=1&amp;t=2\">https://video.example/watch?v=1&amp;t=2</a></p>"),
        "{converted}"
    );
    assert!(
        converted
            .contains("<p><a href=\"https://video.example/2\">https://video.example/2</a></p>"),
        "{converted}"
    );
}

#[test]
fn audio_and_video_become_players_with_a_link() {
    let converted =
        html("[audio mp3=\"https://old.example/a.mp3\" ogg=\"https://old.example/a.ogg\"]");
    assert_eq!(
        converted.trim(),
        "<audio controls=\"\" preload=\"metadata\"><source src=\"https://old.example/a.mp3\" type=\"audio/mpeg\"><source src=\"https://old.example/a.ogg\" type=\"audio/ogg\"><a href=\"https://old.example/a.mp3\">https://old.example/a.mp3</a></audio>"
    );
    let video = html(
        "[video width=\"640\" height=\"360\" src=\"https://old.example/v.mp4\" poster=\"https://old.example/p.jpg\"][/video]",
    );
    assert!(
        video.starts_with("<video controls=\"\" preload=\"metadata\" width=\"640\" height=\"360\" poster=\"https://old.example/p.jpg\"><source src=\"https://old.example/v.mp4\" type=\"video/mp4\">"),
        "{video}"
    );
    assert_eq!(html("[audio src=\"javascript:alert(1)\"]").trim(), "");
}

#[test]
fn unknown_shortcodes_stay_as_text() {
    assert_eq!(
        html("Write to us: [contact-form-7 id=\"5\" title=\"Contact\"]"),
        "<p>Write to us: [contact-form-7 id=\"5\" title=\"Contact\"]</p>\n"
    );
}

#[test]
fn the_teaser_ends_at_the_more_marker() {
    assert_eq!(teaser("Intro<!--more-->Rest"), Some("Intro"));
    assert_eq!(teaser("Intro <!--more Read on-->Rest"), Some("Intro "));
    assert_eq!(teaser("All of it"), None);
}

#[test]
fn comments_get_paragraphs() {
    assert_eq!(
        comment_to_html("Nice.\r\nVery nice.\r\n\r\n<em>Thanks</em>"),
        "<p>Nice.<br />\nVery nice.</p>\n<p><em>Thanks</em></p>\n"
    );
}

#[test]
fn references_in_titles_are_decoded() {
    assert_eq!(
        decode_references("Fish &amp; chips &#8211; a &lt;history&gt; &eacute;t&#xE9;"),
        "Fish & chips \u{2013} a <history> été"
    );
    assert_eq!(
        decode_references("R&D; & more &bogus;"),
        "R&D; & more &bogus;"
    );
}
