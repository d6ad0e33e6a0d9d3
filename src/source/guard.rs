//! [`Guarded`]: the read-guard. Every read of a collect and of a subscription goes through it
//! (`collect/deadline.rs` decides where the probes run; this decides where each read runs):
//!
//! - **Consent first.** Before each read it asks its `cancelled` check (consent withdrawn, the
//!   subscription stopped); once that says yes, no read starts: the query is answered
//!   `TimedOut` without touching the source.
//! - **Deadline.** After its deadline no read starts.
//! - **Quarantine, process-wide.** A read still in flight after its asker gave up on it is
//!   hung; it and the other files of its directory are answered `TimedOut` at once, to every
//!   collector and subscription of the process reading the same device (the list is keyed by
//!   query and [`Source::device_key`], not by collector: every `Live` source shares one key),
//!   so a hung driver strands one thread, not one per collector. A read on its asker's thread
//!   is registered in that thread's own slot, without a lock (`guard/askers.rs`).
//! - **Where a read runs.** On a worker (a cold collect's groups): inline, timed. On the
//!   caller's thread (a warm collect, a subscription's watcher): a query this runner has seen
//!   answer within its grace ([`GRACE`]; and, if it was ever slower, 32 times in a row since), or has not
//!   read yet and its source [answers from memory](Source::answers_from_memory), is read
//!   inline, with no handoff; any other query is handed to a pooled worker (`source/workers.rs`) and waited for at most the
//!   caller's hang wait, then given up (quarantined). When no worker can be had, it is
//!   answered `TimedOut`: an untrusted read never runs on the caller's thread.
//! - **Trust follows the mounts.** What a runner learned is forgotten when the source's
//!   [`memory_generation`](Source::memory_generation) moves; a guard asks it once, at the first
//!   query that needs it, so a mount made during a collect is seen by the next collect.
//! - **Without a deadline** (`deadline(Duration::MAX)`): every read inline, only the consent
//!   check applies.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use web_time::{Duration, Instant};

use crate::host::HostFacts;
use crate::platform::Platform;
use crate::source::deny::last_slash;
use crate::source::inline;
use crate::source::workers;
use crate::source::{Answer, Query, Source, SourceError, WebQuery};

mod askers;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether reading must stop (consent withdrawn, the subscription stopped).
#[derive(Clone)]
pub(crate) enum Cancel {
    /// Once the counter has moved past this value (a consent handle's generation: a collect's
    /// check, built without allocating).
    Since(Arc<dyn Generation>, u64),
    /// Once this says so.
    When(Arc<dyn Fn() -> bool + Send + Sync>),
}

/// A counter that moves whenever what a read depends on changes (consent's generation).
pub(crate) trait Generation: Send + Sync {
    /// The value now.
    fn generation(&self) -> u64;
}

impl Cancel {
    /// Whether reading must stop now.
    pub(crate) fn now(&self) -> bool {
        match self {
            Cancel::Since(counter, at) => counter.generation() != *at,
            Cancel::When(check) => check(),
        }
    }
}

/// The least time within which a read counts as fast: once read so on a worker, the query is
/// read on the caller's thread. The grace of a collect is a twentieth of its deadline, at least
/// this (10 ms for the default 200 ms): live reads of sysfs, procfs and `getifaddrs` take
/// microseconds, and a loaded machine (or valgrind) can make them take a few milliseconds
/// without their being at risk of hanging; a read that sleeps, blocks on a FUSE or NFS server
/// or waits for a driver takes longer and goes back to the workers.
pub(crate) const GRACE: Duration = Duration::from_millis(2);

/// The grace of a collect ending at `deadline` (see [`GRACE`]).
fn grace_for(deadline: Instant) -> Duration {
    (deadline.saturating_duration_since(Instant::now()) / 20).max(GRACE)
}

/// Fast answers in a row, on workers, after which a query that was once slow is read on the
/// caller's thread again (a busy machine can make one fast read look slow).
const RETRUST_AFTER: u16 = 32;

