//! Change events: [`Collector::subscribe`](crate::Collector::subscribe) watches the network
//! facts and delivers a [`Change`] when the egress interface, the access type, the VPN state,
//! online/offline or the minimized IP changes — and, for `video_orientation`, when the screen
//! orientation changes: a host push ([`Collector::set_orientation`](crate::Collector::set_orientation))
//! is delivered at once; the accelerometer is polled only when
//! [`WatchOptions::orientation_poll`] asks for it (off by default: sensors are read only while
//! a subscription asks).
//!
//! | platform | trigger ([`Change::via`]) |
//! |---|---|
//! | Linux, Android (live) | pushed: an rtnetlink socket on the link, address, route and rule groups (`rtnetlink`) |
//! | Windows (live) | pushed: `NotifyIpInterfaceChange`, `NotifyRouteChange2`, `NotifyUnicastIpAddressChange` (`ip_helper`) |
//! | macOS, iOS (live) | pushed: a `PF_ROUTE` socket (`route_socket`) |
//! | every platform | host pushes ([`Collector::set_network`](crate::Collector::set_network), [`Collector::set_orientation`](crate::Collector::set_orientation)): at once (`host`); on Android the host's `NetworkCallback` is the feed |
//! | a feed that cannot be opened, snapshots | polled every [`WatchOptions::poll_interval`] (`poll`) |
//!
//! A signal re-reads only what it can have changed: an OS feed signal or a network push reads
//! the network facts, an orientation push or poll the screen; device and OS facts never.
//!
//! Between signals the thread sleeps: in the feed's wait (Linux) or on a condition variable,
//! until a signal, a host push, a stop, or its next real deadline (the next poll where there
//! is no feed, the next orientation poll when asked). Nothing wakes it on a timer otherwise.
//!
//! Signals are debounced ([`WatchOptions::debounce`], 500 ms by default): a burst of route
//! and address messages (a Wi-Fi roam, a VPN connecting) gives one change with the settled
//! facts. One thread per subscription, no async runtime. The thread and its socket end when
//! the [`Subscription`] is dropped or consent is withdrawn; a change is never delivered with a
//! field whose purpose is not granted at the moment of delivery.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};

use crate::collect::deadline::Runner;
use crate::source::Cancel;
use std::sync::{Arc, Condvar};
use std::thread::{self, JoinHandle};
use web_time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::collect::gate::permitted_fields;
use crate::consent::{Consent, OnWithdraw};
use crate::error::Error;
use crate::facts::{self, Context, Facts, Rules};
use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::report::{IpPrecision, Network, OrientationSource, Screen};
use crate::source::{ChangeFeed, Source, Via};

/// How long one wait on a feed without a [`ChangeFeed::waker`] lasts (a feed from a foreign
/// source): the thread looks at its stop flag and host pushes this often.
const TICK: Duration = Duration::from_millis(100);

/// How a subscription watches: `WatchOptions::default().debounce(Duration::from_millis(200))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct WatchOptions {
    debounce: Duration,
    poll_interval: Duration,
    orientation_poll: Option<Duration>,
    on_demand: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Self::DEFAULT_DEBOUNCE,
            poll_interval: Duration::from_secs(5),
            orientation_poll: None,
            on_demand: false,
        }
    }
}

impl WatchOptions {
    /// The shortest debounce [`debounce`](Self::debounce) accepts: 5 ms (what the latency
    /// benchmark uses; one netlink burst of a route change arrives within it).
    pub const MIN_DEBOUNCE: Duration = Duration::from_millis(5);

    /// The default debounce: 500 ms.
    pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(500);

    /// How long the network must stay quiet after a signal before the facts are read again
    /// (default [`DEFAULT_DEBOUNCE`](Self::DEFAULT_DEBOUNCE), 500 ms; at least
    /// [`MIN_DEBOUNCE`](Self::MIN_DEBOUNCE)). A burst that never settles is read after ten
    /// times this, so a flapping link gives at most one change per debounce window.
    pub fn debounce(mut self, quiet: Duration) -> Self {
        self.debounce = quiet.max(Self::MIN_DEBOUNCE);
        self
    }

    /// How often the facts are read where the OS pushes no signals (default 5 s): platforms
    /// other than Linux, and snapshots. Host pushes never wait for it: they are read at once.
    /// Between polls the watching thread sleeps.
    pub fn poll_interval(mut self, every: Duration) -> Self {
        self.poll_interval = every.max(Duration::from_millis(10));
        self
    }

