//! Windows network facts, from the adapter list (`GetAdaptersAddresses`).
//!
//! | field | source | example |
//! |---|---|---|
//! | `network.connection_type` | `IfType` of the egress adapter (71 → `wifi`, 6 → `wired` — or by `PhysicalMediumType` `wifi` (1, 9) or `cell` (8) —, 243/244 → `cell`, any other IANA type → `unknown`); under a tunnel, the type of the best non-tunnel routed adapter, else `unknown`; `unavailable` without one | `"wifi"` |
//! | `network.vpn` | the egress adapter is a tunnel (131), PPP (23) or virtual (53, e.g. WireGuard's Wintun), a virtual adapter carrying only IP (`MediaType` 19), or a virtual Ethernet adapter (`HardwareInterface` false: TAP-Windows) while a hardware adapter also routes | `false` |
//! | `network.online` | an up adapter routes a family (below) | `true` |
//! | `network.ipv4`, `network.ipv6` | an up adapter routes IPv4 / IPv6 | `true` |
//! | `network.ip` | the egress adapter's address (IPv4 first), minimized | `{"address": "192.168.1.0", "precision": "truncated", "scope": "private"}` |
//! | `network.connection_subtype` | only what the host pushes | `"lte"` |
//! | `network.metered`, `network.constrained` | the egress adapter's cost (`GetNetworkConnectivityHint`), by the rules of `path_traits` | `true` |
//!
//! An adapter routes a family when it has a default gateway of that family *and* an address of
//! that family it can send from: not link-local (`fe80::/10`, `169.254/16`), loopback or
//! unspecified. A gateway next to only `fe80::1` reaches nothing beyond the link. The egress
//! adapter is the up adapter that routes a family with the lowest interface metric (the metric
//! Windows adds to every route through it). Values the host pushed
//! ([`Collector::set_network`](crate::Collector::set_network)) win over these.
//!
//! An `IfType` outside the IANA range (0, or above 2³¹−1, e.g. 4294967295 — `-1` stored
//! unsigned) is a broken record, not a kind of link: when it is the adapter that decides,
//! `network.connection_type` (and, for the egress adapter, `network.vpn`, since it may be a
//! tunnel) is omitted `malformed`. `network.online` still holds: it rests on the state,
//! gateway and address, not on the type. A valid type that is none of the above (1 "other",
//! 144 IEEE 1394, ...) is a real link of a kind the report has no word for: `unknown`.

use std::net::IpAddr;

use crate::facts::{Context, Facts, groups};
use crate::field::Field;
use crate::report::{ConnectionType, OmitReason};
use crate::source::{AdapterInfo, ConnectionCost};

/// What an adapter carries, from its IANA `ifType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Wifi,
    Wired,
    Cell,
    Tunnel,
    Loopback,
    /// A valid IANA type the report has no word for.
    Other,
    /// Not an IANA type at all (0, or above `i32::MAX`): a broken record.
    Invalid,
}

/// What an adapter carries: its `ifType`, refined by `MIB_IF_ROW2` where the snapshot or the
/// live source has it. An Ethernet-typed adapter whose physical medium is wireless LAN
/// (1, 9) is Wi-Fi, wireless WAN (8) cellular; a virtual adapter (`HardwareInterface` false)
/// carrying IP packets only (`MediaType` 19, `NdisMediumIP`) is a tunnel.
fn adapter_link(a: &AdapterInfo) -> Link {
    let by_type = link(a.if_type);
    match (by_type, a.physical_medium, a.hardware, a.media_type) {
        (_, _, Some(false), Some(19)) if by_type != Link::Loopback => Link::Tunnel,
        (Link::Wired, Some(1 | 9), _, _) => Link::Wifi,
        (Link::Wired, Some(8), _, _) => Link::Cell,
        _ => by_type,
    }
}

/// Whether `MIB_IF_ROW2` says the adapter is virtual (no hardware behind it): TAP-Windows,
/// Hyper-V vEthernet, VirtualBox host-only. Unknown (older snapshots) is not virtual.
fn is_virtual(a: &AdapterInfo) -> bool {
    a.hardware == Some(false)
}

fn link(if_type: u32) -> Link {
    match if_type {
        71 => Link::Wifi,
        6 => Link::Wired,
        243 | 244 => Link::Cell,
        23 | 53 | 131 => Link::Tunnel,
        24 => Link::Loopback,
        0 => Link::Invalid,
        t if i32::try_from(t).is_err() => Link::Invalid,
        _ => Link::Other,
    }
}

/// The access type an adapter's link gives: `Err` for a broken `ifType`.
fn connection_type(link: Link) -> Result<ConnectionType, OmitReason> {
    match link {
        Link::Wifi => Ok(ConnectionType::Wifi),
        Link::Wired => Ok(ConnectionType::Wired),
        Link::Cell => Ok(ConnectionType::Cell),
        Link::Tunnel | Link::Loopback | Link::Other => Ok(ConnectionType::Unknown),
        Link::Invalid => Err(OmitReason::Malformed),
    }
}

/// Whether the adapter routes IPv4 (`v6` false) or IPv6: a default gateway of that family and
/// an address of it that is not link-local, loopback or unspecified.
fn routes(a: &AdapterInfo, v6: bool) -> bool {
    let gateway = if v6 { a.ipv6_gateway } else { a.ipv4_gateway };
    gateway && source_address(a, v6).is_some()
}

