//! The public addresses of articles.
//!
//! Articles live at WordPress's default "day and name" shape, `/2024/04/24/slug/`, with the
//! date taken in the site's time zone, so that links carried over from a WordPress site keep
//! working.

use crate::slug::Slug;
use crate::time::Timestamp;
use jiff::tz::TimeZone;

/// The path of an article published at `published_at` with `slug`.
pub fn article_path(slug: &Slug, published_at: Timestamp, zone: &TimeZone) -> String {
    let local = published_at.in_zone(zone);
    format!(
        "/{:04}/{:02}/{:02}/{}/",
        local.year(),
        local.month(),
        local.day(),
        slug
    )
}

/// The path of page `page` of the home page's list (page 1 is the home page itself).
pub fn home_page_path(page: u32) -> String {
    if page <= 1 {
        "/".to_owned()
    } else {
        format!("/page/{page}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_the_local_date() {
        let slug = Slug::parse("late-news").unwrap();
        let instant: Timestamp = "2024-04-24T23:30:00Z".parse().unwrap();
        assert_eq!(
            article_path(&slug, instant, &TimeZone::UTC),
            "/2024/04/24/late-news/"
        );
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        assert_eq!(
            article_path(&slug, instant, &tokyo),
            "/2024/04/25/late-news/"
        );
    }

    #[test]
    fn numbers_home_pages() {
        assert_eq!(home_page_path(1), "/");
        assert_eq!(home_page_path(3), "/page/3/");
    }
}
