//! Shared by the consent tests: devices that hold every file any probe reads *and* every
//! identifier devprobe must never read, the map from a query to the fields that may cause it,
//! and the list of every snapshot directory in the repository and the corpus.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use devprobe::source::{DisplayInfo, InterfaceAddr, Query, RegValue, Snapshot, WindowsVersion};
use devprobe::{Field, HostFacts, HostOrientation, Orientation, Platform};

pub const DEVICE: &[Field] = &[
    Field::DeviceBrand,
    Field::DeviceManufacturer,
    Field::DeviceModel,
    Field::DeviceModelIdentifier,
];
pub const OS: &[Field] = &[
    Field::OsType,
    Field::OsId,
    Field::OsName,
    Field::OsVersion,
    Field::OsBuildId,
    Field::OsDisplayVersion,
    Field::OsSdkLevel,
    Field::OsKernelVersion,
];
pub const NETWORK: &[Field] = &[
    Field::NetworkIp,
    Field::NetworkConnectionType,
    Field::NetworkConnectionSubtype,
    Field::NetworkEffectiveType,
    Field::NetworkVpn,
    Field::NetworkOnline,
    Field::NetworkIpv4,
    Field::NetworkIpv6,
    Field::NetworkMetered,
    Field::NetworkConstrained,
    Field::NetworkCellularGeneration,
    Field::NetworkNat64,
];
pub const SCREEN: &[Field] = &[Field::ScreenOrientation, Field::ScreenRotationDegrees];

/// A MAC address planted in every device below; it must never show up anywhere.
pub const PLANTED_MAC: &str = "3c:52:82:de:ad:01";
/// A serial number planted in every device below.
pub const PLANTED_SERIAL: &str = "PF2XK7QZ";
/// A host name planted in every device below.
pub const PLANTED_HOSTNAME: &str = "alices-thinkpad";

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn interfaces() -> Vec<InterfaceAddr> {
    vec![
        InterfaceAddr::new("lo", ip("127.0.0.1"), Some(8)),
        InterfaceAddr::new("eth0", ip("192.168.1.37"), Some(24)),
        InterfaceAddr::new("eth0", ip("2001:db8:1234:5678::37"), Some(64)),
        InterfaceAddr::new("wlan0", ip("10.0.0.9"), Some(24)),
    ]
}

fn host() -> HostFacts {
    let mut h = HostFacts::default();
    h.orientation = Some(HostOrientation::new(Orientation::LandscapePrimary, Some(90)).unwrap());
    h
}

