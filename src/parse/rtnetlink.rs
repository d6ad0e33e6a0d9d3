//! rtnetlink dump replies (`RTM_NEWROUTE`, `RTM_NEWRULE` messages, as the kernel answers an
//! `RTM_GETROUTE` or `RTM_GETRULE` dump) decoded into [`RouteEntry`] and [`RuleEntry`]. The
//! live Linux source hands the received bytes here, so the decoding is tested and fuzzed on
//! every platform. Numbers are in the host's byte order, as the kernel writes them; addresses
//! in network order.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::route_table::{RouteEntry, RouteKind, RuleAction, RuleEntry};

/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;
/// `RTM_NEWROUTE`.
pub const RTM_NEWROUTE: u16 = 24;
/// `RTM_GETROUTE`.
pub const RTM_GETROUTE: u16 = 26;
/// `RTM_NEWRULE`.
pub const RTM_NEWRULE: u16 = 32;
/// `RTM_GETRULE`.
pub const RTM_GETRULE: u16 = 34;
/// `RTM_NEWADDR`.
pub const RTM_NEWADDR: u16 = 20;
/// `RTM_GETADDR`.
pub const RTM_GETADDR: u16 = 22;

const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

/// What one buffer of a dump held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dump {
    /// Routes (`RTM_NEWROUTE`) of either family.
    pub routes: Vec<RouteEntry>,
    /// Rules (`RTM_NEWRULE`) of either family.
    pub rules: Vec<RuleEntry>,
    /// The dump ended (`NLMSG_DONE`).
    pub done: bool,
    /// The kernel answered with an error (`NLMSG_ERROR` with a nonzero code): its errno.
    pub error: Option<i32>,
    /// Messages that could not be decoded (truncated, wrong family).
    pub skipped: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn align4(n: usize) -> usize {
    n.saturating_add(3) & !3
}

/// The attributes (`rtattr`/`nlattr`: length, type, value) in `b`, in order; stops at the first
/// one that does not fit. An iterator over `b`: nothing is collected.
fn attributes(b: &[u8]) -> Attributes<'_> {
    Attributes { b, at: 0 }
}

struct Attributes<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let (b, at) = (self.b, self.at);
        let len = usize::from(u16_at(b, at)?);
        let kind = u16_at(b, at + 2)?;
        let value = (len >= 4).then(|| b.get(at + 4..at + len)).flatten();
        let Some(value) = value else {
            self.at = b.len();
            return None;
        };
        self.at = at + align4(len);
        // NLA_F_NESTED and NLA_F_NET_BYTEORDER ride in the top bits of the type.
        Some((kind & 0x3fff, value))
    }
}

fn address(family: u8, b: &[u8]) -> Option<IpAddr> {
    match family {
        AF_INET => Some(IpAddr::V4(Ipv4Addr::from(
            <[u8; 4]>::try_from(b.get(..4)?).ok()?,
        ))),
        AF_INET6 => Some(IpAddr::V6(Ipv6Addr::from(
            <[u8; 16]>::try_from(b.get(..16)?).ok()?,
        ))),
        _ => None,
    }
}

fn unspecified(family: u8) -> IpAddr {
    if family == AF_INET6 {
        IpAddr::V6(Ipv6Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    }
}

/// Decodes the messages in `buf` (one `recv` of a dump). `name_of` turns an interface index
/// into its name (the live source asks the kernel; tests pass a table).
pub fn parse_dump(buf: &[u8], name_of: &dyn Fn(u32) -> Option<String>) -> Dump {
    let mut dump = Dump::default();
    parse_dump_into(buf, &mut |i| name_of(i), &mut dump);
    dump
}

/// [`parse_dump`] appending to `dump` (the entries of every `recv` of one dump in one list),
/// with a `name_of` that may remember the names it found.
pub fn parse_dump_into(
    buf: &[u8],
    name_of: &mut dyn FnMut(u32) -> Option<String>,
    dump: &mut Dump,
) {
    let mut cut = 0;
    for (kind, body) in messages(buf, &mut cut) {
        match kind {
            NLMSG_DONE => {
                dump.done = true;
                break;
            }
            NLMSG_ERROR => {
                if let Some(code) = error_code(body) {
                    dump.error = Some(code);
                    break;
                }
            }
            RTM_NEWROUTE => match route(body, name_of) {
                Some(r) => dump.routes.push(r),
                None => dump.skipped += 1,
            },
            RTM_NEWRULE => match rule(body) {
                Some(r) => dump.rules.push(r),
                None => dump.skipped += 1,
            },
            _ => {}
        }
    }
    dump.skipped += cut;
}

/// The nonzero errno of an `NLMSG_ERROR` body (an acknowledgement carries 0).
fn error_code(body: &[u8]) -> Option<i32> {
    let code = i32::from_ne_bytes(body.get(..4)?.try_into().ok()?);
    (code != 0).then(|| code.saturating_neg())
}

/// The messages (`nlmsghdr` type, body) in `buf`; a truncated one ends them and counts in
/// `skipped`.
fn messages<'a>(buf: &'a [u8], skipped: &'a mut usize) -> impl Iterator<Item = (u16, &'a [u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let len = usize::try_from(u32_at(buf, at)?).unwrap_or(usize::MAX);
        let kind = u16_at(buf, at + 4)?;
        let body = (len >= 16)
            .then(|| buf.get(at + 16..at.saturating_add(len)))
            .flatten();
        let Some(body) = body else {
            *skipped += 1;
            at = buf.len();
            return None;
        };
        at = at.saturating_add(align4(len));
        Some((kind, body))
    })
}

