//! Which route carries Internet-bound traffic, per address family, read from
//! `/proc/net/route` and `/proc/net/ipv6_route`.
//!
//! The rule: a default route (`0.0.0.0/0`, `::/0`) with the lowest metric, preferring routes
//! on interfaces that are up. Split defaults (`0.0.0.0/1` + `128.0.0.0/1`; for IPv6 any route
//! covering all of the global unicast space `2000::/3`, e.g. `::/1`, or `2000::/4` +
//! `3000::/4`) beat a plain default, as they do in the kernel's longest-prefix match. Narrower
//! routes (`10.0.0.0/8` over a tunnel, `192.0.2.0/24` on a second NIC) never count.

use std::cmp::Reverse;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::classify::Links;
use crate::parse::ipv6_route::{self, ipv6_routes};
use crate::parse::route::{is_interface_name, routes_into};
use crate::source::{Source, SourceError};

/// One usable route of either family; the interface name is borrowed from the table's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::facts::network) struct Route<'t> {
    pub iface: &'t str,
    pub destination: IpAddr,
    pub prefix_len: u8,
    pub gateway: Option<IpAddr>,
    pub metric: u32,
}

/// The route chosen for Internet-bound traffic of one family; the interface name is borrowed
/// from the table it was chosen in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::facts::network) struct Egress<'t> {
    pub iface: &'t str,
    pub gateway: Option<IpAddr>,
    pub up: bool,
    pub v6: bool,
}

/// Reads one family's table into `text` (which the routes borrow from). A table that does not
/// exist is an error here; the caller decides what a missing table means.
///
/// A table the kernel could not have written is [`SourceError::Malformed`], so that the facts
/// resting on it are omitted rather than answered as "no route": either table with lines of
/// which none parses, or IPv4 routes without the header the kernel writes before them. An
/// empty file is a real table without routes for both families (the kernel writes nothing for
/// IPv6 without routes, and for IPv4 in a namespace that never had an IPv4 address or route);
/// so is an IPv4 header alone. A bad line among good ones is skipped.
pub(in crate::facts::network) fn read<'t>(
    source: &dyn Source,
    v6: bool,
    text: &'t mut String,
) -> Result<Vec<Route<'t>>, SourceError> {
    read_noting_rejects(source, v6, text, &mut false)
}

/// As [`read`], and sets `rejects` when the table holds a refusing route (`blackhole`,
/// `unreachable`, `prohibit`) as wide as an Internet route (a prefix of at most 4 bits) that
/// is not the kernel's own last resort (metric `0xffffffff`): the kernel's lookup could stop at
/// such a route, which [`select`] never sees.
pub(in crate::facts::network) fn read_noting_rejects<'t>(
    source: &dyn Source,
    v6: bool,
    text: &'t mut String,
    rejects: &mut bool,
) -> Result<Vec<Route<'t>>, SourceError> {
    let refusing =
        |reject: bool, prefix_len: u8, metric: u32| reject && prefix_len <= 4 && metric != u32::MAX;
    let path = if v6 {
        "/proc/net/ipv6_route"
    } else {
        "/proc/net/route"
    };
    *text = source.text(path)?;
    let text: &'t String = text;
    let usable = |reject: bool, iface: &str| !reject && is_interface_name(iface);
    if v6 {
        // Read route by route into the one list kept: rejecting routes and bad names are
        // noted or dropped on the way.
        let mut routes = Vec::with_capacity(ipv6_route::capacity_for(text));
        let (mut parsed, mut skipped) = (false, 0usize);
        for r in ipv6_routes(text) {
            let Some(r) = r else {
                skipped += 1;
                continue;
            };
            parsed = true;
            *rejects |= refusing(r.is_reject(), r.prefix_len, r.metric);
            if usable(r.is_reject(), r.iface) {
                routes.push(Route {
                    gateway: (!r.next_hop.is_unspecified()).then_some(IpAddr::V6(r.next_hop)),
                    destination: IpAddr::V6(r.destination),
                    prefix_len: r.prefix_len,
                    metric: r.metric,
                    iface: r.iface,
                });
            }
        }
        if !parsed && skipped > 0 {
            return Err(SourceError::Malformed);
        }
        Ok(routes)
    } else {
        // Converted straight into the one list kept; rejecting routes are noted on the way.
        let mut routes = Vec::new();
        let mut refuses = false;
        let shape = routes_into(text, &mut routes, |r| {
            refuses |= refusing(r.is_reject(), r.prefix_len, r.metric);
            usable(r.is_reject(), r.iface).then(|| Route {
                gateway: (!r.gateway.is_unspecified()).then_some(IpAddr::V4(r.gateway)),
                destination: IpAddr::V4(r.destination),
                prefix_len: r.prefix_len,
                metric: r.metric,
                iface: r.iface,
            })
        });
        if shape.is_malformed() {
            return Err(SourceError::Malformed);
        }
        *rejects |= refuses;
        Ok(routes)
    }
}

