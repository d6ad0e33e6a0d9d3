//! Linux policy routing: the kernel's rules evaluated over every table, for a socket that is
//! not bound and not marked sending to a public address — what `ip route get 1.1.1.1` and
//! `ip -6 route get 2001:4860::1` answer. Read from one rtnetlink dump of the routes of every
//! table and one of the rules (`ip route show table all` / `ip rule show` text in snapshots);
//! without a route dump the caller reads `/proc/net/route` as before. The rules are read first:
//! when they are exactly the kernel's defaults, only the `main` table can hold the route a public
//! destination takes, and the caller reads it from `/proc` without the route dump (falling back
//! to the dump when `/proc` cannot be read or holds a refusing route as wide as a default).
//!
//! Rules are tried in priority order (equal priorities in the order listed). A rule matches
//! when its selectors match that socket, inverted by `not`:
//!
//! | selector | the socket |
//! |---|---|
//! | `from PREFIX` | no source address yet: only `from all` matches |
//! | `to PREFIX` | matches when the prefix holds every public address (`0/0`; IPv6: `2000::/3`) |
//! | `fwmark M/MASK` | mark 0: matches when `M & MASK` is 0 |
//! | `iif IF` | locally sent traffic comes from `lo` |
//! | `oif IF`, `l3mdev`, `tun_id`, `ipproto`, `sport`, `dport`, `uidrange` (not all uids), `tos` | unbound, unmarked, no protocol or port: no match |
//!
//! Actions: `lookup TABLE` takes the table's best route for the destination (an Internet route:
//! a default, split defaults, or an IPv6 route covering `2000::/3`; the longest prefix, then
//! the lowest metric, routes on a link that is up first). No route or a `throw` route goes on to
//! the next rule; so does a route no longer than `suppress_prefixlength`. A `blackhole`,
//! `unreachable` or `prohibit` route or rule, or a `local` route, ends the lookup without an
//! egress. `goto N` goes on at the rule of priority N (forward only), `nop` goes on.
//! `suppress_ifgroup` is not applied (interface groups are not read).

use std::cmp::Reverse;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::classify::Links;
use super::egress::{Egress, Route};
use crate::parse::route::is_interface_name;
use crate::parse::route_table::{
    RouteEntry, RouteKind, RuleAction, RuleEntry, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN,
};
use crate::source::{Answer, Query, Source, SourceError};

/// The routes of every table and the rules, as the kernel holds them.
#[derive(Debug, Clone)]
pub(in crate::facts::network) struct Tables {
    routes: Vec<RouteEntry>,
    rules: Vec<RuleEntry>,
}

/// The rules as read, before the routes: whether they are the kernel's own decides whether the
/// route dump is needed at all.
pub(in crate::facts::network) struct Rules {
    /// The rules (the kernel's defaults without a rule dump), or why they could not be read.
    rules: Result<Vec<RuleEntry>, SourceError>,
    /// Whether the source dumped rules and they are exactly the kernel's defaults.
    kernel_defaults: bool,
}

/// Reads the rules (one `RTM_GETRULE` dump; `ip rule` text in snapshots).
pub(in crate::facts::network) fn rules(source: &dyn Source) -> Rules {
    let rules = match source.query(&Query::Rules) {
        Ok(Answer::Rules(r)) => Ok(r),
        Ok(_) => Err(SourceError::Malformed),
        Err(SourceError::NotFound | SourceError::Unsupported) => {
            return Rules {
                rules: Ok(default_rules()),
                kernel_defaults: false,
            };
        }
        Err(e) => Err(e),
    };
    let kernel_defaults = rules.as_deref().is_ok_and(are_kernel_defaults);
    Rules {
        rules,
        kernel_defaults,
    }
}

impl Rules {
    /// Whether the source dumped rules and they are exactly the kernel's defaults (IPv4
    /// `lookup local`, `main`, `default`; IPv6 `local`, `main` and maybe `default`): then only
    /// the `local`, `main` and `default` tables are ever consulted, and a public destination
    /// finds its route in `main`, which `/proc/net/route` and `/proc/net/ipv6_route` show.
    pub(in crate::facts::network) fn are_kernel_defaults(&self) -> bool {
        self.kernel_defaults
    }

    /// The routes of every table with these rules: `None` when the source has no route dump
    /// (an older snapshot, a source that cannot dump), so the caller reads `/proc` instead.
    pub(in crate::facts::network) fn tables(
        self,
        source: &dyn Source,
    ) -> Option<Result<Tables, SourceError>> {
        let routes = routes(source)?;
        Some(routes.and_then(|routes| self.rules.map(|rules| Tables { routes, rules })))
    }
}

/// The routes of every table: `None` when the source has no route dump.
fn routes(source: &dyn Source) -> Option<Result<Vec<RouteEntry>, SourceError>> {
    match source.query(&Query::Routes) {
        Ok(Answer::Routes(r)) => Some(Ok(r)),
        Ok(_) => Some(Err(SourceError::Malformed)),
        Err(SourceError::NotFound | SourceError::Unsupported) => None,
        Err(e) => Some(Err(e)),
    }
}

