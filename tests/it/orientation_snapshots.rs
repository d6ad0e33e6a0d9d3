//! Screen orientation on replayed Linux devices: a convertible turned through all four positions
//! (and laid flat), a phone-like device with a turned accelerometer, a tablet that is landscape
//! by nature, a portrait monitor, machines without a display, and bad sysfs values.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use Orientation::{LandscapePrimary, LandscapeSecondary, PortraitPrimary, PortraitSecondary};
use devprobe::source::{Answer, Query, Recording, Snapshot, Source, SourceError};
use devprobe::{
    Collector, Consent, Field, HostOrientation, NaturalOrientation, OmitReason, Orientation,
    OrientationSource, Platform, Purpose, Report,
};

/// A device whose accelerometer reading can be changed between collects, as when it is turned.
struct Turntable {
    device: Mutex<Snapshot>,
    accel_dir: &'static str,
}

impl Turntable {
    fn new(device: Snapshot, accel_dir: &'static str) -> Arc<Turntable> {
        Arc::new(Turntable {
            device: Mutex::new(device),
            accel_dir,
        })
    }

    fn hold(&self, [x, y, z]: [i32; 3]) {
        let mut d = self.device.lock().unwrap();
        let dir = self.accel_dir;
        *d = d
            .clone()
            .file(&format!("{dir}/in_accel_x_raw"), format!("{x}\n"))
            .file(&format!("{dir}/in_accel_y_raw"), format!("{y}\n"))
            .file(&format!("{dir}/in_accel_z_raw"), format!("{z}\n"));
    }
}

impl Source for Turntable {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, q: &Query) -> Result<Answer, SourceError> {
        self.device.lock().unwrap().query(q)
    }
}

/// A collector that re-reads the sensor at every collect (no `min_refresh` cache), as a
/// subscription polling the accelerometer does.
fn collector(source: impl Source + 'static) -> Collector {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .min_refresh(std::time::Duration::ZERO)
        .build();
    consent.grant([Purpose::VideoOrientation]);
    collector
}

fn collect(source: impl Source + 'static) -> Report {
    collector(source).collect().unwrap()
}

#[track_caller]
fn check(report: &Report, orientation: Orientation, degrees: u16, source: OrientationSource) {
    let s = &report.screen;
    assert_eq!(
        (s.orientation, s.rotation_degrees, s.source),
        (Some(orientation), Some(degrees), Some(source))
    );
    assert_eq!(report.omission(Field::ScreenOrientation), None);
    assert_eq!(report.omission(Field::ScreenRotationDegrees), None);
}

#[track_caller]
fn check_omitted(report: &Report, reason: OmitReason) {
    assert_eq!(report.screen, Default::default(), "no value may be made up");
    assert_eq!(report.omission(Field::ScreenOrientation), Some(reason));
    assert_eq!(report.omission(Field::ScreenRotationDegrees), Some(reason));
}

const HID_LID: &str = "/sys/devices/pci0000:00/0000:00:12.0/HID-SENSOR-200073.3.auto/iio:device1";
const HID_BASE: &str = "/sys/devices/pci0000:00/0000:00:12.0/HID-SENSOR-200073.2.auto/iio:device0";

