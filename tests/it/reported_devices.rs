//! Devices from public bug reports and the classes behind them (issue 12, items 4–9 and 13),
//! each replayed from its fixture under `tests/fixtures/<platform>/<origin>/` (the folder's
//! `origin.txt` names the report) with the exact values the device shows its user.

use crate::linux_device_support::{device, report};

use std::collections::HashMap;
use std::path::Path;

use devprobe::source::{RegValue, Snapshot};
use devprobe::{Device, Os, Platform, Report};

fn fixture(rel: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    report(Snapshot::from_dir(&dir).unwrap())
}

/// Brand, manufacturer, model, model identifier.
fn ids(d: &Device) -> [Option<&str>; 4] {
    [
        d.brand.as_deref(),
        d.manufacturer.as_deref(),
        d.model.as_deref(),
        d.model_identifier.as_deref(),
    ]
}

/// Id, name, version, build id.
fn os(o: &Os) -> [Option<&str>; 4] {
    [
        o.id.as_deref(),
        o.name.as_deref(),
        o.version.as_deref(),
        o.build_id.as_deref(),
    ]
}

#[test]
fn item4_oneplus_ace_3_english_market_name_is_the_model() {
    let r = fixture("android/bug-reports/fastfetch_1768_oneplus_ace_3");
    assert_eq!(
        ids(&r.device),
        [
            Some("OnePlus"),
            Some("OnePlus"),
            Some("OnePlus Ace 3"),
            Some("PJE110")
        ]
    );
    assert_eq!(r.os.version.as_deref(), Some("14"));
    assert_eq!(r.os.sdk_level, Some(34));
}

#[test]
fn item4_local_market_name_only_when_no_english_one() {
    let base = Snapshot::new(Platform::Android)
        .property("ro.product.brand", "OPPO")
        .property("ro.product.model", "PHB110")
        .property("ro.vendor.oplus.market.name", "OPPO Find X5 Pro");
    assert_eq!(
        device(base.clone()).model.as_deref(),
        Some("OPPO Find X5 Pro")
    );
    let old = Snapshot::new(Platform::Android)
        .property("ro.product.brand", "OPPO")
        .property("ro.product.model", "PCHM30")
        .property("ro.oppo.market.name", "OPPO A11");
    assert_eq!(device(old).model.as_deref(), Some("OPPO A11"));
    // The English name wins over AOSP's market name key too, when a firmware sets both.
    let both = base
        .property("ro.product.marketname", "OPPO Find X5 Pro 天玑版")
        .property(
            "ro.vendor.oplus.market.enname",
            "OPPO Find X5 Pro Dimensity",
        );
    assert_eq!(
        ids(&device(both)),
        [
            Some("OPPO"),
            None,
            Some("OPPO Find X5 Pro Dimensity"),
            Some("PHB110")
        ]
    );
}

#[test]
fn item5_coloros_identity_from_the_my_partitions() {
    let r = fixture("android/hand-built/coloros14_oneplus_ace_3_partitions");
    assert_eq!(
        ids(&r.device),
        [
            Some("OnePlus"),
            Some("OnePlus"),
            Some("OnePlus Ace 3"),
            Some("PJE110")
        ]
    );
    assert_eq!(
        os(&r.os),
        [
            Some("android"),
            Some("Android"),
            Some("14"),
            Some("UKQ1.230924.001")
        ]
    );
    assert_eq!(r.os.sdk_level, Some(34));
}

