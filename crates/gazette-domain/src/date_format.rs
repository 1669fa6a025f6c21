//! Dates written the WordPress way.
//!
//! WordPress sites describe their date and time formats with PHP's `date()` letters
//! (`F j, Y` gives `April 24, 2024`; `l, j F, Y` gives `Wednesday, 24 April, 2024`). People
//! moving a site over already know these strings, so Gazette's settings use the same
//! language. A backslash makes the next character literal (`\a\t` prints `at`); letters
//! without a meaning are printed as they are.

use jiff::ZonedDateTime;
use jiff::civil::Weekday;
use std::fmt::Write as _;

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Writes `moment` following the PHP `date()` pattern `pattern`.
pub fn format_date(moment: &ZonedDateTime, pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 3);
    let mut characters = pattern.chars();
    while let Some(letter) = characters.next() {
        if letter == '\\' {
            if let Some(literal) = characters.next() {
                out.push(literal);
            }
            continue;
        }
        write_letter(&mut out, moment, letter);
    }
    out
}

/// Checks that `pattern` is usable as a date format: not empty, not absurdly long, and
/// producing some date or time information.
pub fn validate_pattern(pattern: &str) -> Result<(), String> {
    if pattern.trim().is_empty() {
        return Err("a date format cannot be empty; try `F j, Y`".to_owned());
    }
    if pattern.chars().count() > 100 {
        return Err("a date format can be at most 100 characters long".to_owned());
    }
    let mut characters = pattern.chars();
    let mut meaningful = false;
    while let Some(letter) = characters.next() {
        if letter == '\\' {
            characters.next();
        } else if is_format_letter(letter) {
            meaningful = true;
        }
    }
    if meaningful {
        Ok(())
    } else {
        Err(format!(
            "`{pattern}` has no date or time letters; use PHP date letters such as `F j, Y` or `g:i a`"
        ))
    }
}

fn is_format_letter(letter: char) -> bool {
    "dDjlNSwzWFmMntLoYyaAgGhHisuveIOPpTZcrU".contains(letter)
}

fn write_letter(out: &mut String, moment: &ZonedDateTime, letter: char) {
    let hour = moment.hour();
    let twelve_hour = match hour % 12 {
        0 => 12,
        other => other,
    };
    // Writing to a String cannot fail, so the results of write! are ignored below.
    let _ = match letter {
        'd' => write!(out, "{:02}", moment.day()),
        'D' => write!(out, "{}", &weekday_name(moment.weekday())[..3]),
        'j' => write!(out, "{}", moment.day()),
        'l' => write!(out, "{}", weekday_name(moment.weekday())),
        'N' => write!(out, "{}", moment.weekday().to_monday_one_offset()),
        'S' => write!(out, "{}", ordinal_suffix(moment.day())),
        'w' => write!(out, "{}", moment.weekday().to_sunday_zero_offset()),
        'z' => write!(out, "{}", moment.day_of_year() - 1),
        'W' => write!(out, "{:02}", moment.date().iso_week_date().week()),
        'F' => write!(out, "{}", month_name(moment.month())),
        'm' => write!(out, "{:02}", moment.month()),
        'M' => write!(out, "{}", &month_name(moment.month())[..3]),
        'n' => write!(out, "{}", moment.month()),
        't' => write!(out, "{}", moment.days_in_month()),
        'L' => write!(out, "{}", u8::from(moment.in_leap_year())),
        'o' => write!(out, "{}", moment.date().iso_week_date().year()),
        'Y' => write!(out, "{:04}", moment.year()),
        'y' => write!(out, "{:02}", moment.year().rem_euclid(100)),
        'a' => write!(out, "{}", if hour < 12 { "am" } else { "pm" }),
        'A' => write!(out, "{}", if hour < 12 { "AM" } else { "PM" }),
        'g' => write!(out, "{twelve_hour}"),
        'G' => write!(out, "{hour}"),
        'h' => write!(out, "{twelve_hour:02}"),
        'H' => write!(out, "{hour:02}"),
        'i' => write!(out, "{:02}", moment.minute()),
        's' => write!(out, "{:02}", moment.second()),
        'u' => write!(out, "{:06}", moment.subsec_nanosecond() / 1_000),
        'v' => write!(out, "{:03}", moment.millisecond()),
        'e' => write!(out, "{}", moment.time_zone().iana_name().unwrap_or("UTC")),
        'I' => write!(out, "{}", u8::from(offset_info_is_dst(moment))),
        'O' => write!(out, "{}", offset_text(moment, "")),
        'P' => write!(out, "{}", offset_text(moment, ":")),
        'p' => {
            if moment.offset().seconds() == 0 {
                write!(out, "Z")
            } else {
                write!(out, "{}", offset_text(moment, ":"))
            }
        }
        'T' => write!(out, "{}", abbreviation(moment)),
        'Z' => write!(out, "{}", moment.offset().seconds()),
        'c' => write!(out, "{}", format_date(moment, "Y-m-d\\TH:i:sP")),
        'r' => write!(out, "{}", format_date(moment, "D, d M Y H:i:s O")),
        'U' => write!(out, "{}", moment.timestamp().as_second()),
        other => write!(out, "{other}"),
    };
}

fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn month_name(month: i8) -> &'static str {
    let index = usize::try_from(month - 1).unwrap_or(0).min(11);
    MONTH_NAMES[index]
}

fn ordinal_suffix(day: i8) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn offset_text(moment: &ZonedDateTime, separator: &str) -> String {
    let total = moment.offset().seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let minutes = total.unsigned_abs() / 60;
    format!("{sign}{:02}{separator}{:02}", minutes / 60, minutes % 60)
}

fn abbreviation(moment: &ZonedDateTime) -> String {
    moment
        .time_zone()
        .to_offset_info(moment.timestamp())
        .abbreviation()
        .to_owned()
}

fn offset_info_is_dst(moment: &ZonedDateTime) -> bool {
    moment
        .time_zone()
        .to_offset_info(moment.timestamp())
        .dst()
        .is_dst()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    fn moment(text: &str, zone: &str) -> ZonedDateTime {
        text.parse::<jiff::Timestamp>()
            .unwrap()
            .to_zoned_datetime(TimeZone::get(zone).unwrap())
    }

    #[test]
    fn writes_the_reference_date_line() {
        let wednesday = moment("2024-04-24T10:00:00Z", "Europe/London");
        assert_eq!(
            format_date(&wednesday, "l, j F, Y"),
            "Wednesday, 24 April, 2024"
        );
    }

    #[test]
    fn writes_wordpress_default_formats() {
        let afternoon = moment("2024-04-24T14:05:09Z", "UTC");
        assert_eq!(format_date(&afternoon, "F j, Y"), "April 24, 2024");
        assert_eq!(format_date(&afternoon, "g:i a"), "2:05 pm");
        assert_eq!(
            format_date(&afternoon, "Y-m-d H:i:s"),
            "2024-04-24 14:05:09"
        );
        assert_eq!(format_date(&afternoon, "D, M jS"), "Wed, Apr 24th");
        assert_eq!(format_date(&afternoon, "c"), "2024-04-24T14:05:09+00:00");
        assert_eq!(
            format_date(&afternoon, "r"),
            "Wed, 24 Apr 2024 14:05:09 +0000"
        );
    }

    #[test]
    fn uses_the_zone_for_the_local_day_and_offset() {
        let late_utc = moment("2024-04-24T23:30:00Z", "Asia/Tokyo");
        assert_eq!(format_date(&late_utc, "l j F"), "Thursday 25 April");
        assert_eq!(
            format_date(&late_utc, "O P T e"),
            "+0900 +09:00 JST Asia/Tokyo"
        );
        let new_york = moment("2024-07-01T12:00:00Z", "America/New_York");
        assert_eq!(format_date(&new_york, "T I"), "EDT 1");
    }

    #[test]
    fn escapes_and_ordinals() {
        let first = moment("2024-03-01T00:07:00Z", "UTC");
        assert_eq!(
            format_date(&first, "jS \\o\\f F \\a\\t g:i A"),
            "1st of March at 12:07 AM"
        );
        for (day, suffix) in [
            (2, "nd"),
            (3, "rd"),
            (4, "th"),
            (11, "th"),
            (12, "th"),
            (13, "th"),
            (21, "st"),
            (22, "nd"),
            (23, "rd"),
        ] {
            assert_eq!(ordinal_suffix(day), suffix, "day {day}");
        }
    }

    #[test]
    fn validates_patterns() {
        assert!(validate_pattern("F j, Y").is_ok());
        assert!(validate_pattern("").is_err());
        assert!(validate_pattern("\\h\\e\\l\\l\\o").is_err());
        assert!(validate_pattern(&"j".repeat(101)).is_err());
    }
}