/// A Linux laptop with everything a probe reads, plus identifiers it must not read.
pub fn linux_full() -> Snapshot {
    let dmi = "/sys/class/dmi/id";
    Snapshot::new(Platform::Linux)
        .file("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nBUILD_ID=20240101\n")
        .file("/usr/lib/os-release", "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n")
        .file("/etc/lsb-release", "DISTRIB_ID=Debian\nDISTRIB_RELEASE=12\n")
        .file("/etc/debian_version", "12.5\n")
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file("/proc/version", "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n")
        .file(&format!("{dmi}/sys_vendor"), "LENOVO\n")
        .file(&format!("{dmi}/product_name"), "20UJ001TRT\n")
        .file(&format!("{dmi}/product_version"), "ThinkPad T14s Gen 1\n")
        .file(&format!("{dmi}/product_family"), "ThinkPad T14s Gen 1\n")
        .file(&format!("{dmi}/board_vendor"), "LENOVO\n")
        .file(&format!("{dmi}/board_name"), "20UJ001TRT\n")
        .file(&format!("{dmi}/product_serial"), format!("{PLANTED_SERIAL}\n"))
        .file(&format!("{dmi}/product_uuid"), "4c4c4544-0042-3610-8052-b4c04f4d3232\n")
        .file(&format!("{dmi}/board_serial"), format!("L1HF{PLANTED_SERIAL}\n"))
        .file(&format!("{dmi}/chassis_serial"), format!("{PLANTED_SERIAL}\n"))
        .file("/proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0")
        .file("/etc/machine-id", "0f1e2d3c4b5a69788796a5b4c3d2e1f0\n")
        .file("/var/lib/dbus/machine-id", "0f1e2d3c4b5a69788796a5b4c3d2e1f0\n")
        .file("/etc/hostname", format!("{PLANTED_HOSTNAME}\n"))
        .file("/proc/sys/kernel/hostname", format!("{PLANTED_HOSTNAME}\n"))
        .file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n\
             eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n",
        )
        .file(
            "/proc/net/ipv6_route",
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0\n",
        )
        .file("/sys/class/net/eth0/type", "1\n")
        .file("/sys/class/net/eth0/uevent", "INTERFACE=eth0\nIFINDEX=2\n")
        .file("/sys/class/net/eth0/operstate", "up\n")
        .file("/sys/class/net/eth0/carrier", "1\n")
        .file("/sys/class/net/eth0/address", format!("{PLANTED_MAC}\n"))
        .file("/sys/class/net/wlan0/type", "1\n")
        .file("/sys/class/net/wlan0/uevent", "DEVTYPE=wlan\nINTERFACE=wlan0\nIFINDEX=3\n")
        .file("/sys/class/net/wlan0/operstate", "up\n")
        .file("/sys/class/net/wlan0/address", "3c:52:82:de:ad:02\n")
        .dir("/sys/class/net/wlan0/wireless")
        .file("/sys/class/net/lo/type", "772\n")
        .file("/sys/class/net/lo/address", "00:00:00:00:00:00\n")
        .file("/sys/bus/iio/devices/iio:device0/name", "accel_3d\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_x_raw", "0\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_y_raw", "-256\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_z_raw", "0\n")
        .file("/sys/bus/iio/devices/iio:device0/in_accel_scale", "0.009806\n")
        .interfaces(interfaces())
        .display(DisplayInfo::new(1920, 1080, 0))
        .host(host())
}

/// An Android phone with every property a probe reads, plus identifiers it must not read.
pub fn android_full() -> Snapshot {
    Snapshot::new(Platform::Android)
        .property("ro.product.brand", "google")
        .property("ro.product.manufacturer", "Google")
        .property("ro.product.model", "Pixel 8")
        .property("ro.product.name", "shiba")
        .property("ro.product.device", "shiba")
        .property("ro.product.vendor.brand", "google")
        .property("ro.product.vendor.manufacturer", "Google")
        .property("ro.product.vendor.model", "Pixel 8")
        .property("ro.product.system.brand", "google")
        .property("ro.product.system.model", "mainline")
        .property("ro.product.marketname", "Pixel 8")
        .property("ro.build.version.release", "14")
        .property("ro.build.version.sdk", "34")
        .property("ro.build.id", "UP1A.231005.007")
        .property("ro.build.display.id", "UP1A.231005.007")
        .property("ro.serialno", PLANTED_SERIAL)
        .property("ro.boot.serialno", PLANTED_SERIAL)
        .property("persist.radio.imei", "356938035643809")
        .property("ril.iccid.sim1", "8986001234567890123")
        .property("ro.ril.oem.meid", "A0000012345678")
        .property("net.hostname", PLANTED_HOSTNAME)
        .file(
            "/system/build.prop",
            "ro.build.version.release=14\nro.product.system.model=mainline\n",
        )
        .file("/vendor/build.prop", "ro.product.vendor.model=Pixel 8\n")
        .file("/sys/class/net/wlan0/address", format!("{PLANTED_MAC}\n"))
        .interfaces(interfaces())
        .display(DisplayInfo::new(1080, 2400, 0))
        .host(host())
}

