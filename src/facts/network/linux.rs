//! Linux network facts: the route Internet-bound traffic takes, the access type of the link
//! under it, and the address the kernel would send from.
//!
//! | fact | source |
//! |---|---|
//! | egress route | the rules and every table (rtnetlink dumps; `ip` text in snapshots), evaluated as the kernel does ([`policy`](super::routes::policy)); with only the kernel's default rules, or without a route dump, `/proc/net/route`, `/proc/net/ipv6_route` ([`egress`](super::routes::egress)) |
//! | access type, VPN | `/sys/class/net/IF/{type,uevent,wireless,phy80211,tun_flags,device,brif,lower_*}` ([`classify`](super::routes::classify)) |
//! | online | `/sys/class/net/IF/{operstate,carrier}` of the egress interface |
//! | address | the interface list (`getifaddrs`; `interfaces.json` in snapshots) ([`address`](super::routes::address)) |
//! | subtype | pushed by the host only |
//!
//! Each fact is read only when one of the fields needing it is wanted: `network.ip` alone
//! reads the route tables, `operstate` and the interface list, and classifies interfaces only
//! when there is no default route. Values the host pushed (`HostNetwork`) win over sysfs.
//!
//! A route table that cannot be read, or that the kernel could not have written (either table
//! with lines of which none parses, or IPv4 routes without their header), answers nothing:
//! its family's `network.ipv4`/`ipv6` is omitted with the reason (`malformed`, `unreadable`),
//! and so are `online`, `connection_type`, `vpn` and `ip` unless the other family has an
//! egress that is up. An empty file (either family) and a lone IPv4 header are real empty
//! tables (offline); a missing IPv6 table is a kernel without IPv6. Single bad lines are
//! skipped.

use std::net::IpAddr;

use super::path_traits;
use super::routes::classify::Links;
use super::routes::egress::{self, Egress, Route};
use super::routes::{address, order, policy, proc_tables};

use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::minimize::minimize_ip;
use crate::report::{ConnectionType, OmitReason};
use crate::source::{InterfaceAddr, SourceError};

