//! Linux network facts (being built).

use crate::probe::{groups, Context, Facts};
use crate::report::OmitReason;

pub(super) fn probe(_ctx: &Context<'_>, facts: &mut Facts) {
    facts.omit_all(groups::NETWORK, OmitReason::Unsupported);
}
