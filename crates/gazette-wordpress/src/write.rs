//! Writing an export that WordPress's importer reads: WXR 1.2, laid out as WordPress's own
//! exporter lays it out — the channel's description of the site, then its authors,
//! categories (parents before children) and tags, then one `<item>` per post, page or
//! attachment with its terms, metadata and comments — one piece at a time, so that a site
//! of any size is written in the memory of one item.
//!
//! Text goes into CDATA sections, as WordPress writes it, a `]]>` inside one split across
//! two; characters XML forbids are dropped, since one of them would make the whole file
//! unreadable.

use crate::dates::format_date;
use crate::model::{Author, Category, Comment, Item, Meta, Site, Tag};
use gazette_domain::text::xml_safe;
use std::io::{self, Write};

/// The namespace of WordPress's export format, version 1.2.
const WORDPRESS_NAMESPACE: &str = "http://wordpress.org/export/1.2/";

/// `text` as a CDATA section.
fn cdata(text: &str) -> String {
    format!(
        "<![CDATA[{}]]>",
        xml_safe(text).replace("]]>", "]]]]><![CDATA[>")
    )
}

/// `text` escaped for character data and attribute values.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in xml_safe(text).chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// A number WordPress writes; `0` for none.
fn number(value: Option<u64>) -> u64 {
    value.unwrap_or(0)
}

/// An export being written.
pub struct WxrWriter<W: Write> {
    out: W,
    generator: Option<String>,
}