/// A 2-in-1 laptop (chassis type 31, convertible): a 1920x1080 eDP panel, an HDMI port with
/// nothing plugged in, and two HID accelerometers, the lid's (`accel-display`) and the base's.
fn convertible() -> Snapshot {
    let mut s = Snapshot::new(Platform::Linux)
        .file("/sys/class/dmi/id/chassis_type", "31\n")
        .file("/sys/class/drm/card1-eDP-1/status", "connected\n")
        .file("/sys/class/drm/card1-eDP-1/modes", "1920x1080\n")
        .file("/sys/class/drm/card1-HDMI-A-1/status", "disconnected\n")
        .file("/sys/class/drm/card1-HDMI-A-1/modes", "")
        .link(
            "/sys/bus/iio/devices/iio:device0",
            &HID_BASE.replace("/sys/", "../../../"),
        )
        .link(
            "/sys/bus/iio/devices/iio:device1",
            &HID_LID.replace("/sys/", "../../../"),
        );
    for (dir, label, reading) in [
        (HID_BASE, "accel-base", [-980, 0, 0]),
        (HID_LID, "accel-display", [0, 0, 0]),
    ] {
        s = s
            .file(&format!("{dir}/name"), "accel_3d\n")
            .file(&format!("{dir}/label"), format!("{label}\n"))
            .file(&format!("{dir}/in_accel_scale"), "0.009806650\n")
            .file(&format!("{dir}/in_accel_offset"), "0\n");
        for (axis, v) in ["x", "y", "z"].into_iter().zip(reading) {
            s = s.file(&format!("{dir}/in_accel_{axis}_raw"), format!("{v}\n"));
        }
    }
    s
}

#[test]
fn convertible_laptop_turned_through_all_four_orientations() {
    let device = Turntable::new(convertible(), HID_LID);
    let collector = collector(device.clone());
    let accel = OrientationSource::Accelerometer;
    let steps = [
        (
            "laptop mode, lid upright",
            [0, -980, 0],
            LandscapePrimary,
            0,
        ),
        ("tent, right edge up", [-980, 0, 0], PortraitSecondary, 90),
        ("upside down", [0, 980, 0], LandscapeSecondary, 180),
        ("left edge up", [980, 0, 0], PortraitPrimary, 270),
        // Laid flat as a tablet: the last orientation is kept.
        ("flat on the table", [12, -30, -975], PortraitPrimary, 270),
        // Held diagonally: still kept.
        ("diagonal", [700, -700, 0], PortraitPrimary, 270),
        ("back to laptop mode", [0, -980, 0], LandscapePrimary, 0),
        ("flat again", [0, 0, 980], LandscapePrimary, 0),
    ];
    for (what, reading, orientation, degrees) in steps {
        device.hold(reading);
        let report = collector.collect().unwrap();
        assert_eq!(
            (report.screen.orientation, report.screen.rotation_degrees),
            (Some(orientation), Some(degrees)),
            "{what}"
        );
        check(&report, orientation, degrees, accel);
    }
}

#[test]
fn convertible_starting_flat_has_no_orientation_yet() {
    let device = Turntable::new(convertible(), HID_LID);
    device.hold([0, 0, -980]);
    check_omitted(&collect(device), OmitReason::NotFound);
}

#[test]
fn convertible_base_accelerometer_alone_is_ignored_for_the_panel() {
    // Only the base sensor: it says nothing about the lid, so the panel's shape is used.
    let device = Snapshot::new(Platform::Linux)
        .file("/sys/class/drm/card1-eDP-1/status", "connected\n")
        .file("/sys/class/drm/card1-eDP-1/modes", "1920x1080\n1680x1050\n")
        .file("/sys/bus/iio/devices/iio:device0/label", "accel-base\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_x_raw", "-980\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_y_raw", "0\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_z_raw", "0\n");
    check(
        &collect(device),
        LandscapePrimary,
        0,
        OrientationSource::Display,
    );
}

fn phone_like() -> Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/linux/hand-built/phone_like_dsi_720x1440_mpu6050");
    Snapshot::from_dir(dir).unwrap()
}

const MPU: &str = "/sys/devices/platform/soc/1c2b000.i2c/i2c-1/1-0068/iio:device1";

#[test]
fn phone_like_linux_upright_through_its_turned_mount_matrix() {
    // Raw +x is the device's -y: upright. Without the matrix this would read left-up.
    check(
        &collect(phone_like()),
        PortraitPrimary,
        0,
        OrientationSource::Accelerometer,
    );
}

