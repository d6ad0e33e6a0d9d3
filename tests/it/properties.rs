//! Property tests: any device of any platform — random files at the paths the probes read (any
//! bytes, invalid UTF-8, sizes up to 1 MiB, right at and just past the read caps), directories
//! where files belong, symlinks that loop or lead anywhere, random properties, sysctls, registry
//! values, interfaces, displays and host pushes — gives a report that keeps every invariant of
//! [`hardening_support::check_report`]: strings valid UTF-8, trimmed, free of control characters
//! and at most 256 bytes; every field present or omitted exactly once, each omission with its
//! reason; no identifier read, no MAC address or host name reported.
//!
//! The paths come from recording collects over every fixture and corpus case
//! ([`hardening_support::probed`]). Case counts keep the file under ~30 s in a debug build.

use crate::hardening_support;

use std::net::IpAddr;
use std::path::Path;
use std::sync::OnceLock;

use devprobe::source::{
    AdapterAddress, AdapterInfo, DisplayInfo, FILE_LIMIT, InterfaceAddr, RegValue, WindowsVersion,
    read_limit,
};
use devprobe::{ConnectionType, HostNetwork, HostOrientation, IpPrecision, Orientation, Platform};
use hardening_support::{HostileDevice, Node, PLATFORMS, Probed, collect_and_check};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};

const MIB: usize = 1024 * 1024;

fn probed(platform: Platform) -> &'static Probed {
    static ALL: OnceLock<Vec<(Platform, Probed)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let fixtures = hardening_support::fixtures(Path::new(env!("CARGO_MANIFEST_DIR")));
        PLATFORMS
            .iter()
            .map(|p| (*p, hardening_support::probed(*p, &fixtures)))
            .collect()
    });
    &all.iter().find(|(p, _)| *p == platform).unwrap().1
}

fn hostname() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(hardening_support::this_hostname)
}

/// Bytes a file may hold: random bytes (mostly invalid UTF-8), random text, a plausible line
/// with junk around it, or a large file (up to 1 MiB, or right at / just past the cap).
fn contents() -> impl Strategy<Value = Vec<u8>> {
    let words = select(vec![
        "ID=debian\nVERSION_ID=\"12\"\n",
        "LENOVO\n",
        "To Be Filled By O.E.M.",
        "connected\n",
        "1920x1080\n",
        "-256\n",
        "0.0383203125\n",
        "0, -1, 0; -1, 0, 0; 0, 0, 1\n",
        "DEVTYPE=wlan\n",
        "1\n",
        "up\n",
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
         eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        "ro.product.model=Pixel 8\n",
        "\u{feff}NAME=\"Caf\u{e9}\"\n",
    ]);
    prop_oneof![
        6 => prop::collection::vec(any::<u8>(), 0..256),
        3 => prop::collection::vec(any::<char>(), 0..64).prop_map(|c| c.into_iter().collect::<String>().into_bytes()),
        3 => (words, prop::collection::vec(any::<u8>(), 0..8), any::<bool>()).prop_map(|(w, junk, before)| {
            let mut v = w.as_bytes().to_vec();
            if before { v.splice(0..0, junk); } else { v.extend(junk); }
            v
        }),
        1 => (0..=MIB, any::<u8>()).prop_map(|(n, b)| vec![b; n]),
        1 => (any::<bool>(), any::<u8>()).prop_map(|(over, b)| vec![b; FILE_LIMIT + usize::from(over)]),
    ]
}

/// One node of the file tree: where (an index into the probed paths, or a new name in a probed
/// directory) and what (a file, a directory where a file belongs, a link).
fn node(probed: &'static Probed) -> impl Strategy<Value = Node> {
    let files = if probed.files.is_empty() {
        vec!["/etc/os-release".to_owned()]
    } else {
        probed.files.clone()
    };
    let dirs = if probed.dirs.is_empty() {
        vec!["/etc".to_owned()]
    } else {
        probed.dirs.clone()
    };
    let name = prop_oneof![
        select(vec![
            "iio:device0",
            "card0-eDP-1",
            "eth0",
            "wlan0",
            "uevent",
            "type",
            "modes",
            "status",
            "centos-release",
            "build.prop",
            ".",
            "..",
            ""
        ])
        .prop_map(str::to_owned),
        prop::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect::<String>()),
    ];
    let path = prop_oneof![
        4 => select(files),
        2 => (select(dirs), name).prop_map(|(d, n)| format!("{d}/{n}")),
    ];
    let target = prop_oneof![
        path.clone(),
        Just("/".to_owned()),
        Just("..".to_owned()),
        prop::collection::vec(any::<char>(), 0..16).prop_map(|c| c.into_iter().collect::<String>()),
    ];
    prop_oneof![
        6 => (path.clone(), contents()).prop_map(|(p, b)| Node::File(p, b)),
        1 => path.clone().prop_map(Node::Dir),
        1 => (path.clone(), target).prop_map(|(p, t)| Node::Link(p, t)),
        1 => path.prop_map(|p| Node::Link(p.clone(), p)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..48).prop_map(|c| c.into_iter().collect()),
        select(vec![
            "",
            " ",
            "Pixel 8",
            "14",
            "34",
            "MacBookPro18,3",
            "iPhone15,2",
            "22631",
            "unknown",
            "\u{0}",
            "\n\n"
        ])
        .prop_map(str::to_owned),
        (0..=MIB).prop_map(|n| "x".repeat(n)),
    ]
}

