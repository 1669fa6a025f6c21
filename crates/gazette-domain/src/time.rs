//! Instants in time as Gazette stores them: UTC, with microsecond precision.
//!
//! Both databases keep microseconds (SQLite as an integer, PostgreSQL as `timestamptz`), so
//! every [`Timestamp`] is truncated to whole microseconds when it is made. That way a value
//! read back from storage compares equal to the one that was written.

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A UTC instant with microsecond precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(jiff::Timestamp);

/// A number of microseconds that lies outside the range of representable instants.
#[derive(Debug, thiserror::Error)]
#[error("{0} microseconds since 1970 is outside the supported range of dates")]
pub struct TimestampOutOfRange(pub i64);

impl Timestamp {
    /// The current instant.
    pub fn now() -> Self {
        Self::from_jiff(jiff::Timestamp::now())
    }

    /// Wraps a jiff timestamp, dropping anything finer than a microsecond.
    pub fn from_jiff(instant: jiff::Timestamp) -> Self {
        let micros = instant.as_microsecond();
        Self(jiff::Timestamp::from_microsecond(micros).unwrap_or(instant))
    }

    /// Builds an instant from microseconds since the Unix epoch.
    pub fn from_microseconds(micros: i64) -> Result<Self, TimestampOutOfRange> {
        jiff::Timestamp::from_microsecond(micros)
            .map(Self)
            .map_err(|_| TimestampOutOfRange(micros))
    }

    /// Microseconds since the Unix epoch.
    pub fn as_microseconds(self) -> i64 {
        self.0.as_microsecond()
    }

    /// The underlying jiff timestamp.
    pub fn as_jiff(self) -> jiff::Timestamp {
        self.0
    }

    /// This instant as a date and time in `zone`.
    pub fn in_zone(self, zone: &TimeZone) -> jiff::ZonedDateTime {
        self.0.to_zoned_datetime(zone.clone())
    }

    /// This instant moved by a whole number of seconds (negative moves it back), saturating
    /// at the ends of the supported range.
    #[must_use]
    pub fn plus_seconds(self, seconds: i64) -> Self {
        let micros = self
            .as_microseconds()
            .saturating_add(seconds.saturating_mul(1_000_000));
        Self::from_microseconds(micros).unwrap_or(self)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = jiff::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse::<jiff::Timestamp>().map(Self::from_jiff)
    }
}

/// Reads a date or date-time typed by a person, as the CLI accepts them.
///
/// Accepts an RFC 3339 instant (`2024-04-24T09:30:00Z`, `2024-04-24T09:30:00+02:00`), a
/// civil date-time (`2024-04-24T09:30` or `2024-04-24 09:30`) or a bare date (`2024-04-24`,
/// taken as midnight). Civil forms are read in `zone`, the site's time zone.
pub fn parse_human_instant(text: &str, zone: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Ok(Timestamp::from_jiff(instant));
    }
    let civil = text
        .replacen(' ', "T", 1)
        .parse::<jiff::civil::DateTime>()
        .or_else(|_| {
            text.parse::<jiff::civil::Date>()
                .map(|date| date.to_datetime(jiff::civil::Time::midnight()))
        });
    match civil {
        Ok(datetime) => zone
            .to_ambiguous_zoned_datetime(datetime)
            .compatible()
            .map(|zoned| Timestamp::from_jiff(zoned.timestamp()))
            .map_err(|error| {
                format!("`{text}` is not a time that exists in the site's time zone: {error}")
            }),
        Err(_) => Err(format!(
            "`{text}` is not a date: write it as 2024-04-24, 2024-04-24 09:30 or 2024-04-24T09:30:00Z"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_to_microseconds_so_storage_round_trips() {
        let precise = jiff::Timestamp::from_nanosecond(1_700_000_000_123_456_789).unwrap();
        let stamp = Timestamp::from_jiff(precise);
        assert_eq!(stamp.as_microseconds(), 1_700_000_000_123_456);
        assert_eq!(
            Timestamp::from_microseconds(stamp.as_microseconds()).unwrap(),
            stamp
        );
    }

    #[test]
    fn parses_the_forms_people_type() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let utc = parse_human_instant("2024-04-24T09:30:00Z", &paris).unwrap();
        assert_eq!(utc.to_string(), "2024-04-24T09:30:00Z");
        let civil = parse_human_instant("2024-04-24 11:30", &paris).unwrap();
        assert_eq!(civil, utc);
        let date = parse_human_instant("2024-04-24", &paris).unwrap();
        assert_eq!(date.to_string(), "2024-04-23T22:00:00Z");
        let error = parse_human_instant("yesterday", &paris).unwrap_err();
        assert!(error.contains("is not a date"), "{error}");
    }
}
