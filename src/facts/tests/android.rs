use std::net::IpAddr;

use crate::facts::{Context, Facts, run};
use crate::field::{Field, FieldSet};
use crate::host::{HostFacts, HostNetwork};
use crate::report::{ConnectionSubtype, ConnectionType, IpPrecision, OmitReason, Platform};
use crate::source::{InterfaceAddr, Recording, Snapshot, Source};

fn probe_with(source: &dyn Source, host: HostFacts) -> Facts {
    run(&Context {
        source,
        wanted: FieldSet::all(),
        host,
        ip_precision: IpPrecision::Full,
        previous_orientation: None,
    })
}

fn probe(source: &dyn Source) -> Facts {
    probe_with(source, HostFacts::default())
}

fn props(pairs: &[(&str, &str)]) -> Snapshot {
    pairs
        .iter()
        .fold(Snapshot::new(Platform::Android), |s, (k, v)| {
            s.property(k, v)
        })
}

#[test]
fn plain_keys_win_and_market_name_becomes_the_model() {
    let f = probe(&props(&[
        ("ro.product.brand", "Xiaomi"),
        ("ro.product.manufacturer", "Xiaomi"),
        ("ro.product.model", "2112123AG"),
        ("ro.product.marketname", "Xiaomi 12X"),
        ("ro.build.version.release", "12"),
        ("ro.build.version.sdk", "31"),
        ("ro.build.id", "SKQ1.211230.001"),
    ]));
    assert_eq!(f.device.brand.as_deref(), Some("Xiaomi"));
    assert_eq!(f.device.manufacturer.as_deref(), Some("Xiaomi"));
    assert_eq!(f.device.model.as_deref(), Some("Xiaomi 12X"));
    assert_eq!(f.device.model_identifier.as_deref(), Some("2112123AG"));
    assert_eq!(f.os.name.as_deref(), Some("Android"));
    assert_eq!(f.os.id.as_deref(), Some("android"));
    assert_eq!(f.os.version.as_deref(), Some("12"));
    assert_eq!(f.os.sdk_level, Some(31));
    assert_eq!(f.os.build_id.as_deref(), Some("SKQ1.211230.001"));
}

#[test]
fn empty_or_unknown_plain_keys_fall_back_past_generic_partitions() {
    // The product partition (first in the default order) carries Qualcomm's QSSI identity.
    let f = probe(&props(&[
        ("ro.product.brand", ""),
        ("ro.product.manufacturer", "unknown"),
        ("ro.product.product.brand", "qti"),
        ("ro.product.product.manufacturer", "QUALCOMM"),
        ("ro.product.product.model", "qssi system image for arm64"),
        ("ro.product.odm.brand", "Redmi"),
        ("ro.product.odm.manufacturer", "Xiaomi"),
        ("ro.product.odm.model", "22101316G"),
    ]));
    assert_eq!(f.device.brand.as_deref(), Some("Redmi"));
    assert_eq!(f.device.manufacturer.as_deref(), Some("Xiaomi"));
    assert_eq!(f.device.model.as_deref(), Some("22101316G"));
    // No market name: the code is the model and, still, the identifier.
    assert_eq!(f.device.model_identifier.as_deref(), Some("22101316G"));
}

