//! The collector: the one gate between the host and the sources.
//!
//! `collect()` checks consent before any query, asks the probe only for fields whose purpose is
//! granted, minimizes and sanitizes, caches static facts for the process, and checks consent
//! again before returning, so a withdrawal during a collect wins.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::catalog;
use crate::consent::{Consent, Grant, OnWithdraw, Purpose};
use crate::error::Error;
use crate::field::{Field, FieldSet};
use crate::host::{HostFacts, HostNetwork, HostOrientation};
use crate::probe::{self, Context, Facts};
use crate::report::{
    IpPrecision, Omission, OmitReason, Orientation, OrientationSource, Report, SCHEMA_VERSION,
};
use crate::source::{Live, Source};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Facts kept between collects; all of it is dropped when consent is withdrawn.
#[derive(Debug, Default)]
struct Memory {
    /// Static facts (device, OS) and the consent generation they were read under.
    static_facts: Option<(u64, FieldSet, Facts)>,
    /// The last orientation an accelerometer gave.
    previous_orientation: Option<Orientation>,
    /// What the host pushed.
    host: HostFacts,
}

impl OnWithdraw for Mutex<Memory> {
    fn withdrawn(&self) {
        *lock(self) = Memory::default();
    }
}

/// Builds a [`Collector`]: `Collector::builder(consent).ip_precision(IpPrecision::Full).build()`.
#[derive(Debug)]
#[must_use]
pub struct CollectorBuilder {
    consent: Consent,
    source: Option<Arc<dyn Source>>,
    ip_precision: IpPrecision,
}

impl CollectorBuilder {
    /// Reads from `source` instead of the live machine (a [`Snapshot`](crate::Snapshot) in
    /// tests, a [`Recording`](crate::Recording) to see what is read).
    pub fn source(mut self, source: impl Source + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// How much of the IP address to report (default [`IpPrecision::Truncated`]).
    pub fn ip_precision(mut self, precision: IpPrecision) -> Self {
        self.ip_precision = precision;
        self
    }

    /// The collector.
    pub fn build(self) -> Collector {
        let memory = Arc::new(Mutex::new(Memory::default()));
        let listener: Arc<dyn OnWithdraw> = memory.clone();
        self.consent.on_withdraw(Arc::downgrade(&listener));
        Collector {
            consent: self.consent,
            source: self.source.unwrap_or_else(|| Arc::new(Live::new())),
            ip_precision: self.ip_precision,
            memory,
        }
    }
}

impl std::fmt::Debug for dyn Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({})", self.platform())
    }
}

/// Collects device reports under a [`Consent`]. `Send + Sync`: share it across threads.
///
/// ```
/// use devprobe::{Collector, Consent, Error, Platform, Purpose, Snapshot};
/// let consent = Consent::new();
/// let device = Snapshot::new(Platform::Linux).file("/etc/os-release", "ID=debian\nVERSION_ID=12\n");
/// let collector = Collector::builder(consent.clone()).source(device).build();
/// assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
/// consent.grant([Purpose::Compatibility]);
/// let report = collector.collect()?;
/// assert_eq!(report.os.id.as_deref(), Some("debian"));
/// # Ok::<(), devprobe::Error>(())
/// ```
#[derive(Debug)]
pub struct Collector {
    consent: Consent,
    source: Arc<dyn Source>,
    ip_precision: IpPrecision,
    memory: Arc<Mutex<Memory>>,
}

impl Collector {
    /// A builder for a collector gated by `consent`, reading the live machine by default.
    pub fn builder(consent: Consent) -> CollectorBuilder {
        CollectorBuilder {
            consent,
            source: None,
            ip_precision: IpPrecision::default(),
        }
    }

    /// The consent handle this collector obeys.
    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    /// Pushes the screen orientation the host's UI reports; later reports carry it with
    /// `screen.source = "host"` (when `video_orientation` is granted).
    pub fn set_orientation(&self, orientation: HostOrientation) {
        lock(&self.memory).host.orientation = Some(orientation);
    }

    /// Pushes the network facts the host's platform API reports (Android ConnectivityManager,
    /// Apple NWPathMonitor); on those platforms they are the only source of the access type.
    pub fn set_network(&self, network: HostNetwork) {
        lock(&self.memory).host.network = Some(network);
    }

