//! Change events from a device whose network the test switches: pushed signals are debounced
//! into one change, polled sources are noticed, changes come in order, ungranted fields are
//! never delivered, and withdrawal or drop ends the subscription and frees its feed.

use std::net::Ipv4Addr;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, ChangeFeed, InterfaceAddr, Query, Snapshot, Source, SourceError};
use devprobe::{Collector, ConnectionType, Consent, Error, Field, Platform, Purpose, WatchOptions};

/// A device whose snapshot the test replaces, with an optional push feed.
struct Device {
    snap: Mutex<Snapshot>,
    signals: Mutex<Option<Receiver<()>>>,
    queries: Mutex<usize>,
    /// Held by the feed: its strong count tells whether the feed is still alive.
    token: Arc<()>,
}

impl Device {
    fn new(snap: Snapshot, push: bool) -> (Arc<Device>, Option<Sender<()>>) {
        let (tx, rx) = mpsc::channel();
        let device = Device {
            snap: Mutex::new(snap),
            signals: Mutex::new(push.then_some(rx)),
            queries: Mutex::new(0),
            token: Arc::new(()),
        };
        (Arc::new(device), push.then_some(tx))
    }

    fn set(&self, snap: Snapshot) {
        *self.snap.lock().unwrap() = snap;
    }
}

struct Feed {
    rx: Receiver<()>,
    _token: Arc<()>,
}

impl ChangeFeed for Feed {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        match self.rx.recv_timeout(timeout) {
            Ok(()) => {
                while self.rx.try_recv().is_ok() {}
                Ok(true)
            }
            Err(RecvTimeoutError::Timeout) => Ok(false),
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                Ok(false)
            }
        }
    }
}

impl Source for Device {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        *self.queries.lock().unwrap() += 1;
        self.snap.lock().unwrap().query(q)
    }
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        let rx = self.signals.lock().unwrap().take()?;
        Some(Box::new(Feed {
            rx,
            _token: Arc::clone(&self.token),
        }))
    }
}

fn route(iface: &str, gw: Ipv4Addr) -> String {
    format!(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
         {iface}\t00000000\t{:08X}\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        u32::from(gw).swap_bytes()
    )
}

fn nic(snap: Snapshot, name: &str, wifi: bool) -> Snapshot {
    let base = format!("/sys/class/net/{name}");
    let snap = snap
        .file(&format!("{base}/type"), "1\n")
        .file(&format!("{base}/operstate"), "up\n");
    if wifi {
        snap.dir(&format!("{base}/wireless"))
    } else {
        snap
    }
}

fn addrs() -> Vec<InterfaceAddr> {
    vec![
        InterfaceAddr::new("eth0", "192.168.1.9".parse().unwrap(), Some(24)),
        InterfaceAddr::new("wlan0", "10.1.2.3".parse().unwrap(), Some(24)),
    ]
}

/// Online on wired eth0 (192.168.1.0/24).
fn wired() -> Snapshot {
    nic(
        nic(Snapshot::new(Platform::Linux), "eth0", false),
        "wlan0",
        true,
    )
    .file(
        "/proc/net/route",
        route("eth0", Ipv4Addr::new(192, 168, 1, 1)),
    )
    .interfaces(addrs())
}

/// Online on Wi-Fi wlan0 (10.1.2.0/24).
fn wifi() -> Snapshot {
    nic(
        nic(Snapshot::new(Platform::Linux), "eth0", false),
        "wlan0",
        true,
    )
    .file(
        "/proc/net/route",
        route("wlan0", Ipv4Addr::new(10, 1, 2, 1)),
    )
    .interfaces(addrs())
}

/// No default route.
fn offline() -> Snapshot {
    nic(
        nic(Snapshot::new(Platform::Linux), "eth0", false),
        "wlan0",
        true,
    )
    .file("/proc/net/route", "Iface\tDestination\tGateway \tFlags\n")
    .interfaces(addrs())
}

fn options() -> WatchOptions {
    WatchOptions::default()
        .debounce(Duration::from_millis(150))
        .poll_interval(Duration::from_millis(30))
}

fn start(device: &Arc<Device>, purposes: &[Purpose]) -> (Consent, Collector) {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(device))
        .build();
    consent.grant(purposes.iter().copied());
    (consent, collector)
}

