//! `/proc/net/route`: the kernel's IPv4 main routing table, one route a line.
//!
//! ```text
//! (tab-separated)
//! Iface  Destination  Gateway   Flags  RefCnt  Use  Metric  Mask    MTU  Window  IRTT
//! eth0  00000000  010200C0  0003  0  0  0  00000000  0  0  0
//! ```
//!
//! Addresses and masks are 32-bit hex words in the byte order of the machine that wrote the
//! table (little-endian on x86 and ARM, so `010200C0` is 192.0.2.1). The order is decided once
//! per table from its masks, which must be runs of leading ones; big-endian tables also parse.

use std::net::Ipv4Addr;

/// Route flag: the route is usable (`RTF_UP`).
pub const RTF_UP: u32 = 0x0001;
/// Route flag: the route goes through a gateway (`RTF_GATEWAY`).
pub const RTF_GATEWAY: u32 = 0x0002;
/// Route flag: the route is to one host, a /32 (`RTF_HOST`).
pub const RTF_HOST: u32 = 0x0004;
/// Route flag: the route rejects traffic (unreachable, prohibit, blackhole; `RTF_REJECT`).
pub const RTF_REJECT: u32 = 0x0200;

/// One IPv4 route, e.g. `eth0 0.0.0.0/0 via 192.0.2.1 metric 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route4 {
    /// Outgoing interface, e.g. `"eth0"`.
    pub iface: String,
    /// Destination network address, e.g. `0.0.0.0`.
    pub destination: Ipv4Addr,
    /// Destination prefix length, 0 to 32.
    pub prefix_len: u8,
    /// Next hop; `0.0.0.0` for on-link routes.
    pub gateway: Ipv4Addr,
    /// `RTF_*` flags.
    pub flags: u32,
    /// Route metric (priority); lower wins.
    pub metric: u32,
}

impl Route4 {
    /// Whether the route rejects traffic instead of carrying it.
    pub fn is_reject(&self) -> bool {
        self.flags & RTF_REJECT != 0 || self.flags & RTF_UP == 0
    }
}

/// A parsed table: the routes, how many non-blank lines could not be understood, and whether
/// the table began with the header the kernel writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteTable {
    /// The routes, in table order.
    pub routes: Vec<Route4>,
    /// Lines skipped as malformed (too short, not hex, a mask that is not a prefix).
    pub skipped: usize,
    /// Whether the first non-blank line was the header (it names an `Iface` column).
    pub header: bool,
}

impl RouteTable {
    /// Whether the text cannot be a table the kernel wrote: lines of which none parsed, or
    /// routes without the header. The kernel writes the header before any route, and writes
    /// an empty file when the namespace has no IPv4 main table at all (no IPv4 address or
    /// route was ever added), so an empty text and a lone header are real empty tables. A bad
    /// line among good ones is only counted in [`skipped`](Self::skipped).
    pub fn is_malformed(&self) -> bool {
        (self.routes.is_empty() && self.skipped > 0) || (!self.header && !self.routes.is_empty())
    }
}

struct Columns {
    iface: usize,
    destination: usize,
    gateway: usize,
    flags: usize,
    metric: usize,
    mask: usize,
}

impl Columns {
    const STANDARD: Columns = Columns {
        iface: 0,
        destination: 1,
        gateway: 2,
        flags: 3,
        metric: 6,
        mask: 7,
    };

    fn from_header(line: &str) -> Option<Columns> {
        const NAMES: [&str; 6] = ["Iface", "Destination", "Gateway", "Flags", "Metric", "Mask"];
        // The first column of each name, in one pass.
        let mut at: [Option<usize>; 6] = [None; 6];
        for (i, h) in line.split_whitespace().enumerate() {
            for (slot, name) in at.iter_mut().zip(NAMES) {
                if slot.is_none() && h.eq_ignore_ascii_case(name) {
                    *slot = Some(i);
                }
            }
        }
        let [iface, destination, gateway, flags, metric, mask] = at;
        Some(Columns {
            iface: iface?,
            destination: destination?,
            gateway: gateway?,
            flags: flags?,
            metric: metric?,
            mask: mask?,
        })
    }

