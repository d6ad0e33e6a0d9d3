//! The probe workers: one pool for the whole process, shared by every collector and
//! subscription, with a hard cap on the threads it ever holds at once ([`MAX_WORKERS`]).
//!
//! A worker runs one job at a time: a cold collect's field groups (`collect/deadline.rs`) or one
//! read handed off by the guard (`source/guard.rs`). A worker stuck in a read is simply not
//! back in the pool; it counts against the cap until (if ever) its read returns. When the cap
//! is reached or the OS refuses a thread, [`spawn`] gives the job back and the caller answers
//! `TimedOut` at its deadline: a job never runs on the caller's thread instead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The most probe workers alive at once in a process, idle, busy and stuck together. A hung
/// read strands at most one of them per hung directory (the guard quarantines the rest), so
/// this is only reached by a source whose every directory hangs, or by 16 collects that start
/// cold at the same moment; then further reads are answered `TimedOut`.
pub(crate) const MAX_WORKERS: usize = 16;

/// Idle workers kept; more are let go when concurrency drops.
const MAX_IDLE: usize = 4;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A job gets a `release` callback to call once its work is done and before it delivers the
/// result, so that its worker is back in the pool by the time the caller that waits for the
/// result can ask for another (no thread is started for a collect while one is finishing).
pub(crate) type Job = Box<dyn FnOnce(&mut dyn FnMut()) + Send>;

static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());
static ALIVE: AtomicUsize = AtomicUsize::new(0);

/// Runs `job` on an idle worker or a new one, or gives it back when none can be had (the cap
/// is reached, or the OS refused a thread).
pub(crate) fn spawn(job: Job) -> Result<(), Job> {
    let mut job = job;
    loop {
        let Some(tx) = lock(&IDLE).pop() else {
            break;
        };
        match tx.send(job) {
            Ok(()) => return Ok(()),
            Err(mpsc::SendError(j)) => job = j,
        }
    }
    if ALIVE.fetch_add(1, Ordering::SeqCst) >= MAX_WORKERS {
        ALIVE.fetch_sub(1, Ordering::SeqCst);
        return Err(job);
    }
    let (tx, rx) = mpsc::channel();
    let own_tx = tx.clone();
    let started = std::thread::Builder::new()
        .name("devprobe-probe".into())
        .spawn(move || worker(&rx, &own_tx));
    if started.is_err() {
        ALIVE.fetch_sub(1, Ordering::SeqCst);
        return Err(job);
    }
    tx.send(job).map_err(|mpsc::SendError(j)| j)
}

fn worker(rx: &Receiver<Job>, own_tx: &Sender<Job>) {
    while let Ok(job) = rx.recv() {
        let mut released = false;
        let mut stay = false;
        let mut release = || {
            if !released {
                released = true;
                stay = rejoin(own_tx);
            }
        };
        job(&mut release);
        release();
        if !stay {
            break;
        }
    }
    ALIVE.fetch_sub(1, Ordering::SeqCst);
}

/// Puts the worker back among the idle ones; `false` when it should end instead (idle workers
/// enough).
fn rejoin(own_tx: &Sender<Job>) -> bool {
    let mut idle = lock(&IDLE);
    if idle.len() >= MAX_IDLE {
        return false;
    }
    idle.push(own_tx.clone());
    true
}
