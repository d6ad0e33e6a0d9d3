//! Orientation change events: a host push reaches subscriptions at once, the accelerometer is
//! polled only when a subscription asks for it, and nothing is delivered without
//! `video_orientation`.

use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, Query, Snapshot, Source, SourceError};
use devprobe::{
    Collector, Consent, Field, HostOrientation, Orientation, OrientationSource, Platform, Purpose,
    WatchOptions,
};

const ACCEL: &str = "/sys/devices/platform/accel/iio:device0";

/// A tablet-like Linux device whose accelerometer reading the test turns.
struct Tablet {
    device: Mutex<Snapshot>,
    reads: Mutex<usize>,
}

impl Tablet {
    fn new() -> Arc<Tablet> {
        let mut s = Snapshot::new(Platform::Linux)
            .file("/sys/class/dmi/id/chassis_type", "31\n")
            .file("/sys/class/drm/card0-eDP-1/status", "connected\n")
            .file("/sys/class/drm/card0-eDP-1/modes", "1920x1080\n")
            .link(
                "/sys/bus/iio/devices/iio:device0",
                "../../../devices/platform/accel/iio:device0",
            )
            .file(&format!("{ACCEL}/name"), "accel_3d\n")
            .file(&format!("{ACCEL}/in_accel_scale"), "0.009806650\n");
        for axis in ["x", "y", "z"] {
            s = s.file(&format!("{ACCEL}/in_accel_{axis}_raw"), "0\n");
        }
        let t = Arc::new(Tablet {
            device: Mutex::new(s),
            reads: Mutex::new(0),
        });
        t.hold([0, -980, 0]);
        t
    }

    fn hold(&self, [x, y, z]: [i32; 3]) {
        let mut d = self.device.lock().unwrap();
        *d = d
            .clone()
            .file(&format!("{ACCEL}/in_accel_x_raw"), format!("{x}\n"))
            .file(&format!("{ACCEL}/in_accel_y_raw"), format!("{y}\n"))
            .file(&format!("{ACCEL}/in_accel_z_raw"), format!("{z}\n"));
    }

    fn accel_reads(&self) -> usize {
        *self.reads.lock().unwrap()
    }
}

impl Source for Tablet {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        if q.name().ends_with("_raw") {
            *self.reads.lock().unwrap() += 1;
        }
        self.device.lock().unwrap().query(q)
    }
}

fn collector(source: Arc<Tablet>, purposes: &[Purpose]) -> Collector {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(source).build();
    consent.grant(purposes.iter().copied());
    collector
}

#[test]
fn a_host_push_is_delivered_at_once_and_only_when_it_changes() {
    let tablet = Tablet::new();
    let collector = collector(Arc::clone(&tablet), &[Purpose::VideoOrientation]);
    let subscription = collector.subscribe().unwrap();
    let reads_after_subscribe = tablet.accel_reads();

    let pushed_at = Instant::now();
    collector
        .set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(90)).unwrap());
    let change = subscription.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(
        pushed_at.elapsed() < Duration::from_millis(50),
        "took {:?}",
        pushed_at.elapsed()
    );
    assert_eq!(
        change.changed,
        vec![Field::ScreenOrientation, Field::ScreenRotationDegrees]
    );
    assert_eq!(
        change.screen.orientation,
        Some(Orientation::PortraitPrimary)
    );
    assert_eq!(change.screen.rotation_degrees, Some(90));
    assert_eq!(change.screen.source, Some(OrientationSource::Host));
    assert_eq!(
        change.network,
        Default::default(),
        "no network purpose, no network facts"
    );
    let json = serde_json::to_string(&change).unwrap();
    assert!(!json.contains("network"), "{json}");

    // The same orientation again is no change.
    collector
        .set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(90)).unwrap());
    assert!(matches!(
        subscription.recv_timeout(Duration::from_millis(150)),
        Err(RecvTimeoutError::Timeout)
    ));
    collector
        .set_orientation(HostOrientation::new(Orientation::LandscapeSecondary, Some(180)).unwrap());
    let change = subscription.recv_timeout(Duration::from_secs(2)).unwrap();
    assert_eq!(
        change.screen.orientation,
        Some(Orientation::LandscapeSecondary)
    );
    // Without orientation polling, no sensor is read after the first report of the watch.
    assert_eq!(tablet.accel_reads(), reads_after_subscribe);
}

#[test]
fn pushes_are_not_delivered_without_video_orientation() {
    let tablet = Tablet::new();
    let collector = collector(Arc::clone(&tablet), &[Purpose::Connectivity]);
    let subscription = collector.subscribe().unwrap();
    collector
        .set_orientation(HostOrientation::new(Orientation::PortraitSecondary, Some(270)).unwrap());
    assert!(matches!(
        subscription.recv_timeout(Duration::from_millis(300)),
        Err(RecvTimeoutError::Timeout)
    ));
    assert_eq!(
        tablet.accel_reads(),
        0,
        "the sensor was read without video_orientation"
    );
}

#[test]
fn the_accelerometer_is_polled_when_asked_and_turns_are_delivered() {
    let tablet = Tablet::new();
    let collector = collector(Arc::clone(&tablet), &[Purpose::VideoOrientation]);
    let subscription = collector
        .subscribe_with(WatchOptions::default().orientation_poll(Duration::from_millis(20)))
        .unwrap();
    // Turned a quarter counter-clockwise: right edge up, content turned 90° clockwise.
    tablet.hold([-980, 0, 0]);
    let change = subscription.recv_timeout(Duration::from_secs(2)).unwrap();
    assert_eq!(
        change.screen.orientation,
        Some(Orientation::PortraitSecondary)
    );
    assert_eq!(change.screen.rotation_degrees, Some(90));
    assert_eq!(change.screen.source, Some(OrientationSource::Accelerometer));
    // Laid flat: the last orientation is kept, so nothing is delivered.
    tablet.hold([10, -20, -980]);
    assert!(matches!(
        subscription.recv_timeout(Duration::from_millis(200)),
        Err(RecvTimeoutError::Timeout)
    ));
    // Back upright.
    tablet.hold([0, -980, 0]);
    let change = subscription.recv_timeout(Duration::from_secs(2)).unwrap();
    assert_eq!(
        change.screen.orientation,
        Some(Orientation::LandscapePrimary)
    );
    assert_eq!(change.screen.rotation_degrees, Some(0));
    drop(subscription);
    let reads = tablet.accel_reads();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        tablet.accel_reads(),
        reads,
        "the sensor was read after the subscription ended"
    );
}

#[test]
fn withdrawal_ends_an_orientation_subscription() {
    let tablet = Tablet::new();
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(tablet).build();
    consent.grant([Purpose::VideoOrientation]);
    let subscription = collector.subscribe().unwrap();
    consent.withdraw();
    collector
        .set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(90)).unwrap());
    assert!(matches!(
        subscription.recv_timeout(Duration::from_millis(200)),
        Err(RecvTimeoutError::Disconnected)
    ));
}