    /// Reads the screen orientation (the accelerometer on Linux, the display elsewhere) every
    /// `every` (at least 10 ms) while the subscription lives and `video_orientation` is granted.
    /// Off by default: without it only host pushes are delivered, and no sensor is read.
    pub fn orientation_poll(mut self, every: Duration) -> Self {
        self.orientation_poll = Some(every.max(Duration::from_millis(10)));
        self
    }

    /// No thread and no OS feed: the facts are read again only when the host calls
    /// [`Subscription::check_now`], because its platform announced a change (the browser's
    /// `change`, `online` and `offline` events, WeChat's `wx.onNetworkStatusChange`). For
    /// targets without threads (`wasm32-unknown-unknown`) and hosts with their own events.
    pub fn on_demand(mut self) -> Self {
        self.on_demand = true;
        self
    }
}

/// One change of the watched facts — the network, and the screen orientation when
/// `video_orientation` is granted — e.g.
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
    /// The network facts now: every granted `network.*` field, minimized as in reports
    /// (empty, and left out of the JSON, when no network purpose is granted).
    #[serde(default, skip_serializing_if = "is_default")]
    pub network: Network,
    /// The screen facts now, when `video_orientation` is granted and an orientation was known
    /// (left out of the JSON otherwise), e.g. `{"orientation": "portrait_primary",
    /// "rotation_degrees": 0, "source": "host"}`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub screen: Screen,
    /// How the change reached the subscription, e.g. `"rtnetlink"` (a pushed OS feed),
    /// `"host"` (a host push) or `"poll"` (no feed could be opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A running watch. Iterate it (blocking) or call [`recv_timeout`](Self::recv_timeout);
/// iteration ends when consent is withdrawn. Dropping it stops the thread and closes its
/// socket.
pub struct Subscription {
    rx: Receiver<Change>,
    consent: Consent,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    /// Disconnects when the watcher thread ends, so that a drop waits for it at most
    /// `join_wait`.
    exited: Receiver<()>,
    join_wait: Duration,
    /// The watcher of an on-demand subscription, run by `check_now`.
    manual: Option<std::sync::Mutex<Watcher>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("active", &self.is_active())
            .finish()
    }
}

/// What a subscription's watcher and the collector's host pushes share.
pub(crate) struct Shared {
    stop: AtomicBool,
    /// The facts last delivered (or the baseline).
    last: std::sync::Mutex<State>,
    /// Where changes go; the collector sends host-pushed orientations here.
    tx: std::sync::Mutex<Option<Sender<Change>>>,
    /// Whether the host pushed network facts the watcher has not read yet.
    pushed: std::sync::Mutex<bool>,
    /// Wakes a watcher waiting without a feed (a stop or a host push).
    wake: Condvar,
    /// Wakes a watcher waiting in its feed, when the feed can be woken.
    feed_waker: Option<Box<dyn Fn() + Send + Sync>>,
}

impl Shared {
    /// Wakes the watcher from whichever wait it is in. `pushed` is set under its lock first,
    /// so a watcher about to wait sees it, and the feed's waker is sticky (an `eventfd`), so
    /// a wake between the check and the wait is not lost.
    fn kick(&self) {
        drop(lock(&self.pushed));
        self.wake.notify_all();
        if let Some(waker) = &self.feed_waker {
            waker();
        }
    }

