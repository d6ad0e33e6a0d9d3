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

use std::fmt::Write as _;

use crate::consent::Purpose;
use crate::consent::catalog::Catalog;

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

const OTHER_DIAGNOSTIC: &str = "NSPrivacyCollectedDataTypeOtherDiagnosticData";
const COARSE_LOCATION: &str = "NSPrivacyCollectedDataTypeCoarseLocation";

fn data_type(out: &mut String, kind: &str, fields: &[String]) {
    let _ = writeln!(out, "\t\t<!-- {} -->", fields.join(", "));
    let _ = writeln!(out, "\t\t<dict>");
    let _ = writeln!(out, "\t\t\t<key>NSPrivacyCollectedDataType</key>");
    let _ = writeln!(out, "\t\t\t<string>{kind}</string>");
    let _ = writeln!(out, "\t\t\t<key>NSPrivacyCollectedDataTypeLinked</key>");
    let _ = writeln!(out, "\t\t\t<false/>");
    let _ = writeln!(out, "\t\t\t<key>NSPrivacyCollectedDataTypeTracking</key>");
    let _ = writeln!(out, "\t\t\t<false/>");
    let _ = writeln!(out, "\t\t\t<key>NSPrivacyCollectedDataTypePurposes</key>");
    let _ = writeln!(out, "\t\t\t<array>");
    let _ = writeln!(
        out,
        "\t\t\t\t<string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>"
    );
    let _ = writeln!(out, "\t\t\t</array>");
    let _ = writeln!(out, "\t\t</dict>");
}

/// `PrivacyInfo.xcprivacy` for an app that asks for `purposes` (the fields of the current
/// catalog version), as a property-list XML document.
pub fn privacy_manifest(catalog: &Catalog, purposes: &[Purpose]) -> String {
    let fields: Vec<String> = catalog
        .entries()
        .iter()
        .filter(|e| purposes.contains(&e.purpose))
        .map(|e| e.field.to_string())
        .collect();
    let location: Vec<String> = catalog
        .entries()
        .iter()
        .filter(|e| e.purpose == Purpose::ServerSelection && purposes.contains(&e.purpose))
        .map(|e| e.field.to_string())
        .collect();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n",
    );
    let _ = writeln!(
        out,
        "<!-- Generated by devprobe from data catalog version {} (cargo run --example disclosures). -->",
        catalog.version()
    );
    out.push_str("<plist version=\"1.0\">\n<dict>\n");
    out.push_str("\t<key>NSPrivacyTracking</key>\n\t<false/>\n");
    out.push_str("\t<key>NSPrivacyTrackingDomains</key>\n\t<array/>\n");
    out.push_str("\t<key>NSPrivacyCollectedDataTypes</key>\n");
    if fields.is_empty() {
        out.push_str("\t<array/>\n");
    } else {
        out.push_str("\t<array>\n");
        data_type(&mut out, OTHER_DIAGNOSTIC, &fields);
        if !location.is_empty() {
            data_type(&mut out, COARSE_LOCATION, &location);
        }
        out.push_str("\t</array>\n");
    }
    out.push_str("</dict>\n</plist>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_purposes_declares_nothing() {
        let m = privacy_manifest(&Catalog::current(), &[]);
        assert!(m.contains("<key>NSPrivacyCollectedDataTypes</key>\n\t<array/>"));
        assert!(m.contains("<key>NSPrivacyTracking</key>\n\t<false/>"));
        assert!(!m.contains("NSPrivacyAccessedAPITypes"));
    }

    #[test]
    fn ip_is_coarse_location_too() {
        let m = privacy_manifest(&Catalog::current(), &[Purpose::Compatibility]);
        assert!(m.contains(OTHER_DIAGNOSTIC));
        assert!(!m.contains(COARSE_LOCATION));
        let m = privacy_manifest(&Catalog::current(), &[Purpose::ServerSelection]);
        assert!(m.contains("<!-- network.ip -->"));
        assert!(m.contains(COARSE_LOCATION));
    }
}
