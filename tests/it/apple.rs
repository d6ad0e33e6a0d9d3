//! Apple conformance: every identifier in `../shared/corpus/apple/*.tsv` resolves to its
//! marketing name through the whole pipeline, and snapshot tests for the traps: the iOS board id
//! in `hw.model`, the Darwin kernel number, the 10.16 compatibility answer, simulators.

use std::path::{Path, PathBuf};

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose, Report};

fn corpus() -> Option<PathBuf> {
    crate::corpus::dir("apple")
}

fn collect(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant([Purpose::Compatibility]);
    collector.collect().unwrap()
}

fn sysctls(platform: Platform, pairs: &[(&str, &str)]) -> Snapshot {
    pairs
        .iter()
        .fold(Snapshot::new(platform), |s, (k, v)| s.sysctl(k, v))
}

/// Every `identifier → name` row of a table resolves; returns the mismatches.
fn check_table(path: &Path, platform: Platform, key: &str) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    let mut bad = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (id, name) = (cols.next().unwrap(), cols.next().unwrap());
        n += 1;
        let r = collect(sysctls(platform, &[(key, id)]));
        let got = (
            r.device.model.as_deref(),
            r.device.model_identifier.as_deref(),
        );
        if got != (Some(name), Some(id)) {
            bad.push(format!("{id}: got {got:?}, expected {name:?}"));
        }
        if r.device.brand.as_deref() != Some("Apple") {
            bad.push(format!("{id}: brand {:?}", r.device.brand));
        }
    }
    (n, bad)
}

