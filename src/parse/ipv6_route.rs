//! `/proc/net/ipv6_route`: every IPv6 route of every table, one a line, ten fields:
//!
//! ```text
//! 00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
//! ```
//!
//! destination, its prefix length, source prefix, its length, next hop, metric, reference count,
//! use count, `RTF_*` flags (all hex), and the interface.

use std::net::Ipv6Addr;

use super::route::{Lines, hex_digit, hex_u32, next_line_start};

/// Route flag: the route is usable (`RTF_UP`).
pub const RTF_UP: u32 = 0x0001;
/// Route flag: the route goes through a gateway (`RTF_GATEWAY`).
pub const RTF_GATEWAY: u32 = 0x0002;
/// Route flag: the route rejects traffic (unreachable, prohibit, blackhole; `RTF_REJECT`).
pub const RTF_REJECT: u32 = 0x0200;
/// Route flag: a local address of this host (`RTF_LOCAL`).
pub const RTF_LOCAL: u32 = 0x8000_0000;

/// One IPv6 route, e.g. `::/0 via fd00::1 dev eth0 metric 1024`; the interface name is
/// borrowed from the table's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route6<'a> {
    /// Outgoing interface, e.g. `"eth0"`.
    pub iface: &'a str,
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

impl Route6<'_> {
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
///
/// Allocates only the route list, once for a table in the kernel's layout: names are
/// borrowed, and a line in the kernel's own layout is read at its fixed columns.
pub fn parse_ipv6_route(text: &str) -> (Vec<Route6<'_>>, usize) {
    let mut routes = Vec::with_capacity(capacity_for(text));
    let mut skipped = 0usize;
    for line in ipv6_routes(text) {
        match line {
            Some(r) => routes.push(r),
            None => skipped += 1,
        }
    }
    (routes, skipped)
}

/// Room for every route of a table the kernel wrote (149 columns and a line end a route).
pub fn capacity_for(text: &str) -> usize {
    text.len() / 150 + 1
}

/// The routes of a `/proc/net/ipv6_route` text one at a time, as [`parse_ipv6_route`] reads
/// them: `Some` for each route, `None` for each non-blank line that could not be understood.
/// For a caller that keeps only some routes, or keeps them in its own form, without a list of
/// its own.
pub fn ipv6_routes(text: &str) -> Ipv6Routes<'_> {
    Ipv6Routes {
        lines: Lines { text, pos: 0 },
    }
}

/// The iterator of [`ipv6_routes`].
#[derive(Debug)]
pub struct Ipv6Routes<'a> {
    lines: Lines<'a>,
}

impl<'a> Iterator for Ipv6Routes<'a> {
    type Item = Option<Route6<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.lines.text;
        loop {
            // A line in the kernel's layout is read where it stands; any other line is split
            // off and read by the general rules.
            if let Some((r, next)) = kernel_line_at(text, self.lines.pos) {
                self.lines.pos = next;
                return Some(Some(r));
            }
            let line = self.lines.next_line()?;
            if !is_blank(line) {
                return Some(kernel_line(line).or_else(|| route(line)));
            }
        }
    }
}

/// Whether a line is blank (as `route::non_blank_lines` judges it).
fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'-' => false,
        _ => line.trim().is_empty(),
    }
}

/// The line starting at `pos` of `text` in the kernel's layout, read in place: the route and
/// where the next line starts. The fixed columns hold only hex digits and single spaces (no
/// line end); the name is read up to the first byte after it, which must end it (a space or
/// tab, then the rest of the line passed over) or end the line (`\n`, the text's end); any
/// other shape is left to the line-by-line reading.
fn kernel_line_at(text: &str, pos: usize) -> Option<(Route6<'_>, usize)> {
    let b = text.as_bytes().get(pos..)?;
    let fixed = fixed_fields(b)?;
    let name_area = b.get(NAME..)?;
    let start = name_area.iter().position(|&c| c != b' ')?;
    let name = name_area.get(start..)?;
    let end = name
        .iter()
        .position(|c| !c.is_ascii_graphic())
        .unwrap_or(name.len());
    if end == 0 {
        return None;
    }
    let after = pos + NAME + start + end;
    let next = match text.as_bytes().get(after) {
        None => text.len(),
        Some(b'\n') => after + 1,
        Some(b' ' | b'\t') => next_line_start(text.as_bytes(), pos, after),
        Some(_) => return None,
    };
    let iface = text.get(pos + NAME + start..after)?;
    Some((fixed.with_iface(iface), next))
}

/// The fixed-width fields of a kernel line, before the name.
struct Fixed {
    destination: Ipv6Addr,
    prefix_len: u8,
    next_hop: Ipv6Addr,
    metric: u32,
    flags: u32,
}

impl Fixed {
    fn with_iface(self, iface: &str) -> Route6<'_> {
        Route6 {
            iface,
            destination: self.destination,
            prefix_len: self.prefix_len,
            next_hop: self.next_hop,
            metric: self.metric,
            flags: self.flags,
        }
    }
}

