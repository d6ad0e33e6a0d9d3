//! `screen.*`: the orientation and rotation of the display.
//!
//! | platform | rule |
//! |---|---|
//! | Linux | host push, else the iio accelerometer, else the DRM panel ([`linux`]) |
//! | Windows, macOS | host push, else the primary display's rotation ([`rotation::desktop`]) |
//! | Android, iOS | host push only (a library cannot ask the UI toolkit) |
//! | web | `screen.orientation`, else the window's shape ([`web`]) |
//! | mini-program | the window's shape and a device-motion sample ([`miniprogram`]) |

use super::{Context, Facts, applies, groups};
use crate::field::Field;
use crate::report::{OmitReason, Platform};

mod linux;
mod miniprogram;
pub(crate) mod rotation;
mod web;

/// Fills the wanted `screen.*` fields by the rules of `platform` (when the run applies them:
/// see [`Rules`](super::Rules)).
pub(crate) fn probe<const ALL: bool>(ctx: &Context<'_>, platform: Platform, facts: &mut Facts) {
    match platform {
        Platform::Linux if applies::<ALL>(Platform::Linux) => linux::probe(ctx, facts),
        Platform::Windows | Platform::MacOs if applies::<ALL>(platform) => {
            rotation::desktop(ctx, facts);
        }
        Platform::Web if applies::<ALL>(Platform::Web) => web::probe(ctx, facts),
        Platform::MiniProgram if applies::<ALL>(Platform::MiniProgram) => {
            miniprogram::probe(ctx, facts);
        }
        // Android, iOS, `Other`, and the platforms whose rules the run does not apply (never
        // reached: see `run_for`). Listed rather than `_`, so that a new platform fails to
        // compile here.
        Platform::Linux
        | Platform::Android
        | Platform::Windows
        | Platform::MacOs
        | Platform::Ios
        | Platform::Web
        | Platform::MiniProgram
        | Platform::Other => {
            if !host_screen(ctx, facts) {
                facts.omit_all(groups::SCREEN, OmitReason::Unsupported);
            }
        }
    }
}

/// Fills the fields of the screen group from what the host pushed, if it pushed anything.
/// Returns whether it did.
pub(super) fn host_screen(ctx: &Context<'_>, facts: &mut Facts) -> bool {
    let Some(pushed) = ctx.host.orientation else {
        return false;
    };
    if ctx.wanted.contains(Field::ScreenOrientation) {
        facts.screen.orientation = Some(pushed.orientation);
    }
    if ctx.wanted.contains(Field::ScreenRotationDegrees) {
        // The field is public and mutable: check it again rather than trust it.
        match pushed.rotation_degrees {
            Some(d) if crate::host::is_quarter_turn(d) => facts.screen.rotation_degrees = Some(d),
            Some(_) => facts.omit(Field::ScreenRotationDegrees, OmitReason::Malformed),
            None => facts.omit(Field::ScreenRotationDegrees, OmitReason::NotFound),
        }
    }
    facts.screen.source = Some(crate::report::OrientationSource::Host);
    true
}
