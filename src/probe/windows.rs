//! The windows probe. Until it lands, every wanted field is omitted `unsupported` (never guessed),
//! except the orientation the host pushes.

use super::{Context, Facts, groups, host_screen};
use crate::report::OmitReason;

pub(crate) fn probe(ctx: &Context<'_>) -> Facts {
    let mut facts = Facts::default();
    facts.omit_all(groups::DEVICE, OmitReason::Unsupported);
    facts.omit_all(groups::OS, OmitReason::Unsupported);
    facts.omit_all(groups::NETWORK, OmitReason::Unsupported);
    if !host_screen(ctx, &mut facts) {
        facts.omit_all(groups::SCREEN, OmitReason::Unsupported);
    }
    facts
}
