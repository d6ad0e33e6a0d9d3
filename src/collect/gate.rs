//! The collector: the one gate between the host and the sources.
//!
//! `collect()` checks consent before any query, asks the probe only for fields whose purpose is
//! granted, minimizes and sanitizes, caches static facts for the process, and checks consent
//! again before returning, so a withdrawal during a collect wins. How often facts are read
//! again lives in [`crate::collect::cache`]; the record of each collect in [`crate::collect::audit`].

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use web_time::{Duration, Instant};

use crate::collect::audit::{AuditEntry, AuditLog, AuditOutcome, DEFAULT_AUDIT_CAPACITY, Record};
use crate::collect::cache::{DEFAULT_MIN_REFRESH, Memory};
use crate::collect::deadline::{Request, Runner};
use crate::consent::{Consent, Granted, OnWithdraw, Purpose, PurposeSet};
use crate::error::Error;
use crate::facts::{Facts, Rules};
use crate::field::{Field, FieldSet};
use crate::host::{HostNetwork, HostOrientation};
use crate::report::{IpPrecision, Omission, OmitReason, Report, SCHEMA_VERSION};
use crate::source::{Cancel, Live, Source};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl OnWithdraw for Mutex<Memory> {
    fn withdrawn(&self) {
        *lock(self) = Memory::default();
    }

    fn narrowed(&self, dropped: PurposeSet) {
        let mut m = lock(self);
        m.forget_facts();
        // What the host pushed for a dropped purpose goes too.
        if dropped.contains(Purpose::VideoOrientation) {
            m.host.orientation = None;
        }
        if dropped.contains(Purpose::Connectivity) {
            m.host.network = None;
        }
    }
}

/// Builds a [`Collector`]: `Collector::builder(consent).ip_precision(IpPrecision::Full).build()`.
#[derive(Debug)]
#[must_use]
pub struct CollectorBuilder {
    consent: Consent,
    /// The source given with [`source`](Self::source), and the rules for it (every platform's:
    /// set only there, so an app that reads the live machine does not link the other
    /// platforms' rules).
    source: Option<(Arc<dyn Source>, Rules)>,
    ip_precision: IpPrecision,
    min_refresh: Duration,
    audit_capacity: usize,
    deadline: Option<Duration>,
}

/// How long a collect may take by default: 200 ms.
pub const DEFAULT_DEADLINE: Duration = Duration::from_millis(200);

impl CollectorBuilder {
    /// Reads from `source` instead of the live machine (a [`Snapshot`](crate::source::Snapshot) in
    /// tests, a [`Recording`](crate::source::Recording) to see what is read).
    pub fn source(mut self, source: impl Source + 'static) -> Self {
        self.source = Some((Arc::new(source), Rules::every_platform()));
        self
    }

    /// How much of the IP address to report (default [`IpPrecision::Truncated`]).
    pub fn ip_precision(mut self, precision: IpPrecision) -> Self {
        self.ip_precision = precision;
        self
    }

    /// The least time between two reads of the dynamic facts (network, screen); a collect
    /// sooner than that after the last read gets the facts read then. Default 1 s. Static facts
    /// (device, OS) are read once per collector whatever this is (an app keeps one collector,
    /// so that is once per process).
    pub fn min_refresh(mut self, min_refresh: Duration) -> Self {
        self.min_refresh = min_refresh;
        self
    }

    /// The most a collect may take (default [`DEFAULT_DEADLINE`], 200 ms). Fields whose reads
    /// have not finished by then are omitted `timed_out` and the rest are reported; a read that
    /// hangs stays on a background worker and is not asked again while it hangs, by any
    /// collector of the process, so later collects do not pile up behind it. Reads seen fast, and
    /// reads the source [answers from memory](crate::source::Source::answers_from_memory) (the
    /// live machine's kernel interfaces), run on the calling thread; any other goes to a worker
    /// and is waited for at most a quarter of the deadline. Subscriptions keep the same
    /// deadline. `Duration::ZERO` reads nothing (every wanted field is `timed_out`);
    /// `Duration::MAX` waits for every read, on the calling thread.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = (deadline != Duration::MAX).then_some(deadline);
        self
    }

    /// How many collects [`Collector::audit`] remembers (default 64; 0 keeps none).
    pub fn audit_capacity(mut self, capacity: usize) -> Self {
        self.audit_capacity = capacity;
        self
    }

    /// The collector.
    pub fn build(self) -> Collector {
        let memory = Arc::new(Mutex::new(Memory::default()));
        let listener: Arc<dyn OnWithdraw> = memory.clone();
        self.consent.on_withdraw(Arc::downgrade(&listener));
        // The live source minimizes addresses itself unless asked: full ones only when the
        // report is to carry them. It is of this build's platform: its rules only.
        let (source, rules) = self
            .source
            .unwrap_or_else(|| (live(self.ip_precision == IpPrecision::Full), Rules::live()));
        let runner = Runner::new(self.deadline, &*source);
        Collector {
            consent: self.consent,
            source,
            rules,
            ip_precision: self.ip_precision,
            min_refresh: self.min_refresh,
            memory,
            audit: AuditLog::new(self.audit_capacity),
            runner,
            subscribers: Mutex::new(Vec::new()),
        }
    }
}