/// A Windows PC with every registry value a probe reads, plus identifiers it must not read.
pub fn windows_full() -> Snapshot {
    let bios = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
    let cv = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";
    let sz = |s: &str| RegValue::Sz(s.to_owned());
    Snapshot::new(Platform::Windows)
        .registry(bios, "SystemManufacturer", sz("LENOVO"))
        .registry(bios, "SystemProductName", sz("20UJ001TRT"))
        .registry(bios, "SystemFamily", sz("ThinkPad T14s Gen 1"))
        .registry(bios, "SystemVersion", sz("ThinkPad T14s Gen 1"))
        .registry(bios, "BaseBoardManufacturer", sz("LENOVO"))
        .registry(bios, "BaseBoardProduct", sz("20UJ001TRT"))
        .registry(cv, "ProductName", sz("Windows 10 Pro"))
        .registry(cv, "DisplayVersion", sz("23H2"))
        .registry(cv, "EditionID", sz("Professional"))
        .registry(cv, "CurrentBuild", sz("22631"))
        .registry(cv, "UBR", RegValue::Dword(4460))
        .registry(
            r"HKLM\SOFTWARE\Microsoft\Cryptography",
            "MachineGuid",
            sz("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
        )
        .registry(
            r"HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName",
            "ComputerName",
            sz(PLANTED_HOSTNAME),
        )
        .windows_version(WindowsVersion::new(10, 0, 22631, 1))
        .interfaces(interfaces())
        .display(DisplayInfo::new(1920, 1080, 0))
}

/// A Mac with every sysctl a probe reads, plus identifiers it must not read.
pub fn macos_full() -> Snapshot {
    Snapshot::new(Platform::MacOs)
        .sysctl("hw.model", "Mac14,2")
        .sysctl("hw.machine", "arm64")
        .sysctl("hw.product", "Mac14,2")
        .sysctl("kern.osproductversion", "14.4.1")
        .sysctl("kern.osversion", "23E224")
        .sysctl("kern.osrelease", "23.4.0")
        .sysctl("kern.ostype", "Darwin")
        .sysctl("kern.uuid", "564D2B1B-5B4B-4F6B-9C3F-8D2A8E7F6A5B")
        .sysctl("kern.hostname", PLANTED_HOSTNAME)
        .file(
            "/System/Library/CoreServices/SystemVersion.plist",
            "<plist><dict><key>ProductVersion</key><string>14.4.1</string></dict></plist>",
        )
        .interfaces(interfaces())
        .display(DisplayInfo::new(2560, 1664, 0))
        .host(host())
}

/// An iPhone.
pub fn ios_full() -> Snapshot {
    Snapshot::new(Platform::Ios)
        .sysctl("hw.machine", "iPhone15,2")
        .sysctl("hw.model", "D73AP")
        .sysctl("kern.osproductversion", "17.4.1")
        .sysctl("kern.osversion", "21E236")
        .sysctl("kern.uuid", "564D2B1B-5B4B-4F6B-9C3F-8D2A8E7F6A5B")
        .sysctl("kern.hostname", PLANTED_HOSTNAME)
        .interfaces(interfaces())
        .host(host())
}

/// Every synthetic full device, named.
pub fn full_devices() -> Vec<(&'static str, Snapshot)> {
    vec![
        ("linux_full", linux_full()),
        ("android_full", android_full()),
        ("windows_full", windows_full()),
        ("macos_full", macos_full()),
        ("ios_full", ios_full()),
    ]
}

/// The fields whose reading may cause `query`, or `None` for a query no field explains (the
/// test then fails and names it: add it here with the fields that need it).
pub fn fields_that_may_cause(query: &Query) -> Option<Vec<Field>> {
    let groups: &[&[Field]] = match query {
        Query::File(p) | Query::Dir(p) | Query::Link(p) => classify_path(p)?,
        Query::Property(name) => classify_property(name)?,
        Query::Sysctl(name) => match name.as_str() {
            n if n.starts_with("hw.") => &[DEVICE],
            n if n.starts_with("kern.os") => &[OS],
            _ => return None,
        },
        Query::Registry(key, _) => {
            let k = key.to_ascii_lowercase();
            if k.contains(r"\description\system\bios") || k.contains("systeminformation") {
                &[DEVICE]
            } else if k.contains(r"\windows nt\currentversion")
                || k.contains(r"\control\productoptions")
            {
                &[OS]
            } else if k.contains(r"\networklist") || k.contains(r"\tcpip") {
                &[NETWORK]
            } else {
                return None;
            }
        }
        Query::WindowsVersion => &[OS],
        Query::Interfaces | Query::Adapters | Query::Routes | Query::Rules => &[NETWORK],
        Query::Display => &[SCREEN],
        _ => return None,
    };
    Some(groups.iter().flat_map(|g| g.iter().copied()).collect())
}

fn classify_path(p: &str) -> Option<&'static [&'static [Field]]> {
    let file = p.rsplit('/').next().unwrap_or(p);
    Some(
        if p.starts_with("/sys/class/dmi/")
            || p.starts_with("/sys/devices/virtual/dmi/")
            || p.starts_with("/proc/device-tree")
            || p.starts_with("/sys/firmware/devicetree")
        {
            &[DEVICE]
        } else if p.starts_with("/proc/net/") || p.starts_with("/sys/class/net") {
            &[NETWORK]
        } else if p.starts_with("/sys/bus/iio")
            || p.starts_with("/sys/class/drm")
            || p.starts_with("/sys/class/graphics")
        {
            &[SCREEN]
        } else if file.ends_with(".prop") {
            // build.prop and friends hold both the product (device) and the build (OS).
            &[DEVICE, OS]
        } else if p.starts_with("/etc/")
            || p.starts_with("/usr/lib/")
            || p == "/proc/sys/kernel/osrelease"
            || p == "/proc/version"
            || p.starts_with("/System/Library/CoreServices/")
            || p.starts_with("/bedrock/")
            || p == "/etc"
            || p == "/usr/lib"
        {
            &[OS]
        } else {
            return None;
        },
    )
}