#[test]
fn every_ios_family_identifier_resolves_to_its_marketing_name() {
    let Some(dir) = corpus() else { return };
    let (n, bad) = check_table(&dir.join("ios_models.tsv"), Platform::Ios, "hw.machine");
    assert_eq!(n, 229);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_mac_identifier_resolves_to_its_marketing_name() {
    let Some(dir) = corpus() else { return };
    let (n, bad) = check_table(&dir.join("mac_models.tsv"), Platform::MacOs, "hw.model");
    assert_eq!(n, 145);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn iphone15_2_ios_17_uses_hw_machine_not_board_id_d73ap() {
    let r = collect(sysctls(
        Platform::Ios,
        &[
            ("hw.model", "D73AP"),
            ("hw.machine", "iPhone15,2"),
            ("kern.osproductversion", "17.5.1"),
            ("kern.osversion", "21F90"),
            ("kern.osrelease", "23.5.0"),
        ],
    ));
    assert_eq!(r.platform, Platform::Ios);
    assert_eq!(r.device.brand.as_deref(), Some("Apple"));
    assert_eq!(r.device.manufacturer.as_deref(), Some("Apple"));
    assert_eq!(r.device.model.as_deref(), Some("iPhone 14 Pro"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("iPhone15,2"));
    assert_eq!(r.os.name.as_deref(), Some("iOS"));
    assert_eq!(r.os.id.as_deref(), Some("ios"));
    assert_eq!(r.os.version.as_deref(), Some("17.5.1"));
    assert_eq!(r.os.build_id.as_deref(), Some("21F90"));
    assert_eq!(r.os.kernel_version.as_deref(), Some("23.5.0"));
}

#[test]
fn macbook_air_m2_sonoma_reports_14_not_darwin_23() {
    let r = collect(sysctls(
        Platform::MacOs,
        &[
            ("hw.model", "Mac14,2"),
            ("kern.osproductversion", "14.4.1"),
            ("kern.osversion", "23E224"),
            ("kern.osrelease", "23.4.0"),
        ],
    ));
    assert_eq!(r.device.model.as_deref(), Some("MacBook Air (M2, 2022)"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("Mac14,2"));
    assert_eq!(r.os.name.as_deref(), Some("macOS"));
    assert_eq!(r.os.version.as_deref(), Some("14.4.1"));
    assert_eq!(r.os.build_id.as_deref(), Some("23E224"));
    assert_eq!(r.os.kernel_version.as_deref(), Some("23.4.0"));
}

#[test]
fn big_sur_compat_mode_10_16_is_resolved_to_11() {
    let r = collect(sysctls(
        Platform::MacOs,
        &[
            ("hw.model", "MacBookPro17,1"),
            ("kern.osproductversion", "10.16"),
            ("kern.osversion", "20G1427"),
            ("kern.osrelease", "20.6.0"),
        ],
    ));
    assert_eq!(r.os.version.as_deref(), Some("11"));
    assert_eq!(
        r.device.model.as_deref(),
        Some("MacBook Pro (13-inch, M1, 2020)")
    );
}

#[test]
fn iphone_simulator_on_an_m2_mac_reports_the_simulated_iphone() {
    let r = collect(sysctls(
        Platform::Ios,
        &[
            ("hw.machine", "arm64"),
            ("hw.model", "Mac14,2"),
            ("kern.osproductversion", "14.4.1"),
            ("kern.osversion", "23E224"),
            ("env.SIMULATOR_MODEL_IDENTIFIER", "iPhone16,1"),
            ("env.SIMULATOR_RUNTIME_VERSION", "17.4"),
            ("env.SIMULATOR_RUNTIME_BUILD_VERSION", "21E213"),
        ],
    ));
    assert_eq!(r.device.model.as_deref(), Some("iPhone 15 Pro"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("iPhone16,1"));
    assert_eq!(r.os.name.as_deref(), Some("iOS"));
    assert_eq!(r.os.version.as_deref(), Some("17.4"));
    assert_eq!(r.os.build_id.as_deref(), Some("21E213"));
}

#[test]
fn an_unknown_future_iphone_is_its_identifier() {
    let r = collect(sysctls(Platform::Ios, &[("hw.machine", "iPhone42,1")]));
    assert_eq!(r.device.model.as_deref(), Some("iPhone42,1"));
    assert_eq!(r.device.model_identifier, None);
    assert_eq!(r.omission(Field::OsVersion), Some(OmitReason::NotFound));
}

#[test]
fn a_sysctl_txt_snapshot_with_crlf_and_a_64_kib_value_loads_and_omits() {
    let dir = std::env::temp_dir().join(format!("devprobe-apple-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("platform"), "macos\n").unwrap();
    let big = "z".repeat(64 * 1024);
    std::fs::write(
        dir.join("sysctl.txt"),
        format!(
            "hw.model: MacBookPro18,3\r\nkern.osproductversion: 12.6\r\nkern.osversion: {big}\r\n"
        ),
    )
    .unwrap();
    let snap = Snapshot::from_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let r = collect(snap);
    assert_eq!(
        r.device.model.as_deref(),
        Some("MacBook Pro (14-inch, 2021)")
    );
    assert_eq!(r.os.version.as_deref(), Some("12.6"));
    assert_eq!(r.omission(Field::OsBuildId), Some(OmitReason::Malformed));
}

fn collect_all(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

#[track_caller]
fn check_mac_display(width: u32, height: u32, rotation: u16, want: Option<(&str, u16)>) {
    let snap = Snapshot::new(Platform::MacOs)
        .display(devprobe::source::DisplayInfo::new(width, height, rotation));
    let report = collect_all(snap);
    match want {
        Some((orientation, degrees)) => {
            assert_eq!(
                report.screen.orientation.map(|o| o.as_str()),
                Some(orientation)
            );
            assert_eq!(report.screen.rotation_degrees, Some(degrees));
            assert_eq!(
                report.screen.source,
                Some(devprobe::OrientationSource::Display)
            );
        }
        None => {
            assert_eq!(report.screen.orientation, None);
            assert_eq!(
                report.omission(Field::ScreenOrientation),
                Some(OmitReason::Malformed)
            );
        }
    }
}

#[test]
fn macbook_display_rotation_gives_the_video_orientation() {
    check_mac_display(1512, 982, 0, Some(("landscape_primary", 0)));
    // The panel turned a quarter clockwise (CGDisplayRotation 90): content turned 270°.
    check_mac_display(982, 1512, 270, Some(("portrait_primary", 270)));
    check_mac_display(982, 1512, 90, Some(("portrait_secondary", 90)));
    check_mac_display(1512, 982, 180, Some(("landscape_secondary", 180)));
    check_mac_display(0, 982, 0, None);
    check_mac_display(1512, 982, 45, None);
}

#[test]
fn a_mac_without_a_display_and_an_iphone_without_a_host_push_omit_the_screen() {
    let headless = collect_all(Snapshot::new(Platform::MacOs));
    assert_eq!(
        headless.omission(Field::ScreenOrientation),
        Some(OmitReason::NotFound)
    );
    let iphone = collect_all(
        Snapshot::new(Platform::Ios).display(devprobe::source::DisplayInfo::new(1179, 2556, 0)),
    );
    assert_eq!(
        iphone.omission(Field::ScreenOrientation),
        Some(OmitReason::Unsupported)
    );
}
