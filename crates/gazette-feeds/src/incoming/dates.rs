//! Reading the dates feeds write, which are often not quite what their format says.
//!
//! RSS uses RFC 822 dates, Atom and JSON Feed RFC 3339; in the wild both come with the
//! wrong weekday, full month names, `UTC` or local zone abbreviations, a space instead of
//! `T`, or no zone at all. What can be read is read (an unknown zone abbreviation or a
//! missing zone counts as UTC); what cannot is recorded, so that the item is kept without
//! that date and the source's log says which date was dropped.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The dates, as written, that could not be read during one parse.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnreadDates(Arc<Mutex<Vec<String>>>);

impl UnreadDates {
    /// A date parser for feed-rs that records here each date it cannot read.
    pub(crate) fn recording_parser(
        &self,
    ) -> impl Fn(&str) -> Option<DateTime<Utc>> + Send + Sync + 'static {
        let unread = Arc::clone(&self.0);
        move |text: &str| {
            let parsed = parse_date(text);
            if parsed.is_none() && !text.trim().is_empty() {
                unread
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(text.trim().to_owned());
            }
            parsed
        }
    }

    /// The dates recorded so far.
    pub(crate) fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// `text` read as an RFC 3339 or RFC 822 date, leniently; `None` if it is neither.
pub(crate) fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    parse_rfc3339_leniently(text)
        .or_else(|| parse_rfc822_leniently(text))
        .map(|instant| instant.with_timezone(&Utc))
}

/// RFC 3339 and its looser ISO 8601 cousins: a space for `T`, a lower-case `z`, no
/// seconds, no zone (UTC), or a date alone (midnight UTC).
fn parse_rfc3339_leniently(text: &str) -> Option<DateTime<FixedOffset>> {
    const WITH_ZONE: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
    ];
    const WITHOUT_ZONE: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"];
    if !text.starts_with(|character: char| character.is_ascii_digit()) {
        return None;
    }
    let mut normalised = text.to_ascii_uppercase();
    if normalised.len() > 10 && normalised.as_bytes()[10] == b' ' {
        normalised.replace_range(10..11, "T");
    }
    if normalised.ends_with('Z') {
        normalised.truncate(normalised.len() - 1);
        normalised.push_str("+00:00");
    }
    WITH_ZONE
        .iter()
        .find_map(|format| DateTime::parse_from_str(&normalised, format).ok())
        .or_else(|| {
            WITHOUT_ZONE
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(&normalised, format).ok())
                .or_else(|| {
                    NaiveDate::parse_from_str(&normalised, "%Y-%m-%d")
                        .ok()?
                        .and_hms_opt(0, 0, 0)
                })
                .map(|naive| naive.and_utc().fixed_offset())
        })
}

/// RFC 822 and RFC 2822 dates, forgiving a wrong or missing weekday, full month names,
/// `UTC`, and zone abbreviations chrono does not know (taken as UTC).
fn parse_rfc822_leniently(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(parsed) = DateTime::parse_from_rfc2822(text) {
        return Some(parsed);
    }
    let without_weekday = match text.split_once(',') {
        Some((weekday, rest)) if weekday.chars().all(char::is_alphabetic) => rest.trim(),
        _ => text,
    };
    let mut words: Vec<String> = without_weekday
        .split_whitespace()
        .map(|word| shorten_month(word).unwrap_or(word).to_owned())
        .collect();
    let zone_is_named = words.last().is_some_and(|zone| {
        zone.chars()
            .all(|character| character.is_ascii_alphabetic())
    });
    if zone_is_named {
        if let Some(zone) = words.last_mut().filter(|zone| {
            !matches!(
                zone.as_str(),
                "GMT" | "UT" | "EST" | "EDT" | "CST" | "CDT" | "MST" | "MDT" | "PST" | "PDT"
            )
        }) {
            "+0000".clone_into(zone);
        }
    } else if words.len() == 4 {
        words.push("+0000".to_owned());
    }
    DateTime::parse_from_rfc2822(&words.join(" ")).ok()
}

/// The three-letter form of a full English month name.
fn shorten_month(word: &str) -> Option<&'static str> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const SHORT: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let lower = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|month| {
            *month == lower || (lower.len() >= 4 && month.starts_with(lower.as_str()))
        })
        .map(|index| SHORT[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        parse_date(text).map_or_else(|| "unread".to_owned(), |instant| instant.to_rfc3339())
    }

    #[test]
    fn reads_the_standard_forms() {
        assert_eq!(
            utc("Wed, 24 Apr 2024 09:30:00 +0200"),
            "2024-04-24T07:30:00+00:00"
        );
        assert_eq!(
            utc("Wed, 24 Apr 2024 09:30:00 GMT"),
            "2024-04-24T09:30:00+00:00"
        );
        assert_eq!(utc("2024-04-24T09:30:00Z"), "2024-04-24T09:30:00+00:00");
        assert_eq!(
            utc("2024-04-24T09:30:00.5-05:00"),
            "2024-04-24T14:30:00.500+00:00"
        );
    }

    #[test]
    fn forgives_the_usual_mistakes() {
        assert_eq!(
            utc("Mon, 24 Apr 2024 09:30:00 GMT"),
            "2024-04-24T09:30:00+00:00"
        );
        assert_eq!(
            utc("Wednesday, 24 April 2024 09:30:00 UTC"),
            "2024-04-24T09:30:00+00:00"
        );
        assert_eq!(
            utc("24 Apr 2024 09:30:00 CEST"),
            "2024-04-24T09:30:00+00:00"
        );
        assert_eq!(utc("24 Apr 2024 09:30"), "2024-04-24T09:30:00+00:00");
        assert_eq!(utc("2024-04-24 09:30:00"), "2024-04-24T09:30:00+00:00");
        assert_eq!(utc("2024-04-24"), "2024-04-24T00:00:00+00:00");
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(utc("yesterday"), "unread");
        assert_eq!(utc("2024-13-45"), "unread");
        assert_eq!(utc("Wed, 31 Foo 2024 09:30:00 GMT"), "unread");
    }

    #[test]
    fn records_what_it_cannot_read() {
        let unread = UnreadDates::default();
        let parser = unread.recording_parser();
        assert!(parser("not a date").is_none());
        assert!(parser("2024-04-24").is_some());
        assert_eq!(unread.take(), ["not a date"]);
    }
}
