//! Windows network facts, from the adapter list (`GetAdaptersAddresses`).
//!
//! | field | source | example |
//! |---|---|---|
//! | `network.connection_type` | `IfType` of the egress adapter (71 → `wifi`, 6 → `wired`, 243/244 → `cell`); under a tunnel, the type of the best non-tunnel adapter with a gateway, else `unknown`; `unavailable` without one | `"wifi"` |
//! | `network.vpn` | the egress adapter is a tunnel (131), PPP (23) or virtual (53, e.g. WireGuard's Wintun) | `false` |
//! | `network.online` | an up adapter has a default gateway | `true` |
//! | `network.ipv4`, `network.ipv6` | an up adapter has an IPv4 / IPv6 default gateway | `true` |
//! | `network.ip` | the egress adapter's address (IPv4 first), minimized | `{"address": "192.168.1.0", "precision": "truncated", "scope": "private"}` |
//! | `network.connection_subtype` | only what the host pushes | `"lte"` |
//!
//! The egress adapter is the up adapter with a default gateway and the lowest interface metric
//! (the metric Windows adds to every route through it). Values the host pushed
//! ([`Collector::set_network`](crate::Collector::set_network)) win over these.

use std::net::IpAddr;

use crate::field::Field;
use crate::probe::{Context, Facts, groups};
use crate::report::{ConnectionType, OmitReason};
use crate::source::AdapterInfo;

/// What an adapter carries, from its IANA `ifType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Wifi,
    Wired,
    Cell,
    Tunnel,
    Loopback,
    Other,
}

fn link(if_type: u32) -> Link {
    match if_type {
        71 => Link::Wifi,
        6 => Link::Wired,
        243 | 244 => Link::Cell,
        23 | 53 | 131 => Link::Tunnel,
        24 => Link::Loopback,
        _ => Link::Other,
    }
}

fn connection_type(link: Link) -> Option<ConnectionType> {
    match link {
        Link::Wifi => Some(ConnectionType::Wifi),
        Link::Wired => Some(ConnectionType::Wired),
        Link::Cell => Some(ConnectionType::Cell),
        Link::Tunnel | Link::Loopback | Link::Other => None,
    }
}

/// The metric of the adapter's default routes: the lowest interface metric among the families
/// it has a gateway for (an unknown metric sorts last).
fn route_metric(a: &AdapterInfo) -> u32 {
    let v4 = a.ipv4_gateway.then_some(a.ipv4_metric.unwrap_or(u32::MAX));
    let v6 = a.ipv6_gateway.then_some(a.ipv6_metric.unwrap_or(u32::MAX));
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
        .filter(|a| a.up && link(a.if_type) != Link::Loopback && (a.ipv4_gateway || a.ipv6_gateway))
        .collect();
    // `min_by_key` keeps the first of equals: the order Windows lists adapters in.
    let egress = routed.iter().copied().min_by_key(|a| route_metric(a));
    let egress_link = egress.map(|a| link(a.if_type));
    let vpn = egress_link == Some(Link::Tunnel);
    let host = ctx.host.network.unwrap_or_default();

    if wants(Field::NetworkConnectionType) {
        let own = match egress_link {
            None => ConnectionType::Unavailable,
            Some(Link::Tunnel) => routed
                .iter()
                .filter(|a| link(a.if_type) != Link::Tunnel)
                .min_by_key(|a| route_metric(a))
                .and_then(|a| connection_type(link(a.if_type)))
                .unwrap_or(ConnectionType::Unknown),
            Some(l) => connection_type(l).unwrap_or(ConnectionType::Unknown),
        };
        facts.network.connection_type = Some(host.connection_type.unwrap_or(own));
    }
    if wants(Field::NetworkConnectionSubtype) {
        match host.connection_subtype {
            Some(s) => facts.network.connection_subtype = Some(s),
            None => facts.omit(Field::NetworkConnectionSubtype, OmitReason::Unsupported),
        }
    }
    if wants(Field::NetworkVpn) {
        facts.network.vpn = Some(host.vpn.unwrap_or(vpn));
    }
    if wants(Field::NetworkOnline) {
        facts.network.online = Some(host.online.unwrap_or(egress.is_some()));
    }
    if wants(Field::NetworkIpv4) {
        facts.network.ipv4 = Some(routed.iter().any(|a| a.ipv4_gateway));
    }
    if wants(Field::NetworkIpv6) {
        facts.network.ipv6 = Some(routed.iter().any(|a| a.ipv6_gateway));
    }
    if wants(Field::NetworkIp) {
        match egress.and_then(egress_address) {
            Some(ip) => facts.network.ip = Some(crate::minimize::minimize_ip(ip, ctx.ip_precision)),
            None => facts.omit(Field::NetworkIp, OmitReason::NotFound),
        }
    }
}

/// The address traffic leaves with: an IPv4 address when the adapter has an IPv4 gateway,
/// else an IPv6 one, skipping link-local and loopback addresses.
fn egress_address(a: &AdapterInfo) -> Option<IpAddr> {
    let usable = |ip: &IpAddr| {
        !ip.is_loopback()
            && !ip.is_unspecified()
            && !matches!(
                crate::minimize::ip_scope(*ip),
                crate::report::IpScope::LinkLocal
            )
    };
    let of = |v4: bool| {
        a.addresses
            .iter()
            .map(|x| x.ip)
            .find(|ip| ip.is_ipv4() == v4 && usable(ip))
    };
    let v4 = a.ipv4_gateway.then(|| of(true)).flatten();
    let v6 = || a.ipv6_gateway.then(|| of(false)).flatten();
    v4.or_else(v6)
}
