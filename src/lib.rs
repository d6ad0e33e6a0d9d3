//! devprobe: six facts about the device an app runs on — brand, model, OS version, IP address,
//! network access type, screen orientation — each collected for one declared purpose, only after
//! the end user has consented, and returned as a typed, serializable [`Report`] that the host
//! app forwards itself. devprobe never sends anything over the network and never writes to disk.
//!
//! ```no_run
//! use devprobe::{Collector, Consent, Purpose};
//!
//! let consent = Consent::new();                       // nothing granted yet
//! let collector = Collector::builder(consent.clone()).build();
//! // ... after the user agreed in the consent dialog:
//! consent.grant([Purpose::Compatibility, Purpose::Connectivity]);
//! let report = collector.collect()?;                  // only the granted purposes' fields
//! println!("{}", report.to_json()?);                  // the host forwards it
//! consent.withdraw();                                 // takes effect at once
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The types to know
//!
//! - [`Consent`] — what the user granted ([`Purpose`]s, a [`Grant`] stamped with the catalog
//!   version, [`Subject`] for minors); cheap to clone, `Send + Sync`; `withdraw()` stops
//!   everything at once.
//! - [`Collector`] — the gate that reads, built with [`Collector::builder`]
//!   ([`CollectorBuilder`]: source, [`IpPrecision`] (`truncated` by default), deadline).
//!   [`Collector::collect`] gives a [`Report`]; [`Collector::subscribe`] gives a
//!   [`Subscription`] delivering a [`Change`] when the network or the orientation changes (it
//!   sleeps otherwise). The host pushes what only it knows with
//!   [`Collector::set_orientation`] ([`HostOrientation`]) and [`Collector::set_network`]
//!   ([`HostNetwork`]).
//! - [`Report`] — [`Device`], [`Os`], [`Network`] (with its [`Ip`]), [`Screen`], and
//!   [`Report::omitted`]: each missing [`Field`] with its [`OmitReason`]. Serde, stable,
//!   versioned; [`Report::explain`] renders it for people in a [`Lang`].
//! - [`Error`] — what `collect`, grants and snapshots can fail with.
//! - [`source`] — where facts are read from: [`source::Live`] (this machine),
//!   [`source::Snapshot`] (a captured device, for tests and replays), [`source::Recording`]
//!   (records every query, for captures and proofs), all through the [`source::Source`] trait.
//! - [`catalog`] and [`disclosure`] — the data catalog (every field's purpose, texts, sources)
//!   and the documents generated from it; [`audit`] — what each collect read; [`minimize`] —
//!   what is done to values before they leave.
//!
//! # Documents
//!
//! What is read on each platform, and what never is: `PRIVACY.md`. Costs against other crates:
//! `BENCHMARKS.md`. Guarantees and examples: `README.md`. How the code is organised (layers,
//! adding a field or a platform) and per-platform notes: the `docs/` folder, starting with
//! `docs/ARCHITECTURE.md`.
//!
//! Feature `otel` (off by default): the `otel` module maps a report to OpenTelemetry
//! semantic-convention attributes and provides a resource detector.

#![deny(unsafe_code)]

#[cfg(test)]
mod architecture_tests;
mod collect;
mod consent;
mod error;
mod facts;
mod field;
mod host;
mod lang;
pub mod minimize;
// Private: the fact layer and the sources use what they need; the rest of each parser (whole-file
// forms, constants of the formats) is there for the fuzz targets and tests (`__fuzzing`).
#[cfg(feature = "otel")]
#[cfg_attr(docsrs, doc(cfg(feature = "otel")))]
pub mod otel;
#[cfg_attr(not(feature = "fuzzing"), allow(dead_code))]
mod parse;
mod platform;
mod report;
pub mod source;
mod text_enum;
mod time;
pub mod vendor;

pub use collect::audit;
pub use consent::{catalog, disclosure};

pub use collect::cache::DEFAULT_MIN_REFRESH;
pub use collect::gate::{Collector, CollectorBuilder, DEFAULT_DEADLINE};
pub use collect::watch::{Change, Subscription, SubscriptionStopper, WatchOptions};
pub use consent::{Consent, ConsentStatus, Grant, Purpose, Subject, WithdrawalReceipt};
pub use error::Error;
pub use facts::screen::rotation::AccelOrientation;
pub use field::Field;
pub use host::{DisplayOverride, HostFacts, HostNetwork, HostOrientation, NaturalOrientation};
pub use lang::Lang;
pub use platform::{OsType, Platform};
pub use report::{
    CellularGeneration, ConnectionSubtype, ConnectionType, Device, EffectiveType, Ip, IpPrecision,
    IpScope, Network, Omission, OmitReason, Orientation, OrientationSource, Os, Report, Screen,
};
pub use text_enum::UnknownValue;

// The source types' paths before they moved to `devprobe::source` (issue 11), kept hidden so
// that code written against them, such as the shared perf harness, still builds. Use
// `devprobe::source::*` in new code.
#[doc(hidden)]
pub use source::{InterfaceAddr, Live, Query, Recording, Snapshot};

/// The pure parsers, for the fuzz targets (`fuzz/`) and the corpus tests only: enabled by the
/// `fuzzing` feature, not part of the API, and free to change.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzzing {
    pub use crate::parse::*;
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