    /// Stops the watcher and wakes it.
    fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        lock(&self.tx).take();
        self.kick();
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Delivers a host-pushed orientation to a subscription at once, when it changes what the
/// subscription last delivered. (The subscription filters by the grant at delivery.)
pub(crate) fn push_orientation(shared: &Shared, pushed: crate::host::HostOrientation) {
    if shared.stop.load(Ordering::SeqCst) {
        return;
    }
    let screen = Screen {
        orientation: Some(pushed.orientation),
        rotation_degrees: pushed
            .rotation_degrees
            .filter(|d| crate::host::is_quarter_turn(*d)),
        source: Some(OrientationSource::Host),
    };
    let change = {
        let mut last = lock(&shared.last);
        let before = last.clone();
        last.screen = screen;
        diff(&before, &last, Via::Host)
    };
    if let Some(change) = change
        && let Some(tx) = lock(&shared.tx).as_ref()
    {
        let _ = tx.send(change);
    }
}

/// Tells a subscription that the host pushed network facts: its watcher wakes and reads the
/// network facts at once (with the push), on every platform, with or without an OS feed.
pub(crate) fn push_network(shared: &Shared) {
    if shared.stop.load(Ordering::SeqCst) {
        return;
    }
    *lock(&shared.pushed) = true;
    shared.kick();
}

impl OnWithdraw for Shared {
    fn withdrawn(&self) {
        // The collector's handle on the channel goes too, so the receiver sees it end.
        self.stop();
    }
}

/// Reads what the host pushed into the collector.
pub(crate) type HostReader = Box<dyn Fn() -> HostFacts + Send>;

/// The network fields.
fn network_fields() -> FieldSet {
    crate::facts::groups::NETWORK
}

/// The screen fields.
fn screen_fields() -> FieldSet {
    crate::facts::groups::SCREEN
}

/// Everything a subscription may deliver.
fn watched_fields() -> FieldSet {
    network_fields().union(screen_fields())
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    network: Network,
    screen: Screen,
    egress: Option<String>,
    /// The last accelerometer orientation, for the dead zone that keeps it.
    accel: Option<crate::report::Orientation>,
}

/// How a subscription reads: the collector's source, behind the collector's read-guard.
pub(crate) struct Reader {
    pub(crate) source: Arc<dyn Source>,
    /// The rules applied to what the source answers.
    pub(crate) rules: Rules,
    pub(crate) runner: Runner,
    pub(crate) precision: IpPrecision,
    pub(crate) host: HostReader,
}

struct Watcher {
    consent: Consent,
    reader: Reader,
    options: WatchOptions,
    feed: Option<Box<dyn ChangeFeed>>,
    shared: Arc<Shared>,
}

/// Starts a subscription (see [`Collector::subscribe`](crate::Collector::subscribe)).
///
/// The baseline (what later changes are measured against) is read here, on the caller's thread,
/// through the collector's read-guard like every later read: reads known to be fast inline,
/// the others on a worker, a hung one given up after a quarter of the deadline, so this returns
/// within the collector's deadline whatever the source does.
pub(crate) fn subscribe(
    consent: Consent,
    reader: Reader,
    options: WatchOptions,
) -> Result<Subscription, Error> {
    let (grant, _) = consent.snapshot();
    let grant = grant.ok_or(Error::ConsentRequired)?;
    if permitted_fields(&consent, &grant)
        .intersection(watched_fields())
        .is_empty()
    {
        return Err(Error::ConsentRequired);
    }
    // The feed opens before the first read, so no change between the two is missed; it is
    // opened only when a network purpose is granted (no socket for an orientation-only watch).
    let feed = if options.on_demand
        || permitted_fields(&consent, &grant)
            .intersection(network_fields())
            .is_empty()
    {
        None
    } else {
        reader.source.network_changes()
    };
    let join_wait = reader
        .runner
        .budget()
        .unwrap_or(crate::collect::gate::DEFAULT_DEADLINE);
    let mut watcher = Watcher {
        consent: consent.clone(),
        reader,
        options,
        shared: Arc::new(Shared {
            stop: AtomicBool::new(false),
            last: std::sync::Mutex::new(State::default()),
            tx: std::sync::Mutex::new(None),
            pushed: std::sync::Mutex::new(false),
            wake: Condvar::new(),
            feed_waker: feed.as_ref().and_then(|f| f.waker()),
        }),
        feed,
    };
    let baseline = watcher
        .read(&State::default(), true)
        .ok_or(Error::ConsentRequired)?;
    let shared = Arc::clone(&watcher.shared);
    *lock(&shared.last) = baseline;
    let listener: Arc<dyn OnWithdraw> = shared.clone();
    consent.on_withdraw(Arc::downgrade(&listener));
    let (tx, rx) = mpsc::channel();
    // The only sender the watcher uses: a stop (withdrawal, drop) takes it, so iteration ends
    // at once even while a read is under way.
    *lock(&shared.tx) = Some(tx);
    let (exit_tx, exited) = mpsc::channel::<()>();
    if watcher.options.on_demand {
        drop(exit_tx);
        return Ok(Subscription {
            rx,
            consent,
            shared,
            thread: None,
            exited,
            join_wait,
            manual: Some(std::sync::Mutex::new(watcher)),
        });
    }
    // A thread that cannot start leaves a subscription that still gets host pushes.
    let thread = thread::Builder::new()
        .name("devprobe-watch".into())
        .spawn(move || {
            let _exit = exit_tx;
            watcher.run();
        })
        .ok();
    Ok(Subscription {
        rx,
        consent,
        shared,
        thread,
        exited,
        join_wait,
        manual: None,
    })
}

impl Watcher {
    /// The facts now: the granted network fields, and the screen when `with_screen` and
    /// `video_orientation` is granted; the rest as in `last`. `None` when consent changed while
    /// reading or nothing watched is granted.
    fn read(&self, last: &State, with_screen: bool) -> Option<State> {
        let (grant, generation) = self.consent.snapshot();
        let permitted = permitted_fields(&self.consent, &grant?);
        if permitted.intersection(watched_fields()).is_empty() {
            return None;
        }
        let mut state = last.clone();
        // No read starts once consent changed or the subscription stopped; a read that hangs
        // costs at most the collector's deadline.
        let (consent, shared) = (self.consent.clone(), Arc::clone(&self.shared));
        let cancelled = Cancel::When(Arc::new(move || {
            shared.stop.load(Ordering::SeqCst) || consent.generation() != generation
        }));
        let source = Arc::clone(&self.reader.source);
        self.reader.runner.read_inline(source, cancelled, |source| {
            let network = permitted.intersection(network_fields());
            if !network.is_empty() {
                let facts = self.reader.rules.run(&self.context(source, network, None));
                state.network = facts.network;
                state.egress = facts::network::egress_interface(source, source.platform());
            }
            let screen = permitted.intersection(screen_fields());
            if with_screen && !screen.is_empty() {
                let facts = self
                    .reader
                    .rules
                    .run(&self.context(source, screen, last.accel));
                if facts.screen.source == Some(OrientationSource::Accelerometer) {
                    state.accel = facts.screen.orientation.or(last.accel);
                }
                if facts.screen.orientation.is_some() {
                    state.screen = facts.screen;
                }
            }
        });
        (self.consent.generation() == generation && !self.stopped()).then_some(state)
    }

