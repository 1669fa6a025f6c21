//! Broken feeds feed-rs alone refuses or misreads, each read after its repair, and the
//! repair listed for the source's log.

use gazette_domain::Timestamp;
use gazette_feeds::incoming::Repair;

use crate::support::{fixture, parse, repaired};

#[test]
fn rss_without_a_version_is_read_as_rss_2() {
    let body = fixture("rss_without_version.xml");
    assert!(
        feed_rs::parser::parse(body.as_slice()).is_err(),
        "feed-rs alone refuses it"
    );
    let feed = parse(&body, None);
    assert_eq!(feed.title, "Parish Notes");
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].key.as_str(), "guid:parish-2024-17");
    assert_eq!(feed.repairs, [Repair::RssVersionAssumed { found: None }]);
}

#[test]
fn bare_ampersands_html_entities_and_stray_signs_are_repaired() {
    let body = fixture("broken_entities.xml");
    assert!(
        feed_rs::parser::parse(body.as_slice()).is_err(),
        "feed-rs alone refuses it"
    );
    let feed = parse(&body, None);
    assert_eq!(feed.title, "Fish & Chips Weekly");
    assert_eq!(
        feed.home_page.as_ref().unwrap().as_str(),
        "https://chips.example/?a=1&b=2"
    );
    assert_eq!(feed.description, "News from the café — since 1999 © & more");
    let first = &feed.items[0];
    assert_eq!(first.title, "Salt & vinegar … or not?");
    assert_eq!(
        first.link.as_ref().unwrap().as_str(),
        "https://chips.example/story?id=7&utm_source=rss&ref=home"
    );
    assert_eq!(
        first.content_html,
        "<p>Raw &amp; unescaped in CDATA stays as it is: &nbsp;</p>"
    );
    assert_eq!(first.categories, ["Food & Drink"]);
    assert_eq!(feed.items[1].title, "Prices – up again; 3 < 4");
    for expected in [
        Repair::BareAmpersandsEscaped { count: 6 },
        Repair::HtmlEntitiesReplaced { count: 5 },
        Repair::BareLessThanSignsEscaped { count: 1 },
        Repair::CharacterReferencesReplaced { count: 1 },
    ] {
        assert!(
            feed.repairs.contains(&expected),
            "{expected:?} not in {:?}",
            feed.repairs
        );
    }
}

#[test]
fn one_bad_date_is_dropped_and_the_rest_kept() {
    let feed = parse(&fixture("one_bad_date.xml"), None);
    let dates: Vec<Option<Timestamp>> = feed.items.iter().map(|item| item.published).collect();
    assert_eq!(
        dates,
        [
            Some("2024-04-24T09:30:00Z".parse().unwrap()),
            None,
            Some("2024-04-25T10:00:00Z".parse().unwrap()),
        ]
    );
    assert_eq!(feed.items[1].title, "Second");
    assert_eq!(
        feed.repairs,
        [Repair::DateDropped {
            text: "the day before yesterday".to_owned()
        }]
    );
}

#[test]
fn json_feed() {
    let feed = parse(&fixture("json_feed.json"), Some("application/feed+json"));
    assert_eq!(feed.title, "Wire Copy");
    assert_eq!(
        feed.home_page.as_ref().unwrap().as_str(),
        "https://wire.example/"
    );
    assert_eq!(feed.description, "Stories for republication");
    let harbour = &feed.items[0];
    assert_eq!(harbour.key.as_str(), "guid:wire-2024-0424-1");
    assert_eq!(
        harbour.link.as_ref().unwrap().as_str(),
        "https://wire.example/2024/04/24/harbour"
    );
    assert_eq!(
        harbour.content_html,
        r#"<p>The harbour <a href="https://wire.example/ports" rel="nofollow noopener noreferrer">reopened</a> today.</p>"#
    );
    assert_eq!(
        harbour.summary_html.as_deref(),
        Some("<p>The harbour is open again.</p>")
    );
    assert_eq!(
        harbour.published,
        Some("2024-04-24T07:30:00Z".parse().unwrap())
    );
    assert_eq!(
        harbour.updated,
        Some("2024-04-24T09:00:00Z".parse().unwrap())
    );
    assert_eq!(harbour.authors, ["Ines Ortega"]);
    assert_eq!(harbour.categories, ["Ports", "Economy"]);
    assert_eq!(
        harbour.image.as_ref().unwrap().as_str(),
        "https://wire.example/images/harbour.jpg"
    );
    let ferry = &feed.items[1];
    assert_eq!(
        ferry.link.as_ref().unwrap().as_str(),
        "https://wire.example/2024/04/24/ferry"
    );
    assert_eq!(
        ferry.image.as_ref().unwrap().as_str(),
        "https://wire.example/media/ferry.png"
    );
    assert_eq!(
        ferry.content_html,
        "<p>Ferries leave at 8 &amp; 10.</p><p>Tickets on board.</p>"
    );
    assert!(feed.repairs.is_empty());
}

#[test]
fn atom_with_xml_base() {
    let feed = parse(&fixture("atom_xml_base.xml"), None);
    assert_eq!(feed.title, "The Long Read");
    assert_eq!(feed.description, "Essays & reports");
    assert_eq!(
        feed.home_page.as_ref().unwrap().as_str(),
        "https://magazine.example/"
    );
    let rivers = &feed.items[0];
    assert_eq!(
        rivers.link.as_ref().unwrap().as_str(),
        "https://magazine.example/2024/04/rivers.html"
    );
    assert_eq!(
        rivers.content_html,
        concat!(
            r#"<p><img src="https://cdn.magazine.example/essays/rivers/map.png" alt="Map"> See "#,
            r#"<a href="https://cdn.magazine.example/essays/lakes/" rel="nofollow noopener noreferrer">lakes</a>.</p>"#
        )
    );
    assert_eq!(
        rivers.summary_html.as_deref(),
        Some("<p>Where the water goes &amp; why.</p>")
    );
    assert_eq!(
        rivers.image.as_ref().unwrap().as_str(),
        "https://magazine.example/2024/04/rivers.jpg"
    );
    assert_eq!(
        rivers.published,
        Some("2024-04-24T09:30:00Z".parse().unwrap())
    );
    assert_eq!(
        rivers.updated,
        Some("2024-04-25T10:00:00Z".parse().unwrap())
    );
    assert_eq!(rivers.authors, ["Ann Author"]);
    assert_eq!(rivers.categories, ["Nature"]);
    let lakes = &feed.items[1];
    assert_eq!(lakes.title, "Lakes too");
    assert_eq!(
        lakes.content_html,
        r#"<p>See <a href="https://magazine.example/2024/04/rivers.html" rel="nofollow noopener noreferrer">rivers</a>.</p>"#
    );
    assert!(!repaired(&feed, |_| true), "{:?}", feed.repairs);
}
