//! `os.*` (except `os.type`, which the platform alone decides): id, name, version, build,
//! display version, SDK level, kernel release.
//!
//! | platform | rule |
//! |---|---|
//! | Linux | os-release, legacy release files, the kernel release ([`linux`]) |
//! | Windows | `RtlGetVersion` and the `CurrentVersion` registry values ([`windows`]) |
//! | Android | system properties ([`android`]) |
//! | macOS, iOS | sysctls and the model identifier ([`apple`]) |
//! | web | User-Agent Client Hints, else the User-Agent string ([`web`]); `os.type` too |
//! | mini-program | `wx.getDeviceInfo().system` ([`miniprogram`]); `os.type` too |

use super::{Context, Facts, Shared, applies, groups};
use crate::report::{OmitReason, Platform};
use crate::source::SourceError;

mod android;
pub(super) mod apple;
mod family;
mod linux;
mod miniprogram;
mod web;
mod windows;

/// Fills the wanted `os.*` fields by the rules of `platform` (when the run applies them: see
/// [`Rules`](super::Rules)).
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
        Platform::MacOs if applies::<ALL>(Platform::MacOs) => {
            apple::probe(ctx, false, &Err(SourceError::NotFound), facts);
        }
        Platform::Ios if applies::<ALL>(Platform::Ios) => {
            apple::probe(ctx, true, shared.apple_id(ctx.source, true), facts);
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
            facts.omit_all(groups::OS, OmitReason::Unsupported);
        }
    }
}