    fn context<'a>(
        &self,
        source: &'a dyn Source,
        wanted: FieldSet,
        previous: Option<crate::report::Orientation>,
    ) -> Context<'a> {
        Context {
            source,
            wanted,
            host: self
                .reader
                .source
                .host_facts()
                .overlay((self.reader.host)()),
            ip_precision: self.reader.precision,
            previous_orientation: previous,
        }
    }

    fn stopped(&self) -> bool {
        self.shared.stop.load(Ordering::SeqCst)
    }

    fn run(&mut self) {
        let mut next_poll = after(Instant::now(), self.options.poll_interval);
        let mut next_screen = self
            .options
            .orientation_poll
            .map(|every| after(Instant::now(), every));
        while !self.stopped() {
            // The real deadlines: a poll only where no feed signals changes (it also notices a
            // network purpose granted after subscribing), the orientation poll only when asked.
            let polling = self.feed.is_none();
            let deadline = [polling.then_some(next_poll), next_screen]
                .into_iter()
                .flatten()
                .min();
            let (signalled, pushed) = self.wait(deadline);
            if self.stopped() {
                return;
            }
            let now = Instant::now();
            let polled = polling && now >= next_poll;
            let screen_due = next_screen.is_some_and(|s| now >= s);
            if !signalled && !pushed && !polled && !screen_due {
                continue;
            }
            if signalled && !self.settle() {
                return;
            }
            if signalled || pushed || polled {
                next_poll = after(Instant::now(), self.options.poll_interval);
            }
            if screen_due {
                next_screen = self
                    .options
                    .orientation_poll
                    .map(|every| after(Instant::now(), every));
            }
            let last = lock(&self.shared.last).clone();
            let Some(now) = self.read(&last, screen_due) else {
                continue;
            };
            let change = {
                let mut shared_last = lock(&self.shared.last);
                // A host push may have landed meanwhile: compare with what was delivered.
                let mut merged = now.clone();
                if !screen_due {
                    merged.screen = shared_last.screen.clone();
                }
                let via = match (signalled, pushed) {
                    (true, _) => self.feed.as_ref().map_or(Via::Feed, |f| f.via()),
                    (false, true) => Via::Host,
                    (false, false) => Via::Poll,
                };
                let change = diff(&shared_last, &merged, via);
                *shared_last = merged;
                change
            };
            if let Some(change) = change {
                let sent = lock(&self.shared.tx).as_ref().map(|tx| tx.send(change));
                if !matches!(sent, Some(Ok(()))) {
                    return;
                }
            }
        }
    }

    /// Sleeps until a feed signal, a host push of network facts, a stop, or `deadline` (none:
    /// no deadline). Returns (feed signalled, host pushed), and takes the push.
    fn wait(&mut self, deadline: Option<Instant>) -> (bool, bool) {
        let shared = Arc::clone(&self.shared);
        let take_push = || std::mem::take(&mut *lock(&shared.pushed));
        if let Some(feed) = self.feed.as_mut() {
            if *lock(&shared.pushed) {
                return (false, take_push());
            }
            let left = deadline.map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            });
            let slice = if shared.feed_waker.is_some() {
                left
            } else {
                left.min(TICK)
            };
            let signalled = match feed.wait(slice) {
                Ok(s) => s,
                Err(_) => {
                    // The feed broke: the subscription polls from now on.
                    self.feed = None;
                    false
                }
            };
            return (signalled, take_push());
        }
        let mut pushed = lock(&shared.pushed);
        loop {
            if *pushed || self.shared.stop.load(Ordering::SeqCst) {
                break;
            }
            let now = Instant::now();
            pushed = match deadline {
                Some(d) if now >= d => break,
                Some(d) => {
                    shared
                        .wake
                        .wait_timeout(pushed, d - now)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                }
                None => shared
                    .wake
                    .wait(pushed)
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            };
        }
        (false, std::mem::take(&mut *pushed))
    }

    /// Waits until the feed has been quiet for the debounce time (at most ten times it).
    /// Returns `false` when the subscription stopped meanwhile.
    fn settle(&mut self) -> bool {
        let start = Instant::now();
        let cap = after(start, self.options.debounce.saturating_mul(10));
        let mut quiet_until = after(start, self.options.debounce);
        let wakeable = self.shared.feed_waker.is_some();
        loop {
            if self.stopped() {
                return false;
            }
            let now = Instant::now();
            if now >= quiet_until || now >= cap {
                return true;
            }
            let left = quiet_until.min(cap) - now;
            let wait = if wakeable { left } else { TICK.min(left) };
            match self.feed.as_mut().map(|f| f.wait(wait)) {
                Some(Ok(true)) => quiet_until = after(Instant::now(), self.options.debounce),
                Some(Ok(false)) => {}
                Some(Err(_)) | None => {
                    // No feed to wait on: the rest of the quiet time on the condition
                    // variable, which a stop or a push ends early.
                    self.feed = None;
                    let pushed = lock(&self.shared.pushed);
                    if !*pushed && !self.stopped() {
                        let _ = self.shared.wake.wait_timeout(pushed, left);
                    }
                    return !self.stopped();
                }
            }
        }
    }
}