/// The live source, one per address precision for the process: a collector built per collect
/// shares it (an `Arc` clone, no allocation).
fn live(full_addresses: bool) -> Arc<dyn Source> {
    static MINIMIZED: std::sync::OnceLock<Arc<Live>> = std::sync::OnceLock::new();
    static FULL: std::sync::OnceLock<Arc<Live>> = std::sync::OnceLock::new();
    if full_addresses {
        FULL.get_or_init(|| Arc::new(Live::new().with_full_addresses()))
            .clone()
    } else {
        MINIMIZED.get_or_init(|| Arc::new(Live::new())).clone()
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
/// use devprobe::source::Snapshot;
/// use devprobe::{Collector, Consent, Error, Platform, Purpose};
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
    /// The rules applied to what `source` answers ([`Rules`]).
    rules: Rules,
    ip_precision: IpPrecision,
    min_refresh: Duration,
    memory: Arc<Mutex<Memory>>,
    audit: AuditLog,
    runner: Runner,
    /// Live subscriptions, for delivering host pushes at once.
    subscribers: Mutex<Vec<std::sync::Weak<crate::collect::watch::Shared>>>,
}

impl Collector {
    /// A builder for a collector gated by `consent`, reading the live machine by default.
    pub fn builder(consent: Consent) -> CollectorBuilder {
        CollectorBuilder {
            consent,
            source: None,
            ip_precision: IpPrecision::default(),
            min_refresh: DEFAULT_MIN_REFRESH,
            audit_capacity: DEFAULT_AUDIT_CAPACITY,
            deadline: Some(DEFAULT_DEADLINE),
        }
    }

    /// The consent handle this collector obeys.
    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    /// Pushes the screen orientation the host's UI reports; later reports carry it with
    /// `screen.source = "host"` (when `video_orientation` is granted).
    pub fn set_orientation(&self, orientation: HostOrientation) {
        {
            let mut m = lock(&self.memory);
            m.host.orientation = Some(orientation);
            m.forget_dynamic();
        }
        // Subscriptions get it at once (each filters by the grant as it delivers).
        let mut subscribers = lock(&self.subscribers);
        subscribers.retain(|s| s.strong_count() > 0);
        for shared in subscribers.iter().filter_map(std::sync::Weak::upgrade) {
            crate::collect::watch::push_orientation(&shared, orientation);
        }
    }

    /// Pushes the network facts the host's platform API reports (Android ConnectivityManager,
    /// Apple NWPathMonitor); on those platforms they are the only source of the access type.
    ///
    /// Subscriptions take it at once, on every platform: each wakes and reads the network
    /// facts with the push (a [`Change`](crate::Change) follows when that changes them).
    pub fn set_network(&self, network: HostNetwork) {
        {
            let mut m = lock(&self.memory);
            m.host.network = Some(network);
            m.forget_dynamic();
        }
        let mut subscribers = lock(&self.subscribers);
        subscribers.retain(|s| s.strong_count() > 0);
        for shared in subscribers.iter().filter_map(std::sync::Weak::upgrade) {
            crate::collect::watch::push_network(&shared);
        }
    }

    /// The last collects (up to the builder's `audit_capacity`, default 64), oldest first: when,
    /// for which purposes, which fields were read or served from memory, and the outcome. Never
    /// a value.
    pub fn audit(&self) -> Vec<AuditEntry> {
        self.audit.entries()
    }

    /// Watches the network facts and the screen orientation and delivers each
    /// [`Change`](crate::Change): network changes debounced by 500 ms, orientations the host
    /// pushes at once; see [`crate::WatchOptions`] for the trigger per platform and the
    /// (opt-in) accelerometer polling.
    ///
    /// # Errors
    /// [`Error::ConsentRequired`] when none of `connectivity`, `server_selection` and
    /// `video_orientation` is granted; nothing is read then.
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
        let reader = crate::collect::watch::Reader {
            source,
            rules: self.rules,
            runner: self.runner.clone(),
            precision: self.ip_precision,
            host,
        };
        let subscription = crate::collect::watch::subscribe(consent, reader, options)?;
        let mut subscribers = lock(&self.subscribers);
        subscribers.retain(|s| s.strong_count() > 0);
        subscribers.push(Arc::downgrade(&subscription.shared()));
        Ok(subscription)
    }

    /// Collects a report of the fields whose purpose is granted.
    ///
    /// Static facts (device, OS) are read once per collector and served from memory until
    /// consent is withdrawn; network and screen facts are read again when the last read is at least
    /// `min_refresh` old (default 1 s). Each collect is recorded in [`Collector::audit`].
    ///
    /// # Errors
    /// [`Error::ConsentRequired`] when no purpose is granted — then no source query is made —
    /// or when consent changed (was withdrawn) while the collect ran: what was read is dropped.
    pub fn collect(&self) -> Result<Report, Error> {
        let at = web_time::SystemTime::now();
        let (grant, generation) = self.consent.snapshot();
        let Some(grant) = grant else {
            let nothing = FieldSet::EMPTY;
            self.audit.record(Record {
                at,
                purposes: PurposeSet::default(),
                read: nothing,
                from_memory: nothing,
                outcome: AuditOutcome::ConsentRequired,
            });
            return Err(Error::ConsentRequired);
        };
        let permitted = permitted_fields(&self.consent, &grant);
        let statics = self.consent.catalog().static_fields();
        let now = Instant::now();
        let plan = lock(&self.memory).plan(permitted, statics, now, self.min_refresh);

        // Nothing to read (all from memory, or a grant that covers no field): no query at all.
        let fresh = if plan.read.is_empty() {
            Facts::default()
        } else {
            // No read starts once consent has changed (a withdrawal, a narrower grant).
            let cancelled = Cancel::Since(self.consent.generations(), generation);
            let mut fresh = self.runner.run(
                Request {
                    source: Arc::clone(&self.source),
                    rules: self.rules,
                    wanted: plan.read,
                    host: self.source.host_facts().overlay(plan.host),
                    ip_precision: self.ip_precision,
                    previous_orientation: plan.previous_orientation,
                },
                cancelled,
            );
            fresh.sanitize();
            fresh
        };
        let mut facts = plan.complete(fresh);

        let record = |outcome| Record {
            at,
            purposes: grant.purposes,
            read: plan.read,
            from_memory: plan.from_memory,
            outcome,
        };
        {
            let mut m = lock(&self.memory);
            // The linearization point: under the memory lock, which a withdrawal's cache drop
            // also takes, and after every read. Consent changed while reading: keep nothing,
            // return nothing.
            if self.consent.generation() != generation {
                drop(m);
                self.audit.record(record(AuditOutcome::Discarded));
                return Err(Error::ConsentRequired);
            }
            m.store(&plan, &mut facts, now);
        }
        self.audit.record(record(AuditOutcome::Reported));
        Ok(build_report(
            grant,
            permitted,
            facts,
            self.source.platform(),
        ))
    }
}

/// The fields a grant covers: those of its purposes that its catalog version already had.
pub(crate) fn permitted_fields(consent: &Consent, grant: &Granted) -> FieldSet {
    consent
        .catalog()
        .covered_set(grant.purposes, grant.catalog_version)
}

fn build_report(
    grant: Granted,
    permitted: FieldSet,
    mut facts: Facts,
    platform: crate::report::Platform,
) -> Report {
    // One allocation each for the lists: their lengths are known before they are filled.
    let missing = Field::ALL
        .iter()
        .filter(|f| !permitted.contains(**f) || !facts.has(**f))
        .count();
    let mut omitted = Vec::with_capacity(missing);
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
    let mut purposes: Vec<Purpose> = Vec::with_capacity(grant.purposes.len());
    purposes.extend(Purpose::ALL.iter().copied().filter(|p| grant.covers(*p)));
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
