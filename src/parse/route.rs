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
mod tests;
