//! WordPress's dates: `YYYY-MM-DD HH:MM:SS`, without a zone, which an export gives twice —
//! in the site's zone and in GMT — and `0000-00-00 00:00:00` for "never".

use jiff::civil::{Date, DateTime, Time};

/// Reads a WordPress date; `None` for the zero date, an empty value or anything else that
/// is not one.
pub fn parse_date(text: &str) -> Option<DateTime> {
    let text = text.trim();
    let (date, time) = text.split_once(' ').unwrap_or((text, "00:00:00"));
    let mut date_parts = date.splitn(3, '-');
    let year: i16 = date_parts.next()?.parse().ok()?;
    let month: i8 = date_parts.next()?.parse().ok()?;
    let day: i8 = date_parts.next()?.parse().ok()?;
    let mut time_parts = time.trim().splitn(3, ':');
    let hour: i8 = time_parts.next()?.parse().ok()?;
    let minute: i8 = time_parts.next()?.parse().ok()?;
    let second: i8 = time_parts.next().unwrap_or("0").parse().ok()?;
    if year == 0 {
        return None;
    }
    let date = Date::new(year, month, day).ok()?;
    let time = Time::new(hour, minute, second, 0).ok()?;
    Some(DateTime::from_parts(date, time))
}

/// Writes a date as WordPress does; the zero date for `None`.
pub fn format_date(date: Option<DateTime>) -> String {
    date.map_or_else(
        || "0000-00-00 00:00:00".to_owned(),
        |date| date.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_wordpress_dates() {
        let date = parse_date("2024-04-24 09:05:07").unwrap();
        assert_eq!(date.to_string(), "2024-04-24T09:05:07");
        assert_eq!(format_date(Some(date)), "2024-04-24 09:05:07");
        assert_eq!(parse_date(" 2024-04-24 ").unwrap().hour(), 0);
    }

    #[test]
    fn the_zero_date_and_nonsense_are_none() {
        assert_eq!(parse_date("0000-00-00 00:00:00"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2024-02-30 10:00:00"), None);
        assert_eq!(format_date(None), "0000-00-00 00:00:00");
    }
}
