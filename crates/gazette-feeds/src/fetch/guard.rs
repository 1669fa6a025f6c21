//! The guard against server-side request forgery: where a fetch may connect.
//!
//! Two checks, both applied to the first address and to every redirect:
//!
//! - [`check_url`] refuses anything but http and https, and an address written as an IP
//!   literal that is not public (`http://127.0.0.1/`, `http://[::ffff:10.0.0.5]/`).
//! - [`GuardedResolver`] is the HTTP client's name resolver: it looks a host name up and
//!   hands the client only the public addresses, refusing the name when it has none. The
//!   check happens after resolution, on the very addresses the client connects to, so a
//!   name that resolves to `127.0.0.1` is refused like the literal.
//!
//! A source allowed private addresses skips both checks but the scheme's.

use super::address::classify;
use super::error::{AddressRefused, FetchError};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use url::{Host, Url};

/// Checks `url` before a request is sent to it: http or https, and, unless
/// `allow_private_addresses`, not a non-public IP literal.
pub(crate) fn check_url(url: &Url, allow_private_addresses: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
        });
    }
    if allow_private_addresses {
        return Ok(());
    }
    let literal = match url.host() {
        Some(Host::Ipv4(address)) => IpAddr::V4(address),
        Some(Host::Ipv6(address)) => IpAddr::V6(address),
        Some(Host::Domain(_)) | None => return Ok(()),
    };
    public_addresses(&literal.to_string(), vec![literal])?;
    Ok(())
}

/// Keeps the public addresses among those `host` resolved to; refuses the host when none
/// is public, naming the first address found.
pub(crate) fn public_addresses(
    host: &str,
    addresses: Vec<IpAddr>,
) -> Result<Vec<IpAddr>, AddressRefused> {
    let first = addresses.first().copied();
    let public: Vec<IpAddr> = addresses
        .into_iter()
        .filter(|address| classify(*address).is_public())
        .collect();
    match first {
        Some(address) if public.is_empty() => Err(AddressRefused {
            host: host.to_owned(),
            address,
            class: classify(address),
        }),
        _ => Ok(public),
    }
}

/// A host name that could not be looked up.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub(crate) struct LookupFailed {
    pub(crate) host: String,
    pub(crate) reason: String,
}

/// The HTTP client's name resolver: the system's lookup, then, unless private addresses
/// are allowed, [`public_addresses`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct GuardedResolver {
    pub(crate) allow_private_addresses: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private_addresses = self.allow_private_addresses;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<IpAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|error| LookupFailed {
                    host: host.clone(),
                    reason: error.to_string(),
                })?
                .map(|address| address.ip())
                .collect();
            if found.is_empty() {
                return Err(LookupFailed {
                    host,
                    reason: "it has no address".to_owned(),
                }
                .into());
            }
            let usable = if allow_private_addresses {
                found
            } else {
                public_addresses(&host, found)?
            };
            let addresses: Addrs = Box::new(
                usable
                    .into_iter()
                    .map(|address| SocketAddr::new(address, 0)),
            );
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::address::AddressClass;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn addresses(list: &[&str]) -> Vec<IpAddr> {
        list.iter()
            .map(|address| address.parse().unwrap())
            .collect()
    }

    #[test]
    fn only_http_and_https_are_fetched() {
        for allowed in [false, true] {
            assert_eq!(
                check_url(&url("https://news.example/feed"), allowed),
                Ok(())
            );
            assert_eq!(check_url(&url("http://news.example/feed"), allowed), Ok(()));
            for other in [
                "file:///etc/passwd",
                "ftp://news.example/feed",
                "gopher://x/",
            ] {
                let error = check_url(&url(other), allowed).unwrap_err();
                assert_eq!(
                    error,
                    FetchError::UnsupportedScheme {
                        url: other.to_owned()
                    }
                );
            }
        }
    }

    #[test]
    fn non_public_literals_are_refused_in_every_spelling_unless_allowed() {
        for literal in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://10.0.0.5:8080/feed",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
        ] {
            let error = check_url(&url(literal), false).unwrap_err();
            assert!(
                matches!(error, FetchError::Refused(_)),
                "{literal}: {error:?}"
            );
            assert_eq!(check_url(&url(literal), true), Ok(()), "{literal}");
        }
        assert_eq!(check_url(&url("http://93.184.216.34/feed"), false), Ok(()));
        assert_eq!(
            check_url(&url("http://[2606:4700::1111]/feed"), false),
            Ok(())
        );
    }

    #[test]
    fn the_refusal_names_the_literal_and_its_class() {
        let error = check_url(&url("http://[::ffff:10.0.0.5]/"), false).unwrap_err();
        assert_eq!(
            error,
            FetchError::Refused(AddressRefused {
                host: "::ffff:10.0.0.5".to_owned(),
                address: "::ffff:10.0.0.5".parse().unwrap(),
                class: AddressClass::Private,
            })
        );
    }

    #[test]
    fn a_name_keeps_only_its_public_addresses() {
        let found = addresses(&["10.0.0.5", "93.184.216.34", "::1", "2606:4700::1111"]);
        assert_eq!(
            public_addresses("news.example", found),
            Ok(addresses(&["93.184.216.34", "2606:4700::1111"]))
        );
    }

    #[test]
    fn a_name_with_only_private_addresses_is_refused_naming_the_first() {
        let refused = public_addresses("example.internal", addresses(&["10.0.0.5", "::1"]));
        assert_eq!(
            refused.unwrap_err().to_string(),
            "refused: example.internal resolves to 10.0.0.5, a private address; add the \
             source with --allow-private-addresses to allow it"
        );
    }

    #[tokio::test]
    async fn the_resolver_refuses_localhost_unless_allowed() {
        let name: Name = "localhost".parse().unwrap();
        let guarded = GuardedResolver {
            allow_private_addresses: false,
        };
        let Err(error) = guarded.resolve(name).await else {
            panic!("localhost was not refused");
        };
        let refused = error.downcast_ref::<AddressRefused>().unwrap();
        assert_eq!(refused.class, AddressClass::Loopback);

        let name: Name = "localhost".parse().unwrap();
        let open = GuardedResolver {
            allow_private_addresses: true,
        };
        let found: Vec<SocketAddr> = open.resolve(name).await.unwrap().collect();
        assert!(found.iter().all(|address| address.ip().is_loopback()));
        assert!(!found.is_empty());
    }
}
