//! Web addresses written in comments: how many there are, and which hosts they point to.
//!
//! An address starts with `http://` or `https://`, or is a bare `www.` at the start of a
//! word, in any case. Every start counts, even when two addresses are written without a
//! space between them.

/// Counts the web addresses in plain text.
pub fn count_links(text: &str) -> usize {
    link_addresses(text).len()
}

/// The host of every web address in `text`, as [`host_of`] gives it.
pub(crate) fn link_hosts(text: &str) -> impl Iterator<Item = String> {
    link_addresses(text).into_iter().filter_map(host_of)
}

/// The host of a web address, lower-cased and without a leading `www.`. A scheme is
/// optional, so a website typed as `Example.com/page` gives `example.com`.
pub(crate) fn host_of(address: &str) -> Option<String> {
    let lower = address.trim().to_lowercase();
    let without_scheme = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host: String = without_scheme
        .chars()
        .take_while(|character| character.is_alphanumeric() || matches!(character, '-' | '.'))
        .collect();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.trim_matches(|character| matches!(character, '-' | '.'));
    (!host.is_empty()).then(|| host.to_owned())
}

/// Every web address in `text`, each running from its start to the next white space.
/// Addresses written back to back without a space are each found.
fn link_addresses(text: &str) -> Vec<&str> {
    // Lower-casing only ASCII keeps every byte offset the same as in `text`.
    let lower = text.to_ascii_lowercase();
    lower
        .char_indices()
        .filter(|&(position, _)| starts_address(&lower, position))
        .map(|(position, _)| {
            let end = lower[position..]
                .find(char::is_whitespace)
                .map_or(lower.len(), |length| position + length);
            &text[position..end]
        })
        .collect()
}

/// Whether a web address starts at byte `position` of the lower-cased text.
fn starts_address(lower: &str, position: usize) -> bool {
    let rest = &lower[position..];
    if let Some(after) = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))
    {
        return after
            .chars()
            .next()
            .is_some_and(|character| !character.is_whitespace());
    }
    let Some(after) = rest.strip_prefix("www.") else {
        return false;
    };
    // `www.` inside a longer name (`awww.`, `mail.www.example`, `me@www.example`) or right
    // after a scheme (`http://www.`, already counted) is not the start of an address.
    let starts_word = !lower[..position].chars().next_back().is_some_and(|before| {
        before.is_alphanumeric() || matches!(before, '.' | '-' | '_' | '@' | '/')
    });
    starts_word && after.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_addresses_with_a_scheme() {
        assert_eq!(count_links("no links here"), 0);
        assert_eq!(count_links("see https://example.com/a?b=c"), 1);
        assert_eq!(count_links("HTTP://A.example and Https://b.example/x"), 2);
        assert_eq!(count_links("(http://a.example)(http://b.example)"), 2);
        assert_eq!(count_links("http://a.example,https://b.example"), 2);
        assert_eq!(count_links("just http:// alone"), 0);
    }

    #[test]
    fn counts_bare_www_addresses_once() {
        assert_eq!(count_links("visit WWW.example.com today"), 1);
        assert_eq!(count_links("visit http://www.example.com today"), 1);
        assert_eq!(count_links("(www.example.com)"), 1);
        assert_eq!(count_links("awww. so cute"), 0);
        assert_eq!(count_links("the www. is big"), 0);
        assert_eq!(count_links("mail me at me@www.example.com"), 0);
    }

    #[test]
    fn counts_several_addresses() {
        let text = "Cheap pills at https://pills.example/buy, www.casino.example and\nhttp://third.example";
        assert_eq!(count_links(text), 3);
    }

    #[test]
    fn finds_hosts() {
        let hosts: Vec<String> =
            link_hosts("Go to HTTPS://WWW.Pills.Example/buy or www.casino.example.").collect();
        assert_eq!(hosts, ["pills.example", "casino.example"]);
    }

    #[test]
    fn host_of_a_website_with_or_without_scheme() {
        assert_eq!(
            host_of("http://ada.example/").as_deref(),
            Some("ada.example")
        );
        assert_eq!(
            host_of("Example.com:8080/page").as_deref(),
            Some("example.com")
        );
        assert_eq!(host_of("https://").as_deref(), None);
        assert_eq!(host_of("http://www.").as_deref(), None);
    }
}