    fn indexes(&self) -> [usize; 6] {
        [
            self.iface,
            self.destination,
            self.gateway,
            self.flags,
            self.metric,
            self.mask,
        ]
    }
}

struct Raw<'a> {
    iface: &'a str,
    destination: u32,
    gateway: u32,
    flags: u32,
    metric: u32,
    mask: u32,
}

/// Parses the text of `/proc/net/route`. Never fails: lines it cannot understand are counted
/// in [`RouteTable::skipped`]. The header line, when present, names the columns; without one
/// (and [`RouteTable::header`] is then false), or when it does not name them all, the
/// kernel's column order is assumed.
pub fn parse_route(text: &str) -> RouteTable {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    let mut columns = Columns::STANDARD;
    let mut header = false;
    if let Some(first) = lines.peek()
        && is_header(first)
    {
        // A header that does not name every column (cut short) leaves the kernel's order.
        columns = Columns::from_header(first).unwrap_or(Columns::STANDARD);
        header = true;
        lines.next();
    }
    let mut raws = Vec::new();
    let mut skipped = 0usize;
    for line in lines {
        match raw_route(line, &columns) {
            Some(r) => raws.push(r),
            None => skipped += 1,
        }
    }
    let little = is_little_endian(raws.iter().map(|r| r.mask));
    let mut routes = Vec::with_capacity(raws.len());
    for r in raws {
        let addr = |v: u32| Ipv4Addr::from(if little { v.swap_bytes() } else { v });
        let Some(prefix_len) = prefix_len(u32::from(addr(r.mask))) else {
            skipped += 1;
            continue;
        };
        routes.push(Route4 {
            iface: r.iface.to_owned(),
            destination: addr(r.destination),
            prefix_len,
            gateway: addr(r.gateway),
            flags: r.flags,
            metric: r.metric,
        });
    }
    RouteTable {
        routes,
        skipped,
        header,
    }
}

/// Whether `line` is meant as the header (it names an `Iface` column), well-formed or not.
fn is_header(line: &str) -> bool {
    line.split_whitespace()
        .any(|h| h.eq_ignore_ascii_case("Iface"))
}

/// The columns holding the interface, the destination and the gateway in a `/proc/net/route`
/// text: named by its header, else the kernel's order (0, 1, 2). For rewriting a table
/// without parsing it.
pub(crate) fn address_columns(text: &str) -> [usize; 3] {
    let c = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .filter(|l| is_header(l))
        .and_then(Columns::from_header)
        .unwrap_or(Columns::STANDARD);
    [c.iface, c.destination, c.gateway]
}

/// Whether the first non-blank line of a `/proc/net/route` text is a header (see
/// [`is_header`]); a rewrite keeps that line as it is.
pub(crate) fn starts_with_header(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(is_header)
}

fn raw_route<'a>(line: &'a str, c: &Columns) -> Option<Raw<'a>> {
    // The kernel writes ASCII; splitting at ASCII blanks is then the same and much cheaper.
    if line.is_ascii() {
        raw_from(line.split_ascii_whitespace(), c)
    } else {
        raw_from(line.split_whitespace(), c)
    }
}

/// Picks the columns' fields in one pass, without collecting the line.
fn raw_from<'a>(fields: impl Iterator<Item = &'a str>, c: &Columns) -> Option<Raw<'a>> {
    let columns = c.indexes();
    let last = columns.iter().copied().max().unwrap_or(0);
    let mut picked: [Option<&str>; 6] = [None; 6];
    for (i, field) in fields.enumerate().take(last.saturating_add(1)) {
        for (slot, column) in picked.iter_mut().zip(columns) {
            if column == i {
                *slot = Some(field);
            }
        }
    }
    let [iface, destination, gateway, flags, metric, mask] = picked;
    Some(Raw {
        iface: iface?,
        destination: hex_u32(destination?)?,
        gateway: hex_u32(gateway?)?,
        flags: hex_u32(flags?)?,
        metric: metric?.parse().ok()?,
        mask: hex_u32(mask?)?,
    })
}