/// The fields at the kernel's fixed columns of `b` (a line, or a table from a line's start),
/// with every separator checked to be a space.
///
/// Every byte before the name is checked against what the kernel writes there (a hex digit,
/// or the space between two fields), the checks folded into one answer tested once; only the
/// fields used are then converted, eight digits at a time.
fn fixed_fields(b: &[u8]) -> Option<Fixed> {
    if b.len() <= NAME {
        return None;
    }
    let area = b.first_chunk::<NAME>()?;
    // Without branches, so that the compiler checks many bytes in one vector step.
    let bad = area.iter().zip(PATTERN).fold(false, |bad, (&c, &p)| {
        let hex = (c.wrapping_sub(b'0') < 10) | ((c | 0x20).wrapping_sub(b'a') < 6);
        let fits = if p == b' ' { c == b' ' } else { hex };
        bad | !fits
    });
    if bad {
        return None;
    }
    let prefix_len = nibble(*area.get(PLEN)?) << 4 | nibble(*area.get(PLEN + 1)?);
    if prefix_len > 128 {
        return None;
    }
    let addr = |at: usize| -> Option<Ipv6Addr> {
        let w = |k: usize| word_at(area, at + k).map(|x| u128::from(hex_value(x)));
        Some(Ipv6Addr::from(
            w(0)? << 96 | w(8)? << 64 | w(16)? << 32 | w(24)?,
        ))
    };
    Some(Fixed {
        destination: addr(DEST)?,
        prefix_len,
        next_hop: addr(HOP)?,
        metric: hex_value(word_at(area, METRIC)?),
        flags: hex_value(word_at(area, FLAGS)?),
    })
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes at `at` of the columns, the first the highest.
fn word_at(area: &[u8; NAME], at: usize) -> Option<u64> {
    area.get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map(|w| u64::from_be_bytes(*w))
}

/// The value of eight hex digits already checked: a digit's value is its low nibble, a
/// letter's (bit 6 set) its low nibble plus 9.
fn hex_value(x: u64) -> u32 {
    let n = (x & (ONES * 0x0F)) + ((x >> 6) & ONES) * 9;
    let n = (n | n >> 4) & 0x00FF_00FF_00FF_00FF;
    let n = (n | n >> 8) & 0x0000_FFFF_0000_FFFF;
    // The low 32 bits hold the value.
    u32::try_from((n | n >> 16) & 0xFFFF_FFFF).unwrap_or(0)
}

/// The value of one hex digit already checked.
fn nibble(c: u8) -> u8 {
    (c & 0x0F) + ((c >> 6) & 1) * 9
}

/// What the kernel writes before the name: `x` for a hex digit, a space between two fields.
const PATTERN: &[u8; NAME] = b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xx \
xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\
xx xxxxxxxx xxxxxxxx xxxxxxxx xxxxxxxx ";

// The pattern's spaces stand before the fields (the tests check there are no others).
const _: () = assert!(
    PATTERN[PLEN - 1] == b' '
        && PATTERN[SRC - 1] == b' '
        && PATTERN[SLEN - 1] == b' '
        && PATTERN[HOP - 1] == b' '
        && PATTERN[METRIC - 1] == b' '
        && PATTERN[REFCNT - 1] == b' '
        && PATTERN[USE - 1] == b' '
        && PATTERN[FLAGS - 1] == b' '
        && PATTERN[NAME - 1] == b' '
);

/// Where the kernel's `%032x %02x %032x %02x %032x %08x %08x %08x %08x %8s` puts each field.
const DEST: usize = 0;
const PLEN: usize = 33;
const SRC: usize = 36;
const SLEN: usize = 69;
const HOP: usize = 72;
const METRIC: usize = 105;
const REFCNT: usize = 114;
const USE: usize = 123;
const FLAGS: usize = 132;
const NAME: usize = 141;

/// A line as the kernel writes it, read at the fixed columns above; `None` for any other shape
/// (the general split decides).
fn kernel_line(line: &str) -> Option<Route6<'_>> {
    let fixed = fixed_fields(line.as_bytes())?;
    // The name, right-aligned in 8 columns (longer names widen it): the next blank-ended word.
    let tail = line.get(NAME..)?;
    let start = tail.bytes().position(|c| !c.is_ascii_whitespace())?;
    let name = tail.get(start..)?;
    let end = name
        .bytes()
        .position(|c| !c.is_ascii_graphic())
        .unwrap_or(name.len());
    // Stop at ASCII white space only; anything else (non-ASCII) goes to the general split.
    if end == 0
        || name
            .as_bytes()
            .get(end)
            .is_some_and(|c| !c.is_ascii_whitespace())
    {
        return None;
    }
    Some(fixed.with_iface(name.get(..end)?))
}

fn route(line: &str) -> Option<Route6<'_>> {
    // The kernel writes ASCII; splitting at ASCII blanks is then the same and much cheaper.
    if line.is_ascii() {
        route_from(line.split_ascii_whitespace())
    } else {
        route_from(line.split_whitespace())
    }
}

