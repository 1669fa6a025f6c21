//! The feedparser corpus: every `Expect:` line translated into checks, run against
//! Gazette's reader and against feed-rs alone (no pre-pass), both counts printed.
//!
//! The corpus lives outside the repository (`../shared/corpora/feedparser` from its
//! root). Without it the test says so and passes, unless `GAZETTE_REQUIRE_CORPORA=1`.
//! The floors below are the counts measured when this reader was written: a change that
//! passes fewer checks fails.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike as _, Timelike as _};
use gazette_feeds::incoming::SYNDICATED_LINK_REL;
use gazette_feeds::parse_feed;
use url::Url;

use crate::expectation::{Check, EntryField, Expected, Field, translate};

/// Checks Gazette's reader passed when last measured.
const GAZETTE_FLOOR: usize = 671;
/// Checks feed-rs alone passed when last measured.
const FEED_RS_FLOOR: usize = 659;

/// Where feedparser's test server served the corpus from: relative addresses in the
/// expectations are resolved against it.
const CORPUS_ORIGIN: &str = "http://127.0.0.1:8097/tests/";

/// What a reader made of a document, in the terms the checks use.
#[derive(Debug, Default)]
struct View {
    title: Option<String>,
    link: Option<String>,
    description: Option<String>,
    entries: Vec<EntryView>,
}

#[derive(Debug, Default)]
struct EntryView {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    published: Option<[i64; 6]>,
    updated: Option<[i64; 6]>,
    authors: Vec<String>,
    categories: Vec<String>,
}

/// One corpus document with what its header says.
struct Document {
    name: String,
    body: Vec<u8>,
    expectation: String,
    feed_url: Url,
    content_type: Option<String>,
}

#[derive(Debug, Default)]
struct Tally {
    documents: usize,
    expressions_not_understood: usize,
    checks_not_understood: usize,
    checks: usize,
    gazette: usize,
    feed_rs: usize,
    gazette_documents: usize,
    feed_rs_documents: usize,
}

#[test]
fn the_feedparser_corpus() {
    let folder =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/feedparser");
    if !folder.is_dir() {
        let required = std::env::var("GAZETTE_REQUIRE_CORPORA").is_ok_and(|value| value == "1");
        assert!(
            !required,
            "GAZETTE_REQUIRE_CORPORA=1 but {} is missing",
            folder.display()
        );
        report(&format!(
            "SKIPPED the feedparser corpus test: {} is absent",
            folder.display()
        ));
        return;
    }
    let mut tally = Tally::default();
    for document in documents(&folder) {
        tally.documents += 1;
        let Some(checks) = translate(&document.expectation) else {
            tally.expressions_not_understood += 1;
            continue;
        };
        let gazette = gazette_view(&document);
        let feed_rs = feed_rs_view(&document);
        let mut all = (true, true);
        for check in &checks {
            let (ours, theirs) = match check {
                Check::NotUnderstood(_) => {
                    tally.checks_not_understood += 1;
                    continue;
                }
                check => (
                    passes(check, gazette.as_ref()),
                    passes(check, feed_rs.as_ref()),
                ),
            };
            tally.checks += 1;
            tally.gazette += usize::from(ours);
            tally.feed_rs += usize::from(theirs);
            all = (all.0 && ours, all.1 && theirs);
            if std::env::var_os("GAZETTE_CORPUS_VERBOSE").is_some() && ours != theirs {
                let got = gazette.as_ref().map(|view| match check {
                    Check::Equals(field, Expected::Date(_)) => {
                        format!("{:?}", date_of(view, *field))
                    }
                    Check::Equals(field, Expected::Text(_)) => {
                        format!("{:?}", text_of(view, *field))
                    }
                    _ => String::new(),
                });
                let winner = if ours { "Gazette only" } else { "feed-rs only" };
                report(&format!(
                    "{winner}: {}: {check:?}; Gazette got {got:?}",
                    document.name
                ));
            }
        }
        tally.gazette_documents += usize::from(all.0);
        tally.feed_rs_documents += usize::from(all.1);
    }
    report(&format!(
        "feedparser corpus: {} documents, {} checks translated; passed by Gazette {} ({} documents \
         wholly), by feed-rs alone {} ({} documents wholly); not understood: {} expressions, {} checks",
        tally.documents,
        tally.checks,
        tally.gazette,
        tally.gazette_documents,
        tally.feed_rs,
        tally.feed_rs_documents,
        tally.expressions_not_understood,
        tally.checks_not_understood,
    ));
    assert!(
        tally.documents > 600,
        "the corpus should hold 631 documents: {tally:?}"
    );
    assert!(
        tally.gazette >= tally.feed_rs,
        "Gazette's reader must do at least as well as feed-rs alone: {tally:?}"
    );
    assert!(
        tally.gazette >= GAZETTE_FLOOR,
        "fewer checks pass than the floor {GAZETTE_FLOOR}: {tally:?}"
    );
    assert!(
        tally.feed_rs >= FEED_RS_FLOOR,
        "feed-rs alone passes fewer than its floor {FEED_RS_FLOOR}: {tally:?}"
    );
}