/// The routes that carry Internet-bound traffic, each with its specificity (the longest match
/// wins in the kernel, so split defaults beat `/0`).
pub(in crate::facts::network) fn internet_routes<'r, 't>(
    routes: &'r [Route<'t>],
) -> impl Iterator<Item = (&'r Route<'t>, u8)> {
    let half = |addr: IpAddr, len: u8| {
        routes
            .iter()
            .any(|r| r.destination == addr && r.prefix_len == len)
    };
    let v4_split = half(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 1)
        && half(IpAddr::V4(Ipv4Addr::new(128, 0, 0, 0)), 1);
    let v6_quarters = half(IpAddr::V6(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0)), 4)
        && half(IpAddr::V6(Ipv6Addr::new(0x3000, 0, 0, 0, 0, 0, 0, 0)), 4);
    routes.iter().filter_map(move |r| {
        let specificity = match r.destination {
            IpAddr::V4(_) if r.prefix_len == 0 => Some(0),
            IpAddr::V4(_) if r.prefix_len == 1 && v4_split => Some(1),
            IpAddr::V6(d) if r.prefix_len <= 3 && covers_global_unicast(d, r.prefix_len) => {
                Some(r.prefix_len)
            }
            IpAddr::V6(d) if r.prefix_len == 4 && v6_quarters => {
                let top = d.segments().first().copied().unwrap_or(0);
                (top == 0x2000 || top == 0x3000).then_some(4)
            }
            _ => None,
        };
        specificity.map(|s| (r, s))
    })
}

/// Whether `destination/prefix_len` (prefix ≤ 3) contains all of `2000::/3`.
fn covers_global_unicast(destination: Ipv6Addr, prefix_len: u8) -> bool {
    let shift = 128u32.saturating_sub(u32::from(prefix_len));
    let net = u128::from(destination).checked_shr(shift).unwrap_or(0);
    let global = u128::from(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0))
        .checked_shr(shift)
        .unwrap_or(0);
    net == global
}

/// How a candidate route ranks: down, less specific, higher metric sort later.
type Rank = (bool, Reverse<u8>, u32);

/// The egress of one family: among its Internet routes, one on an interface that is up
/// first, then the most specific, then the lowest metric, then the first in the table.
pub(in crate::facts::network) fn select<'t>(
    routes: &[Route<'t>],
    links: &mut Links<'_>,
) -> Option<Egress<'t>> {
    let candidates = internet_routes(routes);
    // Smallest key wins: up first, then the most specific, then the lowest metric; ties keep
    // the earlier route.
    let mut best: Option<(&Route<'_>, Rank)> = None;
    for (r, specificity) in candidates {
        if links.is_loopback_name(r.iface) {
            continue;
        }
        let key = (!links.is_up(r.iface), Reverse(specificity), r.metric);
        if best.as_ref().is_none_or(|(_, k)| key < *k) {
            best = Some((r, key));
        }
    }
    best.map(|(r, (down, ..))| Egress {
        iface: r.iface,
        gateway: r.gateway,
        up: !down,
        v6: r.destination.is_ipv6(),
    })
}

/// The interface under a tunnel: the best Internet route that is not itself on a tunnel (the
/// physical default a full-tunnel VPN leaves in place), else a host route through a gateway
/// on a non-tunnel interface (the route a VPN adds to reach its endpoint).
pub(in crate::facts::network) fn transport<'t>(
    tables: &[&[Route<'t>]],
    links: &mut Links<'_>,
) -> Option<&'t str> {
    let mut best: Option<(&Route<'t>, (bool, u32))> = None;
    for routes in tables {
        for (r, _) in internet_routes(routes) {
            if links.is_loopback_name(r.iface) || links.is_tunnel(r.iface) {
                continue;
            }
            let key = (!links.is_up(r.iface), r.metric);
            if best.as_ref().is_none_or(|(_, k)| key < *k) {
                best = Some((r, key));
            }
        }
        if best.is_some() {
            break;
        }
    }
    if let Some((r, _)) = best {
        return Some(r.iface);
    }
    let mut endpoint: Option<&Route<'t>> = None;
    for routes in tables {
        for r in routes.iter() {
            let host_len = if r.destination.is_ipv6() { 128 } else { 32 };
            if r.prefix_len != host_len
                || r.gateway.is_none()
                || endpoint.is_some_and(|e| e.metric <= r.metric)
            {
                continue;
            }
            if !links.is_loopback_name(r.iface) && !links.is_tunnel(r.iface) {
                endpoint = Some(r);
            }
        }
    }
    endpoint.map(|r| r.iface)
}