#[test]
fn a_generic_plain_value_never_wins_and_nothing_else_means_omitted() {
    let f = probe(&props(&[
        ("ro.product.model", "mainline"),
        ("ro.product.system.model", "mainline"),
        ("ro.product.brand", "qti"),
    ]));
    assert_eq!(f.device.model, None);
    assert_eq!(f.device.brand, None);
    assert_eq!(
        f.omitted.get(&Field::DeviceModel),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(
        f.omitted.get(&Field::DeviceBrand),
        Some(&OmitReason::NotFound)
    );
}

#[test]
fn a_partition_market_name_for_another_model_is_ignored() {
    let f = probe(&props(&[
        ("ro.product.model", "22101320G"),
        ("ro.product.property_source_order", "product,odm"),
        ("ro.product.product.model", "22101320C"),
        ("ro.product.product.marketname", "Redmi Note 12 Pro Speed"),
        ("ro.product.odm.model", "22101320G"),
        ("ro.product.odm.marketname", "POCO X5 Pro 5G"),
    ]));
    assert_eq!(f.device.model.as_deref(), Some("POCO X5 Pro 5G"));
    assert_eq!(f.device.model_identifier.as_deref(), Some("22101320G"));
}

#[test]
fn vendor_market_name_keys() {
    let f = probe(&props(&[
        ("ro.product.brand", "OPPO"),
        ("ro.product.model", "CPH2211"),
        ("ro.vendor.oplus.market.name", "OPPO Reno5 Z"),
    ]));
    assert_eq!(f.device.model.as_deref(), Some("OPPO Reno5 Z"));
    assert_eq!(f.device.model_identifier.as_deref(), Some("CPH2211"));
}

#[test]
fn a_64_kib_property_is_omitted_as_malformed() {
    let big = "A".repeat(64 * 1024);
    let f = probe(&props(&[
        ("ro.product.model", &big),
        ("ro.build.version.release", &big),
        ("ro.build.version.sdk", "thirty"),
        ("ro.product.brand", "google"),
    ]));
    assert_eq!(f.device.model, None);
    assert_eq!(
        f.omitted.get(&Field::DeviceModel),
        Some(&OmitReason::Malformed)
    );
    assert_eq!(
        f.omitted.get(&Field::OsVersion),
        Some(&OmitReason::Malformed)
    );
    assert_eq!(
        f.omitted.get(&Field::OsSdkLevel),
        Some(&OmitReason::Malformed)
    );
    assert!(f.device.brand.is_some());
}

#[test]
fn a_getprop_txt_with_broken_brackets_gives_malformed_omissions() {
    let dir = std::env::temp_dir().join(format!("devprobe-broken-getprop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("platform"), "android\n").unwrap();
    std::fs::write(
        dir.join("getprop.txt"),
        "[ro.product.model]: [Pixel 5\n[ro.product.brand]: [google]\n[ro.build.version.release: [11]\n\
         [ro.build.version.sdk]: 30\r\n[ro.build.id]: [RQ1A\n",
    )
    .unwrap();
    let snap = Snapshot::from_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let f = probe(&snap);
    assert_eq!(f.device.brand.as_deref(), Some("Google"));
    for field in [
        Field::DeviceModel,
        Field::OsVersion,
        Field::OsSdkLevel,
        Field::OsBuildId,
    ] {
        assert_eq!(
            f.omitted.get(&field),
            Some(&OmitReason::Malformed),
            "{field}"
        );
    }
}

#[test]
fn identifiers_are_never_queried() {
    let rec = Recording::new(props(&[
        ("ro.serialno", "R58N12345"),
        ("ro.product.model", "SM-A125F"),
    ]));
    let _ = probe(&rec);
    let asked: Vec<String> = rec.queries().iter().map(|q| q.name().to_owned()).collect();
    assert!(asked.iter().any(|n| n == "ro.product.model"));
    assert!(
        !asked.iter().any(|n| crate::source::deny::property(n)),
        "{asked:?}"
    );
}

#[test]
fn host_network_wins_and_the_ip_comes_from_its_interface() {
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    let snap = Snapshot::new(Platform::Android).interfaces(vec![
        InterfaceAddr::new("lo", ip("127.0.0.1"), Some(8)),
        InterfaceAddr::new("wlan0", ip("192.168.1.23"), Some(24)),
        InterfaceAddr::new("rmnet_data0", ip("100.72.9.4"), Some(30)),
        InterfaceAddr::new("rmnet_data0", ip("2001:db8:7:1::9"), Some(64)),
    ]);
    let pushed = HostFacts {
        orientation: None,
        network: Some(HostNetwork {
            connection_type: Some(ConnectionType::Cell),
            connection_subtype: Some(ConnectionSubtype::Nr),
            vpn: Some(false),
            online: Some(true),
            ..HostNetwork::default()
        }),
    };
    let f = probe_with(&snap, pushed);
    assert_eq!(f.network.connection_type, Some(ConnectionType::Cell));
    assert_eq!(f.network.connection_subtype, Some(ConnectionSubtype::Nr));
    assert_eq!(f.network.vpn, Some(false));
    assert_eq!(f.network.ip.and_then(|i| i.address), Some(ip("100.72.9.4")));
    assert_eq!(f.network.ipv6, Some(true));

    // Nothing pushed: Wi-Fi ranks over cellular, as Android's default network does.
    let f = probe(&snap);
    assert_eq!(f.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(
        f.network.ip.and_then(|i| i.address),
        Some(ip("192.168.1.23"))
    );
    assert_eq!(f.network.ipv6, Some(false));
    assert_eq!(
        f.omitted.get(&Field::NetworkConnectionSubtype),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(f.network.online, Some(true));
}

#[test]
fn no_interfaces_and_no_host_means_reasons_not_guesses() {
    let f = probe(&Snapshot::new(Platform::Android));
    assert_eq!(f.network.connection_type, None);
    assert_eq!(
        f.omitted.get(&Field::NetworkConnectionType),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(
        f.omitted.get(&Field::NetworkIp),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(
        f.omitted.get(&Field::ScreenOrientation),
        Some(&OmitReason::Unsupported)
    );
}
