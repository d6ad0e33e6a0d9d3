//! Network facts from built snapshots of devices network namespaces cannot create here: Wi-Fi,
//! cellular modems, WireGuard, PPP, VLANs, Android modem interfaces, Docker hosts. Each case
//! states the exact egress address (truncated to /24 or /48), access type, VPN and online.
//! Also: bad route tables, a 100,000-route table, 1,000 interfaces, reads limited to what the
//! grant needs, captures that never hold a full address, and this machine's live answer.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::process::Command;
use std::time::{Duration, Instant};

use devprobe::source::{InterfaceAddr, Query, Recording, Snapshot, SnapshotEntry};
use devprobe::{
    Collector, ConnectionSubtype, ConnectionType, Consent, Field, HostFacts, HostNetwork,
    IpPrecision, IpScope, OmitReason, Platform, Purpose, Report,
};

const ROUTE_HEADER: &str =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

/// `/proc/net/route` text for `(iface, "dest/len", "gateway", metric)` rows, little-endian as
/// an x86 or ARM kernel writes it.
fn route_table(rows: &[(&str, &str, &str, u32)]) -> String {
    let mut out = ROUTE_HEADER.to_owned();
    for (iface, cidr, gw, metric) in rows {
        let (dest, len) = cidr.split_once('/').unwrap();
        let dest: Ipv4Addr = dest.parse().unwrap();
        let gw: Ipv4Addr = gw.parse().unwrap();
        let len: u32 = len.parse().unwrap();
        let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
        let hex = |v: u32| format!("{:08X}", v.swap_bytes());
        let mut flags = 0x1;
        if !gw.is_unspecified() {
            flags |= 0x2;
        }
        if len == 32 {
            flags |= 0x4;
        }
        out.push_str(&format!(
            "{iface}\t{}\t{}\t{flags:04X}\t0\t0\t{metric}\t{}\t0\t0\t0\n",
            hex(u32::from(dest)),
            hex(u32::from(gw)),
            hex(mask)
        ));
    }
    out
}

/// `/proc/net/ipv6_route` text for `(iface, "dest/len", "next hop", metric)` rows.
fn ipv6_route_table(rows: &[(&str, &str, &str, u32)]) -> String {
    let mut out = String::new();
    for (iface, cidr, via, metric) in rows {
        let (dest, len) = cidr.split_once('/').unwrap();
        let dest: Ipv6Addr = dest.parse().unwrap();
        let via: Ipv6Addr = via.parse().unwrap();
        let len: u8 = len.parse().unwrap();
        let flags = if via.is_unspecified() { 0x1 } else { 0x3 };
        out.push_str(&format!(
            "{:032x} {len:02x} {:032x} 00 {:032x} {metric:08x} 00000001 00000000 {flags:08x} {iface:>8}\n",
            u128::from(dest),
            0u128,
            u128::from(via)
        ));
    }
    // The kernel's null route, which rejects: it must never count as a default.
    out.push_str(
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
         00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n",
    );
    out
}

fn addr(name: &str, index: u32, cidr: &str) -> InterfaceAddr {
    let (ip, len) = cidr.split_once('/').unwrap();
    let mut a = InterfaceAddr::new(name, ip.parse().unwrap(), Some(len.parse().unwrap()));
    a.index = Some(index);
    a
}

/// An interface's sysfs directory: `type`, `uevent` (with `devtype` if any), `operstate`
/// `up`, `carrier` 1, and a `device` link when it is hardware.
fn nic(
    snap: Snapshot,
    name: &str,
    link_type: u32,
    devtype: Option<&str>,
    hardware: bool,
) -> Snapshot {
    let base = format!("/sys/class/net/{name}");
    let uevent = match devtype {
        Some(d) => format!("DEVTYPE={d}\nINTERFACE={name}\n"),
        None => format!("INTERFACE={name}\n"),
    };
    let snap = snap
        .file(&format!("{base}/type"), format!("{link_type}\n"))
        .file(&format!("{base}/uevent"), uevent)
        .file(&format!("{base}/operstate"), "up\n")
        .file(&format!("{base}/carrier"), "1\n");
    if hardware {
        snap.link(&format!("{base}/device"), "../../../0000:00:14.3")
    } else {
        snap
    }
}

fn wifi(snap: Snapshot, name: &str) -> Snapshot {
    nic(snap, name, 1, None, true)
        .dir(&format!("/sys/class/net/{name}/wireless"))
        .link(
            &format!("/sys/class/net/{name}/phy80211"),
            "../../ieee80211/phy0",
        )
}

