//! A watch with nothing changing sleeps until an event or a real deadline, whatever drives it:
//! a polled source (Windows, Apple, Android, snapshots) wakes once per poll interval; a source
//! with a change feed that can be woken (Linux rtnetlink) waits in it with no timeout at all;
//! an orientation-only watch has no deadline. Each case counts the reads and the feed waits
//! and measures the watcher thread's CPU time (`/proc/self/task/*/schedstat` on Linux) and the
//! process's (`getrusage`; this binary has one test, so nothing else runs meanwhile).
//!
//! The live Linux case, in a network namespace, is `tests/watch_idle_netns.rs`.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, ChangeFeed, InterfaceAddr, Query, Snapshot, Source, SourceError};
use devprobe::{Collector, Consent, Platform, Purpose, Subscription, WatchOptions};

/// How the device signals changes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Feed {
    /// No feed: the watch polls.
    None,
    /// A feed whose wait another thread can end (as rtnetlink + eventfd on Linux).
    Wakeable,
    /// A feed without a waker (a foreign source's): waited on in 100 ms slices.
    Plain,
}

/// A wired Linux device that never changes; counts route-table reads and feed waits.
struct Device {
    snap: Snapshot,
    feed: Feed,
    route_reads: AtomicUsize,
    waits: Arc<AtomicUsize>,
}

impl Device {
    fn new(feed: Feed) -> Arc<Device> {
        let route = format!(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t{:08X}\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
            u32::from(Ipv4Addr::new(192, 168, 1, 1)).swap_bytes()
        );
        let snap = Snapshot::new(Platform::Linux)
            .file("/sys/class/net/eth0/type", "1\n")
            .file("/sys/class/net/eth0/operstate", "up\n")
            .file("/proc/net/route", route)
            .interfaces(vec![InterfaceAddr::new(
                "eth0",
                "192.168.1.9".parse().unwrap(),
                Some(24),
            )]);
        Arc::new(Device {
            snap,
            feed,
            route_reads: AtomicUsize::new(0),
            waits: Arc::new(AtomicUsize::new(0)),
        })
    }
}

/// A feed that never signals; its waker (when it has one) ends a wait at once.
struct QuietFeed {
    waits: Arc<AtomicUsize>,
    wake_rx: Receiver<()>,
    wake_tx: Mutex<Sender<()>>,
    wakeable: bool,
}

impl ChangeFeed for QuietFeed {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        self.waits.fetch_add(1, Ordering::SeqCst);
        match self.wake_rx.recv_timeout(timeout) {
            Ok(()) => while self.wake_rx.try_recv().is_ok() {},
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
        }
        Ok(false)
    }

    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        let tx = Mutex::new(self.wake_tx.lock().unwrap().clone());
        self.wakeable.then(|| {
            Box::new(move || {
                let _ = tx.lock().unwrap().send(());
            }) as Box<dyn Fn() + Send + Sync>
        })
    }
}

impl Source for Device {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name() == "/proc/net/route" {
            self.route_reads.fetch_add(1, Ordering::SeqCst);
        }
        self.snap.query(q)
    }
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        if self.feed == Feed::None {
            return None;
        }
        let (wake_tx, wake_rx) = mpsc::channel();
        Some(Box::new(QuietFeed {
            waits: Arc::clone(&self.waits),
            wake_rx,
            wake_tx: Mutex::new(wake_tx),
            wakeable: self.feed == Feed::Wakeable,
        }))
    }
}

/// CPU time (user + system) of the whole process so far, in µs.
fn process_cpu_us() -> i64 {
    #[cfg(unix)]
    {
        // SAFETY: `usage` is a plain C struct, valid when zeroed, written by the call.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: RUSAGE_SELF with a valid, writable rusage.
        assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) }, 0);
        // `time_t` and `suseconds_t` are narrower on some targets (macOS: i32 microseconds).
        #[allow(clippy::useless_conversion)]
        let us = |t: libc::timeval| i64::from(t.tv_sec) * 1_000_000 + i64::from(t.tv_usec);
        us(usage.ru_utime) + us(usage.ru_stime)
    }
    #[cfg(not(unix))]
    0
}

/// CPU time of the `devprobe-watch` thread so far, in µs (Linux: its `schedstat`, in ns; this
/// binary runs one subscription at a time). Elsewhere the whole process's.
fn watcher_cpu_us() -> i64 {
    #[cfg(target_os = "linux")]
    {
        for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.trim() == "devprobe-watch" {
                let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap();
                let ns: i64 = stat.split_whitespace().next().unwrap().parse().unwrap();
                return ns / 1000;
            }
        }
        panic!("no devprobe-watch thread");
    }
    #[cfg(not(target_os = "linux"))]
    process_cpu_us()
}

