//! Minimizing what a capture writes: no full IP address and no MAC address leaves through
//! `--capture`.
//!
//! Interface addresses and every address in the route tables (destinations, gateways, next
//! hops, source prefixes) are cut to /24 (IPv4) or /48 (IPv6). A route line that does not parse
//! is not copied, since it could hold an address in a shape not recognized: a fixed marker
//! line that no parser accepts stands in its place, so the replay still sees a bad line.

//! Interface names that embed a MAC (`enx00e04c680a1b`) are renamed everywhere ([`names`]);
//! a MAC spelled out in a file (`00:e0:4c:68:0a:1b`) is zeroed; a network interface's `uevent`
//! keeps only its `DEVTYPE` line, the one the probe reads.

mod names;

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv6Addr};

pub(crate) use names::MacNames;

use crate::minimize::truncate_ip;
use crate::parse::ipv6_route::hex_addr;
use crate::parse::route::{address_columns, hex_u32, is_little_endian_table, starts_with_header};
use crate::source::{
    AdapterInfo, Answer, InterfaceAddr, Query, Recorded, RegValue, RouteEntry, RuleEntry,
};

/// Interface addresses cut to /24 (IPv4) or /48 (IPv6). Loopback addresses say nothing about
/// anyone and are kept whole, so a replayed capture still tells loopback (`::1`) apart.
pub(crate) fn interfaces(mut addrs: Vec<InterfaceAddr>) -> Vec<InterfaceAddr> {
    for a in &mut addrs {
        if !a.ip.is_loopback() {
            a.ip = truncate_ip(a.ip);
        }
    }
    addrs
}

/// Adapter addresses cut to /24 (IPv4) or /48 (IPv6); the rest of the record holds no address.
pub(crate) fn adapters(mut adapters: Vec<AdapterInfo>) -> Vec<AdapterInfo> {
    for a in &mut adapters {
        for addr in &mut a.addresses {
            addr.ip = truncate_ip(addr.ip);
        }
    }
    adapters
}

/// Route addresses cut to /24 (IPv4) or /48 (IPv6): destinations and gateways. A route
/// more specific than the cut keeps its prefix length (a host route stays a host route, now
/// of the cut address); a loopback route keeps its address.
pub(crate) fn routes(mut routes: Vec<RouteEntry>) -> Vec<RouteEntry> {
    for r in &mut routes {
        if !r.destination.is_loopback() {
            r.destination = truncate_ip(r.destination);
        }
        r.gateway = r.gateway.map(truncate_ip);
    }
    routes
}

/// Rule prefixes cut to /24 (IPv4) or /48 (IPv6).
pub(crate) fn rules(mut rules: Vec<RuleEntry>) -> Vec<RuleEntry> {
    for r in &mut rules {
        for p in [&mut r.from, &mut r.to].into_iter().flatten() {
            p.0 = truncate_ip(p.0);
        }
    }
    rules
}

/// A file's bytes with any IP address in it minimized (the route tables are rewritten), a
/// network interface's `uevent` cut to its `DEVTYPE` line, and any MAC written out zeroed.
pub(crate) fn file(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let bytes = match path {
        "/proc/net/route" => route(&String::from_utf8_lossy(&bytes)).into_bytes(),
        "/proc/net/ipv6_route" => ipv6_route(&String::from_utf8_lossy(&bytes)).into_bytes(),
        _ if is_net_uevent(path) => net_uevent(&bytes),
        _ => bytes,
    };
    names::zero_macs(&bytes)
}

/// Whether `path` is a network interface's `uevent` (`/sys/class/net/IF/uevent`, or the same
/// file reached through `/sys/devices/.../net/IF/`).
fn is_net_uevent(path: &str) -> bool {
    path.strip_suffix("/uevent")
        .and_then(|dir| dir.rsplit_once('/'))
        .is_some_and(|(parent, _)| parent.ends_with("/net"))
}

