//! A capture never carries a MAC address, not even inside an interface name: systemd names a
//! USB Ethernet adapter `enx` + its MAC and a USB Wi-Fi stick `wlx` + its MAC. The capture
//! renames them to `enx000000000001`-style placeholders, the same in every path, link target,
//! route table and interface list, so the replay gives the identical report; `uevent` keeps
//! only `DEVTYPE`. Reports and change events never hold interface names at all.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use devprobe::source::{
    Answer, InterfaceAddr, Query, Recording, Snapshot, SnapshotEntry, Source, SourceError,
};
use devprobe::{
    Collector, ConnectionType, Consent, IpPrecision, Platform, Purpose, Report, WatchOptions,
};

/// A USB Ethernet adapter (Realtek OUI) and a USB Wi-Fi stick, named by systemd's MAC policy,
/// and a third adapter whose name was spelled with upper-case digits by a udev rule.
const ENX: &str = "enx00e04c680a1b";
const WLX: &str = "wlx7cdd90a1b2c3";
const ENX_UPPER: &str = "ENXA0CEC8112233";
/// What must never appear in a capture, in any case.
const SECRETS: [&str; 5] = [
    "00e04c680a1b",
    "7cdd90a1b2c3",
    "a0cec8112233",
    "00:e0:4c:68:0a:1b",
    "7c:dd:90:a1:b2:c3",
];

const ROUTE_HEADER: &str =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

fn v4_route(iface: &str, dest: Ipv4Addr, len: u32, gw: Ipv4Addr, metric: u32) -> String {
    let hex = |v: u32| format!("{:08X}", v.swap_bytes());
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    let flags = if gw.is_unspecified() { 1 } else { 3 };
    format!(
        "{iface}\t{}\t{}\t{flags:04X}\t0\t0\t{metric}\t{}\t0\t0\t0\n",
        hex(u32::from(dest)),
        hex(u32::from(gw)),
        hex(mask)
    )
}

fn v6_default(iface: &str, via: Ipv6Addr, metric: u32) -> String {
    format!(
        "{:032x} 00 {:032x} 00 {:032x} {metric:08x} 00000001 00000000 00000003 {iface:>8}\n",
        0u128,
        0u128,
        u128::from(via)
    )
}

/// A sysfs interface directory: `type` 1, `uevent`, `operstate` up, carrier, its MAC in
/// `address` (never to be read), and a `device` link when it is hardware.
fn nic(snap: Snapshot, name: &str, devtype: Option<&str>, mac: &str, usb_port: &str) -> Snapshot {
    let base = format!("/sys/class/net/{name}");
    let uevent = match devtype {
        Some(d) => format!("DEVTYPE={d}\nINTERFACE={name}\nIFINDEX=3\n"),
        None => format!("INTERFACE={name}\nIFINDEX=4\n"),
    };
    snap.file(&format!("{base}/type"), "1\n")
        .file(&format!("{base}/uevent"), uevent)
        .file(&format!("{base}/operstate"), "up\n")
        .file(&format!("{base}/carrier"), "1\n")
        .file(&format!("{base}/address"), format!("{mac}\n"))
        .link(&format!("{base}/device"), &format!("../../../{usb_port}"))
}

/// A laptop docked through a USB Ethernet adapter that is a member of bridge br0 (the egress,
/// metric 100), with a USB Wi-Fi stick as a second default (metric 600, and the IPv6 egress).
fn docked(with_bridge_default: bool) -> Snapshot {
    let any = Ipv4Addr::UNSPECIFIED;
    let mut v4 = ROUTE_HEADER.to_owned();
    if with_bridge_default {
        v4 += &v4_route("br0", any, 0, Ipv4Addr::new(192, 168, 1, 1), 100);
    }
    v4 += &v4_route(WLX, any, 0, Ipv4Addr::new(10, 1, 2, 1), 600);
    v4 += &v4_route("br0", Ipv4Addr::new(192, 168, 1, 0), 24, any, 100);
    let v6 = v6_default(WLX, "fe80::1".parse().unwrap(), 600);
    let snap = Snapshot::new(Platform::Linux)
        .file("/proc/net/route", v4)
        .file("/proc/net/ipv6_route", v6)
        .file("/sys/class/net/br0/type", "1\n")
        .file(
            "/sys/class/net/br0/uevent",
            "DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=5\n",
        )
        .file("/sys/class/net/br0/operstate", "up\n")
        .dir("/sys/class/net/br0/bridge")
        .link(
            &format!("/sys/class/net/br0/brif/{ENX}"),
            &format!("../../{ENX}/brport"),
        );
    let snap = nic(snap, ENX, None, "00:e0:4c:68:0a:1b", "2-1:1.0");
    nic(snap, WLX, Some("wlan"), "7c:dd:90:a1:b2:c3", "1-3:1.0")
        .dir(&format!("/sys/class/net/{WLX}/wireless"))
        .link(
            &format!("/sys/class/net/{WLX}/phy80211"),
            "../../ieee80211/phy0",
        )
        .interfaces(vec![
            InterfaceAddr::new("br0", "192.168.1.23".parse().unwrap(), Some(24)),
            InterfaceAddr::new(WLX, "10.1.2.3".parse().unwrap(), Some(24)),
            InterfaceAddr::new(WLX, "2001:db8:1:2::3".parse().unwrap(), Some(64)),
            InterfaceAddr::new(ENX_UPPER, "169.254.1.2".parse().unwrap(), Some(16)),
        ])
}

