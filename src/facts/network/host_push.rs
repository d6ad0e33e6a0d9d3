//! Network facts on the mobile platforms (Android, iOS) and macOS, where the access type lives
//! in the host's platform API (ConnectivityManager, NWPathMonitor) and the route table is out of
//! an app's reach: what the host pushed wins; the interface list gives the address and, when the
//! host pushed nothing, a fallback read of the access type from the interface kinds.
//!
//! | fact | source | example |
//! |---|---|---|
//! | `network.connection_type` | host push; else the kind of the interface with a usable address (Android: `eth*` wired over `wlan*` Wi-Fi over `rmnet*`/`ccmni*` cellular, as Android ranks them; Apple: `en*` is `unknown` — Wi-Fi or Ethernet cannot be told apart by name — over `pdp_ip*` cellular); `unavailable` when no interface has one | `"wifi"` |
//! | `network.connection_subtype` | host push only | `"lte"` |
//! | `network.vpn` | host push; else whether a tunnel (`tun*`, `utun*`, `ipsec*`, `ppp*`) has a usable address | `false` |
//! | `network.online` | host push; else whether any interface has a usable address | `true` |
//! | `network.ipv4`, `network.ipv6` | whether the egress interface has a usable IPv4 / global IPv6 address | `true` |
//! | `network.ip` | an address of the egress interface (the tunnel's under a VPN), IPv4 first, minimized | `192.168.1.0` |
//!
//! A usable address is neither loopback, link-local, unspecified nor multicast.

use std::net::IpAddr;

use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::minimize::{ip_scope, minimize_ip};
use crate::report::{ConnectionType, IpScope, OmitReason};
use crate::source::InterfaceAddr;

/// Which naming scheme the interface list uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Android: `wlan0`, `rmnet_data0`, `ccmni0`, `eth0`, `tun0`.
    Android,
    /// macOS and iOS: `en0`, `pdp_ip0`, `utun3`.
    Apple,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // Declared in preference order for the default network.
    Wired,
    Wifi,
    /// A link whose medium its name does not tell (Apple's `en*`).
    Unknown,
    Cell,
    Tunnel,
    /// Loopback, peer-to-peer, tethering, Bluetooth and other links that do not carry the
    /// default route.
    Ignored,
}

fn kind(family: Family, name: &str) -> Kind {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));
    match family {
        Family::Android if starts(&["eth"]) => Kind::Wired,
        Family::Android if starts(&["wlan", "swlan"]) => Kind::Wifi,
        Family::Android
            if starts(&["rmnet", "ccmni", "v4-rmnet", "v4-ccmni", "pdp", "seth_lte"]) =>
        {
            Kind::Cell
        }
        Family::Apple if starts(&["en"]) => Kind::Unknown,
        Family::Apple if starts(&["pdp_ip"]) => Kind::Cell,
        _ if starts(&["tun", "utun", "ipsec", "ppp", "tap"]) => Kind::Tunnel,
        _ => Kind::Ignored,
    }
}

fn usable(ip: IpAddr) -> bool {
    !ip.is_unspecified()
        && !ip.is_multicast()
        && !matches!(ip_scope(ip), IpScope::Loopback | IpScope::LinkLocal)
}

/// Rank of an address for the report: IPv4 first, then global IPv6, then unique-local IPv6.
fn address_rank(ip: IpAddr) -> u8 {
    match (ip, ip_scope(ip)) {
        (IpAddr::V4(_), _) => 0,
        (IpAddr::V6(_), IpScope::UniqueLocal) => 2,
        (IpAddr::V6(_), _) => 1,
    }
}

