//! The block editor's markup: each block is delimited by HTML comments that carry its
//! name and settings (`<!-- wp:paragraph -->…<!-- /wp:paragraph -->`, or
//! `<!-- wp:latest-posts /-->` for a block WordPress draws when the page is shown). The
//! HTML between the delimiters is the block's own; the delimiters themselves go.

/// Whether `content` was written with the block editor.
pub(crate) fn has_blocks(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// `content` without its block delimiters. A self-closing block (one WordPress draws when
/// the page is shown) leaves nothing behind; a delimiter left unclosed by a broken export
/// is kept as text, to be escaped like any other.
pub(crate) fn strip_block_delimiters(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    loop {
        let next = ["<!-- wp:", "<!-- /wp:"]
            .iter()
            .filter_map(|marker| rest.find(marker))
            .min();
        let Some(start) = next else {
            out.push_str(rest);
            return out;
        };
        let Some(length) = rest[start..].find("-->") else {
            out.push_str(rest);
            return out;
        };
        out.push_str(rest[..start].trim_end_matches([' ', '\t']));
        rest = rest[start + length + 3..].trim_start_matches([' ', '\t']);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_delimiter_and_keeps_the_blocks_html() {
        let content = "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n\
                       <!-- wp:latest-posts {\"postsToShow\":3} /-->\n\n\
                       <!-- wp:image {\"id\":7} -->\n<figure><img src=\"a.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->";
        assert!(has_blocks(content));
        let stripped = strip_block_delimiters(content);
        assert!(!stripped.contains("wp:"), "{stripped}");
        assert!(stripped.contains("<p>One</p>"));
        assert!(stripped.contains("<figure><img src=\"a.jpg\" alt=\"\"/></figure>"));
    }

    #[test]
    fn classic_content_has_no_blocks() {
        assert!(!has_blocks("<!-- more -->Hello"));
        assert_eq!(
            strip_block_delimiters("<!-- more -->Hello"),
            "<!-- more -->Hello"
        );
    }
}
