//! The routing table and policy rules as the kernel keeps them, whatever they were read from:
//! an rtnetlink dump or `ip route`/`ip rule` text (Linux), a `NET_RT_DUMP` sysctl or
//! `netstat -rn` text (macOS, iOS). The parsers beside this file all produce these types.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// Linux's `main` table (254), where a route without a table lives.
pub const TABLE_MAIN: u32 = 254;
/// Linux's `local` table (255).
pub const TABLE_LOCAL: u32 = 255;
/// Linux's `default` table (253).
pub const TABLE_DEFAULT: u32 = 253;

/// What a route does with the traffic it matches (`rtm_type` on Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RouteKind {
    /// Forwarded through an interface (`RTN_UNICAST`; every usable Apple route).
    Unicast,
    /// Delivered to this host (`local`).
    Local,
    /// `broadcast`.
    Broadcast,
    /// `anycast`.
    Anycast,
    /// `multicast`.
    Multicast,
    /// Dropped silently (`blackhole`).
    Blackhole,
    /// Refused, host unreachable (`unreachable`; Apple `REJECT`).
    Unreachable,
    /// Refused, administratively prohibited (`prohibit`).
    Prohibit,
    /// Not in this table: the rule lookup goes on (`throw`).
    Throw,
    /// Any other type (`nat`, `xresolve`, an unknown number).
    Other,
}

/// One route of either family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouteEntry {
    /// The table it is in: 254 main (also every Apple route), 255 local, 253 default, another
    /// number, or for a table `ip` text names (`table vpn`) a stable id above 2³¹ derived from
    /// the name, the same in the rules that name it.
    pub table: u32,
    /// What it does.
    pub kind: RouteKind,
    /// Destination network, e.g. `0.0.0.0` with `prefix_len` 0 for a default route.
    pub destination: IpAddr,
    /// Destination prefix length: 0..=32 or 0..=128.
    pub prefix_len: u8,
    /// The next hop, when the route goes through a gateway.
    pub gateway: Option<IpAddr>,
    /// The outgoing interface's name, e.g. `"wg0"`.
    pub dev: Option<String>,
    /// Route metric (Linux `priority`); lower is preferred.
    pub metric: u32,
    /// Bound to its interface (Apple `RTF_IFSCOPE`, `I` in `netstat -rn`): only sockets bound
    /// to that interface use it; an unbound socket never does.
    pub scoped: bool,
}

impl RouteEntry {
    /// A unicast route in the main table, e.g. the default `0.0.0.0/0` via a gateway on `eth0`.
    pub fn new(
        destination: IpAddr,
        prefix_len: u8,
        gateway: Option<IpAddr>,
        dev: Option<&str>,
    ) -> Self {
        RouteEntry {
            table: TABLE_MAIN,
            kind: RouteKind::Unicast,
            destination,
            prefix_len,
            gateway,
            dev: dev.map(str::to_owned),
            metric: 0,
            scoped: false,
        }
    }

    /// Whether it is an IPv6 route.
    pub fn is_ipv6(&self) -> bool {
        self.destination.is_ipv6()
    }
}

/// What a policy rule does when it matches (`FR_ACT_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "target")]
#[non_exhaustive]
pub enum RuleAction {
    /// Look the destination up in this table.
    Lookup(u32),
    /// Go on at the rule with this priority.
    Goto(u32),
    /// Do nothing.
    Nop,
    /// Drop.
    Blackhole,
    /// Refuse: unreachable.
    Unreachable,
    /// Refuse: prohibited.
    Prohibit,
    /// An action this crate does not know.
    Other,
}

/// A prefix of either family, e.g. `10.0.0.0/8`.
pub type Prefix = (IpAddr, u8);