/// One interface address of an `RTM_NEWADDR` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfAddr<'a> {
    /// The interface's index.
    pub index: u32,
    /// The address: `IFA_LOCAL` when there is one (the local end of a point-to-point link),
    /// `IFA_ADDRESS` otherwise, as `getifaddrs` gives it.
    pub ip: IpAddr,
    /// The prefix length.
    pub prefix_len: u8,
    /// The IPv4 label (`IFA_LABEL`, e.g. `eth0` or an alias `eth0:1`), the name `getifaddrs`
    /// gives the address.
    pub label: Option<&'a str>,
}

/// How one buffer of an address dump ended.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AddrStatus {
    /// The dump ended (`NLMSG_DONE`).
    pub done: bool,
    /// The kernel answered with an error: its errno.
    pub error: Option<i32>,
    /// Messages that could not be decoded.
    pub skipped: usize,
}

/// Decodes the `RTM_NEWADDR` messages in `buf` (one `recv` of an `RTM_GETADDR` dump), handing
/// each IPv4 and IPv6 address to `each` in order.
pub fn parse_addrs(buf: &[u8], each: &mut dyn FnMut(IfAddr<'_>)) -> AddrStatus {
    let mut status = AddrStatus::default();
    let mut skipped = 0;
    for (kind, body) in messages(buf, &mut skipped) {
        match kind {
            NLMSG_DONE => {
                status.done = true;
                break;
            }
            NLMSG_ERROR => {
                if let Some(code) = error_code(body) {
                    status.error = Some(code);
                    break;
                }
            }
            RTM_NEWADDR => match if_addr(body) {
                Some(a) => each(a),
                None => status.skipped += 1,
            },
            _ => {}
        }
    }
    status.skipped += skipped;
    status
}

/// One `ifaddrmsg` (8 bytes: family, prefixlen, flags, scope, index u32) and its attributes.
fn if_addr(body: &[u8]) -> Option<IfAddr<'_>> {
    let family = *body.first()?;
    let prefix_len = *body.get(1)?;
    let max = match family {
        AF_INET => 32,
        AF_INET6 => 128,
        _ => return None,
    };
    if prefix_len > max {
        return None;
    }
    let index = u32_at(body, 4)?;
    let (mut remote, mut local, mut label) = (None, None, None);
    for (kind, value) in attributes(body.get(8..)?) {
        match kind {
            1 => remote = address(family, value), // IFA_ADDRESS
            2 => local = address(family, value),  // IFA_LOCAL
            3 => label = c_str(value),            // IFA_LABEL
            _ => {}
        }
    }
    Some(IfAddr {
        index,
        ip: local.or(remote)?,
        prefix_len,
        label,
    })
}

fn c_str(b: &[u8]) -> Option<&str> {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    std::str::from_utf8(b.get(..end)?)
        .ok()
        .filter(|s| !s.is_empty())
}

fn route_kind(t: u8) -> RouteKind {
    match t {
        1 => RouteKind::Unicast,
        2 => RouteKind::Local,
        3 => RouteKind::Broadcast,
        4 => RouteKind::Anycast,
        5 => RouteKind::Multicast,
        6 => RouteKind::Blackhole,
        7 => RouteKind::Unreachable,
        8 => RouteKind::Prohibit,
        9 => RouteKind::Throw,
        _ => RouteKind::Other,
    }
}

