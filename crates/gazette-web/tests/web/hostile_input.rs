//! The hostile-input corpus (`hostile_comments.toml`), posted through the real comment form:
//! each case is either refused with a message on its field and the input kept, or stored
//! and shown inert to every reader.

use crate::support::*;
use gazette_test_support::app_tests;
use scraper::Html;
use serde::Deserialize;
use std::fmt::Write as _;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    field: String,
    value: Option<String>,
    value_bytes_hex: Option<String>,
    repeat: Option<usize>,
    expect: String,
}

impl Case {
    /// The value as sent, percent-encoded for the form body.
    fn encoded(&self) -> String {
        if let Some(hex) = &self.value_bytes_hex {
            let bytes: Vec<u8> = hex
                .split_whitespace()
                .map(|pair| u8::from_str_radix(pair, 16).unwrap())
                .collect();
            let once = bytes.iter().fold(String::new(), |mut encoded, byte| {
                write!(encoded, "%{byte:02X}").unwrap();
                encoded
            });
            return once.repeat(self.repeat.unwrap_or(1));
        }
        let value = self.text_value().unwrap();
        url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
    }

    /// The value as text, when it was given as text.
    fn text_value(&self) -> Option<String> {
        self.value
            .as_ref()
            .map(|value| value.repeat(self.repeat.unwrap_or(1)))
    }
}

fn corpus() -> Vec<Case> {
    let text = include_str!("hostile_comments.toml");
    toml::from_str::<Corpus>(text).unwrap().case
}

/// Nothing on the page can run or load anything, and its structure is whole. The one
/// script element a page may have is the article's JSON-LD in the head, which is data.
fn assert_inert(html: &Html, case: &str) {
    assert!(
        select(
            html,
            "iframe, object, embed, svg, math, style, base, meta[http-equiv], link[rel=import]"
        )
        .is_empty(),
        "{case}: an active element got through"
    );
    let scripts = select(html, "script").len();
    assert!(
        scripts <= 1 && scripts == select(html, "head > script[type='application/ld+json']").len(),
        "{case}: a script element got through"
    );
    for element in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "{case}: an event handler attribute got through"
            );
            if matches!(name, "href" | "src" | "action" | "formaction") {
                let lowered = value.trim().to_lowercase();
                assert!(
                    !lowered.starts_with("javascript:")
                        && !lowered.starts_with("data:")
                        && !lowered.starts_with("vbscript:"),
                    "{case}: {name}={value}"
                );
            }
        }
    }
    assert_eq!(
        select(html, "form").len(),
        2,
        "{case}: only the comment form and the site's search"
    );
    assert_eq!(select(html, "header > form.site-search").len(), 1, "{case}");
    assert_eq!(select(html, "#respond").len(), 1, "{case}");
    assert_eq!(select(html, ".comments-title").len(), 1, "{case}");
    assert_eq!(select(html, "main").len(), 1, "{case}");
}

app_tests! {
    async fn every_hostile_input_is_refused_with_its_input_kept_or_stored_inert(site: TestApp) {
        let cases = corpus();
        assert!(cases.len() >= 100, "the corpus holds at least 100 cases");
        let article = publish(&site, "Hostile input").await;
        let path = path_of(&article);
        for (name, value) in [("comment_rate_limit_per_hour", "0"), ("comment_flood_seconds", "0"), ("hold_first_time_commenters", "false"), ("comments_per_page", "500"), ("hold_link_count", "0")] {
            site.app.change_setting(name, value).await.unwrap();
        }
        let mut stored = 0;
        for (number, case) in cases.iter().enumerate() {
            let mut fields: Vec<(String, String)> = vec![
                ("comment".into(), url::form_urlencoded::byte_serialize(format!("Case {number}: {}", case.name).as_bytes()).collect()),
                ("author".into(), "Hostile Tester".into()),
                ("email".into(), format!("case{number}%40example.com")),
                ("url".into(), String::new()),
            ];
            let slot = fields.iter_mut().find(|(field, _)| *field == case.field).unwrap_or_else(|| panic!("{}: unknown field {}", case.name, case.field));
            slot.1 = case.encoded();
            let token = site.form_token_on(&path).await.unwrap();
            fields.push(("gazette_form_token".into(), url::form_urlencoded::byte_serialize(token.as_bytes()).collect()));
            site.app.clock().advance(20);
            let body = fields.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&");
            let response = site.post_encoded_form(&path, body).await;
            match case.expect.as_str() {
                "stored" => {
                    assert_eq!(response.status, 303, "{}: {}", case.name, response.body.chars().take(300).collect::<String>());
                    stored += 1;
                    let page = site.get(&path).await;
                    let html = page.html();
                    assert_inert(&html, &case.name);
                    assert_eq!(select(&html, ".comment").len(), stored, "{}: every stored comment is shown, none swallowed others", case.name);
                }
                "refused" => {
                    assert_eq!(response.status, 422, "{}", case.name);
                    let html = response.html();
                    assert_inert(&html, &case.name);
                    let error = select(&html, &format!("#{}-error", case.field));
                    assert_eq!(error.len(), 1, "{}: a message next to the field", case.name);
                    if let Some(value) = case.text_value().filter(|value| !value.contains(['\r', '\0'])) {
                        let kept = if case.field == "comment" {
                            text(one(&html, "textarea#comment"))
                        } else {
                            one(&html, &format!("input#{}", case.field)).value().attr("value").unwrap_or_default().to_owned()
                        };
                        let expected = if case.field == "comment" { value.strip_prefix('\n').unwrap_or(&value).to_owned() } else { value.replace(['\n', '\t'], "") };
                        let kept = if case.field == "comment" { kept } else { kept.replace(['\n', '\t'], "") };
                        assert!(kept.trim() == expected.trim(), "{}: what was typed is kept", case.name);
                    }
                }
                other => panic!("{}: unknown expectation {other}", case.name),
            }
        }
        assert!(stored > 50);
    }
}
