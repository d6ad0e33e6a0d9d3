//! `device.*`: brand, manufacturer, model and model identifier.
//!
//! | platform | rule |
//! |---|---|
//! | Linux | DMI files and the device tree ([`linux`]), decided by [`dmi`] |
//! | Windows | the same SMBIOS strings from the registry ([`windows`]), decided by [`dmi`] |
//! | Android | system properties ([`android`]) |
//! | macOS, iOS | the model identifier and [`apple_models`] ([`apple`]) |
//! | web | Client Hints `model` on Android, else a WebView's User-Agent; never a brand ([`web`]) |
//! | mini-program | `wx.getDeviceInfo()` brand and model ([`miniprogram`]) |
//!
//! Shared rules: [`dmi`] (Linux and Windows), [`brand`] (canonical brands, every platform
//! that reads a vendor string), [`apple_models`] (Apple identifiers on any platform).

use super::{Context, Facts, Shared, applies, groups};
use crate::report::{OmitReason, Platform};

mod android;
mod apple;
pub(crate) mod apple_models;
pub(crate) mod brand;
pub(crate) mod dmi;
mod linux;
mod miniprogram;
mod web;
mod windows;

/// Fills the wanted `device.*` fields by the rules of `platform` (when the run applies them:
/// see [`Rules`](super::Rules)).
pub(crate) fn probe<const ALL: bool>(
    ctx: &Context<'_>,
    platform: Platform,
    shared: &Shared<'_>,
    facts: &mut Facts,
) {
    match platform {
        Platform::Linux if applies::<ALL>(Platform::Linux) => linux::probe(ctx, facts),
        Platform::Windows if applies::<ALL>(Platform::Windows) => windows::probe(ctx, facts),
        Platform::Android if applies::<ALL>(Platform::Android) => {
            android::probe(ctx, &shared.props, facts);
        }
        Platform::MacOs | Platform::Ios if applies::<ALL>(platform) => {
            let id = shared.apple_id(ctx.source, platform == Platform::Ios);
            apple::probe(ctx, id, facts);
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
            facts.omit_all(groups::DEVICE, OmitReason::Unsupported);
        }
    }
}
