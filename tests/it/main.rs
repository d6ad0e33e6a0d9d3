//! The integration tests that can share one process, as modules of one test binary: one link
//! instead of one per file. A module per former `tests/<name>.rs`, plus the support modules they
//! share and [`corpus`], the one way to find `../shared/corpus`.
//!
//! Tests that need a process of their own stay separate binaries in `tests/` (each says why in
//! its first line): `netns`, `no_spawn`, `resource_limits`, `thread_budget`, `concurrency`,
//! `deadline`. Tests here run in parallel threads of one process: a test added here must not
//! count the process's threads or descriptors, change its environment, or time itself tightly.
//! Run one module with `cargo test --test it <module>::`.

// Test code: a failed unwrap, expect or index is a failed test, with its message (clippy exempts
// only the bodies of `#[test]` functions, not their helpers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod consent_support;
mod corpus;
mod hardening_support;
mod linux_device_support;

/// The report example's capture writer, tested here (`capture_race`).
#[path = "../../examples/support/capture.rs"]
mod capture_writer;

mod android_corpus;
mod apple;
mod apple_sdk_level;
mod capture_privacy;
mod capture_race;
mod capture_replay;
mod ci_scripts;
mod collector_gate;
mod consent_denylist;
mod consent_disclosures;
mod consent_matrix;
mod consent_withdrawal;
mod deadline_omissions;
mod disclosure_parse;
mod golden;
mod hostile_api;
mod lint_escapes;
mod linux_device_snapshots;
mod linux_dmi_corpus;
mod linux_release_corpus;
mod live_deny;
mod live_linux_os;
mod network_malformed;
mod network_snapshots;
mod newcomer;
mod orientation_corpus;
mod orientation_snapshots;
mod path_traits;
mod properties;
mod reported_devices;
mod routing;
mod untrusted_snapshot;
mod watch;
mod watch_orientation;
mod watch_push;
mod web_snapshots;
mod windows_builds;
mod windows_dmi_corpus;
mod windows_network_edges;
mod windows_snapshots;
