//! WordPress's body markup made into plain HTML, the way WordPress itself shows it: the
//! block editor's delimiters removed, the classic editor's paragraphs made (`wpautop`), a
//! link alone on its line made a link (WordPress embeds it), and the common shortcodes —
//! `[caption]`, `[gallery]`, `[embed]`, `[audio]`, `[video]` — turned into HTML. Any other
//! shortcode is kept as the text it is.
//!
//! The result is not yet safe to show: it is what the export's author wrote, and must go
//! through a sanitiser before anyone sees it.

mod autop;
mod blocks;
mod shortcodes;

use regex::Regex;
use shortcodes::{Shortcode, replace_shortcodes};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// An attachment as the body's shortcodes use it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    /// Its id in WordPress.
    pub id: u64,
    /// The file's address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its caption.
    pub caption: String,
    /// What the image shows, for people who cannot see it.
    pub alt: String,
    /// The item it was uploaded to.
    pub parent: Option<u64>,
    /// Its place among the parent's attachments.
    pub menu_order: i64,
}

impl Attachment {
    /// Whether the file is an image, judged by its name.
    pub fn is_image(&self) -> bool {
        let path = self.url.split(['?', '#']).next().unwrap_or_default();
        let extension = path
            .rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase())
            .unwrap_or_default();
        matches!(
            extension.as_str(),
            "jpg" | "jpeg" | "jpe" | "png" | "gif" | "webp" | "avif" | "bmp" | "svg"
        )
    }
}

/// The attachments an import knows about, for galleries.
pub trait Attachments {
    /// The attachment with WordPress id `id`.
    fn attachment(&self, id: u64) -> Option<&Attachment>;
    /// The attachments uploaded to item `parent`, in any order.
    fn attachments_of(&self, parent: u64) -> Vec<&Attachment>;
}

/// A body made into HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The HTML, to be sanitised.
    pub html: String,
    /// Whether a gallery named an attachment that `attachments` did not know (yet): the
    /// body is to be converted again once every attachment has been read.
    pub missing_attachments: bool,
}

/// The shortcodes made into HTML; any other is left as text.
const KNOWN_SHORTCODES: [&str; 6] = [
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
];

fn is_known(name: &str) -> bool {
    KNOWN_SHORTCODES.contains(&name)
}

/// The body of item `post_id`, `content`, as HTML.
pub fn body_to_html(content: &str, post_id: u64, attachments: &dyn Attachments) -> Converted {
    let content = content.replace("\r\n", "\n");
    let text = if blocks::has_blocks(&content) {
        link_lone_addresses(&blocks::strip_block_delimiters(&content))
    } else {
        unwrap_shortcode_paragraphs(&autop::wpautop(&link_lone_addresses(&content)))
    };
    let mut missing_attachments = false;
    let html = render_shortcodes(&text, post_id, attachments, &mut missing_attachments);
    Converted {
        html,
        missing_attachments,
    }
}

