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
//! The types to know: [`Consent`] (what the user granted), [`Collector`] (the gate that reads),
//! [`Report`] (what comes back, with [`Report::omitted`] saying why a fact is missing), and
//! [`Source`] ([`Live`], [`Snapshot`], [`Recording`]: where facts are read from).
//!
//! Layers: `consent`/`catalog` → `collector` → `probe` (pure, per platform) → `source` (the only
//! OS access) → `parse` (pure text parsers). What is read on each platform, and what never is:
//! PRIVACY.md; costs: BENCHMARKS.md; guarantees and examples: README.md.
//!
//! Feature `otel` (off by default): the `otel` module maps a report to OpenTelemetry semantic-convention
//! attributes and provides a resource detector.

mod audit;
pub mod catalog;
mod collector;
mod consent;
mod deadline;
pub mod disclosure;
mod error;
mod explain;
mod field;
mod host;
mod lang;
mod minimize;
#[cfg(feature = "otel")]
#[cfg_attr(docsrs, doc(cfg(feature = "otel")))]
pub mod otel;
pub mod parse;
mod probe;
mod refresh;
mod report;
mod source;
mod text_enum;
mod time;
mod watch;

pub use audit::{AuditEntry, AuditOutcome, DEFAULT_AUDIT_CAPACITY};
pub use collector::{Collector, CollectorBuilder, DEFAULT_DEADLINE};
pub use consent::{Consent, ConsentStatus, Grant, Purpose, Subject, WithdrawalReceipt};
pub use error::Error;
pub use field::{Field, FieldSet, UnknownField};
pub use host::{HostFacts, HostNetwork, HostOrientation, NaturalOrientation};
pub use lang::Lang;
pub use minimize::{MAX_STRING_BYTES, ip_scope, minimize_ip, sanitize, truncate_ip};
pub use probe::screen::AccelOrientation;
pub use refresh::DEFAULT_MIN_REFRESH;
pub use report::{
    ConnectionSubtype, ConnectionType, Device, Ip, IpPrecision, IpScope, Network, Omission,
    OmitReason, Orientation, OrientationSource, Os, OsType, Platform, Report, SCHEMA_VERSION,
    Screen,
};
pub use source::{
    AdapterAddress, AdapterInfo, Answer, ChangeFeed, DisplayInfo, FILE_LIMIT, InterfaceAddr, Live,
    Query, Recorded, Recording, RegValue, Snapshot, SnapshotEntry, Source, SourceError,
    TABLE_LIMIT, WindowsVersion, is_identifier_path, read_limit,
};
pub use text_enum::UnknownValue;
pub use watch::{Change, Subscription, WatchOptions};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
