//! Whole-platform runs of the fact groups against snapshots.

mod android;
mod apple;
mod rules;