/// Fills the wanted `network.*` fields. Returns, when the IPv6 table of `/proc` was read and
/// understood, whether it holds a route into the NAT64 prefix (so that `network.nat64` does not
/// read it again).
pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) -> Option<bool> {
    let want = |f: Field| ctx.wanted.contains(f);
    let host = ctx.host.network.unwrap_or_default();
    let net = &mut facts.network;

    if want(Field::NetworkConnectionSubtype) {
        match host.connection_subtype {
            Some(s) => net.connection_subtype = Some(s),
            None => facts.omit(Field::NetworkConnectionSubtype, OmitReason::Unsupported),
        }
    }
    let net = &mut facts.network;
    let need_type = want(Field::NetworkConnectionType) && host.connection_type.is_none();
    let need_vpn = want(Field::NetworkVpn) && host.vpn.is_none();
    let need_online = want(Field::NetworkOnline) && host.online.is_none();
    if want(Field::NetworkConnectionType) {
        net.connection_type = net.connection_type.or(host.connection_type);
    }
    if want(Field::NetworkVpn) {
        net.vpn = net.vpn.or(host.vpn);
    }
    if want(Field::NetworkOnline) {
        net.online = net.online.or(host.online);
    }
    let need_ip = want(Field::NetworkIp);
    let need_route = need_ip || need_type || need_vpn || need_online;
    let need_v4 = need_route || want(Field::NetworkIpv4);
    let need_v6 = need_route || want(Field::NetworkIpv6);
    if !need_v4 && !need_v6 {
        return None;
    }

    let mut links = Links::new(ctx.source);
    let (mut t4, mut t6) = (String::new(), String::new());
    let (mut p4, mut p6) = (String::new(), String::new());
    let rules = policy::rules(ctx.source);
    // With the kernel's default rules the main table decides, as /proc shows it: the route
    // dump is not needed.
    let shortcut = (need_v4 && rules.are_kernel_defaults())
        .then(|| proc_tables(ctx.source, need_v6, &mut p4, &mut p6))
        .flatten();
    let policy = match shortcut {
        Some(_) => None,
        None => rules.tables(ctx.source),
    };
    let mut ipv6_table_read = need_v6;
    let (r4, r6, e4, e6) = match (&policy, shortcut) {
        // The kernel's rules over every table (an rtnetlink dump; `ip` text in snapshots).
        (Some(Ok(tables)), _) => {
            ipv6_table_read = false;
            let e4 = need_v4.then(|| tables.egress(false, &mut links)).flatten();
            let e6 = need_v6.then(|| tables.egress(true, &mut links)).flatten();
            (Ok(tables.unicast(false)), Ok(tables.unicast(true)), e4, e6)
        }
        (Some(Err(e)), _) => {
            ipv6_table_read = false;
            (Err(e.clone()), Err(e.clone()), None, None)
        }
        (None, Some((r4, r6))) => {
            let e4 = egress::select(&r4, &mut links);
            let e6 = egress::select(&r6, &mut links);
            (Ok(r4), Ok(r6), e4, e6)
        }
        (None, None) => {
            // IPv4 cannot be compiled out of Linux, so a missing IPv4 table means /proc is
            // missing; a missing IPv6 table means the kernel runs without IPv6.
            let empty = || Ok(Vec::new());
            let r4 = if need_v4 {
                egress::read(ctx.source, false, &mut t4)
            } else {
                empty()
            };
            let r6 = match need_v6.then(|| egress::read(ctx.source, true, &mut t6)) {
                Some(Err(SourceError::NotFound)) | None => empty(),
                Some(r) => r,
            };
            let e4 = r4.as_ref().ok().and_then(|r| egress::select(r, &mut links));
            let e6 = r6.as_ref().ok().and_then(|r| egress::select(r, &mut links));
            (r4, r6, e4, e6)
        }
    };
    // The IPv6 table as /proc shows it, when it was read: it also answers `network.nat64`.
    let nat64_route = match &r6 {
        Ok(routes) if ipv6_table_read => Some(path_traits::has_nat64_route(routes)),
        _ => None,
    };

    for (field, table, egress) in [
        (Field::NetworkIpv4, &r4, &e4),
        (Field::NetworkIpv6, &r6, &e6),
    ] {
        if !want(field) {
            continue;
        }
        match table {
            Ok(_) => {
                let up = egress.as_ref().is_some_and(|e| e.up);
                if field == Field::NetworkIpv4 {
                    facts.network.ipv4 = Some(up);
                } else {
                    facts.network.ipv6 = Some(up);
                }
            }
            Err(e) => facts.omit(field, e.omit_reason()),
        }
    }
    if !need_route {
        return nat64_route;
    }

    let (primary, secondary) = order(&e4, &e6);
    let online = primary.is_some_and(|e| e.up);
    let unknown_table = r4.as_ref().err().or(r6.as_ref().err());
    if let (false, Some(err)) = (online, unknown_table) {
        // One table could not be read and the other has no usable default: nothing is known.
        let fields = [
            (need_ip, Field::NetworkIp),
            (need_type, Field::NetworkConnectionType),
        ];
        let more = [
            (need_vpn, Field::NetworkVpn),
            (need_online, Field::NetworkOnline),
        ];
        for (needed, f) in fields.into_iter().chain(more) {
            if needed {
                facts.omit(f, err.omit_reason());
            }
        }
        return nat64_route;
    }

    if need_online {
        facts.network.online = Some(online);
    }
    if need_type || need_vpn {
        let (vpn, kind) = match primary.filter(|e| e.up) {
            None => (false, ConnectionType::Unavailable),
            Some(e) if links.is_tunnel(e.iface) => {
                let tables: [&[Route<'_>]; 2] = if e.v6 {
                    [r6.as_deref().unwrap_or(&[]), r4.as_deref().unwrap_or(&[])]
                } else {
                    [r4.as_deref().unwrap_or(&[]), r6.as_deref().unwrap_or(&[])]
                };
                let under = egress::transport(&tables, &mut links);
                (
                    true,
                    under.map_or(ConnectionType::Unknown, |i| links.access(i)),
                )
            }
            Some(e) => (false, links.access(e.iface)),
        };
        if need_vpn {
            facts.network.vpn = Some(vpn);
        }
        if need_type {
            facts.network.connection_type = Some(kind);
        }
    }
    if need_ip {
        match ctx.source.interfaces() {
            Ok(addrs) => match pick_ip(&addrs, primary, secondary, &mut links) {
                Some(ip) => facts.network.ip = Some(minimize_ip(ip, ctx.ip_precision)),
                None => facts.omit(Field::NetworkIp, OmitReason::NotFound),
            },
            Err(e) => facts.omit(Field::NetworkIp, e.omit_reason()),
        }
    }
    nat64_route
}

/// The egress address: the primary egress interface's routable address, else the other
/// family's (when that egress is up), else the best physical interface's; a link-local
/// address of the egress interface only when no routable address exists anywhere.
fn pick_ip(
    addrs: &[InterfaceAddr],
    primary: Option<&Egress<'_>>,
    secondary: Option<&Egress<'_>>,
    links: &mut Links<'_>,
) -> Option<IpAddr> {
    let routable = |e: &Egress<'_>| {
        address::on_interface(addrs, e.iface, e.v6, e.gateway)
            .filter(|ip| !address::is_link_local(*ip))
    };
    if let Some(ip) = primary.and_then(routable) {
        return Some(ip);
    }
    if let Some(ip) = secondary.filter(|e| e.up).and_then(routable) {
        return Some(ip);
    }
    let prefer_v6 = primary.is_some_and(|e| e.v6);
    address::physical(addrs, links, prefer_v6)
        .or_else(|| primary.and_then(|e| address::on_interface(addrs, e.iface, e.v6, e.gateway)))
}
