//! The Linux kernel's routing rules, shared by the platforms that run it (Linux; Android for
//! subscriptions): the egress route from `/proc/net/route` and `/proc/net/ipv6_route`
//! ([`egress`]), the kind of link under it from sysfs ([`classify`]), and the address it sends
//! from ([`address`]).

pub(super) mod address;
pub(super) mod classify;
pub(super) mod egress;

use classify::Links;
use egress::Egress;

use crate::source::Source;

/// The egress that decides the facts, and the other family's: the family whose egress is up,
/// IPv4 first; else whichever has a route at all.
pub(super) fn order<'e>(
    e4: &'e Option<Egress>,
    e6: &'e Option<Egress>,
) -> (Option<&'e Egress>, Option<&'e Egress>) {
    let up = |e: &Option<Egress>| e.as_ref().is_some_and(|e| e.up);
    if e4.is_none() || (up(e6) && !up(e4)) {
        (e6.as_ref(), e4.as_ref())
    } else {
        (e4.as_ref(), e6.as_ref())
    }
}

/// The interface Internet-bound traffic leaves through now, chosen as the Linux rules choose it.
/// Subscriptions compare it to notice a move between interfaces whose facts look alike; it is
/// never reported.
pub(crate) fn egress_interface(source: &dyn Source) -> Option<String> {
    let mut links = Links::new(source);
    let e4 = egress::read(source, false)
        .ok()
        .and_then(|r| egress::select(&r, &mut links));
    let e6 = egress::read(source, true)
        .ok()
        .and_then(|r| egress::select(&r, &mut links));
    let (primary, _) = order(&e4, &e6);
    primary.filter(|e| e.up).map(|e| e.iface.clone())
}