fn route_from<'a>(mut f: impl Iterator<Item = &'a str>) -> Option<Route6<'a>> {
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
    let iface = f.next()?;
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

    /// Reading lines in place gives what reading each line split off by `str::lines` gives.
    #[test]
    fn in_place_reading_agrees_with_line_by_line() {
        fn by_lines(text: &str) -> (Vec<Route6<'_>>, usize) {
            let mut out = Vec::new();
            let mut skipped = 0;
            for line in crate::parse::route::non_blank_lines(text) {
                match kernel_line(line).or_else(|| route(line)) {
                    Some(r) => out.push(r),
                    None => skipped += 1,
                }
            }
            (out, skipped)
        }
        let z = "00000000000000000000000000000000";
        let d = "fd000000000000000000000000000001";
        let good = format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003     eth0");
        let pieces = [
            good.clone(),
            format!("{good} "),
            format!("{good}\r"),
            format!("{good}\u{e9}"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 wlp0s20f3x"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003\teth0"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003         "),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 "),
            format!("{z} 80 {z} 00 {d} 00000400 00000002 00000000 00000003     eth0"),
            format!("{z} 00 {z} 00 {d} 400 2 0 3 eth0"),
            String::new(),
            "  ".to_owned(),
        ];
        for a in &pieces {
            for b in &pieces {
                for end in ["", "\n", "\r\n"] {
                    let text = format!("{a}\n{b}{end}");
                    assert_eq!(parse_ipv6_route(&text), by_lines(&text), "{text:?}");
                }
            }
        }
    }

    /// The fixed-column reading agrees with the general split wherever it answers, and
    /// leaves every other shape to it.
    #[test]
    fn kernel_columns_agree_with_the_general_split() {
        let z = "00000000000000000000000000000000";
        let d = "fd000000000000000000000000000001";
        let lines = [
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003     eth0"),
            format!("{d} 80 {z} 00 {z} 00000000 00000002 00000000 80200001       lo"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 wlp0s20f3 x"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 \teth0"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 eth\u{e9}"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 eth0\u{2003}x"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003 et\x0bh0"),
            format!("{z} 81 {z} 00 {d} 00000400 00000002 00000000 00000003     eth0"),
            format!("{z}  00 {z} 00 {d} 00000400 00000002 00000000 00000003 eth0"),
            format!("{z} 00 {z} 00 {d} 0000040g 00000002 00000000 00000003 eth0"),
            format!("{z} 00 {z} 00 {d} 00000400 00000002 00000000 00000003     "),
        ];
        let mut fast = 0;
        for line in &lines {
            if let Some(k) = kernel_line(line) {
                fast += 1;
                assert_eq!(Some(k), route(line), "{line:?}");
            }
        }
        assert_eq!(fast, 4);
    }

    /// Every byte of the fixed columns changed to each kind of byte: the fixed-column reading
    /// takes the line exactly when the kernel could have written it (a hex digit where one
    /// goes, the space where one goes, a prefix length up to 128), and then reads what the
    /// general split reads.
    #[test]
    fn every_column_is_checked() {
        let good = "fe8000000000000000fc00fffe0000a1 40 0123456789abcdefABCDEF0000000000 00 \
                    fd00000000000000000000000000BEEF 0000a400 00000002 00000000 80200001     eth0";
        assert!(kernel_line(good).is_some());
        for at in 0..NAME {
            for with in [
                '0', '9', 'a', 'f', 'A', 'F', 'g', 'G', '@', '/', ':', '`', ' ', '\t', 'x',
                '\u{e9}',
            ] {
                let mut line = good.to_owned();
                line.replace_range(at..=at, with.encode_utf8(&mut [0; 4]));
                let space = SPACE_AT.contains(&at);
                let fits = if space {
                    with == ' '
                } else {
                    with.is_ascii_hexdigit()
                };
                let fast = kernel_line(&line);
                let plen = line.get(PLEN..PLEN + 2).map(|p| u8::from_str_radix(p, 16));
                let expected = fits && plen.is_some_and(|p| p.is_ok_and(|p| p <= 128));
                assert_eq!(fast.is_some(), expected, "{at} {with:?}");
                if let Some(r) = fast {
                    assert_eq!(Some(r), route(&line), "{at} {with:?}");
                }
            }
        }
    }

    #[test]
    fn the_pattern_has_the_spaces_of_the_columns() {
        let spaces: Vec<usize> = (0..NAME)
            .filter(|&at| PATTERN.get(at) == Some(&b' '))
            .collect();
        assert_eq!(spaces, SPACE_AT);
        assert!(PATTERN.iter().all(|&c| c == b' ' || c == b'x'));
    }

    const SPACE_AT: [usize; 9] = [
        PLEN - 1,
        SRC - 1,
        SLEN - 1,
        HOP - 1,
        METRIC - 1,
        REFCNT - 1,
        USE - 1,
        FLAGS - 1,
        NAME - 1,
    ];

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