fn wired(snap: Snapshot, name: &str) -> Snapshot {
    nic(snap, name, 1, None, true)
}

fn docker0(snap: Snapshot) -> Snapshot {
    nic(snap, "docker0", 1, Some("bridge"), false)
        .dir("/sys/class/net/docker0/bridge")
        .link(
            "/sys/class/net/docker0/brif/veth3c1d2e0",
            "../../veth3c1d2e0/brport",
        )
        .file("/sys/class/net/veth3c1d2e0/type", "1\n")
        .file("/sys/class/net/veth3c1d2e0/operstate", "up\n")
}

fn linux() -> Snapshot {
    Snapshot::new(Platform::Linux)
}

fn collect(snap: Snapshot) -> Report {
    collect_with(snap, IpPrecision::Truncated, Purpose::ALL)
}

fn collect_with(snap: Snapshot, precision: IpPrecision, purposes: &[Purpose]) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(snap)
        .ip_precision(precision)
        .build();
    consent.grant(purposes.iter().copied());
    collector.collect().unwrap()
}

/// What a case must give: address (`None` = omitted), scope, type, vpn, online, ipv4, ipv6.
struct Expect {
    ip: Option<&'static str>,
    scope: Option<IpScope>,
    connection_type: ConnectionType,
    vpn: bool,
    online: bool,
    ipv4: bool,
    ipv6: bool,
}

#[track_caller]
fn check(report: &Report, e: Expect) {
    let n = &report.network;
    let got_ip = n.ip.and_then(|ip| ip.address).map(|a| a.to_string());
    assert_eq!(got_ip.as_deref(), e.ip, "ip of {n:?}");
    assert_eq!(n.ip.map(|ip| ip.scope), e.scope, "scope of {n:?}");
    if e.ip.is_none() {
        assert_eq!(
            report.omission(Field::NetworkIp),
            Some(OmitReason::NotFound)
        );
    }
    assert_eq!(n.connection_type, Some(e.connection_type), "type of {n:?}");
    assert_eq!(n.vpn, Some(e.vpn), "vpn of {n:?}");
    assert_eq!(n.online, Some(e.online), "online of {n:?}");
    assert_eq!(n.ipv4, Some(e.ipv4), "ipv4 of {n:?}");
    assert_eq!(n.ipv6, Some(e.ipv6), "ipv6 of {n:?}");
}

fn online(ip: &'static str, scope: IpScope, t: ConnectionType) -> Expect {
    Expect {
        ip: Some(ip),
        scope: Some(scope),
        connection_type: t,
        vpn: false,
        online: true,
        ipv4: true,
        ipv6: false,
    }
}

fn offline(ip: Option<&'static str>, scope: Option<IpScope>) -> Expect {
    Expect {
        ip,
        scope,
        connection_type: ConnectionType::Unavailable,
        vpn: false,
        online: false,
        ipv4: false,
        ipv6: false,
    }
}

#[test]
fn thinkpad_on_wifi_with_docker_running() {
    let snap = docker0(wifi(linux(), "wlp0s20f3"))
        .file(
            "/proc/net/route",
            route_table(&[
                ("wlp0s20f3", "0.0.0.0/0", "192.168.1.1", 600),
                ("docker0", "172.17.0.0/16", "0.0.0.0", 0),
                ("wlp0s20f3", "192.168.1.0/24", "0.0.0.0", 600),
            ]),
        )
        .file("/proc/net/ipv6_route", ipv6_route_table(&[]))
        .interfaces(vec![
            addr("lo", 1, "127.0.0.1/8"),
            addr("docker0", 3, "172.17.0.1/16"),
            addr("wlp0s20f3", 4, "192.168.1.77/24"),
            addr("wlp0s20f3", 4, "fe80::1e4d:70ff:fe12:3456/64"),
        ]);
    check(
        &collect(snap),
        online("192.168.1.0", IpScope::Private, ConnectionType::Wifi),
    );
}

#[test]
fn laptop_lte_modem_mbim_devtype_wwan_beats_type_none() {
    // cdc_mbim registers ARPHRD_NONE (65534), as tunnels do; DEVTYPE=wwan says it is a modem.
    let snap = nic(linux(), "wwan0", 65534, Some("wwan"), true)
        .file(
            "/proc/net/route",
            route_table(&[("wwan0", "0.0.0.0/0", "0.0.0.0", 700)]),
        )
        .interfaces(vec![
            addr("lo", 1, "127.0.0.1/8"),
            addr("wwan0", 5, "100.72.13.9/30"),
        ]);
    check(
        &collect(snap),
        online("100.72.13.0", IpScope::Shared, ConnectionType::Cell),
    );
}