impl<W: Write> WxrWriter<W> {
    /// Starts an export of `site`, written by `generator` (`Gazette 0.1.0`) at `exported`
    /// (an RFC 2822 date).
    pub fn start(mut out: W, site: &Site, generator: &str, exported: &str) -> io::Result<Self> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>")?;
        writeln!(
            out,
            "<!-- This is a WordPress eXtended RSS file: an export of a site, which WordPress's importer (Tools → Import → WordPress) and Gazette read. -->"
        )?;
        writeln!(
            out,
            "<!-- generator=\"{}\" created=\"{}\" -->",
            escaped(generator),
            escaped(exported)
        )?;
        writeln!(
            out,
            "<rss version=\"2.0\"\n\txmlns:excerpt=\"{WORDPRESS_NAMESPACE}excerpt/\"\n\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\txmlns:wp=\"{WORDPRESS_NAMESPACE}\"\n>\n<channel>"
        )?;
        writeln!(out, "\t<title>{}</title>", escaped(&site.title))?;
        writeln!(out, "\t<link>{}</link>", escaped(&site.link))?;
        writeln!(
            out,
            "\t<description>{}</description>",
            escaped(&site.description)
        )?;
        writeln!(out, "\t<pubDate>{}</pubDate>", escaped(exported))?;
        if let Some(language) = &site.language {
            writeln!(out, "\t<language>{}</language>", escaped(language))?;
        }
        writeln!(out, "\t<wp:wxr_version>1.2</wp:wxr_version>")?;
        let base = |address: &Option<String>| escaped(address.as_deref().unwrap_or(&site.link));
        writeln!(
            out,
            "\t<wp:base_site_url>{}</wp:base_site_url>",
            base(&site.base_site_url)
        )?;
        writeln!(
            out,
            "\t<wp:base_blog_url>{}</wp:base_blog_url>",
            base(&site.base_blog_url)
        )?;
        Ok(Self {
            out,
            generator: Some(generator.to_owned()),
        })
    }

    /// Writes an author.
    pub fn author(&mut self, author: &Author) -> io::Result<()> {
        writeln!(
            self.out,
            "\t<wp:author><wp:author_id>{}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>{}</wp:author_email><wp:author_display_name>{}</wp:author_display_name><wp:author_first_name>{}</wp:author_first_name><wp:author_last_name>{}</wp:author_last_name></wp:author>",
            number(author.id),
            cdata(&author.login),
            cdata(&author.email),
            cdata(&author.display_name),
            cdata(&author.first_name),
            cdata(&author.last_name)
        )
    }

    /// Writes a category; its parent must have been written before it.
    pub fn category(&mut self, category: &Category) -> io::Result<()> {
        writeln!(
            self.out,
            "\t<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>{}</wp:category_nicename><wp:category_parent>{}</wp:category_parent><wp:cat_name>{}</wp:cat_name><wp:category_description>{}</wp:category_description></wp:category>",
            number(category.term_id),
            cdata(&category.slug),
            cdata(&category.parent_slug),
            cdata(&category.name),
            cdata(&category.description)
        )
    }

    /// Writes a tag.
    pub fn tag(&mut self, tag: &Tag) -> io::Result<()> {
        writeln!(
            self.out,
            "\t<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>{}</wp:tag_slug><wp:tag_name>{}</wp:tag_name><wp:tag_description>{}</wp:tag_description></wp:tag>",
            number(tag.term_id),
            cdata(&tag.slug),
            cdata(&tag.name),
            cdata(&tag.description)
        )
    }

    /// Writes the channel's generator, once, where WordPress does: after the terms.
    fn generator(&mut self) -> io::Result<()> {
        if let Some(generator) = self.generator.take() {
            writeln!(
                self.out,
                "\n\t<generator>{}</generator>",
                escaped(&generator)
            )?;
        }
        Ok(())
    }

    /// Writes an item with its terms, metadata and comments.
    pub fn item(&mut self, item: &Item) -> io::Result<()> {
        self.generator()?;
        let out = &mut self.out;
        writeln!(out, "\n\t<item>")?;
        let mut fields = vec![
            ("title", cdata(&item.title)),
            ("link", escaped(item.link.as_deref().unwrap_or_default())),
        ];
        if let Some(date) = item.date_gmt {
            fields.push((
                "pubDate",
                date.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string(),
            ));
        }
        fields.extend([
            ("dc:creator", cdata(&item.creator)),
            ("description", escaped(&item.description)),
            ("content:encoded", cdata(&item.content)),
            ("excerpt:encoded", cdata(&item.excerpt)),
            ("wp:post_id", number(item.id).to_string()),
            ("wp:post_date", cdata(&format_date(item.date))),
            ("wp:post_date_gmt", cdata(&format_date(item.date_gmt))),
            ("wp:post_modified", cdata(&format_date(item.modified))),
            (
                "wp:post_modified_gmt",
                cdata(&format_date(item.modified_gmt)),
            ),
            ("wp:comment_status", cdata(&item.comment_status)),
            ("wp:ping_status", cdata(&item.ping_status)),
            ("wp:post_name", cdata(&item.slug)),
            ("wp:status", cdata(&item.status)),
            ("wp:post_parent", number(item.parent).to_string()),
            ("wp:menu_order", item.menu_order.to_string()),
            ("wp:post_type", cdata(&item.post_type)),
            ("wp:post_password", cdata(&item.password)),
            ("wp:is_sticky", u8::from(item.sticky).to_string()),
        ]);
        if let Some(url) = &item.attachment_url {
            fields.push(("wp:attachment_url", cdata(url)));
        }
        for (element, value) in fields {
            writeln!(out, "\t\t<{element}>{value}</{element}>")?;
        }
        writeln!(
            out,
            "\t\t<guid isPermaLink=\"false\">{}</guid>",
            escaped(item.guid.as_deref().unwrap_or_default())
        )?;
        for term in &item.terms {
            writeln!(
                out,
                "\t\t<category domain=\"{}\" nicename=\"{}\">{}</category>",
                escaped(&term.domain),
                escaped(term.slug.as_deref().unwrap_or_default()),
                cdata(&term.name)
            )?;
        }
        for meta in &item.meta {
            write_meta(out, "postmeta", meta, "\t\t")?;
        }
        for comment in &item.comments {
            write_comment(out, comment)?;
        }
        writeln!(out, "\t</item>")
    }

    /// Ends the export and hands back what it was written to.
    pub fn finish(mut self) -> io::Result<W> {
        self.generator()?;
        writeln!(self.out, "</channel>\n</rss>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_meta(out: &mut impl Write, element: &str, meta: &Meta, indent: &str) -> io::Result<()> {
    writeln!(
        out,
        "{indent}<wp:{element}>\n{indent}\t<wp:meta_key>{}</wp:meta_key>\n{indent}\t<wp:meta_value>{}</wp:meta_value>\n{indent}</wp:{element}>",
        cdata(&meta.key),
        cdata(&meta.value)
    )
}

fn write_comment(out: &mut impl Write, comment: &Comment) -> io::Result<()> {
    writeln!(out, "\t\t<wp:comment>")?;
    let fields = [
        ("comment_id", number(comment.id).to_string()),
        ("comment_author", cdata(&comment.author)),
        ("comment_author_email", cdata(&comment.author_email)),
        ("comment_author_url", escaped(&comment.author_url)),
        ("comment_author_IP", cdata(&comment.author_ip)),
        ("comment_date", cdata(&format_date(comment.date))),
        ("comment_date_gmt", cdata(&format_date(comment.date_gmt))),
        ("comment_content", cdata(&comment.content)),
        ("comment_approved", cdata(&comment.approved)),
        ("comment_type", cdata(&comment.kind)),
        ("comment_parent", number(comment.parent).to_string()),
        ("comment_user_id", number(comment.user_id).to_string()),
    ];
    for (element, value) in fields {
        writeln!(out, "\t\t\t<wp:{element}>{value}</wp:{element}>")?;
    }
    for meta in &comment.meta {
        write_meta(out, "commentmeta", meta, "\t\t\t")?;
    }
    writeln!(out, "\t\t</wp:comment>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_sections_survive_their_own_end_and_forbidden_characters() {
        assert_eq!(cdata("a]]>b\u{0}c"), "<![CDATA[a]]]]><![CDATA[>bc]]>");
        assert_eq!(
            escaped("Fish & <chips> \"now\""),
            "Fish &amp; &lt;chips&gt; &quot;now&quot;"
        );
    }
}