fn classify_property(name: &str) -> Option<&'static [&'static [Field]]> {
    let n = name.to_ascii_lowercase();
    let device = [
        "product",
        "brand",
        "manufacturer",
        "model",
        "marketname",
        "market",
        "mkt_name",
        "hardware",
        "board",
        "soc",
        "device",
    ];
    let os = ["build", "version", "sdk", "release"];
    let net = ["network", "radio.technology", "data.network"];
    Some(if net.iter().any(|k| n.contains(k)) {
        &[NETWORK]
    } else if os.iter().any(|k| n.contains(k)) && device.iter().any(|k| n.contains(k)) {
        &[DEVICE, OS]
    } else if os.iter().any(|k| n.contains(k)) {
        &[OS]
    } else if device.iter().any(|k| n.contains(k)) {
        &[DEVICE]
    } else {
        return None;
    })
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus directory, or `None` (with the reason printed) when it is absent; under
/// `CI=true` an absent corpus fails the test.
pub fn corpus() -> Option<PathBuf> {
    crate::corpus::dir("")
}

/// Every snapshot directory (a directory with a `platform` file) under `dir`, sorted.
pub fn snapshot_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if d.join("platform").is_file() {
            out.push(d);
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            // Snapshot trees (`fs/`) are never searched for further snapshots.
            if path.is_dir() && e.file_name() != "fs" && !path.is_symlink() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every snapshot in the repository's tests and the corpus, loaded and named by its path.
pub fn every_snapshot() -> Vec<(String, Snapshot)> {
    let mut dirs = snapshot_dirs(&root().join("tests"));
    if let Some(corpus) = corpus() {
        dirs.extend(snapshot_dirs(&corpus));
    }
    let mut out: Vec<(String, Snapshot)> = dirs
        .into_iter()
        .map(|d| {
            let snap = Snapshot::from_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
            (d.display().to_string(), snap)
        })
        .collect();
    out.extend(full_devices().into_iter().map(|(n, s)| (n.to_owned(), s)));
    out
}