#[test]
fn phone_like_linux_turned_both_ways() {
    let device = Turntable::new(phone_like(), MPU);
    let collector = collector(device.clone());
    // Raw -y is the device's -x: right edge up, content turned 90°.
    device.hold([0, -16384, 0]);
    check(
        &collector.collect().unwrap(),
        LandscapePrimary,
        90,
        OrientationSource::Accelerometer,
    );
    device.hold([0, 16384, 0]);
    check(
        &collector.collect().unwrap(),
        LandscapeSecondary,
        270,
        OrientationSource::Accelerometer,
    );
}

#[test]
fn mount_matrix_under_its_short_file_name() {
    // Some drivers name the file `mount_matrix`; the same upright phone, built in code.
    let dir = "/sys/bus/iio/devices/iio:device0";
    let device = Snapshot::new(Platform::Linux)
        .file("/sys/class/drm/card0-DSI-1/status", "connected\n")
        .file("/sys/class/drm/card0-DSI-1/modes", "720x1440\n")
        .file(&format!("{dir}/in_accel_x_raw"), "16384\n")
        .file(&format!("{dir}/in_accel_y_raw"), "0\n")
        .file(&format!("{dir}/in_accel_z_raw"), "0\n")
        .file(&format!("{dir}/in_accel_scale"), "0.000598\n")
        .file(
            &format!("{dir}/mount_matrix"),
            "0, 1, 0; -1, 0, 0; 0, 0, -1\n",
        );
    check(
        &collect(device),
        PortraitPrimary,
        0,
        OrientationSource::Accelerometer,
    );
}

/// A tablet (chassis type 30) with a 1920x1200 landscape panel and one accelerometer.
fn landscape_tablet(reading: [i32; 3]) -> Snapshot {
    let dir = "/sys/bus/iio/devices/iio:device0";
    Snapshot::new(Platform::Linux)
        .file("/sys/class/dmi/id/chassis_type", "30\n")
        .file("/sys/class/drm/card0-eDP-1/status", "connected\n")
        .file("/sys/class/drm/card0-eDP-1/modes", "1920x1200\n")
        .file(&format!("{dir}/name"), "accel_3d\n")
        .file(
            &format!("{dir}/in_accel_x_raw"),
            format!("{}\n", reading[0]),
        )
        .file(
            &format!("{dir}/in_accel_y_raw"),
            format!("{}\n", reading[1]),
        )
        .file(
            &format!("{dir}/in_accel_z_raw"),
            format!("{}\n", reading[2]),
        )
        .file(&format!("{dir}/in_accel_x_scale"), "0.009806650\n")
        .file(&format!("{dir}/in_accel_y_scale"), "0.009806650\n")
        .file(&format!("{dir}/in_accel_z_scale"), "0.009806650\n")
}

#[test]
fn tablet_whose_natural_orientation_is_landscape() {
    let accel = OrientationSource::Accelerometer;
    // Held as made: landscape, not portrait (the mistake of width-vs-height plugins).
    check(
        &collect(landscape_tablet([0, -1000, 0])),
        LandscapePrimary,
        0,
        accel,
    );
    check(
        &collect(landscape_tablet([-1000, 0, 0])),
        PortraitSecondary,
        90,
        accel,
    );
    check(
        &collect(landscape_tablet([0, 1000, 0])),
        LandscapeSecondary,
        180,
        accel,
    );
    check(
        &collect(landscape_tablet([1000, 0, 0])),
        PortraitPrimary,
        270,
        accel,
    );
}

#[test]
fn host_push_wins_over_the_accelerometer() {
    let c = collector(landscape_tablet([0, -1000, 0]));
    let pushed = HostOrientation::from_android_rotation(3, NaturalOrientation::Landscape).unwrap();
    c.set_orientation(pushed);
    check(
        &c.collect().unwrap(),
        PortraitPrimary,
        270,
        OrientationSource::Host,
    );
}

