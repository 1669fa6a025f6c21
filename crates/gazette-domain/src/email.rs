//! Email addresses as commenters and staff type them.
//!
//! The rule is deliberately close to what WordPress accepts, so that an address that works
//! there works here: one `@`, a local part of the characters RFC 5322 allows unquoted, and
//! a domain of at least two dot-separated labels of letters, digits and hyphens.

/// Checks whether `address` looks like an email address. The domain may use any letters
/// (internationalised domains), the local part only the unquoted ASCII set.
pub fn looks_like_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.len() > 253 {
        return false;
    }
    let local_ok = local.chars().all(|character| {
        character.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(character)
    }) && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|character| character.is_alphanumeric() || character == '-')
        });
    local_ok && domain_ok
}

/// The form Gazette stores: the domain in lower case (it is case-insensitive), the local
/// part as typed (some mail systems treat it as case-sensitive).
pub fn normalise(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for address in [
            "reader@example.com",
            "first.last+news@mail.example.co.uk",
            "o'neil@example.ie",
            "ana@bücher.example",
        ] {
            assert!(looks_like_address(address), "{address}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for address in [
            "",
            "reader",
            "reader@",
            "@example.com",
            "reader@localhost",
            "a b@example.com",
            "reader@exa_mple.com",
            "reader@.example.com",
            "reader..x@example.com",
            "<script>@example.com",
        ] {
            assert!(!looks_like_address(address), "{address}");
        }
    }

    #[test]
    fn lowercases_only_the_domain() {
        assert_eq!(normalise("Reader@Example.COM"), "Reader@example.com");
    }
}
