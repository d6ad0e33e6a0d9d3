use crate::facts::device::apple_models::marketing_name;
use crate::facts::os::apple::macos_from_darwin;
use crate::facts::{Context, Facts, run};
use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::report::{IpPrecision, OmitReason, Platform};
use crate::source::{Recording, Snapshot, Source};

fn probe(source: &dyn Source) -> Facts {
    run(&Context {
        source,
        wanted: FieldSet::all(),
        host: HostFacts::default(),
        ip_precision: IpPrecision::Truncated,
        previous_orientation: None,
    })
}

fn sysctls(platform: Platform, pairs: &[(&str, &str)]) -> Snapshot {
    pairs
        .iter()
        .fold(Snapshot::new(platform), |s, (k, v)| s.sysctl(k, v))
}

#[track_caller]
fn check_name(identifier: &str, expected: Option<&str>) {
    assert_eq!(marketing_name(identifier), expected, "{identifier}");
}

#[test]
fn table_lookups() {
    check_name("iPhone15,2", Some("iPhone 14 Pro"));
    check_name("MacBookPro18,3", Some("MacBook Pro (14-inch, 2021)"));
    check_name("Mac14,2", Some("MacBook Air (M2, 2022)"));
    check_name("iPad13,18", Some("iPad (10th generation)"));
    check_name("iPhone99,1", None);
    check_name("D73AP", None);
    check_name("", None);
}

#[test]
fn iphone_14_pro_ios_16_reports_hw_machine_not_the_board_id() {
    let rec = Recording::new(sysctls(
        Platform::Ios,
        &[
            ("hw.machine", "iPhone15,2"),
            ("hw.model", "D73AP"),
            ("kern.osproductversion", "16.1"),
            ("kern.osversion", "20B82"),
            ("kern.osrelease", "22.1.0"),
        ],
    ));
    let f = probe(&rec);
    assert_eq!(f.device.brand.as_deref(), Some("Apple"));
    assert_eq!(f.device.model.as_deref(), Some("iPhone 14 Pro"));
    assert_eq!(f.device.model_identifier.as_deref(), Some("iPhone15,2"));
    assert_eq!(f.os.name.as_deref(), Some("iOS"));
    assert_eq!(f.os.version.as_deref(), Some("16.1"));
    assert_eq!(f.os.build_id.as_deref(), Some("20B82"));
    assert_eq!(f.os.kernel_version.as_deref(), Some("22.1.0"));
    assert!(!rec.queries().iter().any(|q| q.name() == "hw.model"));
    assert!(
        !rec.queries()
            .iter()
            .any(|q| crate::source::deny::sysctl(q.name()))
    );
}

#[test]
fn macbook_pro_monterey_reports_12_not_darwin_21() {
    let f = probe(&sysctls(
        Platform::MacOs,
        &[
            ("hw.model", "MacBookPro18,3"),
            ("kern.osproductversion", "12.6"),
            ("kern.osversion", "21G115"),
            ("kern.osrelease", "21.6.0"),
        ],
    ));
    assert_eq!(
        f.device.model.as_deref(),
        Some("MacBook Pro (14-inch, 2021)")
    );
    assert_eq!(f.device.model_identifier.as_deref(), Some("MacBookPro18,3"));
    assert_eq!(f.os.name.as_deref(), Some("macOS"));
    assert_eq!(f.os.id.as_deref(), Some("macos"));
    assert_eq!(f.os.version.as_deref(), Some("12.6"));
    assert_eq!(f.os.build_id.as_deref(), Some("21G115"));
    assert_eq!(f.os.kernel_version.as_deref(), Some("21.6.0"));
}

#[test]
fn big_sur_compat_10_16_resolves_through_the_compat_sysctl_or_darwin() {
    let base = [
        ("hw.model", "MacBookAir10,1"),
        ("kern.osproductversion", "10.16"),
        ("kern.osrelease", "20.6.0"),
    ];
    let f = probe(&sysctls(Platform::MacOs, &base));
    assert_eq!(f.os.version.as_deref(), Some("11"));
    let mut with_real = base.to_vec();
    with_real.push(("kern.osproductversioncompat", "11.7.10"));
    let f = probe(&sysctls(Platform::MacOs, &with_real));
    assert_eq!(f.os.version.as_deref(), Some("11.7.10"));
    let f = probe(&sysctls(
        Platform::MacOs,
        &[
            ("kern.osproductversion", "10.16"),
            ("kern.osrelease", "25.0.0"),
        ],
    ));
    assert_eq!(f.os.version.as_deref(), Some("26"));
}

#[test]
fn darwin_to_macos() {
    for (darwin, mac) in [
        (17, "10.13"),
        (19, "10.15"),
        (20, "11"),
        (23, "14"),
        (24, "15"),
        (25, "26"),
    ] {
        assert_eq!(macos_from_darwin(darwin).as_deref(), Some(mac), "{darwin}");
    }
    assert_eq!(macos_from_darwin(4), None);
}

#[test]
fn simulator_reports_what_it_simulates() {
    let f = probe(&sysctls(
        Platform::Ios,
        &[
            ("hw.machine", "arm64"),
            ("hw.model", "Mac14,2"),
            ("kern.osproductversion", "14.5"),
            ("kern.osversion", "23F79"),
            ("env.SIMULATOR_MODEL_IDENTIFIER", "iPad13,18"),
            ("env.SIMULATOR_RUNTIME_VERSION", "17.5"),
            ("env.SIMULATOR_RUNTIME_BUILD_VERSION", "21F79"),
        ],
    ));
    assert_eq!(f.device.model.as_deref(), Some("iPad (10th generation)"));
    assert_eq!(f.device.model_identifier.as_deref(), Some("iPad13,18"));
    assert_eq!(f.os.name.as_deref(), Some("iPadOS"));
    assert_eq!(f.os.version.as_deref(), Some("17.5"));
    assert_eq!(f.os.build_id.as_deref(), Some("21F79"));
}

#[test]
fn cpu_name_without_simulator_info_is_not_a_model() {
    let f = probe(&sysctls(
        Platform::Ios,
        &[("hw.machine", "arm64"), ("hw.model", "J413AP")],
    ));
    assert_eq!(f.device.model, None);
    assert_eq!(
        f.omitted.get(&Field::DeviceModel),
        Some(&OmitReason::NotFound)
    );
}

#[test]
fn unknown_identifier_is_the_model_never_a_generic_iphone() {
    let f = probe(&sysctls(Platform::Ios, &[("hw.machine", "iPhone19,9")]));
    assert_eq!(f.device.model.as_deref(), Some("iPhone19,9"));
    assert_eq!(f.device.model_identifier, None);
    assert_eq!(f.os.name.as_deref(), Some("iOS"));
}

#[test]
fn junk_sysctls_are_omitted_with_reasons() {
    let big = "x".repeat(64 * 1024);
    let f = probe(&sysctls(
        Platform::MacOs,
        &[
            ("hw.model", &big),
            ("kern.osproductversion", "twelve"),
            ("kern.osversion", " "),
        ],
    ));
    assert_eq!(
        f.omitted.get(&Field::DeviceModel),
        Some(&OmitReason::Malformed)
    );
    assert_eq!(
        f.omitted.get(&Field::OsVersion),
        Some(&OmitReason::Malformed)
    );
    assert_eq!(
        f.omitted.get(&Field::OsBuildId),
        Some(&OmitReason::NotFound)
    );
}