/// `from + wait`, for any `wait` the host passes: one too long to add (`Duration::MAX`) is a
/// century, which is forever to a subscription, instead of an overflow panic.
fn after(from: Instant, wait: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
    from.checked_add(wait)
        .or_else(|| from.checked_add(CENTURY))
        .unwrap_or(from)
}

/// The change from `old` to `new`, delivered `via`, or `None` when nothing moved.
fn diff(old: &State, new: &State, via: Via) -> Option<Change> {
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
    check(
        Field::NetworkEffectiveType,
        a.effective_type == b.effective_type,
    );
    check(Field::NetworkVpn, a.vpn == b.vpn);
    check(Field::NetworkOnline, a.online == b.online);
    check(Field::NetworkIpv4, a.ipv4 == b.ipv4);
    check(Field::NetworkIpv6, a.ipv6 == b.ipv6);
    check(Field::NetworkMetered, a.metered == b.metered);
    check(Field::NetworkConstrained, a.constrained == b.constrained);
    check(
        Field::NetworkCellularGeneration,
        a.cellular_generation == b.cellular_generation,
    );
    check(Field::NetworkNat64, a.nat64 == b.nat64);
    let (s, t) = (&old.screen, &new.screen);
    check(Field::ScreenOrientation, s.orientation == t.orientation);
    check(
        Field::ScreenRotationDegrees,
        s.rotation_degrees == t.rotation_degrees,
    );
    let route_changed = old.egress != new.egress;
    (!changed.is_empty() || route_changed).then(|| Change {
        changed,
        route_changed,
        network: b.clone(),
        screen: t.clone(),
        via: Some(via),
    })
}

