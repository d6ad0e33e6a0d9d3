//! Hostile devices and the report invariants, shared by `tests/it/properties.rs`, `tests/resource_limits.rs` and the fuzz crate
//! (`fuzz/src/lib.rs` includes this file with `#[path]`), so the property tests and the fuzzer
//! build devices the same way and hold reports to the same rules.
//!
//! - [`probed`]: every file, directory, link, property, sysctl and registry value the probes ask
//!   for, found by running a [`Recording`] collect over every snapshot fixture in `tests/fixtures`
//!   and every corpus case in `../shared/corpus`.
//! - [`HostileDevice`]: a plain description of a device (files with any bytes, directories where
//!   files belong, symlinks, interfaces, host pushes) that becomes a [`Snapshot`] with identifier
//!   canaries planted at every identifier source.
//! - [`check_report`]: what every report must satisfy, whatever the device says.

// Each test crate (and the fuzz crate) uses a different part of this module.
#![allow(dead_code)]
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use devprobe::disclosure::SCHEMA_VERSION;
use devprobe::minimize::{MAX_STRING_BYTES, truncate_ip};
use devprobe::source::{
    AdapterAddress, AdapterInfo, DisplayInfo, InterfaceAddr, Query, Recording, RegValue, Snapshot,
    WindowsVersion,
};
use devprobe::{Collector, Consent, Field, HostFacts, IpPrecision, Platform, Purpose, Report};

/// The platforms a probe exists for.
pub const PLATFORMS: [Platform; 5] = [
    Platform::Linux,
    Platform::Android,
    Platform::Windows,
    Platform::MacOs,
    Platform::Ios,
];

/// What the probes of one platform ask for.
#[derive(Debug, Default, Clone)]
pub struct Probed {
    /// Paths of file and link queries.
    pub files: Vec<String>,
    /// Paths of directory queries, and the parents of every file path.
    pub dirs: Vec<String>,
    /// Android property names.
    pub properties: Vec<String>,
    /// Apple sysctl names.
    pub sysctls: Vec<String>,
    /// Windows registry (key, value) pairs.
    pub registry: Vec<(String, String)>,
}

/// Every snapshot directory (one holding a `platform` file) under `dir`.
fn snapshot_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("platform").is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    children.sort();
    for child in children {
        if child.is_dir() && !child.is_symlink() {
            snapshot_dirs(&child, out);
        }
    }
}

/// The fixtures and corpus cases of the repository at `root`, loaded.
pub fn fixtures(root: &Path) -> Vec<Snapshot> {
    let mut dirs = Vec::new();
    snapshot_dirs(&root.join("tests/fixtures"), &mut dirs);
    for corpus in ["linux-release/cases", "android/cases"] {
        snapshot_dirs(&root.join("../shared/corpus").join(corpus), &mut dirs);
    }
    dirs.iter()
        .filter_map(|d| Snapshot::from_dir(d).ok())
        .collect()
}