/// The adapter's first address of one family that Internet traffic can leave with.
fn source_address(a: &AdapterInfo, v6: bool) -> Option<IpAddr> {
    a.addresses.iter().map(|x| x.ip).find(|ip| {
        ip.is_ipv6() == v6
            && !ip.is_loopback()
            && !ip.is_unspecified()
            && !matches!(
                crate::minimize::ip_scope(*ip),
                crate::report::IpScope::LinkLocal
            )
    })
}

/// The metric of the adapter's default routes: the lowest interface metric among the families
/// it routes (an unknown metric sorts last).
fn route_metric(a: &AdapterInfo) -> u32 {
    let v4 = routes(a, false).then_some(a.ipv4_metric.unwrap_or(u32::MAX));
    let v6 = routes(a, true).then_some(a.ipv6_metric.unwrap_or(u32::MAX));
    v4.into_iter().chain(v6).min().unwrap_or(u32::MAX)
}

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let wants = |f: Field| ctx.wanted.contains(f);
    let adapters = match ctx.source.adapters() {
        Ok(a) => a,
        Err(e) => {
            facts.omit_err(groups::NETWORK, &e);
            return;
        }
    };
    let routed: Vec<&AdapterInfo> = adapters
        .iter()
        .filter(|a| {
            a.up && adapter_link(a) != Link::Loopback && (routes(a, false) || routes(a, true))
        })
        .collect();
    // `min_by_key` keeps the first of equals: the order Windows lists adapters in.
    let egress = routed.iter().copied().min_by_key(|a| route_metric(a));
    let hardware_routes =
        |a: &&AdapterInfo| a.hardware == Some(true) && adapter_link(a) != Link::Tunnel;
    // A virtual Ethernet adapter (TAP-Windows) with the best route while a hardware adapter
    // also routes is a tunnel over that adapter; alone (a Hyper-V vEthernet holding the
    // physical NIC's traffic) it is the link itself.
    let virtual_tunnel = egress.is_some_and(|e| {
        is_virtual(e)
            && routed
                .iter()
                .filter(|a| !std::ptr::eq(**a, e))
                .any(hardware_routes)
    });
    let egress_link = match egress {
        Some(_) if virtual_tunnel => Some(Link::Tunnel),
        Some(e) => Some(adapter_link(e)),
        None => None,
    };
    let vpn = egress_link == Some(Link::Tunnel);
    let host = ctx.host.network.unwrap_or_default();

    if wants(Field::NetworkConnectionType) {
        let own = match egress_link {
            None => Ok(ConnectionType::Unavailable),
            Some(Link::Tunnel) => routed
                .iter()
                .filter(|a| adapter_link(a) != Link::Tunnel && !(virtual_tunnel && is_virtual(a)))
                .min_by_key(|a| route_metric(a))
                .map_or(Ok(ConnectionType::Unknown), |a| {
                    connection_type(adapter_link(a))
                }),
            Some(l) => connection_type(l),
        };
        match host.connection_type.map_or(own, Ok) {
            Ok(t) => facts.network.connection_type = Some(t),
            Err(reason) => facts.omit(Field::NetworkConnectionType, reason),
        }
    }
    if wants(Field::NetworkConnectionSubtype) {
        match host.connection_subtype {
            Some(s) => facts.network.connection_subtype = Some(s),
            None => facts.omit(Field::NetworkConnectionSubtype, OmitReason::Unsupported),
        }
    }
    if wants(Field::NetworkVpn) {
        match host.vpn {
            Some(v) => facts.network.vpn = Some(v),
            None if egress_link == Some(Link::Invalid) => {
                facts.omit(Field::NetworkVpn, OmitReason::Malformed);
            }
            None => facts.network.vpn = Some(vpn),
        }
    }
    if wants(Field::NetworkOnline) {
        facts.network.online = Some(host.online.unwrap_or(egress.is_some()));
    }
    if wants(Field::NetworkIpv4) {
        facts.network.ipv4 = Some(routed.iter().any(|a| routes(a, false)));
    }
    if wants(Field::NetworkIpv6) {
        facts.network.ipv6 = Some(routed.iter().any(|a| routes(a, true)));
    }
    if wants(Field::NetworkIp) {
        match egress.and_then(egress_address) {
            Some(ip) => facts.network.ip = Some(crate::minimize::minimize_ip(ip, ctx.ip_precision)),
            None => facts.omit(Field::NetworkIp, OmitReason::NotFound),
        }
    }
}

/// The cost of the network the egress adapter reaches (`GetNetworkConnectivityHint`), when
/// the catalog 2 cost fields are wanted and Windows gave one.
pub(super) fn egress_cost(ctx: &Context<'_>) -> Option<ConnectionCost> {
    if !ctx.wanted.contains(Field::NetworkMetered)
        && !ctx.wanted.contains(Field::NetworkConstrained)
    {
        return None;
    }
    let adapters = ctx.source.adapters().ok()?;
    adapters
        .iter()
        .filter(|a| {
            a.up && link(a.if_type) != Link::Loopback && (routes(a, false) || routes(a, true))
        })
        .min_by_key(|a| route_metric(a))
        .and_then(|a| a.cost)
}

/// The address traffic leaves with: an IPv4 address when the adapter routes IPv4, else an IPv6
/// one, skipping link-local and loopback addresses.
fn egress_address(a: &AdapterInfo) -> Option<IpAddr> {
    source_address(a, false)
        .filter(|_| a.ipv4_gateway)
        .or_else(|| source_address(a, true).filter(|_| a.ipv6_gateway))
}