    /// Watches the network facts and delivers each [`Change`](crate::Change), debounced by
    /// 500 ms; see [`crate::WatchOptions`] for the trigger per platform.
    ///
    /// # Errors
    /// [`Error::ConsentRequired`] when neither `connectivity` nor `server_selection` is
    /// granted; nothing is read then.
    pub fn subscribe(&self) -> Result<crate::Subscription, Error> {
        self.subscribe_with(crate::WatchOptions::default())
    }

    /// As [`subscribe`](Self::subscribe), with `options`.
    ///
    /// # Errors
    /// As [`subscribe`](Self::subscribe).
    pub fn subscribe_with(
        &self,
        options: crate::WatchOptions,
    ) -> Result<crate::Subscription, Error> {
        let memory = Arc::clone(&self.memory);
        let host = Box::new(move || lock(&memory).host);
        let (consent, source) = (self.consent.clone(), Arc::clone(&self.source));
        crate::watch::subscribe(consent, source, self.ip_precision, host, options)
    }

    /// Collects a report of the fields whose purpose is granted.
    ///
    /// Static facts (device, OS) are read once and served from memory until consent changes;
    /// network and screen facts are read at each call.
    ///
    /// # Errors
    /// [`Error::ConsentRequired`] when no purpose is granted — then no source query is made —
    /// or when consent was withdrawn while the collect ran (what was read is dropped).
    pub fn collect(&self) -> Result<Report, Error> {
        let (grant, generation) = self.consent.snapshot();
        let grant = grant.ok_or(Error::ConsentRequired)?;
        let permitted = permitted_fields(&grant);

        let statics = catalog::static_fields().intersection(permitted);
        let (cached, host, previous) = {
            let m = lock(&self.memory);
            let cached = match &m.static_facts {
                Some((g, set, facts)) if *g == generation && *set == statics => Some(facts.clone()),
                _ => None,
            };
            (cached, m.host, m.previous_orientation)
        };
        let wanted = if cached.is_some() {
            permitted.difference(statics)
        } else {
            permitted
        };
        let ctx = Context {
            source: &*self.source,
            wanted,
            host: self.source.host_facts().overlay(host),
            ip_precision: self.ip_precision,
            previous_orientation: previous,
        };
        let mut facts = probe::run(&ctx);
        facts.sanitize();
        if let Some(cached) = &cached {
            facts.take_from(cached, statics);
        }

        {
            let mut m = lock(&self.memory);
            // Consent changed while reading: keep nothing, return nothing.
            if self.consent.generation() != generation {
                *m = Memory::default();
                return Err(Error::ConsentRequired);
            }
            if cached.is_none() && !statics.is_empty() {
                m.static_facts = Some((generation, statics, facts.clone()));
            }
            if facts.screen.source == Some(OrientationSource::Accelerometer) {
                m.previous_orientation = facts.screen.orientation.or(m.previous_orientation);
            }
        }
        Ok(build_report(
            &grant,
            permitted,
            facts,
            self.source.platform(),
        ))
    }
}

/// The fields a grant covers: those of its purposes that its catalog version already had.
pub(crate) fn permitted_fields(grant: &Grant) -> FieldSet {
    let mut set = FieldSet::EMPTY;
    for p in &grant.purposes {
        set = set.union(catalog::fields_for(*p, grant.catalog_version));
    }
    set
}

fn build_report(
    grant: &Grant,
    permitted: FieldSet,
    mut facts: Facts,
    platform: crate::report::Platform,
) -> Report {
    let mut omitted = Vec::new();
    for f in Field::ALL {
        if !permitted.contains(*f) {
            facts.clear(*f);
            omitted.push(Omission {
                field: *f,
                reason: OmitReason::NotPermitted,
            });
        } else if !facts.has(*f) {
            let reason = facts
                .omitted
                .get(f)
                .copied()
                .unwrap_or(OmitReason::NotFound);
            omitted.push(Omission { field: *f, reason });
        }
    }
    if facts.screen.orientation.is_none() && facts.screen.rotation_degrees.is_none() {
        facts.screen.source = None;
    }
    let purposes: Vec<Purpose> = Purpose::ALL
        .iter()
        .copied()
        .filter(|p| grant.covers(*p))
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        catalog_version: grant.catalog_version,
        collected_at: crate::time::now_rfc3339(),
        platform,
        purposes,
        device: facts.device,
        os: facts.os,
        network: facts.network,
        screen: facts.screen,
        omitted,
    }
}