/// Devices built here that lead the probes deep, for the paths no fixture on disk reaches: a
/// Linux machine with IPv4 and IPv6 default routes over Ethernet, Wi-Fi, a tunnel, a bridge and
/// a bond, with DMI and device-tree values.
pub fn seed_devices() -> Vec<Snapshot> {
    let route = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
        eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n\
        wlan0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n\
        tun0\t00000080\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0\n\
        br0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n\
        bond0\t0000010A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
    let route6 = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
        fe800000000000000000000000000001 00000400 00000001 00000000 00000003 wlan0\n";
    let mut linux = Snapshot::new(Platform::Linux)
        .file("/proc/net/route", route)
        .file("/proc/net/ipv6_route", route6)
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/uevent", "INTERFACE=eth0\nIFINDEX=2\n")
        .dir("/sys/class/net/eth0/device")
        .file(
            "/sys/class/net/wlan0/uevent",
            "DEVTYPE=wlan\nINTERFACE=wlan0\n",
        )
        .dir("/sys/class/net/wlan0/wireless")
        .file("/sys/class/net/tun0/tun_flags", "0x1001\n")
        .file("/sys/class/net/br0/uevent", "DEVTYPE=bridge\n")
        .dir("/sys/class/net/br0/brif/eth1")
        .file("/sys/class/net/bond0/uevent", "DEVTYPE=bond\n")
        .link("/sys/class/net/bond0/lower_eth1", "../eth1")
        .file("/sys/class/net/eth1/type", "1\n")
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .file("/sys/class/dmi/id/product_name", "20UJ001TRT\n")
        .file("/sys/class/dmi/id/product_version", "ThinkPad T14s Gen 1\n")
        .file("/sys/class/dmi/id/chassis_type", "10\n")
        .file(
            "/proc/device-tree/model",
            "Raspberry Pi 4 Model B Rev 1.4\0",
        )
        .file(
            "/proc/device-tree/compatible",
            "raspberrypi,4-model-b\0brcm,bcm2711\0",
        );
    for iface in ["eth0", "wlan0", "tun0", "br0", "bond0", "eth1"] {
        linux = linux
            .file(&format!("/sys/class/net/{iface}/operstate"), "up\n")
            .file(&format!("/sys/class/net/{iface}/carrier"), "1\n");
    }
    let addr = |name: &str, ip: &str, prefix: u8| {
        ip.parse()
            .ok()
            .map(|ip| InterfaceAddr::new(name, ip, Some(prefix)))
    };
    let interfaces = [
        addr("eth0", "192.168.1.7", 24),
        addr("wlan0", "192.168.2.9", 24),
        addr("wlan0", "2001:db8::7", 64),
        addr("tun0", "10.8.0.2", 24),
    ];
    let bios = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
    let nt = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";
    let sz = |s: &str| RegValue::Sz(s.to_owned());
    let mut wifi = AdapterInfo::new("wireless_32768", 71, true);
    wifi.addresses = ["192.168.2.9", "2001:db8::9"]
        .iter()
        .filter_map(|ip| ip.parse().ok())
        .map(|ip| AdapterAddress::new(ip, Some(24)))
        .collect();
    wifi.ipv4_metric = Some(35);
    wifi.ipv4_gateway = true;
    let mut tunnel = AdapterInfo::new("tunnel_32770", 131, true);
    tunnel.ipv4_metric = Some(5);
    tunnel.ipv4_gateway = true;
    let windows = Snapshot::new(Platform::Windows)
        .windows_version(WindowsVersion::new(10, 0, 22631, 1))
        .registry(bios, "SystemManufacturer", sz("LENOVO"))
        .registry(bios, "SystemProductName", sz("20UJ001TRT"))
        .registry(bios, "SystemVersion", sz("ThinkPad T14s Gen 1"))
        .registry(bios, "SystemFamily", sz("ThinkPad T14s Gen 1"))
        .registry(nt, "CurrentBuildNumber", sz("22631"))
        .registry(nt, "DisplayVersion", sz("23H2"))
        .registry(nt, "UBR", RegValue::Dword(4460))
        .registry(nt, "InstallationType", sz("Client"))
        .adapters(vec![
            wifi,
            tunnel,
            AdapterInfo::new("ethernet_32769", 6, false),
        ])
        .display(DisplayInfo::new(1920, 1080, 0));
    vec![
        linux.interfaces(interfaces.into_iter().flatten().collect()),
        windows,
    ]
}

/// A collector over `source` with every purpose granted. No deadline: every read runs on the
/// calling thread, so a run is deterministic (a fuzz input replays the same way) and starts no
/// worker threads; the deadline has its own tests.
pub fn collector_over(
    source: impl devprobe::source::Source + 'static,
    ip: IpPrecision,
) -> Collector {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .ip_precision(ip)
        .deadline(std::time::Duration::MAX)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector
}