/// A hex word of 1 to 8 digits, without sign or prefix.
pub(crate) fn hex_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    s.bytes()
        .try_fold(0u32, |acc, b| Some(acc << 4 | u32::from(hex_digit(b)?)))
}

/// The value of one ASCII hex digit (either case).
pub(crate) fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Whether the table's words are little-endian, judged by which reading makes its masks
/// prefixes. Masks that read the same both ways (0, all ones) do not vote; a tie is little.
fn is_little_endian(masks: impl Iterator<Item = u32>) -> bool {
    let (mut little, mut big) = (0usize, 0usize);
    for m in masks {
        let as_little = prefix_len(m.swap_bytes()).is_some();
        let as_big = prefix_len(m).is_some();
        match (as_little, as_big) {
            (true, false) => little += 1,
            (false, true) => big += 1,
            _ => {}
        }
    }
    little >= big
}

/// Whether the words of a `/proc/net/route` text are little-endian (see [`parse_route`]).
pub(crate) fn is_little_endian_table(text: &str) -> bool {
    let columns = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .filter(|l| is_header(l))
        .and_then(Columns::from_header)
        .unwrap_or(Columns::STANDARD);
    is_little_endian(
        text.lines()
            .filter_map(|l| raw_route(l, &columns))
            .map(|r| r.mask),
    )
}

/// The prefix length of a mask in host order, or `None` when its ones are not leading.
fn prefix_len(mask: u32) -> Option<u8> {
    let ones = mask.leading_ones();
    (mask.checked_shl(ones).unwrap_or(0) == 0).then(|| u8::try_from(ones).unwrap_or(32))
}

