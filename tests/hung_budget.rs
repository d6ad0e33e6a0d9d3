// Own binary: it counts this process's threads while 800 collectors strand reads; nothing else may start threads.
//! Issue 17 D2: hung reads are remembered process-wide, keyed by query and device, not per
//! collector, and probe workers are a small process-wide budget (16): 400 collectors over one
//! hanging source strand one thread, and 400 collectors over 400 hanging sources strand at
//! most the budget, each collect still returning at its deadline.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, Query, Snapshot, Source, SourceError};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose};

/// The process-wide worker cap of `source/workers.rs`.
const BUDGET: usize = 16;

fn threads_now() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap()
}

/// A device whose DMI reads never return.
struct HangsOnDmi {
    inner: Snapshot,
    never: (Mutex<()>, Condvar),
}

impl HangsOnDmi {
    fn new() -> HangsOnDmi {
        HangsOnDmi {
            inner: Snapshot::new(Platform::Linux)
                .file("/etc/os-release", "ID=debian\nVERSION_ID=12\n")
                .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n"),
            never: (Mutex::new(()), Condvar::new()),
        }
    }
}

impl Source for HangsOnDmi {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name().starts_with("/sys/class/dmi/") {
            let mut g = self.never.0.lock().unwrap();
            loop {
                g = self.never.1.wait(g).unwrap();
            }
        }
        self.inner.query(q)
    }
}

/// One collect from a new collector; `os_read`: the OS group must be read (a worker was free).
fn collect_once(source: Arc<dyn Source>, deadline: Duration, os_read: bool) {
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    let collector = Collector::builder(consent)
        .source(source)
        .deadline(deadline)
        .build();
    let started = Instant::now();
    let report = collector.collect().unwrap();
    let took = started.elapsed();
    assert!(
        took < deadline + Duration::from_millis(100),
        "a collect took {took:?}"
    );
    assert_eq!(
        report.omission(Field::DeviceBrand),
        Some(OmitReason::TimedOut)
    );
    if os_read {
        assert_eq!(report.os.id.as_deref(), Some("debian"));
    } else if report.os.id.is_none() {
        // The budget is spent: the fields wait for no read and are timed out.
        assert_eq!(report.omission(Field::OsId), Some(OmitReason::TimedOut));
    }
}

#[test]
fn hung_reads_strand_threads_within_the_process_budget() {
    if std::fs::read_dir("/proc/self/task").is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must count threads"
        );
        eprintln!("skipped: no /proc/self/task to count threads");
        return;
    }
    let before = threads_now();

    // 400 collectors, one hanging device: the first strands one worker; the others find the
    // read quarantined and answer at once.
    let shared: Arc<dyn Source> = Arc::new(HangsOnDmi::new());
    let started = Instant::now();
    for _ in 0..400 {
        collect_once(Arc::clone(&shared), Duration::from_millis(30), true);
    }
    let one_device = threads_now();
    println!(
        "one hanging device, 400 collectors: {before} -> {one_device} threads in {:?}",
        started.elapsed()
    );
    // One stuck worker, plus at most one hedge and the idle workers kept for later collects.
    assert!(
        one_device <= before + 4,
        "threads grew {before} -> {one_device}"
    );

    // 400 collectors, each over its own hanging device: every collect returns at its deadline
    // and the stuck workers stop at the budget.
    for _ in 0..400 {
        collect_once(
            Arc::new(HangsOnDmi::new()),
            Duration::from_millis(10),
            false,
        );
    }
    let many_devices = threads_now();
    println!("400 hanging devices: {before} -> {many_devices} threads");
    assert!(
        many_devices <= before + BUDGET,
        "threads grew {before} -> {many_devices}, over the budget of {BUDGET}"
    );
}
