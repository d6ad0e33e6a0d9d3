//! `ip route show table all` and `ip -6 route show table all` output (iproute2), the snapshot
//! form of the Linux routing tables, and the same text written back for captures.
//!
//! ```text
//! default via 10.137.0.28 dev eth0 proto dhcp src 10.137.0.41 metric 100
//! 10.137.0.0/24 dev eth0 proto kernel scope link src 10.137.0.41
//! default dev wg0 table 51820 scope link
//! local 10.137.0.41 dev eth0 table local proto kernel scope host src 10.137.0.41
//! unreachable default table 100 metric 4278198272
//! default proto static metric 50
//!     nexthop via 192.0.2.1 dev eth1 weight 1
//! ```
//!
//! A route without `table` is in `main`. A multipath route takes its first `nexthop` line.
//! Words the routing decision does not need (`proto`, `scope`, `src`, `pref`, `mtu`, ...) are
//! skipped with their value. A line that names no destination, or an address of the other
//! family, is skipped and counted.

use std::fmt::Write as _;
use std::net::IpAddr;

use super::route_table::{RouteEntry, RouteKind, TABLE_MAIN, network, table_id};

/// Words followed by a value that the routing decision does not need.
const SKIPPED_WITH_VALUE: &[&str] = &[
    "proto",
    "scope",
    "src",
    "pref",
    "mtu",
    "advmss",
    "rtt",
    "rttvar",
    "window",
    "cwnd",
    "initcwnd",
    "initrwnd",
    "realms",
    "expires",
    "weight",
    "hoplimit",
    "features",
    "quickack",
    "congctl",
    "ssthresh",
    "reordering",
    "rto_min",
    "tos",
    "dsfield",
    "from",
    "nhid",
    "encap",
    "error",
    "fastopen_no_cookie",
    "ttl-propagate",
    "as",
    "mtu_lock",
    "lock",
    "nexthop",
];

fn kind_word(word: &str) -> Option<RouteKind> {
    Some(match word {
        "unicast" => RouteKind::Unicast,
        "local" => RouteKind::Local,
        "broadcast" => RouteKind::Broadcast,
        "anycast" => RouteKind::Anycast,
        "multicast" => RouteKind::Multicast,
        "blackhole" => RouteKind::Blackhole,
        "unreachable" => RouteKind::Unreachable,
        "prohibit" => RouteKind::Prohibit,
        "throw" => RouteKind::Throw,
        "nat" | "xresolve" => RouteKind::Other,
        _ => return None,
    })
}

fn kind_name(kind: RouteKind) -> &'static str {
    match kind {
        RouteKind::Unicast => "unicast",
        RouteKind::Local => "local",
        RouteKind::Broadcast => "broadcast",
        RouteKind::Anycast => "anycast",
        RouteKind::Multicast => "multicast",
        RouteKind::Blackhole => "blackhole",
        RouteKind::Unreachable => "unreachable",
        RouteKind::Prohibit => "prohibit",
        RouteKind::Throw => "throw",
        RouteKind::Other => "nat",
    }
}

/// A prefix as `ip` prints it (`default`, `10.0.0.0/8`, `10.0.0.1`, `fd42::/48`), in the
/// family asked for. `default`, `all` and `any` are the whole family.
pub fn parse_prefix(word: &str, v6: bool) -> Option<(IpAddr, u8)> {
    let whole = if v6 {
        IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)
    };
    if matches!(word, "default" | "all" | "any") {
        return Some((whole, 0));
    }
    let (addr, len) = match word.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (word, None),
    };
    let addr: IpAddr = addr.parse().ok()?;
    if addr.is_ipv6() != v6 {
        return None;
    }
    let max = if v6 { 128 } else { 32 };
    let len = len.unwrap_or(max);
    Some((network(addr, len)?, len))
}

/// The routes of `ip [-6] route show table all` output, and how many route lines were skipped.
pub fn parse_ip_route(text: &str, v6: bool) -> (Vec<RouteEntry>, usize) {
    let mut routes: Vec<RouteEntry> = Vec::new();
    let mut skipped = 0usize;
    // Whether the last route came from a line without its own next hop (a multipath head).
    let mut open_multipath = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first() else {
            continue;
        };
        if *first == "nexthop" && line.starts_with(char::is_whitespace) {
            if let (true, Some(last)) = (open_multipath, routes.last_mut()) {
                let mut hop = last.clone();
                read_words(words.get(1..).unwrap_or(&[]), &mut hop);
                last.gateway = hop.gateway;
                last.dev = hop.dev;
                open_multipath = false;
            }
            continue;
        }
        match parse_line(&words, v6) {
            Some(route) => {
                open_multipath = route.dev.is_none() && route.kind == RouteKind::Unicast;
                routes.push(route);
            }
            None => {
                open_multipath = false;
                skipped += 1;
            }
        }
    }
    (routes, skipped)
}

fn parse_line(words: &[&str], v6: bool) -> Option<RouteEntry> {
    let (kind, rest) = match words.split_first() {
        Some((w, rest)) => match kind_word(w) {
            Some(k) => (k, rest),
            None => (RouteKind::Unicast, words),
        },
        None => return None,
    };
    let (dest, rest) = rest.split_first()?;
    let (destination, prefix_len) = parse_prefix(dest, v6)?;
    let mut route = RouteEntry {
        table: TABLE_MAIN,
        kind,
        destination,
        prefix_len,
        gateway: None,
        dev: None,
        metric: 0,
        scoped: false,
    };
    read_words(rest, &mut route);
    Some(route)
}

