//! Which network addresses a feed may be fetched from.
//!
//! A feed's address is typed by whoever adds the source, and its server chooses where to
//! redirect, so both could point Gazette at machines that only it can reach: the host
//! itself, the office network, a cloud provider's metadata service. [`classify`] sorts an
//! address into the kind of network it belongs to; only [`AddressClass::Public`] is
//! fetched from unless a source is explicitly allowed private addresses.
//!
//! IPv6 addresses that carry an IPv4 address inside them (IPv4-mapped `::ffff:a.b.c.d`,
//! the NAT64 prefix `64:ff9b::/96` and 6to4 `2002::/16`) are judged by that IPv4 address,
//! so `::ffff:127.0.0.1` is loopback like `127.0.0.1`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kind of network an address belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    /// Reachable on the public internet: the only kind fetched from by default.
    Public,
    /// This machine: `127.0.0.0/8`, `::1`.
    Loopback,
    /// A private network: `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, unique local
    /// `fc00::/7` and the old site-local `fec0::/10`.
    Private,
    /// The local link only: `169.254.0.0/16` (where cloud metadata services answer) and
    /// `fe80::/10`.
    LinkLocal,
    /// No address at all: `0.0.0.0/8` ("this network") and `::`.
    Unspecified,
    /// The limited broadcast address `255.255.255.255`.
    Broadcast,
    /// A multicast group: `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// Carrier-grade NAT, shared between a provider's customers: `100.64.0.0/10`.
    SharedAddressSpace,
    /// Set aside for examples in documentation: `192.0.2.0/24`, `198.51.100.0/24`,
    /// `203.0.113.0/24`, `2001:db8::/32`, `3fff::/20`.
    Documentation,
    /// Set aside for protocols, benchmarks or future use, never a web server's:
    /// `192.0.0.0/24`, `198.18.0.0/15`, `240.0.0.0/4`, the IETF's `2001::/23` (Teredo
    /// among them), and every IPv6 address outside the global unicast range `2000::/3`
    /// that no other class names (the IPv4-compatible `::/96`, discard-only `100::/64`…).
    Reserved,
}

impl AddressClass {
    /// Whether the address belongs to the public internet.
    pub fn is_public(self) -> bool {
        self == Self::Public
    }
}

impl fmt::Display for AddressClass {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Public => "a public address",
            Self::Loopback => "a loopback address",
            Self::Private => "a private address",
            Self::LinkLocal => "a link-local address",
            Self::Unspecified => "an unspecified address",
            Self::Broadcast => "the broadcast address",
            Self::Multicast => "a multicast address",
            Self::SharedAddressSpace => "a carrier-grade NAT address",
            Self::Documentation => "a documentation address",
            Self::Reserved => "a reserved address",
        })
    }
}

/// Sorts `address` into the kind of network it belongs to.
pub fn classify(address: IpAddr) -> AddressClass {
    match address {
        IpAddr::V4(address) => classify_v4(address),
        IpAddr::V6(address) => classify_v6(address),
    }
}

fn classify_v4(address: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = address.octets();
    match (a, b, c) {
        (0, _, _) => AddressClass::Unspecified,
        (127, _, _) => AddressClass::Loopback,
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => AddressClass::Private,
        (169, 254, _) => AddressClass::LinkLocal,
        (100, 64..=127, _) => AddressClass::SharedAddressSpace,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressClass::Documentation,
        (224..=239, _, _) => AddressClass::Multicast,
        _ if address == Ipv4Addr::BROADCAST => AddressClass::Broadcast,
        (192, 0, 0) | (198, 18..=19, _) | (240..=255, _, _) => AddressClass::Reserved,
        _ => AddressClass::Public,
    }
}