#[test]
fn portrait_mounted_monitor_drm_mode_1080x1920() {
    let device = Snapshot::new(Platform::Linux)
        .file("/sys/class/drm/card0-HDMI-A-1/status", "disconnected\n")
        .file("/sys/class/drm/card0-HDMI-A-1/modes", "")
        .file("/sys/class/drm/card0-DP-1/status", "connected\n")
        .file(
            "/sys/class/drm/card0-DP-1/modes",
            "1080x1920\n1920x1080\n1280x1024\n",
        )
        .file("/sys/class/drm/card0/dev", "226:0\n")
        .file("/sys/class/drm/version", "drm 1.1.0 20060810\n");
    check(
        &collect(device),
        PortraitPrimary,
        0,
        OrientationSource::Display,
    );
}

#[test]
fn headless_server_without_drm_is_unsupported() {
    let device = Snapshot::new(Platform::Linux).file("/etc/os-release", "ID=debian\n");
    check_omitted(&collect(device), OmitReason::Unsupported);
}

#[test]
fn vm_with_only_disconnected_outputs_is_unsupported() {
    let device = Snapshot::new(Platform::Linux)
        .file("/sys/class/drm/card0-Virtual-1/status", "disconnected\n")
        .file("/sys/class/drm/card0-Virtual-1/modes", "")
        .file("/sys/class/drm/version", "drm 1.1.0 20060810\n");
    check_omitted(&collect(device), OmitReason::Unsupported);
}

#[track_caller]
fn check_malformed(device: Snapshot) {
    check_omitted(&collect(device), OmitReason::Malformed);
}

#[test]
fn bad_sysfs_values_are_malformed_never_guessed() {
    let dir = "/sys/bus/iio/devices/iio:device0";
    let tablet = landscape_tablet([0, -1000, 0]);
    check_malformed(
        tablet
            .clone()
            .file(&format!("{dir}/in_accel_y_raw"), "abc\n"),
    );
    check_malformed(
        tablet
            .clone()
            .file(&format!("{dir}/in_accel_x_scale"), "0\n"),
    );
    check_malformed(
        tablet
            .clone()
            .file(&format!("{dir}/in_accel_z_scale"), "NaN\n"),
    );
    check_malformed(
        tablet
            .clone()
            .file(&format!("{dir}/in_accel_scale"), "nan\n"),
    );
    check_malformed(tablet.clone().file(
        &format!("{dir}/in_accel_mount_matrix"),
        "1, 0, 0; 0, 0, 0; 0, 0, 1\n",
    ));
    check_malformed(
        tablet
            .clone()
            .file(&format!("{dir}/mount_matrix"), "1, 0, 0; 0, 1, 0; 0, 0\n"),
    );
    let monitor = Snapshot::new(Platform::Linux)
        .file("/sys/class/drm/card0-DP-1/status", "connected\n")
        .file("/sys/class/drm/card0-DP-1/modes", "0x0\n");
    check_malformed(monitor);
}

#[test]
fn screen_reads_stay_in_iio_drm_and_the_chassis_type() {
    let rec = Arc::new(Recording::new(convertible()));
    collect(rec.clone());
    let queries = rec.queries();
    assert!(!queries.is_empty());
    for q in queries {
        let name = q.name();
        assert!(
            name.starts_with("/sys/bus/iio/devices")
                || name.starts_with("/sys/devices/pci0000:00/0000:00:12.0/HID-SENSOR-")
                || name.starts_with("/sys/class/drm")
                || name == "/sys/class/dmi/id/chassis_type",
            "unexpected read {q:?}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn live_machine_without_a_display_or_sensor_is_unsupported() {
    let has = |p: &str| std::path::Path::new(p).exists();
    if has("/sys/class/drm") || has("/sys/bus/iio/devices") {
        eprintln!("skipping: this machine has DRM or iio devices, so it is not headless");
        return;
    }
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant([Purpose::VideoOrientation]);
    check_omitted(&collector.collect().unwrap(), OmitReason::Unsupported);
}
