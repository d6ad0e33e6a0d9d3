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

/// One IPv4 route, e.g. `eth0 0.0.0.0/0 via 192.0.2.1 metric 0`; the interface name is
/// borrowed from the table's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route4<'a> {
    /// Outgoing interface, e.g. `"eth0"`.
    pub iface: &'a str,
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

impl Route4<'_> {
    /// Whether the route rejects traffic instead of carrying it.
    pub fn is_reject(&self) -> bool {
        self.flags & RTF_REJECT != 0 || self.flags & RTF_UP == 0
    }
}

/// A parsed table: the routes, how many non-blank lines could not be understood, and whether
/// the table began with the header the kernel writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteTable<'a> {
    /// The routes, in table order.
    pub routes: Vec<Route4<'a>>,
    /// Lines skipped as malformed (too short, not hex, a mask that is not a prefix).
    pub skipped: usize,
    /// Whether the first non-blank line was the header (it names an `Iface` column).
    pub header: bool,
}

impl RouteTable<'_> {
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

#[derive(Clone, Copy)]
struct Raw<'a> {
    iface: &'a str,
    destination: u32,
    gateway: u32,
    flags: u32,
    metric: u32,
    mask: u32,
}

impl Raw<'_> {
    const EMPTY: Raw<'static> = Raw {
        iface: "",
        destination: 0,
        gateway: 0,
        flags: 0,
        metric: 0,
        mask: 0,
    };
}

/// Parses the text of `/proc/net/route`. Never fails: lines it cannot understand are counted
/// in [`RouteTable::skipped`]. The header line, when present, names the columns; without one
/// (and [`RouteTable::header`] is then false), or when it does not name them all, the
/// kernel's column order is assumed.
///
/// Allocates the route list (and, past 16 routes, one list of raw words): names are
/// borrowed, and a line in the kernel's own layout is read at its fixed columns, its padding
/// skipped with the line.
pub fn parse_route(text: &str) -> RouteTable<'_> {
    let mut routes = Vec::new();
    let shape = routes_into(text, &mut routes, Some);
    RouteTable {
        routes,
        skipped: shape.skipped,
        header: shape.header,
    }
}

/// What [`routes_into`] found besides the routes: as [`RouteTable`] without the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Shape {
    /// How many routes the table holds (kept or not).
    pub routes: usize,
    /// Lines skipped as malformed, as [`RouteTable::skipped`].
    pub skipped: usize,
    /// Whether the table began with the header, as [`RouteTable::header`].
    pub header: bool,
}

impl Shape {
    /// As [`RouteTable::is_malformed`].
    pub fn is_malformed(&self) -> bool {
        (self.routes == 0 && self.skipped > 0) || (!self.header && self.routes > 0)
    }
}

/// How many routes a table is read into without allocating: a usual host has a few.
const STAGED: usize = 16;

