//! [`Recording`]: wraps a source and records every query with its answer — to prove what was
//! (and was not) read, and to turn a live device into a snapshot (`--capture`).

use std::sync::{Mutex, PoisonError};

use crate::host::HostFacts;
use crate::platform::Platform;
use crate::source::{Answer, Query, Snapshot, Source, SourceError, deny, read_limit, scrub};

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
/// use devprobe::Platform;
/// use devprobe::source::{Query, Recording, Snapshot, Source};
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

    /// What was read, as a snapshot that replays it, with nothing that identifies the device:
    ///
    /// - IP addresses are minimized first (IPv4 to /24, IPv6 to /48, in interface lists and
    ///   route tables), so a capture never holds a full address.
    /// - Interface names that embed a MAC (systemd's `enx…`, `wlx…`, `wwx…`) are renamed to
    ///   `enx000000000001`, `wlx000000000002`, … in order of first appearance, the same in
    ///   every path, link target, file and list; a network interface's `uevent` keeps only its
    ///   `DEVTYPE` line; a MAC written out in a file is zeroed.
    /// - A directory listing keeps only the names the probes went on to read (a listing of
    ///   `/etc` must not carry every file name on the device), except below
    ///   `/sys/class/net/`, where the presence of an entry (`wireless`, `device`,
    ///   `tun_flags`, `lower_*`) is itself the evidence: those names are kept as empty
    ///   directories, and so is an interface's `device` or `phy80211` link when the probe
    ///   asked for it (its target is not kept).
    ///
    /// Only successful reads create entries. A failed read is kept where the snapshot format
    /// can say the same thing: a file over the read cap is written as a placeholder file one
    /// byte over the cap (replayed as too large, `malformed`), a directory read as a file is
    /// written as an empty directory and a file listed as a directory as an empty file (both
    /// replayed as the wrong kind, `unreadable`). Any other failure (permission denied, other
    /// I/O errors, malformed registry values or properties, time-outs) leaves the entry out,
    /// and the replay answers "not found".
    pub fn to_snapshot(&self) -> Snapshot {
        let mut snap = Snapshot::new(self.inner.platform()).host(self.inner.host_facts());
        let mut names = scrub::MacNames::new();
        let recorded: Vec<Recorded> = self
            .recorded()
            .into_iter()
            .map(|r| scrub::record(r, &mut names))
            .collect();
        let mut listings: Vec<(&str, &[String])> = Vec::new();
        for r in &recorded {
            let answer = match &r.answer {
                Ok(answer) => answer,
                Err(e) => {
                    snap = failed(snap, &r.query, e);
                    continue;
                }
            };
            snap = match (&r.query, answer) {
                (Query::File(p), Answer::Bytes(b)) => snap.file(p, b),
                (Query::Dir(p), Answer::Names(n)) => {
                    listings.push((p, n));
                    snap.dir(p)
                }
                (Query::Link(p), Answer::Text(_)) if presence_only(p) => snap.dir(p),
                (Query::Link(p), Answer::Text(t)) => snap.link(p, t),
                (Query::Property(n), Answer::Text(t)) => snap.property(n, t),
                (Query::Sysctl(n), Answer::Text(t)) => snap.sysctl(n, t),
                (Query::Registry(k, v), Answer::Registry(d)) => snap.registry(k, v, d.clone()),
                (Query::WindowsVersion, Answer::WindowsVersion(v)) => snap.windows_version(*v),
                (Query::Interfaces, Answer::Interfaces(v)) => snap.interfaces(v.clone()),
                (Query::Adapters, Answer::Adapters(v)) => snap.adapters(v.clone()),
                (Query::Display, Answer::Display(d)) => snap.display(*d),
                (Query::Routes, Answer::Routes(r)) => snap.routes(r.clone()),
                (Query::Rules, Answer::Rules(r)) => snap.rules(r.clone()),
                (Query::Web(_), Answer::Web(a)) => snap.web(a.clone()),
                _ => snap,
            };
        }
        for (dir, entries) in listings {
            if !keeps_listed_names(dir) {
                continue;
            }
            for name in entries {
                let child = format!("{}/{name}", dir.trim_end_matches('/'));
                let failed_here = recorded
                    .iter()
                    .any(|r| r.answer.is_err() && r.query.name() == child);
                if !snap.exists(&child) && !failed_here {
                    snap = snap.dir(&child);
                }
            }
        }
        snap
    }
}

/// Whether a listing of `dir` keeps every name: below `/sys/class/net/`, where the network
/// probe takes an entry's presence as evidence without reading it. Those names are attribute
/// names fixed by the kernel, or interface names (already stripped of MACs).
fn keeps_listed_names(dir: &str) -> bool {
    dir.strip_prefix("/sys/class/net/")
        .is_some_and(|rest| !rest.trim_matches('/').is_empty())
}

/// Whether `path` is a link of an interface whose presence alone is the network probe's
/// evidence (`/sys/class/net/IF/device`, `phy80211`): its target (where the hardware sits on
/// its bus) is not kept, an empty directory stands for it and replays as present.
fn presence_only(path: &str) -> bool {
    path.strip_prefix("/sys/class/net/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, leaf)| matches!(leaf, "device" | "phy80211"))
}

/// `snap` with what a failed query can be replayed as, when the snapshot can express it (see
/// [`Recording::to_snapshot`]); nothing is put where something already stands.
fn failed(snap: Snapshot, query: &Query, error: &SourceError) -> Snapshot {
    let path = query.name();
    if snap.exists(path) {
        return snap;
    }
    match (query, error) {
        (Query::File(p), SourceError::TooLarge) => snap.file(p, over_cap(p)),
        (Query::File(p), SourceError::WrongKind) => snap.dir(p),
        (Query::Dir(p), SourceError::WrongKind) => snap.file(p, b""),
        _ => snap,
    }
}

/// A placeholder one byte longer than the read cap of `path`: a note saying what it stands
/// for, repeated.
fn over_cap(path: &str) -> Vec<u8> {
    const NOTE: &[u8] = b"devprobe capture: the file was larger than the read cap\n";
    NOTE.iter()
        .copied()
        .cycle()
        .take(read_limit(path).saturating_add(1))
        .collect()
}

impl<S: Source> Source for Recording<S> {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        let answer = if deny::refuses(query) {
            Err(SourceError::Unsupported)
        } else {
            self.inner.query(query)
        };
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

    fn device_key(&self) -> usize {
        self.inner.device_key()
    }

    fn answers_from_memory(&self, query: &Query) -> bool {
        self.inner.answers_from_memory(query)
    }

    fn memory_generation(&self) -> u64 {
        self.inner.memory_generation()
    }
}