struct Idle {
    /// Route-table reads of one read of the facts (the subscription's first).
    per_read: usize,
    route_reads: usize,
    waits: usize,
    /// The whole process's CPU time over the window.
    cpu_us: i64,
    /// The watcher thread's.
    watcher_us: i64,
}

/// Subscribes, lets the watch settle, then stays idle for `window` and counts.
fn idle(
    device: &Arc<Device>,
    purposes: &[Purpose],
    options: WatchOptions,
    window: Duration,
) -> Idle {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(device))
        .build();
    consent.grant(purposes.iter().copied());
    let first = device.route_reads.load(Ordering::SeqCst);
    let sub: Subscription = collector.subscribe_with(options).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let (reads, waits, cpu, watcher) = (
        device.route_reads.load(Ordering::SeqCst),
        device.waits.load(Ordering::SeqCst),
        process_cpu_us(),
        watcher_cpu_us(),
    );
    let got = sub.recv_timeout(window);
    assert!(
        matches!(got, Err(RecvTimeoutError::Timeout)),
        "nothing changed, yet: {got:?}"
    );
    let result = Idle {
        per_read: reads - first,
        route_reads: device.route_reads.load(Ordering::SeqCst) - reads,
        waits: device.waits.load(Ordering::SeqCst) - waits,
        cpu_us: process_cpu_us() - cpu,
        watcher_us: watcher_cpu_us() - watcher,
    };
    // Dropping wakes the watcher at once when it can be woken.
    let start = Instant::now();
    drop(sub);
    if device.feed != Feed::Plain {
        assert!(
            start.elapsed() < Duration::from_millis(90),
            "drop waited {:?}",
            start.elapsed()
        );
    }
    result
}

/// The budget, 10 ms of CPU per 60 s, for `window`.
fn budget_us(window: Duration) -> i64 {
    i64::try_from(window.as_micros() * 10_000 / 60_000_000).unwrap()
}

#[test]
fn an_idle_watch_sleeps_until_an_event_or_a_real_deadline() {
    let network = [Purpose::Connectivity, Purpose::ServerSelection];

    // A polled source, polled every 400 ms for 1.3 s: three polls, each one read of the
    // facts, nothing in between.
    let polled = Device::new(Feed::None);
    let poll = WatchOptions::default().poll_interval(Duration::from_millis(400));
    let r = idle(&polled, &network, poll, Duration::from_millis(1300));
    assert!(r.per_read > 0);
    assert_eq!(r.route_reads, 3 * r.per_read, "polls in 1.3 s at 400 ms");
    eprintln!(
        "polled (3 polls in 1.3 s): {} µs of CPU ({} µs in the watcher)",
        r.cpu_us, r.watcher_us
    );
    assert!(r.cpu_us < 30_000, "polled watch used {} µs", r.cpu_us);

    // A wakeable feed, with a poll interval that has long passed (the old busy loop: a wait
    // of 0 ms, over and over): one wait, no read, no measurable CPU.
    let window = Duration::from_millis(1500);
    let fed = Device::new(Feed::Wakeable);
    let short = WatchOptions::default().poll_interval(Duration::from_millis(100));
    let r = idle(&fed, &network, short, window);
    eprintln!(
        "wakeable feed: {} waits, {} reads, {} µs of CPU in {window:?} ({} µs in the watcher)",
        r.waits, r.route_reads, r.cpu_us, r.watcher_us
    );
    assert!(r.waits <= 1, "{} feed waits in {window:?}", r.waits);
    assert_eq!(r.route_reads, 0);
    assert!(r.watcher_us < budget_us(window), "{} µs", r.watcher_us);

    // A feed without a waker: 100 ms slices (so a stop is seen), never a spin.
    let plain = Device::new(Feed::Plain);
    let r = idle(&plain, &network, short, window);
    eprintln!(
        "plain feed: {} waits in {window:?}, {} µs in the watcher",
        r.waits, r.watcher_us
    );
    assert!((10..=16).contains(&r.waits), "{} feed waits", r.waits);
    assert_eq!(r.route_reads, 0);

    // Orientation only, no accelerometer polling: no feed is opened and nothing is read; the
    // thread wakes only at the default 5 s poll (to notice a network purpose granted later).
    let screen = Device::new(Feed::Wakeable);
    let r = idle(
        &screen,
        &[Purpose::VideoOrientation],
        WatchOptions::default(),
        window,
    );
    eprintln!(
        "orientation only: {} µs of CPU in {window:?} ({} µs in the watcher)",
        r.cpu_us, r.watcher_us
    );
    assert_eq!((r.waits, r.route_reads), (0, 0));
    assert!(r.watcher_us < budget_us(window), "{} µs", r.watcher_us);
}
