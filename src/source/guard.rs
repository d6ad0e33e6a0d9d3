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
//!   so a hung driver strands one thread, not one per collector.
//! - **Where a read runs.** On a worker (a cold collect's groups): inline, timed. On the
//!   caller's thread (a warm collect, a subscription's watcher): a query this runner has seen
//!   answer within [`GRACE`] (and, if it was ever slower, 32 times in a row since) is read
//!   inline, with no handoff; any other
//!   query is handed to a pooled worker (`source/workers.rs`) and waited for at most the
//!   caller's hang wait, then given up (quarantined). When no worker can be had, it is
//!   answered `TimedOut`: an untrusted read never runs on the caller's thread.
//! - **Without a deadline** (`deadline(Duration::MAX)`): every read inline, only the consent
//!   check applies.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::host::HostFacts;
use crate::platform::Platform;
use crate::source::workers;
use crate::source::{Answer, Query, Source, SourceError};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether reading must stop (consent withdrawn, the subscription stopped).
pub(crate) type Cancel = Arc<dyn Fn() -> bool + Send + Sync>;

/// A read answered within this is fast: once read so on a worker, the query is read on the
/// caller's thread. Live reads of sysfs, procfs and `getifaddrs` take microseconds; a read
/// that sleeps, blocks on a FUSE or NFS server or waits for a driver takes longer and goes
/// back to the workers.
pub(crate) const GRACE: Duration = Duration::from_millis(2);

/// Fast answers in a row, on workers, after which a query that was once slow is read on the
/// caller's thread again (a busy machine can make one fast read look slow).
const RETRUST_AFTER: u16 = 32;

/// Queries whose speed a runner remembers; past this, new queries stay untrusted (handed off).
const TRUST_ENTRIES: usize = 4096;

/// Reads in flight in this process, each with the instant its asker gives up on it.
static ASKERS: Mutex<Vec<Asker>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

struct Asker {
    id: u64,
    /// The asked source's [`Source::device_key`].
    device: usize,
    query: Query,
    gives_up: Instant,
}

/// Registers a read about to start, unless it or a file beside it is quarantined (a read of it
/// is in flight past its asker's give-up time: a hung driver blocks its whole directory).
fn register(
    device: usize,
    query: &Query,
    now: Instant,
    gives_up: Instant,
) -> Result<u64, SourceError> {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut askers = lock(&ASKERS);
    if askers
        .iter()
        .any(|a| a.gives_up <= now && a.device == device && related(&a.query, query))
    {
        return Err(SourceError::TimedOut);
    }
    askers.push(Asker {
        id,
        device,
        query: query.clone(),
        gives_up,
    });
    Ok(id)
}

fn unregister(id: u64) {
    lock(&ASKERS).retain(|a| a.id != id);
}

/// What a runner learned about its source's reads: which queries are fast (read inline), and
/// whether its collects may run on the caller's thread at all (`warm`).
#[derive(Debug, Default)]
pub(crate) struct Trust {
    /// Query → how it answered so far.
    fast: Mutex<HashMap<Query, Speed>>,
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

    fn is_fast(&self, query: &Query) -> bool {
        lock(&self.fast).get(query).is_some_and(Speed::trusted)
    }

    fn record(&self, query: &Query, fast: bool) {
        let mut map = lock(&self.fast);
        let room = map.len() < TRUST_ENTRIES;
        match map.get_mut(query) {
            Some(speed) => speed.answered(fast),
            None if room || !fast => {
                let mut speed = Speed::default();
                speed.answered(fast);
                map.insert(query.clone(), speed);
            }
            None => {}
        }
        if !fast {
            self.set_warm(false);
        }
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
        }
    }

    /// For probes on a worker: reads inline, learning into `trust`, none after `deadline`.
    pub(crate) fn on_worker(
        inner: Arc<dyn Source>,
        trust: Arc<Trust>,
        cancelled: Cancel,
        deadline: Instant,
    ) -> Self {
        Guarded {
            inner,
            mode: Mode::OnWorker,
            deadline,
            hang_wait: Duration::ZERO,
            trust,
            cancelled,
            slow: AtomicBool::new(false),
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
        Guarded {
            inner,
            mode: Mode::OnCaller,
            deadline,
            hang_wait,
            trust,
            cancelled,
            slow: AtomicBool::new(false),
        }
    }

    /// Whether a read was slow, given up, or found no worker.
    pub(crate) fn saw_slow(&self) -> bool {
        self.slow.load(Ordering::Relaxed)
    }

    /// `query` on a worker, waited for until `gives_up`.
    fn hand_off(&self, query: &Query, now: Instant) -> Result<Answer, SourceError> {
        let gives_up = self.deadline.min(now + self.hang_wait);
        let id = register(self.inner.device_key(), query, now, gives_up)?;
        let slot = Arc::new(Slot::default());
        let job: workers::Job = {
            let (inner, trust, slot) = (
                Arc::clone(&self.inner),
                Arc::clone(&self.trust),
                Arc::clone(&slot),
            );
            let query = query.clone();
            Box::new(move |release: &mut dyn FnMut()| {
                let started = Instant::now();
                let answer = inner.query(&query);
                let fast = started.elapsed() <= GRACE;
                unregister(id);
                trust.record(&query, fast);
                release();
                *lock(&slot.answer) = Some((answer, fast));
                slot.ready.notify_all();
            })
        };
        if workers::spawn(job).is_err() {
            unregister(id);
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
        if (self.cancelled)() {
            return Err(SourceError::TimedOut);
        }
        if self.mode == Mode::Unbounded {
            return self.inner.query(query);
        }
        let now = Instant::now();
        if now >= self.deadline {
            return Err(SourceError::TimedOut);
        }
        if self.mode == Mode::OnCaller && !self.trust.is_fast(query) {
            return self.hand_off(query, now);
        }
        let id = register(self.inner.device_key(), query, now, self.deadline)?;
        let answer = self.inner.query(query);
        let fast = now.elapsed() <= GRACE;
        unregister(id);
        // On the caller only trusted (fast) queries are read here: a fast answer changes nothing.
        if self.mode == Mode::OnWorker || !fast {
            self.trust.record(query, fast);
        }
        if !fast {
            self.slow.store(true, Ordering::Relaxed);
        }
        answer
    }

    fn host_facts(&self) -> HostFacts {
        self.inner.host_facts()
    }
}

/// Whether a hang of `a` makes `b` suspect: the same query, or files of the same directory.
fn related(a: &Query, b: &Query) -> bool {
    fn dir(q: &Query) -> Option<&str> {
        match q {
            Query::File(p) | Query::Link(p) => p.rsplit_once('/').map(|(d, _)| d),
            _ => None,
        }
    }
    a == b || dir(a).is_some_and(|d| Some(d) == dir(b))
}
