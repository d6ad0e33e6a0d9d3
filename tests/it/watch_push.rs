//! Host pushes reach subscribers at once, the same way on every platform and whatever the
//! watch is driven by (a poll, a wakeable feed such as Linux rtnetlink, or a foreign feed):
//! `set_network` wakes the watcher, which reads the network facts with the push and delivers
//! the change; a push that changes nothing delivers nothing; an ungranted purpose is not read.
//!
//! The live Linux case (rtnetlink feed, in a network namespace) is in
//! `tests/watch_idle_netns.rs`.

use std::net::Ipv4Addr;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, ChangeFeed, InterfaceAddr, Query, Snapshot, Source, SourceError};
use devprobe::{
    Collector, ConnectionSubtype, ConnectionType, Consent, Field, HostNetwork, HostOrientation,
    Orientation, Platform, Purpose, WatchOptions,
};

/// Polling is pushed out of reach: only the push itself can deliver within a test.
fn options() -> WatchOptions {
    WatchOptions::default().poll_interval(Duration::from_secs(3600))
}

/// How quickly "at once" must be: far under the 500 ms debounce and the 5 s poll.
const AT_ONCE: Duration = Duration::from_millis(200);

/// A device that never changes, with a feed of the given kind.
struct Device {
    snap: Snapshot,
    feed: Option<bool>,
}

/// A feed that never signals; wakeable or not.
struct QuietFeed {
    rx: Receiver<()>,
    tx: Mutex<Sender<()>>,
    wakeable: bool,
}

impl ChangeFeed for QuietFeed {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        let _ = self.rx.recv_timeout(timeout);
        Ok(false)
    }
    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        let tx = Mutex::new(self.tx.lock().unwrap().clone());
        self.wakeable.then(|| {
            Box::new(move || {
                let _ = tx.lock().unwrap().send(());
            }) as Box<dyn Fn() + Send + Sync>
        })
    }
}

impl Source for Device {
    fn platform(&self) -> Platform {
        self.snap.platform()
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        self.snap.query(q)
    }
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        let wakeable = self.feed?;
        let (tx, rx) = mpsc::channel();
        Some(Box::new(QuietFeed {
            rx,
            tx: Mutex::new(tx),
            wakeable,
        }))
    }
}

/// Linux on wired eth0, 192.168.1.9/24 via 192.168.1.1.
fn linux_wired() -> Snapshot {
    let route = format!(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
         eth0\t00000000\t{:08X}\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        u32::from(Ipv4Addr::new(192, 168, 1, 1)).swap_bytes()
    );
    Snapshot::new(Platform::Linux)
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/operstate", "up\n")
        .file("/proc/net/route", route)
        .interfaces(vec![InterfaceAddr::new(
            "eth0",
            "192.168.1.9".parse().unwrap(),
            Some(24),
        )])
}

/// Android on Wi-Fi wlan0, 10.1.2.3/24, nothing pushed yet.
fn android_wifi() -> Snapshot {
    Snapshot::new(Platform::Android).interfaces(vec![InterfaceAddr::new(
        "wlan0",
        "10.1.2.3".parse().unwrap(),
        Some(24),
    )])
}

fn collector(snap: Snapshot, feed: Option<bool>, purposes: &[Purpose]) -> Collector {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Device { snap, feed })
        .build();
    consent.grant(purposes.iter().copied());
    collector
}

