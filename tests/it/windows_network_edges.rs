//! Windows adapter records at the edges: a default gateway next to nothing but a link-local
//! address routes nothing, and an `IfType` that is not an IANA type (4294967295, 0) is a broken
//! record whose access type is omitted `malformed`, while a valid but unlisted type is
//! `unknown`.

use devprobe::source::{AdapterAddress, AdapterInfo, Snapshot};
use devprobe::{Collector, ConnectionType, Consent, Field, OmitReason, Platform, Purpose, Report};

/// An up adapter with `addrs` and default gateways for the families whose metric is given.
fn adapter(
    name: &str,
    if_type: u32,
    addrs: &[&str],
    v4: Option<u32>,
    v6: Option<u32>,
) -> AdapterInfo {
    let mut a = AdapterInfo::new(name, if_type, true);
    a.addresses = addrs
        .iter()
        .map(|s| {
            AdapterAddress::new(
                s.parse().unwrap(),
                Some(if s.contains(':') { 64 } else { 24 }),
            )
        })
        .collect();
    a.ipv4_metric = v4;
    a.ipv6_metric = v6;
    a.ipv4_gateway = v4.is_some();
    a.ipv6_gateway = v6.is_some();
    a
}

fn net(adapters: Vec<AdapterInfo>) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Snapshot::new(Platform::Windows).adapters(adapters))
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

#[test]
fn ipv6_gateway_next_to_only_a_link_local_address_is_not_ipv6() {
    // Wi-Fi with a routable IPv4 address and gateway; a router advertisement gave an IPv6
    // gateway but no prefix, so the only IPv6 address is fe80::1.
    let r = net(vec![adapter(
        "wireless_32768",
        71,
        &["fe80::1", "192.168.1.23"],
        Some(35),
        Some(35),
    )]);
    let n = &r.network;
    assert_eq!(n.ipv4, Some(true));
    assert_eq!(n.ipv6, Some(false));
    assert_eq!(n.online, Some(true));
    assert_eq!(n.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
}

#[test]
fn an_adapter_with_only_link_local_addresses_routes_nothing() {
    // The tester's case: fe80::1 and an IPv6 gateway, nothing else.
    let r = net(vec![adapter(
        "ethernet_32769",
        6,
        &["fe80::1"],
        None,
        Some(25),
    )]);
    let n = &r.network;
    assert_eq!(
        (n.ipv4, n.ipv6, n.online, n.vpn, n.connection_type),
        (
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(ConnectionType::Unavailable)
        )
    );
    assert_eq!(r.omission(Field::NetworkIp), Some(OmitReason::NotFound));
    // The same for IPv4: an APIPA address next to a stale gateway.
    let r = net(vec![adapter(
        "ethernet_32769",
        6,
        &["169.254.3.4"],
        Some(25),
        None,
    )]);
    assert_eq!(
        (r.network.ipv4, r.network.online),
        (Some(false), Some(false))
    );
}

#[test]
fn a_link_local_only_adapter_never_wins_the_egress() {
    // A lower-metric wired adapter with only fe80:: must not take the egress from Wi-Fi.
    let r = net(vec![
        adapter("ethernet_32769", 6, &["fe80::2"], None, Some(5)),
        adapter(
            "wireless_32768",
            71,
            &["192.168.1.23", "2001:db8:1:2::23"],
            Some(35),
            Some(35),
        ),
    ]);
    let n = &r.network;
    assert_eq!(n.connection_type, Some(ConnectionType::Wifi));
    assert_eq!((n.ipv4, n.ipv6), (Some(true), Some(true)));
    assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
}

#[test]
fn if_type_outside_the_iana_range_omits_the_access_type_but_not_online() {
    for junk in [u32::MAX, 0, 0x8000_0000] {
        let r = net(vec![adapter(
            "ethernet_32769",
            junk,
            &["192.168.1.5"],
            Some(25),
            None,
        )]);
        let n = &r.network;
        assert_eq!(n.connection_type, None, "{junk}");
        assert_eq!(
            r.omission(Field::NetworkConnectionType),
            Some(OmitReason::Malformed),
            "{junk}"
        );
        // It might be a tunnel: whether traffic is in a VPN is not known either.
        assert_eq!(r.omission(Field::NetworkVpn), Some(OmitReason::Malformed));
        // Up, with a gateway and a routable address: online whatever its kind.
        assert_eq!(
            (n.online, n.ipv4, n.ipv6),
            (Some(true), Some(true), Some(false))
        );
        assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
    }
}

#[test]
fn a_broken_if_type_under_a_tunnel_omits_the_access_type() {
    let r = net(vec![
        adapter("ethernet_32769", u32::MAX, &["192.168.1.5"], Some(25), None),
        adapter("tunnel_32770", 131, &["10.8.0.2"], Some(1), None),
    ]);
    assert_eq!(r.network.vpn, Some(true));
    assert_eq!(
        r.omission(Field::NetworkConnectionType),
        Some(OmitReason::Malformed)
    );
}

#[test]
fn a_valid_but_unlisted_if_type_is_unknown() {
    // 1 is IF_TYPE_OTHER, 144 IEEE 1394: real links the report has no word for.
    for t in [1, 144] {
        let r = net(vec![adapter(
            "other_32768",
            t,
            &["192.168.1.5"],
            Some(25),
            None,
        )]);
        let n = &r.network;
        assert_eq!(n.connection_type, Some(ConnectionType::Unknown), "{t}");
        assert_eq!((n.online, n.vpn), (Some(true), Some(false)), "{t}");
    }
}