/// A line that cargo's capture does not swallow, so the figures show in every run.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The corpus documents, in a stable order, with their headers read.
fn documents(folder: &Path) -> Vec<Document> {
    let mut paths = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "xml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let body = std::fs::read(&path).unwrap();
            let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).into_owned();
            let header = |name: &str| {
                head.lines().find_map(|line| {
                    line.trim()
                        .strip_prefix(name)
                        .map(|rest| rest.trim().to_owned())
                })
            };
            let expectation = header("Expect:")?;
            let relative = path.strip_prefix(folder).ok()?;
            let mut feed_url = Url::parse(CORPUS_ORIGIN)
                .unwrap()
                .join(&relative.to_string_lossy())
                .unwrap();
            let mut content_type = None;
            for line in head.lines() {
                let Some(field) = line.trim().strip_prefix("Header:") else {
                    continue;
                };
                let Some((name, value)) = field.split_once(':') else {
                    continue;
                };
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-location" => feed_url = feed_url.join(value.trim()).unwrap(),
                    "content-type" => content_type = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            Some(Document {
                name: relative.display().to_string(),
                body,
                expectation,
                feed_url,
                content_type,
            })
        })
        .collect()
}

fn passes(check: &Check, view: Option<&View>) -> bool {
    let Some(view) = view else {
        return false;
    };
    let Check::Equals(field, expected) = check else {
        return matches!(check, Check::ReadsCleanly);
    };
    match expected {
        Expected::Text(expected) => text_of(view, *field).is_some_and(|actual| actual == *expected),
        Expected::Date(expected) => date_of(view, *field).is_some_and(|actual| actual == *expected),
    }
}

fn text_of(view: &View, field: Field) -> Option<String> {
    let Field::Entry(index, entry_field) = field else {
        return match field {
            Field::FeedTitle => view.title.clone(),
            Field::FeedLink => view.link.clone(),
            _ => view.description.clone(),
        };
    };
    let entry = view.entries.get(index)?;
    match entry_field {
        EntryField::Title => entry.title.clone(),
        EntryField::Link => entry.link.clone(),
        EntryField::Id => entry.id.clone(),
        // Gazette marks every link it keeps; feedparser does not.
        EntryField::Summary => entry.summary.as_ref().map(|html| without_our_rel(html)),
        EntryField::Content => entry.content.as_ref().map(|html| without_our_rel(html)),
        EntryField::Author(author) => entry.authors.get(author).cloned(),
        EntryField::Category(category) => entry.categories.get(category).cloned(),
        EntryField::Published | EntryField::Updated => None,
    }
}

fn without_our_rel(html: &str) -> String {
    html.replace(&format!(" rel=\"{SYNDICATED_LINK_REL}\""), "")
}

fn date_of(view: &View, field: Field) -> Option<[i64; 6]> {
    match field {
        Field::Entry(index, EntryField::Published) => view.entries.get(index)?.published,
        Field::Entry(index, EntryField::Updated) => view.entries.get(index)?.updated,
        _ => None,
    }
}

fn gazette_view(document: &Document) -> Option<View> {
    let feed = parse_feed(
        &document.body,
        document.content_type.as_deref(),
        &document.feed_url,
    )
    .ok()?;
    let date = |instant: gazette_domain::Timestamp| {
        chrono::DateTime::from_timestamp_micros(instant.as_microseconds()).map(date_parts)
    };
    Some(View {
        title: Some(feed.title),
        link: feed.home_page.map(String::from),
        description: Some(feed.description),
        entries: feed
            .items
            .into_iter()
            .map(|item| EntryView {
                title: Some(item.title),
                link: item.link.map(String::from),
                id: item.guid,
                summary: item.summary_html,
                content: Some(item.content_html),
                published: item.published.and_then(date),
                updated: item.updated.and_then(date),
                authors: item.authors,
                categories: item.categories,
            })
            .collect(),
    })
}

fn feed_rs_view(document: &Document) -> Option<View> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(document.feed_url.as_str()))
        .build()
        .parse(document.body.as_slice())
        .ok()?;
    let first_link = |links: &[feed_rs::model::Link]| {
        links
            .iter()
            .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
            .map(|link| link.href.clone())
    };
    Some(View {
        title: feed.title.map(|text| text.content),
        link: first_link(&feed.links),
        description: feed.description.map(|text| text.content),
        entries: feed
            .entries
            .into_iter()
            .map(|entry| EntryView {
                title: entry.title.map(|text| text.content),
                link: first_link(&entry.links),
                id: Some(entry.id),
                summary: entry.summary.map(|text| text.content),
                content: entry.content.and_then(|content| content.body),
                published: entry.published.map(date_parts),
                updated: entry.updated.map(date_parts),
                authors: entry
                    .authors
                    .into_iter()
                    .filter_map(|person| person.name)
                    .collect(),
                categories: entry
                    .categories
                    .into_iter()
                    .map(|category| category.term)
                    .collect(),
            })
            .collect(),
    })
}

fn date_parts(instant: chrono::DateTime<chrono::Utc>) -> [i64; 6] {
    [
        i64::from(instant.year()),
        i64::from(instant.month()),
        i64::from(instant.day()),
        i64::from(instant.hour()),
        i64::from(instant.minute()),
        i64::from(instant.second()),
    ]
}
