//! The collect deadline: probes run on a reusable worker thread while the caller waits at most
//! the deadline, so a source that blocks (a sysfs file that never answers, a hung driver call)
//! costs one field group, never the whole report, and never the caller's thread.
//!
//! - Workers are pooled: a collector used from one thread keeps one worker for its lifetime
//!   (no thread per collect). A worker stuck in a query is simply not returned to the pool; it
//!   rejoins when (if ever) its query returns.
//! - A query still in flight after the deadline of the collect that asked it is *quarantined*:
//!   later collects answer it `TimedOut` at once instead of blocking on it again, so collects do
//!   not pile up behind it, and stuck threads stay bounded by the number of distinct stuck
//!   queries.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::probe::{self, Context, Facts, groups};
use crate::report::{IpPrecision, OmitReason, Orientation, Platform};
use crate::source::{Answer, Query, Source, SourceError};

/// Idle workers kept per collector; more are let go when concurrency drops.
const MAX_IDLE: usize = 4;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A job gets a `release` callback to call once its work is done and before it delivers the
/// result, so that its worker is back in the pool by the time the collect that waits for the
/// result can ask for another (no thread is started for a collect while one is finishing).
type Job = Box<dyn FnOnce(&mut dyn FnMut()) + Send>;

enum Message {
    Run(Job),
    Stop,
}

/// A pool of probe workers.
#[derive(Default)]
pub(crate) struct Pool {
    idle: Mutex<Vec<Sender<Message>>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("idle", &lock(&self.idle).len())
            .finish()
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for tx in lock(&self.idle).drain(..) {
            let _ = tx.send(Message::Stop);
        }
    }
}

impl Pool {
    /// Runs `job` on a worker, or gives it back when no worker could be started (the OS
    /// refused a thread).
    pub(crate) fn spawn(self: &Arc<Self>, job: Job) -> Result<(), Job> {
        let mut message = Message::Run(job);
        loop {
            let Some(tx) = lock(&self.idle).pop() else {
                break;
            };
            match tx.send(message) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(m)) => message = m,
            }
        }
        let (tx, rx) = mpsc::channel();
        let pool = Arc::downgrade(self);
        let own_tx = tx.clone();
        let started = std::thread::Builder::new()
            .name("devprobe-probe".into())
            .spawn(move || worker(rx, own_tx, pool));
        let sent = match started {
            Ok(_) => tx.send(message).map_err(|mpsc::SendError(m)| m),
            Err(_) => Err(message),
        };
        match sent {
            Ok(()) => Ok(()),
            Err(Message::Run(job)) => Err(job),
            Err(Message::Stop) => Ok(()),
        }
    }
}

fn worker(rx: Receiver<Message>, own_tx: Sender<Message>, pool: Weak<Pool>) {
    while let Ok(Message::Run(job)) = rx.recv() {
        let mut released = false;
        let mut stay = false;
        let mut release = || {
            if !released {
                released = true;
                stay = rejoin(&pool, &own_tx);
            }
        };
        job(&mut release);
        release();
        if !stay {
            return;
        }
    }
}

/// Puts the worker back among the idle ones; `false` when it should end instead (the pool is
/// gone, or has idle workers enough).
fn rejoin(pool: &Weak<Pool>, own_tx: &Sender<Message>) -> bool {
    let Some(pool) = pool.upgrade() else {
        return false;
    };
    let mut idle = lock(&pool.idle);
    if idle.len() >= MAX_IDLE {
        return false;
    }
    idle.push(own_tx.clone());
    true
}

/// Queries in flight, each with the deadline of the collect that asked it, shared by every
/// collect of a collector.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    started: Mutex<HashMap<Query, Vec<(u64, Instant)>>>,
    next_id: std::sync::atomic::AtomicU64,
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

/// A source that refuses new queries once `deadline` has passed and answers quarantined
/// (stuck) queries `TimedOut` at once.
pub(crate) struct Guarded {
    pub(crate) inner: Arc<dyn Source>,
    pub(crate) in_flight: Arc<InFlight>,
    pub(crate) deadline: Instant,
}