#[test]
fn usb_modem_raw_ip_type_519() {
    let snap = nic(linux(), "wwp0s20f0u6i4", 519, None, true)
        .file(
            "/proc/net/route",
            route_table(&[("wwp0s20f0u6i4", "0.0.0.0/0", "0.0.0.0", 700)]),
        )
        .interfaces(vec![addr("wwp0s20f0u6i4", 5, "10.187.44.3/28")]);
    check(
        &collect(snap),
        online("10.187.44.0", IpScope::Private, ConnectionType::Cell),
    );
}

#[test]
fn android_rmnet_data0_raw_ip_with_ipv6_and_host_pushed_lte() {
    let mut host = HostNetwork::default();
    host.connection_subtype = Some(ConnectionSubtype::Lte);
    let mut facts = HostFacts::default();
    facts.network = Some(host);
    let snap = nic(linux(), "rmnet_data0", 519, None, false)
        .file(
            "/proc/net/route",
            route_table(&[("rmnet_data0", "0.0.0.0/0", "0.0.0.0", 0)]),
        )
        .file(
            "/proc/net/ipv6_route",
            ipv6_route_table(&[("rmnet_data0", "::/0", "fe80::d1:5eff:fe2a:1", 1024)]),
        )
        .interfaces(vec![
            addr(
                "rmnet_data0",
                12,
                "2607:fb90:9a3e:41c7:1d2b:3f4e:5a6b:7c8d/64",
            ),
            addr("rmnet_data0", 12, "100.91.200.17/29"),
            addr("rmnet_data0", 12, "fe80::1d2b:3f4e:5a6b:7c8d/64"),
        ])
        .host(facts);
    let report = collect(snap);
    check(
        &report,
        Expect {
            ipv6: true,
            ..online("100.91.200.0", IpScope::Shared, ConnectionType::Cell)
        },
    );
    assert_eq!(
        report.network.connection_subtype,
        Some(ConnectionSubtype::Lte)
    );
}

