//! Change events: [`Collector::subscribe`](crate::Collector::subscribe) watches the network
//! facts and delivers a [`Change`] when the egress interface, the access type, the VPN state,
//! online/offline or the minimized IP changes.
//!
//! | platform | trigger |
//! |---|---|
//! | Linux (live) | pushed: an rtnetlink socket on the link, address and route groups |
//! | others, snapshots | polled every [`WatchOptions::poll_interval`], which also picks up network facts the host pushed |
//!
//! Signals are debounced ([`WatchOptions::debounce`], 500 ms by default): a burst of route
//! and address messages (a Wi-Fi roam, a VPN connecting) gives one change with the settled
//! facts. One thread per subscription, no async runtime. The thread and its socket end when
//! the [`Subscription`] is dropped or consent is withdrawn; a change is never delivered with a
//! field whose purpose is not granted at the moment of delivery.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::collector::permitted_fields;
use crate::consent::{Consent, OnWithdraw};
use crate::error::Error;
use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::probe::{self, Context, Facts};
use crate::report::{IpPrecision, Network, Platform};
use crate::source::{ChangeFeed, Source};

/// How often the watching thread looks at its stop flag while waiting.
const TICK: Duration = Duration::from_millis(100);

/// How a subscription watches: `WatchOptions::default().debounce(Duration::from_millis(200))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct WatchOptions {
    debounce: Duration,
    poll_interval: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(500),
            poll_interval: Duration::from_secs(5),
        }
    }
}

impl WatchOptions {
    /// How long the network must stay quiet after a signal before the facts are read again
    /// (default 500 ms). A burst that never settles is read after ten times this.
    pub fn debounce(mut self, quiet: Duration) -> Self {
        self.debounce = quiet;
        self
    }

    /// How often the facts are read where the OS pushes no signals (default 5 s): platforms
    /// other than Linux, snapshots, and host-pushed network facts.
    pub fn poll_interval(mut self, every: Duration) -> Self {
        self.poll_interval = every.max(Duration::from_millis(10));
        self
    }
}

/// One change of the network facts, e.g.
/// `{"changed": ["network.online", "network.ip"], "route_changed": true,
///   "network": {"connection_type": "unavailable", "vpn": false, "online": false, ...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Change {
    /// The fields whose value changed, in report order (a field that appeared or vanished
    /// counts).
    pub changed: Vec<Field>,
    /// Whether Internet-bound traffic now leaves through another interface (even when the
    /// reported facts look the same).
    pub route_changed: bool,
    /// The network facts now: every granted `network.*` field, minimized as in reports.
    pub network: Network,
}

/// A running watch. Iterate it (blocking) or call [`recv_timeout`](Self::recv_timeout);
/// iteration ends when consent is withdrawn. Dropping it stops the thread and closes its
/// socket.
pub struct Subscription {
    rx: Receiver<Change>,
    consent: Consent,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("active", &self.is_active())
            .finish()
    }
}

struct Shared {
    stop: AtomicBool,
}