/// `text` with HTML's character references replaced: WordPress keeps titles, names and
/// the like with references in them (`Fish &amp; chips &#8211; a history`), and shows
/// them as HTML. A `&` that starts no reference stays as it is.
pub fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(ampersand) = rest.find('&') {
        out.push_str(&rest[..ampersand]);
        let after = &rest[ampersand + 1..];
        let reference = after
            .find(';')
            .filter(|end| *end <= LONGEST_REFERENCE)
            .and_then(|end| Some((end, character_reference(&after[..end])?)));
        if let Some((end, characters)) = reference {
            out.push_str(&characters);
            rest = &after[end + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The longest reference name looked for (HTML's longest entity has 31 characters).
const LONGEST_REFERENCE: usize = 32;

/// What the reference `&name;` stands for.
fn character_reference(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let scalar = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(scalar)
            .filter(|character| *character != '\0')
            .map(String::from);
    }
    if !name
        .chars()
        .all(|character| character.is_ascii_alphanumeric())
    {
        return None;
    }
    let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(format!("{name};").as_str())?;
    Some(
        [first, second]
            .into_iter()
            .filter(|scalar| *scalar != 0)
            .filter_map(char::from_u32)
            .collect(),
    )
}

/// A comment's text, in the little HTML WordPress lets commenters write, with its
/// paragraphs and line breaks made as WordPress shows them.
pub fn comment_to_html(content: &str) -> String {
    autop::wpautop(&content.replace("\r\n", "\n"))
}

/// The part of `content` before WordPress's `<!--more-->` marker, when it has one: the
/// teaser the site showed in lists.
pub fn teaser(content: &str) -> Option<&str> {
    let start = content.find("<!--more")?;
    Some(&content[..start])
}

fn render_shortcodes(
    text: &str,
    post_id: u64,
    attachments: &dyn Attachments,
    missing: &mut bool,
) -> String {
    replace_shortcodes(text, &is_known, &mut |shortcode| match shortcode.name {
        "caption" | "wp_caption" => {
            let content = shortcode.content.unwrap_or_default();
            let inner = render_shortcodes(content, post_id, attachments, missing);
            caption(shortcode, &inner)
        }
        "gallery" => gallery(shortcode, post_id, attachments, missing),
        "embed" => embed(shortcode),
        "audio" => media_player(
            shortcode,
            "audio",
            &["mp3", "ogg", "oga", "m4a", "wav", "wma", "flac"],
        ),
        _ => media_player(
            shortcode,
            "video",
            &["mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov"],
        ),
    })
}

/// `text` escaped for HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Whether `address` is an absolute http(s) address with nothing around it.
fn is_web_address(address: &str) -> bool {
    (address.starts_with("http://") || address.starts_with("https://"))
        && address.len() > "https://".len()
        && !address.contains(char::is_whitespace)
}

/// A link to `address` showing the address.
fn link(address: &str) -> String {
    let address = escape(address);
    format!("<a href=\"{address}\">{address}</a>")
}

static LONE_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^([ \t]*)(https?://[^\s<>"]+)([ \t]*)$"#)
        .unwrap_or_else(|error| panic!("the lone address pattern is wrong: {error}"))
});

/// Every address alone on its line made a link: WordPress embeds what it can of these,
/// and a link is what an embed is without the provider's player.
fn link_lone_addresses(text: &str) -> String {
    LONE_ADDRESS
        .replace_all(text, |captures: &regex::Captures<'_>| {
            format!("{}{}{}", &captures[1], link(&captures[2]), &captures[3])
        })
        .into_owned()
}

/// Paragraphs that hold nothing but one known shortcode unwrapped, so that the figure or
/// player it becomes is not put inside a `<p>` (WordPress's `shortcode_unautop`).
fn unwrap_shortcode_paragraphs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<p>") {
        out.push_str(&rest[..start]);
        let paragraph = &rest[start..];
        let Some(end) = paragraph.find("</p>") else {
            out.push_str(paragraph);
            return out;
        };
        let inner = paragraph[3..end].trim();
        let inner = inner.strip_suffix("<br />").unwrap_or(inner).trim_end();
        if shortcodes::is_single_shortcode(inner, &is_known) {
            out.push_str(inner);
        } else {
            out.push_str(&paragraph[..end + 4]);
        }
        rest = &paragraph[end + 4..];
    }
    out.push_str(rest);
    out
}

static CAPTIONED_MEDIA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$")
        .unwrap_or_else(|error| panic!("the caption pattern is wrong: {error}"))
});

/// `[caption]`: an image with its caption, as a figure. The caption is the attribute, or
/// whatever follows the image; either is HTML, as on WordPress.
fn caption(shortcode: &Shortcode<'_>, content: &str) -> String {
    let (media, caption) = match shortcode.attribute("caption") {
        Some(caption) => (content.trim().to_owned(), caption.trim().to_owned()),
        None => match CAPTIONED_MEDIA.captures(content) {
            Some(parts) => (parts[1].to_owned(), parts[2].trim().to_owned()),
            None => (content.trim().to_owned(), String::new()),
        },
    };
    if caption.is_empty() {
        return media;
    }
    format!("<figure>{media}<figcaption>{caption}</figcaption></figure>")
}