fn classify_v6(address: Ipv6Addr) -> AddressClass {
    if let Some(embedded) = embedded_v4(address) {
        return classify_v4(embedded);
    }
    match address.segments() {
        [0, 0, 0, 0, 0, 0, 0, 0] => AddressClass::Unspecified,
        [0, 0, 0, 0, 0, 0, 0, 1] => AddressClass::Loopback,
        [first, ..] if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfec0 => {
            AddressClass::Private
        }
        [first, ..] if first & 0xffc0 == 0xfe80 => AddressClass::LinkLocal,
        [first, ..] if first & 0xff00 == 0xff00 => AddressClass::Multicast,
        [0x2001, 0xdb8, ..] => AddressClass::Documentation,
        [0x3fff, second, ..] if second < 0x1000 => AddressClass::Documentation,
        [0x2001, second, ..] if second < 0x200 => AddressClass::Reserved,
        [first, ..] if first & 0xe000 == 0x2000 => AddressClass::Public,
        _ => AddressClass::Reserved,
    }
}

/// The IPv4 address an IPv6 address stands for, when it is one of the forms that carry
/// one: IPv4-mapped, NAT64's well-known prefix, or 6to4.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(mapped) = address.to_ipv4_mapped() {
        return Some(mapped);
    }
    let segments = address.segments();
    let octets = address.octets();
    match segments {
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(Ipv4Addr::new(
            octets[12], octets[13], octets[14], octets[15],
        )),
        [0x2002, ..] => Some(Ipv4Addr::new(octets[2], octets[3], octets[4], octets[5])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressClass::*;

    fn class_of(text: &str) -> AddressClass {
        classify(text.parse().expect("a valid address in the test"))
    }

    /// Asserts the class of every address listed, naming the first one that is wrong.
    fn assert_all(expected: AddressClass, addresses: &[&str]) {
        for address in addresses {
            assert_eq!(class_of(address), expected, "{address}");
        }
    }

    #[test]
    fn ipv4_ranges_are_classified_at_both_ends_and_just_outside() {
        assert_all(Unspecified, &["0.0.0.0", "0.255.255.255"]);
        assert_all(Public, &["1.0.0.0", "9.255.255.255", "11.0.0.0"]);
        assert_all(Private, &["10.0.0.0", "10.255.255.255"]);
        assert_all(Public, &["100.63.255.255", "100.128.0.0"]);
        assert_all(SharedAddressSpace, &["100.64.0.0", "100.127.255.255"]);
        assert_all(Public, &["126.255.255.255", "128.0.0.0"]);
        assert_all(
            Loopback,
            &["127.0.0.0", "127.0.0.1", "127.1.2.3", "127.255.255.255"],
        );
        assert_all(Public, &["169.253.255.255", "169.255.0.0"]);
        assert_all(
            LinkLocal,
            &["169.254.0.0", "169.254.169.254", "169.254.255.255"],
        );
        assert_all(Public, &["172.15.255.255", "172.32.0.0"]);
        assert_all(Private, &["172.16.0.0", "172.31.255.255"]);
        assert_all(Reserved, &["192.0.0.0", "192.0.0.255"]);
        assert_all(Public, &["191.255.255.255", "192.0.1.0", "192.0.3.0"]);
        assert_all(Documentation, &["192.0.2.0", "192.0.2.255"]);
        assert_all(Public, &["192.167.255.255", "192.169.0.0"]);
        assert_all(Private, &["192.168.0.0", "192.168.255.255"]);
        assert_all(Public, &["198.17.255.255", "198.20.0.0"]);
        assert_all(Reserved, &["198.18.0.0", "198.19.255.255"]);
        assert_all(Public, &["198.51.99.255", "198.51.101.0"]);
        assert_all(Documentation, &["198.51.100.0", "198.51.100.255"]);
        assert_all(Public, &["203.0.112.255", "203.0.114.0"]);
        assert_all(Documentation, &["203.0.113.0", "203.0.113.255"]);
        assert_all(Public, &["223.255.255.255", "8.8.8.8", "93.184.216.34"]);
        assert_all(Multicast, &["224.0.0.0", "224.0.0.251", "239.255.255.255"]);
        assert_all(Reserved, &["240.0.0.0", "255.255.255.254"]);
        assert_all(Broadcast, &["255.255.255.255"]);
    }

    #[test]
    fn ipv6_ranges_are_classified_at_both_ends_and_just_outside() {
        assert_all(Unspecified, &["::"]);
        assert_all(Loopback, &["::1"]);
        assert_all(
            Reserved,
            &["::2", "::ffff", "::1:0", "::ffff:ffff", "::1:0:0:0"],
        );
        assert_all(
            Reserved,
            &["100::", "100::ffff:ffff:ffff:ffff", "ff::", "1fff:ffff::"],
        );
        assert_all(
            Public,
            &["2000::", "2606:4700::1111", "2a00:1450:4001::200e"],
        );
        assert_all(Reserved, &["2001::", "2001:0:ffff::1", "2001:1ff:ffff::"]);
        assert_all(Public, &["2001:200::", "2001:db7:ffff::", "2001:db9::"]);
        assert_all(Documentation, &["2001:db8::", "2001:db8:ffff:ffff::1"]);
        assert_all(Documentation, &["3fff::", "3fff:fff:ffff::"]);
        assert_all(
            Public,
            &["3ff0::", "3ffe:ffff::", "3fff:1000::", "3fff:ffff::"],
        );
        assert_all(
            Reserved,
            &["4000::", "fbff:ffff::", "fe00::", "fe7f:ffff::"],
        );
        assert_all(Private, &["fc00::", "fd12:3456::1", "fdff:ffff::"]);
        assert_all(LinkLocal, &["fe80::", "fe80::1", "febf:ffff::"]);
        assert_all(Private, &["fec0::", "feff:ffff::"]);
        assert_all(Multicast, &["ff00::", "ff02::1", "ffff:ffff::"]);
    }

    #[test]
    fn ipv6_forms_that_carry_an_ipv4_address_are_judged_by_it() {
        assert_all(
            Loopback,
            &["::ffff:127.0.0.1", "64:ff9b::127.0.0.1", "2002:7f00:1::"],
        );
        assert_all(
            Private,
            &["::ffff:10.0.0.5", "::ffff:192.168.1.1", "2002:c0a8:101::"],
        );
        assert_all(LinkLocal, &["::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"]);
        assert_all(SharedAddressSpace, &["::ffff:100.64.0.1"]);
        assert_all(Unspecified, &["::ffff:0.0.0.0", "2002::"]);
        assert_all(Broadcast, &["::ffff:255.255.255.255"]);
        assert_all(Multicast, &["::ffff:224.0.0.1"]);
        assert_all(Documentation, &["::ffff:192.0.2.1", "64:ff9b::203.0.113.9"]);
        assert_all(Reserved, &["::ffff:240.0.0.1", "::ffff:198.18.0.1"]);
        assert_all(
            Public,
            &["::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::"],
        );
    }

    #[test]
    fn only_public_addresses_are_public() {
        let every_class = [
            Public,
            Loopback,
            Private,
            LinkLocal,
            Unspecified,
            Broadcast,
            Multicast,
            SharedAddressSpace,
            Documentation,
            Reserved,
        ];
        let public: Vec<_> = every_class
            .iter()
            .filter(|class| class.is_public())
            .collect();
        assert_eq!(public, [&Public]);
    }

    #[test]
    fn every_class_reads_as_a_noun_phrase() {
        assert_eq!(class_of("10.0.0.5").to_string(), "a private address");
        assert_eq!(class_of("127.0.0.1").to_string(), "a loopback address");
        assert_eq!(
            class_of("169.254.169.254").to_string(),
            "a link-local address"
        );
        assert_eq!(
            class_of("100.64.0.1").to_string(),
            "a carrier-grade NAT address"
        );
        assert_eq!(
            class_of("255.255.255.255").to_string(),
            "the broadcast address"
        );
    }
}
