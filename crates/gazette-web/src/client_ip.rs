//! The reader's IP address, as far as it can be trusted.
//!
//! The address is the peer of the TCP connection, unless that peer is a configured trusted
//! proxy: then `X-Forwarded-For` is read from the right, skipping trusted proxies, and the
//! first address that is not one of them is the client. The leftmost entry is never
//! believed blindly, because any client can write it.

use crate::state::WebState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address; `None` when the server cannot tell (no connection information).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<WebState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let peer = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .ok()
            .map(|info| info.0.ip());
        Ok(Self(peer.map(|peer| {
            resolve(peer, &parts.headers, &state.options.trusted_proxies)
        })))
    }
}

/// Works out the client behind `peer` from the forwarding headers.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .map(|entry| entry.parse::<IpAddr>().ok().map(canonical))
        .collect::<Option<Vec<IpAddr>>>()
        .unwrap_or_default();
    forwarded
        .iter()
        .rev()
        .copied()
        .find(|address| !is_trusted(*address, trusted))
        .unwrap_or(peer)
}

fn is_trusted(address: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|network| network.contains(&address))
}

/// `::ffff:192.0.2.1` is the IPv4 address `192.0.2.1`.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(forwarded).unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        assert_eq!(
            resolve(ip("203.0.113.9"), &headers("198.51.100.1"), &[]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_passes_on_the_rightmost_untrusted_address() {
        let trusted: Vec<IpNet> = vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ];
        let spoofed = headers("1.1.1.1, 198.51.100.7, 10.0.0.3");
        assert_eq!(
            resolve(ip("127.0.0.1"), &spoofed, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            resolve(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            resolve(ip("127.0.0.1"), &headers("garbage, 198.51.100.7"), &trusted),
            ip("127.0.0.1"),
            "a malformed header is not believed"
        );
    }

    #[test]
    fn mapped_ipv4_addresses_are_unwrapped() {
        assert_eq!(
            resolve(ip("::ffff:192.0.2.5"), &HeaderMap::new(), &[]),
            ip("192.0.2.5")
        );
    }
}
