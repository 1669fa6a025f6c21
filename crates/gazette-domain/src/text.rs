//! Cleaning of text that people type, before any rule looks at it, reading the text out
//! of sanitised HTML, and keeping text valid in XML.
//!
//! Form fields arrive with Windows line endings, stray control characters, invisible
//! direction overrides and combining sequences in any normalisation form. These helpers
//! bring them to one canonical shape so that limits, comparisons and storage agree.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters that change the direction of the text around them. In a name or an address
/// they serve only to disguise what is shown, so single-line fields drop them.
fn is_direction_control(character: char) -> bool {
    matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Cleans one line of text (a name, an email address, a web address, a title): NFC
/// normalisation, every control character and direction override removed, inner runs of
/// white space folded to one space, and the ends trimmed.
pub fn clean_single_line(raw: &str) -> String {
    if is_nfc(raw) {
        fold_single_line(raw.chars(), raw.len())
    } else {
        fold_single_line(raw.nfc(), raw.len())
    }
}

/// Whether `text` is in NFC already, as most text is: a quick check that spares the
/// normaliser, which decomposes and recomposes every character it is given.
fn is_nfc(text: &str) -> bool {
    text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// `characters` as one line: controls and direction overrides dropped, inner runs of white
/// space folded to one space, the ends trimmed.
fn fold_single_line(characters: impl Iterator<Item = char>, length: usize) -> String {
    let mut out = String::with_capacity(length);
    let mut pending_space = false;
    for character in characters {
        if character.is_whitespace() {
            pending_space = !out.is_empty();
        } else if character.is_control()
            || is_direction_control(character)
            || character == '\u{FEFF}'
        {
            // dropped
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(character);
        }
    }
    out
}

/// Cleans multi-line text (a comment): NFC normalisation, line endings turned into `\n`,
/// control characters other than newline and tab removed, trailing white space of each
/// line dropped, and blank lines at both ends trimmed.
pub fn clean_multi_line(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let keep = |character: &char| {
        *character == '\n'
            || *character == '\t'
            || !(character.is_control() || *character == '\u{FEFF}')
    };
    let out: String = if is_nfc(&unified) {
        unified.chars().filter(keep).collect()
    } else {
        unified.nfc().filter(keep).collect()
    };
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|line| !line.trim().is_empty());
    let last = lines.iter().rposition(|line| !line.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Whether `text` shows nothing: only spaces and invisible characters (zero-width spaces
/// and joiners, soft hyphens, fillers and blank patterns that look like nothing).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|character| {
        character.is_whitespace()
            || matches!(
                character,
                '\u{00AD}'
                    | '\u{034F}'
                    | '\u{115F}'
                    | '\u{1160}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2800}'
                    | '\u{3164}'
                    | '\u{FEFF}'
                    | '\u{FFA0}'
            )
    })
}

/// Folds text for comparisons that ignore case and accents (`Zoë` matches `zoe`).
pub fn fold_for_comparison(text: &str) -> String {
    text.nfkd()
        .filter(|character| !unicode_normalization::char::is_combining_mark(*character))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Elements inside a word's run of text: their tags do not separate words. Every other
/// tag does (a paragraph's end, a line break, a list item, an image…).
const INLINE_ELEMENTS: [&str; 22] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "small", "span", "strong", "sub", "sup",
];

/// The text that sanitised HTML shows, on one line, read without an HTML parser. Every
/// body Gazette stores went through ammonia, whose serialiser writes HTML in one strict
/// form: each `<` outside a tag is escaped, attribute values are double-quoted without a
/// `"` inside, scripts and styles are gone, and the only entities left are the five it
/// writes. In that form tags are found exactly. Tags of block elements separate words;
/// inline ones do not. Control characters never survive ([`clean_single_line`]).
pub fn text_of_sanitised_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = serialised_tag_end(rest).unwrap_or(rest.len());
        let name = rest[1..end]
            .trim_start_matches('/')
            .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or_default();
        if !INLINE_ELEMENTS.contains(&name) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    clean_single_line(&unescape_serialised_text(&text))
}

/// The length of the tag that `text`, sanitised HTML as html5ever serialises it, starts
/// with, up to and including its `>` (attribute values are double-quoted and hold no `"`).
pub fn serialised_tag_end(text: &str) -> Option<usize> {
    let mut in_value = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'"' => in_value = !in_value,
            b'>' if !in_value => return Some(index + 1),
            _ => {}
        }
    }
    None
}

/// The five entities html5ever's serialiser writes in text, with what each stands for.
const SERIALISED_ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&nbsp;", '\u{A0}'),
];

