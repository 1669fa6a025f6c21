//! WordPress's times as instants. An export gives most times twice: in the old site's zone
//! and in GMT. The GMT one is taken whenever it is there; a time given only in the site's
//! zone (a draft never dated, an old comment) is read with the offset between the two that
//! the export last showed, or, before it has shown one, in this site's own zone.

use gazette_domain::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// The widest offset a time zone has, in seconds: beyond it, a difference between a time
/// and its GMT says nothing about the zone.
const WIDEST_OFFSET_SECONDS: i64 = 14 * 3600;

/// Reads the export's times, learning its zone's offset as it goes.
pub(super) struct ExportClock {
    site_zone: TimeZone,
    offset_seconds: Option<i64>,
    /// How many times' offsets the site's zone agreed with, and how many it did not.
    agreements: (u64, u64),
}

/// A civil time taken as UTC.
fn as_utc(time: DateTime) -> Option<jiff::Timestamp> {
    TimeZone::UTC.to_timestamp(time).ok()
}

impl ExportClock {
    pub(super) fn new(site_zone: TimeZone) -> Self {
        Self {
            site_zone,
            offset_seconds: None,
            agreements: (0, 0),
        }
    }

    /// The instant a WordPress time names: `gmt` when given, else `local` read in the
    /// export's zone.
    pub(super) fn instant(
        &mut self,
        local: Option<DateTime>,
        gmt: Option<DateTime>,
    ) -> Option<Timestamp> {
        if let Some(gmt) = gmt.and_then(as_utc) {
            if let Some(local) = local.and_then(as_utc) {
                let offset = local.as_second() - gmt.as_second();
                if offset.abs() <= WIDEST_OFFSET_SECONDS {
                    self.offset_seconds = Some(offset);
                    let site_offset = i64::from(self.site_zone.to_offset(gmt).seconds());
                    if site_offset == offset {
                        self.agreements.0 += 1;
                    } else {
                        self.agreements.1 += 1;
                    }
                }
            }
            return Some(Timestamp::from_jiff(gmt));
        }
        let local = local?;
        match self.offset_seconds {
            Some(offset) => as_utc(local)
                .and_then(|instant| {
                    instant
                        .checked_sub(jiff::SignedDuration::from_secs(offset))
                        .ok()
                })
                .map(Timestamp::from_jiff),
            None => self
                .site_zone
                .to_timestamp(local)
                .ok()
                .map(Timestamp::from_jiff),
        }
    }

    /// Whether most of the export's times were in another zone than the site's: dates in
    /// addresses and on pages are then the site's, not the old site's.
    pub(super) fn zones_differ(&self) -> bool {
        self.agreements.1 > self.agreements.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(text: &str) -> DateTime {
        text.parse().unwrap()
    }

    #[test]
    fn gmt_first_then_the_offset_learnt() {
        let mut clock = ExportClock::new(TimeZone::UTC);
        assert_eq!(
            clock
                .instant(
                    Some(time("2024-03-01T10:00:00")),
                    Some(time("2024-03-01T09:00:00"))
                )
                .unwrap()
                .to_string(),
            "2024-03-01T09:00:00Z"
        );
        assert_eq!(
            clock
                .instant(Some(time("2024-06-01T12:00:00")), None)
                .unwrap()
                .to_string(),
            "2024-06-01T11:00:00Z",
            "a time in the site's zone only is read with the offset the export showed"
        );
        assert!(clock.zones_differ());
        assert_eq!(clock.instant(None, None), None);
    }

    #[test]
    fn before_any_offset_the_sites_zone_reads_local_times() {
        let mut clock = ExportClock::new(TimeZone::get("Europe/Paris").unwrap());
        assert_eq!(
            clock
                .instant(Some(time("2024-07-01T12:00:00")), None)
                .unwrap()
                .to_string(),
            "2024-07-01T10:00:00Z"
        );
        clock.instant(
            Some(time("2024-07-02T12:00:00")),
            Some(time("2024-07-02T10:00:00")),
        );
        assert!(!clock.zones_differ());
    }
}
