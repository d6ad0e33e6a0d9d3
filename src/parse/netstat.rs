//! `netstat -rn` output on macOS and iOS (with or without `-f inet` / `-f inet6`), the snapshot
//! form of the Apple routing table, and the same text written back for captures.
//!
//! ```text
//! Routing tables
//!
//! Internet:
//! Destination        Gateway            Flags               Netif Expire
//! default            172.20.10.1        UGScg                 en0
//! default            link#22            UCSIg               utun8
//! 172.20.10/28       link#6             UCS                   en0      !
//!
//! Internet6:
//! Destination                             Gateway                                 Flags               Netif Expire
//! fd7a:115c:a1e0::/48                     fe80::%utun8                            Uc                  utun8
//! ```
//!
//! The columns are found by the header line (older systems add `Refs` and `Use`). A section
//! header (`Internet:`, `Internet6:`) gives the family; without one an address with `:` is
//! IPv6. Abbreviated networks are widened as netstat shortens them (`172.20.10/28`, `127` is
//! `127.0.0.0/8`, `192.168.64` is `/24`); a `%scope` is dropped. Flags: `U` up, `I` scoped to
//! its interface (`RTF_IFSCOPE`), `R` reject, `B` blackhole; a route that is not up is skipped.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};

use super::route_table::{RouteEntry, RouteKind, TABLE_MAIN, network};

/// The routes of `netstat -rn` output, and how many route lines were skipped.
pub fn parse_netstat_rn(text: &str) -> (Vec<RouteEntry>, usize) {
    let mut routes = Vec::new();
    let mut skipped = 0usize;
    let mut section_v6: Option<bool> = None;
    // Column positions of Flags and Netif, from the last header line.
    let mut columns: Option<(usize, usize)> = None;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first() else {
            continue;
        };
        match *first {
            "Internet:" => section_v6 = Some(false),
            "Internet6:" => section_v6 = Some(true),
            "Routing" => {}
            "Destination" => {
                let at = |name: &str| words.iter().position(|w| *w == name);
                columns = at("Flags").zip(at("Netif"));
            }
            _ => match columns.and_then(|c| parse_line(&words, c, section_v6)) {
                Some(r) => routes.push(r),
                None if columns.is_some() && !first.ends_with(':') => skipped += 1,
                None => {}
            },
        }
    }
    (routes, skipped)
}

fn parse_line(
    words: &[&str],
    (flags_at, netif_at): (usize, usize),
    v6: Option<bool>,
) -> Option<RouteEntry> {
    let dest = *words.first()?;
    let gateway = *words.get(1)?;
    let flags = *words.get(flags_at)?;
    let netif = *words.get(netif_at)?;
    if !flags.contains('U') || netif.is_empty() {
        return None;
    }
    let v6 = v6.unwrap_or_else(|| dest.contains(':') || gateway.contains(':'));
    let (destination, prefix_len) = destination(dest, v6)?;
    let kind = if flags.contains('B') {
        RouteKind::Blackhole
    } else if flags.contains('R') {
        RouteKind::Unreachable
    } else {
        RouteKind::Unicast
    };
    let gateway = gateway
        .split('%')
        .next()
        .and_then(|g| g.parse::<IpAddr>().ok())
        .filter(|g| g.is_ipv6() == v6 || flags.contains('G'));
    Some(RouteEntry {
        table: TABLE_MAIN,
        kind,
        destination,
        prefix_len,
        gateway,
        dev: Some(netif.to_owned()),
        metric: 0,
        scoped: flags.contains('I'),
    })
}

/// A destination as netstat abbreviates it.
fn destination(word: &str, v6: bool) -> Option<(IpAddr, u8)> {
    if word == "default" {
        return Some(if v6 {
            (IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED), 0)
        } else {
            (IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0)
        });
    }
    let (addr, len) = match word.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (word, None),
    };
    let addr = addr.split('%').next()?;
    if v6 {
        let a: std::net::Ipv6Addr = addr.parse().ok()?;
        let len = len.unwrap_or(128);
        return Some((network(IpAddr::V6(a), len)?, len));
    }
    let parts: Vec<&str> = addr.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(&parts) {
        *slot = part.parse().ok()?;
    }
    let implied = u8::try_from(parts.len() * 8).ok()?;
    let len = len.unwrap_or(implied);
    Some((network(IpAddr::V4(Ipv4Addr::from(octets)), len)?, len))
}

