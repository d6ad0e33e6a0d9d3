//! `/proc/net/ipv6_route`: every IPv6 route of every table, one a line, ten fields:
//!
//! ```text
//! 00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
//! ```
//!
//! destination, its prefix length, source prefix, its length, next hop, metric, reference count,
//! use count, `RTF_*` flags (all hex), and the interface.

use std::net::Ipv6Addr;

use super::route::{hex_digit, hex_u32};

/// Route flag: the route is usable (`RTF_UP`).
pub const RTF_UP: u32 = 0x0001;
/// Route flag: the route goes through a gateway (`RTF_GATEWAY`).
pub const RTF_GATEWAY: u32 = 0x0002;
/// Route flag: the route rejects traffic (unreachable, prohibit, blackhole; `RTF_REJECT`).
pub const RTF_REJECT: u32 = 0x0200;
/// Route flag: a local address of this host (`RTF_LOCAL`).
pub const RTF_LOCAL: u32 = 0x8000_0000;

/// One IPv6 route, e.g. `::/0 via fd00::1 dev eth0 metric 1024`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route6 {
    /// Outgoing interface, e.g. `"eth0"`.
    pub iface: String,
    /// Destination network address, e.g. `::`.
    pub destination: Ipv6Addr,
    /// Destination prefix length, 0 to 128.
    pub prefix_len: u8,
    /// Next hop; `::` for on-link routes.
    pub next_hop: Ipv6Addr,
    /// Route metric; lower wins.
    pub metric: u32,
    /// `RTF_*` flags.
    pub flags: u32,
}

impl Route6 {
    /// Whether the route rejects traffic (or is not up) instead of carrying it.
    pub fn is_reject(&self) -> bool {
        self.flags & RTF_REJECT != 0 || self.flags & RTF_UP == 0
    }
}

/// Parses the text of `/proc/net/ipv6_route` into its routes and the number of non-blank lines
/// that could not be understood. Never fails.
///
/// The table has no header, and the kernel writes an empty file when there are no routes: an
/// empty text is an empty table. Text with lines of which none parsed (`(vec![], n)` with
/// `n > 0`) is not a table; the network probe omits what rests on it as `malformed`.
pub fn parse_ipv6_route(text: &str) -> (Vec<Route6>, usize) {
    let mut routes = Vec::new();
    let mut skipped = 0usize;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match route(line) {
            Some(r) => routes.push(r),
            None => skipped += 1,
        }
    }
    (routes, skipped)
}

fn route(line: &str) -> Option<Route6> {
    // The kernel writes ASCII; splitting at ASCII blanks is then the same and much cheaper.
    if line.is_ascii() {
        route_from(line.split_ascii_whitespace())
    } else {
        route_from(line.split_whitespace())
    }
}

fn route_from<'a>(mut f: impl Iterator<Item = &'a str>) -> Option<Route6> {
    let destination = hex_addr(f.next()?)?;
    let prefix_len = hex_u32(f.next()?)
        .and_then(|p| u8::try_from(p).ok())
        .filter(|p| *p <= 128)?;
    hex_addr(f.next()?)?;
    hex_u32(f.next()?)?;
    let next_hop = hex_addr(f.next()?)?;
    let metric = hex_u32(f.next()?)?;
    hex_u32(f.next()?)?;
    hex_u32(f.next()?)?;
    let flags = hex_u32(f.next()?)?;
    let iface = f.next()?.to_owned();
    Some(Route6 {
        iface,
        destination,
        prefix_len,
        next_hop,
        metric,
        flags,
    })
}

/// A 32-digit hex IPv6 address, as the kernel prints it (network order).
pub(crate) fn hex_addr(s: &str) -> Option<Ipv6Addr> {
    if s.len() != 32 {
        return None;
    }
    s.bytes()
        .try_fold(0u128, |acc, b| Some(acc << 4 | u128::from(hex_digit(b)?)))
        .map(Ipv6Addr::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_addresses() {
        assert_eq!(
            hex_addr("fd000000000000000000000000000001"),
            Some("fd00::1".parse().unwrap())
        );
        assert_eq!(
            hex_addr("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"),
            Some(Ipv6Addr::from(u128::MAX))
        );
        assert_eq!(hex_addr("fd00000000000000000000000000001"), None);
        assert_eq!(hex_addr("fd0000000000000000000000000000001"), None);
        assert_eq!(hex_addr("fd00000000000000000000000000000g"), None);
        assert_eq!(hex_addr("+d000000000000000000000000000001"), None);
    }

    #[test]
    fn non_ascii_blanks_still_separate_fields() {
        // U+2003 EM SPACE between the fields: not what the kernel writes, but a blank.
        let line = "00000000000000000000000000000000\u{2003}00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 00000003 eth0\n";
        let (routes, skipped) = parse_ipv6_route(line);
        assert_eq!((routes.len(), skipped), (1, 0));
        assert_eq!(routes.first().unwrap().metric, 0x400);
    }

    /// This VM's table (Debian 12, 6.x kernel): a ULA default and the null route on `lo`.
    const DEBIAN_VM: &str = "\
fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
";

    #[test]
    fn debian_12_vm_table() {
        let (routes, skipped) = parse_ipv6_route(DEBIAN_VM);
        assert_eq!((routes.len(), skipped), (4, 0));
        let default = routes.get(1).unwrap();
        assert_eq!(default.iface, "eth0");
        assert_eq!(default.prefix_len, 0);
        assert_eq!(default.next_hop, "fd00::1".parse::<Ipv6Addr>().unwrap());
        assert_eq!(default.metric, 1024);
        assert!(!default.is_reject());
        let null = routes.get(3).unwrap();
        assert!(null.is_reject());
        assert_eq!(routes.first().unwrap().prefix_len, 64);
    }

    #[test]
    fn malformed_lines_are_counted_not_fatal() {
        let text = "\
00000000000000000000000000000000 00 00000000000000000000000000000000 00
0000000000000000000000000000000g 00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 00000003 eth0
00000000000000000000000000000000 81 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 00000003 eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 00000003
\u{fffd}
20010db8000000000000000000000000 20 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth1
";
        let (routes, skipped) = parse_ipv6_route(text);
        assert_eq!(skipped, 5);
        assert_eq!(routes.len(), 1);
        assert_eq!(
            routes.first().unwrap().destination,
            "2001:db8::".parse::<Ipv6Addr>().unwrap()
        );
        assert_eq!(parse_ipv6_route(""), (Vec::new(), 0));
    }
}