/// Queries whose speed a runner remembers; past this, new queries stay untrusted (handed off).
const TRUST_ENTRIES: usize = 4096;

/// A query's fingerprint, and its directory's for files and links: what the quarantine and
/// the trust table compare, so that a read costs no copy of its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Print {
    query: u64,
    dir: Option<u64>,
}

/// `h` continued over `bytes`, 8 at a time (the last word overlapping the one before, so no
/// byte is copied), then their length.
fn mix(mut h: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes)
    };
    if bytes.len() < 8 {
        let short = bytes
            .iter()
            .rev()
            .fold(0u64, |w, b| (w << 8) | u64::from(*b));
        if !bytes.is_empty() {
            h = (h.rotate_left(5) ^ short).wrapping_mul(K);
        }
    } else {
        let mut at = 0;
        while at + 8 < bytes.len() {
            h = (h.rotate_left(5) ^ word(at)).wrapping_mul(K);
            at += 8;
        }
        h = (h.rotate_left(5) ^ word(bytes.len() - 8)).wrapping_mul(K);
    }
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

impl Print {
    /// A word-at-a-time multiplicative hash (8 bytes per step) over the query's kind and name;
    /// for files and links, the directory's is the state after the part before the last `/`,
    /// which the rest then continues.
    fn of(query: &Query) -> Print {
        let (kind, first, second, path) = match query {
            Query::File(p) => (1u8, p.as_str(), "", true),
            Query::Link(p) => (1, p.as_str(), "", true),
            Query::Dir(p) => (2, p.as_str(), "", false),
            Query::Property(n) => (3, n.as_str(), "", false),
            Query::Sysctl(n) => (4, n.as_str(), "", false),
            Query::Registry(k, v) => (5, k.as_str(), v.as_str(), false),
            Query::WindowsVersion => (6, "", "", false),
            Query::Interfaces => (7, "", "", false),
            Query::Adapters => (8, "", "", false),
            Query::Display => (9, "", "", false),
            Query::Routes => (10, "", "", false),
            Query::Rules => (11, "", "", false),
            Query::Web(q) => (
                12,
                match q {
                    WebQuery::UserAgent => "ua",
                    WebQuery::ClientHints => "ch",
                    WebQuery::Connection => "connection",
                    WebQuery::Online => "online",
                    WebQuery::ScreenOrientation => "orientation",
                    WebQuery::Viewport => "viewport",
                    WebQuery::WxDevice => "wx.device",
                    WebQuery::WxNetwork => "wx.network",
                    WebQuery::WxMotion => "wx.motion",
                },
                "",
                false,
            ),
        };
        let seed = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind);
        let bytes = first.as_bytes();
        let (mut h, dir) = match path.then(|| last_slash(bytes)).flatten() {
            Some(slash) => {
                let (parent, name) = bytes.split_at(slash);
                let d = mix(seed, parent);
                (mix(d, name), Some(d))
            }
            None => (mix(seed, bytes), None),
        };
        h = mix(h ^ 0xff, second.as_bytes());
        // A file and a link of one name differ; their directory is the same.
        if matches!(query, Query::Link(_)) {
            h = mix(h, &[0xfe]);
        }
        Print { query: h, dir }
    }

    /// Whether a hang of `self` makes `other` suspect: the same query, or files of the same
    /// directory.
    fn related(self, other: Print) -> bool {
        self.query == other.query || (self.dir.is_some() && self.dir == other.dir)
    }
}

/// What a runner learned about its source's reads: which queries are fast (read inline), and
/// whether its collects may run on the caller's thread at all (`warm`).
#[derive(Debug, Default)]
pub(crate) struct Trust {
    /// Query (fingerprint) → how it answered so far.
    fast: Mutex<HashMap<u64, Speed, BuildHasherDefault<Passthrough>>>,
    /// The source's [`memory_generation`](Source::memory_generation) that `fast` was learned
    /// under.
    generation: AtomicU64,
    warm: AtomicBool,
}

