//! Apple's privacy manifest (`PrivacyInfo.xcprivacy`) for the fields of the purposes an app
//! asks for.
//!
//! - `NSPrivacyTracking` is false: nothing devprobe reads is used to track, and it contacts no
//!   domain.
//! - Every field is declared as `NSPrivacyCollectedDataTypeOtherDiagnosticData` for
//!   `NSPrivacyCollectedDataTypePurposeAppFunctionality`. The IP address (`server_selection`) is
//!   used to pick a nearby server, which is deriving a coarse location, so it is also declared as
//!   `NSPrivacyCollectedDataTypeCoarseLocation`. Neither is linked to the user by devprobe (an
//!   app that links reports to accounts must set `NSPrivacyCollectedDataTypeLinked` itself).
//! - No `NSPrivacyAccessedAPITypes`: the Apple sources read sysctls with `sysctlbyname`
//!   (`hw.model`, `hw.machine`, `kern.osproductversion`, `kern.osversion`) and interfaces with
//!   `getifaddrs`, none of which is on Apple's required-reason list ([`REQUIRED_REASON_SYMBOLS`]);
//!   the list's sysctl-derived boot time (`kern.boottime`) is never read. A test scans the Apple
//!   backend for the listed symbols and for std calls that reach them (`metadata()` → `fstat`).

#[cfg(any(test, feature = "disclosure-files"))]
use crate::consent::{Purpose, catalog::Catalog};

/// Apple's required-reason APIs, as `(NSPrivacyAccessedAPIType category, symbol)`: calling any
/// of them would require an `NSPrivacyAccessedAPITypes` entry with an approved reason.
pub static REQUIRED_REASON_SYMBOLS: &[(&str, &str)] = &[
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "creationDate"),
    (
        "NSPrivacyAccessedAPICategoryFileTimestamp",
        "modificationDate",
    ),
    (
        "NSPrivacyAccessedAPICategoryFileTimestamp",
        "fileModificationDate",
    ),
    (
        "NSPrivacyAccessedAPICategoryFileTimestamp",
        "contentModificationDateKey",
    ),
    (
        "NSPrivacyAccessedAPICategoryFileTimestamp",
        "creationDateKey",
    ),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "getattrlist"),
    (
        "NSPrivacyAccessedAPICategoryFileTimestamp",
        "getattrlistbulk",
    ),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "fgetattrlist"),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "getattrlistat"),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "stat"),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "fstat"),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "fstatat"),
    ("NSPrivacyAccessedAPICategoryFileTimestamp", "lstat"),
    ("NSPrivacyAccessedAPICategorySystemBootTime", "systemUptime"),
    (
        "NSPrivacyAccessedAPICategorySystemBootTime",
        "mach_absolute_time",
    ),
    (
        "NSPrivacyAccessedAPICategoryDiskSpace",
        "volumeAvailableCapacityKey",
    ),
    (
        "NSPrivacyAccessedAPICategoryDiskSpace",
        "volumeAvailableCapacityForImportantUsageKey",
    ),
    (
        "NSPrivacyAccessedAPICategoryDiskSpace",
        "volumeAvailableCapacityForOpportunisticUsageKey",
    ),
    (
        "NSPrivacyAccessedAPICategoryDiskSpace",
        "volumeTotalCapacityKey",
    ),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "systemFreeSize"),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "systemSize"),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "statfs"),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "statvfs"),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "fstatfs"),
    ("NSPrivacyAccessedAPICategoryDiskSpace", "fstatvfs"),
    (
        "NSPrivacyAccessedAPICategoryActiveKeyboards",
        "activeInputModes",
    ),
    ("NSPrivacyAccessedAPICategoryUserDefaults", "UserDefaults"),
    ("NSPrivacyAccessedAPICategoryUserDefaults", "NSUserDefaults"),
];

