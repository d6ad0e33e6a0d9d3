//! Linux os facts (being built).

use crate::probe::{Context, Facts, groups};
use crate::report::OmitReason;

pub(super) fn probe(_ctx: &Context<'_>, facts: &mut Facts) {
    facts.omit_all(groups::OS, OmitReason::Unsupported);
}
