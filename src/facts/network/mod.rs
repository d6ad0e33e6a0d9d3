//! `network.*`: the egress address, access type, VPN, online state and address families.
//!
//! | platform | rule |
//! |---|---|
//! | Linux | the kernel's routes and sysfs ([`linux`], by the rules of [`routes`]) |
//! | Windows | `GetAdaptersAddresses` ([`windows`]) |
//! | Android, macOS, iOS | the host's push, else the interface list ([`host_push`]) |
//! | web | `navigator.connection`, `navigator.onLine` ([`web`]) |
//! | mini-program | `wx.getNetworkType()` ([`miniprogram`]) |

use super::{Context, Facts, applies, groups};
use crate::field::Field;
use crate::report::{OmitReason, Platform};
use crate::source::Source;

mod apple_routes;
mod host_push;
mod linux;
mod miniprogram;
mod path_traits;
mod routes;
mod web;
mod windows;

use host_push::Family;
use path_traits::Clat;

/// Fills the wanted `network.*` fields by the rules of `platform` (when the run applies them:
/// see [`Rules`](super::Rules)).
pub(crate) fn probe<const ALL: bool>(ctx: &Context<'_>, platform: Platform, facts: &mut Facts) {
    if platform != Platform::Web && ctx.wanted.contains(Field::NetworkEffectiveType) {
        // Only a browser measures a speed class.
        facts.omit(Field::NetworkEffectiveType, OmitReason::Unsupported);
    }
    let mut nat64_route = None;
    match platform {
        Platform::Linux if applies::<ALL>(Platform::Linux) => {
            nat64_route = linux::probe(ctx, facts)
        }
        Platform::Windows if applies::<ALL>(Platform::Windows) => windows::probe(ctx, facts),
        Platform::Android if applies::<ALL>(Platform::Android) => {
            host_push::probe(ctx, Family::Android, facts);
        }
        Platform::MacOs | Platform::Ios if applies::<ALL>(platform) => {
            host_push::probe(ctx, Family::Apple, facts);
        }
        Platform::Web if applies::<ALL>(Platform::Web) => web::probe(ctx, facts),
        Platform::MiniProgram if applies::<ALL>(Platform::MiniProgram) => {
            miniprogram::probe(ctx, facts);
        }
        // `Other`, and the platforms whose rules the run does not apply (never reached: see
        // `run_for`). Listed rather than `_`, so that a new platform fails to compile here.
        Platform::Linux
        | Platform::Android
        | Platform::Windows
        | Platform::MacOs
        | Platform::Ios
        | Platform::Web
        | Platform::MiniProgram
        | Platform::Other => {
            facts.omit_all(groups::NETWORK, OmitReason::Unsupported);
        }
    }
    let own = match platform {
        Platform::Windows if applies::<ALL>(Platform::Windows) => path_traits::Own {
            cost: windows::egress_cost(ctx),
            reads_cost: true,
            clat: Clat::Unseen,
            nat64_route: None,
        },
        Platform::Linux => path_traits::Own {
            clat: Clat::SysfsNames,
            nat64_route,
            ..path_traits::Own::default()
        },
        Platform::Android => path_traits::Own {
            clat: Clat::InterfaceList,
            ..path_traits::Own::default()
        },
        Platform::Windows
        | Platform::MacOs
        | Platform::Ios
        | Platform::Web
        | Platform::MiniProgram
        | Platform::Other => path_traits::Own::default(),
    };
    path_traits::fill(ctx, own, facts);
}

/// The interface Internet-bound traffic leaves through now, where the platform's rules can
/// tell (Linux and Android: the kernel's routes), else `None`. Subscriptions compare it to
/// notice a move between interfaces whose facts look alike; it is never reported.
pub(crate) fn egress_interface(source: &dyn Source, platform: Platform) -> Option<String> {
    match platform {
        Platform::Linux | Platform::Android => routes::egress_interface(source),
        _ => None,
    }
}
