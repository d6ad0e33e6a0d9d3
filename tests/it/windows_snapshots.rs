//! The Windows probe against built snapshots: the traps of `ProductName`, shared builds and
//! compatibility answers, SMBIOS junk, bad registry values, adapter classification, and the
//! display. Each case states the exact values a correct probe reports.

// Test helpers unwrap and panic like the tests they serve (clippy.toml allows it only inside
use std::net::IpAddr;

use devprobe::source::{
    AdapterAddress, AdapterInfo, DisplayInfo, Query, Recording, RegValue, Snapshot, WindowsVersion,
};
use devprobe::{
    Collector, ConnectionType, Consent, Field, IpScope, OmitReason, Platform, Purpose, Report,
};

const BIOS: &str = r"HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\BIOS";
const CV: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion";

fn sz(s: &str) -> RegValue {
    RegValue::Sz(s.to_owned())
}

fn report(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap()
}

/// A Windows install as the registry shows it: build, UBR, display version, edition, and the
/// `ProductName` that may lie.
fn windows(
    build: u32,
    product_type: u8,
    ubr: u32,
    display: &str,
    edition: &str,
    product_name: &str,
) -> Snapshot {
    let major = if build >= 10240 { 10 } else { 6 };
    Snapshot::new(Platform::Windows)
        .windows_version(WindowsVersion::new(major, 0, build, product_type))
        .registry(CV, "CurrentBuildNumber", sz(&build.to_string()))
        .registry(CV, "CurrentBuild", sz(&build.to_string()))
        .registry(CV, "UBR", RegValue::Dword(ubr))
        .registry(CV, "DisplayVersion", sz(display))
        .registry(CV, "EditionID", sz(edition))
        .registry(CV, "ProductName", sz(product_name))
        .registry(
            CV,
            "InstallationType",
            sz(if product_type == 1 {
                "Client"
            } else {
                "Server"
            }),
        )
}

fn thinkpad(s: Snapshot) -> Snapshot {
    s.registry(BIOS, "SystemManufacturer", sz("LENOVO"))
        .registry(BIOS, "SystemProductName", sz("20XW0055US"))
        .registry(BIOS, "SystemVersion", sz("ThinkPad X1 Carbon Gen 9"))
        .registry(BIOS, "SystemFamily", sz("ThinkPad X1 Carbon Gen 9"))
        .registry(
            BIOS,
            "SystemSKU",
            sz("LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9"),
        )
}

#[track_caller]
fn check_os(
    r: &Report,
    name: Option<&str>,
    version: Option<&str>,
    build_id: Option<&str>,
    display: Option<&str>,
) {
    assert_eq!(r.os.id.as_deref(), Some("windows"));
    assert_eq!(r.os.name.as_deref(), name, "os.name");
    assert_eq!(r.os.version.as_deref(), version, "os.version");
    assert_eq!(r.os.build_id.as_deref(), build_id, "os.build_id");
    assert_eq!(
        r.os.display_version.as_deref(),
        display,
        "os.display_version"
    );
}

