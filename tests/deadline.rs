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
/// For the tests that run beside several hung reads in this binary, on a shared machine.
const LOADED_SLACK: Duration = Duration::from_millis(60);

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

/// A source whose reads of one path block in the kernel — `kind` says how — like a naive
/// reader meeting a FIFO with no writer or a FUSE server that never answers.
struct BlocksInKernel {
    inner: Snapshot,
    path: &'static str,
    how: Blocking,
}

enum Blocking {
    /// `open` of a FIFO nobody writes to: blocks in the kernel until a writer comes.
    Fifo(std::path::PathBuf),
    /// `read` of a pipe whose writer is alive and silent, as a stuck FUSE read.
    Pipe(Mutex<std::io::PipeReader>, std::io::PipeWriter),
    /// A fake source that sleeps this long, then answers.
    Sleep(Duration),
}

impl Source for BlocksInKernel {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name() == self.path {
            match &self.how {
                Blocking::Fifo(fifo) => {
                    let bytes = std::fs::read(fifo).map_err(|e| SourceError::Io(e.to_string()))?;
                    return Ok(Answer::Bytes(bytes));
                }
                Blocking::Pipe(reader, _writer) => {
                    let mut buf = [0u8; 16];
                    let n = std::io::Read::read(&mut *reader.lock().unwrap(), &mut buf)
                        .map_err(|e| SourceError::Io(e.to_string()))?;
                    return Ok(Answer::Bytes(buf[..n].to_vec()));
                }
                Blocking::Sleep(d) => std::thread::sleep(*d),
            }
        }
        self.inner.query(q)
    }
}