/// The ids listed in a gallery's attribute, such as `ids="3,1,2"`.
fn listed_ids(value: Option<&str>) -> Vec<u64> {
    value
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

/// `[gallery]`: the images listed (`ids`, `include`), or else those uploaded to the post,
/// as figures with their captions, each linked to its file unless `link="none"`.
fn gallery(
    shortcode: &Shortcode<'_>,
    post_id: u64,
    attachments: &dyn Attachments,
    missing: &mut bool,
) -> String {
    let mut listed = listed_ids(shortcode.attribute("ids"));
    if listed.is_empty() {
        listed = listed_ids(shortcode.attribute("include"));
    }
    let excluded = listed_ids(shortcode.attribute("exclude"));
    let mut images: Vec<&Attachment> = if listed.is_empty() {
        let parent = shortcode
            .attribute("id")
            .and_then(|id| id.trim().parse().ok())
            .unwrap_or(post_id);
        let mut children = attachments.attachments_of(parent);
        children.sort_by_key(|attachment| (attachment.menu_order, attachment.id));
        if shortcode
            .attribute("order")
            .is_some_and(|order| order.eq_ignore_ascii_case("desc"))
        {
            children.reverse();
        }
        children
    } else {
        listed
            .iter()
            .filter_map(|id| {
                let found = attachments.attachment(*id);
                *missing |= found.is_none();
                found
            })
            .collect()
    };
    images.retain(|image| image.is_image() && !excluded.contains(&image.id));
    if images.is_empty() {
        return String::new();
    }
    let linked = shortcode.attribute("link") != Some("none");
    let mut html = String::from("<div class=\"gallery\">");
    for image in images {
        let source = escape(&image.url);
        let picture = format!("<img src=\"{source}\" alt=\"{}\">", escape(&image.alt));
        html.push_str("<figure>");
        if linked {
            let _ = write!(html, "<a href=\"{source}\">{picture}</a>");
        } else {
            html.push_str(&picture);
        }
        if !image.caption.trim().is_empty() {
            let _ = write!(html, "<figcaption>{}</figcaption>", image.caption.trim());
        }
        html.push_str("</figure>");
    }
    html.push_str("</div>");
    html
}

/// `[embed]address[/embed]`: a link to what the provider's player would show.
fn embed(shortcode: &Shortcode<'_>) -> String {
    let address = shortcode.content.unwrap_or_default().trim();
    if is_web_address(address) {
        format!("<p>{}</p>", link(address))
    } else {
        escape(address)
    }
}

/// The type of a media file named with `extension`.
fn media_type(kind: &str, extension: &str) -> String {
    let subtype = match extension {
        "mp3" => "mpeg",
        "oga" | "ogv" => "ogg",
        "m4a" | "m4v" => "mp4",
        "mov" => "quicktime",
        other => other,
    };
    format!("{kind}/{subtype}")
}

/// `[audio]` and `[video]`: a player with every source given (`src`, or one attribute per
/// format such as `mp3=…`), and a link to the first for readers whose browser plays none.
fn media_player(shortcode: &Shortcode<'_>, kind: &str, formats: &[&str]) -> String {
    let mut sources: Vec<(String, String)> = Vec::new();
    if let Some(source) = shortcode
        .attribute("src")
        .filter(|source| is_web_address(source.trim()))
    {
        let extension = source
            .split(['?', '#'])
            .next()
            .and_then(|path| path.rsplit_once('.'))
            .map(|(_, extension)| extension.to_ascii_lowercase())
            .unwrap_or_default();
        sources.push((source.trim().to_owned(), media_type(kind, &extension)));
    }
    for format in formats {
        if let Some(source) = shortcode
            .attribute(format)
            .filter(|source| is_web_address(source.trim()))
        {
            sources.push((source.trim().to_owned(), media_type(kind, format)));
        }
    }
    let Some((first, _)) = sources.first() else {
        return String::new();
    };
    let mut html = format!("<{kind} controls=\"\" preload=\"metadata\"");
    if shortcode
        .attribute("loop")
        .is_some_and(|value| value == "on" || value == "1" || value == "true")
    {
        html.push_str(" loop=\"\"");
    }
    if kind == "video" {
        for dimension in ["width", "height"] {
            if let Some(value) = shortcode.attribute(dimension).filter(|value| {
                !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit())
            }) {
                let _ = write!(html, " {dimension}=\"{value}\"");
            }
        }
        if let Some(poster) = shortcode
            .attribute("poster")
            .filter(|poster| is_web_address(poster.trim()))
        {
            let _ = write!(html, " poster=\"{}\"", escape(poster.trim()));
        }
    }
    html.push('>');
    for (source, media_type) in &sources {
        let _ = write!(
            html,
            "<source src=\"{}\" type=\"{media_type}\">",
            escape(source)
        );
    }
    html.push_str(&link(first));
    let _ = write!(html, "</{kind}>");
    html
}

#[cfg(test)]
mod tests;
