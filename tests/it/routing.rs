//! Routing correctness (issue 12, items 10–12): Linux policy routing read from `ip rule` /
//! `ip route show table all` text, macOS routing tables from `netstat -rn` text, and Windows
//! virtual adapters told apart from physical ones by their `MIB_IF_ROW2` flags. Each case gives
//! its exact input (a fixture folder or a built snapshot) and the exact expected facts.

use std::path::{Path, PathBuf};

use devprobe::source::Snapshot;
use devprobe::{Collector, ConnectionType, Consent, IpPrecision, Purpose, Report};

fn fixture(group: &str, name: &str) -> Snapshot {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(group)
        .join(name);
    Snapshot::from_dir(&dir).unwrap()
}

fn collect(snap: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(snap)
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

/// ip, type, vpn, online, ipv4, ipv6.
type Facts = (
    Option<String>,
    Option<ConnectionType>,
    Option<bool>,
    Option<bool>,
    Option<bool>,
    Option<bool>,
);

/// The network facts as one comparable tuple: ip, type, vpn, online, ipv4, ipv6.
fn facts(r: &Report) -> Facts {
    let n = &r.network;
    (
        n.ip.and_then(|ip| ip.address).map(|a| a.to_string()),
        n.connection_type,
        n.vpn,
        n.online,
        n.ipv4,
        n.ipv6,
    )
}

fn ip(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[test]
fn wg_quick_full_tunnel_is_a_vpn_over_wired() {
    // easy-wg-quick#48: eth0 10.137.0.41/24 (main default via 10.137.0.28), wg0 10.66.66.2/32
    // and fd42:42:42::2/128, `default dev wg0 table 51820`, `not fwmark 51820 table 51820` and
    // `table main suppress_prefixlength 0` for both families.
    let r = collect(fixture("linux/policy-routing", "wg-quick-full-tunnel"));
    assert_eq!(
        facts(&r),
        (
            ip("10.66.66.2"),
            Some(ConnectionType::Wired),
            Some(true),
            Some(true),
            Some(true),
            Some(true)
        )
    );
}

#[test]
fn tailscale_exit_node_table_52_with_masked_fwmark_rules() {
    let r = collect(fixture("linux/policy-routing", "tailscale-exit-node"));
    assert_eq!(
        facts(&r),
        (
            ip("100.101.102.103"),
            Some(ConnectionType::Wired),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn goto_named_table_iif_lo_and_throw() {
    let r = collect(fixture(
        "linux/policy-routing",
        "goto-named-tables-and-throw",
    ));
    assert_eq!(
        facts(&r),
        (
            ip("10.8.0.6"),
            Some(ConnectionType::Wired),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn wg_quick_kill_switch_is_offline() {
    let r = collect(fixture("linux/policy-routing", "wg-quick-kill-switch"));
    let (_, kind, vpn, online, v4, v6) = facts(&r);
    assert_eq!(
        (kind, vpn, online, v4, v6),
        (
            Some(ConnectionType::Unavailable),
            Some(false),
            Some(false),
            Some(false),
            Some(false)
        )
    );
    // No default route the kernel would use: the best physical interface's address.
    assert_eq!(facts(&r).0, ip("10.137.0.41"));
}

#[test]
fn routes_without_rules_use_the_kernel_default_rules() {
    // The same wg-quick tables with no rule dump: only `lookup local/main/default` apply, so
    // table 51820 is never consulted and eth0 carries the traffic.
    let mut snap = fixture("linux/policy-routing", "wg-quick-full-tunnel");
    snap = snap.rules(Vec::new());
    let r = collect(snap.clone());
    // An empty rule list is a kernel with every rule deleted: nothing routes.
    assert_eq!(facts(&r).2, Some(false));
    assert_eq!(facts(&r).3, Some(false));
    let dir = tempdir_with(
        &fixture("linux/policy-routing", "wg-quick-full-tunnel"),
        &["ip_rule.txt", "ip6_rule.txt"],
    );
    let r = collect(Snapshot::from_dir(dir.path()).unwrap());
    assert_eq!(
        facts(&r),
        (
            ip("10.137.0.41"),
            Some(ConnectionType::Wired),
            Some(false),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

/// A snapshot written to a temporary folder without the entries named in `skip`.
fn tempdir_with(snap: &Snapshot, skip: &[&str]) -> TempDir {
    let dir = TempDir::new();
    for entry in snap.entries() {
        match entry {
            devprobe::source::SnapshotEntry::File(p, b) if !skip.contains(&p.as_str()) => {
                let path = dir.path().join(&p);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, b).unwrap();
            }
            devprobe::source::SnapshotEntry::Dir(p) => {
                std::fs::create_dir_all(dir.path().join(p)).unwrap()
            }
            #[cfg(unix)]
            devprobe::source::SnapshotEntry::Link(p, t) => {
                let path = dir.path().join(&p);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(t, path).unwrap();
            }
            _ => {}
        }
    }
    dir
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "devprobe-routing-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_capture_round_trips_the_tables_as_ip_text() {
    let snap = fixture("linux/policy-routing", "wg-quick-full-tunnel");
    let dir = tempdir_with(&snap, &[]);
    for f in [
        "ip_route.txt",
        "ip6_route.txt",
        "ip_rule.txt",
        "ip6_rule.txt",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let again = collect(Snapshot::from_dir(dir.path()).unwrap());
    assert_eq!(facts(&again), facts(&collect(snap)));
}

#[test]
fn macos_tailscale_scoped_default_is_not_the_egress() {
    // tailscale#10318: the unscoped default is on en0; utun8's default is interface-scoped.
    let r = collect(fixture("macos/bug-reports", "tailscale-10318"));
    assert_eq!(
        facts(&r),
        (
            ip("172.20.10.5"),
            Some(ConnectionType::Unknown),
            Some(false),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn macos_full_tunnel_split_defaults_is_a_vpn() {
    let r = collect(fixture("macos/hand-built", "full-tunnel-split-defaults"));
    assert_eq!(
        facts(&r),
        (
            ip("10.64.12.7"),
            Some(ConnectionType::Unknown),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn macos_without_a_routing_table_keeps_the_interface_rule() {
    // The same device without netstat output: the tunnel with an address is taken for a VPN,
    // as before (routes are what tell a scoped default from the egress).
    let snap = fixture("macos/bug-reports", "tailscale-10318");
    let dir = tempdir_with(&snap, &["netstat_rn.txt"]);
    let r = collect(Snapshot::from_dir(dir.path()).unwrap());
    assert_eq!(facts(&r).2, Some(true));
}

#[test]
fn windows_tap_adapter_over_wifi_is_a_vpn() {
    // tap-windows6 PR #84: Wi-Fi IfType 71 192.168.1.23/24 metric 35, `ethernet_32777` IfType 6
    // 10.8.0.6/24 metric 5 with HardwareInterface false.
    let r = collect(fixture("windows/bug-reports", "tap-windows6-84"));
    assert_eq!(
        facts(&r),
        (
            ip("10.8.0.6"),
            Some(ConnectionType::Wifi),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

fn tap_adapters() -> Vec<devprobe::source::AdapterInfo> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/windows/bug-reports/tap-windows6-84/adapters.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn windows_virtual_adapter_alone_is_the_link_and_old_snapshots_keep_their_answer() {
    // A Hyper-V vEthernet (virtual, Ethernet) holding the only route: the link itself, wired.
    let mut alone = tap_adapters();
    alone.retain(|a| a.name != "wireless_32768");
    let r = collect(Snapshot::new(devprobe::Platform::Windows).adapters(alone));
    assert_eq!(
        facts(&r),
        (
            ip("10.8.0.6"),
            Some(ConnectionType::Wired),
            Some(false),
            Some(true),
            Some(true),
            Some(false)
        )
    );
    // Without the MIB_IF_ROW2 flags (an older adapters.json) the IfType alone decides, as before.
    let mut old = tap_adapters();
    for a in &mut old {
        a.hardware = None;
        a.physical_medium = None;
        a.media_type = None;
    }
    let r = collect(Snapshot::new(devprobe::Platform::Windows).adapters(old));
    assert_eq!(
        facts(&r),
        (
            ip("10.8.0.6"),
            Some(ConnectionType::Wired),
            Some(false),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn windows_physical_medium_and_layer3_virtual_adapters() {
    // A USB modem registered as Ethernet (IfType 6) on a wireless WAN medium is cellular; a
    // virtual adapter carrying only IP (MediaType 19) over it is a tunnel.
    let mut list = tap_adapters();
    list.retain(|a| a.name != "wireless_32768");
    list[0].hardware = Some(false);
    list[0].media_type = Some(19);
    let mut modem = list[0].clone();
    modem.name = "ethernet_32770".into();
    modem.hardware = Some(true);
    modem.media_type = Some(0);
    modem.physical_medium = Some(8);
    modem.ipv4_metric = Some(40);
    modem.addresses = vec![devprobe::source::AdapterAddress::new(
        "100.72.9.14".parse().unwrap(),
        Some(29),
    )];
    list.push(modem);
    let r = collect(Snapshot::new(devprobe::Platform::Windows).adapters(list));
    assert_eq!(
        facts(&r),
        (
            ip("10.8.0.6"),
            Some(ConnectionType::Cell),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        )
    );
}

#[test]
fn a_capture_of_the_tables_holds_no_full_address() {
    let rec = std::sync::Arc::new(devprobe::source::Recording::new(fixture(
        "linux/policy-routing",
        "wg-quick-full-tunnel",
    )));
    let consent = Consent::new();
    let c = Collector::builder(consent.clone())
        .source(rec.clone())
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    assert_eq!(facts(&c.collect().unwrap()).0, ip("10.66.66.2"));
    let mut seen = Vec::new();
    for entry in rec.to_snapshot().entries() {
        if let devprobe::source::SnapshotEntry::File(name, bytes) = entry {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for full in ["10.66.66.2", "10.137.0.41", "10.137.0.28", "fd42:42:42::2"] {
                assert!(!text.contains(full), "{name} holds {full}:\n{text}");
            }
            seen.push(name);
        }
    }
    for f in [
        "ip_route.txt",
        "ip6_route.txt",
        "ip_rule.txt",
        "ip6_rule.txt",
    ] {
        assert!(seen.iter().any(|n| n == f), "{f} in {seen:?}");
    }
}

/// The kernel's own rules, as a rule dump gives them on a machine nobody configured.
fn kernel_default_rules() -> Vec<devprobe::source::RuleEntry> {
    use devprobe::source::{RuleAction, RuleEntry};
    let mut rules = Vec::new();
    for (v6, priority, table) in [
        (false, 0, 255),
        (false, 32766, 254),
        (false, 32767, 253),
        (true, 0, 255),
        (true, 32766, 254),
    ] {
        rules.push(RuleEntry::new(v6, priority, RuleAction::Lookup(table)));
    }
    rules
}

const PROC_ROUTE_ETH0: &str = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
    eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n\
    eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";

/// A wired machine with a default route via 192.0.2.1 on eth0, in `/proc` (when `proc`) and in
/// the route dump, with the kernel's default rules.
fn default_rules_machine(proc: bool) -> Snapshot {
    use devprobe::source::{InterfaceAddr, RouteEntry};
    let gw = "192.0.2.1".parse().ok();
    let mut snap = Snapshot::new(devprobe::Platform::Linux)
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/operstate", "up\n")
        .file("/sys/class/net/eth0/uevent", "INTERFACE=eth0\nIFINDEX=2\n")
        .interfaces(vec![InterfaceAddr::new(
            "eth0",
            "192.0.2.7".parse().unwrap(),
            Some(24),
        )])
        .routes(vec![
            RouteEntry::new("0.0.0.0".parse().unwrap(), 0, gw, Some("eth0")),
            RouteEntry::new("192.0.2.0".parse().unwrap(), 24, None, Some("eth0")),
        ])
        .rules(kernel_default_rules());
    if proc {
        snap = snap
            .file("/proc/net/route", PROC_ROUTE_ETH0)
            .file("/proc/net/ipv6_route", "");
    }
    snap
}

fn recorded(snap: Snapshot) -> (Report, Vec<devprobe::source::Query>) {
    let rec = std::sync::Arc::new(devprobe::source::Recording::new(snap));
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    (collector.collect().unwrap(), rec.queries())
}

#[test]
fn kernel_default_rules_answer_from_proc_without_the_route_dump() {
    use devprobe::source::Query;
    let wired = (
        ip("192.0.2.7"),
        Some(ConnectionType::Wired),
        Some(false),
        Some(true),
        Some(true),
        Some(false),
    );
    let (report, queries) = recorded(default_rules_machine(true));
    assert_eq!(facts(&report), wired);
    assert!(!queries.contains(&Query::Routes), "{queries:?}");
    let ipv6_reads = queries
        .iter()
        .filter(|q| **q == Query::File("/proc/net/ipv6_route".into()))
        .count();
    assert_eq!(ipv6_reads, 1, "nat64 reuses the IPv6 table: {queries:?}");
    assert_eq!(report.network.nat64, Some(false));
    // Without /proc (an older capture): the route dump, with the same answer.
    let (report, queries) = recorded(default_rules_machine(false));
    assert_eq!(facts(&report), wired);
    assert!(queries.contains(&Query::Routes), "{queries:?}");
}

#[test]
fn kernel_default_rules_with_a_blackhole_default_read_the_route_dump() {
    use devprobe::source::{Query, RouteEntry, RouteKind};
    // A kill switch: `blackhole default metric 0` above the real default. /proc shows it only
    // as a rejecting route; the dump says what the kernel does with it: nothing leaves.
    let mut blackhole = RouteEntry::new("0.0.0.0".parse().unwrap(), 0, None, None);
    blackhole.kind = RouteKind::Blackhole;
    let gw = "192.0.2.1".parse().ok();
    let mut default = RouteEntry::new("0.0.0.0".parse().unwrap(), 0, gw, Some("eth0"));
    default.metric = 100;
    let snap = default_rules_machine(true)
        .routes(vec![blackhole, default])
        .file(
            "/proc/net/route",
            format!("{PROC_ROUTE_ETH0}*\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0\n"),
        );
    let (report, queries) = recorded(snap);
    assert!(queries.contains(&Query::Routes), "{queries:?}");
    let (_, kind, vpn, online, v4, _) = facts(&report);
    assert_eq!(
        (kind, vpn, online, v4),
        (
            Some(ConnectionType::Unavailable),
            Some(false),
            Some(false),
            Some(false)
        )
    );
}
