//! The report: what `collect()` returns and the host forwards. Serde, stable, versioned.
//!
//! A fact that could not be collected is absent from its object (never `null`, never
//! `"Unknown"`) and listed in [`Report::omitted`] with an [`OmitReason`]. The JSON names here are
//! pinned: backends read them. A change to the shape bumps [`SCHEMA_VERSION`].

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::consent::Purpose;
use crate::field::Field;
pub use crate::platform::{OsType, Platform};
use crate::text_enum::text_enum;

/// The version of the report's JSON shape. Bumped on every change to it (2: `model_identifier`
/// whenever a code is known; the static facts' frequency is `once_per_collector`).
pub const SCHEMA_VERSION: u32 = 2;

text_enum! {
    /// Why a field is absent from the report (an entry of `omitted`), e.g. `"not_found"`.
    #[non_exhaustive]
    pub enum OmitReason: "omission reason" {
        /// Its purpose was not granted, or the grant predates the field.
        NotPermitted => "not_permitted",
        /// This platform or source has no way to read it.
        Unsupported => "unsupported",
        /// The device does not have it (no file, no property, or only placeholder junk).
        NotFound => "not_found",
        /// It was there but could not be understood (bad syntax, out-of-range value, too large).
        Malformed => "malformed",
        /// It was there but could not be read (permission, I/O error, a directory).
        Unreadable => "unreadable",
        /// Reading it did not finish within the collect deadline.
        TimedOut => "timed_out",
    }
}

text_enum! {
    /// The OpenTelemetry `network.connection.type` value, e.g. `"wifi"`.
    #[non_exhaustive]
    pub enum ConnectionType: "connection type" {
        /// IEEE 802.11 wireless LAN.
        Wifi => "wifi",
        /// Ethernet or another cable.
        Wired => "wired",
        /// A cellular (mobile) data link.
        Cell => "cell",
        /// No route to the Internet.
        Unavailable => "unavailable",
        /// Online, through a link whose kind cannot be known (e.g. a tunnel over an unknown link).
        Unknown => "unknown",
    }
}

text_enum! {
    /// The cellular generation, e.g. `"5g"`: derived from the connection subtype, or from the
    /// display override the host pushed (Android `TelephonyDisplayInfo`).
    #[non_exhaustive]
    pub enum CellularGeneration: "cellular generation" {
        /// GSM, GPRS, EDGE, CDMA, 1xRTT, iDEN.
        G2 => "2g",
        /// UMTS, HSPA, HSPA+, EVDO, eHRPD, TD-SCDMA.
        G3 => "3g",
        /// LTE.
        G4 => "4g",
        /// NR, standalone or not.
        G5 => "5g",
    }
}

text_enum! {
    /// The OpenTelemetry `network.connection.subtype` value (cellular technology), e.g. `"lte"`.
    #[non_exhaustive]
    pub enum ConnectionSubtype: "connection subtype" {
        /// GPRS.
        Gprs => "gprs",
        /// EDGE.
        Edge => "edge",
        /// UMTS.
        Umts => "umts",
        /// CDMA.
        Cdma => "cdma",
        /// EVDO rev. 0.
        Evdo0 => "evdo_0",
        /// EVDO rev. A.
        EvdoA => "evdo_a",
        /// CDMA2000 1xRTT.
        Cdma20001xrtt => "cdma2000_1xrtt",
        /// HSDPA.
        Hsdpa => "hsdpa",
        /// HSUPA.
        Hsupa => "hsupa",
        /// HSPA.
        Hspa => "hspa",
        /// iDEN.
        Iden => "iden",
        /// EVDO rev. B.
        EvdoB => "evdo_b",
        /// LTE.
        Lte => "lte",
        /// eHRPD.
        Ehrpd => "ehrpd",
        /// HSPA+.
        Hspap => "hspap",
        /// GSM.
        Gsm => "gsm",
        /// TD-SCDMA.
        TdScdma => "td_scdma",
        /// IWLAN.
        Iwlan => "iwlan",
        /// 5G NR (standalone).
        Nr => "nr",
        /// 5G NR non-standalone.
        Nrnsa => "nrnsa",
        /// LTE carrier aggregation.
        LteCa => "lte_ca",
    }
}

