//! Shared pieces of the devprobe benchmarks: the "floor" (the reads devprobe makes, done with
//! plain `std::fs` and one `if_addrs::get_if_addrs()`), a counting allocator, and collector set-up.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use devprobe::source::{Live, Query, Recording};
use devprobe::{Collector, CollectorBuilder, Consent, Purpose};

/// A collector on the live machine with every purpose granted.
pub fn collector() -> Collector {
    builder().build()
}

/// As [`collector`], with no deadline: probes run inline on the calling thread, without the
/// handoff to the deadline worker.
pub fn collector_inline() -> Collector {
    builder().deadline(Duration::MAX).build()
}

/// As [`collector`], with `min_refresh` zero: every collect reads the network and screen
/// again (static facts, device and OS, stay cached for the process).
pub fn collector_no_cache() -> Collector {
    builder().min_refresh(Duration::ZERO).build()
}

fn builder() -> CollectorBuilder {
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    Collector::builder(consent)
}

/// The queries one full collect makes on this machine, found by recording one.
pub fn queries_of_one_collect() -> Vec<Query> {
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let rec = Arc::new(Recording::new(Live::new()));
    let collector = Collector::builder(consent).source(rec.clone()).build();
    let _ = collector.collect();
    rec.queries()
}

/// The cost of the reads themselves: each file read with `std::fs::read`, each directory listed
/// with `std::fs::read_dir`, each link read, and one `if_addrs::get_if_addrs()`.
pub fn floor(queries: &[Query]) -> usize {
    let mut n = 0;
    for q in queries {
        match q {
            Query::File(p) => n += std::fs::read(p).map(|b| b.len()).unwrap_or(0),
            Query::Dir(p) => n += std::fs::read_dir(p).map(|d| d.count()).unwrap_or(0),
            Query::Link(p) => n += std::fs::read_link(p).map(|_| 1).unwrap_or(0),
            Query::Interfaces => n += if_addrs::get_if_addrs().map(|v| v.len()).unwrap_or(0),
            _ => {}
        }
    }
    n
}

/// A global allocator that counts bytes allocated and the peak of bytes live.
#[derive(Debug)]
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers every operation to the system allocator; only counts on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        TOTAL.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Runs `f` and returns (bytes allocated in total, peak bytes live above the start) during it.
/// Only meaningful when [`Counting`] is the global allocator.
pub fn measure_alloc<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    let start_live = LIVE.load(Ordering::Relaxed);
    PEAK.store(start_live, Ordering::Relaxed);
    let start_total = TOTAL.load(Ordering::Relaxed);
    let out = f();
    let total = TOTAL.load(Ordering::Relaxed) - start_total;
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(start_live);
    (total, peak, out)
}
