//! Parsers: pure functions from text to typed values. No I/O, no panics, no `cfg`; each has unit
//! tests and a fuzz target. Probes call them on what a [`Source`](crate::source::Source) returned.

pub mod device_tree;
pub mod dmi;
pub mod drm;
pub mod getprop;
pub mod iio;
pub mod ip_route;
pub mod ip_rule;
pub mod ipv6_route;
pub mod mountinfo;
pub mod netstat;
pub mod os_release;
pub mod reg_data;
pub mod reg_query;
pub mod release_files;
pub mod route;
pub mod route_table;
pub mod rt_dump;
pub mod rtnetlink;
pub mod sysctl;
pub mod uevent;
pub mod user_agent;
pub mod wx;