impl OnWithdraw for Shared {
    fn withdrawn(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Reads what the host pushed into the collector.
pub(crate) type HostReader = Box<dyn Fn() -> HostFacts + Send>;

/// The network fields.
fn network_fields() -> FieldSet {
    crate::probe::groups::NETWORK.iter().copied().collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    network: Network,
    egress: Option<String>,
}

struct Watcher {
    consent: Consent,
    source: Arc<dyn Source>,
    precision: IpPrecision,
    host: HostReader,
    options: WatchOptions,
    feed: Option<Box<dyn ChangeFeed>>,
    shared: Arc<Shared>,
}

/// Starts a subscription (see [`Collector::subscribe`](crate::Collector::subscribe)).
pub(crate) fn subscribe(
    consent: Consent,
    source: Arc<dyn Source>,
    precision: IpPrecision,
    host: HostReader,
    options: WatchOptions,
) -> Result<Subscription, Error> {
    let (grant, _) = consent.snapshot();
    let grant = grant.ok_or(Error::ConsentRequired)?;
    if permitted_fields(&consent, &grant)
        .intersection(network_fields())
        .is_empty()
    {
        return Err(Error::ConsentRequired);
    }
    let shared = Arc::new(Shared {
        stop: AtomicBool::new(false),
    });
    let listener: Arc<dyn OnWithdraw> = shared.clone();
    consent.on_withdraw(Arc::downgrade(&listener));
    // The feed opens before the first read, so no change between the two is missed.
    let feed = source.network_changes();
    let mut watcher = Watcher {
        consent: consent.clone(),
        source,
        precision,
        host,
        options,
        feed,
        shared: shared.clone(),
    };
    let baseline = watcher.read().ok_or(Error::ConsentRequired)?;
    let (tx, rx) = mpsc::channel();
    // A thread that cannot start leaves an inactive subscription whose iteration ends at once.
    let thread = thread::Builder::new()
        .name("devprobe-watch".into())
        .spawn(move || watcher.run(baseline, &tx))
        .ok();
    Ok(Subscription {
        rx,
        consent,
        shared,
        thread,
    })
}

impl Watcher {
    /// The facts now, read for the granted network fields only; `None` when nothing network
    /// is granted or consent changed while reading.
    fn read(&self) -> Option<State> {
        let (grant, generation) = self.consent.snapshot();
        let wanted = permitted_fields(&self.consent, &grant?).intersection(network_fields());
        if wanted.is_empty() {
            return None;
        }
        let ctx = Context {
            source: &*self.source,
            wanted,
            host: self.source.host_facts().overlay((self.host)()),
            ip_precision: self.precision,
            previous_orientation: None,
        };
        let facts = probe::run(&ctx);
        let egress = match self.source.platform() {
            Platform::Linux | Platform::Android => {
                crate::probe::linux::network::egress_interface(&*self.source)
            }
            _ => None,
        };
        (self.consent.generation() == generation).then_some(State {
            network: facts.network,
            egress,
        })
    }

    fn stopped(&self) -> bool {
        self.shared.stop.load(Ordering::SeqCst)
    }

    fn run(&mut self, mut last: State, tx: &Sender<Change>) {
        let mut next_poll = Instant::now() + self.options.poll_interval;
        while !self.stopped() {
            let signalled = match self.feed.as_mut().map(|f| f.wait(TICK)) {
                Some(Ok(s)) => s,
                Some(Err(_)) => {
                    self.feed = None;
                    false
                }
                None => {
                    thread::sleep(TICK.min(next_poll.saturating_duration_since(Instant::now())));
                    false
                }
            };
            let polled = self.feed.is_none() && Instant::now() >= next_poll;
            if !signalled && !polled {
                continue;
            }
            if signalled && !self.settle() {
                return;
            }
            next_poll = Instant::now() + self.options.poll_interval;
            let Some(now) = self.read() else { continue };
            if let Some(change) = diff(&last, &now)
                && tx.send(change).is_err()
            {
                return;
            }
            last = now;
        }
    }

    /// Waits until the feed has been quiet for the debounce time (at most ten times it).
    /// Returns `false` when the subscription stopped meanwhile.
    fn settle(&mut self) -> bool {
        let start = Instant::now();
        let cap = start + self.options.debounce.saturating_mul(10);
        let mut quiet_until = start + self.options.debounce;
        loop {
            if self.stopped() {
                return false;
            }
            let now = Instant::now();
            if now >= quiet_until || now >= cap {
                return true;
            }
            let wait = TICK.min(quiet_until - now);
            match self.feed.as_mut().map(|f| f.wait(wait)) {
                Some(Ok(true)) => quiet_until = Instant::now() + self.options.debounce,
                Some(Ok(false)) => {}
                Some(Err(_)) | None => thread::sleep(wait),
            }
        }
    }
}

/// The change from `old` to `new`, or `None` when nothing moved.
fn diff(old: &State, new: &State) -> Option<Change> {
    let (a, b) = (&old.network, &new.network);
    let mut changed = Vec::new();
    let mut check = |field: Field, same: bool| {
        if !same {
            changed.push(field);
        }
    };
    check(Field::NetworkIp, a.ip == b.ip);
    check(
        Field::NetworkConnectionType,
        a.connection_type == b.connection_type,
    );
    check(
        Field::NetworkConnectionSubtype,
        a.connection_subtype == b.connection_subtype,
    );
    check(Field::NetworkVpn, a.vpn == b.vpn);
    check(Field::NetworkOnline, a.online == b.online);
    check(Field::NetworkIpv4, a.ipv4 == b.ipv4);
    check(Field::NetworkIpv6, a.ipv6 == b.ipv6);
    let route_changed = old.egress != new.egress;
    (!changed.is_empty() || route_changed).then(|| Change {
        changed,
        route_changed,
        network: b.clone(),
    })
}

impl Subscription {
    /// Whether the subscription still delivers: not stopped by a withdrawal, and its thread
    /// still running.
    pub fn is_active(&self) -> bool {
        !self.shared.stop.load(Ordering::SeqCst)
            && self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// The next change, waiting at most `timeout`.
    ///
    /// # Errors
    /// [`RecvTimeoutError::Timeout`] when nothing changed in time;
    /// [`RecvTimeoutError::Disconnected`] when the subscription has ended (consent withdrawn).
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Change, RecvTimeoutError> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let change = self.rx.recv_timeout(left)?;
            if let Some(c) = self.permitted(change)? {
                return Ok(c);
            }
        }
    }

    /// `change` cut to what is granted now; `Ok(None)` when nothing of it may be delivered,
    /// `Err(Disconnected)` when the subscription has ended.
    fn permitted(&self, mut change: Change) -> Result<Option<Change>, RecvTimeoutError> {
        if self.shared.stop.load(Ordering::SeqCst) {
            return Err(RecvTimeoutError::Disconnected);
        }
        let (grant, _) = self.consent.snapshot();
        let Some(grant) = grant else {
            return Err(RecvTimeoutError::Disconnected);
        };
        let allowed = permitted_fields(&self.consent, &grant).intersection(network_fields());
        if allowed.is_empty() {
            return Ok(None);
        }
        let mut facts = Facts {
            network: change.network,
            ..Facts::default()
        };
        for f in network_fields().iter() {
            if !allowed.contains(f) {
                facts.clear(f);
            }
        }
        change.network = facts.network;
        change.changed.retain(|f| allowed.contains(*f));
        Ok((!change.changed.is_empty() || change.route_changed).then_some(change))
    }
}

impl Iterator for Subscription {
    type Item = Change;

    /// Blocks until the next change; `None` once the subscription has ended.
    fn next(&mut self) -> Option<Change> {
        loop {
            let change = self.rx.recv().ok()?;
            match self.permitted(change) {
                Ok(Some(c)) => return Some(c),
                Ok(None) => {}
                Err(_) => return None,
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take()
            && t.thread().id() != thread::current().id()
        {
            let _ = t.join();
        }
    }
}