impl Source for Guarded {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        let now = Instant::now();
        if now >= self.deadline {
            return Err(SourceError::TimedOut);
        }
        let id = self
            .in_flight
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        {
            let mut started = lock(&self.in_flight.started);
            // A collect that asked this query, or a file beside it, has already given up on
            // it: it is stuck (a hung driver blocks every file of its directory), and asking
            // would only strand another thread.
            let stuck = started.iter().any(|(q, askers)| {
                related(q, query) && askers.iter().any(|(_, deadline)| *deadline <= now)
            });
            if stuck {
                return Err(SourceError::TimedOut);
            }
            started
                .entry(query.clone())
                .or_default()
                .push((id, self.deadline));
        }
        let answer = self.inner.query(query);
        let mut started = lock(&self.in_flight.started);
        if let Some(askers) = started.get_mut(query) {
            askers.retain(|(i, _)| *i != id);
            if askers.is_empty() {
                started.remove(query);
            }
        }
        answer
    }

    fn host_facts(&self) -> HostFacts {
        self.inner.host_facts()
    }
}

/// Runs probes under a deadline: one worker job per field group (OS, device, network, screen),
/// so a hang in one group costs that group's fields only.
#[derive(Debug)]
pub(crate) struct Runner {
    pool: Arc<Pool>,
    in_flight: Arc<InFlight>,
    budget: Option<Duration>,
}

/// What one collect asks the probes for.
pub(crate) struct Request {
    pub(crate) source: Arc<dyn Source>,
    pub(crate) wanted: FieldSet,
    pub(crate) host: HostFacts,
    pub(crate) ip_precision: IpPrecision,
    pub(crate) previous_orientation: Option<Orientation>,
}

impl Request {
    fn run(&self, source: &dyn Source, wanted: FieldSet) -> Facts {
        let ctx = Context {
            source,
            wanted,
            host: self.host,
            ip_precision: self.ip_precision,
            previous_orientation: self.previous_orientation,
        };
        probe::run(&ctx)
    }
}

const GROUPS: [&[Field]; 4] = [groups::OS, groups::DEVICE, groups::NETWORK, groups::SCREEN];

fn group_fields(i: usize) -> FieldSet {
    let mut set: FieldSet = GROUPS
        .get(i)
        .copied()
        .unwrap_or(&[])
        .iter()
        .copied()
        .collect();
    if i == 0 {
        set.insert(Field::OsType);
    }
    set
}

impl Runner {
    /// A runner whose collects wait at most `budget` (`None`: no deadline, probes run on the
    /// caller's thread).
    pub(crate) fn new(budget: Option<Duration>) -> Runner {
        Runner {
            pool: Arc::new(Pool::default()),
            in_flight: Arc::default(),
            budget,
        }
    }

    /// The facts for `request.wanted`; fields not read in time are omitted `timed_out`.
    pub(crate) fn run(&self, request: Request) -> Facts {
        let Some(budget) = self.budget else {
            return request.run(&*request.source, request.wanted);
        };
        let mut facts = Facts::default();
        if budget.is_zero() {
            // No time to read anything: nothing is asked.
            for f in request.wanted.iter() {
                facts.omit(f, OmitReason::TimedOut);
            }
            return facts;
        }
        let start = Instant::now();
        let Some(deadline) = start.checked_add(budget) else {
            return request.run(&*request.source, request.wanted);
        };
        let guarded: Arc<dyn Source> = Arc::new(Guarded {
            inner: Arc::clone(&request.source),
            in_flight: Arc::clone(&self.in_flight),
            deadline,
        });
        let request = Arc::new(request);
        let (tx, rx) = mpsc::channel::<(usize, Facts)>();
        let mut pending = Vec::new();
        for i in 0..GROUPS.len() {
            let wanted = group_fields(i).intersection(request.wanted);
            if wanted.is_empty() {
                continue;
            }
            pending.push(i);
            let (tx, guarded, request) = (tx.clone(), Arc::clone(&guarded), Arc::clone(&request));
            let job: Job = Box::new(move |release: &mut dyn FnMut()| {
                let facts = request.run(&*guarded, wanted);
                release();
                let _ = tx.send((i, facts));
            });
            if let Err(job) = self.pool.spawn(job) {
                // No thread to be had: read on the caller's thread, still bounded per query.
                job(&mut || {});
            }
        }
        drop(tx);
        while !pending.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok((i, got)) = rx.recv_timeout(left) else {
                break;
            };
            pending.retain(|p| *p != i);
            let wanted = group_fields(i).intersection(request.wanted);
            for f in wanted.iter() {
                crate::refresh::copy_field(&mut facts, &got, f);
            }
            if i == 3 {
                facts.screen.source = got.screen.source;
            }
        }
        for i in pending {
            for f in group_fields(i).intersection(request.wanted).iter() {
                facts.omit(f, OmitReason::TimedOut);
            }
        }
        facts
    }
}
