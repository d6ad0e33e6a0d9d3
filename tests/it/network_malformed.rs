//! Route tables the kernel could not have written are not facts: random bytes, a header with
//! lines none of which parses, IPv4 routes without their header. The fields resting on them
//! are omitted `malformed`; real empty tables (an IPv4 header alone, an empty file of either
//! family: tests/netns.rs `ipv6_only` shows a namespace without IPv4 gets an empty
//! /proc/net/route) still say offline; one bad line among good ones is skipped; and a capture
//! keeps both readings.

use devprobe::source::{InterfaceAddr, Recording, Snapshot};
use devprobe::{
    Collector, ConnectionType, Consent, Field, IpPrecision, OmitReason, Platform, Purpose, Report,
};

const ROUTE_HEADER: &str =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

/// eth0's default route via 192.168.1.1, metric 100, little-endian as an x86 kernel writes it.
const V4_DEFAULT: &str = "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";

/// eth0's default route via 2001:db8:1::1, metric 1024.
const V6_DEFAULT: &str = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
                          20010db8000100000000000000000001 00000400 00000001 00000000 00000003     eth0\n";

/// The tester's bad line: an interface name and three fields that are not hex words.
const BAD_V4_LINE: &str = "eth0\tZZZZ\tQQQ\t00\n";
const BAD_V6_LINE: &str = "eth0 ZZZZ QQQ 00\n";
const RANDOM_BYTES: &[u8] = b"\x8f\x03\xff\xfe\x00\x9c\x11\n\xd7\xe2 garbage \x01\x7f\n";

const NETWORK: [Field; 6] = [
    Field::NetworkConnectionType,
    Field::NetworkVpn,
    Field::NetworkOnline,
    Field::NetworkIpv4,
    Field::NetworkIpv6,
    Field::NetworkIp,
];

/// A wired eth0 that is up, with 192.168.1.9/24 and 2001:db8:1::9/64, and the given tables
/// (`None`: the file is absent).
fn device(v4: Option<&[u8]>, v6: Option<&[u8]>) -> Snapshot {
    let base = "/sys/class/net/eth0";
    let mut snap = Snapshot::new(Platform::Linux)
        .file(&format!("{base}/type"), "1\n")
        .file(&format!("{base}/uevent"), "INTERFACE=eth0\nIFINDEX=2\n")
        .file(&format!("{base}/operstate"), "up\n")
        .file(&format!("{base}/carrier"), "1\n")
        .link(&format!("{base}/device"), "../../../0000:00:1f.6")
        .interfaces(vec![
            InterfaceAddr::new("eth0", "192.168.1.9".parse().unwrap(), Some(24)),
            InterfaceAddr::new("eth0", "2001:db8:1::9".parse().unwrap(), Some(64)),
        ]);
    if let Some(v4) = v4 {
        snap = snap.file("/proc/net/route", v4);
    }
    if let Some(v6) = v6 {
        snap = snap.file("/proc/net/ipv6_route", v6);
    }
    snap
}