fn collect(source: impl Source + 'static) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .ip_precision(IpPrecision::Truncated)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

/// Every path, link target and file of the capture, as one text.
fn everything(snap: &Snapshot) -> String {
    let mut all = String::new();
    for e in snap.entries() {
        match e {
            SnapshotEntry::File(p, bytes) => {
                all += &format!("{p}\n{}\n", String::from_utf8_lossy(&bytes));
            }
            SnapshotEntry::Dir(p) => all += &format!("{p}\n"),
            SnapshotEntry::Link(p, target) => all += &format!("{p} -> {target}\n"),
            _ => {}
        }
    }
    all
}

fn file(snap: &Snapshot, rel: &str) -> String {
    snap.entries()
        .into_iter()
        .find_map(|e| match e {
            SnapshotEntry::File(p, b) if p == rel => Some(String::from_utf8(b).unwrap()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {rel} in\n{}", everything(snap)))
}

#[test]
fn mac_bearing_interface_names_are_renamed_everywhere_and_the_replay_agrees() {
    let rec = Arc::new(Recording::new(docked(true)));
    let original = collect(rec.clone());
    let n = &original.network;
    assert_eq!(n.connection_type, Some(ConnectionType::Wired));
    assert_eq!(
        (n.online, n.vpn, n.ipv4, n.ipv6),
        (Some(true), Some(false), Some(true), Some(true))
    );
    assert_eq!(n.ip.unwrap().address, Some("192.168.1.0".parse().unwrap()));
    // A link read through the recording (the probe only lists this one): its target holds
    // the name too.
    let link = rec.query(&Query::Link(format!("/sys/class/net/br0/brif/{ENX}")));
    assert_eq!(link, Ok(Answer::Text(format!("../../{ENX}/brport"))));

    let snap = rec.to_snapshot();
    let all = everything(&snap);
    let lower = all.to_ascii_lowercase();
    for secret in SECRETS {
        assert!(!lower.contains(secret), "capture holds {secret}:\n{all}");
    }

    // Numbered in order of first appearance: the Wi-Fi stick in the route table, the USB
    // Ethernet adapter in br0's member list, the upper-case one in the interface list.
    let route = file(&snap, "fs/proc/net/route");
    assert!(route.contains("\nwlx000000000001\t00000000\t"), "{route}");
    assert!(
        file(&snap, "fs/proc/net/ipv6_route").ends_with(" wlx000000000001\n"),
        "{all}"
    );
    assert!(
        all.contains("fs/sys/class/net/wlx000000000001/operstate\n"),
        "{all}"
    );
    assert!(
        all.contains("fs/sys/class/net/br0/brif/enx000000000002 -> ../../enx000000000002/brport\n"),
        "{all}"
    );
    // Listed, never read: kept as an empty entry, since its presence makes the NIC physical.
    assert!(
        all.contains("fs/sys/class/net/enx000000000002/device\n"),
        "{all}"
    );
    let interfaces = file(&snap, "interfaces.json");
    assert!(interfaces.contains("\"ENX000000000003\""), "{interfaces}");
    assert!(interfaces.contains("\"wlx000000000001\""), "{interfaces}");
    // uevent keeps only what the probe reads.
    assert_eq!(
        file(&snap, "fs/sys/class/net/br0/uevent"),
        "DEVTYPE=bridge\n"
    );
    assert_eq!(file(&snap, "fs/sys/class/net/enx000000000002/uevent"), "");

    let replay = collect(snap);
    assert_eq!(replay.network, original.network);
    assert_eq!(replay.omitted, original.omitted);
}

#[test]
fn a_usb_wifi_stick_replays_as_wifi_under_its_placeholder() {
    // Undocked: the USB Wi-Fi stick carries both families and is classified from sysfs.
    let rec = Arc::new(Recording::new(docked(false)));
    let original = collect(rec.clone());
    assert_eq!(original.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(
        original.network.ip.unwrap().address,
        Some("10.1.2.0".parse().unwrap())
    );
    let snap = rec.to_snapshot();
    let all = everything(&snap);
    for secret in SECRETS {
        assert!(
            !all.to_ascii_lowercase().contains(secret),
            "capture holds {secret}:\n{all}"
        );
    }
    // `DEVTYPE=wlan` decides: the folder is not listed, so `wireless` is not in the capture.
    assert!(
        !all.contains("fs/sys/class/net/wlx000000000001/wireless\n"),
        "{all}"
    );
    assert_eq!(
        file(&snap, "fs/sys/class/net/wlx000000000001/uevent"),
        "DEVTYPE=wlan\n"
    );
    let replay = collect(snap);
    assert_eq!(replay.network, original.network);
    assert_eq!(replay.omitted, original.omitted);
}

#[test]
fn reports_never_hold_interface_names() {
    let report = collect(docked(true));
    let json = serde_json::to_string(&report).unwrap();
    for name in ["br0", "enx", "wlx", "ENX"].into_iter().chain(SECRETS) {
        assert!(!json.contains(name), "report holds {name}: {json}");
    }
}

/// A device whose snapshot the test swaps.
struct Device(Mutex<Snapshot>);

impl Source for Device {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        self.0.lock().unwrap().query(q)
    }
}

#[test]
fn change_events_never_hold_interface_names() {
    let device = Arc::new(Device(Mutex::new(docked(true))));
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(&device))
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let sub = collector
        .subscribe_with(
            WatchOptions::default()
                .debounce(Duration::from_millis(100))
                .poll_interval(Duration::from_millis(30)),
        )
        .unwrap();
    // Undocked: the bridge's default goes, traffic moves to the USB Wi-Fi stick.
    *device.0.lock().unwrap() = docked(false);
    let change = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert!(change.route_changed);
    assert_eq!(change.network.connection_type, Some(ConnectionType::Wifi));
    let json = serde_json::to_string(&change).unwrap();
    for name in ["br0", "enx", "wlx", "ENX"].into_iter().chain(SECRETS) {
        assert!(!json.contains(name), "change holds {name}: {json}");
    }
}
