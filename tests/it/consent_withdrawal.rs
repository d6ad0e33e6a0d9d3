//! Withdrawal, frequency and audit: a withdrawal is immediate, idempotent, returns a receipt,
//! drops every cached fact and wins over collects in flight — also under contention (the race
//! test); static facts are read once, dynamic ones at most once per `min_refresh`; the audit log
//! says what was read and when, never a value.

use crate::consent_support;

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use consent_support::linux_full;
use devprobe::audit::AuditOutcome;
use devprobe::source::{Answer, Query, Recording, Snapshot, Source, SourceError};
use devprobe::{
    Collector, Consent, ConsentStatus, Error, Field, HostFacts, HostOrientation, Orientation,
    Platform, Purpose,
};

#[test]
fn withdrawal_returns_a_receipt_and_is_idempotent() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(linux_full())
        .build();
    let empty = consent.withdraw();
    assert!(empty.purposes.is_empty(), "nothing was granted");
    consent.grant([Purpose::VideoOrientation, Purpose::Compatibility]);
    collector.collect().unwrap();
    let receipt = consent.withdraw();
    assert_eq!(
        receipt.purposes,
        vec![Purpose::Compatibility, Purpose::VideoOrientation]
    );
    assert_eq!(receipt.withdrawn_at.len(), "2026-11-29T06:30:00Z".len());
    assert!(receipt.withdrawn_at.ends_with('Z'));
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    let again = consent.withdraw();
    assert!(again.purposes.is_empty());
    assert_eq!(consent.status(), ConsentStatus::Withdrawn);
    let json = serde_json::to_value(&receipt).unwrap();
    assert_eq!(
        json["purposes"],
        serde_json::json!(["compatibility", "video_orientation"])
    );
}

#[test]
fn withdrawal_drops_every_cached_fact() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(linux_full())
        .min_refresh(Duration::from_secs(3600))
        .build();
    collector
        .set_orientation(HostOrientation::new(Orientation::LandscapeSecondary, Some(270)).unwrap());
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    let second = collector.audit().len();
    collector.collect().unwrap();
    let cached = collector.audit().pop().unwrap();
    assert!(
        cached.fields_read.is_empty(),
        "within min_refresh everything comes from memory"
    );
    assert_eq!(cached.fields_from_memory.len(), Field::ALL.len());
    assert_eq!(collector.audit().len(), second + 1);

    consent.withdraw();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap();
    let fresh = collector.audit().pop().unwrap();
    assert_eq!(
        fresh.fields_read.len(),
        Field::ALL.len(),
        "nothing survived the withdrawal"
    );
    assert!(fresh.fields_from_memory.is_empty());
    // The pushed orientation (landscape_secondary) is gone; what remains is the one the
    // snapshot itself carries (its host.json), as a device's UI would push it again.
    assert_eq!(
        report.screen.orientation,
        Some(Orientation::LandscapePrimary)
    );
}

#[test]
fn a_narrower_grant_drops_what_was_cached() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(linux_full())
        .min_refresh(Duration::from_secs(3600))
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    consent.grant([Purpose::Connectivity]);
    collector.collect().unwrap();
    let narrowed = collector.audit().pop().unwrap();
    assert!(narrowed.fields_from_memory.is_empty(), "{narrowed:?}");
    // Widening again reads the static facts again: they were dropped, not hidden.
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    let widened = collector.audit().pop().unwrap();
    assert_eq!(widened.fields_read.len(), Field::ALL.len(), "{widened:?}");
    // A wider grant is no withdrawal: what was read stays.
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    assert!(collector.audit().pop().unwrap().fields_read.is_empty());
}

#[test]
fn static_facts_once_dynamic_facts_at_most_once_per_min_refresh() {
    let consent = Consent::new();
    let rec = Arc::new(Recording::new(linux_full()));
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .min_refresh(Duration::from_millis(200))
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let statics: Vec<Field> = devprobe::catalog::static_fields().iter().collect();
    let dynamics: Vec<Field> = Field::ALL
        .iter()
        .copied()
        .filter(|f| !statics.contains(f))
        .collect();

    collector.collect().unwrap();
    let first_reads = rec.queries().len();
    collector.collect().unwrap();
    let quick = collector.audit().pop().unwrap();
    assert!(quick.fields_read.is_empty());
    assert_eq!(
        rec.queries().len(),
        first_reads,
        "a faster collect reads nothing"
    );

    std::thread::sleep(Duration::from_millis(250));
    collector.collect().unwrap();
    let later = collector.audit().pop().unwrap();
    assert_eq!(
        later.fields_read, dynamics,
        "dynamic facts are read again after min_refresh"
    );
    assert_eq!(
        later.fields_from_memory, statics,
        "static facts are read once per process"
    );

    // A push from the host is a change event: the next collect reads the dynamic facts again.
    collector.set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(0)).unwrap());
    let report = collector.collect().unwrap();
    assert_eq!(collector.audit().pop().unwrap().fields_read, dynamics);
    assert_eq!(
        report.screen.orientation,
        Some(Orientation::PortraitPrimary)
    );
}