/// One `rtmsg` (12 bytes: family, dst_len, src_len, tos, table, protocol, scope, type, flags)
/// and its attributes.
fn route(body: &[u8], name_of: &mut dyn FnMut(u32) -> Option<String>) -> Option<RouteEntry> {
    let family = *body.first()?;
    let prefix_len = *body.get(1)?;
    let max = match family {
        AF_INET => 32,
        AF_INET6 => 128,
        _ => return None,
    };
    if prefix_len > max {
        return None;
    }
    let mut r = RouteEntry {
        table: u32::from(*body.get(4)?),
        kind: route_kind(*body.get(7)?),
        destination: unspecified(family),
        prefix_len,
        gateway: None,
        dev: None,
        metric: 0,
        scoped: false,
    };
    for (kind, value) in attributes(body.get(12..)?) {
        match kind {
            1 => r.destination = address(family, value)?, // RTA_DST
            4 => r.dev = u32_at(value, 0).and_then(&mut *name_of), // RTA_OIF
            5 => r.gateway = address(family, value),      // RTA_GATEWAY
            6 => r.metric = u32_at(value, 0).unwrap_or(0), // RTA_PRIORITY
            15 => r.table = u32_at(value, 0).unwrap_or(r.table), // RTA_TABLE
            18 => {
                // RTA_VIA: a family (u16) then the address; an IPv4 route via an IPv6 hop.
                let via_family = u16_at(value, 0).and_then(|f| u8::try_from(f).ok());
                r.gateway = via_family.and_then(|f| address(f, value.get(2..)?));
            }
            9 if r.dev.is_none() => {
                // RTA_MULTIPATH: rtnexthop {len u16, flags u8, hops u8, ifindex i32} + attrs;
                // the first hop stands for the route.
                let hop_len = usize::from(u16_at(value, 0)?);
                r.dev = u32_at(value, 4).and_then(&mut *name_of);
                let hop_attrs = value.get(8..hop_len.max(8))?;
                for (k, v) in attributes(hop_attrs) {
                    match k {
                        5 => r.gateway = address(family, v),
                        18 => {
                            let f = u16_at(v, 0).and_then(|f| u8::try_from(f).ok());
                            r.gateway = f.and_then(|f| address(f, v.get(2..)?));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    r.destination = super::route_table::network(r.destination, prefix_len)?;
    Some(r)
}

/// One `fib_rule_hdr` (12 bytes: family, dst_len, src_len, tos, table, res1, res2, action,
/// flags) and its attributes.
fn rule(body: &[u8]) -> Option<RuleEntry> {
    let family = *body.first()?;
    if family != AF_INET && family != AF_INET6 {
        return None;
    }
    let (dst_len, src_len, tos) = (*body.get(1)?, *body.get(2)?, *body.get(3)?);
    let action = match *body.get(7)? {
        1 => RuleAction::Lookup(u32::from(*body.get(4)?)),
        2 => RuleAction::Goto(0),
        3 => RuleAction::Nop,
        6 => RuleAction::Blackhole,
        7 => RuleAction::Unreachable,
        8 => RuleAction::Prohibit,
        _ => RuleAction::Other,
    };
    let flags = u32_at(body, 8)?;
    let mut r = RuleEntry::new(family == AF_INET6, 0, action);
    r.invert = flags & 0x2 != 0; // FIB_RULE_INVERT
    r.tos = (tos != 0).then_some(tos);
    let mut mark = None;
    let mut mask = None;
    let port_range = |v: &[u8]| Some((u16_at(v, 0)?, u16_at(v, 2)?));
    for (kind, value) in attributes(body.get(12..)?) {
        match kind {
            1 => r.to = address(family, value).map(|a| (a, dst_len)), // FRA_DST
            2 => r.from = address(family, value).map(|a| (a, src_len)), // FRA_SRC
            3 => r.iif = c_string(value),                             // FRA_IIFNAME
            4 => {
                if let (RuleAction::Goto(_), Some(t)) = (r.action, u32_at(value, 0)) {
                    r.action = RuleAction::Goto(t); // FRA_GOTO
                }
            }
            6 => r.priority = u32_at(value, 0).unwrap_or(0), // FRA_PRIORITY
            10 => mark = u32_at(value, 0),                   // FRA_FWMARK
            12 => {
                r.tun_id = value
                    .get(..8)
                    .and_then(|b| b.try_into().ok())
                    .map(u64::from_be_bytes)
            }
            13 => r.suppress_ifgroup = u32_at(value, 0).filter(|g| *g != u32::MAX),
            14 => r.suppress_prefixlen = u32_at(value, 0).and_then(|p| u8::try_from(p).ok()),
            15 => {
                if let (RuleAction::Lookup(_), Some(t)) = (r.action, u32_at(value, 0)) {
                    r.action = RuleAction::Lookup(t); // FRA_TABLE
                }
            }
            16 => mask = u32_at(value, 0), // FRA_FWMASK
            17 => r.oif = c_string(value), // FRA_OIFNAME
            19 => r.l3mdev = value.first().is_some_and(|v| *v != 0), // FRA_L3MDEV
            20 => r.uid_range = Some((u32_at(value, 0)?, u32_at(value, 4)?)), // FRA_UID_RANGE
            22 => r.ip_proto = value.first().copied(), // FRA_IP_PROTO
            23 => r.sport = port_range(value), // FRA_SPORT_RANGE
            24 => r.dport = port_range(value), // FRA_DPORT_RANGE
            _ => {}
        }
    }
    if mark.is_some() || mask.is_some() {
        r.fwmark = Some((mark.unwrap_or(0), mask.unwrap_or(u32::MAX)));
    }
    Some(r)
}

fn c_string(b: &[u8]) -> Option<String> {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    let s = std::str::from_utf8(b.get(..end)?).ok()?;
    (!s.is_empty()).then(|| s.to_owned())
}

/// A dump request (`nlmsghdr` + a zeroed 12-byte `rtmsg` or `fib_rule_hdr` of family
/// `AF_UNSPEC`, for every family): `kind` is [`RTM_GETROUTE`] or [`RTM_GETRULE`].
pub fn dump_request(kind: u16, seq: u32) -> [u8; 28] {
    request(kind, seq)
}

/// An `RTM_GETADDR` dump request (`nlmsghdr` + a zeroed 8-byte `ifaddrmsg` of family
/// `AF_UNSPEC`: every address of both families).
pub fn addr_dump_request(seq: u32) -> [u8; 24] {
    request(RTM_GETADDR, seq)
}

fn request<const N: usize>(kind: u16, seq: u32) -> [u8; N] {
    let flags: u16 = 0x1 | 0x300; // NLM_F_REQUEST | NLM_F_DUMP
    let len = u32::try_from(N).unwrap_or(0);
    let mut b = [0u8; N];
    // Port id 0 (the kernel), then the zeroed family header.
    let head = len
        .to_ne_bytes()
        .into_iter()
        .chain(kind.to_ne_bytes())
        .chain(flags.to_ne_bytes())
        .chain(seq.to_ne_bytes());
    for (dst, src) in b.iter_mut().zip(head) {
        *dst = src;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(kind: u16, value: &[u8]) -> Vec<u8> {
        let len = u16::try_from(4 + value.len()).unwrap();
        let mut v = len.to_ne_bytes().to_vec();
        v.extend(kind.to_ne_bytes());
        v.extend(value);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    fn message(kind: u16, body: &[u8]) -> Vec<u8> {
        let len = u32::try_from(16 + body.len()).unwrap();
        let mut v = len.to_ne_bytes().to_vec();
        v.extend(kind.to_ne_bytes());
        v.extend([0u8; 10]);
        v.extend(body);
        v
    }

    fn names(i: u32) -> Option<String> {
        match i {
            2 => Some("eth0".into()),
            5 => Some("wg0".into()),
            _ => None,
        }
    }

    #[test]
    fn routes_and_rules_of_a_wg_quick_host() {
        // default via 10.137.0.28 dev eth0 metric 100 (main)
        let mut main = vec![AF_INET, 0, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0];
        main.extend(attr(15, &254u32.to_ne_bytes()));
        main.extend(attr(6, &100u32.to_ne_bytes()));
        main.extend(attr(5, &[10, 137, 0, 28]));
        main.extend(attr(4, &2u32.to_ne_bytes()));
        // default dev wg0 table 51820 (v6)
        let mut wg = vec![AF_INET6, 0, 0, 0, 252, 3, 0, 1, 0, 0, 0, 0];
        wg.extend(attr(15, &51820u32.to_ne_bytes()));
        wg.extend(attr(4, &5u32.to_ne_bytes()));
        // 32765: not from all fwmark 0xca6c lookup 51820
        let mut not_mark = vec![AF_INET, 0, 0, 0, 252, 0, 0, 1];
        not_mark.extend(2u32.to_ne_bytes());
        not_mark.extend(attr(15, &51820u32.to_ne_bytes()));
        not_mark.extend(attr(6, &32765u32.to_ne_bytes()));
        not_mark.extend(attr(10, &51820u32.to_ne_bytes()));
        not_mark.extend(attr(16, &u32::MAX.to_ne_bytes()));
        // 32764: from all lookup main suppress_prefixlength 0
        let mut suppress = vec![AF_INET, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0];
        suppress.extend(attr(6, &32764u32.to_ne_bytes()));
        suppress.extend(attr(14, &0u32.to_ne_bytes()));
        suppress.extend(attr(13, &u32::MAX.to_ne_bytes()));
        let mut buf = message(RTM_NEWROUTE, &main);
        buf.extend(message(RTM_NEWROUTE, &wg));
        buf.extend(message(RTM_NEWRULE, &not_mark));
        buf.extend(message(RTM_NEWRULE, &suppress));
        buf.extend(message(NLMSG_DONE, &[0, 0, 0, 0]));
        let dump = parse_dump(&buf, &names);
        assert!(dump.done);
        assert_eq!((dump.skipped, dump.error), (0, None));
        let r = &dump.routes;
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].gateway, Some("10.137.0.28".parse().unwrap()));
        assert_eq!(
            (r[0].dev.as_deref(), r[0].metric, r[0].table),
            (Some("eth0"), 100, 254)
        );
        assert_eq!(
            (r[1].dev.as_deref(), r[1].table, r[1].is_ipv6()),
            (Some("wg0"), 51820, true)
        );
        let rules = &dump.rules;
        assert_eq!(rules.len(), 2);
        assert!(rules[0].invert);
        assert_eq!(rules[0].fwmark, Some((51820, u32::MAX)));
        assert_eq!(
            (rules[0].priority, rules[0].action),
            (32765, RuleAction::Lookup(51820))
        );
        assert_eq!(rules[1].suppress_prefixlen, Some(0));
        assert_eq!(rules[1].suppress_ifgroup, None);
    }

    #[test]
    fn errors_and_truncation() {
        let err = message(NLMSG_ERROR, &(-1i32).to_ne_bytes());
        assert_eq!(parse_dump(&err, &names).error, Some(1));
        let mut cut = message(RTM_NEWROUTE, &[AF_INET, 0, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]);
        cut.truncate(20);
        assert_eq!(parse_dump(&cut, &names).skipped, 1);
        assert_eq!(parse_dump(&[], &names), Dump::default());
        let bad_family = message(RTM_NEWROUTE, &[7, 0, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]);
        assert_eq!(parse_dump(&bad_family, &names).skipped, 1);
    }

    fn ifaddrmsg(family: u8, prefix: u8, index: u32, attrs: &[Vec<u8>]) -> Vec<u8> {
        let mut body = vec![family, prefix, 0, 0];
        body.extend(index.to_ne_bytes());
        for a in attrs {
            body.extend(a);
        }
        message(RTM_NEWADDR, &body)
    }

    #[test]
    fn interface_addresses_prefer_the_local_end_and_keep_labels() {
        let mut buf = ifaddrmsg(2, 24, 2, &[attr(1, &[192, 0, 2, 7]), attr(3, b"eth0:1\0")]);
        // Point-to-point: IFA_ADDRESS is the peer, IFA_LOCAL this end.
        buf.extend(ifaddrmsg(
            2,
            32,
            5,
            &[attr(1, &[10, 0, 0, 1]), attr(2, &[10, 0, 0, 2])],
        ));
        let v6: [u8; 16] = "fd00::2".parse::<Ipv6Addr>().unwrap().octets();
        buf.extend(ifaddrmsg(10, 64, 2, &[attr(1, &v6)]));
        buf.extend(ifaddrmsg(10, 129, 2, &[attr(1, &v6)])); // impossible prefix: skipped
        buf.extend(ifaddrmsg(7, 8, 2, &[attr(1, &[1, 2, 3, 4])])); // another family: skipped
        buf.extend(message(NLMSG_DONE, &[0; 4]));
        let mut got = Vec::new();
        let status = parse_addrs(&buf, &mut |a| {
            got.push((a.index, a.ip, a.prefix_len, a.label.map(str::to_owned)));
        });
        assert_eq!(
            status,
            AddrStatus {
                done: true,
                error: None,
                skipped: 2
            }
        );
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            got,
            [
                (2, ip("192.0.2.7"), 24, Some("eth0:1".to_owned())),
                (5, ip("10.0.0.2"), 32, None),
                (2, ip("fd00::2"), 64, None),
            ]
        );
        let mut err = message(NLMSG_ERROR, &(-1i32).to_ne_bytes());
        err.extend([0; 16]);
        assert_eq!(parse_addrs(&err, &mut |_| {}).error, Some(1));
        assert_eq!(parse_addrs(&buf[..20], &mut |_| {}).skipped, 1);
        assert_eq!(addr_dump_request(7).len(), 24);
        let request = dump_request(RTM_GETROUTE, 1);
        assert_eq!(request[..4], 28u32.to_ne_bytes());
        assert_eq!(request[4..6], RTM_GETROUTE.to_ne_bytes());
    }
}
