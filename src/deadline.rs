//! The collect deadline: probes run on a reusable worker thread while the caller waits at most
//! the deadline, so a source that blocks (a sysfs file that never answers, a hung driver call)
//! costs one field group, never the whole report, and never the caller's thread.
//!
//! - Workers are pooled: a collector used from one thread keeps one worker for its lifetime
//!   (no thread per collect). A worker stuck in a query is simply not returned to the pool; it
//!   rejoins when (if ever) its query returns.
//! - A query that has been in flight for longer than the deadline is *quarantined*: later
//!   collects answer it `TimedOut` at once instead of blocking on it again, so collects do not
//!   pile up behind it and stuck threads stay bounded by the number of distinct stuck queries.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::host::HostFacts;
use crate::report::Platform;
use crate::source::{Answer, Query, Source, SourceError};

/// Idle workers kept per collector; more are let go when concurrency drops.
const MAX_IDLE: usize = 4;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

type Job = Box<dyn FnOnce() + Send>;

enum Message {
    Run(Job),
    Stop,
}

/// A pool of probe workers.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    idle: Mutex<Vec<Sender<Message>>>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for tx in lock(&self.idle).drain(..) {
            let _ = tx.send(Message::Stop);
        }
    }
}

impl Pool {
    /// Runs `job` on a worker. Returns `false` when no worker could be started (the OS refused
    /// a thread), in which case the job was not run.
    pub(crate) fn spawn(self: &Arc<Self>, job: Job) -> bool {
        let mut message = Message::Run(job);
        loop {
            let Some(tx) = lock(&self.idle).pop() else { break };
            match tx.send(message) {
                Ok(()) => return true,
                Err(mpsc::SendError(m)) => message = m,
            }
        }
        let (tx, rx) = mpsc::channel();
        let pool = Arc::downgrade(self);
        let own_tx = tx.clone();
        let started = std::thread::Builder::new()
            .name("devprobe-probe".into())
            .spawn(move || worker(rx, own_tx, pool));
        started.is_ok() && tx.send(message).is_ok()
    }
}

fn worker(rx: Receiver<Message>, own_tx: Sender<Message>, pool: Weak<Pool>) {
    while let Ok(Message::Run(job)) = rx.recv() {
        job();
        let Some(pool) = pool.upgrade() else { return };
        let mut idle = lock(&pool.idle);
        if idle.len() >= MAX_IDLE {
            return;
        }
        idle.push(own_tx.clone());
    }
}

/// Queries in flight, with when each asking started, shared by every collect of a collector.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    started: Mutex<HashMap<Query, Vec<(u64, Instant)>>>,
    next_id: std::sync::atomic::AtomicU64,
}

/// A source that refuses new queries once `deadline` has passed and answers quarantined
/// (stuck) queries `TimedOut` at once.
pub(crate) struct Guarded {
    pub(crate) inner: Arc<dyn Source>,
    pub(crate) in_flight: Arc<InFlight>,
    pub(crate) deadline: Instant,
    pub(crate) budget: Duration,
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
        let id = self.in_flight.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        {
            let mut started = lock(&self.in_flight.started);
            let askers = started.entry(query.clone()).or_default();
            // Someone has been waiting on this very query for longer than a whole collect may
            // take: it is stuck, and asking again would only strand another thread.
            if askers.iter().any(|(_, since)| now.duration_since(*since) > self.budget) {
                return Err(SourceError::TimedOut);
            }
            askers.push((id, now));
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