/// A network interface's `uevent` with only its `DEVTYPE=` line: `INTERFACE=` holds the name
/// (which can hold the MAC) and `IFINDEX=` nothing the probe needs.
fn net_uevent(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in bytes.split(|b| *b == b'\n') {
        if line.starts_with(b"DEVTYPE=") {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    out
}

/// One recorded query and answer as a capture may keep them: every MAC-bearing interface name
/// renamed (in the query's path, listings, link targets, file contents, interface and adapter
/// lists, property and registry text), files scrubbed as by [`file`], addresses cut as by
/// [`interfaces`] and [`adapters`]. `names` carries the renaming from one record to the next.
pub(crate) fn record(r: Recorded, names: &mut MacNames) -> Recorded {
    let query = match r.query {
        Query::File(p) => Query::File(names.text(&p)),
        Query::Dir(p) => Query::Dir(names.text(&p)),
        Query::Link(p) => Query::Link(names.text(&p)),
        Query::Registry(k, v) => Query::Registry(names.text(&k), names.text(&v)),
        Query::Property(n) => Query::Property(names.text(&n)),
        Query::Sysctl(n) => Query::Sysctl(names.text(&n)),
        other => other,
    };
    let answer = r.answer.map(|a| match a {
        Answer::Bytes(b) => {
            let b = file(query.name(), b);
            Answer::Bytes(names.bytes(&b))
        }
        Answer::Names(list) => Answer::Names(list.iter().map(|n| names.text(n)).collect()),
        Answer::Text(t) => Answer::Text(names.text(&t)),
        Answer::Registry(v) => Answer::Registry(match v {
            RegValue::Sz(t) => RegValue::Sz(names.text(&t)),
            RegValue::MultiSz(l) => RegValue::MultiSz(l.iter().map(|t| names.text(t)).collect()),
            other => other,
        }),
        Answer::Interfaces(list) => Answer::Interfaces(
            interfaces(list)
                .into_iter()
                .map(|mut a| {
                    a.name = names.text(&a.name);
                    a
                })
                .collect(),
        ),
        Answer::Routes(list) => Answer::Routes(
            routes(list)
                .into_iter()
                .map(|mut r| {
                    r.dev = r.dev.map(|d| names.text(&d));
                    r
                })
                .collect(),
        ),
        Answer::Rules(list) => Answer::Rules(
            rules(list)
                .into_iter()
                .map(|mut r| {
                    r.iif = r.iif.map(|d| names.text(&d));
                    r.oif = r.oif.map(|d| names.text(&d));
                    r
                })
                .collect(),
        ),
        Answer::Adapters(list) => Answer::Adapters(
            adapters(list)
                .into_iter()
                .map(|mut a| {
                    a.name = names.text(&a.name);
                    a
                })
                .collect(),
        ),
        other => other,
    });
    Recorded { query, answer }
}

/// What a capture writes in place of a route line it cannot rewrite: a line no parser accepts,
/// so that a table whose lines all failed still replays as malformed, and a good table with
/// one bad line still replays with its good routes.
const DROPPED_LINE: &str = "line-dropped-by-capture";

/// The fields of a route line, split exactly as the parsers split it (ASCII blanks for an ASCII
/// line, Unicode white space otherwise), so a rewrite sees the columns the parser reads.
fn fields(line: &str) -> Vec<&str> {
    if line.is_ascii() {
        line.split_ascii_whitespace().collect()
    } else {
        line.split_whitespace().collect()
    }
}

/// Whether a field can be kept as it is: a number (hex or decimal digits) that cannot hold an
/// address the parser would read.
fn is_plain_number(f: &str) -> bool {
    !f.is_empty() && f.len() <= 8 && f.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The column names the kernel writes in `/proc/net/route`'s header.
const ROUTE_COLUMNS: &[&str] = &[
    "Iface",
    "Destination",
    "Gateway",
    "Flags",
    "RefCnt",
    "Use",
    "Metric",
    "Mask",
    "MTU",
    "Window",
    "IRTT",
];

/// `/proc/net/route` with the last octet of each destination and gateway zeroed, in the
/// table's own byte order and in the columns its header names. Masks, flags and metrics are
/// kept. Nothing else passes through as text: header words the kernel does not write become
/// `-`, fields past the header's columns are dropped, and other columns that are not plain
/// numbers become `0` (the parser does not read them).
fn route(text: &str) -> String {
    let little = is_little_endian_table(text);
    // The last octet in network order is the high byte of a little-endian word.
    let keep: u32 = if little { 0x00ff_ffff } else { 0xffff_ff00 };
    let [iface_col, dest_col, gw_col] = address_columns(text);
    let mut header = starts_with_header(text);
    let mut width = usize::MAX;
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if std::mem::take(&mut header) {
            let words = fields(line);
            width = words.len();
            let safe: Vec<&str> = words
                .iter()
                .map(|w| {
                    ROUTE_COLUMNS
                        .iter()
                        .find(|c| c.eq_ignore_ascii_case(w))
                        .copied()
                        .unwrap_or("-")
                })
                .collect();
            out.push_str(&safe.join("\t"));
            out.push('\n');
            continue;
        }
        let fields = fields(line);
        let (Some(dest), Some(gw)) = (
            fields.get(dest_col).and_then(|f| hex_u32(f)),
            fields.get(gw_col).and_then(|f| hex_u32(f)),
        ) else {
            out.push_str(DROPPED_LINE);
            out.push('\n');
            continue;
        };
        for (j, f) in fields.iter().take(width).enumerate() {
            if j > 0 {
                out.push('\t');
            }
            if j == dest_col {
                let _ = write!(out, "{:08X}", dest & keep);
            } else if j == gw_col {
                let _ = write!(out, "{:08X}", gw & keep);
            } else if j == iface_col || is_plain_number(f) {
                out.push_str(f);
            } else {
                out.push('0');
            }
        }
        out.push('\n');
    }
    out
}

/// `/proc/net/ipv6_route` with each destination, source prefix and next hop cut to /48. A line
/// is kept only in the shape the parser reads (its first ten fields, the addresses 32 hex
/// digits, the numbers hex); fields after the tenth are dropped, as the parser ignores them.
fn ipv6_route(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let fields = fields(line);
        let mut rewritten = Vec::with_capacity(10);
        for (j, f) in fields.iter().take(10).enumerate() {
            match j {
                0 | 2 | 4 => {
                    let Some(a) = hex_addr(f) else { break };
                    let cut = match truncate_ip(IpAddr::V6(a)) {
                        IpAddr::V6(v6) => v6,
                        IpAddr::V4(_) => Ipv6Addr::UNSPECIFIED,
                    };
                    rewritten.push(format!("{:032x}", u128::from(cut)));
                }
                9 => rewritten.push((*f).to_owned()),
                _ if is_plain_number(f) => rewritten.push((*f).to_owned()),
                _ => break,
            }
        }
        if rewritten.len() == 10 {
            out.push_str(&rewritten.join(" "));
        } else {
            out.push_str(DROPPED_LINE);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_tables_lose_host_bits() {
        let v4 = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
                  eth0\t00000000\t4D7100CB\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
                  eth0\t4D6433C6\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n\
                  eth0\tnot-hex\n";
        let out = route(v4);
        assert!(out.contains("eth0\t00000000\t007100CB\t0003"), "{out}");
        assert!(out.contains("eth0\t006433C6\t00000000\t0005"), "{out}");
        assert!(!out.contains("not-hex"));
        assert!(out.ends_with("\nline-dropped-by-capture\n"), "{out}");
        let v6 = "20010db8009900050000000000000017 80 00000000000000000000000000000000 00 20010db8007700010000000000000001 00000000 00000001 00000000 00000003 eth0\nbad line\n";
        assert_eq!(
            ipv6_route(v6),
            "20010db8009900000000000000000000 80 00000000000000000000000000000000 00 20010db8007700000000000000000000 00000000 00000001 00000000 00000003 eth0\nline-dropped-by-capture\n"
        );
    }
}

#[cfg(test)]
mod column_tests {
    use super::*;

    #[test]
    fn route_columns_named_by_the_header_are_the_ones_cut() {
        // Columns in another order: the address columns are found by name, not by position.
        let text = "Metric Iface Mask Destination Gateway Flags\n\
                    9 wlan0 00000000 00000000 4D7100CB 0003\n";
        assert_eq!(
            route(text),
            "Metric\tIface\tMask\tDestination\tGateway\tFlags\n\
             9\twlan0\t00000000\t00000000\t007100CB\t0003\n"
        );
        // A header cut short is kept as it is, so the replay reads it alike.
        assert_eq!(route("Iface\n"), "Iface\n");
        assert_eq!(route(""), "");
    }
}

#[cfg(test)]
mod interface_tests {
    use super::*;

    #[test]
    fn interface_addresses_are_cut_but_loopback_is_kept() {
        let addrs = vec![
            InterfaceAddr::new("lo", "::1".parse().unwrap(), Some(128)),
            InterfaceAddr::new("lo", "127.0.0.1".parse().unwrap(), Some(8)),
            InterfaceAddr::new("eth0", "203.0.113.77".parse().unwrap(), Some(24)),
            InterfaceAddr::new("eth0", "2001:db8:1:2::5".parse().unwrap(), Some(64)),
        ];
        let ips: Vec<String> = interfaces(addrs).iter().map(|a| a.ip.to_string()).collect();
        assert_eq!(ips, ["::1", "127.0.0.1", "203.0.113.0", "2001:db8:1::"]);
    }
}

#[cfg(test)]
mod leak_tests {
    use super::*;

    #[test]
    fn no_text_of_a_route_table_passes_a_capture_unread() {
        // A vertical tab is no ASCII blank: the parser reads "eth0\x0b00000000" as the
        // interface, so the gateway is the third field, and it must be the one cut.
        let vt = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n\
                  eth0\x0b00000000\t010200C0\t4D7100CB\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
        let out = route(vt);
        assert!(!out.contains("4D7100CB"), "{out:?}");
        // Words in the header and fields past its columns are not copied.
        let extra = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\t4D7100CB 192.168.1.77\n\
                     eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\textra 203.0.113.77\n";
        let out = route(extra);
        for leaked in ["4D7100CB", "192.168.1.77", "203.0.113.77", "extra"] {
            assert!(!out.contains(leaked), "{leaked} in {out:?}");
        }
        // A non-number in a column the parser does not read becomes 0.
        let odd = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n\
                   eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t10.1.2.3\t0\t0\n";
        assert!(!route(odd).contains("10.1.2.3"));
        // IPv6: an eleventh field is dropped, as the parser ignores it; the line stays.
        let v6 = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
                  fd000000000000000000000000000001 00000400 00000002 00000000 00000003 eth0 extra\n";
        assert_eq!(
            ipv6_route(v6),
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
             fd000000000000000000000000000000 00000400 00000002 00000000 00000003 eth0\n"
        );
    }
}
