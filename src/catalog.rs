//! The data catalog: for every field, its purpose, how often it is read, how sensitive it is, what
//! it is used for (zh-CN and en), and the catalog version that introduced it.
//!
//! This table is the single source of truth: the consent gate enforces it, and the disclosures
//! (PRIVACY.md, store forms) are generated from it, so the two cannot drift.

use crate::consent::Purpose;
use crate::field::{Field, FieldSet};
use crate::text_enum::text_enum;

/// The current catalog version. A grant given under an older version does not cover fields
/// introduced later.
pub const CATALOG_VERSION: u32 = 1;

text_enum! {
    /// How often a field is read, as declared to users, e.g. `"once_per_process"`.
    #[non_exhaustive]
    pub enum Frequency: "frequency" {
        /// Read once per process, then served from memory until consent is withdrawn.
        OncePerProcess => "once_per_process",
        /// Read at each collection, at most once per `min_refresh`.
        PerCollection => "per_collection",
    }
}

text_enum! {
    /// How much a field says about a person, e.g. `"low"`. No field identifies one on its own.
    #[non_exhaustive]
    pub enum Sensitivity: "sensitivity" {
        /// Shared by very many devices (a model, an OS version).
        Low => "low",
        /// Narrows down a network location (the IP address, minimized by default).
        Moderate => "moderate",
    }
}

/// One row of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The field.
    pub field: Field,
    /// The one purpose it is collected for.
    pub purpose: Purpose,
    /// How often it is read.
    pub frequency: Frequency,
    /// How much it says about a person.
    pub sensitivity: Sensitivity,
    /// What it is used for, in English.
    pub use_en: &'static str,
    /// What it is used for, in Simplified Chinese.
    pub use_zh: &'static str,
    /// The catalog version that introduced it.
    pub since: u32,
}

const COMPAT_EN: &str = "Tell devices and OS versions apart, adapt to them, and triage crashes.";
const COMPAT_ZH: &str = "区分设备和操作系统版本，进行适配，并排查崩溃问题。";
const SERVER_EN: &str = "Decide which media server to connect to.";
const SERVER_ZH: &str = "决定连接哪一台媒体服务器。";
const CONN_EN: &str = "Judge network access and reachability.";
const CONN_ZH: &str = "判断网络接入方式与网络可达性。";
const VIDEO_EN: &str = "Match the video picture to how the screen is turned.";
const VIDEO_ZH: &str = "使视频画面与屏幕的旋转方向保持一致。";

const fn entry(field: Field, purpose: Purpose) -> Entry {
    let (frequency, sensitivity, use_en, use_zh) = match purpose {
        Purpose::Compatibility => (
            Frequency::OncePerProcess,
            Sensitivity::Low,
            COMPAT_EN,
            COMPAT_ZH,
        ),
        Purpose::ServerSelection => (
            Frequency::PerCollection,
            Sensitivity::Moderate,
            SERVER_EN,
            SERVER_ZH,
        ),
        Purpose::Connectivity => (Frequency::PerCollection, Sensitivity::Low, CONN_EN, CONN_ZH),
        Purpose::VideoOrientation => (
            Frequency::PerCollection,
            Sensitivity::Low,
            VIDEO_EN,
            VIDEO_ZH,
        ),
    };
    Entry {
        field,
        purpose,
        frequency,
        sensitivity,
        use_en,
        use_zh,
        since: 1,
    }
}

/// The catalog, one entry per [`Field`], in report order.
pub static ENTRIES: &[Entry] = &[
    entry(Field::DeviceBrand, Purpose::Compatibility),
    entry(Field::DeviceManufacturer, Purpose::Compatibility),
    entry(Field::DeviceModel, Purpose::Compatibility),
    entry(Field::DeviceModelIdentifier, Purpose::Compatibility),
    entry(Field::OsType, Purpose::Compatibility),
    entry(Field::OsId, Purpose::Compatibility),
    entry(Field::OsName, Purpose::Compatibility),
    entry(Field::OsVersion, Purpose::Compatibility),
    entry(Field::OsBuildId, Purpose::Compatibility),
    entry(Field::OsDisplayVersion, Purpose::Compatibility),
    entry(Field::OsSdkLevel, Purpose::Compatibility),
    entry(Field::OsKernelVersion, Purpose::Compatibility),
    entry(Field::NetworkIp, Purpose::ServerSelection),
    entry(Field::NetworkConnectionType, Purpose::Connectivity),
    entry(Field::NetworkConnectionSubtype, Purpose::Connectivity),
    entry(Field::NetworkVpn, Purpose::Connectivity),
    entry(Field::NetworkOnline, Purpose::Connectivity),
    entry(Field::NetworkIpv4, Purpose::Connectivity),
    entry(Field::NetworkIpv6, Purpose::Connectivity),
    entry(Field::ScreenOrientation, Purpose::VideoOrientation),
    entry(Field::ScreenRotationDegrees, Purpose::VideoOrientation),
];

/// The catalog entry of `field`.
pub fn entry_of(field: Field) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.field == field)
}

/// The fields collected for `purpose` that a grant under catalog version `version` covers.
pub fn fields_for(purpose: Purpose, version: u32) -> FieldSet {
    ENTRIES
        .iter()
        .filter(|e| e.purpose == purpose && e.since <= version)
        .map(|e| e.field)
        .collect()
}

/// The fields that never change while the process runs (read once, then cached).
pub fn static_fields() -> FieldSet {
    ENTRIES
        .iter()
        .filter(|e| e.frequency == Frequency::OncePerProcess)
        .map(|e| e.field)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_exactly_one_entry() {
        for f in Field::ALL {
            assert_eq!(ENTRIES.iter().filter(|e| e.field == *f).count(), 1, "{f}");
        }
        assert_eq!(ENTRIES.len(), Field::ALL.len());
    }

    #[test]
    fn purposes_partition_the_fields() {
        let ip = fields_for(Purpose::ServerSelection, CATALOG_VERSION);
        assert_eq!(ip.iter().collect::<Vec<_>>(), vec![Field::NetworkIp]);
        let video = fields_for(Purpose::VideoOrientation, CATALOG_VERSION);
        assert!(video.contains(Field::ScreenOrientation));
        assert!(!video.contains(Field::NetworkIp));
        assert!(static_fields().contains(Field::OsVersion));
        assert!(!static_fields().contains(Field::NetworkIp));
    }
}
