// Own binary: it counts this process's threads and descriptors, which other tests would move.
//! Threads and file descriptors a collector holds: none per collect, a bounded number when a
//! read hangs, none left after subscriptions close. One test per binary, so that no other test
//! starts threads while these count them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use devprobe::source::{Answer, Query, Snapshot, Source, SourceError};
use devprobe::{Collector, Consent, Platform, Purpose};

fn threads_now() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap()
}

fn device() -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file("/etc/os-release", "ID=debian\nVERSION_ID=12\n")
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .file("/sys/class/dmi/id/product_name", "20UJ001TRT\n")
        .file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        )
}

struct HangsOnDmi {
    inner: Snapshot,
    never: (Mutex<()>, Condvar),
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

#[test]
fn collects_start_no_threads_and_a_hang_strands_at_most_one() {
    if std::fs::read_dir("/proc/self/task").is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must count threads"
        );
        eprintln!("skipped: no /proc/self/task to count threads");
        return;
    }
    // A collector used from one thread: its workers are started once, then reused.
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    // A long deadline: a hedge worker joins only when no group progressed for a quarter of
    // it, which a loaded test machine must not fake; what is counted here is the steady state.
    let collector = Collector::builder(consent.clone())
        .source(device())
        .deadline(Duration::from_secs(20))
        .min_refresh(Duration::ZERO)
        .build();
    collector.collect().unwrap();
    collector.collect().unwrap();
    let warm = threads_now();
    for _ in 0..500 {
        collector.collect().unwrap();
    }
    assert_eq!(threads_now(), warm, "collects started threads");
    drop(collector);

    // A read that hangs keeps one worker; later collects neither wait for it nor strand more.
    let hanging = Collector::builder(consent)
        .source(Arc::new(HangsOnDmi {
            inner: device(),
            never: (Mutex::new(()), Condvar::new()),
        }))
        .deadline(Duration::from_millis(30))
        .min_refresh(Duration::ZERO)
        .build();
    hanging.collect().unwrap();
    let after_first = threads_now();
    for _ in 0..50 {
        hanging.collect().unwrap();
    }
    let after_many = threads_now();
    assert!(
        after_many <= after_first + 1,
        "threads grew {after_first} -> {after_many}"
    );
}