/// Ends a [`Subscription`] from another thread, so that a thread blocked iterating it (or in
/// [`Subscription::recv_timeout`]) returns at once instead of waking on a timer to look for a
/// stop request. From [`Subscription::stopper`]; cloneable, and harmless after the end.
#[derive(Clone)]
pub struct SubscriptionStopper(Arc<Shared>);

impl std::fmt::Debug for SubscriptionStopper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscriptionStopper")
            .field("stopped", &self.0.stop.load(Ordering::SeqCst))
            .finish()
    }
}

impl SubscriptionStopper {
    /// Stops the subscription's watcher: iteration then ends (`None`) and `recv_timeout`
    /// answers [`RecvTimeoutError::Disconnected`], without delivering a change still queued.
    pub fn stop(&self) {
        self.0.stop();
    }
}

impl Subscription {
    /// A handle that ends this subscription from any thread (see [`SubscriptionStopper`]).
    pub fn stopper(&self) -> SubscriptionStopper {
        SubscriptionStopper(Arc::clone(&self.shared))
    }

    /// The state the collector's host pushes go to.
    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }

    /// Whether the subscription still delivers: not stopped by a withdrawal, and its thread
    /// still running.
    pub fn is_active(&self) -> bool {
        !self.shared.stop.load(Ordering::SeqCst)
            && (self.manual.is_some() || self.thread.as_ref().is_some_and(|t| !t.is_finished()))
    }

    /// Reads the watched facts again now, on the calling thread, and returns what changed
    /// since the last delivery (cut to what is granted now), or `None` when nothing did, the
    /// subscription has ended, or it is not [`on_demand`](WatchOptions::on_demand).
    pub fn check_now(&self) -> Option<Change> {
        let watcher = lock(self.manual.as_ref()?);
        if self.shared.stop.load(Ordering::SeqCst) {
            return None;
        }
        let last = lock(&self.shared.last).clone();
        let now = watcher.read(&last, true)?;
        let change = {
            let mut last = lock(&self.shared.last);
            let before = std::mem::replace(&mut *last, now);
            diff(&before, &last, Via::Event)
        }?;
        self.permitted(change).ok().flatten()
    }

    /// A change already delivered (a host push), without waiting; `None` when there is none
    /// or the subscription has ended.
    pub fn try_recv(&self) -> Option<Change> {
        while let Ok(change) = self.rx.try_recv() {
            match self.permitted(change) {
                Ok(Some(c)) => return Some(c),
                Ok(None) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// The next change, waiting at most `timeout`.
    ///
    /// # Errors
    /// [`RecvTimeoutError::Timeout`] when nothing changed in time;
    /// [`RecvTimeoutError::Disconnected`] when the subscription has ended (consent withdrawn).
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Change, RecvTimeoutError> {
        if self.shared.stop.load(Ordering::SeqCst) {
            return Err(RecvTimeoutError::Disconnected);
        }
        let deadline = after(Instant::now(), timeout);
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
        let allowed = permitted_fields(&self.consent, &grant).intersection(watched_fields());
        if allowed.is_empty() {
            return Ok(None);
        }
        let mut facts = Facts {
            network: change.network,
            screen: change.screen,
            ..Facts::default()
        };
        for f in watched_fields().iter() {
            if !allowed.contains(f) {
                facts.clear(f);
            }
        }
        if facts.screen.orientation.is_none() && facts.screen.rotation_degrees.is_none() {
            facts.screen = Screen::default();
        }
        change.network = facts.network;
        change.screen = facts.screen;
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
    /// Stops the watcher and waits for its thread at most the collector's deadline (its reads
    /// are guarded by it); a thread still inside a hung read is left to end by itself when the
    /// read returns.
    fn drop(&mut self) {
        self.shared.stop();
        if let Some(t) = self.thread.take()
            && t.thread().id() != thread::current().id()
            && self.exited.recv_timeout(self.join_wait) == Err(RecvTimeoutError::Disconnected)
        {
            let _ = t.join();
        }
    }
}