/// Issue 14: the deadline holds for a FIFO, a stuck FUSE-like read and a sleeping source, with
/// the common collect now on the caller's thread.
#[test]
fn the_deadline_holds_for_a_fifo_a_stuck_read_and_a_sleeping_source() {
    let dir = std::env::temp_dir().join(format!("devprobe-deadline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("os-release");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (reader, writer) = std::io::pipe().unwrap();
    let cases = [
        ("fifo", Blocking::Fifo(fifo.clone())),
        ("stuck read", Blocking::Pipe(Mutex::new(reader), writer)),
        ("sleep", Blocking::Sleep(Duration::from_secs(2))),
    ];
    let deadline = Duration::from_millis(100);
    for (name, how) in cases {
        let consent = Consent::new();
        consent.grant([Purpose::Compatibility]);
        let collector = Collector::builder(consent)
            .source(BlocksInKernel {
                inner: device(),
                path: "/etc/os-release",
                how,
            })
            .deadline(deadline)
            .min_refresh(Duration::ZERO)
            .build();
        for round in 0..3 {
            let started = Instant::now();
            let report = collector.collect().unwrap();
            let took = started.elapsed();
            assert!(
                took < deadline + LOADED_SLACK,
                "{name}, collect {round}: {took:?}"
            );
            assert_eq!(report.os.name, None, "{name}, collect {round}");
            if round == 0 {
                assert_eq!(
                    report.omission(Field::OsName),
                    Some(OmitReason::TimedOut),
                    "{name}"
                );
            } else {
                // Later collects do not ask the hung file again: the rest of the OS group reads.
                assert_eq!(
                    report.os.kernel_version.as_deref(),
                    Some("6.1.0-18-amd64"),
                    "{name}, collect {round}"
                );
            }
            // The device group does not wait behind the OS group's hang.
            assert_eq!(
                report.device.brand.as_deref(),
                Some("Lenovo"),
                "{name}, collect {round}: {:?}",
                report.omitted
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A source that notes the thread each read runs on.
struct NotesThreads {
    inner: Snapshot,
    threads: Mutex<Vec<std::thread::ThreadId>>,
}

impl Source for NotesThreads {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        self.threads
            .lock()
            .unwrap()
            .push(std::thread::current().id());
        self.inner.query(q)
    }
}

/// Issue 14, "no handoff on the fast path": once a collector has seen every read answer fast,
/// its collects read on the caller's thread; only the first went to a worker.
#[test]
fn warm_collects_read_on_the_callers_thread() {
    let source = Arc::new(NotesThreads {
        inner: device(),
        threads: Mutex::new(Vec::new()),
    });
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let collector = Collector::builder(consent)
        .source(Arc::clone(&source))
        .min_refresh(Duration::ZERO)
        .build();
    let first = collector.collect().unwrap();
    let me = std::thread::current().id();
    let on_first = std::mem::take(&mut *source.threads.lock().unwrap());
    assert!(!on_first.is_empty());
    assert!(
        on_first.iter().all(|t| *t != me),
        "the first collect read on the caller's thread"
    );
    for _ in 0..5 {
        let report = collector.collect().unwrap();
        assert_eq!(report.os.name, first.os.name);
        assert_eq!(report.network, first.network);
    }
    let warm = std::mem::take(&mut *source.threads.lock().unwrap());
    assert!(!warm.is_empty(), "warm collects read nothing");
    assert!(
        warm.iter().all(|t| *t == me),
        "a warm collect handed reads to another thread"
    );
}

/// On a warm collector a query never read before goes to a worker: here a purpose granted
/// later brings the route table, which hangs. The collect still returns at its deadline.
#[test]
fn a_new_query_that_hangs_on_a_warm_collector_costs_only_the_deadline() {
    let source = Hanging::new("/proc/net/route");
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    let deadline = Duration::from_millis(80);
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(&source))
        .deadline(deadline)
        .min_refresh(Duration::ZERO)
        .build();
    collector.collect().unwrap();
    collector.collect().unwrap();
    consent.grant(Purpose::ALL.iter().copied());
    for round in 0..5 {
        let started = Instant::now();
        let report = collector.collect().unwrap();
        let took = started.elapsed();
        assert!(
            took < deadline + LOADED_SLACK,
            "collect {round} took {took:?}"
        );
        assert_eq!(
            report.omission(Field::NetworkOnline),
            Some(OmitReason::TimedOut),
            "collect {round}"
        );
        assert_eq!(report.device.brand.as_deref(), Some("Lenovo"));
    }
    assert_eq!(source.asked.load(Ordering::SeqCst), 1);
}

/// Issue 17 D3: with a source hanging on the route table, `subscribe()` returns within the
/// deadline (its baseline read gives the hung read up after a quarter of it) and at once when
/// the hang is known, a `drop` returns within the deadline, and `withdraw()` ends iteration
/// within the deadline.
#[test]
fn subscriptions_hold_the_deadline_with_a_hanging_route_table() {
    let source = Hanging::new("/proc/net/route");
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let deadline = Duration::from_millis(100);
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(&source))
        .deadline(deadline)
        .build();

    let started = Instant::now();
    let dropped = collector.subscribe().unwrap();
    assert!(
        started.elapsed() < deadline / 4 + LOADED_SLACK,
        "subscribe took {:?}",
        started.elapsed()
    );
    std::thread::sleep(Duration::from_millis(10));
    let started = Instant::now();
    drop(dropped);
    assert!(
        started.elapsed() < deadline + LOADED_SLACK,
        "drop took {:?}",
        started.elapsed()
    );

    let started = Instant::now();
    let iterated = collector.subscribe().unwrap();
    assert!(
        started.elapsed() < LOADED_SLACK,
        "subscribe took {:?}",
        started.elapsed()
    );
    let (ended_tx, ended_rx) = std::sync::mpsc::channel();
    let iterating = std::thread::spawn(move || {
        let changes = iterated.count();
        ended_tx.send(Instant::now()).unwrap();
        changes
    });
    std::thread::sleep(Duration::from_millis(30));
    let withdrawn = Instant::now();
    consent.withdraw();
    let ended = ended_rx
        .recv_timeout(deadline + LOADED_SLACK)
        .expect("iteration did not end within the deadline of withdraw()");
    assert!(ended.duration_since(withdrawn) < deadline + LOADED_SLACK);
    assert_eq!(iterating.join().unwrap(), 0, "changes delivered");
    assert_eq!(
        source.asked.load(Ordering::SeqCst),
        1,
        "the hung read was asked again"
    );
}

/// A source that starts hanging on one path when told to, after it answered it fast.
struct HangsLater {
    inner: Snapshot,
    path: &'static str,
    hang: std::sync::atomic::AtomicBool,
    never: (Mutex<()>, Condvar),
}

impl Source for HangsLater {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name() == self.path && self.hang.load(Ordering::SeqCst) {
            let mut guard = self.never.0.lock().unwrap();
            loop {
                guard = self.never.1.wait(guard).unwrap();
            }
        }
        self.inner.query(q)
    }
}

/// Issue 17 D3: dropping a subscription whose watcher is stuck inside a read returns within
/// the deadline (the thread is left to end when the read does).
#[test]
fn dropping_a_subscription_stuck_in_a_read_returns_within_the_deadline() {
    let source = Arc::new(HangsLater {
        inner: device().file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        ),
        path: "/proc/net/route",
        hang: false.into(),
        never: (Mutex::new(()), Condvar::new()),
    });
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let deadline = Duration::from_millis(100);
    let collector = Collector::builder(consent)
        .source(Arc::clone(&source))
        .deadline(deadline)
        .min_refresh(Duration::ZERO)
        .build();
    // Warm: the route table is known fast, so the watcher reads it on its own thread.
    collector.collect().unwrap();
    collector.collect().unwrap();
    let subscription = collector.subscribe().unwrap();
    source.hang.store(true, Ordering::SeqCst);
    collector.set_network(devprobe::HostNetwork::new(devprobe::ConnectionType::Wifi));
    std::thread::sleep(Duration::from_millis(30));
    let started = Instant::now();
    drop(subscription);
    assert!(
        started.elapsed() < deadline + LOADED_SLACK,
        "drop took {:?}",
        started.elapsed()
    );
}
