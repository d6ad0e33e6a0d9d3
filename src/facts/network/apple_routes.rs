//! The egress on macOS and iOS from the routing table (`NET_RT_DUMP`; `netstat -rn` text in
//! snapshots), when the host pushed no network facts.
//!
//! An unbound socket uses only *unscoped* routes: a route flagged `RTF_IFSCOPE` (`I` in
//! `netstat -rn`) serves sockets bound to its interface. So with Tailscale or another VPN that
//! adds an interface-scoped default on `utun8` beside the unscoped default on `en0`, traffic
//! leaves through `en0` and there is no VPN. The Internet route is a default, split defaults
//! (`0/1` + `128/1`) or an IPv6 route covering `2000::/3`, the most specific winning; IPv4
//! first. When it is a tunnel, the transport under it is the best Internet route on another
//! interface, unscoped first (macOS keeps each interface's default, scoped, when a VPN takes
//! the unscoped one).

use std::cmp::Reverse;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::source::{RouteEntry, RouteKind};

/// The Internet routes of one family with their specificity.
fn internet(routes: &[RouteEntry], v6: bool) -> Vec<(&RouteEntry, u8)> {
    let family: Vec<&RouteEntry> = routes
        .iter()
        .filter(|r| r.is_ipv6() == v6 && r.kind == RouteKind::Unicast && r.dev.is_some())
        .collect();
    let has = |a: IpAddr, len: u8| {
        family
            .iter()
            .any(|r| r.destination == a && r.prefix_len == len)
    };
    let v4_split =
        has(Ipv4Addr::UNSPECIFIED.into(), 1) && has(Ipv4Addr::new(128, 0, 0, 0).into(), 1);
    let v6_quarters = has(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0).into(), 4)
        && has(Ipv6Addr::new(0x3000, 0, 0, 0, 0, 0, 0, 0).into(), 4);
    family
        .into_iter()
        .filter_map(|r| {
            let counts = match r.destination {
                IpAddr::V4(_) => r.prefix_len == 0 || (r.prefix_len == 1 && v4_split),
                IpAddr::V6(d) => {
                    let top = u128::from(d) >> 125;
                    (r.prefix_len == 0)
                        || (r.prefix_len <= 3
                            && top == 1
                            && crate::parse::route_table::network(d.into(), r.prefix_len)
                                == Some(d.into()))
                        || (r.prefix_len == 4
                            && v6_quarters
                            && matches!(d.segments().first(), Some(0x2000 | 0x3000)))
                }
            };
            counts.then_some((r, r.prefix_len))
        })
        .collect()
}

/// The egress interface and, when it is a tunnel, the interface under it.
pub(super) fn egress(
    routes: &[RouteEntry],
    is_tunnel: &dyn Fn(&str) -> bool,
) -> Option<(String, Option<String>)> {
    let dev = |r: &RouteEntry| r.dev.clone().unwrap_or_default();
    let loopback = |r: &RouteEntry| r.dev.as_deref().is_some_and(|d| d.starts_with("lo"));
    for v6 in [false, true] {
        let candidates = internet(routes, v6);
        let chosen = candidates
            .iter()
            .filter(|(r, _)| !r.scoped && !loopback(r))
            .min_by_key(|(_, s)| Reverse(*s));
        let Some((route, _)) = chosen else {
            continue;
        };
        let name = dev(route);
        if !is_tunnel(&name) {
            return Some((name, None));
        }
        let under = [false, true].into_iter().find_map(|v6| {
            internet(routes, v6)
                .into_iter()
                .filter(|(r, _)| !loopback(r) && !is_tunnel(&dev(r)))
                .min_by_key(|(r, s)| (r.scoped, Reverse(*s)))
                .map(|(r, _)| dev(r))
        });
        return Some((name, under));
    }
    None
}
