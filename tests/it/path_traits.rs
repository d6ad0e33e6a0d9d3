//! The catalog 2 path fields (issue 13) from snapshot folders of each platform:
//! `network.metered`, `network.constrained`, `network.cellular_generation`, `network.nat64`,
//! and the vendor network-type names RTC SDKs use.

use std::path::Path;

use devprobe::source::Snapshot;
use devprobe::{
    CellularGeneration, Collector, ConnectionType, Consent, OmitReason, Purpose, Report,
};
use devprobe::{Field, vendor};

fn report(fixture: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let snapshot = Snapshot::from_dir(&dir).unwrap();
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant([Purpose::Connectivity]);
    collector.collect().unwrap()
}

#[test]
fn android_lte_with_an_nr_nsa_override_is_5g_and_its_clat_is_nat64() {
    let r = report("android/hand-built/lte_with_nr_nsa_override_and_clat");
    assert_eq!(r.network.connection_type, Some(ConnectionType::Cell));
    assert_eq!(
        r.network.connection_subtype,
        Some(devprobe::ConnectionSubtype::Lte)
    );
    assert_eq!(r.network.cellular_generation, Some(CellularGeneration::G5));
    assert_eq!(r.network.metered, Some(true));
    assert_eq!(r.network.constrained, Some(true));
    assert_eq!(r.network.nat64, Some(true));
    let json = serde_json::to_value(&r.network).unwrap();
    assert_eq!(json["cellular_generation"], "5g");
    assert_eq!(vendor::wechat_network_type(&r.network), "5g");
    assert_eq!(vendor::livekit_network_type(&r.network), Some("cellular"));
}

