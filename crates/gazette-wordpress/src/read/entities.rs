//! References in an export's text: XML's five named entities, character references, and
//! the HTML named entities (`&nbsp;`, `&eacute;`…) that exports written by plugins or by
//! hand carry although XML does not define them. Anything else is refused: an export
//! declares no entities of its own.

use markup5ever::data::NAMED_ENTITIES;

/// Why a reference could not be read, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntityError(pub(crate) String);

/// Appends what `&name;` stands for to `out`.
pub(crate) fn resolve_into(name: &str, out: &mut String) -> Result<(), EntityError> {
    if let Some(number) = name.strip_prefix('#') {
        let scalar = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        }
        .map_err(|_| EntityError(format!("`&{name};` is not a character reference")))?;
        let character = char::from_u32(scalar)
            .filter(|character| is_xml_character(*character))
            .ok_or_else(|| {
                EntityError(format!(
                    "`&{name};` refers to a character XML does not allow"
                ))
            })?;
        out.push(character);
        return Ok(());
    }
    let predefined = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    };
    if let Some(character) = predefined {
        out.push(character);
        return Ok(());
    }
    let html = name
        .chars()
        .all(|character| character.is_ascii_alphanumeric())
        .then(|| NAMED_ENTITIES.get(format!("{name};").as_str()))
        .flatten();
    match html {
        Some(&(first, second)) => {
            out.extend(char::from_u32(first));
            if second != 0 {
                out.extend(char::from_u32(second));
            }
            Ok(())
        }
        None => Err(EntityError(format!(
            "`&{name};` is not an entity XML or HTML defines (a bare `&` must be written `&amp;`)"
        ))),
    }
}

/// `raw` with every reference replaced, as an attribute's value is read.
pub(crate) fn unescape(raw: &str) -> Result<String, EntityError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(ampersand) = rest.find('&') {
        out.push_str(&rest[..ampersand]);
        let after = &rest[ampersand + 1..];
        let semicolon = after.find(';').ok_or_else(|| {
            EntityError("a `&` starts no reference (it must be written `&amp;`)".to_owned())
        })?;
        resolve_into(&after[..semicolon], &mut out)?;
        rest = &after[semicolon + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether XML 1.0 allows `character` in a document.
fn is_xml_character(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r')
        || character >= ' ' && !matches!(character, '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(name: &str) -> Result<String, EntityError> {
        let mut out = String::new();
        resolve_into(name, &mut out).map(|()| out)
    }

    #[test]
    fn reads_xml_character_and_html_references() {
        assert_eq!(resolved("amp").unwrap(), "&");
        assert_eq!(resolved("#8217").unwrap(), "\u{2019}");
        assert_eq!(resolved("#x1F600").unwrap(), "😀");
        assert_eq!(resolved("nbsp").unwrap(), "\u{A0}");
        assert_eq!(resolved("eacute").unwrap(), "é");
    }

    #[test]
    fn refuses_what_no_one_defines() {
        assert!(resolved("bogus").unwrap_err().0.contains("&bogus;"));
        assert!(resolved("#0").is_err());
        assert!(resolved("#xZZ").is_err());
    }

    #[test]
    fn unescapes_attribute_values() {
        assert_eq!(unescape("a &amp; b &#233;").unwrap(), "a & b é");
        assert!(unescape("fish & chips").is_err());
    }
}