pub(crate) fn probe(ctx: &Context<'_>, family: Family, facts: &mut Facts) {
    let host = ctx.host.network.unwrap_or_default();
    let wants = |f| ctx.wanted.contains(f);
    let needs_interfaces = wants(Field::NetworkIp)
        || wants(Field::NetworkIpv4)
        || wants(Field::NetworkIpv6)
        || (wants(Field::NetworkConnectionType) && host.connection_type.is_none())
        || (wants(Field::NetworkVpn) && host.vpn.is_none())
        || (wants(Field::NetworkOnline) && host.online.is_none());
    let addrs = if needs_interfaces {
        ctx.source.interfaces().map(|list| {
            list.into_iter()
                .filter(|a| usable(a.ip) && kind(family, &a.name) != Kind::Ignored)
                .collect::<Vec<InterfaceAddr>>()
        })
    } else {
        Ok(Vec::new())
    };

    let best_of = |pick: &dyn Fn(Kind) -> bool| -> Option<&InterfaceAddr> {
        let list = addrs.as_ref().ok()?;
        list.iter()
            .filter(|a| pick(kind(family, &a.name)))
            .min_by_key(|a| (kind(family, &a.name), address_rank(a.ip)))
    };
    let transport = best_of(&|k| k != Kind::Tunnel);
    let tunnel = best_of(&|k| k == Kind::Tunnel);

    // Access type.
    if wants(Field::NetworkConnectionType) {
        let derived = addrs
            .as_ref()
            .map(|_| match transport.map(|a| kind(family, &a.name)) {
                Some(Kind::Wired) => ConnectionType::Wired,
                Some(Kind::Wifi) => ConnectionType::Wifi,
                Some(Kind::Cell) => ConnectionType::Cell,
                Some(_) => ConnectionType::Unknown,
                None if tunnel.is_some() => ConnectionType::Unknown,
                None => ConnectionType::Unavailable,
            });
        match (host.connection_type, derived) {
            (Some(t), _) | (None, Ok(t)) => facts.network.connection_type = Some(t),
            (None, Err(e)) => facts.omit(Field::NetworkConnectionType, e.omit_reason()),
        }
    }
    let connection_type = facts.network.connection_type.or(host.connection_type);
    if wants(Field::NetworkConnectionSubtype) {
        match host.connection_subtype {
            Some(s) => facts.network.connection_subtype = Some(s),
            None if connection_type == Some(ConnectionType::Cell) => {
                facts.omit(Field::NetworkConnectionSubtype, OmitReason::Unsupported);
            }
            None => facts.omit(Field::NetworkConnectionSubtype, OmitReason::NotFound),
        }
    }
    if wants(Field::NetworkVpn) {
        match (host.vpn, &addrs) {
            (Some(v), _) => facts.network.vpn = Some(v),
            (None, Ok(_)) => facts.network.vpn = Some(tunnel.is_some()),
            (None, Err(e)) => facts.omit(Field::NetworkVpn, e.omit_reason()),
        }
    }
    if wants(Field::NetworkOnline) {
        match (host.online, &addrs) {
            (Some(v), _) => facts.network.online = Some(v),
            (None, Ok(list)) => facts.network.online = Some(!list.is_empty()),
            (None, Err(e)) => facts.omit(Field::NetworkOnline, e.omit_reason()),
        }
    }

    // The egress interface: the tunnel under a VPN, else the one of the pushed or derived type.
    let vpn = host.vpn.unwrap_or(tunnel.is_some());
    let pushed_kind = match host.connection_type {
        Some(ConnectionType::Wifi) => Some(Kind::Wifi),
        Some(ConnectionType::Wired) => Some(Kind::Wired),
        Some(ConnectionType::Cell) => Some(Kind::Cell),
        _ => None,
    };
    let egress = match (vpn, tunnel, pushed_kind) {
        (true, Some(t), _) => Some(t),
        (_, _, Some(k)) => best_of(&|x| x == k).or(transport),
        _ => transport,
    };
    let egress_name = egress.map(|a| a.name.as_str());
    let on_egress = |v6: bool| -> Option<bool> {
        let list = addrs.as_ref().ok()?;
        Some(list.iter().any(|a| {
            Some(a.name.as_str()) == egress_name
                && match a.ip {
                    IpAddr::V4(_) => !v6,
                    IpAddr::V6(_) => v6 && ip_scope(a.ip) == IpScope::Public,
                }
        }))
    };
    for (field, v6) in [(Field::NetworkIpv4, false), (Field::NetworkIpv6, true)] {
        if !wants(field) {
            continue;
        }
        match (on_egress(v6), &addrs) {
            (Some(has), _) => {
                if v6 {
                    facts.network.ipv6 = Some(has);
                } else {
                    facts.network.ipv4 = Some(has);
                }
            }
            (None, Err(e)) => facts.omit(field, e.omit_reason()),
            (None, Ok(_)) => facts.omit(field, OmitReason::NotFound),
        }
    }
    if wants(Field::NetworkIp) {
        match (egress, &addrs) {
            (Some(a), _) => facts.network.ip = Some(minimize_ip(a.ip, ctx.ip_precision)),
            (None, Err(e)) => facts.omit(Field::NetworkIp, e.omit_reason()),
            (None, Ok(_)) => facts.omit(Field::NetworkIp, OmitReason::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(family: Family, name: &str, expected: Kind) {
        assert_eq!(kind(family, name), expected, "{name}");
    }

    #[test]
    fn interface_kinds_by_platform() {
        check(Family::Android, "wlan0", Kind::Wifi);
        check(Family::Android, "rmnet_data0", Kind::Cell);
        check(Family::Android, "ccmni1", Kind::Cell);
        check(Family::Android, "v4-rmnet_data0", Kind::Cell);
        check(Family::Android, "eth0", Kind::Wired);
        check(Family::Android, "tun0", Kind::Tunnel);
        check(Family::Android, "p2p0", Kind::Ignored);
        check(Family::Android, "lo", Kind::Ignored);
        check(Family::Apple, "en0", Kind::Unknown);
        check(Family::Apple, "pdp_ip0", Kind::Cell);
        check(Family::Apple, "utun4", Kind::Tunnel);
        check(Family::Apple, "awdl0", Kind::Ignored);
        check(Family::Apple, "lo0", Kind::Ignored);
    }

    #[test]
    fn usable_addresses() {
        for (ip, ok) in [
            ("192.168.1.7", true),
            ("100.70.1.2", true),
            ("2001:db8::5", true),
            ("127.0.0.1", false),
            ("169.254.1.1", false),
            ("fe80::1", false),
            ("0.0.0.0", false),
            ("ff02::1", false),
        ] {
            assert_eq!(usable(ip.parse().unwrap()), ok, "{ip}");
        }
    }
}
