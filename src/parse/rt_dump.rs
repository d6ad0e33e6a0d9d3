//! The Apple routing table as the `NET_RT_DUMP` sysctl returns it (`CTL_NET`, `PF_ROUTE`):
//! `rt_msghdr` records, each followed by the socket addresses its `rtm_addrs` bits name
//! (destination, gateway, netmask, ...), each padded to 4 bytes. The live macOS and iOS source
//! hands the bytes here, so the decoding is tested and fuzzed on every platform.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::route_table::{RouteEntry, RouteKind, TABLE_MAIN, network};

/// The size of Darwin's `rt_msghdr` (with its `rt_metrics`): 92 bytes.
pub const RT_MSGHDR_LEN: usize = 92;

const RTF_UP: u32 = 0x1;
const RTF_GATEWAY: u32 = 0x2;
const RTF_HOST: u32 = 0x4;
const RTF_REJECT: u32 = 0x8;
const RTF_BLACKHOLE: u32 = 0x1000;
const RTF_IFSCOPE: u32 = 0x0100_0000;

const RTA_DST: u32 = 0x1;
const RTA_GATEWAY: u32 = 0x2;
const RTA_NETMASK: u32 = 0x4;

const AF_INET: u8 = 2;
const AF_INET6: u8 = 30;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The routes in a `NET_RT_DUMP` buffer, and how many records were skipped (truncated, not
/// up, of another family). `name_of` turns `rtm_index` into an interface name.
pub fn parse_rt_dump(
    buf: &[u8],
    name_of: &dyn Fn(u16) -> Option<String>,
) -> (Vec<RouteEntry>, usize) {
    let mut routes = Vec::new();
    let mut skipped = 0usize;
    let mut at = 0usize;
    while let Some(len) = u16_at(buf, at) {
        let len = usize::from(len);
        let Some(record) = (len >= RT_MSGHDR_LEN)
            .then(|| buf.get(at..at + len))
            .flatten()
        else {
            skipped += 1;
            break;
        };
        match record_route(record, name_of) {
            Some(r) => routes.push(r),
            None => skipped += 1,
        }
        at += len;
    }
    (routes, skipped)
}

fn record_route(rec: &[u8], name_of: &dyn Fn(u16) -> Option<String>) -> Option<RouteEntry> {
    let index = u16_at(rec, 4)?;
    let flags = u32_at(rec, 8)?;
    let addrs = u32_at(rec, 12)?;
    if flags & RTF_UP == 0 {
        return None;
    }
    let mut at = RT_MSGHDR_LEN;
    let mut dst: Option<(u8, &[u8])> = None;
    let mut gateway: Option<(u8, &[u8])> = None;
    let mut mask: Option<&[u8]> = None;
    // Socket addresses in bit order, as many as bits are set (RTAX_MAX is 8).
    for bit in 0..8u32 {
        if addrs & (1 << bit) == 0 {
            continue;
        }
        let sa_len = usize::from(*rec.get(at)?);
        let family = rec.get(at + 1).copied().unwrap_or(0);
        let sa = rec.get(at..at + sa_len).unwrap_or(&[]);
        match 1 << bit {
            RTA_DST => dst = Some((family, sa)),
            RTA_GATEWAY => gateway = Some((family, sa)),
            RTA_NETMASK => mask = Some(sa),
            _ => {}
        }
        // Darwin rounds each address up to 4 bytes; a zero length takes 4.
        at += if sa_len == 0 { 4 } else { (sa_len + 3) & !3 };
    }
    let (family, dst_sa) = dst?;
    let (v6, full) = match family {
        AF_INET => (false, 32u8),
        AF_INET6 => (true, 128u8),
        _ => return None,
    };
    let destination = address(family, dst_sa)?;
    let prefix_len = if flags & RTF_HOST != 0 {
        full
    } else {
        match mask {
            Some(m) => mask_len(m, v6),
            None => full,
        }
    };
    let gateway = gateway
        .filter(|_| flags & RTF_GATEWAY != 0)
        .and_then(|(f, sa)| address(f, sa));
    let kind = if flags & RTF_BLACKHOLE != 0 {
        RouteKind::Blackhole
    } else if flags & RTF_REJECT != 0 {
        RouteKind::Unreachable
    } else {
        RouteKind::Unicast
    };
    Some(RouteEntry {
        table: TABLE_MAIN,
        kind,
        destination: network(destination, prefix_len)?,
        prefix_len,
        gateway,
        dev: name_of(index),
        metric: 0,
        scoped: flags & RTF_IFSCOPE != 0,
    })
}

/// The address in a `sockaddr_in` (at byte 4) or `sockaddr_in6` (at byte 8; the KAME scope
/// embedded in a link-local address is cleared).
fn address(family: u8, sa: &[u8]) -> Option<IpAddr> {
    match family {
        AF_INET => Some(IpAddr::V4(Ipv4Addr::from(
            <[u8; 4]>::try_from(sa.get(4..8)?).ok()?,
        ))),
        AF_INET6 => {
            let mut b = <[u8; 16]>::try_from(sa.get(8..24)?).ok()?;
            if b.first() == Some(&0xfe)
                && b.get(1).is_some_and(|x| x & 0xc0 == 0x80)
                && let Some(scope) = b.get_mut(2..4)
            {
                scope.fill(0);
            }
            Some(IpAddr::V6(Ipv6Addr::from(b)))
        }
        _ => None,
    }
}

/// The prefix length of a netmask socket address, which the kernel may shorten (trailing zero
/// bytes cut, `sa_len` below the full size, even 0).
fn mask_len(sa: &[u8], v6: bool) -> u8 {
    let (start, size) = if v6 { (8, 16) } else { (4, 4) };
    let bytes = sa.get(start..).unwrap_or(&[]);
    let mut len = 0u8;
    for b in bytes.iter().take(size) {
        let ones = u8::try_from(b.leading_ones()).unwrap_or(0);
        len = len.saturating_add(ones);
        if ones < 8 {
            break;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(index: u16, flags: u32, sas: &[Vec<u8>], addrs: u32) -> Vec<u8> {
        let mut body = Vec::new();
        for sa in sas {
            let mut sa = sa.clone();
            while sa.len() % 4 != 0 {
                sa.push(0);
            }
            body.extend(sa);
        }
        let len = u16::try_from(RT_MSGHDR_LEN + body.len()).unwrap();
        let mut rec = vec![0u8; RT_MSGHDR_LEN];
        rec[..2].copy_from_slice(&len.to_ne_bytes());
        rec[2] = 5;
        rec[3] = 4;
        rec[4..6].copy_from_slice(&index.to_ne_bytes());
        rec[8..12].copy_from_slice(&flags.to_ne_bytes());
        rec[12..16].copy_from_slice(&addrs.to_ne_bytes());
        rec.extend(body);
        rec
    }

    fn sin(a: [u8; 4]) -> Vec<u8> {
        let mut v = vec![16, AF_INET, 0, 0];
        v.extend(a);
        v.extend([0u8; 8]);
        v
    }

    fn names(i: u16) -> Option<String> {
        match i {
            6 => Some("en0".into()),
            22 => Some("utun8".into()),
            _ => None,
        }
    }

    #[test]
    fn scoped_and_unscoped_defaults() {
        // default 172.20.10.1 UGSc en0; default link#22 UCSI utun8 (gateway is AF_LINK).
        let en0 = record(
            6,
            RTF_UP | RTF_GATEWAY | 0x800,
            &[sin([0; 4]), sin([172, 20, 10, 1]), vec![0, 0, 0, 0]],
            0x7,
        );
        let link = vec![
            20, 18, 22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let utun = record(
            22,
            RTF_UP | RTF_IFSCOPE,
            &[sin([0; 4]), link, vec![0, 0, 0, 0]],
            0x7,
        );
        // 172.20.10.0/28 with a shortened mask (sa_len 8: ff ff ff f0).
        let net = record(
            6,
            RTF_UP,
            &[
                sin([172, 20, 10, 0]),
                sin([0; 4]),
                vec![8, 0, 0, 0, 255, 255, 255, 240],
            ],
            0x7,
        );
        let down = record(6, 0, &[sin([10, 0, 0, 0])], 0x1);
        let mut buf = en0;
        buf.extend(utun);
        buf.extend(net);
        buf.extend(down);
        let (routes, skipped) = parse_rt_dump(&buf, &names);
        assert_eq!(skipped, 1);
        assert_eq!(routes.len(), 3);
        assert_eq!((routes[0].prefix_len, routes[0].scoped), (0, false));
        assert_eq!(routes[0].gateway, Some("172.20.10.1".parse().unwrap()));
        assert_eq!(routes[0].dev.as_deref(), Some("en0"));
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
            ("172.20.10.0".parse().unwrap(), 28)
        );
        assert_eq!(parse_rt_dump(&[1, 0], &names), (vec![], 1));
    }
}
