//! The network a comment comes from, as the rate limit counts it.
//!
//! One IPv4 address is usually one household or office. An IPv6 user is usually given a
//! whole /64 and can change address within it at will, so the /64 is what is counted.

use std::net::{IpAddr, Ipv6Addr};

/// The key a sender's comments are counted under: an IPv4 address as written, an
/// IPv4-mapped IPv6 address as its IPv4 address, and any other IPv6 address as its /64
/// prefix, such as `2001:db8:1:2::/64`.
pub fn network_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(address) => address.to_string(),
        IpAddr::V6(address) => {
            if let Some(mapped) = address.to_ipv4_mapped() {
                return mapped.to_string();
            }
            let [first, second, third, fourth, ..] = address.segments();
            let prefix = Ipv6Addr::new(first, second, third, fourth, 0, 0, 0, 0);
            format!("{prefix}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> String {
        network_key(text.parse().unwrap())
    }

    #[test]
    fn ipv4_is_counted_per_address() {
        assert_eq!(key("203.0.113.5"), "203.0.113.5");
    }

    #[test]
    fn ipv6_is_counted_per_64() {
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8::1"), "2001:db8::/64");
        assert_eq!(key("::1"), "::/64");
    }

    #[test]
    fn mapped_ipv4_is_counted_as_ipv4() {
        assert_eq!(key("::ffff:203.0.113.5"), "203.0.113.5");
        assert_eq!(key("::ffff:cb00:7105"), "203.0.113.5");
    }
}