/// Whether `name` can be a Linux interface name: 1 to 15 bytes, no `/`, no white space, not
/// `.` or `..`. Names that fail are never used to build a `/sys/class/net/` path.
pub fn is_interface_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 15
        && name != "."
        && name != ".."
        && !name
            .bytes()
            .any(|b| b == b'/' || b.is_ascii_whitespace() || b.is_ascii_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_words() {
        #[track_caller]
        fn check(s: &str, expected: Option<u32>) {
            assert_eq!(hex_u32(s), expected, "{s:?}");
        }
        check("0", Some(0));
        check("00000400", Some(0x400));
        check("ffffffff", Some(u32::MAX));
        check("FfFf00aA", Some(0xffff_00aa));
        check("", None);
        check("123456789", None);
        check("+1", None);
        check("0x1", None);
        check("12g4", None);
        check("\u{0661}", None);
    }

    const HEADER: &str =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    #[track_caller]
    fn check(line: &str, iface: &str, dest: &str, prefix: u8, gw: &str, metric: u32) {
        let t = parse_route(&format!("{HEADER}{line}\n"));
        assert_eq!(t.skipped, 0, "{line}");
        let r = t.routes.first().unwrap();
        assert_eq!(r.iface, iface);
        assert_eq!(r.destination.to_string(), dest);
        assert_eq!(r.prefix_len, prefix);
        assert_eq!(r.gateway.to_string(), gw);
        assert_eq!(r.metric, metric);
    }

    #[test]
    fn debian_12_vm_table() {
        check(
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
            "eth0",
            "0.0.0.0",
            0,
            "192.0.2.1",
            0,
        );
        check(
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
            "eth0",
            "192.0.2.0",
            24,
            "0.0.0.0",
            0,
        );
        check(
            "tun0\t00000080\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0",
            "tun0",
            "128.0.0.0",
            1,
            "0.0.0.0",
            0,
        );
        check(
            "wlan0\t0100000A\t0101A8C0\t0007\t0\t0\t600\tFFFFFFFF\t0\t0\t0",
            "wlan0",
            "10.0.0.1",
            32,
            "192.168.1.1",
            600,
        );
    }

    #[test]
    fn big_endian_table_is_recognized_by_its_masks() {
        let t = parse_route(&format!(
            "{HEADER}eth0\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n"
        ));
        let r = t.routes.first().unwrap();
        assert_eq!(
            (r.destination.to_string().as_str(), r.prefix_len),
            ("192.0.2.0", 24)
        );
    }

    #[test]
    fn malformed_lines_are_counted_not_fatal() {
        let text = format!(
            "{HEADER}eth0\t00000000\n\
             eth0\tZZZZZZZZ\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
             eth0\t00000000\t00000000\t0001\t0\t0\tx\t00000000\t0\t0\t0\n\
             eth0\t00000000\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n\
             eth0\t+0000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
             eth0\t000000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
             \u{fffd}\u{0}\n\
             eth1\t00000000\t0101A8C0\t0003\t0\t0\t5\t00000000\t0\t0\t0\n"
        );
        let t = parse_route(&text);
        assert_eq!(t.skipped, 7);
        assert_eq!(t.routes.len(), 1);
        assert_eq!(t.routes.first().unwrap().iface, "eth1");
        assert!(
            t.header && !t.is_malformed(),
            "one good line among bad ones"
        );
    }

    #[test]
    fn what_the_kernel_could_not_have_written_is_malformed() {
        #[track_caller]
        fn check(text: &str, routes: usize, skipped: usize, header: bool, malformed: bool) {
            let t = parse_route(text);
            assert_eq!(
                (t.routes.len(), t.skipped, t.header, t.is_malformed()),
                (routes, skipped, header, malformed),
                "{text:?}"
            );
        }
        // An empty table has its header; a namespace without an IPv4 main table (no IPv4
        // address or route ever added) gives an empty file. Both are real: no routes.
        check(HEADER, 0, 0, true, false);
        check(&format!("{HEADER}\n\n"), 0, 0, true, false);
        check("", 0, 0, false, false);
        check("\n", 0, 0, false, false);
        // Random bytes; routes without the header the kernel writes before them.
        check("\u{fffd}\u{fffd}\0garbage", 0, 1, false, true);
        check(
            "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
            1,
            0,
            false,
            true,
        );
        // A header cut short is still a header: the kernel's column order applies.
        check("Iface\n", 0, 0, true, false);
        check(
            &format!(
                "Iface\tDestination\n{}",
                "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\n"
            ),
            1,
            0,
            true,
            false,
        );
        // A header and lines none of which parse.
        check(&format!("{HEADER}eth0\tZZZZ\tQQQ\t00\n"), 0, 1, true, true);
    }

    #[test]
    fn headerless_and_reordered_columns() {
        let t = parse_route("eth0 00000000 0101A8C0 0003 0 0 7 00000000 0 0 0\n");
        assert_eq!(t.routes.first().unwrap().metric, 7);
        assert!(!t.header);
        let t = parse_route(
            "Metric Iface Mask Destination Gateway Flags\n9 wlan0 00000000 00000000 0101A8C0 0003\n",
        );
        let r = t.routes.first().unwrap();
        assert_eq!(
            (r.iface.as_str(), r.metric, r.gateway.to_string().as_str()),
            ("wlan0", 9, "192.168.1.1")
        );
    }

    #[test]
    fn interface_names() {
        for ok in [
            "eth0",
            "wlp2s0",
            "rmnet_data0",
            "br-4f2a9c1d3e5b",
            "veth1a2b3c4",
        ] {
            assert!(is_interface_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../etc",
            "a/b",
            "has space",
            "sixteen_chars_xx",
        ] {
            assert!(!is_interface_name(bad), "{bad}");
        }
    }
}