fn collect(source: impl devprobe::source::Source + 'static) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .ip_precision(IpPrecision::Truncated)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

#[track_caller]
fn all_malformed(r: &Report) {
    for f in NETWORK {
        assert_eq!(r.omission(f), Some(OmitReason::Malformed), "{f:?} in {r:?}");
    }
    let n = &r.network;
    assert_eq!(
        (n.connection_type, n.vpn, n.online, n.ipv4, n.ipv6, n.ip),
        (None, None, None, None, None, None)
    );
}

/// Everything omitted `malformed` but `network.ipv6`, which an empty IPv6 table answers.
#[track_caller]
fn malformed_but_ipv6(r: &Report) {
    for f in NETWORK.into_iter().filter(|f| *f != Field::NetworkIpv6) {
        assert_eq!(r.omission(f), Some(OmitReason::Malformed), "{f:?} in {r:?}");
    }
    let n = &r.network;
    assert_eq!(
        (n.connection_type, n.vpn, n.online, n.ipv4, n.ipv6, n.ip),
        (None, None, None, None, Some(false), None)
    );
}

#[test]
fn tester_cases_random_bytes_and_unparseable_lines_in_both_tables_are_malformed() {
    let header_and_bad_line = format!("{ROUTE_HEADER}{BAD_V4_LINE}");
    for (v4, v6) in [
        (RANDOM_BYTES, RANDOM_BYTES),
        (header_and_bad_line.as_bytes(), BAD_V6_LINE.as_bytes()),
        (header_and_bad_line.as_bytes(), RANDOM_BYTES),
    ] {
        all_malformed(&collect(device(Some(v4), Some(v6))));
    }
}

#[test]
fn ipv4_routes_without_their_header_are_malformed() {
    // The kernel writes the header before any route.
    for v4 in [
        V4_DEFAULT.to_owned(),
        format!("\n{V4_DEFAULT}{BAD_V4_LINE}"),
    ] {
        let r = collect(device(Some(v4.as_bytes()), Some(b"")));
        malformed_but_ipv6(&r);
    }
}

#[test]
fn real_empty_tables_are_still_offline() {
    // A header-only IPv4 table, or an empty one (a namespace that never had IPv4), and an
    // empty or missing IPv6 file: what a kernel writes without routes.
    for (v4, v6) in [
        (ROUTE_HEADER, Some(&b""[..])),
        (ROUTE_HEADER, Some(b"\n")),
        (ROUTE_HEADER, None),
        ("", Some(b"")),
        ("\n", None),
    ] {
        let r = collect(device(Some(v4.as_bytes()), v6));
        let n = &r.network;
        assert_eq!(n.connection_type, Some(ConnectionType::Unavailable));
        assert_eq!(
            (n.vpn, n.online, n.ipv4, n.ipv6),
            (Some(false), Some(false), Some(false), Some(false))
        );
        // No default route: the physical NIC's address, as before.
        assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
    }
}

#[test]
fn a_malformed_ipv4_table_next_to_an_ipv6_default_omits_only_ipv4() {
    let r = collect(device(Some(RANDOM_BYTES), Some(V6_DEFAULT.as_bytes())));
    let n = &r.network;
    assert_eq!(r.omission(Field::NetworkIpv4), Some(OmitReason::Malformed));
    assert_eq!(n.ipv4, None);
    assert_eq!(n.ipv6, Some(true));
    assert_eq!(n.online, Some(true));
    assert_eq!(n.vpn, Some(false));
    assert_eq!(n.connection_type, Some(ConnectionType::Wired));
    assert_eq!(n.ip.unwrap().address, Some("2001:db8:1::".parse().unwrap()));
}

#[test]
fn a_malformed_ipv6_table_next_to_an_ipv4_default_omits_only_ipv6() {
    let v4 = format!("{ROUTE_HEADER}{V4_DEFAULT}");
    let r = collect(device(Some(v4.as_bytes()), Some(BAD_V6_LINE.as_bytes())));
    let n = &r.network;
    assert_eq!(r.omission(Field::NetworkIpv6), Some(OmitReason::Malformed));
    assert_eq!(n.ipv6, None);
    assert_eq!(
        (n.ipv4, n.online, n.vpn, n.connection_type),
        (
            Some(true),
            Some(true),
            Some(false),
            Some(ConnectionType::Wired)
        )
    );
    assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
}

#[test]
fn one_bad_line_among_good_ones_is_skipped() {
    let v4 = format!("{ROUTE_HEADER}{BAD_V4_LINE}{V4_DEFAULT}");
    let v6 = format!("{BAD_V6_LINE}{V6_DEFAULT}");
    let r = collect(device(Some(v4.as_bytes()), Some(v6.as_bytes())));
    let n = &r.network;
    assert!(
        r.omitted.iter().all(|o| !NETWORK.contains(&o.field)),
        "{r:?}"
    );
    assert_eq!(
        (n.ipv4, n.ipv6, n.online, n.vpn, n.connection_type),
        (
            Some(true),
            Some(true),
            Some(true),
            Some(false),
            Some(ConnectionType::Wired)
        )
    );
    assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
}

/// Collects through a recording and replays the capture: the network facts must not change.
fn capture_and_replay(snap: Snapshot) -> (Report, Report) {
    let rec = std::sync::Arc::new(Recording::new(snap));
    let original = collect(rec.clone());
    let replay = collect(rec.to_snapshot());
    (original, replay)
}

#[test]
fn a_capture_keeps_malformed_tables_malformed_and_good_lines_good() {
    let header_and_bad_line = format!("{ROUTE_HEADER}{BAD_V4_LINE}");
    let mixed_v4 = format!("{ROUTE_HEADER}{BAD_V4_LINE}{V4_DEFAULT}");
    let mixed_v6 = format!("{BAD_V6_LINE}{V6_DEFAULT}");
    for (v4, v6) in [
        (RANDOM_BYTES, RANDOM_BYTES),
        (header_and_bad_line.as_bytes(), BAD_V6_LINE.as_bytes()),
        (mixed_v4.as_bytes(), mixed_v6.as_bytes()),
        // Offline: the address comes from the physical NIC, known by its listed `device`.
        (ROUTE_HEADER.as_bytes(), b"".as_slice()),
        (b"".as_slice(), b"".as_slice()),
    ] {
        let (original, replay) = capture_and_replay(device(Some(v4), Some(v6)));
        assert_eq!(replay.network, original.network, "{v4:?} {v6:?}");
        assert_eq!(replay.omitted, original.omitted, "{v4:?} {v6:?}");
    }
}
