//! The collect deadline: where a collect's probes run, so that a source that blocks (a sysfs
//! file that never answers, a hung FUSE mount, a driver call that waits) costs its own fields,
//! never the whole report, and never the caller's thread past the deadline.
//!
//! - **Warm** (the common collect, and the live machine's first): the probes run on the
//!   caller's thread, with no handoff to another thread; the read-guard ([`Guarded`],
//!   `source/guard.rs`) reads inline only the queries seen answer fast, or not yet read and
//!   [answered from memory](crate::source::Source::answers_from_memory), and hands any other
//!   to a pooled worker, waited for at most a quarter of the deadline.
//! - **Cold** (a collector's first collect, and every collect after one that saw a slow or
//!   hung read): the field groups are claimed one by one by pooled workers while the caller
//!   waits at most the deadline; when groups are still unclaimed and none finished during a
//!   quarter of the deadline, another worker joins (a hedge), so one hung group does not hold
//!   the others back. A collect in which every read was fast makes the collector warm.
//! - Workers are one pool for the process, capped (`source/workers.rs`); when none can be
//!   had, the fields are `timed_out` at the deadline: probes never fall back to the caller.
//! - A read still in flight after its asker gave up is quarantined, process-wide, with the
//!   files of its directory: later collects of every collector answer them `TimedOut` at once.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use web_time::{Duration, Instant};

use crate::facts::{Context, Facts, Rules};
use crate::field::{Field, FieldSet, Group};
use crate::host::HostFacts;
use crate::report::{IpPrecision, OmitReason, Orientation};
use crate::source::{Cancel, Guarded, Source, Trust};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs probes under a deadline. A collect's field groups (OS, device, network, screen) are
/// claimed one at a time by a worker from the process-wide pool; if groups are still unclaimed
/// after a hedge interval (a read is slow or stuck), another worker joins, so a hang costs the
/// group it is in and the others are still reported.
#[derive(Debug, Clone)]
pub(crate) struct Runner {
    trust: Arc<Trust>,
    budget: Option<Duration>,
}

/// What one collect asks the probes for.
pub(crate) struct Request {
    pub(crate) source: Arc<dyn Source>,
    /// The rules applied to what the source answers.
    pub(crate) rules: Rules,
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
        self.rules.run(&ctx)
    }
}

/// The groups a collect's workers claim, in this order, each with every field of its report
/// object (`os.type` included: it is set with the OS group).
const GROUPS: [Group; 4] = [Group::Os, Group::Device, Group::Network, Group::Screen];

/// One collect in progress, shared by the caller that waits and the workers that read.
struct Collect {
    request: Request,
    /// The request's source, behind the read-guard.
    source: Arc<Guarded>,
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

/// Hands the collect to a worker. When none can be had the groups stay unclaimed: the caller
/// tries again at its next hedge and reports them `timed_out` at the deadline, and never reads
/// them itself.
fn dispatch(collect: &Arc<Collect>) {
    let c = Arc::clone(collect);
    let _ = crate::source::spawn_worker(Box::new(move |release: &mut dyn FnMut()| {
        c.work(release);
    }));
}

impl Runner {
    /// A runner of collects of `source` that wait at most `budget` (`None`: no deadline, probes
    /// run on the caller's thread).
    ///
    /// What it knows about the source's reads: for the live machine, one table for the whole
    /// process (an app that builds a collector per collect reads inline from its second on);
    /// for any other source, this runner's own.
    pub(crate) fn new(budget: Option<Duration>, source: &dyn Source) -> Runner {
        static MACHINE: std::sync::OnceLock<Arc<Trust>> = std::sync::OnceLock::new();
        let trust = if source.device_key() == crate::source::THIS_MACHINE {
            // Warm from the start: the machine's kernel interfaces answer from memory, so the
            // first collect of the process reads them on the caller's thread too; its other
            // reads are handed off one by one until seen fast.
            Arc::clone(MACHINE.get_or_init(|| {
                let trust = Trust::default();
                trust.set_warm(true);
                Arc::new(trust)
            }))
        } else {
            Arc::default()
        };
        Runner { trust, budget }
    }

    /// The most a collect may take (`None`: no deadline).
    pub(crate) fn budget(&self) -> Option<Duration> {
        self.budget
    }

    /// Runs `read` on the calling thread over `source` behind the read-guard: trusted reads
    /// inline, the others on a worker, none once `cancelled` or after the deadline. For a
    /// subscription's watcher, whose thread must stay free to stop.
    pub(crate) fn read_inline<R>(
        &self,
        source: Arc<dyn Source>,
        cancelled: Cancel,
        read: impl FnOnce(&dyn Source) -> R,
    ) -> R {
        let now = Instant::now();
        match self.budget.and_then(|b| Some((b, now.checked_add(b)?))) {
            Some((budget, deadline)) => read(&Guarded::on_caller(
                Arc::clone(&source),
                Arc::clone(&self.trust),
                cancelled,
                deadline,
                hang_wait(budget),
            )),
            None => read(&Guarded::unbounded(source, cancelled)),
        }
    }

    /// The facts for `request.wanted`; fields not read in time are omitted `timed_out`, and no
    /// read starts once `cancelled` says so.
    pub(crate) fn run(&self, request: Request, cancelled: Cancel) -> Facts {
        let start = Instant::now();
        let Some((budget, deadline)) = self.budget.and_then(|b| Some((b, start.checked_add(b)?)))
        else {
            let source = Guarded::unbounded(Arc::clone(&request.source), cancelled);
            return request.run(&source, request.wanted);
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
        let trust = &self.trust;
        if trust.is_warm() {
            // The common collect: on this thread, no handoff.
            let source = Guarded::on_caller(
                Arc::clone(&request.source),
                Arc::clone(trust),
                cancelled,
                deadline,
                hang_wait(budget),
            );
            let facts = request.run(&source, request.wanted);
            if source.saw_slow() {
                trust.set_warm(false);
            }
            return facts;
        }
        let source = Arc::new(Guarded::on_worker(
            Arc::clone(&request.source),
            Arc::clone(trust),
            cancelled,
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
        let all_finished = progress.finished == n;
        drop(progress);
        // Every group read, and every read fast: the next collect runs on the caller's thread.
        trust.set_warm(all_finished && !collect.source.saw_slow());
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

/// How long a read handed off from the caller's thread is waited for before it is given up as
/// hung: a quarter of the deadline, so one hang leaves time for the other groups' reads.
fn hang_wait(budget: Duration) -> Duration {
    (budget / 4).max(Duration::from_millis(1))
}
