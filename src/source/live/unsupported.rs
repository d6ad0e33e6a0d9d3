//! The backend for targets whose live source has not landed: every query is unsupported, so
//! every fact is omitted with reason `unsupported` (never guessed).

use crate::platform::Platform;
use crate::source::{Answer, ChangeFeed, Query, SourceError};

pub(super) const PLATFORM: Platform = Platform::Other;

pub(super) fn query(_query: &Query) -> Result<Answer, SourceError> {
    Err(SourceError::Unsupported)
}

/// No change feed yet on this target: subscriptions poll.
pub(super) fn network_changes() -> Option<Box<dyn ChangeFeed>> {
    None
}
