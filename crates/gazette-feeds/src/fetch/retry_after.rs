//! Reading a `Retry-After` header: a number of seconds, or an HTTP date.

use gazette_domain::Timestamp;
use std::time::UNIX_EPOCH;

/// The longest wait a number of seconds is read as: a year.
const LONGEST_DELAY_SECONDS: i64 = 366 * 24 * 60 * 60;

/// When the server asked to be asked again, from a `Retry-After` value received at `now`.
///
/// A date in the past means "now"; a number of seconds longer than a year means a year.
/// A value that is neither a number of seconds nor an HTTP date is ignored, as if the
/// header were missing.
pub(crate) fn parse_retry_after(value: &str, now: Timestamp) -> Option<Timestamp> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        let seconds = value
            .parse::<i64>()
            .map_or(LONGEST_DELAY_SECONDS, |seconds| {
                seconds.min(LONGEST_DELAY_SECONDS)
            });
        return Some(now.plus_seconds(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let micros = match date.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_micros()).unwrap_or(i64::MAX),
        Err(_) => return Some(now),
    };
    let at = Timestamp::from_microseconds(micros).ok()?;
    Some(at.max(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn seconds_count_from_now() {
        let now = at("2024-04-24T09:30:00Z");
        assert_eq!(
            parse_retry_after("120", now),
            Some(at("2024-04-24T09:32:00Z"))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(now));
    }

    #[test]
    fn all_three_http_date_forms_are_read() {
        let now = at("1994-11-01T00:00:00Z");
        let expected = Some(at("1994-11-06T08:49:37Z"));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            expected
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            expected
        );
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", now), expected);
    }

    #[test]
    fn a_date_in_the_past_means_now() {
        let now = at("2024-04-24T09:30:00Z");
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(now)
        );
    }

    #[test]
    fn anything_else_is_ignored() {
        let now = at("2024-04-24T09:30:00Z");
        for value in ["", "soon", "-5", "1.5", "Tomorrow, 25 Apr 2024"] {
            assert_eq!(parse_retry_after(value, now), None, "{value:?}");
        }
    }

    #[test]
    fn a_wait_longer_than_a_year_is_a_year() {
        let now = at("2024-04-24T09:30:00Z");
        let year_later = Some(at("2025-04-25T09:30:00Z"));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            year_later
        );
        assert_eq!(parse_retry_after("31622400", now), year_later);
        assert_eq!(parse_retry_after("31622401", now), year_later);
    }
}
