//! A capture replays what was read, failures included where a snapshot can say them: a file
//! over the read cap stays over the cap (not an empty directory), a directory read as a file
//! stays a directory, and a failure a snapshot cannot hold (permission denied) leaves the
//! entry out and replays as "not found". Entries whose mere presence is the evidence
//! (`/sys/class/net/IF/wireless`, `device`) survive the capture.

use std::sync::Arc;

use devprobe::source::{
    Answer, FILE_LIMIT, InterfaceAddr, Query, Recording, Snapshot, SnapshotEntry, Source,
    SourceError,
};
use devprobe::{Collector, ConnectionType, Consent, Field, OmitReason, Platform, Purpose, Report};

fn collect(source: impl Source + 'static) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(source).build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

/// The report from `source`, the capture of it, and the report from the capture.
fn capture(source: impl Source + 'static) -> (Report, Snapshot, Report) {
    let rec = Arc::new(Recording::new(source));
    let original = collect(rec.clone());
    let snap = rec.to_snapshot();
    let replay = collect(snap.clone());
    (original, snap, replay)
}

/// The capture's entry at `rel` (`"fs/etc/os-release"`), if any.
fn entry(snap: &Snapshot, rel: &str) -> Option<SnapshotEntry> {
    snap.entries().into_iter().find(|e| match e {
        SnapshotEntry::File(p, _) | SnapshotEntry::Dir(p) | SnapshotEntry::Link(p, _) => p == rel,
        _ => false,
    })
}

/// A Debian 12 machine whose /etc holds `os-release` as given (plus `debian_version`, which
/// the legacy fallback lists and reads).
fn debian_with_os_release(os_release: Vec<u8>) -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file("/etc/os-release", os_release)
        .file("/etc/debian_version", "12.5\n")
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
}

#[test]
fn os_release_over_the_cap_is_captured_over_the_cap_not_as_a_directory() {
    // The tester's case: 70 KiB of os-release, padded with comments after real keys.
    let mut big = b"NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n".to_vec();
    big.resize(70 * 1024, b'#');
    let (original, snap, replay) = capture(debian_with_os_release(big));
    assert_eq!(
        original.omission(Field::OsName),
        Some(OmitReason::Malformed),
        "{original:?}"
    );
    match entry(&snap, "fs/etc/os-release") {
        Some(SnapshotEntry::File(_, bytes)) => assert_eq!(bytes.len(), FILE_LIMIT + 1),
        other => panic!("fs/etc/os-release captured as {other:?}"),
    }
    assert_eq!(replay.os, original.os);
    assert_eq!(replay.omitted, original.omitted);
    assert_eq!(replay.omission(Field::OsName), Some(OmitReason::Malformed));
}

#[test]
fn a_directory_read_as_a_file_is_captured_as_a_directory() {
    let device = Snapshot::new(Platform::Linux)
        .dir("/etc/os-release")
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
    let (original, snap, replay) = capture(device);
    assert_eq!(
        original.omission(Field::OsName),
        Some(OmitReason::Unreadable)
    );
    assert_eq!(
        entry(&snap, "fs/etc/os-release"),
        Some(SnapshotEntry::Dir("fs/etc/os-release".into()))
    );
    assert_eq!(replay.omitted, original.omitted);
}

/// A device whose os-release is listed in /etc but refuses to be read.
struct Refusing(Snapshot);

impl Source for Refusing {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        match q {
            Query::File(p) if p == "/etc/os-release" => Err(SourceError::PermissionDenied),
            _ => self.0.query(q),
        }
    }
}

#[test]
fn a_refused_read_is_left_out_and_replays_as_not_found() {
    let device = debian_with_os_release(b"ID=debian\n".to_vec());
    let (original, snap, replay) = capture(Refusing(device));
    assert_eq!(
        original.omission(Field::OsName),
        Some(OmitReason::Unreadable)
    );
    // Neither the file nor an empty directory in its place.
    assert_eq!(entry(&snap, "fs/etc/os-release"), None);
    // The documented loss: a snapshot cannot refuse a read, so the replay says not found.
    assert_eq!(replay.omission(Field::OsName), Some(OmitReason::NotFound));
}

#[test]
fn wifi_and_hardware_evidence_seen_only_in_a_listing_survive_the_capture() {
    // wlan0 is Wi-Fi only because its directory lists `wireless` and `phy80211`; eth0 is a
    // physical NIC only because it lists `device`. Neither entry is read, only seen.
    let route = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
                 wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n";
    let device = Snapshot::new(Platform::Linux)
        .file("/proc/net/route", route)
        .file("/sys/class/net/wlan0/type", "1\n")
        .file(
            "/sys/class/net/wlan0/uevent",
            "INTERFACE=wlan0\nIFINDEX=3\n",
        )
        .file("/sys/class/net/wlan0/operstate", "up\n")
        .dir("/sys/class/net/wlan0/wireless")
        .link("/sys/class/net/wlan0/phy80211", "../../ieee80211/phy0")
        .link("/sys/class/net/wlan0/device", "../../../0000:00:14.3")
        .interfaces(vec![InterfaceAddr::new(
            "wlan0",
            "192.168.1.77".parse().unwrap(),
            Some(24),
        )]);
    let (original, _, replay) = capture(device);
    assert_eq!(original.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(replay.network, original.network);

    let offline_wired = Snapshot::new(Platform::Linux)
        .file("/proc/net/route", &route[..route.find("wlan0").unwrap()])
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/operstate", "up\n")
        .link("/sys/class/net/eth0/device", "../../../0000:00:1f.6")
        .interfaces(vec![InterfaceAddr::new(
            "eth0",
            "192.168.1.9".parse().unwrap(),
            Some(24),
        )]);
    let (original, _, replay) = capture(offline_wired);
    // No default route: the address of the physical NIC, known physical by its `device`.
    assert_eq!(
        original.network.ip.unwrap().address,
        Some("192.168.1.0".parse().unwrap())
    );
    assert_eq!(replay.network, original.network);
}
