//! Per-platform readers that several groups share: one file per platform, each a thin layer
//! over the [`Source`](crate::source::Source) that checks values (length, placeholders) the
//! same way for every group.

pub(crate) mod android;
pub(crate) mod apple;
pub(crate) mod js;
pub(crate) mod windows;