/// What the probes of `platform` ask for across `fixtures` (and an empty device of `platform`).
pub fn probed(platform: Platform, fixtures: &[Snapshot]) -> Probed {
    let mut files = BTreeSet::new();
    let mut dirs = BTreeSet::new();
    let mut properties = BTreeSet::new();
    let mut sysctls = BTreeSet::new();
    let mut registry = BTreeSet::new();
    let seeds = seed_devices();
    let empty = Snapshot::new(platform);
    let of_platform = fixtures.iter().chain(&seeds).filter(|s| {
        use devprobe::source::Source;
        s.platform() == platform
    });
    for snap in std::iter::once(&empty).chain(of_platform) {
        if platform == Platform::Android {
            // Properties emulated from partition files are read inside the snapshot, not
            // through queries: the partition files themselves are what the device says.
            for e in snap.entries() {
                if let devprobe::source::SnapshotEntry::File(p, _) = e
                    && let Some(p) = p.strip_prefix("fs")
                {
                    files.insert(p.to_owned());
                }
            }
        }
        let rec = Arc::new(Recording::new(snap.clone()));
        let _ = collector_over(rec.clone(), IpPrecision::Full).collect();
        for q in rec.queries() {
            match q {
                Query::File(p) | Query::Link(p) => {
                    files.insert(p);
                }
                Query::Dir(p) => {
                    dirs.insert(p);
                }
                Query::Property(n) => {
                    properties.insert(n);
                }
                Query::Sysctl(n) => {
                    sysctls.insert(n);
                }
                Query::Registry(k, v) => {
                    registry.insert((k, v));
                }
                _ => {}
            }
        }
    }
    for f in &files {
        let mut p = f.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            if parent.is_empty() {
                break;
            }
            dirs.insert(parent.to_owned());
            p = parent;
        }
    }
    Probed {
        files: files.into_iter().collect(),
        dirs: dirs.into_iter().collect(),
        properties: properties.into_iter().collect(),
        sysctls: sysctls.into_iter().collect(),
        registry: registry.into_iter().collect(),
    }
}

/// A value planted at every identifier source; it must never reach a report.
pub const CANARY: &str = "idcanary7f3e9b";
/// A MAC address planted at every interface's `address` file.
pub const CANARY_MAC: &str = "02:42:ac:11:00:07";

/// Files that hold identifiers (never read by devprobe).
pub const IDENTIFIER_FILES: &[&str] = &[
    "/etc/machine-id",
    "/var/lib/dbus/machine-id",
    "/etc/hostname",
    "/proc/sys/kernel/hostname",
    "/proc/sys/kernel/random/boot_id",
    "/sys/class/dmi/id/product_serial",
    "/sys/class/dmi/id/product_uuid",
    "/sys/class/dmi/id/board_serial",
    "/sys/class/dmi/id/chassis_serial",
    "/proc/device-tree/serial-number",
    "/sys/firmware/devicetree/base/serial-number",
];
/// Android properties that hold identifiers.
pub const IDENTIFIER_PROPERTIES: &[&str] = &[
    "ro.serialno",
    "ro.boot.serialno",
    "ril.serialnumber",
    "net.hostname",
    "persist.sys.device_name",
];
/// Apple sysctls that hold identifiers.
pub const IDENTIFIER_SYSCTLS: &[&str] = &["kern.uuid", "kern.hostname", "kern.bootsessionuuid"];
/// Windows registry values that hold identifiers.
pub const IDENTIFIER_REGISTRY: &[(&str, &str)] = &[
    (r"HKLM\SOFTWARE\Microsoft\Cryptography", "MachineGuid"),
    (
        r"HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName",
        "ComputerName",
    ),
    (
        r"HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName",
        "ComputerName",
    ),
    (
        r"HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters",
        "Hostname",
    ),
];