#[test]
fn an_apple_path_expensive_and_constrained_is_metered_and_constrained() {
    let r = report("ios/hand-built/cellular_path_expensive_and_constrained");
    assert_eq!(r.network.metered, Some(true));
    assert_eq!(r.network.constrained, Some(true));
    assert_eq!(r.network.cellular_generation, Some(CellularGeneration::G5));
    // Apple shows no CLAT to an app: NAT64 is not guessed.
    assert_eq!(
        r.omission(Field::NetworkNat64),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn a_windows_wwan_adapter_over_its_data_limit_is_metered_and_constrained() {
    let r = report("windows/hand-built/wwan_variable_cost_over_data_limit");
    assert_eq!(r.network.connection_type, Some(ConnectionType::Cell));
    assert_eq!(r.network.metered, Some(true));
    assert_eq!(r.network.constrained, Some(true));
    // No subtype pushed: the generation is not guessed from the adapter type.
    assert_eq!(
        r.omission(Field::NetworkCellularGeneration),
        Some(OmitReason::Unsupported)
    );
    assert_eq!(
        r.omission(Field::NetworkNat64),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn windows_cost_levels_and_flags() {
    use devprobe::source::{AdapterAddress, AdapterInfo, ConnectionCost, CostLevel};
    let with = |cost: Option<ConnectionCost>| {
        let mut a = AdapterInfo::new("ethernet_32769", 6, true);
        a.addresses = vec![AdapterAddress::new(
            "192.168.1.20".parse().unwrap(),
            Some(24),
        )];
        a.ipv4_gateway = true;
        a.ipv4_metric = Some(25);
        a.cost = cost;
        let consent = Consent::new();
        let c = Collector::builder(consent.clone())
            .source(Snapshot::new(devprobe::Platform::Windows).adapters(vec![a]))
            .build();
        consent.grant([Purpose::Connectivity]);
        let n = c.collect().unwrap();
        (
            n.network.metered,
            n.network.constrained,
            n.omission(Field::NetworkMetered),
        )
    };
    let unrestricted = ConnectionCost::new(CostLevel::Unrestricted);
    assert_eq!(with(Some(unrestricted)), (Some(false), Some(false), None));
    let mut fixed = ConnectionCost::new(CostLevel::Fixed);
    fixed.approaching_data_limit = true;
    assert_eq!(with(Some(fixed)), (Some(true), Some(true), None));
    let mut roaming = unrestricted;
    roaming.roaming = true;
    assert_eq!(with(Some(roaming)), (Some(true), Some(false), None));
    let unknown = ConnectionCost::new(CostLevel::Unknown);
    assert_eq!(
        with(Some(unknown)),
        (None, None, Some(OmitReason::NotFound))
    );
    assert_eq!(with(None), (None, None, Some(OmitReason::NotFound)));
}

#[test]
fn linux_never_guesses_metered_and_sees_clat4_and_the_nat64_route() {
    let base = Snapshot::new(devprobe::Platform::Linux).file(
        "/proc/net/route",
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n",
    );
    let collect = |snap: Snapshot| {
        let consent = Consent::new();
        let c = Collector::builder(consent.clone()).source(snap).build();
        consent.grant([Purpose::Connectivity]);
        c.collect().unwrap()
    };
    let plain = collect(base.clone().file("/sys/class/net/eth0/operstate", "up\n"));
    assert_eq!(
        plain.omission(Field::NetworkMetered),
        Some(OmitReason::Unsupported)
    );
    assert_eq!(
        plain.omission(Field::NetworkConstrained),
        Some(OmitReason::Unsupported)
    );
    assert_eq!(plain.network.nat64, Some(false));
    let clat = collect(
        base.clone()
            .file("/sys/class/net/clat4/operstate", "unknown\n"),
    );
    assert_eq!(clat.network.nat64, Some(true));
    let down = collect(
        base.clone()
            .file("/sys/class/net/clat4/operstate", "down\n"),
    );
    assert_eq!(down.network.nat64, Some(false));
    // 64:ff9b::/96 via fe80::1 on eth0.
    let route = collect(
        base.file("/sys/class/net/eth0/operstate", "up\n").file(
            "/proc/net/ipv6_route",
            "0064ff9b000000000000000000000000 60 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0\n",
        ),
    );
    assert_eq!(route.network.nat64, Some(true));
}

#[test]
fn generations_of_every_subtype_and_the_vendor_names() {
    use devprobe::CellularGeneration as G;
    use devprobe::ConnectionSubtype as S;
    let cases = [
        (S::Gprs, Some(G::G2)),
        (S::Edge, Some(G::G2)),
        (S::Cdma20001xrtt, Some(G::G2)),
        (S::Umts, Some(G::G3)),
        (S::Hspap, Some(G::G3)),
        (S::EvdoB, Some(G::G3)),
        (S::TdScdma, Some(G::G3)),
        (S::Lte, Some(G::G4)),
        (S::LteCa, Some(G::G4)),
        (S::Nr, Some(G::G5)),
        (S::Nrnsa, Some(G::G5)),
        (S::Iwlan, None),
    ];
    for (subtype, generation) in cases {
        assert_eq!(G::of_subtype(subtype), generation, "{subtype}");
    }
    for s in S::ALL {
        // Every subtype has a decided answer (a new one fails to compile in of_subtype).
        let _ = G::of_subtype(*s);
    }
    let mut n = devprobe::Network::default();
    assert_eq!(vendor::wechat_network_type(&n), "unknown");
    n.connection_type = Some(ConnectionType::Wifi);
    assert_eq!(vendor::wechat_network_type(&n), "wifi");
    assert_eq!(vendor::livekit_network_type(&n), Some("wifi"));
    n.connection_type = Some(ConnectionType::Wired);
    assert_eq!(vendor::livekit_network_type(&n), Some("ethernet"));
    n.connection_type = Some(ConnectionType::Unavailable);
    assert_eq!(vendor::wechat_network_type(&n), "none");
    n.connection_type = Some(ConnectionType::Cell);
    assert_eq!(vendor::wechat_network_type(&n), "unknown");
    n.cellular_generation = Some(G::G3);
    assert_eq!(vendor::wechat_network_type(&n), "3g");
    assert_eq!(vendor::livekit_network_type(&n), Some("cellular"));
}