impl Trust {
    /// Whether the last collect read everything fast: the next one runs on the caller's thread.
    pub(crate) fn is_warm(&self) -> bool {
        self.warm.load(Ordering::Relaxed)
    }

    pub(crate) fn set_warm(&self, warm: bool) {
        self.warm.store(warm, Ordering::Relaxed);
    }

    /// `Some(true)` when `query` was seen fast (see [`Speed::trusted`]) under the source's
    /// current [`memory_generation`](Source::memory_generation), `Some(false)` when it was read
    /// but is not trusted, `None` when it was never read. When the generation moved (the mounts
    /// changed), everything learned is forgotten first: each query is judged again.
    fn speed(&self, query: Print, generation: impl FnOnce() -> u64) -> Option<bool> {
        let known = lock(&self.fast).get(&query.query).map(Speed::trusted);
        if known != Some(true) {
            return known;
        }
        let now = generation();
        if self.generation.load(Ordering::Relaxed) == now {
            return known;
        }
        let mut map = lock(&self.fast);
        if self.generation.swap(now, Ordering::Relaxed) != now {
            map.clear();
        }
        map.get(&query.query).map(Speed::trusted)
    }

    fn record(&self, query: Print, fast: bool) {
        let mut map = lock(&self.fast);
        let room = map.len() < TRUST_ENTRIES;
        match map.get_mut(&query.query) {
            Some(speed) => speed.answered(fast),
            None if room || !fast => {
                if map.capacity() == 0 {
                    // A collect asks about 20 queries: room for them at once, not by doubling.
                    map.reserve(32);
                }
                let mut speed = Speed::default();
                speed.answered(fast);
                map.insert(query.query, speed);
            }
            None => {}
        }
    }
}

/// The trust table's keys are fingerprints already: no second hash.
#[derive(Debug, Default)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// How one query answered: fast answers in a row, and whether it was ever slow.
#[derive(Debug, Default, Clone, Copy)]
struct Speed {
    fast_streak: u16,
    ever_slow: bool,
}

impl Speed {
    fn answered(&mut self, fast: bool) {
        if fast {
            self.fast_streak = self.fast_streak.saturating_add(1);
        } else {
            self.fast_streak = 0;
            self.ever_slow = true;
        }
    }

