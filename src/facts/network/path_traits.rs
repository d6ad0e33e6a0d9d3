//! What a network path costs and how it reaches IPv4 — the catalog 2 fields, shared by every
//! platform: `network.metered`, `network.constrained`, `network.cellular_generation`,
//! `network.nat64`.
//!
//! | fact | rule |
//! |---|---|
//! | `metered` | host push (Android `NET_CAPABILITY_NOT_METERED`, Apple `isExpensive`); else Windows' cost of the egress adapter (`fixed`, `variable` or roaming → true, `unrestricted` → false); else omitted `unsupported` (Linux: never guessed from the access type) |
//! | `constrained` | host push (Android Data Saver, Apple Low Data Mode); else Windows' `ApproachingDataLimit`/`OverDataLimit`; else `unsupported` |
//! | `cellular_generation` | the host's `TelephonyDisplayInfo` override when it shows 5G (`nr_nsa` while the subtype says `lte`); else the pushed subtype's generation; `not_found` off cellular, `unsupported` without a pushed subtype |
//! | `nat64` | local evidence only (no DNS64 query): a CLAT interface (`clat4`, `v4-*`) with an IPv4 address, or a route to `64:ff9b::/96` (the IPv4 default through a CLAT is the first case); Linux and Android, else `unsupported` |

use std::net::{IpAddr, Ipv6Addr};

use super::routes::egress;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::{CellularGeneration, ConnectionType, OmitReason};
use crate::source::{ConnectionCost, CostLevel, SourceError};

/// The well-known NAT64 prefix (RFC 6052).
const WELL_KNOWN_NAT64: Ipv6Addr = Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0);

/// What the platform's own reads say, where it has them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Own {
    /// The egress adapter's cost (Windows).
    pub cost: Option<ConnectionCost>,
    /// Whether the platform reads a cost at all (Windows).
    pub reads_cost: bool,
    /// Where the platform's CLAT interfaces show (Linux, Android).
    pub clat: Clat,
    /// Whether the IPv6 routes holds one into the NAT64 prefix, when the platform probe has
    /// already read that table (Linux's `/proc/net/ipv6_route`); `None`: read it here.
    pub nat64_route: Option<bool>,
}

/// Where a CLAT interface can be seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Clat {
    /// Nowhere this platform lets devprobe look: `nat64` is `unsupported`.
    #[default]
    Unseen,
    /// Linux: the names in `/sys/class/net` (no addresses are listed) and the IPv6 routes.
    SysfsNames,
    /// Android: the interface list (an app cannot list `/sys/class/net`).
    InterfaceList,
}

/// Fills the wanted catalog 2 fields, leaving any the platform probe already omitted.
pub(super) fn fill(ctx: &Context<'_>, own: Own, facts: &mut Facts) {
    let host = ctx.host.network.unwrap_or_default();
    // Each field below omits only itself, so asking the live map is asking the one from before.
    let wants = |f: Field, facts: &Facts| ctx.wanted.contains(f) && !facts.omitted.contains_key(&f);
    let cost = own.cost.filter(|c| c.level != CostLevel::Unknown);

    if wants(Field::NetworkMetered, facts) {
        let windows =
            cost.map(|c| c.roaming || matches!(c.level, CostLevel::Fixed | CostLevel::Variable));
        match host.metered.or(windows) {
            Some(m) => facts.network.metered = Some(m),
            None => facts.omit(Field::NetworkMetered, reason_without(own)),
        }
    }
    if wants(Field::NetworkConstrained, facts) {
        let windows = cost.map(|c| c.approaching_data_limit || c.over_data_limit);
        match host.constrained.or(windows) {
            Some(c) => facts.network.constrained = Some(c),
            None => facts.omit(Field::NetworkConstrained, reason_without(own)),
        }
    }
    if wants(Field::NetworkCellularGeneration, facts) {
        let connection_type = facts.network.connection_type.or(host.connection_type);
        let by_override = host
            .display_override
            .filter(|o| o.is_5g())
            .map(|_| CellularGeneration::G5);
        let by_subtype = host
            .connection_subtype
            .and_then(CellularGeneration::of_subtype);
        match by_override.or(by_subtype) {
            Some(g) if connection_type.is_none_or(|t| t == ConnectionType::Cell) => {
                facts.network.cellular_generation = Some(g);
            }
            _ if connection_type.is_some_and(|t| t != ConnectionType::Cell) => {
                facts.omit(Field::NetworkCellularGeneration, OmitReason::NotFound);
            }
            _ => facts.omit(Field::NetworkCellularGeneration, OmitReason::Unsupported),
        }
    }
    if wants(Field::NetworkNat64, facts) {
        match nat64(ctx, own.clat, own.nat64_route) {
            Some(Ok(n)) => facts.network.nat64 = Some(n),
            Some(Err(e)) => facts.omit(Field::NetworkNat64, e.omit_reason()),
            None => facts.omit(Field::NetworkNat64, OmitReason::Unsupported),
        }
    }
}