/// Whether `rules` are the kernel's defaults and nothing else: for IPv4 `0: lookup local`,
/// `32766: lookup main`, `32767: lookup default`; for IPv6 the first two and maybe the third;
/// each once, without a selector.
fn are_kernel_defaults(rules: &[RuleEntry]) -> bool {
    const DEFAULTS: [(u32, u32); 3] = [
        (0, TABLE_LOCAL),
        (32766, TABLE_MAIN),
        (32767, TABLE_DEFAULT),
    ];
    let mut seen = [[false; 3]; 2];
    for r in rules {
        let Some(at) = DEFAULTS
            .iter()
            .position(|&(p, t)| *r == RuleEntry::new(r.v6, p, RuleAction::Lookup(t)))
        else {
            return false;
        };
        let Some(slot) = seen.get_mut(usize::from(r.v6)).and_then(|s| s.get_mut(at)) else {
            return false;
        };
        if *slot {
            return false;
        }
        *slot = true;
    }
    seen == [[true; 3], [true; 3]] || seen == [[true; 3], [true, true, false]]
}

fn default_rules() -> Vec<RuleEntry> {
    [false, true]
        .into_iter()
        .flat_map(|v6| {
            [
                (0, TABLE_LOCAL),
                (32766, TABLE_MAIN),
                (32767, TABLE_DEFAULT),
            ]
            .map(|(p, t)| RuleEntry::new(v6, p, RuleAction::Lookup(t)))
        })
        .collect()
}

/// The address public traffic goes to, per family, for selectors that need one.
fn public(v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::new(0x2001, 0x4860, 0, 0, 0, 0, 0, 1))
    } else {
        IpAddr::V4(Ipv4Addr::new(1, 1, 1, 1))
    }
}

/// Whether `prefix` holds every public address of its family (all of `2000::/3` for IPv6).
fn holds_public((addr, len): (IpAddr, u8)) -> bool {
    match addr {
        IpAddr::V4(_) => len == 0,
        IpAddr::V6(a) => {
            len <= 3 && {
                let shift = 128 - u32::from(len);
                u128::from(a).checked_shr(shift).unwrap_or(0)
                    == (0x2000u128 << 112).checked_shr(shift).unwrap_or(0)
            }
        }
    }
}

/// How the rule's selectors see an unbound, unmarked socket sending to a public address.
fn matches(rule: &RuleEntry) -> bool {
    let selected = rule.from.is_none_or(|p| p.1 == 0)
        && rule.to.is_none_or(holds_public)
        && rule.fwmark.is_none_or(|(mark, mask)| mark & mask == 0)
        && rule.iif.as_deref().is_none_or(|i| i == "lo")
        && rule.oif.is_none()
        && !rule.l3mdev
        && rule.tun_id.is_none_or(|t| t == 0)
        && rule.ip_proto.is_none()
        && rule.sport.is_none()
        && rule.dport.is_none()
        && rule.tos.is_none_or(|t| t == 0)
        && rule
            .uid_range
            .is_none_or(|(a, b)| a == 0 && b >= u32::MAX - 1);
    selected != rule.invert
}

/// How a route ranks in its table: on a link that is down, less specific, higher metric
/// sort later.
type Rank = (bool, Reverse<u8>, u32);

/// What a lookup ended with.
enum Outcome<'a> {
    Route(&'a RouteEntry),
    /// Refused or delivered locally: no egress.
    Stop,
}