/// Whether a query asks for an identifier.
pub fn is_identifier_query(q: &Query) -> bool {
    match q {
        Query::File(p) | Query::Link(p) => {
            IDENTIFIER_FILES.contains(&p.as_str())
                || (p.starts_with("/sys/class/net/") && p.ends_with("/address"))
        }
        Query::Property(n) => IDENTIFIER_PROPERTIES.contains(&n.as_str()),
        Query::Sysctl(n) => IDENTIFIER_SYSCTLS.contains(&n.as_str()),
        Query::Registry(k, v) => IDENTIFIER_REGISTRY
            .iter()
            .any(|(ik, iv)| ik.eq_ignore_ascii_case(k) && iv.eq_ignore_ascii_case(v)),
        _ => false,
    }
}

/// One entry of a hostile device's file tree.
#[derive(Debug, Clone)]
pub enum Node {
    /// A file with any bytes.
    File(String, Vec<u8>),
    /// A directory (also where a file belongs).
    Dir(String),
    /// A symbolic link to any target.
    Link(String, String),
}

/// A device that says anything.
#[derive(Debug, Clone)]
pub struct HostileDevice {
    /// Its platform.
    pub platform: Platform,
    /// Files, directories and links, applied in order (a later one replaces an earlier one).
    pub nodes: Vec<Node>,
    /// Android properties (`None`: emulated from `build.prop` files).
    pub properties: Option<Vec<(String, String)>>,
    /// Apple sysctls.
    pub sysctls: Vec<(String, String)>,
    /// Windows registry values.
    pub registry: Vec<(String, String, RegValue)>,
    /// What `RtlGetVersion` says.
    pub windows_version: Option<WindowsVersion>,
    /// The interface list.
    pub interfaces: Option<Vec<InterfaceAddr>>,
    /// The Windows adapter list.
    pub adapters: Option<Vec<AdapterInfo>>,
    /// The display.
    pub display: Option<DisplayInfo>,
    /// What the host pushed.
    pub host: HostFacts,
    /// How much of the IP address the host app asks for.
    pub ip_precision: IpPrecision,
}

impl HostileDevice {
    /// An empty device of `platform`.
    pub fn new(platform: Platform) -> HostileDevice {
        HostileDevice {
            platform,
            nodes: Vec::new(),
            properties: None,
            sysctls: Vec::new(),
            registry: Vec::new(),
            windows_version: None,
            interfaces: None,
            adapters: None,
            display: None,
            host: HostFacts::default(),
            ip_precision: IpPrecision::Full,
        }
    }

    /// The snapshot, with identifier canaries planted over whatever the device says there:
    /// [`CANARY`] and `hostname` at every identifier source, [`CANARY_MAC`] in every interface
    /// directory's `address`.
    pub fn snapshot(&self, hostname: &str) -> Snapshot {
        let mut s = Snapshot::new(self.platform);
        let mut net_dirs = BTreeSet::new();
        for n in &self.nodes {
            s = match n {
                Node::File(p, b) => s.file(p, b),
                Node::Dir(p) => s.dir(p),
                Node::Link(p, t) => s.link(p, t),
            };
            let path = match n {
                Node::File(p, _) | Node::Dir(p) | Node::Link(p, _) => p,
            };
            if let Some(rest) = path.strip_prefix("/sys/class/net/")
                && let Some(iface) = rest.split('/').next().filter(|i| !i.is_empty())
            {
                net_dirs.insert(iface.to_owned());
            }
        }
        for iface in net_dirs {
            s = s.file(&format!("/sys/class/net/{iface}/address"), CANARY_MAC);
        }
        let id_value = format!("{CANARY} {hostname}\n");
        for p in IDENTIFIER_FILES {
            s = s.file(p, &id_value);
        }
        if let Some(props) = &self.properties {
            for (k, v) in props {
                s = s.property(k, v);
            }
            for p in IDENTIFIER_PROPERTIES {
                s = s.property(p, &id_value);
            }
        }
        for (k, v) in &self.sysctls {
            s = s.sysctl(k, v);
        }
        for p in IDENTIFIER_SYSCTLS {
            s = s.sysctl(p, &id_value);
        }
        for (k, v, d) in &self.registry {
            s = s.registry(k, v, d.clone());
        }
        for (k, v) in IDENTIFIER_REGISTRY {
            s = s.registry(k, v, RegValue::Sz(id_value.clone()));
        }
        if let Some(v) = self.windows_version {
            s = s.windows_version(v);
        }
        if let Some(i) = &self.interfaces {
            s = s.interfaces(i.clone());
        }
        if let Some(a) = &self.adapters {
            s = s.adapters(a.clone());
        }
        if let Some(d) = self.display {
            s = s.display(d);
        }
        s.host(self.host)
    }