#[test]
fn android_ccmni_mediatek_registered_as_ethernet() {
    // Older MediaTek ccmni drivers use alloc_etherdev: type 1, no DEVTYPE, no device link.
    // Only the modem's name tells it from a veth.
    let snap = nic(linux(), "ccmni1", 1, None, false)
        .file(
            "/proc/net/route",
            route_table(&[("ccmni1", "0.0.0.0/0", "0.0.0.0", 0)]),
        )
        .interfaces(vec![addr("ccmni1", 20, "10.44.181.90/8")]);
    let report = collect(snap);
    check(
        &report,
        online("10.44.181.0", IpScope::Private, ConnectionType::Cell),
    );
    assert_eq!(
        report.omission(Field::NetworkConnectionSubtype),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn android_app_without_sysfs_access_falls_back_to_names() {
    // Apps on Android 10+ cannot list /sys/class/net: the name is all there is.
    let snap = linux()
        .file(
            "/proc/net/route",
            route_table(&[("ccmni0", "0.0.0.0/0", "0.0.0.0", 0)]),
        )
        .interfaces(vec![addr("ccmni0", 20, "10.44.181.90/8")]);
    check(
        &collect(snap),
        online("10.44.181.0", IpScope::Private, ConnectionType::Cell),
    );
    let snap = linux()
        .file(
            "/proc/net/route",
            route_table(&[("wlan0", "0.0.0.0/0", "192.168.43.1", 0)]),
        )
        .interfaces(vec![addr("wlan0", 30, "192.168.43.20/24")]);
    check(
        &collect(snap),
        online("192.168.43.0", IpScope::Private, ConnectionType::Wifi),
    );
}

#[test]
fn wireguard_full_tunnel_over_wifi() {
    let snap = nic(
        wifi(linux(), "wlan0"),
        "wg0",
        65534,
        Some("wireguard"),
        false,
    )
    .file("/sys/class/net/wg0/operstate", "unknown\n")
    .file(
        "/proc/net/route",
        route_table(&[
            ("wg0", "0.0.0.0/0", "0.0.0.0", 50),
            ("wlan0", "0.0.0.0/0", "192.168.1.1", 600),
            ("wlan0", "192.168.1.0/24", "0.0.0.0", 600),
        ]),
    )
    .interfaces(vec![
        addr("wlan0", 3, "192.168.1.77/24"),
        addr("wg0", 9, "10.66.66.2/32"),
    ]);
    check(
        &collect(snap),
        Expect {
            vpn: true,
            ..online("10.66.66.0", IpScope::Private, ConnectionType::Wifi)
        },
    );
}

#[test]
fn pptp_ppp0_replaces_the_default_and_keeps_an_endpoint_route_on_wifi() {
    let snap = nic(wifi(linux(), "wlan0"), "ppp0", 512, None, false)
        .file("/sys/class/net/ppp0/operstate", "unknown\n")
        .file(
            "/proc/net/route",
            route_table(&[
                ("ppp0", "0.0.0.0/0", "0.0.0.0", 0),
                ("wlan0", "203.0.113.10/32", "192.168.1.1", 0),
                ("wlan0", "192.168.1.0/24", "0.0.0.0", 600),
            ]),
        )
        .interfaces(vec![
            addr("wlan0", 3, "192.168.1.77/24"),
            addr("ppp0", 11, "172.16.40.12/32"),
        ]);
    check(
        &collect(snap),
        Expect {
            vpn: true,
            ..online("172.16.40.0", IpScope::Private, ConnectionType::Wifi)
        },
    );
}

#[test]
fn ppp_without_anything_under_it_is_unknown() {
    let snap = nic(linux(), "ppp0", 512, None, false)
        .file(
            "/proc/net/route",
            route_table(&[("ppp0", "0.0.0.0/0", "0.0.0.0", 0)]),
        )
        .interfaces(vec![addr("ppp0", 11, "198.51.100.23/32")]);
    check(
        &collect(snap),
        Expect {
            vpn: true,
            ..online("198.51.100.0", IpScope::Public, ConnectionType::Unknown)
        },
    );
}

#[test]
fn vlan_on_a_wired_nic() {
    let snap = nic(
        wired(linux(), "enp3s0"),
        "enp3s0.100",
        1,
        Some("vlan"),
        false,
    )
    .link("/sys/class/net/enp3s0.100/lower_enp3s0", "../enp3s0")
    .file(
        "/proc/net/route",
        route_table(&[("enp3s0.100", "0.0.0.0/0", "10.100.0.1", 0)]),
    )
    .interfaces(vec![
        addr("enp3s0", 2, "192.168.0.5/24"),
        addr("enp3s0.100", 7, "10.100.0.42/24"),
    ]);
    check(
        &collect(snap),
        online("10.100.0.0", IpScope::Private, ConnectionType::Wired),
    );
}

#[test]
fn libvirt_host_bridge_with_physical_member_reports_the_member() {
    let snap = wifi(wired(linux(), "eno1"), "wlan0")
        .file("/sys/class/net/br0/type", "1\n")
        .file(
            "/sys/class/net/br0/uevent",
            "DEVTYPE=bridge\nINTERFACE=br0\n",
        )
        .file("/sys/class/net/br0/operstate", "up\n")
        .link("/sys/class/net/br0/brif/vnet0", "../../vnet0/brport")
        .link("/sys/class/net/br0/brif/eno1", "../../eno1/brport")
        .file("/sys/class/net/vnet0/tun_flags", "0x1002\n")
        .file(
            "/proc/net/route",
            route_table(&[("br0", "0.0.0.0/0", "192.168.0.1", 425)]),
        )
        .interfaces(vec![addr("br0", 5, "192.168.0.10/24")]);
    check(
        &collect(snap),
        online("192.168.0.0", IpScope::Private, ConnectionType::Wired),
    );
}

#[test]
fn docker_host_without_default_route_never_reports_the_bridge() {
    // docker0 has the lowest index and the only "global" address besides eth0's.
    let snap = docker0(wired(linux(), "eth0"))
        .file(
            "/proc/net/route",
            route_table(&[
                ("docker0", "172.17.0.0/16", "0.0.0.0", 0),
                ("eth0", "192.168.1.0/24", "0.0.0.0", 100),
            ]),
        )
        .file("/proc/net/ipv6_route", ipv6_route_table(&[]))
        .interfaces(vec![
            addr("docker0", 2, "172.17.0.1/16"),
            addr("eth0", 3, "192.168.1.50/24"),
            addr("veth3c1d2e0", 8, "fe80::a0b1:c2ff:fed3:e4f5/64"),
        ]);
    check(
        &collect(snap),
        offline(Some("192.168.1.0"), Some(IpScope::Private)),
    );

    let only_docker = docker0(linux())
        .file(
            "/proc/net/route",
            route_table(&[("docker0", "172.17.0.0/16", "0.0.0.0", 0)]),
        )
        .interfaces(vec![
            addr("lo", 1, "127.0.0.1/8"),
            addr("docker0", 2, "172.17.0.1/16"),
        ]);
    check(&collect(only_docker), offline(None, None));
}

#[test]
fn link_local_nic_next_to_wifi_without_default_route() {
    let snap = wifi(wired(linux(), "eth0"), "wlan0")
        .file(
            "/proc/net/route",
            route_table(&[("eth0", "169.254.0.0/16", "0.0.0.0", 1000)]),
        )
        .interfaces(vec![
            addr("eth0", 2, "169.254.12.34/16"),
            addr("wlan0", 3, "192.168.1.77/24"),
        ]);
    check(
        &collect(snap),
        offline(Some("192.168.1.0"), Some(IpScope::Private)),
    );

    let alone = wired(linux(), "eth0")
        .file(
            "/proc/net/route",
            route_table(&[("eth0", "169.254.0.0/16", "0.0.0.0", 1000)]),
        )
        .interfaces(vec![
            addr("lo", 1, "127.0.0.1/8"),
            addr("eth0", 2, "169.254.12.34/16"),
        ]);
    check(&collect(alone), offline(None, None));
}

#[test]
fn route_to_192_0_2_0_on_a_second_nic_does_not_hijack() {
    let snap = wired(wired(linux(), "eth0"), "eth1")
        .file(
            "/proc/net/route",
            route_table(&[
                ("eth1", "192.0.2.0/24", "0.0.0.0", 0),
                ("eth1", "192.0.2.1/32", "0.0.0.0", 0),
                ("eth0", "0.0.0.0/0", "10.20.30.1", 100),
                ("eth0", "10.20.30.0/24", "0.0.0.0", 100),
            ]),
        )
        .interfaces(vec![
            addr("eth1", 2, "192.0.2.7/24"),
            addr("eth0", 3, "10.20.30.40/24"),
        ]);
    check(
        &collect(snap),
        online("10.20.30.0", IpScope::Private, ConnectionType::Wired),
    );
}

#[test]
fn openvpn_split_defaults_and_split_tunnel() {
    let tun = |snap: Snapshot| {
        snap.file("/sys/class/net/tun0/type", "65534\n")
            .file("/sys/class/net/tun0/tun_flags", "0x1001\n")
            .file("/sys/class/net/tun0/operstate", "unknown\n")
            .file("/sys/class/net/tun0/carrier", "1\n")
    };
    let split_defaults = tun(wifi(linux(), "wlan0"))
        .file(
            "/proc/net/route",
            route_table(&[
                ("wlan0", "0.0.0.0/0", "192.168.1.1", 600),
                ("tun0", "0.0.0.0/1", "10.8.0.1", 0),
                ("tun0", "128.0.0.0/1", "10.8.0.1", 0),
                ("wlan0", "203.0.113.10/32", "192.168.1.1", 0),
            ]),
        )
        .file(
            "/proc/net/ipv6_route",
            ipv6_route_table(&[
                ("tun0", "::/1", "::", 1024),
                ("tun0", "8000::/1", "::", 1024),
            ]),
        )
        .interfaces(vec![
            addr("wlan0", 3, "192.168.1.77/24"),
            addr("tun0", 9, "10.8.0.6/24"),
            addr("tun0", 9, "fdde:ad00:beef:1::1006/64"),
        ]);
    check(
        &collect(split_defaults),
        Expect {
            vpn: true,
            ipv6: true,
            ..online("10.8.0.0", IpScope::Private, ConnectionType::Wifi)
        },
    );

    let split_tunnel = tun(wifi(linux(), "wlan0"))
        .file(
            "/proc/net/route",
            route_table(&[
                ("wlan0", "0.0.0.0/0", "192.168.1.1", 600),
                ("tun0", "10.0.0.0/8", "10.8.0.1", 0),
            ]),
        )
        .interfaces(vec![
            addr("wlan0", 3, "192.168.1.77/24"),
            addr("tun0", 9, "10.8.0.6/24"),
        ]);
    check(
        &collect(split_tunnel),
        online("192.168.1.0", IpScope::Private, ConnectionType::Wifi),
    );
}

#[test]
fn ipv6_only_network() {
    let snap = wired(linux(), "eth0")
        .file("/proc/net/route", ROUTE_HEADER)
        .file(
            "/proc/net/ipv6_route",
            ipv6_route_table(&[
                ("eth0", "2001:db8:abcd:12::/64", "::", 256),
                ("eth0", "::/0", "fe80::1", 1024),
            ]),
        )
        .interfaces(vec![
            addr("eth0", 2, "fe80::5054:ff:fe12:3456/64"),
            addr("eth0", 2, "fd00:1:2:3::5/64"),
            addr("eth0", 2, "2001:db8:abcd:12::5/64"),
        ]);
    let report = collect(snap);
    check(
        &report,
        Expect {
            ipv4: false,
            ipv6: true,
            ..online("2001:db8:abcd::", IpScope::Public, ConnectionType::Wired)
        },
    );
}

#[test]
fn two_defaults_the_lower_metric_wins_and_a_down_link_loses() {
    let routes = route_table(&[
        ("wlan0", "0.0.0.0/0", "192.168.1.1", 600),
        ("eth0", "0.0.0.0/0", "10.0.0.1", 100),
    ]);
    let addrs = vec![
        addr("eth0", 2, "10.0.0.23/24"),
        addr("wlan0", 3, "192.168.1.77/24"),
    ];
    let snap = wifi(wired(linux(), "eth0"), "wlan0")
        .file("/proc/net/route", &routes)
        .interfaces(addrs.clone());
    check(
        &collect(snap),
        online("10.0.0.0", IpScope::Private, ConnectionType::Wired),
    );

    // Cable pulled: the route stays (static config) but the link is down.
    let snap = wifi(wired(linux(), "eth0"), "wlan0")
        .file("/sys/class/net/eth0/operstate", "down\n")
        .file("/sys/class/net/eth0/carrier", "0\n")
        .file("/proc/net/route", &routes)
        .interfaces(addrs);
    check(
        &collect(snap),
        online("192.168.1.0", IpScope::Private, ConnectionType::Wifi),
    );
}

#[test]
fn loopback_only() {
    let snap = linux()
        .file("/sys/class/net/lo/type", "772\n")
        .file("/proc/net/route", ROUTE_HEADER)
        .file(
            "/proc/net/ipv6_route",
            ipv6_route_table(&[("lo", "::1/128", "::", 0)]),
        )
        .interfaces(vec![addr("lo", 1, "127.0.0.1/8"), addr("lo", 1, "::1/128")]);
    check(&collect(snap), offline(None, None));
}

#[test]
fn precision_modes_and_scope() {
    let snap = || {
        wired(linux(), "eth0")
            .file(
                "/proc/net/route",
                route_table(&[("eth0", "0.0.0.0/0", "203.0.113.1", 0)]),
            )
            .interfaces(vec![addr("eth0", 2, "203.0.113.77/24")])
    };
    let ip = |p| collect_with(snap(), p, Purpose::ALL).network.ip.unwrap();
    assert_eq!(
        ip(IpPrecision::Full).address,
        Some("203.0.113.77".parse().unwrap())
    );
    assert_eq!(
        ip(IpPrecision::Truncated).address,
        Some("203.0.113.0".parse().unwrap())
    );
    assert_eq!(ip(IpPrecision::Omit).address, None);
    assert_eq!(ip(IpPrecision::Omit).scope, IpScope::Public);
}

#[test]
fn bad_route_tables_give_answers_or_omissions() {
    let garbage = format!(
        "{ROUTE_HEADER}eth0\t00000000\n\
         eth0\tZZZZZZZZ\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
         ../../etc\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
         \u{0}\u{1}\u{fffd}\n\
         eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    );
    let snap = wired(linux(), "eth0")
        .file("/proc/net/route", garbage)
        .interfaces(vec![addr("eth0", 2, "192.168.1.9/24")]);
    check(
        &collect(snap),
        online("192.168.1.0", IpScope::Private, ConnectionType::Wired),
    );

    // A table with only its header, or an empty file (a namespace without IPv4), is what the
    // kernel writes without routes: offline. (Tables the kernel could not have written are
    // omitted `malformed`: tests/it/network_malformed.rs.)
    for empty in [
        ROUTE_HEADER.to_owned(),
        format!("{ROUTE_HEADER}\n"),
        "Iface\n".to_owned(),
        String::new(),
    ] {
        let snap = wired(linux(), "eth0")
            .file("/proc/net/route", empty)
            .interfaces(vec![addr("eth0", 2, "192.168.1.9/24")]);
        check(
            &collect(snap),
            offline(Some("192.168.1.0"), Some(IpScope::Private)),
        );
    }

    let dir_instead = linux().dir("/proc/net/route").interfaces(vec![]);
    let r = collect(dir_instead);
    assert_eq!(
        r.omission(Field::NetworkOnline),
        Some(OmitReason::Unreadable)
    );
    assert_eq!(r.omission(Field::NetworkIpv4), Some(OmitReason::Unreadable));
    assert_eq!(r.omission(Field::NetworkIp), Some(OmitReason::Unreadable));

    let nothing = collect(linux());
    assert_eq!(
        nothing.omission(Field::NetworkConnectionType),
        Some(OmitReason::NotFound)
    );
    assert_eq!(
        nothing.omission(Field::NetworkIpv6),
        None,
        "no IPv6 table: no IPv6"
    );
    assert_eq!(nothing.network.ipv6, Some(false));
}

#[test]
fn huge_route_table_and_a_thousand_interfaces_are_fast() {
    let mut rows: Vec<(String, String, String, u32)> = Vec::new();
    for i in 0..100_000u32 {
        let [_, b, c, d] = (0x0a00_0000u32 + i).to_be_bytes();
        rows.push((
            format!("veth{}", i % 1000),
            format!("10.{b}.{c}.{d}/32"),
            "0.0.0.0".into(),
            0,
        ));
    }
    rows.push(("eth0".into(), "0.0.0.0/0".into(), "192.168.1.1".into(), 100));
    let borrowed: Vec<(&str, &str, &str, u32)> = rows
        .iter()
        .map(|(a, b, c, m)| (a.as_str(), b.as_str(), c.as_str(), *m))
        .collect();
    let table = route_table(&borrowed);
    assert!(table.lines().count() > 100_000);
    let mut addrs: Vec<InterfaceAddr> = (0..1000)
        .map(|i| {
            addr(
                &format!("veth{i}"),
                10 + i,
                &format!("172.20.{}.{}/16", i / 250, i % 250 + 1),
            )
        })
        .collect();
    addrs.push(addr("eth0", 2, "192.168.1.9/24"));
    let mut snap = wired(linux(), "eth0")
        .file("/proc/net/route", &table)
        .interfaces(addrs.clone());
    for i in 0..1000 {
        snap = snap.file(&format!("/sys/class/net/veth{i}/type"), "1\n");
    }
    // Without a deadline: the right answers.
    let unbounded = |snap: Snapshot| {
        let consent = Consent::new();
        let collector = Collector::builder(consent.clone())
            .source(snap)
            .deadline(Duration::MAX)
            .build();
        consent.grant(Purpose::ALL.iter().copied());
        collector.collect().unwrap()
    };
    check(
        &unbounded(snap.clone()),
        online("192.168.1.0", IpScope::Private, ConnectionType::Wired),
    );
    // Without a default route every interface is a candidate and is classified.
    let no_default = snap
        .clone()
        .file("/proc/net/route", &table[..table.rfind("eth0").unwrap()]);
    check(
        &unbounded(no_default),
        offline(Some("192.168.1.0"), Some(IpScope::Private)),
    );
    // Under the default deadline: the same answers, or the network fields omitted
    // `timed_out` (a debug build on a loaded machine), never anything else.
    let started = Instant::now();
    let report = collect(snap);
    let took = started.elapsed();
    assert!(
        took < devprobe::DEFAULT_DEADLINE + Duration::from_millis(100),
        "took {took:?}"
    );
    match report.omission(Field::NetworkIp) {
        Some(OmitReason::TimedOut) => {
            assert_eq!(report.network, Default::default());
        }
        _ => check(
            &report,
            online("192.168.1.0", IpScope::Private, ConnectionType::Wired),
        ),
    }
}

#[test]
fn only_what_the_grant_needs_is_read() {
    let snap = wifi(linux(), "wlan0")
        .file(
            "/proc/net/route",
            route_table(&[("wlan0", "0.0.0.0/0", "192.168.1.1", 600)]),
        )
        .interfaces(vec![addr("wlan0", 3, "192.168.1.77/24")]);
    let read = |purposes: &[Purpose]| {
        let rec = std::sync::Arc::new(Recording::new(snap.clone()));
        let consent = Consent::new();
        let c = Collector::builder(consent.clone())
            .source(rec.clone())
            .build();
        consent.grant(purposes.iter().copied());
        let report = c.collect().unwrap();
        (report, rec.queries())
    };
    let (report, queries) = read(&[Purpose::ServerSelection]);
    assert_eq!(
        report.network.ip.unwrap().address,
        Some("192.168.1.0".parse().unwrap())
    );
    for q in &queries {
        let n = q.name();
        assert!(
            !n.ends_with("/type") && !n.ends_with("/uevent") && !n.contains("wireless"),
            "ip alone read {q:?}"
        );
        assert!(!n.ends_with("/address"), "never the MAC: {q:?}");
    }
    let (report, queries) = read(&[Purpose::Connectivity]);
    assert_eq!(report.network.connection_type, Some(ConnectionType::Wifi));
    assert!(
        !queries.contains(&Query::Interfaces),
        "connectivity alone listed addresses"
    );
    assert!(queries.iter().all(|q| !q.name().ends_with("/address")));
}

#[test]
fn a_capture_never_holds_a_full_address() {
    let snap = wired(linux(), "eth0")
        .file(
            "/proc/net/route",
            route_table(&[
                ("eth0", "0.0.0.0/0", "203.0.113.1", 0),
                ("eth0", "198.51.100.77/32", "203.0.113.1", 0),
            ]),
        )
        .file(
            "/proc/net/ipv6_route",
            ipv6_route_table(&[
                ("eth0", "::/0", "2001:db8:77:1::1", 1024),
                ("eth0", "2001:db8:99:5::17/128", "::", 0),
            ]),
        )
        .interfaces(vec![
            addr("eth0", 2, "203.0.113.77/24"),
            addr("eth0", 2, "2001:db8:77:1::5/64"),
        ]);
    let rec = std::sync::Arc::new(Recording::new(snap));
    let consent = Consent::new();
    let c = Collector::builder(consent.clone())
        .source(rec.clone())
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    assert_eq!(
        c.collect().unwrap().network.ip.unwrap().address,
        Some("203.0.113.77".parse().unwrap())
    );

    let captured = rec.to_snapshot();
    let mut text = String::new();
    for e in captured.entries() {
        if let SnapshotEntry::File(_, bytes) = e {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    for full in [
        "203.0.113.77",
        "203.0.113.1",
        "198.51.100.77",
        "2001:db8:77:1::5",
    ] {
        assert!(!text.contains(full), "capture holds {full}:\n{text}");
    }
    let le_hex = |ip: &str| {
        format!(
            "{:08x}",
            u32::from(ip.parse::<Ipv4Addr>().unwrap()).swap_bytes()
        )
    };
    let v6_hex = |ip: &str| format!("{:032x}", u128::from(ip.parse::<Ipv6Addr>().unwrap()));
    let lower = text.to_ascii_lowercase();
    for hex in [
        le_hex("203.0.113.1"),
        le_hex("198.51.100.77"),
        v6_hex("2001:db8:77:1::1"),
        v6_hex("2001:db8:99:5::17"),
    ] {
        assert!(!lower.contains(&hex), "capture holds {hex}:\n{text}");
    }
    // The replay still gives the same (truncated) answer.
    let replay = collect_with(captured, IpPrecision::Full, Purpose::ALL);
    check(
        &replay,
        Expect {
            ipv6: true,
            ..online("203.0.113.0", IpScope::Public, ConnectionType::Wired)
        },
    );
}

/// This machine: wired, online, and the egress interface's IPv4 cut to /24, with the egress
/// interface and its address taken from iproute2 rather than written down.
#[test]
fn this_machine_live() {
    let out = |args: &[&str]| {
        Command::new("ip")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let Some(route) = out(&["-4", "route", "show", "default"]) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "iproute2 missing under CI"
        );
        eprintln!("skipped: `ip` (iproute2) is not installed");
        return;
    };
    let route = String::from_utf8_lossy(&route.stdout).into_owned();
    let Some(dev) = route.split_whitespace().skip_while(|w| *w != "dev").nth(1) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no IPv4 default route under CI"
        );
        eprintln!("skipped: this machine has no IPv4 default route");
        return;
    };
    let shown = out(&["-4", "-o", "addr", "show", "dev", dev]).unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    let inet = shown
        .split_whitespace()
        .skip_while(|w| *w != "inet")
        .nth(1)
        .unwrap();
    let ip: Ipv4Addr = inet.split('/').next().unwrap().parse().unwrap();
    let [a, b, c, _] = ip.octets();
    let expected = IpAddr::V4(Ipv4Addr::new(a, b, c, 0));

    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap();
    let n = &report.network;
    assert_eq!(n.ip.unwrap().address, Some(expected), "{n:?}");
    assert_eq!(n.ip.unwrap().precision, IpPrecision::Truncated);
    assert_eq!(n.online, Some(true));
    assert_eq!(n.ipv4, Some(true));
    assert_eq!(n.vpn, Some(false));
    if dev == "eth0" {
        assert_eq!(n.connection_type, Some(ConnectionType::Wired), "{n:?}");
    }
    eprintln!("live: dev {dev}, {n:?}");
}