#[test]
fn windows_11_23h2_registry_says_10() {
    let r = report(thinkpad(windows(
        22631,
        1,
        4460,
        "23H2",
        "Professional",
        "Windows 10 Pro",
    )));
    check_os(
        &r,
        Some("Windows 11 Pro"),
        Some("11"),
        Some("22631.4460"),
        Some("23H2"),
    );
    assert_eq!(r.os.kernel_version.as_deref(), Some("10.0.22631"));
    assert_eq!(r.device.brand.as_deref(), Some("Lenovo"));
    assert_eq!(r.device.manufacturer.as_deref(), Some("LENOVO"));
    assert_eq!(r.device.model.as_deref(), Some("ThinkPad X1 Carbon Gen 9"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("20XW0055US"));
}

#[test]
fn build_26100_workstation_is_windows_11_24h2() {
    let r = report(windows(
        26100,
        1,
        2605,
        "24H2",
        "Enterprise",
        "Windows 10 Enterprise",
    ));
    check_os(
        &r,
        Some("Windows 11 Enterprise"),
        Some("11"),
        Some("26100.2605"),
        Some("24H2"),
    );
}

#[test]
fn build_26100_server_is_windows_server_2025() {
    let r = report(windows(
        26100,
        3,
        2605,
        "24H2",
        "ServerDatacenter",
        "Windows Server 2025 Datacenter",
    ));
    check_os(
        &r,
        Some("Windows Server 2025 Datacenter"),
        Some("2025"),
        Some("26100.2605"),
        Some("24H2"),
    );
}

#[test]
fn build_26100_domain_controller_is_windows_server_2025() {
    let r = report(windows(
        26100,
        2,
        1,
        "24H2",
        "ServerStandard",
        "Windows Server 2025 Standard",
    ));
    check_os(
        &r,
        Some("Windows Server 2025 Standard"),
        Some("2025"),
        Some("26100.1"),
        Some("24H2"),
    );
}

#[test]
fn build_26100_enterprise_ltsc_2024() {
    let r = report(windows(
        26100,
        1,
        1742,
        "24H2",
        "EnterpriseS",
        "Windows 10 Enterprise LTSC 2024",
    ));
    check_os(
        &r,
        Some("Windows 11 Enterprise LTSC 2024"),
        Some("11"),
        Some("26100.1742"),
        Some("24H2"),
    );
}

#[test]
fn windows_11_enterprise_multi_session_reports_a_server_product_type() {
    let r = report(windows(
        22631,
        3,
        4460,
        "23H2",
        "ServerRdsh",
        "Windows 10 Enterprise multi-session",
    ));
    check_os(
        &r,
        Some("Windows 11 Enterprise multi-session"),
        Some("11"),
        Some("22631.4460"),
        Some("23H2"),
    );
}

#[test]
fn server_2022_and_annual_channel_23h2() {
    let r = report(windows(
        20348,
        3,
        2849,
        "21H2",
        "ServerStandard",
        "Windows Server 2022 Standard",
    ));
    check_os(
        &r,
        Some("Windows Server 2022 Standard"),
        Some("2022"),
        Some("20348.2849"),
        Some("21H2"),
    );
    let r = report(windows(
        25398,
        3,
        1251,
        "23H2",
        "ServerDatacenter",
        "Windows Server Datacenter",
    ));
    check_os(
        &r,
        Some("Windows Server Datacenter, version 23H2"),
        Some("23H2"),
        Some("25398.1251"),
        Some("23H2"),
    );
}

#[test]
fn compatibility_answer_9200_loses_to_the_registry() {
    // A program without a manifest under a compatibility shim: the kernel says 6.2.9200.
    let s = windows(22631, 1, 4460, "23H2", "Core", "Windows 10 Home")
        .windows_version(WindowsVersion::new(6, 2, 9200, 1));
    let r = report(s);
    check_os(
        &r,
        Some("Windows 11 Home"),
        Some("11"),
        Some("22631.4460"),
        Some("23H2"),
    );
    assert_eq!(r.os.kernel_version.as_deref(), Some("10.0.22631"));
}

#[test]
fn compatibility_answer_9200_alone_is_windows_8() {
    // With no registry to correct it, the kernel's answer is all there is.
    let s = Snapshot::new(Platform::Windows).windows_version(WindowsVersion::new(6, 2, 9200, 1));
    let r = report(s);
    check_os(&r, Some("Windows 8"), Some("8"), Some("9200"), None);
    assert_eq!(
        r.omission(Field::OsDisplayVersion),
        Some(OmitReason::NotFound)
    );
    assert_eq!(r.os.kernel_version.as_deref(), Some("6.2.9200"));
}

#[test]
fn wine_default_windows_7_kernel_with_a_windows_11_registry() {
    // Wine 8 out of the box: RtlGetVersion says 6.1.7601; the registry was set to 22631.
    let s = windows(22631, 1, 4460, "23H2", "Professional", "Windows 10 Pro")
        .windows_version(WindowsVersion::new(6, 1, 7601, 1));
    let r = report(s);
    check_os(
        &r,
        Some("Windows 11 Pro"),
        Some("11"),
        Some("22631.4460"),
        Some("23H2"),
    );
}

#[test]
fn a_newer_kernel_wins_over_a_stale_registry_without_its_ubr() {
    let s = windows(19045, 1, 5131, "22H2", "Professional", "Windows 10 Pro")
        .windows_version(WindowsVersion::new(10, 0, 22631, 1));
    let r = report(s);
    check_os(
        &r,
        Some("Windows 11 Pro"),
        Some("11"),
        Some("22631"),
        Some("23H2"),
    );
}

#[test]
fn windows_7_professional_keeps_its_old_edition_name() {
    let s = Snapshot::new(Platform::Windows)
        .windows_version(WindowsVersion::new(6, 1, 7601, 1))
        .registry(CV, "CurrentBuildNumber", sz("7601"))
        .registry(CV, "EditionID", sz("Professional"));
    check_os(
        &report(s),
        Some("Windows 7 Professional"),
        Some("7"),
        Some("7601"),
        None,
    );
}

#[test]
fn insider_build_takes_the_registry_display_version() {
    let s = windows(22635, 1, 4515, "23H2", "Professional", "Windows 10 Pro");
    check_os(
        &report(s),
        Some("Windows 11 Pro"),
        Some("11"),
        Some("22635.4515"),
        Some("23H2"),
    );
}

#[test]
fn product_type_from_the_registry_when_the_kernel_is_silent() {
    let s = Snapshot::new(Platform::Windows)
        .registry(CV, "CurrentBuildNumber", sz("17763"))
        .registry(CV, "EditionID", sz("ServerStandard"))
        .registry(CV, "InstallationType", sz("Server Core"));
    check_os(
        &report(s),
        Some("Windows Server 2019 Standard"),
        Some("2019"),
        Some("17763"),
        Some("1809"),
    );
    let s = Snapshot::new(Platform::Windows)
        .registry(CV, "CurrentBuildNumber", sz("17763"))
        .registry(
            r"HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions",
            "ProductType",
            sz("WinNT"),
        );
    check_os(
        &report(s),
        Some("Windows 10"),
        Some("10"),
        Some("17763"),
        Some("1809"),
    );
}

#[test]
fn shared_build_without_any_product_type_names_nothing() {
    let s = Snapshot::new(Platform::Windows).registry(CV, "CurrentBuildNumber", sz("26100"));
    let r = report(s);
    check_os(&r, None, None, Some("26100"), None);
    assert_eq!(r.omission(Field::OsName), Some(OmitReason::NotFound));
}

#[test]
fn no_kernel_and_no_registry() {
    let r = report(Snapshot::new(Platform::Windows));
    check_os(&r, None, None, None, None);
    assert_eq!(r.omission(Field::OsBuildId), Some(OmitReason::NotFound));
    assert_eq!(r.omission(Field::OsSdkLevel), Some(OmitReason::Unsupported));
}

#[test]
fn wrong_registry_types_are_omitted_as_malformed() {
    let s = Snapshot::new(Platform::Windows)
        .registry(CV, "CurrentBuildNumber", RegValue::Dword(22631))
        .registry(CV, "CurrentBuild", RegValue::MultiSz(vec!["22631".into()]))
        .registry(BIOS, "SystemManufacturer", RegValue::Dword(7))
        .registry(BIOS, "SystemProductName", RegValue::Binary(vec![0x41, 0]));
    let r = report(s);
    assert_eq!(r.omission(Field::OsBuildId), Some(OmitReason::Malformed));
    assert_eq!(r.omission(Field::OsName), Some(OmitReason::Malformed));
    assert_eq!(
        r.omission(Field::DeviceManufacturer),
        Some(OmitReason::Malformed)
    );
    assert_eq!(r.omission(Field::DeviceBrand), Some(OmitReason::Malformed));
    assert_eq!(r.omission(Field::DeviceModel), Some(OmitReason::Malformed));
}

#[test]
fn a_wrong_type_ubr_keeps_the_build() {
    let s = windows(22631, 1, 0, "23H2", "Professional", "Windows 10 Pro").registry(
        CV,
        "UBR",
        sz("4460"),
    );
    assert_eq!(report(s).os.build_id.as_deref(), Some("22631"));
}

#[test]
fn a_64_kib_string_is_omitted_not_cut() {
    let huge = "A".repeat(64 * 1024);
    let s = Snapshot::new(Platform::Windows)
        .registry(BIOS, "SystemManufacturer", sz(&huge))
        .registry(BIOS, "SystemProductName", sz(&huge))
        .registry(CV, "CurrentBuildNumber", sz(&huge));
    let r = report(s);
    assert_eq!(r.device.manufacturer, None);
    assert_eq!(
        r.omission(Field::DeviceManufacturer),
        Some(OmitReason::Malformed)
    );
    assert_eq!(r.omission(Field::DeviceModel), Some(OmitReason::Malformed));
    assert_eq!(r.omission(Field::OsBuildId), Some(OmitReason::Malformed));
}

#[test]
fn wine_default_empty_bios_strings() {
    let s = Snapshot::new(Platform::Windows)
        .windows_version(WindowsVersion::new(6, 1, 7601, 1))
        .registry(BIOS, "SystemManufacturer", sz(""))
        .registry(BIOS, "SystemProductName", sz(""))
        .registry(BIOS, "SystemVersion", sz(""))
        .registry(BIOS, "BaseBoardManufacturer", sz(""))
        .registry(BIOS, "BaseBoardProduct", sz(""));
    let r = report(s);
    for f in [
        Field::DeviceBrand,
        Field::DeviceManufacturer,
        Field::DeviceModel,
        Field::DeviceModelIdentifier,
    ] {
        assert_eq!(r.omission(f), Some(OmitReason::NotFound), "{f}");
    }
    check_os(&r, Some("Windows 7"), Some("7"), Some("7601"), None);
}

#[test]
fn placeholder_system_strings_fall_back_to_the_board() {
    // An ASUS board in a home-built PC, as linux-hardware.org files it (PRIME B550-PLUS).
    let s = Snapshot::new(Platform::Windows)
        .registry(BIOS, "SystemManufacturer", sz("System manufacturer"))
        .registry(BIOS, "SystemProductName", sz("System Product Name"))
        .registry(BIOS, "BaseBoardManufacturer", sz("ASUSTeK COMPUTER INC."))
        .registry(BIOS, "BaseBoardProduct", sz("PRIME B550-PLUS"));
    let r = report(s);
    assert_eq!(
        r.device.manufacturer.as_deref(),
        Some("ASUSTeK COMPUTER INC.")
    );
    assert_eq!(r.device.model.as_deref(), Some("PRIME B550-PLUS"));
}

#[test]
fn dell_and_lenovo_server_models() {
    let s = Snapshot::new(Platform::Windows)
        .registry(BIOS, "SystemManufacturer", sz("Dell Inc."))
        .registry(BIOS, "SystemProductName", sz("XPS 13 9360"))
        .registry(BIOS, "SystemVersion", sz("Not Specified"));
    let r = report(s);
    assert_eq!(r.device.model.as_deref(), Some("XPS 13 9360"));
    assert_eq!(
        r.omission(Field::DeviceModelIdentifier),
        Some(OmitReason::NotFound)
    );
    let s = Snapshot::new(Platform::Windows)
        .registry(BIOS, "SystemManufacturer", sz("Lenovo"))
        .registry(
            BIOS,
            "SystemProductName",
            sz("ThinkSystem SR590 -[7X99CTO1WW]-"),
        )
        .registry(BIOS, "SystemVersion", sz("04"));
    let r = report(s);
    assert_eq!(r.device.brand.as_deref(), Some("Lenovo"));
    assert_eq!(r.device.model.as_deref(), Some("ThinkSystem SR590"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("7X99CTO1WW"));
}

#[test]
fn lenovo_thinkcentre_with_junk_family_and_sku() {
    // linux-hardware.org: ThinkCentre M71e 3157H2U.
    let s = Snapshot::new(Platform::Windows)
        .registry(BIOS, "SystemManufacturer", sz("LENOVO"))
        .registry(BIOS, "SystemProductName", sz("3157H2U"))
        .registry(BIOS, "SystemVersion", sz("ThinkCentre M71e"))
        .registry(BIOS, "SystemFamily", sz("To be filled by O.E.M."))
        .registry(BIOS, "SystemSKU", sz("To be filled by O.E.M."));
    let r = report(s);
    assert_eq!(r.device.model.as_deref(), Some("ThinkCentre M71e"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("3157H2U"));
}

#[test]
fn no_identifiers_are_read() {
    let rec = Recording::new(thinkpad(windows(
        22631,
        1,
        4460,
        "23H2",
        "Professional",
        "Windows 10 Pro",
    )));
    let consent = Consent::new();
    let rec = std::sync::Arc::new(rec);
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    for q in rec.queries() {
        if let Query::Registry(key, value) = &q {
            let v = value.to_ascii_lowercase();
            assert!(
                ![
                    "machineguid",
                    "computername",
                    "systemserialnumber",
                    "productid",
                    "digitalproductid"
                ]
                .contains(&v.as_str()),
                "{key}\\{value}"
            );
            assert!(!key.to_ascii_lowercase().contains("computername"), "{key}");
        }
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn adapter(
    name: &str,
    if_type: u32,
    up: bool,
    addrs: &[&str],
    v4: Option<u32>,
    v6: Option<u32>,
) -> AdapterInfo {
    let mut a = AdapterInfo::new(name, if_type, up);
    a.addresses = addrs
        .iter()
        .map(|s| AdapterAddress::new(ip(s), Some(if s.contains(':') { 64 } else { 24 })))
        .collect();
    a.ipv4_metric = Some(v4.unwrap_or(25));
    a.ipv6_metric = Some(v6.unwrap_or(25));
    a.ipv4_gateway = v4.is_some();
    a.ipv6_gateway = v6.is_some();
    a
}

fn loopback() -> AdapterInfo {
    adapter("loopback_0", 24, true, &["127.0.0.1", "::1"], None, None)
}

fn net(adapters: Vec<AdapterInfo>) -> Report {
    report(Snapshot::new(Platform::Windows).adapters(adapters))
}

#[test]
fn laptop_on_wifi_with_an_unplugged_ethernet_port() {
    let r = net(vec![
        loopback(),
        adapter("ethernet_32769", 6, false, &[], None, None),
        adapter(
            "wireless_32768",
            71,
            true,
            &[
                "fe80::1c2d:3e4f:5a6b:7c8d",
                "192.168.1.23",
                "2001:db8:1234:5678::23",
            ],
            Some(35),
            Some(35),
        ),
    ]);
    let n = &r.network;
    assert_eq!(n.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(n.vpn, Some(false));
    assert_eq!(n.online, Some(true));
    assert_eq!(n.ipv4, Some(true));
    assert_eq!(n.ipv6, Some(true));
    let got = n.ip.unwrap();
    assert_eq!(got.address, Some(ip("192.168.1.0")));
    assert_eq!(got.scope, IpScope::Private);
    assert_eq!(
        r.omission(Field::NetworkConnectionSubtype),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn docked_laptop_prefers_the_lower_metric_wired_adapter() {
    let r = net(vec![
        adapter(
            "wireless_32768",
            71,
            true,
            &["192.168.1.23"],
            Some(35),
            None,
        ),
        adapter("ethernet_32769", 6, true, &["10.20.30.40"], Some(25), None),
    ]);
    assert_eq!(r.network.connection_type, Some(ConnectionType::Wired));
    assert_eq!(r.network.ip.unwrap().address, Some(ip("10.20.30.0")));
}

#[test]
fn vpn_tunnel_over_wifi() {
    let r = net(vec![
        adapter(
            "wireless_32768",
            71,
            true,
            &["192.168.1.23"],
            Some(35),
            None,
        ),
        adapter("tunnel_32770", 131, true, &["10.8.0.2"], Some(1), None),
    ]);
    assert_eq!(r.network.vpn, Some(true));
    assert_eq!(r.network.connection_type, Some(ConnectionType::Wifi));
    assert_eq!(r.network.ip.unwrap().address, Some(ip("10.8.0.0")));
}

#[test]
fn ppp_dialup_alone_is_a_vpn_over_an_unknown_link() {
    let r = net(vec![adapter(
        "ppp_32768",
        23,
        true,
        &["100.72.1.9"],
        Some(5),
        None,
    )]);
    assert_eq!(r.network.vpn, Some(true));
    assert_eq!(r.network.connection_type, Some(ConnectionType::Unknown));
    assert_eq!(r.network.ip.unwrap().scope, IpScope::Shared);
}

#[test]
fn cellular_modem_ipv6_only() {
    let r = net(vec![adapter(
        "wwan_32768",
        243,
        true,
        &["fe80::1", "2001:db8:aa:bb::1"],
        None,
        Some(40),
    )]);
    assert_eq!(r.network.connection_type, Some(ConnectionType::Cell));
    assert_eq!(r.network.ipv4, Some(false));
    assert_eq!(r.network.ipv6, Some(true));
    assert_eq!(r.network.ip.unwrap().address, Some(ip("2001:db8:aa::")));
}

#[test]
fn no_gateway_means_offline() {
    let r = net(vec![
        loopback(),
        adapter("ethernet_32769", 6, true, &["169.254.3.4"], None, None),
    ]);
    assert_eq!(r.network.connection_type, Some(ConnectionType::Unavailable));
    assert_eq!(r.network.online, Some(false));
    assert_eq!(r.network.vpn, Some(false));
    assert_eq!(r.omission(Field::NetworkIp), Some(OmitReason::NotFound));
}

#[test]
fn down_adapters_with_stale_gateways_do_not_count() {
    let r = net(vec![adapter(
        "ethernet_32769",
        6,
        false,
        &["192.168.1.5"],
        Some(5),
        None,
    )]);
    assert_eq!(r.network.online, Some(false));
}

#[test]
fn no_adapter_list_omits_the_network() {
    let r = report(Snapshot::new(Platform::Windows));
    assert_eq!(
        r.omission(Field::NetworkConnectionType),
        Some(OmitReason::NotFound)
    );
    assert_eq!(r.omission(Field::NetworkIp), Some(OmitReason::NotFound));
}

#[test]
fn display_without_a_usable_answer_is_omitted() {
    let r = report(Snapshot::new(Platform::Windows));
    assert_eq!(
        r.omission(Field::ScreenOrientation),
        Some(OmitReason::NotFound)
    );
    let r = report(Snapshot::new(Platform::Windows).display(DisplayInfo::new(0, 0, 0)));
    assert_eq!(
        r.omission(Field::ScreenOrientation),
        Some(OmitReason::Malformed)
    );
}

#[test]
fn registry_txt_snapshot_directory() {
    let dir = std::env::temp_dir().join(format!("devprobe-win-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("platform"), "windows\n").unwrap();
    let dump = "\r\nHKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\r\n    \
SystemManufacturer    REG_SZ    LENOVO\r\n    SystemProductName    REG_SZ    20XW0055US\r\n    \
SystemVersion    REG_SZ    ThinkPad X1 Carbon Gen 9\r\n\r\n\
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    \
CurrentBuildNumber    REG_SZ    22631\r\n    UBR    REG_DWORD    0x116c\r\n    \
DisplayVersion    REG_SZ    23H2\r\n    EditionID    REG_SZ    Professional\r\n    \
InstallationType    REG_SZ    Client\r\n    ProductName    REG_SZ    Windows 10 Pro\r\n";
    // Saved by PowerShell: UTF-16LE with a byte-order mark.
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(dump.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.join("registry.txt"), bytes).unwrap();
    std::fs::write(
        dir.join("adapters.json"),
        r#"[{"name": "wireless_32768", "if_type": 71, "up": true,
            "addresses": [{"ip": "192.168.1.23", "prefix_len": 24}],
            "ipv4_metric": 35, "ipv4_gateway": true}]"#,
    )
    .unwrap();
    let snap = Snapshot::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let r = report(snap.unwrap());
    check_os(
        &r,
        Some("Windows 11 Pro"),
        Some("11"),
        Some("22631.4460"),
        Some("23H2"),
    );
    assert_eq!(r.device.model.as_deref(), Some("ThinkPad X1 Carbon Gen 9"));
    assert_eq!(r.network.connection_type, Some(ConnectionType::Wifi));
}

#[test]
fn capture_round_trips_adapters_with_minimized_addresses() {
    let rec = std::sync::Arc::new(Recording::new(Snapshot::new(Platform::Windows).adapters(
        vec![adapter(
            "wireless_32768",
            71,
            true,
            &["192.168.1.23"],
            Some(35),
            None,
        )],
    )));
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    collector.collect().unwrap();
    let snap = rec.to_snapshot();
    let entries = snap.entries();
    let json = entries
        .iter()
        .find_map(|e| match e {
            devprobe::source::SnapshotEntry::File(p, b) if p == "adapters.json" => {
                Some(String::from_utf8(b.clone()).unwrap())
            }
            _ => None,
        })
        .unwrap();
    assert!(json.contains("192.168.1.0"), "{json}");
    assert!(!json.contains("192.168.1.23"), "{json}");
}

#[test]
fn capture_of_a_windows_device_replays_the_same_report() {
    let original = thinkpad(windows(
        22631,
        1,
        4460,
        "23H2",
        "Professional",
        "Windows 10 Pro",
    ))
    .adapters(vec![adapter(
        "wireless_32768",
        71,
        true,
        &["192.168.1.23"],
        Some(35),
        None,
    )])
    .display(DisplayInfo::new(1920, 1080, 0));
    let rec = std::sync::Arc::new(Recording::new(original));
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let first = collector.collect().unwrap();

    let dir = std::env::temp_dir().join(format!("devprobe-win-capture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut registry_txt = String::new();
    for entry in rec.to_snapshot().entries() {
        if let devprobe::source::SnapshotEntry::File(path, bytes) = entry {
            if path == "registry.txt" {
                registry_txt = String::from_utf8(bytes.clone()).unwrap();
            }
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    let replayed = Snapshot::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    // Written as `reg query` prints it, with the names as Windows spells them.
    assert!(
        registry_txt.contains("HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\n"),
        "{registry_txt}"
    );
    assert!(
        registry_txt.contains("    SystemManufacturer    REG_SZ    LENOVO\n"),
        "{registry_txt}"
    );
    assert!(
        registry_txt.contains("    UBR    REG_DWORD    0x116c\n"),
        "{registry_txt}"
    );

    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(replayed.unwrap())
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let second = collector.collect().unwrap();
    assert_eq!(second.device, first.device);
    assert_eq!(second.os, first.os);
    assert_eq!(second.network, first.network);
    assert_eq!(second.omitted, first.omitted);
}