#[cfg(any(test, feature = "disclosure-files"))]
const OTHER_DIAGNOSTIC: &str = "NSPrivacyCollectedDataTypeOtherDiagnosticData";
#[cfg(any(test, feature = "disclosure-files"))]
const COARSE_LOCATION: &str = "NSPrivacyCollectedDataTypeCoarseLocation";

/// The collected data types an app that asks for `purposes` declares, in manifest order:
/// other diagnostic data when any field is asked for, coarse location when the IP is.
#[cfg(any(test, feature = "disclosure-files"))]
fn data_types(catalog: &Catalog, purposes: &[Purpose]) -> Vec<&'static str> {
    let asked =
        |p: Purpose| purposes.contains(&p) && catalog.entries().iter().any(|e| e.purpose == p);
    let mut kinds = Vec::new();
    if Purpose::ALL.iter().any(|p| asked(*p)) {
        kinds.push(OTHER_DIAGNOSTIC);
    }
    if asked(Purpose::ServerSelection) {
        kinds.push(COARSE_LOCATION);
    }
    kinds
}

/// `PrivacyInfo.xcprivacy` for an app that asks for `purposes` (the fields of the current
/// catalog version), as a property-list XML document written by the `plist` crate, e.g.
/// `<dict><key>NSPrivacyTracking</key><false/>...` (needs the `disclosure-files` feature).
///
/// # Errors
/// The writer's error, as an I/O error (writing into memory does not fail in practice).
#[cfg(feature = "disclosure-files")]
pub fn privacy_manifest(catalog: &Catalog, purposes: &[Purpose]) -> std::io::Result<String> {
    use plist::{Dictionary, Value};
    let declared = data_types(catalog, purposes).into_iter().map(|kind| {
        let mut entry = Dictionary::new();
        entry.insert("NSPrivacyCollectedDataType".into(), kind.into());
        entry.insert("NSPrivacyCollectedDataTypeLinked".into(), false.into());
        entry.insert("NSPrivacyCollectedDataTypeTracking".into(), false.into());
        let purposes = vec![Value::from(
            "NSPrivacyCollectedDataTypePurposeAppFunctionality",
        )];
        entry.insert("NSPrivacyCollectedDataTypePurposes".into(), purposes.into());
        Value::Dictionary(entry)
    });
    let mut root = Dictionary::new();
    root.insert("NSPrivacyTracking".into(), false.into());
    root.insert("NSPrivacyTrackingDomains".into(), Value::Array(Vec::new()));
    root.insert(
        "NSPrivacyCollectedDataTypes".into(),
        Value::Array(declared.collect()),
    );
    let mut out = Vec::new();
    Value::Dictionary(root)
        .to_writer_xml(&mut out)
        .map_err(std::io::Error::other)?;
    out.push(b'\n');
    String::from_utf8(out).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_is_coarse_location_too() {
        let c = Catalog::current();
        assert_eq!(data_types(&c, &[]), Vec::<&str>::new());
        assert_eq!(
            data_types(&c, &[Purpose::Compatibility]),
            [OTHER_DIAGNOSTIC]
        );
        assert_eq!(
            data_types(&c, &[Purpose::ServerSelection]),
            [OTHER_DIAGNOSTIC, COARSE_LOCATION]
        );
    }

    #[cfg(feature = "disclosure-files")]
    #[test]
    fn no_purposes_declares_nothing() {
        let m = privacy_manifest(&Catalog::current(), &[]).unwrap_or_default();
        let v = plist::Value::from_reader_xml(m.as_bytes()).ok();
        let root = v.as_ref().and_then(plist::Value::as_dictionary);
        let types = root.and_then(|d| d.get("NSPrivacyCollectedDataTypes"));
        assert_eq!(
            types.and_then(plist::Value::as_array).map(Vec::len),
            Some(0)
        );
        assert_eq!(
            root.and_then(|d| d.get("NSPrivacyTracking")),
            Some(&false.into())
        );
        assert!(!m.contains("NSPrivacyAccessedAPITypes"));
    }
}
