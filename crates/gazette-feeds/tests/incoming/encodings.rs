//! Encodings feed-rs alone gets wrong: a charset given only by the HTTP header, legacy
//! single-byte encodings, UTF-16 and UTF-32 with and without a byte-order mark.

use crate::support::{fixture, parse};

fn cyrillic_in(encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let text = String::from_utf8(fixture("cyrillic.xml")).unwrap();
    let (bytes, _, unmappable) = encoding.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn assert_reads_the_cyrillic_feed(body: &[u8], content_type: &str) {
    let feed = parse(body, Some(content_type));
    assert_eq!(feed.title, "Новости дня");
    assert_eq!(feed.description, "Главные события");
    assert_eq!(feed.items[0].title, "Бюджет принят");
    assert_eq!(
        feed.items[0].content_html,
        "Депутаты приняли бюджет на будущий год."
    );
    assert!(feed.repairs.is_empty(), "{:?}", feed.repairs);
}

#[test]
fn windows_1251_with_the_charset_only_in_the_header() {
    let body = cyrillic_in(encoding_rs::WINDOWS_1251);
    assert_reads_the_cyrillic_feed(&body, "application/rss+xml; charset=windows-1251");
    let alone = feed_rs::parser::parse(body.as_slice()).map(|feed| feed.title.unwrap().content);
    assert_ne!(
        alone.ok().as_deref(),
        Some("Новости дня"),
        "feed-rs alone cannot read it"
    );
}

#[test]
fn koi8_r_with_the_charset_only_in_the_header() {
    let body = cyrillic_in(encoding_rs::KOI8_R);
    assert_reads_the_cyrillic_feed(&body, "text/xml; charset=\"KOI8-R\"");
}

/// The Unicode fixture with its declaration naming `label`, as UTF-16 or UTF-32 code units
/// of `width` bytes in the byte order `big_endian`, with or without a byte-order mark.
fn unicode_feed(label: &str, width: usize, big_endian: bool, with_mark: bool) -> Vec<u8> {
    let text = String::from_utf8(fixture("unicode.xml"))
        .unwrap()
        .replace("ENCODING", label);
    let text = if with_mark {
        format!("\u{FEFF}{text}")
    } else {
        text
    };
    let mut bytes = Vec::new();
    match width {
        2 => {
            for unit in text.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
        }
        _ => {
            for character in text.chars() {
                let scalar = u32::from(character);
                bytes.extend(if big_endian {
                    scalar.to_be_bytes()
                } else {
                    scalar.to_le_bytes()
                });
            }
        }
    }
    bytes
}

#[test]
fn utf16_and_utf32_in_both_byte_orders_with_and_without_a_mark() {
    for (label, width) in [("UTF-16", 2), ("UTF-32", 4)] {
        for big_endian in [false, true] {
            for with_mark in [false, true] {
                let body = unicode_feed(label, width, big_endian, with_mark);
                let feed = parse(&body, Some("application/atom+xml"));
                let case = format!("{label} big-endian {big_endian} mark {with_mark}");
                assert_eq!(feed.title, "Ελληνικά νέα — ünïcödé ✓", "{case}");
                assert_eq!(feed.items[0].title, "Ζήτω 😀", "{case}");
                assert_eq!(
                    feed.items[0].link.as_ref().map(url::Url::as_str),
                    Some("https://nea.example/zito"),
                    "{case}"
                );
            }
        }
    }
}

#[test]
fn the_declaration_names_the_encoding_when_the_header_does_not() {
    let text = String::from_utf8(fixture("cyrillic.xml")).unwrap().replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"koi8-r\"?>",
    );
    let (body, _, _) = encoding_rs::KOI8_R.encode(&text);
    assert_reads_the_cyrillic_feed(&body, "application/xml");
}