/// Undoes the escaping html5ever's serialiser applies to text, in one pass: what an
/// entity stands for is never read again (`&amp;lt;` is `&lt;`), and any other `&` is
/// kept as it is.
pub fn unescape_serialised_text(text: &str) -> String {
    let mut unescaped = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        unescaped.push_str(&rest[..start]);
        rest = &rest[start..];
        let entity = SERIALISED_ENTITIES
            .iter()
            .find(|(entity, _)| rest.starts_with(entity));
        if let Some(&(entity, character)) = entity {
            unescaped.push(character);
            rest = &rest[entity.len()..];
        } else {
            unescaped.push('&');
            rest = &rest[1..];
        }
    }
    unescaped.push_str(rest);
    unescaped
}

/// `text` without the characters XML 1.0 does not allow, even escaped: the C0 controls
/// other than tab, line feed and carriage return, and U+FFFE and U+FFFF. (Lone surrogates,
/// also forbidden, cannot occur in a Rust string.) A single NUL in a reader's comment would
/// otherwise make a whole feed or export unreadable. Escaping `&`, `<` and friends is the
/// XML writers' job, not this function's.
pub fn xml_safe(text: &str) -> String {
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
    use super::*;

    #[test]
    fn xml_keeps_all_but_what_it_forbids() {
        assert_eq!(
            xml_safe("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i"),
            "abcdefghi"
        );
        let allowed = "tab\tline\ncarriage\r \u{7F}\u{85}\u{202E} é 😀 \u{FFFD} <&>\"'";
        assert_eq!(xml_safe(allowed), allowed);
    }

    #[test]
    fn single_line_drops_controls_and_folds_space() {
        assert_eq!(
            clean_single_line("  Ada\u{0}\tLove\u{202E}lace \n "),
            "Ada Lovelace"
        );
        assert_eq!(clean_single_line("Zoe\u{0308}"), "Zoë");
        assert_eq!(clean_single_line("\u{FEFF}"), "");
    }

    #[test]
    fn text_in_nfc_already_is_kept_and_other_text_is_composed() {
        // Composed already: taken as it is, past the normaliser.
        assert_eq!(clean_single_line("Zoë  Łódź 東京"), "Zoë Łódź 東京");
        assert_eq!(clean_multi_line("Zoë\r\nŁódź"), "Zoë\nŁódź");
        // A combining mark after its letter, and a character NFC replaces (the Ångström
        // sign): composed.
        assert_eq!(clean_single_line("Zoe\u{0308} \u{212B}"), "Zo\u{EB} \u{C5}");
        assert_eq!(
            clean_multi_line("Zoe\u{0308}\n\u{212B}"),
            "Zo\u{EB}\n\u{C5}"
        );
    }

    #[test]
    fn multi_line_keeps_paragraphs_and_drops_controls() {
        assert_eq!(
            clean_multi_line("\r\n\r\nFirst line\r\nsecond\u{7}  \r\n\r\nThird\r\n\r\n"),
            "First line\nsecond\n\nThird"
        );
        assert_eq!(clean_multi_line(" \n\t\n"), "");
    }

    #[test]
    fn invisible_text_is_blank() {
        assert!(is_blank("\u{200B}\u{200C} \u{200D}\u{3164}"));
        assert!(!is_blank("\u{200B}a"));
        assert!(!is_blank("👨\u{200D}👩"));
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(
            fold_for_comparison("ZOË Łódź"),
            fold_for_comparison("zoe Łodz")
        );
    }

    #[test]
    fn sanitised_html_gives_its_text_with_words_apart_between_blocks() {
        let serialised = concat!(
            "<h2>Vote</h2><p>The <strong>council</strong> met<br>today &amp; \"agreed\" ",
            "3 &lt; 4.</p><ul><li>One</li><li>Two</li></ul>",
            r#"<p><a href="/x" title="a &gt; b">Read</a>&nbsp;more<img src="/a.jpg" alt="a > b">end</p>"#,
        );
        assert_eq!(
            text_of_sanitised_html(serialised),
            "Vote The council met today & \"agreed\" 3 < 4. One Two Read more end"
        );
        assert_eq!(text_of_sanitised_html(""), "");
        assert_eq!(text_of_sanitised_html("plain\u{2}text\u{3}"), "plaintext");
    }

    #[test]
    fn serialised_text_is_unescaped_once_and_other_ampersands_are_kept() {
        assert_eq!(
            unescape_serialised_text("a &lt;b&gt; &quot;c&quot;&nbsp;d &amp; e"),
            "a <b> \"c\"\u{A0}d & e"
        );
        assert_eq!(unescape_serialised_text("&amp;lt; &amp;amp;"), "&lt; &amp;");
        assert_eq!(
            unescape_serialised_text("R&D &copy; &amp"),
            "R&D &copy; &amp"
        );
        assert_eq!(unescape_serialised_text("&&lt;&"), "&<&");
        assert_eq!(unescape_serialised_text("caf\u{e9} &gt;"), "caf\u{e9} >");
        assert_eq!(unescape_serialised_text(""), "");
    }
}
