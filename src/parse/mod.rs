//! Parsers: pure functions from text to typed values. No I/O, no panics, no `cfg`; each has unit
//! tests and a fuzz target. Probes call them on what a [`Source`](crate::Source) returned.

pub mod dmi;
pub mod getprop;
pub mod reg_data;
pub mod reg_query;
pub mod sysctl;
