//! The collect deadline: probes run on a worker thread while the caller waits at most the
//! deadline, so a source that blocks (a sysfs file that never answers, a hung driver call) costs
//! its own field group, never the whole report, and never the caller's thread.
//!
//! - Workers are pooled for the whole process: a process that collects from one thread at a
//!   time starts one worker, once; no thread is started per collect. A worker stuck in a query
//!   is simply not returned to the pool; it rejoins when (if ever) its query returns.
//! - A collect's groups are claimed one by one by a worker; when groups are still unclaimed
//!   and none finished during a quarter of the deadline, another worker joins (a hedge), so one
//!   hung group does not hold the others back.
//! - A query still in flight after the deadline of the collect that asked it is *quarantined*,
//!   with the files of its directory: later collects answer them `TimedOut` at once instead of
//!   blocking again, so collects do not pile up behind a hung driver, and stuck threads stay
//!   bounded by the number of hung directories. The guard that does this is a source wrapper,
//!   [`Guarded`] in `source/guard.rs`.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use web_time::{Duration, Instant};

use crate::facts::{self, Context, Facts};
use crate::field::{Field, FieldSet, Group};
use crate::host::HostFacts;
use crate::report::{IpPrecision, OmitReason, Orientation};
use crate::source::{Guarded, InFlight, Source};

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

/// Runs probes under a deadline. A collect's field groups (OS, device, network, screen) are
/// claimed one at a time by a worker from the process-wide pool; if groups are still unclaimed
/// after a hedge interval (a read is slow or stuck), another worker joins, so a hang costs the
/// group it is in and the others are still reported.
#[derive(Debug)]
pub(crate) struct Runner {
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
        facts::run(&ctx)
    }
}

/// The groups a collect's workers claim, in this order, each with every field of its report
/// object (`os.type` included: it is set with the OS group).
const GROUPS: [Group; 4] = [Group::Os, Group::Device, Group::Network, Group::Screen];

/// The workers shared by every collector of the process: one is enough for a process that
/// collects from one thread at a time, and it is started once.
fn pool() -> &'static Arc<Pool> {
    static POOL: std::sync::OnceLock<Arc<Pool>> = std::sync::OnceLock::new();
    POOL.get_or_init(Arc::default)
}

/// One collect in progress, shared by the caller that waits and the workers that read.
struct Collect {
    request: Request,
    /// The request's source, behind the deadline guard.
    source: Arc<dyn Source>,
    /// The groups to read, with their wanted fields.
    groups: Vec<(Group, FieldSet)>,
    progress: Mutex<Progress>,
    done: std::sync::Condvar,
}

struct Progress {
    /// The next group to claim.
    next: usize,
    results: Vec<Option<Facts>>,
    finished: usize,
}

impl Collect {
    /// Claims and reads groups until none is left. `release` puts the worker back in the pool
    /// before the last result is announced.
    fn work(&self, release: &mut dyn FnMut()) {
        loop {
            let claimed = {
                let mut p = lock(&self.progress);
                let k = p.next;
                p.next += 1;
                self.groups.get(k).map(|(_, wanted)| (k, *wanted))
            };
            let Some((k, wanted)) = claimed else { return };
            let facts = self.request.run(&*self.source, wanted);
            let mut p = lock(&self.progress);
            if let Some(slot) = p.results.get_mut(k) {
                *slot = Some(facts);
            }
            p.finished += 1;
            if p.finished == self.groups.len() {
                drop(p);
                release();
                self.done.notify_all();
                return;
            }
        }
    }
}

fn dispatch(collect: &Arc<Collect>) {
    let c = Arc::clone(collect);
    let job: Job = Box::new(move |release: &mut dyn FnMut()| c.work(release));
    if let Err(job) = pool().spawn(job) {
        // No thread to be had: read on the caller's thread, still bounded per query.
        job(&mut || {});
    }
}

impl Runner {
    /// A runner whose collects wait at most `budget` (`None`: no deadline, probes run on the
    /// caller's thread).
    pub(crate) fn new(budget: Option<Duration>) -> Runner {
        Runner {
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
            // No time to read anything: nothing is asked. `os.type` needs no read.
            for f in request.wanted.iter() {
                facts.omit(f, OmitReason::TimedOut);
            }
            if let Some(t) = request.source.platform().fixed_os_type()
                && request.wanted.contains(Field::OsType)
            {
                facts.os.os_type = Some(t);
                facts.omitted.remove(&Field::OsType);
            }
            return facts;
        }
        let start = Instant::now();
        let Some(deadline) = start.checked_add(budget) else {
            return request.run(&*request.source, request.wanted);
        };
        let source: Arc<dyn Source> = Arc::new(Guarded::new(
            Arc::clone(&request.source),
            Arc::clone(&self.in_flight),
            deadline,
        ));
        let groups: Vec<(Group, FieldSet)> = GROUPS
            .into_iter()
            .map(|g| (g, g.fields().intersection(request.wanted)))
            .filter(|(_, wanted)| !wanted.is_empty())
            .collect();
        let n = groups.len();
        let collect = Arc::new(Collect {
            request,
            source,
            groups,
            progress: Mutex::new(Progress {
                next: 0,
                results: vec![None; n],
                finished: 0,
            }),
            done: std::sync::Condvar::new(),
        });
        dispatch(&collect);

        // Wait for the groups; when some are still unclaimed and none finished during a hedge
        // interval, the workers are stuck, and another worker joins. (A merely busy machine
        // makes progress, and starts no thread.)
        let hedge_every = (budget / 4).max(Duration::from_millis(1));
        let mut last_dispatch = start;
        let mut finished_seen = 0;
        let mut progress = lock(&collect.progress);
        loop {
            let now = Instant::now();
            if progress.finished == n || now >= deadline {
                break;
            }
            if progress.next < n && now >= last_dispatch + hedge_every {
                if progress.finished > finished_seen {
                    finished_seen = progress.finished;
                    last_dispatch = now;
                    continue;
                }
                drop(progress);
                dispatch(&collect);
                last_dispatch = Instant::now();
                progress = lock(&collect.progress);
                continue;
            }
            let wait = deadline
                .min(last_dispatch + hedge_every)
                .saturating_duration_since(now);
            progress = match collect.done.wait_timeout(progress, wait) {
                Ok((p, _)) => p,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        let results = std::mem::take(&mut progress.results);
        drop(progress);
        for ((group, wanted), got) in collect.groups.iter().zip(results) {
            match got {
                Some(got) => {
                    for f in wanted.iter() {
                        facts.copy_field(&got, f);
                    }
                    if *group == Group::Screen {
                        facts.screen.source = got.screen.source;
                    }
                }
                None => {
                    for f in wanted.iter() {
                        facts.omit(f, OmitReason::TimedOut);
                    }
                }
            }
        }
        facts
    }
}