text_enum! {
    /// The speed class a browser measured (`network.effective_type`, W3C Network Information
    /// `effectiveType`), e.g. `"4g"`: how fast the connection has recently been, whatever the
    /// link (a fast Wi-Fi is `4g`). Never a cellular technology; see
    /// [`ConnectionSubtype`] for that.
    #[non_exhaustive]
    pub enum EffectiveType: "effective connection type" {
        /// Round trips over 2 s or under 50 kbit/s.
        Slow2g => "slow-2g",
        /// Round trips over 1.4 s or under 70 kbit/s.
        Class2g => "2g",
        /// Round trips over 270 ms or under 700 kbit/s.
        Class3g => "3g",
        /// Faster.
        Class4g => "4g",
    }
}

text_enum! {
    /// How much of the IP address the report keeps (`network.ip.precision`), e.g. `"truncated"`.
    #[non_exhaustive]
    #[derive(Default)]
    pub enum IpPrecision: "ip precision" {
        /// No address; `scope` is still reported.
        Omit => "omit",
        /// IPv4 cut to its /24, IPv6 to its /48 (the default).
        #[default]
        Truncated => "truncated",
        /// The whole address (explicit opt-in).
        Full => "full",
    }
}

text_enum! {
    /// The kind of address (`network.ip.scope`), e.g. `"private"`. `shared` is 100.64.0.0/10.
    #[non_exhaustive]
    pub enum IpScope: "ip scope" {
        /// Globally routable.
        Public => "public",
        /// RFC 1918 private IPv4.
        Private => "private",
        /// RFC 6598 carrier-grade NAT space, 100.64.0.0/10.
        Shared => "shared",
        /// 169.254.0.0/16 or fe80::/10.
        LinkLocal => "link_local",
        /// 127.0.0.0/8 or ::1.
        Loopback => "loopback",
        /// fc00::/7.
        UniqueLocal => "unique_local",
    }
}

text_enum! {
    /// The W3C Screen Orientation type (`screen.orientation`), e.g. `"landscape_primary"`.
    #[non_exhaustive]
    pub enum Orientation: "orientation" {
        /// Portrait, the device's upright portrait position.
        PortraitPrimary => "portrait_primary",
        /// Portrait, upside down.
        PortraitSecondary => "portrait_secondary",
        /// Landscape, the primary landscape position.
        LandscapePrimary => "landscape_primary",
        /// Landscape, turned the other way.
        LandscapeSecondary => "landscape_secondary",
    }
}

text_enum! {
    /// Where the orientation came from (`screen.source`), e.g. `"host"`.
    #[non_exhaustive]
    pub enum OrientationSource: "orientation source" {
        /// Pushed by the host app (`Collector::set_orientation`).
        Host => "host",
        /// Computed from an accelerometer.
        Accelerometer => "accelerometer",
        /// Read from the display's rotation or mode.
        Display => "display",
    }
}

/// The device object (`device`): brand and model. Purpose: `compatibility`. Read once per
/// process; placeholder junk ("To Be Filled By O.E.M.", "System Product Name", "Default
/// string") is omitted as `not_found`, never reported.
///
/// | platform | brand / manufacturer from | model / model identifier from | example |
/// |---|---|---|---|
/// | Linux | `/sys/class/dmi/id/sys_vendor`, else `board_vendor`; ARM boards: device-tree `compatible` vendor prefix | `product_name`, or `product_version` + `product_name` (Lenovo), else `board_name`; ARM boards: `/proc/device-tree/model` + first `compatible` entry | `Lenovo` / `LENOVO`, `ThinkPad T14s Gen 1` / `20UJ001TRT`; `Raspberry Pi` / `raspberrypi`, `Raspberry Pi 4 Model B` / `raspberrypi,4-model-b` |
/// | Android | `ro.product.brand`, `ro.product.manufacturer` (+ vendor/system fallbacks) | `ro.product.model` | `Samsung` / `samsung`, `SM-A125F` |
/// | Windows | SMBIOS `SystemManufacturer` (registry `HKLM\HARDWARE\DESCRIPTION\System\BIOS`), else `BaseBoardManufacturer` | the Linux rules over `SystemProductName`, `SystemVersion` (Lenovo), `BaseBoardProduct`, `SystemFamily` | `Lenovo` / `LENOVO`, `ThinkPad X1 Carbon Gen 9` / `20XW0055US`; `Dell` / `Dell Inc.`, `XPS 13 9360` |
/// | macOS / iOS | Apple | `hw.model` / `hw.machine` → marketing name | `Apple`, `MacBook Air (M2, 2022)` / `Mac14,2` |
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Device {
    /// Canonical consumer brand, e.g. `"Lenovo"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Raw vendor string, sanitized, e.g. `"LENOVO"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Best human-facing model name, e.g. `"ThinkPad T14s Gen 1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Raw model code whenever one is known, even when `model` shows the same code (as
    /// OpenTelemetry's `device.model.identifier`), e.g. `"20UJ001TRT"`, `"SM-A125F"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_identifier: Option<String>,
}