fn named(names: &[String]) -> impl Strategy<Value = (String, String)> + use<> {
    let names = if names.is_empty() {
        vec!["x.y".to_owned()]
    } else {
        names.to_vec()
    };
    (prop_oneof![4 => select(names), 1 => text()], text())
}

fn reg_value() -> impl Strategy<Value = RegValue> {
    prop_oneof![
        text().prop_map(RegValue::Sz),
        any::<u32>().prop_map(RegValue::Dword),
        any::<u64>().prop_map(RegValue::Qword),
        prop::collection::vec(text(), 0..4).prop_map(RegValue::MultiSz),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(RegValue::Binary),
    ]
}

fn interface() -> impl Strategy<Value = InterfaceAddr> {
    let name = prop_oneof![
        select(vec![
            "eth0", "wlan0", "tun0", "rmnet0", "lo", "en0", "", "a/b", ".."
        ])
        .prop_map(str::to_owned),
        text(),
    ];
    let ip = prop_oneof![
        any::<u32>().prop_map(|v| IpAddr::from(std::net::Ipv4Addr::from(v))),
        any::<u128>().prop_map(|v| IpAddr::from(std::net::Ipv6Addr::from(v))),
    ];
    (name, ip, any::<Option<u8>>(), any::<Option<u32>>()).prop_map(|(n, ip, prefix, index)| {
        let mut a = InterfaceAddr::new(n, ip, prefix);
        a.index = index;
        a
    })
}

fn adapter() -> impl Strategy<Value = AdapterInfo> {
    let name = prop_oneof![
        select(vec!["wireless_32768", "ethernet_32769", "tunnel_32770", ""])
            .prop_map(str::to_owned),
        text(),
    ];
    let if_type = prop_oneof![
        select(vec![6u32, 23, 24, 53, 71, 131, 243, 244]),
        any::<u32>()
    ];
    let ip = prop_oneof![
        any::<u32>().prop_map(|v| IpAddr::from(std::net::Ipv4Addr::from(v))),
        any::<u128>().prop_map(|v| IpAddr::from(std::net::Ipv6Addr::from(v))),
    ];
    let addresses = prop::collection::vec((ip, any::<Option<u8>>()), 0..4);
    (
        name,
        if_type,
        any::<bool>(),
        addresses,
        any::<(Option<u32>, Option<u32>, bool, bool)>(),
    )
        .prop_map(|(n, t, up, addrs, (m4, m6, g4, g6))| {
            let mut a = AdapterInfo::new(n, t, up);
            a.addresses = addrs
                .into_iter()
                .map(|(ip, p)| AdapterAddress::new(ip, p))
                .collect();
            (a.ipv4_metric, a.ipv6_metric, a.ipv4_gateway, a.ipv6_gateway) = (m4, m6, g4, g6);
            a
        })
}

