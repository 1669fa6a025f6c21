//! Gazette's timestamps as the feed formats write them.
//!
//! The feed libraries speak chrono, so the conversion from [`Timestamp`] to chrono happens
//! here and nowhere else. Feeds carry whole seconds: RFC 822 dates cannot say more, and
//! RSS and Atom then agree to the second.

use chrono::{DateTime, FixedOffset, Utc};
use gazette_domain::Timestamp;

/// 0001-01-01T00:00:00Z, in seconds since the Unix epoch. Earlier instants have no
/// four-digit year and chrono refuses them in RFC 822 by panicking, so they, never
/// meaningful in a feed anyway, are written as this one.
const EARLIEST_SECOND: i64 = -62_135_596_800;

/// `instant` in UTC, truncated to the whole second.
pub(crate) fn feed_time(instant: Timestamp) -> DateTime<FixedOffset> {
    let seconds = instant
        .as_microseconds()
        .div_euclid(1_000_000)
        .max(EARLIEST_SECOND);
    // Every Timestamp lies well inside chrono's range, so the default is never used.
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .fixed_offset()
}

/// `instant` as RSS 2.0 wants dates: RFC 822 with a four-digit year, e.g.
/// `Wed, 24 Apr 2024 09:30:00 +0000`.
pub(crate) fn rfc822(instant: Timestamp) -> String {
    feed_time(instant).to_rfc2822()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_seconds_in_utc() {
        let instant: Timestamp = "2024-04-24T09:30:05.999999Z".parse().unwrap();
        assert_eq!(feed_time(instant).to_rfc3339(), "2024-04-24T09:30:05+00:00");
        assert_eq!(rfc822(instant), "Wed, 24 Apr 2024 09:30:05 +0000");
    }

    #[test]
    fn dates_before_year_one_are_written_as_year_one() {
        let ancient = Timestamp::from_microseconds(-100_000_000_000_000_000).unwrap();
        assert_eq!(rfc822(ancient), "Mon, 1 Jan 0001 00:00:00 +0000");
    }
}