#[test]
fn the_audit_log_keeps_the_last_64_collects_and_no_values() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(linux_full())
        .build();
    collector.collect().unwrap_err();
    consent.grant([Purpose::Compatibility, Purpose::ServerSelection]);
    for _ in 0..70 {
        collector.collect().unwrap();
    }
    let audit = collector.audit();
    assert_eq!(audit.len(), devprobe::audit::DEFAULT_AUDIT_CAPACITY);
    assert_eq!(audit.len(), 64);
    assert!(audit.iter().all(|e| e.outcome == AuditOutcome::Reported));
    assert_eq!(
        audit[0].purposes,
        vec![Purpose::Compatibility, Purpose::ServerSelection]
    );
    let json = serde_json::to_string(&audit).unwrap();
    for value in [
        "Debian", "debian", "LENOVO", "ThinkPad", "192.168", "6.1.0", "linux\"",
    ] {
        assert!(
            !json.contains(value),
            "the audit log holds the value {value:?}"
        );
    }
    let small = Collector::builder(Consent::new()).audit_capacity(2).build();
    for _ in 0..3 {
        small.collect().unwrap_err();
    }
    assert_eq!(small.audit().len(), 2);
}

// ---- The race test -------------------------------------------------------------------------

/// The phase of the granting thread, `4 * round + step`: 0 granting, 1 granted, 2 withdrawing,
/// 3 withdrawn (after `withdraw()` returned, before the next grant starts).
static PHASE: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The lowest and highest phase the source saw during this thread's current collect.
    static SEEN: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
}

fn saw_phase() {
    let p = PHASE.load(Ordering::SeqCst);
    SEEN.with(|s| {
        let (lo, hi) = s.get().unwrap_or((p, p));
        s.set(Some((lo.min(p), hi.max(p))));
    });
    std::thread::yield_now();
}

/// A source that notes, for the collecting thread, the granter's phase at every read.
struct PhaseSource(Snapshot);

impl Source for PhaseSource {
    fn platform(&self) -> Platform {
        self.0.platform()
    }
    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        saw_phase();
        self.0.query(query)
    }
    fn host_facts(&self) -> HostFacts {
        // Twice: a collect reads more than once, and the withdrawal may land in between.
        saw_phase();
        saw_phase();
        self.0.host_facts()
    }
}

#[test]
fn race_withdrawal_wins_over_every_collect_in_flight() {
    const ROUNDS: u64 = 1000;
    let consent = Consent::new();
    let collector = Arc::new(
        Collector::builder(consent.clone())
            .source(PhaseSource(linux_full()))
            .min_refresh(Duration::ZERO)
            .audit_capacity(0)
            .build(),
    );
    let done = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (collector, done) = (collector.clone(), done.clone());
        workers.push(std::thread::spawn(move || {
            let (mut reports, mut refused, mut reading) = (0u64, 0u64, 0u64);
            while !done.load(Ordering::SeqCst) {
                SEEN.with(|s| s.set(None));
                let start = PHASE.load(Ordering::SeqCst);
                let result = collector.collect();
                let end = PHASE.load(Ordering::SeqCst);
                let seen = SEEN.with(Cell::get);
                if seen.is_some() {
                    reading += 1;
                }
                let Ok(_report) = result else {
                    refused += 1;
                    continue;
                };
                reports += 1;
                // Started after withdraw() returned, and no grant began before it ended.
                assert!(
                    !(start % 4 == 3 && end == start),
                    "a collect that started after withdrawal {} returned a report",
                    start / 4
                );
                if let Some((lo, hi)) = seen {
                    // The collect took its consent snapshot before its first read (phase <= lo)
                    // and checked again after its last read (phase >= hi). If withdrawal n had
                    // returned by the last read, a report needs the snapshot to be of grant
                    // n + 1 or later: phase >= 4(n + 1).
                    if hi >= 3 {
                        let n = (hi - 3) / 4;
                        assert!(
                            lo >= 4 * (n + 1),
                            "a collect that read at phases {lo}..={hi}, across withdrawal {n}, returned a report"
                        );
                    }
                }
            }
            (reports, refused, reading)
        }));
    }
    for round in 0..ROUNDS {
        PHASE.store(4 * round, Ordering::SeqCst);
        consent.grant(Purpose::ALL.iter().copied());
        PHASE.store(4 * round + 1, Ordering::SeqCst);
        // Long enough for collects to complete under the grant, so both outcomes happen.
        std::thread::sleep(Duration::from_millis(1));
        PHASE.store(4 * round + 2, Ordering::SeqCst);
        let receipt = consent.withdraw();
        PHASE.store(4 * round + 3, Ordering::SeqCst);
        assert_eq!(receipt.purposes.len(), 4);
        assert!(
            matches!(collector.collect(), Err(Error::ConsentRequired)),
            "round {round}"
        );
        // Long enough for collects that began under the grant to read after the withdrawal.
        std::thread::sleep(Duration::from_micros(100));
    }
    done.store(true, Ordering::SeqCst);
    let (mut reports, mut refused, mut reading) = (0, 0, 0);
    for w in workers {
        let (a, b, c) = w.join().unwrap();
        reports += a;
        refused += b;
        reading += c;
    }
    println!("race: {reports} reports, {refused} refusals, {reading} collects that read");
    assert!(
        reports > 0 && refused > 0,
        "the race never happened: {reports} reports, {refused} refusals"
    );
}