    /// Whether `needle` occurs (case-insensitively, in text as sanitizing leaves it: control
    /// and invisible characters dropped, blank runs folded) anywhere the device says something
    /// other than at an identifier source: then a report may repeat it without having read an
    /// identifier.
    pub fn says(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        let has = |hay: &[u8]| !needle.is_empty() && plain(hay).contains(&needle);
        self.nodes.iter().any(|n| match n {
            Node::File(p, b) => has(p.as_bytes()) || has(b),
            Node::Dir(p) => has(p.as_bytes()),
            Node::Link(p, t) => has(p.as_bytes()) || has(t.as_bytes()),
        }) || self
            .properties
            .iter()
            .flatten()
            .chain(&self.sysctls)
            .any(|(k, v)| has(k.as_bytes()) || has(v.as_bytes()))
            || self.registry.iter().any(|(k, v, d)| {
                has(k.as_bytes()) || has(v.as_bytes()) || has(format!("{d:?}").as_bytes())
            })
            || self
                .interfaces
                .iter()
                .flatten()
                .any(|i| has(i.name.as_bytes()))
            || self
                .adapters
                .iter()
                .flatten()
                .any(|a| has(a.name.as_bytes()))
    }
}

/// `bytes` as text the way a report could show it: decoded as UTF-8 and as Latin-1, control and
/// invisible characters dropped, blank runs folded to one space, lower-cased.
fn plain(bytes: &[u8]) -> String {
    let utf8 = String::from_utf8_lossy(bytes);
    let latin1: String = bytes.iter().map(|b| char::from(*b)).collect();
    let fold = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else if !(c.is_control()
                || c == '\u{fffd}'
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
            {
                out.extend(c.to_lowercase());
            }
        }
        out
    };
    format!("{}\n{}", fold(&utf8), fold(&latin1))
}

/// This machine's host name (empty when it cannot be read).
pub fn this_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

/// Collects `device` with every purpose granted; checks the report and what was read.
///
/// # Errors
/// The first broken invariant, described.
pub fn collect_and_check(device: &HostileDevice, hostname: &str) -> Result<Report, String> {
    let rec = Arc::new(Recording::new(device.snapshot(hostname)));
    let report = collector_over(rec.clone(), device.ip_precision)
        .collect()
        .map_err(|e| format!("collect failed with every purpose granted: {e}"))?;
    if let Some(q) = rec.queries().iter().find(|q| is_identifier_query(q)) {
        return Err(format!("an identifier was read: {q:?}"));
    }
    check_report(&report, device, Purpose::ALL, hostname)?;
    Ok(report)
}