/// The routes of [`parse_route`] in table order, each turned by `keep` into the caller's own
/// form (or dropped) and added to `out`, which grows once: for a caller that keeps them in its
/// own form without a list of [`Route4`] as well. A table of up to 16 routes is read without
/// any other allocation (the byte order is decided from all the masks before any route is
/// given, so they are held until then).
pub fn routes_into<'a, T>(
    text: &'a str,
    out: &mut Vec<T>,
    mut keep: impl FnMut(Route4<'a>) -> Option<T>,
) -> Shape {
    let mut lines = Lines { text, pos: 0 };
    let mut columns = Columns::STANDARD;
    let mut header = false;
    // The first non-blank line may be the header.
    let mut first = None;
    if text.starts_with(KERNEL_HEADER) {
        // The kernel's own header names the columns in the kernel's order: what follows its
        // last name on the line (the padding) names no column before it, so the line is
        // passed over in one step.
        header = true;
        lines.pos = next_line_start(text.as_bytes(), 0, KERNEL_HEADER.len());
    } else {
        while let Some(line) = lines.next_line() {
            if !is_blank(line) {
                first = Some(line);
                break;
            }
        }
    }
    if let Some(line) = first
        && is_header(line)
    {
        // A header that does not name every column (cut short) leaves the kernel's order.
        columns = Columns::from_header(line).unwrap_or(Columns::STANDARD);
        header = true;
        first = None;
    }
    let standard = columns.indexes() == Columns::STANDARD.indexes();
    let mut raws = Staged::default();
    let mut skipped = 0usize;
    if let Some(line) = first {
        match read_line(line, standard, &columns) {
            Some(r) => raws.push(r, text),
            None => skipped += 1,
        }
    }
    loop {
        // A line in the kernel's layout is read where it stands, its padding skipped in
        // word-sized steps; any other line is split off and read by the general rules.
        if standard && let Some((raw, next)) = kernel_line_at(text, lines.pos) {
            raws.push(raw, text);
            lines.pos = next;
            continue;
        }
        let Some(line) = lines.next_line() else { break };
        if is_blank(line) {
            continue;
        }
        match read_line(line, standard, &columns) {
            Some(r) => raws.push(r, text),
            None => skipped += 1,
        }
    }
    let little = is_little_endian(raws.as_slice().iter().map(|r| r.mask));
    let addr = |v: u32| Ipv4Addr::from(if little { v.swap_bytes() } else { v });
    let mut routes = 0usize;
    out.reserve(raws.as_slice().len());
    for r in raws.as_slice() {
        let Some(prefix_len) = prefix_len(u32::from(addr(r.mask))) else {
            skipped += 1;
            continue;
        };
        routes += 1;
        out.extend(keep(Route4 {
            iface: r.iface,
            destination: addr(r.destination),
            prefix_len,
            gateway: addr(r.gateway),
            flags: r.flags,
            metric: r.metric,
        }));
    }
    Shape {
        routes,
        skipped,
        header,
    }
}

/// The raw routes of a table until its byte order is known: in place up to [`STAGED`], then
/// in a list.
struct Staged<'a> {
    inline: [Raw<'a>; STAGED],
    len: usize,
    more: Vec<Raw<'a>>,
}

impl Default for Staged<'_> {
    fn default() -> Self {
        Staged {
            inline: [Raw::EMPTY; STAGED],
            len: 0,
            more: Vec::new(),
        }
    }
}

impl<'a> Staged<'a> {
    /// Adds a route; the first one past the inline room moves them all to a list sized for
    /// `text` (a line of the kernel's is 128 bytes).
    fn push(&mut self, raw: Raw<'a>, text: &str) {
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = raw;
            self.len += 1;
            return;
        }
        if self.more.is_empty() {
            self.more.reserve(text.len() / 128 + 1);
            self.more.extend_from_slice(&self.inline);
        }
        self.more.push(raw);
    }

    fn as_slice(&self) -> &[Raw<'a>] {
        if self.more.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.more
        }
    }
}

/// The lines of `text` that are not blank, as `str::lines` splits them (`\n`, a `\r` before
/// it dropped). A line whose first byte is a letter, a digit or `-` is not blank without
/// looking further, so the kernel's padding is never scanned.
#[cfg(test)]
pub(crate) fn non_blank_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| match l.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'-' => true,
        _ => !l.trim().is_empty(),
    })
}

/// Whether a line is blank, as [`non_blank_lines`] judges it.
fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'-' => false,
        _ => line.trim().is_empty(),
    }
}

/// One line by the general rules: the kernel's columns first when the table has them.
fn read_line<'a>(line: &'a str, standard: bool, columns: &Columns) -> Option<Raw<'a>> {
    if standard {
        kernel_line(line)
            .map(|(r, _)| r)
            .or_else(|| raw_route(line, columns))
    } else {
        raw_route(line, columns)
    }
}

/// A cursor over a text's lines, split as `str::lines` splits them (`\n`, a `\r` before it
/// dropped), that can also be moved past a line read in place.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    pub(crate) text: &'a str,
    /// Where the next line starts.
    pub(crate) pos: usize,
}

impl<'a> Lines<'a> {
    /// The next line, or `None` at the end of the text.
    pub(crate) fn next_line(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        match rest.as_bytes().iter().position(|&c| c == b'\n') {
            Some(end) => {
                self.pos += end + 1;
                let line = rest.get(..end)?;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                self.pos = self.text.len();
                Some(rest)
            }
        }
    }
}