/// One Linux policy routing rule (`ip rule`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleEntry {
    /// Whether it is an IPv6 rule.
    pub v6: bool,
    /// Priority (`pref`): rules are tried from the lowest.
    pub priority: u32,
    /// `not`: the selector is inverted.
    pub invert: bool,
    /// `from`: the source prefix, `None` for all.
    pub from: Option<Prefix>,
    /// `to`: the destination prefix, `None` for all.
    pub to: Option<Prefix>,
    /// `fwmark` value and mask.
    pub fwmark: Option<(u32, u32)>,
    /// `iif`: incoming interface name.
    pub iif: Option<String>,
    /// `oif`: outgoing interface name.
    pub oif: Option<String>,
    /// `uidrange` start and end.
    pub uid_range: Option<(u32, u32)>,
    /// `ipproto`: the protocol number (255 when given by a name this crate does not know).
    pub ip_proto: Option<u8>,
    /// `sport` range.
    pub sport: Option<(u16, u16)>,
    /// `dport` range.
    pub dport: Option<(u16, u16)>,
    /// `tos`/`dsfield` selector.
    pub tos: Option<u8>,
    /// `tun_id`.
    pub tun_id: Option<u64>,
    /// `l3mdev`: look up the VRF table of the device.
    pub l3mdev: bool,
    /// `suppress_prefixlength`: a looked-up route this short or shorter is ignored.
    pub suppress_prefixlen: Option<u8>,
    /// `suppress_ifgroup`: a looked-up route through a device of this group is ignored.
    pub suppress_ifgroup: Option<u32>,
    /// What it does.
    pub action: RuleAction,
}

impl RuleEntry {
    /// A rule matching everything with `action`, e.g. the kernel's `32766: from all lookup main`.
    pub fn new(v6: bool, priority: u32, action: RuleAction) -> Self {
        RuleEntry {
            v6,
            priority,
            invert: false,
            from: None,
            to: None,
            fwmark: None,
            iif: None,
            oif: None,
            uid_range: None,
            ip_proto: None,
            sport: None,
            dport: None,
            tos: None,
            tun_id: None,
            l3mdev: false,
            suppress_prefixlen: None,
            suppress_ifgroup: None,
            action,
        }
    }
}

/// The id of a table named in `ip` output: `main`, `local`, `default`, a number, or a name from
/// `/etc/iproute2/rt_tables`, which is not in the snapshot: such a name gets a stable id of its
/// own (a hash above 2³¹), the same in the rules and the routes that name it. `None` for an
/// empty name.
pub fn table_id(name: &str) -> Option<u32> {
    match name {
        "" => None,
        "main" => Some(TABLE_MAIN),
        "local" => Some(TABLE_LOCAL),
        "default" => Some(TABLE_DEFAULT),
        "unspec" => Some(0),
        _ => Some(match name.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                // FNV-1a: stable across runs and platforms.
                let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
                    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
                });
                hash | 0x8000_0000
            }
        }),
    }
}

/// `addr` cut to its first `len` bits (a route's network), or `None` when `len` is too long.
pub fn network(addr: IpAddr, len: u8) -> Option<IpAddr> {
    match addr {
        IpAddr::V4(a) if len <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            Some(IpAddr::V4((u32::from(a) & mask).into()))
        }
        IpAddr::V6(a) if len <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            Some(IpAddr::V6((u128::from(a) & mask).into()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_and_numbers() {
        assert_eq!(table_id("main"), Some(254));
        assert_eq!(table_id("51820"), Some(51820));
        assert_eq!(table_id("local"), Some(255));
        let custom = table_id("wg").unwrap();
        assert!(custom >= 0x8000_0000);
        assert_eq!(table_id("wg"), Some(custom));
        assert_ne!(table_id("vpn"), Some(custom));
        assert_eq!(table_id(""), None);
    }

    #[test]
    fn networks() {
        let a: IpAddr = "10.66.66.2".parse().unwrap();
        assert_eq!(network(a, 24), Some("10.66.66.0".parse().unwrap()));
        assert_eq!(network(a, 0), Some("0.0.0.0".parse().unwrap()));
        assert_eq!(network(a, 33), None);
        let b: IpAddr = "fd42:42:42::2".parse().unwrap();
        assert_eq!(network(b, 48), Some("fd42:42:42::".parse().unwrap()));
    }
}
