//! [`Guarded`]: the collect deadline's source wrapper. It refuses new queries once the
//! collect's deadline has passed and answers quarantined (stuck) queries `TimedOut` at once, so
//! collects do not pile up behind a hung driver (see `collect/deadline.rs`, which runs the workers).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use web_time::Instant;

use crate::host::HostFacts;
use crate::platform::Platform;
use crate::source::{Answer, Query, Source, SourceError};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Queries in flight, each with the deadline of the collect that asked it, shared by every
/// collect of a collector. A short list: only reads under way right now are in it.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    askers: Mutex<Vec<Asker>>,
    next_id: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
struct Asker {
    id: u64,
    query: Query,
    deadline: Instant,
}

/// A source that refuses new queries once `deadline` has passed and answers quarantined
/// (stuck) queries `TimedOut` at once.
pub(crate) struct Guarded {
    inner: Arc<dyn Source>,
    in_flight: Arc<InFlight>,
    deadline: Instant,
}

impl Guarded {
    /// `inner`, refusing queries after `deadline` and the quarantined ones of `in_flight`.
    pub(crate) fn new(inner: Arc<dyn Source>, in_flight: Arc<InFlight>, deadline: Instant) -> Self {
        Guarded {
            inner,
            in_flight,
            deadline,
        }
    }
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
            let mut askers = lock(&self.in_flight.askers);
            // A collect that asked this query, or a file beside it, has already given up on
            // it: it is stuck (a hung driver blocks every file of its directory), and asking
            // would only strand another thread.
            if askers
                .iter()
                .any(|a| a.deadline <= now && related(&a.query, query))
            {
                return Err(SourceError::TimedOut);
            }
            askers.push(Asker {
                id,
                query: query.clone(),
                deadline: self.deadline,
            });
        }
        let answer = self.inner.query(query);
        lock(&self.in_flight.askers).retain(|a| a.id != id);
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