/// Where the line holding `at` ends: the index after its `\n` (or the text's end). A line
/// the kernel padded to 127 columns from `start` is checked at once: its end is where the
/// padding says, when no byte before it is a line end (a scan without branches, which the
/// compiler does in vector steps); any other line is searched byte by byte.
pub(crate) fn next_line_start(b: &[u8], start: usize, at: usize) -> usize {
    let padded = start + 127;
    if let Some(between) = b.get(at..padded)
        && b.get(padded) == Some(&b'\n')
        && !between.iter().fold(false, |seen, &c| seen | (c == b'\n'))
    {
        return padded + 1;
    }
    match b.get(at..).and_then(|r| r.iter().position(|&c| c == b'\n')) {
        Some(k) => at + k + 1,
        None => b.len(),
    }
}

/// The line starting at `pos` of `text`, when it is in the kernel's layout, read in place:
/// the route and where the next line starts. The same answer as [`kernel_line`] on that line.
fn kernel_line_at(text: &str, pos: usize) -> Option<(Raw<'_>, usize)> {
    let rest = text.get(pos..)?;
    let (raw, end) = kernel_bytes(rest)?;
    Some((raw, next_line_start(text.as_bytes(), pos, pos + end)))
}

/// A line as the kernel writes it: `IFACE\tDEST\tGATEWAY\tFLAG\tREF\tUSE\tMETRIC\tMASK\t...`,
/// the three words 8 hex digits, the flags 4, so only the interface name and the three
/// decimal columns need a search. `None` for any other shape (the general split decides).
fn kernel_line(line: &str) -> Option<(Raw<'_>, usize)> {
    kernel_bytes(line)
}

/// [`kernel_line`] over bytes that may go on past the line (a whole table from a line's
/// start): nothing is read past the mask, and every byte read before it is checked to be no
/// line end, so the answer is the same as for the line alone. Also gives where the mask ends.
fn kernel_bytes(text: &str) -> Option<(Raw<'_>, usize)> {
    let b = text.as_bytes();
    // The name: printable ASCII up to the first tab.
    let tab = b.iter().position(|&c| !c.is_ascii_graphic())?;
    if tab == 0 || b.get(tab) != Some(&b'\t') {
        return None;
    }
    let iface = text.get(..tab)?;
    let rest = b.get(tab + 1..)?;
    let destination = hex8(rest.get(..8)?)?;
    let gateway = hex8(rest.get(9..17)?)?;
    let flags = hex4(rest.get(18..22)?)?;
    if rest.get(8) != Some(&b'\t') || rest.get(17) != Some(&b'\t') || rest.get(22) != Some(&b'\t') {
        return None;
    }
    // RefCnt, Use, Metric: decimal, tab-ended.
    let mut at = 23usize;
    let mut metric = 0u32;
    for column in 0..3 {
        let field = rest.get(at..)?;
        let end = field
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(field.len());
        if end == 0 || end > 10 || field.get(end) != Some(&b'\t') {
            return None;
        }
        if column == 2 {
            metric = field.get(..end)?.iter().try_fold(0u32, |acc, d| {
                acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
            })?;
        }
        at += end + 1;
    }
    let mask = hex8(rest.get(at..at + 8)?)?;
    // The mask ends its field; what follows (MTU, Window, IRTT, padding) is not read.
    match rest.get(at + 8) {
        None | Some(b'\t' | b' ' | b'\n') => {}
        Some(_) => return None,
    }
    Some((
        Raw {
            iface,
            destination,
            gateway,
            flags,
            metric,
            mask,
        },
        tab + 1 + at + 8,
    ))
}

/// Exactly 8 hex digits (either case), all eight checked and converted at once in a `u64`.
pub(crate) fn hex8(s: &[u8]) -> Option<u32> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// Bit 7 of each byte set where that byte of `x` (all below 0x80) is in `lo..=hi`.
    fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
        let at_least = x + u64::from(0x80 - lo) * 0x0101_0101_0101_0101;
        let above = x + u64::from(0x7F - hi) * 0x0101_0101_0101_0101;
        at_least & !above & HIGH
    }
    let x = u64::from_be_bytes(s.try_into().ok()?);
    if x & !LOW7 != 0 {
        return None;
    }
    let digits = in_range(x, b'0', b'9');
    let letters = in_range(x | 0x2020_2020_2020_2020, b'a', b'f');
    if digits | letters != HIGH {
        return None;
    }
    // A digit's value is its low nibble; a letter's is its low nibble plus 9.
    let n = (x & 0x0F0F_0F0F_0F0F_0F0F) + (letters >> 7) * 9;
    let n = (n | n >> 4) & 0x00FF_00FF_00FF_00FF;
    let n = (n | n >> 8) & 0x0000_FFFF_0000_FFFF;
    u32::try_from((n | n >> 16) & 0xFFFF_FFFF).ok()
}