impl Tables {
    /// The unicast routes of one family in every table, in the form the transport rules use.
    pub(in crate::facts::network) fn unicast(&self, v6: bool) -> Vec<Route<'_>> {
        self.routes
            .iter()
            .filter(|r| r.is_ipv6() == v6 && r.kind == RouteKind::Unicast && !r.scoped)
            .filter_map(|r| {
                let dev = r.dev.as_ref().filter(|d| is_interface_name(d))?;
                Some(Route {
                    iface: dev.as_str(),
                    destination: r.destination,
                    prefix_len: r.prefix_len,
                    gateway: r.gateway,
                    metric: r.metric,
                })
            })
            .collect()
    }

    /// The egress of one family, as the kernel's rules choose it; `None` when the lookup finds
    /// no route or ends refused.
    pub(in crate::facts::network) fn egress(
        &self,
        v6: bool,
        links: &mut Links<'_>,
    ) -> Option<Egress<'_>> {
        // By priority, equal priorities in dump order (a stable order): each rule goes after
        // those of its priority. The kernel dumps rules in priority order, so this moves none.
        let mut rules: Vec<&RuleEntry> = Vec::new();
        for rule in self.rules.iter().filter(|r| r.v6 == v6) {
            let at = rules.partition_point(|r| r.priority <= rule.priority);
            rules.insert(at, rule);
        }
        let mut i = 0usize;
        while let Some(rule) = rules.get(i) {
            i += 1;
            if !matches(rule) {
                continue;
            }
            match rule.action {
                RuleAction::Lookup(table) => match self.lookup(table, v6, links) {
                    Some(Outcome::Route(r)) if r.kind == RouteKind::Throw => {}
                    Some(Outcome::Route(r))
                        if rule.suppress_prefixlen.is_some_and(|p| r.prefix_len <= p) => {}
                    Some(Outcome::Route(r)) => {
                        let iface = r.dev.as_deref()?;
                        let up = links.is_up(iface);
                        return Some(Egress {
                            iface,
                            gateway: r.gateway,
                            up,
                            v6,
                        });
                    }
                    Some(Outcome::Stop) => return None,
                    None => {}
                },
                RuleAction::Goto(target) => {
                    // The kernel jumps to the rule of exactly that priority, never backwards;
                    // an unresolved goto is skipped.
                    if let Some(j) = rules.iter().skip(i).position(|r| r.priority == target) {
                        i += j;
                    }
                }
                RuleAction::Blackhole | RuleAction::Unreachable | RuleAction::Prohibit => {
                    return None;
                }
                RuleAction::Nop | RuleAction::Other => {}
            }
        }
        None
    }

    /// The best route for a public destination in one table.
    fn lookup(&self, table: u32, v6: bool, links: &mut Links<'_>) -> Option<Outcome<'_>> {
        let in_table: Vec<&RouteEntry> = self
            .routes
            .iter()
            .filter(|r| r.table == table && r.is_ipv6() == v6 && !r.scoped)
            .collect();
        let dst = public(v6);
        let has = |addr: IpAddr, len: u8| {
            in_table
                .iter()
                .any(|r| r.destination == addr && r.prefix_len == len)
        };
        let v4_split = has(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 1)
            && has(IpAddr::V4(Ipv4Addr::new(128, 0, 0, 0)), 1);
        let v6_quarters = has(IpAddr::V6(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0)), 4)
            && has(IpAddr::V6(Ipv6Addr::new(0x3000, 0, 0, 0, 0, 0, 0, 0)), 4);
        let mut best: Option<(&RouteEntry, Rank)> = None;
        for r in in_table.iter().copied() {
            let counts = match r.destination {
                _ if holds_public((r.destination, r.prefix_len)) => true,
                IpAddr::V4(_) => r.prefix_len == 1 && v4_split,
                IpAddr::V6(_) => r.prefix_len == 4 && v6_quarters,
            };
            let contains =
                crate::parse::route_table::network(dst, r.prefix_len) == Some(r.destination);
            if !counts || !contains {
                continue;
            }
            let down = match (&r.kind, &r.dev) {
                (RouteKind::Unicast, Some(d)) => {
                    if !is_interface_name(d) || links.is_loopback_name(d) {
                        continue;
                    }
                    !links.is_up(d)
                }
                (RouteKind::Unicast, None) => continue,
                _ => false,
            };
            let key = (down, Reverse(r.prefix_len), r.metric);
            if best.as_ref().is_none_or(|(_, k)| key < *k) {
                best = Some((r, key));
            }
        }
        let (r, _) = best?;
        Some(match r.kind {
            RouteKind::Unicast | RouteKind::Throw => Outcome::Route(r),
            _ => Outcome::Stop,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str, v6: bool) -> RuleEntry {
        crate::parse::ip_rule::parse_ip_rule(text, v6).0.remove(0)
    }

    #[test]
    fn selectors_as_an_unbound_unmarked_socket_sees_them() {
        assert!(matches(&rule(
            "1: not from all fwmark 0xca6c lookup 51820",
            false
        )));
        assert!(!matches(&rule(
            "1: from all fwmark 0xca6c lookup 51820",
            false
        )));
        assert!(matches(&rule("1: from all fwmark 0/0xff lookup 7", false)));
        assert!(!matches(&rule("1: from 10.0.0.0/8 lookup 7", false)));
        assert!(matches(&rule("1: not from 10.0.0.0/8 lookup 7", false)));
        assert!(!matches(&rule("1: from all to 10.0.0.0/8 lookup 7", false)));
        assert!(matches(&rule("1: from all iif lo lookup 7", false)));
        assert!(!matches(&rule("1: from all iif eth0 lookup 7", false)));
        assert!(!matches(&rule("1: from all oif wg0 lookup 7", false)));
        assert!(!matches(&rule(
            "1: from all uidrange 1000-1000 lookup 7",
            false
        )));
        assert!(matches(&rule(
            "1: from all uidrange 0-4294967294 lookup 7",
            false
        )));
        assert!(!matches(&rule("1: from all ipproto udp lookup 7", false)));
        assert!(!matches(&rule("1: from all dport 443 lookup 7", false)));
        assert!(matches(&rule("1: from all to 2000::/3 lookup 7", true)));
        assert!(!matches(&rule(
            "1: from all to 2001:db8::/32 lookup 7",
            true
        )));
    }
}
