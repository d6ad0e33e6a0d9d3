// Own binary: hung reads strand workers for good; 20 ms timing slack needs a process of its own.
//! The collect deadline: a source that hangs costs its own fields, never the report, never the
//! caller's thread, and later collects do not pile up behind it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, Query, Recording, Snapshot, Source, SourceError};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose};

const SLACK: Duration = Duration::from_millis(20);

fn device() -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file(
            "/etc/os-release",
            "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .file("/sys/class/dmi/id/product_name", "20UJ001TRT\n")
        .file("/sys/class/dmi/id/product_version", "ThinkPad T14s Gen 1\n")
}

/// A source whose one query never returns (until the test process ends), like a sysfs file
/// whose driver hangs.
struct Hanging {
    inner: Snapshot,
    hang_on: &'static str,
    asked: AtomicUsize,
    never: (Mutex<()>, Condvar),
}

impl Hanging {
    fn new(hang_on: &'static str) -> Arc<Hanging> {
        Arc::new(Hanging {
            inner: device(),
            hang_on,
            asked: AtomicUsize::new(0),
            never: (Mutex::new(()), Condvar::new()),
        })
    }
}

impl Source for Hanging {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name() == self.hang_on {
            self.asked.fetch_add(1, Ordering::SeqCst);
            let mut guard = self.never.0.lock().unwrap();
            loop {
                guard = self.never.1.wait(guard).unwrap();
            }
        }
        self.inner.query(q)
    }
}

#[test]
fn a_hanging_read_costs_its_own_fields_within_the_deadline() {
    let source = Hanging::new("/sys/class/dmi/id/product_name");
    let consent = Consent::new();
    let deadline = Duration::from_millis(100);
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(&source))
        .deadline(deadline)
        .min_refresh(Duration::ZERO)
        .build();
    consent.grant([Purpose::Compatibility]);

    let started = Instant::now();
    let report = collector.collect().unwrap();
    let took = started.elapsed();
    assert!(took < deadline + SLACK, "the first collect took {took:?}");
    assert!(
        took >= deadline,
        "it waited for the hanging read only {took:?}"
    );
    for f in [
        Field::DeviceBrand,
        Field::DeviceModel,
        Field::DeviceManufacturer,
    ] {
        assert_eq!(report.omission(f), Some(OmitReason::TimedOut), "{f}");
    }
    assert_eq!(report.os.name.as_deref(), Some("Debian GNU/Linux"));
    assert_eq!(report.os.version.as_deref(), Some("12"));
    assert_eq!(report.os.kernel_version.as_deref(), Some("6.1.0-18-amd64"));

    // Later collects: the stuck read is not asked again, so they neither wait for it nor
    // strand more threads; the timed-out group is retried (not cached as final).
    for _ in 0..20 {
        let started = Instant::now();
        let report = collector.collect().unwrap();
        let took = started.elapsed();
        assert!(took < deadline / 2, "a later collect waited {took:?}");
        // A hung driver blocks every file of its directory, so the stuck file's neighbours
        // are not asked either: the whole DMI group is timed out, the OS still reported.
        for f in [
            Field::DeviceBrand,
            Field::DeviceModel,
            Field::DeviceModelIdentifier,
        ] {
            assert_eq!(report.omission(f), Some(OmitReason::TimedOut), "{f}");
        }
        assert_eq!(report.os.id.as_deref(), Some("debian"));
    }
    assert_eq!(
        source.asked.load(Ordering::SeqCst),
        1,
        "the hanging read was asked again"
    );
}

#[test]
fn a_hanging_network_read_leaves_os_and_device_reported() {
    let source = Hanging::new("/proc/net/route");
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .deadline(Duration::from_millis(50))
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let started = Instant::now();
    let report = collector.collect().unwrap();
    assert!(started.elapsed() < Duration::from_millis(50) + SLACK);
    assert_eq!(
        report.omission(Field::NetworkIp),
        Some(OmitReason::TimedOut)
    );
    assert_eq!(
        report.omission(Field::NetworkOnline),
        Some(OmitReason::TimedOut)
    );
    assert_eq!(report.device.brand.as_deref(), Some("Lenovo"));
    assert_eq!(report.device.model.as_deref(), Some("ThinkPad T14s Gen 1"));
    assert_eq!(report.os.id.as_deref(), Some("debian"));
}

#[test]
fn a_zero_deadline_reads_nothing_and_a_huge_one_reads_everything() {
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    let rec = Arc::new(Recording::new(device()));
    let zero = Collector::builder(consent.clone())
        .source(Arc::clone(&rec))
        .deadline(Duration::ZERO)
        .build();
    let report = zero.collect().unwrap();
    assert!(rec.queries().is_empty());
    assert_eq!(report.omission(Field::OsName), Some(OmitReason::TimedOut));
    assert_eq!(
        report.omission(Field::DeviceBrand),
        Some(OmitReason::TimedOut)
    );

    let huge = Collector::builder(consent)
        .source(device())
        .deadline(Duration::MAX)
        .build();
    let report = huge.collect().unwrap();
    assert_eq!(report.os.name.as_deref(), Some("Debian GNU/Linux"));
    assert_eq!(report.device.brand.as_deref(), Some("Lenovo"));
}
