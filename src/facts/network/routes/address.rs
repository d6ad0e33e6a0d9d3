//! Which address the kernel would put on Internet-bound packets leaving an interface, and the
//! best physical interface's address when there is no default route.

use std::net::IpAddr;

use super::classify::Links;
use crate::source::InterfaceAddr;

/// How good an address is as a source for Internet traffic; lower is better. `None` for
/// addresses that are never a source (loopback, multicast, unspecified, IPv4-mapped).
fn rank(ip: IpAddr) -> Option<u8> {
    match ip {
        IpAddr::V4(v4) => {
            if v4.is_loopback() || v4.is_multicast() || v4.is_unspecified() || v4.is_broadcast() {
                None
            } else if v4.is_link_local() {
                Some(2)
            } else {
                Some(0)
            }
        }
        IpAddr::V6(v6) => {
            let top = v6.segments().first().copied().unwrap_or(0);
            if v6.is_loopback()
                || v6.is_multicast()
                || v6.is_unspecified()
                || v6.to_ipv4_mapped().is_some()
            {
                None
            } else if top & 0xffc0 == 0xfe80 {
                Some(2)
            } else if top & 0xfe00 == 0xfc00 {
                // Unique-local: global scope to the kernel, but RFC 6724's policy table
                // prefers a global source for a global destination.
                Some(1)
            } else {
                Some(0)
            }
        }
    }
}

/// Whether `ip` is link-local (169.254/16, fe80::/10).
pub(in crate::facts::network) fn is_link_local(ip: IpAddr) -> bool {
    rank(ip) == Some(2)
}

/// The source address on `iface` for the egress of one family: a routable one, preferring the
/// one whose subnet holds the gateway (IPv4), then a global over a unique-local one (IPv6);
/// a link-local one only when the interface has nothing else.
pub(in crate::facts::network) fn on_interface(
    addrs: &[InterfaceAddr],
    iface: &str,
    v6: bool,
    gateway: Option<IpAddr>,
) -> Option<IpAddr> {
    let mut best: Option<(IpAddr, (u8, bool))> = None;
    for a in addrs
        .iter()
        .filter(|a| a.name == iface && a.ip.is_ipv6() == v6)
    {
        let Some(r) = rank(a.ip) else { continue };
        let key = (
            r,
            !gateway.is_some_and(|g| in_subnet(a.ip, a.prefix_len, g)),
        );
        if best.is_none_or(|(_, k)| key < k) {
            best = Some((a.ip, key));
        }
    }
    best.map(|(ip, _)| ip)
}

fn in_subnet(ip: IpAddr, prefix_len: Option<u8>, other: IpAddr) -> bool {
    let Some(len) = prefix_len else { return false };
    match (ip, other) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX
                .checked_shl(32u32.saturating_sub(u32::from(len)))
                .unwrap_or(0);
            len <= 32 && u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX
                .checked_shl(128u32.saturating_sub(u32::from(len)))
                .unwrap_or(0);
            len <= 128 && u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

/// The routable (not loopback, not link-local) address of the best physical interface —
/// never a bridge, veth, Docker, libvirt or tunnel interface. Up interfaces first, then the
/// family `prefer_v6` names, then the lowest interface index, then list order.
pub(in crate::facts::network) fn physical(
    addrs: &[InterfaceAddr],
    links: &mut Links<'_>,
    prefer_v6: bool,
) -> Option<IpAddr> {
    let mut best: Option<(IpAddr, (bool, bool, u32))> = None;
    for a in addrs {
        if rank(a.ip).is_none_or(|r| r == 2) {
            continue;
        }
        let key_without_up = (a.ip.is_ipv6() != prefer_v6, a.index.unwrap_or(u32::MAX));
        if best.is_some_and(|(_, k)| k <= (false, key_without_up.0, key_without_up.1)) {
            continue;
        }
        if !links.is_physical(&a.name) {
            continue;
        }
        let key = (!links.is_up(&a.name), key_without_up.0, key_without_up.1);
        if best.is_none_or(|(_, k)| key < k) {
            best = Some((a.ip, key));
        }
    }
    best.map(|(ip, _)| ip)
}