/// Why metered/constrained are absent: Windows had no cost hint (`not_found`), elsewhere
/// only a push gives them (`unsupported`).
fn reason_without(own: Own) -> OmitReason {
    if own.reads_cost {
        OmitReason::NotFound
    } else {
        OmitReason::Unsupported
    }
}

/// A CLAT interface name: `clat4` (clatd, ChromeOS), `v4-<uplink>` (Android's CLAT).
pub(super) fn is_clat(name: &str) -> bool {
    name == "clat4" || name.starts_with("clat") || name.starts_with("v4-")
}

/// Whether local evidence shows NAT64 (`None`: the platform shows none): a CLAT interface
/// that is up (Linux: its name in `/sys/class/net`, `operstate` not `down`; Android: an IPv4
/// address on it), or an IPv6 route into the well-known prefix `64:ff9b::/96` (Linux's table;
/// an Android app cannot read it, which the interface list then decides).
fn nat64(
    ctx: &Context<'_>,
    clat: Clat,
    known_route: Option<bool>,
) -> Option<Result<bool, SourceError>> {
    let seen = match clat {
        Clat::Unseen => return None,
        Clat::SysfsNames => ctx.source.dir("/sys/class/net").map(|names| {
            names.iter().any(|n| {
                is_clat(n)
                    && ctx
                        .source
                        .text(&format!("/sys/class/net/{n}/operstate"))
                        .map_or(true, |s| s.trim() != "down")
            })
        }),
        Clat::InterfaceList => ctx.source.interfaces().map(|list| {
            list.iter()
                .any(|a| is_clat(&a.name) && matches!(a.ip, IpAddr::V4(v4) if !v4.is_loopback()))
        }),
    };
    Some(seen.and_then(|seen| match (seen, known_route) {
        (true, _) => Ok(true),
        (false, Some(route)) => Ok(route),
        (false, None) => nat64_route(ctx),
    }))
}

/// Whether an IPv6 route goes into `64:ff9b::/96`.
fn nat64_route(ctx: &Context<'_>) -> Result<bool, SourceError> {
    let mut text = String::new();
    match egress::read(ctx.source, true, &mut text) {
        Ok(routes) => Ok(has_nat64_route(&routes)),
        // No IPv6 table (no IPv6, or an app without access): the interfaces decided.
        Err(SourceError::NotFound | SourceError::PermissionDenied | SourceError::Unsupported) => {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Whether one of `routes` goes into `64:ff9b::/96`.
pub(super) fn has_nat64_route(routes: &[egress::Route<'_>]) -> bool {
    routes.iter().any(|r| {
        matches!(r.destination, IpAddr::V6(d)
            if r.prefix_len >= 96 && prefix96(d) == prefix96(WELL_KNOWN_NAT64))
    })
}

fn prefix96(a: Ipv6Addr) -> [u16; 6] {
    let [s0, s1, s2, s3, s4, s5, _, _] = a.segments();
    [s0, s1, s2, s3, s4, s5]
}
