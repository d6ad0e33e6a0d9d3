// Own binary: it counts this process's threads, descriptors and memory; others would move them.
//! One collector shared by 16 threads doing 10,000 collects each while subscriptions open and
//! close: no deadlock, no lost cleanup (threads and file descriptors back to where they were),
//! no memory growth. One test in this binary, so nothing else moves the counts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Platform, Purpose, WatchOptions};

const THREADS: usize = 16;
const COLLECTS: usize = 10_000;

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap()
}

/// The process's threads as (probe workers, every other thread). The process-wide probe pool
/// keeps up to 4 idle workers for later collects (`MAX_IDLE` in `source/workers.rs`), so how
/// many it holds after a burst depends on the burst's interleaving; a leak is any other thread,
/// or more idle workers than that.
fn threads() -> (usize, usize) {
    let mut workers = 0;
    let mut others = 0;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == "devprobe-probe" {
            workers += 1;
        } else {
            others += 1;
        }
    }
    (workers, others)
}

/// Resident memory in KiB.
fn rss_kib() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4
}

fn device() -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file(
            "/etc/os-release",
            "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .file("/sys/class/dmi/id/product_name", "20UJ001TRT\n")
        .file("/sys/class/dmi/id/product_version", "ThinkPad T14s Gen 1\n")
        .file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        )
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/operstate", "up\n")
        .interfaces(vec![devprobe::source::InterfaceAddr::new(
            "eth0",
            "192.168.1.20".parse().unwrap(),
            Some(24),
        )])
}

fn run(collector: &Arc<Collector>, rounds: usize) {
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let collector = Arc::clone(collector);
            std::thread::spawn(move || {
                let mut subscription = None;
                for i in 0..rounds {
                    let report = collector.collect().unwrap();
                    assert_eq!(report.os.id.as_deref(), Some("debian"));
                    assert_eq!(report.device.brand.as_deref(), Some("Lenovo"));
                    // Each thread opens and closes a subscription every 1,000 collects.
                    if i % 1000 == t % 1000 {
                        subscription = match subscription.take() {
                            Some(_) => None,
                            None => collector
                                .subscribe_with(
                                    WatchOptions::default()
                                        .poll_interval(Duration::from_millis(20)),
                                )
                                .ok(),
                        };
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn sixteen_threads_share_a_collector_without_leaks() {
    if std::fs::read_dir("/proc/self/fd").is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must count resources"
        );
        eprintln!("skipped: no /proc/self to count threads and descriptors");
        return;
    }
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let consent = Consent::new();
        consent.grant(Purpose::ALL.iter().copied());
        let collector = Arc::new(
            Collector::builder(consent)
                .source(device())
                .min_refresh(Duration::from_millis(1))
                .build(),
        );
        // Warm up first: the process-wide probe workers (a few, kept idle for every collector
        // of the process) start here, and are then counted in the baseline.
        run(&collector, 100);
        std::thread::sleep(Duration::from_millis(300));
        let threads_before = threads();
        let fds_before = count("/proc/self/fd");
        // A quarter of the work first, to reach steady state, then the rest.
        run(&collector, COLLECTS / 4);
        let rss_warm = rss_kib();
        run(&collector, COLLECTS - COLLECTS / 4);
        let rss_end = rss_kib();
        drop(collector);
        std::thread::sleep(Duration::from_millis(300));
        let threads_after = threads();
        let fds_after = count("/proc/self/fd");
        done_tx
            .send((
                threads_before,
                threads_after,
                fds_before,
                fds_after,
                rss_warm,
                rss_end,
            ))
            .unwrap();
    });
    let (threads_before, threads_after, fds_before, fds_after, rss_warm, rss_end) = done_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("deadlock: 16 threads did not finish 10,000 collects each in 120 s");
    worker.join().unwrap();
    println!(
        "threads (workers, others) {threads_before:?} -> {threads_after:?}, \
         fds {fds_before} -> {fds_after}, \
         rss {rss_warm} KiB -> {rss_end} KiB"
    );
    assert_eq!(threads_after.1, threads_before.1, "threads left behind");
    assert!(
        threads_after.0 <= 4,
        "more idle probe workers than the pool keeps: {threads_after:?}"
    );
    assert_eq!(fds_after, fds_before, "file descriptors left open");
    assert!(
        rss_end <= rss_warm + 4096,
        "memory grew {rss_warm} KiB -> {rss_end} KiB"
    );
}