/// Every string in `value`, with its JSON path.
fn strings<'a>(value: &'a serde_json::Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        serde_json::Value::String(s) => out.push((path, s)),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings(v, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                strings(v, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Whether `s` holds a MAC address (`aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff`).
pub fn has_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(17).any(|w| {
        let sep = w.get(2).copied();
        matches!(sep, Some(b':' | b'-'))
            && w.iter().enumerate().all(|(i, c)| {
                if i % 3 == 2 {
                    Some(*c) == sep
                } else {
                    c.is_ascii_hexdigit()
                }
            })
    })
}

/// The report invariants: every string valid UTF-8 (no U+FFFD left by a lossy decode), trimmed,
/// free of control characters and at most [`MAX_STRING_BYTES`]; every field present or omitted
/// exactly once, `not_permitted` exactly for the fields of purposes not granted; rotation a
/// quarter turn; an IP address as minimized as its precision says; no identifier (a MAC
/// address, a planted canary, this machine's host name unless the device itself says it).
///
/// # Errors
/// The first broken invariant, described.
pub fn check_report(
    report: &Report,
    device: &HostileDevice,
    granted: &[Purpose],
    hostname: &str,
) -> Result<(), String> {
    let json = serde_json::to_value(report).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    strings(&json, String::new(), &mut all);
    for (path, s) in &all {
        if s.trim() != *s {
            return Err(format!("{path} is not trimmed: {s:?}"));
        }
        if s.is_empty() {
            return Err(format!("{path} is empty"));
        }
        if let Some(c) = s.chars().find(|c| c.is_control() || *c == '\u{fffd}') {
            return Err(format!("{path} holds {c:?}: {s:?}"));
        }
        if s.len() > MAX_STRING_BYTES {
            return Err(format!("{path} is {} bytes long", s.len()));
        }
        if has_mac(s) {
            return Err(format!("{path} holds a MAC address: {s:?}"));
        }
        // The fuzzer can learn the canary from this very comparison and write it elsewhere
        // on the device; only a canary the device did not say elsewhere proves a leak.
        if s.contains(CANARY) && !device.says(CANARY) {
            return Err(format!("{path} holds an identifier canary: {s:?}"));
        }
        // A name of a few letters ("vm") turns up in random text by chance; such a machine's
        // name is covered by the canary planted beside it at every identifier source.
        let is_host = |w: &str| hostname.len() >= 4 && w.eq_ignore_ascii_case(hostname);
        if s.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(is_host)
            && !device.says(hostname)
        {
            return Err(format!("{path} holds this machine's host name: {s:?}"));
        }
    }
    if report.schema_version != SCHEMA_VERSION || report.platform != device.platform {
        return Err(format!(
            "schema {} / platform {} for a {} device",
            report.schema_version, report.platform, device.platform
        ));
    }
    for field in Field::ALL {
        let mut at = &json;
        for part in field.as_str().split('.') {
            at = at.get(part).unwrap_or(&serde_json::Value::Null);
        }
        let present = usize::from(!at.is_null());
        let omissions: Vec<_> = report
            .omitted
            .iter()
            .filter(|o| o.field == *field)
            .collect();
        if present + omissions.len() != 1 {
            return Err(format!(
                "{field}: present {present}, omitted {} times",
                omissions.len()
            ));
        }
        let purpose = devprobe::catalog::entry_of(*field).map(|e| e.purpose);
        let permitted = purpose.is_some_and(|p| granted.contains(&p));
        let not_permitted = omissions
            .first()
            .is_some_and(|o| o.reason == devprobe::OmitReason::NotPermitted);
        if not_permitted == permitted {
            return Err(format!(
                "{field}: permitted {permitted}, omissions {omissions:?}"
            ));
        }
    }
    if report.omitted.len() > Field::ALL.len() {
        return Err(format!("{} omissions", report.omitted.len()));
    }
    let screen = &report.screen;
    if let Some(d) = screen.rotation_degrees
        && !matches!(d, 0 | 90 | 180 | 270)
    {
        return Err(format!("screen.rotation_degrees is {d}"));
    }
    if screen.source.is_some() && screen.orientation.is_none() && screen.rotation_degrees.is_none()
    {
        return Err("screen.source without an orientation".into());
    }
    if let Some(ip) = &report.network.ip {
        let ok = match (ip.precision, ip.address) {
            (IpPrecision::Omit, a) => a.is_none(),
            (IpPrecision::Truncated, Some(a)) => truncate_ip(a) == a,
            (IpPrecision::Full, Some(_)) => true,
            _ => false,
        };
        if !ok {
            return Err(format!("network.ip {ip:?} breaks its precision"));
        }
    }
    Ok(())
}
