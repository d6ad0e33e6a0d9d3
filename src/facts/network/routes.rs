//! The Linux kernel's routing rules, shared by the platforms that run it (Linux; Android for
//! subscriptions): the egress route from the policy rules and every table ([`policy`]), else
//! from `/proc/net/route` and `/proc/net/ipv6_route` ([`egress`]), the kind of link under it from sysfs ([`classify`]), and the address it sends
//! from ([`address`]).

pub(super) mod address;
pub(super) mod classify;
pub(super) mod egress;
pub(super) mod policy;

use classify::Links;
use egress::{Egress, Route};

use crate::source::{Source, SourceError};

/// The egress that decides the facts, and the other family's: the family whose egress is up,
/// IPv4 first; else whichever has a route at all.
pub(super) fn order<'e, 't>(
    e4: &'e Option<Egress<'t>>,
    e6: &'e Option<Egress<'t>>,
) -> (Option<&'e Egress<'t>>, Option<&'e Egress<'t>>) {
    let up = |e: &Option<Egress<'_>>| e.as_ref().is_some_and(|e| e.up);
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
    let (mut t4, mut t6) = (String::new(), String::new());
    let rules = policy::rules(source);
    let shortcut = rules
        .are_kernel_defaults()
        .then(|| proc_tables(source, true, &mut t4, &mut t6))
        .flatten();
    match shortcut {
        Some((r4, r6)) => up_primary(
            &egress::select(&r4, &mut links),
            &egress::select(&r6, &mut links),
        ),
        None => policy_egress(source, rules, &mut links),
    }
}

/// The primary egress's interface, when it is up.
fn up_primary(e4: &Option<Egress<'_>>, e6: &Option<Egress<'_>>) -> Option<String> {
    let (primary, _) = order(e4, e6);
    primary.filter(|e| e.up).map(|e| e.iface.to_owned())
}

/// The up primary egress's interface by the rules over the route dump, else from `/proc`.
fn policy_egress(
    source: &dyn Source,
    rules: policy::Rules,
    links: &mut Links<'_>,
) -> Option<String> {
    let (mut t4, mut t6) = (String::new(), String::new());
    match rules.tables(source) {
        Some(Ok(tables)) => up_primary(&tables.egress(false, links), &tables.egress(true, links)),
        Some(Err(_)) => None,
        None => up_primary(
            &egress::read(source, false, &mut t4)
                .ok()
                .and_then(|r| egress::select(&r, links)),
            &egress::read(source, true, &mut t6)
                .ok()
                .and_then(|r| egress::select(&r, links)),
        ),
    }
}

/// Both families' main tables from `/proc`, when the kernel's default rules make them decide:
/// `None` (read the route dump instead) when the IPv4 table cannot be read or understood (a
/// snapshot without `/proc`), the IPv6 table is there but unusable, or either holds a refusing
/// route as wide as an Internet route (the kernel's lookup would stop there). A missing IPv6
/// table is a kernel without IPv6; the IPv6 table is not read unless `need_v6`.
pub(super) fn proc_tables<'a, 'b>(
    source: &dyn Source,
    need_v6: bool,
    t4: &'a mut String,
    t6: &'b mut String,
) -> Option<(Vec<Route<'a>>, Vec<Route<'b>>)> {
    let mut rejects = false;
    let r4 = egress::read_noting_rejects(source, false, t4, &mut rejects).ok()?;
    let r6 = if need_v6 {
        match egress::read_noting_rejects(source, true, t6, &mut rejects) {
            Ok(r) => r,
            Err(SourceError::NotFound) => Vec::new(),
            Err(_) => return None,
        }
    } else {
        Vec::new()
    };
    (!rejects).then_some((r4, r6))
}