    /// Read on the caller's thread: fast every time, or again [`RETRUST_AFTER`] times in a
    /// row since it was last slow.
    fn trusted(&self) -> bool {
        self.fast_streak >= if self.ever_slow { RETRUST_AFTER } else { 1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// No deadline: every read inline.
    Unbounded,
    /// On a probe worker: every read inline, timed.
    OnWorker,
    /// On the caller's thread: trusted reads inline, others handed off.
    OnCaller,
}

/// The read-guard over `inner` (see the module doc).
pub(crate) struct Guarded {
    inner: Arc<dyn Source>,
    mode: Mode,
    deadline: Instant,
    /// On the caller: how long a handed-off read is waited for before it is given up as hung.
    hang_wait: Duration,
    trust: Arc<Trust>,
    cancelled: Cancel,
    /// Whether a read was slow, given up or could not be handed off.
    slow: AtomicBool,
    /// A read answered within this is fast ([`grace_for`]).
    grace: Duration,
    /// The source's [`device_key`](Source::device_key), asked once.
    device: usize,
    /// `deadline` as the in-flight list keeps it (`askers::stamp`).
    deadline_stamp: u64,
    /// The source's [`memory_generation`](Source::memory_generation), asked once, at the first
    /// query that needs it: a mount made during this guard's collect (tens of microseconds) is
    /// seen by the next collect.
    generation: OnceLock<u64>,
}

impl Guarded {
    /// No deadline: reads run inline until `cancelled`.
    pub(crate) fn unbounded(inner: Arc<dyn Source>, cancelled: Cancel) -> Self {
        Guarded {
            inner,
            mode: Mode::Unbounded,
            deadline: Instant::now(),
            hang_wait: Duration::ZERO,
            trust: Arc::default(),
            cancelled,
            slow: AtomicBool::new(false),
            grace: GRACE,
            device: 0,
            deadline_stamp: 0,
            generation: OnceLock::new(),
        }
    }

    /// For probes on a worker: reads inline, learning into `trust`, none after `deadline`.
    pub(crate) fn on_worker(
        inner: Arc<dyn Source>,
        trust: Arc<Trust>,
        cancelled: Cancel,
        deadline: Instant,
    ) -> Self {
        let device = inner.device_key();
        Guarded {
            inner,
            mode: Mode::OnWorker,
            deadline,
            hang_wait: Duration::ZERO,
            trust,
            cancelled,
            slow: AtomicBool::new(false),
            grace: grace_for(deadline),
            device,
            deadline_stamp: askers::stamp(deadline),
            generation: OnceLock::new(),
        }
    }

    /// For probes on the caller's thread: trusted reads inline, others handed off and waited
    /// for at most `hang_wait` each, none after `deadline`.
    pub(crate) fn on_caller(
        inner: Arc<dyn Source>,
        trust: Arc<Trust>,
        cancelled: Cancel,
        deadline: Instant,
        hang_wait: Duration,
    ) -> Self {
        let device = inner.device_key();
        Guarded {
            inner,
            mode: Mode::OnCaller,
            deadline,
            hang_wait,
            trust,
            cancelled,
            slow: AtomicBool::new(false),
            grace: grace_for(deadline),
            device,
            deadline_stamp: askers::stamp(deadline),
            generation: OnceLock::new(),
        }
    }

    /// Whether a read was slow, given up, or found no worker.
    pub(crate) fn saw_slow(&self) -> bool {
        self.slow.load(Ordering::Relaxed)
    }

    /// `query` on a worker, waited for until `gives_up`.
    fn hand_off(&self, query: &Query, print: Print, now: Instant) -> Result<Answer, SourceError> {
        let gives_up = self.deadline.min(now + self.hang_wait);
        let in_flight = askers::register_handed(self.device, print, now, gives_up)?;
        let slot = Arc::new(Slot::default());
        let job: workers::Job = {
            let (inner, trust, slot, grace, in_flight) = (
                Arc::clone(&self.inner),
                Arc::clone(&self.trust),
                Arc::clone(&slot),
                self.grace,
                in_flight,
            );
            let query = query.clone();
            Box::new(move |release: &mut dyn FnMut()| {
                let started = Instant::now();
                let answer = inner.query(&query);
                let fast = started.elapsed() <= grace;
                drop(in_flight);
                trust.record(print, fast);
                release();
                *lock(&slot.answer) = Some((answer, fast));
                slot.ready.notify_all();
            })
        };
        // A job not taken is dropped, and its read unregistered with it.
        if workers::spawn(job).is_err() {
            self.slow.store(true, Ordering::Relaxed);
            return Err(SourceError::TimedOut);
        }
        let mut answer = lock(&slot.answer);
        loop {
            if let Some((answer, fast)) = answer.take() {
                if !fast {
                    self.slow.store(true, Ordering::Relaxed);
                }
                return answer;
            }
            let left = gives_up.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.slow.store(true, Ordering::Relaxed);
                return Err(SourceError::TimedOut);
            }
            answer = match slot.ready.wait_timeout(answer, left) {
                Ok((a, _)) => a,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

/// Where a handed-off read leaves its answer.
#[derive(Default)]
struct Slot {
    answer: Mutex<Option<(Result<Answer, SourceError>, bool)>>,
    ready: Condvar,
}

impl Source for Guarded {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        if self.cancelled.now() {
            return Err(SourceError::TimedOut);
        }
        if self.mode == Mode::Unbounded {
            return self.inner.query(query);
        }
        let now = Instant::now();
        if now >= self.deadline {
            return Err(SourceError::TimedOut);
        }
        let print = Print::of(query);
        let known = self.trust.speed(print, || {
            *self
                .generation
                .get_or_init(|| self.inner.memory_generation())
        });
        // Asked only for a query not seen fast: a table lookup is all a warm read costs.
        let mut from_memory = None;
        if self.mode == Mode::OnCaller && known != Some(true) {
            let memory = self.inner.answers_from_memory(query);
            if !memory {
                return self.hand_off(query, print, now);
            }
            from_memory = Some(memory);
        }
        let in_flight =
            askers::register_inline(self.device, print, now, self.deadline, self.deadline_stamp)?;
        let answer = if self.mode == Mode::OnCaller {
            let _read = inline::CallerRead::begin();
            self.inner.query(query)
        } else {
            self.inner.query(query)
        };
        // Compared with the instant it had to end by, not as a duration: no checked
        // subtraction of two clock readings per read.
        let fast = now
            .checked_add(self.grace)
            .is_none_or(|until| Instant::now() <= until);
        drop(in_flight);
        // The source found at the moment of reading what the judgement could not see (a mount
        // made over the path since): the read goes to a worker after all.
        if self.mode == Mode::OnCaller && inline::take_wants_worker() {
            return self.hand_off(query, print, now);
        }
        // A slow answer from memory is a busy machine (or valgrind), not a read at risk of
        // hanging: it counts as fast, stays on the caller's thread and does not send later
        // collects to the workers.
        let slow = !fast && !from_memory.unwrap_or_else(|| self.inner.answers_from_memory(query));
        // On the caller only trusted queries are read here: seen fast (a fast answer changes
        // nothing) or answered from memory (recorded, so the table knows them from now on).
        if self.mode == Mode::OnWorker || slow || known.is_none() {
            self.trust.record(print, !slow);
        }
        if slow {
            self.slow.store(true, Ordering::Relaxed);
        }
        answer
    }

    fn host_facts(&self) -> HostFacts {
        self.inner.host_facts()
    }

    fn answers_from_memory(&self, query: &Query) -> bool {
        self.inner.answers_from_memory(query)
    }

    fn memory_generation(&self) -> u64 {
        self.inner.memory_generation()
    }
}

#[cfg(test)]
mod tests {
    use super::Print;
    use crate::source::Query;

    fn file(p: &str) -> Print {
        Print::of(&Query::File(p.into()))
    }

    #[test]
    fn a_hang_makes_its_query_and_its_directory_suspect_and_nothing_else() {
        let hung = file("/sys/class/dmi/id/product_name");
        assert!(hung.related(file("/sys/class/dmi/id/product_name")));
        assert!(hung.related(file("/sys/class/dmi/id/sys_vendor")));
        assert!(hung.related(Print::of(&Query::Link("/sys/class/dmi/id/x".into()))));
        assert!(!hung.related(file("/sys/class/dmi/product_name")));
        assert!(!hung.related(file("/sys/class/dmi/id/product_name/x")));
        assert!(!hung.related(Print::of(&Query::Dir("/sys/class/dmi/id".into()))));
        let props = Print::of(&Query::Property("ro.product.model".into()));
        assert!(props.related(Print::of(&Query::Property("ro.product.model".into()))));
        assert!(!props.related(Print::of(&Query::Property("ro.product.brand".into()))));
        assert!(!props.related(Print::of(&Query::Sysctl("ro.product.model".into()))));
        assert_ne!(
            file("/a/b").query,
            Print::of(&Query::Link("/a/b".into())).query
        );
    }

    #[test]
    fn the_fingerprint_sees_every_byte_at_every_length() {
        let mut seen = std::collections::HashSet::new();
        for len in 0..40 {
            let base = "a".repeat(len);
            assert!(seen.insert(super::mix(1, base.as_bytes())), "{len}");
            for at in 0..len {
                let mut other = base.clone().into_bytes();
                other[at] = b'b';
                assert!(seen.insert(super::mix(1, &other)), "{len} {at}");
            }
        }
        assert_ne!(file("/sys/x/a").query, file("/sys/x/b").query);
        assert_eq!(file("/sys/x/a").dir, file("/sys/x/b").dir);
    }
}
