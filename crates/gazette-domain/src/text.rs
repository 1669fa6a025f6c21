//! Cleaning of text that people type, before any rule looks at it.
//!
//! Form fields arrive with Windows line endings, stray control characters, invisible
//! direction overrides and combining sequences in any normalisation form. These helpers
//! bring them to one canonical shape so that limits, comparisons and storage agree.

use unicode_normalization::UnicodeNormalization;

/// Characters that change the direction of the text around them. In a name or an address
/// they serve only to disguise what is shown, so single-line fields drop them.
fn is_direction_control(character: char) -> bool {
    matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Cleans one line of text (a name, an email address, a web address, a title): NFC
/// normalisation, every control character and direction override removed, inner runs of
/// white space folded to one space, and the ends trimmed.
pub fn clean_single_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for character in raw.nfc() {
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
    let mut out = String::with_capacity(unified.len());
    for character in unified.nfc() {
        if character == '\n'
            || character == '\t'
            || !(character.is_control() || character == '\u{FEFF}')
        {
            out.push(character);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