/// A device of `platform` that says anything at the places its probes read.
fn device(platform: Platform) -> impl Strategy<Value = HostileDevice> {
    let probed = probed(platform);
    let registry_names: Vec<String> = probed
        .registry
        .iter()
        .map(|(k, v)| format!("{k}\n{v}"))
        .collect();
    let registry = (
        prop_oneof![
            4 => select(if registry_names.is_empty() { vec!["HKLM\\x\nv".to_owned()] } else { registry_names }),
            1 => text(),
        ],
        reg_value(),
    )
        .prop_map(|(kv, d)| {
            let (k, v) = kv.split_once('\n').unwrap_or((kv.as_str(), ""));
            (k.to_owned(), v.to_owned(), d)
        });
    let host_orientation = (select(Orientation::ALL), any::<Option<u16>>()).prop_map(|(o, d)| {
        let mut pushed = HostOrientation::new(o, None).unwrap();
        pushed.rotation_degrees = d;
        pushed
    });
    let host_network = (
        prop::option::of(select(ConnectionType::ALL)),
        any::<Option<bool>>(),
        any::<Option<bool>>(),
    )
        .prop_map(|(t, vpn, online)| {
            let mut n = HostNetwork::default();
            n.connection_type = t;
            n.vpn = vpn;
            n.online = online;
            n
        });
    (
        prop::collection::vec(node(probed), 0..24),
        prop::option::of(prop::collection::vec(named(&probed.properties), 0..24)),
        prop::collection::vec(named(&probed.sysctls), 0..12),
        prop::collection::vec(registry, 0..12),
        prop::option::of(any::<(u32, u32, u32, u8)>()),
        (
            prop::option::of(prop::collection::vec(interface(), 0..6)),
            prop::option::of(prop::collection::vec(adapter(), 0..4)),
        ),
        prop::option::of(any::<(u32, u32, u16)>()),
        (
            prop::option::of(host_orientation),
            prop::option::of(host_network),
        ),
        select(IpPrecision::ALL),
    )
        .prop_map(
            move |(
                nodes,
                properties,
                sysctls,
                registry,
                version,
                (interfaces, adapters),
                display,
                host,
                ip,
            )| {
                let mut d = HostileDevice::new(platform);
                d.nodes = nodes;
                d.properties = properties;
                d.sysctls = sysctls;
                d.registry = registry;
                d.windows_version = version.map(|(a, b, c, t)| WindowsVersion::new(a, b, c, t));
                d.interfaces = interfaces;
                d.adapters = adapters;
                d.display = display.map(|(w, h, r)| DisplayInfo::new(w, h, r));
                (d.host.orientation, d.host.network) = host;
                d.ip_precision = ip;
                d
            },
        )
}

fn check_platform(platform: Platform, cases: u32) {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&device(platform), |device| {
        collect_and_check(&device, hostname())
            .map(|_| ())
            .map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{platform}: {e}");
    }
}

#[test]
fn any_linux_device_gives_a_clean_report() {
    check_platform(Platform::Linux, 2048);
}

#[test]
fn any_android_device_gives_a_clean_report() {
    check_platform(Platform::Android, 768);
}

#[test]
fn any_windows_device_gives_a_clean_report() {
    check_platform(Platform::Windows, 768);
}

#[test]
fn any_macos_device_gives_a_clean_report() {
    check_platform(Platform::MacOs, 512);
}

#[test]
fn any_ios_device_gives_a_clean_report() {
    check_platform(Platform::Ios, 512);
}

/// The probed paths are what they should be: the discovery reached the probes' real reads.
#[test]
fn the_probed_paths_include_each_probe_s_first_reads() {
    let linux = probed(Platform::Linux);
    for p in [
        "/etc/os-release",
        "/proc/sys/kernel/osrelease",
        "/sys/class/dmi/id/sys_vendor",
        "/proc/net/route",
    ] {
        assert!(
            linux.files.iter().any(|f| f == p),
            "{p} not in {:?}",
            linux.files
        );
    }
    assert!(
        probed(Platform::Android)
            .properties
            .iter()
            .any(|p| p == "ro.product.model")
    );
    assert!(
        probed(Platform::MacOs)
            .sysctls
            .iter()
            .any(|p| p == "hw.model")
    );
    let windows = &probed(Platform::Windows).registry;
    assert!(
        windows.iter().any(|(_, v)| v == "SystemManufacturer"),
        "{windows:?}"
    );
    assert_eq!(read_limit("/proc/net/route"), devprobe::source::TABLE_LIMIT);
}

/// A file that is 1 byte over the cap at every path the Linux probes read: each field that
/// needed one is omitted (`malformed` for the too-large file), nothing is guessed.
#[test]
fn a_device_whose_every_file_is_over_the_cap() {
    let mut d = HostileDevice::new(Platform::Linux);
    for p in &probed(Platform::Linux).files {
        d.nodes
            .push(Node::File(p.clone(), vec![b'7'; read_limit(p) + 1]));
    }
    let report = collect_and_check(&d, hostname()).unwrap();
    assert_eq!(report.os.name, None);
    assert_eq!(report.device.model, None);
    assert_eq!(
        report.omission(devprobe::Field::OsName),
        Some(devprobe::OmitReason::Malformed)
    );
}