/// Routes written as `netstat -rn` prints them (full addresses, explicit prefix lengths);
/// reading the text with [`parse_netstat_rn`] gives the same routes.
pub fn format_netstat_rn(routes: &[RouteEntry]) -> String {
    let mut out = String::from("Routing tables\n");
    for (title, v6) in [("Internet:", false), ("Internet6:", true)] {
        let _ = write!(
            out,
            "\n{title}\nDestination        Gateway            Flags        Netif Expire\n"
        );
        for r in routes.iter().filter(|r| r.is_ipv6() == v6) {
            let dest = if r.prefix_len == 0 {
                "default".to_owned()
            } else {
                format!("{}/{}", r.destination, r.prefix_len)
            };
            let gateway = r
                .gateway
                .map_or_else(|| "link#0".to_owned(), |g| g.to_string());
            let mut flags = String::from("U");
            if r.gateway.is_some() {
                flags.push('G');
            }
            match r.kind {
                RouteKind::Blackhole => flags.push('B'),
                RouteKind::Unreachable | RouteKind::Prohibit => flags.push('R'),
                _ => {}
            }
            flags.push('S');
            if r.scoped {
                flags.push('I');
            }
            let dev = r.dev.as_deref().unwrap_or("lo0");
            let _ = writeln!(out, "{dest:<18} {gateway:<18} {flags:<12} {dev}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAILSCALE: &str = "Routing tables\n\nInternet:\n\
Destination        Gateway            Flags               Netif Expire\n\
default            172.20.10.1        UGScg                 en0       \n\
default            link#22            UCSIg               utun8       \n\
100.64/10          link#22            UCSI                utun8       \n\
127                127.0.0.1          UCS                   lo0       \n\
172.20.10/28       link#6             UCS                   en0      !\n\
172.20.10.1        a2:b3:c4:d5:e6:f7  UHLWIir               en0   1187\n\
192.168.64         link#24            UC              bridge100      !\n\
\nInternet6:\n\
Destination                             Gateway                                 Flags               Netif Expire\n\
default                                 fe80::%utun8                            UGcIg               utun8       \n\
::1                                     ::1                                     UHL                   lo0       \n\
fd7a:115c:a1e0::/48                     fe80::%utun8                            Uc                  utun8       \n\
fe80::%lo0/64                           fe80::1%lo0                             UcI                   lo0       \n";

    #[test]
    fn tailscale_with_a_scoped_default() {
        let (routes, skipped) = parse_netstat_rn(TAILSCALE);
        assert_eq!(skipped, 0);
        assert_eq!(routes.len(), 11);
        assert_eq!(routes[0].gateway, Some("172.20.10.1".parse().unwrap()));
        assert_eq!(
            (
                routes[0].dev.as_deref(),
                routes[0].scoped,
                routes[0].prefix_len
            ),
            (Some("en0"), false, 0)
        );
        assert_eq!(
            (
                routes[1].dev.as_deref(),
                routes[1].scoped,
                routes[1].gateway
            ),
            (Some("utun8"), true, None)
        );
        assert_eq!(
            (routes[2].destination, routes[2].prefix_len),
            ("100.64.0.0".parse().unwrap(), 10)
        );
        assert_eq!(
            (routes[3].destination, routes[3].prefix_len),
            ("127.0.0.0".parse().unwrap(), 8)
        );
        assert_eq!(routes[5].prefix_len, 32);
        assert_eq!(
            (routes[6].destination, routes[6].prefix_len),
            ("192.168.64.0".parse().unwrap(), 24)
        );
        assert!(routes[7].is_ipv6() && routes[7].scoped && routes[7].prefix_len == 0);
        assert_eq!(routes[9].prefix_len, 48);
        assert_eq!(
            (routes[10].destination, routes[10].prefix_len),
            ("fe80::".parse().unwrap(), 64)
        );
        assert_eq!(
            parse_netstat_rn(&format_netstat_rn(&routes)).0.len(),
            routes.len()
        );
    }

    #[test]
    fn old_columns_and_reject_routes() {
        let text = "Internet:\nDestination Gateway Flags Refs Use Netif Expire\n\
            default 192.0.2.1 UGSc 12 0 en1\n\
            10/8 127.0.0.1 UGSRc 0 0 lo0\n\
            192.0.2 link#5 C 0 0 en1\n\
            junk\n";
        let (routes, skipped) = parse_netstat_rn(text);
        assert_eq!(routes.len(), 2);
        assert_eq!(skipped, 2);
        assert_eq!(routes[0].dev.as_deref(), Some("en1"));
        assert_eq!(routes[1].kind, RouteKind::Unreachable);
    }
}
