//! Keeping text valid in XML 1.0.
//!
//! XML 1.0 forbids most control characters outright, even escaped, so a single NUL in a
//! reader's comment would make the whole feed unreadable. Every text goes through
//! [`xml_safe`] before it is written. Escaping `&`, `<` and friends is the XML writers'
//! job, not this module's.

/// `text` without the characters XML 1.0 does not allow: the C0 controls other than tab,
/// line feed and carriage return, and U+FFFE and U+FFFF. (Lone surrogates, also forbidden,
/// cannot occur in a Rust string.) Everything else is kept as it is.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&character| is_allowed_in_xml(character))
        .collect()
}

/// Whether `character` matches the `Char` production of XML 1.0.
fn is_allowed_in_xml(character: char) -> bool {
    matches!(
        character,
        '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn drops_only_what_xml_forbids() {
        assert_eq!(
            xml_safe("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i"),
            "abcdefghi"
        );
        let allowed = "tab\tline\ncarriage\r \u{7F}\u{85}\u{202E} é 😀 \u{FFFD} <&>\"'";
        assert_eq!(xml_safe(allowed), allowed);
    }
}