/// Reads `via`, `dev`, `table`, `metric` and skips the rest.
fn read_words(words: &[&str], route: &mut RouteEntry) {
    let mut i = 0usize;
    while let Some(word) = words.get(i) {
        let value = words.get(i + 1).copied();
        let mut step = 2;
        match *word {
            "via" => {
                // `via inet6 fe80::1` names the family first.
                let (addr, extra) = match value {
                    Some("inet" | "inet6") => (words.get(i + 2).copied(), 1),
                    other => (other, 0),
                };
                route.gateway = addr.and_then(|a| a.parse().ok());
                step += extra;
            }
            "dev" | "oif" => route.dev = value.filter(|d| valid_dev(d)).map(str::to_owned),
            "table" => {
                if let Some(t) = value.and_then(table_id) {
                    route.table = t;
                }
            }
            "metric" | "priority" | "preference" => {
                if let Some(m) = value.and_then(|m| m.parse().ok()) {
                    route.metric = m;
                }
            }
            w if SKIPPED_WITH_VALUE.contains(&w) => {}
            _ => step = 1,
        }
        i += step;
    }
}

fn valid_dev(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && !name.contains(|c: char| c.is_control() || c == '/')
}

/// Routes written as `ip route show table all` prints them, one line each; reading the text
/// with [`parse_ip_route`] gives the same routes (`scoped` is not written: Linux has none).
pub fn format_ip_route(routes: &[RouteEntry]) -> String {
    let mut out = String::new();
    for r in routes {
        if r.kind != RouteKind::Unicast {
            out.push_str(kind_name(r.kind));
            out.push(' ');
        }
        let full = if r.is_ipv6() { 128 } else { 32 };
        if r.prefix_len == 0 {
            out.push_str("default");
        } else if r.prefix_len == full {
            let _ = write!(out, "{}", r.destination);
        } else {
            let _ = write!(out, "{}/{}", r.destination, r.prefix_len);
        }
        if let Some(g) = r.gateway {
            if g.is_ipv6() == r.is_ipv6() {
                let _ = write!(out, " via {g}");
            } else {
                let family = if g.is_ipv6() { "inet6" } else { "inet" };
                let _ = write!(out, " via {family} {g}");
            }
        }
        if let Some(d) = &r.dev {
            let _ = write!(out, " dev {d}");
        }
        if r.table != TABLE_MAIN {
            let _ = write!(out, " table {}", r.table);
        }
        if r.metric != 0 {
            let _ = write!(out, " metric {}", r.metric);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wg_quick_tables() {
        let text = "default via 10.137.0.28 dev eth0 proto dhcp src 10.137.0.41 metric 100 \n\
            10.137.0.0/24 dev eth0 proto kernel scope link src 10.137.0.41 \n\
            default dev wg0 table 51820 scope link \n\
            local 10.137.0.41 dev eth0 table local proto kernel scope host src 10.137.0.41 \n\
            broadcast 10.137.0.255 dev eth0 table local proto kernel scope link src 10.137.0.41 \n";
        let (routes, skipped) = parse_ip_route(text, false);
        assert_eq!(skipped, 0);
        assert_eq!(routes.len(), 5);
        assert_eq!(routes[0].gateway, Some("10.137.0.28".parse().unwrap()));
        assert_eq!(routes[0].dev.as_deref(), Some("eth0"));
        assert_eq!(
            (routes[0].metric, routes[0].table, routes[0].prefix_len),
            (100, 254, 0)
        );
        assert_eq!((routes[1].prefix_len, routes[1].gateway), (24, None));
        assert_eq!(
            (routes[2].table, routes[2].dev.as_deref()),
            (51820, Some("wg0"))
        );
        assert_eq!(
            (routes[3].kind, routes[3].table, routes[3].prefix_len),
            (RouteKind::Local, 255, 32)
        );
        assert_eq!(routes[4].kind, RouteKind::Broadcast);
        assert_eq!(parse_ip_route(&format_ip_route(&routes), false).0, routes);
    }

    #[test]
    fn ipv6_kinds_multipath_and_junk() {
        let text = "default dev wg0 table 51820 metric 1024 pref medium\n\
            unreachable default dev lo table 100 metric 4278198272\n\
            fe80::/64 dev eth0 proto kernel metric 256 pref medium\n\
            default proto ra metric 1024\n\
            \tnexthop via fe80::1 dev eth0 weight 1\n\
            \tnexthop via fe80::2 dev eth1 weight 1\n\
            10.0.0.0/8 dev eth0\n\
            garbage\n\
            default via inet 192.0.2.1 dev eth0 metric 5\n";
        let (routes, skipped) = parse_ip_route(text, true);
        assert_eq!(skipped, 2, "{routes:?}");
        assert_eq!(routes.len(), 5);
        assert_eq!(routes[0].metric, 1024);
        assert_eq!(
            (routes[1].kind, routes[1].table),
            (RouteKind::Unreachable, 100)
        );
        assert_eq!(routes[3].gateway, Some("fe80::1".parse().unwrap()));
        assert_eq!(routes[3].dev.as_deref(), Some("eth0"));
        assert_eq!(routes[4].gateway, Some("192.0.2.1".parse().unwrap()));
        assert_eq!(parse_ip_route(&format_ip_route(&routes), true).0, routes);
    }

    #[test]
    fn custom_table_names_match_rules() {
        let (routes, _) = parse_ip_route("default dev tun0 table vpn\n", false);
        assert_eq!(Some(routes[0].table), table_id("vpn"));
    }
}