#[test]
fn pushed_down_and_up_arrive_in_order_with_exact_facts() {
    let (device, tx) = Device::new(wired(), true);
    let tx = tx.unwrap();
    let (_consent, collector) = start(&device, Purpose::ALL);
    let sub = collector.subscribe_with(options()).unwrap();
    assert_eq!(
        sub.recv_timeout(Duration::from_millis(400)),
        Err(RecvTimeoutError::Timeout)
    );

    device.set(offline());
    tx.send(()).unwrap();
    let down = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert_eq!(
        down.changed,
        vec![
            Field::NetworkIp,
            Field::NetworkConnectionType,
            Field::NetworkOnline,
            Field::NetworkIpv4
        ]
    );
    assert!(down.route_changed);
    assert_eq!(down.network.online, Some(false));
    assert_eq!(
        down.network.connection_type,
        Some(ConnectionType::Unavailable)
    );
    // No default route: the best physical interface's address (Wi-Fi; eth0 is virtual here).
    assert_eq!(
        down.network.ip.unwrap().address,
        Some("10.1.2.0".parse().unwrap())
    );

    device.set(wired());
    tx.send(()).unwrap();
    let up = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert_eq!(up.network.online, Some(true));
    assert_eq!(up.network.connection_type, Some(ConnectionType::Wired));
    assert_eq!(
        up.network.ip.unwrap().address,
        Some("192.168.1.0".parse().unwrap())
    );
}

#[test]
fn a_burst_of_signals_gives_one_change_with_the_settled_facts() {
    let (device, tx) = Device::new(wired(), true);
    let tx = tx.unwrap();
    let (_consent, collector) = start(&device, Purpose::ALL);
    let sub = collector.subscribe_with(options()).unwrap();
    for snap in [offline(), wifi(), offline(), wired(), wifi()] {
        device.set(snap);
        tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }
    let change = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert_eq!(change.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(
        change.changed,
        vec![Field::NetworkIp, Field::NetworkConnectionType]
    );
    assert_eq!(
        sub.recv_timeout(Duration::from_millis(600)),
        Err(RecvTimeoutError::Timeout)
    );
}

#[test]
fn sources_without_a_feed_are_polled() {
    let (device, _) = Device::new(wired(), false);
    let (_consent, collector) = start(&device, Purpose::ALL);
    let sub = collector.subscribe_with(options()).unwrap();
    let started = Instant::now();
    device.set(wifi());
    let change = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert_eq!(change.network.connection_type, Some(ConnectionType::Wifi));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn ungranted_fields_are_never_delivered() {
    let (device, tx) = Device::new(wired(), true);
    let tx = tx.unwrap();
    let (consent, collector) = start(&device, &[Purpose::Connectivity]);
    let sub = collector.subscribe_with(options()).unwrap();
    device.set(offline());
    tx.send(()).unwrap();
    let change = sub.recv_timeout(Duration::from_secs(3)).unwrap();
    assert_eq!(change.network.ip, None);
    assert!(!change.changed.contains(&Field::NetworkIp));
    assert_eq!(change.network.online, Some(false));

    // Granted both, then narrowed to server_selection while a change waits in the queue.
    consent.grant([Purpose::Connectivity, Purpose::ServerSelection]);
    device.set(wired());
    tx.send(()).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    consent.grant([Purpose::ServerSelection]);
    let change = sub.recv_timeout(Duration::from_secs(1)).unwrap();
    assert_eq!(change.changed, vec![Field::NetworkIp]);
    assert_eq!(change.network.online, None);
    assert_eq!(change.network.connection_type, None);
}

#[test]
fn subscribing_without_a_network_purpose_reads_nothing() {
    let (device, _) = Device::new(wired(), true);
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Arc::clone(&device))
        .build();
    assert!(matches!(collector.subscribe(), Err(Error::ConsentRequired)));
    consent.grant([Purpose::Compatibility]);
    assert!(matches!(collector.subscribe(), Err(Error::ConsentRequired)));
    assert_eq!(*device.queries.lock().unwrap(), 0);
    assert_eq!(Arc::strong_count(&device.token), 1, "no feed was opened");
}

#[test]
fn withdrawal_ends_the_subscription_and_drops_queued_changes() {
    let (device, tx) = Device::new(wired(), true);
    let tx = tx.unwrap();
    let (consent, collector) = start(&device, Purpose::ALL);
    let mut sub = collector.subscribe_with(options()).unwrap();
    assert_eq!(Arc::strong_count(&device.token), 2, "the feed is open");
    device.set(offline());
    tx.send(()).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    consent.withdraw();
    let started = Instant::now();
    assert_eq!(
        sub.next(),
        None,
        "a change queued before withdrawal must not be delivered"
    );
    assert!(!sub.is_active());
    while Arc::strong_count(&device.token) > 1 && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(Arc::strong_count(&device.token), 1, "the feed is closed");
}

#[test]
fn drop_stops_the_thread_and_closes_the_feed() {
    let (device, _tx) = Device::new(wired(), true);
    let (_consent, collector) = start(&device, Purpose::ALL);
    let sub = collector.subscribe().unwrap();
    assert!(sub.is_active());
    assert_eq!(Arc::strong_count(&device.token), 2);
    let started = Instant::now();
    drop(sub);
    assert_eq!(Arc::strong_count(&device.token), 1, "joined on drop");
    assert!(started.elapsed() < Duration::from_secs(1));
}