/// Pushes Wi-Fi to a wired Linux subscriber and checks the change and its latency.
fn wifi_push_is_delivered_at_once(feed: Option<bool>) {
    let c = collector(linux_wired(), feed, &[Purpose::Connectivity]);
    let sub = c.subscribe_with(options()).unwrap();
    let before = c.collect().unwrap();
    assert_eq!(before.network.connection_type, Some(ConnectionType::Wired));
    let start = Instant::now();
    c.set_network(HostNetwork::new(ConnectionType::Wifi));
    let change = sub.recv_timeout(Duration::from_secs(2)).unwrap();
    let took = start.elapsed();
    assert_eq!(change.changed, vec![Field::NetworkConnectionType]);
    assert!(!change.route_changed);
    assert_eq!(change.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(change.network.online, Some(true));
    assert_eq!(change.network.vpn, Some(false));
    assert!(took < AT_ONCE, "feed {feed:?}: delivered after {took:?}");
    // The same push again changes nothing, so nothing is delivered.
    c.set_network(HostNetwork::new(ConnectionType::Wifi));
    assert_eq!(
        sub.recv_timeout(Duration::from_millis(300)).unwrap_err(),
        RecvTimeoutError::Timeout
    );
}

#[test]
fn a_network_push_reaches_a_polled_subscriber_at_once() {
    wifi_push_is_delivered_at_once(None);
}

#[test]
fn a_network_push_reaches_a_subscriber_with_a_wakeable_feed_at_once() {
    wifi_push_is_delivered_at_once(Some(true));
}

#[test]
fn a_network_push_reaches_a_subscriber_with_a_foreign_feed_at_once() {
    wifi_push_is_delivered_at_once(Some(false));
}

#[test]
fn an_android_cellular_push_carries_type_and_subtype() {
    let c = collector(android_wifi(), None, &[Purpose::Connectivity]);
    let sub = c.subscribe_with(options()).unwrap();
    let start = Instant::now();
    c.set_network(
        HostNetwork::new(ConnectionType::Cell)
            .connection_subtype(ConnectionSubtype::Nr)
            .online(true),
    );
    let change = sub.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(start.elapsed() < AT_ONCE, "after {:?}", start.elapsed());
    assert_eq!(
        change.changed,
        vec![
            Field::NetworkConnectionType,
            Field::NetworkConnectionSubtype,
            Field::NetworkCellularGeneration
        ]
    );
    assert_eq!(
        change.network.cellular_generation,
        Some(devprobe::CellularGeneration::G5)
    );
    assert_eq!(change.via, Some(devprobe::source::Via::Host));
    assert_eq!(change.network.connection_type, Some(ConnectionType::Cell));
    assert_eq!(
        change.network.connection_subtype,
        Some(ConnectionSubtype::Nr)
    );
    // Then offline: one change, online false.
    c.set_network(HostNetwork::new(ConnectionType::Unavailable).online(false));
    let change = sub.recv_timeout(Duration::from_secs(2)).unwrap();
    assert_eq!(
        change.network.connection_type,
        Some(ConnectionType::Unavailable)
    );
    assert_eq!(change.network.online, Some(false));
    assert!(change.changed.contains(&Field::NetworkOnline));
}

#[test]
fn orientation_and_network_pushes_arrive_alike_and_in_order() {
    let c = collector(
        linux_wired(),
        Some(true),
        &[Purpose::Connectivity, Purpose::VideoOrientation],
    );
    let sub = c.subscribe_with(options()).unwrap();
    c.set_orientation(HostOrientation::new(Orientation::LandscapePrimary, Some(90)).unwrap());
    let turned = sub.recv_timeout(AT_ONCE).unwrap();
    assert_eq!(
        turned.changed,
        vec![Field::ScreenOrientation, Field::ScreenRotationDegrees]
    );
    c.set_network(HostNetwork::new(ConnectionType::Wifi));
    let switched = sub.recv_timeout(AT_ONCE).unwrap();
    assert_eq!(switched.changed, vec![Field::NetworkConnectionType]);
    // The network change keeps the pushed screen: nothing else moved.
    assert_eq!(
        switched.screen.orientation,
        Some(Orientation::LandscapePrimary)
    );
}

#[test]
fn a_network_push_is_not_delivered_without_a_network_purpose() {
    let c = collector(linux_wired(), None, &[Purpose::VideoOrientation]);
    let sub = c.subscribe_with(options()).unwrap();
    c.set_network(HostNetwork::new(ConnectionType::Wifi));
    assert_eq!(
        sub.recv_timeout(Duration::from_millis(300)).unwrap_err(),
        RecvTimeoutError::Timeout
    );
}