#[test]
fn item5_my_partitions_are_loaded_without_the_odm_imports() {
    // A capture of the OPLUS partitions alone, no /odm build.prop to import them, and no SDK
    // level in /system: init's order still applies and the brand is found.
    let snap = Snapshot::new(Platform::Android)
        .file(
            "/system/build.prop",
            "ro.product.system.brand=oplus\nro.product.system.model=ossi\n",
        )
        .file(
            "/my_manifest/build.prop",
            "ro.product.model=RMX3706\nro.product.vendor.brand=realme\n\
             ro.product.vendor.manufacturer=realme\nimport /my_manifest/etc/names.prop\n",
        )
        .file(
            "/my_manifest/etc/names.prop",
            "ro.vendor.oplus.market.name=真我GT5\n",
        )
        .file(
            "/my_region/build.prop",
            "ro.vendor.oplus.market.enname=realme GT5\n",
        );
    assert_eq!(
        ids(&device(snap)),
        [
            Some("realme"),
            Some("realme"),
            Some("realme GT5"),
            Some("RMX3706")
        ]
    );
}

#[test]
fn item6_emui_build_id_is_the_build_settings_shows() {
    let r = fixture("android/bug-reports/scrcpy_5653_huawei_bkl_l09");
    assert_eq!(r.os.build_id.as_deref(), Some("BKL-L09 8.0.0.130(C432)"));
    assert_eq!(
        ids(&r.device),
        [
            Some("Honor"),
            Some("HUAWEI"),
            Some("BKL-L09"),
            Some("BKL-L09")
        ]
    );
    // An AOSP-shaped build id stays what it is.
    let pixel = Snapshot::new(Platform::Android)
        .property("ro.product.model", "Pixel 5")
        .property("ro.build.id", "SKQ1.211230.001")
        .property("ro.build.display.id", "SKQ1.211230.001 release-keys");
    assert_eq!(
        report(pixel).os.build_id.as_deref(),
        Some("SKQ1.211230.001")
    );
    // Honor's own firmware does the same with its name.
    let honor = Snapshot::new(Platform::Android)
        .property("ro.product.model", "LLD-L31")
        .property("ro.build.id", "HONORLLD-L31")
        .property("ro.build.display.id", "LLD-L31 9.1.0.132(C432E6R1P2)");
    assert_eq!(
        report(honor).os.build_id.as_deref(),
        Some("LLD-L31 9.1.0.132(C432E6R1P2)")
    );
}

const MBP14_1: [Option<&str>; 4] = [
    Some("Apple"),
    Some("Apple Inc."),
    Some("MacBook Pro (13-inch, 2017, Two Thunderbolt 3 ports)"),
    Some("MacBookPro14,1"),
];

#[test]
fn item7_apple_hardware_on_linux_and_boot_camp_is_named_as_on_macos() {
    let linux = fixture("linux/bug-reports/fastfetch_537_macbookpro14_1");
    assert_eq!(ids(&linux.device), MBP14_1);
    let windows = fixture("windows/hand-built/bootcamp_macbookpro14_1");
    assert_eq!(ids(&windows.device), MBP14_1);
    let macos = report(Snapshot::new(Platform::MacOs).sysctl("hw.model", "MacBookPro14,1"));
    assert_eq!(
        ids(&macos.device)[2..],
        MBP14_1[2..],
        "the same model and identifier as macOS"
    );
    // Another Mac through the registry, built in the test.
    let imac = Snapshot::new(Platform::Windows)
        .registry(
            r"HKLM\HARDWARE\DESCRIPTION\System\BIOS",
            "SystemManufacturer",
            RegValue::Sz("Apple Inc.".into()),
        )
        .registry(
            r"HKLM\HARDWARE\DESCRIPTION\System\BIOS",
            "SystemProductName",
            RegValue::Sz("MacBookAir7,2".into()),
        );
    assert_eq!(
        device(imac).model_identifier.as_deref(),
        Some("MacBookAir7,2")
    );
}

#[test]
fn item8_steam_deck_and_steam_deck_oled() {
    let lcd = fixture("linux/hand-built/steam_deck_jupiter");
    assert_eq!(
        ids(&lcd.device),
        [
            Some("Valve"),
            Some("Valve"),
            Some("Steam Deck"),
            Some("Jupiter")
        ]
    );
    let oled = fixture("linux/hand-built/steam_deck_galileo");
    assert_eq!(
        ids(&oled.device),
        [
            Some("Valve"),
            Some("Valve"),
            Some("Steam Deck OLED"),
            Some("Galileo")
        ]
    );
}

