//! The permalink structure a WordPress site used (`/%year%/%monthnum%/%postname%/`…), read
//! back from its posts' addresses: each address is compared with what its post is — its
//! slug, id, date in the site's zone and categories — segment by segment, and the
//! structure most posts agree on wins.

use jiff::civil::DateTime;
use std::collections::HashMap;

/// One published post: its address and what the address may be made of.
#[derive(Clone, Debug)]
pub struct LinkSample<'a> {
    /// The path of its address (`/2024/03/01/fish/`).
    pub path: &'a str,
    /// Its WordPress id.
    pub id: u64,
    /// Its slug, as the export writes it.
    pub slug: &'a str,
    /// When it was published, in the site's zone.
    pub date: DateTime,
    /// The slug paths of its categories, parents first (`news/local`).
    pub category_paths: &'a [String],
}

/// The path of the absolute address `link`, without its query or fragment; `None` for an
/// address with no path of its own (WordPress's plain `/?p=ID` links).
pub fn path_of_link(link: &str) -> Option<&str> {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    if path.trim_matches('/').is_empty() {
        None
    } else {
        Some(path)
    }
}

/// The structure of `sample`'s address, or `None` when the address names neither the
/// post's slug nor its id.
pub fn structure_of(sample: &LinkSample<'_>) -> Option<String> {
    let segments: Vec<&str> = sample
        .path
        .trim_matches('/')
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let date = sample.date;
    let mut used: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        let segment = segments[index];
        if let Some(levels) = category_levels(&segments[index..], sample.category_paths)
            .filter(|_| !used.contains(&"%category%") && index + 1 < segments.len())
        {
            used.push("%category%");
            out.push("%category%".to_owned());
            index += levels;
            continue;
        }
        let dated = [
            ("%year%", format!("{:04}", date.year())),
            ("%monthnum%", format!("{:02}", date.month())),
            ("%day%", format!("{:02}", date.day())),
            ("%hour%", format!("{:02}", date.hour())),
            ("%minute%", format!("{:02}", date.minute())),
            ("%second%", format!("{:02}", date.second())),
        ];
        let date_token = dated
            .iter()
            .find(|(token, value)| !used.contains(token) && segment == value)
            .map(|(token, _)| *token);
        if let Some(token) = date_token {
            used.push(token);
            out.push(token.to_owned());
        } else {
            out.push(named_parts(segment, sample, &mut used));
        }
        index += 1;
    }
    let names_the_post = used.contains(&"%postname%") || used.contains(&"%post_id%");
    names_the_post.then(|| {
        let ending = if sample.path.ends_with('/') { "/" } else { "" };
        format!("/{}{ending}", out.join("/"))
    })
}

/// How many segments at the start of `segments` spell one of `category_paths`.
fn category_levels(segments: &[&str], category_paths: &[String]) -> Option<usize> {
    category_paths
        .iter()
        .filter_map(|path| {
            let levels: Vec<&str> = path.split('/').collect();
            (segments.len() >= levels.len()
                && segments[..levels.len()]
                    .iter()
                    .zip(&levels)
                    .all(|(segment, level)| segment.eq_ignore_ascii_case(level)))
            .then_some(levels.len())
        })
        .max()
}

/// `segment` with the post's slug and id, where it holds them, written as their tokens.
fn named_parts(segment: &str, sample: &LinkSample<'_>, used: &mut Vec<&'static str>) -> String {
    let lower = segment.to_ascii_lowercase();
    let slug = sample.slug.to_ascii_lowercase();
    let mut written = segment.to_owned();
    if !slug.is_empty()
        && !used.contains(&"%postname%")
        && let Some(start) = lower.find(&slug)
    {
        written = format!(
            "{}%postname%{}",
            &segment[..start],
            &segment[start + slug.len()..]
        );
        used.push("%postname%");
    }
    let id = sample.id.to_string();
    if !used.contains(&"%post_id%") {
        let found = written.match_indices(&id).find(|(start, _)| {
            let before = written[..*start].chars().next_back();
            let after = written[start + id.len()..].chars().next();
            !before.is_some_and(|character| character.is_ascii_digit())
                && !after.is_some_and(|character| character.is_ascii_digit())
        });
        if let Some((start, _)) = found {
            written = format!(
                "{}%post_id%{}",
                &written[..start],
                &written[start + id.len()..]
            );
            used.push("%post_id%");
        }
    }
    written
}

/// The structure at least half of `samples` have, when there is one.
pub fn detect_structure<'a>(samples: impl IntoIterator<Item = LinkSample<'a>>) -> Option<String> {
    let mut votes: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    for sample in samples {
        total += 1;
        if let Some(structure) = structure_of(&sample) {
            *votes.entry(structure).or_default() += 1;
        }
    }
    let (structure, count) =
        votes
            .into_iter()
            .max_by(|(left, left_count), (right, right_count)| {
                left_count.cmp(right_count).then_with(|| right.cmp(left))
            })?;
    (count * 2 >= total).then_some(structure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample<'a>(path: &'a str, categories: &'a [String]) -> LinkSample<'a> {
        LinkSample {
            path,
            id: 42,
            slug: "fish-and-chips",
            date: "2024-03-05T09:07:03".parse().unwrap(),
            category_paths: categories,
        }
    }

    fn structure(path: &str) -> Option<String> {
        let categories = ["news/local".to_owned(), "sport".to_owned()];
        structure_of(&sample(path, &categories))
    }

    #[test]
    fn reads_wordpress_common_structures() {
        assert_eq!(
            structure("/2024/03/05/fish-and-chips/").as_deref(),
            Some("/%year%/%monthnum%/%day%/%postname%/")
        );
        assert_eq!(
            structure("/2024/03/fish-and-chips/").as_deref(),
            Some("/%year%/%monthnum%/%postname%/")
        );
        assert_eq!(
            structure("/fish-and-chips/").as_deref(),
            Some("/%postname%/")
        );
        assert_eq!(
            structure("/archives/42").as_deref(),
            Some("/archives/%post_id%")
        );
        assert_eq!(
            structure("/news/local/fish-and-chips/").as_deref(),
            Some("/%category%/%postname%/")
        );
        assert_eq!(
            structure("/blog/42-fish-and-chips.html").as_deref(),
            Some("/blog/%post_id%-%postname%.html")
        );
        assert_eq!(structure("/about/"), None);
    }

    #[test]
    fn the_structure_most_posts_agree_on_wins() {
        let none: Vec<String> = Vec::new();
        let samples = [
            sample("/2024/03/05/fish-and-chips/", &none),
            sample("/2024/03/05/fish-and-chips/", &none),
            sample("/fish-and-chips/", &none),
        ];
        assert_eq!(
            detect_structure(samples).as_deref(),
            Some("/%year%/%monthnum%/%day%/%postname%/")
        );
        assert_eq!(detect_structure(Vec::new()), None);
    }

    #[test]
    fn takes_the_path_of_a_link() {
        assert_eq!(
            path_of_link("https://harbour.example/2024/03/05/fish/?utm=x"),
            Some("/2024/03/05/fish/")
        );
        assert_eq!(path_of_link("https://harbour.example/?p=42"), None);
        assert_eq!(path_of_link("https://harbour.example"), None);
    }
}
