//! [`Recording`]: wraps a source and records every query with its answer — to prove what was
//! (and was not) read, and to turn a live device into a snapshot (`--capture`).

use std::sync::{Mutex, PoisonError};

use crate::host::HostFacts;
use crate::report::Platform;
use crate::source::{Answer, Query, Snapshot, Source, SourceError, scrub};

/// One recorded query and what the wrapped source answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recorded {
    /// The query.
    pub query: Query,
    /// The answer, or why there was none.
    pub answer: Result<Answer, SourceError>,
}

/// A source that records every query sent to the source it wraps.
///
/// ```
/// use devprobe::{Platform, Recording, Snapshot, Source, Query};
/// let rec = Recording::new(Snapshot::new(Platform::Linux));
/// let _ = rec.query(&Query::File("/etc/os-release".into()));
/// assert_eq!(rec.queries(), vec![Query::File("/etc/os-release".into())]);
/// ```
#[derive(Debug)]
pub struct Recording<S> {
    inner: S,
    log: Mutex<Vec<Recorded>>,
}

impl<S: Source> Recording<S> {
    /// Starts recording queries to `inner`.
    pub fn new(inner: S) -> Recording<S> {
        Recording {
            inner,
            log: Mutex::new(Vec::new()),
        }
    }

    /// Every query so far, in order.
    pub fn queries(&self) -> Vec<Query> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|r| r.query.clone())
            .collect()
    }

    /// Every query so far with its answer, in order.
    pub fn recorded(&self) -> Vec<Recorded> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets what was recorded.
    pub fn clear(&self) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The wrapped source.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// What was read, as a snapshot that replays it. IP addresses are minimized first (IPv4 to
    /// /24, IPv6 to /48, in interface lists and route tables), so a capture never holds a full
    /// address. Queries that failed are left out (replayed as "not found").
    pub fn to_snapshot(&self) -> Snapshot {
        let mut snap = Snapshot::new(self.inner.platform()).host(self.inner.host_facts());
        let recorded = self.recorded();
        let queried: Vec<&str> = recorded.iter().map(|r| r.query.name()).collect();
        for r in recorded.clone() {
            let Ok(answer) = r.answer else { continue };
            snap = match (r.query, answer) {
                (Query::File(p), Answer::Bytes(b)) => {
                    let b = scrub::file(&p, b);
                    snap.file(&p, b)
                }
                (Query::Dir(p), Answer::Names(names)) => {
                    // Only the entries the probes went on to read: a listing of /etc must not
                    // carry every file name on the device into a capture.
                    let mut s = snap.dir(&p);
                    for n in names {
                        let child = format!("{}/{n}", p.trim_end_matches('/'));
                        if !s.exists(&child) && read_under(&queried, &child) {
                            s = s.dir(&child);
                        }
                    }
                    s
                }
                (Query::Link(p), Answer::Text(t)) => snap.link(&p, &t),
                (Query::Property(n), Answer::Text(t)) => snap.property(&n, &t),
                (Query::Sysctl(n), Answer::Text(t)) => snap.sysctl(&n, &t),
                (Query::Registry(k, v), Answer::Registry(d)) => snap.registry(&k, &v, d),
                (Query::WindowsVersion, Answer::WindowsVersion(v)) => snap.windows_version(v),
                (Query::Interfaces, Answer::Interfaces(v)) => snap.interfaces(scrub::interfaces(v)),
                (Query::Adapters, Answer::Adapters(v)) => snap.adapters(scrub::adapters(v)),
                (Query::Display, Answer::Display(d)) => snap.display(d),
                _ => snap,
            };
        }
        snap
    }
}

/// Whether any query was about `path` or something below it.
fn read_under(queried: &[&str], path: &str) -> bool {
    queried.iter().any(|q| {
        q.strip_prefix(path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

impl<S: Source> Source for Recording<S> {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        let answer = self.inner.query(query);
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Recorded {
                query: query.clone(),
                answer: answer.clone(),
            });
        answer
    }

    fn host_facts(&self) -> HostFacts {
        self.inner.host_facts()
    }

    fn network_changes(&self) -> Option<Box<dyn crate::source::ChangeFeed>> {
        self.inner.network_changes()
    }
}