#[test]
fn item9_macos_26_compatibility_answer_is_26() {
    let r = fixture("macos/bug-reports/dotnet_runtime_116503_macos_26");
    assert_eq!(
        os(&r.os),
        [Some("macos"), Some("macOS"), Some("26.0"), Some("25A354")]
    );
    assert_eq!(r.device.model_identifier.as_deref(), Some("Mac16,1"));
}

#[test]
fn item13_alpine_release_alone() {
    let r = fixture("linux/hand-built/alpine_release_only");
    assert_eq!(
        os(&r.os)[..3],
        [Some("alpine"), Some("Alpine Linux"), Some("3.19.1")]
    );
}

fn dmi(pairs: &[(&str, &str)]) -> Device {
    let row: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    device(crate::linux_device_support::dmi_snapshot(&row))
}

#[test]
fn item13_dmi_vendor_junk_falls_back_like_a_placeholder() {
    // Truncated placeholders, a board model, BIOS makers: the board vendor decides.
    for junk in [
        "System Manufact",
        "System manufac",
        "H87-M1",
        "PhoenixAward",
        "American Megatrends Inc.",
        "Award Software International, Inc.",
        "Insyde",
    ] {
        let d = dmi(&[
            ("sys_vendor", junk),
            ("product_name", "System Product Name"),
            ("board_vendor", "ASUSTeK COMPUTER INC."),
            ("board_name", "H87-PLUS"),
        ]);
        assert_eq!(
            ids(&d)[..3],
            [
                Some("ASUS"),
                Some("ASUSTeK COMPUTER INC."),
                Some("H87-PLUS")
            ],
            "{junk}"
        );
        // With junk everywhere, nothing is reported.
        let d = dmi(&[("sys_vendor", junk), ("board_vendor", junk)]);
        assert_eq!(d.brand, None, "{junk}");
    }
    // A vendor with the model glued on.
    let d = dmi(&[
        ("sys_vendor", "HUANANZHI X99"),
        ("product_name", "Default string"),
        ("board_vendor", "HUANANZHI"),
        ("board_name", "X99-BD4"),
    ]);
    assert_eq!(
        ids(&d),
        [
            Some("HUANANZHI"),
            Some("HUANANZHI"),
            Some("X99-BD4"),
            Some("X99-BD4")
        ]
    );
    // Real makers that look alike are kept.
    for (vendor, brand) in [
        ("Phoenix Contact", "Phoenix Contact"),
        ("System76", "System76"),
    ] {
        assert_eq!(dmi(&[("sys_vendor", vendor)]).brand.as_deref(), Some(brand));
    }
}

#[test]
fn item14_model_identifier_whenever_a_code_is_known() {
    // Android without a market name, Apple beyond the table, a DMI product name.
    let android = Snapshot::new(Platform::Android)
        .property("ro.product.brand", "samsung")
        .property("ro.product.model", "SM-A125F");
    assert_eq!(
        ids(&device(android))[2..],
        [Some("SM-A125F"), Some("SM-A125F")]
    );
    let iphone = Snapshot::new(Platform::Ios).sysctl("hw.machine", "iPhone99,1");
    assert_eq!(
        ids(&device(iphone))[2..],
        [Some("iPhone99,1"), Some("iPhone99,1")]
    );
    let dell = dmi(&[
        ("sys_vendor", "Dell Inc."),
        ("product_name", "Latitude 7390"),
    ]);
    assert_eq!(
        ids(&dell),
        [
            Some("Dell"),
            Some("Dell Inc."),
            Some("Latitude 7390"),
            Some("Latitude 7390")
        ]
    );
}