/// Exactly 4 hex digits.
fn hex4(s: &[u8]) -> Option<u32> {
    let mut acc = 0u32;
    let mut bad = 0u8;
    for &c in s {
        let v = hex_digit(c).unwrap_or(0xFF);
        bad |= v;
        acc = acc << 4 | u32::from(v & 0x0F);
    }
    (bad & 0xF0 == 0 && s.len() == 4).then_some(acc)
}

/// The header the kernel writes (then padded with blanks to 127 columns).
const KERNEL_HEADER: &str =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

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

    /// The kernel's header is passed over in one step, with the answer the general reading of
    /// a header gives.
    #[test]
    fn the_kernel_header_shortcut_agrees_with_the_header_rules() {
        let route = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0";
        for header in [
            format!("{KERNEL_HEADER:<127}"),
            KERNEL_HEADER.to_owned(),
            format!("{KERNEL_HEADER}\tMask2 Iface"),
            format!("{KERNEL_HEADER}\r"),
        ] {
            let text = format!("{header}\n{route:<127}\n");
            let table = parse_route(&text);
            assert!(table.header, "{header:?}");
            assert_eq!(table.skipped, 0, "{header:?}");
            assert_eq!(table.routes.len(), 1, "{header:?}");
            assert_eq!(table.routes.first().map(|r| r.iface), Some("eth0"));
            // The same table read by the general rules (the header not at the text's start).
            let shifted = format!("\n{text}");
            let general = parse_route(&shifted);
            assert_eq!(general, table, "{header:?}");
        }
        // A lone header is an empty table, not a malformed one.
        let lone = parse_route(KERNEL_HEADER);
        assert!(lone.header && lone.routes.is_empty() && !lone.is_malformed());
    }

    /// The fixed-column reading agrees with the general split wherever it answers, and
    /// leaves every other shape to it.
    #[test]
    fn kernel_columns_agree_with_the_general_split() {
        fn key<'a>(r: &Raw<'a>) -> (&'a str, u32, u32, u32, u32, u32) {
            (r.iface, r.destination, r.gateway, r.flags, r.metric, r.mask)
        }
        let pad = |l: &str| format!("{l:<127}");
        let lines = [
            pad("eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"),
            pad("wlp0s20f3\t0002A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0"),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t4294967295\t00000000".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t4294967296\t00000000".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t-1\t0\t+7\t00000000\t0".to_owned(),
            "eth0 00000000 010200C0 0003 0 0 0 00000000 0 0 0".to_owned(),
            "eth0\t0000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\u{2003}x".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000x".to_owned(),
            "et\u{e9}0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
            "\teth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
        ];
        let mut fast = 0;
        for line in &lines {
            let general = raw_route(line, &Columns::STANDARD);
            if let Some((k, _)) = kernel_line(line) {
                fast += 1;
                assert_eq!(Some(key(&k)), general.as_ref().map(key), "{line:?}");
            }
        }
        assert_eq!(fast, 3);
    }

    /// Reading lines in place (padding skipped in steps) gives what reading each line split
    /// off by `str::lines` gives, whatever surrounds them.
    #[test]
    fn in_place_reading_agrees_with_line_by_line() {
        fn by_lines(text: &str) -> (Vec<(&str, u32)>, usize) {
            let mut out = Vec::new();
            let mut skipped = 0;
            let mut lines = non_blank_lines(text).peekable();
            if lines.peek().is_some_and(|l| is_header(l)) {
                lines.next();
            }
            for line in lines {
                match read_line(line, true, &Columns::STANDARD) {
                    Some(r) => out.push((r.iface, r.metric)),
                    None => skipped += 1,
                }
            }
            (out, skipped)
        }
        let pad = |l: &str| format!("{l:<127}");
        let good = "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0";
        let pieces = [
            pad(good),
            good.to_owned(),
            format!("{}\r", pad(good)),
            format!("{good}\r"),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\r".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0".to_owned(),
            "eth0\t00000000\t010200C0\t0003\t0\t0\t1".to_owned(),
            "eth0 00000000 010200C0 0003 0 0 7 00000000 0 0 0".to_owned(),
            String::new(),
            "   ".to_owned(),
            "\u{e9}th0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
            format!("{}x", pad(good)),
        ];
        let header = HEADER.trim_end();
        for a in &pieces {
            for b in &pieces {
                for end in ["", "\n"] {
                    let text = format!("{header}\n{a}\n{b}{end}");
                    let t = parse_route(&text);
                    let (want, skipped) = by_lines(&text);
                    let got: Vec<_> = t.routes.iter().map(|r| (r.iface, r.metric)).collect();
                    assert_eq!(got, want, "{text:?}");
                    assert_eq!(t.skipped, skipped, "{text:?}");
                }
            }
        }
    }

    /// Tables of more routes than are held in place: every route is given, in order, and
    /// the byte order is voted by every mask, the last ones included.
    #[test]
    fn long_tables_vote_with_every_mask() {
        for n in [0usize, 1, 15, 16, 17, 40] {
            for big in [false, true] {
                let mut text = format!("{KERNEL_HEADER}\n");
                for k in 0..n {
                    // Only the last route's mask (255.255.255.0) tells the byte order.
                    let (dest, mask) = match (k + 1 == n, big) {
                        (true, false) => ("0002A8C0", "00FFFFFF"),
                        (true, true) => ("C0A80200", "FFFFFF00"),
                        (false, _) => ("00000000", "00000000"),
                    };
                    text.push_str(&format!(
                        "eth{k}\t{dest}\t00000000\t0001\t0\t0\t{k}\t{mask}\t0\t0\t0\n"
                    ));
                }
                let t = parse_route(&text);
                assert_eq!(
                    (t.routes.len(), t.skipped, t.header),
                    (n, 0, true),
                    "{n} {big}"
                );
                let metrics: Vec<u32> = t.routes.iter().map(|r| r.metric).collect();
                assert_eq!(metrics, (0..n as u32).collect::<Vec<_>>());
                if let Some(last) = t.routes.last() {
                    assert_eq!(last.destination, Ipv4Addr::new(192, 168, 2, 0), "{n} {big}");
                    assert_eq!(last.prefix_len, 24);
                }
                let mut kept = Vec::new();
                let shape =
                    routes_into(&text, &mut kept, |r| (r.metric % 2 == 0).then_some(r.iface));
                assert_eq!((shape.routes, shape.skipped), (n, 0));
                assert_eq!(kept.len(), n.div_ceil(2));
            }
        }
    }

    #[test]
    fn hex8_reads_every_shape() {
        assert_eq!(hex8(b"010200C0"), Some(0x0102_00C0));
        assert_eq!(hex8(b"ffffFFFF"), Some(u32::MAX));
        assert_eq!(hex8(b"00000000"), Some(0));
        assert_eq!(hex8(b"89abcdef"), Some(0x89ab_cdef));
        assert_eq!(hex8(b"0123456"), None);
        assert_eq!(hex8(b"012345678"), None);
        // Every byte that is not a hex digit, in every position, is refused.
        for bad in (0u8..=255).filter(|b| hex_digit(*b).is_none()) {
            for at in 0..8 {
                let mut word = *b"00000000";
                word[at] = bad;
                assert_eq!(hex8(&word), None, "{bad:#x} at {at}");
            }
        }
        for good in (0u8..=255).filter(|b| hex_digit(*b).is_some()) {
            let word = [good; 8];
            let d = u32::from(hex_digit(good).unwrap());
            assert_eq!(hex8(&word), Some(d * 0x1111_1111), "{good:#x}");
        }
    }

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
        let text = format!("{HEADER}{line}\n");
        let t = parse_route(&text);
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
        let text = format!("{HEADER}eth0\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n");
        let t = parse_route(&text);
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
            (r.iface, r.metric, r.gateway.to_string().as_str()),
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