/// The OS object (`os`): which OS, distribution, version and kernel the device runs.
/// Purpose: `compatibility`. Read once per collector (kept in memory until withdrawal).
///
/// | platform | source | example value |
/// |---|---|---|
/// | Linux | `/etc/os-release`, else `/usr/lib/os-release` (`ID`, `NAME`, `VERSION_ID`, `BUILD_ID`, `VERSION`); when neither is usable or `VERSION_ID` is missing, `/etc/lsb-release`, the distribution's `/etc/<id>-release` and `/etc/debian_version`; the kernel from `/proc/sys/kernel/osrelease`. `sdk_level` is omitted `unsupported`. | `{"type": "linux", "id": "debian", "name": "Debian GNU/Linux", "version": "12", "display_version": "12 (bookworm)", "kernel_version": "6.1.0-18-amd64"}` |
/// | Windows | build: the higher of `RtlGetVersion` and the registry's `CurrentBuildNumber` (`HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`); product type: `RtlGetVersion`, else `InstallationType`; name and version from the crate's build table by build **and** product type (never `ProductName`), edition from `EditionID`; `UBR`, `DisplayVersion`. `sdk_level` is omitted `unsupported`. | `{"type": "windows", "id": "windows", "name": "Windows 11 Pro", "version": "11", "build_id": "22631.4460", "display_version": "23H2", "kernel_version": "10.0.22631"}` |
///
/// On Linux, `id` is one id per distribution whatever file it came from (os-release's `ol` and
/// `oracle-release` both give `oracle`), and `name`/`id` are `Linux`/`linux` when an os-release
/// exists but does not set them, as os-release(5) specifies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Os {
    /// OpenTelemetry OS family, e.g. `"linux"`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    /// Lower-case OS or distribution id, e.g. `"ubuntu"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// OS name, e.g. `"Ubuntu"`, `"Windows 11 Pro"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// User-facing version, e.g. `"22.04"`, `"11"`, `"14"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Build, e.g. `"22631.4460"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_id: Option<String>,
    /// The version as the OS presents it to people, e.g. `"23H2"`, or os-release's `VERSION`
    /// on Linux, `"12 (bookworm)"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_version: Option<String>,
    /// Android API level, e.g. `34`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_level: Option<u32>,
    /// Kernel release, e.g. `"6.5.0-41-generic"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel_version: Option<String>,
}

/// The minimized egress address (`network.ip`). Purpose: `server_selection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ip {
    /// The address after minimization (`192.168.1.0` for a /24); absent with [`IpPrecision::Omit`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<IpAddr>,
    /// How much of the address was kept.
    pub precision: IpPrecision,
    /// What kind of address it is (decided on the full address, before minimization).
    pub scope: IpScope,
}

/// The network object (`network`). Purposes: `connectivity`, and `server_selection` for `ip`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Network {
    /// Transport of the default route, e.g. `"wifi"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<ConnectionType>,
    /// Cellular technology, when the host supplies it, e.g. `"lte"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_subtype: Option<ConnectionSubtype>,
    /// The speed class a browser measured, e.g. `"4g"` (web only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_type: Option<EffectiveType>,
    /// Whether Internet-bound traffic leaves through a tunnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn: Option<bool>,
    /// Whether a default route exists on an interface that is up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// Whether an IPv4 default route exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<bool>,
    /// Whether an IPv6 default route exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<bool>,
    /// Whether the network bills by use (Android `NOT_METERED` absent, Apple `isExpensive`,
    /// Windows connection cost not unrestricted), e.g. `true`. Never guessed from the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metered: Option<bool>,
    /// Whether the user or the plan asks apps to save data (Apple Low Data Mode, Android Data
    /// Saver, Windows approaching or over the data limit), e.g. `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constrained: Option<bool>,
    /// The cellular generation on a cellular link, e.g. `"5g"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cellular_generation: Option<CellularGeneration>,
    /// Whether IPv4 reaches the Internet through NAT64 (a CLAT interface, a route to
    /// `64:ff9b::/96`), from local evidence only, e.g. `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat64: Option<bool>,
    /// The egress address, minimized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<Ip>,
}

impl CellularGeneration {
    /// The generation of a cellular subtype, e.g. `lte` → `4g`; `None` for IWLAN (Wi-Fi
    /// calling, not a radio generation).
    ///
    /// ```
    /// use devprobe::{CellularGeneration, ConnectionSubtype};
    /// assert_eq!(CellularGeneration::of_subtype(ConnectionSubtype::Nrnsa), Some(CellularGeneration::G5));
    /// assert_eq!(CellularGeneration::of_subtype(ConnectionSubtype::Hspap), Some(CellularGeneration::G3));
    /// ```
    pub const fn of_subtype(subtype: ConnectionSubtype) -> Option<CellularGeneration> {
        use ConnectionSubtype as S;
        Some(match subtype {
            S::Gprs | S::Edge | S::Cdma | S::Cdma20001xrtt | S::Iden | S::Gsm => {
                CellularGeneration::G2
            }
            S::Umts
            | S::Evdo0
            | S::EvdoA
            | S::EvdoB
            | S::Hsdpa
            | S::Hsupa
            | S::Hspa
            | S::Ehrpd
            | S::Hspap
            | S::TdScdma => CellularGeneration::G3,
            S::Lte | S::LteCa => CellularGeneration::G4,
            S::Nr | S::Nrnsa => CellularGeneration::G5,
            S::Iwlan => return None,
        })
    }
}

/// The screen object (`screen`). Purpose: `video_orientation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Screen {
    /// W3C orientation type, e.g. `"landscape_primary"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<Orientation>,
    /// Clockwise rotation of the content from the natural orientation: 0, 90, 180 or 270.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_degrees: Option<u16>,
    /// Where the orientation came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<OrientationSource>,
}

/// One entry of `omitted`: a field and why it is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Omission {
    /// The field, e.g. `"os.build_id"`.
    pub field: Field,
    /// Why it is absent, e.g. `"not_found"`.
    pub reason: OmitReason,
}

/// A device report: what [`Collector::collect`](crate::Collector::collect) returns.
///
/// Every field permitted by the grant is either present or listed in `omitted`; every field
/// not permitted is listed in `omitted` as `not_permitted`. Empty objects are left out.
///
/// ```json
/// {"schema_version": 2, "catalog_version": 2, "collected_at": "2026-11-29T06:30:00Z",
///  "platform": "linux", "purposes": ["compatibility"],
///  "os": {"type": "linux", "id": "debian", "name": "Debian GNU/Linux", "version": "12"},
///  "omitted": [{"field": "os.build_id", "reason": "not_found"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The JSON shape's version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The catalog version of the grant the report was collected under.
    pub catalog_version: u32,
    /// When the collect finished, RFC 3339 UTC with second precision, e.g. `"2026-11-29T06:30:00Z"`.
    pub collected_at: String,
    /// The platform the facts describe.
    pub platform: Platform,
    /// The purposes granted for this report, in catalog order.
    pub purposes: Vec<Purpose>,
    /// Brand and model.
    #[serde(default, skip_serializing_if = "is_default")]
    pub device: Device,
    /// OS name and version.
    #[serde(default, skip_serializing_if = "is_default")]
    pub os: Os,
    /// Egress address and access type.
    #[serde(default, skip_serializing_if = "is_default")]
    pub network: Network,
    /// Screen orientation.
    #[serde(default, skip_serializing_if = "is_default")]
    pub screen: Screen,
    /// The fields that are absent, each with its reason, in report order.
    #[serde(default)]
    pub omitted: Vec<Omission>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Report {
    /// The reason `field` is absent, or `None` when it is present.
    pub fn omission(&self, field: Field) -> Option<OmitReason> {
        self.omitted
            .iter()
            .find(|o| o.field == field)
            .map(|o| o.reason)
    }

    /// The report as compact JSON.
    ///
    /// # Errors
    /// Never in practice: every member is plain data. The `Result` is serde_json's.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// The report as indented JSON, for people.
    ///
    /// # Errors
    /// Never in practice: every member is plain data. The `Result` is serde_json's.
    pub fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}
